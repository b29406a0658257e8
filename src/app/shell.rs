//! [`Shell`]: what every tab shares — the clock and config, the day and tab on screen, the
//! session, the data slots and requests, the status line, the popup on top, and whether the
//! user asked to quit. The tabs' own states get it as context in their `update`.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::action::Resource;
use super::data::{DataCache, MemoryCache, Requests};
use super::overlay::Overlay;
use super::status::{Severity, StatusLine};
use super::{Session, SourceInfo, Tab};
use crate::api::{AlarmAccess, LocalTime};
use crate::clock::SharedClock;
use crate::config::{ClockFormat, Config, UnitsSetting};
use crate::domain::units::{TemperatureUnit, UnitSystem};

/// The state shared by every tab.
#[derive(Debug)]
pub struct Shell {
    pub(super) clock: SharedClock,
    pub(super) config: Config,
    /// The current instant, sampled from the clock on each tick.
    pub(super) now: Timestamp,
    /// The zone every local time is shown in: the account's, once known.
    pub(super) tz: TimeZone,
    pub(super) tab: Tab,
    /// The day being viewed.
    pub(super) selected: Date,
    pub(super) session: Session,
    pub(super) cache: Box<dyn DataCache>,
    pub(super) requests: Requests,
    pub(super) status: StatusLine,
    pub(super) overlay: Option<Overlay>,
    /// The terminal's size in cells, as last reported (popups that scroll need it).
    pub(super) screen: (u16, u16),
    pub(super) quit: bool,
    /// What to tell the user once the terminal is restored (an alarm change cut off by quitting).
    pub(super) exit_note: Option<String>,
    /// The last left click (when, column, row), to tell a double click.
    pub(super) last_click: Option<(Timestamp, u16, u16)>,
    /// The wake-up the day selection waits for before anything is fetched for it (see
    /// [`SETTLE`]); `None` once it has rested.
    pub(super) settling: Option<u64>,
    /// The last wake-up token handed out.
    pub(super) wake_tokens: u64,
    /// Offline: the wake-up that retries what failed, and how long it waits.
    pub(super) retry: Option<(u64, std::time::Duration)>,
    /// The wait before the next retry while offline (doubles up to [`RETRY_MAX`]).
    pub(super) retry_delay: std::time::Duration,
    /// The local store: whether there is one, and what was learned from it.
    pub(super) stored: StoreView,
    /// The zoom of the Today, Heart and Sleep tabs, and the stored days of the period shown.
    pub(super) period: super::period::Period,
    pub(super) period_days: Option<PeriodDays>,
    /// The windows whose missing days were asked for this session (each once: a day the API
    /// has nothing for is stored as such, but a failure is not retried on every read).
    pub(super) period_filled: std::collections::HashSet<(super::period::Fill, Date, Date)>,
    /// Fills of a period's missing days in flight.
    pub(super) period_filling: u32,
}

/// The stored days of a week, month or year view (and of the period before it, to compare).
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodDays {
    /// The window read: the previous period's first day to the shown period's last.
    pub from: Date,
    pub to: Date,
    /// `None` while the store is read; an error says why there is nothing.
    pub days: Option<Result<Vec<crate::domain::activity::DayTotals>, String>>,
    /// The heart, sleep, ECG and weigh-ins of the same window (read with the days).
    pub health: Option<Result<crate::store::PeriodHealth, String>>,
}

/// What the app knows of the local store (it never reads it itself: [`Effect::Recall`] does,
/// off the loop).
#[derive(Debug, Default)]
pub struct StoreView {
    /// A store is there: a resource is recalled from it before the network is asked.
    pub on: bool,
    /// Resources the store was asked for this session (whatever it answered).
    pub recalled: std::collections::HashSet<Resource>,
    /// Resources shown from the store that are not final yet (today, yesterday, a day stored
    /// before it was over, or stored with a part missing): fetched once the selection rests.
    pub unconfirmed: std::collections::HashSet<Resource>,
    /// The user id of the account the shown data was recalled for.
    pub account: Option<String>,
    /// The day the background backfill is filling now, and its request id (to cancel it when
    /// the user wants something), if any.
    pub backfilling: Option<(super::action::RequestId, Date)>,
    /// After a backfill failed: not before then.
    pub backfill_pause: Option<Timestamp>,
    /// The next day the backfill goes to (it walks back from yesterday).
    pub backfill_next: Option<Date>,
    /// Days the backfill has finished this session.
    pub backfilled: u32,
    /// The stored account was asked for and has not answered yet.
    pub account_pending: bool,
    /// Resources the store is reading now.
    pub reading: std::collections::HashSet<Resource>,
}

/// The first retry after the network went away, and the longest wait between retries.
pub const RETRY_FIRST: std::time::Duration = std::time::Duration::from_secs(5);
pub const RETRY_MAX: std::time::Duration = std::time::Duration::from_mins(5);

/// How long the day selection must rest before the network is asked for it. Held arrow keys
/// repeat every 25–40 ms and deliberate tapping runs at 4–5 presses a second (200–250 ms
/// apart), so 300 ms lets both pass over days without fetching them, while a single press still
/// loads at once as far as a person can tell. What is already known is shown immediately.
pub const SETTLE: std::time::Duration = std::time::Duration::from_millis(300);

impl Shell {
    /// A fresh token for an [`Effect::Wake`].
    pub(super) fn next_wake_token(&mut self) -> u64 {
        self.wake_tokens += 1;
        self.wake_tokens
    }

    pub(super) fn new(
        clock: SharedClock,
        config: Config,
        now: Timestamp,
        tz: TimeZone,
        source: Option<SourceInfo>,
    ) -> Self {
        let today = now.to_zoned(tz.clone()).date();
        let mut status = StatusLine::default();
        if let Some(source) = &source {
            status.provider = Some(source.kind.to_string());
        }
        Self {
            clock,
            config,
            now,
            tz,
            tab: Tab::Today,
            selected: today,
            session: Session {
                source,
                ..Session::default()
            },
            cache: Box::new(MemoryCache::default()),
            requests: Requests::default(),
            status,
            overlay: None,
            screen: (80, 24),
            quit: false,
            exit_note: None,
            last_click: None,
            settling: None,
            wake_tokens: 0,
            retry: None,
            retry_delay: RETRY_FIRST,
            stored: StoreView::default(),
            period: super::period::Period::Day,
            period_days: None,
            period_filled: std::collections::HashSet::new(),
            period_filling: 0,
        }
    }

    /// Today in the account's zone.
    pub fn today(&self) -> Date {
        self.now.to_zoned(self.tz.clone()).date()
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
        self.config.ui.clock == ClockFormat::H12
    }

    /// How times are said to the user: the account's zone, the clock style, today.
    pub fn local_time(&self) -> LocalTime<'_> {
        LocalTime {
            tz: &self.tz,
            twelve_hour: self.twelve_hour(),
            now: self.now,
        }
    }

    /// Whether the signed-in source can change alarms.
    pub fn alarms_editable(&self) -> bool {
        self.session
            .source
            .as_ref()
            .is_some_and(|s| s.capabilities.alarms == AlarmAccess::ReadWrite)
    }

    /// Shows a transient message in the status line.
    pub(super) fn notify(&mut self, severity: Severity, text: impl Into<String>) {
        self.status.notify(severity, text, self.now);
    }
}
