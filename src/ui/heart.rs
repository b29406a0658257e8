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
use crate::app::tabs::heart::{self as heart_layout, ecg_window};
use crate::app::{App, Payload, Resource};
use crate::domain::ecg::{EcgClassification, EcgReading};
use crate::domain::heart::{HeartDay, HeartZone, ZoneThresholds};
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

/// The days of trend that fit after a `used`-cell head and a `range_w`-cell range in `width`.
fn trend_days(len: usize, used: usize, range_w: usize, width: u16) -> usize {
    // "  30d " before the sparkline, a cell of margin after the range.
    len.min(usize::from(width).saturating_sub(used + 6 + range_w + 1))
}

fn range_text<T: Copy + Into<f64>>(trend: &[crate::domain::DailyValue<T>], unit: &str) -> String {
    trend::range(trend).map_or_else(String::new, |(lo, hi)| format!(" {lo:.0}–{hi:.0} {unit}"))
}

/// ` Resting 58 bpm  30d ▁▂▃… 54–59 bpm`: today's value, then the last `days` days' values
/// (the label says how many) and their range; no trend when fewer than a week fit.
fn trend_line<T: Copy + Into<f64>>(
    label: &str,
    value: Option<String>,
    trend: &[crate::domain::DailyValue<T>],
    unit: &str,
    days: usize,
) -> Line<'static> {
    let mut spans = vec![
        Span::styled(format!(" {label:<8}"), theme::dim()),
        match value {
            Some(v) => Span::styled(format!("{v:<7}"), theme::value()),
            None => Span::styled(format!("{:<7}", "—"), theme::dim()),
        },
    ];
    let days = days.min(trend.len());
    if days >= 7 {
        let shown = &trend[trend.len() - days..];
        let spark = trend::sparkline(shown);
        if !spark.is_empty() {
            spans.push(Span::styled(
                format!("  {days}d {spark}"),
                Style::new().fg(theme::ACCENT),
            ));
            spans.push(Span::styled(range_text(shown, unit), theme::dim()));
        }
    }
    Line::from(spans)
}

/// Resting heart rate and HRV, each on its own line with as many days of trend as fit both.
fn summary_lines(day: &HeartDay, width: u16) -> Vec<Line<'static>> {
    // " Resting " and a 7-cell value.
    let head = 9 + 7;
    let days = trend_days(
        day.resting_trend.len(),
        head,
        range_text(&day.resting_trend, "bpm").chars().count(),
        width,
    )
    .min(trend_days(
        day.hrv_trend.len(),
        head,
        range_text(&day.hrv_trend, "ms").chars().count(),
        width,
    ));
    let hrv_line = |days| {
        trend_line(
            "HRV",
            day.hrv.map(|h| format!("{:.0} ms", h.daily_rmssd_ms)),
            &day.hrv_trend,
            "ms",
            days,
        )
    };
    let mut hrv = hrv_line(days);
    // An export's VO₂ max ends the HRV line; both trends give up days for it if they must.
    let mut days = days;
    if let Some(v) = day.vo2_max {
        let text = format!("   VO₂ max {v:.1} ml/kg/min");
        let room = usize::from(width).saturating_sub(text.chars().count());
        while hrv.width() > room && days > 0 {
            days = days.saturating_sub(hrv.width() - room).min(days - 1);
            hrv = hrv_line(days);
        }
        if hrv.width() <= room {
            hrv.spans.push(Span::styled(text, theme::dim()));
        }
    }
    vec![
        trend_line(
            "Resting",
            day.resting_bpm.map(|bpm| format!("{bpm} bpm")),
            &day.resting_trend,
            "bpm",
            days,
        ),
        hrv,
    ]
}

fn render_day(app: &App, day: &HeartDay, area: Rect, buf: &mut Buffer) {
    // The bottom row holds the zones and the ECG list with a few rows of waveform.
    let bottom_h = heart_layout::bottom_height(area.height);
    let [summary, chart_area, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(bottom_h),
    ])
    .areas(area);
    Paragraph::new(summary_lines(day, summary.width)).render(summary, buf);
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
    // Narrow screens leave the zones' bpm ranges out so the ECG keeps its room.
    let zones_w = heart_layout::zones_width(area.width);
    let with_ranges = zones_w >= 40;
    let [zones_area, ecg_area] =
        Layout::horizontal([Constraint::Length(zones_w), Constraint::Fill(1)]).areas(bottom);
    render_zones(app, day, with_ranges, zones_area, buf);
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

