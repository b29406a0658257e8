//! Fitbit OAuth 2.0: the consent page (`/oauth2/authorize`, authorization code with PKCE S256
//! or plain, and the implicit grant), the token endpoint (server apps with HTTP Basic, client
//! apps with `client_id` in the body; form body or query parameters), revocation and
//! introspection.
//!
//! Semantics: codes live 10 minutes and are single-use; access tokens live 8 hours (or
//! `--token-lifetime`); refresh tokens never expire but are single-use and rotate; an identical
//! refresh request within two minutes of the first use gets the same answer again; after that
//! the old refresh token is `invalid_grant`. Revoking any token kills all of the user's tokens
//! for the app. Token-endpoint errors use the `errors[]` envelope.
//!
//! This file has the consent page; [`super::fitbit_token`] the token, revoke and introspect
//! endpoints.

use axum::http::{Method, StatusCode};
use jiff::SignedDuration;

pub use super::fitbit_token::{introspect, mint};
use super::{
    AuthCode, FITBIT_CLIENT_ID, FITBIT_USER_ID, Grant, PkceMethod, fitbit_token,
    is_loopback_redirect, page, pkce_shape_ok, with_query,
};
use crate::fitbit::errors;
use crate::http::{SimRequest, SimResponse};
use crate::log::RequestContext;
use crate::shared::{Sim, lock};

/// Every scope the legacy API knows.
pub const SCOPES: [&str; 16] = [
    "activity",
    "blood_glucose",
    "cardio_fitness",
    "electrocardiogram",
    "heartrate",
    "irregular_rhythm_notifications",
    "location",
    "nutrition",
    "oxygen_saturation",
    "profile",
    "respiratory_rate",
    "settings",
    "sleep",
    "social",
    "temperature",
    "weight",
];

/// The default registered redirect URI (any loopback URI is also accepted).
pub const REGISTERED_REDIRECT: &str = "http://127.0.0.1:8080/";

/// Implicit-grant lifetimes the consent page accepts.
const IMPLICIT_LIFETIMES: [u32; 4] = [86_400, 604_800, 2_592_000, 31_536_000];
/// Authorization codes live 10 minutes.
const CODE_LIFETIME: i64 = 600;

pub fn handle(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    match (req.method.clone(), req.path.as_str()) {
        (Method::GET | Method::POST, "/oauth2/authorize") => authorize(sim, req, ctx),
        (Method::POST, "/oauth2/token") => with_rate(sim, fitbit_token::token(sim, req, ctx), ctx),
        (Method::POST, "/oauth2/revoke") => {
            with_rate(sim, fitbit_token::revoke(sim, req, ctx), ctx)
        }
        (_, "/oauth2/authorize" | "/oauth2/token" | "/oauth2/revoke") => {
            errors::method_not_allowed()
        }
        _ => errors::unknown_path(),
    }
}

fn with_rate(sim: &Sim, mut r: SimResponse, ctx: &RequestContext) -> SimResponse {
    let key = ctx.user.as_ref().map(|u| {
        format!(
            "{}:{u}",
            ctx.client_id.as_deref().unwrap_or(FITBIT_CLIENT_ID)
        )
    });
    let info = lock(&sim.rate).peek(key.as_deref(), sim.now());
    errors::set_rate_headers(&mut r, info);
    r
}

fn page_error(code: &str, message: &str) -> SimResponse {
    SimResponse::html(
        StatusCode::BAD_REQUEST,
        page::error("Fitbit", code, message),
    )
}

