//! The top row: the tab bar (left) and the selected date with its weekday (right). The bar's
//! geometry ([`bar_label`]) is the app's, which hit-tests clicks with it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme;
use crate::app::tab::{bar_label, header_date_label};
use crate::app::{App, Tab};

/// The header widget.
pub struct Header<'a> {
    pub app: &'a App,
}

impl Widget for Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut spans = Vec::new();
        let mut used = 0u16;
        for tab in Tab::ALL {
            let label = bar_label(tab);
            used += label.chars().count() as u16;
            let style = if tab == self.app.tab() {
                theme::tab_selected()
            } else {
                theme::tab()
            };
            spans.push(Span::styled(label, style));
        }
        Line::from(spans).render(area, buf);
        debug_assert_eq!(used, crate::app::tab::bar_width());
        if let Some(label) = header_date_label(
            area.width,
            self.app.selected(),
            self.app.today(),
            self.app.period(),
        ) {
            Line::from(Span::styled(label, theme::title()))
                .right_aligned()
                .render(area, buf);
        }
    }
}
