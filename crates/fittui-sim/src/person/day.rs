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
use jiff::{SignedDuration, Timestamp};

use super::model::{Person, add_days};
use super::night::Night;
use super::plan::plan;
use super::rng::{Draw, Stream, day_number, rng};
use super::signals;
pub use super::types::{CAL_UNIT, Day, Minute, State, WallMap, Workout, WorkoutKind};

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
