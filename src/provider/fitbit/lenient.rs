//! Tolerant scalar readers for the legacy wire format.
//!
//! The legacy API is loose about scalar types: activity time series send numbers as strings
//! (`"7390"`), `vo2Max` is a string range, ids are sometimes numbers and sometimes strings, and
//! fields come and go between accounts and device generations. Every scalar field of a wire
//! type is therefore one of the wrappers below. They accept any JSON scalar, read what they
//! can and turn the rest (including `null`) into `None`; only a container (array or object)
//! where a scalar belongs is a decode error, because that means the shape itself is wrong.

use std::fmt;

use jiff::civil::{Date, DateTime};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Implements the scalar `visit_*` methods of a visitor by converting to `Self::Value`
/// through the given functions; containers fall through to serde's "invalid type" error.
macro_rules! scalar_visitor {
    ($visitor:ident, $value:ty, $expecting:literal, num: $num:expr, str: $str:expr, bool: $bool:expr) => {
        struct $visitor;

        impl<'de> Visitor<'de> for $visitor {
            type Value = $value;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($expecting)
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok($num(Number::I(v)))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok($num(Number::U(v)))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok($num(Number::F(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok($str(v))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok($bool(v))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(<$value>::default())
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(<$value>::default())
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
        }
    };
}

/// A JSON number as serde hands it over.
#[derive(Debug, Clone, Copy)]
enum Number {
    I(i64),
    U(u64),
    F(f64),
}

impl Number {
    fn as_f64(self) -> Option<f64> {
        let v = match self {
            Self::I(v) => v as f64,
            Self::U(v) => v as f64,
            Self::F(v) => v,
        };
        v.is_finite().then_some(v)
    }

    fn to_text(self) -> String {
        match self {
            Self::I(v) => v.to_string(),
            Self::U(v) => v.to_string(),
            Self::F(v) => v.to_string(),
        }
    }
}

/// A number sent as a JSON number or a numeric string; `None` when absent, `null`, empty or
/// not a finite number.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Num(pub Option<f64>);

/// Parses a numeric string the way the API writes them (`"7390"`, `"1.26"`, `" 55.44 "`).
pub fn parse_number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

scalar_visitor!(NumVisitor, Num, "a number or a numeric string",
    num: |n: Number| Num(n.as_f64()),
    str: |s: &str| Num(parse_number(s)),
    bool: |_| Num(None));

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

impl Num {
    pub fn f64(self) -> Option<f64> {
        self.0
    }

    /// The value rounded to a whole number, when it fits in `0..=max`.
    fn whole(self, max: f64) -> Option<f64> {
        self.0.map(f64::round).filter(|v| (0.0..=max).contains(v))
    }

    pub fn u64(self) -> Option<u64> {
        // u64::MAX is not exactly representable; 2^64 rounds up to it, so stay strictly below.
        self.0
            .map(f64::round)
            .filter(|v| *v >= 0.0 && *v < 18_446_744_073_709_551_616.0)
            .map(|v| v as u64)
    }

    pub fn u32(self) -> Option<u32> {
        self.whole(f64::from(u32::MAX)).map(|v| v as u32)
    }

    pub fn u16(self) -> Option<u16> {
        self.whole(f64::from(u16::MAX)).map(|v| v as u16)
    }

    pub fn u8(self) -> Option<u8> {
        self.whole(f64::from(u8::MAX)).map(|v| v as u8)
    }

    pub fn i32(self) -> Option<i32> {
        self.0
            .map(f64::round)
            .filter(|v| (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(v))
            .map(|v| v as i32)
    }
}

/// Text sent as a string, or a scalar that stands for one (ids arrive as numbers or strings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub Option<String>);

scalar_visitor!(TextVisitor, Text, "a string or a scalar",
    num: |n: Number| Text(Some(n.to_text())),
    str: |s: &str| Text(Some(s.to_owned())),
    bool: |b: bool| Text(Some(b.to_string())));

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

impl Text {
    /// The text, `None` when absent or blank.
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref().filter(|s| !s.trim().is_empty())
    }

    pub fn into_option(self) -> Option<String> {
        self.0.filter(|s| !s.trim().is_empty())
    }

    /// Whether the text equals `other`, ignoring ASCII case and surrounding blanks.
    pub fn is(&self, other: &str) -> bool {
        self.get()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case(other))
    }
}

/// Like [`Text`], but anything that is not a scalar (an array, an object) is skipped instead of
/// being an error. For lists whose element type is not pinned down (device `features`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnyText(pub Option<String>);

impl<'de> Deserialize<'de> for AnyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AnyTextVisitor;
        impl<'de> Visitor<'de> for AnyTextVisitor {
            type Value = AnyText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AnyText, E> {
                Ok(AnyText(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AnyText, E> {
                Ok(AnyText(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AnyText, E> {
                Ok(AnyText(Some(v.to_string())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AnyText, E> {
                Ok(AnyText(Some(v.to_owned())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<AnyText, E> {
                Ok(AnyText(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<AnyText, E> {
                Ok(AnyText(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnyText, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(AnyText(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyText, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(AnyText(None))
            }
        }
        d.deserialize_any(AnyTextVisitor)
    }
}

/// A boolean sent as `true`/`false`, `"true"`/`"false"` or `1`/`0`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flag(pub Option<bool>);

fn parse_flag(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

scalar_visitor!(FlagVisitor, Flag, "a boolean",
    num: |n: Number| Flag(n.as_f64().map(|v| v != 0.0)),
    str: |s: &str| Flag(parse_flag(s)),
    bool: |b: bool| Flag(Some(b)));

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FlagVisitor)
    }
}

impl Flag {
    pub fn or(self, default: bool) -> bool {
        self.0.unwrap_or(default)
    }
}

/// A local date `yyyy-MM-dd` (a `dateTime` of a daily value). A trailing time is ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Day(pub Option<Date>);

/// Parses `2021-10-04` (or the date part of `2021-10-04T00:00:00`).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    head.parse::<Date>().ok()
}

scalar_visitor!(DayVisitor, Day, "a date string",
    num: |_| Day(None),
    str: |s: &str| Day(parse_date(s)),
    bool: |_| Day(None));

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DayVisitor)
    }
}

/// A local wall-clock date-time without offset, e.g. `2020-02-20T23:21:30.000`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LocalDateTime(pub Option<DateTime>);

/// Parses a legacy local timestamp (`2020-02-20T23:21:30.000`, `2022-01-01T00:00:00`).
pub fn parse_local_datetime(s: &str) -> Option<DateTime> {
    s.trim().parse::<DateTime>().ok()
}

scalar_visitor!(LocalDateTimeVisitor, LocalDateTime, "a local date-time string",
    num: |_| LocalDateTime(None),
    str: |s: &str| LocalDateTime(parse_local_datetime(s)),
    bool: |_| LocalDateTime(None));

impl<'de> Deserialize<'de> for LocalDateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LocalDateTimeVisitor)
    }
}

/// `HH:mm:ss` or `HH:mm` as seconds since local midnight, parsed by hand (hot path).
pub fn parse_time_of_day(s: &str) -> Option<u32> {
    let b = s.trim().as_bytes();
    let two = |i: usize| -> Option<u32> {
        let (h, l) = (*b.get(i)?, *b.get(i + 1)?);
        (h.is_ascii_digit() && l.is_ascii_digit())
            .then(|| u32::from(h - b'0') * 10 + u32::from(l - b'0'))
    };
    let hour = two(0)?;
    if b.get(2) != Some(&b':') {
        return None;
    }
    let minute = two(3)?;
    let second = match b.len() {
        5 => 0,
        8 if b[5] == b':' => two(6)?,
        _ => return None,
    };
    (hour < 24 && minute < 60 && second < 60).then_some(hour * 3600 + minute * 60 + second)
}

/// Deserializes `null` (or a missing field, with `#[serde(default)]`) as `T::default()`, so an
/// array or object sent as `null` reads as empty.
pub fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A `T` that must be sent as a JSON object. Derived struct impls also accept an array of the
/// fields in order; a body that is an array where an object belongs is a wrong shape, not a
/// positional struct.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapOnly<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MapOnly<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = MapOnly<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MapOnly<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(MapOnly)
            }
        }
        d.deserialize_any(MapVisitor(std::marker::PhantomData))
    }
}

/// A list of names sent as a JSON array of strings or one comma-separated string
/// (`weekDays`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names(pub Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NamesVisitor;
        impl<'de> Visitor<'de> for NamesVisitor {
            type Value = Names;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Names, E> {
                Ok(Names(
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect(),
                ))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Names, E> {
                Ok(Names::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Names, A::Error> {
                let mut out = Vec::new();
                while let Some(AnyText(name)) = seq.next_element()? {
                    out.extend(name);
                }
                Ok(Names(out))
            }
        }
        d.deserialize_any(NamesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_strings_and_numbers() {
        let v: Vec<Num> =
            serde_json::from_str(r#"[1, "2", 3.5, " 7390 ", "", null, "x", true, "NaN"]"#).unwrap();
        let got: Vec<Option<f64>> = v.iter().map(|n| n.f64()).collect();
        assert_eq!(
            got,
            [
                Some(1.0),
                Some(2.0),
                Some(3.5),
                Some(7390.0),
                None,
                None,
                None,
                None,
                None
            ]
        );
        assert!(serde_json::from_str::<Num>("[1]").is_err());
        assert!(serde_json::from_str::<Num>("{}").is_err());
        assert_eq!(Num(Some(-1.0)).u32(), None);
        assert_eq!(Num(Some(1e12)).u32(), None);
        assert_eq!(Num(Some(59.6)).u16(), Some(60));
        assert_eq!(Num(Some(-3.0)).i32(), Some(-3));
    }

    #[test]
    fn ids_keep_full_precision() {
        let t: Text = serde_json::from_str("18446744073709551615").unwrap();
        assert_eq!(t.get(), Some("18446744073709551615"));
        let t: Text = serde_json::from_str(r#""816713257""#).unwrap();
        assert_eq!(t.get(), Some("816713257"));
    }

    #[test]
    fn times_of_day() {
        assert_eq!(parse_time_of_day("00:00:00"), Some(0));
        assert_eq!(parse_time_of_day("23:59:59"), Some(86_399));
        assert_eq!(parse_time_of_day("07:15"), Some(26_100));
        for bad in [
            "24:00:00",
            "7:15",
            "07:60",
            "07:15:6",
            "ab:cd:ef",
            "",
            "07:15:00x",
            "é1:00",
        ] {
            assert_eq!(parse_time_of_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn flags_dates_and_names() {
        let f: Vec<Flag> = serde_json::from_str(r#"[true, "false", 1, null]"#).unwrap();
        assert_eq!(
            f,
            [
                Flag(Some(true)),
                Flag(Some(false)),
                Flag(Some(true)),
                Flag(None)
            ]
        );
        assert_eq!(
            parse_date("2021-10-04T00:00:00"),
            Date::new(2021, 10, 4).ok()
        );
        assert_eq!(parse_date("2021-13-04"), None);
        assert_eq!(parse_date("é"), None);
        let n: Names = serde_json::from_str(r#""MONDAY, TUESDAY""#).unwrap();
        assert_eq!(n.0, ["MONDAY", "TUESDAY"]);
        let n: Names = serde_json::from_str(r#"["MONDAY", {"x":1}, 3]"#).unwrap();
        assert_eq!(n.0, ["MONDAY", "3"]);
    }
}
