//! The alarm editor popup: draws an [`AlarmForm`] as a centred box over the Alarms tab.
//!
//! One row per field (marker, name, value) with a row under each for its message: a validation
//! error in red, or a dim note (days are ignored by a one-time alarm). The focused field gets a
//! `▶`, a highlighted name and a reversed value (the time field also gets the terminal cursor
//! on the digit it types over); the bottom rows warn when another alarm of the tracker rings
//! just the same, show the server's error after a failed save, and the keys of the focused
//! field. Long labels end with `…`, cut by display width so emoji never break the border. Where the area is too short for the
//! spacious layout (20 rows, more with a server error), the top gap goes first, then the
//! message rows of fields that have nothing to say.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::format::truncate;
use super::{popup, theme};
use crate::app::alarm_form::{AlarmForm, DEFAULT_VIBE, Focus, NumberField, TimeProblem};
use crate::domain::alarm::{LABEL_MAX_CHARS, Weekdays, short_name};

/// Widest the popup gets.
const MAX_WIDTH: u16 = 76;
/// Columns of the `▶ ` marker.
const MARKER_WIDTH: u16 = 2;
/// Columns of the field names ("Snooze length" and a gap).
const NAME_WIDTH: u16 = 15;
/// Rows the server's message may wrap onto.
const MAX_SERVER_ERROR_ROWS: u16 = 3;

/// Draws an [`AlarmForm`] as a popup centred in the area it is given.
pub struct AlarmFormView<'a> {
    pub form: &'a AlarmForm,
}

impl AlarmFormView<'_> {
    /// Where the terminal cursor belongs when the popup is drawn over `area` (for
    /// `frame.set_cursor_position`): in the label while it has the focus, or on the digit the
    /// time field types over while it has the focus. `None` hides it.
    pub fn cursor(&self, area: Rect) -> Option<Position> {
        let form = self.form;
        if form.is_saving() || form.is_confirming_discard() {
            return None;
        }
        let layout = FormLayout::new(form, area);
        let row = layout.field_row(form.focus())?;
        let value = value_area(row);
        let column = match form.focus() {
            Focus::Label => {
                let width = label_input_width(value.width);
                let label = form.label_field();
                let scroll = label.visual_scroll(usize::from(width));
                label.visual_cursor().saturating_sub(scroll) as u16
            }
            Focus::Time => form.time_field().cursor_column(),
            _ => return None,
        };
        (column < value.width).then(|| Position::new(value.x + column, value.y))
    }
}

impl Widget for AlarmFormView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let form = self.form;
        let layout = FormLayout::new(form, area);
        let (border, hint) = if form.is_confirming_discard() {
            (theme::warning(), "y discard · n keep editing")
        } else if form.is_saving() {
            (theme::title(), "saving… · Ctrl-C quits")
        } else {
            (
                theme::title(),
                "Tab/Shift-Tab move · Enter save · Esc cancel",
            )
        };
        popup::frame(layout.popup, buf, &form.title(), border, hint);
        for &(row, rect) in &layout.rows {
            match row {
                Row::Gap => {}
                Row::Field(focus) => render_field(form, focus, rect, buf),
                Row::Note(focus) => {
                    if let Some(note) = note(form, focus) {
                        note.render(value_area(rect), buf);
                    }
                }
                Row::Warning => {
                    if let Some(warning) = form.duplicate_warning() {
                        Paragraph::new(Line::styled(warning, theme::warning()))
                            .wrap(Wrap { trim: true })
                            .render(rect, buf);
                    }
                }
                Row::ServerError => {
                    if let Some(message) = form.server_error() {
                        Paragraph::new(Line::from(vec![
                            Span::styled("Not saved: ", theme::error()),
                            Span::styled(message, theme::error()),
                        ]))
                        .wrap(Wrap { trim: true })
                        .render(rect, buf);
                    }
                }
                Row::Help => Paragraph::new(help_line(form))
                    .wrap(Wrap { trim: true })
                    .render(rect, buf),
            }
        }
    }
}

