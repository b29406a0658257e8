//! Daily activity summary (`/activities/date/{date}.json`), goals, and the activity time series
//! and intraday endpoints (`/activities/{resource}/date/…`).
//!
//! Time-series values are strings (the legacy quirk); intraday values are numbers. Every daily
//! value is the sum of the same minutes the intraday dataset lists (calories rounded to whole
//! kcal, distances printed in full). The daily summary rounds distances to two decimals.

use axum::http::StatusCode;
use jiff::civil::Date;

use super::context::Api;
use super::errors;
use super::paths::{
    self, Detail, Period, Tail, Units, Zone, checked_range, local_ms, parse_date, ymd,
};
use super::rows::{self, MinuteRow};
use crate::http::{JSON_FITBIT, SimResponse};
use crate::json::{Json, java_float, round_to};
use crate::oauth::FITBIT_USER_ID;
use crate::person::day::CAL_UNIT;
use crate::person::{Totals, Workout, WorkoutKind, add_days, days_between};

/// Daily goals.
pub const GOAL_STEPS: u32 = 10_000;
pub const GOAL_CALORIES: u32 = 2_100;
pub const GOAL_ACTIVE_MINUTES: u32 = 30;
pub const GOAL_FLOORS: u32 = 10;
pub const GOAL_AZM: u32 = 22;
/// 5 miles.
pub const GOAL_DISTANCE_MM: f64 = 8_046_720.0;

/// Resources with daily time series.
const SERIES: [&str; 22] = [
    "activityCalories",
    "calories",
    "caloriesBMR",
    "distance",
    "elevation",
    "floors",
    "minutesSedentary",
    "minutesLightlyActive",
    "minutesFairlyActive",
    "minutesVeryActive",
    "steps",
    "swimming-strokes",
    "tracker/activityCalories",
    "tracker/calories",
    "tracker/distance",
    "tracker/elevation",
    "tracker/floors",
    "tracker/minutesSedentary",
    "tracker/minutesLightlyActive",
    "tracker/minutesFairlyActive",
    "tracker/minutesVeryActive",
    "tracker/steps",
];

/// Resources with intraday data.
const INTRADAY: [&str; 6] = [
    "calories",
    "distance",
    "elevation",
    "floors",
    "steps",
    "swimming-strokes",
];

/// BMR calories over `minutes`, quantised per minute like the minutes themselves (so a day off
/// the wrist has `caloriesOut == caloriesBMR`).
fn bmr_calories(api: &Api, date: Date, minutes: u32) -> f64 {
    let per_minute = (api.person().bmr(date) / 1440.0 / CAL_UNIT).round() * CAL_UNIT;
    per_minute * f64::from(minutes)
}

/// `GET /1/user/-/activities/date/{date}.json`.
pub fn summary(api: &Api, day: &str) -> Result<SimResponse, SimResponse> {
    let date = parse_date(day, api.today)
        .ok_or_else(|| errors::validation("date", &format!("Invalid date:{day}")))?;
    let t = rows::day_totals(api, date, Zone::Local);
    let units = api.units;
    let p = api.person();
    let d2 = |mm: f64| Json::Float(round_to(units.distance(mm), 2));
    let mut activities = Vec::new();
    let mut named: Vec<(&str, u64)> = Vec::new();
    if date <= api.today {
        let day = p.day(date);
        for w in day.workouts_until(api.now) {
            let minutes = day.workout_minutes(w);
            let wt = Totals::of(minutes);
            activities.push(activity_log(api, date, w, &wt));
            if w.kind != WorkoutKind::Weights {
                match named.iter_mut().find(|(n, _)| *n == w.kind.name()) {
                    Some(entry) => entry.1 += wt.distance_mm,
                    None => named.push((w.kind.name(), wt.distance_mm)),
                }
            }
        }
    }
    let mut distances = vec![
        Json::obj()
            .field("activity", "total")
            .field("distance", d2(t.distance_mm as f64)),
        Json::obj()
            .field("activity", "tracker")
            .field("distance", d2(t.distance_mm as f64)),
        Json::obj()
            .field("activity", "loggedActivities")
            .field("distance", Json::Float(0.0)),
        Json::obj()
            .field("activity", "veryActive")
            .field("distance", d2(t.level_distance_mm[3] as f64)),
        Json::obj()
            .field("activity", "moderatelyActive")
            .field("distance", d2(t.level_distance_mm[2] as f64)),
        Json::obj()
            .field("activity", "lightlyActive")
            .field("distance", d2(t.level_distance_mm[1] as f64)),
        Json::obj()
            .field("activity", "sedentaryActive")
            .field("distance", d2(t.level_distance_mm[0] as f64)),
    ];
    for (name, mm) in named {
        distances.push(
            Json::obj()
                .field("activity", name)
                .field("distance", d2(mm as f64)),
        );
    }
    let calories_out = t.calories.round() as i64;
    let bmr = bmr_calories(api, date, t.minutes).round() as i64;
    let mut s = Json::obj()
        .field("activeScore", -1i64)
        .field("activityCalories", t.activity_calories.round() as i64)
        .field("caloriesBMR", bmr)
        .field("caloriesOut", calories_out)
        .field("caloriesOutUnestimated", calories_out)
        .field("distances", Json::Arr(distances))
        .field(
            "elevation",
            Json::Float(round_to(units.elevation(t.elevation_mm()), 2)),
        )
        .field("fairlyActiveMinutes", t.fairly)
        .field("floors", t.floors);
    if api.has_scope("heartrate") {
        s.push(
            "heartRateZones",
            super::heart::zones_json(&p.zones(date), &t),
        );
    }
    s.push("lightlyActiveMinutes", t.lightly);
    s.push("marginalCalories", (calories_out - bmr).max(0));
    if api.has_scope("heartrate") && t.hr_n > 0 {
        s.push("restingHeartRate", p.rhr(date));
    }
    s.push("sedentaryMinutes", t.sedentary);
    s.push("steps", t.steps);
    s.push("useEstimation", true);
    s.push("veryActiveMinutes", t.very);
    let body = Json::obj()
        .field("activities", Json::Arr(activities))
        .field("goals", daily_goals(units, false))
        .field("summary", s);
    Ok(SimResponse::json_as(StatusCode::OK, &body, JSON_FITBIT))
}

