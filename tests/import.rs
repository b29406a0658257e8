//! `fittui import` on small hand-written exports: the time conventions (UTC stamps in files
//! cut at local midnight, east of UTC), sentinels, broken files, archives of every shape,
//! idempotence. The simulator's full archives are checked against the API in
//! `tests/import_sim.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use fittui::import::{self, Options};
use fittui::store::Store;
use jiff::civil::date;
use jiff::tz::TimeZone;

const ROOT: &str = "Takeout/Fitbit/Global Export Data";

/// A small export of a Sydney account: one heart-rate day (10 Jun 2017, which starts at
/// 14:00 UTC on 9 Jun), its steps, resting HR (with sentinels), a sleep log, a weigh-in.
fn files() -> Vec<(String, Vec<u8>)> {
    let mut heart = String::from("[");
    // 10 June local = 09 June 14:00 UTC .. 10 June 13:59 UTC; one reading every 10 s for 2 h.
    for i in 0..720 {
        let secs = i * 10;
        let (h, m, s) = (14 + secs / 3600, (secs / 60) % 60, secs % 60);
        if i > 0 {
            heart.push(',');
        }
        write!(
            heart,
            r#"{{"dateTime":"06/09/17 {h:02}:{m:02}:{s:02}","value":{{"bpm":{},"confidence":2}}}}"#,
            60 + i % 20
        )
        .unwrap();
    }
    heart.push(']');
    let steps = r#"[{"dateTime":"06/09/17 14:00:00","value":"100"},{"dateTime":"06/09/17 14:01:00","value":"50"},{"dateTime":"06/10/17 13:59:00","value":"7"},{"dateTime":"06/10/17 14:00:00","value":"1000"}]"#;
    let distance = r#"[{"dateTime":"06/09/17 14:00:00","value":"7500"},{"dateTime":"06/09/17 14:01:00","value":"3750.5"}]"#;
    let resting = r#"[{"dateTime":"06/10/17 00:00:00","value":{"date":"06/10/17","value":57.31,"error":6.79}},{"dateTime":"06/11/17 00:00:00","value":{"date":null,"value":0.0,"error":0.0}}]"#;
    let sleep = r#"[{"logId":44632289206,"dateOfSleep":"2017-06-10","startTime":"2017-06-09T23:41:30.000","endTime":"2017-06-10T07:09:30.000","duration":26880000,"minutesToFallAsleep":0,"minutesAsleep":410,"minutesAwake":38,"minutesAfterWakeup":0,"timeInBed":448,"efficiency":92,"type":"stages","infoCode":0,"logType":"auto_detected","mainSleep":true,"levels":{"summary":{"deep":{"count":3,"minutes":80,"thirtyDayAvgMinutes":75},"light":{"count":20,"minutes":230,"thirtyDayAvgMinutes":220},"rem":{"count":5,"minutes":100,"thirtyDayAvgMinutes":90},"wake":{"count":20,"minutes":38,"thirtyDayAvgMinutes":40}},"data":[{"dateTime":"2017-06-09T23:41:30.000","level":"wake","seconds":390},{"dateTime":"2017-06-09T23:48:00.000","level":"light","seconds":26490}],"shortData":[]}}]"#;
    let weight = r#"[{"logId":1497082800000,"weight":176.4,"bmi":24.6,"fat":21.5,"date":"06/10/17","time":"08:20:00","source":"Aria"}]"#;
    let vo2 = r#"[{"dateTime":"06/10/17 00:00:00","value":{"demographicVO2Max":44.1,"demographicVO2MaxError":3.0,"filteredDemographicVO2Max":44.3,"filteredDemographicVO2MaxError":0.36}}]"#;
    // Scores the night above (its `logId`); the stamp is the end of that sleep, in UTC.
    let sleep_score = "sleep_log_entry_id,timestamp,overall_score,composition_score,revitalization_score,duration_score,deep_sleep_in_minutes,resting_heart_rate,restlessness\n44632289206,2017-06-09T21:09:30Z,81,,80,,80,57,0.12\n";
    let profile = "id,full_name,first_name,last_name,display_name_setting,display_name,username,email_address,date_of_birth,child,country,state,city,timezone,locale,member_since,about_me,start_of_week,sleep_tracking,time_display_format,gender,height,weight,stride_length_walking,stride_length_running,weight_unit,distance_unit,height_unit,water_unit,glucose_unit,swim_unit\nABC123,Jane Doe,Jane,Doe,name,Jane,null,null,1990-01-01,false,AU,null,null,Australia/Sydney,en_AU,2015-05-17,null,MONDAY,Normal,24hour,FEMALE,170,70,75,100,en_US,METRIC,METRIC,ml,mg/dL,m\n";
    vec![
        (
            format!("{ROOT}/heart_rate-2017-06-10.json"),
            heart.into_bytes(),
        ),
        (format!("{ROOT}/steps-2017-05-17.json"), steps.into()),
        (format!("{ROOT}/distance-2017-05-17.json"), distance.into()),
        (
            format!("{ROOT}/resting_heart_rate-2017-05-17.json"),
            resting.into(),
        ),
        (format!("{ROOT}/sleep-2017-05-17.json"), sleep.into()),
        (format!("{ROOT}/weight-2017-05-17.json"), weight.into()),
        (
            format!("{ROOT}/demographic_vo2_max-2017-03-02.json"),
            vo2.into(),
        ),
        (
            "Takeout/Fitbit/Sleep Score/sleep_score.csv".into(),
            sleep_score.into(),
        ),
        (
            "Takeout/Fitbit/Your Profile/Profile.csv".into(),
            profile.into(),
        ),
        (
            "Takeout/Fitbit/Biometrics/Glucose 1706.csv".into(),
            b"no data\n".to_vec(),
        ),
        (
            "Takeout/Fitbit/UserActivityProbabilities_1.csv".into(),
            vec![b'x'; 100_000],
        ),
        (
            "__MACOSX/Takeout/Fitbit/Global Export Data/._heart_rate-2017-06-10.json".into(),
            b"\0\0binary".to_vec(),
        ),
    ]
}

fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn write_tgz(path: &Path, files: &[(String, Vec<u8>)]) {
    let file = std::fs::File::create(path).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (name, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

fn write_dir(dir: &Path, files: &[(String, Vec<u8>)]) {
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

fn options() -> Options {
    Options {
        tz: None,
        dry_run: false,
        now: "2026-12-05T12:00:00Z".parse().unwrap(),
    }
}

/// The small export and `extra` files, as one zip, imported into a new store (nothing skipped).
fn import_with(extra: Vec<(String, Vec<u8>)>) -> Store {
    let dir = tempfile::tempdir().unwrap();
    let mut all = files();
    all.extend(extra);
    let zip = dir.path().join("export.zip");
    write_zip(&zip, &all);
    let store = Store::open_in_memory().unwrap();
    let report = import_into(&store, &[zip]);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    store
}

fn import_into(store: &Store, paths: &[PathBuf]) -> import::Report {
    import::run(paths, Some(store), &options(), &mut |_| {}).unwrap()
}

/// What the store holds of the small export, checked field by field.
fn check_store(store: &Store) {
    let key = import::account_key("Jane");
    let tz = TimeZone::get("Australia/Sydney").unwrap();
    let account = store.account(&key).unwrap().expect("the account");
    assert_eq!(account.time_zone_name, "Australia/Sydney");
    let d = date(2017, 6, 10);
    // Heart: the readings start at local midnight (14:00 UTC the day before), minute 0.
    let heart = store.heart(&key, d).unwrap().expect("the heart day").value;
    let buckets = heart.intraday.buckets();
    assert_eq!(buckets.len(), 120, "two hours of minutes");
    assert_eq!(buckets[0].minute, 0);
    assert_eq!(
        heart.intraday.start,
        d.to_zoned(tz.clone()).unwrap().timestamp()
    );
    assert_eq!(heart.resting_bpm, Some(57));
    // The sentinel row (date null, 0.0) is no data, not a day.
    assert!(store.heart(&key, date(2017, 6, 11)).unwrap().is_none());
    // Activity: the rows of 09 Jun 14:00 UTC .. 10 Jun 13:59 UTC are 10 June's; 14:00 UTC on
    // 10 June is 11 June.
    let activity = store.activity(&key, d).unwrap().expect("10 June").value;
    let summary = activity.summary.expect("steps");
    assert_eq!(summary.steps, 157);
    assert!((summary.distance_m - 112.505).abs() < 1e-9, "cm → m");
    assert_eq!(activity.hourly_steps.len(), 24);
    assert_eq!(activity.hourly_steps[0].steps, 150);
    assert_eq!(activity.hourly_steps[23].steps, 7);
    let next = store
        .activity(&key, date(2017, 6, 11))
        .unwrap()
        .unwrap()
        .value;
    assert_eq!(next.summary.unwrap().steps, 1000);
    // Sleep: local wall times.
    let sleep = store.sleep(&key, d).unwrap().expect("the night").value;
    let main = sleep.main().expect("a main sleep");
    assert_eq!(main.minutes_asleep, 410);
    assert_eq!(
        main.start,
        date(2017, 6, 9)
            .at(23, 41, 30, 0)
            .to_zoned(tz.clone())
            .unwrap()
            .timestamp()
    );
    // Weight in pounds (the profile's en_US weight unit) → kg.
    let weigh_ins = store
        .weigh_ins(&key, date(2017, 6, 1), date(2017, 6, 30))
        .unwrap();
    assert_eq!(weigh_ins.len(), 1);
    assert!((weigh_ins[0].weight_kg - 80.013_2).abs() < 1e-3);
    assert_eq!(weigh_ins[0].body_fat_pct, Some(21.5));
}

#[test]
fn a_zip_imports_on_the_accounts_local_days_and_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("takeout-20261201T101500Z-001.zip");
    write_zip(&zip, &files());
    let store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let report = import_into(&store, std::slice::from_ref(&zip));
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(
        report.files_read, 9,
        "profile, 7 JSON files, the sleep scores; glucose is not read"
    );
    assert_eq!(report.exported_at, "2026-12-01T10:15:00Z");
    check_store(&store);
    let first = report.days.clone();
    assert!(
        first
            .values()
            .all(|c| c.new > 0 && c.changed == 0 && c.unchanged == 0)
    );
    // Again: nothing is written.
    let again = import_into(&store, &[zip]);
    for (kind, c) in &again.days {
        assert_eq!(c.new + c.changed, 0, "{kind}: {c:?}");
        assert_eq!(c.unchanged, first[kind].new, "{kind}");
    }
    check_store(&store);
}

#[test]
fn folders_tgz_and_split_zips_import_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let all = files();
    // A folder, without the `Takeout/` prefix.
    let folder = dir.path().join("export");
    let stripped: Vec<_> = all
        .iter()
        .map(|(n, b)| (n.trim_start_matches("Takeout/").to_string(), b.clone()))
        .collect();
    write_dir(&folder, &stripped);
    let tgz = dir.path().join("export.tgz");
    write_tgz(&tgz, &all);
    // Two parts: any family in either.
    let (a, b): (Vec<_>, Vec<_>) = all
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 2 == 0);
    let part1 = dir.path().join("takeout-20261201T101500Z-001.zip");
    let part2 = dir.path().join("takeout-20261201T101500Z-002.zip");
    write_zip(&part1, &a.into_iter().map(|(_, f)| f).collect::<Vec<_>>());
    write_zip(&part2, &b.into_iter().map(|(_, f)| f).collect::<Vec<_>>());
    for paths in [vec![folder], vec![tgz], vec![part1, part2]] {
        let store = Store::open_in_memory().unwrap();
        let report = import_into(&store, &paths);
        assert!(report.skipped.is_empty(), "{paths:?}: {:?}", report.skipped);
        check_store(&store);
    }
}