/// What a row of the popup holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Gap,
    Field(Focus),
    Note(Focus),
    /// Another alarm of the tracker rings just the same.
    Warning,
    ServerError,
    Help,
}

/// Where everything goes; computed the same way for drawing and for the cursor.
struct FormLayout {
    popup: Rect,
    rows: Vec<(Row, Rect)>,
}

impl FormLayout {
    fn new(form: &AlarmForm, area: Rect) -> Self {
        let width = area.width.saturating_sub(2).min(MAX_WIDTH);
        // Inside the border, one column of padding either side.
        let content_width = width.saturating_sub(4);
        let help_rows = wrapped_rows(help_line(form).width(), content_width).min(2);
        let warning_rows = form.duplicate_warning().map_or(0, |w| {
            wrapped_rows(Line::raw(w).width(), content_width).min(2)
        });
        let server_rows = form.server_error().map_or(0, |m| {
            wrapped_rows("Not saved: ".len() + m.chars().count(), content_width)
                .min(MAX_SERVER_ERROR_ROWS)
        });

        // Most spacious first: a message row under every field and a gap at the top; then
        // without the gap; then message rows only where there is a message.
        let layouts = [(true, true), (true, false), (false, false)].map(|(every_note, gap)| {
            let mut rows = Vec::with_capacity(20);
            if gap {
                rows.push((Row::Gap, 1));
            }
            for focus in Focus::ALL {
                rows.push((Row::Field(focus), 1));
                if every_note || note(form, focus).is_some() {
                    rows.push((Row::Note(focus), 1));
                }
            }
            if warning_rows > 0 {
                rows.push((Row::Warning, warning_rows));
            }
            if server_rows > 0 {
                rows.push((Row::ServerError, server_rows));
            }
            rows.push((Row::Help, help_rows));
            rows
        });
        let [spacious, no_gap, compact] = layouts;
        let rows = [spacious, no_gap]
            .into_iter()
            .find(|rows| total(rows) + 2 <= area.height)
            .unwrap_or(compact);

        let popup = popup::centered(area, width, total(&rows) + 2);
        let inner = Rect {
            x: popup.x + 2,
            y: popup.y + 1,
            width: content_width,
            height: popup.height.saturating_sub(2),
        };
        let mut y = inner.y;
        let mut placed = Vec::with_capacity(rows.len());
        for (row, height) in rows {
            let height = height.min(inner.bottom().saturating_sub(y));
            if height == 0 {
                break;
            }
            placed.push((row, Rect::new(inner.x, y, inner.width, height)));
            y += height;
        }
        Self {
            popup,
            rows: placed,
        }
    }

    fn field_row(&self, focus: Focus) -> Option<Rect> {
        self.rows
            .iter()
            .find(|(row, _)| *row == Row::Field(focus))
            .map(|(_, rect)| *rect)
    }
}

fn total(rows: &[(Row, u16)]) -> u16 {
    rows.iter().map(|(_, h)| h).sum()
}

/// Rows a text of `len` columns takes when wrapped at `width` (at least one).
fn wrapped_rows(len: usize, width: u16) -> u16 {
    len.div_ceil(usize::from(width.max(1))).max(1) as u16
}

/// The part of a field or note row right of the names.
fn value_area(row: Rect) -> Rect {
    let offset = (MARKER_WIDTH + NAME_WIDTH).min(row.width);
    Rect {
        x: row.x + offset,
        width: row.width - offset,
        ..row
    }
}

/// Columns of the label's text box: room for every character and the cursor after them.
fn label_input_width(available: u16) -> u16 {
    // " 30/30" follows the box.
    (LABEL_MAX_CHARS as u16 + 1).min(available.saturating_sub(6))
}

/// The style of the focused part of a value: reversed accent.
fn focused_value() -> Style {
    theme::key().add_modifier(Modifier::REVERSED)
}