fn activity_log(api: &Api, date: Date, w: &Workout, t: &Totals) -> Json {
    let log_id = 61_000_000_000
        + (crate::person::rng::day_number(date).max(0) as u64) * 10
        + u64::from(w.index);
    let start = api.person().tz().to_datetime(w.start);
    let modified = jiff::tz::TimeZone::UTC.to_datetime(
        w.end()
            .saturating_add(jiff::SignedDuration::from_mins(4))
            .unwrap_or(w.start),
    );
    let mut j = Json::obj()
        .field("activityId", w.kind.fitbit_id())
        .field("activityParentId", w.kind.fitbit_id())
        .field("activityParentName", w.kind.name())
        .field("calories", t.calories.round() as i64)
        .field("description", w.kind.description())
        .field(
            "detailsLink",
            format!("/api/1/user/{FITBIT_USER_ID}/activities/{log_id}.json"),
        );
    if w.kind != WorkoutKind::Weights {
        j.push(
            "distance",
            Json::Float(round_to(api.units.distance(t.distance_mm as f64), 3)),
        );
    }
    j.field("duration", i64::from(w.minutes) * 60_000)
        .field("hasActiveZoneMinutes", t.azm() > 0)
        .field("hasStartTime", true)
        .field("isFavorite", false)
        .field("lastModified", format!("{}Z", local_ms(modified)))
        .field("logId", log_id)
        .field("name", w.kind.name())
        .field("startDate", ymd(date))
        .field(
            "startTime",
            format!("{:02}:{:02}", start.hour(), start.minute()),
        )
        .field("steps", t.steps)
}

fn daily_goals(units: Units, with_azm: bool) -> Json {
    let mut g = Json::obj().field("activeMinutes", GOAL_ACTIVE_MINUTES);
    if with_azm {
        g.push("activeZoneMinutes", GOAL_AZM);
    }
    g.field("caloriesOut", GOAL_CALORIES)
        .field(
            "distance",
            Json::Float(round_to(units.distance(GOAL_DISTANCE_MM), 2)),
        )
        .field("floors", GOAL_FLOORS)
        .field("steps", GOAL_STEPS)
}

/// `GET /1/user/-/activities/goals/{daily|weekly}.json`.
pub fn goals(api: &Api, period: &str) -> Result<SimResponse, SimResponse> {
    let goals = match period {
        "daily" => daily_goals(api.units, true),
        "weekly" => Json::obj()
            .field("activeZoneMinutes", 150u32)
            .field(
                "distance",
                Json::Float(round_to(api.units.distance(GOAL_DISTANCE_MM * 7.0), 2)),
            )
            .field("floors", GOAL_FLOORS * 7)
            .field("steps", GOAL_STEPS * 7),
        _ => {
            return Err(errors::validation(
                "period",
                &format!("Invalid goal period: {period}"),
            ));
        }
    };
    Ok(SimResponse::json_as(
        StatusCode::OK,
        &Json::obj().field("goals", goals),
        JSON_FITBIT,
    ))
}

