//! The local store (`fittui::store`): exact round-trips of every domain type, trends
//! rebuilt from stored days, accounts kept apart, a newer schema refused without a byte
//! changed, the committed v1 fixture, concurrent writers and a writer killed mid-write.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

#[path = "../examples/common/store_writer_day.rs"]
mod writer_day;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use fittui::api::{ApiError, AuthProblem, ProviderKind};
use fittui::domain::DailyValue;
use fittui::domain::account::Account;
use fittui::domain::activity::{ActivitySummary, Azm, DayActivity, GoalSource, Goals, HourlySteps};
use fittui::domain::alarm::{Alarm, AlarmTime, TrackerAlarms, Weekdays};
use fittui::domain::device::{AlarmSupport, BatteryLevel, Device, DeviceKind};
use fittui::domain::ecg::{EcgClassification, EcgReading};
use fittui::domain::gap::Gap;
use fittui::domain::heart::{
    HeartDay, HeartSeriesBuilder, Hrv, Resolution, ZoneMinutes, ZoneThresholds,
};
use fittui::domain::sleep::{
    SleepDay, SleepKind, SleepLevel, SleepSegment, SleepSession, Spo2, StageTotal,
};
use fittui::domain::units::{TemperatureUnit, UnitSystem};
use fittui::domain::weight::WeighIn;
use fittui::store::{AccountKey, FetchMeta, SCHEMA_VERSION, Store, StoreError};
use jiff::civil::{Date, date};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn key(provider: ProviderKind, user: &str) -> AccountKey {
    AccountKey {
        provider: provider.into(),
        user_id: user.into(),
    }
}

fn fitbit() -> AccountKey {
    key(ProviderKind::Fitbit, "GGNJL9")
}

fn meta(at: &str) -> FetchMeta {
    FetchMeta {
        fetched_at: ts(at),
        complete: true,
    }
}

fn la() -> TimeZone {
    TimeZone::get("America/Los_Angeles").unwrap()
}

fn account() -> Account {
    Account {
        user_id: "GGNJL9".into(),
        display_name: Some("Ada L.".into()),
        time_zone_name: "America/Los_Angeles".into(),
        time_zone: la(),
        units: UnitSystem::Imperial,
        temperature_unit: TemperatureUnit::Fahrenheit,
        clock_12h: Some(true),
        member_since: Some(date(2019, 3, 14)),
        assumed: None,
    }
}

/// A worn day in Los Angeles with every field set, hourly steps and both kinds of gap.
fn activity(d: Date, steps: u32) -> DayActivity {
    let start = d.to_zoned(la()).unwrap().timestamp();
    DayActivity {
        date: d,
        summary: Some(ActivitySummary {
            steps,
            distance_m: f64::from(steps) * 0.762_3,
            calories_kcal: Some(2_345.6),
            floors: Some(12),
            active_minutes: None,
            azm: Some(Azm {
                fat_burn: 10,
                cardio: 8,
                peak: 2,
            }),
        }),
        hourly_steps: (0..24)
            .map(|h| HourlySteps {
                start: start + SignedDuration::from_hours(h),
                steps: u32::try_from(h * 37).unwrap(),
            })
            .collect(),
        week_steps: Vec::new(),
        goals: Some(Goals {
            steps: Some(10_000),
            distance_m: Some(8_046.72),
            calories_kcal: None,
            floors: Some(10),
            active_minutes: Some(30),
            azm: Some(22),
            source: GoalSource::Provider,
        }),
        gaps: vec![Gap::not_granted(
            "Active Zone Minutes",
            "Active Zone Minutes",
        )],
    }
}

fn empty_activity(d: Date) -> DayActivity {
    DayActivity {
        date: d,
        summary: None,
        hourly_steps: Vec::new(),
        week_steps: Vec::new(),
        goals: None,
        gaps: Vec::new(),
    }
}

fn heart(d: Date) -> HeartDay {
    let start = d.to_zoned(la()).unwrap().timestamp();
    let end = d.tomorrow().unwrap().to_zoned(la()).unwrap().timestamp();
    let mut b = HeartSeriesBuilder::new(start, end, Resolution::Second);
    for s in (0..3_600).step_by(7) {
        b.push(
            start + SignedDuration::from_secs(s),
            60 + u16::try_from(s % 41).unwrap(),
        );
    }
    HeartDay {
        date: d,
        intraday: b.finish(),
        resting_bpm: Some(58),
        zones: Some(ZoneThresholds {
            fat_burn: 98,
            cardio: 120,
            peak: 150,
            light: None,
        }),
        time_in_zones: Some(ZoneMinutes {
            below: 1_300,
            fat_burn: 100,
            cardio: 30,
            peak: 10,
        }),
        resting_trend: Vec::new(),
        hrv: Some(Hrv {
            daily_rmssd_ms: 41.25,
            deep_rmssd_ms: None,
        }),
        hrv_trend: Vec::new(),
        ecg: Some(vec![
            EcgReading {
                start: start + SignedDuration::from_millis(36_000_123),
                classification: EcgClassification::NormalSinusRhythm,
                classification_text: "Normal Sinus Rhythm".into(),
                average_hr: Some(64),
                sampling_hz: 250.0,
                scaling_factor: 10_922.0,
                samples: (0..7_500).map(|i| (i * 7919) % 20_000 - 10_000).collect(),
                lead: Some(1),
                device: Some("Sense".into()),
            },
            EcgReading {
                start: start + SignedDuration::from_hours(20),
                classification: EcgClassification::Other("Something new".into()),
                classification_text: "Something new".into(),
                average_hr: None,
                sampling_hz: 300.0,
                scaling_factor: 0.0,
                samples: vec![i32::MIN, -1, 0, 1, i32::MAX],
                lead: None,
                device: None,
            },
        ]),
        vo2_max: None,
        gaps: vec![Gap::failed(
            "HRV",
            ApiError::Server {
                status: 503,
                message: "backend unavailable".into(),
            },
        )],
    }
}

