//! Reading each family's files into per-day values, with the export's time conventions
//! (../shared/reference/fitbit-takeout.md §3):
//!
//! - per-minute streams and heart rate (`MM/DD/YY HH:MM:SS`) are **UTC**, though each file is
//!   cut at local midnight: every row's local day comes from its instant in the account's
//!   zone, never from the file name;
//! - daily rows (`MM/DD/YY 00:00:00`) and the daily CSVs (`…T00:00:00`) are local date labels;
//! - sleep logs are local wall times (read through the same code as the API's sleep logs);
//! - `Daily SpO2` stamps are UTC instants (the morning after), placed on their local day.
//!
//! Sentinels become "no data": resting HR `date: null` / `0.0`, placeholder future days of
//! the minutes files, `NaN`, `-1`, empty cells, `no data` bodies.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use super::family::{Level, MinuteKind};
use crate::domain::activity::Azm;
use crate::domain::heart::{Hrv, ZoneMinutes};
use crate::domain::sleep::{SleepSession, Spo2};
use crate::provider::fitbit::lenient::{Num, Text};

/// Why a file was skipped.
pub type Problem = String;

/// `MM/DD/YY HH:MM:SS` (YY = 20YY) as a civil date-time, parsed by hand (the hot path: a
/// year of minutes is half a million rows per stream).
pub fn mdy_hms(s: &str) -> Option<DateTime> {
    let b = s.trim().as_bytes();
    let num = |i: usize, n: usize| -> Option<i32> {
        let mut v = 0i32;
        for k in i..i + n {
            let d = *b.get(k)?;
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i32::from(d - b'0');
        }
        Some(v)
    };
    if b.len() < 8 || b[2] != b'/' || b[5] != b'/' {
        return None;
    }
    let (month, day, year) = (num(0, 2)?, num(3, 2)?, 2000 + num(6, 2)?);
    let date = Date::new(year as i16, month as i8, day as i8).ok()?;
    if b.len() == 8 {
        return Some(date.to_datetime(Time::midnight()));
    }
    if b.len() < 17 || b[8] != b' ' || b[11] != b':' || b[14] != b':' {
        return None;
    }
    let time = Time::new(num(9, 2)? as i8, num(12, 2)? as i8, num(15, 2)? as i8, 0).ok()?;
    Some(date.to_datetime(time))
}

/// A UTC `MM/DD/YY HH:MM:SS` stamp as an instant.
pub fn utc_stamp(s: &str) -> Option<Timestamp> {
    jiff::tz::Offset::UTC.to_timestamp(mdy_hms(s)?).ok()
}

/// A local date label (`MM/DD/YY 00:00:00`, `MM/DD/YY`, `2024-07-21T00:00:00`, `2024-07-21`).
pub fn label_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.as_bytes().get(2) == Some(&b'/') {
        return mdy_hms(s).map(DateTime::date);
    }
    s.get(..10)?.parse().ok()
}

