//! Today tab: steps against the goal, distance, calories, floors, active minutes, AZM by zone,
//! hourly steps and the last seven days.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::slot::{self, Placeholder, SlotState};
use super::widgets::bars::Bars;
use super::widgets::gauge::LabelGauge;
use super::{format, theme};
use crate::app::{App, Payload, Resource};
use crate::config::GoalsConfig;
use crate::domain::activity::{ActivitySummary, DayActivity, GoalSource, Goals};
use crate::domain::units::{METRES_PER_MILE, UnitSystem, format_count};

pub struct TodayView<'a> {
    pub app: &'a App,
}

/// The goals to show: the provider's when it has them, otherwise the configured ones.
pub fn effective_goals(activity: &DayActivity, config: &GoalsConfig) -> Goals {
    activity.goals.clone().unwrap_or(Goals {
        steps: Some(config.steps),
        distance_m: Some(config.distance_km * 1000.0),
        calories_kcal: Some(f64::from(config.calories)),
        floors: Some(config.floors),
        active_minutes: Some(config.active_minutes),
        azm: Some(config.active_zone_minutes),
        source: GoalSource::Config,
    })
}

impl Widget for TodayView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let resource = Resource::Activity(app.selected());
        let state = slot::state(app, resource);
        let block = slot::block("Activity", app, &state);
        let inner = block.inner(area);
        block.render(area, buf);
        match state {
            SlotState::Ready {
                payload: Payload::Activity(activity),
                ..
            } => render_activity(app, activity, inner, buf),
            other => Placeholder::for_app(app, &other, "activity").render(inner, buf),
        }
    }
}

fn goal_mark(value: f64, goal: Option<f64>) -> Span<'static> {
    match goal {
        Some(g) if g > 0.0 && value >= g => Span::styled(" ✓", Style::new().fg(Color::Green)),
        _ => Span::raw(""),
    }
}

/// `Label     value / goal unit ✓`: the unit once, after the goal (or the value).
fn metric(
    label: &str,
    value: String,
    goal: Option<String>,
    unit: &str,
    done: Span<'static>,
) -> Vec<Span<'static>> {
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    let mut spans = vec![
        Span::styled(format!("{label:<10}"), theme::dim()),
        Span::styled(value, theme::value()),
    ];
    match goal {
        Some(goal) => spans.push(Span::styled(format!(" / {goal}{unit}"), theme::dim())),
        None => spans.push(Span::styled(unit, theme::dim())),
    }
    spans.push(done);
    spans
}

fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(Span::width).sum()
}

/// Two metrics per line while they fit `width` (the right ones aligned, at least two cells
/// after the widest left one), else one per line.
fn two_columns(
    pairs: Vec<(Vec<Span<'static>>, Vec<Span<'static>>)>,
    width: usize,
) -> Vec<Line<'static>> {
    let left_w = pairs.iter().map(|(l, _)| spans_width(l)).max().unwrap_or(0);
    let col = (width / 2).max(left_w + 2);
    let mut lines = Vec::new();
    for (mut left, right) in pairs {
        if col + spans_width(&right) <= width {
            let pad = col.saturating_sub(spans_width(&left));
            left.push(Span::raw(" ".repeat(pad)));
            left.extend(right);
            lines.push(Line::from(left));
        } else {
            lines.push(Line::from(left));
            lines.push(Line::from(right));
        }
    }
    lines
}

