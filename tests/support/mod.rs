//! The one support module of the integration tests (`mod support;` in each test file):
//! the fixed test instants and clocks here, and by area:
//! - [`app`]: app builders, key events, rendering into a `TestBackend`;
//! - [`demo`]: the app wired to the in-process simulator, driven step by step;
//! - [`imported`]: the app on an imported profile (no sign-in, no provider);
//! - [`profile`]: throw-away profiles and sign-ins against the simulator, request-log queries;
//! - [`pty`]: the real binary in a pseudo-terminal.
//!
//! HTTP helpers (a client that does not follow redirects, `get`, `get_json`) are the
//! simulator's test kit, [`fittui_sim::testkit`], shared with the simulator's own tests.
#![allow(
    dead_code,
    unused_imports,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::missing_panics_doc
)] // test helpers: each test file uses a part (so also of the re-exports), and a panic is the failure report

pub mod app;
pub mod demo;
pub mod imported;
pub mod profile;
pub mod pty;

use std::sync::Arc;

use fittui::clock::FixedClock;
use jiff::Timestamp;
use jiff::tz::TimeZone;

pub use app::*;
pub use profile::*;

/// Noon on Saturday 2026-11-21 in Los Angeles: the app, demo and snapshot tests' instant.
pub const NOON: &str = "2026-11-21T20:00:00Z";

/// 15:00 the same Saturday in Los Angeles (three weeks after the fall-back): the sign-in and
/// provider tests' instant, the simulator tests' default.
pub const AFTERNOON: &str = fittui_sim::testkit::NOW;

/// The test person's zone.
pub fn la() -> TimeZone {
    TimeZone::get("America/Los_Angeles").unwrap()
}

/// [`NOON`] as an instant.
pub fn now() -> Timestamp {
    NOON.parse().unwrap()
}

/// An app clock the test moves by hand, at `at` (RFC 3339).
pub fn clock_at(at: &str) -> Arc<FixedClock> {
    Arc::new(FixedClock::new(at.parse::<Timestamp>().expect("instant")))
}

/// An app clock at [`NOON`].
pub fn clock() -> Arc<FixedClock> {
    clock_at(NOON)
}

/// `examples/<name>.rs` as `cargo test` builds it next to the test binaries (a run of one test
/// file needs `cargo build --examples` first). A binary older than the library it links would
/// test old code, so it is refused.
pub fn example_binary(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let deps = exe.parent().unwrap();
    let path = deps.parent().unwrap().join("examples").join(name);
    let built = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(example_built) = built(&path) else {
        panic!(
            "{} is missing: run `cargo test` (it builds the examples) or `cargo build --examples`",
            path.display()
        );
    };
    let newest_lib = std::fs::read_dir(deps)
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libfittui-") && name.ends_with(".rlib")
        })
        .filter_map(|e| built(&e.path()))
        .max();
    assert!(
        newest_lib.is_none_or(|lib| example_built >= lib),
        "{} is older than the fittui library: run `cargo build --examples`",
        path.display()
    );
    path
}
