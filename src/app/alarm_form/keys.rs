//! The alarm form's key hints, generated from the key table ([`crate::app::keymap`]): the
//! form's key line shows the focused field's rows, the help overlay lists every key.

use super::Focus;
use crate::app::keymap::{self, Scope};

/// One key (or key group) and what it does, as the form's key line shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHint {
    pub keys: &'static str,
    pub action: &'static str,
}

/// The key line's hints of one scope: its rows that have a short label.
fn hints(scope: Scope, twelve_hour: bool) -> Vec<KeyHint> {
    keymap::rows(scope, twelve_hour)
        .filter_map(|b| {
            b.hint.map(|keys| KeyHint {
                keys,
                action: b.description,
            })
        })
        .collect()
}

/// Keys that work on every field.
pub fn form_keys() -> Vec<KeyHint> {
    hints(Scope::Form, false)
}

impl Focus {
    /// The key-table scope of this field; `None` for the read-only vibe.
    pub const fn scope(self) -> Option<Scope> {
        match self {
            Focus::Time => Some(Scope::Time),
            Focus::Days => Some(Scope::Days),
            Focus::Repeat => Some(Scope::Repeat),
            Focus::Enabled => Some(Scope::Enabled),
            Focus::SnoozeLength => Some(Scope::SnoozeLength),
            Focus::SnoozeCount => Some(Scope::SnoozeCount),
            Focus::Label => Some(Scope::Label),
            Focus::Vibe => None,
        }
    }

    /// The keys that act on this field (the form-wide [`form_keys`] come on top). Empty for the
    /// read-only vibe.
    pub fn key_hints(self, twelve_hour: bool) -> Vec<KeyHint> {
        self.scope()
            .map(|scope| hints(scope, twelve_hour))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_line_keeps_its_wording() {
        let line = |hints: Vec<KeyHint>| {
            hints
                .iter()
                .map(|h| format!("{} {}", h.keys, h.action))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        assert_eq!(
            line(form_keys()),
            "Tab next field · Shift-Tab previous field · Enter save · Esc cancel"
        );
        assert_eq!(
            line(Focus::Time.key_hints(true)),
            "0–9 type over · ←/→ digit · ↑/↓ ±1 h/min · PgUp/PgDn ±15 min · a/p AM/PM · Bksp erase"
        );
        assert_eq!(
            line(Focus::Time.key_hints(false)),
            "0–9 type over · ←/→ digit · ↑/↓ ±1 h/min · PgUp/PgDn ±15 min · Bksp erase"
        );
        assert_eq!(
            line(Focus::Days.key_hints(false)),
            "←/→ day · Space toggle · w weekdays · e weekend · a every day · n none"
        );
        assert_eq!(
            line(Focus::Label.key_hints(false)),
            "type to edit · ←/→ move · Ctrl-W delete word · Ctrl-U clear"
        );
        assert!(Focus::Vibe.key_hints(false).is_empty());
    }
}
