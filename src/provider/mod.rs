//! Data sources behind one interface. `fitbit` is the legacy Fitbit Web API (the only one with
//! alarm editing); `google` is the Google Health API v4. Each converts its wire format into the
//! [`crate::domain`] model and declares its [`Capabilities`], so the UI can explain what a
//! source cannot do instead of showing a fake empty list.
//!
//! What differs between the providers outside their clients (scopes, token lifetime, client
//! authentication, metering, pacing, retries, error mapping, alarm support) is data in each
//! one's [`Dialect`], found with [`dialect()`]; nothing else here or in `crate::auth` matches
//! on the kind.

pub mod daily_cache;
pub mod dialect;
pub mod fitbit;
pub mod google;
pub mod http;
pub mod json_rows;
pub mod known_account;
pub mod localtime;
pub mod pacing;
pub mod ratelimit;
pub mod retry;

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use jiff::civil::Date;

pub use dialect::{Dialect, dialect};

use crate::api::permission_name;
use crate::api::{ApiError, Capabilities, ProviderKind, RateBudget};
use crate::domain::account::Account;
use crate::domain::activity::DayActivity;
use crate::domain::alarm::{Alarm, AlarmDraft, TrackerAlarms};
use crate::domain::device::Device;
use crate::domain::gap::Gap;
use crate::domain::heart::HeartDay;
use crate::domain::sleep::SleepDay;
use crate::domain::weight::WeighIn;

/// A boxed, sendable API call, so providers can sit behind `Arc<dyn Provider>`.
pub type ApiFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, ApiError>> + Send + 'a>>;

/// One data source. Every method fetches one view's worth of data with the fewest requests
/// the API allows; local days are in the account's time zone (loaded by [`Provider::account`]
/// and remembered by the provider).
///
/// Both clients implement it through `impl_provider!`; what differs between providers beyond
/// their fetching code is data in their [`Dialect`].
pub trait Provider: Send + Sync + fmt::Debug {
    /// What sets this provider apart: kind, capabilities, metering, error mapping, OAuth.
    fn dialect(&self) -> &'static Dialect;
    /// Profile and settings: identity, time zone, units.
    fn account(&self) -> ApiFuture<'_, Account>;
    /// The Today tab's data for `date`.
    fn activity(&self, date: Date) -> ApiFuture<'_, DayActivity>;
    /// The Heart tab's data for `date`.
    fn heart(&self, date: Date) -> ApiFuture<'_, HeartDay>;
    /// The Sleep tab's data for the night that ended on `date`.
    fn sleep(&self, date: Date) -> ApiFuture<'_, SleepDay>;
    /// Paired devices.
    fn devices(&self) -> ApiFuture<'_, Vec<Device>>;
    /// Weigh-ins (weight, and body fat where measured) on the local days `from..=to`, oldest
    /// first; none for an empty range (`from > to`), without a request.
    fn weight(&self, from: Date, to: Date) -> ApiFuture<'_, Vec<WeighIn>>;
    /// The tracker-alarm API, for a provider that has one (see [`Capabilities::alarms`]).
    fn alarm_api(&self) -> Option<&dyn AlarmApi>;
    /// The request budget as last reported by the API, if it reports one.
    fn budget(&self) -> Option<RateBudget>;
    /// Why the sign-in cannot be saved right now (see `TokenManager::save_problem`).
    fn save_problem(&self) -> Option<String>;
    /// API requests sent so far (retries included).
    fn requests_sent(&self) -> u64;
    /// Until when a request is waiting for a spent request budget to reset, if one is.
    fn waiting_until(&self) -> Option<jiff::Timestamp>;
    /// Keeps the day-by-day trend values in `backing` (the local store): stored final days are
    /// not asked for again, and every final day a range request brings is kept.
    fn attach_daily(&self, backing: std::sync::Arc<dyn daily_cache::DailyBacking>);
    /// Fetches what range requests can bring of `kind` for the final days in `[from, to]`,
    /// with as few requests as the API allows, and keeps it for the day views that follow
    /// (`fittui sync`): those then ask only for what has no range form. The plan is the
    /// provider's (`provider/fitbit/prefetch.rs`, `provider/google/prefetch.rs`); a provider
    /// without one does nothing.
    fn prefetch(&self, kind: crate::api::DayKind, from: Date, to: Date) -> ApiFuture<'_, ()>;
    /// Every day's totals in `[from, to]` (steps, distance, floors, AZM) for the week, month
    /// and year views, from range requests alone (no per-day request).
    fn day_totals(
        &self,
        from: Date,
        to: Date,
    ) -> ApiFuture<'_, Vec<crate::domain::activity::DayTotals>>;

