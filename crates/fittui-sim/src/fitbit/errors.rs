//! The legacy `errors[]` envelope and the rate-limit headers every response carries.

use axum::http::{HeaderName, StatusCode, header};

use crate::faults::Injected;
use crate::http::{JSON_FITBIT, SimResponse};
use crate::json::Json;
use crate::shared::{Sim, lock};
use crate::state::RateInfo;

/// Suffix of every OAuth error message.
pub const VISIT: &str = "Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process.";

/// `{"errors":[{"errorType":…,"fieldName":…,"message":…}],"success":false}`.
pub fn error(
    status: StatusCode,
    error_type: &str,
    field: Option<&str>,
    message: &str,
) -> SimResponse {
    let entry = Json::obj()
        .field("errorType", error_type)
        .field_opt("fieldName", field)
        .field("message", message);
    let body = Json::obj()
        .field("errors", Json::Arr(vec![entry]))
        .field("success", false);
    SimResponse::json_as(status, &body, JSON_FITBIT)
}

/// 400 `validation` about one field.
pub fn validation(field: &str, message: &str) -> SimResponse {
    error(StatusCode::BAD_REQUEST, "validation", Some(field), message)
}

/// 400 for a path that is no endpoint.
pub fn unknown_path() -> SimResponse {
    error(
        StatusCode::BAD_REQUEST,
        "request",
        Some("n/a"),
        "The API you are requesting could not be found.",
    )
}

/// 400 for a wrong time-series resource path (`/heart` instead of `/activities/heart`).
pub fn bad_resource_path(resource: &str) -> SimResponse {
    error(
        StatusCode::BAD_REQUEST,
        "request",
        Some("n/a"),
        &format!("Invalid time series resource path: /{resource}"),
    )
}

/// 405 for a known path with the wrong method.
pub fn method_not_allowed() -> SimResponse {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        "request",
        Some("n/a"),
        "The request method is not supported for this resource.",
    )
}

/// 401: no `Authorization` header.
pub fn missing_auth() -> SimResponse {
    error(
        StatusCode::UNAUTHORIZED,
        "invalid_request",
        None,
        "Authorization header required.",
    )
}

/// 401: the access token is unknown or revoked.
pub fn invalid_token(token: &str) -> SimResponse {
    error(
        StatusCode::UNAUTHORIZED,
        "invalid_token",
        None,
        &format!("Access token invalid: {token}. {VISIT}"),
    )
    .with_header(
        header::WWW_AUTHENTICATE,
        "Bearer realm=\"api.fitbit.com\", error=\"invalid_token\"",
    )
}

/// 401: the access token expired.
pub fn expired_token(token: &str) -> SimResponse {
    error(
        StatusCode::UNAUTHORIZED,
        "expired_token",
        None,
        &format!("Access token expired: {token}. {VISIT}"),
    )
    .with_header(
        header::WWW_AUTHENTICATE,
        "Bearer realm=\"api.fitbit.com\", error=\"invalid_token\"",
    )
}

/// 401: another user's data.
pub fn other_user(user: &str) -> SimResponse {
    error(
        StatusCode::UNAUTHORIZED,
        "authorization",
        Some("n/a"),
        &format!("The caller is not authorized to view the requested resource of user {user}."),
    )
}

/// 403: the token lacks the scope for this data area.
pub fn insufficient_scope(area: &str) -> SimResponse {
    error(
        StatusCode::FORBIDDEN,
        "insufficient_scope",
        None,
        &format!("This application does not have permission to access {area} data. {VISIT}"),
    )
}

/// 411: a POST without `Content-Length`.
pub fn length_required() -> SimResponse {
    error(
        StatusCode::LENGTH_REQUIRED,
        "request",
        Some("n/a"),
        "Length Required: POST requests must carry a Content-Length header.",
    )
}

/// 404 for an id that does not exist.
pub fn not_found(field: &str, message: &str) -> SimResponse {
    error(StatusCode::NOT_FOUND, "not_found", Some(field), message)
}

/// 429 with both `Retry-After` and the rate-limit headers.
pub fn rate_limited(info: RateInfo) -> SimResponse {
    let mut r = error(
        StatusCode::TOO_MANY_REQUESTS,
        "system",
        Some("n/a"),
        "Too Many Requests",
    );
    set_rate_headers(&mut r, info);
    let reset = info.reset_secs.max(1).to_string();
    r.set_header(header::RETRY_AFTER, &reset);
    r.set_header(HeaderName::from_static("fitbit-rate-limit-reset"), &reset);
    r
}

/// 422 when a period would return too many points (the legacy `max` period).
pub fn too_many_points() -> SimResponse {
    // Observed without the `success` field.
    let entry = Json::obj()
        .field("errorType", "validation")
        .field("fieldName", "Request")
        .field(
            "message",
            "The number of data points queried exceeds limit.",
        );
    SimResponse::json_as(
        StatusCode::UNPROCESSABLE_ENTITY,
        &Json::obj().field("errors", Json::Arr(vec![entry])),
        JSON_FITBIT,
    )
}

/// 410 after the shutdown.
pub fn gone() -> SimResponse {
    error(StatusCode::GONE, "request", None, "Gone")
}

/// Adds `fitbit-rate-limit-limit/-remaining/-reset`.
pub fn set_rate_headers(r: &mut SimResponse, info: RateInfo) {
    r.set_header(
        HeaderName::from_static("fitbit-rate-limit-limit"),
        &info.limit.to_string(),
    );
    r.set_header(
        HeaderName::from_static("fitbit-rate-limit-remaining"),
        &info.remaining.to_string(),
    );
    r.set_header(
        HeaderName::from_static("fitbit-rate-limit-reset"),
        &info.reset_secs.to_string(),
    );
}

/// The response for an injected fault. Its rate-limit headers report the caller's own window
/// when the request carries a valid token (the budget is per user), else a fresh one.
pub fn injected(sim: &Sim, req: &crate::http::SimRequest, fault: Injected) -> SimResponse {
    let now = sim.now();
    let key = req
        .bearer()
        .and_then(|token| match lock(&sim.oauth).check(token, now) {
            crate::oauth::TokenCheck::Valid {
                user, client_id, ..
            } => Some(format!("{client_id}:{user}")),
            _ => None,
        });
    let info = lock(&sim.rate).peek(key.as_deref(), now);
    match fault {
        Injected::Gone => gone(),
        Injected::Status(500) => {
            let mut r = error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "system",
                Some("n/a"),
                "An unexpected error occurred. Please try again later.",
            );
            set_rate_headers(&mut r, info);
            r
        }
        Injected::Status(504) => {
            let mut r = error(
                StatusCode::GATEWAY_TIMEOUT,
                "system",
                Some("n/a"),
                "Gateway Timeout",
            );
            set_rate_headers(&mut r, info);
            r
        }
        Injected::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let mut r = error(status, "system", Some("n/a"), "Service Unavailable");
            set_rate_headers(&mut r, info);
            r.set_header(header::RETRY_AFTER, "30");
            r
        }
        _ => rate_limited(crate::state::RateInfo {
            allowed: false,
            remaining: 0,
            ..info
        }),
    }
}
