//! The alarm editor form: the state behind the create/edit popup on the Alarms tab, its key
//! handling and its inline validation. Drawn by [`crate::ui::alarm_form::AlarmFormView`].
//!
//! Built like ratatui's `input-form` example: a [`Focus`] that cycles round-robin with
//! Tab / Shift-Tab, and one small type per field that handles its own keys ([`TimeField`],
//! [`DaysField`], [`NumberField`], [`LabelField`]; repeat and enabled are plain flags). The form
//! does no I/O: [`AlarmForm::handle_key`] returns a [`FormOutcome`] and the app turns a
//! `Submit` into a save, then reports back with [`AlarmForm::set_saving`] and
//! [`AlarmForm::set_server_error`].
//!
//! Validation is live: after every edit the form re-checks its values (the typed time plus
//! [`AlarmDraft::validate`]) and keeps the messages next to their fields. Enter with problems
//! left does not submit; it moves the focus to the first field that needs fixing.
//!
//! Told the tracker's other alarms ([`AlarmForm::with_existing`]), the form also warns when the
//! values match one of them (same time, repeat and days): a warning only, Enter still saves.
//! The time field's editing model is described on [`TimeField`].

mod days_field;
mod keys;
mod label_field;
mod number_field;
mod time_field;

use ratatui::crossterm::event::KeyEvent;

pub use days_field::DaysField;
pub use keys::{KeyHint, form_keys};
pub use label_field::LabelField;
pub use number_field::NumberField;
pub use time_field::{TimeField, TimeProblem};

use crate::app::keymap::{self, FieldEdit, FormCommand, Scope};
use crate::domain::alarm::{
    Alarm, AlarmDraft, AlarmField, AlarmRuleError, SNOOZE_COUNT_RANGE, SNOOZE_LENGTH_RANGE,
};

/// The one vibration pattern the legacy alarm API documents.
pub const DEFAULT_VIBE: &str = "DEFAULT";

/// Whether the form makes a new alarm or changes an existing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormMode {
    Create { tracker_id: String },
    Edit { tracker_id: String, alarm_id: u64 },
}

impl FormMode {
    /// The tracker the alarm belongs to.
    pub fn tracker_id(&self) -> &str {
        match self {
            FormMode::Create { tracker_id } | FormMode::Edit { tracker_id, .. } => tracker_id,
        }
    }
}

/// The field that takes the keys, in the order the form shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Focus {
    #[default]
    Time,
    Days,
    Repeat,
    Enabled,
    SnoozeLength,
    SnoozeCount,
    Label,
    Vibe,
}

impl Focus {
    /// Every field, top to bottom.
    pub const ALL: [Focus; 8] = [
        Focus::Time,
        Focus::Days,
        Focus::Repeat,
        Focus::Enabled,
        Focus::SnoozeLength,
        Focus::SnoozeCount,
        Focus::Label,
        Focus::Vibe,
    ];

    /// The field below, wrapping from the last to the first.
    #[must_use]
    pub const fn next(self) -> Self {
        match self {
            Focus::Time => Focus::Days,
            Focus::Days => Focus::Repeat,
            Focus::Repeat => Focus::Enabled,
            Focus::Enabled => Focus::SnoozeLength,
            Focus::SnoozeLength => Focus::SnoozeCount,
            Focus::SnoozeCount => Focus::Label,
            Focus::Label => Focus::Vibe,
            Focus::Vibe => Focus::Time,
        }
    }

    /// The field above, wrapping from the first to the last.
    #[must_use]
    pub const fn prev(self) -> Self {
        match self {
            Focus::Time => Focus::Vibe,
            Focus::Days => Focus::Time,
            Focus::Repeat => Focus::Days,
            Focus::Enabled => Focus::Repeat,
            Focus::SnoozeLength => Focus::Enabled,
            Focus::SnoozeCount => Focus::SnoozeLength,
            Focus::Label => Focus::SnoozeCount,
            Focus::Vibe => Focus::Label,
        }
    }

    /// The field's name as the form labels it.
    pub const fn label(self) -> &'static str {
        match self {
            Focus::Time => "Time",
            Focus::Days => "Days",
            Focus::Repeat => "Repeat",
            Focus::Enabled => "Enabled",
            Focus::SnoozeLength => "Snooze length",
            Focus::SnoozeCount => "Snooze count",
            Focus::Label => "Label",
            Focus::Vibe => "Vibe",
        }
    }

    /// The field a broken rule is about.
    pub const fn of(field: AlarmField) -> Self {
        match field {
            AlarmField::Time => Focus::Time,
            AlarmField::Weekdays => Focus::Days,
            AlarmField::SnoozeLength => Focus::SnoozeLength,
            AlarmField::SnoozeCount => Focus::SnoozeCount,
            AlarmField::Label => Focus::Label,
        }
    }

    fn index(self) -> usize {
        Focus::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

/// What the app should do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    /// Keep the form open.
    Continue,
    /// Save this draft (then call [`AlarmForm::set_saving`]).
    Submit(AlarmDraft),
    /// Close the form without saving.
    Cancel,
}

