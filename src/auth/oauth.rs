//! The OAuth 2.0 client for both providers: authorization URL (PKCE S256 + `state`), code
//! exchange, refresh and revoke.
//!
//! Hand-written on reqwest rather than the `oauth2` crate: the legacy Fitbit token endpoint
//! answers errors in its own `errors[]` envelope (not RFC 6749's `error`), Google's carries
//! `refresh_token_expires_in`, and fittui must tell `invalid_grant` (sign in again) from
//! everything else as a typed error. `oauth2` 5 would also bring a second reqwest and TLS stack.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use url::Url;

use super::pkce::{Pkce, new_state};
use super::tokens::{TokenOrigin, TokenSet};
use crate::api::{ApiError, AuthProblem, ErrorMapper, ProviderKind};
use crate::clock::SharedClock;
use crate::config::OAuthSettings;
use crate::net::network_error;

/// How a provider's token endpoint wants the client to authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP Basic when the app has a secret (Fitbit Server / Personal apps), otherwise
    /// `client_id` in the body (Fitbit Client apps).
    BasicWhenSecret,
    /// `client_id`, and `client_secret` when there is one, in the form body (Google).
    InBody,
}

/// A provider's OAuth behaviour, handed to [`OAuthClient::new`] by the provider layer
/// (`crate::provider::Dialect::oauth`), so this module needs no provider code: the scopes to
/// ask for, the token lifetime to assume, how the client authenticates, the consent-page
/// extras and the token endpoint's error mapping.
#[derive(Debug)]
pub struct OAuthDialect {
    pub provider: ProviderKind,
    /// Scopes fittui asks for.
    pub scopes: &'static [&'static str],
    /// Access-token lifetime to assume when the token endpoint does not say.
    pub default_lifetime: SignedDuration,
    pub client_auth: ClientAuth,
    /// Add `access_type=offline` and `prompt=consent` to the consent page (Google: without
    /// both it issues no refresh token on a repeat consent).
    pub offline_consent: bool,
    /// Each refresh returns a new refresh token and spends the old one (legacy Fitbit);
    /// Google keeps the same refresh token.
    pub rotates_refresh_tokens: bool,
    /// Maps a non-2xx answer of the token or revoke endpoint.
    pub token_error: ErrorMapper,
}

/// Everything needed to send the user to the consent page and check the answer.
#[derive(Debug, Clone)]
pub struct AuthRequest {
    pub url: Url,
    pub state: String,
    pub pkce: Pkce,
    pub redirect_uri: String,
}

/// A successful token-endpoint answer (both providers).
#[derive(Debug, Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    refresh_token_expires_in: Option<i64>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    user_id: Option<String>,
}

/// OAuth client for one provider.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    dialect: &'static OAuthDialect,
    settings: OAuthSettings,
    http: reqwest::Client,
    clock: SharedClock,
}

impl OAuthClient {
    pub fn new(
        dialect: &'static OAuthDialect,
        settings: OAuthSettings,
        http: reqwest::Client,
        clock: SharedClock,
    ) -> Self {
        Self {
            dialect,
            settings,
            http,
            clock,
        }
    }

    pub fn provider(&self) -> ProviderKind {
        self.dialect.provider
    }

