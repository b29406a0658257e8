//! The Sleep tab zoomed out: a week, month or year of stored nights (each dated by the day it
//! ended). Time asleep per night stacked by stage — deep, light, REM and awake; a classic night
//! as asleep, restless and awake, never mapped onto stages — with a year's column the mean of
//! its week's nights; when each night started and ended (local wall-clock time in the
//! account's zone, so a DST change does not shift a 23:00 bedtime); the average per stage
//! against the period before; and nightly `SpO₂`, breathing rate and skin temperature.

use jiff::Timestamp;
use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::period::{health_frame, mean, percent_change};
use super::theme;
use super::widgets::bars::axis_top;
use super::widgets::period_chart::{
    ColumnMark, RangeColumn, Scale, range_chart, stacked_chart, strip, x_labels,
};
use crate::app::App;
use crate::app::period::{Period, columns};
use crate::domain::sleep::{SleepKind, SleepLevel};
use crate::domain::units::{format_minutes, format_temperature_delta};
use crate::store::{NightTotals, PeriodHealth};

/// The Sleep tab's week, month or year view.
pub struct SleepPeriodView<'a> {
    pub app: &'a App,
}

/// Stages bottom first, then the classic levels.
const LEVELS: [SleepLevel; 7] = [
    SleepLevel::Deep,
    SleepLevel::Light,
    SleepLevel::Rem,
    SleepLevel::Wake,
    SleepLevel::Asleep,
    SleepLevel::Restless,
    SleepLevel::Awake,
];
const STAGES: [SleepLevel; 4] = [
    SleepLevel::Deep,
    SleepLevel::Light,
    SleepLevel::Rem,
    SleepLevel::Wake,
];
const CLASSIC: [SleepLevel; 3] = [SleepLevel::Asleep, SleepLevel::Restless, SleepLevel::Awake];

/// Minutes from noon of the day before the night's date to `at`, on the wall clock of `tz`.
pub fn clock_minutes(at: Timestamp, date: Date, tz: &jiff::tz::TimeZone) -> Option<f64> {
    let local = at.to_zoned(tz.clone());
    let days = (local.date() - date).get_days();
    let t = local.time();
    Some(f64::from(
        (days + 1) * 1440 + i32::from(t.hour()) * 60 + i32::from(t.minute()) - 720,
    ))
}

