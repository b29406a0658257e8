//! The charts of the week, month and year views: one column per day (a week per column in a
//! year), laid out by [`crate::app::period`] so a click finds the column drawn; a y-axis of
//! [`AXIS_WIDTH`] cells with labels; dates under the columns. A column without a value is a
//! gap — never a zero — and one not stored yet shows `·` on the bottom row.
//!
//! - [`range_chart`]: per column an optional band (a range, e.g. the day's lowest to highest
//!   heart rate, or a night from bedtime to waking) and an optional point (e.g. the resting
//!   heart rate); consecutive points are joined by a line.
//! - [`stacked_chart`]: per column stacked parts (e.g. minutes per heart-rate zone or per
//!   sleep stage) on an axis from 0.
//! - [`strip`]: one row of eighth-block heights between the values' minimum and maximum (the
//!   nightly vitals).

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use crate::app::period::{AXIS_WIDTH, Period, slot, starts_week};
use crate::ui::theme;

const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// What every chart column carries besides its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnMark {
    /// The column's first day (a year's column is a week).
    pub first: Date,
    /// Nothing stored for it yet (drawn `·`).
    pub missing: bool,
    /// It holds the cursor.
    pub cursor: bool,
}

/// One column of a [`range_chart`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangeColumn {
    pub mark: ColumnMark,
    pub band: Option<(f64, f64)>,
    pub point: Option<f64>,
    /// A reading drawn as `●` over the band and the line (e.g. a weigh-in).
    pub dot: Option<f64>,
}

/// The y scale of a [`range_chart`]: `top` at the first row, `bottom` at the last (so a time
/// axis can run downwards), labelled by `label`.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub top: f64,
    pub bottom: f64,
    pub label: fn(f64) -> String,
}

impl Scale {
    /// A scale over `values` with a little room around them, on whole multiples of `step`.
    pub fn around(values: impl Iterator<Item = f64>, step: f64, label: fn(f64) -> String) -> Self {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() || !hi.is_finite() {
            return Scale {
                top: step,
                bottom: 0.0,
                label,
            };
        }
        let bottom = (lo / step).floor() * step;
        let mut top = (hi / step).ceil() * step;
        if top <= bottom {
            top = bottom + step;
        }
        Scale { top, bottom, label }
    }

    /// The row (0 at the top) of `v` on a chart `rows` high.
    fn row(&self, v: f64, rows: u16) -> u16 {
        let span = self.top - self.bottom;
        if rows <= 1 || span == 0.0 {
            return 0;
        }
        let f = ((self.top - v) / span).clamp(0.0, 1.0);
        (f * f64::from(rows - 1)).round() as u16
    }
}

/// Draws the y-axis down the left [`AXIS_WIDTH`] cells of `area`'s first `rows` rows, with
/// `labels` (row, text) right-aligned; returns the plot area to its right (`rows` high).
pub fn axis(area: Rect, buf: &mut Buffer, rows: u16, labels: &[(u16, String)]) -> Option<Rect> {
    if area.width <= AXIS_WIDTH + 2 || rows == 0 || area.height < rows {
        return None;
    }
    let axis_x = area.x + AXIS_WIDTH - 1;
    for y in area.y..area.y + rows {
        buf[(axis_x, y)].set_symbol("│").set_style(theme::dim());
    }
    for (row, label) in labels {
        if *row >= rows {
            continue;
        }
        let text: String = label.chars().take(usize::from(AXIS_WIDTH - 1)).collect();
        let x = axis_x - text.chars().count() as u16;
        buf.set_string(x, area.y + row, &text, theme::dim());
        buf[(axis_x, area.y + row)]
            .set_symbol("┤")
            .set_style(theme::dim());
    }
    Some(Rect::new(
        area.x + AXIS_WIDTH,
        area.y,
        area.width - AXIS_WIDTH,
        rows,
    ))
}

/// The x and width of column `i` of `n` in `plot` (`None` past its right edge).
fn column(plot: Rect, n: usize, i: usize) -> Option<(u16, u16)> {
    let slot = slot(plot.width, n);
    let bar = if slot >= 2 { slot - 1 } else { 1 };
    let x = plot.x + u16::try_from(i).ok()?.checked_mul(slot)?;
    (x + bar <= plot.right()).then_some((x, bar))
}

/// `·` on the bottom row of the columns not stored yet.
fn mark_missing(plot: Rect, buf: &mut Buffer, marks: &[ColumnMark]) {
    for (i, m) in marks.iter().enumerate() {
        if m.missing
            && let Some((x, _)) = column(plot, marks.len(), i)
            && buf[(x, plot.bottom() - 1)].symbol() == " "
        {
            buf.set_string(x, plot.bottom() - 1, "·", theme::dim());
        }
    }
}

