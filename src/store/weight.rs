//! `weigh_in` and `weight_fetch`: weigh-ins, and which days of them were fetched when.
//!
//! Weigh-ins are not per-day records (a day may have none, one or several), so a fetch of a
//! range replaces the range's weigh-ins whole and marks each of its days fetched in
//! `weight_fetch` — "no weigh-in that day" is then told apart from "not asked yet".

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::params;

use super::codec::{Day, Ts, account_id, days, find_account};
use super::{AccountKey, Batch, FetchMeta, Result, Store, is_final};
use crate::domain::weight::WeighIn;

impl Store {
    /// Stores what a fetch of the local days `from..=to` brought: the range's stored weigh-ins
    /// are replaced by `weigh_ins` (those dated in the range; others are ignored), and, when the
    /// fetch was complete, each day of the range is recorded as fetched at `meta.fetched_at`.
    /// One transaction.
    pub fn put_weigh_ins(
        &self,
        key: &AccountKey,
        from: Date,
        to: Date,
        weigh_ins: &[WeighIn],
        meta: FetchMeta,
    ) -> Result<()> {
        self.write(|tx| Batch { tx }.put_weigh_ins(key, from, to, weigh_ins, meta))
    }

    /// The stored weigh-ins dated `from..=to`, oldest first.
    pub fn weigh_ins(&self, key: &AccountKey, from: Date, to: Date) -> Result<Vec<WeighIn>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(Vec::new());
            };
            let mut stmt = tx.prepare_cached(
                "SELECT at, date, weight_kg, body_fat_pct, source FROM weigh_in
                 WHERE account = ?1 AND date BETWEEN ?2 AND ?3",
            )?;
            let mut out = stmt
                .query_map(params![account, Day(from), Day(to)], |r| {
                    Ok(WeighIn {
                        at: r.get::<_, Ts>(0)?.0,
                        date: r.get::<_, Day>(1)?.0,
                        weight_kg: r.get(2)?,
                        body_fat_pct: r.get(3)?,
                        source: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            // Instants are compared as instants (their text varies in fraction length).
            out.sort_by_key(|w| w.at);
            Ok(out)
        })
    }

    /// When each day of `from..=to` had its weigh-ins fetched (days never fetched are absent).
    pub fn weight_fetches(
        &self,
        key: &AccountKey,
        from: Date,
        to: Date,
    ) -> Result<BTreeMap<Date, Timestamp>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(BTreeMap::new());
            };
            let mut stmt = tx.prepare_cached(
                "SELECT date, fetched_at FROM weight_fetch
                 WHERE account = ?1 AND date BETWEEN ?2 AND ?3",
            )?;
            let rows = stmt.query_map(params![account, Day(from), Day(to)], |r| {
                Ok((r.get::<_, Day>(0)?.0, r.get::<_, Ts>(1)?.0))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The days of `from..=to` whose weigh-ins are final (see [`is_final`]: fetched after the
    /// day following it was over in `tz`), oldest first. The other days are to be fetched.
    pub fn final_weight_days(
        &self,
        key: &AccountKey,
        from: Date,
        to: Date,
        tz: &TimeZone,
    ) -> Result<Vec<Date>> {
        Ok(self
            .weight_fetches(key, from, to)?
            .into_iter()
            .filter(|(date, fetched_at)| {
                is_final(
                    *date,
                    FetchMeta {
                        fetched_at: *fetched_at,
                        complete: true,
                    },
                    tz,
                )
            })
            .map(|(date, _)| date)
            .collect())
    }
}

impl Batch<'_> {
    /// As [`Store::put_weigh_ins`], inside the batch's transaction.
    pub fn put_weigh_ins(
        &self,
        key: &AccountKey,
        from: Date,
        to: Date,
        weigh_ins: &[WeighIn],
        meta: FetchMeta,
    ) -> Result<()> {
        let tx = self.tx;
        let account = account_id(tx, key)?;
        tx.execute(
            "DELETE FROM weigh_in WHERE account = ?1 AND date BETWEEN ?2 AND ?3",
            params![account, Day(from), Day(to)],
        )?;
        let mut insert = tx.prepare_cached(
            "INSERT OR REPLACE INTO weigh_in
                    (account, at, date, weight_kg, body_fat_pct, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for w in weigh_ins.iter().filter(|w| w.date >= from && w.date <= to) {
            insert.execute(params![
                account,
                Ts(w.at),
                Day(w.date),
                w.weight_kg,
                w.body_fat_pct,
                w.source
            ])?;
        }
        if meta.complete {
            let mut fetched = tx.prepare_cached(
                "INSERT OR REPLACE INTO weight_fetch (account, date, fetched_at)
                     VALUES (?1, ?2, ?3)",
            )?;
            for date in days(from, to) {
                fetched.execute(params![account, Day(date), Ts(meta.fetched_at)])?;
            }
        }
        Ok(())
    }
}
