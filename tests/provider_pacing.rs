//! Pacing and retries against the simulator and a tiny scripted server: a whole tab's requests
//! go through the provider's pacer (its virtual time is exactly what the bucket demands),
//! transient failures are retried until the data comes back (the extra attempts visible in
//! the simulator's request log), an alarm create is never repeated on a 5xx while updates and
//! deletes are, `Retry-After` is honoured and a wait beyond the cap ends as `RateLimited`.
//!
//! No test waits in real time: every clock here is a `FixedClock`, whose timer is virtual
//! (sleeps complete at once and add up), so the waits are asserted as numbers. One test lets
//! the virtual timer move the clock the simulator shares, so the server sees the pace.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, Method, StatusCode};
use fittui::api::{ApiError, ProviderKind};
use fittui::clock::{Clock, FixedClock, SharedClock, SharedTimer, Timer, VirtualTimer};
use fittui::config::RequestRate;
use fittui::domain::alarm::AlarmDraft;
use fittui::provider::Provider;
use fittui::provider::http::{ApiClient, Body};
use fittui::provider::retry::{Idempotency, Jitter, MAX_ATTEMPTS};
use fittui_sim::{RateLimit, RequestRecord, SimConfig, SimHandle};
use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use support::{Profile, api_requests, clock_at, sign_in_fitbit, sign_in_google, summary};

const GOOGLE: ProviderKind = ProviderKind::Google;
const FITBIT: ProviderKind = ProviderKind::Fitbit;
const CHARGE_2: &str = "816713257";

/// A fixed clock with a virtual timer the test can read (sleeps asked for, in order).
#[derive(Debug)]
struct TestClock {
    fixed: Arc<FixedClock>,
    timer: Arc<VirtualTimer>,
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        self.fixed.now()
    }
    fn timer(&self) -> SharedTimer {
        self.timer.clone()
    }
}

fn test_clock(fixed: &Arc<FixedClock>) -> Arc<TestClock> {
    Arc::new(TestClock {
        fixed: fixed.clone(),
        timer: Arc::new(VirtualTimer::new()),
    })
}

