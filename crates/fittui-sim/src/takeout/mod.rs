//! `fittui sim takeout`: the simulator's person as a Fitbit data export (Google Takeout or the
//! older Fitbit account archive), in the formats of `fitbit-takeout.md`, so that importing it
//! gives exactly the day values that fetching the same person through either API gives.
//!
//! ```no_run
//! use fittui_sim::takeout::{Era, TakeoutSpec, write};
//! let spec = TakeoutSpec { era: Era::Takeout2026, ..TakeoutSpec::default() };
//! let summary = write(&spec, std::path::Path::new("/tmp/takeout.zip"))?;
//! # Ok::<(), fittui_sim::takeout::TakeoutError>(())
//! ```
//!
//! [`build`] writes the same files into any [`Sink`] ([`MemSink`] keeps them in memory).
//!
//! # Which days
//!
//! The person is the one `fittui sim --seed S --days D --tz Z --now T` serves (same
//! [`Person`], same functions as the API handlers). The export holds the **final** days of that
//! window: `[today − D + 1, today − 1]`, where `today` is the person's local date at `--now`
//! (so `D − 1` days). Today is left out because it is not over. A day's files hold exactly what
//! the Fitbit API serves for that day at `--now`; in particular the main sleep the API still
//! reports as processing (`SpecialDays::processing_night`) is not in the export, and neither
//! are its nightly vitals (HRV, `SpO2`, breathing rate, skin temperature).
//!
//! # Eras, roots and files
//!
//! `N` is the name without spaces (`SamRivera`); `R` is the Takeout root.
//!
//! | Era | Root | Legacy JSON in | Category CSVs in | `GoogleData` CSVs | Profile / devices |
//! |---|---|---|---|---|---|
//! | `account-2019` | `MyFitbitData/N/` | `user-site-export/` (flat) | none | none | `Personal & Account/Profile.csv` |
//! | `account-2021` | `MyFitbitData/N/` | `Physical Activity/`, `Sleep/` (sleep), `Personal & Account/` (weight) | `N/<Category>/`; `sleep_score.csv` in `Sleep/` | none | `Personal & Account/Profile.csv` |
//! | `takeout-2024` | `Takeout/Fitbit/` | `Global Export Data/` | `R/<Category>/` | `Physical Activity_GoogleData/<family>_….csv`, no `data source` | `Your Profile/Profile.csv`, `Paired Devices/Trackers.csv` |
//! | `takeout-2026` (default) | `Takeout/Google Health/` | `Global Export Data/` | `R/<Category>/` | `Physical Activity_GoogleData/<family>/<family>_….csv`, `data source` last | as 2024, plus `Biometrics/Glucose YYMM.csv` (`no data`) `Health Fitness Data_GoogleData/UserSleeps_YYYY-MM-01.csv` and `UserExercises_YYYY-MM-01.csv` (each session's and exercise's UTC start and end with their offsets) and `Health Fitness Data_GoogleData/UserActivityProbabilities_….csv` (stored, not health data) |
//!
//! Legacy JSON files (all eras), §4 of the reference:
//! - `heart_rate-YYYY-MM-DD.json`: one per local day (23/25 h on DST days), UTC stamps
//!   `MM/DD/YY HH:MM:SS`, `{"bpm":N,"confidence":C}` at the person's spacing (1 s; every
//!   `heart_every_secs`-th second if set higher);
//! - `steps-`, `distance-` (cm), `calories-` (kcal incl. BMR, every minute), `altitude-` (feet,
//!   only minutes with floors; 1 floor = 10 ft): 30-day chunks from the first day, per-minute
//!   rows, UTC stamps, cut at local midnight, values as strings. Steps and distance list every
//!   minute the tracker was on the wrist;
//! - `sedentary_minutes-`, `lightly_active_minutes-`, `moderately_active_minutes-`,
//!   `very_active_minutes-`: 30-day chunks of daily rows (local labels); the newest chunk padded
//!   into the future with sedentary 1440 / others 0;
//! - `resting_heart_rate-YYYY-03-02.json`: one per account year (from the account anniversary,
//!   `MEMBER_SINCE`), sentinel rows `{"date":null,"value":0.0,"error":0.0}` for days without a
//!   value, padded to the year's end;
//! - `time_in_heart_rate_zones-YYYY-MM-DD.json`: per day with heart data;
//! - `sleep-YYYY-MM-DD.json`: 30-day chunks by `dateOfSleep`, newest first, each also holding
//!   the first day of the next chunk (the boundary log is in both files);
//! - `weight-YYYY-MM-DD.json`: 30-day chunks that hold weigh-ins, **pounds**;
//! - `exercise-0.json`, `exercise-100.json`, …: 100 logs a file, if the person has workouts;
//! - `demographic_vo2_max-YYYY-03-02.json`: per account year, worn days only.
//!
//! Category CSVs (`account-2021` and the Takeout eras), §5:
//! `Sleep Score/sleep_score.csv`; `Heart Rate Variability/Daily Heart Rate Variability Summary -
//! YYYY-MM-(N).csv` (one per night, the filename quirk: day D is written `(D-1)`, day 1 as
//! `YYYY-MM-.csv`), `Heart Rate Variability Details - YYYY-MM-DD.csv`, `Daily Respiratory Rate
//! Summary - YYYY-MM-DD.csv`; `Oxygen Saturation (SpO2)/Minute SpO2 - YYYY-MM-DD.csv` (with
//! extra `50.0` sentinel rows), `Daily SpO2 - <first>-<last>.csv` (100-day chunks);
//! `Temperature/Computed Temperature - YYYY-MM-01.csv` (monthly); `Active Zone Minutes
//! (AZM)/Active Zone Minutes - YYYY-MM-01.csv` (monthly).
//!
//! `GoogleData` CSVs (Takeout eras), §6: `heart_rate_YYYY-MM-DD.csv` (per UTC day),
//! `steps_`, `distance_` (metres), `floors_`, `body_fat_` (per UTC month, named after its first
//! day), `daily_resting_heart_rate.csv`, `daily_heart_rate_variability.csv`,
//! `daily_respiratory_rate.csv`, `daily_oxygen_saturation.csv`, `weight.csv` (grams).
//!
//! # Where each day value comes from (all equal to the Fitbit API at `now`)
//!
//! | Value | File | Rule |
//! |---|---|---|
//! | steps, distance, calories | `steps-`, `distance-`, `calories-` JSON | sum the rows whose UTC stamp falls in the local day; distance cm / 100 000 = km; round calories to whole kcal |
//! | steps, distance (`GoogleData`) | `steps_`, `distance_` CSV | same, metres |
//! | floors | `altitude-` JSON (feet / 10), or `floors_` CSV | sum per local day |
//! | sedentary / lightly / fairly / very minutes | `*_minutes-` JSON | the row of the day (skip rows after the last export day) |
//! | resting heart rate | `resting_heart_rate-` JSON or `daily_resting_heart_rate.csv` | rows with a `date`; none on days without heart data |
//! | minutes per heart-rate zone | `time_in_heart_rate_zones-` JSON | the day's row |
//! | Active Zone Minutes | `Active Zone Minutes - …csv` | sum `total_minutes` per local date of `date_time` |
//! | sleep | `sleep-` JSON | dedupe on `logId`; the logs equal the API's v1.2 logs |
//! | weigh-ins | `weight-` JSON (pounds, `Profile.csv` `weight_unit` `en_US`), `weight.csv` (grams) | one per weigh-in |
//! | HRV, breathing rate | `Daily Heart Rate Variability Summary`, `Daily Respiratory Rate Summary` | date from the row |
//! | `SpO2` avg / min / max | `Daily SpO2 - …csv` | |
//! | skin temperature delta | `Computed Temperature - …csv` | sum / samples rounded to 0.01, filed under the date the sleep ended; skip `NaN` |
//!
//! # Choices where the reference is unsure (\[U\])
//!
//! - `account-2019`: the flat `user-site-export/` holds only JSON; `Profile.csv` is written to
//!   `MyFitbitData/N/Personal & Account/Profile.csv` as in later account archives.
//! - `account-2021`: category folders `Physical Activity/` (activity, heart, exercise, VO2
//!   max), `Sleep/` (sleep JSON, `sleep_score.csv`), `Personal & Account/` (weight JSON,
//!   `Profile.csv`); the HRV, `SpO2`, temperature and AZM folders sit beside them.
//! - `calories` stamps are UTC like `steps` (the reference reports one export with local
//!   calories stamps); the file is cut at local midnight like the others.
//! - `altitude` values are feet (10 per floor).
//! - `resting_heart_rate` / `demographic_vo2_max` year files run from one anniversary (03-02)
//!   to the day before the next (365 or 366 rows for resting HR); `error` is 100.0 on the
//!   first day with a value, 6–16 later. Resting HR `value` is the API's whole bpm (`57.0`).
//! - Time in zones: `BELOW_DEFAULT_ZONE_1` = out of range, zones 1/2/3 = fat burn/cardio/peak.
//! - Heart-rate `confidence`: 3 asleep, 1 walking or running, 2 otherwise.
//! - Weight `logId` = epoch ms of the local date + time read as UTC; `time` is local.
//! - `Daily SpO2` rows are stamped with the night's date label `YYYY-MM-DDT00:00:00Z`;
//!   `average_value` / `lower_bound` / `upper_bound` are the API's avg / min / max.
//! - `Minute SpO2`: every API minute plus a `50.0` sentinel row 30 s after about one minute in
//!   six; dropping the `50.0` rows gives the API's minutes exactly.
//! - `Computed Temperature`: `nightly_temperature` is the absolute °C; the baseline columns
//!   give the API's delta as `baseline_relative_sample_sum / temperature_samples` (round to
//!   0.01). The three nights before the window (the account's first nights, with no API data)
//!   are written with `NaN` baselines, so every night of the window has a value.
//! - Sleep logs are the API's v1.2 logs (`fitbit::sleep::log_json`) with `isMainSleep`
//!   renamed `mainSleep`: every stamp is local wall time with the offset in force when the
//!   sleep started, exactly as the API writes it (a night across the fall-back ends an hour
//!   "late"), so the export and the API agree string for string.
//! - `sleep_score.csv`: one row per stages main sleep in the export, stamped at its end;
//!   scores are synthetic; `composition_score` and `duration_score` are blank.
//! - `GoogleData`: `heart_rate_` files are cut at the UTC day; monthly families at the UTC
//!   month; `steps_`/`distance_`/`floors_` list only minutes with a non-zero value; the
//!   `data source` is `Fitbit Sense 2` (the scale's rows: `Aria Air`). In `takeout-2026`
//!   each family sits in `Physical Activity_GoogleData/<family>/`, undated files included.
//! - `Trackers.csv` column names besides `tracker_id,date_added,last_sync_date_time,batt_level`
//!   and `device_type` are invented, at the positions source \[11\] reads (12 tracker name, 13 device
//!   name, 14 on dominant hand, 20 alarm update, 23 heart-rate update).
//! - `Profile.csv`: `weight_unit` etc. `en_US`, `height` cm, `weight` kg (the trend at `now`),
//!   empty values `null`.
//! - Zip parts (`--parts N`): file `i` goes to part `i mod N`, so one family spans parts.
//! - `UserActivityProbabilities_<first>.csv`: ~300 KB of synthetic rows, stored uncompressed.

