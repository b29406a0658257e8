//! Walks every strict fixture against Google's discovery document: each key must be a property
//! of its schema, each value must have the JSON type (and format, and enum value) the schema
//! declares. Together with the unit test that checks the wire structs' field names against the
//! same document, this keeps fixtures and decoders honest: a misspelt key would otherwise decode
//! silently as "no data" on both sides.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{fixture, fixture_dir};

/// Fixture → root schema. `{"error": {...}}` bodies use the pseudo-schema `ErrorBody`: the
/// discovery `Status` plus the envelope's `status` name.
const MANIFEST: &[(&str, &str)] = &[
    ("ref-6.1-list-heart-rate.json", "ListDataPointsResponse"),
    ("ref-6.2-rollup-heart-rate.json", "RollUpDataPointsResponse"),
    ("ref-6.3-list-steps.json", "ListDataPointsResponse"),
    (
        "ref-6.4-daily-rollup-steps.json",
        "DailyRollUpDataPointsResponse",
    ),
    ("ref-6.5-list-sleep-stages.json", "ListDataPointsResponse"),
    (
        "ref-6.6-list-daily-resting-heart-rate.json",
        "ListDataPointsResponse",
    ),
    (
        "ref-6.6-list-daily-heart-rate-variability.json",
        "ListDataPointsResponse",
    ),
    (
        "ref-6.6-list-daily-oxygen-saturation.json",
        "ListDataPointsResponse",
    ),
    ("ref-6.7-exercise-data-point.json", "DataPoint"),
    ("ref-6.8-weight-data-point.json", "DataPoint"),
    ("ref-7.1-identity.json", "Identity"),
    ("ref-7.3-paired-devices.json", "ListPairedDevicesResponse"),
    ("ref-9.2-error-unauthenticated.json", "ErrorBody"),
    ("ref-9.2-error-invalid-filter.json", "ErrorBody"),
    ("settings.json", "Settings"),
    ("settings-unknown-zone.json", "Settings"),
    ("profile.json", "Profile"),
    (
        "daily-rollup-distance.json",
        "DailyRollUpDataPointsResponse",
    ),
    (
        "daily-rollup-total-calories.json",
        "DailyRollUpDataPointsResponse",
    ),
    ("daily-rollup-floors.json", "DailyRollUpDataPointsResponse"),
    (
        "daily-rollup-active-zone-minutes.json",
        "DailyRollUpDataPointsResponse",
    ),
    (
        "daily-rollup-active-minutes.json",
        "DailyRollUpDataPointsResponse",
    ),
    (
        "daily-rollup-time-in-heart-rate-zone.json",
        "DailyRollUpDataPointsResponse",
    ),
    (
        "daily-rollup-steps-empty-with-token.json",
        "DailyRollUpDataPointsResponse",
    ),
    ("empty-page.json", "ListDataPointsResponse"),
    (
        "rollup-steps-hourly-dst-2026-11-01.json",
        "RollUpDataPointsResponse",
    ),
    ("rollup-steps-hourly-gaps.json", "RollUpDataPointsResponse"),
    ("rollup-heart-rate-page1.json", "RollUpDataPointsResponse"),
    ("rollup-heart-rate-page2.json", "RollUpDataPointsResponse"),
    (
        "reconcile-daily-heart-rate-zones.json",
        "ReconcileDataPointsResponse",
    ),
    ("list-daily-respiratory-rate.json", "ListDataPointsResponse"),
    (
        "list-daily-sleep-temperature-derivations.json",
        "ListDataPointsResponse",
    ),
    (
        "reconcile-sleep-dst-duplicated-summary.json",
        "ReconcileDataPointsResponse",
    ),
    ("list-sleep-processing.json", "ListDataPointsResponse"),
    ("list-electrocardiogram.json", "ListDataPointsResponse"),
    ("error-account-not-linked.json", "ErrorBody"),
    ("error-permission-denied.json", "ErrorBody"),
    ("error-rate-limited.json", "ErrorBody"),
    ("error-not-found.json", "ErrorBody"),
    ("error-unavailable.json", "ErrorBody"),
];

/// Fixtures outside any discovery schema (OAuth token endpoint bodies).
const NOT_IN_DISCOVERY: &[&str] = &["ref-8.4-token-response.json", "ref-8.4-token-error.json"];

