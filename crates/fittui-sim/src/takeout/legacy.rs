//! The legacy Fitbit JSON families (`Global Export Data`, `user-site-export`): §4 of the
//! reference. Pretty-printed arrays (Jackson style: `"key" : value`), numbers as strings where
//! Fitbit wrote strings, intraday stamps in UTC `MM/DD/YY HH:MM:SS`, daily rows as local labels.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, date};

use super::sink::Sink;
use super::{Ctx, TakeoutError};
use crate::fitbit::paths::Units;
use crate::fitbit::sleep::log_json;
use crate::json::{Json, round_to, write_double, write_float_java, write_small, write_str};
use crate::person::extras::{SENSE_2_ID, weigh_ins};
use crate::person::nightly::vo2max;
use crate::person::rng::{Stream, day_number, unit};
use crate::person::{
    Level, MEMBER_SINCE, Night, State, Totals, Workout, WorkoutKind, Zones, add_days,
};

/// Days per chunk file.
pub const CHUNK_DAYS: usize = 30;

/// `MM/DD/YY`.
pub fn mdy(d: Date) -> String {
    format!(
        "{:02}/{:02}/{:02}",
        d.month(),
        d.day(),
        d.year().rem_euclid(100)
    )
}

/// `MM/DD/YY 00:00:00`: a daily row's local date label.
pub fn label(d: Date) -> String {
    format!("{} 00:00:00", mdy(d))
}

/// `MM/DD/YY HH:MM:SS` of a civil date-time.
pub fn mdy_hms(dt: DateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02}",
        mdy(dt.date()),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// `MM/DD/YY HH:MM:SS` in UTC.
pub fn utc_mdy_hms(t: Timestamp) -> String {
    mdy_hms(jiff::tz::TimeZone::UTC.to_datetime(t))
}

/// `YYYY-MM-DD`.
pub fn ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Fast UTC stamps for consecutive seconds: the date part is formatted once per UTC day (and
/// per style).
pub(crate) struct UtcStamps {
    day: i64,
    iso: bool,
    prefix: String,
}

impl UtcStamps {
    pub(crate) fn new() -> Self {
        UtcStamps {
            day: i64::MIN,
            iso: false,
            prefix: String::new(),
        }
    }

    fn refresh(&mut self, secs: i64, iso: bool, f: impl Fn(Date) -> String) {
        let day = secs.div_euclid(86_400);
        if day != self.day || iso != self.iso {
            self.day = day;
            self.iso = iso;
            let d = Timestamp::from_second(day * 86_400).map_or(date(1970, 1, 1), |t| {
                jiff::tz::TimeZone::UTC.to_datetime(t).date()
            });
            self.prefix = f(d);
        }
    }

    /// Appends `MM/DD/YY HH:MM:SS`.
    pub(crate) fn write_mdy(&mut self, out: &mut String, secs: i64) {
        self.refresh(secs, false, |d| format!("{} ", mdy(d)));
        out.push_str(&self.prefix);
        write_hms(out, secs.rem_euclid(86_400));
    }

    /// Appends `YYYY-MM-DDTHH:MM:SSZ`.
    pub(crate) fn write_iso(&mut self, out: &mut String, secs: i64) {
        self.refresh(secs, true, |d| format!("{}T", ymd(d)));
        out.push_str(&self.prefix);
        write_hms(out, secs.rem_euclid(86_400));
        out.push('Z');
    }
}

fn write_hms(out: &mut String, sod: i64) {
    let sod = u32::try_from(sod).unwrap_or(0);
    crate::json::write_2(out, sod / 3600);
    out.push(':');
    crate::json::write_2(out, (sod / 60) % 60);
    out.push(':');
    crate::json::write_2(out, sod % 60);
}

/// A pretty-printed top-level array of objects, written row by row.
pub(crate) struct Rows {
    out: String,
    n: usize,
}

impl Rows {
    pub(crate) fn with_capacity(cap: usize) -> Self {
        Rows {
            out: String::with_capacity(cap),
            n: 0,
        }
    }

    /// Starts a row; returns the buffer to write the object into.
    pub(crate) fn row(&mut self) -> &mut String {
        self.out.push_str(if self.n == 0 { "[" } else { "," });
        self.n += 1;
        &mut self.out
    }

    /// Appends a row object from a [`Json`] tree.
    pub(crate) fn json(&mut self, j: &Json) {
        let out = self.row();
        pretty(j, out, 0);
    }

    pub(crate) fn len(&self) -> usize {
        self.n
    }

    pub(crate) fn finish(mut self) -> Vec<u8> {
        if self.n == 0 {
            self.out.push_str("[ ]");
        } else {
            self.out.push(']');
        }
        self.out.into_bytes()
    }
}

/// Writes `j` Jackson-pretty at `indent`.
pub(crate) fn pretty(j: &Json, out: &mut String, indent: usize) {
    match j {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(v) => {
            let _ = write!(out, "{v}");
        }
        Json::Float(v) => write_float_java(out, *v),
        Json::Double(v) => write_double(out, *v),
        Json::Str(s) => write_str(out, s),
        Json::Raw(s) => out.push_str(s),
        Json::Arr(items) => {
            if items.is_empty() {
                out.push_str("[ ]");
                return;
            }
            out.push_str("[ ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                pretty(item, out, indent);
            }
            out.push_str(" ]");
        }
        Json::Obj(fields) => {
            if fields.is_empty() {
                out.push_str("{ }");
                return;
            }
            out.push_str("{\n");
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                push_indent(out, indent + 2);
                write_str(out, k);
                out.push_str(" : ");
                pretty(v, out, indent + 2);
            }
            out.push('\n');
            push_indent(out, indent);
            out.push('}');
        }
    }
}

