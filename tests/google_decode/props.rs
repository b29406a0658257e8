//! Property tests: no body makes a decoder or an error mapper panic. Fed with arbitrary bytes,
//! arbitrary JSON built from the fixtures' own keys and Google's enum names, and valid fixtures
//! mutated (fields deleted, values swapped between null / bool / number / string / array /
//! object, values changed, bodies truncated). Whatever a decoder returns must also be safe to
//! use: the domain helpers are run on every `Ok` value.

use std::sync::OnceLock;

use fittui::domain::device::BatteryLevel;
use fittui::domain::heart::{HeartSeriesBuilder, Resolution};
use fittui::provider::google as g;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};

use super::fixture_dir;

/// Runs every decoder and both error mappers on `body`, and the domain helpers on what comes
/// back; checks the ordering contracts of `Ok` results.
fn run_all(body: &[u8]) {
    let utc = TimeZone::UTC;
    let la = la();
    let now: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
    let (start, end) = (now, now + jiff::SignedDuration::from_hours(25));

    if let (Ok(i), Ok(s)) = (g::identity(body), g::settings(body)) {
        let p = g::profile(body).ok();
        let _ = g::account(&i, &s, p.as_ref()).label().len();
    }
    let _ = g::profile(body);

    let _ = g::daily_rollup_steps(body).map(|p| check_dates(&p));
    let _ = g::daily_rollup_distance(body).map(|p| check_dates(&p));
    let _ = g::daily_rollup_total_calories(body).map(|p| check_dates(&p));
    let _ = g::daily_rollup_floors(body).map(|p| check_dates(&p));
    if let Ok(p) = g::daily_rollup_azm(body) {
        check_dates(&p);
        p.0.iter().for_each(|(_, a)| _ = a.total());
    }
    let _ = g::daily_rollup_active_minutes(body).map(|p| check_dates(&p));
    if let Ok(p) = g::daily_rollup_time_in_zones(body) {
        check_dates(&p);
        for (_, z) in &p.0 {
            let _: u32 = z.below + z.fat_burn + z.cardio + z.peak;
        }
    }
    if let Ok((hours, token)) = g::rollup_hourly_steps(body) {
        check_token(token.as_ref());
        assert!(hours.windows(2).all(|w| w[0].start < w[1].start));
        let _: u64 = hours.iter().map(|h| u64::from(h.steps)).sum();
    }
    if let Ok((series, _)) = g::rollup_heart(body, start, end) {
        let _ = (series.stat(), series.columns(80), series.day_minutes());
    }
    let mut b = HeartSeriesBuilder::new(start, end, Resolution::Second);
    let _ = g::heart_rate_samples_into(body, &mut b);
    let _ = b.finish().columns(7);

    let _ = g::daily_resting_heart_rate(body);
    let _ = g::daily_hrv(body).map(|p| check_dates(&p));
    let _ = g::daily_heart_rate_zones(body).map(|p| {
        p.0.iter().for_each(|(_, z)| _ = z.zone(100.0));
    });
    let _ = g::daily_spo2(body);
    let _ = g::daily_respiratory_rate(body);
    let _ = g::daily_skin_temperature(body);

    for tz in [&utc, &la] {
        if let Ok((recs, token)) = g::sleep(body, tz) {
            check_token(token.as_ref());
            assert!(
                recs.windows(2)
                    .all(|w| w[0].session.start <= w[1].session.start)
            );
            for r in &recs {
                let s = &r.session;
                assert!(s.start <= s.end);
                for seg in s.segments.iter().chain(&s.short_wakes) {
                    assert!(seg.seconds > 0);
                    let _ = seg.end();
                }
                let _: u32 = s.stages.iter().map(|t| t.minutes).sum();
                let _: u32 = s.minutes_asleep + s.minutes_awake + s.time_in_bed;
            }
        }
        let _ = g::weight(body, tz);
        let _ = g::body_fat(body);
    }
    if let Ok((devs, _)) = g::paired_devices(body) {
        for d in &devs {
            let _ = d.battery.as_ref().map(BatteryLevel::label);
        }
    }
    if let Ok((ecg, _)) = g::electrocardiogram(body) {
        for r in &ecg {
            let _ = (
                r.duration_secs(),
                r.millivolts().count(),
                r.classification.label(),
            );
        }
    }

    let header = |name: &str| {
        let text = String::from_utf8_lossy(body.get(..40).unwrap_or(body)).into_owned();
        (name == "retry-after" || name == "www-authenticate").then_some(text)
    };
    for status in [
        0, 200, 302, 400, 401, 403, 404, 409, 410, 429, 500, 503, 999,
    ] {
        let _ = g::error_from_response(status, &|_| None, body, now).short();
        let _ = g::error_from_response(status, &header, body, now).short();
        let _ = g::token_error(status, body, now).short();
    }
}

