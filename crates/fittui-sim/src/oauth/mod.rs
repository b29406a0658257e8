//! OAuth state shared by both providers: the registered client, authorization codes, grants,
//! access and refresh tokens, PKCE checks and token minting. The provider modules
//! ([`fitbit`], [`google`]) implement each protocol's endpoints and error shapes on top.
//!
//! Tokens are random (from a seeded stream, so a fresh simulator hands out the same sequence)
//! and stored in ordered maps. Revoking drops every token of the user for the client; expiring
//! moves every access token's expiry into the past.

pub mod fitbit;
pub mod fitbit_token;
pub mod google;
pub mod page;

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use jiff::{SignedDuration, Timestamp};
use rand::RngExt as _;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

use super::http::{SimRequest, SimResponse};
use super::person::rng::{Stream, rng};

/// Fitbit client id of the simulated app.
pub const FITBIT_CLIENT_ID: &str = "23SIMF";
/// Fitbit client secret of the simulated app.
pub const FITBIT_CLIENT_SECRET: &str = "5d1f0c8b2a7e4c3f9b6a1d0e8c7f2a4b";
/// Fitbit encoded user id of the person.
pub const FITBIT_USER_ID: &str = "GGNJL9";
/// Google OAuth client id of the simulated app.
pub const GOOGLE_CLIENT_ID: &str =
    "742318465017-fittuisim0d3v5k2q8n1r6t4w9y7b.apps.googleusercontent.com";
/// Google OAuth client secret.
pub const GOOGLE_CLIENT_SECRET: &str = "GOCSPX-fittuiSimulatorSecret2026x";
/// Google `healthUserId` of the person.
pub const GOOGLE_USER_ID: &str = "4815162342108161";

/// How a PKCE challenge was derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PkceMethod {
    S256,
    Plain,
}

