//! `GoogleProvider` against the simulator: every Google Health API v4 view fittui uses decodes
//! into the domain model and agrees with the simulator's person (daily totals and hours, the
//! 60 s heart-rate roll-up, zones, trends, ECG, sleep stages and naps, the classic and the
//! still-processing nights, the DST days, the not-worn day, devices), alarms are refused
//! without a request, the number of requests each view costs (counted in the simulator's request
//! log) is what `src/provider/google/client.rs` documents — including re-using the cached
//! 30-day trends while browsing back — pages are followed (through a proxy that asks the
//! simulator for smaller pages than fittui does), and Google-side faults come back typed.
//!
//! The simulator and fittui share one `FixedClock`: "now" is Saturday 2026-11-21 15:00 in Los
//! Angeles, three weeks after the fall-back; other simulators sit after the spring-forward and
//! on the afternoon of the fall-back day itself.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::too_many_lines, clippy::many_single_char_names)] // scenarios read top to bottom, with short names for the views (a, h, s...)

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use fittui::api::{ApiError, AuthProblem, ProviderKind};
use fittui::clock::{Clock, FixedClock, SharedClock};
use fittui::domain::activity::{DayActivity, HourlySteps};
use fittui::domain::alarm::AlarmDraft;
use fittui::domain::device::{AlarmSupport, BatteryLevel, DeviceKind};
use fittui::domain::ecg::EcgClassification;
use fittui::domain::gap::{Gap, GapReason};
use fittui::domain::heart::{HeartDay, Resolution};
use fittui::domain::sleep::{SleepKind, SleepLevel, SleepSegment, SleepSession};
use fittui::domain::units::{TemperatureUnit, UnitSystem};
use fittui::provider::Provider;
use fittui_sim::person::{Level, Night, Totals};
use fittui_sim::{RateLimit, SimConfig, SimHandle};
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use support::{Profile, api_requests, clock_at, refreshes, sign_in_google, summary};

const GOOGLE: ProviderKind = ProviderKind::Google;
const CHARGE_2: &str = "816713257";
const SENSE_2: &str = "2491835027";
const ARIA_AIR: &str = "FX175180B8C824";

/// The simulator at a fixed "now", sharing its clock with fittui.
struct Setup {
    sim: SimHandle,
    clock: Arc<FixedClock>,
}

/// A simulator without its per-minute limit: the clock never moves, so a long scenario would
/// otherwise spend the minute's 300 requests (the limit has its own tests below).
async fn setup(now: &str) -> Setup {
    let clock = clock_at(now);
    let sim = support::sim(
        SimConfig::new(GOOGLE.into()).rate_limit(RateLimit::Unlimited),
        &clock,
    )
    .await;
    Setup { sim, clock }
}

/// A fresh sign-in and provider (empty caches, its own local budget of 300 a minute).
fn sign_in(sim: &SimHandle, clock: &Arc<FixedClock>) -> (Profile, Arc<dyn Provider>) {
    let profile = Profile::new(sim, GOOGLE);
    sign_in_google(sim, &profile, SignedDuration::from_mins(50));
    let shared: SharedClock = clock.clone();
    let provider = profile.open(GOOGLE, shared).provider;
    (profile, provider)
}

fn la() -> TimeZone {
    TimeZone::get("America/Los_Angeles").unwrap()
}

fn back(day: Date, n: i64) -> Date {
    day.checked_sub(n.days()).unwrap()
}

impl Setup {
    fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// The day's totals as the simulator's person has them (minutes up to "now").
    fn totals(&self, day: Date) -> Totals {
        Totals::of_day(&self.sim.person().day(day), self.now())
    }
}

/// One simulator for the November scenarios: generating the person's days is the costly part,
/// so they share it, each with its own provider.
#[tokio::test]
async fn november_on_one_simulator() {
    let s = setup(support::AFTERNOON).await;
    account_is_identity_settings_and_profile(&s).await;
    activity_agrees_with_the_person(&s).await;
    heart_agrees_with_the_person(&s).await;
    sleep_agrees_with_the_person(&s).await;
    devices_and_no_alarms(&s).await;
    check_dst(
        &s,
        date(2026, 10, 31),
        date(2026, 11, 1),
        date(2026, 11, 2),
        25,
    )
    .await;
    requests_per_view_stay_within_the_documented_budget(&s).await;
}

#[tokio::test]
async fn the_spring_forward_day_and_its_neighbours() {
    let s = setup("2026-03-20T12:00:00-07:00").await;
    check_dst(&s, date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9), 23).await;
}

/// "Now" on the afternoon of the 25-hour day itself: today's hours so far count the repeated
/// one, the heart-rate day is 1500 minutes long, last night crossed the change.
#[tokio::test]
async fn today_is_the_fall_back_day() {
    let s = setup("2026-11-01T15:00:00-08:00").await;
    let (_profile, p) = sign_in(&s.sim, &s.clock);
    let today = date(2026, 11, 1);
    let a = p.activity(today).await.unwrap();
    // 00:00 PDT to 15:00 PST is sixteen hours.
    assert_eq!(check_activity(&s, &a), 16);
    let h = p.heart(today).await.unwrap();
    check_heart(&s, &h);
    assert_eq!(h.intraday.day_minutes(), 1500);
    let last = h.intraday.buckets().last().unwrap();
    assert!(last.minute < 16 * 60, "{last:?}");
    let sleep = p.sleep(today).await.unwrap();
    let nights: Vec<Night> = s
        .sim
        .person()
        .sessions(today)
        .into_iter()
        .filter(|n| n.end <= s.now())
        .collect();
    assert_eq!(sleep.sessions.len(), nights.len());
    let main = sleep.main().unwrap();
    assert_ne!(
        la().to_offset(main.start),
        la().to_offset(main.end),
        "last night crossed the change"
    );
    for (got, night) in sleep.sessions.iter().zip(&nights) {
        check_session(got, night);
    }
}

async fn account_is_identity_settings_and_profile(s: &Setup) {
    let (_profile, p) = sign_in(&s.sim, &s.clock);
    s.sim.clear_requests();
    let account = p.account().await.unwrap();
    assert_eq!(account.user_id, "4815162342108161");
    assert_eq!(account.user_id, s.sim.info().user_id);
    assert_eq!(account.display_name, None, "Google has no display name");
    assert_eq!(account.label(), "user 4815…8161");
    assert_eq!(account.time_zone_name, "America/Los_Angeles");
    assert_eq!(account.time_zone.iana_name(), Some("America/Los_Angeles"));
    assert_eq!(account.units, UnitSystem::Imperial);
    assert_eq!(account.temperature_unit, TemperatureUnit::Fahrenheit);
    assert_eq!(account.clock_12h, None);
    assert_eq!(account.member_since, Some(date(2016, 3, 2)));
    let mut paths: Vec<String> = api_requests(&s.sim).into_iter().map(|r| r.path).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/v4/users/me/identity",
            "/v4/users/me/profile",
            "/v4/users/me/settings"
        ]
    );
}