pub mod csv;
pub mod legacy;
pub mod sink;

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;

use crate::person::{FIRST_NAME, LAST_NAME, Person, add_days, days_between};
pub use sink::{DirSink, MemSink, Sink, TgzSink, ZipSink};

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TakeoutError {
    #[error(
        "unknown era `{0}` (expected account-2019, account-2021, takeout-2024 or takeout-2026)"
    )]
    BadEra(String),
    #[error("unknown format `{0}` (expected zip, tgz or dir)")]
    BadFormat(String),
    #[error("cannot tell the format of `{0}` from its extension; pass --format zip|tgz|dir")]
    UnknownExtension(String),
    #[error("--parts needs a zip or tgz output")]
    PartsNeedArchive,
    #[error("unknown time zone `{name}`: {reason}")]
    TimeZone { name: String, reason: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write the archive {path}: {reason}")]
    Archive { path: String, reason: String },
    #[error("the export wrote {0} twice")]
    Duplicate(String),
}

/// Which export layout to write (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Era {
    Account2019,
    Account2021,
    Takeout2024,
    #[default]
    Takeout2026,
}

impl Era {
    pub const ALL: [Era; 4] = [
        Era::Account2019,
        Era::Account2021,
        Era::Takeout2024,
        Era::Takeout2026,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Era::Account2019 => "account-2019",
            Era::Account2021 => "account-2021",
            Era::Takeout2024 => "takeout-2024",
            Era::Takeout2026 => "takeout-2026",
        }
    }

    /// A Google Takeout export (rather than a Fitbit account archive).
    pub fn is_takeout(self) -> bool {
        matches!(self, Era::Takeout2024 | Era::Takeout2026)
    }
}

