//! The time field: a segmented `HH:MM` editor with a cursor on one of its four digits.
//!
//! The editing model is described on [`TimeField`].

use crate::app::keymap::FieldEdit;
use crate::domain::alarm::AlarmTime;

/// Minutes moved by ↑/↓ on the minute.
pub const SMALL_STEP_MIN: i32 = 1;
/// Minutes moved by PgUp/PgDn and Shift-↑/↓.
pub const LARGE_STEP_MIN: i32 = 15;
/// Cursor position after the last digit.
const END: usize = 4;

/// Why the typed time cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeProblem {
    /// Some digits are blank; `missing` more are needed.
    Incomplete { missing: usize },
    /// The hour is outside 00–23 (24-hour) or 1–12 (12-hour).
    HourOutOfRange { twelve_hour: bool },
    /// The minute is 60 or more.
    MinuteOutOfRange,
}

impl TimeProblem {
    /// The message for this one problem.
    pub fn message(self) -> String {
        match self {
            Self::Incomplete { missing: 1 } => {
                "time is incomplete: type 1 more digit (HHMM)".to_string()
            }
            Self::Incomplete { missing } => {
                format!("time is incomplete: type {missing} more digits (HHMM)")
            }
            Self::HourOutOfRange { twelve_hour: false } => "hour must be 00–23".to_string(),
            Self::HourOutOfRange { twelve_hour: true } => "hour must be 1–12".to_string(),
            Self::MinuteOutOfRange => "minute must be 00–59".to_string(),
        }
    }

    /// Every problem in one message, `; `-separated.
    pub fn messages(problems: &[TimeProblem]) -> String {
        problems
            .iter()
            .map(|p| p.message())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// State of the time field.
///
/// The editing model (the help and the form's key line say the same):
///
/// - **Digits type over** the digit under the cursor and move the cursor right. The first digit
///   of the hour or of the minute starts that part afresh: its second digit is cleared
///   (`07:45`, cursor on the `4`, `3` → `07:3_`), so an old digit never mixes with a new one.
/// - **A digit that cannot start a part is that part's second digit**: `3`–`9` as the first
///   hour digit on a 24-hour clock (`2`–`9` on a 12-hour one) is the whole hour (`3` → `03:`)
///   and `6`–`9` as the first minute digit is the whole minute (`6` → `:06`).
/// - **A digit that cannot finish the hour starts the minute**, when the hour's second digit
///   is still blank: the first digit was the whole hour (24-hour `2`,`5` → `02:5_`; 12-hour
///   `1`,`3` → `01:3_`, read 1:3_). Over an existing second digit such a digit is refused, and
///   so is `0` after `0` on a 12-hour clock (there is no hour 0).
/// - **A full field ignores further digits**: after the fourth digit the cursor rests at the
///   end; ←, Home or Backspace go back. Nothing starts over on its own. Focusing the field
///   (opening the form, Tab / Shift-Tab onto it) puts the cursor on the first digit, so four
///   digits typed then always make a whole time.
/// - **←/→** move between the digits (and the end), **Home/End** jump to the first / the end.
/// - **Backspace** clears the digit left of the cursor and moves there. It never brings an
///   old value back: erasing everything leaves `__:__`. On the first digit it does nothing.
/// - **`:`** ends a one-digit hour (`7:` → `07:`) or jumps to the minute.
/// - **↑/↓** step the part under the cursor by one (hour ±1 h; minute ±1 min, carrying into the
///   hour), **PgUp/PgDn** (and Shift-↑/↓) move the time by 15 min. Both start from what is
///   typed, blanks read as `0`, so nothing typed is discarded.
/// - **a/p** (12-hour clock) pick AM or PM, typed or not.
///
/// Values are always checked as a whole: a blank digit, an hour outside 00–23 (1–12) and a
/// minute outside 00–59 are each reported, and any of them blocks saving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeField {
    /// Hour tens, hour ones, minute tens, minute ones; `None` is a blank. On a 12-hour clock
    /// the hour digits are the 1–12 hour.
    digits: [Option<u8>; 4],
    /// The digit the next key types over (0–3), or [`END`].
    cursor: usize,
    /// 12-hour clock: after noon.
    pm: bool,
    twelve_hour: bool,
}

impl TimeField {
    /// The field showing `time`, the cursor on its first digit.
    pub fn new(time: AlarmTime, twelve_hour: bool) -> Self {
        let mut field = Self {
            digits: [None; 4],
            cursor: 0,
            pm: false,
            twelve_hour,
        };
        field.set_time(time);
        field
    }