    /// Which API this is.
    fn kind(&self) -> ProviderKind {
        self.dialect().kind
    }

    /// What this source can provide.
    fn capabilities(&self) -> Capabilities {
        self.dialect().capabilities
    }

    /// Every tracker with its alarms ([`ApiError::Unsupported`], without a request, when the
    /// provider has no alarm API).
    fn alarms(&self) -> ApiFuture<'_, Vec<TrackerAlarms>> {
        match self.alarm_api() {
            Some(alarms) => alarms.list(),
            None => no_alarms(self.dialect()),
        }
    }

    /// Creates an alarm (`alarm_id` `None`) or replaces alarm `alarm_id` on `tracker_id`
    /// ([`ApiError::Unsupported`], without a request, when the provider has no alarm API).
    fn save_alarm<'a>(
        &'a self,
        tracker_id: &'a str,
        alarm_id: Option<u64>,
        draft: &'a AlarmDraft,
    ) -> ApiFuture<'a, Alarm> {
        match self.alarm_api() {
            Some(alarms) => alarms.save(tracker_id, alarm_id, draft),
            None => no_alarms(self.dialect()),
        }
    }

    /// Deletes alarm `alarm_id` on `tracker_id` ([`ApiError::Unsupported`], without a request,
    /// when the provider has no alarm API).
    fn delete_alarm<'a>(&'a self, tracker_id: &'a str, alarm_id: u64) -> ApiFuture<'a, ()> {
        match self.alarm_api() {
            Some(alarms) => alarms.delete(tracker_id, alarm_id),
            None => no_alarms(self.dialect()),
        }
    }
}

/// Tracker alarms: an optional capability ([`Provider::alarm_api`]).
pub trait AlarmApi: Send + Sync {
    /// Every tracker that takes alarms, with its alarms.
    fn list(&self) -> ApiFuture<'_, Vec<TrackerAlarms>>;
    /// Creates an alarm (`alarm_id` `None`) or replaces alarm `alarm_id`; answers the alarm as
    /// the server stored it.
    fn save<'a>(
        &'a self,
        tracker_id: &'a str,
        alarm_id: Option<u64>,
        draft: &'a AlarmDraft,
    ) -> ApiFuture<'a, Alarm>;
    /// Deletes alarm `alarm_id`.
    fn delete<'a>(&'a self, tracker_id: &'a str, alarm_id: u64) -> ApiFuture<'a, ()>;
}

/// The answer to an alarm call on a provider without an alarm API.
fn no_alarms<'a, T: Send + 'a>(dialect: &'static Dialect) -> ApiFuture<'a, T> {
    Box::pin(std::future::ready(Err(ApiError::Unsupported(
        dialect.no_alarms,
    ))))
}

/// The parts of one view: a part whose request was refused for want of a permission, or
/// failed, becomes a [`Gap`] and the view shows the rest. Errors about the whole sign-in
/// (unauthorized, gone) still fail the view, so the app can ask the user to sign in again.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    gaps: Vec<Gap>,
}

impl Parts {
    /// A part's result: its value, or `None` with the gap recorded.
    pub(crate) fn take<T>(
        &mut self,
        part: &'static str,
        result: Result<T, ApiError>,
    ) -> Result<Option<T>, ApiError> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(ApiError::Forbidden {
                scope: Some(scope), ..
            }) => {
                self.gaps
                    .push(Gap::not_granted(part, permission_name(&scope)));
                Ok(None)
            }
            Err(error @ (ApiError::Unauthorized { .. } | ApiError::Gone)) => Err(error),
            Err(error) => {
                self.gaps.push(Gap::failed(part, error));
                Ok(None)
            }
        }
    }

    /// The gaps, in the order the parts were taken.
    pub(crate) fn finish(self) -> Vec<Gap> {
        self.gaps
    }
}