/// A simulator for `kind` at the provider tests' instant without a server-side limit, and a
/// signed-in profile with the provider on `clock`.
async fn signed_in(
    kind: ProviderKind,
    clock: &Arc<FixedClock>,
    app_clock: SharedClock,
) -> (SimHandle, Profile, Arc<dyn Provider>) {
    let sim = support::sim(
        SimConfig::new(kind.into()).rate_limit(RateLimit::Unlimited),
        clock,
    )
    .await;
    let profile = Profile::new(&sim, kind);
    match kind {
        GOOGLE => sign_in_google(&sim, &profile, SignedDuration::from_mins(50)),
        FITBIT => sign_in_fitbit(&sim, &profile, SignedDuration::from_hours(8)),
    };
    let provider = profile.open(kind, app_clock).provider;
    (sim, profile, provider)
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

// ------------------------------------------------------------------------------------------
// Pacing

/// The Today tab and the account through one Google provider: the bucket lets two go at once
/// and then one every 400 ms, so the virtual time spent is exactly (requests − 2) × 400 ms —
/// one request past the pacer would make it shorter, any needless wait longer.
#[tokio::test]
async fn every_request_of_a_google_tab_is_paced_at_two_and_a_half_a_second() {
    let fixed = clock_at(support::AFTERNOON);
    let clock = test_clock(&fixed);
    let (sim, _profile, p) = signed_in(GOOGLE, &fixed, clock.clone()).await;
    p.account().await.unwrap();
    p.activity(date(2026, 11, 21)).await.unwrap();
    p.heart(date(2026, 11, 21)).await.unwrap();
    let n = api_requests(&sim).len() as u64;
    assert!(n > 10, "a tab's worth: {n}");
    assert_eq!(clock.timer.elapsed(), ms((n - 2) * 400), "{n} requests");
    // Each wait is at most one interval (a whole tab queues behind the pacer, in turn).
    assert!(clock.timer.sleeps().iter().all(|s| *s <= ms(400)));
    // And the request counts are those of the unpaced client (no request is added).
    assert!(api_requests(&sim).iter().all(|r| r.status == 200));
}

/// With a timer that moves the clock the simulator shares (`VirtualTimer::moving`), the
/// pacer's waits are seen by the server: the last request of a tab arrives exactly
/// (requests − 2) × 400 ms after the first was sent — the clock moves only by those waits, and
/// the last request cannot go before its token.
#[tokio::test]
async fn the_server_sees_the_pace_when_the_timer_moves_the_shared_clock() {
    let fixed = clock_at(support::AFTERNOON);
    let start = fixed.now();
    let clock = Arc::new(TestClock {
        fixed: fixed.clone(),
        timer: Arc::new(VirtualTimer::moving(fixed.clone())),
    });
    let (sim, _profile, p) = signed_in(GOOGLE, &fixed, clock.clone()).await;
    sim.clear_requests();
    let signed_in_at = fixed.now();
    p.account().await.unwrap();
    p.activity(date(2026, 11, 21)).await.unwrap();
    let log = api_requests(&sim);
    let n = log.len() as u64;
    let paced = SignedDuration::try_from(ms((n - 2) * 400)).unwrap();
    assert_eq!(signed_in_at, start, "nothing waited before");
    assert_eq!(fixed.now(), start + paced);
    let last = log
        .iter()
        .map(|r| r.at.parse::<Timestamp>().unwrap())
        .max()
        .unwrap();
    assert_eq!(last, start + paced, "{:?}", summary(&log));
}

/// `[google] max_requests_per_second` sets the pace; the burst stays 2.
#[tokio::test]
async fn the_configured_pace_is_kept() {
    let fixed = clock_at(support::AFTERNOON);
    let clock = test_clock(&fixed);
    let sim = support::sim(
        SimConfig::new(GOOGLE.into()).rate_limit(RateLimit::Unlimited),
        &fixed,
    )
    .await;
    let mut profile = Profile::new(&sim, GOOGLE);
    profile.config.google.max_requests_per_second = RequestRate::try_from(5.0).unwrap();
    assert_eq!(profile.config.max_requests_per_second(GOOGLE), Some(5.0));
    sign_in_google(&sim, &profile, SignedDuration::from_mins(50));
    let p = profile.open(GOOGLE, clock.clone()).provider;
    p.account().await.unwrap();
    p.sleep(date(2026, 11, 21)).await.unwrap();
    let n = api_requests(&sim).len() as u64;
    assert!(n >= 5, "{n}");
    assert_eq!(clock.timer.elapsed(), ms((n - 2) * 200), "{n} requests");
}

/// The legacy API is not paced: its budget is the hourly one in the headers.
#[tokio::test]
async fn legacy_requests_are_not_paced() {
    let fixed = clock_at(support::AFTERNOON);
    let clock = test_clock(&fixed);
    let (sim, _profile, p) = signed_in(FITBIT, &fixed, clock.clone()).await;
    p.account().await.unwrap();
    p.activity(date(2026, 11, 21)).await.unwrap();
    assert!(api_requests(&sim).len() > 3);
    assert_eq!(clock.timer.elapsed(), Duration::ZERO);
}

// ------------------------------------------------------------------------------------------
// Retries against the simulator's faults

/// Statuses of the log's API requests in order, per path.
fn attempts_at(log: &[RequestRecord], path: &str) -> Vec<u16> {
    log.iter()
        .filter(|r| r.path == path)
        .map(|r| r.status)
        .collect()
}

/// A new sign-in on `sim` (empty caches).
fn provider_on(
    sim: &SimHandle,
    kind: ProviderKind,
    clock: SharedClock,
) -> (Profile, Arc<dyn Provider>) {
    let profile = Profile::new(sim, kind);
    match kind {
        GOOGLE => sign_in_google(sim, &profile, SignedDuration::from_mins(50)),
        FITBIT => sign_in_fitbit(sim, &profile, SignedDuration::from_hours(8)),
    };
    let provider = profile.open(kind, clock).provider;
    (profile, provider)
}

/// 429 storms: every view still comes back, each refused request followed by its retry in the
/// log. Sequential calls under a storm on every other request alternate exactly; a whole view
/// (concurrent requests) under one refusal in eight cannot see any request refused four times
/// (that would take 24 requests between its first and last attempt).
#[tokio::test]
async fn google_views_survive_a_429_storm() {
    let fixed = clock_at(support::AFTERNOON);
    let (sim, _profile, p) = signed_in(GOOGLE, &fixed, fixed.clone()).await;
    sim.set_faults("storm:1/2").unwrap();
    for _ in 0..4 {
        assert_eq!(p.devices().await.unwrap().len(), 3);
    }
    let statuses: Vec<u16> = api_requests(&sim).iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200, 429, 200, 429, 200, 429, 200]);

    sim.set_faults("none").unwrap();
    p.account().await.unwrap();
    sim.clear_requests();
    sim.set_faults("storm:1/8").unwrap();
    let day = date(2026, 11, 20);
    let activity = p.activity(day).await.unwrap();
    let heart = p.heart(day).await.unwrap();
    sim.set_faults("none").unwrap();
    let log = api_requests(&sim);
    let refused = log.iter().filter(|r| r.status == 429).count();
    assert!(refused > 0, "{:?}", summary(&log));
    assert!(
        log.iter().all(|r| matches!(r.status, 200 | 429)),
        "{:?}",
        summary(&log)
    );
    // Every refused request was sent again and answered (429 …, then 200, per request).
    let mut paths: Vec<(&str, &str)> = log
        .iter()
        .map(|r| (r.path.as_str(), r.query.as_str()))
        .collect();
    paths.sort_unstable();
    paths.dedup();
    for (path, query) in paths {
        let last = log
            .iter()
            .rfind(|r| r.path == path && r.query == query)
            .map(|r| r.status);
        assert_eq!(last, Some(200), "{path}?{query}");
    }
    // The same data as without faults.
    let (_profile2, q) = provider_on(&sim, GOOGLE, fixed.clone());
    q.account().await.unwrap();
    assert_eq!(q.activity(day).await.unwrap(), activity);
    assert_eq!(q.heart(day).await.unwrap(), heart);
}