/// Checks a worn day's activity against the person; returns the number of hours.
fn check_activity(s: &Setup, a: &DayActivity) -> usize {
    let day = a.date;
    let t = s.totals(day);
    let summary = a.summary.as_ref().expect("a worn day has totals");
    assert_eq!(u64::from(summary.steps), t.steps, "{day}");
    let hourly: u32 = a.hourly_steps.iter().map(|h| h.steps).sum();
    assert_eq!(hourly, summary.steps, "{day}: daily steps = sum of hours");
    assert!(
        (summary.distance_m - t.distance_mm as f64 / 1000.0).abs() < 1e-6,
        "{day}: {} m vs {} mm",
        summary.distance_m,
        t.distance_mm
    );
    let kcal = summary.calories_kcal.expect("total calories");
    assert!(
        (kcal - t.calories).abs() < 0.01,
        "{day}: {kcal} vs {}",
        t.calories
    );
    assert_eq!(summary.floors.map(u64::from), Some(t.floors), "{day}");
    let azm = summary.azm.expect("AZM");
    assert_eq!(
        (azm.fat_burn, azm.cardio, azm.peak),
        (t.azm_fat_burn, t.azm_cardio, t.azm_peak),
        "{day}"
    );
    // AZM credits are the minutes in the MODERATE, VIGOROUS and PEAK zones (the last two count
    // double), the same minutes the Heart tab shows per zone.
    assert_eq!(
        (azm.fat_burn, azm.cardio, azm.peak),
        (
            t.gzone_minutes[2],
            2 * t.gzone_minutes[3],
            2 * t.gzone_minutes[4]
        ),
        "{day}"
    );
    assert_eq!(
        summary.active_minutes,
        Some(t.fairly + t.very),
        "{day}: MODERATE + VIGOROUS"
    );

    // Hours: one per local clock hour that has a finished minute, each exactly the person's
    // minutes of that hour.
    let person_day = s.sim.person().day(day);
    let minutes = person_day.minutes_until(s.now());
    let expected: Vec<HourlySteps> = minutes
        .chunks(60)
        .enumerate()
        .map(|(k, chunk)| HourlySteps {
            start: person_day.start + SignedDuration::from_hours(k as i64),
            steps: chunk.iter().map(|m| u32::from(m.steps)).sum(),
        })
        .collect();
    assert_eq!(a.hourly_steps, expected, "{day}");
    assert_eq!(
        a.hourly_steps.first().unwrap().start,
        day.to_zoned(la()).unwrap().timestamp()
    );

    // The week: seven days ending on the day; a day without data is `None`, never zero.
    assert_eq!(a.week_steps.len(), 7);
    assert_eq!(a.week_steps.first().unwrap().date, back(day, 6));
    assert_eq!(a.week_steps.last().unwrap().date, day);
    assert_eq!(a.week_steps.last().unwrap().value, Some(summary.steps));
    for d in &a.week_steps {
        if s.sim.person().is_not_worn(d.date) {
            assert_eq!(d.value, None, "{}", d.date);
        } else {
            assert_eq!(
                d.value.map(u64::from),
                Some(s.totals(d.date).steps),
                "{}",
                d.date
            );
        }
    }
    assert_eq!(a.goals, None, "Google keeps no goals");
    a.hourly_steps.len()
}

async fn activity_agrees_with_the_person(s: &Setup) {
    let (_profile, p) = sign_in(&s.sim, &s.clock);
    let special = s.sim.person().special().clone();
    let today = date(2026, 11, 21);
    let not_worn = special.not_worn.unwrap();
    assert_eq!(not_worn, date(2026, 11, 12));

    for day in [date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20)] {
        let a = p.activity(day).await.unwrap();
        assert_eq!(check_activity(s, &a), 24, "{day}");
        assert!(a.summary.as_ref().unwrap().steps > 1000, "{day}");
    }
    // Today: data up to 15:00 only, so the hours 00–14.
    let a = p.activity(today).await.unwrap();
    assert_eq!(check_activity(s, &a), 15);
    let last = a.hourly_steps.last().unwrap();
    assert!(last.start < s.now() && last.start + SignedDuration::from_hours(1) <= s.now());

    // The day the tracker was not worn: no totals, no hours, and `None` in every week trend.
    let a = p.activity(not_worn).await.unwrap();
    assert_eq!(a.summary, None);
    assert!(a.hourly_steps.is_empty());
    assert!(a.is_empty());
    assert_eq!(a.week_steps.last().unwrap().value, None);
    assert_eq!(a.goals, None);
    let a = p.activity(date(2026, 11, 14)).await.unwrap();
    check_activity(s, &a);
    let week: Vec<Option<u32>> = a.week_steps.iter().map(|d| d.value).collect();
    assert_eq!(week[4], None, "{week:?}");
    assert!(
        week.iter()
            .enumerate()
            .all(|(i, v)| (i == 4) == v.is_none()),
        "{week:?}"
    );
}

/// The person's heart rate as 60 s windows from local midnight: `(minute, min, max, mean)` of
/// the readings before now.
fn person_minutes(s: &Setup, day: Date) -> Vec<(u16, u16, u16, f64)> {
    let d = s.sim.person().day(day);
    let done = d.seconds_done(s.now()) as usize;
    d.hr[..done]
        .chunks(60)
        .enumerate()
        .filter_map(|(m, secs)| {
            let read: Vec<u16> = secs
                .iter()
                .filter(|b| **b > 0)
                .map(|b| u16::from(*b))
                .collect();
            let (min, max) = (*read.iter().min()?, *read.iter().max()?);
            let mean = read.iter().map(|b| f64::from(*b)).sum::<f64>() / read.len() as f64;
            Some((u16::try_from(m).unwrap(), min, max, mean))
        })
        .collect()
}

/// Checks a worn day's heart data against the person.
fn check_heart(s: &Setup, h: &HeartDay) {
    let day = h.date;
    let person = s.sim.person();
    let series = &h.intraday;
    assert_eq!(series.resolution, Resolution::Minute, "{day}");
    let (start, end) = person.bounds(day);
    assert_eq!((series.start, series.end), (start, end), "{day}");
    let expected = person_minutes(s, day);
    assert!(!expected.is_empty());
    assert_eq!(
        series.buckets().len(),
        expected.len(),
        "{day}: one bucket per minute with readings"
    );
    for (b, (minute, min, max, mean)) in series.buckets().iter().zip(&expected) {
        assert_eq!((b.minute, b.min, b.max), (*minute, *min, *max), "{day}");
        assert!(
            (f64::from(b.mean) - mean).abs() < 1e-3,
            "{day} {minute}: {} vs {mean}",
            b.mean
        );
        assert!(
            f32::from(b.min) <= b.mean && b.mean <= f32::from(b.max),
            "{day}: {b:?}"
        );
    }

    // Zone thresholds: MODERATE, VIGOROUS and PEAK lower bounds of `daily-heart-rate-zones`.
    let zones = person.zones(day);
    let z = h.zones.expect("zone thresholds");
    assert_eq!(
        (z.fat_burn, z.cardio, z.peak),
        (
            u16::from(zones.fat_burn),
            u16::from(zones.cardio),
            u16::from(zones.peak)
        ),
        "{day}"
    );
    // Time in zones: Google's LIGHT, MODERATE, VIGOROUS and PEAK.
    let t = s.totals(day);
    let m = h.time_in_zones.expect("minutes per zone");
    assert_eq!(
        [m.below, m.fat_burn, m.cardio, m.peak],
        [
            t.gzone_minutes[1],
            t.gzone_minutes[2],
            t.gzone_minutes[3],
            t.gzone_minutes[4]
        ],
        "{day}"
    );

    // Resting heart rate and its 30-day trend, oldest first, `None` on the not-worn day.
    assert_eq!(h.resting_bpm, Some(u16::from(person.rhr(day))), "{day}");
    assert_eq!(h.resting_trend.len(), 30);
    assert_eq!(h.resting_trend.first().unwrap().date, back(day, 29));
    assert_eq!(h.resting_trend.last().unwrap().date, day);
    for v in &h.resting_trend {
        let want = (!person.is_not_worn(v.date)).then(|| u16::from(person.rhr(v.date)));
        assert_eq!(v.value, want, "{}", v.date);
    }
    // HRV of the night that ended on the day, and its trend.
    assert_eq!(h.hrv_trend.len(), 30);
    assert_eq!(h.hrv_trend.last().unwrap().date, day);
    for v in &h.hrv_trend {
        let want = person.nightly(v.date, s.now()).map(|n| n.rmssd);
        match (v.value, want) {
            (Some(got), Some(want)) => assert!((got - want).abs() < 1e-9, "{}", v.date),
            (got, want) => assert_eq!(got, want, "{}", v.date),
        }
    }
    match person.nightly(day, s.now()) {
        Some(n) => {
            let hrv = h.hrv.expect("HRV");
            assert!((hrv.daily_rmssd_ms - n.rmssd).abs() < 1e-9, "{day}");
            assert!((hrv.deep_rmssd_ms.unwrap() - n.deep_rmssd).abs() < 1e-9);
        }
        None => assert_eq!(h.hrv, None, "{day}"),
    }
}

