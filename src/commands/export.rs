//! `fittui export`: stored data out, in stable, documented columns — CSV (a spreadsheet opens
//! it), a JSON array, or NDJSON. Before writing, what the store lacks for the range is fetched
//! (the same engine as `fittui sync`) unless `--offline`.
//!
//! Columns (metric units, the unit in the column name; times ISO 8601 with the account's UTC
//! offset; a day or value without data is an empty cell / `null`, never 0):
//! - `daily`: `date, steps, distance_m, calories_kcal, floors, active_minutes,
//!   azm_fat_burn_min, azm_cardio_min, azm_peak_min`
//! - `heart`: one row per minute with readings: `time, bpm_mean, bpm_min, bpm_max`
//! - `sleep`: one row per sleep: `date, start, end, main, minutes_asleep, minutes_awake,
//!   minutes_in_bed, efficiency_percent, deep_min, light_min, rem_min, wake_min`
//! - `hrv`: one row per day with a value: `date, rmssd_ms, deep_sleep_rmssd_ms`
//! - `spo2`: one row per night with a value: `date, spo2_avg_percent, spo2_min_percent,
//!   spo2_max_percent, breathing_rate_per_min, skin_temp_delta_c`
//! - `devices`: the battery history: one row per device of each stored devices list fetched
//!   in the range (every sync keeps one; the present list is fetched first unless
//!   `--offline`): `fetched_at, id, model, kind, battery_percent, battery_level, last_sync`
//! - `weight`: one row per weigh-in: `time, date, weight_kg, body_fat_pct, source` (`date` is
//!   the local day; `body_fat_pct` empty when the scale did not measure it; `source` as the
//!   provider names it). Missing days are fetched as one range from the first day not yet
//!   final to the last (weigh-ins are stored by range, not through the sync engine).

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::{EXIT_USAGE, Started, fail, start};
use crate::app::{Payload, Resource};
use crate::cli::{ExportArgs, ExportFormat, ExportKind};
use crate::clock::{SharedClock, SystemClock};
use crate::domain::device::DeviceKind;
use crate::domain::heart::minute_instant;
use crate::domain::sleep::SleepLevel;
use crate::paths::Paths;
use crate::runtime::local::LocalStore;
use crate::runtime::sync::Kind;
use crate::store::StoreError;

/// A row of any kind (written as the struct it holds).
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Row {
    Daily(DailyRow),
    Heart(HeartRow),
    Sleep(SleepRow),
    Hrv(HrvRow),
    Spo2(Spo2Row),
    Device(DeviceRow),
    Weight(WeightRow),
}

/// One row of `weight`.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct WeightRow {
    pub time: String,
    pub date: String,
    pub weight_kg: f64,
    pub body_fat_pct: Option<f64>,
    pub source: Option<String>,
}

/// One row of `hrv`.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct HrvRow {
    pub date: String,
    pub rmssd_ms: f64,
    pub deep_sleep_rmssd_ms: Option<f64>,
}

/// One row of `spo2`.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct Spo2Row {
    pub date: String,
    pub spo2_avg_percent: Option<f64>,
    pub spo2_min_percent: Option<f64>,
    pub spo2_max_percent: Option<f64>,
    pub breathing_rate_per_min: Option<f64>,
    pub skin_temp_delta_c: Option<f64>,
}

/// One row of `devices`.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct DeviceRow {
    /// When this list was fetched (the battery reading's time).
    pub fetched_at: String,
    pub id: String,
    pub model: String,
    pub kind: String,
    pub battery_percent: Option<u8>,
    pub battery_level: Option<String>,
    pub last_sync: Option<String>,
}

/// One row of `daily`.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct DailyRow {
    pub date: String,
    pub steps: Option<u32>,
    pub distance_m: Option<f64>,
    pub calories_kcal: Option<f64>,
    pub floors: Option<u32>,
    pub active_minutes: Option<u32>,
    pub azm_fat_burn_min: Option<u32>,
    pub azm_cardio_min: Option<u32>,
    pub azm_peak_min: Option<u32>,
}

/// One row of `heart`.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct HeartRow {
    pub time: String,
    pub bpm_mean: f32,
    pub bpm_min: u16,
    pub bpm_max: u16,
}

