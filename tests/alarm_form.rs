//! The alarm editor form: key handling, inline validation, and snapshots of the popup.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fittui::app::alarm_form::{AlarmForm, Focus, FormMode, FormOutcome};
use fittui::domain::alarm::{Alarm, AlarmDraft, AlarmField, AlarmTime, LABEL_MAX_CHARS, Weekdays};
use fittui::ui::alarm_form::AlarmFormView;
use jiff::civil::Weekday;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Position;
use ratatui::style::Modifier;

// ---- helpers ------------------------------------------------------------------------------

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn shift(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::SHIFT)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Presses each key, expecting the form to stay open.
fn press(form: &mut AlarmForm, keys: impl IntoIterator<Item = KeyEvent>) {
    for k in keys {
        assert_eq!(form.handle_key(k), FormOutcome::Continue, "{k:?}");
    }
}

/// Types each character as a plain key press.
fn type_text(form: &mut AlarmForm, text: &str) {
    press(form, text.chars().map(|c| key(KeyCode::Char(c))));
}

fn focus_on(form: &mut AlarmForm, focus: Focus) {
    while form.focus() != focus {
        press(form, [key(KeyCode::Tab)]);
    }
}

fn new_form() -> AlarmForm {
    AlarmForm::create("755971717", "Charge 2", false)
}

fn t(hour: u8, minute: u8) -> AlarmTime {
    AlarmTime::new(hour, minute).unwrap()
}

fn time_of(form: &AlarmForm) -> AlarmTime {
    form.draft().expect("valid draft").time
}

fn fields_in_error(form: &AlarmForm) -> Vec<AlarmField> {
    form.draft().unwrap_err().iter().map(|e| e.field).collect()
}

fn work_alarm() -> Alarm {
    Alarm {
        id: 11_426_382,
        time: t(7, 15),
        offset: None,
        enabled: true,
        recurring: true,
        weekdays: [Weekday::Monday, Weekday::Tuesday].into_iter().collect(),
        snooze_length_min: 9,
        snooze_count: 3,
        label: Some("Work".into()),
        vibe: "DEFAULT".into(),
        synced: false,
        deleted: false,
    }
}

fn render(form: &AlarmForm, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            let view = AlarmFormView { form };
            let cursor = view.cursor(frame.area());
            frame.render_widget(view, frame.area());
            if let Some(position) = cursor {
                frame.set_cursor_position(position);
            }
        })
        .unwrap();
    terminal
}

