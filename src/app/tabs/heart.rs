//! The Heart tab's own state: which of the day's ECG readings is selected.

use crate::app::action::{Effect, Payload, Resource};
use crate::app::keymap::Command;
use crate::app::shell::Shell;

/// State of the Heart tab.
#[derive(Debug, Default)]
pub struct HeartState {
    ecg_selected: usize,
}

impl HeartState {
    /// The ECG reading selected in the day's list (the view clamps it to the list).
    pub fn ecg_selected(&self) -> usize {
        self.ecg_selected
    }

    pub(super) fn command(&mut self, command: Command, shell: &mut Shell) -> Vec<Effect> {
        let delta = match command {
            Command::SelectPrev => -1,
            Command::SelectNext => 1,
            _ => return Vec::new(),
        };
        let count = match shell
            .cache
            .get(&Resource::Heart(shell.selected))
            .and_then(|s| s.value())
            .map(|f| &f.value)
        {
            Some(Payload::Heart(day)) => day.ecg.as_ref().map_or(0, Vec::len),
            _ => 0,
        };
        if count > 0 {
            self.ecg_selected = self
                .ecg_selected
                .saturating_add_signed(delta)
                .min(count - 1);
        }
        Vec::new()
    }

    /// A new day starts at its first reading.
    pub(super) fn day_changed(&mut self) {
        self.ecg_selected = 0;
    }
}
