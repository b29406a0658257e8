//! Snapshots of the tabs in the states issue 12 is about, at 80×24 (nothing cut off) and
//! 60×18 (the smallest full layout: nothing overlaps): a full day of activity, a day with an
//! ECG at 111 bpm, a classic (restless / awake / asleep) night, a night still processing, and
//! Google's devices. Demo data from the in-process simulator, as in `demo_snapshots.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fittui::api::ProviderKind;
use jiff::civil::{Date, date};
use ratatui::crossterm::event::KeyCode;
use support::demo::Harness;
use support::{ch, key, render};

const SIZES: [(u16, u16); 2] = [(80, 24), (60, 18)];

async fn go_to(h: &mut Harness, tab: char, day: Date) {
    h.press(ch(tab)).await;
    h.press(ch('t')).await;
    while h.app.selected() > day {
        h.press(key(KeyCode::Left)).await;
    }
}

fn snap(h: &Harness, name: &str) {
    for (w, ht) in SIZES {
        let terminal = render(&h.app, w, ht);
        assert_nothing_runs_into_a_border(&terminal, &format!("{name}_{w}x{ht}"));
        insta::assert_snapshot!(format!("{name}_{w}x{ht}"), terminal.backend());
    }
}

/// Text cut off by a panel's edge, or drawn against it, shows as a letter or digit right
/// next to a vertical border (`active m│`, `│Restless`).
fn assert_nothing_runs_into_a_border(
    terminal: &ratatui::Terminal<ratatui::backend::TestBackend>,
    name: &str,
) {
    let buf = terminal.backend().buffer();
    let area = buf.area;
    // The header and the status line have no borders.
    for y in 1..area.height.saturating_sub(1) {
        let row: Vec<&str> = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        for (x, cell) in row.iter().enumerate() {
            if !matches!(*cell, "│" | "┌" | "┐") {
                continue;
            }
            let touches = |i: Option<usize>| {
                i.and_then(|i| row.get(i))
                    .is_some_and(|s| s.chars().any(char::is_alphanumeric))
            };
            assert!(
                !touches(x.checked_sub(1)) && !touches(Some(x + 1)),
                "{name}: text against a border on row {y}: {:?}",
                row.concat()
            );
        }
    }
}

/// Yesterday: a whole day of steps, distance, calories and zone minutes.
#[tokio::test]
async fn today_full_day() {
    for provider in [ProviderKind::Fitbit, ProviderKind::Google] {
        let mut h = Harness::start(provider).await;
        go_to(&mut h, '1', date(2026, 11, 20)).await;
        snap(&h, &format!("{provider}_today_full_day"));
    }
}

/// A day with heart zones, the HRV trend and (Fitbit) an inconclusive ECG at 111 bpm.
#[tokio::test]
async fn heart_ecg_day() {
    for provider in [ProviderKind::Fitbit, ProviderKind::Google] {
        let mut h = Harness::start(provider).await;
        let day = h.demo.sim.person().special().ecg_inconclusive.unwrap();
        go_to(&mut h, '2', day).await;
        snap(&h, &format!("{provider}_heart_ecg_day"));
    }
}

/// A legacy classic night (awake / restless / asleep) and a night still being processed.
#[tokio::test]
async fn sleep_classic_and_processing() {
    for provider in [ProviderKind::Fitbit, ProviderKind::Google] {
        let mut h = Harness::start(provider).await;
        let special = h.demo.sim.person().special().clone();
        go_to(&mut h, '3', special.classic_night.unwrap()).await;
        snap(&h, &format!("{provider}_sleep_classic"));
        go_to(&mut h, '3', special.processing_night.unwrap()).await;
        snap(&h, &format!("{provider}_sleep_processing"));
    }
}

/// Google's devices, with their feature lists.
#[tokio::test]
async fn devices_google() {
    let mut h = Harness::start(ProviderKind::Google).await;
    h.press(ch('4')).await;
    snap(&h, "google_devices");
}

/// The steps gauge's label is dark on the green fill and light on the grey track, never grey
/// on green.
#[tokio::test]
async fn the_steps_gauge_label_is_readable() {
    use ratatui::style::Color;
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    go_to(&mut h, '1', date(2026, 11, 20)).await;
    let terminal = render(&h.app, 80, 24);
    let buf = terminal.backend().buffer();
    let mut label_cells = 0;
    for x in 0..80 {
        let cell = &buf[(x, 2)];
        if !cell.symbol().chars().any(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        label_cells += 1;
        assert_ne!(cell.fg, cell.bg, "label cell {x}");
        assert!(
            !(cell.bg == Color::Green && cell.fg == Color::DarkGray),
            "grey on green at {x}"
        );
    }
    assert!(label_cells > 10, "the gauge has its label");
}

/// `[` and `]` move the ECG view through the 30 s recording, a few seconds at a time, and say
/// which part is on screen; a new reading or day starts at 0 s.
#[tokio::test]
async fn the_ecg_scrolls_through_its_recording() {
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    let day = h.demo.sim.person().special().ecg_inconclusive.unwrap();
    go_to(&mut h, '2', day).await;
    assert!(support::screen_text(&h.app, 80, 24).contains("0–5 s of 30"));
    h.press(ch(']')).await;
    h.press(ch(']')).await;
    insta::assert_snapshot!(
        "fitbit_heart_ecg_scrolled_80x24",
        render(&h.app, 80, 24).backend()
    );
    assert!(support::screen_text(&h.app, 80, 24).contains("5–10 s of 30"));
    for _ in 0..20 {
        h.press(ch(']')).await;
    }
    assert!(support::screen_text(&h.app, 80, 24).contains("25–30 s of 30"));
    h.press(ch('[')).await;
    assert!(support::screen_text(&h.app, 80, 24).contains("22.5–27.5 s of 30"));
    // Another day starts at the beginning.
    h.press(key(KeyCode::Left)).await;
    h.press(key(KeyCode::Right)).await;
    assert!(support::screen_text(&h.app, 80, 24).contains("0–5 s of 30"));
    // Any size renders.
    for (w, ht) in [(60, 18), (61, 19), (75, 20), (120, 40), (200, 60)] {
        render(&h.app, w, ht);
    }
}
