//! Writes days into a store in a tight loop, for the crash-safety test (`tests/store.rs`),
//! which SIGKILLs it at varied moments and checks that the database is sound and holds every
//! day reported as committed.
//!
//! Usage: `store_writer <db-path> <round> [days]`. Prints `ready` once the store is open, then writes
//! one day's activity per transaction (round `r` starts at 2000-01-01 + 400·r days and writes
//! `days` days, at most and by default 400, so rounds never overwrite each other), printing `committed YYYY-MM-DD` after each commit, until it is
//! killed, standard input closes (the test is gone) or 30 seconds pass. The day written for a
//! date is a pure function of the date (`tests/store.rs` builds the same value).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use fittui::api::ProviderKind;
use fittui::store::{AccountKey, FetchMeta, Store};
use jiff::civil::Date;

#[path = "common/store_writer_day.rs"]
mod store_writer_day;
use jiff::{Timestamp, ToSpan};
use store_writer_day::day;

fn fail(message: &str) -> ! {
    eprintln!("store_writer: {message}");
    std::process::exit(1);
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), Some(round)) = (args.next().map(PathBuf::from), args.next()) else {
        eprintln!("usage: store_writer <db-path> <round> [days]");
        std::process::exit(2);
    };
    let round: i64 = round
        .to_str()
        .and_then(|r| r.parse().ok())
        .unwrap_or_else(|| fail("the round is a number"));
    let days: i64 = match args.next() {
        None => 400,
        Some(d) => d
            .to_str()
            .and_then(|d| d.parse().ok())
            .filter(|d| (1..=400).contains(d))
            .unwrap_or_else(|| fail("days is a number from 1 to 400")),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let stop_reader = Arc::clone(&stop);
    std::thread::spawn(move || {
        let mut sink = [0u8; 64];
        while matches!(std::io::stdin().read(&mut sink), Ok(n) if n > 0) {}
        stop_reader.store(true, Ordering::SeqCst);
    });
    let store = Store::open(&path).unwrap_or_else(|e| fail(&e.to_string()));
    let key = AccountKey {
        provider: ProviderKind::Fitbit.into(),
        user_id: "GGNJL9".into(),
    };
    let mut out = std::io::stdout();
    let _ = writeln!(out, "ready");
    let _ = out.flush();
    let first = Date::constant(2000, 1, 1)
        .checked_add((round * 400).days())
        .unwrap_or_else(|_| fail("round out of range"));
    let deadline = Instant::now() + Duration::from_secs(30);
    for n in 0..days {
        let Some(d) = first.checked_add(n.days()).ok().and_then(day) else {
            fail("date out of range");
        };
        let meta = FetchMeta {
            fetched_at: Timestamp::now(),
            complete: true,
        };
        if let Err(e) = store.put_activity(&key, &d, meta) {
            fail(&e.to_string());
        }
        let _ = writeln!(out, "committed {}", d.date);
        let _ = out.flush();
        if stop.load(Ordering::SeqCst) || Instant::now() > deadline {
            return;
        }
    }
    // Every day of the round written: wait to be killed, as the test expects.
    while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
}
