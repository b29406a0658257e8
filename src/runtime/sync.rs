//! The sync engine: fills the local store for a range of days, skipping what is final in the
//! store — the same providers, pacing and store as the TUI. First the plan (what each day
//! lacks), then the range requests over the whole span ([`Provider::prefetch`]: one request
//! per metric within each endpoint's cap), then each day's views, which ask only for what has
//! no range form. Resumable by construction: each view is committed as it arrives, and a run
//! started again skips what the last one finished (it asks the ranges again, over the days
//! still missing only). A spent rate limit is waited out (and said), not a failure. The caller
//! shows progress from the [`Event`]s.
//!
//! The request plan per provider is documented with the provider's prefetch
//! (`provider/fitbit/prefetch.rs`; Google asks per view) and checked against the simulator's
//! request log by `tests/sync.rs`. `sync` never asks for a day the store holds as final.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

use crate::api::ApiError;
use crate::app::Resource;
use crate::clock::SharedClock;
use crate::provider::Provider;
use crate::runtime::local::LocalStore;
use crate::store::StoreError;

/// What can be synced per day.
pub use crate::api::DayKind as Kind;

/// The view of `kind` for `date`.
fn resource(kind: Kind, date: Date) -> Resource {
    match kind {
        Kind::Activity => Resource::Activity(date),
        Kind::Heart => Resource::Heart(date),
        Kind::Sleep => Resource::Sleep(date),
    }
}

/// What the engine reports as it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The plan: days (newest first) and kinds.
    Start { days: usize, kinds: Vec<Kind> },
    /// One day is done: what was fetched, what the store already held as final.
    Day {
        date: Date,
        fetched: Vec<Kind>,
        skipped: Vec<Kind>,
        requests: u64,
        budget: Option<crate::api::RateBudget>,
        done: usize,
    },
    /// The range parts of `kind` for the days from `from` to `to` were fetched in one go
    /// (`requests`: spent so far in the run).
    Prefetched {
        kind: Kind,
        from: Date,
        to: Date,
        requests: u64,
    },
    /// The API's request budget is spent: waiting until `until`.
    Waiting { until: Timestamp },
    /// The network failed; trying again in `seconds`.
    Retrying { error: String, seconds: u64 },
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    /// Views fetched and stored.
    pub fetched: usize,
    /// Views the store already held as final.
    pub skipped: usize,
    /// Days whose every kind is now stored.
    pub days_done: usize,
    pub requests: u64,
    /// Weigh-ins fetched (`sync_weight`), when asked for.
    pub weigh_ins: usize,
    /// Stopped on request (Ctrl-C) before the end.
    pub interrupted: bool,
}

/// Why a run stopped short.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Api(ApiError),
    #[error("the local store failed: {0}")]
    Store(#[from] StoreError),
}

/// Network failures in a row before giving up.
const NETWORK_TRIES: u32 = 5;