async fn heart_agrees_with_the_person(s: &Setup) {
    let (_profile, p) = sign_in(&s.sim, &s.clock);
    let person = s.sim.person();
    let special = person.special().clone();
    let today = date(2026, 11, 21);

    for day in [today, date(2026, 11, 20), date(2026, 11, 19)] {
        let h = p.heart(day).await.unwrap();
        check_heart(s, &h);
        assert_eq!(h.intraday.day_minutes(), 1440);
    }
    // Nothing after "now" on today's chart.
    let h = p.heart(today).await.unwrap();
    let last = h.intraday.buckets().last().unwrap();
    let last_at = fittui::domain::heart::minute_instant(h.intraday.start, u32::from(last.minute));
    assert!(last_at < s.now());
    assert!(h.intraday.buckets().len() < 15 * 60 + 1);

    // The not-worn day: no series, no resting HR, no zones, no minutes in zones.
    let not_worn = special.not_worn.unwrap();
    let h = p.heart(not_worn).await.unwrap();
    assert!(h.intraday.is_empty());
    assert_eq!(h.resting_bpm, None);
    assert_eq!(h.resting_trend.last().unwrap().value, None);
    assert_eq!(h.time_in_zones, None);
    assert_eq!(h.zones, None);
    assert_eq!(h.ecg, Some(vec![]));

    // ECG readings on their days (the inconclusive one included), none on the days around.
    let ecgs = fittui_sim::person::extras::ecgs(person, s.now());
    assert_eq!(
        special.ecg,
        [
            date(2026, 9, 12),
            date(2026, 10, 12),
            date(2026, 11, 4),
            date(2026, 11, 18)
        ]
    );
    assert_eq!(special.ecg_inconclusive, Some(date(2026, 11, 4)));
    // Older days also reach back past the cached trends (and the start of the data, 2026-08-24,
    // for the last): the trend windows are filled in, `None` before the data begins.
    for (day, class) in [
        (date(2026, 11, 18), EcgClassification::NormalSinusRhythm),
        (date(2026, 11, 4), EcgClassification::Inconclusive),
        (date(2026, 10, 12), EcgClassification::NormalSinusRhythm),
        (date(2026, 9, 12), EcgClassification::NormalSinusRhythm),
    ] {
        let h = p.heart(day).await.unwrap();
        check_heart(s, &h);
        let readings = h.ecg.expect("ECG scope granted");
        assert_eq!(readings.len(), 1, "{day}");
        let r = &readings[0];
        let want = ecgs.iter().find(|e| e.date == day).unwrap();
        assert_eq!(r.start, want.at);
        assert_eq!(r.start.to_zoned(la()).date(), day);
        assert_eq!(r.classification, class, "{day}: {}", r.classification_text);
        assert_eq!(r.average_hr, Some(u16::try_from(want.bpm).unwrap()));
        assert_eq!(r.samples, want.samples);
        assert_eq!(r.samples.len(), 7500);
        assert!((r.sampling_hz - 250.0).abs() < f64::EPSILON);
        assert!((r.scaling_factor - 10922.0).abs() < f64::EPSILON);
        assert_eq!(r.lead, Some(1));
        assert_eq!(r.device.as_deref(), Some("Sense 2"));
    }
    for day in [date(2026, 11, 17), date(2026, 11, 5), date(2026, 11, 3)] {
        assert_eq!(p.heart(day).await.unwrap().ecg, Some(vec![]), "{day}");
    }
}

fn level(l: Level) -> SleepLevel {
    match l {
        Level::Deep => SleepLevel::Deep,
        Level::Light => SleepLevel::Light,
        Level::Rem => SleepLevel::Rem,
        Level::Wake => SleepLevel::Wake,
        Level::Asleep => SleepLevel::Asleep,
        Level::Restless => SleepLevel::Restless,
        Level::Awake => SleepLevel::Awake,
    }
}

/// Checks a finished session (main or nap) against the person's night.
fn check_session(got: &SleepSession, night: &Night) {
    let day = night.date;
    assert_eq!((got.start, got.end), (night.start, night.end), "{day}");
    assert_eq!(got.is_main, night.is_main, "{day}");
    assert!(!got.processing, "{day}");
    let kind = if night.classic {
        SleepKind::Classic
    } else {
        SleepKind::Stages
    };
    assert_eq!(got.kind, kind, "{day}");
    assert_eq!(got.time_in_bed, night.minutes(), "{day}");
    assert_eq!(
        got.minutes_asleep + got.minutes_awake,
        got.time_in_bed,
        "{day}"
    );
    // The long-form timeline: short wakes merged into the stage they interrupt; AWAKE is
    // `Wake` in a stages session, `Awake` in a classic one.
    let segments: Vec<SleepSegment> = night
        .long_runs()
        .iter()
        .map(|r| SleepSegment {
            start: night.at(r.start),
            seconds: r.secs,
            level: level(r.level),
        })
        .collect();
    assert_eq!(got.segments, segments, "{day}");
    assert_eq!(got.segments.first().unwrap().start, got.start);
    assert_eq!(got.segments.last().unwrap().end(), got.end);
    let awake = if night.classic {
        SleepLevel::Awake
    } else {
        SleepLevel::Wake
    };
    let unexpected = if night.classic {
        SleepLevel::Wake
    } else {
        SleepLevel::Awake
    };
    assert!(
        got.segments.iter().all(|seg| seg.level != unexpected),
        "{day}"
    );
    assert!(got.segments.iter().any(|seg| seg.level == awake) || !night.is_main);
    // Short awakenings are wakes, whatever stage type Google gives them.
    let short: Vec<SleepSegment> = night
        .short_wakes()
        .iter()
        .map(|(r, _)| SleepSegment {
            start: night.at(r.start),
            seconds: r.secs,
            level: SleepLevel::Wake,
        })
        .collect();
    assert_eq!(got.short_wakes, short, "{day}");
    // Minutes per stage as `stagesSummary` has them.
    let mut want: Vec<(SleepLevel, u32)> = night
        .long_totals()
        .iter()
        .map(|t| (level(t.level), t.minutes))
        .collect();
    let mut have: Vec<(SleepLevel, u32)> =
        got.stages.iter().map(|t| (t.level, t.minutes)).collect();
    want.sort_by_key(|(l, _)| format!("{l:?}"));
    have.sort_by_key(|(l, _)| format!("{l:?}"));
    assert_eq!(have, want, "{day}");
    let asleep: u32 = night
        .long_totals()
        .iter()
        .filter(|t| t.level.is_asleep())
        .map(|t| t.minutes)
        .sum();
    assert_eq!(got.minutes_asleep, asleep, "{day}");
}

/// The 30-day stage averages, by hand: minutes per stage of the staged main sleeps of the 30
/// nights before `day` (the classic night, the not-worn night and the night still processing
/// have none).
fn thirty_day_averages(s: &Setup, day: Date) -> HashMap<SleepLevel, u32> {
    let person = s.sim.person();
    let processing = person.processing_night(s.now());
    let mut sums: HashMap<SleepLevel, (u32, u32)> = HashMap::new();
    let mut nights = 0;
    for n in 1..=30 {
        let d = back(day, n);
        let Some(night) = person.main_night(d) else {
            continue;
        };
        if night.classic || processing == Some(d) {
            continue;
        }
        nights += 1;
        for t in night.long_totals() {
            let e = sums.entry(level(t.level)).or_default();
            e.0 += t.minutes;
            e.1 += 1;
        }
    }
    assert_eq!(
        nights, 27,
        "30 nights minus the not-worn, classic and processing ones"
    );
    sums.into_iter()
        .map(|(l, (sum, n))| (l, (f64::from(sum) / f64::from(n)).round() as u32))
        .collect()
}

