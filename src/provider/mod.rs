//! Data sources behind one interface. `fitbit` is the legacy Fitbit Web API (the only one with
//! alarm editing); `google` is the Google Health API v4. Each converts its wire format into the
//! [`crate::domain`] model and declares its [`Capabilities`], so the UI can explain what a
//! source cannot do instead of showing a fake empty list.

pub mod daily_cache;
pub mod fitbit;
pub mod google;
pub mod http;
pub mod localtime;
pub mod ratelimit;

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use jiff::civil::Date;

use crate::api::{ApiError, Capabilities, ProviderKind, RateBudget};
use crate::domain::account::Account;
use crate::domain::activity::DayActivity;
use crate::domain::alarm::{Alarm, AlarmDraft, TrackerAlarms};
use crate::domain::device::Device;
use crate::domain::heart::HeartDay;
use crate::domain::sleep::SleepDay;

/// A boxed, sendable API call, so providers can sit behind `Arc<dyn Provider>`.
pub type ApiFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, ApiError>> + Send + 'a>>;

/// One data source. Every method fetches one view's worth of data with the fewest requests
/// the API allows; local days are in the account's time zone (loaded by [`Provider::account`]
/// and remembered by the provider).
pub trait Provider: Send + Sync + fmt::Debug {
    fn kind(&self) -> ProviderKind;
    fn capabilities(&self) -> Capabilities;
    /// Profile and settings: identity, time zone, units.
    fn account(&self) -> ApiFuture<'_, Account>;
    /// The Today tab's data for `date`.
    fn activity(&self, date: Date) -> ApiFuture<'_, DayActivity>;
    /// The Heart tab's data for `date`.
    fn heart(&self, date: Date) -> ApiFuture<'_, HeartDay>;
    /// The Sleep tab's data for the night that ended on `date`.
    fn sleep(&self, date: Date) -> ApiFuture<'_, SleepDay>;
    fn devices(&self) -> ApiFuture<'_, Vec<Device>>;
    /// Every tracker with its alarms ([`ApiError::Unsupported`] without an alarm API).
    fn alarms(&self) -> ApiFuture<'_, Vec<TrackerAlarms>>;
    fn create_alarm<'a>(
        &'a self,
        tracker_id: &'a str,
        draft: &'a AlarmDraft,
    ) -> ApiFuture<'a, Alarm>;
    fn update_alarm<'a>(
        &'a self,
        tracker_id: &'a str,
        alarm_id: u64,
        draft: &'a AlarmDraft,
    ) -> ApiFuture<'a, Alarm>;
    fn delete_alarm<'a>(&'a self, tracker_id: &'a str, alarm_id: u64) -> ApiFuture<'a, ()>;
    /// The request budget as last reported by the API, if it reports one.
    fn budget(&self) -> Option<RateBudget>;
}
