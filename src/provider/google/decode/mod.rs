//! Decoders: Google Health response bodies → fittui's domain model.
//!
//! Every decoder is a pure function of the body bytes (plus the context it needs, such as the
//! account's time zone) and returns `Result<_, ApiError>`. A body that breaks the contract
//! (not JSON, a field of the wrong JSON type, an unparsable time) fails with
//! [`ApiError::Decode`] naming the endpoint and where in the body it went wrong. Everything
//! the contract allows is accepted: omitted zero values, empty pages (`{}`), empty pages that
//! still carry a `nextPageToken`, unknown keys, unknown enum values, windows without a value
//! object. No input makes a decoder panic (the property tests feed them arbitrary bytes, JSON
//! and mutated fixtures).
//!
//! Paging: decoders of paged endpoints return a [`Page`]: the items of this page plus the
//! `nextPageToken` (`None` when absent or empty). The caller repeats the request with the token
//! (all other parameters unchanged) and concatenates; [`rollup_heart_into`] decodes straight
//! into a [`HeartSeriesBuilder`](crate::domain::heart::HeartSeriesBuilder) so pages merge for
//! free. Items are returned oldest first (Google sends newest first).
//!
//! "No data" is never zero: a day (or window) absent from a response, or present without its
//! value object, is left out of the result. A value object that is present but has its numbers
//! omitted is a real zero (proto3 omits zeros).

mod account;
mod daily;
mod device;
mod rollup;
mod sleep;

pub use account::{Identity, Profile, Settings, account, identity, profile, settings};
pub use daily::{
    daily_heart_rate_zones, daily_hrv, daily_respiratory_rate, daily_resting_heart_rate,
    daily_skin_temperature, daily_spo2,
};
pub use device::{
    BodyFatReading, WeightReading, body_fat, electrocardiogram, paired_devices, weigh_ins, weight,
};
pub use rollup::{
    daily_rollup_active_minutes, daily_rollup_azm, daily_rollup_distance, daily_rollup_floors,
    daily_rollup_steps, daily_rollup_time_in_zones, daily_rollup_total_calories,
    heart_rate_samples_into, rollup_heart, rollup_heart_into, rollup_hourly_steps,
};
pub use sleep::{SleepRecord, sleep};

use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};
use serde::de::DeserializeOwned;

use crate::api::ApiError;

/// One page of a paged endpoint: its items and the token of the next page, if any.
pub type Page<T> = (Vec<T>, Option<String>);

/// Parses `body` as `T`, or a decode error naming `endpoint`.
fn parse<T: DeserializeOwned>(endpoint: &str, body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::decode(endpoint, &e))
}

/// `nextPageToken`, with `""` meaning "no more pages".
fn next_token(token: Option<String>) -> Option<String> {
    token.filter(|t| !t.is_empty())
}

/// A UTC offset sent as a duration (`"32400s"`), if it is a valid offset in whole seconds.
fn offset_of(d: SignedDuration) -> Option<Offset> {
    if d.subsec_nanos() != 0 {
        return None;
    }
    Offset::from_seconds(i32::try_from(d.as_secs()).ok()?).ok()
}

/// The civil date of `at` on the user's clock: from the offset sent with it when there is
/// one, else from `civil` (the server's civil twin), else in `tz`.
fn local_date(
    at: Timestamp,
    offset: Option<SignedDuration>,
    civil: Option<Date>,
    tz: &TimeZone,
) -> Date {
    match offset.and_then(offset_of) {
        Some(off) => off.to_datetime(at).date(),
        None => civil.unwrap_or_else(|| tz.to_datetime(at).date()),
    }
}

/// The last path segment of a resource name (`users/1/dataTypes/sleep/dataPoints/88` → `88`).
fn last_segment(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Sorts by date (stable) and keeps the first item of each date: `list` may hold one record per
/// source for a day; the first one Google sent wins.
fn by_date_dedup<T>(mut items: Vec<(Date, T)>) -> Vec<(Date, T)> {
    items.sort_by_key(|(d, _)| *d);
    items.dedup_by_key(|(d, _)| *d);
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn offsets_and_local_dates() {
        assert_eq!(
            offset_of(SignedDuration::from_secs(32400)),
            Some(jiff::tz::offset(9))
        );
        assert_eq!(offset_of(SignedDuration::from_millis(1500)), None);
        assert_eq!(offset_of(SignedDuration::from_hours(30)), None);
        let at: Timestamp = "2026-09-26T20:00:00Z".parse().unwrap();
        let utc = TimeZone::UTC;
        assert_eq!(
            local_date(at, Some(SignedDuration::from_hours(9)), None, &utc),
            date(2026, 9, 27)
        );
        assert_eq!(
            local_date(at, None, Some(date(2026, 9, 1)), &utc),
            date(2026, 9, 1)
        );
        assert_eq!(local_date(at, None, None, &utc), date(2026, 9, 26));
        // The extremes of the timestamp range with the extremes of the offset range.
        let max_off = Some(SignedDuration::from_secs(93_599));
        let min_off = Some(SignedDuration::from_secs(-93_599));
        assert_eq!(
            local_date(Timestamp::MAX, max_off, None, &utc),
            date(9999, 12, 31)
        );
        assert_eq!(
            local_date(Timestamp::MIN, min_off, None, &utc),
            date(-9999, 1, 1)
        );
    }

    #[test]
    fn dedup_keeps_first_per_date() {
        let items = vec![
            (date(2026, 1, 2), 'a'),
            (date(2026, 1, 1), 'b'),
            (date(2026, 1, 2), 'c'),
        ];
        assert_eq!(
            by_date_dedup(items),
            vec![(date(2026, 1, 1), 'b'), (date(2026, 1, 2), 'a')]
        );
        assert_eq!(last_segment("users/1/pairedDevices/123"), "123");
        assert_eq!(last_segment("x"), "x");
    }
}
