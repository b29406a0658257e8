//! `TokenManager`, `ApiClient` and the providers against the in-process simulator: refresh
//! ahead of expiry and after a 401, single-flight refresh under concurrency, `invalid_grant`
//! (revoked, or a rotated refresh token reused after the replay window), Fitbit rotation,
//! Google's kept refresh token and Testing-mode warning, rate limits, and every fault of the
//! simulator's `--faults` grammar mapped to a typed `ApiError`.
//!
//! The simulator and fittui share one `FixedClock`, so expiry and rate-limit windows are moved
//! by hand and nothing depends on the wall clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::too_many_lines)] // scenarios read top to bottom

mod support;

use std::sync::Arc;
use std::time::Duration;

use fittui::api::{ApiError, AuthProblem, ProviderKind};
use fittui::auth::TokenSet;
use fittui::auth::manager::REFRESH_AHEAD;
use fittui::clock::{Clock, FixedClock, SharedClock};
use fittui::source::Source;
use fittui_sim::{RateLimit, SimConfig, SimHandle};
use jiff::{SignedDuration, Timestamp};
use support::{
    AFTERNOON, Profile, api_requests, clock_at, refreshes, sign_in_fitbit, sign_in_with_code,
    summary, token_requests,
};

const FITBIT: ProviderKind = ProviderKind::Fitbit;
const GOOGLE: ProviderKind = ProviderKind::Google;
const HOUR: SignedDuration = SignedDuration::from_hours(1);
const PROFILE: &str = "/1/user/-/profile.json";

async fn fitbit_sim(clock: &Arc<FixedClock>) -> SimHandle {
    support::sim(SimConfig::new(FITBIT.into()), clock).await
}

fn shared(clock: &Arc<FixedClock>) -> SharedClock {
    clock.clone()
}

/// A Fitbit profile signed in with a fresh grant, and its source.
fn fitbit_source(
    sim: &SimHandle,
    clock: &Arc<FixedClock>,
    valid_for: SignedDuration,
) -> (Profile, TokenSet, Source) {
    let profile = Profile::new(sim, FITBIT);
    let tokens = sign_in_fitbit(sim, &profile, valid_for);
    let source = profile.open(FITBIT, shared(clock));
    (profile, tokens, source)
}

fn is_revoked(err: &ApiError) -> bool {
    matches!(
        err,
        ApiError::Unauthorized {
            problem: AuthProblem::Revoked,
            ..
        }
    )
}

#[tokio::test]
async fn a_token_inside_the_refresh_window_is_refreshed_once_and_saved_before_use() {
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    let (profile, old, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));

    // Valid for a while yet: no refresh.
    source.provider.account().await.unwrap();
    assert!(refreshes(&sim, FITBIT).is_empty());

    // One minute before expiry is inside the two-minute refresh-ahead window.
    clock.advance(SignedDuration::from_hours(8) - SignedDuration::from_mins(1));
    assert!(old.expires_within(clock.now(), REFRESH_AHEAD));
    sim.clear_requests();
    let account = source.provider.account().await.unwrap();
    assert_eq!(account.user_id, "GGNJL9");
    assert_eq!(
        summary(&sim.requests()),
        [
            "POST /oauth2/token 200".to_string(),
            format!("GET {PROFILE} 200")
        ],
        "one refresh, then the call"
    );

    // The new pair is on disk, and it is the one in use.
    let stored = profile.stored(FITBIT);
    let in_use = source.tokens.tokens().await;
    assert_eq!(stored, in_use);
    assert_ne!(stored.access_token, old.access_token);
    assert_ne!(stored.refresh_token, old.refresh_token);
    assert_eq!(
        stored.expires_at,
        clock.now() + SignedDuration::from_hours(8)
    );
    assert_eq!(stored.user_id.as_deref(), Some("GGNJL9"));

    // And no further refresh while it is fresh.
    source.provider.account().await.unwrap();
    assert_eq!(refreshes(&sim, FITBIT).len(), 1);
}

