//! Serde wire types for the legacy Fitbit Web API responses fittui reads.
//!
//! Tolerant by design: every field has a default (absent keys are fine), unknown keys are
//! ignored, scalars go through [`super::lenient`] (numbers as strings, ids as numbers or
//! strings, `null` as absent), arrays and objects sent as `null` read as empty, and enum-like
//! strings stay strings here (the decoders map unknown values to an "other" variant). Field
//! names follow the reference (`/work/shared/reference/fitbit-web-api.md`, section per type).
//!
//! The heart-rate intraday dataset is not here: it is streamed row by row straight into the
//! domain builder by [`super::heart`].

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::lenient::{AnyText, Day, Flag, LocalDateTime, Names, Num, Text, nullable};

// ---------------------------------------------------------------------------------------------
// Profile (§3)

/// `GET /1/user/-/profile.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileBody {
    #[serde(deserialize_with = "nullable")]
    pub user: Option<Profile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Profile {
    pub encoded_id: Text,
    pub display_name: Text,
    pub full_name: Text,
    pub timezone: Text,
    #[serde(rename = "offsetFromUTCMillis")]
    pub offset_from_utc_millis: Num,
    pub distance_unit: Text,
    pub temperature_unit: Text,
    pub locale: Text,
    pub clock_time_display_format: Text,
    pub member_since: Day,
}

// ---------------------------------------------------------------------------------------------
// Daily activity summary (§4)

/// `GET /1/user/-/activities/date/{date}.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActivityDayBody {
    #[serde(deserialize_with = "nullable")]
    pub activities: Vec<IgnoredAny>,
    #[serde(deserialize_with = "nullable")]
    pub goals: Option<ActivityGoals>,
    #[serde(deserialize_with = "nullable")]
    pub summary: Option<ActivitySummaryWire>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ActivityGoals {
    pub active_minutes: Num,
    pub active_zone_minutes: Num,
    pub calories_out: Num,
    /// In the request's unit system: km, since fittui sends no `Accept-Language`.
    pub distance: Num,
    pub floors: Num,
    pub steps: Num,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ActivitySummaryWire {
    pub activity_calories: Num,
    #[serde(rename = "caloriesBMR")]
    pub calories_bmr: Num,
    pub calories_out: Num,
    #[serde(deserialize_with = "nullable")]
    pub distances: Vec<DistanceWire>,
    pub elevation: Num,
    pub fairly_active_minutes: Num,
    pub floors: Num,
    #[serde(deserialize_with = "nullable")]
    pub heart_rate_zones: Vec<ZoneWire>,
    pub lightly_active_minutes: Num,
    pub resting_heart_rate: Num,
    pub sedentary_minutes: Num,
    pub steps: Num,
    pub very_active_minutes: Num,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DistanceWire {
    pub activity: Text,
    pub distance: Num,
}

/// One heart-rate zone (`Out of Range`, `Fat Burn`, `Cardio`, `Peak`; custom zones differ).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ZoneWire {
    pub name: Text,
    pub min: Num,
    pub max: Num,
    pub minutes: Num,
    pub calories_out: Num,
}

// ---------------------------------------------------------------------------------------------
// Activity time series and intraday (§5, §6)

/// One element of `activities-<resource>`: `{"dateTime": "2018-12-26", "value": "2504"}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DailyRow {
    pub date_time: Day,
    pub value: Num,
}

/// `activities-<resource>-intraday`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IntradayWire {
    #[serde(deserialize_with = "nullable")]
    pub dataset: Vec<Option<IntradayRow>>,
    pub dataset_interval: Num,
    pub dataset_type: Text,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IntradayRow {
    pub time: Text,
    pub value: Num,
}

// ---------------------------------------------------------------------------------------------
// Active Zone Minutes (§8)

/// `GET /1/user/-/activities/active-zone-minutes/date/...` time series.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AzmBody {
    #[serde(
        rename = "activities-active-zone-minutes",
        deserialize_with = "nullable"
    )]
    pub days: Vec<AzmDay>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AzmDay {
    pub date_time: Day,
    #[serde(deserialize_with = "nullable")]
    pub value: Option<AzmValue>,
}

/// Zero sub-zones are omitted by the API.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AzmValue {
    pub active_zone_minutes: Num,
    pub fat_burn_active_zone_minutes: Num,
    pub cardio_active_zone_minutes: Num,
    pub peak_active_zone_minutes: Num,
}

