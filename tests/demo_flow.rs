//! Flow tests: keys go through `App::update`, the real effect runner fetches from the
//! in-process simulator, and the results come back through the same loop.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fittui::api::ProviderKind;
use fittui::app::loadable::Loadable;
use fittui::app::{Overlay, Payload, Resource, Tab};
use jiff::civil::{Date, date};
use ratatui::crossterm::event::KeyCode;
use support::demo::Harness;
use support::{ch, key, render, screen_text, shift};

fn payload(h: &Harness, resource: Resource) -> Option<&Payload> {
    h.app
        .slot(resource)
        .and_then(Loadable::value)
        .map(|f| &f.value)
}

async fn go_to(h: &mut Harness, day: Date) {
    h.press(ch('t')).await;
    while h.app.selected() > day {
        h.press(key(KeyCode::Left)).await;
    }
}

#[tokio::test]
async fn keys_drive_every_tab_against_the_simulator() {
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    let today = date(2026, 11, 21);
    assert_eq!(h.app.status().account.as_deref(), Some("Sam R."));
    match payload(&h, Resource::Activity(today)) {
        Some(Payload::Activity(a)) => {
            assert_eq!(a.date, today);
            let summary = a.summary.as_ref().expect("today has data");
            let hourly: u32 = a.hourly_steps.iter().map(|h| h.steps).sum();
            assert_eq!(summary.steps, hourly, "daily total = sum of the hours");
            assert_eq!(a.week_steps.len(), 7);
        }
        other => panic!("no activity for today: {other:?}"),
    }
    // ← twice, then the Heart tab: the heart day of the selected date loads.
    h.key(key(KeyCode::Left));
    h.key(ch('h'));
    h.key(ch('2'));
    h.settle().await;
    let day = date(2026, 11, 19);
    assert_eq!((h.app.tab(), h.app.selected()), (Tab::Heart, day));
    match payload(&h, Resource::Heart(day)) {
        Some(Payload::Heart(d)) => {
            assert_eq!(d.date, day);
            assert!(!d.intraday.is_empty() && d.resting_bpm.is_some());
            assert_eq!(d.resting_trend.len(), 30);
        }
        other => panic!("no heart day: {other:?}"),
    }
    // A week back with Shift-←, then Sleep.
    h.key(shift(KeyCode::Left));
    h.key(ch('3'));
    h.settle().await;
    let day = date(2026, 11, 12);
    assert!(matches!(payload(&h, Resource::Sleep(day)), Some(Payload::Sleep(s)) if s.date == day));
    // Devices and alarms.
    h.key(key(KeyCode::Tab));
    h.settle().await;
    assert!(matches!(payload(&h, Resource::Devices), Some(Payload::Devices(d)) if d.len() == 3));
    h.key(key(KeyCode::Tab));
    h.settle().await;
    match payload(&h, Resource::Alarms) {
        Some(Payload::Alarms(trackers)) => {
            assert!(trackers.iter().any(|t| !t.visible().is_empty()));
        }
        other => panic!("no alarms: {other:?}"),
    }
    // Back to today; the cached day redraws without a request.
    let before = h.demo.sim.requests().len();
    h.key(ch('1'));
    h.key(ch('t'));
    assert!(
        screen_text(&h.app, 120, 40).contains("Steps by hour"),
        "shown at once"
    );
    h.settle().await;
    assert_eq!(
        h.demo.sim.requests().len(),
        before,
        "today's activity is cached"
    );
    assert!(screen_text(&h.app, 120, 40).contains("Steps by hour"));
}

#[tokio::test]
async fn rapid_navigation_never_ends_on_an_older_answer() {
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    // Answers arrive out of order: each request waits a random 10–400 ms.
    h.demo.sim.set_faults("latency:10ms..400ms").unwrap();
    h.key(ch('2'));
    // Holding ←: twelve presses without processing anything in between.
    for _ in 0..12 {
        h.key(key(KeyCode::Left));
    }
    let target = date(2026, 11, 9);
    assert_eq!(h.app.selected(), target);
    // Only the selected day and its neighbours may still be in flight.
    for (resource, _) in h.app.requests().pending() {
        if let Some(d) = resource.date() {
            assert!(
                (d.since(target).unwrap().get_days()).abs() <= 1,
                "superseded request for {d} still pending"
            );
        }
    }
    h.settle().await;
    match payload(&h, Resource::Heart(target)) {
        Some(Payload::Heart(d)) => assert_eq!(d.date, target),
        other => panic!("the selected day shows {other:?}"),
    }
    assert!(screen_text(&h.app, 120, 40).contains("Monday 9 November 2026"));
}

