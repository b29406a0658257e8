//! `App::update` tests: key → action → state and effects, with a fixed clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fittui::api::{ApiError, AuthProblem, ProviderKind};
use fittui::app::{Action, Effect, Overlay, Resource, Tab};
use fittui::config::Config;
use jiff::civil::date;
use ratatui::crossterm::event::{KeyCode, MouseButton, MouseEventKind};
use support::*;

#[test]
fn number_keys_and_tab_switch_tabs() {
    let mut app = app_without_source();
    assert_eq!(app.tab(), Tab::Today);
    app.handle_key(ch('2'));
    assert_eq!(app.tab(), Tab::Heart);
    app.handle_key(ch('5'));
    assert_eq!(app.tab(), Tab::Alarms);
    app.handle_key(key(KeyCode::Tab));
    assert_eq!(app.tab(), Tab::Today);
    app.handle_key(shift(KeyCode::BackTab));
    assert_eq!(app.tab(), Tab::Alarms);
}

#[test]
fn arrows_move_days_and_weeks_but_never_past_today() {
    let mut app = app_without_source();
    let today = date(2026, 11, 21);
    assert_eq!(app.selected(), today);
    app.handle_key(key(KeyCode::Left));
    assert_eq!(app.selected(), date(2026, 11, 20));
    app.handle_key(ch('h'));
    assert_eq!(app.selected(), date(2026, 11, 19));
    app.handle_key(shift(KeyCode::Left));
    assert_eq!(app.selected(), date(2026, 11, 12));
    app.handle_key(ch('H'));
    assert_eq!(app.selected(), date(2026, 11, 5));
    app.handle_key(ch('L'));
    assert_eq!(app.selected(), date(2026, 11, 12));
    // A week forward from 6 days ago lands on today, not beyond.
    app.handle_key(ch('t'));
    app.handle_key(key(KeyCode::Left));
    app.handle_key(shift(KeyCode::Right));
    assert_eq!(app.selected(), today);
    // Past today is refused with a message.
    assert!(app.status().current().is_none());
    app.handle_key(key(KeyCode::Right));
    assert_eq!(app.selected(), today);
    let note = app.status().current().expect("a refusal message");
    assert!(note.text.contains("today"), "{}", note.text);
}

#[test]
fn t_jumps_to_today() {
    let mut app = app_without_source();
    app.handle_key(shift(KeyCode::Left));
    app.handle_key(ch('t'));
    assert_eq!(app.selected(), date(2026, 11, 21));
}

#[test]
fn quit_keys() {
    for k in [ch('q'), ctrl('c')] {
        let mut app = app_without_source();
        app.handle_key(k);
        assert!(app.should_quit(), "{k:?}");
    }
}

#[test]
fn esc_backs_out_and_never_quits() {
    let mut app = app_without_source();
    // `?`, Esc, Esc: the help closes, then nothing more happens.
    app.handle_key(ch('?'));
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.overlay(), None);
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Esc));
    assert!(!app.should_quit());
    let note = app.status().current().unwrap();
    assert!(note.text.contains("q quits"), "{}", note.text);
    // On every tab.
    for tab in ['2', '3', '4', '5'] {
        app.handle_key(ch(tab));
        app.handle_key(key(KeyCode::Esc));
        assert!(!app.should_quit(), "tab {tab}");
    }
}

#[test]
fn esc_closes_help_before_it_quits() {
    let mut app = app_without_source();
    app.handle_key(ch('?'));
    assert_eq!(app.overlay(), Some(&Overlay::HELP));
    // Keys go to the overlay, not the tabs.
    app.handle_key(ch('3'));
    assert_eq!(app.tab(), Tab::Today);
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.overlay(), None);
    assert!(!app.should_quit());
    app.handle_key(ch('?'));
    app.handle_key(ch('?'));
    assert_eq!(app.overlay(), None);
    app.handle_key(ch('?'));
    app.handle_key(ctrl('c'));
    assert!(app.should_quit(), "Ctrl-C quits even with a popup open");
}

#[test]
fn terminate_signal_quits() {
    let mut app = app_without_source();
    app.update(Action::Terminate);
    assert!(app.should_quit());
}

#[test]
fn future_start_date_opens_on_today_with_a_warning() {
    let (app, _) = fittui::app::App::new(fittui::app::AppInit {
        config: Config::default(),
        clock: clock(),
        tz: la(),
        start_date: Some(date(2026, 12, 25)),
        source: None,
    });
    assert_eq!(app.selected(), date(2026, 11, 21));
    assert!(app.status().current().unwrap().text.contains("future"));
}

