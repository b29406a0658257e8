//! Places a day's rows of local times of day (`"07:58:00"`) on the timeline, fast.
//!
//! [`DayClock`] gives exactly the answers of [`LocalTimeline`] for rows of one local date (a
//! repeated fall-back hour resolves by order, a skipped spring-forward time reads with the
//! offset from before the gap), but looks the zone up once per local minute instead of once
//! per row and does the rest in integer seconds: a 1-second heart-rate day has 86,400 rows.
//! This relies on every offset change happening on a whole minute, which holds for every
//! transition in the time-zone database since local mean time was abandoned.
//!
//! Rows of a window that runs past midnight (the `{start}/{end}` intraday form) are told apart
//! by order too: a time more than 12 hours earlier than the row before it belongs to the next
//! date (the fall-back repeat only ever steps back by the size of the shift).

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};

#[cfg(doc)]
use crate::provider::localtime::LocalTimeline;

const DAY_SECS: i64 = 86_400;
const WRAP_SECS: u32 = 12 * 3600;

/// Resolves the rows of one local date, given in chronological order, to instants.
#[derive(Debug, Clone)]
pub struct DayClock {
    tz: TimeZone,
    /// Local midnight of the date as seconds since the epoch, read as if it were UTC.
    midnight_naive: i64,
    cache: Option<(i64, AmbiguousOffset)>,
    last: Option<i64>,
    prev_time_of_day: Option<u32>,
    day_shift: i64,
}

impl DayClock {
    /// `None` only for dates at the very edge of jiff's range.
    pub fn new(date: Date, tz: TimeZone) -> Option<Self> {
        let midnight_naive = Offset::UTC
            .to_timestamp(date.to_datetime(Time::midnight()))
            .ok()?
            .as_second();
        Some(Self {
            tz,
            midnight_naive,
            cache: None,
            last: None,
            prev_time_of_day: None,
            day_shift: 0,
        })
    }

    /// The instant of the next row, `seconds` after local midnight on the wall clock.
    pub fn next(&mut self, seconds: u32) -> Option<Timestamp> {
        if let Some(prev) = self.prev_time_of_day
            && seconds.saturating_add(WRAP_SECS) < prev
        {
            self.day_shift = self.day_shift.saturating_add(1);
        }
        self.prev_time_of_day = Some(seconds);
        let naive = self
            .midnight_naive
            .checked_add(self.day_shift.checked_mul(DAY_SECS)?)?
            .checked_add(i64::from(seconds))?;
        let at = self.resolve_naive(naive)?;
        Timestamp::from_second(at).ok()
    }

    fn offset_of_minute(&mut self, minute: i64) -> Option<AmbiguousOffset> {
        match self.cache {
            Some((cached, offset)) if cached == minute => Some(offset),
            _ => {
                let start = Timestamp::from_second(minute.checked_mul(60)?).ok()?;
                let offset = self
                    .tz
                    .to_ambiguous_timestamp(Offset::UTC.to_datetime(start))
                    .offset();
                self.cache = Some((minute, offset));
                Some(offset)
            }
        }
    }

    fn resolve_naive(&mut self, naive: i64) -> Option<i64> {
        let with = |offset: Offset| naive - i64::from(offset.seconds());
        let at = match self.offset_of_minute(naive.div_euclid(60))? {
            AmbiguousOffset::Unambiguous { offset } => with(offset),
            AmbiguousOffset::Gap { before, .. } => with(before),
            AmbiguousOffset::Fold { before, after } => {
                let first = with(before);
                if self.last.is_none_or(|last| first >= last) {
                    first
                } else {
                    with(after)
                }
            }
        };
        self.last = Some(at);
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::localtime::LocalTimeline;
    use proptest::prelude::*;

    fn la() -> TimeZone {
        TimeZone::get("America/Los_Angeles").unwrap()
    }

    fn agree(date: Date, tz: &TimeZone, rows: &[u32]) {
        let mut fast = DayClock::new(date, tz.clone()).unwrap();
        let mut slow = LocalTimeline::new(tz.clone());
        for &s in rows {
            let t = Time::new((s / 3600) as i8, ((s / 60) % 60) as i8, (s % 60) as i8, 0).unwrap();
            assert_eq!(fast.next(s), slow.resolve(date.to_datetime(t)), "row {s}");
        }
    }

    #[test]
    fn fall_back_day_matches_local_timeline() {
        let d = Date::new(2026, 11, 1).unwrap();
        // 00:00..02:00 first pass, then 01:00..24:00 second pass (the repeated hour).
        let rows: Vec<u32> = (0..7200)
            .step_by(7)
            .chain((3600..86_400).step_by(7))
            .collect();
        agree(d, &la(), &rows);
        let mut clock = DayClock::new(d, la()).unwrap();
        let first = clock.next(5400).unwrap();
        let repeat = clock.next(3600).unwrap();
        let later = clock.next(5400).unwrap();
        assert_eq!(first.to_string(), "2026-11-01T08:30:00Z");
        assert_eq!(repeat.to_string(), "2026-11-01T09:00:00Z");
        assert_eq!(later.to_string(), "2026-11-01T09:30:00Z");
    }

    #[test]
    fn spring_forward_and_midnight_wrap() {
        let d = Date::new(2026, 3, 8).unwrap();
        let rows: Vec<u32> = (0..86_400).step_by(13).collect();
        agree(d, &la(), &rows);
        let mut c = DayClock::new(d, la()).unwrap();
        let late = c.next(86_340).unwrap();
        let next_day = c.next(0).unwrap();
        assert_eq!(next_day.duration_since(late).as_secs(), 60);
    }

    proptest! {
        #[test]
        fn agrees_with_local_timeline_on_dst_days(
            which in 0usize..4,
            mut rows in proptest::collection::vec(0u32..86_400, 0..200),
            repeat_from in 3600u32..7200,
        ) {
            let (date, tz) = [
                (Date::new(2026, 11, 1).unwrap(), la()),
                (Date::new(2026, 3, 8).unwrap(), la()),
                (Date::new(2026, 4, 5).unwrap(), TimeZone::get("Australia/Lord_Howe").unwrap()),
                (Date::new(2026, 10, 25).unwrap(), TimeZone::get("Europe/London").unwrap()),
            ][which].clone();
            rows.sort_unstable();
            // Replay part of the early morning, as a fall-back day does.
            let replay: Vec<u32> = rows.iter().copied().filter(|s| *s >= repeat_from).collect();
            let mut all: Vec<u32> = rows.iter().copied().filter(|s| *s < 7200).collect();
            all.extend(replay);
            agree(date, &tz, &all);
        }
    }
}
