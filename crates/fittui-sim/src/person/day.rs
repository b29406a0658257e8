//! One local day of raw data: heart rate every second (gaps when off-wrist), and per minute the
//! state (asleep in a stage, sedentary, light, walking, running, lifting, off-wrist), steps,
//! distance, floors, METs, calories and the heart-rate zone of the minute's mean.
//!
//! Indexes are physical: second `i` is `i` seconds after local midnight, so a 23-hour day has
//! 82,800 seconds and 1,380 minutes, a 25-hour day 90,000 and 1,500. [`WallMap`] turns an index
//! into the local wall-clock time (the repeated hour appears twice, the skipped hour never).
//!
//! Consistency is by construction: steps, distance (integer millimetres), floors and calories
//! (multiples of 1/256 kcal, exact in `f64`) are stored per minute, so any total is the exact
//! sum of its minutes; zones, Active Zone Minutes and zone minutes all come from the same
//! per-minute mean heart rate.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::night::{Level, Night};
use super::plan::plan;
use super::rng::{Draw, Stream, day_number, rng};
use super::{Person, Zones, add_days, signals};

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
    fn state(self) -> State {
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

/// Generates `date` for `p`.
pub fn generate(p: &Person, date: Date) -> Day {
    let (start, end) = p.bounds(date);
    let secs = end.duration_since(start).as_secs().max(0) as u32;
    let n_min = (secs / 60) as usize;
    let wall = WallMap::new(p.tz(), start, end);
    let worn = !p.is_not_worn(date);
    let zones = p.zones(date);
    let plan = plan(p, date);
    let minute_of = |t: Timestamp| -> i64 { t.duration_since(start).as_secs().div_euclid(60) };
    let mut states = vec![if worn { State::Sedentary } else { State::Off }; n_min];
    let mut hr_ok = vec![worn; n_min];
    let mut workouts = Vec::new();

    if worn {
        for (index, w) in plan.workouts.iter().enumerate() {
            let first = minute_of(w.start);
            if first < 0 || first as usize >= n_min {
                continue;
            }
            let first = first as usize;
            let last = (first + w.minutes as usize).min(n_min);
            for s in &mut states[first..last] {
                *s = w.kind.state();
            }
            workouts.push(Workout {
                date,
                kind: w.kind,
                start: w.start,
                minutes: (last - first) as u32,
                index: index as u8,
                first_minute: first,
            });
        }
        let sessions = p.sessions(date);
        let tonight = p.main_night(add_days(date, 1));
        for night in sessions.iter().chain(tonight.iter()) {
            mark_sleep(night, start, n_min, &mut states, &mut hr_ok);
        }
        if let Some(main) = sessions.iter().find(|n| n.is_main) {
            let (after, len) = plan.shower;
            let first = minute_of(main.end) + i64::from(after);
            mark_off(first, len, &mut states, &mut hr_ok, false);
        }
        if let Some((t, len)) = plan.charging {
            mark_off(minute_of(t), len, &mut states, &mut hr_ok, true);
        }
        fill_bouts(p, date, &wall, plan.liveliness, &mut states);
    }

    let mut minutes = vec![Minute::OFF; n_min];
    let targets = signals::minute_values(p, date, &wall, &states, &hr_ok, &workouts, &mut minutes);
    let hr = signals::seconds(p, date, secs, &targets);
    for (m, minute) in minutes.iter_mut().enumerate() {
        let slice = &hr[m * 60..(m * 60 + 60).min(hr.len())];
        let (mut n, mut sum, mut lo, mut hi) = (0u8, 0u16, u8::MAX, 0u8);
        for &b in slice.iter().filter(|b| **b > 0) {
            n += 1;
            sum += u16::from(b);
            lo = lo.min(b);
            hi = hi.max(b);
        }
        if n > 0 {
            let mean = f64::from(sum) / f64::from(n);
            minute.hr_n = n;
            minute.hr_sum = sum;
            minute.hr_min = lo;
            minute.hr_max = hi;
            minute.zone = zones.fitbit_zone(mean);
            minute.gzone = zones.google_zone(mean);
        }
    }
    Day {
        date,
        start,
        end,
        wall,
        worn,
        zones,
        hr,
        minutes,
        workouts,
    }
}

fn mark_sleep(
    night: &Night,
    day_start: Timestamp,
    n_min: usize,
    states: &mut [State],
    hr_ok: &mut [bool],
) {
    let total = night.minutes();
    for m in 0..n_min {
        let t = day_start
            .saturating_add(SignedDuration::from_mins(m as i64))
            .unwrap_or(day_start);
        if !night.contains(t) {
            continue;
        }
        let into = t.duration_since(night.start).as_secs().max(0) as u32;
        if let Some(level) = night.level_at(into) {
            states[m] = State::Sleep(level);
            let minute_in = into / 60;
            if night.hr_missing && minute_in >= 10 && minute_in + 10 < total {
                hr_ok[m] = false;
            }
        }
    }
}

fn mark_off(first: i64, len: u32, states: &mut [State], hr_ok: &mut [bool], skip_busy: bool) {
    for m in first.max(0)..(first + i64::from(len)).max(0) {
        let Some(state) = states.get_mut(m as usize) else {
            break;
        };
        let busy = !matches!(*state, State::Sedentary);
        if skip_busy && busy || matches!(*state, State::Sleep(_)) {
            continue;
        }
        *state = State::Off;
        hr_ok[m as usize] = false;
    }
}

/// Light activity and short walks between the planned things, mostly in the daytime.
fn fill_bouts(p: &Person, date: Date, wall: &WallMap, liveliness: f64, states: &mut [State]) {
    let mut r = rng(p.seed(), Stream::Minutes, day_number(date) ^ 0x5A5A);
    let mut m = 0;
    while m < states.len() {
        if states[m] != State::Sedentary {
            m += 1;
            continue;
        }
        let hour = wall.wall((m * 60) as u32) / 3600;
        let daytime = (7..22).contains(&hour);
        let (p_light, p_walk) = if daytime {
            (0.018, 0.004)
        } else {
            (0.004, 0.0)
        };
        let roll = r.uniform(0.0, 1.0) / liveliness;
        let (state, len) = if roll < p_walk {
            (State::Walk, r.int(3, 12))
        } else if roll < p_walk + p_light {
            (State::Light, r.int(2, 12))
        } else {
            m += 1;
            continue;
        };
        let mut k = 0;
        while k < len as usize && m < states.len() && states[m] == State::Sedentary {
            states[m] = state;
            m += 1;
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::person::tests::person_at;
    use jiff::civil::date;

    #[test]
    fn day_lengths_follow_dst() {
        let p = person_at("2026-11-21T20:00:00Z", 90);
        assert_eq!(p.day(date(2026, 11, 1)).minutes.len(), 1500);
        assert_eq!(p.day(date(2026, 11, 2)).minutes.len(), 1440);
        let d = p.day(date(2026, 11, 1));
        // 01:30 appears twice on the wall clock.
        assert_eq!(d.wall.wall(5400), 5400);
        assert_eq!(d.wall.wall(9000), 5400);
        let p = person_at("2026-03-20T20:00:00Z", 90);
        let d = p.day(date(2026, 3, 8));
        assert_eq!(d.minutes.len(), 1380);
        assert_eq!(d.wall.wall(7200), 10800);
    }

    #[test]
    fn a_worn_day_has_realistic_data() {
        let p = person_at("2026-11-21T20:00:00Z", 90);
        let d = p.day(date(2026, 11, 18));
        let readings = d.hr.iter().filter(|b| **b > 0).count();
        assert!(readings > 75_000 && readings < 86_400, "{readings}");
        let steps: u32 = d.minutes.iter().map(|m| u32::from(m.steps)).sum();
        assert!((3_000..25_000).contains(&steps), "{steps}");
        assert!(d.minutes.iter().any(super::Minute::is_asleep));
        let off = p.day(date(2026, 11, 12));
        assert!(!off.worn);
        assert!(off.hr.iter().all(|b| *b == 0));
        assert!(off.minutes.iter().all(|m| m.steps == 0 && m.cal_q > 0));
    }

    #[test]
    fn generation_is_deterministic() {
        let a = person_at("2026-11-21T20:00:00Z", 90).day(date(2026, 11, 19));
        let b = person_at("2026-11-21T20:00:00Z", 90).day(date(2026, 11, 19));
        assert_eq!(a.hr, b.hr);
        assert_eq!(a.minutes, b.minutes);
    }
}
