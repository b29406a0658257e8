//! Sleep-derived vitals filed under the date the main sleep ended — HRV, `SpO2` (no wrapper: an
//! object for a date, a top-level array for a range, `{}` when there is nothing), breathing
//! rate, skin temperature — and the daily cardio fitness score.

use axum::http::StatusCode;
use jiff::civil::Date;

use super::context::Api;
use super::errors;
use super::paths::{self, Detail, Tail, check_range, local_ms, local_secs, ymd};
use crate::http::{JSON_FITBIT, SimResponse};
use crate::json::{Json, round_to};
use crate::person::nightly::vo2max;
use crate::person::{Nightly, add_days};

/// Dates of a summary (`{date}` or `{start}/{end}`) or intraday (`…/all`) request.
struct Dates {
    start: Date,
    end: Date,
    intraday: bool,
}

fn dates(api: &Api, tail: &[&str], max_days: Option<i64>, all: bool) -> Result<Dates, SimResponse> {
    match paths::parse_tail(tail, api.today, &[] as &[Detail])? {
        Tail::Day(d) => Ok(Dates {
            start: d,
            end: d,
            intraday: false,
        }),
        Tail::Range(s, e) => {
            check_range(s, e, max_days.unwrap_or(1095))?;
            Ok(Dates {
                start: s,
                end: e,
                intraday: false,
            })
        }
        Tail::All(s, e) if all => {
            check_range(s, e, 30)?;
            Ok(Dates {
                start: s,
                end: e,
                intraday: true,
            })
        }
        _ => Err(errors::unknown_path()),
    }
}

fn nights(api: &Api, d: &Dates) -> Vec<Nightly> {
    let mut out = Vec::new();
    let mut date = d.start;
    while date <= d.end {
        if let Some(n) = api.person().nightly(date, api.now) {
            out.push(n);
        }
        date = add_days(date, 1);
    }
    out
}

fn ok(body: &Json) -> SimResponse {
    SimResponse::json_as(StatusCode::OK, body, JSON_FITBIT)
}

/// Local wall-clock time of an instant.
fn local(api: &Api, t: jiff::Timestamp) -> jiff::civil::DateTime {
    paths::civil(api.person(), t, paths::Zone::Local)
}

/// `GET /1/user/-/hrv/date/…`.
pub fn hrv(api: &Api, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    let d = dates(api, tail, Some(30), true)?;
    let items: Vec<Json> = nights(api, &d)
        .iter()
        .map(|n| {
            if d.intraday {
                let minutes: Vec<Json> = n
                    .hrv
                    .iter()
                    .map(|s| {
                        Json::obj()
                            .field("minute", local_ms(local(api, s.at)))
                            .field(
                                "value",
                                Json::obj()
                                    .field("rmssd", Json::Double(s.rmssd))
                                    .field("coverage", Json::Double(s.coverage))
                                    .field("hf", Json::Double(s.hf))
                                    .field("lf", Json::Double(s.lf)),
                            )
                    })
                    .collect();
                Json::obj()
                    .field("minutes", Json::Arr(minutes))
                    .field("dateTime", ymd(n.date))
            } else {
                Json::obj()
                    .field(
                        "value",
                        Json::obj()
                            .field("dailyRmssd", Json::Double(n.rmssd))
                            .field("deepRmssd", Json::Double(n.deep_rmssd)),
                    )
                    .field("dateTime", ymd(n.date))
            }
        })
        .collect();
    Ok(ok(&Json::obj().field("hrv", Json::Arr(items))))
}

fn spo2_summary(n: &Nightly) -> Json {
    Json::obj().field("dateTime", ymd(n.date)).field(
        "value",
        Json::obj()
            .field("avg", Json::Float(n.spo2_avg))
            .field("min", Json::Float(n.spo2_min))
            .field("max", Json::Float(n.spo2_max)),
    )
}

fn spo2_intraday(api: &Api, n: &Nightly) -> Json {
    let minutes: Vec<Json> = n
        .spo2
        .iter()
        .map(|(t, v)| {
            Json::obj()
                .field("value", Json::Float(*v))
                .field("minute", local_secs(local(api, *t)))
        })
        .collect();
    Json::obj()
        .field("dateTime", ymd(n.date))
        .field("minutes", Json::Arr(minutes))
}

/// `GET /1/user/-/spo2/date/…`.
pub fn spo2(api: &Api, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    let d = dates(api, tail, None, true)?;
    let single = d.start == d.end;
    let list = nights(api, &d);
    let render = |n: &Nightly| {
        if d.intraday {
            spo2_intraday(api, n)
        } else {
            spo2_summary(n)
        }
    };
    let body = if single {
        list.first().map_or_else(Json::obj, render)
    } else {
        Json::Arr(list.iter().map(render).collect())
    };
    Ok(ok(&body))
}

/// `GET /1/user/-/br/date/…`.
pub fn breathing(api: &Api, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    let d = dates(api, tail, Some(30), true)?;
    let rate = |v: f64| Json::obj().field("breathingRate", Json::Float(v));
    let items: Vec<Json> = nights(api, &d)
        .iter()
        .map(|n| {
            let value = if d.intraday {
                Json::obj()
                    .field("deepSleepSummary", rate(n.br_deep))
                    .field("remSleepSummary", rate(n.br_rem))
                    .field("fullSleepSummary", rate(n.br_full))
                    .field("lightSleepSummary", rate(n.br_light))
            } else {
                rate(n.br_full)
            };
            Json::obj()
                .field("value", value)
                .field("dateTime", ymd(n.date))
        })
        .collect();
    Ok(ok(&Json::obj().field("br", Json::Arr(items))))
}

/// `GET /1/user/-/temp/skin/date/…`.
pub fn skin_temp(api: &Api, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    let d = dates(api, tail, Some(30), false)?;
    let items: Vec<Json> = nights(api, &d)
        .iter()
        .map(|n| {
            Json::obj()
                .field("dateTime", ymd(n.date))
                .field(
                    "value",
                    Json::obj().field(
                        "nightlyRelative",
                        Json::Double(round_to(api.units.temp_delta(n.skin_delta_c), 2)),
                    ),
                )
                .field("logType", "dedicated_temp_sensor")
        })
        .collect();
    Ok(ok(&Json::obj().field("tempSkin", Json::Arr(items))))
}

/// `GET /1/user/-/cardioscore/date/…`: days the tracker was worn, up to yesterday (today's
/// estimate appears once the day is over).
pub fn cardio_score(api: &Api, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    let d = dates(api, tail, Some(30), false)?;
    let p = api.person();
    let mut items = Vec::new();
    let mut date = d.start;
    while date <= d.end {
        if date < api.today && p.has_date(date, api.now) && !p.is_not_worn(date) {
            let v = vo2max(p, date);
            let lo = v.floor() as i64 - 2;
            items.push(Json::obj().field("dateTime", ymd(date)).field(
                "value",
                Json::obj().field("vo2Max", format!("{lo}-{}", lo + 4)),
            ));
        }
        date = add_days(date, 1);
    }
    Ok(ok(&Json::obj().field("cardioScore", Json::Arr(items))))
}
