//! Sleep tab: the main sleep's hypnogram, time asleep and in bed, minutes per stage against
//! the 30-day average, naps listed apart, "still processing" shown as such, and the night's
//! `SpO₂`, breathing rate and skin-temperature deviation. A night belongs to the day it ends.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::slot::{self, Placeholder, SlotState};
use super::widgets::hypnogram::Hypnogram;
use super::{format, theme};
use crate::app::{App, Payload, Resource};
use crate::domain::sleep::{SleepDay, SleepKind, SleepSession, StageTotal};
use crate::domain::units::{format_minutes, format_temperature_delta};

pub struct SleepView<'a> {
    pub app: &'a App,
}

impl Widget for SleepView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let state = slot::state(app, Resource::Sleep(app.selected()));
        let block = slot::block("Sleep", app, &state);
        let inner = block.inner(area);
        block.render(area, buf);
        match state {
            SlotState::Ready {
                payload: Payload::Sleep(day),
                ..
            } if !day.is_empty() => render_day(app, day, inner, buf),
            SlotState::Ready { .. } => Placeholder::message(vec![
                Line::styled("No sleep recorded", theme::title()),
                Line::raw(""),
                Line::raw("No sleep ended on this day."),
            ])
            .render(inner, buf),
            other => Placeholder::for_app(app, &other, "sleep data").render(inner, buf),
        }
    }
}

fn session_span(app: &App, s: &SleepSession) -> String {
    format!(
        "{} → {}",
        format::clock_time(s.start, app.tz(), app.twelve_hour()),
        format::clock_time(s.end, app.tz(), app.twelve_hour())
    )
}

/// The night's summary chips: times, asleep, in bed, log kind, efficiency, and "still
/// processing" (said once, here).
fn summary_chips(
    app: &App,
    day: &SleepDay,
    main: Option<&SleepSession>,
) -> Vec<Vec<Span<'static>>> {
    let processing = day.processing || main.is_some_and(|s| s.processing);
    let mut chips = Vec::new();
    match main {
        Some(s) => {
            let kind = if s.is_main { "Main sleep" } else { "Sleep" };
            chips.push(vec![
                Span::styled(format!("{kind} "), theme::dim()),
                Span::styled(session_span(app, s), theme::value()),
            ]);
            // A night still being processed reports no time asleep yet: say nothing rather
            // than "0m".
            let asleep = if s.processing && s.minutes_asleep == 0 {
                Span::styled("—", theme::dim())
            } else {
                Span::styled(format_minutes(s.minutes_asleep), theme::value())
            };
            chips.push(vec![Span::styled("asleep ", theme::dim()), asleep]);
            chips.push(vec![
                Span::styled("in bed ", theme::dim()),
                Span::styled(format_minutes(s.time_in_bed), theme::value()),
            ]);
            if s.kind == SleepKind::Classic && !s.segments.is_empty() {
                chips.push(vec![Span::styled("classic log", theme::dim())]);
            }
            if let Some(eff) = s.efficiency {
                chips.push(vec![Span::styled(
                    format!("efficiency {eff}%"),
                    theme::dim(),
                )]);
            }
            if let Some(score) = day.score {
                chips.push(vec![
                    Span::styled("score ", theme::dim()),
                    Span::styled(score.to_string(), theme::value()),
                ]);
            }
        }
        None if processing => {}
        None => chips.push(vec![Span::styled(
            "No main sleep for this night.",
            theme::dim(),
        )]),
    }
    if processing {
        chips.push(vec![Span::styled(
            "Night still processing — press r to check again",
            theme::warning(),
        )]);
    }
    chips
}

fn render_day(app: &App, day: &SleepDay, area: Rect, buf: &mut Buffer) {
    let main = day.main().or_else(|| day.sessions.first());
    // Without a timeline (the night is still processing) the panels below take its room.
    let hyp_h = match main {
        Some(s) if s.segments.is_empty() => 0,
        Some(s) if area.height >= 30 => {
            super::widgets::hypnogram::levels(s.kind).len() as u16 * 3 + 1
        }
        Some(s) => super::widgets::hypnogram::levels(s.kind).len() as u16 * 2 + 1,
        None => 0,
    };
    let [summary, hyp_area, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(hyp_h),
        Constraint::Fill(1),
    ])
    .areas(area);

    let text_area = Rect {
        x: summary.x + 1,
        width: summary.width.saturating_sub(1),
        ..summary
    };
    Paragraph::new(format::flow(
        summary_chips(app, day, main),
        text_area.width,
        2,
        "   ",
    ))
    .render(text_area, buf);

    if let Some(s) = main
        && !s.segments.is_empty()
    {
        Hypnogram {
            session: s,
            tz: app.tz(),
            twelve_hour: app.twelve_hour(),
        }
        .render(hyp_area, buf);
    }

    let [stages_area, vitals_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
    render_stages(main, stages_area, buf);
    render_vitals(app, day, main, vitals_area, buf);
}

