//! The event loop and the effect runner.
//!
//! One channel carries terminal input, the slow tick, signals and background results. The loop
//! takes one message, drains whatever else is already queued, then draws once — only if the
//! model changed. Nothing in the loop awaits the network: [`EffectRunner`] spawns every fetch
//! and the answer comes back as an [`Action`] on the same channel.

pub mod local;
pub mod sync;
pub mod terminal;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{Event as TermEvent, EventStream};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::AbortHandle;

use crate::app::{Action, App, Effect, Payload, RequestId, Resource};
use crate::clock::{SharedTimer, TokioTimer};
use crate::provider::Provider;
use crate::ui;
use local::LocalStore;

/// Everything the loop reacts to.
#[derive(Debug)]
pub enum Msg {
    Input(TermEvent),
    Tick,
    /// Boxed: a result carries a whole day's data.
    Action(Box<Action>),
}

/// The longest the first frame waits for the local store.
pub const FIRST_FRAME: Duration = Duration::from_millis(25);

/// How often the clock ticks (relative times, spinners, periodic refresh).
pub const TICK: Duration = Duration::from_secs(1);

/// Carries out effects by spawning background tasks that report back on the channel.
#[derive(Debug)]
pub struct EffectRunner {
    provider: Option<Arc<dyn Provider>>,
    tx: UnboundedSender<Msg>,
    tasks: HashMap<RequestId, AbortHandle>,
    /// What [`Effect::Wake`] sleeps on: real time, or a test clock's virtual time.
    timer: SharedTimer,
    /// The local store, when there is one: recalls read it, fetched data is written to it.
    local: Option<Arc<LocalStore>>,
}

impl EffectRunner {
    pub fn new(provider: Option<Arc<dyn Provider>>, tx: UnboundedSender<Msg>) -> Self {
        Self {
            provider,
            tx,
            tasks: HashMap::new(),
            timer: Arc::new(TokioTimer::new()),
            local: None,
        }
    }

    /// Reads and writes through `local` (the app must [`App::use_store`] too).
    #[must_use]
    pub fn with_store(mut self, local: Arc<LocalStore>) -> Self {
        if let Some(provider) = &self.provider {
            local::attach(provider.as_ref(), &local);
        }
        self.local = Some(local);
        self
    }

    /// Sleeps for [`Effect::Wake`] on `timer` (the app clock's).
    #[must_use]
    pub fn with_timer(mut self, timer: SharedTimer) -> Self {
        self.timer = timer;
        self
    }

    /// Requests still running (finished ones are pruned as new ones start).
    pub fn in_flight(&self) -> usize {
        self.tasks.values().filter(|t| !t.is_finished()).count()
    }