/// What the form is doing besides showing its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Editing,
    /// Asking "Discard your changes?" after Esc on a changed form.
    ConfirmDiscard,
    /// A save is in flight; keys are ignored.
    Saving,
}

/// State of the alarm editor form.
#[derive(Debug, Clone)]
pub struct AlarmForm {
    mode: FormMode,
    tracker_name: String,
    focus: Focus,
    time: TimeField,
    days: DaysField,
    recurring: bool,
    enabled: bool,
    snooze_length: NumberField,
    snooze_count: NumberField,
    label: LabelField,
    /// Not editable: kept as the alarm has it (`DEFAULT` for a new one).
    vibe: String,
    /// The values the form opened with; [`AlarmForm::is_dirty`] compares against them.
    original: AlarmDraft,
    /// Broken rules for the current values, in field order.
    errors: Vec<AlarmRuleError>,
    server_error: Option<String>,
    stage: Stage,
    twelve_hour: bool,
    /// The tracker's other alarms, for the duplicate warning.
    others: Vec<Alarm>,
}

impl AlarmForm {
    /// A form for a new alarm on a tracker, filled with [`AlarmDraft::default`].
    pub fn create(tracker_id: &str, tracker_name: &str, twelve_hour: bool) -> Self {
        Self::with_draft(
            FormMode::Create {
                tracker_id: tracker_id.to_string(),
            },
            tracker_name,
            AlarmDraft::default(),
            twelve_hour,
        )
    }

    /// A form that changes an existing alarm, filled with its values.
    pub fn edit(tracker_id: &str, tracker_name: &str, alarm: &Alarm, twelve_hour: bool) -> Self {
        Self::with_draft(
            FormMode::Edit {
                tracker_id: tracker_id.to_string(),
                alarm_id: alarm.id,
            },
            tracker_name,
            AlarmDraft::from(alarm),
            twelve_hour,
        )
    }

    fn with_draft(
        mode: FormMode,
        tracker_name: &str,
        draft: AlarmDraft,
        twelve_hour: bool,
    ) -> Self {
        let mut form = Self {
            mode,
            tracker_name: tracker_name.to_string(),
            focus: Focus::Time,
            time: TimeField::new(draft.time, twelve_hour),
            days: DaysField::new(draft.weekdays),
            recurring: draft.recurring,
            enabled: draft.enabled,
            snooze_length: NumberField::new(draft.snooze_length_min, SNOOZE_LENGTH_RANGE),
            snooze_count: NumberField::new(draft.snooze_count, SNOOZE_COUNT_RANGE),
            label: LabelField::new(draft.label.clone()),
            vibe: draft.vibe.clone(),
            original: draft,
            errors: Vec::new(),
            server_error: None,
            stage: Stage::Editing,
            twelve_hour,
            others: Vec::new(),
        };
        form.revalidate();
        form
    }

    /// Tells the form the tracker's alarms, so it can warn when the one being edited would be
    /// the same as another ([`AlarmForm::duplicate`]). The alarm being edited and deleted alarms
    /// are left out.
    #[must_use]
    pub fn with_existing(mut self, alarms: &[Alarm]) -> Self {
        let own = match self.mode {
            FormMode::Edit { alarm_id, .. } => Some(alarm_id),
            FormMode::Create { .. } => None,
        };
        self.others = alarms
            .iter()
            .filter(|a| !a.deleted && Some(a.id) != own)
            .cloned()
            .collect();
        self
    }

    /// Another alarm of the tracker that rings just like the current values: same time, same
    /// repeat, and (for a weekly alarm) the same days. A warning only: saving stays allowed.
    pub fn duplicate(&self) -> Option<&Alarm> {
        let time = self.time.value().ok()?;
        let days = self.days.days();
        self.others.iter().find(|a| {
            a.time == time && a.recurring == self.recurring && (!a.recurring || a.weekdays == days)
        })
    }

    /// The duplicate warning shown in the form, if any.
    pub fn duplicate_warning(&self) -> Option<String> {
        let other = self.duplicate()?;
        let when = if other.recurring {
            other.weekdays.summary()
        } else {
            "once".to_string()
        };
        Some(format!(
            "⚠ Same as the {} {when} alarm on this tracker; Enter still saves",
            other.time.display(self.twelve_hour)
        ))
    }

