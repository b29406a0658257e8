//! `heart_day`, `heart_bucket` and `ecg_reading`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rusqlite::{Row, params};

use super::codec::{self, Day, Record, Ts, account_id, corrupt, find_account};
use super::{AccountKey, Batch, FetchMeta, Result, Store, StoreError, Stored};
use crate::domain::ecg::{EcgClassification, EcgReading};
use crate::domain::heart::{
    HeartBucket, HeartDay, HeartSeries, Hrv, Resolution, ZoneMinutes, ZoneThresholds,
};
use crate::domain::{DailyMetric, DailyRecord, DailyValue};

/// Days in `resting_trend` and `hrv_trend`, as the providers make them.
pub const TREND_DAYS: i64 = 30;

fn resolution_columns(r: Resolution) -> (&'static str, Option<u16>) {
    match r {
        Resolution::Second => ("second", None),
        Resolution::Minute => ("minute", None),
        Resolution::Minutes(n) => ("minutes", Some(n)),
    }
}

fn classification_columns(c: &EcgClassification) -> (&'static str, Option<&str>) {
    match c {
        EcgClassification::NormalSinusRhythm => ("normal_sinus_rhythm", None),
        EcgClassification::AtrialFibrillation => ("atrial_fibrillation", None),
        EcgClassification::Inconclusive => ("inconclusive", None),
        EcgClassification::Other(s) => ("other", Some(s)),
    }
}

fn classification_from(kind: &str, other: Option<String>) -> Result<EcgClassification> {
    Ok(match kind {
        "normal_sinus_rhythm" => EcgClassification::NormalSinusRhythm,
        "atrial_fibrillation" => EcgClassification::AtrialFibrillation,
        "inconclusive" => EcgClassification::Inconclusive,
        "other" => EcgClassification::Other(other.unwrap_or_default()),
        other => return Err(corrupt("ECG classification", other)),
    })
}

/// Samples as little-endian `i32`s.
fn samples_blob(samples: &[i32]) -> Vec<u8> {
    samples.iter().flat_map(|s| s.to_le_bytes()).collect()
}