async fn sleep_agrees_with_the_person(s: &Setup) {
    let (_profile, p) = sign_in(&s.sim, &s.clock);
    let person = s.sim.person();
    let special = person.special().clone();
    let today = date(2026, 11, 21);

    // A normal stages night, with its vitals and the 30-day averages fittui computes.
    let day = date(2026, 11, 20);
    let sleep = p.sleep(day).await.unwrap();
    assert!(!sleep.processing);
    let nights = person.sessions(day);
    assert_eq!(sleep.sessions.len(), nights.len());
    for (got, night) in sleep.sessions.iter().zip(&nights) {
        check_session(got, night);
    }
    let main = sleep.main().expect("main sleep");
    assert!(!main.short_wakes.is_empty(), "short awakenings");
    let averages = thirty_day_averages(s, day);
    assert_eq!(averages.len(), 4);
    for stage in &main.stages {
        assert_eq!(
            stage.thirty_day_avg,
            averages.get(&stage.level).copied(),
            "{:?}",
            stage.level
        );
    }
    // One value spelt out: the REM average is the mean of the 27 staged nights' REM minutes.
    let rem: Vec<u32> = (1..=30)
        .filter_map(|n| person.main_night(back(day, n)))
        .filter(|night| !night.classic && Some(night.date) != person.processing_night(s.now()))
        .map(|night| {
            night
                .long_totals()
                .iter()
                .find(|t| t.level == Level::Rem)
                .unwrap()
                .minutes
        })
        .collect();
    assert_eq!(rem.len(), 27);
    let rem_avg = (f64::from(rem.iter().sum::<u32>()) / 27.0).round() as u32;
    let got = main
        .stages
        .iter()
        .find(|t| t.level == SleepLevel::Rem)
        .unwrap();
    assert_eq!(got.thirty_day_avg, Some(rem_avg));
    // SpO2, breathing rate and skin temperature of the night.
    let n = person.nightly(day, s.now()).unwrap();
    let spo2 = sleep.spo2.expect("SpO2");
    assert!((spo2.avg - n.spo2_avg).abs() < 1e-9, "{spo2:?}");
    assert!((spo2.min.unwrap() - n.spo2_min).abs() < 1e-9);
    assert!((spo2.max.unwrap() - n.spo2_max).abs() < 1e-9);
    assert!((sleep.breathing_rate.unwrap() - n.br_full).abs() < 1e-9);
    let delta = sleep.skin_temp_delta_c.expect("skin temperature");
    assert!(
        (delta - (n.skin_nightly_c - n.skin_baseline_c)).abs() < 1e-9,
        "{delta}"
    );

    // Last night, which ended this morning.
    let sleep = p.sleep(today).await.unwrap();
    assert!(!sleep.processing);
    check_session(sleep.main().unwrap(), &person.main_night(today).unwrap());
    assert!(sleep.spo2.is_some() && sleep.breathing_rate.is_some());

    // Naps: filed apart from the main sleep (classic, not main), on the day they ended.
    let nap_days: Vec<Date> = (1..=60)
        .map(|n| back(today, n))
        .filter(|d| person.sessions(*d).iter().any(|n| !n.is_main))
        .collect();
    assert!(!nap_days.is_empty(), "the person naps some days");
    for d in nap_days.iter().take(2) {
        let sleep = p.sleep(*d).await.unwrap();
        let nights = person.sessions(*d);
        assert_eq!(sleep.sessions.len(), nights.len(), "{d}");
        let naps: Vec<&SleepSession> = sleep.naps().collect();
        let want: Vec<&Night> = nights.iter().filter(|n| !n.is_main).collect();
        assert_eq!(naps.len(), want.len(), "{d}");
        for (nap, night) in naps.iter().zip(want) {
            check_session(nap, night);
            assert_eq!(nap.kind, SleepKind::Classic);
            assert!(nap.stages.iter().all(|t| t.thirty_day_avg.is_none()));
        }
        if let Some(main) = sleep.main()
            && !main.processing
        {
            assert!(naps.iter().all(|nap| nap.start != main.start));
        }
    }

    // The classic night: asleep / restless / awake, no short wakes, no vitals.
    let classic = special.classic_night.unwrap();
    assert_eq!(classic, date(2026, 11, 16));
    let sleep = p.sleep(classic).await.unwrap();
    let main = sleep.main().unwrap();
    check_session(main, &person.main_night(classic).unwrap());
    assert_eq!(main.kind, SleepKind::Classic);
    assert!(main.short_wakes.is_empty());
    assert!(main.stages.iter().all(|t| t.thirty_day_avg.is_none()));
    assert_eq!(
        (sleep.spo2, sleep.breathing_rate, sleep.skin_temp_delta_c),
        (None, None, None)
    );

    // The night still processing (L-2): "retry later", its session without stages.
    let processing = special.processing_night.unwrap();
    assert_eq!(processing, date(2026, 11, 19));
    assert_eq!(person.processing_night(s.now()), Some(processing));
    let sleep = p.sleep(processing).await.unwrap();
    assert!(sleep.processing);
    assert!(!sleep.is_empty());
    let main = sleep
        .main()
        .expect("the session is there, still processing");
    let night = person.main_night(processing).unwrap();
    assert_eq!((main.start, main.end), (night.start, night.end));
    assert!(main.processing);
    assert!(main.segments.is_empty() && main.stages.is_empty());
    assert_eq!(sleep.spo2, None);

    // The not-worn night: nothing at all.
    let not_worn = special.not_worn.unwrap();
    let sleep = p.sleep(not_worn).await.unwrap();
    assert!(sleep.sessions.is_empty());
    assert!(!sleep.processing);
    assert!(sleep.is_empty());
}

async fn devices_and_no_alarms(s: &Setup) {
    let (_profile, p) = sign_in(&s.sim, &s.clock);
    s.sim.clear_requests();
    let devices = p.devices().await.unwrap();
    let ids: Vec<&str> = devices.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, [CHARGE_2, SENSE_2, ARIA_AIR]);
    // One request: fittui asks for the largest page (Google's default is only 5).
    let log = api_requests(&s.sim);
    assert_eq!(log.len(), 1, "{:?}", summary(&log));
    assert_eq!(log[0].path, "/v4/users/me/pairedDevices");
    assert_eq!(log[0].query, "pageSize=100");

    let by_id = |id: &str| devices.iter().find(|d| d.id == id).unwrap();
    let person = s.sim.person();
    let now = s.now();
    let last_sync = |id| fittui_sim::person::extras::last_sync(person, id, now);

    let charge = by_id(CHARGE_2);
    assert_eq!(charge.model, "Charge 2");
    assert_eq!(charge.kind, DeviceKind::Tracker);
    assert_eq!(
        (charge.battery.clone(), charge.battery_percent),
        (Some(BatteryLevel::Low), Some(14))
    );
    assert_eq!(charge.mac.as_deref(), Some("16:AD:D5:6D:54:A1"));
    assert!(charge.features.iter().any(|f| f == "ALARMS"));
    assert_eq!(charge.alarms, AlarmSupport::DeviceOnly);
    assert_eq!(charge.last_sync, Some(last_sync(CHARGE_2)));

    let sense = by_id(SENSE_2);
    assert_eq!(sense.kind, DeviceKind::Tracker);
    assert_eq!(
        (sense.battery.clone(), sense.battery_percent),
        (Some(BatteryLevel::High), Some(82))
    );
    assert!(sense.features.iter().any(|f| f == "HEART_RATE"));
    assert!(!sense.features.iter().any(|f| f == "ALARMS"));
    assert_eq!(sense.alarms, AlarmSupport::None);
    assert_eq!(sense.last_sync, Some(last_sync(SENSE_2)));

    let scale = by_id(ARIA_AIR);
    assert_eq!(
        (scale.model.as_str(), &scale.kind),
        ("Aria Air", &DeviceKind::Scale)
    );
    assert_eq!(
        (scale.battery.clone(), scale.battery_percent),
        (Some(BatteryLevel::Medium), Some(60))
    );
    assert_eq!(scale.mac, None);
    assert!(scale.features.is_empty());
    assert_eq!(scale.alarms, AlarmSupport::None);
    assert_eq!(scale.last_sync, Some(last_sync(ARIA_AIR)));
    for d in &devices {
        assert!(d.last_sync.is_some_and(|t| t <= now), "{d:?}");
    }

    // No alarm resource: every alarm call is refused without a request.
    s.sim.clear_requests();
    let unsupported = |r: Result<_, ApiError>| matches!(r, Err(ApiError::Unsupported(_)));
    assert!(unsupported(p.alarms().await.map(drop)));
    let draft = AlarmDraft::default();
    assert!(unsupported(
        p.save_alarm(CHARGE_2, None, &draft).await.map(drop)
    ));
    assert!(unsupported(
        p.save_alarm(CHARGE_2, Some(11_426_382), &draft)
            .await
            .map(drop)
    ));
    assert!(unsupported(p.delete_alarm(CHARGE_2, 11_426_382).await));
    assert!(api_requests(&s.sim).is_empty());
    assert_eq!(p.capabilities().alarms, fittui::api::AlarmAccess::None);
}

