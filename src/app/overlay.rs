//! Popups drawn over the tabs that take the keys first: the help, a message, a yes / no
//! question. (The alarm editor belongs to the Alarms tab's state.)

use super::status::Severity;

/// Something drawn over the tabs that takes the keys first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key help, scrolled down by `scroll` rows.
    Help { scroll: u16 },
    /// The message log, newest first, `scroll` messages down.
    Log { scroll: u16 },
    /// A message that needs acknowledging (Esc or Enter closes it).
    Message {
        severity: Severity,
        title: String,
        body: String,
    },
    /// A yes/no question before something that cannot be undone.
    Confirm(Confirm),
    /// The `g` prompt: go to a date.
    GoTo(super::goto::GoToPrompt),
    /// Personal records and streaks (`p`): `None` while they are computed.
    Records(Option<Result<crate::store::Records, String>>),
}

impl Overlay {
    /// The help, at its top.
    pub const HELP: Overlay = Overlay::Help { scroll: 0 };
}

/// A question answered with `y` or `n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub body: String,
    pub action: ConfirmAction,
}

/// What `y` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmAction {
    DeleteAlarm { tracker_id: String, alarm_id: u64 },
    Quit,
}