/// A number cell: empty, `NaN`, `null` and negative sentinels are `None`.
fn cell(s: &str) -> Option<f64> {
    let v: f64 = s.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// Everything read from the small files, per local day, before the days are built.
#[derive(Debug, Default)]
pub struct Collected {
    pub activity: BTreeMap<Date, DayMinutes>,
    /// Which file (by its index in the listing) brought each stream's day, so a day present
    /// in two chunk files is counted once.
    pub minute_owner: HashMap<(MinuteKind, Date), usize>,
    pub active_minutes: BTreeMap<(Date, Level), u32>,
    pub resting: BTreeMap<Date, f64>,
    pub zones: BTreeMap<Date, ZoneMinutes>,
    /// By log id: a log on a chunk boundary is in two files.
    pub sleep: BTreeMap<String, (Date, SleepSession)>,
    pub weights: Vec<RawWeight>,
    pub exercises: BTreeMap<u64, Exercise>,
    pub hrv: BTreeMap<Date, Hrv>,
    pub breathing: BTreeMap<Date, f64>,
    pub spo2: BTreeMap<Date, Spo2>,
    pub skin_temp: BTreeMap<Date, f64>,
    pub azm: BTreeMap<Date, Azm>,
    /// Floors per day per `data source` (one source is used per day).
    pub floors_csv: BTreeMap<Date, BTreeMap<String, f64>>,
    /// Cardio fitness (VO₂ max) per day, ml/kg/min.
    pub vo2_max: BTreeMap<Date, f64>,
    /// `sleep_score.csv` rows, dated once the sleep logs are read (see
    /// [`Collected::sleep_scores_by_day`]).
    pub sleep_scores: Vec<RawSleepScore>,
    /// The UTC offset each night started at, by its local start (`UserSleeps`).
    pub night_offsets: BTreeMap<DateTime, jiff::tz::Offset>,
    /// The UTC offset each exercise was done at, by its start (`UserExercises`).
    pub exercise_offsets: BTreeMap<Timestamp, jiff::tz::Offset>,
}

/// The value of `map` whose key is nearest `key`, within a minute either side (`shift` moves a
/// key by a duration, `distance` is how far one key is from another).
fn within_a_minute<K: Ord + Copy, V: Copy>(
    map: &BTreeMap<K, V>,
    key: K,
    shift: impl Fn(K, SignedDuration) -> Option<K>,
    distance: impl Fn(K, K) -> SignedDuration,
) -> Option<V> {
    let minute = SignedDuration::from_secs(60);
    let (lo, hi) = (shift(key, -minute)?, shift(key, minute)?);
    map.range(lo..=hi)
        .min_by_key(|(at, _)| distance(**at, key).abs())
        .map(|(_, v)| *v)
}

/// A row of `sleep_score.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSleepScore {
    /// The sleep log it scores (`sleep_log_entry_id`, the sleep JSON's `logId`).
    pub log_id: String,
    /// About when the sleep ended (UTC).
    pub at: Timestamp,
    pub score: f64,
}

impl Collected {
    /// The offset of the exercise that started at `start` (within a minute), as
    /// `UserExercises` gives it.
    pub fn exercise_offset(&self, start: Timestamp) -> Option<jiff::tz::Offset> {
        within_a_minute(
            &self.exercise_offsets,
            start,
            |t, d| t.checked_add(d).ok(),
            Timestamp::duration_since,
        )
    }

    /// The offset of the night that started at the local time `start` (within a minute), as
    /// `UserSleeps` gives it.
    pub fn night_offset(&self, start: DateTime) -> Option<jiff::tz::Offset> {
        within_a_minute(
            &self.night_offsets,
            start,
            |t, d| t.checked_add(d).ok(),
            DateTime::duration_since,
        )
    }

    /// The night's score by the day its sleep ended: the day of the scored log where the
    /// sleep logs hold it, else the local day of the row's stamp (≈ the end of the sleep) in
    /// `tz`. A day with several scores keeps its main sleep's, else the latest.
    pub fn sleep_scores_by_day(&self, tz: &TimeZone) -> BTreeMap<Date, f64> {
        let mut best: BTreeMap<Date, (bool, Timestamp, f64)> = BTreeMap::new();
        for row in &self.sleep_scores {
            let (date, main) = match self.sleep.get(&row.log_id) {
                Some((date, session)) => (*date, session.is_main),
                None => (row.at.to_zoned(tz.clone()).date(), false),
            };
            let candidate = (main, row.at, row.score);
            match best.get(&date) {
                Some(&(m, at, _)) if (m, at) >= (main, row.at) => {}
                _ => {
                    best.insert(date, candidate);
                }
            }
        }
        best.into_iter().map(|(d, (_, _, v))| (d, v)).collect()
    }
}

/// One day's per-minute streams, summed.
#[derive(Debug, Default, Clone)]
pub struct DayMinutes {
    pub steps: Option<f64>,
    pub distance_cm: Option<f64>,
    pub calories: Option<f64>,
    pub altitude_ft: Option<f64>,
    /// Steps per local clock hour, by the hour's first instant (seconds since the epoch).
    pub hourly: BTreeMap<i64, f64>,
}

