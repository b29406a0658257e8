//! The weekday toggles: a day cursor over Mon…Sun, Space to toggle, letter presets.

use jiff::civil::Weekday;

use crate::app::keymap::{DaysPreset, FieldEdit};
use crate::domain::alarm::Weekdays;

/// State of the days field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaysField {
    days: Weekdays,
    /// Index into [`Weekdays::ORDER`] of the day Space toggles.
    cursor: usize,
}

impl DaysField {
    /// The field showing `days`, with the cursor on Monday.
    pub fn new(days: Weekdays) -> Self {
        Self { days, cursor: 0 }
    }

    /// The chosen days.
    pub fn days(&self) -> Weekdays {
        self.days
    }

    /// The day under the cursor.
    pub fn cursor_day(&self) -> Weekday {
        Weekdays::ORDER[self.cursor]
    }

    /// Index of the day under the cursor, Monday = 0.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Applies an edit meant for this field; returns whether the chosen days changed.
    ///
    /// Moving the cursor changes nothing the form saves, so it returns `false`.
    pub fn apply(&mut self, edit: FieldEdit) -> bool {
        let before = self.days;
        match edit {
            FieldEdit::CursorPrev => self.cursor = (self.cursor + 6) % 7,
            FieldEdit::CursorNext => self.cursor = (self.cursor + 1) % 7,
            FieldEdit::CursorFirst => self.cursor = 0,
            FieldEdit::CursorLast => self.cursor = 6,
            FieldEdit::Toggle => self.days.toggle(self.cursor_day()),
            FieldEdit::Preset(preset) => {
                self.days = match preset {
                    DaysPreset::Workdays => Weekdays::WORKDAYS,
                    DaysPreset::Weekend => Weekdays::WEEKEND,
                    DaysPreset::EveryDay => Weekdays::EVERY_DAY,
                    DaysPreset::None => Weekdays::NONE,
                };
            }
            _ => {}
        }
        self.days != before
    }
}