#[test]
fn refresh_without_a_source_explains_itself() {
    let mut app = app_without_source();
    let effects = app.handle_key(ch('r'));
    assert!(effects.is_empty());
    assert!(
        app.status()
            .current()
            .unwrap()
            .text
            .contains("no data source")
    );
}

#[test]
fn mouse_clicks_tabs_and_scrolls_days() {
    let mut app = app_without_source();
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 12, 0));
    assert_eq!(app.tab(), Tab::Heart);
    app.update(mouse(MouseEventKind::ScrollUp, 30, 10));
    assert_eq!(app.selected(), date(2026, 11, 20));
    app.update(mouse(MouseEventKind::ScrollDown, 30, 10));
    assert_eq!(app.selected(), date(2026, 11, 21));

    let mut config = Config::default();
    config.ui.mouse = false;
    let (mut app, _) = app_with(None, config);
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 12, 0));
    assert_eq!(app.tab(), Tab::Today, "mouse turned off in config");
}

#[test]
fn with_a_source_the_account_loads_first_then_the_tab() {
    let (mut app, effects) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
    assert_eq!(effects, vec![Effect::LoadAccount]);
    let effects = app.update(Action::AccountLoaded(Ok(account())));
    assert_eq!(
        effects,
        vec![Effect::Fetch {
            req: 1,
            resource: Resource::Activity(date(2026, 11, 21))
        }]
    );
    assert_eq!(app.status().account.as_deref(), Some("Alex E."));
}

#[test]
fn switching_tabs_fetches_each_tabs_resource() {
    let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
    app.update(Action::AccountLoaded(Ok(account())));
    let fetches = |effects: Vec<Effect>| -> Vec<Resource> {
        effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::Fetch { resource, .. } => Some(resource),
                _ => None,
            })
            .collect()
    };
    let today = date(2026, 11, 21);
    assert_eq!(fetches(app.handle_key(ch('2'))), [Resource::Heart(today)]);
    assert_eq!(fetches(app.handle_key(ch('3'))), [Resource::Sleep(today)]);
    assert_eq!(fetches(app.handle_key(ch('4'))), [Resource::Devices]);
    assert_eq!(fetches(app.handle_key(ch('5'))), [Resource::Alarms]);
    // Already in flight: no duplicate request.
    assert!(fetches(app.handle_key(ch('2'))).is_empty());

    // Google has no alarm API: the Alarms tab needs the device list to explain that.
    let (mut app, _) = app_with(Some(source(ProviderKind::Google)), Config::default());
    app.update(Action::AccountLoaded(Ok(account())));
    assert_eq!(fetches(app.handle_key(ch('5'))), [Resource::Devices]);
}

#[test]
fn a_superseded_answer_is_dropped() {
    let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
    app.update(Action::AccountLoaded(Ok(account())));
    let today = Resource::Activity(date(2026, 11, 21));
    // `r` re-requests today: the first request (id 1) is cancelled and superseded by id 2.
    let effects = app.handle_key(ch('r'));
    assert_eq!(
        effects,
        vec![
            Effect::Cancel { req: 1 },
            Effect::Fetch {
                req: 2,
                resource: today
            }
        ]
    );
    app.update(Action::Fetched {
        req: 1,
        resource: today,
        result: Err(ApiError::Network("late".into())),
    });
    assert!(app.slot(today).unwrap().is_loading(), "old answer ignored");
    assert!(!app.session().offline());
}

#[test]
fn a_revoked_sign_in_opens_a_popup_and_keeps_data() {
    let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
    app.update(Action::AccountLoaded(Ok(account())));
    let today = Resource::Activity(date(2026, 11, 21));
    app.update(Action::Fetched {
        req: 1,
        resource: today,
        result: Err(ApiError::Unauthorized {
            problem: AuthProblem::Revoked,
            message: "invalid_grant".into(),
        }),
    });
    assert!(app.session().signed_out);
    match &app.overlay() {
        Some(Overlay::Message { title, body, .. }) => {
            assert_eq!(title, "Signed out");
            assert!(
                body.contains("fittui auth login --provider fitbit"),
                "{body}"
            );
            // It names the keys that do what it says: Esc closes it, q (after that) quits.
            assert!(
                body.contains("close this message (Esc), quit fittui (q)"),
                "{body}"
            );
        }
        other => panic!("expected the sign-in popup, got {other:?}"),
    }
    // No further requests while signed out.
    assert!(app.handle_key(key(KeyCode::Esc)).is_empty());
    assert!(app.handle_key(ch('2')).is_empty());
}

