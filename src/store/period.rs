//! Read-only queries for the Heart and Sleep tabs' week, month and year views, and the weight
//! panel: per day, what the stored day records and the day-by-day range values hold, without
//! the records' minutes and segments. Nothing is written here.
//!
//! A day's own record wins over a range value of the same measure (they are the same number
//! when both were fetched); a day neither holds is `stored: false` and every value `None` —
//! never zero.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::{Connection, params};

use super::codec::{Day, Ts, find_account};
use super::{AccountKey, Result, Store};
use crate::domain::DailyMetric;
use crate::domain::heart::ZoneMinutes;
use crate::domain::sleep::{SleepKind, SleepLevel};
use crate::domain::weight::WeighIn;

/// A day of the Heart tab's period views.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeartTotals {
    pub date: Date,
    /// A heart record or a range's resting-HR value is stored for the day (with or without
    /// data).
    pub stored: bool,
    /// Resting heart rate, bpm.
    pub resting: Option<f64>,
    /// Nightly HRV (RMSSD), ms.
    pub hrv: Option<f64>,
    /// The day's lowest and highest heart rate (from the stored series), bpm.
    pub min_bpm: Option<u16>,
    pub max_bpm: Option<u16>,
    /// Time in zones, when the day's record has it.
    pub zones: Option<ZoneMinutes>,
    /// The day's ECG readings are known (its heart record's list, or a range's list covered
    /// the day), none included.
    pub ecg_known: bool,
    /// Cardio fitness (VO₂ max), ml/kg/min, where a source gave it for the day.
    pub vo2_max: Option<f64>,
}

impl HeartTotals {
    pub fn empty(date: Date) -> Self {
        HeartTotals {
            date,
            stored: false,
            resting: None,
            hrv: None,
            min_bpm: None,
            max_bpm: None,
            zones: None,
            ecg_known: false,
            vo2_max: None,
        }
    }
}

/// An ECG reading of the period (without its samples).
#[derive(Debug, Clone, PartialEq)]
pub struct EcgEntry {
    pub date: Date,
    pub start: Timestamp,
    /// The watch's verdict, as worded by the source.
    pub classification: String,
    pub average_hr: Option<u16>,
}

/// A night of the Sleep tab's period views (dated by the day it ended).
#[derive(Debug, Clone, PartialEq)]
pub struct NightTotals {
    pub date: Date,
    /// A sleep record is stored for the day (with or without a night).
    pub stored: bool,
    /// The main sleep: how it was recorded, when it started and ended, minutes asleep.
    pub kind: Option<SleepKind>,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub minutes_asleep: Option<u32>,
    /// Minutes per level of the main sleep, in the source's levels (stages: deep, light, REM,
    /// wake; classic: asleep, restless, awake — never mapped onto stages).
    pub levels: Vec<(SleepLevel, u32)>,
    /// Nightly `SpO₂` average (%), breathing rate (breaths/min), skin temperature against the
    /// baseline (°C).
    pub spo2: Option<f64>,
    pub breathing: Option<f64>,
    pub skin_temp: Option<f64>,
    /// The night's sleep score (1–100), where a source gave it.
    pub score: Option<f64>,
}

impl NightTotals {
    pub fn empty(date: Date) -> Self {
        NightTotals {
            date,
            stored: false,
            kind: None,
            start: None,
            end: None,
            minutes_asleep: None,
            levels: Vec::new(),
            spo2: None,
            breathing: None,
            skin_temp: None,
            score: None,
        }
    }

    /// Minutes at `level` in the main sleep (`None`: the night has no such level).
    pub fn minutes(&self, level: SleepLevel) -> Option<u32> {
        self.levels
            .iter()
            .find(|(l, _)| *l == level)
            .map(|(_, m)| *m)
    }
}

/// What the Heart and Sleep period views and the weight panel show of `[from, to]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PeriodHealth {
    /// One per day of the window, oldest first.
    pub heart: Vec<HeartTotals>,
    /// One per day of the window, oldest first.
    pub nights: Vec<NightTotals>,
    /// The window's ECG readings, oldest first.
    pub ecg: Vec<EcgEntry>,
    /// The window's weigh-ins, oldest first.
    pub weigh_ins: Vec<WeighIn>,
    /// The window's days whose weigh-ins are stored and final, oldest first.
    pub weight_days: Vec<Date>,
}

