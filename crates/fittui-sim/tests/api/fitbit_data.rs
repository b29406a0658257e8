//! Fitbit sleep, vitals, devices, alarms, profile, weight and ECG: shapes from the reference
//! examples and the documented quirks.

use crate::support::{NOW, Session, get, get_json, url};
use jiff::civil::date;
use serde_json::Value;

#[tokio::test]
async fn sleep_across_fall_back_keeps_the_start_offset() {
    let ses = Session::fitbit_at(NOW).await;
    let v = ses.json("/1.2/user/-/sleep/date/2026-11-01.json").await;
    let log = v["sleep"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["isMainSleep"] == true)
        .unwrap();
    let night = ses.sim.person().main_night(date(2026, 11, 1)).unwrap();
    let wall_end = night.end.to_zoned(ses.sim.person().tz().clone()).datetime();
    let log_end: jiff::civil::DateTime = log["endTime"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        log_end.duration_since(wall_end).as_hours(),
        1,
        "{log_end} vs wall {wall_end}"
    );
    assert_eq!(log["dateOfSleep"], "2026-11-01");
    let start: jiff::civil::DateTime = log["startTime"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        log_end.duration_since(start).as_mins(),
        log["timeInBed"].as_i64().unwrap()
    );
}

#[tokio::test]
async fn sleep_shapes_classic_nap_processing_and_list() {
    let ses = Session::fitbit_at(NOW).await;
    // Nov 19: that night is still processing; only `meta` (and any nap) come back.
    let v = ses.json("/1.2/user/-/sleep/date/2026-11-19.json").await;
    assert_eq!(
        v["meta"],
        serde_json::json!({"retryDuration": 3000, "state": "pending"})
    );
    assert!(
        v["sleep"]
            .as_array()
            .is_none_or(|logs| logs.iter().all(|l| l["isMainSleep"] == false)),
        "{v}"
    );
    // Today's night is done.
    let v = ses.json("/1.2/user/-/sleep/date/today.json").await;
    assert!(v.get("meta").is_none(), "{v}");
    assert_eq!(v["sleep"][0]["isMainSleep"], true);
    // A stages night.
    let v = ses.json("/1.2/user/-/sleep/date/2026-11-20.json").await;
    let log = &v["sleep"][0];
    assert_eq!(log["type"], "stages");
    let levels = &log["levels"];
    let parse = |s: &Value| {
        s.as_str()
            .unwrap()
            .parse::<jiff::civil::DateTime>()
            .unwrap()
    };
    let data = levels["data"].as_array().unwrap();
    for short in levels["shortData"].as_array().unwrap() {
        let t = parse(&short["dateTime"]);
        assert!(short["seconds"].as_i64().unwrap() <= 180);
        assert!(
            data.iter().any(|d| {
                let s = parse(&d["dateTime"]);
                let e = s + jiff::SignedDuration::from_secs(d["seconds"].as_i64().unwrap());
                t >= s && t < e && d["level"] != "wake"
            }),
            "shortData must overlap a non-wake data segment"
        );
    }
    let sum: i64 = ["deep", "light", "rem", "wake"]
        .iter()
        .map(|k| levels["summary"][k]["minutes"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, log["timeInBed"].as_i64().unwrap());
    assert_eq!(
        log["timeInBed"].as_i64().unwrap(),
        log["minutesAsleep"].as_i64().unwrap() + log["minutesAwake"].as_i64().unwrap()
    );
    assert!(levels["summary"]["deep"]["thirtyDayAvgMinutes"].is_number());
    assert!(v["summary"]["stages"]["deep"].is_number());
    // The classic night.
    let v = ses.json("/1.2/user/-/sleep/date/2026-11-16.json").await;
    let main = v["sleep"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["isMainSleep"] == true)
        .unwrap()
        .clone();
    assert_eq!(main["type"], "classic");
    assert_eq!(main["infoCode"], 1);
    assert!(main["levels"].get("shortData").is_none());
    assert_eq!(main["levels"]["summary"]["asleep"]["count"], 0);
    assert!(main["levels"]["summary"]["restless"].is_object());
    // A nap somewhere in the window.
    let range = ses
        .json("/1.2/user/-/sleep/date/2026-09-01/2026-11-21.json")
        .await;
    assert!(range.get("summary").is_none());
    assert_eq!(range["meta"]["state"], "pending");
    let logs = range["sleep"].as_array().unwrap();
    let nap = logs
        .iter()
        .find(|l| l["isMainSleep"] == false)
        .expect("a nap");
    assert_eq!(nap["type"], "classic");
    // Range limit.
    let (status, body) = ses
        .get("/1.2/user/-/sleep/date/2026-01-01/2026-11-21.json")
        .await;
    assert_eq!(status, 400, "{body}");
    // The list with pagination.
    let v = ses
        .json("/1.2/user/-/sleep/list.json?beforeDate=2026-11-22&sort=desc&limit=3&offset=0")
        .await;
    assert_eq!(v["sleep"].as_array().unwrap().len(), 3);
    assert_eq!(v["pagination"]["previous"], "");
    let next = v["pagination"]["next"].as_str().unwrap();
    assert!(next.contains("offset=3"));
    let page2 = get_json(&ses.http, next, &ses.token).await;
    assert_ne!(page2["sleep"][0]["logId"], v["sleep"][0]["logId"]);
    assert!(
        page2["pagination"]["previous"]
            .as_str()
            .unwrap()
            .contains("offset=0")
    );
    let (status, _) = ses
        .get("/1.2/user/-/sleep/list.json?beforeDate=2026-11-22&sort=asc&limit=3")
        .await;
    assert_eq!(status, 400);
    let (status, _) = ses
        .get("/1.2/user/-/sleep/list.json?afterDate=2026-11-01&sort=asc&limit=101")
        .await;
    assert_eq!(status, 400);
    // Goal.
    let g = ses.json("/1.2/user/-/sleep/goal.json").await;
    assert_eq!(g["goal"]["minDuration"], 480);
    // v1: the old shape.
    let v = ses.json("/1/user/-/sleep/date/2026-11-20.json").await;
    let log = &v["sleep"][0];
    assert!(log.get("levels").is_none());
    let md = log["minuteData"].as_array().unwrap();
    assert_eq!(md.len() as i64, log["timeInBed"].as_i64().unwrap());
    assert!(
        md.iter()
            .all(|m| ["1", "2", "3"].contains(&m["value"].as_str().unwrap()))
    );
}

#[tokio::test]
async fn vitals_quirks() {
    let ses = Session::fitbit_at(NOW).await;
    let one = ses.json("/1/user/-/spo2/date/2026-11-20.json").await;
    assert_eq!(one["dateTime"], "2026-11-20");
    assert!(one["value"]["avg"].is_number());
    let range = ses
        .json("/1/user/-/spo2/date/2026-11-13/2026-11-15.json")
        .await;
    assert_eq!(range.as_array().unwrap().len(), 3);
    let intraday = ses.json("/1/user/-/spo2/date/2026-11-20/all.json").await;
    assert!(intraday["minutes"].as_array().unwrap().len() > 300);
    let hrv = ses
        .json("/1/user/-/hrv/date/2026-11-14/2026-11-20.json")
        .await;
    // The classic night (Nov 16) and the night still processing (Nov 19) have no HRV.
    assert_eq!(hrv["hrv"].as_array().unwrap().len(), 5);
    let hrv = ses.json("/1/user/-/hrv/date/2026-11-20/all.json").await;
    assert!(hrv["hrv"][0]["minutes"][0]["value"]["coverage"].is_number());
    let br = ses.json("/1/user/-/br/date/2026-11-20.json").await;
    assert!(br["br"][0]["value"]["breathingRate"].is_number());
    let temp = ses.json("/1/user/-/temp/skin/date/2026-11-20.json").await;
    assert_eq!(temp["tempSkin"][0]["logType"], "dedicated_temp_sensor");
    let cs = ses.json("/1/user/-/cardioscore/date/2026-11-20.json").await;
    let vo2 = cs["cardioScore"][0]["value"]["vo2Max"].as_str().unwrap();
    assert!(vo2.contains('-'));
    let (status, _) = ses
        .get("/1/user/-/hrv/date/2026-09-01/2026-11-20.json")
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn devices_profile_weight_and_ecg() {
    let ses = Session::fitbit_at(NOW).await;
    let devices = ses.json("/1/user/-/devices.json").await;
    let list = devices.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert!(list.iter().any(|d| d["battery"] == "Low"));
    let scale = list.iter().find(|d| d["type"] == "SCALE").unwrap();
    assert!(scale.get("mac").is_none());
    let synced: jiff::civil::DateTime = scale["lastSyncTime"].as_str().unwrap().parse().unwrap();
    let now = ses
        .sim
        .now()
        .to_zoned(ses.sim.person().tz().clone())
        .datetime();
    assert!(now.duration_since(synced).as_hours() >= 24);
    // The documented example path with the encoded user id works too.
    let same = ses.json("/1/user/GGNJL9/devices.json").await;
    assert_eq!(same, devices);
    let profile = ses.json("/1/user/-/profile.json").await;
    assert_eq!(profile["user"]["timezone"], "America/Los_Angeles");
    assert_eq!(profile["user"]["offsetFromUTCMillis"], -28_800_000);
    assert_eq!(profile["user"]["encodedId"], "GGNJL9");
    let w = ses
        .json("/1/user/-/body/log/weight/date/2026-11-01/2026-11-21.json")
        .await;
    let entries = w["weight"].as_array().unwrap();
    assert!(entries.len() >= 6);
    for key in ["bmi", "date", "logId", "source", "time", "weight"] {
        assert!(entries[0].get(key).is_some(), "{key}");
    }
    let (status, _) = ses
        .get("/1/user/-/body/log/weight/date/2026-09-01/2026-11-21.json")
        .await;
    assert_eq!(status, 400);
    let ecg = ses
        .json("/1/user/-/ecg/list.json?afterDate=2026-01-01&sort=asc&limit=10&offset=0")
        .await;
    let readings = ecg["ecgReadings"].as_array().unwrap();
    assert_eq!(readings.len(), 4);
    assert_eq!(
        readings
            .iter()
            .filter(|r| r["resultClassification"] == "Inconclusive")
            .count(),
        1
    );
    assert_eq!(readings[0]["samplingFrequencyHz"], "250");
    assert_eq!(
        readings[0]["waveformSamples"].as_array().unwrap().len(),
        7500
    );
    assert_eq!(readings[0]["numberOfWaveformSamples"], 7500);
    assert_eq!(ecg["pagination"]["next"], "");
    let page = ses
        .json("/1/user/-/ecg/list.json?beforeDate=2026-11-22&sort=desc&limit=1&offset=0")
        .await;
    assert!(
        page["pagination"]["next"]
            .as_str()
            .unwrap()
            .contains("offset=1")
    );
    let (status, _) = ses
        .get("/1/user/-/ecg/list.json?beforeDate=2026-11-22&sort=desc&limit=11")
        .await;
    assert_eq!(status, 400);
    let limited = ses.sim.grant_tokens(&["heartrate"]).access_token;
    let (status, body) = get(
        &ses.http,
        &url(
            &ses.sim,
            "/1/user/-/ecg/list.json?beforeDate=2026-11-22&sort=desc&limit=1",
        ),
        &limited,
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("electrocardiogram"));
}

#[tokio::test]
async fn alarms_lifecycle() {
    let ses = Session::fitbit_at(NOW).await;
    let base = ses.url("/1/user/-/devices/tracker/816713257/alarms");
    let list = get_json(&ses.http, &format!("{base}.json"), &ses.token).await;
    let initial = list["trackerAlarms"].as_array().unwrap().len();
    assert!((2..=3).contains(&initial));
    // Create with documented query parameters (empty body with Content-Length: 0).
    let r = ses
        .http
        .post(format!("{base}.json"))
        .bearer_auth(&ses.token)
        .header("content-length", "0")
        .query(&[
            ("time", "07:00-08:00"),
            ("enabled", "true"),
            ("recurring", "true"),
            ("weekDays", "MONDAY,TUESDAY"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let created: Value = r.json().await.unwrap();
    let alarm = &created["trackerAlarm"];
    assert_eq!(alarm["time"], "07:00-08:00");
    assert_eq!(alarm["syncedToDevice"], false);
    assert_eq!(alarm["snoozeLength"], 9);
    let id = alarm["alarmId"].as_u64().unwrap();
    // Create with a form body.
    let r = ses
        .post_form(
            &format!("{base}.json"),
            &[
                ("time", "06:30-08:00"),
                ("enabled", "false"),
                ("recurring", "false"),
                ("weekDays", "SATURDAY"),
                ("label", "Hike"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 201);
    // Update requires every documented parameter.
    let r = ses
        .post_form(
            &format!("{base}/{id}.json"),
            &[
                ("time", "12:00-08:00"),
                ("enabled", "true"),
                ("recurring", "false"),
                ("weekDays", "WEDNESDAY"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["errorType"], "validation");
    let r = ses
        .post_form(
            &format!("{base}/{id}.json"),
            &[
                ("time", "12:00-08:00"),
                ("enabled", "true"),
                ("recurring", "false"),
                ("weekDays", "WEDNESDAY"),
                ("snoozeLength", "5"),
                ("snoozeCount", "2"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 200);
    let updated: Value = r.json().await.unwrap();
    assert_eq!(updated["trackerAlarm"]["snoozeLength"], 5);
    assert_eq!(
        updated["trackerAlarm"]["weekDays"],
        serde_json::json!(["WEDNESDAY"])
    );
    // Delete: 204, then the alarm lingers as deleted until the tracker syncs.
    let r = ses
        .http
        .delete(format!("{base}/{id}.json"))
        .bearer_auth(&ses.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert!(r.bytes().await.unwrap().is_empty());
    let list = get_json(&ses.http, &format!("{base}.json"), &ses.token).await;
    let gone = list["trackerAlarms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["alarmId"].as_u64() == Some(id))
        .unwrap()
        .clone();
    assert_eq!(gone["deleted"], true);
    let r = ses
        .http
        .delete(format!("{base}/{id}.json"))
        .bearer_auth(&ses.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    ses.sim.sync_trackers();
    let state = ses.sim.state();
    let alarms = &state.alarms["816713257"];
    assert!(alarms.iter().all(|a| a.synced_to_device && !a.deleted));
    assert_eq!(alarms.len(), initial + 1);
    // At most 8 alarms.
    let mut status = 0;
    for _ in 0..8 {
        let r = ses
            .post_form(
                &format!("{base}.json"),
                &[
                    ("time", "05:00-08:00"),
                    ("enabled", "true"),
                    ("recurring", "true"),
                    ("weekDays", "FRIDAY"),
                ],
            )
            .await;
        status = r.status().as_u16();
    }
    assert_eq!(status, 400);
    assert_eq!(ses.sim.state().alarms["816713257"].len(), 8);
    // Bad time format and a watch without alarm support.
    let r = ses
        .post_form(
            &format!("{base}.json"),
            &[
                ("time", "7:00"),
                ("enabled", "true"),
                ("recurring", "true"),
                ("weekDays", "FRIDAY"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 400);
    let (status, body) = ses
        .get("/1/user/-/devices/tracker/2491835027/alarms.json")
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"validation\""));
}

/// Replays, byte for byte, the request python-fitbit's `add_alarm` sends (`requests` form-encodes
/// `strftime("%H:%M%z")`, Python's `str(True)` and the week-day list as repeated keys): the real
/// API accepted it, so the simulator must.
#[tokio::test]
async fn python_fitbit_alarm_request_is_accepted() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let ses = Session::fitbit_at(NOW).await;
    let body = "time=06%3A45-0800&enabled=True&recurring=False&weekDays=MONDAY&weekDays=FRIDAY&vibe=DEFAULT";
    let request = format!(
        "POST /1/user/-/devices/tracker/816713257/alarms.json HTTP/1.1\r\n\
         Host: {}\r\nUser-Agent: python-requests/2.31.0\r\nAccept-Encoding: gzip, deflate\r\n\
         Accept: */*\r\nConnection: close\r\nAuthorization: Bearer {}\r\n\
         Content-Length: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n{body}",
        ses.sim.addr(),
        ses.token,
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(ses.sim.addr())
        .await
        .unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    let json: Value = serde_json::from_str(response.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    let alarm = &json["trackerAlarm"];
    assert_eq!(alarm["time"], "06:45-08:00", "stored with the colon");
    assert_eq!(alarm["enabled"], true);
    assert_eq!(alarm["recurring"], false);
    assert_eq!(alarm["weekDays"], serde_json::json!(["MONDAY", "FRIDAY"]));
}

#[tokio::test]
async fn alarm_times_and_booleans_still_refuse_nonsense() {
    let ses = Session::fitbit_at(NOW).await;
    let url = ses.url("/1/user/-/devices/tracker/816713257/alarms.json");
    for (time, enabled, ok) in [
        ("06:45-08:00", "true", true),
        ("06:45+0530", "False", true),
        ("25:00-08:00", "true", false),
        ("06:45-08", "true", false),
        ("06:45-8:00", "true", false),
        ("06:45", "true", false),
        ("06:45-0800", "yes", false),
        ("06:45-0800", "TRUE", false),
        ("06:45-0800", "1", false),
    ] {
        let r = ses
            .post_form(
                &url,
                &[
                    ("time", time),
                    ("enabled", enabled),
                    ("recurring", "false"),
                    ("weekDays", "FRIDAY"),
                ],
            )
            .await;
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap();
        if ok {
            assert_eq!(status, 201, "{time} {enabled}: {body}");
        } else {
            assert_eq!(status, 400, "{time} {enabled}: {body}");
            assert_eq!(body["errors"][0]["errorType"], "validation", "{body}");
            assert_eq!(body["success"], false, "{body}");
        }
    }
    // Only the two accepted requests stored an alarm (3 at start).
    ses.sim.sync_trackers();
    assert_eq!(ses.sim.state().alarms["816713257"].len(), 5);
}

#[tokio::test]
async fn weight_and_fat_logs_share_log_ids_units_and_the_31_day_cap() {
    let ses = Session::fitbit_at(NOW).await;
    // 31 days is the longest range; 32 is refused, for both logs.
    let w = ses
        .json("/1/user/-/body/log/weight/date/2026-10-21/2026-11-20.json")
        .await;
    let fat = ses
        .json("/1/user/-/body/log/fat/date/2026-10-21/2026-11-20.json")
        .await;
    for path in [
        "/1/user/-/body/log/weight/date/2026-10-20/2026-11-20.json",
        "/1/user/-/body/log/fat/date/2026-10-20/2026-11-20.json",
        "/1/user/-/body/log/fat/date/2026-11-20/2026-11-19.json",
        "/1/user/-/body/log/fat/date/2026-11-31/2026-12-01.json",
    ] {
        let (status, _) = ses.get(path).await;
        assert_eq!(status, 400, "{path}");
    }
    let weights = w["weight"].as_array().unwrap();
    let fats = fat["fat"].as_array().unwrap();
    // Most mornings, not all; fat on some of them.
    assert!(
        weights.len() > 20 && weights.len() < 31,
        "{}",
        weights.len()
    );
    assert!(!fats.is_empty() && fats.len() < weights.len());
    for f in fats {
        for key in ["date", "fat", "logId", "source", "time"] {
            assert!(f.get(key).is_some(), "{key}: {f}");
        }
        let same = weights.iter().find(|w| w["logId"] == f["logId"]).unwrap();
        assert_eq!(same["fat"], f["fat"]);
        assert_eq!(same["time"], f["time"]);
        assert_eq!(same["date"], f["date"]);
    }
    let kg = weights[0]["weight"].as_f64().unwrap();
    assert!(kg > 60.0 && kg < 75.0, "{kg}");
    // Units follow Accept-Language: pounds for en_US, stone for en_GB.
    let in_units = |lang: &'static str| {
        let ses = &ses;
        async move {
            let r = ses
                .http
                .get(url(
                    &ses.sim,
                    "/1/user/-/body/log/weight/date/2026-10-21/2026-11-20.json",
                ))
                .bearer_auth(&ses.token)
                .header("Accept-Language", lang)
                .send()
                .await
                .unwrap();
            let v: Value = r.json().await.unwrap();
            v["weight"][0]["weight"].as_f64().unwrap()
        }
    };
    assert!((in_units("en_US").await / kg - 2.204_622_621_8).abs() < 0.01);
    assert!((in_units("en_GB").await * 6.350_293_18 - kg).abs() < 0.05);
}