/// A weigh-in as written (the unit is the account's, known from the profile).
#[derive(Debug, Clone)]
pub struct RawWeight {
    pub date: Date,
    pub time: Time,
    pub weight: f64,
    pub fat: Option<f64>,
    pub source: Option<String>,
}

/// One exercise of `exercise-N.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub log_id: u64,
    pub name: String,
    pub start: Timestamp,
    pub duration_ms: u64,
    pub calories: Option<f64>,
    pub average_hr: Option<f64>,
    pub steps: Option<u64>,
    pub distance_m: Option<f64>,
}

/// `Profile.csv`: what the import needs of it.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub display_name: Option<String>,
    pub time_zone: Option<String>,
    /// The weight unit: pounds unless it says metric.
    pub weight_in_pounds: bool,
    pub metric: bool,
}

fn csv_reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes)
}

/// `no data` bodies and header-only files hold nothing.
fn no_data(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(&bytes[..bytes.len().min(64)])
        .trim()
        .eq_ignore_ascii_case("no data")
}

/// The rows of a CSV as header-name → value maps' columns found by name.
fn csv_rows(bytes: &[u8], columns: &[&str], mut f: impl FnMut(&[&str])) -> Result<(), Problem> {
    if no_data(bytes) {
        return Ok(());
    }
    let mut reader = csv_reader(bytes);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let index: Vec<Option<usize>> = columns
        .iter()
        .map(|c| headers.iter().position(|h| h.eq_ignore_ascii_case(c)))
        .collect();
    if index[0].is_none() {
        return Err(format!(
            "no `{}` column (header: {})",
            columns[0],
            headers.as_slice()
        ));
    }
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(e.to_string()),
        }
        let cells: Vec<&str> = index
            .iter()
            .map(|i| i.and_then(|i| record.get(i)).unwrap_or(""))
            .collect();
        f(&cells);
    }
    Ok(())
}

pub fn profile(bytes: &[u8]) -> Result<Profile, Problem> {
    let mut out = None;
    csv_rows(
        bytes,
        &[
            "timezone",
            "display_name",
            "full_name",
            "weight_unit",
            "distance_unit",
        ],
        |c| {
            if out.is_some() {
                return;
            }
            let text = |s: &str| (!s.is_empty() && s != "null").then(|| s.to_string());
            let weight_unit = c[3].to_ascii_uppercase();
            out = Some(Profile {
                time_zone: text(c[0]),
                display_name: text(c[1]).or_else(|| text(c[2])),
                weight_in_pounds: !(weight_unit == "METRIC" || weight_unit.contains("KG")),
                metric: c[4].eq_ignore_ascii_case("METRIC"),
            });
        },
    )?;
    out.ok_or_else(|| "no profile row".to_string())
}

#[derive(Deserialize)]
struct MinuteRow<'a> {
    #[serde(rename = "dateTime", borrow)]
    date_time: &'a str,
    value: Num,
}

/// A per-minute stream file: each row's local day and hour from its UTC instant.
pub fn minutes(
    bytes: &[u8],
    kind: MinuteKind,
    file: usize,
    tz: &TimeZone,
    out: &mut Collected,
) -> Result<(), Problem> {
    let rows: Vec<MinuteRow<'_>> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    // Zone lookups once per hour of rows, not per row.
    let mut hour_cache: Option<(i64, Date, i64)> = None;
    for row in rows {
        let (Some(at), Some(v)) = (utc_stamp(row.date_time), row.value.f64()) else {
            continue;
        };
        if !v.is_finite() || v < 0.0 {
            continue;
        }
        let secs = at.as_second();
        let utc_hour = secs.div_euclid(3600);
        let (date, hour_start) = match hour_cache {
            Some((h, d, s)) if h == utc_hour => (d, s),
            _ => {
                let zoned = at.to_zoned(tz.clone());
                let start = zoned
                    .with()
                    .minute(0)
                    .second(0)
                    .subsec_nanosecond(0)
                    .build()
                    .map_or(secs, |z| z.timestamp().as_second());
                hour_cache = Some((utc_hour, zoned.date(), start));
                (zoned.date(), start)
            }
        };
        let owner = *out.minute_owner.entry((kind, date)).or_insert(file);
        if owner != file {
            continue;
        }
        let day = out.activity.entry(date).or_default();
        let slot = match kind {
            MinuteKind::Steps => {
                *day.hourly.entry(hour_start).or_insert(0.0) += v;
                &mut day.steps
            }
            MinuteKind::Distance => &mut day.distance_cm,
            MinuteKind::Calories => &mut day.calories,
            MinuteKind::Altitude => &mut day.altitude_ft,
        };
        *slot.get_or_insert(0.0) += v;
    }
    Ok(())
}