#[test]
fn a_truncated_file_is_reported_with_its_path_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = files();
    let broken = format!("{ROOT}/sleep-2017-05-17.json");
    for (name, bytes) in &mut all {
        if *name == broken {
            bytes.truncate(bytes.len() / 2);
        }
    }
    all.push((
        format!("{ROOT}/steps-2017-06-16.json"),
        b"{garbage".to_vec(),
    ));
    let zip = dir.path().join("export.zip");
    write_zip(&zip, &all);
    let store = Store::open_in_memory().unwrap();
    let report = import_into(&store, &[zip]);
    let skipped: Vec<_> = report.skipped.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        skipped,
        [
            broken.as_str(),
            &format!("{ROOT}/steps-2017-06-16.json") as &str
        ]
    );
    let key = import::account_key("Jane");
    assert!(store.heart(&key, date(2017, 6, 10)).unwrap().is_some());
    assert!(store.sleep(&key, date(2017, 6, 10)).unwrap().is_none());
}

/// A night slept away from the profile's zone: `UserSleeps` gives the offset it was slept
/// at (Tokyo, +09:00, while the profile says Sydney, +10:00 in June), and the sleep log's wall
/// times are placed with it; a log no row matches keeps the account's zone.
#[test]
fn a_nights_own_offset_places_it_where_it_was_slept() {
    let tz = TimeZone::get("Australia/Sydney").unwrap();
    let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    let import = |extra: Option<&str>| {
        let mut all = Vec::new();
        if let Some(rows) = extra {
            all.push((
                "Takeout/Google Health/Health Fitness Data_GoogleData/UserSleeps_2017-06-01.csv"
                    .into(),
                format!(
                    "sleep_id,sleep_type,minutes_in_sleep_period,minutes_after_wake_up,minutes_to_fall_asleep,minutes_asleep,minutes_awake,minutes_longest_awakening,minutes_to_persistent_sleep,start_utc_offset,sleep_start,end_utc_offset,sleep_end,data_source,sleep_created,sleep_last_updated\n{rows}"
                )
                .into_bytes(),
            ));
        }
        let store = import_with(all);
        let night = store
            .sleep(&import::account_key("Jane"), date(2017, 6, 10))
            .unwrap()
            .unwrap()
            .value;
        let main = night.main().unwrap().clone();
        (main.start, main.end, main.segments.first().map(|s| s.start))
    };
    // The log: 23:41:30 → 07:09:30 local, on the night that ended on 10 June.
    let (start, end, first) = import(None);
    assert_eq!(start, at("2017-06-09T13:41:30Z"), "Sydney's +10:00");
    assert_eq!(end, at("2017-06-09T21:09:30Z"));
    assert_eq!(first, Some(start));
    let slept_in_tokyo = "7100000000000000001,STAGES,448,0,0,410,38,10,0,+09:00,2017-06-09T14:41:30Z,+09:00,2017-06-09T22:09:30Z,Sense,2017-06-09T22:20:00Z,2017-06-09T22:20:00Z\n";
    let (start, end, first) = import(Some(slept_in_tokyo));
    assert_eq!(start, at("2017-06-09T14:41:30Z"), "the night's own +09:00");
    assert_eq!(end, at("2017-06-09T22:09:30Z"));
    assert_eq!(first, Some(start));
    assert_eq!(start.to_zoned(tz).date(), date(2017, 6, 10));
    // A row of another night (or a malformed one) changes nothing.
    let other = "7100000000000000002,STAGES,400,0,0,380,20,5,0,+09:00,2017-06-11T14:00:00Z,+09:00,2017-06-11T21:00:00Z,Sense,x,x\n8,STAGES,1,0,0,1,0,0,0,nine,2017-06-09T14:41:30Z,+09:00,2017-06-09T22:09:30Z,Sense,x,x\n";
    let (start, _, _) = import(Some(other));
    assert_eq!(start, at("2017-06-09T13:41:30Z"));
}

