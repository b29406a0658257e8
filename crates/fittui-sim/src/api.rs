//! Which API contract a simulator serves. The simulator's own enum, so it depends on nothing
//! of the client it checks; `fittui sim --provider` parses it (`fitbit` | `google`).

use std::fmt;

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

/// Which API to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Api {
    /// The legacy Fitbit Web API (api.fitbit.com + www.fitbit.com/oauth2).
    Fitbit,
    /// The Google Health API v4 (health.googleapis.com + Google OAuth).
    Google,
}

impl Api {
    /// The lowercase name (`fitbit`, `google`), as in `fittui sim`'s JSON line.
    pub fn as_str(self) -> &'static str {
        match self {
            Api::Fitbit => "fitbit",
            Api::Google => "google",
        }
    }
}

impl fmt::Display for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_lowercase() {
        for api in [Api::Fitbit, Api::Google] {
            assert_eq!(Api::from_str(api.as_str(), false), Ok(api));
            assert_eq!(api.to_string(), api.as_str());
            let json = serde_json::to_string(&api).unwrap_or_default();
            assert_eq!(json, format!("\"{api}\""));
        }
    }
}
