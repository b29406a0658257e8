//! `:rollUp` (physical windows of `windowSize`) and `:dailyRollUp` (civil days of
//! `windowSizeDays`, exclusive end). Both answer newest first.
//!
//! A window aggregates the records that start in it. Windows with nothing recorded by the
//! wearable (not worn, future, outside the data) come without a value object in `rollUp` and
//! are left out of `dailyRollUp`; a worn window with zero of something has an empty value
//! object (proto3 omits the zero), e.g. `"steps": {}`.

use axum::http::StatusCode;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value as J;

use super::aggregate::{Acc, value};
use super::errors::{self, DOMAIN, bad_request, error_info};
use super::list::source_family;
use super::points::Ctx;
use super::proto::{self, civil, timestamp};
use super::types::{DataType, Kind};
use crate::http::{JSON_GOOGLE, SimRequest, SimResponse};
use crate::json::Json;
use crate::person::extras::weigh_ins;
use crate::person::{add_days, days_between};

/// Windows of `window` seconds starting at `origin`; `accs[k]` is window `first + k`.
struct Windows<'a> {
    origin: Timestamp,
    window: i64,
    first: u64,
    accs: &'a mut [Acc],
}

/// Accumulates the data in `[from, to)` into the windows.
fn accumulate(ctx: &Ctx, t: &DataType, w: &mut Windows, from: Timestamp, to: Timestamp) {
    let (origin, window, first) = (w.origin, w.window, w.first);
    let accs = &mut *w.accs;
    let p = ctx.person();
    let slot = |at: Timestamp| -> Option<usize> {
        if at < from || at >= to {
            return None;
        }
        let k = at.duration_since(origin).as_secs().div_euclid(window);
        usize::try_from(k - i64::try_from(first).ok()?).ok()
    };
    if matches!(t.kind, Kind::Weight | Kind::BodyFat) {
        for w in weigh_ins(p, p.today(from), p.today(to), ctx.now) {
            if let Some(acc) = slot(w.at).and_then(|i| accs.get_mut(i)) {
                acc.weight_g += w.kg * 1000.0;
                acc.weight_n += 1;
                if let Some(fat) = w.fat_pct {
                    acc.fat_pct += fat;
                    acc.fat_n += 1;
                }
            }
        }
        return;
    }
    if t.kind == Kind::Empty {
        return;
    }
    let mut date = p.today(from).max(p.first_date());
    let last = p.today(to).min(ctx.today);
    while date <= last {
        if !p.is_not_worn(date) {
            let day = p.day(date);
            if t.kind == Kind::HeartRate {
                let done = day.seconds_done(ctx.now) as usize;
                for (i, bpm) in day.hr[..done].iter().enumerate() {
                    if *bpm > 0
                        && let Some(acc) = slot(day.at(i as u32)).and_then(|k| accs.get_mut(k))
                    {
                        acc.add_bpm(*bpm);
                    }
                }
            } else {
                for (m, minute) in day.minutes_until(ctx.now).iter().enumerate() {
                    let at = day.at((m * 60) as u32);
                    if let Some(acc) = slot(at).and_then(|k| accs.get_mut(k)) {
                        acc.add_minute(minute);
                    }
                }
            }
        }
        date = add_days(date, 1);
    }
}

/// Parses the JSON body, rejecting unknown fields as Google does.
fn body(req: &SimRequest, allowed: &[&str]) -> Result<serde_json::Map<String, J>, SimResponse> {
    let text = String::from_utf8_lossy(&req.body);
    let invalid = |detail: &str| {
        let message = format!("Invalid JSON payload received. {detail}");
        errors::status(
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
            &message,
            vec![bad_request(&[("", message.clone())])],
        )
    };
    let value: J = if text.trim().is_empty() {
        J::Object(serde_json::Map::new())
    } else {
        serde_json::from_str(&text).map_err(|e| invalid(&format!("Unexpected token. {e}")))?
    };
    let J::Object(map) = value else {
        return Err(invalid("Expected an object."));
    };
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            return Err(invalid(&format!(
                "Unknown name \"{key}\": Cannot find field."
            )));
        }
    }
    Ok(map)
}

fn required(field: &str) -> SimResponse {
    errors::invalid_argument(&format!("{field} is required."), None, Some(field))
}

