//! The Alarms tab's behaviour: selecting alarms, adding and editing them in the form,
//! toggling, deleting (after a confirmation), saves in flight and their results.
//!
//! No edit is lost: while a save runs the row says "saving…" and the form stays open; a
//! failure brings the form back with the user's input and the server's message; a retried
//! create first looks for the alarm the failed attempt may have created, so it never makes a
//! duplicate; quitting with a save in flight asks first.

use super::action::{Action, AlarmOp, Effect, Payload, RequestId, Resource};
use super::alarm_form::{AlarmForm, FormMode, FormOutcome};
use super::keymap::Command;
use super::loadable::Loadable;
use super::status::Severity;
use super::{AlarmRow, App, Confirm, ConfirmAction, Overlay, alarm_rows};
use crate::api::{AlarmAccess, ApiError};
use crate::domain::alarm::{Alarm, AlarmDraft, MAX_ALARMS_PER_TRACKER, TrackerAlarms};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A change on its way to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAlarmOp {
    pub req: RequestId,
    pub tracker_id: String,
    /// `None` while a new alarm is being created.
    pub alarm_id: Option<u64>,
    pub op: AlarmOp,
}

/// The open editor and what it needs to save safely.
#[derive(Debug, Clone)]
pub struct FormState {
    pub form: AlarmForm,
    /// Alarm ids on the tracker before the first save attempt (duplicate protection).
    pub known_ids: Vec<u64>,
    /// Save attempts so far; a retry of a create checks for an earlier success first.
    pub attempts: u32,
}

/// How an alarm is described in messages: `07:15 (Mon–Fri)`.
fn describe(alarm: &Alarm, twelve_hour: bool) -> String {
    let days = if alarm.recurring {
        alarm.weekdays.summary()
    } else {
        "once".into()
    };
    format!("{} ({days})", alarm.time.display(twelve_hour))
}

impl App {
    fn alarm_trackers(&self) -> Option<&Vec<TrackerAlarms>> {
        match self
            .cache
            .get(&Resource::Alarms)
            .and_then(Loadable::value)
            .map(|f| &f.value)
        {
            Some(Payload::Alarms(trackers)) => Some(trackers),
            _ => None,
        }
    }

    fn alarm_trackers_mut(&mut self) -> Option<&mut Vec<TrackerAlarms>> {
        match self
            .cache
            .slot_mut(Resource::Alarms)
            .value_mut()
            .map(|f| &mut f.value)
        {
            Some(Payload::Alarms(trackers)) => Some(trackers),
            _ => None,
        }
    }

