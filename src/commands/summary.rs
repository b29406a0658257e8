//! `fittui summary [--date D] [--json]`: the day on one screen of plain text — steps against
//! the goal, distance, calories, floors, active and zone minutes, resting heart rate, last
//! night's sleep and the devices' batteries — for a shell prompt or a cron mail.
//!
//! The local store is read first, as the TUI does: a day the store holds final (complete and
//! fetched after the day following it was over, [`crate::store::is_final`]) costs no request;
//! anything missing or not final is fetched and written back. Devices are the present state:
//! taken from the store when fetched within `refresh.today_minutes`, else fetched.
//!
//! Numbers are formatted by the TUI's own helpers, in the configured (or the account's) units.
//! `--json` is metric, with the unit in each key name. Missing data says "no data" (`null`),
//! never 0. Exit codes: 0 ok, 1 something could not be fetched (what was available is still
//! printed), 2 usage or configuration error, 3 not signed in.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use super::{EXIT_NOT_SIGNED_IN, fail, prepare};
use crate::api::{ApiError, ProviderKind};
use crate::app::{Payload, Recalled, Resource};
use crate::cli::SummaryArgs;
use crate::clock::{SharedClock, SystemClock};
use crate::config::{Config, UnitsSetting};
use crate::domain::account::Account;
use crate::domain::activity::{DayActivity, GoalSource};
use crate::domain::device::Device;
use crate::domain::heart::HeartDay;
use crate::domain::sleep::{SleepDay, SleepSession};
use crate::domain::units::{UnitSystem, format_count, format_minutes};
use crate::paths::Paths;
use crate::runtime::local::LocalStore;
use crate::source::Source;
use crate::store::{FetchMeta, Store};
use crate::ui::format;
use crate::ui::today::{distance_parts, effective_goals};

/// Where a part of the summary came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Store,
    Network,
    /// The fetch failed; the store's older copy is shown.
    StaleStore,
    Unavailable,
}

impl Origin {
    fn name(self) -> &'static str {
        match self {
            Origin::Store => "store",
            Origin::Network => "network",
            Origin::StaleStore => "store_stale",
            Origin::Unavailable => "unavailable",
        }
    }
}

/// One part of the day, with where it came from.
struct Part<T> {
    value: Option<T>,
    origin: Origin,
}

/// Everything the summary shows.
struct Day {
    date: Date,
    kind: ProviderKind,
    account: Account,
    activity: Part<DayActivity>,
    heart: Part<HeartDay>,
    sleep: Part<SleepDay>,
    devices: Part<Vec<Device>>,
    /// What went wrong (printed on stderr; the exit code is then 1).
    errors: Vec<String>,
}

/// Runs `fittui summary`.
pub fn run(paths: &Paths, args: &SummaryArgs) -> ExitCode {
    let config = match prepare(paths) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let _log = crate::logging::init(paths, config.general.log_level);
    let Some(kind) = crate::source::choose(&config, paths) else {
        let imported = paths.store_file().exists()
            && Store::open(&paths.store_file())
                .and_then(|s| s.last_account(crate::store::Origin::Takeout))
                .is_ok_and(|a| a.is_some());
        let hint = if imported {
            " (this profile holds an import: browse it with `fittui`, write it out with `fittui export`)"
        } else {
            ""
        };
        return fail(
            EXIT_NOT_SIGNED_IN,
            &format_args!("not signed in; sign in with `fittui auth login`{hint}"),
        );
    };
    let clock: SharedClock = Arc::new(SystemClock);
    let mut store_error = None;
    let local = match Store::open(&paths.store_file()) {
        Ok(store) => Some(Arc::new(LocalStore::new(
            Arc::new(store),
            kind,
            clock.clone(),
        ))),
        Err(e) => {
            store_error = Some(format!("{e} (fetching everything instead)"));
            None
        }
    };
    let mut network = Network {
        config: &config,
        paths,
        kind,
        clock: clock.clone(),
        local: local.as_ref(),
        ready: None,
    };
    let day = match gather(
        &config,
        &mut network,
        local.as_deref(),
        args.date,
        clock.now(),
    ) {
        Ok(mut day) => {
            day.errors.extend(store_error);
            day
        }
        Err(code) => return code,
    };
    let units = units(&config, &day.account);
    let out = if args.json {
        serde_json::to_string_pretty(&to_json(&config, &day)).unwrap_or_default()
    } else {
        to_text(&config, &day, units, clock.now())
    };
    println!("{out}");
    for e in &day.errors {
        eprintln!("fittui: {e}");
    }
    if day.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The network side — HTTP client (TLS roots), OAuth client, token manager, provider and an
/// async runtime — made only when something must be fetched: a day the store holds final
/// (and devices fetched lately) needs none of it.
struct Network<'a> {
    config: &'a Config,
    paths: &'a Paths,
    kind: ProviderKind,
    clock: SharedClock,
    local: Option<&'a Arc<LocalStore>>,
    ready: Option<(Source, tokio::runtime::Runtime)>,
}

