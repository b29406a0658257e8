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

/// The battery column: a bar `bar_width` cells wide, the percentage and (with `show_level`)
/// the level word.
fn battery_cell(d: &Device, bar_width: usize, show_level: bool) -> Line<'static> {
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
            let filled = (usize::from(pct.min(100)) * bar_width).div_ceil(100);
            let mut spans = vec![
                Span::styled("█".repeat(filled), Style::new().fg(color)),
                Span::styled("░".repeat(bar_width - filled), theme::dim()),
                Span::raw(format!(" {pct:>3}%")),
            ];
            if let Some(level) = level.filter(|_| show_level) {
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

/// Column widths of the device table for an area `width` cells wide: (battery column, its
/// bar, whether the level word shows, last-sync column).
fn column_plan(width: u16) -> (u16, usize, bool, u16) {
    if width >= 100 {
        (24, 10, true, 22)
    } else if width >= 75 {
        (17, 5, true, 13)
    } else {
        (10, 5, false, 11)
    }
}

fn render_devices(app: &App, devices: &[Device], area: Rect, buf: &mut Buffer) {
    let [table_area, notes_area] = Layout::vertical([
        Constraint::Length(devices.len() as u16 + 2),
        Constraint::Fill(1),
    ])
    .areas(area);
    let wide = area.width >= 100;
    let (battery_width, bar_width, show_level, sync_width) = column_plan(area.width);
    let header =
        Row::new(["Device", "Type", "Battery", "Last sync", "Alarms"]).style(theme::title());
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
        Row::new(vec![
            Cell::from(d.model.clone()).style(theme::value()),
            Cell::from(kind_label(&d.kind).to_string()),
            Cell::from(battery_cell(d, bar_width, show_level)),
            Cell::from(sync).style(sync_style),
            Cell::from(alarms_label(d.alarms)),
        ])
    });
    // The names' own width (the longest, within reason); the room left stays at the right.
    let name_width = devices
        .iter()
        .map(|d| d.model.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(6, 20) as u16
        + 1;
    let widths = [
        Constraint::Length(name_width),
        Constraint::Length(8),
        Constraint::Length(battery_width),
        Constraint::Length(sync_width),
        Constraint::Length(9),
        Constraint::Fill(1),
    ];
    Table::new(rows, widths)
        .header(header.bottom_margin(1))
        .column_spacing(1)
        .render(
            Rect {
                x: table_area.x + 1,
                width: table_area.width.saturating_sub(2),
                ..table_area
            },
            buf,
        );
    render_notes(app, devices, notes_area, buf);
}

/// Warnings, then each device's features, wrapped at word boundaries (never cut off).
fn render_notes(app: &App, devices: &[Device], notes_area: Rect, buf: &mut Buffer) {
    let width = usize::from(notes_area.width.saturating_sub(1));
    let mut lines: Vec<Line> = Vec::new();
    for w in warnings(app, devices) {
        for text in wrap_words(&w, " ⚠ ", "   ", width) {
            lines.push(Line::styled(text, theme::warning()));
        }
    }
    let with_features: Vec<&Device> = devices.iter().filter(|d| !d.features.is_empty()).collect();
    if !with_features.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(" Features", theme::title()));
        let name_w = with_features
            .iter()
            .map(|d| d.model.chars().count())
            .max()
            .unwrap_or(0)
            .min(width / 3);
        for d in with_features {
            let features = d
                .features
                .iter()
                .map(|f| f.to_lowercase().replace('_', " "))
                .collect::<Vec<_>>()
                .join(", ");
            let name: String = d.model.chars().take(name_w).collect();
            let first = format!(" {name:<name_w$}  ");
            let rest = " ".repeat(first.chars().count());
            for (i, text) in wrap_words(&features, &first, &rest, width)
                .into_iter()
                .enumerate()
            {
                let split = if i == 0 { first.len() } else { rest.len() };
                let (head, tail) = text.split_at(split.min(text.len()));
                lines.push(Line::from(vec![
                    Span::styled(head.to_string(), theme::value()),
                    Span::styled(tail.to_string(), theme::dim()),
                ]));
            }
        }
    }
    Paragraph::new(lines).render(notes_area, buf);
}

/// `text` wrapped at spaces into lines of at most `width` characters, the first starting with
/// `first`, the others with `rest`; a word longer than a line keeps its own line.
fn wrap_words(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let line_w = line.chars().count();
        let word_w = word.chars().count();
        let needed = if empty { word_w } else { word_w + 1 };
        if !empty && line_w + needed > width {
            out.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push(line);
    out
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