fn discovery() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/google-health-v4.discovery.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

struct Walker<'a> {
    schemas: &'a Value,
    problems: Vec<String>,
}

impl Walker<'_> {
    fn object(&mut self, value: &Value, schema: &str, path: &str) {
        let Some(obj) = value.as_object() else {
            self.problems
                .push(format!("{path}: expected a {schema} object, got {value}"));
            return;
        };
        let props = &self.schemas[schema]["properties"];
        assert!(props.is_object(), "no schema {schema}");
        for (key, v) in obj {
            let prop = &props[key];
            if prop.is_object() {
                self.value(v, prop, &format!("{path}.{key}"));
            } else {
                self.problems
                    .push(format!("{path}: `{key}` is not a property of {schema}"));
            }
        }
    }

    fn value(&mut self, v: &Value, prop: &Value, path: &str) {
        if let Some(r) = prop["$ref"].as_str() {
            self.object(v, r, path);
            return;
        }
        let format = prop["format"].as_str().unwrap_or_default();
        let ok = match prop["type"].as_str() {
            Some("string") => v.as_str().is_some_and(|s| string_ok(s, format, prop)),
            Some("integer") => v.is_i64() || v.is_u64(),
            Some("number") => v.is_number(),
            Some("boolean") => v.is_boolean(),
            Some("array") => match v.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.value(item, &prop["items"], &format!("{path}[{i}]"));
                    }
                    true
                }
                None => false,
            },
            Some("object") => v.is_object(),
            Some("any") => true,
            other => panic!("{path}: schema type {other:?}"),
        };
        if !ok {
            self.problems
                .push(format!("{path}: {v} does not match {prop}"));
        }
    }
}

fn string_ok(s: &str, format: &str, prop: &Value) -> bool {
    match format {
        "int64" | "uint64" => s.parse::<i64>().is_ok(),
        "google-duration" => fittui::provider::google::scalar::parse_duration(s).is_some(),
        "google-datetime" => s.parse::<jiff::Timestamp>().is_ok(),
        _ => match prop["enum"].as_array() {
            Some(values) => values.iter().any(|e| e == s),
            None => true,
        },
    }
}

#[test]
fn strict_fixtures_match_the_discovery_schemas() {
    let doc = discovery();
    let mut w = Walker {
        schemas: &doc["schemas"],
        problems: Vec::new(),
    };
    for (file, schema) in MANIFEST {
        let value: Value = serde_json::from_slice(&fixture(file)).unwrap();
        if *schema == "ErrorBody" {
            let obj = value.as_object().unwrap();
            assert_eq!(obj.keys().collect::<Vec<_>>(), ["error"], "{file}");
            // The HTTP/JSON error envelope (AIP-193) adds the canonical code name, `status`,
            // to the `google.rpc.Status` proto the discovery document describes.
            let mut status = value["error"].clone();
            if let Some(name) = status.as_object_mut().and_then(|o| o.remove("status")) {
                assert!(name.is_string(), "{file}: status {name}");
            }
            w.object(&status, "Status", &format!("{file}:error"));
        } else {
            w.object(&value, schema, file);
        }
    }
    assert!(w.problems.is_empty(), "{}", w.problems.join("\n"));
}

#[test]
fn the_walker_catches_typos_and_wrong_types() {
    let doc = discovery();
    let mut w = Walker {
        schemas: &doc["schemas"],
        problems: Vec::new(),
    };
    let bad: Value = serde_json::json!({"rollupDataPoints": [
        {"civilStartTime": {"date": {"year": "2026"}}, "steps": {"countsum": "1"}},
        {"distance": {"millimetersSum": 5}, "activeMinutes": {"activeMinutesRollupByActivityLevel": [{"activityLevel": "HIGH"}]}}
    ]});
    w.object(&bad, "DailyRollUpDataPointsResponse", "bad");
    assert_eq!(w.problems.len(), 4, "{:#?}", w.problems);
}

#[test]
fn every_top_level_fixture_is_walked_or_exempt() {
    let listed: BTreeSet<&str> = MANIFEST
        .iter()
        .map(|(f, _)| *f)
        .chain(NOT_IN_DISCOVERY.iter().copied())
        .collect();
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            assert!(
                listed.contains(name.as_str()),
                "{name} is not in the manifest"
            );
        }
    }
}
