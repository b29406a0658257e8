//! The help overlay, generated from the keymap table so it always matches the real bindings.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{popup, theme};
use crate::app::alarm_form::FORM_KEYS;
use crate::app::keymap::{BINDINGS, Scope};

fn lines() -> Vec<Line<'static>> {
    let key_width = BINDINGS
        .iter()
        .map(|b| b.keys_label().chars().count())
        .chain(FORM_KEYS.iter().map(|k| k.keys.chars().count()))
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut scope: Option<Scope> = None;
    for binding in BINDINGS {
        if scope != Some(binding.scope) {
            if scope.is_some() {
                out.push(Line::raw(""));
            }
            out.push(Line::styled(binding.scope.title(), theme::title()));
            scope = Some(binding.scope);
        }
        out.push(Line::from(vec![
            Span::styled(
                format!("{:>key_width$}  ", binding.keys_label()),
                theme::key(),
            ),
            Span::raw(binding.command.description()),
        ]));
    }
    // The alarm form's own keys; each field's keys show at the bottom of the form itself.
    out.push(Line::raw(""));
    out.push(Line::styled("Alarm form", theme::title()));
    for hint in FORM_KEYS {
        out.push(Line::from(vec![
            Span::styled(format!("{:>key_width$}  ", hint.keys), theme::key()),
            Span::raw(hint.action),
        ]));
    }
    out
}

pub struct HelpOverlay;

impl Widget for HelpOverlay {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = lines();
        let widest = lines.iter().map(Line::width).max().unwrap_or(0) as u16;
        let rows = lines.len() as u16;
        // One column if it fits the height, otherwise two side by side.
        let inner_height = area.height.saturating_sub(4);
        let columns = if rows <= inner_height { 1 } else { 2 };
        let per_column = rows.div_ceil(columns);
        let width = (widest + 3) * columns + 3;
        let rect = popup::centered(area, width, per_column + 2);
        let inner = popup::frame(rect, buf, "Keys", theme::title(), "? or Esc to close");
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(1),
            ..inner
        };
        let areas =
            Layout::horizontal(vec![Constraint::Length(widest + 3); columns as usize]).split(inner);
        for (i, chunk) in lines.chunks(per_column as usize).enumerate() {
            if let Some(col) = areas.get(i) {
                Paragraph::new(chunk.to_vec()).render(*col, buf);
            }
        }
    }
}
