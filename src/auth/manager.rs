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

use std::sync::OnceLock;

use jiff::SignedDuration;
use tokio::sync::Mutex;

use super::oauth::OAuthClient;
use super::store::{StoreError, TokenStore};
use super::tokens::{TokenOrigin, TokenSet};
use crate::api::{ApiError, AuthProblem};
use crate::clock::SharedClock;

/// Refresh this long before the access token expires.
pub const REFRESH_AHEAD: SignedDuration = SignedDuration::from_secs(120);

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
}

/// A token-store failure: a damaged file means signing in again; a file or lock that cannot
/// be written is a local problem the user can fix, and the sign-in stays.
fn store_error(err: &StoreError) -> ApiError {
    match err {
        StoreError::Corrupt { .. } => ApiError::Unauthorized {
            problem: AuthProblem::SignedOut,
            message: err.to_string(),
        },
        StoreError::Io { .. } | StoreError::Lock { .. } => ApiError::Local(err.to_string()),
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
        }
    }

    /// Loads the stored sign-in; `Ok(None)` when there is none.
    pub fn load(
        store: TokenStore,
        oauth: OAuthClient,
        clock: SharedClock,
    ) -> Result<Option<Self>, StoreError> {
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
        if !current.refresh_due(self.clock.now(), REFRESH_AHEAD) {
            return Ok(current.access_token.clone());
        }
        self.refresh_locked(&mut current).await?;
        Ok(current.access_token.clone())
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
        // Serialise with other fittui processes (the lock call blocks, so off the runtime).
        let store = self.store.clone();
        let _lock = tokio::task::spawn_blocking(move || store.lock())
            .await
            .map_err(|e| ApiError::Network(format!("token lock task failed: {e}")))?
            .map_err(|e| store_error(&e))?;
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
        // If the file holds a newer refresh token than memory, that is the one still valid.
        let base = match on_disk {
            Some(disk)
                if disk.refresh_token.is_some() && disk.refresh_token != current.refresh_token =>
            {
                disk
            }
            _ => current.clone(),
        };
        match self.oauth.refresh(&base).await {
            Ok(mut fresh) => {
                fresh.account_label = fresh.account_label.or(base.account_label);
                // Persist before use: the old refresh token is already spent.
                if let Err(err) = self.store.save(&fresh) {
                    tracing::error!("refreshed tokens could not be saved: {err}");
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
