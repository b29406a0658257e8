//! Data points of every simulated type, per local day, and their proto3 JSON.
//!
//! A day's points are those whose sort key (interval start, sample time, session start, or the
//! date's midnight) falls in that local day, in ascending order; only what exists at "now" is
//! produced (finished minutes, readings before now, finished sessions; the latest main sleep
//! appears with `metadata.processed: false`). [`super::render`] turns points into JSON.

use std::sync::Arc;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::types::{DataType, Kind};
use crate::person::extras::{Ecg, WeighIn, ecgs, weigh_ins};
use crate::person::nightly::HrvSample;
use crate::person::rng::day_number;
use crate::person::{Night, Nightly, Person, Totals, Workout, Zones, add_days};
use crate::shared::Sim;

/// What is answering: the simulator and its clock.
pub struct Ctx<'a> {
    pub sim: &'a Sim,
    pub now: Timestamp,
    pub today: Date,
}

impl Ctx<'_> {
    pub fn person(&self) -> &Person {
        &self.sim.person
    }

    /// UTC offset in force at `t`, seconds.
    pub fn offset(&self, t: Timestamp) -> i64 {
        i64::from(self.person().tz().to_offset(t).seconds())
    }
}

/// A per-minute interval record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinuteValue {
    Steps(u16),
    Distance(u32),
    Floors(u8),
    /// Fitbit zone (2 fat burn, 3 cardio, 4 peak).
    Azm(u8),
    /// Activity level 1–3.
    Active(u8),
}

/// The payload of a point.
#[derive(Debug, Clone)]
pub enum Data {
    Minute(MinuteValue),
    HeartRate(u8),
    /// A run of minutes in one Google zone (1 LIGHT … 4 PEAK).
    Zone {
        minutes: u32,
        zone: u8,
    },
    DailyRhr(u8),
    DailyZones(Zones),
    Nightly(Arc<Nightly>),
    Hrv(HrvSample),
    Spo2(f64),
    Sleep {
        night: Box<Night>,
        processing: bool,
    },
    Weight(WeighIn),
    /// The body fat of a weigh-in that measured it.
    BodyFat(WeighIn),
    Ecg(Arc<Ecg>),
    Exercise {
        workout: Workout,
        totals: Box<Totals>,
    },
}

/// One data point.
#[derive(Debug, Clone)]
pub struct Point {
    /// Sort key (newest first by this).
    pub key: Timestamp,
    /// The instant filters compare (start, sample or end time).
    pub physical: Timestamp,
    /// Daily records' date.
    pub date: Option<Date>,
    pub data: Data,
}

/// Numeric data point id: `7100…` + day number × 100 + a slot.
pub fn point_id(date: Date, slot: u64) -> u64 {
    7_100_000_000_000_000_000 + (day_number(date).max(0) as u64) * 100 + slot
}

/// Decodes [`point_id`].
pub fn decode_id(id: &str) -> Option<(Date, u64)> {
    let n: u64 = id.parse().ok()?;
    let rest = n.checked_sub(7_100_000_000_000_000_000)?;
    let day = i64::try_from(rest / 100).ok()?;
    let date = add_days(jiff::civil::date(1970, 1, 1), day);
    Some((date, rest % 100))
}

fn minute_start(start: Timestamp, m: usize) -> Timestamp {
    start
        .saturating_add(SignedDuration::from_mins(m as i64))
        .unwrap_or(start)
}

