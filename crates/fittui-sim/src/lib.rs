//! The API simulator: a faithful, deterministic local server for the legacy **Fitbit Web API**
//! and the **Google Health API v4**, backed by one synthetic person. It runs in-process
//! ([`start`] → [`SimHandle`]) for tests and demo mode, or standalone as `fittui sim` ([`run`]).
//!
//! It depends on nothing of the app it checks: its own [`Api`] enum, [`clock`], local-day DST
//! code ([`localday`]), alarm rules and scope lists ([`scopes`]). The app adapts its clock and
//! provider kind to these at the one place it starts a simulator (`commands::demo`).
//!
//! Module map:
//! - [`person`]: the wire-agnostic person (seeded, generated lazily per day);
//! - [`fitbit`] and [`google`]: the two contracts (routing, auth, rate limits, renderers);
//! - [`oauth`]: codes, grants, tokens, PKCE, consent pages for both providers;
//! - [`faults`]: the `--faults` grammar and per-request decisions;
//! - [`shared`]: the state every handler shares ([`shared::Sim`], [`shared::lock`]);
//! - [`server`]: binding, the request pipeline, [`SimHandle`]; [`control`]: `/_sim/*`;
//! - [`log`], [`state`]: the request log, alarms and rate-limit windows;
//! - [`takeout`]: the person as a Fitbit data export (Google Takeout or the account archive,
//!   `fittui sim takeout`), the same numbers the two contracts serve;
//! - [`args`]: the `fittui sim` flags; [`client`]: getting tokens without a browser;
//! - [`api`], [`clock`], [`config`], [`error`], [`localday`], [`scopes`], [`http`], [`json`]:
//!   leaves the rest builds on; [`testkit`]: HTTP helpers for tests (this crate's and the app's).
//!
//! # Layers (no module cycles)
//!
//! Imports only point down: `lib` → `server` → the handlers (`control`, `fitbit`, `google`,
//! `oauth`) → [`shared`] → `person`, `state`, `faults`, `log`, `config` → the leaves. The
//! handlers never import the router: `server` is imported by `lib` alone. Inside `fitbit`, the
//! endpoints share the request context [`fitbit::context::Api`], a leaf, not the router in
//! `fitbit/mod.rs`. Inside `person`, the generators (`day`, `night`, `nightly`, `plan`,
//! `signals`, `extras`) import the model ([`person::model`]: the `Person` struct, constants,
//! cached days) and the plain data types ([`person::types`]), never each other in a circle;
//! the `Person` methods that run generators (`day`, `main_night`, …) sit above them in
//! `person/mod.rs`. Modules import items from the module that defines them, never through a
//! re-export of `lib.rs` or a parent.
//!
//! `takeout` sits beside the handlers: `lib` and `args` import it, and it imports `person`,
//! [`json`] and two leaves of the Fitbit contract (the v1.2 sleep-log renderer
//! `fitbit::sleep::log_json` and the unit conversions `fitbit::paths::Units`), so an export's
//! sleep logs and weights are the API's own. Nothing below imports it.
//!
//! Checked by building the graph of every `use`/path reference (`crate::…`, `super::…`,
//! `self::…`, and a `mod.rs`/`lib.rs` naming a child as `child::…`; `#[cfg(test)]` modules
//! excluded) and looking for strongly connected components: there are none.
//!
//! # Time conventions
//!
//! The person lives in one IANA zone (default `America/Los_Angeles`). Data are generated on
//! physical instants; each contract renders them its own way:
//!
//! - **Legacy Fitbit**: every timestamp is local wall-clock time in the person's zone without
//!   an offset. Intraday datasets list rows in chronological order; on a fall-back day the
//!   repeated hour's rows appear twice (first pass, then second), so a 1-minute steps dataset
//!   has 1500 rows; a spring-forward day has 1380. Sleep logs write **all** their timestamps
//!   (`startTime`, `endTime`, `levels.*.dateTime`) with the UTC offset in force when the sleep
//!   **started**, so a night across fall-back ends at "07:00" in the log when the wall clock
//!   said 06:00. `dateOfSleep` is the local date the sleep ended (by the real zone).
//!   `lastSyncTime` is local. Alarm `time` is `HH:mm` plus the tracker's UTC offset
//!   (`07:15-08:00`). With `timezone=UTC` the intraday and time-series endpoints use UTC days
//!   and UTC times instead.
//! - **Google**: physical instants are RFC 3339 UTC (`Z`), each with its UTC offset as a
//!   duration string (`"-28800s"`) and, on observation intervals and samples, the civil
//!   (local) date-time objects; civil filters and `dailyRollUp` use the person's local days.
//!   Sessions (sleep, exercise, ECG) carry no civil fields, as observed on the real API.
//!
//! "Today" only has data up to the simulator's clock: minutes that have ended, heart-rate
//! readings before now, sleeps and workouts that have finished. Past days never change.

#![forbid(unsafe_code)]

use std::io::Write as _;

pub mod api;
pub mod args;
pub mod client;
pub mod clock;
pub mod config;
pub mod control;
pub mod error;
pub mod faults;
pub mod fitbit;
pub mod google;
pub mod http;
pub mod json;
pub mod localday;
pub mod log;
pub mod oauth;
pub mod person;
pub mod scopes;
pub mod server;
pub mod shared;
pub mod state;
pub mod takeout;
pub mod testkit;

pub use api::Api;
pub use args::SimArgs;
pub use clock::{Clock, FixedClock, OffsetClock, SharedClock, SystemClock};
pub use config::{ClockSpec, RateLimit, SimConfig};
pub use error::SimError;
pub use faults::{FaultSpec, FaultSpecError};
pub use log::RequestRecord;
pub use server::{SimHandle, start};
pub use shared::{SimInfo, TokenGrant};
pub use state::{AlarmRecord, SimState};

/// Runs `fittui sim`: starts the server, prints the JSON line, serves until SIGINT/SIGTERM.
pub async fn run(args: SimArgs) -> Result<(), SimError> {
    if let Some(args::SimCommand::Takeout(t)) = &args.command {
        return run_takeout(t);
    }
    let handle = server::start(args.to_config()).await?;
    let line = serde_json::to_string(handle.info()).map_err(|e| SimError::Io(e.to_string()))?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{line}").map_err(|e| SimError::Io(e.to_string()))?;
        out.flush().map_err(|e| SimError::Io(e.to_string()))?;
    }
    wait_for_signal().await;
    handle.shutdown().await;
    Ok(())
}

/// Runs `fittui sim takeout`: writes the export, prints one JSON line.
fn run_takeout(args: &args::TakeoutArgs) -> Result<(), SimError> {
    let summary = takeout::write(&args.to_spec(), &args.out)?;
    let line = serde_json::to_string(&summary).map_err(|e| SimError::Io(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").map_err(|e| SimError::Io(e.to_string()))?;
    out.flush().map_err(|e| SimError::Io(e.to_string()))
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
