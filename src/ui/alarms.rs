//! Alarms tab: each tracker's silent alarms, or — for a source without an alarm API — an
//! explanation naming the paired devices that have alarms.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::format::truncate;
use super::slot::{self, Placeholder, SlotState};
use super::theme;
use crate::app::{AlarmOp, App, Payload, Resource, alarm_rows};
use crate::domain::alarm::{Alarm, MAX_ALARMS_PER_TRACKER, TrackerAlarms};
use crate::domain::device::{AlarmSupport, Device};

pub struct AlarmsView<'a> {
    pub app: &'a App,
}

impl Widget for AlarmsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let editable = app.shell().alarms_editable();
        let resource = if editable || app.session().source.is_none() {
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
            other => Placeholder::for_app(app, &other, "alarms").render(inner, buf),
        }
    }
}

/// One alarm as a table row `width` columns wide; `marker` flags the selected row, `pending`
/// an operation in flight. The label, last, is cut to the room left and ends with `…` when cut
/// (by display width, so emoji and CJK labels keep the row inside its width).
pub fn alarm_row(
    alarm: &Alarm,
    twelve_hour: bool,
    selected: bool,
    pending: Option<AlarmOp>,
    width: u16,
) -> Line<'static> {
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
    let (sync, sync_style) = match pending {
        Some(AlarmOp::Delete) => ("deleting…", theme::warning()),
        Some(AlarmOp::Save | AlarmOp::Toggle) => ("saving…", theme::warning()),
        None if alarm.synced => ("synced", theme::dim()),
        None => ("pending sync", theme::warning()),
    };
    let time_style = if alarm.enabled {
        theme::value()
    } else {
        theme::dim()
    };
    let marker = if selected { "▶" } else { " " };
    let mut line = Line::from(vec![
        Span::styled(format!(" {marker}"), theme::key()),
        Span::styled(
            format!(" {:>8}  ", alarm.time.display(twelve_hour)),
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
    ]);
    if let Some(label) = &alarm.label {
        let room = usize::from(width).saturating_sub(line.width() + 1);
        line.push_span(Span::raw(format!(" {}", truncate(label, room))));
    }
    if selected {
        line = line.style(theme::selected());
    }
    line
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
    let rows = alarm_rows(trackers);
    let selected = app.alarms().selected().min(rows.len().saturating_sub(1));
    let mut index = 0;
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
        if let Some(op) = app.pending_op(&device.id, None) {
            let text = if op.op == AlarmOp::Delete {
                "deleting…"
            } else {
                "saving a new alarm…"
            };
            lines.push(Line::styled(format!("    {text}"), theme::warning()));
        }
        if visible.is_empty() {
            let marker = if index == selected { "▶" } else { " " };
            lines.push(Line::from(vec![
                Span::styled(format!(" {marker}"), theme::key()),
                Span::styled(" No alarms set — press a to add one.", theme::dim()),
            ]));
            index += 1;
        }
        for alarm in visible {
            let pending = app.pending_op(&device.id, Some(alarm.id)).map(|op| op.op);
            lines.push(alarm_row(
                alarm,
                app.twelve_hour(),
                index == selected,
                pending,
                area.width,
            ));
            index += 1;
        }
        lines.push(Line::raw(""));
    }
    let [list_area, hint_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    Paragraph::new(lines).render(list_area, buf);
    if !rows.is_empty() {
        let mut hint = vec![Span::raw(" ")];
        for (key, what) in [
            ("a", " add  "),
            ("e", " edit  "),
            ("Space", " on/off  "),
            ("d", " delete  "),
            ("↑↓", " select"),
        ] {
            hint.push(Span::styled(key, theme::key()));
            hint.push(Span::styled(what, theme::dim()));
        }
        Paragraph::new(Line::from(hint)).render(hint_area, buf);
    }
}

fn render_no_alarm_api(app: &App, devices: &[Device], area: Rect, buf: &mut Buffer) {
    let provider = app
        .session()
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
