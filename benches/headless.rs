//! The headless commands (issue 14 point 7), as whole processes of the release binary:
//!
//! - `fittui summary --date D` for one day, fresh from the simulator (an empty store and a new
//!   profile each run), against the seeds' own client — python-fitbit 0.3.1 in a throw-away
//!   virtualenv (`benches/peer/python_fitbit_day.py`) asking the same simulator for the same
//!   requests — and from a warm store (the final day stored, no request): wall time (median of
//!   [`RUNS`] runs, the two clients interleaved) and peak resident set (`ru_maxrss` of the
//!   child, through `/usr/bin/time`). Targets: ≥ 5× faster and ≤ ¼ of its peak memory fresh,
//!   ≥ 50× faster warm.
//! - `fittui sync --days 90 --json` on a new profile, the simulator's rate limit off: requests
//!   (the sync's own count and the simulator's log, per endpoint) and wall time.
//! - `fittui export --kind heart --offline` of the year store (`common/year.rs`) to /dev/null
//!   as CSV, NDJSON and JSON: rows per second (target ≥ 1 M rows/s).
//!
//! The simulator runs in this process on the real clock (seed 42, 400 days); the measured
//! processes are children, so its memory is not theirs. `cargo bench --bench headless` runs
//! everything; `cargo bench --bench headless -- summary` (or `sync`, `export`) one part.
//! Figures are recorded in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;
#[path = "common/year.rs"]
mod year;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use fittui::api::ProviderKind;
use fittui_sim::{Api, RateLimit, SimConfig, SimHandle};
use jiff::{SignedDuration, ToSpan};
use serde_json::Value;

/// Timed runs of each command.
const RUNS: usize = 15;
/// Runs measured for peak memory (the largest is reported).
const MEMORY_RUNS: usize = 3;
/// Set to keep the warm `summary` profile (its root is printed) for profiling.
const KEEP: &str = "FITTUI_BENCH_KEEP_WARM_PROFILE";
/// GNU time (Debian's `time`), for peak memory.
const TIME: &str = "/usr/bin/time";
/// The peer script.
const PEER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/peer");

fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// (median, min, max).
fn stats(values: &[f64]) -> (f64, f64, f64) {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

/// Runs `cmd` to the end and times it (spawn to exit, output read); panics when it fails.
fn timed(cmd: &mut Command) -> (f64, Output) {
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let ms = ms_since(start);
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (ms, out)
}

/// A throw-away virtualenv with python-fitbit 0.3.1 (and what it depends on).
struct Venv {
    dir: tempfile::TempDir,
}

impl Venv {
    fn create() -> Option<Venv> {
        let dir = tempfile::Builder::new()
            .prefix("fittui-bench-venv-")
            .tempdir()
            .unwrap();
        let ok = |cmd: &mut Command| cmd.status().is_ok_and(|s| s.success());
        if !ok(Command::new("python3").args(["-m", "venv"]).arg(dir.path())) {
            println!("python-fitbit: skipped (`python3 -m venv` failed; python3-venv missing?)");
            return None;
        }
        let pip = dir.path().join("bin/pip");
        let start = Instant::now();
        if !ok(Command::new(pip).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "fitbit==0.3.1",
        ])) {
            println!("python-fitbit: skipped (pip could not install fitbit==0.3.1)");
            return None;
        }
        println!(
            "python-fitbit 0.3.1 installed in a throw-away virtualenv ({:.1} s)",
            start.elapsed().as_secs_f64()
        );
        Some(Venv { dir })
    }

    fn python(&self) -> PathBuf {
        self.dir.path().join("bin/python")
    }
}

/// `cmd` run under GNU time (same program, arguments and environment): its peak resident set
/// (`ru_maxrss`) in MB. The spawner's own resident set is a floor of that figure (Linux carries
/// the pre-`exec` peak over), which is why it is `/usr/bin/time` (~1 MB) and neither this
/// process nor a Python interpreter (~11–14 MB).
fn peak_mb(cmd: &Command) -> f64 {
    let report = tempfile::NamedTempFile::new().unwrap();
    let mut wrapper = Command::new(TIME);
    wrapper
        .args(["--format", "%M", "--output"])
        .arg(report.path())
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => wrapper.env(key, v),
            None => wrapper.env_remove(key),
        };
    }
    let status = wrapper.status().unwrap();
    assert!(status.success(), "{cmd:?} failed under {TIME}");
    let text = std::fs::read_to_string(report.path()).unwrap();
    text.trim().parse::<f64>().unwrap() / 1024.0
}