/// 503s on Google's devices list: retried until answered (deterministic faults, sequential
/// calls); a 503 on every attempt ends as the last error after four attempts.
#[tokio::test]
async fn google_503s_are_retried_and_the_last_error_is_returned() {
    let fixed = clock_at(support::AFTERNOON);
    let (sim, _profile, p) = signed_in(GOOGLE, &fixed, fixed.clone()).await;
    sim.set_faults("503:50%").unwrap();
    for _ in 0..8 {
        assert_eq!(p.devices().await.unwrap().len(), 3);
    }
    let log = api_requests(&sim);
    let unavailable = log.iter().filter(|r| r.status == 503).count();
    assert!(unavailable > 0, "{:?}", summary(&log));
    assert_eq!(log.len(), 8 + unavailable, "{:?}", summary(&log));

    sim.clear_requests();
    sim.set_faults("503:100%").unwrap();
    let err = p.devices().await.unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(api_requests(&sim).len(), MAX_ATTEMPTS as usize);
    sim.set_faults("none").unwrap();
}

/// Legacy 500s and 503s (the simulator's 503 asks for 30 s, which is sat out) are retried.
#[tokio::test]
async fn legacy_5xx_on_a_read_is_retried() {
    let fixed = clock_at(support::AFTERNOON);
    let clock = test_clock(&fixed);
    let (sim, _profile, p) = signed_in(FITBIT, &fixed, clock.clone()).await;
    p.account().await.unwrap();
    sim.set_faults("500:50%,only:/1/user/-/devices.json")
        .unwrap();
    sim.clear_requests();
    for _ in 0..6 {
        p.devices().await.unwrap();
    }
    let log = api_requests(&sim);
    let failed = log.iter().filter(|r| r.status == 500).count();
    assert!(failed > 0, "{:?}", summary(&log));
    assert_eq!(
        attempts_at(&log, "/1/user/-/devices.json").len(),
        6 + failed,
        "{:?}",
        summary(&log)
    );

    sim.set_faults("503:100%,only:/1/user/-/devices.json")
        .unwrap();
    sim.clear_requests();
    let before = clock.timer.sleeps().len();
    let err = p.devices().await.unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(api_requests(&sim).len(), 4);
    // Each retry waited the 30 s the simulator's 503 asks for (at least).
    let waits = &clock.timer.sleeps()[before..];
    assert_eq!(waits.len(), 3, "{waits:?}");
    assert!(
        waits.iter().all(|w| *w >= Duration::from_secs(30)),
        "{waits:?}"
    );
    sim.set_faults("none").unwrap();
}

// ------------------------------------------------------------------------------------------
// Alarms: a create is never repeated on a 5xx; updates and deletes are

fn alarm_draft(hour: u8) -> AlarmDraft {
    let mut draft = AlarmDraft::default();
    draft.time.hour = hour;
    draft
}

