//! Serde wire types for the Google Health API v4 response bodies fittui reads.
//!
//! Struct names are the discovery document's schema names (`Sleep`, `SleepStage`,
//! `RollupDataPoint`, ...) and field names are its camelCase property names, so each type can
//! be checked against `google-health-v4.discovery.json` (see the `schema_check` tests). Every
//! field is optional (proto3 JSON omits zero values and empty lists; absent is not zero) and
//! unknown keys are ignored. Only the fields fittui uses are declared.
//!
//! The scalar types ([`Int`], [`Double`], [`Duration`], [`Instant`], [`EnumName`], [`Date`],
//! [`CivilDateTime`]) live in [`super::scalar`].

use serde::Deserialize;

use super::scalar::{CivilDateTime, Date, Double, Duration, EnumName, Instant, Int, null_default};

// ---------------------------------------------------------------------------------------------
// users/me/identity, settings, profile, pairedDevices

/// `GET users/me/identity`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    pub name: Option<String>,
    pub health_user_id: Option<String>,
    pub legacy_user_id: Option<String>,
}

/// `GET users/me/settings` (display preferences; values are always metric).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub name: Option<String>,
    /// IANA zone id.
    pub time_zone: Option<String>,
    pub utc_offset: Option<Duration>,
    pub language_locale: Option<String>,
    pub distance_unit: Option<EnumName>,
    pub weight_unit: Option<EnumName>,
    pub temperature_unit: Option<EnumName>,
}

/// `GET users/me/profile`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub name: Option<String>,
    pub age: Option<Int>,
    pub membership_start_date: Option<Date>,
}

/// One entry of `GET users/me/pairedDevices`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairedDevice {
    /// `users/{user}/pairedDevices/{id}`.
    pub name: Option<String>,
    /// `TRACKER` | `SCALE`.
    pub device_type: Option<EnumName>,
    /// `High` | `Medium` | `Low` | `Empty` (a plain string, not an enum).
    pub battery_status: Option<String>,
    pub battery_level: Option<Int>,
    pub last_sync_time: Option<Instant>,
    /// Product name, e.g. "Charge 6".
    pub device_version: Option<String>,
    pub mac_address: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub features: Vec<String>,
}

/// `GET users/me/pairedDevices` response.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListPairedDevicesResponse {
    #[serde(default, deserialize_with = "null_default")]
    pub paired_devices: Vec<PairedDevice>,
    pub next_page_token: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Time shapes

/// `ObservationSampleTime`: an instant plus the local offset at that instant.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservationSampleTime {
    pub physical_time: Option<Instant>,
    pub utc_offset: Option<Duration>,
    pub civil_time: Option<CivilDateTime>,
}

/// `SessionTimeInterval` / `ObservationTimeInterval` (same members).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeInterval {
    pub start_time: Option<Instant>,
    pub start_utc_offset: Option<Duration>,
    pub end_time: Option<Instant>,
    pub end_utc_offset: Option<Duration>,
    pub civil_start_time: Option<CivilDateTime>,
    pub civil_end_time: Option<CivilDateTime>,
}

// ---------------------------------------------------------------------------------------------
// list / reconcile

/// A point of `list` (`DataPoint`: `name` + `dataSource`) or `:reconcile`
/// (`ReconciledDataPoint`: `dataPointName`, no `dataSource`). Exactly one value field is set,
/// the one of the collection's data type.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataPoint {
    pub name: Option<String>,
    pub data_point_name: Option<String>,
    pub data_source: Option<DataSource>,
    pub daily_resting_heart_rate: Option<DailyRestingHeartRate>,
    pub daily_heart_rate_variability: Option<DailyHeartRateVariability>,
    pub daily_heart_rate_zones: Option<DailyHeartRateZones>,
    pub daily_oxygen_saturation: Option<DailyOxygenSaturation>,
    pub daily_respiratory_rate: Option<DailyRespiratoryRate>,
    pub daily_sleep_temperature_derivations: Option<DailySleepTemperatureDerivations>,
    pub sleep: Option<Sleep>,
    pub electrocardiogram: Option<Electrocardiogram>,
    pub weight: Option<Weight>,
    pub body_fat: Option<BodyFat>,
    pub heart_rate: Option<HeartRate>,
}

impl DataPoint {
    /// The resource name, from `name` (list) or `dataPointName` (reconcile).
    pub fn resource_name(&self) -> Option<&str> {
        self.name
            .as_deref()
            .or(self.data_point_name.as_deref())
            .filter(|n| !n.is_empty())
    }
}

/// `ListDataPointsResponse` / `ReconcileDataPointsResponse`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListDataPointsResponse {
    #[serde(default, deserialize_with = "null_default")]
    pub data_points: Vec<DataPoint>,
    pub next_page_token: Option<String>,
}

