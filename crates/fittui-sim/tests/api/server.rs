//! The simulator as a server: control endpoints, the request log, loopback-only binding, and
//! every fault. (The `fittui sim` binary's own tests are the root package's `tests/sim_cli.rs`.)

use crate::support::{NOW, client, get, sim_at, sim_with};
use fittui_sim::Api;
use fittui_sim::{SimConfig, start};

#[tokio::test]
async fn refuses_non_loopback_addresses() {
    let config = SimConfig::new(Api::Fitbit).addr("0.0.0.0:0".parse().unwrap());
    let err = start(config).await.unwrap_err().to_string();
    assert!(err.contains("not a loopback address"), "{err}");
}

#[tokio::test]
async fn reset_fault_drops_the_connection() {
    let (sim, _clock) = sim_with(
        SimConfig::new(Api::Fitbit).faults("reset:1".parse().unwrap()),
        NOW,
    )
    .await;
    let token = sim.grant_tokens(&["settings"]).access_token;
    let http = client();
    let result = http
        .get(format!("{}/1/user/-/devices.json", sim.api_base_url()))
        .bearer_auth(&token)
        .send()
        .await;
    match result {
        Err(e) => assert!(!e.is_status(), "{e}"),
        Ok(r) => assert!(r.bytes().await.is_err(), "body should fail"),
    }
    let log = sim.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].fault, Some("reset"));
    assert_eq!(log[0].status, 0);
}

fn devices_url(sim: &fittui_sim::SimHandle) -> String {
    format!("{}/1/user/-/devices.json", sim.api_base_url())
}

async fn fitbit_faults(spec: &str) -> (fittui_sim::SimHandle, String) {
    let (sim, _clock) = sim_with(
        SimConfig::new(Api::Fitbit).faults(spec.parse().unwrap()),
        NOW,
    )
    .await;
    let token = sim.grant_tokens(&["settings", "activity"]).access_token;
    (sim, token)
}

#[tokio::test]
async fn server_error_faults() {
    for (spec, status, kind) in [
        ("500:1", 500, "system"),
        ("503:100%", 503, "system"),
        ("504:100%", 504, "system"),
    ] {
        let (sim, token) = fitbit_faults(spec).await;
        let http = client();
        let (s, body) = get(&http, &devices_url(&sim), &token).await;
        assert_eq!(s, status, "{spec}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["errors"][0]["errorType"], kind);
        assert_eq!(sim.requests()[0].fault, spec.split(':').next());
    }
}

#[tokio::test]
async fn an_injected_error_reports_the_callers_own_budget() {
    let (sim, token) = fitbit_faults("none").await;
    let http = client();
    for _ in 0..3 {
        let (s, _) = get(&http, &devices_url(&sim), &token).await;
        assert_eq!(s, 200);
    }
    sim.set_faults("500:1").unwrap();
    let r = http
        .get(devices_url(&sim))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 500);
    // Three requests spent of 150: the error's headers say so, not a fresh window.
    assert_eq!(r.headers()["fitbit-rate-limit-remaining"], "147");
}

#[tokio::test]
async fn rate_limit_faults_and_storms() {
    let (sim, token) = fitbit_faults("429:1").await;
    let http = client();
    let r = http
        .get(devices_url(&sim))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert!(r.headers().contains_key("retry-after"));
    assert!(r.headers().contains_key("fitbit-rate-limit-reset"));
    // storm:2/5 → requests 0,1 of every 5 are 429.
    let (sim, token) = fitbit_faults("storm:2/5").await;
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(get(&http, &devices_url(&sim), &token).await.0);
    }
    assert_eq!(statuses, [429, 429, 200, 200, 200, 429, 429, 200, 200, 200]);
}

