//! fittui on its local store: a relaunch shows what it stored at once and asks the API only for
//! what is not final (today and yesterday); with the network gone every stored day is there,
//! marked offline; a stored day is never asked for again unless `r` is pressed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fittui::api::ProviderKind;
use fittui::app::{Payload, Resource, Tab};
use fittui::domain::DailyMetric;
use fittui::domain::heart::HeartZone;
use jiff::civil::{Date, date};
use ratatui::crossterm::event::KeyCode;
use support::demo::Harness;
use support::{ch, key, screen_text};

const TODAY: Date = date(2026, 11, 21);

/// How long a year's range fill may take without a message (see `settle_patiently`).
const YEAR_FILL: std::time::Duration = std::time::Duration::from_mins(2);

/// The first date each request names (the day asked for, or a range's first day), from the
/// path and the query.
fn asked_days(h: &Harness) -> std::collections::BTreeSet<Date> {
    h.demo
        .sim
        .requests()
        .iter()
        .filter_map(|r| {
            let text = format!("{}?{}", r.path, r.query);
            (0..text.len().saturating_sub(9)).find_map(|i| {
                text.get(i..i + 10)
                    .filter(|s| s.starts_with("2026-"))
                    .and_then(|s| s.parse::<Date>().ok())
            })
        })
        .collect()
}

/// Browses today and the six days before it on `tab`, settling on each.
async fn browse_week(h: &mut Harness, tab: Tab) {
    h.key(ch(char::from(b'1' + tab.index() as u8)));
    h.press(ch('t')).await;
    for _ in 0..6 {
        h.press(key(KeyCode::Left)).await;
    }
    h.settle().await;
}

fn shown(h: &Harness, resource: Resource) -> bool {
    h.app
        .slot(resource)
        .and_then(fittui::app::loadable::Loadable::value)
        .is_some()
}

#[tokio::test]
async fn a_relaunch_on_a_stored_week_asks_only_for_today_and_yesterday() {
    for provider in [ProviderKind::Fitbit, ProviderKind::Google] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fittui.sqlite");
        // What a launch without anything stored costs for just today and yesterday.
        let mut h = Harness::start_with_store(provider, &dir.path().join("empty.sqlite")).await;
        h.demo.sim.clear_requests();
        h.relaunch(&dir.path().join("empty2.sqlite"));
        h.settle().await;
        h.press(ch('t')).await;
        h.press(key(KeyCode::Left)).await;
        let two_days = h.demo.sim.requests().len();

        let mut h = Harness::start_with_store(provider, &db).await;
        browse_week(&mut h, Tab::Today).await;
        // The second launch.
        h.demo.sim.clear_requests();
        h.relaunch(&db);
        // The stored account and today are read before anything is drawn.
        assert!(h.app.is_recalling());
        h.settle().await;
        browse_week(&mut h, Tab::Today).await;
        for d in 0..7 {
            let day = TODAY.checked_sub(jiff::ToSpan::days(d)).unwrap();
            assert!(shown(&h, Resource::Activity(day)), "{provider}: {day}");
        }
        let requests = h.demo.sim.requests();
        let paths: Vec<String> = requests
            .iter()
            .map(|r| format!("{} {}?{}", r.method, r.path, r.query))
            .collect();
        assert!(
            !requests.is_empty() && requests.len() <= two_days,
            "{provider}: a week from the store costs {} requests, today and yesterday alone {two_days}: {paths:?}",
            requests.len()
        );
        // Where the request names its day (the legacy API), only today and yesterday are
        // asked for (range requests for the trends start earlier, before the week).
        let week_start = TODAY.checked_sub(jiff::ToSpan::days(6)).unwrap();
        let yesterday = TODAY.yesterday().unwrap();
        for day in asked_days(&h) {
            assert!(
                day < week_start || day == TODAY || day == yesterday,
                "{provider}: asked again for the stored {day}: {paths:?}"
            );
        }
    }
}

#[tokio::test]
async fn with_the_network_gone_every_stored_day_is_there_and_marked_offline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &db).await;
    browse_week(&mut h, Tab::Today).await;
    browse_week(&mut h, Tab::Heart).await;
    // The network goes away; fittui starts again.
    h.demo.sim.set_faults("reset:1.0").unwrap();
    h.relaunch(&db);
    h.settle().await;
    for tab in [Tab::Today, Tab::Heart] {
        browse_week(&mut h, tab).await;
    }
    for d in 0..7 {
        let day = TODAY.checked_sub(jiff::ToSpan::days(d)).unwrap();
        for resource in [Resource::Activity(day), Resource::Heart(day)] {
            assert!(shown(&h, resource), "{resource:?} not shown offline");
        }
    }
    // Today tried the network (it is not final) and found it gone.
    h.key(ch('1'));
    h.press(ch('t')).await;
    let text = screen_text(&h.app, 120, 40);
    assert!(text.contains("OFFLINE"), "{text}");
    assert!(
        text.contains("Steps by hour"),
        "the stored day is drawn: {text}"
    );
    assert!(!text.contains("synced just now"), "{text}");
}