#[tokio::test]
async fn a_401_expired_token_means_exactly_one_refresh_and_one_retry() {
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    let (profile, old, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));

    // The server expires the token; fittui still believes it is valid for 8 hours.
    sim.expire_access_tokens();
    let account = source.provider.account().await.unwrap();
    assert_eq!(account.user_id, "GGNJL9");
    assert_eq!(
        summary(&sim.requests()),
        [
            format!("GET {PROFILE} 401"),
            "POST /oauth2/token 200".to_string(),
            format!("GET {PROFILE} 200"),
        ]
    );
    let stored = profile.stored(FITBIT);
    assert_ne!(stored.access_token, old.access_token);
    assert_eq!(stored, source.tokens.tokens().await);

    // The same under `expire-after:0` (the server expires every token as the request arrives).
    sim.clear_requests();
    sim.set_faults("expire-after:0").unwrap();
    source.provider.account().await.unwrap();
    assert_eq!(refreshes(&sim, FITBIT).len(), 1);
    assert_eq!(api_requests(&sim).len(), 2);
}

#[tokio::test]
async fn a_retry_that_is_rejected_again_is_not_retried_twice() {
    // Tokens the server issues already expired: the retry after the refresh fails the same
    // way, and the error comes back after one refresh and one retry, not a loop.
    let clock = clock_at(AFTERNOON);
    let sim = support::sim(SimConfig::new(FITBIT.into()).token_lifetime(0), &clock).await;
    let (_profile, _old, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    let err = source.provider.account().await.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Unauthorized {
                problem: AuthProblem::Expired,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        summary(&sim.requests()),
        [
            format!("GET {PROFILE} 401"),
            "POST /oauth2/token 200".to_string(),
            format!("GET {PROFILE} 401"),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_callers_cause_exactly_one_refresh() {
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;

    // 1. Expired in fittui's view: every caller wants a refresh before sending.
    let (profile, old, source) = fitbit_source(&sim, &clock, -SignedDuration::from_mins(5));
    sim.expire_access_tokens();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let tokens = source.tokens.clone();
            tokio::spawn(async move { tokens.access_token().await })
        })
        .collect();
    let mut seen = Vec::new();
    for task in tasks {
        seen.push(task.await.unwrap().unwrap());
    }
    assert!(seen.iter().all(|t| *t == seen[0] && *t != old.access_token));
    assert_eq!(
        refreshes(&sim, FITBIT).len(),
        1,
        "{:?}",
        summary(&sim.requests())
    );
    assert_eq!(profile.stored(FITBIT).access_token, seen[0]);

    // 2. The server expires the token behind fittui's back: twenty `devices()` calls all get
    //    401 `expired_token` for the same token, and still only one refresh is sent.
    sim.clear_requests();
    sim.expire_access_tokens();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let provider = source.provider.clone();
            tokio::spawn(async move { provider.devices().await })
        })
        .collect();
    for task in tasks {
        let devices = task.await.unwrap().unwrap();
        assert!(!devices.is_empty());
    }
    assert_eq!(
        refreshes(&sim, FITBIT).len(),
        1,
        "{:?}",
        summary(&sim.requests())
    );
    let expired = sim.requests().iter().filter(|r| r.status == 401).count();
    assert!(expired >= 1, "at least one call met the expired token");
    assert_eq!(
        profile.stored(FITBIT),
        source.tokens.tokens().await,
        "the file holds the pair in use"
    );
}

#[tokio::test]
async fn a_revoked_grant_signs_out_and_sends_nothing_more() {
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    let (profile, old, source) = fitbit_source(&sim, &clock, -SignedDuration::from_mins(1));
    sim.revoke_all_tokens();

    let err = source.provider.account().await.unwrap_err();
    assert!(is_revoked(&err), "{err:?}");
    assert!(err.needs_sign_in());
    assert!(source.tokens.is_signed_out());
    assert_eq!(summary(&sim.requests()), ["POST /oauth2/token 400"]);

    // Nothing more reaches the server: not the token endpoint, not the API.
    for _ in 0..3 {
        assert!(is_revoked(&source.provider.devices().await.unwrap_err()));
        assert!(is_revoked(&source.tokens.access_token().await.unwrap_err()));
    }
    assert_eq!(sim.requests().len(), 1);
    // The stored sign-in is left alone (the user signs in again; cached data stays viewable).
    assert_eq!(profile.stored(FITBIT), old);
}