/// AZM intraday: an array of days with `minutes`, not a `dataset`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AzmIntradayBody {
    #[serde(
        rename = "activities-active-zone-minutes-intraday",
        deserialize_with = "nullable"
    )]
    pub days: Vec<AzmIntradayDay>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AzmIntradayDay {
    pub date_time: Day,
    #[serde(deserialize_with = "nullable")]
    pub minutes: Vec<AzmMinute>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AzmMinute {
    pub minute: LocalDateTime,
    #[serde(deserialize_with = "nullable")]
    pub value: Option<AzmValue>,
}

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
                Ok(HeartValue::Summary(Num(super::lenient::parse_number(v))))
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

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HrvValue {
    pub daily_rmssd: Num,
    pub deep_rmssd: Num,
}

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

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BreathingValue {
    pub breathing_rate: Num,
    #[serde(deserialize_with = "nullable")]
    pub full_sleep_summary: Option<BreathingStage>,
}

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

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CardioValue {
    /// `"42-46"` or `"44"` (or a number).
    pub vo2_max: Text,
}

// ---------------------------------------------------------------------------------------------
// Sleep v1.2 (§10)

/// By date, by range and list responses.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SleepBody {
    #[serde(deserialize_with = "nullable")]
    pub sleep: Vec<Option<SleepLogWire>>,
    #[serde(deserialize_with = "nullable")]
    pub meta: Option<SleepMeta>,
    #[serde(deserialize_with = "nullable")]
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SleepMeta {
    pub state: Text,
    pub retry_duration: Num,
}

/// Pagination of the sleep and ECG lists; `""` means no page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Pagination {
    pub next: Text,
    pub previous: Text,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SleepLogWire {
    pub date_of_sleep: Day,
    /// Milliseconds.
    pub duration: Num,
    pub efficiency: Num,
    pub end_time: LocalDateTime,
    pub start_time: LocalDateTime,
    pub info_code: Num,
    pub is_main_sleep: Flag,
    #[serde(deserialize_with = "nullable")]
    pub levels: Option<SleepLevels>,
    pub log_id: Text,
    pub log_type: Text,
    pub minutes_after_wakeup: Num,
    pub minutes_asleep: Num,
    pub minutes_awake: Num,
    pub minutes_to_fall_asleep: Num,
    pub time_in_bed: Num,
    #[serde(rename = "type")]
    pub kind: Text,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SleepLevels {
    #[serde(deserialize_with = "nullable")]
    pub data: Vec<Option<LevelRow>>,
    #[serde(deserialize_with = "nullable")]
    pub short_data: Vec<Option<LevelRow>>,
    #[serde(deserialize_with = "nullable")]
    pub summary: BTreeMap<String, Option<LevelSummary>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LevelRow {
    pub date_time: LocalDateTime,
    pub level: Text,
    pub seconds: Num,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LevelSummary {
    pub count: Num,
    pub minutes: Num,
    pub thirty_day_avg_minutes: Num,
}

// ---------------------------------------------------------------------------------------------
// Devices and alarms (§11, §12)

/// One element of the top-level `devices.json` array.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DeviceWire {
    pub battery: Text,
    pub battery_level: Num,
    pub device_version: Text,
    #[serde(deserialize_with = "nullable")]
    pub features: Vec<AnyText>,
    pub id: Text,
    pub last_sync_time: LocalDateTime,
    pub mac: Text,
    #[serde(rename = "type")]
    pub kind: Text,
}

/// `{"trackerAlarms": [...]}` (list) or `{"trackerAlarm": {...}}` (create / update).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AlarmsBody {
    #[serde(deserialize_with = "nullable")]
    pub tracker_alarms: Vec<Option<AlarmWire>>,
    #[serde(deserialize_with = "nullable")]
    pub tracker_alarm: Option<AlarmWire>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AlarmWire {
    pub alarm_id: Text,
    pub deleted: Flag,
    pub enabled: Flag,
    pub label: Text,
    pub recurring: Flag,
    pub snooze_count: Num,
    pub snooze_length: Num,
    pub synced_to_device: Flag,
    /// `07:15-08:00` (documented), `07:15-0800` (python-fitbit) or `07:15`.
    pub time: Text,
    pub vibe: Text,
    pub week_days: Names,
}

// ---------------------------------------------------------------------------------------------
// ECG (seed 003) and weight

/// `GET /1/user/-/ecg/list.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EcgBody {
    #[serde(deserialize_with = "nullable")]
    pub ecg_readings: Vec<Option<EcgWire>>,
    #[serde(deserialize_with = "nullable")]
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EcgWire {
    pub start_time: LocalDateTime,
    pub average_heart_rate: Num,
    pub result_classification: Text,
    #[serde(deserialize_with = "nullable")]
    pub waveform_samples: Vec<Num>,
    /// A string in the documented example (`"250"`).
    pub sampling_frequency_hz: Num,
    pub scaling_factor: Num,
    pub number_of_waveform_samples: Num,
    pub lead_number: Num,
    pub device_name: Text,
}

/// `GET /1/user/-/body/log/weight/date/...`: `{"weight": [...]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WeightBody {
    #[serde(deserialize_with = "nullable")]
    pub weight: Vec<Option<WeightWire>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct WeightWire {
    pub date: Day,
    pub time: Text,
    /// In the request's unit system: kg, since fittui sends no `Accept-Language`.
    pub weight: Num,
    pub log_id: Text,
}