fn render_activity(app: &App, activity: &DayActivity, area: Rect, buf: &mut Buffer) {
    // The gauge, a gap, two rows of metrics, zone minutes (two lines when narrow) and where the
    // goals come from; a blank line before the charts when there is room.
    let top_h = if area.height >= 20 { 8 } else { 7 };
    let [top, bottom] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Fill(1)]).areas(area);
    let goals = effective_goals(activity, &app.config().goals);
    let units = app.units();
    match &activity.summary {
        Some(summary) => {
            let [gauge_area, _, lines_area] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas(top.inner(ratatui::layout::Margin::new(1, 0)));
            let steps_goal = goals.steps.unwrap_or(0);
            let ratio = if steps_goal > 0 {
                (f64::from(summary.steps) / f64::from(steps_goal)).min(1.0)
            } else {
                0.0
            };
            let label = match goals.steps {
                Some(g) => format!(
                    "{} / {} steps ({:.0}%)",
                    format_count(u64::from(summary.steps)),
                    format_count(u64::from(g)),
                    f64::from(summary.steps) * 100.0 / f64::from(g.max(1))
                ),
                None => format!("{} steps", format_count(u64::from(summary.steps))),
            };
            LabelGauge {
                ratio,
                label: &label,
                fill: Color::Green,
                track: Color::DarkGray,
            }
            .render(gauge_area, buf);

            Paragraph::new(metric_lines(summary, &goals, units, lines_area.width))
                .render(lines_area, buf);
        }
        None => Placeholder::message(vec![
            Line::styled("No data recorded", theme::title()),
            Line::raw(""),
            Line::raw("The tracker recorded no activity on this day (it was probably not worn)."),
        ])
        .render(top, buf),
    }
    render_bottom(app, activity, bottom, buf);
}

/// Distance, calories, floors, active minutes and zone minutes against their goals, laid out
/// for `width` cells.
fn metric_lines(
    summary: &ActivitySummary,
    goals: &Goals,
    units: UnitSystem,
    width: u16,
) -> Vec<Line<'static>> {
    let (distance, distance_unit) = distance_parts(summary.distance_m, units, false);
    let distance_goal = goals.distance_m.map(|g| distance_parts(g, units, true).0);
    let distance = metric(
        "Distance",
        distance,
        distance_goal,
        distance_unit,
        goal_mark(summary.distance_m, goals.distance_m),
    );
    let calories = match summary.calories_kcal {
        Some(kcal) => metric(
            "Calories",
            format_count(kcal.round() as u64),
            goals.calories_kcal.map(|g| format_count(g.round() as u64)),
            "kcal",
            goal_mark(kcal, goals.calories_kcal),
        ),
        None => metric("Calories", "—".into(), None, "", Span::raw("")),
    };
    let floors = match summary.floors {
        Some(f) => metric(
            "Floors",
            f.to_string(),
            goals.floors.map(|g| g.to_string()),
            "",
            goal_mark(f64::from(f), goals.floors.map(f64::from)),
        ),
        None => metric(
            "Floors",
            "—".into(),
            None,
            "",
            Span::styled("  no altimeter data", theme::dim()),
        ),
    };
    let active = match summary.active_minutes {
        Some(m) => metric(
            "Active",
            m.to_string(),
            goals.active_minutes.map(|g| g.to_string()),
            "min",
            goal_mark(f64::from(m), goals.active_minutes.map(f64::from)),
        ),
        None => metric("Active", "—".into(), None, "", Span::raw("")),
    };
    let mut lines = two_columns(
        vec![(distance, calories), (floors, active)],
        usize::from(width),
    );
    // Active Zone Minutes: the credits by zone, and once why they are not minutes in zone.
    let azm_chips = match summary.azm {
        Some(azm) => vec![
            metric(
                "Zone min",
                azm.total().to_string(),
                goals.azm.map(|g| g.to_string()),
                "",
                goal_mark(f64::from(azm.total()), goals.azm.map(f64::from)),
            ),
            vec![Span::styled(
                format!(
                    "fat burn {} · cardio {} · peak {}",
                    azm.fat_burn, azm.cardio, azm.peak
                ),
                theme::dim(),
            )],
            vec![Span::styled(
                "(cardio & peak minutes count double)",
                theme::dim(),
            )],
        ],
        None => vec![metric("Zone min", "—".into(), None, "", Span::raw(""))],
    };
    lines.extend(format::flow(azm_chips, width, 2, "   "));
    let source = match goals.source {
        GoalSource::Provider => "Goals from your account",
        GoalSource::Config => "Goals from config.toml (this source keeps no goals)",
    };
    lines.push(Line::styled(source, theme::dim()));
    lines
}

/// A distance and its unit: the day's distance to two decimals, a goal without trailing zeros
/// (a goal of 8 km reads `8 km`, or `4.97 mi` in imperial units).
pub fn distance_parts(metres: f64, units: UnitSystem, goal: bool) -> (String, &'static str) {
    let (value, unit) = match units {
        UnitSystem::Metric => (metres / 1000.0, "km"),
        UnitSystem::Imperial => (metres / METRES_PER_MILE, "mi"),
    };
    let text = if goal {
        format::trim_decimal(value)
    } else {
        format!("{value:.2}")
    };
    (text, unit)
}