/// Checks the days around a DST change: hour counts, day lengths and the night's instants.
async fn check_dst(s: &Setup, before: Date, change: Date, after: Date, change_hours: usize) {
    let (_profile, p) = sign_in(&s.sim, &s.clock);
    let change_minutes = u32::try_from(change_hours * 60).unwrap();
    for (day, hours, minutes) in [
        (before, 24, 1440),
        (change, change_hours, change_minutes),
        (after, 24, 1440),
    ] {
        let a = p.activity(day).await.unwrap();
        assert_eq!(check_activity(s, &a), hours, "{day}");
        // Each hour starts an hour after the previous one (the repeated or skipped hour
        // included), the first at local midnight, the last an hour before the next midnight.
        for pair in a.hourly_steps.windows(2) {
            assert_eq!(
                pair[1].start.duration_since(pair[0].start),
                SignedDuration::from_hours(1)
            );
        }
        let next_midnight = day.tomorrow().unwrap().to_zoned(la()).unwrap().timestamp();
        assert_eq!(
            a.hourly_steps.last().unwrap().start + SignedDuration::from_hours(1),
            next_midnight,
            "{day}"
        );
        let h = p.heart(day).await.unwrap();
        check_heart(s, &h);
        assert_eq!(h.intraday.day_minutes(), minutes, "{day}");
        assert_eq!(h.intraday.end, next_midnight);
        let sleep = p.sleep(day).await.unwrap();
        let nights = s.sim.person().sessions(day);
        assert_eq!(sleep.sessions.len(), nights.len(), "{day}");
        for (got, night) in sleep.sessions.iter().zip(&nights) {
            check_session(got, night);
            let covered: u32 = got.segments.iter().map(|seg| seg.seconds).sum();
            assert_eq!(covered / 60, got.time_in_bed, "{day}");
        }
    }
    // The night that ended on the change day: bed on one side of the change, up on the other;
    // the instants are right and the time in bed is the real elapsed time, not the wall-clock
    // difference.
    let night = s.sim.person().main_night(change).unwrap();
    let main = p.sleep(change).await.unwrap();
    let main = main.main().unwrap();
    let offset = |t: Timestamp| la().to_offset(t).seconds();
    assert_ne!(
        offset(main.start),
        offset(main.end),
        "the night crosses the change"
    );
    assert_eq!(
        i64::from(main.time_in_bed),
        main.end.duration_since(main.start).as_mins()
    );
    assert_eq!((main.start, main.end), (night.start, night.end));
}

/// Requests the simulator received since the last call, as `path?query`.
fn take(s: &Setup) -> Vec<String> {
    let paths = api_requests(&s.sim)
        .into_iter()
        .map(|r| format!("{}?{}", r.path, r.query))
        .collect::<Vec<_>>();
    s.sim.clear_requests();
    paths
}

fn count(paths: &[String], needle: &str) -> usize {
    paths.iter().filter(|p| p.contains(needle)).count()
}

async fn requests_per_view_stay_within_the_documented_budget(s: &Setup) {
    // Counted with a provider whose caches are empty, as after a start.
    let (_profile, p) = sign_in(&s.sim, &s.clock);
    s.sim.clear_requests();
    let mut total = 0;
    let mut take = || {
        let r = take(s);
        total += r.len();
        r
    };
    let today = date(2026, 11, 21);

    // Identity, settings and profile once, for the account's zone.
    p.account().await.unwrap();
    assert_eq!(take().len(), 3);

    // Today: six daily roll-ups (steps over the 7-day week) and the hourly steps. Nothing is
    // cached: the week comes with the day's own steps request.
    for n in 0..=6 {
        p.activity(back(today, n)).await.unwrap();
        let r = take();
        assert_eq!(r.len(), 7, "day -{n}: {r:?}");
        assert_eq!(count(&r, ":dailyRollUp"), 6, "{r:?}");
        assert_eq!(count(&r, "/steps/dataPoints:rollUp"), 1, "{r:?}");
    }

    // Heart, today: the 60 s roll-up (one page, even for 25 hours), zones, minutes in zones,
    // ECG, and the 60 days of resting HR and HRV ending today (the 30-day window and the 30
    // days before it; two pages each, as the simulator scans a month per request).
    p.heart(today).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 8, "{r:?}");
    assert_eq!(count(&r, "/heart-rate/dataPoints:rollUp"), 1, "{r:?}");
    assert_eq!(count(&r, "/daily-heart-rate-zones/"), 1, "{r:?}");
    assert_eq!(count(&r, "/time-in-heart-rate-zone/"), 1, "{r:?}");
    assert_eq!(count(&r, "/electrocardiogram/"), 1, "{r:?}");
    let sixty_days = "date+%3E%3D+%222026-09-23%22+AND+";
    assert_eq!(count(&r, "/daily-resting-heart-rate/"), 2, "{r:?}");
    assert_eq!(count(&r, "/daily-heart-rate-variability/"), 2, "{r:?}");
    assert_eq!(count(&r, sixty_days), 4, "{r:?}");
    // Yesterday: the day's own four, and its resting HR and HRV again (they may still change).
    p.heart(back(today, 1)).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 6, "day -1: {r:?}");
    let yesterday_only = "date+%3E%3D+%222026-11-20%22+AND+";
    assert_eq!(
        count(&r, yesterday_only),
        3,
        "zones, resting HR, HRV: {r:?}"
    );
    // Further back: the trends come from the cache, the day's own four requests remain.
    for n in 2..=6 {
        p.heart(back(today, n)).await.unwrap();
        let r = take();
        assert_eq!(r.len(), 4, "day -{n}: {r:?}");
        assert_eq!(count(&r, "/daily-resting-heart-rate/"), 0, "{r:?}");
        assert_eq!(count(&r, "/daily-heart-rate-variability/"), 0, "{r:?}");
    }
    // Today again (a refresh): the day's own four, and the resting HR and HRV of today and
    // yesterday, which are still settling and never cached.
    p.heart(today).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 6, "{r:?}");
    let today_only = "date+%3E%3D+%222026-11-21%22+AND+";
    assert_eq!(count(&r, today_only), 1, "zones: {r:?}");
    assert_eq!(count(&r, yesterday_only), 2, "resting HR, HRV: {r:?}");
    assert_eq!(count(&r, "/daily-resting-heart-rate/"), 1, "{r:?}");
    assert_eq!(count(&r, "/daily-heart-rate-variability/"), 1, "{r:?}");

    // Sleep, today: the sessions of the 31 nights ending today (25 per page: two pages) and
    // today's three nightly values (today's are never cached).
    p.sleep(today).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 5, "{r:?}");
    assert_eq!(count(&r, "/sleep/dataPoints?"), 2, "{r:?}");
    assert_eq!(count(&r, today_only), 3, "{r:?}");
    // Yesterday: the sessions, and the 31 days of nightly values ending yesterday (two pages
    // each); then only the sessions per night.
    p.sleep(back(today, 1)).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 8, "{r:?}");
    assert_eq!(count(&r, "/sleep/dataPoints?"), 2, "{r:?}");
    assert_eq!(count(&r, ".date+%3E%3D+%222026-10-21%22+AND+"), 6, "{r:?}");
    for n in 2..=6 {
        p.sleep(back(today, n)).await.unwrap();
        let r = take();
        assert_eq!(r.len(), 2, "night -{n}: {r:?}");
        assert_eq!(count(&r, "/sleep/dataPoints?"), 2, "{r:?}");
    }

    // Devices: one page of up to 100. Alarms: nothing to ask.
    p.devices().await.unwrap();
    assert_eq!(take(), ["/v4/users/me/pairedDevices?pageSize=100"]);
    assert!(p.alarms().await.is_err());
    assert!(take().is_empty());

    // Today and six days back on the three day tabs (and today's heart again), plus devices:
    // 116 requests, well within the 300 a minute Google allows.
    assert_eq!(total, 116);
}

// ------------------------------------------------------------------------------------------
// Faults on the Google side

/// A simulator with Google's own limits, signed in.
async fn faulty(now: &str, rate: RateLimit) -> (Setup, Profile, Arc<dyn Provider>) {
    let clock = clock_at(now);
    let sim = support::sim(SimConfig::new(GOOGLE.into()).rate_limit(rate), &clock).await;
    let s = Setup { sim, clock };
    let (profile, provider) = sign_in(&s.sim, &s.clock);
    (s, profile, provider)
}

