//! Heart rate: the intraday day, streamed row by row into [`HeartSeriesBuilder`] (a 1-second
//! day is ~86,400 rows, ~2.6 MB, so no per-row allocation and one zone lookup per minute), and
//! the daily time series behind the resting-HR trend.

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
pub fn heart_intraday(body: &[u8], date: Date, tz: &TimeZone) -> Result<HeartIntraday, ApiError> {
    let out_of_range = || ApiError::Decode {
        endpoint: INTRADAY.into(),
        detail: format!("date {date} is out of range"),
    };
    let (start, end) = day_bounds(date, tz).ok_or_else(out_of_range)?;
    let mut sink = Sink {
        clock: DayClock::new(date, tz.clone()).ok_or_else(out_of_range)?,
        builder: HeartSeriesBuilder::new(start, end, Resolution::Minute),
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed = BodySeed { sink: &mut sink }
        .deserialize(&mut de)
        .and_then(|out| de.end().map(|()| out))
        .map_err(|e| ApiError::decode(INTRADAY, &e))?;
    let mut series = sink.builder.finish();
    series.resolution = resolution(parsed.dataset_type.get(), parsed.dataset_interval);
    let day = parsed
        .days
        .iter()
        .find(|d| d.date_time.0 == Some(date))
        .or(parsed.days.first());
    Ok(HeartIntraday {
        series,
        resting_bpm: day.and_then(resting_bpm),
        zones: day.and_then(|d| zone_thresholds(d.zones())),
        time_in_zones: day.and_then(|d| zone_minutes(d.zones())),
    })
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
    fn row(&mut self, time_of_day: Option<u32>, value: Num) {
        let Some(seconds) = time_of_day else { return };
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
        while seq
            .next_element_seed(RowSeed {
                sink: &mut *self.sink,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct RowSeed<'s> {
    sink: &'s mut Sink,
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a {time, value} row")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut time, mut value) = (None, Num(None));
        while let Some(key) = map.next_key::<RowKey>()? {
            match key {
                RowKey::Time => time = map.next_value::<TimeOfDay>()?.0,
                RowKey::Value => value = map.next_value()?,
                RowKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        self.sink.row(time, value);
        Ok(())
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
