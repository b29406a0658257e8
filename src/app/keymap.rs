//! Key and mouse bindings: one table, [`BINDINGS`], for every scope — the tabs, the help,
//! messages, questions, the alarm form and each of its fields, the mouse. It is both what the
//! keys do ([`resolve`], [`resolve_mouse`]) and what the help overlay and the form's key line
//! show, so they can never drift apart. Nothing outside this module matches raw key codes.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::tab::Tab;

/// A user intent a key (or the mouse) can trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Quit, asking first while an alarm change is being saved.
    Quit,
    /// Quit without asking (Ctrl-C on a question).
    QuitNow,
    /// Esc with nothing to back out of: never quits (users of lazygit or k9s press Esc to back
    /// out, not to leave), only says how to.
    Back,
    ToggleHelp,
    /// Open / close the message log.
    ToggleLog,
    /// Scroll the message log by this many messages (negative: towards the newest).
    ScrollLog(i16),
    NextTab,
    PrevTab,
    GoTab(Tab),
    PrevDay,
    NextDay,
    PrevWeek,
    NextWeek,
    GoToday,
    /// Open the go-to-date prompt.
    GoToDate,
    /// Show the personal records and streaks.
    ShowRecords,
    /// Zoom the Today, Heart and Sleep tabs out (`wider`: day → week → month → year) or in.
    Zoom {
        wider: bool,
    },
    /// Back to the day view of the selected day.
    OpenDay,
    /// Move the selected day within a week, month or year view.
    CursorDay(i8),
    /// Select the day of column `n` of a week, month or year chart (a year's column: its
    /// week's first day, or today).
    PickColumn(u16),
    /// A key for the go-to-date prompt.
    Prompt(PromptCommand),
    Refresh,
    /// Select the previous item in the tab's list (ECG readings, alarms).
    SelectPrev,
    /// Select the next item in the tab's list.
    SelectNext,
    /// Select this item of the tab's list (a click).
    SelectRow(usize),
    /// Select this item and open it (a double click: edits an alarm).
    OpenRow(usize),
    /// Show an earlier part of the selected ECG waveform.
    EcgEarlier,
    /// Show a later part of the selected ECG waveform.
    EcgLater,
    AddAlarm,
    EditAlarm,
    DeleteAlarm,
    ToggleAlarm,
    /// Close the help or a message.
    ClosePopup,
    /// Scroll the help by this many rows (negative: up).
    ScrollHelp(i16),
    /// Answer a yes / no question.
    Answer(bool),
    /// A key for the open alarm form.
    Form(FormCommand),
}

/// What a key does in the go-to-date prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptCommand {
    /// Go to the date typed.
    Submit,
    /// An edit of the text.
    Edit(TextEdit),
    /// Move the calendar's day by days (`months` false) or months; the text becomes that day.
    Calendar { by: i8, months: bool },
}

/// What a key does in the alarm form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormCommand {
    NextField,
    PrevField,
    Save,
    /// Close the form (asks first if something changed).
    Cancel,
    /// "Discard your changes?" answered yes.
    Discard,
    /// "Discard your changes?" answered no.
    KeepEditing,
    /// An edit of the focused field.
    Edit(FieldEdit),
}

/// An edit of one form field; each field takes the edits that make sense for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldEdit {
    /// Step the value: `big` is the page step (15 minutes, 5 units).
    Step {
        up: bool,
        big: bool,
    },
    /// A digit typed (the table's `Digit(0)` is filled in with the key's digit).
    Digit(u8),
    /// `:` in the time.
    Separator,
    /// Backspace in the time (clears the digit left of the cursor) or a number.
    Erase,
    /// Before or after noon (12-hour clock).
    Meridiem {
        pm: bool,
    },
    /// Move the day cursor, or the time field's digit cursor.
    CursorPrev,
    CursorNext,
    CursorFirst,
    CursorLast,
    /// Toggle the day under the cursor, repeat, or enabled.
    Toggle,
    /// Replace the days with a preset.
    Preset(DaysPreset),
    /// An edit of the label text.
    Text(TextEdit),
}

impl TextEdit {
    /// The `tui-input` request for this edit (the label and the go-to-date prompt).
    pub fn input_request(self) -> tui_input::InputRequest {
        use tui_input::InputRequest;
        match self {
            TextEdit::Insert(c) => InputRequest::InsertChar(c),
            TextEdit::DeletePrevChar => InputRequest::DeletePrevChar,
            TextEdit::DeleteNextChar => InputRequest::DeleteNextChar,
            TextEdit::DeletePrevWord => InputRequest::DeletePrevWord,
            TextEdit::DeleteNextWord => InputRequest::DeleteNextWord,
            TextEdit::DeleteLine => InputRequest::DeleteLine,
            TextEdit::DeleteTillEnd => InputRequest::DeleteTillEnd,
            TextEdit::Yank => InputRequest::Yank,
            TextEdit::PrevChar => InputRequest::GoToPrevChar,
            TextEdit::NextChar => InputRequest::GoToNextChar,
            TextEdit::PrevWord => InputRequest::GoToPrevWord,
            TextEdit::NextWord => InputRequest::GoToNextWord,
            TextEdit::Start => InputRequest::GoToStart,
            TextEdit::End => InputRequest::GoToEnd,
        }
    }
}

/// The weekday presets of the days field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaysPreset {
    Workdays,
    Weekend,
    EveryDay,
    None,
}

/// Line-editing keys of the label (the `tui-input` requests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEdit {
    /// A character typed (the table's `Insert(' ')` is filled in with the key's character).
    Insert(char),
    DeletePrevChar,
    DeleteNextChar,
    DeletePrevWord,
    DeleteNextWord,
    DeleteLine,
    DeleteTillEnd,
    Yank,
    PrevChar,
    NextChar,
    PrevWord,
    NextWord,
    Start,
    End,
}