/// A [`clock_minutes`] value as a time of day: `22:30`.
fn clock_label(v: f64) -> String {
    let m = (v.round() as i64 + 720).rem_euclid(1440);
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn hours(v: f64) -> String {
    format!("{:.0}h", v / 60.0)
}

/// A chart column's nights, summed up.
struct Col {
    mark: ColumnMark,
    /// Minutes per level (a year's week: the mean of its nights with that kind of record).
    levels: Vec<(SleepLevel, f64)>,
    /// Bedtime and waking, as [`clock_minutes`] (a week: the means).
    bed: Option<(f64, f64)>,
    spo2: Option<f64>,
    breathing: Option<f64>,
    skin: Option<f64>,
}

fn cols(app: &App, health: &PeriodHealth) -> Vec<Col> {
    let (selected, today) = (app.selected(), app.today());
    columns(app.period(), selected)
        .into_iter()
        .map(|(first, last)| {
            let nights: Vec<&NightTotals> = health
                .nights
                .iter()
                .filter(|n| n.date >= first && n.date <= last)
                .collect();
            // Per night on average: a level a night lacks counts as none of it, so the stack is
            // the mean night (stages and classic nights together).
            let recorded: Vec<&&NightTotals> =
                nights.iter().filter(|n| !n.levels.is_empty()).collect();
            let levels = LEVELS
                .iter()
                .filter_map(|l| {
                    let sum: u32 = recorded.iter().filter_map(|n| n.minutes(*l)).sum();
                    (recorded.iter().any(|n| n.minutes(*l).is_some()))
                        .then(|| (*l, f64::from(sum) / recorded.len() as f64))
                })
                .collect();
            let tz = app.tz();
            let bed = mean(
                nights
                    .iter()
                    .filter_map(|n| clock_minutes(n.start?, n.date, tz)),
            )
            .zip(mean(
                nights
                    .iter()
                    .filter_map(|n| clock_minutes(n.end?, n.date, tz)),
            ));
            Col {
                mark: ColumnMark {
                    first,
                    missing: first <= today && nights.iter().all(|n| !n.stored),
                    cursor: (first..=last).contains(&selected),
                },
                levels,
                bed,
                spo2: mean(nights.iter().filter_map(|n| n.spo2)),
                breathing: mean(nights.iter().filter_map(|n| n.breathing)),
                skin: mean(nights.iter().filter_map(|n| n.skin_temp)),
            }
        })
        .collect()
}

impl Widget for SleepPeriodView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some((inner, health)) = health_frame(app, "Sleep", area, buf) else {
            return;
        };
        let inner = inner.inner(Margin::new(1, 0));
        let period = app.period();
        let (first, last) = period.window(app.selected());
        let shown: Vec<&NightTotals> = health
            .nights
            .iter()
            .filter(|n| n.date >= first && n.date <= last)
            .collect();
        let before: Vec<&NightTotals> = health.nights.iter().filter(|n| n.date < first).collect();
        let cols = cols(app, health);
        let marks: Vec<ColumnMark> = cols.iter().map(|c| c.mark).collect();
        let [
            summary,
            asleep_title,
            asleep,
            bed_title,
            bed,
            vitals,
            dates,
            averages,
            detail,
        ] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Fill(3),
            Constraint::Length(1),
            Constraint::Fill(2),
            Constraint::Length(3),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        Paragraph::new(summary_lines(app, period, &shown, &before)).render(summary, buf);

        let dim = theme::dim();
        let mut legend = vec![Span::styled(
            if period == Period::Year {
                "Asleep, h a night  "
            } else {
                "Asleep, h  "
            },
            theme::title(),
        )];
        let classic = shown.iter().any(|n| n.kind == Some(SleepKind::Classic));
        let levels: &[SleepLevel] = if classic { &LEVELS } else { &STAGES };
        for level in levels {
            if *level == SleepLevel::Asleep {
                legend.push(Span::styled("classic: ", dim));
            }
            legend.push(Span::styled(
                "█",
                Style::new().fg(theme::sleep_level(*level)),
            ));
            legend.push(Span::styled(format!(" {} ", level.label()), dim));
        }
        Line::from(legend).render(asleep_title, buf);
        let parts: Vec<Vec<(f64, Color)>> = cols
            .iter()
            .map(|c| {
                c.levels
                    .iter()
                    .map(|(l, m)| (*m, theme::sleep_level(*l)))
                    .collect()
            })
            .collect();
        let max = cols
            .iter()
            .map(|c| c.levels.iter().map(|(_, m)| m).sum::<f64>())
            .fold(0.0, f64::max);
        let top = axis_top((max / 60.0).ceil() as u64) as f64 * 60.0;
        stacked_chart(asleep, buf, &marks, &parts, top, hours);

        bed_and_vitals(period, &cols, &marks, [bed_title, bed, vitals], buf);
        x_labels(dates, buf, period, &marks);
        vitals_line(app, &shown).render(averages, buf);
        detail_line(app, health).render(detail, buf);
    }
}

