//! Devices, tracker alarms and ECG readings.

use jiff::civil::Weekday;
use jiff::tz::{Offset, TimeZone};

use super::decode::{missing, parse, parse_object};
use super::lenient::Num;
use super::wire::{AlarmWire, AlarmsBody, DeviceWire, EcgBody};
use crate::api::ApiError;
use crate::domain::alarm::{Alarm, AlarmTime};
use crate::domain::device::{AlarmSupport, BatteryLevel, Device, DeviceKind};
use crate::domain::ecg::{EcgClassification, EcgReading};
use crate::provider::localtime::LocalTimeline;

const DEVICES: &str = "/1/user/-/devices.json";
const ALARMS: &str = "/1/user/-/devices/tracker/{tracker-id}/alarms.json";
const ECG: &str = "/1/user/-/ecg/list.json";

/// Decodes `GET /1/user/-/devices.json` (a top-level array; `[]` for no devices).
/// `lastSyncTime` is a local time placed in `tz`; `battery`, `batteryLevel`, `mac` are
/// optional. Trackers get [`AlarmSupport::Editable`] as a first guess (the caller downgrades a
/// tracker whose alarms endpoint answers 400); scales and unknown types get
/// [`AlarmSupport::None`]. A device without an `id` is skipped.
pub fn devices(body: &[u8], tz: &TimeZone) -> Result<Vec<Device>, ApiError> {
    let parsed: Vec<Option<DeviceWire>> = parse(DEVICES, body)?;
    Ok(parsed
        .into_iter()
        .flatten()
        .filter_map(|d| device(d, tz))
        .collect())
}

fn device(d: DeviceWire, tz: &TimeZone) -> Option<Device> {
    let kind = match d.kind.get().map(|k| k.trim().to_ascii_uppercase()) {
        Some(k) if k == "TRACKER" => DeviceKind::Tracker,
        Some(k) if k == "SCALE" => DeviceKind::Scale,
        Some(k) => DeviceKind::Other(k),
        None => DeviceKind::Other(String::new()),
    };
    Some(Device {
        id: d.id.into_option()?.trim().to_owned(),
        model: d
            .device_version
            .into_option()
            .unwrap_or_else(|| "Unknown device".to_owned()),
        battery: d.battery.get().map(|b| BatteryLevel::parse(b.trim())),
        battery_percent: d.battery_level.u8().map(|p| p.min(100)),
        last_sync: d
            .last_sync_time
            .0
            .and_then(|dt| LocalTimeline::new(tz.clone()).resolve(dt)),
        mac: d.mac.into_option(),
        features: d.features.into_iter().filter_map(|f| f.0).collect(),
        alarms: if kind == DeviceKind::Tracker {
            AlarmSupport::Editable
        } else {
            AlarmSupport::None
        },
        kind,
    })
}

/// Decodes `GET /1/user/-/devices/tracker/{tracker-id}/alarms.json` (`trackerAlarms`). Deleted
/// alarms are kept with `deleted: true` so the caller can hide them. An alarm without a
/// numeric `alarmId` or a readable `time` cannot be edited and is skipped. A body with the
/// singular `trackerAlarm` (create / update) gives that one alarm.
pub fn alarms(body: &[u8]) -> Result<Vec<Alarm>, ApiError> {
    let parsed: AlarmsBody = parse_object(ALARMS, body)?;
    let mut out: Vec<Alarm> = parsed
        .tracker_alarms
        .iter()
        .flatten()
        .filter_map(alarm_of)
        .collect();
    if out.is_empty()
        && let Some(one) = parsed.tracker_alarm.as_ref().and_then(alarm_of)
    {
        out.push(one);
    }
    Ok(out)
}

/// Decodes the `{"trackerAlarm": {...}}` answer of `POST .../alarms.json` (create) and
/// `POST .../alarms/{alarm-id}.json` (update); a one-element `trackerAlarms` list is accepted
/// too. An empty body (the API may answer 201 without one) is a decode error: list again.
pub fn alarm(body: &[u8]) -> Result<Alarm, ApiError> {
    let parsed: AlarmsBody = parse_object(ALARMS, body)?;
    parsed
        .tracker_alarm
        .as_ref()
        .and_then(alarm_of)
        .or_else(|| parsed.tracker_alarms.iter().flatten().find_map(alarm_of))
        .ok_or_else(|| missing(ALARMS, "a readable `trackerAlarm`"))
}

