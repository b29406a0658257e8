//! What can happen to the app ([`Action`]) and what it asks the outside world to do
//! ([`Effect`]). Intents are imperative (`PrevDay`), results past tense (`Fetched`).

use jiff::civil::Date;
use ratatui::crossterm::event::MouseEvent;

use super::keymap::Command;
use crate::api::{ApiError, RateBudget};
use crate::domain::account::Account;
use crate::domain::activity::DayActivity;
use crate::domain::alarm::{Alarm, AlarmDraft, TrackerAlarms};
use crate::domain::device::Device;
use crate::domain::heart::HeartDay;
use crate::domain::sleep::SleepDay;

/// Identifies one request, for latest-wins: a result whose id is not the latest issued for its
/// resource is dropped.
pub type RequestId = u64;

/// A piece of data the app can fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resource {
    Activity(Date),
    Heart(Date),
    Sleep(Date),
    Devices,
    Alarms,
}

impl Resource {
    pub fn date(self) -> Option<Date> {
        match self {
            Resource::Activity(d) | Resource::Heart(d) | Resource::Sleep(d) => Some(d),
            Resource::Devices | Resource::Alarms => None,
        }
    }

    /// The same kind of resource on another day.
    #[must_use]
    pub fn on(self, date: Date) -> Resource {
        match self {
            Resource::Activity(_) => Resource::Activity(date),
            Resource::Heart(_) => Resource::Heart(date),
            Resource::Sleep(_) => Resource::Sleep(date),
            other => other,
        }
    }
}

/// Fetched data, one variant per resource kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Activity(DayActivity),
    Heart(HeartDay),
    Sleep(SleepDay),
    Devices(Vec<Device>),
    Alarms(Vec<TrackerAlarms>),
}

impl Payload {
    /// Parts of the view that did not arrive, with why.
    pub fn gaps(&self) -> &[crate::domain::gap::Gap] {
        match self {
            Payload::Activity(a) => &a.gaps,
            Payload::Heart(h) => &h.gaps,
            Payload::Sleep(s) => &s.gaps,
            Payload::Devices(_) | Payload::Alarms(_) => &[],
        }
    }

    /// "No data recorded": shown as such, never as zeros.
    pub fn is_empty(&self) -> bool {
        match self {
            Payload::Activity(a) => a.is_empty(),
            Payload::Heart(h) => h.is_empty(),
            Payload::Sleep(s) => s.is_empty(),
            Payload::Devices(d) => d.is_empty(),
            Payload::Alarms(a) => a.is_empty(),
        }
    }
}

/// Everything `App::update` reacts to.
#[derive(Debug, Clone)]
pub enum Action {
    /// A bound key's command.
    Command(Command),
    /// A mouse event (resolved through the key table by `update`).
    Mouse(MouseEvent),
    /// The slow clock tick (about once a second).
    Tick,
    /// An [`Effect::Wake`] came due: the day selection has rested, or it is time to retry
    /// while offline (whichever the token belongs to, if it is still current).
    Woke(u64),
    /// The terminal's size, at start and whenever it changes.
    Resize { width: u16, height: u16 },
    /// A warning from outside the loop for the status line (e.g. a start-up notice).
    Notice(String),
    /// SIGTERM, SIGHUP or SIGINT arrived.
    Terminate,
    /// The account (profile, zone, units) arrived.
    AccountLoaded(Result<Account, ApiError>),
    /// A fetch finished.
    Fetched {
        req: RequestId,
        resource: Resource,
        result: Result<Payload, ApiError>,
    },
    /// The provider reported its request budget.
    Budget(RateBudget),
    /// A background backfill of `date` finished (`Err`: why it stopped).
    Backfilled {
        date: Date,
        result: Result<(), String>,
    },
    /// The account as last stored (warm start), if any.
    AccountRecalled(Option<Account>),
    /// The activity totals of `[from, to]` as the store has them.
    PeriodRead {
        from: Date,
        to: Date,
        days: Result<Vec<crate::domain::activity::DayTotals>, String>,
        /// The heart, sleep, ECG and weigh-ins of the same window.
        health: Result<crate::store::PeriodHealth, String>,
    },
    /// The `fill` of `[from, to]` was fetched and stored (or why not).
    PeriodFilled {
        fill: super::period::Fill,
        from: Date,
        to: Date,
        result: Result<(), ApiError>,
    },
    /// The personal records as the store has them (an error says why there are none).
    RecordsRead(Result<crate::store::Records, String>),
    /// What the local store holds for `resource`, if anything.
    Recalled {
        req: RequestId,
        resource: Resource,
        stored: Option<Recalled>,
    },
    /// Whether the sign-in can be saved: why not, or `None` when it can (again).
    SaveProblem(Option<String>),
    /// An alarm create / update finished.
    AlarmSaved {
        req: RequestId,
        result: Result<Alarm, ApiError>,
    },
    /// The trackers' alarms, listed before a retried create ([`Effect::ListAlarms`]).
    AlarmsListed {
        req: RequestId,
        result: Result<Vec<TrackerAlarms>, ApiError>,
    },
    /// An alarm delete finished.
    AlarmDeleted {
        req: RequestId,
        alarm_id: u64,
        result: Result<(), ApiError>,
    },
}