/// Where a binding applies. [`SCOPES`] orders them for the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere outside popups and forms.
    Global,
    /// On the Heart tab (the ECG list).
    Heart,
    /// On the Alarms tab.
    Alarms,
    /// With the mouse on (`[ui] mouse`), outside popups and forms.
    Mouse,
    /// In every popup and in the alarm form.
    Modal,
    /// The help overlay.
    Help,
    /// The message log.
    Log,
    /// A message popup.
    Message,
    /// A yes / no question.
    Question,
    /// The alarm form, whatever field has the focus.
    Form,
    /// The form's "Discard your changes?".
    Discard,
    /// The alarm form's time field.
    Time,
    /// The alarm form's days field.
    Days,
    /// The alarm form's repeat switch.
    Repeat,
    /// The alarm form's enabled switch.
    Enabled,
    /// The alarm form's snooze length.
    SnoozeLength,
    /// The alarm form's snooze count.
    SnoozeCount,
    /// The alarm form's label.
    Label,
    /// The go-to-date prompt.
    GoTo,
    /// The personal records.
    Records,
    /// On the Today, Heart and Sleep tabs (the zoom).
    Today,
    /// A week, month or year view.
    Period,
}

/// Every scope, in help-overlay order.
pub const SCOPES: [Scope; 22] = [
    Scope::Global,
    Scope::Today,
    Scope::Period,
    Scope::Heart,
    Scope::Alarms,
    Scope::Mouse,
    Scope::Help,
    Scope::Log,
    Scope::Message,
    Scope::Question,
    Scope::GoTo,
    Scope::Records,
    Scope::Modal,
    Scope::Form,
    Scope::Discard,
    Scope::Time,
    Scope::Days,
    Scope::Repeat,
    Scope::Enabled,
    Scope::SnoozeLength,
    Scope::SnoozeCount,
    Scope::Label,
];

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Anywhere",
            Scope::Heart => "Heart tab",
            Scope::Alarms => "Alarms tab",
            Scope::Mouse => "Mouse",
            Scope::Modal => "Popups and the alarm form",
            Scope::Help => "This help",
            Scope::Log => "Message log",
            Scope::Message => "Messages",
            Scope::Question => "Questions",
            Scope::Form => "Alarm form",
            Scope::Discard => "Alarm form: discard changes?",
            Scope::Time => "Alarm form: time",
            Scope::Days => "Alarm form: days",
            Scope::Repeat => "Alarm form: repeat",
            Scope::Enabled => "Alarm form: enabled",
            Scope::SnoozeLength => "Alarm form: snooze length",
            Scope::SnoozeCount => "Alarm form: snooze count",
            Scope::Label => "Alarm form: label",
            Scope::GoTo => "Go-to-date prompt (g)",
            Scope::Records => "Personal records (p)",
            Scope::Today => "Today, Heart and Sleep tabs",
            Scope::Period => "Week, month and year views",
        }
    }

    /// The tab-level scopes active on `tab`, most specific first.
    pub fn on_tab(tab: Tab) -> &'static [Scope] {
        match tab {
            Tab::Heart => &[Scope::Heart, Scope::Today, Scope::Global],
            Tab::Alarms => &[Scope::Alarms, Scope::Global],
            Tab::Today | Tab::Sleep => &[Scope::Today, Scope::Global],
            Tab::Devices => &[Scope::Global],
        }
    }
}

/// One key chord.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// What sets a binding off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Key(KeySpec),
    /// Any digit typed without Ctrl or Alt.
    Digit,
    /// Any character typed without Ctrl or Alt (or with both, as `AltGr` sends them).
    Text,
    /// A left click on the tab bar.
    ClickTab,
    /// A left click on the header's `‹` (previous day) or `›` (next day).
    ClickDateArrow,
    /// A left click on a list row (an alarm, an ECG reading).
    ClickRow,
    /// Two left clicks on the same row in quick succession.
    DoubleClickRow,
    /// A left click on a column of a week, month or year chart.
    ClickColumn,
    WheelUp,
    WheelDown,
}

const fn key(code: KeyCode) -> Trigger {
    Trigger::Key(KeySpec {
        code,
        mods: KeyModifiers::NONE,
    })
}

const fn ch(c: char) -> Trigger {
    key(KeyCode::Char(c))
}

const fn with(mods: KeyModifiers, code: KeyCode) -> Trigger {
    Trigger::Key(KeySpec { code, mods })
}

const fn shift(code: KeyCode) -> Trigger {
    with(KeyModifiers::SHIFT, code)
}

const fn ctrl(code: KeyCode) -> Trigger {
    with(KeyModifiers::CONTROL, code)
}

const fn ctrl_ch(c: char) -> Trigger {
    ctrl(KeyCode::Char(c))
}

const fn alt(code: KeyCode) -> Trigger {
    with(KeyModifiers::ALT, code)
}

const fn meta(code: KeyCode) -> Trigger {
    with(KeyModifiers::META, code)
}

/// A row of the table: what it does, where, and the keys that do it (each with its command,
/// so `↑` and `↓` can share a row).
#[derive(Debug)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [(Trigger, Command)],
    /// What the row does, as the help (and the form's key line) says it.
    pub description: &'static str,
    /// The short key label of the form's key line (`↑/↓`); the help lists every key instead.
    pub hint: Option<&'static str>,
    /// Only with a 12-hour clock (`a` / `p` in the time field).
    pub twelve_hour_only: bool,
}

const fn row(
    scope: Scope,
    keys: &'static [(Trigger, Command)],
    description: &'static str,
) -> Binding {
    Binding {
        scope,
        keys,
        description,
        hint: None,
        twelve_hour_only: false,
    }
}

/// A form field's row, with the short label its key line shows.
const fn field(
    scope: Scope,
    hint: &'static str,
    keys: &'static [(Trigger, Command)],
    description: &'static str,
) -> Binding {
    Binding {
        scope,
        keys,
        description,
        hint: Some(hint),
        twelve_hour_only: false,
    }
}

