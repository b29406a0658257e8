//! Snapshots of the frame without a data source: every tab and the help overlay at 80×24 and
//! 120×40, and the too-small screen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fittui::app::keymap::Command;
use fittui::app::{Action, Overlay, Tab};
use ratatui::crossterm::event::KeyCode;
use support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn every_tab_without_a_data_source() {
    for (w, h) in SIZES {
        for tab in Tab::ALL {
            let mut app = app_without_source();
            app.update(Action::Command(Command::GoTab(tab)));
            let name = format!("no_source_{}_{w}x{h}", tab.title().to_lowercase());
            insta::assert_snapshot!(name, render(&app, w, h).backend());
        }
    }
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        let mut app = app_without_source();
        app.handle_key(ch('?'));
        assert_eq!(app.overlay(), Some(&Overlay::HELP));
        insta::assert_snapshot!(format!("help_{w}x{h}"), render(&app, w, h).backend());
    }
}

#[test]
fn help_lists_every_binding() {
    for (w, h) in SIZES {
        let mut app = app_without_source();
        app.update(Action::Resize {
            width: w,
            height: h,
        });
        app.handle_key(ch('?'));
        // Scroll to the end, collecting every screen on the way.
        let mut seen = screen_text(&app, w, h);
        let mut last = String::new();
        for _ in 0..100 {
            app.handle_key(key(KeyCode::PageDown));
            let text = screen_text(&app, w, h);
            if text == last {
                break;
            }
            seen.push_str(&text);
            last = text;
        }
        assert!(matches!(app.overlay(), Some(Overlay::Help { .. })));
        // At the end, the first key back up scrolls at once (no dead presses).
        app.handle_key(key(KeyCode::Up));
        assert_ne!(screen_text(&app, w, h), last, "↑ at the end of the help");
        for binding in fittui::app::keymap::BINDINGS {
            let row = format!("{}  {}", binding.keys_label(), binding.description);
            assert!(seen.contains(&row), "help at {w}x{h} is missing `{row}`");
        }
        // Esc closes it from anywhere in the list.
        app.handle_key(key(KeyCode::Esc));
        assert_eq!(app.overlay(), None);
    }
}

#[test]
fn too_small_screen() {
    let app = app_without_source();
    insta::assert_snapshot!("too_small_59x18", render(&app, 59, 18).backend());
    insta::assert_snapshot!("too_small_40x12", render(&app, 40, 12).backend());
    // 60×18 is the smallest full layout.
    let text = screen_text(&app, 60, 18);
    assert!(text.contains("Today") && !text.contains("too small"));
}

#[test]
fn header_shows_the_selected_date_with_weekday() {
    let mut app = app_without_source();
    app.handle_key(ch('h'));
    let text = screen_text(&app, 120, 40);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("Friday 20 November 2026 · yesterday")
    );
    let text = screen_text(&app, 80, 24);
    assert!(text.lines().next().unwrap().contains("Fri 20 Nov 2026"));
}

#[test]
fn a_notification_shows_in_the_status_line_and_expires() {
    let mut app = app_without_source();
    app.handle_key(ch('l'));
    let text = screen_text(&app, 80, 24);
    assert!(text.lines().last().unwrap().contains("That's today"));
    // The fixed clock does not move on its own; tick after moving it.
    let clock = support::clock();
    let (mut app, _) = fittui::app::App::new(fittui::app::AppInit {
        config: fittui::config::Config::default(),
        clock: clock.clone(),
        tz: la(),
        start_date: None,
        source: None,
    });
    app.handle_key(ch('l'));
    clock.advance(jiff::SignedDuration::from_secs(30));
    app.update(Action::Tick);
    let text = screen_text(&app, 80, 24);
    assert!(!text.lines().last().unwrap().contains("That's today"));
}

#[test]
fn a_long_message_and_the_message_log() {
    let long = "Alarm 7:00 AM (Mon–Fri) saved — it reaches the tracker at its next sync, which can take up to 15 minutes";
    for (w, h) in [(60, 18), (80, 24), (100, 30)] {
        let (mut app, _) = app_with(
            Some(source(fittui::api::ProviderKind::Fitbit)),
            fittui::config::Config::default(),
        );
        app.update(Action::AccountLoaded(Ok(account())));
        app.update(Action::Notice(long.into()));
        insta::assert_snapshot!(
            format!("long_message_{w}x{h}"),
            render(&app, w, h).backend()
        );
        app.handle_key(ch('m'));
        insta::assert_snapshot!(format!("message_log_{w}x{h}"), render(&app, w, h).backend());
    }
}
