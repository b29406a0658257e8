//! Vertical bars with eighth-block resolution, a labelled y-axis on their left and a time axis
//! under them (hourly steps). The y-axis runs from 0 to a round number at or above the largest
//! bar (1, 2, 2.5 or 5 times a power of ten), so a quiet day's bars look as small as they are
//! and the scale can be read off.

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

/// The round number the axis tops out at: the smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `max`.
pub fn axis_top(max: u64) -> u64 {
    let mut power = 1u64;
    loop {
        for step in [10, 20, 25, 50] {
            let top = power.saturating_mul(step) / 10;
            if top >= max.max(1) {
                return top;
            }
        }
        if power > u64::MAX / 100 {
            return max;
        }
        power *= 10;
    }
}

/// An axis label: `750`, `2.5k`, `10k`, `1.2M`.
pub fn axis_label(value: u64) -> String {
    let short = |v: u64, unit: u64, suffix: &str| {
        if v.is_multiple_of(unit) {
            format!("{}{suffix}", v / unit)
        } else {
            format!("{:.1}{suffix}", v as f64 / unit as f64)
        }
    };
    match value {
        v if v >= 1_000_000 => short(v, 1_000_000, "M"),
        v if v >= 1_000 => short(v, 1_000, "k"),
        v => v.to_string(),
    }
}

/// Draws a y-axis from 0 to `top` down the left of `area`'s chart rows (all but the last,
/// which is left for the x labels): the top value, half-way when `half` and there is room, 0,
/// and a rule with a tick at each label. Returns the plot area to its right (the full height,
/// labels row included), or `None` when `area` is too narrow for a chart.
pub fn y_axis(area: Rect, buf: &mut Buffer, top: u64, half: bool) -> Option<Rect> {
    let chart_h = area.height.checked_sub(1)?;
    let top_label = axis_label(top);
    let label_w = top_label.chars().count().max(1) as u16;
    if chart_h == 0 || area.width <= label_w + 3 {
        return None;
    }
    let axis_x = area.x + label_w;
    for y in area.y..area.y + chart_h {
        buf[(axis_x, y)].set_symbol("│").set_style(theme::dim());
    }
    let mut tick = |y: u16, label: &str| {
        let x = area.x + label_w - label.chars().count() as u16;
        buf.set_string(x, y, label, theme::dim());
        buf[(axis_x, y)].set_symbol("┤").set_style(theme::dim());
    };
    tick(area.y, &top_label);
    if half && chart_h >= 5 {
        tick(area.y + chart_h - chart_h.div_ceil(2), &axis_label(top / 2));
    }
    tick(area.y + chart_h - 1, "0");
    Some(Rect::new(
        axis_x + 1,
        area.y,
        area.width - label_w - 1,
        area.height,
    ))
}

/// Draws one bar of `value` on a scale topping out at `top`: `width` cells from column `x`,
/// rising from the bottom of the `chart_h` rows below `y` in eighths of a cell (any non-zero
/// value shows at least a sliver).
#[allow(clippy::too_many_arguments)] // one bar's geometry, value and style
pub fn bar(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    chart_h: u16,
    value: u64,
    top: u64,
    style: Style,
) {
    let mut eighths = (value * u64::from(chart_h) * 8).div_ceil(top.max(1));
    if value > 0 {
        eighths = eighths.max(1);
    }
    for row in 0..chart_h {
        let cell_y = y + chart_h - 1 - row;
        let level = eighths.saturating_sub(u64::from(row) * 8).min(8) as usize;
        if level == 0 {
            continue;
        }
        for dx in 0..width {
            buf[(x + dx, cell_y)]
                .set_symbol(EIGHTHS[level])
                .set_style(style);
        }
    }
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
        let top = axis_top(self.values.iter().copied().max().unwrap_or(0));
        let Some(area) = y_axis(area, buf, top, true) else {
            return;
        };
        let bar_w = Self::bar_width(self.values.len(), area.width);
        for (i, &v) in self.values.iter().enumerate() {
            let x0 = area.x + i as u16 * (bar_w + 1);
            if x0 + bar_w > area.right() {
                break;
            }
            bar(buf, x0, area.y, bar_w, chart_h, v, top, self.style);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_tops_out_at_a_round_number() {
        for (max, top) in [
            (0, 1),
            (1, 1),
            (7, 10),
            (682, 1000),
            (1_001, 2_000),
            (2_100, 2_500),
            (2_500, 2_500),
            (4_200, 5_000),
            (15_000, 20_000),
        ] {
            assert_eq!(axis_top(max), top, "{max}");
        }
        assert_eq!(axis_label(2_500), "2.5k");
        assert_eq!(axis_label(10_000), "10k");
        assert_eq!(axis_label(750), "750");
    }
}
