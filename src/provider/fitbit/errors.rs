//! Non-2xx responses → typed [`ApiError`]s, following the status mapping of the seed's OAuth
//! client (401 unauthorized, 403 forbidden, 404, 409, 429, ≥ 500 server, other 4xx bad request)
//! plus 410 for the 2026 shutdown.
//!
//! Bodies are read for the reason, never trusted to exist: Fitbit's `{"errors": [{"errorType",
//! "message"}]}`, the RFC 6749 `{"error": "...", "error_description": "..."}`, the Google-style
//! `{"error": {"code", "message", "status"}}` seen at end of life, plain text, HTML or nothing
//! all map to something sensible. Rate-limit headers may be missing or garbage.

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use crate::api::error::{reason_phrase, retry_after};
use crate::api::{ApiError, AuthProblem};

/// What an error body says, whatever its shape.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Reason {
    /// Fitbit `errorType` or RFC `error` code, lower case.
    kind: Option<String>,
    message: Option<String>,
}

impl Reason {
    /// The body's message, else the status's reason phrase.
    fn message_or_phrase(&self, status: u16) -> String {
        self.message
            .clone()
            .unwrap_or_else(|| reason_phrase(status).to_owned())
    }
}

const MAX_MESSAGE_CHARS: usize = 300;

fn reason(body: &[u8]) -> Reason {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Reason {
            kind: None,
            message: text_message(body),
        };
    };
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    };
    if let Some(first) = value
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        return Reason {
            kind: text(first.get("errorType")).map(|k| k.to_ascii_lowercase()),
            message: text(first.get("message")),
        };
    }
    match value.get("error") {
        // RFC 6749 token errors.
        Some(Value::String(code)) => Reason {
            kind: Some(code.trim().to_ascii_lowercase()),
            message: text(value.get("error_description")).or_else(|| Some(code.trim().to_owned())),
        },
        // Google-style: {"error": {"code": 403, "message": "...", "status": "PERMISSION_DENIED"}}.
        Some(obj @ Value::Object(_)) => Reason {
            kind: None,
            message: text(obj.get("message")).or_else(|| text(obj.get("status"))),
        },
        _ => Reason {
            kind: None,
            message: text(value.get("message")),
        },
    }
}

/// A short plain-text body as the message; HTML pages and binary noise are not messages.
fn text_message(body: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(body);
    let s = s.trim();
    if s.is_empty() || s.starts_with('<') || s.contains('\u{fffd}') {
        return None;
    }
    let one_line: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_MESSAGE_CHARS)
        .collect();
    (!one_line.is_empty()).then_some(one_line)
}

/// Maps a non-2xx API response to an [`ApiError`].
///
/// - 401 → `Unauthorized`: `expired_token` → [`AuthProblem::Expired`], `invalid_grant` →
///   [`AuthProblem::Revoked`], anything else (`invalid_token`, `invalid_request` for a missing
///   Authorization header, no body) → [`AuthProblem::Invalid`]. A 400 whose `errorType` is a
///   token problem (the docs file the missing header under 400) maps the same way.
/// - 403 → `Forbidden`; for `insufficient_scope` the scope is read from the message
///   ("...permission to access sleep data..." → `sleep`); `insufficient_permissions` and
///   Google-style bodies have no scope.
/// - 404 → `NotFound`, 409 → `Conflict`, 410 → `Gone`, ≥ 500 → `Server`, other statuses →
///   `BadRequest` with the first error's message.
/// - 429 → `RateLimited { until }`: `now` + `fitbit-rate-limit-reset` seconds, else
///   `Retry-After` (seconds or an HTTP date), else the next top of the hour (Fitbit's window),
///   at least a minute away. Never earlier than a second from `now`, never more than a day.
///
/// `headers` looks a header up by name (the caller's map is expected to be case-insensitive;
/// lower-case and canonical spellings are both tried).
pub fn error_from_response(
    status: u16,
    headers: &impl Fn(&str) -> Option<String>,
    body: &[u8],
    now: Timestamp,
) -> ApiError {
    let reason = reason(body);
    let kind = reason.kind.as_deref();
    let message = reason.message_or_phrase(status);
    match status {
        401 => ApiError::Unauthorized {
            problem: auth_problem(kind),
            message,
        },
        400 if is_token_problem(kind, &message) => ApiError::Unauthorized {
            problem: auth_problem(kind),
            message,
        },
        403 => ApiError::Forbidden {
            scope: match kind {
                Some("insufficient_permissions") => None,
                _ => scope_from_message(&message),
            },
            message,
        },
        404 => ApiError::NotFound(message),
        409 => ApiError::Conflict(message),
        410 => ApiError::Gone,
        429 => ApiError::RateLimited {
            until: rate_limit_until(headers, now),
        },
        500.. => ApiError::Server { status, message },
        _ => ApiError::BadRequest { status, message },
    }
}