#[tokio::test]
async fn an_alarm_create_is_not_repeated_on_a_5xx_but_updates_and_deletes_are() {
    let fixed = clock_at(support::AFTERNOON);
    let (sim, _profile, p) = signed_in(FITBIT, &fixed, fixed.clone()).await;
    let before = p.alarms().await.unwrap();
    let count = |trackers: &[fittui::domain::alarm::TrackerAlarms]| {
        trackers
            .iter()
            .find(|t| t.device.id == CHARGE_2)
            .map_or(0, |t| t.alarms.iter().filter(|a| !a.deleted).count())
    };
    let collection = format!("/1/user/-/devices/tracker/{CHARGE_2}/alarms.json");

    for (spec, status) in [("500:100%", 500), ("503:100%", 503)] {
        sim.set_faults(&format!("{spec},only:{collection}"))
            .unwrap();
        sim.clear_requests();
        let err = p
            .save_alarm(CHARGE_2, None, &alarm_draft(6))
            .await
            .unwrap_err();
        assert!(matches!(err, ApiError::Server { .. }), "{spec}: {err:?}");
        let posts: Vec<_> = api_requests(&sim)
            .into_iter()
            .filter(|r| r.method == "POST" && r.path == collection)
            .collect();
        assert_eq!(posts.len(), 1, "{spec}: {:?}", summary(&posts));
        assert_eq!(posts[0].status, status);
    }
    sim.set_faults("none").unwrap();
    assert_eq!(count(&p.alarms().await.unwrap()), count(&before));

    // Create one for real, then fail its update and its delete on every attempt.
    let created = p.save_alarm(CHARGE_2, None, &alarm_draft(6)).await.unwrap();
    let one = format!(
        "/1/user/-/devices/tracker/{CHARGE_2}/alarms/{}.json",
        created.id
    );
    sim.set_faults(&format!("500:100%,only:{one}")).unwrap();
    sim.clear_requests();
    let err = p
        .save_alarm(CHARGE_2, Some(created.id), &alarm_draft(7))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 500, .. }),
        "{err:?}"
    );
    let err = p.delete_alarm(CHARGE_2, created.id).await.unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 500, .. }),
        "{err:?}"
    );
    let log = api_requests(&sim);
    let on = |method: &str| {
        log.iter()
            .filter(|r| r.method == method && r.path == one)
            .count()
    };
    assert_eq!(on("POST"), MAX_ATTEMPTS as usize, "{:?}", summary(&log));
    assert_eq!(on("DELETE"), MAX_ATTEMPTS as usize, "{:?}", summary(&log));

    // Half the attempts failing: the update and the delete go through.
    sim.set_faults(&format!("500:50%,only:{one}")).unwrap();
    let updated = p
        .save_alarm(CHARGE_2, Some(created.id), &alarm_draft(7))
        .await
        .unwrap();
    assert_eq!(updated.time.hour, 7);
    sim.clear_requests();
    p.delete_alarm(CHARGE_2, created.id).await.unwrap();
    sim.set_faults("none").unwrap();
    // A deleted alarm stays listed (`deleted`) until the tracker syncs.
    assert_eq!(count(&p.alarms().await.unwrap()), count(&before));
}

// ------------------------------------------------------------------------------------------
// `Retry-After`, the cap, 504: a scripted local server

