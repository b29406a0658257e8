//! The local store: one `SQLite` database file per profile, holding what was fetched so the app
//! can start warm, page through past days without the network and ask the API only for what it
//! lacks. The schema is documented in `ARCHITECTURE.md` ("The store") and in [`schema`].
//!
//! - Every record sits in real tables and columns, keyed by account (provider + user id), so
//!   two accounts never mix and plain SQL answers questions like "steps per day in 2026":
//!   `SELECT date, steps FROM day_activity WHERE account = ? AND date LIKE '2026-%'`.
//! - Dates are ISO `YYYY-MM-DD` text; instants are RFC 3339 text in UTC as
//!   [`jiff::Timestamp`] prints it (`2026-11-21T08:00:00Z`, a fraction only when there is one),
//!   so every instant reads back exactly.
//! - Every write is one `BEGIN IMMEDIATE` transaction; with WAL and a busy timeout several
//!   processes can read and write the same file at once.
//! - Reading a record back gives exactly what was stored, except the trend vectors
//!   (`week_steps`, `resting_trend`, `hrv_trend`), which are rebuilt from the stored days'
//!   records and the day-by-day values range requests brought (`daily_value`).

mod account;
mod activity;
mod codec;
mod daily;
mod devices;
mod heart;
mod imports;
mod period;
mod records;
pub mod schema;
mod sleep;
mod weight;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::api::ProviderKind;

pub use daily::DailyEntry;
pub use imports::{ExerciseLog, ImportRun};
pub use period::{EcgEntry, HeartTotals, NightTotals, PeriodHealth};
pub use records::{Records, Streak};
pub use schema::SCHEMA_VERSION;

/// How long a write waits for another connection's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The local `SQLite` store of one profile. `Send + Sync`: share it in an `Arc` and call it from
/// blocking tasks; calls on one `Store` are serialised by its mutex.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
}

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file (or its folder) could not be created or opened.
    #[error("cannot open the local store {}: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The database was made by a newer fittui; it is left untouched.
    #[error(
        "the local store was created by a newer fittui (schema {found}, this one knows up to {known}); upgrade fittui"
    )]
    Newer { found: u32, known: u32 },
    #[error("local store: {0}")]
    Sqlite(rusqlite::Error),
    /// A stored value this build cannot read back (edited by hand, or a bug).
    #[error("the local store holds a value it cannot read: {0}")]
    Corrupt(String),
    /// A value that cannot be stored (e.g. a time zone that is neither IANA nor fixed).
    #[error("cannot store {0}")]
    Unstorable(String),
}

impl From<rusqlite::Error> for StoreError {
    /// rusqlite's "the column did not convert" errors mean a corrupt store.
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::InvalidColumnType(..) => Self::Corrupt(e.to_string()),
            other => Self::Sqlite(other),
        }
    }
}

/// Which account a record belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccountKey {
    pub provider: Origin,
    pub user_id: String,
}

/// Where an account's records came from: an API sign-in, or an imported export
/// (`fittui import`). The same person signed in and imported is two accounts, so API data and
/// imported data are never added together; the TUI reads one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    Api(ProviderKind),
    /// A Fitbit account archive or Google Takeout export.
    Takeout,
}

impl Origin {
    /// As stored in `accounts.provider`.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Api(kind) => kind.as_str(),
            Origin::Takeout => "takeout",
        }
    }
}

impl From<ProviderKind> for Origin {
    fn from(kind: ProviderKind) -> Self {
        Origin::Api(kind)
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Writes made together in one transaction ([`Store::batch`]): all of them land, or none.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    tx: &'a Transaction<'a>,
}

/// Metadata stored with every record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchMeta {
    pub fetched_at: Timestamp,
    /// Every part arrived (no failed gap). The store also clears it when the record has a
    /// `Failed` gap, whatever the caller said.
    pub complete: bool,
}

/// A record read back, with its metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    pub value: T,
    pub meta: FetchMeta,
}

type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Whether a stored day is final — never fetched again unless asked — given its metadata:
/// everything of it arrived and it was fetched after the day following `date` was over (in
/// the account's zone `tz`), when late syncs are in and the night is processed. Today,
/// yesterday, and a day stored while it was still one of those, are not. The TUI and
/// `fittui summary` and `fittui sync` all decide by this.
pub fn is_final(date: jiff::civil::Date, meta: FetchMeta, tz: &jiff::tz::TimeZone) -> bool {
    use jiff::ToSpan;
    meta.complete
        && date
            .checked_add(2.days())
            .ok()
            .and_then(|d| d.to_zoned(tz.clone()).ok())
            .is_some_and(|cutoff| meta.fetched_at >= cutoff.timestamp())
}

