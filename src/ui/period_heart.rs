//! The Heart tab zoomed out: a week, month or year of stored days. Resting heart rate as a line
//! over a band of each day's lowest to highest heart rate (a year: each week's mean resting HR
//! and its extremes), HRV as a line (a year: over the week's range), time in the zones above
//! "below zones" stacked per day, the period's ECG readings, and the selected day's values.
//! Days without data are gaps; days not stored yet `·`.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::period::{health_frame, mean, percent_change};
use super::theme;
use super::widgets::bars::axis_top;
use super::widgets::period_chart::{
    ColumnMark, RangeColumn, Scale, range_chart, stacked_chart, x_labels,
};
use crate::app::App;
use crate::app::period::{Period, columns};
use crate::domain::heart::HeartZone;
use crate::domain::units::format_minutes;
use crate::store::{HeartTotals, PeriodHealth};

/// The Heart tab's week, month or year view.
pub struct HeartPeriodView<'a> {
    pub app: &'a App,
}

/// The zones stacked in the chart, bottom first ("below zones" is most of a day and would
/// flatten the rest).
const ZONES: [HeartZone; 3] = [HeartZone::FatBurn, HeartZone::Cardio, HeartZone::Peak];

/// A chart column's days, summed up.
struct Col {
    mark: ColumnMark,
    resting: Option<f64>,
    hrv: Option<f64>,
    /// The lowest and highest heart rate of its days.
    band: Option<(f64, f64)>,
    /// The range of its days' HRV (a year's week).
    hrv_band: Option<(f64, f64)>,
    /// Minutes a day in the fat-burn, cardio and peak zones (a week: the mean of its days).
    zones: Option<[f64; 3]>,
}

fn range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
    })
}

fn cols(app: &App, health: &PeriodHealth) -> Vec<Col> {
    let period = app.period();
    let selected = app.selected();
    let today = app.today();
    columns(period, selected)
        .into_iter()
        .map(|(first, last)| {
            let days: Vec<&HeartTotals> = health
                .heart
                .iter()
                .filter(|d| d.date >= first && d.date <= last)
                .collect();
            let zones: Vec<[f64; 3]> = days
                .iter()
                .filter_map(|d| d.zones)
                .map(|z| ZONES.map(|zone| f64::from(z.get(zone))))
                .collect();
            let hrvs = || days.iter().filter_map(|d| d.hrv);
            Col {
                mark: ColumnMark {
                    first,
                    missing: first <= today && days.iter().all(|d| !d.stored),
                    cursor: (first..=last).contains(&selected),
                },
                resting: mean(days.iter().filter_map(|d| d.resting)),
                hrv: mean(hrvs()),
                band: range(
                    days.iter()
                        .flat_map(|d| [d.min_bpm, d.max_bpm])
                        .flatten()
                        .map(f64::from),
                ),
                hrv_band: if period == Period::Year {
                    range(hrvs())
                } else {
                    None
                },
                zones: (!zones.is_empty()).then(|| {
                    let n = zones.len() as f64;
                    [0, 1, 2].map(|i| zones.iter().map(|z| z[i]).sum::<f64>() / n)
                }),
            }
        })
        .collect()
}

impl Widget for HeartPeriodView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some((inner, health)) = health_frame(app, "Heart", area, buf) else {
            return;
        };
        let inner = inner.inner(Margin::new(1, 0));
        let period = app.period();
        let (first, last) = period.window(app.selected());
        let shown: Vec<&HeartTotals> = health
            .heart
            .iter()
            .filter(|d| d.date >= first && d.date <= last)
            .collect();
        let before: Vec<&HeartTotals> = health.heart.iter().filter(|d| d.date < first).collect();
        let ecg: Vec<_> = health
            .ecg
            .iter()
            .filter(|e| e.date >= first && e.date <= last)
            .collect();
        let cols = cols(app, health);
        let tall = inner.height >= 30;
        let ecg_rows = if tall { 5 } else { 2 };
        let [
            summary,
            rate_title,
            rate,
            variability_title,
            variability,
            zone_title,
            zones,
            dates,
            ecg_area,
            detail,
        ] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Fill(5),
            Constraint::Length(1),
            Constraint::Fill(3),
            Constraint::Length(1),
            Constraint::Fill(3),
            Constraint::Length(1),
            Constraint::Length(ecg_rows),
            Constraint::Length(1),
        ])
        .areas(inner);
        Paragraph::new(summary_lines(app, period, &shown, &before, ecg.len())).render(summary, buf);

        charts(
            period,
            &cols,
            [
                rate_title,
                rate,
                variability_title,
                variability,
                zone_title,
                zones,
                dates,
            ],
            buf,
        );

        Paragraph::new(ecg_lines(app, &ecg, ecg_area.height)).render(ecg_area, buf);
        detail_line(app, health).render(detail, buf);
    }
}

