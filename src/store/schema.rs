//! The schema and its migrations. `PRAGMA user_version` is the number of migrations applied;
//! [`MIGRATIONS`] is the ordered list of steps, each applied in one transaction. A database
//! whose version is newer than this build knows is refused and never modified.
//!
//! Conventions: `account` is `accounts.id`; dates are `YYYY-MM-DD` text; instants RFC 3339
//! text in UTC; booleans 0/1; `position` keeps the order of a list; enums are lower-case text
//! (`other` with the unknown value in a `*_other` column); every record's head row carries
//! `fetched_at` and `complete`, and its child rows go with it (`ON DELETE CASCADE`).

use rusqlite::Connection;

use super::{Result, StoreError};

/// Version 1: accounts, activity, heart (with ECG), sleep, device snapshots, alarms, gaps.
const V1: &str = r"
CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    provider        TEXT NOT NULL,          -- 'fitbit' | 'google'
    user_id         TEXT NOT NULL,
    -- The profile; NULL until put_account (records may arrive first).
    display_name    TEXT,
    time_zone_name  TEXT,
    time_zone_kind  TEXT,                   -- 'iana' | 'fixed' | 'utc'
    time_zone_iana  TEXT,
    time_zone_offset INTEGER,               -- seconds east of UTC, for 'fixed'
    units           TEXT,                   -- 'metric' | 'imperial'
    temperature_unit TEXT,                  -- 'celsius' | 'fahrenheit'
    clock_12h       INTEGER,
    member_since    TEXT,
    assumed         TEXT,
    profile_seq     INTEGER,                -- order of put_account calls (last_account)
    UNIQUE (provider, user_id)
);

CREATE TABLE day_activity (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date            TEXT NOT NULL,
    recorded        INTEGER NOT NULL,       -- 0: nothing recorded, every total NULL
    steps           INTEGER,
    distance_m      REAL,
    calories_kcal   REAL,
    floors          INTEGER,
    active_minutes  INTEGER,
    azm_fat_burn    INTEGER,                -- the three NULL: no AZM
    azm_cardio      INTEGER,
    azm_peak        INTEGER,
    goal_source     TEXT,                   -- 'provider' | 'config'; NULL: no goals
    goal_steps      INTEGER,
    goal_distance_m REAL,
    goal_calories_kcal REAL,
    goal_floors     INTEGER,
    goal_active_minutes INTEGER,
    goal_azm        INTEGER,
    fetched_at      TEXT NOT NULL,
    complete        INTEGER NOT NULL,
    PRIMARY KEY (account, date)
);

CREATE TABLE hourly_steps (
    account         INTEGER NOT NULL,
    date            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    start           TEXT NOT NULL,
    steps           INTEGER NOT NULL,
    PRIMARY KEY (account, date, position),
    FOREIGN KEY (account, date) REFERENCES day_activity(account, date) ON DELETE CASCADE
);

CREATE TABLE heart_day (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date            TEXT NOT NULL,
    resolution      TEXT NOT NULL,          -- 'second' | 'minute' | 'minutes'
    resolution_minutes INTEGER,             -- for 'minutes'
    series_start    TEXT NOT NULL,
    series_end      TEXT NOT NULL,
    resting_bpm     INTEGER,
    zone_fat_burn   INTEGER,                -- lower bounds, bpm; the three NULL: no zones
    zone_cardio     INTEGER,
    zone_peak       INTEGER,
    minutes_below   INTEGER,                -- time in zones; the four NULL: not known
    minutes_fat_burn INTEGER,
    minutes_cardio  INTEGER,
    minutes_peak    INTEGER,
    hrv_rmssd_ms    REAL,
    hrv_deep_rmssd_ms REAL,
    ecg_known       INTEGER NOT NULL,       -- 0: the source cannot provide ECG
    fetched_at      TEXT NOT NULL,
    complete        INTEGER NOT NULL,
    PRIMARY KEY (account, date)
);

CREATE TABLE heart_bucket (
    account         INTEGER NOT NULL,
    date            TEXT NOT NULL,
    minute          INTEGER NOT NULL,       -- since the start of the local day
    min             INTEGER NOT NULL,
    max             INTEGER NOT NULL,
    mean            REAL NOT NULL,
    weight          INTEGER NOT NULL,
    PRIMARY KEY (account, date, minute),
    FOREIGN KEY (account, date) REFERENCES heart_day(account, date) ON DELETE CASCADE
);