fn check_dates<T>(page: &g::Page<(jiff::civil::Date, T)>) {
    assert!(
        page.0.windows(2).all(|w| w[0].0 < w[1].0),
        "dates ascend, once each"
    );
    check_token(page.1.as_ref());
}

fn check_token(token: Option<&String>) {
    assert!(token.is_none_or(|t| !t.is_empty()));
}

fn la() -> TimeZone {
    static LA: OnceLock<TimeZone> = OnceLock::new();
    LA.get_or_init(|| TimeZone::get("America/Los_Angeles").unwrap())
        .clone()
}

/// Every strict and quirk fixture, parsed.
fn fixtures() -> &'static [Value] {
    static ALL: OnceLock<Vec<Value>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut out = Vec::new();
        for dir in [fixture_dir(), fixture_dir().join("quirks")] {
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            paths.sort();
            for p in paths {
                out.push(serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap());
            }
        }
        out
    })
}

/// Every object key used in the fixtures.
fn keys() -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    out.push(k.clone());
                    walk(v, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for f in fixtures() {
        walk(f, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

const STRINGS: &[&str] = &[
    "",
    "0",
    "-1",
    "1e3",
    "44.0",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "1e400",
    "NaN",
    "Infinity",
    "-Infinity",
    "300s",
    "-25200s",
    "1.5s",
    "0.000000001s",
    "99999999999999999999s",
    "2026-11-21T08:00:00Z",
    "2026-11-01T09:30:00.123456789Z",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "-009999-01-01T00:00:00Z",
    "-009999-01-02T01:59:59Z",
    "9999-12-30T22:00:00Z",
    "93599s",
    "-93599s",
    "STAGES",
    "CLASSIC",
    "AWAKE",
    "LIGHT",
    "DEEP",
    "REM",
    "ASLEEP",
    "RESTLESS",
    "MODERATE",
    "VIGOROUS",
    "PEAK",
    "TRACKER",
    "SCALE",
    "ALARMS",
    "High",
    "DISTANCE_UNIT_MILES",
    "TEMPERATURE_UNIT_FAHRENHEIT",
    "America/Los_Angeles",
    "../../etc/passwd",
    "NORMAL_SINUS_RHYTHM",
    "ACCOUNT_NOT_LINKED",
    "RESOURCE_EXHAUSTED",
    "UNAUTHENTICATED",
    "type.googleapis.com/google.rpc.ErrorInfo",
    "type.googleapis.com/google.rpc.RetryInfo",
    "type.googleapis.com/google.rpc.BadRequest",
    "invalid_grant",
    "users/me/dataTypes/sleep/dataPoints/1",
    "\u{1b}[2J",
];

fn leaf() -> impl Strategy<Value = Value> + Clone {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        prop_oneof![
            Just(0i64),
            Just(1),
            Just(-1),
            Just(24),
            Just(60),
            Just(2026),
            Just(i64::from(i32::MAX))
        ]
        .prop_map(|n| json!(n)),
        (-10i64..5000).prop_map(|n| json!(n)),
        (-10.0f64..5000.0).prop_map(|f| json!(f)),
        (-10i64..5000).prop_map(|n| json!(n.to_string())),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(STRINGS).prop_map(|s| Value::String(s.to_string())),
        ".{0,12}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let keys = keys();
    leaf().prop_recursive(5, 96, 8, move |inner| {
        let keys = keys.clone();
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(keys), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete,
    /// Scales a number (or a numeric string) and adds to it: a value change of the same type.
    Tweak(i64, i64),
    Replace(Value),
    Duplicate,
    Empty,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => Just(Mutation::Delete),
        3 => (-3i64..40, -100i64..100).prop_map(|(k, d)| Mutation::Tweak(k, d)),
        5 => leaf().prop_map(Mutation::Replace),
        1 => Just(Mutation::Replace(json!([]))),
        1 => Just(Mutation::Replace(json!({}))),
        1 => leaf().prop_map(|v| Mutation::Replace(json!([v]))),
        2 => Just(Mutation::Duplicate),
        1 => Just(Mutation::Empty),
    ]
}

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    At(usize),
}

fn paths(v: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(prefix.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                prefix.push(Seg::Key(k.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                prefix.push(Seg::At(i));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn at_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::At(i) => v.get_mut(*i),
    })
}

fn apply(value: &mut Value, which: Index, mutation: &Mutation) {
    let v = value;
    let mut all = Vec::new();
    paths(v, &mut Vec::new(), &mut all);
    let path = &all[which.index(all.len())];
    match mutation {
        Mutation::Delete => {
            let Some((last, parent)) = path.split_last() else {
                return;
            };
            match (at_mut(v, parent), last) {
                (Some(Value::Object(o)), Seg::Key(k)) => _ = o.remove(k),
                (Some(Value::Array(a)), Seg::At(i)) if *i < a.len() => _ = a.remove(*i),
                _ => {}
            }
        }
        Mutation::Tweak(scale, shift) => {
            let tweak = |i: i64| i.saturating_mul(*scale).saturating_add(*shift);
            match at_mut(v, path) {
                Some(Value::Number(num)) => {
                    *num = match (num.as_i64(), num.as_f64()) {
                        (Some(i), _) => tweak(i).into(),
                        (None, Some(f)) => {
                            serde_json::Number::from_f64(f * *scale as f64 + *shift as f64)
                                .unwrap_or_else(|| 0.into())
                        }
                        _ => 0.into(),
                    };
                }
                Some(Value::String(text)) => {
                    if let Ok(i) = text.parse::<i64>() {
                        *text = tweak(i).to_string();
                    } else if let Some(secs) =
                        text.strip_suffix('s').and_then(|x| x.parse::<i64>().ok())
                    {
                        *text = format!("{}s", tweak(secs));
                    }
                }
                _ => {}
            }
        }
        Mutation::Replace(new) => {
            if let Some(target) = at_mut(v, path) {
                *target = new.clone();
            }
        }
        Mutation::Duplicate => {
            if let Some(Value::Array(a)) = at_mut(v, path)
                && let Some(first) = a.first().cloned()
            {
                a.push(first);
            }
        }
        Mutation::Empty => match at_mut(v, path) {
            Some(Value::Array(a)) => a.clear(),
            Some(Value::Object(o)) => o.clear(),
            Some(Value::String(s)) => s.clear(),
            _ => {}
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..300)) {
        run_all(&body);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        run_all(value.to_string().as_bytes());
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in any::<Index>(),
        edits in prop::collection::vec((any::<Index>(), mutation()), 1..8),
        cut in any::<Index>(),
    ) {
        let all = fixtures();
        let mut value = all[which.index(all.len())].clone();
        for (at, m) in &edits {
            apply(&mut value, *at, m);
        }
        let text = value.to_string();
        run_all(text.as_bytes());
        // A body cut short (a dropped connection) as well.
        run_all(&text.as_bytes()[..cut.index(text.len() + 1)]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// The same edits applied to every fixture in turn, so each body gets its share.
    #[test]
    fn every_fixture_mutated_never_panics(
        edits in prop::collection::vec((any::<Index>(), mutation()), 1..6),
    ) {
        for original in fixtures() {
            let mut value = original.clone();
            for (at, m) in &edits {
                apply(&mut value, *at, m);
            }
            run_all(value.to_string().as_bytes());
        }
    }
}

#[test]
fn every_fixture_decodes_without_panicking() {
    for f in fixtures() {
        run_all(f.to_string().as_bytes());
    }
}