#[tokio::test]
async fn a_sign_in_removed_elsewhere_is_not_brought_back_by_a_refresh() {
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    let (profile, _old, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    source.provider.account().await.unwrap();
    // `fittui auth logout` in another terminal deletes the file (say revoking failed, offline).
    profile.store(FITBIT).delete().unwrap();
    clock.advance(SignedDuration::from_hours(8));
    let err = source.provider.account().await.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Unauthorized {
                problem: AuthProblem::SignedOut,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(source.tokens.is_signed_out());
    assert!(!profile.store(FITBIT).path().exists(), "not re-created");
    assert!(
        refreshes(&sim, FITBIT).is_empty(),
        "the refresh token is not spent"
    );
    assert_eq!(source.tokens.access_token().await.unwrap_err(), err);
}

#[tokio::test]
async fn a_rotated_refresh_token_replays_for_two_minutes_then_is_invalid_grant() {
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    // One grant, copied into three profiles: the first refreshes; the other two are stale
    // copies still holding the spent refresh token (another machine, a restored backup).
    let first = Profile::new(&sim, FITBIT);
    let original = sign_in_fitbit(&sim, &first, -SignedDuration::from_mins(1));
    let stale_soon = Profile::new(&sim, FITBIT);
    let stale_late = Profile::new(&sim, FITBIT);
    for p in [&stale_soon, &stale_late] {
        p.store(FITBIT).save(&original).unwrap();
    }

    let a = first.open(FITBIT, shared(&clock));
    let fresh = a.tokens.access_token().await.unwrap();
    assert_ne!(fresh, original.access_token);

    // Within the simulator's two-minute replay window the identical request gets the same
    // answer again.
    clock.advance(SignedDuration::from_secs(90));
    let b = stale_soon.open(FITBIT, shared(&clock));
    assert_eq!(b.tokens.access_token().await.unwrap(), fresh);
    let (soon, winner) = (stale_soon.stored(FITBIT), first.stored(FITBIT));
    assert_eq!(soon.access_token, winner.access_token);
    assert_eq!(soon.refresh_token, winner.refresh_token);

    // After it, the spent refresh token is `invalid_grant`.
    clock.advance(SignedDuration::from_secs(60));
    let c = stale_late.open(FITBIT, shared(&clock));
    let err = c.provider.account().await.unwrap_err();
    assert!(is_revoked(&err), "{err:?}");
    assert!(c.tokens.is_signed_out());
    let statuses: Vec<u16> = refreshes(&sim, FITBIT).iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 400]);
    assert!(is_revoked(&c.provider.account().await.unwrap_err()));
    assert_eq!(token_requests(&sim, FITBIT).len(), 3, "no further attempts");
    // The first sign-in is unaffected.
    a.provider.account().await.unwrap();
}

