//! Key bindings: one table, [`BINDINGS`], is both what keys do and what the help overlay shows,
//! so the two can never drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::tab::Tab;

/// A user intent a key can trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Quit,
    ToggleHelp,
    NextTab,
    PrevTab,
    GoTab(Tab),
    PrevDay,
    NextDay,
    PrevWeek,
    NextWeek,
    GoToday,
    Refresh,
    /// Select the previous item in the tab's list (ECG readings, alarms).
    SelectPrev,
    /// Select the next item in the tab's list.
    SelectNext,
    AddAlarm,
    EditAlarm,
    DeleteAlarm,
    ToggleAlarm,
}

impl Command {
    /// One line for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Command::Quit => "Quit",
            Command::ToggleHelp => "Show / hide this help",
            Command::NextTab => "Next tab",
            Command::PrevTab => "Previous tab",
            Command::GoTab(Tab::Today) => "Today tab",
            Command::GoTab(Tab::Heart) => "Heart tab",
            Command::GoTab(Tab::Sleep) => "Sleep tab",
            Command::GoTab(Tab::Devices) => "Devices tab",
            Command::GoTab(Tab::Alarms) => "Alarms tab",
            Command::PrevDay => "Previous day",
            Command::NextDay => "Next day",
            Command::PrevWeek => "One week back",
            Command::NextWeek => "One week forward",
            Command::GoToday => "Jump to today",
            Command::Refresh => "Refresh this tab",
            Command::SelectPrev => "Previous item",
            Command::SelectNext => "Next item",
            Command::AddAlarm => "Add an alarm",
            Command::EditAlarm => "Edit the alarm",
            Command::DeleteAlarm => "Delete (asks first)",
            Command::ToggleAlarm => "Turn it on / off",
        }
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere outside popups and forms.
    Global,
    /// On the Heart tab (the ECG list).
    Heart,
    /// On the Alarms tab.
    Alarms,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Anywhere",
            Scope::Heart => "Heart tab",
            Scope::Alarms => "Alarms tab",
        }
    }

    /// Whether bindings of this scope are active on `tab`.
    pub fn active_on(self, tab: Tab) -> bool {
        match self {
            Scope::Global => true,
            Scope::Heart => tab == Tab::Heart,
            Scope::Alarms => tab == Tab::Alarms,
        }
    }
}

/// One key chord.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> KeySpec {
    KeySpec {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> KeySpec {
    key(KeyCode::Char(c))
}

const fn shift(code: KeyCode) -> KeySpec {
    KeySpec {
        code,
        mods: KeyModifiers::SHIFT,
    }
}

const fn ctrl(c: char) -> KeySpec {
    KeySpec {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

/// A row of the keymap: the keys, what they do, and where.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [KeySpec],
    pub command: Command,
    pub scope: Scope,
}

const fn global(keys: &'static [KeySpec], command: Command) -> Binding {
    Binding {
        keys,
        command,
        scope: Scope::Global,
    }
}

const fn on(scope: Scope, keys: &'static [KeySpec], command: Command) -> Binding {
    Binding {
        keys,
        command,
        scope,
    }
}

/// Every key binding, in help-overlay order.
pub const BINDINGS: &[Binding] = &[
    global(&[key(KeyCode::Left), ch('h')], Command::PrevDay),
    global(&[key(KeyCode::Right), ch('l')], Command::NextDay),
    global(&[shift(KeyCode::Left), ch('H')], Command::PrevWeek),
    global(&[shift(KeyCode::Right), ch('L')], Command::NextWeek),
    global(&[ch('t')], Command::GoToday),
    global(&[key(KeyCode::Tab)], Command::NextTab),
    global(&[shift(KeyCode::BackTab)], Command::PrevTab),
    global(&[ch('1')], Command::GoTab(Tab::Today)),
    global(&[ch('2')], Command::GoTab(Tab::Heart)),
    global(&[ch('3')], Command::GoTab(Tab::Sleep)),
    global(&[ch('4')], Command::GoTab(Tab::Devices)),
    global(&[ch('5')], Command::GoTab(Tab::Alarms)),
    global(&[ch('r')], Command::Refresh),
    global(&[ch('?')], Command::ToggleHelp),
    global(&[ch('q'), key(KeyCode::Esc), ctrl('c')], Command::Quit),
    on(
        Scope::Heart,
        &[key(KeyCode::Up), ch('k')],
        Command::SelectPrev,
    ),
    on(
        Scope::Heart,
        &[key(KeyCode::Down), ch('j')],
        Command::SelectNext,
    ),
    on(
        Scope::Alarms,
        &[key(KeyCode::Up), ch('k')],
        Command::SelectPrev,
    ),
    on(
        Scope::Alarms,
        &[key(KeyCode::Down), ch('j')],
        Command::SelectNext,
    ),
    on(Scope::Alarms, &[ch('a')], Command::AddAlarm),
    on(
        Scope::Alarms,
        &[ch('e'), key(KeyCode::Enter)],
        Command::EditAlarm,
    ),
    on(Scope::Alarms, &[ch('d')], Command::DeleteAlarm),
    on(Scope::Alarms, &[ch(' ')], Command::ToggleAlarm),
];

/// Normalises a key event for matching: shifted characters already carry their case, and
/// terminals disagree on whether they also report SHIFT, so SHIFT is ignored for characters.
/// `BackTab` likewise implies Shift.
fn normalise(code: KeyCode, mods: KeyModifiers) -> (KeyCode, KeyModifiers) {
    let mut mods = mods & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
    if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    (code, mods)
}

impl KeySpec {
    pub fn matches(&self, event: &KeyEvent) -> bool {
        normalise(self.code, self.mods) == normalise(event.code, event.modifiers)
    }

    /// Human label, e.g. `←`, `Shift-←`, `Ctrl-C`, `Tab`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                c.to_ascii_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if self.mods.contains(KeyModifiers::SHIFT) && self.code != KeyCode::BackTab {
            format!("Shift-{base}")
        } else {
            base
        }
    }
}