CREATE TABLE ecg_reading (
    account         INTEGER NOT NULL,
    date            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    start           TEXT NOT NULL,
    classification  TEXT NOT NULL,          -- 'normal_sinus_rhythm' | 'atrial_fibrillation' | 'inconclusive' | 'other'
    classification_other TEXT,
    classification_text TEXT NOT NULL,
    average_hr      INTEGER,
    sampling_hz     REAL NOT NULL,
    scaling_factor  REAL NOT NULL,
    samples         BLOB NOT NULL,          -- little-endian i32s
    lead            INTEGER,
    device          TEXT,
    PRIMARY KEY (account, date, position),
    FOREIGN KEY (account, date) REFERENCES heart_day(account, date) ON DELETE CASCADE
);

CREATE TABLE sleep_day (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date            TEXT NOT NULL,          -- the day the night ended
    processing      INTEGER NOT NULL,
    spo2_avg        REAL,                   -- NULL: no SpO2
    spo2_min        REAL,
    spo2_max        REAL,
    breathing_rate  REAL,
    skin_temp_delta_c REAL,
    fetched_at      TEXT NOT NULL,
    complete        INTEGER NOT NULL,
    PRIMARY KEY (account, date)
);

CREATE TABLE sleep_session (
    account         INTEGER NOT NULL,
    date            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    id              TEXT NOT NULL,
    start           TEXT NOT NULL,
    end             TEXT NOT NULL,
    is_main         INTEGER NOT NULL,
    kind            TEXT NOT NULL,          -- 'stages' | 'classic'
    minutes_asleep  INTEGER NOT NULL,
    minutes_awake   INTEGER NOT NULL,
    time_in_bed     INTEGER NOT NULL,
    efficiency      INTEGER,
    processing      INTEGER NOT NULL,
    PRIMARY KEY (account, date, position),
    FOREIGN KEY (account, date) REFERENCES sleep_day(account, date) ON DELETE CASCADE
);

CREATE TABLE sleep_segment (
    account         INTEGER NOT NULL,
    date            TEXT NOT NULL,
    session         INTEGER NOT NULL,       -- sleep_session.position
    short_wake      INTEGER NOT NULL,       -- 0: the timeline, 1: a short wake drawn over it
    position        INTEGER NOT NULL,
    start           TEXT NOT NULL,
    seconds         INTEGER NOT NULL,
    level           TEXT NOT NULL,          -- 'wake' | 'rem' | 'light' | 'deep' | 'asleep' | 'restless' | 'awake' | 'unknown'
    PRIMARY KEY (account, date, session, short_wake, position),
    FOREIGN KEY (account, date, session) REFERENCES sleep_session(account, date, position) ON DELETE CASCADE
);

CREATE TABLE sleep_stage_total (
    account         INTEGER NOT NULL,
    date            TEXT NOT NULL,
    session         INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    level           TEXT NOT NULL,
    minutes         INTEGER NOT NULL,
    thirty_day_avg  INTEGER,
    PRIMARY KEY (account, date, session, position),
    FOREIGN KEY (account, date, session) REFERENCES sleep_session(account, date, position) ON DELETE CASCADE
);

-- One row per devices fetch; its devices in device_snapshot (battery history for free).
CREATE TABLE device_fetch (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    fetched_at      TEXT NOT NULL,
    complete        INTEGER NOT NULL
);
CREATE INDEX device_fetch_by_account ON device_fetch (account, id);

