//! Heart rate (`/activities/heart/date/…`) and Active Zone Minutes
//! (`/activities/active-zone-minutes/date/…`), daily and intraday.
//!
//! Heart intraday lists only readings that exist (gaps stay gaps); `1sec` rows appear for every
//! second with a reading (about 86,000 on a worn day). A `/time/` request returns the special
//! shape: zones at element level and a string `value` (the day's mean heart rate). AZM daily
//! values omit zero sub-zones and skip days without AZM; AZM intraday lists every minute.

use std::fmt::Write as _;

use axum::http::StatusCode;

use super::context::Api;
use super::errors;
use super::paths::{self, Detail, Period, Tail, Zone, checked_range, write_hms, ymd};
use super::rows::{self, MinuteRow, Window};
use crate::http::{JSON_FITBIT, SimResponse};
use crate::json::{Json, round_to, write_small, write_str};
use crate::person::{Totals, Zones, add_days};

/// `heartRateZones` for a day's zones and totals.
pub fn zones_json(z: &Zones, t: &Totals) -> Json {
    let zone = |name: &str, min: u8, max: u8, idx: usize| {
        Json::obj()
            .field(
                "caloriesOut",
                Json::Double(round_to(t.zone_calories[idx], 5)),
            )
            .field("max", max)
            .field("min", min)
            .field("minutes", t.zone_minutes[idx])
            .field("name", name)
    };
    Json::Arr(vec![
        zone("Out of Range", 30, z.fat_burn, 1),
        zone("Fat Burn", z.fat_burn, z.cardio, 2),
        zone("Cardio", z.cardio, z.peak, 3),
        zone("Peak", z.peak, 220, 4),
    ])
}

fn day_value(api: &Api, date: jiff::civil::Date, zone: Zone) -> Json {
    let p = api.person();
    let t = rows::day_totals(api, date, zone);
    Json::obj()
        .field("customHeartRateZones", Json::Arr(Vec::new()))
        .field("heartRateZones", zones_json(&p.zones(date), &t))
        .field_opt("restingHeartRate", (t.hr_n > 0).then(|| p.rhr(date)))
}

/// `GET /1/user/-/activities/heart/date/…`.
pub fn heart(api: &Api, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    let zone = paths::zone(api.req)?;
    let details = [Detail::Sec1, Detail::Min1, Detail::Min5, Detail::Min15];
    let (start, end) = match paths::parse_tail(tail, api.today, &details)? {
        Tail::Period(
            end,
            p @ (Period::D1 | Period::D7 | Period::D30 | Period::W1 | Period::M1),
        ) => (p.start(end), end),
        Tail::Period(_, _) => {
            return Err(errors::validation(
                "period",
                "Invalid period. Supported periods: 1d, 7d, 30d, 1w, 1m.",
            ));
        }
        Tail::Range(s, e) => checked_range(s, e, 366)?,
        Tail::Intraday(i) => {
            let w = rows::window(api, i.start, i.end, i.time, zone)?;
            return Ok(heart_intraday(
                api,
                &w,
                i.detail,
                i.time.is_some() || i.start != i.end,
            ));
        }
        Tail::Day(_) | Tail::All(..) => return Err(errors::unknown_path()),
    };
    let mut items = Vec::new();
    let mut d = start;
    while d <= end {
        items.push(
            Json::obj()
                .field("dateTime", ymd(d))
                .field("value", day_value(api, d, zone)),
        );
        d = add_days(d, 1);
    }
    Ok(SimResponse::json_as(
        StatusCode::OK,
        &Json::obj().field("activities-heart", Json::Arr(items)),
        JSON_FITBIT,
    ))
}

