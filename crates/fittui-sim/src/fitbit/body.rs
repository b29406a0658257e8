//! Profile, the weight and body-fat logs and the ECG list.

use std::fmt::Write as _;

use axum::http::StatusCode;

use super::context::Api;
use super::errors;
use super::listing;
use super::paths::{self, Period, Tail, checked_range, local_ms, ymd};
use crate::http::{JSON_FITBIT, SimResponse};
use crate::json::{Json, round_to};
use crate::oauth::FITBIT_USER_ID;
use crate::person::extras::{ECG_HZ, ECG_SAMPLES, ECG_SCALING, WeighIn, ecgs, weigh_ins};
use crate::person::{
    BIRTH_DATE, FIRST_NAME, HEIGHT_CM, LAST_NAME, MEMBER_SINCE, STRIDE_RUN_CM, STRIDE_WALK_CM,
};

fn ok(body: &Json) -> SimResponse {
    SimResponse::json_as(StatusCode::OK, body, JSON_FITBIT)
}

/// `GET /1/user/-/profile.json`.
pub fn profile(api: &Api) -> SimResponse {
    let p = api.person();
    let u = api.units;
    let offset_ms = i64::from(p.tz().to_offset(api.now).seconds()) * 1000;
    let unit_pref = "en_US";
    let user = Json::obj()
        .field("age", p.age(api.today))
        .field("ambassador", false)
        .field("autoStrideEnabled", true)
        .field(
            "avatar",
            "https://static0.fitbit.com/images/profile/defaultProfile_100.png",
        )
        .field(
            "avatar150",
            "https://static0.fitbit.com/images/profile/defaultProfile_150.png",
        )
        .field(
            "avatar640",
            "https://static0.fitbit.com/images/profile/defaultProfile_640.png",
        )
        .field("averageDailySteps", 9_128u32)
        .field("challengesBeta", true)
        .field("clockTimeDisplayFormat", "12hour")
        .field("corporate", false)
        .field("corporateAdmin", false)
        .field("country", "US")
        .field("dateOfBirth", ymd(BIRTH_DATE))
        .field("displayName", format!("{FIRST_NAME} {}.", &LAST_NAME[..1]))
        .field("displayNameSetting", "name")
        .field("distanceUnit", unit_pref)
        .field("encodedId", FITBIT_USER_ID)
        .field("features", Json::obj().field("exerciseGoal", true))
        .field("firstName", FIRST_NAME)
        .field("foodsLocale", "en_US")
        .field("fullName", format!("{FIRST_NAME} {LAST_NAME}"))
        .field("gender", "FEMALE")
        .field("glucoseUnit", unit_pref)
        .field("height", Json::Float(round_to(u.length(HEIGHT_CM), 1)))
        .field("heightUnit", unit_pref)
        .field("isBugReportEnabled", false)
        .field("isChild", false)
        .field("isCoach", false)
        .field("languageLocale", "en_US")
        .field("lastName", LAST_NAME)
        .field("legalTermsAcceptRequired", false)
        .field("locale", "en_US")
        .field("memberSince", ymd(MEMBER_SINCE))
        .field("mfaEnabled", false)
        .field("offsetFromUTCMillis", offset_ms)
        .field("sdkDeveloper", false)
        .field("sleepTracking", "Normal")
        .field("startDayOfWeek", "SUNDAY")
        .field(
            "strideLengthRunning",
            Json::Float(round_to(u.length(STRIDE_RUN_CM), 1)),
        )
        .field("strideLengthRunningType", "default")
        .field(
            "strideLengthWalking",
            Json::Float(round_to(u.length(STRIDE_WALK_CM), 1)),
        )
        .field("strideLengthWalkingType", "default")
        .field("swimUnit", unit_pref)
        .field("temperatureUnit", unit_pref)
        .field("timezone", p.tz_name())
        .field("topBadges", Json::Arr(Vec::new()))
        .field("waterUnit", unit_pref)
        .field("waterUnitName", "fl oz")
        .field(
            "weight",
            Json::Float(round_to(u.weight(p.weight_kg(api.today)), 1)),
        )
        .field("weightUnit", unit_pref);
    ok(&Json::obj().field("user", user))
}

