//! `fittui export` end to end against the simulator: what is missing is fetched, the CSV reads
//! back equal to the store, heart rate comes one row per minute with the account's offset,
//! JSON and NDJSON parse, and a closed pipe ends the export quietly.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::too_many_lines)] // one scenario, read top to bottom

mod support;

use std::io::{BufRead, BufReader};
use std::process::Output;
use std::time::Duration;

use fittui::api::ProviderKind;
use fittui::commands::export::{DailyRow, HeartRow, WeightRow};
use fittui_sim::SimConfig;
use jiff::SignedDuration;
use support::{Profile, api_requests, sign_in_fitbit};

async fn wait(child: std::process::Child) -> Output {
    tokio::time::timeout(
        Duration::from_mins(1),
        tokio::task::spawn_blocking(move || child.wait_with_output()),
    )
    .await
    .expect("export finished in time")
    .unwrap()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_read_back_equal_to_the_store_in_every_format() {
    let sim = fittui_sim::start(SimConfig::new(ProviderKind::Fitbit.into()))
        .await
        .unwrap();
    let profile = Profile::new(&sim, ProviderKind::Fitbit);
    sign_in_fitbit(&sim, &profile, SignedDuration::from_hours(8));
    let today = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("America/Los_Angeles").unwrap())
        .date();
    let from = today
        .checked_sub(jiff::ToSpan::days(4))
        .unwrap()
        .to_string();
    let to = today
        .checked_sub(jiff::ToSpan::days(2))
        .unwrap()
        .to_string();
    let range = ["--from", from.as_str(), "--to", to.as_str()];

    // Daily, CSV: fetched on the way (nothing was stored), then equal to the store.
    let mut args = vec!["export", "--kind", "daily"];
    args.extend(range);
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        !api_requests(&sim).is_empty(),
        "what was missing was fetched"
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "date",
            "steps",
            "distance_m",
            "calories_kcal",
            "floors",
            "active_minutes",
            "azm_fat_burn_min",
            "azm_cardio_min",
            "azm_peak_min"
        ]
    );
    let rows: Vec<DailyRow> = reader.deserialize().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let store = fittui::store::Store::open(&profile.paths.store_file()).unwrap();
    let key = fittui::store::AccountKey {
        provider: ProviderKind::Fitbit.into(),
        user_id: "GGNJL9".into(),
    };
    for row in &rows {
        let day = store
            .activity(&key, row.date.parse().unwrap())
            .unwrap()
            .unwrap()
            .value;
        let s = day.summary.unwrap();
        assert_eq!(row.steps, Some(s.steps));
        assert!((row.distance_m.unwrap() - s.distance_m).abs() < 1e-6);
        assert_eq!(row.floors, s.floors);
    }

    // Offline, again: the same rows without a single request.
    sim.clear_requests();
    let mut args = vec![
        "export",
        "--kind",
        "daily",
        "--offline",
        "--format",
        "ndjson",
    ];
    args.extend(range);
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    assert!(api_requests(&sim).is_empty());
    let ndjson: Vec<DailyRow> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(ndjson, rows);

    // Heart, JSON: one row per minute with readings, in the account's offset.
    let mut args = vec!["export", "--kind", "heart", "--format", "json"];
    args.extend(range);
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let heart: Vec<HeartRow> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(heart.len() > 3 * 1000, "{}", heart.len());
    assert!(heart[0].time.ends_with("-08:00"), "{}", heart[0].time);
    assert!(heart.windows(2).all(|w| w[0].time < w[1].time));
    assert!(
        heart
            .iter()
            .all(|r| f32::from(r.bpm_min) <= r.bpm_mean && r.bpm_mean <= f32::from(r.bpm_max))
    );

    // HRV (from the stored heart days), SpO2 (fetched on the way), devices (the present list).
    let mut args = vec!["export", "--kind", "hrv", "--offline", "--format", "ndjson"];
    args.extend(range);
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let hrv: Vec<fittui::commands::export::HrvRow> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        !hrv.is_empty() && hrv.iter().all(|r| r.rmssd_ms > 0.0),
        "{hrv:?}"
    );
    let mut args = vec!["export", "--kind", "spo2"];
    args.extend(range);
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let spo2: Vec<fittui::commands::export::Spo2Row> =
        reader.deserialize().map(Result::unwrap).collect();
    assert!(
        spo2.iter().any(|r| r
            .spo2_avg_percent
            .is_some_and(|v| (85.0..=100.0).contains(&v))),
        "{spo2:?}"
    );
    // Devices: the battery history — each export (not offline) fetches and keeps the present
    // list, and every kept list is a row per device.
    let devices_json = ["export", "--kind", "devices", "--format", "json"];
    for _ in 0..2 {
        let out = wait(profile.command(&devices_json).spawn().unwrap()).await;
        assert!(out.status.success(), "{out:?}");
    }
    let mut args = devices_json.to_vec();
    args.push("--offline");
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let devices: Vec<fittui::commands::export::DeviceRow> =
        serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(devices.len(), 6, "{devices:?}");
    assert!(
        devices
            .windows(2)
            .all(|w| w[0].fetched_at <= w[1].fetched_at)
    );
    // Two lists of the same three devices (fetched within the same second, maybe).
    let ids = |rows: &[fittui::commands::export::DeviceRow]| -> Vec<String> {
        rows.iter().map(|d| d.id.clone()).collect()
    };
    assert_eq!(ids(&devices[..3]), ids(&devices[3..]));
    assert!(
        devices
            .iter()
            .any(|d| d.model == "Charge 2" && d.kind == "tracker" && d.battery_percent.is_some())
    );
    // A range before the lists were fetched has none.
    let out = wait(
        profile
            .command(&[
                "export",
                "--kind",
                "devices",
                "--offline",
                "--from",
                "2026-01-01",
                "--to",
                "2026-01-31",
            ])
            .spawn()
            .unwrap(),
    )
    .await;
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "fetched_at,id,model,kind,battery_percent,battery_level,last_sync"
    );

    // A closed pipe (`| head -1`) ends the export quietly and successfully.
    let mut args = vec!["export", "--kind", "heart", "--offline"];
    args.extend(range);
    let mut child = profile.command(&args).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first.trim(), "time,bpm_mean,bpm_min,bpm_max");
    let out = wait(child).await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{out:?}"
    );
}