impl std::fmt::Display for Era {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Era {
    type Err = TakeoutError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Era::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| TakeoutError::BadEra(s.to_string()))
    }
}

/// The container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Zip,
    Tgz,
    Dir,
}

impl Format {
    /// The format an output path's extension names (`.zip`, `.tgz`/`.tar.gz`, none = dir).
    pub fn from_path(path: &Path) -> Result<Self, TakeoutError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if ext.as_deref() == Some("zip") {
            Ok(Format::Zip)
        } else if ext.as_deref() == Some("tgz") || name.ends_with(".tar.gz") {
            Ok(Format::Tgz)
        } else if path.extension().is_none() || path.is_dir() {
            Ok(Format::Dir)
        } else {
            Err(TakeoutError::UnknownExtension(path.display().to_string()))
        }
    }
}

impl std::str::FromStr for Format {
    type Err = TakeoutError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "zip" => Ok(Format::Zip),
            "tgz" | "tar.gz" => Ok(Format::Tgz),
            "dir" => Ok(Format::Dir),
            _ => Err(TakeoutError::BadFormat(s.to_string())),
        }
    }
}

/// What to export.
#[derive(Debug, Clone, PartialEq)]
pub struct TakeoutSpec {
    pub seed: u64,
    /// The simulator's `--days`: the export holds the `days − 1` final days.
    pub days: u32,
    pub tz: String,
    /// The export instant (the simulator's `--now`).
    pub now: Timestamp,
    pub era: Era,
    /// `None`: from the output path's extension.
    pub format: Option<Format>,
    /// Split a zip or tgz into this many standalone parts (1 = one file at the output path).
    pub parts: u32,
    /// "First Last"; default the person's name.
    pub name: Option<String>,
    /// Heart-rate JSON/CSV spacing in seconds (1 = every reading, like the API's `1sec`).
    pub heart_every_secs: u32,
}