/// The dates a body-log tail asks for: `{date}`, `{date}/{period}` (`1d 7d 30d 1w 1m`) or
/// `{base}/{end}` spanning at most 31 days.
fn body_log_range(
    api: &Api,
    tail: &[&str],
) -> Result<(jiff::civil::Date, jiff::civil::Date), SimResponse> {
    Ok(match paths::parse_tail(tail, api.today, &[])? {
        Tail::Day(d) => (d, d),
        Tail::Period(
            end,
            p @ (Period::D1 | Period::D7 | Period::D30 | Period::W1 | Period::M1),
        ) => (p.start(end), end),
        Tail::Period(..) => {
            return Err(errors::validation(
                "period",
                "Invalid period. Supported periods: 1d, 7d, 30d, 1w, 1m.",
            ));
        }
        Tail::Range(s, e) => checked_range(s, e, 31)?,
        _ => return Err(errors::unknown_path()),
    })
}

/// The fields every body log shares: `date`, `logId`, `source`, `time` (local, no offset).
fn body_log(api: &Api, w: &WeighIn) -> Json {
    let t = api.person().tz().to_datetime(w.at);
    Json::obj()
        .field("date", ymd(w.date))
        .field("logId", w.log_id())
        .field("source", "Aria")
        .field(
            "time",
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()),
        )
}

/// `GET /1/user/-/body/log/weight/date/…` (`{date}`, `{date}/{period}`, `{base}/{end}`): one
/// entry per weigh-in, `weight` in the request's unit system (kg, lb, or stone for `en_GB`),
/// `bmi`, and `fat` when the scale measured it.
pub fn weight(api: &Api, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    let (start, end) = body_log_range(api, tail)?;
    let items: Vec<Json> = weigh_ins(api.person(), start, end, api.now)
        .iter()
        .map(|w| {
            let mut j = body_log(api, w)
                .field("bmi", Json::Float(w.bmi))
                .field("weight", Json::Float(round_to(api.units.weight(w.kg), 2)));
            if let Some(fat) = w.fat_pct {
                j.push("fat", Json::Float(fat));
            }
            j
        })
        .collect();
    Ok(ok(&Json::obj().field("weight", Json::Arr(items))))
}

/// `GET /1/user/-/body/log/fat/date/…` (same tails as the weight log): one entry per weigh-in
/// that measured body fat, with the weigh-in's `logId`.
pub fn fat(api: &Api, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    let (start, end) = body_log_range(api, tail)?;
    let items: Vec<Json> = weigh_ins(api.person(), start, end, api.now)
        .iter()
        .filter_map(|w| {
            let fat = w.fat_pct?;
            Some(body_log(api, w).field("fat", Json::Float(fat)))
        })
        .collect();
    Ok(ok(&Json::obj().field("fat", Json::Arr(items))))
}

/// `GET /1/user/-/ecg/list.json`.
pub fn ecg_list(api: &Api) -> Result<SimResponse, SimResponse> {
    let q = listing::parse(api.req, 10)?;
    let p = api.person();
    let mut readings: Vec<_> = ecgs(p, api.now)
        .into_iter()
        .filter(|e| q.matches(p.tz().to_datetime(e.at)))
        .collect();
    if q.before {
        readings.reverse();
    }
    let total = readings.len();
    let page: Vec<Json> = readings
        .iter()
        .skip(q.offset)
        .take(q.limit)
        .map(|e| {
            let mut samples = String::with_capacity(e.samples.len() * 7);
            samples.push('[');
            for (i, s) in e.samples.iter().enumerate() {
                if i > 0 {
                    samples.push(',');
                }
                let _ = write!(samples, "{s}");
            }
            samples.push(']');
            Json::obj()
                .field("startTime", local_ms(p.tz().to_datetime(e.at)))
                .field("averageHeartRate", e.bpm)
                .field("resultClassification", e.result.fitbit())
                .field("waveformSamples", Json::Raw(samples))
                .field("samplingFrequencyHz", ECG_HZ.to_string())
                .field("scalingFactor", ECG_SCALING)
                .field("numberOfWaveformSamples", ECG_SAMPLES)
                .field("leadNumber", 1u32)
                .field("featureVersion", "1.2.3-2.11-2.14")
                .field("deviceName", "Sense 2")
                .field("firmwareVersion", "60.20001.194.86")
        })
        .collect();
    let base = format!("{}/1/user/-/ecg/list.json", api.sim.origin);
    Ok(ok(&Json::obj()
        .field("ecgReadings", Json::Arr(page))
        .field(
            "pagination",
            listing::pagination(&q, total, &base),
        )))
}
