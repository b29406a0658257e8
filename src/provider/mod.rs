//! Data sources behind one interface. `fitbit` is the legacy Fitbit Web API (the only one with
//! alarm editing); `google` is the Google Health API v4. Each converts its wire format into the
//! [`crate::domain`] model and declares its [`Capabilities`], so the UI can explain what a
//! source cannot do instead of showing a fake empty list.

pub mod error;
pub mod fitbit;
pub mod localtime;

use std::fmt;
use std::str::FromStr;

pub use error::{ApiError, AuthProblem};

/// Which API a source speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
