//! The person's plain data types, shared by the generators and the renderers: heart-rate
//! [`Zones`], sleep [`Level`]s, and a generated [`Day`] with its [`Minute`]s, [`Workout`]s and
//! [`WallMap`]. A leaf of the person module: it imports no generator, so `day`, `plan` and
//! `signals` depend on it instead of on each other.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

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

/// A level on the hypnogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Deep,
    Light,
    Rem,
    Wake,
    Asleep,
    Restless,
    Awake,
}

impl Level {
    /// Fitbit `levels.data[].level`.
    pub fn fitbit(self) -> &'static str {
        match self {
            Level::Deep => "deep",
            Level::Light => "light",
            Level::Rem => "rem",
            Level::Wake => "wake",
            Level::Asleep => "asleep",
            Level::Restless => "restless",
            Level::Awake => "awake",
        }
    }

    /// Google `SleepStage.type`.
    pub fn google(self) -> &'static str {
        match self {
            Level::Deep => "DEEP",
            Level::Light => "LIGHT",
            Level::Rem => "REM",
            Level::Wake | Level::Awake => "AWAKE",
            Level::Asleep => "ASLEEP",
            Level::Restless => "RESTLESS",
        }
    }

    /// Counts as sleep time (minutesAsleep).
    pub fn is_asleep(self) -> bool {
        matches!(
            self,
            Level::Deep | Level::Light | Level::Rem | Level::Asleep
        )
    }
}

/// Calories are stored in units of 1/256 kcal.
pub const CAL_UNIT: f64 = 1.0 / 256.0;

/// What the person is doing during a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Tracker not on the wrist (not worn, shower, charging).
    Off,
    Sedentary,
    Light,
    Walk,
    Run,
    Weights,
    Sleep(Level),
}

/// A kind of workout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkoutKind {
    Walk,
    Run,
    Weights,
}

impl WorkoutKind {
    pub(super) fn state(self) -> State {
        match self {
            WorkoutKind::Walk => State::Walk,
            WorkoutKind::Run => State::Run,
            WorkoutKind::Weights => State::Weights,
        }
    }

    /// Fitbit activity id (parent is the same).
    pub fn fitbit_id(self) -> u32 {
        match self {
            WorkoutKind::Walk => 90013,
            WorkoutKind::Run => 90009,
            WorkoutKind::Weights => 2131,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            WorkoutKind::Walk => "Walk",
            WorkoutKind::Run => "Run",
            WorkoutKind::Weights => "Weights",
        }
    }

    /// Fitbit activity description.
    pub fn description(self) -> &'static str {
        match self {
            WorkoutKind::Walk => "Walking less than 2 mph, strolling very slowly",
            WorkoutKind::Run => "Running - 5 mph (12 min/mile)",
            WorkoutKind::Weights => "Weight lifting (free weight, nautilus or universal-type)",
        }
    }

    /// Google `Exercise.exerciseType`.
    pub fn google(self) -> &'static str {
        match self {
            WorkoutKind::Walk => "WALKING",
            WorkoutKind::Run => "RUNNING",
            WorkoutKind::Weights => "WEIGHTLIFTING",
        }
    }
}

/// One minute of data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Minute {
    pub state: State,
    pub steps: u16,
    pub distance_mm: u32,
    pub floors: u8,
    /// 0 sedentary, 1 lightly, 2 fairly, 3 very active.
    pub level: u8,
    /// METs × 10.
    pub mets10: u8,
    /// Calories in units of [`CAL_UNIT`].
    pub cal_q: u16,
    /// Heart-rate readings in the minute, their sum, min and max.
    pub hr_n: u8,
    pub hr_sum: u16,
    pub hr_min: u8,
    pub hr_max: u8,
    /// Fitbit zone of the mean: 0 no reading, 1 out of range, 2 fat burn, 3 cardio, 4 peak.
    pub zone: u8,
    /// Google zone of the mean: 0 none/below light, 1 LIGHT, 2 MODERATE, 3 VIGOROUS, 4 PEAK.
    pub gzone: u8,
}

impl Minute {
    pub(super) const OFF: Minute = Minute {
        state: State::Off,
        steps: 0,
        distance_mm: 0,
        floors: 0,
        level: 0,
        mets10: 10,
        cal_q: 0,
        hr_n: 0,
        hr_sum: 0,
        hr_min: 0,
        hr_max: 0,
        zone: 0,
        gzone: 0,
    };

    /// A minute with nothing recorded yet (a future minute of today).
    pub fn blank(state: State) -> Self {
        Minute {
            state,
            mets10: 0,
            ..Self::OFF
        }
    }

    pub fn calories(&self) -> f64 {
        f64::from(self.cal_q) * CAL_UNIT
    }