    /// Create or edit, and on which tracker.
    pub fn mode(&self) -> &FormMode {
        &self.mode
    }

    /// The tracker's display name, as given when the form was opened.
    pub fn tracker_name(&self) -> &str {
        &self.tracker_name
    }

    /// `New alarm on Charge 2` / `Edit alarm on Charge 2`.
    pub fn title(&self) -> String {
        match self.mode {
            FormMode::Create { .. } => format!("New alarm on {}", self.tracker_name),
            FormMode::Edit { .. } => format!("Edit alarm on {}", self.tracker_name),
        }
    }

    /// The field that takes the keys.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// Whether times show and type on a 12-hour clock.
    pub fn twelve_hour(&self) -> bool {
        self.twelve_hour
    }

    /// The time field's state.
    pub fn time_field(&self) -> &TimeField {
        &self.time
    }

    /// The weekday toggles' state.
    pub fn days_field(&self) -> &DaysField {
        &self.days
    }

    /// Repeats weekly (`true`) or rings once.
    pub fn recurring(&self) -> bool {
        self.recurring
    }

    /// Whether the alarm will ring.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The snooze length (minutes) field's state.
    pub fn snooze_length_field(&self) -> &NumberField {
        &self.snooze_length
    }

    /// The snooze count field's state.
    pub fn snooze_count_field(&self) -> &NumberField {
        &self.snooze_count
    }

    /// The label field's state.
    pub fn label_field(&self) -> &LabelField {
        &self.label
    }

    /// The vibration pattern, as the API names it (`DEFAULT`).
    pub fn vibe(&self) -> &str {
        &self.vibe
    }

    /// Broken rules for the current values, in field order.
    pub fn errors(&self) -> &[AlarmRuleError] {
        &self.errors
    }

