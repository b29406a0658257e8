//! No body makes a decoder (or the error mapping) panic: arbitrary bytes, arbitrary JSON, and
//! the fixtures with fields deleted, retyped and changed.

use fittui::provider::fitbit::{decode, error_from_response, token_error};
use jiff::civil::date;
use proptest::prelude::*;
use serde_json::{Map, Value};

use super::{fixture, fixture_names, ts, tz};

/// Feeds `body` to every decoder; results are irrelevant, returning at all is the property.
fn run_all(body: &[u8]) {
    let la = tz("America/Los_Angeles");
    // The fall-back day exercises the fold logic; 2017-06-29 is an ordinary day.
    for day in [date(2026, 11, 1), date(2017, 6, 29)] {
        let _ = decode::activity_summary(body, day);
        let _ = decode::hourly_steps(body, day, &la);
        let _ = decode::heart_intraday(body, day, &la);
    }
    let _ = decode::profile(body);
    let _ = decode::daily_values(body, "activities-steps");
    let _ = decode::daily_values(body, "tracker/distance");
    let _ = decode::azm_series(body);
    let _ = decode::azm_intraday(body, &la);
    let _ = decode::heart_daily(body);
    let _ = decode::hrv(body);
    let _ = decode::spo2_day(body);
    let _ = decode::spo2_range(body);
    let _ = decode::breathing_rate(body);
    let _ = decode::skin_temp(body);
    let _ = decode::cardio_score(body);
    let _ = decode::sleep(body, &la);
    let _ = decode::devices(body, &la);
    let _ = decode::alarms(body);
    let _ = decode::alarm(body);
    let _ = decode::ecg_list(body, &la);
    let _ = decode::weight(body, &la);
    let _ = decode::body_fat(body, &la);
    let none = |_: &str| None;
    for status in [400, 401, 403, 404, 409, 410, 422, 429, 500] {
        let _ = error_from_response(status, &none, body, ts("2026-11-21T10:20:00Z"));
        let _ = token_error(status, &none, body, ts("2026-11-21T10:20:00Z"));
    }
}

/// Keys the decoders look for, so generated objects reach past the top level.
const KEYS: &[&str] = &[
    "user",
    "encodedId",
    "timezone",
    "offsetFromUTCMillis",
    "distanceUnit",
    "locale",
    "summary",
    "goals",
    "activities",
    "steps",
    "distances",
    "activity",
    "distance",
    "heartRateZones",
    "name",
    "min",
    "max",
    "minutes",
    "restingHeartRate",
    "activities-steps",
    "activities-steps-intraday",
    "activities-heart",
    "activities-heart-intraday",
    "dataset",
    "datasetType",
    "datasetInterval",
    "time",
    "value",
    "dateTime",
    "activities-active-zone-minutes",
    "activities-active-zone-minutes-intraday",
    "minute",
    "fatBurnActiveZoneMinutes",
    "hrv",
    "dailyRmssd",
    "avg",
    "br",
    "breathingRate",
    "tempSkin",
    "nightlyRelative",
    "cardioScore",
    "vo2Max",
    "sleep",
    "meta",
    "state",
    "pagination",
    "next",
    "startTime",
    "endTime",
    "levels",
    "data",
    "shortData",
    "level",
    "seconds",
    "logId",
    "type",
    "trackerAlarms",
    "trackerAlarm",
    "alarmId",
    "weekDays",
    "id",
    "lastSyncTime",
    "ecgReadings",
    "waveformSamples",
    "samplingFrequencyHz",
    "weight",
    "fat",
    "bmi",
    "date",
    "errors",
    "errorType",
    "message",
    "error",
];