/// A resource as the local store holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recalled {
    pub payload: Payload,
    /// When it was fetched from the API.
    pub fetched_at: jiff::Timestamp,
    /// Every part of it arrived then (no request of it failed).
    pub complete: bool,
}

/// What an alarm change is, for the row's "saving…" label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlarmOp {
    /// Saved from the form (create or update).
    Save,
    /// Enabled / disabled with Space.
    Toggle,
    Delete,
}

/// Work `update` wants done outside the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Load the account (profile, settings, time zone).
    LoadAccount,
    /// Read the account last stored for this source from the local store (warm start); the
    /// answer comes back as [`Action::AccountRecalled`].
    RecallAccount,
    /// Read a resource from the local store; the answer comes back as [`Action::Recalled`]
    /// with the same id. Never touches the network.
    Recall { req: RequestId, resource: Resource },
    /// Read the activity totals, heart, sleep, ECG and weigh-ins of `[from, to]` from the local
    /// store; the answer comes back as [`Action::PeriodRead`].
    ReadPeriod {
        from: Date,
        /// The shown period's first day (the days before it are read to compare; the heart
        /// rate's daily extremes only from here).
        shown: Date,
        to: Date,
        tz: jiff::tz::TimeZone,
    },
    /// Fetch what `fill` names of the final days `[from, to]` with range requests only and
    /// store it (days in `tz`); the answer comes back as [`Action::PeriodFilled`].
    FillPeriod {
        fill: super::period::Fill,
        from: Date,
        to: Date,
        tz: jiff::tz::TimeZone,
    },
    /// Compute the personal records from the local store (steps goal `default_goal` for days
    /// stored without one); the answer comes back as [`Action::RecordsRead`].
    ReadRecords { default_goal: u32 },
    /// Fill the store with `date` (every kind not final there), at the lowest priority; the
    /// answer comes back as [`Action::Backfilled`].
    Backfill {
        req: RequestId,
        date: Date,
        tz: jiff::tz::TimeZone,
    },
    /// Send [`Action::Woke`] with `token` after `after` (on the app clock's timer).
    Wake {
        token: u64,
        after: std::time::Duration,
    },
    /// Fetch a resource; the answer comes back as [`Action::Fetched`] with the same id.
    Fetch { req: RequestId, resource: Resource },
    /// Abort an in-flight request whose answer is no longer wanted.
    Cancel { req: RequestId },
    /// Create (`alarm_id: None`) or update an alarm; answers with [`Action::AlarmSaved`].
    SaveAlarm {
        req: RequestId,
        tracker_id: String,
        alarm_id: Option<u64>,
        draft: AlarmDraft,
        op: AlarmOp,
    },
    /// List the trackers' alarms; answers with [`Action::AlarmsListed`]. Sent before a retried
    /// create, so `update` can adopt an alarm a failed attempt may have made instead of
    /// creating a duplicate.
    ListAlarms { req: RequestId },
    /// Delete an alarm; answers with [`Action::AlarmDeleted`].
    DeleteAlarm {
        req: RequestId,
        tracker_id: String,
        alarm_id: u64,
    },
}