    /// The message for a field, if its value breaks a rule.
    pub fn error(&self, focus: Focus) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| Focus::of(e.field) == focus)
            .map(|e| e.message.as_str())
    }

    /// The server's message after a failed save, until the next edit.
    pub fn server_error(&self) -> Option<&str> {
        self.server_error.as_deref()
    }

    /// Whether the form is asking "Discard your changes?".
    pub fn is_confirming_discard(&self) -> bool {
        self.stage == Stage::ConfirmDiscard
    }

    /// Whether a save is in flight.
    pub fn is_saving(&self) -> bool {
        self.stage == Stage::Saving
    }

    /// Marks a save as in flight (or over). While saving, [`AlarmForm::handle_key`] ignores every
    /// key: what Esc and Ctrl-C do then is the app's call. Starting a save retires the message of
    /// a previous failed one.
    pub fn set_saving(&mut self, saving: bool) {
        if saving {
            self.stage = Stage::Saving;
            self.server_error = None;
        } else {
            self.stage = Stage::Editing;
        }
    }

    /// Shows the server's message after a failed save; the user's input stays. Also ends the
    /// saving state, since the save is over.
    pub fn set_server_error(&mut self, message: String) {
        self.server_error = Some(message);
        self.stage = Stage::Editing;
    }

    /// Whether any value differs from what the form opened with (typing an incomplete time
    /// counts as a change).
    pub fn is_dirty(&self) -> bool {
        let o = &self.original;
        self.time.value().ok() != Some(o.time)
            || self.days.days() != o.weekdays
            || self.recurring != o.recurring
            || self.enabled != o.enabled
            || self.snooze_length.value() != Some(o.snooze_length_min)
            || self.snooze_count.value() != Some(o.snooze_count)
            || self.label.value() != o.label
    }

    /// The current values as a draft, or every broken rule (in field order).
    pub fn draft(&self) -> Result<AlarmDraft, Vec<AlarmRuleError>> {
        let mut errors = Vec::new();
        let mut fail = |field, message: String| errors.push(AlarmRuleError { field, message });
        let time = self.time.value().unwrap_or_else(|problems| {
            fail(AlarmField::Time, TimeProblem::messages(&problems));
            self.time.time()
        });
        let snooze_length_min = self.snooze_length.value().unwrap_or_else(|| {
            fail(
                AlarmField::SnoozeLength,
                format!(
                    "type a snooze length of {}–{} minutes",
                    SNOOZE_LENGTH_RANGE.start(),
                    SNOOZE_LENGTH_RANGE.end()
                ),
            );
            *SNOOZE_LENGTH_RANGE.start()
        });
        let snooze_count = self.snooze_count.value().unwrap_or_else(|| {
            fail(
                AlarmField::SnoozeCount,
                format!(
                    "type a snooze count of {}–{}",
                    SNOOZE_COUNT_RANGE.start(),
                    SNOOZE_COUNT_RANGE.end()
                ),
            );
            *SNOOZE_COUNT_RANGE.start()
        });
        let draft = AlarmDraft {
            time,
            enabled: self.enabled,
            recurring: self.recurring,
            weekdays: self.days.days(),
            snooze_length_min,
            snooze_count,
            label: self.label.value(),
            vibe: self.vibe.clone(),
        };
        for rule in draft.validate() {
            if !errors.iter().any(|e| e.field == rule.field) {
                errors.push(rule);
            }
        }
        if errors.is_empty() {
            Ok(draft)
        } else {
            errors.sort_by_key(|e| Focus::of(e.field).index());
            Err(errors)
        }
    }

    /// Handles one key event through the key table. Only presses count; while saving every
    /// key is ignored.
    ///
    /// Ctrl-C is never consumed: the app should handle it before passing keys on.
    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        match keymap::resolve(&key, &self.key_scopes(), self.twelve_hour) {
            Some(keymap::Command::Form(command)) => self.apply(command),
            _ => FormOutcome::Continue,
        }
    }

    /// The key-table scopes that take the keys now: the form's and the focused field's while
    /// editing, the answers while asking "Discard your changes?", none while saving.
    pub fn key_scopes(&self) -> Vec<Scope> {
        match self.stage {
            Stage::Editing => std::iter::once(Scope::Form)
                .chain(self.focus.scope())
                .collect(),
            Stage::ConfirmDiscard => vec![Scope::Discard],
            Stage::Saving => Vec::new(),
        }
    }

    /// Carries out one form command. While saving every command is ignored; while asking
    /// "Discard your changes?" only the answers count.
    pub fn apply(&mut self, command: FormCommand) -> FormOutcome {
        match (self.stage, command) {
            (Stage::Editing, FormCommand::Cancel) => self.cancel(),
            (Stage::Editing, FormCommand::Save) => self.submit(),
            (Stage::Editing, FormCommand::PrevField) => self.move_focus(self.focus.prev()),
            (Stage::Editing, FormCommand::NextField) => self.move_focus(self.focus.next()),
            (Stage::Editing, FormCommand::Edit(edit)) => {
                if self.edit_focused(edit) {
                    self.server_error = None;
                    self.revalidate();
                }
                FormOutcome::Continue
            }
            (Stage::ConfirmDiscard, FormCommand::Discard) => FormOutcome::Cancel,
            (Stage::ConfirmDiscard, FormCommand::KeepEditing) => {
                self.stage = Stage::Editing;
                FormOutcome::Continue
            }
            _ => FormOutcome::Continue,
        }
    }

    /// Passes an edit to the focused field; returns whether a value changed.
    fn edit_focused(&mut self, edit: FieldEdit) -> bool {
        match (self.focus, edit) {
            (Focus::Time, edit) => self.time.apply(edit),
            (Focus::Days, edit) => self.days.apply(edit),
            (Focus::Repeat, FieldEdit::Toggle) => {
                self.recurring = !self.recurring;
                true
            }
            (Focus::Enabled, FieldEdit::Toggle) => {
                self.enabled = !self.enabled;
                true
            }
            (Focus::SnoozeLength, edit) => self.snooze_length.apply(edit),
            (Focus::SnoozeCount, edit) => self.snooze_count.apply(edit),
            (Focus::Label, FieldEdit::Text(edit)) => self.label.apply(edit),
            _ => false,
        }
    }

    fn move_focus(&mut self, focus: Focus) -> FormOutcome {
        self.focus = focus;
        match focus {
            Focus::Time => self.time.focus(),
            Focus::SnoozeLength => self.snooze_length.select_all(),
            Focus::SnoozeCount => self.snooze_count.select_all(),
            _ => {}
        }
        FormOutcome::Continue
    }

    fn submit(&mut self) -> FormOutcome {
        match self.draft() {
            Ok(draft) => FormOutcome::Submit(draft),
            Err(errors) => {
                let first = errors
                    .iter()
                    .map(|e| Focus::of(e.field))
                    .min_by_key(|f| f.index());
                self.errors = errors;
                match first {
                    Some(focus) => self.move_focus(focus),
                    None => FormOutcome::Continue,
                }
            }
        }
    }

    fn cancel(&mut self) -> FormOutcome {
        if self.is_dirty() {
            self.stage = Stage::ConfirmDiscard;
            FormOutcome::Continue
        } else {
            FormOutcome::Cancel
        }
    }

    fn revalidate(&mut self) {
        self.errors = self.draft().err().unwrap_or_default();
    }
}
