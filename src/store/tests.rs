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
        provider: ProviderKind::Fitbit,
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