impl Network<'_> {
    /// The source and a runtime to drive it, made on first use; a failure to make them ends
    /// the command (its message printed, the exit code returned).
    fn get(&mut self) -> Result<&(Source, tokio::runtime::Runtime), ExitCode> {
        if self.ready.is_none() {
            let kind = self.kind;
            let http = crate::net::http_client()
                .map_err(|e| fail(1, &format_args!("cannot start the HTTP client: {e}")))?;
            let source = match crate::source::open(
                self.config,
                self.paths,
                kind,
                http,
                self.clock.clone(),
            ) {
                Ok(Some(source)) => source,
                Ok(None) => {
                    return Err(fail(
                        EXIT_NOT_SIGNED_IN,
                        &format_args!("not signed in to {kind}; sign in with `fittui auth login`"),
                    ));
                }
                Err(e) => return Err(fail(1, &e)),
            };
            // One thread is enough: the requests are concurrent on it, and a second worker
            // (its stack, its malloc arena) only adds memory.
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| fail(1, &format_args!("cannot start the async runtime: {e}")))?;
            if let Some(local) = self.local {
                crate::runtime::local::attach(source.provider.as_ref(), local);
            }
            self.ready = Some((source, runtime));
        }
        self.ready.as_ref().ok_or_else(|| ExitCode::from(1))
    }
}

/// The exit for a failure to read the account.
fn account_failure(kind: ProviderKind, e: &ApiError) -> ExitCode {
    if matches!(e, ApiError::Unauthorized { .. } | ApiError::Gone) {
        fail(
            EXIT_NOT_SIGNED_IN,
            &format_args!(
                "not signed in to {kind} ({}); sign in again with `fittui auth login --provider {kind}`",
                e.short()
            ),
        )
    } else {
        fail(1, &format_args!("cannot read the {kind} account: {e}"))
    }
}

/// The units to show: the configured ones, or the account's (as the TUI).
fn units(config: &Config, account: &Account) -> UnitSystem {
    match config.ui.units {
        UnitsSetting::Metric => UnitSystem::Metric,
        UnitsSetting::Imperial => UnitSystem::Imperial,
        UnitsSetting::Auto => account.units,
    }
}