/// An exercise done away from the profile's zone is dated by the offset `UserExercises`
/// gives it: 14:30 UTC on 9 June is 00:30 on 10 June in Sydney, but 07:30 on 9 June in Los
/// Angeles, where it was done.
#[test]
fn an_exercise_is_dated_by_the_offset_it_was_done_at() {
    let exercise = r#"[{"logId":51234567890,"activityName":"Walk","startTime":"06/09/17 14:30:00","duration":1800000,"distance":2.4,"distanceUnit":"Kilometer","steps":3100,"calories":190}]"#;
    let dated = |rows: Option<&str>| {
        let mut all = vec![(
            format!("{ROOT}/exercise-0.json"),
            exercise.as_bytes().to_vec(),
        )];
        if let Some(rows) = rows {
            all.push((
                "Takeout/Google Health/Health Fitness Data_GoogleData/UserExercises_2017-06-01.csv"
                    .into(),
                format!("exercise_id,exercise_start,exercise_end,utc_offset,tracker_total_distance_mm\n{rows}")
                    .into_bytes(),
            ));
        }
        let store = import_with(all);
        let logs = store
            .exercises(
                &import::account_key("Jane"),
                date(2017, 6, 1),
                date(2017, 6, 30),
            )
            .unwrap();
        assert_eq!(logs.len(), 1);
        logs[0].date
    };
    assert_eq!(dated(None), date(2017, 6, 10), "the profile's zone");
    assert_eq!(
        dated(Some(
            "7100000000000000001,2017-06-09T14:30:00Z,2017-06-09T15:00:00Z,-07:00,2400000\n"
        )),
        date(2017, 6, 9),
        "the exercise's own offset"
    );
}