fn segment(start: Timestamp, minutes: i64, level: SleepLevel) -> SleepSegment {
    SleepSegment {
        start: start + SignedDuration::from_mins(minutes),
        seconds: 1_800,
        level,
    }
}

fn sleep(d: Date) -> SleepDay {
    let night = d.to_zoned(la()).unwrap().timestamp() - SignedDuration::from_hours(1);
    let nap = night + SignedDuration::from_hours(15);
    SleepDay {
        date: d,
        sessions: vec![
            SleepSession {
                id: "41234567890".into(),
                start: night,
                end: night + SignedDuration::from_hours(8),
                is_main: true,
                kind: SleepKind::Stages,
                segments: vec![
                    segment(night, 0, SleepLevel::Light),
                    segment(night, 30, SleepLevel::Deep),
                    segment(night, 60, SleepLevel::Rem),
                    segment(night, 90, SleepLevel::Wake),
                ],
                short_wakes: vec![SleepSegment {
                    start: night + SignedDuration::from_secs(2_000),
                    seconds: 90,
                    level: SleepLevel::Wake,
                }],
                minutes_asleep: 430,
                minutes_awake: 50,
                time_in_bed: 480,
                stages: vec![
                    StageTotal {
                        level: SleepLevel::Deep,
                        minutes: 80,
                        thirty_day_avg: Some(75),
                    },
                    StageTotal {
                        level: SleepLevel::Wake,
                        minutes: 50,
                        thirty_day_avg: None,
                    },
                ],
                efficiency: None,
                processing: false,
            },
            SleepSession {
                id: "nap".into(),
                start: nap,
                end: nap + SignedDuration::from_mins(40),
                is_main: false,
                kind: SleepKind::Classic,
                segments: vec![segment(nap, 0, SleepLevel::Asleep)],
                short_wakes: Vec::new(),
                minutes_asleep: 35,
                minutes_awake: 5,
                time_in_bed: 40,
                stages: Vec::new(),
                efficiency: Some(92),
                processing: true,
            },
        ],
        processing: false,
        spo2: Some(Spo2 {
            avg: 95.4,
            min: Some(91.0),
            max: None,
        }),
        breathing_rate: Some(14.2),
        skin_temp_delta_c: Some(-0.31),
        score: None,
        gaps: vec![Gap::failed(
            "skin temperature",
            ApiError::RateLimited {
                until: ts("2026-11-21T21:00:00Z"),
            },
        )],
    }
}

fn device(id: &str, battery: Option<BatteryLevel>, percent: Option<u8>) -> Device {
    Device {
        id: id.into(),
        model: "Charge 6".into(),
        kind: DeviceKind::Tracker,
        battery,
        battery_percent: percent,
        last_sync: Some(ts("2026-11-21T19:58:01.5Z")),
        mac: Some("AA:BB:CC:DD:EE:FF".into()),
        features: vec!["HEART_RATE".into(), "ALARMS".into()],
        alarms: AlarmSupport::Editable,
    }
}

fn devices() -> Vec<Device> {
    vec![
        device("2570612980", Some(BatteryLevel::High), Some(91)),
        Device {
            id: "scale-1".into(),
            model: "Aria Air".into(),
            kind: DeviceKind::Other("WATCH_FACE".into()),
            battery: Some(BatteryLevel::Other("Charging".into())),
            battery_percent: None,
            last_sync: None,
            mac: None,
            features: Vec::new(),
            alarms: AlarmSupport::DeviceOnly,
        },
    ]
}

fn trackers() -> Vec<TrackerAlarms> {
    let alarm = Alarm {
        id: 101,
        time: AlarmTime::new(7, 15).unwrap(),
        offset: Some(Offset::from_seconds(-8 * 3600).unwrap()),
        enabled: true,
        recurring: true,
        weekdays: Weekdays::WORKDAYS,
        snooze_length_min: 9,
        snooze_count: 3,
        label: Some("Work ☕".into()),
        vibe: "DEFAULT".into(),
        synced: true,
        deleted: false,
    };
    vec![
        TrackerAlarms {
            device: device("2570612980", Some(BatteryLevel::Low), Some(12)),
            alarms: vec![
                alarm.clone(),
                Alarm {
                    id: u64::MAX,
                    time: AlarmTime::new(23, 59).unwrap(),
                    offset: None,
                    enabled: false,
                    recurring: false,
                    weekdays: [
                        jiff::civil::Weekday::Sunday,
                        jiff::civil::Weekday::Wednesday,
                    ]
                    .into_iter()
                    .collect(),
                    label: None,
                    synced: false,
                    deleted: true,
                    ..alarm
                },
            ],
        },
        TrackerAlarms {
            device: device("other", None, None),
            alarms: Vec::new(),
        },
    ]
}

fn without_week(mut d: DayActivity) -> DayActivity {
    d.week_steps = Vec::new();
    d
}

fn without_trends(mut d: HeartDay) -> HeartDay {
    d.resting_trend = Vec::new();
    d.hrv_trend = Vec::new();
    d
}

