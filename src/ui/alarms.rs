//! Alarms tab: each tracker's silent alarms, or — for a source without an alarm API — an
//! explanation naming the paired devices that have alarms.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::slot::{self, Placeholder, SlotState};
use super::theme;
use crate::app::{App, Payload, Resource};
use crate::domain::alarm::{Alarm, MAX_ALARMS_PER_TRACKER, TrackerAlarms};
use crate::domain::device::{AlarmSupport, Device};
use crate::provider::AlarmAccess;

pub struct AlarmsView<'a> {
    pub app: &'a App,
}

impl Widget for AlarmsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let editable = app
            .session
            .source
            .as_ref()
            .is_some_and(|s| s.capabilities.alarms == AlarmAccess::ReadWrite);
        let resource = if editable || app.session.source.is_none() {
            Resource::Alarms
        } else {
            Resource::Devices
        };
        let state = slot::state(app, resource);
        let block = slot::block("Alarms", app, &state);
        let inner = block.inner(area);
        block.render(area, buf);
        match state {
            SlotState::Ready {
                payload: Payload::Alarms(trackers),
                ..
            } => render_trackers(app, trackers, inner, buf),
            SlotState::Ready {
                payload: Payload::Devices(devices),
                ..
            } => render_no_alarm_api(app, devices, inner, buf),
            other => Placeholder::for_state(&other, "alarms").render(inner, buf),
        }
    }
}

/// One alarm as a table row.
pub fn alarm_row(alarm: &Alarm, twelve_hour: bool) -> Line<'static> {
    let days = if alarm.recurring {
        alarm.weekdays.summary()
    } else {
        "once".to_string()
    };
    let (state, state_style) = if alarm.enabled {
        ("on ", theme::value())
    } else {
        ("off", theme::dim())
    };
    let (sync, sync_style) = if alarm.synced {
        ("synced", theme::dim())
    } else {
        ("pending sync", theme::warning())
    };
    let time_style = if alarm.enabled {
        theme::value()
    } else {
        theme::dim()
    };
    Line::from(vec![
        Span::styled(
            format!("  {:>8}  ", alarm.time.display(twelve_hour)),
            time_style,
        ),
        Span::styled(state, state_style),
        Span::raw(format!("  {days:<18}")),
        Span::styled(
            format!(
                " snooze {:>2} min × {:<2} ",
                alarm.snooze_length_min, alarm.snooze_count
            ),
            theme::dim(),
        ),
        Span::styled(format!(" {sync:<12}"), sync_style),
        Span::raw(format!(" {}", alarm.label.clone().unwrap_or_default())),
    ])
}

fn render_trackers(app: &App, trackers: &[TrackerAlarms], area: Rect, buf: &mut Buffer) {
    if trackers.is_empty() {
        Placeholder::message(vec![
            Line::styled("No trackers", theme::title()),
            Line::raw(""),
            Line::raw("No tracker is paired with this account, so there are no alarms to show."),
        ])
        .render(area, buf);
        return;
    }
    let mut lines = Vec::new();
    for tracker in trackers {
        let device = &tracker.device;
        if device.alarms != AlarmSupport::Editable {
            lines.push(Line::from(vec![
                Span::styled(format!(" {}", device.model), theme::title()),
                Span::styled(
                    " — no alarm access: this device keeps its alarms on the device itself",
                    theme::dim(),
                ),
            ]));
            lines.push(Line::raw(""));
            continue;
        }
        let visible = tracker.visible();
        lines.push(Line::from(vec![
            Span::styled(format!(" {}", device.model), theme::title()),
            Span::styled(
                format!("  {} of {MAX_ALARMS_PER_TRACKER} alarms", visible.len()),
                theme::dim(),
            ),
        ]));
        if visible.is_empty() {
            lines.push(Line::styled("   No alarms set.", theme::dim()));
        }
        for alarm in visible {
            lines.push(alarm_row(alarm, app.twelve_hour()));
        }
        lines.push(Line::raw(""));
    }
    Paragraph::new(lines).render(area, buf);
}

fn render_no_alarm_api(app: &App, devices: &[Device], area: Rect, buf: &mut Buffer) {
    let provider = app
        .session
        .source
        .as_ref()
        .map_or_else(|| "this data source".to_string(), |s| s.kind.to_string());
    let with_alarms: Vec<&str> = devices
        .iter()
        .filter(|d| d.alarms == AlarmSupport::DeviceOnly)
        .map(|d| d.model.as_str())
        .collect();
    let mut lines = vec![
        Line::styled("Alarms can't be read or changed here", theme::title()),
        Line::raw(""),
        Line::raw(format!(
            "The {provider} provider (Google Health API) has no alarm access: it offers no way \
             to read or edit tracker alarms. Only the legacy Fitbit Web API had one, and it was \
             shut down in November 2026."
        )),
        Line::raw(""),
    ];
    if with_alarms.is_empty() {
        lines.push(Line::raw(
            "None of your paired devices advertises silent alarms.",
        ));
    } else {
        lines.push(Line::from(vec![
            Span::raw("Paired devices with silent alarms: "),
            Span::styled(with_alarms.join(", "), theme::value()),
            Span::raw("."),
        ]));
        lines.push(Line::raw(
            "Set their alarms on the device or in the Fitbit / Google Health phone app.",
        ));
    }
    let rect = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(1),
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .style(Style::new())
        .render(rect, buf);
}
