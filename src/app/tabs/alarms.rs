//! The Alarms tab's state and behaviour: selecting alarms, adding and editing them in the form,
//! toggling, deleting (after a confirmation), saves in flight and their results.
//!
//! No edit is lost: while a save runs the row says "saving…" and the form stays open; a
//! failure brings the form back with the user's input and the server's message; a retried
//! create first lists the tracker's alarms and adopts the one the failed attempt may have
//! created (the decision is made here, from the list the runner sends back), so it never makes
//! a duplicate.

use crate::api::ApiError;
use crate::app::action::{AlarmOp, Effect, Payload, RequestId, Resource};
use crate::app::alarm_form::{AlarmForm, FormMode, FormOutcome};
use crate::app::keymap::{Command, FormCommand};
use crate::app::loadable::Loadable;
use crate::app::overlay::{Confirm, ConfirmAction, Overlay};
use crate::app::shell::Shell;
use crate::app::status::Severity;
use crate::domain::alarm::{Alarm, AlarmDraft, MAX_ALARMS_PER_TRACKER, TrackerAlarms};
use crate::domain::device::AlarmSupport;

/// A change on its way to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAlarmOp {
    pub req: RequestId,
    pub tracker_id: String,
    /// `None` while a new alarm is being created.
    pub alarm_id: Option<u64>,
    pub op: AlarmOp,
    /// A retried create waiting for the tracker's alarm list.
    retry: Option<RetriedCreate>,
}

/// What a retried create needs once the tracker's alarms are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RetriedCreate {
    draft: AlarmDraft,
    /// Alarm ids on the tracker before the first attempt.
    known_ids: Vec<u64>,
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

/// State of the Alarms tab.
#[derive(Debug, Default)]
pub struct AlarmsState {
    /// The selected row (index into [`alarm_rows`]; the view clamps it).
    selected: usize,
    /// Alarm changes on their way to the server.
    pub(in crate::app) ops: Vec<PendingAlarmOp>,
    /// The open alarm editor.
    pub(in crate::app) form: Option<Box<FormState>>,
}

/// One selectable row of the Alarms tab: a tracker's "add" slot or one of its alarms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlarmRow<'a> {
    pub tracker: &'a TrackerAlarms,
    /// `None` for a tracker without alarms (the row offers "add").
    pub alarm: Option<&'a Alarm>,
}

/// The selectable rows of the Alarms tab, in display order: each editable tracker's visible
/// alarms, or one empty row for an editable tracker without any.
pub fn alarm_rows(trackers: &[TrackerAlarms]) -> Vec<AlarmRow<'_>> {
    let mut rows = Vec::new();
    for tracker in trackers
        .iter()
        .filter(|t| t.device.alarms == AlarmSupport::Editable)
    {
        let visible = tracker.visible();
        if visible.is_empty() {
            rows.push(AlarmRow {
                tracker,
                alarm: None,
            });
        }
        rows.extend(visible.into_iter().map(|alarm| AlarmRow {
            tracker,
            alarm: Some(alarm),
        }));
    }
    rows
}