/// The bedtime → wake chart (title and plot) and the nightly vitals' strips.
fn bed_and_vitals(
    period: Period,
    cols: &[Col],
    marks: &[ColumnMark],
    areas: [Rect; 3],
    buf: &mut Buffer,
) {
    let [bed_title, bed, vitals] = areas;
    let dim = theme::dim();
    Line::from(vec![
        Span::styled("Bedtime → wake, local time  ", theme::title()),
        Span::styled(
            if period == Period::Year {
                "│ the week's average night"
            } else {
                "│ each night"
            },
            dim,
        ),
    ])
    .render(bed_title, buf);
    let bed_cols: Vec<RangeColumn> = cols
        .iter()
        .map(|c| RangeColumn {
            mark: c.mark,
            band: c.bed,
            point: None,
            dot: None,
        })
        .collect();
    let around = Scale::around(
        cols.iter().filter_map(|c| c.bed).flat_map(|(a, b)| [a, b]),
        60.0,
        clock_label,
    );
    // Earlier at the top: time runs down the chart.
    let scale = Scale {
        top: around.bottom,
        bottom: around.top,
        label: clock_label,
    };
    range_chart(bed, buf, &bed_cols, &scale, theme::ACCENT);

    let rows = [
        (
            "SpO₂",
            cols.iter().map(|c| c.spo2).collect::<Vec<_>>(),
            Color::LightBlue,
        ),
        (
            "Brth",
            cols.iter().map(|c| c.breathing).collect(),
            Color::Green,
        ),
        (
            "Skin",
            cols.iter().map(|c| c.skin).collect(),
            Color::Indexed(208),
        ),
    ];
    for (i, (name, values, colour)) in rows.iter().enumerate() {
        let y = vitals.y + i as u16;
        if y >= vitals.bottom() {
            break;
        }
        strip(
            Rect::new(vitals.x, y, vitals.width, 1),
            buf,
            name,
            marks,
            values,
            *colour,
        );
    }
}

/// Time asleep and per stage on average, against the period before; classic nights and days
/// not stored.
fn summary_lines(
    app: &App,
    period: Period,
    shown: &[&NightTotals],
    before: &[&NightTotals],
) -> Vec<Line<'static>> {
    let dim = theme::dim();
    let value = theme::value();
    let asleep = |nights: &[&NightTotals]| {
        mean(
            nights
                .iter()
                .filter_map(|n| n.minutes_asleep.map(f64::from)),
        )
    };
    let now = asleep(shown);
    let mut first = vec![Span::styled("Asleep ", dim)];
    match now {
        Some(m) => {
            first.push(Span::styled(format_minutes(m.round() as u32), value));
            first.push(Span::styled(" a night", dim));
            if let Some(c) = percent_change(now, asleep(before)) {
                first.push(Span::styled(
                    format!(" ({c} vs the {} before)", period.name()),
                    dim,
                ));
            }
        }
        None => first.push(Span::styled("no nights stored", dim)),
    }
    let tz = app.tz();
    let bed = mean(
        shown
            .iter()
            .filter_map(|n| clock_minutes(n.start?, n.date, tz)),
    );
    let wake = mean(
        shown
            .iter()
            .filter_map(|n| clock_minutes(n.end?, n.date, tz)),
    );
    if let (Some(b), Some(w)) = (bed, wake) {
        first.push(Span::styled(" · in bed ", dim));
        first.push(Span::raw(format!("{}–{}", clock_label(b), clock_label(w))));
        first.push(Span::styled(" avg", dim));
    }
    let (now_staged, before_staged) = (staged(shown), staged(before));
    let mut second = vec![Span::styled("Per stage, avg ", dim)];
    if now_staged.is_empty() {
        second.push(Span::styled("no staged nights", dim));
    }
    for (i, level) in STAGES.iter().enumerate() {
        let avg = |nights: &[&NightTotals]| {
            mean(
                nights
                    .iter()
                    .filter_map(|n| n.minutes(*level).map(f64::from)),
            )
        };
        let Some(m) = avg(&now_staged) else {
            continue;
        };
        if i > 0 {
            second.push(Span::styled(" · ", dim));
        }
        second.push(Span::styled(
            format!("{} ", level.label()),
            Style::new().fg(theme::sleep_level(*level)),
        ));
        second.push(Span::raw(format_minutes(m.round() as u32)));
        if let Some(c) = percent_change(Some(m), avg(&before_staged)) {
            second.push(Span::styled(format!(" {c}"), dim));
        }
    }
    let classic = shown
        .iter()
        .filter(|n| n.kind == Some(SleepKind::Classic))
        .count();
    if classic > 0 {
        second.push(Span::styled(format!(" · {classic} classic"), dim));
    }
    let today = app.today();
    let missing = shown
        .iter()
        .filter(|n| !n.stored && n.date <= today)
        .count();
    if missing > 0 {
        second.push(Span::styled(format!(" · {missing} not stored (·)"), dim));
    }
    vec![Line::from(first), Line::from(second)]
}

