//! Today tab: steps against the goal, distance, calories, floors, active minutes, AZM by zone,
//! hourly steps and the last seven days.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Widget};

use super::slot::{self, Placeholder, SlotState};
use super::widgets::bars::Bars;
use super::{format, theme};
use crate::app::{App, Payload, Resource};
use crate::config::GoalsConfig;
use crate::domain::activity::{ActivitySummary, DayActivity, GoalSource, Goals};
use crate::domain::units::{UnitSystem, format_count, format_distance};

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

fn metric(
    label: &str,
    value: String,
    goal: Option<String>,
    done: Span<'static>,
) -> Vec<Span<'static>> {
    let mut spans = vec![
        Span::styled(format!("{label:<10}"), theme::dim()),
        Span::styled(value, theme::value()),
    ];
    if let Some(goal) = goal {
        spans.push(Span::styled(format!(" / {goal}"), theme::dim()));
    }
    spans.push(done);
    spans
}

fn pad_to(spans: &mut Vec<Span<'static>>, width: usize) {
    let used: usize = spans.iter().map(Span::width).sum();
    if used < width {
        spans.push(Span::raw(" ".repeat(width - used)));
    }
}

fn render_activity(app: &App, activity: &DayActivity, area: Rect, buf: &mut Buffer) {
    let [top, bottom] = Layout::vertical([Constraint::Length(7), Constraint::Fill(1)]).areas(area);
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
            Gauge::default()
                .ratio(ratio)
                .label(label)
                .gauge_style(Style::new().fg(Color::Green).bg(Color::DarkGray))
                .use_unicode(true)
                .render(gauge_area, buf);

            Paragraph::new(metric_lines(
                summary,
                &goals,
                units,
                usize::from(lines_area.width / 2),
            ))
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

/// Distance, calories, floors, active minutes and AZM against their goals.
fn metric_lines(
    summary: &ActivitySummary,
    goals: &Goals,
    units: UnitSystem,
    half: usize,
) -> Vec<Line<'static>> {
    let mut row1 = metric(
        "Distance",
        format_distance(summary.distance_m, units),
        goals.distance_m.map(|g| format_distance(g, units)),
        goal_mark(summary.distance_m, goals.distance_m),
    );
    pad_to(&mut row1, half);
    row1.extend(match summary.calories_kcal {
        Some(kcal) => metric(
            "Calories",
            format!("{} kcal", format_count(kcal.round() as u64)),
            goals.calories_kcal.map(|g| format_count(g.round() as u64)),
            goal_mark(kcal, goals.calories_kcal),
        ),
        None => metric("Calories", "—".into(), None, Span::raw("")),
    });
    let mut row2 = match summary.floors {
        Some(f) => metric(
            "Floors",
            f.to_string(),
            goals.floors.map(|g| g.to_string()),
            goal_mark(f64::from(f), goals.floors.map(f64::from)),
        ),
        None => metric(
            "Floors",
            "—".into(),
            None,
            Span::styled("  no altimeter data", theme::dim()),
        ),
    };
    pad_to(&mut row2, half);
    row2.extend(match summary.active_minutes {
        Some(m) => metric(
            "Active",
            format!("{m} min"),
            goals.active_minutes.map(|g| format!("{g} min")),
            goal_mark(f64::from(m), goals.active_minutes.map(f64::from)),
        ),
        None => metric("Active", "—".into(), None, Span::raw("")),
    });
    let row3 = match summary.azm {
        Some(azm) => {
            let mut spans = metric(
                "Zone min",
                azm.total().to_string(),
                goals.azm.map(|g| g.to_string()),
                goal_mark(f64::from(azm.total()), goals.azm.map(f64::from)),
            );
            spans.push(Span::styled(
                format!(
                    "   fat burn {} · cardio {} · peak {}",
                    azm.fat_burn, azm.cardio, azm.peak
                ),
                theme::dim(),
            ));
            spans
        }
        None => metric("Zone min", "—".into(), None, Span::raw("")),
    };
    let source = match goals.source {
        GoalSource::Provider => "Goals from your account",
        GoalSource::Config => "Goals from config.toml (this source keeps no goals)",
    };
    vec![
        Line::from(row1),
        Line::from(row2),
        Line::from(row3),
        Line::styled(source, theme::dim()),
    ]
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