#[tokio::test]
async fn a_final_day_is_not_asked_for_again_until_r() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &db).await;
    let day = date(2026, 11, 10);
    browse_week(&mut h, Tab::Sleep).await;
    // Go to the 10th, then relaunch and go there again.
    h.press(ch('t')).await;
    for _ in 0..11 {
        h.key(key(KeyCode::Left));
    }
    h.settle().await;
    assert_eq!(h.app.selected(), day);
    assert!(matches!(
        h.app
            .slot(Resource::Sleep(day))
            .and_then(fittui::app::loadable::Loadable::value)
            .map(|v| &v.value),
        Some(Payload::Sleep(_))
    ));
    h.relaunch(&db);
    h.settle().await;
    h.key(ch('3'));
    h.key(ch('t'));
    for _ in 0..11 {
        h.key(key(KeyCode::Left));
    }
    h.demo.sim.clear_requests();
    h.settle().await;
    assert!(shown(&h, Resource::Sleep(day)));
    assert!(
        !asked_days(&h).contains(&day),
        "a final day costs no request: {:?}",
        h.demo
            .sim
            .requests()
            .iter()
            .map(|r| r.path.clone())
            .collect::<Vec<_>>()
    );
    // `r` asks anyway.
    h.press(ch('r')).await;
    assert!(asked_days(&h).contains(&day));
}

#[tokio::test]
async fn while_idle_older_days_are_filled_into_the_store_and_step_aside_for_the_user() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &db).await;
    // Idle: the clock ticks, the backfill starts with the day before yesterday.
    h.tick();
    assert_eq!(h.app.backfilling(), Some(date(2026, 11, 19)));
    let text = screen_text(&h.app, 160, 30);
    assert!(text.contains("filling the store: Thu 19 Nov"), "{text}");
    // Let three days in.
    while h.app.backfilled() < 3 {
        assert!(h.step().await, "the backfill goes on");
    }
    let store = fittui::store::Store::open(&db).unwrap();
    let account = fittui::store::AccountKey {
        provider: ProviderKind::Fitbit.into(),
        user_id: "GGNJL9".into(),
    };
    for day in [date(2026, 11, 19), date(2026, 11, 18), date(2026, 11, 17)] {
        assert!(store.activity(&account, day).unwrap().is_some(), "{day}");
        assert!(store.heart(&account, day).unwrap().is_some(), "{day}");
        assert!(store.sleep(&account, day).unwrap().is_some(), "{day}");
    }
    // The user asks for something: the backfill steps aside at once.
    assert!(h.app.backfilling().is_some());
    h.key(ch('3'));
    h.key(key(KeyCode::Left));
    h.settle().await;
    assert!(h.app.backfilling().is_none() || h.app.backfilled() >= 3);
    // Those days now cost nothing to browse.
    h.demo.sim.clear_requests();
    h.key(ch('1'));
    h.key(ch('t'));
    for _ in 0..4 {
        h.key(key(KeyCode::Left));
    }
    h.settle().await;
    assert_eq!(h.app.selected(), date(2026, 11, 17));
    let asked = asked_days(&h);
    assert!(!asked.contains(&date(2026, 11, 17)), "{asked:?}");
}

/// The network fails before the store has been read (a dead network answers at once): the
/// stored account and day still show, marked offline.
#[tokio::test]
async fn a_network_failure_quicker_than_the_store_still_shows_stored_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &db).await;
    browse_week(&mut h, Tab::Today).await;
    h.demo.sim.set_faults("reset:1.0").unwrap();
    h.relaunch(&db);
    // Process whatever arrives first, in any order, until all is in.
    h.settle().await;
    h.press(ch('t')).await;
    h.settle().await;
    assert!(shown(&h, Resource::Activity(TODAY)), "the stored day shows");
    let text = screen_text(&h.app, 120, 40);
    assert!(
        text.contains("OFFLINE") && text.contains("Steps by hour"),
        "{text}"
    );
}

/// Paths of the requests in the simulator's log.
fn paths(h: &Harness) -> Vec<String> {
    h.demo
        .sim
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .collect()
}

/// Every date in a text.
fn dates_in(text: &str) -> Vec<Date> {
    (0..text.len().saturating_sub(9))
        .filter_map(|i| text.get(i..i + 10).and_then(|s| s.parse::<Date>().ok()))
        .collect()
}

/// Whether a path is a trend's range request (a legacy time series between two dates, or one
/// of Google's daily trend collections).
fn is_trend_range(path: &str) -> bool {
    let dated = path.matches("/2026-").count() >= 2
        && [
            "/activities/steps/date/",
            "/activities/heart/date/",
            "/hrv/date/",
        ]
        .iter()
        .any(|p| path.contains(p));
    dated
        || path.contains("daily-resting-heart-rate")
        || path.contains("daily-heart-rate-variability")
}

