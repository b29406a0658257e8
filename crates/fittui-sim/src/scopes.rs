//! The OAuth scopes of both contracts, as the simulator knows them: every scope each API
//! accepts, and the data scopes that cover every endpoint the simulator serves (what a test
//! grants to read everything). The app keeps its own lists; a root test checks that each
//! scope the app asks for is one the simulator knows.

use crate::Api;
use crate::oauth::{fitbit, google};

/// The legacy API's scopes that cover every data endpoint the simulator serves.
pub const FITBIT_DATA_SCOPES: &[&str] = &[
    "activity",
    "heartrate",
    "sleep",
    "settings",
    "profile",
    "oxygen_saturation",
    "respiratory_rate",
    "temperature",
    "cardio_fitness",
    "electrocardiogram",
    "weight",
];

/// The Google Health read scopes that cover every data endpoint the simulator serves.
pub const GOOGLE_DATA_SCOPES: &[&str] = &[
    "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly",
    "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly",
    "https://www.googleapis.com/auth/googlehealth.sleep.readonly",
    "https://www.googleapis.com/auth/googlehealth.settings.readonly",
    "https://www.googleapis.com/auth/googlehealth.profile.readonly",
    "https://www.googleapis.com/auth/googlehealth.ecg.readonly",
];

/// The data scopes of `api`.
pub fn data_scopes(api: Api) -> &'static [&'static str] {
    match api {
        Api::Fitbit => FITBIT_DATA_SCOPES,
        Api::Google => GOOGLE_DATA_SCOPES,
    }
}

/// Whether `api`'s authorization server accepts `scope` (provider spelling).
pub fn knows(api: Api, scope: &str) -> bool {
    match api {
        Api::Fitbit => fitbit::SCOPES.contains(&scope),
        Api::Google => google::valid_scope(scope),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_scope_is_known() {
        for api in [Api::Fitbit, Api::Google] {
            for s in data_scopes(api) {
                assert!(knows(api, s), "{api}: {s}");
            }
        }
        assert!(!knows(Api::Fitbit, "bogus"));
        assert!(!knows(
            Api::Google,
            "https://www.googleapis.com/auth/googlehealth.bogus.readonly"
        ));
    }
}
