//! Alarm editing against the simulator, end to end through `App::update` and the real runner:
//! create, update, toggle and delete round trips (checked in the simulator's own state), a
//! failed save that keeps the form, a retry that never duplicates, the 8-alarm limit, and
//! quitting with a save in flight.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fittui::api::ProviderKind;
use fittui::app::Overlay;
use fittui_sim::AlarmRecord;
use ratatui::crossterm::event::KeyCode;
use support::demo::Harness;
use support::{ch, ctrl, key, screen_text};

/// The demo's older tracker, the one with alarm support.
const CHARGE_2: &str = "816713257";

fn sim_alarms(h: &Harness) -> Vec<AlarmRecord> {
    h.demo
        .sim
        .state()
        .alarms
        .get(CHARGE_2)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|a| !a.deleted)
        .collect()
}

async fn on_alarms_tab() -> Harness {
    let mut h = Harness::start(ProviderKind::Fitbit).await;
    h.key(ch('5'));
    h.settle().await;
    h
}

fn type_text(h: &mut Harness, text: &str) {
    for c in text.chars() {
        h.key(ch(c));
    }
}

#[tokio::test]
async fn toggle_round_trip() {
    let mut h = on_alarms_tab().await;
    let before = sim_alarms(&h);
    // Rows are in time order: 05:40 (off), 07:15 (on), 08:30 (off). Select 07:15.
    h.key(key(KeyCode::Down));
    h.key(ch(' '));
    assert!(
        screen_text(&h.app, 100, 30).contains("saving…"),
        "the row says saving"
    );
    h.settle().await;
    let after = sim_alarms(&h);
    let changed = after.iter().find(|a| a.time.starts_with("07:15")).unwrap();
    let was = before.iter().find(|a| a.time.starts_with("07:15")).unwrap();
    assert_eq!(changed.enabled, !was.enabled);
    assert!(
        !changed.synced_to_device,
        "the tracker has not synced the change yet"
    );
    let text = screen_text(&h.app, 100, 30);
    assert!(text.contains("pending sync"), "{text}");
}

#[tokio::test]
async fn create_update_and_delete_round_trips() {
    let mut h = on_alarms_tab().await;
    let count = sim_alarms(&h).len();
    // Create 06:30 on weekdays.
    h.key(ch('a'));
    assert!(h.app.overlay().is_none() && h.app.alarm_form().is_some());
    type_text(&mut h, "0630");
    h.key(key(KeyCode::Enter));
    h.settle().await;
    assert!(
        !h.app.has_modal(),
        "the form closes after a successful save"
    );
    let alarms = sim_alarms(&h);
    assert_eq!(alarms.len(), count + 1);
    let created = alarms.iter().find(|a| a.time.starts_with("06:30")).unwrap();
    // The tracker's UTC offset from the account's zone (PST on 2026-11-21).
    assert_eq!(created.time, "06:30-08:00");
    assert_eq!(
        created.week_days,
        ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]
    );
    let id = created.alarm_id;

    // Edit it: it is the second row now (05:40, 06:30, 07:15, 08:30). Give it a label.
    h.key(ch('t'));
    h.key(key(KeyCode::Down));
    h.key(ch('e'));
    for _ in 0..6 {
        h.key(key(KeyCode::Tab));
    }
    type_text(&mut h, "Gym");
    h.key(key(KeyCode::Enter));
    h.settle().await;
    let edited = sim_alarms(&h)
        .into_iter()
        .find(|a| a.alarm_id == id)
        .unwrap();
    assert_eq!(edited.label.as_deref(), Some("Gym"));
    assert!(screen_text(&h.app, 100, 30).contains("Gym"));

    // Delete it, after confirming.
    h.key(ch('d'));
    assert!(matches!(h.app.overlay(), Some(Overlay::Confirm(_))));
    h.key(ch('y'));
    h.settle().await;
    assert!(sim_alarms(&h).iter().all(|a| a.alarm_id != id));
    assert!(!screen_text(&h.app, 100, 30).contains("Gym"));
}

