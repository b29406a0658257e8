//! The legacy Fitbit Web API contract (`api.fitbit.com` + `www.fitbit.com/oauth2`).
//!
//! Pipeline for `/1*/…` requests: `411` for a POST without `Content-Length` → bearer token
//! (`401 invalid_request / invalid_token / expired_token`) → the per-user rate limit
//! (150/hour by default, `429` when spent; the three `fitbit-rate-limit-*` headers on every
//! response) → the `{user-id}` segment (`-` or the token owner's id) → routing (`400` for an
//! unknown path) → scope (`403 insufficient_scope`) → the endpoint, which validates its
//! parameters (`400 validation`).
//!
//! Endpoint modules: [`activity`] (daily summary, goals, activity time series and intraday),
//! [`heart`] (heart rate, AZM), [`vitals`] (HRV, `SpO2`, breathing rate, skin temperature,
//! cardio score), [`sleep`] (v1.2, v1, list, goal), [`devices`] (devices, alarms), [`body`]
//! (profile, weight and body-fat logs, ECG).

pub mod activity;
pub mod body;
pub mod context;
pub mod devices;
pub mod errors;
pub mod heart;
pub mod listing;
pub mod paths;
pub mod rows;
pub mod sleep;
pub mod vitals;

use axum::http::{Method, header};

pub use self::context::Api;
use self::paths::Units;
use super::http::{SimRequest, SimResponse};
use super::log::RequestContext;
use super::oauth::{FITBIT_USER_ID, TokenCheck};
use crate::shared::{Sim, lock};

/// Handles every request of the Fitbit provider.
pub fn handle(sim: &Sim, req: &SimRequest, ctx: &mut RequestContext) -> SimResponse {
    let path = req.path.as_str();
    if path.starts_with("/oauth2/") {
        return super::oauth::fitbit::handle(sim, req, ctx);
    }
    let now = sim.now();
    if req.method == Method::POST && !req.headers.contains_key(header::CONTENT_LENGTH) {
        let mut r = errors::length_required();
        errors::set_rate_headers(&mut r, lock(&sim.rate).peek(None, now));
        return r;
    }
    // Authenticate.
    let Some(token) = req.bearer() else {
        let mut r = errors::missing_auth();
        errors::set_rate_headers(&mut r, lock(&sim.rate).peek(None, now));
        return r;
    };
    let check = lock(&sim.oauth).check(token, now);
    let (user, client_id, scopes) = match check {
        TokenCheck::Valid {
            user,
            client_id,
            scopes,
            ..
        } => (user, client_id, scopes),
        TokenCheck::Expired | TokenCheck::Invalid => {
            let mut r = if check == TokenCheck::Expired {
                errors::expired_token(token)
            } else {
                errors::invalid_token(token)
            };
            errors::set_rate_headers(&mut r, lock(&sim.rate).peek(None, now));
            return r;
        }
    };
    ctx.user = Some(user.clone());
    ctx.client_id = Some(client_id.clone());
    let key = format!("{client_id}:{user}");
    let info = lock(&sim.rate).hit(&key, now);
    if !info.allowed {
        return errors::rate_limited(info);
    }
    let api = Api {
        sim,
        req,
        now,
        today: sim.person.today(now),
        units: Units::from_request(req),
        scopes,
    };
    let mut r = if path == "/1.1/oauth2/introspect" {
        if req.method == Method::POST {
            match super::oauth::fitbit::introspect(&api) {
                Ok(r) | Err(r) => r,
            }
        } else {
            errors::method_not_allowed()
        }
    } else {
        route(&api, &user)
    };
    errors::set_rate_headers(&mut r, info);
    r
}

/// The data area a scope guards, as named in `insufficient_scope` messages.
fn require(api: &Api, scope: &str) -> Result<(), SimResponse> {
    if api.has_scope(scope) {
        Ok(())
    } else {
        Err(errors::insufficient_scope(scope))
    }
}

fn route(api: &Api, user: &str) -> SimResponse {
    let path = api.req.path.as_str();
    let Some((version @ ("/1" | "/1.1" | "/1.2"), rest)) = path.split_once("/user/") else {
        return errors::unknown_path();
    };
    let Some(rest) = rest.strip_suffix(".json") else {
        return errors::unknown_path();
    };
    let mut segs: Vec<&str> = rest.split('/').collect();
    if segs.len() < 2 {
        return errors::unknown_path();
    }
    let uid = segs.remove(0);
    if uid != "-" && uid != user {
        return if uid == FITBIT_USER_ID {
            errors::unknown_path()
        } else {
            errors::other_user(uid)
        };
    }
    match dispatch(api, version, &segs) {
        Ok(r) | Err(r) => r,
    }
}

