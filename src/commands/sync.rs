//! `fittui sync`: fills the local store for a range of days with a progress bar (or JSON
//! lines), through the same providers, pacing and store as the TUI. Ctrl-C stops after the day
//! in progress; the same command later goes on from there.
//!
//! Exit codes: 0 done, 1 failed (the network, the server, the store — what was fetched is
//! kept), 2 usage, 3 not signed in, 130 interrupted (Ctrl-C).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use jiff::ToSpan;

use super::{EXIT_NOT_SIGNED_IN, EXIT_USAGE, Started, fail, start};
use crate::cli::SyncArgs;
use crate::clock::{SharedClock, SystemClock};
use crate::paths::Paths;
use crate::runtime::local::LocalStore;
use crate::runtime::sync::{Event, Kind, Outcome, SyncError};

/// Exit code when Ctrl-C stopped the run.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Days synced when neither `--days` nor `--from` is given.
pub const DEFAULT_DAYS: u32 = 30;

pub fn run(paths: &Paths, args: &SyncArgs) -> ExitCode {
    let Started {
        config, runtime, ..
    } = match start(paths) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let (kinds, weight) = match parse_kinds(&args.kinds) {
        Ok(kinds) => kinds,
        Err(e) => return fail(EXIT_USAGE, &e),
    };
    let clock: SharedClock = Arc::new(SystemClock);
    let (source, local) = match open(&config, paths, &clock) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let json = args.json || !std::io::stderr().is_terminal();
    runtime.block_on(async move {
        let account = match source.provider.account().await {
            Ok(account) => account,
            Err(e) if e.needs_sign_in() => {
                return fail(
                    EXIT_NOT_SIGNED_IN,
                    &format_args!("{e}; run `fittui auth login`"),
                );
            }
            Err(e) => return fail(1, &format_args!("cannot load the account: {e}")),
        };
        {
            let local = local.clone();
            let account = account.clone();
            if let Ok(Err(e)) =
                tokio::task::spawn_blocking(move || local.remember_account(&account)).await
            {
                return fail(1, &e);
            }
        }
        let tz = account.time_zone.clone();
        let today = clock.now().to_zoned(tz.clone()).date();
        let days = match plan_days(args, today) {
            Ok(days) => days,
            Err(e) => return fail(EXIT_USAGE, &e),
        };
        let stop = Arc::new(AtomicBool::new(false));
        {
            let stop = stop.clone();
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    stop.store(true, Ordering::SeqCst);
                }
            });
        }
        let started = Instant::now();
        let mut report = Reporter::new(json, days.len(), &tz);
        let syncer = crate::runtime::sync::Syncer {
            provider: source.provider.clone(),
            local,
            clock: clock.clone(),
            tz,
        };
        let result = crate::runtime::sync::run(syncer.clone(), &days, &kinds, &stop, |event| {
            report.event(event);
        })
        .await;
        // Weigh-ins are not day records: one range fetch of the days not final yet.
        let result = match (result, days.last(), days.first()) {
            (Ok(mut outcome), Some(&from), Some(&to)) if weight && !outcome.interrupted => {
                let before = syncer.provider.requests_sent();
                let mut on_event = |event: &Event| report.event(event);
                crate::runtime::sync::sync_weight(&syncer, from, to, &mut on_event)
                    .await
                    .map(|n| {
                        outcome.weigh_ins = n;
                        outcome.requests += syncer.provider.requests_sent() - before;
                        outcome
                    })
            }
            (result, _, _) => result,
        };
        report.finish();
        match result {
            Ok(outcome) => {
                report.done(&outcome, started.elapsed());
                if outcome.interrupted {
                    ExitCode::from(EXIT_INTERRUPTED)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(SyncError::Api(e)) if e.needs_sign_in() => fail(
                EXIT_NOT_SIGNED_IN,
                &format_args!("{e}; run `fittui auth login` (what was synced is kept)"),
            ),
            Err(e) => fail(
                1,
                &format_args!(
                    "sync stopped: {e}; what was synced is kept — run the same command to go on"
                ),
            ),
        }
    })
}

/// The signed-in source and the profile's store.
pub(super) fn open(
    config: &crate::config::Config,
    paths: &Paths,
    clock: &SharedClock,
) -> Result<(crate::source::Source, Arc<LocalStore>), ExitCode> {
    let not_signed_in = || {
        fail(
            EXIT_NOT_SIGNED_IN,
            &"not signed in: run `fittui auth login` first",
        )
    };
    let Some(kind) = crate::source::choose(config, paths) else {
        return Err(not_signed_in());
    };
    let http = crate::net::http_client()
        .map_err(|e| fail(1, &format_args!("cannot start the HTTP client: {e}")))?;
    let source = match crate::source::open(config, paths, kind, http, clock.clone()) {
        Ok(Some(source)) => source,
        Ok(None) => return Err(not_signed_in()),
        Err(e) => return Err(fail(1, &e)),
    };
    let store = crate::store::Store::open(&paths.store_file()).map_err(|e| fail(1, &e))?;
    let local = Arc::new(LocalStore::new(Arc::new(store), kind, clock.clone()));
    crate::runtime::local::attach(source.provider.as_ref(), &local);
    Ok((source, local))
}

