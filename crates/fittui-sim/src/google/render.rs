//! Proto3 JSON of data points: the type's value object with its observation interval, sample
//! time or session interval (physical UTC instants, UTC offsets as durations, civil twins on
//! observations), and for `list` the `name` and `dataSource`, for `reconcile` the
//! `dataPointName`.

use jiff::{SignedDuration, Timestamp};

use super::points::{Ctx, Data, MinuteValue, Point, point_id};
use super::proto::{civil, date as proto_date, duration, int64, timestamp};
use super::types::{DataType, Kind};
use crate::json::{Json, round_to};
use crate::oauth::GOOGLE_USER_ID;
use crate::person::extras::{ECG_HZ, ECG_SCALING};
use crate::person::{Level, Night, Nightly, Totals, Workout, WorkoutKind};

/// The resource-name id of an identifiable point.
fn point_name(t: &DataType, p: &Point) -> Option<String> {
    let id = match &p.data {
        Data::Sleep { night, .. } => point_id(night.date, u64::from(night.index)),
        Data::Exercise { workout, .. } => point_id(workout.date, 10 + u64::from(workout.index)),
        Data::Weight(w) => point_id(w.date, 50),
        Data::BodyFat(w) => point_id(w.date, 51),
        Data::Ecg(e) => e.id(),
        _ => return None,
    };
    Some(format!(
        "users/{GOOGLE_USER_ID}/dataTypes/{}/dataPoints/{id}",
        t.id
    ))
}

/// Renders a point for `list` (`name` + `dataSource`) or `reconcile` (`dataPointName`).
pub fn render(ctx: &Ctx, t: &DataType, p: &Point, reconcile: bool) -> Json {
    let mut j = Json::obj();
    if let Some(name) = point_name(t, p) {
        j.push(if reconcile { "dataPointName" } else { "name" }, name);
    }
    if !reconcile {
        j.push("dataSource", data_source(&p.data));
    }
    j.field(t.field, value(ctx, t.kind, p))
}

fn data_source(d: &Data) -> Json {
    let (method, form, name) = match d {
        Data::Sleep { .. }
        | Data::DailyRhr(_)
        | Data::DailyZones(_)
        | Data::Nightly(_)
        | Data::Zone { .. } => ("DERIVED", "WATCH", "Sense 2"),
        Data::Weight(_) | Data::BodyFat(_) => ("PASSIVELY_MEASURED", "SCALE", "Aria Air"),
        Data::Ecg(_) => ("ACTIVELY_MEASURED", "WATCH", "Sense 2"),
        _ => ("PASSIVELY_MEASURED", "WATCH", "Sense 2"),
    };
    Json::obj()
        .field("recordingMethod", method)
        .field(
            "device",
            Json::obj()
                .field("formFactor", form)
                .field("manufacturer", "Fitbit")
                .field("displayName", name),
        )
        .field("platform", "FITBIT")
}

/// `ObservationTimeInterval` (with civil times).
pub fn interval(ctx: &Ctx, start: Timestamp, end: Timestamp) -> Json {
    let tz = ctx.person().tz();
    session(ctx, start, end)
        .field("civilStartTime", civil(tz.to_datetime(start)))
        .field("civilEndTime", civil(tz.to_datetime(end)))
}

/// `SessionTimeInterval` as observed: no civil times.
pub fn session(ctx: &Ctx, start: Timestamp, end: Timestamp) -> Json {
    Json::obj()
        .field("startTime", timestamp(start))
        .field("startUtcOffset", duration(ctx.offset(start)))
        .field("endTime", timestamp(end))
        .field("endUtcOffset", duration(ctx.offset(end)))
}

/// `ObservationSampleTime`.
pub fn sample(ctx: &Ctx, at: Timestamp) -> Json {
    Json::obj()
        .field("physicalTime", timestamp(at))
        .field("utcOffset", duration(ctx.offset(at)))
        .field("civilTime", civil(ctx.person().tz().to_datetime(at)))
}

fn plus_mins(t: Timestamp, m: u32) -> Timestamp {
    t.saturating_add(SignedDuration::from_mins(i64::from(m)))
        .unwrap_or(t)
}

