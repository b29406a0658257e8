//! Heart rate: the intraday day, streamed row by row into [`HeartSeriesBuilder`] as the body
//! arrives (a 1-second day is ~86,400 rows, ~2.6 MB, so the body is never held whole, no row
//! allocates and a zone lookup is made once a minute), and the daily time series behind the
//! resting-HR trend.

use std::convert::Infallible;
use std::fmt;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::dayclock::DayClock;
use super::decode::parse_object;
use super::lenient::{Num, Text, parse_time_of_day};
use super::wire::{HeartDayWire, HeartSeriesBody, ZoneWire};
use crate::api::ApiError;
use crate::domain::heart::{
    HeartSeries, HeartSeriesBuilder, Resolution, ZoneMinutes, ZoneThresholds,
};
use crate::provider::json_rows::{self, Fed, RowSplitter};
use crate::provider::localtime::day_bounds;

/// One day of intraday heart rate with the day's zones, as the intraday endpoint returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeartIntraday {
    pub series: HeartSeries,
    pub resting_bpm: Option<u16>,
    pub zones: Option<ZoneThresholds>,
    pub time_in_zones: Option<ZoneMinutes>,
}

/// One day of the heart-rate time series (the 30-day resting trend).
#[derive(Debug, Clone, PartialEq)]
pub struct HeartDaily {
    pub date: Date,
    pub resting_bpm: Option<u16>,
    pub zones: Option<ZoneThresholds>,
    pub time_in_zones: Option<ZoneMinutes>,
}

const INTRADAY: &str = "/1/user/-/activities/heart/date/{date}/1d/{detail}.json";
const SERIES: &str = "/1/user/-/activities/heart/date/{start}/{end}.json";

/// Decodes `GET /1/user/-/activities/heart/date/{date}/1d/{1sec|1min|5min|15min}.json`, also
/// with `/time/{HH:mm}/{HH:mm}` (zones at element level and a string `value`) and the
/// `{date}/{date}/{detail}` form. Rows are local wall times of `date` in `tz`, in order; the
/// repeated fall-back hour appears twice and lands twice, in order. Rows past midnight (or
/// otherwise outside the local day) are dropped; minutes without rows stay gaps. The
/// resolution comes from `datasetType` / `datasetInterval` (1 minute when absent).
///
/// The whole body at once; [`HeartIntradayStream`] reads it as it arrives.
pub fn heart_intraday(body: &[u8], date: Date, tz: &TimeZone) -> Result<HeartIntraday, ApiError> {
    let mut stream = HeartIntradayStream::new(date, tz)?;
    stream.feed(body)?;
    stream.finish()
}

/// The rows' array, split out of the body as it arrives.
const ROWS: &[&str] = &["activities-heart-intraday", "dataset"];

/// [`heart_intraday`] fed the body chunk by chunk as it arrives: each row goes into the day's
/// buckets as soon as it is in, and only the small rest of the body (the day's zones, the
/// dataset's type) is kept, so a 2.6 MB 1-second day is never held whole.
pub struct HeartIntradayStream {
    date: Date,
    rows: RowSplitter,
    sink: Sink,
}

impl HeartIntradayStream {
    pub fn new(date: Date, tz: &TimeZone) -> Result<Self, ApiError> {
        let out_of_range = || ApiError::Decode {
            endpoint: INTRADAY.into(),
            detail: format!("date {date} is out of range"),
        };
        let (start, end) = day_bounds(date, tz).ok_or_else(out_of_range)?;
        Ok(Self {
            date,
            rows: RowSplitter::new(ROWS),
            sink: Sink {
                clock: DayClock::new(date, tz.clone()).ok_or_else(out_of_range)?,
                builder: HeartSeriesBuilder::new(start, end, Resolution::Minute),
            },
        })
    }

