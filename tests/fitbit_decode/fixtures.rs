//! The reference's example bodies decode to the values they show, units converted and local
//! times placed in the account's zone.

use fittui::domain::activity::{Azm, GoalSource};
use fittui::domain::alarm::{AlarmTime, Weekdays};
use fittui::domain::device::{AlarmSupport, BatteryLevel, DeviceKind};
use fittui::domain::ecg::EcgClassification;
use fittui::domain::heart::{Resolution, ZoneMinutes, ZoneThresholds};
use fittui::domain::sleep::{SleepKind, SleepLevel, StageTotal};
use fittui::domain::units::{TemperatureUnit, UnitSystem};
use fittui::provider::fitbit::decode;
use jiff::civil::{Date, Weekday, date};
use jiff::tz::Offset;

use super::{fixture, ts, tz};

#[test]
fn profile_reads_zone_units_and_identity() {
    let a = decode::profile(&fixture("profile")).unwrap();
    assert_eq!(a.user_id, "GGNJL9");
    assert_eq!(a.display_name.as_deref(), Some("Alex E."));
    assert_eq!(a.time_zone_name, "Europe/London");
    assert_eq!(a.time_zone, tz("Europe/London"));
    assert_eq!(a.units, UnitSystem::Metric);
    assert_eq!(a.temperature_unit, TemperatureUnit::Celsius);
    assert_eq!(a.clock_12h, Some(false));
    assert_eq!(a.member_since, Some(date(2016, 11, 10)));
}

#[test]
fn profile_of_an_old_account_without_newer_fields() {
    let a = decode::profile(&fixture("profile_old_account")).unwrap();
    assert_eq!(a.user_id, "22B3LQ");
    assert_eq!(a.display_name.as_deref(), Some("Sam Old"));
    assert_eq!(a.units, UnitSystem::Imperial);
    assert_eq!(a.temperature_unit, TemperatureUnit::Fahrenheit);
    assert_eq!(a.clock_12h, None);
    assert_eq!(a.time_zone, tz("America/Los_Angeles"));
}

