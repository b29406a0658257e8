//! The day's heart rate across the local day: one column per terminal cell, drawn from the
//! column's min to max and coloured by the heart-rate zone of its mean. The series is reduced
//! per column first ([`HeartSeries::columns`]), never by drawing every reading.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

use crate::domain::heart::{HeartSeries, ZoneThresholds};
use crate::ui::{format, theme};

/// A space, three digits and a space.
const AXIS_W: u16 = 5;

pub struct HeartChart<'a> {
    pub series: &'a HeartSeries,
    pub zones: Option<ZoneThresholds>,
    pub date: Date,
    pub tz: &'a TimeZone,
    pub twelve_hour: bool,
}

/// Local hours to label on an axis `width` cells wide, with their column.
pub fn hour_ticks(
    date: Date,
    tz: &TimeZone,
    start: jiff::Timestamp,
    end: jiff::Timestamp,
    width: u16,
    twelve_hour: bool,
) -> Vec<(u16, String)> {
    let step = match width {
        0..=39 => 6,
        40..=89 => 3,
        _ => 2,
    };
    let total = end.duration_since(start).as_secs_f64().max(1.0);
    let mut out = Vec::new();
    for hour in (0..24).step_by(step) {
        // Wall-clock hours, placed at their real instant (DST days are 23 or 25 h long).
        let Ok(zoned) = date.at(hour, 0, 0, 0).to_zoned(tz.clone()) else {
            continue;
        };
        let at = zoned.timestamp();
        let frac = at.duration_since(start).as_secs_f64() / total;
        let col = (frac * f64::from(width)).floor() as u16;
        if col < width {
            out.push((col, format::hour_label(at, tz, twelve_hour)));
        }
    }
    out
}

impl Widget for HeartChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width <= AXIS_W + 4 || area.height < 3 {
            return;
        }
        let plot = Rect {
            x: area.x + AXIS_W,
            y: area.y,
            width: area.width - AXIS_W,
            height: area.height - 1,
        };
        let Some(day) = self.series.stat() else {
            return;
        };
        let lo = (f64::from(day.min.saturating_sub(5)) / 10.0).floor() * 10.0;
        let hi = ((f64::from(day.max) + 5.0) / 10.0).ceil() * 10.0;
        let span = (hi - lo).max(1.0);
        let rows = f64::from(plot.height);
        let row_of = |bpm: f64| -> u16 {
            let frac = ((bpm - lo) / span).clamp(0.0, 1.0);
            let r = ((1.0 - frac) * (rows - 1.0)).round();
            plot.y + r as u16
        };
        for (i, col) in self
            .series
            .columns(usize::from(plot.width))
            .iter()
            .enumerate()
        {
            let Some(stat) = col else { continue };
            let color = self
                .zones
                .map_or(Color::Red, |z| theme::zone(z.zone(stat.mean)));
            let top = row_of(f64::from(stat.max));
            let bottom = row_of(f64::from(stat.min));
            let x = plot.x + i as u16;
            for y in top..=bottom {
                buf[(x, y)]
                    .set_symbol("█")
                    .set_style(Style::new().fg(color));
            }
        }
        // Y axis: top, middle and bottom values.
        for (bpm, y) in [
            (hi, plot.y),
            (f64::midpoint(hi, lo), plot.y + plot.height / 2),
            (lo, plot.bottom() - 1),
        ] {
            buf.set_string(area.x + 1, y, format!("{bpm:>3.0}"), theme::dim());
        }
        let axis_y = area.bottom() - 1;
        for (col, label) in hour_ticks(
            self.date,
            self.tz,
            self.series.start,
            self.series.end,
            plot.width,
            self.twelve_hour,
        ) {
            let x = plot.x + col;
            if x + label.chars().count() as u16 <= area.right() {
                buf.set_string(x, axis_y, label, theme::dim());
            }
        }
    }
}