/// One scripted answer: status and headers (the body is a small JSON object).
type Answer = (u16, Vec<(&'static str, String)>);

#[derive(Clone, Default)]
struct Script {
    answers: Arc<Mutex<VecDeque<Answer>>>,
    seen: Arc<Mutex<Vec<(Method, String)>>>,
}

impl Script {
    fn push(&self, status: u16, headers: &[(&'static str, String)]) {
        self.answers
            .lock()
            .unwrap()
            .push_back((status, headers.to_vec()));
    }
    fn seen(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
    fn take_seen(&self) -> Vec<(Method, String)> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// Serves the script on a free loopback port: each request takes the next answer (200 `{}`
/// once the script is out).
async fn scripted_server() -> (String, Script) {
    let script = Script::default();
    let s = script.clone();
    let app = Router::new().fallback(move |method: Method, uri: axum::http::Uri| {
        let s = s.clone();
        async move {
            s.seen
                .lock()
                .unwrap()
                .push((method, uri.path().to_string()));
            let (status, headers) = s
                .answers
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or((200, Vec::new()));
            let mut map = HeaderMap::new();
            for (name, value) in headers {
                map.insert(name, value.parse().unwrap());
            }
            map.insert("content-type", "application/json".parse().unwrap());
            (StatusCode::from_u16(status).unwrap(), map, "{}")
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), script)
}

/// An `ApiClient` for `kind` that talks to the scripted server with a signed-in token, on a
/// test clock, with jitter fixed at `jitter`.
async fn scripted_client(kind: ProviderKind, jitter: f64) -> (ApiClient, Script, Arc<TestClock>) {
    let fixed = clock_at(support::AFTERNOON);
    let clock = test_clock(&fixed);
    let (_sim, profile, _) = signed_in(kind, &fixed, clock.clone()).await;
    let tokens = profile.open(kind, clock.clone()).tokens;
    // The token is valid for a while: the simulator is not asked again.
    tokens.access_token().await.unwrap();
    let (base, script) = scripted_server().await;
    let api = ApiClient::new(kind, support::http(), &base, tokens, clock.clone())
        .with_jitter(Jitter::from_fn(move || jitter));
    (api, script, clock)
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

#[tokio::test]
async fn retry_after_in_seconds_or_as_a_date_is_honoured() {
    let (api, script, clock) = scripted_client(GOOGLE, 0.0).await;
    let now = clock.now();
    script.push(429, &[("retry-after", "3".into())]);
    api.get("/a", &[]).await.unwrap();
    assert_eq!(script.take_seen().len(), 2);
    assert_eq!(clock.timer.sleeps(), [secs(3)]);

    // An HTTP date 5 s ahead, on a 503 for a read.
    let date = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&(now + SignedDuration::from_secs(5)))
        .unwrap();
    script.push(503, &[("retry-after", date)]);
    api.get("/b", &[]).await.unwrap();
    assert_eq!(script.take_seen().len(), 2);
    assert_eq!(clock.timer.sleeps()[1..], [secs(5)]);

    // A date already past: no wait beyond the backoff (jitter 0 here)
    let past = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&(now - SignedDuration::from_mins(10)))
        .unwrap();
    script.push(429, &[("retry-after", past)]);
    api.get("/b", &[]).await.unwrap();
    assert_eq!(script.take_seen().len(), 2);
    // (then the retry, the third request within 8 s, waits for a pacing token: retries are
    // paced like any request).
    assert_eq!(clock.timer.sleeps()[2..], [Duration::ZERO, ms(400)]);

    // With jitter the backoff can exceed a short `Retry-After`, never fall below it.
    let (api, script, clock) = scripted_client(GOOGLE, 1.0).await;
    script.push(429, &[("retry-after", "0".into())]);
    api.get("/c", &[]).await.unwrap();
    assert_eq!(clock.timer.sleeps(), [ms(500)]);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_ends_as_rate_limited() {
    let (api, script, clock) = scripted_client(GOOGLE, 0.5).await;
    let now = clock.now();
    script.push(429, &[("retry-after", "120".into())]);
    let err = api.get("/a", &[]).await.unwrap_err();
    assert_eq!(
        err,
        ApiError::RateLimited {
            until: now + SignedDuration::from_secs(120)
        }
    );
    assert_eq!(script.take_seen().len(), 1);
    assert!(clock.timer.sleeps().is_empty());

    // A 503 asking for more than the cap, too (the app says when it asks again).
    let (api, script, clock) = scripted_client(GOOGLE, 0.5).await;
    script.push(503, &[("retry-after", "31".into())]);
    let err = api.get("/a", &[]).await.unwrap_err();
    assert_eq!(
        err,
        ApiError::RateLimited {
            until: clock.now() + SignedDuration::from_secs(31)
        }
    );
    assert_eq!(script.seen(), 1);
}

#[tokio::test]
async fn google_429s_without_retry_after_back_off_exponentially() {
    let (api, script, clock) = scripted_client(GOOGLE, 1.0).await;
    for _ in 0..MAX_ATTEMPTS {
        script.push(429, &[]);
    }
    let err = api.get("/a", &[]).await.unwrap_err();
    // The last answer, as before: Google says nothing about when, so a minute.
    assert_eq!(
        err,
        ApiError::RateLimited {
            until: clock.now() + SignedDuration::from_secs(60)
        }
    );
    assert_eq!(script.seen(), 4);
    assert_eq!(clock.timer.sleeps(), [ms(500), ms(1000), ms(2000)]);
}

#[tokio::test]
async fn google_504_is_retried_for_reads_only_and_429_for_anything() {
    let (api, script, _clock) = scripted_client(GOOGLE, 0.25).await;
    script.push(504, &[]);
    script.push(504, &[]);
    api.get("/read", &[]).await.unwrap();
    assert_eq!(script.take_seen().len(), 3);

    let body = serde_json::json!({});
    script.push(504, &[]);
    let err = api
        .send(
            reqwest::Method::POST,
            "/create",
            &[],
            Body::Json(&body),
            Idempotency::NotIdempotent,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 504, .. }),
        "{err:?}"
    );
    assert_eq!(script.take_seen().len(), 1);

    script.push(429, &[("retry-after", "1".into())]);
    api.send(
        reqwest::Method::POST,
        "/create",
        &[],
        Body::Json(&body),
        Idempotency::NotIdempotent,
    )
    .await
    .unwrap();
    assert_eq!(script.take_seen().len(), 2);

    // Google does not retry a 500 or a 502 (not transient by its documentation).
    script.push(502, &[]);
    let err = api.get("/read", &[]).await.unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 502, .. }),
        "{err:?}"
    );
    assert_eq!(script.take_seen().len(), 1);
}

#[tokio::test]
async fn a_spent_legacy_budget_is_not_waited_out_inside_a_request() {
    let (api, script, clock) = scripted_client(FITBIT, 0.5).await;
    let now = clock.now();
    script.push(
        429,
        &[
            ("retry-after", "1200".into()),
            ("fitbit-rate-limit-limit", "150".into()),
            ("fitbit-rate-limit-remaining", "0".into()),
            ("fitbit-rate-limit-reset", "1200".into()),
        ],
    );
    let err = api.get("/1/user/-/profile.json", &[]).await.unwrap_err();
    assert_eq!(
        err,
        ApiError::RateLimited {
            until: now + SignedDuration::from_secs(1200)
        }
    );
    assert_eq!(script.seen(), 1);
    assert!(clock.timer.sleeps().is_empty());

    // A short legacy 429 (budget left, `Retry-After: 2`) is retried, even for a create.
    let (api, script, clock) = scripted_client(FITBIT, 0.0).await;
    script.push(429, &[("retry-after", "2".into())]);
    api.send(
        reqwest::Method::POST,
        "/1/user/-/devices/tracker/1/alarms.json",
        &[],
        Body::Empty,
        Idempotency::NotIdempotent,
    )
    .await
    .unwrap();
    assert_eq!(script.seen(), 2);
    assert_eq!(clock.timer.sleeps(), [secs(2)]);
}

/// Issue 10's promise, in real time: `fittui --demo --provider google` runs against a
/// simulator in testing mode that enforces the unverified-app cap (2.5 requests/s per user,
/// burst 3, and 300/min), and browsing 30 days back on every data tab — three views at a time,
/// as a tab and its prefetched neighbours run — never gets a 429. Real time on both sides (an
/// offset clock and tokio's timer), because only then does the server see the pace the client
/// keeps; the month takes about as many seconds as requests ÷ 2.5.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browsing_thirty_days_back_never_trips_the_unverified_cap() {
    let start: Timestamp = "2026-11-21T15:00:00-08:00".parse().unwrap();
    let clock: SharedClock = Arc::new(fittui::clock::OffsetClock::starting_at(start));
    let demo = fittui::commands::demo::start_with_sim(
        SimConfig::new(GOOGLE.into())
            .seed(42)
            .testing_mode(true)
            .unverified(true),
        clock,
    )
    .await
    .unwrap();
    let p = demo.source.provider.clone();
    p.account().await.unwrap();
    let today = date(2026, 11, 21);
    for back in 0..=30 {
        let day = today.checked_sub(jiff::Span::new().days(back)).unwrap();
        let (a, h, s) = tokio::join!(p.activity(day), p.heart(day), p.sleep(day));
        for (view, result) in [
            ("activity", a.map(|v| v.gaps)),
            ("heart", h.map(|v| v.gaps)),
            ("sleep", s.map(|v| v.gaps)),
        ] {
            let gaps = result.unwrap_or_else(|e| panic!("{day} {view}: {e}"));
            assert!(gaps.is_empty(), "{day} {view}: {gaps:?}");
        }
    }
    p.devices().await.unwrap();
    let log = api_requests(&demo.sim);
    assert!(log.len() > 200, "a month of browsing: {}", log.len());
    let refused = log.iter().filter(|r| r.status == 429).count();
    assert_eq!(refused, 0, "{:?}", summary(&log));
}