#[test]
fn an_expired_token_that_cannot_be_refreshed_asks_for_a_new_sign_in() {
    let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
    app.update(Action::AccountLoaded(Ok(account())));
    app.update(Action::Fetched {
        req: 1,
        resource: Resource::Activity(date(2026, 11, 21)),
        result: Err(ApiError::Unauthorized {
            problem: AuthProblem::Expired,
            message: "the pasted fitbit token expired and cannot be refreshed".into(),
        }),
    });
    assert!(app.session().signed_out);
    match &app.overlay() {
        Some(Overlay::Message { body, .. }) => {
            assert!(body.contains("pasted fitbit token expired"), "{body}");
        }
        other => panic!("expected the sign-in popup, got {other:?}"),
    }
}

#[test]
fn a_spent_budget_explains_the_wait_where_data_is_loading() {
    let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
    app.update(Action::AccountLoaded(Ok(account())));
    app.update(Action::Budget(fittui::api::RateBudget {
        limit: 150,
        remaining: 0,
        resets_at: "2026-11-21T21:00:00Z".parse().unwrap(),
    }));
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("Loading activity"), "{text}");
    assert!(text.contains("fittui waits until 13:00"), "{text}");
    // The status line says requests are held, and until when.
    let status = text.lines().last().unwrap().to_string();
    assert!(
        status.contains("budget spent · waiting until 13:00"),
        "{status}"
    );
    // Nothing waiting: the plain count.
    app.update(Action::Fetched {
        req: 1,
        resource: Resource::Activity(date(2026, 11, 21)),
        result: Err(ApiError::Network("down".into())),
    });
    let text = screen_text(&app, 160, 30);
    assert!(text.lines().last().unwrap().contains("0/150 req"), "{text}");
}

#[test]
fn synced_is_said_only_after_a_sync_that_worked() {
    let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
    app.update(Action::AccountLoaded(Ok(account())));
    let day = date(2026, 11, 21);
    let activity = |gaps| fittui::domain::activity::DayActivity {
        date: day,
        summary: None,
        hourly_steps: Vec::new(),
        week_steps: Vec::new(),
        goals: None,
        gaps,
    };
    // A view whose part failed is shown, but is not a sync.
    app.update(Action::Fetched {
        req: 1,
        resource: Resource::Activity(day),
        result: Ok(fittui::app::Payload::Activity(activity(vec![
            fittui::domain::gap::Gap {
                part: "steps by hour",
                reason: fittui::domain::gap::GapReason::Failed(ApiError::Network("reset".into())),
            },
        ]))),
    });
    assert!(app.status().last_sync.is_none());
    assert!(screen_text(&app, 120, 30).contains("not synced yet"));
    let req = app
        .handle_key(ch('r'))
        .into_iter()
        .find_map(|e| match e {
            Effect::Fetch { req, .. } => Some(req),
            _ => None,
        })
        .unwrap();
    app.update(Action::Fetched {
        req,
        resource: Resource::Activity(day),
        result: Ok(fittui::app::Payload::Activity(activity(Vec::new()))),
    });
    assert!(screen_text(&app, 120, 30).contains("synced just now"));
}

#[test]
fn a_message_is_never_cut_without_saying_where_the_rest_is() {
    let long = "The Charge 2 already holds 8 alarms, the most a tracker can hold: delete one to add another";
    for width in [60, 80, 100, 120, 200] {
        let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
        app.update(Action::AccountLoaded(Ok(account())));
        app.update(Action::Notice(long.into()));
        let text = screen_text(&app, width, 24);
        let status = text.lines().last().unwrap().trim().to_string();
        if status.contains(long) {
            continue;
        }
        // Cut: the right-hand indicators gave way first, and the cut says so.
        assert!(
            status.starts_with("The Charge 2 already holds") && status.contains("… m: full text"),
            "{width}: {status}"
        );
        assert!(
            !status.contains("req"),
            "{width}: the budget went first: {status}"
        );
        // `m` shows it whole.
        app.handle_key(ch('m'));
        let screen = screen_text(&app, width, 24).replace(['│', '\n'], " ");
        let words: Vec<&str> = long.split(' ').collect();
        for word in words {
            assert!(
                screen.contains(word),
                "{width}: {word} missing from the log:\n{screen}"
            );
        }
        app.handle_key(key(KeyCode::Esc));
        assert!(app.overlay().is_none());
    }
    // At 200 columns it fits with every indicator.
    let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
    app.update(Action::AccountLoaded(Ok(account())));
    app.update(Action::Notice(long.into()));
    let status = screen_text(&app, 200, 24)
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert!(
        status.contains(long) && status.contains("fitbit"),
        "{status}"
    );
}