fn screen(form: &AlarmForm, width: u16, height: u16) -> String {
    let terminal = render(form, width, height);
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

/// The position of the first cell of `needle` on screen.
fn find(form: &AlarmForm, width: u16, height: u16, needle: &str) -> Position {
    let text = screen(form, width, height);
    for (y, line) in text.lines().enumerate() {
        let cells: Vec<char> = line.chars().collect();
        let want: Vec<char> = needle.chars().collect();
        if let Some(x) = cells.windows(want.len()).position(|w| w == want.as_slice()) {
            return Position::new(x as u16, y as u16);
        }
    }
    panic!("{needle:?} not on screen:\n{text}");
}

// ---- focus --------------------------------------------------------------------------------

#[test]
fn tab_cycles_focus_forward_and_shift_tab_backward() {
    let mut form = new_form();
    assert_eq!(form.focus(), Focus::Time);
    let mut seen = vec![form.focus()];
    for _ in 0..8 {
        press(&mut form, [key(KeyCode::Tab)]);
        seen.push(form.focus());
    }
    let mut expected = Focus::ALL.to_vec();
    expected.push(Focus::Time);
    assert_eq!(seen, expected, "Tab visits every field and wraps");

    press(&mut form, [key(KeyCode::BackTab)]);
    assert_eq!(form.focus(), Focus::Vibe, "Shift-Tab wraps backwards");
    press(&mut form, [shift(KeyCode::BackTab)]);
    assert_eq!(form.focus(), Focus::Label);
    // Some terminals send Tab with SHIFT instead of BackTab.
    press(&mut form, [shift(KeyCode::Tab)]);
    assert_eq!(form.focus(), Focus::SnoozeCount);
}

#[test]
fn focus_next_and_prev_are_inverse_round_robins() {
    for focus in Focus::ALL {
        assert_eq!(focus.next().prev(), focus);
        assert_eq!(focus.prev().next(), focus);
    }
    assert_eq!(Focus::Vibe.next(), Focus::Time);
    assert_eq!(Focus::Time.prev(), Focus::Vibe);
}

#[test]
fn up_and_down_step_values_and_leave_focus_alone() {
    let mut form = new_form();
    // The cursor starts on the hour: ↑/↓ step it.
    press(
        &mut form,
        [key(KeyCode::Down), key(KeyCode::Up), key(KeyCode::Up)],
    );
    assert_eq!(form.focus(), Focus::Time);
    assert_eq!(time_of(&form), t(8, 0));
}

// ---- time ---------------------------------------------------------------------------------

fn text_of(form: &AlarmForm) -> String {
    form.time_field().text()
}

#[test]
fn time_steps_by_one_minute_and_wraps_past_midnight() {
    let mut form = new_form();
    type_text(&mut form, "2359");
    assert_eq!(time_of(&form), t(23, 59));
    // After the last digit the cursor rests on the minute.
    press(&mut form, [key(KeyCode::Up)]);
    assert_eq!(time_of(&form), t(0, 0));
    press(&mut form, [key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(time_of(&form), t(23, 58));
}

#[test]
fn up_and_down_step_the_part_under_the_cursor() {
    let mut form = new_form();
    type_text(&mut form, "0730");
    press(&mut form, [key(KeyCode::Home), key(KeyCode::Up)]);
    assert_eq!(time_of(&form), t(8, 30), "on the hour: ±1 h");
    press(&mut form, [key(KeyCode::Right), key(KeyCode::Down)]);
    assert_eq!(time_of(&form), t(7, 30), "either hour digit");
    press(&mut form, [key(KeyCode::Right), key(KeyCode::Down)]);
    assert_eq!(time_of(&form), t(7, 29), "on the minute: ±1 min");
    press(&mut form, [key(KeyCode::Home), key(KeyCode::Down)]);
    press(&mut form, [key(KeyCode::Down); 7]);
    assert_eq!(time_of(&form), t(23, 29), "the hour wraps past midnight");
}

#[test]
fn page_keys_and_shift_arrows_step_by_fifteen_minutes() {
    let mut form = new_form();
    press(&mut form, [key(KeyCode::PageUp)]);
    assert_eq!(time_of(&form), t(7, 15));
    press(&mut form, [shift(KeyCode::Up), shift(KeyCode::Up)]);
    assert_eq!(time_of(&form), t(7, 45));
    press(&mut form, [shift(KeyCode::Down)]);
    assert_eq!(time_of(&form), t(7, 30));
    type_text(&mut form, "0005");
    press(&mut form, [key(KeyCode::PageDown)]);
    assert_eq!(time_of(&form), t(23, 50), "wraps back past midnight");
}

#[test]
fn typing_digits_sets_the_time() {
    let mut form = new_form();
    type_text(&mut form, "0630");
    assert_eq!(time_of(&form), t(6, 30));
    assert!(form.errors().is_empty());
    // A first digit that cannot start an hour is the hour: 9, 4, 5 → 09:45.
    press(&mut form, [key(KeyCode::Home)]);
    type_text(&mut form, "945");
    assert_eq!(time_of(&form), t(9, 45));
    // `:` ends a one-digit hour.
    press(&mut form, [key(KeyCode::Home)]);
    type_text(&mut form, "1:05");
    assert_eq!(time_of(&form), t(1, 5));
    // A first minute digit that cannot start a minute is the minute: 7 → :07.
    press(&mut form, [key(KeyCode::Home)]);
    type_text(&mut form, "127");
    assert_eq!(text_of(&form), "12:07");
}

#[test]
fn digits_type_over_the_cursor_and_arrows_move_it() {
    let mut form = new_form();
    type_text(&mut form, "0645");
    press(&mut form, [key(KeyCode::Left), key(KeyCode::Left)]);
    assert_eq!(form.time_field().cursor(), 2);
    type_text(&mut form, "1");
    assert_eq!(
        text_of(&form),
        "06:1_",
        "a part's first digit clears its second"
    );
    type_text(&mut form, "5");
    assert_eq!(time_of(&form), t(6, 15));
    press(&mut form, [key(KeyCode::Home), key(KeyCode::Right)]);
    type_text(&mut form, "8");
    assert_eq!(time_of(&form), t(8, 15), "the hour's second digit alone");
    press(&mut form, [key(KeyCode::End)]);
    assert_eq!(form.time_field().cursor(), 4);
}

#[test]
fn backspace_past_empty_leaves_blanks_and_never_restores() {
    // Issue: 07:00 → 07:0_ → 07:__ → 0_:__ → 07:00 (the old value came back).
    let mut form = new_form();
    press(&mut form, [key(KeyCode::End)]);
    let mut seen = Vec::new();
    for _ in 0..5 {
        press(&mut form, [key(KeyCode::Backspace)]);
        seen.push(text_of(&form));
    }
    assert_eq!(seen, ["07:0_", "07:__", "0_:__", "__:__", "__:__"]);
    assert_eq!(
        form.error(Focus::Time),
        Some("time is incomplete: type 4 more digits (HHMM)")
    );
    assert!(form.draft().is_err());
    assert!(form.is_dirty());
    type_text(&mut form, "0705");
    assert_eq!(time_of(&form), t(7, 5));
    // Backspace on the first digit does nothing.
    let mut form = new_form();
    press(&mut form, [key(KeyCode::Backspace)]);
    assert_eq!(text_of(&form), "07:00");
    assert!(!form.is_dirty());
}

#[test]
fn steps_keep_what_was_typed() {
    // Issue: `12:3_` + PgUp gave 07:15, dropping the typed 12:3_.
    let mut form = new_form();
    type_text(&mut form, "123");
    assert_eq!(text_of(&form), "12:3_");
    press(&mut form, [key(KeyCode::PageUp)]);
    assert_eq!(
        time_of(&form),
        t(12, 45),
        "12:30 + 15 min, the blank read as 0"
    );
    let mut form = new_form();
    type_text(&mut form, "123");
    press(&mut form, [key(KeyCode::Up)]);
    assert_eq!(time_of(&form), t(12, 31), "↑ on the minute");
    let mut form = new_form();
    type_text(&mut form, "1");
    assert_eq!(text_of(&form), "1_:00");
    press(&mut form, [key(KeyCode::Up)]);
    assert_eq!(time_of(&form), t(11, 0), "↑ on the hour: 10 + 1");
}

#[test]
fn an_impossible_hour_or_minute_is_never_accepted() {
    // Issue: 2561 was taken as 25:61 and only the hour was reported.
    let mut form = new_form();
    type_text(&mut form, "2561");
    assert_eq!(text_of(&form), "02:56", "2 then 5: the 2 was the hour");
    assert_eq!(time_of(&form), t(2, 56));
    assert!(form.errors().is_empty());
    // The boundaries: 23 and 20 finish an hour, 24 does not.
    for (typed, shown) in [("2359", "23:59"), ("2000", "20:00"), ("2400", "02:40")] {
        let mut form = new_form();
        type_text(&mut form, typed);
        assert_eq!(text_of(&form), shown, "{typed}");
    }
    // Over an existing second digit, a digit no hour ends with is refused.
    let mut form = new_form();
    type_text(&mut form, "2300");
    press(&mut form, [key(KeyCode::Home), key(KeyCode::Right)]);
    type_text(&mut form, "7");
    assert_eq!(text_of(&form), "23:00");
    assert_eq!(form.time_field().cursor(), 1);
}

#[test]
fn a_full_field_ignores_further_digits() {
    // Issue: 07:2_ + 5 → 07:25, then 6 jumped to 06:__.
    let mut form = new_form();
    press(&mut form, [key(KeyCode::Right), key(KeyCode::Right)]);
    type_text(&mut form, "2");
    assert_eq!(text_of(&form), "07:2_");
    type_text(&mut form, "5");
    assert_eq!(time_of(&form), t(7, 25));
    type_text(&mut form, "6");
    assert_eq!(text_of(&form), "07:25");
    assert_eq!(time_of(&form), t(7, 25));
    // Home starts over from the first digit.
    press(&mut form, [key(KeyCode::Home)]);
    type_text(&mut form, "6");
    assert_eq!(text_of(&form), "06:25");
}

#[test]
fn focusing_the_time_puts_the_cursor_on_its_first_digit() {
    let mut form = new_form();
    type_text(&mut form, "0630");
    assert_eq!(form.time_field().cursor(), 4);
    press(&mut form, [key(KeyCode::Tab), key(KeyCode::BackTab)]);
    assert_eq!(form.time_field().cursor(), 0);
    type_text(&mut form, "0745");
    assert_eq!(time_of(&form), t(7, 45));
}

#[test]
fn a_partial_time_blocks_saving() {
    let mut form = new_form();
    type_text(&mut form, "073");
    assert_eq!(text_of(&form), "07:3_");
    assert_eq!(
        form.error(Focus::Time),
        Some("time is incomplete: type 1 more digit (HHMM)")
    );
    assert_eq!(fields_in_error(&form), [AlarmField::Time]);
    press(&mut form, [key(KeyCode::Tab)]);
    assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Continue);
    assert_eq!(form.focus(), Focus::Time, "Enter goes back to the time");
    press(&mut form, [key(KeyCode::End)]);
    type_text(&mut form, "0");
    assert_eq!(text_of(&form), "07:3_", "End is after the last digit: full");
    press(&mut form, [key(KeyCode::Left)]);
    type_text(&mut form, "0");
    assert_eq!(time_of(&form), t(7, 30));
    // A first minute digit over 5 is the minute.
    let mut form = new_form();
    type_text(&mut form, "076");
    assert_eq!(text_of(&form), "07:06");
}

#[test]
fn twelve_hour_mode_shows_am_pm_and_a_p_switch_it() {
    let mut form = AlarmForm::create("1", "Charge 2", true);
    assert_eq!(text_of(&form), "07:00 AM");
    type_text(&mut form, "p");
    assert_eq!(time_of(&form), t(19, 0));
    assert_eq!(text_of(&form), "07:00 PM");
    type_text(&mut form, "A");
    assert_eq!(time_of(&form), t(7, 0));
    // Typed hours are 1–12 in the chosen half of the day.
    type_text(&mut form, "p1230");
    assert_eq!(time_of(&form), t(12, 30));
    press(&mut form, [key(KeyCode::Home)]);
    type_text(&mut form, "a1230");
    assert_eq!(time_of(&form), t(0, 30), "12 AM is midnight");
    // Issue: 1 then 3 gave `13:__ AM  hour must be 1–12`; it is 1:3_.
    press(&mut form, [key(KeyCode::Home)]);
    type_text(&mut form, "13");
    assert_eq!(text_of(&form), "01:3_ AM");
    assert_eq!(
        form.error(Focus::Time),
        Some("time is incomplete: type 1 more digit (HHMM)")
    );
    type_text(&mut form, "5");
    assert_eq!(time_of(&form), t(1, 35));
    // 2–9 first is the hour; there is no hour 0.
    press(&mut form, [key(KeyCode::Home)]);
    type_text(&mut form, "2");
    assert_eq!(text_of(&form), "02:35 AM");
    press(&mut form, [key(KeyCode::Home)]);
    type_text(&mut form, "00");
    assert_eq!(text_of(&form), "0_:35 AM");
    type_text(&mut form, "9p");
    assert_eq!(time_of(&form), t(21, 35));
    // ↑ on the hour crosses noon and midnight.
    press(&mut form, [key(KeyCode::Home)]);
    press(&mut form, [key(KeyCode::Up); 3]);
    assert_eq!(text_of(&form), "12:35 AM");
    assert_eq!(time_of(&form), t(0, 35));
    // On a 24-hour clock, a and p do nothing.
    let mut form = new_form();
    type_text(&mut form, "p");
    assert_eq!(time_of(&form), t(7, 0));
}

#[test]
fn the_time_keys_are_documented_in_the_help() {
    let rows: Vec<String> = fittui::app::keymap::rows(fittui::app::keymap::Scope::Time, true)
        .map(|b| format!("{} {}", b.keys_label(), b.description))
        .collect();
    let help = rows.join("\n");
    for needed in [
        "0–9 type over",
        "← / → digit",
        "Home / End first digit / end",
        "a full field ignores digits",
        "Bksp erase",
        "never undoes",
        "1 3 → 01:3_",
        "steps start from the typed time",
    ] {
        assert!(help.contains(needed), "{needed:?} missing from:\n{help}");
    }
}

// ---- duplicates ---------------------------------------------------------------------------

fn tracker_alarms() -> Vec<Alarm> {
    vec![
        work_alarm(),
        Alarm {
            id: 2,
            time: t(6, 30),
            recurring: false,
            label: Some("Flight".into()),
            ..work_alarm()
        },
        Alarm {
            id: 3,
            time: t(9, 0),
            deleted: true,
            ..work_alarm()
        },
    ]
}

#[test]
fn an_identical_alarm_is_warned_about_but_saving_is_allowed() {
    let mut form = new_form().with_existing(&tracker_alarms());
    assert!(form.duplicate_warning().is_none(), "07:00 Mon–Fri is new");
    type_text(&mut form, "0715");
    assert!(form.duplicate().is_none(), "Work rings on Mon and Tue only");
    focus_on(&mut form, Focus::Days);
    type_text(&mut form, "n");
    press(&mut form, [key(KeyCode::Home)]);
    type_text(&mut form, " ");
    press(&mut form, [key(KeyCode::Right)]);
    type_text(&mut form, " ");
    assert_eq!(form.duplicate().map(|a| a.id), Some(11_426_382));
    assert_eq!(
        form.duplicate_warning().unwrap(),
        "⚠ Same as the 07:15 Mon, Tue alarm on this tracker; Enter still saves"
    );
    assert!(screen(&form, 80, 24).contains("⚠ Same as the 07:15 Mon, Tue alarm"));
    assert!(form.errors().is_empty());
    assert!(matches!(
        form.handle_key(key(KeyCode::Enter)),
        FormOutcome::Submit(_)
    ));
    // A one-time alarm at the same time is a duplicate whatever its days.
    let mut form = new_form().with_existing(&tracker_alarms());
    type_text(&mut form, "0630");
    assert!(form.duplicate().is_none(), "weekly vs once");
    focus_on(&mut form, Focus::Repeat);
    type_text(&mut form, " ");
    assert_eq!(form.duplicate().map(|a| a.id), Some(2));
    // Deleted alarms and the alarm being edited do not count.
    let mut form = new_form().with_existing(&tracker_alarms());
    type_text(&mut form, "0900");
    assert!(form.duplicate().is_none());
    let form = AlarmForm::edit("755971717", "Charge 2", &work_alarm(), false)
        .with_existing(&tracker_alarms());
    assert!(form.duplicate().is_none());
}

// ---- days, repeat, enabled ----------------------------------------------------------------

#[test]
fn days_toggle_under_the_cursor_and_presets_replace_them() {
    let mut form = new_form();
    focus_on(&mut form, Focus::Days);
    let days = |form: &AlarmForm| form.days_field().days();
    assert_eq!(days(&form), Weekdays::WORKDAYS);
    type_text(&mut form, " ");
    assert!(!days(&form).contains(Weekday::Monday));
    press(&mut form, [key(KeyCode::Left)]);
    assert_eq!(form.days_field().cursor_day(), Weekday::Sunday, "wraps");
    type_text(&mut form, " ");
    assert!(days(&form).contains(Weekday::Sunday));
    press(&mut form, [key(KeyCode::Right), key(KeyCode::Right)]);
    assert_eq!(form.days_field().cursor_day(), Weekday::Tuesday);
    type_text(&mut form, " ");
    assert!(!days(&form).contains(Weekday::Tuesday));

    type_text(&mut form, "e");
    assert_eq!(days(&form), Weekdays::WEEKEND);
    type_text(&mut form, "a");
    assert_eq!(days(&form), Weekdays::EVERY_DAY);
    type_text(&mut form, "w");
    assert_eq!(days(&form), Weekdays::WORKDAYS);
    type_text(&mut form, "n");
    assert_eq!(days(&form), Weekdays::NONE);
    assert_eq!(
        form.error(Focus::Days),
        Some("pick at least one day for a repeating alarm")
    );
}

#[test]
fn repeat_switches_weekly_and_once_and_enabled_toggles() {
    let mut form = new_form();
    focus_on(&mut form, Focus::Repeat);
    assert!(form.recurring());
    type_text(&mut form, " ");
    assert!(!form.recurring());
    press(&mut form, [key(KeyCode::Left)]);
    assert!(form.recurring());
    press(&mut form, [key(KeyCode::Right)]);
    assert!(!form.draft().unwrap().recurring);

    press(&mut form, [key(KeyCode::Tab)]);
    assert_eq!(form.focus(), Focus::Enabled);
    type_text(&mut form, " ");
    assert!(!form.draft().unwrap().enabled);
    type_text(&mut form, " ");
    assert!(form.enabled());
}

#[test]
fn a_one_time_alarm_needs_no_days() {
    let mut form = new_form();
    focus_on(&mut form, Focus::Days);
    type_text(&mut form, "n");
    assert!(form.draft().is_err());
    focus_on(&mut form, Focus::Repeat);
    type_text(&mut form, " ");
    let draft = form.draft().unwrap();
    assert!(!draft.recurring);
    assert_eq!(draft.weekdays, Weekdays::NONE);
}

// ---- snooze and label ---------------------------------------------------------------------

#[test]
fn snooze_length_steps_within_bounds_and_typed_values_are_checked() {
    let mut form = new_form();
    focus_on(&mut form, Focus::SnoozeLength);
    press(&mut form, [key(KeyCode::Up)]);
    assert_eq!(form.draft().unwrap().snooze_length_min, 10);
    type_text(&mut form, "0");
    assert_eq!(
        form.error(Focus::SnoozeLength),
        Some("snooze length must be 1–60 minutes")
    );
    press(&mut form, [key(KeyCode::Down)]);
    assert_eq!(
        form.draft().unwrap().snooze_length_min,
        1,
        "steps into range"
    );
    type_text(&mut form, "61");
    assert_eq!(fields_in_error(&form), [AlarmField::SnoozeLength]);
    press(&mut form, [key(KeyCode::Up)]);
    assert_eq!(form.draft().unwrap().snooze_length_min, 60);
    type_text(&mut form, "45");
    assert_eq!(form.draft().unwrap().snooze_length_min, 45);
    press(
        &mut form,
        [key(KeyCode::Backspace), key(KeyCode::Backspace)],
    );
    assert_eq!(
        form.error(Focus::SnoozeLength),
        Some("type a snooze length of 1–60 minutes")
    );
}

#[test]
fn snooze_count_allows_zero_to_ten() {
    let mut form = new_form();
    focus_on(&mut form, Focus::SnoozeCount);
    type_text(&mut form, "0");
    assert_eq!(form.draft().unwrap().snooze_count, 0);
    press(&mut form, [key(KeyCode::Down)]);
    assert_eq!(form.draft().unwrap().snooze_count, 0);
    type_text(&mut form, "11");
    assert_eq!(
        form.error(Focus::SnoozeCount),
        Some("snooze count must be 0–10")
    );
    press(&mut form, [key(KeyCode::PageUp)]);
    assert_eq!(form.draft().unwrap().snooze_count, 10);
}

#[test]
fn label_takes_text_up_to_the_limit_and_empty_means_none() {
    let mut form = new_form();
    focus_on(&mut form, Focus::Label);
    assert_eq!(form.draft().unwrap().label, None);
    type_text(&mut form, "Gym");
    assert_eq!(form.draft().unwrap().label.as_deref(), Some("Gym"));
    type_text(&mut form, &"x".repeat(40));
    let label = form.draft().unwrap().label.unwrap();
    assert_eq!(label.chars().count(), LABEL_MAX_CHARS);
    assert!(label.starts_with("Gymxxx"));
    // Ctrl-U clears the line (tui-input); blank means no label.
    press(&mut form, [ctrl('u')]);
    type_text(&mut form, "  ");
    assert_eq!(form.draft().unwrap().label, None);
    // Letters that are presets or toggles elsewhere are just text here.
    press(&mut form, [ctrl('u')]);
    type_text(&mut form, "wake up, p.m. nap");
    assert_eq!(
        form.draft().unwrap().label.as_deref(),
        Some("wake up, p.m. nap")
    );
}

#[test]
fn an_over_long_label_from_the_server_is_reported() {
    let alarm = Alarm {
        label: Some("y".repeat(LABEL_MAX_CHARS + 1)),
        ..work_alarm()
    };
    let form = AlarmForm::edit("1", "Charge 2", &alarm, false);
    assert_eq!(
        form.error(Focus::Label),
        Some("label can be at most 30 characters")
    );
}

// ---- submit and cancel --------------------------------------------------------------------

#[test]
fn enter_submits_the_draft_from_any_field() {
    let mut form = new_form();
    type_text(&mut form, "0630");
    focus_on(&mut form, Focus::Label);
    type_text(&mut form, "Run");
    let FormOutcome::Submit(draft) = form.handle_key(key(KeyCode::Enter)) else {
        panic!("Enter on a valid form submits");
    };
    assert_eq!(
        draft,
        AlarmDraft {
            time: t(6, 30),
            label: Some("Run".into()),
            ..AlarmDraft::default()
        }
    );
}

#[test]
fn enter_with_invalid_values_does_not_submit_and_focuses_the_first_invalid_field() {
    let mut form = new_form();
    focus_on(&mut form, Focus::Days);
    type_text(&mut form, "n");
    focus_on(&mut form, Focus::SnoozeCount);
    type_text(&mut form, "99");
    focus_on(&mut form, Focus::Vibe);
    assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Continue);
    assert_eq!(form.focus(), Focus::Days);
    assert_eq!(
        fields_in_error(&form),
        [AlarmField::Weekdays, AlarmField::SnoozeCount]
    );
    assert!(form.error(Focus::SnoozeCount).is_some());
    // Fixing the days leaves the count: Enter now goes there.
    type_text(&mut form, "a");
    assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Continue);
    assert_eq!(form.focus(), Focus::SnoozeCount);
}