impl Store {
    /// Opens (creating it and its folder, 0700, when missing) the database at `path` and brings
    /// its schema up to date. A database from a newer fittui is refused and not modified.
    pub fn open(path: &Path) -> Result<Store> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir).map_err(open_err)?;
        }
        create_private_file(path).map_err(open_err)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Self::setup(conn, Some(path.to_path_buf()))
    }

    /// A private database in memory (tests, `--demo`).
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?, None)
    }

    fn setup(conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Refuse a newer schema before anything writes to the file (switching the journal mode
        // would).
        schema::check_not_newer(&conn)?;
        // WAL: readers never block the writer and a killed writer leaves nothing half-written.
        // `synchronous = NORMAL` in WAL mode: a commit survives the process being killed
        // (SIGKILL, a crash); only a power loss or OS crash may lose the last commits, never
        // corrupt the file — cached health data can be fetched again, so the fsync per commit
        // of FULL is not worth it.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if path.is_some() && !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt(format!(
                "cannot switch to WAL (journal mode stays {mode})"
            )));
        }
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        schema::migrate(&conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path,
        })
    }

    /// Where the database lives (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database (`PRAGMA user_version`), [`SCHEMA_VERSION`]
    /// once opened.
    pub fn schema_version(&self) -> Result<u32> {
        schema::user_version(&self.lock())
    }

    /// `PRAGMA integrity_check`: `"ok"` or what is wrong.
    pub fn integrity_check(&self) -> Result<String> {
        let conn = self.lock();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(lines.join("\n"))
    }

    /// When anything was last fetched into the store (any account), if ever.
    pub fn last_sync(&self) -> Result<Option<Timestamp>> {
        self.read(|tx| {
            let mut latest: Option<Timestamp> = None;
            for table in [
                "day_activity",
                "heart_day",
                "sleep_day",
                "device_fetch",
                "alarm_state",
                "weight_fetch",
            ] {
                // Instants are RFC 3339 text whose fractions vary in length, so they are
                // compared as instants, not as text.
                let mut stmt = tx.prepare(&format!("SELECT fetched_at FROM {table}"))?;
                for at in stmt.query_map([], |r| r.get::<_, codec::Ts>(0))? {
                    let at = at?.0;
                    latest = Some(latest.map_or(at, |l| l.max(at)));
                }
            }
            Ok(latest)
        })
    }

    /// When a day's record of `kind` was fetched and whether it was complete (`None`: not
    /// stored), without reading the record itself (a heart day's minutes, its ECG samples).
    pub fn day_meta(
        &self,
        key: &AccountKey,
        kind: crate::api::DayKind,
        date: jiff::civil::Date,
    ) -> Result<Option<FetchMeta>> {
        let table = match kind {
            crate::api::DayKind::Activity => "day_activity",
            crate::api::DayKind::Heart => "heart_day",
            crate::api::DayKind::Sleep => "sleep_day",
        };
        self.read(|tx| {
            let Some(account) = codec::find_account(tx, key)? else {
                return Ok(None);
            };
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT fetched_at, complete FROM {table} WHERE account = ?1 AND date = ?2"
            ))?;
            let mut rows = stmt.query(rusqlite::params![account, codec::Day(date)])?;
            let Some(row) = rows.next()? else {
                return Ok(None);
            };
            Ok(Some(FetchMeta {
                fetched_at: row.get::<_, codec::Ts>(0)?.0,
                complete: row.get(1)?,
            }))
        })
    }

    /// Runs `f`'s writes in one transaction: a kill at any instant leaves all of them or
    /// none (an import writes a batch of days at a time this way).
    pub fn batch<T>(&self, f: impl FnOnce(&Batch<'_>) -> Result<T>) -> Result<T> {
        self.write(|tx| f(&Batch { tx }))
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic mid-call drops its transaction (rolled back): the connection is still fine.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` in one write transaction (`BEGIN IMMEDIATE`: the write lock is taken up
    /// front, so a busy database is waited for instead of failing half-way).
    fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` in one read transaction, so its queries see one snapshot.
    fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let out = f(&tx)?;
        tx.finish()?;
        Ok(out)
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Creates the database file readable by its owner only (`SQLite` gives its `-wal` and `-shm`
/// files the same permissions); an existing file is left as it is.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
}

#[cfg(test)]
mod tests;