/// A valid code verifier / challenge: 43–128 characters of `[A-Za-z0-9-._~]`.
pub fn pkce_shape_ok(s: &str) -> bool {
    (43..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Whether `verifier` matches `challenge`.
pub fn pkce_verify(challenge: &str, method: PkceMethod, verifier: &str) -> bool {
    if !pkce_shape_ok(verifier) {
        return false;
    }
    match method {
        PkceMethod::Plain => verifier == challenge,
        PkceMethod::S256 => s256(verifier) == challenge,
    }
}

/// `BASE64URL(SHA256(verifier))` without padding.
pub fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Loopback redirect URIs are what a terminal app can listen on: `http://127.0.0.1:PORT/...`,
/// `http://localhost:PORT/...` or `http://[::1]:PORT/...`.
pub fn is_loopback_redirect(uri: &str) -> bool {
    let Ok(url) = url::Url::parse(uri) else {
        return false;
    };
    url.scheme() == "http"
        && url.fragment().is_none()
        && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

/// Appends query parameters to a redirect URI that may already have a query.
pub fn with_query(uri: &str, params: &[(&str, &str)]) -> String {
    let mut out = uri.to_string();
    let mut sep = if uri.contains('?') { '&' } else { '?' };
    for (k, v) in params {
        out.push(sep);
        out.push_str(k);
        out.push('=');
        out.push_str(&super::http::encode(v));
        sep = '&';
    }
    out
}

/// The authorization parameters among `keys` that the request carries (non-empty), to post
/// back from the consent page.
pub fn echoed(req: &SimRequest, keys: &[&'static str]) -> Vec<(&'static str, String)> {
    keys.iter()
        .filter_map(|k| req.param(k).filter(|v| !v.is_empty()).map(|v| (*k, v)))
        .collect()
}

/// The scopes ticked on the consent form, among those requested; empty unless the person
/// pressed Allow.
pub fn ticked(req: &SimRequest, requested: &[String]) -> Vec<String> {
    if req.param("decision").as_deref() != Some("allow") {
        return Vec::new();
    }
    req.form()
        .into_iter()
        .filter(|(k, v)| k == "granted" && requested.contains(v))
        .map(|(_, v)| v)
        .collect()
}

/// The scopes the person grants at `requested`'s consent: on the page's `GET`, the page itself
/// (`Err`, drawn by `page` with its preset boxes ticked) or, auto-approved, the preset; on its
/// `POST`, the boxes ticked.
pub fn granted(
    sim: &crate::shared::Sim,
    req: &SimRequest,
    requested: &[String],
    page: impl FnOnce(&[String]) -> SimResponse,
) -> Result<Vec<String>, SimResponse> {
    if req.method != axum::http::Method::GET {
        return Ok(ticked(req, requested));
    }
    let preset = preset(sim, requested);
    if sim.config.auto_approve {
        Ok(preset)
    } else {
        Err(page(&preset))
    }
}

/// The scopes the consent page starts with ticked (and `--auto-approve` grants): those
/// requested, narrowed to the configured `grant` when there is one.
pub fn preset(sim: &crate::shared::Sim, requested: &[String]) -> Vec<String> {
    let Some(grant) = &sim.config.grant else {
        return requested.to_vec();
    };
    let grant: Vec<String> = grant
        .iter()
        .map(|s| match sim.provider() {
            crate::Api::Google => google::expand_scope(s),
            crate::Api::Fitbit => s.clone(),
        })
        .collect();
    requested
        .iter()
        .filter(|s| grant.contains(s))
        .cloned()
        .collect()
}

/// An issued authorization code.
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub client_id: String,
    pub user: String,
    pub redirect_uri: Option<String>,
    pub scopes: Vec<String>,
    pub challenge: Option<(String, PkceMethod)>,
    pub expires_at: Timestamp,
    pub used: bool,
    /// Google: the exchange returns a refresh token.
    pub offline: bool,
}

/// A user's consent to a client; tokens hang off it.
#[derive(Debug, Clone)]
pub struct Grant {
    pub client_id: String,
    pub user: String,
    pub scopes: Vec<String>,
    pub consented_at: Timestamp,
    /// Google testing mode: refresh tokens die at this instant.
    pub refresh_expires_at: Option<Timestamp>,
}

/// An issued access token.
#[derive(Debug, Clone)]
pub struct AccessToken {
    pub grant: u64,
    pub issued_at: Timestamp,
    pub expires_at: Timestamp,
}

/// A refresh token; `used` holds the answer of its (only) successful use for the replay window.
#[derive(Debug, Clone)]
pub struct RefreshToken {
    pub grant: u64,
    pub used: Option<UsedRefresh>,
}

/// The first successful use of a single-use refresh token.
#[derive(Debug, Clone)]
pub struct UsedRefresh {
    pub at: Timestamp,
    /// The request's parameters, so only an identical request is replayed.
    pub request_key: String,
    pub response: String,
}

/// What a bearer token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck {
    Valid {
        user: String,
        client_id: String,
        scopes: Vec<String>,
        issued_at: Timestamp,
        expires_at: Timestamp,
    },
    Expired,
    Invalid,
}

/// All OAuth state.
#[derive(Debug)]
pub struct OAuthState {
    pub codes: BTreeMap<String, AuthCode>,
    pub grants: BTreeMap<u64, Grant>,
    pub access: BTreeMap<String, AccessToken>,
    pub refresh: BTreeMap<String, RefreshToken>,
    /// (client, user) pairs that consented before (Google: no refresh token on a repeat
    /// consent without `prompt=consent`).
    pub consented: BTreeSet<(String, String)>,
    next_grant: u64,
    rng: ChaCha8Rng,
}

impl OAuthState {
    /// The grant an access or refresh token belongs to (revocation accepts either).
    pub fn grant_of(&self, token: &str) -> Option<u64> {
        self.access
            .get(token)
            .map(|t| t.grant)
            .or_else(|| self.refresh.get(token).map(|t| t.grant))
    }

    pub fn new(seed: u64) -> Self {
        OAuthState {
            codes: BTreeMap::new(),
            grants: BTreeMap::new(),
            access: BTreeMap::new(),
            refresh: BTreeMap::new(),
            consented: BTreeSet::new(),
            next_grant: 1,
            rng: rng(seed, Stream::Tokens, 0),
        }
    }

    /// Random characters from `alphabet`.
    pub fn random(&mut self, len: usize, alphabet: &[u8]) -> String {
        (0..len)
            .map(|_| char::from(alphabet[self.rng.random_range(0..alphabet.len())]))
            .collect()
    }

    /// Random lowercase hex.
    pub fn hex(&mut self, len: usize) -> String {
        self.random(len, b"0123456789abcdef")
    }

    /// Random URL-safe text.
    pub fn urlsafe(&mut self, len: usize) -> String {
        self.random(
            len,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        )
    }

    /// Stores a new grant.
    pub fn add_grant(&mut self, grant: Grant) -> u64 {
        let id = self.next_grant;
        self.next_grant += 1;
        self.consented
            .insert((grant.client_id.clone(), grant.user.clone()));
        self.grants.insert(id, grant);
        id
    }

    /// Stores an access token for `grant` living `lifetime` seconds from `now`.
    pub fn add_access(&mut self, token: &str, grant: u64, now: Timestamp, lifetime: u32) {
        self.access.insert(
            token.to_string(),
            AccessToken {
                grant,
                issued_at: now,
                expires_at: now
                    .saturating_add(SignedDuration::from_secs(i64::from(lifetime)))
                    .unwrap_or(now),
            },
        );
    }

    /// Stores a fresh refresh token for `grant`.
    pub fn add_refresh(&mut self, token: &str, grant: u64) {
        self.refresh
            .insert(token.to_string(), RefreshToken { grant, used: None });
    }

    /// Checks a bearer token at `now`.
    pub fn check(&self, token: &str, now: Timestamp) -> TokenCheck {
        let Some(at) = self.access.get(token) else {
            return TokenCheck::Invalid;
        };
        let Some(grant) = self.grants.get(&at.grant) else {
            return TokenCheck::Invalid;
        };
        if now >= at.expires_at {
            return TokenCheck::Expired;
        }
        TokenCheck::Valid {
            user: grant.user.clone(),
            client_id: grant.client_id.clone(),
            scopes: grant.scopes.clone(),
            issued_at: at.issued_at,
            expires_at: at.expires_at,
        }
    }

    /// Drops the grants of `user` for `client` (all clients when `None`) and their tokens.
    pub fn revoke_user(&mut self, user: &str, client: Option<&str>) {
        let doomed: BTreeSet<u64> = self
            .grants
            .iter()
            .filter(|(_, g)| g.user == user && client.is_none_or(|c| c == g.client_id))
            .map(|(id, _)| *id)
            .collect();
        self.drop_grants(&doomed);
        self.consented
            .retain(|(c, u)| !(u == user && client.is_none_or(|cl| cl == c)));
    }

    /// Drops one grant and its tokens.
    pub fn revoke_grant(&mut self, grant: u64) {
        if let Some(g) = self.grants.get(&grant) {
            let key = (g.client_id.clone(), g.user.clone());
            self.consented.remove(&key);
        }
        self.drop_grants(&BTreeSet::from([grant]));
    }

    /// Drops every grant and token.
    pub fn revoke_all(&mut self) {
        let all: BTreeSet<u64> = self.grants.keys().copied().collect();
        self.drop_grants(&all);
        self.consented.clear();
    }

    fn drop_grants(&mut self, doomed: &BTreeSet<u64>) {
        self.grants.retain(|id, _| !doomed.contains(id));
        self.access.retain(|_, t| !doomed.contains(&t.grant));
        self.refresh.retain(|_, t| !doomed.contains(&t.grant));
    }

    /// Makes every access token expired at `now`.
    pub fn expire_all(&mut self, now: Timestamp) {
        let past = now.checked_sub(SignedDuration::from_secs(1)).unwrap_or(now);
        for t in self.access.values_mut() {
            t.expires_at = t.expires_at.min(past);
        }
    }

    /// Removes expired codes and long-used refresh tokens (keeps memory bounded).
    pub fn sweep(&mut self, now: Timestamp) {
        self.codes.retain(|_, c| c.expires_at > now && !c.used);
        let horizon = now
            .checked_sub(SignedDuration::from_hours(1))
            .unwrap_or(now);
        self.refresh
            .retain(|_, t| t.used.as_ref().is_none_or(|u| u.at > horizon));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_rfc7636_example() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert_eq!(s256(verifier), challenge);
        assert!(pkce_verify(challenge, PkceMethod::S256, verifier));
        assert!(!pkce_verify(challenge, PkceMethod::Plain, verifier));
        assert!(pkce_verify(verifier, PkceMethod::Plain, verifier));
        assert!(!pkce_verify(challenge, PkceMethod::S256, "short"));
    }

    #[test]
    fn redirects() {
        assert!(is_loopback_redirect("http://127.0.0.1:8080/callback"));
        assert!(is_loopback_redirect("http://localhost:1/"));
        assert!(!is_loopback_redirect("https://example.com/cb"));
        assert!(!is_loopback_redirect("http://127.0.0.1:9/cb#frag"));
        assert_eq!(
            with_query("http://x/cb?a=1", &[("code", "c d"), ("state", "s")]),
            "http://x/cb?a=1&code=c+d&state=s"
        );
    }

    #[test]
    fn revoke_and_expire() {
        let mut st = OAuthState::new(1);
        let now: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        let g = st.add_grant(Grant {
            client_id: "c".into(),
            user: "u".into(),
            scopes: vec!["activity".into()],
            consented_at: now,
            refresh_expires_at: None,
        });
        st.add_access("a", g, now, 60);
        st.add_refresh("r", g);
        assert!(matches!(st.check("a", now), TokenCheck::Valid { .. }));
        st.expire_all(now);
        assert_eq!(st.check("a", now), TokenCheck::Expired);
        st.revoke_user("u", Some("c"));
        assert_eq!(st.check("a", now), TokenCheck::Invalid);
        assert!(st.refresh.is_empty());
        assert!(st.consented.is_empty());
    }
}