fn samples_from(blob: &[u8]) -> Result<Vec<i32>> {
    let chunks = blob.chunks_exact(4);
    if !chunks.remainder().is_empty() {
        return Err(StoreError::Corrupt(format!(
            "ECG samples of {} bytes (not a multiple of 4)",
            blob.len()
        )));
    }
    Ok(chunks
        .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// The head row's own values: everything but the series' buckets, ECG, trends and gaps.
struct Head {
    resolution: Resolution,
    start: Ts,
    end: Ts,
    resting_bpm: Option<u16>,
    zones: Option<ZoneThresholds>,
    time_in_zones: Option<ZoneMinutes>,
    hrv: Option<Hrv>,
    ecg_known: bool,
    meta: FetchMeta,
}

fn head_from(row: &Row<'_>) -> Result<Head> {
    let resolution = match row.get::<_, String>("resolution")?.as_str() {
        "second" => Resolution::Second,
        "minute" => Resolution::Minute,
        "minutes" => Resolution::Minutes(
            row.get::<_, Option<u16>>("resolution_minutes")?
                .ok_or_else(|| corrupt("resolution", "minutes without a count"))?,
        ),
        other => return Err(corrupt("resolution", other)),
    };
    let zones = match (
        row.get::<_, Option<u16>>("zone_fat_burn")?,
        row.get::<_, Option<u16>>("zone_cardio")?,
        row.get::<_, Option<u16>>("zone_peak")?,
    ) {
        (Some(fat_burn), Some(cardio), Some(peak)) => Some(ZoneThresholds {
            fat_burn,
            cardio,
            peak,
            light: row.get::<_, Option<u16>>("zone_light")?,
        }),
        _ => None,
    };
    let time_in_zones = match (
        row.get::<_, Option<u32>>("minutes_below")?,
        row.get::<_, Option<u32>>("minutes_fat_burn")?,
        row.get::<_, Option<u32>>("minutes_cardio")?,
        row.get::<_, Option<u32>>("minutes_peak")?,
    ) {
        (Some(below), Some(fat_burn), Some(cardio), Some(peak)) => Some(ZoneMinutes {
            below,
            fat_burn,
            cardio,
            peak,
        }),
        _ => None,
    };
    let hrv = row
        .get::<_, Option<f64>>("hrv_rmssd_ms")?
        .map(|daily_rmssd_ms| -> Result<Hrv> {
            Ok(Hrv {
                daily_rmssd_ms,
                deep_rmssd_ms: row.get("hrv_deep_rmssd_ms")?,
            })
        })
        .transpose()?;
    Ok(Head {
        resolution,
        start: row.get("series_start")?,
        end: row.get("series_end")?,
        resting_bpm: row.get("resting_bpm")?,
        zones,
        time_in_zones,
        hrv,
        ecg_known: row.get("ecg_known")?,
        meta: FetchMeta {
            fetched_at: row.get::<_, Ts>("fetched_at")?.0,
            complete: row.get("complete")?,
        },
    })
}

/// The head row of `account`'s heart day `date`, if stored.
fn head_of(conn: &rusqlite::Connection, account: i64, date: Date) -> Result<Option<Head>> {
    let mut stmt =
        conn.prepare_cached("SELECT * FROM heart_day WHERE account = ?1 AND date = ?2")?;
    let mut rows = stmt.query(params![account, Day(date)])?;
    rows.next()?.map(head_from).transpose()
}

fn trend<T: Copy>(dates: &[Date], stored: &BTreeMap<Date, Option<T>>) -> Vec<DailyValue<T>> {
    dates
        .iter()
        .map(|&date| DailyValue {
            date,
            value: stored.get(&date).copied().flatten(),
        })
        .collect()
}

impl Store {
    /// Stores (replaces) one day's heart data, its per-minute buckets and ECG readings. The
    /// trends are not stored: they are rebuilt from the stored days on read.
    pub fn put_heart(&self, key: &AccountKey, day: &HeartDay, meta: FetchMeta) -> Result<()> {
        self.write(|tx| Batch { tx }.put_heart(key, day, meta))
    }

    /// One stored day's own values only — resting rate, zones, time in zones, HRV, gaps and
    /// when it was fetched — without the intraday series (empty), the ECG readings (`None`)
    /// and the trends (empty): what `fittui summary` shows, without reading the day's
    /// ~1,400 per-minute buckets. [`Store::heart`] has the whole day.
    pub fn heart_values(&self, key: &AccountKey, date: Date) -> Result<Option<Stored<HeartDay>>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(None);
            };
            let Some(head) = head_of(tx, account, date)? else {
                return Ok(None);
            };
            let gaps = codec::gaps(tx, account, Record::Heart, &date.to_string())?;
            Ok(Some(Stored {
                value: HeartDay {
                    date,
                    intraday: HeartSeries::from_buckets(
                        head.start.0,
                        head.end.0,
                        head.resolution,
                        Vec::new(),
                    ),
                    resting_bpm: head.resting_bpm,
                    zones: head.zones,
                    time_in_zones: head.time_in_zones,
                    resting_trend: Vec::new(),
                    hrv: head.hrv,
                    hrv_trend: Vec::new(),
                    ecg: None,
                    vo2_max: super::daily::on(tx, account, DailyMetric::Vo2Max, date)?,
                    gaps,
                },
                meta: head.meta,
            }))
        })
    }

    /// One stored day. `resting_trend` and `hrv_trend` are rebuilt from the stored days (the 30
    /// days ending on `date`, as the providers make them; `None` where a day is missing or has
    /// no value).
    pub fn heart(&self, key: &AccountKey, date: Date) -> Result<Option<Stored<HeartDay>>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(None);
            };
            let Some(head) = head_of(tx, account, date)? else {
                return Ok(None);
            };
            let mut stmt = tx.prepare_cached(
                "SELECT minute, min, max, mean, weight FROM heart_bucket
                 WHERE account = ?1 AND date = ?2 ORDER BY minute",
            )?;
            let buckets = stmt
                .query_map(params![account, Day(date)], |r| {
                    Ok(HeartBucket {
                        minute: r.get(0)?,
                        min: r.get(1)?,
                        max: r.get(2)?,
                        mean: r.get::<_, f64>(3)? as f32,
                        weight: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let ecg = if head.ecg_known {
                let mut stmt = tx.prepare_cached(
                    "SELECT start, classification, classification_other, classification_text,
                        average_hr, sampling_hz, scaling_factor, samples, lead, device
                     FROM ecg_reading WHERE account = ?1 AND date = ?2 ORDER BY position",
                )?;
                let mut rows = stmt.query(params![account, Day(date)])?;
                let mut readings = Vec::new();
                while let Some(r) = rows.next()? {
                    readings.push(EcgReading {
                        start: r.get::<_, Ts>(0)?.0,
                        classification: classification_from(&r.get::<_, String>(1)?, r.get(2)?)?,
                        classification_text: r.get(3)?,
                        average_hr: r.get(4)?,
                        sampling_hz: r.get(5)?,
                        scaling_factor: r.get(6)?,
                        samples: samples_from(&r.get::<_, Vec<u8>>(7)?)?,
                        lead: r.get(8)?,
                        device: r.get(9)?,
                    });
                }
                Some(readings)
            } else {
                None
            };
            let window = codec::window(date, TREND_DAYS);
            let first = window.first().copied().unwrap_or(date);
            let mut stmt = tx.prepare_cached(
                "SELECT date, resting_bpm, hrv_rmssd_ms, fetched_at FROM heart_day
                 WHERE account = ?1 AND date BETWEEN ?2 AND ?3",
            )?;
            let mut resting_records = BTreeMap::new();
            let mut hrv_records = BTreeMap::new();
            let mut rows = stmt.query(params![account, Day(first), Day(date)])?;
            while let Some(r) = rows.next()? {
                let d = r.get::<_, Day>(0)?.0;
                let at = r.get::<_, Ts>(3)?.0;
                resting_records.insert(d, (r.get::<_, Option<u16>>(1)?, at));
                hrv_records.insert(d, (r.get::<_, Option<f64>>(2)?, at));
            }
            drop(rows);
            let ranged = |metric| super::daily::between(tx, account, metric, first, date);
            let resting = super::daily::join(
                ranged(DailyMetric::RestingHr)?,
                resting_records,
                u16::from_numbers,
            );
            let hrv = super::daily::join(ranged(DailyMetric::Hrv)?, hrv_records, |n| {
                f64::from_numbers(n)
            });
            let gaps = codec::gaps(tx, account, Record::Heart, &date.to_string())?;
            Ok(Some(Stored {
                value: HeartDay {
                    date,
                    intraday: HeartSeries::from_buckets(
                        head.start.0,
                        head.end.0,
                        head.resolution,
                        buckets,
                    ),
                    resting_bpm: head.resting_bpm,
                    zones: head.zones,
                    time_in_zones: head.time_in_zones,
                    resting_trend: trend(&window, &resting),
                    hrv: head.hrv,
                    hrv_trend: trend(&window, &hrv),
                    ecg,
                    vo2_max: super::daily::on(tx, account, DailyMetric::Vo2Max, date)?,
                    gaps,
                },
                meta: head.meta,
            }))
        })
    }
}