fn push_indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// A `{"dateTime" : …, "value" : "…"}` row with a string value.
fn string_row(rows: &mut Rows, stamp: &str, value: &str) {
    let out = rows.row();
    out.push_str("{\n  \"dateTime\" : \"");
    out.push_str(stamp);
    out.push_str("\",\n  \"value\" : \"");
    out.push_str(value);
    out.push_str("\"\n}");
}

/// Millimetres as a decimal string of centimetres (`74.3`, `0`).
pub fn cm(mm: u64) -> String {
    if mm.is_multiple_of(10) {
        (mm / 10).to_string()
    } else {
        format!("{}.{}", mm / 10, mm % 10)
    }
}

/// Millimetres as a decimal string of metres (`0.743`).
pub fn metres(mm: u64) -> String {
    let frac = mm % 1000;
    if frac == 0 {
        format!("{}.0", mm / 1000)
    } else {
        let s = format!("{}.{frac:03}", mm / 1000);
        s.trim_end_matches('0').to_string()
    }
}

/// Heart-rate confidence of a minute's state.
fn confidence(state: State) -> u32 {
    match state {
        State::Sleep(_) => 3,
        State::Walk | State::Run => 1,
        _ => 2,
    }
}

/// The account year (from the `MEMBER_SINCE` anniversary) `d` falls in: its first day.
pub fn anniversary(d: Date) -> Date {
    let this = date(d.year(), MEMBER_SINCE.month(), MEMBER_SINCE.day());
    if d >= this {
        this
    } else {
        date(d.year() - 1, MEMBER_SINCE.month(), MEMBER_SINCE.day())
    }
}

/// The distinct account years of `dates`.
fn years(dates: &[Date]) -> Vec<Date> {
    let mut out: Vec<Date> = dates.iter().map(|d| anniversary(*d)).collect();
    out.dedup();
    out
}

/// The main sleeps and naps of `date` the API lists at `now`.
pub(crate) fn sleeps(ctx: &Ctx<'_>, d: Date) -> Vec<Night> {
    let processing = ctx.p.processing_night(ctx.now) == Some(d);
    ctx.p
        .sessions(d)
        .into_iter()
        .filter(|n| n.end <= ctx.now && !(n.is_main && processing))
        .collect()
}

/// The whole-day totals the API serves for `d`.
pub(crate) fn totals(ctx: &Ctx<'_>, d: Date) -> Totals {
    Totals::of_day(&ctx.p.day(d), ctx.now)
}

pub(crate) fn write_all(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    heart_rate(ctx, sink)?;
    minute_families(ctx, sink)?;
    active_minutes(ctx, sink)?;
    resting_heart_rate(ctx, sink)?;
    zones(ctx, sink)?;
    sleep(ctx, sink)?;
    weight(ctx, sink)?;
    exercise(ctx, sink)?;
    vo2(ctx, sink)
}

fn path(ctx: &Ctx<'_>, category: &str, file: &str) -> String {
    format!("{}/{file}", ctx.json_dir(category))
}

const ACTIVITY: &str = "Physical Activity";

