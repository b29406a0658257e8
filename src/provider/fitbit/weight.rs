//! Weight and body-fat logs (`body/log/weight` and `body/log/fat`), and merging the two into
//! [`WeighIn`]s.
//!
//! Both logs give a local `date` + `time` (no offset), placed in the account's zone. Weights
//! are kilograms: fittui sends no `Accept-Language`, so the API answers in its metric system
//! (`en_US` would be pounds and `en_GB` stone, per the reference's unit table).

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;

use super::decode::parse_object;
use super::lenient::{Text, parse_local_datetime, parse_time_of_day};
use super::wire::{FatBody, WeightBody};
use crate::api::ApiError;
use crate::domain::weight::{WeighIn, normalize};
use crate::provider::localtime::LocalTimeline;

const WEIGHT: &str = "/1/user/-/body/log/weight/date/...";
const FAT: &str = "/1/user/-/body/log/fat/date/...";

/// One weight log as the API sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightLog {
    pub log_id: Option<String>,
    pub at: Timestamp,
    /// The log's local date (as sent).
    pub date: Date,
    pub kg: f64,
    pub bmi: Option<f64>,
    /// Body fat, when the weight log carries it.
    pub fat_pct: Option<f64>,
    pub source: Option<String>,
}

/// One body-fat log as the API sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct FatLog {
    pub log_id: Option<String>,
    pub at: Timestamp,
    pub fat_pct: f64,
}

/// Decodes `GET /1/user/-/body/log/weight/date/{base}/{end}.json` (or `{date}`,
/// `{date}/{period}`) in body order. `weight` may be a number or a numeric string; a log without
/// a positive weight or a date is skipped; a missing `time` is local midnight.
pub fn weight(body: &[u8], tz: &TimeZone) -> Result<Vec<WeightLog>, ApiError> {
    let parsed: WeightBody = parse_object(WEIGHT, body)?;
    Ok(parsed
        .weight
        .into_iter()
        .flatten()
        .filter_map(|w| {
            let kg = w.weight.f64().filter(|kg| kg.is_finite() && *kg > 0.0)?;
            let date = w.date.0?;
            let at = local_at(date, &w.time, tz)?;
            Some(WeightLog {
                log_id: w.log_id.into_option(),
                at,
                date,
                kg,
                bmi: w.bmi.f64().filter(|b| b.is_finite() && *b > 0.0),
                fat_pct: percent(w.fat.f64()),
                source: w.source.into_option(),
            })
        })
        .collect())
}

/// Decodes `GET /1/user/-/body/log/fat/date/{base}/{end}.json` in body order. A log without a
/// percentage in `(0, 100]` or a date is skipped.
pub fn body_fat(body: &[u8], tz: &TimeZone) -> Result<Vec<FatLog>, ApiError> {
    let parsed: FatBody = parse_object(FAT, body)?;
    Ok(parsed
        .fat
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let fat_pct = percent(f.fat.f64())?;
            let at = local_at(f.date.0?, &f.time, tz)?;
            Some(FatLog {
                log_id: f.log_id.into_option(),
                at,
                fat_pct,
            })
        })
        .collect())
}

fn percent(v: Option<f64>) -> Option<f64> {
    v.filter(|p| p.is_finite() && *p > 0.0 && *p <= 100.0)
}

/// The weigh-ins of the weight logs, oldest first, with each one's body fat: its own `fat`, else
/// the fat log with the same `logId`, else the fat log at the same instant. A fat log without a
/// weight is not a weigh-in and is dropped.
pub fn merge(weights: Vec<WeightLog>, fats: &[FatLog]) -> Vec<WeighIn> {
    let weigh_ins = weights
        .into_iter()
        .map(|w| {
            let fat = w.fat_pct.or_else(|| {
                fats.iter()
                    .find(|f| f.log_id.is_some() && f.log_id == w.log_id)
                    .or_else(|| fats.iter().find(|f| f.at == w.at))
                    .map(|f| f.fat_pct)
            });
            WeighIn {
                at: w.at,
                date: w.date,
                weight_kg: w.kg,
                body_fat_pct: fat,
                source: w.source,
            }
        })
        .collect();
    normalize(weigh_ins)
}