const fn edit(edit: FieldEdit) -> Command {
    Command::Form(FormCommand::Edit(edit))
}

const fn text(t: TextEdit) -> Command {
    edit(FieldEdit::Text(t))
}

const fn prompt(t: TextEdit) -> Command {
    Command::Prompt(PromptCommand::Edit(t))
}

const fn form(c: FormCommand) -> Command {
    Command::Form(c)
}

const UP: Command = edit(FieldEdit::Step {
    up: true,
    big: false,
});
const DOWN: Command = edit(FieldEdit::Step {
    up: false,
    big: false,
});
const PAGE_UP: Command = edit(FieldEdit::Step {
    up: true,
    big: true,
});
const PAGE_DOWN: Command = edit(FieldEdit::Step {
    up: false,
    big: true,
});
const STEP_KEYS: &[(Trigger, Command)] = &[(key(KeyCode::Up), UP), (key(KeyCode::Down), DOWN)];
const PAGE_KEYS: &[(Trigger, Command)] = &[
    (key(KeyCode::PageUp), PAGE_UP),
    (key(KeyCode::PageDown), PAGE_DOWN),
];
const SHIFT_STEP_KEYS: &[(Trigger, Command)] = &[
    (shift(KeyCode::Up), PAGE_UP),
    (shift(KeyCode::Down), PAGE_DOWN),
];
const DIGIT_KEYS: &[(Trigger, Command)] = &[(Trigger::Digit, edit(FieldEdit::Digit(0)))];
const ERASE_KEYS: &[(Trigger, Command)] = &[(key(KeyCode::Backspace), edit(FieldEdit::Erase))];
const LIST_PREV: &[(Trigger, Command)] = &[
    (key(KeyCode::Up), Command::SelectPrev),
    (ch('k'), Command::SelectPrev),
];
const LIST_NEXT: &[(Trigger, Command)] = &[
    (key(KeyCode::Down), Command::SelectNext),
    (ch('j'), Command::SelectNext),
];
const TOGGLE_KEYS: &[(Trigger, Command)] = &[(ch(' '), edit(FieldEdit::Toggle))];

