//! Paired devices, ECG readings, weight and body-fat samples.
//!
//! Request forms:
//! - devices: `GET users/me/pairedDevices?pageSize=100` (`settings.readonly`; default page is 5).
//! - ECG: `GET users/me/dataTypes/electrocardiogram/dataPoints` (`list` only: ECG is not in the
//!   reconciled stream) with `filter = filter_ecg_since(start)` (only a lower bound exists, so
//!   the caller drops readings past the end of the day it wants).
//! - weight and body fat: `GET users/me/dataTypes/{weight,body-fat}/dataPoints` with
//!   `filter = filter_sample_physical(DataType::Weight, start, end)` (and `BodyFat`), merged
//!   into weigh-ins by [`weigh_ins`].

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{Page, last_segment, local_date, next_token, parse};
use crate::api::ApiError;
use crate::domain::device::{AlarmSupport, BatteryLevel, Device, DeviceKind};
use crate::domain::ecg::{EcgClassification, EcgReading};
use crate::domain::weight::{WeighIn, normalize};
use crate::provider::google::names::{DataType, Method, PAIRED_DEVICES_PATH};
use crate::provider::google::scalar::{CivilDateTime, EnumName, Int};
use crate::provider::google::wire::{
    DataPoint, ListDataPointsResponse, ListPairedDevicesResponse, PairedDevice,
};

/// Decodes a page of paired devices. `features` containing `ALARMS` means the device has silent
/// alarms, which Google offers no API for: [`AlarmSupport::DeviceOnly`].
pub fn paired_devices(body: &[u8]) -> Result<Page<Device>, ApiError> {
    let resp: ListPairedDevicesResponse = parse(PAIRED_DEVICES_PATH, body)?;
    let devices = resp.paired_devices.into_iter().map(device).collect();
    Ok((devices, next_token(resp.next_page_token)))
}

fn device(d: PairedDevice) -> Device {
    let id = d
        .name
        .as_deref()
        .map(last_segment)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(|| d.mac_address.clone().filter(|m| !m.is_empty()))
        .unwrap_or_default();
    let kind = match d.device_type.as_ref().map(EnumName::as_str) {
        Some("TRACKER") => DeviceKind::Tracker,
        Some("SCALE") => DeviceKind::Scale,
        Some(other) => DeviceKind::Other(other.to_string()),
        None => DeviceKind::Other("DEVICE_TYPE_UNSPECIFIED".into()),
    };
    let alarms = if d.features.iter().any(|f| f == "ALARMS") {
        AlarmSupport::DeviceOnly
    } else {
        AlarmSupport::None
    };
    Device {
        id,
        model: d
            .device_version
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "Unknown device".into()),
        kind,
        battery: d
            .battery_status
            .filter(|b| !b.is_empty())
            .map(|b| BatteryLevel::parse(&b)),
        battery_percent: d
            .battery_level
            .and_then(|l| u8::try_from(l.0).ok())
            .filter(|p| *p <= 100),
        last_sync: d.last_sync_time.map(|t| t.0),
        mac: d.mac_address.filter(|m| !m.is_empty()),
        features: d.features,
        alarms,
    }
}

/// Decodes a page of ECG readings, oldest first. Readings without a start time are left out.
/// `waveformSamples` / `millivoltsScalingFactor` = millivolts; the classification enum is
/// worded for display (`INCONCLUSIVE_HIGH_HEART_RATE` → "Inconclusive: high heart rate") and
/// parsed with [`EcgClassification::parse`].
pub fn electrocardiogram(body: &[u8]) -> Result<Page<EcgReading>, ApiError> {
    let resp: ListDataPointsResponse =
        parse(&DataType::Electrocardiogram.path(Method::List), body)?;
    let mut readings: Vec<EcgReading> = resp
        .data_points
        .iter()
        .filter_map(|p| {
            let e = p.electrocardiogram.as_ref()?;
            let start = e.interval?.start_time?.0;
            let text = classification_text(e.result_classification.as_ref().map(EnumName::as_str));
            let device = e
                .medical_device_info
                .as_ref()
                .and_then(|m| m.device_model.clone())
                .or_else(|| {
                    p.data_source
                        .as_ref()?
                        .device
                        .as_ref()?
                        .display_name
                        .clone()
                })
                .filter(|d| !d.is_empty());
            Some(EcgReading {
                start,
                classification: EcgClassification::parse(&text),
                classification_text: text,
                average_hr: e.beats_per_minute_avg.and_then(Int::bpm),
                sampling_hz: e
                    .sampling_frequency_hertz
                    .map_or(0.0, |f| f.0.max(0) as f64),
                scaling_factor: e
                    .millivolts_scaling_factor
                    .map_or(0.0, |f| f.0.max(0) as f64),
                samples: e
                    .waveform_samples
                    .iter()
                    .map(|s| {
                        i32::try_from(s.0).unwrap_or(if s.0 < 0 { i32::MIN } else { i32::MAX })
                    })
                    .collect(),
                lead: e.lead_number.and_then(|l| u8::try_from(l.0).ok()),
                device,
            })
        })
        .collect();
    readings.sort_by_key(|r| r.start);
    Ok((readings, next_token(resp.next_page_token)))
}

