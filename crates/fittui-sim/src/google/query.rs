//! Query-parameter binding: which query parameters each v4 method accepts, and Google's
//! refusal of any other one.
//!
//! Verified: the parameter lists (each method's `location: query` parameters and the
//! document-wide system parameters of `google-health-v4.discovery.json`). Assumed: that the
//! API refuses an unknown name with 400 `INVALID_ARGUMENT` and the text below, which is what
//! Google's HTTP/JSON transcoding answers for other Google APIs; and that the proto field name
//! (`page_size`) binds as well as the JSON name (`pageSize`), as transcoding allows.

use crate::http::{SimRequest, SimResponse};
use crate::json::Json;

use super::errors;

/// Google's standard query parameters, valid on every method (the discovery document's
/// top-level `parameters`).
pub const SYSTEM: [&str; 11] = [
    "$.xgafv",
    "access_token",
    "alt",
    "callback",
    "fields",
    "key",
    "oauth_token",
    "prettyPrint",
    "quotaUser",
    "upload_protocol",
    "uploadType",
];

/// `dataPoints.list` and `dataPoints.reconcile`.
pub const LIST: [&str; 4] = ["dataSourceFamily", "filter", "pageSize", "pageToken"];
/// `pairedDevices.list`.
pub const PAGED: [&str; 2] = ["pageSize", "pageToken"];
/// Methods whose only parameters are bound from the path (or the body).
pub const NONE: [&str; 0] = [];

/// `pageSize` → `page_size`.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn bindable(name: &str, method: &[&str]) -> bool {
    SYSTEM.contains(&name) || method.iter().any(|m| *m == name || snake(m) == name)
}

/// `Err` with Google's 400 for the first query parameter that neither `method` nor the
/// system parameters know.
pub fn check(req: &SimRequest, method: &[&str]) -> Result<(), SimResponse> {
    let Some((name, _)) = req.query.iter().find(|(k, _)| !bindable(k, method)) else {
        return Ok(());
    };
    let message = format!(
        "Invalid JSON payload received. Unknown name \"{name}\": Cannot bind query parameter. Field '{name}' could not be found in request message."
    );
    let violation = Json::obj()
        .field("@type", "type.googleapis.com/google.rpc.BadRequest")
        .field(
            "fieldViolations",
            Json::Arr(vec![Json::obj().field("description", message.as_str())]),
        );
    Err(errors::status(
        axum::http::StatusCode::BAD_REQUEST,
        "INVALID_ARGUMENT",
        &message,
        vec![violation],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_bind_in_both_spellings() {
        assert!(bindable("pageSize", &LIST));
        assert!(bindable("page_size", &LIST));
        assert!(bindable("data_source_family", &LIST));
        assert!(bindable("prettyPrint", &NONE));
        assert!(bindable("$.xgafv", &NONE));
        assert!(!bindable("pageSize", &NONE));
        assert!(!bindable("page_sise", &LIST));
        assert!(!bindable("startTime", &LIST));
    }
}
