//! Google OAuth 2.0 for an installed (desktop) client: `/o/oauth2/v2/auth` (PKCE S256
//! required, loopback redirect URIs), `/token` and `/revoke`.
//!
//! Semantics: `access_type=offline` yields a refresh token on the first consent, and on a
//! repeat consent only with `prompt=consent`; refresh tokens do not rotate (the refresh answer
//! has no `refresh_token`); access tokens live 3599 s (or `--token-lifetime`). In testing mode
//! (`--testing-mode`) token answers carry `refresh_token_expires_in` (604800 at consent,
//! shrinking afterwards) and refresh tokens die 7 days after consent (`invalid_grant`); testing
//! mode is the default for Google (`--published` turns it off). Errors
//! are OAuth-style `{"error":…,"error_description":…}`.

use axum::http::{Method, StatusCode, header};
use jiff::{SignedDuration, Timestamp};

use super::{
    AuthCode, GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_USER_ID, Grant, OAuthState,
    PkceMethod, is_loopback_redirect, page, pkce_shape_ok, pkce_verify, with_query,
};
use crate::http::{SimRequest, SimResponse};
use crate::json::Json;
use crate::log::RequestContext;
use crate::shared::{Sim, TokenGrant, lock};

/// Prefix of every Google Health scope.
pub const SCOPE_PREFIX: &str = "https://www.googleapis.com/auth/googlehealth.";

/// Scope bundles (the part between `googlehealth.` and `.readonly` / `.writeonly`).
pub const BUNDLES: [&str; 12] = [
    "activity_and_fitness",
    "health_metrics_and_measurements",
    "sleep",
    "settings",
    "profile",
    "ecg",
    "irn",
    "location",
    "logged_symptoms",
    "mindfulness",
    "nutrition",
    "reproductive_health",
];

/// Every scope of the discovery document's `auth.oauth2.scopes` (reference
/// `google-health-v4.discovery.json`), and only those: not every bundle has both suffixes
/// (`ecg`, `irn` and `location` are read-only, `nutrition` write-only).
pub const DISCOVERY_SCOPES: [&str; 21] = [
    "https://www.googleapis.com/auth/cloud-platform",
    "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly",
    "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.writeonly",
    "https://www.googleapis.com/auth/googlehealth.ecg.readonly",
    "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly",
    "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.writeonly",
    "https://www.googleapis.com/auth/googlehealth.irn.readonly",
    "https://www.googleapis.com/auth/googlehealth.location.readonly",
    "https://www.googleapis.com/auth/googlehealth.logged_symptoms.readonly",
    "https://www.googleapis.com/auth/googlehealth.logged_symptoms.writeonly",
    "https://www.googleapis.com/auth/googlehealth.mindfulness.readonly",
    "https://www.googleapis.com/auth/googlehealth.mindfulness.writeonly",
    "https://www.googleapis.com/auth/googlehealth.nutrition.writeonly",
    "https://www.googleapis.com/auth/googlehealth.profile.readonly",
    "https://www.googleapis.com/auth/googlehealth.profile.writeonly",
    "https://www.googleapis.com/auth/googlehealth.reproductive_health.readonly",
    "https://www.googleapis.com/auth/googlehealth.reproductive_health.writeonly",
    "https://www.googleapis.com/auth/googlehealth.settings.readonly",
    "https://www.googleapis.com/auth/googlehealth.settings.writeonly",
    "https://www.googleapis.com/auth/googlehealth.sleep.readonly",
    "https://www.googleapis.com/auth/googlehealth.sleep.writeonly",
];

/// Google Sign-In scopes, valid with any Google API (not in a discovery document; they grant
/// nothing here).
const IDENTITY_SCOPES: [&str; 5] = [
    "openid",
    "email",
    "profile",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/userinfo.profile",
];

const JSON: &str = "application/json; charset=utf-8";
/// Codes live 10 minutes.
const CODE_LIFETIME: i64 = 600;
/// Testing-mode refresh tokens live 7 days from consent.
const TESTING_REFRESH_SECS: i64 = 7 * 86_400;
/// The issuer echoed on the redirect.
const ISSUER: &str = "https://accounts.google.com";

