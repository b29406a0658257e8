//! `dataPoints` list, `:reconcile` and get.
//!
//! Points come newest first (by interval start / sample time / session start / date). Pages
//! hold `pageSize` points (default 1440, at most 10000; 25 for sleep and exercise). A request
//! scans at most a month of days (two for heart rate); when it stops early it returns what it
//! has — possibly nothing — with a `nextPageToken`, as the real API may; a full page always
//! carries a token, so the last page can be an empty `{}`. Tokens continue strictly before the
//! last point returned and only work with unchanged parameters.

use axum::http::StatusCode;
use jiff::Timestamp;
use jiff::civil::Date;

use super::errors::{self, DOMAIN, error_info};
use super::filter::{self, Subject, Value};
use super::points::{Ctx, day_points, decode_id};
use super::proto;
use super::render::render;
use super::types::{DataType, Kind};
use crate::http::{JSON_GOOGLE, SimRequest, SimResponse};
use crate::json::Json;
use crate::person::add_days;

/// Checks `dataSourceFamily`; `Ok(true)` means self-sources (nothing this app wrote).
pub fn source_family(
    value: Option<&str>,
    t: &DataType,
    reconcile: bool,
) -> Result<bool, SimResponse> {
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return Ok(false);
    };
    let family = v
        .strip_prefix("users/")
        .and_then(|r| r.split_once("/dataSourceFamilies/"))
        .filter(|(u, _)| *u == "me" || *u == crate::oauth::GOOGLE_USER_ID)
        .map(|(_, f)| f)
        .filter(|f| {
            matches!(
                *f,
                "all-sources" | "google-wearables" | "google-sources" | "self-sources"
            )
        });
    let Some(family) = family else {
        return Err(errors::status(
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
            &format!("Invalid data source family: {v}"),
            vec![error_info(
                "INVALID_DATA_POINT_DATA_SOURCE_FAMILY",
                DOMAIN,
                &[],
            )],
        ));
    };
    if t.kind == Kind::Sleep && !reconcile {
        return Err(errors::invalid_argument(
            "Filtering by data source family is not supported for the sleep data type; use ReconcileDataPoints instead.",
            Some("INVALID_DATA_POINT_DATA_SOURCE_FAMILY"),
            None,
        ));
    }
    Ok(family == "self-sources")
}

fn page_size(req: &SimRequest, t: &DataType) -> Result<usize, SimResponse> {
    let (default, max) = t.page_sizes();
    match req.query("pageSize").or_else(|| req.query("page_size")) {
        None | Some("") => Ok(default),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if n < 0 => Err(errors::invalid_argument(
                "page_size must not be negative.",
                None,
                Some("page_size"),
            )),
            Ok(0) => Ok(default),
            Ok(n) => Ok((n as usize).min(max)),
            Err(_) => Err(errors::invalid_argument(
                &format!("Invalid value at 'page_size' (TYPE_INT32), \"{s}\""),
                None,
                Some("page_size"),
            )),
        },
    }
}

fn value_date(ctx: &Ctx, v: Value) -> Date {
    match v {
        Value::Instant(t) => ctx.person().today(t),
        Value::Civil(dt) => dt.date(),
        Value::Date(d) => d,
    }
}