fn heart_rate(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let every = ctx.spec.heart_every_secs.max(1);
    let mut stamps = UtcStamps::new();
    for &d in ctx.dates {
        let day = ctx.p.day(d);
        let done = day.seconds_done(ctx.now) as usize;
        let mut rows = Rows::with_capacity(done / every as usize * 96);
        let base = day.start.as_second();
        for (i, &bpm) in day.hr[..done].iter().enumerate() {
            if bpm == 0 || !(i as u32).is_multiple_of(every) {
                continue;
            }
            let state = day.minutes.get(i / 60).map_or(State::Off, |m| m.state);
            let out = rows.row();
            out.push_str("{\n  \"dateTime\" : \"");
            stamps.write_mdy(out, base + i as i64);
            out.push_str("\",\n  \"value\" : {\n    \"bpm\" : ");
            write_small(out, u32::from(bpm));
            out.push_str(",\n    \"confidence\" : ");
            write_small(out, confidence(state));
            out.push_str("\n  }\n}");
        }
        if rows.len() > 0 {
            let name = format!("heart_rate-{}.json", ymd(d));
            sink.add(&path(ctx, ACTIVITY, &name), &rows.finish(), false)?;
        }
    }
    Ok(())
}

fn minute_families(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut stamps = UtcStamps::new();
    for chunk in ctx.dates.chunks(CHUNK_DAYS) {
        let Some(&first) = chunk.first() else {
            continue;
        };
        let mut steps = Rows::with_capacity(chunk.len() * 1440 * 60);
        let mut distance = Rows::with_capacity(chunk.len() * 1440 * 60);
        let mut calories = Rows::with_capacity(chunk.len() * 1440 * 64);
        let mut altitude = Rows::with_capacity(1024);
        let mut stamp = String::with_capacity(17);
        for &d in chunk {
            let day = ctx.p.day(d);
            let base = day.start.as_second();
            for (j, m) in day.minutes_until(ctx.now).iter().enumerate() {
                stamp.clear();
                stamps.write_mdy(&mut stamp, base + 60 * j as i64);
                if m.state != State::Off {
                    string_row(&mut steps, &stamp, &m.steps.to_string());
                    string_row(&mut distance, &stamp, &cm(u64::from(m.distance_mm)));
                }
                string_row(&mut calories, &stamp, &crate::json::double(m.calories()));
                if m.floors > 0 {
                    string_row(
                        &mut altitude,
                        &stamp,
                        &(u32::from(m.floors) * 10).to_string(),
                    );
                }
            }
        }
        let day = ymd(first);
        for (family, rows) in [
            ("steps", steps),
            ("distance", distance),
            ("calories", calories),
            ("altitude", altitude),
        ] {
            if rows.len() > 0 {
                let name = format!("{family}-{day}.json");
                sink.add(&path(ctx, ACTIVITY, &name), &rows.finish(), false)?;
            }
        }
    }
    Ok(())
}

fn active_minutes(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    type Get = fn(&Totals) -> u32;
    let families: [(&str, Get, u32); 4] = [
        ("sedentary_minutes", |t| t.sedentary, 1440),
        ("lightly_active_minutes", |t| t.lightly, 0),
        ("moderately_active_minutes", |t| t.fairly, 0),
        ("very_active_minutes", |t| t.very, 0),
    ];
    for chunk in ctx.dates.chunks(CHUNK_DAYS) {
        let Some(&first) = chunk.first() else {
            continue;
        };
        let totals: Vec<Totals> = chunk.iter().map(|d| totals(ctx, *d)).collect();
        for (family, get, placeholder) in families {
            let mut rows = Rows::with_capacity(CHUNK_DAYS * 64);
            for (d, t) in chunk.iter().zip(&totals) {
                string_row(&mut rows, &label(*d), &get(t).to_string());
            }
            // The newest file is padded into the future with placeholder days.
            for k in chunk.len()..CHUNK_DAYS {
                let d = add_days(first, k as i64);
                string_row(&mut rows, &label(d), &placeholder.to_string());
            }
            let name = format!("{family}-{}.json", ymd(first));
            sink.add(&path(ctx, ACTIVITY, &name), &rows.finish(), false)?;
        }
    }
    Ok(())
}

