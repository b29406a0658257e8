//! Status codes and error bodies map to typed errors, following the seed's OAuth client.

use fittui::api::{ApiError, AuthProblem};
use fittui::provider::fitbit::{error_from_response, token_error};
use jiff::Timestamp;

use super::{fixture, ts};

fn now() -> Timestamp {
    ts("2026-11-21T10:20:00Z")
}

fn none(_: &str) -> Option<String> {
    None
}

fn map(status: u16, name: &str) -> ApiError {
    error_from_response(status, &none, &fixture(name), now())
}

fn problem(e: &ApiError) -> Option<AuthProblem> {
    match e {
        ApiError::Unauthorized { problem, .. } => Some(problem.clone()),
        _ => None,
    }
}

#[test]
fn unauthorized_by_error_type() {
    assert_eq!(
        problem(&map(401, "error_expired_token")),
        Some(AuthProblem::Expired)
    );
    assert_eq!(
        problem(&map(401, "error_invalid_token")),
        Some(AuthProblem::Invalid)
    );
    assert_eq!(
        problem(&map(401, "token_invalid_grant")),
        Some(AuthProblem::Revoked)
    );
    assert_eq!(
        problem(&map(401, "error_missing_authorization")),
        Some(AuthProblem::Invalid)
    );
    assert_eq!(
        problem(&error_from_response(401, &none, b"", now())),
        Some(AuthProblem::Invalid)
    );
    // The docs file a missing Authorization header under 400.
    assert_eq!(
        problem(&map(400, "error_missing_authorization")),
        Some(AuthProblem::Invalid)
    );
    let ApiError::Unauthorized { message, .. } = map(401, "error_expired_token") else {
        panic!()
    };
    assert!(message.starts_with("Access token expired"));
}

#[test]
fn forbidden_names_the_missing_scope() {
    let e = map(403, "error_insufficient_scope");
    assert!(
        matches!(&e, ApiError::Forbidden { scope: Some(s), .. } if s == "sleep"),
        "{e:?}"
    );
    let e = map(403, "error_insufficient_permissions");
    assert!(
        matches!(&e, ApiError::Forbidden { scope: None, .. }),
        "{e:?}"
    );
    assert_eq!(
        map(403, "error_google_permission_denied"),
        ApiError::Forbidden {
            scope: None,
            message: "The caller does not have permission".into()
        }
    );
}

#[test]
fn other_statuses() {
    assert_eq!(
        map(404, "error_validation"),
        ApiError::NotFound("Invalid date:2024-13-45".into())
    );
    assert!(matches!(
        map(409, "error_validation"),
        ApiError::Conflict(_)
    ));
    assert_eq!(map(410, "error_validation"), ApiError::Gone);
    assert_eq!(error_from_response(410, &none, b"", now()), ApiError::Gone);
    assert_eq!(
        map(400, "error_validation"),
        ApiError::BadRequest {
            status: 400,
            message: "Invalid date:2024-13-45".into()
        }
    );
    assert_eq!(
        map(422, "error_too_many_points"),
        ApiError::BadRequest {
            status: 422,
            message: "The number of data points queried exceeds limit.".into()
        }
    );
    assert_eq!(
        error_from_response(411, &none, b"", now()),
        ApiError::BadRequest {
            status: 411,
            message: "Length Required".into()
        }
    );
    assert_eq!(
        error_from_response(503, &none, b"<html><h1>503</h1></html>", now()),
        ApiError::Server {
            status: 503,
            message: "Service Unavailable".into()
        }
    );
}

#[test]
fn rate_limit_prefers_the_fitbit_reset_header() {
    let both = |name: &str| match name.to_ascii_lowercase().as_str() {
        "fitbit-rate-limit-reset" => Some("1800".to_owned()),
        "retry-after" => Some("60".to_owned()),
        _ => None,
    };
    assert_eq!(
        error_from_response(429, &both, &fixture("error_rate_limit"), now()),
        ApiError::RateLimited {
            until: ts("2026-11-21T10:50:00Z")
        }
    );
    let retry_only = |name: &str| (name == "retry-after").then(|| " 60 ".to_owned());
    assert_eq!(
        error_from_response(429, &retry_only, b"", now()),
        ApiError::RateLimited {
            until: ts("2026-11-21T10:21:00Z")
        }
    );
    let garbage = |_: &str| Some("🙃".to_owned());
    assert_eq!(
        error_from_response(429, &garbage, b"\xff\xfe", now()),
        ApiError::RateLimited {
            until: ts("2026-11-21T11:00:00Z")
        },
        "top of the next hour when no header is usable"
    );
    let late = ts("2026-11-21T10:59:30Z");
    assert_eq!(
        error_from_response(429, &none, b"", late),
        ApiError::RateLimited {
            until: ts("2026-11-21T11:00:30Z")
        },
        "at least a minute away"
    );
}

#[test]
fn token_endpoint_errors() {
    let e = token_error(400, &none, &fixture("token_invalid_grant"), now());
    assert_eq!(problem(&e), Some(AuthProblem::Revoked));
    let rfc = br#"{"error":"invalid_grant","error_description":"Bad Request"}"#;
    assert_eq!(
        problem(&token_error(400, &none, rfc, now())),
        Some(AuthProblem::Revoked)
    );
    let client = br#"{"errors":[{"errorType":"invalid_client","message":"Invalid authorization header format."}],"success":false}"#;
    assert_eq!(
        token_error(401, &none, client, now()),
        ApiError::BadRequest {
            status: 401,
            message: "Invalid authorization header format.".into()
        }
    );
    assert_eq!(token_error(410, &none, b"", now()), ApiError::Gone);
    assert!(matches!(
        token_error(503, &none, b"", now()),
        ApiError::Server { status: 503, .. }
    ));
    assert!(matches!(
        token_error(429, &none, b"", now()),
        ApiError::RateLimited { .. }
    ));
}
