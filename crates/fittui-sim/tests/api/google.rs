//! The Google Health API v4 data contract: every endpoint fittui reads, each response validated
//! against the discovery document's schemas; auth, scopes, rate limits, filters, pagination,
//! rollups, DST and faults.

use crate::support::discovery::Discovery;
use crate::support::{NOW, Session, client, sim_with, status_json};
use fittui_sim::Api;
use fittui_sim::scopes::GOOGLE_DATA_SCOPES;
use fittui_sim::{RateLimit, SimConfig, SimHandle};
use jiff::SignedDuration;
use serde_json::{Value, json};

/// A published, verified app: these tests read the data contract in bursts, not paced at the
/// unverified app's 2.5 requests/s (`google_strict.rs` and `google_oauth.rs` test the defaults).
fn google() -> SimConfig {
    SimConfig::new(Api::Google).published()
}

async fn api(http: &reqwest::Client, sim: &SimHandle, path: &str, token: &str) -> (u16, Value) {
    status_json(
        http.get(format!("{}{path}", sim.api_base_url()))
            .bearer_auth(token),
    )
    .await
}

async fn post(
    http: &reqwest::Client,
    sim: &SimHandle,
    path: &str,
    token: &str,
    body: &Value,
) -> (u16, Value) {
    status_json(
        http.post(format!("{}{path}", sim.api_base_url()))
            .bearer_auth(token)
            .json(body),
    )
    .await
}

#[tokio::test]
async fn api_auth_scope_rate_limit_and_no_alarms() {
    let config = google().rate_limit(RateLimit::Window {
        limit: 5,
        period_secs: 60,
    });
    let (sim, clock) = sim_with(config, NOW).await;
    let http = client();
    let d = Discovery::load();
    let r = http
        .get(format!("{}/users/me/identity", sim.api_base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert!(r.headers().contains_key("www-authenticate"));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["status"], "UNAUTHENTICATED");
    d.check_error(&body);
    let (status, body) = api(&http, &sim, "/users/me/identity", "ya29.bogus").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["status"], "UNAUTHENTICATED");
    let t = sim.grant_tokens(&["sleep"]);
    let (status, body) = api(&http, &sim, "/users/me/identity", &t.access_token).await;
    assert_eq!(status, 200);
    d.check("Identity", &body);
    assert_eq!(body["healthUserId"], sim.info().user_id);
    let (status, body) = api(
        &http,
        &sim,
        "/users/me/dataTypes/steps/dataPoints",
        &t.access_token,
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["status"], "PERMISSION_DENIED");
    d.check_error(&body);
    let (status, _) = api(&http, &sim, "/users/me/alarms", &t.access_token).await;
    assert_eq!(status, 404);
    let (status, _) = api(
        &http,
        &sim,
        "/users/me/pairedDevices/816713257/alarms",
        &t.access_token,
    )
    .await;
    assert_eq!(status, 404);
    let (status, body) = api(
        &http,
        &sim,
        "/users/me/dataTypes/alarms/dataPoints",
        &t.access_token,
    )
    .await;
    assert_eq!(status, 404, "{body}");
    // The 6th request within the minute.
    let (status, body) = api(&http, &sim, "/users/me/identity", &t.access_token).await;
    assert_eq!(status, 429);
    assert_eq!(body["error"]["status"], "RESOURCE_EXHAUSTED");
    clock.advance(SignedDuration::from_secs(60));
    assert_eq!(
        api(&http, &sim, "/users/me/identity", &t.access_token)
            .await
            .0,
        200
    );
    // Expired tokens.
    clock.advance(SignedDuration::from_secs(3599));
    assert_eq!(
        api(&http, &sim, "/users/me/identity", &t.access_token)
            .await
            .0,
        401
    );
}

