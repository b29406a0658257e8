//! The simulator's integration tests, one test binary: both contracts over HTTP, OAuth for
//! both providers, the server (control endpoints, request log, faults). They use nothing of
//! the app; the `fittui sim` binary's own tests are the root package's `tests/sim_cli.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    clippy::float_cmp
)] // test code: a panic is the failure report; scenarios read top to bottom

mod support;

mod fitbit_activity;
mod fitbit_data;
mod fitbit_oauth;
mod google;
mod google_oauth;
mod google_strict;
mod server;
