//! The time field: an [`AlarmTime`] stepped with the arrow keys or typed as four digits.
//!
//! Typing starts an *entry* that replaces the shown time digit by digit (`0`,`6`,`3`,`0` →
//! 06:30). A complete, possible entry becomes the new time at once; an incomplete or impossible
//! one stays on screen with a [`TimeProblem`] until it is fixed, and blocks saving.

use crate::app::keymap::FieldEdit;
use crate::domain::alarm::AlarmTime;

/// Minutes moved by ↑/↓.
pub const SMALL_STEP_MIN: i32 = 1;
/// Minutes moved by PgUp/PgDn and Shift-↑/↓.
pub const LARGE_STEP_MIN: i32 = 15;

/// Why a typed time cannot be used yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeProblem {
    /// Fewer than four digits typed; `missing` more are needed.
    Incomplete { missing: usize },
    /// The hour is outside 00–23 (24-hour) or 1–12 (12-hour).
    HourOutOfRange { twelve_hour: bool },
    /// The minute is 60 or more.
    MinuteOutOfRange,
}

impl TimeProblem {
    /// The message shown under the field.
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
}

/// Digits typed so far, and (12-hour clock) whether they mean PM.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TimeEntry {
    digits: Vec<u8>,
    pm: bool,
}

/// State of the time field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeField {
    /// The last complete, valid time.
    time: AlarmTime,
    /// Digits being typed, if any.
    entry: Option<TimeEntry>,
    twelve_hour: bool,
}

impl TimeField {
    /// The field showing `time`, not typing.
    pub fn new(time: AlarmTime, twelve_hour: bool) -> Self {
        Self {
            time,
            entry: None,
            twelve_hour,
        }
    }

    /// The last complete, valid time (what arrows step from).
    pub fn time(&self) -> AlarmTime {
        self.time
    }

    /// The time to save, or why there is none.
    pub fn value(&self) -> Result<AlarmTime, TimeProblem> {
        match self.problem() {
            Some(problem) => Err(problem),
            None => Ok(self.time),
        }
    }

    /// Whether digits are being typed.
    pub fn is_typing(&self) -> bool {
        self.entry.is_some()
    }

    /// What is wrong with the typed digits, if anything.
    pub fn problem(&self) -> Option<TimeProblem> {
        let entry = self.entry.as_ref()?;
        let d = &entry.digits;
        if d.len() >= 2 {
            let hour = d[0] * 10 + d[1];
            let bad = if self.twelve_hour {
                !(1..=12).contains(&hour)
            } else {
                hour > 23
            };
            if bad {
                return Some(TimeProblem::HourOutOfRange {
                    twelve_hour: self.twelve_hour,
                });
            }
        }
        if d.len() >= 3 && d[2] > 5 {
            return Some(TimeProblem::MinuteOutOfRange);
        }
        (d.len() < 4).then_some(TimeProblem::Incomplete {
            missing: 4 - d.len(),
        })
    }

    /// The field as shown: `07:00` / `7:00 AM`, or the entry with blanks (`06:3_`).
    pub fn text(&self) -> String {
        let Some(entry) = &self.entry else {
            return self.time.display(self.twelve_hour);
        };
        let slot = |i: usize| entry.digits.get(i).map_or('_', |d| char::from(b'0' + d));
        let mut text = format!("{}{}:{}{}", slot(0), slot(1), slot(2), slot(3));
        if self.twelve_hour {
            text.push_str(if entry.pm { " PM" } else { " AM" });
        }
        text
    }

    /// Column of the next digit to type within [`TimeField::text`], while typing.
    pub fn typing_column(&self) -> Option<u16> {
        let entry = self.entry.as_ref()?;
        Some(match entry.digits.len() {
            0 => 0,
            1 => 1,
            2 => 3,
            3 => 4,
            _ => 5,
        })
    }

    /// Applies an edit meant for this field; returns whether anything changed.
    pub fn apply(&mut self, edit: FieldEdit) -> bool {
        match edit {
            FieldEdit::Step { up, big } => {
                let minutes = if big { LARGE_STEP_MIN } else { SMALL_STEP_MIN };
                self.step(if up { minutes } else { -minutes })
            }
            FieldEdit::Erase => self.erase(),
            FieldEdit::Digit(digit) => self.type_digit(digit),
            FieldEdit::Separator => self.type_separator(),
            FieldEdit::Meridiem { pm } if self.twelve_hour => self.set_pm(pm),
            _ => false,
        }
    }

    /// Moves the last valid time by `minutes`, dropping any entry.
    fn step(&mut self, minutes: i32) -> bool {
        self.entry = None;
        self.time = self.time.step(minutes);
        true
    }