async fn google_sim() -> Session {
    let (sim, _clock) = sim_with(google(), NOW).await;
    let token = sim.grant_tokens(GOOGLE_DATA_SCOPES).access_token;
    Session {
        sim,
        token,
        http: client(),
    }
}

/// [`api`] with the session's client and token.
async fn get_at(ses: &Session, path: &str) -> (u16, Value) {
    api(&ses.http, &ses.sim, path, &ses.token).await
}

/// [`post`] with the session's client and token.
async fn post_at(ses: &Session, path: &str, body: &Value) -> (u16, Value) {
    post(&ses.http, &ses.sim, path, &ses.token, body).await
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn filter_for(id: &str) -> String {
    let snake = id.replace('-', "_");
    match id {
        "sleep" => "sleep.interval.civil_end_time >= \"2026-11-18\"".into(),
        "exercise" => "exercise.interval.civil_start_time >= \"2026-11-01\"".into(),
        "electrocardiogram" => {
            "electrocardiogram.interval.start_time >= \"2026-09-01T00:00:00Z\"".into()
        }
        "heart-rate"
        | "oxygen-saturation"
        | "heart-rate-variability"
        | "respiratory-rate-sleep-summary" => {
            format!(
                "{snake}.sample_time.civil_time >= \"2026-11-19\" AND {snake}.sample_time.civil_time < \"2026-11-21\""
            )
        }
        "weight" => "weight.sample_time.physical_time >= \"2026-11-01T00:00:00Z\"".into(),
        "body-fat" => "body_fat.sample_time.physical_time >= \"2026-11-01T00:00:00Z\" AND body_fat.sample_time.physical_time < \"2026-11-21T00:00:00Z\"".into(),
        id if id.starts_with("daily-") => {
            format!("{snake}.date >= \"2026-11-14\" AND {snake}.date < \"2026-11-21\"")
        }
        _ => format!(
            "{snake}.interval.civil_start_time >= \"2026-11-18\" AND {snake}.interval.civil_start_time < \"2026-11-21\""
        ),
    }
}

#[tokio::test]
async fn every_type_validates_against_the_discovery_document() {
    let ses = google_sim().await;
    let d = Discovery::load();
    for (path, schema) in [
        ("/users/me/identity", "Identity"),
        ("/users/me/profile", "Profile"),
        ("/users/me/settings", "Settings"),
        (
            "/users/me/pairedDevices?pageSize=100",
            "ListPairedDevicesResponse",
        ),
        ("/users/me/pairedDevices/2491835027", "PairedDevice"),
    ] {
        let (status, body) = get_at(&ses, path).await;
        assert_eq!(status, 200, "{path}: {body}");
        d.check(schema, &body);
    }
    let listed = [
        "steps",
        "distance",
        "active-zone-minutes",
        "active-minutes",
        "heart-rate",
        "daily-resting-heart-rate",
        "daily-heart-rate-zones",
        "time-in-heart-rate-zone",
        "daily-heart-rate-variability",
        "heart-rate-variability",
        "sleep",
        "oxygen-saturation",
        "daily-oxygen-saturation",
        "daily-respiratory-rate",
        "respiratory-rate-sleep-summary",
        "daily-sleep-temperature-derivations",
        "weight",
        "body-fat",
        "electrocardiogram",
        "exercise",
    ];
    for id in listed {
        let filter = enc(&filter_for(id));
        for (verb, schema) in [
            ("dataPoints", "ListDataPointsResponse"),
            ("dataPoints:reconcile", "ReconcileDataPointsResponse"),
        ] {
            if id == "electrocardiogram" && verb == "dataPoints:reconcile" {
                let (status, body) =
                    get_at(&ses, &format!("/users/me/dataTypes/{id}/{verb}")).await;
                assert_eq!(status, 400);
                d.check_error(&body);
                continue;
            }
            let path = format!("/users/me/dataTypes/{id}/{verb}?pageSize=40&filter={filter}");
            let (status, body) = get_at(&ses, &path).await;
            assert_eq!(status, 200, "{path}: {body}");
            d.check(schema, &body);
            let points = body["dataPoints"]
                .as_array()
                .unwrap_or_else(|| panic!("{id} {verb}: no points: {body}"));
            assert!(!points.is_empty(), "{id}");
            let field = points[0]
                .as_object()
                .unwrap()
                .keys()
                .find(|k| !["name", "dataPointName", "dataSource"].contains(&k.as_str()))
                .unwrap()
                .clone();
            if verb == "dataPoints" {
                assert!(points[0].get("dataPointName").is_none());
                assert!(points[0].get("dataSource").is_some());
            } else {
                assert!(points[0].get("name").is_none() && points[0].get("dataSource").is_none());
            }
            if let Some(name) = points[0].get("name").or(points[0].get("dataPointName")) {
                let id_part = name
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string();
                let (status, one) = get_at(
                    &ses,
                    &format!("/users/me/dataTypes/{id}/dataPoints/{id_part}"),
                )
                .await;
                assert_eq!(status, 200, "get {id}");
                d.check("DataPoint", &one);
            }
            assert!(points[0][&field].is_object());
        }
    }
    // Floors: list refused, reconcile fine.
    let (status, body) = get_at(&ses, "/users/me/dataTypes/floors/dataPoints").await;
    assert_eq!(status, 400);
    d.check_error(&body);
    let (status, body) = get_at(
        &ses,
        &format!(
            "/users/me/dataTypes/floors/dataPoints:reconcile?filter={}",
            enc(&filter_for("floors"))
        ),
    )
    .await;
    assert_eq!(status, 200);
    d.check("ReconcileDataPointsResponse", &body);
    // Rollups.
    let day = json!({"range": {"startTime": "2026-11-20T08:00:00Z", "endTime": "2026-11-21T08:00:00Z"}, "windowSize": "3600s"});
    let week = json!({"range": {"start": {"date": {"year": 2026, "month": 11, "day": 14}}, "end": {"date": {"year": 2026, "month": 11, "day": 21}}}});
    for id in [
        "steps",
        "distance",
        "floors",
        "total-calories",
        "active-zone-minutes",
        "active-minutes",
        "heart-rate",
        "time-in-heart-rate-zone",
        "calories-in-heart-rate-zone",
        "weight",
        "body-fat",
    ] {
        let (status, body) = post_at(
            &ses,
            &format!("/users/me/dataTypes/{id}/dataPoints:rollUp"),
            &day,
        )
        .await;
        assert_eq!(status, 200, "{id}: {body}");
        d.check("RollUpDataPointsResponse", &body);
        assert_eq!(
            body["rollupDataPoints"].as_array().unwrap().len(),
            24,
            "{id}"
        );
        let (status, body) = post_at(
            &ses,
            &format!("/users/me/dataTypes/{id}/dataPoints:dailyRollUp"),
            &week,
        )
        .await;
        assert_eq!(status, 200, "{id}: {body}");
        d.check("DailyRollUpDataPointsResponse", &body);
    }
    // Not supported pairs.
    for (path, method) in [
        ("/users/me/dataTypes/total-calories/dataPoints", "GET"),
        ("/users/me/dataTypes/sleep/dataPoints:rollUp", "POST"),
        (
            "/users/me/dataTypes/daily-resting-heart-rate/dataPoints:dailyRollUp",
            "POST",
        ),
        (
            "/users/me/dataTypes/oxygen-saturation/dataPoints:dailyRollUp",
            "POST",
        ),
    ] {
        let (status, body) = if method == "GET" {
            get_at(&ses, path).await
        } else {
            post_at(&ses, path, &week).await
        };
        assert_eq!(status, 400, "{path}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not supported"),
            "{body}"
        );
        d.check_error(&body);
    }
}

