//! The Google Health API v4's [`Dialect`]: its read-only scopes, 1-hour tokens, client id and
//! secret in the body, offline consent, a local 300-per-minute count, a 2.5-per-second pace,
//! retries of 429, 503 and 504, `google.rpc.Status`
//! errors and no alarm API.

use jiff::SignedDuration;

use super::errors::{error_from_response, token_error};
use crate::api::Capabilities;
use crate::api::ProviderKind;
use crate::auth::oauth::{ClientAuth, OAuthDialect};
use crate::provider::dialect::Dialect;
use crate::provider::pacing::{GOOGLE_BURST, GOOGLE_DEFAULT_RATE, Pacing};
use crate::provider::ratelimit::Metering;
use crate::provider::retry::GOOGLE_RETRIES;

/// Steps, distance, floors, calories, active minutes, AZM, time in heart-rate zones.
pub const ACTIVITY: &str =
    "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly";
/// Heart rate, resting HR, HRV, heart-rate zones, `SpO₂`, breathing, temperature, weight.
pub const HEALTH_METRICS: &str =
    "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly";
/// Sleep sessions and stages.
pub const SLEEP: &str = "https://www.googleapis.com/auth/googlehealth.sleep.readonly";
/// Settings (time zone, units) and paired devices.
pub const SETTINGS: &str = "https://www.googleapis.com/auth/googlehealth.settings.readonly";
/// Profile (membership date).
pub const PROFILE: &str = "https://www.googleapis.com/auth/googlehealth.profile.readonly";
/// ECG readings.
pub const ECG: &str = "https://www.googleapis.com/auth/googlehealth.ecg.readonly";

/// Scopes fittui asks Google for: read-only bundles for everything the tabs show. Each is
/// optional: a person may untick any of them on the consent screen, and the parts that need it
/// say so.
pub const SCOPES: &[&str] = &[ACTIVITY, HEALTH_METRICS, SLEEP, SETTINGS, PROFILE, ECG];

/// The Google Health API v4.
pub const DIALECT: Dialect = Dialect {
    kind: ProviderKind::Google,
    capabilities: Capabilities::GOOGLE,
    // 300 requests per minute per user; Google sends no budget headers.
    metering: Metering::Local {
        limit: 300,
        window: SignedDuration::from_secs(60),
    },
    // 2.5 requests a second for unverified apps; `[google] max_requests_per_second` overrides
    // the rate (see `provider::pacing` for the burst).
    pacing: Pacing::TokenBucket {
        default_rate: GOOGLE_DEFAULT_RATE,
        burst: GOOGLE_BURST,
    },
    retry: GOOGLE_RETRIES,
    api_error: |status, headers, body, now| error_from_response(status, &headers, body, now),
    no_alarms: "The Google Health API has no alarm access: alarms can only be set on the device or in the phone app",
    oauth: OAuthDialect {
        provider: ProviderKind::Google,
        scopes: SCOPES,
        default_lifetime: SignedDuration::from_hours(1),
        client_auth: ClientAuth::InBody,
        offline_consent: true,
        rotates_refresh_tokens: false,
        // The token endpoint's 429 carries no useful headers; Google's mapper ignores them.
        token_error: |status, _headers, body, now| token_error(status, body, now),
    },
    connect: super::client::provider,
    without_scope: |scope| match scope {
        ACTIVITY => "the Today tab and time in heart-rate zones",
        HEALTH_METRICS => {
            "the Heart tab, and the night's SpO₂, breathing rate and skin temperature"
        }
        SLEEP => "the Sleep tab",
        SETTINGS => {
            "the account's time zone and units, and the Devices tab; without it fittui uses this computer's zone and the locale's units"
        }
        PROFILE => "the membership date",
        ECG => "ECG readings",
        _ => "the parts of the tabs that need it",
    },
};
