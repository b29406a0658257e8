//! The alarm form's key bindings as data: the form's help line shows them, and the app's help
//! overlay can list them from the same tables.

use super::Focus;

/// One key (or key group) and what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHint {
    pub keys: &'static str,
    pub action: &'static str,
}

const fn hint(keys: &'static str, action: &'static str) -> KeyHint {
    KeyHint { keys, action }
}

/// Keys that work on every field.
pub const FORM_KEYS: &[KeyHint] = &[
    hint("Tab", "next field"),
    hint("Shift-Tab", "previous field"),
    hint("Enter", "save"),
    hint("Esc", "cancel"),
];

const TIME_24H: &[KeyHint] = &[
    hint("↑/↓", "±1 min"),
    hint("PgUp/PgDn", "±15 min"),
    hint("0–9", "type HHMM"),
    hint("Bksp", "erase"),
];

const TIME_12H: &[KeyHint] = &[
    hint("↑/↓", "±1 min"),
    hint("PgUp/PgDn", "±15 min"),
    hint("0–9", "type HHMM"),
    hint("a/p", "AM/PM"),
    hint("Bksp", "erase"),
];

const DAYS: &[KeyHint] = &[
    hint("←/→", "day"),
    hint("Space", "toggle"),
    hint("w", "weekdays"),
    hint("e", "weekend"),
    hint("a", "every day"),
    hint("n", "none"),
];

const REPEAT: &[KeyHint] = &[hint("Space/←/→", "weekly or once")];

const ENABLED: &[KeyHint] = &[hint("Space", "on or off")];

const SNOOZE_LENGTH: &[KeyHint] = &[
    hint("↑/↓", "±1 min"),
    hint("PgUp/PgDn", "±5 min"),
    hint("0–9", "type minutes"),
    hint("Bksp", "erase"),
];

const SNOOZE_COUNT: &[KeyHint] = &[
    hint("↑/↓", "±1"),
    hint("PgUp/PgDn", "±5"),
    hint("0–9", "type a count"),
    hint("Bksp", "erase"),
];

const LABEL: &[KeyHint] = &[
    hint("type", "to edit"),
    hint("←/→", "move"),
    hint("Ctrl-W", "delete word"),
    hint("Ctrl-U", "clear"),
];

impl Focus {
    /// The keys that act on this field (the form-wide [`FORM_KEYS`] come on top). Empty for the
    /// read-only vibe.
    pub fn key_hints(self, twelve_hour: bool) -> &'static [KeyHint] {
        match self {
            Focus::Time if twelve_hour => TIME_12H,
            Focus::Time => TIME_24H,
            Focus::Days => DAYS,
            Focus::Repeat => REPEAT,
            Focus::Enabled => ENABLED,
            Focus::SnoozeLength => SNOOZE_LENGTH,
            Focus::SnoozeCount => SNOOZE_COUNT,
            Focus::Label => LABEL,
            Focus::Vibe => &[],
        }
    }
}
