//! Devices (a top-level array) and tracker alarms.
//!
//! Alarms: `GET` lists `trackerAlarms`; create (`201`) and update (`200`) answer with the
//! singular `trackerAlarm`; delete answers `204` with no body. Parameters come from the query
//! string (as documented) or a form body (as python-fitbit sends them). `time` is `HH:mm` plus
//! a UTC offset (`07:15-08:00`, or colon-less `07:15-0800` as python-fitbit sends it; stored
//! and answered with the colon); booleans `true`/`false` (or python-fitbit's `True`/`False`);
//! `weekDays` a comma-separated list (repeated keys also work).
//! Only trackers with phone-configured alarms support the endpoints (the Charge 2); others get
//! `400 validation`. A tracker holds at most 8 alarms. Changes stay `syncedToDevice: false` and
//! deleted alarms linger with `deleted: true` until the tracker syncs (`POST /_sim/sync`).

use axum::http::StatusCode;

use super::context::Api;
use super::errors;
use super::paths::local_ms;
use crate::http::{JSON_FITBIT, SimResponse};
use crate::json::Json;
use crate::person::extras::{DEVICES, DeviceType, device, last_sync};
use crate::shared::lock;
use crate::state::AlarmRecord;

/// The server's alarm rules (the simulator's own copy: it checks the client's form against
/// them instead of sharing them). A tracker holds at most this many alarms.
pub const MAX_ALARMS_PER_TRACKER: usize = 8;
/// `snoozeLength`, in minutes.
pub const SNOOZE_LENGTH_RANGE: std::ops::RangeInclusive<u16> = 1..=60;
/// `snoozeCount`.
pub const SNOOZE_COUNT_RANGE: std::ops::RangeInclusive<u16> = 0..=10;
/// `label`, in characters.
pub const LABEL_MAX_CHARS: usize = 30;

const WEEKDAYS: [&str; 7] = [
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

/// `GET /1/user/-/devices.json`.
pub fn list(api: &Api) -> SimResponse {
    let p = api.person();
    let items: Vec<Json> = DEVICES
        .iter()
        .map(|d| {
            let sync = p.tz().to_datetime(last_sync(p, d.id, api.now));
            Json::obj()
                .field("battery", d.battery)
                .field("batteryLevel", d.battery_level)
                .field("deviceVersion", d.version)
                .field("features", Json::Arr(Vec::new()))
                .field("id", d.id)
                .field("lastSyncTime", local_ms(sync))
                .field_opt("mac", d.mac)
                .field(
                    "type",
                    match d.kind {
                        DeviceType::Tracker => "TRACKER",
                        DeviceType::Scale => "SCALE",
                    },
                )
        })
        .collect();
    SimResponse::json_as(StatusCode::OK, &Json::Arr(items), JSON_FITBIT)
}

fn alarm_json(a: &AlarmRecord) -> Json {
    Json::obj()
        .field("alarmId", a.alarm_id)
        .field("deleted", a.deleted)
        .field("enabled", a.enabled)
        .field_opt("label", a.label.clone())
        .field("recurring", a.recurring)
        .field("snoozeCount", a.snooze_count)
        .field("snoozeLength", a.snooze_length)
        .field("syncedToDevice", a.synced_to_device)
        .field("time", a.time.as_str())
        .field("vibe", a.vibe.as_str())
        .field(
            "weekDays",
            Json::arr(a.week_days.iter().map(String::as_str)),
        )
}

/// Checks the tracker id and that it supports alarms.
fn tracker(id: &str) -> Result<(), SimResponse> {
    match device(id) {
        None => Err(errors::not_found(
            "tracker-id",
            &format!("The tracker with id {id} does not exist."),
        )),
        Some(d) if !d.supports_alarms => Err(errors::validation(
            "tracker-id",
            &format!(
                "The device {} ({id}) does not support alarms through the Web API.",
                d.version
            ),
        )),
        Some(_) => Ok(()),
    }
}

/// `GET /1/user/-/devices/tracker/{tracker-id}/alarms.json`.
pub fn alarms(api: &Api, id: &str) -> Result<SimResponse, SimResponse> {
    tracker(id)?;
    let st = lock(&api.sim.user);
    let items: Vec<Json> = st
        .trackers
        .get(id)
        .map(|list| list.iter().map(alarm_json).collect())
        .unwrap_or_default();
    Ok(SimResponse::json_as(
        StatusCode::OK,
        &Json::obj().field("trackerAlarms", Json::Arr(items)),
        JSON_FITBIT,
    ))
}

/// `HH:mm±HH:mm` or `HH:mm±HHmm` (python-fitbit's `%z`, which the real API accepted), as
/// the stored `HH:mm±HH:mm`; `None` for anything else (`25:00-08:00`, `06:45-08`, `06:45`).
fn parse_time(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let (off_h, off_m) = match b.len() {
        11 if b[8] == b':' => (6..8, 9..11),
        10 => (6..8, 8..10),
        _ => return None,
    };
    if b[2] != b':' || !matches!(b[5], b'+' | b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|x| x.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|x| x.parse::<u32>().ok())
    };
    match (num(0..2), num(3..5), num(off_h), num(off_m)) {
        (Some(h), Some(m), Some(oh), Some(om)) if h < 24 && m < 60 && oh <= 14 && om < 60 => {
            Some(format!("{h:02}:{m:02}{}{oh:02}:{om:02}", char::from(b[5])))
        }
        _ => None,
    }
}