    /// The selected row of the Alarms tab.
    pub fn selected_alarm_row(&self) -> Option<AlarmRow<'_>> {
        let rows = alarm_rows(self.alarm_trackers()?);
        let i = self.alarm_selected.min(rows.len().checked_sub(1)?);
        rows.get(i).copied()
    }

    /// The pending operation on an alarm row, if any.
    pub fn pending_op(&self, tracker_id: &str, alarm_id: Option<u64>) -> Option<&PendingAlarmOp> {
        self.alarm_ops
            .iter()
            .find(|op| op.tracker_id == tracker_id && op.alarm_id == alarm_id)
    }

    pub(super) fn alarm_command(&mut self, command: Command) -> Vec<Effect> {
        let editable = self
            .session
            .source
            .as_ref()
            .is_some_and(|s| s.capabilities.alarms == AlarmAccess::ReadWrite);
        if !editable {
            self.notify(
                Severity::Info,
                "This data source has no alarm access, so alarms can't be changed here",
            );
            return Vec::new();
        }
        let Some(row) = self.selected_alarm_row() else {
            let text = if self.alarm_trackers().is_some() {
                "No tracker here supports alarms through the API"
            } else {
                "The alarms are still loading"
            };
            self.notify(Severity::Info, text);
            return Vec::new();
        };
        let tracker_id = row.tracker.device.id.clone();
        let tracker_name = row.tracker.device.model.clone();
        let has_room = row.tracker.has_room();
        let alarm = row.alarm.cloned();
        match (command, alarm) {
            (Command::AddAlarm, _) | (Command::EditAlarm, None) => {
                if !has_room {
                    self.notify(
                        Severity::Warning,
                        format!(
                            "The {tracker_name} already holds {MAX_ALARMS_PER_TRACKER} alarms, the most a tracker can; delete one first"
                        ),
                    );
                    return Vec::new();
                }
                self.open_form(AlarmForm::create(
                    &tracker_id,
                    &tracker_name,
                    self.twelve_hour(),
                ));
                Vec::new()
            }
            (Command::EditAlarm, Some(alarm)) => {
                if self.pending_op(&tracker_id, Some(alarm.id)).is_some() {
                    self.notify(Severity::Info, "That alarm is still being saved");
                    return Vec::new();
                }
                self.open_form(AlarmForm::edit(
                    &tracker_id,
                    &tracker_name,
                    &alarm,
                    self.twelve_hour(),
                ));
                Vec::new()
            }
            (Command::ToggleAlarm, Some(alarm)) => {
                if self.pending_op(&tracker_id, Some(alarm.id)).is_some() {
                    self.notify(Severity::Info, "That alarm is still being saved");
                    return Vec::new();
                }
                let mut draft = AlarmDraft::from(&alarm);
                draft.enabled = !draft.enabled;
                self.save(tracker_id, Some(alarm.id), draft, None, AlarmOp::Toggle)
            }
            (Command::DeleteAlarm, Some(alarm)) => {
                if self.pending_op(&tracker_id, Some(alarm.id)).is_some() {
                    self.notify(Severity::Info, "That alarm is still being saved");
                    return Vec::new();
                }
                self.overlay = Some(Overlay::Confirm(Confirm {
                    title: "Delete alarm?".into(),
                    body: format!(
                        "Delete the {} alarm on the {tracker_name}? It leaves the tracker at its next sync.",
                        describe(&alarm, self.twelve_hour())
                    ),
                    action: ConfirmAction::DeleteAlarm {
                        tracker_id,
                        alarm_id: alarm.id,
                    },
                    resume: None,
                }));
                Vec::new()
            }
            (Command::ToggleAlarm | Command::DeleteAlarm, None) => {
                self.notify(Severity::Info, "No alarm selected");
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn open_form(&mut self, form: AlarmForm) {
        let known_ids = self
            .alarm_trackers()
            .and_then(|ts| ts.iter().find(|t| t.device.id == form.mode().tracker_id()))
            .map(|t| t.alarms.iter().map(|a| a.id).collect())
            .unwrap_or_default();
        self.overlay = Some(Overlay::AlarmForm(Box::new(FormState {
            form,
            known_ids,
            attempts: 0,
        })));
    }

    fn save(
        &mut self,
        tracker_id: String,
        alarm_id: Option<u64>,
        draft: AlarmDraft,
        known_ids: Option<Vec<u64>>,
        op: AlarmOp,
    ) -> Vec<Effect> {
        let req = self.requests.next_id();
        self.alarm_ops.push(PendingAlarmOp {
            req,
            tracker_id: tracker_id.clone(),
            alarm_id,
            op,
        });
        vec![Effect::SaveAlarm {
            req,
            tracker_id,
            alarm_id,
            draft,
            known_ids,
            op,
        }]
    }

    /// Keys while the alarm form is open.
    pub(super) fn form_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return self.request_quit();
        }
        let Some(Overlay::AlarmForm(state)) = &mut self.overlay else {
            return Vec::new();
        };
        match state.form.handle_key(key) {
            FormOutcome::Continue => Vec::new(),
            FormOutcome::Cancel => {
                self.overlay = None;
                Vec::new()
            }
            FormOutcome::Submit(draft) => {
                state.form.set_saving(true);
                let retry_of_create =
                    matches!(state.form.mode(), FormMode::Create { .. }) && state.attempts > 0;
                state.attempts += 1;
                let known = retry_of_create.then(|| state.known_ids.clone());
                let (tracker_id, alarm_id) = match state.form.mode() {
                    FormMode::Create { tracker_id } => (tracker_id.clone(), None),
                    FormMode::Edit {
                        tracker_id,
                        alarm_id,
                    } => (tracker_id.clone(), Some(*alarm_id)),
                };
                self.save(tracker_id, alarm_id, draft, known, AlarmOp::Save)
            }
        }
    }

    /// Keys while a confirmation is open: `y` confirms, `n` or Esc declines.
    pub(super) fn confirm_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(Overlay::Confirm(confirm)) = &self.overlay else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Char('y' | 'Y') => {
                let action = confirm.action.clone();
                self.overlay = None;
                match action {
                    ConfirmAction::DeleteAlarm {
                        tracker_id,
                        alarm_id,
                    } => {
                        let req = self.requests.next_id();
                        self.alarm_ops.push(PendingAlarmOp {
                            req,
                            tracker_id: tracker_id.clone(),
                            alarm_id: Some(alarm_id),
                            op: AlarmOp::Delete,
                        });
                        vec![Effect::DeleteAlarm {
                            req,
                            tracker_id,
                            alarm_id,
                        }]
                    }
                    ConfirmAction::Quit => {
                        self.quit = true;
                        Vec::new()
                    }
                }
            }
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                self.overlay = match self.overlay.take() {
                    Some(Overlay::Confirm(Confirm {
                        resume: Some(form), ..
                    })) => Some(Overlay::AlarmForm(form)),
                    _ => None,
                };
                Vec::new()
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.quit = true;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Quits, unless an alarm change is still being saved: then asks first (an open form
    /// comes back if the answer is no).
    pub(super) fn request_quit(&mut self) -> Vec<Effect> {
        if self.alarm_ops.is_empty() {
            self.quit = true;
        } else {
            let resume = match self.overlay.take() {
                Some(Overlay::AlarmForm(state)) => Some(state),
                _ => None,
            };
            self.overlay = Some(Overlay::Confirm(Confirm {
                title: "Quit now?".into(),
                body: "An alarm change is still being saved; if you quit now you won't see whether it worked.".into(),
                action: ConfirmAction::Quit,
                resume,
            }));
        }
        Vec::new()
    }

    /// The open alarm form, also while a quit confirmation covers it.
    fn form_mut(&mut self) -> Option<&mut FormState> {
        match &mut self.overlay {
            Some(
                Overlay::AlarmForm(state)
                | Overlay::Confirm(Confirm {
                    resume: Some(state),
                    ..
                }),
            ) => Some(state),
            _ => None,
        }
    }

    fn take_op(&mut self, req: RequestId) -> Option<PendingAlarmOp> {
        let i = self.alarm_ops.iter().position(|op| op.req == req)?;
        Some(self.alarm_ops.remove(i))
    }

    pub(super) fn alarm_saved(
        &mut self,
        req: RequestId,
        result: Result<Alarm, ApiError>,
    ) -> Vec<Effect> {
        let Some(op) = self.take_op(req) else {
            return Vec::new();
        };
        self.dirty = true;
        let form_waiting = op.op == AlarmOp::Save
            && self
                .form_mut()
                .is_some_and(|s| s.form.is_saving() && s.form.mode().tracker_id() == op.tracker_id);
        match result {
            Ok(alarm) => {
                let text = format!(
                    "Alarm {} saved — it reaches the tracker at its next sync",
                    describe(&alarm, self.twelve_hour())
                );
                if let Some(trackers) = self.alarm_trackers_mut()
                    && let Some(t) = trackers.iter_mut().find(|t| t.device.id == op.tracker_id)
                {
                    match t.alarms.iter_mut().find(|a| a.id == alarm.id) {
                        Some(existing) => *existing = alarm,
                        None => t.alarms.push(alarm),
                    }
                }
                if form_waiting {
                    match &mut self.overlay {
                        Some(Overlay::Confirm(c)) => c.resume = None,
                        _ => self.overlay = None,
                    }
                }
                self.notify(Severity::Info, text);
            }
            Err(error) => {
                self.note_api_error(&error);
                let message = error.to_string();
                match &mut self.overlay {
                    Some(Overlay::AlarmForm(state)) if form_waiting && op.op == AlarmOp::Save => {
                        state.form.set_saving(false);
                        state.form.set_server_error(format!("Not saved: {message}"));
                    }
                    _ => self.notify(
                        Severity::Error,
                        format!("The alarm was not changed: {message}"),
                    ),
                }
            }
        }
        Vec::new()
    }

    pub(super) fn alarm_deleted(
        &mut self,
        req: RequestId,
        alarm_id: u64,
        result: Result<(), ApiError>,
    ) -> Vec<Effect> {
        let Some(op) = self.take_op(req) else {
            return Vec::new();
        };
        self.dirty = true;
        match result {
            // Already gone on the server is what the user wanted.
            Ok(()) | Err(ApiError::NotFound(_)) => {
                if let Some(trackers) = self.alarm_trackers_mut()
                    && let Some(t) = trackers.iter_mut().find(|t| t.device.id == op.tracker_id)
                {
                    t.alarms.retain(|a| a.id != alarm_id);
                }
                self.notify(Severity::Info, "Alarm deleted");
            }
            Err(error) => {
                self.note_api_error(&error);
                self.notify(
                    Severity::Error,
                    format!("The alarm was not deleted: {error}"),
                );
            }
        }
        Vec::new()
    }

    pub(super) fn alarm_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::AlarmSaved { req, result } => self.alarm_saved(req, result),
            Action::AlarmDeleted {
                req,
                alarm_id,
                result,
            } => self.alarm_deleted(req, alarm_id, result),
            _ => Vec::new(),
        }
    }
}

/// An alarm on `tracker_id` that a failed create may have made: not among `known`, same
/// settings as `draft`.
pub fn created_by_earlier_attempt<'a>(
    trackers: &'a [TrackerAlarms],
    tracker_id: &str,
    known: &[u64],
    draft: &AlarmDraft,
) -> Option<&'a Alarm> {
    let tracker = trackers.iter().find(|t| t.device.id == tracker_id)?;
    tracker.alarms.iter().find(|a| {
        let found = AlarmDraft::from(*a);
        !a.deleted
            && !known.contains(&a.id)
            && found.time == draft.time
            && found.enabled == draft.enabled
            && found.recurring == draft.recurring
            && (!draft.recurring || found.weekdays == draft.weekdays)
            && found.snooze_length_min == draft.snooze_length_min
            && found.snooze_count == draft.snooze_count
            && found.label == draft.label
    })
}
