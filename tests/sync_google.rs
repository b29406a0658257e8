//! `fittui sync` against the Google simulator: a range sync spends exactly the request plan
//! documented in `src/provider/google/prefetch.rs` (range requests over the span, per day only
//! what has no range form), and the days it stores equal the one-day views.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Output;
use std::time::Duration;

use fittui::api::ProviderKind;
use fittui_sim::{RateLimit, SimConfig, SimHandle};
use jiff::civil::Date;
use jiff::{SignedDuration, ToSpan};
use serde_json::Value;
use support::{Profile, api_requests, sign_in_google};

async fn wait(child: std::process::Child) -> Output {
    support::finished(child, Duration::from_mins(3)).await
}

fn lines(out: &Output) -> Vec<Value> {
    support::json_lines(out)
}

async fn signed_in(config: SimConfig) -> (SimHandle, Profile) {
    let sim = fittui_sim::start(config).await.unwrap();
    let mut profile = Profile::new(&sim, ProviderKind::Google);
    // The simulator is a verified app here: the fastest pace Google allows.
    profile.config.google.max_requests_per_second = 5.0.try_into().unwrap();
    profile.write_config();
    sign_in_google(&sim, &profile, SignedDuration::from_hours(1));
    (sim, profile)
}

fn days_back(date: Date, n: i64) -> Date {
    date.checked_sub(n.days()).unwrap()
}

/// Pages the simulator takes for a list (its documented paging, `fittui-sim`'s
/// `google/list.rs`): `counts` holds the matching points of each day it scans, newest day
/// first; a page stops after 31 days scanned or `page_size` points (a full page always
/// carries a token, so the next page may be empty).
fn sim_pages(counts: &[usize], page_size: usize) -> u64 {
    let mut pages = 0;
    let (mut day, mut skip) = (0, 0);
    loop {
        pages += 1;
        let (mut scanned, mut out) = (0, 0);
        let mut next = None;
        let (mut d, mut k) = (day, skip);
        'days: while d < counts.len() {
            if scanned == 31 {
                next = Some((d, 0));
                break;
            }
            while k < counts[d] {
                k += 1;
                out += 1;
                if out == page_size {
                    next = Some((d, k));
                    break 'days;
                }
            }
            scanned += 1;
            d += 1;
            k = 0;
        }
        match next {
            Some((d, k)) => (day, skip) = (d, k),
            None => return pages,
        }
    }
}

/// The days the simulator scans for a list filtered from `lo` (to `hi`, exclusive, if any),
/// newest first: from the day after `hi` (today without one) to two days before `lo`.
fn scanned_days(sim: &SimHandle, lo: Date, hi: Option<Date>) -> Vec<Date> {
    let person = sim.person();
    let today = person.today(sim.now());
    let newest = hi.map_or(today, |h| h.tomorrow().unwrap().min(today));
    let oldest = days_back(lo, 2).max(person.first_date());
    let mut out = Vec::new();
    let mut day = newest;
    while day >= oldest {
        out.push(day);
        day = day.yesterday().unwrap();
    }
    out
}

/// Pages of a daily-type (or ECG) list: at most one point a day, far below a page.
fn daily_list_pages(sim: &SimHandle, lo: Date, hi: Option<Date>) -> u64 {
    sim_pages(&vec![0; scanned_days(sim, lo, hi).len()], 10_000)
}

/// Pages of the sleep list over the nights `[lo, hi)` (by local end date, 25 a page): the
/// simulator files a session under the day it started.
fn sleep_list_pages(sim: &SimHandle, lo: Date, hi: Date) -> u64 {
    let person = sim.person();
    let now = sim.now();
    let counts: Vec<usize> = scanned_days(sim, lo, Some(hi))
        .into_iter()
        .map(|day| {
            let (start, end) = person.bounds(day);
            [day, day.tomorrow().unwrap()]
                .into_iter()
                .filter(|d| person.has_date(*d, now))
                .flat_map(|d| person.sessions(d))
                .filter(|n| n.start >= start && n.start < end && n.end <= now)
                .filter(|n| {
                    let ended = n.end.to_zoned(person.tz().clone()).date();
                    ended >= lo && ended < hi
                })
                .count()
        })
        .collect();
    sim_pages(&counts, 25)
}