fn alarm_of(a: &AlarmWire) -> Option<Alarm> {
    let (time, offset) = parse_alarm_time(a.time.get()?)?;
    Some(Alarm {
        id: a.alarm_id.get()?.trim().parse().ok()?,
        time,
        offset,
        enabled: a.enabled.or(false),
        recurring: a.recurring.or(false),
        weekdays: a.week_days.0.iter().filter_map(|d| weekday(d)).collect(),
        snooze_length_min: a.snooze_length.u16().unwrap_or(9),
        snooze_count: a.snooze_count.u16().unwrap_or(3),
        label: a.label.get().map(|l| l.trim().to_owned()),
        vibe: a.vibe.get().unwrap_or("DEFAULT").trim().to_owned(),
        synced: a.synced_to_device.or(false),
        deleted: a.deleted.or(false),
    })
}

/// `MONDAY`, `Monday`, `MON` → Monday.
fn weekday(name: &str) -> Option<Weekday> {
    let head: String = name
        .trim()
        .chars()
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    Some(match head.as_str() {
        "MON" => Weekday::Monday,
        "TUE" => Weekday::Tuesday,
        "WED" => Weekday::Wednesday,
        "THU" => Weekday::Thursday,
        "FRI" => Weekday::Friday,
        "SAT" => Weekday::Saturday,
        "SUN" => Weekday::Sunday,
        _ => return None,
    })
}

/// `07:15-08:00` (documented), `07:15-0800` (python-fitbit), `07:15+05:30`, `07:15Z`, `07:15`
/// → the time and, when one is written, the UTC offset. An unreadable offset is dropped; an
/// unreadable time is `None`.
pub fn parse_alarm_time(s: &str) -> Option<(AlarmTime, Option<Offset>)> {
    let s = s.trim();
    let split = s
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, '+' | '-' | 'Z' | 'z'))
        .map_or(s.len(), |(i, _)| i);
    let (clock, zone) = s.split_at(split);
    let (h, m) = clock.split_once(':')?;
    let digits = |t: &str| {
        (!t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u8>().ok())
            .flatten()
    };
    let time = AlarmTime::new(digits(h)?, digits(m)?)?;
    Some((time, parse_offset(zone)))
}

fn parse_offset(zone: &str) -> Option<Offset> {
    let zone = zone.trim();
    if zone.eq_ignore_ascii_case("z") {
        return Some(Offset::UTC);
    }
    let (sign, rest) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if m >= 60 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// Decodes `GET /1/user/-/ecg/list.json?...` into readings and the `pagination.next` URL
/// (`None` for `""`). `startTime` is a local time placed in `tz`; `samplingFrequencyHz` is
/// read as a string or a number; missing samples read as 0 so positions stay right. A reading
/// without a readable `startTime` is skipped.
pub fn ecg_list(body: &[u8], tz: &TimeZone) -> Result<(Vec<EcgReading>, Option<String>), ApiError> {
    let parsed: EcgBody = parse_object(ECG, body)?;
    let readings = parsed
        .ecg_readings
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let start = LocalTimeline::new(tz.clone()).resolve(r.start_time.0?)?;
            let text = r.result_classification.into_option().unwrap_or_default();
            Some(EcgReading {
                start,
                classification: EcgClassification::parse(&text),
                classification_text: text,
                average_hr: r.average_heart_rate.u16().filter(|hr| *hr > 0),
                sampling_hz: positive(r.sampling_frequency_hz),
                scaling_factor: positive(r.scaling_factor),
                samples: r
                    .waveform_samples
                    .iter()
                    .map(|s| s.i32().unwrap_or(0))
                    .collect(),
                lead: r.lead_number.u8(),
                device: r.device_name.into_option(),
            })
        })
        .collect();
    Ok((
        readings,
        parsed.pagination.and_then(|p| p.next.into_option()),
    ))
}

fn positive(n: Num) -> f64 {
    n.f64().filter(|v| *v > 0.0).unwrap_or(0.0)
}
