//! The app wired to the in-process simulator, driven by the test: the real effect runner, the
//! real providers, a fixed clock. `settle` processes results until nothing is in flight.

use std::sync::Arc;
use std::time::Duration;

use fittui::api::ProviderKind;
use fittui::app::{App, AppInit, SourceInfo};
use fittui::clock::FixedClock;
use fittui::commands::demo::{self, Demo};
use fittui::runtime::{self, EffectRunner, Msg};
use fittui_sim::SimConfig;
use ratatui::crossterm::event::KeyEvent;
use tokio::sync::mpsc::UnboundedReceiver;

pub struct Harness {
    pub demo: Demo,
    pub clock: Arc<FixedClock>,
    pub app: App,
    pub runner: EffectRunner,
    pub rx: UnboundedReceiver<Msg>,
}

impl Harness {
    /// The demo for `provider` at the fixed test instant (seed 42, Los Angeles), settled.
    pub async fn start(provider: ProviderKind) -> Self {
        let mut h = Self::start_unsettled(provider).await;
        h.settle().await;
        h
    }

    /// Started, with the first effects (the account load) running but not yet processed.
    pub async fn start_unsettled(provider: ProviderKind) -> Self {
        let clock = super::clock();
        // The demo's simulator, but without the per-second cap for unverified Google apps: the
        // fixed clock only moves when a test moves it, so the cap's bucket could never refill
        // (it is tested in real time in `tests/provider_pacing.rs`).
        let sim_config = SimConfig::new(provider.into()).seed(42).unverified(false);
        let demo = demo::start_with_sim(sim_config, clock.clone())
            .await
            .unwrap();
        let (tx, rx) = runtime::channel();
        let mut runner = EffectRunner::new(Some(demo.source.provider.clone()), tx)
            .with_timer(fittui::clock::Clock::timer(clock.as_ref()));
        let (app, effects) = App::new(AppInit {
            config: demo.config.clone(),
            clock: clock.clone(),
            tz: super::la(),
            start_date: None,
            source: Some(SourceInfo {
                kind: provider,
                capabilities: demo.source.provider.capabilities(),
            }),
        });
        for e in effects {
            runner.run(e);
        }
        Harness {
            demo,
            clock,
            app,
            runner,
            rx,
        }
    }

    /// Started with a local store at `path` (created if missing), settled: a launch of fittui
    /// on that store.
    pub async fn start_with_store(provider: ProviderKind, path: &std::path::Path) -> Self {
        let mut h = Self::start_unsettled(provider).await;
        // Throw away the first launch's app (it ran without a store) and launch on the store.
        h.settle().await;
        h.relaunch(path);
        h.settle().await;
        h
    }

    /// A new launch of fittui on the store at `path`: a new provider (no in-memory caches), a
    /// new app and runner, the same simulator, sign-in and clock.
    pub fn relaunch(&mut self, path: &std::path::Path) {
        let provider = self.demo.source.kind;
        let source = fittui::source::open(
            &self.demo.config,
            &self.demo.paths,
            provider,
            fittui::net::http_client().unwrap(),
            self.clock.clone(),
        )
        .unwrap()
        .unwrap();
        let store = std::sync::Arc::new(fittui::store::Store::open(path).unwrap());
        let local = std::sync::Arc::new(fittui::runtime::local::LocalStore::new(
            store,
            provider,
            self.clock.clone(),
        ));
        let (tx, rx) = runtime::channel();
        let mut runner = EffectRunner::new(Some(source.provider.clone()), tx)
            .with_timer(fittui::clock::Clock::timer(self.clock.as_ref()))
            .with_store(local);
        let (mut app, mut effects) = App::new(AppInit {
            config: self.demo.config.clone(),
            clock: self.clock.clone(),
            tz: super::la(),
            start_date: None,
            source: Some(SourceInfo {
                kind: provider,
                capabilities: source.provider.capabilities(),
            }),
        });
        effects.extend(app.use_store());
        for e in effects {
            runner.run(e);
        }
        self.app = app;
        self.runner = runner;
        self.rx = rx;
    }

    /// Presses a key and starts whatever it asks for.
    pub fn key(&mut self, key: KeyEvent) {
        let effects = self.app.handle_key(key);
        for e in effects {
            self.runner.run(e);
        }
    }

    /// Presses a key and waits for everything it started (deterministic request counts).
    pub async fn press(&mut self, key: KeyEvent) {
        self.key(key);
        self.settle().await;
    }

    /// One clock tick (refreshes what is due).
    pub fn tick(&mut self) {
        let effects = self.app.update(fittui::app::Action::Tick);
        for e in effects {
            self.runner.run(e);
        }
    }

    /// Processes one message that is already queued or arrives within the timeout.
    pub async fn step(&mut self) -> bool {
        match tokio::time::timeout(Duration::from_secs(20), self.rx.recv()).await {
            Ok(Some(msg)) => {
                runtime::process(&mut self.app, &mut self.runner, msg);
                true
            }
            _ => false,
        }
    }

    /// Processes results until nothing is in flight.
    pub async fn settle(&mut self) {
        while self.app.is_busy() {
            if !self.step().await {
                let pending: Vec<_> = self.app.requests().pending().collect();
                panic!(
                    "the app did not settle within 20 s: pending {pending:?}, alarm ops {:?}, account pending {}, last requests {:?}",
                    self.app.alarms().ops(),
                    self.app.session().account_pending,
                    self.demo
                        .sim
                        .requests()
                        .iter()
                        .rev()
                        .take(5)
                        .map(|r| format!("{} {} {}", r.method, r.path, r.status))
                        .collect::<Vec<_>>()
                );
            }
        }
        // Drain anything else already queued (budget updates).
        while let Ok(msg) = self.rx.try_recv() {
            runtime::process(&mut self.app, &mut self.runner, msg);
        }
    }

    /// [`Harness::settle`] for work that sends nothing back for a long while: a year's range
    /// fill, whose simulated answers (a year of per-minute data summed up) take seconds in a
    /// debug build on a busy machine. Gives up after `limit` without a message.
    #[allow(dead_code)] // not every test binary fills a year
    pub async fn settle_patiently(&mut self, limit: Duration) {
        while self.app.is_busy() {
            match tokio::time::timeout(limit, self.rx.recv()).await {
                Ok(Some(msg)) => runtime::process(&mut self.app, &mut self.runner, msg),
                _ => panic!("the app did not settle within {limit:?}"),
            }
        }
        self.settle().await;
    }
}