/// A band per column (dim, or the cursor's colour) and a point joined to the next one.
pub fn range_chart(
    area: Rect,
    buf: &mut Buffer,
    columns: &[RangeColumn],
    scale: &Scale,
    point_colour: Color,
) {
    let rows = area.height;
    if rows < 2 || columns.is_empty() {
        return;
    }
    let mut labels = vec![
        (0, (scale.label)(scale.top)),
        (rows - 1, (scale.label)(scale.bottom)),
    ];
    if rows >= 5 {
        let mid = f64::midpoint(scale.top, scale.bottom);
        labels.push((scale.row(mid, rows), (scale.label)(mid)));
    }
    let Some(plot) = axis(area, buf, rows, &labels) else {
        return;
    };
    let count = columns.len();
    for (i, c) in columns.iter().enumerate() {
        let Some((x, w)) = column(plot, count, i) else {
            break;
        };
        let band_style = if c.mark.cursor {
            Style::new().fg(theme::CURSOR)
        } else {
            theme::band()
        };
        if let Some((lo, hi)) = c.band {
            let (upper, lower) = (scale.row(hi, rows), scale.row(lo, rows));
            for r in upper.min(lower)..=upper.max(lower) {
                for dx in 0..w {
                    buf[(x + dx, plot.y + r)]
                        .set_symbol("│")
                        .set_style(band_style);
                }
            }
        }
        if let Some(v) = c.point {
            let r = scale.row(v, rows);
            let style = if c.mark.cursor {
                Style::new().fg(theme::CURSOR)
            } else {
                Style::new().fg(point_colour)
            };
            for dx in 0..w {
                buf[(x + dx, plot.y + r)].set_symbol("━").set_style(style);
            }
            // Joined to the next column's point, through the gap cell between them.
            let next = columns.get(i + 1).and_then(|c| c.point);
            if let (Some(next), Some((nx, _))) = (next, column(plot, count, i + 1))
                && nx > x + w
            {
                let nr = scale.row(next, rows);
                let symbol = match nr.cmp(&r) {
                    std::cmp::Ordering::Equal => "━",
                    std::cmp::Ordering::Less => "╱",
                    std::cmp::Ordering::Greater => "╲",
                };
                buf[(x + w, plot.y + r.min(nr) + (r.abs_diff(nr) / 2))]
                    .set_symbol(symbol)
                    .set_style(Style::new().fg(point_colour));
            }
        }
    }
    for (i, c) in columns.iter().enumerate() {
        let (Some(v), Some((x, w))) = (c.dot, column(plot, count, i)) else {
            continue;
        };
        // The terminal's own foreground: readable on dark and light backgrounds.
        let style = if c.mark.cursor {
            Style::new().fg(theme::CURSOR)
        } else {
            theme::value()
        };
        buf[(x + (w - 1) / 2, plot.y + scale.row(v, rows))]
            .set_symbol("●")
            .set_style(style);
    }
    let marks: Vec<ColumnMark> = columns.iter().map(|c| c.mark).collect();
    mark_missing(plot, buf, &marks);
}

