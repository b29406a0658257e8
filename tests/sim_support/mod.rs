//! Shared helpers for the simulator integration tests.
#![allow(
    dead_code,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::missing_panics_doc
)] // test helpers

pub mod discovery;

use std::sync::Arc;

use fittui::api::ProviderKind;
use fittui::clock::FixedClock;
use fittui::sim::{SimConfig, SimHandle, start};
use jiff::Timestamp;

/// The default "now" of the tests: a Saturday afternoon in Los Angeles, after the fall-back.
pub const NOW: &str = "2026-11-21T15:00:00-08:00";

/// A reqwest client that does not follow redirects (rustls provider installed first).
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A clock the test moves by hand.
pub fn clock(now: &str) -> Arc<FixedClock> {
    Arc::new(FixedClock::new(now.parse::<Timestamp>().expect("instant")))
}

/// A simulator for `provider` with a fixed clock at `now`.
pub async fn sim_at(provider: ProviderKind, now: &str) -> (SimHandle, Arc<FixedClock>) {
    sim_with(SimConfig::new(provider), now).await
}

/// A simulator from `config` with a fixed clock at `now`.
pub async fn sim_with(config: SimConfig, now: &str) -> (SimHandle, Arc<FixedClock>) {
    let c = clock(now);
    let handle = start(config.clock(c.clone())).await.expect("start");
    (handle, c)
}

/// GET with a bearer token; returns status and body text.
pub async fn get(http: &reqwest::Client, url: &str, token: &str) -> (u16, String) {
    let r = http.get(url).bearer_auth(token).send().await.expect("send");
    let status = r.status().as_u16();
    (status, r.text().await.expect("body"))
}

/// GET and parse JSON, asserting 200.
pub async fn get_json(http: &reqwest::Client, url: &str, token: &str) -> serde_json::Value {
    let (status, body) = get(http, url, token).await;
    assert_eq!(status, 200, "{url}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{url}: {e}: {body}"))
}

/// Every Fitbit scope fittui uses.
pub use fittui::provider::fitbit::SCOPES as FITBIT_SCOPES;

/// A Fitbit simulator at `now` with a token for every scope.
pub async fn fitbit_at(now: &str) -> (fittui::sim::SimHandle, String, reqwest::Client) {
    let (sim, _clock) = sim_with(SimConfig::new(ProviderKind::Fitbit), now).await;
    let token = sim.grant_tokens(FITBIT_SCOPES).access_token;
    (sim, token, client())
}

/// `api_base_url` + `path`.
pub fn url(sim: &fittui::sim::SimHandle, path: &str) -> String {
    format!("{}{path}", sim.api_base_url())
}

/// The `{key}-intraday.dataset` rows.
pub fn dataset(v: &serde_json::Value, key: &str) -> Vec<serde_json::Value> {
    v[format!("{key}-intraday")]["dataset"]
        .as_array()
        .expect("dataset")
        .clone()
}
