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
    support::finished(child, Duration::from_mins(2)).await
}

fn lines(out: &Output) -> Vec<Value> {
    support::json_lines(out)
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

/// Ceiling of `a / b`.
fn ceil_div(a: u64, b: u64) -> u64 {
    a.div_ceil(b)
}

/// The documented plan (`src/provider/fitbit/prefetch.rs`) for `n` final days of which `worn`
/// were worn, with `ecg_pages` pages of ECG readings: activity 11 + W; heart ⌈(N + 29) / 30⌉
/// HRV ranges + the ECG pages + N series (the heart range comes with activity); sleep
/// ⌈N / 100⌉ + 3 ⌈N / 30⌉ + the nights without a main sleep when the range said "pending";
/// weight 2 ⌈N / 31⌉ (the weight and the body-fat log).
fn legacy_plan(n: u64, worn: u64, ecg_pages: u64, unslept: u64) -> u64 {
    let activity = 11 + worn;
    let heart = ceil_div(n + 29, 30) + ecg_pages + n;
    let sleep = ceil_div(n, 100) + 3 * ceil_div(n, 30) + unslept;
    let weight = 2 * ceil_div(n, 31);
    activity + heart + sleep + weight
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_90_day_legacy_sync_spends_exactly_the_documented_requests() {
    let config = SimConfig::new(ProviderKind::Fitbit.into()).rate_limit(RateLimit::Unlimited);
    let (sim, profile) = signed_in(config, ProviderKind::Fitbit).await;
    let person = sim.person();
    let today = person.today(sim.now());
    let last = today.checked_sub(jiff::ToSpan::days(2)).unwrap();
    let first = last.checked_sub(jiff::ToSpan::days(89)).unwrap();
    let days: Vec<jiff::civil::Date> = fittui::runtime::sync::days_newest_first(first, last);
    let worn = days.iter().filter(|d| !person.is_not_worn(**d)).count() as u64;
    let readings = person.special().ecg.iter().filter(|d| **d >= first).count() as u64;
    let ecg_pages = readings / 10 + 1;
    // The simulator keeps one night "still processing" (left out of the logs, the range
    // answer says pending): the nights without a main sleep then ask on their own.
    let processing = person.processing_night(sim.now());
    assert!(processing.is_some_and(|d| days.contains(&d)));
    let unslept = days
        .iter()
        .filter(|d| processing == Some(**d) || person.main_night(**d).is_none())
        .count() as u64;
    let (from, to) = (first.to_string(), last.to_string());
    let args = [
        "sync",
        "--from",
        from.as_str(),
        "--to",
        to.as_str(),
        "--json",
    ];
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let events = lines(&out);
    let done = events.last().unwrap();
    assert_eq!(done["fetched"], 270, "{done}");
    let paths: Vec<String> = api_requests(&sim).iter().map(|r| r.path.clone()).collect();
    // The account's profile, then exactly the plan.
    assert_eq!(
        paths.len() as u64,
        1 + legacy_plan(90, worn, ecg_pages, unslept),
        "worn {worn}, {readings} ECG readings, {unslept} nights alone: {paths:#?}"
    );
    assert_eq!(done["requests"].as_u64().unwrap() + 1, paths.len() as u64);
    // Intraday only where a day needs it: the hourly steps of each worn day, the heart series
    // of each day, nothing per night.
    let count = |part: &str| paths.iter().filter(|p| p.contains(part)).count() as u64;
    assert_eq!(count("/1d/15min.json"), worn);
    assert_eq!(count("/1d/1sec.json"), 90);
    assert_eq!(count("/1.2/user/-/sleep/date/"), 1 + unslept);
    // Progress said what the ranges cost.
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "ranges" && e["kind"] == "sleep")
    );
    same_days_as_one_day_views(&sim, &profile, &days).await;
    records_equal_the_persons(&sim, &profile, first, last);
    // A second run has nothing to do: it asks for the account's profile (its zone decides
    // which days are final) and nothing else.
    sim.clear_requests();
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let paths: Vec<String> = api_requests(&sim).iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/1/user/-/profile.json"]);
}