/// The nights recorded in stages.
fn staged<'a>(nights: &[&'a NightTotals]) -> Vec<&'a NightTotals> {
    nights
        .iter()
        .filter(|n| n.kind == Some(SleepKind::Stages))
        .copied()
        .collect()
}

/// The period's nightly vitals on average.
fn vitals_line(app: &App, shown: &[&NightTotals]) -> Line<'static> {
    let dim = theme::dim();
    let mut spans = vec![Span::styled("Nightly avg ", dim)];
    let spo2 = mean(shown.iter().filter_map(|n| n.spo2));
    let breathing = mean(shown.iter().filter_map(|n| n.breathing));
    let skin = mean(shown.iter().filter_map(|n| n.skin_temp));
    spans.push(Span::styled("SpO₂ ", dim));
    spans.push(Span::raw(spo2.map_or("–".into(), |v| format!("{v:.1}%"))));
    spans.push(Span::styled(" · breathing ", dim));
    spans.push(Span::raw(
        breathing.map_or("–".into(), |v| format!("{v:.1}/min")),
    ));
    spans.push(Span::styled(" · skin temp ", dim));
    spans.push(Span::raw(skin.map_or("–".into(), |v| {
        format_temperature_delta(v, app.temperature_unit())
    })));
    // Only where a source gave it (an export's `sleep_score.csv`; no API serves it).
    if let Some(v) = mean(shown.iter().filter_map(|n| n.score)) {
        spans.push(Span::styled(" · score ", dim));
        spans.push(Span::raw(format!("{v:.0}")));
    }
    Line::from(spans)
}

/// The selected night's values (or that it is not stored / has no night).
fn detail_line(app: &App, health: &PeriodHealth) -> Line<'static> {
    let selected = app.selected();
    let mut spans = vec![Span::styled(
        selected.strftime("%a %-d %b %Y").to_string(),
        theme::title(),
    )];
    let Some(n) = health.nights.iter().find(|n| n.date == selected) else {
        return Line::from(spans);
    };
    if !n.stored {
        spans.push(Span::styled(" · not stored yet", theme::dim()));
        return Line::from(spans);
    }
    let Some(asleep) = n.minutes_asleep else {
        spans.push(Span::styled(" · no night recorded", theme::dim()));
        return Line::from(spans);
    };
    spans.push(Span::raw(format!(" · asleep {}", format_minutes(asleep))));
    if let (Some(start), Some(end)) = (n.start, n.end) {
        spans.push(Span::raw(format!(
            " · {}–{}",
            super::format::clock_time(start, app.tz(), app.twelve_hour()),
            super::format::clock_time(end, app.tz(), app.twelve_hour()),
        )));
    }
    let levels: &[SleepLevel] = if n.kind == Some(SleepKind::Classic) {
        &CLASSIC
    } else {
        &STAGES
    };
    for level in levels {
        if let Some(m) = n.minutes(*level) {
            spans.push(Span::styled(
                format!(" · {} ", level.label().to_lowercase()),
                Style::new().fg(theme::sleep_level(*level)),
            ));
            spans.push(Span::raw(format_minutes(m)));
        }
    }
    if let Some(s) = n.spo2 {
        spans.push(Span::raw(format!(" · SpO₂ {s:.1}%")));
    }
    if let Some(s) = n.score {
        spans.push(Span::raw(format!(" · score {s:.0}")));
    }
    Line::from(spans)
}