/// Where a point came from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSource {
    pub recording_method: Option<EnumName>,
    pub device: Option<Device>,
    pub platform: Option<EnumName>,
    pub application: Option<Application>,
}

/// The app that provided a point (e.g. a scale's app through Health Connect).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub package_name: Option<String>,
}

/// The recording device of a [`DataSource`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub display_name: Option<String>,
    pub form_factor: Option<EnumName>,
    pub manufacturer: Option<String>,
}

/// `daily-resting-heart-rate`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyRestingHeartRate {
    pub date: Option<Date>,
    pub beats_per_minute: Option<Int>,
    pub daily_resting_heart_rate_metadata: Option<DailyRestingHeartRateMetadata>,
}

/// How a resting heart rate was computed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyRestingHeartRateMetadata {
    /// `WITH_SLEEP` | `ONLY_WITH_AWAKE_DATA`.
    pub calculation_method: Option<EnumName>,
}

/// `daily-heart-rate-variability`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyHeartRateVariability {
    pub date: Option<Date>,
    pub average_heart_rate_variability_milliseconds: Option<Double>,
    pub deep_sleep_root_mean_square_of_successive_differences_milliseconds: Option<Double>,
    pub non_rem_heart_rate_beats_per_minute: Option<Int>,
    pub entropy: Option<Double>,
}

/// `daily-heart-rate-zones`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyHeartRateZones {
    pub date: Option<Date>,
    #[serde(default, deserialize_with = "null_default")]
    pub heart_rate_zones: Vec<HeartRateZone>,
}

/// One zone of [`DailyHeartRateZones`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeartRateZone {
    /// `LIGHT` | `MODERATE` | `VIGOROUS` | `PEAK`.
    pub heart_rate_zone_type: Option<EnumName>,
    pub min_beats_per_minute: Option<Int>,
    pub max_beats_per_minute: Option<Int>,
}

/// `daily-oxygen-saturation` (percent).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyOxygenSaturation {
    pub date: Option<Date>,
    pub average_percentage: Option<Double>,
    pub lower_bound_percentage: Option<Double>,
    pub upper_bound_percentage: Option<Double>,
    pub standard_deviation_percentage: Option<Double>,
}

/// `daily-respiratory-rate`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyRespiratoryRate {
    pub date: Option<Date>,
    pub breaths_per_minute: Option<Double>,
}

/// `daily-sleep-temperature-derivations` (°C; no delta field: delta = nightly − baseline).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailySleepTemperatureDerivations {
    pub date: Option<Date>,
    pub nightly_temperature_celsius: Option<Double>,
    pub baseline_temperature_celsius: Option<Double>,
    pub relative_nightly_stddev30d_celsius: Option<Double>,
}

/// `sleep` session.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sleep {
    pub interval: Option<TimeInterval>,
    /// `STAGES` | `CLASSIC`.
    #[serde(rename = "type")]
    pub sleep_type: Option<EnumName>,
    #[serde(default, deserialize_with = "null_default")]
    pub stages: Vec<SleepStage>,
    #[serde(default, deserialize_with = "null_default")]
    pub short_awakenings: Vec<SleepStage>,
    pub summary: Option<SleepSummary>,
    pub metadata: Option<SleepMetadata>,
    pub create_time: Option<Instant>,
    pub update_time: Option<Instant>,
}

/// One stage segment (also the shape of a short awakening).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SleepStage {
    pub start_time: Option<Instant>,
    pub start_utc_offset: Option<Duration>,
    pub end_time: Option<Instant>,
    pub end_utc_offset: Option<Duration>,
    /// `AWAKE` | `LIGHT` | `DEEP` | `REM` | `ASLEEP` | `RESTLESS`.
    #[serde(rename = "type")]
    pub stage_type: Option<EnumName>,
}

/// Totals of a sleep session (int64 minutes).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SleepSummary {
    pub minutes_in_sleep_period: Option<Int>,
    pub minutes_after_wake_up: Option<Int>,
    pub minutes_to_fall_asleep: Option<Int>,
    pub minutes_asleep: Option<Int>,
    pub minutes_awake: Option<Int>,
    #[serde(default, deserialize_with = "null_default")]
    pub stages_summary: Vec<StageSummary>,
}

/// Minutes and segment count of one stage type.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageSummary {
    #[serde(rename = "type")]
    pub stage_type: Option<EnumName>,
    pub minutes: Option<Int>,
    pub count: Option<Int>,
}

/// Processing state and flags of a sleep session.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SleepMetadata {
    pub stages_status: Option<EnumName>,
    pub processed: Option<bool>,
    pub main_sleep: Option<bool>,
    pub nap: Option<bool>,
    pub manually_edited: Option<bool>,
}