#[tokio::test]
async fn a_range_request_fills_the_neighbouring_days_and_trends_ask_only_for_missing_days() {
    for provider in [ProviderKind::Fitbit, ProviderKind::Google] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fittui.sqlite");
        // One launch looks at today on Today and on Heart: nothing else.
        let mut h = Harness::start_with_store(provider, &db).await;
        h.key(ch('2'));
        h.settle().await;
        let store = fittui::store::Store::open(&db).unwrap();
        let (account, _) = store.last_account(provider).unwrap().unwrap();
        // The trends' range requests brought the days around today: every final day of the
        // 30-day window is in the store, though none of those days was looked at.
        let (from, to) = (date(2026, 10, 23), date(2026, 11, 19));
        for metric in [DailyMetric::RestingHr, DailyMetric::Hrv] {
            let stored = store.daily(&account, metric, from, to).unwrap();
            assert_eq!(stored.len(), 28, "{provider} {metric:?}: {stored:?}");
            assert!(stored.iter().filter(|(_, v)| v.is_some()).count() > 20);
        }
        if provider == ProviderKind::Fitbit {
            // Fitbit's 7-day steps range reaches 30 days further back; Google's week comes
            // with the day's own roll-up.
            let stored = store.daily(&account, DailyMetric::Steps, from, to).unwrap();
            assert_eq!(stored.len(), 28, "{stored:?}");
        }
        // A new launch (nothing in memory) goes to a day nine days back on Today and Heart:
        // the day's own requests, and not one trend range — they come from the store.
        h.relaunch(&db);
        h.settle().await;
        h.demo.sim.clear_requests();
        let day = date(2026, 11, 12);
        for tab in ['1', '2'] {
            h.key(ch(tab));
            h.key(ch('t'));
            for _ in 0..9 {
                h.key(key(KeyCode::Left));
            }
            h.settle().await;
            assert_eq!(h.app.selected(), day);
        }
        let asked = paths(&h);
        assert!(!asked.is_empty(), "{provider}: the day itself is fetched");
        // Only days missing from the store are asked for: the HRV window of the 12th reaches
        // back before the first launch's ranges (23 Oct on), and only that part is asked.
        let ranges: Vec<String> = h
            .demo
            .sim
            .requests()
            .iter()
            .filter(|r| is_trend_range(&r.path))
            .map(|r| format!("{}?{}", r.path, r.query))
            .collect();
        for range in &ranges {
            assert!(
                !dates_in(range).iter().any(|d| *d > from),
                "{provider}: only missing days are asked: {range}"
            );
        }
        let Some(Payload::Heart(heart)) = h
            .app
            .slot(Resource::Heart(day))
            .and_then(fittui::app::loadable::Loadable::value)
            .map(|v| &v.value)
        else {
            panic!("{provider}: the heart day is shown");
        };
        assert_eq!(heart.resting_trend.len(), 30);
        assert!(
            heart
                .resting_trend
                .iter()
                .filter(|v| v.value.is_some())
                .count()
                > 20,
            "{provider}: {:?}",
            heart.resting_trend
        );
        if provider == ProviderKind::Fitbit {
            let Some(Payload::Activity(day)) = h
                .app
                .slot(Resource::Activity(day))
                .and_then(fittui::app::loadable::Loadable::value)
                .map(|v| &v.value)
            else {
                panic!("the activity day is shown");
            };
            // The six days before it from the store (the 12th itself was not worn).
            assert!(
                day.week_steps[..6].iter().all(|v| v.value.is_some()),
                "{day:?}"
            );
            assert_eq!(
                day.week_steps[6].value,
                day.summary.as_ref().map(|s| s.steps)
            );
        }
    }
}

#[tokio::test]
async fn p_shows_the_records_of_what_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &db).await;
    browse_week(&mut h, Tab::Today).await;
    h.press(ch('p')).await;
    h.settle().await;
    let Some(fittui::app::Overlay::Records(Some(Ok(records)))) = h.app.overlay() else {
        panic!("the records are shown: {:?}", h.app.overlay());
    };
    // What the store says, read independently.
    let store = fittui::store::Store::open(&db).unwrap();
    let (key, _) = store.last_account(ProviderKind::Fitbit).unwrap().unwrap();
    assert_eq!(records, &store.records(&key, 10_000).unwrap());
    assert!(records.days >= 6, "{records:?}");
    let best = records.best_day.unwrap();
    let text = screen_text(&h.app, 80, 24);
    assert!(text.contains("Personal records"), "{text}");
    assert!(
        text.contains(&format!(
            "{} steps",
            fittui::domain::units::format_count(u64::from(best.1))
        )),
        "{text}"
    );
    insta::assert_snapshot!("records_80x24", text);
    // p closes it again.
    h.press(ch('p')).await;
    assert!(h.app.overlay().is_none());
}

