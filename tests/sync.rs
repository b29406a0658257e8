//! `fittui sync` end to end: the real binary against the simulator on the real clock. It fills
//! the store, reports JSON lines, never fetches a final day again, waits out a spent legacy
//! budget instead of failing, and a killed run resumes without asking again for what it
//! finished.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Output;
use std::time::Duration;

use fittui::api::ProviderKind;
use fittui_sim::{RateLimit, SimConfig, SimHandle};
use jiff::SignedDuration;
use serde_json::Value;
use support::{Profile, api_requests, sign_in_fitbit, sign_in_google};

async fn wait(child: std::process::Child) -> Output {
    tokio::time::timeout(
        Duration::from_mins(2),
        tokio::task::spawn_blocking(move || child.wait_with_output()),
    )
    .await
    .expect("sync finished in time")
    .unwrap()
    .unwrap()
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

async fn signed_in(config: SimConfig, kind: ProviderKind) -> (SimHandle, Profile) {
    let sim = fittui_sim::start(config).await.unwrap();
    let mut profile = Profile::new(&sim, kind);
    // The simulator is a verified app here: the fastest pace Google allows.
    profile.config.google.max_requests_per_second = 5.0.try_into().unwrap();
    profile.write_config();
    match kind {
        ProviderKind::Fitbit => {
            sign_in_fitbit(&sim, &profile, SignedDuration::from_hours(8));
        }
        ProviderKind::Google => {
            sign_in_google(&sim, &profile, SignedDuration::from_hours(1));
        }
    }
    (sim, profile)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_fills_the_store_and_a_second_run_fetches_only_what_is_not_final() {
    for (kind, n) in [(ProviderKind::Fitbit, 7u64), (ProviderKind::Google, 4)] {
        let config = SimConfig::new(kind.into()).unverified(false);
        let (sim, profile) = signed_in(config, kind).await;
        let days_arg = n.to_string();
        let args = ["sync", "--days", days_arg.as_str(), "--json"];
        let out = wait(profile.command(&args).spawn().unwrap()).await;
        assert!(out.status.success(), "{kind}: {out:?}");
        let events = lines(&out);
        assert_eq!(events[0]["event"], "start");
        assert_eq!(events[0]["days"], n);
        let days: Vec<&Value> = events.iter().filter(|e| e["event"] == "day").collect();
        assert_eq!(days.len() as u64, n, "{kind}");
        let done = events.last().unwrap();
        assert_eq!(done["event"], "done");
        assert_eq!(done["fetched"].as_u64().unwrap(), 3 * n, "{kind}: {done}");
        // The requests it reports are the ones the server saw, less the account's.
        let seen = api_requests(&sim).len() as u64;
        let account = if kind == ProviderKind::Fitbit { 1 } else { 3 };
        assert_eq!(
            done["requests"].as_u64().unwrap() + account,
            seen,
            "{kind}: {done}"
        );

        // Again: the five days before yesterday are final in the store; only today and
        // yesterday are asked for.
        sim.clear_requests();
        let out = wait(profile.command(&args).spawn().unwrap()).await;
        assert!(out.status.success(), "{kind}: {out:?}");
        let done = lines(&out).pop().unwrap();
        assert_eq!(
            done["already_stored"].as_u64().unwrap(),
            3 * (n - 2),
            "{kind}: {done}"
        );
        assert_eq!(done["fetched"], 6, "{kind}: {done}");
        let store = fittui::store::Store::open(&profile.paths.store_file()).unwrap();
        assert!(store.last_sync().unwrap().is_some());
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_legacy_budget_is_waited_out_and_the_sync_completes() {
    // 15 requests per 5-second window: two days need about 24, so the run meets the limit.
    let config = SimConfig::new(ProviderKind::Fitbit.into()).rate_limit(RateLimit::Window {
        limit: 15,
        period_secs: 5,
    });
    let (sim, profile) = signed_in(config, ProviderKind::Fitbit).await;
    let out = wait(
        profile
            .command(&["sync", "--days", "2", "--json"])
            .spawn()
            .unwrap(),
    )
    .await;
    assert!(out.status.success(), "{out:?}");
    let events = lines(&out);
    assert!(
        events.iter().any(|e| e["event"] == "waiting"),
        "the wait is said: {events:?}"
    );
    assert_eq!(events.last().unwrap()["fetched"], 6);
    assert!(sim.requests().iter().all(|r| r.status != 500));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_sync_resumes_without_asking_again_for_what_it_finished() {
    let config = SimConfig::new(ProviderKind::Fitbit.into()).rate_limit(RateLimit::Unlimited);
    let (sim, profile) = signed_in(config, ProviderKind::Fitbit).await;
    // Every request takes a while, so the run can be killed part-way.
    sim.set_faults("latency:40ms").unwrap();
    let mut child = profile
        .command(&["sync", "--days", "20", "--json"])
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        let mut finished = Vec::new();
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let v: Value = serde_json::from_str(&line).unwrap();
            if v["event"] == "day" {
                finished.push(v["date"].as_str().unwrap().to_string());
                if finished.len() == 6 {
                    break;
                }
            }
        }
        finished
    });
    let finished = tokio::task::spawn_blocking(move || reader.join().unwrap())
        .await
        .unwrap();
    child.kill().unwrap(); // SIGKILL, mid-day
    let _ = child.wait();
    assert_eq!(finished.len(), 6);
    sim.set_faults("none").unwrap();
    sim.clear_requests();
    let out = wait(
        profile
            .command(&["sync", "--days", "20", "--json"])
            .spawn()
            .unwrap(),
    )
    .await;
    assert!(out.status.success(), "{out:?}");
    let events = lines(&out);
    // The finished days before yesterday are not asked for again.
    let paths: Vec<String> = api_requests(&sim).iter().map(|r| r.path.clone()).collect();
    for day in finished.iter().skip(2) {
        assert!(
            !paths.iter().any(|p| p.contains(&format!("/date/{day}"))),
            "{day} was finished but asked for again: {paths:?}"
        );
    }
    let done = events.last().unwrap();
    assert_eq!(
        done["already_stored"].as_u64().unwrap(),
        (finished.len() as u64 - 2) * 3,
        "{done}"
    );
    let store = fittui::store::Store::open(&profile.paths.store_file()).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
}
