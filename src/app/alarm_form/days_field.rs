//! The weekday toggles: a day cursor over Mon…Sun, Space to toggle, letter presets.

use jiff::civil::Weekday;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

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

    /// Handles a key meant for this field; returns whether the chosen days changed.
    ///
    /// Moving the cursor changes nothing the form saves, so it returns `false`.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let before = self.days;
        match key.code {
            KeyCode::Left => self.cursor = (self.cursor + 6) % 7,
            KeyCode::Right => self.cursor = (self.cursor + 1) % 7,
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = 6,
            KeyCode::Char(_) => match super::plain_char(key) {
                Some(' ' | 'x') => self.days.toggle(self.cursor_day()),
                Some('h') => self.cursor = (self.cursor + 6) % 7,
                Some('l') => self.cursor = (self.cursor + 1) % 7,
                Some('w') => self.days = Weekdays::WORKDAYS,
                Some('e') => self.days = Weekdays::WEEKEND,
                Some('a') => self.days = Weekdays::EVERY_DAY,
                Some('n') => self.days = Weekdays::NONE,
                _ => {}
            },
            _ => {}
        }
        self.days != before
    }
}
