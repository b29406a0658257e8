//! `fittui import`: a Fitbit account archive or Google Takeout export into the local store,
//! with no API and no sign-in.
//!
//! The export is read in place ([`archive`]: zip parts, a `.tgz` or a folder, streamed, never
//! unpacked to disk), its health files found by name at any depth ([`family`]), parsed with
//! the export's own time conventions ([`parse`]), and built into the same day records an API
//! fetch makes (`DayActivity`, `HeartDay`, `SleepDay`, day-by-day values, weigh-ins), stored
//! under an account of its own (`Origin::Takeout`), so API data and imported data of the same
//! person are never added together.
//!
//! **One encoding per measurement.** The legacy JSON (`Global Export Data`, or every file of
//! an account archive) is what is read for every measurement it holds: per-minute steps,
//! distance, calories and altitude, heart rate, resting heart rate, time in zones, activity
//! minutes, sleep, weight and exercises. The CSV twins in `*_GoogleData` are never read for
//! those — whatever the day — so no measurement is ever taken from two files. Read from CSV
//! only because the JSON has no such measurement: floors (`floors_….csv`, one `data source`
//! per day: the one with the most floors that day, ties to the first name), HRV, breathing
//! rate, `SpO₂`, skin temperature, the sleep score (the category folders) and Active Zone
//! Minutes. VO₂ max is the JSON's daily `demographic_vo2_max` (its filtered estimate, the one
//! the app shows, else the day's own); a sleep score goes to the day of the log it scores.
//!
//! **Time.** Instants and local days follow the account's zone (`Profile.csv` or `--tz`),
//! except a sleep log whose night `UserSleeps` gives the UTC offset of: it is placed with that
//! offset (travel, or the repeated hour of a DST change); an exercise `UserExercises` gives
//! the offset of is dated by it.
//!
//! **Idempotent, batch by batch.** Days are written [`BATCH_DAYS`] at a time, each batch one
//! transaction together with the digest of every record it wrote; a record whose digest is
//! already stored is not written again. Importing the same export twice writes nothing; a
//! newer export writes the days that changed; a killed import leaves whole batches, and the
//! same command finishes the job.

pub mod archive;
pub mod family;
pub mod parse;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use sha2::Digest as _;

use crate::api::DayKind;
use crate::domain::DailyMetric;
use crate::domain::account::Account;
use crate::domain::activity::{ActivitySummary, DayActivity, HourlySteps};
use crate::domain::heart::{HeartDay, HeartSeries, HeartSeriesBuilder, Resolution};
use crate::domain::sleep::SleepDay;
use crate::domain::units::{TemperatureUnit, UnitSystem};
use crate::domain::weight::WeighIn;
use crate::provider::localtime::day_bounds;
use crate::store::{
    AccountKey, Batch, ExerciseLog, FetchMeta, ImportRun, Origin, Store, StoreError,
};
use archive::{ArchiveError, Entry, Export};
use family::{Family, Level};
use parse::Collected;

/// Days written per transaction.
pub const BATCH_DAYS: usize = 31;

/// Pounds to kilograms.
const KG_PER_LB: f64 = 0.453_592_37;

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The account's zone; the export's `Profile.csv` when `None`.
    pub tz: Option<TimeZone>,
    /// Read and report, write nothing.
    pub dry_run: bool,
    /// The time of the import.
    pub now: Timestamp,
}

/// What an import reports as it goes.
#[derive(Debug, Clone)]
pub enum Event {
    /// The export was listed: the health files to read and their bytes.
    Listed { files: u64, bytes: u64 },
    /// A file was read (or skipped).
    File { done: u64, bytes: u64, days: u64 },
    /// Days were written.
    Written { days: u64 },
}

/// New, changed and unchanged days of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DayCounts {
    pub new: u64,
    pub changed: u64,
    pub unchanged: u64,
}