/// Every binding, in help-overlay order within each scope.
pub const BINDINGS: &[Binding] = &[
    // Anywhere outside popups and forms.
    row(
        Scope::Global,
        &[
            (key(KeyCode::Left), Command::PrevDay),
            (ch('h'), Command::PrevDay),
        ],
        "Previous day",
    ),
    row(
        Scope::Global,
        &[
            (key(KeyCode::Right), Command::NextDay),
            (ch('l'), Command::NextDay),
        ],
        "Next day",
    ),
    row(
        Scope::Global,
        &[
            (shift(KeyCode::Left), Command::PrevWeek),
            (ch('H'), Command::PrevWeek),
        ],
        "One week back",
    ),
    row(
        Scope::Global,
        &[
            (shift(KeyCode::Right), Command::NextWeek),
            (ch('L'), Command::NextWeek),
        ],
        "One week forward",
    ),
    row(
        Scope::Global,
        &[(ch('t'), Command::GoToday), (ch('G'), Command::GoToday)],
        "Jump to today",
    ),
    // The Today tab.
    row(
        Scope::Today,
        &[(ch('z'), Command::Zoom { wider: true })],
        "Zoom out: day → week → month → year",
    ),
    row(
        Scope::Today,
        &[(ch('Z'), Command::Zoom { wider: false })],
        "Zoom in: year → month → week → day",
    ),
    row(
        Scope::Period,
        &[
            (ch('['), Command::CursorDay(-1)),
            (ch(']'), Command::CursorDay(1)),
        ],
        "Previous / next day of the period (← → move the period)",
    ),
    row(
        Scope::Period,
        &[
            (key(KeyCode::Enter), Command::OpenDay),
            (key(KeyCode::Esc), Command::OpenDay),
        ],
        "Open the selected day",
    ),
    row(
        Scope::Global,
        &[(ch('p'), Command::ShowRecords)],
        "Personal records and streaks",
    ),
    row(
        Scope::Global,
        &[(ch('g'), Command::GoToDate)],
        "Go to a date (2026-10-03, -3w, mon, oct 3 …)",
    ),
    row(
        Scope::Global,
        &[(key(KeyCode::Tab), Command::NextTab)],
        "Next tab",
    ),
    row(
        Scope::Global,
        &[(shift(KeyCode::BackTab), Command::PrevTab)],
        "Previous tab",
    ),
    row(
        Scope::Global,
        &[(ch('1'), Command::GoTab(Tab::Today))],
        "Today tab",
    ),
    row(
        Scope::Global,
        &[(ch('2'), Command::GoTab(Tab::Heart))],
        "Heart tab",
    ),
    row(
        Scope::Global,
        &[(ch('3'), Command::GoTab(Tab::Sleep))],
        "Sleep tab",
    ),
    row(
        Scope::Global,
        &[(ch('4'), Command::GoTab(Tab::Devices))],
        "Devices tab",
    ),
    row(
        Scope::Global,
        &[(ch('5'), Command::GoTab(Tab::Alarms))],
        "Alarms tab",
    ),
    row(
        Scope::Global,
        &[(ch('r'), Command::Refresh)],
        "Refresh this tab",
    ),
    row(
        Scope::Global,
        &[(ch('?'), Command::ToggleHelp)],
        "Show / hide this help",
    ),
    row(
        Scope::Global,
        &[(ch('m'), Command::ToggleLog)],
        "Message log: every message of this session, in full",
    ),
    row(
        Scope::Global,
        &[(ch('q'), Command::Quit), (ctrl_ch('c'), Command::Quit)],
        "Quit",
    ),
    row(
        Scope::Global,
        &[(key(KeyCode::Esc), Command::Back)],
        "Back out of a popup or form (never quits)",
    ),
    // The Heart tab's ECG list.
    row(Scope::Heart, LIST_PREV, "Previous item"),
    row(Scope::Heart, LIST_NEXT, "Next item"),
    row(
        Scope::Heart,
        &[(ch('['), Command::EcgEarlier), (ch(']'), Command::EcgLater)],
        "ECG: earlier / later seconds",
    ),
    // The Alarms tab.
    row(Scope::Alarms, LIST_PREV, "Previous item"),
    row(Scope::Alarms, LIST_NEXT, "Next item"),
    row(
        Scope::Alarms,
        &[(ch('a'), Command::AddAlarm)],
        "Add an alarm",
    ),
    row(
        Scope::Alarms,
        &[
            (ch('e'), Command::EditAlarm),
            (key(KeyCode::Enter), Command::EditAlarm),
        ],
        "Edit the alarm",
    ),
    row(
        Scope::Alarms,
        &[(ch('d'), Command::DeleteAlarm)],
        "Delete (asks first)",
    ),
    row(
        Scope::Alarms,
        &[(ch(' '), Command::ToggleAlarm)],
        "Turn it on / off",
    ),
    // The mouse.
    row(
        Scope::Mouse,
        &[(Trigger::ClickTab, Command::GoTab(Tab::Today))],
        "Select the tab",
    ),
    row(
        Scope::Mouse,
        &[(Trigger::ClickDateArrow, Command::PrevDay)],
        "Previous / next day",
    ),
    row(
        Scope::Mouse,
        &[(Trigger::ClickColumn, Command::PickColumn(0))],
        "Select the day (a year: the week) of a chart's bar",
    ),
    row(
        Scope::Mouse,
        &[(Trigger::ClickRow, Command::SelectRow(0))],
        "Select the alarm or ECG reading",
    ),
    row(
        Scope::Mouse,
        &[(Trigger::DoubleClickRow, Command::OpenRow(0))],
        "Edit the alarm",
    ),
    row(
        Scope::Mouse,
        &[(Trigger::WheelUp, Command::PrevDay)],
        "Previous day",
    ),
    row(
        Scope::Mouse,
        &[(Trigger::WheelDown, Command::NextDay)],
        "Next day",
    ),
    // The help.
    row(
        Scope::Help,
        &[
            (key(KeyCode::Esc), Command::ClosePopup),
            (ch('?'), Command::ClosePopup),
            (ch('q'), Command::ClosePopup),
            (key(KeyCode::Enter), Command::ClosePopup),
        ],
        "Close the help",
    ),
    row(
        Scope::Help,
        &[
            (key(KeyCode::Up), Command::ScrollHelp(-1)),
            (ch('k'), Command::ScrollHelp(-1)),
            (key(KeyCode::Down), Command::ScrollHelp(1)),
            (ch('j'), Command::ScrollHelp(1)),
        ],
        "Scroll a line",
    ),
    row(
        Scope::Help,
        &[
            (key(KeyCode::PageUp), Command::ScrollHelp(-10)),
            (key(KeyCode::PageDown), Command::ScrollHelp(10)),
        ],
        "Scroll a page",
    ),
    // The message log.
    row(
        Scope::Log,
        &[
            (key(KeyCode::Esc), Command::ClosePopup),
            (ch('m'), Command::ClosePopup),
            (ch('q'), Command::ClosePopup),
            (key(KeyCode::Enter), Command::ClosePopup),
        ],
        "Close the log",
    ),
    row(
        Scope::Log,
        &[
            (key(KeyCode::Down), Command::ScrollLog(1)),
            (ch('j'), Command::ScrollLog(1)),
            (key(KeyCode::Up), Command::ScrollLog(-1)),
            (ch('k'), Command::ScrollLog(-1)),
        ],
        "Older / newer message",
    ),
    row(
        Scope::Log,
        &[
            (key(KeyCode::PageDown), Command::ScrollLog(10)),
            (key(KeyCode::PageUp), Command::ScrollLog(-10)),
        ],
        "Ten messages older / newer",
    ),
    // The go-to-date prompt.
    row(
        Scope::GoTo,
        &[(key(KeyCode::Enter), Command::Prompt(PromptCommand::Submit))],
        "Go to the date typed",
    ),
    row(
        Scope::GoTo,
        &[(key(KeyCode::Esc), Command::ClosePopup)],
        "Close without moving",
    ),
    row(
        Scope::GoTo,
        &[(Trigger::Text, prompt(TextEdit::Insert(' ')))],
        "Type the date",
    ),
    row(
        Scope::GoTo,
        &[
            (key(KeyCode::Backspace), prompt(TextEdit::DeletePrevChar)),
            (key(KeyCode::Delete), prompt(TextEdit::DeleteNextChar)),
            (ctrl_ch('w'), prompt(TextEdit::DeletePrevWord)),
            (ctrl_ch('u'), prompt(TextEdit::DeleteLine)),
        ],
        "Delete a character, a word, the line",
    ),
    row(
        Scope::GoTo,
        &[
            (key(KeyCode::Left), prompt(TextEdit::PrevChar)),
            (key(KeyCode::Right), prompt(TextEdit::NextChar)),
            (key(KeyCode::Home), prompt(TextEdit::Start)),
            (key(KeyCode::End), prompt(TextEdit::End)),
        ],
        "Move the cursor",
    ),
    row(
        Scope::GoTo,
        &[
            (
                key(KeyCode::Up),
                Command::Prompt(PromptCommand::Calendar {
                    by: -7,
                    months: false,
                }),
            ),
            (
                key(KeyCode::Down),
                Command::Prompt(PromptCommand::Calendar {
                    by: 7,
                    months: false,
                }),
            ),
        ],
        "Calendar: a week up / down",
    ),
    row(
        Scope::GoTo,
        &[
            (
                shift(KeyCode::Left),
                Command::Prompt(PromptCommand::Calendar {
                    by: -1,
                    months: false,
                }),
            ),
            (
                shift(KeyCode::Right),
                Command::Prompt(PromptCommand::Calendar {
                    by: 1,
                    months: false,
                }),
            ),
        ],
        "Calendar: a day back / forward",
    ),
    row(
        Scope::GoTo,
        &[
            (
                key(KeyCode::PageUp),
                Command::Prompt(PromptCommand::Calendar {
                    by: -1,
                    months: true,
                }),
            ),
            (
                key(KeyCode::PageDown),
                Command::Prompt(PromptCommand::Calendar {
                    by: 1,
                    months: true,
                }),
            ),
        ],
        "Calendar: a month back / forward",
    ),
    // Personal records.
    row(
        Scope::Records,
        &[
            (key(KeyCode::Esc), Command::ClosePopup),
            (key(KeyCode::Enter), Command::ClosePopup),
            (ch('p'), Command::ClosePopup),
            (ch('q'), Command::ClosePopup),
        ],
        "Close the records",
    ),
    // Messages.
    row(
        Scope::Message,
        &[
            (key(KeyCode::Esc), Command::ClosePopup),
            (key(KeyCode::Enter), Command::ClosePopup),
            (ch('q'), Command::ClosePopup),
        ],
        "Close the message",
    ),
    // Questions.
    row(
        Scope::Question,
        &[
            (ch('y'), Command::Answer(true)),
            (ch('Y'), Command::Answer(true)),
        ],
        "Yes",
    ),
    row(
        Scope::Question,
        &[
            (ch('n'), Command::Answer(false)),
            (ch('N'), Command::Answer(false)),
            (key(KeyCode::Esc), Command::Answer(false)),
        ],
        "No",
    ),
    row(
        Scope::Question,
        &[(ctrl_ch('c'), Command::QuitNow)],
        "Quit without waiting",
    ),
    // Every popup and the form.
    row(
        Scope::Modal,
        &[(ctrl_ch('c'), Command::Quit)],
        "Quit (asks first while a save runs)",
    ),
    // The alarm form, whatever the focus.
    field(
        Scope::Form,
        "Tab",
        &[(key(KeyCode::Tab), form(FormCommand::NextField))],
        "next field",
    ),
    field(
        Scope::Form,
        "Shift-Tab",
        &[
            (shift(KeyCode::BackTab), form(FormCommand::PrevField)),
            (shift(KeyCode::Tab), form(FormCommand::PrevField)),
        ],
        "previous field",
    ),
    field(
        Scope::Form,
        "Enter",
        &[(key(KeyCode::Enter), form(FormCommand::Save))],
        "save",
    ),
    field(
        Scope::Form,
        "Esc",
        &[(key(KeyCode::Esc), form(FormCommand::Cancel))],
        "cancel",
    ),
    // "Discard your changes?"
    row(
        Scope::Discard,
        &[
            (ch('y'), form(FormCommand::Discard)),
            (ch('Y'), form(FormCommand::Discard)),
            (key(KeyCode::Esc), form(FormCommand::Discard)),
        ],
        "Discard the changes",
    ),
    row(
        Scope::Discard,
        &[
            (ch('n'), form(FormCommand::KeepEditing)),
            (ch('N'), form(FormCommand::KeepEditing)),
        ],
        "Keep editing",
    ),
    // The time field: a segmented HH:MM editor with a cursor on one digit (see
    // `alarm_form::time_field`). Rows without keys only explain, in the help.
    field(Scope::Time, "0–9", DIGIT_KEYS, "type over"),
    row(Scope::Time, &[], "replaces the digit under the cursor"),
    row(Scope::Time, &[], "first hour digit 3–9 (12 h: 2–9) → 03–09"),
    row(Scope::Time, &[], "first minute digit 6–9 → 06–09"),
    row(Scope::Time, &[], "2 5 → 02:5_ (12-hour: 1 3 → 01:3_)"),
    row(Scope::Time, &[], "a full field ignores digits (← / Home)"),
    field(
        Scope::Time,
        "←/→",
        &[
            (key(KeyCode::Left), edit(FieldEdit::CursorPrev)),
            (key(KeyCode::Right), edit(FieldEdit::CursorNext)),
        ],
        "digit",
    ),
    row(
        Scope::Time,
        &[
            (key(KeyCode::Home), edit(FieldEdit::CursorFirst)),
            (key(KeyCode::End), edit(FieldEdit::CursorLast)),
        ],
        "first digit / end",
    ),
    field(Scope::Time, "↑/↓", STEP_KEYS, "±1 h/min"),
    row(Scope::Time, &[], "the hour or minute under the cursor"),
    field(Scope::Time, "PgUp/PgDn", PAGE_KEYS, "±15 min"),
    row(Scope::Time, SHIFT_STEP_KEYS, "±15 min"),
    row(Scope::Time, &[], "steps start from the typed time, _ = 0"),
    row(
        Scope::Time,
        &[(ch(':'), edit(FieldEdit::Separator))],
        "end the hour (7: → 07:)",
    ),
    Binding {
        scope: Scope::Time,
        keys: &[
            (ch('a'), edit(FieldEdit::Meridiem { pm: false })),
            (ch('A'), edit(FieldEdit::Meridiem { pm: false })),
            (ch('p'), edit(FieldEdit::Meridiem { pm: true })),
            (ch('P'), edit(FieldEdit::Meridiem { pm: true })),
        ],
        description: "AM/PM",
        hint: Some("a/p"),
        twelve_hour_only: true,
    },
    field(Scope::Time, "Bksp", ERASE_KEYS, "erase"),
    row(Scope::Time, &[], "clears the digit before; never undoes"),
    // The days field.
    field(
        Scope::Days,
        "←/→",
        &[
            (key(KeyCode::Left), edit(FieldEdit::CursorPrev)),
            (key(KeyCode::Right), edit(FieldEdit::CursorNext)),
            (ch('h'), edit(FieldEdit::CursorPrev)),
            (ch('l'), edit(FieldEdit::CursorNext)),
        ],
        "day",
    ),
    row(
        Scope::Days,
        &[
            (key(KeyCode::Home), edit(FieldEdit::CursorFirst)),
            (key(KeyCode::End), edit(FieldEdit::CursorLast)),
        ],
        "Monday / Sunday",
    ),
    field(
        Scope::Days,
        "Space",
        &[
            (ch(' '), edit(FieldEdit::Toggle)),
            (ch('x'), edit(FieldEdit::Toggle)),
        ],
        "toggle",
    ),
    field(
        Scope::Days,
        "w",
        &[(ch('w'), edit(FieldEdit::Preset(DaysPreset::Workdays)))],
        "weekdays",
    ),
    field(
        Scope::Days,
        "e",
        &[(ch('e'), edit(FieldEdit::Preset(DaysPreset::Weekend)))],
        "weekend",
    ),
    field(
        Scope::Days,
        "a",
        &[(ch('a'), edit(FieldEdit::Preset(DaysPreset::EveryDay)))],
        "every day",
    ),
    field(
        Scope::Days,
        "n",
        &[(ch('n'), edit(FieldEdit::Preset(DaysPreset::None)))],
        "none",
    ),
    // The repeat and enabled switches.
    field(
        Scope::Repeat,
        "Space/←/→",
        &[
            (ch(' '), edit(FieldEdit::Toggle)),
            (key(KeyCode::Left), edit(FieldEdit::Toggle)),
            (key(KeyCode::Right), edit(FieldEdit::Toggle)),
        ],
        "weekly or once",
    ),
    field(Scope::Enabled, "Space", TOGGLE_KEYS, "on or off"),
    // The snooze numbers.
    field(Scope::SnoozeLength, "↑/↓", STEP_KEYS, "±1 min"),
    field(Scope::SnoozeLength, "PgUp/PgDn", PAGE_KEYS, "±5 min"),
    row(Scope::SnoozeLength, SHIFT_STEP_KEYS, "±5 min"),
    field(Scope::SnoozeLength, "0–9", DIGIT_KEYS, "type minutes"),
    field(Scope::SnoozeLength, "Bksp", ERASE_KEYS, "erase"),
    field(Scope::SnoozeCount, "↑/↓", STEP_KEYS, "±1"),
    field(Scope::SnoozeCount, "PgUp/PgDn", PAGE_KEYS, "±5"),
    row(Scope::SnoozeCount, SHIFT_STEP_KEYS, "±5"),
    field(Scope::SnoozeCount, "0–9", DIGIT_KEYS, "type a count"),
    field(Scope::SnoozeCount, "Bksp", ERASE_KEYS, "erase"),
    // The label (the line-editing keys of `tui-input`).
    field(
        Scope::Label,
        "type",
        &[(Trigger::Text, text(TextEdit::Insert(' ')))],
        "to edit",
    ),
    field(
        Scope::Label,
        "←/→",
        &[
            (key(KeyCode::Left), text(TextEdit::PrevChar)),
            (key(KeyCode::Right), text(TextEdit::NextChar)),
            (ctrl_ch('b'), text(TextEdit::PrevChar)),
            (ctrl_ch('f'), text(TextEdit::NextChar)),
        ],
        "move",
    ),
    row(
        Scope::Label,
        &[
            (ctrl(KeyCode::Left), text(TextEdit::PrevWord)),
            (ctrl(KeyCode::Right), text(TextEdit::NextWord)),
        ],
        "move by word",
    ),
    row(
        Scope::Label,
        &[
            (meta(KeyCode::Char('b')), text(TextEdit::PrevWord)),
            (meta(KeyCode::Char('f')), text(TextEdit::NextWord)),
        ],
        "move by word",
    ),
    row(
        Scope::Label,
        &[
            (key(KeyCode::Home), text(TextEdit::Start)),
            (key(KeyCode::End), text(TextEdit::End)),
        ],
        "start / end",
    ),
    row(
        Scope::Label,
        &[
            (ctrl_ch('a'), text(TextEdit::Start)),
            (ctrl_ch('e'), text(TextEdit::End)),
        ],
        "start / end",
    ),
    row(
        Scope::Label,
        &[
            (key(KeyCode::Backspace), text(TextEdit::DeletePrevChar)),
            (ctrl_ch('h'), text(TextEdit::DeletePrevChar)),
            (key(KeyCode::Delete), text(TextEdit::DeleteNextChar)),
        ],
        "delete a character",
    ),
    field(
        Scope::Label,
        "Ctrl-W",
        &[
            (ctrl_ch('w'), text(TextEdit::DeletePrevWord)),
            (meta(KeyCode::Char('d')), text(TextEdit::DeletePrevWord)),
            (meta(KeyCode::Backspace), text(TextEdit::DeletePrevWord)),
            (alt(KeyCode::Backspace), text(TextEdit::DeletePrevWord)),
        ],
        "delete word",
    ),
    row(
        Scope::Label,
        &[(ctrl(KeyCode::Delete), text(TextEdit::DeleteNextWord))],
        "delete the next word",
    ),
    field(
        Scope::Label,
        "Ctrl-U",
        &[(ctrl_ch('u'), text(TextEdit::DeleteLine))],
        "clear",
    ),
    row(
        Scope::Label,
        &[(ctrl_ch('k'), text(TextEdit::DeleteTillEnd))],
        "delete to the end",
    ),
    row(
        Scope::Label,
        &[(ctrl_ch('y'), text(TextEdit::Yank))],
        "paste what was deleted",
    ),
];

