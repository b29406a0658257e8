//! A small whole number (snooze length, snooze count): ↑/↓ step within its range, digits type.
//!
//! Like a selected spreadsheet cell, the first digit typed after the field gains focus (or
//! after a step) replaces the number; later digits append. Values outside the range are kept
//! as typed so the form can say what is wrong.

use std::ops::RangeInclusive;

use crate::app::keymap::FieldEdit;

/// Typed numbers stop growing at this many digits.
const MAX_DIGITS: u32 = 3;
/// Amount PgUp/PgDn and Shift-↑/↓ move by.
pub const LARGE_STEP: u16 = 5;

/// State of a number field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberField {
    /// `None` once every digit is erased.
    value: Option<u16>,
    range: RangeInclusive<u16>,
    /// The next digit replaces the value instead of appending to it.
    replace_next: bool,
}

impl NumberField {
    /// The field showing `value`; `range` bounds stepping (validation is the form's job).
    pub fn new(value: u16, range: RangeInclusive<u16>) -> Self {
        Self {
            value: Some(value),
            range,
            replace_next: true,
        }
    }

    /// The number, or `None` if the field is empty.
    pub fn value(&self) -> Option<u16> {
        self.value
    }

    /// The allowed values (stepping stays inside them).
    pub fn range(&self) -> &RangeInclusive<u16> {
        &self.range
    }

    /// The number as shown; empty when erased.
    pub fn text(&self) -> String {
        self.value.map(|v| v.to_string()).unwrap_or_default()
    }

    /// Makes the next digit replace the value; called when the field gains focus.
    pub fn select_all(&mut self) {
        self.replace_next = true;
    }

    /// Applies an edit meant for this field; returns whether the value changed.
    pub fn apply(&mut self, edit: FieldEdit) -> bool {
        let before = self.value;
        match edit {
            FieldEdit::Step { up, big } => {
                let delta = if big { i32::from(LARGE_STEP) } else { 1 };
                self.step(if up { delta } else { -delta });
            }
            FieldEdit::Erase => {
                self.replace_next = false;
                self.value = self.value.and_then(|v| (v >= 10).then_some(v / 10));
            }
            FieldEdit::Digit(digit) => self.type_digit(u16::from(digit)),
            _ => {}
        }
        self.value != before
    }

    /// Moves by `delta`, ending inside the range (an empty field starts at its low end).
    fn step(&mut self, delta: i32) {
        self.replace_next = true;
        let (low, high) = (i32::from(*self.range.start()), i32::from(*self.range.end()));
        let next = match self.value {
            Some(v) => (i32::from(v) + delta).clamp(low, high),
            None => low,
        };
        self.value = u16::try_from(next).ok();
    }

    fn type_digit(&mut self, digit: u16) {
        let current = if std::mem::take(&mut self.replace_next) {
            None
        } else {
            self.value
        };
        self.value = match current {
            None => Some(digit),
            Some(v) if v >= 10u16.pow(MAX_DIGITS - 1) => Some(v),
            Some(v) => Some(v * 10 + digit),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UP: FieldEdit = FieldEdit::Step {
        up: true,
        big: false,
    };

    #[test]
    fn first_digit_replaces_then_digits_append() {
        let mut f = NumberField::new(9, 1..=60);
        f.apply(FieldEdit::Digit(1));
        assert_eq!(f.value(), Some(1));
        f.apply(FieldEdit::Digit(5));
        assert_eq!(f.value(), Some(15));
        f.apply(FieldEdit::Digit(0));
        f.apply(FieldEdit::Digit(7));
        assert_eq!(f.value(), Some(150), "stops at three digits");
    }

    #[test]
    fn steps_stay_in_range_and_erasing_empties() {
        let mut f = NumberField::new(60, 1..=60);
        f.apply(UP);
        assert_eq!(f.value(), Some(60));
        f.apply(FieldEdit::Erase);
        f.apply(FieldEdit::Erase);
        assert_eq!(f.value(), None);
        assert_eq!(f.text(), "");
        f.apply(UP);
        assert_eq!(f.value(), Some(1));
        f.apply(FieldEdit::Step {
            up: false,
            big: true,
        });
        assert_eq!(f.value(), Some(1));
    }
}