#[test]
fn every_domain_type_round_trips_exactly() {
    let store = Store::open_in_memory().unwrap();
    let k = fitbit();
    let d = date(2026, 11, 21);

    store.put_account(&k, &account()).unwrap();
    assert_eq!(store.account(&k).unwrap(), Some(account()));

    let day = activity(d, 8_765);
    store
        .put_activity(&k, &day, meta("2026-11-21T20:00:00.123456789Z"))
        .unwrap();
    let back = store.activity(&k, d).unwrap().unwrap();
    assert_eq!(without_week(back.value), day);
    assert_eq!(back.meta, meta("2026-11-21T20:00:00.123456789Z"));

    let h = heart(d);
    store
        .put_heart(&k, &h, meta("2026-11-21T20:00:00Z"))
        .unwrap();
    let back = store.heart(&k, d).unwrap().unwrap();
    assert_eq!(without_trends(back.value.clone()), h);
    // A failed gap: not complete, whatever the caller said.
    assert!(!back.meta.complete);
    // The day's values only (what `summary` reads): the same day without its curve, ECG
    // readings and trends, and the same fetch.
    let values = store.heart_values(&k, d).unwrap().unwrap();
    assert_eq!(values.meta, back.meta);
    assert!(values.value.intraday.is_empty() && values.value.ecg.is_none());
    assert!(values.value.resting_trend.is_empty() && values.value.hrv_trend.is_empty());
    let whole = back.value;
    assert_eq!(
        (
            values.value.date,
            values.value.resting_bpm,
            values.value.zones
        ),
        (whole.date, whole.resting_bpm, whole.zones)
    );
    assert_eq!(
        (
            values.value.time_in_zones,
            values.value.hrv,
            values.value.gaps
        ),
        (whole.time_in_zones, whole.hrv, whole.gaps)
    );
    assert!(
        store
            .heart_values(&k, date(2026, 11, 20))
            .unwrap()
            .is_none()
    );

    let s = sleep(d);
    store
        .put_sleep(&k, &s, meta("2026-11-21T20:00:00Z"))
        .unwrap();
    let back = store.sleep(&k, d).unwrap().unwrap();
    assert_eq!(back.value, s);
    assert!(!back.meta.complete);

    store
        .put_devices(&k, &devices(), meta("2026-11-21T20:00:00Z"))
        .unwrap();
    let back = store.devices(&k).unwrap().unwrap();
    assert_eq!(back.value, devices());
    assert_eq!(back.meta, meta("2026-11-21T20:00:00Z"));

    store
        .put_alarms(&k, &trackers(), meta("2026-11-21T20:00:01Z"))
        .unwrap();
    let back = store.alarms(&k).unwrap().unwrap();
    assert_eq!(back.value, trackers());
    assert_eq!(back.meta, meta("2026-11-21T20:00:01Z"));
}

#[test]
fn a_day_without_data_stays_no_data_and_plain_sql_reads_steps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile").join("fittui.sqlite");
    let store = Store::open(&path).unwrap();
    let k = fitbit();
    store
        .put_activity(
            &k,
            &activity(date(2026, 1, 2), 4_000),
            meta("2026-01-03T00:00:00Z"),
        )
        .unwrap();
    store
        .put_activity(
            &k,
            &empty_activity(date(2026, 1, 3)),
            meta("2026-01-04T00:00:00Z"),
        )
        .unwrap();
    store
        .put_activity(
            &k,
            &activity(date(2025, 12, 31), 9_000),
            meta("2026-01-01T00:00:00Z"),
        )
        .unwrap();
    let back = store.activity(&k, date(2026, 1, 3)).unwrap().unwrap();
    assert_eq!(without_week(back.value), empty_activity(date(2026, 1, 3)));
    drop(store);

    // "Steps per day in 2026", in plain SQL on the file.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let account: i64 = conn
        .query_row(
            "SELECT id FROM accounts WHERE provider = 'fitbit' AND user_id = 'GGNJL9'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT date, steps FROM day_activity WHERE account = ? AND date LIKE '2026-%'
             ORDER BY date",
        )
        .unwrap();
    let rows: Vec<(String, Option<i64>)> = stmt
        .query_map([account], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            ("2026-01-02".into(), Some(4_000)),
            ("2026-01-03".into(), None)
        ]
    );
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(&path), 0o600);
    }
}

#[test]
fn trends_and_ranges_are_rebuilt_from_stored_days() {
    let store = Store::open_in_memory().unwrap();
    let k = fitbit();
    let d = date(2026, 11, 21);
    // Steps on the 21st, the 19th (no data) and the 16th; the 17th never stored.
    store
        .put_activity(&k, &activity(d, 100), meta("2026-11-22T00:00:00Z"))
        .unwrap();
    store
        .put_activity(
            &k,
            &empty_activity(date(2026, 11, 19)),
            meta("2026-11-20T00:00:00Z"),
        )
        .unwrap();
    store
        .put_activity(
            &k,
            &activity(date(2026, 11, 16), 7),
            meta("2026-11-17T00:00:00Z"),
        )
        .unwrap();
    // Outside the week: not in it.
    store
        .put_activity(
            &k,
            &activity(date(2026, 11, 14), 5),
            meta("2026-11-15T00:00:00Z"),
        )
        .unwrap();
    let week = store.activity(&k, d).unwrap().unwrap().value.week_steps;
    let expected: Vec<DailyValue<u32>> = (15..=21)
        .map(|day| DailyValue {
            date: date(2026, 11, day),
            value: match day {
                21 => Some(100),
                16 => Some(7),
                _ => None,
            },
        })
        .collect();
    assert_eq!(week, expected);
    let steps = store.daily_steps(&k, date(2026, 11, 14), d).unwrap();
    assert_eq!(steps.len(), 8);
    assert_eq!(steps[0].value, Some(5));
    assert_eq!(&steps[1..], &expected[..]);
    assert!(
        store
            .daily_steps(&k, d, date(2026, 11, 1))
            .unwrap()
            .is_empty()
    );

    // Complete days only: a day with a failed part is asked for again.
    let mut failed = activity(date(2026, 11, 20), 1);
    failed.gaps.push(Gap::failed(
        "steps by hour",
        ApiError::Network("connection reset".into()),
    ));
    store
        .put_activity(&k, &failed, meta("2026-11-21T00:00:00Z"))
        .unwrap();
    assert!(
        !store
            .activity(&k, date(2026, 11, 20))
            .unwrap()
            .unwrap()
            .meta
            .complete
    );
    assert_eq!(
        store
            .stored_activity_days(&k, date(2026, 11, 15), d)
            .unwrap(),
        [date(2026, 11, 16), date(2026, 11, 19), d]
    );
}