    fn type_digit(&mut self, digit: u8) -> bool {
        let pm = self.time.hour >= 12;
        // A full (so impossible) entry is replaced by a fresh one, like the shown time is.
        if self.entry.as_ref().is_some_and(|e| e.digits.len() >= 4) {
            self.entry = None;
        }
        let entry = self.entry.get_or_insert_with(|| TimeEntry {
            digits: Vec::new(),
            pm,
        });
        // An hour cannot start with this digit, so it is the hour's second digit.
        let highest_first = if self.twelve_hour { 1 } else { 2 };
        if entry.digits.is_empty() && digit > highest_first {
            entry.digits.push(0);
        }
        entry.digits.push(digit);
        self.commit_if_complete();
        true
    }

    /// `:` after one digit means that digit was the whole hour: `7:` → `07:`.
    fn type_separator(&mut self) -> bool {
        match &mut self.entry {
            Some(entry) if entry.digits.len() == 1 => {
                entry.digits.insert(0, 0);
                true
            }
            _ => false,
        }
    }

    /// Removes the last typed digit; on a shown time, starts an entry from its digits.
    fn erase(&mut self) -> bool {
        let entry = self.entry.get_or_insert_with(|| {
            let hour = if self.twelve_hour {
                match self.time.hour % 12 {
                    0 => 12,
                    h => h,
                }
            } else {
                self.time.hour
            };
            TimeEntry {
                digits: vec![
                    hour / 10,
                    hour % 10,
                    self.time.minute / 10,
                    self.time.minute % 10,
                ],
                pm: self.time.hour >= 12,
            }
        });
        entry.digits.pop();
        if entry.digits.is_empty() {
            self.entry = None;
        }
        true
    }

    /// `a` / `p` on a 12-hour clock.
    fn set_pm(&mut self, pm: bool) -> bool {
        if let Some(entry) = &mut self.entry {
            let changed = entry.pm != pm;
            entry.pm = pm;
            return changed;
        }
        let is_pm = self.time.hour >= 12;
        if is_pm == pm {
            return false;
        }
        self.time.hour = if pm {
            self.time.hour + 12
        } else {
            self.time.hour - 12
        };
        true
    }

    fn commit_if_complete(&mut self) {
        let Some(entry) = &self.entry else { return };
        if entry.digits.len() < 4 || self.problem().is_some() {
            return;
        }
        let d = &entry.digits;
        let mut hour = d[0] * 10 + d[1];
        if self.twelve_hour {
            hour = hour % 12 + if entry.pm { 12 } else { 0 };
        }
        if let Some(time) = AlarmTime::new(hour, d[2] * 10 + d[3]) {
            self.time = time;
            self.entry = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(field: &mut TimeField, keys: &str) {
        for c in keys.chars() {
            let edit = match c {
                '0'..='9' => FieldEdit::Digit(c as u8 - b'0'),
                ':' => FieldEdit::Separator,
                'a' => FieldEdit::Meridiem { pm: false },
                'p' => FieldEdit::Meridiem { pm: true },
                other => panic!("no edit for {other}"),
            };
            field.apply(edit);
        }
    }

    fn t(hour: u8, minute: u8) -> AlarmTime {
        AlarmTime { hour, minute }
    }

    #[test]
    fn digits_fill_hhmm_and_commit() {
        let mut f = TimeField::new(t(7, 0), false);
        press(&mut f, "06");
        assert_eq!(f.text(), "06:__");
        assert_eq!(f.typing_column(), Some(3));
        assert_eq!(f.problem(), Some(TimeProblem::Incomplete { missing: 2 }));
        press(&mut f, "30");
        assert_eq!(f.value(), Ok(t(6, 30)));
        assert!(!f.is_typing());
    }

    #[test]
    fn a_first_digit_too_big_for_tens_is_the_hour() {
        let mut f = TimeField::new(t(7, 0), false);
        press(&mut f, "745");
        assert_eq!(f.value(), Ok(t(7, 45)));
        let mut f = TimeField::new(t(7, 0), false);
        press(&mut f, "1:05");
        assert_eq!(f.value(), Ok(t(1, 5)));
    }

    #[test]
    fn twelve_hour_entry_keeps_the_half_of_day() {
        let mut f = TimeField::new(t(19, 0), true);
        press(&mut f, "0830");
        assert_eq!(f.value(), Ok(t(20, 30)));
        press(&mut f, "12");
        assert_eq!(f.text(), "12:__ PM");
        press(&mut f, "a00");
        assert_eq!(f.value(), Ok(t(0, 0)));
        press(&mut f, "13");
        assert_eq!(
            f.problem(),
            Some(TimeProblem::HourOutOfRange { twelve_hour: true })
        );
    }

    #[test]
    fn backspace_edits_the_shown_time() {
        let mut f = TimeField::new(t(7, 0), false);
        f.apply(FieldEdit::Erase);
        assert_eq!(f.text(), "07:0_");
        press(&mut f, "5");
        assert_eq!(f.value(), Ok(t(7, 5)));
    }
}