/// The three charts (titles and plots) and the dates under them.
/// A title line over a line-and-band chart: each column's mark, band and point, on a scale
/// around them rounded to `step`, the line in `colour`.
fn banded(
    [title, chart]: [Rect; 2],
    buf: &mut Buffer,
    legend: Vec<Span<'static>>,
    columns: impl Iterator<Item = (ColumnMark, Option<(f64, f64)>, Option<f64>)>,
    (step, colour): (f64, ratatui::style::Color),
) {
    Line::from(legend).render(title, buf);
    let columns: Vec<RangeColumn> = columns
        .map(|(mark, band, point)| RangeColumn {
            mark,
            band,
            point,
            dot: None,
        })
        .collect();
    let scale = Scale::around(
        columns
            .iter()
            .flat_map(|c| [c.band.map(|b| b.0), c.band.map(|b| b.1), c.point])
            .flatten(),
        step,
        whole,
    );
    range_chart(chart, buf, &columns, &scale, colour);
}

fn charts(period: Period, cols: &[Col], areas: [Rect; 7], buf: &mut Buffer) {
    let dim = theme::dim();
    let year = period == Period::Year;
    banded(
        [areas[0], areas[1]],
        buf,
        vec![
            Span::styled("Heart rate, bpm  ", theme::title()),
            Span::styled("━", Style::new().fg(theme::RESTING)),
            Span::styled(
                if year {
                    " resting (week's mean)  │ week's lowest–highest"
                } else {
                    " resting  │ day's lowest–highest"
                },
                dim,
            ),
        ],
        cols.iter().map(|c| (c.mark, c.band, c.resting)),
        (10.0, theme::RESTING),
    );
    banded(
        [areas[2], areas[3]],
        buf,
        vec![
            Span::styled("HRV (RMSSD), ms  ", theme::title()),
            Span::styled(
                if year {
                    "━ week's mean  │ week's range"
                } else {
                    "━ nightly"
                },
                dim,
            ),
        ],
        cols.iter().map(|c| (c.mark, c.hrv_band, c.hrv)),
        (5.0, theme::ACCENT),
    );

    let mut legend = vec![Span::styled(
        if period == Period::Year {
            "Time in zones, min a day  "
        } else {
            "Time in zones, min  "
        },
        theme::title(),
    )];
    for zone in ZONES {
        legend.push(Span::styled("█", Style::new().fg(theme::zone(zone))));
        legend.push(Span::styled(format!(" {}  ", zone.label()), dim));
    }
    Line::from(legend).render(areas[4], buf);
    let marks: Vec<ColumnMark> = cols.iter().map(|c| c.mark).collect();
    let parts: Vec<Vec<(f64, ratatui::style::Color)>> = cols
        .iter()
        .map(|c| match c.zones {
            Some(z) => ZONES
                .iter()
                .zip(z)
                .map(|(zone, v)| (v, theme::zone(*zone)))
                .collect(),
            None => Vec::new(),
        })
        .collect();
    let max = cols
        .iter()
        .filter_map(|c| c.zones.map(|z| z.iter().sum::<f64>()))
        .fold(0.0, f64::max);
    let top = axis_top(max.ceil() as u64) as f64;
    stacked_chart(areas[5], buf, &marks, &parts, top, whole);
    x_labels(areas[6], buf, period, &marks);
}

fn whole(v: f64) -> String {
    format!("{v:.0}")
}

/// Averages against the period before, zone totals, ECG count and days not stored.
fn summary_lines(
    app: &App,
    period: Period,
    shown: &[&HeartTotals],
    before: &[&HeartTotals],
    readings: usize,
) -> Vec<Line<'static>> {
    let dim = theme::dim();
    let value = theme::value();
    let resting = mean(shown.iter().filter_map(|d| d.resting));
    let resting_before = mean(before.iter().filter_map(|d| d.resting));
    let hrv = mean(shown.iter().filter_map(|d| d.hrv));
    let hrv_before = mean(before.iter().filter_map(|d| d.hrv));
    let lowest = shown
        .iter()
        .filter_map(|d| d.resting)
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.min(v))));
    let mut first = vec![Span::styled("Resting HR ", dim)];
    match resting {
        Some(r) => {
            first.push(Span::styled(format!("{r:.0} bpm"), value));
            first.push(Span::styled(" avg", dim));
            if let Some(l) = lowest {
                first.push(Span::raw(format!(" · lowest {l:.0}")));
            }
            if let Some(c) = percent_change(resting, resting_before) {
                first.push(Span::styled(
                    format!(" ({c} vs the {} before)", period.name()),
                    dim,
                ));
            }
        }
        None => first.push(Span::styled("no data", dim)),
    }
    first.push(Span::styled(" · HRV ", dim));
    match hrv {
        Some(h) => {
            first.push(Span::styled(format!("{h:.0} ms"), value));
            first.push(Span::styled(" avg", dim));
            if let Some(c) = percent_change(hrv, hrv_before) {
                first.push(Span::styled(format!(" ({c})"), dim));
            }
        }
        None => first.push(Span::styled("no data", dim)),
    }
    // Only where a source gave it (an export's daily estimate).
    if let Some(v) = mean(shown.iter().filter_map(|d| d.vo2_max)) {
        first.push(Span::styled(" · VO₂ max ", dim));
        first.push(Span::styled(format!("{v:.1}"), value));
        first.push(Span::styled(" avg", dim));
    }
    let mut second = vec![Span::styled("In zones ", dim)];
    let known: Vec<_> = shown.iter().filter_map(|d| d.zones).collect();
    if known.is_empty() {
        second.push(Span::styled("not stored", dim));
    } else {
        for (i, zone) in ZONES.iter().enumerate() {
            if i > 0 {
                second.push(Span::styled(" · ", dim));
            }
            let total: u32 = known.iter().map(|z| z.get(*zone)).sum();
            second.push(Span::styled(
                format!("{} ", zone.label().to_lowercase()),
                dim,
            ));
            second.push(Span::styled(
                format_minutes(total),
                Style::new().fg(theme::zone(*zone)),
            ));
        }
    }
    second.push(Span::styled(
        format!(
            " · {readings} ECG reading{}",
            if readings == 1 { "" } else { "s" }
        ),
        dim,
    ));
    let today = app.today();
    let missing = shown
        .iter()
        .filter(|d| !d.stored && d.date <= today)
        .count();
    if missing > 0 {
        let days = if missing == 1 { "day" } else { "days" };
        second.push(Span::styled(
            format!(" · {missing} {days} not stored (·)"),
            dim,
        ));
    }
    vec![Line::from(first), Line::from(second)]
}

