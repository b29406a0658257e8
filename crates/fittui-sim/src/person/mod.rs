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
//! Air every third morning.
//!
//! Special days, anchored on the window's last date `L` at start-up (only when `--days` ≥ 14):
//! `L-9` tracker not worn (no steps, heart rate or sleep; BMR calories only); `L-5` the main
//! sleep is a classic log (the tracker could not read heart rate); ECG readings on `L-3`, `L-17`
//! (inconclusive), `L-40`, `L-70`; weigh-ins on `L-2`, `L-5`, `L-8`, … The latest main sleep that
//! has ended by "now" is still being processed.

pub mod day;
pub mod extras;
pub mod night;
pub mod nightly;
pub mod plan;
pub mod rng;
pub mod signals;
pub mod totals;

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

pub use day::{Day, Minute, State, Workout, WorkoutKind};
pub use night::{Level, Night};
pub use nightly::Nightly;
pub use totals::Totals;

use rng::{Stream, day_number, unit};

/// Date of birth.
pub const BIRTH_DATE: Date = date(1988, 6, 14);
/// Height, centimetres.
pub const HEIGHT_CM: f64 = 170.0;
/// Walking and running stride, centimetres.
pub const STRIDE_WALK_CM: f64 = 74.0;
pub const STRIDE_RUN_CM: f64 = 112.0;
/// Account creation date.
pub const MEMBER_SINCE: Date = date(2016, 3, 2);
pub const FIRST_NAME: &str = "Sam";
pub const LAST_NAME: &str = "Rivera";
/// Days kept in the generated-day cache.
const CACHE_DAYS: usize = 120;

/// Days that behave differently, fixed at start-up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecialDays {
    pub not_worn: Option<Date>,
    pub classic_night: Option<Date>,
    /// ECG reading dates, oldest first.
    pub ecg: Vec<Date>,
    /// The ECG date whose reading is inconclusive.
    pub ecg_inconclusive: Option<Date>,
    /// The most recent weigh-in date; others are every third day before it.
    pub last_weigh_in: Option<Date>,
    /// The night whose main sleep is stuck "processing" (Fitbit's `meta: pending`, Google's
    /// `processed: false`). A past night, so the demo's latest night shows its stages.
    pub processing_night: Option<Date>,
}

/// Heart-rate zone thresholds for a day (Karvonen, from age and resting heart rate), bpm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zones {
    pub rhr: u8,
    pub max: u8,
    /// Google's LIGHT zone lower bound (30 % of heart-rate reserve).
    pub light: u8,
    /// Fat burn / MODERATE (40 %).
    pub fat_burn: u8,
    /// Cardio / VIGOROUS (60 %).
    pub cardio: u8,
    /// Peak (85 %).
    pub peak: u8,
}

impl Zones {
    pub fn for_rhr(rhr: u8, age: i16) -> Self {
        let max = (220 - age).clamp(120, 220) as u8;
        let reserve = f64::from(max) - f64::from(rhr);
        let at = |pct: f64| (f64::from(rhr) + reserve * pct).round() as u8;
        Zones {
            rhr,
            max,
            light: at(0.3),
            fat_burn: at(0.4),
            cardio: at(0.6),
            peak: at(0.85),
        }
    }

    /// Fitbit zone of a minute's mean heart rate: 1 out of range, 2 fat burn, 3 cardio, 4 peak.
    pub fn fitbit_zone(&self, mean: f64) -> u8 {
        if mean < f64::from(self.fat_burn) {
            1
        } else if mean < f64::from(self.cardio) {
            2
        } else if mean < f64::from(self.peak) {
            3
        } else {
            4
        }
    }

    /// Google zone: 0 below LIGHT, 1 LIGHT, 2 MODERATE, 3 VIGOROUS, 4 PEAK.
    pub fn google_zone(&self, mean: f64) -> u8 {
        if mean < f64::from(self.light) {
            0
        } else {
            self.fitbit_zone(mean).max(1)
        }
    }
}

/// The generated person. Cheap to share (`Arc`), thread-safe.
#[derive(Debug)]
pub struct Person {
    seed: u64,
    tz: TimeZone,
    tz_name: String,
    first_date: Date,
    anchor: Date,
    special: SpecialDays,
    cache: Mutex<DayCache>,
}

