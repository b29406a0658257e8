//! Centred popups: a cleared, bordered box over the tabs, "Esc to close" in the bottom title.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use super::theme;
use crate::app::status::Severity;

/// A `width`×`height` rectangle centred in `area` (clamped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// The frame of every popup; returns the inner area.
pub fn frame(area: Rect, buf: &mut Buffer, title: &str, style: Style, hint: &str) -> Rect {
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(style)
        .title(Line::styled(format!(" {title} "), style))
        .title_bottom(Line::styled(format!(" {hint} "), theme::dim()).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// A yes / no question.
pub struct ConfirmPopup<'a> {
    pub confirm: &'a crate::app::Confirm,
}

impl Widget for ConfirmPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let width = 60.min(area.width.saturating_sub(4)).max(24);
        let inner_w = usize::from(width.saturating_sub(4)).max(1);
        let rows = self.confirm.body.chars().count().div_ceil(inner_w).max(1) as u16;
        let rect = centered(area, width, rows + 6);
        let inner = frame(
            rect,
            buf,
            &self.confirm.title,
            theme::warning(),
            "y yes · n / Esc no",
        );
        let inner = inner.inner(ratatui::layout::Margin::new(1, 1));
        let text = Text::from(vec![
            Line::raw(self.confirm.body.clone()),
            Line::raw(""),
            Line::from(vec![
                ratatui::text::Span::styled("y", theme::key()),
                ratatui::text::Span::raw(" yes   "),
                ratatui::text::Span::styled("n", theme::key()),
                ratatui::text::Span::raw(" no"),
            ]),
        ]);
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

/// A message popup.
pub struct MessagePopup<'a> {
    pub severity: Severity,
    pub title: &'a str,
    pub body: &'a str,
}

impl Widget for MessagePopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let width = 64.min(area.width.saturating_sub(4)).max(20);
        let text = Text::raw(self.body);
        // Wrapped height estimate: each line takes ceil(len / inner width) rows.
        let inner_w = usize::from(width.saturating_sub(4)).max(1);
        let rows: usize = self
            .body
            .lines()
            .map(|l| l.chars().count().div_ceil(inner_w).max(1))
            .sum();
        let height = (rows as u16 + 4).min(area.height);
        let rect = centered(area, width, height);
        let inner = frame(
            rect,
            buf,
            self.title,
            theme::severity(self.severity),
            "Esc / Enter to close",
        );
        let inner = inner.inner(ratatui::layout::Margin::new(1, 1));
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

/// The go-to-date prompt: one line to type in, what it understands, and the last error.
pub struct GoToPopup<'a> {
    pub prompt: &'a crate::app::goto::GoToPrompt,
    /// Today, and the day on screen (the calendar's day while the text is not a date).
    pub today: jiff::civil::Date,
    pub selected: jiff::civil::Date,
}

/// The month calendar's rows: a blank, its title, the weekdays, six weeks, a key line.
const CALENDAR_ROWS: u16 = 10;

impl GoToPopup<'_> {
    fn rect(area: Rect) -> Rect {
        let height = if area.height >= 8 + CALENDAR_ROWS + 2 {
            8 + CALENDAR_ROWS
        } else {
            8
        };
        centered(area, 56.min(area.width.saturating_sub(2)).max(30), height)
    }

    /// Where the terminal cursor goes (the prompt's insertion point).
    pub fn cursor(&self, area: Rect) -> Option<ratatui::layout::Position> {
        let field = Self::field(Self::rect(area));
        let width = usize::from(field.width.max(1));
        let column = self.prompt.visual_cursor() - self.prompt.visual_scroll(width);
        Some(ratatui::layout::Position::new(
            field.x
                + u16::try_from(column)
                    .unwrap_or(0)
                    .min(field.width.saturating_sub(1)),
            field.y,
        ))
    }

    /// The text field inside the popup: the first text row (below the border and a blank
    /// row), after the border, a space and the `› ` mark.
    fn field(rect: Rect) -> Rect {
        Rect::new(rect.x + 4, rect.y + 2, rect.width.saturating_sub(6), 1)
    }
}

impl Widget for GoToPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rect = Self::rect(area);
        let accent = Style::new().fg(theme::ACCENT);
        let inner = frame(rect, buf, "Go to date", accent, "Enter go · Esc close");
        let inner = inner.inner(ratatui::layout::Margin::new(1, 0));
        let field = Self::field(rect);
        let width = usize::from(field.width.max(1));
        let scroll = self.prompt.visual_scroll(width);
        let shown: String = self.prompt.text().chars().skip(scroll).collect();
        let message = match &self.prompt.error {
            Some(error) => Line::styled(error.clone(), theme::error()),
            None => Line::styled(crate::app::goto::HINT.to_string(), theme::dim()),
        };
        let text = Text::from(vec![
            Line::from(vec![
                ratatui::text::Span::styled("› ", theme::key()),
                ratatui::text::Span::raw(shown),
            ]),
            Line::raw(""),
            message,
        ]);
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .render(inner.inner(ratatui::layout::Margin::new(0, 1)), buf);
        if rect.height >= 8 + CALENDAR_ROWS {
            let day = self.prompt.calendar_day(self.today, self.selected);
            let area = Rect::new(inner.x, rect.y + 7, inner.width, CALENDAR_ROWS - 1);
            calendar(area, buf, day, self.today);
        }
    }
}

