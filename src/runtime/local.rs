//! The runner's side of the local store: reads and writes in the app's terms (a [`Resource`],
//! a [`Payload`]), for the account the data belongs to. Called from blocking tasks only, so the
//! loop never waits on the disk.

use std::sync::{Arc, Mutex, PoisonError};

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::app::{Payload, Recalled, Resource};
use crate::clock::SharedClock;
use crate::domain::account::Account;
use crate::domain::gap::GapReason;
use crate::domain::weight::WeighIn;
use crate::store::{AccountKey, FetchMeta, Origin, Store, StoreError};

/// The local store of one source.
#[derive(Debug)]
pub struct LocalStore {
    store: Arc<Store>,
    provider: Origin,
    clock: SharedClock,
    /// The account the data belongs to: the stored one at start, the signed-in one once the
    /// profile has loaded.
    key: Mutex<Option<AccountKey>>,
    /// An import in the same store, whose days show where a signed-in account has none (an
    /// API user's history from before their backfill reaches it): one source per day, the
    /// API's when both have it, never the two added. Looked up once, on first use.
    history: std::sync::OnceLock<Option<AccountKey>>,
}

impl LocalStore {
    /// The store of `provider`'s account (an API's, or an import's: `Origin::Takeout`).
    pub fn new(store: Arc<Store>, provider: impl Into<Origin>, clock: SharedClock) -> Self {
        Self {
            store,
            provider: provider.into(),
            clock,
            key: Mutex::new(None),
            history: std::sync::OnceLock::new(),
        }
    }