impl Default for TakeoutSpec {
    fn default() -> Self {
        TakeoutSpec {
            seed: crate::config::DEFAULT_SEED,
            days: crate::config::DEFAULT_DAYS,
            tz: crate::config::DEFAULT_TZ.to_string(),
            // The simulator tests' "now" (`testkit::NOW`): a Saturday afternoon in Los Angeles.
            now: "2026-11-21T15:00:00-08:00"
                .parse()
                .unwrap_or(Timestamp::UNIX_EPOCH),
            era: Era::default(),
            format: None,
            parts: 1,
            name: None,
            heart_every_secs: 1,
        }
    }
}

impl TakeoutSpec {
    /// The person the simulator serves for these flags.
    pub fn person(&self) -> Result<Person, TakeoutError> {
        Person::new(self.seed, &self.tz, self.days, self.now).map_err(|e| TakeoutError::TimeZone {
            name: self.tz.clone(),
            reason: e.to_string(),
        })
    }

    /// (first, last) name.
    pub fn names(&self) -> (String, String) {
        match self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            Some(n) => match n.split_once(' ') {
                Some((f, l)) => (f.trim().to_string(), l.trim().to_string()),
                None => (n.to_string(), String::new()),
            },
            None => (FIRST_NAME.to_string(), LAST_NAME.to_string()),
        }
    }

    /// `takeout-YYYYMMDDTHHMMSSZ`, the stamp of part names.
    pub fn stamp(&self) -> String {
        let t = jiff::tz::TimeZone::UTC.to_datetime(self.now);
        format!(
            "takeout-{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

/// The dates an export of `p` at `now` holds: `[first_date, today − 1]` (may be empty).
pub fn export_dates(p: &Person, now: Timestamp) -> Vec<Date> {
    let last = add_days(p.today(now), -1);
    let n = days_between(p.first_date(), last) + 1;
    (0..n.max(0)).map(|i| add_days(p.first_date(), i)).collect()
}

/// What [`write()`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub out: Vec<String>,
    pub files: usize,
    pub bytes: u64,
    pub days: usize,
    pub era: String,
}

/// Counts files and bytes on their way to another sink.
struct Counting<'a> {
    inner: &'a mut dyn Sink,
    files: usize,
    bytes: u64,
}

