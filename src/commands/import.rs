//! `fittui import`: an export into the profile's store, with a progress bar (files, MB, days)
//! on a terminal, JSON lines otherwise, and a final report (days per kind, skipped files and
//! why).
//!
//! Exit codes: 0 imported (some files may have been skipped: the report says which), 1 the
//! store failed (what was written stays, whole batches; run it again to finish), 2 usage or an
//! export that cannot be read at all (a missing path, not an archive, no time zone).

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::{EXIT_USAGE, Started, fail, start};
use crate::cli::ImportArgs;
use crate::import::{self, Event, Options, Report};
use crate::paths::Paths;

pub fn run(paths: &Paths, args: &ImportArgs) -> ExitCode {
    let Started { .. } = match start(paths) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let tz = match args.tz.as_deref().map(jiff::tz::TimeZone::get).transpose() {
        Ok(tz) => tz,
        Err(e) => return fail(EXIT_USAGE, &format_args!("--tz: {e}")),
    };
    let json = args.json || !std::io::stderr().is_terminal();
    let store = if args.dry_run {
        None
    } else {
        match crate::store::Store::open(&paths.store_file()) {
            Ok(store) => Some(store),
            Err(e) => return fail(1, &e),
        }
    };
    let options = Options {
        tz,
        dry_run: args.dry_run,
        now: jiff::Timestamp::now(),
    };
    let mut progress = Progress::new(json);
    let started = std::time::Instant::now();
    let result = import::run(&args.paths, store.as_ref(), &options, &mut |e| {
        progress.event(&e);
    });
    progress.finish();
    match result {
        Ok(report) => {
            print_report(&report, json, started.elapsed());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e.exit_code(), &e),
    }
}

/// A bar on a terminal, JSON lines otherwise.
struct Progress {
    json: bool,
    bar: Option<ProgressBar>,
    files: u64,
}

impl Progress {
    fn new(json: bool) -> Self {
        Self {
            json,
            bar: None,
            files: 0,
        }
    }

    fn line(value: &serde_json::Value) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{value}");
        let _ = out.flush();
    }

    fn event(&mut self, event: &Event) {
        match event {
            Event::Listed { files, bytes } => {
                self.files = *files;
                if self.json {
                    Self::line(&serde_json::json!({
                        "event": "start", "files": files, "bytes": bytes,
                    }));
                } else {
                    let bar = ProgressBar::new(*bytes);
                    bar.set_style(
                        ProgressStyle::with_template(
                            "{bar:30.cyan/blue} {binary_bytes}/{binary_total_bytes} · {msg} · ETA {eta}",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    );
                    bar.enable_steady_tick(Duration::from_millis(250));
                    self.bar = Some(bar);
                }
            }
            Event::File { done, bytes, days } => {
                if self.json {
                    Self::line(&serde_json::json!({
                        "event": "file", "done": done, "files": self.files,
                        "bytes": bytes, "days": days,
                    }));
                } else if let Some(bar) = &self.bar {
                    bar.set_position(*bytes);
                    bar.set_message(format!("{done}/{} files · {days} days", self.files));
                }
            }
            Event::Written { days } => {
                if self.json {
                    Self::line(&serde_json::json!({"event": "written", "days": days}));
                }
            }
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

fn print_report(report: &Report, json: bool, took: Duration) {
    if json {
        let mut value = serde_json::to_value(report).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.insert("event".into(), "done".into());
            map.insert(
                "seconds".into(),
                serde_json::json!((took.as_secs_f64() * 1000.0).round() / 1000.0),
            );
        }
        Progress::line(&value);
        return;
    }
    let mut out = String::new();
    let verb = if report.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    let span = match (report.first_day, report.last_day) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "no days".into(),
    };
    let _ = writeln!(
        out,
        "{verb} {span} for {} ({}), from {} health files in {:.1} s",
        report.account,
        report.time_zone,
        report.files_read,
        took.as_secs_f64()
    );
    for (kind, c) in &report.days {
        let _ = writeln!(
            out,
            "  {kind:<9} {:>6} new  {:>6} changed  {:>6} unchanged",
            c.new, c.changed, c.unchanged
        );
    }
    let _ = writeln!(
        out,
        "  {} day-by-day values, {} weigh-ins, {} exercises",
        report.daily_values, report.weigh_ins, report.exercises
    );
    if report.files_ignored > 0 {
        let _ = writeln!(
            out,
            "  {} other files hold nothing fittui reads",
            report.files_ignored
        );
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(out, "Skipped {} files:", report.skipped.len());
        for s in &report.skipped {
            let _ = writeln!(out, "  {}: {}", s.path, s.reason);
        }
    }
    if !report.dry_run {
        out.push_str("Browse it with `fittui`");
    }
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", out.trim_end());
}
