//! Daily data types from `list` or `:reconcile`: one record per civil day, keyed by `date`.
//!
//! Request form: `GET users/me/dataTypes/{type}/dataPoints:reconcile` (or plain `list`) with
//! `filter = filter_daily(type, start, end_exclusive)` (`{snake}.date >= "…" AND {snake}.date <
//! "…"`) and `pageSize` ≥ the number of days. The reconciled stream is what the Fitbit app shows;
//! `list` may hold one record per source for a day, in which case the first one sent is kept.
//! Results are oldest first; a day without a record is absent (never zero).

use jiff::civil::Date;

use super::{Page, by_date_dedup, next_token, parse};
use crate::api::ApiError;
use crate::domain::DailyValue;
use crate::domain::heart::{Hrv, ZoneThresholds};
use crate::domain::sleep::Spo2;
use crate::provider::google::names::{DataType, Method};
use crate::provider::google::scalar::{Date as WireDate, Double, EnumName, Int};
use crate::provider::google::wire::{DataPoint, ListDataPointsResponse};

/// Decodes a list/reconcile page and keeps, per date, what `pick` finds in each point.
fn daily<T>(
    data_type: DataType,
    body: &[u8],
    pick: impl Fn(&DataPoint) -> Option<(Option<WireDate>, Option<T>)>,
) -> Result<Page<(Date, T)>, ApiError> {
    let resp: ListDataPointsResponse = parse(&data_type.path(Method::List), body)?;
    let items = resp
        .data_points
        .iter()
        .filter_map(|p| {
            let (date, value) = pick(p)?;
            Some((date?.to_date()?, value?))
        })
        .collect();
    Ok((by_date_dedup(items), next_token(resp.next_page_token)))
}

fn finite(v: Option<Double>) -> Option<f64> {
    v.and_then(Double::finite)
}

/// Resting heart rate per day (`dailyRestingHeartRate.beatsPerMinute`), as trend values.
pub fn daily_resting_heart_rate(body: &[u8]) -> Result<Page<DailyValue<u16>>, ApiError> {
    let (items, token) = daily(DataType::DailyRestingHeartRate, body, |p| {
        let v = p.daily_resting_heart_rate.as_ref()?;
        Some((v.date, v.beats_per_minute.and_then(Int::bpm)))
    })?;
    let values = items
        .into_iter()
        .map(|(date, bpm)| DailyValue {
            date,
            value: Some(bpm),
        })
        .collect();
    Ok((values, token))
}

/// Nightly HRV per day: `averageHeartRateVariabilityMilliseconds` → daily RMSSD,
/// `deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds` → deep-sleep RMSSD.
pub fn daily_hrv(body: &[u8]) -> Result<Page<(Date, Hrv)>, ApiError> {
    daily(DataType::DailyHeartRateVariability, body, |p| {
        let v = p.daily_heart_rate_variability.as_ref()?;
        let hrv = finite(v.average_heart_rate_variability_milliseconds).map(|daily| Hrv {
            daily_rmssd_ms: daily,
            deep_rmssd_ms: finite(
                v.deep_sleep_root_mean_square_of_successive_differences_milliseconds,
            ),
        });
        Some((v.date, hrv))
    })
}

/// Heart-rate zone lower bounds per day (`heartRateZones[].minBeatsPerMinute`): `MODERATE` →
/// fat burn, `VIGOROUS` → cardio, `PEAK` → peak, `LIGHT` → the zone below (optional). A day
/// missing one of the three is left out.
pub fn daily_heart_rate_zones(body: &[u8]) -> Result<Page<(Date, ZoneThresholds)>, ApiError> {
    daily(DataType::DailyHeartRateZones, body, |p| {
        let v = p.daily_heart_rate_zones.as_ref()?;
        let min_of = |zone: &str| {
            v.heart_rate_zones
                .iter()
                .find(|z| z.heart_rate_zone_type.as_ref().map(EnumName::as_str) == Some(zone))
                .and_then(|z| z.min_beats_per_minute)
                .and_then(Int::bpm)
        };
        let zones = match (min_of("MODERATE"), min_of("VIGOROUS"), min_of("PEAK")) {
            (Some(fat_burn), Some(cardio), Some(peak)) => Some(ZoneThresholds {
                fat_burn,
                cardio,
                peak,
                light: min_of("LIGHT"),
            }),
            _ => None,
        };
        Some((v.date, zones))
    })
}