#[test]
fn heart_trends_are_the_30_stored_days_ending_on_the_date() {
    let store = Store::open_in_memory().unwrap();
    let k = fitbit();
    let d = date(2026, 11, 21);
    let mut h = heart(d);
    h.gaps.clear();
    store
        .put_heart(&k, &h, meta("2026-11-22T00:00:00Z"))
        .unwrap();
    let mut early = heart(date(2026, 10, 23));
    early.resting_bpm = Some(61);
    early.hrv = None;
    store
        .put_heart(&k, &early, meta("2026-10-24T00:00:00Z"))
        .unwrap();
    let mut too_early = heart(date(2026, 10, 22));
    too_early.resting_bpm = Some(99);
    store
        .put_heart(&k, &too_early, meta("2026-10-23T00:00:00Z"))
        .unwrap();
    let back = store.heart(&k, d).unwrap().unwrap();
    assert!(back.meta.complete);
    let rt = &back.value.resting_trend;
    assert_eq!(rt.len(), 30);
    assert_eq!(
        rt[0],
        DailyValue {
            date: date(2026, 10, 23),
            value: Some(61)
        }
    );
    assert_eq!(
        rt[29],
        DailyValue {
            date: d,
            value: Some(58)
        }
    );
    assert_eq!(rt.iter().filter(|v| v.value.is_some()).count(), 2);
    let hrv = &back.value.hrv_trend;
    assert_eq!(hrv.len(), 30);
    assert_eq!(hrv[0].value, None);
    assert_eq!(hrv[29].value, Some(41.25));
}

/// A 30-day resting-HR range (the 7th without data), one HRV and one `SpO2` night, as range
/// requests bring them, fetched at noon on the 21st.
fn put_ranges(store: &Store, k: &AccountKey) -> Vec<fittui::store::DailyEntry> {
    use fittui::domain::DailyMetric;
    let resting: Vec<_> = (1..=19)
        .map(|day| {
            let value = (day != 7).then_some((50.0 + f64::from(day), None, None));
            (date(2026, 11, day), value)
        })
        .collect();
    let at = ts("2026-11-21T12:00:00Z");
    store
        .put_daily(k, DailyMetric::RestingHr, &resting, at)
        .unwrap();
    let hrv = [(date(2026, 11, 19), Some((41.5, Some(38.25), None)))];
    store.put_daily(k, DailyMetric::Hrv, &hrv, at).unwrap();
    let spo2 = [(date(2026, 11, 19), Some((95.5, Some(91.0), Some(99.0))))];
    store.put_daily(k, DailyMetric::Spo2, &spo2, at).unwrap();
    resting
}