fn render_field(form: &AlarmForm, focus: Focus, row: Rect, buf: &mut Buffer) {
    let focused = form.focus() == focus;
    let (marker, name_style) = if focused {
        ("▶ ", theme::title())
    } else {
        ("  ", Style::new())
    };
    Line::from(vec![
        Span::styled(marker, theme::key()),
        Span::styled(
            format!("{:<width$}", focus.label(), width = usize::from(NAME_WIDTH)),
            name_style,
        ),
    ])
    .render(row, buf);
    let area = value_area(row);
    if focus == Focus::Label {
        render_label(form, focused, area, buf);
    } else {
        value_line(form, focus, focused, area.width).render(area, buf);
    }
}

/// The value of every field but the label, with its explanation when `width` leaves room.
fn value_line(form: &AlarmForm, focus: Focus, focused: bool, width: u16) -> Line<'static> {
    // Drops trailing explanations that would not fit.
    let fit = |spans: Vec<Span<'static>>| {
        let line = Line::from(spans);
        if line.width() <= usize::from(width) {
            line
        } else {
            Line::from(line.spans.into_iter().take(1).collect::<Vec<_>>())
        }
    };
    let invalid = form.error(focus).is_some();
    let plain = if invalid {
        theme::error()
    } else {
        theme::value()
    };
    let main = if focused { focused_value() } else { plain };
    match focus {
        Focus::Time => Line::from(Span::styled(form.time_field().text(), main)),
        Focus::Days => days_line(form, focused, width),
        Focus::Repeat => {
            let option = |on: bool, text: &'static str| {
                let style = match (on, focused) {
                    (true, true) => focused_value(),
                    (true, false) => theme::value(),
                    (false, _) => theme::dim(),
                };
                Span::styled(format!("({}) {text}", if on { '*' } else { ' ' }), style)
            };
            Line::from(vec![
                option(form.recurring(), "weekly"),
                Span::raw("   "),
                option(!form.recurring(), "once"),
            ])
        }
        Focus::Enabled => {
            if form.enabled() {
                Line::from(Span::styled("[x] on", main))
            } else {
                fit(vec![
                    Span::styled("[ ] off", main),
                    Span::styled(" — kept on the tracker, but silent", theme::dim()),
                ])
            }
        }
        Focus::SnoozeLength => number_line(form.snooze_length_field(), main, |_| "min".into()),
        Focus::SnoozeCount => number_line(form.snooze_count_field(), main, |v| match v {
            Some(0) => "snoozes (snooze off)".into(),
            Some(1) => "snooze".into(),
            _ => "snoozes".into(),
        }),
        Focus::Vibe => {
            if form.vibe() == DEFAULT_VIBE {
                fit(vec![
                    Span::styled("Default", main),
                    Span::styled(" — the only pattern the API offers", theme::dim()),
                ])
            } else {
                fit(vec![
                    Span::styled(form.vibe().to_string(), main),
                    Span::styled(" — kept as the tracker has it", theme::dim()),
                ])
            }
        }
        Focus::Label => Line::default(),
    }
}

/// `[x]Mon [x]Tue … [ ]Sun` (`✓Mon ✓Tue …  Sun` where that is too wide): chosen days bold, the
/// rest dim, the day cursor reversed; all dim for a one-time alarm, which ignores them.
fn days_line(form: &AlarmForm, focused: bool, width: u16) -> Line<'static> {
    const BOXES_WIDTH: u16 = 7 * 6 + 6;
    let boxes = width >= BOXES_WIDTH;
    let field = form.days_field();
    let days = field.days();
    let mut spans = Vec::with_capacity(14);
    for (i, day) in Weekdays::ORDER.into_iter().enumerate() {
        let chosen = days.contains(day);
        let style = if focused && i == field.cursor() {
            focused_value()
        } else if chosen && form.recurring() {
            theme::value()
        } else {
            theme::dim()
        };
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let text = match (boxes, chosen) {
            (true, true) => format!("[x]{}", short_name(day)),
            (true, false) => format!("[ ]{}", short_name(day)),
            (false, true) => format!("✓{}", short_name(day)),
            (false, false) => format!(" {}", short_name(day)),
        };
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

/// `9 min  1–60`: the number (a blank when erased), its unit and its range.
fn number_line(
    field: &NumberField,
    style: Style,
    unit: impl Fn(Option<u16>) -> String,
) -> Line<'static> {
    let text = field.text();
    let shown = if text.is_empty() {
        "_".to_string()
    } else {
        text
    };
    Line::from(vec![
        Span::styled(shown, style),
        Span::raw(" "),
        Span::raw(unit(field.value())),
        Span::styled(
            format!("   ({}–{})", field.range().start(), field.range().end()),
            theme::dim(),
        ),
    ])
}