#[tokio::test]
async fn fitbit_rotates_the_refresh_token_on_every_refresh() {
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    let (profile, original, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    let mut seen = vec![original.refresh_token.clone().unwrap()];
    for round in 1..=3 {
        clock.advance(SignedDuration::from_hours(8));
        source.provider.account().await.unwrap();
        let stored = profile.stored(FITBIT);
        let refresh = stored.refresh_token.clone().unwrap();
        assert!(!seen.contains(&refresh), "round {round}: not rotated");
        seen.push(refresh);
        assert_eq!(
            stored.expires_at,
            clock.now() + SignedDuration::from_hours(8)
        );
        assert_eq!(refreshes(&sim, FITBIT).len(), round);
    }
}

/// A Google sign-in through the consent page, stored in a fresh profile.
async fn google_sign_in(sim: &SimHandle, clock: &Arc<FixedClock>) -> (Profile, TokenSet) {
    let profile = Profile::new(sim, GOOGLE);
    let oauth = profile.oauth(GOOGLE, shared(clock));
    let tokens = sign_in_with_code(&oauth).await;
    profile.store(GOOGLE).save(&tokens).unwrap();
    (profile, tokens)
}

#[tokio::test]
async fn google_keeps_its_refresh_token_and_warns_before_the_testing_mode_week_ends() {
    let clock = clock_at(AFTERNOON);
    let sim = support::sim(
        SimConfig::new(GOOGLE.into())
            .auto_approve(true)
            .testing_mode(true),
        &clock,
    )
    .await;
    let start = clock.now();
    let (profile, signed_in) = google_sign_in(&sim, &clock).await;
    let week_end = start + SignedDuration::from_hours(7 * 24);
    assert_eq!(signed_in.refresh_token_expires_at, Some(week_end));
    assert_eq!(
        signed_in.expires_at,
        start + SignedDuration::from_secs(3599)
    );
    assert!(signed_in.expiry_warning(start).is_none());
    let source = profile.open(GOOGLE, shared(&clock));
    let account = source.provider.account().await.unwrap();
    assert_eq!(account.user_id, sim.info().user_id);
    assert!(source.tokens.expiry_warning().await.is_none());

    // Four and a half days later: the access token is long expired; the refresh answer has no
    // refresh token, so the old one is kept, and a shrinking `refresh_token_expires_in`.
    clock.advance(SignedDuration::from_hours(4 * 24 + 12));
    source.tokens.access_token().await.unwrap();
    let stored = profile.stored(GOOGLE);
    assert_eq!(stored.refresh_token, signed_in.refresh_token);
    assert_ne!(stored.access_token, signed_in.access_token);
    assert_eq!(stored.refresh_token_expires_at, Some(week_end));
    assert_eq!(refreshes(&sim, GOOGLE).len(), 1);
    let warning = source.tokens.expiry_warning().await.expect("a warning");
    assert!(warning.contains("ends in 2 days"), "{warning}");
    assert!(warning.contains("Testing"), "{warning}");
    assert_eq!(stored.expiry_warning(clock.now()), Some(warning));

    // Half a day before the end.
    clock.set(week_end - SignedDuration::from_hours(12));
    source.tokens.access_token().await.unwrap();
    let warning = source.tokens.expiry_warning().await.unwrap();
    assert!(warning.contains("ends in 12 h"), "{warning}");
    assert_eq!(
        profile.stored(GOOGLE).refresh_token,
        signed_in.refresh_token
    );

    // After the week the refresh token is dead: signed out, nothing more sent.
    clock.set(week_end + HOUR);
    let err = source.provider.devices().await.unwrap_err();
    assert!(is_revoked(&err), "{err:?}");
    assert!(source.tokens.is_signed_out());
    let warning = source.tokens.expiry_warning().await.unwrap();
    assert!(warning.contains("has ended"), "{warning}");
    let sent = sim.requests().len();
    assert!(source.provider.account().await.is_err());
    assert_eq!(sim.requests().len(), sent);
}

#[tokio::test]
async fn google_refreshes_once_after_a_401_and_keeps_its_refresh_token() {
    let clock = clock_at(AFTERNOON);
    let sim = support::sim(SimConfig::new(GOOGLE.into()).auto_approve(true), &clock).await;
    let (profile, signed_in) = google_sign_in(&sim, &clock).await;
    let source = profile.open(GOOGLE, shared(&clock));
    sim.clear_requests();
    sim.expire_access_tokens();
    let account = source.provider.account().await.unwrap();
    assert_eq!(account.user_id, sim.info().user_id);
    assert_eq!(
        refreshes(&sim, GOOGLE).len(),
        1,
        "{:?}",
        summary(&sim.requests())
    );
    let rejected = sim.requests().iter().filter(|r| r.status == 401).count();
    assert!(
        (1..=3).contains(&rejected),
        "{:?}",
        summary(&sim.requests())
    );
    let stored = profile.stored(GOOGLE);
    assert_ne!(stored.access_token, signed_in.access_token);
    assert_eq!(stored.refresh_token, signed_in.refresh_token);
    assert_eq!(stored, source.tokens.tokens().await);
}

#[tokio::test]
async fn a_published_google_app_gets_no_refresh_deadline_and_no_warning() {
    let clock = clock_at(AFTERNOON);
    let sim = support::sim(
        SimConfig::new(GOOGLE.into()).auto_approve(true).published(),
        &clock,
    )
    .await;
    let (profile, signed_in) = google_sign_in(&sim, &clock).await;
    assert!(signed_in.refresh_token.is_some());
    assert_eq!(signed_in.refresh_token_expires_at, None);
    let source = profile.open(GOOGLE, shared(&clock));
    clock.advance(SignedDuration::from_hours(30 * 24));
    source.provider.account().await.unwrap();
    let stored = profile.stored(GOOGLE);
    assert_eq!(stored.refresh_token, signed_in.refresh_token);
    assert_eq!(stored.refresh_token_expires_at, None);
    assert!(source.tokens.expiry_warning().await.is_none());
    assert_eq!(refreshes(&sim, GOOGLE).len(), 1);
}

#[tokio::test]
async fn rate_limit_headers_are_tracked_as_the_budget() {
    // 15:40 in Los Angeles: the hourly window resets in 20 minutes.
    let clock = clock_at("2026-11-21T15:40:00-08:00");
    let sim = fitbit_sim(&clock).await;
    let (_profile, _tokens, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    assert_eq!(
        source.provider.budget(),
        None,
        "nothing known before a request"
    );
    source.provider.account().await.unwrap();
    let budget = source.provider.budget().unwrap();
    assert_eq!((budget.limit, budget.remaining), (150, 149));
    let top_of_hour: Timestamp = "2026-11-21T16:00:00-08:00".parse().unwrap();
    assert_eq!(budget.resets_at, top_of_hour);
    source.provider.devices().await.unwrap();
    let sent = u32::try_from(api_requests(&sim).len()).unwrap();
    assert_eq!(source.provider.budget().unwrap().remaining, 150 - sent);
}

#[tokio::test]
async fn a_spent_budget_makes_the_next_request_wait_for_the_reset() {
    // Three requests per hour, one second before the top of the hour.
    let clock = clock_at("2026-11-21T15:59:59-08:00");
    let config = SimConfig::new(FITBIT.into()).rate_limit(RateLimit::Window {
        limit: 3,
        period_secs: 3600,
    });
    let sim = support::sim(config, &clock).await;
    let (_profile, _tokens, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    for _ in 0..3 {
        source.provider.account().await.unwrap();
    }
    let budget = source.provider.budget().unwrap();
    assert_eq!(budget.remaining, 0);

    // The fourth request waits instead of being sent (and answered 429).
    let provider = source.provider.clone();
    let fourth = tokio::spawn(async move { provider.account().await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!fourth.is_finished());
    assert_eq!(
        api_requests(&sim).len(),
        3,
        "nothing sent while the budget is spent"
    );

    // The window resets; the request goes out (after fittui's 2-second skew allowance).
    clock.set("2026-11-21T16:00:05-08:00".parse().unwrap());
    let account = tokio::time::timeout(Duration::from_secs(10), fourth)
        .await
        .expect("sent after the reset")
        .unwrap();
    assert!(account.is_ok(), "{account:?}");
    let log = api_requests(&sim);
    assert_eq!(log.len(), 4);
    assert!(log.iter().all(|r| r.status == 200), "{:?}", summary(&log));
    assert!(
        log[3].at.parse::<Timestamp>().unwrap() >= "2026-11-21T16:00:00-08:00".parse().unwrap()
    );
    assert_eq!(source.provider.budget().unwrap().remaining, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_never_spend_more_than_the_reported_budget() {
    // Three requests per hour; one is spent, then a view sends four at once: two may go, the
    // other two wait for the reset instead of being answered 429.
    let clock = clock_at("2026-11-21T15:59:59-08:00");
    let config = SimConfig::new(FITBIT.into()).rate_limit(RateLimit::Window {
        limit: 3,
        period_secs: 3600,
    });
    let sim = support::sim(config, &clock).await;
    let (_profile, _tokens, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    source.provider.account().await.unwrap();
    assert_eq!(source.provider.budget().unwrap().remaining, 2);
    let calls: Vec<_> = (0..4)
        .map(|_| {
            let provider = source.provider.clone();
            tokio::spawn(async move { provider.account().await })
        })
        .collect();
    // Two go out (however slow the machine), then nothing more.
    let started = std::time::Instant::now();
    while api_requests(&sim).len() < 3 && started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = api_requests(&sim);
    assert_eq!(log.len(), 3, "{:?}", summary(&log));
    assert!(log.iter().all(|r| r.status == 200), "{:?}", summary(&log));

    clock.set("2026-11-21T16:00:05-08:00".parse().unwrap());
    for call in calls {
        let result = tokio::time::timeout(Duration::from_secs(10), call)
            .await
            .expect("answered after the reset")
            .unwrap();
        assert!(result.is_ok(), "{result:?}");
    }
    let log = api_requests(&sim);
    assert_eq!(log.len(), 5);
    assert!(log.iter().all(|r| r.status == 200), "{:?}", summary(&log));
}

#[tokio::test]
async fn a_429_is_rate_limited_until_the_reset_and_blocks_later_requests() {
    let clock = clock_at("2026-11-21T15:40:00-08:00");
    let sim = fitbit_sim(&clock).await;
    let (_profile, _tokens, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    // A storm: the first request of every 1000 answers 429.
    sim.set_faults("storm:1/1000").unwrap();
    let err = source.provider.account().await.unwrap_err();
    let top_of_hour: Timestamp = "2026-11-21T16:00:00-08:00".parse().unwrap();
    assert_eq!(err, ApiError::RateLimited { until: top_of_hour });
    assert!(err.is_transient());
    let budget = source.provider.budget().unwrap();
    assert_eq!(budget.remaining, 0);
    assert!(budget.resets_at >= top_of_hour);

    // The next call is not sent before the reset.
    let next = tokio::time::timeout(Duration::from_millis(300), source.provider.account()).await;
    assert!(next.is_err(), "the call waits");
    assert_eq!(api_requests(&sim).len(), 1);
    assert_eq!(api_requests(&sim)[0].status, 429);
}

#[tokio::test]
async fn gone_is_typed_for_data_and_for_the_token_endpoint() {
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    let (profile, old, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    sim.set_faults("gone").unwrap();
    let err = source.provider.account().await.unwrap_err();
    assert_eq!(err, ApiError::Gone);
    assert!(err.needs_sign_in(), "sign in with the google provider");
    assert_eq!(source.provider.devices().await.unwrap_err(), ApiError::Gone);

    // The token endpoint is gone too: a refresh fails with `Gone`, not as a revoked sign-in.
    let err = source.tokens.refresh_now().await.unwrap_err();
    assert_eq!(err, ApiError::Gone);
    assert!(!source.tokens.is_signed_out());
    assert_eq!(profile.stored(FITBIT), old, "nothing overwritten");
    let oauth = profile.oauth(FITBIT, shared(&clock));
    assert_eq!(
        oauth.revoke(&old.access_token).await.unwrap_err(),
        ApiError::Gone
    );
    let statuses: Vec<u16> = sim.requests().iter().map(|r| r.status).collect();
    assert!(statuses.iter().all(|s| *s == 410), "{statuses:?}");
}

/// What one call under a fault spec must come back as.
#[derive(Debug)]
enum Expect {
    Ok,
    Server(u16),
    RateLimited,
    Network,
    Decode,
    InvalidToken,
}

#[tokio::test]
async fn every_fault_maps_to_its_typed_error() {
    let clock = clock_at("2026-11-21T15:40:00-08:00");
    let sim = fitbit_sim(&clock).await;
    let cases = [
        ("500:100%", Expect::Server(500)),
        ("503:100%", Expect::Server(503)),
        ("429:100%", Expect::RateLimited),
        ("storm:3/10", Expect::RateLimited),
        ("reset:100%", Expect::Network),
        ("truncate:100%", Expect::Decode),
        ("malformed:100%", Expect::Decode),
        ("revoke-after:0", Expect::InvalidToken),
        ("expire-after:0", Expect::Ok),
        ("latency:150ms", Expect::Ok),
        ("500:100%,only:/1/user/-/devices", Expect::Ok),
        ("none", Expect::Ok),
    ];
    for (spec, expect) in cases {
        // A fresh sign-in and provider for each case (revocation kills the previous grant; a
        // 429 blocks the provider until the reset).
        let (_profile, _tokens, source) =
            fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
        sim.set_faults(spec).unwrap();
        sim.clear_requests();
        let result = tokio::time::timeout(Duration::from_secs(10), source.provider.account())
            .await
            .unwrap_or_else(|_| panic!("{spec}: no answer"));
        let ok = match (&expect, &result) {
            (Expect::Ok, Ok(account)) => account.user_id == "GGNJL9",
            (Expect::Server(want), Err(ApiError::Server { status, .. })) => status == want,
            (Expect::RateLimited, Err(ApiError::RateLimited { until })) => *until > clock.now(),
            (Expect::Network, Err(ApiError::Network(_)))
            | (Expect::Decode, Err(ApiError::Decode { .. }))
            | (
                Expect::InvalidToken,
                Err(ApiError::Unauthorized {
                    problem: AuthProblem::Invalid,
                    ..
                }),
            ) => true,
            _ => false,
        };
        assert!(ok, "{spec}: expected {expect:?}, got {result:?}");
        match spec {
            "expire-after:0" => assert_eq!(refreshes(&sim, FITBIT).len(), 1, "{spec}"),
            "latency:150ms" => assert!(sim.requests()[0].latency_ms >= 150.0),
            "revoke-after:0" => {
                assert!(
                    refreshes(&sim, FITBIT).is_empty(),
                    "an invalid token is not refreshed"
                );
                assert!(result.unwrap_err().needs_sign_in());
            }
            _ => {}
        }
    }
    sim.set_faults("none").unwrap();
}

#[tokio::test]
async fn a_token_revoked_mid_session_fails_the_next_calls_as_unauthorized() {
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    let (_profile, _tokens, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    // Revoked as the third data request arrives.
    sim.set_faults("revoke-after:2").unwrap();
    source.provider.account().await.unwrap();
    let date = jiff::civil::date(2026, 11, 20);
    let err = source.provider.sleep(date).await.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Unauthorized {
                problem: AuthProblem::Invalid,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.needs_sign_in());
    assert!(refreshes(&sim, FITBIT).is_empty());
    // Forcing a refresh confirms the grant is gone: `invalid_grant`, signed out.
    assert!(is_revoked(&source.tokens.refresh_now().await.unwrap_err()));
    assert!(source.tokens.is_signed_out());
}

#[tokio::test]
async fn random_faults_on_every_view_never_panic_and_stay_typed() {
    let clock = clock_at(AFTERNOON);
    // No rate limit: a real 429 would block the provider until the (fixed) clock resets it.
    let sim = support::sim(
        SimConfig::new(FITBIT.into()).rate_limit(RateLimit::Unlimited),
        &clock,
    )
    .await;
    let (_profile, _tokens, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    source.provider.account().await.unwrap();
    sim.set_faults("500:8%,503:8%,reset:8%,truncate:8%,malformed:8%,latency:0ms..5ms")
        .unwrap();
    let p = &source.provider;
    let (mut ok, mut failed) = (0, 0);
    // Four days: at least ~50 requests, and the first 33 draws already hold every kind.
    for back in 0..4 {
        let date = jiff::civil::date(2026, 11, 21)
            .checked_sub(jiff::Span::new().days(back))
            .unwrap();
        let results: Vec<Result<(), ApiError>> = vec![
            p.activity(date).await.map(drop),
            p.heart(date).await.map(drop),
            p.sleep(date).await.map(drop),
            p.devices().await.map(drop),
            p.alarms().await.map(drop),
            p.account().await.map(drop),
        ];
        for r in results {
            match r {
                Ok(()) => ok += 1,
                Err(ApiError::Server { .. } | ApiError::Network(_) | ApiError::Decode { .. }) => {
                    failed += 1;
                }
                Err(other) => panic!("{date}: unexpected {other:?}"),
            }
        }
    }
    assert!(ok > 0 && failed > 0, "ok {ok}, failed {failed}");
    // Every kind of fault was met (the draws are deterministic per request number).
    let injected: Vec<&str> = sim.requests().iter().filter_map(|r| r.fault).collect();
    for kind in ["500", "503", "reset", "truncate", "malformed"] {
        assert!(injected.contains(&kind), "no {kind} among {injected:?}");
    }
    // Faults off: everything works again with the same provider.
    sim.set_faults("none").unwrap();
    p.heart(jiff::civil::date(2026, 11, 20)).await.unwrap();
}

/// Short token lifetimes (issue 11): with 30-second tokens, 28 requests a second apart cost
/// at most one refresh per token lifetime, not one per request.
#[tokio::test]
async fn short_lived_tokens_are_refreshed_once_per_lifetime_not_per_request() {
    let clock = clock_at(AFTERNOON);
    let sim = support::sim(SimConfig::new(FITBIT.into()).token_lifetime(30), &clock).await;
    let (_profile, _tokens, source) = fitbit_source(&sim, &clock, SignedDuration::from_secs(30));
    for _ in 0..28 {
        source.tokens.access_token().await.unwrap();
        clock.advance(SignedDuration::from_secs(1));
    }
    // 28 requests over the first 28 s of a 30 s token: one refresh, in its last tenth.
    assert_eq!(
        refreshes(&sim, FITBIT).len(),
        1,
        "{:?}",
        summary(&sim.requests())
    );
    for _ in 0..62 {
        source.tokens.access_token().await.unwrap();
        clock.advance(SignedDuration::from_secs(1));
    }
    // 90 s in all: three lifetimes, at most one refresh each.
    let n = refreshes(&sim, FITBIT).len();
    assert!(
        (1..=3).contains(&n),
        "{n} refreshes: {:?}",
        summary(&sim.requests())
    );
}

/// A lock file that cannot be written is named as such (issue 11): it is a local problem the
/// user can fix, not "not signed in". (As root, a read-only directory does not stop writes, so
/// the test makes the lock path a directory.)
#[tokio::test]
async fn an_unwritable_lock_file_is_named_not_taken_for_a_sign_out() {
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    let (profile, _old, source) = fitbit_source(&sim, &clock, SignedDuration::from_hours(8));
    let lock = profile.config_dir().join("tokens-fitbit.lock");
    let _ = std::fs::remove_file(&lock);
    std::fs::create_dir(&lock).unwrap();
    clock.advance(SignedDuration::from_hours(8));
    let err = source.tokens.access_token().await.unwrap_err();
    assert!(
        matches!(&err, ApiError::Local(m) if m.contains("tokens-fitbit.lock") && m.starts_with("cannot write")),
        "{err:?}"
    );
    assert!(!err.needs_sign_in(), "{err:?}");
    assert!(refreshes(&sim, FITBIT).is_empty(), "nothing spent");
    // Fixed, the next call refreshes as usual.
    std::fs::remove_dir(&lock).unwrap();
    source.tokens.access_token().await.unwrap();
    assert_eq!(refreshes(&sim, FITBIT).len(), 1);
}

/// A Fitbit source whose token store pretends the disk has only `free` bytes (a
/// copy-on-write disk: the write error is injected through `TokenStore::with_free_space`).
fn fitbit_source_on_a_small_disk(
    sim: &SimHandle,
    clock: &Arc<FixedClock>,
    valid_for: SignedDuration,
    free: u64,
) -> (Profile, TokenSet, Source, Arc<std::sync::atomic::AtomicU64>) {
    let profile = Profile::new(sim, FITBIT);
    let tokens = sign_in_fitbit(sim, &profile, valid_for);
    let (store, space) = profile.store(FITBIT).with_free_space(free);
    let manager = fittui::auth::TokenManager::load(
        store,
        profile.oauth(FITBIT, shared(clock)),
        shared(clock),
    )
    .unwrap()
    .unwrap();
    let source = fittui::source::build(
        &profile.config,
        FITBIT,
        Arc::new(manager),
        support::http(),
        shared(clock),
    );
    (profile, tokens, source, space)
}

#[tokio::test]
async fn a_full_disk_holds_the_refresh_back_and_spends_nothing() {
    use std::sync::atomic::Ordering;
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    let (profile, old, source, space) =
        fitbit_source_on_a_small_disk(&sim, &clock, -SignedDuration::from_mins(1), 100);
    let err = source.provider.account().await.unwrap_err();
    assert!(
        matches!(&err, ApiError::Local(m) if m.contains("can't save your sign-in") && m.contains("The sign-in is kept")),
        "{err:?}"
    );
    assert!(refreshes(&sim, FITBIT).is_empty(), "nothing spent");
    assert!(api_requests(&sim).is_empty());
    assert_eq!(profile.stored(FITBIT), old);
    let warning = source
        .provider
        .save_problem()
        .expect("a persistent warning");
    assert!(warning.contains("No space left on device"), "{warning}");
    // Space is freed: the next call refreshes, saves, and the warning goes.
    space.store(u64::MAX, Ordering::SeqCst);
    source.provider.account().await.unwrap();
    assert_eq!(refreshes(&sim, FITBIT).len(), 1);
    assert_ne!(profile.stored(FITBIT).refresh_token, old.refresh_token);
    assert!(source.provider.save_problem().is_none());
}

#[tokio::test]
async fn a_save_that_fails_after_the_refresh_keeps_the_new_pair_and_retries() {
    use fittui::auth::manager::SAVE_RETRY;
    use fittui::auth::store::RESERVE;
    use std::sync::atomic::Ordering;
    let clock = clock_at(AFTERNOON);
    let sim = fitbit_sim(&clock).await;
    // Room for the reservation but not for the write itself (copy-on-write).
    let (profile, old, source, space) =
        fitbit_source_on_a_small_disk(&sim, &clock, -SignedDuration::from_mins(1), RESERVE + 10);
    // The refresh spends the old refresh token; the new pair works from memory.
    source.provider.account().await.unwrap();
    assert_eq!(refreshes(&sim, FITBIT).len(), 1);
    assert_eq!(profile.stored(FITBIT), old, "the save failed");
    let warning = source.provider.save_problem().expect("said loudly");
    assert!(warning.contains("kept in memory"), "{warning}");
    // Still failing: retried no more often than every SAVE_RETRY, and still no new refresh.
    clock.advance(SAVE_RETRY);
    source.provider.account().await.unwrap();
    assert_eq!(profile.stored(FITBIT), old);
    assert!(source.provider.save_problem().is_some());
    // Space again: the next call saves the pair it holds (no second refresh).
    space.store(u64::MAX, Ordering::SeqCst);
    clock.advance(SAVE_RETRY);
    source.provider.account().await.unwrap();
    assert_eq!(refreshes(&sim, FITBIT).len(), 1);
    let saved = profile.stored(FITBIT);
    assert_ne!(saved.refresh_token, old.refresh_token);
    assert!(source.provider.save_problem().is_none());
    // What was saved is the live pair: a fresh process refreshes with it.
    let later = profile.open(FITBIT, shared(&clock));
    later.tokens.refresh_now().await.unwrap();
    assert_eq!(refreshes(&sim, FITBIT).len(), 2);
}