/// Daily rows whose value is a number (or numeric string): the activity-level minutes.
pub fn active_minutes(bytes: &[u8], level: Level, out: &mut Collected) -> Result<(), Problem> {
    let rows: Vec<MinuteRow<'_>> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let mut parsed = Vec::with_capacity(rows.len());
    for row in rows {
        if let (Some(date), Some(v)) = (label_date(row.date_time), row.value.u32()) {
            parsed.push((date, v));
        }
    }
    // The newest file is padded into the future with placeholder days (sedentary 1440, the
    // rest 0): trailing days with no minutes in any other level are dropped in `build`.
    for (date, v) in parsed {
        out.active_minutes.insert((date, level), v);
    }
    Ok(())
}

#[derive(Deserialize)]
struct RestingRow<'a> {
    #[serde(rename = "dateTime", borrow)]
    date_time: &'a str,
    value: RestingValue,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RestingValue {
    date: Text,
    value: Num,
}

pub fn resting(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    let rows: Vec<RestingRow<'_>> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    for row in rows {
        // `date: null` / `0.0` are "no reading" (and pad the current year to its end).
        if row.value.date.get().is_none() {
            continue;
        }
        let Some(v) = row.value.value.f64().filter(|v| *v > 0.0) else {
            continue;
        };
        if let Some(date) = label_date(row.date_time) {
            out.resting.insert(date, v);
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct Vo2Row<'a> {
    #[serde(rename = "dateTime", borrow)]
    date_time: &'a str,
    value: Vo2Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Vo2Value {
    #[serde(rename = "demographicVO2Max")]
    estimate: Num,
    #[serde(rename = "filteredDemographicVO2Max")]
    filtered: Num,
}

/// `demographic_vo2_max-….json`: daily rows on local day labels. The filtered estimate (the
/// smoothed one the app shows) where it is given, else the day's own; `0` or a missing value
/// is "no data".
pub fn vo2_max(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    let rows: Vec<Vo2Row<'_>> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let plausible = |v: &f64| v.is_finite() && *v > 0.0 && *v < 100.0;
    for row in rows {
        let value = row
            .value
            .filtered
            .f64()
            .filter(plausible)
            .or_else(|| row.value.estimate.f64().filter(plausible));
        if let (Some(date), Some(v)) = (label_date(row.date_time), value) {
            out.vo2_max.insert(date, v);
        }
    }
    Ok(())
}

/// A UTC offset as the `Health Fitness Data` tables write it (`+05:30`, `-0700`, `Z`).
pub fn utc_offset(s: &str) -> Option<jiff::tz::Offset> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("z") {
        return Some(jiff::tz::Offset::UTC);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    if hours > 18 || minutes > 59 {
        return None;
    }
    jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// An instant of the `Health Fitness Data` tables: RFC 3339, or a bare ISO time in UTC.
fn table_instant(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    s.parse::<Timestamp>().ok().or_else(|| {
        jiff::tz::Offset::UTC
            .to_timestamp(s.parse::<DateTime>().ok()?)
            .ok()
    })
}

/// `UserSleeps_….csv`: each night's UTC start with the offset it was slept at, kept by the
/// local start it gives (how a sleep log's wall time is matched to it).
pub fn user_sleeps(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    csv_rows(bytes, &["sleep_start", "start_utc_offset"], |c| {
        if let (Some(start), Some(offset)) = (table_instant(c[0]), utc_offset(c[1])) {
            let local = offset.to_datetime(start);
            out.night_offsets.insert(local, offset);
        }
    })
}

/// `UserExercises_….csv`: each exercise's UTC start with the offset it was done at.
pub fn user_exercises(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    csv_rows(bytes, &["exercise_start", "utc_offset"], |c| {
        if let (Some(start), Some(offset)) = (table_instant(c[0]), utc_offset(c[1])) {
            out.exercise_offsets.insert(start, offset);
        }
    })
}

/// `sleep_score.csv` (one file, the whole history): the overall score of each scored log.
/// Blank, `-1` and `0` scores are "no data".
pub fn sleep_scores(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    csv_rows(
        bytes,
        &["timestamp", "sleep_log_entry_id", "overall_score"],
        |c| {
            let Ok(at) = c[0].trim().parse::<Timestamp>() else {
                return;
            };
            if let Some(score) = cell(c[2]).filter(|v| (1.0..=100.0).contains(v)) {
                out.sleep_scores.push(RawSleepScore {
                    log_id: c[1].trim().to_owned(),
                    at,
                    score,
                });
            }
        },
    )
}

#[derive(Deserialize)]
struct ZonesRow<'a> {
    #[serde(rename = "dateTime", borrow)]
    date_time: &'a str,
    value: ZonesValue,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ZonesValue {
    values_in_zones: BTreeMap<String, Num>,
}

pub fn zones(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    let rows: Vec<ZonesRow<'_>> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    for row in rows {
        let Some(date) = label_date(row.date_time) else {
            continue;
        };
        let mut m = ZoneMinutes::default();
        let mut any = false;
        for (name, value) in &row.value.values_in_zones {
            let Some(v) = value.f64().filter(|v| *v >= 0.0) else {
                continue;
            };
            let minutes = v.round() as u32;
            let slot = match name.as_str() {
                "BELOW_DEFAULT_ZONE_1" => &mut m.below,
                "IN_DEFAULT_ZONE_1" => &mut m.fat_burn,
                "IN_DEFAULT_ZONE_2" => &mut m.cardio,
                "IN_DEFAULT_ZONE_3" => &mut m.peak,
                _ => continue,
            };
            *slot += minutes;
            any = true;
        }
        if any {
            out.zones.insert(date, m);
        }
    }
    Ok(())
}

/// `sleep-….json`: the API's own sleep-log objects (newest first; a log on a chunk boundary
/// is in both files and is kept once, by its log id), in local wall times written with the
/// offset of the night's start. A night `UserSleeps` gives the offset of is placed with it (a
/// night slept away from the profile's zone, or in the hour a DST change repeats); any other
/// with the account's zone.
pub fn sleep(bytes: &[u8], tz: &TimeZone, out: &mut Collected) -> Result<(), Problem> {
    let logs: Vec<crate::provider::fitbit::wire::SleepLogWire> =
        serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    for log in logs {
        let night = log
            .start_time
            .0
            .and_then(|start| out.night_offset(start))
            .map(TimeZone::fixed);
        let zone = night.as_ref().unwrap_or(tz);
        if let Some((date, session)) = crate::provider::fitbit::sleep_session(log, zone) {
            out.sleep.insert(session.id.clone(), (date, session));
        }
    }
    Ok(())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WeightRow {
    weight: Num,
    fat: Num,
    date: Text,
    time: Text,
    source: Text,
}

pub fn weight(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    let rows: Vec<WeightRow> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    for row in rows {
        let (Some(date), Some(weight)) = (
            row.date.get().and_then(label_date),
            row.weight.f64().filter(|w| *w > 0.0),
        ) else {
            continue;
        };
        let time = row
            .time
            .get()
            .and_then(|t| t.trim().parse::<Time>().ok())
            .unwrap_or(Time::midnight());
        out.weights.push(RawWeight {
            date,
            time,
            weight,
            fat: row.fat.f64().filter(|f| *f > 0.0),
            source: row.source.into_option(),
        });
    }
    Ok(())
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ExerciseRow {
    log_id: Num,
    activity_name: Text,
    start_time: Text,
    duration: Num,
    calories: Num,
    average_heart_rate: Num,
    steps: Num,
    distance: Num,
    distance_unit: Text,
}

pub fn exercises(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    let rows: Vec<ExerciseRow> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    for row in rows {
        let (Some(log_id), Some(start)) =
            (row.log_id.u64(), row.start_time.get().and_then(utc_stamp))
        else {
            continue;
        };
        let metres_per = match row
            .distance_unit
            .get()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("mile") => 1_609.344,
            Some("meter") => 1.0,
            _ => 1_000.0,
        };
        out.exercises.insert(
            log_id,
            Exercise {
                log_id,
                name: row
                    .activity_name
                    .into_option()
                    .unwrap_or_else(|| "Exercise".into()),
                start,
                duration_ms: row.duration.u64().unwrap_or(0),
                calories: row.calories.f64(),
                average_hr: row.average_heart_rate.f64().filter(|v| *v > 0.0),
                steps: row.steps.u64(),
                distance_m: row.distance.f64().map(|d| d * metres_per),
            },
        );
    }
    Ok(())
}

pub fn hrv_summary(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    csv_rows(bytes, &["timestamp", "rmssd"], |c| {
        if let (Some(date), Some(rmssd)) = (label_date(c[0]), cell(c[1])) {
            out.hrv.insert(
                date,
                Hrv {
                    daily_rmssd_ms: rmssd,
                    deep_rmssd_ms: None,
                },
            );
        }
    })
}

pub fn respiratory_summary(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    csv_rows(bytes, &["timestamp", "daily_respiratory_rate"], |c| {
        if let (Some(date), Some(v)) = (label_date(c[0]), cell(c[1])) {
            out.breathing.insert(date, v);
        }
    })
}

pub fn spo2_daily(bytes: &[u8], tz: &TimeZone, out: &mut Collected) -> Result<(), Problem> {
    csv_rows(
        bytes,
        &["timestamp", "average_value", "lower_bound", "upper_bound"],
        |c| {
            // A UTC instant (`…Z`) on its local day; a bare date is a label.
            let date = match c[0].parse::<Timestamp>() {
                Ok(at) => Some(at.to_zoned(tz.clone()).date()),
                Err(_) => label_date(c[0]),
            };
            let sentinel = |v: f64| v > 50.0 && v <= 100.0;
            if let (Some(date), Some(avg)) = (date, cell(c[1]).filter(|v| sentinel(*v))) {
                out.spo2.insert(
                    date,
                    Spo2 {
                        avg,
                        min: cell(c[2]).filter(|v| sentinel(*v)),
                        max: cell(c[3]).filter(|v| sentinel(*v)),
                    },
                );
            }
        },
    )
}

pub fn temperature(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    csv_rows(
        bytes,
        &[
            "sleep_end",
            "temperature_samples",
            "baseline_relative_sample_sum",
        ],
        |c| {
            let date = c[0].trim().parse::<DateTime>().ok().map(DateTime::date);
            let samples: Option<f64> = c[1].trim().parse().ok().filter(|n: &f64| *n > 0.0);
            // `NaN` fills the baseline columns until a baseline exists: no value then.
            let sum: Option<f64> = c[2].trim().parse().ok().filter(|v: &f64| v.is_finite());
            if let (Some(date), Some(n), Some(sum)) = (date, samples, sum) {
                // To the 0.01 °C the API reports.
                out.skin_temp
                    .insert(date, (sum / n * 100.0).round() / 100.0);
            }
        },
    )
}

pub fn azm(bytes: &[u8], out: &mut Collected) -> Result<(), Problem> {
    csv_rows(
        bytes,
        &["date_time", "heart_zone_id", "total_minutes"],
        |c| {
            let date = c[0].trim().parse::<DateTime>().ok().map(DateTime::date);
            let Some(date) = date.or_else(|| label_date(c[0])) else {
                return;
            };
            let Some(minutes) = cell(c[2]) else { return };
            let azm = out.azm.entry(date).or_default();
            let minutes = minutes.round() as u32;
            match c[1].to_ascii_uppercase().as_str() {
                "FAT_BURN" => azm.fat_burn += minutes,
                "CARDIO" => azm.cardio += minutes,
                "PEAK" => azm.peak += minutes,
                _ => {}
            }
        },
    )
}

/// `floors_….csv`: UTC instants, one source per day (the one with most rows that day).
pub fn floors_csv(bytes: &[u8], tz: &TimeZone, out: &mut Collected) -> Result<(), Problem> {
    csv_rows(bytes, &["timestamp", "floors", "data source"], |c| {
        let (Ok(at), Some(v)) = (c[0].parse::<Timestamp>(), cell(c[1])) else {
            return;
        };
        let date = at.to_zoned(tz.clone()).date();
        *out.floors_csv
            .entry(date)
            .or_default()
            .entry(c[2].to_string())
            .or_insert(0.0) += v;
    })
}

#[derive(Deserialize)]
struct HeartRow<'a> {
    #[serde(rename = "dateTime", borrow)]
    date_time: &'a str,
    value: HeartValue,
}

#[derive(Deserialize)]
struct HeartValue {
    bpm: Num,
}

/// A `heart_rate-….json` file's readings as instants (each row's own UTC stamp).
pub fn heart_rows(bytes: &[u8]) -> Result<Vec<(Timestamp, u16)>, Problem> {
    let rows: Vec<HeartRow<'_>> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some((
                utc_stamp(r.date_time)?,
                r.value.bpm.u16().filter(|b| *b > 0)?,
            ))
        })
        .collect())
}

