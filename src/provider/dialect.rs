//! One provider dispatch: everything that differs between the providers outside their clients
//! (scopes, token lifetime, client authentication, metering, pacing, retries, error mapping,
//! capabilities, alarm support) is data in a [`Dialect`], defined next to each provider
//! (`fitbit::DIALECT`, `google::DIALECT`). `ApiClient`, the OAuth client and the wiring in
//! `crate::source` read it instead of matching on [`ProviderKind`]; [`dialect`] is the one place
//! that does.

use std::sync::Arc;

use super::Provider;
use super::http::ApiClient;
use super::pacing::Pacing;
use super::ratelimit::Metering;
use super::retry::RetryPolicy;
use crate::api::{Capabilities, ErrorMapper, ProviderKind};
use crate::auth::oauth::OAuthDialect;
use crate::clock::SharedClock;

/// What makes one provider's API different from another's, as data.
#[derive(Debug)]
pub struct Dialect {
    pub kind: ProviderKind,
    pub capabilities: Capabilities,
    /// How requests are metered: the server's budget headers or a local count.
    pub metering: Metering,
    /// How requests are spaced (a token bucket, or not at all).
    pub pacing: Pacing,
    /// Which failed answers are retried.
    pub retry: RetryPolicy,
    /// Maps a non-2xx API answer.
    pub api_error: ErrorMapper,
    /// What alarm calls answer when the provider has no alarm API (shown to the user).
    pub no_alarms: &'static str,
    /// Scopes, token lifetime, client authentication and token-endpoint errors.
    pub oauth: OAuthDialect,
    /// Builds the provider around an authenticated client.
    pub connect: fn(ApiClient, SharedClock) -> Arc<dyn Provider>,
    /// What a sign-in without `scope` goes without, for `auth login` and `auth status`.
    pub without_scope: fn(&str) -> &'static str,
}

/// The dialect of `kind`.
pub fn dialect(kind: ProviderKind) -> &'static Dialect {
    match kind {
        ProviderKind::Fitbit => &super::fitbit::DIALECT,
        ProviderKind::Google => &super::google::DIALECT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_dialect_names_its_own_kind() {
        for kind in [ProviderKind::Fitbit, ProviderKind::Google] {
            assert_eq!(dialect(kind).kind, kind);
            assert_eq!(dialect(kind).oauth.provider, kind);
        }
    }
}