    /// Whether the field shows a 12-hour clock.
    pub fn twelve_hour(&self) -> bool {
        self.twelve_hour
    }

    /// The typed time with blank digits read as `0` (what ↑/↓ step from), and a typed hour or
    /// minute out of range wrapped into it.
    pub fn time(&self) -> AlarmTime {
        let d = |i: usize| self.digits[i].unwrap_or(0);
        let typed_hour = d(0) * 10 + d(1);
        let hour = if self.twelve_hour {
            typed_hour % 12 + if self.pm { 12 } else { 0 }
        } else {
            typed_hour % 24
        };
        let minute = (d(2) * 10 + d(3)) % 60;
        AlarmTime { hour, minute }
    }

    /// The time to save, or every reason there is none.
    pub fn value(&self) -> Result<AlarmTime, Vec<TimeProblem>> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(self.time())
        } else {
            Err(problems)
        }
    }

    /// Everything wrong with the typed digits: blanks first, then the hour, then the minute.
    pub fn problems(&self) -> Vec<TimeProblem> {
        let mut problems = Vec::new();
        let missing = self.digits.iter().filter(|d| d.is_none()).count();
        if missing > 0 {
            problems.push(TimeProblem::Incomplete { missing });
        }
        if let [Some(tens), Some(ones), ..] = self.digits
            && !self.hour_ok(tens * 10 + ones)
        {
            problems.push(TimeProblem::HourOutOfRange {
                twelve_hour: self.twelve_hour,
            });
        }
        if self.digits[2].is_some_and(|tens| tens > 5) {
            problems.push(TimeProblem::MinuteOutOfRange);
        }
        problems
    }

    /// The first problem, if any.
    pub fn problem(&self) -> Option<TimeProblem> {
        self.problems().first().copied()
    }

    /// Whether some digit is blank.
    pub fn is_incomplete(&self) -> bool {
        self.digits.iter().any(Option::is_none)
    }

    /// The field as shown: `07:00`, `07:00 AM`, with `_` for blanks (`06:3_`).
    pub fn text(&self) -> String {
        let slot = |i: usize| self.digits[i].map_or('_', |d| char::from(b'0' + d));
        let mut text = format!("{}{}:{}{}", slot(0), slot(1), slot(2), slot(3));
        if self.twelve_hour {
            text.push_str(if self.pm { " PM" } else { " AM" });
        }
        text
    }

    /// The cursor: 0–3 for a digit, 4 after the last one.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Column of the cursor within [`TimeField::text`].
    pub fn cursor_column(&self) -> u16 {
        match self.cursor {
            0 => 0,
            1 => 1,
            2 => 3,
            3 => 4,
            _ => 5,
        }
    }

    /// Puts the cursor on the first digit; called when the field gains focus, so typing four
    /// digits always types a whole time.
    pub fn focus(&mut self) {
        self.cursor = 0;
    }

    /// Applies an edit meant for this field; returns whether the value changed.
    pub fn apply(&mut self, edit: FieldEdit) -> bool {
        let before = (self.digits, self.pm);
        match edit {
            FieldEdit::Step { up, big: false } => self.step_segment(up),
            FieldEdit::Step { up, big: true } => {
                self.step_minutes(if up { LARGE_STEP_MIN } else { -LARGE_STEP_MIN });
            }
            FieldEdit::Erase => self.erase(),
            FieldEdit::Digit(digit) => self.type_digit(digit),
            FieldEdit::Separator => self.type_separator(),
            FieldEdit::Meridiem { pm } if self.twelve_hour => self.pm = pm,
            FieldEdit::CursorPrev => self.cursor = self.cursor.saturating_sub(1),
            FieldEdit::CursorNext => self.cursor = (self.cursor + 1).min(END),
            FieldEdit::CursorFirst => self.cursor = 0,
            FieldEdit::CursorLast => self.cursor = END,
            _ => {}
        }
        (self.digits, self.pm) != before
    }

    fn hour_ok(&self, hour: u8) -> bool {
        if self.twelve_hour {
            (1..=12).contains(&hour)
        } else {
            hour <= 23
        }
    }

    /// Fills every digit (and AM/PM) from `time`.
    fn set_time(&mut self, time: AlarmTime) {
        let hour = if self.twelve_hour {
            match time.hour % 12 {
                0 => 12,
                h => h,
            }
        } else {
            time.hour
        };
        self.pm = time.hour >= 12;
        self.digits = [
            Some(hour / 10),
            Some(hour % 10),
            Some(time.minute / 10),
            Some(time.minute % 10),
        ];
    }

    /// ↑/↓: the hour by one hour, the minute (or the end) by one minute.
    fn step_segment(&mut self, up: bool) {
        let sign = if up { 1 } else { -1 };
        if self.cursor < 2 {
            self.step_minutes(sign * 60);
        } else {
            self.step_minutes(sign * SMALL_STEP_MIN);
        }
    }

    fn step_minutes(&mut self, minutes: i32) {
        let time = self.time().step(minutes);
        self.set_time(time);
    }

    fn type_digit(&mut self, digit: u8) {
        let highest_hour_start = if self.twelve_hour { 1 } else { 2 };
        match self.cursor {
            0 if digit > highest_hour_start => {
                self.digits[0] = Some(0);
                self.digits[1] = Some(digit);
                self.cursor = 2;
            }
            0 => {
                self.digits[0] = Some(digit);
                self.digits[1] = None;
                self.cursor = 1;
            }
            1 => {
                let tens = self.digits[0].unwrap_or(0);
                if self.hour_ok(tens * 10 + digit) {
                    self.digits[0] = Some(tens);
                    self.digits[1] = Some(digit);
                    self.cursor = 2;
                } else if self.digits[1].is_none() && self.hour_ok(tens) {
                    // The first digit was the whole hour; this one starts the minute.
                    self.digits[0] = Some(0);
                    self.digits[1] = Some(tens);
                    self.cursor = 2;
                    self.type_digit(digit);
                }
                // Otherwise refused: no hour fits.
            }
            2 if digit > 5 => {
                self.digits[2] = Some(0);
                self.digits[3] = Some(digit);
                self.cursor = END;
            }
            2 => {
                self.digits[2] = Some(digit);
                self.digits[3] = None;
                self.cursor = 3;
            }
            3 => {
                self.digits[3] = Some(digit);
                self.cursor = END;
            }
            // Full: ignored.
            _ => {}
        }
    }

    /// `:` after a one-digit hour makes it the whole hour (`7:` → `07:`); otherwise it jumps to
    /// the minute.
    fn type_separator(&mut self) {
        if self.cursor >= 2 {
            return;
        }
        if self.cursor == 1
            && self.digits[1].is_none()
            && let Some(tens) = self.digits[0]
            && self.hour_ok(tens)
        {
            self.digits[0] = Some(0);
            self.digits[1] = Some(tens);
        }
        self.cursor = 2;
    }

    /// Clears the digit left of the cursor and moves onto it.
    fn erase(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            self.digits[self.cursor] = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Presses keys: digits, `:`, `a`/`p`, `<` `>` (←/→), `^` `v` (↑/↓), `+` `-` (PgUp/PgDn),
    /// `#` (Backspace), `H` (Home).
    fn press(field: &mut TimeField, keys: &str) {
        for c in keys.chars() {
            let edit = match c {
                '0'..='9' => FieldEdit::Digit(c as u8 - b'0'),
                ':' => FieldEdit::Separator,
                'a' => FieldEdit::Meridiem { pm: false },
                'p' => FieldEdit::Meridiem { pm: true },
                '<' => FieldEdit::CursorPrev,
                '>' => FieldEdit::CursorNext,
                'H' => FieldEdit::CursorFirst,
                '^' => FieldEdit::Step {
                    up: true,
                    big: false,
                },
                'v' => FieldEdit::Step {
                    up: false,
                    big: false,
                },
                '+' => FieldEdit::Step {
                    up: true,
                    big: true,
                },
                '-' => FieldEdit::Step {
                    up: false,
                    big: true,
                },
                '#' => FieldEdit::Erase,
                other => panic!("no edit for {other}"),
            };
            field.apply(edit);
        }
    }

    fn t(hour: u8, minute: u8) -> AlarmTime {
        AlarmTime { hour, minute }
    }

    #[test]
    fn digits_type_over_and_advance() {
        let mut f = TimeField::new(t(7, 0), false);
        press(&mut f, "06");
        assert_eq!(f.text(), "06:00");
        assert_eq!(f.cursor_column(), 3);
        press(&mut f, "3");
        assert_eq!(f.text(), "06:3_");
        assert_eq!(f.problem(), Some(TimeProblem::Incomplete { missing: 1 }));
        press(&mut f, "0");
        assert_eq!(f.value(), Ok(t(6, 30)));
        assert_eq!(f.cursor(), END);
    }

    #[test]
    fn backspace_clears_and_never_restores() {
        let mut f = TimeField::new(t(7, 0), false);
        press(&mut f, "H>>>>");
        let mut seen = Vec::new();
        for _ in 0..5 {
            press(&mut f, "#");
            seen.push(f.text());
        }
        assert_eq!(seen, ["07:0_", "07:__", "0_:__", "__:__", "__:__"]);
        assert_eq!(f.problem(), Some(TimeProblem::Incomplete { missing: 4 }));
    }

    #[test]
    fn steps_start_from_the_typed_value() {
        let mut f = TimeField::new(t(7, 0), false);
        press(&mut f, "123+");
        assert_eq!(f.value(), Ok(t(12, 45)), "12:3_ + PgUp");
        press(&mut f, "H^");
        assert_eq!(f.value(), Ok(t(13, 45)), "↑ on the hour");
        press(&mut f, ">>^");
        assert_eq!(f.value(), Ok(t(13, 46)), "↑ on the minute");
        press(&mut f, "H2");
        assert_eq!(f.text(), "2_:46");
        press(&mut f, "v");
        assert_eq!(f.value(), Ok(t(19, 46)), "blank reads 0: 20:46 − 1 h");
    }

    #[test]
    fn impossible_digits_never_make_an_impossible_time() {
        let mut f = TimeField::new(t(7, 0), false);
        press(&mut f, "2561");
        assert_eq!(f.value(), Ok(t(2, 56)));
        assert_eq!(f.text(), "02:56");
        let mut f = TimeField::new(t(7, 0), false);
        press(&mut f, "3");
        assert_eq!(f.text(), "03:00");
        press(&mut f, "7");
        assert_eq!(f.text(), "03:07");
        // Over an existing second digit an impossible one is refused.
        let mut f = TimeField::new(t(23, 0), false);
        press(&mut f, ">");
        assert!(!f.apply(FieldEdit::Digit(7)));
        assert_eq!(f.text(), "23:00");
    }

    #[test]
    fn a_full_field_ignores_more_digits() {
        let mut f = TimeField::new(t(7, 0), false);
        press(&mut f, ">>2");
        assert_eq!(f.text(), "07:2_");
        press(&mut f, "5");
        assert_eq!(f.value(), Ok(t(7, 25)));
        assert!(!f.apply(FieldEdit::Digit(6)));
        assert_eq!(f.text(), "07:25");
    }

    #[test]
    fn twelve_hour_one_then_three_is_one_thirty_something() {
        let mut f = TimeField::new(t(19, 0), true);
        assert_eq!(f.text(), "07:00 PM");
        press(&mut f, "13");
        assert_eq!(f.text(), "01:3_ PM");
        assert_eq!(f.problems(), [TimeProblem::Incomplete { missing: 1 }]);
        press(&mut f, "0");
        assert_eq!(f.value(), Ok(t(13, 30)));
        press(&mut f, "H12a");
        assert_eq!(f.text(), "12:30 AM");
        assert_eq!(f.value(), Ok(t(0, 30)));
        press(&mut f, "H00");
        assert_eq!(f.text(), "0_:30 AM", "there is no hour 00");
        press(&mut f, "9");
        assert_eq!(f.value(), Ok(t(9, 30)));
    }

    #[test]
    fn every_problem_is_reported() {
        let f = TimeField {
            digits: [Some(2), Some(5), Some(6), None],
            cursor: END,
            pm: false,
            twelve_hour: false,
        };
        assert_eq!(
            f.problems(),
            [
                TimeProblem::Incomplete { missing: 1 },
                TimeProblem::HourOutOfRange { twelve_hour: false },
                TimeProblem::MinuteOutOfRange,
            ]
        );
        assert_eq!(
            TimeProblem::messages(&f.problems()),
            "time is incomplete: type 1 more digit (HHMM); hour must be 00–23; minute must be 00–59"
        );
    }
}