/// What an import did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// The account the data went to.
    pub account: String,
    pub time_zone: String,
    /// The export's own time (its records' `fetched_at`).
    pub exported_at: String,
    pub first_day: Option<Date>,
    pub last_day: Option<Date>,
    /// Health files read.
    pub files_read: u64,
    /// Files in the export that hold nothing fittui reads (other categories, READMEs).
    pub files_ignored: u64,
    /// Health files that could not be read, each with why.
    pub skipped: Vec<Skipped>,
    /// Per record kind (`activity`, `heart`, `sleep`).
    pub days: BTreeMap<&'static str, DayCounts>,
    /// Day-by-day values (resting HR, HRV, `SpO₂`, breathing rate, skin temperature, VO₂ max,
    /// sleep score).
    pub daily_values: u64,
    pub weigh_ins: u64,
    pub exercises: u64,
    pub dry_run: bool,
}

/// A file that was not imported.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Why an import could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error(
        "no health data found in {0} (expected a Fitbit or Google Takeout export: folders such as `Global Export Data` or `user-site-export`)"
    )]
    NothingToImport(String),
    #[error(
        "the export has no Profile.csv with a time zone; say which with --tz (e.g. --tz Europe/London)"
    )]
    NoTimeZone,
    #[error("the export's time zone `{0}` is unknown; say which with --tz")]
    BadTimeZone(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    /// The exit code: 2 for what the user can fix in the command, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Archive(_)
            | Self::NothingToImport(_)
            | Self::NoTimeZone
            | Self::BadTimeZone(_) => 2,
            Self::Store(_) => 1,
        }
    }
}

/// The account an export of `profile` is stored under.
pub fn account_key(user_id: &str) -> AccountKey {
    AccountKey {
        provider: Origin::Takeout,
        user_id: user_id.to_string(),
    }
}

/// The order files are read in: the profile (the zone) first, then the small daily files,
/// then the per-minute streams, the heart-rate days last (each written as it is read).
fn phase(family: Family) -> u8 {
    match family {
        // The nights' offsets before the sleep logs they place.
        Family::Profile | Family::UserSleeps => 0,
        Family::Minutes(_) => 2,
        Family::HeartRate => 3,
        _ => 1,
    }
}

/// When the export was made: the Takeout part name's stamp (`takeout-20241107T140017Z-001`),
/// else `now`.
fn export_time(paths: &[PathBuf], now: Timestamp) -> Timestamp {
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(rest) = name.strip_prefix("takeout-")
            && let Some(stamp) = rest.get(..16)
            && let Ok(dt) = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", stamp)
            && let Ok(at) = jiff::tz::Offset::UTC.to_timestamp(dt)
        {
            return at;
        }
    }
    now
}