/// Strings that look like the values the decoders parse.
const STRINGS: &[&str] = &[
    "",
    "7390",
    "1.26",
    "-1",
    "NaN",
    "1e400",
    "2026-11-01",
    "2026-11-01T01:30:00.000",
    "01:30:00",
    "07:15-08:00",
    "07:15-0800",
    "24:00:00",
    "stages",
    "classic",
    "pending",
    "deep",
    "wake",
    "Fat Burn",
    "Out of Range",
    "second",
    "minute",
    "TRACKER",
    "SCALE",
    "America/Los_Angeles",
    "Mars/Olympus",
    "en_US",
    "MONDAY",
    "expired_token",
    "insufficient_scope",
    "permission to access sleep data",
    "é",
    "\u{0}",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // non-finite becomes null
        (-3000.0..90_000.0f64).prop_map(Value::from),
        prop::sample::select(STRINGS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// One edit at the `pick`-th node of a document (in pre-order).
#[derive(Debug, Clone)]
enum Edit {
    Delete,
    Replace(Value),
    /// number ↔ string ↔ null ↔ array.
    Retype(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        Just(Edit::Delete),
        scalar().prop_map(Edit::Replace),
        json().prop_map(Edit::Replace),
        (0u8..5).prop_map(Edit::Retype),
    ]
}

fn retype(v: &Value, to: u8) -> Value {
    match (to, v) {
        (0, Value::String(s)) => s.parse::<f64>().ok().map_or(Value::from(0), Value::from),
        (0, _) => Value::from(1),
        (1, Value::Number(n)) => Value::String(n.to_string()),
        (1, other) => Value::String(other.to_string()),
        (2, _) => Value::Null,
        (3, other) => Value::Array(vec![other.clone()]),
        _ => Value::Object(Map::new()),
    }
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

/// Applies `edit` at node number `target` (pre-order); returns true once applied.
fn apply(v: &mut Value, target: &mut usize, edit: &Edit) -> bool {
    let children: Vec<(Option<String>, usize)> = match v {
        Value::Array(a) => (0..a.len()).map(|i| (None, i)).collect(),
        Value::Object(o) => o.keys().cloned().map(|k| (Some(k), 0)).collect(),
        _ => Vec::new(),
    };
    for (key, index) in children {
        *target = target.saturating_sub(1);
        if *target == 0 {
            match (v, key, edit) {
                (Value::Array(a), None, Edit::Delete) => {
                    a.remove(index);
                }
                (Value::Object(o), Some(k), Edit::Delete) => {
                    o.remove(&k);
                }
                (Value::Array(a), None, e) => a[index] = replacement(&a[index], e),
                (Value::Object(o), Some(k), e) => {
                    let new = replacement(&o[&k], e);
                    o.insert(k, new);
                }
                _ => {}
            }
            return true;
        }
        let child = match (&mut *v, key) {
            (Value::Array(a), None) => &mut a[index],
            (Value::Object(o), Some(k)) => o.get_mut(&k).unwrap(),
            _ => unreachable!(),
        };
        if apply(child, target, edit) {
            return true;
        }
    }
    false
}

fn replacement(old: &Value, edit: &Edit) -> Value {
    match edit {
        Edit::Delete => Value::Null,
        Edit::Replace(v) => v.clone(),
        Edit::Retype(to) => retype(old, *to),
    }
}

fn mutated_fixture() -> impl Strategy<Value = Vec<u8>> {
    let names = fixture_names();
    (
        prop::sample::select(names),
        prop::collection::vec((any::<usize>(), edit()), 1..6),
    )
        .prop_map(|(name, edits)| {
            let mut doc: Value = serde_json::from_slice(&fixture(&name)).unwrap();
            for (pick, e) in &edits {
                let n = count(&doc);
                let mut target = 1 + pick % n.max(1);
                apply(&mut doc, &mut target, e);
            }
            serde_json::to_vec(&doc).unwrap()
        })
}

proptest! {
    // PROPTEST_CASES overrides the default of 384 for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(384),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..600)) {
        run_all(&body);
    }

    #[test]
    fn arbitrary_json_never_panics(doc in json()) {
        run_all(&serde_json::to_vec(&doc).unwrap());
    }

    #[test]
    fn mutated_fixtures_never_panic(body in mutated_fixture()) {
        run_all(&body);
    }

    #[test]
    fn truncated_fixtures_never_panic(name in prop::sample::select(fixture_names()), cut in any::<usize>()) {
        let body = fixture(&name);
        run_all(&body[..cut % (body.len() + 1)]);
    }

    #[test]
    fn error_mapping_never_panics(
        status in any::<u16>(),
        reset in prop::option::of(".{0,24}"),
        retry in prop::option::of(prop_oneof![".{0,40}".boxed(), (0u64..u64::MAX).prop_map(|n| n.to_string()).boxed()]),
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300).boxed(),
            json().prop_map(|v| serde_json::to_vec(&v).unwrap()).boxed(),
        ],
        now in -377_705_116_800i64..253_402_207_200i64,
    ) {
        let headers = |name: &str| match name.to_ascii_lowercase().as_str() {
            "fitbit-rate-limit-reset" => reset.clone(),
            "retry-after" => retry.clone(),
            _ => None,
        };
        let now = jiff::Timestamp::from_second(now).unwrap();
        let _ = error_from_response(status, &headers, &body, now);
        let _ = token_error(status, &headers, &body, now);
    }
}
