//! The account a provider remembers: loaded once for its time zone however many views ask at
//! the same time, and loaded again when the app asks for the account itself.

use std::future::Future;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use tokio::sync::Mutex;

use crate::api::ApiError;
use crate::clock::SharedClock;
use crate::domain::account::Account;

/// The account, once loaded. The lock is held while loading, so concurrent first calls share
/// one load.
#[derive(Debug, Default)]
pub struct KnownAccount(Mutex<Option<Account>>);

impl KnownAccount {
    /// Loads the account again with `fetch` (the app's account load) and remembers it.
    pub async fn reload(
        &self,
        fetch: impl Future<Output = Result<Account, ApiError>>,
    ) -> Result<Account, ApiError> {
        let mut known = self.0.lock().await;
        let account = fetch.await?;
        *known = Some(account.clone());
        Ok(account)
    }

    /// The account's zone, loading the account with `fetch` first if it is not known yet
    /// (`fetch` is not polled otherwise).
    pub async fn time_zone(
        &self,
        fetch: impl Future<Output = Result<Account, ApiError>>,
    ) -> Result<TimeZone, ApiError> {
        let mut known = self.0.lock().await;
        if let Some(a) = known.as_ref() {
            return Ok(a.time_zone.clone());
        }
        let account = fetch.await?;
        let tz = account.time_zone.clone();
        *known = Some(account);
        Ok(tz)
    }
}

/// The local date in `tz` now, by `clock`.
pub fn local_today(clock: &SharedClock, tz: &TimeZone) -> Date {
    clock.now().to_zoned(tz.clone()).date()
}
