//! Simulator speed: serving a full day of 1-second heart rate (~86,000 rows), generating a day
//! from scratch, a 10,000-point Google heart-rate page, and start-up.
//!
//! Run with `cargo bench --bench sim`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark setup: a panic is the report

use std::sync::Arc;

use divan::Bencher;
use fittui_sim::Api;
use fittui_sim::FixedClock;
use fittui_sim::person::Person;
use fittui_sim::{SimConfig, SimHandle, start};
use jiff::Timestamp;

const NOW: &str = "2026-11-21T15:00:00-08:00";

fn main() {
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A published app: on a fixed clock an unverified Google app's 2.5 requests/s would answer
/// every sample after the third with a 429.
async fn sim(provider: Api) -> SimHandle {
    let clock = Arc::new(FixedClock::new(NOW.parse::<Timestamp>().unwrap()));
    start(SimConfig::new(provider).published().clock(clock))
        .await
        .unwrap()
}

/// `GET /1/user/-/activities/heart/date/2026-11-18/1d/1sec.json` over HTTP, day cached.
#[divan::bench(sample_count = 50)]
fn fitbit_heart_1sec_day(bencher: Bencher) {
    let rt = runtime();
    let http = client();
    let (sim, token) = rt.block_on(async {
        let sim = sim(Api::Fitbit).await;
        let token = sim.grant_tokens(&["heartrate"]).access_token;
        (sim, token)
    });
    let url = format!(
        "{}/1/user/-/activities/heart/date/2026-11-18/1d/1sec.json",
        sim.api_base_url()
    );
    let fetch = || {
        rt.block_on(async {
            let body = http
                .get(&url)
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            assert!(body.len() > 2_000_000);
            body.len()
        })
    };
    fetch();
    bencher.bench_local(fetch);
}

/// The same request on a fresh simulator each time: generation included (cold cache).
#[divan::bench(sample_count = 20)]
fn fitbit_heart_1sec_day_cold(bencher: Bencher) {
    let rt = runtime();
    let http = client();
    bencher
        .with_inputs(|| {
            rt.block_on(async {
                let sim = sim(Api::Fitbit).await;
                let token = sim.grant_tokens(&["heartrate"]).access_token;
                (sim, token)
            })
        })
        .bench_local_values(|(sim, token)| {
            rt.block_on(async {
                let url = format!(
                    "{}/1/user/-/activities/heart/date/2026-11-18/1d/1sec.json",
                    sim.api_base_url()
                );
                body_len(&http, &url, &token).await
            })
        });
}

/// Generating one full day (86,400 heart-rate seconds, 1,440 minutes) from scratch.
#[divan::bench(sample_count = 50)]
fn generate_day(bencher: Bencher) {
    let now: Timestamp = NOW.parse().unwrap();
    bencher
        .with_inputs(|| Person::new(42, "America/Los_Angeles", 90, now).unwrap())
        .bench_local_values(|p| p.day(jiff::civil::date(2026, 11, 18)).hr.len());
}

/// A 10,000-point Google `heart-rate` list page (day cached).
#[divan::bench(sample_count = 30)]
fn google_heart_rate_page(bencher: Bencher) {
    let rt = runtime();
    let http = client();
    let (sim, token) = rt.block_on(async {
        let sim = sim(Api::Google).await;
        let token = sim
            .grant_tokens(&["health_metrics_and_measurements"])
            .access_token;
        (sim, token)
    });
    let url = format!(
        "{}/users/me/dataTypes/heart-rate/dataPoints?pageSize=10000",
        sim.api_base_url()
    );
    let fetch = || rt.block_on(async { body_len(&http, &url, &token).await });
    fetch();
    bencher.bench_local(fetch);
}

/// Start-up: bind, build the person, serve — then shut down.
#[divan::bench(sample_count = 30)]
fn start_and_stop(bencher: Bencher) {
    let rt = runtime();
    bencher.bench_local(|| {
        rt.block_on(async {
            let sim = sim(Api::Fitbit).await;
            sim.shutdown().await;
        });
    });
}

/// `GET url` with a bearer token; the body's length in bytes.
async fn body_len(http: &reqwest::Client, url: &str, token: &str) -> usize {
    http.get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .len()
}
