//! Snapshots of every tab with demo data (the in-process simulator, seed 42, a fixed clock at
//! noon on Saturday 2026-11-21 in Los Angeles), at 80×24 and 120×40, in each slot state:
//! loaded, loading, stale (a failed refresh keeps the last good value with its age), empty
//! (the day the tracker was not worn) and failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fittui::api::ProviderKind;
use fittui::app::Tab;
use jiff::SignedDuration;
use ratatui::crossterm::event::KeyCode;
use support::demo::Harness;
use support::{ch, key, render};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn tab_key(tab: Tab) -> char {
    char::from(b'1' + tab.index() as u8)
}

fn name(provider: ProviderKind, tab: Tab, state: &str, (w, h): (u16, u16)) -> String {
    format!("{provider}_{}_{state}_{w}x{h}", tab.title().to_lowercase())
}

async fn loaded(provider: ProviderKind) {
    let mut h = Harness::start(provider).await;
    for tab in Tab::ALL {
        h.key(ch(tab_key(tab)));
        h.settle().await;
        for size in SIZES {
            insta::assert_snapshot!(
                name(provider, tab, "loaded", size),
                render(&h.app, size.0, size.1).backend()
            );
        }
    }
}

#[tokio::test]
async fn fitbit_every_tab_loaded() {
    loaded(ProviderKind::Fitbit).await;
}

async fn loading(provider: ProviderKind) {
    let mut h = Harness::start(provider).await;
    for (i, tab) in [Tab::Today, Tab::Heart, Tab::Sleep].into_iter().enumerate() {
        h.key(ch(tab_key(tab)));
        h.settle().await;
        // A day a few back has not been fetched for this tab (only neighbours are prefetched):
        // step back (settling each time), then one more day without waiting.
        h.press(ch('t')).await;
        for _ in 0..2 + 4 * i {
            h.press(key(KeyCode::Left)).await;
        }
        h.key(key(KeyCode::Left));
        h.key(key(KeyCode::Left));
        insta::assert_snapshot!(
            name(provider, tab, "loading", (80, 24)),
            render(&h.app, 80, 24).backend()
        );
        h.settle().await;
    }
}

#[tokio::test]
async fn fitbit_loading() {
    loading(ProviderKind::Fitbit).await;
}

async fn empty_day(provider: ProviderKind) {
    let mut h = Harness::start(provider).await;
    let not_worn = h.demo.sim.person().special().not_worn.unwrap();
    for tab in [Tab::Today, Tab::Heart, Tab::Sleep] {
        h.press(ch(tab_key(tab))).await;
        h.press(ch('t')).await;
        while h.app.selected() > not_worn {
            h.press(key(KeyCode::Left)).await;
        }
        for size in SIZES {
            insta::assert_snapshot!(
                name(provider, tab, "empty", size),
                render(&h.app, size.0, size.1).backend()
            );
        }
    }
}

#[tokio::test]
async fn fitbit_empty_day() {
    empty_day(ProviderKind::Fitbit).await;
}

async fn failed_and_stale(provider: ProviderKind) {
    let mut h = Harness::start(provider).await;
    for tab in Tab::ALL {
        h.key(ch(tab_key(tab)));
        h.settle().await;
    }
    // Every data request now fails; a refresh of today's data (due after 5 minutes) fails and
    // keeps the last good value, marked stale with its age.
    h.demo.sim.set_faults("500:1.0").unwrap();
    h.clock.advance(SignedDuration::from_mins(12));
    for tab in Tab::ALL {
        h.key(ch(tab_key(tab)));
        h.tick();
        h.settle().await;
        insta::assert_snapshot!(
            name(provider, tab, "stale", (80, 24)),
            render(&h.app, 80, 24).backend()
        );
    }
    // A day never loaded fails outright: the reason shows in that tab only.
    h.press(ch('1')).await;
    for _ in 0..4 {
        h.press(key(KeyCode::Left)).await;
    }
    insta::assert_snapshot!(
        name(provider, Tab::Today, "failed", (80, 24)),
        render(&h.app, 80, 24).backend()
    );
    h.key(ch('2'));
    h.settle().await;
    insta::assert_snapshot!(
        name(provider, Tab::Heart, "failed", (120, 40)),
        render(&h.app, 120, 40).backend()
    );
}

#[tokio::test]
async fn fitbit_failed_and_stale() {
    failed_and_stale(ProviderKind::Fitbit).await;
}

/// The picture in the README is this snapshot; the test keeps the two identical.
#[tokio::test]
async fn readme_picture() {
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    h.press(ch('3')).await;
    for _ in 0..3 {
        h.press(key(KeyCode::Left)).await;
    }
    let terminal = render(&h.app, 80, 24);
    insta::assert_snapshot!("readme_sleep_80x24", terminal.backend());
    let buf = terminal.backend().buffer();
    let mut picture = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        picture.push_str(line.trim_end());
        picture.push('\n');
    }
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&picture),
        "README.md should show this screen:\n{picture}"
    );
}

#[tokio::test]
async fn google_every_tab_loaded() {
    loaded(ProviderKind::Google).await;
}

#[tokio::test]
async fn google_loading() {
    loading(ProviderKind::Google).await;
}

#[tokio::test]
async fn google_empty_day() {
    empty_day(ProviderKind::Google).await;
}

#[tokio::test]
async fn google_failed_and_stale() {
    failed_and_stale(ProviderKind::Google).await;
}
