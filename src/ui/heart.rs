//! Heart tab: the day's heart rate chart coloured by zone, resting HR and HRV with their
//! 30-day trends, time in zones, and the day's ECG readings with the selected waveform.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Widget};

use super::slot::{self, Placeholder, SlotState};
use super::widgets::heart_chart::HeartChart;
use super::widgets::trend;
use super::{format, theme};
use crate::api::ProviderKind;
use crate::app::{App, Payload, Resource};
use crate::domain::ecg::{EcgClassification, EcgReading};
use crate::domain::heart::{HeartDay, HeartZone};
use crate::domain::units::format_minutes;

pub struct HeartView<'a> {
    pub app: &'a App,
}

impl Widget for HeartView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let state = slot::state(app, Resource::Heart(app.selected()));
        let block = slot::block("Heart", app, &state);
        let inner = block.inner(area);
        block.render(area, buf);
        match state {
            SlotState::Ready {
                payload: Payload::Heart(day),
                ..
            } if !day.is_empty() => render_day(app, day, inner, buf),
            other => Placeholder::for_app(app, &other, "heart data").render(inner, buf),
        }
    }
}

fn summary_line(day: &HeartDay) -> Line<'static> {
    let mut spans = vec![Span::styled(" Resting ", theme::dim())];
    match day.resting_bpm {
        Some(bpm) => spans.push(Span::styled(format!("{bpm} bpm"), theme::value())),
        None => spans.push(Span::styled("—", theme::dim())),
    }
    let spark = trend::sparkline(&day.resting_trend);
    if !spark.is_empty() {
        spans.push(Span::styled(
            format!("  30d {spark}"),
            Style::new().fg(theme::ACCENT),
        ));
        if let Some((lo, hi)) = trend::range(&day.resting_trend) {
            spans.push(Span::styled(format!(" {lo:.0}–{hi:.0}"), theme::dim()));
        }
    }
    spans.push(Span::styled("   HRV ", theme::dim()));
    match day.hrv {
        Some(h) => spans.push(Span::styled(
            format!("{:.0} ms", h.daily_rmssd_ms),
            theme::value(),
        )),
        None => spans.push(Span::styled("—", theme::dim())),
    }
    let spark = trend::sparkline(&day.hrv_trend);
    if !spark.is_empty() {
        spans.push(Span::styled(
            format!("  30d {spark}"),
            Style::new().fg(theme::ACCENT),
        ));
    }
    Line::from(spans)
}

fn render_day(app: &App, day: &HeartDay, area: Rect, buf: &mut Buffer) {
    let bottom_h = if area.height >= 30 { 11 } else { 6 };
    let [summary, chart_area, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(bottom_h),
    ])
    .areas(area);
    Paragraph::new(vec![summary_line(day)]).render(summary, buf);
    if day.intraday.is_empty() {
        Placeholder::message(vec![Line::styled(
            "No heart-rate readings on this day",
            theme::dim(),
        )])
        .render(chart_area, buf);
    } else {
        let range = day.intraday.stat().map_or_else(String::new, |s| {
            format!(
                " {}–{} bpm · {} readings ",
                s.min,
                s.max,
                day.intraday.resolution.label()
            )
        });
        let chart_block = Block::new()
            .borders(Borders::TOP)
            .border_style(theme::border())
            .title(Line::styled(" Heart rate ", theme::title()))
            .title(Line::styled(range, theme::dim()).right_aligned());
        let chart_inner = chart_block.inner(chart_area);
        chart_block.render(chart_area, buf);
        HeartChart {
            series: &day.intraday,
            zones: day.zones,
            date: day.date,
            tz: app.tz(),
            twelve_hour: app.twelve_hour(),
        }
        .render(chart_inner, buf);
    }
    let [zones_area, ecg_area] =
        Layout::horizontal([Constraint::Length(40), Constraint::Fill(1)]).areas(bottom);
    render_zones(app, day, zones_area, buf);
    render_ecg(app, day, ecg_area, buf);
}

/// Zone names as each provider calls them (Google's lowest zone, LIGHT, is a zone of its own;
/// Fitbit's is everything below fat burn).
pub fn zone_label(zone: HeartZone, kind: Option<ProviderKind>) -> &'static str {
    match (kind, zone) {
        (Some(ProviderKind::Google), HeartZone::Below) => "Light",
        (Some(ProviderKind::Google), HeartZone::FatBurn) => "Moderate",
        (Some(ProviderKind::Google), HeartZone::Cardio) => "Vigorous",
        (Some(ProviderKind::Fitbit), HeartZone::Below) => "Out of range",
        _ => zone.label(),
    }
}

