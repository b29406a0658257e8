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

/// Scopes fittui asks Google for: read-only bundles for everything the tabs show.
pub const SCOPES: &[&str] = &[
    "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly",
    "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly",
    "https://www.googleapis.com/auth/googlehealth.sleep.readonly",
    "https://www.googleapis.com/auth/googlehealth.settings.readonly",
    "https://www.googleapis.com/auth/googlehealth.profile.readonly",
    "https://www.googleapis.com/auth/googlehealth.ecg.readonly",
];

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
        // The token endpoint's 429 carries no useful headers; Google's mapper ignores them.
        token_error: |status, _headers, body, now| token_error(status, body, now),
    },
    connect: super::client::provider,
};
