//! Getting tokens from a running simulator without a browser (demo mode, tests, scripts).
//!
//! With `--auto-approve` the authorize URL answers `302` straight to the redirect URI with a
//! code; [`authorize_headless`] follows that one hop by hand (the redirect URI is never
//! contacted), checks the echoed `state`, and exchanges the code with PKCE S256 exactly as a
//! real client would — so the request log shows a normal sign-in. In-process callers can skip
//! HTTP entirely with [`crate::SimHandle::grant_tokens`].

use base64::Engine as _;
use rand::RngExt as _;
use serde::Deserialize;

use super::oauth::s256;
use crate::shared::{SimInfo, TokenGrant};

/// Where the code is "delivered" (never contacted).
const REDIRECT_URI: &str = "http://127.0.0.1:9/fittui-sim-callback";

/// Why a headless sign-in failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot reach the simulator: {0}")]
    Http(String),
    #[error(
        "the simulator showed its consent page; start it with --auto-approve for headless sign-in"
    )]
    NotAutoApproved,
    #[error("the simulator refused the sign-in ({status}): {body}")]
    Rejected { status: u16, body: String },
    #[error("unexpected answer from the simulator: {0}")]
    Decode(String),
}

#[derive(Debug, Deserialize)]
struct TokenAnswer {
    access_token: String,
    refresh_token: Option<String>,
    expires_in: u32,
    scope: String,
    user_id: Option<String>,
}

/// Signs in to a simulator started with `--auto-approve`, granting `scopes` (provider
/// spelling: `activity sleep …` for Fitbit, full scope URLs for Google).
pub async fn authorize_headless(
    info: &SimInfo,
    scopes: &[&str],
) -> Result<TokenGrant, ClientError> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| ClientError::Http(e.to_string()))?;
    let mut rng = rand::rng();
    let bytes: [u8; 48] = rng.random();
    let verifier = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let state = format!("{:016x}", rng.random::<u64>());
    let challenge = s256(&verifier);
    let google = info.provider == "google";
    let scope = scopes.join(" ");
    let mut query = vec![
        ("client_id", info.client_id.as_str()),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT_URI),
        ("scope", scope.as_str()),
        ("state", state.as_str()),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    if google {
        query.push(("access_type", "offline"));
        query.push(("prompt", "consent"));
    }
    let r = http
        .get(&info.authorize_url)
        .query(&query)
        .send()
        .await
        .map_err(|e| ClientError::Http(e.to_string()))?;
    let status = r.status().as_u16();
    if status == 200 {
        return Err(ClientError::NotAutoApproved);
    }
    let location = r
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let Some(location) = location.filter(|_| status == 302) else {
        let body = r.text().await.unwrap_or_default();
        return Err(ClientError::Rejected { status, body });
    };
    let url = url::Url::parse(&location).map_err(|e| ClientError::Decode(e.to_string()))?;
    let param = |k: &str| {
        url.query_pairs()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.into_owned())
    };
    if let Some(error) = param("error") {
        return Err(ClientError::Rejected {
            status,
            body: error,
        });
    }
    if param("state").as_deref() != Some(state.as_str()) {
        return Err(ClientError::Decode("the state was not echoed".into()));
    }
    let code =
        param("code").ok_or_else(|| ClientError::Decode("no code in the redirect".into()))?;
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT_URI),
        ("code_verifier", verifier.as_str()),
        ("client_id", info.client_id.as_str()),
    ];
    if google {
        form.push(("client_secret", info.client_secret.as_str()));
    }
    let r = http
        .post(&info.token_url)
        .form(&form)
        .send()
        .await
        .map_err(|e| ClientError::Http(e.to_string()))?;
    let status = r.status().as_u16();
    let body = r
        .text()
        .await
        .map_err(|e| ClientError::Http(e.to_string()))?;
    if status != 200 {
        return Err(ClientError::Rejected { status, body });
    }
    let answer: TokenAnswer =
        serde_json::from_str(&body).map_err(|e| ClientError::Decode(e.to_string()))?;
    Ok(TokenGrant {
        access_token: answer.access_token,
        refresh_token: answer.refresh_token,
        expires_in: answer.expires_in,
        scope: answer.scope,
        user_id: answer.user_id.unwrap_or_else(|| info.user_id.clone()),
    })
}
