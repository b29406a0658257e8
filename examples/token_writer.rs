//! Saves token sets in a tight loop with `TokenStore::save`, for the crash-safety test
//! (`tests/auth_crossprocess.rs`), which SIGKILLs it at arbitrary moments and checks that the
//! token file is always complete.
//!
//! Usage: `token_writer <config-dir>`. Prints `ready` once the first set is saved, then keeps
//! saving until it is killed, standard input closes (the test is gone) or 30 seconds pass.
//! Set number `n` has `refresh_token = "refresh-<n>"` and an access token whose length varies
//! with `n`, so a reader can tell a complete file from a torn one.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use fittui::api::ProviderKind;
use fittui::auth::{TokenOrigin, TokenSet, TokenStore};
use jiff::{SignedDuration, Timestamp};

/// The access token of set `n`.
pub fn access_token(n: u64) -> String {
    let len = usize::try_from(n.wrapping_mul(37) % 4000).unwrap_or(0);
    format!("access-{n}-{}", "x".repeat(len))
}

fn token_set(n: u64) -> TokenSet {
    let now = Timestamp::now();
    TokenSet {
        provider: ProviderKind::Fitbit,
        origin: TokenOrigin::AuthorizationCode,
        access_token: access_token(n),
        refresh_token: Some(format!("refresh-{n}")),
        expires_at: now + SignedDuration::from_hours(8),
        refresh_token_expires_at: None,
        scopes: vec!["activity".into(), "sleep".into()],
        user_id: Some("GGNJL9".into()),
        account_label: Some(format!("writer {n}")),
        client_id: "23SIMF".into(),
        time_zone: None,
        obtained_at: now,
    }
}

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: token_writer <config-dir>");
        std::process::exit(2);
    };
    // Stop when standard input closes: the test that started us has gone.
    let stop = Arc::new(AtomicBool::new(false));
    let stop_reader = Arc::clone(&stop);
    std::thread::spawn(move || {
        let mut sink = [0u8; 64];
        while matches!(std::io::stdin().read(&mut sink), Ok(n) if n > 0) {}
        stop_reader.store(true, Ordering::SeqCst);
    });
    let store = TokenStore::new(&dir, ProviderKind::Fitbit);
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut n: u64 = 0;
    loop {
        if let Err(e) = store.save(&token_set(n)) {
            eprintln!("token_writer: {e}");
            std::process::exit(1);
        }
        if n == 0 {
            println!("ready");
            let _ = std::io::stdout().flush();
        }
        n += 1;
        if stop.load(Ordering::SeqCst) || Instant::now() > deadline {
            return;
        }
    }
}