fn bad_range(message: &str) -> SimResponse {
    errors::status(
        StatusCode::BAD_REQUEST,
        "INVALID_ARGUMENT",
        message,
        vec![error_info("INVALID_TIME_RANGE", DOMAIN, &[])],
    )
}

/// `windowSize` as whole or fractional seconds (`"60s"`, `"1.5s"`).
fn parse_window(s: &str) -> Option<f64> {
    s.strip_suffix('s')?
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

fn int_field(map: &serde_json::Map<String, J>, key: &str) -> Result<Option<i64>, SimResponse> {
    match map.get(key) {
        None | Some(J::Null) => Ok(None),
        Some(J::Number(n)) => n.as_i64().map(Some).ok_or_else(|| {
            errors::invalid_argument(&format!("Invalid value at '{key}'"), None, Some(key))
        }),
        Some(J::String(s)) => s.parse().map(Some).map_err(|_| {
            errors::invalid_argument(&format!("Invalid value at '{key}'"), None, Some(key))
        }),
        Some(_) => Err(errors::invalid_argument(
            &format!("Invalid value at '{key}'"),
            None,
            Some(key),
        )),
    }
}

fn token_offset(map: &serde_json::Map<String, J>, hash: u64) -> Result<usize, SimResponse> {
    match map.get("pageToken").and_then(J::as_str) {
        None | Some("") => Ok(0),
        Some(tok) => proto::read_token(tok, hash)
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| {
                errors::invalid_argument(
                    "The page token is invalid or does not match the request.",
                    None,
                    Some("page_token"),
                )
            }),
    }
}

fn request_hash(map: &serde_json::Map<String, J>, t: &DataType, op: &str) -> u64 {
    let mut rest = map.clone();
    rest.remove("pageToken");
    proto::request_hash(&[t.id, op, &serde_json::Value::Object(rest).to_string()])
}

/// Which rollup is answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    RollUp,
    Daily,
}

/// What both rollups read first: the body (unknown fields refused), the source family, and
/// the page offset bound to the rest of the request.
struct Prelude {
    map: serde_json::Map<String, J>,
    self_only: bool,
    hash: u64,
    offset: usize,
}

fn prelude(
    req: &SimRequest,
    t: &DataType,
    write_only: bool,
    op: Op,
) -> Result<Prelude, SimResponse> {
    let (supported, label, name, window_key) = match op {
        Op::RollUp => (t.roll_up, "Rollup", "rollUp", "windowSize"),
        Op::Daily => (
            t.daily_roll_up,
            "DailyRollup",
            "dailyRollUp",
            "windowSizeDays",
        ),
    };
    if !supported {
        return Err(errors::not_supported(label, t.id));
    }
    let map = body(
        req,
        &[
            "range",
            window_key,
            "pageSize",
            "pageToken",
            "dataSourceFamily",
        ],
    )?;
    let self_only =
        source_family(map.get("dataSourceFamily").and_then(J::as_str), t, true)? || write_only;
    let hash = request_hash(&map, t, name);
    let offset = token_offset(&map, hash)?;
    Ok(Prelude {
        map,
        self_only,
        hash,
        offset,
    })
}

/// `{"rollupDataPoints": [...], "nextPageToken": ...}`; `end` is the offset after this page.
fn page(points: Vec<Json>, end: usize, total: usize, hash: u64) -> SimResponse {
    let mut response = Json::obj();
    if !points.is_empty() {
        response.push("rollupDataPoints", Json::Arr(points));
    }
    if end < total {
        response.push("nextPageToken", proto::page_token(&end.to_string(), hash));
    }
    SimResponse::json_as(StatusCode::OK, &response, JSON_GOOGLE)
}