/// A deterministic server-side write time shortly after `t`.
fn written(t: Timestamp, salt: u64) -> Timestamp {
    let micros = (salt.wrapping_mul(2_654_435_761) % 59_000_000) as i64;
    t.saturating_add(SignedDuration::from_micros(micros + 60_000_000))
        .unwrap_or(t)
}

fn zone_name(z: u8) -> &'static str {
    match z {
        1 => "LIGHT",
        2 => "MODERATE",
        3 => "VIGOROUS",
        _ => "PEAK",
    }
}

#[allow(clippy::too_many_lines)] // one arm per data type
fn value(ctx: &Ctx, kind: Kind, p: &Point) -> Json {
    let minute = |v: Json, key: &str| {
        Json::obj()
            .field("interval", interval(ctx, p.key, plus_mins(p.key, 1)))
            .field(key, v)
    };
    match &p.data {
        Data::Minute(MinuteValue::Steps(n)) => minute(int64(n), "count"),
        Data::Minute(MinuteValue::Distance(mm)) => minute(int64(mm), "millimeters"),
        Data::Minute(MinuteValue::Floors(n)) => minute(int64(n), "count"),
        Data::Minute(MinuteValue::Azm(zone)) => Json::obj()
            .field("interval", interval(ctx, p.key, plus_mins(p.key, 1)))
            .field(
                "heartRateZone",
                match zone {
                    2 => "FAT_BURN",
                    3 => "CARDIO",
                    _ => "PEAK",
                },
            )
            .field("activeZoneMinutes", int64(if *zone == 2 { 1 } else { 2 })),
        Data::Minute(MinuteValue::Active(level)) => Json::obj()
            .field("interval", interval(ctx, p.key, plus_mins(p.key, 1)))
            .field(
                "activeMinutesByActivityLevel",
                Json::Arr(vec![
                    Json::obj()
                        .field(
                            "activityLevel",
                            match level {
                                1 => "LIGHT",
                                2 => "MODERATE",
                                _ => "VIGOROUS",
                            },
                        )
                        .field("activeMinutes", int64(1)),
                ]),
            ),
        Data::HeartRate(bpm) => Json::obj()
            .field("sampleTime", sample(ctx, p.key))
            .field("beatsPerMinute", int64(bpm)),
        Data::Zone { minutes, zone } => Json::obj()
            .field("interval", interval(ctx, p.key, plus_mins(p.key, *minutes)))
            .field("heartRateZoneType", zone_name(*zone)),
        Data::DailyRhr(bpm) => Json::obj()
            .field("date", proto_date(p.date.unwrap_or(ctx.today)))
            .field("beatsPerMinute", int64(bpm))
            .field(
                "dailyRestingHeartRateMetadata",
                Json::obj().field("calculationMethod", "WITH_SLEEP"),
            ),
        Data::DailyZones(z) => {
            let zone = |kind: &str, min: u8, max: u8| {
                Json::obj()
                    .field("heartRateZoneType", kind)
                    .field("minBeatsPerMinute", int64(min))
                    .field("maxBeatsPerMinute", int64(max))
            };
            Json::obj()
                .field("date", proto_date(p.date.unwrap_or(ctx.today)))
                .field(
                    "heartRateZones",
                    Json::Arr(vec![
                        zone("LIGHT", z.light, z.fat_burn.saturating_sub(1)),
                        zone("MODERATE", z.fat_burn, z.cardio.saturating_sub(1)),
                        zone("VIGOROUS", z.cardio, z.peak.saturating_sub(1)),
                        zone("PEAK", z.peak, z.max),
                    ]),
                )
        }
        Data::Nightly(n) => nightly_value(ctx, kind, p, n),
        Data::Hrv(s) => Json::obj()
            .field("sampleTime", sample(ctx, p.key))
            .field(
                "rootMeanSquareOfSuccessiveDifferencesMilliseconds",
                Json::Double(s.rmssd),
            )
            .field(
                "metadata",
                Json::obj()
                    .field("highFrequencyPower", Json::Double(s.hf))
                    .field("lowFrequencyPower", Json::Double(s.lf)),
            ),
        Data::Spo2(v) => Json::obj()
            .field("sampleTime", sample(ctx, p.key))
            .field("percentage", Json::Double(*v)),
        Data::Sleep { night, processing } => sleep_value(ctx, night, *processing),
        Data::Weight(w) => Json::obj()
            .field("sampleTime", sample(ctx, p.key))
            .field("weightGrams", Json::Double(round_to(w.kg * 1000.0, 1))),
        Data::BodyFat(w) => Json::obj()
            .field("sampleTime", sample(ctx, p.key))
            .field("percentage", Json::Double(w.fat_pct.unwrap_or_default())),
        Data::Ecg(e) => Json::obj()
            .field("interval", session(ctx, e.at, e.at))
            .field("beatsPerMinuteAvg", int64(e.bpm))
            .field("leadNumber", 1u32)
            .field(
                "medicalDeviceInfo",
                Json::obj()
                    .field("deviceModel", "Sense 2")
                    .field("featureVersion", "1.2.3-2.11-2.14")
                    .field("firmwareVersion", "60.20001.194.86"),
            )
            .field("millivoltsScalingFactor", ECG_SCALING)
            .field("resultClassification", e.result.google())
            .field("samplingFrequencyHertz", ECG_HZ)
            .field(
                "waveformSamples",
                Json::arr(e.samples.iter().map(|s| i64::from(*s))),
            ),
        Data::Exercise { workout, totals } => exercise_value(ctx, workout, totals),
    }
}

