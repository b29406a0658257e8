//! The Today tab zoomed out: a week, month or year of stored days. Steps per day (a year: the
//! mean of each week) against the goal line, on a labelled y-axis with dates under the bars; a
//! day not stored is a gap (`·`), never a zero. Above the chart the period's totals, averages,
//! days at goal, streaks and best day, and the change against the period before; below it the
//! selected day (the cursor, `[` / `]`).

use std::collections::BTreeMap;

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget};

use super::theme;
use super::widgets::bars::{axis_label, axis_top, bar};
use crate::app::App;
use crate::app::period::{Period, starts_week};
use crate::domain::activity::{DayTotals, PeriodStats};
use crate::domain::units::{format_count, format_distance};

/// The Today tab's week, month or year view.
pub struct ActivityPeriodView<'a> {
    pub app: &'a App,
}

/// One column of the chart: its first day, its value (steps; a year's column is a week's
/// mean) and whether it holds the cursor.
struct Column {
    first: Date,
    value: Option<u64>,
    /// Nothing stored for it yet (drawn `·`); a column stored without data, or still to
    /// come, is blank.
    missing: bool,
    cursor: bool,
}

impl Widget for ActivityPeriodView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let period = app.period();
        let selected = app.selected();
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme::border())
            .title(Line::styled(
                format!(" Activity · {} ", period.label(selected)),
                theme::title(),
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let days = match app.period_days().and_then(|p| p.days.as_ref()) {
            None => {
                Paragraph::new(Line::styled(" Reading the local store…", theme::dim()))
                    .render(inner, buf);
                return;
            }
            Some(Err(e)) => {
                Paragraph::new(Line::styled(format!(" {e}"), theme::dim())).render(inner, buf);
                return;
            }
            Some(Ok(days)) => days,
        };
        let (first, last) = period.window(selected);
        let today = app.today();
        let by_date: BTreeMap<Date, DayTotals> = days.iter().map(|d| (d.date, *d)).collect();
        let window: Vec<DayTotals> = crate::domain::calendar::days(first, last)
            .into_iter()
            .map(|date| {
                by_date
                    .get(&date)
                    .copied()
                    .unwrap_or_else(|| DayTotals::empty(date))
            })
            .collect();
        let previous: Vec<DayTotals> = days.iter().filter(|d| d.date < first).copied().collect();
        let goal = app.config().goals.steps;
        let stats = PeriodStats::of(&window, goal);
        let before = PeriodStats::of(&previous, goal);
        let missing = window
            .iter()
            .filter(|d| d.date <= today && !d.stored)
            .count();

        // The weight panel: a line, or a chart when there is room for it.
        let weight_rows = if inner.height >= 30 { 10 } else { 1 };
        let [summary, chart, detail, weight] = Layout::vertical([
            Constraint::Length(if missing > 0 { 4 } else { 3 }),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(weight_rows),
        ])
        .areas(inner.inner(ratatui::layout::Margin::new(1, 0)));
        if let Some(Ok(health)) = app.period_days().and_then(|p| p.health.as_ref()) {
            super::period_weight::render(app, health, weight, buf);
        }
        Paragraph::new(summary_lines(app, period, &stats, &before, missing)).render(summary, buf);
        let columns = columns(period, &window, selected, today);
        let labels = axis_labels(period, &columns, chart.width);
        render_chart(chart, buf, &columns, &labels, goal);
        detail_line(app, &window, selected).render(detail, buf);
    }
}