/// `METHOD path?query STATUS` of the simulator's API requests, in order.
fn api_requests(sim: &SimHandle) -> Vec<String> {
    sim.requests()
        .iter()
        .filter(|r| r.kind == "api")
        .map(|r| {
            if r.query.is_empty() {
                format!("{} {} {}", r.method, r.path, r.status)
            } else {
                format!("{} {}?{} {}", r.method, r.path, r.query, r.status)
            }
        })
        .collect()
}

/// A path with its dates as `{date}`: `/1/user/-/hrv/date/{date}/{date}.json`.
fn endpoint(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let (stem, ext) = segment
                .split_once('.')
                .map_or((segment, ""), |(s, e)| (s, e));
            if stem.parse::<jiff::civil::Date>().is_ok() {
                if ext.is_empty() {
                    "{date}".to_string()
                } else {
                    format!("{{date}}.{ext}")
                }
            } else {
                segment.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A new signed-in profile on `sim` (its access token valid for 8 h).
fn fresh_profile(sim: &SimHandle) -> support::Profile {
    let profile = support::Profile::new(sim, ProviderKind::Fitbit);
    support::sign_in_fitbit(sim, &profile, SignedDuration::from_hours(8));
    profile
}

fn start_sim(rt: &tokio::runtime::Runtime) -> SimHandle {
    rt.block_on(fittui_sim::start(
        SimConfig::new(Api::Fitbit)
            .seed(42)
            .days(400)
            .rate_limit(RateLimit::Unlimited),
    ))
    .unwrap()
}

/// `fittui summary` for one day, fresh and warm, against python-fitbit on the same requests.
#[allow(clippy::too_many_lines)] // one measurement, told in order
fn summary_vs_python_fitbit(rt: &tokio::runtime::Runtime) {
    let sim = start_sim(rt);
    let tz = jiff::tz::TimeZone::get(fittui_sim::config::DEFAULT_TZ).unwrap();
    // A final day (the store keeps it for good): three days before the simulator's today.
    let day = sim
        .now()
        .to_zoned(tz)
        .date()
        .checked_sub(3.days())
        .unwrap()
        .to_string();
    let summary = ["summary", "--date", day.as_str()];

    // What fittui asks for, with an empty store (this run also warms the simulator's cache).
    sim.clear_requests();
    let first = fresh_profile(&sim);
    let (_, out) = timed(&mut first.command(&summary));
    let fittui_requests = api_requests(&sim);
    let other = sim.requests().len() - fittui_requests.len();
    println!(
        "summary --date {day} with an empty store: {} API requests ({other} other):",
        fittui_requests.len()
    );
    for r in &fittui_requests {
        println!("  {r}");
    }
    print!("{}", String::from_utf8_lossy(&out.stdout));

    // The warm store: the profile of the first run holds the (final) day and the devices.
    sim.clear_requests();
    let (_, out) = timed(&mut first.command(&["summary", "--date", &day, "--json"]));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["sources"]
            .as_object()
            .unwrap()
            .values()
            .all(|s| s == "store"),
        "the warm run reads everything from the store: {}",
        json["sources"]
    );
    assert_eq!(sim.requests().len(), 0, "the warm run makes no request");

    let venv = Venv::create();
    let grant = sim.grant_tokens(support::FITBIT_ALL);
    let paths: Vec<&str> = fittui_requests
        .iter()
        .map(|r| {
            let mut words = r.split(' ');
            assert_eq!(words.next(), Some("GET"), "summary only reads");
            words.next().unwrap()
        })
        .collect();
    let python_cmd = venv.as_ref().map(|venv| {
        let info = sim.info();
        let mut cmd = Command::new(venv.python());
        cmd.arg(Path::new(PEER).join("python_fitbit_day.py"))
            .env("FITBIT_API_BASE", &info.api_base_url)
            .env("FITBIT_CLIENT_ID", &info.client_id)
            .env("FITBIT_CLIENT_SECRET", &info.client_secret)
            .env("FITBIT_ACCESS_TOKEN", &grant.access_token)
            .env(
                "FITBIT_REFRESH_TOKEN",
                grant.refresh_token.as_deref().unwrap_or("none"),
            )
            .env("FITBIT_DATE", &day)
            .env("FITBIT_PATHS", paths.join("\n"))
            .env("OAUTHLIB_INSECURE_TRANSPORT", "1");
        cmd
    });
    if let Some(cmd) = &python_cmd {
        // Warm-up, and the check that it asks for exactly what fittui asked for.
        sim.clear_requests();
        let mut cmd = clone_command(cmd);
        timed(&mut cmd);
        let mut theirs = api_requests(&sim);
        let mut ours = fittui_requests.clone();
        theirs.sort();
        ours.sort();
        assert_eq!(theirs, ours, "python-fitbit makes fittui's requests");
        let other = sim.requests().len() - theirs.len();
        println!(
            "python-fitbit made the same {} API requests ({other} other)",
            theirs.len()
        );
    }

    // Timed runs, the clients interleaved.
    // The start-up floor: the binary doing nothing, and an offline one-day `export` (the same
    // start as `summary`: config, log, HTTP client, runtime, store; one stored row out).
    let version = || first.command(&["--version"]);
    let offline_export = || {
        first.command(&[
            "export",
            "--kind",
            "daily",
            "--from",
            &day,
            "--to",
            &day,
            "--offline",
            "-o",
            "/dev/null",
        ])
    };
    let (mut fresh, mut warm, mut python, mut python_fetch) = (vec![], vec![], vec![], vec![]);
    let (mut floor, mut start_up) = (vec![], vec![]);
    for _ in 0..RUNS {
        let profile = fresh_profile(&sim);
        fresh.push(timed(&mut profile.command(&summary)).0);
        warm.push(timed(&mut first.command(&summary)).0);
        floor.push(timed(&mut version()).0);
        start_up.push(timed(&mut offline_export()).0);
        if let Some(cmd) = &python_cmd {
            let (ms, out) = timed(&mut clone_command(cmd));
            python.push(ms);
            let line: Value = serde_json::from_slice(&out.stdout).unwrap();
            python_fetch.push(line["fetch_ms"].as_f64().unwrap());
        }
    }
    // Peak memory.
    let (mut fresh_mb, mut warm_mb, mut python_mb) = (f64::NAN, f64::NAN, f64::NAN);
    let (mut floor_mb, mut start_up_mb) = (f64::NAN, f64::NAN);
    let memory_runs = if Path::new(TIME).exists() {
        MEMORY_RUNS
    } else {
        println!("peak memory: skipped ({TIME} is missing: `apt-get install time`)");
        0
    };
    for _ in 0..memory_runs {
        let profile = fresh_profile(&sim);
        fresh_mb = fresh_mb.max(peak_mb(&profile.command(&summary)));
        warm_mb = warm_mb.max(peak_mb(&first.command(&summary)));
        floor_mb = floor_mb.max(peak_mb(&version()));
        start_up_mb = start_up_mb.max(peak_mb(&offline_export()));
        if let Some(cmd) = &python_cmd {
            python_mb = python_mb.max(peak_mb(cmd));
        }
    }
    let (f, f_min, f_max) = stats(&fresh);
    let (w, w_min, w_max) = stats(&warm);
    println!(
        "summary fresh from the simulator: median {f:.1} ms (min {f_min:.1}, max {f_max:.1}; {RUNS} runs), peak RSS {fresh_mb:.1} MB"
    );
    println!(
        "summary from a warm store: median {w:.1} ms (min {w_min:.1}, max {w_max:.1}; {RUNS} runs), peak RSS {warm_mb:.1} MB; no request"
    );
    println!(
        "start-up floor: `fittui --version` median {:.1} ms, peak RSS {floor_mb:.1} MB; an offline one-day `export --kind daily` median {:.1} ms, peak RSS {start_up_mb:.1} MB",
        stats(&floor).0,
        stats(&start_up).0
    );
    if !python.is_empty() {
        let (p, p_min, p_max) = stats(&python);
        let (pf, _, _) = stats(&python_fetch);
        println!(
            "python-fitbit 0.3.1, the same requests: median {p:.1} ms (min {p_min:.1}, max {p_max:.1}; {RUNS} runs; {pf:.1} ms of it from the first request to the last response), peak RSS {python_mb:.1} MB"
        );
        println!(
            "→ fresh: fittui {:.1}× faster, {:.2} of python-fitbit's peak memory (1/{:.1}); warm store: {:.0}× faster",
            p / f,
            fresh_mb / python_mb,
            python_mb / fresh_mb,
            p / w
        );
    }
    if std::env::var_os(KEEP).is_some() {
        // For profiling the warm run: `FITTUI_CONFIG_DIR=ROOT/config FITTUI_DATA_DIR=ROOT/data
        // fittui summary --date DAY` (no request is made, so the stopped simulator is not missed).
        let support::Profile { dir, .. } = first;
        println!(
            "warm profile kept ({KEEP}): {} (--date {day})",
            dir.keep().display()
        );
    }
    rt.block_on(sim.shutdown());
}

/// A copy of `cmd` (program, arguments, environment).
fn clone_command(cmd: &Command) -> Command {
    let mut copy = Command::new(cmd.get_program());
    copy.args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => copy.env(key, v),
            None => copy.env_remove(key),
        };
    }
    copy
}