fn heart_intraday(api: &Api, w: &Window, detail: Detail, time_shape: bool) -> SimResponse {
    let p = api.person();
    let segments = w.segments(api);
    let mut dataset = String::new();
    let mut dates: Vec<jiff::civil::Date> = Vec::new();
    if detail == Detail::Sec1 {
        let cap: usize = segments.iter().map(|s| (s.last - s.first) as usize).sum();
        dataset.reserve(cap * 31 + 2);
        dataset.push('[');
        let mut first = true;
        for seg in &segments {
            let done = seg.day.seconds_done(api.now).min(seg.last);
            let hr = &seg.day.hr;
            for i in seg.first..done {
                let bpm = hr[i as usize];
                if bpm == 0 {
                    continue;
                }
                let label = w.label(&seg.day, i);
                if !w.keeps(label) {
                    continue;
                }
                if !first {
                    dataset.push(',');
                }
                first = false;
                dataset.push_str("{\"time\":\"");
                write_hms(&mut dataset, label);
                dataset.push_str("\",\"value\":");
                write_small(&mut dataset, u32::from(bpm));
                dataset.push('}');
            }
            let date = w.date(api, &seg.day, seg.first);
            if dates.last() != Some(&date) {
                dates.push(date);
            }
        }
        dataset.push(']');
    } else {
        let all = rows::minute_rows(api, w);
        dates = rows::dates(&all);
        dataset.push('[');
        let mut first = true;
        for bucket in rows::buckets(&all, detail) {
            let (n, sum) = bucket.iter().fold((0u32, 0u32), |(n, s), r| {
                (n + u32::from(r.minute.hr_n), s + u32::from(r.minute.hr_sum))
            });
            if n == 0 {
                continue;
            }
            if !first {
                dataset.push(',');
            }
            first = false;
            let mean = (f64::from(sum) / f64::from(n)).round() as u32;
            dataset.push_str("{\"time\":\"");
            write_hms(&mut dataset, rows::bucket_label(bucket, detail));
            let _ = write!(dataset, "\",\"value\":{mean}}}");
        }
        dataset.push(']');
    }
    let zone = w.zone;
    let summary: Vec<Json> = dates
        .iter()
        .map(|d| {
            if time_shape {
                let t = rows::day_totals(api, *d, zone);
                let mean = t
                    .hr_mean()
                    .map_or_else(|| "0".to_string(), |m| format!("{m:.2}"));
                Json::obj()
                    .field("customHeartRateZones", Json::Arr(Vec::new()))
                    .field("dateTime", ymd(*d))
                    .field("heartRateZones", zones_json(&p.zones(*d), &t))
                    .field("value", mean)
            } else {
                Json::obj()
                    .field("dateTime", ymd(*d))
                    .field("value", day_value(api, *d, zone))
            }
        })
        .collect();
    let mut body = String::with_capacity(dataset.len() + 1024);
    body.push_str("{\"activities-heart\":");
    Json::Arr(summary).write(&mut body);
    body.push_str(",\"activities-heart-intraday\":{\"dataset\":");
    body.push_str(&dataset);
    let _ = write!(
        body,
        ",\"datasetInterval\":{},\"datasetType\":",
        detail.interval()
    );
    write_str(&mut body, detail.kind());
    body.push_str("}}");
    SimResponse::text_as(StatusCode::OK, body, JSON_FITBIT)
}

fn azm_value(fat: u32, cardio: u32, peak: u32) -> Json {
    let mut v = Json::obj().field("activeZoneMinutes", fat + cardio + peak);
    if fat > 0 {
        v.push("fatBurnActiveZoneMinutes", fat);
    }
    if cardio > 0 {
        v.push("cardioActiveZoneMinutes", cardio);
    }
    if peak > 0 {
        v.push("peakActiveZoneMinutes", peak);
    }
    v
}

/// `GET /1/user/-/activities/active-zone-minutes/date/…`.
pub fn azm(api: &Api, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    let zone = paths::zone(api.req)?;
    let (start, end) = match paths::parse_tail(
        tail,
        api.today,
        &[Detail::Min1, Detail::Min5, Detail::Min15],
    )? {
        Tail::Period(_, Period::Max) => {
            return Err(errors::validation("period", "Invalid period: max"));
        }
        Tail::Period(end, p) => (p.start(end), end),
        Tail::Range(s, e) => checked_range(s, e, 1095)?,
        Tail::Intraday(i) => {
            let w = rows::window(api, i.start, i.end, i.time, zone)?;
            return Ok(azm_intraday(api, &w, i.detail));
        }
        Tail::Day(_) | Tail::All(..) => return Err(errors::unknown_path()),
    };
    let mut items = Vec::new();
    let mut d = start;
    while d <= end {
        let t = rows::day_totals(api, d, zone);
        if t.azm() > 0 {
            items.push(
                Json::obj()
                    .field("dateTime", ymd(d))
                    .field("value", azm_value(t.azm_fat_burn, t.azm_cardio, t.azm_peak)),
            );
        }
        d = add_days(d, 1);
    }
    Ok(SimResponse::json_as(
        StatusCode::OK,
        &Json::obj().field("activities-active-zone-minutes", Json::Arr(items)),
        JSON_FITBIT,
    ))
}

fn azm_intraday(api: &Api, w: &Window, detail: Detail) -> SimResponse {
    let all = rows::minute_rows(api, w);
    let mut per_date: Vec<(jiff::civil::Date, Vec<Json>)> = Vec::new();
    for bucket in rows::buckets(&all, detail) {
        let Some(first) = bucket.first() else {
            continue;
        };
        let t = Totals::of(
            &bucket
                .iter()
                .map(|r: &MinuteRow| r.minute)
                .collect::<Vec<_>>(),
        );
        let label = rows::bucket_label(bucket, detail);
        let mut minute = String::with_capacity(19);
        minute.push_str(&ymd(first.date));
        minute.push('T');
        write_hms(&mut minute, label);
        let entry = Json::obj()
            .field("minute", minute)
            .field("value", azm_value(t.azm_fat_burn, t.azm_cardio, t.azm_peak));
        match per_date.last_mut() {
            Some((d, list)) if *d == first.date => list.push(entry),
            _ => per_date.push((first.date, vec![entry])),
        }
    }
    let items: Vec<Json> = per_date
        .into_iter()
        .map(|(d, minutes)| {
            Json::obj()
                .field("dateTime", ymd(d))
                .field("minutes", Json::Arr(minutes))
        })
        .collect();
    SimResponse::json_as(
        StatusCode::OK,
        &Json::obj().field("activities-active-zone-minutes-intraday", Json::Arr(items)),
        JSON_FITBIT,
    )
}
