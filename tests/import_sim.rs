//! Importing the simulator's own Takeout archive (`fittui sim takeout`) gives the same day
//! values as fetching the same person through the API: every era, a zone east of UTC (where
//! the UTC stamps of a local day start on the calendar day before) and the DST changes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::fmt::Write as _;

use fittui::api::ProviderKind;
use fittui::import::{self, Options};
use fittui::provider::Provider;
use fittui::store::Store;
use fittui_sim::takeout::{self, Era, Format, TakeoutSpec};
use fittui_sim::{RateLimit, SimConfig};
use jiff::Timestamp;
use jiff::civil::Date;

/// The API's view of the person, one provider call per day and kind.
struct Api {
    demo: fittui::commands::demo::Demo,
}

impl Api {
    async fn start(kind: ProviderKind, spec: &TakeoutSpec) -> Api {
        let clock = std::sync::Arc::new(fittui::clock::FixedClock::new(spec.now));
        let config = SimConfig::new(kind.into())
            .seed(spec.seed)
            .days(spec.days)
            .time_zone(&spec.tz)
            .unverified(false)
            .rate_limit(RateLimit::Unlimited);
        let demo = fittui::commands::demo::start_with_sim(config, clock)
            .await
            .unwrap();
        demo.source.provider.account().await.unwrap();
        Api { demo }
    }

    fn provider(&self) -> &dyn Provider {
        self.demo.source.provider.as_ref()
    }
}

fn close(a: f64, b: f64, eps: f64) -> bool {
    (a - b).abs() <= eps
}

