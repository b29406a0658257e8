//! Wire types of the v1.2 sleep logs.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::provider::fitbit::lenient::{Day, Flag, LocalDateTime, Num, Text, nullable};

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

/// `meta`: `state: "pending"` while a log is processed; retry after `retryDuration` ms.
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

/// One sleep log; every local time in it uses the offset at `startTime`. An export's
/// `sleep-….json` holds the same objects, with `mainSleep` for `isMainSleep`.
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
    #[serde(alias = "mainSleep")]
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

/// The hypnogram: `data` (contiguous), `shortData` (short wakes on top), per-level totals.
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

/// One stretch of a level (30 s granularity for stages, 60 s for classic).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LevelRow {
    pub date_time: LocalDateTime,
    pub level: Text,
    pub seconds: Num,
}

/// Totals of one level; `thirtyDayAvgMinutes` only on stages logs.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LevelSummary {
    pub count: Num,
    pub minutes: Num,
    pub thirty_day_avg_minutes: Num,
}