/// One row of `sleep`.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct SleepRow {
    pub date: String,
    pub start: String,
    pub end: String,
    pub main: bool,
    pub minutes_asleep: u32,
    pub minutes_awake: u32,
    pub minutes_in_bed: u32,
    pub efficiency_percent: Option<u8>,
    pub deep_min: Option<u32>,
    pub light_min: Option<u32>,
    pub rem_min: Option<u32>,
    pub wake_min: Option<u32>,
}

/// Where the rows go, in the chosen format.
enum Sink<W: Write> {
    /// The writer, and the kind's header for an export without rows (a spreadsheet still
    /// gets its columns), `None` once a row was written.
    Csv(Box<csv::Writer<W>>, Option<&'static str>),
    Json {
        out: W,
        first: bool,
    },
    Ndjson(W),
}

impl<W: Write> Sink<W> {
    fn new(format: ExportFormat, kind: ExportKind, out: W) -> Self {
        match format {
            ExportFormat::Csv => {
                Sink::Csv(Box::new(csv::Writer::from_writer(out)), Some(header(kind)))
            }
            ExportFormat::Json => Sink::Json { out, first: true },
            ExportFormat::Ndjson => Sink::Ndjson(out),
        }
    }

    fn row(&mut self, row: &impl Serialize) -> io::Result<()> {
        match self {
            Sink::Csv(w, header) => {
                *header = None;
                w.serialize(row).map_err(csv_io)
            }
            Sink::Json { out, first } => {
                out.write_all(if *first { b"[\n" } else { b",\n" })?;
                *first = false;
                serde_json::to_writer(&mut *out, row).map_err(io::Error::other)
            }
            Sink::Ndjson(out) => {
                serde_json::to_writer(&mut *out, row).map_err(io::Error::other)?;
                out.write_all(b"\n")
            }
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Sink::Csv(w, header) => {
                let mut out = w
                    .into_inner()
                    .map_err(|e| io::Error::other(e.to_string()))?;
                if let Some(header) = header {
                    writeln!(out, "{header}")?;
                }
                out.flush()
            }
            Sink::Json { mut out, first } => {
                out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
            Sink::Ndjson(mut out) => out.flush(),
        }
    }
}

/// The CSV header line of `kind` (the row struct's field names, in order).
fn header(kind: ExportKind) -> &'static str {
    match kind {
        ExportKind::Daily => {
            "date,steps,distance_m,calories_kcal,floors,active_minutes,azm_fat_burn_min,\
             azm_cardio_min,azm_peak_min"
        }
        ExportKind::Heart => "time,bpm_mean,bpm_min,bpm_max",
        ExportKind::Sleep => {
            "date,start,end,main,minutes_asleep,minutes_awake,minutes_in_bed,\
             efficiency_percent,deep_min,light_min,rem_min,wake_min"
        }
        ExportKind::Hrv => "date,rmssd_ms,deep_sleep_rmssd_ms",
        ExportKind::Spo2 => {
            "date,spo2_avg_percent,spo2_min_percent,spo2_max_percent,breathing_rate_per_min,\
             skin_temp_delta_c"
        }
        ExportKind::Devices => "fetched_at,id,model,kind,battery_percent,battery_level,last_sync",
        ExportKind::Weight => "time,date,weight_kg,body_fat_pct,source",
    }
}

fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// An instant as ISO 8601 with the zone's offset: `2026-11-21T07:15:00-08:00`.
///
/// Written digit by digit: a year of heart rate is half a million of these, and jiff's
/// `strftime` (kept for the rare instants this does not cover: years outside 0–9999, offsets
/// with seconds) took a fifth of the export's time. Same bytes either way (tested below).
fn local_iso(at: jiff::Timestamp, tz: &TimeZone) -> String {
    let offset = tz.to_offset(at);
    let seconds = offset.seconds();
    let dt = offset.to_datetime(at);
    if !(0..=9999).contains(&dt.year()) || seconds % 60 != 0 {
        return strftime_iso(at, tz);
    }
    let mut out = String::with_capacity(25);
    push_digits(&mut out, dt.year().unsigned_abs().into(), 4);
    out.push('-');
    push_digits(&mut out, dt.month().unsigned_abs().into(), 2);
    out.push('-');
    push_digits(&mut out, dt.day().unsigned_abs().into(), 2);
    out.push('T');
    push_digits(&mut out, dt.hour().unsigned_abs().into(), 2);
    out.push(':');
    push_digits(&mut out, dt.minute().unsigned_abs().into(), 2);
    out.push(':');
    push_digits(&mut out, dt.second().unsigned_abs().into(), 2);
    out.push(if seconds < 0 { '-' } else { '+' });
    let minutes = seconds.unsigned_abs() / 60;
    push_digits(&mut out, minutes / 60, 2);
    out.push(':');
    push_digits(&mut out, minutes % 60, 2);
    out
}

/// `value`'s last `width` decimal digits, zero-padded.
fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// [`local_iso`] through jiff's `strftime`.
fn strftime_iso(at: jiff::Timestamp, tz: &TimeZone) -> String {
    at.to_zoned(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Writes `kind` for `days` (oldest first) from the store.
fn write_rows<W: Write>(
    local: &LocalStore,
    kind: ExportKind,
    days: &[Date],
    tz: &TimeZone,
    sink: &mut Sink<W>,
) -> Result<(), String> {
    let mut write = |row: Row| sink.row(&row).map_err(write_error);
    if kind == ExportKind::Devices {
        if let (Some(&from), Some(&to)) = (days.first(), days.last()) {
            for row in device_rows(local, from, to, tz).map_err(|e| e.to_string())? {
                write(row)?;
            }
        }
        return Ok(());
    }
    if kind == ExportKind::Weight {
        if let (Some(&from), Some(&to)) = (days.first(), days.last()) {
            for row in weight_rows(local, from, to, tz).map_err(|e| e.to_string())? {
                write(row)?;
            }
        }
        return Ok(());
    }
    for &date in days {
        for row in day_rows(local, kind, date, tz).map_err(|e| e.to_string())? {
            write(row)?;
        }
    }
    Ok(())
}

/// Every stored devices list fetched between the start of `from` and the end of `to` (local
/// days), oldest first, one row per device.
fn device_rows(
    local: &LocalStore,
    from: Date,
    to: Date,
    tz: &TimeZone,
) -> Result<Vec<Row>, StoreError> {
    let start = from
        .to_zoned(tz.clone())
        .map_or(jiff::Timestamp::MIN, |z| z.timestamp());
    let end = to
        .tomorrow()
        .ok()
        .and_then(|d| d.to_zoned(tz.clone()).ok())
        .map_or(jiff::Timestamp::MAX, |z| z.timestamp());
    let mut rows = Vec::new();
    for snapshot in local.recall_device_history(start, end)? {
        // The end is exclusive: a list fetched at the next midnight belongs to the next day.
        if snapshot.meta.fetched_at >= end {
            continue;
        }
        let fetched_at = local_iso(snapshot.meta.fetched_at, tz);
        rows.extend(snapshot.value.into_iter().map(|d| {
            Row::Device(DeviceRow {
                fetched_at: fetched_at.clone(),
                id: d.id,
                model: d.model,
                kind: match d.kind {
                    DeviceKind::Tracker => "tracker".into(),
                    DeviceKind::Scale => "scale".into(),
                    DeviceKind::Other(other) => other,
                },
                battery_percent: d.battery_percent,
                battery_level: d.battery.as_ref().map(|b| b.label().to_lowercase()),
                last_sync: d.last_sync.map(|at| local_iso(at, tz)),
            })
        }));
    }
    Ok(rows)
}

/// The stored weigh-ins dated `from..=to`, oldest first.
fn weight_rows(
    local: &LocalStore,
    from: Date,
    to: Date,
    tz: &TimeZone,
) -> Result<Vec<Row>, StoreError> {
    Ok(local
        .recall_weigh_ins(from, to)?
        .into_iter()
        .map(|w| {
            Row::Weight(WeightRow {
                time: local_iso(w.at, tz),
                date: w.date.to_string(),
                weight_kg: w.weight_kg,
                body_fat_pct: w.body_fat_pct,
                source: w.source,
            })
        })
        .collect())
}

/// Fetches and stores what the export of `kind` over `days` (oldest first) lacks: the present
/// devices list (a new battery reading), the weigh-ins of the days not final yet, or the day
/// views the sync engine would fetch.
async fn fetch_missing(
    syncer: crate::runtime::sync::Syncer,
    kind: ExportKind,
    days: &[Date],
) -> Result<(), String> {
    let (Some(&from), Some(&to)) = (days.first(), days.last()) else {
        return Ok(());
    };
    let kind = match kind {
        ExportKind::Devices => {
            let payload = crate::runtime::fetch(syncer.provider.as_ref(), Resource::Devices)
                .await
                .map_err(|e| format!("cannot fetch the devices: {e}"))?;
            let local = syncer.local.clone();
            return tokio::task::spawn_blocking(move || local.remember(&payload))
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string());
        }
        ExportKind::Weight => {
            return crate::runtime::sync::sync_weight(&syncer, from, to, &mut |_| {})
                .await
                .map(|_| ())
                .map_err(|e| format!("cannot fetch the weigh-ins: {e}"));
        }
        ExportKind::Daily => Kind::Activity,
        ExportKind::Heart | ExportKind::Hrv => Kind::Heart,
        ExportKind::Sleep | ExportKind::Spo2 => Kind::Sleep,
    };
    let newest_first: Vec<Date> = days.iter().rev().copied().collect();
    crate::runtime::sync::run(
        syncer,
        &newest_first,
        &[kind],
        &AtomicBool::new(false),
        |_| {},
    )
    .await
    .map(|_| ())
    .map_err(|e| format!("cannot fetch what is missing: {e}"))
}

/// One day's rows of `kind` (none when the store has nothing for it).
fn day_rows(
    local: &LocalStore,
    kind: ExportKind,
    date: Date,
    tz: &TimeZone,
) -> Result<Vec<Row>, StoreError> {
    let resource = match kind {
        ExportKind::Daily => Resource::Activity(date),
        ExportKind::Heart | ExportKind::Hrv => Resource::Heart(date),
        ExportKind::Sleep | ExportKind::Spo2 | ExportKind::Devices | ExportKind::Weight => {
            Resource::Sleep(date)
        }
    };
    let Some(payload) = recall(local, resource)? else {
        return Ok(Vec::new());
    };
    Ok(match (kind, payload) {
        (ExportKind::Daily, Payload::Activity(day)) => {
            let s = day.summary.as_ref();
            vec![Row::Daily(DailyRow {
                date: date.to_string(),
                steps: s.map(|s| s.steps),
                distance_m: s.map(|s| s.distance_m),
                calories_kcal: s.and_then(|s| s.calories_kcal),
                floors: s.and_then(|s| s.floors),
                active_minutes: s.and_then(|s| s.active_minutes),
                azm_fat_burn_min: s.and_then(|s| s.azm.map(|a| a.fat_burn)),
                azm_cardio_min: s.and_then(|s| s.azm.map(|a| a.cardio)),
                azm_peak_min: s.and_then(|s| s.azm.map(|a| a.peak)),
            })]
        }
        (ExportKind::Heart, Payload::Heart(day)) => {
            let series = &day.intraday;
            series
                .buckets()
                .iter()
                .map(|b| {
                    Row::Heart(HeartRow {
                        time: local_iso(minute_instant(series.start, u32::from(b.minute)), tz),
                        bpm_mean: (b.mean * 10.0).round() / 10.0,
                        bpm_min: b.min,
                        bpm_max: b.max,
                    })
                })
                .collect()
        }
        (ExportKind::Hrv, Payload::Heart(day)) => day
            .hrv
            .map(|hrv| {
                Row::Hrv(HrvRow {
                    date: date.to_string(),
                    rmssd_ms: hrv.daily_rmssd_ms,
                    deep_sleep_rmssd_ms: hrv.deep_rmssd_ms,
                })
            })
            .into_iter()
            .collect(),
        (ExportKind::Sleep, Payload::Sleep(day)) => day
            .sessions
            .iter()
            .map(|s| {
                let stage = |level: SleepLevel| {
                    s.stages
                        .iter()
                        .filter(|t| t.level == level)
                        .map(|t| t.minutes)
                        .reduce(|a, b| a + b)
                };
                Row::Sleep(SleepRow {
                    date: date.to_string(),
                    start: local_iso(s.start, tz),
                    end: local_iso(s.end, tz),
                    main: s.is_main,
                    minutes_asleep: s.minutes_asleep,
                    minutes_awake: s.minutes_awake,
                    minutes_in_bed: s.time_in_bed,
                    efficiency_percent: s.efficiency,
                    deep_min: stage(SleepLevel::Deep),
                    light_min: stage(SleepLevel::Light),
                    rem_min: stage(SleepLevel::Rem),
                    wake_min: stage(SleepLevel::Wake),
                })
            })
            .collect(),
        (ExportKind::Spo2, Payload::Sleep(day))
            if day.spo2.is_some()
                || day.breathing_rate.is_some()
                || day.skin_temp_delta_c.is_some() =>
        {
            vec![Row::Spo2(Spo2Row {
                date: date.to_string(),
                spo2_avg_percent: day.spo2.map(|s| s.avg),
                spo2_min_percent: day.spo2.and_then(|s| s.min),
                spo2_max_percent: day.spo2.and_then(|s| s.max),
                breathing_rate_per_min: day.breathing_rate,
                skin_temp_delta_c: day.skin_temp_delta_c,
            })]
        }
        _ => Vec::new(),
    })
}

fn recall(local: &LocalStore, resource: Resource) -> Result<Option<Payload>, StoreError> {
    Ok(local.recall(resource)?.map(|r| r.payload))
}

/// A failed write as the command reports it: a closed pipe as [`BROKEN_PIPE`].
#[allow(clippy::needless_pass_by_value)] // the shape `map_err` hands over
fn write_error(e: io::Error) -> String {
    if e.kind() == io::ErrorKind::BrokenPipe {
        BROKEN_PIPE.to_string()
    } else {
        format!("cannot write the export: {e}")
    }
}

/// What a closed pipe (`fittui export … | head`) ends in: quietly, successfully.
const BROKEN_PIPE: &str = "\u{0}broken pipe";

/// Days from `from` to `to`, oldest first.
fn days_oldest_first(from: Date, to: Date) -> Vec<Date> {
    let mut days = crate::runtime::sync::days_newest_first(from, to);
    days.reverse();
    days
}

/// Days exported when no range is given.
pub const DEFAULT_DAYS: i64 = 30;

pub fn run(paths: &Paths, args: &ExportArgs) -> ExitCode {
    let Started {
        config, runtime, ..
    } = match start(paths) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let clock: SharedClock = Arc::new(SystemClock);
    // Not signed in, but the profile holds an import: export what it holds.
    let imported = if crate::source::choose(&config, paths).is_none() {
        match super::imported_local(paths, &clock) {
            Ok(imported) => imported,
            Err(e) => return fail(1, &e),
        }
    } else {
        None
    };
    let (source, local) = match imported {
        Some(local) => (None, local),
        None => match super::sync::open(&config, paths, &clock) {
            Ok((source, local)) => (Some(source), local),
            Err(code) => return code,
        },
    };
    let offline = args.offline || source.is_none();
    let result = runtime.block_on(async {
        // The account's zone decides the days; offline, the stored account's.
        let account = if let (false, Some(source)) = (offline, &source) {
            let account = source
                .provider
                .account()
                .await
                .map_err(|e| format!("cannot load the account: {e}"))?;
            let (l, a) = (local.clone(), account.clone());
            tokio::task::spawn_blocking(move || l.remember_account(&a))
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?;
            account
        } else {
            let local = local.clone();
            tokio::task::spawn_blocking(move || local.recall_account())
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?
                .ok_or("nothing is stored yet for this sign-in: run `fittui sync` (or export without --offline)")?
        };
        let tz = account.time_zone.clone();
        let today = clock.now().to_zoned(tz.clone()).date();
        let to = args.to.unwrap_or(today).min(today);
        let from = args
            .from
            .unwrap_or_else(|| to.checked_sub(jiff::ToSpan::days(DEFAULT_DAYS - 1)).unwrap_or(to));
        if from > to {
            return Err(format!("--from {from} is after --to {to}"));
        }
        let days = days_oldest_first(from, to);
        if let (false, Some(source)) = (offline, &source) {
            let syncer = crate::runtime::sync::Syncer {
                provider: source.provider.clone(),
                local: local.clone(),
                clock: clock.clone(),
                tz: tz.clone(),
            };
            fetch_missing(syncer, args.kind, &days)
                .await
                .map_err(|e| format!("{e} (add --offline to export what is stored)"))?;
        }
        let local = local.clone();
        let args = args.clone();
        tokio::task::spawn_blocking(move || write_export(&local, &args, &days, &tz))
            .await
            .map_err(|e| e.to_string())?
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e == BROKEN_PIPE => ExitCode::SUCCESS,
        Err(e) => fail(
            if e.starts_with("--from") {
                EXIT_USAGE
            } else {
                1
            },
            &e,
        ),
    }
}

/// Writes the export to `-o FILE` or standard output.
fn write_export(
    local: &LocalStore,
    args: &ExportArgs,
    days: &[Date],
    tz: &TimeZone,
) -> Result<(), String> {
    let finish = |r: io::Result<()>| r.map_err(write_error);
    if let Some(path) = &args.output {
        let file = std::fs::File::create(path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        let mut sink = Sink::new(args.format, args.kind, io::BufWriter::new(file));
        write_rows(local, args.kind, days, tz, &mut sink)?;
        finish(sink.finish())
    } else {
        let stdout = io::stdout().lock();
        let mut sink = Sink::new(args.format, args.kind, io::BufWriter::new(stdout));
        write_rows(local, args.kind, days, tz, &mut sink)?;
        finish(sink.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digit-by-digit `local_iso` writes what `strftime` writes: every 7 minutes and 13
    /// seconds over two years (both DST changes each year) in zones west, east, half-hour and
    /// quarter-hour off UTC, and UTC.
    #[test]
    fn local_iso_is_strftime() {
        let start: jiff::Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
        for name in [
            "America/Los_Angeles",
            "Europe/Berlin",
            "Asia/Kolkata",
            "Asia/Kathmandu",
            "Australia/Lord_Howe",
            "UTC",
        ] {
            let tz = TimeZone::get(name).unwrap();
            for step in 0..(2 * 365 * 24 * 60 / 7) {
                let at = start + jiff::SignedDuration::from_secs(step * (7 * 60 + 13));
                assert_eq!(local_iso(at, &tz), strftime_iso(at, &tz), "{name} {at}");
            }
        }
    }

    /// The header of an export without rows is the one serde writes for a row.
    #[test]
    fn empty_headers_are_the_rows_headers() {
        let text = || "x".to_string();
        let rows = [
            (
                ExportKind::Daily,
                Row::Daily(DailyRow {
                    date: text(),
                    steps: None,
                    distance_m: None,
                    calories_kcal: None,
                    floors: None,
                    active_minutes: None,
                    azm_fat_burn_min: None,
                    azm_cardio_min: None,
                    azm_peak_min: None,
                }),
            ),
            (
                ExportKind::Heart,
                Row::Heart(HeartRow {
                    time: text(),
                    bpm_mean: 1.0,
                    bpm_min: 1,
                    bpm_max: 1,
                }),
            ),
            (
                ExportKind::Sleep,
                Row::Sleep(SleepRow {
                    date: text(),
                    start: text(),
                    end: text(),
                    main: true,
                    minutes_asleep: 1,
                    minutes_awake: 1,
                    minutes_in_bed: 1,
                    efficiency_percent: None,
                    deep_min: None,
                    light_min: None,
                    rem_min: None,
                    wake_min: None,
                }),
            ),
            (
                ExportKind::Hrv,
                Row::Hrv(HrvRow {
                    date: text(),
                    rmssd_ms: 1.0,
                    deep_sleep_rmssd_ms: None,
                }),
            ),
            (
                ExportKind::Spo2,
                Row::Spo2(Spo2Row {
                    date: text(),
                    spo2_avg_percent: None,
                    spo2_min_percent: None,
                    spo2_max_percent: None,
                    breathing_rate_per_min: None,
                    skin_temp_delta_c: None,
                }),
            ),
            (
                ExportKind::Devices,
                Row::Device(DeviceRow {
                    fetched_at: text(),
                    id: text(),
                    model: text(),
                    kind: text(),
                    battery_percent: None,
                    battery_level: None,
                    last_sync: None,
                }),
            ),
            (
                ExportKind::Weight,
                Row::Weight(WeightRow {
                    time: text(),
                    date: text(),
                    weight_kg: 1.0,
                    body_fat_pct: None,
                    source: None,
                }),
            ),
        ];
        for (kind, row) in rows {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.serialize(&row).unwrap();
            let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
            assert_eq!(out.lines().next(), Some(header(kind)), "{kind:?}");
            let mut empty = Vec::new();
            Sink::new(ExportFormat::Csv, kind, &mut empty)
                .finish()
                .unwrap();
            assert_eq!(
                String::from_utf8(empty).unwrap(),
                format!("{}\n", header(kind))
            );
        }
    }
}
