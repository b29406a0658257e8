//! Google OAuth end to end: PKCE S256, offline access and repeat consent, non-rotating refresh,
//! testing-mode 7-day refresh tokens, revocation, the consent page and the error shapes.

use crate::support::{NOW, client, sim_with, status_json};
use fittui_sim::Api;
use fittui_sim::oauth::s256;
use fittui_sim::{SimConfig, SimHandle};
use jiff::SignedDuration;
use serde_json::{Value, json};

const REDIRECT: &str = "http://127.0.0.1:8123/cb";
const PREFIX: &str = "https://www.googleapis.com/auth/googlehealth.";
const VERIFIER: &str = "Zx9-verifier-with-enough-characters-to-be-valid-0123456789";

fn google() -> SimConfig {
    SimConfig::new(Api::Google)
}

fn scopes(bundles: &[&str]) -> String {
    bundles
        .iter()
        .map(|b| format!("{PREFIX}{b}.readonly"))
        .collect::<Vec<_>>()
        .join(" ")
}

async fn authorize(
    sim: &SimHandle,
    http: &reqwest::Client,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let challenge = s256(VERIFIER);
    let scope = scopes(&["activity_and_fitness", "sleep"]);
    let mut params = vec![
        ("client_id", sim.info().client_id.as_str()),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", scope.as_str()),
        ("state", "st-1"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    for (k, v) in extra {
        params.retain(|(pk, _)| pk != k);
        params.push((k, v));
    }
    http.get(&sim.info().authorize_url)
        .query(&params)
        .send()
        .await
        .unwrap()
}

fn param(location: &str, key: &str) -> Option<String> {
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

async fn code(sim: &SimHandle, http: &reqwest::Client, extra: &[(&str, &str)]) -> String {
    let r = authorize(sim, http, extra).await;
    assert_eq!(r.status().as_u16(), 302);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(param(&loc, "state").as_deref(), Some("st-1"));
    assert!(param(&loc, "scope").unwrap().contains("sleep.readonly"));
    param(&loc, "code").unwrap()
}

async fn token(sim: &SimHandle, http: &reqwest::Client, form: &[(&str, &str)]) -> (u16, Value) {
    let mut f: Vec<(&str, &str)> = vec![
        ("client_id", sim.info().client_id.as_str()),
        ("client_secret", sim.info().client_secret.as_str()),
    ];
    f.extend_from_slice(form);
    status_json(http.post(&sim.info().token_url).form(&f)).await
}

async fn exchange(sim: &SimHandle, http: &reqwest::Client, code: &str) -> (u16, Value) {
    token(
        sim,
        http,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await
}

#[tokio::test]
async fn oauth_code_flow_offline_refresh_and_repeat_consent() {
    let (sim, _clock) = sim_with(google().published().auto_approve(true), NOW).await;
    let http = client();
    let c = code(&sim, &http, &[("access_type", "offline")]).await;
    let (status, body) = exchange(&sim, &http, &c).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(body["token_type"], "Bearer");
    assert!(body.get("refresh_token_expires_in").is_none());
    let refresh = body["refresh_token"].as_str().unwrap().to_string();
    // The code is single-use.
    let (status, again) = exchange(&sim, &http, &c).await;
    assert_eq!(status, 400);
    assert_eq!(again["error"], "invalid_grant");
    // Refresh does not rotate.
    for _ in 0..2 {
        let (status, r) = token(
            &sim,
            &http,
            &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
        )
        .await;
        assert_eq!(status, 200, "{r}");
        assert!(r.get("refresh_token").is_none());
        assert_eq!(r["expires_in"], 3599);
    }
    // A repeat consent without prompt=consent: no refresh token.
    let c = code(&sim, &http, &[("access_type", "offline")]).await;
    let (_, body) = exchange(&sim, &http, &c).await;
    assert!(body.get("refresh_token").is_none(), "{body}");
    // With prompt=consent: a new one.
    let c = code(
        &sim,
        &http,
        &[("access_type", "offline"), ("prompt", "consent")],
    )
    .await;
    let (_, body) = exchange(&sim, &http, &c).await;
    assert!(body["refresh_token"].is_string());
    // Online access never gets one.
    let c = code(&sim, &http, &[("prompt", "consent")]).await;
    let (_, body) = exchange(&sim, &http, &c).await;
    assert!(body.get("refresh_token").is_none());
    // Revoke: the grant dies.
    let r = http
        .post(&sim.info().revoke_url)
        .form(&[("token", refresh.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let (status, body) = token(
        &sim,
        &http,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
    let r = http
        .post(&sim.info().revoke_url)
        .form(&[("token", "nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
}

#[tokio::test]
async fn oauth_errors() {
    let (sim, _clock) = sim_with(google().auto_approve(true), NOW).await;
    let http = client();
    // PKCE is required and must be S256.
    for extra in [
        vec![("code_challenge", "")],
        vec![("code_challenge_method", "plain")],
        vec![("redirect_uri", "https://example.com/cb")],
        vec![("client_id", "someone-else.apps.googleusercontent.com")],
        vec![(
            "scope",
            "https://www.googleapis.com/auth/googlehealth.alarms.readonly",
        )],
    ] {
        let r = authorize(&sim, &http, &extra).await;
        assert!(r.status().is_client_error(), "{extra:?}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(r.text().await.unwrap().contains("Error 40"));
    }
    let c = code(&sim, &http, &[]).await;
    let (status, body) = token(
        &sim,
        &http,
        &[
            ("grant_type", "authorization_code"),
            ("code", &c),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &"w".repeat(50)),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Invalid code verifier."})
    );
    let (status, body) = token(
        &sim,
        &http,
        &[
            ("grant_type", "authorization_code"),
            ("code", &c),
            ("redirect_uri", "http://127.0.0.1:1/x"),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "redirect_uri_mismatch");
    let r = http
        .post(&sim.info().token_url)
        .form(&[
            ("client_id", sim.info().client_id.as_str()),
            ("client_secret", "bad"),
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_client");
    let (status, body) = token(&sim, &http, &[("grant_type", "password")]).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "unsupported_grant_type");
    let (status, body) = token(
        &sim,
        &http,
        &[("grant_type", "refresh_token"), ("refresh_token", "bogus")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Bad Request"})
    );
}

#[tokio::test]
async fn consent_page_and_denial() {
    let (sim, _clock) = sim_with(google(), NOW).await;
    let http = client();
    let r = authorize(&sim, &http, &[]).await;
    assert_eq!(r.status().as_u16(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("name=\"granted\""));
    let challenge = s256(VERIFIER);
    let r = http
        .post(&sim.info().authorize_url)
        .form(&[
            ("client_id", sim.info().client_id.as_str()),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", &scopes(&["activity_and_fitness", "sleep"])),
            ("state", "st-1"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("granted", &format!("{PREFIX}sleep.readonly")),
            ("decision", "allow"),
        ])
        .send()
        .await
        .unwrap();
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let (_, body) = exchange(&sim, &http, &param(&loc, "code").unwrap()).await;
    assert_eq!(body["scope"], format!("{PREFIX}sleep.readonly"));
    let r = http
        .post(&sim.info().authorize_url)
        .form(&[
            ("client_id", sim.info().client_id.as_str()),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", &scopes(&["sleep"])),
            ("state", "st-2"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("decision", "deny"),
        ])
        .send()
        .await
        .unwrap();
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(param(&loc, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&loc, "state").as_deref(), Some("st-2"));
}

#[tokio::test]
async fn testing_mode_refresh_tokens_die_after_seven_days() {
    let (sim, clock) = sim_with(google().auto_approve(true).testing_mode(true), NOW).await;
    let http = client();
    let c = code(&sim, &http, &[("access_type", "offline")]).await;
    let (_, body) = exchange(&sim, &http, &c).await;
    assert_eq!(body["refresh_token_expires_in"], 604_800);
    let refresh = body["refresh_token"].as_str().unwrap().to_string();
    clock.advance(SignedDuration::from_hours(24));
    let (status, r) = token(
        &sim,
        &http,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(r["refresh_token_expires_in"], 518_400);
    clock.advance(SignedDuration::from_hours(24 * 6));
    let (status, r) = token(
        &sim,
        &http,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        r,
        json!({"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
    );
}

#[tokio::test]
async fn grant_with_auto_approve_consents_to_exactly_that_subset() {
    let (sim, _clock) = sim_with(google().auto_approve(true).grant(&["sleep"]), NOW).await;
    let http = client();
    let c = code(&sim, &http, &[]).await;
    let (status, body) = exchange(&sim, &http, &c).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["scope"], format!("{PREFIX}sleep.readonly"));
    let token = body["access_token"].as_str().unwrap();
    // The API enforces the granted set, not the requested one.
    let get = |path: &str| {
        http.get(format!("{}{path}", sim.api_base_url()))
            .bearer_auth(token)
    };
    let (status, _) = status_json(get("/users/me/dataTypes/sleep/dataPoints")).await;
    assert_eq!(status, 200);
    let (status, err) = status_json(get("/users/me/dataTypes/steps/dataPoints")).await;
    assert_eq!(status, 403, "{err}");
    assert_eq!(err["error"]["status"], "PERMISSION_DENIED");
    // A grant that covers nothing requested is a refusal.
    let (sim, _clock) = sim_with(google().auto_approve(true).grant(&["ecg"]), NOW).await;
    let r = authorize(&sim, &http, &[]).await;
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(param(&loc, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&loc, "code"), None);
}

#[tokio::test]
async fn grant_without_auto_approve_preticks_only_those_scopes() {
    let (sim, _clock) = sim_with(google().grant(&["sleep"]), NOW).await;
    let http = client();
    let page = authorize(&sim, &http, &[]).await.text().await.unwrap();
    assert!(
        page.contains(&format!(
            "name=\"granted\" value=\"{PREFIX}sleep.readonly\" checked"
        )),
        "{page}"
    );
    assert!(page.contains(&format!(
        "name=\"granted\" value=\"{PREFIX}activity_and_fitness.readonly\">"
    )));
    // An unknown scope in the grant stops the simulator from starting.
    let err = fittui_sim::start(google().grant(&["sleeep"]))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("sleeep"), "{err}");
}

#[tokio::test]
async fn only_the_discovery_documents_scopes_are_accepted() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/google-health-v4.discovery.json"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let documented: Vec<String> = doc["auth"]["oauth2"]["scopes"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert!(documented.len() > 10);
    let (sim, _clock) = sim_with(google().auto_approve(true), NOW).await;
    let http = client();
    for scope in &documented {
        let r = authorize(&sim, &http, &[("scope", scope)]).await;
        assert_eq!(r.status().as_u16(), 302, "{scope}");
    }
    for bad in [
        format!("{PREFIX}sleep.read"),
        format!("{PREFIX}slep.readonly"),
        format!("{PREFIX}nutrition.readonly"),
        format!("{PREFIX}ecg.writeonly"),
        format!("{PREFIX}activity_and_fitness"),
        "sleep".to_string(),
    ] {
        let scope = format!("{PREFIX}sleep.readonly {bad}");
        let r = authorize(&sim, &http, &[("scope", &scope)]).await;
        // Google answers an unknown scope with its error page, not a redirect.
        assert_eq!(r.status().as_u16(), 400, "{bad}");
        assert!(r.headers().get("location").is_none());
        let page = r.text().await.unwrap();
        assert!(page.contains("Error 400: invalid_scope"), "{page}");
        assert!(page.contains(&format!("invalid=[{bad}]")), "{page}");
    }
}

#[tokio::test]
async fn google_defaults_to_an_unverified_app_in_testing_mode() {
    // Nothing switched on: a personal set-up, as `fittui sim --provider google` serves it.
    let (sim, _clock) = sim_with(google().auto_approve(true), NOW).await;
    let http = client();
    let c = code(&sim, &http, &[("access_type", "offline")]).await;
    let (status, body) = exchange(&sim, &http, &c).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["refresh_token_expires_in"], 604_800);
    let token = body["access_token"].as_str().unwrap();
    let url = format!("{}/users/me/identity", sim.api_base_url());
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(status_json(http.get(&url).bearer_auth(token)).await.0);
    }
    assert_eq!(
        statuses,
        [200, 200, 200, 429],
        "burst of 3 at 2.5 requests/s"
    );
    // Published: no expiry, no QPS bucket.
    let (sim, _clock) = sim_with(google().auto_approve(true).published(), NOW).await;
    let c = code(&sim, &http, &[("access_type", "offline")]).await;
    let (_, body) = exchange(&sim, &http, &c).await;
    assert!(body.get("refresh_token_expires_in").is_none(), "{body}");
    let token = body["access_token"].as_str().unwrap();
    let url = format!("{}/users/me/identity", sim.api_base_url());
    for _ in 0..6 {
        assert_eq!(status_json(http.get(&url).bearer_auth(token)).await.0, 200);
    }
}
