//! proto3 JSON scalars as Google Health sends them, read leniently but never wrongly.
//!
//! - `int64` / `uint64` travel as JSON strings (`"9525"`); numbers are accepted too, and so are
//!   integral floats (`44.0`, `"1e3"`), as proto3 JSON parsers must.
//! - `int32` travels as a number; strings are accepted too ([`Int`] reads both widths).
//! - `double` travels as a number, or as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
//! - `google-duration` is a string of seconds with an `s` suffix: `"300s"`, `"-25200s"`,
//!   `"1.5s"`, up to 9 fraction digits.
//! - `google-datetime` is RFC 3339 with 0, 3, 6 or 9 fraction digits and an offset (`Z`).
//! - enums are names (`"STAGES"`); an integer is accepted and kept as its decimal text. Unknown
//!   names are never an error: the decoders map them to an "other" value.
//! - `null` anywhere means "the default", i.e. absent: every wire field is an `Option` or a
//!   collection read with [`null_default`].
//!
//! A value of the wrong JSON type (an object where a count belongs, a non-numeric string) is a
//! contract violation and fails the whole body with a [`serde_json::Error`] that says where.

use std::fmt;

use jiff::civil::{Date as CivilDate, DateTime, Time};
use jiff::{SignedDuration, Timestamp};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, de::Error as _};

/// Reads a field whose JSON `null` means "default" (used for repeated fields).
pub fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// An integer field (`int64` as a string or number, `int32` as a number or string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Int(pub i64);

/// Largest count or duration-in-minutes fittui accepts from the wire. No count it reads comes
/// near it (a day has 1 440 minutes; Google caps steps at 10⁶ per one-minute interval), so a
/// larger value is garbage, treated as invalid; this keeps sums of decoded values (a week of
/// steps, four zones, three AZM sub-totals) far from overflowing.
pub const MAX_COUNT: u32 = 100_000_000;

impl Int {
    /// The value as a plausible count: `None` if negative or above [`MAX_COUNT`].
    pub fn count(self) -> Option<u64> {
        u64::try_from(self.0)
            .ok()
            .filter(|v| *v <= u64::from(MAX_COUNT))
    }

    /// [`Int::count`] as a `u32`.
    pub fn count_u32(self) -> Option<u32> {
        self.count().and_then(|v| u32::try_from(v).ok())
    }

    /// The value if it fits a `u16` and is positive (heart rates, bpm).
    pub fn bpm(self) -> Option<u16> {
        u16::try_from(self.0).ok().filter(|v| *v > 0)
    }
}

/// Parses integral text the way proto3 JSON allows: `"12"`, `"-3"`, `"1e3"`, `"44.0"`.
fn parse_int_text(s: &str) -> Option<i64> {
    if let Ok(v) = s.parse::<i64>() {
        return Some(v);
    }
    // Only plain decimal and exponent forms; Rust's float parser would also take "inf"/"nan".
    if !s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    s.parse::<f64>().ok().and_then(integral_f64)
}