CREATE TABLE device_snapshot (
    fetch           INTEGER NOT NULL REFERENCES device_fetch(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    device_id       TEXT NOT NULL,
    model           TEXT NOT NULL,
    kind            TEXT NOT NULL,          -- 'tracker' | 'scale' | 'other'
    kind_other      TEXT,
    battery         TEXT,                   -- 'high' | 'medium' | 'low' | 'empty' | 'other'
    battery_other   TEXT,
    battery_percent INTEGER,
    last_sync       TEXT,
    mac             TEXT,
    features        TEXT,                   -- the capability flags, one per line; NULL: none
    alarm_support   TEXT NOT NULL,          -- 'editable' | 'device_only' | 'none'
    PRIMARY KEY (fetch, position)
);

-- The last known server state of the alarms: one row per account, replaced by each fetch.
CREATE TABLE alarm_state (
    account         INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    fetched_at      TEXT NOT NULL,
    complete        INTEGER NOT NULL
);

CREATE TABLE alarm_tracker (
    account         INTEGER NOT NULL REFERENCES alarm_state(account) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    device_id       TEXT NOT NULL,
    model           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    kind_other      TEXT,
    battery         TEXT,
    battery_other   TEXT,
    battery_percent INTEGER,
    last_sync       TEXT,
    mac             TEXT,
    features        TEXT,
    alarm_support   TEXT NOT NULL,
    PRIMARY KEY (account, position)
);

CREATE TABLE alarm (
    account         INTEGER NOT NULL,
    tracker         INTEGER NOT NULL,       -- alarm_tracker.position
    position        INTEGER NOT NULL,
    id              INTEGER NOT NULL,
    hour            INTEGER NOT NULL,
    minute          INTEGER NOT NULL,
    utc_offset      INTEGER,                -- seconds east of UTC
    enabled         INTEGER NOT NULL,
    recurring       INTEGER NOT NULL,
    weekdays        INTEGER NOT NULL,       -- bit 0 Monday ... bit 6 Sunday
    snooze_length_min INTEGER NOT NULL,
    snooze_count    INTEGER NOT NULL,
    label           TEXT,
    vibe            TEXT NOT NULL,
    synced          INTEGER NOT NULL,
    deleted         INTEGER NOT NULL,
    PRIMARY KEY (account, tracker, position),
    FOREIGN KEY (account, tracker) REFERENCES alarm_tracker(account, position) ON DELETE CASCADE
);

-- The parts of a day's record that did not arrive (record: 'activity' | 'heart' | 'sleep');
-- replaced with the record.
CREATE TABLE gap (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    record          TEXT NOT NULL,
    date            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    part            TEXT NOT NULL,
    kind            TEXT NOT NULL,          -- 'not_granted' | 'failed'
    permission      TEXT,                   -- for 'not_granted'
    error_kind      TEXT,                   -- for 'failed': the ApiError variant, snake_case
    error_status    INTEGER,                -- its HTTP status, when it has one
    error_detail    TEXT,                   -- its first text (message, scope, endpoint, instant...)
    error_message   TEXT,                   -- its second text (message, detail)
    PRIMARY KEY (account, record, date, position)
);
";

/// The migrations, oldest first: `MIGRATIONS[n]` takes a database from version `n` to `n + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3_DAILY, V4_WEIGHT, V5_IMPORT, V6_ECG_LIST];

/// v2: the lower bound of the zone below fat burn, where the provider bounds it (Google's
/// LIGHT). NULL for days stored before.
const V2: &str = "ALTER TABLE heart_day ADD COLUMN zone_light INTEGER;";

/// v3: day-by-day trend values that came with a range request (a 30-day resting-HR range
/// fills 30 days at once), whether or not the day's own record was fetched. Only final days
/// (fetched after the day after them was over) are written. `value` NULL: fetched, no data
/// that day. The day's own record, where stored, is the same value and wins on read.
const V3_DAILY: &str = "
CREATE TABLE daily_value (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    metric          TEXT NOT NULL,          -- 'steps' | 'resting_hr' | 'hrv' | 'spo2' | 'breathing_rate' | 'skin_temp_delta'
    date            TEXT NOT NULL,
    value           REAL,                   -- steps, bpm, ms (HRV RMSSD), % (SpO2 average), breaths/min, °C
    value2          REAL,                   -- HRV deep-sleep RMSSD; SpO2 minimum
    value3          REAL,                   -- SpO2 maximum
    fetched_at      TEXT NOT NULL,
    PRIMARY KEY (account, metric, date)
);
";

/// v4: weigh-ins. `weigh_in` holds each one (its instant is the key; `date` is its local day in the
/// account's zone; body fat NULL when not measured); `weight_fetch` has one row per day covered
/// by a complete fetch, so "fetched, no weigh-in" differs from "never fetched" and finality can
/// be decided per day (`is_final` on `fetched_at`). Self-contained: it touches no other table.
const V4_WEIGHT: &str = r"
CREATE TABLE weigh_in (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    at              TEXT NOT NULL,          -- the instant, RFC 3339 UTC
    date            TEXT NOT NULL,          -- its local day
    weight_kg       REAL NOT NULL,
    body_fat_pct    REAL,                   -- NULL: not measured
    source          TEXT,                   -- as the provider names it; NULL: not said
    PRIMARY KEY (account, at)
);
CREATE INDEX weigh_in_by_date ON weigh_in (account, date);

CREATE TABLE weight_fetch (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date            TEXT NOT NULL,          -- a day covered by a complete fetch
    fetched_at      TEXT NOT NULL,
    PRIMARY KEY (account, date)
);
";

/// v5: imports (`fittui import`). An imported export is its own account (`provider` =
/// `takeout`), so it never adds to an API account's days. `import_run` has one row per import
/// (what it read, the span of days it brought); `import_day` the digest of each day record an
/// import wrote, so importing the same export again writes nothing and a newer export writes
/// only the days that changed; `exercise` the export's exercise logs. Self-contained.
const V5_IMPORT: &str = r"
CREATE TABLE import_run (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    imported_at     TEXT NOT NULL,          -- when the import ran
    exported_at     TEXT NOT NULL,          -- when the export was made (its records' fetched_at)
    first_day       TEXT,                   -- the span of days it holds
    last_day        TEXT,
    files           INTEGER NOT NULL,       -- health files read
    days_written    INTEGER NOT NULL,
    PRIMARY KEY (account, imported_at)
);

CREATE TABLE import_day (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,          -- 'activity' | 'heart' | 'sleep'
    date            TEXT NOT NULL,
    digest          TEXT NOT NULL,          -- of the day's record as imported
    PRIMARY KEY (account, kind, date)
);

CREATE TABLE exercise (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    log_id          INTEGER NOT NULL,
    name            TEXT NOT NULL,
    start           TEXT NOT NULL,          -- RFC 3339 UTC
    date            TEXT NOT NULL,          -- its local day
    duration_ms     INTEGER NOT NULL,
    calories_kcal   REAL,
    average_bpm     REAL,
    steps           INTEGER,
    distance_m      REAL,
    PRIMARY KEY (account, log_id)
);
CREATE INDEX exercise_by_date ON exercise (account, date);
";

/// v6: ECG readings as a range's list gave them (a period view's heart fill, `fittui sync`),
/// without their samples and whether or not the day's heart record is stored (`ecg_reading`
/// belongs to a heart day). Which days a list covered is the `daily_value` metric
/// `ecg_readings` (the day's count). A reading both here and in `ecg_reading` is read once.
const V6_ECG_LIST: &str = r"
CREATE TABLE ecg_listed (
    account         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    start           TEXT NOT NULL,          -- RFC 3339 UTC
    date            TEXT NOT NULL,          -- its local day
    classification_text TEXT NOT NULL,
    average_hr      INTEGER,
    PRIMARY KEY (account, start)
);
CREATE INDEX ecg_listed_by_date ON ecg_listed (account, date);
";

/// The schema version this build creates and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(super) fn user_version(conn: &Connection) -> Result<u32> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("schema version {v}")))
}

/// Refuses a database from a newer fittui (reads only).
pub(super) fn check_not_newer(conn: &Connection) -> Result<()> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Applies the missing migrations, each in its own transaction (taken with the write lock,
/// and the version read again under it: another process may have migrated meanwhile).
pub(super) fn migrate(conn: &Connection) -> Result<()> {
    loop {
        if user_version(conn)? >= SCHEMA_VERSION {
            return check_not_newer(conn);
        }
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let step = (|| {
            let version = user_version(conn)?;
            if version > SCHEMA_VERSION {
                return check_not_newer(conn);
            }
            if let Some(sql) = MIGRATIONS.get(version as usize) {
                conn.execute_batch(sql)?;
                conn.pragma_update(None, "user_version", version + 1)?;
            }
            Ok(())
        })();
        match step {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
    }
}
