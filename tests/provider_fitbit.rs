//! `FitbitProvider` against the simulator: every endpoint fittui uses decodes into the domain
//! model and agrees with the simulator's person (daily totals, hours, DST days, the not-worn
//! day, the classic and the still-processing nights, devices, alarms), and the number of
//! requests each view costs, counted in the simulator's request log, stays within what
//! `src/provider/fitbit/client.rs` documents — including re-using the cached 30-day trends
//! while browsing back through days.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::too_many_lines, clippy::many_single_char_names)] // scenarios read top to bottom, with short names for the views (a, h, s...)

mod support;

use std::sync::Arc;

use fittui::api::ProviderKind;
use fittui::clock::{Clock, FixedClock, SharedClock};
use fittui::domain::activity::DayActivity;
use fittui::domain::device::{AlarmSupport, DeviceKind};
use fittui::domain::sleep::SleepKind;
use fittui::provider::Provider;
use fittui_sim::person::Totals;
use fittui_sim::{SimConfig, SimHandle};
use jiff::SignedDuration;
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use support::{Profile, api_requests, clock_at, sign_in_fitbit};

const FITBIT: ProviderKind = ProviderKind::Fitbit;

/// The simulator at `now` and a signed-in provider sharing its fixed clock.
struct Setup {
    sim: SimHandle,
    clock: Arc<FixedClock>,
    provider: Arc<dyn Provider>,
    _profile: Profile,
}

async fn setup(now: &str) -> Setup {
    let clock = clock_at(now);
    let sim = support::sim(SimConfig::new(FITBIT.into()), &clock).await;
    let (profile, provider) = sign_in(&sim, &clock);
    Setup {
        sim,
        clock,
        provider,
        _profile: profile,
    }
}

/// A new sign-in and provider (empty caches) on the simulator.
fn sign_in(sim: &SimHandle, clock: &Arc<FixedClock>) -> (Profile, Arc<dyn Provider>) {
    let profile = Profile::new(sim, FITBIT);
    sign_in_fitbit(sim, &profile, SignedDuration::from_hours(8));
    let shared: SharedClock = clock.clone();
    let provider = profile.open(FITBIT, shared).provider;
    (profile, provider)
}

/// One simulator for the November scenarios: generating the person's days is the costly part
/// (a 60-day trend range generates 60 days), so they share it, in sequence.
#[tokio::test]
async fn november_on_one_simulator() {
    let s = setup(support::AFTERNOON).await;
    every_view_decodes_and_agrees_with_the_person(&s).await;
    devices_and_alarms(&s).await;
    the_fall_back_day_and_its_neighbours(&s).await;
    // Counted with a provider whose caches are empty, as after a start.
    let (_profile, provider) = sign_in(&s.sim, &s.clock);
    s.sim.clear_requests();
    requests_per_view_stay_within_the_documented_budget(&s, &provider).await;
}

fn la() -> TimeZone {
    TimeZone::get("America/Los_Angeles").unwrap()
}

/// The day's totals as the simulator's person has them (minutes up to "now").
fn totals(s: &Setup, day: Date) -> Totals {
    Totals::of_day(&s.sim.person().day(day), s.clock.now())
}

/// Checks a worn day's activity against the person; returns the hour count.
fn check_activity(s: &Setup, a: &DayActivity) -> usize {
    let t = totals(s, a.date);
    let summary = a.summary.as_ref().expect("a worn day has totals");
    assert_eq!(u64::from(summary.steps), t.steps, "{}", a.date);
    let hourly: u32 = a.hourly_steps.iter().map(|h| h.steps).sum();
    assert_eq!(
        hourly, summary.steps,
        "{}: daily steps = sum of hours",
        a.date
    );
    assert_eq!(summary.floors.map(u64::from), Some(t.floors), "{}", a.date);
    let azm = summary.azm.expect("AZM");
    assert_eq!(
        (azm.fat_burn, azm.cardio, azm.peak),
        (t.azm_fat_burn, t.azm_cardio, t.azm_peak),
        "{}",
        a.date
    );
    assert_eq!(
        summary.active_minutes,
        Some(t.fairly + t.very),
        "{}",
        a.date
    );
    assert!(
        (summary.distance_m - t.distance_mm as f64 / 1000.0).abs() < 10.0,
        "{}: {} m vs {} mm",
        a.date,
        summary.distance_m,
        t.distance_mm
    );
    // Hours: local clock hours of the day, in order, each an hour after the previous.
    let tz = la();
    let first = a.hourly_steps.first().unwrap().start;
    assert_eq!(first, a.date.to_zoned(tz.clone()).unwrap().timestamp());
    for pair in a.hourly_steps.windows(2) {
        assert_eq!(
            pair[1].start.duration_since(pair[0].start),
            SignedDuration::from_hours(1)
        );
    }
    // The week: seven days ending on the day, the day itself from its summary.
    assert_eq!(a.week_steps.len(), 7);
    assert_eq!(a.week_steps.last().unwrap().date, a.date);
    assert_eq!(a.week_steps.last().unwrap().value, Some(summary.steps));
    for d in &a.week_steps {
        if let Some(v) = d.value {
            assert_eq!(u64::from(v), totals(s, d.date).steps, "{}", d.date);
        }
    }
    assert!(a.goals.as_ref().is_some_and(|g| g.steps.is_some()));
    a.hourly_steps.len()
}

