//! Error responses → typed [`ApiError`]s.
//!
//! Google Health answers errors with a `google.rpc.Status` body:
//! `{"error": {"code", "message", "status", "details": [{"@type": "…ErrorInfo", "reason", …},
//! {"@type": "…BadRequest", "fieldViolations": […]}, {"@type": "…RetryInfo", "retryDelay"}]}}`.
//! The token endpoint (`oauth2.googleapis.com/token`) answers OAuth-style instead:
//! `{"error": "invalid_grant", "error_description": "…"}`. Both mappers accept any body (empty,
//! HTML from a proxy, garbage) and never panic. Messages from the server are shown in a
//! terminal, so control characters are stripped and the length is capped.

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use super::scalar::parse_duration;
use crate::api::error::reason_phrase;
use crate::api::{ApiError, AuthProblem};

/// Wait used for a 429 that says nothing about when to retry. Google's per-user quota is per
/// minute, so a minute always suffices.
pub const DEFAULT_RATE_LIMIT_BACKOFF: SignedDuration = SignedDuration::from_secs(60);
/// Longest wait a server can impose through `Retry-After` / `RetryInfo` (one day).
const MAX_BACKOFF_SECS: i64 = 86_400;
/// Longest server message kept, in characters.
const MAX_MESSAGE_CHARS: usize = 300;

/// What a `google.rpc.Status` body says, read leniently.
#[derive(Debug, Default)]
struct RpcStatus {
    message: Option<String>,
    /// Canonical code name, e.g. `UNAUTHENTICATED`.
    code_name: Option<String>,
    /// `ErrorInfo.reason`, e.g. `ACCOUNT_NOT_LINKED`.
    reason: Option<String>,
    /// A sign-up link from `ErrorInfo.metadata`, if any.
    link: Option<String>,
    /// `BadRequest.fieldViolations` as `field: description`.
    violations: Vec<String>,
    /// `RetryInfo.retryDelay`.
    retry_delay: Option<SignedDuration>,
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn read_status(body: &[u8]) -> Option<RpcStatus> {
    let root: Value = serde_json::from_slice(body).ok()?;
    let err = root.get("error")?.as_object()?;
    let mut st = RpcStatus {
        message: err.get("message").and_then(Value::as_str).map(clean),
        code_name: err.get("status").and_then(Value::as_str).map(clean),
        ..RpcStatus::default()
    };
    for detail in err
        .get("details")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
    {
        let kind = str_at(detail, "@type").unwrap_or_default();
        if kind.ends_with("google.rpc.ErrorInfo") {
            st.reason = st.reason.or_else(|| str_at(detail, "reason").map(clean));
            let link = detail
                .get("metadata")
                .and_then(Value::as_object)
                .and_then(|m| m.values().filter_map(Value::as_str).find(|s| is_link(s)));
            st.link = st.link.or_else(|| link.map(clean));
        } else if kind.ends_with("google.rpc.BadRequest") {
            for v in detail
                .get("fieldViolations")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice)
            {
                let field = str_at(v, "field").unwrap_or_default();
                let desc = str_at(v, "description").unwrap_or_default();
                if !field.is_empty() || !desc.is_empty() {
                    st.violations.push(clean(&format!("{field}: {desc}")));
                }
            }
        } else if kind.ends_with("google.rpc.RetryInfo") {
            st.retry_delay = str_at(detail, "retryDelay").and_then(parse_duration);
        }
    }
    Some(st)
}

fn is_link(s: &str) -> bool {
    s.starts_with("https://") && s.len() < 200 && !s.chars().any(char::is_whitespace)
}