fn level(s: &str) -> SleepLevel {
    match s {
        "wake" => SleepLevel::Wake,
        "rem" => SleepLevel::Rem,
        "light" => SleepLevel::Light,
        "deep" => SleepLevel::Deep,
        "asleep" => SleepLevel::Asleep,
        "restless" => SleepLevel::Restless,
        "awake" => SleepLevel::Awake,
        _ => SleepLevel::Unknown,
    }
}

impl Store {
    /// Heart, sleep, ECG and weigh-ins of every day of `[from, to]` (see [`PeriodHealth`];
    /// weigh-in finality in `tz`). The heart rate's daily extremes are read from `bands` on
    /// only: they take every stored minute (a month of them, ~4 ms), and the days before the
    /// period shown are read to compare averages, not to draw.
    pub fn period_health(
        &self,
        key: &AccountKey,
        (from, bands, to): (Date, Date, Date),
        tz: &TimeZone,
    ) -> Result<PeriodHealth> {
        let weigh_ins = self.weigh_ins(key, from, to)?;
        let weight_days = self.final_weight_days(key, from, to, tz)?;
        self.read(|tx| {
            let dates = super::codec::days(from, to);
            let mut heart: BTreeMap<Date, HeartTotals> =
                dates.iter().map(|&d| (d, HeartTotals::empty(d))).collect();
            let mut nights: BTreeMap<Date, NightTotals> =
                dates.iter().map(|&d| (d, NightTotals::empty(d))).collect();
            let mut ecg = Vec::new();
            if let Some(account) = find_account(tx, key)? {
                let span = Span { account, from, to };
                ranged_values(tx, span, &mut heart, &mut nights)?;
                heart_rows(tx, span, &mut heart)?;
                heart_extremes(
                    tx,
                    Span {
                        from: bands,
                        ..span
                    },
                    &mut heart,
                )?;
                ecg = ecg_rows(tx, span)?;
                night_rows(tx, span, &mut nights)?;
            }
            Ok(PeriodHealth {
                heart: heart.into_values().collect(),
                nights: nights.into_values().collect(),
                ecg,
                weigh_ins,
                weight_days,
            })
        })
    }
}

/// An account's days `[from, to]`.
#[derive(Clone, Copy)]
struct Span {
    account: i64,
    from: Date,
    to: Date,
}