async fn every_view_decodes_and_agrees_with_the_person(s: &Setup) {
    let p = &s.provider;
    let account = p.account().await.unwrap();
    assert_eq!(account.user_id, "GGNJL9");
    assert_eq!(account.time_zone_name, "America/Los_Angeles");
    assert_eq!(account.member_since, Some(date(2016, 3, 2)));
    assert!(account.display_name.is_some());
    let special = s.sim.person().special().clone();
    let today = date(2026, 11, 21);
    let not_worn = special.not_worn.unwrap();
    let classic = special.classic_night.unwrap();
    assert_eq!(
        (not_worn, classic),
        (date(2026, 11, 12), date(2026, 11, 16))
    );

    // Ordinary days, including today (data up to 15:00 only).
    for day in [date(2026, 11, 19), date(2026, 11, 20), today] {
        let a = p.activity(day).await.unwrap();
        assert_eq!(check_activity(s, &a), 24, "{day}");
        let h = p.heart(day).await.unwrap();
        assert_eq!(h.intraday.day_minutes(), 1440);
        assert!(!h.intraday.is_empty());
        assert_eq!(h.resting_bpm, Some(u16::from(s.sim.person().rhr(day))));
        let zones = s.sim.person().zones(day);
        let z = h.zones.expect("zone thresholds");
        assert_eq!(
            (z.fat_burn, z.cardio, z.peak),
            (
                u16::from(zones.fat_burn),
                u16::from(zones.cardio),
                u16::from(zones.peak)
            )
        );
        let t = totals(s, day);
        let m = h.time_in_zones.expect("minutes per zone");
        assert_eq!(
            [m.below, m.fat_burn, m.cardio, m.peak],
            [
                t.zone_minutes[1],
                t.zone_minutes[2],
                t.zone_minutes[3],
                t.zone_minutes[4]
            ]
        );
        assert_eq!(h.resting_trend.len(), 30);
        assert_eq!(h.resting_trend.last().unwrap().value, h.resting_bpm);
        assert_eq!(h.hrv_trend.len(), 30);
    }
    let h = p.heart(today).await.unwrap();
    let stat = h.intraday.stat().unwrap();
    assert!(stat.min < stat.max);
    // Nothing after "now" on today's chart.
    let last = h.intraday.buckets().last().unwrap();
    let last_at = fittui::domain::heart::minute_instant(h.intraday.start, u32::from(last.minute));
    assert!(last_at < s.clock.now());

    // The night stuck in processing (L-2): "retry later", not an empty night.
    let processing = special.processing_night.unwrap();
    assert_eq!(processing, date(2026, 11, 19));
    assert_eq!(
        s.sim.person().processing_night(s.clock.now()),
        Some(processing)
    );
    let sleep = p.sleep(processing).await.unwrap();
    assert!(sleep.processing);
    assert!(sleep.sessions.is_empty());
    assert!(!sleep.is_empty());
    // The night that ended this morning.
    let sleep = p.sleep(today).await.unwrap();
    let night = s.sim.person().main_night(today).unwrap();
    let main = sleep.main().expect("last night");
    assert_eq!((main.start, main.end), (night.start, night.end));
    assert!(!sleep.processing);
    // A normal stages night: the session matches the person's night.
    let day = date(2026, 11, 20);
    let sleep = p.sleep(day).await.unwrap();
    let main = sleep.main().unwrap();
    let night = s.sim.person().main_night(day).unwrap();
    assert_eq!((main.start, main.end), (night.start, night.end));
    assert_eq!(main.kind, SleepKind::Stages);
    assert_eq!(main.time_in_bed, night.minutes());
    assert_eq!(main.minutes_asleep + main.minutes_awake, main.time_in_bed);
    assert!(!main.segments.is_empty());
    assert_eq!(main.segments.first().unwrap().start, main.start);
    assert_eq!(main.segments.last().unwrap().end(), main.end);
    assert!(!sleep.processing);
    let nightly = s.sim.person().nightly(day, s.clock.now()).unwrap();
    let spo2 = sleep.spo2.expect("SpO2");
    assert!((spo2.avg - nightly.spo2_avg).abs() < 0.11, "{spo2:?}");
    assert!(sleep.breathing_rate.is_some() && sleep.skin_temp_delta_c.is_some());

    // The classic night.
    let sleep = p.sleep(classic).await.unwrap();
    let main = sleep.main().unwrap();
    assert_eq!(main.kind, SleepKind::Classic);
    let night = s.sim.person().main_night(classic).unwrap();
    assert_eq!((main.start, main.end), (night.start, night.end));
    assert!(main.short_wakes.is_empty());

    // The day the tracker was not worn: "no data", never zeros.
    let a = p.activity(not_worn).await.unwrap();
    assert_eq!(a.summary, None);
    assert!(a.hourly_steps.is_empty());
    assert!(a.is_empty());
    assert_eq!(a.week_steps.last().unwrap().value, None);
    let h = p.heart(not_worn).await.unwrap();
    assert!(h.intraday.is_empty());
    assert_eq!(h.resting_bpm, None);
    let sleep = p.sleep(not_worn).await.unwrap();
    assert!(sleep.sessions.is_empty());
    assert!(!sleep.processing);

    // The ECG reading of L-3 on its day, none on the days around it.
    let ecg_day = date(2026, 11, 18);
    assert!(special.ecg.contains(&ecg_day));
    let h = p.heart(ecg_day).await.unwrap();
    let ecg = h.ecg.expect("ECG scope granted");
    assert_eq!(ecg.len(), 1);
    assert_eq!(ecg[0].start.to_zoned(la()).date(), ecg_day);
    assert!(!ecg[0].samples.is_empty());
    assert!(ecg[0].average_hr.is_some());
    assert_eq!(p.heart(date(2026, 11, 19)).await.unwrap().ecg, Some(vec![]));
}