/// The period's ECG readings, newest first, in the account's zone.
fn ecg_lines(app: &App, ecg: &[&crate::store::EcgEntry], rows: u16) -> Vec<Line<'static>> {
    let dim = theme::dim();
    let mut lines = vec![Line::styled(
        format!("ECG readings ({})", ecg.len()),
        theme::title(),
    )];
    if ecg.is_empty() {
        lines[0] = Line::from(vec![
            Span::styled("ECG readings ", theme::title()),
            Span::styled("none this period", dim),
        ]);
        return lines;
    }
    let room = usize::from(rows.saturating_sub(1)).max(1);
    let mut shown: Vec<Span<'static>> = Vec::new();
    let mut out = Vec::new();
    for (i, e) in ecg.iter().rev().enumerate() {
        let at = e.start.to_zoned(app.tz().clone());
        let text = format!(
            "{} {} · {}{}",
            at.strftime("%a %-d %b"),
            super::format::clock_time(e.start, app.tz(), app.twelve_hour()),
            e.classification,
            e.average_hr
                .map_or(String::new(), |hr| format!(" · {hr} bpm")),
        );
        if rows <= 2 {
            // One line: as many as fit, then how many more.
            if i > 0 {
                shown.push(Span::styled("  ", dim));
            }
            shown.push(Span::raw(text));
            if i + 1 < ecg.len() && i >= 1 {
                shown.push(Span::styled(format!("  +{} more", ecg.len() - i - 1), dim));
                break;
            }
        } else {
            if out.len() + 1 == room && i + 1 < ecg.len() {
                out.push(Line::styled(format!("+{} more", ecg.len() - i), dim));
                break;
            }
            out.push(Line::raw(text));
        }
    }
    if rows <= 2 {
        lines.push(Line::from(shown));
    } else {
        lines.extend(out);
    }
    lines
}

/// The selected day's values (or that it is not stored / has no data).
fn detail_line(app: &App, health: &PeriodHealth) -> Line<'static> {
    let selected = app.selected();
    let day = selected.strftime("%a %-d %b %Y").to_string();
    let mut spans = vec![Span::styled(day, theme::title())];
    let Some(d) = health.heart.iter().find(|d| d.date == selected) else {
        return Line::from(spans);
    };
    if !d.stored {
        spans.push(Span::styled(" · not stored yet", theme::dim()));
        return Line::from(spans);
    }
    let mut any = false;
    if let Some(r) = d.resting {
        spans.push(Span::raw(format!(" · resting {r:.0} bpm")));
        any = true;
    }
    if let Some(h) = d.hrv {
        spans.push(Span::raw(format!(" · HRV {h:.0} ms")));
        any = true;
    }
    if let Some(v) = d.vo2_max {
        spans.push(Span::raw(format!(" · VO₂ max {v:.1}")));
        any = true;
    }
    if let (Some(lo), Some(hi)) = (d.min_bpm, d.max_bpm) {
        spans.push(Span::raw(format!(" · {lo}–{hi} bpm")));
        any = true;
    }
    if let Some(z) = d.zones {
        spans.push(Span::styled(" · zones ", theme::dim()));
        for (i, zone) in ZONES.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled("/", theme::dim()));
            }
            spans.push(Span::styled(
                format_minutes(z.get(*zone)),
                Style::new().fg(theme::zone(*zone)),
            ));
        }
        any = true;
    }
    if !any {
        spans.push(Span::styled(" · no data recorded", theme::dim()));
    }
    Line::from(spans)
}
