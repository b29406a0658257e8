//! `:dailyRollUp` (civil days) and `:rollUp` (physical windows) responses, plus raw heart-rate
//! samples from `list heart-rate`.
//!
//! Request forms (bodies from [`crate::provider::google::request`]):
//! - daily: `POST users/me/dataTypes/{steps|distance|total-calories|floors|active-zone-minutes|
//!   active-minutes|time-in-heart-rate-zone}/dataPoints:dailyRollUp` with
//!   `daily_rollup_body(start, end_exclusive, 1, token)`; ≤ 14 days for `total-calories` and
//!   `active-minutes`, ≤ 90 otherwise; no `pageSize`.
//! - hourly steps: `POST users/me/dataTypes/steps/dataPoints:rollUp`, `windowSize "3600s"` over
//!   the local day from [`day_bounds`](crate::provider::localtime::day_bounds).
//! - heart: `POST users/me/dataTypes/heart-rate/dataPoints:rollUp`, `windowSize "60s"` over the
//!   local day, `pageSize` ≥ 1500 (a 25-hour day has 1500 windows).

use jiff::Timestamp;
use jiff::civil::Date;

use super::{Page, by_date_dedup, next_token, parse};
use crate::api::ApiError;
use crate::domain::activity::{Azm, HourlySteps};
use crate::domain::heart::{HeartSeries, HeartSeriesBuilder, HeartZone, Resolution, ZoneMinutes};
use crate::provider::google::names::{DataType, Method};
use crate::provider::google::scalar::{Double, EnumName, Int, MAX_COUNT};
use crate::provider::google::wire::{
    DailyRollUpDataPointsResponse, DailyRollupDataPoint, HeartRateRollupValue,
    ListDataPointsResponse, RollUpDataPointsResponse,
};

/// Decodes a `:dailyRollUp` page and keeps, per civil day, what `pick` finds in it.
fn daily<T>(
    data_type: DataType,
    body: &[u8],
    pick: impl Fn(&DailyRollupDataPoint) -> Option<T>,
) -> Result<Page<(Date, T)>, ApiError> {
    let resp: DailyRollUpDataPointsResponse = parse(&data_type.path(Method::DailyRollUp), body)?;
    let items = resp
        .rollup_data_points
        .iter()
        .filter_map(|p| Some((p.civil_start_time?.to_date()?, pick(p)?)))
        .collect();
    Ok((by_date_dedup(items), next_token(resp.next_page_token)))
}

/// An omitted count in a present value object is a zero.
fn count(v: Option<Int>) -> Option<u64> {
    v.unwrap_or_default().count()
}

fn count_u32(v: Option<Int>) -> Option<u32> {
    v.unwrap_or_default().count_u32()
}

/// Steps per civil day (`steps.countSum`).
pub fn daily_rollup_steps(body: &[u8]) -> Result<Page<(Date, u64)>, ApiError> {
    daily(DataType::Steps, body, |p| {
        count(p.steps.as_ref()?.count_sum)
    })
}

/// Distance per civil day in metres (`distance.millimetersSum` / 1000).
pub fn daily_rollup_distance(body: &[u8]) -> Result<Page<(Date, f64)>, ApiError> {
    daily(DataType::Distance, body, |p| {
        count(p.distance.as_ref()?.millimeters_sum).map(|mm| mm as f64 / 1000.0)
    })
}

/// Total energy (including BMR) per civil day in kcal (`totalCalories.kcalSum`).
pub fn daily_rollup_total_calories(body: &[u8]) -> Result<Page<(Date, f64)>, ApiError> {
    daily(DataType::TotalCalories, body, |p| {
        let kcal = p.total_calories.as_ref()?.kcal_sum.unwrap_or_default();
        kcal.finite().filter(|k| *k >= 0.0)
    })
}

/// Floors per civil day (`floors.countSum`).
pub fn daily_rollup_floors(body: &[u8]) -> Result<Page<(Date, u32)>, ApiError> {
    daily(DataType::Floors, body, |p| {
        count_u32(p.floors.as_ref()?.count_sum)
    })
}

/// Active Zone Minutes credits per civil day (`activeZoneMinutes.sumIn{FatBurn,Cardio,Peak}HeartZone`;
/// cardio and peak already count double).
pub fn daily_rollup_azm(body: &[u8]) -> Result<Page<(Date, Azm)>, ApiError> {
    daily(DataType::ActiveZoneMinutes, body, |p| {
        let v = p.active_zone_minutes.as_ref()?;
        Some(Azm {
            fat_burn: count_u32(v.sum_in_fat_burn_heart_zone)?,
            cardio: count_u32(v.sum_in_cardio_heart_zone)?,
            peak: count_u32(v.sum_in_peak_heart_zone)?,
        })
    })
}