#[test]
fn what_is_not_an_export_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("notes.zip");
    std::fs::write(&junk, b"this is not a zip at all").unwrap();
    let store = Store::open_in_memory().unwrap();
    let err = import::run(&[junk], Some(&store), &options(), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("not a zip"), "{err}");
    assert_eq!(err.exit_code(), 2);
    // A real zip with nothing of health in it.
    let empty = dir.path().join("photos.zip");
    write_zip(&empty, &[("Takeout/Photos/a.jpg".into(), vec![1, 2, 3])]);
    let err = import::run(&[empty], Some(&store), &options(), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("no health data"), "{err}");
    // No profile and no --tz: which zone the UTC stamps are read in is unknown.
    let no_profile = dir.path().join("noprofile.zip");
    let files: Vec<_> = files()
        .into_iter()
        .filter(|(n, _)| !n.ends_with("Profile.csv"))
        .collect();
    write_zip(&no_profile, &files);
    let err = import::run(
        std::slice::from_ref(&no_profile),
        Some(&store),
        &options(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("--tz"), "{err}");
    // With --tz it imports.
    let with_tz = Options {
        tz: Some(TimeZone::get("Australia/Sydney").unwrap()),
        ..options()
    };
    let report = import::run(&[no_profile], Some(&store), &with_tz, &mut |_| {}).unwrap();
    assert!(report.days["heart"].new >= 1);
}

/// `fittui` on a profile with nothing but the import: every tab shows what the export holds,
/// with no sign-in and not one request; days outside it and the devices say why they are
/// empty; the status line names the import.
#[tokio::test]
async fn the_tui_browses_an_import_with_no_sign_in() {
    use ratatui::crossterm::event::KeyCode;
    use support::{ch, key, screen_text};
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("takeout-20261201T101500Z-001.zip");
    write_zip(&zip, &files());
    let path = dir.path().join("store.sqlite");
    let store = Store::open(&path).unwrap();
    import_into(&store, &[zip]);
    drop(store);
    let clock = support::clock_at("2026-12-05T09:00:00Z");
    let mut t = support::imported::ImportedApp::open(&path, clock, date(2017, 6, 10)).await;
    let today = screen_text(&t.app, 80, 24);
    assert!(today.contains("157"), "{today}");
    assert!(today.contains("import of 1 Dec 2026"), "{today}");
    assert!(today.contains("from the export of 1 Dec 2026"), "{today}");
    insta::assert_snapshot!("import_today_80x24", today);
    t.press(ch('2')).await;
    let heart = screen_text(&t.app, 80, 24);
    assert!(heart.contains("57"), "resting HR: {heart}");
    assert!(heart.contains("VO₂ max 44.3 ml/kg/min"), "{heart}");
    insta::assert_snapshot!("import_heart_80x24", heart);
    // The week shows them too: the average and the selected day's.
    t.press(ch('z')).await;
    let week = screen_text(&t.app, 100, 30);
    assert!(week.contains("VO₂ max 44.3 avg"), "{week}");
    assert!(
        week.contains("Sat 10 Jun 2017 · resting 57 bpm · VO₂ max 44.3"),
        "{week}"
    );
    t.press(ch('3')).await;
    let week = screen_text(&t.app, 100, 30);
    assert!(week.contains("· score 81"), "{week}");
    t.press(ch('Z')).await;
    t.press(ch('3')).await;
    let sleep = screen_text(&t.app, 80, 24);
    assert!(sleep.contains("score 81"), "{sleep}");
    insta::assert_snapshot!("import_sleep_80x24", sleep);
    t.press(ch('4')).await;
    let devices = screen_text(&t.app, 80, 24);
    assert!(devices.contains("no live device data"), "{devices}");
    insta::assert_snapshot!("import_devices_80x24", devices);
    // A day the export does not hold.
    t.press(ch('1')).await;
    t.press(key(KeyCode::Left)).await;
    t.press(key(KeyCode::Left)).await;
    t.press(key(KeyCode::Left)).await;
    let outside = screen_text(&t.app, 80, 24);
    assert!(outside.contains("Not in the import"), "{outside}");
    assert!(outside.contains("10 Jun 2017 to 11 Jun 2017"), "{outside}");
    insta::assert_snapshot!("import_outside_80x24", outside);
    // `r` has nothing to refresh.
    t.press(ch('r')).await;
    assert!(screen_text(&t.app, 80, 24).contains("nothing to refresh"));
}