    /// The provider's OAuth behaviour.
    pub fn dialect(&self) -> &'static OAuthDialect {
        self.dialect
    }

    pub fn settings(&self) -> &OAuthSettings {
        &self.settings
    }

    /// The consent-page URL, with a fresh `state` and PKCE pair.
    pub fn authorization_request(
        &self,
        redirect_uri: &str,
    ) -> Result<AuthRequest, url::ParseError> {
        let pkce = Pkce::generate();
        let state = new_state();
        let mut url = Url::parse(&self.settings.authorize_url)?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("client_id", &self.settings.client_id)
                .append_pair("response_type", "code")
                .append_pair("scope", &self.dialect.scopes.join(" "))
                .append_pair("redirect_uri", redirect_uri)
                .append_pair("state", &state)
                .append_pair("code_challenge", &pkce.challenge)
                .append_pair("code_challenge_method", "S256");
            if self.dialect.offline_consent {
                q.append_pair("access_type", "offline")
                    .append_pair("prompt", "consent");
            }
        }
        Ok(AuthRequest {
            url,
            state,
            pkce,
            redirect_uri: redirect_uri.to_string(),
        })
    }

    /// Adds client authentication: HTTP Basic for Fitbit apps with a secret (Server /
    /// Personal), `client_id` in the body for Fitbit Client apps, and both id and secret in the
    /// body for Google.
    fn authenticate(
        &self,
        req: reqwest::RequestBuilder,
        form: &mut Vec<(&'static str, String)>,
    ) -> reqwest::RequestBuilder {
        let s = &self.settings;
        match self.dialect.client_auth {
            ClientAuth::BasicWhenSecret if !s.client_secret.is_empty() => {
                let basic = STANDARD.encode(format!("{}:{}", s.client_id, s.client_secret));
                req.header(reqwest::header::AUTHORIZATION, format!("Basic {basic}"))
            }
            ClientAuth::BasicWhenSecret => {
                form.push(("client_id", s.client_id.clone()));
                req
            }
            ClientAuth::InBody => {
                form.push(("client_id", s.client_id.clone()));
                if !s.client_secret.is_empty() {
                    form.push(("client_secret", s.client_secret.clone()));
                }
                req
            }
        }
    }

    async fn post_form(
        &self,
        url: &str,
        mut form: Vec<(&'static str, String)>,
    ) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), ApiError> {
        let req = self.authenticate(self.http.post(url), &mut form);
        let resp = req
            .form(&form)
            .send()
            .await
            .map_err(|e| network_error(&e))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.bytes().await.map_err(|e| network_error(&e))?.to_vec();
        Ok((status, headers, body))
    }

    fn token_error(
        &self,
        status: u16,
        headers: &reqwest::header::HeaderMap,
        body: &[u8],
    ) -> ApiError {
        let now = self.clock.now();
        let lookup = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        (self.dialect.token_error)(status, &lookup, body, now)
    }

    fn token_set(&self, resp: TokenResponse, previous: Option<&TokenSet>) -> TokenSet {
        let now = self.clock.now();
        let lifetime = resp
            .expires_in
            .map_or_else(|| self.dialect.default_lifetime, SignedDuration::from_secs);
        let scopes = resp.scope.map_or_else(
            || previous.map(|p| p.scopes.clone()).unwrap_or_default(),
            |s| s.split_whitespace().map(str::to_string).collect(),
        );
        TokenSet {
            provider: self.dialect.provider,
            origin: TokenOrigin::AuthorizationCode,
            access_token: resp.access_token,
            // Google does not rotate refresh tokens: keep the old one when none is returned.
            refresh_token: resp
                .refresh_token
                .or_else(|| previous.and_then(|p| p.refresh_token.clone())),
            expires_at: now.saturating_add(lifetime).unwrap_or(now),
            refresh_token_expires_at: resp
                .refresh_token_expires_in
                .map(|s| {
                    now.saturating_add(SignedDuration::from_secs(s))
                        .unwrap_or(now)
                })
                .or_else(|| previous.and_then(|p| p.refresh_token_expires_at)),
            scopes,
            user_id: resp
                .user_id
                .or_else(|| previous.and_then(|p| p.user_id.clone())),
            account_label: previous.and_then(|p| p.account_label.clone()),
            client_id: self.settings.client_id.clone(),
            time_zone: None,
            obtained_at: now,
        }
    }

    fn parse_tokens(
        &self,
        status: u16,
        headers: &reqwest::header::HeaderMap,
        body: &[u8],
        previous: Option<&TokenSet>,
    ) -> Result<TokenSet, ApiError> {
        if !(200..300).contains(&status) {
            return Err(self.token_error(status, headers, body));
        }
        let resp: TokenResponse =
            serde_json::from_slice(body).map_err(|e| ApiError::decode("token endpoint", &e))?;
        Ok(self.token_set(resp, previous))
    }

    /// Exchanges an authorization code (with its PKCE verifier) for tokens.
    pub async fn exchange_code(
        &self,
        code: &str,
        verifier: &str,
        redirect_uri: &str,
    ) -> Result<TokenSet, ApiError> {
        let form = vec![
            ("grant_type", "authorization_code".to_string()),
            ("code", code.to_string()),
            ("redirect_uri", redirect_uri.to_string()),
            ("code_verifier", verifier.to_string()),
        ];
        let (status, headers, body) = self.post_form(&self.settings.token_url, form).await?;
        self.parse_tokens(status, &headers, &body, None)
    }

    /// Spends the refresh token for a new pair (Fitbit rotates it; Google keeps it).
    pub async fn refresh(&self, current: &TokenSet) -> Result<TokenSet, ApiError> {
        let Some(refresh_token) = &current.refresh_token else {
            return Err(ApiError::Unauthorized {
                problem: AuthProblem::Expired,
                message: "no refresh token".into(),
            });
        };
        let form = vec![
            ("grant_type", "refresh_token".to_string()),
            ("refresh_token", refresh_token.clone()),
        ];
        let (status, headers, body) = self.post_form(&self.settings.token_url, form).await?;
        self.parse_tokens(status, &headers, &body, Some(current))
    }

    /// Revokes `token` (and with it the whole grant).
    pub async fn revoke(&self, token: &str) -> Result<(), ApiError> {
        let form = vec![("token", token.to_string())];
        let (status, headers, body) = self.post_form(&self.settings.revoke_url, form).await?;
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(self.token_error(status, &headers, &body))
        }
    }

    /// Current time from the injected clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }
}