/// The account (stored, else fetched), then each part of the day from the store or the API;
/// the network side is made only when something is fetched.
fn gather(
    config: &Config,
    network: &mut Network<'_>,
    local: Option<&LocalStore>,
    date: Option<Date>,
    now: Timestamp,
) -> Result<Day, ExitCode> {
    let kind = network.kind;
    let mut errors = Vec::new();
    let stored_account = local.and_then(|l| match l.recall_account() {
        Ok(account) => account,
        Err(e) => {
            errors.push(format!("local store: {e}"));
            None
        }
    });
    let account = if let Some(account) = stored_account {
        account
    } else {
        let (source, runtime) = network.get()?;
        let account = runtime
            .block_on(source.provider.account())
            .map_err(|e| account_failure(kind, &e))?;
        if let Some(l) = local
            && let Err(e) = l.remember_account(&account)
        {
            errors.push(format!("cannot write the local store: {e}"));
        }
        account
    };
    let tz = account.time_zone.clone();
    let date = date.unwrap_or_else(|| now.to_zoned(tz.clone()).date());
    let fresh_for = jiff::SignedDuration::from_mins(i64::from(config.refresh.today_minutes));
    let recall = |resource| recall_part(local, resource, &tz, now, fresh_for);
    let [activity, heart, sleep, devices] = [
        recall(Resource::Activity(date)),
        recall(Resource::Heart(date)),
        recall(Resource::Sleep(date)),
        recall(Resource::Devices),
    ];
    let parts = if [&activity, &heart, &sleep, &devices]
        .iter()
        .all(|r| r.usable)
    {
        [activity, heart, sleep, devices].map(Recall::stored)
    } else {
        let (source, runtime) = network.get()?;
        let settle = |r| settle(source, local, r);
        let (activity, heart, sleep, devices) = runtime.block_on(async {
            tokio::join!(
                settle(activity),
                settle(heart),
                settle(sleep),
                settle(devices)
            )
        });
        [activity, heart, sleep, devices]
    };
    let mut take = |(payload, origin, error): (Option<Payload>, Origin, Option<String>)| {
        errors.extend(error);
        (payload, origin)
    };
    let [activity, heart, sleep, devices] = parts;
    let (activity, activity_origin) = take(activity);
    let (heart, heart_origin) = take(heart);
    let (sleep, sleep_origin) = take(sleep);
    let (devices, devices_origin) = take(devices);
    Ok(Day {
        date,
        kind,
        account,
        activity: Part {
            value: activity.and_then(|p| match p {
                Payload::Activity(a) => Some(a),
                _ => None,
            }),
            origin: activity_origin,
        },
        heart: Part {
            value: heart.and_then(|p| match p {
                Payload::Heart(h) => Some(h),
                _ => None,
            }),
            origin: heart_origin,
        },
        sleep: Part {
            value: sleep.and_then(|p| match p {
                Payload::Sleep(s) => Some(s),
                _ => None,
            }),
            origin: sleep_origin,
        },
        devices: Part {
            value: devices.and_then(|p| match p {
                Payload::Devices(d) => Some(d),
                _ => None,
            }),
            origin: devices_origin,
        },
        errors,
    })
}

/// One resource as the store holds it, and whether that copy will do.
struct Recall {
    resource: Resource,
    recalled: Option<Recalled>,
    /// Final (or, for devices, fetched within `refresh.today_minutes`): no request.
    usable: bool,
    errors: Vec<String>,
}

impl Recall {
    /// The store's copy (only for a usable recall).
    fn stored(self) -> (Option<Payload>, Origin, Option<String>) {
        (self.recalled.map(|r| r.payload), Origin::Store, None)
    }
}

/// The store's copy of `resource`: usable when final (or, for devices, fetched within
/// `fresh_for`).
fn recall_part(
    local: Option<&LocalStore>,
    resource: Resource,
    tz: &TimeZone,
    now: Timestamp,
    fresh_for: jiff::SignedDuration,
) -> Recall {
    let mut errors = Vec::new();
    // Heart: the day's values only; the summary shows no curve, and reading the day's
    // per-minute buckets was the largest part of a warm run's store reads.
    let read = |l: &LocalStore| match resource {
        Resource::Heart(date) => l.recall_heart_values(date),
        _ => l.recall(resource),
    };
    let recalled = local.and_then(|l| match read(l) {
        Ok(r) => r,
        Err(e) => {
            errors.push(format!("local store: {e}"));
            None
        }
    });
    let usable = recalled.as_ref().is_some_and(|r| {
        let meta = FetchMeta {
            fetched_at: r.fetched_at,
            complete: r.complete,
        };
        match resource.date() {
            Some(date) => crate::store::is_final(date, meta, tz),
            None => r.complete && now.duration_since(r.fetched_at) < fresh_for,
        }
    });
    Recall {
        resource,
        recalled,
        usable,
        errors,
    }
}