/// The time-series string value of `resource` for totals `t` of `date`.
fn series_value(api: &Api, resource: &str, date: Date, t: &Totals) -> String {
    let units = api.units;
    match resource.trim_start_matches("tracker/") {
        "activityCalories" => (t.activity_calories.round() as i64).to_string(),
        "calories" => (t.calories.round() as i64).to_string(),
        "caloriesBMR" => (bmr_calories(api, date, t.minutes).round() as i64).to_string(),
        "distance" => java_float(units.distance(t.distance_mm as f64)),
        "elevation" => java_float(units.elevation(t.elevation_mm())),
        "floors" => t.floors.to_string(),
        "minutesSedentary" => t.sedentary.to_string(),
        "minutesLightlyActive" => t.lightly.to_string(),
        "minutesFairlyActive" => t.fairly.to_string(),
        "minutesVeryActive" => t.very.to_string(),
        "steps" => t.steps.to_string(),
        _ => "0".into(),
    }
}

/// `GET /1/user/-/activities/{resource}/date/…` (time series or intraday).
pub fn series(api: &Api, resource: &str, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    if !SERIES.contains(&resource) {
        return Err(errors::bad_resource_path(&format!("activities/{resource}")));
    }
    let zone = paths::zone(api.req)?;
    let key = format!("activities-{}", resource.replace('/', "-"));
    let tail = paths::parse_tail(
        tail,
        api.today,
        &[Detail::Min1, Detail::Min5, Detail::Min15],
    )?;
    let (start, end) = match tail {
        Tail::Period(_, Period::Max) => return Err(errors::too_many_points()),
        Tail::Period(end, p) => (p.start(end), end),
        Tail::Range(s, e) => checked_range(s, e, 1095)?,
        Tail::Intraday(i) => {
            if !INTRADAY.contains(&resource) {
                return Err(errors::bad_resource_path(&format!("activities/{resource}")));
            }
            let w = rows::window(api, i.start, i.end, i.time, zone)?;
            return Ok(intraday(api, resource, &key, &w, i.detail));
        }
        Tail::Day(_) | Tail::All(..) => return Err(errors::unknown_path()),
    };
    let mut values = Vec::with_capacity(days_between(start, end).max(0) as usize + 1);
    let mut d = start;
    while d <= end {
        let t = rows::day_totals(api, d, zone);
        values.push(
            Json::obj()
                .field("dateTime", ymd(d))
                .field("value", series_value(api, resource, d, &t)),
        );
        d = add_days(d, 1);
    }
    Ok(SimResponse::json_as(
        StatusCode::OK,
        &Json::obj().field(&key, Json::Arr(values)),
        JSON_FITBIT,
    ))
}

fn intraday(api: &Api, resource: &str, key: &str, w: &rows::Window, detail: Detail) -> SimResponse {
    let all = rows::minute_rows(api, w);
    let units = api.units;
    let mut summary = Vec::new();
    for date in rows::dates(&all) {
        let minutes: Vec<_> = all
            .iter()
            .filter(|r| r.date == date && r.done)
            .map(|r| r.minute)
            .collect();
        let t = Totals::of(&minutes);
        summary.push(
            Json::obj()
                .field("dateTime", ymd(date))
                .field("value", series_value(api, resource, date, &t)),
        );
    }
    let mut out = String::with_capacity(all.len() * 48 + 256);
    out.push('[');
    for (i, bucket) in rows::buckets(&all, detail).into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        row(
            &mut out,
            resource,
            bucket,
            rows::bucket_label(bucket, detail),
            units,
        );
    }
    out.push(']');
    let body = Json::obj().field(key, Json::Arr(summary)).field(
        &format!("{key}-intraday"),
        Json::obj()
            .field("dataset", Json::Raw(out))
            .field("datasetInterval", detail.interval())
            .field("datasetType", detail.kind()),
    );
    SimResponse::json_as(StatusCode::OK, &body, JSON_FITBIT)
}

fn row(out: &mut String, resource: &str, bucket: &[MinuteRow], label: u32, units: Units) {
    let sum = |f: fn(&MinuteRow) -> u64| bucket.iter().map(f).sum::<u64>();
    let time = paths::hms(label);
    let value: Json = match resource {
        "steps" => Json::Int(sum(|r| u64::from(r.minute.steps)) as i64),
        "floors" => Json::Int(sum(|r| u64::from(r.minute.floors)) as i64),
        "distance" => Json::Float(units.distance(sum(|r| u64::from(r.minute.distance_mm)) as f64)),
        "elevation" => {
            Json::Float(units.elevation(sum(|r| u64::from(r.minute.floors)) as f64 * 3048.0))
        }
        "calories" => {
            let cal = sum(|r| u64::from(r.minute.cal_q)) as f64 * CAL_UNIT;
            let level = bucket.iter().map(|r| r.minute.level).max().unwrap_or(0);
            let mets = sum(|r| u64::from(r.minute.mets10)) as f64 / bucket.len().max(1) as f64;
            Json::obj()
                .field("level", level)
                .field("mets", mets.round() as i64)
                .field("time", time)
                .field("value", Json::Float(cal))
                .write(out);
            return;
        }
        _ => Json::Int(0),
    };
    Json::obj()
        .field("time", time)
        .field("value", value)
        .write(out);
}