#[tokio::test]
async fn days_either_side_of_the_fall_back_change() {
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    for (day, hours) in [
        (date(2026, 11, 2), 24),
        (date(2026, 11, 1), 25),
        (date(2026, 10, 31), 24),
    ] {
        go_to(&mut h, day).await;
        h.key(ch('1'));
        h.settle().await;
        match payload(&h, Resource::Activity(day)) {
            Some(Payload::Activity(a)) => {
                assert_eq!(a.hourly_steps.len(), hours, "{day}");
                let total: u32 = a.hourly_steps.iter().map(|x| x.steps).sum();
                assert_eq!(a.summary.as_ref().unwrap().steps, total, "{day}");
            }
            other => panic!("{day}: {other:?}"),
        }
        h.key(ch('2'));
        h.settle().await;
        match payload(&h, Resource::Heart(day)) {
            Some(Payload::Heart(d)) => {
                assert_eq!(
                    d.intraday.day_minutes(),
                    u32::try_from(hours).unwrap() * 60,
                    "{day}"
                );
                // Readings cover the whole local day, the repeated hour included.
                let last = d.intraday.buckets().last().unwrap().minute;
                assert!(
                    u32::from(last) >= u32::try_from(hours).unwrap() * 60 - 30,
                    "{day}: {last}"
                );
            }
            other => panic!("{day}: {other:?}"),
        }
    }
    // The 25-hour day's chart: 03:00 sits four hours in, so the 01:00 hour is drawn twice.
    go_to(&mut h, date(2026, 11, 1)).await;
    h.press(ch('2')).await;
    insta::assert_snapshot!(
        "fitbit_heart_fall_back_day_120x40",
        render(&h.app, 120, 40).backend()
    );
}

#[tokio::test]
async fn a_revoked_sign_in_opens_a_popup_and_keeps_the_data() {
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    h.demo.sim.revoke_all_tokens();
    h.key(ch('2'));
    h.settle().await;
    match &h.app.overlay() {
        Some(Overlay::Message { title, body, .. }) => {
            assert_eq!(title, "Signed out");
            assert!(body.contains("fittui auth login --provider fitbit"));
        }
        other => panic!("expected the sign-in popup, got {other:?}"),
    }
    assert!(h.app.session().signed_out);
    // Close the popup: today's activity is still there.
    h.key(key(KeyCode::Esc));
    h.key(ch('1'));
    let text = screen_text(&h.app, 80, 24);
    assert!(
        text.contains("steps") && text.contains("signed out"),
        "{text}"
    );
}

#[tokio::test]
async fn offline_shows_the_marker_and_keeps_cached_days() {
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    h.demo.sim.set_faults("reset:1.0").unwrap();
    h.key(shift(KeyCode::Left));
    h.settle().await;
    assert!(h.app.session().offline());
    let text = screen_text(&h.app, 120, 30);
    // Since when, in the account's zone (the demo's clock stands at noon).
    assert!(text.contains("OFFLINE since 12:00"), "{text}");
    assert!(text.contains("Couldn't load activity"), "{text}");
    // The message names the server with its port (the simulator's is not the default one).
    let port = h
        .demo
        .sim
        .info()
        .api_base_url
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let slot = format!(
        "{:?}",
        h.app
            .slot(fittui::app::Resource::Activity(date(2026, 11, 14)))
    );
    assert!(slot.contains(&format!("127.0.0.1:{port}/")), "{slot}");
    h.key(ch('t'));
    assert!(screen_text(&h.app, 100, 30).contains("steps"));
    // Back on the day that failed: the retry (scheduled when it failed) finds the network back.
    h.key(shift(KeyCode::Left));
    h.settle().await;
    h.demo.sim.set_faults("none").unwrap();
    for _ in 0..10 {
        if !h.app.session().offline() {
            break;
        }
        h.step().await;
        h.settle().await;
    }
    assert!(!h.app.session().offline(), "the retry brought it back");
    let text = screen_text(&h.app, 120, 30);
    assert!(
        !text.contains("OFFLINE") && text.contains("Steps by hour"),
        "{text}"
    );
}

#[tokio::test]
async fn the_rate_limit_budget_is_shown() {
    let h = Harness::start(ProviderKind::Fitbit).await;
    let budget = h.app.session().budget.expect("the API reported its budget");
    assert_eq!(budget.limit, 150);
    assert!(budget.remaining < 150);
    let text = screen_text(&h.app, 120, 40);
    assert!(
        text.contains(&format!("{}/150 req", budget.remaining)),
        "{text}"
    );
}

#[tokio::test]
async fn google_alarms_tab_explains_there_is_no_alarm_access() {
    let mut h = Harness::start(ProviderKind::Google).await;
    h.key(ch('5'));
    h.settle().await;
    let text = screen_text(&h.app, 120, 40);
    assert!(text.contains("no alarm access"), "{text}");
    // The key is explained, not silently ignored.
    h.key(ch('a'));
    assert!(
        h.app
            .status()
            .current()
            .unwrap()
            .text
            .contains("no alarm access")
    );
}