/// The Alarms list line by line as the tab draws it (`ui::alarms`): for each line, the
/// selectable row it shows, if any. A tracker without alarm access takes its name and a blank;
/// one with access its name, a "saving a new alarm…" line while a create runs, its alarms (or
/// the "No alarms set" row) and a blank. Clicks are hit-tested with it.
pub fn list_lines(
    trackers: &[TrackerAlarms],
    creating: impl Fn(&str) -> bool,
) -> Vec<Option<usize>> {
    let mut lines = Vec::new();
    let mut row = 0;
    for tracker in trackers {
        if tracker.device.alarms != AlarmSupport::Editable {
            lines.extend([None, None]);
            continue;
        }
        lines.push(None);
        if creating(&tracker.device.id) {
            lines.push(None);
        }
        let shown = tracker.visible().len().max(1);
        for _ in 0..shown {
            lines.push(Some(row));
            row += 1;
        }
        lines.push(None);
    }
    lines
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

fn trackers(shell: &Shell) -> Option<&Vec<TrackerAlarms>> {
    match shell
        .cache
        .get(&Resource::Alarms)
        .and_then(Loadable::value)
        .map(|f| &f.value)
    {
        Some(Payload::Alarms(trackers)) => Some(trackers),
        _ => None,
    }
}

fn trackers_mut(shell: &mut Shell) -> Option<&mut Vec<TrackerAlarms>> {
    match shell
        .cache
        .slot_mut(Resource::Alarms)
        .value_mut()
        .map(|f| &mut f.value)
    {
        Some(Payload::Alarms(trackers)) => Some(trackers),
        _ => None,
    }
}

impl AlarmsState {
    /// The selected row index (the view clamps it to the rows).
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Alarm changes on their way to the server.
    pub fn ops(&self) -> &[PendingAlarmOp] {
        &self.ops
    }

    /// The selected row of the Alarms tab.
    fn selected_row<'a>(&self, shell: &'a Shell) -> Option<AlarmRow<'a>> {
        let rows = alarm_rows(trackers(shell)?);
        let i = self.selected.min(rows.len().checked_sub(1)?);
        rows.get(i).copied()
    }

    /// The pending operation on an alarm row, if any.
    pub fn pending_op(&self, tracker_id: &str, alarm_id: Option<u64>) -> Option<&PendingAlarmOp> {
        self.ops
            .iter()
            .find(|op| op.tracker_id == tracker_id && op.alarm_id == alarm_id)
    }

    /// A key command on the Alarms tab.
    pub(super) fn command(&mut self, command: Command, shell: &mut Shell) -> Vec<Effect> {
        match command {
            Command::SelectPrev => self.select(-1, shell),
            Command::SelectNext => self.select(1, shell),
            Command::SelectRow(row) => self.select_row(row, shell),
            Command::OpenRow(row) => {
                let mut effects = self.select_row(row, shell);
                effects.extend(self.alarm_command(Command::EditAlarm, shell));
                effects
            }
            Command::AddAlarm
            | Command::EditAlarm
            | Command::DeleteAlarm
            | Command::ToggleAlarm => self.alarm_command(command, shell),
            _ => Vec::new(),
        }
    }

    fn select(&mut self, delta: isize, shell: &Shell) -> Vec<Effect> {
        let count = trackers(shell).map_or(0, |t| alarm_rows(t).len());
        if count > 0 {
            self.selected = self.selected.saturating_add_signed(delta).min(count - 1);
        }
        Vec::new()
    }

    fn select_row(&mut self, row: usize, shell: &Shell) -> Vec<Effect> {
        let count = trackers(shell).map_or(0, |t| alarm_rows(t).len());
        if row < count {
            self.selected = row;
        }
        Vec::new()
    }

    /// The list row at line `line` of the list (0: its first line), if any.
    pub(in crate::app) fn row_at_line(&self, line: usize, shell: &Shell) -> Option<usize> {
        let trackers = trackers(shell)?;
        let lines = list_lines(trackers, |id| self.pending_op(id, None).is_some());
        lines.get(line).copied().flatten()
    }

    fn alarm_command(&mut self, command: Command, shell: &mut Shell) -> Vec<Effect> {
        if !shell.alarms_editable() {
            shell.notify(
                Severity::Info,
                "This data source has no alarm access, so alarms can't be changed here",
            );
            return Vec::new();
        }
        let Some(row) = self.selected_row(shell) else {
            let text = if trackers(shell).is_some() {
                "No tracker here supports alarms through the API"
            } else {
                "The alarms are still loading"
            };
            shell.notify(Severity::Info, text);
            return Vec::new();
        };
        let tracker_id = row.tracker.device.id.clone();
        let tracker_name = row.tracker.device.model.clone();
        let has_room = row.tracker.has_room();
        let alarm = row.alarm.cloned();
        let busy = alarm
            .as_ref()
            .is_some_and(|a| self.pending_op(&tracker_id, Some(a.id)).is_some());
        match (command, alarm) {
            (Command::AddAlarm, _) | (Command::EditAlarm, None) => {
                if !has_room {
                    shell.notify(
                        Severity::Warning,
                        format!(
                            "The {tracker_name} already holds {MAX_ALARMS_PER_TRACKER} alarms, the most a tracker can; delete one first"
                        ),
                    );
                    return Vec::new();
                }
                let form = AlarmForm::create(&tracker_id, &tracker_name, shell.twelve_hour());
                self.open_form(form, shell);
                Vec::new()
            }
            (Command::EditAlarm | Command::ToggleAlarm | Command::DeleteAlarm, Some(_)) if busy => {
                shell.notify(Severity::Info, "That alarm is still being saved");
                Vec::new()
            }
            (Command::EditAlarm, Some(alarm)) => {
                let form = AlarmForm::edit(&tracker_id, &tracker_name, &alarm, shell.twelve_hour());
                self.open_form(form, shell);
                Vec::new()
            }
            (Command::ToggleAlarm, Some(alarm)) => {
                let mut draft = AlarmDraft::from(&alarm);
                draft.enabled = !draft.enabled;
                self.save(
                    shell,
                    tracker_id,
                    Some(alarm.id),
                    draft,
                    None,
                    AlarmOp::Toggle,
                )
            }
            (Command::DeleteAlarm, Some(alarm)) => {
                shell.overlay = Some(Overlay::Confirm(Confirm {
                    title: "Delete alarm?".into(),
                    body: format!(
                        "Delete the {} alarm on the {tracker_name}? It leaves the tracker at its next sync.",
                        describe(&alarm, shell.twelve_hour())
                    ),
                    action: ConfirmAction::DeleteAlarm {
                        tracker_id,
                        alarm_id: alarm.id,
                    },
                }));
                Vec::new()
            }
            (Command::ToggleAlarm | Command::DeleteAlarm, None) => {
                shell.notify(Severity::Info, "No alarm selected");
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn open_form(&mut self, form: AlarmForm, shell: &Shell) {
        let tracker = trackers(shell)
            .and_then(|ts| ts.iter().find(|t| t.device.id == form.mode().tracker_id()));
        let known_ids = tracker
            .map(|t| t.alarms.iter().map(|a| a.id).collect())
            .unwrap_or_default();
        // The tracker's alarms, so the form can warn about a duplicate.
        let form = match tracker {
            Some(t) => form.with_existing(&t.alarms),
            None => form,
        };
        self.form = Some(Box::new(FormState {
            form,
            known_ids,
            attempts: 0,
        }));
    }

    /// Starts a save: a retried create (`retry_known` given) first lists the tracker's alarms.
    fn save(
        &mut self,
        shell: &mut Shell,
        tracker_id: String,
        alarm_id: Option<u64>,
        draft: AlarmDraft,
        retry_known: Option<Vec<u64>>,
        op: AlarmOp,
    ) -> Vec<Effect> {
        let req = shell.requests.next_id();
        let Some(known_ids) = retry_known else {
            self.ops.push(PendingAlarmOp {
                req,
                tracker_id: tracker_id.clone(),
                alarm_id,
                op,
                retry: None,
            });
            return vec![Effect::SaveAlarm {
                req,
                tracker_id,
                alarm_id,
                draft,
                op,
            }];
        };
        self.ops.push(PendingAlarmOp {
            req,
            tracker_id,
            alarm_id,
            op,
            retry: Some(RetriedCreate { draft, known_ids }),
        });
        vec![Effect::ListAlarms { req }]
    }

    /// A command for the open form.
    pub(in crate::app) fn form_command(
        &mut self,
        command: FormCommand,
        shell: &mut Shell,
    ) -> Vec<Effect> {
        let Some(state) = &mut self.form else {
            return Vec::new();
        };
        match state.form.apply(command) {
            FormOutcome::Continue => Vec::new(),
            FormOutcome::Cancel => {
                self.form = None;
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
                self.save(shell, tracker_id, alarm_id, draft, known, AlarmOp::Save)
            }
        }
    }

    /// `y` on "Delete alarm?".
    pub(in crate::app) fn delete(
        &mut self,
        shell: &mut Shell,
        tracker_id: String,
        alarm_id: u64,
    ) -> Vec<Effect> {
        let req = shell.requests.next_id();
        self.ops.push(PendingAlarmOp {
            req,
            tracker_id: tracker_id.clone(),
            alarm_id: Some(alarm_id),
            op: AlarmOp::Delete,
            retry: None,
        });
        vec![Effect::DeleteAlarm {
            req,
            tracker_id,
            alarm_id,
        }]
    }

    fn take_op(&mut self, req: RequestId) -> Option<PendingAlarmOp> {
        let i = self.ops.iter().position(|op| op.req == req)?;
        Some(self.ops.remove(i))
    }

    /// The tracker's alarms arrived for a retried create: adopt the alarm an earlier attempt
    /// made, or create it now. `None` when no change was waiting for them.
    pub(in crate::app) fn listed(
        &mut self,
        req: RequestId,
        result: Result<Vec<TrackerAlarms>, ApiError>,
        shell: &mut Shell,
    ) -> Option<Vec<Effect>> {
        let op = self.ops.iter_mut().find(|op| op.req == req)?;
        let retry = op.retry.take()?;
        let (tracker_id, kind) = (op.tracker_id.clone(), op.op);
        let trackers = match result {
            Ok(trackers) => trackers,
            Err(error) => return self.saved(req, Err(error), shell),
        };
        if let Some(existing) =
            created_by_earlier_attempt(&trackers, &tracker_id, &retry.known_ids, &retry.draft)
        {
            tracing::info!("a previous attempt already created this alarm; not creating it again");
            let existing = existing.clone();
            return self.saved(req, Ok(existing), shell);
        }
        Some(vec![Effect::SaveAlarm {
            req,
            tracker_id,
            alarm_id: None,
            draft: retry.draft,
            op: kind,
        }])
    }

    /// A create / update finished. `None` when no change was waiting for it.
    pub(in crate::app) fn saved(
        &mut self,
        req: RequestId,
        result: Result<Alarm, ApiError>,
        shell: &mut Shell,
    ) -> Option<Vec<Effect>> {
        let op = self.take_op(req)?;
        let form_waiting = op.op == AlarmOp::Save
            && self
                .form
                .as_ref()
                .is_some_and(|s| s.form.is_saving() && s.form.mode().tracker_id() == op.tracker_id);
        match result {
            Ok(alarm) => {
                let text = format!(
                    "Alarm {} saved — it reaches the tracker at its next sync",
                    describe(&alarm, shell.twelve_hour())
                );
                if let Some(trackers) = trackers_mut(shell)
                    && let Some(t) = trackers.iter_mut().find(|t| t.device.id == op.tracker_id)
                {
                    match t.alarms.iter_mut().find(|a| a.id == alarm.id) {
                        Some(existing) => *existing = alarm,
                        None => t.alarms.push(alarm),
                    }
                }
                if form_waiting {
                    self.form = None;
                }
                shell.notify(Severity::Info, text);
            }
            Err(error) => {
                shell.note_error(&error);
                let message = error.describe_in(&shell.local_time());
                let form = self.form.as_mut().filter(|_| form_waiting);
                match form {
                    // The form is on top: it shows the message next to the user's input.
                    Some(state) if shell.overlay.is_none() => {
                        state.form.set_saving(false);
                        state.form.set_server_error(message.clone());
                    }
                    _ => {
                        // A popup covers the form (or none waits): say it in the status line,
                        // and let a covered form take input again.
                        if let Some(state) = form {
                            state.form.set_server_error(message.clone());
                        }
                        shell.notify(
                            Severity::Error,
                            format!("The alarm was not changed: {message}"),
                        );
                    }
                }
            }
        }
        Some(Vec::new())
    }

    /// A delete finished. `None` when no change was waiting for it.
    pub(in crate::app) fn deleted(
        &mut self,
        req: RequestId,
        alarm_id: u64,
        result: Result<(), ApiError>,
        shell: &mut Shell,
    ) -> Option<Vec<Effect>> {
        let op = self.take_op(req)?;
        match result {
            // Already gone on the server is what the user wanted.
            Ok(()) | Err(ApiError::NotFound(_)) => {
                if let Some(trackers) = trackers_mut(shell)
                    && let Some(t) = trackers.iter_mut().find(|t| t.device.id == op.tracker_id)
                {
                    t.alarms.retain(|a| a.id != alarm_id);
                }
                shell.notify(Severity::Info, "Alarm deleted");
            }
            Err(error) => {
                shell.note_error(&error);
                shell.notify(
                    Severity::Error,
                    format!(
                        "The alarm was not deleted: {}",
                        error.describe_in(&shell.local_time())
                    ),
                );
            }
        }
        Some(Vec::new())
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use jiff::tz::TimeZone;

    use super::*;
    use crate::api::{Capabilities, ProviderKind};
    use crate::app::keymap::FormCommand;
    use crate::app::{Action, App, AppInit, SourceInfo};
    use crate::clock::FixedClock;
    use crate::config::Config;
    use crate::domain::alarm::AlarmTime;
    use crate::domain::device::{Device, DeviceKind};

    fn tracker(alarms: Vec<Alarm>) -> TrackerAlarms {
        TrackerAlarms {
            device: Device {
                id: "T1".into(),
                model: "Charge 2".into(),
                kind: DeviceKind::Tracker,
                battery: None,
                battery_percent: None,
                last_sync: None,
                mac: None,
                features: Vec::new(),
                alarms: AlarmSupport::Editable,
            },
            alarms,
        }
    }

    fn alarm(id: u64, draft: &AlarmDraft) -> Alarm {
        Alarm {
            id,
            time: draft.time,
            offset: None,
            enabled: draft.enabled,
            recurring: draft.recurring,
            weekdays: draft.weekdays,
            snooze_length_min: draft.snooze_length_min,
            snooze_count: draft.snooze_count,
            label: draft.label.clone(),
            vibe: draft.vibe.clone(),
            synced: false,
            deleted: false,
        }
    }

    /// An app on the Alarms tab of a Fitbit source, with one tracker holding alarm 1 (06:00).
    fn alarms_tab() -> App {
        let clock = Arc::new(FixedClock::new("2026-11-21T20:00:00Z".parse().unwrap()));
        let (mut app, _) = App::new(AppInit {
            config: Config::default(),
            clock,
            tz: TimeZone::get("America/Los_Angeles").unwrap(),
            start_date: None,
            source: Some(SourceInfo {
                kind: ProviderKind::Fitbit,
                capabilities: Capabilities::FITBIT,
            }),
        });
        let effects = app.update(Action::Command(Command::GoTab(crate::app::Tab::Alarms)));
        let Some(Effect::Fetch { req, resource }) = effects.last().cloned() else {
            panic!("the tab asks for its alarms: {effects:?}");
        };
        let six = AlarmDraft {
            time: AlarmTime { hour: 6, minute: 0 },
            ..AlarmDraft::default()
        };
        app.update(Action::Fetched {
            req,
            resource,
            result: Ok(Payload::Alarms(vec![tracker(vec![alarm(1, &six)])])),
        });
        app
    }

    /// Opens the create form, saves it and fails the save once; returns the app and the draft.
    fn failed_create() -> App {
        let mut app = alarms_tab();
        app.update(Action::Command(Command::AddAlarm));
        assert!(app.alarm_form().is_some());
        let effects = app.update(Action::Command(Command::Form(FormCommand::Save)));
        let [Effect::SaveAlarm { req, alarm_id, .. }] = effects.as_slice() else {
            panic!("a first save creates: {effects:?}");
        };
        assert_eq!(*alarm_id, None);
        app.update(Action::AlarmSaved {
            req: *req,
            result: Err(ApiError::Server {
                status: 502,
                message: "bad gateway".into(),
            }),
        });
        let form = &app.alarm_form().unwrap().form;
        assert!(!form.is_saving());
        let message = form.server_error().unwrap();
        assert!(message.contains("bad gateway"), "{message}");
        // The form's view says "Not saved: " itself; the message must not say it again.
        assert!(!message.contains("Not saved"), "{message}");
        app
    }

    #[test]
    fn a_retried_create_adopts_the_alarm_an_earlier_attempt_made() {
        let mut app = failed_create();
        let effects = app.update(Action::Command(Command::Form(FormCommand::Save)));
        let [Effect::ListAlarms { req }] = effects.as_slice() else {
            panic!("a retried create lists the alarms first: {effects:?}");
        };
        // The failed attempt did reach the server: alarm 2 has the draft's settings.
        let made = alarm(2, &AlarmDraft::default());
        let listed = vec![tracker(vec![
            alarm(
                1,
                &AlarmDraft {
                    time: AlarmTime { hour: 6, minute: 0 },
                    ..AlarmDraft::default()
                },
            ),
            made.clone(),
        ])];
        let effects = app.update(Action::AlarmsListed {
            req: *req,
            result: Ok(listed),
        });
        assert!(effects.is_empty(), "no second create: {effects:?}");
        assert!(app.alarm_form().is_none(), "the form closes as saved");
        assert!(app.alarms().ops().is_empty());
        assert!(app.take_dirty());
        let Some(Payload::Alarms(trackers)) = app
            .slot(Resource::Alarms)
            .and_then(|s| s.value())
            .map(|f| &f.value)
        else {
            panic!("alarms stay loaded");
        };
        assert!(trackers[0].alarms.contains(&made));
    }

    #[test]
    fn a_retried_create_creates_when_the_earlier_attempt_made_nothing() {
        let mut app = failed_create();
        let effects = app.update(Action::Command(Command::Form(FormCommand::Save)));
        let [Effect::ListAlarms { req }] = effects.as_slice() else {
            panic!("a retried create lists the alarms first: {effects:?}");
        };
        let req = *req;
        let effects = app.update(Action::AlarmsListed {
            req,
            result: Ok(vec![tracker(Vec::new())]),
        });
        let [
            Effect::SaveAlarm {
                req: save_req,
                alarm_id: None,
                draft,
                ..
            },
        ] = effects.as_slice()
        else {
            panic!("then it creates: {effects:?}");
        };
        assert_eq!(*save_req, req, "the same pending change");
        assert_eq!(*draft, AlarmDraft::default());
        assert!(app.alarm_form().unwrap().form.is_saving());
        // A listing nobody waits for changes nothing.
        let effects = app.update(Action::AlarmsListed {
            req,
            result: Ok(Vec::new()),
        });
        assert!(effects.is_empty());
    }

    #[test]
    fn a_failed_listing_is_a_failed_save() {
        let mut app = failed_create();
        let effects = app.update(Action::Command(Command::Form(FormCommand::Save)));
        let [Effect::ListAlarms { req }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        app.update(Action::AlarmsListed {
            req: *req,
            result: Err(ApiError::Network("connection reset".into())),
        });
        let form = &app.alarm_form().unwrap().form;
        assert!(!form.is_saving());
        assert!(form.server_error().unwrap().contains("connection reset"));
        assert!(app.alarms().ops().is_empty());
    }
}
