//! The local store with one year of data (issue 13 point 9): 365 days ending 2026-11-21 for one
//! Fitbit account, fetched day by day from the in-process simulator (1-second heart rate, seed
//! 42, 400 days of data, rate limit lifted) and written through the app's `LocalStore`, so the
//! store holds exactly what fittui would have stored after a year of use (`common/year.rs`,
//! shared with `headless.rs`).
//!
//! - first frame with data: the release binary in a pseudo-terminal on that profile, the
//!   simulator stopped (no network), from spawn to the stored day drawn (target ≤ 30 ms);
//! - switching to a stored day: ← to a final day on the Heart tab, recalled from the store
//!   through the effect runner, and a redraw at 200×50 (target ≤ 2 ms; divan);
//! - a relaunch on a stored week costs no more requests than today and yesterday alone
//!   (Fitbit and Google; the scenario of `tests/store_app.rs`);
//! - store size of the year (after a checkpoint and `VACUUM`), heart tables' share (target
//!   ≤ 40 MB);
//! - resident memory after browsing the 365 stored days on Today, Heart and Sleep with no
//!   network (target ≤ 30 MB), measured in a child process (this bench binary run again) so
//!   that building the year does not count.
//!
//! The whole-process figures are printed before divan's table. Figures are recorded in
//! BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;
#[path = "common/year.rs"]
mod year;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use fittui::api::ProviderKind;
use fittui::app::{App, AppInit, Effect, Resource, SourceInfo, Tab};
use fittui::paths::Paths;
use fittui::runtime::local::LocalStore;
use fittui::runtime::{self, EffectRunner, Msg};
use fittui::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc::UnboundedReceiver;
use year::{DAYS, LAST_DAY, Year, build_year, clock, first_day};

/// Set (to a profile's root) when this binary runs as the memory child.
const MEMORY_CHILD: &str = "FITTUI_BENCH_STORE_MEMORY";

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Resident memory of this process (`VmRSS`), in MB.
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn file_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

/// Checkpoints and vacuums the store, then reports its size and the heart tables' share.
fn store_size(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let before = file_mb(path) + file_mb(&path.with_extension("sqlite-wal"));
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let total = file_mb(path);
    let share = |pattern: &str| -> f64 {
        conn.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?1",
            [pattern],
            |r| r.get::<_, i64>(0),
        )
        .map_or(f64::NAN, |b| b as f64 / 1e6)
    };
    let buckets = share("%heart_bucket%");
    let heart = share("%heart%") + share("%ecg%");
    let activity = share("%activity%") + share("%hourly_steps%");
    let sleep = share("%sleep%");
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM heart_bucket", [], |r| r.get(0))
        .unwrap();
    println!(
        "store size: {total:.1} MB for the year after VACUUM ({before:.1} MB with its WAL before); heart {heart:.1} MB (per-minute buckets {buckets:.1} MB, {rows} rows), activity {activity:.1} MB, sleep {sleep:.1} MB"
    );
}

/// Spawns the release binary on the year's profile in a pseudo-terminal and times the first
/// frame that shows the stored day: (first frame of any kind, first frame with the stored day)
/// in ms; `None` when the day is not drawn within 2 s.
fn first_frame_with_data_ms(year: &Year) -> Option<(f64, f64)> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_fittui"));
    // The binary runs on the system clock: open it on the last stored day.
    cmd.args(["--date", &LAST_DAY.to_string()]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "America/Los_Angeles");
    cmd.env("FITTUI_CONFIG_DIR", &year.profile.paths.config_dir);
    cmd.env("FITTUI_DATA_DIR", &year.profile.paths.data_dir);
    cmd.env_remove("FITTUI_CLIENT_ID");
    cmd.env_remove("FITTUI_CLIENT_SECRET");
    cmd.env_remove("FITTUI_PROFILE");
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut screen = vt100::Parser::new(
        std::num::NonZero::new(40).unwrap(),
        std::num::NonZero::new(120).unwrap(),
        0,
    );
    let deadline = start + Duration::from_secs(2);
    let mut first_frame = None;
    let elapsed = loop {
        let Ok(bytes) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) else {
            break None;
        };
        screen.process(&bytes);
        let text = screen.screen().contents();
        if first_frame.is_none() && text.contains("Today") {
            first_frame = Some(start.elapsed());
        }
        if text.contains("Steps by hour") {
            break Some(start.elapsed());
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    elapsed.map(|e| (first_frame.map_or(f64::NAN, ms), ms(e)))
}

