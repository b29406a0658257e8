//! The API simulator: a faithful, deterministic local server for the legacy **Fitbit Web API**
//! and the **Google Health API v4**, backed by one synthetic person. It runs in-process
//! ([`start`] → [`SimHandle`]) for tests and demo mode, or standalone as `fittui sim`.
//!
//! Module map:
//! - [`person`]: the wire-agnostic person (seeded, generated lazily per day);
//! - [`fitbit`] and [`google`]: the two contracts (routing, auth, rate limits, renderers);
//! - [`oauth`]: codes, grants, tokens, PKCE, consent pages for both providers;
//! - [`faults`]: the `--faults` grammar and per-request decisions;
//! - [`server`]: binding, the request pipeline, [`SimHandle`]; [`control`]: `/_sim/*`;
//! - [`log`], [`state`]: the request log, alarms and rate-limit windows;
//! - [`args`]: the `fittui sim` command; [`client`]: getting tokens without a browser.
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

pub mod api;
pub mod args;
pub mod client;
pub mod clock;
pub mod config;
pub mod control;
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
pub mod state;
pub mod testkit;

use std::net::SocketAddr;

pub use api::Api;
pub use args::{SimArgs, run};
pub use clock::{Clock, FixedClock, OffsetClock, SharedClock, SystemClock};
pub use config::{ClockSpec, RateLimit, SimConfig};
pub use faults::{FaultSpec, FaultSpecError};
pub use log::RequestRecord;
pub use server::{SimHandle, SimInfo, TokenGrant, start};
pub use state::{AlarmRecord, SimState};

/// Why the simulator could not start or keep running.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(
        "{0} is not a loopback address; the simulator only listens on 127.0.0.1, ::1 or localhost"
    )]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("unknown time zone `{name}`: {reason}")]
    TimeZone { name: String, reason: String },
    #[error(transparent)]
    Faults(#[from] FaultSpecError),
    #[error("i/o error: {0}")]
    Io(String),
}
