//! Day-by-day trend values (`daily_value`): what a range request brought for days whose own
//! record may never be fetched. Trends read from the store join these with the days' records
//! (a day's record wins: it is the same value, fetched with the day).

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{Connection, params};

use super::codec::{Day, Ts, account_id, find_account};
use super::{AccountKey, Batch, Result, Store};
use crate::domain::{DailyMetric, DailyNumbers};

/// A stored day: `None` when the day was fetched and had no data.
pub type DailyEntry = (Date, Option<DailyNumbers>);

/// The stored values of `metric` in `[from, to]` with when each was fetched, by date (days
/// never stored are absent).
pub(super) fn between(
    conn: &Connection,
    account: i64,
    metric: DailyMetric,
    from: Date,
    to: Date,
) -> Result<BTreeMap<Date, (Option<DailyNumbers>, Timestamp)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, value, value2, value3, fetched_at FROM daily_value
         WHERE account = ?1 AND metric = ?2 AND date BETWEEN ?3 AND ?4",
    )?;
    let rows = stmt.query_map(params![account, metric.name(), Day(from), Day(to)], |r| {
        let value = match r.get::<_, Option<f64>>(1)? {
            Some(v) => Some((v, r.get(2)?, r.get(3)?)),
            None => None,
        };
        Ok((r.get::<_, Day>(0)?.0, (value, r.get::<_, Ts>(4)?.0)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored value of `metric` on `date` (`None`: not stored, or stored without data).
pub(super) fn on(
    conn: &Connection,
    account: i64,
    metric: DailyMetric,
    date: Date,
) -> Result<Option<f64>> {
    Ok(between(conn, account, metric, date, date)?
        .remove(&date)
        .and_then(|(n, _)| n)
        .map(|n| n.0))
}

/// Joins a day-record column (`records`: value and fetched-at by date) with the day-by-day
/// values of the same measure: for each date, whichever was fetched last.
pub(super) fn join<T>(
    ranged: BTreeMap<Date, (Option<DailyNumbers>, Timestamp)>,
    records: BTreeMap<Date, (Option<T>, Timestamp)>,
    from_numbers: impl Fn(DailyNumbers) -> Option<T>,
) -> BTreeMap<Date, Option<T>> {
    let mut out: BTreeMap<Date, (Option<T>, Timestamp)> = ranged
        .into_iter()
        .map(|(date, (n, at))| (date, (n.and_then(&from_numbers), at)))
        .collect();
    for (date, (value, at)) in records {
        match out.get(&date) {
            Some((_, ranged_at)) if *ranged_at > at => {}
            _ => {
                out.insert(date, (value, at));
            }
        }
    }
    out.into_iter().map(|(d, (v, _))| (d, v)).collect()
}

impl Store {
    /// Stores (replaces) final day-by-day values of `metric`, all in one transaction.
    pub fn put_daily(
        &self,
        key: &AccountKey,
        metric: DailyMetric,
        values: &[DailyEntry],
        fetched_at: Timestamp,
    ) -> Result<()> {
        self.put_daily_many(key, &[(metric, values)], fetched_at)
    }

    /// Stores (replaces) several metrics' final day-by-day values, all in one transaction.
    pub fn put_daily_many(
        &self,
        key: &AccountKey,
        metrics: &[(DailyMetric, &[DailyEntry])],
        fetched_at: Timestamp,
    ) -> Result<()> {
        if metrics.iter().all(|(_, values)| values.is_empty()) {
            return Ok(());
        }
        self.write(|tx| Batch { tx }.put_daily_many(key, metrics, fetched_at))
    }
}

impl Batch<'_> {
    /// As [`Store::put_daily_many`], inside the batch's transaction.
    pub fn put_daily_many(
        &self,
        key: &AccountKey,
        metrics: &[(DailyMetric, &[DailyEntry])],
        fetched_at: Timestamp,
    ) -> Result<()> {
        {
            let tx = self.tx;
            let account = account_id(tx, key)?;
            let mut stmt = tx.prepare_cached(
                "INSERT OR REPLACE INTO daily_value
                    (account, metric, date, value, value2, value3, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for (metric, values) in metrics {
                for (date, value) in *values {
                    stmt.execute(params![
                        account,
                        metric.name(),
                        Day(*date),
                        value.map(|v| v.0),
                        value.and_then(|v| v.1),
                        value.and_then(|v| v.2),
                        Ts(fetched_at),
                    ])?;
                }
            }
            Ok(())
        }
    }
}

impl Store {
    /// The stored day-by-day values of `metric` in `[from, to]`, oldest first (days never
    /// stored are absent; a day stored without data is `None`).
    pub fn daily(
        &self,
        key: &AccountKey,
        metric: DailyMetric,
        from: Date,
        to: Date,
    ) -> Result<Vec<DailyEntry>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(Vec::new());
            };
            Ok(between(tx, account, metric, from, to)?
                .into_iter()
                .map(|(date, (value, _))| (date, value))
                .collect())
        })
    }
}
