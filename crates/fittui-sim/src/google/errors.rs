//! Google's error envelope (`google.rpc.Status` as JSON: `error.code/message/status/details`).

use axum::http::{StatusCode, header};

use crate::faults::Injected;
use crate::http::{JSON_GOOGLE, SimResponse};
use crate::json::Json;

/// The API's domain in `ErrorInfo`.
pub const DOMAIN: &str = "health.googleapis.com";

/// `{"error":{"code":…,"message":…,"status":…,"details":[…]}}`.
pub fn status(code: StatusCode, status: &str, message: &str, details: Vec<Json>) -> SimResponse {
    let mut error = Json::obj()
        .field("code", code.as_u16())
        .field("message", message)
        .field("status", status);
    if !details.is_empty() {
        error.push("details", Json::Arr(details));
    }
    SimResponse::json_as(code, &Json::obj().field("error", error), JSON_GOOGLE)
}

/// A `google.rpc.ErrorInfo` detail.
pub fn error_info(reason: &str, domain: &str, metadata: &[(&str, String)]) -> Json {
    let mut meta = Json::obj();
    for (k, v) in metadata {
        meta.push(k, v.as_str());
    }
    let mut j = Json::obj()
        .field("@type", "type.googleapis.com/google.rpc.ErrorInfo")
        .field("reason", reason)
        .field("domain", domain);
    if !metadata.is_empty() {
        j.push("metadata", meta);
    }
    j
}

/// A `google.rpc.BadRequest` detail with field violations.
pub fn bad_request(violations: &[(&str, String)]) -> Json {
    Json::obj()
        .field("@type", "type.googleapis.com/google.rpc.BadRequest")
        .field(
            "fieldViolations",
            Json::Arr(
                violations
                    .iter()
                    .map(|(f, d)| {
                        Json::obj()
                            .field("field", *f)
                            .field("description", d.as_str())
                    })
                    .collect(),
            ),
        )
}

/// 400 `INVALID_ARGUMENT` with an optional reason.
pub fn invalid_argument(message: &str, reason: Option<&str>, field: Option<&str>) -> SimResponse {
    let mut details = Vec::new();
    if let Some(r) = reason {
        details.push(error_info(r, DOMAIN, &[]));
    }
    if let Some(f) = field {
        details.push(bad_request(&[(f, message.to_string())]));
    }
    status(
        StatusCode::BAD_REQUEST,
        "INVALID_ARGUMENT",
        message,
        details,
    )
}

/// 400 for an operation the data type does not offer.
pub fn not_supported(op: &str, data_type: &str) -> SimResponse {
    status(
        StatusCode::BAD_REQUEST,
        "INVALID_ARGUMENT",
        &format!("{op} is not supported for data type {data_type}."),
        Vec::new(),
    )
}

const AUTH_HELP: &str =
    "See https://developers.google.com/identity/sign-in/web/devconsole-project.";

fn with_challenge(r: SimResponse) -> SimResponse {
    r.with_header(
        header::WWW_AUTHENTICATE,
        "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"",
    )
}

/// 401: no credentials at all.
pub fn missing_credentials() -> SimResponse {
    with_challenge(status(
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
        &format!(
            "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. {AUTH_HELP}"
        ),
        vec![error_info(
            "CREDENTIALS_MISSING",
            "googleapis.com",
            &[("service", DOMAIN.to_string())],
        )],
    ))
}

/// 401: the token is expired, revoked or unknown (Google does not say which).
pub fn invalid_credentials() -> SimResponse {
    with_challenge(status(
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
        &format!(
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. {AUTH_HELP}"
        ),
        vec![error_info(
            "INVALID_AUTHENTICATOR",
            "googleapis.com",
            &[("service", DOMAIN.to_string())],
        )],
    ))
}

/// 403: a scope is missing (or another user's data).
pub fn permission_denied(method: &str) -> SimResponse {
    status(
        StatusCode::FORBIDDEN,
        "PERMISSION_DENIED",
        "The caller does not have permission",
        vec![error_info(
            "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            "googleapis.com",
            &[
                ("service", DOMAIN.to_string()),
                ("method", method.to_string()),
            ],
        )],
    )
}

/// 404.
pub fn not_found(message: &str) -> SimResponse {
    status(StatusCode::NOT_FOUND, "NOT_FOUND", message, Vec::new())
}

/// 429 after the per-user quota is spent.
pub fn exhausted() -> SimResponse {
    status(
        StatusCode::TOO_MANY_REQUESTS,
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per user' of service 'health.googleapis.com' for consumer 'project_number:742318465017'.",
        vec![error_info(
            "RATE_LIMIT_EXCEEDED",
            "googleapis.com",
            &[
                ("service", DOMAIN.to_string()),
                ("quota_limit", "RequestsPerMinutePerUser".to_string()),
                ("consumer", "projects/742318465017".to_string()),
            ],
        )],
    )
}

/// 429 when an unverified app's user is over 2.5 requests/s. Google documents the status and
/// the limit, not the body: the body is the standard `google.rpc.Status` quota shape, as for
/// the per-minute limit, with no `Retry-After` header (none is documented).
pub fn exhausted_qps() -> SimResponse {
    status(
        StatusCode::TOO_MANY_REQUESTS,
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for quota metric 'Requests' and limit 'Requests per second per user (unverified app)' of service 'health.googleapis.com' for consumer 'project_number:742318465017'.",
        vec![error_info(
            "RATE_LIMIT_EXCEEDED",
            "googleapis.com",
            &[
                ("service", DOMAIN.to_string()),
                (
                    "quota_limit",
                    "RequestsPerSecondPerUserUnverified".to_string(),
                ),
                ("consumer", "projects/742318465017".to_string()),
            ],
        )],
    )
}

/// The `signupUrl` of `ACCOUNT_NOT_LINKED` (observed value, reference §8.3 / §9.2).
pub const SIGNUP_URL: &str = "https://fitbit.google.com/auth/signup";

/// 400 for a Google account with no Google Health profile: `FAILED_PRECONDITION` with an
/// `ErrorInfo` of reason `ACCOUNT_NOT_LINKED`, domain `health.googleapis.com` and the sign-up
/// link in its metadata (reference §9.2; the message and the `signupUrl` key are assumed).
pub fn account_not_linked() -> SimResponse {
    status(
        StatusCode::BAD_REQUEST,
        "FAILED_PRECONDITION",
        "The caller's account is not linked to a Google Health account.",
        vec![error_info(
            "ACCOUNT_NOT_LINKED",
            DOMAIN,
            &[("signupUrl", SIGNUP_URL.to_string())],
        )],
    )
}

/// The response for an injected fault.
pub fn injected(fault: Injected) -> SimResponse {
    match fault {
        Injected::Gone => status(StatusCode::GONE, "NOT_FOUND", "Gone", Vec::new()),
        Injected::Status(500) => status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            "Internal error encountered.",
            Vec::new(),
        ),
        Injected::Status(504) => status(
            StatusCode::GATEWAY_TIMEOUT,
            "DEADLINE_EXCEEDED",
            "The request deadline was exceeded. Please retry.",
            Vec::new(),
        ),
        Injected::Status(_) => status(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            "The service is currently unavailable.",
            Vec::new(),
        ),
        _ => exhausted(),
    }
}
