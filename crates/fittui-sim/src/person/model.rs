//! The person as a model: who they are (constants, the data window, special days), the
//! per-day physiology that needs no generation (resting heart rate, zones, weight, BMR), local
//! days as instants, and the cache of generated days. The generators (`day`, `night`, `plan`,
//! `signals`, …) import this module and [`super::types`]; the methods that run them
//! (`Person::day`, `main_night`, …) live in `person/mod.rs`, above them.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::rng::{Stream, day_number, unit};
use super::types::{Day, Zones};

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
/// Days kept in the generated-day cache (~120 KB each: a year's ranges — fittui's week,
/// month and year views ask for whole years — are generated once, not once per metric).
const CACHE_DAYS: usize = 400;

/// Days that behave differently, fixed at start-up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecialDays {
    pub not_worn: Option<Date>,
    pub classic_night: Option<Date>,
    /// ECG reading dates, oldest first.
    pub ecg: Vec<Date>,
    /// The ECG date whose reading is inconclusive.
    pub ecg_inconclusive: Option<Date>,
    /// The most recent weigh-in date; others are on most days before it.
    pub last_weigh_in: Option<Date>,
    /// The night whose main sleep is stuck "processing" (Fitbit's `meta: pending`, Google's
    /// `processed: false`). A past night, so the demo's latest night shows its stages.
    pub processing_night: Option<Date>,
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
    pub(super) cache: Mutex<DayCache>,
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
    /// Local midnight of `date` as an instant.
    pub fn midnight(&self, date: Date) -> Timestamp {
        crate::localday::day_bounds(date, &self.tz).map_or(Timestamp::UNIX_EPOCH, |(s, _)| s)
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
    pub(super) fn lock_cache(&self) -> std::sync::MutexGuard<'_, DayCache> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A bounded cache of generated days, evicting the oldest insertion.
#[derive(Debug, Default)]
pub(super) struct DayCache {
    days: BTreeMap<Date, Arc<Day>>,
    order: VecDeque<Date>,
}

impl DayCache {
    pub(super) fn get(&self, date: Date) -> Option<Arc<Day>> {
        self.days.get(&date).cloned()
    }

    pub(super) fn insert(&mut self, date: Date, day: Arc<Day>) {
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