/// Imports `paths` (the parts of one export) into `store` (`None`: a dry run with nowhere to
/// write), reporting progress through `progress`.
pub fn run(
    paths: &[PathBuf],
    store: Option<&Store>,
    options: &Options,
    progress: &mut dyn FnMut(Event),
) -> Result<Report, ImportError> {
    let export = Export::open(paths)?;
    let mut wanted: Vec<(&Entry, Family)> = Vec::new();
    let mut ignored = 0u64;
    for entry in export.entries() {
        match family::classify(&entry.name) {
            Some(f) => wanted.push((entry, f)),
            None => ignored += 1,
        }
    }
    if wanted.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(ImportError::NothingToImport(names.join(", ")));
    }
    // Stable: the phase, then the path (chunk files and heart days in date order).
    wanted.sort_by(|a, b| (phase(a.1), &a.0.name).cmp(&(phase(b.1), &b.0.name)));
    progress(Event::Listed {
        files: wanted.len() as u64,
        bytes: wanted.iter().map(|(e, _)| e.size).sum(),
    });
    let exported_at = export_time(paths, options.now);
    let mut reader = Reader::new(options, ignored, store.is_none());
    reader.report.exported_at = exported_at.to_string();
    // Pass 1: everything but the heart-rate days, the profile (the zone) on its own first: a
    // `.tgz` gives its files in archive order, and the per-minute streams need the zone.
    let (heart, rest): (Vec<_>, Vec<_>) = wanted.iter().partition(|(_, f)| *f == Family::HeartRate);
    let (profiles, rest): (Vec<_>, Vec<_>) =
        rest.into_iter().partition(|(_, f)| *f == Family::Profile);
    let families: std::collections::HashMap<&str, Family> =
        wanted.iter().map(|(e, f)| (e.name.as_str(), *f)).collect();
    let mut index = 0usize;
    for group in [profiles, rest] {
        let entries: Vec<&Entry> = group.iter().map(|(e, _)| *e).collect();
        if entries.is_empty() {
            continue;
        }
        export.read_each(&entries, &mut |entry, bytes| {
            index += 1;
            let family = families.get(entry.name.as_str()).copied();
            reader.file(entry, family, index, bytes, progress);
        })?;
    }
    let tz = reader.zone()?;
    let key = account_key(&reader.user_id());
    let mut writer = Writer {
        store: if reader.report.dry_run { None } else { store },
        key: key.clone(),
        meta: FetchMeta {
            fetched_at: exported_at,
            complete: true,
        },
        pending: Vec::new(),
        written: 0,
    };
    if let Some(store) = writer.store {
        store.put_account(&key, &reader.account(&tz))?;
    }
    // Pass 2: the heart-rate days, in date order, each day written once it is complete.
    let heart: Vec<&Entry> = heart.iter().map(|(e, _)| *e).collect();
    heart_pass(&export, &heart, &mut reader, &mut writer, &tz, progress)?;
    write_days(&mut reader, &mut writer, &tz, progress)?;
    reader.report.account.clone_from(&key.user_id);
    reader.report.time_zone = tz.iana_name().unwrap_or("UTC").to_string();
    reader.report.first_day = reader.span.first().copied();
    reader.report.last_day = reader.span.last().copied();
    if let Some(store) = writer.store {
        let report = &reader.report;
        store.batch(|b| {
            b.put_import_run(
                &key,
                &ImportRun {
                    imported_at: options.now,
                    exported_at,
                    first_day: report.first_day,
                    last_day: report.last_day,
                    files: report.files_read,
                    days_written: writer.written,
                },
            )
        })?;
    }
    Ok(reader.report)
}