    /// Reads the next piece of the body.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), ApiError> {
        let sink = &mut self.sink;
        self.rows
            .feed(chunk, |row: Row| {
                sink.row(row);
                Ok::<(), Infallible>(())
            })
            .map_err(fed_error)
    }

    /// The day, once the whole body has been fed.
    pub fn finish(mut self) -> Result<HeartIntraday, ApiError> {
        let date = self.date;
        let sink = &mut self.sink;
        self.rows
            .finish(|row: Row| {
                sink.row(row);
                Ok::<(), Infallible>(())
            })
            .map_err(fed_error)?;
        let mut de = serde_json::Deserializer::from_slice(self.rows.rest());
        let parsed = BodySeed {
            sink: &mut self.sink,
        }
        .deserialize(&mut de)
        .and_then(|out| de.end().map(|()| out))
        .map_err(|e| {
            let (line, column) = self.rows.body_position(e.line(), e.column());
            decode_error(&json_rows::message(&e), line, column)
        })?;
        Ok(intraday(&parsed, self.sink, date))
    }
}

/// The day out of the body's rest, parsed, and the rows' buckets.
fn intraday(parsed: &BodyOut, sink: Sink, date: Date) -> HeartIntraday {
    let mut series = sink.builder.finish();
    series.resolution = resolution(parsed.dataset_type.get(), parsed.dataset_interval);
    let day = parsed
        .days
        .iter()
        .find(|d| d.date_time.0 == Some(date))
        .or(parsed.days.first());
    HeartIntraday {
        series,
        resting_bpm: day.and_then(resting_bpm),
        zones: day.and_then(|d| zone_thresholds(d.zones())),
        time_in_zones: day.and_then(|d| zone_minutes(d.zones())),
    }
}

fn fed_error(fed: Fed<Infallible>) -> ApiError {
    match fed {
        Fed::Malformed(m) => decode_error(&m.detail, m.line, m.column),
        Fed::Row(never) => match never {},
    }
}

fn decode_error(message: &str, line: usize, column: usize) -> ApiError {
    ApiError::Decode {
        endpoint: INTRADAY.into(),
        detail: format!("{message} (line {line}, column {column})"),
    }
}

/// Decodes `GET /1/user/-/activities/heart/date/{start}/{end}.json` (or `{date}/{period}`):
/// one entry per dated element, in body order. Either element shape is read.
pub fn heart_daily(body: &[u8]) -> Result<Vec<HeartDaily>, ApiError> {
    let parsed: HeartSeriesBody = parse_object(SERIES, body)?;
    Ok(parsed
        .days
        .iter()
        .flatten()
        .filter_map(|d| {
            Some(HeartDaily {
                date: d.date_time.0?,
                resting_bpm: resting_bpm(d),
                zones: zone_thresholds(d.zones()),
                time_in_zones: zone_minutes(d.zones()),
            })
        })
        .collect())
}

fn resting_bpm(day: &HeartDayWire) -> Option<u16> {
    day.resting().u16().filter(|bpm| *bpm > 0)
}

fn resolution(kind: Option<&str>, interval: Num) -> Resolution {
    let n = interval.u16().filter(|n| *n > 0).unwrap_or(1);
    match kind.map(str::to_ascii_lowercase).as_deref() {
        Some("second") if n == 1 => Resolution::Second,
        Some("second") => Resolution::Minutes(n.div_ceil(60).max(1)),
        Some("hour") => Resolution::Minutes(n.saturating_mul(60)),
        _ if n == 1 => Resolution::Minute,
        _ => Resolution::Minutes(n),
    }
}

/// Which of the four standard zones a zone name is (`Out of Range` is below the zones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZoneName {
    Below,
    FatBurn,
    Cardio,
    Peak,
}

fn zone_name(name: &str) -> Option<ZoneName> {
    let norm: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match norm.as_str() {
        "outofrange" | "outofzone" | "below" => Some(ZoneName::Below),
        "fatburn" => Some(ZoneName::FatBurn),
        "cardio" => Some(ZoneName::Cardio),
        "peak" => Some(ZoneName::Peak),
        _ => None,
    }
}