/// The checked `range`, `windowSize` (whole seconds) and `pageSize` of a rollUp.
fn roll_up_params(
    map: &serde_json::Map<String, J>,
    t: &DataType,
) -> Result<(Timestamp, Timestamp, i64, usize), SimResponse> {
    let range = map.get("range").ok_or_else(|| required("range"))?;
    let instant = |k: &str| -> Result<Timestamp, SimResponse> {
        let s = range
            .get(k)
            .and_then(J::as_str)
            .ok_or_else(|| required(&format!("range.{k}")))?;
        s.parse::<Timestamp>().map_err(|_| {
            errors::invalid_argument(
                &format!("Invalid value at 'range.{k}' (type.googleapis.com/google.protobuf.Timestamp), Field '{k}', Illegal timestamp format; timestamps must end with 'Z' or have a valid timezone offset."),
                None,
                Some(&format!("range.{k}")),
            )
        })
    };
    let start = instant("startTime")?;
    let end = instant("endTime")?;
    if end <= start {
        return Err(bad_range(
            "Invalid time range: range.startTime must be before range.endTime.",
        ));
    }
    if end.duration_since(start) > SignedDuration::from_hours(24 * t.rollup_days()) {
        return Err(bad_range(&format!(
            "The maximum range for {} is {} days.",
            t.id,
            t.rollup_days()
        )));
    }
    let window = map
        .get("windowSize")
        .and_then(J::as_str)
        .ok_or_else(|| required("windowSize"))?;
    let secs = parse_window(window).ok_or_else(|| {
        errors::invalid_argument(
            &format!("Invalid windowSize: {window}"),
            None,
            Some("window_size"),
        )
    })?;
    if secs < 1.0 {
        return Err(errors::invalid_argument(
            "windowSize must be at least 1 second.",
            None,
            Some("window_size"),
        ));
    }
    // Whole seconds: every type here has at least 1-second resolution.
    let window = secs.floor() as i64;
    let size = match int_field(map, "pageSize")? {
        None | Some(0) => 1440,
        Some(n) if n < 0 => {
            return Err(errors::invalid_argument(
                "page_size must not be negative.",
                None,
                Some("page_size"),
            ));
        }
        Some(n) => n.min(10_000) as usize,
    };
    Ok((start, end, window, size))
}

/// `POST …/dataPoints:rollUp`.
pub fn roll_up(ctx: &Ctx, req: &SimRequest, t: &DataType, write_only: bool) -> SimResponse {
    answer(req, t, write_only, Op::RollUp, |pre| {
        roll_up_page(ctx, t, pre)
    })
}

/// `POST …/dataPoints:dailyRollUp`.
pub fn daily_roll_up(ctx: &Ctx, req: &SimRequest, t: &DataType, write_only: bool) -> SimResponse {
    answer(req, t, write_only, Op::Daily, |pre| daily_page(ctx, t, pre))
}

/// Runs the checks both roll-ups share ([`prelude`]), then `page`; either way, the answer.
fn answer(
    req: &SimRequest,
    t: &DataType,
    write_only: bool,
    op: Op,
    page: impl FnOnce(&Prelude) -> Result<SimResponse, SimResponse>,
) -> SimResponse {
    match prelude(req, t, write_only, op).and_then(|pre| page(&pre)) {
        Ok(r) | Err(r) => r,
    }
}

fn roll_up_page(ctx: &Ctx, t: &DataType, pre: &Prelude) -> Result<SimResponse, SimResponse> {
    let (start, end, window, size) = roll_up_params(&pre.map, t)?;
    let span = end.duration_since(start).as_secs();
    let count = ((span + window - 1) / window) as usize;
    let take = size.min(count.saturating_sub(pre.offset));
    // Newest first: page entry j is window (count - 1 - offset - j).
    let mut out = Vec::with_capacity(take);
    if take > 0 {
        let newest = count - 1 - pre.offset;
        let oldest = newest + 1 - take;
        let win = |k: usize| -> (Timestamp, Timestamp) {
            let s = start
                .saturating_add(SignedDuration::from_secs(window * k as i64))
                .unwrap_or(start);
            let e = s
                .saturating_add(SignedDuration::from_secs(window))
                .unwrap_or(end)
                .min(end);
            (s, e)
        };
        let mut accs = vec![Acc::default(); take];
        if !pre.self_only {
            let from = win(oldest).0;
            let to = win(newest).1;
            let mut windows = Windows {
                origin: start,
                window,
                first: oldest as u64,
                accs: &mut accs,
            };
            accumulate(ctx, t, &mut windows, from, to);
        }
        for k in (oldest..=newest).rev() {
            let (s, e) = win(k);
            let mut j = Json::obj()
                .field("startTime", timestamp(s))
                .field("endTime", timestamp(e));
            if let Some(v) = value(t, &accs[k - oldest]) {
                j.push(t.field, v);
            }
            out.push(j);
        }
    }
    Ok(page(out, pre.offset + take, count, pre.hash))
}