/// What range requests brought (resting HR, HRV, the nightly vitals); the days' records,
/// read after, win.
fn ranged_values(
    tx: &Connection,
    Span { account, from, to }: Span,
    heart: &mut BTreeMap<Date, HeartTotals>,
    nights: &mut BTreeMap<Date, NightTotals>,
) -> Result<()> {
    for metric in [
        DailyMetric::RestingHr,
        DailyMetric::Hrv,
        DailyMetric::Spo2,
        DailyMetric::BreathingRate,
        DailyMetric::SkinTemp,
        DailyMetric::ZoneMinutes,
        DailyMetric::EcgReadings,
        DailyMetric::Vo2Max,
        DailyMetric::SleepScore,
    ] {
        for (date, (numbers, _)) in super::daily::between(tx, account, metric, from, to)? {
            if metric == DailyMetric::ZoneMinutes {
                // A day's record, read after, wins.
                if let Some(day) = heart.get_mut(&date) {
                    day.zones = numbers.and_then(
                        <crate::domain::heart::ZoneMinutes as crate::domain::DailyRecord>::from_numbers,
                    );
                }
                continue;
            }
            let value = numbers.map(|n| n.0);
            match metric {
                DailyMetric::EcgReadings => {
                    if let Some(day) = heart.get_mut(&date) {
                        day.ecg_known = true;
                    }
                }
                DailyMetric::Vo2Max => {
                    if let Some(day) = heart.get_mut(&date) {
                        day.vo2_max = value;
                    }
                }
                DailyMetric::SleepScore => {
                    if let Some(night) = nights.get_mut(&date) {
                        night.score = value;
                    }
                }
                DailyMetric::RestingHr | DailyMetric::Hrv => {
                    if let Some(day) = heart.get_mut(&date) {
                        day.stored |= metric == DailyMetric::RestingHr;
                        if metric == DailyMetric::RestingHr {
                            day.resting = value;
                        } else {
                            day.hrv = value;
                        }
                    }
                }
                _ => {
                    if let Some(night) = nights.get_mut(&date) {
                        match metric {
                            DailyMetric::Spo2 => night.spo2 = value,
                            DailyMetric::BreathingRate => night.breathing = value,
                            _ => night.skin_temp = value,
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// The stored heart records: resting HR, HRV, time in zones, the series' extremes.
fn heart_rows(
    tx: &Connection,
    Span { account, from, to }: Span,
    heart: &mut BTreeMap<Date, HeartTotals>,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT date, resting_bpm, hrv_rmssd_ms, minutes_below, minutes_fat_burn,
                minutes_cardio, minutes_peak, ecg_known
         FROM heart_day WHERE account = ?1 AND date BETWEEN ?2 AND ?3",
    )?;
    let mut rows = stmt.query(params![account, Day(from), Day(to)])?;
    while let Some(r) = rows.next()? {
        let Some(day) = heart.get_mut(&r.get::<_, Day>(0)?.0) else {
            continue;
        };
        day.stored = true;
        day.ecg_known |= r.get::<_, bool>(7)?;
        day.resting = r.get::<_, Option<f64>>(1)?.or(day.resting);
        day.hrv = r.get::<_, Option<f64>>(2)?.or(day.hrv);
        let minutes: [Option<u32>; 4] = [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?];
        if let [Some(below), Some(fat_burn), Some(cardio), Some(peak)] = minutes {
            day.zones = Some(ZoneMinutes {
                below,
                fat_burn,
                cardio,
                peak,
            });
        }
    }
    drop(rows);
    Ok(())
}

/// The lowest and highest heart rate of each day from its stored per-minute buckets.
fn heart_extremes(
    tx: &Connection,
    Span { account, from, to }: Span,
    heart: &mut BTreeMap<Date, HeartTotals>,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT date, MIN(min), MAX(max) FROM heart_bucket
         WHERE account = ?1 AND date BETWEEN ?2 AND ?3 GROUP BY date",
    )?;
    let mut rows = stmt.query(params![account, Day(from), Day(to)])?;
    while let Some(r) = rows.next()? {
        if let Some(day) = heart.get_mut(&r.get::<_, Day>(0)?.0) {
            day.min_bpm = r.get(1)?;
            day.max_bpm = r.get(2)?;
        }
    }
    drop(rows);
    Ok(())
}

/// The stored ECG readings, oldest first: the heart records' own, and those a range's list
/// gave (each reading once).
fn ecg_rows(tx: &Connection, Span { account, from, to }: Span) -> Result<Vec<EcgEntry>> {
    let mut stmt = tx.prepare_cached(
        "SELECT date, start, classification_text, average_hr FROM ecg_reading
         WHERE account = ?1 AND date BETWEEN ?2 AND ?3
         UNION ALL
         SELECT l.date, l.start, l.classification_text, l.average_hr FROM ecg_listed l
         WHERE l.account = ?1 AND l.date BETWEEN ?2 AND ?3
           AND NOT EXISTS (SELECT 1 FROM ecg_reading r
                           WHERE r.account = l.account AND r.date = l.date AND r.start = l.start)
         ORDER BY 2",
    )?;
    let ecg = stmt
        .query_map(params![account, Day(from), Day(to)], |r| {
            Ok(EcgEntry {
                date: r.get::<_, Day>(0)?.0,
                start: r.get::<_, Ts>(1)?.0,
                classification: r.get(2)?,
                average_hr: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ecg)
}

/// The stored nights: the day's vitals, the main sleep and its levels.
fn night_rows(
    tx: &Connection,
    Span { account, from, to }: Span,
    nights: &mut BTreeMap<Date, NightTotals>,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT date, spo2_avg, breathing_rate, skin_temp_delta_c
         FROM sleep_day WHERE account = ?1 AND date BETWEEN ?2 AND ?3",
    )?;
    let mut rows = stmt.query(params![account, Day(from), Day(to)])?;
    while let Some(r) = rows.next()? {
        let Some(night) = nights.get_mut(&r.get::<_, Day>(0)?.0) else {
            continue;
        };
        night.stored = true;
        night.spo2 = r.get::<_, Option<f64>>(1)?.or(night.spo2);
        night.breathing = r.get::<_, Option<f64>>(2)?.or(night.breathing);
        night.skin_temp = r.get::<_, Option<f64>>(3)?.or(night.skin_temp);
    }
    drop(rows);
    let mut stmt = tx.prepare_cached(
        "SELECT date, start, end, kind, minutes_asleep FROM sleep_session
         WHERE account = ?1 AND date BETWEEN ?2 AND ?3 AND is_main = 1",
    )?;
    let mut rows = stmt.query(params![account, Day(from), Day(to)])?;
    while let Some(r) = rows.next()? {
        let Some(night) = nights.get_mut(&r.get::<_, Day>(0)?.0) else {
            continue;
        };
        night.start = Some(r.get::<_, Ts>(1)?.0);
        night.end = Some(r.get::<_, Ts>(2)?.0);
        night.kind = Some(if r.get::<_, String>(3)? == "classic" {
            SleepKind::Classic
        } else {
            SleepKind::Stages
        });
        night.minutes_asleep = r.get(4)?;
    }
    drop(rows);
    let mut stmt = tx.prepare_cached(
        "SELECT t.date, t.level, t.minutes FROM sleep_stage_total t
         JOIN sleep_session s
           ON s.account = t.account AND s.date = t.date AND s.position = t.session
         WHERE t.account = ?1 AND t.date BETWEEN ?2 AND ?3 AND s.is_main = 1
         ORDER BY t.date, t.position",
    )?;
    let mut rows = stmt.query(params![account, Day(from), Day(to)])?;
    while let Some(r) = rows.next()? {
        if let Some(night) = nights.get_mut(&r.get::<_, Day>(0)?.0) {
            let l = level(&r.get::<_, String>(1)?);
            night.levels.push((l, r.get(2)?));
        }
    }
    drop(rows);
    Ok(())
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::api::ProviderKind;

    fn key() -> AccountKey {
        AccountKey {
            provider: ProviderKind::Fitbit.into(),
            user_id: "U".into(),
        }
    }

    #[test]
    fn days_are_stored_with_data_without_it_or_not_at_all() {
        let store = Store::open_in_memory().unwrap();
        let at: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        store
            .put_daily(
                &key(),
                DailyMetric::RestingHr,
                &[
                    (date(2026, 11, 2), Some((58.0, None, None))),
                    (date(2026, 11, 3), None),
                ],
                at,
            )
            .unwrap();
        store
            .put_daily(
                &key(),
                DailyMetric::Spo2,
                &[(date(2026, 11, 2), Some((96.5, Some(94.0), Some(98.0))))],
                at,
            )
            .unwrap();
        {
            let conn = store.lock();
            let id = super::super::codec::account_id(&conn, &key()).unwrap();
            conn.execute_batch(&format!(
                "INSERT INTO heart_day (account, date, resolution, series_start, series_end,
                    resting_bpm, minutes_below, minutes_fat_burn, minutes_cardio, minutes_peak,
                    ecg_known, fetched_at, complete)
                 VALUES ({id}, '2026-11-04', 'minute', '2026-11-04T08:00:00Z',
                    '2026-11-05T08:00:00Z', 61, 1300, 90, 30, 5, 1, '2026-11-21T12:00:00Z', 1);
                 INSERT INTO heart_bucket (account, date, minute, min, max, mean, weight)
                 VALUES ({id}, '2026-11-04', 0, 52, 60, 55.0, 60),
                        ({id}, '2026-11-04', 1, 70, 151, 99.0, 60);"
            ))
            .unwrap();
        }
        let tz = TimeZone::UTC;
        let h = store
            .period_health(
                &key(),
                (date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 4)),
                &tz,
            )
            .unwrap();
        assert_eq!(h.heart.len(), 4);
        // Not stored: nothing, not zero.
        assert_eq!(h.heart[0], HeartTotals::empty(date(2026, 11, 1)));
        // A range value.
        assert!(h.heart[1].stored);
        assert_eq!(h.heart[1].resting, Some(58.0));
        // Fetched, no data that day.
        assert!(h.heart[2].stored && h.heart[2].resting.is_none());
        // A day's record, with its series' extremes and its time in zones.
        let day = h.heart[3];
        assert_eq!(
            (day.resting, day.min_bpm, day.max_bpm),
            (Some(61.0), Some(52), Some(151))
        );
        assert_eq!(day.zones.map(|z| z.cardio), Some(30));
        // A vital without its night's record: a value, but the night is not stored.
        assert_eq!(h.nights[1].spo2, Some(96.5));
        assert!(!h.nights[1].stored && h.nights[1].minutes_asleep.is_none());
        assert!(h.ecg.is_empty() && h.weigh_ins.is_empty() && h.weight_days.is_empty());
        // Another account sees none of it.
        let other = AccountKey {
            provider: ProviderKind::Google.into(),
            user_id: "U".into(),
        };
        let h = store
            .period_health(
                &other,
                (date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 4)),
                &tz,
            )
            .unwrap();
        assert!(h.heart.iter().all(|d| !d.stored));
    }

    #[test]
    fn listed_ecg_readings_count_once_and_mark_their_days_known() {
        use crate::domain::ecg::{EcgClassification, EcgReading};
        let store = Store::open_in_memory().unwrap();
        let at: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        let reading = |start: &str, text: &str| EcgReading {
            start: start.parse().unwrap(),
            classification: EcgClassification::NormalSinusRhythm,
            classification_text: text.into(),
            average_hr: Some(64),
            sampling_hz: 250.0,
            scaling_factor: 10_922.0,
            samples: vec![1, 2, 3],
            lead: Some(1),
            device: None,
        };
        let listed = vec![
            (
                date(2026, 11, 2),
                vec![reading("2026-11-02T17:00:00Z", "Normal")],
            ),
            (date(2026, 11, 3), Vec::new()),
            (
                date(2026, 11, 4),
                vec![reading("2026-11-04T16:00:00Z", "Normal")],
            ),
        ];
        store.put_ecg_list(&key(), &listed, at).unwrap();
        // The same list again replaces it: nothing doubles.
        store.put_ecg_list(&key(), &listed, at).unwrap();
        {
            // 4 Nov's heart record holds the same reading with its samples.
            let conn = store.lock();
            let id = super::super::codec::account_id(&conn, &key()).unwrap();
            conn.execute_batch(&format!(
                "INSERT INTO heart_day (account, date, resolution, series_start, series_end,
                    ecg_known, fetched_at, complete)
                 VALUES ({id}, '2026-11-04', 'minute', '2026-11-04T00:00:00Z',
                    '2026-11-05T00:00:00Z', 1, '2026-11-21T12:00:00Z', 1);
                 INSERT INTO ecg_reading (account, date, position, start, classification,
                    classification_text, average_hr, sampling_hz, scaling_factor, samples)
                 VALUES ({id}, '2026-11-04', 0, '2026-11-04T16:00:00Z', 'normal_sinus_rhythm',
                    'Normal', 64, 250.0, 10922.0, x'01000000');"
            ))
            .unwrap();
        }
        let h = store
            .period_health(
                &key(),
                (date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 5)),
                &TimeZone::UTC,
            )
            .unwrap();
        let starts: Vec<String> = h.ecg.iter().map(|e| e.start.to_string()).collect();
        assert_eq!(starts, ["2026-11-02T17:00:00Z", "2026-11-04T16:00:00Z"]);
        let known: Vec<bool> = h.heart.iter().map(|d| d.ecg_known).collect();
        assert_eq!(known, [false, true, true, true, false]);
        // A list tells nothing of resting HR: those days are not stored heart days.
        assert!(!h.heart[1].stored && !h.heart[2].stored && h.heart[3].stored);
    }
}