/// Whether `s` is a scope Google would accept: a scope of the discovery document, or a
/// Google Sign-In scope. Anything else (a misspelling, `googlehealth.nutrition.readonly`, the
/// pre-2026-05-26 unsuffixed names) is `invalid_scope`.
pub fn valid_scope(s: &str) -> bool {
    IDENTITY_SCOPES.contains(&s) || DISCOVERY_SCOPES.contains(&s)
}

/// `sleep` → `…googlehealth.sleep.readonly`; `sleep.writeonly` → full URL; URLs unchanged.
pub fn expand_scope(s: &str) -> String {
    if BUNDLES.contains(&s) {
        format!("{SCOPE_PREFIX}{s}.readonly")
    } else if s.starts_with("https://") || IDENTITY_SCOPES.contains(&s) {
        s.to_string()
    } else if s.ends_with(".readonly") || s.ends_with(".writeonly") {
        format!("{SCOPE_PREFIX}{s}")
    } else {
        format!("{SCOPE_PREFIX}{s}.readonly")
    }
}

pub fn handle(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    match (req.method.clone(), req.path.as_str()) {
        (Method::GET | Method::POST, "/o/oauth2/v2/auth") => authorize(sim, req, ctx),
        (Method::POST, "/token") => token(sim, req, ctx),
        (Method::POST | Method::GET, "/revoke") => revoke(sim, req, ctx),
        _ => oauth_error(StatusCode::NOT_FOUND, "not_found", "Not Found"),
    }
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> SimResponse {
    SimResponse::json_as(
        status,
        &Json::obj()
            .field("error", error)
            .field("error_description", description),
        JSON,
    )
}

fn page_error(status: StatusCode, code: &str, message: &str) -> SimResponse {
    SimResponse::html(
        status,
        page::error(
            "Access blocked: Authorization Error",
            &format!("Error {}: {code}", status.as_u16()),
            message,
        ),
    )
}

/// A checked authorization request.
struct AuthRequest {
    redirect_uri: String,
    scopes: Vec<String>,
    state: Option<String>,
    challenge: String,
    offline: bool,
    force_consent: bool,
    raw: Vec<(&'static str, String)>,
}

#[allow(clippy::too_many_lines)] // one check per parameter, in Google's order
fn validate(req: &SimRequest) -> Result<AuthRequest, SimResponse> {
    let p = |k: &str| req.param(k).filter(|v| !v.is_empty());
    let bad = |m: &str| page_error(StatusCode::BAD_REQUEST, "invalid_request", m);
    let client_id = p("client_id").ok_or_else(|| bad("Missing required parameter: client_id"))?;
    if client_id != GOOGLE_CLIENT_ID {
        return Err(page_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The OAuth client was not found.",
        ));
    }
    let redirect_uri =
        p("redirect_uri").ok_or_else(|| bad("Missing required parameter: redirect_uri"))?;
    if !is_loopback_redirect(&redirect_uri) {
        return Err(page_error(
            StatusCode::BAD_REQUEST,
            "redirect_uri_mismatch",
            &format!(
                "The redirect URI in the request, {redirect_uri}, does not match the ones authorized for the OAuth client. Desktop clients must use a loopback address (http://127.0.0.1:PORT)."
            ),
        ));
    }
    match p("response_type").as_deref() {
        None => return Err(bad("Missing required parameter: response_type")),
        Some("code") => {}
        Some(other) => {
            return Err(page_error(
                StatusCode::BAD_REQUEST,
                "unsupported_response_type",
                &format!("Invalid response_type: {other}"),
            ));
        }
    }
    let scope = p("scope").ok_or_else(|| bad("Missing required parameter: scope"))?;
    let mut scopes: Vec<String> = Vec::new();
    let mut invalid = Vec::new();
    for s in scope.split(' ').filter(|s| !s.is_empty()) {
        if !valid_scope(s) {
            invalid.push(s.to_string());
        } else if !scopes.iter().any(|x| x == s) {
            scopes.push(s.to_string());
        }
    }
    if !invalid.is_empty() {
        return Err(page_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            &format!(
                "Some requested scopes were invalid. {{valid=[{}], invalid=[{}]}}",
                scopes.join(", "),
                invalid.join(", ")
            ),
        ));
    }
    let challenge =
        p("code_challenge").ok_or_else(|| bad("Missing required parameter: code_challenge"))?;
    if !pkce_shape_ok(&challenge) {
        return Err(bad("Invalid code_challenge."));
    }
    match p("code_challenge_method").as_deref() {
        Some("S256") => {}
        None => return Err(bad("Missing required parameter: code_challenge_method")),
        Some(_) => {
            return Err(bad(
                "Invalid code_challenge_method value. This client requires S256.",
            ));
        }
    }
    let offline = match p("access_type").as_deref() {
        None | Some("online") => false,
        Some("offline") => true,
        Some(other) => return Err(bad(&format!("Invalid access_type: {other}"))),
    };
    let prompt = p("prompt").unwrap_or_default();
    let prompts: Vec<&str> = prompt.split(' ').filter(|s| !s.is_empty()).collect();
    if prompts
        .iter()
        .any(|x| !matches!(*x, "none" | "consent" | "select_account"))
        || (prompts.contains(&"none") && prompts.len() > 1)
    {
        return Err(bad(&format!("Invalid prompt: {prompt}")));
    }
    let raw = super::echoed(
        req,
        &[
            "client_id",
            "redirect_uri",
            "response_type",
            "scope",
            "state",
            "code_challenge",
            "code_challenge_method",
            "access_type",
            "prompt",
            "include_granted_scopes",
            "login_hint",
        ],
    );
    Ok(AuthRequest {
        redirect_uri,
        scopes,
        state: p("state"),
        challenge,
        offline,
        force_consent: prompts.contains(&"consent"),
        raw,
    })
}