fn nightly_value(ctx: &Ctx, kind: Kind, p: &Point, n: &Nightly) -> Json {
    let date = || proto_date(n.date);
    match kind {
        Kind::DailyHrv => Json::obj()
            .field("date", date())
            .field(
                "averageHeartRateVariabilityMilliseconds",
                Json::Double(n.rmssd),
            )
            .field(
                "deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds",
                Json::Double(n.deep_rmssd),
            )
            .field("entropy", Json::Double(n.entropy))
            .field("nonRemHeartRateBeatsPerMinute", int64(n.non_rem_hr)),
        Kind::DailySpo2 => Json::obj()
            .field("date", date())
            .field("averagePercentage", Json::Double(n.spo2_avg))
            .field("lowerBoundPercentage", Json::Double(n.spo2_min))
            .field("upperBoundPercentage", Json::Double(n.spo2_max))
            .field("standardDeviationPercentage", Json::Double(n.spo2_sd)),
        Kind::DailyRespiratoryRate => Json::obj()
            .field("date", date())
            .field("breathsPerMinute", Json::Double(n.br_full)),
        Kind::SkinTemperature => Json::obj()
            .field("date", date())
            .field("nightlyTemperatureCelsius", Json::Double(n.skin_nightly_c))
            .field(
                "baselineTemperatureCelsius",
                Json::Double(n.skin_baseline_c),
            )
            .field(
                "relativeNightlyStddev30dCelsius",
                Json::Double(n.skin_relative_sd_c),
            ),
        // Respiratory-rate sleep summary: a sample at the end of the sleep.
        _ => {
            let stats = |v: f64| Json::obj().field("breathsPerMinute", Json::Double(v));
            let mut j = Json::obj()
                .field("sampleTime", sample(ctx, p.key))
                .field(
                    "fullSleepStats",
                    stats(n.br_full)
                        .field("standardDeviation", Json::Double(n.br_sd))
                        .field("signalToNoise", Json::Double(n.br_snr)),
                )
                .field("deepSleepStats", stats(n.br_deep))
                .field("lightSleepStats", stats(n.br_light));
            if n.br_rem > 0.0 {
                j.push("remSleepStats", stats(n.br_rem));
            }
            j
        }
    }
}

