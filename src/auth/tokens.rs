//! The stored sign-in: tokens plus what fittui needs to know about them. Never logged: the
//! `Debug` output redacts the secrets.

use std::fmt;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::api::ProviderKind;

/// How the tokens were obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenOrigin {
    /// Authorization code flow with PKCE: refreshable.
    AuthorizationCode,
    /// Pasted by the user (API explorer or implicit grant): cannot be refreshed.
    Pasted,
}

/// One provider's sign-in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSet {
    pub provider: ProviderKind,
    pub origin: TokenOrigin,
    pub access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub expires_at: Timestamp,
    /// When the refresh token itself dies (Google apps in Testing: 7 days after consent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_expires_at: Option<Timestamp>,
    /// Granted scopes, as the token endpoint listed them.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The account's user id, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// How to show the account (display name or id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_label: Option<String>,
    /// The account's IANA time zone, when known (so commands that only read the token file,
    /// such as `auth status`, can say times in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The OAuth client the tokens belong to.
    #[serde(default)]
    pub client_id: String,
    pub obtained_at: Timestamp,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("provider", &self.provider)
            .field("origin", &self.origin)
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_at", &self.expires_at)
            .field("refresh_token_expires_at", &self.refresh_token_expires_at)
            .field("scopes", &self.scopes)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

/// Warn this long before a refresh token (Google Testing mode) or a pasted token expires.
pub const TESTING_EXPIRY_WARNING: SignedDuration = SignedDuration::from_hours(3 * 24);
pub const PASTED_EXPIRY_WARNING: SignedDuration = SignedDuration::from_mins(30);

impl TokenSet {
    pub fn can_refresh(&self) -> bool {
        self.refresh_token.is_some() && self.origin == TokenOrigin::AuthorizationCode
    }

    /// Whether the access token is expired or will be within `margin`.
    pub fn expires_within(&self, now: Timestamp, margin: SignedDuration) -> bool {
        self.expires_at <= now.saturating_add(margin).unwrap_or(now)
    }

    /// How long before expiry the token is refreshed: `ahead`, but never more than a tenth of
    /// its lifetime — a 30-second token is refreshed in its last 3 seconds, once, not before
    /// every request.
    pub fn refresh_margin(&self, ahead: SignedDuration) -> SignedDuration {
        let lifetime = self.expires_at.duration_since(self.obtained_at);
        ahead.min(lifetime / 10).max(SignedDuration::ZERO)
    }

    /// Whether the token is due for a refresh (see [`TokenSet::refresh_margin`]).
    pub fn refresh_due(&self, now: Timestamp, ahead: SignedDuration) -> bool {
        self.expires_within(now, self.refresh_margin(ahead))
    }

    /// A warning to show when the sign-in is about to end on its own, if it is.
    pub fn expiry_warning(&self, now: Timestamp) -> Option<String> {
        if self.origin == TokenOrigin::Pasted {
            let left = self.expires_at.duration_since(now);
            if left <= SignedDuration::ZERO {
                return Some(format!(
                    "The pasted {} token has expired. Get a new one (`fittui auth token`) or sign in with `fittui auth login`.",
                    self.provider
                ));
            }
            if left <= PASTED_EXPIRY_WARNING {
                return Some(format!(
                    "The pasted {} token expires in {} min and cannot be refreshed; run `fittui auth login` for a lasting sign-in.",
                    self.provider,
                    left.as_mins().max(1)
                ));
            }
            return None;
        }
        let until = self.refresh_token_expires_at?;
        let left = until.duration_since(now);
        if left > TESTING_EXPIRY_WARNING {
            return None;
        }
        let when = if left <= SignedDuration::ZERO {
            "has ended".to_string()
        } else if left.as_hours() < 24 {
            format!("ends in {} h", left.as_hours().max(1))
        } else {
            format!("ends in {} days", left.as_hours() / 24)
        };
        Some(format!(
            "Your Google sign-in {when}: apps in Testing get 7-day sign-ins. Run `fittui auth login` again before then."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(origin: TokenOrigin) -> TokenSet {
        let now: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        TokenSet {
            provider: ProviderKind::Google,
            origin,
            access_token: "secret-access".into(),
            refresh_token: Some("secret-refresh".into()),
            expires_at: now + SignedDuration::from_hours(1),
            refresh_token_expires_at: None,
            scopes: vec![],
            user_id: None,
            account_label: None,
            client_id: "c".into(),
            time_zone: None,
            obtained_at: now,
        }
    }

    #[test]
    fn short_lived_tokens_are_refreshed_once_near_their_end() {
        let ahead = SignedDuration::from_secs(120);
        let mut t = sample(TokenOrigin::AuthorizationCode);
        let obtained = t.obtained_at;
        t.expires_at = obtained + SignedDuration::from_secs(30);
        assert_eq!(t.refresh_margin(ahead), SignedDuration::from_secs(3));
        // Every second of its life but the last three, the token is used as it is.
        let due: Vec<i64> = (0..=30)
            .filter(|s| t.refresh_due(obtained + SignedDuration::from_secs(*s), ahead))
            .collect();
        assert_eq!(due, [27, 28, 29, 30]);
        // An hour-long token keeps the two minutes ahead.
        t.expires_at = obtained + SignedDuration::from_hours(1);
        assert_eq!(t.refresh_margin(ahead), ahead);
    }

    #[test]
    fn debug_never_shows_secrets() {
        let text = format!("{:?}", sample(TokenOrigin::AuthorizationCode));
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn testing_mode_warning_comes_days_ahead() {
        let mut t = sample(TokenOrigin::AuthorizationCode);
        let now = t.obtained_at;
        assert!(t.expiry_warning(now).is_none());
        t.refresh_token_expires_at = Some(now + SignedDuration::from_hours(7 * 24));
        assert!(t.expiry_warning(now).is_none());
        let later = now + SignedDuration::from_hours(5 * 24);
        let warning = t.expiry_warning(later).unwrap();
        assert!(warning.contains("ends in 2 days"), "{warning}");
    }

    #[test]
    fn pasted_tokens_warn_before_they_expire() {
        let t = sample(TokenOrigin::Pasted);
        assert!(t.expiry_warning(t.obtained_at).is_none());
        let w = t
            .expiry_warning(t.obtained_at + SignedDuration::from_mins(40))
            .unwrap();
        assert!(w.contains("expires in 20 min"), "{w}");
        let w = t
            .expiry_warning(t.obtained_at + SignedDuration::from_hours(2))
            .unwrap();
        assert!(w.contains("has expired"), "{w}");
    }
}