#[tokio::test]
async fn a_failed_save_keeps_the_form_and_a_retry_makes_one_alarm() {
    let mut h = on_alarms_tab().await;
    let count = sim_alarms(&h).len();
    h.demo.sim.set_faults("500:1.0").unwrap();
    h.key(ch('a'));
    type_text(&mut h, "0545");
    h.key(key(KeyCode::Enter));
    h.settle().await;
    match h.app.alarm_form().filter(|_| h.app.overlay().is_none()) {
        Some(state) => {
            assert!(!state.form.is_saving());
            assert!(state.form.server_error().unwrap().contains("500"));
            assert_eq!(
                state.form.draft().unwrap().time.hour,
                5,
                "the user's input is kept"
            );
        }
        other => panic!("the form should stay open, got {other:?}"),
    }
    assert_eq!(sim_alarms(&h).len(), count);
    // The server recovers; Enter again.
    h.demo.sim.set_faults("none").unwrap();
    h.key(key(KeyCode::Enter));
    h.settle().await;
    assert!(!h.app.has_modal());
    let alarms = sim_alarms(&h);
    assert_eq!(alarms.len(), count + 1);
    assert_eq!(
        alarms
            .iter()
            .filter(|a| a.time.starts_with("05:45"))
            .count(),
        1
    );
}

#[tokio::test]
async fn a_retry_adopts_an_alarm_the_failed_attempt_created() {
    let mut h = on_alarms_tab().await;
    let count = sim_alarms(&h).len();
    h.demo.sim.set_faults("500:1.0").unwrap();
    h.key(ch('a'));
    type_text(&mut h, "0615");
    h.key(key(KeyCode::Enter));
    h.settle().await;
    h.demo.sim.set_faults("none").unwrap();
    // The failed request had reached the server after all: the alarm exists there.
    let token = h.demo.sim.grant_tokens(&["settings"]).access_token;
    let url = format!(
        "{}/1/user/-/devices/tracker/{CHARGE_2}/alarms.json",
        h.demo.sim.api_base_url()
    );
    let http = fittui::net::http_client().unwrap();
    let resp = http
        .post(url)
        .bearer_auth(token)
        .query(&[
            ("time", "06:15-08:00"),
            ("enabled", "true"),
            ("recurring", "true"),
            ("weekDays", "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY"),
            ("snoozeLength", "9"),
            ("snoozeCount", "3"),
            ("vibe", "DEFAULT"),
        ])
        .header("content-length", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    assert_eq!(sim_alarms(&h).len(), count + 1);
    // The retry finds it instead of creating a second one.
    h.key(key(KeyCode::Enter));
    h.settle().await;
    assert!(!h.app.has_modal());
    let alarms = sim_alarms(&h);
    assert_eq!(alarms.len(), count + 1, "no duplicate");
    assert_eq!(
        alarms
            .iter()
            .filter(|a| a.time.starts_with("06:15"))
            .count(),
        1
    );
}

#[tokio::test]
async fn eight_alarms_is_the_limit() {
    let mut h = on_alarms_tab().await;
    let mut hour = 10;
    while sim_alarms(&h).len() < 8 {
        h.key(ch('a'));
        type_text(&mut h, &format!("{hour:02}00"));
        h.key(key(KeyCode::Enter));
        h.settle().await;
        assert!(!h.app.has_modal());
        hour += 1;
    }
    h.key(ch('a'));
    assert!(!h.app.has_modal(), "no form for a full tracker");
    let note = h.app.status().current().unwrap();
    assert!(note.text.contains("8 alarms"), "{}", note.text);
}

#[tokio::test]
async fn quitting_with_a_save_in_flight_asks_first() {
    let mut h = on_alarms_tab().await;
    h.demo.sim.set_faults("latency:2s").unwrap();
    h.key(key(KeyCode::Down));
    h.key(ch(' '));
    h.key(ch('q'));
    assert!(!h.app.should_quit());
    assert!(matches!(h.app.overlay(), Some(Overlay::Confirm(_))));
    h.key(ch('n'));
    assert!(!h.app.has_modal() && !h.app.should_quit());
    // From the form, Ctrl-C asks too, and "no" returns to the form.
    h.key(ch('a'));
    h.key(key(KeyCode::Enter));
    h.key(ctrl('c'));
    assert!(matches!(h.app.overlay(), Some(Overlay::Confirm(_))));
    h.key(ch('n'));
    assert!(h.app.overlay().is_none() && h.app.alarm_form().is_some());
    h.key(ctrl('c'));
    let question = h
        .app
        .overlay()
        .map(|o| format!("{o:?}"))
        .unwrap_or_default();
    assert!(question.contains("quit anyway?"), "{question}");
    assert!(h.app.exit_note().is_none());
    h.key(ch('y'));
    assert!(h.app.should_quit());
    let note = h.app.exit_note().expect("the user is told");
    assert!(note.contains("may or may not have reached"), "{note}");
}

#[tokio::test]
async fn quitting_without_a_save_in_flight_says_nothing() {
    let mut h = on_alarms_tab().await;
    h.key(ch('q'));
    assert!(h.app.should_quit() && h.app.exit_note().is_none());
}

fn click(h: &mut Harness, column: u16, row: u16) {
    let effects = h.app.update(support::click(column, row));
    for e in effects {
        h.runner.run(e);
    }
}

/// The screen row showing `text`, and whether it is the selected one (`▶`).
fn row_of(h: &Harness, w: u16, hgt: u16, text: &str) -> (u16, bool) {
    let screen = screen_text(&h.app, w, hgt);
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(text))
        .unwrap_or_else(|| panic!("{text} not on screen:\n{screen}"));
    (y as u16, line.contains('▶'))
}

