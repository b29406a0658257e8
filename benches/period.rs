//! Week, month and year views (issue 15 point 7), on the year store of `benches/store.rs`
//! (`common/year.rs`: 365 days ending 2026-11-21 for one Fitbit account, fetched day by day
//! from the in-process simulator and written through the app's `LocalStore`; the simulator is
//! stopped once they are stored, so nothing here touches a network):
//!
//! - rendering a year view at 200×50 (Today, Heart, Sleep), the year read from the store
//!   (target ≤ 2 ms);
//! - switching period with a warm store: ← / → between two stored months on the Heart tab, the
//!   period read from the store off the loop (`Effect::ReadPeriod` through the effect runner)
//!   and the redraw at 200×50 (target ≤ 10 ms);
//! - personal records over three years of stored days: the year store plus two years before it
//!   as range fills leave them (steps, distance, floors, AZM, resting HR and HRV per day in
//!   `daily_value`) (target ≤ 20 ms).
//!
//! Figures are recorded in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;
#[path = "common/year.rs"]
mod year;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use fittui::api::ProviderKind;
use fittui::app::period::Period;
use fittui::app::{App, AppInit, Effect, Resource, SourceInfo};
use fittui::domain::DailyMetric;
use fittui::paths::Paths;
use fittui::runtime::local::LocalStore;
use fittui::runtime::{self, EffectRunner, Msg};
use fittui::store::Store;
use jiff::ToSpan;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc::UnboundedReceiver;
use year::{LAST_DAY, build_year, clock, first_day};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The app on the year's profile with the real effect runner and store (no network).
struct Driver {
    app: App,
    runner: EffectRunner,
    rx: UnboundedReceiver<Msg>,
}

impl Driver {
    fn launch(rt: &tokio::runtime::Runtime, root: &Path) -> Self {
        let _guard = rt.enter();
        let clock = clock();
        let paths = Paths::in_dir(root);
        let config = fittui::config::Config::load(&paths.config_file()).unwrap();
        let source = fittui::source::open(
            &config,
            &paths,
            ProviderKind::Fitbit,
            fittui::net::http_client().unwrap(),
            clock.clone(),
        )
        .unwrap()
        .unwrap();
        let store = Arc::new(Store::open(&paths.store_file()).unwrap());
        let local = Arc::new(LocalStore::new(store, ProviderKind::Fitbit, clock.clone()));
        let (tx, rx) = runtime::channel();
        let runner = EffectRunner::new(Some(source.provider.clone()), tx)
            .with_store(local)
            .with_timer(fittui::clock::Clock::timer(clock.as_ref()));
        let (mut app, mut effects) = App::new(AppInit {
            config,
            clock,
            tz: support::la(),
            start_date: None,
            source: Some(SourceInfo {
                kind: ProviderKind::Fitbit,
                capabilities: source.provider.capabilities(),
            }),
        });
        effects.extend(app.use_store());
        let mut d = Driver { app, runner, rx };
        d.run(effects);
        d
    }

    fn run(&mut self, effects: Vec<Effect>) {
        for e in effects {
            self.runner.run(e);
        }
    }

    fn key(&mut self, code: KeyCode) {
        let effects = self.app.handle_key(key(code));
        self.run(effects);
    }

    /// Processes messages until `done` holds.
    async fn wait_until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        while !done(&self.app) {
            let msg = tokio::time::timeout(Duration::from_mins(1), self.rx.recv())
                .await
                .unwrap_or_else(|_| panic!("{what}: not within 60 s"))
                .unwrap();
            runtime::process(&mut self.app, &mut self.runner, msg);
        }
    }

    /// Processes messages until the period on screen is read from the store.
    async fn wait_for_period(&mut self) {
        self.wait_until("the period", |app| {
            let (first, last) = app.period().window(app.selected());
            app.period_days().is_some_and(|p| {
                p.to == last && p.from < first && p.days.is_some() && p.health.is_some()
            })
        })
        .await;
    }
}

static YEAR_ROOT: OnceLock<PathBuf> = OnceLock::new();
static RECORDS_STORE: OnceLock<PathBuf> = OnceLock::new();

fn launched(tab: char, zooms: usize) -> (tokio::runtime::Runtime, Driver) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let root = YEAR_ROOT.get().expect("the year is built in main");
    let mut d = Driver::launch(&rt, root);
    rt.block_on(async {
        d.wait_until("today", |app| {
            app.slot(Resource::Activity(LAST_DAY))
                .and_then(fittui::app::loadable::Loadable::value)
                .is_some()
        })
        .await;
        d.key(KeyCode::Char(tab));
        for _ in 0..zooms {
            d.key(KeyCode::Char('z'));
        }
        d.wait_for_period().await;
        // Let the rest (a fill of the days not stored, which fails without a network) end.
        while d.app.is_busy() {
            match tokio::time::timeout(Duration::from_secs(5), d.rx.recv()).await {
                Ok(Some(msg)) => runtime::process(&mut d.app, &mut d.runner, msg),
                _ => break,
            }
        }
    });
    (rt, d)
}

/// A full redraw of the year view at 200×50, the year read from the store.
#[divan::bench(args = ['1', '2', '3'], sample_count = 200)]
fn render_year_200x50(bencher: divan::Bencher, tab: char) {
    let (_rt, d) = launched(tab, 3);
    assert_eq!(d.app.period(), Period::Year);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    bencher.bench_local(|| {
        terminal.draw(|f| fittui::ui::render(&d.app, f)).unwrap();
    });
}

