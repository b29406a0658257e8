//! Opening a data source: the stored sign-in for a provider, its token manager, the API
//! client (paced at the configured `max_requests_per_second`) and the provider
//! implementation, wired together.

use std::sync::Arc;

use crate::api::ProviderKind;
use crate::auth::{OAuthClient, StoreError, TokenManager, TokenSet, TokenStore};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::paths::Paths;
use crate::provider::http::ApiClient;
use crate::provider::{Provider, dialect};

/// A signed-in provider, ready to fetch.
#[derive(Debug, Clone)]
pub struct Source {
    pub kind: ProviderKind,
    pub provider: Arc<dyn Provider>,
    pub tokens: Arc<TokenManager>,
}

/// The OAuth client for `kind` as configured.
pub fn oauth_client(
    config: &Config,
    kind: ProviderKind,
    http: reqwest::Client,
    clock: SharedClock,
) -> OAuthClient {
    let (settings, _) = config.provider_settings(kind);
    OAuthClient::new(&dialect(kind).oauth, settings, http, clock)
}

/// Wires a provider around `manager`.
pub fn build(
    config: &Config,
    kind: ProviderKind,
    manager: Arc<TokenManager>,
    http: reqwest::Client,
    clock: SharedClock,
) -> Source {
    let (_, base) = config.provider_settings(kind);
    let mut api = ApiClient::new(kind, http, &base, manager.clone(), clock.clone());
    if let Some(rate) = config.max_requests_per_second(kind) {
        api = api.with_max_rate(rate);
    }
    let provider = (dialect(kind).connect)(api, clock);
    Source {
        kind,
        provider,
        tokens: manager,
    }
}

/// A source around tokens that are not stored yet (validating a new sign-in).
pub fn with_tokens(
    config: &Config,
    paths: &Paths,
    tokens: TokenSet,
    http: reqwest::Client,
    clock: SharedClock,
) -> Source {
    let kind = tokens.provider;
    let oauth = oauth_client(config, kind, http.clone(), clock.clone());
    let store = TokenStore::new(&paths.config_dir, kind);
    let manager = Arc::new(TokenManager::new(store, oauth, tokens, clock.clone()));
    build(config, kind, manager, http, clock)
}

/// Opens the stored sign-in for `kind`; `Ok(None)` when there is none.
pub fn open(
    config: &Config,
    paths: &Paths,
    kind: ProviderKind,
    http: reqwest::Client,
    clock: SharedClock,
) -> Result<Option<Source>, StoreError> {
    let oauth = oauth_client(config, kind, http.clone(), clock.clone());
    let store = TokenStore::new(&paths.config_dir, kind);
    let Some(manager) = TokenManager::load(store, oauth, clock.clone())? else {
        return Ok(None);
    };
    Ok(Some(build(config, kind, Arc::new(manager), http, clock)))
}

/// The provider `fittui` reads: the configured one when it is signed in, otherwise whichever
/// one is.
pub fn choose(config: &Config, paths: &Paths) -> Option<ProviderKind> {
    let preferred = config.general.provider;
    let other = match preferred {
        ProviderKind::Fitbit => ProviderKind::Google,
        ProviderKind::Google => ProviderKind::Fitbit,
    };
    [preferred, other]
        .into_iter()
        .find(|kind| TokenStore::new(&paths.config_dir, *kind).path().exists())
}