/// The label's text box: underlined while focused, with a character count; "none" when empty.
fn render_label(form: &AlarmForm, focused: bool, area: Rect, buf: &mut Buffer) {
    let label = form.label_field();
    if !focused {
        let line = if label.is_empty() {
            Line::styled("none", theme::dim())
        } else {
            let style = if form.error(Focus::Label).is_some() {
                theme::error()
            } else {
                theme::value()
            };
            Line::styled(truncate(label.text(), usize::from(area.width)), style)
        };
        line.render(area, buf);
        return;
    }
    let width = label_input_width(area.width);
    let scroll = label.visual_scroll(usize::from(width));
    let box_style = theme::key().add_modifier(Modifier::UNDERLINED);
    let text_area = Rect { width, ..area };
    buf.set_style(text_area, box_style);
    Paragraph::new(label.text())
        .style(box_style)
        .scroll((0, scroll as u16))
        .render(text_area, buf);
    let count = label.len();
    let count_style = if count >= LABEL_MAX_CHARS {
        theme::warning()
    } else {
        theme::dim()
    };
    let count_area = Rect {
        x: area.x + width,
        width: area.width - width,
        ..area
    };
    Line::styled(format!(" {count}/{LABEL_MAX_CHARS}"), count_style).render(count_area, buf);
}

/// The message under a field: its validation error, or a note.
fn note(form: &AlarmForm, focus: Focus) -> Option<Line<'static>> {
    if let Some(message) = form.error(focus) {
        // While the time is still being typed, "incomplete" is a nudge, not yet an error.
        let typing = focus == Focus::Time
            && form.focus() == Focus::Time
            && matches!(
                form.time_field().problems().as_slice(),
                [TimeProblem::Incomplete { .. }]
            );
        let style = if typing {
            theme::warning()
        } else {
            theme::error()
        };
        return Some(Line::styled(message.to_string(), style));
    }
    (focus == Focus::Days && !form.recurring()).then(|| {
        let when = match form.time_field().value() {
            Ok(time) => format!("the next {}", time.display(form.twelve_hour())),
            Err(_) => "its next occurrence".to_string(),
        };
        Line::styled(
            format!("ignored: a one-time alarm rings at {when}"),
            theme::dim(),
        )
    })
}

/// The bottom line: the focused field's keys, or the discard question, or "saving…".
fn help_line(form: &AlarmForm) -> Line<'static> {
    if form.is_confirming_discard() {
        return Line::from(vec![
            Span::styled("Discard your changes? ", theme::warning()),
            Span::styled("y", theme::key()),
            Span::styled(" / ", theme::warning()),
            Span::styled("n", theme::key()),
            Span::styled("   y or Esc discards, n keeps editing", theme::dim()),
        ]);
    }
    if form.is_saving() {
        return Line::styled("saving…", theme::warning());
    }
    let hints = form.focus().key_hints(form.twelve_hour());
    if hints.is_empty() {
        return Line::styled(
            "Read-only: the alarm API documents a single vibration pattern.",
            theme::dim(),
        );
    }
    let mut spans = Vec::with_capacity(hints.len() * 3);
    for (i, hint) in hints.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(hint.keys, theme::key()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(hint.action, theme::dim()));
    }
    Line::from(spans)
}