/// Lower bounds of `Fat Burn`, `Cardio` and `Peak`; `None` unless all three are there.
pub(crate) fn zone_thresholds(zones: &[ZoneWire]) -> Option<ZoneThresholds> {
    let min_of = |want: ZoneName| {
        zones
            .iter()
            .find(|z| z.name.get().and_then(zone_name) == Some(want))
            .and_then(|z| z.min.u16())
    };
    Some(ZoneThresholds {
        fat_burn: min_of(ZoneName::FatBurn)?,
        cardio: min_of(ZoneName::Cardio)?,
        peak: min_of(ZoneName::Peak)?,
        light: None,
    })
}

/// Minutes per zone; `None` when no standard zone is listed.
pub(crate) fn zone_minutes(zones: &[ZoneWire]) -> Option<ZoneMinutes> {
    let mut out = ZoneMinutes::default();
    let mut any = false;
    for z in zones {
        let Some(name) = z.name.get().and_then(zone_name) else {
            continue;
        };
        any = true;
        let m = z.minutes.u32().unwrap_or(0);
        let slot = match name {
            ZoneName::Below => &mut out.below,
            ZoneName::FatBurn => &mut out.fat_burn,
            ZoneName::Cardio => &mut out.cardio,
            ZoneName::Peak => &mut out.peak,
        };
        *slot = slot.saturating_add(m);
    }
    any.then_some(out)
}

// ---------------------------------------------------------------------------------------------
// Streaming: body → `activities-heart-intraday` → `dataset` → rows → sink.

struct Sink {
    clock: DayClock,
    builder: HeartSeriesBuilder,
}

impl Sink {
    fn row(&mut self, Row { time, value }: Row) {
        let Some(seconds) = time else { return };
        // Every timed row advances the clock (order resolves the repeated hour), even when its
        // value is missing.
        let Some(at) = self.clock.next(seconds) else {
            return;
        };
        if let Some(bpm) = value.u16().filter(|bpm| *bpm > 0) {
            self.builder.push(at, bpm);
        }
    }
}

#[derive(Default)]
struct BodyOut {
    days: Vec<HeartDayWire>,
    dataset_interval: Num,
    dataset_type: Text,
}

/// Matches an object key against a fixed list without allocating.
macro_rules! key_enum {
    ($name:ident { $($text:literal => $variant:ident),* $(,)? }) => {
        enum $name { $($variant,)* Other }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct KeyVisitor;
                impl Visitor<'_> for KeyVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an object key")
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok(match v { $($text => $name::$variant,)* _ => $name::Other })
                    }
                }
                d.deserialize_identifier(KeyVisitor)
            }
        }
    };
}

key_enum!(BodyKey { "activities-heart" => Days, "activities-heart-intraday" => Intraday });
key_enum!(IntradayKey { "dataset" => Dataset, "datasetInterval" => Interval, "datasetType" => Type });
key_enum!(RowKey { "time" => Time, "value" => Value });

struct BodySeed<'s> {
    sink: &'s mut Sink,
}

impl<'de> DeserializeSeed<'de> for BodySeed<'_> {
    type Value = BodyOut;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<BodyOut, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BodySeed<'_> {
    type Value = BodyOut;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a heart-rate intraday object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BodyOut, A::Error> {
        let mut out = BodyOut::default();
        while let Some(key) = map.next_key::<BodyKey>()? {
            match key {
                BodyKey::Days => {
                    let days: Option<Vec<Option<HeartDayWire>>> = map.next_value()?;
                    out.days = days.into_iter().flatten().flatten().collect();
                }
                BodyKey::Intraday => {
                    let (interval, kind) = map.next_value_seed(IntradaySeed {
                        sink: &mut *self.sink,
                    })?;
                    out.dataset_interval = interval;
                    out.dataset_type = kind;
                }
                BodyKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

struct IntradaySeed<'s> {
    sink: &'s mut Sink,
}

impl<'de> DeserializeSeed<'de> for IntradaySeed<'_> {
    type Value = (Num, Text);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for IntradaySeed<'_> {
    type Value = (Num, Text);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an intraday dataset object")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((Num(None), Text(None)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut interval, mut kind) = (Num(None), Text(None));
        while let Some(key) = map.next_key::<IntradayKey>()? {
            match key {
                IntradayKey::Dataset => map.next_value_seed(DatasetSeed {
                    sink: &mut *self.sink,
                })?,
                IntradayKey::Interval => interval = map.next_value()?,
                IntradayKey::Type => kind = map.next_value()?,
                IntradayKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((interval, kind))
    }
}

struct DatasetSeed<'s> {
    sink: &'s mut Sink,
}

impl<'de> DeserializeSeed<'de> for DatasetSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DatasetSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of rows")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(row) = seq.next_element::<Row>()? {
            self.sink.row(row);
        }
        Ok(())
    }
}