/// The bpm range of `zone`, with its unit.
fn zone_range(zone: HeartZone, z: ZoneThresholds) -> String {
    match zone {
        // Google bounds its LIGHT zone (the API's `minBeatsPerMinute`); the legacy API's "out
        // of range" is open below.
        HeartZone::Below => match z.light {
            Some(floor) if floor < z.fat_burn => {
                format!("{floor}–{} bpm", z.fat_burn.saturating_sub(1))
            }
            _ => format!("< {} bpm", z.fat_burn),
        },
        HeartZone::FatBurn => format!("{}–{} bpm", z.fat_burn, z.cardio.saturating_sub(1)),
        HeartZone::Cardio => format!("{}–{} bpm", z.cardio, z.peak.saturating_sub(1)),
        HeartZone::Peak => format!("≥ {} bpm", z.peak),
    }
}

fn render_zones(app: &App, day: &HeartDay, with_ranges: bool, area: Rect, buf: &mut Buffer) {
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
        let mut spans = vec![
            Span::styled(" ■ ", Style::new().fg(theme::zone(*zone))),
            Span::raw(format!("{:<12}", zone_label(*zone, kind))),
            Span::styled(
                format!("{:>8}", minutes.map_or("—".into(), format_minutes)),
                theme::value(),
            ),
        ];
        if with_ranges && let Some(z) = day.zones {
            spans.push(Span::styled(
                format!("  {}", zone_range(*zone, z)),
                theme::dim(),
            ));
        }
        lines.push(Line::from(spans));
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
    let mut block = Block::new()
        .borders(Borders::TOP | Borders::LEFT)
        .border_style(theme::border())
        .title(Line::styled(" ECG ", theme::title()));
    if day.ecg.as_ref().is_some_and(|r| !r.is_empty()) && area.width >= 30 {
        block = block.title(Line::styled(" [ ] earlier/later ", theme::dim()).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(readings) = &day.ecg else {
        Paragraph::new(Line::styled(
            " ECG readings are not available from this source.",
            theme::dim(),
        ))
        .wrap(ratatui::widgets::Wrap { trim: false })
        .render(inner, buf);
        return;
    };
    if readings.is_empty() {
        Paragraph::new(Line::styled(" No ECG readings on this day.", theme::dim()))
            .wrap(ratatui::widgets::Wrap { trim: false })
            .render(inner, buf);
        return;
    }
    // A cell of margin on the right, off the tab's border.
    let inner = Rect {
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let selected = app.heart().ecg_selected().min(readings.len() - 1);
    let list_h = heart_layout::ecg_list_height(readings.len(), inner.height);
    let [list_area, wave_area] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Fill(1)]).areas(inner);
    // Keep the selected reading in view when the list is longer than its room.
    let first = heart_layout::ecg_first_shown(selected, list_h);
    let lines: Vec<Line> = readings
        .iter()
        .enumerate()
        .skip(first)
        .map(|(i, r)| {
            let marker = if i == selected { "▶" } else { " " };
            let mut chips = vec![
                vec![
                    Span::styled(format!("{marker} "), theme::key()),
                    Span::raw(format::clock_time(r.start, app.tz(), app.twelve_hour())),
                ],
                vec![Span::styled(
                    r.classification.label().to_string(),
                    classification_style(&r.classification),
                )],
            ];
            if let Some(hr) = r.average_hr {
                chips.push(vec![Span::styled(format!("{hr} bpm"), theme::dim())]);
            }
            format::flow(chips, list_area.width, 1, "  ")
                .into_iter()
                .next()
                .unwrap_or_default()
        })
        .collect();
    Paragraph::new(lines).render(list_area, buf);
    if wave_area.height >= 3 {
        render_waveform(&readings[selected], app.heart().ecg_steps(), wave_area, buf);
    } else if readings.len() > 1 {
        Paragraph::new(Line::styled(" ↑/↓ selects a reading", theme::dim())).render(wave_area, buf);
    }
}

/// Width of the millivolt labels left of the waveform.
const MV_AXIS_W: u16 = 5;

/// A few seconds of the waveform ([`crate::app::tabs::heart::ECG_WINDOW_SECS`], moved with `[` / `]`), reduced to two
/// points (min and max) per braille column, with the millivolt range on the left and, under
/// it, the seconds shown and where they are in the whole recording.
fn render_waveform(reading: &EcgReading, steps: u16, area: Rect, buf: &mut Buffer) {
    if area.width < MV_AXIS_W + 8 || area.height < 3 {
        return;
    }
    let mv: Vec<f64> = reading.millivolts().collect();
    let hz = if reading.sampling_hz > 0.0 && reading.sampling_hz.is_finite() {
        reading.sampling_hz
    } else {
        250.0
    };
    let duration = mv.len() as f64 / hz;
    let (t0, t1) = ecg_window(duration, steps);
    let from = ((t0 * hz).floor() as usize).min(mv.len());
    let to = ((t1 * hz).ceil() as usize).clamp(from, mv.len());
    if from >= to {
        return;
    }
    // A 20 ms moving average takes the sample noise out of the trace (a noisy recording is
    // otherwise a solid band); the QRS spikes, ~30 ms wide, keep their shape.
    let half = ((hz * 0.01).round() as usize).max(1) / 2 + 1;
    let window: Vec<f64> = (from..to)
        .map(|i| {
            let a = i.saturating_sub(half - 1);
            let b = (i + half).min(mv.len());
            mv[a..b].iter().sum::<f64>() / (b - a) as f64
        })
        .collect();
    let plot = Rect {
        x: area.x + MV_AXIS_W,
        y: area.y,
        width: area.width - MV_AXIS_W,
        height: area.height - 1,
    };
    let columns = usize::from(plot.width) * 2;
    let per = window.len().div_ceil(columns).max(1);
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(columns * 2);
    for (i, chunk) in window.chunks(per).enumerate() {
        let t = t0 + (i * per) as f64 / hz;
        let lo = chunk.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = chunk.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        // Enter each column at the end nearer the last point, so the joining lines stay short.
        let last = points.last().map_or(lo, |p| p.1);
        if (last - hi).abs() < (last - lo).abs() {
            points.push((t, hi));
            points.push((t, lo));
        } else {
            points.push((t, lo));
            points.push((t, hi));
        }
    }
    // The whole recording's range, so scrolling does not rescale the trace.
    let (lo, hi) = mv
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return;
    }
    let hi = hi.max(lo + 0.1);
    Chart::new(vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::new().fg(ratatui::style::Color::Green))
            .data(&points),
    ])
    .x_axis(Axis::default().bounds([t0, t1.max(t0 + 0.1)]))
    .y_axis(Axis::default().bounds([lo, hi]))
    .render(plot, buf);
    draw_ecg_axes(area, plot, (lo, hi), (t0, t1), duration, buf);
}