/// `days` heart-rate days of a Sydney account from 1 Mar 2026 (one reading every 10 s), with
/// the profile, as an extracted folder.
fn big_export(dir: &Path, days: u32) {
    let root = dir.join("Takeout/Fitbit/Global Export Data");
    std::fs::create_dir_all(&root).unwrap();
    let tz = TimeZone::get("Australia/Sydney").unwrap();
    let first = date(2026, 3, 1);
    for n in 0..days {
        let day = first
            .checked_add(jiff::Span::new().days(i64::from(n)))
            .unwrap();
        let start = day.to_zoned(tz.clone()).unwrap().timestamp();
        let end = day
            .tomorrow()
            .unwrap()
            .to_zoned(tz.clone())
            .unwrap()
            .timestamp();
        let mut body = String::with_capacity(700_000);
        body.push('[');
        let mut at = start;
        while at < end {
            if body.len() > 1 {
                body.push(',');
            }
            let bpm = 55 + (at.as_second() / 10 % 60);
            write!(
                body,
                r#"{{"dateTime":"{}","value":{{"bpm":{bpm},"confidence":2}}}}"#,
                at.strftime("%m/%d/%y %H:%M:%S")
            )
            .unwrap();
            at = at.checked_add(jiff::SignedDuration::from_secs(10)).unwrap();
        }
        body.push(']');
        std::fs::write(root.join(format!("heart_rate-{day}.json")), body).unwrap();
    }
    let profile = &files()
        .into_iter()
        .find(|(n, _)| n.ends_with("Profile.csv"))
        .unwrap()
        .1;
    let dir = dir.join("Takeout/Fitbit/Your Profile");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("Profile.csv"), profile).unwrap();
}

fn heart_days_written(store_file: &Path) -> i64 {
    let Ok(conn) = rusqlite::Connection::open_with_flags(
        store_file,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    ) else {
        return 0;
    };
    conn.query_row(
        "SELECT count(*) FROM import_day WHERE kind = 'heart'",
        [],
        |r| r.get(0),
    )
    .unwrap_or(0)
}

/// `fittui import` killed (SIGKILL) mid-import leaves whole batches; the same command then
/// finishes the job, writing only what is missing, and the store equals a clean import's.
#[test]
fn a_killed_import_finishes_when_run_again() {
    const DAYS: u32 = 100;
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    big_export(&export, DAYS);
    let profile = dir.path().join("profile");
    let paths = fittui::paths::Paths::in_dir(&profile);
    let run = |json: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_fittui"));
        cmd.arg("import")
            .arg(&export)
            .env("FITTUI_CONFIG_DIR", &paths.config_dir)
            .env("FITTUI_DATA_DIR", &paths.data_dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        if json {
            cmd.arg("--json");
        }
        cmd
    };
    let store_file = paths.store_file();
    let mut child = run(true).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(2);
    loop {
        let written = heart_days_written(&store_file);
        if written >= 31 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed ({written} days)"
        );
        assert!(std::time::Instant::now() < deadline, "no batch in 120 s");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = heart_days_written(&store_file);
    assert!(before < i64::from(DAYS), "killed after the end");
    assert_eq!(before % 31, 0, "whole batches only: {before}");
    // Again, to the end.
    let out = run(true).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let lines = support::json_lines(&out);
    let done = lines.last().unwrap();
    assert_eq!(done["event"], "done");
    let heart = &done["days"]["heart"];
    assert_eq!(heart["unchanged"], before, "{done}");
    assert_eq!(heart["new"], i64::from(DAYS) - before, "{done}");
    assert_eq!(heart_days_written(&store_file), i64::from(DAYS));
    // The same as an import that was never killed.
    let clean = Store::open_in_memory().unwrap();
    import::run(&[export], Some(&clean), &options(), &mut |_| {}).unwrap();
    let resumed = Store::open(&store_file).unwrap();
    assert_eq!(resumed.integrity_check().unwrap(), "ok");
    let key = import::account_key("Jane");
    for n in [0, 30, 31, 62, 99] {
        let d = date(2026, 3, 1)
            .checked_add(jiff::Span::new().days(n))
            .unwrap();
        let a = resumed.heart(&key, d).unwrap().unwrap().value;
        let b = clean.heart(&key, d).unwrap().unwrap().value;
        assert_eq!(a, b, "{d}");
        assert!(a.intraday.buckets().len() >= 1380, "{d}: a whole day");
    }
}