fn authorize(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    let a = match validate(req) {
        Ok(a) => a,
        Err(r) => return r,
    };
    ctx.client_id = Some(GOOGLE_CLIENT_ID.into());
    ctx.user = Some(GOOGLE_USER_ID.into());
    let granted = match super::granted(sim, req, &a.scopes, |preset| consent_page(&a, preset)) {
        Ok(granted) => granted,
        Err(page) => return page,
    };
    if granted.is_empty() {
        let mut params = vec![("error", "access_denied")];
        if let Some(s) = &a.state {
            params.push(("state", s.as_str()));
        }
        return SimResponse::redirect(&with_query(&a.redirect_uri, &params));
    }
    approve(sim, &a, &granted)
}

fn consent_page(a: &AuthRequest, preset: &[String]) -> SimResponse {
    let hidden: Vec<(&str, &str)> = a.raw.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let scopes: Vec<(String, String, bool)> = a
        .scopes
        .iter()
        .map(|s| {
            let label = s
                .strip_prefix(SCOPE_PREFIX)
                .unwrap_or(s)
                .replace('_', " ")
                .replace('.', " — ");
            (s.clone(), label, preset.contains(s))
        })
        .collect();
    SimResponse::html(
        StatusCode::OK,
        page::consent(
            "Sign in with Google",
            "fittui (simulated app) wants access to your Google Account",
            "/o/oauth2/v2/auth",
            &hidden,
            &scopes,
        ),
    )
}

fn approve(sim: &Sim, a: &AuthRequest, scopes: &[String]) -> SimResponse {
    let now = sim.now();
    let mut st = lock(&sim.oauth);
    let key = (GOOGLE_CLIENT_ID.to_string(), GOOGLE_USER_ID.to_string());
    let first = !st.consented.contains(&key);
    st.consented.insert(key);
    let code = format!("4/0A{}", st.urlsafe(70));
    st.codes.insert(
        code.clone(),
        AuthCode {
            client_id: GOOGLE_CLIENT_ID.into(),
            user: GOOGLE_USER_ID.into(),
            redirect_uri: Some(a.redirect_uri.clone()),
            scopes: scopes.to_vec(),
            challenge: Some((a.challenge.clone(), PkceMethod::S256)),
            expires_at: now
                .saturating_add(SignedDuration::from_secs(CODE_LIFETIME))
                .unwrap_or(now),
            used: false,
            offline: a.offline && (first || a.force_consent),
        },
    );
    let scope = scopes.join(" ");
    let mut params = Vec::new();
    if let Some(s) = &a.state {
        params.push(("state", s.as_str()));
    }
    params.push(("iss", ISSUER));
    params.push(("code", code.as_str()));
    params.push(("scope", scope.as_str()));
    SimResponse::redirect(&with_query(&a.redirect_uri, &params))
}

