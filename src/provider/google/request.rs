//! Request bodies for the POST roll-up endpoints and `filter` expressions for `list` /
//! `:reconcile`.
//!
//! Bodies are `serde_json::Value`s (hand them to `reqwest::RequestBuilder::json`). Filters are
//! plain strings in AIP-160 syntax (only `>=` and `<`, joined with `AND`); the HTTP client
//! URL-encodes them as the `filter` query parameter. Which member a type accepts depends on its
//! [`RecordKind`](super::names::RecordKind):
//!
//! | kind | function | member |
//! |---|---|---|
//! | Daily | [`filter_daily`] | `{snake}.date` (`"YYYY-MM-DD"`) |
//! | Interval | [`filter_interval_civil`] / [`filter_interval_physical`] | `{snake}.interval.civil_start_time` / `.start_time` |
//! | Sample | [`filter_sample_physical`] / [`filter_sample_civil`] | `{snake}.sample_time.physical_time` / `.civil_time` |
//! | sleep | [`filter_sleep_civil_end`] / [`filter_sleep_end`] | `sleep.interval.civil_end_time` / `.end_time` |
//! | ECG | [`filter_ecg_since`] | `electrocardiogram.interval.start_time` (lower bound only) |
//!
//! Google rejects an empty window (`start >= end`) with `INVALID_TIME_RANGE`; callers should not
//! send one.

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Map, Value, json};

use super::names::DataType;

/// `{"date": {"year": Y, "month": M, "day": D}}` with plain integers (a leading zero, `09`, is
/// invalid JSON and a 400).
fn civil(date: Date) -> Value {
    json!({"date": {"year": date.year(), "month": date.month(), "day": date.day()}})
}

/// Body of `POST …/dataPoints:dailyRollUp` over the civil days `[start, end_exclusive)` in the
/// user's zone (Google resolves it), `window_days` days per bucket. No `pageSize` is sent
/// (Google rejects it for some types; the default page holds the longest allowed range:
/// 14 days for `total-calories`, `active-minutes`, `heart-rate`, `calories-in-heart-rate-zone`,
/// 90 otherwise). Pass the previous page's token to get the next page.
pub fn daily_rollup_body(
    start: Date,
    end_exclusive: Date,
    window_days: u16,
    page_token: Option<&str>,
) -> Value {
    let mut body = Map::new();
    body.insert(
        "range".into(),
        json!({"start": civil(start), "end": civil(end_exclusive)}),
    );
    body.insert("windowSizeDays".into(), json!(window_days.max(1)));
    if let Some(token) = page_token.filter(|t| !t.is_empty()) {
        body.insert("pageToken".into(), json!(token));
    }
    Value::Object(body)
}

/// Body of `POST …/dataPoints:rollUp` over the instants `[start, end)` in windows of
/// `window_secs` seconds (at least 1; the last window is truncated when the range is not a
/// multiple). Ranges are capped at 14 days for `heart-rate`, `active-minutes`, `total-calories`,
/// 90 days otherwise. `page_size` defaults to 1440 on Google's side (max 10 000): a 25-hour
/// day of 60 s windows needs 1500.
pub fn rollup_body(
    start: Timestamp,
    end: Timestamp,
    window_secs: u32,
    page_size: Option<u32>,
    page_token: Option<&str>,
) -> Value {
    let mut body = Map::new();
    body.insert(
        "range".into(),
        json!({"startTime": rfc3339(start), "endTime": rfc3339(end)}),
    );
    body.insert(
        "windowSize".into(),
        json!(format!("{}s", window_secs.max(1))),
    );
    if let Some(size) = page_size {
        body.insert(
            "pageSize".into(),
            json!(size.clamp(1, super::MAX_PAGE_SIZE)),
        );
    }
    if let Some(token) = page_token.filter(|t| !t.is_empty()) {
        body.insert("pageToken".into(), json!(token));
    }
    Value::Object(body)
}

/// RFC 3339 in UTC with `Z` (fraction digits only when non-zero).
fn rfc3339(ts: Timestamp) -> String {
    ts.to_string()
}

/// `{member} >= "{lo}" AND {member} < "{hi}"`.
fn range(member: &str, lo: &str, hi: &str) -> String {
    format!("{member} >= \"{lo}\" AND {member} < \"{hi}\"")
}

/// Daily types: `daily_resting_heart_rate.date >= "2026-11-01" AND
/// daily_resting_heart_rate.date < "2026-11-22"`.
pub fn filter_daily(data_type: DataType, start: Date, end_exclusive: Date) -> String {
    range(
        &format!("{}.date", data_type.snake()),
        &start.to_string(),
        &end_exclusive.to_string(),
    )
}

/// Interval types by local start date: `steps.interval.civil_start_time >= "2026-11-21" AND
/// steps.interval.civil_start_time < "2026-11-22"`.
pub fn filter_interval_civil(data_type: DataType, start: Date, end_exclusive: Date) -> String {
    range(
        &format!("{}.interval.civil_start_time", data_type.snake()),
        &start.to_string(),
        &end_exclusive.to_string(),
    )
}

/// Interval types by start instant: `steps.interval.start_time >= "…Z" AND … < "…Z"`.
pub fn filter_interval_physical(data_type: DataType, start: Timestamp, end: Timestamp) -> String {
    range(
        &format!("{}.interval.start_time", data_type.snake()),
        &rfc3339(start),
        &rfc3339(end),
    )
}

/// Sample types by instant: `heart_rate.sample_time.physical_time >= "2026-11-21T08:00:00Z"
/// AND heart_rate.sample_time.physical_time < "2026-11-22T08:00:00Z"`.
pub fn filter_sample_physical(data_type: DataType, start: Timestamp, end: Timestamp) -> String {
    range(
        &format!("{}.sample_time.physical_time", data_type.snake()),
        &rfc3339(start),
        &rfc3339(end),
    )
}