fn resting_heart_rate(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut first_value = true;
    for start in years(ctx.dates) {
        let end = date(start.year() + 1, start.month(), start.day());
        let mut rows = Rows::with_capacity(366 * 120);
        let mut d = start;
        while d < end {
            let t = ctx.dates.binary_search(&d).is_ok().then(|| totals(ctx, d));
            let out = rows.row();
            out.push_str("{\n  \"dateTime\" : \"");
            out.push_str(&label(d));
            out.push_str("\",\n  \"value\" : {\n    \"date\" : ");
            match t.filter(|t| t.hr_n > 0) {
                Some(_) => {
                    let error = if first_value {
                        100.0
                    } else {
                        round_to(
                            6.0 + 10.0 * unit(ctx.p.seed(), Stream::Takeout, day_number(d)),
                            2,
                        )
                    };
                    first_value = false;
                    let _ = write!(out, "\"{}\",\n    \"value\" : ", mdy(d));
                    write_float_java(out, f64::from(ctx.p.rhr(d)));
                    out.push_str(",\n    \"error\" : ");
                    write_float_java(out, error);
                }
                None => out.push_str("null,\n    \"value\" : 0.0,\n    \"error\" : 0.0"),
            }
            out.push_str("\n  }\n}");
            d = add_days(d, 1);
        }
        let name = format!("resting_heart_rate-{}.json", ymd(start));
        sink.add(&path(ctx, ACTIVITY, &name), &rows.finish(), false)?;
    }
    Ok(())
}

fn zones(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    for &d in ctx.dates {
        let t = totals(ctx, d);
        if t.hr_n == 0 {
            continue;
        }
        let m = |i: usize| Json::Float(f64::from(t.zone_minutes[i]));
        let row = Json::obj().field("dateTime", label(d)).field(
            "value",
            Json::obj().field(
                "valuesInZones",
                Json::obj()
                    .field("BELOW_DEFAULT_ZONE_1", m(1))
                    .field("IN_DEFAULT_ZONE_1", m(2))
                    .field("IN_DEFAULT_ZONE_2", m(3))
                    .field("IN_DEFAULT_ZONE_3", m(4)),
            ),
        );
        let mut rows = Rows::with_capacity(256);
        rows.json(&row);
        let name = format!("time_in_heart_rate_zones-{}.json", ymd(d));
        sink.add(&path(ctx, ACTIVITY, &name), &rows.finish(), false)?;
    }
    Ok(())
}

/// A sleep log as the export writes it: the API's v1.2 log with `mainSleep` for
/// `isMainSleep`.
pub(crate) fn sleep_log(ctx: &Ctx<'_>, night: &Night) -> Json {
    match log_json(ctx.p, night) {
        Json::Obj(fields) => Json::Obj(
            fields
                .into_iter()
                .map(|(k, v)| {
                    if k == "isMainSleep" {
                        ("mainSleep".to_string(), v)
                    } else {
                        (k, v)
                    }
                })
                .collect(),
        ),
        other => other,
    }
}

fn sleep(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    for (k, chunk) in ctx.dates.chunks(CHUNK_DAYS).enumerate() {
        let Some(&first) = chunk.first() else {
            continue;
        };
        // This chunk's days plus the next chunk's first day (the boundary log is in both).
        let mut days: Vec<Date> = chunk.to_vec();
        if let Some(&next) = ctx.dates.get((k + 1) * CHUNK_DAYS) {
            days.push(next);
        }
        let mut rows = Rows::with_capacity(days.len() * 8192);
        for &d in days.iter().rev() {
            for night in sleeps(ctx, d).iter().rev() {
                rows.json(&sleep_log(ctx, night));
            }
        }
        if rows.len() > 0 {
            let name = format!("sleep-{}.json", ymd(first));
            sink.add(&path(ctx, "Sleep", &name), &rows.finish(), false)?;
        }
    }
    Ok(())
}

/// Epoch milliseconds of a civil date-time read as UTC.
pub fn utc_ms(dt: DateTime) -> i64 {
    jiff::tz::Offset::UTC
        .to_timestamp(dt)
        .map_or(0, Timestamp::as_millisecond)
}