    /// The import to fall back on (none for an import's own store).
    fn history(&self) -> Option<&AccountKey> {
        if self.provider == Origin::Takeout {
            return None;
        }
        self.history
            .get_or_init(|| match self.store.last_account(Origin::Takeout) {
                Ok(found) => found.map(|(key, _)| key),
                Err(e) => {
                    tracing::warn!("local store: looking for an import: {e}");
                    None
                }
            })
            .as_ref()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &SharedClock {
        &self.clock
    }

    fn key(&self) -> Option<AccountKey> {
        self.key
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set_key(&self, key: AccountKey) {
        *self.key.lock().unwrap_or_else(PoisonError::into_inner) = Some(key);
    }

    /// The account stored last for this provider (warm start).
    pub fn recall_account(&self) -> Result<Option<Account>, StoreError> {
        let Some((key, account)) = self.store.last_account(self.provider)? else {
            return Ok(None);
        };
        // The network's answer wins if it came first.
        let mut current = self.key.lock().unwrap_or_else(PoisonError::into_inner);
        if current.is_none() {
            *current = Some(key);
        }
        Ok(Some(account))
    }

    /// Records the signed-in account; the data that follows is keyed by it.
    pub fn remember_account(&self, account: &Account) -> Result<(), StoreError> {
        let key = AccountKey {
            provider: self.provider,
            user_id: account.user_id.clone(),
        };
        self.store.put_account(&key, account)?;
        self.set_key(key);
        Ok(())
    }

    /// What the store holds for `resource`, if anything (nothing before an account is known).
    pub fn recall(&self, resource: Resource) -> Result<Option<Recalled>, StoreError> {
        let Some(key) = self.key() else {
            return Ok(None);
        };
        let mut stored = self.recall_day(&key, resource)?;
        if stored.is_none()
            && resource.date().is_some()
            && let Some(history) = self.history()
        {
            stored = self.recall_day(history, resource)?;
        }
        Ok(stored.map(|(payload, meta)| Recalled {
            payload,
            fetched_at: meta.fetched_at,
            complete: meta.complete,
        }))
    }

    /// `key`'s stored record of `resource`.
    fn recall_day(
        &self,
        key: &AccountKey,
        resource: Resource,
    ) -> Result<Option<(Payload, FetchMeta)>, StoreError> {
        Ok(match resource {
            Resource::Activity(date) => self
                .store
                .activity(key, date)?
                .map(|s| (Payload::Activity(s.value), s.meta)),
            Resource::Heart(date) => self
                .store
                .heart(key, date)?
                .map(|s| (Payload::Heart(s.value), s.meta)),
            Resource::Sleep(date) => self
                .store
                .sleep(key, date)?
                .map(|s| (Payload::Sleep(s.value), s.meta)),
            Resource::Devices => self
                .store
                .devices(key)?
                .map(|s| (Payload::Devices(s.value), s.meta)),
            Resource::Alarms => self
                .store
                .alarms(key)?
                .map(|s| (Payload::Alarms(s.value), s.meta)),
        })
    }

    /// The stored heart day's own values, without its intraday series, ECG readings and
    /// trends (see [`Store::heart_values`]): enough for `fittui summary`.
    pub fn recall_heart_values(&self, date: Date) -> Result<Option<Recalled>, StoreError> {
        let Some(key) = self.key() else {
            return Ok(None);
        };
        Ok(self.store.heart_values(&key, date)?.map(|s| Recalled {
            payload: Payload::Heart(s.value),
            fetched_at: s.meta.fetched_at,
            complete: s.meta.complete,
        }))
    }

    /// When `kind`'s record of `date` was stored and whether it was complete (nothing before
    /// an account is known), without reading the record.
    pub fn recall_meta(
        &self,
        kind: crate::api::DayKind,
        date: jiff::civil::Date,
    ) -> Result<Option<FetchMeta>, StoreError> {
        match self.key() {
            Some(key) => self.store.day_meta(&key, kind, date),
            None => Ok(None),
        }
    }

    /// Stores what a fetch brought (as of now; complete unless a part's request failed).
    pub fn remember(&self, payload: &Payload) -> Result<(), StoreError> {
        let Some(key) = self.key() else {
            return Ok(());
        };
        let meta = FetchMeta {
            fetched_at: self.clock.now(),
            complete: !payload
                .gaps()
                .iter()
                .any(|g| matches!(g.reason, GapReason::Failed(_))),
        };
        match payload {
            Payload::Activity(day) => self.store.put_activity(&key, day, meta),
            Payload::Heart(day) => self.store.put_heart(&key, day, meta),
            Payload::Sleep(day) => self.store.put_sleep(&key, day, meta),
            Payload::Devices(devices) => self.store.put_devices(&key, devices, meta),
            Payload::Alarms(trackers) => self.store.put_alarms(&key, trackers, meta),
        }
    }
}

/// The providers' trend caches keep their final day-by-day values in the store (for the
/// account known at the time: nothing before one is).
impl crate::provider::daily_cache::DailyBacking for LocalStore {
    fn load(
        &self,
        metric: crate::domain::DailyMetric,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
    ) -> Vec<crate::store::DailyEntry> {
        let Some(key) = self.key() else {
            return Vec::new();
        };
        self.store
            .daily(&key, metric, from, to)
            .unwrap_or_else(|e| {
                tracing::warn!("local store: reading {} values: {e}", metric.name());
                Vec::new()
            })
    }

    fn save(&self, metric: crate::domain::DailyMetric, values: Vec<crate::store::DailyEntry>) {
        let Some(key) = self.key() else {
            return;
        };
        if let Err(e) = self
            .store
            .put_daily(&key, metric, &values, self.clock.now())
        {
            tracing::warn!("local store: keeping {} values: {e}", metric.name());
        }
    }

    fn save_ecg(&self, days: Vec<(jiff::civil::Date, Vec<crate::domain::ecg::EcgReading>)>) {
        let Some(key) = self.key() else {
            return;
        };
        if let Err(e) = self.store.put_ecg_list(&key, &days, self.clock.now()) {
            tracing::warn!("local store: keeping ECG readings: {e}");
        }
    }
}

/// Has `provider` keep its trend values in `local` (see [`crate::provider::Provider::attach_daily`]).
pub fn attach(provider: &dyn crate::provider::Provider, local: &Arc<LocalStore>) {
    provider.attach_daily(local.clone());
}

/// Weigh-ins, stored by range (see `Store::put_weigh_ins`).
impl LocalStore {
    /// Every day of `[from, to]` with its stored activity totals (no day before an account
    /// is known).
    pub fn activity_totals(
        &self,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
    ) -> Result<Vec<crate::domain::activity::DayTotals>, StoreError> {
        let Some(key) = self.key() else {
            return Ok(Vec::new());
        };
        let mut days = self.store.activity_totals(&key, from, to)?;
        // Days the account has nothing of, from an import (one source per day).
        if days.iter().any(|d| !d.stored)
            && let Some(history) = self.history()
        {
            let imported = self.store.activity_totals(history, from, to)?;
            for (day, old) in days.iter_mut().zip(imported) {
                if !day.stored && old.stored && old.date == day.date {
                    *day = old;
                }
            }
        }
        Ok(days)
    }

    /// The heart, sleep, ECG and weigh-ins of `[from, to]`, the heart rate's daily extremes
    /// from `shown` (weigh-in finality in `tz`; all days unstored before an account is known).
    pub fn period_health(
        &self,
        (from, shown, to): (Date, Date, Date),
        tz: &TimeZone,
    ) -> Result<crate::store::PeriodHealth, StoreError> {
        let key = self.key().unwrap_or_else(|| crate::store::AccountKey {
            provider: self.provider,
            user_id: String::new(),
        });
        self.store.period_health(&key, (from, shown, to), tz)
    }

    /// Stores final days' totals a range request brought (nothing before an account is known).
    pub fn remember_day_totals(
        &self,
        days: &[crate::domain::activity::DayTotals],
    ) -> Result<(), StoreError> {
        match self.key() {
            Some(key) => self.store.put_day_totals(&key, days, self.clock.now()),
            None => Ok(()),
        }
    }

    /// The account's personal records (empty before an account is known).
    pub fn records(&self, default_goal: u32) -> Result<crate::store::Records, StoreError> {
        match self.key() {
            Some(key) => self.store.records(&key, default_goal),
            None => Ok(crate::store::Records::default()),
        }
    }

    /// Every devices snapshot fetched in `[from, to]`, oldest first (the battery history;
    /// none before an account is known).
    pub fn recall_device_history(
        &self,
        from: jiff::Timestamp,
        to: jiff::Timestamp,
    ) -> Result<Vec<crate::store::Stored<Vec<crate::domain::device::Device>>>, StoreError> {
        match self.key() {
            Some(key) => self.store.device_history(&key, from, to),
            None => Ok(Vec::new()),
        }
    }

    /// The stored weigh-ins dated `from..=to`, oldest first (none before an account is known).
    pub fn recall_weigh_ins(&self, from: Date, to: Date) -> Result<Vec<WeighIn>, StoreError> {
        match self.key() {
            Some(key) => self.store.weigh_ins(&key, from, to),
            None => Ok(Vec::new()),
        }
    }

    /// The days of `from..=to` whose weigh-ins are stored and final in `tz`.
    pub fn final_weight_days(
        &self,
        from: Date,
        to: Date,
        tz: &TimeZone,
    ) -> Result<Vec<Date>, StoreError> {
        match self.key() {
            Some(key) => self.store.final_weight_days(&key, from, to, tz),
            None => Ok(Vec::new()),
        }
    }

    /// Stores a complete fetch of the weigh-ins of `from..=to` (as of now).
    pub fn remember_weigh_ins(
        &self,
        from: Date,
        to: Date,
        weigh_ins: &[WeighIn],
    ) -> Result<(), StoreError> {
        let Some(key) = self.key() else {
            return Ok(());
        };
        let meta = FetchMeta {
            fetched_at: self.clock.now(),
            complete: true,
        };
        self.store.put_weigh_ins(&key, from, to, weigh_ins, meta)
    }
}
