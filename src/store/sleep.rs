//! `sleep_day`, `sleep_session`, `sleep_segment` and `sleep_stage_total`.

use jiff::civil::Date;
use rusqlite::{Connection, params};

use super::codec::{self, Day, Record, Ts, account_id, corrupt, find_account};
use super::{AccountKey, Batch, FetchMeta, Result, Store, Stored};
use crate::domain::sleep::{
    SleepDay, SleepKind, SleepLevel, SleepSegment, SleepSession, Spo2, StageTotal,
};
use crate::domain::{DailyMetric, DailyRecord as _};

fn level_str(l: SleepLevel) -> &'static str {
    match l {
        SleepLevel::Wake => "wake",
        SleepLevel::Rem => "rem",
        SleepLevel::Light => "light",
        SleepLevel::Deep => "deep",
        SleepLevel::Asleep => "asleep",
        SleepLevel::Restless => "restless",
        SleepLevel::Awake => "awake",
        SleepLevel::Unknown => "unknown",
    }
}

fn level_from(s: &str) -> Result<SleepLevel> {
    Ok(match s {
        "wake" => SleepLevel::Wake,
        "rem" => SleepLevel::Rem,
        "light" => SleepLevel::Light,
        "deep" => SleepLevel::Deep,
        "asleep" => SleepLevel::Asleep,
        "restless" => SleepLevel::Restless,
        "awake" => SleepLevel::Awake,
        "unknown" => SleepLevel::Unknown,
        other => return Err(corrupt("sleep level", other)),
    })
}

fn kind_str(k: SleepKind) -> &'static str {
    match k {
        SleepKind::Stages => "stages",
        SleepKind::Classic => "classic",
    }
}

fn put_session(
    conn: &Connection,
    account: i64,
    date: Day,
    position: usize,
    s: &SleepSession,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sleep_session (account, date, position, id, start, end, is_main, kind,
            minutes_asleep, minutes_awake, time_in_bed, efficiency, processing)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        account,
        date,
        position as i64,
        s.id,
        Ts(s.start),
        Ts(s.end),
        s.is_main,
        kind_str(s.kind),
        s.minutes_asleep,
        s.minutes_awake,
        s.time_in_bed,
        s.efficiency,
        s.processing,
    ])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sleep_segment (account, date, session, short_wake, position, start,
            seconds, level)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (short, list) in [(false, &s.segments), (true, &s.short_wakes)] {
        for (i, seg) in list.iter().enumerate() {
            stmt.execute(params![
                account,
                date,
                position as i64,
                short,
                i as i64,
                Ts(seg.start),
                seg.seconds,
                level_str(seg.level)
            ])?;
        }
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sleep_stage_total (account, date, session, position, level, minutes,
            thirty_day_avg)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, t) in s.stages.iter().enumerate() {
        stmt.execute(params![
            account,
            date,
            position as i64,
            i as i64,
            level_str(t.level),
            t.minutes,
            t.thirty_day_avg
        ])?;
    }
    Ok(())
}

fn sessions(conn: &Connection, account: i64, date: Day) -> Result<Vec<SleepSession>> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, id, start, end, is_main, kind, minutes_asleep, minutes_awake,
            time_in_bed, efficiency, processing
         FROM sleep_session WHERE account = ?1 AND date = ?2 ORDER BY position",
    )?;
    let mut rows = stmt.query(params![account, date])?;
    let mut out = Vec::new();
    let mut positions = Vec::new();
    while let Some(r) = rows.next()? {
        positions.push(r.get::<_, i64>(0)?);
        let kind = match r.get::<_, String>(5)?.as_str() {
            "stages" => SleepKind::Stages,
            "classic" => SleepKind::Classic,
            other => return Err(corrupt("sleep kind", other)),
        };
        out.push(SleepSession {
            id: r.get(1)?,
            start: r.get::<_, Ts>(2)?.0,
            end: r.get::<_, Ts>(3)?.0,
            is_main: r.get(4)?,
            kind,
            segments: Vec::new(),
            short_wakes: Vec::new(),
            minutes_asleep: r.get(6)?,
            minutes_awake: r.get(7)?,
            time_in_bed: r.get(8)?,
            stages: Vec::new(),
            efficiency: r.get(9)?,
            processing: r.get(10)?,
        });
    }
    drop(rows);
    let mut segments = conn.prepare_cached(
        "SELECT short_wake, start, seconds, level FROM sleep_segment
         WHERE account = ?1 AND date = ?2 AND session = ?3 ORDER BY short_wake, position",
    )?;
    let mut totals = conn.prepare_cached(
        "SELECT level, minutes, thirty_day_avg FROM sleep_stage_total
         WHERE account = ?1 AND date = ?2 AND session = ?3 ORDER BY position",
    )?;
    for (session, position) in out.iter_mut().zip(positions) {
        let mut rows = segments.query(params![account, date, position])?;
        while let Some(r) = rows.next()? {
            let seg = SleepSegment {
                start: r.get::<_, Ts>(1)?.0,
                seconds: r.get(2)?,
                level: level_from(&r.get::<_, String>(3)?)?,
            };
            if r.get::<_, bool>(0)? {
                session.short_wakes.push(seg);
            } else {
                session.segments.push(seg);
            }
        }
        let mut rows = totals.query(params![account, date, position])?;
        while let Some(r) = rows.next()? {
            session.stages.push(StageTotal {
                level: level_from(&r.get::<_, String>(0)?)?,
                minutes: r.get(1)?,
                thirty_day_avg: r.get(2)?,
            });
        }
    }
    Ok(out)
}