#[test]
fn esc_on_a_clean_form_cancels() {
    let mut form = new_form();
    assert!(!form.is_dirty());
    assert_eq!(form.handle_key(key(KeyCode::Esc)), FormOutcome::Cancel);
    // Changing a value and changing it back is still clean.
    let mut form = new_form();
    press(&mut form, [key(KeyCode::Up), key(KeyCode::Down)]);
    assert!(!form.is_dirty());
    assert_eq!(form.handle_key(key(KeyCode::Esc)), FormOutcome::Cancel);
}

#[test]
fn esc_on_a_dirty_form_asks_first() {
    let mut form = new_form();
    press(&mut form, [key(KeyCode::Up)]);
    assert!(form.is_dirty());
    assert_eq!(form.handle_key(key(KeyCode::Esc)), FormOutcome::Continue);
    assert!(form.is_confirming_discard());
    // Other keys wait for an answer and change nothing.
    press(
        &mut form,
        [key(KeyCode::Up), key(KeyCode::Enter), key(KeyCode::Tab)],
    );
    assert_eq!(time_of(&form), t(8, 0), "↑ on the hour, once");
    assert_eq!(form.focus(), Focus::Time);
    // n goes back to editing, with the changes.
    press(&mut form, [key(KeyCode::Char('n'))]);
    assert!(!form.is_confirming_discard());
    assert_eq!(time_of(&form), t(8, 0));
    // y discards.
    press(&mut form, [key(KeyCode::Esc)]);
    assert_eq!(
        form.handle_key(key(KeyCode::Char('y'))),
        FormOutcome::Cancel
    );
    // So does a second Esc.
    let mut form = new_form();
    type_text(&mut form, "08");
    assert!(form.is_dirty(), "a half-typed time is a change");
    press(&mut form, [key(KeyCode::Esc)]);
    assert_eq!(form.handle_key(key(KeyCode::Esc)), FormOutcome::Cancel);
}