/// The app with the real effect runner on the year's store, driven by key presses.
struct Driver {
    app: App,
    runner: EffectRunner,
    rx: UnboundedReceiver<Msg>,
}

impl Driver {
    /// A launch of fittui on `root`'s profile at [`NOW`] (its simulator is gone). With
    /// `virtual_timer`, waits (the day-change settle, retries) end at once.
    fn launch(rt: &tokio::runtime::Runtime, root: &Path, virtual_timer: bool) -> Self {
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
        let mut runner = EffectRunner::new(Some(source.provider.clone()), tx).with_store(local);
        if virtual_timer {
            runner = runner.with_timer(fittui::clock::Clock::timer(clock.as_ref()));
        }
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

    fn shown(&self, resource: Resource) -> bool {
        self.app
            .slot(resource)
            .and_then(fittui::app::loadable::Loadable::value)
            .is_some()
    }

    /// Processes messages until `resource` is shown.
    async fn wait_for(&mut self, resource: Resource) {
        while !self.shown(resource) {
            let msg = tokio::time::timeout(Duration::from_secs(20), self.rx.recv())
                .await
                .unwrap_or_else(|_| panic!("{resource:?} not shown within 20 s"))
                .unwrap();
            runtime::process(&mut self.app, &mut self.runner, msg);
        }
    }

    /// What the current tab shows for the selected day.
    fn current(&self) -> Resource {
        let day = self.app.selected();
        match self.app.tab() {
            Tab::Heart => Resource::Heart(day),
            Tab::Sleep => Resource::Sleep(day),
            _ => Resource::Activity(day),
        }
    }
}

/// The memory child: browses the 365 stored days on Today, Heart and Sleep, no network.
fn memory_child(root: &Path) {
    let before = rss_mb();
    let start = Instant::now();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut d = Driver::launch(&rt, root, true);
    rt.block_on(async {
        d.wait_for(Resource::Activity(LAST_DAY)).await;
        for tab_key in ['1', '2', '3'] {
            d.key(KeyCode::Char(tab_key));
            d.key(KeyCode::Char('t'));
            d.wait_for(d.current()).await;
            for _ in 1..DAYS {
                d.key(KeyCode::Left);
                d.wait_for(d.current()).await;
            }
            assert_eq!(d.app.selected(), first_day());
        }
        // Let whatever is still queued (settle wakes, failed fetches of today) finish.
        tokio::time::sleep(Duration::from_millis(200)).await;
        while let Ok(msg) = d.rx.try_recv() {
            runtime::process(&mut d.app, &mut d.runner, msg);
        }
    });
    let after = rss_mb();
    println!(
        "memory: {after:.1} MB resident after browsing {DAYS} stored days × 3 tabs with no network ({before:.1} MB before; {} cached slots; {:.1} s)",
        d.app.cache().len(),
        start.elapsed().as_secs_f64()
    );
}

fn memory_after_browsing_the_year(year: &Year) {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env(MEMORY_CHILD, year.root())
        .stderr(std::process::Stdio::inherit())
        .output()
        .unwrap();
    assert!(out.status.success(), "the memory child failed");
    print!("{}", String::from_utf8_lossy(&out.stdout));
}

/// Browses today and the six days before it on Today, settling on each.
async fn browse_week(h: &mut support::demo::Harness) {
    h.key(support::ch('1'));
    h.press(support::ch('t')).await;
    for _ in 0..6 {
        h.press(support::key(KeyCode::Left)).await;
    }
    h.settle().await;
}

/// The scenario of `tests/store_app.rs`: requests for a relaunch on a stored week (browsing
/// that week on Today), against a launch with nothing stored that looks at today and
/// yesterday only.
async fn relaunch_requests(provider: ProviderKind) {
    use support::demo::Harness;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fittui.sqlite");
    let count = |h: &Harness| {
        let requests = h.demo.sim.requests();
        let api = requests.iter().filter(|r| r.kind == "api").count();
        (requests.len(), api)
    };
    let mut h = Harness::start_with_store(provider, &dir.path().join("empty.sqlite")).await;
    h.demo.sim.clear_requests();
    h.relaunch(&dir.path().join("empty2.sqlite"));
    h.settle().await;
    h.press(support::ch('t')).await;
    h.press(support::key(KeyCode::Left)).await;
    let (two_days, two_days_api) = count(&h);

    let mut h = Harness::start_with_store(provider, &db).await;
    browse_week(&mut h).await;
    h.demo.sim.clear_requests();
    h.relaunch(&db);
    h.settle().await;
    browse_week(&mut h).await;
    let (week, week_api) = count(&h);
    println!(
        "relaunch on a stored week ({provider}): {week} requests ({week_api} API) browsing today and the 6 stored days before it; today + yesterday with nothing stored: {two_days} ({two_days_api} API)"
    );
}

fn shared_driver() -> &'static Mutex<(tokio::runtime::Runtime, Driver)> {
    static DRIVER: OnceLock<Mutex<(tokio::runtime::Runtime, Driver)>> = OnceLock::new();
    DRIVER.get_or_init(|| {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let root = YEAR_ROOT.get().expect("the year is built in main");
        let mut d = Driver::launch(&rt, root, false);
        rt.block_on(async {
            d.wait_for(Resource::Activity(LAST_DAY)).await;
            d.key(KeyCode::Char('2'));
            d.wait_for(d.current()).await;
            // Today and yesterday are not final: start from the day before yesterday.
            for _ in 0..2 {
                d.key(KeyCode::Left);
                d.wait_for(d.current()).await;
            }
        });
        Mutex::new((rt, d))
    })
}

