//! Cross-process and crash safety of the token file, with real processes:
//!
//! - two `fittui auth refresh` processes refreshing the same (expired) sign-in at once both
//!   stay signed in, and the simulator sees exactly one refresh: the second process waits for
//!   the file lock, finds the first one's tokens and adopts them;
//! - `examples/token_writer.rs` saving token sets in a tight loop is killed (`SIGKILL`) at
//!   varied moments, and the token file is always a complete token set;
//! - `auth refresh` on a disk that takes no more bytes spends nothing and says so.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use fittui::api::ProviderKind;
use fittui::auth::TokenStore;
use fittui::clock::{SharedClock, SystemClock};
use fittui_sim::{SimConfig, SimHandle};
use jiff::SignedDuration;
use support::{Profile, api_requests, refreshes, sign_in_fitbit, summary};

const FITBIT: ProviderKind = ProviderKind::Fitbit;

/// Waits for a child without blocking the runtime the in-process simulator runs on.
async fn wait(child: Child) -> Output {
    tokio::time::timeout(
        Duration::from_secs(30),
        tokio::task::spawn_blocking(move || child.wait_with_output()),
    )
    .await
    .expect("the process finished in time")
    .unwrap()
    .unwrap()
}

/// The simulator on the real clock (the processes use the system clock).
async fn real_time_sim() -> SimHandle {
    fittui_sim::start(SimConfig::new(FITBIT.into()))
        .await
        .unwrap()
}