async fn devices_and_alarms(s: &Setup) {
    let p = &s.provider;
    let devices = p.devices().await.unwrap();
    let kinds: Vec<(&str, &DeviceKind, AlarmSupport)> = devices
        .iter()
        .map(|d| (d.id.as_str(), &d.kind, d.alarms))
        .collect();
    assert_eq!(devices.len(), 3, "{kinds:?}");
    let by_id = |id: &str| devices.iter().find(|d| d.id == id).unwrap();
    let charge = by_id("816713257");
    assert_eq!(charge.kind, DeviceKind::Tracker);
    assert_eq!(charge.alarms, AlarmSupport::Editable);
    let sense = by_id("2491835027");
    assert_eq!(sense.kind, DeviceKind::Tracker);
    assert_ne!(
        sense.alarms,
        AlarmSupport::Editable,
        "alarms live on the watch"
    );
    let scale = by_id("FX175180B8C824");
    assert_eq!(scale.kind, DeviceKind::Scale);
    for d in &devices {
        assert!(d.last_sync.is_some_and(|t| t <= s.clock.now()), "{d:?}");
    }

    let trackers = p.alarms().await.unwrap();
    let charge = trackers
        .iter()
        .find(|t| t.device.id == "816713257")
        .unwrap();
    let state = s.sim.state();
    let expected: Vec<u64> = state.alarms["816713257"]
        .iter()
        .map(|a| a.alarm_id)
        .collect();
    let got: Vec<u64> = charge.alarms.iter().map(|a| a.id).collect();
    assert_eq!(got, expected);
    let work = &charge.alarms[0];
    assert_eq!(work.label.as_deref(), Some("Work"));
    assert_eq!((work.time.hour, work.time.minute), (7, 15));
    assert!(work.enabled && work.recurring && work.synced);
    let sense = trackers.iter().find(|t| t.device.id == "2491835027");
    assert!(sense.is_none_or(|t| t.alarms.is_empty()));
}