#[tokio::test]
async fn z_zooms_today_out_to_a_week_month_and_year_of_stored_days() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &db).await;
    browse_week(&mut h, Tab::Today).await;
    h.press(ch('t')).await;
    h.demo.sim.clear_requests();
    // A week: from the store, not one request.
    h.press(ch('z')).await;
    assert_eq!(h.app.period(), fittui::app::period::Period::Week);
    let week = screen_text(&h.app, 80, 24);
    assert!(week.contains("Week of 16 Nov 2026"), "{week}");
    assert!(week.contains("At goal"), "{week}");
    insta::assert_snapshot!("today_week_80x24", week);
    insta::assert_snapshot!("today_week_120x40", screen_text(&h.app, 120, 40));
    // The cursor moves within it; the day's values are under the chart.
    h.press(ch('[')).await;
    assert_eq!(h.app.selected(), date(2026, 11, 20));
    assert!(screen_text(&h.app, 120, 40).contains("Fri 20 Nov 2026 · 5,987 steps"));
    // A month (across the change from summer time, 1 Nov), then a year.
    h.press(ch('z')).await;
    let month = screen_text(&h.app, 80, 24);
    assert!(month.contains("November 2026"), "{month}");
    insta::assert_snapshot!("today_month_80x24", month);
    insta::assert_snapshot!("today_month_120x40", screen_text(&h.app, 120, 40));
    // The week's and the month's days were stored; their weigh-ins never were (the day views
    // do not fetch them): the weight and body-fat logs by range, once per window.
    let (weight, other) = weight_requests(&h);
    assert!(
        other.is_empty(),
        "the week and the month were stored: {other:?}"
    );
    assert_eq!(weight.len(), 4, "{weight:?}");
    h.demo.sim.clear_requests();
    // The year's days not stored are asked for by range (the four of
    // `a_year_on_a_cold_store_costs_only_the_documented_range_requests`), then shown.
    h.key(ch('z'));
    h.settle_patiently(YEAR_FILL).await;
    let year = screen_text(&h.app, 120, 40);
    assert!(year.contains("Activity · 2026"), "{year}");
    let (weight, paths) = weight_requests(&h);
    assert_eq!(paths.len(), 4, "{paths:?}");
    // The year's weigh-ins not stored (1 Jan to 31 Oct): the two logs, 31 days a request.
    assert_eq!(weight.len(), 2 * 10, "{weight:#?}");
    assert!(
        weight.iter().all(|p| dates_in(p).len() == 2),
        "ranges only: {weight:?}"
    );
    assert!(
        paths.iter().all(|p| dates_in(p).len() == 2),
        "ranges only: {paths:?}"
    );
    insta::assert_snapshot!("today_year_120x40", year);
    insta::assert_snapshot!("today_year_80x24", screen_text(&h.app, 80, 24));
    // ← moves a whole period back, keeping the day's place; Enter opens the day.
    h.press(ch('Z')).await;
    h.press(key(KeyCode::Left)).await;
    assert_eq!(h.app.selected(), date(2026, 10, 20));
    assert!(screen_text(&h.app, 80, 24).contains("October 2026"));
    h.press(key(KeyCode::Enter)).await;
    assert_eq!(h.app.period(), fittui::app::period::Period::Day);
    assert!(screen_text(&h.app, 80, 24).contains("Steps by hour"));
}

#[tokio::test]
async fn a_year_on_a_cold_store_costs_only_the_documented_range_requests() {
    // Fitbit: steps, distance, floors and AZM by range, 1,095 days a request: 4. Google:
    // the four daily roll-ups, 90 days a request: 4 × ⌈N / 90⌉ for the N final days asked.
    for provider in [ProviderKind::Fitbit, ProviderKind::Google] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fittui.sqlite");
        let mut h = Harness::start_with_store(provider, &db).await;
        h.demo.sim.clear_requests();
        // Straight to the year: the week and month read first are passed over.
        h.key(ch('z'));
        h.key(ch('z'));
        h.key(ch('z'));
        h.settle_patiently(YEAR_FILL).await;
        assert_eq!(h.app.period(), fittui::app::period::Period::Year);
        // The weigh-ins are asked for too (by range: see `z_zooms_today_out_…`).
        let (weight, paths) = weight_requests(&h);
        assert!(!weight.is_empty(), "{provider}");
        // 1 Jan to the day before yesterday, the final days not stored.
        let final_days = 324;
        let expected = match provider {
            ProviderKind::Fitbit => 4,
            ProviderKind::Google => 4 * u64::div_ceil(final_days, 90),
        };
        assert_eq!(paths.len() as u64, expected, "{provider}: {paths:#?}");
        // Every final day of the year is in the view now (yesterday, still settling, is
        // fetched by its own view when it is looked at).
        let Some(Ok(days)) = h.app.period_days().and_then(|p| p.days.as_ref()) else {
            panic!("{provider}: the year is read");
        };
        let unstored: Vec<Date> = days
            .iter()
            .filter(|d| d.date >= date(2026, 1, 1) && d.date <= date(2026, 11, 19) && !d.stored)
            .map(|d| d.date)
            .collect();
        assert!(unstored.is_empty(), "{provider}: {unstored:?}");
        // The simulated person has about 90 days of data.
        assert!(
            days.iter().filter(|d| d.steps.is_some()).count() > 80,
            "{provider}"
        );
        // And the store answers it next time: zooming out again asks nothing.
        h.relaunch(&db);
        h.settle().await;
        h.demo.sim.clear_requests();
        for _ in 0..3 {
            h.key(ch('z'));
        }
        h.settle().await;
        assert!(
            h.demo.sim.requests().is_empty(),
            "{provider}: {:?}",
            h.demo.sim.requests()
        );
    }
}

