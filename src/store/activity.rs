//! `day_activity` and `hourly_steps`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rusqlite::{Connection, Row, params};

use super::codec::{self, Day, Record, Ts, account_id, corrupt, find_account};
use super::{AccountKey, Batch, FetchMeta, Result, Store, Stored};
use crate::domain::activity::{ActivitySummary, Azm, DayActivity, GoalSource, Goals, HourlySteps};
use crate::domain::{DailyMetric, DailyRecord, DailyValue};

/// Days in `week_steps`, as the providers make it.
pub const WEEK_DAYS: i64 = 7;

fn goal_source_str(s: GoalSource) -> &'static str {
    match s {
        GoalSource::Provider => "provider",
        GoalSource::Config => "config",
    }
}

fn summary_from(row: &Row<'_>) -> Result<Option<ActivitySummary>> {
    if !row.get::<_, bool>("recorded")? {
        return Ok(None);
    }
    let azm = match (
        row.get::<_, Option<u32>>("azm_fat_burn")?,
        row.get::<_, Option<u32>>("azm_cardio")?,
        row.get::<_, Option<u32>>("azm_peak")?,
    ) {
        (Some(fat_burn), Some(cardio), Some(peak)) => Some(Azm {
            fat_burn,
            cardio,
            peak,
        }),
        _ => None,
    };
    Ok(Some(ActivitySummary {
        steps: row
            .get::<_, Option<u32>>("steps")?
            .ok_or_else(|| corrupt("recorded day without steps", "NULL"))?,
        distance_m: row
            .get::<_, Option<f64>>("distance_m")?
            .ok_or_else(|| corrupt("recorded day without distance", "NULL"))?,
        calories_kcal: row.get("calories_kcal")?,
        floors: row.get("floors")?,
        active_minutes: row.get("active_minutes")?,
        azm,
    }))
}

fn goals_from(row: &Row<'_>) -> Result<Option<Goals>> {
    let source = match row.get::<_, Option<String>>("goal_source")?.as_deref() {
        None => return Ok(None),
        Some("provider") => GoalSource::Provider,
        Some("config") => GoalSource::Config,
        Some(other) => return Err(corrupt("goal source", other)),
    };
    Ok(Some(Goals {
        steps: row.get("goal_steps")?,
        distance_m: row.get("goal_distance_m")?,
        calories_kcal: row.get("goal_calories_kcal")?,
        floors: row.get("goal_floors")?,
        active_minutes: row.get("goal_active_minutes")?,
        azm: row.get("goal_azm")?,
        source,
    }))
}