/// The documented plan for the final days `[a, b]` (N days), `with_steps` of them in the
/// steps roll-up: activity ⌈(N + 6) / 90⌉ + 3 ⌈N / 90⌉ + 2 ⌈N / 14⌉ + W; heart ⌈N / 90⌉ + N +
/// the pages of the zones, ECG, resting-HR and HRV lists; sleep the pages of the sleep list
/// and of the three vitals lists.
fn google_plan(sim: &SimHandle, a: Date, b: Date, with_steps: u64) -> (u64, u64, u64) {
    let n = (b - a).get_days() as u64 + 1;
    let next = b.tomorrow().unwrap();
    let activity = (n + 6).div_ceil(90) + 3 * n.div_ceil(90) + 2 * n.div_ceil(14) + with_steps;
    let span = daily_list_pages(sim, a, Some(next));
    let trend = daily_list_pages(sim, days_back(a, 29), Some(next));
    let ecg = daily_list_pages(sim, a, None);
    let heart = n.div_ceil(90) + n + span + ecg + 2 * trend;
    let sleep = sleep_list_pages(sim, days_back(a, 30), next) + 3 * span;
    (activity, heart, sleep)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_45_day_google_sync_spends_exactly_the_documented_requests() {
    // 45 days (the plan's caps of 14 and 31 days are crossed; 90 days would only take longer
    // at Google's 5 requests a second). 150 days of data: the trends and stage averages of the
    // span's first days are whole.
    let config = SimConfig::new(ProviderKind::Google.into())
        .unverified(false)
        .rate_limit(RateLimit::Unlimited)
        .days(150);
    let (sim, profile) = signed_in(config).await;
    let person = sim.person();
    let today = person.today(sim.now());
    let last = days_back(today, 2);
    let first = days_back(last, 44);
    let days: Vec<Date> = fittui::runtime::sync::days_newest_first(first, last);
    let with_steps = days.iter().filter(|d| !person.is_not_worn(**d)).count() as u64;
    let (activity, heart, sleep) = google_plan(&sim, first, last, with_steps);
    let (from, to) = (first.to_string(), last.to_string());
    let args = [
        "sync",
        "--from",
        from.as_str(),
        "--to",
        to.as_str(),
        "--kinds",
        "activity,heart,sleep",
        "--json",
    ];
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let events = lines(&out);
    let done = events.last().unwrap();
    assert_eq!(done["fetched"], 135, "{done}");
    let requests = api_requests(&sim);
    let paths: Vec<String> = requests.iter().map(|r| r.path.clone()).collect();
    let count = |part: &str| paths.iter().filter(|p| p.contains(part)).count() as u64;
    // Per day only what has no range form: the hourly steps of each day with steps, the
    // heart-rate series of each day, nothing per night.
    assert_eq!(count("/steps/dataPoints:rollUp"), with_steps);
    assert_eq!(count("/heart-rate/dataPoints:rollUp"), 45);
    let sleep_seen = count("/sleep/dataPoints")
        + count("/daily-oxygen-saturation/")
        + count("/daily-respiratory-rate/")
        + count("/daily-sleep-temperature-derivations/");
    assert_eq!(sleep_seen, sleep, "sleep");
    // The account (identity, settings, profile), then exactly the plan.
    assert_eq!(
        paths.len() as u64,
        3 + activity + heart + sleep,
        "{with_steps} days with steps; activity {activity}, heart {heart}, sleep {sleep}: {paths:#?}"
    );
    assert_eq!(done["requests"].as_u64().unwrap() + 3, paths.len() as u64);
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "ranges" && e["kind"] == "sleep")
    );
    same_days_as_one_day_views(&sim, &profile, &days).await;
    // A second run has nothing to do: no data request at all.
    sim.clear_requests();
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let data: Vec<String> = api_requests(&sim)
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.contains("/dataTypes/"))
        .collect();
    assert!(data.is_empty(), "{data:#?}");
}

/// The days a range sync stored equal the one-day views of the same days (what the TUI would
/// have stored), but for the trends (rebuilt from the store on read).
async fn same_days_as_one_day_views(sim: &SimHandle, profile: &Profile, days: &[Date]) {
    let person = sim.person();
    let processing = person.processing_night(sim.now());
    let ecg = person.special().ecg.clone();
    let not_worn = days.iter().copied().find(|d| person.is_not_worn(*d));
    let sample: Vec<Date> = [days[0], days[22], days[44]]
        .into_iter()
        .chain(processing)
        .chain(ecg.into_iter().filter(|d| days.contains(d)))
        .chain(not_worn)
        .collect();
    let clock: fittui::clock::SharedClock = std::sync::Arc::new(fittui::clock::SystemClock);
    let source = profile.open(ProviderKind::Google, clock);
    let provider = source.provider;
    let store = fittui::store::Store::open(&profile.paths.store_file()).unwrap();
    let (key, _) = store.last_account(ProviderKind::Google).unwrap().unwrap();
    for day in sample {
        let mut live = provider.activity(day).await.unwrap();
        let mut stored = store.activity(&key, day).unwrap().unwrap().value;
        live.week_steps.clear();
        stored.week_steps.clear();
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
