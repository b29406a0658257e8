//! A hypnogram: one row per sleep level (wake / REM / light / deep, or awake / restless /
//! asleep for classic logs), time across, each column coloured by the level at its midpoint,
//! with short wakes drawn over the timeline.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::domain::sleep::{SleepKind, SleepLevel, SleepSegment, SleepSession};
use crate::ui::{format, theme};

/// A space, the longest label (`Restless`) and a space.
const LABEL_W: u16 = 10;

pub struct Hypnogram<'a> {
    pub session: &'a SleepSession,
    pub tz: &'a TimeZone,
    pub twelve_hour: bool,
}

/// The rows of a session's hypnogram, top to bottom.
pub fn levels(kind: SleepKind) -> &'static [SleepLevel] {
    match kind {
        SleepKind::Stages => &[
            SleepLevel::Wake,
            SleepLevel::Rem,
            SleepLevel::Light,
            SleepLevel::Deep,
        ],
        SleepKind::Classic => &[SleepLevel::Awake, SleepLevel::Restless, SleepLevel::Asleep],
    }
}

fn covering(segments: &[SleepSegment], at: Timestamp) -> Option<&SleepSegment> {
    // Segments are in time order; find the last one starting at or before `at`.
    let idx = segments.partition_point(|s| s.start <= at);
    let seg = segments.get(idx.checked_sub(1)?)?;
    (at < seg.end()).then_some(seg)
}

/// The level shown at `at`: a short wake wins over the long-form timeline.
pub fn level_at(session: &SleepSession, at: Timestamp) -> Option<SleepLevel> {
    if covering(&session.short_wakes, at).is_some() {
        return Some(match session.kind {
            SleepKind::Stages => SleepLevel::Wake,
            SleepKind::Classic => SleepLevel::Awake,
        });
    }
    covering(&session.segments, at).map(|s| s.level)
}

impl Widget for Hypnogram<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows = levels(self.session.kind);
        if area.width <= LABEL_W + 4 || area.height < rows.len() as u16 + 1 {
            return;
        }
        let level_h = ((area.height - 1) / rows.len() as u16).max(1);
        let plot_x = area.x + LABEL_W;
        // A cell of margin on the right, so the end time does not touch the border.
        let plot_w = area.width - LABEL_W - 1;
        for (i, level) in rows.iter().enumerate() {
            let y = area.y + i as u16 * level_h;
            buf.set_string(
                area.x,
                y + (level_h - 1) / 2,
                format!(" {:>8} ", level.label()),
                Style::new().fg(theme::sleep_level(*level)),
            );
        }
        let start = self.session.start;
        let total = self
            .session
            .end
            .duration_since(start)
            .as_secs_f64()
            .max(1.0);
        for col in 0..plot_w {
            let offset = (f64::from(col) + 0.5) / f64::from(plot_w) * total;
            let at = start
                .saturating_add(SignedDuration::from_secs_f64(offset))
                .unwrap_or(start);
            let Some(level) = level_at(self.session, at) else {
                continue;
            };
            let Some(row) = rows.iter().position(|l| *l == level) else {
                continue;
            };
            let style = Style::new().fg(theme::sleep_level(level));
            for dy in 0..level_h {
                let y = area.y + row as u16 * level_h + dy;
                buf[(plot_x + col, y)].set_symbol("█").set_style(style);
            }
        }
        // Time axis: start and end, and whole hours between when there is room.
        let axis_y = area.y + rows.len() as u16 * level_h;
        if axis_y >= area.bottom() {
            return;
        }
        let first = format::clock_time(start, self.tz, self.twelve_hour);
        let last = format::clock_time(self.session.end, self.tz, self.twelve_hour);
        buf.set_string(plot_x, axis_y, &first, theme::dim());
        let last_x = (plot_x + plot_w).saturating_sub(last.chars().count() as u16);
        let mut next_free = plot_x + first.chars().count() as u16 + 2;
        let hours = (total / 3600.0).floor() as i64;
        let step = if plot_w >= 60 { 1 } else { 2 };
        let first_hour = start.to_zoned(self.tz.clone());
        for h in (1..=hours).step_by(step) {
            let Ok(at) = first_hour
                .with()
                .minute(0)
                .second(0)
                .subsec_nanosecond(0)
                .build()
                .and_then(|z| z.checked_add(SignedDuration::from_hours(h)))
            else {
                continue;
            };
            let frac = at.timestamp().duration_since(start).as_secs_f64() / total;
            let x = plot_x + (frac * f64::from(plot_w)) as u16;
            let label = format::hour_label(at.timestamp(), self.tz, self.twelve_hour);
            if x >= next_free && x + label.chars().count() as u16 + 1 < last_x {
                buf.set_string(x, axis_y, &label, theme::dim());
                next_free = x + label.chars().count() as u16 + 1;
            }
        }
        buf.set_string(last_x, axis_y, &last, theme::dim());
    }
}