/// Strips control characters (terminal escapes, newlines), collapses spaces, caps the length.
fn clean(s: &str) -> String {
    let mut out = String::new();
    let (mut kept, mut space) = (0, false);
    for c in s.chars() {
        if c.is_control() || c.is_whitespace() {
            space = kept > 0;
            continue;
        }
        if kept == MAX_MESSAGE_CHARS {
            out.push('…');
            break;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
        kept += 1;
    }
    out
}

/// The body as a message when it is not JSON: short plain text only, never an HTML page.
fn text_message(body: &[u8]) -> Option<String> {
    // Only the start matters; a cut through a UTF-8 sequence becomes U+FFFD.
    let text = String::from_utf8_lossy(body.get(..4096).unwrap_or(body));
    let t = text.trim();
    if t.is_empty() || t.starts_with('<') || t.starts_with('{') || t.starts_with('[') {
        return None;
    }
    Some(clean(t)).filter(|m| !m.is_empty())
}

/// Maps a non-success Google Health API response to an [`ApiError`].
///
/// `headers` looks a response header up by its lower-case name (`retry-after`,
/// `www-authenticate`); `now` anchors `Retry-After` seconds.
///
/// - 401 / `UNAUTHENTICATED` → `Unauthorized { Expired }` (expired or invalid access token; the
///   token manager refreshes once and retries).
/// - 403 / `PERMISSION_DENIED` → `Forbidden`, with the scope when `WWW-Authenticate` names one.
/// - 404 / `NOT_FOUND` → `NotFound`; 409 / `ABORTED` / `ALREADY_EXISTS` → `Conflict`.
/// - 429 / `RESOURCE_EXHAUSTED` → `RateLimited { until }` from `Retry-After` (seconds or an
///   HTTP date), else `RetryInfo.retryDelay`, else [`DEFAULT_RATE_LIMIT_BACKOFF`].
/// - `ACCOUNT_NOT_LINKED` (400 `FAILED_PRECONDITION`) → `BadRequest` explaining that the Google
///   account has no Fitbit / Google Health data.
/// - other 4xx → `BadRequest` with the message and field violations; 5xx (and anything else)
///   → `Server`.
pub fn error_from_response(
    status: u16,
    headers: &impl Fn(&str) -> Option<String>,
    body: &[u8],
    now: Timestamp,
) -> ApiError {
    let st = read_status(body).unwrap_or_default();
    let base = st
        .message
        .clone()
        .filter(|m| !m.is_empty())
        .or_else(|| text_message(body))
        .unwrap_or_else(|| format!("HTTP {status} {}", reason_phrase(status)));
    let canonical = st.code_name.as_deref().unwrap_or_default();

    if st.reason.as_deref() == Some("ACCOUNT_NOT_LINKED") {
        let signup = st
            .link
            .as_deref()
            .map(|l| format!(" (create one at {l})"))
            .unwrap_or_default();
        return ApiError::BadRequest {
            status,
            message: format!(
                "this Google account has no Fitbit / Google Health data linked{signup}; sign in \
                 with the Google account your Fitbit or Pixel Watch uses"
            ),
        };
    }

    let kind = match status {
        401 => Kind::Unauthenticated,
        403 => Kind::PermissionDenied,
        404 => Kind::NotFound,
        409 => Kind::Conflict,
        429 => Kind::RateLimited,
        400..=499 => match canonical {
            "UNAUTHENTICATED" => Kind::Unauthenticated,
            "PERMISSION_DENIED" => Kind::PermissionDenied,
            "NOT_FOUND" => Kind::NotFound,
            "ABORTED" | "ALREADY_EXISTS" => Kind::Conflict,
            "RESOURCE_EXHAUSTED" => Kind::RateLimited,
            _ => Kind::BadRequest,
        },
        // 5xx, and statuses that are not errors at all (a redirect that was not followed).
        _ => Kind::Server,
    };
    match kind {
        Kind::Unauthenticated => ApiError::Unauthorized {
            problem: AuthProblem::Expired,
            message: base,
        },
        Kind::PermissionDenied => ApiError::Forbidden {
            scope: headers("www-authenticate").and_then(|h| scope_from_www_authenticate(&h)),
            message: base,
        },
        Kind::NotFound => ApiError::NotFound(base),
        Kind::Conflict => ApiError::Conflict(base),
        Kind::RateLimited => ApiError::RateLimited {
            until: retry_until(headers("retry-after").as_deref(), st.retry_delay, now),
        },
        Kind::BadRequest => {
            let message = if st.violations.is_empty() {
                base
            } else {
                clean(&format!("{base} ({})", st.violations.join("; ")))
            };
            ApiError::BadRequest { status, message }
        }
        Kind::Server => ApiError::Server {
            status,
            message: base,
        },
    }
}

/// The class of an error response, from its HTTP status and canonical code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Unauthenticated,
    PermissionDenied,
    NotFound,
    Conflict,
    RateLimited,
    BadRequest,
    Server,
}

/// When a rate-limited client may send again.
fn retry_until(
    retry_after: Option<&str>,
    retry_delay: Option<SignedDuration>,
    now: Timestamp,
) -> Timestamp {
    let after = |secs: i64| {
        now.checked_add(SignedDuration::from_secs(secs.clamp(0, MAX_BACKOFF_SECS)))
            .unwrap_or(now)
    };
    if let Some(at) = retry_after.and_then(|h| crate::api::error::retry_after(h, now)) {
        return at.clamp(now, after(MAX_BACKOFF_SECS));
    }
    if let Some(d) = retry_delay {
        // Round a fractional delay up: waiting too little earns another 429.
        let secs = d.as_secs() + i64::from(d.subsec_nanos() > 0);
        return after(secs);
    }
    after(DEFAULT_RATE_LIMIT_BACKOFF.as_secs())
}