#[tokio::test]
async fn a_429_resource_exhausted_is_rate_limited_and_holds_later_requests() {
    let (s, _profile, p) = faulty(support::AFTERNOON, RateLimit::default_for(GOOGLE.into())).await;
    s.sim.set_faults("429:100%").unwrap();
    let err = p.devices().await.unwrap_err();
    // Google sends neither `Retry-After` nor `RetryInfo`: a minute (its quota window).
    assert_eq!(
        err,
        ApiError::RateLimited {
            until: s.now() + SignedDuration::from_secs(60)
        }
    );
    assert!(err.is_transient());
    // A 429 is retried (with backoff, in the clock's virtual time): four attempts in all, and
    // the last answer is returned.
    assert_eq!(api_requests(&s.sim).len(), 4);

    // Nothing more is sent before then; after it the same provider works again.
    s.sim.set_faults("none").unwrap();
    let next = tokio::time::timeout(Duration::from_millis(300), p.devices()).await;
    assert!(next.is_err(), "the call waits");
    assert_eq!(api_requests(&s.sim).len(), 4);
    s.clock.advance(SignedDuration::from_secs(61));
    let devices = tokio::time::timeout(Duration::from_secs(10), p.devices())
        .await
        .expect("sent after the wait")
        .unwrap();
    assert_eq!(devices.len(), 3);
}

#[tokio::test]
async fn the_per_user_limit_answers_resource_exhausted_and_maps_to_rate_limited() {
    // Three requests a minute: the account takes them, the fourth is refused by the server.
    let (s, _profile, p) = faulty(
        "2026-11-21T15:00:10-08:00",
        RateLimit::Window {
            limit: 3,
            period_secs: 60,
        },
    )
    .await;
    p.account().await.unwrap();
    let err = p.devices().await.unwrap_err();
    assert!(
        matches!(err, ApiError::RateLimited { until } if until > s.now()),
        "{err:?}"
    );
    let log = api_requests(&s.sim);
    assert_eq!(log.last().unwrap().status, 429, "{:?}", summary(&log));
}

#[tokio::test]
async fn a_401_on_a_view_means_one_refresh_and_one_retry_per_request() {
    let (s, profile, p) = faulty(support::AFTERNOON, RateLimit::default_for(GOOGLE.into())).await;
    p.account().await.unwrap();
    let before = profile.stored(GOOGLE);
    s.sim.clear_requests();
    // Every access token expires as the next request arrives: the seven concurrent requests of
    // the Today view are all refused once.
    s.sim.set_faults("expire-after:0").unwrap();
    let day = date(2026, 11, 20);
    let a = p.activity(day).await.unwrap();
    check_activity(&s, &a);
    assert_eq!(
        refreshes(&s.sim, GOOGLE).len(),
        1,
        "{:?}",
        summary(&s.sim.requests())
    );
    let log = api_requests(&s.sim);
    let rejected = log.iter().filter(|r| r.status == 401).count();
    let answered = log.iter().filter(|r| r.status == 200).count();
    assert!((1..=7).contains(&rejected), "{:?}", summary(&log));
    assert_eq!(answered, 7, "{:?}", summary(&log));
    assert_eq!(
        log.len(),
        rejected + answered,
        "each refused request is retried once"
    );
    let after = profile.stored(GOOGLE);
    assert_ne!(after.access_token, before.access_token);
    assert_eq!(after.refresh_token, before.refresh_token, "Google keeps it");

    // A token that is refused again after the refresh is not retried a second time.
    s.sim.clear_requests();
    s.sim.set_faults("none").unwrap();
    s.sim.revoke_all_tokens();
    let err = p.devices().await.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Unauthorized {
                problem: AuthProblem::Revoked,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.needs_sign_in());
    assert_eq!(
        api_requests(&s.sim).len(),
        1,
        "{:?}",
        summary(&s.sim.requests())
    );
}

#[tokio::test]
async fn scopes_left_out_at_consent_hide_what_they_cover_and_nothing_else() {
    let (s, _, _) = faulty(support::AFTERNOON, RateLimit::Unlimited).await;
    let profile = Profile::new(&s.sim, GOOGLE);
    let scopes: Vec<&str> = support::GOOGLE_ALL
        .iter()
        .copied()
        .filter(|scope| !scope.ends_with(".ecg.readonly") && !scope.ends_with(".profile.readonly"))
        .collect();
    assert_eq!(scopes.len(), support::GOOGLE_ALL.len() - 2);
    support::sign_in_google_with(&s.sim, &profile, SignedDuration::from_mins(50), &scopes);
    let shared: SharedClock = s.clock.clone();
    let p = profile.open(GOOGLE, shared).provider;
    // No profile: no membership date, the rest of the account is there.
    let account = p.account().await.unwrap();
    assert_eq!(account.member_since, None);
    assert_eq!(account.time_zone_name, "America/Los_Angeles");
    // No ECG scope: "no ECG access" (`None`), not "no readings" and not a failed day; the gap
    // names the permission, and nothing is asked that could only be refused.
    let h = p.heart(date(2026, 11, 18)).await.unwrap();
    assert_eq!(h.ecg, None);
    assert_eq!(h.gaps, [Gap::not_granted("ECG readings", "ECG")]);
    check_heart(&s, &h);
    let log = api_requests(&s.sim);
    assert!(log.iter().all(|r| r.status != 403), "{:?}", summary(&log));
    let never: Vec<&str> = log
        .iter()
        .map(|r| r.path.as_str())
        .filter(|p| p.ends_with("/users/me/profile") || p.contains("/electrocardiogram/"))
        .collect();
    assert!(never.is_empty(), "asked without the scope: {never:?}");
    assert!(
        log.iter().any(|r| r.path.ends_with("/users/me/identity")),
        "the rest of the account is asked"
    );
}

/// For each scope left unticked at consent: the account still loads (without settings, from
/// this computer's zone, saying so), each view either arrives with gaps naming the permission
/// or — when the permission covers its core — fails as `Forbidden` with that scope, and no
/// request is sent that the scope could only have refused.
#[tokio::test]
async fn every_scope_is_optional() {
    let (s, _, _) = faulty(support::AFTERNOON, RateLimit::Unlimited).await;
    let day = date(2026, 11, 18);
    for missing in support::GOOGLE_ALL {
        let name = fittui::api::permission_name(missing);
        let profile = Profile::new(&s.sim, GOOGLE);
        let scopes: Vec<&str> = support::GOOGLE_ALL
            .iter()
            .copied()
            .filter(|scope| scope != missing)
            .collect();
        support::sign_in_google_with(&s.sim, &profile, SignedDuration::from_mins(50), &scopes);
        let shared: SharedClock = s.clock.clone();
        let p = profile.open(GOOGLE, shared).provider;
        s.sim.clear_requests();

        let account = p.account().await.unwrap_or_else(|e| panic!("{name}: {e}"));
        if missing.ends_with(".settings.readonly") {
            let note = account.assumed.as_deref().expect("says what it assumed");
            assert!(note.contains("settings permission"), "{note}");
        } else {
            assert_eq!(account.assumed, None, "{name}");
            assert_eq!(account.time_zone_name, "America/Los_Angeles");
        }

        let refused = |r: &Result<Vec<Gap>, ApiError>| match r {
            Err(ApiError::Forbidden { scope: Some(s), .. }) => s == missing,
            _ => false,
        };
        let gap_for = |r: &Result<Vec<Gap>, ApiError>| {
            r.as_ref().is_ok_and(|gaps| {
                !gaps.is_empty()
                    && gaps.iter().all(|g| {
                        g.reason
                            == GapReason::NotGranted {
                                permission: name.clone(),
                            }
                    })
            })
        };
        let whole = |r: &Result<Vec<Gap>, ApiError>| r.as_ref().is_ok_and(Vec::is_empty);
        let activity = p.activity(day).await.map(|a| a.gaps);
        let heart = p.heart(day).await.map(|h| h.gaps);
        let sleep = p.sleep(day).await.map(|s| s.gaps);
        let devices = p.devices().await.map(|_| Vec::new());
        let (a, h, sl, d) = (&activity, &heart, &sleep, &devices);
        let scope = missing.rsplit('/').next().unwrap();
        let ok = match scope {
            "googlehealth.activity_and_fitness.readonly" => {
                // Steps are Today's core; time in zones is a part of the Heart tab.
                refused(a) && gap_for(h) && whole(sl) && whole(d)
            }
            "googlehealth.health_metrics_and_measurements.readonly" => {
                // Heart rate is the Heart tab's core; SpO₂, breathing, skin temperature parts.
                whole(a) && refused(h) && gap_for(sl) && whole(d)
            }
            "googlehealth.sleep.readonly" => whole(a) && whole(h) && refused(sl) && whole(d),
            "googlehealth.settings.readonly" => whole(a) && whole(h) && whole(sl) && refused(d),
            "googlehealth.profile.readonly" => whole(a) && whole(h) && whole(sl) && whole(d),
            "googlehealth.ecg.readonly" => whole(a) && gap_for(h) && whole(sl) && whole(d),
            other => panic!("a scope this test does not know: {other}"),
        };
        assert!(
            ok,
            "without {name}: activity {a:?}\nheart {h:?}\nsleep {sl:?}\ndevices {d:?}"
        );
        let log = api_requests(&s.sim);
        assert!(
            log.iter().all(|r| r.status != 403),
            "without {name}, a request was refused: {:?}",
            summary(&log)
        );
    }
}

