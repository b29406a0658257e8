//! `fittui sim takeout`: the file list per era, time conventions (Sydney, a DST day), byte
//! determinism, zip parts, and day values equal to what the Fitbit API serves for the same
//! person (checked over HTTP against a running simulator).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    clippy::float_cmp,
    clippy::many_single_char_names,
    clippy::single_match_else,
    clippy::case_sensitive_file_extension_comparisons
)] // test code: a panic is the failure report

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;

use fittui_sim::scopes::FITBIT_DATA_SCOPES;
use fittui_sim::takeout::{self, Era, Format, MemSink, TakeoutSpec};
use fittui_sim::testkit::{client, get_json, sim_with, url};
use fittui_sim::{Api, RateLimit, SimConfig};
use jiff::civil::{Date, DateTime, date};
use jiff::tz::TimeZone;
use serde_json::Value;

const NOW: &str = "2026-11-21T15:00:00-08:00";

fn spec(era: Era, days: u32, tz: &str, now: &str) -> TakeoutSpec {
    TakeoutSpec {
        era,
        days,
        tz: tz.to_string(),
        now: now.parse().unwrap(),
        heart_every_secs: 1,
        ..TakeoutSpec::default()
    }
}

fn mem(spec: &TakeoutSpec) -> MemSink {
    let mut sink = MemSink::default();
    takeout::build(spec, &mut sink).unwrap();
    sink
}

fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap()
}

/// Files whose basename starts with `prefix` and ends with `suffix`, with their text.
fn family<'a>(sink: &'a MemSink, prefix: &str, suffix: &str) -> Vec<(&'a str, &'a str)> {
    sink.files
        .iter()
        .filter(|(p, _)| base(p).starts_with(prefix) && base(p).ends_with(suffix))
        .map(|(p, b)| (p.as_str(), std::str::from_utf8(b).unwrap()))
        .collect()
}