/// The days to sync, newest first: `--from`/`--to` or the last `--days` ending `--to`
/// (never past today).
fn plan_days(args: &SyncArgs, today: jiff::civil::Date) -> Result<Vec<jiff::civil::Date>, String> {
    let to = args.to.unwrap_or(today).min(today);
    let from = match (args.from, args.days) {
        (Some(from), _) => from,
        (None, days) => to
            .checked_sub(i64::from(days.unwrap_or(DEFAULT_DAYS) - 1).days())
            .unwrap_or(to),
    };
    if from > to {
        return Err(format!("--from {from} is after the last day {to}"));
    }
    Ok(crate::runtime::sync::days_newest_first(from, to))
}

/// `--kinds activity,heart,weight`: each known day kind once, and whether weigh-ins are
/// wanted; everything when none is named.
fn parse_kinds(names: &[String]) -> Result<(Vec<Kind>, bool), String> {
    if names.is_empty() {
        return Ok((Kind::ALL.to_vec(), true));
    }
    let mut kinds = Vec::new();
    let mut weight = false;
    for name in names {
        let name = name.trim();
        if name == "weight" {
            weight = true;
            continue;
        }
        let kind = Kind::parse(name)
            .ok_or_else(|| format!("unknown kind `{name}`: use activity, heart, sleep, weight"))?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok((kinds, weight))
}

/// Progress: a bar on a terminal, JSON lines otherwise.
struct Reporter {
    json: bool,
    bar: Option<ProgressBar>,
    tz: jiff::tz::TimeZone,
}

impl Reporter {
    fn new(json: bool, days: usize, tz: &jiff::tz::TimeZone) -> Self {
        let bar = (!json).then(|| {
            let bar = ProgressBar::new(days as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:30.cyan/blue} {pos}/{len} days · {msg} · ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Self {
            json,
            bar,
            tz: tz.clone(),
        }
    }

    fn line(value: &serde_json::Value) {
        let mut out = std::io::stdout().lock();
        // A closed pipe is not an error worth dying on mid-sync.
        let _ = writeln!(out, "{value}");
        let _ = out.flush();
    }

    fn event(&mut self, event: &Event) {
        match event {
            Event::Start { days, kinds } => {
                if self.json {
                    Self::line(&serde_json::json!({
                        "event": "start", "days": days, "kinds": kinds,
                    }));
                }
            }
            Event::Day {
                date,
                fetched,
                skipped,
                requests,
                budget,
                done,
            } => {
                if self.json {
                    Self::line(&serde_json::json!({
                        "event": "day",
                        "date": date.to_string(),
                        "fetched": fetched,
                        "already_stored": skipped,
                        "requests": requests,
                        "budget_remaining": budget.map(|b| b.remaining),
                        "budget_limit": budget.map(|b| b.limit),
                        "done": done,
                    }));
                } else if let Some(bar) = &self.bar {
                    let budget = budget
                        .map(|b| format!(" · budget {}/{}", b.remaining, b.limit))
                        .unwrap_or_default();
                    bar.set_message(format!("{date} · {requests} requests{budget}"));
                    bar.set_position(*done as u64);
                }
            }
            Event::Prefetched {
                kind,
                from,
                to,
                requests,
            } => {
                if self.json {
                    Self::line(&serde_json::json!({
                        "event": "ranges",
                        "kind": kind,
                        "from": from.to_string(),
                        "to": to.to_string(),
                        "requests": requests,
                    }));
                } else if let Some(bar) = &self.bar {
                    bar.set_message(format!(
                        "{} ranges {from} – {to} · {requests} requests",
                        kind.name()
                    ));
                }
            }
            Event::Waiting { until } => {
                let at = until
                    .to_zoned(self.tz.clone())
                    .strftime("%H:%M:%S")
                    .to_string();
                if self.json {
                    Self::line(&serde_json::json!({
                        "event": "waiting", "until": until.to_string(),
                    }));
                } else if let Some(bar) = &self.bar {
                    bar.set_message(format!(
                        "request budget spent: waiting until {at} for the reset"
                    ));
                }
            }
            Event::Retrying { error, seconds } => {
                if self.json {
                    Self::line(&serde_json::json!({
                        "event": "retrying", "error": error, "in_seconds": seconds,
                    }));
                } else if let Some(bar) = &self.bar {
                    bar.set_message(format!("{error}; trying again in {seconds} s"));
                }
            }
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn done(&self, outcome: &Outcome, took: Duration) {
        if self.json {
            Self::line(&serde_json::json!({
                "event": "done",
                "days": outcome.days_done,
                "fetched": outcome.fetched,
                "already_stored": outcome.skipped,
                "requests": outcome.requests,
                "weigh_ins": outcome.weigh_ins,
                "seconds": took.as_secs_f64(),
                "interrupted": outcome.interrupted,
            }));
        } else {
            let how = if outcome.interrupted {
                " (interrupted: run the same command to go on)"
            } else {
                ""
            };
            let weigh_ins = match outcome.weigh_ins {
                0 => String::new(),
                1 => ", 1 weigh-in".to_string(),
                n => format!(", {n} weigh-ins"),
            };
            println!(
                "Synced {} days{how}: {} views fetched, {} already stored{weigh_ins}, {} requests, {:.1} s.",
                outcome.days_done,
                outcome.fetched,
                outcome.skipped,
                outcome.requests,
                took.as_secs_f64()
            );
        }
    }
}