/// A month calendar around `day` (highlighted; today underlined; days after today dim), weeks
/// from Monday, and its keys.
fn calendar(area: Rect, buf: &mut Buffer, day: jiff::civil::Date, today: jiff::civil::Date) {
    use ratatui::style::Modifier;
    use ratatui::text::Span;
    let width = 20;
    let x = area.x + area.width.saturating_sub(width) / 2;
    let title = day.strftime("%B %Y").to_string();
    let tx = x + (width.saturating_sub(title.chars().count() as u16)) / 2;
    buf.set_string(tx, area.y, &title, theme::title());
    buf.set_string(x, area.y + 1, "Mo Tu We Th Fr Sa Su", theme::dim());
    let first = day.first_of_month();
    let offset = i16::from(first.weekday().to_monday_zero_offset());
    for (i, d) in crate::domain::calendar::days(first, first.last_of_month())
        .into_iter()
        .enumerate()
    {
        let cell = offset + i16::try_from(i).unwrap_or(0);
        let (row, column) = (cell / 7, cell % 7);
        let mut style = if d > today {
            theme::dim()
        } else {
            Style::new()
        };
        if d == today {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        if d == day {
            style = theme::tab_selected();
        }
        buf.set_string(
            x + u16::try_from(column * 3).unwrap_or(0),
            area.y + 2 + u16::try_from(row).unwrap_or(0),
            format!("{:>2}", d.day()),
            style,
        );
    }
    let keys = Line::from(vec![
        Span::styled("↑↓", theme::key()),
        Span::styled(" week  ", theme::dim()),
        Span::styled("Shift-←→", theme::key()),
        Span::styled(" day  ", theme::dim()),
        Span::styled("PgUp/PgDn", theme::key()),
        Span::styled(" month", theme::dim()),
    ]);
    keys.centered()
        .render(Rect::new(area.x, area.y + 8, area.width, 1), buf);
}

/// Personal records and streaks, each with its date.
pub struct RecordsPopup<'a> {
    pub records: Option<&'a Result<crate::store::Records, String>>,
}

impl Widget for RecordsPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rect = centered(area, 60.min(area.width.saturating_sub(2)).max(30), 11);
        let accent = Style::new().fg(theme::ACCENT);
        let inner = frame(rect, buf, "Personal records", accent, "p / Esc close");
        let inner = inner.inner(ratatui::layout::Margin::new(1, 1));
        let day = |d: jiff::civil::Date| d.strftime("%a %-d %b %Y").to_string();
        let lines: Vec<Line> = match self.records {
            None => vec![Line::styled("Reading the local store…", theme::dim())],
            Some(Err(e)) => vec![Line::styled(format!("No records: {e}"), theme::dim())],
            Some(Ok(r)) if r.days == 0 => vec![Line::styled(
                "Nothing stored yet: records grow as days are fetched (browse, or run `fittui sync`).",
                theme::dim(),
            )],
            Some(Ok(r)) => {
                let row = |label: &str, value: String| {
                    Line::from(vec![
                        ratatui::text::Span::styled(format!("{label:<16}"), theme::dim()),
                        ratatui::text::Span::raw(value),
                    ])
                };
                let streak = |s: Option<crate::store::Streak>| match s {
                    Some(s) if s.days == 1 => format!("1 day · {}", day(s.last)),
                    Some(s) => format!(
                        "{} days · {} – {}",
                        s.days,
                        s.first.strftime("%-d %b %Y"),
                        s.last.strftime("%-d %b %Y")
                    ),
                    None => "—".into(),
                };
                vec![
                    row(
                        "Best day",
                        r.best_day.map_or("—".into(), |(d, s)| {
                            format!(
                                "{} steps · {}",
                                crate::domain::units::format_count(u64::from(s)),
                                day(d)
                            )
                        }),
                    ),
                    row("Longest streak", streak(r.longest_streak)),
                    row("Current streak", streak(r.current_streak)),
                    row(
                        "Lowest resting",
                        r.lowest_resting
                            .map_or("—".into(), |(d, bpm)| format!("{bpm} bpm · {}", day(d))),
                    ),
                    row(
                        "Longest sleep",
                        r.longest_sleep.map_or("—".into(), |(d, m)| {
                            format!("{}h {:02}m · night to {}", m / 60, m % 60, day(d))
                        }),
                    ),
                    Line::raw(""),
                    Line::styled(
                        format!(
                            "From {} stored days; a streak is days at the step goal.",
                            r.days
                        ),
                        theme::dim(),
                    ),
                ]
            }
        };
        Paragraph::new(Text::from(lines))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
    }
}
