//! The top row: the tab bar (left) and the selected date with its weekday (right). The bar's
//! geometry ([`bar_label`]) is the app's, which hit-tests clicks with it.

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme;
use crate::app::tab::bar_label;
use crate::app::{App, Tab};

/// Date labels from the most to the least detailed; the header uses the first that fits.
pub fn date_labels(date: Date, today: Date) -> Vec<String> {
    let relative = if date == today {
        Some("today")
    } else if today.yesterday().ok() == Some(date) {
        Some("yesterday")
    } else {
        None
    };
    let long = date.strftime("%A %-d %B %Y").to_string();
    let medium = date.strftime("%a %-d %b %Y").to_string();
    let short = date.strftime("%a %-d %b").to_string();
    let mut out = Vec::new();
    if let Some(rel) = relative {
        out.push(format!("‹ {long} · {rel} ›"));
        out.push(format!("{medium} · {rel}"));
    } else {
        out.push(format!("‹ {long} ›"));
    }
    out.push(medium);
    out.push(short);
    out
}

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
        let room = area.width.saturating_sub(used + 1) as usize;
        if let Some(label) = date_labels(self.app.selected(), self.app.today())
            .into_iter()
            .find(|l| l.chars().count() <= room)
        {
            Line::from(Span::styled(label, theme::title()))
                .right_aligned()
                .render(area, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_labels_carry_the_weekday() {
        let today = jiff::civil::date(2026, 11, 21);
        let labels = date_labels(today, today);
        assert_eq!(labels[0], "‹ Saturday 21 November 2026 · today ›");
        assert_eq!(labels.last().unwrap(), "Sat 21 Nov");
        let y = date_labels(jiff::civil::date(2026, 11, 20), today);
        assert_eq!(y[1], "Fri 20 Nov 2026 · yesterday");
    }
}