impl Binding {
    /// All keys of the row, e.g. `← / h`.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(KeySpec::label)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// Resolves a key press on `tab`, outside popups and forms, to its command. Tab-scoped
/// bindings come first.
pub fn resolve(event: &KeyEvent, tab: Tab) -> Option<Command> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    let matching = |b: &&Binding| b.scope.active_on(tab) && b.keys.iter().any(|k| k.matches(event));
    BINDINGS
        .iter()
        .filter(|b| b.scope != Scope::Global)
        .find(matching)
        .or_else(|| BINDINGS.iter().find(matching))
        .map(|b| b.command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_resolve_to_commands() {
        let cases = [
            (press(KeyCode::Left, KeyModifiers::NONE), Command::PrevDay),
            (
                press(KeyCode::Char('l'), KeyModifiers::NONE),
                Command::NextDay,
            ),
            (press(KeyCode::Left, KeyModifiers::SHIFT), Command::PrevWeek),
            (
                press(KeyCode::Char('H'), KeyModifiers::SHIFT),
                Command::PrevWeek,
            ),
            (
                press(KeyCode::Char('L'), KeyModifiers::NONE),
                Command::NextWeek,
            ),
            (
                press(KeyCode::BackTab, KeyModifiers::SHIFT),
                Command::PrevTab,
            ),
            (
                press(KeyCode::BackTab, KeyModifiers::NONE),
                Command::PrevTab,
            ),
            (
                press(KeyCode::Char('3'), KeyModifiers::NONE),
                Command::GoTab(Tab::Sleep),
            ),
            (
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Command::Quit,
            ),
            (press(KeyCode::Esc, KeyModifiers::NONE), Command::Quit),
            (
                press(KeyCode::Char('?'), KeyModifiers::SHIFT),
                Command::ToggleHelp,
            ),
        ];
        for (event, want) in cases {
            assert_eq!(resolve(&event, Tab::Today), Some(want), "{event:?}");
        }
        assert_eq!(
            resolve(&press(KeyCode::Char('c'), KeyModifiers::NONE), Tab::Today),
            None
        );
        assert_eq!(
            resolve(&press(KeyCode::Char('x'), KeyModifiers::NONE), Tab::Today),
            None
        );
    }

    #[test]
    fn tab_keys_only_work_on_their_tab() {
        let a = press(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(resolve(&a, Tab::Alarms), Some(Command::AddAlarm));
        assert_eq!(resolve(&a, Tab::Today), None);
        let down = press(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(resolve(&down, Tab::Heart), Some(Command::SelectNext));
        assert_eq!(resolve(&down, Tab::Sleep), None);
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(resolve(&enter, Tab::Alarms), Some(Command::EditAlarm));
    }

    #[test]
    fn no_key_is_bound_twice_on_any_tab() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let overlap = Tab::ALL
                    .iter()
                    .any(|t| a.scope.active_on(*t) && b.scope.active_on(*t));
                if !overlap {
                    continue;
                }
                for ka in a.keys {
                    assert!(
                        !b.keys.contains(ka),
                        "{} bound to both {:?} and {:?}",
                        ka.label(),
                        a.command,
                        b.command
                    );
                }
            }
        }
    }

    #[test]
    fn labels_read_well() {
        assert_eq!(shift(KeyCode::Left).label(), "Shift-←");
        assert_eq!(ctrl('c').label(), "Ctrl-C");
        assert_eq!(shift(KeyCode::BackTab).label(), "Shift-Tab");
        assert_eq!(BINDINGS[0].keys_label(), "← / h");
    }
}
