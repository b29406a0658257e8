//! Snapshots of the frame without a data source: every tab and the help overlay at 80×24 and
//! 120×40, and the too-small screen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fittui::app::{Action, Overlay, Tab};
use support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn every_tab_without_a_data_source() {
    for (w, h) in SIZES {
        for tab in Tab::ALL {
            let mut app = app_without_source();
            app.tab = tab;
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
        assert_eq!(app.overlay, Some(Overlay::Help));
        insta::assert_snapshot!(format!("help_{w}x{h}"), render(&app, w, h).backend());
    }
}

#[test]
fn help_lists_every_binding() {
    let mut app = app_without_source();
    app.handle_key(ch('?'));
    let text = screen_text(&app, 120, 40);
    for binding in fittui::app::keymap::BINDINGS {
        assert!(
            text.contains(binding.command.description()),
            "help is missing {:?}",
            binding.command
        );
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