#[test]
fn profile_with_unknown_zone_falls_back_to_the_offset() {
    let body =
        br#"{"user":{"encodedId":"X","timezone":"Mars/Olympus","offsetFromUTCMillis":3600000}}"#;
    let a = decode::profile(body).unwrap();
    assert_eq!(a.time_zone_name, "Mars/Olympus");
    let t = ts("2026-07-01T12:00:00Z");
    assert_eq!(a.time_zone.to_offset(t), Offset::from_hours(1).unwrap());
    let a = decode::profile(br#"{"user":{"encodedId":"X"}}"#).unwrap();
    assert_eq!(
        (a.time_zone_name.as_str(), a.time_zone.to_offset(t)),
        ("UTC", Offset::UTC)
    );
    assert!(decode::profile(br#"{"user":{}}"#).is_err());
    assert!(decode::profile(b"{}").is_err());
}

#[test]
fn activity_summary_converts_km_and_sums_active_minutes() {
    let (summary, goals) =
        decode::activity_summary(&fixture("activity_day"), date(2024, 3, 5)).unwrap();
    let s = summary.unwrap();
    assert_eq!(s.steps, 1698);
    assert!((s.distance_m - 1260.0).abs() < 1e-9);
    assert_eq!(s.calories_kcal, Some(2628.0));
    assert_eq!(s.floors, Some(0));
    assert_eq!(s.active_minutes, Some(0));
    assert_eq!(s.azm, None);
    let g = goals.unwrap();
    assert_eq!(g.steps, Some(6800));
    assert!((g.distance_m.unwrap() - 8050.0).abs() < 1e-9);
    assert_eq!(g.calories_kcal, Some(1950.0));
    assert_eq!(
        (g.floors, g.active_minutes, g.azm),
        (Some(10), Some(30), None)
    );
    assert_eq!(g.source, GoalSource::Provider);
}

#[test]
fn a_day_without_the_tracker_has_no_summary() {
    let (summary, goals) =
        decode::activity_summary(&fixture("activity_day_not_worn"), date(2024, 3, 6)).unwrap();
    assert_eq!(summary, None);
    assert_eq!(goals.unwrap().steps, Some(6800));
    let (summary, goals) = decode::activity_summary(b"{}", date(2024, 3, 6)).unwrap();
    assert_eq!((summary, goals), (None, None));
}

#[test]
fn time_series_values_are_strings() {
    let steps = decode::daily_values(&fixture("activities_steps"), "activities-steps").unwrap();
    assert_eq!(steps.len(), 7);
    assert_eq!(
        (steps[0].date, steps[0].value),
        (date(2018, 12, 26), Some(2504.0))
    );
    assert_eq!(
        (steps[6].date, steps[6].value),
        (date(2019, 1, 1), Some(1698.0))
    );
    let dist = decode::daily_values(&fixture("activities_distance"), "distance").unwrap();
    assert_eq!(
        dist.iter().map(|d| d.value).collect::<Vec<_>>(),
        [Some(1.0), Some(2.0)]
    );
    let daily = decode::daily_values(&fixture("steps_intraday"), "steps").unwrap();
    assert_eq!(
        (daily[0].date, daily[0].value),
        (date(2024, 3, 5), Some(7390.0))
    );
    assert!(
        decode::daily_values(&fixture("activities_steps"), "tracker/steps")
            .unwrap()
            .is_empty()
    );
    let empty = decode::daily_values(br#"{"activities-tracker-steps": []}"#, "tracker/steps");
    assert!(empty.unwrap().is_empty());
}

#[test]
fn hourly_steps_from_the_intraday_dataset() {
    let hours = decode::hourly_steps(
        &fixture("steps_intraday"),
        date(2024, 3, 5),
        &tz("Europe/London"),
    )
    .unwrap();
    assert_eq!(hours.len(), 24);
    assert_eq!(hours[7].start, ts("2024-03-05T07:00:00Z"));
    assert_eq!(hours[7].steps, 92 + 104);
    assert_eq!(hours.iter().map(|h| h.steps).sum::<u32>(), 196);
    let calories =
        decode::hourly_steps(&fixture("calories_intraday"), date(2015, 3, 20), &tz("UTC")).unwrap();
    assert_eq!(
        calories.iter().map(|h| h.steps).sum::<u32>(),
        0,
        "not a steps body"
    );
}

#[test]
fn heart_time_series_gives_resting_zones_and_minutes() {
    let days = decode::heart_daily(&fixture("heart_series")).unwrap();
    assert_eq!(days.len(), 1);
    let d = &days[0];
    assert_eq!((d.date, d.resting_bpm), (date(2017, 8, 15), Some(51)));
    assert_eq!(
        d.zones,
        Some(ZoneThresholds {
            fat_burn: 92,
            cardio: 128,
            peak: 156,
            light: None,
        })
    );
    assert_eq!(
        d.time_in_zones,
        Some(ZoneMinutes {
            below: 1264,
            fat_burn: 38,
            cardio: 43,
            peak: 21
        })
    );
}

#[test]
fn heart_intraday_full_day_form() {
    let h = decode::heart_intraday(
        &fixture("heart_intraday_1min"),
        date(2017, 6, 29),
        &tz("America/Los_Angeles"),
    )
    .unwrap();
    assert_eq!(h.series.resolution, Resolution::Minute);
    assert_eq!(h.series.start, ts("2017-06-29T07:00:00Z"));
    let b = h.series.buckets();
    assert_eq!(
        b.iter().map(|b| (b.minute, b.max)).collect::<Vec<_>>(),
        [(0, 58), (1, 58), (2, 56)]
    );
    assert_eq!(h.resting_bpm, Some(59));
    assert_eq!(
        h.zones,
        Some(ZoneThresholds {
            fat_burn: 95,
            cardio: 133,
            peak: 162,
            light: None,
        })
    );
    assert_eq!(h.time_in_zones.unwrap().below, 1122);
}

#[test]
fn heart_intraday_time_range_form() {
    let h = decode::heart_intraday(
        &fixture("heart_intraday_time"),
        date(2017, 8, 21),
        &tz("UTC"),
    )
    .unwrap();
    assert_eq!(h.series.resolution, Resolution::Minutes(15));
    assert_eq!(
        h.series
            .buckets()
            .iter()
            .map(|b| b.minute)
            .collect::<Vec<_>>(),
        [0, 15]
    );
    assert_eq!(
        h.resting_bpm, None,
        "the string value is a summary, not resting HR"
    );
    assert_eq!(
        h.zones,
        Some(ZoneThresholds {
            fat_burn: 92,
            cardio: 128,
            peak: 156,
            light: None,
        })
    );
    assert_eq!(
        h.time_in_zones,
        Some(ZoneMinutes {
            below: 1387,
            fat_burn: 19,
            cardio: 3,
            peak: 14
        })
    );
    // The time-series decoder reads the same element shape.
    let days = decode::heart_daily(&fixture("heart_intraday_time")).unwrap();
    assert_eq!(days[0].zones.unwrap().peak, 156);
}

#[test]
fn heart_intraday_with_no_dataset_is_an_empty_day() {
    let h = decode::heart_intraday(
        br#"{"activities-heart": []}"#,
        date(2026, 11, 1),
        &tz("America/Los_Angeles"),
    )
    .unwrap();
    assert!(h.series.is_empty());
    assert_eq!(h.series.day_minutes(), 1500);
    assert_eq!(
        (h.resting_bpm, h.zones, h.time_in_zones),
        (None, None, None)
    );
}

#[test]
fn azm_omits_zero_sub_zones() {
    let days = decode::azm_series(&fixture("azm_series")).unwrap();
    assert_eq!(
        days,
        [
            (
                date(2022, 5, 1),
                Azm {
                    fat_burn: 5,
                    cardio: 12,
                    peak: 4
                }
            ),
            (
                date(2022, 5, 2),
                Azm {
                    fat_burn: 8,
                    cardio: 0,
                    peak: 0
                }
            ),
        ]
    );
    assert_eq!(days[0].1.total(), 21);
    let minutes = decode::azm_intraday(&fixture("azm_intraday"), &tz("UTC")).unwrap();
    assert_eq!(minutes.len(), 3);
    assert_eq!(
        minutes[1],
        (
            ts("2022-01-01T07:59:00Z"),
            Azm {
                fat_burn: 1,
                cardio: 0,
                peak: 0
            }
        )
    );
    assert_eq!(minutes[2].1.cardio, 2);
}

#[test]
fn nightly_metrics() {
    let hrv = decode::hrv(&fixture("hrv")).unwrap();
    assert_eq!(hrv.len(), 1);
    assert_eq!(hrv[0].0, date(2021, 10, 25));
    assert_eq!(
        (hrv[0].1.daily_rmssd_ms, hrv[0].1.deep_rmssd_ms),
        (34.938, Some(31.567))
    );
    assert!(decode::hrv(br#"{"hrv": []}"#).unwrap().is_empty());
    assert!(decode::hrv(&fixture("hrv_intraday")).unwrap().is_empty());

    let spo2 = decode::spo2_day(&fixture("spo2_day")).unwrap().unwrap();
    assert_eq!(
        (spo2.avg, spo2.min, spo2.max),
        (97.5, Some(94.0), Some(100.0))
    );
    assert_eq!(decode::spo2_day(b"{}").unwrap(), None);
    assert_eq!(decode::spo2_day(b"[]").unwrap(), None);
    assert_eq!(decode::spo2_day(&fixture("spo2_intraday")).unwrap(), None);
    let range = decode::spo2_range(&fixture("spo2_range")).unwrap();
    assert_eq!(
        range.iter().map(|(d, s)| (*d, s.avg)).collect::<Vec<_>>(),
        [(date(2021, 10, 1), 94.7), (date(2021, 10, 2), 97.7)]
    );
    assert_eq!(decode::spo2_range(&fixture("spo2_day")).unwrap().len(), 1);
    assert!(decode::spo2_range(b"{}").unwrap().is_empty());

    assert_eq!(
        decode::breathing_rate(&fixture("br")).unwrap(),
        [(date(2021, 10, 25), 17.8)]
    );
    assert_eq!(
        decode::breathing_rate(&fixture("br_intraday")).unwrap(),
        [(date(2021, 10, 25), 17.8)]
    );
    assert_eq!(
        decode::skin_temp(&fixture("skin_temp")).unwrap(),
        [(date(2021, 10, 4), -0.31)]
    );
    assert_eq!(
        decode::cardio_score(&fixture("cardio_score")).unwrap(),
        [(date(2023, 10, 15), "42-46".to_owned())]
    );
}

#[test]
fn sleep_stages_log() {
    let page = decode::sleep(&fixture("sleep_date"), &tz("Europe/London")).unwrap();
    assert!(!page.pending);
    assert_eq!(page.next, None);
    let (day, s) = &page.sessions[0];
    assert_eq!(*day, date(2020, 2, 21));
    assert_eq!(s.id, "26013218219");
    assert_eq!(
        (s.start, s.end),
        (ts("2020-02-20T23:21:30Z"), ts("2020-02-21T07:03:30Z"))
    );
    assert!(s.is_main);
    assert_eq!(s.kind, SleepKind::Stages);
    assert_eq!(s.segments.len(), 4);
    assert_eq!(
        (s.segments[0].level, s.segments[0].seconds),
        (SleepLevel::Wake, 630)
    );
    assert_eq!(s.segments[2].start, ts("2020-02-20T23:32:30Z"));
    assert_eq!(s.short_wakes.len(), 3);
    assert_eq!(s.short_wakes[2].end(), ts("2020-02-21T06:19:00Z"));
    assert_eq!(
        (s.minutes_asleep, s.minutes_awake, s.time_in_bed),
        (384, 78, 462)
    );
    assert_eq!(
        s.efficiency, None,
        "efficiency is only meaningful for classic logs"
    );
    let total = |level, minutes, avg| StageTotal {
        level,
        minutes,
        thirty_day_avg: Some(avg),
    };
    assert_eq!(
        s.stages,
        [
            total(SleepLevel::Wake, 78, 55),
            total(SleepLevel::Rem, 75, 87),
            total(SleepLevel::Light, 205, 202),
            total(SleepLevel::Deep, 104, 69),
        ]
    );
}

#[test]
fn sleep_classic_log() {
    let page = decode::sleep(&fixture("sleep_classic"), &tz("UTC")).unwrap();
    let (day, s) = &page.sessions[0];
    assert_eq!(*day, date(2017, 6, 2));
    assert_eq!(s.kind, SleepKind::Classic);
    assert!(!s.is_main);
    assert_eq!(s.efficiency, Some(90));
    assert_eq!(
        s.segments.iter().map(|g| g.level).collect::<Vec<_>>(),
        [SleepLevel::Restless, SleepLevel::Asleep, SleepLevel::Awake]
    );
    assert!(s.short_wakes.is_empty());
    let stages: Vec<(SleepLevel, u32, Option<u32>)> = s
        .stages
        .iter()
        .map(|t| (t.level, t.minutes, t.thirty_day_avg))
        .collect();
    assert_eq!(
        stages,
        [
            (SleepLevel::Awake, 4, None),
            (SleepLevel::Restless, 2, None),
            (SleepLevel::Asleep, 54, None)
        ]
    );
}

#[test]
fn sleep_pending_list_and_unknown_levels() {
    let page = decode::sleep(&fixture("sleep_pending"), &tz("UTC")).unwrap();
    assert!(page.pending && page.sessions.is_empty());
    assert_eq!(page.retry_after_ms, Some(3000));
    let page = decode::sleep(&fixture("sleep_pending_with_sleep"), &tz("UTC")).unwrap();
    assert!(page.pending);
    assert_eq!(page.sessions.len(), 1);
    let page = decode::sleep(&fixture("sleep_list"), &tz("UTC")).unwrap();
    assert_eq!(
        page.next.as_deref(),
        Some(
            "https://api.fitbit.com/1.2/user/-/sleep/list.json?offset=1&limit=1&sort=desc&beforeDate=2017-03-27"
        )
    );
    assert!(
        page.sessions.is_empty(),
        "the placeholder log has no startTime"
    );
    let body = br#"{"sleep":[{"startTime":"2024-01-01T23:00:00.000","logId":"7","levels":{"data":[{"dateTime":"2024-01-01T23:00:00.000","level":"nap","seconds":60}]}}]}"#;
    let page = decode::sleep(body, &tz("UTC")).unwrap();
    let (day, s) = &page.sessions[0];
    assert_eq!(*day, date(2024, 1, 1));
    assert_eq!(
        (s.segments[0].level, s.kind),
        (SleepLevel::Unknown, SleepKind::Classic)
    );
    let empty = br#"{"sleep": [], "summary": {"totalMinutesAsleep": 0, "totalSleepRecords": 0, "totalTimeInBed": 0}}"#;
    assert!(
        decode::sleep(empty, &tz("UTC"))
            .unwrap()
            .sessions
            .is_empty()
    );
}

#[test]
fn devices_place_last_sync_in_the_account_zone() {
    let devices = decode::devices(&fixture("devices"), &tz("America/Los_Angeles")).unwrap();
    assert_eq!(devices.len(), 2);
    let t = &devices[0];
    assert_eq!(
        (t.id.as_str(), t.model.as_str(), &t.kind),
        ("816713257", "Charge 2", &DeviceKind::Tracker)
    );
    assert_eq!(
        (t.battery.clone(), t.battery_percent),
        (Some(BatteryLevel::Medium), Some(60))
    );
    assert_eq!(t.last_sync, Some(ts("2019-11-07T20:00:58Z")));
    assert_eq!(t.mac.as_deref(), Some("16ADD56D54GD"));
    assert_eq!(t.alarms, AlarmSupport::Editable);
    let s = &devices[1];
    assert_eq!(
        (s.kind.clone(), s.alarms, s.mac.clone()),
        (DeviceKind::Scale, AlarmSupport::None, None)
    );
    assert_eq!(s.last_sync, Some(ts("2022-12-12T02:59:05Z")));
    assert!(decode::devices(b"[]", &tz("UTC")).unwrap().is_empty());
    let other = decode::devices(br#"[{"id": 5, "type": "WATCH"}]"#, &tz("UTC")).unwrap();
    assert_eq!(
        (other[0].id.as_str(), &other[0].kind),
        ("5", &DeviceKind::Other("WATCH".into()))
    );
}

#[test]
fn alarms_list_and_single() {
    let list = decode::alarms(&fixture("alarms")).unwrap();
    assert_eq!(list.len(), 1);
    let a = &list[0];
    assert_eq!(a.id, 11_426_382);
    assert_eq!(a.time, AlarmTime::new(7, 15).unwrap());
    assert_eq!(a.offset, Some(Offset::from_hours(-8).unwrap()));
    assert!(a.enabled && a.recurring && !a.synced && !a.deleted);
    assert_eq!(
        a.weekdays,
        [Weekday::Monday, Weekday::Tuesday]
            .into_iter()
            .collect::<Weekdays>()
    );
    assert_eq!((a.snooze_length_min, a.snooze_count), (9, 3));
    assert_eq!(a.label.as_deref(), Some("Work"));
    assert_eq!(a.vibe, "DEFAULT");

    let created = decode::alarm(&fixture("alarm_created")).unwrap();
    assert_eq!((created.id, created.label.clone()), (1_240_569_123, None));
    assert_eq!(created.time, AlarmTime::new(7, 0).unwrap());
    assert_eq!(
        decode::alarms(&fixture("alarm_created")).unwrap(),
        [created]
    );
    assert!(decode::alarm(b"{}").is_err());
    assert!(decode::alarm(b"").is_err());
}

#[test]
fn alarm_time_spellings() {
    let body = |time: &str| {
        format!(
            r#"{{"trackerAlarms":[{{"alarmId":1,"time":"{time}","weekDays":"MONDAY,SATURDAY","deleted":true}}]}}"#
        )
    };
    let one = |time: &str| {
        decode::alarms(body(time).as_bytes())
            .unwrap()
            .pop()
            .unwrap()
    };
    let a = one("07:15-0800");
    assert_eq!(
        (a.time, a.offset),
        (
            AlarmTime::new(7, 15).unwrap(),
            Some(Offset::from_hours(-8).unwrap())
        )
    );
    assert_eq!(one("07:15").offset, None);
    assert_eq!(
        one("23:45+05:30").offset,
        Some(Offset::from_seconds(5 * 3600 + 1800).unwrap())
    );
    assert_eq!(one("07:15Z").offset, Some(Offset::UTC));
    let a = one("07:15-08:00");
    assert!(a.deleted);
    assert_eq!(
        a.weekdays,
        [Weekday::Monday, Weekday::Saturday]
            .into_iter()
            .collect::<Weekdays>()
    );
    assert!(decode::alarms(body("25:00").as_bytes()).unwrap().is_empty());
}

#[test]
fn ecg_list_with_string_sampling_frequency() {
    let (readings, next) = decode::ecg_list(&fixture("ecg_list"), &tz("UTC")).unwrap();
    assert_eq!(
        next.as_deref(),
        Some(
            "https://api.fitbit.com/1/user/-/ecg/list.json?offset=10&limit=10&sort=asc&afterDate=2022-09-28T21:00:00"
        )
    );
    let r = &readings[0];
    assert_eq!(r.start, ts("2022-09-28T17:12:30.222Z"));
    assert_eq!(r.classification, EcgClassification::NormalSinusRhythm);
    assert_eq!(r.classification_text, "Normal Sinus Rhythm");
    assert_eq!(
        (r.average_hr, r.sampling_hz, r.scaling_factor),
        (Some(70), 250.0, 10922.0)
    );
    assert_eq!(r.samples, [130, 176, 252, 365]);
    assert_eq!((r.lead, r.device.as_deref()), (Some(1), Some("Sense")));
}

#[test]
fn weight_logs() {
    let body = br#"{"weight":[{"bmi":23.57,"date":"2026-11-01","logId":1330991999000,"source":"API","time":"01:30:00","weight":73.5},{"date":"2026-11-02","weight":"73.1"}]}"#;
    let w = decode::weight(body, &tz("America/Los_Angeles")).unwrap();
    let got: Vec<(jiff::Timestamp, f64)> = w.iter().map(|w| (w.at, w.kg)).collect();
    assert_eq!(
        got,
        [
            (ts("2026-11-01T08:30:00Z"), 73.5),
            (ts("2026-11-02T08:00:00Z"), 73.1)
        ]
    );
    assert_eq!(w[0].bmi, Some(23.57));
    assert_eq!(w[0].log_id.as_deref(), Some("1330991999000"));
}

#[test]
fn fat_logs_merge_into_weigh_ins_by_log_id() {
    let la = tz("America/Los_Angeles");
    let weights = br#"{"weight":[{"bmi":23.57,"date":"2026-11-01","logId":1330991999000,"source":"API","time":"23:59:59","weight":73}]}"#;
    let fats = br#"{"fat":[{"date":"2026-11-01","fat":14.5,"logId":1330991999000,"source":"API","time":"23:59:59"}]}"#;
    let merged = decode::merge_weigh_ins(
        decode::weight(weights, &la).unwrap(),
        &decode::body_fat(fats, &la).unwrap(),
    );
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].body_fat_pct, Some(14.5));
    assert_eq!(merged[0].weight_kg, 73.0);
    assert_eq!(merged[0].date, date(2026, 11, 1));
    assert_eq!(merged[0].source.as_deref(), Some("API"));
}

#[test]
fn malformed_bodies_name_the_endpoint_and_position() {
    let err = decode::hrv(b"{\n  \"hrv\": 5\n}").unwrap_err();
    let fittui::api::ApiError::Decode { endpoint, detail } = err else {
        panic!()
    };
    assert!(endpoint.contains("hrv"), "{endpoint}");
    assert!(detail.contains("line 2"), "{detail}");
    let day: Date = date(2026, 1, 1);
    for result in [
        decode::activity_summary(b"<html>", day).map(|_| ()),
        decode::heart_intraday(b"", day, &tz("UTC")).map(|_| ()),
        decode::sleep(b"[]", &tz("UTC")).map(|_| ()),
        decode::devices(b"{}", &tz("UTC")).map(|_| ()),
    ] {
        assert!(
            matches!(result, Err(fittui::api::ApiError::Decode { .. })),
            "{result:?}"
        );
    }
}
