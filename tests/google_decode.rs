//! Google Health API v4 decoders over fixture bodies (`tests/fixtures/google`): the reference's
//! example bodies verbatim (`ref-*.json`), bodies crafted from the discovery schemas, and quirk
//! bodies (`quirks/`). Also: every strict fixture walked against the discovery document
//! (`schema_walk`), and property tests that no input makes a decoder panic (`props`).
// Helpers outside `#[test]` functions (fixture loading, proptest strategies) may unwrap too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "google_decode/errors.rs"]
mod errors;
#[path = "google_decode/props.rs"]
mod props;
#[path = "google_decode/quirks.rs"]
mod quirks;
#[path = "google_decode/schema_walk.rs"]
mod schema_walk;

use fittui::domain::DailyValue;
use fittui::domain::activity::Azm;
use fittui::domain::device::{AlarmSupport, BatteryLevel, DeviceKind};
use fittui::domain::ecg::EcgClassification;
use fittui::domain::heart::{HeartSeriesBuilder, Resolution, ZoneMinutes, ZoneThresholds};
use fittui::domain::sleep::{SleepKind, SleepLevel};
use fittui::domain::units::{TemperatureUnit, UnitSystem};
use fittui::provider::google::{self as g, request};
use fittui::provider::localtime::day_bounds;
use jiff::Timestamp;
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;

fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/google")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// --- reference §6 / §7 / §8.4 / §9.2 bodies, verbatim ------------------------------------------

#[test]
fn ref_6_1_heart_rate_samples_land_in_one_minute() {
    let (start, end) = day_bounds(date(2026, 9, 25), &tz("Asia/Tokyo")).unwrap();
    let mut b = HeartSeriesBuilder::new(start, end, Resolution::Second);
    let next =
        g::heart_rate_samples_into(&fixture("ref-6.1-list-heart-rate.json"), &mut b).unwrap();
    assert_eq!(next, None);
    let s = b.finish();
    let [bucket] = s.buckets() else {
        panic!("{:?}", s.buckets())
    };
    // 10:04:5xZ is 19:04 in Tokyo.
    assert_eq!(bucket.minute, 19 * 60 + 4);
    assert_eq!((bucket.min, bucket.max, bucket.weight), (49, 50, 2));
}

#[test]
fn ref_6_2_heart_rate_rollup_keeps_the_empty_window_a_gap() {
    let start = ts("2026-11-21T07:00:00Z");
    let end = ts("2026-11-22T07:00:00Z");
    let (s, next) =
        g::rollup_heart(&fixture("ref-6.2-rollup-heart-rate.json"), start, end).unwrap();
    assert_eq!(next, None);
    assert_eq!(s.resolution, Resolution::Minute);
    let [bucket] = s.buckets() else {
        panic!("{:?}", s.buckets())
    };
    assert_eq!((bucket.minute, bucket.min, bucket.max), (0, 57, 68));
    assert!((f64::from(bucket.mean) - 61.4).abs() < 1e-4);
}

#[test]
fn ref_6_4_daily_rollup_steps_oldest_first() {
    let (days, next) = g::daily_rollup_steps(&fixture("ref-6.4-daily-rollup-steps.json")).unwrap();
    assert_eq!(
        days,
        vec![(date(2026, 9, 24), 6859), (date(2026, 9, 25), 9525)]
    );
    assert_eq!(next, None);
}