#[test]
fn editing_an_alarm_round_trips_its_values_when_nothing_is_edited() {
    let alarm = work_alarm();
    let mut form = AlarmForm::edit("755971717", "Charge 2", &alarm, true);
    assert_eq!(
        form.mode(),
        &FormMode::Edit {
            tracker_id: "755971717".into(),
            alarm_id: 11_426_382
        }
    );
    assert!(!form.is_dirty());
    assert_eq!(form.draft(), Ok(AlarmDraft::from(&alarm)));
    // Walking through every field without editing changes nothing.
    press(&mut form, [key(KeyCode::Tab); 8]);
    assert_eq!(
        form.handle_key(key(KeyCode::Enter)),
        FormOutcome::Submit(AlarmDraft::from(&alarm))
    );
    // A vibe the form does not know is kept as is.
    let odd = Alarm {
        vibe: "PULSE".into(),
        label: None,
        ..work_alarm()
    };
    let form = AlarmForm::edit("1", "Charge 2", &odd, false);
    assert_eq!(form.draft(), Ok(AlarmDraft::from(&odd)));
}

#[test]
fn create_starts_from_the_default_draft() {
    let form = new_form();
    assert_eq!(
        form.mode(),
        &FormMode::Create {
            tracker_id: "755971717".into()
        }
    );
    assert_eq!(form.draft(), Ok(AlarmDraft::default()));
    assert_eq!(form.title(), "New alarm on Charge 2");
}