/// Nightly `SpO2` per day: `averagePercentage`, `lowerBoundPercentage` → min,
/// `upperBoundPercentage` → max.
pub fn daily_spo2(body: &[u8]) -> Result<Page<(Date, Spo2)>, ApiError> {
    daily(DataType::DailyOxygenSaturation, body, |p| {
        let v = p.daily_oxygen_saturation.as_ref()?;
        let spo2 = finite(v.average_percentage).map(|avg| Spo2 {
            avg,
            min: finite(v.lower_bound_percentage),
            max: finite(v.upper_bound_percentage),
        });
        Some((v.date, spo2))
    })
}

/// Breaths per minute per day (`dailyRespiratoryRate.breathsPerMinute`).
pub fn daily_respiratory_rate(body: &[u8]) -> Result<Page<(Date, f64)>, ApiError> {
    daily(DataType::DailyRespiratoryRate, body, |p| {
        let v = p.daily_respiratory_rate.as_ref()?;
        Some((v.date, finite(v.breaths_per_minute)))
    })
}

/// Skin-temperature deviation per day in °C: `nightlyTemperatureCelsius −
/// baselineTemperatureCelsius` (Google sends no delta); days missing either are left out.
pub fn daily_skin_temperature(body: &[u8]) -> Result<Page<(Date, f64)>, ApiError> {
    daily(DataType::DailySleepTemperatureDerivations, body, |p| {
        let v = p.daily_sleep_temperature_derivations.as_ref()?;
        let delta = finite(v.nightly_temperature_celsius)
            .zip(finite(v.baseline_temperature_celsius))
            .map(|(nightly, baseline)| nightly - baseline)
            .filter(|d| d.is_finite());
        Some((v.date, delta))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn list_sources_collapse_to_one_per_day_oldest_first() {
        let body = br#"{"dataPoints":[
          {"dataSource":{"platform":"FITBIT"},"dailyRespiratoryRate":{"date":{"year":2026,"month":11,"day":21},"breathsPerMinute":15.5}},
          {"dataSource":{"platform":"HEALTH_CONNECT"},"dailyRespiratoryRate":{"date":{"year":2026,"month":11,"day":21},"breathsPerMinute":99}},
          {"dailyRespiratoryRate":{"date":{"year":2026,"month":11,"day":20},"breathsPerMinute":"14.25"}},
          {"dailyRespiratoryRate":{"date":{"year":2026,"month":11,"day":19}}},
          {"steps":{"count":"4"}}
        ],"nextPageToken":"n2"}"#;
        let (days, token) = daily_respiratory_rate(body).unwrap();
        assert_eq!(
            days,
            vec![(date(2026, 11, 20), 14.25), (date(2026, 11, 21), 15.5)]
        );
        assert_eq!(token.as_deref(), Some("n2"));
    }

    #[test]
    fn skin_temperature_needs_both_values() {
        let body = br#"{"dataPoints":[
          {"dailySleepTemperatureDerivations":{"date":{"year":2026,"month":11,"day":20},"nightlyTemperatureCelsius":34.1,"baselineTemperatureCelsius":34.4}},
          {"dailySleepTemperatureDerivations":{"date":{"year":2026,"month":11,"day":21},"nightlyTemperatureCelsius":34.1}}
        ]}"#;
        let (days, _) = daily_skin_temperature(body).unwrap();
        assert_eq!(days.len(), 1);
        assert!((days[0].1 - -0.3).abs() < 1e-9);
    }
}