fn sleep_value(ctx: &Ctx, night: &Night, processing: bool) -> Json {
    let salt = night.log_id();
    let create = written(night.end, salt);
    let update = written(plus_mins(night.end, 1), salt + 1);
    let mut j = Json::obj().field("interval", session(ctx, night.start, night.end));
    let mut metadata = Json::obj();
    if processing {
        metadata.push("processed", false);
        metadata.push("mainSleep", true);
        return j
            .field("metadata", metadata)
            .field("createTime", timestamp(create))
            .field("updateTime", timestamp(create));
    }
    j.push("type", if night.classic { "CLASSIC" } else { "STAGES" });
    let stage = |start: Timestamp, end: Timestamp, kind: &str, with_times: bool| {
        let mut s = session(ctx, start, end).field("type", kind);
        if with_times {
            s.push("createTime", timestamp(create));
            s.push("updateTime", timestamp(create));
        }
        s
    };
    let stages: Vec<Json> = night
        .long_runs()
        .iter()
        .map(|r| {
            stage(
                night.at(r.start),
                night.at(r.start + r.secs),
                r.level.google(),
                true,
            )
        })
        .collect();
    j.push("stages", Json::Arr(stages));
    let status = if night.classic {
        if night.is_main {
            "REJECTED_COVERAGE"
        } else {
            "REJECTED_NAP"
        }
    } else {
        "SUCCEEDED"
    };
    metadata.push("stagesStatus", status);
    metadata.push("processed", true);
    if night.is_main {
        metadata.push("mainSleep", true);
    } else {
        metadata.push("nap", true);
    }
    j.push("metadata", metadata);
    j.push("summary", sleep_summary(night));
    j.push("createTime", timestamp(create));
    j.push("updateTime", timestamp(update));
    if !night.classic {
        let short: Vec<Json> = night
            .short_wakes()
            .iter()
            .map(|(r, interrupted)| {
                // As observed, a short awakening carries the type of the stage it interrupted.
                stage(
                    night.at(r.start),
                    night.at(r.start + r.secs),
                    interrupted.google(),
                    false,
                )
            })
            .collect();
        if !short.is_empty() {
            j.push("shortAwakenings", Json::Arr(short));
        }
    }
    j
}

/// `SleepSummary` from the long-form stages.
fn sleep_summary(night: &Night) -> Json {
    let totals = night.long_totals();
    let asleep: u32 = totals
        .iter()
        .filter(|t| t.level.is_asleep())
        .map(|t| t.minutes)
        .sum();
    let mut order = totals.clone();
    order.sort_by_key(|t| !matches!(t.level, Level::Wake | Level::Awake));
    Json::obj()
        .field("minutesInSleepPeriod", int64(night.minutes()))
        // Observed: these two are sent even when zero.
        .field("minutesAfterWakeUp", int64(0))
        .field("minutesToFallAsleep", int64(0))
        .field("minutesAsleep", int64(asleep))
        .field("minutesAwake", int64(night.minutes() - asleep))
        .field(
            "stagesSummary",
            Json::Arr(
                order
                    .iter()
                    .map(|t| {
                        Json::obj()
                            .field("type", t.level.google())
                            .field("minutes", int64(t.minutes))
                            .field("count", int64(t.count))
                    })
                    .collect(),
            ),
        )
}

fn exercise_value(ctx: &Ctx, w: &Workout, t: &Totals) -> Json {
    let end = w.end();
    let mut metrics = Json::obj().field("caloriesKcal", Json::Double(round_to(t.calories, 3)));
    if w.kind != WorkoutKind::Weights && t.distance_mm > 0 {
        metrics.push("distanceMillimeters", Json::Double(t.distance_mm as f64));
    }
    if t.steps > 0 {
        metrics.push("steps", int64(t.steps));
    }
    if let Some(mean) = t.hr_mean() {
        metrics.push("averageHeartRateBeatsPerMinute", int64(mean.round() as i64));
    }
    if t.azm() > 0 {
        metrics.push("activeZoneMinutes", int64(t.azm()));
    }
    let secs = |z: usize| duration(i64::from(t.gzone_minutes[z]) * 60);
    metrics.push(
        "heartRateZoneDurations",
        Json::obj()
            .field("lightTime", secs(1))
            .field("moderateTime", secs(2))
            .field("vigorousTime", secs(3))
            .field("peakTime", secs(4)),
    );
    let event = |at: Timestamp, kind: &str| {
        Json::obj()
            .field("eventTime", timestamp(at))
            .field("eventUtcOffset", duration(ctx.offset(at)))
            .field("exerciseEventType", kind)
    };
    let salt = point_id(w.date, 10 + u64::from(w.index));
    Json::obj()
        .field("interval", session(ctx, w.start, end))
        .field("exerciseType", w.kind.google())
        .field("metricsSummary", metrics)
        .field("exerciseMetadata", Json::obj())
        .field("displayName", w.kind.name())
        .field("activeDuration", duration(i64::from(w.minutes) * 60))
        .field(
            "exerciseEvents",
            Json::Arr(vec![event(w.start, "START"), event(end, "STOP")]),
        )
        .field("updateTime", timestamp(written(end, salt + 1)))
        .field("createTime", timestamp(written(end, salt)))
}