    #[allow(clippy::needless_pass_by_value)] // effects are handed over, as update returned them
    pub fn run(&mut self, effect: Effect) {
        self.tasks.retain(|_, t| !t.is_finished());
        let Some(effect) = self.run_local(effect) else {
            return;
        };
        let Some(provider) = self.provider.clone() else {
            return;
        };
        let tx = self.tx.clone();
        let local = self.local.clone();
        match effect {
            Effect::LoadAccount => {
                tokio::spawn(async move {
                    let result = provider.account().await;
                    send_budget(&tx, provider.as_ref());
                    if let (Some(local), Ok(account)) = (local, &result) {
                        let account = account.clone();
                        off_the_loop(&tx, move || local.remember_account(&account)).await;
                    }
                    let _ = tx.send(Msg::Action(Box::new(Action::AccountLoaded(result))));
                });
            }
            Effect::Fetch { req, resource } => {
                let task = tokio::spawn(async move {
                    let result = fetch(provider.as_ref(), resource).await;
                    send_budget(&tx, provider.as_ref());
                    if let (Some(local), Ok(payload)) = (local, &result) {
                        let payload = payload.clone();
                        off_the_loop(&tx, move || local.remember(&payload)).await;
                    }
                    let _ = tx.send(Msg::Action(Box::new(Action::Fetched {
                        req,
                        resource,
                        result,
                    })));
                });
                self.tasks.insert(req, task.abort_handle());
            }
            // Handled above, without a provider.
            Effect::Wake { .. }
            | Effect::RecallAccount
            | Effect::Recall { .. }
            | Effect::ReadRecords { .. }
            | Effect::ReadPeriod { .. } => {}
            Effect::FillPeriod { fill, from, to, tz } => {
                tokio::spawn(fill_period(provider, local, tx, fill, (from, to), tz));
            }
            Effect::Backfill { req, date, tz } => {
                if let Some(local) = local {
                    let task = tokio::spawn(backfill(provider, local, tx, date, tz));
                    self.tasks.insert(req, task.abort_handle());
                }
            }
            Effect::Cancel { req } => {
                if let Some(task) = self.tasks.remove(&req) {
                    task.abort();
                }
            }
            Effect::SaveAlarm {
                req,
                tracker_id,
                alarm_id,
                draft,
                ..
            } => {
                let task = tokio::spawn(async move {
                    let result = provider.save_alarm(&tracker_id, alarm_id, &draft).await;
                    send_budget(&tx, provider.as_ref());
                    let _ = tx.send(Msg::Action(Box::new(Action::AlarmSaved { req, result })));
                });
                self.tasks.insert(req, task.abort_handle());
            }
            Effect::ListAlarms { req } => {
                let task = tokio::spawn(async move {
                    let result = provider.alarms().await;
                    send_budget(&tx, provider.as_ref());
                    let _ = tx.send(Msg::Action(Box::new(Action::AlarmsListed { req, result })));
                });
                self.tasks.insert(req, task.abort_handle());
            }
            Effect::DeleteAlarm {
                req,
                tracker_id,
                alarm_id,
            } => {
                let task = tokio::spawn(async move {
                    let result = provider.delete_alarm(&tracker_id, alarm_id).await;
                    send_budget(&tx, provider.as_ref());
                    let _ = tx.send(Msg::Action(Box::new(Action::AlarmDeleted {
                        req,
                        alarm_id,
                        result,
                    })));
                });
                self.tasks.insert(req, task.abort_handle());
            }
        }
    }
    /// Carries out the effects that need no provider (timers, the store); hands the others
    /// back.
    fn run_local(&mut self, effect: Effect) -> Option<Effect> {
        match effect {
            Effect::Wake { token, after } => {
                let tx = self.tx.clone();
                let sleep = self.timer.sleep(after);
                tokio::spawn(async move {
                    sleep.await;
                    let _ = tx.send(Msg::Action(Box::new(Action::Woke(token))));
                });
                None
            }
            Effect::RecallAccount => {
                let tx = self.tx.clone();
                let local = self.local.clone();
                tokio::spawn(async move {
                    let account = match local {
                        Some(local) => off_the_loop(&tx, move || local.recall_account())
                            .await
                            .flatten(),
                        None => None,
                    };
                    let _ = tx.send(Msg::Action(Box::new(Action::AccountRecalled(account))));
                });
                None
            }
            Effect::ReadPeriod {
                from,
                shown,
                to,
                tz,
            } => {
                let tx = self.tx.clone();
                let local = self.local.clone();
                tokio::spawn(async move {
                    let (days, health) = if let Some(local) = local {
                        tokio::task::spawn_blocking(move || {
                            let days = local.activity_totals(from, to).map_err(|e| e.to_string());
                            let health = local
                                .period_health((from, shown, to), &tz)
                                .map_err(|e| e.to_string());
                            (days, health)
                        })
                        .await
                        .unwrap_or_else(|e| (Err(e.to_string()), Err(e.to_string())))
                    } else {
                        let why = "weeks, months and years come from the local store, and fittui runs without one now";
                        (Err(why.to_string()), Err(why.to_string()))
                    };
                    let _ = tx.send(Msg::Action(Box::new(Action::PeriodRead {
                        from,
                        to,
                        days,
                        health,
                    })));
                });
                None
            }
            Effect::ReadRecords { default_goal } => {
                let tx = self.tx.clone();
                let local = self.local.clone();
                tokio::spawn(async move {
                    let records = match local {
                        Some(local) => tokio::task::spawn_blocking(move || {
                            local.records(default_goal).map_err(|e| e.to_string())
                        })
                        .await
                        .unwrap_or_else(|e| Err(e.to_string())),
                        None => Err(
                            "records come from the local store, and fittui runs without one now"
                                .into(),
                        ),
                    };
                    let _ = tx.send(Msg::Action(Box::new(Action::RecordsRead(records))));
                });
                None
            }
            Effect::Recall { req, resource } => {
                let tx = self.tx.clone();
                let local = self.local.clone();
                let task = tokio::spawn(async move {
                    let stored = match local {
                        Some(local) => off_the_loop(&tx, move || local.recall(resource))
                            .await
                            .flatten(),
                        None => None,
                    };
                    let _ = tx.send(Msg::Action(Box::new(Action::Recalled {
                        req,
                        resource,
                        stored,
                    })));
                });
                self.tasks.insert(req, task.abort_handle());
                None
            }
            other => Some(other),
        }
    }
}