/// One resource: the store's copy when usable, else fetched and written back; the store's
/// older copy when the fetch fails.
async fn settle(
    source: &Source,
    local: Option<&LocalStore>,
    recall: Recall,
) -> (Option<Payload>, Origin, Option<String>) {
    if recall.usable {
        return recall.stored();
    }
    let Recall {
        resource,
        recalled,
        mut errors,
        ..
    } = recall;
    let p = &source.provider;
    let fetched = match resource {
        Resource::Activity(d) => p.activity(d).await.map(Payload::Activity),
        Resource::Heart(d) => p.heart(d).await.map(Payload::Heart),
        Resource::Sleep(d) => p.sleep(d).await.map(Payload::Sleep),
        Resource::Devices | Resource::Alarms => p.devices().await.map(Payload::Devices),
    };
    let what = match resource {
        Resource::Activity(_) => "activity",
        Resource::Heart(_) => "heart rate",
        Resource::Sleep(_) => "sleep",
        Resource::Devices | Resource::Alarms => "devices",
    };
    match fetched {
        Ok(payload) => {
            if let Some(l) = local
                && let Err(e) = l.remember(&payload)
            {
                errors.push(format!("cannot write the local store: {e}"));
            }
            // A part of the view that failed (one request of several) is a failure too.
            for gap in payload.gaps() {
                if let crate::domain::gap::GapReason::Failed(e) = &gap.reason {
                    errors.push(format!("{what}: {} could not be fetched: {e}", gap.part));
                }
            }
            let error = (!errors.is_empty()).then(|| errors.join("; "));
            (Some(payload), Origin::Network, error)
        }
        Err(e) => {
            errors.push(format!("{what} could not be fetched: {e}"));
            let error = Some(errors.join("; "));
            match recalled {
                Some(r) => (Some(r.payload), Origin::StaleStore, error),
                None => (None, Origin::Unavailable, error),
            }
        }
    }
}

const NO_DATA: &str = "no data";

fn line(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "{label:<11}{value}");
}

/// `value / goal unit` (the unit once), with ✓ when the goal is reached.
fn against(value: &str, goal: Option<String>, unit: &str, done: bool) -> String {
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    let mark = if done { " ✓" } else { "" };
    match goal {
        Some(goal) => format!("{value} / {goal}{unit}{mark}"),
        None => format!("{value}{unit}{mark}"),
    }
}

fn reached(value: f64, goal: Option<f64>) -> bool {
    goal.is_some_and(|g| g > 0.0 && value >= g)
}

/// Why a part shows nothing: not recorded that day, or not fetched.
fn missing(origin: Origin) -> &'static str {
    if origin == Origin::Unavailable {
        "no data (could not be fetched)"
    } else {
        NO_DATA
    }
}

