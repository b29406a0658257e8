//! Unit tests of the schema machinery and the codecs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jiff::civil::date;

use super::codec::{self, days, intern, window};
use super::schema::{MIGRATIONS, SCHEMA_VERSION};
use super::*;

#[test]
fn a_new_database_is_at_the_current_version_with_every_table() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION as usize, MIGRATIONS.len());
    let conn = store.lock();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for t in [
        "accounts",
        "alarm",
        "alarm_state",
        "alarm_tracker",
        "daily_value",
        "day_activity",
        "device_fetch",
        "device_snapshot",
        "ecg_reading",
        "gap",
        "heart_bucket",
        "heart_day",
        "hourly_steps",
        "sleep_day",
        "sleep_segment",
        "sleep_session",
        "sleep_stage_total",
        "weigh_in",
        "weight_fetch",
    ] {
        assert!(tables.iter().any(|n| n == t), "no table {t}: {tables:?}");
    }
    let fk: bool = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert!(fk);
}

#[test]
fn migrating_twice_changes_nothing() {
    let conn = Connection::open_in_memory().unwrap();
    schema::migrate(&conn).unwrap();
    schema::migrate(&conn).unwrap();
    assert_eq!(schema::user_version(&conn).unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_newer_version_is_refused_in_memory_too() {
    let conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 3)
        .unwrap();
    let err = Store::setup(conn, None).unwrap_err();
    assert!(
        matches!(err, StoreError::Newer { found, known } if found == SCHEMA_VERSION + 3 && known == SCHEMA_VERSION)
    );
}

#[test]
fn a_failed_migration_rolls_back_its_step() {
    // A database that already has a `accounts` table but version 0: step 1 fails, and
    // nothing of it stays (the version is still 0, no other table appeared).
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE accounts (x)").unwrap();
    assert!(schema::migrate(&conn).is_err());
    assert_eq!(schema::user_version(&conn).unwrap(), 0);
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn names_are_interned_once() {
    let a = intern("a part");
    let b = intern(&String::from("a part"));
    assert!(std::ptr::eq(a, b));
    assert_eq!(intern("HRV"), "HRV");
}

#[test]
fn day_ranges() {
    assert_eq!(days(date(2026, 2, 27), date(2026, 3, 1)).len(), 3);
    assert!(days(date(2026, 3, 1), date(2026, 2, 27)).is_empty());
    let w = window(date(2026, 3, 1), 7);
    assert_eq!(w.len(), 7);
    assert_eq!(w[0], date(2026, 2, 23));
    assert_eq!(w[6], date(2026, 3, 1));
}

#[test]
fn a_corrupt_value_reads_as_corrupt() {
    let store = Store::open_in_memory().unwrap();
    let key = AccountKey {
        provider: ProviderKind::Fitbit.into(),
        user_id: "U".into(),
    };
    {
        let conn = store.lock();
        let id = codec::account_id(&conn, &key).unwrap();
        conn.execute(
            "INSERT INTO day_activity (account, date, recorded, steps, distance_m, fetched_at, complete)
             VALUES (?1, '2026-01-01', 1, -5, 1.0, 'not a time', 1)",
            [id],
        )
        .unwrap();
    }
    let err = store.activity(&key, date(2026, 1, 1)).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
}

fn weigh_in(at: &str, kg: f64, fat: Option<f64>) -> crate::domain::weight::WeighIn {
    let at: jiff::Timestamp = at.parse().unwrap();
    crate::domain::weight::WeighIn {
        at,
        date: at.to_zoned(la()).date(),
        weight_kg: kg,
        body_fat_pct: fat,
        source: Some("Aria".into()),
    }
}

fn la() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get("America/Los_Angeles").unwrap()
}

fn fetched(at: &str) -> FetchMeta {
    FetchMeta {
        fetched_at: at.parse().unwrap(),
        complete: true,
    }
}

#[test]
fn weigh_ins_round_trip_exactly_and_a_fetch_replaces_its_range() {
    let store = Store::open_in_memory().unwrap();
    let key = AccountKey {
        provider: ProviderKind::Google.into(),
        user_id: "U".into(),
    };
    let other = AccountKey {
        provider: ProviderKind::Fitbit.into(),
        user_id: "U".into(),
    };
    let (from, to) = (date(2026, 11, 1), date(2026, 11, 5));
    let mut nov = vec![
        // 23:30 PST on Nov 1 is Nov 2 in UTC: the local date is what counts.
        weigh_in("2026-11-02T07:30:00Z", 68.25, Some(24.1)),
        weigh_in("2026-11-03T15:10:00.123456789Z", 68.0, None),
        weigh_in("2026-11-05T15:00:00Z", 67.9, Some(23.8)),
    ];
    nov[1].source = None;
    store
        .put_weigh_ins(&key, from, to, &nov, fetched("2026-11-21T00:00:00Z"))
        .unwrap();
    assert_eq!(store.weigh_ins(&key, from, to).unwrap(), nov);
    assert_eq!(nov[0].date, date(2026, 11, 1));
    assert!(store.weigh_ins(&other, from, to).unwrap().is_empty());
    assert_eq!(
        store.weigh_ins(&key, date(2026, 11, 2), to).unwrap(),
        nov[1..]
    );
    // Every day of the range is fetched, weigh-in or not.
    let days = store.weight_fetches(&key, from, to).unwrap();
    assert_eq!(days.len(), 5);
    assert!(store.weight_fetches(&other, from, to).unwrap().is_empty());

    // A later fetch of Nov 3..4 replaces those days only (the Nov 3 weigh-in was deleted).
    let again = vec![weigh_in("2026-11-04T15:00:00Z", 67.7, None)];
    store
        .put_weigh_ins(
            &key,
            date(2026, 11, 3),
            date(2026, 11, 4),
            &again,
            fetched("2026-11-05T12:00:00Z"),
        )
        .unwrap();
    let got = store.weigh_ins(&key, from, to).unwrap();
    assert_eq!(got, vec![nov[0].clone(), again[0].clone(), nov[2].clone()]);
    // Final: fetched after the next day was over.
    let finals = store.final_weight_days(&key, from, to, &la()).unwrap();
    // Nov 3 fetched at 04:00 PST on Nov 5: just final; Nov 4: not.
    assert_eq!(
        finals,
        [
            date(2026, 11, 1),
            date(2026, 11, 2),
            date(2026, 11, 3),
            date(2026, 11, 5)
        ]
    );
    // An incomplete fetch stores what came but marks nothing fetched.
    store
        .put_weigh_ins(
            &key,
            date(2026, 11, 10),
            date(2026, 11, 10),
            &[weigh_in("2026-11-10T15:00:00Z", 67.5, None)],
            FetchMeta {
                fetched_at: "2026-11-21T00:00:00Z".parse().unwrap(),
                complete: false,
            },
        )
        .unwrap();
    let d10 = date(2026, 11, 10);
    assert_eq!(store.weigh_ins(&key, d10, d10).unwrap().len(), 1);
    assert!(store.weight_fetches(&key, d10, d10).unwrap().is_empty());
    assert_eq!(
        store.last_sync().unwrap(),
        Some("2026-11-21T00:00:00Z".parse().unwrap())
    );
}