/// A `CivilDateTime` from the request body; the time must be midnight.
fn civil_date(v: Option<&J>, field: &str) -> Result<Date, SimResponse> {
    let v = v.ok_or_else(|| required(field))?;
    let date = v
        .get("date")
        .ok_or_else(|| required(&format!("{field}.date")))?;
    let part = |k: &str| -> Result<i64, SimResponse> {
        date.get(k).and_then(J::as_i64).ok_or_else(|| {
            errors::invalid_argument(
                &format!("Invalid value at '{field}.date.{k}'"),
                None,
                Some(&format!("{field}.date.{k}")),
            )
        })
    };
    let d = Date::new(
        i16::try_from(part("year")?).unwrap_or(0),
        i8::try_from(part("month")?).unwrap_or(0),
        i8::try_from(part("day")?).unwrap_or(0),
    )
    .map_err(|_| {
        errors::invalid_argument(&format!("Invalid date in {field}."), None, Some(field))
    })?;
    if let Some(time) = v.get("time").and_then(J::as_object)
        && time.values().any(|x| x.as_i64().is_some_and(|n| n != 0))
    {
        return Err(errors::invalid_argument(
            "The start time must be aligned with the aggregation window (midnight).",
            None,
            Some(field),
        ));
    }
    Ok(d)
}

/// The checked `range`, `windowSizeDays` and `pageSize` of a dailyRollUp.
fn daily_params(
    map: &serde_json::Map<String, J>,
    t: &DataType,
) -> Result<(Date, Date, i64, usize), SimResponse> {
    let range = map.get("range").ok_or_else(|| required("range"))?;
    let start = civil_date(range.get("start"), "range.start")?;
    let end = civil_date(range.get("end"), "range.end")?;
    if end <= start {
        return Err(bad_range(
            "Invalid time range: range.start must be before range.end.",
        ));
    }
    if days_between(start, end) > t.rollup_days() {
        return Err(bad_range(&format!(
            "The maximum range for {} is {} days.",
            t.id,
            t.rollup_days()
        )));
    }
    let window = match int_field(map, "windowSizeDays")? {
        None | Some(0) => 1,
        Some(n) if n < 0 => {
            return Err(errors::invalid_argument(
                "window_size_days must be positive.",
                None,
                Some("window_size_days"),
            ));
        }
        Some(n) => n,
    };
    let max = if t.capped { 14 } else { 90 };
    let size = match int_field(map, "pageSize")? {
        None | Some(0) => max,
        Some(n) if n < 0 || n > max as i64 => {
            return Err(errors::invalid_argument(
                &format!("page_size must be between 0 and {max} for {}.", t.id),
                None,
                Some("page_size"),
            ));
        }
        Some(n) => n as usize,
    };
    Ok((start, end, window, size))
}

fn daily_page(ctx: &Ctx, t: &DataType, pre: &Prelude) -> Result<SimResponse, SimResponse> {
    let (start, end, window, size) = daily_params(&pre.map, t)?;
    let p = ctx.person();
    // Windows newest first, keeping those with data.
    let mut windows: Vec<(Date, Date, Acc)> = Vec::new();
    let mut k = 0;
    loop {
        let ws = add_days(start, window * k);
        if ws >= end {
            break;
        }
        let we = add_days(ws, window).min(end);
        let mut acc = Acc::default();
        if !pre.self_only {
            let mut d = ws;
            while d < we {
                if p.has_date(d, ctx.now) {
                    let (from, to) = p.bounds(d);
                    let mut one = [Acc::default()];
                    let mut windows = Windows {
                        origin: from,
                        window: 86_400 * 2,
                        first: 0,
                        accs: &mut one,
                    };
                    accumulate(ctx, t, &mut windows, from, to);
                    acc.merge(&one[0]);
                }
                d = add_days(d, 1);
            }
        }
        windows.push((ws, we, acc));
        k += 1;
    }
    windows.reverse();
    let kept: Vec<Json> = windows
        .iter()
        .filter_map(|(ws, we, acc)| {
            value(t, acc).map(|v| {
                Json::obj()
                    .field("civilStartTime", civil(ws.at(0, 0, 0, 0)))
                    .field("civilEndTime", civil(we.at(0, 0, 0, 0)))
                    .field(t.field, v)
            })
        })
        .collect();
    let total = kept.len();
    let shown: Vec<Json> = kept.into_iter().skip(pre.offset).take(size).collect();
    let end = pre.offset + shown.len();
    Ok(page(shown, end, total, pre.hash))
}
