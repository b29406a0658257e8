//! `users/{user}/identity`, `profile`, `settings` and `pairedDevices` (list and get).

use axum::http::StatusCode;

use super::errors;
use super::points::Ctx;
use super::proto::{self, date, duration, timestamp};
use crate::http::{JSON_GOOGLE, SimRequest, SimResponse};
use crate::json::Json;
use crate::oauth::{FITBIT_USER_ID, GOOGLE_USER_ID};
use crate::person::extras::{DEVICES, DeviceSpec, DeviceType, device, last_sync, mac_colons};
use crate::person::{MEMBER_SINCE, STRIDE_RUN_CM, STRIDE_WALK_CM};

fn ok(body: &Json) -> SimResponse {
    SimResponse::json_as(StatusCode::OK, body, JSON_GOOGLE)
}

/// `GET v4/users/{user}/identity`.
pub fn identity() -> SimResponse {
    ok(&Json::obj()
        .field("name", "users/me/identity")
        .field("healthUserId", GOOGLE_USER_ID)
        .field("legacyUserId", FITBIT_USER_ID))
}

/// `GET v4/users/{user}/profile`.
pub fn profile(ctx: &Ctx, user: &str) -> SimResponse {
    let p = ctx.person();
    ok(&Json::obj()
        .field("name", format!("users/{user}/profile"))
        .field("age", p.age(ctx.today))
        .field("membershipStartDate", date(MEMBER_SINCE))
        .field("autoWalkingStrideLengthMm", (STRIDE_WALK_CM * 10.0) as i64)
        .field("autoRunningStrideLengthMm", (STRIDE_RUN_CM * 10.0) as i64))
}

/// `GET v4/users/{user}/settings`.
pub fn settings(ctx: &Ctx, user: &str) -> SimResponse {
    let p = ctx.person();
    let offset = i64::from(p.tz().to_offset(ctx.now).seconds());
    ok(&Json::obj()
        .field("name", format!("users/{user}/settings"))
        .field("autoStrideEnabled", true)
        .field("distanceUnit", "DISTANCE_UNIT_MILES")
        .field("foodLanguageCode", "en_US")
        .field("glucoseUnit", "GLUCOSE_UNIT_MG_DL")
        .field("heightUnit", "HEIGHT_UNIT_INCHES")
        .field("languageLocale", "en_US")
        .field("strideLengthRunningType", "STRIDE_LENGTH_TYPE_DEFAULT")
        .field("strideLengthWalkingType", "STRIDE_LENGTH_TYPE_DEFAULT")
        .field("swimUnit", "SWIM_UNIT_YARDS")
        .field("temperatureUnit", "TEMPERATURE_UNIT_FAHRENHEIT")
        .field("timeZone", p.tz_name())
        .field("utcOffset", duration(offset))
        .field("waterUnit", "WATER_UNIT_FL_OZ")
        .field("weightUnit", "WEIGHT_UNIT_POUNDS"))
}

fn paired(ctx: &Ctx, user: &str, d: &DeviceSpec) -> Json {
    let mut j = Json::obj()
        .field("name", format!("users/{user}/pairedDevices/{}", d.id))
        .field(
            "deviceType",
            match d.kind {
                DeviceType::Tracker => "TRACKER",
                DeviceType::Scale => "SCALE",
            },
        )
        .field("batteryStatus", d.battery)
        .field("batteryLevel", d.battery_level)
        .field(
            "lastSyncTime",
            timestamp(last_sync(ctx.person(), d.id, ctx.now)),
        )
        .field("deviceVersion", d.version)
        .field_opt("macAddress", d.mac.map(mac_colons));
    if !d.features.is_empty() {
        j.push("features", Json::arr(d.features.iter().copied()));
    }
    j
}

/// `GET v4/users/{user}/pairedDevices`: default page size 5, at most 100.
pub fn list_devices(ctx: &Ctx, req: &SimRequest, user: &str) -> SimResponse {
    let size = match req.query("pageSize").or_else(|| req.query("page_size")) {
        None => 5,
        Some(s) => match s.parse::<i64>() {
            Ok(n) if n < 0 => {
                return errors::invalid_argument(
                    "page_size must not be negative.",
                    None,
                    Some("page_size"),
                );
            }
            Ok(0) => 5,
            Ok(n) => n.min(100) as usize,
            Err(_) => {
                return errors::invalid_argument(
                    &format!("Invalid value at 'page_size' (TYPE_INT32), \"{s}\""),
                    None,
                    Some("page_size"),
                );
            }
        },
    };
    let hash = proto::request_hash(&["pairedDevices", &size.to_string()]);
    let offset = match req.query("pageToken").or_else(|| req.query("page_token")) {
        None | Some("") => 0,
        Some(t) => match proto::read_token(t, hash).and_then(|p| p.parse::<usize>().ok()) {
            Some(o) => o,
            None => {
                return errors::invalid_argument(
                    "The page token is invalid or does not match the request.",
                    None,
                    Some("page_token"),
                );
            }
        },
    };
    let page: Vec<Json> = DEVICES
        .iter()
        .skip(offset)
        .take(size)
        .map(|d| paired(ctx, user, d))
        .collect();
    let mut body = Json::obj();
    if !page.is_empty() {
        body.push("pairedDevices", Json::Arr(page));
    }
    if offset + size < DEVICES.len() {
        body.push(
            "nextPageToken",
            proto::page_token(&(offset + size).to_string(), hash),
        );
    }
    ok(&body)
}

/// `GET v4/users/{user}/pairedDevices/{id}`.
pub fn get_device(ctx: &Ctx, user: &str, id: &str) -> SimResponse {
    match device(id) {
        Some(d) => ok(&paired(ctx, user, d)),
        None => errors::not_found(&format!(
            "Paired device users/{user}/pairedDevices/{id} not found."
        )),
    }
}
