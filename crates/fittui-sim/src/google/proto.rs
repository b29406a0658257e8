//! Proto3 JSON building blocks: RFC 3339 UTC timestamps, duration strings (`"300s"`), UTC
//! offsets as durations (`"-28800s"`), civil date and date-time objects with zero fields
//! omitted (`"time": {}` at midnight), int64 values as strings, and page tokens.

use base64::Engine as _;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::json::{Json, iso_seconds};

/// `2026-11-21T07:00:00Z` (fraction digits only when non-zero: 3, 6 or 9).
pub fn timestamp(t: Timestamp) -> String {
    let dt = TimeZone::UTC.to_datetime(t);
    let nanos = dt.subsec_nanosecond();
    let base = iso_seconds(dt);
    if nanos == 0 {
        format!("{base}Z")
    } else if nanos % 1_000_000 == 0 {
        format!("{base}.{:03}Z", nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        format!("{base}.{:06}Z", nanos / 1_000)
    } else {
        format!("{base}.{nanos:09}Z")
    }
}

/// A duration in whole seconds: `"300s"`.
pub fn duration(secs: i64) -> String {
    format!("{secs}s")
}

/// An int64 as a JSON string.
pub fn int64(v: impl std::fmt::Display) -> Json {
    Json::Str(v.to_string())
}

/// `{"year":…,"month":…,"day":…}`.
pub fn date(d: Date) -> Json {
    Json::obj()
        .field("year", i64::from(d.year()))
        .field("month", i64::from(d.month()))
        .field("day", i64::from(d.day()))
}

/// `{"hours":…,"minutes":…,"seconds":…}` with zeros omitted (`{}` at midnight).
pub fn time_of_day(dt: DateTime) -> Json {
    let mut t = Json::obj();
    if dt.hour() != 0 {
        t.push("hours", i64::from(dt.hour()));
    }
    if dt.minute() != 0 {
        t.push("minutes", i64::from(dt.minute()));
    }
    if dt.second() != 0 {
        t.push("seconds", i64::from(dt.second()));
    }
    if dt.subsec_nanosecond() != 0 {
        t.push("nanos", i64::from(dt.subsec_nanosecond()));
    }
    t
}

/// A `CivilDateTime`.
pub fn civil(dt: DateTime) -> Json {
    Json::obj()
        .field("date", date(dt.date()))
        .field("time", time_of_day(dt))
}

/// Encodes a page token bound to the request it continues.
pub fn page_token(position: &str, request_hash: u64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("v1|{position}|{request_hash:016x}"))
}

/// Decodes a page token: `Some(position)` when valid for `request_hash`.
pub fn read_token(token: &str, request_hash: u64) -> Option<String> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let mut parts = text.splitn(3, '|');
    (parts.next()? == "v1").then_some(())?;
    let position = parts.next()?.to_string();
    let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
    (hash == request_hash).then_some(position)
}

/// A stable hash of the request parameters a page token must not change.
pub fn request_hash(parts: &[&str]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proto_json() {
        let t: Timestamp = "2026-09-25T10:04:59Z".parse().unwrap();
        assert_eq!(timestamp(t), "2026-09-25T10:04:59Z");
        let t: Timestamp = "2026-09-26T08:33:36.038623Z".parse().unwrap();
        assert_eq!(timestamp(t), "2026-09-26T08:33:36.038623Z");
        assert_eq!(duration(-28_800), "-28800s");
        let midnight = jiff::civil::date(2026, 9, 25).at(0, 0, 0, 0);
        assert_eq!(
            civil(midnight).render(),
            r#"{"date":{"year":2026,"month":9,"day":25},"time":{}}"#
        );
        let h = request_hash(&["steps", "filter"]);
        let tok = page_token("123", h);
        assert_eq!(read_token(&tok, h).as_deref(), Some("123"));
        assert_eq!(read_token(&tok, h + 1), None);
        assert_eq!(read_token("garbage", h), None);
    }
}
