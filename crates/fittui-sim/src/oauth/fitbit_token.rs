//! Fitbit's token endpoint (`authorization_code` with PKCE, `refresh_token` with rotation and
//! the two-minute replay window), revocation, introspection, and JWT-shaped access tokens.

use axum::http::{StatusCode, header};
use base64::Engine as _;
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

use super::{
    FITBIT_CLIENT_ID, FITBIT_CLIENT_SECRET, FITBIT_USER_ID, Grant, OAuthState, TokenCheck,
    UsedRefresh, pkce_verify,
};
use crate::fitbit::context::Api;
use crate::fitbit::errors::{self, VISIT};
use crate::http::{JSON_FITBIT, SimRequest, SimResponse};
use crate::json::Json;
use crate::log::RequestContext;
use crate::shared::{Sim, TokenGrant, lock};

/// Identical refresh requests within this many seconds get the same answer.
const REPLAY_WINDOW: i64 = 120;

fn token_error(status: StatusCode, kind: &str, message: &str) -> SimResponse {
    errors::error(status, kind, None, message)
}

/// A `400` token-endpoint error.
fn bad_request(kind: &str, message: &str) -> SimResponse {
    token_error(StatusCode::BAD_REQUEST, kind, message)
}

/// The prologue of every token-endpoint call: `411` without `Content-Length`, then the
/// authenticated client, recorded in the request log.
fn calling_client(req: &SimRequest, ctx: &mut RequestContext) -> Result<String, SimResponse> {
    if !req.headers.contains_key(header::CONTENT_LENGTH) {
        return Err(errors::length_required());
    }
    let client_id = client(req)?;
    ctx.client_id = Some(client_id.clone());
    Ok(client_id)
}

/// Authenticates the client: HTTP Basic (server app) or `client_id` (client app).
fn client(req: &SimRequest) -> Result<String, SimResponse> {
    match req.basic() {
        Some(Ok((id, secret))) => {
            if id != FITBIT_CLIENT_ID {
                return Err(token_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    &format!("Invalid authorization header. Client id invalid {VISIT}"),
                ));
            }
            if secret != FITBIT_CLIENT_SECRET {
                return Err(token_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    &format!("Invalid authorization header. Client secret invalid {VISIT}"),
                ));
            }
            if let Some(body_id) = req.param("client_id")
                && body_id != id
            {
                return Err(token_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    &format!("The client_id does not match the authorization header. {VISIT}"),
                ));
            }
            Ok(id)
        }
        Some(Err(())) => Err(token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            &format!("Invalid authorization header format. {VISIT}"),
        )),
        None => match req.param("client_id") {
            Some(id) if id == FITBIT_CLIENT_ID => Ok(id),
            Some(_) => Err(token_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                &format!("Invalid client_id {VISIT}"),
            )),
            None => Err(token_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                &format!(
                    "Invalid authorization header format. The header was not recognized to be a valid header for any of known implementations or a client_id was not specified in case of a public client {VISIT}"
                ),
            )),
        },
    }
}

pub fn token(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    let client_id = match calling_client(req, ctx) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Some(e) = req.param("expires_in")
        && e != "28800"
    {
        return bad_request(
            "invalid_request",
            &format!("Invalid expires_in parameter value: {e}. Supported: 28800. {VISIT}"),
        );
    }
    let grant_type = req.param("grant_type");
    ctx.grant_type.clone_from(&grant_type);
    match grant_type.as_deref() {
        None | Some("") => bad_request(
            "invalid_request",
            &format!("Missing 'grant_type' parameter value. {VISIT}"),
        ),
        Some("authorization_code") => exchange(sim, req, &client_id, ctx),
        Some("refresh_token") => refresh(sim, req, &client_id, ctx),
        Some(other) => bad_request(
            "unsupported_grant_type",
            &format!("The grant_type value is not supported: {other}. {VISIT}"),
        ),
    }
}

