//! Wire types of the heart-rate time series and the nightly metrics (HRV, `SpO2`, breathing
//! rate, skin temperature, cardio score).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::ZoneWire;
use crate::provider::fitbit::lenient::{Day, Num, Text, nullable, parse_number};

// ---------------------------------------------------------------------------------------------
// Heart rate (§7)

/// `GET /1/user/-/activities/heart/date/...` (time series; the intraday body has the same
/// `activities-heart` element).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HeartSeriesBody {
    #[serde(rename = "activities-heart", deserialize_with = "nullable")]
    pub days: Vec<Option<HeartDayWire>>,
}

/// One `activities-heart` element, in either shape: zones inside a `value` object, or (the
/// `/time/` form) zones at element level next to a string `value`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HeartDayWire {
    pub date_time: Day,
    pub value: HeartValue,
    #[serde(deserialize_with = "nullable")]
    pub heart_rate_zones: Vec<ZoneWire>,
    pub resting_heart_rate: Num,
}

impl HeartDayWire {
    /// Zones from whichever place this shape keeps them.
    pub fn zones(&self) -> &[ZoneWire] {
        match &self.value {
            HeartValue::Object(v) if !v.heart_rate_zones.is_empty() => &v.heart_rate_zones,
            _ => &self.heart_rate_zones,
        }
    }

    pub fn resting(&self) -> Num {
        match &self.value {
            HeartValue::Object(v) if v.resting_heart_rate.0.is_some() => v.resting_heart_rate,
            _ => self.resting_heart_rate,
        }
    }
}

/// The `value` of an `activities-heart` element.
#[derive(Debug, Default)]
pub enum HeartValue {
    #[default]
    Absent,
    Object(HeartValueObject),
    /// The `/time/` form's summary number (`"55.44"`).
    Summary(Num),
}

/// The `value` object of the full-day shape.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HeartValueObject {
    #[serde(deserialize_with = "nullable")]
    pub heart_rate_zones: Vec<ZoneWire>,
    pub resting_heart_rate: Num,
}

impl<'de> Deserialize<'de> for HeartValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HeartValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a heart value object or a summary number")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<HeartValue, A::Error> {
                HeartValueObject::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(HeartValue::Object)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<HeartValue, E> {
                Ok(HeartValue::Summary(Num(parse_number(v))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<HeartValue, E> {
                Ok(HeartValue::Summary(Num(v.is_finite().then_some(v))))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<HeartValue, E> {
                Ok(HeartValue::Summary(Num(Some(v as f64))))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<HeartValue, E> {
                Ok(HeartValue::Summary(Num(Some(v as f64))))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<HeartValue, E> {
                Ok(HeartValue::Absent)
            }
            fn visit_unit<E: de::Error>(self) -> Result<HeartValue, E> {
                Ok(HeartValue::Absent)
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------------------
// HRV, SpO2, breathing rate, skin temperature, cardio score (§9)

/// `{"hrv": [...]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HrvBody {
    #[serde(deserialize_with = "nullable")]
    pub hrv: Vec<DatedValue<HrvValue>>,
}

/// `{"dateTime": ..., "value": {...}}`, the common shape of the nightly metrics.
#[derive(Debug, Deserialize)]
#[serde(
    default,
    rename_all = "camelCase",
    bound(deserialize = "T: Deserialize<'de>")
)]
pub struct DatedValue<T> {
    pub date_time: Day,
    #[serde(deserialize_with = "nullable")]
    pub value: Option<T>,
}

impl<T> Default for DatedValue<T> {
    fn default() -> Self {
        Self {
            date_time: Day(None),
            value: None,
        }
    }
}

/// Nightly RMSSD, ms.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HrvValue {
    pub daily_rmssd: Num,
    pub deep_rmssd: Num,
}

/// Nightly `SpO2`, percent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Spo2Value {
    pub avg: Num,
    pub min: Num,
    pub max: Num,
}

/// `SpO2` has no wrapper key: an object for one date (`{}` when there is no data), a top-level
/// array for a range. Either shape reads as a list here.
#[derive(Debug, Default)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or an array of objects")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|t| OneOrMany(vec![t]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Option<T>>()? {
                    out.extend(item);
                }
                Ok(OneOrMany(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(Vec::new()))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// `{"br": [...]}`; the intraday form nests per-stage summaries.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BreathingBody {
    #[serde(deserialize_with = "nullable")]
    pub br: Vec<DatedValue<BreathingValue>>,
}

/// Breaths per minute, summary or per-stage (intraday) form.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BreathingValue {
    pub breathing_rate: Num,
    #[serde(deserialize_with = "nullable")]
    pub full_sleep_summary: Option<BreathingStage>,
}

/// One sleep stage's breathing rate (`-1`: not enough data).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BreathingStage {
    pub breathing_rate: Num,
}

/// `{"tempSkin": [...]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SkinTempBody {
    #[serde(rename = "tempSkin", deserialize_with = "nullable")]
    pub temp_skin: Vec<DatedValue<SkinTempValue>>,
}

/// Deviation from the personal baseline (°C for a metric request).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SkinTempValue {
    pub nightly_relative: Num,
}

/// `{"cardioScore": [...]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CardioBody {
    #[serde(rename = "cardioScore", deserialize_with = "nullable")]
    pub cardio_score: Vec<DatedValue<CardioValue>>,
}

/// Cardio fitness score.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CardioValue {
    /// `"42-46"` or `"44"` (or a number).
    pub vo2_max: Text,
}