/// The requests the simulator logged (`path query`): the weigh-ins' and the others.
fn weight_requests(h: &Harness) -> (Vec<String>, Vec<String>) {
    request_paths(h)
        .into_iter()
        .partition(|p| p.contains("/body/") || p.contains("weight") || p.contains("body-fat"))
}

/// The requests the simulator logged, as `path query`.
fn request_paths(h: &Harness) -> Vec<String> {
    h.demo
        .sim
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.path, r.query))
        .collect()
}

#[tokio::test]
async fn heart_zooms_out_to_a_week_month_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &db).await;
    browse_week(&mut h, Tab::Heart).await;
    h.press(ch('t')).await;
    h.settle().await;
    h.demo.sim.clear_requests();
    h.press(ch('z')).await;
    h.settle().await;
    assert_eq!(h.app.period(), fittui::app::period::Period::Week);
    let week = screen_text(&h.app, 80, 24);
    assert!(week.contains("Heart · Week of 16 Nov 2026"), "{week}");
    assert!(
        h.demo.sim.requests().is_empty(),
        "the week was stored: {:?}",
        request_paths(&h)
    );
    insta::assert_snapshot!("heart_week_80x24", week);
    insta::assert_snapshot!("heart_week_120x40", screen_text(&h.app, 120, 40));
    // Colour carries meaning: the zones' bars are each zone's own colour, and the cardio and
    // peak zones (both in this week) differ.
    let terminal = support::app::render(&h.app, 120, 40);
    let buf = terminal.backend().buffer();
    let bar_colours: std::collections::BTreeSet<String> = buf
        .content()
        .iter()
        .filter(|c| "▁▂▃▄▅▆▇█".contains(c.symbol()))
        .map(|c| format!("{:?}", c.fg))
        .collect();
    let zone = |z| format!("{:?}", fittui::ui::theme::zone(z));
    assert_ne!(zone(HeartZone::Cardio), zone(HeartZone::Peak));
    for z in [HeartZone::FatBurn, HeartZone::Cardio, HeartZone::Peak] {
        assert!(bar_colours.contains(&zone(z)), "{z:?}: {bar_colours:?}");
    }
    // A click on Tuesday's column (under its date) selects Tuesday; the rows above it too.
    let (x, y) = label_at(&week, "Tue");
    for row in [y, 6, 12] {
        h.press(ch('t')).await;
        h.app.update(support::click(x + 1, row));
        assert_eq!(h.app.selected(), date(2026, 11, 17), "row {row}");
    }
    // Outside the plot (the y-axis) nothing is picked.
    h.app.update(support::click(4, 6));
    assert_eq!(h.app.selected(), date(2026, 11, 17));
    h.press(ch('t')).await;
    h.press(ch('[')).await;
    assert_eq!(h.app.selected(), date(2026, 11, 20));
    let text = screen_text(&h.app, 120, 40);
    assert!(text.contains("Fri 20 Nov 2026 · resting"), "{text}");
    h.press(ch('z')).await;
    h.settle().await;
    let month = screen_text(&h.app, 80, 24);
    assert!(month.contains("Heart · November 2026"), "{month}");
    insta::assert_snapshot!("heart_month_80x24", month);
    insta::assert_snapshot!("heart_month_120x40", screen_text(&h.app, 120, 40));
    let month_requests = request_paths(&h);
    h.demo.sim.clear_requests();
    h.key(ch('z'));
    h.settle_patiently(YEAR_FILL).await;
    let year = screen_text(&h.app, 120, 40);
    assert!(year.contains("Heart · 2026"), "{year}");
    insta::assert_snapshot!("heart_year_120x40", year);
    insta::assert_snapshot!("heart_year_80x24", screen_text(&h.app, 80, 24));
    // The year's others come by range only: resting HR (`activities/heart`, 365 days a request)
    // and HRV (30 days a request) from 29 days before the first day not stored (the 30-day
    // trends), and the ECG list since 1 Jan — 1 + ⌈(N + 29) / 30⌉ + 1 for the N days
    // (1 Jan – 21 Sep, 264 days: the trend ranges of the week's views hold the rest).
    // The month's days were stored (the week's views brought their 30-day trends) but for
    // their ECG readings, which no view had listed before 16 Nov: one ECG list for them.
    assert_eq!(month_requests.len(), 1, "{month_requests:#?}");
    assert!(
        month_requests[0].starts_with("/1/user/-/ecg/list.json afterDate=2026-11-01T"),
        "{month_requests:#?}"
    );
    let year_requests = request_paths(&h);
    assert_eq!(
        year_requests.len(),
        1 + (264 + 29_usize).div_ceil(30) + 1,
        "{year_requests:#?}"
    );
    assert!(
        year_requests
            .iter()
            .all(|p| dates_in(p).len() == 2 || p.starts_with("/1/user/-/ecg/list.json")),
        "ranges only: {year_requests:#?}"
    );
    // Every final day of the year has its resting HR and HRV stored now, with or without data.
    let health = h
        .app
        .period_days()
        .unwrap()
        .health
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    let unstored: Vec<Date> = health
        .heart
        .iter()
        .filter(|d| d.date >= date(2026, 1, 1) && d.date <= date(2026, 11, 19) && !d.stored)
        .map(|d| d.date)
        .collect();
    assert!(unstored.is_empty(), "{unstored:?}");
    zones_came_with_the_range(&h, health).await;
    ecg_as_the_person_took_them(&h, health, date(2026, 1, 1), date(2026, 11, 20));
}