fn exchange(sim: &Sim, req: &SimRequest, client_id: &str, ctx: &mut RequestContext) -> SimResponse {
    let Some(code) = req.param("code").filter(|c| !c.is_empty()) else {
        return bad_request(
            "invalid_request",
            &format!("Missing 'code' parameter value. {VISIT}"),
        );
    };
    let now = sim.now();
    let mut st = lock(&sim.oauth);
    let invalid = || {
        bad_request(
            "invalid_grant",
            &format!("Authorization code invalid: {code} {VISIT}"),
        )
    };
    let Some(entry) = st.codes.get(&code).cloned() else {
        return invalid();
    };
    if entry.used || entry.expires_at <= now || entry.client_id != client_id {
        return invalid();
    }
    ctx.user = Some(entry.user.clone());
    if let Some(expected) = &entry.redirect_uri
        && req.param("redirect_uri").as_deref() != Some(expected.as_str())
    {
        return bad_request(
            "invalid_grant",
            &format!(
                "Redirect_uri mismatch: {}. {VISIT}",
                req.param("redirect_uri").unwrap_or_default()
            ),
        );
    }
    if let Some((challenge, method)) = &entry.challenge {
        let Some(verifier) = req.param("code_verifier") else {
            return bad_request(
                "invalid_request",
                &format!("Missing 'code_verifier' parameter value. {VISIT}"),
            );
        };
        if !pkce_verify(challenge, *method, &verifier) {
            return bad_request(
                "invalid_grant",
                &format!("Code verifier invalid: {verifier} {VISIT}"),
            );
        }
    }
    if let Some(c) = st.codes.get_mut(&code) {
        c.used = true;
    }
    let grant = st.add_grant(Grant {
        client_id: client_id.to_string(),
        user: entry.user.clone(),
        scopes: entry.scopes.clone(),
        consented_at: now,
        refresh_expires_at: None,
    });
    let body = issue(
        &mut st,
        grant,
        client_id,
        &entry.user,
        &entry.scopes,
        now,
        sim,
    );
    st.sweep(now);
    SimResponse::text_as(StatusCode::OK, body.render(), JSON_FITBIT)
}

/// Issues an access + refresh pair for `grant` and returns the token response.
fn issue(
    st: &mut OAuthState,
    grant: u64,
    client_id: &str,
    user: &str,
    scopes: &[String],
    now: Timestamp,
    sim: &Sim,
) -> Json {
    let lifetime = sim.config.effective_token_lifetime();
    let access = access_token(st, client_id, scopes, now, lifetime);
    let refresh = st.hex(64);
    st.add_access(&access, grant, now, lifetime);
    st.add_refresh(&refresh, grant);
    Json::obj()
        .field("access_token", access)
        .field("expires_in", lifetime)
        .field("refresh_token", refresh)
        .field("scope", scopes.join(" "))
        .field("token_type", "Bearer")
        .field("user_id", user)
}

fn refresh(sim: &Sim, req: &SimRequest, client_id: &str, ctx: &mut RequestContext) -> SimResponse {
    let Some(rt) = req.param("refresh_token").filter(|t| !t.is_empty()) else {
        return bad_request(
            "invalid_request",
            &format!("Missing 'refresh_token' parameter value. {VISIT}"),
        );
    };
    let now = sim.now();
    let key = format!(
        "{client_id}|{rt}|{}",
        req.param("expires_in").unwrap_or_default()
    );
    let mut st = lock(&sim.oauth);
    let invalid = || {
        bad_request(
            "invalid_grant",
            &format!("Refresh token invalid: {rt}. {VISIT}"),
        )
    };
    let Some(entry) = st.refresh.get(&rt).cloned() else {
        return invalid();
    };
    let Some(grant) = st.grants.get(&entry.grant).cloned() else {
        return invalid();
    };
    if grant.client_id != client_id {
        return invalid();
    }
    ctx.user = Some(grant.user.clone());
    if let Some(used) = entry.used {
        let replay = now.duration_since(used.at) <= SignedDuration::from_secs(REPLAY_WINDOW);
        return if replay && used.request_key == key {
            SimResponse::text_as(StatusCode::OK, used.response, JSON_FITBIT)
        } else {
            invalid()
        };
    }
    let body = issue(
        &mut st,
        entry.grant,
        client_id,
        &grant.user,
        &grant.scopes,
        now,
        sim,
    )
    .render();
    if let Some(r) = st.refresh.get_mut(&rt) {
        r.used = Some(UsedRefresh {
            at: now,
            request_key: key,
            response: body.clone(),
        });
    }
    st.sweep(now);
    SimResponse::text_as(StatusCode::OK, body, JSON_FITBIT)
}

