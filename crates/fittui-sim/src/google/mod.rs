//! The Google Health API v4 contract (`health.googleapis.com` + Google OAuth).
//!
//! Pipeline for `/v4/…`: bearer token (`401 UNAUTHENTICATED`) → for an unverified app the
//! per-user 2.5 requests/s bucket (`429 RESOURCE_EXHAUSTED`) → the per-user rate limit
//! (300/minute by default, `429 RESOURCE_EXHAUSTED`) → the `not-linked` fault (every call
//! `400 FAILED_PRECONDITION` / `ACCOUNT_NOT_LINKED`) → `{user}` (`me` or the `healthUserId`,
//! else `403`) → routing (`404 NOT_FOUND` for anything else, alarms included: the API has no
//! alarm resource) → query parameters (`400 INVALID_ARGUMENT` for one the method does not
//! bind, see [`query`]) → scope (`403 PERMISSION_DENIED`; a write-only grant reads nothing, as
//! `self-sources`) → the method.
//!
//! Modules: [`users`] (identity, profile, settings, paired devices), [`list`] (list, reconcile,
//! get), [`rollup`] (rollUp, dailyRollUp), [`points`] (generation and JSON of every type),
//! [`filter`] (the AIP-160 subset), [`query`] (unknown query parameters → 400), [`types`] (the data-type table), [`proto`] (proto3 JSON),
//! [`errors`] (the `google.rpc.Status` envelope).

pub mod aggregate;
pub mod errors;
pub mod filter;
pub mod list;
pub mod points;
pub mod proto;
pub mod query;
pub mod render;
pub mod rollup;
pub mod types;
pub mod users;

use axum::http::Method;

use self::points::Ctx;
use super::http::{SimRequest, SimResponse};
use super::log::RequestContext;
use super::oauth::google::SCOPE_PREFIX;
use super::oauth::{GOOGLE_USER_ID, TokenCheck};
use crate::shared::{Sim, lock};

/// Handles every request of the Google provider.
pub fn handle(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    let path = req.path.as_str();
    if matches!(path, "/o/oauth2/v2/auth" | "/token" | "/revoke") {
        return super::oauth::google::handle(sim, req, ctx);
    }
    let Some(rest) = path.strip_prefix("/v4/") else {
        return errors::not_found(&format!(
            "The requested URL {path} was not found on this server."
        ));
    };
    let now = sim.now();
    let Some(token) = req.bearer() else {
        return errors::missing_credentials();
    };
    let check = lock(&sim.oauth).check(token, now);
    let TokenCheck::Valid {
        user,
        client_id,
        scopes,
        ..
    } = check
    else {
        return errors::invalid_credentials();
    };
    ctx.user = Some(user.clone());
    ctx.client_id = Some(client_id.clone());
    let key = format!("{client_id}:{user}");
    if sim.config.unverified && !lock(&sim.qps).hit(&key, now) {
        return errors::exhausted_qps();
    }
    if !lock(&sim.rate).hit(&key, now).allowed {
        return errors::exhausted();
    }
    if lock(&sim.faults).spec.not_linked {
        return errors::account_not_linked();
    }
    let c = Ctx {
        sim,
        now,
        today: sim.person.today(now),
    };
    route(&c, req, rest, &scopes)
}

/// Read access to a bundle: `Some(false)` full, `Some(true)` write-only (own data only).
fn access(scopes: &[String], bundle: &str) -> Option<bool> {
    let has = |suffix: &str| {
        scopes
            .iter()
            .any(|s| s.strip_prefix(SCOPE_PREFIX) == Some(&format!("{bundle}.{suffix}")))
    };
    if has("readonly") {
        Some(false)
    } else if has("writeonly") {
        Some(true)
    } else {
        None
    }
}

fn route(c: &Ctx, req: &SimRequest, rest: &str, scopes: &[String]) -> SimResponse {
    let segs: Vec<&str> = rest.split('/').collect();
    let ["users", user, tail @ ..] = segs.as_slice() else {
        return errors::not_found("Method not found.");
    };
    if *user != "me" && *user != GOOGLE_USER_ID {
        return errors::permission_denied("google.devicesandservices.health.v4.HealthService");
    }
    let get = req.method == Method::GET;
    let post = req.method == Method::POST;
    let method = |name: &str| format!("google.devicesandservices.health.v4.{name}");
    let bound: Option<&[&str]> = match tail {
        ["pairedDevices"] if get => Some(&query::PAGED),
        ["dataTypes", _, "dataPoints" | "dataPoints:reconcile"] if get => Some(&query::LIST),
        ["identity" | "profile" | "settings"]
        | ["pairedDevices", _]
        | ["dataTypes", _, "dataPoints", _]
            if get =>
        {
            Some(&query::NONE)
        }
        [
            "dataTypes",
            _,
            "dataPoints:rollUp" | "dataPoints:dailyRollUp",
        ] if post => Some(&query::NONE),
        _ => None,
    };
    if let Some(params) = bound
        && let Err(refusal) = query::check(req, params)
    {
        return refusal;
    }
    match tail {
        ["identity"] if get => {
            if scopes.iter().any(|s| s.starts_with(SCOPE_PREFIX)) {
                users::identity()
            } else {
                errors::permission_denied(&method("Users.GetIdentity"))
            }
        }
        ["profile"] if get => match access(scopes, "profile") {
            Some(false) => users::profile(c, user),
            _ => errors::permission_denied(&method("Users.GetProfile")),
        },
        ["settings"] if get => match access(scopes, "settings") {
            Some(false) => users::settings(c, user),
            _ => errors::permission_denied(&method("Users.GetSettings")),
        },
        ["pairedDevices"] if get => match access(scopes, "settings") {
            Some(false) => users::list_devices(c, req, user),
            _ => errors::permission_denied(&method("PairedDevices.ListPairedDevices")),
        },
        ["pairedDevices", id] if get => match access(scopes, "settings") {
            Some(false) => users::get_device(c, user, id),
            _ => errors::permission_denied(&method("PairedDevices.GetPairedDevice")),
        },
        ["dataTypes", data_type, verb @ ..] => {
            let Some(t) = types::lookup(data_type) else {
                return errors::not_found(&format!(
                    "Data type '{data_type}' not found: users/{user}/dataTypes/{data_type}."
                ));
            };
            let Some(write_only) = access(scopes, t.bundle) else {
                return errors::permission_denied(&method("DataPoints"));
            };
            match verb {
                ["dataPoints"] if get => list::list(c, req, t, false, write_only),
                ["dataPoints:reconcile"] if get => list::list(c, req, t, true, write_only),
                ["dataPoints:rollUp"] if post => rollup::roll_up(c, req, t, write_only),
                ["dataPoints:dailyRollUp"] if post => rollup::daily_roll_up(c, req, t, write_only),
                ["dataPoints", id] if get && !id.contains(':') => list::get(c, t, id, write_only),
                _ => errors::not_found("Method not found."),
            }
        }
        _ => errors::not_found("Method not found."),
    }
}