/// Steps per stored day in `[from, to]` (`None` for a day stored without data): the days'
/// records, and the daily steps range requests brought (whichever was fetched last).
fn steps_between(
    conn: &Connection,
    account: i64,
    from: Date,
    to: Date,
) -> Result<BTreeMap<Date, Option<u32>>> {
    let ranged = super::daily::between(conn, account, DailyMetric::Steps, from, to)?;
    let mut stmt = conn.prepare_cached(
        "SELECT date, steps, fetched_at FROM day_activity
         WHERE account = ?1 AND date BETWEEN ?2 AND ?3",
    )?;
    let records = stmt
        .query_map(params![account, Day(from), Day(to)], |r| {
            Ok((
                r.get::<_, Day>(0)?.0,
                (r.get::<_, Option<u32>>(1)?, r.get::<_, Ts>(2)?.0),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(super::daily::join(ranged, records, u32::from_numbers))
}

fn daily_values(dates: Vec<Date>, stored: &BTreeMap<Date, Option<u32>>) -> Vec<DailyValue<u32>> {
    dates
        .into_iter()
        .map(|date| DailyValue {
            date,
            value: stored.get(&date).copied().flatten(),
        })
        .collect()
}

impl Store {
    /// Stores (replaces) one day's activity. `week_steps` is not stored: it is rebuilt from the
    /// stored days on read.
    pub fn put_activity(&self, key: &AccountKey, day: &DayActivity, meta: FetchMeta) -> Result<()> {
        self.write(|tx| Batch { tx }.put_activity(key, day, meta))
    }

    /// One stored day. `week_steps` is rebuilt from the stored days' steps (7 days ending on
    /// `date`, `None` where a day is missing or has no data).
    pub fn activity(&self, key: &AccountKey, date: Date) -> Result<Option<Stored<DayActivity>>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(None);
            };
            let mut stmt =
                tx.prepare_cached("SELECT * FROM day_activity WHERE account = ?1 AND date = ?2")?;
            let mut rows = stmt.query(params![account, Day(date)])?;
            let Some(row) = rows.next()? else {
                return Ok(None);
            };
            let summary = summary_from(row)?;
            let goals = goals_from(row)?;
            let meta = FetchMeta {
                fetched_at: row.get::<_, Ts>("fetched_at")?.0,
                complete: row.get("complete")?,
            };
            drop(rows);
            let mut stmt = tx.prepare_cached(
                "SELECT start, steps FROM hourly_steps
                 WHERE account = ?1 AND date = ?2 ORDER BY position",
            )?;
            let hourly_steps = stmt
                .query_map(params![account, Day(date)], |r| {
                    Ok(HourlySteps {
                        start: r.get::<_, Ts>(0)?.0,
                        steps: r.get(1)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let week = codec::window(date, WEEK_DAYS);
            let first = week.first().copied().unwrap_or(date);
            let stored = steps_between(tx, account, first, date)?;
            let gaps = codec::gaps(tx, account, Record::Activity, &date.to_string())?;
            Ok(Some(Stored {
                value: DayActivity {
                    date,
                    summary,
                    hourly_steps,
                    week_steps: daily_values(week, &stored),
                    goals,
                    gaps,
                },
                meta,
            }))
        })
    }

    /// Daily steps over `[from, to]` (inclusive), `None` where missing or without data — one
    /// query.
    pub fn daily_steps(
        &self,
        key: &AccountKey,
        from: Date,
        to: Date,
    ) -> Result<Vec<DailyValue<u32>>> {
        let dates = codec::days(from, to);
        self.read(|tx| {
            let stored = match find_account(tx, key)? {
                Some(account) => steps_between(tx, account, from, to)?,
                None => BTreeMap::new(),
            };
            Ok(daily_values(dates, &stored))
        })
    }

    /// Days in `[from, to]` with a stored complete activity record (for "request only missing
    /// days"). Whether a stored day is final (fetched after it was over) is the caller's call:
    /// see [`Store::activity`]'s `meta.fetched_at`.
    pub fn stored_activity_days(
        &self,
        key: &AccountKey,
        from: Date,
        to: Date,
    ) -> Result<Vec<Date>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(Vec::new());
            };
            let mut stmt = tx.prepare_cached(
                "SELECT date FROM day_activity
                 WHERE account = ?1 AND date BETWEEN ?2 AND ?3 AND complete
                 ORDER BY date",
            )?;
            let days = stmt
                .query_map(params![account, Day(from), Day(to)], |r| {
                    Ok(r.get::<_, Day>(0)?.0)
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(days)
        })
    }
}

impl Store {
    /// Every day of `[from, to]` with its stored totals (no hourly detail), oldest first: the
    /// days' records, and the step counts range requests brought for days without one
    /// (whichever was fetched last). A day not stored has every total `None`.
    pub fn activity_totals(
        &self,
        key: &AccountKey,
        from: Date,
        to: Date,
    ) -> Result<Vec<crate::domain::activity::DayTotals>> {
        use crate::domain::activity::DayTotals;
        self.read(|tx| {
            let mut days: BTreeMap<Date, DayTotals> = codec::days(from, to)
                .into_iter()
                .map(|date| (date, DayTotals::empty(date)))
                .collect();
            let Some(account) = find_account(tx, key)? else {
                return Ok(days.into_values().collect());
            };
            // What range requests brought for the period views; a day's record, below, wins.
            for metric in [DailyMetric::Distance, DailyMetric::Floors, DailyMetric::Azm] {
                for (date, (value, _)) in super::daily::between(tx, account, metric, from, to)? {
                    let Some(day) = days.get_mut(&date) else {
                        continue;
                    };
                    day.stored = true;
                    let value = value.map(|n| n.0);
                    match metric {
                        DailyMetric::Distance => day.distance_m = value,
                        DailyMetric::Floors => {
                            day.floors = value.and_then(|v| u32::from_numbers((v, None, None)));
                        }
                        _ => day.azm = value.and_then(|v| u32::from_numbers((v, None, None))),
                    }
                }
            }
            let mut stmt = tx.prepare_cached(
                "SELECT date, distance_m, floors, azm_fat_burn + azm_cardio + azm_peak, goal_steps
                 FROM day_activity WHERE account = ?1 AND date BETWEEN ?2 AND ?3",
            )?;
            let mut rows = stmt.query(params![account, Day(from), Day(to)])?;
            while let Some(r) = rows.next()? {
                let date = r.get::<_, Day>(0)?.0;
                if let Some(day) = days.get_mut(&date) {
                    day.stored = true;
                    day.distance_m = r.get(1)?;
                    day.floors = r.get(2)?;
                    day.azm = r.get(3)?;
                    day.goal_steps = r.get(4)?;
                }
            }
            drop(rows);
            for (date, steps) in steps_between(tx, account, from, to)? {
                if let Some(day) = days.get_mut(&date) {
                    day.stored = true;
                    day.steps = steps;
                }
            }
            Ok(days.into_values().collect())
        })
    }
}

impl Store {
    /// Stores final days' totals a range request brought (steps, distance, floors, AZM) as
    /// day-by-day values, in one transaction; a day without data is kept as such.
    pub fn put_day_totals(
        &self,
        key: &AccountKey,
        days: &[crate::domain::activity::DayTotals],
        fetched_at: jiff::Timestamp,
    ) -> Result<()> {
        let number = |v: Option<f64>| v.map(|v| (v, None, None));
        let rows = |f: &dyn Fn(&crate::domain::activity::DayTotals) -> Option<f64>| {
            days.iter()
                .map(|d| (d.date, number(f(d))))
                .collect::<Vec<_>>()
        };
        let (steps, distance) = (rows(&|d| d.steps.map(f64::from)), rows(&|d| d.distance_m));
        let (floors, azm) = (
            rows(&|d| d.floors.map(f64::from)),
            rows(&|d| d.azm.map(f64::from)),
        );
        self.put_daily_many(
            key,
            &[
                (DailyMetric::Steps, &steps),
                (DailyMetric::Distance, &distance),
                (DailyMetric::Floors, &floors),
                (DailyMetric::Azm, &azm),
            ],
            fetched_at,
        )?;
        Ok(())
    }
}

impl Batch<'_> {
    /// As [`Store::put_activity`], inside the batch's transaction.
    pub fn put_activity(&self, key: &AccountKey, day: &DayActivity, meta: FetchMeta) -> Result<()> {
        let tx = self.tx;
        let account = account_id(tx, key)?;
        let date = Day(day.date);
        tx.execute(
            "DELETE FROM day_activity WHERE account = ?1 AND date = ?2",
            params![account, date],
        )?;
        let s = day.summary.as_ref();
        let azm = s.and_then(|s| s.azm);
        let g = day.goals.as_ref();
        tx.execute(
            "INSERT INTO day_activity (account, date, recorded, steps, distance_m,
                    calories_kcal, floors, active_minutes, azm_fat_burn, azm_cardio, azm_peak,
                    goal_source, goal_steps, goal_distance_m, goal_calories_kcal, goal_floors,
                    goal_active_minutes, goal_azm, fetched_at, complete)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?20)",
            params![
                account,
                date,
                s.is_some(),
                s.map(|s| s.steps),
                s.map(|s| s.distance_m),
                s.and_then(|s| s.calories_kcal),
                s.and_then(|s| s.floors),
                s.and_then(|s| s.active_minutes),
                azm.map(|a| a.fat_burn),
                azm.map(|a| a.cardio),
                azm.map(|a| a.peak),
                g.map(|g| goal_source_str(g.source)),
                g.and_then(|g| g.steps),
                g.and_then(|g| g.distance_m),
                g.and_then(|g| g.calories_kcal),
                g.and_then(|g| g.floors),
                g.and_then(|g| g.active_minutes),
                g.and_then(|g| g.azm),
                Ts(meta.fetched_at),
                codec::complete(meta.complete, &day.gaps),
            ],
        )?;
        let mut stmt = tx.prepare_cached(
            "INSERT INTO hourly_steps (account, date, position, start, steps)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (position, h) in day.hourly_steps.iter().enumerate() {
            stmt.execute(params![
                account,
                date,
                position as i64,
                Ts(h.start),
                h.steps
            ])?;
        }
        codec::put_gaps(
            tx,
            account,
            Record::Activity,
            &date.0.to_string(),
            &day.gaps,
        )
    }
}