/// Active minutes per civil day: `MODERATE` + `VIGOROUS` of
/// `activeMinutes.activeMinutesRollupByActivityLevel` (`LIGHT` is not "active").
pub fn daily_rollup_active_minutes(body: &[u8]) -> Result<Page<(Date, u32)>, ApiError> {
    daily(DataType::ActiveMinutes, body, |p| {
        let v = p.active_minutes.as_ref()?;
        let mut total = 0u32;
        for level in &v.active_minutes_rollup_by_activity_level {
            let name = level.activity_level.as_ref().map(EnumName::as_str);
            if matches!(name, Some("MODERATE" | "VIGOROUS")) {
                total = total.saturating_add(count_u32(level.active_minutes_sum)?);
            }
        }
        (total <= MAX_COUNT).then_some(total)
    })
}

/// Minutes per heart-rate zone per civil day (`timeInHeartRateZone.timeInHeartRateZones[]`):
/// `LIGHT` → below zones, `MODERATE` → fat burn, `VIGOROUS` → cardio, `PEAK` → peak; durations
/// are rounded to whole minutes; unknown zones are ignored.
pub fn daily_rollup_time_in_zones(body: &[u8]) -> Result<Page<(Date, ZoneMinutes)>, ApiError> {
    daily(DataType::TimeInHeartRateZone, body, |p| {
        let v = p.time_in_heart_rate_zone.as_ref()?;
        let mut z = ZoneMinutes::default();
        for entry in &v.time_in_heart_rate_zones {
            let secs = entry.duration.map_or(0, |d| d.0.as_secs()).max(0);
            let minutes = u32::try_from(secs.saturating_add(30) / 60).ok()?;
            let slot = match entry.heart_rate_zone.as_ref().map(EnumName::as_str) {
                Some("LIGHT") => &mut z.below,
                Some("MODERATE") => &mut z.fat_burn,
                Some("VIGOROUS") => &mut z.cardio,
                Some("PEAK") => &mut z.peak,
                _ => continue,
            };
            *slot = slot.saturating_add(minutes);
        }
        HeartZone::ALL
            .iter()
            .all(|zone| z.get(*zone) <= MAX_COUNT)
            .then_some(z)
    })
}

/// Steps per physical window of a `:rollUp` (3600 s windows over a local day give one entry per
/// local clock hour: 23 or 25 on DST days). Windows without a value object (no data) are left
/// out; the caller decides whether a missing hour shows as 0 or as a gap. Oldest first.
pub fn rollup_hourly_steps(body: &[u8]) -> Result<Page<HourlySteps>, ApiError> {
    let resp: RollUpDataPointsResponse = parse(&DataType::Steps.path(Method::RollUp), body)?;
    let mut items: Vec<HourlySteps> = resp
        .rollup_data_points
        .iter()
        .filter_map(|p| {
            Some(HourlySteps {
                start: p.start_time?.0,
                steps: count_u32(p.steps.as_ref()?.count_sum)?,
            })
        })
        .collect();
    items.sort_by_key(|h| h.start);
    items.dedup_by_key(|h| h.start);
    Ok((items, next_token(resp.next_page_token)))
}

/// Adds one `:rollUp` page of `heart-rate` windows to `series` (each window's
/// `beatsPerMinuteMin/Max/Avg` at its `startTime`) and returns the next page token. Windows
/// without a value object stay gaps; windows outside the builder's day are ignored.
pub fn rollup_heart_into(
    body: &[u8],
    series: &mut HeartSeriesBuilder,
) -> Result<Option<String>, ApiError> {
    let resp: RollUpDataPointsResponse = parse(&DataType::HeartRate.path(Method::RollUp), body)?;
    for p in &resp.rollup_data_points {
        if let (Some(start), Some(v)) = (p.start_time, p.heart_rate.as_ref())
            && let Some((min, max, mean)) = heart_bucket(v)
        {
            series.push_bucket(start.0, min, max, mean);
        }
    }
    Ok(next_token(resp.next_page_token))
}

