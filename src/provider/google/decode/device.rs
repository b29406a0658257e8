//! Paired devices, ECG readings and weight samples.
//!
//! Request forms:
//! - devices: `GET users/me/pairedDevices?pageSize=100` (`settings.readonly`; default page is 5).
//! - ECG: `GET users/me/dataTypes/electrocardiogram/dataPoints` (`list` only: ECG is not in the
//!   reconciled stream) with `filter = filter_ecg_since(start)` (only a lower bound exists, so
//!   the caller drops readings past the end of the day it wants).
//! - weight: `GET users/me/dataTypes/weight/dataPoints` with
//!   `filter = filter_sample_physical(DataType::Weight, start, end)`.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{Page, last_segment, local_date, next_token, parse};
use crate::api::ApiError;
use crate::domain::device::{AlarmSupport, BatteryLevel, Device, DeviceKind};
use crate::domain::ecg::{EcgClassification, EcgReading};
use crate::provider::google::names::{DataType, Method, PAIRED_DEVICES_PATH};
use crate::provider::google::scalar::{CivilDateTime, EnumName, Int};
use crate::provider::google::wire::{
    ListDataPointsResponse, ListPairedDevicesResponse, PairedDevice,
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightReading {
    pub at: Timestamp,
    /// The local date of the measurement (its civil time, else its offset, else `tz`).
    pub date: Date,
    pub kg: f64,
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
            })
        })
        .collect();
    readings.sort_by_key(|r| r.at);
    Ok((readings, next_token(resp.next_page_token)))
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
