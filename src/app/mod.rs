//! The application model. [`App`] is the single owner of UI state; it changes only in
//! [`App::update`], which returns [`Effect`]s for the runtime to carry out. Background work
//! never touches the model: it sends [`Action`]s back on the one channel.
//!
//! `App` is a shell: the [`Shell`] holds what every tab shares (the day, the tab, the session,
//! the overlay, the status line, the data slots), and [`Tabs`] holds one state struct per tab
//! with its own key handling (the Heart tab's ECG selection, the Alarms tab's selection, saves
//! in flight and the alarm form). Whether the screen needs redrawing follows from `update`
//! itself (see `update.rs`), never from flags set by hand.

pub mod action;
pub mod alarm_form;
pub mod data;
mod fetch;
pub mod goto;
pub mod help;
pub mod keymap;
pub mod loadable;
pub mod overlay;
pub mod period;
mod shell;
pub mod status;
pub mod tab;
pub mod tabs;
mod update;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use crate::api::RateBudget;
pub use action::Recalled;
pub use action::{Action, AlarmOp, Effect, Payload, RequestId, Resource};
pub use data::{DataCache, MemoryCache, Requests, Slot};
pub use overlay::{Confirm, ConfirmAction, Overlay};
pub use shell::{PeriodDays, Shell};
pub use tab::Tab;
pub use tabs::Tabs;
pub use tabs::alarms::{AlarmRow, AlarmsState, FormState, PendingAlarmOp, alarm_rows};
pub use tabs::heart::HeartState;

use crate::api::{Capabilities, ProviderKind};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::domain::account::Account;
use crate::domain::units::{TemperatureUnit, UnitSystem};
use status::{Severity, StatusLine};

/// The data source the app reads from, as far as the model needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub kind: ProviderKind,
    pub capabilities: Capabilities,
}

/// Data imported from an export (`fittui import`), browsed with no sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// When the export was made.
    pub exported_at: jiff::Timestamp,
    /// The span of days it holds.
    pub first_day: Option<Date>,
    pub last_day: Option<Date>,
}

/// Connection state shown in the status line.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub source: Option<SourceInfo>,
    /// The data is an import: everything comes from the store, nothing is fetched.
    pub imported: Option<Imported>,
    pub account: Option<Account>,
    pub budget: Option<RateBudget>,
    /// Whether the server answered the last request.
    pub server: Server,
    /// When the network went away (while offline).
    pub offline_since: Option<jiff::Timestamp>,
    /// The sign-in is gone (revoked, expired or missing); cached data stays viewable.
    pub signed_out: bool,
    /// The account (zone, units) is being loaded.
    pub account_pending: bool,
    /// Why the sign-in cannot be saved (a full or read-only config dir), shown until fixed.
    pub save_problem: Option<String>,
}

/// How the server answered lately.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Server {
    #[default]
    Answering,
    /// The last request failed to reach it.
    Offline,
    /// It answered 410 Gone: nothing is fetched on its own until `r` tries again (the real
    /// legacy API stays gone, but a compatible server someone configured may come back).
    Gone,
}

impl Session {
    pub fn offline(&self) -> bool {
        self.server == Server::Offline
    }

    pub fn gone(&self) -> bool {
        self.server == Server::Gone
    }
}

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

/// The whole UI state: the shared shell and one state per tab.
#[derive(Debug)]
pub struct App {
    shell: Shell,
    tabs: Tabs,
    /// Set by [`App::update`] when what it did changes the screen; read by the loop.
    dirty: bool,
}

impl App {
    /// Builds the model and the effects to run first.
    pub fn new(init: AppInit) -> (Self, Vec<Effect>) {
        let now = init.clock.now();
        let today = now.to_zoned(init.tz.clone()).date();
        let mut shell = Shell::new(init.clock, init.config, now, init.tz, init.source);
        if let Some(date) = init.start_date {
            if date > today {
                shell.notify(
                    Severity::Warning,
                    format!("{date} is in the future; showing today instead"),
                );
            } else {
                shell.selected = date;
            }
        }
        // Data waits for the account: its time zone decides where each day starts.
        let effects = if shell.session.source.is_some() {
            shell.session.account_pending = true;
            vec![Effect::LoadAccount]
        } else {
            Vec::new()
        };
        let app = Self {
            shell,
            tabs: Tabs::default(),
            dirty: true,
        };
        (app, effects)
    }

    /// Shows imported data (`fittui import`) with no sign-in: call before [`App::use_store`],
    /// on an app made without a source. Every day comes from the store; a day the export
    /// does not hold says so, and nothing is ever fetched.
    pub fn use_import(&mut self, imported: Imported) {
        let shell = &mut self.shell;
        shell.status.provider = Some(format!(
            "import of {}",
            imported
                .exported_at
                .to_zoned(shell.tz.clone())
                .strftime("%-d %b %Y")
        ));
        shell.session.source = Some(SourceInfo {
            kind: ProviderKind::Fitbit,
            capabilities: Capabilities::IMPORT,
        });
        shell.session.imported = Some(imported);
        self.dirty = true;
    }

    /// Uses a local store: resources are recalled from it before the network is asked, and the
    /// account it last held shows at once. Returns the effects that start the warm start.
    pub fn use_store(&mut self) -> Vec<Effect> {
        self.shell.stored.on = true;
        if self.shell.session.source.is_some() {
            self.shell.stored.account_pending = true;
            vec![Effect::RecallAccount]
        } else {
            Vec::new()
        }
    }

