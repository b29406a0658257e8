//! `/_sim/*`: controls for tests and benchmarks, never logged and never faulted.
//!
//! | method | path | what |
//! |---|---|---|
//! | GET | `/_sim/info` | the JSON line's fields |
//! | GET | `/_sim/requests[?since=N]` | `{"requests":[…]}`, records with `seq > N` |
//! | DELETE | `/_sim/requests` | clears the log (204) |
//! | GET | `/_sim/state` | `{"alarms":{"<tracker-id>":[…]}}` |
//! | GET | `/_sim/faults` | `{"faults":"<spec>"}` |
//! | POST | `/_sim/faults` | body = a spec (text, or JSON `{"faults":"…"}`); 200 or 400 |
//! | POST | `/_sim/revoke` | revokes every token (204) |
//! | POST | `/_sim/expire` | expires every access token now (204) |
//! | POST | `/_sim/sync` | the trackers sync their alarms (204) |
//! | GET | `/_sim/now` | `{"now":"<RFC 3339>"}` |

use axum::http::{Method, StatusCode};
use serde::Serialize;

use super::faults::FaultSpec;
use super::http::{SimRequest, SimResponse};
use crate::shared::{Sim, lock};

const JSON: &str = "application/json";

fn json<T: Serialize>(status: StatusCode, value: &T) -> SimResponse {
    match serde_json::to_string(value) {
        Ok(body) => SimResponse::text_as(status, body, JSON),
        Err(_) => SimResponse::empty(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

fn error(status: StatusCode, message: &str) -> SimResponse {
    json(status, &serde_json::json!({ "error": message }))
}

pub fn handle(sim: &Sim, req: &SimRequest) -> SimResponse {
    let path = req.path.trim_end_matches('/');
    match (&req.method, path) {
        (&Method::GET, "/_sim/info") => json(StatusCode::OK, &sim.info),
        (&Method::GET, "/_sim/requests") => {
            let since = req.query("since").and_then(|s| s.parse().ok()).unwrap_or(0);
            json(
                StatusCode::OK,
                &serde_json::json!({ "requests": sim.log.since(since) }),
            )
        }
        (&Method::DELETE, "/_sim/requests") => {
            sim.log.clear();
            SimResponse::empty(StatusCode::NO_CONTENT)
        }
        (&Method::GET, "/_sim/state") => json(StatusCode::OK, &lock(&sim.user).snapshot()),
        (&Method::GET, "/_sim/faults") => json(
            StatusCode::OK,
            &serde_json::json!({ "faults": lock(&sim.faults).spec.to_string() }),
        ),
        (&Method::POST, "/_sim/faults") => {
            let text = String::from_utf8_lossy(&req.body).to_string();
            let spec_text = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("faults").and_then(|f| f.as_str()).map(str::to_string))
                .unwrap_or(text);
            match spec_text.parse::<FaultSpec>() {
                Ok(spec) => {
                    let canonical = spec.to_string();
                    sim.set_faults(spec);
                    json(StatusCode::OK, &serde_json::json!({ "faults": canonical }))
                }
                Err(e) => error(StatusCode::BAD_REQUEST, &e.to_string()),
            }
        }
        (&Method::POST, "/_sim/revoke") => {
            sim.revoke_all();
            SimResponse::empty(StatusCode::NO_CONTENT)
        }
        (&Method::POST, "/_sim/expire") => {
            sim.expire_all();
            SimResponse::empty(StatusCode::NO_CONTENT)
        }
        (&Method::POST, "/_sim/sync") => {
            lock(&sim.user).sync();
            SimResponse::empty(StatusCode::NO_CONTENT)
        }
        (&Method::GET, "/_sim/now") => json(
            StatusCode::OK,
            &serde_json::json!({ "now": sim.now().to_string() }),
        ),
        _ => error(
            StatusCode::NOT_FOUND,
            "unknown control endpoint; see docs/simulator.md",
        ),
    }
}