impl Batch<'_> {
    /// As [`Store::put_heart`], inside the batch's transaction.
    pub fn put_heart(&self, key: &AccountKey, day: &HeartDay, meta: FetchMeta) -> Result<()> {
        let tx = self.tx;
        let account = account_id(tx, key)?;
        let date = Day(day.date);
        // Only an export brings it: kept beside the day-by-day values, read back from there.
        if let Some(v) = day.vo2_max {
            let value = [(day.date, Some(v.to_numbers()))];
            self.put_daily_many(key, &[(DailyMetric::Vo2Max, &value)], meta.fetched_at)?;
        }
        tx.execute(
            "DELETE FROM heart_day WHERE account = ?1 AND date = ?2",
            params![account, date],
        )?;
        let (resolution, resolution_minutes) = resolution_columns(day.intraday.resolution);
        let z = day.zones;
        let m = day.time_in_zones;
        tx.execute(
            "INSERT INTO heart_day (account, date, resolution, resolution_minutes,
                    series_start, series_end, resting_bpm, zone_fat_burn, zone_cardio, zone_peak,
                    minutes_below, minutes_fat_burn, minutes_cardio, minutes_peak, hrv_rmssd_ms,
                    hrv_deep_rmssd_ms, ecg_known, fetched_at, complete, zone_light)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?20)",
            params![
                account,
                date,
                resolution,
                resolution_minutes,
                Ts(day.intraday.start),
                Ts(day.intraday.end),
                day.resting_bpm,
                z.map(|z| z.fat_burn),
                z.map(|z| z.cardio),
                z.map(|z| z.peak),
                m.map(|m| m.below),
                m.map(|m| m.fat_burn),
                m.map(|m| m.cardio),
                m.map(|m| m.peak),
                day.hrv.map(|h| h.daily_rmssd_ms),
                day.hrv.and_then(|h| h.deep_rmssd_ms),
                day.ecg.is_some(),
                Ts(meta.fetched_at),
                codec::complete(meta.complete, &day.gaps),
                z.and_then(|z| z.light),
            ],
        )?;
        let mut stmt = tx.prepare_cached(
            "INSERT INTO heart_bucket (account, date, minute, min, max, mean, weight)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for b in day.intraday.buckets() {
            stmt.execute(params![
                account,
                date,
                b.minute,
                b.min,
                b.max,
                f64::from(b.mean),
                b.weight
            ])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO ecg_reading (account, date, position, start, classification,
                    classification_other, classification_text, average_hr, sampling_hz,
                    scaling_factor, samples, lead, device)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        for (position, r) in day.ecg.iter().flatten().enumerate() {
            let (classification, other) = classification_columns(&r.classification);
            stmt.execute(params![
                account,
                date,
                position as i64,
                Ts(r.start),
                classification,
                other,
                r.classification_text,
                r.average_hr,
                r.sampling_hz,
                r.scaling_factor,
                samples_blob(&r.samples),
                r.lead,
                r.device,
            ])?;
        }
        codec::put_gaps(tx, account, Record::Heart, &date.0.to_string(), &day.gaps)
    }
}

