//! Bodies that bend the contract the ways proto3 JSON allows (numbers for int64, nulls,
//! unknown keys and enum values, odd fraction digits) and bodies that break it.

use fittui::api::ApiError;
use fittui::domain::device::{AlarmSupport, BatteryLevel, DeviceKind};
use fittui::domain::sleep::{SleepKind, SleepLevel};
use fittui::provider::google::{self as g, DataType, Method};
use jiff::civil::date;
use jiff::tz::TimeZone;

use super::fixture;

#[test]
fn quirk_numbers_strings_nulls_and_unknown_keys() {
    let (days, next) =
        g::daily_rollup_steps(&fixture("quirks/daily-rollup-steps-numbers-and-nulls.json"))
            .unwrap();
    assert_eq!(next, None);
    assert_eq!(
        days,
        vec![
            (date(2026, 11, 19), 0),
            (date(2026, 11, 20), 1000),
            (date(2026, 11, 21), 9525)
        ]
    );
}

#[test]
fn quirk_unknown_enum_values_are_kept() {
    let (devs, _) =
        g::paired_devices(&fixture("quirks/paired-devices-unknown-values.json")).unwrap();
    assert_eq!(devs[0].kind, DeviceKind::Other("RING".into()));
    assert_eq!(
        devs[0].battery,
        Some(BatteryLevel::Other("Charging".into()))
    );
    assert_eq!(devs[0].battery_percent, Some(87));
    assert_eq!(devs[0].alarms, AlarmSupport::None);
    assert_eq!(devs[1].kind, DeviceKind::Other("1".into()));
    assert_eq!(devs[1].id, "AA:BB:CC:00:11:22");
    assert_eq!(devs[1].battery, None);
    assert_eq!(devs[1].alarms, AlarmSupport::DeviceOnly);

    let (recs, _) = g::sleep(
        &fixture("quirks/sleep-unknown-stage-types.json"),
        &TimeZone::UTC,
    )
    .unwrap();
    let r = &recs[0];
    assert_eq!(r.date, date(2026, 11, 20), "22:30 at -08:00");
    assert_eq!(r.stages_status.as_deref(), Some("SOMETHING_NEW"));
    let s = &r.session;
    assert_eq!(s.kind, SleepKind::Stages, "inferred from LIGHT/DEEP stages");
    let levels: Vec<_> = s.segments.iter().map(|x| x.level).collect();
    // The zero-length DEEP stage is dropped; the unknown one is kept as Unknown.
    assert_eq!(
        levels,
        [SleepLevel::Light, SleepLevel::Unknown, SleepLevel::Wake]
    );
    assert_eq!(s.minutes_asleep, 20);
    assert_eq!(
        s.minutes_awake, 10,
        "computed from the timeline when omitted"
    );
    let stages: Vec<_> = s.stages.iter().map(|t| (t.level, t.minutes)).collect();
    assert_eq!(stages, [(SleepLevel::Light, 10)]);
    assert!(!s.processing);
}

#[test]
fn malformed_bodies_are_decode_errors_naming_the_endpoint() {
    let endpoint = |e: ApiError| match e {
        ApiError::Decode { endpoint, detail } => {
            assert!(detail.contains("line"), "{detail}");
            endpoint
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        endpoint(g::daily_rollup_steps(b"").unwrap_err()),
        DataType::Steps.path(Method::DailyRollUp)
    );
    assert_eq!(
        endpoint(
            g::daily_rollup_steps(br#"{"rollupDataPoints":[{"steps":{"countSum":{}}}]}"#)
                .unwrap_err()
        ),
        "users/me/dataTypes/steps/dataPoints:dailyRollUp"
    );
    assert_eq!(
        endpoint(
            g::rollup_hourly_steps(br#"{"rollupDataPoints":[{"startTime":"yesterday"}]}"#)
                .unwrap_err()
        ),
        "users/me/dataTypes/steps/dataPoints:rollUp"
    );
    assert_eq!(
        endpoint(g::sleep(b"[]", &TimeZone::UTC).unwrap_err()),
        "users/me/dataTypes/sleep/dataPoints"
    );
    assert_eq!(
        endpoint(g::paired_devices(b"<html></html>").unwrap_err()),
        "users/me/pairedDevices"
    );
    assert_eq!(
        endpoint(g::settings(br#"{"utcOffset": 3600}"#).unwrap_err()),
        "users/me/settings"
    );
}