/// Checks the days around a DST change: hour counts, day lengths and the night's instants.
async fn check_dst(s: &Setup, before: Date, change: Date, after: Date, change_hours: usize) {
    let p = &s.provider;
    let change_minutes = u32::try_from(change_hours * 60).unwrap();
    for (day, hours, minutes) in [
        (before, 24, 1440),
        (change, change_hours, change_minutes),
        (after, 24, 1440),
    ] {
        let a = p.activity(day).await.unwrap();
        assert_eq!(check_activity(s, &a), hours, "{day}");
        let h = p.heart(day).await.unwrap();
        assert_eq!(h.intraday.day_minutes(), minutes, "{day}");
        assert_eq!(
            h.intraday.end,
            day.tomorrow().unwrap().to_zoned(la()).unwrap().timestamp()
        );
        let sleep = p.sleep(day).await.unwrap();
        if let Some(night) = s.sim.person().main_night(day) {
            let main = sleep
                .main()
                .unwrap_or_else(|| panic!("{day}: no main sleep"));
            assert_eq!((main.start, main.end), (night.start, night.end), "{day}");
            let covered: u32 = main.segments.iter().map(|seg| seg.seconds).sum();
            assert_eq!(covered / 60, main.time_in_bed, "{day}");
        }
    }
}

async fn the_fall_back_day_and_its_neighbours(s: &Setup) {
    check_dst(
        s,
        date(2026, 10, 31),
        date(2026, 11, 1),
        date(2026, 11, 2),
        25,
    )
    .await;
}

#[tokio::test]
async fn the_spring_forward_day_and_its_neighbours() {
    let s = setup("2026-03-20T12:00:00-07:00").await;
    check_dst(&s, date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9), 23).await;
}

/// Requests the simulator received since the last call, as paths.
fn take(s: &Setup) -> Vec<String> {
    let paths = api_requests(&s.sim)
        .into_iter()
        .map(|r| r.path)
        .collect::<Vec<_>>();
    s.sim.clear_requests();
    paths
}

fn count(paths: &[String], needle: &str) -> usize {
    paths.iter().filter(|p| p.contains(needle)).count()
}

async fn requests_per_view_stay_within_the_documented_budget(s: &Setup, p: &Arc<dyn Provider>) {
    let mut total = 0;
    let mut take = || {
        let r = take(s);
        total += r.len();
        r
    };
    let today = date(2026, 11, 21);
    let back = |n: i64| today.checked_sub(jiff::Span::new().days(n)).unwrap();

    // The profile once, for the account's zone.
    p.account().await.unwrap();
    assert_eq!(take(), ["/1/user/-/profile.json"]);

    // Today: summary, hourly steps, AZM, and the 7-day steps trend (one range, 30 days back).
    p.activity(today).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 4, "{r:?}");
    assert_eq!(
        count(&r, "/activities/steps/date/2026-10-16/2026-11-21"),
        1,
        "{r:?}"
    );
    // Yesterday may still change (late syncs), so its own step count is asked again.
    p.activity(back(1)).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 4, "day -1: {r:?}");
    assert_eq!(
        count(&r, "/activities/steps/date/2026-11-20/2026-11-20"),
        1,
        "{r:?}"
    );
    // Further back: the trend is cached, three requests per day.
    for n in 2..=5 {
        p.activity(back(n)).await.unwrap();
        let r = take();
        assert_eq!(r.len(), 3, "day -{n}: {r:?}");
        assert_eq!(
            count(&r, "/activities/steps/date/2026-"),
            1,
            "only the intraday: {r:?}"
        );
    }

    // Heart, today: intraday, ECG list, and the 30-day resting-HR and HRV trends.
    p.heart(today).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 4, "{r:?}");
    // Yesterday: its own resting HR again (it may still change), and the HRV range (at most
    // 30 days per request) reaching one day further back.
    p.heart(back(1)).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 4, "{r:?}");
    assert_eq!(
        count(&r, "/activities/heart/date/2026-11-20/2026-11-20"),
        1,
        "{r:?}"
    );
    assert_eq!(count(&r, "/hrv/date/2026-10-22/2026-11-20"), 1, "{r:?}");
    // Two days back: the HRV window reaches another month back, once.
    p.heart(back(2)).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 3, "{r:?}");
    assert_eq!(count(&r, "/hrv/date/2026-09-22/2026-10-21"), 1, "{r:?}");
    // Then only the day's own two requests: the trends come from the cache.
    for n in 3..=6 {
        p.heart(back(n)).await.unwrap();
        let r = take();
        assert_eq!(r.len(), 2, "day -{n}: {r:?}");
        assert_eq!(count(&r, "/1d/1sec.json"), 1, "{r:?}");
        assert_eq!(count(&r, "/ecg/list.json"), 1, "{r:?}");
    }

    // Sleep, today: the log and three nightly values (today's only, never cached).
    p.sleep(today).await.unwrap();
    let r = take();
    assert_eq!(r.len(), 4, "{r:?}");
    // Yesterday: the three 30-day ranges, then one request per night.
    p.sleep(back(1)).await.unwrap();
    assert_eq!(take().len(), 4);
    for n in 2..=6 {
        p.sleep(back(n)).await.unwrap();
        let r = take();
        assert_eq!(r, [format!("/1.2/user/-/sleep/date/{}.json", back(n))]);
    }

    // Devices: the list, and once per tracker whether it takes alarm requests.
    p.devices().await.unwrap();
    let r = take();
    assert_eq!(r.len(), 3, "{r:?}");
    p.devices().await.unwrap();
    assert_eq!(take(), ["/1/user/-/devices.json"]);
    // Alarms: the list and the alarms of each tracker that takes alarm requests; the watch
    // that refused once (alarms in an on-device app) is not asked again, now or later.
    let alarm_views = [
        "/1/user/-/devices.json".to_string(),
        "/1/user/-/devices/tracker/816713257/alarms.json".to_string(),
    ];
    p.alarms().await.unwrap();
    assert_eq!(take(), alarm_views);
    p.alarms().await.unwrap();
    assert_eq!(take(), alarm_views);

    // Today and six days back on three tabs, devices and alarms twice: 61 of the 150 an hour.
    assert_eq!(total, 61);
}

