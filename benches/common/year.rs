//! The year store shared by the benches (`store.rs`, `headless.rs`): 365 days ending
//! 2026-11-21 for one Fitbit account, fetched day by day from the in-process simulator
//! (1-second heart rate, seed 42, 400 days of data, rate limit lifted) and written through the
//! app's `LocalStore`, so the store holds exactly what fittui would have stored after a year of
//! use. The simulator is stopped once the days are stored.
#![allow(dead_code)] // each bench uses a part

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use fittui::api::ProviderKind;
use fittui::app::Payload;
use fittui::clock::FixedClock;
use fittui::runtime::local::LocalStore;
use fittui::store::Store;
use fittui_sim::{RateLimit, SimConfig};
use futures_util::StreamExt;
use jiff::ToSpan;
use jiff::civil::{Date, date};

use crate::support;

/// Noon on 2026-11-21 in Los Angeles: the last stored day is "today".
pub const NOW: &str = "2026-11-21T20:00:00Z";
pub const LAST_DAY: Date = date(2026, 11, 21);
pub const DAYS: i64 = 365;

/// The oldest stored day.
pub fn first_day() -> Date {
    LAST_DAY.checked_sub((DAYS - 1).days()).unwrap()
}

/// An app clock at [`NOW`].
pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(NOW.parse().unwrap()))
}

/// The year: a signed-in profile (config, tokens) whose store holds 365 days ending
/// [`LAST_DAY`], fetched from a simulator that is stopped once they are stored.
pub struct Year {
    pub profile: support::Profile,
}

impl Year {
    pub fn root(&self) -> &Path {
        self.profile.dir.path()
    }

    pub fn store_file(&self) -> PathBuf {
        self.profile.paths.store_file()
    }
}

pub async fn build_year() -> Year {
    let clock = clock();
    let sim = support::sim(
        SimConfig::new(fittui_sim::Api::Fitbit)
            .seed(42)
            .days(400)
            .rate_limit("1000000/1h".parse::<RateLimit>().unwrap()),
        &clock,
    )
    .await;
    let profile = support::Profile::new(&sim, ProviderKind::Fitbit);
    // The access token stays valid in real time too: the binary runs on the system clock, and
    // an expired token would only add a refresh attempt (to a simulator that is gone).
    let valid_for =
        jiff::Timestamp::now().duration_since(sim.now()) + jiff::SignedDuration::from_hours(8);
    support::sign_in_fitbit(&sim, &profile, valid_for);
    let source = profile.open(ProviderKind::Fitbit, clock.clone());
    let store = Arc::new(Store::open(&profile.paths.store_file()).unwrap());
    let local = LocalStore::new(store, ProviderKind::Fitbit, clock.clone());
    let provider = source.provider.clone();
    local
        .remember_account(&provider.account().await.unwrap())
        .unwrap();
    local
        .remember(&Payload::Devices(provider.devices().await.unwrap()))
        .unwrap();
    let start = Instant::now();
    let mut days = futures_util::stream::iter(0..DAYS)
        .map(|back| {
            let provider = provider.clone();
            async move {
                let day = LAST_DAY.checked_sub(back.days()).unwrap();
                let (a, h, s) = tokio::join!(
                    provider.activity(day),
                    provider.heart(day),
                    provider.sleep(day)
                );
                [
                    Payload::Activity(a.unwrap()),
                    Payload::Heart(h.unwrap()),
                    Payload::Sleep(s.unwrap()),
                ]
            }
        })
        .buffer_unordered(4);
    let mut stored = 0;
    while let Some(payloads) = days.next().await {
        for payload in &payloads {
            local.remember(payload).unwrap();
        }
        stored += 1;
    }
    assert_eq!(stored, DAYS);
    let api = sim.requests().iter().filter(|r| r.kind == "api").count();
    println!(
        "year: {DAYS} days ({} … {LAST_DAY}) fetched from the simulator ({api} API requests) and stored in {:.1} s",
        first_day(),
        start.elapsed().as_secs_f64()
    );
    drop(local);
    sim.shutdown().await;
    Year { profile }
}