#[tokio::test]
async fn filters_are_checked_like_the_reference() {
    let ses = google_sim().await;
    let d = Discovery::load();
    let bad = r#"sleep.interval.civil_start_time >= "2026-11-21" AND sleep.interval.civil_start_time < "2026-11-22""#;
    let (status, body) = get_at(
        &ses,
        &format!("/users/me/dataTypes/sleep/dataPoints?filter={}", enc(bad)),
    )
    .await;
    assert_eq!(status, 400);
    d.check_error(&body);
    assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");
    assert_eq!(
        body["error"]["message"],
        "Invalid data point filter: INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER, INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER."
    );
    let details = body["error"]["details"].as_array().unwrap();
    assert_eq!(
        details[0]["@type"],
        "type.googleapis.com/google.rpc.ErrorInfo"
    );
    assert_eq!(details[0]["reason"], "INVALID_DATA_POINT_FILTER");
    assert_eq!(details[0]["domain"], "health.googleapis.com");
    assert_eq!(
        details[1]["@type"],
        "type.googleapis.com/google.rpc.BadRequest"
    );
    assert_eq!(
        details[1]["fieldViolations"][0]["description"],
        "Member 'sleep.interval.civil_start_time' is not supported for filtering. (at line 1, column 1)"
    );
    for (id, f) in [
        (
            "exercise",
            r#"exercise.interval.start_time >= "2026-11-01T00:00:00Z""#,
        ),
        (
            "electrocardiogram",
            r#"electrocardiogram.interval.start_time < "2026-11-01T00:00:00Z""#,
        ),
        (
            "steps",
            r#"steps.interval.start_time > "2026-11-01T00:00:00Z""#,
        ),
        (
            "steps",
            r#"steps.interval.end_time < "2026-11-01T00:00:00Z""#,
        ),
        (
            "steps",
            r#"steps.interval.start_time >= "2026-11-02T00:00:00Z" OR steps.interval.start_time < "2026-11-01T00:00:00Z""#,
        ),
        (
            "heart-rate",
            r#"heart_rate.interval.start_time >= "2026-11-01T00:00:00Z""#,
        ),
    ] {
        let (status, body) = get_at(
            &ses,
            &format!("/users/me/dataTypes/{id}/dataPoints?filter={}", enc(f)),
        )
        .await;
        assert_eq!(status, 400, "{f}: {body}");
        assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");
    }
    // Sleep allows OR between its end-time members.
    let ok = r#"sleep.interval.end_time >= "2026-11-20T00:00:00Z" OR sleep.interval.civil_end_time < "2026-09-01""#;
    let (status, _) = get_at(
        &ses,
        &format!("/users/me/dataTypes/sleep/dataPoints?filter={}", enc(ok)),
    )
    .await;
    assert_eq!(status, 200);
}

