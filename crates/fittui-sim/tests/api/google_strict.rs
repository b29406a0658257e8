//! The stricter Google contract: the unverified app's 2.5 requests/s per user, injected
//! 503/504 and `ACCOUNT_NOT_LINKED` faults, unknown query parameters.

use crate::support::{NOW, client, sim_with, status_json};
use fittui_sim::scopes::GOOGLE_DATA_SCOPES;
use fittui_sim::{Api, SimConfig, SimHandle};
use jiff::SignedDuration;
use serde_json::Value;

/// A published app: each test switches on what it is about (`unverified(true)` for the QPS
/// bucket); the defaults are tested in `google_oauth.rs`.
fn google() -> SimConfig {
    SimConfig::new(Api::Google).published()
}

async fn get(sim: &SimHandle, http: &reqwest::Client, path: &str, token: &str) -> (u16, Value) {
    status_json(
        http.get(format!("{}{path}", sim.api_base_url()))
            .bearer_auth(token),
    )
    .await
}

fn statuses(sim: &SimHandle) -> Vec<u16> {
    sim.requests().iter().map(|r| r.status).collect()
}

#[tokio::test]
async fn unverified_app_gets_two_and_a_half_requests_per_second_with_a_burst_of_three() {
    let (sim, clock) = sim_with(google().unverified(true), NOW).await;
    let token = sim.grant_tokens(GOOGLE_DATA_SCOPES).access_token;
    let http = client();
    let path = "/users/me/dataTypes/steps/dataPoints";
    for _ in 0..3 {
        assert_eq!(get(&sim, &http, path, &token).await.0, 200);
    }
    let r = http
        .get(format!("{}{path}", sim.api_base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert!(
        r.headers().get("retry-after").is_none(),
        "Google documents no Retry-After"
    );
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], 429);
    assert_eq!(body["error"]["status"], "RESOURCE_EXHAUSTED");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("per second")
    );
    // 399 ms later the bucket is still empty; at 400 ms it holds one request.
    clock.advance(SignedDuration::from_millis(399));
    assert_eq!(get(&sim, &http, path, &token).await.0, 429);
    clock.advance(SignedDuration::from_millis(1));
    assert_eq!(get(&sim, &http, path, &token).await.0, 200);
    assert_eq!(get(&sim, &http, path, &token).await.0, 429);
    assert_eq!(statuses(&sim), [200, 200, 200, 429, 429, 200, 429]);
    // Paced at one request per 400 ms, a session meets no 429 at all.
    clock.advance(SignedDuration::from_secs(10));
    sim.clear_requests();
    for _ in 0..20 {
        assert_eq!(get(&sim, &http, path, &token).await.0, 200);
        clock.advance(SignedDuration::from_millis(400));
    }
    assert!(statuses(&sim).iter().all(|s| *s == 200));
}

#[tokio::test]
async fn a_verified_app_has_only_the_per_minute_limit() {
    let (sim, _clock) = sim_with(google().published(), NOW).await;
    let token = sim.grant_tokens(GOOGLE_DATA_SCOPES).access_token;
    let http = client();
    for _ in 0..10 {
        assert_eq!(get(&sim, &http, "/users/me/identity", &token).await.0, 200);
    }
}

#[tokio::test]
async fn injected_503_and_504_have_googles_status_bodies() {
    let discovery = crate::support::discovery::Discovery::load();
    let (sim, _clock) = sim_with(google(), NOW).await;
    let token = sim.grant_tokens(GOOGLE_DATA_SCOPES).access_token;
    let http = client();
    for (spec, code, status) in [
        ("503:100%", 503, "UNAVAILABLE"),
        ("504:100%", 504, "DEADLINE_EXCEEDED"),
    ] {
        sim.set_faults(spec).unwrap();
        let (got, body) = get(&sim, &http, "/users/me/identity", &token).await;
        assert_eq!(got, code, "{body}");
        assert_eq!(body["error"]["code"], code);
        assert_eq!(body["error"]["status"], status);
        discovery.check_error(&body);
    }
    let faults: Vec<_> = sim.requests().iter().map(|r| r.fault).collect();
    assert_eq!(faults, [Some("503"), Some("504")]);
}