/// Parts stacked from the bottom, in order, on an axis from 0 to a round `top` labelled by
/// `label`; the cursor's column is marked with `▾` above it.
pub fn stacked_chart(
    area: Rect,
    buf: &mut Buffer,
    marks: &[ColumnMark],
    parts: &[Vec<(f64, Color)>],
    top: f64,
    label: fn(f64) -> String,
) {
    let rows = area.height;
    if rows < 2 || marks.is_empty() || top <= 0.0 {
        return;
    }
    let mut labels = vec![(0, label(top)), (rows - 1, label(0.0))];
    if rows >= 5 {
        labels.push((rows - rows.div_ceil(2), label(top / 2.0)));
    }
    let Some(plot) = axis(area, buf, rows, &labels) else {
        return;
    };
    let n = marks.len();
    let eighths_of = |v: f64| (v / top * f64::from(rows) * 8.0).round().max(0.0) as u64;
    for (i, (mark, stack)) in marks.iter().zip(parts).enumerate() {
        let Some((x, w)) = column(plot, n, i) else {
            break;
        };
        // Each part's upper edge, in eighths of a cell from the bottom.
        let mut edges = Vec::with_capacity(stack.len());
        let mut sum = 0.0;
        for (v, colour) in stack {
            sum += v.max(0.0);
            edges.push((eighths_of(sum), *colour));
        }
        let total = edges.last().map_or(0, |e| e.0);
        if total == 0
            && sum > 0.0
            && let Some(edge) = edges.last_mut()
        {
            edge.0 = 1;
        }
        for row in 0..rows {
            let (lo, hi) = (u64::from(row) * 8, u64::from(row) * 8 + 8);
            // The part covering most of this cell.
            let mut best: Option<(u64, Color)> = None;
            let mut below = 0;
            for &(edge, colour) in &edges {
                let cover = edge.min(hi).saturating_sub(below.max(lo));
                if cover > 0 && best.is_none_or(|(c, _)| cover > c) {
                    best = Some((cover, colour));
                }
                below = edge;
            }
            let Some((_, colour)) = best else {
                continue;
            };
            let top_edge = edges.last().map_or(0, |e| e.0);
            let level = if top_edge >= hi {
                8
            } else {
                top_edge.saturating_sub(lo).clamp(1, 8)
            };
            let y = plot.bottom() - 1 - row;
            for dx in 0..w {
                buf[(x + dx, y)]
                    .set_symbol(EIGHTHS[level as usize])
                    .set_style(Style::new().fg(colour));
            }
        }
        if mark.cursor {
            let used = edges.last().map_or(0, |e| e.0.div_ceil(8)) as u16;
            if used < rows {
                let y = plot.bottom() - 1 - used;
                for dx in 0..w {
                    buf[(x + dx, y)]
                        .set_symbol("▾")
                        .set_style(Style::new().fg(theme::CURSOR));
                }
            }
        }
    }
    mark_missing(plot, buf, marks);
}

/// One row: the `name` in the axis cells, and per column an eighth-block height between the
/// values' minimum and maximum (a gap where there is none).
pub fn strip(
    area: Rect,
    buf: &mut Buffer,
    name: &str,
    marks: &[ColumnMark],
    values: &[Option<f64>],
    colour: Color,
) {
    if area.height == 0 || marks.is_empty() {
        return;
    }
    let row = Rect::new(area.x, area.y, area.width, 1);
    let Some(plot) = axis(row, buf, 1, &[(0, name.to_string())]) else {
        return;
    };
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.iter().flatten() {
        lo = lo.min(*v);
        hi = hi.max(*v);
    }
    for (i, (mark, value)) in marks.iter().zip(values).enumerate() {
        let Some((x, w)) = column(plot, marks.len(), i) else {
            break;
        };
        let Some(v) = value else {
            if mark.missing {
                buf.set_string(x, plot.y, "·", theme::dim());
            }
            continue;
        };
        let level = if hi > lo {
            1 + ((v - lo) / (hi - lo) * 7.0).round() as usize
        } else {
            4
        };
        let style = Style::new().fg(if mark.cursor { theme::CURSOR } else { colour });
        for dx in 0..w {
            buf[(x + dx, plot.y)]
                .set_symbol(EIGHTHS[level.min(8)])
                .set_style(style);
        }
    }
}

/// The dates under the columns (the x-axis) on the row `area` gives: weekdays in a week,
/// every Monday's day of the month in a month, month names in a year (fewer when narrow).
pub fn x_labels(area: Rect, buf: &mut Buffer, period: Period, marks: &[ColumnMark]) {
    if area.height == 0 || area.width <= AXIS_WIDTH {
        return;
    }
    let plot = Rect::new(area.x + AXIS_WIDTH, area.y, area.width - AXIS_WIDTH, 1);
    let n = marks.len();
    let slot = usize::from(slot(plot.width, n));
    let mut next_free = plot.x;
    for (i, c) in marks.iter().enumerate() {
        let label = match period {
            Period::Day => None,
            Period::Week => Some(if slot >= 3 {
                c.first.strftime("%a").to_string()
            } else {
                c.first.strftime("%a").to_string().chars().take(1).collect()
            }),
            Period::Month => (i == 0 || starts_week(c.first)).then(|| c.first.day().to_string()),
            Period::Year => {
                let month_starts = i == 0
                    || marks
                        .get(i.wrapping_sub(1))
                        .is_some_and(|p| p.first.month() != c.first.month());
                let every = if slot >= 2 { 1 } else { 3 };
                (month_starts && (c.first.month() - 1) % every == 0)
                    .then(|| c.first.strftime("%b").to_string())
            }
        };
        let (Some(label), Some((x, _))) = (label, column(plot, n, i)) else {
            continue;
        };
        let w = label.chars().count() as u16;
        if x >= next_free && x + w <= plot.right() {
            buf.set_string(x, plot.y, &label, theme::dim());
            next_free = x + w + 1;
        }
    }
}
