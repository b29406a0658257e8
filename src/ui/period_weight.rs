//! The weight panel of the Today tab's week, month and year views: each day's weigh-ins (a
//! year: each week's mean) as `●`, the trend as a line — the mean of the weigh-ins of the
//! seven days up to each day (a year: of the 28 days up to each week's end) — and body fat as
//! a strip under it, in the user's units. Every weigh-in of the store counts, whichever
//! provider's scale or log it came from. A day without a weigh-in is a gap.

use jiff::ToSpan;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::period::mean;
use super::theme;
use super::widgets::period_chart::{ColumnMark, RangeColumn, Scale, range_chart, strip};
use crate::app::App;
use crate::app::period::{Period, columns};
use crate::domain::units::{POUNDS_PER_KILOGRAM, UnitSystem, format_weight};
use crate::domain::weight::WeighIn;
use crate::store::PeriodHealth;

/// A chart column's weigh-ins and trend, in display units.
struct Col {
    mark: ColumnMark,
    weight: Option<f64>,
    trend: Option<f64>,
    fat: Option<f64>,
}

fn display(kg: f64, units: UnitSystem) -> f64 {
    match units {
        UnitSystem::Metric => kg,
        UnitSystem::Imperial => kg * POUNDS_PER_KILOGRAM,
    }
}

fn cols(app: &App, weigh_ins: &[WeighIn]) -> Vec<Col> {
    let period = app.period();
    let units = app.units();
    let trend_days: i64 = if period == Period::Year { 28 } else { 7 };
    columns(period, app.selected())
        .into_iter()
        .map(|(first, last)| {
            let own: Vec<&WeighIn> = weigh_ins
                .iter()
                .filter(|w| w.date >= first && w.date <= last)
                .collect();
            let since = last.checked_sub((trend_days - 1).days()).unwrap_or(first);
            let trend = (last <= app.today())
                .then(|| {
                    mean(
                        weigh_ins
                            .iter()
                            .filter(|w| w.date >= since && w.date <= last)
                            .map(|w| w.weight_kg),
                    )
                })
                .flatten();
            Col {
                mark: ColumnMark {
                    first,
                    missing: false,
                    cursor: (first..=last).contains(&app.selected()),
                },
                weight: mean(own.iter().map(|w| w.weight_kg)).map(|kg| display(kg, units)),
                trend: trend.map(|kg| display(kg, units)),
                fat: mean(own.iter().filter_map(|w| w.body_fat_pct)),
            }
        })
        .collect()
}

/// The panel's summary line: the latest weigh-in, the change over the period, body fat and
/// how many weigh-ins (or that there are none).
pub fn summary_line(app: &App, health: &PeriodHealth) -> Line<'static> {
    let dim = theme::dim();
    let (first, last) = app.period().window(app.selected());
    let shown: Vec<&WeighIn> = health
        .weigh_ins
        .iter()
        .filter(|w| w.date >= first && w.date <= last)
        .collect();
    let mut spans = vec![Span::styled("Weight ", theme::title())];
    let (Some(first_w), Some(last_w)) = (shown.first(), shown.last()) else {
        spans.push(Span::styled(
            format!("no weigh-ins this {}", app.period().name()),
            dim,
        ));
        return Line::from(spans);
    };
    let units = app.units();
    spans.push(Span::styled(
        format_weight(last_w.weight_kg, units),
        theme::value(),
    ));
    spans.push(Span::styled(
        format!(" on {}", last_w.date.strftime("%a %-d %b")),
        dim,
    ));
    if shown.len() > 1 {
        let change = last_w.weight_kg - first_w.weight_kg;
        let text = format_weight(change.abs(), units);
        let sign = if change < 0.0 { "−" } else { "+" };
        spans.push(Span::raw(format!(
            " · {sign}{text} since {}",
            first_w.date.strftime("%-d %b")
        )));
    }
    if let Some(fat) = shown.iter().rev().find_map(|w| w.body_fat_pct) {
        spans.push(Span::styled(" · body fat ", dim));
        spans.push(Span::raw(format!("{fat:.1}%")));
    }
    spans.push(Span::styled(
        format!(
            " · {} weigh-in{}",
            shown.len(),
            if shown.len() == 1 { "" } else { "s" }
        ),
        dim,
    ));
    Line::from(spans)
}

/// The panel: the summary line, then (when `area` has the rows) the chart and the body-fat
/// strip.
pub fn render(app: &App, health: &PeriodHealth, area: Rect, buf: &mut Buffer) {
    summary_line(app, health).render(area, buf);
    if area.height < 5 {
        return;
    }
    let [_, title, chart, fat_row] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let unit = match app.units() {
        UnitSystem::Metric => "kg",
        UnitSystem::Imperial => "lb",
    };
    Line::from(vec![
        Span::styled(format!("Weight, {unit}  "), theme::title()),
        Span::styled(
            if app.period() == Period::Year {
                "● week's mean  ━ 28-day mean"
            } else {
                "● weigh-in  ━ 7-day mean"
            },
            theme::dim(),
        ),
    ])
    .render(title, buf);
    let cols = cols(app, &health.weigh_ins);
    let range: Vec<RangeColumn> = cols
        .iter()
        .map(|c| RangeColumn {
            mark: c.mark,
            band: None,
            point: c.trend,
            dot: c.weight,
        })
        .collect();
    let scale = Scale::around(
        cols.iter().flat_map(|c| [c.weight, c.trend]).flatten(),
        1.0,
        |v| format!("{v:.0}"),
    );
    range_chart(chart, buf, &range, &scale, theme::ACCENT);
    let marks: Vec<ColumnMark> = cols.iter().map(|c| c.mark).collect();
    let fat: Vec<Option<f64>> = cols.iter().map(|c| c.fat).collect();
    strip(
        fat_row,
        buf,
        "Fat %",
        &marks,
        &fat,
        ratatui::style::Color::Magenta,
    );
}
