//! fittui: a keyboard-driven terminal viewer for Fitbit / Pixel Watch health data.
//!
//! The binary (`src/main.rs`) is thin; everything lives here so tests reach the model and the
//! views. See `ARCHITECTURE.md` for the module map and the rules the code follows.
#![forbid(unsafe_code)]

pub mod api;
pub mod app;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod domain;
pub mod import;
pub mod logging;
pub mod net;
pub mod paths;
pub mod provider;
pub mod runtime;
pub mod source;
pub mod store;
pub mod ui;
