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

mod devices;
mod heart;
mod sleep;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::lenient::{Day, LocalDateTime, Num, Text, nullable};

pub use devices::*;
pub use heart::*;
pub use sleep::*;

// ---------------------------------------------------------------------------------------------
// Profile (§3)

/// `GET /1/user/-/profile.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileBody {
    #[serde(deserialize_with = "nullable")]
    pub user: Option<Profile>,
}

/// The `user` object; older accounts lack the newer fields.
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

/// The day's `goals`.
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

/// The day's `summary` totals.
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

/// One `summary.distances` entry (`total`, `tracker`, ... in km).
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

/// One dataset row: a local `time` of day and a number.
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

/// One day of the AZM time series; `value` is absent on days without AZM.
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

/// One day of AZM intraday rows.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AzmIntradayDay {
    pub date_time: Day,
    #[serde(deserialize_with = "nullable")]
    pub minutes: Vec<AzmMinute>,
}

/// One AZM intraday row; `minute` is a local date-time.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AzmMinute {
    pub minute: LocalDateTime,
    #[serde(deserialize_with = "nullable")]
    pub value: Option<AzmValue>,
}