#[test]
fn day_by_day_values_round_trip_by_metric_and_account() {
    use fittui::domain::DailyMetric;
    let store = Store::open_in_memory().unwrap();
    let k = fitbit();
    let other = key(ProviderKind::Google, "someone-else");
    let d = date(2026, 11, 21);
    let resting = put_ranges(&store, &k);
    // Read back exactly, by metric and account, oldest first; a day without data stays so.
    let back = store
        .daily(
            &k,
            DailyMetric::RestingHr,
            date(2026, 11, 1),
            date(2026, 11, 30),
        )
        .unwrap();
    assert_eq!(back, resting);
    assert_eq!(
        store
            .daily(
                &k,
                DailyMetric::Spo2,
                date(2026, 11, 19),
                date(2026, 11, 19)
            )
            .unwrap(),
        vec![(date(2026, 11, 19), Some((95.5, Some(91.0), Some(99.0))))]
    );
    assert!(
        store
            .daily(&other, DailyMetric::RestingHr, date(2026, 11, 1), d)
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .daily(&k, DailyMetric::Steps, date(2026, 11, 1), d)
            .unwrap()
            .is_empty()
    );
    // Replacing a value keeps one row per day.
    store
        .put_daily(
            &k,
            DailyMetric::RestingHr,
            &[(date(2026, 11, 7), Some((57.0, None, None)))],
            ts("2026-11-22T12:00:00Z"),
        )
        .unwrap();
    let back = store
        .daily(
            &k,
            DailyMetric::RestingHr,
            date(2026, 11, 7),
            date(2026, 11, 7),
        )
        .unwrap();
    assert_eq!(back, vec![(date(2026, 11, 7), Some((57.0, None, None)))]);
    // Plain SQL reads them too.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.sqlite");
    let on_disk = Store::open(&file).unwrap();
    let steps = [(d, Some((8765.0, None, None)))];
    on_disk
        .put_daily(&k, DailyMetric::Steps, &steps, ts("2026-11-23T00:00:00Z"))
        .unwrap();
    drop(on_disk);
    let conn = rusqlite::Connection::open(&file).unwrap();
    let steps: f64 = conn
        .query_row(
            "SELECT value FROM daily_value WHERE metric = 'steps' AND date = '2026-11-21'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!((steps - 8765.0).abs() < f64::EPSILON);
}

#[test]
fn trends_join_day_by_day_values_and_day_records_by_the_latest_fetch() {
    let store = Store::open_in_memory().unwrap();
    let k = fitbit();
    let d = date(2026, 11, 21);
    put_ranges(&store, &k);
    // The 19th's own record, fetched while it was today (an early resting HR), is older than
    // the range's final value, which wins; the 21st's record is the latest for the 21st.
    let mut early = heart(date(2026, 11, 19));
    early.resting_bpm = Some(99);
    store
        .put_heart(&k, &early, meta("2026-11-19T20:00:00Z"))
        .unwrap();
    store
        .put_heart(&k, &heart(d), meta("2026-11-21T20:00:00Z"))
        .unwrap();
    let day = store.heart(&k, d).unwrap().unwrap().value;
    let trend: Vec<Option<u16>> = day.resting_trend.iter().map(|v| v.value).collect();
    assert_eq!(trend.len(), 30);
    assert_eq!(trend[29], heart(d).resting_bpm);
    assert_eq!(trend[28], None, "the 20th was never fetched");
    assert_eq!(
        trend[27],
        Some(69),
        "the range's final value beats an older record"
    );
    assert_eq!(trend[15], None, "the 7th: no data");
    assert_eq!(trend[20], Some(62));
    assert_eq!(day.hrv_trend[27].value, Some(41.5));
    // A record fetched after the range wins over it.
    store
        .put_heart(&k, &early, meta("2026-11-22T08:00:00Z"))
        .unwrap();
    let day = store.heart(&k, d).unwrap().unwrap().value;
    assert_eq!(day.resting_trend[27].value, Some(99));
}

#[test]
fn two_accounts_never_mix() {
    let store = Store::open_in_memory().unwrap();
    let a = fitbit();
    let b = key(ProviderKind::Google, "GGNJL9"); // same id, other provider
    let c = key(ProviderKind::Fitbit, "OTHER1");
    let d = date(2026, 11, 21);
    store
        .put_activity(&a, &activity(d, 1_111), meta("2026-11-21T20:00:00Z"))
        .unwrap();
    store
        .put_activity(&b, &activity(d, 2_222), meta("2026-11-21T20:00:00Z"))
        .unwrap();
    store
        .put_devices(&a, &devices(), meta("2026-11-21T20:00:00Z"))
        .unwrap();
    store
        .put_sleep(&b, &sleep(d), meta("2026-11-21T20:00:00Z"))
        .unwrap();
    let steps = |k: &AccountKey| {
        store
            .activity(k, d)
            .unwrap()
            .and_then(|s| s.value.summary)
            .map(|s| s.steps)
    };
    assert_eq!(steps(&a), Some(1_111));
    assert_eq!(steps(&b), Some(2_222));
    assert_eq!(steps(&c), None);
    assert_eq!(store.daily_steps(&b, d, d).unwrap()[0].value, Some(2_222));
    assert!(store.devices(&b).unwrap().is_none());
    assert!(store.sleep(&a, d).unwrap().is_none());
    assert!(store.heart(&c, d).unwrap().is_none());
    assert!(store.alarms(&c).unwrap().is_none());

    // The profile, and the latest one per provider.
    assert!(store.last_account(ProviderKind::Fitbit).unwrap().is_none());
    let mut other = account();
    other.user_id = "OTHER1".into();
    other.display_name = None;
    other.time_zone_name = "UTC+05:45".into();
    other.time_zone = TimeZone::fixed(Offset::from_seconds(5 * 3600 + 45 * 60).unwrap());
    store.put_account(&a, &account()).unwrap();
    store.put_account(&c, &other).unwrap();
    let mut google = account();
    google.time_zone_name = "UTC".into();
    google.time_zone = TimeZone::UTC;
    google.units = UnitSystem::Metric;
    google.assumed = Some("metric units".into());
    store.put_account(&b, &google).unwrap();
    assert_eq!(
        store.last_account(ProviderKind::Fitbit).unwrap(),
        Some((c.clone(), other.clone()))
    );
    assert_eq!(
        store.last_account(ProviderKind::Google).unwrap(),
        Some((b.clone(), google.clone()))
    );
    store.put_account(&a, &account()).unwrap();
    assert_eq!(
        store.last_account(ProviderKind::Fitbit).unwrap(),
        Some((a.clone(), account()))
    );
    assert_eq!(store.account(&c).unwrap(), Some(other));
    assert_eq!(store.account(&b).unwrap(), Some(google));
}

#[test]
fn devices_keep_every_snapshot_and_answer_the_latest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let store = Store::open(&path).unwrap();
    let k = fitbit();
    for (i, pct) in [90u8, 70, 40].into_iter().enumerate() {
        let at = format!("2026-11-2{i}T08:00:00Z");
        store
            .put_devices(
                &k,
                &[device("t", Some(BatteryLevel::Medium), Some(pct))],
                meta(&at),
            )
            .unwrap();
    }
    let latest = store.devices(&k).unwrap().unwrap();
    assert_eq!(latest.value[0].battery_percent, Some(40));
    assert_eq!(latest.meta.fetched_at, ts("2026-11-22T08:00:00Z"));
    // Alarms: the last state replaces the one before.
    store
        .put_alarms(&k, &trackers(), meta("2026-11-21T00:00:00Z"))
        .unwrap();
    store
        .put_alarms(&k, &trackers()[1..], meta("2026-11-22T00:00:00Z"))
        .unwrap();
    assert_eq!(store.alarms(&k).unwrap().unwrap().value, trackers()[1..]);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let history: Vec<(String, i64)> = conn
        .prepare(
            "SELECT f.fetched_at, d.battery_percent FROM device_snapshot d
             JOIN device_fetch f ON f.id = d.fetch WHERE d.device_id = 't' ORDER BY f.id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        history.iter().map(|h| h.1).collect::<Vec<_>>(),
        [90, 70, 40]
    );
    let alarms: i64 = conn
        .query_row("SELECT count(*) FROM alarm", [], |r| r.get(0))
        .unwrap();
    assert_eq!(alarms, 0);
}

#[test]
fn every_api_error_of_a_failed_gap_round_trips() {
    let store = Store::open_in_memory().unwrap();
    let k = fitbit();
    let errors = [
        ApiError::Unauthorized {
            problem: AuthProblem::SignedOut,
            message: "no tokens".into(),
        },
        ApiError::Forbidden {
            scope: Some("heartrate".into()),
            message: "insufficient scope".into(),
        },
        ApiError::Forbidden {
            scope: None,
            message: String::new(),
        },
        ApiError::NotFound("nope".into()),
        ApiError::Conflict("busy".into()),
        ApiError::RateLimited {
            until: ts("2026-11-21T21:00:00.5Z"),
        },
        ApiError::Server {
            status: 502,
            message: "bad gateway".into(),
        },
        ApiError::Gone,
        ApiError::BadRequest {
            status: 422,
            message: "bad date".into(),
        },
        ApiError::Network("reset".into()),
        ApiError::Decode {
            endpoint: "/1/user/-/profile.json".into(),
            detail: "missing field".into(),
        },
        ApiError::Unsupported("no ECG on this provider"),
        ApiError::Local("disk full".into()),
    ];
    let mut day = empty_activity(date(2026, 11, 21));
    day.gaps = errors
        .iter()
        .map(|e| Gap::failed("a part", e.clone()))
        .collect();
    day.gaps.push(Gap::not_granted("a new part name", "Sleep"));
    store
        .put_activity(&k, &day, meta("2026-11-21T20:00:00Z"))
        .unwrap();
    let back = store.activity(&k, day.date).unwrap().unwrap();
    assert_eq!(back.value.gaps, day.gaps);
    assert!(!back.meta.complete);
}

