//! Fitbit activity, heart rate and AZM: shapes from the reference examples, totals equal to
//! intraday sums, AZM consistent with zones, DST days, the day without data, validation.

use crate::support::{NOW, Session, dataset, get_json, url};
use serde_json::Value;

#[tokio::test]
async fn daily_summary_shape_and_totals_equal_intraday_sums() {
    let ses = Session::fitbit_at(NOW).await;
    for day in ["2026-11-18", "2026-11-01", "2026-11-21"] {
        let s = ses
            .json(&format!("/1/user/-/activities/date/{day}.json"))
            .await;
        let summary = &s["summary"];
        for key in [
            "activeScore",
            "activityCalories",
            "caloriesBMR",
            "caloriesOut",
            "distances",
            "elevation",
            "fairlyActiveMinutes",
            "floors",
            "heartRateZones",
            "lightlyActiveMinutes",
            "sedentaryMinutes",
            "steps",
            "veryActiveMinutes",
        ] {
            assert!(summary.get(key).is_some(), "{day}: {key} missing");
        }
        assert!(summary.get("activeZoneMinutes").is_none());
        assert_eq!(s["goals"]["steps"], 10000);
        for resource in ["steps", "floors", "distance", "calories"] {
            let v = ses
                .json(&format!(
                    "/1/user/-/activities/{resource}/date/{day}/1d/1min.json"
                ))
                .await;
            let key = format!("activities-{resource}");
            let total: f64 = v[&key][0]["value"].as_str().unwrap().parse().unwrap();
            let rows = dataset(&v, &key);
            let sum: f64 = rows.iter().map(|r| r["value"].as_f64().unwrap()).sum();
            match resource {
                "calories" => assert!(
                    (sum - total).abs() <= 0.5,
                    "{day} {resource}: {sum} vs {total}"
                ),
                "distance" => assert!(
                    (sum - total).abs() < 1e-6,
                    "{day} {resource}: {sum} vs {total}"
                ),
                _ => assert!(
                    (sum - total).abs() < f64::EPSILON,
                    "{day} {resource}: {sum} vs {total}"
                ),
            }
            let ts = ses
                .json(&format!(
                    "/1/user/-/activities/{resource}/date/{day}/1d.json"
                ))
                .await;
            assert_eq!(ts[&key][0]["value"], v[&key][0]["value"], "{resource}");
            if resource == "steps" {
                assert_eq!(summary["steps"].as_f64().unwrap(), total);
            }
            if resource == "calories" {
                assert_eq!(summary["caloriesOut"].as_f64().unwrap(), total);
                assert!(rows[0].get("level").is_some() && rows[0].get("mets").is_some());
            }
        }
    }
}