/// Sample types by local date: `weight.sample_time.civil_time >= "2026-11-21" AND … < "…"`.
pub fn filter_sample_civil(data_type: DataType, start: Date, end_exclusive: Date) -> String {
    range(
        &format!("{}.sample_time.civil_time", data_type.snake()),
        &start.to_string(),
        &end_exclusive.to_string(),
    )
}

/// Sleep nights by the local date they ended on: `sleep.interval.civil_end_time >=
/// "2026-11-21" AND sleep.interval.civil_end_time < "2026-11-22"` (the only way Google bins
/// sleep; `civil_start_time` is refused).
pub fn filter_sleep_civil_end(start: Date, end_exclusive: Date) -> String {
    range(
        "sleep.interval.civil_end_time",
        &start.to_string(),
        &end_exclusive.to_string(),
    )
}

/// Sleep by end instant: `sleep.interval.end_time >= "…Z" AND sleep.interval.end_time < "…Z"`.
pub fn filter_sleep_end(start: Timestamp, end: Timestamp) -> String {
    range("sleep.interval.end_time", &rfc3339(start), &rfc3339(end))
}

/// ECG readings from `start` on: `electrocardiogram.interval.start_time >= "…Z"` (ECG has no
/// upper bound; filter the decoded readings instead).
pub fn filter_ecg_since(start: Timestamp) -> String {
    format!(
        "electrocardiogram.interval.start_time >= \"{}\"",
        rfc3339(start)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn daily_rollup_body_uses_plain_integers() {
        let body = daily_rollup_body(date(2026, 9, 1), date(2026, 9, 8), 1, None);
        assert_eq!(
            body,
            json!({"range": {"start": {"date": {"year": 2026, "month": 9, "day": 1}},
                             "end": {"date": {"year": 2026, "month": 9, "day": 8}}},
                   "windowSizeDays": 1})
        );
        assert!(body["range"]["start"]["date"]["month"].is_u64());
        assert!(body.to_string().contains(r#""month":9"#));
        let body = daily_rollup_body(date(2026, 9, 1), date(2026, 9, 8), 0, Some("tok"));
        assert_eq!(body["windowSizeDays"], 1);
        assert_eq!(body["pageToken"], "tok");
    }

    #[test]
    fn rollup_body_shape() {
        let body = rollup_body(
            ts("2026-11-20T23:00:00Z"),
            ts("2026-11-21T23:00:00Z"),
            300,
            Some(20_000),
            Some(""),
        );
        assert_eq!(
            body,
            json!({"range": {"startTime": "2026-11-20T23:00:00Z", "endTime": "2026-11-21T23:00:00Z"},
                   "windowSize": "300s", "pageSize": 10000})
        );
        let body = rollup_body(
            ts("2026-11-20T23:00:00.5Z"),
            ts("2026-11-21T23:00:00Z"),
            0,
            None,
            Some("next"),
        );
        assert_eq!(body["range"]["startTime"], "2026-11-20T23:00:00.5Z");
        assert_eq!(body["windowSize"], "1s");
        assert_eq!(body["pageToken"], "next");
        assert!(body.get("pageSize").is_none());
    }

    #[test]
    fn filters() {
        assert_eq!(
            filter_daily(
                DataType::DailyRestingHeartRate,
                date(2026, 11, 1),
                date(2026, 11, 22)
            ),
            r#"daily_resting_heart_rate.date >= "2026-11-01" AND daily_resting_heart_rate.date < "2026-11-22""#
        );
        assert_eq!(
            filter_sleep_civil_end(date(2026, 11, 21), date(2026, 11, 22)),
            r#"sleep.interval.civil_end_time >= "2026-11-21" AND sleep.interval.civil_end_time < "2026-11-22""#
        );
        assert_eq!(
            filter_sample_physical(
                DataType::HeartRate,
                ts("2026-11-21T08:00:00Z"),
                ts("2026-11-22T08:00:00Z")
            ),
            r#"heart_rate.sample_time.physical_time >= "2026-11-21T08:00:00Z" AND heart_rate.sample_time.physical_time < "2026-11-22T08:00:00Z""#
        );
        assert_eq!(
            filter_ecg_since(ts("2026-11-21T08:00:00Z")),
            r#"electrocardiogram.interval.start_time >= "2026-11-21T08:00:00Z""#
        );
        assert_eq!(
            filter_interval_civil(DataType::Steps, date(2026, 11, 21), date(2026, 11, 22)),
            r#"steps.interval.civil_start_time >= "2026-11-21" AND steps.interval.civil_start_time < "2026-11-22""#
        );
        assert_eq!(
            filter_interval_physical(
                DataType::ActiveZoneMinutes,
                ts("2026-11-21T08:00:00Z"),
                ts("2026-11-22T08:00:00Z")
            ),
            r#"active_zone_minutes.interval.start_time >= "2026-11-21T08:00:00Z" AND active_zone_minutes.interval.start_time < "2026-11-22T08:00:00Z""#
        );
        assert_eq!(
            filter_sample_civil(DataType::Weight, date(2026, 9, 1), date(2026, 10, 1)),
            r#"weight.sample_time.civil_time >= "2026-09-01" AND weight.sample_time.civil_time < "2026-10-01""#
        );
        assert_eq!(
            filter_sleep_end(ts("2026-11-21T08:00:00Z"), ts("2026-11-22T08:00:00Z")),
            r#"sleep.interval.end_time >= "2026-11-21T08:00:00Z" AND sleep.interval.end_time < "2026-11-22T08:00:00Z""#
        );
    }
}