/// A database at schema `version`, written by plain `rusqlite` (not the store).
fn database_at_version(path: &Path, version: u32) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("CREATE TABLE from_the_future (x); INSERT INTO from_the_future VALUES (1);")
        .unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
}

#[test]
fn a_newer_schema_is_refused_and_the_file_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite");
    database_at_version(&path, SCHEMA_VERSION + 1);
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::Newer { found, known } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains(&format!(
            "created by a newer fittui (schema {}, this one knows up to {SCHEMA_VERSION}); upgrade fittui",
            SCHEMA_VERSION + 1
        )),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Again (the first attempt left nothing behind that changes the answer).
    assert!(matches!(Store::open(&path), Err(StoreError::Newer { .. })));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/store")
        .join(name)
}

/// What the v1 fixture holds.
fn fixture_data(store: &Store) {
    let k = fitbit();
    store.put_account(&k, &account()).unwrap();
    let d = date(2026, 11, 21);
    store
        .put_activity(&k, &activity(d, 8_765), meta("2026-11-22T00:00:00Z"))
        .unwrap();
    store
        .put_activity(
            &k,
            &empty_activity(date(2026, 11, 12)),
            meta("2026-11-13T00:00:00Z"),
        )
        .unwrap();
    store
        .put_heart(&k, &heart(d), meta("2026-11-22T00:00:00Z"))
        .unwrap();
    store
        .put_sleep(&k, &sleep(d), meta("2026-11-22T00:00:00Z"))
        .unwrap();
    store
        .put_devices(&k, &devices(), meta("2026-11-22T00:00:00Z"))
        .unwrap();
    store
        .put_alarms(&k, &trackers(), meta("2026-11-22T00:00:00Z"))
        .unwrap();
}

/// Writes `tests/fixtures/store/v1.sqlite` (run once when schema 1 was made; the committed
/// file must never be regenerated by a later schema).
#[test]
#[ignore = "writes the committed v1 fixture"]
fn write_v1_fixture() {
    assert_eq!(
        SCHEMA_VERSION, 1,
        "the v1 fixture is made by a v1 build only"
    );
    let path = fixture("v1.sqlite");
    let _ = std::fs::remove_file(&path);
    let store = Store::open(&path).unwrap();
    fixture_data(&store);
    drop(store); // the last connection checkpoints and removes the WAL
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("VACUUM").unwrap();
}

/// Writes `tests/fixtures/store/v{2,3}.sqlite`: the v1 fixture taken through the migrations
/// of those versions exactly as a v2 and a v3 build did, plus a value in what each version
/// added (the LIGHT zone bound; a day-by-day resting HR). Run once when each version was
/// current; committed files are never regenerated.
#[test]
#[ignore = "writes the committed v2 and v3 fixtures"]
fn write_v2_v3_fixtures() {
    for version in [2u32, 3] {
        write_migrated_fixture(version);
    }
}

/// Writes `tests/fixtures/store/v4.sqlite` the same way, with a weigh-in (what v4 added).
#[test]
#[ignore = "writes the committed v4 fixture"]
fn write_v4_fixture() {
    write_migrated_fixture(4);
}

/// Writes `tests/fixtures/store/v5.sqlite` the same way, with an import run (what v5 added).
#[test]
#[ignore = "writes the committed v5 fixture"]
fn write_v5_fixture() {
    write_migrated_fixture(5);
}

fn write_migrated_fixture(version: u32) {
    {
        let path = fixture(&format!("v{version}.sqlite"));
        let _ = std::fs::remove_file(&path);
        std::fs::copy(fixture("v1.sqlite"), &path).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        for step in &fittui::store::schema::MIGRATIONS[1..version as usize] {
            conn.execute_batch(step).unwrap();
        }
        conn.pragma_update(None, "user_version", version).unwrap();
        conn.execute(
            "UPDATE heart_day SET zone_light = 94 WHERE date = '2026-11-21'",
            [],
        )
        .unwrap();
        if version >= 3 {
            conn.execute(
                "INSERT INTO daily_value (account, metric, date, value, fetched_at)
                 SELECT id, 'resting_hr', '2026-11-19', 57.0, '2026-11-21T12:00:00Z'
                 FROM accounts WHERE provider = 'fitbit'",
                [],
            )
            .unwrap();
        }
        if version >= 4 {
            conn.execute(
                "INSERT INTO weigh_in (account, at, date, weight_kg, body_fat_pct, source)
                 SELECT id, '2026-11-20T16:20:00Z', '2026-11-20', 80.0, 21.5, 'Aria'
                 FROM accounts WHERE provider = 'fitbit'",
                [],
            )
            .unwrap();
        }
        if version >= 5 {
            conn.execute(
                "INSERT INTO import_run (account, imported_at, exported_at, first_day, last_day,
                    files, days_written)
                 SELECT id, '2026-11-22T09:00:00Z', '2026-11-21T23:00:00Z', '2026-10-01',
                    '2026-11-21', 40, 52
                 FROM accounts WHERE provider = 'fitbit'",
                [],
            )
            .unwrap();
        }
        conn.execute_batch("VACUUM").unwrap();
    }
}