fn json_rows(text: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// `MM/DD/YY HH:MM:SS` as a civil date-time.
fn mdy(s: &str) -> DateTime {
    let (d, t) = s.split_once(' ').unwrap();
    let p: Vec<i16> = d.split('/').map(|x| x.parse().unwrap()).collect();
    let q: Vec<i8> = t.split(':').map(|x| x.parse().unwrap()).collect();
    date(2000 + p[2], p[0] as i8, p[1] as i8).at(q[0], q[1], q[2], 0)
}

/// Local date of a UTC `MM/DD/YY HH:MM:SS` stamp.
fn local_date(s: &str, tz: &TimeZone) -> Date {
    let utc = jiff::tz::Offset::UTC.to_timestamp(mdy(s)).unwrap();
    utc.to_zoned(tz.clone()).date()
}

fn num(v: &Value) -> f64 {
    match v {
        Value::String(s) => s.parse().unwrap(),
        v => v.as_f64().unwrap(),
    }
}

#[test]
fn file_list_per_era() {
    let mut seen = BTreeMap::new();
    for era in Era::ALL {
        let mut s = spec(era, 40, "America/Los_Angeles", NOW);
        s.heart_every_secs = 300;
        let sink = mem(&s);
        let has = |path: &str| {
            assert!(
                sink.files.contains_key(path),
                "{era}: missing {path}; have e.g. {:?}",
                sink.order.iter().take(5).collect::<Vec<_>>()
            );
        };
        let lacks_prefix = |prefix: &str| {
            assert!(
                !sink.files.keys().any(|p| p.starts_with(prefix)),
                "{era}: unexpected {prefix}"
            );
        };
        // Export days: 2026-10-13 ..= 2026-11-20 (39 days; today 11-21 is left out).
        let g = match era {
            Era::Account2019 => "MyFitbitData/SamRivera/user-site-export".to_string(),
            Era::Account2021 => "MyFitbitData/SamRivera/Physical Activity".to_string(),
            Era::Takeout2024 => "Takeout/Fitbit/Global Export Data".to_string(),
            Era::Takeout2026 => "Takeout/Google Health/Global Export Data".to_string(),
        };
        let sleep_dir = match era {
            Era::Account2021 => "MyFitbitData/SamRivera/Sleep".to_string(),
            _ => g.clone(),
        };
        let weight_dir = match era {
            Era::Account2021 => "MyFitbitData/SamRivera/Personal & Account".to_string(),
            _ => g.clone(),
        };
        has(&format!("{g}/heart_rate-2026-10-13.json"));
        has(&format!("{g}/heart_rate-2026-11-20.json"));
        assert!(
            !sink
                .files
                .contains_key(&format!("{g}/heart_rate-2026-11-21.json"))
        );
        for f in ["steps", "distance", "calories", "altitude"] {
            has(&format!("{g}/{f}-2026-10-13.json"));
            has(&format!("{g}/{f}-2026-11-12.json"));
        }
        for f in [
            "sedentary_minutes",
            "lightly_active_minutes",
            "moderately_active_minutes",
            "very_active_minutes",
        ] {
            has(&format!("{g}/{f}-2026-11-12.json"));
        }
        has(&format!("{g}/resting_heart_rate-2026-03-02.json"));
        has(&format!("{g}/time_in_heart_rate_zones-2026-11-20.json"));
        has(&format!("{g}/exercise-0.json"));
        has(&format!("{g}/demographic_vo2_max-2026-03-02.json"));
        has(&format!("{sleep_dir}/sleep-2026-10-13.json"));
        has(&format!("{sleep_dir}/sleep-2026-11-12.json"));
        has(&format!("{weight_dir}/weight-2026-10-13.json"));
        match era {
            Era::Account2019 | Era::Account2021 => {
                has("MyFitbitData/SamRivera/Personal & Account/Profile.csv");
                lacks_prefix("Takeout/");
            }
            Era::Takeout2024 | Era::Takeout2026 => {
                let r = if era == Era::Takeout2024 {
                    "Takeout/Fitbit"
                } else {
                    "Takeout/Google Health"
                };
                has(&format!("{r}/Your Profile/Profile.csv"));
                has(&format!("{r}/Paired Devices/Trackers.csv"));
                has(&format!("{r}/Sleep Score/sleep_score.csv"));
                has(&format!(
                    "{r}/Heart Rate Variability/Daily Heart Rate Variability Summary - 2026-11-.csv"
                ));
                has(&format!(
                    "{r}/Heart Rate Variability/Daily Heart Rate Variability Summary - 2026-11-(19).csv"
                ));
                has(&format!(
                    "{r}/Heart Rate Variability/Daily Respiratory Rate Summary - 2026-11-20.csv"
                ));
                has(&format!(
                    "{r}/Oxygen Saturation (SpO2)/Minute SpO2 - 2026-11-20.csv"
                ));
                has(&format!(
                    "{r}/Oxygen Saturation (SpO2)/Daily SpO2 - 2026-10-13-2026-11-20.csv"
                ));
                has(&format!(
                    "{r}/Temperature/Computed Temperature - 2026-11-01.csv"
                ));
                has(&format!(
                    "{r}/Active Zone Minutes (AZM)/Active Zone Minutes - 2026-11-01.csv"
                ));
                let gd = format!("{r}/Physical Activity_GoogleData");
                let sub = |f: &str| {
                    if era == Era::Takeout2026 {
                        format!("{gd}/{f}/")
                    } else {
                        format!("{gd}/")
                    }
                };
                has(&format!("{}heart_rate_2026-11-20.csv", sub("heart_rate")));
                has(&format!("{}steps_2026-11-01.csv", sub("steps")));
                has(&format!("{}distance_2026-11-01.csv", sub("distance")));
                has(&format!("{}floors_2026-11-01.csv", sub("floors")));
                has(&format!("{}body_fat_2026-11-01.csv", sub("body_fat")));
                has(&format!("{}weight.csv", sub("weight")));
                for f in [
                    "daily_resting_heart_rate",
                    "daily_heart_rate_variability",
                    "daily_respiratory_rate",
                    "daily_oxygen_saturation",
                ] {
                    has(&format!("{}{f}.csv", sub(f)));
                }
                let steps = std::str::from_utf8(
                    &sink.files[&format!("{}steps_2026-11-01.csv", sub("steps"))],
                )
                .unwrap();
                let header = steps.lines().next().unwrap();
                if era == Era::Takeout2026 {
                    assert_eq!(header, "timestamp,steps,data source");
                    has(&format!("{r}/Biometrics/Glucose 2611.csv"));
                    assert_eq!(
                        sink.files[&format!("{r}/Biometrics/Glucose 2611.csv")],
                        b"no data"
                    );
                    let big = format!(
                        "{r}/Health Fitness Data_GoogleData/UserActivityProbabilities_2026-10-13.csv"
                    );
                    has(&big);
                    assert!(sink.files[&big].len() >= 300 * 1024);
                } else {
                    assert_eq!(header, "timestamp,steps");
                    lacks_prefix("Takeout/Google Health");
                }
                lacks_prefix("MyFitbitData/");
            }
        }
        if era == Era::Account2019 {
            assert!(
                !sink
                    .files
                    .keys()
                    .any(|p| p.ends_with(".csv") && !p.ends_with("Profile.csv")),
                "account-2019 has no category CSVs"
            );
        }
        seen.insert(era, sink.files.len());
    }
    assert!(seen[&Era::Takeout2026] > seen[&Era::Takeout2024]);
    assert!(seen[&Era::Takeout2024] > seen[&Era::Account2019]);
}

#[test]
fn name_flag_names_the_account_folder() {
    let mut s = spec(Era::Account2019, 3, "America/Los_Angeles", NOW);
    s.name = Some("Ada Lovelace".into());
    s.heart_every_secs = 600;
    let sink = mem(&s);
    assert!(
        sink.files
            .keys()
            .all(|p| p.starts_with("MyFitbitData/AdaLovelace/")),
        "{:?}",
        sink.order
    );
    let profile =
        std::str::from_utf8(&sink.files["MyFitbitData/AdaLovelace/Personal & Account/Profile.csv"])
            .unwrap();
    let row = profile.lines().nth(1).unwrap();
    assert!(row.contains(",Ada Lovelace,Ada,Lovelace,"), "{row}");
    assert!(row.contains(",America/Los_Angeles,"), "{row}");
}

#[test]
fn sydney_files_start_on_the_previous_utc_day() {
    let s = spec(
        Era::Takeout2026,
        4,
        "Australia/Sydney",
        "2026-11-21T12:00:00+11:00",
    );
    let sink = mem(&s);
    let (_, text) = family(&sink, "heart_rate-2026-11-20", ".json")[0];
    let rows = json_rows(text);
    let first = rows[0]["dateTime"].as_str().unwrap();
    assert!(first.starts_with("11/19/26 13:00:"), "{first}");
    let last = rows.last().unwrap()["dateTime"].as_str().unwrap();
    assert!(last.starts_with("11/20/26 12:59:"), "{last}");
    assert!(rows[0]["value"]["bpm"].as_u64().unwrap() > 30);
    // The steps chunk starts with the first export day's local midnight, in UTC.
    let (_, steps) = family(&sink, "calories-2026-11-18", ".json")[0];
    let rows = json_rows(steps);
    assert_eq!(rows[0]["dateTime"], "11/17/26 13:00:00");
    assert!(rows[0]["value"].is_string());
    // Daily rows are local labels.
    let (_, sed) = family(&sink, "sedentary_minutes-2026-11-18", ".json")[0];
    assert_eq!(json_rows(sed)[0]["dateTime"], "11/18/26 00:00:00");
}

#[test]
fn fall_back_day_has_a_25_hour_file() {
    let s = spec(
        Era::Takeout2026,
        6,
        "America/Los_Angeles",
        "2026-11-03T12:00:00-08:00",
    );
    let sink = mem(&s);
    let (_, text) = family(&sink, "heart_rate-2026-11-01", ".json")[0];
    let rows = json_rows(text);
    let first = mdy(rows[0]["dateTime"].as_str().unwrap());
    let last = mdy(rows.last().unwrap()["dateTime"].as_str().unwrap());
    // PDT midnight is 07:00 UTC; the next (PST) midnight is 08:00 UTC.
    assert!(first >= date(2026, 11, 1).at(7, 0, 0, 0), "{first}");
    assert!(last < date(2026, 11, 2).at(8, 0, 0, 0), "{last}");
    assert!(
        last.duration_since(first).as_hours() >= 24,
        "{first} → {last}"
    );
    // 1500 calorie minutes on that day, 1440 on the day before.
    let tz = TimeZone::get("America/Los_Angeles").unwrap();
    let (_, cal) = family(&sink, "calories-", ".json")[0];
    let mut per_day: BTreeMap<Date, usize> = BTreeMap::new();
    for r in json_rows(cal) {
        *per_day
            .entry(local_date(r["dateTime"].as_str().unwrap(), &tz))
            .or_default() += 1;
    }
    assert_eq!(per_day[&date(2026, 11, 1)], 1500);
    assert_eq!(per_day[&date(2026, 10, 31)], 1440);
}

#[test]
fn spring_forward_day_has_a_23_hour_file() {
    let s = spec(
        Era::Account2019,
        5,
        "America/Los_Angeles",
        "2026-03-10T12:00:00-07:00",
    );
    let sink = mem(&s);
    let (_, text) = family(&sink, "heart_rate-2026-03-08", ".json")[0];
    let rows = json_rows(text);
    let first = mdy(rows[0]["dateTime"].as_str().unwrap());
    let last = mdy(rows.last().unwrap()["dateTime"].as_str().unwrap());
    // PST midnight is 08:00 UTC; the next (PDT) midnight is 07:00 UTC.
    assert!(first >= date(2026, 3, 8).at(8, 0, 0, 0), "{first}");
    assert!(last < date(2026, 3, 9).at(7, 0, 0, 0), "{last}");
    let tz = TimeZone::get("America/Los_Angeles").unwrap();
    let (_, cal) = family(&sink, "calories-", ".json")[0];
    let n = json_rows(cal)
        .iter()
        .filter(|r| local_date(r["dateTime"].as_str().unwrap(), &tz) == date(2026, 3, 8))
        .count();
    assert_eq!(n, 1380);
}

#[test]
fn sleep_chunks_share_the_boundary_log() {
    // 41 days: chunks 10-12..11-10 and 11-11..11-20 (not 11-12, the night not worn).
    let mut s = spec(Era::Takeout2024, 41, "America/Los_Angeles", NOW);
    s.heart_every_secs = 3600;
    let sink = mem(&s);
    let files = family(&sink, "sleep-", ".json");
    assert_eq!(files.len(), 2);
    let ids = |text: &str| -> BTreeSet<u64> {
        json_rows(text)
            .iter()
            .map(|r| r["logId"].as_u64().unwrap())
            .collect()
    };
    let (older, newer) = (ids(files[0].1), ids(files[1].1));
    let shared: Vec<_> = older.intersection(&newer).collect();
    assert!(!shared.is_empty(), "the boundary day is in both files");
    let boundary = json_rows(files[0].1)[0]["dateOfSleep"].clone();
    assert_eq!(
        boundary, "2026-11-11",
        "newest first, up to the next chunk's first day"
    );
}

fn zip_entries(path: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        assert!(out.insert(f.name().to_string(), buf).is_none());
    }
    out
}