/// `true` / `false`, and the `True` / `False` of Python's `str(bool)` that python-fitbit puts
/// in its form bodies (the real API accepted them); anything else is a validation error.
fn parse_bool(api: &Api, key: &str) -> Result<Option<bool>, SimResponse> {
    match api.req.param(key).as_deref() {
        None => Ok(None),
        Some("true" | "True") => Ok(Some(true)),
        Some("false" | "False") => Ok(Some(false)),
        Some(v) => Err(errors::validation(
            key,
            &format!("Invalid {key}: {v}. Expected true or false."),
        )),
    }
}

fn required<T>(v: Option<T>, key: &str) -> Result<T, SimResponse> {
    v.ok_or_else(|| errors::validation(key, &format!("The {key} parameter is required.")))
}

/// All values of `weekDays` (comma lists and repeated keys), or `None` when absent.
fn week_days(api: &Api) -> Result<Option<Vec<String>>, SimResponse> {
    let form = api.req.form();
    let mut values: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "weekDays")
        .map(|(_, v)| v.clone())
        .collect();
    if values.is_empty() {
        values = api
            .req
            .query
            .iter()
            .filter(|(k, _)| k == "weekDays")
            .map(|(_, v)| v.clone())
            .collect();
    }
    if values.is_empty() {
        return Ok(None);
    }
    let mut days: Vec<String> = Vec::new();
    for d in values.iter().flat_map(|v| v.split(',')).map(str::trim) {
        if d.is_empty() {
            continue;
        }
        let upper = d.to_ascii_uppercase();
        if !WEEKDAYS.contains(&upper.as_str()) {
            return Err(errors::validation(
                "weekDays",
                &format!("Invalid weekday: {d}"),
            ));
        }
        if !days.contains(&upper) {
            days.push(upper);
        }
    }
    days.sort_by_key(|d| WEEKDAYS.iter().position(|w| w == d));
    Ok(Some(days))
}

fn number(
    api: &Api,
    key: &str,
    range: std::ops::RangeInclusive<u16>,
) -> Result<Option<u32>, SimResponse> {
    match api.req.param(key) {
        None => Ok(None),
        Some(v) => v
            .parse::<u16>()
            .ok()
            .filter(|n| range.contains(n))
            .map(|n| Some(u32::from(n)))
            .ok_or_else(|| {
                errors::validation(
                    key,
                    &format!(
                        "Invalid {key}: {v}. It must be between {} and {}.",
                        range.start(),
                        range.end()
                    ),
                )
            }),
    }
}

/// The parameters of a create or update.
struct AlarmParams {
    time: Option<String>,
    enabled: Option<bool>,
    recurring: Option<bool>,
    week_days: Option<Vec<String>>,
    snooze_length: Option<u32>,
    snooze_count: Option<u32>,
    label: Option<String>,
    vibe: Option<String>,
}

fn params(api: &Api) -> Result<AlarmParams, SimResponse> {
    let time = match api.req.param("time") {
        None => None,
        Some(t) => Some(parse_time(&t).ok_or_else(|| {
            errors::validation(
                "time",
                &format!(
                    "Invalid time: {t}. Expected HH:mm followed by the UTC offset, e.g. 07:15-08:00."
                ),
            )
        })?),
    };
    let label = api.req.param("label");
    if let Some(l) = &label
        && (l.chars().count() > LABEL_MAX_CHARS || l.chars().any(char::is_control))
    {
        return Err(errors::validation(
            "label",
            &format!("Invalid label: at most {LABEL_MAX_CHARS} printable characters."),
        ));
    }
    let vibe = api.req.param("vibe");
    if let Some(v) = &vibe
        && v != "DEFAULT"
    {
        return Err(errors::validation(
            "vibe",
            &format!("Invalid vibe: {v}. Supported: DEFAULT."),
        ));
    }
    Ok(AlarmParams {
        time,
        enabled: parse_bool(api, "enabled")?,
        recurring: parse_bool(api, "recurring")?,
        week_days: week_days(api)?,
        snooze_length: number(api, "snoozeLength", SNOOZE_LENGTH_RANGE)?,
        snooze_count: number(api, "snoozeCount", SNOOZE_COUNT_RANGE)?,
        label,
        vibe,
    })
}

