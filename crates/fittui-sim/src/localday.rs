//! Local days of the person's zone as physical instants: the simulator's own DST code.
//!
//! Written independently of the client's `provider::localtime` on purpose: the simulator checks
//! the client, so a DST mistake in one shows up as a disagreement with the other instead of
//! being shared. A civil day starts at the first instant whose local date is that day: local
//! midnight where it exists once, the *first* midnight where the clock falls back across it,
//! and the instant the clock jumps over midnight where midnight is skipped. In both ambiguous
//! cases that is midnight read with the offset in force *before* the transition.

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

/// The first instant of the local day `date` in `tz`.
pub fn day_start(date: Date, tz: &TimeZone) -> Option<Timestamp> {
    let midnight = DateTime::from(date);
    let offset: Offset = match tz.to_ambiguous_timestamp(midnight).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        // Skipped midnight: the day starts when the clock jumps (midnight at the old offset).
        // Repeated midnight: the day starts at its first pass (again the old offset).
        AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => before,
    };
    offset.to_timestamp(midnight).ok()
}

/// `[start, end)` of the local day `date` in `tz`: 23 h on a spring-forward day, 25 h on a
/// fall-back day. `None` only at the edges of the supported calendar.
pub fn day_bounds(date: Date, tz: &TimeZone) -> Option<(Timestamp, Timestamp)> {
    let start = day_start(date, tz)?;
    let end = day_start(date.checked_add(jiff::Span::new().days(1)).ok()?, tz)?;
    Some((start, end))
}

/// The length of the local day `date` in `tz`.
pub fn day_length(date: Date, tz: &TimeZone) -> Option<SignedDuration> {
    day_bounds(date, tz).map(|(start, end)| end.duration_since(start))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn tz(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn hours(h: i64) -> SignedDuration {
        SignedDuration::from_hours(h)
    }

    #[test]
    fn an_ordinary_day_is_24_hours_from_local_midnight() {
        let la = tz("America/Los_Angeles");
        let (start, end) = day_bounds(date(2026, 11, 21), &la).unwrap_or_default();
        assert_eq!(start, ts("2026-11-21T08:00:00Z"));
        assert_eq!(end, ts("2026-11-22T08:00:00Z"));
        assert_eq!(day_length(date(2026, 7, 1), &la), Some(hours(24)));
        assert_eq!(
            day_length(date(2026, 7, 1), &TimeZone::UTC),
            Some(hours(24))
        );
    }

    #[test]
    fn los_angeles_spring_forward_day_is_23_hours() {
        let la = tz("America/Los_Angeles");
        let (start, end) = day_bounds(date(2026, 3, 8), &la).unwrap_or_default();
        assert_eq!(start, ts("2026-03-08T08:00:00Z")); // midnight PST
        assert_eq!(end, ts("2026-03-09T07:00:00Z")); // midnight PDT
        assert_eq!(day_length(date(2026, 3, 8), &la), Some(hours(23)));
    }

    #[test]
    fn los_angeles_fall_back_day_is_25_hours() {
        let la = tz("America/Los_Angeles");
        let (start, end) = day_bounds(date(2026, 11, 1), &la).unwrap_or_default();
        assert_eq!(start, ts("2026-11-01T07:00:00Z")); // midnight PDT
        assert_eq!(end, ts("2026-11-02T08:00:00Z")); // midnight PST
        assert_eq!(day_length(date(2026, 11, 1), &la), Some(hours(25)));
    }

    #[test]
    fn a_skipped_midnight_starts_the_day_at_the_jump() {
        // Chile springs forward at 24:00 on the first Saturday of September: 2026-09-06 has no
        // 00:00; its first instant reads 01:00 (-03), the same instant as 00:00 (-04).
        let santiago = tz("America/Santiago");
        let (start, end) = day_bounds(date(2026, 9, 6), &santiago).unwrap_or_default();
        assert_eq!(start, ts("2026-09-06T04:00:00Z"));
        assert_eq!(
            start.to_zoned(santiago.clone()).datetime(),
            date(2026, 9, 6).at(1, 0, 0, 0)
        );
        assert_eq!(end, ts("2026-09-07T03:00:00Z"));
        assert_eq!(day_length(date(2026, 9, 6), &santiago), Some(hours(23)));
        // The day before ends where this one starts.
        let (_, prev_end) = day_bounds(date(2026, 9, 5), &santiago).unwrap_or_default();
        assert_eq!(prev_end, start);
    }

    #[test]
    fn a_repeated_midnight_starts_the_day_at_its_first_pass() {
        // Cuba falls back from 01:00 CDT to 00:00 CST on the first Sunday of November.
        let havana = tz("America/Havana");
        let (start, end) = day_bounds(date(2026, 11, 1), &havana).unwrap_or_default();
        assert_eq!(start, ts("2026-11-01T04:00:00Z"));
        assert_eq!(end, ts("2026-11-02T05:00:00Z"));
        assert_eq!(day_length(date(2026, 11, 1), &havana), Some(hours(25)));
    }

    #[test]
    fn agrees_with_jiff_start_of_day_over_a_year_of_several_zones() {
        // A second opinion from a different jiff API, over every day of a year.
        for name in [
            "America/Los_Angeles",
            "America/Santiago",
            "America/Havana",
            "Europe/London",
            "Australia/Lord_Howe",
        ] {
            let zone = tz(name);
            let mut d = date(2026, 1, 1);
            while d.year() == 2026 {
                let noon = d
                    .at(12, 0, 0, 0)
                    .to_zoned(zone.clone())
                    .unwrap_or_else(|e| panic!("{e}"));
                let expected = noon
                    .start_of_day()
                    .unwrap_or_else(|e| panic!("{e}"))
                    .timestamp();
                assert_eq!(day_start(d, &zone), Some(expected), "{name} {d}");
                d = d.tomorrow().unwrap_or(d);
            }
        }
    }
}