/// Reads the heart-rate files and writes each day once the files after it cannot add to it.
fn heart_pass(
    export: &Export,
    entries: &[&Entry],
    reader: &mut Reader,
    writer: &mut Writer<'_>,
    tz: &TimeZone,
    progress: &mut dyn FnMut(Event),
) -> Result<(), ImportError> {
    let mut failure: Option<StoreError> = None;
    export.read_each(entries, &mut |entry, bytes| {
        if failure.is_some() {
            return;
        }
        reader.heart_file(entry, bytes, tz, progress);
        // Days before the last one this file brought are complete: build and queue them.
        let ready: Vec<Date> = match reader.heart_days.last() {
            Some(last) => reader.heart.keys().copied().filter(|d| d < last).collect(),
            None => Vec::new(),
        };
        reader.heart_days.clear();
        for date in ready {
            if let Some(builder) = reader.heart.remove(&date) {
                let day = reader.heart_day(date, builder.finish());
                if let Err(e) =
                    writer.push(Record::Heart(Box::new(day)), &mut reader.report, progress)
                {
                    failure = Some(e);
                    return;
                }
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    let remaining: Vec<Date> = reader.heart.keys().copied().collect();
    for date in remaining {
        if let Some(builder) = reader.heart.remove(&date) {
            let day = reader.heart_day(date, builder.finish());
            writer.push(Record::Heart(Box::new(day)), &mut reader.report, progress)?;
        }
    }
    Ok(())
}

/// The heart days without an intraday file, then activity and sleep, then the rest.
fn write_days(
    reader: &mut Reader,
    writer: &mut Writer<'_>,
    tz: &TimeZone,
    progress: &mut dyn FnMut(Event),
) -> Result<(), ImportError> {
    let heart_only: BTreeSet<Date> = reader
        .collected
        .resting
        .keys()
        .chain(reader.collected.zones.keys())
        .chain(reader.collected.hrv.keys())
        .copied()
        .filter(|d| !reader.heart_written.contains(d))
        .collect();
    for date in heart_only {
        let day = reader.heart_day(date, empty_series(date, tz));
        writer.push(Record::Heart(Box::new(day)), &mut reader.report, progress)?;
    }
    for day in reader.activity_days(tz) {
        writer.push(
            Record::Activity(Box::new(day)),
            &mut reader.report,
            progress,
        )?;
    }
    let scores = reader.collected.sleep_scores_by_day(tz);
    for day in reader.sleep_days(&scores) {
        writer.push(Record::Sleep(Box::new(day)), &mut reader.report, progress)?;
    }
    writer.flush(&mut reader.report, progress)?;
    reader.finish_extras(writer, tz, &scores)?;
    Ok(())
}

/// A day record on its way to the store.
enum Record {
    Activity(Box<DayActivity>),
    Heart(Box<HeartDay>),
    Sleep(Box<SleepDay>),
}

impl Record {
    fn kind(&self) -> DayKind {
        match self {
            Record::Activity(_) => DayKind::Activity,
            Record::Heart(_) => DayKind::Heart,
            Record::Sleep(_) => DayKind::Sleep,
        }
    }

    fn date(&self) -> Date {
        match self {
            Record::Activity(d) => d.date,
            Record::Heart(d) => d.date,
            Record::Sleep(d) => d.date,
        }
    }

    /// A digest of the record as it would be stored (its `Debug` form is every field).
    fn digest(&self) -> String {
        let text = match self {
            Record::Activity(d) => format!("{d:?}"),
            Record::Heart(d) => format!("{d:?}"),
            Record::Sleep(d) => format!("{d:?}"),
        };
        let hash = sha2::Sha256::digest(text.as_bytes());
        let mut out = String::with_capacity(64);
        for b in hash {
            let _ = write!(out, "{b:02x}");
        }
        out
    }

    fn write(&self, batch: Batch<'_>, key: &AccountKey, meta: FetchMeta) -> Result<(), StoreError> {
        match self {
            Record::Activity(d) => batch.put_activity(key, d, meta),
            Record::Heart(d) => batch.put_heart(key, d, meta),
            Record::Sleep(d) => batch.put_sleep(key, d, meta),
        }
    }
}

/// Writes records [`BATCH_DAYS`] at a time, skipping the ones an import already wrote.
struct Writer<'a> {
    store: Option<&'a Store>,
    key: AccountKey,
    meta: FetchMeta,
    pending: Vec<Record>,
    written: u64,
}

impl Writer<'_> {
    fn push(
        &mut self,
        record: Record,
        report: &mut Report,
        progress: &mut dyn FnMut(Event),
    ) -> Result<(), StoreError> {
        self.pending.push(record);
        if self.pending.len() >= BATCH_DAYS {
            self.flush(report, progress)?;
        }
        Ok(())
    }

    fn flush(
        &mut self,
        report: &mut Report,
        progress: &mut dyn FnMut(Event),
    ) -> Result<(), StoreError> {
        let records = std::mem::take(&mut self.pending);
        if records.is_empty() {
            return Ok(());
        }
        let Some(store) = self.store else {
            // A dry run: everything counts as new.
            for r in &records {
                report.days.entry(r.kind().name()).or_default().new += 1;
            }
            return Ok(());
        };
        let (key, meta) = (&self.key, self.meta);
        let written = store.batch(|b| {
            let mut written = Vec::new();
            for r in &records {
                let kind = r.kind().name();
                let digest = r.digest();
                let before = b.import_digest(key, kind, r.date())?;
                if before.as_deref() == Some(digest.as_str()) {
                    written.push((kind, None));
                    continue;
                }
                r.write(*b, key, meta)?;
                b.put_import_digest(key, kind, r.date(), &digest)?;
                written.push((kind, Some(before.is_some())));
            }
            Ok(written)
        })?;
        let mut n = 0;
        for (kind, outcome) in written {
            let counts = report.days.entry(kind).or_default();
            match outcome {
                None => counts.unchanged += 1,
                Some(false) => {
                    counts.new += 1;
                    n += 1;
                }
                Some(true) => {
                    counts.changed += 1;
                    n += 1;
                }
            }
        }
        self.written += n;
        progress(Event::Written { days: self.written });
        Ok(())
    }
}

/// Reads the files and builds the days.
struct Reader {
    collected: Collected,
    profile: Option<parse::Profile>,
    tz: Option<TimeZone>,
    /// Heart-rate days being read (a day's readings can start in the file before).
    heart: BTreeMap<Date, HeartSeriesBuilder>,
    /// The days the last heart-rate file had readings on.
    heart_days: BTreeSet<Date>,
    heart_written: BTreeSet<Date>,
    /// Every day with any data.
    span: BTreeSet<Date>,
    done: u64,
    bytes: u64,
    report: Report,
}

impl Reader {
    fn new(options: &Options, ignored: u64, no_store: bool) -> Reader {
        Reader {
            collected: Collected::default(),
            profile: None,
            tz: options.tz.clone(),
            heart: BTreeMap::new(),
            heart_days: BTreeSet::new(),
            heart_written: BTreeSet::new(),
            span: BTreeSet::new(),
            done: 0,
            bytes: 0,
            report: Report {
                files_ignored: ignored,
                dry_run: options.dry_run || no_store,
                ..Report::default()
            },
        }
    }

    fn skip(&mut self, entry: &Entry, reason: String) {
        tracing::warn!("import: skipping {}: {reason}", entry.name);
        self.report.skipped.push(Skipped {
            path: entry.name.clone(),
            reason,
        });
    }

    fn advance(&mut self, entry: &Entry, progress: &mut dyn FnMut(Event)) {
        self.done += 1;
        self.bytes += entry.size;
        progress(Event::File {
            done: self.done,
            bytes: self.bytes,
            days: self.span.len() as u64,
        });
    }

    /// The zone: `--tz`, else the profile's.
    fn zone(&self) -> Result<TimeZone, ImportError> {
        if let Some(tz) = &self.tz {
            return Ok(tz.clone());
        }
        let name = self
            .profile
            .as_ref()
            .and_then(|p| p.time_zone.clone())
            .ok_or(ImportError::NoTimeZone)?;
        TimeZone::get(&name).map_err(|_| ImportError::BadTimeZone(name))
    }

    fn user_id(&self) -> String {
        self.profile
            .as_ref()
            .and_then(|p| p.display_name.clone())
            .unwrap_or_else(|| "export".to_string())
    }

    fn account(&self, tz: &TimeZone) -> Account {
        let profile = self.profile.clone().unwrap_or_default();
        Account {
            user_id: self.user_id(),
            display_name: profile.display_name,
            time_zone_name: tz.iana_name().unwrap_or("UTC").to_string(),
            time_zone: tz.clone(),
            units: if profile.metric || self.profile.is_none() {
                UnitSystem::Metric
            } else {
                UnitSystem::Imperial
            },
            temperature_unit: if profile.metric || self.profile.is_none() {
                TemperatureUnit::Celsius
            } else {
                TemperatureUnit::Fahrenheit
            },
            clock_12h: None,
            member_since: None,
            assumed: None,
        }
    }

    /// One file of pass 1.
    fn file(
        &mut self,
        entry: &Entry,
        family: Option<Family>,
        index: usize,
        bytes: Result<Vec<u8>, String>,
        progress: &mut dyn FnMut(Event),
    ) {
        let Some(family) = family else { return };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                self.skip(entry, format!("cannot read it: {e}"));
                self.advance(entry, progress);
                return;
            }
        };
        if family == Family::Profile {
            match parse::profile(&bytes) {
                Ok(p) => {
                    self.profile = Some(p);
                    self.report.files_read += 1;
                }
                Err(e) => self.skip(entry, e),
            }
            self.advance(entry, progress);
            return;
        }
        let zone = self.zone().map_err(|e| e.to_string());
        let out = &mut self.collected;
        let result = match family {
            Family::Minutes(kind) => {
                zone.and_then(|tz| parse::minutes(&bytes, kind, index, &tz, out))
            }
            Family::ActiveMinutes(level) => parse::active_minutes(&bytes, level, out),
            Family::RestingHr => parse::resting(&bytes, out),
            Family::Zones => parse::zones(&bytes, out),
            Family::Sleep => zone.and_then(|tz| parse::sleep(&bytes, &tz, out)),
            Family::Weight => parse::weight(&bytes, out),
            Family::Exercise => parse::exercises(&bytes, out),
            Family::HrvSummary => parse::hrv_summary(&bytes, out),
            Family::RespiratorySummary => parse::respiratory_summary(&bytes, out),
            Family::Spo2Daily => zone.and_then(|tz| parse::spo2_daily(&bytes, &tz, out)),
            Family::Temperature => parse::temperature(&bytes, out),
            Family::Azm => parse::azm(&bytes, out),
            Family::FloorsCsv => zone.and_then(|tz| parse::floors_csv(&bytes, &tz, out)),
            Family::Vo2Max => parse::vo2_max(&bytes, out),
            Family::SleepScore => parse::sleep_scores(&bytes, out),
            Family::UserSleeps => parse::user_sleeps(&bytes, out),
            Family::UserExercises => parse::user_exercises(&bytes, out),
            // Read in the second pass; the profile before this.
            Family::HeartRate | Family::Profile => Ok(()),
        };
        match result {
            Ok(()) => self.report.files_read += 1,
            Err(e) => self.skip(entry, e),
        }
        self.advance(entry, progress);
    }

    /// One heart-rate file of pass 2: its readings into their local days' series.
    fn heart_file(
        &mut self,
        entry: &Entry,
        bytes: Result<Vec<u8>, String>,
        tz: &TimeZone,
        progress: &mut dyn FnMut(Event),
    ) {
        let rows = bytes.and_then(|b| parse::heart_rows(&b));
        match rows {
            Ok(rows) => {
                self.report.files_read += 1;
                let mut current: Option<(Date, Timestamp, Timestamp)> = None;
                for (at, bpm) in rows {
                    let date = match current {
                        Some((d, start, end)) if at >= start && at < end => d,
                        _ => {
                            let d = at.to_zoned(tz.clone()).date();
                            let Some((start, end)) = day_bounds(d, tz) else {
                                continue;
                            };
                            current = Some((d, start, end));
                            self.heart.entry(d).or_insert_with(|| {
                                HeartSeriesBuilder::new(start, end, Resolution::Second)
                            });
                            d
                        }
                    };
                    self.heart_days.insert(date);
                    if let Some(builder) = self.heart.get_mut(&date) {
                        builder.push(at, bpm);
                    }
                }
            }
            Err(e) => self.skip(entry, e),
        }
        self.advance(entry, progress);
    }

    fn heart_day(&mut self, date: Date, intraday: HeartSeries) -> HeartDay {
        self.heart_written.insert(date);
        let c = &self.collected;
        let day = HeartDay {
            date,
            intraday,
            resting_bpm: c.resting.get(&date).map(|v| v.round() as u16),
            zones: None,
            time_in_zones: c.zones.get(&date).copied(),
            resting_trend: Vec::new(),
            hrv: c.hrv.get(&date).copied(),
            hrv_trend: Vec::new(),
            // An export has no ECG list fittui reads: "not known", never "none".
            ecg: None,
            vo2_max: c.vo2_max.get(&date).copied(),
            gaps: Vec::new(),
        };
        if !day.is_empty() || day.time_in_zones.is_some() {
            self.span.insert(date);
        }
        day
    }

    fn activity_days(&mut self, tz: &TimeZone) -> Vec<DayActivity> {
        let c = &self.collected;
        let mut dates: BTreeSet<Date> = c.activity.keys().copied().collect();
        dates.extend(c.azm.keys().copied());
        dates.extend(c.floors_csv.keys().copied());
        let mut out = Vec::new();
        for date in dates {
            let minutes = c.activity.get(&date).cloned().unwrap_or_default();
            let level = |l: Level| c.active_minutes.get(&(date, l)).copied();
            let floors = c
                .floors_csv
                .get(&date)
                .and_then(|sources| {
                    // One source per day: the most floors, ties to the first name.
                    sources
                        .iter()
                        .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
                        .map(|(_, v)| v.round() as u32)
                })
                .or_else(|| minutes.altitude_ft.map(|ft| (ft / 10.0).round() as u32));
            let active = match (level(Level::Moderately), level(Level::Very)) {
                (None, None) => None,
                (m, v) => Some(m.unwrap_or(0) + v.unwrap_or(0)),
            };
            let summary = minutes.steps.map(|steps| ActivitySummary {
                steps: steps.round() as u32,
                distance_m: minutes.distance_cm.unwrap_or(0.0) / 100.0,
                // Whole kcal, as the APIs give the day's total.
                calories_kcal: minutes.calories.map(f64::round),
                floors,
                active_minutes: active,
                azm: c.azm.get(&date).copied(),
            });
            let hourly_steps = match (&summary, day_bounds(date, tz)) {
                (Some(_), Some((start, end))) => {
                    let starts = crate::provider::fitbit::decode::hour_starts(date, tz, start, end);
                    let mut steps = vec![0u32; starts.len()];
                    for (hour, v) in &minutes.hourly {
                        let at = Timestamp::from_second(*hour).unwrap_or(start);
                        let i = starts.partition_point(|h| *h <= at).saturating_sub(1);
                        if let Some(slot) = steps.get_mut(i) {
                            *slot = slot.saturating_add(v.round() as u32);
                        }
                    }
                    starts
                        .into_iter()
                        .zip(steps)
                        .map(|(start, steps)| HourlySteps { start, steps })
                        .collect()
                }
                _ => Vec::new(),
            };
            if summary.is_some() {
                self.span.insert(date);
            }
            out.push(DayActivity {
                date,
                summary,
                hourly_steps,
                week_steps: Vec::new(),
                goals: None,
                gaps: Vec::new(),
            });
        }
        out
    }

    /// The nights, with `scores` ([`parse::Collected::sleep_scores_by_day`]).
    fn sleep_days(&mut self, scores: &BTreeMap<Date, f64>) -> Vec<SleepDay> {
        let c = &self.collected;
        let mut by_date: BTreeMap<Date, Vec<crate::domain::sleep::SleepSession>> = BTreeMap::new();
        for (date, session) in c.sleep.values() {
            by_date.entry(*date).or_default().push(session.clone());
        }
        let mut dates: BTreeSet<Date> = by_date.keys().copied().collect();
        dates.extend(c.spo2.keys().copied());
        dates.extend(c.breathing.keys().copied());
        dates.extend(c.skin_temp.keys().copied());
        let mut out = Vec::new();
        for date in dates {
            let mut sessions = by_date.remove(&date).unwrap_or_default();
            sessions.sort_by_key(|s| s.start);
            let day = SleepDay {
                date,
                sessions,
                processing: false,
                spo2: c.spo2.get(&date).copied(),
                breathing_rate: c.breathing.get(&date).copied(),
                skin_temp_delta_c: c.skin_temp.get(&date).copied(),
                score: scores.get(&date).map(|v| v.round() as u8),
                gaps: Vec::new(),
            };
            if !day.is_empty() {
                self.span.insert(date);
            }
            out.push(day);
        }
        out
    }

    /// Day-by-day values (the nights' `scores` among them), weigh-ins and exercises.
    fn finish_extras(
        &mut self,
        writer: &Writer<'_>,
        tz: &TimeZone,
        scores: &BTreeMap<Date, f64>,
    ) -> Result<(), StoreError> {
        let c = &self.collected;
        let pounds = self.profile.as_ref().is_none_or(|p| p.weight_in_pounds);
        let mut weigh_ins: Vec<WeighIn> = c
            .weights
            .iter()
            .filter_map(|w| {
                let at = w
                    .date
                    .to_datetime(w.time)
                    .to_zoned(tz.clone())
                    .ok()?
                    .timestamp();
                Some(WeighIn {
                    at,
                    date: w.date,
                    weight_kg: if pounds {
                        w.weight * KG_PER_LB
                    } else {
                        w.weight
                    },
                    body_fat_pct: w.fat,
                    source: w.source.clone(),
                })
            })
            .collect();
        weigh_ins = crate::domain::weight::normalize(weigh_ins);
        let exercises: Vec<ExerciseLog> = c
            .exercises
            .values()
            .map(|e| ExerciseLog {
                log_id: e.log_id,
                name: e.name.clone(),
                start: e.start,
                // The day it was done on where the export says at which offset.
                date: c.exercise_offset(e.start).map_or_else(
                    || e.start.to_zoned(tz.clone()).date(),
                    |offset| offset.to_datetime(e.start).date(),
                ),
                duration_ms: e.duration_ms,
                calories_kcal: e.calories,
                average_bpm: e.average_hr,
                steps: e.steps,
                distance_m: e.distance_m,
            })
            .collect();
        let values = |m: &BTreeMap<Date, f64>| -> Vec<crate::store::DailyEntry> {
            m.iter()
                .map(|(d, v)| (*d, Some((*v, None, None))))
                .collect()
        };
        let resting: BTreeMap<Date, f64> = c.resting.iter().map(|(d, v)| (*d, v.round())).collect();
        let resting = values(&resting);
        let hrv: Vec<crate::store::DailyEntry> = c
            .hrv
            .iter()
            .map(|(d, h)| (*d, Some((h.daily_rmssd_ms, h.deep_rmssd_ms, None))))
            .collect();
        let spo2: Vec<crate::store::DailyEntry> = c
            .spo2
            .iter()
            .map(|(d, s)| (*d, Some((s.avg, s.min, s.max))))
            .collect();
        let breathing = values(&c.breathing);
        let skin = values(&c.skin_temp);
        let vo2 = values(&c.vo2_max);
        let scores: BTreeMap<Date, f64> = scores.iter().map(|(d, v)| (*d, v.round())).collect();
        let scores = values(&scores);
        let metrics: [(DailyMetric, &[crate::store::DailyEntry]); 7] = [
            (DailyMetric::RestingHr, &resting),
            (DailyMetric::Hrv, &hrv),
            (DailyMetric::Spo2, &spo2),
            (DailyMetric::BreathingRate, &breathing),
            (DailyMetric::SkinTemp, &skin),
            (DailyMetric::Vo2Max, &vo2),
            (DailyMetric::SleepScore, &scores),
        ];
        self.report.daily_values = metrics.iter().map(|(_, v)| v.len() as u64).sum();
        self.report.weigh_ins = weigh_ins.len() as u64;
        self.report.exercises = exercises.len() as u64;
        for w in &weigh_ins {
            self.span.insert(w.date);
        }
        self.span.extend(c.vo2_max.keys().copied());
        let Some(store) = writer.store else {
            return Ok(());
        };
        let key = &writer.key;
        store.batch(|b| {
            b.put_daily_many(key, &metrics, writer.meta.fetched_at)?;
            if let (Some(first), Some(last)) = (weigh_ins.first(), weigh_ins.last()) {
                b.put_weigh_ins(key, first.date, last.date, &weigh_ins, writer.meta)?;
            }
            b.put_exercises(key, &exercises)
        })
    }
}

/// An empty series spanning `date`'s local day.
fn empty_series(date: Date, tz: &TimeZone) -> HeartSeries {
    let (start, end) =
        day_bounds(date, tz).unwrap_or((Timestamp::UNIX_EPOCH, Timestamp::UNIX_EPOCH));
    HeartSeries::empty(start, end, Resolution::Second)
}
