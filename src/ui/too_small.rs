//! Shown instead of the layout when the terminal is below the minimum size.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::theme;

/// Smallest terminal fittui lays out in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;

pub struct TooSmall;

impl Widget for TooSmall {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = vec![
            Line::styled("Terminal too small", theme::warning()),
            Line::raw(""),
            Line::from(vec![
                Span::raw("This window is "),
                Span::styled(format!("{}×{}", area.width, area.height), theme::value()),
                Span::raw("; fittui needs at least "),
                Span::styled(format!("{MIN_WIDTH}×{MIN_HEIGHT}"), theme::value()),
                Span::raw("."),
            ]),
            Line::raw("Enlarge it, or press q to quit."),
        ];
        let top = area.height.saturating_sub(lines.len() as u16) / 2;
        let rect = Rect {
            y: area.y + top,
            height: area.height - top,
            ..area
        };
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(rect, buf);
    }
}
