//! Typed API errors. The app reacts to them (refresh, sign-in popup, wait for the rate-limit
//! reset, "sign in with google" after the shutdown), so they are never flattened to strings at
//! a boundary. They are `Clone` so a data slot can keep the error it failed with.

use jiff::Timestamp;
use jiff::tz::TimeZone;

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
    #[error("rate limited until {}", until.strftime("%Y-%m-%d %H:%M UTC"))]
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
    /// A problem on this computer, not the API's (the token file or its lock cannot be
    /// written): the sign-in itself is fine, so this never asks to sign in again.
    #[error("{0}")]
    Local(String),
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
                format!(
                    "the “{}” permission was not granted",
                    super::scope::permission_name(s)
                )
            }
            Self::Forbidden { scope: None, .. } => "no permission for this data".into(),
            Self::NotFound(_) => "not found".into(),
            Self::Conflict(m) => format!("conflict: {m}"),
            Self::RateLimited { until } => {
                format!(
                    "rate limited until {}",
                    until.strftime("%Y-%m-%d %H:%M UTC")
                )
            }
            Self::Server { status, .. } => format!("server error {status}"),
            Self::Gone => "the Fitbit Web API was shut down".into(),
            Self::BadRequest { message, .. } => message.clone(),
            Self::Network(_) => "offline: cannot reach the server".into(),
            Self::Decode { endpoint, .. } => format!("unexpected response from {endpoint}"),
            Self::Unsupported(m) => (*m).to_string(),
            Self::Local(m) => m.clone(),
        }
    }
}

impl ApiError {
    /// [`Display`](std::fmt::Display) for people: the time a rate limit lifts in the user's
    /// zone to the minute (`rate limited until 14:05`; with the day when that is not today).
    pub fn describe_in(&self, local: &LocalTime<'_>) -> String {
        match self {
            Self::RateLimited { until } => {
                format!("rate limited until {}", local.minute(*until))
            }
            other => other.to_string(),
        }
    }

    /// [`ApiError::short`], with a rate-limit reset as [`ApiError::describe_in`] says it.
    pub fn short_in(&self, local: &LocalTime<'_>) -> String {
        match self {
            Self::RateLimited { .. } => self.describe_in(local),
            other => other.short(),
        }
    }
}

/// How to say a time to the user: their zone, clock style and what "today" is.
#[derive(Debug, Clone, Copy)]
pub struct LocalTime<'a> {
    pub tz: &'a TimeZone,
    pub twelve_hour: bool,
    pub now: Timestamp,
}

impl LocalTime<'_> {
    /// `14:05` / `2:05 PM`, with `Sat 21 Nov` before it when that is not today.
    pub fn minute(&self, at: Timestamp) -> String {
        let zoned = at.to_zoned(self.tz.clone());
        let time = if self.twelve_hour {
            zoned.strftime("%-I:%M %p").to_string()
        } else {
            zoned.strftime("%H:%M").to_string()
        };
        if zoned.date() == self.now.to_zoned(self.tz.clone()).date() {
            time
        } else {
            format!("{} {time}", zoned.strftime("%a %-d %b"))
        }
    }
}

/// Maps a non-2xx answer to an [`ApiError`]: the status, a header lookup by name, the body and
/// "now" (to turn a relative `Retry-After` into an instant). Each provider supplies one for its
/// API and one for its OAuth token endpoint.
pub type ErrorMapper = fn(u16, &dyn Fn(&str) -> Option<String>, &[u8], Timestamp) -> ApiError;

/// The standard reason phrase of an HTTP status (`"Too Many Requests"`), for messages when a
/// body says nothing useful.
pub fn reason_phrase(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("unexpected response")
}

/// When a `Retry-After` header allows the next request: delay-seconds (a fraction is rounded
/// up: waiting too little earns another 429) or an HTTP date (RFC 9110 §10.2.3). `None` for
/// anything else, negative delays included; callers clamp the result.
pub fn retry_after(value: &str, now: Timestamp) -> Option<Timestamp> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        if !secs.is_finite() || secs < 0.0 {
            return None;
        }
        let secs = secs.ceil().min(f64::from(u32::MAX)) as i64;
        return now.checked_add(jiff::SignedDuration::from_secs(secs)).ok();
    }
    jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now: Timestamp = "2026-11-21T10:20:00Z".parse().unwrap();
        assert_eq!(
            retry_after("120", now).unwrap().to_string(),
            "2026-11-21T10:22:00Z"
        );
        assert_eq!(
            retry_after("Sat, 21 Nov 2026 10:50:00 GMT", now)
                .unwrap()
                .to_string(),
            "2026-11-21T10:50:00Z"
        );
        assert_eq!(
            retry_after("12.5", now).unwrap().to_string(),
            "2026-11-21T10:20:13Z"
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-5", now), None);
        assert_eq!(retry_after("", now), None);
        assert!(retry_after("99999999999999999999", now).is_some());
        assert_eq!(reason_phrase(429), "Too Many Requests");
        assert_eq!(reason_phrase(799), "unexpected response");
    }
}