/// `fittui sync --days 90` on new profiles: requests and wall time.
fn sync_90_days(rt: &tokio::runtime::Runtime) {
    let sim = start_sim(rt);
    let runs = 3;
    let mut times = Vec::new();
    for run in 0..runs {
        let profile = fresh_profile(&sim);
        sim.clear_requests();
        let (ms, out) = timed(&mut profile.command(&["sync", "--days", "90", "--json"]));
        times.push(ms);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let done: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
        let log = sim.requests();
        let api: Vec<_> = log.iter().filter(|r| r.kind == "api").collect();
        let mut per_endpoint = BTreeMap::<String, usize>::new();
        for r in &api {
            *per_endpoint
                .entry(format!("{} {}", r.method, endpoint(&r.path)))
                .or_default() += 1;
        }
        println!(
            "sync --days 90 (run {}): {:.2} s; sync's count: {} requests, {} views fetched, {} days; the simulator's log: {} API requests, {} other",
            run + 1,
            ms / 1000.0,
            done["requests"],
            done["fetched"],
            done["days"],
            api.len(),
            log.len() - api.len()
        );
        if run == 0 {
            for (endpoint, n) in &per_endpoint {
                println!("  {n:>4}  {endpoint}");
            }
        }
    }
    let (m, min, max) = stats(&times);
    println!(
        "sync --days 90: median {:.2} s (min {:.2}, max {:.2}; {runs} runs)",
        m / 1000.0,
        min / 1000.0,
        max / 1000.0
    );
    rt.block_on(sim.shutdown());
}