impl Sink for Counting<'_> {
    fn add(&mut self, path: &str, data: &[u8], stored: bool) -> Result<(), TakeoutError> {
        self.files += 1;
        self.bytes += data.len() as u64;
        self.inner.add(path, data, stored)
    }
}

/// Writes the export of `spec` into `sink`; returns the number of days exported.
pub fn build(spec: &TakeoutSpec, sink: &mut dyn Sink) -> Result<usize, TakeoutError> {
    let p = spec.person()?;
    let dates = export_dates(&p, spec.now);
    let ctx = Ctx::new(spec, &p, &dates);
    legacy::write_all(&ctx, sink)?;
    csv::write_all(&ctx, sink)?;
    Ok(dates.len())
}

/// Writes the export of `spec` to `out` (a `.zip`, a `.tgz` or a directory, or `--parts`
/// standalone archives named `takeout-<stamp>-001.zip`, … in `out`'s folder).
pub fn write(spec: &TakeoutSpec, out: &Path) -> Result<Summary, TakeoutError> {
    let format = match spec.format {
        Some(f) => f,
        None => Format::from_path(out)?,
    };
    if spec.parts > 1 && format == Format::Dir {
        return Err(TakeoutError::PartsNeedArchive);
    }
    // Check the person (time zone) before creating any file.
    spec.person()?;
    let ext = if format == Format::Tgz { "tgz" } else { "zip" };
    let paths: Vec<PathBuf> = if spec.parts > 1 {
        let dir = out.parent().unwrap_or_else(|| Path::new("."));
        (1..=spec.parts)
            .map(|i| dir.join(format!("{}-{i:03}.{ext}", spec.stamp())))
            .collect()
    } else {
        vec![out.to_path_buf()]
    };
    if format != Format::Dir
        && let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|source| TakeoutError::Io {
            path: parent.display().to_string(),
            source,
        })?;
    }
    let (written, files, days) = match format {
        Format::Dir => {
            let mut dir = DirSink::new(out)?;
            let (files, days) = counted(spec, &mut dir)?;
            (vec![out.to_path_buf()], files, days)
        }
        Format::Zip => {
            let mut zip = ZipSink::new(&paths, spec.now)?;
            let (files, days) = counted(spec, &mut zip)?;
            (zip.finish()?, files, days)
        }
        Format::Tgz => {
            let mut tgz = TgzSink::new(&paths, spec.now)?;
            let (files, days) = counted(spec, &mut tgz)?;
            (tgz.finish()?, files, days)
        }
    };
    let bytes = written.iter().map(|p| disk_bytes(p)).sum();
    Ok(Summary {
        out: written.iter().map(|p| p.display().to_string()).collect(),
        files,
        bytes,
        days,
        era: spec.era.to_string(),
    })
}