fn heart_month() -> &'static Mutex<(tokio::runtime::Runtime, Driver)> {
    static DRIVER: OnceLock<Mutex<(tokio::runtime::Runtime, Driver)>> = OnceLock::new();
    DRIVER.get_or_init(|| {
        let (rt, mut d) = launched('2', 2);
        // From a month of the year whose month before is stored too.
        rt.block_on(async {
            d.key(KeyCode::Left);
            d.wait_for_period().await;
        });
        Mutex::new((rt, d))
    })
}

/// ← / → between two stored months on the Heart tab: the period (and the one before it) read
/// from the store through the effect runner, shown, and the redraw at 200×50.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn switch_month_warm_and_redraw(bencher: divan::Bencher) {
    let mut shared = heart_month().lock().unwrap();
    let (rt, d) = &mut *shared;
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let mut back = true;
    bencher.bench_local(|| {
        let effects = d
            .app
            .handle_key(key(if back { KeyCode::Left } else { KeyCode::Right }));
        back = !back;
        // Read at once (the store costs no request), not after the selection rests.
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::ReadPeriod { .. })),
            "the period is read"
        );
        rt.block_on(async {
            d.run(effects);
            d.wait_for_period().await;
        });
        terminal.draw(|f| fittui::ui::render(&d.app, f)).unwrap();
    });
}

/// What that switch reads, alone: two stored months (October and November 2026) of activity
/// totals, and of heart, nights, ECG and weigh-ins.
#[divan::bench(args = ["activity", "health"], sample_count = 50)]
fn read_two_months(bencher: divan::Bencher, what: &str) {
    let root = YEAR_ROOT.get().expect("the year is built in main");
    let store = Store::open(&Paths::in_dir(root).store_file()).unwrap();
    let (key, _) = store.last_account(ProviderKind::Fitbit).unwrap().unwrap();
    let (from, to) = (
        jiff::civil::date(2026, 10, 1),
        jiff::civil::date(2026, 11, 30),
    );
    let tz = support::la();
    bencher.bench_local(|| {
        if what == "activity" {
            store.activity_totals(&key, from, to).unwrap().len()
        } else {
            store
                .period_health(&key, (from, jiff::civil::date(2026, 11, 1), to), &tz)
                .unwrap()
                .heart
                .len()
        }
    });
}

/// The personal records over three years of stored days.
#[divan::bench(sample_count = 50)]
fn records_over_three_years(bencher: divan::Bencher) {
    let path = RECORDS_STORE.get().expect("made in main");
    let store = Store::open(path).unwrap();
    let (key, _) = store.last_account(ProviderKind::Fitbit).unwrap().unwrap();
    let records = store.records(&key, 10_000).unwrap();
    assert!(records.days >= 2 * 365, "{}", records.days);
    bencher.bench_local(|| store.records(&key, 10_000).unwrap());
}

/// A copy of the year store with two more years before it, as range fills store them.
fn three_years(year_store: &Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fittui-bench-period-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("three-years.sqlite");
    let _ = std::fs::remove_file(&path);
    let conn = rusqlite::Connection::open(year_store).unwrap();
    conn.execute("VACUUM INTO ?1", [path.to_string_lossy()])
        .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let (key, _) = store.last_account(ProviderKind::Fitbit).unwrap().unwrap();
    let last = first_day().yesterday().unwrap();
    let first = last.checked_sub(729.days()).unwrap();
    let days = fittui::runtime::sync::days_newest_first(first, last);
    // A week-long rhythm with a slow drift: steps around the goal, resting HR in the 50s.
    let value = |i: usize, base: f64, swing: f64| {
        let week = [0.9, 1.1, 1.0, 1.2, 0.8, 1.3, 0.7][i % 7];
        Some((base * week + swing * ((i / 30) % 5) as f64, None, None))
    };
    let at = jiff::Timestamp::from_second(1_763_000_000).unwrap();
    let per = |base: f64, swing: f64| -> Vec<fittui::store::DailyEntry> {
        days.iter()
            .enumerate()
            .map(|(i, d)| (*d, value(i, base, swing)))
            .collect()
    };
    let steps = per(9_500.0, 400.0);
    let distance = per(7_000.0, 300.0);
    let floors = per(9.0, 1.0);
    let azm = per(30.0, 5.0);
    let resting = per(56.0, 1.0);
    let hrv = per(40.0, 2.0);
    store
        .put_daily_many(
            &key,
            &[
                (DailyMetric::Steps, steps.as_slice()),
                (DailyMetric::Distance, distance.as_slice()),
                (DailyMetric::Floors, floors.as_slice()),
                (DailyMetric::Azm, azm.as_slice()),
                (DailyMetric::RestingHr, resting.as_slice()),
                (DailyMetric::Hrv, hrv.as_slice()),
            ],
            at,
        )
        .unwrap();
    path
}

fn main() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let year = rt.block_on(build_year());
    drop(rt);
    RECORDS_STORE.set(three_years(&year.store_file())).unwrap();
    YEAR_ROOT.set(year.root().to_path_buf()).unwrap();
    divan::main();
    drop(year);
}