/// A checked authorization request.
struct AuthRequest {
    client_id: String,
    implicit: bool,
    redirect_uri: String,
    scopes: Vec<String>,
    state: Option<String>,
    challenge: Option<(String, PkceMethod)>,
    expires_in: u32,
    raw: Vec<(&'static str, String)>,
}

#[allow(clippy::too_many_lines)] // one check per documented consent-page error
fn validate(req: &SimRequest) -> Result<AuthRequest, SimResponse> {
    let p = |k: &str| req.param(k).filter(|v| !v.is_empty());
    let client_id = p("client_id")
        .ok_or_else(|| page_error("invalid_request", "Missing client_id parameter value"))?;
    if client_id != FITBIT_CLIENT_ID {
        return Err(page_error("unauthorized_client", "Invalid client_id"));
    }
    let response_type = p("response_type")
        .ok_or_else(|| page_error("invalid_request", "Missing response_type parameter value"))?;
    let implicit = match response_type.as_str() {
        "code" => false,
        "token" => true,
        _ => {
            return Err(page_error(
                "unsupported_response_type",
                "Invalid response_type parameter value",
            ));
        }
    };
    let redirect_uri = p("redirect_uri")
        .ok_or_else(|| page_error("invalid_request", "Missing redirect_uri parameter value"))?;
    if redirect_uri != REGISTERED_REDIRECT && !is_loopback_redirect(&redirect_uri) {
        return Err(page_error(
            "invalid_request",
            "Invalid redirect_uri parameter value",
        ));
    }
    let scope =
        p("scope").ok_or_else(|| page_error("invalid_request", "Missing scope parameter value"))?;
    let mut scopes: Vec<String> = Vec::new();
    for s in scope.split([' ', '+']).filter(|s| !s.is_empty()) {
        if !SCOPES.contains(&s) {
            return Err(page_error("invalid_scope", &format!("Invalid scope: {s}")));
        }
        if !scopes.iter().any(|x| x == s) {
            scopes.push(s.to_string());
        }
    }
    if scopes.is_empty() {
        return Err(page_error(
            "invalid_request",
            "Missing scope parameter value",
        ));
    }
    let method = match p("code_challenge_method").as_deref() {
        None => None,
        Some("S256") => Some(PkceMethod::S256),
        Some("plain") => Some(PkceMethod::Plain),
        Some(_) => {
            return Err(page_error(
                "invalid_request",
                "Unsupported code_challenge_method",
            ));
        }
    };
    let challenge = match p("code_challenge") {
        Some(c) => {
            if !(43..=128).contains(&c.len()) {
                return Err(page_error(
                    "invalid_request",
                    "The code_challenge parameter length must be between 43 and 128",
                ));
            }
            if !pkce_shape_ok(&c) {
                return Err(page_error(
                    "invalid_request",
                    "The code_challenge parameter is invalid",
                ));
            }
            // The documented default transformation is plain.
            Some((c, method.unwrap_or(PkceMethod::Plain)))
        }
        None if method.is_some() => {
            return Err(page_error(
                "invalid_request",
                "The code_challenge parameter is invalid",
            ));
        }
        None => None,
    };
    if let Some(prompt) = p("prompt")
        && !matches!(
            prompt.as_str(),
            "none" | "consent" | "login" | "login consent" | "consent login"
        )
    {
        return Err(page_error(
            "invalid_request",
            "Invalid prompt parameter value",
        ));
    }
    let expires_in = match p("expires_in") {
        None => 86_400,
        Some(e) => match e.parse::<u32>() {
            Ok(v) if !implicit || IMPLICIT_LIFETIMES.contains(&v) => v,
            _ => {
                return Err(page_error(
                    "invalid_request",
                    "Invalid expires_in parameter value",
                ));
            }
        },
    };
    let raw = super::echoed(
        req,
        &[
            "client_id",
            "response_type",
            "redirect_uri",
            "scope",
            "state",
            "code_challenge",
            "code_challenge_method",
            "prompt",
            "expires_in",
        ],
    );
    Ok(AuthRequest {
        client_id,
        implicit,
        redirect_uri,
        scopes,
        state: p("state"),
        challenge,
        expires_in,
        raw,
    })
}

fn authorize(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    let a = match validate(req) {
        Ok(a) => a,
        Err(r) => return r,
    };
    ctx.client_id = Some(a.client_id.clone());
    ctx.user = Some(FITBIT_USER_ID.to_string());
    let granted = match super::granted(sim, req, &a.scopes, |preset| consent_page(&a, preset)) {
        Ok(granted) => granted,
        Err(page) => return page,
    };
    if granted.is_empty() {
        let mut params = vec![
            ("error", "access_denied"),
            ("error_description", "The user denied the request."),
        ];
        if let Some(s) = &a.state {
            params.push(("state", s.as_str()));
        }
        return SimResponse::redirect(&(with_query(&a.redirect_uri, &params) + "#_=_"));
    }
    approve(sim, &a, &granted)
}

fn consent_page(a: &AuthRequest, preset: &[String]) -> SimResponse {
    let hidden: Vec<(&str, &str)> = a.raw.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let scopes: Vec<(String, String, bool)> = a
        .scopes
        .iter()
        .map(|s| (s.clone(), label(s), preset.contains(s)))
        .collect();
    SimResponse::html(
        StatusCode::OK,
        page::consent(
            "Fitbit",
            "fittui (simulated app)",
            "/oauth2/authorize",
            &hidden,
            &scopes,
        ),
    )
}

fn label(scope: &str) -> String {
    match scope {
        "activity" => "activity and exercise".into(),
        "heartrate" => "heart rate".into(),
        "settings" => "devices and settings".into(),
        "oxygen_saturation" => "oxygen saturation (SpO2)".into(),
        "respiratory_rate" => "breathing rate".into(),
        "temperature" => "skin temperature".into(),
        "cardio_fitness" => "cardio fitness score".into(),
        "electrocardiogram" => "ECG readings".into(),
        other => other.replace('_', " "),
    }
}

fn approve(sim: &Sim, a: &AuthRequest, scopes: &[String]) -> SimResponse {
    let now = sim.now();
    let mut st = lock(&sim.oauth);
    if a.implicit {
        let grant = st.add_grant(Grant {
            client_id: a.client_id.clone(),
            user: FITBIT_USER_ID.into(),
            scopes: scopes.to_vec(),
            consented_at: now,
            refresh_expires_at: None,
        });
        let token = fitbit_token::access_token(&mut st, &a.client_id, scopes, now, a.expires_in);
        st.add_access(&token, grant, now, a.expires_in);
        let mut frag = format!(
            "access_token={token}&user_id={FITBIT_USER_ID}&scope={}&token_type=Bearer&expires_in={}",
            scopes.join("+"),
            a.expires_in
        );
        if let Some(s) = &a.state {
            frag.push_str("&state=");
            frag.push_str(&crate::http::encode(s));
        }
        return SimResponse::redirect(&format!("{}#{frag}", a.redirect_uri));
    }
    let code = st.hex(40);
    st.codes.insert(
        code.clone(),
        AuthCode {
            client_id: a.client_id.clone(),
            user: FITBIT_USER_ID.into(),
            redirect_uri: Some(a.redirect_uri.clone()),
            scopes: scopes.to_vec(),
            challenge: a.challenge.clone(),
            expires_at: now
                .saturating_add(SignedDuration::from_secs(CODE_LIFETIME))
                .unwrap_or(now),
            used: false,
            offline: true,
        },
    );
    let mut params = vec![("code", code.as_str())];
    if let Some(s) = &a.state {
        params.push(("state", s.as_str()));
    }
    SimResponse::redirect(&(with_query(&a.redirect_uri, &params) + "#_=_"))
}