#[tokio::test]
async fn clicking_an_alarm_selects_it_and_a_double_click_edits_it() {
    for (w, hgt) in [(120u16, 40u16), (80, 24)] {
        let mut h = on_alarms_tab().await;
        h.app.update(fittui::app::Action::Resize {
            width: w,
            height: hgt,
        });
        let (y, selected) = row_of(&h, w, hgt, "Weekends");
        assert!(!selected);
        click(&mut h, 20, y);
        assert!(
            row_of(&h, w, hgt, "Weekends").1,
            "the clicked row is selected"
        );
        assert!(!row_of(&h, w, hgt, "Flight").1);
        assert!(!h.app.has_modal());
        // A click on the tracker's name or a blank line selects nothing new.
        let (name, _) = row_of(&h, w, hgt, "Charge 2");
        click(&mut h, 5, name);
        assert!(row_of(&h, w, hgt, "Weekends").1);
        // Double click (the clock does not move between the clicks): the editor opens on it.
        let (y, _) = row_of(&h, w, hgt, "Work");
        click(&mut h, 20, y);
        click(&mut h, 20, y);
        let form = h.app.alarm_form().expect("the form opened");
        assert!(
            format!("{:?}", form.form.mode()).contains("Edit"),
            "{:?}",
            form.form.mode()
        );
        let screen = screen_text(&h.app, w, hgt);
        assert!(screen.contains("07:15"), "{screen}");
    }
}

#[tokio::test]
async fn clicking_the_date_arrows_moves_a_day() {
    let mut h = on_alarms_tab().await;
    h.key(ch('1'));
    h.app.update(fittui::app::Action::Resize {
        width: 100,
        height: 30,
    });
    let today = h.app.selected();
    let screen = screen_text(&h.app, 100, 30);
    let header = screen.lines().next().unwrap();
    let left = header.chars().position(|c| c == '‹').expect("‹ is drawn") as u16;
    click(&mut h, left, 0);
    assert_eq!(h.app.selected(), today.yesterday().unwrap());
    let screen = screen_text(&h.app, 100, 30);
    let header = screen.lines().next().unwrap();
    let right = header.chars().position(|c| c == '›').expect("› is drawn") as u16;
    click(&mut h, right, 0);
    assert_eq!(h.app.selected(), today);
}

#[tokio::test]
async fn an_identical_alarm_is_warned_about_and_still_saved() {
    let mut h = on_alarms_tab().await;
    let count = sim_alarms(&h).len();
    // The demo's 07:15 rings Mon–Fri, like a new alarm does by default.
    h.key(ch('a'));
    type_text(&mut h, "0715");
    let form = &h.app.alarm_form().unwrap().form;
    assert_eq!(form.duplicate().map(|a| a.id), Some(11_426_382));
    let text = screen_text(&h.app, 100, 30);
    assert!(
        text.contains("⚠ Same as the 07:15 Mon–Fri alarm on this tracker"),
        "{text}"
    );
    h.key(key(KeyCode::Enter));
    h.settle().await;
    assert!(!h.app.has_modal(), "a warning does not block the save");
    assert_eq!(sim_alarms(&h).len(), count + 1);

    // Editing an alarm does not compare it with itself.
    let mut h = on_alarms_tab().await;
    h.key(key(KeyCode::Down));
    h.key(ch('e'));
    let form = &h.app.alarm_form().unwrap().form;
    assert_eq!(form.time_field().text(), "07:15");
    assert!(form.duplicate().is_none());
}
