//! Decoding speed of the legacy Fitbit API's largest bodies: a 1-second heart-rate day
//! (~86,400 rows, ~2.6 MB) and a 1-minute steps day. Run with `cargo bench --bench decode`;
//! divan reports bytes per second.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write;
use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use fittui::provider::fitbit::decode;
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;

fn main() {
    divan::main();
}

const ZONES: &str = r#"{"dateTime":"2026-11-21","value":{"customHeartRateZones":[],"heartRateZones":[{"caloriesOut":1693.83222,"max":95,"min":30,"minutes":1122,"name":"Out of Range"},{"caloriesOut":211.22723,"max":133,"min":95,"minutes":35,"name":"Fat Burn"},{"caloriesOut":0,"max":162,"min":133,"minutes":0,"name":"Cardio"},{"caloriesOut":0,"max":220,"min":162,"minutes":0,"name":"Peak"}],"restingHeartRate":59}}"#;

/// A dataset body with one row per local time of day in `seconds`, values wandering like a
/// real day's heart rate.
fn body(key: &str, kind: &str, seconds: impl Iterator<Item = u32>) -> Vec<u8> {
    let mut s = format!(r#"{{"activities-heart":[{ZONES}],"{key}":{{"dataset":["#);
    let mut bpm: i32 = 62;
    let mut seed: u32 = 0x2545_f491;
    for (i, secs) in seconds.enumerate() {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        bpm = (bpm + (seed % 5) as i32 - 2).clamp(45, 170);
        if i > 0 {
            s.push(',');
        }
        let (h, m, sec) = (secs / 3600, secs / 60 % 60, secs % 60);
        write!(s, r#"{{"time":"{h:02}:{m:02}:{sec:02}","value":{bpm}}}"#).unwrap();
    }
    write!(s, r#"],"datasetInterval":1,"datasetType":"{kind}"}}}}"#).unwrap();
    s.into_bytes()
}

const DAY: Date = date(2026, 11, 21);
const FALL_BACK: Date = date(2026, 11, 1);

static HEART_1SEC: LazyLock<Vec<u8>> =
    LazyLock::new(|| body("activities-heart-intraday", "second", 0..86_400));

/// The fall-back day: 00:00–02:00, then the repeated 01:00 hour and the rest (90,000 rows).
static HEART_1SEC_FALL_BACK: LazyLock<Vec<u8>> = LazyLock::new(|| {
    body(
        "activities-heart-intraday",
        "second",
        (0..7200).chain(3600..86_400),
    )
});

static STEPS_1MIN: LazyLock<Vec<u8>> = LazyLock::new(|| {
    body(
        "activities-steps-intraday",
        "minute",
        (0..86_400).step_by(60),
    )
});

fn la() -> TimeZone {
    TimeZone::get("America/Los_Angeles").unwrap()
}

#[divan::bench]
fn heart_intraday_1sec(bencher: Bencher) {
    let (body, tz) = (&*HEART_1SEC, la());
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| decode::heart_intraday(black_box(body), DAY, &tz).unwrap());
}

#[divan::bench]
fn heart_intraday_1sec_fall_back(bencher: Bencher) {
    let (body, tz) = (&*HEART_1SEC_FALL_BACK, la());
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| decode::heart_intraday(black_box(body), FALL_BACK, &tz).unwrap());
}

/// Baseline: parsing the same body into a `serde_json::Value` tree, doing nothing with it.
#[divan::bench]
fn baseline_serde_json_value(bencher: Bencher) {
    let body = &*HEART_1SEC;
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| serde_json::from_slice::<serde_json::Value>(black_box(body)).unwrap());
}

#[divan::bench]
fn hourly_steps_1min(bencher: Bencher) {
    let (body, tz) = (&*STEPS_1MIN, la());
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| decode::hourly_steps(black_box(body), DAY, &tz).unwrap());
}