    /// The day the background backfill is filling into the store, if any.
    pub fn backfilling(&self) -> Option<jiff::civil::Date> {
        self.shell.stored.backfilling.map(|(_, date)| date)
    }

    /// Days the background backfill has stored this session.
    pub fn backfilled(&self) -> u32 {
        self.shell.stored.backfilled
    }

    /// Whether the store is still being asked for what the view needs (the first frame waits
    /// a moment for it, so a warm start draws stored data at once).
    pub fn is_recalling(&self) -> bool {
        let stored = &self.shell.stored;
        stored.on && (stored.account_pending || !stored.reading.is_empty())
    }

    /// What every tab shares.
    pub fn shell(&self) -> &Shell {
        &self.shell
    }

    /// The tab on screen.
    pub fn tab(&self) -> Tab {
        self.shell.tab
    }

    /// The day being viewed.
    pub fn selected(&self) -> Date {
        self.shell.selected
    }

    /// The zoom of what is shown: the Today, Heart and Sleep tabs' period, a day elsewhere.
    pub fn period(&self) -> period::Period {
        if period::zoomable(self.shell.tab) {
            self.shell.period
        } else {
            period::Period::Day
        }
    }

    /// The stored days of the period shown (with the period before it).
    pub fn period_days(&self) -> Option<&shell::PeriodDays> {
        self.shell.period_days.as_ref()
    }

    /// The current instant, sampled from the clock on each tick.
    pub fn now(&self) -> Timestamp {
        self.shell.now
    }

    /// The zone every local time is shown in: the account's, once known.
    pub fn tz(&self) -> &TimeZone {
        &self.shell.tz
    }

    pub fn config(&self) -> &Config {
        &self.shell.config
    }

    pub fn session(&self) -> &Session {
        &self.shell.session
    }

    pub fn status(&self) -> &StatusLine {
        &self.shell.status
    }

    pub fn requests(&self) -> &Requests {
        &self.shell.requests
    }

    /// Data slots fetched so far.
    pub fn cache(&self) -> &dyn DataCache {
        self.shell.cache.as_ref()
    }

    /// The popup drawn over everything, if any.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.shell.overlay.as_ref()
    }

    /// The Heart tab's state.
    pub fn heart(&self) -> &HeartState {
        &self.tabs.heart
    }

    /// The Alarms tab's state.
    pub fn alarms(&self) -> &AlarmsState {
        &self.tabs.alarms
    }

    /// The open alarm editor, if any.
    pub fn alarm_form(&self) -> Option<&FormState> {
        self.tabs.alarms.form.as_deref()
    }

    /// Whether a popup or the alarm form takes the keys (and the mouse is ignored).
    pub fn has_modal(&self) -> bool {
        self.shell.overlay.is_some() || self.tabs.alarms.form.is_some()
    }

    /// Today in the account's zone.
    pub fn today(&self) -> Date {
        self.shell.today()
    }

    /// Whether anything is still on its way: the account (from the network or the store), a
    /// store read, a fetch, a day selection settling or an alarm change.
    pub fn is_busy(&self) -> bool {
        self.shell.session.account_pending
            || self.shell.stored.account_pending
            || !self.shell.stored.reading.is_empty()
            || self.shell.settling.is_some()
            || self.shell.requests.pending_count() > 0
            || !self.tabs.alarms.ops.is_empty()
            || matches!(self.shell.overlay, Some(Overlay::Records(None)))
            || self.shell.period_filling > 0
            || self
                .shell
                .period_days
                .as_ref()
                .is_some_and(|p| p.days.is_none())
    }

    pub fn should_quit(&self) -> bool {
        self.shell.quit
    }

    /// What to print once the terminal is restored, if anything (see [`Shell`]'s exit note).
    pub fn exit_note(&self) -> Option<&str> {
        self.shell.exit_note.as_deref()
    }

    /// Whether the screen needs redrawing; clears the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Distance/elevation units to display: the configured ones, or the account's.
    pub fn units(&self) -> UnitSystem {
        self.shell.units()
    }

    pub fn temperature_unit(&self) -> TemperatureUnit {
        self.shell.temperature_unit()
    }

    /// Whether times of day use a 12-hour clock.
    pub fn twelve_hour(&self) -> bool {
        self.shell.twelve_hour()
    }

    /// How times are said to the user: the account's zone, the clock style, today.
    pub fn local_time(&self) -> crate::api::LocalTime<'_> {
        self.shell.local_time()
    }

    /// The slot holding `resource`, if it was ever asked for.
    pub fn slot(&self, resource: Resource) -> Option<&Slot> {
        self.shell.cache.get(&resource)
    }

    /// The resources the current tab shows.
    pub fn current_resources(&self) -> Vec<Resource> {
        self.shell.current_resources()
    }

    /// Whether a shown value is older than its refresh interval (the UI marks it stale).
    pub fn is_stale(&self, resource: Resource, value: &loadable::Fetched<Payload>) -> bool {
        self.shell.is_due(resource, value)
    }

    /// The pending operation on an alarm row, if any.
    pub fn pending_op(&self, tracker_id: &str, alarm_id: Option<u64>) -> Option<&PendingAlarmOp> {
        self.tabs.alarms.pending_op(tracker_id, alarm_id)
    }
}