fn weight(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    for chunk in ctx.dates.chunks(CHUNK_DAYS) {
        let (Some(&first), Some(&last)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        let mut rows = Rows::with_capacity(4096);
        for w in weigh_ins(ctx.p, first, last, ctx.now) {
            let local = ctx.p.tz().to_datetime(w.at);
            let mut j = Json::obj()
                .field("logId", utc_ms(local))
                .field("weight", Json::Float(round_to(Units::Us.weight(w.kg), 2)))
                .field("bmi", Json::Float(w.bmi));
            if let Some(fat) = w.fat_pct {
                j.push("fat", Json::Float(fat));
            }
            j.push("date", mdy(w.date));
            j.push(
                "time",
                format!(
                    "{:02}:{:02}:{:02}",
                    local.hour(),
                    local.minute(),
                    local.second()
                ),
            );
            j.push("source", "Aria");
            rows.json(&j);
        }
        if rows.len() > 0 {
            let name = format!("weight-{}.json", ymd(first));
            sink.add(
                &path(ctx, "Personal & Account", &name),
                &rows.finish(),
                false,
            )?;
        }
    }
    Ok(())
}

fn exercise(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut logs = Vec::new();
    for &d in ctx.dates {
        let day = ctx.p.day(d);
        let zones = ctx.p.zones(d);
        for w in day.workouts_until(ctx.now) {
            let t = Totals::of(day.workout_minutes(w));
            logs.push(exercise_log(d, zones, w, &t));
        }
    }
    for (k, chunk) in logs.chunks(100).enumerate() {
        let mut rows = Rows::with_capacity(chunk.len() * 2048);
        for j in chunk {
            rows.json(j);
        }
        let name = format!("exercise-{}.json", k * 100);
        sink.add(&path(ctx, ACTIVITY, &name), &rows.finish(), false)?;
    }
    Ok(())
}

/// A synthetic record id: `base`, then the day and the record's index on it (ten a day).
pub(super) fn record_id(base: u64, d: Date, index: impl Into<u64>) -> u64 {
    base + (day_number(d).max(0) as u64) * 10 + index.into()
}

/// One exercise log (the API's activity log id, UTC stamps).
fn exercise_log(d: Date, zones: Zones, w: &Workout, t: &Totals) -> Json {
    {
        {
            let log_id = record_id(61_000_000_000, d, w.index);
            let level = |name: &str, minutes: u32| {
                Json::obj().field("minutes", minutes).field("name", name)
            };
            let zone = |name: &str, min: u8, max: u8, i: usize| {
                Json::obj()
                    .field("name", name)
                    .field("min", min)
                    .field("max", max)
                    .field("minutes", t.zone_minutes[i])
            };
            let ms = i64::from(w.minutes) * 60_000;
            let km = t.distance_mm as f64 / 1_000_000.0;
            let start = utc_mdy_hms(w.start);
            let modified = utc_mdy_hms(
                w.end()
                    .saturating_add(jiff::SignedDuration::from_mins(4))
                    .unwrap_or(w.start),
            );
            let mut j = Json::obj()
                .field("logId", log_id)
                .field("activityName", w.kind.name())
                .field("activityTypeId", w.kind.fitbit_id())
                .field(
                    "activityLevel",
                    Json::Arr(vec![
                        level("sedentary", t.sedentary + t.asleep),
                        level("lightly", t.lightly),
                        level("fairly", t.fairly),
                        level("very", t.very),
                    ]),
                )
                .field_opt("averageHeartRate", t.hr_mean().map(|m| m.round() as i64))
                .field("calories", t.calories.round() as i64)
                .field("duration", ms)
                .field("activeDuration", ms)
                .field("originalDuration", ms)
                .field("steps", t.steps);
            if w.kind != WorkoutKind::Weights && km > 0.0 {
                let hours = f64::from(w.minutes) / 60.0;
                j.push("distance", Json::Float(round_to(km, 3)));
                j.push("distanceUnit", "Kilometer");
                j.push("speed", Json::Float(round_to(km / hours.max(1e-9), 3)));
                j.push(
                    "pace",
                    Json::Float(round_to(ms as f64 / 1000.0 / km.max(1e-9), 3)),
                );
            }
            j.push(
                "elevationGain",
                Json::Float(round_to(t.elevation_mm() / 1000.0, 3)),
            );
            j.push(
                "heartRateZones",
                Json::Arr(vec![
                    zone("Out of Range", 30, zones.fat_burn, 1),
                    zone("Fat Burn", zones.fat_burn, zones.cardio, 2),
                    zone("Cardio", zones.cardio, zones.peak, 3),
                    zone("Peak", zones.peak, 220, 4),
                ]),
            );
            j.push(
                "source",
                Json::obj()
                    .field("type", "tracker")
                    .field("name", "Sense 2")
                    .field("id", SENSE_2_ID)
                    .field("url", "https://www.fitbit.com/")
                    .field(
                        "trackerFeatures",
                        Json::arr(["HEARTRATE", "STEPS", "DISTANCE", "CALORIES", "ELEVATION"]),
                    ),
            );
            j.push("logType", "auto_detected");
            j.push(
                "manualValuesSpecified",
                Json::obj()
                    .field("calories", false)
                    .field("distance", false)
                    .field("steps", false),
            );
            j.push("lastModified", modified);
            j.push("startTime", start.clone());
            j.push("originalStartTime", start);
            j.push("hasActiveZoneMinutes", t.azm() > 0);
            j.push("hasGps", false);
            j.push("shouldFetchDetails", false);
            j
        }
    }
}

/// Whether the API serves a cardio-fitness value for `d`.
pub(crate) fn has_vo2(ctx: &Ctx<'_>, d: Date) -> bool {
    vo2_of(ctx.p, d, ctx.now).is_some()
}

/// The VO₂ max the export gives for `d` (`demographic_vo2_max-….json`), if any.
pub fn vo2_of(p: &crate::person::Person, d: Date, now: jiff::Timestamp) -> Option<f64> {
    (d < p.today(now) && p.has_date(d, now) && !p.is_not_worn(d)).then(|| vo2max(p, d))
}

fn vo2(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    for start in years(ctx.dates) {
        let mut rows = Rows::with_capacity(366 * 200);
        for &d in ctx.dates.iter().filter(|d| anniversary(**d) == start) {
            if !has_vo2(ctx, d) {
                continue;
            }
            let v = vo2max(ctx.p, d);
            let row = Json::obj().field("dateTime", label(d)).field(
                "value",
                Json::obj()
                    .field("demographicVO2Max", Json::Float(v))
                    .field("demographicVO2MaxError", Json::Float(3.0))
                    .field("filteredDemographicVO2Max", Json::Float(v))
                    .field("filteredDemographicVO2MaxError", Json::Float(0.36)),
            );
            rows.json(&row);
        }
        if rows.len() > 0 {
            let name = format!("demographic_vo2_max-{}.json", ymd(start));
            sink.add(&path(ctx, ACTIVITY, &name), &rows.finish(), false)?;
        }
    }
    Ok(())
}

/// The stage minutes of a log (deep, light, rem, wake; classic: asleep, awake, restless).
pub fn level_minutes(night: &Night, level: Level) -> u32 {
    night
        .totals()
        .iter()
        .filter(|t| t.level == level)
        .map(|t| t.minutes)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_stamps() {
        assert_eq!(cm(743), "74.3");
        assert_eq!(cm(740), "74");
        assert_eq!(cm(0), "0");
        assert_eq!(metres(743), "0.743");
        assert_eq!(metres(740), "0.74");
        assert_eq!(metres(1000), "1.0");
        assert_eq!(metres(12_005), "12.005");
        assert_eq!(mdy(date(2026, 3, 4)), "03/04/26");
        assert_eq!(label(date(2026, 11, 20)), "11/20/26 00:00:00");
        let t: Timestamp = "2026-11-19T13:00:05Z".parse().unwrap();
        assert_eq!(utc_mdy_hms(t), "11/19/26 13:00:05");
        let mut s = UtcStamps::new();
        let mut out = String::new();
        s.write_mdy(&mut out, t.as_second());
        out.push('|');
        s.write_iso(&mut out, t.as_second() + 86_400);
        out.push('|');
        s.write_mdy(&mut out, t.as_second() + 86_400);
        assert_eq!(
            out,
            "11/19/26 13:00:05|2026-11-20T13:00:05Z|11/20/26 13:00:05"
        );
        assert_eq!(anniversary(date(2026, 3, 1)), date(2025, 3, 2));
        assert_eq!(anniversary(date(2026, 3, 2)), date(2026, 3, 2));
    }

    #[test]
    fn pretty_is_jackson_like() {
        let mut out = String::new();
        let j = Json::obj()
            .field("a", 1i64)
            .field("b", Json::arr(["x", "y"]))
            .field("c", Json::obj())
            .field("d", Json::Float(2.0));
        pretty(&j, &mut out, 0);
        assert_eq!(
            out,
            "{\n  \"a\" : 1,\n  \"b\" : [ \"x\", \"y\" ],\n  \"c\" : { },\n  \"d\" : 2.0\n}"
        );
        assert_eq!(Rows::with_capacity(0).finish(), b"[ ]");
    }
}