impl Store {
    /// Keeps what an ECG list gave for whole final days (`days`: each covered day with its
    /// readings, none included), in one transaction: the readings without their samples in
    /// `ecg_listed` (replacing the day's earlier list), and the day's count as the daily value
    /// `ecg_readings`, which says the day's list is known.
    pub fn put_ecg_list(
        &self,
        key: &AccountKey,
        days: &[(Date, Vec<EcgReading>)],
        fetched_at: jiff::Timestamp,
    ) -> Result<()> {
        if days.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            let account = account_id(tx, key)?;
            let mut clear =
                tx.prepare_cached("DELETE FROM ecg_listed WHERE account = ?1 AND date = ?2")?;
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO ecg_listed
                    (account, start, date, classification_text, average_hr)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut counts = Vec::with_capacity(days.len());
            for (date, readings) in days {
                clear.execute(params![account, Day(*date)])?;
                for r in readings {
                    insert.execute(params![
                        account,
                        Ts(r.start),
                        Day(*date),
                        r.classification_text,
                        r.average_hr,
                    ])?;
                }
                let count = u32::try_from(readings.len()).unwrap_or(u32::MAX);
                counts.push((*date, Some(count.to_numbers())));
            }
            drop((clear, insert));
            Batch { tx }.put_daily_many(key, &[(DailyMetric::EcgReadings, &counts)], fetched_at)
        })
    }
}
