//! One state per tab, each with its own key handling. The Heart tab keeps its ECG selection and
//! the Alarms tab its selection, saves in flight and the alarm form; Today, Sleep and Devices
//! show the shared day's data and keep nothing of their own yet.

pub mod alarms;
pub mod heart;

use super::action::Effect;
use super::keymap::Command;
use super::shell::Shell;
use super::tab::Tab;
use alarms::AlarmsState;
use heart::HeartState;

/// The tabs' own states.
#[derive(Debug, Default)]
pub struct Tabs {
    pub(super) heart: HeartState,
    pub(super) alarms: AlarmsState,
}

impl Tabs {
    /// A tab-scoped command (list selection, alarm commands) for the tab on screen.
    pub(super) fn command(&mut self, command: Command, shell: &mut Shell) -> Vec<Effect> {
        match shell.tab {
            Tab::Heart => self.heart.command(command, shell),
            Tab::Alarms => self.alarms.command(command, shell),
            Tab::Today | Tab::Sleep | Tab::Devices => Vec::new(),
        }
    }

    /// The day on screen changed.
    pub(super) fn day_changed(&mut self) {
        self.heart.day_changed();
    }
}