/// Every earlier schema version's fixture opens, reads back what it held and is brought up to
/// date (taking writes of what the later versions added).
#[test]
fn every_earlier_versions_fixture_opens_and_is_brought_up_to_date() {
    use fittui::domain::DailyMetric;
    for version in 1..SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        std::fs::copy(fixture(&format!("v{version}.sqlite")), &path).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let v: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            v, version,
            "v{version}.sqlite is a version {version} database"
        );
        drop(conn);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.integrity_check().unwrap(), "ok");
        let k = fitbit();
        let d = date(2026, 11, 21);
        assert_eq!(store.account(&k).unwrap(), Some(account()), "v{version}");
        assert_eq!(
            without_week(store.activity(&k, d).unwrap().unwrap().value),
            activity(d, 8_765),
            "v{version}"
        );
        let heart_back = store.heart(&k, d).unwrap().unwrap().value;
        let light = heart_back.zones.and_then(|z| z.light);
        assert_eq!(light, (version >= 2).then_some(94), "v{version}");
        let empty = store.activity(&k, date(2026, 11, 12)).unwrap().unwrap();
        assert_eq!(
            without_week(empty.value),
            empty_activity(date(2026, 11, 12))
        );
        assert_eq!(store.sleep(&k, d).unwrap().unwrap().value, sleep(d));
        assert_eq!(store.devices(&k).unwrap().unwrap().value, devices());
        assert_eq!(store.alarms(&k).unwrap().unwrap().value, trackers());
        let resting = store
            .daily(&k, DailyMetric::RestingHr, date(2026, 11, 19), d)
            .unwrap();
        let expected = if version >= 3 {
            vec![(date(2026, 11, 19), Some((57.0, None, None)))]
        } else {
            Vec::new()
        };
        assert_eq!(resting, expected, "v{version}");
        // And it takes writes of what came later.
        store
            .put_daily(
                &k,
                DailyMetric::Steps,
                &[(date(2026, 11, 18), Some((1.0, None, None)))],
                ts("2026-11-21T00:00:00Z"),
            )
            .unwrap();
        let year = (date(2026, 1, 1), date(2026, 12, 31));
        let before = store.weigh_ins(&k, year.0, year.1).unwrap();
        // The v4 fixture holds one weigh-in on 20 Nov (replaced below); the earlier ones none.
        assert_eq!(before.len(), usize::from(version >= 4), "v{version}");
        if let Some(w) = before.first() {
            assert_eq!((w.weight_kg, w.body_fat_pct), (80.0, Some(21.5)));
        }
        let weigh_in = WeighIn {
            at: ts("2026-11-20T15:00:00Z"),
            date: date(2026, 11, 20),
            weight_kg: 68.4,
            body_fat_pct: Some(21.5),
            source: Some("Aria".into()),
        };
        store
            .put_weigh_ins(
                &k,
                weigh_in.date,
                weigh_in.date,
                std::slice::from_ref(&weigh_in),
                meta("2026-11-23T00:00:00Z"),
            )
            .unwrap();
        assert_eq!(store.weigh_ins(&k, year.0, year.1).unwrap(), vec![weigh_in]);
        v5_and_v6_writes(&store, &k, d, version);
    }
}

/// What v5 (an import's own account) and v6 (ECG lists) added, written to and read from a
/// store brought up from `version`.
fn v5_and_v6_writes(store: &Store, k: &AccountKey, d: Date, version: u32) {
    // And what v5 added: an import's own account beside the API one.
    let takeout = fittui::import::account_key("Jane");
    store
        .batch(|b| b.put_import_digest(&takeout, "heart", date(2026, 11, 20), "abc"))
        .unwrap();
    assert!(store.last_import(&takeout).unwrap().is_none());
    let run = store.last_import(k).unwrap();
    assert_eq!(run.map(|r| r.days_written), (version >= 5).then_some(52));
    // And what v6 added: ECG readings from a range's list, beside the heart day's own.
    let listed = fittui::domain::ecg::EcgReading {
        start: ts("2026-11-18T01:34:00Z"),
        ..heart(d).ecg.unwrap()[0].clone()
    };
    store
        .put_ecg_list(
            k,
            &[(date(2026, 11, 17), vec![listed])],
            ts("2026-11-21T00:00:00Z"),
        )
        .unwrap();
    let health = store
        .period_health(k, (date(2026, 11, 17), date(2026, 11, 17), d), &la())
        .unwrap();
    assert!(health.heart[0].ecg_known, "v{version}");
    assert_eq!(
        health.ecg.len(),
        1 + heart(d).ecg.unwrap().len(),
        "v{version}"
    );
}

