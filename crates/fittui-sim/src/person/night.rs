//! Sleep sessions: the main sleep of each night (stage cycles at 30-second granularity, or a
//! classic asleep/restless/awake log on the one "classic" night) and short classic naps.
//!
//! A session is stored as its fine timeline: runs of one level, short wakes (≤ 3 minutes inside
//! the sleep) flagged. Both wire formats derive from it: Fitbit's `levels.data` (short wakes
//! merged into the surrounding stage) and `levels.shortData` (the short wakes on top), Google's
//! `stages` and `shortAwakenings`. Stage minutes use the largest-remainder rule so that they add
//! up exactly to the time in bed.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::model::Person;
use super::rng::{Draw, Stream, day_number, rng};
pub use super::types::Level;

/// One stretch of a level, in seconds from the session start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub level: Level,
    pub start: u32,
    pub secs: u32,
    /// A short wake (≤ 3 min) drawn over the long-form timeline (Fitbit `shortData`).
    pub short: bool,
}

/// Minutes and segment count of one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelTotal {
    pub level: Level,
    pub count: u32,
    pub minutes: u32,
}

/// One sleep session.
#[derive(Debug, Clone, PartialEq)]
pub struct Night {
    /// The local date the session ended on (`dateOfSleep`).
    pub date: Date,
    /// 0 for the main sleep, 1 for a nap.
    pub index: u8,
    pub is_main: bool,
    pub classic: bool,
    pub start: Timestamp,
    pub end: Timestamp,
    /// The fine timeline, contiguous, covering `[start, end)`.
    pub runs: Vec<Run>,
    /// The tracker could not read heart rate for most of the session (classic main night).
    pub hr_missing: bool,
}

impl Night {
    /// Time in bed, minutes (sessions always last whole minutes).
    pub fn minutes(&self) -> u32 {
        (self.end.duration_since(self.start).as_secs() / 60).max(0) as u32
    }

    /// Fitbit log id.
    pub fn log_id(&self) -> u64 {
        40_000_000_000 + (day_number(self.date).max(0) as u64) * 10 + u64::from(self.index)
    }

    /// Fitbit `infoCode`: 0 fine, 1 insufficient heart-rate data, 2 too short for stages.
    pub fn info_code(&self) -> u8 {
        if self.hr_missing {
            1
        } else if !self.is_main {
            2
        } else {
            0
        }
    }

    /// The long-form timeline: short wakes merged into the stage they interrupt.
    pub fn long_runs(&self) -> Vec<Run> {
        let mut out: Vec<Run> = Vec::with_capacity(self.runs.len());
        for run in &self.runs {
            let level = if run.short {
                out.last().map_or(run.level, |r| r.level)
            } else {
                run.level
            };
            match out.last_mut() {
                Some(last) if last.level == level => last.secs += run.secs,
                _ => out.push(Run {
                    level,
                    start: run.start,
                    secs: run.secs,
                    short: false,
                }),
            }
        }
        out
    }

    /// The short wakes, with the level of the stage each one interrupted.
    pub fn short_wakes(&self) -> Vec<(Run, Level)> {
        let mut out = Vec::new();
        let mut prev = Level::Light;
        for run in &self.runs {
            if run.short {
                out.push((*run, prev));
            } else {
                prev = run.level;
            }
        }
        out
    }

    /// Levels in the order the wire formats list them.
    pub fn levels(&self) -> &'static [Level] {
        if self.classic {
            &[Level::Asleep, Level::Awake, Level::Restless]
        } else {
            &[Level::Deep, Level::Light, Level::Rem, Level::Wake]
        }
    }

    /// Count and minutes per level (short wakes counted as wake, as Fitbit does); minutes add
    /// up to [`Night::minutes`] exactly.
    pub fn totals(&self) -> Vec<LevelTotal> {
        self.totals_of(&self.runs, true)
    }

    /// Count and minutes per level of the long-form timeline (Google's `stagesSummary`).
    pub fn long_totals(&self) -> Vec<LevelTotal> {
        self.totals_of(&self.long_runs(), false)
    }

    fn totals_of(&self, runs: &[Run], fitbit: bool) -> Vec<LevelTotal> {
        let levels = self.levels();
        let mut secs = vec![0u32; levels.len()];
        let mut counts = vec![0u32; levels.len()];
        for run in runs {
            if let Some(i) = levels.iter().position(|l| *l == run.level) {
                secs[i] += run.secs;
                counts[i] += 1;
            }
        }
        let minutes = largest_remainder(&secs, self.minutes());
        levels
            .iter()
            .enumerate()
            .map(|(i, level)| LevelTotal {
                level: *level,
                // Fitbit reports `count: 0` for classic "asleep".
                count: if fitbit && *level == Level::Asleep {
                    0
                } else {
                    counts[i]
                },
                minutes: minutes[i],
            })
            .collect()
    }

    pub fn minutes_asleep(&self) -> u32 {
        self.totals()
            .iter()
            .filter(|t| t.level.is_asleep())
            .map(|t| t.minutes)
            .sum()
    }

    pub fn minutes_awake(&self) -> u32 {
        self.minutes() - self.minutes_asleep()
    }

    /// Sleep efficiency, percent.
    pub fn efficiency(&self) -> u32 {
        let total = self.minutes().max(1);
        (f64::from(self.minutes_asleep()) * 100.0 / f64::from(total)).round() as u32
    }

    /// The level at `secs` seconds after the start (long-form view; short wakes included).
    pub fn level_at(&self, secs: u32) -> Option<Level> {
        let idx = self
            .runs
            .partition_point(|r| r.start + r.secs <= secs)
            .min(self.runs.len().saturating_sub(1));
        let run = self.runs.get(idx)?;
        (secs >= run.start && secs < run.start + run.secs).then_some(run.level)
    }

    /// Whether `t` falls inside the session.
    pub fn contains(&self, t: Timestamp) -> bool {
        t >= self.start && t < self.end
    }

    /// The instant `secs` after the start.
    pub fn at(&self, secs: u32) -> Timestamp {
        self.start
            .saturating_add(SignedDuration::from_secs(i64::from(secs)))
            .unwrap_or(self.start)
    }
}

