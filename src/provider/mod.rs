//! Data sources behind one interface. `fitbit` is the legacy Fitbit Web API (the only one with
//! alarm editing); `google` is the Google Health API v4. Each converts its wire format into the
//! [`crate::domain`] model and declares its [`Capabilities`], so the UI can explain what a
//! source cannot do instead of showing a fake empty list.

pub mod daily_cache;
pub mod error;
pub mod fitbit;
pub mod google;
pub mod http;
pub mod localtime;
pub mod ratelimit;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use jiff::civil::Date;

pub use error::{ApiError, AuthProblem};

use crate::domain::account::Account;
use crate::domain::activity::DayActivity;
use crate::domain::alarm::{Alarm, AlarmDraft, TrackerAlarms};
use crate::domain::device::Device;
use crate::domain::heart::HeartDay;
use crate::domain::sleep::SleepDay;

/// A boxed, sendable API call, so providers can sit behind `Arc<dyn Provider>`.
pub type ApiFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, ApiError>> + Send + 'a>>;

/// Remaining request budget as the API last reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBudget {
    pub limit: u32,
    pub remaining: u32,
    pub resets_at: jiff::Timestamp,
}

impl RateBudget {
    /// Combines a newer report with this one. Within one window the budget only goes down,
    /// but concurrent answers arrive in any order (and the legacy API's headers lag), so the
    /// lowest count of the same window wins; a later window replaces it.
    #[must_use]
    pub fn merge(self, newer: RateBudget) -> RateBudget {
        let same_window = self
            .resets_at
            .duration_since(newer.resets_at)
            .abs()
            .as_secs()
            < 60;
        if same_window {
            RateBudget {
                remaining: self.remaining.min(newer.remaining),
                ..newer
            }
        } else if newer.resets_at > self.resets_at {
            newer
        } else {
            self
        }
    }
}

/// One data source. Every method fetches one view's worth of data with the fewest requests
/// the API allows; local days are in the account's time zone (loaded by [`Provider::account`]
/// and remembered by the provider).
pub trait Provider: Send + Sync + fmt::Debug {
    fn kind(&self) -> ProviderKind;
    fn capabilities(&self) -> Capabilities;
    /// Profile and settings: identity, time zone, units.
    fn account(&self) -> ApiFuture<'_, Account>;
    /// The Today tab's data for `date`.
    fn activity(&self, date: Date) -> ApiFuture<'_, DayActivity>;
    /// The Heart tab's data for `date`.
    fn heart(&self, date: Date) -> ApiFuture<'_, HeartDay>;
    /// The Sleep tab's data for the night that ended on `date`.
    fn sleep(&self, date: Date) -> ApiFuture<'_, SleepDay>;
    fn devices(&self) -> ApiFuture<'_, Vec<Device>>;
    /// Every tracker with its alarms ([`ApiError::Unsupported`] without an alarm API).
    fn alarms(&self) -> ApiFuture<'_, Vec<TrackerAlarms>>;
    fn create_alarm<'a>(
        &'a self,
        tracker_id: &'a str,
        draft: &'a AlarmDraft,
    ) -> ApiFuture<'a, Alarm>;
    fn update_alarm<'a>(
        &'a self,
        tracker_id: &'a str,
        alarm_id: u64,
        draft: &'a AlarmDraft,
    ) -> ApiFuture<'a, Alarm>;
    fn delete_alarm<'a>(&'a self, tracker_id: &'a str, alarm_id: u64) -> ApiFuture<'a, ()>;
    /// The request budget as last reported by the API, if it reports one.
    fn budget(&self) -> Option<RateBudget>;
}

/// Which API a source speaks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Legacy Fitbit Web API (api.fitbit.com; shut down in November 2026).
    Fitbit,
    /// Google Health API v4.
    Google,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fitbit => "fitbit",
            Self::Google => "google",
        }
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProviderKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fitbit" => Ok(Self::Fitbit),
            "google" => Ok(Self::Google),
            other => Err(format!(
                "unknown provider `{other}` (expected fitbit or google)"
            )),
        }
    }
}

/// What a source can do for alarms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlarmAccess {
    /// The API has no alarm resource at all.
    None,
    /// List, create, update and delete tracker alarms.
    ReadWrite,
}

/// What a source can provide; the UI asks before it shows a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    pub alarms: AlarmAccess,
    pub ecg: bool,
    /// Daily activity goals (steps, distance, ...). Without them the configured goals are used.
    pub goals: bool,
    /// 30-day average minutes per sleep stage computed by the provider.
    pub sleep_stage_averages: bool,
}

impl Capabilities {
    pub const FITBIT: Capabilities = Capabilities {
        alarms: AlarmAccess::ReadWrite,
        ecg: true,
        goals: true,
        sleep_stage_averages: true,
    };

    pub const GOOGLE: Capabilities = Capabilities {
        alarms: AlarmAccess::None,
        ecg: true,
        goals: false,
        sleep_stage_averages: false,
    };
}
