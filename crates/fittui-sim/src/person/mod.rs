//! The one synthetic person both API renderers read: wire-agnostic, instants plus the person's
//! time zone.
//!
//! Everything is a pure function of (seed, date): a day is generated on first use from its own
//! RNG streams and cached, so start-up is instant and any day can be asked for in any order.
//! What "now" allows to be seen (today's minutes so far, sleeps that have ended) is decided by
//! the renderers, never here — so a generated day never changes.
//!
//! The person: born 1988-06-14, 170 cm, ~68 kg, resting heart rate drifting around 57 bpm over
//! weeks, HRV around 44 ms. Wears a Sense 2 (heart rate every second, sleep stages, `SpO2`, skin
//! temperature, ECG); an old Charge 2 (with silent alarms) is still paired; weighs in on an Aria
//! Air on most mornings (body fat on about two in three), skipping about one day in five.
//!
//! Special days, anchored on the window's last date `L` at start-up (only when `--days` ≥ 14):
//! `L-9` tracker not worn (no steps, heart rate or sleep; BMR calories only); `L-5` the main
//! sleep is a classic log (the tracker could not read heart rate); ECG readings on `L-3`, `L-17`
//! (inconclusive), `L-40`, `L-70`; the last weigh-in on `L-2` (none on `L-1` or `L`). The latest main sleep that
//! has ended by "now" is still being processed.

pub mod day;
pub mod extras;
pub mod model;
pub mod night;
pub mod nightly;
pub mod plan;
pub mod rng;
pub mod signals;
pub mod totals;
pub mod types;

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;

pub use model::{
    BIRTH_DATE, FIRST_NAME, HEIGHT_CM, LAST_NAME, MEMBER_SINCE, Person, STRIDE_RUN_CM,
    STRIDE_WALK_CM, SpecialDays, add_days, days_between,
};
pub use night::Night;
pub use nightly::Nightly;
pub use totals::Totals;
pub use types::{Day, Level, Minute, State, Workout, WorkoutKind, Zones};

impl Person {
    /// The generated day (cached). Call only for dates that can have data.
    pub fn day(&self, date: Date) -> Arc<Day> {
        if let Some(day) = self.lock_cache().get(date) {
            return day;
        }
        // Generate outside the lock; a concurrent duplicate is identical and harmless.
        let day = Arc::new(day::generate(self, date));
        self.lock_cache().insert(date, Arc::clone(&day));
        day
    }
    /// The main sleep that ended on `date` (cheap: no heart-rate generation).
    pub fn main_night(&self, date: Date) -> Option<Night> {
        night::main_night(self, date)
    }
    /// All sleep sessions that ended on `date`, in start order (main sleep, then naps).
    pub fn sessions(&self, date: Date) -> Vec<Night> {
        let mut out: Vec<Night> = self.main_night(date).into_iter().collect();
        if let Some(nap) = plan::plan(self, date).nap {
            out.push(night::nap(self, date, nap.0, nap.1));
        }
        out.sort_by_key(|n| n.start);
        out
    }
    /// The night whose main sleep is still "processing" at `now` (see
    /// [`SpecialDays::processing_night`]), once it has ended.
    pub fn processing_night(&self, now: Timestamp) -> Option<Date> {
        let d = self.special().processing_night?;
        self.main_night(d).filter(|n| n.end <= now).map(|_| d)
    }
    /// Nightly vitals filed under `date` (the main sleep that ended then), if complete at `now`.
    pub fn nightly(&self, date: Date, now: Timestamp) -> Option<Nightly> {
        if !self.has_date(date, now) || self.processing_night(now) == Some(date) {
            return None;
        }
        let night = self.main_night(date)?;
        if night.end > now || night.classic {
            return None;
        }
        Some(nightly::generate(self, &night))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use jiff::civil::date;

    use super::*;

    pub fn person_at(now: &str, days: u32) -> Person {
        Person::new(42, "America/Los_Angeles", days, now.parse().unwrap()).unwrap()
    }

    #[test]
    fn window_and_special_days() {
        let p = person_at("2026-11-21T20:00:00Z", 90);
        assert_eq!(p.anchor(), date(2026, 11, 21));
        assert_eq!(p.first_date(), date(2026, 8, 24));
        assert_eq!(p.special().not_worn, Some(date(2026, 11, 12)));
        assert_eq!(p.special().ecg.len(), 4);
        assert!(p.main_night(date(2026, 11, 12)).is_none());
        assert!(p.main_night(date(2026, 11, 16)).unwrap().classic);
        assert_eq!(p.age(date(2026, 11, 21)), 38);
        let z = p.zones(date(2026, 11, 21));
        assert!(z.light < z.fat_burn && z.fat_burn < z.cardio && z.cardio < z.peak);
    }

    #[test]
    fn night_across_fall_back_is_an_hour_longer() {
        let p = person_at("2026-11-21T20:00:00Z", 90);
        let n = p.main_night(date(2026, 11, 1)).unwrap();
        // Bed on Oct 31 (PDT) and up on Nov 1 (PST): the wall clock gained an hour.
        let wall_start = n.start.to_zoned(p.tz().clone()).datetime();
        let wall_end = n.end.to_zoned(p.tz().clone()).datetime();
        let wall = wall_end.duration_since(wall_start).as_mins();
        assert_eq!(i64::from(n.minutes()), wall + 60);
    }
}