/// Fetches what a period view lacks of the final days `[from, to]` with range requests only,
/// stores it and reports back: the day totals (`Provider::day_totals`); the heart ranges
/// (`Provider::prefetch`, whose resting HR and HRV the store keeps through the trend caches);
/// the nights (the sleep ranges, then each night's view from them, as `fittui sync` does);
/// the weigh-ins (`sync::sync_weight`).
async fn fill_period(
    provider: Arc<dyn Provider>,
    local: Option<Arc<LocalStore>>,
    tx: UnboundedSender<Msg>,
    fill: crate::app::period::Fill,
    (from, to): (jiff::civil::Date, jiff::civil::Date),
    tz: jiff::tz::TimeZone,
) {
    use crate::app::period::Fill;
    let result = match (fill, local) {
        (Fill::Activity, local) => {
            let mut result = provider.day_totals(from, to).await;
            if let (Some(local), Ok(days)) = (local, &mut result) {
                let days = std::mem::take(days);
                off_the_loop(&tx, move || local.remember_day_totals(&days)).await;
            }
            result.map(|_| ())
        }
        (Fill::Heart, _) => {
            provider
                .prefetch(crate::api::DayKind::Heart, from, to)
                .await
        }
        (Fill::Sleep | Fill::Weight, None) => Ok(()),
        (Fill::Sleep | Fill::Weight, Some(local)) => {
            let syncer = sync::Syncer {
                provider: provider.clone(),
                clock: local.clock().clone(),
                local,
                tz,
            };
            let outcome = if fill == Fill::Sleep {
                let days = sync::days_newest_first(from, to);
                let stop = std::sync::atomic::AtomicBool::new(false);
                sync::run(syncer, &days, &[sync::Kind::Sleep], &stop, |_| {})
                    .await
                    .map(|_| ())
            } else {
                sync::sync_weight(&syncer, from, to, &mut |_| {})
                    .await
                    .map(|_| ())
            };
            match outcome {
                Ok(()) => Ok(()),
                Err(sync::SyncError::Api(e)) => Err(e),
                Err(sync::SyncError::Store(e)) => {
                    tracing::warn!("local store: {e}");
                    let _ = tx.send(Msg::Action(Box::new(Action::Notice(format!(
                        "The local store failed: {e}"
                    )))));
                    Ok(())
                }
            }
        }
    };
    send_budget(&tx, provider.as_ref());
    let _ = tx.send(Msg::Action(Box::new(Action::PeriodFilled {
        fill,
        from,
        to,
        result,
    })));
}

/// Fills the store with `date` (whatever of it is not final there) and reports back.
async fn backfill(
    provider: Arc<dyn Provider>,
    local: Arc<LocalStore>,
    tx: UnboundedSender<Msg>,
    date: jiff::civil::Date,
    tz: jiff::tz::TimeZone,
) {
    let syncer = sync::Syncer {
        provider: provider.clone(),
        clock: local.clock().clone(),
        local,
        tz,
    };
    let stop = std::sync::atomic::AtomicBool::new(false);
    let result = sync::run(syncer, &[date], &sync::Kind::ALL, &stop, |_| {})
        .await
        .map(|_| ())
        .map_err(|e| e.to_string());
    send_budget(&tx, provider.as_ref());
    let _ = tx.send(Msg::Action(Box::new(Action::Backfilled { date, result })));
}

/// Runs store work on the blocking pool (never on the loop's threads). A store failure is said
/// in the status line (the data on screen is unaffected) and logged; `None` then.
async fn off_the_loop<T: Send + 'static>(
    tx: &UnboundedSender<Msg>,
    work: impl FnOnce() -> Result<T, crate::store::StoreError> + Send + 'static,
) -> Option<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Some(value),
        Ok(Err(err)) => {
            tracing::warn!("local store: {err}");
            let _ = tx.send(Msg::Action(Box::new(Action::Notice(format!(
                "The local store failed: {err}"
            )))));
            None
        }
        Err(err) => {
            tracing::warn!("local store task failed: {err}");
            None
        }
    }
}

/// After each request: the request budget and whether the sign-in can be saved.
fn send_budget(tx: &UnboundedSender<Msg>, provider: &dyn Provider) {
    if let Some(budget) = provider.budget() {
        let _ = tx.send(Msg::Action(Box::new(Action::Budget(budget))));
    }
    let _ = tx.send(Msg::Action(Box::new(Action::SaveProblem(
        provider.save_problem(),
    ))));
}

