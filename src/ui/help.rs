//! The help overlay, drawn from the model's help lines and layout ([`crate::app::help`]), which
//! come from the key table: every scope with every key, scrolled with ↑/↓ when taller than the
//! screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{popup, theme};
use crate::app::help::{HelpLayout, HelpLine, help_lines};

fn styled(line: &HelpLine) -> Line<'static> {
    match line {
        HelpLine::Title(scope) => Line::styled(scope.title(), theme::title()),
        HelpLine::Row {
            keys,
            description,
            key_width,
        } => Line::from(vec![
            Span::styled(format!("{keys:>key_width$}  "), theme::key()),
            Span::raw(*description),
        ]),
        HelpLine::Blank => Line::raw(""),
    }
}

/// The help popup, scrolled down by `scroll` rows (clamped to its content).
pub struct HelpOverlay {
    pub scroll: u16,
}

impl Widget for HelpOverlay {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = help_lines();
        let layout = HelpLayout::new(&lines, area.width, area.height);
        let scroll = self.scroll.min(layout.max_scroll());
        let hint = if layout.max_scroll() > 0 {
            "↑↓ scroll · ? or Esc to close"
        } else {
            "? or Esc to close"
        };
        let rect = popup::centered(area, layout.popup_width(), layout.visible + 2);
        let inner = popup::frame(rect, buf, "Keys", theme::title(), hint);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(1),
            ..inner
        };
        let areas =
            Layout::horizontal(layout.widths.iter().map(|w| Constraint::Length(*w))).split(inner);
        for (i, chunk) in lines.chunks(usize::from(layout.per_column)).enumerate() {
            if let Some(col) = areas.get(i) {
                Paragraph::new(chunk.iter().map(styled).collect::<Vec<_>>())
                    .scroll((scroll, 0))
                    .render(*col, buf);
            }
        }
    }
}