/// `electrocardiogram` session (list only; not in the reconciled stream).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Electrocardiogram {
    pub interval: Option<TimeInterval>,
    pub beats_per_minute_avg: Option<Int>,
    pub lead_number: Option<Int>,
    pub medical_device_info: Option<MedicalDeviceInfo>,
    pub millivolts_scaling_factor: Option<Int>,
    pub result_classification: Option<EnumName>,
    pub sampling_frequency_hertz: Option<Int>,
    #[serde(default, deserialize_with = "null_default")]
    pub waveform_samples: Vec<Int>,
}

/// The certified device an ECG was taken with.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MedicalDeviceInfo {
    pub device_model: Option<String>,
    pub firmware_version: Option<String>,
}

/// `weight` sample (grams).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Weight {
    pub sample_time: Option<ObservationSampleTime>,
    pub weight_grams: Option<Double>,
    pub notes: Option<String>,
}

/// `body-fat` sample (percent).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BodyFat {
    pub sample_time: Option<ObservationSampleTime>,
    pub percentage: Option<Double>,
}

/// `heart-rate` sample.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeartRate {
    pub sample_time: Option<ObservationSampleTime>,
    pub beats_per_minute: Option<Int>,
}

// ---------------------------------------------------------------------------------------------
// :rollUp and :dailyRollUp

/// `:rollUp` response.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollUpDataPointsResponse {
    #[serde(default, deserialize_with = "null_default")]
    pub rollup_data_points: Vec<RollupDataPoint>,
    pub next_page_token: Option<String>,
}

/// One physical-time window. A window without data has no value object.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollupDataPoint {
    pub start_time: Option<Instant>,
    pub end_time: Option<Instant>,
    pub steps: Option<StepsRollupValue>,
    pub heart_rate: Option<HeartRateRollupValue>,
}

/// `:dailyRollUp` response.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyRollUpDataPointsResponse {
    #[serde(default, deserialize_with = "null_default")]
    pub rollup_data_points: Vec<DailyRollupDataPoint>,
    pub next_page_token: Option<String>,
}

/// One civil-day window. A day without data is absent or has no value object.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyRollupDataPoint {
    pub civil_start_time: Option<CivilDateTime>,
    pub civil_end_time: Option<CivilDateTime>,
    pub steps: Option<StepsRollupValue>,
    pub distance: Option<DistanceRollupValue>,
    pub total_calories: Option<TotalCaloriesRollupValue>,
    pub floors: Option<FloorsRollupValue>,
    pub active_zone_minutes: Option<ActiveZoneMinutesRollupValue>,
    pub active_minutes: Option<ActiveMinutesRollupValue>,
    pub time_in_heart_rate_zone: Option<TimeInHeartRateZoneRollupValue>,
}

/// `steps` rollup.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepsRollupValue {
    pub count_sum: Option<Int>,
}

/// `distance` rollup (millimetres).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DistanceRollupValue {
    pub millimeters_sum: Option<Int>,
}

/// `total-calories` rollup (kcal, including BMR).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TotalCaloriesRollupValue {
    pub kcal_sum: Option<Double>,
}

/// `floors` rollup.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FloorsRollupValue {
    pub count_sum: Option<Int>,
}

/// `active-zone-minutes` rollup (credits: cardio and peak minutes count double).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveZoneMinutesRollupValue {
    pub sum_in_fat_burn_heart_zone: Option<Int>,
    pub sum_in_cardio_heart_zone: Option<Int>,
    pub sum_in_peak_heart_zone: Option<Int>,
}

/// `active-minutes` rollup.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveMinutesRollupValue {
    #[serde(default, deserialize_with = "null_default")]
    pub active_minutes_rollup_by_activity_level: Vec<ActiveMinutesRollupByActivityLevel>,
}

/// Minutes at one activity level.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveMinutesRollupByActivityLevel {
    /// `LIGHT` | `MODERATE` | `VIGOROUS`.
    pub activity_level: Option<EnumName>,
    pub active_minutes_sum: Option<Int>,
}

/// `time-in-heart-rate-zone` rollup.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeInHeartRateZoneRollupValue {
    #[serde(default, deserialize_with = "null_default")]
    pub time_in_heart_rate_zones: Vec<TimeInHeartRateZoneValue>,
}

/// Time in one zone.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeInHeartRateZoneValue {
    /// `LIGHT` | `MODERATE` | `VIGOROUS` | `PEAK`.
    pub heart_rate_zone: Option<EnumName>,
    pub duration: Option<Duration>,
}

/// `heart-rate` rollup (bpm, doubles).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeartRateRollupValue {
    pub beats_per_minute_avg: Option<Double>,
    pub beats_per_minute_min: Option<Double>,
    pub beats_per_minute_max: Option<Double>,
}