// ---- saving, server errors, event kinds ---------------------------------------------------

#[test]
fn keys_are_ignored_while_saving() {
    let mut form = new_form();
    let FormOutcome::Submit(_) = form.handle_key(key(KeyCode::Enter)) else {
        panic!("submits");
    };
    form.set_saving(true);
    assert!(form.is_saving());
    press(
        &mut form,
        [
            key(KeyCode::Up),
            key(KeyCode::Tab),
            key(KeyCode::Enter),
            key(KeyCode::Esc),
            key(KeyCode::Char('5')),
        ],
    );
    assert_eq!(form.focus(), Focus::Time);
    assert_eq!(time_of(&form), t(7, 0));
    assert!(screen(&form, 80, 24).contains("saving…"));
    form.set_saving(false);
    press(&mut form, [key(KeyCode::Up)]);
    assert_eq!(time_of(&form), t(8, 0));
}

#[test]
fn a_server_error_shows_until_the_next_edit() {
    let mut form = new_form();
    form.set_saving(true);
    form.set_server_error("Tracker has too many alarms".into());
    assert!(!form.is_saving(), "a failed save is over");
    assert_eq!(form.server_error(), Some("Tracker has too many alarms"));
    assert!(screen(&form, 80, 24).contains("Not saved: Tracker has too many alarms"));
    // Moving around is not an edit.
    press(&mut form, [key(KeyCode::Tab), key(KeyCode::Right)]);
    assert!(form.server_error().is_some());
    type_text(&mut form, " ");
    assert_eq!(form.server_error(), None);
    assert!(!screen(&form, 80, 24).contains("Not saved"));
    // Trying again without an edit also retires the old message.
    form.set_server_error("Service unavailable".into());
    form.set_saving(true);
    assert_eq!(form.server_error(), None);
}