/// Processes blocked on a `flock` of the file with inode `ino`, per `/proc/locks` (`None` where
/// there is no `/proc/locks`).
fn lock_waiters(ino: u64) -> Option<usize> {
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    let suffix = format!(":{ino}");
    Some(
        locks
            .lines()
            .filter(|l| l.contains("->") && l.contains("FLOCK"))
            .filter(|l| l.split_whitespace().any(|f| f.ends_with(&suffix)))
            .count(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_refreshing_at_once_both_stay_signed_in_with_one_refresh() {
    let sim = real_time_sim().await;
    let profile = Profile::new(&sim, FITBIT);
    let old = sign_in_fitbit(&sim, &profile, -SignedDuration::from_mins(5));
    sim.expire_access_tokens();

    // Hold the refresh lock so that both processes have read the expired sign-in and are
    // waiting for the lock when it is released: the worst overlap, every time.
    let store = profile.store(FITBIT);
    let held = store.lock().unwrap();
    let lock_file = profile.config_dir().join("tokens-fitbit.lock");
    let ino = std::fs::metadata(&lock_file).unwrap().ino();
    let a = profile
        .command(&["auth", "refresh", "--provider", "fitbit"])
        .spawn()
        .unwrap();
    let b = profile.command(&["auth", "refresh"]).spawn().unwrap();
    let started = Instant::now();
    loop {
        match lock_waiters(ino) {
            Some(2) => break,
            Some(_) if started.elapsed() < Duration::from_secs(20) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Some(n) => panic!("{n} of the 2 processes waited for the refresh lock"),
            // No /proc/locks (not Linux): give both time to reach the lock.
            None => {
                tokio::time::sleep(Duration::from_secs(2)).await;
                break;
            }
        }
    }
    assert!(
        refreshes(&sim, FITBIT).is_empty(),
        "nothing sent under the lock"
    );
    drop(held);

    for out in [wait(a).await, wait(b).await] {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "stdout: {stdout}\nstderr: {stderr}");
        assert!(
            stdout.contains("fitbit: access token refreshed; valid until"),
            "{stdout}"
        );
        for secret in [&old.access_token, old.refresh_token.as_ref().unwrap()] {
            assert!(!stdout.contains(secret.as_str()) && !stderr.contains(secret.as_str()));
        }
    }
    let log = sim.requests();
    assert_eq!(
        refreshes(&sim, FITBIT).len(),
        1,
        "the second process adopted the first one's tokens: {:?}",
        summary(&log)
    );
    assert!(api_requests(&sim).is_empty());

    // The file holds a valid pair: the API accepts the access token without a refresh.
    let stored = profile.stored(FITBIT);
    assert_ne!(stored.access_token, old.access_token);
    assert_ne!(stored.refresh_token, old.refresh_token);
    let clock: SharedClock = std::sync::Arc::new(SystemClock);
    let source = profile.open(FITBIT, clock);
    assert_eq!(source.provider.account().await.unwrap().user_id, "GGNJL9");
    assert_eq!(refreshes(&sim, FITBIT).len(), 1);
    // And the refresh token in it still works.
    let again = profile.command(&["auth", "refresh"]).spawn().unwrap();
    let out = wait(again).await;
    assert!(out.status.success(), "{out:?}");
    assert_eq!(refreshes(&sim, FITBIT).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_refresh_processes_without_a_head_start_both_stay_signed_in() {
    // Started together with no lock held: whichever order they run in, both end signed in,
    // every refresh the simulator saw succeeded, and the file holds the latest pair.
    let sim = real_time_sim().await;
    let profile = Profile::new(&sim, FITBIT);
    sign_in_fitbit(&sim, &profile, -SignedDuration::from_mins(5));
    sim.expire_access_tokens();
    let a = profile.command(&["auth", "refresh"]).spawn().unwrap();
    let b = profile.command(&["auth", "refresh"]).spawn().unwrap();
    for out in [wait(a).await, wait(b).await] {
        assert!(out.status.success(), "{out:?}");
    }
    let statuses: Vec<u16> = refreshes(&sim, FITBIT).iter().map(|r| r.status).collect();
    assert!(
        statuses == [200] || statuses == [200, 200],
        "{:?}",
        summary(&sim.requests())
    );
    let clock: SharedClock = std::sync::Arc::new(SystemClock);
    let source = profile.open(FITBIT, clock);
    source.provider.account().await.unwrap();
    assert_eq!(refreshes(&sim, FITBIT).len(), statuses.len());
}

#[test]
fn refresh_errors_are_clear() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = rt.block_on(real_time_sim());
    let profile = Profile::new(&sim, FITBIT);
    let run = |args: &[&str]| {
        let child = profile.command(args).spawn().unwrap();
        rt.block_on(wait(child))
    };
    // Not signed in.
    let out = run(&["auth", "refresh", "--provider", "fitbit"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not signed in to fitbit") && stderr.contains("fittui auth login"),
        "{stderr}"
    );
    // A pasted token cannot be refreshed.
    let mut pasted = sign_in_fitbit(&sim, &profile, SignedDuration::from_hours(1));
    pasted.origin = fittui::auth::TokenOrigin::Pasted;
    pasted.refresh_token = None;
    profile.store(FITBIT).save(&pasted).unwrap();
    let out = run(&["auth", "refresh"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot be refreshed"), "{stderr}");
    // A revoked grant: sign in again.
    sign_in_fitbit(&sim, &profile, SignedDuration::from_hours(1));
    sim.revoke_all_tokens();
    let out = run(&["auth", "refresh"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("could not be refreshed") && stderr.contains("sign in again"),
        "{stderr}"
    );
    rt.block_on(sim.shutdown());
}

/// `profile.command(args)` with the disk full for it: the write error is injected with a file
/// size limit (`ulimit -f 8`, a few KiB, with `SIGXFSZ` ignored so a write past it fails with
/// `EFBIG` "File too large" instead of killing the process), which needs no root, unlike a
/// small tmpfs. Token saves reserve 16 KiB first, so every save fails as on a full disk.
fn on_a_full_disk(profile: &Profile, args: &[&str]) -> Command {
    let inner = profile.command(args);
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(r#"trap "" XFSZ; ulimit -f 8; exec "$0" "$@""#)
        .arg(inner.get_program())
        .args(inner.get_args())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in inner.get_envs() {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_on_a_full_disk_spends_nothing_and_says_so() {
    let sim = real_time_sim().await;
    let profile = Profile::new(&sim, FITBIT);
    let old = sign_in_fitbit(&sim, &profile, -SignedDuration::from_mins(5));

    let out = wait(
        on_a_full_disk(&profile, &["auth", "refresh"])
            .spawn()
            .unwrap(),
    )
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(!stdout.contains("refreshed"), "{stdout}");
    assert!(
        stderr.contains("can't save your sign-in")
            && stderr.contains("File too large")
            && stderr.contains("free some space")
            && stderr.contains("The sign-in is kept"),
        "{stderr}"
    );
    // The single-use refresh token was not spent, and the file is untouched.
    assert!(
        refreshes(&sim, FITBIT).is_empty(),
        "{:?}",
        summary(&sim.requests())
    );
    assert_eq!(profile.stored(FITBIT), old);

    // `auth status` says what the next run will meet.
    let out = wait(
        on_a_full_disk(&profile, &["auth", "status", "--provider", "fitbit"])
            .spawn()
            .unwrap(),
    )
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains("signed in as")
            && stdout.contains("warning    can't save your sign-in")
            && stdout.contains("cannot refresh it"),
        "{stdout}"
    );

    // Space is back: the same sign-in refreshes, and status has nothing to warn about.
    let out = wait(profile.command(&["auth", "refresh"]).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    assert_eq!(refreshes(&sim, FITBIT).len(), 1);
    assert_ne!(profile.stored(FITBIT).refresh_token, old.refresh_token);
    let out = wait(profile.command(&["auth", "status"]).spawn().unwrap()).await;
    assert!(!String::from_utf8_lossy(&out.stdout).contains("can't save"));
    assert!(temp_files(profile.config_dir()).is_empty());
}

fn token_writer() -> PathBuf {
    support::example_binary("token_writer")
}

/// The access token `examples/token_writer.rs` writes in set `n`.
fn expected_access_token(n: u64) -> String {
    let len = usize::try_from(n.wrapping_mul(37) % 4000).unwrap();
    format!("access-{n}-{}", "x".repeat(len))
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|e| e == "tmp"))
        .collect()
}

#[test]
fn a_crash_mid_write_never_leaves_a_torn_token_file() {
    let writer = token_writer();
    let dir = tempfile::tempdir().unwrap();
    let config_dir = dir.path().join("config");
    let store = TokenStore::new(&config_dir, FITBIT);
    let mut last_seen = None;
    let mut strays_after_kill = Vec::new();
    for round in 0..30u64 {
        let mut child = Command::new(&writer)
            .arg(&config_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "round {round}");
        // Kill at varied moments: right away, and up to ~25 ms into the loop.
        std::thread::sleep(Duration::from_micros(round * 853 % 25_000));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert!(!status.success(), "round {round}: killed, not finished");

        // The file is a complete token set: it parses, and its parts agree with each other.
        let tokens = store
            .load()
            .unwrap_or_else(|e| panic!("round {round}: {e}"))
            .unwrap_or_else(|| panic!("round {round}: the token file is missing"));
        let n: u64 = tokens
            .refresh_token
            .as_deref()
            .and_then(|r| r.strip_prefix("refresh-"))
            .and_then(|r| r.parse().ok())
            .unwrap_or_else(|| panic!("round {round}: {tokens:?}"));
        assert_eq!(
            tokens.access_token,
            expected_access_token(n),
            "round {round}"
        );
        assert_eq!(tokens.account_label, Some(format!("writer {n}")));
        last_seen = Some(n);
        strays_after_kill.push(temp_files(&config_dir).len());
    }
    assert!(last_seen.is_some());
    // What a SIGKILL between creating the temp file and renaming it leaves behind: a private
    // (0600) `.tokens-fitbit-*.tmp`, possibly holding a token set, which tempfile cannot
    // delete (its cleanup never runs). Every save runs under the lock and removes the
    // leftovers first, so there is never more than the one being written when it was killed.
    eprintln!("stray temp files after each of 30 kills: {strays_after_kill:?}");
    assert!(
        strays_after_kill.iter().all(|&n| n <= 1),
        "{strays_after_kill:?}"
    );
    for name in temp_files(&config_dir) {
        let mode = std::fs::metadata(config_dir.join(&name))
            .unwrap()
            .permissions();
        assert_eq!(
            std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
            0o600
        );
    }
    // The next start removes it, whatever its age.
    store.sweep();
    assert_eq!(temp_files(&config_dir), Vec::<String>::new());
    let last = store.load().unwrap().unwrap();
    store.save(&last).unwrap();
    assert_eq!(temp_files(&config_dir), Vec::<String>::new());
    assert_eq!(store.load().unwrap(), Some(last));
}
