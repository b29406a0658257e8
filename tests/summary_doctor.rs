//! `fittui summary` and `fittui doctor`, the real binary against the in-process simulator.
//!
//! `summary`: the numbers are the simulator person's, for both providers; the not-worn day
//! says "no data" (never 0); a final past day asked again costs no request (the local store).
//! The binary runs on the system clock while the simulator's clock is fixed at
//! [`support::AFTERNOON`] (2026-11-21), so the dates are passed with `--date` inside the
//! simulator's window, and the sign-in is made valid in the binary's (real) time.
//!
//! `doctor`: a healthy profile passes; each broken state that can be made is caught — loose
//! directory and token-file modes (read from the mode bits: tests run as root), an expired
//! pasted token, an unreachable endpoint, a corrupted store, missing scopes, a bad config.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::too_many_lines)] // scenarios read top to bottom

mod support;

use std::os::unix::fs::PermissionsExt;
use std::process::Output;
use std::time::Duration;

use fittui::api::ProviderKind;
use fittui::auth::TokenOrigin;
use fittui_sim::person::Totals;
use fittui_sim::{SimConfig, SimHandle};
use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use support::{Profile, api_requests, clock_at, sign_in_fitbit, sign_in_google, token_set};

const FITBIT: ProviderKind = ProviderKind::Fitbit;
const GOOGLE: ProviderKind = ProviderKind::Google;