/// Display wording of a `resultClassification`.
fn classification_text(raw: Option<&str>) -> String {
    match raw {
        Some("NORMAL_SINUS_RHYTHM") => "Normal sinus rhythm".into(),
        Some("ATRIAL_FIBRILLATION") => "Atrial fibrillation".into(),
        Some("INCONCLUSIVE") => "Inconclusive".into(),
        Some("INCONCLUSIVE_HIGH_HEART_RATE") => "Inconclusive: high heart rate".into(),
        Some("INCONCLUSIVE_LOW_HEART_RATE") => "Inconclusive: low heart rate".into(),
        Some("UNREADABLE") => "Unreadable".into(),
        Some("NOT_ANALYZED") => "Not analyzed".into(),
        None | Some("" | "RESULT_CLASSIFICATION_UNSPECIFIED") => "Unclassified".into(),
        Some(other) => other.to_string(),
    }
}

/// One weight measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightReading {
    pub at: Timestamp,
    /// The local date of the measurement (its civil time, else its offset, else `tz`).
    pub date: Date,
    pub kg: f64,
    /// Where it came from: the device's display name, else the app's package name, else the
    /// platform (`HEALTH_CONNECT`, ...).
    pub source: Option<String>,
}

/// One body-fat measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyFatReading {
    pub at: Timestamp,
    pub percent: f64,
}

/// A point's source, as [`WeightReading::source`] describes it.
fn source_of(p: &DataPoint) -> Option<String> {
    let s = p.data_source.as_ref()?;
    let nonempty = |v: Option<&str>| v.filter(|v| !v.trim().is_empty()).map(str::to_string);
    nonempty(s.device.as_ref().and_then(|d| d.display_name.as_deref()))
        .or_else(|| {
            nonempty(
                s.application
                    .as_ref()
                    .and_then(|a| a.package_name.as_deref()),
            )
        })
        .or_else(|| {
            nonempty(s.platform.as_ref().map(EnumName::as_str))
                .filter(|p| p != "PLATFORM_UNSPECIFIED")
        })
}

/// Decodes a page of weight samples (`weightGrams` → kg), oldest first.
pub fn weight(body: &[u8], tz: &TimeZone) -> Result<Page<WeightReading>, ApiError> {
    let resp: ListDataPointsResponse = parse(&DataType::Weight.path(Method::List), body)?;
    let mut readings: Vec<WeightReading> = resp
        .data_points
        .iter()
        .filter_map(|p| {
            let w = p.weight.as_ref()?;
            let t = w.sample_time?;
            let at = t.physical_time?.0;
            let grams = w.weight_grams?.finite().filter(|g| *g > 0.0)?;
            let civil = t.civil_time.and_then(CivilDateTime::to_date);
            Some(WeightReading {
                at,
                date: civil.unwrap_or_else(|| local_date(at, t.utc_offset.map(|d| d.0), None, tz)),
                kg: grams / 1000.0,
                source: source_of(p),
            })
        })
        .collect();
    readings.sort_by_key(|r| r.at);
    Ok((readings, next_token(resp.next_page_token)))
}

/// Decodes a page of body-fat samples (`bodyFat.percentage`), oldest first. A percentage
/// outside `(0, 100]` is skipped.
pub fn body_fat(body: &[u8]) -> Result<Page<BodyFatReading>, ApiError> {
    let resp: ListDataPointsResponse = parse(&DataType::BodyFat.path(Method::List), body)?;
    let mut readings: Vec<BodyFatReading> = resp
        .data_points
        .iter()
        .filter_map(|p| {
            let f = p.body_fat.as_ref()?;
            let at = f.sample_time?.physical_time?.0;
            let percent = f.percentage?.finite().filter(|v| *v > 0.0 && *v <= 100.0)?;
            Some(BodyFatReading { at, percent })
        })
        .collect();
    readings.sort_by_key(|r| r.at);
    Ok((readings, next_token(resp.next_page_token)))
}

/// Longest distance between a weight and a body-fat sample of one weigh-in (a scale writes
/// both at once; a hand-logged pair may be a little apart).
const SAME_WEIGH_IN: i64 = 120;