/// What `devices()` (three devices) must come back as under a fault.
type Expected = fn(&Result<usize, ApiError>) -> bool;

#[tokio::test]
async fn every_fault_maps_to_its_typed_error() {
    let (s, _profile, _) = faulty(support::AFTERNOON, RateLimit::Unlimited).await;
    let cases: [(&str, Expected); 10] = [
        ("500:100%", |r| {
            matches!(r, Err(ApiError::Server { status: 500, .. }))
        }),
        ("503:100%", |r| {
            matches!(r, Err(ApiError::Server { status: 503, .. }))
        }),
        ("reset:100%", |r| matches!(r, Err(ApiError::Network(_)))),
        ("truncate:100%", |r| {
            matches!(r, Err(ApiError::Decode { .. }))
        }),
        ("malformed:100%", |r| {
            matches!(r, Err(ApiError::Decode { .. }))
        }),
        // A revoked grant: the 401 leads to a refresh, which Google refuses (`invalid_grant`).
        ("revoke-after:0", |r| {
            matches!(
                r,
                Err(ApiError::Unauthorized {
                    problem: AuthProblem::Revoked,
                    ..
                })
            )
        }),
        ("expire-after:0", |r| matches!(r, Ok(3))),
        ("latency:150ms", |r| matches!(r, Ok(3))),
        ("500:100%,only:/v4/users/me/dataTypes", |r| {
            matches!(r, Ok(3))
        }),
        ("none", |r| matches!(r, Ok(3))),
    ];
    for (spec, expected) in cases {
        // A fresh sign-in for each case (revocation kills the previous grant).
        let (_profile, p) = sign_in(&s.sim, &s.clock);
        s.sim.set_faults(spec).unwrap();
        s.sim.clear_requests();
        let result = tokio::time::timeout(Duration::from_secs(10), p.devices())
            .await
            .unwrap_or_else(|_| panic!("{spec}: no answer"))
            .map(|d| d.len());
        assert!(expected(&result), "{spec}: got {result:?}");
        match spec {
            "expire-after:0" => assert_eq!(refreshes(&s.sim, GOOGLE).len(), 1),
            "latency:150ms" => assert!(s.sim.requests()[0].latency_ms >= 150.0),
            "revoke-after:0" => assert!(result.unwrap_err().needs_sign_in()),
            _ => {}
        }
    }
    s.sim.set_faults("none").unwrap();
}

#[tokio::test]
async fn random_faults_on_every_view_never_panic_and_stay_typed() {
    let (s, _profile, p) = faulty(support::AFTERNOON, RateLimit::Unlimited).await;
    p.account().await.unwrap();
    s.sim
        .set_faults("500:8%,503:8%,reset:8%,truncate:8%,malformed:8%,latency:0ms..5ms")
        .unwrap();
    let (mut ok, mut failed) = (0, 0);
    for n in 0..3 {
        let day = back(date(2026, 11, 21), n);
        let results: Vec<Result<(), ApiError>> = vec![
            p.activity(day).await.map(drop),
            p.heart(day).await.map(drop),
            p.sleep(day).await.map(drop),
            p.devices().await.map(drop),
            p.account().await.map(drop),
        ];
        for r in results {
            match r {
                Ok(()) => ok += 1,
                Err(ApiError::Server { .. } | ApiError::Network(_) | ApiError::Decode { .. }) => {
                    failed += 1;
                }
                Err(other) => panic!("{day}: unexpected {other:?}"),
            }
        }
    }
    assert!(ok > 0 && failed > 0, "ok {ok}, failed {failed}");
    let injected: Vec<&str> = s.sim.requests().iter().filter_map(|r| r.fault).collect();
    for kind in ["500", "503", "reset", "truncate", "malformed"] {
        assert!(injected.contains(&kind), "no {kind} among {injected:?}");
    }
    // Faults off: everything works again with the same provider.
    s.sim.set_faults("none").unwrap();
    let h = p.heart(date(2026, 11, 20)).await.unwrap();
    check_heart(&s, &h);
}

#[tokio::test]
async fn truncated_and_malformed_bodies_are_decode_errors_naming_the_endpoint() {
    // The core request of a view (devices, heart rate, sleep sessions) fails the view; any
    // other part becomes a gap that names the endpoint, and the rest of the view arrives.
    let (s, _profile, _) = faulty(support::AFTERNOON, RateLimit::Unlimited).await;
    let day = date(2026, 11, 20);
    let cases: [(&str, &str); 6] = [
        (
            "truncate:100%,only:/v4/users/me/pairedDevices",
            "users/me/pairedDevices",
        ),
        (
            "malformed:100%,only:/v4/users/me/pairedDevices",
            "users/me/pairedDevices",
        ),
        (
            "truncate:100%,only:/v4/users/me/dataTypes/steps/dataPoints:rollUp",
            "users/me/dataTypes/steps/dataPoints:rollUp",
        ),
        (
            "malformed:100%,only:/v4/users/me/dataTypes/heart-rate",
            "users/me/dataTypes/heart-rate/dataPoints:rollUp",
        ),
        (
            "truncate:100%,only:/v4/users/me/dataTypes/sleep",
            "users/me/dataTypes/sleep/dataPoints",
        ),
        (
            "malformed:100%,only:/v4/users/me/dataTypes/daily-resting-heart-rate",
            "users/me/dataTypes/daily-resting-heart-rate/dataPoints:reconcile",
        ),
    ];
    for (spec, endpoint) in cases {
        // A fresh provider each time: a failed view may still have cached its trends.
        let (_profile, p) = sign_in(&s.sim, &s.clock);
        p.account().await.unwrap();
        s.sim.set_faults(spec).unwrap();
        let result = if spec.contains("pairedDevices") {
            p.devices().await.map(|_| Vec::new())
        } else if spec.contains("steps") {
            p.activity(day).await.map(|a| a.gaps)
        } else if spec.contains("sleep") {
            p.sleep(day).await.map(|s| s.gaps)
        } else {
            p.heart(day).await.map(|h| h.gaps)
        };
        let part = spec.contains("steps/dataPoints:rollUp") || spec.contains("daily-resting");
        match result {
            Ok(gaps) if part => {
                let [gap] = gaps.as_slice() else {
                    panic!("{spec}: expected one gap, got {gaps:?}");
                };
                assert!(
                    matches!(
                        &gap.reason,
                        GapReason::Failed(ApiError::Decode { endpoint: got, .. }) if got == endpoint
                    ),
                    "{spec}: {gap:?}"
                );
            }
            Err(ApiError::Decode {
                endpoint: got,
                detail,
            }) => {
                assert_eq!(got, endpoint, "{spec}: {detail}");
                assert!(!detail.is_empty());
            }
            other => panic!("{spec}: expected a decode error, got {other:?}"),
        }
    }
    s.sim.set_faults("none").unwrap();
    let (_profile, p) = sign_in(&s.sim, &s.clock);
    p.heart(day).await.unwrap();
}