/// `fittui export --kind weight` for `provider`: the weigh-ins missing from the store are
/// fetched (one range), the CSV reads back equal to the store and to the simulator's person,
/// and once the days are final neither an offline nor an online export asks again.
async fn weight_export_round_trips(provider: ProviderKind) {
    let sim = fittui_sim::start(SimConfig::new(provider.into()))
        .await
        .unwrap();
    let profile = Profile::new(&sim, provider);
    let user = match provider {
        ProviderKind::Fitbit => {
            sign_in_fitbit(&sim, &profile, SignedDuration::from_hours(8));
            "GGNJL9".to_string()
        }
        ProviderKind::Google => {
            support::sign_in_google(&sim, &profile, SignedDuration::from_mins(50));
            fittui_sim::oauth::GOOGLE_USER_ID.to_string()
        }
    };
    let tz = jiff::tz::TimeZone::get("America/Los_Angeles").unwrap();
    let today = jiff::Zoned::now().with_time_zone(tz.clone()).date();
    let from = today.checked_sub(jiff::ToSpan::days(40)).unwrap();
    let to = today.checked_sub(jiff::ToSpan::days(2)).unwrap();
    let (from_s, to_s) = (from.to_string(), to.to_string());
    let args = [
        "export", "--kind", "weight", "--from", &from_s, "--to", &to_s,
    ];
    let out = wait(profile.command(&args).spawn().unwrap()).await;
    assert!(out.status.success(), "{out:?}");
    let asked: Vec<String> = api_requests(&sim)
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.contains("/body/log/") || p.contains("/weight/") || p.contains("/body-fat/"))
        .collect();
    // Fitbit: 39 days are two 31-day ranges of each log. Google: one list of each, in two
    // pages (the simulator answers a month a page).
    assert_eq!(asked.len(), 4, "{asked:?}");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["time", "date", "weight_kg", "body_fat_pct", "source"]
    );
    let rows: Vec<WeightRow> = reader.deserialize().map(Result::unwrap).collect();
    let person =
        fittui_sim::person::extras::weigh_ins(sim.person(), from, to, jiff::Timestamp::now());
    assert_eq!(rows.len(), person.len());
    assert!(rows.len() > 25, "most mornings: {}", rows.len());
    for (row, w) in rows.iter().zip(&person) {
        let at = w.at.to_zoned(tz.clone());
        assert_eq!(row.time, at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string());
        assert_eq!(row.date, w.date.to_string());
        assert!((row.weight_kg - w.kg).abs() < 1e-6, "{row:?} vs {w:?}");
        assert_eq!(row.body_fat_pct, w.fat_pct, "{row:?}");
        assert!(row.source.is_some());
    }
    assert!(rows.iter().any(|r| r.body_fat_pct.is_none()));
    // Equal to the store.
    let store = fittui::store::Store::open(&profile.paths.store_file()).unwrap();
    let key = fittui::store::AccountKey {
        provider: provider.into(),
        user_id: user,
    };
    let stored = store.weigh_ins(&key, from, to).unwrap();
    assert_eq!(stored.len(), rows.len());
    for (s, row) in stored.iter().zip(&rows) {
        assert_eq!(
            (s.weight_kg, s.body_fat_pct),
            (row.weight_kg, row.body_fat_pct)
        );
        assert_eq!(s.date.to_string(), row.date);
    }
    assert_eq!(
        store.final_weight_days(&key, from, to, &tz).unwrap().len(),
        39
    );
    drop(store);

    // Every day is final now: offline or not, the same rows and no request.
    for offline in [true, false] {
        sim.clear_requests();
        let mut again = args.to_vec();
        again.extend(["--format", "ndjson"]);
        if offline {
            again.push("--offline");
        }
        let out = wait(profile.command(&again).spawn().unwrap()).await;
        assert!(out.status.success(), "{out:?}");
        let weight_asked = api_requests(&sim)
            .iter()
            .filter(|r| r.path.contains("weight") || r.path.contains("fat"))
            .count();
        assert_eq!(weight_asked, 0, "offline: {offline}");
        let ndjson: Vec<WeightRow> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(ndjson, rows);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weight_export_round_trips_with_fitbit() {
    weight_export_round_trips(ProviderKind::Fitbit).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weight_export_round_trips_with_google() {
    weight_export_round_trips(ProviderKind::Google).await;
}
