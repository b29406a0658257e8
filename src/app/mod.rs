//! The application model. [`App`] is the single owner of UI state; it changes only in
//! [`App::update`], which returns [`Effect`]s for the runtime to carry out. Background work
//! never touches the model: it sends [`Action`]s back on the one channel.

pub mod action;
pub mod alarm_form;
mod alarms;
pub mod data;
mod fetch;
pub mod keymap;
pub mod loadable;
pub mod status;
pub mod tab;
mod update;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use crate::api::RateBudget;
pub use action::{Action, AlarmOp, Effect, Payload, RequestId, Resource};
pub use alarms::{FormState, PendingAlarmOp, created_by_earlier_attempt};
pub use data::{DataCache, MemoryCache, Requests, Slot};
pub use tab::Tab;

use crate::api::{Capabilities, ProviderKind};
use crate::clock::SharedClock;
use crate::config::{Config, UnitsSetting};
use crate::domain::account::Account;
use crate::domain::units::{TemperatureUnit, UnitSystem};
use status::{Severity, StatusLine};

/// The data source the app reads from, as far as the model needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub kind: ProviderKind,
    pub capabilities: Capabilities,
}

/// Connection state shown in the status line.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub source: Option<SourceInfo>,
    pub account: Option<Account>,
    pub budget: Option<RateBudget>,
    /// The last request failed to reach the server.
    pub offline: bool,
    /// The sign-in is gone (revoked, expired or missing); cached data stays viewable.
    pub signed_out: bool,
    /// The account (zone, units) is being loaded.
    pub account_pending: bool,
}

/// Something drawn over the tabs that takes the keys first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// A message that needs acknowledging (Esc or Enter closes it).
    Message {
        severity: Severity,
        title: String,
        body: String,
    },
    /// A yes/no question before something that cannot be undone.
    Confirm(Confirm),
    /// The alarm editor.
    AlarmForm(Box<FormState>),
}

/// A question answered with `y` or `n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub body: String,
    pub action: ConfirmAction,
    /// The alarm form to return to when the answer is no.
    pub resume: Option<Box<FormState>>,
}

/// What `y` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmAction {
    DeleteAlarm { tracker_id: String, alarm_id: u64 },
    Quit,
}

impl PartialEq for FormState {
    fn eq(&self, other: &Self) -> bool {
        self.form.mode() == other.form.mode() && self.attempts == other.attempts
    }
}

impl Eq for FormState {}

/// What the app needs to start.
#[derive(Debug)]
pub struct AppInit {
    pub config: Config,
    pub clock: SharedClock,
    /// Zone to use until the account's own zone is known.
    pub tz: TimeZone,
    /// Day to open on (`--date`); today when `None`.
    pub start_date: Option<Date>,
    pub source: Option<SourceInfo>,
}

/// The whole UI state.
#[derive(Debug)]
pub struct App {
    clock: SharedClock,
    pub config: Config,
    /// The current instant, sampled from the clock on each tick.
    pub now: Timestamp,
    /// The zone every local time is shown in: the account's, once known.
    pub tz: TimeZone,
    pub tab: Tab,
    /// The day being viewed.
    pub selected: Date,
    pub session: Session,
    pub cache: Box<dyn DataCache>,
    pub requests: Requests,
    pub status: StatusLine,
    pub overlay: Option<Overlay>,
    /// The ECG reading selected on the Heart tab.
    pub ecg_selected: usize,
    /// The alarm row selected on the Alarms tab (index into [`alarm_rows`]).
    pub alarm_selected: usize,
    /// Alarm changes on their way to the server.
    pub alarm_ops: Vec<PendingAlarmOp>,
    quit: bool,
    dirty: bool,
}

impl App {
    /// Builds the model and the effects to run first.
    pub fn new(init: AppInit) -> (Self, Vec<Effect>) {
        let now = init.clock.now();
        let today = now.to_zoned(init.tz.clone()).date();
        let mut app = Self {
            clock: init.clock,
            config: init.config,
            now,
            tz: init.tz,
            tab: Tab::Today,
            selected: today,
            session: Session {
                source: init.source,
                ..Session::default()
            },
            cache: Box::new(MemoryCache::default()),
            requests: Requests::default(),
            status: StatusLine::default(),
            overlay: None,
            ecg_selected: 0,
            alarm_selected: 0,
            alarm_ops: Vec::new(),
            quit: false,
            dirty: true,
        };
        if let Some(source) = &app.session.source {
            app.status.provider = Some(source.kind.to_string());
        }
        if let Some(date) = init.start_date {
            if date > today {
                app.notify(
                    Severity::Warning,
                    format!("{date} is in the future; showing today instead"),
                );
            } else {
                app.selected = date;
            }
        }
        // Data waits for the account: its time zone decides where each day starts.
        let effects = if app.session.source.is_some() {
            app.session.account_pending = true;
            vec![Effect::LoadAccount]
        } else {
            Vec::new()
        };
        (app, effects)
    }

    /// Today in the account's zone.
    pub fn today(&self) -> Date {
        self.now.to_zoned(self.tz.clone()).date()
    }

    /// Whether anything is still on its way: the account, a fetch or an alarm change.
    pub fn is_busy(&self) -> bool {
        self.session.account_pending
            || self.requests.pending_count() > 0
            || !self.alarm_ops.is_empty()
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether the screen needs redrawing; clears the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// Distance/elevation units to display: the configured ones, or the account's.
    pub fn units(&self) -> UnitSystem {
        match self.config.ui.units {
            UnitsSetting::Metric => UnitSystem::Metric,
            UnitsSetting::Imperial => UnitSystem::Imperial,
            UnitsSetting::Auto => self
                .session
                .account
                .as_ref()
                .map_or(UnitSystem::Metric, |a| a.units),
        }
    }

    pub fn temperature_unit(&self) -> TemperatureUnit {
        match self.config.ui.units {
            UnitsSetting::Metric => TemperatureUnit::Celsius,
            UnitsSetting::Imperial => TemperatureUnit::Fahrenheit,
            UnitsSetting::Auto => self
                .session
                .account
                .as_ref()
                .map_or(TemperatureUnit::Celsius, |a| a.temperature_unit),
        }
    }

    /// Whether times of day use a 12-hour clock.
    pub fn twelve_hour(&self) -> bool {
        self.config.ui.clock == crate::config::ClockFormat::H12
    }

    /// The slot holding what the current tab shows for the selected day.
    pub fn slot(&self, resource: Resource) -> Option<&Slot> {
        self.cache.get(&resource)
    }

    pub fn notify(&mut self, severity: Severity, text: impl Into<String>) {
        self.status.notify(severity, text, self.now);
        self.dirty = true;
    }
}

/// One selectable row of the Alarms tab: a tracker's "add" slot or one of its alarms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlarmRow<'a> {
    pub tracker: &'a crate::domain::alarm::TrackerAlarms,
    /// `None` for a tracker without alarms (the row offers "add").
    pub alarm: Option<&'a crate::domain::alarm::Alarm>,
}

/// The selectable rows of the Alarms tab, in display order: each editable tracker's visible
/// alarms, or one empty row for an editable tracker without any.
pub fn alarm_rows(trackers: &[crate::domain::alarm::TrackerAlarms]) -> Vec<AlarmRow<'_>> {
    let mut rows = Vec::new();
    for tracker in trackers
        .iter()
        .filter(|t| t.device.alarms == crate::domain::device::AlarmSupport::Editable)
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