/// `GET …/dataPoints` and `…/dataPoints:reconcile`.
pub fn list(
    ctx: &Ctx,
    req: &SimRequest,
    t: &DataType,
    reconcile: bool,
    write_only: bool,
) -> SimResponse {
    let op = if reconcile { "Reconcile" } else { "List" };
    if !(if reconcile { t.reconcile } else { t.list }) {
        return errors::not_supported(op, t.id);
    }
    let family = req
        .query("dataSourceFamily")
        .or_else(|| req.query("data_source_family"));
    let self_only = match source_family(family, t, reconcile) {
        Ok(s) => s || write_only,
        Err(r) => return r,
    };
    let size = match page_size(req, t) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let filter_text = req.query("filter").unwrap_or("");
    let filter = match filter::parse(t, filter_text) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let size_text = size.to_string();
    let hash = proto::request_hash(&[t.id, op, filter_text, &size_text, family.unwrap_or("")]);
    let cursor = match req.query("pageToken").or_else(|| req.query("page_token")) {
        None | Some("") => None,
        Some(tok) => match proto::read_token(tok, hash)
            .and_then(|p| p.parse::<i128>().ok())
            .and_then(|n| Timestamp::from_nanosecond(n).ok())
        {
            Some(c) => Some(c),
            None => {
                return errors::invalid_argument(
                    "The page token is invalid or does not match the request.",
                    None,
                    Some("page_token"),
                );
            }
        },
    };
    let (out, next) = if self_only {
        (Vec::new(), None)
    } else {
        scan(ctx, t, &filter, cursor, size, reconcile)
    };
    let mut body = Json::obj();
    if !out.is_empty() {
        body.push("dataPoints", Json::Arr(out));
    }
    if let Some(n) = next {
        body.push(
            "nextPageToken",
            proto::page_token(&n.as_nanosecond().to_string(), hash),
        );
    }
    SimResponse::json_as(StatusCode::OK, &body, JSON_GOOGLE)
}

/// Collects up to `size` points newest first, before `cursor`; returns them and the key the
/// next page continues before.
fn scan(
    ctx: &Ctx,
    t: &DataType,
    filter: &filter::Filter,
    cursor: Option<Timestamp>,
    size: usize,
    reconcile: bool,
) -> (Vec<Json>, Option<Timestamp>) {
    let p = ctx.person();
    let mut out: Vec<Json> = Vec::new();
    let mut next: Option<Timestamp> = None;
    let (lo, hi) = filter.bounds();
    let mut first = p.first_date();
    if let Some(lo) = lo {
        first = first.max(add_days(value_date(ctx, lo), -2));
    }
    let mut day = ctx.today;
    if let Some(hi) = hi {
        day = day.min(add_days(value_date(ctx, hi), 1));
    }
    if let Some(c) = cursor {
        let before = c
            .checked_sub(jiff::SignedDuration::from_nanos(1))
            .unwrap_or(c);
        day = day.min(p.today(before));
    }
    let civil = filter.needs_civil();
    let max_days = if t.kind == Kind::HeartRate { 2 } else { 31 };
    let mut scanned = 0;
    'days: while day >= first {
        if scanned == max_days {
            next = Some(
                p.bounds(add_days(day, 1))
                    .0
                    .min(cursor.unwrap_or(Timestamp::MAX)),
            );
            break;
        }
        let points = day_points(ctx, t, day);
        for point in points.iter().rev() {
            if cursor.is_some_and(|c| point.key >= c) {
                continue;
            }
            if !filter.is_empty() {
                let subject = Subject {
                    physical: point.physical,
                    civil: if civil {
                        p.tz().to_datetime(point.physical)
                    } else {
                        jiff::civil::DateTime::ZERO
                    },
                    date: point.date,
                };
                if !filter.matches(&subject) {
                    continue;
                }
            }
            out.push(render(ctx, t, point, reconcile));
            if out.len() == size {
                next = Some(point.key);
                break 'days;
            }
        }
        scanned += 1;
        day = add_days(day, -1);
    }
    (out, next)
}

/// `GET …/dataPoints/{id}` for identifiable types (sleep, exercise, weight, ECG).
pub fn get(ctx: &Ctx, t: &DataType, id: &str, write_only: bool) -> SimResponse {
    let missing = || {
        errors::not_found(&format!(
            "Data point users/me/dataTypes/{}/dataPoints/{id} not found.",
            t.id
        ))
    };
    if !t.identifiable || write_only {
        return missing();
    }
    let Some((date, _)) = decode_id(id) else {
        return missing();
    };
    for d in [add_days(date, -1), date] {
        for point in day_points(ctx, t, d) {
            let json = render(ctx, t, &point, false);
            let matches = match &json {
                Json::Obj(fields) => fields.iter().any(|(k, v)| {
                    k == "name" && matches!(v, Json::Str(s) if s.ends_with(&format!("/{id}")))
                }),
                _ => false,
            };
            if matches {
                return SimResponse::json_as(StatusCode::OK, &json, JSON_GOOGLE);
            }
        }
    }
    missing()
}