#[test]
fn only_key_presses_count() {
    let mut form = new_form();
    for kind in [KeyEventKind::Release, KeyEventKind::Repeat] {
        let mut event = key(KeyCode::Up);
        event.kind = kind;
        assert_eq!(form.handle_key(event), FormOutcome::Continue);
        let mut esc = key(KeyCode::Esc);
        esc.kind = kind;
        assert_eq!(form.handle_key(esc), FormOutcome::Continue);
    }
    assert_eq!(time_of(&form), t(7, 0));
}

#[test]
fn ctrl_keys_are_not_taken_as_presets_or_digits() {
    let mut form = new_form();
    press(&mut form, [ctrl('c'), ctrl('5')]);
    assert_eq!(time_of(&form), t(7, 0));
    focus_on(&mut form, Focus::Days);
    press(&mut form, [ctrl('a'), ctrl('n')]);
    assert_eq!(form.days_field().days(), Weekdays::WORKDAYS);
    assert!(!form.is_dirty());
}

// ---- rendering ----------------------------------------------------------------------------

#[test]
fn snapshot_every_focus_state_80x24() {
    let mut form = new_form();
    for focus in Focus::ALL {
        focus_on(&mut form, focus);
        let name = format!(
            "focus_{}_80x24",
            focus.label().to_lowercase().replace(' ', "_")
        );
        insta::assert_snapshot!(name, render(&form, 80, 24).backend());
    }
}

#[test]
fn snapshot_edit_mode_120x40() {
    let form = AlarmForm::edit("755971717", "Charge 2", &work_alarm(), false);
    insta::assert_snapshot!("edit_120x40", render(&form, 120, 40).backend());
}

#[test]
fn snapshot_validation_errors() {
    let mut form = new_form();
    type_text(&mut form, "2");
    focus_on(&mut form, Focus::Days);
    type_text(&mut form, "n");
    focus_on(&mut form, Focus::SnoozeLength);
    type_text(&mut form, "0");
    assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Continue);
    insta::assert_snapshot!("validation_errors_80x24", render(&form, 80, 24).backend());
}

#[test]
fn snapshot_typing_a_time() {
    let mut form = new_form();
    type_text(&mut form, "06");
    insta::assert_snapshot!("typing_time_80x24", render(&form, 80, 24).backend());
}

