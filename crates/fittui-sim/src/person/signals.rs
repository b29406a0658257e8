//! The signals of a day, minute by minute and second by second: steps, distance, floors,
//! METs and calories from what the person is doing, and a heart rate that follows a per-minute
//! target (circadian rhythm, sleep stage, activity, workout profile) with smoothing, noise,
//! short gaps and dropouts.

use jiff::civil::Date;
use rand::Rng as _;

use super::model::Person;
use super::rng::{Draw, Stream, day_number, rng};
use super::types::{CAL_UNIT, Level, Minute, State, WallMap, Workout, WorkoutKind};

/// Per-minute steps, distance, floors, level, METs and calories; returns the heart-rate target
/// of each minute (0 = no reading).
pub(super) fn minute_values(
    p: &Person,
    date: Date,
    wall: &WallMap,
    states: &[State],
    hr_ok: &[bool],
    workouts: &[Workout],
    minutes: &mut [Minute],
) -> Vec<f32> {
    let mut r = rng(p.seed(), Stream::Minutes, day_number(date));
    let bmr_per_min = p.bmr(date) / 1440.0;
    let rhr = f64::from(p.rhr(date));
    let mut targets = vec![0f32; states.len()];
    for (m, state) in states.iter().enumerate() {
        let (steps, stride_mm, mets10): (i64, i64, i64) = match state {
            State::Off => (0, 0, 10),
            State::Sleep(_) => (0, 0, 9),
            State::Sedentary => {
                let steps = if r.chance(0.08) { r.int(1, 12) } else { 0 };
                (steps, 700, 12 + i64::from(steps > 0))
            }
            State::Light => (r.int(10, 45), 680 + r.int(-20, 20), r.int(22, 28)),
            State::Walk => (r.int(95, 125), 740 + r.int(-20, 20), r.int(35, 42)),
            State::Run => (r.int(150, 172), 1120 + r.int(-30, 30), r.int(95, 110)),
            State::Weights => (r.int(0, 25), 700, r.int(55, 65)),
        };
        let floor_chance = match state {
            State::Walk => 0.08,
            State::Light => 0.02,
            State::Run => 0.03,
            _ => 0.0,
        };
        let floors = u8::from(floor_chance > 0.0 && r.chance(floor_chance));
        let level = match state {
            State::Off | State::Sleep(_) | State::Sedentary => 0,
            State::Light => 1,
            State::Walk => 2,
            State::Run | State::Weights => 3,
        };
        let cal = bmr_per_min * mets10 as f64 / 10.0;
        minutes[m] = Minute {
            state: *state,
            steps: steps as u16,
            distance_mm: (steps * stride_mm) as u32,
            floors,
            level,
            mets10: mets10 as u8,
            cal_q: (cal / CAL_UNIT).round() as u16,
            ..Minute::OFF
        };
        if !hr_ok[m] || *state == State::Off {
            continue;
        }
        let hour = f64::from(wall.wall((m * 60) as u32)) / 3600.0;
        let circadian = (std::f64::consts::TAU * (hour - 9.0) / 24.0).sin();
        let jitter = r.uniform(-2.5, 2.5);
        let target = match state {
            State::Sleep(level) => {
                rhr + match level {
                    Level::Deep => -5.0,
                    Level::Light => -2.0,
                    Level::Rem => 3.0,
                    Level::Asleep => -3.0,
                    Level::Restless => 2.0,
                    Level::Wake | Level::Awake => 7.0,
                } + jitter * 0.4
            }
            State::Sedentary => rhr + 11.0 + 5.0 * circadian + jitter,
            State::Light => rhr + 26.0 + jitter,
            State::Walk => 96.0 + r.uniform(0.0, 10.0),
            State::Run | State::Weights | State::Off => 0.0,
        };
        targets[m] = target as f32;
    }
    workout_targets(&mut r, states, hr_ok, workouts, &mut targets);
    targets
}

/// Heart-rate targets inside workouts: warm-up, intervals and cool-down for runs, sets for
/// weights, a brisk pace for walks.
fn workout_targets(
    r: &mut rand_chacha::ChaCha8Rng,
    states: &[State],
    hr_ok: &[bool],
    workouts: &[Workout],
    targets: &mut [f32],
) {
    for w in workouts {
        for k in 0..w.minutes as usize {
            let m = w.first_minute + k;
            if m >= targets.len()
                || !hr_ok[m]
                || !matches!(states[m], State::Walk | State::Run | State::Weights)
            {
                continue;
            }
            let left = w.minutes as usize - k;
            let target = match w.kind {
                WorkoutKind::Walk => 106.0 + r.uniform(0.0, 10.0),
                WorkoutKind::Run => {
                    let base = if k < 6 {
                        115.0 + 6.0 * k as f64
                    } else if left <= 4 {
                        118.0 + 8.0 * left as f64
                    } else if k % 8 >= 6 {
                        167.0
                    } else {
                        151.0 + 4.0 * ((k as f64) / 3.0).sin()
                    };
                    base + r.uniform(-2.0, 2.0)
                }
                WorkoutKind::Weights => {
                    if k % 3 < 2 {
                        130.0 + r.uniform(-4.0, 8.0)
                    } else {
                        104.0 + r.uniform(-3.0, 4.0)
                    }
                }
            };
            targets[m] = target as f32;
        }
    }
}

/// Heart rate per second following the minute targets, with small gaps and dropouts.
pub(super) fn seconds(p: &Person, date: Date, secs: u32, targets: &[f32]) -> Vec<u8> {
    let mut rand = rng(p.seed(), Stream::Seconds, day_number(date));
    let mut hr = vec![0u8; secs as usize];
    let mut level = f64::NAN;
    let mut gap = 0u32;
    for (m, &target) in targets.iter().enumerate() {
        let target = f64::from(target);
        for s in 0..60 {
            let i = m * 60 + s;
            if i >= hr.len() {
                break;
            }
            let bits = rand.next_u64();
            if target <= 0.0 {
                level = f64::NAN;
                gap = 0;
                continue;
            }
            if level.is_nan() {
                level = target;
            }
            let noise_a = f64::from((bits & 0xFFFF) as u16) / 65536.0;
            let noise_b = f64::from(((bits >> 16) & 0xFFFF) as u16) / 65536.0;
            level += (target - level) * 0.06 + (noise_a + noise_b - 1.0) * 0.9;
            if gap > 0 {
                gap -= 1;
                continue;
            }
            if (bits >> 48) & 0xFFFF < 13 {
                gap = 3 + ((bits >> 40) & 0x1F) as u32;
                continue;
            }
            if (bits >> 32) & 0xFFFF < 786 {
                continue;
            }
            hr[i] = level.round().clamp(38.0, 205.0) as u8;
        }
    }
    hr
}