/// The local days `[from, to]` (for reports).
pub fn day_count(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |s| i64::from(s.get_days())) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn stamps_are_utc_and_labels_are_local() {
        let at = utc_stamp("06/09/17 14:00:01").unwrap();
        assert_eq!(at.to_string(), "2017-06-09T14:00:01Z");
        // A UTC+10 user's first reading of 10 June is on 9 June in UTC.
        let tz = TimeZone::get("Australia/Sydney").unwrap();
        assert_eq!(at.to_zoned(tz).date(), date(2017, 6, 10));
        assert_eq!(label_date("03/14/24 00:00:00"), Some(date(2024, 3, 14)));
        assert_eq!(label_date("2024-07-21T00:00:00"), Some(date(2024, 7, 21)));
        assert_eq!(mdy_hms("13/14/24 00:00:00"), None);
        assert_eq!(mdy_hms("garbage"), None);
    }

    #[test]
    fn resting_sentinels_are_no_data() {
        let mut out = Collected::default();
        resting(
            br#"[{"dateTime":"03/14/24 00:00:00","value":{"date":"03/14/24","value":57.31,"error":6.79}},
                 {"dateTime":"03/15/24 00:00:00","value":{"date":null,"value":0.0,"error":0.0}}]"#,
            &mut out,
        )
        .unwrap();
        assert_eq!(out.resting.len(), 1);
        assert!((out.resting[&date(2024, 3, 14)] - 57.31).abs() < 1e-12);
    }

    #[test]
    fn nan_baselines_and_no_data_files_give_nothing() {
        let mut out = Collected::default();
        temperature(b"type,sleep_start,sleep_end,temperature_samples,nightly_temperature,baseline_relative_sample_sum\nIDT,2024-03-13T23:00,2024-03-14T07:00,400,33.1,NaN\nIDT,2024-03-14T23:00,2024-03-15T07:00,400,33.2,40\n", &mut out).unwrap();
        assert_eq!(out.skin_temp.len(), 1);
        assert!((out.skin_temp[&date(2024, 3, 15)] - 0.1).abs() < 1e-12);
        hrv_summary(b"no data\n", &mut out).unwrap();
        assert!(out.hrv.is_empty());
    }

    #[test]
    fn vo2_max_prefers_the_filtered_estimate_and_drops_empty_days() {
        let mut out = Collected::default();
        vo2_max(
            br#"[{"dateTime":"03/14/24 00:00:00","value":{"demographicVO2Max":44.1,"demographicVO2MaxError":3.0,"filteredDemographicVO2Max":44.3,"filteredDemographicVO2MaxError":0.36}},
                 {"dateTime":"03/15/24 00:00:00","value":{"demographicVO2Max":45.0}},
                 {"dateTime":"03/16/24 00:00:00","value":{"demographicVO2Max":0.0,"filteredDemographicVO2Max":0.0}}]"#,
            &mut out,
        )
        .unwrap();
        assert_eq!(out.vo2_max.len(), 2);
        assert!((out.vo2_max[&date(2024, 3, 14)] - 44.3).abs() < 1e-12);
        assert!((out.vo2_max[&date(2024, 3, 15)] - 45.0).abs() < 1e-12);
    }

    #[test]
    fn sleep_scores_take_their_logs_day_else_the_local_day_of_the_stamp() {
        let mut out = Collected::default();
        sleep_scores(
            b"sleep_log_entry_id,timestamp,overall_score,composition_score,revitalization_score,duration_score,deep_sleep_in_minutes,resting_heart_rate,restlessness\n\
              44632289206,2024-02-22T06:10:30Z,81,,80,,72,58,0.12\n\
              44632289207,2024-02-23T13:30:00Z,77,-1,75,-1,60,57,0.1\n\
              44632289208,2024-02-24T06:00:00Z,-1,,,,,,\n\
              44632289209,2024-02-25T06:00:00Z,,,,,,,\n",
            &mut out,
        )
        .unwrap();
        assert_eq!(out.sleep_scores.len(), 2);
        // Sydney (UTC+11 in February): 13:30 UTC on the 23rd is the morning of the 24th.
        let tz = TimeZone::get("Australia/Sydney").unwrap();
        let by_day = out.sleep_scores_by_day(&tz);
        assert_eq!(
            by_day.into_iter().collect::<Vec<_>>(),
            [(date(2024, 2, 22), 81.0), (date(2024, 2, 24), 77.0)]
        );
    }

    #[test]
    fn offsets_and_the_nights_they_place() {
        let secs = |s: &str| utc_offset(s).map(jiff::tz::Offset::seconds);
        assert_eq!(secs("+05:30"), Some(19_800));
        assert_eq!(secs("-0700"), Some(-25_200));
        assert_eq!(secs("Z"), Some(0));
        assert_eq!(secs("+00:00"), Some(0));
        for bad in ["", "05:30", "+5:30", "+25:00", "+05:60", "nine"] {
            assert_eq!(secs(bad), None, "{bad:?}");
        }
        let mut out = Collected::default();
        user_sleeps(
            b"sleep_id,start_utc_offset,sleep_start,end_utc_offset,sleep_end\n\
              1,+09:00,2017-06-09T14:41:30Z,+09:00,2017-06-09T22:09:30Z\n\
              2,-07:00,2026-11-01 08:30:00,-08:00,2026-11-01T15:00:00Z\n\
              3,bad,2017-06-10T14:00:00Z,+09:00,2017-06-10T22:00:00Z\n",
            &mut out,
        )
        .unwrap();
        assert_eq!(out.night_offsets.len(), 2);
        let local = |s: &str| s.parse::<DateTime>().unwrap();
        // Matched within a minute of the log's wall time, not beyond.
        assert_eq!(
            out.night_offset(local("2017-06-09T23:42:00"))
                .map(jiff::tz::Offset::seconds),
            Some(32_400)
        );
        assert_eq!(out.night_offset(local("2017-06-09T23:43:00")), None);
        // The repeated hour of a fall-back night: the row says which 01:30 it was.
        assert_eq!(
            out.night_offset(local("2026-11-01T01:30:00"))
                .map(jiff::tz::Offset::seconds),
            Some(-25_200)
        );
    }
}
