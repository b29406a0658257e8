//! Daylight-saving days in `America/Los_Angeles`: 2026-11-01 (fall back, 25 hours) and
//! 2026-03-08 (spring forward, 23 hours).

use std::fmt::Write;

use fittui::provider::fitbit::decode;
use jiff::civil::date;

use super::{ts, tz};

/// A dataset body under `key` with one row per `(seconds since midnight, value)`.
fn dataset(key: &str, kind: &str, rows: impl IntoIterator<Item = (u32, u32)>) -> Vec<u8> {
    let mut s = format!(r#"{{"{key}":{{"dataset":["#);
    for (i, (secs, value)) in rows.into_iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let (h, m, sec) = (secs / 3600, secs / 60 % 60, secs % 60);
        write!(s, r#"{{"time":"{h:02}:{m:02}:{sec:02}","value":{value}}}"#).unwrap();
    }
    write!(s, r#"],"datasetInterval":1,"datasetType":"{kind}"}}}}"#).unwrap();
    s.into_bytes()
}

/// Local times of day, in the order the API lists them on the fall-back day: up to 02:00 on
/// summer time, then the repeated 01:00–02:00 hour and the rest of the day.
fn fall_back_times(step: u32) -> impl Iterator<Item = (u32, bool)> {
    (0..7200)
        .step_by(step as usize)
        .map(|s| (s, false))
        .chain((3600..86_400).step_by(step as usize).map(|s| (s, true)))
}

#[test]
fn fall_back_day_has_25_hourly_step_buckets() {
    let rows = fall_back_times(60).map(|(s, _)| (s, 1));
    let body = dataset("activities-steps-intraday", "minute", rows);
    let hours = decode::hourly_steps(&body, date(2026, 11, 1), &tz("America/Los_Angeles")).unwrap();
    assert_eq!(hours.len(), 25);
    assert!(hours.iter().all(|h| h.steps == 60), "{hours:?}");
    assert_eq!(hours[0].start, ts("2026-11-01T07:00:00Z"));
    assert_eq!(hours[1].start, ts("2026-11-01T08:00:00Z"), "01:00 PDT");
    assert_eq!(hours[2].start, ts("2026-11-01T09:00:00Z"), "01:00 PST");
    assert_eq!(hours[24].start, ts("2026-11-02T07:00:00Z"));
}

#[test]
fn spring_forward_day_has_23_hourly_step_buckets() {
    let rows = (0..86_400)
        .step_by(300)
        .filter(|s| !(7200..10_800).contains(s))
        .map(|s| (s, 2));
    let body = dataset("activities-steps-intraday", "minute", rows);
    let hours = decode::hourly_steps(&body, date(2026, 3, 8), &tz("America/Los_Angeles")).unwrap();
    assert_eq!(hours.len(), 23);
    assert!(hours.iter().all(|h| h.steps == 24), "{hours:?}");
    assert_eq!(
        hours[2].start,
        ts("2026-03-08T10:00:00Z"),
        "03:00 PDT follows 01:00 PST"
    );
}

#[test]
fn an_all_zero_day_still_has_24_hours() {
    let body = dataset(
        "activities-steps-intraday",
        "minute",
        (0..86_400).step_by(60).map(|s| (s, 0)),
    );
    let hours =
        decode::hourly_steps(&body, date(2026, 11, 21), &tz("America/Los_Angeles")).unwrap();
    assert_eq!(hours.len(), 24);
    assert!(hours.iter().all(|h| h.steps == 0));
    let hours =
        decode::hourly_steps(b"{}", date(2026, 11, 21), &tz("America/Los_Angeles")).unwrap();
    assert_eq!(hours.len(), 24);
}

#[test]
fn fall_back_heart_series_keeps_both_passes_in_order() {
    // 60 bpm on the first pass through 01:00–02:00, 90 bpm on the second.
    let rows = fall_back_times(10).map(|(s, second)| (s, if second && s < 7200 { 90 } else { 60 }));
    let body = dataset("activities-heart-intraday", "second", rows);
    let h = decode::heart_intraday(&body, date(2026, 11, 1), &tz("America/Los_Angeles")).unwrap();
    assert_eq!(h.series.day_minutes(), 1500);
    let b = h.series.buckets();
    assert_eq!(
        b.len(),
        1500,
        "every minute of the 25-hour day has readings"
    );
    assert!(b.windows(2).all(|w| w[0].minute < w[1].minute));
    // Minute 60 is 01:00 PDT (first pass), minute 120 is 01:00 PST (second pass).
    assert_eq!((b[60].mean, b[119].mean), (60.0, 60.0));
    assert_eq!((b[120].mean, b[179].mean), (90.0, 90.0));
    assert_eq!(b[180].mean, 60.0);
    assert_eq!(b[60].weight, 6);
}

#[test]
fn spring_forward_heart_series_is_23_hours() {
    let rows = (0..86_400)
        .step_by(60)
        .filter(|s| !(7200..10_800).contains(s))
        .map(|s| (s, 70));
    let body = dataset("activities-heart-intraday", "minute", rows);
    let h = decode::heart_intraday(&body, date(2026, 3, 8), &tz("America/Los_Angeles")).unwrap();
    assert_eq!(h.series.day_minutes(), 1380);
    assert_eq!(h.series.buckets().len(), 1380);
}

#[test]
fn heart_rows_past_midnight_are_not_folded_into_the_morning() {
    let body = dataset(
        "activities-heart-intraday",
        "minute",
        [(86_340, 70), (0, 200), (60, 200)],
    );
    let h = decode::heart_intraday(&body, date(2026, 11, 21), &tz("UTC")).unwrap();
    assert_eq!(h.series.buckets().len(), 1);
    assert_eq!(h.series.buckets()[0].minute, 1439);
}

#[test]
fn sleep_across_the_fall_back_keeps_the_start_offset() {
    let body = br#"{"sleep":[{
        "dateOfSleep": "2026-11-01", "duration": 25200000, "isMainSleep": true, "logId": 1,
        "startTime": "2026-10-31T23:00:00.000", "endTime": "2026-11-01T06:00:00.000",
        "levels": {"data": [
            {"dateTime": "2026-10-31T23:00:00.000", "level": "light", "seconds": 23400},
            {"dateTime": "2026-11-01T05:30:00.000", "level": "wake", "seconds": 1800}
        ]},
        "type": "stages"}]}"#;
    let page = decode::sleep(body, &tz("America/Los_Angeles")).unwrap();
    let (day, s) = &page.sessions[0];
    assert_eq!(*day, date(2026, 11, 1));
    assert_eq!(s.start, ts("2026-11-01T06:00:00Z"), "23:00 PDT");
    assert_eq!(
        s.end,
        ts("2026-11-01T13:00:00Z"),
        "06:00 on the PDT clock is 05:00 PST"
    );
    assert_eq!(s.end.duration_since(s.start).as_hours(), 7);
    assert_eq!(s.segments[1].start, ts("2026-11-01T12:30:00Z"));
    assert_eq!(s.segments[1].end(), s.end);
}