#[test]
fn the_message_log_keeps_every_message_newest_first() {
    let (mut app, _) = app_with(Some(source(ProviderKind::Fitbit)), Config::default());
    app.handle_key(ch('m'));
    assert!(screen_text(&app, 80, 24).contains("No messages yet"));
    app.handle_key(ch('m'));
    for i in 1..=30 {
        app.update(Action::Notice(format!("note number {i}")));
    }
    app.handle_key(ch('m'));
    let screen = screen_text(&app, 80, 24);
    assert!(screen.contains("Messages (30)"), "{screen}");
    let first = screen.find("note number 30").unwrap();
    let second = screen.find("note number 29").unwrap();
    assert!(first < second, "newest first");
    // Scrolling goes to older ones, and stops at the oldest.
    for _ in 0..100 {
        app.handle_key(key(KeyCode::Down));
    }
    let screen = screen_text(&app, 80, 24);
    assert!(
        screen.contains("note number 1 ")
            || screen.contains("note number 1\n")
            || screen.contains("note number 1 "),
        "{screen}"
    );
    assert!(!screen.contains("note number 2 "), "{screen}");
}

#[test]
fn missing_permissions_are_said_where_they_matter() {
    let (mut app, _) = app_with(Some(source(ProviderKind::Google)), Config::default());
    // Without the settings permission the account says what fittui assumed: said once.
    let mut acct = account();
    acct.assumed = Some("The settings permission was not granted: times are in this computer's zone (UTC) and units follow the locale (metric)".into());
    app.update(Action::AccountLoaded(Ok(acct)));
    let line = screen_text(&app, 200, 30);
    assert!(
        line.lines().last().unwrap().contains("settings permission"),
        "{line}"
    );

    // A view whose core needs a missing permission says which and how to grant it.
    let today = date(2026, 11, 21);
    let effects = app.handle_key(ch('2'));
    let Some(Effect::Fetch { req, resource }) = effects.last().cloned() else {
        panic!("{effects:?}");
    };
    app.update(Action::Fetched {
        req,
        resource,
        result: Err(ApiError::Forbidden {
            scope: Some(
                "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly"
                    .into(),
            ),
            message: "not granted at sign-in".into(),
        }),
    });
    assert_eq!(resource, Resource::Heart(today));
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("Permission not granted"), "{text}");
    assert!(
        text.contains("“health metrics and measurements” permission"),
        "{text}"
    );
    assert!(text.contains("fittui auth login"), "{text}");
    assert!(!text.contains("Couldn't load"), "{text}");
}

#[test]
fn the_parts_that_arrived_show_and_the_missing_ones_say_why() {
    use fittui::app::Payload;
    use fittui::domain::gap::Gap;
    use fittui::domain::heart::{HeartDay, HeartSeries, Resolution};
    let (mut app, _) = app_with(Some(source(ProviderKind::Google)), Config::default());
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
        ecg: None,
        vo2_max: None,
        gaps: vec![
            Gap::not_granted("ECG readings", "ECG"),
            Gap::failed(
                "HRV",
                ApiError::Server {
                    status: 503,
                    message: "Service Unavailable".into(),
                },
            ),
            Gap::failed(
                "time in zones",
                ApiError::RateLimited {
                    until: "2026-11-21T20:05:00Z".parse().unwrap(),
                },
            ),
        ],
    };
    app.update(Action::Fetched {
        req,
        resource,
        result: Ok(Payload::Heart(day)),
    });
    let text = screen_text(&app, 200, 40);
    let bottom = text.lines().rev().nth(1).unwrap();
    assert!(
        bottom.contains("ECG readings needs the “ECG” permission: fittui auth login --provider google and tick it"),
        "{bottom}"
    );
    // Times in the account's zone, to the minute (noon in Los Angeles is 20:00 UTC).
    assert!(
        bottom.contains(
            "couldn't load HRV (server error 503), time in zones (rate limited until 12:05) · r retries"
        ),
        "{bottom}"
    );
}