fn to_text(config: &Config, day: &Day, units: UnitSystem, now: Timestamp) -> String {
    let mut out = String::new();
    let twelve = config.ui.clock == crate::config::ClockFormat::H12;
    let tz = &day.account.time_zone;
    let _ = writeln!(
        out,
        "{} · {} ({})",
        day.date.strftime("%a %-d %b %Y"),
        day.account.label(),
        day.kind
    );
    activity_lines(&mut out, config, &day.activity, units);
    let resting = day.heart.value.as_ref().and_then(|h| h.resting_bpm);
    line(
        &mut out,
        "Resting HR",
        &resting.map_or_else(
            || missing(day.heart.origin).to_string(),
            |b| format!("{b} bpm"),
        ),
    );
    match day.sleep.value.as_ref().and_then(main_sleep) {
        Some(s) => {
            let asleep = if s.processing && s.minutes_asleep == 0 {
                "still processing".to_string()
            } else {
                format_minutes(s.minutes_asleep)
            };
            line(
                &mut out,
                "Sleep",
                &format!(
                    "{} → {} · asleep {asleep} · in bed {}",
                    format::clock_time(s.start, tz, twelve),
                    format::clock_time(s.end, tz, twelve),
                    format_minutes(s.time_in_bed)
                ),
            );
            if !s.stages.is_empty() {
                let minutes: Vec<u32> = s.stages.iter().map(|t| t.minutes).collect();
                let stages: Vec<String> = s
                    .stages
                    .iter()
                    .zip(format::percentages(&minutes))
                    .map(|(t, pct)| {
                        format!("{} {} ({pct}%)", t.level.label(), format_minutes(t.minutes))
                    })
                    .collect();
                line(&mut out, "Stages", &stages.join(" · "));
            }
        }
        None if day.sleep.value.as_ref().is_some_and(|d| d.processing) => {
            line(&mut out, "Sleep", "night still processing");
        }
        None => line(&mut out, "Sleep", missing(day.sleep.origin)),
    }
    match &day.devices.value {
        Some(devices) if !devices.is_empty() => {
            for (i, d) in devices.iter().enumerate() {
                let battery = match (&d.battery, d.battery_percent) {
                    (_, Some(p)) => format!("battery {p}%"),
                    (Some(level), None) => format!("battery {}", level.label()),
                    (None, None) => "battery unknown".to_string(),
                };
                let synced = d
                    .last_sync
                    .map(|t| format!(" · synced {}", format::ago(now, t)))
                    .unwrap_or_default();
                let label = if i == 0 { "Devices" } else { "" };
                line(&mut out, label, &format!("{}: {battery}{synced}", d.model));
            }
        }
        Some(_) => line(&mut out, "Devices", "none paired"),
        None => line(&mut out, "Devices", missing(day.devices.origin)),
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

/// Steps against the goal, distance, calories, floors, active and zone minutes.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // kcal: positive, small
fn activity_lines(out: &mut String, config: &Config, part: &Part<DayActivity>, units: UnitSystem) {
    let day_activity = part.value.as_ref();
    let summary = day_activity.and_then(|a| a.summary.as_ref());
    match (day_activity, summary) {
        (Some(activity), Some(s)) => {
            let goals = effective_goals(activity, &config.goals);
            let steps = match goals.steps {
                Some(g) => format!(
                    "{} / {} ({:.0}%){}",
                    format_count(u64::from(s.steps)),
                    format_count(u64::from(g)),
                    f64::from(s.steps) * 100.0 / f64::from(g.max(1)),
                    if reached(f64::from(s.steps), Some(f64::from(g))) {
                        " ✓"
                    } else {
                        ""
                    }
                ),
                None => format_count(u64::from(s.steps)),
            };
            line(out, "Steps", &steps);
            let (distance, unit) = distance_parts(s.distance_m, units, false);
            let goal = goals.distance_m.map(|g| distance_parts(g, units, true).0);
            line(
                out,
                "Distance",
                &against(
                    &distance,
                    goal,
                    unit,
                    reached(s.distance_m, goals.distance_m),
                ),
            );
            let calories = s.calories_kcal.map_or_else(
                || NO_DATA.to_string(),
                |kcal| {
                    against(
                        &format_count(kcal.round() as u64),
                        goals.calories_kcal.map(|g| format_count(g.round() as u64)),
                        "kcal",
                        reached(kcal, goals.calories_kcal),
                    )
                },
            );
            line(out, "Calories", &calories);
            let floors = s.floors.map_or_else(
                || "no data (no altimeter data)".to_string(),
                |f| {
                    against(
                        &f.to_string(),
                        goals.floors.map(|g| g.to_string()),
                        "",
                        reached(f64::from(f), goals.floors.map(f64::from)),
                    )
                },
            );
            line(out, "Floors", &floors);
            let active = s.active_minutes.map_or_else(
                || NO_DATA.to_string(),
                |m| {
                    against(
                        &m.to_string(),
                        goals.active_minutes.map(|g| g.to_string()),
                        "min",
                        reached(f64::from(m), goals.active_minutes.map(f64::from)),
                    )
                },
            );
            line(out, "Active", &active);
            let azm = s.azm.map_or_else(
                || NO_DATA.to_string(),
                |azm| {
                    format!(
                        "{} (fat burn {} · cardio {} · peak {})",
                        against(
                            &azm.total().to_string(),
                            goals.azm.map(|g| g.to_string()),
                            "",
                            reached(f64::from(azm.total()), goals.azm.map(f64::from)),
                        ),
                        azm.fat_burn,
                        azm.cardio,
                        azm.peak
                    )
                },
            );
            line(out, "Zone min", &azm);
            if goals.source == GoalSource::Config {
                line(
                    out,
                    "",
                    "goals from config.toml (this source keeps no goals)",
                );
            }
        }
        _ => line(out, "Activity", missing(part.origin)),
    }
}

/// The night shown: the main sleep, else the first session.
fn main_sleep(day: &SleepDay) -> Option<&SleepSession> {
    day.main().or_else(|| day.sessions.first())
}

/// The `--json` document: metric, the unit in each key, ISO dates, `null` for no data.
fn to_json(config: &Config, day: &Day) -> Value {
    let activity = day.activity.value.as_ref().map(|a| {
        let goals = effective_goals(a, &config.goals);
        let s = a.summary.as_ref();
        json!({
            "recorded": s.is_some(),
            "steps": s.map(|s| s.steps),
            "distance_m": s.map(|s| s.distance_m),
            "calories_kcal": s.and_then(|s| s.calories_kcal),
            "floors": s.and_then(|s| s.floors),
            "active_minutes": s.and_then(|s| s.active_minutes),
            "active_zone_minutes": s.and_then(|s| s.azm).map(|z| json!({
                "total": z.total(),
                "fat_burn": z.fat_burn,
                "cardio": z.cardio,
                "peak": z.peak,
            })),
            "goals": {
                "source": match goals.source {
                    GoalSource::Provider => "account",
                    GoalSource::Config => "config",
                },
                "steps": goals.steps,
                "distance_m": goals.distance_m,
                "calories_kcal": goals.calories_kcal,
                "floors": goals.floors,
                "active_minutes": goals.active_minutes,
                "active_zone_minutes": goals.azm,
            },
        })
    });
    let heart = day.heart.value.as_ref().map(|h| {
        json!({
            "resting_bpm": h.resting_bpm,
            "hrv_rmssd_ms": h.hrv.as_ref().map(|v| v.daily_rmssd_ms),
        })
    });
    let sleep = day.sleep.value.as_ref().map(|d| {
        let main = main_sleep(d);
        json!({
            "processing": d.processing || main.is_some_and(|s| s.processing),
            "main": main.map(|s| json!({
                "start": s.start.to_string(),
                "end": s.end.to_string(),
                "asleep_minutes": (!(s.processing && s.minutes_asleep == 0)).then_some(s.minutes_asleep),
                "in_bed_minutes": s.time_in_bed,
                "awake_minutes": s.minutes_awake,
                "efficiency_percent": s.efficiency,
                "stages_minutes": s.stages.iter()
                    .map(|t| (t.level.label().to_ascii_lowercase(), Value::from(t.minutes)))
                    .collect::<serde_json::Map<String, Value>>(),
            })),
        })
    });
    let devices = day.devices.value.as_ref().map(|devices| {
        devices
            .iter()
            .map(|d| {
                json!({
                    "id": d.id,
                    "model": d.model,
                    "battery": d.battery.as_ref().map(|b| b.label().to_ascii_lowercase()),
                    "battery_percent": d.battery_percent,
                    "last_sync": d.last_sync.map(|t| t.to_string()),
                })
            })
            .collect::<Vec<_>>()
    });
    json!({
        "date": day.date.to_string(),
        "provider": day.kind.to_string(),
        "account": {
            "user_id": day.account.user_id,
            "name": day.account.display_name,
            "time_zone": day.account.time_zone_name,
        },
        "activity": activity,
        "heart": heart,
        "sleep": sleep,
        "devices": devices,
        "sources": {
            "activity": day.activity.origin.name(),
            "heart": day.heart.origin.name(),
            "sleep": day.sleep.origin.name(),
            "devices": day.devices.origin.name(),
        },
        "errors": day.errors,
    })
}