/// One page of a 60 s `heart-rate` `:rollUp` over the local day `[start, end)`, as a
/// per-minute series. For several pages, use [`rollup_heart_into`] with one builder.
pub fn rollup_heart(
    body: &[u8],
    start: Timestamp,
    end: Timestamp,
) -> Result<(HeartSeries, Option<String>), ApiError> {
    let mut builder = HeartSeriesBuilder::new(start, end, Resolution::Minute);
    let token = rollup_heart_into(body, &mut builder)?;
    Ok((builder.finish(), token))
}

/// `(min, max, mean)` of a window; `None` when it has no usable average.
fn heart_bucket(v: &HeartRateRollupValue) -> Option<(u16, u16, f64)> {
    let bpm = |x: f64| {
        let r = x.round();
        (r >= 1.0 && r <= f64::from(u16::MAX)).then_some(r as u16)
    };
    let avg = v
        .beats_per_minute_avg
        .and_then(Double::finite)
        .filter(|a| bpm(*a).is_some())?;
    let min = v
        .beats_per_minute_min
        .and_then(Double::finite)
        .and_then(bpm)
        .or_else(|| bpm(avg))?;
    let max = v
        .beats_per_minute_max
        .and_then(Double::finite)
        .and_then(bpm)
        .or_else(|| bpm(avg))?;
    Some((min.min(max), max.max(min), avg))
}

/// Adds one `list heart-rate` page of raw samples (`beatsPerMinute` at
/// `sampleTime.physicalTime`) to `series`; returns the next page token. For charts prefer the
/// 60 s rollup: raw samples come every 1–2 s.
pub fn heart_rate_samples_into(
    body: &[u8],
    series: &mut HeartSeriesBuilder,
) -> Result<Option<String>, ApiError> {
    let resp: ListDataPointsResponse = parse(&DataType::HeartRate.path(Method::List), body)?;
    for p in &resp.data_points {
        let Some(hr) = p.heart_rate.as_ref() else {
            continue;
        };
        if let (Some(at), Some(bpm)) = (
            hr.sample_time.and_then(|t| t.physical_time),
            hr.beats_per_minute.and_then(Int::bpm),
        ) {
            series.push(at.0, bpm);
        }
    }
    Ok(next_token(resp.next_page_token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn empty_pages() {
        assert_eq!(daily_rollup_steps(b"{}").unwrap(), (vec![], None));
        assert_eq!(
            daily_rollup_steps(br#"{"rollupDataPoints":[],"nextPageToken":"abc"}"#).unwrap(),
            (vec![], Some("abc".into()))
        );
        assert_eq!(
            rollup_hourly_steps(br#"{"rollupDataPoints":null,"nextPageToken":""}"#).unwrap(),
            (vec![], None)
        );
    }

    #[test]
    fn value_object_absent_is_no_data_but_empty_object_is_zero() {
        let body = br#"{"rollupDataPoints":[
            {"civilStartTime":{"date":{"year":2026,"month":11,"day":20},"time":{}}},
            {"civilStartTime":{"date":{"year":2026,"month":11,"day":21},"time":{}},"steps":{}},
            {"civilStartTime":{"date":{"year":2026,"month":11,"day":19}},"steps":{"countSum":12}}
        ]}"#;
        let (days, _) = daily_rollup_steps(body).unwrap();
        assert_eq!(
            days,
            vec![(date(2026, 11, 19), 12), (date(2026, 11, 21), 0)]
        );
    }

    #[test]
    fn heart_buckets_need_an_average() {
        let v = |avg: Option<f64>, min: Option<f64>, max: Option<f64>| HeartRateRollupValue {
            beats_per_minute_avg: avg.map(crate::provider::google::scalar::Double),
            beats_per_minute_min: min.map(crate::provider::google::scalar::Double),
            beats_per_minute_max: max.map(crate::provider::google::scalar::Double),
        };
        assert_eq!(
            heart_bucket(&v(Some(61.4), Some(57.0), Some(68.0))),
            Some((57, 68, 61.4))
        );
        assert_eq!(
            heart_bucket(&v(Some(61.4), None, None)),
            Some((61, 61, 61.4))
        );
        assert_eq!(heart_bucket(&v(None, Some(57.0), Some(68.0))), None);
        assert_eq!(heart_bucket(&v(Some(f64::NAN), None, None)), None);
        assert_eq!(heart_bucket(&v(Some(1e9), None, None)), None);
        assert_eq!(
            heart_bucket(&v(Some(60.0), Some(70.0), Some(50.0))),
            Some((50, 70, 60.0))
        );
    }
}