/// Runs the binary without blocking the runtime the in-process simulator runs on.
async fn run(profile: &Profile, args: &[&str]) -> Output {
    let child = profile.command(args).spawn().unwrap();
    tokio::time::timeout(
        Duration::from_mins(1),
        tokio::task::spawn_blocking(move || child.wait_with_output()),
    )
    .await
    .expect("the process finished in time")
    .unwrap()
    .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            stdout(out),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A simulator with its clock fixed at 2026-11-21 15:00 in Los Angeles, and a profile signed
/// in to it whose access token is valid for 8 hours of the binary's real time.
async fn fixed_setup(kind: ProviderKind) -> (SimHandle, Profile) {
    let clock = clock_at(support::AFTERNOON);
    let sim = support::sim(SimConfig::new(kind.into()), &clock).await;
    let profile = Profile::new(&sim, kind);
    let valid_for = Timestamp::now().duration_since(sim.now()) + SignedDuration::from_hours(8);
    match kind {
        ProviderKind::Fitbit => sign_in_fitbit(&sim, &profile, valid_for),
        ProviderKind::Google => sign_in_google(&sim, &profile, valid_for),
    };
    (sim, profile)
}

fn totals(sim: &SimHandle, day: Date) -> Totals {
    Totals::of_day(&sim.person().day(day), sim.now())
}

/// `summary --json` for a worn past day equals the person; the text says the same numbers;
/// asked again, the day comes from the store without a request; the not-worn day is "no data".
async fn summary_agrees_with_the_person(kind: ProviderKind) {
    let (sim, profile) = fixed_setup(kind).await;
    let day = date(2026, 11, 20);
    let out = run(&profile, &["summary", "--date", "2026-11-20", "--json"]).await;
    assert!(
        out.status.success(),
        "{kind}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    let t = totals(&sim, day);
    assert_eq!(doc["date"], "2026-11-20");
    assert_eq!(doc["provider"], kind.to_string());
    let a = &doc["activity"];
    assert_eq!(a["steps"].as_u64(), Some(t.steps), "{kind}");
    assert_eq!(a["floors"].as_u64(), Some(t.floors), "{kind}");
    let distance = a["distance_m"].as_f64().unwrap();
    assert!(
        (distance - t.distance_mm as f64 / 1000.0).abs() < 10.0,
        "{kind}: {distance} m vs {} mm",
        t.distance_mm
    );
    let kcal = a["calories_kcal"].as_f64().unwrap();
    assert!(
        (kcal - t.calories).abs() < 1.0,
        "{kind}: {kcal} vs {}",
        t.calories
    );
    let azm = &a["active_zone_minutes"];
    assert_eq!(
        (
            azm["fat_burn"].as_u64(),
            azm["cardio"].as_u64(),
            azm["peak"].as_u64()
        ),
        (
            Some(u64::from(t.azm_fat_burn)),
            Some(u64::from(t.azm_cardio)),
            Some(u64::from(t.azm_peak))
        ),
        "{kind}"
    );
    assert_eq!(
        doc["heart"]["resting_bpm"].as_u64(),
        Some(u64::from(sim.person().rhr(day))),
        "{kind}"
    );
    let night = sim.person().main_night(day).unwrap();
    let main = &doc["sleep"]["main"];
    let start: Timestamp = main["start"].as_str().unwrap().parse().unwrap();
    let end: Timestamp = main["end"].as_str().unwrap().parse().unwrap();
    assert_eq!((start, end), (night.start, night.end), "{kind}");
    assert!(main["asleep_minutes"].as_u64().unwrap() > 0);
    assert!(doc["devices"].as_array().is_some_and(|d| !d.is_empty()));
    assert_eq!(doc["sources"]["activity"], "network");
    assert_eq!(doc["errors"], Value::Array(Vec::new()));

    // Again, as text: a final day, all from the store — not one request.
    sim.clear_requests();
    let out = run(&profile, &["summary", "--date", "2026-11-20"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert_eq!(
        api_requests(&sim).len(),
        0,
        "{kind}: {:?}",
        support::summary(&api_requests(&sim))
    );
    let steps = fittui::domain::units::format_count(t.steps);
    assert!(text.contains("Fri 20 Nov 2026"), "{text}");
    assert!(text.contains(&format!("Steps      {steps}")), "{text}");
    assert!(
        text.contains(&format!("Resting HR {} bpm", sim.person().rhr(day))),
        "{text}"
    );
    assert!(
        text.contains("Sleep ") && text.contains("asleep "),
        "{text}"
    );
    assert!(text.contains("Devices "), "{text}");
    assert!(!text.contains("no data"), "{text}");

    // The day the tracker was not worn: "no data", never zeros.
    let out = run(&profile, &["summary", "--date", "2026-11-12"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("Activity   no data"), "{kind}: {text}");
    assert!(text.contains("Resting HR no data"), "{kind}: {text}");
    assert!(text.contains("Sleep      no data"), "{kind}: {text}");
    assert!(!text.contains("Steps "), "{kind}: {text}");
    let out = run(&profile, &["summary", "--date", "2026-11-12", "--json"]).await;
    let doc = json(&out);
    assert_eq!(doc["activity"]["recorded"], false);
    assert_eq!(doc["activity"]["steps"], Value::Null);
    assert_eq!(doc["heart"]["resting_bpm"], Value::Null);
    assert_eq!(doc["sleep"]["main"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fitbit_summary() {
    summary_agrees_with_the_person(FITBIT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_summary() {
    summary_agrees_with_the_person(GOOGLE).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summary_without_a_sign_in_exits_3_and_an_unreachable_api_exits_1() {
    let (sim, profile) = fixed_setup(FITBIT).await;
    profile.store(FITBIT).delete().unwrap();
    let out = run(&profile, &["summary", "--date", "2026-11-20"]).await;
    assert_eq!(out.status.code(), Some(3));

    // Signed in and the account stored, then the API goes away: what the store has is
    // printed, the rest says it could not be fetched, and the exit code is 1.
    let valid_for = Timestamp::now().duration_since(sim.now()) + SignedDuration::from_hours(8);
    sign_in_fitbit(&sim, &profile, valid_for);
    let out = run(&profile, &["summary", "--date", "2026-11-20"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut config = profile.config.clone();
    config.fitbit.api_base_url = format!("http://127.0.0.1:{}", support::free_port());
    std::fs::write(
        profile.paths.config_file(),
        toml::to_string(&config).unwrap(),
    )
    .unwrap();
    let out = run(&profile, &["summary", "--date", "2026-11-19"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("Thu 19 Nov 2026"), "{text}");
    assert!(text.contains("could not be fetched"), "{text}");
    // The day fetched before still shows, from the store, without the network.
    let out = run(&profile, &["summary", "--date", "2026-11-20"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("Steps "));
}

/// A day the store holds final (and devices fetched within `refresh.today_minutes`): the
/// summary makes no request and works with the API unreachable — the HTTP client, OAuth
/// client and token manager are then not even made (see `commands::summary::Network`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_warm_summary_makes_no_request_and_needs_no_network() {
    let (sim, profile) = fixed_setup(FITBIT).await;
    let out = run(&profile, &["summary", "--date", "2026-11-20", "--json"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh = json(&out);
    assert!(!api_requests(&sim).is_empty());

    // Warm, the simulator still up: every part from the store, no request of any kind.
    sim.clear_requests();
    let out = run(&profile, &["summary", "--date", "2026-11-20", "--json"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let warm = json(&out);
    assert_eq!(sim.requests().len(), 0, "{:?}", sim.requests());
    for part in ["activity", "heart", "sleep", "devices"] {
        assert_eq!(
            warm["sources"][part], "store",
            "{part}: {}",
            warm["sources"]
        );
        assert_eq!(warm[part], fresh[part], "{part}");
    }

    // Warm, the API unreachable (a closed port): the same summary, exit 0, nothing on stderr.
    let mut config = profile.config.clone();
    config.fitbit.api_base_url = format!("http://127.0.0.1:{}", support::free_port());
    config.fitbit.token_url = format!("http://127.0.0.1:{}/oauth2/token", support::free_port());
    std::fs::write(
        profile.paths.config_file(),
        toml::to_string(&config).unwrap(),
    )
    .unwrap();
    let text_warm = run(&profile, &["summary", "--date", "2026-11-20"]).await;
    assert!(
        text_warm.status.success(),
        "{}",
        String::from_utf8_lossy(&text_warm.stderr)
    );
    assert!(
        text_warm.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&text_warm.stderr)
    );
    assert!(
        stdout(&text_warm).contains("Steps "),
        "{}",
        stdout(&text_warm)
    );
    let out = run(&profile, &["summary", "--date", "2026-11-20", "--json"]).await;
    assert!(out.status.success());
    let offline = json(&out);
    assert_eq!(offline["sources"], warm["sources"]);
    assert_eq!(offline["errors"], Value::Array(Vec::new()));
    for part in ["activity", "heart", "sleep", "devices"] {
        assert_eq!(offline[part], warm[part], "{part}");
    }
    assert_eq!(sim.requests().len(), 0);
}

/// The simulator on the real clock (doctor compares against the server's `Date`).
async fn real_time_setup(kind: ProviderKind) -> (SimHandle, Profile) {
    let sim = fittui_sim::start(SimConfig::new(kind.into()))
        .await
        .unwrap();
    let profile = Profile::new(&sim, kind);
    (sim, profile)
}

async fn doctor(profile: &Profile) -> (Option<i32>, Vec<Value>) {
    let out = run(profile, &["doctor", "--json"]).await;
    let doc = json(&out);
    (out.status.code(), doc.as_array().unwrap().clone())
}

fn status_of<'a>(checks: &'a [Value], name: &str) -> &'a str {
    checks
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no check {name} in {checks:#?}"))["status"]
        .as_str()
        .unwrap()
}

fn failed(checks: &[Value]) -> Vec<String> {
    checks
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| c["check"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_passes_a_healthy_profile_and_catches_each_broken_state() {
    let (sim, profile) = real_time_setup(FITBIT).await;
    sign_in_fitbit(&sim, &profile, SignedDuration::from_hours(8));
    let (code, checks) = doctor(&profile).await;
    assert_eq!(failed(&checks), Vec::<String>::new(), "{checks:#?}");
    assert_eq!(code, Some(0));
    for name in [
        "config",
        "config dir",
        "fitbit token file",
        "fitbit sign-in",
        "fitbit scopes",
        "fitbit API",
        "clock",
        "rate limit",
    ] {
        assert_eq!(status_of(&checks, name), "ok", "{name}: {checks:#?}");
    }
    let api = checks.iter().find(|c| c["check"] == "fitbit API").unwrap();
    assert!(
        api["detail"].as_str().unwrap().contains("HTTP 200"),
        "{api}"
    );
    for c in &checks {
        for key in ["check", "status", "detail", "fix"] {
            assert!(c.get(key).is_some(), "{key} in {c}");
        }
    }
    // The text form: a mark per check.
    let out = run(&profile, &["doctor"]).await;
    let text = stdout(&out);
    assert!(text.contains("✓ config"), "{text}");

    // A store written by a run is checked: integrity ok, schema, size.
    let out = run(&profile, &["summary"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, checks) = doctor(&profile).await;
    assert_eq!(status_of(&checks, "store"), "ok", "{checks:#?}");

    // Loose modes: a 0755 config dir and a 0644 token file.
    let token_file = profile.store(FITBIT).path();
    std::fs::set_permissions(profile.config_dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, checks) = doctor(&profile).await;
    assert_eq!(code, Some(1));
    assert_eq!(status_of(&checks, "config dir"), "fail");
    assert_eq!(status_of(&checks, "fitbit token file"), "fail");
    let fix = checks.iter().find(|c| c["check"] == "config dir").unwrap()["fix"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(fix.starts_with("chmod 700"), "{fix}");
    std::fs::set_permissions(profile.config_dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o600)).unwrap();

    // A corrupted store.
    let store = profile.paths.store_file();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", store.display()));
    }
    std::fs::write(&store, vec![0x5a_u8; 8192]).unwrap();
    let (code, checks) = doctor(&profile).await;
    assert_eq!(code, Some(1));
    assert_eq!(failed(&checks), vec!["store".to_string()], "{checks:#?}");
    std::fs::remove_file(&store).unwrap();

    // An unreachable endpoint: the config points at a closed port.
    let mut broken = profile.config.clone();
    broken.fitbit.api_base_url = format!("http://127.0.0.1:{}", support::free_port());
    std::fs::write(
        profile.paths.config_file(),
        toml::to_string(&broken).unwrap(),
    )
    .unwrap();
    let (code, checks) = doctor(&profile).await;
    assert_eq!(code, Some(1));
    assert_eq!(
        failed(&checks),
        vec!["fitbit API".to_string()],
        "{checks:#?}"
    );
    profile.write_config();

    // A config that does not parse.
    std::fs::write(profile.paths.config_file(), "[ui]\nclock = \"25h\"\n").unwrap();
    let (code, checks) = doctor(&profile).await;
    assert_eq!(code, Some(1));
    assert_eq!(status_of(&checks, "config"), "fail");
    profile.write_config();

    // An expired pasted token (not refreshable): never refreshed, reported.
    let grant = sim.grant_tokens(support::FITBIT_ALL);
    let now = Timestamp::now();
    let mut pasted = token_set(
        FITBIT,
        &grant,
        &sim.info().client_id,
        now - SignedDuration::from_hours(9),
        now - SignedDuration::from_hours(1),
    );
    pasted.origin = TokenOrigin::Pasted;
    pasted.refresh_token = None;
    profile.store(FITBIT).save(&pasted).unwrap();
    sim.clear_requests();
    let (code, checks) = doctor(&profile).await;
    assert_eq!(code, Some(1));
    assert_eq!(
        failed(&checks),
        vec!["fitbit sign-in".to_string()],
        "{checks:#?}"
    );
    assert!(
        sim.requests().iter().all(|r| r.kind == "api"),
        "doctor never refreshes: {:?}",
        support::summary(&sim.requests())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_reports_missing_scopes_and_a_refreshable_expired_token_without_refreshing() {
    let (sim, profile) = real_time_setup(GOOGLE).await;
    support::sign_in_google_with(
        &sim,
        &profile,
        -SignedDuration::from_mins(5),
        &support::GOOGLE_ALL[..1],
    );
    sim.clear_requests();
    let (code, checks) = doctor(&profile).await;
    assert_eq!(status_of(&checks, "google scopes"), "warn", "{checks:#?}");
    let scopes = checks
        .iter()
        .find(|c| c["check"] == "google scopes")
        .unwrap();
    assert!(
        scopes["detail"].as_str().unwrap().contains("not granted"),
        "{scopes}"
    );
    // Expired but refreshable: fine, and not refreshed by doctor.
    assert_eq!(status_of(&checks, "google sign-in"), "ok", "{checks:#?}");
    assert!(
        sim.requests().iter().all(|r| r.kind != "oauth"),
        "{:?}",
        support::summary(&sim.requests())
    );
    assert_eq!(code, Some(0), "{checks:#?}");
}
