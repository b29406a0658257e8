//! Helpers for tests and benchmarks that drive a simulator over HTTP, shared by this crate's
//! tests and the app's: a fixed clock, starting a simulator on it, a client that does not
//! follow redirects, `GET` helpers and the scopes to grant. A failure here is a test failure,
//! so these helpers panic with the reason instead of returning errors.
#![allow(clippy::expect_used, clippy::missing_panics_doc)] // panics are the test's report

use std::sync::Arc;

use jiff::Timestamp;

use crate::scopes::FITBIT_DATA_SCOPES;
use crate::{Api, FixedClock, SimConfig, SimHandle, start};

/// The default "now" of the simulator tests: a Saturday afternoon in Los Angeles, three weeks
/// after the fall-back.
pub const NOW: &str = "2026-11-21T15:00:00-08:00";

/// A reqwest client that does not follow redirects (rustls provider installed first).
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A clock the test moves by hand, at `now` (RFC 3339).
pub fn clock(now: &str) -> Arc<FixedClock> {
    Arc::new(FixedClock::new(now.parse::<Timestamp>().expect("instant")))
}

/// A simulator for `api` with a fixed clock at `now`.
pub async fn sim_at(api: Api, now: &str) -> (SimHandle, Arc<FixedClock>) {
    sim_with(SimConfig::new(api), now).await
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

/// A Fitbit simulator at `now` with a token for every data scope.
pub async fn fitbit_at(now: &str) -> (SimHandle, String, reqwest::Client) {
    let (sim, _clock) = sim_with(SimConfig::new(Api::Fitbit), now).await;
    let token = sim.grant_tokens(FITBIT_DATA_SCOPES).access_token;
    (sim, token, client())
}

/// Sends `request`; the status and the JSON body (`null` when the body is not JSON).
pub async fn status_json(request: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
    let r = request.send().await.expect("send");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// Sends `request` and parses its JSON body as `T` (whatever the status).
pub async fn send_json<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder) -> T {
    request
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("a JSON body")
}

/// A Fitbit simulator with a token for every data scope and a client: the shortest way for a
/// test to call the API.
pub struct Session {
    pub sim: SimHandle,
    pub token: String,
    pub http: reqwest::Client,
}

impl Session {
    /// See [`fitbit_at`].
    pub async fn fitbit_at(now: &str) -> Self {
        let (sim, token, http) = fitbit_at(now).await;
        Session { sim, token, http }
    }

    /// `api_base_url` + `path`.
    pub fn url(&self, path: &str) -> String {
        url(&self.sim, path)
    }

    /// [`get`] of an API path with the session's token.
    pub async fn get(&self, path: &str) -> (u16, String) {
        get(&self.http, &self.url(path), &self.token).await
    }

    /// `POST url` with the session's token and a form body.
    pub async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(url)
            .bearer_auth(&self.token)
            .form(form)
            .send()
            .await
            .expect("send")
    }

    /// [`get_json`] of an API path with the session's token (asserting 200).
    pub async fn json(&self, path: &str) -> serde_json::Value {
        get_json(&self.http, &self.url(path), &self.token).await
    }
}

/// `api_base_url` + `path`.
pub fn url(sim: &SimHandle, path: &str) -> String {
    format!("{}{path}", sim.api_base_url())
}

/// The `{key}-intraday.dataset` rows.
pub fn dataset(v: &serde_json::Value, key: &str) -> Vec<serde_json::Value> {
    v[format!("{key}-intraday")]["dataset"]
        .as_array()
        .expect("dataset")
        .clone()
}
