//! Fitbit OAuth end to end: consent page, code + PKCE (S256 and plain), server and client app
//! authentication, rotation and the replay window, expiry, revocation, implicit grant,
//! introspection, rate limits and the auth errors of the API.

use std::time::Duration;

use crate::support::{NOW, client, sim_with, status_json};
use fittui_sim::Api;
use fittui_sim::oauth::s256;
use fittui_sim::{RateLimit, SimConfig};
use jiff::SignedDuration;
use serde_json::Value;

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-extra-chars";
const REDIRECT: &str = "http://127.0.0.1:8765/callback";

fn auto(config: SimConfig) -> SimConfig {
    config.auto_approve(true)
}

fn fitbit() -> SimConfig {
    SimConfig::new(Api::Fitbit)
}

/// Follows the auto-approved authorize URL and returns the redirect Location.
async fn authorize(http: &reqwest::Client, url: &str, extra: &[(&str, &str)]) -> (u16, String) {
    let mut params = vec![
        ("client_id", "23SIMF"),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT),
        ("scope", "activity heartrate sleep settings profile"),
        ("state", "xyz-123"),
    ];
    params.extend_from_slice(extra);
    let r = http.get(url).query(&params).send().await.unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (status, location.unwrap_or_default())
}

fn query_param(location: &str, key: &str) -> Option<String> {
    let url = url::Url::parse(location).unwrap();
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

async fn token(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
    basic: bool,
) -> (u16, Value) {
    let mut rb = http.post(url).form(form);
    if basic {
        rb = rb.basic_auth("23SIMF", Some("5d1f0c8b2a7e4c3f9b6a1d0e8c7f2a4b"));
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let body = r.text().await.unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

async fn code_flow(sim: &fittui_sim::SimHandle, http: &reqwest::Client) -> Value {
    let challenge = s256(VERIFIER);
    let (status, loc) = authorize(
        http,
        &sim.info().authorize_url,
        &[
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ],
    )
    .await;
    assert_eq!(status, 302);
    let code = query_param(&loc, "code").unwrap();
    let (status, body) = token(
        http,
        &sim.info().token_url,
        &[
            ("client_id", "23SIMF"),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
        false,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn introspect(
    sim: &fittui_sim::SimHandle,
    http: &reqwest::Client,
    token: &str,
) -> (u16, Value) {
    status_json(
        http.post(format!("{}/1.1/oauth2/introspect", sim.api_base_url()))
            .bearer_auth(token)
            .form(&[("token", token)]),
    )
    .await
}

#[tokio::test]
async fn code_flow_with_pkce_s256_client_app() {
    let (sim, _clock) = sim_with(auto(fitbit()), NOW).await;
    let http = client();
    let challenge = s256(VERIFIER);
    let (status, loc) = authorize(
        &http,
        &sim.info().authorize_url,
        &[
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ],
    )
    .await;
    assert_eq!(status, 302);
    assert!(loc.starts_with(REDIRECT), "{loc}");
    assert!(loc.ends_with("#_=_"), "{loc}");
    assert_eq!(query_param(&loc, "state").as_deref(), Some("xyz-123"));
    let code = query_param(&loc, "code").unwrap();
    let form = [
        ("client_id", "23SIMF"),
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", VERIFIER),
    ];
    let (status, body) = token(&http, &sim.info().token_url, &form, false).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["user_id"], "GGNJL9");
    assert_eq!(body["expires_in"], 28800);
    assert_eq!(body["refresh_token"].as_str().unwrap().len(), 64);
    assert!(
        body["access_token"]
            .as_str()
            .unwrap()
            .starts_with("eyJhbGciOiJIUzI1NiJ9.")
    );
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "access_token",
            "expires_in",
            "refresh_token",
            "scope",
            "token_type",
            "user_id"
        ]
    );
    // The code is single-use.
    let (status, again) = token(&http, &sim.info().token_url, &form, false).await;
    assert_eq!(status, 400);
    assert_eq!(again["errors"][0]["errorType"], "invalid_grant");
    assert_eq!(again["success"], false);
    // The token works.
    let access = body["access_token"].as_str().unwrap();
    let (status, info) = introspect(&sim, &http, access).await;
    assert_eq!(status, 200);
    assert_eq!(info["active"], true);
    assert_eq!(info["user_id"], "GGNJL9");
    assert!(info["scope"].as_str().unwrap().contains("SLEEP=READ_WRITE"));
    let log = sim.requests();
    assert!(
        log.iter()
            .any(|r| r.grant_type.as_deref() == Some("authorization_code"))
    );
}

#[tokio::test]
async fn pkce_failures_and_plain() {
    let (sim, _clock) = sim_with(auto(fitbit()), NOW).await;
    let http = client();
    let challenge = s256(VERIFIER);
    let get_code = |extra: Vec<(&'static str, String)>| {
        let http = http.clone();
        let url = sim.info().authorize_url.clone();
        async move {
            let extra: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (_, loc) = authorize(&http, &url, &extra).await;
            query_param(&loc, "code").unwrap()
        }
    };
    let code = get_code(vec![
        ("code_challenge", challenge.clone()),
        ("code_challenge_method", "S256".into()),
    ])
    .await;
    let base = |code: &str, verifier: Option<&str>| {
        let mut v = vec![
            ("client_id".to_string(), "23SIMF".to_string()),
            ("grant_type".into(), "authorization_code".into()),
            ("code".into(), code.to_string()),
            ("redirect_uri".into(), REDIRECT.into()),
        ];
        if let Some(ver) = verifier {
            v.push(("code_verifier".into(), ver.to_string()));
        }
        v
    };
    let send = |form: Vec<(String, String)>| {
        let http = http.clone();
        let url = sim.info().token_url.clone();
        async move {
            let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            token(&http, &url, &f, false).await
        }
    };
    let wrong = "x".repeat(50);
    let (status, body) = send(base(&code, Some(&wrong))).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["errorType"], "invalid_grant");
    let (status, body) = send(base(&code, None)).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["errorType"], "invalid_request");
    // plain: the verifier is the challenge.
    let plain = "p".repeat(60);
    let code = get_code(vec![
        ("code_challenge", plain.clone()),
        ("code_challenge_method", "plain".into()),
    ])
    .await;
    let (status, _) = send(base(&code, Some(&plain))).await;
    assert_eq!(status, 200);
    // Without a method, plain is the documented default.
    let code = get_code(vec![("code_challenge", plain.clone())]).await;
    let (status, _) = send(base(&code, Some(&plain))).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn server_app_basic_auth_and_query_params() {
    let (sim, _clock) = sim_with(auto(fitbit()), NOW).await;
    let http = client();
    let (_, loc) = authorize(&http, &sim.info().authorize_url, &[]).await;
    let code = query_param(&loc, "code").unwrap();
    // Wrong secret.
    let r = http
        .post(&sim.info().token_url)
        .basic_auth("23SIMF", Some("nope"))
        .form(&[("grant_type", "authorization_code"), ("code", &code)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["errorType"], "invalid_client");
    // No client at all.
    let (status, body) = token(
        &http,
        &sim.info().token_url,
        &[("grant_type", "authorization_code"), ("code", &code)],
        false,
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(body["errors"][0]["errorType"], "invalid_client");
    // Parameters in the query string (as the Swagger spec lists them), Basic auth.
    let r = http
        .post(&sim.info().token_url)
        .basic_auth("23SIMF", Some("5d1f0c8b2a7e4c3f9b6a1d0e8c7f2a4b"))
        .query(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
        ])
        .header("content-length", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // Redirect mismatch on a new code.
    let (_, loc) = authorize(&http, &sim.info().authorize_url, &[]).await;
    let code = query_param(&loc, "code").unwrap();
    let (status, body) = token(
        &http,
        &sim.info().token_url,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:1/other"),
        ],
        true,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["errorType"], "invalid_grant");
}

#[tokio::test]
async fn codes_expire_after_ten_minutes() {
    let (sim, clock) = sim_with(auto(fitbit()), NOW).await;
    let http = client();
    let (_, loc) = authorize(&http, &sim.info().authorize_url, &[]).await;
    let code = query_param(&loc, "code").unwrap();
    clock.advance(SignedDuration::from_secs(601));
    let (status, body) = token(
        &http,
        &sim.info().token_url,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
        true,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["errorType"], "invalid_grant");
}

#[tokio::test]
async fn refresh_rotates_replays_for_two_minutes_then_fails() {
    let (sim, clock) = sim_with(auto(fitbit()), NOW).await;
    let http = client();
    let first = code_flow(&sim, &http).await;
    let rt = first["refresh_token"].as_str().unwrap().to_string();
    let form = [
        ("client_id", "23SIMF"),
        ("grant_type", "refresh_token"),
        ("refresh_token", rt.as_str()),
    ];
    let (status, second) = token(&http, &sim.info().token_url, &form, false).await;
    assert_eq!(status, 200);
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_ne!(second["access_token"], first["access_token"]);
    clock.advance(SignedDuration::from_secs(90));
    let (status, replay) = token(&http, &sim.info().token_url, &form, false).await;
    assert_eq!(status, 200);
    assert_eq!(
        replay, second,
        "identical refresh within 2 minutes replays the answer"
    );
    clock.advance(SignedDuration::from_secs(60));
    let (status, late) = token(&http, &sim.info().token_url, &form, false).await;
    assert_eq!(status, 400);
    assert_eq!(late["errors"][0]["errorType"], "invalid_grant");
    assert!(
        late["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Refresh token invalid")
    );
    // The rotated token works once.
    let rt2 = second["refresh_token"].as_str().unwrap();
    let (status, _) = token(
        &http,
        &sim.info().token_url,
        &[("grant_type", "refresh_token"), ("refresh_token", rt2)],
        true,
    )
    .await;
    assert_eq!(status, 200);
    let refreshes = sim
        .requests()
        .iter()
        .filter(|r| r.grant_type.as_deref() == Some("refresh_token") && r.status == 200)
        .count();
    assert_eq!(refreshes, 3);
}

#[tokio::test]
async fn access_tokens_expire_after_eight_hours() {
    let (sim, clock) = sim_with(auto(fitbit()), NOW).await;
    let http = client();
    let tokens = code_flow(&sim, &http).await;
    let access = tokens["access_token"].as_str().unwrap();
    clock.advance(SignedDuration::from_hours(8) - SignedDuration::from_secs(1));
    assert_eq!(introspect(&sim, &http, access).await.0, 200);
    clock.advance(SignedDuration::from_secs(1));
    let (status, body) = introspect(&sim, &http, access).await;
    assert_eq!(status, 401);
    assert_eq!(body["errors"][0]["errorType"], "expired_token");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Access token expired:")
    );
}

#[tokio::test]
async fn custom_token_lifetime_and_forced_expiry() {
    let (sim, _clock) = sim_with(auto(fitbit()).token_lifetime(60), NOW).await;
    let http = client();
    let tokens = code_flow(&sim, &http).await;
    assert_eq!(tokens["expires_in"], 60);
    let access = tokens["access_token"].as_str().unwrap();
    sim.expire_access_tokens();
    let (status, body) = introspect(&sim, &http, access).await;
    assert_eq!(status, 401);
    assert_eq!(body["errors"][0]["errorType"], "expired_token");
}

#[tokio::test]
async fn revoke_kills_every_token_of_the_user() {
    let (sim, _clock) = sim_with(auto(fitbit()), NOW).await;
    let http = client();
    let a = code_flow(&sim, &http).await;
    let b = code_flow(&sim, &http).await;
    let r = http
        .post(&sim.info().revoke_url)
        .form(&[
            ("client_id", "23SIMF"),
            ("token", a["refresh_token"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    for tokens in [&a, &b] {
        let (status, body) =
            introspect(&sim, &http, tokens["access_token"].as_str().unwrap()).await;
        assert_eq!(status, 401);
        assert_eq!(body["errors"][0]["errorType"], "invalid_token");
    }
    // Unknown refresh token: 404.
    let r = http
        .post(&sim.info().revoke_url)
        .basic_auth("23SIMF", Some("5d1f0c8b2a7e4c3f9b6a1d0e8c7f2a4b"))
        .form(&[("token", "0".repeat(64))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    // Refreshing with a revoked token fails.
    let (status, body) = token(
        &http,
        &sim.info().token_url,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", b["refresh_token"].as_str().unwrap()),
        ],
        true,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["errorType"], "invalid_grant");
}

#[tokio::test]
async fn consent_page_allow_subset_and_deny() {
    let (sim, _clock) = sim_with(fitbit(), NOW).await;
    let http = client();
    let (status, _) = authorize(&http, &sim.info().authorize_url, &[]).await;
    assert_eq!(status, 200);
    let page = http
        .get(&sim.info().authorize_url)
        .query(&[
            ("client_id", "23SIMF"),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", "activity sleep"),
            ("state", "s1"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<form method=\"post\""));
    assert!(page.contains("value=\"sleep\" checked"));
    // Allow only "sleep".
    let r = http
        .post(&sim.info().authorize_url)
        .form(&[
            ("client_id", "23SIMF"),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", "activity sleep"),
            ("state", "s1"),
            ("granted", "sleep"),
            ("decision", "allow"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 302);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let code = query_param(&loc, "code").unwrap();
    let (_, body) = token(
        &http,
        &sim.info().token_url,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
        true,
    )
    .await;
    assert_eq!(body["scope"], "sleep");
    // Deny.
    let r = http
        .post(&sim.info().authorize_url)
        .form(&[
            ("client_id", "23SIMF"),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", "activity"),
            ("state", "s2"),
            ("decision", "deny"),
        ])
        .send()
        .await
        .unwrap();
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(query_param(&loc, "error").as_deref(), Some("access_denied"));
    assert_eq!(query_param(&loc, "state").as_deref(), Some("s2"));
}

#[tokio::test]
async fn authorize_errors_render_html() {
    let (sim, _clock) = sim_with(auto(fitbit()), NOW).await;
    let http = client();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![("client_id", "NOPE")],
            "unauthorized_client - Invalid client_id",
        ),
        (
            vec![("code_challenge", "short")],
            "invalid_request - The code_challenge parameter length must be between 43 and 128",
        ),
        (
            vec![
                (
                    "code_challenge",
                    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                ),
                ("code_challenge_method", "S512"),
            ],
            "invalid_request - Unsupported code_challenge_method",
        ),
        (
            vec![("redirect_uri", "https://evil.example/cb")],
            "invalid_request - Invalid redirect_uri parameter value",
        ),
        (
            vec![("response_type", "id_token")],
            "unsupported_response_type",
        ),
        (vec![("scope", "activity teleport")], "invalid_scope"),
    ];
    for (overrides, expected) in cases {
        let mut params = vec![
            ("client_id", "23SIMF"),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", "activity"),
        ];
        for (k, v) in &overrides {
            params.retain(|(pk, _)| pk != k);
            params.push((k, v));
        }
        let r = http
            .get(&sim.info().authorize_url)
            .query(&params)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let body = r.text().await.unwrap();
        assert!(body.contains(expected), "{expected}: {body}");
    }
}

#[tokio::test]
async fn implicit_grant_returns_a_fragment() {
    let (sim, _clock) = sim_with(auto(fitbit()), NOW).await;
    let http = client();
    let r = http
        .get(&sim.info().authorize_url)
        .query(&[
            ("client_id", "23SIMF"),
            ("response_type", "token"),
            ("redirect_uri", REDIRECT),
            ("scope", "settings sleep"),
            ("expires_in", "604800"),
            ("state", "st"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 302);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let fragment = loc.split_once('#').unwrap().1;
    let params: Vec<(String, String)> = url::form_urlencoded::parse(fragment.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| {
        params
            .iter()
            .find(|(pk, _)| pk == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(get("user_id").as_deref(), Some("GGNJL9"));
    assert_eq!(get("token_type").as_deref(), Some("Bearer"));
    assert_eq!(get("expires_in").as_deref(), Some("604800"));
    assert_eq!(get("scope").as_deref(), Some("settings sleep"));
    assert_eq!(get("state").as_deref(), Some("st"));
    let access = get("access_token").unwrap();
    assert_eq!(introspect(&sim, &http, &access).await.0, 200);
}

#[tokio::test]
async fn api_auth_errors_and_scope() {
    let (sim, _clock) = sim_with(fitbit(), NOW).await;
    let http = client();
    let url = format!("{}/1/user/-/profile.json", sim.api_base_url());
    let r = http.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert!(r.headers().contains_key("fitbit-rate-limit-limit"));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["errorType"], "invalid_request");
    let r = http.get(&url).bearer_auth("garbage").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["errorType"], "invalid_token");
    let token = sim.grant_tokens(&["settings"]).access_token;
    let r = http.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["errorType"], "insufficient_scope");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("This application does not have permission to access profile data.")
    );
    // Another user's data.
    let r = http
        .get(format!("{}/1/user/ZZZZZZ/devices.json", sim.api_base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

#[tokio::test]
async fn rate_limit_per_user_resets_at_the_top_of_the_hour() {
    let config = fitbit().rate_limit(RateLimit::Window {
        limit: 3,
        period_secs: 3600,
    });
    // 14:59:00 local = 22:59Z: 60 seconds to the top of the hour.
    let (sim, clock) = sim_with(config, "2026-11-21T14:59:00-08:00").await;
    let http = client();
    let token = sim.grant_tokens(&["settings"]).access_token;
    let url = format!("{}/1/user/-/devices.json", sim.api_base_url());
    for remaining in [2, 1, 0] {
        let r = http.get(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.headers()["fitbit-rate-limit-limit"], "3");
        assert_eq!(
            r.headers()["fitbit-rate-limit-remaining"],
            remaining.to_string().as_str()
        );
        assert_eq!(r.headers()["fitbit-rate-limit-reset"], "60");
    }
    let r = http.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()["retry-after"], "60");
    assert_eq!(r.headers()["fitbit-rate-limit-reset"], "60");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["errorType"], "system");
    assert_eq!(body["errors"][0]["message"], "Too Many Requests");
    clock.advance(SignedDuration::from_secs(60));
    let r = http.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_ne!(r.status().as_u16(), 429);
    assert_eq!(r.headers()["fitbit-rate-limit-remaining"], "2");
    assert_eq!(r.headers()["fitbit-rate-limit-reset"], "3600");
}

#[tokio::test]
async fn post_without_content_length_is_411() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let (sim, _clock) = sim_with(fitbit(), NOW).await;
    let token = sim.grant_tokens(&["settings"]).access_token;
    let mut stream = tokio::net::TcpStream::connect(sim.addr()).await.unwrap();
    let request = format!(
        "POST /1/user/-/devices/tracker/816713257/alarms.json?time=07:00-08:00 HTTP/1.1\r\n\
         Host: {}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n",
        sim.addr()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut response))
        .await
        .unwrap()
        .unwrap();
    assert!(response.starts_with("HTTP/1.1 411"), "{response}");
}

#[tokio::test]
async fn grant_with_auto_approve_consents_to_exactly_that_subset() {
    let (sim, _clock) = sim_with(auto(fitbit()).grant(&["sleep", "heartrate"]), NOW).await;
    let http = client();
    let body = code_flow(&sim, &http).await;
    let mut granted: Vec<&str> = body["scope"].as_str().unwrap().split(' ').collect();
    granted.sort_unstable();
    assert_eq!(granted, ["heartrate", "sleep"], "{body}");
    let token = body["access_token"].as_str().unwrap();
    let r = http
        .get(format!(
            "{}/1/user/-/activities/date/2026-11-20.json",
            sim.api_base_url()
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
}