/// The period lists every ECG reading the simulator's person took in `[from, to]` (final
/// days), whether or not the day's heart record is stored: the ranges' lists are kept too.
fn ecg_as_the_person_took_them(
    h: &Harness,
    health: &fittui::store::PeriodHealth,
    from: Date,
    to: Date,
) {
    let taken: Vec<(Date, jiff::Timestamp, Option<u16>)> =
        fittui_sim::person::extras::ecgs(h.demo.sim.person(), h.demo.clock.now())
            .into_iter()
            .filter(|e| e.date >= from && e.date <= to)
            .map(|e| (e.date, e.at, u16::try_from(e.bpm).ok()))
            .collect();
    let listed: Vec<(Date, jiff::Timestamp, Option<u16>)> = health
        .ecg
        .iter()
        .filter(|e| e.date >= from && e.date <= to)
        .map(|e| (e.date, e.start, e.average_hr))
        .collect();
    assert!(taken.len() > 2, "a year holds several readings: {taken:?}");
    assert_eq!(listed, taken);
    // Most of them are on days whose heart record was never fetched.
    let with_record = listed
        .iter()
        .filter(|(d, _, _)| *d >= date(2026, 11, 16))
        .count();
    assert!(with_record < listed.len(), "{listed:?}");
}

/// The time in zones of a final day never viewed came with the heart range that filled its
/// resting HR (the simulator keeps 90 days, from late August), equal to the API's own day.
async fn zones_came_with_the_range(h: &Harness, health: &fittui::store::PeriodHealth) {
    let never_viewed = date(2026, 9, 10);
    let zones = health
        .heart
        .iter()
        .find(|d| d.date == never_viewed)
        .and_then(|d| d.zones)
        .expect("zones of a day only the range brought");
    let api = h.demo.source.provider.heart(never_viewed).await.unwrap();
    let minutes = api.time_in_zones.unwrap();
    assert_eq!(
        (zones.fat_burn, zones.cardio, zones.peak),
        (minutes.fat_burn, minutes.cardio, minutes.peak)
    );
}

#[tokio::test]
async fn sleep_zooms_out_to_a_week_month_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &db).await;
    browse_week(&mut h, Tab::Sleep).await;
    h.press(ch('t')).await;
    h.settle().await;
    h.demo.sim.clear_requests();
    h.press(ch('z')).await;
    h.settle().await;
    let week = screen_text(&h.app, 80, 24);
    assert!(week.contains("Sleep · Week of 16 Nov 2026"), "{week}");
    assert!(
        h.demo.sim.requests().is_empty(),
        "the week was stored: {:?}",
        request_paths(&h)
    );
    insta::assert_snapshot!("sleep_week_80x24", week);
    insta::assert_snapshot!("sleep_week_120x40", screen_text(&h.app, 120, 40));
    h.press(ch('[')).await;
    let text = screen_text(&h.app, 120, 40);
    assert!(text.contains("Fri 20 Nov 2026 · asleep"), "{text}");
    h.press(ch('z')).await;
    h.settle().await;
    let month = screen_text(&h.app, 80, 24);
    assert!(month.contains("Sleep · November 2026"), "{month}");
    insta::assert_snapshot!("sleep_month_80x24", month);
    insta::assert_snapshot!("sleep_month_120x40", screen_text(&h.app, 120, 40));
    // The month's nights not stored (1–14 Nov): one sleep range (the vitals were in the
    // trend caches the week's views filled).
    let month = request_paths(&h);
    assert_eq!(
        month,
        ["/1.2/user/-/sleep/date/2026-11-01/2026-11-14.json "],
        "{month:#?}"
    );
    h.demo.sim.clear_requests();
    h.key(ch('z'));
    h.settle_patiently(YEAR_FILL).await;
    let year = screen_text(&h.app, 120, 40);
    assert!(year.contains("Sleep · 2026"), "{year}");
    insta::assert_snapshot!("sleep_year_120x40", year);
    insta::assert_snapshot!("sleep_year_80x24", screen_text(&h.app, 80, 24));
    // The year's nights not stored (1 Jan – 31 Oct, 304): ⌈304 / 100⌉ sleep ranges, and
    // SpO₂, breathing rate and skin temperature by 30-day range over the days the trend
    // caches did not hold (1 Jan – 21 Oct, 294 days: 10 each). No per-night request.
    let year = request_paths(&h);
    let count = |part: &str| year.iter().filter(|p| p.contains(part)).count();
    assert_eq!(count("/sleep/date/"), 304_usize.div_ceil(100), "{year:#?}");
    for vital in ["/spo2/date/", "/br/date/", "/temp/skin/date/"] {
        assert_eq!(count(vital), 294_usize.div_ceil(30), "{vital}: {year:#?}");
    }
    assert_eq!(year.len(), 4 + 3 * 10, "{year:#?}");
    assert!(year.iter().all(|p| dates_in(p).len() == 2), "{year:#?}");
}