/// Twenty views asked for at once by a provider that has loaded nothing yet: the profile (for
/// the time zone) and each tracker's alarm support are fetched once, not twenty times.
#[tokio::test]
async fn concurrent_first_calls_share_the_profile_and_the_alarm_probe() {
    let s = setup("2026-11-21T12:00:00-08:00").await;
    s.sim.clear_requests();
    let calls = (0..20).map(|_| {
        let p = s.provider.clone();
        tokio::spawn(async move { p.devices().await })
    });
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().len(), 3);
    }
    let paths = take(&s);
    assert_eq!(count(&paths, "/profile.json"), 1, "{paths:?}");
    assert_eq!(
        count(&paths, "/alarms.json"),
        2,
        "one probe per tracker: {paths:?}"
    );
    assert_eq!(count(&paths, "/devices.json"), 20);
}

/// Weigh-ins over 82 days: the weight and body-fat logs per 31-day range (3 ranges, 6
/// requests after the profile), merged, and equal to the person's scale readings.
#[tokio::test]
async fn weigh_ins_come_in_31_day_ranges_with_body_fat_merged() {
    let s = setup(support::AFTERNOON).await;
    let (from, to) = (date(2026, 9, 1), date(2026, 11, 21));
    s.sim.clear_requests();
    let got = s.provider.weight(from, to).await.unwrap();
    let r = take(&s);
    assert_eq!(r[0], "/1/user/-/profile.json", "{r:?}");
    let mut logs: Vec<&str> = r[1..].iter().map(String::as_str).collect();
    logs.sort_unstable();
    assert_eq!(
        logs,
        [
            "/1/user/-/body/log/fat/date/2026-09-01/2026-10-01.json",
            "/1/user/-/body/log/fat/date/2026-10-02/2026-11-01.json",
            "/1/user/-/body/log/fat/date/2026-11-02/2026-11-21.json",
            "/1/user/-/body/log/weight/date/2026-09-01/2026-10-01.json",
            "/1/user/-/body/log/weight/date/2026-10-02/2026-11-01.json",
            "/1/user/-/body/log/weight/date/2026-11-02/2026-11-21.json",
        ]
    );
    let person = fittui_sim::person::extras::weigh_ins(s.sim.person(), from, to, s.clock.now());
    assert_eq!(got.len(), person.len());
    assert!(got.len() > 50, "most mornings: {}", got.len());
    for (g, p) in got.iter().zip(&person) {
        assert_eq!((g.at, g.date), (p.at, p.date));
        assert!((g.weight_kg - p.kg).abs() < 0.006, "{g:?} vs {p:?}");
        assert_eq!(g.body_fat_pct, p.fat_pct, "{}", g.date);
        assert_eq!(g.source.as_deref(), Some("Aria"));
    }
    assert!(got.iter().any(|w| w.body_fat_pct.is_none()));
    assert!(got.iter().any(|w| w.body_fat_pct.is_some()));
    // A one-day range is one request per log; an empty range none.
    let day = s.provider.weight(to, to).await.unwrap();
    assert!(day.is_empty(), "no weigh-in on the last day");
    assert_eq!(take(&s).len(), 2);
    assert!(s.provider.weight(to, from).await.unwrap().is_empty());
    assert!(take(&s).is_empty());
}