fn check_days(recurring: bool, days: &[String]) -> Result<(), SimResponse> {
    if recurring && days.is_empty() {
        return Err(errors::validation(
            "weekDays",
            "A recurring alarm needs at least one day in weekDays.",
        ));
    }
    Ok(())
}

fn one(status: StatusCode, a: &AlarmRecord) -> SimResponse {
    SimResponse::json_as(
        status,
        &Json::obj().field("trackerAlarm", alarm_json(a)),
        JSON_FITBIT,
    )
}

/// `POST /1/user/-/devices/tracker/{tracker-id}/alarms.json`.
pub fn create_alarm(api: &Api, id: &str) -> Result<SimResponse, SimResponse> {
    tracker(id)?;
    let p = params(api)?;
    let time = required(p.time, "time")?;
    let enabled = required(p.enabled, "enabled")?;
    let recurring = required(p.recurring, "recurring")?;
    let week_days = required(p.week_days, "weekDays")?;
    check_days(recurring, &week_days)?;
    let mut st = lock(&api.sim.user);
    let live = st
        .trackers
        .get(id)
        .map_or(0, |l| l.iter().filter(|a| !a.deleted).count());
    if live >= MAX_ALARMS_PER_TRACKER {
        return Err(errors::validation(
            "alarms",
            &format!("A tracker can hold at most {MAX_ALARMS_PER_TRACKER} alarms."),
        ));
    }
    let alarm = AlarmRecord {
        alarm_id: st.next_id(),
        deleted: false,
        enabled,
        label: p.label.filter(|l| !l.is_empty()),
        recurring,
        snooze_count: p.snooze_count.unwrap_or(3),
        snooze_length: p.snooze_length.unwrap_or(9),
        synced_to_device: false,
        time,
        vibe: p.vibe.unwrap_or_else(|| "DEFAULT".into()),
        week_days,
    };
    st.trackers
        .entry(id.to_string())
        .or_default()
        .push(alarm.clone());
    Ok(one(StatusCode::CREATED, &alarm))
}

fn alarm_id(raw: &str) -> Result<u64, SimResponse> {
    raw.parse()
        .map_err(|_| errors::validation("alarm-id", &format!("Invalid alarm id: {raw}")))
}

/// A tracker's alarm that has not been deleted, or 404.
fn live_alarm<'a>(
    st: &'a mut crate::state::UserState,
    tracker: &str,
    id: u64,
) -> Result<&'a mut AlarmRecord, SimResponse> {
    st.trackers
        .get_mut(tracker)
        .and_then(|l| l.iter_mut().find(|a| a.alarm_id == id && !a.deleted))
        .ok_or_else(|| {
            errors::not_found(
                "alarm-id",
                &format!("The alarm with id {id} does not exist."),
            )
        })
}

/// `POST /1/user/-/devices/tracker/{tracker-id}/alarms/{alarm-id}.json`.
pub fn update_alarm(api: &Api, id: &str, raw: &str) -> Result<SimResponse, SimResponse> {
    tracker(id)?;
    let aid = alarm_id(raw)?;
    let p = params(api)?;
    let time = required(p.time, "time")?;
    let enabled = required(p.enabled, "enabled")?;
    let recurring = required(p.recurring, "recurring")?;
    let week_days = required(p.week_days, "weekDays")?;
    let snooze_length = required(p.snooze_length, "snoozeLength")?;
    let snooze_count = required(p.snooze_count, "snoozeCount")?;
    check_days(recurring, &week_days)?;
    let mut st = lock(&api.sim.user);
    let alarm = live_alarm(&mut st, id, aid)?;
    alarm.time = time;
    alarm.enabled = enabled;
    alarm.recurring = recurring;
    alarm.week_days = week_days;
    alarm.snooze_length = snooze_length;
    alarm.snooze_count = snooze_count;
    if let Some(label) = p.label {
        alarm.label = (!label.is_empty()).then_some(label);
    }
    if let Some(vibe) = p.vibe {
        alarm.vibe = vibe;
    }
    alarm.synced_to_device = false;
    let out = alarm.clone();
    Ok(one(StatusCode::OK, &out))
}

/// `DELETE /1/user/-/devices/tracker/{tracker-id}/alarms/{alarm-id}.json`.
pub fn delete_alarm(api: &Api, id: &str, raw: &str) -> Result<SimResponse, SimResponse> {
    tracker(id)?;
    let aid = alarm_id(raw)?;
    let mut st = lock(&api.sim.user);
    let alarm = live_alarm(&mut st, id, aid)?;
    alarm.deleted = true;
    alarm.synced_to_device = false;
    Ok(SimResponse::empty(StatusCode::NO_CONTENT))
}