#[test]
fn a_sign_in_that_cannot_be_saved_is_shown_until_it_can() {
    let (mut app, _) = app_with(
        Some(source(fittui::api::ProviderKind::Fitbit)),
        fittui::config::Config::default(),
    );
    let problem = "can't save your sign-in in /home/sam/.config/fittui: No space left on device (os error 28); free some space there (or make it writable)";
    app.update(Action::SaveProblem(Some(problem.into())));
    let screen = screen_text(&app, 160, 30);
    assert!(screen.contains("⚠ sign-in not saved"), "{screen}");
    assert!(screen.contains("can't save your sign-in"), "{screen}");
    // The same report again changes nothing; the indicator stays after the message goes.
    assert!(
        app.update(Action::SaveProblem(Some(problem.into())))
            .is_empty()
    );
    app.update(Action::Notice("something else".into()));
    let screen = screen_text(&app, 160, 30);
    assert!(screen.contains("⚠ sign-in not saved"), "{screen}");
    // Fixed: the indicator goes and the user is told.
    app.update(Action::SaveProblem(None));
    let screen = screen_text(&app, 160, 30);
    assert!(!screen.contains("sign-in not saved"), "{screen}");
    let notes: Vec<&str> = app
        .status()
        .notifications()
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert!(notes.contains(&"The sign-in is saved again"), "{notes:?}");
    assert!(
        !notes.iter().any(|n| n.contains("can't save")),
        "the error that no longer holds is withdrawn: {notes:?}"
    );
}

#[test]
fn g_goes_to_a_typed_date_and_says_what_it_cannot_read() {
    let mut app = app_without_source();
    let today = date(2026, 11, 21);
    app.handle_key(ch('g'));
    assert!(matches!(app.overlay(), Some(Overlay::GoTo(_))));
    // Keys type into the prompt: `2` does not switch tabs, `t` does not jump to today.
    for c in "soon".chars() {
        app.handle_key(ch(c));
    }
    app.handle_key(key(KeyCode::Enter));
    let Some(Overlay::GoTo(prompt)) = app.overlay() else {
        panic!("the prompt stays open on an error");
    };
    assert_eq!(prompt.text(), "soon");
    assert!(prompt.error.as_deref().unwrap().contains("can't read"));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Go to date"), "{text}");
    assert!(text.contains("can't read “soon”"), "{text}");
    insta::assert_snapshot!("goto_prompt_error_80x24", text);
    // Ctrl-U clears the line; a relative date goes there and closes the prompt.
    app.handle_key(ctrl('u'));
    for c in "-3w".chars() {
        app.handle_key(ch(c));
    }
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.overlay(), None);
    assert_eq!(app.tab(), Tab::Today);
    assert_eq!(app.selected(), date(2026, 10, 31));
    // Another go: Esc closes without moving; `G` (or `t`) is back to today.
    app.handle_key(ch('g'));
    app.handle_key(ch('2'));
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.overlay(), None);
    assert_eq!(app.selected(), date(2026, 10, 31));
    assert_eq!(app.tab(), Tab::Today);
    app.handle_key(ch('G'));
    assert_eq!(app.selected(), today);
    // A future date is refused with the reason.
    app.handle_key(ch('g'));
    for c in "+1d".chars() {
        app.handle_key(ch(c));
    }
    app.handle_key(key(KeyCode::Enter));
    let Some(Overlay::GoTo(prompt)) = app.overlay() else {
        panic!("still open");
    };
    assert!(prompt.error.as_deref().unwrap().contains("in the future"));
}

#[test]
fn the_go_to_prompt_puts_the_cursor_after_what_is_typed() {
    let mut app = app_without_source();
    app.handle_key(ch('g'));
    for c in "oct 3".chars() {
        app.handle_key(ch(c));
    }
    let mut terminal = render(&app, 80, 24);
    let cursor = terminal.get_cursor_position().unwrap();
    let text = screen_text(&app, 80, 24);
    let row: Vec<&str> = text.lines().collect();
    let line = row[usize::from(cursor.y)];
    let before: String = line.chars().take(usize::from(cursor.x)).collect();
    assert!(before.ends_with("› oct 3"), "{line:?} at {cursor:?}");
}
