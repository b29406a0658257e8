//! Local wall-clock times to instants, DST-correct.
//!
//! The legacy API writes timestamps as local wall-clock times without an offset. On a
//! fall-back day the repeated hour appears twice, in order; on a spring-forward day the skipped
//! hour never appears. [`LocalTimeline`] resolves a sequence of such times by their order: a
//! time in the repeated hour is its first occurrence unless that would go back in time.

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

/// Resolves local times, given in chronological order, to instants.
#[derive(Debug, Clone)]
pub struct LocalTimeline {
    tz: TimeZone,
    last: Option<Timestamp>,
}

impl LocalTimeline {
    pub fn new(tz: TimeZone) -> Self {
        Self { tz, last: None }
    }

    /// The instant of `dt`, the next local time in the sequence.
    pub fn resolve(&mut self, dt: DateTime) -> Option<Timestamp> {
        let ambiguous = self.tz.to_ambiguous_timestamp(dt);
        let ts = match ambiguous.offset() {
            AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(dt).ok()?,
            // A time in a gap does not exist; read it with the offset from before the gap, the
            // way clocks that missed the change would have written it.
            AmbiguousOffset::Gap { before, .. } => before.to_timestamp(dt).ok()?,
            AmbiguousOffset::Fold { before, after } => {
                let first = before.to_timestamp(dt).ok()?;
                if self.last.is_none_or(|last| first >= last) {
                    first
                } else {
                    after.to_timestamp(dt).ok()?
                }
            }
        };
        self.last = Some(ts);
        Some(ts)
    }
}

/// `[start, end)` of a local day: midnight to the next midnight (23, 24 or 25 hours).
pub fn day_bounds(date: Date, tz: &TimeZone) -> Option<(Timestamp, Timestamp)> {
    let start = date.to_zoned(tz.clone()).ok()?.timestamp();
    let end = date.tomorrow().ok()?.to_zoned(tz.clone()).ok()?.timestamp();
    Some((start, end))
}

/// Converts a session's local times with one fixed offset: the legacy API writes every
/// timestamp of a sleep log with the offset in force when the sleep started.
#[derive(Debug, Clone, Copy)]
pub struct FixedOffsetClock {
    start_local: DateTime,
    start: Timestamp,
}

impl FixedOffsetClock {
    /// Anchors on the session's start time.
    pub fn anchored(start_local: DateTime, tz: &TimeZone) -> Option<Self> {
        let start = LocalTimeline::new(tz.clone()).resolve(start_local)?;
        Some(Self { start_local, start })
    }

    pub fn start(&self) -> Timestamp {
        self.start
    }

    /// The instant of a local time written with the start's offset.
    pub fn resolve(&self, dt: DateTime) -> Option<Timestamp> {
        let delta: SignedDuration = dt.duration_since(self.start_local);
        self.start.checked_add(delta).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn la() -> TimeZone {
        TimeZone::get("America/Los_Angeles").unwrap()
    }

    #[test]
    #[allow(clippy::many_single_char_names)]
    fn fall_back_hour_resolves_by_order() {
        let d = date(2026, 11, 1);
        let mut tl = LocalTimeline::new(la());
        let a = tl.resolve(d.at(1, 30, 0, 0)).unwrap();
        let b = tl.resolve(d.at(1, 59, 59, 0)).unwrap();
        let c = tl.resolve(d.at(1, 0, 0, 0)).unwrap();
        let e = tl.resolve(d.at(1, 30, 0, 0)).unwrap();
        let f = tl.resolve(d.at(2, 0, 0, 0)).unwrap();
        assert_eq!(a.to_string(), "2026-11-01T08:30:00Z");
        assert_eq!(b.to_string(), "2026-11-01T08:59:59Z");
        assert_eq!(c.to_string(), "2026-11-01T09:00:00Z");
        assert_eq!(e.to_string(), "2026-11-01T09:30:00Z");
        assert_eq!(f.to_string(), "2026-11-01T10:00:00Z");
    }

    #[test]
    fn spring_forward_gap_and_day_lengths() {
        let tz = la();
        let (s, e) = day_bounds(date(2026, 3, 8), &tz).unwrap();
        assert_eq!(e.duration_since(s).as_hours(), 23);
        let (s, e) = day_bounds(date(2026, 11, 1), &tz).unwrap();
        assert_eq!(e.duration_since(s).as_hours(), 25);
        let (s, e) = day_bounds(date(2026, 11, 21), &tz).unwrap();
        assert_eq!(e.duration_since(s).as_hours(), 24);
        let mut tl = LocalTimeline::new(tz);
        let t = tl.resolve(date(2026, 3, 8).at(2, 30, 0, 0)).unwrap();
        assert_eq!(t.to_string(), "2026-03-08T10:30:00Z");
    }

    #[test]
    fn sleep_times_follow_the_start_offset() {
        // Sleep starts 23:00 PDT on Oct 31; the log keeps writing PDT wall times after the
        // 02:00 fall-back, so 06:00 in the log is 05:00 PST.
        let clock = FixedOffsetClock::anchored(date(2026, 10, 31).at(23, 0, 0, 0), &la()).unwrap();
        let end = clock.resolve(date(2026, 11, 1).at(6, 0, 0, 0)).unwrap();
        assert_eq!(end.to_string(), "2026-11-01T13:00:00Z");
        assert_eq!(end.duration_since(clock.start()).as_hours(), 7);
    }
}