fn counted(spec: &TakeoutSpec, sink: &mut dyn Sink) -> Result<(usize, usize), TakeoutError> {
    let mut counting = Counting {
        inner: sink,
        files: 0,
        bytes: 0,
    };
    let days = build(spec, &mut counting)?;
    Ok((counting.files, days))
}

/// Bytes of a file, or of every file under a directory.
fn disk_bytes(path: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    if meta.is_file() {
        return meta.len();
    }
    std::fs::read_dir(path).map_or(0, |rd| rd.flatten().map(|e| disk_bytes(&e.path())).sum())
}

/// Everything the writers share.
pub(crate) struct Ctx<'a> {
    pub spec: &'a TakeoutSpec,
    pub p: &'a Person,
    pub now: Timestamp,
    pub dates: &'a [Date],
    pub era: Era,
    /// `FirstLast`.
    pub folder_name: String,
    pub first_name: String,
    pub last_name: String,
}

impl<'a> Ctx<'a> {
    fn new(spec: &'a TakeoutSpec, p: &'a Person, dates: &'a [Date]) -> Self {
        let (first_name, last_name) = spec.names();
        let folder_name: String = format!("{first_name}{last_name}")
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '/' && *c != '\\')
            .collect();
        Ctx {
            spec,
            p,
            now: spec.now,
            dates,
            era: spec.era,
            folder_name,
            first_name,
            last_name,
        }
    }

    /// The Takeout root, or the account root `MyFitbitData/N`.
    pub fn root(&self) -> String {
        match self.era {
            Era::Account2019 | Era::Account2021 => format!("MyFitbitData/{}", self.folder_name),
            Era::Takeout2024 => "Takeout/Fitbit".to_string(),
            Era::Takeout2026 => "Takeout/Google Health".to_string(),
        }
    }

    /// Folder of a legacy JSON file; `category` is its account-2021 folder.
    pub fn json_dir(&self, category: &str) -> String {
        match self.era {
            Era::Account2019 => format!("{}/user-site-export", self.root()),
            Era::Account2021 => format!("{}/{category}", self.root()),
            Era::Takeout2024 | Era::Takeout2026 => format!("{}/Global Export Data", self.root()),
        }
    }

    /// Folder of a category CSV, or `None` in eras without them.
    pub fn category_dir(&self, category: &str) -> Option<String> {
        match self.era {
            Era::Account2019 => None,
            _ => Some(format!("{}/{category}", self.root())),
        }
    }

    /// Path of a `GoogleData` file of `family` (Takeout eras only).
    pub fn google_path(&self, family: &str, file: &str) -> Option<String> {
        match self.era {
            Era::Takeout2024 => Some(format!(
                "{}/Physical Activity_GoogleData/{file}",
                self.root()
            )),
            Era::Takeout2026 => Some(format!(
                "{}/Physical Activity_GoogleData/{family}/{file}",
                self.root()
            )),
            _ => None,
        }
    }

    /// The export's first and last dates.
    pub fn span(&self) -> Option<(Date, Date)> {
        Some((*self.dates.first()?, *self.dates.last()?))
    }
}