fn start_times(body: &Value, field: &str) -> Vec<String> {
    body["dataPoints"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    let v = &p[field];
                    v["interval"]["startTime"]
                        .as_str()
                        .or(v["sampleTime"]["physicalTime"].as_str())
                        .unwrap()
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn pagination_newest_first_and_tokens() {
    let ses = google_sim().await;
    let f = enc(&filter_for("steps"));
    let (_, all) = get_at(
        &ses,
        &format!("/users/me/dataTypes/steps/dataPoints?pageSize=10000&filter={f}"),
    )
    .await;
    let everything = start_times(&all, "steps");
    assert!(everything.len() > 300);
    assert!(everything.windows(2).all(|w| w[0] > w[1]), "newest first");
    let mut collected = Vec::new();
    let mut page_token = String::new();
    let mut pages = 0;
    loop {
        let path = format!(
            "/users/me/dataTypes/steps/dataPoints?pageSize=100&filter={f}&pageToken={}",
            enc(&page_token)
        );
        let (status, body) = get_at(&ses, &path).await;
        assert_eq!(status, 200, "{body}");
        collected.extend(start_times(&body, "steps"));
        pages += 1;
        match body["nextPageToken"].as_str() {
            Some(t) if !t.is_empty() => page_token = t.to_string(),
            _ => break,
        }
    }
    assert!(pages > 3);
    assert_eq!(collected, everything);
    // A token with a changed filter is refused.
    let (_, first) = get_at(
        &ses,
        &format!("/users/me/dataTypes/steps/dataPoints?pageSize=5&filter={f}"),
    )
    .await;
    let tok = first["nextPageToken"].as_str().unwrap();
    let (status, _) = get_at(
        &ses,
        &format!(
            "/users/me/dataTypes/steps/dataPoints?pageSize=6&filter={f}&pageToken={}",
            enc(tok)
        ),
    )
    .await;
    assert_eq!(status, 400);
    // Sleep pages hold at most 25.
    let (_, body) = get_at(&ses, "/users/me/dataTypes/sleep/dataPoints?pageSize=100").await;
    assert_eq!(body["dataPoints"].as_array().unwrap().len(), 25);
    assert!(body["nextPageToken"].is_string());
    // The main sleep that ended on Nov 19 is still processing; the others are done.
    let points = body["dataPoints"].as_array().unwrap();
    let (pending, done): (Vec<&Value>, Vec<&Value>) = points
        .iter()
        .map(|p| &p["sleep"])
        .partition(|s| s["metadata"]["processed"] == false);
    assert_eq!(pending.len(), 1, "one night is processing");
    assert!(pending[0].get("stages").is_none());
    assert!(
        pending[0]["interval"]["endTime"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-19")
    );
    assert!(done.iter().all(|s| s["metadata"]["processed"] == true));
    assert!(done[0]["stages"].is_array());
    // Paired devices: 5 by default, tokens.
    let (_, devices) = get_at(&ses, "/users/me/pairedDevices?pageSize=2").await;
    assert_eq!(devices["pairedDevices"].as_array().unwrap().len(), 2);
    let tok = devices["nextPageToken"].as_str().unwrap();
    let (_, rest) = get_at(
        &ses,
        &format!("/users/me/pairedDevices?pageSize=2&pageToken={tok}"),
    )
    .await;
    assert_eq!(rest["pairedDevices"].as_array().unwrap().len(), 1);
    assert!(rest.get("nextPageToken").is_none());
    let all = rest["pairedDevices"][0].clone();
    assert_eq!(all["deviceType"], "SCALE");
    let (_, devices) = get_at(&ses, "/users/me/pairedDevices").await;
    let list = devices["pairedDevices"].as_array().unwrap();
    assert!(list.iter().any(|d| {
        d["features"]
            .as_array()
            .is_some_and(|f| f.contains(&json!("ALARMS")))
    }));
}

#[tokio::test]
async fn rollups_dst_caps_and_missing_days() {
    let ses = google_sim().await;
    // The fall-back day has 25 hourly windows.
    let body = json!({"range": {"startTime": "2026-11-01T07:00:00Z", "endTime": "2026-11-02T08:00:00Z"}, "windowSize": "3600s"});
    let (status, r) = post_at(
        &ses,
        "/users/me/dataTypes/heart-rate/dataPoints:rollUp",
        &body,
    )
    .await;
    assert_eq!(status, 200, "{r}");
    let points = r["rollupDataPoints"].as_array().unwrap();
    assert_eq!(points.len(), 25);
    assert!(points[0]["startTime"].as_str().unwrap() > points[1]["startTime"].as_str().unwrap());
    // Daily steps equal the person's day (and the Fitbit total).
    let daily = json!({"range": {"start": {"date": {"year": 2026, "month": 10, "day": 30}}, "end": {"date": {"year": 2026, "month": 11, "day": 3}}}});
    let (_, r) = post_at(
        &ses,
        "/users/me/dataTypes/steps/dataPoints:dailyRollUp",
        &daily,
    )
    .await;
    let days = r["rollupDataPoints"].as_array().unwrap();
    assert_eq!(days.len(), 4);
    for d in days {
        let date = &d["civilStartTime"]["date"];
        let day = jiff::civil::date(
            date["year"].as_i64().unwrap() as i16,
            date["month"].as_i64().unwrap() as i8,
            date["day"].as_i64().unwrap() as i8,
        );
        let expected =
            fittui_sim::person::Totals::of_day(&ses.sim.person().day(day), ses.sim.now()).steps;
        assert_eq!(
            d["steps"]["countSum"].as_str().unwrap(),
            expected.to_string()
        );
        assert_eq!(d["civilStartTime"]["time"], json!({}));
    }
    // The day without data: left out of dailyRollUp, windows without a value in rollUp.
    let daily = json!({"range": {"start": {"date": {"year": 2026, "month": 11, "day": 11}}, "end": {"date": {"year": 2026, "month": 11, "day": 14}}}});
    let (_, r) = post_at(
        &ses,
        "/users/me/dataTypes/steps/dataPoints:dailyRollUp",
        &daily,
    )
    .await;
    let dates: Vec<i64> = r["rollupDataPoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["civilStartTime"]["date"]["day"].as_i64().unwrap())
        .collect();
    assert_eq!(dates, [13, 11]);
    let body = json!({"range": {"startTime": "2026-11-12T08:00:00Z", "endTime": "2026-11-13T08:00:00Z"}, "windowSize": "7200s"});
    let (_, r) = post_at(&ses, "/users/me/dataTypes/steps/dataPoints:rollUp", &body).await;
    let points = r["rollupDataPoints"].as_array().unwrap();
    assert_eq!(points.len(), 12);
    assert!(points.iter().all(|p| p.get("steps").is_none()));
    // A truncated last window.
    let body = json!({"range": {"startTime": "2026-11-20T08:00:00Z", "endTime": "2026-11-20T09:30:00Z"}, "windowSize": "3600s"});
    let (_, r) = post_at(&ses, "/users/me/dataTypes/steps/dataPoints:rollUp", &body).await;
    assert_eq!(r["rollupDataPoints"][0]["endTime"], "2026-11-20T09:30:00Z");
    // Caps: 14 days for heart-rate, 90 otherwise.
    let long = json!({"range": {"startTime": "2026-11-01T00:00:00Z", "endTime": "2026-11-16T00:00:00Z"}, "windowSize": "86400s"});
    assert_eq!(
        post_at(
            &ses,
            "/users/me/dataTypes/heart-rate/dataPoints:rollUp",
            &long
        )
        .await
        .0,
        400
    );
    assert_eq!(
        post_at(&ses, "/users/me/dataTypes/steps/dataPoints:rollUp", &long)
            .await
            .0,
        200
    );
    let daily_long = json!({"range": {"start": {"date": {"year": 2026, "month": 11, "day": 1}}, "end": {"date": {"year": 2026, "month": 11, "day": 16}}}});
    assert_eq!(
        post_at(
            &ses,
            "/users/me/dataTypes/total-calories/dataPoints:dailyRollUp",
            &daily_long
        )
        .await
        .0,
        400
    );
    // Unknown fields and bad JSON.
    let (status, r) = post_at(
        &ses,
        "/users/me/dataTypes/steps/dataPoints:rollUp",
        &json!({"range": {}, "bogus": 1}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Unknown name \"bogus\"")
    );
    let r = ses
        .http
        .post(format!(
            "{}/users/me/dataTypes/steps/dataPoints:dailyRollUp",
            ses.sim.api_base_url()
        ))
        .bearer_auth(&ses.token)
        .header("content-type", "application/json")
        .body(r#"{"range":{"start":{"date":{"year":2026,"month":09,"day":1}}}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    // Pagination of rollUp.
    let body = json!({"range": {"startTime": "2026-11-20T08:00:00Z", "endTime": "2026-11-21T08:00:00Z"}, "windowSize": "60s", "pageSize": 1000});
    let (_, r) = post_at(&ses, "/users/me/dataTypes/steps/dataPoints:rollUp", &body).await;
    assert_eq!(r["rollupDataPoints"].as_array().unwrap().len(), 1000);
    let tok = r["nextPageToken"].as_str().unwrap().to_string();
    let mut next = body.clone();
    next["pageToken"] = json!(tok);
    let (_, r2) = post_at(&ses, "/users/me/dataTypes/steps/dataPoints:rollUp", &next).await;
    assert_eq!(r2["rollupDataPoints"].as_array().unwrap().len(), 440);
    assert!(r2.get("nextPageToken").is_none());
}

#[tokio::test]
async fn google_faults_and_same_bytes() {
    let (sim, _clock) = sim_with(google().faults("503:1".parse().unwrap()), NOW).await;
    let token = sim.grant_tokens(GOOGLE_DATA_SCOPES).access_token;
    let http = client();
    let (status, body) = api(&http, &sim, "/users/me/identity", &token).await;
    assert_eq!(status, 503);
    assert_eq!(body["error"]["status"], "UNAVAILABLE");
    sim.set_faults("gone").unwrap();
    let r = http
        .post(&sim.info().token_url)
        .form(&[("grant_type", "refresh_token")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 410);
    sim.set_faults("none").unwrap();
    let fetch = || async {
        let (sim, _clock) = sim_with(google(), NOW).await;
        let token = sim.grant_tokens(GOOGLE_DATA_SCOPES).access_token;
        let mut out = Vec::new();
        for p in [
            "/users/me/dataTypes/heart-rate/dataPoints?pageSize=3000",
            "/users/me/dataTypes/sleep/dataPoints:reconcile",
            "/users/me/pairedDevices",
        ] {
            out.push(api(&http, &sim, p, &token).await.1.to_string());
        }
        out
    };
    assert_eq!(fetch().await, fetch().await);
}

#[tokio::test]
async fn spring_forward_day_has_23_hours() {
    let (sim, _clock) = sim_with(google(), "2026-03-20T12:00:00-07:00").await;
    let token = sim.grant_tokens(GOOGLE_DATA_SCOPES).access_token;
    let http = client();
    // 2026-03-08 local: 08:00Z to 07:00Z next day.
    let body = json!({"range": {"startTime": "2026-03-08T08:00:00Z", "endTime": "2026-03-09T07:00:00Z"}, "windowSize": "3600s"});
    let (status, r) = post(
        &http,
        &sim,
        "/users/me/dataTypes/heart-rate/dataPoints:rollUp",
        &token,
        &body,
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["rollupDataPoints"].as_array().unwrap().len(), 23);
    let f = enc(
        r#"steps.interval.civil_start_time >= "2026-03-08T02:00:00" AND steps.interval.civil_start_time < "2026-03-08T03:00:00""#,
    );
    let (status, r) = api(
        &http,
        &sim,
        &format!("/users/me/dataTypes/steps/dataPoints?filter={f}"),
        &token,
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        r.get("dataPoints").is_none(),
        "no civil time in the skipped hour: {r}"
    );
    let daily = json!({"range": {"start": {"date": {"year": 2026, "month": 3, "day": 8}}, "end": {"date": {"year": 2026, "month": 3, "day": 9}}}});
    let (_, r) = post(
        &http,
        &sim,
        "/users/me/dataTypes/steps/dataPoints:dailyRollUp",
        &token,
        &daily,
    )
    .await;
    let expected = fittui_sim::person::Totals::of_day(
        &sim.person().day(jiff::civil::date(2026, 3, 8)),
        sim.now(),
    )
    .steps;
    assert_eq!(
        r["rollupDataPoints"][0]["steps"]["countSum"],
        expected.to_string()
    );
}