#[tokio::test]
async fn not_linked_account_fails_every_data_call_but_not_oauth() {
    let discovery = crate::support::discovery::Discovery::load();
    let (sim, _clock) = sim_with(google(), NOW).await;
    let grant = sim.grant_tokens(GOOGLE_DATA_SCOPES);
    let http = client();
    assert_eq!(
        get(&sim, &http, "/users/me/identity", &grant.access_token)
            .await
            .0,
        200
    );
    // Switched on at runtime through the control endpoint.
    let r = http
        .post(format!("{}/faults", sim.info().control_url))
        .body("not-linked")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    for path in [
        "/users/me/identity",
        "/users/me/profile",
        "/users/me/dataTypes/steps/dataPoints",
    ] {
        let (status, body) = get(&sim, &http, path, &grant.access_token).await;
        assert_eq!(status, 400, "{path}: {body}");
        let e = &body["error"];
        assert_eq!(e["status"], "FAILED_PRECONDITION");
        let info = &e["details"][0];
        assert_eq!(info["@type"], "type.googleapis.com/google.rpc.ErrorInfo");
        assert_eq!(info["reason"], "ACCOUNT_NOT_LINKED");
        assert_eq!(info["domain"], "health.googleapis.com");
        assert_eq!(
            info["metadata"]["signupUrl"],
            "https://fitbit.google.com/auth/signup"
        );
        discovery.check_error(&body);
    }
    // The token endpoint still answers.
    let (status, body) = status_json(http.post(&sim.info().token_url).form(&[
        ("client_id", sim.info().client_id.as_str()),
        ("client_secret", sim.info().client_secret.as_str()),
        ("grant_type", "refresh_token"),
        ("refresh_token", grant.refresh_token.as_deref().unwrap()),
    ]))
    .await;
    assert_eq!(status, 200, "{body}");
    sim.set_faults("none").unwrap();
    assert_eq!(
        get(&sim, &http, "/users/me/identity", &grant.access_token)
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn unknown_query_parameters_are_refused_as_google_refuses_them() {
    let discovery = crate::support::discovery::Discovery::load();
    let (sim, _clock) = sim_with(google(), NOW).await;
    let token = sim.grant_tokens(GOOGLE_DATA_SCOPES).access_token;
    let http = client();
    // Documented parameters (both spellings) and the system parameters bind.
    for ok in [
        "/users/me/dataTypes/steps/dataPoints?pageSize=5&pageToken=&filter=",
        "/users/me/dataTypes/steps/dataPoints?page_size=5&dataSourceFamily=users/me/dataSourceFamilies/all-sources",
        "/users/me/dataTypes/steps/dataPoints:reconcile?pageSize=5",
        "/users/me/pairedDevices?pageSize=100",
        "/users/me/identity?prettyPrint=false&alt=json&fields=healthUserId&quotaUser=x&$.xgafv=2",
    ] {
        let (status, body) = get(&sim, &http, ok, &token).await;
        assert_eq!(status, 200, "{ok}: {body}");
    }
    for (path, name) in [
        (
            "/users/me/dataTypes/steps/dataPoints?pageSize=5&startTime=2026-11-20T00:00:00Z",
            "startTime",
        ),
        (
            "/users/me/dataTypes/steps/dataPoints?page_sise=5",
            "page_sise",
        ),
        ("/users/me/identity?pageSize=5", "pageSize"),
        ("/users/me/profile?foo=bar", "foo"),
    ] {
        let (status, body) = get(&sim, &http, path, &token).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");
        assert_eq!(
            body["error"]["message"],
            format!(
                "Invalid JSON payload received. Unknown name \"{name}\": Cannot bind query parameter. Field '{name}' could not be found in request message."
            )
        );
        discovery.check_error(&body);
    }
    // Query parameters on a POST method with a body.
    let (status, _) = status_json(
        http.post(format!(
            "{}/users/me/dataTypes/steps/dataPoints:dailyRollUp?pageSize=3",
            sim.api_base_url()
        ))
        .bearer_auth(&token)
        .json(&serde_json::json!({})),
    )
    .await;
    assert_eq!(status, 400);
}
