//! Helpers of the simulator's integration tests: the HTTP test kit the root tests share
//! ([`fittui_sim::testkit`]) and the discovery-document validator (simulator tests only).
#![allow(dead_code)] // each test file uses a part

pub mod discovery;

pub use fittui_sim::testkit::*;