/// Authenticates the client (form `client_id` + `client_secret`, or HTTP Basic).
fn client(req: &SimRequest) -> Result<(), SimResponse> {
    let (id, secret) = match req.basic() {
        Some(Ok((id, secret))) => (Some(id), Some(secret)),
        Some(Err(())) => {
            return Err(oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "Unauthorized",
            ));
        }
        None => (req.param("client_id"), req.param("client_secret")),
    };
    let Some(id) = id.filter(|i| !i.is_empty()) else {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Could not determine client ID from request.",
        ));
    };
    if id != GOOGLE_CLIENT_ID {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The OAuth client was not found.",
        ));
    }
    match secret.filter(|s| !s.is_empty()) {
        None => Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "client_secret is missing.",
        )),
        Some(s) if s != GOOGLE_CLIENT_SECRET => Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Unauthorized",
        )),
        Some(_) => Ok(()),
    }
}

fn token(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    if let Err(r) = client(req) {
        return r;
    }
    ctx.client_id = Some(GOOGLE_CLIENT_ID.into());
    let grant_type = req.param("grant_type").unwrap_or_default();
    ctx.grant_type = Some(grant_type.clone()).filter(|g| !g.is_empty());
    match grant_type.as_str() {
        "authorization_code" => exchange(sim, req, ctx),
        "refresh_token" => refresh(sim, req, ctx),
        other => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            &format!("Invalid grant_type: {other}"),
        ),
    }
}

fn exchange(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    let bad = |e: &str, d: &str| oauth_error(StatusCode::BAD_REQUEST, e, d);
    let Some(code) = req.param("code").filter(|c| !c.is_empty()) else {
        return bad("invalid_request", "Missing required parameter: code");
    };
    let Some(redirect_uri) = req.param("redirect_uri").filter(|r| !r.is_empty()) else {
        return bad(
            "invalid_request",
            "Missing required parameter: redirect_uri",
        );
    };
    let now = sim.now();
    let mut st = lock(&sim.oauth);
    let Some(entry) = st.codes.get(&code).cloned() else {
        return bad("invalid_grant", "Malformed auth code.");
    };
    if entry.used || entry.expires_at <= now {
        return bad("invalid_grant", "Bad Request");
    }
    ctx.user = Some(entry.user.clone());
    if entry.redirect_uri.as_deref() != Some(redirect_uri.as_str()) {
        return bad("redirect_uri_mismatch", "Bad Request");
    }
    if let Some((challenge, method)) = &entry.challenge {
        let Some(verifier) = req.param("code_verifier").filter(|v| !v.is_empty()) else {
            return bad("invalid_grant", "Missing code verifier.");
        };
        if !pkce_verify(challenge, *method, &verifier) {
            return bad("invalid_grant", "Invalid code verifier.");
        }
    }
    if let Some(c) = st.codes.get_mut(&code) {
        c.used = true;
    }
    let lifetime = sim.config.effective_token_lifetime();
    let testing = sim.config.testing_mode;
    let grant = st.add_grant(Grant {
        client_id: GOOGLE_CLIENT_ID.into(),
        user: entry.user.clone(),
        scopes: entry.scopes.clone(),
        consented_at: now,
        refresh_expires_at: testing.then(|| {
            now.saturating_add(SignedDuration::from_secs(TESTING_REFRESH_SECS))
                .unwrap_or(now)
        }),
    });
    let access = new_access(&mut st, grant, now, lifetime);
    let mut body = Json::obj()
        .field("access_token", access)
        .field("expires_in", lifetime);
    if entry.offline {
        let refresh = new_refresh(&mut st, grant);
        body.push("refresh_token", refresh);
        if testing {
            body.push("refresh_token_expires_in", TESTING_REFRESH_SECS);
        }
    }
    body.push("scope", entry.scopes.join(" "));
    body.push("token_type", "Bearer");
    st.sweep(now);
    SimResponse::json_as(StatusCode::OK, &body, JSON)
}

fn new_access(st: &mut OAuthState, grant: u64, now: Timestamp, lifetime: u32) -> String {
    let token = format!("ya29.a0{}", st.urlsafe(150));
    st.add_access(&token, grant, now, lifetime);
    token
}

fn new_refresh(st: &mut OAuthState, grant: u64) -> String {
    let token = format!("1//0{}", st.urlsafe(99));
    st.add_refresh(&token, grant);
    token
}