/// One `{time, value}` row (`null` is a row with neither); no field allocates.
#[derive(Default)]
struct Row {
    time: Option<u32>,
    value: Num,
}

impl<'de> Deserialize<'de> for Row {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Row;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a {time, value} row")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Row, E> {
                Ok(Row::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
                let mut row = Row::default();
                while let Some(key) = map.next_key::<RowKey>()? {
                    match key {
                        RowKey::Time => row.time = map.next_value::<TimeOfDay>()?.0,
                        RowKey::Value => row.value = map.next_value()?,
                        RowKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(row)
            }
        }
        d.deserialize_any(V)
    }
}

impl json_rows::Element for Row {
    /// `{"time":"HH:mm:ss","value":N}` exactly as the API and the simulator write it (no
    /// blanks, an integer): every row of such a body is read here, anything else by `serde_json`.
    fn shortcut(bytes: &[u8]) -> Option<(Self, usize)> {
        let rest = bytes.strip_prefix(br#"{"time":""#)?;
        let time = rest.get(..8)?;
        let rest = rest[8..].strip_prefix(br#"","value":"#)?;
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        // An integer as JSON writes it (no leading zero), closing the row.
        if !(1..=4).contains(&digits)
            || (digits > 1 && rest[0] == b'0')
            || rest.get(digits) != Some(&b'}')
            || time
                .iter()
                .any(|&b| b == b'"' || b == b'\\' || !(b' '..=b'~').contains(&b))
        {
            return None;
        }
        let value = rest[..digits]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        let time = std::str::from_utf8(time).ok()?;
        let used = bytes.len() - rest.len() + digits + 1;
        Some((
            Row {
                time: parse_time_of_day(time),
                value: Num(Some(f64::from(value))),
            },
            used,
        ))
    }
}

/// `"HH:mm:ss"` read without allocating; any other scalar is no time.
struct TimeOfDay(Option<u32>);

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TimeOfDay;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time of day")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TimeOfDay, E> {
                Ok(TimeOfDay(parse_time_of_day(v)))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<TimeOfDay, E> {
                Ok(TimeOfDay(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<TimeOfDay, E> {
                Ok(TimeOfDay(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<TimeOfDay, E> {
                Ok(TimeOfDay(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<TimeOfDay, E> {
                Ok(TimeOfDay(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TimeOfDay, E> {
                Ok(TimeOfDay(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use proptest::prelude::*;

    use super::*;

    /// The decoder as it was before bodies were streamed: the whole body through serde at once,
    /// rows reached through the body's seeds.
    fn whole(body: &[u8], date: Date, tz: &TimeZone) -> Result<HeartIntraday, ApiError> {
        let stream = HeartIntradayStream::new(date, tz)?;
        let mut sink = stream.sink;
        let mut de = serde_json::Deserializer::from_slice(body);
        let parsed = BodySeed { sink: &mut sink }
            .deserialize(&mut de)
            .and_then(|out| de.end().map(|()| out))
            .map_err(|e| ApiError::decode(INTRADAY, &e))?;
        Ok(intraday(&parsed, sink, date))
    }

    fn chunked(
        body: &[u8],
        sizes: &[usize],
        date: Date,
        tz: &TimeZone,
    ) -> Result<HeartIntraday, ApiError> {
        let mut stream = HeartIntradayStream::new(date, tz)?;
        let mut rest = body;
        for size in sizes.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (now, later) = rest.split_at((*size).clamp(1, rest.len()));
            stream.feed(now)?;
            rest = later;
        }
        stream.finish()
    }

    const ZONES: &str = r#"{"dateTime":"2026-11-01","value":{"heartRateZones":[{"max":95,"min":30,"minutes":1122,"name":"Out of Range"},{"max":133,"min":95,"minutes":35,"name":"Fat Burn"},{"max":162,"min":133,"minutes":3,"name":"Cardio"},{"max":220,"min":162,"minutes":0,"name":"Peak"}],"restingHeartRate":59}}"#;

    /// Bodies of every shape the decoder meets: the fixtures, a 1-second fall-back day (the
    /// repeated hour, pretty-printed), odd but valid JSON, and broken bodies.
    fn bodies() -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = vec![
            include_bytes!("../../../tests/fixtures/fitbit/heart_intraday_1min.json").to_vec(),
            include_bytes!("../../../tests/fixtures/fitbit/heart_intraday_time.json").to_vec(),
            include_bytes!("../../../tests/fixtures/fitbit/heart_series.json").to_vec(),
        ];
        let mut rows = Vec::new();
        for (i, secs) in (0..7200).chain(3600..9000).step_by(7).enumerate() {
            let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
            rows.push(format!(
                "    {{\n      \"time\": \"{h:02}:{m:02}:{s:02}\",\n      \"value\": {}\n    }}",
                60 + i % 40
            ));
        }
        out.push(
            format!(
                "{{\n  \"activities-heart\": [{ZONES}],\n  \"activities-heart-intraday\": {{\n    \"dataset\": [\n{}\n    ],\n    \"datasetInterval\": 1,\n    \"datasetType\": \"second\"\n  }}\n}}\n",
                rows.join(",\n")
            )
            .into_bytes(),
        );
        // Compact rows as the API writes them (the shortcut), with values and times at its
        // edges, and rows just off its shape (serde_json's way, or an error in both).
        let mut compact = String::from(r#"{"activities-heart-intraday":{"dataset":["#);
        for (i, secs) in (0..3000).step_by(3).enumerate() {
            let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
            let value = [0, 7, 61, 100, 999, 1000, 9999, 65535, 65536, 123_456][i % 10];
            let _ = write!(
                compact,
                r#"{{"time":"{h:02}:{m:02}:{s:02}","value":{value}}},"#
            );
        }
        compact.push_str(r#"{"time":"24:00:00","value":60},{"time":"00:59:60","value":60},{"time":"1:02:03","value":60},{"time":"00:00:0\u0031","value":60},{"time":"00:02:01","value":6.5},{"time":"00:02:02","value":-1},{"time":"00:02:03","value":1e2},{"time":"00:02:04","value":"62"},{"time":"00:02:05","value":62 },{"time":"00:02:06","value":62}"#);
        out.push(format!("{compact}]}}}}").into_bytes());
        for bad in [
            r#"{"time":"00:02:07","value":062}"#,
            "{\"time\":\"00:02\n:07\",\"value\":62}",
            r#"{"time":"00:02:07","value":62"#,
        ] {
            out.push(format!("{compact},{bad}]}}}}").into_bytes());
        }
        for body in [
            // Keys in another order, escaped, repeated; rows with odd values; other keys.
            r#"{"activities-heart-intraday":{"datasetType":"minute","dataset":[{"value":"70","time":"00:01:00"},{"time":"00:02:00"},{"time":null,"value":80},null,{"time":"00:03:00","value":90,"x":[{"y":"]"}]}]},"activities-heart":[]}"#,
            r#"{"activities-heart":[],"activities-heart-\u0069ntraday":{"d\u0061taset":[{"time":"01:00:00","value":61}]},"activities-heart-intraday":{"dataset":[{"time":"02:00:00","value":62}],"datasetInterval":5}}"#,
            r#"{"activities-heart-intraday":{"dataset":[]}}"#,
            r#"{"activities-heart-intraday":{"dataset":null}}"#,
            r#"{"activities-heart-intraday":null}"#,
            r#"{"activities-heart-intraday":{"dataset":{"time":"00:00:00"}}}"#,
            r#"{"x":{"dataset":[1,2]},"activities-heart-intraday":{"x":{"dataset":[{"time":"00:00:00","value":1}]}}}"#,
            // Broken: the decoder must say so (and never panic) however the body is cut.
            r#"{"activities-heart-intraday":{"dataset":[{"time":"00:00:00","value":61},]}}"#,
            r#"{"activities-heart-intraday":{"dataset":[{"time":"00:00:00","value":61}"#,
            r#"{"activities-heart-intraday":{"dataset":[{"time":"00:00:00","value":61]}}"#,
            r#"{"activities-heart-intraday":{"dataset":[1]}}"#,
            r#"{"activities-heart-intraday":{"dataset":[{"time":"00:00:00","value":61}]}} trailing"#,
            r#"{"activities-heart":[{"dateTime":5}]}"#,
            "<html>",
            "",
            "[]",
        ] {
            out.push(body.as_bytes().to_vec());
        }
        out
    }

    fn la() -> TimeZone {
        TimeZone::get("America/Los_Angeles").unwrap()
    }

    #[test]
    fn the_stream_decodes_as_the_whole_body_did() {
        let tz = la();
        for date in [
            jiff::civil::date(2026, 11, 1),
            jiff::civil::date(2019, 1, 1),
        ] {
            for body in bodies() {
                let whole = whole(&body, date, &tz);
                let streamed = heart_intraday(&body, date, &tz);
                match (&whole, &streamed) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", String::from_utf8_lossy(&body)),
                    (Err(_), Err(_)) => {}
                    _ => panic!(
                        "{whole:?} vs {streamed:?} for {}",
                        String::from_utf8_lossy(&body)
                    ),
                }
            }
        }
        // The 1-second fall-back day really is read (rows in both 01:00 hours), and its rows
        // are not kept: what is held to the end is the small rest of the body.
        let body = &bodies()[3];
        let mut stream = HeartIntradayStream::new(jiff::civil::date(2026, 11, 1), &tz).unwrap();
        stream.feed(body).unwrap();
        assert!(body.len() > 100_000 && stream.rows.rest().len() < 1_000);
        let day = stream.finish().unwrap();
        assert_eq!(day.series.resolution, Resolution::Second);
        assert_eq!(day.resting_bpm, Some(59));
        assert_eq!(
            day.series.buckets().len(),
            210,
            "three and a half hours of minutes, 01:00–02:00 twice"
        );
    }

    #[test]
    fn errors_give_the_whole_bodys_line() {
        let tz = la();
        let date = jiff::civil::date(2026, 11, 1);
        let row = b"{\"activities-heart-intraday\": {\"dataset\": [\n{\"time\": \"00:00:00\", \"value\": 61},\n{\"time\": \"00:00:01\", \"value\": [}\n]}}";
        let after = b"{\"activities-heart-intraday\": {\"dataset\": [\n{\"time\": \"00:00:00\", \"value\": 61},\n{\"time\": \"00:00:01\", \"value\": 62}\n],\n\"datasetType\": x}}";
        for (body, line) in [(&row[..], 3), (&after[..], 5)] {
            for sizes in [&[1][..], &[4096]] {
                let Err(ApiError::Decode { detail, .. }) = chunked(body, sizes, date, &tz) else {
                    panic!("an error")
                };
                assert!(detail.contains(&format!("(line {line}, ")), "{detail}");
            }
        }
    }

    proptest! {
        #[test]
        fn any_cut_of_the_body_decodes_the_same(sizes in prop::collection::vec(1usize..300, 1..6)) {
            let tz = la();
            let date = jiff::civil::date(2026, 11, 1);
            for body in bodies() {
                let one = heart_intraday(&body, date, &tz);
                let cut = chunked(&body, &sizes, date, &tz);
                match (&one, &cut) {
                    (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                    (Err(a), Err(b)) => prop_assert_eq!(a, b),
                    _ => prop_assert!(false, "{one:?} vs {cut:?}"),
                }
            }
        }
    }
}