/// `Some` when `v` is a whole number that fits an `i64`.
fn integral_f64(v: f64) -> Option<i64> {
    // 2^63 is exactly representable; the range check keeps the cast from saturating.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (v.is_finite() && v.fract() == 0.0 && (-LIMIT..LIMIT).contains(&v)).then_some(v as i64)
}

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Int;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer or a string holding one")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int, E> {
                Ok(Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int, E> {
                i64::try_from(v)
                    .map(Int)
                    .map_err(|_| E::custom(format!("integer {v} out of range")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Int, E> {
                integral_f64(v)
                    .map(Int)
                    .ok_or_else(|| E::custom(format!("{v} is not an integer")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Int, E> {
                parse_int_text(v)
                    .map(Int)
                    .ok_or_else(|| E::custom(format!("{v:?} is not an integer")))
            }
        }
        d.deserialize_any(V)
    }
}

/// A `double` field. Keeps non-finite values as sent; [`Double::finite`] drops them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Double(pub f64);

impl Double {
    /// The value, unless it is NaN or infinite.
    pub fn finite(self) -> Option<f64> {
        self.0.is_finite().then_some(self.0)
    }
}

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Double;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, or \"NaN\" / \"Infinity\" / \"-Infinity\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Double, E> {
                Ok(Double(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Double, E> {
                Ok(Double(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Double, E> {
                Ok(Double(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Double, E> {
                match v {
                    "NaN" => Ok(Double(f64::NAN)),
                    "Infinity" => Ok(Double(f64::INFINITY)),
                    "-Infinity" => Ok(Double(f64::NEG_INFINITY)),
                    _ if v.bytes().all(|b| {
                        b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')
                    }) =>
                    {
                        v.parse()
                            .map(Double)
                            .map_err(|_| E::custom(format!("{v:?} is not a number")))
                    }
                    _ => Err(E::custom(format!("{v:?} is not a number"))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A `google-duration` string: `"300s"`, `"-25200s"`, `"1.5s"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Duration(pub SignedDuration);

/// Parses `[-]digits[.up to 9 digits]s`.
pub fn parse_duration(s: &str) -> Option<SignedDuration> {
    let body = s.strip_suffix('s')?;
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let (whole, frac, dot) = match body.split_once('.') {
        Some((w, f)) => (w, f, true),
        None => (body, "", false),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let well_formed = digits(whole)
        && digits(frac)
        && frac.len() <= 9
        && !(whole.is_empty() && frac.is_empty())
        && !(dot && frac.is_empty());
    if !well_formed {
        return None;
    }
    let secs: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let nanos: i32 = if frac.is_empty() {
        0
    } else {
        // Pad to 9 digits: "5" → 500_000_000.
        let padded = format!("{frac:0<9}");
        padded.parse().ok()?
    };
    // nanos < 1e9, so `new` cannot carry into (and overflow) the seconds.
    Some(if negative {
        SignedDuration::new(secs.checked_neg()?, -nanos)
    } else {
        SignedDuration::new(secs, nanos)
    })
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = StrOrNum::deserialize(d)?;
        match s {
            StrOrNum::Str(s) => parse_duration(&s)
                .map(Duration)
                .ok_or_else(|| D::Error::custom(format!("{s:?} is not a duration like \"300s\""))),
            StrOrNum::Num => Err(D::Error::custom(
                "a duration must be a string like \"300s\"",
            )),
        }
    }
}

/// A `google-datetime` (RFC 3339) string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instant(pub Timestamp);

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match StrOrNum::deserialize(d)? {
            StrOrNum::Str(s) => s
                .parse::<Timestamp>()
                .map(Instant)
                .map_err(|e| D::Error::custom(format!("{s:?} is not an RFC 3339 time: {e}"))),
            StrOrNum::Num => Err(D::Error::custom("a timestamp must be an RFC 3339 string")),
        }
    }
}

/// An enum value: its name, or an integer kept as decimal text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnumName(pub String);

impl EnumName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for EnumName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = EnumName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an enum name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EnumName, E> {
                Ok(EnumName(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<EnumName, E> {
                Ok(EnumName(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<EnumName, E> {
                Ok(EnumName(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A string, or a number we refuse with a clear message.
enum StrOrNum {
    Str(String),
    Num,
}

impl<'de> Deserialize<'de> for StrOrNum {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = StrOrNum;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StrOrNum, E> {
                Ok(StrOrNum::Str(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<StrOrNum, E> {
                Ok(StrOrNum::Num)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<StrOrNum, E> {
                Ok(StrOrNum::Num)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<StrOrNum, E> {
                Ok(StrOrNum::Num)
            }
        }
        d.deserialize_any(V)
    }
}

/// `google.type.Date`: zero (omitted) fields mean "not significant".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Date {
    pub year: Option<Int>,
    pub month: Option<Int>,
    pub day: Option<Int>,
}

impl Date {
    /// The full calendar date; `None` for partial (year-only, ...) or impossible dates.
    pub fn to_date(self) -> Option<CivilDate> {
        let year = i16::try_from(self.year?.0).ok().filter(|y| *y >= 1)?;
        let month = i8::try_from(self.month?.0).ok()?;
        let day = i8::try_from(self.day?.0).ok()?;
        CivilDate::new(year, month, day).ok()
    }
}

/// `google.type.TimeOfDay`: zero fields omitted, so midnight is `{}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeOfDay {
    pub hours: Option<Int>,
    pub minutes: Option<Int>,
    pub seconds: Option<Int>,
    pub nanos: Option<Int>,
}

impl TimeOfDay {
    /// The time and whether it is `24:00:00` (the end of the day, i.e. next midnight).
    pub fn to_time(self) -> Option<(Time, bool)> {
        let get = |v: Option<Int>| v.map_or(0, |i| i.0);
        let (h, m, s, n) = (
            get(self.hours),
            get(self.minutes),
            get(self.seconds),
            get(self.nanos),
        );
        if h == 24 && m == 0 && s == 0 && n == 0 {
            return Some((Time::midnight(), true));
        }
        // A leap second (60) is read as the last second of the minute.
        let s = if s == 60 { 59 } else { s };
        let time = Time::new(
            i8::try_from(h).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(s).ok()?,
            i32::try_from(n).ok()?,
        )
        .ok()?;
        Some((time, false))
    }
}

/// `CivilDateTime`: `{"date": {...}, "time": {...}}` on the user's local clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CivilDateTime {
    pub date: Option<Date>,
    pub time: Option<TimeOfDay>,
}

impl CivilDateTime {
    /// The calendar date (the `date` part as sent, even for a `24:00` time).
    pub fn to_date(self) -> Option<CivilDate> {
        self.date?.to_date()
    }

    /// The local date-time; a missing `time` is midnight, `24:00` is the next midnight.
    pub fn to_datetime(self) -> Option<DateTime> {
        let date = self.to_date()?;
        let (time, next_day) = self.time.unwrap_or_default().to_time()?;
        let date = if next_day {
            date.tomorrow().ok()?
        } else {
            date
        };
        Some(date.to_datetime(time))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn int(json: &str) -> Result<Int, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn ints_as_strings_or_numbers() {
        assert_eq!(int("\"9525\"").unwrap(), Int(9525));
        assert_eq!(int("9525").unwrap(), Int(9525));
        assert_eq!(int("\"-3\"").unwrap(), Int(-3));
        assert_eq!(int("44.0").unwrap(), Int(44));
        assert_eq!(int("\"1e3\"").unwrap(), Int(1000));
        assert_eq!(int("\"9223372036854775807\"").unwrap(), Int(i64::MAX));
        for bad in [
            "\"x\"",
            "1.5",
            "\"nan\"",
            "\"inf\"",
            "18446744073709551615",
            "1e300",
            "true",
            "{}",
            "[]",
        ] {
            assert!(int(bad).is_err(), "{bad}");
        }
        assert_eq!(Int(-1).count_u32(), None);
        assert_eq!(Int(i64::from(MAX_COUNT)).count_u32(), Some(MAX_COUNT));
        assert_eq!(Int(i64::from(MAX_COUNT) + 1).count(), None);
        assert_eq!(Int(0).bpm(), None);
        assert_eq!(Int(70_000).bpm(), None);
    }

    #[test]
    fn doubles() {
        let d = |j: &str| serde_json::from_str::<Double>(j).map(|d| d.0);
        assert!((d("3028.784634").unwrap() - 3_028.784_634).abs() < 1e-9);
        assert!((d("57").unwrap() - 57.0).abs() < 1e-12);
        assert!((d("\"2.5\"").unwrap() - 2.5).abs() < 1e-12);
        assert!(d("\"NaN\"").unwrap().is_nan());
        assert!(d("\"-Infinity\"").unwrap().is_infinite());
        assert_eq!(Double(f64::NAN).finite(), None);
        assert!(d("\"nan\"").is_err());
        assert!(d("\"abc\"").is_err());
        assert!(d("null").is_err()); // null is handled by the surrounding Option
    }

    #[test]
    fn durations() {
        let p = |s| parse_duration(s);
        assert_eq!(p("300s"), Some(SignedDuration::from_secs(300)));
        assert_eq!(p("-25200s"), Some(SignedDuration::from_secs(-25200)));
        assert_eq!(p("1.5s"), Some(SignedDuration::from_millis(1500)));
        assert_eq!(p("-0.5s"), Some(SignedDuration::from_millis(-500)));
        assert_eq!(p("0.000000001s"), Some(SignedDuration::from_nanos(1)));
        assert_eq!(p(".5s"), Some(SignedDuration::from_millis(500)));
        assert_eq!(p("0s"), Some(SignedDuration::ZERO));
        for bad in [
            "",
            "s",
            "300",
            "1.0000000001s",
            "--1s",
            "1ss",
            "+1s",
            "1e3s",
            ".s",
            "-s",
            "99999999999999999999s",
            "1 s",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
        assert!(serde_json::from_str::<Duration>("300").is_err());
        assert_eq!(
            serde_json::from_str::<Duration>("\"32400s\"").unwrap().0,
            SignedDuration::from_hours(9)
        );
    }

    #[test]
    fn instants_with_any_fraction() {
        for (s, want) in [
            ("\"2026-09-25T10:04:59Z\"", "2026-09-25T10:04:59Z"),
            ("\"2026-09-25T10:04:59.123Z\"", "2026-09-25T10:04:59.123Z"),
            (
                "\"2026-09-26T08:33:37.998943Z\"",
                "2026-09-26T08:33:37.998943Z",
            ),
            (
                "\"2026-09-26T08:33:37.998943123Z\"",
                "2026-09-26T08:33:37.998943123Z",
            ),
            ("\"2026-09-26T17:33:37+09:00\"", "2026-09-26T08:33:37Z"),
        ] {
            let ts = serde_json::from_str::<Instant>(s).unwrap().0;
            assert_eq!(ts.to_string(), want);
        }
        assert!(serde_json::from_str::<Instant>("\"2026-09-25T10:04:59\"").is_err());
        assert!(serde_json::from_str::<Instant>("12").is_err());
    }

    #[test]
    fn enums_keep_unknown_names() {
        let e: EnumName = serde_json::from_str("\"SOMETHING_NEW\"").unwrap();
        assert_eq!(e.as_str(), "SOMETHING_NEW");
        let e: EnumName = serde_json::from_str("2").unwrap();
        assert_eq!(e.as_str(), "2");
        assert!(serde_json::from_str::<EnumName>("{}").is_err());
    }

    #[test]
    fn civil_date_times() {
        let c: CivilDateTime =
            serde_json::from_str(r#"{"date":{"year":2026,"month":9,"day":25},"time":{}}"#).unwrap();
        assert_eq!(c.to_datetime(), Some(date(2026, 9, 25).at(0, 0, 0, 0)));
        let c: CivilDateTime = serde_json::from_str(
            r#"{"date":{"year":2026,"month":9,"day":25},"time":{"hours":23,"minutes":57}}"#,
        )
        .unwrap();
        assert_eq!(c.to_datetime(), Some(date(2026, 9, 25).at(23, 57, 0, 0)));
        let c: CivilDateTime = serde_json::from_str(
            r#"{"date":{"year":2026,"month":12,"day":31},"time":{"hours":24}}"#,
        )
        .unwrap();
        assert_eq!(c.to_datetime(), Some(date(2027, 1, 1).at(0, 0, 0, 0)));
        assert_eq!(c.to_date(), Some(date(2026, 12, 31)));
        // Partial and impossible dates are not dates.
        for bad in [
            r#"{"date":{"year":2026,"month":2,"day":30}}"#,
            r#"{"date":{"year":2026}}"#,
            r#"{"date":{"month":2,"day":3}}"#,
            "{}",
            r#"{"date":{"year":2026,"month":2,"day":3},"time":{"hours":25}}"#,
        ] {
            let c: CivilDateTime = serde_json::from_str(bad).unwrap();
            assert_eq!(c.to_datetime(), None, "{bad}");
        }
    }
}