/// The days a range sync stored equal the one-day views of the same days (what the TUI would
/// have stored), but for the trends (rebuilt from the store on read) and the goals (the
/// current daily goals, AZM goal included, instead of each past day's).
async fn same_days_as_one_day_views(
    sim: &SimHandle,
    profile: &Profile,
    days: &[jiff::civil::Date],
) {
    let person = sim.person();
    let processing = person.processing_night(sim.now());
    let ecg = person.special().ecg.clone();
    let not_worn = days.iter().copied().find(|d| person.is_not_worn(*d));
    let sample: Vec<jiff::civil::Date> = [days[0], days[45], days[89]]
        .into_iter()
        .chain(processing)
        .chain(ecg.into_iter().filter(|d| days.contains(d)))
        .chain(not_worn)
        .collect();
    let clock: fittui::clock::SharedClock = std::sync::Arc::new(fittui::clock::SystemClock);
    let source = profile.open(ProviderKind::Fitbit, clock);
    let provider = source.provider;
    let store = fittui::store::Store::open(&profile.paths.store_file()).unwrap();
    let (key, _) = store.last_account(ProviderKind::Fitbit).unwrap().unwrap();
    for day in sample {
        let mut live = provider.activity(day).await.unwrap();
        let mut stored = store.activity(&key, day).unwrap().unwrap().value;
        live.week_steps.clear();
        stored.week_steps.clear();
        if let (Some(live), Some(stored)) = (&mut live.goals, &mut stored.goals) {
            live.azm = stored.azm;
        }
        assert_eq!(stored, live, "{day}: activity");
        let mut live = provider.heart(day).await.unwrap();
        let mut stored = store.heart(&key, day).unwrap().unwrap().value;
        for d in [&mut live, &mut stored] {
            d.resting_trend.clear();
            d.hrv_trend.clear();
        }
        assert_eq!(stored, live, "{day}: heart");
        let live = provider.sleep(day).await.unwrap();
        let stored = store.sleep(&key, day).unwrap().unwrap().value;
        assert_eq!(stored, live, "{day}: sleep");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weigh_ins_sync_as_ranges_and_final_days_are_not_asked_again() {
    let config = SimConfig::new(ProviderKind::Fitbit.into()).rate_limit(RateLimit::Unlimited);
    let (sim, profile) = signed_in(config, ProviderKind::Fitbit).await;
    let args = ["sync", "--days", "40", "--kinds", "weight", "--json"];
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let done = lines(&out).pop().unwrap();
    assert_eq!(done["fetched"], 0, "no day views: {done}");
    let weigh_ins = done["weigh_ins"].as_u64().unwrap();
    assert!(weigh_ins > 20, "{done}");
    // 40 days are two 31-day ranges of the weight and of the body-fat log.
    let paths: Vec<String> = api_requests(&sim).iter().map(|r| r.path.clone()).collect();
    let logs = paths.iter().filter(|p| p.contains("/body/log/")).count();
    assert_eq!(logs, 4, "{paths:?}");
    let store = fittui::store::Store::open(&profile.paths.store_file()).unwrap();
    let (key, _) = store.last_account(ProviderKind::Fitbit).unwrap().unwrap();
    let stored = store
        .weigh_ins(
            &key,
            jiff::civil::date(2000, 1, 1),
            jiff::civil::date(2100, 1, 1),
        )
        .unwrap();
    assert_eq!(stored.len() as u64, weigh_ins);
    // Again: only today and yesterday (still settling) are asked, in one range each log.
    sim.clear_requests();
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let paths: Vec<String> = api_requests(&sim).iter().map(|r| r.path.clone()).collect();
    let logs: Vec<&String> = paths.iter().filter(|p| p.contains("/body/log/")).collect();
    assert_eq!(logs.len(), 2, "{paths:?}");
    // A kind that does not exist is a usage error.
    let out = wait(
        profile
            .command(&["sync", "--kinds", "wieght"])
            .spawn()
            .unwrap(),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("weight"));
}

/// The records computed from the store equal those computed from the simulated person over
/// what the sync stored: steps from `first` − 6 (the 7-day trend's range), resting HR from
/// `first` − 29 (the 30-day trend's), sleep from `first`, all to `last`.
fn records_equal_the_persons(
    sim: &SimHandle,
    profile: &Profile,
    first: jiff::civil::Date,
    last: jiff::civil::Date,
) {
    use fittui_sim::person::Totals;
    let person = sim.person();
    let back = |n: i64| first.checked_sub(jiff::ToSpan::days(n)).unwrap();
    let steps: Vec<(jiff::civil::Date, u32)> =
        fittui::runtime::sync::days_newest_first(back(6), last)
            .into_iter()
            .rev()
            .filter(|d| !person.is_not_worn(*d))
            .map(|d| {
                let t = Totals::of_day(&person.day(d), sim.now());
                (d, u32::try_from(t.steps).unwrap())
            })
            .filter(|(_, s)| *s > 0)
            .collect();
    let best = steps.iter().copied().max_by_key(|&(d, s)| (s, d));
    // Longest run of consecutive days at the simulator's 10,000-step goal.
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut previous: Option<jiff::civil::Date> = None;
    for &(d, s) in &steps {
        let next_day = previous.is_some_and(|p| p.tomorrow().unwrap() == d);
        run = if s >= 10_000 {
            if next_day { run + 1 } else { 1 }
        } else {
            0
        };
        longest = longest.max(run);
        previous = Some(d);
    }
    let resting = fittui::runtime::sync::days_newest_first(back(29), last)
        .into_iter()
        .filter(|d| !person.is_not_worn(*d))
        .map(|d| (d, u16::from(person.rhr(d))))
        .min_by_key(|&(d, r)| (r, std::cmp::Reverse(d)));
    let processing = person.processing_night(sim.now());
    let sleep = fittui::runtime::sync::days_newest_first(first, last)
        .into_iter()
        .filter(|d| Some(*d) != processing)
        .filter_map(|d| Some((d, person.main_night(d)?.minutes_asleep())))
        .max_by_key(|&(d, m)| (m, d));

    let store = fittui::store::Store::open(&profile.paths.store_file()).unwrap();
    let (key, _) = store.last_account(ProviderKind::Fitbit).unwrap().unwrap();
    let records = store.records(&key, 10_000).unwrap();
    assert_eq!(records.days as usize, steps.len());
    assert_eq!(records.best_day, best);
    assert_eq!(records.longest_streak.map_or(0, |s| s.days), longest);
    assert_eq!(records.lowest_resting, resting);
    assert_eq!(records.longest_sleep, sleep);
}