/// Splits `total` minutes over buckets proportional to `secs`, largest remainder first.
fn largest_remainder(secs: &[u32], total: u32) -> Vec<u32> {
    let mut minutes: Vec<u32> = secs.iter().map(|s| s / 60).collect();
    let assigned: u32 = minutes.iter().sum();
    let mut order: Vec<usize> = (0..secs.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(secs[i] % 60), i));
    let mut left = total.saturating_sub(assigned);
    for &i in &order {
        if left == 0 || secs[i].is_multiple_of(60) {
            break;
        }
        minutes[i] += 1;
        left -= 1;
    }
    // Only reachable if `total` exceeds the rounded-up sum; keep the identity anyway.
    if let Some(first) = minutes.first_mut() {
        *first += left;
    }
    minutes
}

/// The main sleep that ended on `date`, or `None` (tracker not worn that night).
pub fn main_night(p: &Person, date: Date) -> Option<Night> {
    if p.is_not_worn(date) {
        return None;
    }
    let tz = p.tz();
    let key = day_number(date);
    let mut r = rng(p.seed(), Stream::Night, key);
    let prev = date.yesterday().ok()?;
    let bed_min = 22 * 60 + 30 + r.int(0, 75);
    let bed_sec = r.int(0, 1) * 30;
    let mut start = tz
        .to_timestamp(prev.at((bed_min / 60) as i8, (bed_min % 60) as i8, bed_sec as i8, 0))
        .ok()?;
    if p.is_not_worn(prev) {
        // The tracker went back on at midnight.
        let midnight = tz.to_timestamp(date.at(0, 0, 0, 0)).ok()?;
        start = start.max(midnight);
    }
    let weekend = matches!(
        date.weekday(),
        jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
    );
    let wake_min = 6 * 60 + 20 + r.int(0, 70) + if weekend { 45 } else { 0 };
    let wake = tz
        .to_timestamp(date.at((wake_min / 60) as i8, (wake_min % 60) as i8, 0, 0))
        .ok()?;
    let minutes = (wake.duration_since(start).as_secs() / 60).max(60) as u32;
    let end = start
        .checked_add(SignedDuration::from_mins(i64::from(minutes)))
        .ok()?;
    let classic = p.special().classic_night == Some(date);
    let runs = if classic {
        classic_runs(&mut r, minutes, false)
    } else {
        stage_runs(&mut r, minutes)
    };
    Some(Night {
        date,
        index: 0,
        is_main: true,
        classic,
        start,
        end,
        runs,
        hr_missing: classic,
    })
}

/// A nap on `date` at `start` lasting `minutes`.
pub fn nap(p: &Person, date: Date, start: Timestamp, minutes: u32) -> Night {
    let mut r = rng(p.seed(), Stream::Nap, day_number(date));
    let end = start
        .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
        .unwrap_or(start);
    Night {
        date,
        index: 1,
        is_main: false,
        classic: true,
        start,
        end,
        runs: classic_runs(&mut r, minutes, true),
        hr_missing: false,
    }
}