/// `scope="a b"` from `Bearer realm="…", error="insufficient_scope", scope="…"`.
fn scope_from_www_authenticate(header: &str) -> Option<String> {
    let start = header.find("scope=\"")? + "scope=\"".len();
    let rest = header.get(start..)?;
    let end = rest.find('"')?;
    Some(clean(rest.get(..end)?)).filter(|s| !s.is_empty())
}

/// Maps an error from the OAuth token endpoint (code exchange or refresh).
///
/// - `invalid_grant` (revoked, expired — Testing-mode grants last 7 days — or a bad refresh
///   token) → `Unauthorized { Revoked }`: the user must sign in again.
/// - 429 → `RateLimited` ([`DEFAULT_RATE_LIMIT_BACKOFF`] from `now`); 5xx → `Server`.
/// - any other 4xx (`invalid_client`, `unauthorized_client`, `invalid_request`, …) →
///   `BadRequest` (a configuration problem; retrying will not help).
pub fn token_error(status: u16, body: &[u8], now: Timestamp) -> ApiError {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    if error.is_some_and(Value::is_object) {
        // A Google-API-style body from the token host: same mapping as the API.
        return error_from_response(status, &|_| None, body, now);
    }
    let code = error.and_then(Value::as_str).map(clean).unwrap_or_default();
    let desc = parsed
        .as_ref()
        .and_then(|v| str_at(v, "error_description"))
        .map(clean)
        .filter(|d| !d.is_empty());
    let message = match (&desc, code.is_empty()) {
        (Some(d), false) => format!("{code}: {d}"),
        (Some(d), true) => d.clone(),
        (None, false) => code.clone(),
        (None, true) => {
            text_message(body).unwrap_or_else(|| format!("HTTP {status} {}", reason_phrase(status)))
        }
    };
    match (code.as_str(), status) {
        ("invalid_grant", _) => ApiError::Unauthorized {
            problem: AuthProblem::Revoked,
            message,
        },
        (_, 429) => ApiError::RateLimited {
            until: retry_until(None, None, now),
        },
        (_, 400..=499) => ApiError::BadRequest { status, message },
        _ => ApiError::Server { status, message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-21T12:00:00Z".parse().unwrap()
    }

    fn no_headers(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn clean_strips_escapes_and_caps() {
        assert_eq!(clean("a\u{1b}[31mb\r\n c\t"), "a [31mb c");
        let long = "x".repeat(1000);
        assert_eq!(clean(&long).chars().count(), MAX_MESSAGE_CHARS + 1);
        assert_eq!(clean("  \n "), "");
    }

    #[test]
    fn retry_after_forms() {
        let n = now();
        let secs = |t: Timestamp| t.duration_since(n).as_secs();
        assert_eq!(secs(retry_until(Some("120"), None, n)), 120);
        assert_eq!(
            secs(retry_until(Some("Sat, 21 Nov 2026 12:00:30 GMT"), None, n)),
            30
        );
        assert_eq!(
            secs(retry_until(Some("Fri, 20 Nov 2026 12:00:30 GMT"), None, n)),
            0
        );
        assert_eq!(
            secs(retry_until(Some("99999999999999999999999"), None, n)),
            MAX_BACKOFF_SECS
        );
        assert_eq!(
            secs(retry_until(
                Some("soon"),
                Some(SignedDuration::from_millis(2500)),
                n
            )),
            3
        );
        assert_eq!(secs(retry_until(None, None, n)), 60);
    }

    #[test]
    fn scope_header() {
        assert_eq!(
            scope_from_www_authenticate(
                r#"Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/googlehealth.sleep.readonly""#
            )
            .as_deref(),
            Some("https://www.googleapis.com/auth/googlehealth.sleep.readonly")
        );
        assert_eq!(
            scope_from_www_authenticate("Bearer scope=\"unterminated"),
            None
        );
        assert_eq!(scope_from_www_authenticate("Bearer"), None);
    }

    #[test]
    fn odd_statuses() {
        assert!(matches!(
            error_from_response(302, &no_headers, b"", now()),
            ApiError::Server { status: 302, .. }
        ));
        assert!(matches!(
            error_from_response(
                400,
                &no_headers,
                br#"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}"#,
                now()
            ),
            ApiError::RateLimited { .. }
        ));
        assert!(matches!(
            error_from_response(410, &no_headers, b"gone", now()),
            ApiError::BadRequest { status: 410, .. }
        ));
    }
}
