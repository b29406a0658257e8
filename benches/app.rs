//! App speed and memory (issue 5's targets), on demo data from the in-process simulator:
//!
//! - rendering any tab at 200×50 (target < 2 ms);
//! - switching to a cached day and redrawing (target < 5 ms);
//! - first frame of the real binary in demo mode, in a pseudo-terminal (target < 100 ms);
//! - resident memory after browsing 90 days on the Today, Heart and Sleep tabs (target < 50 MB).
//!
//! The last two are measured once in `main` (they are whole-process figures) and printed before
//! divan's timings. Figures are recorded in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use fittui::api::ProviderKind;
use fittui::app::keymap::Command;
use fittui::app::{Action, App, AppInit, Effect, SourceInfo, Tab};
use fittui::clock::FixedClock;
use fittui::commands::demo;
use fittui::runtime::{self, EffectRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const NOW: &str = "2026-11-21T20:00:00Z";

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The app with the real effect runner, driven by key presses.
struct Driver {
    app: App,
    runner: EffectRunner,
    rx: tokio::sync::mpsc::UnboundedReceiver<runtime::Msg>,
}

impl Driver {
    fn run(&mut self, effects: Vec<fittui::app::Effect>) {
        for e in effects {
            self.runner.run(e);
        }
    }

    async fn settle(&mut self) {
        while self.app.is_busy() {
            let msg = self.rx.recv().await.unwrap();
            runtime::process(&mut self.app, &mut self.runner, msg);
        }
    }

    async fn press(&mut self, code: KeyCode) {
        let effects = self.app.handle_key(key(code));
        self.run(effects);
        self.settle().await;
    }
}

/// A `fittui sim` process (Fitbit, rate limit lifted), killed on drop.
struct SimProcess(std::process::Child, fittui_sim::SimInfo);

impl SimProcess {
    fn start() -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fittui"))
            .args([
                "sim",
                "--provider",
                "fitbit",
                "--auto-approve",
                "--rate-limit",
                "1000000/1h",
                "--now",
                NOW,
            ])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let info = serde_json::from_str(&line).unwrap();
        SimProcess(child, info)
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An app that has loaded `days` days back on the Today, Heart and Sleep tabs, and devices and
/// alarms, from a simulator in another process (so only fittui's own memory counts here).
fn browsed_app(days: usize) -> (App, tokio::runtime::Runtime, (SimProcess, demo::SimProfile)) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let clock = Arc::new(FixedClock::new(NOW.parse().unwrap()));
    let sim = SimProcess::start();
    let profile = rt.block_on(demo::sign_in(&sim.1, clock.clone())).unwrap();
    let (tx, rx) = runtime::channel();
    let runner = {
        let _guard = rt.enter();
        EffectRunner::new(Some(profile.source.provider.clone()), tx)
    };
    let (app, effects) = App::new(AppInit {
        config: profile.config.clone(),
        clock,
        tz: jiff::tz::TimeZone::get("America/Los_Angeles").unwrap(),
        start_date: None,
        source: Some(SourceInfo {
            kind: ProviderKind::Fitbit,
            capabilities: profile.source.provider.capabilities(),
        }),
    });
    let mut d = Driver { app, runner, rx };
    rt.block_on(async {
        d.run(effects);
        d.settle().await;
        for tab_key in ['4', '5'] {
            d.press(KeyCode::Char(tab_key)).await;
        }
        for tab_key in ['1', '2', '3'] {
            d.press(KeyCode::Char(tab_key)).await;
            d.press(KeyCode::Char('t')).await;
            for _ in 1..days {
                d.press(KeyCode::Left).await;
            }
        }
    });
    (d.app, rt, (sim, profile))
}

fn shared_app() -> &'static std::sync::Mutex<App> {
    static APP: OnceLock<std::sync::Mutex<App>> = OnceLock::new();
    type Keep = (
        std::sync::Mutex<tokio::runtime::Runtime>,
        std::sync::Mutex<(SimProcess, demo::SimProfile)>,
    );
    static KEEP: OnceLock<Keep> = OnceLock::new();
    APP.get_or_init(|| {
        let (app, rt, demo) = browsed_app(5);
        let _ = KEEP.set((std::sync::Mutex::new(rt), std::sync::Mutex::new(demo)));
        std::sync::Mutex::new(app)
    })
}

#[divan::bench(args = Tab::ALL)]
fn render_tab_200x50(bencher: divan::Bencher, tab: Tab) {
    let mut app = shared_app().lock().unwrap();
    let _ = app.update(Action::Command(Command::GoTab(tab)));
    let _ = app.handle_key(key(KeyCode::Char('t')));
    let back = (app.today() - jiff::civil::date(2026, 11, 20)).get_days();
    for _ in 0..back {
        let _ = app.handle_key(key(KeyCode::Left));
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    bencher.bench_local(|| {
        terminal.draw(|f| fittui::ui::render(&app, f)).unwrap();
    });
}

/// ← to a cached day and the redraw that follows, alternating between two cached days.
#[divan::bench]
fn switch_to_cached_day_and_redraw(bencher: divan::Bencher) {
    let mut app = shared_app().lock().unwrap();
    let _ = app.update(Action::Command(Command::GoTab(Tab::Heart)));
    let _ = app.handle_key(key(KeyCode::Char('t')));
    let _ = app.handle_key(key(KeyCode::Left));
    let _ = app.handle_key(key(KeyCode::Left));
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let mut left = true;
    bencher.bench_local(|| {
        let effects = app.handle_key(key(if left { KeyCode::Left } else { KeyCode::Right }));
        // A day passed over only sets the settle timer (`Effect::Wake`); a cached one fetches
        // nothing.
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::Fetch { .. } | Effect::Backfill { .. })),
            "the day is cached: no request: {effects:?}"
        );
        left = !left;
        terminal.draw(|f| fittui::ui::render(&app, f)).unwrap();
    });
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

fn memory_after_browsing_90_days() {
    let before = rss_mb();
    let start = Instant::now();
    let (app, rt, demo) = browsed_app(90);
    let after = rss_mb();
    println!(
        "memory: {after:.1} MB resident after browsing 90 days × 3 tabs ({:.1} MB before; {} cached slots; simulator in its own process; {:.1} s)",
        before,
        app.cache().len(),
        start.elapsed().as_secs_f64()
    );
    drop(app);
    drop(demo);
    drop(rt);
}

/// Spawns the release binary in demo mode in a pseudo-terminal and times the first frame.
fn first_frame_ms() -> f64 {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_fittui"));
    cmd.args(["--demo", "--now", NOW]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("FITTUI_CONFIG_DIR", tmp.path().join("c"));
    cmd.env("FITTUI_DATA_DIR", tmp.path().join("d"));
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let elapsed = loop {
        let n = reader.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break Duration::MAX;
        }
        seen.extend_from_slice(&buf[..n]);
        if String::from_utf8_lossy(&seen).contains("Today") {
            break start.elapsed();
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    elapsed.as_secs_f64() * 1000.0
}

fn main() {
    memory_after_browsing_90_days();
    let mut times: Vec<f64> = (0..10).map(|_| first_frame_ms()).collect();
    times.sort_by(f64::total_cmp);
    println!(
        "first frame in demo mode: median {:.1} ms, min {:.1} ms, max {:.1} ms (10 runs)",
        times[5], times[0], times[9]
    );
    divan::main();
}