/// Range answers kept by day until each day's view takes its part (the providers' prefetch
/// for `fittui sync`).
#[derive(Debug)]
pub(crate) struct ByDay<T>(std::sync::Mutex<std::collections::BTreeMap<Date, T>>);

impl<T> Default for ByDay<T> {
    fn default() -> Self {
        Self(std::sync::Mutex::new(std::collections::BTreeMap::new()))
    }
}

impl<T> ByDay<T> {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<Date, T>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The part kept for `date`, which is then gone.
    pub(crate) fn take(&self, date: Date) -> Option<T> {
        self.lock().remove(&date)
    }

    /// Keeps parts by day (replacing a day's earlier part).
    pub(crate) fn put(&self, values: impl IntoIterator<Item = (Date, T)>) {
        self.lock().extend(values);
    }
}

/// Implements [`Provider`] for a client with its [`Dialect`]. Both clients have the same shape:
/// fields `api: ApiClient` (for the budget), `account: KnownAccount` and `caches: TrendCaches`,
/// and inherent `async fn`s `fetch_account`, `activity_day`, `heart_day`, `sleep_day`,
/// `device_list`, `weigh_ins`, `prefetch_days` and `day_totals`. The closure-like
/// last argument gives the client's [`AlarmApi`], if any.
macro_rules! impl_provider {
    ($client:ty, $dialect:path, alarm_api: |$this:ident| $alarm_api:expr) => {
        impl $crate::provider::Provider for $client {
            fn dialect(&self) -> &'static $crate::provider::Dialect {
                &$dialect
            }

            fn account(&self) -> $crate::provider::ApiFuture<'_, $crate::domain::account::Account> {
                Box::pin(self.account.reload(self.fetch_account()))
            }

            fn activity(
                &self,
                date: jiff::civil::Date,
            ) -> $crate::provider::ApiFuture<'_, $crate::domain::activity::DayActivity> {
                Box::pin(self.activity_day(date))
            }

            fn heart(
                &self,
                date: jiff::civil::Date,
            ) -> $crate::provider::ApiFuture<'_, $crate::domain::heart::HeartDay> {
                Box::pin(self.heart_day(date))
            }

            fn sleep(
                &self,
                date: jiff::civil::Date,
            ) -> $crate::provider::ApiFuture<'_, $crate::domain::sleep::SleepDay> {
                Box::pin(self.sleep_day(date))
            }

            fn devices(
                &self,
            ) -> $crate::provider::ApiFuture<'_, Vec<$crate::domain::device::Device>> {
                Box::pin(self.device_list())
            }

            fn weight(
                &self,
                from: jiff::civil::Date,
                to: jiff::civil::Date,
            ) -> $crate::provider::ApiFuture<'_, Vec<$crate::domain::weight::WeighIn>> {
                Box::pin(self.weigh_ins(from, to))
            }

            fn alarm_api(&self) -> Option<&dyn $crate::provider::AlarmApi> {
                let $this = self;
                $alarm_api
            }

            fn budget(&self) -> Option<$crate::api::RateBudget> {
                self.api.budget()
            }

            fn save_problem(&self) -> Option<String> {
                self.api.tokens().save_problem()
            }

            fn requests_sent(&self) -> u64 {
                self.api.requests_sent()
            }

            fn waiting_until(&self) -> Option<jiff::Timestamp> {
                self.api.waiting_until()
            }

            fn prefetch(
                &self,
                kind: $crate::api::DayKind,
                from: jiff::civil::Date,
                to: jiff::civil::Date,
            ) -> $crate::provider::ApiFuture<'_, ()> {
                Box::pin(self.prefetch_days(kind, from, to))
            }

            fn day_totals(
                &self,
                from: jiff::civil::Date,
                to: jiff::civil::Date,
            ) -> $crate::provider::ApiFuture<'_, Vec<$crate::domain::activity::DayTotals>> {
                Box::pin(self.day_totals(from, to))
            }

            fn attach_daily(
                &self,
                backing: std::sync::Arc<dyn $crate::provider::daily_cache::DailyBacking>,
            ) {
                self.caches.attach(backing);
            }
        }
    };
}
pub(crate) use impl_provider;