#[tokio::test]
async fn gone_is_an_error_never_a_panic() {
    // Google would not answer 410 (that was the legacy API's shutdown), but fittui must cope.
    let (s, _profile, p) = faulty(support::AFTERNOON, RateLimit::Unlimited).await;
    s.sim.set_faults("gone").unwrap();
    let day = date(2026, 11, 20);
    let results: Vec<Result<(), ApiError>> = vec![
        p.account().await.map(drop),
        p.activity(day).await.map(drop),
        p.heart(day).await.map(drop),
        p.sleep(day).await.map(drop),
        p.devices().await.map(drop),
    ];
    for r in results {
        let err = r.unwrap_err();
        // Not the legacy "sign in with the google provider" error: the user already has.
        assert_ne!(err, ApiError::Gone);
        assert!(!err.needs_sign_in(), "{err:?}");
        assert!(matches!(err, ApiError::NotFound(_)), "{err:?}");
    }
    let statuses: Vec<u16> = api_requests(&s.sim).iter().map(|r| r.status).collect();
    assert!(
        !statuses.is_empty() && statuses.iter().all(|s| *s == 410),
        "{statuses:?}"
    );
    s.sim.set_faults("none").unwrap();
    p.devices().await.unwrap();
}

// ------------------------------------------------------------------------------------------
// Paging

/// How the proxy changes a request on its way to the simulator: `(path, query, body)` →
/// `(query, body)`.
type Rewrite = fn(&str, &str, &[u8]) -> (String, Vec<u8>);

/// A pass-through proxy in front of the simulator that rewrites each request with `rewrite`
/// (to ask for smaller pages than fittui does, as a server may answer anyway). Returns the
/// proxy's API base URL.
async fn proxy(sim: &SimHandle, rewrite: Rewrite) -> String {
    use axum::body::{Body, to_bytes};
    use axum::extract::{Request, State};
    use axum::response::Response;

    async fn forward(
        State((origin, rewrite)): State<(Arc<String>, Rewrite)>,
        req: Request,
    ) -> Response {
        let (parts, body) = req.into_parts();
        let body = to_bytes(body, 1 << 20).await.unwrap();
        let path = parts.uri.path();
        let (query, body) = rewrite(path, parts.uri.query().unwrap_or_default(), &body);
        let url = format!("{origin}{path}?{query}");
        let mut out = support::http().request(parts.method, url).body(body);
        for (name, value) in &parts.headers {
            if name != "host" && name != "content-length" {
                out = out.header(name, value);
            }
        }
        let answer = out.send().await.unwrap();
        let mut response = Response::builder().status(answer.status());
        for (name, value) in answer.headers() {
            if name != "content-length" && name != "transfer-encoding" {
                response = response.header(name, value);
            }
        }
        response
            .body(Body::from(answer.bytes().await.unwrap()))
            .unwrap()
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .fallback(forward)
        .with_state((Arc::new(sim.origin().to_string()), rewrite));
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/v4")
}

/// A provider that talks to the simulator through [`proxy`].
async fn through_proxy(s: &Setup, rewrite: Rewrite) -> (Profile, Arc<dyn Provider>) {
    let mut profile = Profile::new(&s.sim, GOOGLE);
    sign_in_google(&s.sim, &profile, SignedDuration::from_mins(50));
    profile.config.google.api_base_url = proxy(&s.sim, rewrite).await;
    let shared: SharedClock = s.clock.clone();
    let provider = profile.open(GOOGLE, shared).provider;
    (profile, provider)
}

#[tokio::test]
async fn paired_device_pages_are_followed() {
    let (s, _profile, direct) = faulty(support::AFTERNOON, RateLimit::Unlimited).await;
    let all = direct.devices().await.unwrap();
    assert_eq!(all.len(), 3);
    // One device per page, whatever fittui asks for (the simulator's page tokens stay valid:
    // every page is asked with the same size).
    let (_profile, p) = through_proxy(&s, |_, query, body| {
        (query.replace("pageSize=100", "pageSize=1"), body.to_vec())
    })
    .await;
    s.sim.clear_requests();
    let devices = p.devices().await.unwrap();
    assert_eq!(devices, all, "the same devices, in the same order");
    let log = api_requests(&s.sim);
    let queries: Vec<&str> = log.iter().map(|r| r.query.as_str()).collect();
    assert_eq!(queries.len(), 3, "{queries:?}");
    assert_eq!(queries[0], "pageSize=1");
    assert!(
        queries[1..]
            .iter()
            .all(|q| q.starts_with("pageSize=1&pageToken=")),
        "{queries:?}"
    );
    assert_ne!(queries[1], queries[2]);
}

#[tokio::test]
async fn hourly_step_pages_are_followed() {
    let (s, _profile, direct) = faulty(support::AFTERNOON, RateLimit::Unlimited).await;
    let day = date(2026, 11, 20);
    let all = direct.activity(day).await.unwrap();
    assert_eq!(check_activity(&s, &all), 24);
    // The hourly roll-up answered ten windows at a time (newest first), as a server may.
    let (_profile, p) = through_proxy(&s, |path, query, body| {
        let mut body = body.to_vec();
        if path.ends_with("/steps/dataPoints:rollUp") {
            let mut json: serde_json::Value = serde_json::from_slice(&body).unwrap();
            json["pageSize"] = serde_json::json!(10);
            body = serde_json::to_vec(&json).unwrap();
        }
        (query.to_string(), body)
    })
    .await;
    s.sim.clear_requests();
    let a = p.activity(day).await.unwrap();
    assert_eq!(a.hourly_steps, all.hourly_steps);
    assert_eq!(check_activity(&s, &a), 24);
    let log = api_requests(&s.sim);
    let pages = log
        .iter()
        .filter(|r| r.path.ends_with("/steps/dataPoints:rollUp"))
        .count();
    assert_eq!(pages, 3, "{:?}", summary(&log));
}

/// Weigh-ins over 82 days: the `weight` and `body-fat` lists with a `sample_time.physical_time`
/// filter over the range's local days, every page followed (the simulator answers a month a
/// page), merged by sample time and equal to the person's scale readings.
#[tokio::test]
async fn weigh_ins_list_weight_and_body_fat_and_follow_pages() {
    let s = setup(support::AFTERNOON).await;
    let (_profile, p) = sign_in(&s.sim, &s.clock);
    p.account().await.unwrap();
    s.sim.clear_requests();
    let (from, to) = (date(2026, 9, 1), date(2026, 11, 21));
    let got = p.weight(from, to).await.unwrap();
    let r = take(&s);
    let weight: Vec<&String> = r
        .iter()
        .filter(|q| q.starts_with("/v4/users/me/dataTypes/weight/dataPoints?"))
        .collect();
    let fat: Vec<&String> = r
        .iter()
        .filter(|q| q.starts_with("/v4/users/me/dataTypes/body-fat/dataPoints?"))
        .collect();
    assert_eq!(weight.len() + fat.len(), r.len(), "{r:?}");
    assert_eq!(weight.len(), 3, "a month a page: {r:?}");
    assert_eq!(fat.len(), 3, "{r:?}");
    for (list, snake) in [(&weight, "weight"), (&fat, "body_fat")] {
        assert!(list[0].contains("pageSize=10000"), "{}", list[0]);
        assert!(
            list[0].contains(&format!("{snake}.sample_time.physical_time")),
            "{}",
            list[0]
        );
        // Local midnights in Los Angeles (PDT on Sep 1, PST after Nov 21).
        assert!(list[0].contains("2026-09-01T07%3A00%3A00Z"), "{}", list[0]);
        assert!(list[0].contains("2026-11-22T08%3A00%3A00Z"), "{}", list[0]);
        assert!(list[1..].iter().all(|q| q.contains("pageToken=")));
    }
    let person = fittui_sim::person::extras::weigh_ins(s.sim.person(), from, to, s.now());
    assert_eq!(got.len(), person.len());
    for (g, w) in got.iter().zip(&person) {
        assert_eq!((g.at, g.date), (w.at, w.date));
        assert!((g.weight_kg - w.kg).abs() < 1e-9, "{g:?} vs {w:?}");
        assert_eq!(g.body_fat_pct, w.fat_pct, "{}", g.date);
        assert_eq!(g.source.as_deref(), Some("Aria Air"));
    }
    assert!(got.iter().any(|w| w.body_fat_pct.is_none()));
    // A day: one page of each; an empty range: nothing asked.
    let day = p
        .weight(date(2026, 11, 19), date(2026, 11, 19))
        .await
        .unwrap();
    assert_eq!(day.len(), 1);
    assert_eq!(take(&s).len(), 2);
    assert!(p.weight(to, from).await.unwrap().is_empty());
    assert!(take(&s).is_empty());
}