#[test]
fn same_seed_same_bytes_and_parts_merge_to_the_whole() {
    let dir = std::env::temp_dir().join(format!("fittui-takeout-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut s = spec(Era::Takeout2026, 4, "America/Los_Angeles", NOW);
    s.heart_every_secs = 5;
    let a = dir.join("a/export.zip");
    let b = dir.join("b/export.zip");
    let sa = takeout::write(&s, &a).unwrap();
    let sb = takeout::write(&s, &b).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(sa.files, sb.files);
    assert_eq!(sa.days, 3);
    assert_eq!(sa.era, "takeout-2026");
    let whole = zip_entries(&a);
    assert_eq!(whole.len(), sa.files);
    // The big non-health entry is stored, not deflated.
    {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&a).unwrap()).unwrap();
        let name = whole
            .keys()
            .find(|k| k.contains("UserActivityProbabilities"))
            .unwrap()
            .clone();
        let stored = z.by_name(&name).unwrap().compression();
        assert_eq!(stored, zip::CompressionMethod::Stored);
        let g = z.by_index(0).unwrap().compression();
        assert_eq!(g, zip::CompressionMethod::Deflated);
    }
    // Same files as in memory.
    let sink = mem(&s);
    assert_eq!(
        whole.keys().collect::<Vec<_>>(),
        sink.files.keys().collect::<Vec<_>>()
    );
    // Three parts: standalone zips next to --out, merging to the same file set.
    let mut p = s.clone();
    p.parts = 3;
    let parts = takeout::write(&p, &dir.join("c/export.zip")).unwrap();
    assert_eq!(
        parts.out,
        (1..=3)
            .map(|i| dir
                .join(format!("c/takeout-20261121T230000Z-00{i}.zip"))
                .display()
                .to_string())
            .collect::<Vec<_>>()
    );
    let mut merged = BTreeMap::new();
    let mut steps_parts = BTreeSet::new();
    for (i, part) in parts.out.iter().enumerate() {
        for (k, v) in zip_entries(std::path::Path::new(part)) {
            if base(&k).starts_with("heart_rate-") {
                steps_parts.insert(i);
            }
            assert!(merged.insert(k, v).is_none());
        }
    }
    assert_eq!(merged, whole);
    assert!(steps_parts.len() > 1, "one family spans parts");
    // tgz and directory outputs hold the same files.
    let t = takeout::write(&s, &dir.join("d/export.tgz")).unwrap();
    let t2 = takeout::write(&s, &dir.join("d2/export.tar.gz")).unwrap();
    assert_eq!(
        std::fs::read(&t.out[0]).unwrap(),
        std::fs::read(&t2.out[0]).unwrap(),
        "tgz bytes are deterministic too"
    );
    let mut ar = tar::Archive::new(flate2::read::GzDecoder::new(
        std::fs::File::open(&t.out[0]).unwrap(),
    ));
    let mut tar_files = BTreeMap::new();
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().to_string_lossy().into_owned();
        let mut buf = Vec::new();
        e.read_to_end(&mut buf).unwrap();
        tar_files.insert(name, buf);
    }
    assert_eq!(tar_files, whole);
    let mut ds = s.clone();
    ds.format = Some(Format::Dir);
    let d = takeout::write(&ds, &dir.join("e")).unwrap();
    assert_eq!(d.files, whole.len());
    let profile = dir.join("e/Takeout/Google Health/Your Profile/Profile.csv");
    assert!(profile.is_file());
    // Errors: an unwritable path, parts of a directory, an unknown extension.
    assert!(takeout::write(&s, &profile.join("x.zip")).is_err());
    let mut bad = ds.clone();
    bad.parts = 2;
    assert!(takeout::write(&bad, &dir.join("f")).is_err());
    assert!(takeout::write(&s, &dir.join("g.txt")).is_err());
    assert!("takeout-1999".parse::<Era>().is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A tiny importer: day values from the export, as an importer following the reference
/// derives them.
#[derive(Debug, Default)]
struct Imported {
    steps: BTreeMap<Date, u64>,
    distance_cm: BTreeMap<Date, f64>,
    calories: BTreeMap<Date, f64>,
    floors: BTreeMap<Date, u64>,
    active: BTreeMap<(&'static str, Date), u64>,
    rhr: BTreeMap<Date, f64>,
    zones: BTreeMap<Date, [u64; 4]>,
    sleep: BTreeMap<u64, Value>,
    weight_lb: BTreeMap<Date, f64>,
    azm: BTreeMap<Date, u64>,
    hrv: BTreeMap<Date, f64>,
    spo2: BTreeMap<Date, (f64, f64, f64)>,
    br: BTreeMap<Date, f64>,
    temp: BTreeMap<Date, f64>,
    csv_steps: BTreeMap<Date, u64>,
    csv_distance_m: BTreeMap<Date, f64>,
    csv_rhr: BTreeMap<Date, f64>,
}

fn import(sink: &MemSink, tz: &TimeZone) -> Imported {
    let mut out = Imported::default();
    let mut seen_minutes = BTreeSet::new();
    for (fam, _) in [
        ("steps-", 0),
        ("distance-", 1),
        ("calories-", 2),
        ("altitude-", 3),
    ] {
        for (_, text) in family(sink, fam, ".json") {
            for r in json_rows(text) {
                let stamp = r["dateTime"].as_str().unwrap();
                assert!(
                    seen_minutes.insert((fam, stamp.to_string())),
                    "duplicate {stamp}"
                );
                let d = local_date(stamp, tz);
                let v = num(&r["value"]);
                match fam {
                    "steps-" => *out.steps.entry(d).or_default() += v as u64,
                    "distance-" => *out.distance_cm.entry(d).or_default() += v,
                    "calories-" => *out.calories.entry(d).or_default() += v,
                    _ => *out.floors.entry(d).or_default() += v as u64 / 10,
                }
            }
        }
    }
    for fam in [
        "sedentary_minutes",
        "lightly_active_minutes",
        "moderately_active_minutes",
        "very_active_minutes",
    ] {
        for (_, text) in family(sink, &format!("{fam}-"), ".json") {
            for r in json_rows(text) {
                let d = mdy(r["dateTime"].as_str().unwrap()).date();
                out.active.insert((fam, d), num(&r["value"]) as u64);
            }
        }
    }
    for (_, text) in family(sink, "resting_heart_rate-", ".json") {
        for r in json_rows(text) {
            if r["value"]["date"].is_null() {
                assert_eq!(r["value"]["value"], 0.0);
                continue;
            }
            let d = mdy(r["dateTime"].as_str().unwrap()).date();
            out.rhr.insert(d, num(&r["value"]["value"]));
        }
    }
    for (_, text) in family(sink, "time_in_heart_rate_zones-", ".json") {
        for r in json_rows(text) {
            let d = mdy(r["dateTime"].as_str().unwrap()).date();
            let z = &r["value"]["valuesInZones"];
            out.zones.insert(
                d,
                [
                    "BELOW_DEFAULT_ZONE_1",
                    "IN_DEFAULT_ZONE_1",
                    "IN_DEFAULT_ZONE_2",
                    "IN_DEFAULT_ZONE_3",
                ]
                .map(|k| num(&z[k]) as u64),
            );
        }
    }
    let mut sleep_files: Vec<_> = family(sink, "sleep-", ".json");
    sleep_files.sort_unstable();
    for (_, text) in sleep_files {
        let rows = json_rows(text);
        let ends: Vec<&str> = rows
            .iter()
            .map(|r| r["endTime"].as_str().unwrap())
            .collect();
        let mut sorted = ends.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(ends, sorted, "newest first");
        for r in rows {
            out.sleep.insert(r["logId"].as_u64().unwrap(), r);
        }
    }
    for (_, text) in family(sink, "weight-", ".json") {
        for r in json_rows(text) {
            let d = mdy(&format!("{} 00:00:00", r["date"].as_str().unwrap())).date();
            let time = r["time"].as_str().unwrap();
            let local = mdy(&format!("{} {time}", r["date"].as_str().unwrap()));
            let ms = jiff::tz::Offset::UTC
                .to_timestamp(local)
                .unwrap()
                .as_millisecond();
            assert_eq!(
                r["logId"].as_i64().unwrap(),
                ms,
                "logId = date+time read as UTC"
            );
            out.weight_lb.insert(d, num(&r["weight"]));
        }
    }
    for (_, text) in family(sink, "Active Zone Minutes - ", ".csv") {
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split(',').collect();
            let d: Date = c[0][..10].parse().unwrap();
            *out.azm.entry(d).or_default() += c[2].parse::<u64>().unwrap();
        }
    }
    for (_, text) in family(sink, "Daily Heart Rate Variability Summary - ", ".csv") {
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split(',').collect();
            out.hrv
                .insert(c[0][..10].parse().unwrap(), c[1].parse().unwrap());
        }
    }
    for (_, text) in family(sink, "Daily SpO2 - ", ".csv") {
        for line in text.lines().skip(1) {
            let c: Vec<f64> = line
                .split(',')
                .skip(1)
                .map(|x| x.parse().unwrap())
                .collect();
            out.spo2
                .insert(line[..10].parse().unwrap(), (c[0], c[1], c[2]));
        }
    }
    for (_, text) in family(sink, "Daily Respiratory Rate Summary - ", ".csv") {
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split(',').collect();
            out.br
                .insert(c[0][..10].parse().unwrap(), c[1].parse().unwrap());
        }
    }
    for (_, text) in family(sink, "Computed Temperature - ", ".csv") {
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split(',').collect();
            if c[5] == "NaN" {
                continue;
            }
            // Filed under the date the sleep ended.
            let d: Date = c[2][..10].parse().unwrap();
            let mean = c[5].parse::<f64>().unwrap() / c[3].parse::<f64>().unwrap();
            out.temp.insert(d, (mean * 100.0).round() / 100.0);
        }
    }
    let utc_local = |stamp: &str| {
        stamp
            .parse::<jiff::Timestamp>()
            .unwrap()
            .to_zoned(tz.clone())
            .date()
    };
    for (_, text) in family(sink, "steps_", ".csv") {
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split(',').collect();
            *out.csv_steps.entry(utc_local(c[0])).or_default() += c[1].parse::<u64>().unwrap();
        }
    }
    for (_, text) in family(sink, "distance_", ".csv") {
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split(',').collect();
            *out.csv_distance_m.entry(utc_local(c[0])).or_default() += c[1].parse::<f64>().unwrap();
        }
    }
    for (_, text) in family(sink, "daily_resting_heart_rate", ".csv") {
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split(',').collect();
            assert!(c[0].ends_with("T00:00:00Z"));
            out.csv_rhr
                .insert(c[0][..10].parse().unwrap(), c[1].parse().unwrap());
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn day_values_equal_the_fitbit_api() {
    let days = 40;
    let tz_name = "America/Los_Angeles";
    let tz = TimeZone::get(tz_name).unwrap();
    let mut config = SimConfig::new(Api::Fitbit).days(days).time_zone(tz_name);
    config.rate_limit = Some(RateLimit::Unlimited);
    let (sim, _clock) = sim_with(config, NOW).await;
    let token = sim.grant_tokens(FITBIT_DATA_SCOPES).access_token;
    let http = client();
    let get = |path: String| {
        let http = http.clone();
        let token = token.clone();
        let u = url(&sim, &path);
        async move { get_json(&http, &u, &token).await }
    };

    let mut s = spec(Era::Takeout2026, days, tz_name, NOW);
    s.heart_every_secs = 60;
    let sink = mem(&s);
    let got = import(&sink, &tz);
    let first = date(2026, 10, 13);
    let last = date(2026, 11, 20);
    let range = format!("{first}/{last}");
    let dates: Vec<Date> = (0..39).map(|i| first + jiff::Span::new().days(i)).collect();

    let series = |v: &Value, key: &str| -> BTreeMap<Date, String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["dateTime"].as_str().unwrap().parse().unwrap(),
                    r["value"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let steps = series(
        &get(format!("/1/user/-/activities/steps/date/{range}.json")).await,
        "activities-steps",
    );
    let distance = series(
        &get(format!("/1/user/-/activities/distance/date/{range}.json")).await,
        "activities-distance",
    );
    let calories = series(
        &get(format!("/1/user/-/activities/calories/date/{range}.json")).await,
        "activities-calories",
    );
    let floors = series(
        &get(format!("/1/user/-/activities/floors/date/{range}.json")).await,
        "activities-floors",
    );
    let mut checked_steps = 0;
    for d in &dates {
        assert_eq!(
            got.steps.get(d).copied().unwrap_or(0).to_string(),
            steps[d],
            "steps {d}"
        );
        if steps[d] != "0" {
            checked_steps += 1;
        }
        assert_eq!(
            got.csv_steps.get(d).copied().unwrap_or(0).to_string(),
            steps[d],
            "GoogleData steps {d}"
        );
        let km: f64 = distance[d].parse().unwrap();
        let cm = got.distance_cm.get(d).copied().unwrap_or(0.0);
        assert!(
            (cm / 100_000.0 - km).abs() < 1e-9,
            "distance {d}: {cm} cm vs {km} km"
        );
        let m = got.csv_distance_m.get(d).copied().unwrap_or(0.0);
        assert!((m / 1000.0 - km).abs() < 1e-9, "GoogleData distance {d}");
        assert_eq!(
            (got.calories[d].round() as i64).to_string(),
            calories[d],
            "calories {d}"
        );
        assert_eq!(
            got.floors.get(d).copied().unwrap_or(0).to_string(),
            floors[d],
            "floors {d}"
        );
    }
    assert!(checked_steps >= 37, "only the not-worn day has no steps");
    for (fam, res) in [
        ("sedentary_minutes", "minutesSedentary"),
        ("lightly_active_minutes", "minutesLightlyActive"),
        ("moderately_active_minutes", "minutesFairlyActive"),
        ("very_active_minutes", "minutesVeryActive"),
    ] {
        let api = series(
            &get(format!("/1/user/-/activities/{res}/date/{range}.json")).await,
            &format!("activities-{res}"),
        );
        for d in &dates {
            assert_eq!(got.active[&(fam, *d)].to_string(), api[d], "{fam} {d}");
        }
        // The newest chunk is padded into the future.
        assert!(got.active.contains_key(&(fam, date(2026, 12, 11))));
    }

    let heart = get(format!("/1/user/-/activities/heart/date/{range}.json")).await;
    for item in heart["activities-heart"].as_array().unwrap() {
        let d: Date = item["dateTime"].as_str().unwrap().parse().unwrap();
        let v = &item["value"];
        match v["restingHeartRate"].as_f64() {
            Some(rhr) => {
                assert_eq!(got.rhr[&d], rhr, "resting HR {d}");
                assert_eq!(got.csv_rhr[&d], rhr, "GoogleData resting HR {d}");
                let zones: Vec<u64> = v["heartRateZones"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|z| z["minutes"].as_u64().unwrap())
                    .collect();
                assert_eq!(got.zones[&d].to_vec(), zones, "zones {d}");
            }
            None => {
                assert!(!got.rhr.contains_key(&d), "no resting HR on {d}");
                assert!(!got.zones.contains_key(&d));
            }
        }
    }
    assert!(got.rhr.len() >= 37);

    let azm = get(format!(
        "/1/user/-/activities/active-zone-minutes/date/{range}.json"
    ))
    .await;
    let api_azm: BTreeMap<Date, u64> = azm["activities-active-zone-minutes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["dateTime"].as_str().unwrap().parse().unwrap(),
                r["value"]["activeZoneMinutes"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(api_azm.len() > 20);
    assert_eq!(got.azm, api_azm, "AZM per day");

    let sleep = get(format!("/1.2/user/-/sleep/date/{range}.json")).await;
    let api_logs = sleep["sleep"].as_array().unwrap();
    assert_eq!(got.sleep.len(), api_logs.len(), "same sleep logs");
    for log in api_logs {
        let id = log["logId"].as_u64().unwrap();
        let mine = &got.sleep[&id];
        for k in [
            "dateOfSleep",
            "startTime",
            "endTime",
            "minutesAsleep",
            "minutesAwake",
            "timeInBed",
            "type",
        ] {
            assert_eq!(mine[k], log[k], "sleep {id} {k}");
        }
        assert_eq!(mine["mainSleep"], log["isMainSleep"]);
        assert_eq!(
            mine["levels"]["summary"], log["levels"]["summary"],
            "stages {id}"
        );
    }
    assert!(got.sleep.values().any(|l| l["type"] == "classic"));

    let mut api_weight = BTreeMap::new();
    for (a, b) in [(first, date(2026, 11, 11)), (date(2026, 11, 12), last)] {
        let r = fittui_sim::testkit::send_json::<Value>(
            http.get(url(
                &sim,
                &format!("/1/user/-/body/log/weight/date/{a}/{b}.json"),
            ))
            .bearer_auth(&token)
            .header("Accept-Language", "en_US"),
        )
        .await;
        for w in r["weight"].as_array().unwrap() {
            api_weight.insert(
                w["date"].as_str().unwrap().parse::<Date>().unwrap(),
                w["weight"].as_f64().unwrap(),
            );
        }
    }
    assert!(api_weight.len() > 20);
    assert_eq!(got.weight_lb, api_weight, "weigh-ins in pounds");

    let mut api_hrv = BTreeMap::new();
    let mut api_br = BTreeMap::new();
    let mut api_temp = BTreeMap::new();
    let mut api_spo2 = BTreeMap::new();
    for (a, b) in [(first, date(2026, 11, 11)), (date(2026, 11, 12), last)] {
        let hrv = get(format!("/1/user/-/hrv/date/{a}/{b}.json")).await;
        for r in hrv["hrv"].as_array().unwrap() {
            api_hrv.insert(
                r["dateTime"].as_str().unwrap().parse::<Date>().unwrap(),
                r["value"]["dailyRmssd"].as_f64().unwrap(),
            );
        }
        let br = get(format!("/1/user/-/br/date/{a}/{b}.json")).await;
        for r in br["br"].as_array().unwrap() {
            api_br.insert(
                r["dateTime"].as_str().unwrap().parse::<Date>().unwrap(),
                r["value"]["breathingRate"].as_f64().unwrap(),
            );
        }
        let t = get(format!("/1/user/-/temp/skin/date/{a}/{b}.json")).await;
        for r in t["tempSkin"].as_array().unwrap() {
            api_temp.insert(
                r["dateTime"].as_str().unwrap().parse::<Date>().unwrap(),
                r["value"]["nightlyRelative"].as_f64().unwrap(),
            );
        }
        let o = get(format!("/1/user/-/spo2/date/{a}/{b}.json")).await;
        for r in o.as_array().unwrap() {
            let v = &r["value"];
            api_spo2.insert(
                r["dateTime"].as_str().unwrap().parse::<Date>().unwrap(),
                (
                    v["avg"].as_f64().unwrap(),
                    v["min"].as_f64().unwrap(),
                    v["max"].as_f64().unwrap(),
                ),
            );
        }
    }
    assert!(api_hrv.len() > 30);
    assert_eq!(got.hrv, api_hrv, "HRV");
    assert_eq!(got.br, api_br, "breathing rate");
    assert_eq!(got.temp, api_temp, "skin temperature delta");
    assert_eq!(got.spo2, api_spo2, "SpO2 avg/min/max");
    sim.shutdown().await;
}

#[test]
fn minute_spo2_has_sentinels_and_resting_hr_is_padded() {
    let mut s = spec(Era::Takeout2026, 20, "America/Los_Angeles", NOW);
    s.heart_every_secs = 600;
    let sink = mem(&s);
    let (_, text) = family(&sink, "Minute SpO2 - 2026-11-20", ".csv")[0];
    let values: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    let sentinels = values.iter().filter(|v| **v == "50.0").count();
    assert!(
        sentinels * 12 > values.len() && sentinels * 4 < values.len(),
        "{sentinels}"
    );
    let (_, rhr) = family(&sink, "resting_heart_rate-2026-03-02", ".json")[0];
    let rows = json_rows(rhr);
    assert_eq!(rows.len(), 365);
    assert_eq!(rows.last().unwrap()["dateTime"], "03/01/27 00:00:00");
    assert!(rows.last().unwrap()["value"]["date"].is_null());
    let with: Vec<&Value> = rows
        .iter()
        .filter(|r| !r["value"]["date"].is_null())
        .collect();
    assert_eq!(with[0]["value"]["error"], 100.0);
    // Computed temperature: NaN baselines before the window only.
    let (_, temp) = family(&sink, "Computed Temperature - 2026-10-01", ".csv")[0];
    assert!(temp.contains(",NaN,NaN,NaN,NaN"), "{temp}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn day_values_equal_the_google_api() {
    let days = 40;
    let tz_name = "America/Los_Angeles";
    let tz = TimeZone::get(tz_name).unwrap();
    let mut config = SimConfig::new(Api::Google)
        .published()
        .days(days)
        .time_zone(tz_name);
    config.rate_limit = Some(RateLimit::Unlimited);
    let (sim, _clock) = sim_with(config, NOW).await;
    let token = sim
        .grant_tokens(fittui_sim::scopes::GOOGLE_DATA_SCOPES)
        .access_token;
    let http = client();

    let mut s = spec(Era::Takeout2024, days, tz_name, NOW);
    s.heart_every_secs = 60;
    let got = import(&mem(&s), &tz);
    // Windows of at most 14 days (the cap for total-calories), end exclusive.
    let windows = [
        ((10, 13), (10, 26)),
        ((10, 26), (11, 8)),
        ((11, 8), (11, 21)),
    ];
    let mut checked = 0;
    for (id, key, field) in [
        ("steps", "steps", "countSum"),
        ("distance", "distance", "millimetersSum"),
        ("floors", "floors", "countSum"),
        ("total-calories", "totalCalories", "kcalSum"),
    ] {
        let mut points = Vec::new();
        for ((m0, d0), (m1, d1)) in windows {
            let body = serde_json::json!({"range": {
                "start": {"date": {"year": 2026, "month": m0, "day": d0}},
                "end": {"date": {"year": 2026, "month": m1, "day": d1}}}});
            let r: Value = fittui_sim::testkit::send_json(
                http.post(url(
                    &sim,
                    &format!("/users/me/dataTypes/{id}/dataPoints:dailyRollUp"),
                ))
                .bearer_auth(&token)
                .json(&body),
            )
            .await;
            points.extend(
                r["rollupDataPoints"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{r}"))
                    .iter()
                    .cloned(),
            );
        }
        assert!(points.len() >= 37, "{id}: {}", points.len());
        for p in &points {
            let d = &p["civilStartTime"]["date"];
            let day = date(
                d["year"].as_i64().unwrap() as i16,
                d["month"].as_i64().unwrap() as i8,
                d["day"].as_i64().unwrap() as i8,
            );
            let v = p[key].get(field).map_or(0.0, num);
            let mine = match id {
                "steps" => got.steps.get(&day).copied().unwrap_or(0) as f64,
                "distance" => got.distance_cm.get(&day).copied().unwrap_or(0.0) * 10.0,
                "floors" => got.floors.get(&day).copied().unwrap_or(0) as f64,
                _ => got.calories[&day],
            };
            assert!(
                (mine - v).abs() < 1e-6,
                "{id} {day}: export {mine}, Google {v}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 4 * 37);
    sim.shutdown().await;
}

#[test]
fn a_one_day_window_exports_no_days_but_the_account_files() {
    for era in Era::ALL {
        let s = spec(era, 1, "Europe/London", NOW);
        let mut sink = MemSink::default();
        assert_eq!(takeout::build(&s, &mut sink).unwrap(), 0);
        assert!(
            sink.files.keys().any(|p| p.ends_with("/Profile.csv")),
            "{era}"
        );
        assert!(
            !sink.files.keys().any(|p| base(p).starts_with("heart_rate")),
            "{era}: {:?}",
            sink.order
        );
    }
}
