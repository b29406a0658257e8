//! Google Health API v4 wire layer: serde wire types, decoders into the [`crate::domain`]
//! model, request-body and filter builders, and error-body mapping. Pure functions only: no
//! HTTP client and no tokens live here.
//!
//! - [`names`]: the data types fittui reads and their kebab / snake / camel spellings, paths.
//! - [`scalar`]: proto3 JSON scalars (int64 strings, durations, RFC 3339, civil dates).
//! - [`wire`]: response structs named after the discovery document's schemas.
//! - [`decode`]: body bytes → domain values (re-exported here).
//! - [`request`]: `:rollUp` / `:dailyRollUp` bodies and `filter` strings.
//! - [`errors`]: `google.rpc.Status` and OAuth token-endpoint errors → [`ApiError`](crate::api::ApiError).
//! - [`DIALECT`] / [`SCOPES`]: what sets this API apart (scopes, token lifetime, client
//!   authentication, local metering, error mappers, no alarms), read by the shared code.
//!
//! Which request each decoder pairs with:
//!
//! | decoder | request |
//! |---|---|
//! | [`identity`] / [`settings`] / [`profile`] | `GET users/me/identity` / `settings` / `profile` |
//! | [`daily_rollup_steps`], `_distance`, `_total_calories`, `_floors`, `_azm`, `_active_minutes`, `_time_in_zones` | `POST …/{steps, distance, total-calories, floors, active-zone-minutes, active-minutes, time-in-heart-rate-zone}/dataPoints:dailyRollUp`, [`request::daily_rollup_body`] |
//! | [`rollup_hourly_steps`] | `POST …/steps/dataPoints:rollUp`, [`request::rollup_body`] with 3600 s windows over the local day |
//! | [`rollup_heart`] / [`rollup_heart_into`] | `POST …/heart-rate/dataPoints:rollUp`, 60 s windows, `pageSize` 1500 |
//! | [`heart_rate_samples_into`] | `GET …/heart-rate/dataPoints`, [`request::filter_sample_physical`] |
//! | [`daily_resting_heart_rate`], [`daily_hrv`], [`daily_heart_rate_zones`], [`daily_spo2`], [`daily_respiratory_rate`], [`daily_skin_temperature`] | `GET …/{daily-*}/dataPoints:reconcile` (or `list`), [`request::filter_daily`] |
//! | [`sleep`] | `GET …/sleep/dataPoints` (or `:reconcile`), `pageSize=25`, [`request::filter_sleep_civil_end`] |
//! | [`paired_devices`] | `GET users/me/pairedDevices?pageSize=100` |
//! | [`electrocardiogram`] | `GET …/electrocardiogram/dataPoints`, [`request::filter_ecg_since`] |
//! | [`weight`] | `GET …/weight/dataPoints`, [`request::filter_sample_physical`] |

pub mod client;
pub mod decode;
mod dialect;
pub mod errors;
pub mod names;
mod pager;
mod prefetch;
pub mod request;
pub mod scalar;
pub mod wire;

#[cfg(test)]
mod schema_check;

pub use decode::*;
pub use dialect::{DIALECT, SCOPES};
pub use errors::{error_from_response, token_error};
pub use names::{
    DATA_TYPES, DataType, MAX_PAGE_SIZE, MAX_PAIRED_DEVICES_PAGE_SIZE, MAX_SLEEP_PAGE_SIZE, Method,
    RecordKind,
};
