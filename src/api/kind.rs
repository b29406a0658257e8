//! Which API a source speaks: the one enum every layer (CLI, config, token files, UI, the
//! simulator) names a provider by. Per-provider behaviour does not live here but with the
//! provider (`crate::provider::dialect`).

use std::fmt;
use std::str::FromStr;

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

/// The kinds of per-day record: what `fittui sync` fills and a provider can fetch for several
/// days at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    Activity,
    Heart,
    Sleep,
}

impl DayKind {
    pub const ALL: [DayKind; 3] = [DayKind::Activity, DayKind::Heart, DayKind::Sleep];

    pub fn name(self) -> &'static str {
        match self {
            DayKind::Activity => "activity",
            DayKind::Heart => "heart",
            DayKind::Sleep => "sleep",
        }
    }

    pub fn parse(name: &str) -> Option<DayKind> {
        DayKind::ALL.into_iter().find(|k| k.name() == name)
    }
}
