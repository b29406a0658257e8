//! End-to-end runs of the real binary in a pseudo-terminal: however fittui ends — `q`, a
//! signal, or a panic — the terminal is restored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use support::pty::{assert_restored, spawn_fittui};

const T: Duration = Duration::from_secs(20);

fn dirs() -> (tempfile::TempDir, Vec<(&'static str, String)>) {
    let tmp = tempfile::tempdir().unwrap();
    let env = vec![
        (
            "FITTUI_CONFIG_DIR",
            tmp.path().join("c").display().to_string(),
        ),
        (
            "FITTUI_DATA_DIR",
            tmp.path().join("d").display().to_string(),
        ),
    ];
    (tmp, env)
}

#[test]
fn quitting_with_q_restores_the_terminal() {
    let (_tmp, env) = dirs();
    let mut s = spawn_fittui(&[], &env, 100, 30);
    assert!(
        s.wait_for(T, |scr| scr.contains("1 Today")
            && scr.contains("No data source")),
        "{}",
        s.screen()
    );
    s.send(b"2");
    assert!(s.wait_for(T, |scr| scr.contains("Heart")));
    s.send(b"?");
    assert!(s.wait_for(T, |scr| scr.contains("Keys")));
    s.send(b"?");
    s.send(b"q");
    assert_eq!(s.wait_exit_code(T), Some(0), "{}", s.screen());
    assert_restored(&s);
}

#[test]
fn sigterm_restores_the_terminal() {
    let (_tmp, env) = dirs();
    let s = spawn_fittui(&[], &env, 100, 30);
    assert!(s.wait_for(T, |scr| scr.contains("1 Today")));
    // The shell's child is fittui; signal it by name within this session's process group.
    let shell = s.pid().unwrap();
    let status = std::process::Command::new("pkill")
        .args(["-TERM", "-P", &shell.to_string(), "fittui"])
        .status()
        .unwrap();
    assert!(status.success(), "pkill found fittui");
    assert_eq!(s.wait_exit_code(T), Some(0), "{}", s.screen());
    assert_restored(&s);
}

#[test]
fn a_panic_restores_the_terminal_and_prints_the_message() {
    let (_tmp, mut env) = dirs();
    env.push(("FITTUI_TEST_PANIC", "1".into()));
    let s = spawn_fittui(&[], &env, 100, 30);
    let code = s.wait_exit_code(T);
    assert_eq!(code, Some(101), "{}", s.screen());
    assert_restored(&s);
    // The panic message is printed after the alternate screen was left, so it stays visible.
    let raw = s.raw();
    let message = support::pty::rfind(&raw, b"deliberate panic").expect("panic message printed");
    let left = support::pty::rfind(&raw, b"\x1b[?1049l").unwrap();
    assert!(
        message > left,
        "the message comes after the terminal was restored"
    );
}

#[test]
fn resizing_redraws_and_a_tiny_window_says_so() {
    let (_tmp, env) = dirs();
    let mut s = spawn_fittui(&[], &env, 50, 15);
    assert!(
        s.wait_for(T, |scr| scr.contains("Terminal too small")),
        "{}",
        s.screen()
    );
    s.send(b"q");
    assert_eq!(s.wait_exit_code(T), Some(0), "{}", s.screen());
    assert_restored(&s);
}

const DEMO: &[&str] = &["--demo", "--now", "2026-11-21T20:00:00Z"];

#[test]
fn demo_mode_browses_tabs_and_days_then_restores_the_terminal() {
    let (_tmp, env) = dirs();
    let mut s = spawn_fittui(DEMO, &env, 120, 40);
    assert!(
        s.wait_for(T, |scr| scr.contains("steps") && scr.contains("fitbit")),
        "{}",
        s.screen()
    );
    s.send(b"2");
    assert!(
        s.wait_for(T, |scr| scr.contains("Heart rate")),
        "{}",
        s.screen()
    );
    s.send(b"\x1b[D"); // ←
    assert!(
        s.wait_for(T, |scr| scr.contains("Friday 20 November 2026")),
        "{}",
        s.screen()
    );
    s.send(b"3");
    assert!(
        s.wait_for(T, |scr| scr.contains("Main sleep")),
        "{}",
        s.screen()
    );
    s.send(b"H"); // a week back
    assert!(
        s.wait_for(T, |scr| scr.contains("Friday 13 November 2026")),
        "{}",
        s.screen()
    );
    s.send(b"4");
    assert!(
        s.wait_for(T, |scr| scr.contains("Charge 2")
            && scr.contains("Aria Air")),
        "{}",
        s.screen()
    );
    s.send(b"5");
    assert!(
        s.wait_for(T, |scr| scr.contains("of 8 alarms")),
        "{}",
        s.screen()
    );
    s.send(b"q");
    assert_eq!(s.wait_exit_code(T), Some(0), "{}", s.screen());
    assert_restored(&s);
}

#[test]
fn demo_mode_edits_an_alarm_with_the_keyboard() {
    let (_tmp, env) = dirs();
    let mut s = spawn_fittui(DEMO, &env, 120, 40);
    assert!(
        s.wait_for(T, |scr| scr.contains("fitbit")),
        "{}",
        s.screen()
    );
    s.send(b"5");
    assert!(
        s.wait_for(T, |scr| scr.contains("3 of 8 alarms")),
        "{}",
        s.screen()
    );
    // New alarm at 06:45 with a label.
    s.send(b"a");
    assert!(
        s.wait_for(T, |scr| scr.contains("New alarm on Charge 2")),
        "{}",
        s.screen()
    );
    s.send(b"0645");
    for _ in 0..6 {
        s.send(b"\t");
    }
    s.send(b"Swim");
    s.send(b"\r");
    assert!(
        s.wait_for(T, |scr| scr.contains("4 of 8 alarms")
            && scr.contains("Swim")),
        "{}",
        s.screen()
    );
    // Turn it off with Space (rows: 05:40, 06:45, …).
    s.send(b"j");
    s.send(b" ");
    assert!(s.wait_for(T, |scr| scr.contains("saved")), "{}", s.screen());
    // Delete it.
    s.send(b"d");
    assert!(
        s.wait_for(T, |scr| scr.contains("Delete alarm?")),
        "{}",
        s.screen()
    );
    s.send(b"y");
    assert!(
        s.wait_for(T, |scr| scr.contains("3 of 8 alarms")
            && !scr.contains("Swim")),
        "{}",
        s.screen()
    );
    s.send(b"q");
    assert_eq!(s.wait_exit_code(T), Some(0), "{}", s.screen());
    assert_restored(&s);
}

/// A simulator on the real clock (kept running by the returned runtime) and a Fitbit profile
/// signed in to it, for runs of the real binary against live data.
fn signed_in_fitbit() -> (
    tokio::runtime::Runtime,
    fittui_sim::SimHandle,
    support::Profile,
) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = rt
        .block_on(fittui_sim::start(fittui_sim::SimConfig::new(
            fittui_sim::Api::Fitbit,
        )))
        .unwrap();
    let profile = support::Profile::new(&sim, fittui::api::ProviderKind::Fitbit);
    support::sign_in_fitbit(&sim, &profile, jiff::SignedDuration::from_hours(1));
    (rt, sim, profile)
}