/// Normalises a key event for matching: shifted characters already carry their case, and
/// terminals disagree on whether they also report SHIFT, so SHIFT is ignored for characters.
/// `BackTab` likewise implies Shift.
fn normalise(code: KeyCode, mods: KeyModifiers) -> (KeyCode, KeyModifiers) {
    let mut mods = mods
        & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::META);
    if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    (code, mods)
}

/// The character of a key typed without Ctrl or Alt.
fn plain_char(event: &KeyEvent) -> Option<char> {
    match event.code {
        KeyCode::Char(c)
            if !event
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SUPER) =>
        {
            Some(c)
        }
        _ => None,
    }
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
            KeyCode::Backspace => "Bksp".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                c.to_ascii_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if self.mods.intersects(KeyModifiers::ALT | KeyModifiers::META) {
            format!("Alt-{base}")
        } else if self.mods.contains(KeyModifiers::SHIFT) && self.code != KeyCode::BackTab {
            format!("Shift-{base}")
        } else {
            base
        }
    }
}

impl Trigger {
    /// Human label of the trigger.
    pub fn label(&self) -> String {
        match self {
            Trigger::Key(spec) => spec.label(),
            Trigger::Digit => "0–9".into(),
            Trigger::Text => "type".into(),
            Trigger::ClickTab => "Click a tab".into(),
            Trigger::ClickDateArrow => "Click ‹ / ›".into(),
            Trigger::ClickRow => "Click a row".into(),
            Trigger::DoubleClickRow => "Double-click a row".into(),
            Trigger::ClickColumn => "Click a bar or column".into(),
            Trigger::WheelUp => "Wheel up".into(),
            Trigger::WheelDown => "Wheel down".into(),
        }
    }