/// Stage cycles: more deep sleep early, more REM late, a few long wakes, many short ones.
fn stage_runs(r: &mut rand_chacha::ChaCha8Rng, minutes: u32) -> Vec<Run> {
    let total = minutes * 2; // 30-second epochs
    let mut plan: Vec<(Level, u32)> = Vec::new();
    plan.push((Level::Wake, r.int(4, 20) as u32));
    let mut used: u32 = plan[0].1;
    let mut cycle = 0;
    while used < total {
        let deep = match cycle {
            0 => r.int(40, 70),
            1 => r.int(24, 50),
            2 => r.int(8, 24),
            _ => r.int(0, 8),
        } as u32;
        let rem = match cycle {
            0 => r.int(8, 18),
            1 => r.int(16, 34),
            2 => r.int(26, 50),
            _ => r.int(34, 66),
        } as u32;
        let parts = [
            (Level::Light, r.int(16, 40) as u32),
            (Level::Deep, deep),
            (Level::Light, r.int(10, 30) as u32),
            (Level::Rem, rem),
        ];
        for (level, len) in parts {
            if len > 0 && used < total {
                let len = len.min(total - used);
                plan.push((level, len));
                used += len;
            }
        }
        if cycle > 0 && r.chance(0.3) && used < total {
            let len = (r.int(8, 20) as u32).min(total - used);
            plan.push((Level::Wake, len));
            used += len;
        }
        cycle += 1;
    }
    // End awake for a few minutes.
    let tail = (r.int(2, 8) as u32).min(total / 4);
    trim_tail(&mut plan, tail);
    plan.push((Level::Wake, tail));

    // Sprinkle short wakes inside long light/REM stretches.
    let mut runs = Vec::with_capacity(plan.len() * 2);
    let mut pos = 0u32;
    let last = plan.len() - 1;
    for (i, (level, len)) in plan.into_iter().enumerate() {
        let eligible =
            i != 0 && i != last && matches!(level, Level::Light | Level::Rem) && len >= 10;
        if eligible && r.chance(0.6) {
            let wake = r.int(1, 4) as u32;
            let before = r.int(3, i64::from(len - wake - 2)) as u32;
            let after = len - before - wake;
            runs.push(run(level, pos, before, false));
            runs.push(run(Level::Wake, pos + before, wake, true));
            runs.push(run(level, pos + before + wake, after, false));
        } else {
            runs.push(run(level, pos, len, false));
        }
        pos += len;
    }
    coalesce(runs)
}

/// Classic logs at 60-second granularity: asleep with restless and awake spells.
fn classic_runs(r: &mut rand_chacha::ChaCha8Rng, minutes: u32, nap: bool) -> Vec<Run> {
    let mut plan: Vec<(Level, u32)> = Vec::new();
    let mut used = 0;
    let first = (r.int(1, 2) as u32).min(minutes);
    plan.push((Level::Restless, first));
    used += first;
    let tail = (r.int(1, 3) as u32).min(minutes.saturating_sub(used));
    let body = minutes - used - tail;
    let mut left = body;
    while left > 0 {
        let asleep = (r.int(if nap { 8 } else { 12 }, 45) as u32).min(left);
        plan.push((Level::Asleep, asleep));
        left -= asleep;
        if left == 0 {
            break;
        }
        let (level, len) = if r.chance(0.7) {
            (Level::Restless, r.int(1, 3) as u32)
        } else {
            (Level::Awake, r.int(1, 4) as u32)
        };
        let len = len.min(left);
        plan.push((level, len));
        left -= len;
    }
    if tail > 0 {
        plan.push((Level::Awake, tail));
    }
    let mut runs = Vec::with_capacity(plan.len());
    let mut pos = 0;
    for (level, len) in plan {
        runs.push(Run {
            level,
            start: pos * 60,
            secs: len * 60,
            short: false,
        });
        pos += len;
    }
    coalesce(runs)
}

fn run(level: Level, start_epoch: u32, epochs: u32, short: bool) -> Run {
    Run {
        level,
        start: start_epoch * 30,
        secs: epochs * 30,
        short,
    }
}

/// Shortens the plan's tail by `epochs`, dropping emptied entries.
fn trim_tail(plan: &mut Vec<(Level, u32)>, mut epochs: u32) {
    while epochs > 0 {
        let Some(last) = plan.last_mut() else { return };
        if last.1 > epochs {
            last.1 -= epochs;
            return;
        }
        epochs -= last.1;
        plan.pop();
    }
}

/// Merges adjacent runs of the same level (never merging a short wake).
fn coalesce(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs.into_iter().filter(|r| r.secs > 0) {
        match out.last_mut() {
            Some(last) if last.level == run.level && !last.short && !run.short => {
                last.secs += run.secs;
            }
            _ => out.push(run),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_adds_up() {
        assert_eq!(largest_remainder(&[90, 90, 60], 4), vec![2, 1, 1]);
        assert_eq!(largest_remainder(&[120, 60], 3), vec![2, 1]);
        let m = largest_remainder(&[6270, 12330, 4530, 4590], 462);
        assert_eq!(m.iter().sum::<u32>(), 462);
    }

    #[test]
    fn stage_runs_are_contiguous_and_cover_the_night() {
        for seed in 0..20 {
            let mut r = rng(seed, Stream::Night, 1);
            let runs = stage_runs(&mut r, 455);
            let mut pos = 0;
            for run in &runs {
                assert_eq!(run.start, pos);
                assert_eq!(run.secs % 30, 0);
                if run.short {
                    assert!(run.secs <= 180 && run.level == Level::Wake);
                }
                pos += run.secs;
            }
            assert_eq!(pos, 455 * 60);
            assert!(runs.iter().any(|r| r.short));
        }
    }

    #[test]
    fn classic_runs_are_whole_minutes() {
        let mut r = rng(3, Stream::Nap, 1);
        let runs = classic_runs(&mut r, 47, true);
        assert_eq!(runs.iter().map(|r| r.secs).sum::<u32>(), 47 * 60);
        assert!(runs.iter().all(|r| r.secs.is_multiple_of(60)));
    }
}
