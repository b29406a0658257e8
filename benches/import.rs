//! `fittui import` (issue 16 point 8), as a whole process of the release binary on a year of
//! Pixel-Watch-like heart-rate files (one reading every 2 s: 43,200 rows, ~2.9 MB of JSON a
//! day, ~1 GB a year) with the day's steps:
//!
//! - throughput: MB of JSON per second, from an extracted folder and from a zip (deflate) of
//!   the same files (target ≥ 50 MB/s);
//! - peak memory (`ru_maxrss` through `/usr/bin/time`) for a month, a quarter and the year, to
//!   show it does not grow with the archive (target ≤ 100 MB whatever the size).
//!
//! `cargo bench --bench import`; the figures go to BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use jiff::civil::{Date, date};
use jiff::tz::TimeZone;

const TIME: &str = "/usr/bin/time";
const PROFILE: &str = "id,full_name,display_name,timezone,weight_unit,distance_unit\nB1,Bench Person,Bench,America/Los_Angeles,METRIC,METRIC\n";

/// One day's heart-rate file (UTC stamps, cut at local midnight) and its steps rows.
fn day_files(day: Date, tz: &TimeZone) -> (String, String) {
    let start = day.to_zoned(tz.clone()).unwrap().timestamp();
    let end = day
        .tomorrow()
        .unwrap()
        .to_zoned(tz.clone())
        .unwrap()
        .timestamp();
    let mut heart = String::with_capacity(3_200_000);
    let mut steps = String::with_capacity(80_000);
    heart.push('[');
    steps.push('[');
    let mut at = start;
    let mut i = 0u64;
    while at < end {
        let stamp = at.strftime("%m/%d/%y %H:%M:%S");
        if i > 0 {
            heart.push_str(",\n");
        }
        let bpm = 52 + (i * 7919 % 97) % 60;
        write!(
            heart,
            r#"{{"dateTime":"{stamp}","value":{{"bpm":{bpm},"confidence":{}}}}}"#,
            i % 4
        )
        .unwrap();
        if i.is_multiple_of(30) {
            if i > 0 {
                steps.push_str(",\n");
            }
            write!(steps, r#"{{"dateTime":"{stamp}","value":"{}"}}"#, i % 113).unwrap();
        }
        i += 1;
        at = at.checked_add(jiff::SignedDuration::from_secs(2)).unwrap();
    }
    heart.push(']');
    steps.push(']');
    (heart, steps)
}

/// `days` days ending 2026-11-30 as a folder; returns (folder, JSON bytes).
fn folder(root: &Path, days: i64) -> (PathBuf, u64) {
    let tz = TimeZone::get("America/Los_Angeles").unwrap();
    let dir = root.join(format!("export-{days}"));
    let data = dir.join("Takeout/Fitbit/Global Export Data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::create_dir_all(dir.join("Takeout/Fitbit/Your Profile")).unwrap();
    std::fs::write(dir.join("Takeout/Fitbit/Your Profile/Profile.csv"), PROFILE).unwrap();
    let last = date(2026, 11, 30);
    let first = last.checked_sub(jiff::Span::new().days(days - 1)).unwrap();
    let mut bytes = 0u64;
    let mut day = first;
    let mut steps_chunk = String::from("[");
    let mut chunk_start = first;
    while day <= last {
        let (heart, steps) = day_files(day, &tz);
        bytes += heart.len() as u64;
        std::fs::write(data.join(format!("heart_rate-{day}.json")), heart).unwrap();
        if steps_chunk.len() > 1 {
            steps_chunk.push_str(",\n");
        }
        steps_chunk.push_str(&steps[1..steps.len() - 1]);
        let next = day.tomorrow().unwrap();
        if chunk_start.until(next).unwrap().get_days() >= 30 || next > last {
            steps_chunk.push(']');
            bytes += steps_chunk.len() as u64;
            std::fs::write(data.join(format!("steps-{chunk_start}.json")), &steps_chunk).unwrap();
            steps_chunk = String::from("[");
            chunk_start = next;
        }
        day = next;
    }
    (dir, bytes)
}

/// The folder as one zip (deflate, fast level), streamed from the files.
fn zip_of(dir: &Path, out: &Path) {
    let file = std::fs::File::create(out).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(false);
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    for path in files {
        let name = path
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        zip.start_file(name, options).unwrap();
        zip.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn import_command(profile: &Path, input: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fittui"));
    cmd.arg("import")
        .arg(input)
        .arg("--json")
        .env("FITTUI_CONFIG_DIR", profile.join("config"))
        .env("FITTUI_DATA_DIR", profile.join("data"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

/// Wall time (s) and peak resident set (MB) of one import into a new profile.
fn measure(input: &Path) -> (f64, f64) {
    let profile = tempfile::tempdir().unwrap();
    let report = tempfile::NamedTempFile::new().unwrap();
    let cmd = import_command(profile.path(), input);
    let mut wrapper = Command::new(TIME);
    wrapper
        .args(["--format", "%M", "--output"])
        .arg(report.path())
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    for (key, value) in cmd.get_envs() {
        if let Some(v) = value {
            wrapper.env(key, v);
        }
    }
    let start = Instant::now();
    let status = wrapper.status().unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert!(status.success(), "{cmd:?} failed");
    let kb: f64 = std::fs::read_to_string(report.path())
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    (secs, kb / 1024.0)
}

fn main() {
    if !Path::new(TIME).exists() {
        eprintln!("import bench: {TIME} is needed (apt install time)");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    println!("import: a year of 2-second heart-rate files, release binary, whole process");
    for days in [31, 92, 365] {
        let started = Instant::now();
        let (dir, bytes) = folder(root.path(), days);
        let mb = bytes as f64 / 1e6;
        eprintln!(
            "  ({days} days, {mb:.0} MB of JSON written in {:.1} s)",
            started.elapsed().as_secs_f64()
        );
        let (secs, peak) = measure(&dir);
        println!(
            "  folder, {days:>3} days, {mb:>6.0} MB JSON: {secs:>6.2} s → {:>5.1} MB/s, peak {peak:.1} MB",
            mb / secs
        );
        if days == 365 || days == 31 {
            let zip = root
                .path()
                .join(format!("takeout-20261201T000000Z-{days}.zip"));
            zip_of(&dir, &zip);
            let zip_mb = std::fs::metadata(&zip).unwrap().len() as f64 / 1e6;
            let (secs, peak) = measure(&zip);
            println!(
                "  zip,    {days:>3} days, {mb:>6.0} MB JSON ({zip_mb:.0} MB zipped): {secs:>6.2} s → {:>5.1} MB/s, peak {peak:.1} MB",
                mb / secs
            );
            std::fs::remove_file(&zip).unwrap();
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
