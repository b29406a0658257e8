//! Wire types of devices, tracker alarms, ECG readings and weight and body-fat logs.

use serde::Deserialize;

use super::Pagination;
use crate::provider::fitbit::lenient::{
    AnyText, Day, Flag, LocalDateTime, Names, Num, Text, nullable,
};

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

/// One tracker silent alarm.
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

/// One ECG reading; `startTime` is local.
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

/// One weight log; `date` and `time` are local.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct WeightWire {
    pub date: Day,
    pub time: Text,
    /// In the request's unit system: kg, since fittui sends no `Accept-Language`.
    pub weight: Num,
    pub bmi: Num,
    /// Body fat, percent, when the log has one.
    pub fat: Num,
    /// A number on the wire (epoch-millisecond-like); kept as text so it compares exactly.
    pub log_id: Text,
    pub source: Text,
}

/// `GET /1/user/-/body/log/fat/date/...`: `{"fat": [...]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FatBody {
    #[serde(deserialize_with = "nullable")]
    pub fat: Vec<Option<FatWire>>,
}

/// One body-fat log; `date` and `time` are local.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FatWire {
    pub date: Day,
    pub time: Text,
    pub fat: Num,
    pub log_id: Text,
    pub source: Text,
}
