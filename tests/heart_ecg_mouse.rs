//! A click on an ECG reading in the Heart tab's list selects it, at every screen size: the
//! view and the hit-test share one layout (`app::tabs::heart`), so they cannot disagree.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fittui::api::ProviderKind;
use fittui::app::{Action, App, Effect, Payload};
use fittui::config::Config;
use fittui::domain::ecg::{EcgClassification, EcgReading};
use fittui::domain::heart::{HeartDay, HeartSeries, Resolution};
use jiff::civil::date;
use support::*;

fn reading(at: &str, classification: EcgClassification) -> EcgReading {
    EcgReading {
        start: at.parse().unwrap(),
        classification,
        classification_text: String::new(),
        average_hr: Some(72),
        sampling_hz: 250.0,
        scaling_factor: 1000.0,
        samples: (0..7500)
            .map(|i| if i % 200 < 3 { 1000 } else { 0 })
            .collect(),
        lead: Some(1),
        device: None,
    }
}

/// The Heart tab of today with three ECG readings (16:00, 17:00, 18:00 in Los Angeles).
fn heart_app() -> App {
    let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
    app.update(Action::AccountLoaded(Ok(account())));
    let effects = app.handle_key(ch('2'));
    let Some(Effect::Fetch { req, resource }) = effects.last().cloned() else {
        panic!("{effects:?}");
    };
    let now = support::now();
    let day = HeartDay {
        date: date(2026, 11, 21),
        intraday: HeartSeries::empty(now, now, Resolution::Minute),
        resting_bpm: Some(61),
        zones: None,
        time_in_zones: None,
        resting_trend: Vec::new(),
        hrv: None,
        hrv_trend: Vec::new(),
        ecg: Some(vec![
            reading("2026-11-22T00:00:00Z", EcgClassification::NormalSinusRhythm),
            reading("2026-11-22T01:00:00Z", EcgClassification::Inconclusive),
            reading("2026-11-22T02:00:00Z", EcgClassification::NormalSinusRhythm),
        ]),
        vo2_max: None,
        gaps: Vec::new(),
    };
    app.update(Action::Fetched {
        req,
        resource,
        result: Ok(Payload::Heart(day)),
    });
    app
}

/// Where `text` is on the screen: (column, row).
fn find(screen: &str, text: &str) -> (u16, u16) {
    for (row, line) in screen.lines().enumerate() {
        if let Some(byte) = line.find(text) {
            let column = line[..byte].chars().count();
            return (column as u16, row as u16);
        }
    }
    panic!("`{text}` is not on the screen:\n{screen}");
}

#[test]
fn clicking_an_ecg_reading_selects_it_at_every_size() {
    for (w, h) in [(60, 18), (80, 24), (100, 30), (120, 40)] {
        let mut app = heart_app();
        app.update(Action::Resize {
            width: w,
            height: h,
        });
        let screen = screen_text(&app, w, h);
        assert!(screen.contains("▶ 16:00"), "{w}x{h}:\n{screen}");
        let (x, y) = find(&screen, "17:00");
        app.update(click(x, y));
        assert_eq!(app.heart().ecg_selected(), 1, "{w}x{h}");
        let screen = screen_text(&app, w, h);
        assert!(screen.contains("▶ 17:00"), "{w}x{h}:\n{screen}");
        let (x, y) = find(&screen, "18:00");
        app.update(click(x + 2, y));
        assert_eq!(app.heart().ecg_selected(), 2, "{w}x{h}");
        // A click off the list (the zones, the waveform) changes nothing.
        let (x, y) = find(&screen, "Time in zones");
        app.update(click(x, y + 1));
        app.update(click(w - 3, h - 3));
        assert_eq!(app.heart().ecg_selected(), 2, "{w}x{h}");
    }
}

#[test]
fn a_click_selects_nothing_on_other_tabs_or_with_the_mouse_off() {
    let mut app = heart_app();
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    let (x, y) = find(&screen_text(&app, 80, 24), "17:00");
    app.handle_key(ch('1'));
    app.update(click(x, y));
    app.handle_key(ch('2'));
    assert_eq!(app.heart().ecg_selected(), 0);
    let mut config = Config::default();
    config.ui.mouse = false;
    let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), config);
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    app.update(click(x, y));
    assert_eq!(app.heart().ecg_selected(), 0);
}