/// The waveform's axes around `plot`: millivolts on the left, seconds under it.
fn draw_ecg_axes(
    area: Rect,
    plot: Rect,
    (lo, hi): (f64, f64),
    (t0, t1): (f64, f64),
    duration: f64,
    buf: &mut Buffer,
) {
    // Millivolts: top and bottom of the range, the unit between.
    buf.set_string(area.x, plot.y, format!("{hi:>4.1}"), theme::dim());
    buf.set_string(
        area.x,
        plot.bottom() - 1,
        format!("{lo:>4.1}"),
        theme::dim(),
    );
    if plot.height >= 3 {
        buf.set_string(area.x, plot.y + plot.height / 2, "  mV", theme::dim());
    }
    // Seconds: `10–15 s of 30` and a bar showing where that is in the recording, or the keys
    // when the bar has no room.
    let axis_y = area.bottom() - 1;
    let label = format!(
        "{}–{} s of {}",
        format::trim_decimal(t0),
        format::trim_decimal(t1),
        format::trim_decimal(duration)
    );
    let label_w = label.chars().count() as u16;
    let track_w = plot.width.saturating_sub(label_w + 1);
    if track_w >= 4 && duration > 0.0 {
        let a = ((t0 / duration) * f64::from(track_w)).floor() as u16;
        let b = (((t1 / duration) * f64::from(track_w)).ceil() as u16).clamp(a + 1, track_w);
        for i in 0..track_w {
            let (symbol, style) = if (a..b).contains(&i) {
                ("━", Style::new().fg(theme::ACCENT))
            } else {
                ("─", theme::border())
            };
            buf[(plot.x + i, axis_y)]
                .set_symbol(symbol)
                .set_style(style);
        }
    }
    buf.set_string(
        plot.right() - label_w.min(plot.width),
        axis_y,
        &label,
        theme::dim(),
    );
}