fn local_at(date: Date, time: &Text, tz: &TimeZone) -> Option<Timestamp> {
    let dt = match time.get() {
        Some(t) => match parse_time_of_day(t) {
            Some(s) => date.to_datetime(
                Time::new((s / 3600) as i8, ((s / 60) % 60) as i8, (s % 60) as i8, 0).ok()?,
            ),
            None => parse_local_datetime(t)?,
        },
        None => date.to_datetime(Time::midnight()),
    };
    LocalTimeline::new(tz.clone()).resolve(dt)
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact values, decoded from the bodies below
mod tests {
    use super::*;

    fn la() -> TimeZone {
        TimeZone::get("America/Los_Angeles").unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// The documented examples (Get Weight Logs / Get Body Fat Logs), one with fat inline.
    const WEIGHT_BODY: &[u8] = br#"{"weight":[{"bmi":23.57,"date":"2026-11-01","fat":14.5,"logId":1330991999000,"source":"API","time":"23:59:59","weight":73},{"bmi":23.4,"date":"2026-11-02","logId":1331078399000,"source":"Aria","time":"07:10:00","weight":72.6},{"date":"2026-11-03","logId":1331164799000,"time":"07:12:00","weight":"72.4"},{"date":"2026-11-04","weight":0}]}"#;
    const FAT_BODY: &[u8] = br#"{"fat":[{"date":"2026-11-01","fat":14.5,"logId":1330991999000,"source":"API","time":"23:59:59"},{"date":"2026-11-02","fat":"15.1","logId":1331078399000,"source":"Aria","time":"07:10:00"},{"date":"2026-11-03","fat":15.0,"time":"07:12:00"},{"date":"2026-11-05","fat":16.0,"logId":9,"time":"07:00:00"},{"date":"2026-11-06","fat":180}]}"#;

    #[test]
    fn weight_logs_are_local_times_in_kilograms() {
        let w = weight(WEIGHT_BODY, &la()).unwrap();
        assert_eq!(w.len(), 3, "a zero weight is no weigh-in");
        assert_eq!(
            w[0].at,
            ts("2026-11-02T07:59:59Z"),
            "PST: after the fall-back"
        );
        assert_eq!(w[0].date, Date::constant(2026, 11, 1));
        assert_eq!(
            (w[0].kg, w[0].bmi, w[0].fat_pct),
            (73.0, Some(23.57), Some(14.5))
        );
        assert_eq!(w[0].log_id.as_deref(), Some("1330991999000"));
        assert_eq!(w[0].source.as_deref(), Some("API"));
        assert_eq!(
            (w[2].kg, w[2].bmi, w[2].source.as_deref()),
            (72.4, None, None)
        );
    }

    #[test]
    fn fat_logs_skip_impossible_percentages() {
        let f = body_fat(FAT_BODY, &la()).unwrap();
        assert_eq!(f.len(), 4);
        assert_eq!(f[1].fat_pct, 15.1);
        assert_eq!(f[2].log_id, None);
        assert!(body_fat(b"{\"fat\":[]}", &la()).unwrap().is_empty());
        assert!(body_fat(b"[]", &la()).is_err());
    }

    #[test]
    fn fat_merges_by_log_id_then_by_instant_and_fat_alone_is_dropped() {
        let w = weight(WEIGHT_BODY, &la()).unwrap();
        let f = body_fat(FAT_BODY, &la()).unwrap();
        let merged = merge(w, &f);
        let got: Vec<(Date, f64, Option<f64>)> = merged
            .iter()
            .map(|w| (w.date, w.weight_kg, w.body_fat_pct))
            .collect();
        assert_eq!(
            got,
            [
                (Date::constant(2026, 11, 1), 73.0, Some(14.5)),
                (Date::constant(2026, 11, 2), 72.6, Some(15.1)),
                (Date::constant(2026, 11, 3), 72.4, Some(15.0)),
            ]
        );
        // No fat log: no fat.
        let alone = merge(weight(WEIGHT_BODY, &la()).unwrap(), &[]);
        assert_eq!(alone[1].body_fat_pct, None);
    }
}
