//! The message log (`m`): every message of the session, newest first, in full — the status
//! line shows one at a time and may have to shorten it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{popup, theme};
use crate::app::App;

/// The log popup, `scroll` messages down from the newest.
pub struct LogOverlay<'a> {
    pub app: &'a App,
    pub scroll: u16,
}

impl Widget for LogOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let log = self.app.status().log();
        let width = area.width.saturating_sub(4).clamp(20, 100);
        let height = area.height.saturating_sub(2).max(3);
        let rect = popup::centered(area, width, height);
        let hint = if log.len() > 1 {
            "↑↓ older / newer · m or Esc to close"
        } else {
            "m or Esc to close"
        };
        let title = format!("Messages ({})", log.len());
        let inner = popup::frame(rect, buf, &title, theme::title(), hint);
        let inner = inner.inner(Margin::new(1, 0));
        if log.is_empty() {
            Paragraph::new(Line::styled("No messages yet.", theme::dim())).render(inner, buf);
            return;
        }
        let local = self.app.local_time();
        let lines: Vec<Line> = log
            .iter()
            .rev()
            .skip(usize::from(self.scroll))
            .map(|entry| {
                let mut spans = vec![
                    Span::styled(format!("{}  ", local.minute(entry.at)), theme::dim()),
                    Span::styled(entry.text.clone(), theme::severity(entry.severity)),
                ];
                if entry.times > 1 {
                    spans.push(Span::styled(format!(" (×{})", entry.times), theme::dim()));
                }
                Line::from(spans)
            })
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}