/// Every difference between the import (in `store`) and the API, day by day (distance to the
/// API's 0.01 km; `categories`: the export has the category CSV folders).
#[allow(clippy::too_many_lines)] // one comparison per value, in one place
async fn differences(
    store: &Store,
    user: &str,
    api: &Api,
    dates: &[Date],
    intraday: bool,
    categories: bool,
) -> String {
    let key = import::account_key(user);
    let p = api.provider();
    let mut out = String::new();
    for &d in dates {
        // Activity.
        let theirs = p.activity(d).await.unwrap();
        let ours = store.activity(&key, d).unwrap().map(|s| s.value);
        match (
            theirs.summary.as_ref(),
            ours.as_ref().and_then(|o| o.summary.as_ref()),
        ) {
            (Some(t), Some(o)) => {
                if t.steps != o.steps
                    || !close(t.distance_m, o.distance_m, 5.0)
                    || t.calories_kcal.map(f64::round) != o.calories_kcal
                    || t.floors.unwrap_or(0) != o.floors.unwrap_or(0)
                    || t.active_minutes != o.active_minutes
                    || (categories
                        && t.azm.map_or(0, |a| a.total()) != o.azm.map_or(0, |a| a.total()))
                {
                    writeln!(out, "{d} activity: api {t:?}\n   import {o:?}").unwrap();
                }
                let hourly = |v: &fittui::domain::activity::DayActivity| -> Vec<(Timestamp, u32)> {
                    v.hourly_steps.iter().map(|h| (h.start, h.steps)).collect()
                };
                if let Some(o) = &ours
                    && !theirs.hourly_steps.is_empty()
                    && hourly(&theirs) != hourly(o)
                {
                    writeln!(out, "{d} hourly steps differ").unwrap();
                }
            }
            (None, None) => {}
            (t, o) => writeln!(out, "{d} activity: api {t:?} / import {o:?}").unwrap(),
        }
        // Heart.
        let theirs = p.heart(d).await.unwrap();
        let ours = store.heart(&key, d).unwrap().map(|s| s.value);
        let o = ours.as_ref();
        if theirs.resting_bpm != o.and_then(|o| o.resting_bpm) {
            writeln!(
                out,
                "{d} resting: api {:?} import {:?}",
                theirs.resting_bpm,
                o.and_then(|o| o.resting_bpm)
            )
            .unwrap();
        }
        if theirs
            .time_in_zones
            .filter(|z| z.below + z.fat_burn + z.cardio + z.peak > 0)
            != o.and_then(|o| o.time_in_zones)
                .filter(|z| z.below + z.fat_burn + z.cardio + z.peak > 0)
        {
            writeln!(
                out,
                "{d} zones: api {:?} import {:?}",
                theirs.time_in_zones,
                o.and_then(|o| o.time_in_zones)
            )
            .unwrap();
        }
        let rmssd =
            |h: Option<fittui::domain::heart::Hrv>| h.map(|h| (h.daily_rmssd_ms * 10.0).round());
        if categories && rmssd(theirs.hrv) != rmssd(o.and_then(|o| o.hrv)) {
            writeln!(
                out,
                "{d} hrv: api {:?} import {:?}",
                theirs.hrv,
                o.and_then(|o| o.hrv)
            )
            .unwrap();
        }
        if intraday {
            let a = theirs.intraday.buckets();
            let b = o.map(|o| o.intraday.buckets()).unwrap_or_default();
            if a != b {
                writeln!(out, "{d} heart buckets: api {} import {}", a.len(), b.len()).unwrap();
            } else if o.is_some_and(|o| {
                o.intraday.start != theirs.intraday.start || o.intraday.end != theirs.intraday.end
            }) {
                writeln!(out, "{d} heart day bounds differ").unwrap();
            }
        }
        // Sleep.
        let theirs = p.sleep(d).await.unwrap();
        let ours = store.sleep(&key, d).unwrap().map(|s| s.value);
        let sessions = |s: &fittui::domain::sleep::SleepDay| -> Vec<_> {
            s.sessions
                .iter()
                .filter(|x| !x.processing)
                .map(|x| {
                    (
                        x.start,
                        x.end,
                        x.is_main,
                        x.minutes_asleep,
                        x.stages.clone(),
                        x.segments.len(),
                    )
                })
                .collect()
        };
        let theirs_sessions = sessions(&theirs);
        let ours_sessions = ours.as_ref().map(sessions).unwrap_or_default();
        if theirs_sessions != ours_sessions {
            writeln!(
                out,
                "{d} sleep: api {theirs_sessions:?}\n   import {ours_sessions:?}"
            )
            .unwrap();
        }
        let o = ours.as_ref();
        let round = |v: Option<f64>| v.map(|v| (v * 100.0).round());
        if categories
            && (round(theirs.spo2.map(|s| s.avg)) != round(o.and_then(|o| o.spo2).map(|s| s.avg))
                || round(theirs.breathing_rate) != round(o.and_then(|o| o.breathing_rate))
                || round(theirs.skin_temp_delta_c) != round(o.and_then(|o| o.skin_temp_delta_c)))
        {
            writeln!(
                out,
                "{d} vitals: api {:?} {:?} {:?} import {:?}",
                theirs.spo2,
                theirs.breathing_rate,
                theirs.skin_temp_delta_c,
                o.map(|o| (o.spo2, o.breathing_rate, o.skin_temp_delta_c))
            )
            .unwrap();
        }
    }
    // Weigh-ins.
    if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
        let theirs = p.weight(*first, *last).await.unwrap();
        let ours = store.weigh_ins(&key, *first, *last).unwrap();
        let pairs = |w: &[fittui::domain::weight::WeighIn]| -> Vec<(Date, i64, Option<i64>)> {
            w.iter()
                .map(|w| {
                    (
                        w.date,
                        (w.weight_kg * 10.0).round() as i64,
                        w.body_fat_pct.map(|f| (f * 10.0).round() as i64),
                    )
                })
                .collect()
        };
        if pairs(&theirs) != pairs(&ours) {
            writeln!(
                out,
                "weigh-ins: api {:?}\n   import {:?}",
                pairs(&theirs),
                pairs(&ours)
            )
            .unwrap();
        }
    }
    out
}