    /// The command for `event` if this trigger matches it, with the typed digit or character
    /// filled into the binding's `command`.
    fn key_command(&self, event: &KeyEvent, command: Command) -> Option<Command> {
        match self {
            Trigger::Key(spec) => spec.matches(event).then_some(command),
            Trigger::Digit => {
                let digit = plain_char(event)?.to_digit(10)?;
                Some(edit(FieldEdit::Digit(digit as u8)))
            }
            Trigger::Text => {
                let KeyCode::Char(c) = event.code else {
                    return None;
                };
                let mods = event.modifiers - KeyModifiers::SHIFT;
                let typed = mods.is_empty() || mods == KeyModifiers::CONTROL | KeyModifiers::ALT;
                // The binding says where the character goes (the label, the prompt).
                let insert = match command {
                    Command::Prompt(_) => prompt(TextEdit::Insert(c)),
                    _ => text(TextEdit::Insert(c)),
                };
                typed.then_some(insert)
            }
            Trigger::ClickTab
            | Trigger::ClickDateArrow
            | Trigger::ClickRow
            | Trigger::DoubleClickRow
            | Trigger::ClickColumn
            | Trigger::WheelUp
            | Trigger::WheelDown => None,
        }
    }
}

impl Binding {
    /// All keys of the row, e.g. `← / h` (each label once).
    pub fn keys_label(&self) -> String {
        let mut labels: Vec<String> = Vec::new();
        for (trigger, _) in self.keys {
            let label = trigger.label();
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        labels.join(" / ")
    }

    /// Whether the row applies with this clock.
    fn applies(&self, twelve_hour: bool) -> bool {
        twelve_hour || !self.twelve_hour_only
    }
}

/// The rows of `scope` that apply with this clock, in table order.
pub fn rows(scope: Scope, twelve_hour: bool) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |b| b.scope == scope && b.applies(twelve_hour))
}