#[tokio::test]
async fn latency_truncate_and_malformed_faults() {
    let http = client();
    let (sim, token) = fitbit_faults("latency:150ms").await;
    let started = std::time::Instant::now();
    assert_eq!(get(&http, &devices_url(&sim), &token).await.0, 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));
    assert!(sim.requests()[0].latency_ms >= 150.0);
    let (sim, token) = fitbit_faults("truncate:1").await;
    let (status, body) = get(&http, &devices_url(&sim), &token).await;
    assert_eq!(status, 200);
    assert!(
        serde_json::from_str::<serde_json::Value>(&body).is_err(),
        "{body}"
    );
    let (sim, token) = fitbit_faults("malformed:1").await;
    let (status, body) = get(&http, &devices_url(&sim), &token).await;
    assert_eq!(status, 200);
    assert!(body.starts_with('['));
    assert!(serde_json::from_str::<serde_json::Value>(&body).is_err());
}

#[tokio::test]
async fn revoke_and_expire_mid_session() {
    let http = client();
    let (sim, token) = fitbit_faults("revoke-after:2").await;
    let statuses: Vec<u16> = {
        let mut v = Vec::new();
        for _ in 0..4 {
            v.push(get(&http, &devices_url(&sim), &token).await.0);
        }
        v
    };
    assert_eq!(statuses, [200, 200, 401, 401]);
    let (_, body) = get(&http, &devices_url(&sim), &token).await;
    assert!(body.contains("invalid_token"));
    let (sim, token) = fitbit_faults("expire-after:1").await;
    assert_eq!(get(&http, &devices_url(&sim), &token).await.0, 200);
    let (status, body) = get(&http, &devices_url(&sim), &token).await;
    assert_eq!(status, 401);
    assert!(body.contains("expired_token"), "{body}");
}