/// VO₂ max and the sleep scores against the simulator's person (no API serves a sleep score;
/// the legacy API's cardio score is a range), read as the period views read them and as the
/// day views do. `has_scores`: the export has `sleep_score.csv`.
fn vo2_and_scores(
    store: &Store,
    user: &str,
    spec: &TakeoutSpec,
    dates: &[Date],
    has_scores: bool,
) -> String {
    let key = import::account_key(user);
    let person = spec.person().unwrap();
    let tz = jiff::tz::TimeZone::get(&spec.tz).unwrap();
    let (from, to) = (dates[0], *dates.last().unwrap());
    let health = store.period_health(&key, (from, from, to), &tz).unwrap();
    let mut out = String::new();
    let (mut days_with_vo2, mut nights_scored) = (0, 0);
    for (heart, night) in health.heart.iter().zip(&health.nights) {
        let d = heart.date;
        let vo2 = takeout::legacy::vo2_of(&person, d, spec.now);
        days_with_vo2 += usize::from(vo2.is_some());
        if heart.vo2_max != vo2 {
            writeln!(
                out,
                "{d} VO₂ max: person {vo2:?} import {:?}",
                heart.vo2_max
            )
            .unwrap();
        }
        let expected = takeout::csv::scored_night(&person, d, spec.now)
            .filter(|_| has_scores)
            .map(f64::from);
        nights_scored += usize::from(expected.is_some());
        if night.score != expected {
            writeln!(
                out,
                "{d} sleep score: person {expected:?} import {:?}",
                night.score
            )
            .unwrap();
        }
        let day_score = store.sleep(&key, d).unwrap().and_then(|s| s.value.score);
        if day_score.map(f64::from) != expected {
            writeln!(out, "{d} the night's record says {day_score:?}").unwrap();
        }
    }
    if days_with_vo2 < dates.len() / 2 || (has_scores && nights_scored < dates.len() / 2) {
        writeln!(
            out,
            "too few to compare: {days_with_vo2} VO₂ max, {nights_scored} scores"
        )
        .unwrap();
    }
    out
}

/// Writes `spec`'s archive, imports it, and returns the store, the account and the dates.
fn import_spec(spec: &TakeoutSpec, dir: &std::path::Path) -> (Store, String, Vec<Date>) {
    let out = match spec.format {
        Some(Format::Dir) => dir.join("export"),
        Some(Format::Tgz) => dir.join("takeout-export.tgz"),
        _ => dir.join("takeout-20261121T230000Z.zip"),
    };
    let summary = takeout::write(spec, &out).unwrap();
    let paths: Vec<std::path::PathBuf> = summary.out.iter().map(std::path::PathBuf::from).collect();
    let store = Store::open_in_memory().unwrap();
    let report = import::run(
        &paths,
        Some(&store),
        &Options {
            tz: None,
            dry_run: false,
            now: spec.now,
        },
        &mut |_| {},
    )
    .unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let dates = takeout::export_dates(&spec.person().unwrap(), spec.now);
    (store, report.account, dates)
}

/// Every reading: heart-rate buckets equal the API's 1-second day, across the autumn change
/// (1 Nov 2026 in Los Angeles: a 25-hour day).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_archive_equals_the_api_reading_for_reading_across_dst() {
    let spec = TakeoutSpec {
        era: Era::Account2019,
        days: 6,
        tz: "America/Los_Angeles".into(),
        now: "2026-11-03T20:00:00Z".parse().unwrap(),
        format: Some(Format::Dir),
        heart_every_secs: 1,
        ..TakeoutSpec::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let (store, user, dates) = import_spec(&spec, dir.path());
    assert!(dates.contains(&jiff::civil::date(2026, 11, 1)), "{dates:?}");
    let api = Api::start(ProviderKind::Fitbit, &spec).await;
    // The 2019 archive holds the legacy JSON only: no HRV, SpO₂, breathing rate, skin
    // temperature or Active Zone Minutes folders.
    let diff = differences(&store, &user, &api, &dates, true, false).await;
    assert!(diff.is_empty(), "{diff}");
    let day = store
        .heart(&import::account_key(&user), jiff::civil::date(2026, 11, 1))
        .unwrap()
        .unwrap()
        .value;
    assert_eq!(day.intraday.day_minutes(), 25 * 60, "a 25-hour day");
}

