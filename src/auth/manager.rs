//! `TokenManager`: hands out a valid access token, refreshing ahead of expiry and once after a
//! 401 `expired_token`.
//!
//! Refreshes are single-flight in-process (one async mutex: concurrent callers wait and then
//! see the new token) and serialised across processes (a file lock), because a legacy Fitbit
//! refresh token is single-use: under the lock the token file is re-read, and if another
//! process already refreshed, its tokens are adopted instead of spending the old refresh token
//! again. A new pair is written to disk before it is used. A rejected refresh
//! (`invalid_grant`) moves the manager to signed-out; cached data stays viewable in the app.
//! So does a token file removed meanwhile (`fittui auth logout` elsewhere): the refreshed tokens
//! are never saved back, which would sign the user in again behind their back.
//!
//! A refresh never destroys the sign-in: before the old refresh token is spent, the space for
//! the new pair is reserved on disk ([`TokenStore::reserve`]); when that fails (a full or
//! read-only disk) nothing is spent and the error says why. Should the final write still fail,
//! the new pair stays in memory, every later call retries the save, and
//! [`TokenManager::save_problem`] says so until it works (the TUI shows it in the status bar).

use std::sync::{Mutex as SyncMutex, OnceLock, PoisonError};

use jiff::{SignedDuration, Timestamp};
use tokio::sync::Mutex;

use super::oauth::OAuthClient;
use super::store::{StoreError, TokenStore};
use super::tokens::{TokenOrigin, TokenSet};
use crate::api::{ApiError, AuthProblem};
use crate::clock::SharedClock;

/// Refresh this long before the access token expires.
pub const REFRESH_AHEAD: SignedDuration = SignedDuration::from_secs(120);

/// How often an unsaved sign-in is written again while it keeps failing.
pub const SAVE_RETRY: SignedDuration = SignedDuration::from_secs(10);

/// A refreshed pair the token file does not hold yet.
#[derive(Debug)]
struct Unsaved {
    /// The refresh token that was spent: what the file still holds, if nobody changed it.
    spent: Option<String>,
    /// Why the last save failed.
    problem: String,
    next_try: Timestamp,
}

#[derive(Debug)]
pub struct TokenManager {
    store: TokenStore,
    oauth: OAuthClient,
    current: Mutex<TokenSet>,
    clock: SharedClock,
    /// Set once the sign-in is gone for good: why.
    signed_out: OnceLock<AuthProblem>,
    /// The tokens came from the token file (so a missing file means signed out elsewhere).
    stored: bool,
    /// Set while the current tokens are newer than the token file (a save failed).
    unsaved: SyncMutex<Option<Unsaved>>,
    /// Why tokens cannot be saved right now (a refresh was held back or a save failed).
    save_problem: SyncMutex<Option<String>>,
}

/// A token-store failure: a damaged file means signing in again; a file or lock that cannot
/// be written is a local problem the user can fix, and the sign-in stays.
fn store_error(err: &StoreError) -> ApiError {
    match err {
        StoreError::Corrupt { .. } => ApiError::Unauthorized {
            problem: AuthProblem::SignedOut,
            message: err.to_string(),
        },
        StoreError::Io { .. } | StoreError::Lock { .. } | StoreError::Save { .. } => {
            ApiError::Local(err.to_string())
        }
    }
}

impl TokenManager {
    pub fn new(
        store: TokenStore,
        oauth: OAuthClient,
        tokens: TokenSet,
        clock: SharedClock,
    ) -> Self {
        Self {
            store,
            oauth,
            current: Mutex::new(tokens),
            clock,
            signed_out: OnceLock::new(),
            stored: false,
            unsaved: SyncMutex::new(None),
            save_problem: SyncMutex::new(None),
        }
    }

    /// Loads the stored sign-in; `Ok(None)` when there is none.
    pub fn load(
        store: TokenStore,
        oauth: OAuthClient,
        clock: SharedClock,
    ) -> Result<Option<Self>, StoreError> {
        // Startup: remove what killed saves left behind (temp files can hold a token set).
        store.sweep();
        Ok(store.load()?.map(|tokens| Self {
            stored: true,
            ..Self::new(store, oauth, tokens, clock)
        }))
    }

    pub fn oauth(&self) -> &OAuthClient {
        &self.oauth
    }

    pub fn store(&self) -> &TokenStore {
        &self.store
    }

    /// A copy of the current tokens (for status display; never log it).
    pub async fn tokens(&self) -> TokenSet {
        self.current.lock().await.clone()
    }

    /// The error for every call once signed out (`None` while signed in).
    fn signed_out_error(&self) -> Option<ApiError> {
        self.signed_out.get().cloned().map(Self::error_for)
    }

