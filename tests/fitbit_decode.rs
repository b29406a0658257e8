//! Decoding the legacy Fitbit Web API: the reference's example bodies (fixtures), DST days, and
//! property tests that no body makes a decoder or the error mapping panic.

#![allow(clippy::unwrap_used, clippy::float_cmp)]

#[path = "fitbit_decode/dst.rs"]
mod dst;
#[path = "fitbit_decode/errors.rs"]
mod errors;
#[path = "fitbit_decode/fixtures.rs"]
mod fixtures;
#[path = "fitbit_decode/props.rs"]
mod props;

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The bytes of `tests/fixtures/fitbit/{name}.json`.
fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fitbit")
        .join(format!("{name}.json"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Names of every fixture, for the property tests.
fn fixture_names() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fitbit");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".json").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}