/// Totals, averages, goal days, streaks, the best day and the change against the period
/// before.
fn summary_lines(
    app: &App,
    period: Period,
    stats: &PeriodStats,
    before: &PeriodStats,
    missing: usize,
) -> Vec<Line<'static>> {
    let dim = theme::dim();
    let value = theme::value();
    let change = match (stats.average_steps, before.average_steps) {
        (Some(now), Some(then)) if then > 0 => {
            let pct = (f64::from(now) - f64::from(then)) / f64::from(then) * 100.0;
            if pct.abs() < 0.5 {
                format!(" · as many a day as the {} before", period.name())
            } else {
                format!(" · {pct:+.0}% a day vs the {} before", period.name())
            }
        }
        _ => String::new(),
    };
    let best = stats.best.map_or(String::new(), |(d, s)| {
        format!(
            " · best {} {}",
            d.strftime("%a %-d %b"),
            format_count(u64::from(s))
        )
    });
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format_count(stats.total_steps), value),
            Span::styled(" steps", dim),
            Span::raw(match stats.average_steps {
                Some(avg) => format!(" · {} a day", format_count(u64::from(avg))),
                None => String::new(),
            }),
            Span::raw(best),
            Span::styled(change, dim),
        ]),
        Line::from(vec![
            Span::styled("At goal ", dim),
            Span::styled(
                format!("{} of {} days", stats.days_at_goal, stats.days),
                value,
            ),
            Span::styled(" · streak ", dim),
            Span::raw(format!(
                "{} now, {} longest",
                stats.current_streak, stats.longest_streak
            )),
        ]),
        Line::from(vec![
            Span::styled("Distance ", dim),
            Span::raw(format_distance(stats.total_distance_m, app.units())),
            Span::styled(" · floors ", dim),
            Span::raw(format_count(stats.total_floors)),
            Span::styled(" · zone minutes ", dim),
            Span::raw(format_count(stats.total_azm)),
        ]),
    ];
    if missing > 0 {
        let days = if missing == 1 { "day" } else { "days" };
        lines.push(Line::styled(
            format!("{missing} {days} not stored yet (·): `fittui sync` fills them"),
            dim,
        ));
    }
    lines
}

/// The chart's columns: a day each, a week each in a year.
fn columns(period: Period, window: &[DayTotals], selected: Date, today: Date) -> Vec<Column> {
    if period != Period::Year {
        return window
            .iter()
            .map(|d| Column {
                first: d.date,
                value: d.steps.map(u64::from),
                missing: !d.stored && d.date <= today,
                cursor: d.date == selected,
            })
            .collect();
    }
    let mut out: Vec<Column> = Vec::new();
    let mut counted: Vec<u64> = Vec::new();
    let close = |out: &mut Vec<Column>, counted: &mut Vec<u64>| {
        if let Some(column) = out.last_mut() {
            column.value =
                (!counted.is_empty()).then(|| counted.iter().sum::<u64>() / counted.len() as u64);
        }
        counted.clear();
    };
    for d in window {
        if out.is_empty() || starts_week(d.date) {
            close(&mut out, &mut counted);
            out.push(Column {
                first: d.date,
                value: None,
                missing: d.date <= today,
                cursor: false,
            });
        }
        // A week is missing only if none of its days is stored.
        if d.stored
            && let Some(column) = out.last_mut()
        {
            column.missing = false;
        }
        if let Some(steps) = d.steps {
            counted.push(u64::from(steps));
        }
        if d.date == selected
            && let Some(column) = out.last_mut()
        {
            column.cursor = true;
        }
    }
    close(&mut out, &mut counted);
    out
}

/// Dates under the columns: weekdays in a week, every Monday's day of the month in a month,
/// month names in a year (fewer when the columns are narrow).
fn axis_labels(period: Period, columns: &[Column], width: u16) -> Vec<(usize, String)> {
    let slot = usize::from(width.saturating_sub(6)) / columns.len().max(1);
    columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match period {
            Period::Day => None,
            Period::Week => Some((
                i,
                if slot >= 3 {
                    c.first.strftime("%a").to_string()
                } else {
                    c.first.strftime("%a").to_string().chars().take(1).collect()
                },
            )),
            Period::Month => {
                (i == 0 || starts_week(c.first)).then(|| (i, c.first.day().to_string()))
            }
            Period::Year => {
                let month_starts = i == 0
                    || columns
                        .get(i.wrapping_sub(1))
                        .is_some_and(|p| p.first.month() != c.first.month());
                let every = if slot >= 2 { 1 } else { 3 };
                (month_starts && (c.first.month() - 1) % every == 0)
                    .then(|| (i, c.first.strftime("%b").to_string()))
            }
        })
        .collect()
}