pub fn revoke(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    if let Err(r) = calling_client(req, ctx) {
        return r;
    }
    let Some(token) = req.param("token").filter(|t| !t.is_empty()) else {
        return bad_request(
            "invalid_request",
            &format!("Missing 'token' parameter value. {VISIT}"),
        );
    };
    let mut st = lock(&sim.oauth);
    let grant = st.grant_of(&token);
    match grant.and_then(|g| st.grants.get(&g).cloned()) {
        Some(g) => {
            ctx.user = Some(g.user.clone());
            st.revoke_user(&g.user, Some(&g.client_id));
            SimResponse::empty(StatusCode::OK)
        }
        // Access tokens are JWTs; an unknown one is simply "already revoked" (RFC 7009). An
        // unknown refresh token is documented to give 404.
        None if token.contains('.') => SimResponse::empty(StatusCode::OK),
        None => errors::not_found(
            "token",
            &format!("Refresh token not found: {token}. {VISIT}"),
        ),
    }
}

/// `POST /1.1/oauth2/introspect` (bearer already checked).
pub fn introspect(api: &Api) -> Result<SimResponse, SimResponse> {
    let Some(token) = api.req.param("token").filter(|t| !t.is_empty()) else {
        return Err(errors::validation(
            "token",
            "Missing 'token' parameter value.",
        ));
    };
    let st = lock(&api.sim.oauth);
    let body = match st.check(&token, api.now) {
        TokenCheck::Valid {
            user,
            client_id,
            scopes,
            issued_at,
            expires_at,
        } => {
            let mut names: Vec<String> = scopes
                .iter()
                .map(|s| format!("{}=READ_WRITE", s.to_uppercase()))
                .collect();
            names.sort();
            Json::obj()
                .field("active", true)
                .field("scope", format!("{{{}}}", names.join(", ")))
                .field("client_id", client_id)
                .field("user_id", user)
                .field("token_type", "access_token")
                .field("exp", expires_at.as_millisecond())
                .field("iat", issued_at.as_millisecond())
        }
        _ => Json::obj().field("active", false),
    };
    Ok(SimResponse::json_as(StatusCode::OK, &body, JSON_FITBIT))
}

/// Abbreviated scope claim (`wact whr …`), as in real tokens.
fn scope_claim(scopes: &[String]) -> String {
    scopes
        .iter()
        .map(|s| match s.as_str() {
            "activity" => "wact",
            "heartrate" => "whr",
            "sleep" => "wsle",
            "settings" => "wset",
            "profile" => "wpro",
            "nutrition" => "wnut",
            "location" => "wloc",
            "weight" => "wwei",
            "social" => "wsoc",
            "oxygen_saturation" => "woxy",
            "respiratory_rate" => "wres",
            "temperature" => "wtem",
            "cardio_fitness" => "wcf",
            "electrocardiogram" => "wecg",
            "irregular_rhythm_notifications" => "wirn",
            _ => "wbg",
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A JWT-shaped access token (HS256 header, Fitbit-like claims, random `jti`).
pub fn access_token(
    st: &mut OAuthState,
    client_id: &str,
    scopes: &[String],
    now: Timestamp,
    lifetime: u32,
) -> String {
    let b64 = |s: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let iat = now.as_second();
    let jti = st.hex(16);
    let claims = Json::obj()
        .field("aud", client_id)
        .field("sub", FITBIT_USER_ID)
        .field("iss", "Fitbit")
        .field("typ", "access_token")
        .field("scopes", scope_claim(scopes))
        .field("exp", iat + i64::from(lifetime))
        .field("iat", iat)
        .field("jti", jti)
        .render();
    let head = format!("{}.{}", b64(br#"{"alg":"HS256"}"#), b64(claims.as_bytes()));
    let mut h = Sha256::new();
    h.update(FITBIT_CLIENT_SECRET.as_bytes());
    h.update(head.as_bytes());
    format!("{head}.{}", b64(&h.finalize()))
}

/// Mints a grant and tokens directly (see `SimHandle::grant_tokens`).
pub fn mint(sim: &Sim, scopes: &[String], now: Timestamp) -> TokenGrant {
    let mut st = lock(&sim.oauth);
    let grant = st.add_grant(Grant {
        client_id: FITBIT_CLIENT_ID.into(),
        user: FITBIT_USER_ID.into(),
        scopes: scopes.to_vec(),
        consented_at: now,
        refresh_expires_at: None,
    });
    let lifetime = sim.config.effective_token_lifetime();
    let access = access_token(&mut st, FITBIT_CLIENT_ID, scopes, now, lifetime);
    let refresh = st.hex(64);
    st.add_access(&access, grant, now, lifetime);
    st.add_refresh(&refresh, grant);
    TokenGrant {
        access_token: access,
        refresh_token: Some(refresh),
        expires_in: lifetime,
        scope: scopes.join(" "),
        user_id: FITBIT_USER_ID.into(),
    }
}