#[tokio::test]
async fn after_410_gone_nothing_is_asked_until_r_and_r_recovers_when_the_server_is_back() {
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    h.demo.sim.set_faults("gone").unwrap();
    h.press(ch('r')).await;
    assert!(h.app.session().gone());
    assert!(!h.app.session().signed_out, "a 410 is not a sign-out");
    let message = format!("{:?}", h.app.overlay());
    assert!(message.contains("press r to try again"), "{message}");
    let screen = screen_text(&h.app, 140, 40);
    assert!(screen.contains("410 gone · r retries"), "{screen}");
    // Nothing more is asked on its own: not for another day, not on the clock.
    h.press(key(KeyCode::Esc)).await;
    let before = h.demo.sim.requests().len();
    h.press(key(KeyCode::Left)).await;
    h.clock.advance(jiff::SignedDuration::from_mins(30));
    h.tick();
    h.settle().await;
    assert_eq!(h.demo.sim.requests().len(), before);
    // The server is back: r fetches again, and the warning goes.
    h.demo.sim.set_faults("none").unwrap();
    h.press(ch('r')).await;
    assert!(!h.app.session().gone());
    assert!(h.app.overlay().is_none());
    assert!(h.demo.sim.requests().len() > before);
    let screen = screen_text(&h.app, 140, 40);
    assert!(!screen.contains("410 gone"), "{screen}");
    assert!(screen.contains("Steps by hour"), "{screen}");
}

/// A day without data is "no data" in the 7-day list too, never a 0: the day the tracker was
/// not worn (the simulator's L-9, Thursday 12 November) and the days before the data window.
#[tokio::test]
async fn the_last_seven_days_never_show_a_missing_day_as_zero() {
    for kind in [ProviderKind::Fitbit, ProviderKind::Google] {
        let h = Harness::start(kind).await;
        let p = &h.demo.source.provider;
        let unworn = date(2026, 11, 12);
        assert!(
            p.activity(unworn).await.unwrap().summary.is_none(),
            "{kind}"
        );
        let later = p.activity(date(2026, 11, 14)).await.unwrap();
        let day = later.week_steps.iter().find(|d| d.date == unworn).unwrap();
        assert_eq!(day.value, None, "{kind}: {:?}", later.week_steps);
        assert!(
            later
                .week_steps
                .iter()
                .filter(|d| d.date != unworn)
                .all(|d| d.value.is_some_and(|v| v > 0)),
            "{kind}: {:?}",
            later.week_steps
        );
        // The first days of the data window: the days before it are missing, not zero.
        let first = h.demo.sim.person().first_date();
        let early = p
            .activity(first.checked_add(jiff::ToSpan::days(2)).unwrap())
            .await
            .unwrap();
        for d in &early.week_steps {
            if d.date < first {
                assert_eq!(d.value, None, "{kind}: {d:?}");
            }
        }
    }
}

/// Holding ← over thirty days asks the network only for where the selection rests: no day
/// passed over is fetched (the simulator's request log says which days were asked for).
#[tokio::test]
async fn rapid_navigation_fetches_only_where_the_selection_rests() {
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    h.key(ch('2'));
    h.settle().await;
    h.demo.sim.clear_requests();
    for _ in 0..30 {
        h.key(key(KeyCode::Left));
        // Key repeat: the next press comes a few milliseconds later, time enough for anything
        // started to reach the server.
        tokio::time::sleep(std::time::Duration::from_millis(35)).await;
    }
    let target = date(2026, 10, 22);
    assert_eq!(h.app.selected(), target);
    assert!(
        h.demo.sim.requests().is_empty(),
        "nothing is asked while the keys repeat"
    );
    h.settle().await;
    let asked: std::collections::BTreeSet<String> = h
        .demo
        .sim
        .requests()
        .iter()
        .filter_map(|r| {
            r.path
                .split('/')
                .find(|p| p.len() >= 10 && p.starts_with("2026-"))
                .map(|p| p[..10].to_string())
        })
        .collect();
    // The rested-on day (and its neighbours, prefetched while the budget allows; range
    // requests start or end on them) — never the days passed over.
    for day in &asked {
        let d: Date = day.parse().unwrap();
        let from_target = (d - target).get_days().abs();
        assert!(
            from_target <= 1 || d <= target.checked_sub(jiff::ToSpan::days(29)).unwrap(),
            "{day} was passed over but fetched: {asked:?}"
        );
    }
    assert!(asked.contains("2026-10-22"), "{asked:?}");
}