/// The days from `from` to `to`, newest first.
pub fn days_newest_first(from: Date, to: Date) -> Vec<Date> {
    let mut days = Vec::new();
    let mut day = to;
    while day >= from {
        days.push(day);
        match day.checked_sub(1.day()) {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    days
}

/// Runs the store work on the blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, SyncError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| SyncError::Store(StoreError::Corrupt(format!("store task failed: {e}"))))?
        .map_err(SyncError::Store)
}

/// What a sync runs on: the provider, the store, the clock and the account's zone.
#[derive(Debug, Clone)]
pub struct Syncer {
    pub provider: Arc<dyn Provider>,
    pub local: Arc<LocalStore>,
    pub clock: SharedClock,
    pub tz: jiff::tz::TimeZone,
}

/// Syncs `days` × `kinds` into the store. `stop` ends the run after the day in progress.
pub async fn run(
    syncer: Syncer,
    days: &[Date],
    kinds: &[Kind],
    stop: &AtomicBool,
    mut on_event: impl FnMut(&Event),
) -> Result<Outcome, SyncError> {
    let Syncer {
        provider,
        local,
        clock,
        tz,
    } = syncer;
    let first_request = provider.requests_sent();
    let mut outcome = Outcome {
        fetched: 0,
        skipped: 0,
        days_done: 0,
        requests: 0,
        weigh_ins: 0,
        interrupted: false,
    };
    on_event(&Event::Start {
        days: days.len(),
        kinds: kinds.to_vec(),
    });
    let plan = plan(&local, days, kinds, &tz).await?;
    prefetch(
        provider.as_ref(),
        &clock,
        &tz,
        &plan,
        kinds,
        stop,
        &mut on_event,
    )
    .await;
    for (i, (date, wanted, skipped)) in plan.into_iter().enumerate() {
        if stop.load(Ordering::SeqCst) {
            outcome.interrupted = true;
            break;
        }
        let mut fetched = Vec::new();
        for kind in wanted {
            let resource = resource(kind, date);
            let fetch = || crate::runtime::fetch(provider.as_ref(), resource);
            let payload = patiently(provider.as_ref(), &clock, fetch, &mut on_event).await?;
            {
                let local = local.clone();
                blocking(move || local.remember(&payload)).await?;
            }
            fetched.push(kind);
        }
        outcome.fetched += fetched.len();
        outcome.skipped += skipped.len();
        outcome.days_done += 1;
        outcome.requests = provider.requests_sent() - first_request;
        on_event(&Event::Day {
            date,
            fetched,
            skipped,
            requests: outcome.requests,
            budget: provider.budget(),
            done: i + 1,
        });
    }
    outcome.requests = provider.requests_sent() - first_request;
    Ok(outcome)
}

/// A day's kinds still to fetch and those the store holds as final.
type DayPlan = (Date, Vec<Kind>, Vec<Kind>);

/// What each day lacks (a stored final view is never asked again).
async fn plan(
    local: &Arc<LocalStore>,
    days: &[Date],
    kinds: &[Kind],
    tz: &jiff::tz::TimeZone,
) -> Result<Vec<DayPlan>, SyncError> {
    let mut plan = Vec::new();
    for &date in days {
        let mut wanted = Vec::new();
        let mut skipped = Vec::new();
        for &kind in kinds {
            // Only the fetch metadata: the record itself (a heart day's minutes) is not needed.
            let meta = {
                let local = local.clone();
                blocking(move || local.recall_meta(kind, date)).await?
            };
            let is_final = meta.is_some_and(|m| crate::store::is_final(date, m, tz));
            if is_final {
                skipped.push(kind);
            } else {
                wanted.push(kind);
            }
        }
        plan.push((date, wanted, skipped));
    }
    Ok(plan)
}

/// Range requests first: one per metric over the span of the days that lack it (within the
/// API's caps), so the day views ask only for what has no range form. Today and yesterday
/// are still settling: they take their one-day views. A failure leaves the days to ask on
/// their own.
async fn prefetch(
    provider: &dyn Provider,
    clock: &SharedClock,
    tz: &jiff::tz::TimeZone,
    plan: &[DayPlan],
    kinds: &[Kind],
    stop: &AtomicBool,
    on_event: &mut impl FnMut(&Event),
) {
    let first_request = provider.requests_sent();
    let settled = clock
        .now()
        .to_zoned(tz.clone())
        .date()
        .checked_sub(2.days())
        .ok();
    for &kind in kinds {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let wanted: Vec<Date> = plan
            .iter()
            .filter(|(d, w, _)| w.contains(&kind) && settled.is_some_and(|s| *d <= s))
            .map(|(d, _, _)| *d)
            .collect();
        let (Some(&to), Some(&from)) = (wanted.iter().max(), wanted.iter().min()) else {
            continue;
        };
        if wanted.len() < prefetch_from(kind) {
            continue;
        }
        let work = || provider.prefetch(kind, from, to);
        match patiently(provider, clock, work, on_event).await {
            Ok(()) => on_event(&Event::Prefetched {
                kind,
                from,
                to,
                requests: provider.requests_sent() - first_request,
            }),
            Err(e) => tracing::warn!("sync: the {} ranges failed: {e}", kind.name()),
        }
    }
}

/// The fewest days of `kind` worth a prefetch: below it the days' own views cost less than
/// the ranges (activity's ten ranges against three requests a day; heart and sleep pay off
/// from two days). A single day — the TUI's backfill — never prefetches.
fn prefetch_from(kind: Kind) -> usize {
    match kind {
        Kind::Activity => 6,
        Kind::Heart | Kind::Sleep => 2,
    }
}

/// Runs `work` (made again for each try), waiting out a spent rate limit and retrying a
/// failing network a few times (with growing waits) before giving up.
async fn patiently<T, F, Fut>(
    provider: &dyn Provider,
    clock: &SharedClock,
    mut work: F,
    on_event: &mut impl FnMut(&Event),
) -> Result<T, SyncError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let timer = clock.timer();
    let mut network_failures = 0u32;
    loop {
        // A spent budget makes the client wait for the reset before sending: say so while
        // it does (checked a few times a second).
        let fetch = work();
        tokio::pin!(fetch);
        let mut said: Option<Timestamp> = None;
        let result = loop {
            tokio::select! {
                result = &mut fetch => break result,
                () = tokio::time::sleep(std::time::Duration::from_millis(200)) => {
                    if let Some(until) = provider.waiting_until()
                        && said != Some(until)
                    {
                        said = Some(until);
                        on_event(&Event::Waiting { until });
                    }
                }
            }
        };
        match result {
            Ok(value) => return Ok(value),
            Err(ApiError::RateLimited { until }) => {
                on_event(&Event::Waiting { until });
                let wait = until
                    .duration_since(clock.now())
                    .max(jiff::SignedDuration::ZERO);
                let wait = std::time::Duration::try_from(wait).unwrap_or_default();
                // A second past the reset, so the first request finds the new window.
                timer.sleep(wait + std::time::Duration::from_secs(1)).await;
            }
            Err(err @ (ApiError::Network(_) | ApiError::Server { .. }))
                if network_failures + 1 < NETWORK_TRIES =>
            {
                network_failures += 1;
                let seconds = 2u64.pow(network_failures);
                on_event(&Event::Retrying {
                    error: err.to_string(),
                    seconds,
                });
                timer.sleep(std::time::Duration::from_secs(seconds)).await;
            }
            Err(err) => return Err(SyncError::Api(err)),
        }
    }
}

/// Fills the store with the weigh-ins of the days in `[from, to]` that are not final there:
/// one range fetch (the provider splits it at its cap) from the first such day to the last.
/// Returns how many weigh-ins came (0 when nothing was missing).
pub async fn sync_weight(
    syncer: &Syncer,
    from: Date,
    to: Date,
    on_event: &mut impl FnMut(&Event),
) -> Result<usize, SyncError> {
    let (local, tz) = (syncer.local.clone(), syncer.tz.clone());
    let finals = blocking(move || local.final_weight_days(from, to, &tz)).await?;
    let missing: Vec<Date> = days_newest_first(from, to)
        .into_iter()
        .rev()
        .filter(|d| !finals.contains(d))
        .collect();
    let (Some(&first), Some(&last)) = (missing.first(), missing.last()) else {
        return Ok(0);
    };
    let provider = syncer.provider.as_ref();
    let work = || provider.weight(first, last);
    let weigh_ins = patiently(provider, &syncer.clock, work, on_event).await?;
    let count = weigh_ins.len();
    let local = syncer.local.clone();
    blocking(move || local.remember_weigh_ins(first, last, &weigh_ins)).await?;
    Ok(count)
}