impl Store {
    /// Stores (replaces) one night's sleep, filed under the day it ended.
    pub fn put_sleep(&self, key: &AccountKey, day: &SleepDay, meta: FetchMeta) -> Result<()> {
        self.write(|tx| Batch { tx }.put_sleep(key, day, meta))
    }

    /// One stored night, by the day it ended.
    pub fn sleep(&self, key: &AccountKey, date: Date) -> Result<Option<Stored<SleepDay>>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(None);
            };
            let mut stmt = tx.prepare_cached(
                "SELECT processing, spo2_avg, spo2_min, spo2_max, breathing_rate,
                    skin_temp_delta_c, fetched_at, complete
                 FROM sleep_day WHERE account = ?1 AND date = ?2",
            )?;
            let mut rows = stmt.query(params![account, Day(date)])?;
            let Some(r) = rows.next()? else {
                return Ok(None);
            };
            let processing: bool = r.get(0)?;
            let spo2 = r.get::<_, Option<f64>>(1)?.map(|avg| Spo2 {
                avg,
                min: None,
                max: None,
            });
            let spo2 = match spo2 {
                Some(s) => Some(Spo2 {
                    min: r.get(2)?,
                    max: r.get(3)?,
                    ..s
                }),
                None => None,
            };
            let breathing_rate = r.get(4)?;
            let skin_temp_delta_c = r.get(5)?;
            let meta = FetchMeta {
                fetched_at: r.get::<_, Ts>(6)?.0,
                complete: r.get(7)?,
            };
            drop(rows);
            let sessions = sessions(tx, account, Day(date))?;
            let gaps = codec::gaps(tx, account, Record::Sleep, &date.to_string())?;
            Ok(Some(Stored {
                value: SleepDay {
                    date,
                    sessions,
                    processing,
                    spo2,
                    breathing_rate,
                    skin_temp_delta_c,
                    score: super::daily::on(tx, account, DailyMetric::SleepScore, date)?
                        .filter(|v| (1.0..=100.0).contains(v))
                        .map(|v| v.round() as u8),
                    gaps,
                },
                meta,
            }))
        })
    }
}

impl Batch<'_> {
    /// As [`Store::put_sleep`], inside the batch's transaction.
    pub fn put_sleep(&self, key: &AccountKey, day: &SleepDay, meta: FetchMeta) -> Result<()> {
        let tx = self.tx;
        let account = account_id(tx, key)?;
        let date = Day(day.date);
        // Only an export brings it: kept beside the day-by-day values, read back from there.
        if let Some(score) = day.score {
            let value = [(day.date, Some(f64::from(score).to_numbers()))];
            self.put_daily_many(key, &[(DailyMetric::SleepScore, &value)], meta.fetched_at)?;
        }
        tx.execute(
            "DELETE FROM sleep_day WHERE account = ?1 AND date = ?2",
            params![account, date],
        )?;
        tx.execute(
            "INSERT INTO sleep_day (account, date, processing, spo2_avg, spo2_min, spo2_max,
                    breathing_rate, skin_temp_delta_c, fetched_at, complete)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                account,
                date,
                day.processing,
                day.spo2.map(|s| s.avg),
                day.spo2.and_then(|s| s.min),
                day.spo2.and_then(|s| s.max),
                day.breathing_rate,
                day.skin_temp_delta_c,
                Ts(meta.fetched_at),
                codec::complete(meta.complete, &day.gaps),
            ],
        )?;
        for (position, s) in day.sessions.iter().enumerate() {
            put_session(tx, account, date, position, s)?;
        }
        codec::put_gaps(tx, account, Record::Sleep, &date.0.to_string(), &day.gaps)
    }
}
