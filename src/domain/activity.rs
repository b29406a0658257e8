//! A day's activity: totals, goals, hourly steps and the week's trend.

use jiff::Timestamp;
use jiff::civil::Date;

use super::DailyValue;

/// Everything the Today tab shows for one local day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayActivity {
    pub date: Date,
    /// Totals; `None` when nothing was recorded that day (tracker not worn).
    pub summary: Option<ActivitySummary>,
    /// Steps per local clock hour, in time order (23 or 25 entries on DST days). Empty when
    /// nothing was recorded.
    pub hourly_steps: Vec<HourlySteps>,
    /// Steps on the 7 days ending on `date`, oldest first.
    pub week_steps: Vec<DailyValue<u32>>,
    /// Goals as the provider reports them; `None` when the provider has no goals (the app then
    /// uses the configured ones).
    pub goals: Option<Goals>,
    /// Parts that did not arrive (a failed request, a permission not granted), each with why.
    pub gaps: Vec<super::gap::Gap>,
}

impl DayActivity {
    /// True when the day has no recorded activity at all.
    pub fn is_empty(&self) -> bool {
        self.summary.is_none()
    }
}

/// Daily totals. Distances in metres, energy in kcal.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivitySummary {
    pub steps: u32,
    pub distance_m: f64,
    /// Total energy burned including BMR.
    pub calories_kcal: Option<f64>,
    /// `None` when the device has no altimeter or the provider does not say.
    pub floors: Option<u32>,
    /// Moderate + vigorous minutes ("fairly" + "very" active for Fitbit).
    pub active_minutes: Option<u32>,
    pub azm: Option<Azm>,
}

/// Active Zone Minutes credits by zone: one per fat-burn minute, two per cardio or peak minute
/// (the sub-totals are already doubled, as both APIs report them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Azm {
    pub fat_burn: u32,
    pub cardio: u32,
    pub peak: u32,
}

impl Azm {
    pub fn total(&self) -> u32 {
        self.fat_burn + self.cardio + self.peak
    }
}

/// Steps in the local clock hour starting at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourlySteps {
    pub start: Timestamp,
    pub steps: u32,
}

/// Where goals came from, so the UI can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalSource {
    Provider,
    Config,
}

/// Daily goals; a missing goal is not shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Goals {
    pub steps: Option<u32>,
    pub distance_m: Option<f64>,
    pub calories_kcal: Option<f64>,
    pub floors: Option<u32>,
    pub active_minutes: Option<u32>,
    pub azm: Option<u32>,
    pub source: GoalSource,
}