#[tokio::test]
async fn gone_answers_everything_with_410() {
    let (sim, token) = fitbit_faults("gone").await;
    let http = client();
    assert_eq!(get(&http, &devices_url(&sim), &token).await.0, 410);
    let r = http
        .post(&sim.info().token_url)
        .form(&[("grant_type", "refresh_token"), ("refresh_token", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 410);
    let r = http.get(&sim.info().authorize_url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 410);
    // Control endpoints still work, and faults change at runtime.
    let r = http
        .post(format!("{}/faults", sim.info().control_url))
        .body("none")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(get(&http, &devices_url(&sim), &token).await.0, 200);
    let r = http
        .post(format!("{}/faults", sim.info().control_url))
        .body("{\"faults\":\"nonsense:1\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    sim.set_faults("503:1,only:/1/user/-/activities").unwrap();
    assert_eq!(get(&http, &devices_url(&sim), &token).await.0, 200);
    let (status, _) = get(
        &http,
        &format!(
            "{}/1/user/-/activities/steps/date/today/1d.json",
            sim.api_base_url()
        ),
        &token,
    )
    .await;
    assert_eq!(status, 503);
    let faults: serde_json::Value = http
        .get(format!("{}/faults", sim.info().control_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(faults["faults"], "503:1,only:/1/user/-/activities");
}

#[tokio::test]
async fn faults_are_deterministic_under_the_seed() {
    let http = client();
    let run = || async {
        let (sim, token) = fitbit_faults("500:0.3,503:0.2").await;
        let mut statuses = Vec::new();
        for _ in 0..30 {
            statuses.push(get(&http, &devices_url(&sim), &token).await.0);
        }
        statuses
    };
    let a = run().await;
    let b = run().await;
    assert_eq!(a, b);
    assert!(
        a.contains(&500) && a.contains(&503) && a.contains(&200),
        "{a:?}"
    );
}

#[tokio::test]
async fn request_log_and_control_endpoints() {
    let (sim, _clock) = sim_at(Api::Fitbit, NOW).await;
    let token = sim.grant_tokens(&["settings"]).access_token;
    let http = client();
    let calls = (0..20).map(|_| {
        let http = http.clone();
        let url = devices_url(&sim);
        let token = token.clone();
        async move {
            http.get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    let statuses = futures_util::future::join_all(calls).await;
    assert!(statuses.iter().all(|s| s.as_u16() == 200));
    let log: serde_json::Value = http
        .get(format!("{}/requests", sim.info().control_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let records = log["requests"].as_array().unwrap();
    assert_eq!(records.len(), 20);
    assert_eq!(records[0]["user"], "GGNJL9");
    assert_eq!(records[0]["client_id"], "23SIMF");
    assert_eq!(records[0]["path"], "/1/user/-/devices.json");
    assert_eq!(records[0]["kind"], "api");
    let since: serde_json::Value = http
        .get(format!("{}/requests?since=15", sim.info().control_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(since["requests"].as_array().unwrap().len(), 5);
    // State, revoke, expire, sync, now.
    let state: fittui_sim::SimState = http
        .get(format!("{}/state", sim.info().control_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state, sim.state());
    assert!(!state.alarms["816713257"].is_empty());
    for action in ["expire", "sync"] {
        let r = http
            .post(format!("{}/{action}", sim.info().control_url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 204);
    }
    assert!(
        get(&http, &devices_url(&sim), &token)
            .await
            .1
            .contains("expired_token")
    );
    let r = http
        .post(format!("{}/revoke", sim.info().control_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert!(
        get(&http, &devices_url(&sim), &token)
            .await
            .1
            .contains("invalid_token")
    );
    let now: serde_json::Value = http
        .get(format!("{}/now", sim.info().control_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now["now"], "2026-11-21T23:00:00Z");
    let r = http
        .delete(format!("{}/requests", sim.info().control_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert!(sim.requests().is_empty());
}

#[tokio::test]
async fn same_seed_same_bytes() {
    let paths = [
        "/1/user/-/activities/date/2026-11-18.json",
        "/1/user/-/activities/heart/date/2026-11-18/1d/1sec.json",
        "/1/user/-/activities/steps/date/2026-11-01/1d/1min.json",
        "/1.2/user/-/sleep/date/2026-11-01/2026-11-21.json",
        "/1/user/-/spo2/date/2026-11-20/all.json",
        "/1/user/-/ecg/list.json?afterDate=2026-01-01&sort=asc&limit=10",
        "/1/user/-/devices.json",
        "/1/user/-/profile.json",
    ];
    let all = [
        "activity",
        "heartrate",
        "sleep",
        "oxygen_saturation",
        "electrocardiogram",
        "settings",
        "profile",
    ];
    let http = client();
    let fetch = |seed: u64| {
        let http = http.clone();
        async move {
            let (sim, _clock) = sim_with(SimConfig::new(Api::Fitbit).seed(seed), NOW).await;
            let token = sim.grant_tokens(&all).access_token;
            let mut bodies = Vec::new();
            for p in paths {
                let (status, body) =
                    get(&http, &format!("{}{p}", sim.api_base_url()), &token).await;
                assert_eq!(status, 200, "{p}");
                bodies.push(body);
            }
            bodies
        }
    };
    let a = fetch(7).await;
    let b = fetch(7).await;
    assert_eq!(a, b);
    let c = fetch(8).await;
    assert_ne!(a[1], c[1]);
}

#[tokio::test]
async fn headless_authorization_for_both_providers() {
    use fittui_sim::client::{ClientError, authorize_headless};
    let (fitbit, _c1) = sim_with(SimConfig::new(Api::Fitbit).auto_approve(true), NOW).await;
    let grant = authorize_headless(fitbit.info(), &["settings", "sleep"])
        .await
        .unwrap();
    assert_eq!(grant.user_id, "GGNJL9");
    assert!(grant.refresh_token.is_some());
    let http = client();
    assert_eq!(
        get(&http, &devices_url(&fitbit), &grant.access_token)
            .await
            .0,
        200
    );
    let log = fitbit.requests();
    assert_eq!(log.iter().filter(|r| r.kind == "oauth").count(), 2);
    let (google, _c2) = sim_with(SimConfig::new(Api::Google).auto_approve(true), NOW).await;
    let scope = "https://www.googleapis.com/auth/googlehealth.settings.readonly";
    let grant = authorize_headless(google.info(), &[scope]).await.unwrap();
    assert_eq!(grant.scope, scope);
    assert!(grant.refresh_token.is_some());
    let (status, _) = get(
        &http,
        &format!("{}/users/me/pairedDevices", google.api_base_url()),
        &grant.access_token,
    )
    .await;
    assert_eq!(status, 200);
    let (manual, _c3) = sim_at(Api::Fitbit, NOW).await;
    assert!(matches!(
        authorize_headless(manual.info(), &["settings"]).await,
        Err(ClientError::NotAutoApproved)
    ));
}