fn render_zones(app: &App, day: &HeartDay, area: Rect, buf: &mut Buffer) {
    let kind = app.session().source.as_ref().map(|s| s.kind);
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme::border())
        .title(Line::styled(" Time in zones ", theme::title()));
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines = Vec::new();
    for zone in HeartZone::ALL.iter().rev() {
        let minutes = day.time_in_zones.map(|t| t.get(*zone));
        let threshold = day.zones.map(|z| match zone {
            HeartZone::Below => format!("< {}", z.fat_burn),
            HeartZone::FatBurn => format!("{}–{}", z.fat_burn, z.cardio - 1),
            HeartZone::Cardio => format!("{}–{}", z.cardio, z.peak - 1),
            HeartZone::Peak => format!("≥ {}", z.peak),
        });
        lines.push(Line::from(vec![
            Span::styled(" ■ ", Style::new().fg(theme::zone(*zone))),
            Span::raw(format!("{:<12}", zone_label(*zone, kind))),
            Span::styled(
                format!("{:>8}", minutes.map_or("—".into(), format_minutes)),
                theme::value(),
            ),
            Span::styled(format!("  {}", threshold.unwrap_or_default()), theme::dim()),
        ]));
    }
    Paragraph::new(lines).render(inner, buf);
}

fn classification_style(c: &EcgClassification) -> Style {
    match c {
        EcgClassification::NormalSinusRhythm => Style::new().fg(ratatui::style::Color::Green),
        EcgClassification::AtrialFibrillation => theme::error(),
        _ => theme::warning(),
    }
}

fn render_ecg(app: &App, day: &HeartDay, area: Rect, buf: &mut Buffer) {
    let block = Block::new()
        .borders(Borders::TOP | Borders::LEFT)
        .border_style(theme::border())
        .title(Line::styled(" ECG ", theme::title()));
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(readings) = &day.ecg else {
        Paragraph::new(Line::styled(
            " ECG readings are not available from this source.",
            theme::dim(),
        ))
        .render(inner, buf);
        return;
    };
    if readings.is_empty() {
        Paragraph::new(Line::styled(" No ECG readings on this day.", theme::dim()))
            .render(inner, buf);
        return;
    }
    let selected = app.heart().ecg_selected().min(readings.len() - 1);
    let list_h = (readings.len() as u16).min(inner.height.saturating_sub(1).max(1));
    let [list_area, wave_area] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Fill(1)]).areas(inner);
    let lines: Vec<Line> = readings
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let marker = if i == selected { "▶" } else { " " };
            Line::from(vec![
                Span::styled(format!("{marker} "), theme::key()),
                Span::raw(format::clock_time(r.start, app.tz(), app.twelve_hour())),
                Span::raw("  "),
                Span::styled(
                    r.classification.label().to_string(),
                    classification_style(&r.classification),
                ),
                Span::styled(
                    r.average_hr
                        .map_or(String::new(), |hr| format!("  {hr} bpm")),
                    theme::dim(),
                ),
            ])
        })
        .collect();
    Paragraph::new(lines).render(list_area, buf);
    if wave_area.height >= 3 {
        render_waveform(&readings[selected], wave_area, buf);
    } else if readings.len() > 1 {
        Paragraph::new(Line::styled(" ↑/↓ selects a reading", theme::dim())).render(wave_area, buf);
    }
}

/// The waveform, reduced to two points (min and max) per braille column.
fn render_waveform(reading: &EcgReading, area: Rect, buf: &mut Buffer) {
    let mv: Vec<f64> = reading.millivolts().collect();
    if mv.is_empty() || area.width < 4 {
        return;
    }
    let columns = usize::from(area.width) * 2;
    let per = mv.len().div_ceil(columns).max(1);
    let secs_per_sample = if reading.sampling_hz > 0.0 {
        1.0 / reading.sampling_hz
    } else {
        0.004
    };
    let mut points = Vec::with_capacity(columns * 2);
    for (i, chunk) in mv.chunks(per).enumerate() {
        let t = (i * per) as f64 * secs_per_sample;
        let lo = chunk.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = chunk.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        points.push((t, lo));
        points.push((t, hi));
    }
    let (lo, hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    let duration = reading.duration_secs().max(1.0);
    Chart::new(vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::new().fg(ratatui::style::Color::Green))
            .data(&points),
    ])
    .x_axis(Axis::default().bounds([0.0, duration]))
    .y_axis(Axis::default().bounds([lo, hi.max(lo + 0.1)]))
    .render(area, buf);
}