#[test]
fn snapshot_discard_confirmation() {
    let mut form = new_form();
    press(&mut form, [key(KeyCode::Up), key(KeyCode::Esc)]);
    insta::assert_snapshot!("confirm_discard_80x24", render(&form, 80, 24).backend());
}

#[test]
fn snapshot_server_error() {
    let mut form = AlarmForm::edit("755971717", "Charge 2", &work_alarm(), false);
    form.set_server_error(
        "The tracker already has 8 alarms; delete one on the Alarms tab first.".into(),
    );
    insta::assert_snapshot!("server_error_80x24", render(&form, 80, 24).backend());
}

#[test]
fn snapshot_twelve_hour_once_and_off() {
    let alarm = Alarm {
        time: t(18, 45),
        recurring: false,
        enabled: false,
        ..work_alarm()
    };
    let form = AlarmForm::edit("755971717", "Charge 2", &alarm, true);
    insta::assert_snapshot!("twelve_hour_80x24", render(&form, 80, 24).backend());
}

#[test]
fn snapshot_saving() {
    let mut form = new_form();
    form.set_saving(true);
    insta::assert_snapshot!("saving_80x24", render(&form, 80, 24).backend());
}

#[test]
fn snapshot_compact_layout_in_a_short_area() {
    // The Alarms tab body at the app's smallest size (60×18 minus header and status line).
    let mut form = new_form();
    focus_on(&mut form, Focus::SnoozeLength);
    type_text(&mut form, "61");
    insta::assert_snapshot!("compact_60x16", render(&form, 60, 16).backend());
}

/// The popup as text, then where the terminal cursor is (a snapshot cannot show it otherwise).
fn screen_with_cursor(form: &AlarmForm, width: u16, height: u16) -> String {
    let terminal = render(form, width, height);
    let cursor = AlarmFormView { form }
        .cursor(ratatui::layout::Rect::new(0, 0, width, height))
        .map_or_else(|| "hidden".to_string(), |p| format!("x={} y={}", p.x, p.y));
    format!("{}\ncursor: {cursor}", terminal.backend())
}

/// A label at the length limit that is twice as wide on screen: emoji and CJK.
const WIDE_LABEL: &str = "⏰ 早起きランニング、チームと公園で朝練する日ですよね 🏃";

fn wide_label_form() -> AlarmForm {
    let alarm = Alarm {
        label: Some(WIDE_LABEL.into()),
        ..work_alarm()
    };
    AlarmForm::edit("755971717", "Charge 2", &alarm, false)
}

#[test]
fn snapshot_half_typed_time_with_its_cursor() {
    let mut form = new_form();
    type_text(&mut form, "123");
    assert_eq!(form.time_field().text(), "12:3_");
    for (w, h) in [(80, 24), (60, 18)] {
        insta::assert_snapshot!(
            format!("half_typed_time_{w}x{h}"),
            screen_with_cursor(&form, w, h)
        );
    }
}

#[test]
fn snapshot_duplicate_warning() {
    let mut form =
        AlarmForm::create("755971717", "Charge 2", false).with_existing(&tracker_alarms());
    type_text(&mut form, "0715");
    focus_on(&mut form, Focus::Days);
    type_text(&mut form, "n ");
    press(&mut form, [key(KeyCode::Right)]);
    type_text(&mut form, "x");
    assert!(form.duplicate().is_some());
    for (w, h) in [(80, 24), (60, 18)] {
        let text = screen_with_cursor(&form, w, h);
        assert!(text.contains("⚠ Same as the 07:15"), "{text}");
        insta::assert_snapshot!(format!("duplicate_warning_{w}x{h}"), text);
    }
}

#[test]
fn snapshot_long_emoji_label() {
    assert!(WIDE_LABEL.chars().count() <= LABEL_MAX_CHARS);
    let form = wide_label_form();
    assert!(form.errors().is_empty());
    for (w, h) in [(80, 24), (60, 18)] {
        let text = screen_with_cursor(&form, w, h);
        insta::assert_snapshot!(format!("long_emoji_label_{w}x{h}"), text);
    }
}

#[test]
fn a_wide_label_ends_with_an_ellipsis_inside_the_border() {
    let form = wide_label_form();
    for (w, h) in [(80, 24), (60, 18)] {
        let terminal = render(&form, w, h);
        let buffer = terminal.backend().buffer();
        let row = find(&form, w, h, "Label").y;
        let line: String = (0..w).map(|x| buffer[(x, row)].symbol()).collect();
        assert!(line.contains('…'), "{line}");
        // The right border stays where every other row has it.
        let border = find(&form, w, h, "╮").x;
        let right = (0..w)
            .rev()
            .find(|&x| buffer[(x, row)].symbol() == "│")
            .unwrap();
        assert_eq!(right, border, "{line}");
    }
    // Focused, the label scrolls inside its box and the border holds too.
    let mut form = wide_label_form();
    focus_on(&mut form, Focus::Label);
    let terminal = render(&form, 60, 18);
    let buffer = terminal.backend().buffer();
    let row = find(&form, 60, 18, "Label").y;
    let border = find(&form, 60, 18, "╮").x;
    assert_eq!(buffer[(border, row)].symbol(), "│");
}

#[test]
fn the_alarms_list_cuts_wide_labels_with_an_ellipsis() {
    use fittui::ui::alarms::alarm_row;
    let alarm = Alarm {
        label: Some(WIDE_LABEL.into()),
        ..work_alarm()
    };
    for width in [80u16, 100, 120] {
        let line = alarm_row(&alarm, false, false, None, width);
        assert!(line.width() <= usize::from(width), "{width}: {line:?}");
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(text.ends_with('…'), "{width}: {text}");
        assert!(text.contains("07:15"));
    }
    // A label that fits is shown whole.
    let line = alarm_row(&work_alarm(), false, false, None, 100);
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    assert!(text.ends_with(" Work"), "{text}");
}

