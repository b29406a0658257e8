//! A small ordered JSON writer for response bodies.
//!
//! Responses must be byte-identical for the same seed, so the simulator never serialises a map
//! whose iteration order could change (a `HashMap`, or `serde_json::Map` under a feature flag
//! another crate might switch on). Bodies are built as [`Json`] trees whose objects keep the order
//! the code wrote the fields in, then written once into a pre-sized `String`.
//!
//! Two float styles exist because the two APIs print doubles differently: the legacy Fitbit API
//! (Java) writes `168.0` for an integral double, Google's proto3 JSON writes `90200`.

use std::fmt::Write as _;

/// A JSON value with ordered objects.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    /// A double printed shortest-round-trip; integral values get a `.0` (Java style).
    Float(f64),
    /// A double printed shortest-round-trip without a forced fraction (proto3 JSON style).
    Double(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
    /// Pre-rendered JSON text, inserted verbatim (used for large hot-path arrays).
    Raw(String),
}

impl Json {
    /// An empty object, to be filled with [`Json::field`].
    pub fn obj() -> Self {
        Json::Obj(Vec::new())
    }

    /// Appends `key: value` to an object (no-op on other variants).
    #[must_use]
    pub fn field(mut self, key: &str, value: impl Into<Json>) -> Self {
        if let Json::Obj(fields) = &mut self {
            fields.push((key.to_string(), value.into()));
        }
        self
    }

    /// Appends `key: value` when `value` is `Some`.
    #[must_use]
    pub fn field_opt(self, key: &str, value: Option<impl Into<Json>>) -> Self {
        match value {
            Some(v) => self.field(key, v),
            None => self,
        }
    }

    /// Appends a field in place.
    pub fn push(&mut self, key: &str, value: impl Into<Json>) {
        if let Json::Obj(fields) = self {
            fields.push((key.to_string(), value.into()));
        }
    }

    /// An array from anything that converts.
    pub fn arr<T: Into<Json>>(items: impl IntoIterator<Item = T>) -> Self {
        Json::Arr(items.into_iter().map(Into::into).collect())
    }

    /// A string value.
    pub fn str(s: impl Into<String>) -> Self {
        Json::Str(s.into())
    }

    /// Renders the value as compact JSON text.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write(&mut out);
        out
    }

    /// Appends compact JSON text to `out`.
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => write_int(out, *i),
            Json::Float(f) => write_float_java(out, *f),
            Json::Double(f) => write_double(out, *f),
            Json::Str(s) => write_str(out, s),
            Json::Raw(s) => out.push_str(s),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl From<bool> for Json {
    fn from(v: bool) -> Self {
        Json::Bool(v)
    }
}
impl From<i64> for Json {
    fn from(v: i64) -> Self {
        Json::Int(v)
    }
}
impl From<i32> for Json {
    fn from(v: i32) -> Self {
        Json::Int(i64::from(v))
    }
}
impl From<i16> for Json {
    fn from(v: i16) -> Self {
        Json::Int(i64::from(v))
    }
}
impl From<u32> for Json {
    fn from(v: u32) -> Self {
        Json::Int(i64::from(v))
    }
}
impl From<u16> for Json {
    fn from(v: u16) -> Self {
        Json::Int(i64::from(v))
    }
}
impl From<u8> for Json {
    fn from(v: u8) -> Self {
        Json::Int(i64::from(v))
    }
}
impl From<u64> for Json {
    fn from(v: u64) -> Self {
        // Ids stay below 2^63 by construction; saturate rather than wrap if one ever did not.
        Json::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<usize> for Json {
    fn from(v: usize) -> Self {
        Json::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<&str> for Json {
    fn from(v: &str) -> Self {
        Json::Str(v.to_string())
    }
}
impl From<String> for Json {
    fn from(v: String) -> Self {
        Json::Str(v)
    }
}
impl From<&String> for Json {
    fn from(v: &String) -> Self {
        Json::Str(v.clone())
    }
}
impl From<Vec<Json>> for Json {
    fn from(v: Vec<Json>) -> Self {
        Json::Arr(v)
    }
}

/// Appends a decimal integer.
pub fn write_int(out: &mut String, v: i64) {
    let _ = write!(out, "{v}");
}

/// Appends an unsigned integer below 1000 quickly (hot path for bpm and step values).
pub fn write_small(out: &mut String, v: u32) {
    if v < 10 {
        out.push(char::from(b'0' + v as u8));
    } else if v < 100 {
        out.push(char::from(b'0' + (v / 10) as u8));
        out.push(char::from(b'0' + (v % 10) as u8));
    } else if v < 1000 {
        out.push(char::from(b'0' + (v / 100) as u8));
        out.push(char::from(b'0' + ((v / 10) % 10) as u8));
        out.push(char::from(b'0' + (v % 10) as u8));
    } else {
        let _ = write!(out, "{v}");
    }
}

/// Appends two zero-padded digits.
/// `2026-11-21T07:03:30`: a civil date-time to the second, as both contracts write it.
pub fn iso_seconds(dt: jiff::civil::DateTime) -> String {
    let mut s = String::with_capacity(19);
    let _ = write!(
        s,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    s
}

pub fn write_2(out: &mut String, v: u32) {
    out.push(char::from(b'0' + ((v / 10) % 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

/// Appends a double, shortest round-trip, no forced fraction (`90200`, `3028.784634`).
pub fn write_double(out: &mut String, v: f64) {
    if v.is_finite() {
        if v == 0.0 {
            out.push('0');
        } else {
            let _ = write!(out, "{v}");
        }
    } else {
        out.push_str("null");
    }
}

/// Appends a double Java-style: integral values keep `.0` (`168.0`, `0.0`).
pub fn write_float_java(out: &mut String, v: f64) {
    if !v.is_finite() {
        out.push_str("null");
        return;
    }
    let v = if v == 0.0 { 0.0 } else { v };
    let start = out.len();
    let _ = write!(out, "{v}");
    if !out[start..].contains('.') {
        out.push_str(".0");
    }
}

/// Formats a double Java-style into a new string.
pub fn java_float(v: f64) -> String {
    let mut s = String::new();
    write_float_java(&mut s, v);
    s
}

/// Formats a double shortest-round-trip into a new string.
pub fn double(v: f64) -> String {
    let mut s = String::new();
    write_double(&mut s, v);
    s
}

/// Appends a JSON string literal with escapes.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Rounds to `places` decimals (the nearest double to the decimal value).
pub fn round_to(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_field_order_and_escape() {
        let j = Json::obj()
            .field("b", 1i64)
            .field("a", "x\"y\n")
            .field("c", Json::arr([1i64, 2]))
            .field_opt("none", None::<i64>)
            .field("f", Json::Float(168.0))
            .field("d", Json::Double(90200.0));
        assert_eq!(
            j.render(),
            r#"{"b":1,"a":"x\"y\n","c":[1,2],"f":168.0,"d":90200}"#
        );
    }

    #[test]
    fn float_styles() {
        assert_eq!(java_float(0.0), "0.0");
        assert_eq!(java_float(-0.0), "0.0");
        assert_eq!(java_float(1.25), "1.25");
        assert_eq!(double(3_028.784_634), "3028.784634");
        assert_eq!(double(f64::NAN), "null");
        assert!((round_to(33.9 - 0.31, 2) - 33.59).abs() < f64::EPSILON);
        let mut s = String::new();
        write_small(&mut s, 7);
        write_small(&mut s, 58);
        write_small(&mut s, 172);
        write_small(&mut s, 1234);
        assert_eq!(s, "7581721234");
    }
}