    fn error_for(problem: AuthProblem) -> ApiError {
        let message = match problem {
            AuthProblem::SignedOut => {
                "signed out (the token file was removed); run `fittui auth login`"
            }
            _ => "the sign-in was rejected; run `fittui auth login`",
        };
        ApiError::Unauthorized {
            problem,
            message: message.into(),
        }
    }

    /// A valid access token, refreshed first when it expires within [`REFRESH_AHEAD`] (or a
    /// tenth of its lifetime, if that is shorter).
    pub async fn access_token(&self) -> Result<String, ApiError> {
        if let Some(err) = self.signed_out_error() {
            return Err(err);
        }
        let mut current = self.current.lock().await;
        self.retry_save_if_due(&mut current).await;
        if !current.refresh_due(self.clock.now(), REFRESH_AHEAD) {
            return Ok(current.access_token.clone());
        }
        self.refresh_locked(&mut current).await?;
        Ok(current.access_token.clone())
    }

    /// Why the sign-in cannot be saved right now, for a persistent warning; `None` when all
    /// is well.
    pub fn save_problem(&self) -> Option<String> {
        self.save_problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether the current tokens are newer than the token file.
    pub fn has_unsaved_tokens(&self) -> bool {
        self.unsaved
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    fn set_save_problem(&self, problem: Option<String>) {
        *self
            .save_problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = problem;
    }

    /// Writes unsaved tokens again now (`fittui auth refresh` retries before giving up).
    pub async fn retry_save(&self) -> Result<(), ApiError> {
        let mut current = self.current.lock().await;
        self.save_unsaved(&mut current).await
    }

    async fn retry_save_if_due(&self, current: &mut TokenSet) {
        let due = self
            .unsaved
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .is_some_and(|u| self.clock.now() >= u.next_try);
        if due {
            let _ = self.save_unsaved(current).await;
        }
    }

    /// Saves tokens a failed save left in memory, unless the file changed meanwhile (a new
    /// sign-in or a logout elsewhere wins over them).
    async fn save_unsaved(&self, current: &mut TokenSet) -> Result<(), ApiError> {
        let Some(spent) = self
            .unsaved
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|u| u.spent.clone())
        else {
            return Ok(());
        };
        let result = async {
            let lock = self.take_lock().await?;
            match self.store.load().map_err(|e| store_error(&e))? {
                Some(disk) if disk.refresh_token != spent => {
                    tracing::info!("the token file changed meanwhile; using it");
                    *current = disk;
                }
                None if self.stored => {
                    let _ = self.signed_out.set(AuthProblem::SignedOut);
                }
                _ => {
                    let reserved = self.store.reserve(&lock).map_err(|e| store_error(&e))?;
                    self.store
                        .commit(&lock, reserved, current)
                        .map_err(|e| store_error(&e))?;
                    tracing::info!("the refreshed sign-in is saved now");
                }
            }
            Ok::<_, ApiError>(())
        }
        .await;
        let mut unsaved = self.unsaved.lock().unwrap_or_else(PoisonError::into_inner);
        match &result {
            Ok(()) => {
                *unsaved = None;
                drop(unsaved);
                self.set_save_problem(None);
            }
            Err(err) => {
                if let Some(u) = unsaved.as_mut() {
                    u.problem = err.to_string();
                    u.next_try = self.clock.now() + SAVE_RETRY;
                }
                drop(unsaved);
                self.set_save_problem(Some(err.to_string()));
            }
        }
        result
    }

    /// The cross-process lock (the lock call blocks, so off the runtime).
    async fn take_lock(&self) -> Result<super::store::RefreshLock, ApiError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || store.lock())
            .await
            .map_err(|e| ApiError::Network(format!("token lock task failed: {e}")))?
            .map_err(|e| store_error(&e))
    }

    /// After a 401 `expired_token` for `rejected`: refresh once (unless another caller already
    /// did) and return the token to retry with.
    pub async fn refresh_rejected(&self, rejected: &str) -> Result<String, ApiError> {
        if let Some(err) = self.signed_out_error() {
            return Err(err);
        }
        let mut current = self.current.lock().await;
        if current.access_token != rejected {
            return Ok(current.access_token.clone());
        }
        self.refresh_locked(&mut current).await?;
        Ok(current.access_token.clone())
    }

    /// Refreshes now, whatever the expiry (`fittui auth refresh`), with the same rules as an
    /// automatic refresh: single-flight in-process, the file lock across processes, tokens
    /// another process refreshed meanwhile adopted instead of spending the refresh token twice,
    /// and the new pair saved before it is returned.
    pub async fn refresh_now(&self) -> Result<TokenSet, ApiError> {
        if let Some(err) = self.signed_out_error() {
            return Err(err);
        }
        let mut current = self.current.lock().await;
        self.refresh_locked(&mut current).await?;
        Ok(current.clone())
    }

    async fn refresh_locked(&self, current: &mut TokenSet) -> Result<(), ApiError> {
        if current.origin == TokenOrigin::Pasted || current.refresh_token.is_none() {
            return Err(ApiError::Unauthorized {
                problem: AuthProblem::Expired,
                message: format!(
                    "the pasted {} token expired and cannot be refreshed; get a new one with `fittui auth token` or sign in with `fittui auth login`",
                    current.provider
                ),
            });
        }
        // Serialise with other fittui processes.
        let lock = self.take_lock().await?;
        let now = self.clock.now();
        let on_disk = self.store.load().map_err(|e| store_error(&e))?;
        if on_disk.is_none() && self.stored {
            // `fittui auth logout` (or the user) removed the sign-in: never bring it back by
            // saving refreshed tokens, even if revoking it at the provider failed.
            let _ = self.signed_out.set(AuthProblem::SignedOut);
            return Err(Self::error_for(AuthProblem::SignedOut));
        }
        if let Some(disk) = &on_disk
            && disk.access_token != current.access_token
            && !disk.refresh_due(now, REFRESH_AHEAD)
        {
            // Another process refreshed while we waited: use its tokens.
            tracing::info!("adopting tokens refreshed by another fittui process");
            *current = disk.clone();
            return Ok(());
        }
        // If the file holds a newer refresh token than memory, that is the one still valid —
        // unless memory holds a pair that could not be saved, which is newer than the file.
        let base = match on_disk {
            Some(disk)
                if !self.has_unsaved_tokens()
                    && disk.refresh_token.is_some()
                    && disk.refresh_token != current.refresh_token =>
            {
                disk
            }
            _ => current.clone(),
        };
        // Prove the new pair can be written before spending the single-use refresh token.
        let reserved = match self.store.reserve(&lock) {
            Ok(reserved) => reserved,
            Err(err) => {
                tracing::error!("not refreshing: {err}");
                let message =
                    format!("{err}. The sign-in is kept: fittui refreshes it once it can be saved");
                self.set_save_problem(Some(message.clone()));
                return Err(ApiError::Local(message));
            }
        };
        match self.oauth.refresh(&base).await {
            Ok(mut fresh) => {
                fresh.account_label = fresh.account_label.or(base.account_label);
                fresh.user_id = fresh.user_id.or(base.user_id);
                fresh.time_zone = fresh.time_zone.or(base.time_zone);
                // Persist before use: the old refresh token is already spent.
                match self.store.commit(&lock, reserved, &fresh) {
                    Ok(()) => {
                        *self.unsaved.lock().unwrap_or_else(PoisonError::into_inner) = None;
                        self.set_save_problem(None);
                    }
                    Err(err) => {
                        tracing::error!("refreshed tokens could not be saved: {err}");
                        let problem = format!(
                            "{err}. The refreshed sign-in is kept in memory and saved as soon as possible — don't quit fittui until then"
                        );
                        let mut unsaved =
                            self.unsaved.lock().unwrap_or_else(PoisonError::into_inner);
                        if unsaved.is_none() {
                            *unsaved = Some(Unsaved {
                                spent: base.refresh_token.clone(),
                                problem: problem.clone(),
                                next_try: now + SAVE_RETRY,
                            });
                        }
                        drop(unsaved);
                        self.set_save_problem(Some(problem));
                    }
                }
                tracing::info!("access token refreshed");
                *current = fresh;
                Ok(())
            }
            Err(err @ ApiError::Unauthorized { .. }) => {
                tracing::warn!("refresh rejected: {err}");
                let _ = self.signed_out.set(AuthProblem::Revoked);
                Err(ApiError::Unauthorized {
                    problem: AuthProblem::Revoked,
                    message: format!("the refresh token was rejected ({err}); sign in again"),
                })
            }
            Err(err) => Err(err),
        }
    }

    /// The scopes the sign-in was granted; empty when the token came without a list (a pasted
    /// token), which means "unknown", not "none".
    pub async fn granted_scopes(&self) -> Vec<String> {
        self.current.lock().await.scopes.clone()
    }

    /// Whether a refresh was rejected for good.
    pub fn is_signed_out(&self) -> bool {
        self.signed_out.get().is_some()
    }

    /// A warning when the sign-in will end on its own soon (Google Testing mode, pasted tokens).
    pub async fn expiry_warning(&self) -> Option<String> {
        self.current.lock().await.expiry_warning(self.clock.now())
    }
}