#[test]
fn ref_6_5_sleep_session_with_stages() {
    let (recs, next) =
        g::sleep(&fixture("ref-6.5-list-sleep-stages.json"), &TimeZone::UTC).unwrap();
    assert_eq!(next, None, "an empty nextPageToken means the last page");
    let [r] = &recs[..] else { panic!("{recs:?}") };
    // Ends 08:23Z at +09:00: 17:23 on the 26th.
    assert_eq!(r.date, date(2026, 9, 26));
    assert!(!r.nap);
    assert_eq!(r.stages_status.as_deref(), Some("SUCCEEDED"));
    let s = &r.session;
    assert_eq!(s.id, "8808518358174752984");
    assert_eq!(
        (s.start, s.end),
        (ts("2026-09-26T04:09:00Z"), ts("2026-09-26T08:23:00Z"))
    );
    assert!(s.is_main && !s.processing);
    assert_eq!(s.kind, SleepKind::Stages);
    let segs: Vec<_> = s
        .segments
        .iter()
        .map(|x| (x.start, x.seconds, x.level))
        .collect();
    assert_eq!(
        segs,
        [
            (ts("2026-09-26T04:09:00Z"), 360, SleepLevel::Wake),
            (ts("2026-09-26T04:15:00Z"), 780, SleepLevel::Light)
        ]
    );
    // The observed short awakening carries type LIGHT; it is a wake all the same.
    assert_eq!(s.short_wakes.len(), 1);
    assert_eq!(s.short_wakes[0].level, SleepLevel::Wake);
    assert_eq!(s.short_wakes[0].seconds, 60);
    assert_eq!(
        (s.minutes_asleep, s.minutes_awake, s.time_in_bed),
        (248, 6, 254)
    );
    let stages: Vec<_> = s.stages.iter().map(|t| (t.level, t.minutes)).collect();
    assert_eq!(
        stages,
        [
            (SleepLevel::Wake, 6),
            (SleepLevel::Rem, 54),
            (SleepLevel::Light, 146),
            (SleepLevel::Deep, 48)
        ]
    );
    assert!(s.stages.iter().all(|t| t.thirty_day_avg.is_none()));
    assert_eq!(s.efficiency, None);
}

#[test]
fn ref_6_6_daily_resting_hrv_spo2() {
    let (rhr, _) =
        g::daily_resting_heart_rate(&fixture("ref-6.6-list-daily-resting-heart-rate.json"))
            .unwrap();
    assert_eq!(
        rhr,
        vec![DailyValue {
            date: date(2026, 11, 20),
            value: Some(52)
        }]
    );
    let (hrv, _) =
        g::daily_hrv(&fixture("ref-6.6-list-daily-heart-rate-variability.json")).unwrap();
    assert_eq!(hrv.len(), 1);
    assert_eq!(hrv[0].0, date(2026, 11, 20));
    assert!(close(hrv[0].1.daily_rmssd_ms, 42.1));
    assert!(close(hrv[0].1.deep_rmssd_ms.unwrap(), 47.9));
    let (spo2, _) = g::daily_spo2(&fixture("ref-6.6-list-daily-oxygen-saturation.json")).unwrap();
    let (day, v) = spo2[0];
    assert_eq!(day, date(2026, 11, 20));
    assert!(close(v.avg, 95.6) && close(v.min.unwrap(), 93.8) && close(v.max.unwrap(), 97.2));
}