fn render_bottom(app: &App, activity: &DayActivity, area: Rect, buf: &mut Buffer) {
    let [hourly_area, week_area] =
        Layout::horizontal([Constraint::Fill(2), Constraint::Length(34)]).areas(area);
    let hourly_block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme::border())
        .title(Line::styled(" Steps by hour ", theme::title()));
    let hourly_inner = hourly_block.inner(hourly_area);
    hourly_block.render(hourly_area, buf);
    if activity.summary.is_some() && !activity.hourly_steps.is_empty() {
        let values: Vec<u64> = activity
            .hourly_steps
            .iter()
            .map(|h| u64::from(h.steps))
            .collect();
        let every = if values.len() > 12 && hourly_inner.width < 70 {
            6
        } else {
            3
        };
        let labels: Vec<(usize, String)> = activity
            .hourly_steps
            .iter()
            .enumerate()
            .filter(|(_, h)| h.start.to_zoned(app.tz().clone()).hour() % every == 0)
            .map(|(i, h)| (i, format::hour_label(h.start, app.tz(), app.twelve_hour())))
            .collect();
        Bars {
            values: &values,
            labels: &labels,
            style: Style::new().fg(theme::ACCENT),
        }
        .render(hourly_inner.inner(ratatui::layout::Margin::new(1, 0)), buf);
    } else {
        Paragraph::new(Line::styled(" no steps recorded", theme::dim())).render(hourly_inner, buf);
    }

    let week_block = Block::new()
        .borders(Borders::TOP | Borders::LEFT)
        .border_style(theme::border())
        .title(Line::styled(" Last 7 days ", theme::title()));
    let week_inner = week_block.inner(week_area);
    week_block.render(week_area, buf);
    let max = activity
        .week_steps
        .iter()
        .filter_map(|d| d.value)
        .max()
        .unwrap_or(0)
        .max(1);
    let bar_w = usize::from(week_inner.width.saturating_sub(18)).max(1);
    let lines: Vec<Line> = activity
        .week_steps
        .iter()
        .map(|d| {
            let label = d.date.strftime(" %a %d ").to_string();
            let style = if d.date == app.selected() {
                theme::value()
            } else {
                theme::dim()
            };
            match d.value {
                Some(v) => {
                    let filled = (v as usize * bar_w).div_ceil(max as usize);
                    Line::from(vec![
                        Span::styled(label, style),
                        Span::styled("█".repeat(filled), Style::new().fg(theme::ACCENT)),
                        Span::raw(" ".repeat(bar_w - filled.min(bar_w))),
                        Span::styled(format!("{:>7}", format_count(u64::from(v))), style),
                    ])
                }
                None => Line::from(vec![
                    Span::styled(label, style),
                    Span::styled("no data", theme::dim()),
                ]),
            }
        })
        .collect();
    Paragraph::new(lines).render(week_inner, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_goal_of_8_km_reads_8_km_or_its_imperial_equivalent() {
        assert_eq!(
            distance_parts(8000.0, UnitSystem::Metric, true),
            ("8".to_string(), "km")
        );
        assert_eq!(
            distance_parts(8000.0, UnitSystem::Imperial, true),
            ("4.97".to_string(), "mi")
        );
        // The day's distance keeps two decimals.
        assert_eq!(
            distance_parts(8000.0, UnitSystem::Metric, false),
            ("8.00".to_string(), "km")
        );
    }

    #[test]
    fn metrics_never_run_together() {
        let left = metric(
            "Distance",
            "2.67".into(),
            Some("4.97".into()),
            "mi",
            Span::raw(""),
        );
        let right = metric(
            "Calories",
            "1,722".into(),
            Some("2,500".into()),
            "kcal",
            Span::raw(""),
        );
        for width in [40, 56, 76] {
            for line in two_columns(vec![(left.clone(), right.clone())], width) {
                let text = line.to_string();
                assert!(!text.contains("mi Calories"), "{width}: {text}");
                assert!(text.chars().count() <= width, "{width}: {text}");
            }
        }
    }
}
