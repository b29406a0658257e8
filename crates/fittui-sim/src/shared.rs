//! The state every handler shares: [`Sim`] (configuration, clock, person, OAuth, alarms,
//! rate-limit windows, QPS buckets, faults, request log), [`lock`], and the [`SimInfo`] / [`TokenGrant`]
//! values handed to callers. The router (`server`) and every handler import this module; it
//! imports neither.

use std::sync::{Mutex, MutexGuard, PoisonError};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::Api;
use crate::clock::SharedClock;
use crate::config::SimConfig;
use crate::faults::{FaultSpec, FaultState};
use crate::log::RequestLog;
use crate::oauth::{
    FITBIT_CLIENT_ID, FITBIT_CLIENT_SECRET, FITBIT_USER_ID, GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET,
    GOOGLE_USER_ID, OAuthState,
};
use crate::person::Person;
use crate::state::{QpsState, RateState, UserState};

/// Where to reach a running simulator: the fields of `fittui sim`'s JSON line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimInfo {
    pub provider: String,
    /// Prefix of every API path (`http://127.0.0.1:PORT` for Fitbit,
    /// `http://127.0.0.1:PORT/v4` for Google).
    pub api_base_url: String,
    pub authorize_url: String,
    pub token_url: String,
    pub revoke_url: String,
    pub client_id: String,
    pub client_secret: String,
    /// Fitbit encoded id, or Google `healthUserId`.
    pub user_id: String,
    /// Root of the `/_sim/*` control endpoints.
    pub control_url: String,
}

impl SimInfo {
    pub(crate) fn new(provider: Api, origin: &str) -> Self {
        match provider {
            Api::Fitbit => SimInfo {
                provider: "fitbit".into(),
                api_base_url: origin.to_string(),
                authorize_url: format!("{origin}/oauth2/authorize"),
                token_url: format!("{origin}/oauth2/token"),
                revoke_url: format!("{origin}/oauth2/revoke"),
                client_id: FITBIT_CLIENT_ID.into(),
                client_secret: FITBIT_CLIENT_SECRET.into(),
                user_id: FITBIT_USER_ID.into(),
                control_url: format!("{origin}/_sim"),
            },
            Api::Google => SimInfo {
                provider: "google".into(),
                api_base_url: format!("{origin}/v4"),
                authorize_url: format!("{origin}/o/oauth2/v2/auth"),
                token_url: format!("{origin}/token"),
                revoke_url: format!("{origin}/revoke"),
                client_id: GOOGLE_CLIENT_ID.into(),
                client_secret: GOOGLE_CLIENT_SECRET.into(),
                user_id: GOOGLE_USER_ID.into(),
                control_url: format!("{origin}/_sim"),
            },
        }
    }
}

/// The shared server state.
#[derive(Debug)]
pub struct Sim {
    pub config: SimConfig,
    pub clock: SharedClock,
    pub person: Person,
    pub info: SimInfo,
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    pub oauth: Mutex<OAuthState>,
    pub user: Mutex<UserState>,
    pub rate: Mutex<RateState>,
    /// Google unverified-app buckets (used only when `config.unverified`).
    pub qps: Mutex<QpsState>,
    pub faults: Mutex<FaultState>,
    pub log: RequestLog,
}

/// Locks a mutex, recovering the data if a panicking thread poisoned it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Sim {
    /// The simulator's "now".
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn provider(&self) -> Api {
        self.config.provider
    }

    pub fn revoke_all(&self) {
        lock(&self.oauth).revoke_all();
    }

    pub fn expire_all(&self) {
        let now = self.now();
        lock(&self.oauth).expire_all(now);
    }

    pub fn set_faults(&self, spec: FaultSpec) {
        *lock(&self.faults) = FaultState::new(spec);
    }
}

/// Tokens handed out by [`crate::SimHandle::grant_tokens`] or an OAuth flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenGrant {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: u32,
    /// Space-separated granted scopes.
    pub scope: String,
    pub user_id: String,
}