#[test]
fn two_stores_on_one_file_write_at_once_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.sqlite");
    let threads: Vec<_> = (0..2)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Each thread opens its own store (own connection), as two processes would.
                let store = Store::open(&path).unwrap();
                let k = key(ProviderKind::Fitbit, &format!("user{t}"));
                let first = date(2025, 1, 1);
                for i in 0..150 {
                    let d = first.checked_add(i.days()).unwrap();
                    store
                        .put_activity(
                            &k,
                            &activity(d, 1 + u32::try_from(i).unwrap()),
                            meta("2026-01-01T00:00:00Z"),
                        )
                        .unwrap();
                    if i % 10 == 0 {
                        store
                            .put_devices(&k, &devices(), meta("2026-01-01T00:00:00Z"))
                            .unwrap();
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    for t in 0..2 {
        let k = key(ProviderKind::Fitbit, &format!("user{t}"));
        let steps = store
            .daily_steps(&k, date(2025, 1, 1), date(2025, 5, 30))
            .unwrap();
        assert_eq!(steps.len(), 150);
        for (i, v) in steps.iter().enumerate() {
            assert_eq!(v.value, Some(1 + u32::try_from(i).unwrap()));
        }
    }
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_shared_store_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Store>();
    let store = Arc::new(Store::open_in_memory().unwrap());
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                let d = date(2026, 1, 1).checked_add(i64::from(t).days()).unwrap();
                store
                    .put_activity(&fitbit(), &activity(d, t), meta("2026-01-05T00:00:00Z"))
                    .unwrap();
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(
        store
            .stored_activity_days(&fitbit(), date(2026, 1, 1), date(2026, 1, 9))
            .unwrap()
            .len(),
        4
    );
}

fn store_writer() -> PathBuf {
    support::example_binary("store_writer")
}

#[test]
fn a_writer_killed_mid_write_leaves_a_sound_database_with_every_commit() {
    let writer = store_writer();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.sqlite");
    let mut committed: Vec<Date> = Vec::new();
    for round in 0..30u64 {
        let mut child = Command::new(&writer)
            .arg(&path)
            .arg(round.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "round {round}");
        // Kill at varied moments: right away, and up to ~40 ms into the loop.
        std::thread::sleep(Duration::from_micros(round * 1_361 % 40_000));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert!(!status.success(), "round {round}: killed, not finished");
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
        for l in rest.lines() {
            // A line cut by the kill is not a report.
            if let Some(d) = l.strip_prefix("committed ").and_then(|d| d.parse().ok()) {
                committed.push(d);
            }
        }
        let store = Store::open(&path).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert_eq!(store.integrity_check().unwrap(), "ok", "round {round}");
        let k = fitbit();
        for &d in &committed {
            let day = store
                .activity(&k, d)
                .unwrap()
                .unwrap_or_else(|| panic!("round {round}: {d} was committed but is missing"));
            assert_eq!(
                without_week(day.value),
                store_writer_day(d),
                "round {round}"
            );
        }
    }
    assert!(
        committed.len() > 30,
        "the writer committed {} days",
        committed.len()
    );
}

#[test]
fn two_processes_writing_one_file_at_once_lose_nothing() {
    const DAYS: usize = 150;
    let writer = store_writer();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.sqlite");
    // Both start on a file that does not exist yet: they also race to create and migrate it.
    let children: Vec<_> = [50u64, 51]
        .into_iter()
        .map(|round| {
            let mut child = Command::new(&writer)
                .arg(&path)
                .arg(round.to_string())
                .arg(DAYS.to_string())
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            let reader = std::thread::spawn(move || {
                let mut days = Vec::new();
                for line in BufReader::new(stdout).lines() {
                    let line = line.unwrap();
                    if let Some(d) = line.strip_prefix("committed ") {
                        days.push(d.parse::<Date>().unwrap());
                        if days.len() == DAYS {
                            break;
                        }
                    }
                }
                days
            });
            (child, reader)
        })
        .collect();
    let mut all = Vec::new();
    for (mut child, reader) in children {
        let days = reader.join().unwrap();
        drop(child.stdin.take()); // done: the writer stops
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
        assert_eq!(days.len(), DAYS, "{stderr}");
        all.extend(days);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    for d in all {
        let day = store.activity(&fitbit(), d).unwrap().unwrap();
        assert_eq!(without_week(day.value), store_writer_day(d));
    }
}

/// The day `examples/store_writer.rs` writes for `d` (the same code builds it).
fn store_writer_day(d: Date) -> DayActivity {
    writer_day::day(d).unwrap()
}

// ---------------------------------------------------------------------------------------------
// What the simulator's providers return.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_days_round_trip_including_dst_and_no_data_days() {
    for kind in [ProviderKind::Fitbit, ProviderKind::Google] {
        let h = support::demo::Harness::start(kind).await;
        let provider = h.demo.source.provider.clone();
        let store = Store::open_in_memory().unwrap();
        let acct = provider.account().await.unwrap();
        let k = AccountKey {
            provider: kind.into(),
            user_id: acct.user_id.clone(),
        };
        store.put_account(&k, &acct).unwrap();
        assert_eq!(store.account(&k).unwrap(), Some(acct));
        let fetched = meta(support::NOON);
        // The fall-back day (25 hours), the day the tracker was not worn, an ordinary day.
        for d in [date(2026, 11, 1), date(2026, 11, 12), date(2026, 11, 20)] {
            let a = provider.activity(d).await.unwrap();
            store.put_activity(&k, &a, fetched).unwrap();
            assert_eq!(
                without_week(store.activity(&k, d).unwrap().unwrap().value),
                without_week(a.clone()),
                "{kind} activity {d}"
            );
            let hd = provider.heart(d).await.unwrap();
            store.put_heart(&k, &hd, fetched).unwrap();
            assert_eq!(
                without_trends(store.heart(&k, d).unwrap().unwrap().value),
                without_trends(hd.clone()),
                "{kind} heart {d}"
            );
            let s = provider.sleep(d).await.unwrap();
            store.put_sleep(&k, &s, fetched).unwrap();
            assert_eq!(
                store.sleep(&k, d).unwrap().unwrap().value,
                s,
                "{kind} sleep {d}"
            );
            if d == date(2026, 11, 1) {
                assert_eq!(hd.intraday.day_minutes(), 1500);
                if !a.hourly_steps.is_empty() {
                    assert_eq!(a.hourly_steps.len(), 25);
                }
            }
            if d == date(2026, 11, 12) {
                assert!(a.summary.is_none(), "{kind}: the 12th has no data");
                assert_eq!(store.daily_steps(&k, d, d).unwrap()[0].value, None);
            }
        }
        let devs = provider.devices().await.unwrap();
        store.put_devices(&k, &devs, fetched).unwrap();
        assert_eq!(store.devices(&k).unwrap().unwrap().value, devs);
        if let Ok(trackers) = provider.alarms().await {
            store.put_alarms(&k, &trackers, fetched).unwrap();
            assert_eq!(store.alarms(&k).unwrap().unwrap().value, trackers);
        }
    }
}

/// Schema v2 keeps the LIGHT zone's lower bound (Google bounds it); a v1 database gets the
/// column on opening, and its days read back without it.
#[test]
fn the_light_zone_bound_round_trips_and_v1_days_read_without_it() {
    let store = Store::open_in_memory().unwrap();
    let k = fitbit();
    let d = date(2026, 11, 20);
    let mut day = heart(d);
    let mut zones = day.zones.unwrap();
    zones.light = Some(94);
    day.zones = Some(zones);
    store
        .put_heart(&k, &day, meta("2026-11-23T10:00:00Z"))
        .unwrap();
    let back = store.heart(&k, d).unwrap().unwrap().value;
    assert_eq!(back.zones.unwrap().light, Some(94));
    const { assert!(SCHEMA_VERSION >= 2, "zone_light came with v2") };
}
