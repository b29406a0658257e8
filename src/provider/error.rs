//! Typed API errors. The app reacts to them (refresh, sign-in popup, wait for the rate-limit
//! reset, "sign in with google" after the shutdown), so they are never flattened to strings at
//! a boundary. They are `Clone` so a data slot can keep the error it failed with.

use jiff::Timestamp;

/// Why the API refused the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthProblem {
    /// The access token expired (Fitbit `expired_token`, Google `UNAUTHENTICATED` on an old
    /// token). Refreshing fixes it.
    Expired,
    /// The access token is not valid (`invalid_token`).
    Invalid,
    /// The grant was revoked or the refresh token rejected (`invalid_grant`): sign in again.
    Revoked,
    /// No tokens are stored.
    SignedOut,
}

impl AuthProblem {
    pub fn describe(&self) -> &'static str {
        match self {
            Self::Expired => "the access token expired",
            Self::Invalid => "the access token is not valid",
            Self::Revoked => "access was revoked or the sign-in expired",
            Self::SignedOut => "not signed in",
        }
    }
}

/// An error talking to a health API.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// 401, or a refresh that failed for good.
    #[error("unauthorized: {}", .problem.describe())]
    Unauthorized {
        problem: AuthProblem,
        message: String,
    },
    /// 403: a scope is missing (or the app may not use this resource).
    #[error("permission denied{}: {message}", .scope.as_ref().map(|s| format!(" (missing scope `{s}`)")).unwrap_or_default())]
    Forbidden {
        scope: Option<String>,
        message: String,
    },
    #[error("not found: {0}")]
    NotFound(String),
    #[error("conflict: {0}")]
    Conflict(String),
    /// 429 (or the local budget is spent): nothing may be sent before `until`.
    #[error("rate limited until {until}")]
    RateLimited { until: Timestamp },
    /// 5xx.
    #[error("server error {status}: {message}")]
    Server { status: u16, message: String },
    /// 410: the legacy API is gone.
    #[error("the Fitbit Web API was shut down; sign in with the google provider")]
    Gone,
    /// Other 4xx: the request was wrong (validation, bad date, ...).
    #[error("request rejected ({status}): {message}")]
    BadRequest { status: u16, message: String },
    /// Connection refused, reset, timed out, DNS, TLS...
    #[error("network error: {0}")]
    Network(String),
    /// The body did not match the contract.
    #[error("unexpected response from {endpoint}: {detail}")]
    Decode { endpoint: String, detail: String },
    /// The source cannot do this at all (see its capabilities).
    #[error("{0}")]
    Unsupported(&'static str),
}

impl ApiError {
    /// Builds a decode error from a serde error, keeping where in the body it happened.
    pub fn decode(endpoint: impl Into<String>, err: &serde_json::Error) -> Self {
        Self::Decode {
            endpoint: endpoint.into(),
            detail: format!("{err} (line {}, column {})", err.line(), err.column()),
        }
    }

    /// Whether retrying later may help without the user doing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. } | Self::Server { .. } | Self::Network(_)
        )
    }

    /// Whether the user has to sign in again.
    pub fn needs_sign_in(&self) -> bool {
        matches!(
            self,
            Self::Unauthorized {
                problem: AuthProblem::Revoked | AuthProblem::SignedOut | AuthProblem::Invalid,
                ..
            } | Self::Gone
        )
    }

    /// Short text for a data slot that failed.
    pub fn short(&self) -> String {
        match self {
            Self::Unauthorized { problem, .. } => format!("not signed in: {}", problem.describe()),
            Self::Forbidden { scope: Some(s), .. } => {
                format!("no permission (scope `{s}` not granted)")
            }
            Self::Forbidden { scope: None, .. } => "no permission for this data".into(),
            Self::NotFound(_) => "not found".into(),
            Self::Conflict(m) => format!("conflict: {m}"),
            Self::RateLimited { until } => format!("rate limited until {until}"),
            Self::Server { status, .. } => format!("server error {status}"),
            Self::Gone => "the Fitbit Web API was shut down".into(),
            Self::BadRequest { message, .. } => message.clone(),
            Self::Network(_) => "offline: cannot reach the server".into(),
            Self::Decode { endpoint, .. } => format!("unexpected response from {endpoint}"),
            Self::Unsupported(m) => (*m).to_string(),
        }
    }
}