/// The environment that points the binary at `profile`'s directories.
fn profile_env(profile: &support::Profile) -> Vec<(&'static str, String)> {
    vec![
        (
            "FITTUI_CONFIG_DIR",
            profile.paths.config_dir.display().to_string(),
        ),
        (
            "FITTUI_DATA_DIR",
            profile.paths.data_dir.display().to_string(),
        ),
    ]
}

/// A save that hangs (the network stalls for two minutes) must not take the keys with it:
/// Ctrl-C asks at once, and `y` quits, saying the change may or may not have been saved.
#[test]
fn ctrl_c_asks_at_once_while_an_alarm_save_hangs() {
    let (rt, sim, profile) = signed_in_fitbit();
    let env = profile_env(&profile);
    let mut s = spawn_fittui(&[], &env, 120, 40);
    assert!(
        s.wait_for(T, |scr| scr.contains("fitbit")),
        "{}",
        s.screen()
    );
    s.send(b"5");
    assert!(
        s.wait_for(T, |scr| scr.contains("of 8 alarms")),
        "{}",
        s.screen()
    );
    // Every alarm request from now on stalls for two minutes.
    sim.set_faults("latency:120s,only:/1/user/-/devices/tracker/")
        .unwrap();
    s.send(b"a");
    assert!(
        s.wait_for(T, |scr| scr.contains("New alarm on Charge 2")),
        "{}",
        s.screen()
    );
    s.send(b"0645\r");
    assert!(
        s.wait_for(T, |scr| scr.contains("Ctrl-C quits")),
        "{}",
        s.screen()
    );
    s.send(b"\x03");
    assert!(
        s.wait_for(Duration::from_secs(3), |scr| scr.contains("quit anyway?")),
        "Ctrl-C must ask at once while a save hangs:\n{}",
        s.screen()
    );
    s.send(b"y");
    assert_eq!(
        s.wait_exit_code(Duration::from_secs(5)),
        Some(0),
        "{}",
        s.screen()
    );
    assert_restored(&s);
    let after = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(
        after.contains("may or may not have reached"),
        "the user is told the change's fate is unknown: {after}"
    );
    drop(rt);
}

/// A store that cannot be opened (here: not a database) does not keep fittui from showing live
/// data: it says why, runs without the store, and leaves the file as it was.
#[test]
fn a_broken_store_is_said_and_left_alone_and_live_data_still_shows() {
    let (rt, _sim, profile) = signed_in_fitbit();
    let garbage = b"this is not a database, whatever its name says".repeat(100);
    std::fs::write(profile.paths.store_file(), &garbage).unwrap();
    let env = profile_env(&profile);
    let mut s = spawn_fittui(&[], &env, 160, 40);
    assert!(
        s.wait_for(T, |scr| scr.contains("local store could not be opened")),
        "{}",
        s.screen()
    );
    s.send(b"5");
    assert!(
        s.wait_for(T, |scr| scr.contains("of 8 alarms")),
        "live data still shows:\n{}",
        s.screen()
    );
    s.send(b"q");
    assert_eq!(s.wait_exit_code(T), Some(0), "{}", s.screen());
    assert_restored(&s);
    assert_eq!(std::fs::read(profile.paths.store_file()).unwrap(), garbage);
    drop(rt);
}