#[tokio::test]
async fn time_series_values_are_strings_and_units_follow_accept_language() {
    let ses = Session::fitbit_at(NOW).await;
    let v = ses
        .json("/1/user/-/activities/steps/date/today/7d.json")
        .await;
    let items = v["activities-steps"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    assert!(items.iter().all(|i| i["value"].is_string()));
    assert_eq!(items[6]["dateTime"], "2026-11-21");
    let path = url(
        &ses.sim,
        "/1/user/-/activities/distance/date/2026-11-18/1d.json",
    );
    let metric: f64 =
        get_json(&ses.http, &path, &ses.token).await["activities-distance"][0]["value"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
    let r = ses
        .http
        .get(&path)
        .bearer_auth(&ses.token)
        .header("Accept-Language", "en_US")
        .send()
        .await
        .unwrap();
    let us: f64 = r.json::<Value>().await.unwrap()["activities-distance"][0]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((metric / us - 1.609_344).abs() < 1e-9, "{metric} {us}");
    // Tracker-only variant and the per-range form.
    let v = ses
        .json("/1/user/-/activities/tracker/steps/date/2026-11-01/2026-11-03.json")
        .await;
    assert_eq!(v["activities-tracker-steps"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn dst_days_have_23_and_25_hours_of_rows() {
    let ses = Session::fitbit_at(NOW).await;
    let v = ses
        .json("/1/user/-/activities/steps/date/2026-11-01/1d/1min.json")
        .await;
    let rows = dataset(&v, "activities-steps");
    assert_eq!(rows.len(), 1500);
    let times: Vec<&str> = rows.iter().map(|r| r["time"].as_str().unwrap()).collect();
    assert_eq!(times.iter().filter(|t| **t == "01:30:00").count(), 2);
    assert_eq!(times[0], "00:00:00");
    assert_eq!(times[1499], "23:59:00");
    // The repeated hour: first pass, then second pass.
    assert_eq!(times[60], "01:00:00");
    assert_eq!(times[120], "01:00:00");
    let v = ses
        .json("/1/user/-/activities/steps/date/2026-11-01/1d/1min/time/01:00/01:59.json")
        .await;
    assert_eq!(dataset(&v, "activities-steps").len(), 120);
    let v = ses
        .json("/1/user/-/activities/steps/date/2026-11-01/1d/15min.json")
        .await;
    assert_eq!(dataset(&v, "activities-steps").len(), 100);
    // A normal day.
    let v = ses
        .json("/1/user/-/activities/steps/date/2026-11-02/1d/1min.json")
        .await;
    assert_eq!(dataset(&v, "activities-steps").len(), 1440);
    // Heart intraday on the fall-back day has readings from both passes.
    let v = ses
        .json("/1/user/-/activities/heart/date/2026-11-01/1d/1min.json")
        .await;
    let rows = dataset(&v, "activities-heart");
    assert!(rows.len() > 1300 && rows.len() <= 1500, "{}", rows.len());

    // Spring forward: a March window.
    let ses = Session::fitbit_at("2026-03-20T12:00:00-07:00").await;
    let v = ses
        .json("/1/user/-/activities/steps/date/2026-03-08/1d/1min.json")
        .await;
    let rows = dataset(&v, "activities-steps");
    assert_eq!(rows.len(), 1380);
    assert!(
        rows.iter()
            .all(|r| !r["time"].as_str().unwrap().starts_with("02:"))
    );
    let v = ses
        .json("/1/user/-/activities/heart/date/2026-03-08/1d/1sec.json")
        .await;
    let rows = dataset(&v, "activities-heart");
    assert!(rows.len() < 82_800 && rows.len() > 70_000, "{}", rows.len());
    assert!(
        rows.iter()
            .all(|r| !r["time"].as_str().unwrap().starts_with("02:"))
    );
}

#[tokio::test]
async fn heart_gaps_time_shape_and_azm_follow_zones() {
    let ses = Session::fitbit_at(NOW).await;
    let v = ses
        .json("/1/user/-/activities/heart/date/2026-11-18/1d/1sec.json")
        .await;
    let rows = dataset(&v, "activities-heart");
    assert!(rows.len() > 75_000 && rows.len() < 86_400, "{}", rows.len());
    assert_eq!(v["activities-heart-intraday"]["datasetType"], "second");
    assert!(v["activities-heart"][0]["value"]["heartRateZones"].is_array());
    // /time/ shape: zones at element level and a string value.
    let v = ses
        .json("/1/user/-/activities/heart/date/2026-11-18/1d/15min/time/08:00/09:00.json")
        .await;
    let el = &v["activities-heart"][0];
    assert!(el["value"].is_string());
    assert!(el["heartRateZones"].is_array());
    assert_eq!(dataset(&v, "activities-heart").len(), 5);
    // AZM: daily equals the intraday sum and the zone minutes.
    for day in [
        "2026-11-15",
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-20",
    ] {
        let heart = ses
            .json(&format!("/1/user/-/activities/heart/date/{day}/1d.json"))
            .await;
        let zones = heart["activities-heart"][0]["value"]["heartRateZones"]
            .as_array()
            .unwrap()
            .clone();
        let minutes = |name: &str| {
            zones.iter().find(|z| z["name"] == name).unwrap()["minutes"]
                .as_i64()
                .unwrap()
        };
        let azm = ses
            .json(&format!(
                "/1/user/-/activities/active-zone-minutes/date/{day}/1d.json"
            ))
            .await;
        let items = azm["activities-active-zone-minutes"].as_array().unwrap();
        let (total, fat, cardio, peak) = items.first().map_or((0, 0, 0, 0), |i| {
            let v = &i["value"];
            let g = |k: &str| v.get(k).and_then(Value::as_i64).unwrap_or(0);
            (
                g("activeZoneMinutes"),
                g("fatBurnActiveZoneMinutes"),
                g("cardioActiveZoneMinutes"),
                g("peakActiveZoneMinutes"),
            )
        });
        if let Some(i) = items.first() {
            for (k, v) in i["value"].as_object().unwrap() {
                assert_ne!(v, 0, "{day}: zero sub-zone {k} must be omitted");
            }
        }
        assert_eq!(fat, minutes("Fat Burn"), "{day}");
        assert_eq!(cardio, 2 * minutes("Cardio"), "{day}");
        assert_eq!(peak, 2 * minutes("Peak"), "{day}");
        assert_eq!(total, fat + cardio + peak);
        let intraday = ses
            .json(&format!(
                "/1/user/-/activities/active-zone-minutes/date/{day}/1d/1min.json"
            ))
            .await;
        let day_entry = &intraday["activities-active-zone-minutes-intraday"][0];
        let mins = day_entry["minutes"].as_array().unwrap();
        assert_eq!(mins.len(), 1440);
        assert!(
            mins[0]["minute"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{day}T00:00:00"))
        );
        let sum: i64 = mins
            .iter()
            .map(|m| m["value"]["activeZoneMinutes"].as_i64().unwrap())
            .sum();
        assert_eq!(sum, total, "{day}");
    }
    let week = ses
        .json("/1/user/-/activities/active-zone-minutes/date/today/30d.json")
        .await;
    assert!(
        week["activities-active-zone-minutes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["value"]["cardioActiveZoneMinutes"].as_i64().unwrap_or(0) > 0)
    );
}

#[tokio::test]
async fn the_day_without_data() {
    let ses = Session::fitbit_at(NOW).await;
    let day = "2026-11-12";
    let s = ses
        .json(&format!("/1/user/-/activities/date/{day}.json"))
        .await;
    let summary = &s["summary"];
    assert_eq!(summary["steps"], 0);
    assert_eq!(summary["sedentaryMinutes"], 1440);
    assert!(summary["caloriesOut"].as_i64().unwrap() > 1000);
    assert_eq!(summary["caloriesOut"], summary["caloriesBMR"]);
    assert!(summary.get("restingHeartRate").is_none());
    let v = ses
        .json(&format!(
            "/1/user/-/activities/heart/date/{day}/1d/1min.json"
        ))
        .await;
    assert!(dataset(&v, "activities-heart").is_empty());
    assert!(
        v["activities-heart"][0]["value"]
            .get("restingHeartRate")
            .is_none()
    );
    let v = ses
        .json(&format!("/1.2/user/-/sleep/date/{day}.json"))
        .await;
    assert_eq!(v["sleep"].as_array().unwrap().len(), 0);
    assert_eq!(v["summary"]["totalSleepRecords"], 0);
    let v = ses.json(&format!("/1/user/-/spo2/date/{day}.json")).await;
    assert_eq!(v, serde_json::json!({}));
    let v = ses.json(&format!("/1/user/-/hrv/date/{day}.json")).await;
    assert_eq!(v, serde_json::json!({"hrv": []}));
}

#[tokio::test]
async fn validation_errors_and_unknown_paths() {
    let ses = Session::fitbit_at(NOW).await;
    let cases = [
        (
            "/1/user/-/activities/date/2024-13-45.json",
            400,
            "validation",
        ),
        (
            "/1/user/-/activities/steps/date/today/2d.json",
            400,
            "validation",
        ),
        (
            "/1/user/-/activities/steps/date/today/1d/2min.json",
            400,
            "validation",
        ),
        (
            "/1/user/-/activities/steps/date/2020-01-01/2026-11-21.json",
            400,
            "validation",
        ),
        (
            "/1/user/-/activities/steps/date/2026-11-19/2026-11-21/1min.json",
            400,
            "request",
        ),
        (
            "/1/user/-/activities/heart/date/today/3m.json",
            400,
            "validation",
        ),
        ("/1/user/-/heart/date/today/1d.json", 400, "request"),
        ("/1/user/-/nothing.json", 400, "request"),
        (
            "/1/user/-/activities/steps/date/today/max.json",
            422,
            "validation",
        ),
        (
            "/1/user/-/activities/steps/date/today/1d/1min.json?timezone=PST",
            400,
            "validation",
        ),
    ];
    for (path, status, kind) in cases {
        let (s, body) = ses.get(path).await;
        assert_eq!(s, status, "{path}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["errors"][0]["errorType"], kind, "{path}");
    }
    let (_, body) = ses.get("/1/user/-/heart/date/today/1d.json").await;
    assert!(body.contains("Invalid time series resource path: /heart"));
    // timezone=UTC gives a UTC day of 1440 rows.
    let v = ses
        .json("/1/user/-/activities/steps/date/2026-11-01/1d/1min.json?timezone=UTC")
        .await;
    assert_eq!(dataset(&v, "activities-steps").len(), 1440);
    // Intraday across midnight with /time/.
    let v = ses
        .json("/1/user/-/activities/steps/date/2026-11-19/2026-11-20/1min/time/23:00/01:00.json")
        .await;
    assert_eq!(dataset(&v, "activities-steps").len(), 121);
    assert_eq!(v["activities-steps"].as_array().unwrap().len(), 2);
}