fn get(api: &Api) -> Result<(), SimResponse> {
    if api.req.method == Method::GET {
        Ok(())
    } else {
        Err(errors::method_not_allowed())
    }
}

#[allow(clippy::too_many_lines)] // one arm per endpoint: a flat table reads best
fn dispatch(api: &Api, version: &str, segs: &[&str]) -> Result<SimResponse, SimResponse> {
    let method = &api.req.method;
    match (version, segs) {
        ("/1.2", ["sleep", "date", tail @ ..]) => {
            get(api)?;
            require(api, "sleep")?;
            sleep::by_date(api, tail)
        }
        ("/1.2", ["sleep", "list"]) => {
            get(api)?;
            require(api, "sleep")?;
            sleep::list(api)
        }
        ("/1.2", ["sleep", "goal"]) => {
            require(api, "sleep")?;
            match *method {
                Method::GET => Ok(sleep::goal(api)),
                Method::POST => sleep::set_goal(api),
                _ => Err(errors::method_not_allowed()),
            }
        }
        ("/1", ["sleep", "date", day]) => {
            get(api)?;
            require(api, "sleep")?;
            sleep::v1_by_date(api, day)
        }
        ("/1", ["profile"]) => {
            get(api)?;
            require(api, "profile")?;
            Ok(body::profile(api))
        }
        ("/1", ["devices"]) => {
            get(api)?;
            require(api, "settings")?;
            Ok(devices::list(api))
        }
        ("/1", ["devices", "tracker", tracker, "alarms"]) => {
            require(api, "settings")?;
            match *method {
                Method::GET => devices::alarms(api, tracker),
                Method::POST => devices::create_alarm(api, tracker),
                _ => Err(errors::method_not_allowed()),
            }
        }
        ("/1", ["devices", "tracker", tracker, "alarms", alarm]) => {
            require(api, "settings")?;
            match *method {
                Method::POST => devices::update_alarm(api, tracker, alarm),
                Method::DELETE => devices::delete_alarm(api, tracker, alarm),
                _ => Err(errors::method_not_allowed()),
            }
        }
        ("/1", ["activities", "date", day]) => {
            get(api)?;
            require(api, "activity")?;
            activity::summary(api, day)
        }
        ("/1", ["activities", "goals", period]) => {
            get(api)?;
            require(api, "activity")?;
            activity::goals(api, period)
        }
        ("/1", ["activities", "heart", "date", tail @ ..]) => {
            get(api)?;
            require(api, "heartrate")?;
            heart::heart(api, tail)
        }
        ("/1", ["activities", "active-zone-minutes", "date", tail @ ..]) => {
            get(api)?;
            require(api, "activity")?;
            heart::azm(api, tail)
        }
        ("/1", ["activities", "tracker", resource, "date", tail @ ..]) => {
            get(api)?;
            require(api, "activity")?;
            activity::series(api, &format!("tracker/{resource}"), tail)
        }
        ("/1", ["activities", resource, "date", tail @ ..]) => {
            get(api)?;
            require(api, "activity")?;
            activity::series(api, resource, tail)
        }
        ("/1", ["hrv", "date", tail @ ..]) => {
            get(api)?;
            require(api, "heartrate")?;
            vitals::hrv(api, tail)
        }
        ("/1", ["spo2", "date", tail @ ..]) => {
            get(api)?;
            require(api, "oxygen_saturation")?;
            vitals::spo2(api, tail)
        }
        ("/1", ["br", "date", tail @ ..]) => {
            get(api)?;
            require(api, "respiratory_rate")?;
            vitals::breathing(api, tail)
        }
        ("/1", ["temp", "skin", "date", tail @ ..]) => {
            get(api)?;
            require(api, "temperature")?;
            vitals::skin_temp(api, tail)
        }
        ("/1", ["cardioscore", "date", tail @ ..]) => {
            get(api)?;
            require(api, "cardio_fitness")?;
            vitals::cardio_score(api, tail)
        }
        ("/1", ["ecg", "list"]) => {
            get(api)?;
            require(api, "electrocardiogram")?;
            body::ecg_list(api)
        }
        ("/1", ["body", "log", "weight", "date", tail @ ..]) => {
            get(api)?;
            require(api, "weight")?;
            body::weight(api, tail)
        }
        ("/1", ["body", "log", "fat", "date", tail @ ..]) => {
            get(api)?;
            require(api, "weight")?;
            body::fat(api, tail)
        }
        (_, [resource, "date", ..]) => Err(errors::bad_resource_path(resource)),
        _ => Err(errors::unknown_path()),
    }
}
