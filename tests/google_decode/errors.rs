//! Error bodies: the reference's token-endpoint and `google.rpc.Status` examples (§8.4, §9.2)
//! and crafted ones, through `error_from_response` and `token_error`.

use fittui::api::{ApiError, AuthProblem};
use fittui::provider::google as g;

use super::{fixture, ts};

#[test]
fn ref_8_4_token_errors() {
    let now = ts("2026-11-21T12:00:00Z");
    let e = g::token_error(400, &fixture("ref-8.4-token-error.json"), now);
    assert!(matches!(
        e,
        ApiError::Unauthorized {
            problem: AuthProblem::Revoked,
            ..
        }
    ));
    assert!(e.needs_sign_in());
    let e = g::token_error(
        400,
        br#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#,
        now,
    );
    assert!(
        matches!(&e, ApiError::Unauthorized { problem: AuthProblem::Revoked, message } if message.contains("expired or revoked"))
    );
    let e = g::token_error(
        401,
        br#"{"error":"invalid_client","error_description":"The OAuth client was not found."}"#,
        now,
    );
    assert!(
        matches!(e, ApiError::BadRequest { status: 401, .. }),
        "{e:?}"
    );
    assert!(matches!(
        g::token_error(503, b"<html>down</html>", now),
        ApiError::Server { status: 503, .. }
    ));
    assert!(matches!(
        g::token_error(429, b"", now),
        ApiError::RateLimited { until } if until > now
    ));
    // A success body handed over by mistake is still no panic.
    let e = g::token_error(400, &fixture("ref-8.4-token-response.json"), now);
    assert!(matches!(e, ApiError::BadRequest { status: 400, .. }));
}

#[test]
fn ref_9_2_error_bodies() {
    let now = ts("2026-11-21T12:00:00Z");
    let none = |_: &str| None;
    let e = g::error_from_response(
        401,
        &none,
        &fixture("ref-9.2-error-unauthenticated.json"),
        now,
    );
    assert!(
        matches!(&e, ApiError::Unauthorized { problem: AuthProblem::Expired, message } if message.starts_with("Request had invalid authentication credentials")),
        "{e:?}"
    );
    assert!(
        !e.needs_sign_in(),
        "an expired token is refreshed, not re-consented"
    );
    let e = g::error_from_response(
        400,
        &none,
        &fixture("ref-9.2-error-invalid-filter.json"),
        now,
    );
    let ApiError::BadRequest { status, message } = e else {
        panic!("{e:?}")
    };
    assert_eq!(status, 400);
    assert!(
        message.starts_with("Invalid data point filter"),
        "{message}"
    );
    assert!(
        message.contains("filter: Member 'sleep.interval.civil_start_time' is not supported"),
        "{message}"
    );
}

// --- crafted error bodies -----------------------------------------------------------------------

#[test]
fn error_mapping_by_status_and_reason() {
    let now = ts("2026-11-21T12:00:00Z");
    let none = |_: &str| None;
    let e = g::error_from_response(400, &none, &fixture("error-account-not-linked.json"), now);
    let ApiError::BadRequest { message, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(
        message.contains("no Fitbit / Google Health data"),
        "{message}"
    );
    assert!(
        message.contains("https://fitbit.google.com/auth/signup"),
        "{message}"
    );

    let denied = fixture("error-permission-denied.json");
    let scoped = |name: &str| {
        (name == "www-authenticate").then(|| {
            r#"Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/googlehealth.sleep.readonly""#
                .to_string()
        })
    };
    assert!(matches!(
        g::error_from_response(403, &scoped, &denied, now),
        ApiError::Forbidden { scope: Some(s), .. } if s.ends_with("googlehealth.sleep.readonly")
    ));
    assert!(matches!(
        g::error_from_response(403, &none, &denied, now),
        ApiError::Forbidden { scope: None, .. }
    ));

    let limited = fixture("error-rate-limited.json");
    let retry = |v: &'static str| move |name: &str| (name == "retry-after").then(|| v.to_string());
    let until = |e: ApiError| match e {
        ApiError::RateLimited { until } => until.duration_since(now).as_secs(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        until(g::error_from_response(429, &retry("30"), &limited, now)),
        30
    );
    assert_eq!(
        until(g::error_from_response(
            429,
            &retry("Sat, 21 Nov 2026 12:02:00 GMT"),
            &limited,
            now
        )),
        120
    );
    assert_eq!(until(g::error_from_response(429, &none, &limited, now)), 17);
    assert_eq!(until(g::error_from_response(429, &none, b"", now)), 60);

    assert!(matches!(
        g::error_from_response(404, &none, &fixture("error-not-found.json"), now),
        ApiError::NotFound(m) if m == "Requested entity was not found."
    ));
    assert!(matches!(
        g::error_from_response(409, &none, b"{}", now),
        ApiError::Conflict(_)
    ));
    let e = g::error_from_response(503, &none, &fixture("error-unavailable.json"), now);
    assert!(matches!(e, ApiError::Server { status: 503, .. }) && e.is_transient());
    let e = g::error_from_response(502, &none, b"<!DOCTYPE html><html>\x1b[31mBad</html>", now);
    assert_eq!(
        e,
        ApiError::Server {
            status: 502,
            message: "HTTP 502 Bad Gateway".into()
        }
    );
    assert!(matches!(
        g::error_from_response(401, &none, b"", now),
        ApiError::Unauthorized {
            problem: AuthProblem::Expired,
            ..
        }
    ));
    assert!(matches!(
        g::error_from_response(400, &none, b"plain \x1b]0;title\x07 text", now),
        ApiError::BadRequest { message, .. } if !message.contains('\x1b') && message.starts_with("plain")
    ));
}
