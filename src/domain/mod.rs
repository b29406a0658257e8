//! Provider-independent domain model: what fittui knows about a person's days, whatever API it
//! came from. Nothing here knows JSON. Quantities are metric inside (metres, kilograms, °C,
//! kcal); [`units`] converts for display. Instants are [`jiff::Timestamp`]s; local dates are
//! [`jiff::civil::Date`]s in the account's time zone.

pub mod account;
pub mod activity;
pub mod alarm;
pub mod calendar;
pub mod device;
pub mod ecg;
pub mod gap;
pub mod heart;
pub mod sleep;
pub mod units;
pub mod weight;

use jiff::civil::Date;

/// One value per day in a trend (a day without data is `None`, never zero).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DailyValue<T> {
    pub date: Date,
    pub value: Option<T>,
}

/// The day-by-day values kept for trends, whatever view brought them: a range request for a
/// trend fills many days at once, and the local store keeps them by this name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DailyMetric {
    /// Steps per day.
    Steps,
    /// Resting heart rate, bpm.
    RestingHr,
    /// Nightly HRV ([`heart::Hrv`]: RMSSD, then deep-sleep RMSSD), ms.
    Hrv,
    /// Nightly `SpO₂` ([`sleep::Spo2`]: average, minimum, maximum), %.
    Spo2,
    /// Nightly breathing rate, breaths per minute.
    BreathingRate,
    /// Nightly skin temperature against the personal baseline, °C.
    SkinTemp,
    /// Distance per day, metres (week, month and year views).
    Distance,
    /// Floors per day.
    Floors,
    /// Active Zone Minutes per day (their total).
    Azm,
    /// Minutes in the fat-burn, cardio and peak heart-rate zones per day (the week, month and
    /// year views' stacked zones; minutes below the zones are not kept).
    ZoneMinutes,
    /// How many ECG readings an ECG list gave for the day (the readings themselves are kept
    /// apart; a stored count says the day's list is known, 0 included).
    EcgReadings,
    /// Cardio fitness (VO₂ max), ml/kg/min: an export's daily estimate (fittui does not ask
    /// the APIs for it).
    Vo2Max,
    /// The night's sleep score (1–100), by the day the sleep ended: an export's (no API serves
    /// it).
    SleepScore,
}

impl DailyMetric {
    pub const ALL: [DailyMetric; 13] = [
        DailyMetric::Steps,
        DailyMetric::RestingHr,
        DailyMetric::Hrv,
        DailyMetric::Spo2,
        DailyMetric::BreathingRate,
        DailyMetric::SkinTemp,
        DailyMetric::Distance,
        DailyMetric::Floors,
        DailyMetric::Azm,
        DailyMetric::ZoneMinutes,
        DailyMetric::EcgReadings,
        DailyMetric::Vo2Max,
        DailyMetric::SleepScore,
    ];

    /// The stored name (`daily_value.metric`).
    pub fn name(self) -> &'static str {
        match self {
            DailyMetric::Steps => "steps",
            DailyMetric::RestingHr => "resting_hr",
            DailyMetric::Hrv => "hrv",
            DailyMetric::Spo2 => "spo2",
            DailyMetric::BreathingRate => "breathing_rate",
            DailyMetric::SkinTemp => "skin_temp_delta",
            DailyMetric::Distance => "distance_m",
            DailyMetric::Floors => "floors",
            DailyMetric::Azm => "azm",
            DailyMetric::ZoneMinutes => "zone_minutes",
            DailyMetric::EcgReadings => "ecg_readings",
            DailyMetric::Vo2Max => "vo2_max",
            DailyMetric::SleepScore => "sleep_score",
        }
    }
}

/// A day's value as up to three numbers (the first always present), the shape the store keeps
/// every [`DailyMetric`] in.
pub type DailyNumbers = (f64, Option<f64>, Option<f64>);

/// A trend value that can be kept as [`DailyNumbers`].
pub trait DailyRecord: Clone + Send + Sync + 'static {
    fn to_numbers(&self) -> DailyNumbers;
    /// `None` when the numbers cannot be this value (out of range: a store edited by hand).
    fn from_numbers(numbers: DailyNumbers) -> Option<Self>;
}

impl DailyRecord for u32 {
    fn to_numbers(&self) -> DailyNumbers {
        (f64::from(*self), None, None)
    }
    fn from_numbers((n, _, _): DailyNumbers) -> Option<Self> {
        (n.is_finite() && (0.0..=f64::from(u32::MAX)).contains(&n)).then(|| n.round() as u32)
    }
}

impl DailyRecord for u16 {
    fn to_numbers(&self) -> DailyNumbers {
        (f64::from(*self), None, None)
    }
    fn from_numbers((n, _, _): DailyNumbers) -> Option<Self> {
        (n.is_finite() && (0.0..=f64::from(u16::MAX)).contains(&n)).then(|| n.round() as u16)
    }
}

impl DailyRecord for f64 {
    fn to_numbers(&self) -> DailyNumbers {
        (*self, None, None)
    }
    fn from_numbers((n, _, _): DailyNumbers) -> Option<Self> {
        n.is_finite().then_some(n)
    }
}

/// Fat burn, cardio, peak; below the zones is not kept (reads back as 0).
impl DailyRecord for heart::ZoneMinutes {
    fn to_numbers(&self) -> DailyNumbers {
        (
            f64::from(self.fat_burn),
            Some(f64::from(self.cardio)),
            Some(f64::from(self.peak)),
        )
    }
    fn from_numbers((fat_burn, cardio, peak): DailyNumbers) -> Option<Self> {
        let minutes =
            |v: f64| (v.is_finite() && (0.0..=1500.0).contains(&v)).then(|| v.round() as u32);
        Some(heart::ZoneMinutes {
            below: 0,
            fat_burn: minutes(fat_burn)?,
            cardio: minutes(cardio?)?,
            peak: minutes(peak?)?,
        })
    }
}

impl DailyRecord for heart::Hrv {
    fn to_numbers(&self) -> DailyNumbers {
        (self.daily_rmssd_ms, self.deep_rmssd_ms, None)
    }
    fn from_numbers((daily, deep, _): DailyNumbers) -> Option<Self> {
        daily.is_finite().then_some(heart::Hrv {
            daily_rmssd_ms: daily,
            deep_rmssd_ms: deep,
        })
    }
}

impl DailyRecord for sleep::Spo2 {
    fn to_numbers(&self) -> DailyNumbers {
        (self.avg, self.min, self.max)
    }
    fn from_numbers((avg, min, max): DailyNumbers) -> Option<Self> {
        avg.is_finite().then_some(sleep::Spo2 { avg, min, max })
    }
}