/// The screen cell where `text` starts (the first line holding it).
fn label_at(screen: &str, text: &str) -> (u16, u16) {
    screen
        .lines()
        .enumerate()
        .find_map(|(y, line)| {
            let byte = line.find(text)?;
            Some((line[..byte].chars().count() as u16, y as u16))
        })
        .unwrap_or_else(|| panic!("{text} not on screen:\n{screen}"))
}

/// `format_minutes` of the rounded mean of `values`.
fn mean_minutes(values: &[u32]) -> String {
    let mean = f64::from(values.iter().sum::<u32>()) / values.len() as f64;
    fittui::domain::units::format_minutes(mean.round() as u32)
}

#[tokio::test]
async fn period_averages_equal_the_persons() {
    use fittui_sim::person::Level;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &db).await;
    browse_week(&mut h, Tab::Heart).await;
    browse_week(&mut h, Tab::Sleep).await;
    h.press(ch('t')).await;
    h.press(ch('z')).await;
    h.settle().await;
    // The week of Mon 16 Nov up to today (Sat 21), from the simulated person.
    let person = h.demo.sim.person();
    let days: Vec<Date> = (16..=21).map(|d| date(2026, 11, d)).collect();
    // The night still being processed at the simulator's now has no record yet.
    let processing = person.processing_night(h.demo.sim.now());
    let nights: Vec<_> = days
        .iter()
        .filter(|d| Some(**d) != processing)
        .filter_map(|d| person.main_night(*d))
        .collect();
    let asleep: Vec<u32> = nights
        .iter()
        .map(fittui_sim::person::Night::minutes_asleep)
        .collect();
    let sleep = screen_text(&h.app, 120, 40);
    assert!(
        sleep.contains(&format!("Asleep {} a night", mean_minutes(&asleep))),
        "{asleep:?}\n{sleep}"
    );
    let staged: Vec<_> = nights.iter().filter(|n| !n.classic).collect();
    for (level, label) in [(Level::Deep, "Deep"), (Level::Rem, "REM")] {
        let minutes: Vec<u32> = staged
            .iter()
            .map(|n| {
                n.totals()
                    .iter()
                    .filter(|t| t.level == level)
                    .map(|t| t.minutes)
                    .sum()
            })
            .collect();
        let text = format!("{label} {}", mean_minutes(&minutes));
        assert!(sleep.contains(&text), "{text}: {minutes:?}\n{sleep}");
    }
    // The Heart tab's resting-HR average over the same days.
    let worn: Vec<u32> = days
        .iter()
        .filter(|d| !person.is_not_worn(**d))
        .map(|d| u32::from(person.rhr(*d)))
        .collect();
    h.press(ch('2')).await;
    h.settle().await;
    let resting = f64::from(worn.iter().sum::<u32>()) / worn.len() as f64;
    let lowest = worn.iter().min().unwrap();
    let heart = screen_text(&h.app, 120, 40);
    assert!(
        heart.contains(&format!(
            "Resting HR {resting:.0} bpm avg · lowest {lowest}"
        )),
        "{worn:?}\n{heart}"
    );
}

/// Types `text` into the go-to-date prompt and goes there.
async fn go_to(h: &mut Harness, text: &str) {
    h.press(ch('g')).await;
    for c in text.chars() {
        h.press(ch(c)).await;
    }
    h.press(key(KeyCode::Enter)).await;
    h.settle().await;
}