/// A signed-in user who also imported: a day the API account has nothing of shows the
/// import's (with no request for it), the days the API has stay the API's, and nothing is
/// added across the two.
#[tokio::test]
async fn a_signed_in_user_sees_imported_history_without_requests() {
    use ratatui::crossterm::event::KeyCode;
    use support::{ch, key, screen_text};
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("takeout-20261201T101500Z-001.zip");
    write_zip(&zip, &files());
    let path = dir.path().join("store.sqlite");
    import_into(&Store::open(&path).unwrap(), &[zip]);
    let mut h =
        support::demo::Harness::start_with_store(fittui::api::ProviderKind::Fitbit, &path).await;
    let today = screen_text(&h.app, 80, 24);
    assert!(!today.contains("157 /"), "today is the API's: {today}");
    let before = h.demo.sim.requests().len();
    h.press(ch('g')).await;
    for c in "2017-06-10".chars() {
        h.press(ch(c)).await;
    }
    h.press(key(KeyCode::Enter)).await;
    let then = screen_text(&h.app, 80, 24);
    assert!(then.contains("10 June 2017"), "{then}");
    assert!(then.contains("157 / "), "the imported day: {then}");
    let asked: Vec<String> = h.demo.sim.requests()[before..]
        .iter()
        .map(|r| r.path.clone())
        .filter(|p| p.contains("2017-06-10"))
        .collect();
    assert!(
        asked.is_empty(),
        "the imported day cost requests: {asked:?}"
    );
}

/// With nothing but an import, `fittui export` writes what it holds (no sign-in, no network)
/// and `fittui summary` says how to see it.
#[test]
fn export_works_on_an_imported_profile() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("takeout-20261201T101500Z-001.zip");
    write_zip(&zip, &files());
    let paths = fittui::paths::Paths::in_dir(&dir.path().join("profile"));
    import_into(&Store::open(&paths.store_file()).unwrap(), &[zip]);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_fittui"))
            .args(args)
            .env("FITTUI_CONFIG_DIR", &paths.config_dir)
            .env("FITTUI_DATA_DIR", &paths.data_dir)
            .output()
            .unwrap()
    };
    let out = run(&[
        "export",
        "--kind",
        "daily",
        "--from",
        "2017-06-09",
        "--to",
        "2017-06-11",
    ]);
    assert!(out.status.success(), "{out:?}");
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("date,steps,distance_m"), "{csv}");
    assert!(
        lines.iter().any(|l| l.starts_with("2017-06-10,157,")),
        "{csv}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("2017-06-11,1000,")),
        "{csv}"
    );
    let out = run(&[
        "export",
        "--kind",
        "heart",
        "--from",
        "2017-06-10",
        "--to",
        "2017-06-10",
    ]);
    assert!(out.status.success(), "{out:?}");
    let rows = String::from_utf8(out.stdout).unwrap().lines().count();
    assert_eq!(rows, 121, "a header and 120 minutes");
    let out = run(&["summary"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds an import"));
}

/// `--dry-run` reads and reports, and writes nothing.
#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("export.zip");
    write_zip(&zip, &files());
    let report = import::run(
        &[zip],
        None,
        &Options {
            dry_run: true,
            ..options()
        },
        &mut |_| {},
    )
    .unwrap();
    assert!(report.dry_run);
    assert_eq!(report.days["heart"].new, 1);
    assert_eq!(report.days["activity"].new, 2);
    assert_eq!(report.weigh_ins, 1);
    assert_eq!(
        (report.first_day, report.last_day),
        (Some(date(2017, 6, 10)), Some(date(2017, 6, 11)))
    );
}
