//! What `fittui import` keeps besides the day records: the digest of each imported day (so a
//! second import of the same export writes nothing), one row per import, and exercises.

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{OptionalExtension, params};

use super::codec::{Day, Ts, account_id, find_account};
use super::{AccountKey, Batch, Result, Store};

/// One exercise log of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseLog {
    pub log_id: u64,
    pub name: String,
    pub start: Timestamp,
    /// Its local day.
    pub date: Date,
    pub duration_ms: u64,
    pub calories_kcal: Option<f64>,
    pub average_bpm: Option<f64>,
    pub steps: Option<u64>,
    pub distance_m: Option<f64>,
}

/// The last import into an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRun {
    pub imported_at: Timestamp,
    pub exported_at: Timestamp,
    pub first_day: Option<Date>,
    pub last_day: Option<Date>,
    pub files: u64,
    pub days_written: u64,
}

impl Batch<'_> {
    /// The digest stored for `kind`'s record of `date` by an earlier import, if any.
    pub fn import_digest(
        &self,
        key: &AccountKey,
        kind: &str,
        date: Date,
    ) -> Result<Option<String>> {
        let account = account_id(self.tx, key)?;
        Ok(self
            .tx
            .prepare_cached(
                "SELECT digest FROM import_day WHERE account = ?1 AND kind = ?2 AND date = ?3",
            )?
            .query_row(params![account, kind, Day(date)], |r| r.get(0))
            .optional()?)
    }

    /// Records that `kind`'s record of `date` was imported with `digest`.
    pub fn put_import_digest(
        &self,
        key: &AccountKey,
        kind: &str,
        date: Date,
        digest: &str,
    ) -> Result<()> {
        let account = account_id(self.tx, key)?;
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO import_day (account, kind, date, digest)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![account, kind, Day(date), digest])?;
        Ok(())
    }

    /// Stores (replaces) exercise logs by their id.
    pub fn put_exercises(&self, key: &AccountKey, logs: &[ExerciseLog]) -> Result<()> {
        let account = account_id(self.tx, key)?;
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO exercise (account, log_id, name, start, date, duration_ms,
                calories_kcal, average_bpm, steps, distance_m)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for e in logs {
            stmt.execute(params![
                account,
                e.log_id as i64,
                e.name,
                Ts(e.start),
                Day(e.date),
                e.duration_ms as i64,
                e.calories_kcal,
                e.average_bpm,
                e.steps.map(|s| s as i64),
                e.distance_m
            ])?;
        }
        Ok(())
    }

    /// Records an import.
    pub fn put_import_run(&self, key: &AccountKey, run: &ImportRun) -> Result<()> {
        let account = account_id(self.tx, key)?;
        self.tx.execute(
            "INSERT OR REPLACE INTO import_run (account, imported_at, exported_at, first_day,
                last_day, files, days_written)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                account,
                Ts(run.imported_at),
                Ts(run.exported_at),
                run.first_day.map(Day),
                run.last_day.map(Day),
                run.files as i64,
                run.days_written as i64
            ],
        )?;
        Ok(())
    }
}

impl Store {
    /// The stored exercises dated `from..=to`, oldest first.
    pub fn exercises(&self, key: &AccountKey, from: Date, to: Date) -> Result<Vec<ExerciseLog>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(Vec::new());
            };
            let mut stmt = tx.prepare(
                "SELECT log_id, name, start, date, duration_ms, calories_kcal, average_bpm,
                    steps, distance_m
                 FROM exercise WHERE account = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY start",
            )?;
            let rows = stmt.query_map(params![account, Day(from), Day(to)], |r| {
                Ok(ExerciseLog {
                    log_id: r.get::<_, i64>(0)? as u64,
                    name: r.get(1)?,
                    start: r.get::<_, Ts>(2)?.0,
                    date: r.get::<_, Day>(3)?.0,
                    duration_ms: r.get::<_, i64>(4)? as u64,
                    calories_kcal: r.get(5)?,
                    average_bpm: r.get(6)?,
                    steps: r.get::<_, Option<i64>>(7)?.map(|s| s as u64),
                    distance_m: r.get(8)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The latest import into `key`'s account, if it has one.
    pub fn last_import(&self, key: &AccountKey) -> Result<Option<ImportRun>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(None);
            };
            Ok(tx
                .query_row(
                    "SELECT imported_at, exported_at, first_day, last_day, files, days_written
                     FROM import_run WHERE account = ?1 ORDER BY imported_at DESC LIMIT 1",
                    params![account],
                    |r| {
                        Ok(ImportRun {
                            imported_at: r.get::<_, Ts>(0)?.0,
                            exported_at: r.get::<_, Ts>(1)?.0,
                            first_day: r.get::<_, Option<Day>>(2)?.map(|d| d.0),
                            last_day: r.get::<_, Option<Day>>(3)?.map(|d| d.0),
                            files: r.get::<_, i64>(4)? as u64,
                            days_written: r.get::<_, i64>(5)? as u64,
                        })
                    },
                )
                .optional()?)
        })
    }
}