/// Fetches one resource through the provider.
pub async fn fetch(
    provider: &dyn Provider,
    resource: Resource,
) -> Result<Payload, crate::api::ApiError> {
    use tracing::Instrument;
    let work = async {
        match resource {
            Resource::Activity(date) => provider.activity(date).await.map(Payload::Activity),
            Resource::Heart(date) => provider.heart(date).await.map(Payload::Heart),
            Resource::Sleep(date) => provider.sleep(date).await.map(Payload::Sleep),
            Resource::Devices => provider.devices().await.map(Payload::Devices),
            Resource::Alarms => provider.alarms().await.map(Payload::Alarms),
        }
    };
    let result = work
        .instrument(tracing::debug_span!("fetch", ?resource))
        .await;
    if let Err(err) = &result {
        tracing::warn!(?resource, "fetch failed: {err}");
    }
    result
}

/// Creates the loop's channel.
pub fn channel() -> (UnboundedSender<Msg>, UnboundedReceiver<Msg>) {
    unbounded_channel()
}

/// Feeds terminal input, ticks and termination signals into the channel.
pub fn spawn_event_sources(tx: &UnboundedSender<Msg>) -> std::io::Result<()> {
    let input_tx = tx.clone();
    tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(event) = events.next().await {
            match event {
                Ok(event) => {
                    if input_tx.send(Msg::Input(event)).is_err() {
                        break;
                    }
                }
                Err(err) => {
                    tracing::warn!("terminal input failed: {err}");
                    break;
                }
            }
        }
    });
    let tick_tx = tx.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            if tick_tx.send(Msg::Tick).is_err() {
                break;
            }
        }
    });
    for kind in [
        SignalKind::terminate(),
        SignalKind::hangup(),
        SignalKind::interrupt(),
    ] {
        let mut stream = signal(kind)?;
        let sig_tx = tx.clone();
        tokio::spawn(async move {
            if stream.recv().await.is_some() {
                let _ = sig_tx.send(Msg::Action(Box::new(Action::Terminate)));
            }
        });
    }
    Ok(())
}

/// Applies one message to the model and runs the effects it returns.
pub fn process(app: &mut App, runner: &mut EffectRunner, msg: Msg) {
    let effects = match msg {
        Msg::Input(TermEvent::Key(key)) => app.handle_key(key),
        Msg::Input(TermEvent::Mouse(mouse)) => app.update(Action::Mouse(mouse)),
        Msg::Input(TermEvent::Resize(width, height)) => {
            app.update(Action::Resize { width, height })
        }
        Msg::Input(_) => Vec::new(),
        Msg::Tick => app.update(Action::Tick),
        Msg::Action(action) => app.update(*action),
    };
    for effect in effects {
        runner.run(effect);
    }
}

/// Options for [`run`].
#[derive(Debug, Default, Clone, Copy)]
pub struct RunOptions {
    /// Test hook: panic right after the first frame (`FITTUI_TEST_PANIC=1`), to prove the
    /// terminal is restored on panic.
    pub panic_after_first_frame: bool,
}

/// Runs the loop until the app quits.
///
/// # Panics
/// Only on purpose, with [`RunOptions::panic_after_first_frame`].
pub async fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    runner: &mut EffectRunner,
    rx: &mut UnboundedReceiver<Msg>,
    options: RunOptions,
) -> Result<(), B::Error> {
    let size = terminal.size()?;
    let _ = app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    // A warm start draws stored data in its first frame: the store is given a moment (it
    // answers in a few milliseconds) before anything is drawn, never longer than FIRST_FRAME.
    let deadline = tokio::time::Instant::now() + FIRST_FRAME;
    while app.is_recalling() {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(msg)) => process(app, runner, msg),
            Ok(None) | Err(_) => break,
        }
    }
    terminal.draw(|f| ui::render(app, f))?;
    assert!(
        !options.panic_after_first_frame,
        "FITTUI_TEST_PANIC: deliberate panic after the first frame"
    );
    while let Some(msg) = rx.recv().await {
        process(app, runner, msg);
        while let Ok(msg) = rx.try_recv() {
            process(app, runner, msg);
        }
        if app.should_quit() {
            break;
        }
        if app.take_dirty() {
            terminal.draw(|f| ui::render(app, f))?;
        }
    }
    Ok(())
}