/// `fittui export --kind heart` of the stored year, offline, to /dev/null: rows per second.
fn export_year(rt: &tokio::runtime::Runtime) {
    let year = rt.block_on(year::build_year());
    let (from, to) = (year::first_day().to_string(), year::LAST_DAY.to_string());
    let export = |format: &str, output: &str| {
        let mut cmd = year.profile.command(&[
            "export",
            "--kind",
            "heart",
            "--from",
            &from,
            "--to",
            &to,
            "--offline",
            "--format",
            format,
            "-o",
            output,
        ]);
        cmd.env("TZ", "America/Los_Angeles");
        cmd
    };
    let csv = year.root().join("heart.csv");
    timed(&mut export("csv", csv.to_str().unwrap()));
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows = text.lines().count() - 1;
    println!(
        "export heart of {} days: {rows} rows, {:.1} MB of CSV",
        year::DAYS,
        text.len() as f64 / 1e6
    );
    drop(text);
    for format in ["csv", "ndjson", "json"] {
        let times: Vec<f64> = (0..5)
            .map(|_| timed(&mut export(format, "/dev/null")).0)
            .collect();
        let (m, min, max) = stats(&times);
        println!(
            "export heart, a year, {format} to /dev/null: median {m:.0} ms (min {min:.0}, max {max:.0}; 5 runs) → {:.2} M rows/s",
            rows as f64 / m / 1000.0
        );
    }
}

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let run = |name: &str| wanted.is_empty() || wanted.iter().any(|w| w == name);
    let rt = tokio::runtime::Runtime::new().unwrap();
    if run("summary") {
        summary_vs_python_fitbit(&rt);
    }
    if run("sync") {
        sync_90_days(&rt);
    }
    if run("export") {
        export_year(&rt);
    }
}