#[test]
fn ref_6_8_weight_grams_to_kilograms() {
    let point = String::from_utf8(fixture("ref-6.8-weight-data-point.json")).unwrap();
    let body = format!(r#"{{"dataPoints": [{point}]}}"#);
    let (readings, _) = g::weight(body.as_bytes(), &TimeZone::UTC).unwrap();
    let [r] = &readings[..] else {
        panic!("{readings:?}")
    };
    assert_eq!(r.at, ts("2026-09-25T22:15:10Z"));
    assert_eq!(
        r.source.as_deref(),
        Some("jp.healthplanet.healthplanetapp"),
        "the app, since the device has no name"
    );
    assert_eq!(r.date, date(2026, 9, 26), "the civil date, not the UTC one");
    assert!(close(r.kg, 90.2));
}

#[test]
fn ref_7_1_identity() {
    let id = g::identity(&fixture("ref-7.1-identity.json")).unwrap();
    assert_eq!(id.health_user_id, "1173016576421350648");
    assert_eq!(id.legacy_user_id.as_deref(), Some("ABC123"));
}

#[test]
fn ref_7_3_paired_devices() {
    let (devs, next) = g::paired_devices(&fixture("ref-7.3-paired-devices.json")).unwrap();
    assert_eq!(next, None);
    let d = &devs[0];
    assert_eq!(d.id, "123");
    assert_eq!(d.model, "Charge 6");
    assert_eq!(d.kind, DeviceKind::Tracker);
    assert_eq!(d.battery, Some(BatteryLevel::Medium));
    assert_eq!(d.battery_percent, Some(54));
    assert_eq!(d.last_sync, Some(ts("2026-11-21T08:12:03Z")));
    assert_eq!(d.mac.as_deref(), Some("AA:BB:CC:DD:EE:FF"));
    assert_eq!(d.features, ["STEPS", "HEART_RATE", "SPO2", "ALARMS"]);
    assert_eq!(d.alarms, AlarmSupport::DeviceOnly);
}

// --- settings, profile, account -----------------------------------------------------------------

#[test]
fn settings_profile_account() {
    let s = g::settings(&fixture("settings.json")).unwrap();
    assert_eq!(s.time_zone_name, "America/Los_Angeles");
    assert_eq!(s.time_zone, tz("America/Los_Angeles"));
    assert_eq!(s.units, UnitSystem::Imperial);
    assert_eq!(s.temperature_unit, TemperatureUnit::Fahrenheit);
    assert_eq!(s.weight_unit.as_deref(), Some("WEIGHT_UNIT_POUNDS"));
    assert_eq!(s.language_locale.as_deref(), Some("en_US"));

    let odd = g::settings(&fixture("settings-unknown-zone.json")).unwrap();
    assert_eq!(odd.time_zone_name, "UTC+05:45");
    assert_eq!(
        odd.time_zone
            .to_offset(ts("2026-11-21T00:00:00Z"))
            .seconds(),
        20_700
    );
    assert_eq!(odd.units, UnitSystem::Metric);

    let p = g::profile(&fixture("profile.json")).unwrap();
    assert_eq!(p.age, Some(41));
    let id = g::identity(&fixture("ref-7.1-identity.json")).unwrap();
    let a = g::account(&id, &s, Some(&p));
    assert_eq!(a.user_id, "1173016576421350648");
    assert_eq!(a.display_name, None);
    assert_eq!(a.member_since, Some(date(2016, 3, 9)));
    assert_eq!(a.clock_12h, None);
    assert_eq!(a.units, UnitSystem::Imperial);
}

// --- daily roll-ups -----------------------------------------------------------------------------

fn dates<T>(items: &[(Date, T)]) -> Vec<Date> {
    items.iter().map(|(d, _)| *d).collect()
}

/// The crafted daily fixtures cover Nov 15–21 with no record on the 17th and no value object
/// on the 18th: neither day may appear.
fn present_days() -> Vec<Date> {
    [15, 16, 19, 20, 21]
        .into_iter()
        .map(|d| date(2026, 11, d))
        .collect()
}

#[test]
fn daily_rollup_distance_in_metres() {
    let (days, next) = g::daily_rollup_distance(&fixture("daily-rollup-distance.json")).unwrap();
    assert_eq!(next, None);
    assert_eq!(dates(&days), present_days());
    let metres: Vec<f64> = days.iter().map(|(_, m)| *m).collect();
    for (got, want) in metres.iter().zip([6_420.31, 1.5, 0.0, 8_123.456, 250.0]) {
        assert!(close(*got, want), "{metres:?}");
    }
}

#[test]
fn daily_rollup_calories_floors() {
    let (kcal, _) =
        g::daily_rollup_total_calories(&fixture("daily-rollup-total-calories.json")).unwrap();
    assert_eq!(dates(&kcal), present_days());
    assert!(close(kcal[0].1, 3_028.784_634));
    let (floors, _) = g::daily_rollup_floors(&fixture("daily-rollup-floors.json")).unwrap();
    assert_eq!(dates(&floors), present_days());
    assert_eq!(
        floors.iter().map(|(_, f)| *f).collect::<Vec<_>>(),
        [12, 3, 0, 7, 1]
    );
}

#[test]
fn daily_rollup_azm_and_active_minutes() {
    let (azm, _) = g::daily_rollup_azm(&fixture("daily-rollup-active-zone-minutes.json")).unwrap();
    assert_eq!(dates(&azm), present_days());
    assert_eq!(
        azm[0].1,
        Azm {
            fat_burn: 12,
            cardio: 18,
            peak: 4
        }
    );
    assert_eq!(azm[0].1.total(), 34);
    assert_eq!(
        azm[2].1,
        Azm::default(),
        "a present empty value object is zero"
    );
    let (active, next) =
        g::daily_rollup_active_minutes(&fixture("daily-rollup-active-minutes.json")).unwrap();
    assert_eq!(next, None);
    assert_eq!(dates(&active), present_days());
    assert_eq!(
        active.iter().map(|(_, m)| *m).collect::<Vec<_>>(),
        [39, 0, 0, 45, 3]
    );
}

#[test]
fn daily_rollup_time_in_zones_rounds_to_minutes() {
    let (zones, _) =
        g::daily_rollup_time_in_zones(&fixture("daily-rollup-time-in-heart-rate-zone.json"))
            .unwrap();
    assert_eq!(dates(&zones), present_days());
    assert_eq!(
        zones[0].1,
        ZoneMinutes {
            below: 60,
            fat_burn: 23,
            cardio: 10,
            peak: 2
        }
    );
    assert_eq!(
        zones[1].1,
        ZoneMinutes {
            below: 1,
            ..ZoneMinutes::default()
        }
    );
    assert_eq!(
        zones[3].1,
        ZoneMinutes {
            peak: 10,
            ..ZoneMinutes::default()
        }
    );
}

#[test]
fn empty_pages_with_and_without_token() {
    let (days, next) =
        g::daily_rollup_steps(&fixture("daily-rollup-steps-empty-with-token.json")).unwrap();
    assert!(days.is_empty());
    assert!(next.is_some(), "an empty page may still have more after it");
    let empty = fixture("empty-page.json");
    assert_eq!(g::daily_rollup_azm(&empty).unwrap(), (vec![], None));
    assert_eq!(g::rollup_hourly_steps(&empty).unwrap(), (vec![], None));
    assert_eq!(g::sleep(&empty, &TimeZone::UTC).unwrap(), (vec![], None));
    assert_eq!(g::paired_devices(&empty).unwrap(), (vec![], None));
    assert_eq!(g::electrocardiogram(&empty).unwrap(), (vec![], None));
    assert_eq!(g::daily_spo2(&empty).unwrap(), (vec![], None));
}

// --- physical roll-ups --------------------------------------------------------------------------

#[test]
fn hourly_steps_on_the_fall_back_day_has_25_entries() {
    let la = tz("America/Los_Angeles");
    let (start, end) = day_bounds(date(2026, 11, 1), &la).unwrap();
    let body = request::rollup_body(start, end, 3600, None, None);
    assert_eq!(body["range"]["startTime"], "2026-11-01T07:00:00Z");
    assert_eq!(body["range"]["endTime"], "2026-11-02T08:00:00Z");
    assert_eq!(body["windowSize"], "3600s");

    let (hours, next) =
        g::rollup_hourly_steps(&fixture("rollup-steps-hourly-dst-2026-11-01.json")).unwrap();
    assert_eq!(next, None);
    assert_eq!(hours.len(), 25);
    assert_eq!(hours[0].start, start);
    assert_eq!(hours[24].start, ts("2026-11-02T07:00:00Z"));
    assert_eq!(hours[3].steps, 0);
    let local_hours: Vec<i8> = hours
        .iter()
        .map(|h| h.start.to_zoned(la.clone()).hour())
        .collect();
    // 01:00 twice: PDT, then PST.
    assert_eq!(&local_hours[..4], &[0, 1, 1, 2]);
    assert_eq!(local_hours[24], 23);
}

#[test]
fn hourly_steps_skip_windows_without_data() {
    let (hours, _) = g::rollup_hourly_steps(&fixture("rollup-steps-hourly-gaps.json")).unwrap();
    assert_eq!(hours.len(), 15);
    assert_eq!(hours[0].start, ts("2026-11-21T14:00:00Z"));
    assert_eq!(hours[0].steps, 600);
}

#[test]
fn heart_rollup_pages_merge_in_one_builder() {
    let (start, end) = day_bounds(date(2026, 11, 21), &tz("America/Los_Angeles")).unwrap();
    assert_eq!(start, ts("2026-11-21T08:00:00Z"));
    let mut b = HeartSeriesBuilder::new(start, end, Resolution::Minute);
    let next = g::rollup_heart_into(&fixture("rollup-heart-rate-page1.json"), &mut b).unwrap();
    assert_eq!(next.as_deref(), Some("page-2"));
    let body = request::rollup_body(start, end, 60, Some(1500), next.as_deref());
    assert_eq!(body["pageToken"], "page-2");
    let next = g::rollup_heart_into(&fixture("rollup-heart-rate-page2.json"), &mut b).unwrap();
    assert_eq!(next, None);
    let s = b.finish();
    // 20 windows, every fifth without data.
    let minutes: Vec<u16> = s.buckets().iter().map(|b| b.minute).collect();
    assert_eq!(minutes.len(), 16);
    assert!(!minutes.contains(&4) && !minutes.contains(&19));
    let first = s.buckets()[0];
    assert_eq!((first.min, first.max, first.weight), (58, 64, 1));
    assert!((first.mean - 60.5).abs() < 1e-6);
}

// --- daily list types ---------------------------------------------------------------------------

#[test]
fn zones_need_all_three_thresholds() {
    let (zones, next) =
        g::daily_heart_rate_zones(&fixture("reconcile-daily-heart-rate-zones.json")).unwrap();
    assert_eq!(next, None);
    assert_eq!(
        zones,
        vec![(
            date(2026, 11, 21),
            ZoneThresholds {
                fat_burn: 98,
                cardio: 120,
                peak: 150,
                light: Some(30),
            }
        )]
    );
}

#[test]
fn respiratory_rate_and_skin_temperature() {
    let (rr, _) = g::daily_respiratory_rate(&fixture("list-daily-respiratory-rate.json")).unwrap();
    assert_eq!(dates(&rr), [date(2026, 11, 20), date(2026, 11, 21)]);
    assert!(close(rr[1].1, 15.2));
    let (temp, _) =
        g::daily_skin_temperature(&fixture("list-daily-sleep-temperature-derivations.json"))
            .unwrap();
    assert_eq!(dates(&temp), [date(2026, 11, 21)]);
    assert!((temp[0].1 - 0.3).abs() < 1e-9);
}

// --- sleep --------------------------------------------------------------------------------------

#[test]
fn reconciled_sleep_across_fall_back_with_duplicated_summary() {
    let la = tz("America/Los_Angeles");
    let (recs, next) =
        g::sleep(&fixture("reconcile-sleep-dst-duplicated-summary.json"), &la).unwrap();
    assert_eq!(next.as_deref(), Some("next-sleep-page"));
    let [main, nap] = &recs[..] else {
        panic!("{recs:?}")
    };
    assert_eq!(main.session.id, "899");
    assert!(main.session.is_main && !main.nap);
    assert_eq!(main.date, date(2026, 11, 1));
    assert_eq!(main.session.segments.len(), 5);
    // 23:20 PDT to 01:20 PST is three hours of light sleep.
    assert_eq!(main.session.segments[1].seconds, 3 * 3600);
    assert_eq!(main.session.time_in_bed, 510);
    let stages: Vec<_> = main
        .session
        .stages
        .iter()
        .map(|t| (t.level, t.minutes))
        .collect();
    assert_eq!(
        stages,
        [
            (SleepLevel::Wake, 20),
            (SleepLevel::Rem, 120),
            (SleepLevel::Light, 270),
            (SleepLevel::Deep, 100)
        ]
    );
    assert_eq!(main.session.short_wakes.len(), 1);

    assert_eq!(nap.session.id, "900");
    assert!(nap.nap && !nap.session.is_main);
    assert_eq!(nap.session.kind, SleepKind::Classic);
    assert_eq!(nap.date, date(2026, 11, 1));
    let levels: Vec<_> = nap.session.segments.iter().map(|s| s.level).collect();
    assert_eq!(
        levels,
        [SleepLevel::Asleep, SleepLevel::Restless, SleepLevel::Awake]
    );
    assert_eq!(nap.stages_status.as_deref(), Some("REJECTED_NAP"));
}

#[test]
fn sleep_still_processing() {
    let (recs, _) = g::sleep(&fixture("list-sleep-processing.json"), &TimeZone::UTC).unwrap();
    let s = &recs[0].session;
    assert!(s.processing && s.is_main);
    assert!(s.segments.is_empty() && s.stages.is_empty());
    assert_eq!(s.time_in_bed, 475);
    assert_eq!(recs[0].date, date(2026, 11, 21));
}

// --- ECG ----------------------------------------------------------------------------------------

#[test]
fn electrocardiogram_readings() {
    let (ecg, _) = g::electrocardiogram(&fixture("list-electrocardiogram.json")).unwrap();
    let [old, new] = &ecg[..] else {
        panic!("{ecg:?}")
    };
    assert_eq!(old.start, ts("2026-11-20T07:00:00Z"));
    assert_eq!(old.classification, EcgClassification::Inconclusive);
    assert_eq!(old.classification_text, "Inconclusive: high heart rate");
    assert_eq!(old.average_hr, None);
    assert!(old.samples.is_empty());

    assert_eq!(new.classification, EcgClassification::NormalSinusRhythm);
    assert_eq!(new.average_hr, Some(72));
    assert_eq!(new.lead, Some(1));
    assert_eq!(new.device.as_deref(), Some("Pixel Watch 4"));
    assert_eq!(new.samples.len(), 64);
    assert!(close(new.sampling_hz, 250.0) && close(new.scaling_factor, 1000.0));
    assert!(close(new.duration_secs(), 64.0 / 250.0));
    let mv: Vec<f64> = new.millivolts().take(2).collect();
    assert!(close(mv[1], f64::from(new.samples[1]) / 1000.0));
}