#[test]
fn title_names_the_mode_and_tracker() {
    assert!(screen(&new_form(), 80, 24).contains("New alarm on Charge 2"));
    let form = AlarmForm::edit("1", "Inspire 2", &work_alarm(), false);
    assert!(screen(&form, 120, 40).contains("Edit alarm on Inspire 2"));
}

#[test]
fn the_focused_field_is_highlighted() {
    let mut form = new_form();
    let terminal = render(&form, 80, 24);
    let buffer = terminal.backend().buffer();
    let marker = find(&form, 80, 24, "▶ Time");
    assert_eq!(buffer[marker].style().fg, Some(theme_accent()));
    let name = Position::new(marker.x + 2, marker.y);
    assert!(buffer[name].style().add_modifier.contains(Modifier::BOLD));
    assert_eq!(buffer[name].style().fg, Some(theme_accent()));
    let value = find(&form, 80, 24, "07:00");
    assert!(
        buffer[value]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED),
        "the focused value is reversed"
    );
    // An unfocused field has neither.
    let days = find(&form, 80, 24, "Days");
    assert_ne!(buffer[days].style().fg, Some(theme_accent()));
    assert_eq!(buffer[Position::new(days.x - 2, days.y)].symbol(), " ");

    // After Tab, the highlight moves: the day under the cursor is reversed, the time is not.
    press(&mut form, [key(KeyCode::Tab)]);
    let terminal = render(&form, 80, 24);
    let buffer = terminal.backend().buffer();
    let value = find(&form, 80, 24, "07:00");
    assert!(
        !buffer[value]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    let monday = find(&form, 80, 24, "[x]Mon");
    assert!(
        buffer[monday]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    let tuesday = find(&form, 80, 24, "[x]Tue");
    assert!(
        !buffer[tuesday]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    assert_eq!(buffer[Position::new(monday.x - 17, monday.y)].symbol(), "▶");
}

#[test]
fn errors_are_red() {
    let mut form = new_form();
    type_text(&mut form, "2");
    press(&mut form, [key(KeyCode::Tab)]);
    let terminal = render(&form, 80, 24);
    let buffer = terminal.backend().buffer();
    let message = find(&form, 80, 24, "time is incomplete");
    assert_eq!(buffer[message].style().fg, Some(ratatui::style::Color::Red));
    let value = find(&form, 80, 24, "2_:00");
    assert_eq!(buffer[value].style().fg, Some(ratatui::style::Color::Red));
}

#[test]
fn cursor_sits_in_the_label_and_on_the_time_digit_it_types_over() {
    let mut form = new_form();
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let shown = find(&form, 80, 24, "07:00");
    assert_eq!(
        AlarmFormView { form: &form }.cursor(area),
        Some(shown),
        "on the first digit"
    );
    type_text(&mut form, "06");
    let at = AlarmFormView { form: &form }.cursor(area).unwrap();
    let typed = find(&form, 80, 24, "06:00");
    assert_eq!(at, Position::new(typed.x + 3, typed.y));
    type_text(&mut form, "3");
    let at = AlarmFormView { form: &form }.cursor(area).unwrap();
    assert_eq!(at, Position::new(typed.x + 4, typed.y), "on the blank");
    press(&mut form, [key(KeyCode::Left), key(KeyCode::Left)]);
    let at = AlarmFormView { form: &form }.cursor(area).unwrap();
    assert_eq!(at, Position::new(typed.x + 1, typed.y), "skips the colon");

    press(&mut form, [key(KeyCode::End), key(KeyCode::Left)]);
    type_text(&mut form, "0");
    assert_eq!(time_of(&form), t(6, 30));
    focus_on(&mut form, Focus::Label);
    type_text(&mut form, "Gym");
    let at = AlarmFormView { form: &form }.cursor(area).unwrap();
    let text = find(&form, 80, 24, "Gym");
    assert_eq!(at, Position::new(text.x + 3, text.y));
    press(&mut form, [key(KeyCode::Left)]);
    let at = AlarmFormView { form: &form }.cursor(area).unwrap();
    assert_eq!(at, Position::new(text.x + 2, text.y));
    assert_eq!(render(&form, 80, 24).get_cursor_position().unwrap(), at);

    press(&mut form, [key(KeyCode::Esc)]);
    assert!(form.is_confirming_discard());
    assert_eq!(AlarmFormView { form: &form }.cursor(area), None);
}

#[test]
fn the_help_line_shows_the_focused_fields_keys() {
    let mut form = new_form();
    assert!(screen(&form, 80, 24).contains("PgUp/PgDn ±15 min"));
    focus_on(&mut form, Focus::Days);
    let text = screen(&form, 80, 24);
    assert!(text.contains("w weekdays  e weekend  a every day  n none"));
    assert!(!text.contains("±15 min"));
    let twelve = AlarmForm::create("1", "Charge 2", true);
    assert!(screen(&twelve, 80, 24).contains("a/p AM/PM"));
}

#[test]
fn the_popup_fits_the_alarms_tab_body_at_80x24() {
    // The tab body is 22 rows at 80×24; every state must fit with its borders.
    let mut form = new_form();
    form.set_server_error("x".repeat(150));
    let text = screen(&form, 80, 22);
    assert!(text.contains("New alarm on Charge 2"));
    assert!(text.contains("Vibe"));
    assert!(text.contains("±15 min"), "help line visible:\n{text}");
    assert!(
        text.contains('╭') && text.contains('╰'),
        "both borders drawn:\n{text}"
    );
}

fn theme_accent() -> ratatui::style::Color {
    fittui::ui::theme::ACCENT
}