fn refresh(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    let bad = |e: &str, d: &str| oauth_error(StatusCode::BAD_REQUEST, e, d);
    let Some(rt) = req.param("refresh_token").filter(|t| !t.is_empty()) else {
        return bad(
            "invalid_request",
            "Missing required parameter: refresh_token",
        );
    };
    let now = sim.now();
    let mut st = lock(&sim.oauth);
    let grant = st
        .refresh
        .get(&rt)
        .map(|t| t.grant)
        .and_then(|g| st.grants.get(&g).cloned().map(|gr| (g, gr)));
    let Some((grant_id, grant)) = grant else {
        // Our refresh tokens start with `1//`; a revoked one gets Google's revoked message.
        return if rt.starts_with("1//") {
            bad("invalid_grant", "Token has been expired or revoked.")
        } else {
            bad("invalid_grant", "Bad Request")
        };
    };
    ctx.user = Some(grant.user.clone());
    let remaining = grant
        .refresh_expires_at
        .map(|t| t.duration_since(now).as_secs());
    if remaining.is_some_and(|r| r <= 0) {
        return bad("invalid_grant", "Token has been expired or revoked.");
    }
    let lifetime = sim.config.effective_token_lifetime();
    let access = new_access(&mut st, grant_id, now, lifetime);
    let body = Json::obj()
        .field("access_token", access)
        .field("expires_in", lifetime)
        .field_opt("refresh_token_expires_in", remaining)
        .field("scope", grant.scopes.join(" "))
        .field("token_type", "Bearer");
    SimResponse::json_as(StatusCode::OK, &body, JSON)
}

fn revoke(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    let Some(token) = req.param("token").filter(|t| !t.is_empty()) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: token",
        );
    };
    let mut st = lock(&sim.oauth);
    let grant = st.grant_of(&token);
    match grant {
        Some(g) => {
            ctx.user = st.grants.get(&g).map(|gr| gr.user.clone());
            st.revoke_grant(g);
            SimResponse::text_as(StatusCode::OK, "{}".into(), JSON)
                .with_header(header::CACHE_CONTROL, "no-store")
        }
        None => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_token",
            "Token expired or revoked",
        ),
    }
}

/// Mints a consent and tokens directly (see `SimHandle::grant_tokens`). Scopes may be bundle
/// names (`sleep` → `…sleep.readonly`) or full URLs.
pub fn mint(sim: &Sim, scopes: &[String], now: Timestamp) -> TokenGrant {
    let scopes: Vec<String> = scopes.iter().map(|s| expand_scope(s)).collect();
    let mut st = lock(&sim.oauth);
    let testing = sim.config.testing_mode;
    let grant = st.add_grant(Grant {
        client_id: GOOGLE_CLIENT_ID.into(),
        user: GOOGLE_USER_ID.into(),
        scopes: scopes.clone(),
        consented_at: now,
        refresh_expires_at: testing.then(|| {
            now.saturating_add(SignedDuration::from_secs(TESTING_REFRESH_SECS))
                .unwrap_or(now)
        }),
    });
    let lifetime = sim.config.effective_token_lifetime();
    let access = new_access(&mut st, grant, now, lifetime);
    let refresh = new_refresh(&mut st, grant);
    TokenGrant {
        access_token: access,
        refresh_token: Some(refresh),
        expires_in: lifetime,
        scope: scopes.join(" "),
        user_id: GOOGLE_USER_ID.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        assert!(valid_scope(
            "https://www.googleapis.com/auth/googlehealth.sleep.readonly"
        ));
        assert!(valid_scope("openid"));
        assert!(!valid_scope(
            "https://www.googleapis.com/auth/googlehealth.alarms.readonly"
        ));
        assert!(!valid_scope(
            "https://www.googleapis.com/auth/googlehealth.sleep"
        ));
        assert!(!valid_scope(
            "https://www.googleapis.com/auth/googlehealth.nutrition.readonly"
        ));
        assert!(!valid_scope(
            "https://www.googleapis.com/auth/googlehealth.ecg.writeonly"
        ));
        assert!(valid_scope(
            "https://www.googleapis.com/auth/googlehealth.nutrition.writeonly"
        ));
        assert_eq!(
            expand_scope("sleep"),
            "https://www.googleapis.com/auth/googlehealth.sleep.readonly"
        );
        assert_eq!(
            expand_scope("ecg.writeonly"),
            "https://www.googleapis.com/auth/googlehealth.ecg.writeonly"
        );
    }
}