impl Person {
    /// A person whose data window is the `days` local days ending on the date of `now`.
    pub fn new(seed: u64, tz_name: &str, days: u32, now: Timestamp) -> Result<Self, jiff::Error> {
        let tz = TimeZone::get(tz_name)?;
        let anchor = now.to_zoned(tz.clone()).date();
        let days = days.max(1);
        let first_date = anchor.checked_sub(jiff::Span::new().days(i64::from(days) - 1))?;
        let back = |n: i64| anchor.checked_sub(jiff::Span::new().days(n)).ok();
        let in_window = |d: &Date| *d >= first_date;
        let special = if days >= 14 {
            let ecg: Vec<Date> = [70, 40, 17, 3]
                .into_iter()
                .filter_map(back)
                .filter(in_window)
                .collect();
            SpecialDays {
                not_worn: back(9),
                classic_night: back(5),
                ecg_inconclusive: back(17).filter(in_window),
                ecg,
                last_weigh_in: back(2),
                processing_night: back(2),
            }
        } else {
            SpecialDays {
                last_weigh_in: back(2).filter(in_window),
                ..SpecialDays::default()
            }
        };
        Ok(Person {
            seed,
            tz,
            tz_name: tz_name.to_string(),
            first_date,
            anchor,
            special,
            cache: Mutex::new(DayCache::default()),
        })
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn tz(&self) -> &TimeZone {
        &self.tz
    }

    /// IANA name of the person's zone.
    pub fn tz_name(&self) -> &str {
        &self.tz_name
    }

    /// First date with data.
    pub fn first_date(&self) -> Date {
        self.first_date
    }

    /// The window's last date at start-up.
    pub fn anchor(&self) -> Date {
        self.anchor
    }

    pub fn special(&self) -> &SpecialDays {
        &self.special
    }

    /// The person's local date at `now`.
    pub fn today(&self, now: Timestamp) -> Date {
        now.to_zoned(self.tz.clone()).date()
    }

    /// Whether `date` can have data at `now`: inside the window and not in the future.
    pub fn has_date(&self, date: Date, now: Timestamp) -> bool {
        date >= self.first_date && date <= self.today(now)
    }

    /// The tracker was not worn at all on `date`.
    pub fn is_not_worn(&self, date: Date) -> bool {
        self.special.not_worn == Some(date) || date < self.first_date
    }

    /// Age in whole years on `on`.
    pub fn age(&self, on: Date) -> i16 {
        let mut age = on.year() - BIRTH_DATE.year();
        if (on.month(), on.day()) < (BIRTH_DATE.month(), BIRTH_DATE.day()) {
            age -= 1;
        }
        age
    }

    /// Resting heart rate of `date` (drifts over weeks).
    pub fn rhr(&self, date: Date) -> u8 {
        let d = day_number(date) as f64;
        let tau = std::f64::consts::TAU;
        let noise = unit(self.seed, Stream::Drift, day_number(date)) - 0.5;
        let phase = (self.seed % 97) as f64;
        let v = 57.0
            + 2.2 * (tau * (d + phase) / 47.0).sin()
            + 1.3 * (tau * d / 11.0 + 1.0).sin()
            + 1.4 * noise;
        v.round().clamp(45.0, 75.0) as u8
    }

    /// Zone thresholds of `date`.
    pub fn zones(&self, date: Date) -> Zones {
        Zones::for_rhr(self.rhr(date), self.age(date))
    }

    /// Basal metabolic rate, kcal per day (Mifflin-St Jeor).
    pub fn bmr(&self, date: Date) -> f64 {
        10.0 * self.weight_kg(date) + 6.25 * HEIGHT_CM - 5.0 * f64::from(self.age(date)) - 161.0
    }

    /// Body weight trend on `date`, kg (one decimal).
    pub fn weight_kg(&self, date: Date) -> f64 {
        let d = day_number(date) as f64;
        let noise = unit(self.seed, Stream::Weight, day_number(date)) - 0.5;
        let v = 67.8 + 0.9 * (std::f64::consts::TAU * d / 71.0).sin() + 0.5 * noise;
        (v * 10.0).round() / 10.0
    }

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
        let d = self.special.processing_night?;
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

    /// Local midnight of `date` as an instant.
    pub fn midnight(&self, date: Date) -> Timestamp {
        crate::localday::day_bounds(date, &self.tz)
            .map_or(Timestamp::UNIX_EPOCH, |(s, _)| s)
    }

    /// `[start, end)` of the local day.
    pub fn bounds(&self, date: Date) -> (Timestamp, Timestamp) {
        crate::localday::day_bounds(date, &self.tz).unwrap_or((
            Timestamp::UNIX_EPOCH,
            Timestamp::UNIX_EPOCH
                .checked_add(SignedDuration::from_hours(24))
                .unwrap_or(Timestamp::UNIX_EPOCH),
        ))
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, DayCache> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A bounded cache of generated days, evicting the oldest insertion.
#[derive(Debug, Default)]
struct DayCache {
    days: BTreeMap<Date, Arc<Day>>,
    order: VecDeque<Date>,
}

impl DayCache {
    fn get(&self, date: Date) -> Option<Arc<Day>> {
        self.days.get(&date).cloned()
    }

    fn insert(&mut self, date: Date, day: Arc<Day>) {
        if self.days.insert(date, day).is_none() {
            self.order.push_back(date);
        }
        while self.order.len() > CACHE_DAYS {
            if let Some(old) = self.order.pop_front() {
                self.days.remove(&old);
            }
        }
    }
}

/// Adds whole days to a date, saturating at the calendar's ends.
pub fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n)).unwrap_or(d)
}

/// Days from `a` to `b` (b - a).
pub fn days_between(a: Date, b: Date) -> i64 {
    day_number(b) - day_number(a)
}

#[cfg(test)]
pub(crate) mod tests {
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
