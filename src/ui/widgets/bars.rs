//! Vertical bars with eighth-block resolution and a time axis under them (hourly steps).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::ui::theme;

const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// Bars for `values`, each `bar_width` cells wide with a one-cell gap, scaled to the largest
/// value; `labels` are drawn under the bars whose index they carry.
pub struct Bars<'a> {
    pub values: &'a [u64],
    pub labels: &'a [(usize, String)],
    pub style: Style,
}

impl Bars<'_> {
    /// Cells per bar that fit `width` (at least 1).
    pub fn bar_width(count: usize, width: u16) -> u16 {
        if count == 0 {
            return 1;
        }
        ((usize::from(width) / count).saturating_sub(1)).max(1) as u16
    }
}

impl Widget for Bars<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 2 || self.values.is_empty() {
            return;
        }
        let chart_h = area.height - 1;
        let bar_w = Self::bar_width(self.values.len(), area.width);
        let max = self.values.iter().copied().max().unwrap_or(0).max(1);
        for (i, &v) in self.values.iter().enumerate() {
            let x0 = area.x + i as u16 * (bar_w + 1);
            if x0 + bar_w > area.right() {
                break;
            }
            // Height in eighths of a cell; any non-zero value shows at least a sliver.
            let mut eighths = (v * u64::from(chart_h) * 8).div_ceil(max);
            if v > 0 {
                eighths = eighths.max(1);
            }
            for row in 0..chart_h {
                let y = area.y + chart_h - 1 - row;
                let level = eighths.saturating_sub(u64::from(row) * 8).min(8) as usize;
                if level == 0 {
                    continue;
                }
                for dx in 0..bar_w {
                    buf[(x0 + dx, y)]
                        .set_symbol(EIGHTHS[level])
                        .set_style(self.style);
                }
            }
        }
        let label_y = area.bottom() - 1;
        for (i, label) in self.labels {
            let x = area.x + *i as u16 * (bar_w + 1);
            if x + label.chars().count() as u16 <= area.right() {
                buf.set_string(x, label_y, label, theme::dim());
            }
        }
    }
}