static YEAR_ROOT: OnceLock<PathBuf> = OnceLock::new();

/// ← to a stored (final) day not seen yet on the Heart tab — recalled from the store off the
/// loop and shown — and the redraw that follows, at 200×50. Each sample is a new day.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn switch_to_stored_day_and_redraw(bencher: divan::Bencher) {
    let mut shared = shared_driver().lock().unwrap();
    let (rt, d) = &mut *shared;
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    bencher.bench_local(|| {
        let day = d.app.selected().yesterday().unwrap();
        assert!(day >= first_day(), "out of stored days");
        let effects = d.app.handle_key(key(KeyCode::Left));
        assert!(
            effects.iter().any(|e| matches!(e, Effect::Recall { .. })),
            "a day not seen yet is recalled from the store"
        );
        rt.block_on(async {
            d.run(effects);
            d.wait_for(Resource::Heart(day)).await;
        });
        terminal.draw(|f| fittui::ui::render(&d.app, f)).unwrap();
    });
}

fn main() {
    if let Some(root) = std::env::var_os(MEMORY_CHILD) {
        memory_child(Path::new(&root));
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let year = rt.block_on(build_year());
    store_size(&year.store_file());
    memory_after_browsing_the_year(&year);
    let runs = 20;
    let (mut any, mut times): (Vec<f64>, Vec<f64>) = (0..runs)
        .filter_map(|_| first_frame_with_data_ms(&year))
        .unzip();
    times.sort_by(f64::total_cmp);
    any.sort_by(f64::total_cmp);
    let n = times.len();
    if n > 0 {
        println!(
            "first frame with stored data (no network): median {:.1} ms, min {:.1} ms, max {:.1} ms ({n} runs; the first frame of any kind: median {:.1} ms); {} of {runs} runs did not draw the stored day within 2 s",
            times[n / 2],
            times[0],
            times[n - 1],
            any[n / 2],
            runs - n
        );
    } else {
        println!(
            "first frame with stored data: none of {runs} runs drew the stored day within 2 s"
        );
    }
    for provider in [ProviderKind::Fitbit, ProviderKind::Google] {
        rt.block_on(relaunch_requests(provider));
    }
    YEAR_ROOT.set(year.root().to_path_buf()).unwrap();
    divan::main();
    drop(year);
}
