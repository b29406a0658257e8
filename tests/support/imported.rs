//! The app on an imported profile, as `fittui` opens one with no sign-in: the real effect
//! runner with no provider, the store's import account, a fixed clock.

use std::sync::Arc;
use std::time::Duration;

use fittui::app::{App, AppInit};
use fittui::clock::FixedClock;
use fittui::runtime::{self, EffectRunner, Msg};
use fittui::store::{Origin, Store};
use jiff::civil::Date;
use tokio::sync::mpsc::UnboundedReceiver;

pub struct ImportedApp {
    pub clock: Arc<FixedClock>,
    pub app: App,
    pub runner: EffectRunner,
    pub rx: UnboundedReceiver<Msg>,
}

impl ImportedApp {
    /// Opens the import in the store at `path` on `date`, settled.
    pub async fn open(path: &std::path::Path, clock: Arc<FixedClock>, date: Date) -> Self {
        let store = Store::open(path).unwrap();
        let (key, _) = store
            .last_account(Origin::Takeout)
            .unwrap()
            .expect("an import");
        let run = store.last_import(&key).unwrap().expect("its run");
        let local = Arc::new(fittui::runtime::local::LocalStore::new(
            Arc::new(store),
            Origin::Takeout,
            clock.clone(),
        ));
        let (tx, rx) = runtime::channel();
        let mut runner = EffectRunner::new(None, tx)
            .with_timer(fittui::clock::Clock::timer(clock.as_ref()))
            .with_store(local);
        let (mut app, mut effects) = App::new(AppInit {
            config: fittui::config::Config::default(),
            clock: clock.clone(),
            tz: jiff::tz::TimeZone::UTC,
            start_date: Some(date),
            source: None,
        });
        app.use_import(fittui::app::Imported {
            exported_at: run.exported_at,
            first_day: run.first_day,
            last_day: run.last_day,
        });
        effects.extend(app.use_store());
        for e in effects {
            runner.run(e);
        }
        let mut me = Self {
            clock,
            app,
            runner,
            rx,
        };
        me.settle().await;
        me
    }

    pub async fn press(&mut self, key: ratatui::crossterm::event::KeyEvent) {
        for e in self.app.handle_key(key) {
            self.runner.run(e);
        }
        self.settle().await;
    }

    /// Processes results until nothing is in flight.
    pub async fn settle(&mut self) {
        while self.app.is_busy() {
            match tokio::time::timeout(Duration::from_secs(20), self.rx.recv()).await {
                Ok(Some(msg)) => runtime::process(&mut self.app, &mut self.runner, msg),
                _ => panic!(
                    "the imported app did not settle: pending {:?}",
                    self.app.requests().pending().collect::<Vec<_>>()
                ),
            }
        }
        while let Ok(msg) = self.rx.try_recv() {
            runtime::process(&mut self.app, &mut self.runner, msg);
        }
    }
}