/// The points of `t` whose key falls on `date`, ascending.
#[allow(clippy::too_many_lines)] // one arm per data type
pub fn day_points(ctx: &Ctx, t: &DataType, date: Date) -> Vec<Point> {
    let p = ctx.person();
    if !p.has_date(date, ctx.now) {
        return Vec::new();
    }
    let (day_start, day_end) = p.bounds(date);
    let in_day = |k: Timestamp| k >= day_start && k < day_end;
    let at = |key: Timestamp, data: Data| Point {
        key,
        physical: key,
        date: None,
        data,
    };
    let daily = |data: Data| Point {
        key: day_start,
        physical: day_start,
        date: Some(date),
        data,
    };
    match t.kind {
        Kind::Steps | Kind::Distance | Kind::Floors | Kind::Azm | Kind::ActiveMinutes => {
            minute_points(ctx, t.kind, date)
        }
        Kind::HeartRate => {
            let day = p.day(date);
            let done = day.seconds_done(ctx.now) as usize;
            day.hr[..done]
                .iter()
                .enumerate()
                .filter(|(_, b)| **b > 0)
                .map(|(i, b)| at(day.at(i as u32), Data::HeartRate(*b)))
                .collect()
        }
        Kind::TimeInZone => zone_points(ctx, date),
        Kind::DailyRestingHeartRate | Kind::DailyHeartRateZones => {
            let has = if date < ctx.today {
                !p.is_not_worn(date)
            } else {
                p.day(date).has_heart(ctx.now)
            };
            if !has {
                return Vec::new();
            }
            vec![daily(if t.kind == Kind::DailyRestingHeartRate {
                Data::DailyRhr(p.rhr(date))
            } else {
                Data::DailyZones(p.zones(date))
            })]
        }
        Kind::DailyHrv | Kind::DailySpo2 | Kind::DailyRespiratoryRate | Kind::SkinTemperature => p
            .nightly(date, ctx.now)
            .map(|n| daily(Data::Nightly(Arc::new(n))))
            .into_iter()
            .collect(),
        Kind::RespiratorySummary => p
            .nightly(date, ctx.now)
            .map(|n| at(n.end, Data::Nightly(Arc::new(n))))
            .into_iter()
            .collect(),
        Kind::Hrv | Kind::Spo2 => {
            let mut out = Vec::new();
            for d in [date, add_days(date, 1)] {
                let Some(n) = p.nightly(d, ctx.now) else {
                    continue;
                };
                if t.kind == Kind::Hrv {
                    out.extend(
                        n.hrv
                            .iter()
                            .filter(|s| in_day(s.at))
                            .map(|s| at(s.at, Data::Hrv(*s))),
                    );
                } else {
                    out.extend(
                        n.spo2
                            .iter()
                            .filter(|(t, _)| in_day(*t))
                            .map(|(t, v)| at(*t, Data::Spo2(*v))),
                    );
                }
            }
            out.sort_by_key(|p| p.key);
            out
        }
        Kind::Sleep => sleep_points(ctx, date),
        Kind::Weight => weigh_ins(p, date, date, ctx.now)
            .into_iter()
            .map(|w| at(w.at, Data::Weight(w)))
            .collect(),
        Kind::BodyFat => weigh_ins(p, date, date, ctx.now)
            .into_iter()
            .filter(|w| w.fat_pct.is_some())
            .map(|w| at(w.at, Data::BodyFat(w)))
            .collect(),
        Kind::Ecg => ecgs(p, ctx.now)
            .into_iter()
            .filter(|e| e.date == date)
            .map(|e| at(e.at, Data::Ecg(Arc::new(e))))
            .collect(),
        Kind::Exercise => {
            let day = p.day(date);
            day.workouts_until(ctx.now)
                .map(|w| {
                    let totals = Box::new(Totals::of(day.workout_minutes(w)));
                    at(
                        w.start,
                        Data::Exercise {
                            workout: *w,
                            totals,
                        },
                    )
                })
                .collect()
        }
        Kind::TotalCalories | Kind::CaloriesInZone | Kind::Empty => Vec::new(),
    }
}

fn minute_points(ctx: &Ctx, kind: Kind, date: Date) -> Vec<Point> {
    let day = ctx.person().day(date);
    day.minutes_until(ctx.now)
        .iter()
        .enumerate()
        .filter_map(|(m, min)| {
            let v = match kind {
                Kind::Steps => (min.steps > 0).then_some(MinuteValue::Steps(min.steps)),
                Kind::Distance => {
                    (min.distance_mm > 0).then_some(MinuteValue::Distance(min.distance_mm))
                }
                Kind::Floors => (min.floors > 0).then_some(MinuteValue::Floors(min.floors)),
                Kind::Azm => (min.zone >= 2).then_some(MinuteValue::Azm(min.zone)),
                _ => (min.level >= 1).then_some(MinuteValue::Active(min.level)),
            }?;
            let key = minute_start(day.start, m);
            Some(Point {
                key,
                physical: key,
                date: None,
                data: Data::Minute(v),
            })
        })
        .collect()
}

/// Runs of consecutive minutes in the same Google zone.
fn zone_points(ctx: &Ctx, date: Date) -> Vec<Point> {
    let day = ctx.person().day(date);
    let minutes = day.minutes_until(ctx.now);
    let mut out = Vec::new();
    let mut m = 0;
    while m < minutes.len() {
        let zone = minutes[m].gzone;
        let mut n = 1;
        while m + n < minutes.len() && minutes[m + n].gzone == zone {
            n += 1;
        }
        if zone > 0 {
            let key = minute_start(day.start, m);
            out.push(Point {
                key,
                physical: key,
                date: None,
                data: Data::Zone {
                    minutes: n as u32,
                    zone,
                },
            });
        }
        m += n;
    }
    out
}

/// Sleep sessions starting on `date` (they are filed under the date they end).
fn sleep_points(ctx: &Ctx, date: Date) -> Vec<Point> {
    let p = ctx.person();
    let (day_start, day_end) = p.bounds(date);
    let processing = p.processing_night(ctx.now);
    let mut out: Vec<Point> = [date, add_days(date, 1)]
        .into_iter()
        .filter(|d| p.has_date(*d, ctx.now))
        .flat_map(|d| p.sessions(d))
        .filter(|n| n.start >= day_start && n.start < day_end && n.end <= ctx.now)
        .map(|n| Point {
            key: n.start,
            physical: n.end,
            date: None,
            data: Data::Sleep {
                processing: n.is_main && processing == Some(n.date),
                night: Box::new(n),
            },
        })
        .collect();
    out.sort_by_key(|p| p.key);
    out
}
