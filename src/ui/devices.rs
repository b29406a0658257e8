//! Devices tab: a table of paired devices with battery gauges, relative last sync, alarm
//! support and features, plus warnings for low batteries and stale syncs.

use jiff::SignedDuration;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

use super::slot::{self, Placeholder, SlotState};
use super::{format, theme};
use crate::app::{App, Payload, Resource};
use crate::domain::device::{AlarmSupport, BatteryLevel, Device, DeviceKind};

/// Battery at or below this percentage gets a warning.
pub const LOW_BATTERY_PERCENT: u8 = 20;
/// A device not synced for longer than this gets a warning.
pub const STALE_SYNC: SignedDuration = SignedDuration::from_hours(24);

pub struct DevicesView<'a> {
    pub app: &'a App,
}

impl Widget for DevicesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = slot::state(self.app, Resource::Devices);
        let block = slot::block("Devices", self.app, &state);
        let inner = block.inner(area);
        block.render(area, buf);
        match state {
            SlotState::Ready {
                payload: Payload::Devices(devices),
                ..
            } if !devices.is_empty() => render_devices(self.app, devices, inner, buf),
            SlotState::Ready { .. } => Placeholder::message(vec![
                Line::styled("No devices", theme::title()),
                Line::raw(""),
                Line::raw("No tracker, watch or scale is paired with this account."),
            ])
            .render(inner, buf),
            other => Placeholder::for_app(self.app, &other, "device data").render(inner, buf),
        }
    }
}

/// `Tracker`, `Scale`, ...
pub fn kind_label(kind: &DeviceKind) -> &str {
    match kind {
        DeviceKind::Tracker => "Tracker",
        DeviceKind::Scale => "Scale",
        DeviceKind::Other(s) => s,
    }
}

fn battery_is_low(d: &Device) -> bool {
    d.battery_percent.is_some_and(|p| p <= LOW_BATTERY_PERCENT)
        || matches!(d.battery, Some(BatteryLevel::Low | BatteryLevel::Empty))
}

fn battery_cell(d: &Device, width: usize) -> Line<'static> {
    let color = if battery_is_low(d) {
        Color::Red
    } else if matches!(d.battery, Some(BatteryLevel::Medium)) {
        Color::Yellow
    } else {
        Color::Green
    };
    let level = d.battery.as_ref().map(|b| b.label().to_string());
    match d.battery_percent {
        Some(pct) => {
            // "█…█ 100% Medium": bar, 5 for the percentage, 7 for the level.
            let bar_width = width.saturating_sub(12).clamp(3, 10);
            let filled = (usize::from(pct.min(100)) * bar_width).div_ceil(100);
            let mut spans = vec![
                Span::styled("█".repeat(filled), Style::new().fg(color)),
                Span::styled("░".repeat(bar_width - filled), theme::dim()),
                Span::raw(format!(" {pct:>3}%")),
            ];
            if let Some(level) = level {
                spans.push(Span::styled(format!(" {level}"), theme::dim()));
            }
            Line::from(spans)
        }
        None => Line::styled(level.unwrap_or_else(|| "—".into()), Style::new().fg(color)),
    }
}

fn alarms_label(support: AlarmSupport) -> &'static str {
    match support {
        AlarmSupport::Editable => "editable",
        AlarmSupport::DeviceOnly => "on device",
        AlarmSupport::None => "—",
    }
}

fn render_devices(app: &App, devices: &[Device], area: Rect, buf: &mut Buffer) {
    let warnings = warnings(app, devices);
    let [table_area, warn_area] = Layout::vertical([
        Constraint::Length(devices.len() as u16 + 2),
        Constraint::Fill(1),
    ])
    .areas(area);
    let wide = area.width >= 100;
    let battery_width = if wide { 24 } else { 17 };
    let header = Row::new([
        "Device",
        "Type",
        "Battery",
        "Last sync",
        "Alarms",
        "Features",
    ])
    .style(theme::title());
    let rows = devices.iter().map(|d| {
        let sync = match d.last_sync {
            Some(at) if wide => format!(
                "{} ({})",
                format::ago(app.now(), at),
                format::clock_time(at, app.tz(), app.twelve_hour())
            ),
            Some(at) => format::ago(app.now(), at),
            None => "unknown".into(),
        };
        let sync_style = if d
            .last_sync
            .is_some_and(|at| app.now().duration_since(at) > STALE_SYNC)
        {
            theme::warning()
        } else {
            Style::new()
        };
        let features = if d.features.is_empty() {
            "—".to_string()
        } else {
            d.features.join(", ").to_lowercase().replace('_', " ")
        };
        Row::new(vec![
            Cell::from(d.model.clone()).style(theme::value()),
            Cell::from(kind_label(&d.kind).to_string()),
            Cell::from(battery_cell(d, battery_width)),
            Cell::from(sync).style(sync_style),
            Cell::from(alarms_label(d.alarms)),
            Cell::from(features).style(theme::dim()),
        ])
    });
    let widths = [
        Constraint::Length(14),
        Constraint::Length(8),
        Constraint::Length(battery_width as u16),
        Constraint::Length(if wide { 22 } else { 13 }),
        Constraint::Length(9),
        Constraint::Fill(1),
    ];
    Table::new(rows, widths)
        .header(header.bottom_margin(1))
        .column_spacing(1)
        .render(
            Rect {
                x: table_area.x + 1,
                width: table_area.width.saturating_sub(1),
                ..table_area
            },
            buf,
        );
    if !warnings.is_empty() {
        let lines: Vec<Line> = warnings
            .into_iter()
            .map(|w| Line::styled(format!(" ⚠ {w}"), theme::warning()))
            .collect();
        Paragraph::new(lines).render(warn_area, buf);
    }
}

/// Low battery and stale-sync warnings, one line per problem.
pub fn warnings(app: &App, devices: &[Device]) -> Vec<String> {
    let mut out = Vec::new();
    for d in devices {
        if battery_is_low(d) {
            let pct = d
                .battery_percent
                .map(|p| format!(" ({p}%)"))
                .unwrap_or_default();
            out.push(format!("{}: battery low{pct} — charge it soon", d.model));
        }
        if let Some(at) = d.last_sync
            && app.now().duration_since(at) > STALE_SYNC
        {
            out.push(format!(
                "{}: last synced {} — open the phone app to sync it",
                d.model,
                format::ago(app.now(), at)
            ));
        }
    }
    out
}