/// The help overlay's sections: each scope that has rows, in [`SCOPES`] order, with every row
/// (the 12-hour-only ones included).
pub fn help_sections() -> impl Iterator<Item = (Scope, Vec<&'static Binding>)> {
    SCOPES
        .iter()
        .map(|scope| {
            let rows: Vec<&Binding> = BINDINGS.iter().filter(|b| b.scope == *scope).collect();
            (*scope, rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
}

/// Resolves a key press to its command: the first matching row of the first scope in
/// `scopes` (most specific first) that has one.
pub fn resolve(event: &KeyEvent, scopes: &[Scope], twelve_hour: bool) -> Option<Command> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    scopes.iter().find_map(|scope| {
        rows(*scope, twelve_hour).find_map(|b| {
            b.keys
                .iter()
                .find_map(|(trigger, command)| trigger.key_command(event, *command))
        })
    })
}

/// Resolves a mouse event to its command; `tab_at` hit-tests the tab bar.
pub fn resolve_mouse(
    event: &MouseEvent,
    hit: impl Fn(u16, u16) -> Option<MouseHit>,
    double: bool,
) -> Option<Command> {
    let (trigger, target) = match event.kind {
        MouseEventKind::Down(MouseButton::Left) => match hit(event.column, event.row)? {
            target @ MouseHit::Tab(_) => (Trigger::ClickTab, target),
            target @ (MouseHit::PrevDay | MouseHit::NextDay) => (Trigger::ClickDateArrow, target),
            target @ MouseHit::Row(_) if double => (Trigger::DoubleClickRow, target),
            target @ MouseHit::Row(_) => (Trigger::ClickRow, target),
            target @ MouseHit::Column(_) => (Trigger::ClickColumn, target),
        },
        MouseEventKind::ScrollUp => (Trigger::WheelUp, MouseHit::PrevDay),
        MouseEventKind::ScrollDown => (Trigger::WheelDown, MouseHit::NextDay),
        _ => return None,
    };
    let command = rows(Scope::Mouse, false)
        .flat_map(|b| b.keys)
        .find(|(t, _)| *t == trigger)
        .map(|(_, c)| *c)?;
    // The table names the kind of command; the hit says which tab, day or row.
    Some(match (command, target) {
        (Command::GoTab(_), MouseHit::Tab(tab)) => Command::GoTab(tab),
        (Command::PrevDay | Command::NextDay, MouseHit::PrevDay)
            if trigger == Trigger::ClickDateArrow =>
        {
            Command::PrevDay
        }
        (Command::PrevDay | Command::NextDay, MouseHit::NextDay)
            if trigger == Trigger::ClickDateArrow =>
        {
            Command::NextDay
        }
        (Command::SelectRow(_), MouseHit::Row(i)) => Command::SelectRow(i),
        (Command::OpenRow(_), MouseHit::Row(i)) => Command::OpenRow(i),
        (Command::PickColumn(_), MouseHit::Column(i)) => Command::PickColumn(i),
        (other, _) => other,
    })
}

/// What a mouse click landed on (the app hit-tests its own layout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseHit {
    Tab(Tab),
    PrevDay,
    NextDay,
    /// Row `n` of the tab's list.
    Row(usize),
    /// Column `n` of a week, month or year chart.
    Column(u16),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn on_tab(event: &KeyEvent, tab: Tab) -> Option<Command> {
        resolve(event, Scope::on_tab(tab), false)
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
            (press(KeyCode::Esc, KeyModifiers::NONE), Command::Back),
            (
                press(KeyCode::Char('?'), KeyModifiers::SHIFT),
                Command::ToggleHelp,
            ),
        ];
        for (event, want) in cases {
            assert_eq!(on_tab(&event, Tab::Today), Some(want), "{event:?}");
        }
        assert_eq!(
            on_tab(&press(KeyCode::Char('c'), KeyModifiers::NONE), Tab::Today),
            None
        );
        assert_eq!(
            on_tab(&press(KeyCode::Char('x'), KeyModifiers::NONE), Tab::Today),
            None
        );
    }

    #[test]
    fn tab_keys_only_work_on_their_tab() {
        let a = press(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(on_tab(&a, Tab::Alarms), Some(Command::AddAlarm));
        assert_eq!(on_tab(&a, Tab::Today), None);
        let down = press(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(on_tab(&down, Tab::Heart), Some(Command::SelectNext));
        assert_eq!(on_tab(&down, Tab::Sleep), None);
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(on_tab(&enter, Tab::Alarms), Some(Command::EditAlarm));
        let later = press(KeyCode::Char(']'), KeyModifiers::NONE);
        assert_eq!(on_tab(&later, Tab::Heart), Some(Command::EcgLater));
        assert_eq!(on_tab(&later, Tab::Today), None);
        let earlier = press(KeyCode::Char('['), KeyModifiers::NONE);
        assert_eq!(on_tab(&earlier, Tab::Heart), Some(Command::EcgEarlier));
    }

    #[test]
    fn popups_and_fields_have_their_own_keys() {
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(
            resolve(&esc, &[Scope::Modal, Scope::Help], false),
            Some(Command::ClosePopup)
        );
        assert_eq!(
            resolve(&esc, &[Scope::Question], false),
            Some(Command::Answer(false))
        );
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            resolve(&ctrl_c, &[Scope::Question], false),
            Some(Command::QuitNow)
        );
        let seven = press(KeyCode::Char('7'), KeyModifiers::NONE);
        assert_eq!(
            resolve(&seven, &[Scope::Time], false),
            Some(edit(FieldEdit::Digit(7)))
        );
        let p = press(KeyCode::Char('p'), KeyModifiers::NONE);
        assert_eq!(resolve(&p, &[Scope::Time], false), None);
        assert_eq!(
            resolve(&p, &[Scope::Time], true),
            Some(edit(FieldEdit::Meridiem { pm: true }))
        );
        assert_eq!(
            resolve(&p, &[Scope::Label], false),
            Some(text(TextEdit::Insert('p')))
        );
        let left = press(KeyCode::Left, KeyModifiers::NONE);
        assert_eq!(
            resolve(&left, &[Scope::Repeat], false),
            Some(edit(FieldEdit::Toggle))
        );
        assert_eq!(
            resolve(&left, &[Scope::Days], false),
            Some(edit(FieldEdit::CursorPrev))
        );
    }

    #[test]
    fn the_mouse_resolves_through_the_table() {
        let click = MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 12,
            row: 0,
            modifiers: KeyModifiers::NONE,
        };
        let on = |hit: MouseHit| move |x: u16, y: u16| (x == 12 && y == 0).then_some(hit);
        assert_eq!(
            resolve_mouse(&click, on(MouseHit::Tab(Tab::Heart)), false),
            Some(Command::GoTab(Tab::Heart))
        );
        assert_eq!(
            resolve_mouse(&click, on(MouseHit::PrevDay), false),
            Some(Command::PrevDay)
        );
        assert_eq!(
            resolve_mouse(&click, on(MouseHit::NextDay), false),
            Some(Command::NextDay)
        );
        assert_eq!(
            resolve_mouse(&click, on(MouseHit::Row(3)), false),
            Some(Command::SelectRow(3))
        );
        assert_eq!(
            resolve_mouse(&click, on(MouseHit::Row(3)), true),
            Some(Command::OpenRow(3))
        );
        assert_eq!(resolve_mouse(&click, |_, _| None, false), None);
        let wheel = MouseEvent {
            kind: MouseEventKind::ScrollDown,
            ..click
        };
        assert_eq!(
            resolve_mouse(&wheel, |_, _| None, false),
            Some(Command::NextDay)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for scope in SCOPES {
            let keys: Vec<Trigger> = rows(scope, true)
                .flat_map(|b| b.keys.iter().map(|(t, _)| *t))
                .collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..].contains(a),
                    "{} bound twice in {scope:?}",
                    a.label()
                );
            }
        }
    }

    #[test]
    fn no_tab_key_shadows_a_global_one_by_accident() {
        // Tab scopes win over the global one; only these keys are meant to differ.
        let globals: Vec<Trigger> = rows(Scope::Global, false)
            .flat_map(|b| b.keys.iter().map(|(t, _)| *t))
            .collect();
        for scope in [Scope::Heart, Scope::Alarms] {
            for b in rows(scope, false) {
                for (t, _) in b.keys {
                    assert!(!globals.contains(t), "{} shadows a global key", t.label());
                }
            }
        }
    }

    #[test]
    fn labels_read_well() {
        assert_eq!(shift(KeyCode::Left).label(), "Shift-←");
        assert_eq!(ctrl_ch('c').label(), "Ctrl-C");
        assert_eq!(shift(KeyCode::BackTab).label(), "Shift-Tab");
        assert_eq!(BINDINGS[0].keys_label(), "← / h");
    }
}