    /// Mean heart rate of the minute.
    pub fn hr_mean(&self) -> Option<f64> {
        (self.hr_n > 0).then(|| f64::from(self.hr_sum) / f64::from(self.hr_n))
    }

    /// Active Zone Minutes earned: 1 in fat burn, 2 in cardio or peak.
    pub fn azm(&self) -> u32 {
        match self.zone {
            2 => 1,
            3 | 4 => 2,
            _ => 0,
        }
    }

    pub fn is_asleep(&self) -> bool {
        matches!(self.state, State::Sleep(_))
    }
}

/// Physical second index → local wall-clock second of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WallMap {
    offset0: i32,
    change: Option<(u32, i32)>,
}

impl WallMap {
    pub fn new(tz: &TimeZone, start: Timestamp, end: Timestamp) -> Self {
        let offset0 = tz.to_offset(start).seconds();
        let change = tz
            .following(start)
            .next()
            .filter(|t| t.timestamp() < end)
            .map(|t| {
                let at = t.timestamp().duration_since(start).as_secs().max(0) as u32;
                (at, t.offset().seconds())
            });
        WallMap { offset0, change }
    }

    /// UTC (or any fixed zone): wall == physical.
    pub fn fixed(offset: i32) -> Self {
        WallMap {
            offset0: offset,
            change: None,
        }
    }

    /// UTC offset in force at second `i`, seconds.
    pub fn offset(&self, i: u32) -> i32 {
        match self.change {
            Some((at, off)) if i >= at => off,
            _ => self.offset0,
        }
    }

    /// Seconds since local midnight on the wall clock at second `i`.
    pub fn wall(&self, i: u32) -> u32 {
        (i64::from(i) + i64::from(self.offset(i) - self.offset0)).max(0) as u32
    }
}

/// A workout as it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workout {
    /// The local date of the day it belongs to.
    pub date: Date,
    pub kind: WorkoutKind,
    pub start: Timestamp,
    pub minutes: u32,
    /// Position in the day (for ids).
    pub index: u8,
    /// Index of the first minute in the day.
    pub first_minute: usize,
}

impl Workout {
    pub fn end(&self) -> Timestamp {
        self.start
            .saturating_add(SignedDuration::from_mins(i64::from(self.minutes)))
            .unwrap_or(self.start)
    }
}

/// One generated local day.
#[derive(Debug, Clone)]
pub struct Day {
    pub date: Date,
    pub start: Timestamp,
    pub end: Timestamp,
    pub wall: WallMap,
    /// False on the day the tracker was not worn (or outside the window).
    pub worn: bool,
    pub zones: Zones,
    /// Heart rate per second, 0 = no reading.
    pub hr: Vec<u8>,
    pub minutes: Vec<Minute>,
    pub workouts: Vec<Workout>,
}

impl Day {
    /// Length in seconds (82,800, 86,400 or 90,000).
    pub fn secs(&self) -> u32 {
        self.hr.len() as u32
    }

    /// The instant of second `i`.
    pub fn at(&self, i: u32) -> Timestamp {
        self.start
            .saturating_add(SignedDuration::from_secs(i64::from(i)))
            .unwrap_or(self.start)
    }

    /// Number of whole minutes that have ended by `now` (all of them for a past day).
    pub fn minutes_done(&self, now: Timestamp) -> usize {
        if now >= self.end {
            return self.minutes.len();
        }
        if now <= self.start {
            return 0;
        }
        ((now.duration_since(self.start).as_secs() / 60).max(0) as usize).min(self.minutes.len())
    }

    /// Number of seconds before `now`.
    pub fn seconds_done(&self, now: Timestamp) -> u32 {
        if now >= self.end {
            return self.secs();
        }
        if now <= self.start {
            return 0;
        }
        (now.duration_since(self.start).as_secs().max(0) as u32).min(self.secs())
    }

    /// Minutes done so far.
    pub fn minutes_until(&self, now: Timestamp) -> &[Minute] {
        &self.minutes[..self.minutes_done(now)]
    }

    /// Workouts that have ended by `now`.
    pub fn workouts_until(&self, now: Timestamp) -> impl Iterator<Item = &Workout> {
        self.workouts.iter().filter(move |w| w.end() <= now)
    }

    /// The minutes of a workout.
    pub fn workout_minutes(&self, w: &Workout) -> &[Minute] {
        let end = (w.first_minute + w.minutes as usize).min(self.minutes.len());
        &self.minutes[w.first_minute.min(end)..end]
    }

    /// Whether any heart-rate reading exists before `now`.
    pub fn has_heart(&self, now: Timestamp) -> bool {
        self.minutes_until(now).iter().any(|m| m.hr_n > 0)
            || self.hr[..self.seconds_done(now) as usize]
                .iter()
                .any(|&b| b > 0)
    }
}