/// Each era, every day value, against the legacy API; Sydney for the Takeout eras.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_era_equals_the_api_day_by_day() {
    for (era, tz, format) in [
        (Era::Account2019, "America/Los_Angeles", Format::Zip),
        (Era::Account2021, "Europe/London", Format::Tgz),
        (Era::Takeout2024, "Australia/Sydney", Format::Zip),
        (Era::Takeout2026, "Australia/Sydney", Format::Zip),
    ] {
        let spec = TakeoutSpec {
            era,
            days: 35,
            tz: tz.into(),
            format: Some(format),
            heart_every_secs: 60,
            ..TakeoutSpec::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let (store, user, dates) = import_spec(&spec, dir.path());
        let api = Api::start(ProviderKind::Fitbit, &spec).await;
        let categories = era != Era::Account2019;
        let diff = differences(&store, &user, &api, &dates, false, categories).await;
        assert!(diff.is_empty(), "{era:?} in {tz}:\n{diff}");
        let diff = vo2_and_scores(&store, &user, &spec, &dates, categories);
        assert!(diff.is_empty(), "{era:?} in {tz}:\n{diff}");
    }
}

/// The Google Health API's view of the same person: the day totals, resting heart rate and
/// the nights (when each started and ended) equal the import's. (Minutes asleep are the
/// legacy API's in an export, which Google's own summary counts differently: the import
/// equals the legacy API's there, checked above.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_takeout_equals_the_google_api_too() {
    // 13 days: about 200 requests, within the client's own count of Google's 300 a minute
    // (the test clock stands still, so a spent minute would never end).
    let spec = TakeoutSpec {
        era: Era::Takeout2026,
        days: 14,
        tz: "Australia/Sydney".into(),
        format: Some(Format::Zip),
        heart_every_secs: 60,
        ..TakeoutSpec::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let (store, user, dates) = import_spec(&spec, dir.path());
    let api = Api::start(ProviderKind::Google, &spec).await;
    let key = import::account_key(&user);
    let p = api.provider();
    let mut out = String::new();
    for &d in &dates {
        let t = p.activity(d).await.unwrap().summary;
        let o = store
            .activity(&key, d)
            .unwrap()
            .and_then(|s| s.value.summary);
        let totals = |s: &Option<fittui::domain::activity::ActivitySummary>| {
            s.as_ref().map(|s| {
                (
                    s.steps,
                    (s.distance_m / 10.0).round(),
                    s.floors.unwrap_or(0),
                )
            })
        };
        if totals(&t) != totals(&o) {
            writeln!(
                out,
                "{d} activity: google {:?} import {:?}",
                totals(&t),
                totals(&o)
            )
            .unwrap();
        }
        let t = p.heart(d).await.unwrap().resting_bpm;
        let o = store
            .heart(&key, d)
            .unwrap()
            .and_then(|s| s.value.resting_bpm);
        if t != o {
            writeln!(out, "{d} resting: google {t:?} import {o:?}").unwrap();
        }
        let nights = |s: &fittui::domain::sleep::SleepDay| -> Vec<_> {
            s.sessions
                .iter()
                .filter(|x| !x.processing)
                .map(|x| (x.start, x.end, x.is_main))
                .collect()
        };
        let t = nights(&p.sleep(d).await.unwrap());
        let o = store
            .sleep(&key, d)
            .unwrap()
            .map(|s| nights(&s.value))
            .unwrap_or_default();
        if t != o {
            writeln!(out, "{d} sleep: google {t:?} import {o:?}").unwrap();
        }
    }
    assert!(out.is_empty(), "{out}");
}