#[tokio::test]
async fn google_periods_with_missing_days_and_across_the_dst_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Google, &db).await;
    // Heart, this week: the final days come by range; yesterday is still settling and has not
    // been looked at, so it is not stored (`·`).
    h.press(ch('2')).await;
    h.settle().await;
    h.demo.sim.clear_requests();
    h.press(ch('z')).await;
    h.settle().await;
    let heart = screen_text(&h.app, 80, 24);
    assert!(heart.contains("Heart · Week of 16 Nov 2026"), "{heart}");
    let wide = screen_text(&h.app, 120, 40);
    assert!(wide.contains("1 day not stored (·)"), "{wide}");
    insta::assert_snapshot!("google_heart_week_missing_80x24", heart);
    // The week's days had their resting HR from the day view's 30-day range, but neither
    // their time in zones nor their ECG list: those come by range (a roll-up's window is in
    // its body), as a list since the first day.
    let paths = request_paths(&h);
    assert!(
        paths.iter().all(|p| dates_in(p).len() >= 2
            || p.contains(":dailyRollUp")
            || p.contains("electrocardiogram")),
        "ranges only: {paths:#?}"
    );
    assert_eq!(paths.len(), 3, "{paths:#?}");
    // The week holding the change from summer time (Sun 1 Nov 2026, America/Los_Angeles):
    // bedtimes and wake times stay on the wall clock.
    go_to(&mut h, "2026-11-01").await;
    h.press(ch('3')).await;
    h.settle().await;
    let sleep = screen_text(&h.app, 120, 40);
    assert!(sleep.contains("Sleep · Week of 26 Oct 2026"), "{sleep}");
    assert!(sleep.contains("Sun 1 Nov 2026 · asleep"), "{sleep}");
    insta::assert_snapshot!("google_sleep_week_dst_120x40", sleep);
    h.press(ch('1')).await;
    h.settle().await;
    let today = screen_text(&h.app, 80, 24);
    assert!(today.contains("Activity · Week of 26 Oct 2026"), "{today}");
    insta::assert_snapshot!("google_today_week_dst_80x24", today);
    h.press(ch('z')).await;
    h.settle().await;
    insta::assert_snapshot!("google_today_month_120x40", screen_text(&h.app, 120, 40));
}

/// Every data tab at week, month and year, at both sizes, on the Google provider (its own
/// ranges: roll-up windows and lists), from a store holding only what the launch brought.
#[tokio::test]
async fn google_every_tab_at_week_month_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let mut h = Harness::start_with_store(ProviderKind::Google, &db).await;
    for (period, title) in [
        ("week", "Week of 16 Nov 2026"),
        ("month", "November 2026"),
        ("year", "2026"),
    ] {
        h.press(ch('z')).await;
        for (key, tab) in [('1', "today"), ('2', "heart"), ('3', "sleep")] {
            h.press(ch(key)).await;
            h.settle_patiently(YEAR_FILL).await;
            let small = screen_text(&h.app, 80, 24);
            assert!(
                small.contains(&format!(" · {title}")),
                "{tab} {period}: {small}"
            );
            insta::assert_snapshot!(format!("google_every_{tab}_{period}_80x24"), small);
            insta::assert_snapshot!(
                format!("google_every_{tab}_{period}_120x40"),
                screen_text(&h.app, 120, 40)
            );
        }
    }
}

#[tokio::test]
async fn the_go_to_prompt_has_a_month_calendar_to_move_through() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &dir.path().join("s.sqlite")).await;
    h.press(ch('g')).await;
    let screen = screen_text(&h.app, 80, 24);
    assert!(screen.contains("November 2026"), "{screen}");
    assert!(screen.contains("Mo Tu We Th Fr Sa Su"), "{screen}");
    // A month back and a week up: the text follows the calendar, Enter goes there.
    h.press(key(KeyCode::PageUp)).await;
    h.press(key(KeyCode::Up)).await;
    let screen = screen_text(&h.app, 80, 24);
    assert!(screen.contains("› 2026-10-14"), "{screen}");
    insta::assert_snapshot!("goto_calendar_80x24", screen);
    h.press(key(KeyCode::Enter)).await;
    assert_eq!(h.app.selected(), date(2026, 10, 14));
}

#[tokio::test]
async fn periods_passed_over_are_read_but_never_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::start_with_store(ProviderKind::Fitbit, &dir.path().join("s.sqlite")).await;
    h.key(ch('z'));
    h.key(ch('z'));
    // November, then three months back without resting: October and September are read from
    // the store as they pass, only August (where the keys rest) is fetched.
    h.key(key(KeyCode::Left));
    h.key(key(KeyCode::Left));
    h.demo.sim.clear_requests();
    h.key(key(KeyCode::Left));
    h.settle().await;
    assert_eq!(h.app.selected(), date(2026, 8, 21));
    let paths = request_paths(&h);
    assert!(!paths.is_empty());
    for p in &paths {
        let dates = dates_in(p);
        assert!(
            dates.iter().all(|d| *d <= date(2026, 8, 31)),
            "only August is fetched: {paths:#?}"
        );
    }
    let screen = screen_text(&h.app, 80, 24);
    assert!(screen.contains("Activity · August 2026"), "{screen}");
}