/// Maps a non-2xx answer of the OAuth token endpoint (`POST /oauth2/token`): `invalid_grant`
/// (a used, revoked or unknown refresh token or code; 400 or 401) → `Unauthorized { Revoked }`
/// (sign in again, after re-reading stored tokens in case another process refreshed);
/// `invalid_client`, `unauthorized_client`, `invalid_request`, `invalid_scope`,
/// `unsupported_grant_type` → `BadRequest` (the app's configuration, not the user's sign-in);
/// everything else as [`error_from_response`] (429 needs the headers and `now`, hence the
/// same parameters).
pub fn token_error(
    status: u16,
    headers: &impl Fn(&str) -> Option<String>,
    body: &[u8],
    now: Timestamp,
) -> ApiError {
    grant_error(status, &reason(body))
        .unwrap_or_else(|| error_from_response(status, headers, body, now))
}

/// The token endpoint's own answers: a rejected grant, or a client / request the endpoint
/// refuses (configuration, not the user's sign-in). `None` for everything the API mapping
/// covers.
fn grant_error(status: u16, reason: &Reason) -> Option<ApiError> {
    match reason.kind.as_deref() {
        Some("invalid_grant") => Some(ApiError::Unauthorized {
            problem: AuthProblem::Revoked,
            message: reason.message_or_phrase(status),
        }),
        Some(
            "invalid_client"
            | "unauthorized_client"
            | "invalid_request"
            | "invalid_scope"
            | "unsupported_grant_type"
            | "unsupported_response_type",
        ) if (400..500).contains(&status) && status != 429 => Some(ApiError::BadRequest {
            status,
            message: reason.message_or_phrase(status),
        }),
        _ => None,
    }
}

fn auth_problem(kind: Option<&str>) -> AuthProblem {
    match kind {
        Some("expired_token") => AuthProblem::Expired,
        Some("invalid_grant") => AuthProblem::Revoked,
        _ => AuthProblem::Invalid,
    }
}

fn is_token_problem(kind: Option<&str>, message: &str) -> bool {
    match kind {
        Some("expired_token" | "invalid_token") => true,
        Some("invalid_request") => message
            .to_ascii_lowercase()
            .contains("authorization header"),
        _ => false,
    }
}

/// "This application does not have permission to access sleep data. ..." → `sleep`, mapped to
/// the scope name where the wording differs from it.
fn scope_from_message(message: &str) -> Option<String> {
    const LEAD: &str = "permission to access ";
    // ASCII lower-casing keeps byte offsets, and both patterns are ASCII, so the slices below
    // fall on character boundaries.
    let lower = message.to_ascii_lowercase();
    let rest = &lower[lower.find(LEAD)? + LEAD.len()..];
    let area = rest[..rest.find(" data")?].trim();
    if area.is_empty() || area.len() > 40 {
        return None;
    }
    let squashed: String = area.chars().filter(char::is_ascii_alphanumeric).collect();
    let scope = match squashed.as_str() {
        "heartrate" | "heart" => "heartrate",
        "oxygensaturation" | "spo2" => "oxygen_saturation",
        "respiratoryrate" | "breathingrate" => "respiratory_rate",
        "cardiofitness" | "cardioscore" | "vo2max" => "cardio_fitness",
        "electrocardiogram" | "ecg" => "electrocardiogram",
        "irregularrhythmnotifications" => "irregular_rhythm_notifications",
        "device" | "devices" | "settings" => "settings",
        _ => return Some(area.split_whitespace().collect::<Vec<_>>().join("_")),
    };
    Some(scope.to_owned())
}

const MAX_WAIT_SECS: i64 = 86_400;