/// The weigh-ins of `weights`, oldest first, each with the body fat measured with it: the
/// body-fat sample at the same instant, else the nearest one within two minutes on the same
/// day. A body-fat sample without a weight is not a weigh-in and is dropped.
pub fn weigh_ins(weights: Vec<WeightReading>, fats: &[BodyFatReading]) -> Vec<WeighIn> {
    let merged = weights
        .into_iter()
        .map(|w| {
            let fat = fats
                .iter()
                .map(|f| (f.at.duration_since(w.at).as_secs().abs(), f))
                .filter(|(gap, _)| *gap <= SAME_WEIGH_IN)
                .min_by_key(|(gap, _)| *gap)
                .map(|(_, f)| f.percent);
            WeighIn {
                at: w.at,
                date: w.date,
                weight_kg: w.kg,
                body_fat_pct: fat,
                source: w.source,
            }
        })
        .collect();
    normalize(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_device() {
        let (devs, token) =
            paired_devices(br#"{"pairedDevices":[{"name":"users/me/pairedDevices/9","deviceType":"WATCH_NEW","batteryLevel":150}],"nextPageToken":"t"}"#)
                .unwrap();
        assert_eq!(token.as_deref(), Some("t"));
        let d = &devs[0];
        assert_eq!(d.id, "9");
        assert_eq!(d.kind, DeviceKind::Other("WATCH_NEW".into()));
        assert_eq!(d.battery, None);
        assert_eq!(d.battery_percent, None);
        assert_eq!(d.last_sync, None);
        assert_eq!(d.model, "Unknown device");
        assert_eq!(d.alarms, AlarmSupport::None);
    }

    #[test]
    fn classification_wording() {
        for (raw, class) in [
            (
                Some("NORMAL_SINUS_RHYTHM"),
                EcgClassification::NormalSinusRhythm,
            ),
            (
                Some("ATRIAL_FIBRILLATION"),
                EcgClassification::AtrialFibrillation,
            ),
            (
                Some("INCONCLUSIVE_LOW_HEART_RATE"),
                EcgClassification::Inconclusive,
            ),
            (
                Some("UNREADABLE"),
                EcgClassification::Other("Unreadable".into()),
            ),
            (None, EcgClassification::Other("Unclassified".into())),
            (
                Some("NEW_THING"),
                EcgClassification::Other("NEW_THING".into()),
            ),
        ] {
            assert_eq!(
                EcgClassification::parse(&classification_text(raw)),
                class,
                "{raw:?}"
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact values, decoded from the bodies below
mod weight_tests {
    use super::*;

    /// Reference §6.8 (a scale app through Health Connect), plus a Fitbit scale's pair.
    const WEIGHT_PAGE: &[u8] = br#"{"dataPoints":[
      {"name":"users/1173016576421350648/dataTypes/weight/dataPoints/8107172512320991248",
       "dataSource":{"recordingMethod":"UNKNOWN","device":{},"application":{"packageName":"jp.healthplanet.healthplanetapp"},"platform":"HEALTH_CONNECT"},
       "weight":{"sampleTime":{"physicalTime":"2026-09-25T22:15:10Z","utcOffset":"32400s",
                               "civilTime":{"date":{"year":2026,"month":9,"day":26},"time":{"hours":7,"minutes":15,"seconds":10}}},
                 "weightGrams":90200}},
      {"name":"users/1/dataTypes/weight/dataPoints/2",
       "dataSource":{"recordingMethod":"PASSIVELY_MEASURED","device":{"formFactor":"SCALE","manufacturer":"Fitbit","displayName":"Aria Air"},"platform":"FITBIT"},
       "weight":{"sampleTime":{"physicalTime":"2026-09-24T22:00:00Z"},"weightGrams":90400.5}}
    ],"nextPageToken":"next"}"#;

    const FAT_PAGE: &[u8] = br#"{"dataPoints":[
      {"name":"users/1/dataTypes/body-fat/dataPoints/3",
       "bodyFat":{"sampleTime":{"physicalTime":"2026-09-24T22:00:30Z"},"percentage":24.3}},
      {"name":"users/1/dataTypes/body-fat/dataPoints/4",
       "bodyFat":{"sampleTime":{"physicalTime":"2026-09-20T22:00:00Z"},"percentage":101}}
    ]}"#;

    fn tokyo() -> TimeZone {
        TimeZone::get("Asia/Tokyo").unwrap()
    }

    #[test]
    fn weight_in_grams_with_its_source() {
        let (w, next) = weight(WEIGHT_PAGE, &tokyo()).unwrap();
        assert_eq!(next.as_deref(), Some("next"));
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].kg, 90.4005);
        assert_eq!(w[0].source.as_deref(), Some("Aria Air"));
        assert_eq!(w[1].kg, 90.2);
        assert_eq!(w[1].date, Date::constant(2026, 9, 26));
        assert_eq!(
            w[1].source.as_deref(),
            Some("jp.healthplanet.healthplanetapp")
        );
    }

    #[test]
    fn body_fat_percentages_and_the_empty_last_page() {
        let (f, next) = body_fat(FAT_PAGE).unwrap();
        assert_eq!(next, None);
        assert_eq!(f.len(), 1, "101 % is skipped");
        assert_eq!(f[0].percent, 24.3);
        assert_eq!(body_fat(b"{}").unwrap(), (Vec::new(), None));
        assert!(body_fat(b"{\"dataPoints\": 3}").is_err());
    }

    #[test]
    fn body_fat_joins_the_weigh_in_it_was_measured_with() {
        let (w, _) = weight(WEIGHT_PAGE, &tokyo()).unwrap();
        let (f, _) = body_fat(FAT_PAGE).unwrap();
        let merged = weigh_ins(w, &f);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].body_fat_pct, Some(24.3));
        assert_eq!(merged[1].body_fat_pct, None);
        assert_eq!(merged[1].weight_kg, 90.2);
    }
}
