//! The legacy Fitbit Web API's [`Dialect`]: its scopes, 8-hour tokens, HTTP Basic client
//! authentication, budget headers, no per-second pace, retries of 429 and 5xx, `errors[]` envelope and alarm API.

use jiff::SignedDuration;

use super::errors::{error_from_response, token_error};
use crate::api::Capabilities;
use crate::api::ProviderKind;
use crate::auth::oauth::{ClientAuth, OAuthDialect};
use crate::provider::dialect::Dialect;
use crate::provider::pacing::Pacing;
use crate::provider::ratelimit::Metering;
use crate::provider::retry::FITBIT_RETRIES;

/// Scopes fittui asks the legacy API for (read what the five tabs show; `settings` covers
/// devices and alarm editing).
pub const SCOPES: &[&str] = &[
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

/// The legacy Fitbit Web API.
pub const DIALECT: Dialect = Dialect {
    kind: ProviderKind::Fitbit,
    capabilities: Capabilities::FITBIT,
    metering: Metering::Headers,
    // 150 an hour, metered by the headers; no per-second limit is documented (see
    // `provider::pacing`).
    pacing: Pacing::Unpaced,
    retry: FITBIT_RETRIES,
    api_error: |status, headers, body, now| error_from_response(status, &headers, body, now),
    // Never shown: the Fitbit Web API has an alarm API.
    no_alarms: "the Fitbit Web API refused alarm access",
    oauth: OAuthDialect {
        provider: ProviderKind::Fitbit,
        scopes: SCOPES,
        default_lifetime: SignedDuration::from_hours(8),
        client_auth: ClientAuth::BasicWhenSecret,
        offline_consent: false,
        rotates_refresh_tokens: true,
        token_error: |status, headers, body, now| token_error(status, &headers, body, now),
    },
    connect: super::client::provider,
    without_scope: |scope| match scope {
        "activity" => "the Today tab",
        "heartrate" => "the Heart tab",
        "sleep" => "the Sleep tab",
        "settings" => "the Devices and Alarms tabs",
        "profile" => "the account's name, zone and units, which fittui cannot start without",
        "oxygen_saturation" => "the night's SpO₂",
        "respiratory_rate" => "the night's breathing rate",
        "temperature" => "the night's skin temperature",
        "electrocardiogram" => "ECG readings",
        _ => "the parts of the tabs that need it",
    },
};