/// The stages in the hypnogram's order (top to bottom), whatever order the source sent.
fn ordered_stages(s: &SleepSession) -> Vec<&StageTotal> {
    let order = super::widgets::hypnogram::levels(s.kind);
    let mut stages: Vec<&StageTotal> = s.stages.iter().collect();
    stages.sort_by_key(|t| {
        order
            .iter()
            .position(|l| *l == t.level)
            .unwrap_or(order.len())
    });
    stages
}

fn render_stages(main: Option<&SleepSession>, area: Rect, buf: &mut Buffer) {
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme::border())
        .title(Line::styled(" Stages ", theme::title()))
        .title(Line::styled(" 30-day avg ", theme::dim()).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    let stages = main.map(ordered_stages).unwrap_or_default();
    if stages.is_empty() {
        Paragraph::new(Line::styled(" No stages yet.", theme::dim())).render(inner, buf);
        return;
    }
    let minutes: Vec<u32> = stages.iter().map(|t| t.minutes).collect();
    let pcts = format::percentages(&minutes);
    let lines: Vec<Line> = stages
        .iter()
        .zip(pcts)
        .map(|(t, pct)| {
            let avg = t.thirty_day_avg.map_or_else(
                || "—".to_string(),
                |a| {
                    let diff = i64::from(t.minutes) - i64::from(a);
                    format!("{} ({diff:+}m)", format_minutes(a))
                },
            );
            Line::from(vec![
                Span::styled(" ■ ", Style::new().fg(theme::sleep_level(t.level))),
                Span::raw(format!("{:<9}", t.level.label())),
                Span::styled(format!("{:>7}", format_minutes(t.minutes)), theme::value()),
                Span::styled(format!(" {pct:>3}%"), theme::dim()),
                Span::styled(format!("  {avg}"), theme::dim()),
            ])
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

fn render_vitals(
    app: &App,
    day: &SleepDay,
    main: Option<&SleepSession>,
    area: Rect,
    buf: &mut Buffer,
) {
    let block = Block::new()
        .borders(Borders::TOP | Borders::LEFT)
        .border_style(theme::border())
        .title(Line::styled(" Night ", theme::title()));
    let inner = block.inner(area);
    block.render(area, buf);
    let missing = || Span::styled("no data", theme::dim());
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" SpO₂        ", theme::dim()),
            match day.spo2 {
                Some(s) => Span::styled(
                    match (s.min, s.max) {
                        (Some(lo), Some(hi)) => format!("{:.1}% ({lo:.0}–{hi:.0}%)", s.avg),
                        _ => format!("{:.1}%", s.avg),
                    },
                    theme::value(),
                ),
                None => missing(),
            },
        ]),
        Line::from(vec![
            Span::styled(" Breathing   ", theme::dim()),
            match day.breathing_rate {
                Some(br) => Span::styled(format!("{br:.1} /min"), theme::value()),
                None => missing(),
            },
        ]),
        Line::from(vec![
            Span::styled(" Skin temp   ", theme::dim()),
            match day.skin_temp_delta_c {
                Some(d) => Span::styled(
                    format!(
                        "{} vs baseline",
                        format_temperature_delta(d, app.temperature_unit())
                    ),
                    theme::value(),
                ),
                None => missing(),
            },
        ]),
    ];
    let naps: Vec<&SleepSession> = day
        .sessions
        .iter()
        .filter(|s| main.is_none_or(|m| !std::ptr::eq(*s, m)))
        .collect();
    if !naps.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(" Naps", theme::title()));
        for nap in naps {
            lines.push(Line::from(vec![
                Span::raw(format!(" {}", session_span(app, nap))),
                Span::styled(
                    format!("  {} asleep", format_minutes(nap.minutes_asleep)),
                    theme::dim(),
                ),
            ]));
        }
    }
    Paragraph::new(lines).render(inner, buf);
}