/// Bars on a y-axis from 0 to a round number, the goal as a dotted line, gaps as `·`, the
/// cursor's column highlighted, the labels on the last row.
fn render_chart(
    area: Rect,
    buf: &mut Buffer,
    columns: &[Column],
    labels: &[(usize, String)],
    goal: u32,
) {
    if area.height < 4 || columns.is_empty() {
        return;
    }
    let chart_h = area.height - 1;
    let max = columns.iter().filter_map(|c| c.value).max().unwrap_or(0);
    let top = axis_top(max.max(u64::from(goal)));
    let ticks = [(0, axis_label(top)), (chart_h - 1, "0".to_string())];
    let Some(plot) = super::widgets::period_chart::axis(area, buf, chart_h, &ticks) else {
        return;
    };
    let slot = crate::app::period::slot(plot.width, columns.len());
    let bar_w = if slot >= 2 { slot - 1 } else { 1 };
    let goal_eighths = (u64::from(goal) * u64::from(chart_h) * 8).div_ceil(top.max(1));
    let goal_row = u64::from(chart_h).saturating_sub(goal_eighths.div_ceil(8));
    for (i, column) in columns.iter().enumerate() {
        let x0 = plot.x + i as u16 * slot;
        if x0 + bar_w > plot.right() {
            break;
        }
        let Some(v) = column.value else {
            if column.missing {
                buf.set_string(x0, area.y + chart_h - 1, "·", theme::dim());
            }
            continue;
        };
        let colour = if column.cursor {
            Color::Yellow
        } else if v >= u64::from(goal) {
            Color::Green
        } else {
            theme::ACCENT
        };
        bar(
            buf,
            x0,
            area.y,
            bar_w,
            chart_h,
            v,
            top,
            Style::new().fg(colour),
        );
    }
    // The goal line, over the empty cells of its row.
    if goal > 0 && goal_row < u64::from(chart_h) {
        let y = area.y + goal_row as u16;
        for x in plot.x..plot.right() {
            if buf[(x, y)].symbol() == " " {
                buf[(x, y)]
                    .set_symbol("┈")
                    .set_style(Style::new().fg(Color::Yellow));
            }
        }
    }
    let label_y = area.bottom() - 1;
    let mut next_free = plot.x;
    for (i, label) in labels {
        let x = plot.x + *i as u16 * slot;
        let w = label.chars().count() as u16;
        if x >= next_free && x + w <= plot.right() {
            buf.set_string(x, label_y, label, theme::dim());
            next_free = x + w + 1;
        }
    }
}

/// The selected day's values (or that it is not stored).
fn detail_line(app: &App, window: &[DayTotals], selected: Date) -> Line<'static> {
    let day = selected.strftime("%a %-d %b %Y").to_string();
    let Some(d) = window.iter().find(|d| d.date == selected) else {
        return Line::raw(day);
    };
    let Some(steps) = d.steps else {
        let why = if d.stored {
            " · no data recorded"
        } else {
            " · not stored yet"
        };
        return Line::from(vec![
            Span::styled(day, theme::title()),
            Span::styled(why, theme::dim()),
        ]);
    };
    let goal = d.goal_steps.unwrap_or(app.config().goals.steps);
    let mut spans = vec![
        Span::styled(day, theme::title()),
        Span::raw(format!(" · {} steps", format_count(u64::from(steps)))),
    ];
    if steps >= goal {
        spans.push(Span::styled(" ✓", Style::new().fg(Color::Green)));
    }
    if let Some(m) = d.distance_m {
        spans.push(Span::raw(format!(" · {}", format_distance(m, app.units()))));
    }
    if let Some(f) = d.floors {
        spans.push(Span::raw(format!(" · {f} floors")));
    }
    if let Some(a) = d.azm {
        spans.push(Span::raw(format!(" · {a} zone min")));
    }
    Line::from(spans)
}

/// Draws a period view's block titled `name` and the period; returns its inner area and the
/// stored heart, sleep, ECG and weigh-ins, or says why there are none (reading, an error).
pub(super) fn health_frame<'a>(
    app: &'a App,
    name: &str,
    area: Rect,
    buf: &mut Buffer,
) -> Option<(Rect, &'a crate::store::PeriodHealth)> {
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme::border())
        .title(Line::styled(
            format!(" {name} · {} ", app.period().label(app.selected())),
            theme::title(),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    match app.period_days().and_then(|p| p.health.as_ref()) {
        None => {
            Paragraph::new(Line::styled(" Reading the local store…", theme::dim()))
                .render(inner, buf);
            None
        }
        Some(Err(e)) => {
            Paragraph::new(Line::styled(format!(" {e}"), theme::dim())).render(inner, buf);
            None
        }
        Some(Ok(health)) => Some((inner, health)),
    }
}

/// The mean of `values` (`None` without any).
pub(super) fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// `+4%` / `−2%` / `±0%`: `now` against `then` (`None` unless both are known and `then` is
/// not zero).
pub(super) fn percent_change(now: Option<f64>, then: Option<f64>) -> Option<String> {
    let (now, then) = (now?, then?);
    if then == 0.0 {
        return None;
    }
    let pct = (now - then) / then * 100.0;
    Some(if pct.abs() < 0.5 {
        "±0%".to_string()
    } else if pct < 0.0 {
        format!("−{:.0}%", -pct)
    } else {
        format!("+{pct:.0}%")
    })
}