fn header(headers: &impl Fn(&str) -> Option<String>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| headers(n))
}

/// Whole seconds from a header value such as `"1800"` or `"12.5"`; negative or garbage → `None`.
fn seconds(value: &str) -> Option<i64> {
    let v: f64 = value.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then(|| v.ceil().min(MAX_WAIT_SECS as f64) as i64)
}

fn rate_limit_until(headers: &impl Fn(&str) -> Option<String>, now: Timestamp) -> Timestamp {
    let after = |secs: i64| {
        now.checked_add(SignedDuration::from_secs(secs.clamp(1, MAX_WAIT_SECS)))
            .unwrap_or(now)
    };
    if let Some(secs) = header(
        headers,
        &["fitbit-rate-limit-reset", "Fitbit-Rate-Limit-Reset"],
    )
    .as_deref()
    .and_then(seconds)
    {
        return after(secs);
    }
    if let Some(at) = header(headers, &["retry-after", "Retry-After"])
        .as_deref()
        .and_then(|v| retry_after(v, now))
    {
        return after(at.duration_since(now).as_secs());
    }
    let into_hour = now.as_second().rem_euclid(3600);
    after((3600 - into_hour).max(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-21T10:20:00Z".parse().unwrap()
    }

    fn map(status: u16, body: &str) -> ApiError {
        error_from_response(status, &|_: &str| None, body.as_bytes(), now())
    }

    #[test]
    fn scope_words() {
        let m = |s: &str| {
            scope_from_message(&format!(
                "This application does not have permission to access {s} data. Visit https://dev.fitbit.com/docs/oauth2 for more information"
            ))
        };
        assert_eq!(m("sleep").as_deref(), Some("sleep"));
        assert_eq!(m("heart rate").as_deref(), Some("heartrate"));
        assert_eq!(m("oxygen saturation").as_deref(), Some("oxygen_saturation"));
        assert_eq!(m("Profile").as_deref(), Some("profile"));
        assert_eq!(scope_from_message("nothing to see"), None);
        assert_eq!(scope_from_message("permission to access data"), None);
    }

    #[test]
    fn bodies_of_any_shape() {
        assert_eq!(
            map(500, "<html><body>oops</body></html>"),
            ApiError::Server {
                status: 500,
                message: "Internal Server Error".into()
            }
        );
        assert_eq!(
            map(502, ""),
            ApiError::Server {
                status: 502,
                message: "Bad Gateway".into()
            }
        );
        assert_eq!(
            map(503, "upstream   connect error\n"),
            ApiError::Server {
                status: 503,
                message: "upstream connect error".into()
            }
        );
        assert_eq!(
            map(400, r#"{"errors": []}"#),
            ApiError::BadRequest {
                status: 400,
                message: "Bad Request".into()
            }
        );
        assert_eq!(
            map(499, "null"),
            ApiError::BadRequest {
                status: 499,
                message: "unexpected response".into()
            }
        );
    }

    #[test]
    fn retry_after_http_date_and_garbage() {
        let h = |name: &str| {
            (name == "retry-after").then(|| "Sat, 21 Nov 2026 10:50:00 GMT".to_owned())
        };
        let e = error_from_response(429, &h, b"", now());
        assert_eq!(
            e,
            ApiError::RateLimited {
                until: "2026-11-21T10:50:00Z".parse().unwrap()
            }
        );
        let h = |_: &str| Some("soon".to_owned());
        let e = error_from_response(429, &h, b"", now());
        assert_eq!(
            e,
            ApiError::RateLimited {
                until: "2026-11-21T11:00:00Z".parse().unwrap()
            }
        );
        let h = |name: &str| (name == "fitbit-rate-limit-reset").then(|| "-5".to_owned());
        let e = error_from_response(429, &h, b"", now());
        assert_eq!(
            e,
            ApiError::RateLimited {
                until: "2026-11-21T11:00:00Z".parse().unwrap()
            }
        );
        let h = |name: &str| (name == "fitbit-rate-limit-reset").then(|| "1e300".to_owned());
        let e = error_from_response(429, &h, b"", now());
        assert_eq!(
            e,
            ApiError::RateLimited {
                until: "2026-11-22T10:20:00Z".parse().unwrap()
            }
        );
    }
}
