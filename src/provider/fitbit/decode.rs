//! Decoders: response body bytes (plus context: requested date, account zone) → domain values.
//!
//! Every function here takes the body as `&[u8]`, never panics, and returns
//! [`ApiError::Decode`] (endpoint + serde's line/column) when the body does not have the
//! documented shape; tolerated quirks are listed on each function. Quantities come out metric:
//! fittui never sends `Accept-Language`, so the API answers in its metric system (km, kg, °C)
//! and distances are converted to metres here.
//!
//! Heart-rate, sleep, device/alarm/ECG and weight/body-fat decoders live in their own modules and are
//! re-exported here, so every decoder is `fitbit::decode::*`.

use std::fmt;
use std::marker::PhantomData;

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::dayclock::DayClock;
use super::lenient::{MapOnly, Num, Text, parse_time_of_day};
use super::wire::{
    ActivityDayBody, ActivityGoals, ActivitySummaryWire, AzmBody, AzmIntradayBody, AzmValue,
    BreathingBody, CardioBody, DailyRow, DatedValue, HrvBody, IntradayWire, OneOrMany, ProfileBody,
    SkinTempBody, Spo2Value,
};
use crate::api::ApiError;
use crate::domain::DailyValue;
use crate::domain::account::Account;
use crate::domain::activity::{ActivitySummary, Azm, GoalSource, Goals, HourlySteps};
use crate::domain::heart::Hrv;
use crate::domain::sleep::Spo2;
use crate::domain::units::{TemperatureUnit, UnitSystem};
use crate::provider::localtime::{LocalTimeline, day_bounds};

pub use super::devices::{alarm, alarms, devices, ecg_list, parse_alarm_time};
pub use super::heart::{
    HeartDaily, HeartIntraday, HeartIntradayStream, heart_daily, heart_intraday,
};
pub use super::sleep::{SleepPage, sleep};
pub use super::weight::{FatLog, WeightLog, body_fat, merge as merge_weigh_ins, weight};

/// Parses `body` as `T`, naming `endpoint` in the error.
pub(crate) fn parse<'a, T: Deserialize<'a>>(endpoint: &str, body: &'a [u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::decode(endpoint, &e))
}

/// Parses a body that must be a JSON object as `T`, naming `endpoint` in the error.
pub(crate) fn parse_object<'a, T: Deserialize<'a>>(
    endpoint: &str,
    body: &'a [u8],
) -> Result<T, ApiError> {
    parse::<MapOnly<T>>(endpoint, body).map(|m| m.0)
}

/// A decode error for a body that parsed but lacks something it cannot do without.
pub(crate) fn missing(endpoint: &str, what: &str) -> ApiError {
    ApiError::Decode {
        endpoint: endpoint.into(),
        detail: format!("missing {what}"),
    }
}

const METRES_PER_KM: f64 = 1000.0;

// ---------------------------------------------------------------------------------------------
// Profile

const PROFILE: &str = "/1/user/-/profile.json";

/// Decodes `GET /1/user/-/profile.json`. `user.encodedId` is required. The zone is the IANA
/// `timezone`; when that is missing or unknown to the bundled database, a fixed zone at
/// `offsetFromUTCMillis` (keeping the name that was sent), and UTC when neither is usable.
/// Units: `distanceUnit` (falling back to `locale`) `en_US` → imperial, anything else
/// (`en_GB`, `METRIC`) → metric; `temperatureUnit` likewise → °F / °C.
pub fn profile(body: &[u8]) -> Result<Account, ApiError> {
    let parsed: ProfileBody = parse_object(PROFILE, body)?;
    let p = parsed.user.ok_or_else(|| missing(PROFILE, "`user`"))?;
    let (time_zone_name, time_zone) = account_zone(p.timezone.get(), p.offset_from_utc_millis);
    let us = |unit: &Text| unit.get().or(p.locale.get()).is_some_and(is_en_us);
    Ok(Account {
        user_id: p
            .encoded_id
            .into_option()
            .ok_or_else(|| missing(PROFILE, "`user.encodedId`"))?,
        display_name: p.display_name.into_option().or(p.full_name.into_option()),
        time_zone_name,
        time_zone,
        units: if us(&p.distance_unit) {
            UnitSystem::Imperial
        } else {
            UnitSystem::Metric
        },
        temperature_unit: if us(&p.temperature_unit) {
            TemperatureUnit::Fahrenheit
        } else {
            TemperatureUnit::Celsius
        },
        clock_12h: match p.clock_time_display_format.get().map(str::trim) {
            Some("12hour") => Some(true),
            Some("24hour") => Some(false),
            _ => None,
        },
        member_since: p.member_since.0,
        assumed: None,
    })
}

fn is_en_us(s: &str) -> bool {
    s.trim().replace('-', "_").eq_ignore_ascii_case("en_US")
}

fn account_zone(name: Option<&str>, offset_ms: Num) -> (String, TimeZone) {
    let name = name.map(str::trim);
    if let Some(tz) = name.and_then(|n| TimeZone::get(n).ok()) {
        return (name.unwrap_or_default().to_owned(), tz);
    }
    let fixed = offset_ms
        .f64()
        .and_then(|ms| Num(Some(ms / 1000.0)).i32())
        .and_then(|secs| Offset::from_seconds(secs).ok());
    match (name, fixed) {
        (Some(n), Some(offset)) => (n.to_owned(), TimeZone::fixed(offset)),
        (None, Some(offset)) => (format!("UTC{offset}"), TimeZone::fixed(offset)),
        _ => ("UTC".to_owned(), TimeZone::UTC),
    }
}

// ---------------------------------------------------------------------------------------------
// Daily activity summary

/// Decodes `GET /1/user/-/activities/date/{date}.json` into the day's totals and goals.
///
/// Distances (km) become metres; `active_minutes` is fairly + very active; `azm` is left
/// `None` (it comes from [`azm_series`]). A day with nothing recorded (no steps, no activity
/// calories, no distance, no floors, no active minutes, no heart-rate minutes or resting HR, no
/// logged activity; Fitbit still reports BMR calories and 1440 sedentary minutes) has no
/// summary: "no data" is never shown as zero. Goals are `None` when the body has none.
pub fn activity_summary(
    body: &[u8],
    date: Date,
) -> Result<(Option<ActivitySummary>, Option<Goals>), ApiError> {
    let endpoint = format!("/1/user/-/activities/date/{date}.json");
    let parsed: ActivityDayBody = parse_object(&endpoint, body)?;
    let logged = !parsed.activities.is_empty();
    let summary = parsed
        .summary
        .filter(|s| logged || recorded(s))
        .map(|s| ActivitySummary {
            steps: s.steps.u32().unwrap_or(0),
            distance_m: total_distance_km(&s).unwrap_or(0.0) * METRES_PER_KM,
            calories_kcal: s.calories_out.f64(),
            floors: s.floors.u32(),
            active_minutes: match (s.fairly_active_minutes.u32(), s.very_active_minutes.u32()) {
                (None, None) => None,
                (f, v) => Some(f.unwrap_or(0).saturating_add(v.unwrap_or(0))),
            },
            azm: None,
        });
    let goals = parsed.goals.as_ref().and_then(goals_from);
    Ok((summary, goals))
}

/// The goals of a goals block (`None` when it names none).
fn goals_from(g: &ActivityGoals) -> Option<Goals> {
    {
        let goals = Goals {
            steps: g.steps.u32(),
            distance_m: g.distance.f64().map(|km| km * METRES_PER_KM),
            calories_kcal: g.calories_out.f64(),
            floors: g.floors.u32(),
            active_minutes: g.active_minutes.u32(),
            azm: g.active_zone_minutes.u32(),
            source: GoalSource::Provider,
        };
        let any = goals.steps.is_some()
            || goals.distance_m.is_some()
            || goals.calories_kcal.is_some()
            || goals.floors.is_some()
            || goals.active_minutes.is_some()
            || goals.azm.is_some();
        any.then_some(goals)
    }
}

/// Decodes `GET /1/user/-/activities/goals/daily.json`: the current daily goals.
pub fn daily_goals(body: &[u8]) -> Result<Option<Goals>, ApiError> {
    #[derive(Deserialize)]
    struct Body {
        #[serde(default)]
        goals: Option<ActivityGoals>,
    }
    let parsed: Body = parse_object("/1/user/-/activities/goals/daily.json", body)?;
    Ok(parsed.goals.as_ref().and_then(goals_from))
}

fn positive(n: Num) -> bool {
    n.f64().is_some_and(|v| v > 0.0)
}

/// Whether the tracker recorded anything that day (BMR calories and sedentary minutes do not
/// count: Fitbit fills them in for a day the tracker sat in a drawer).
fn recorded(s: &ActivitySummaryWire) -> bool {
    positive(s.steps)
        || positive(s.activity_calories)
        || total_distance_km(s).is_some_and(|d| d > 0.0)
        || positive(s.floors)
        || positive(s.lightly_active_minutes)
        || positive(s.fairly_active_minutes)
        || positive(s.very_active_minutes)
        || positive(s.resting_heart_rate)
        || s.heart_rate_zones.iter().any(|z| positive(z.minutes))
}

fn total_distance_km(s: &ActivitySummaryWire) -> Option<f64> {
    let of = |name: &str| {
        s.distances
            .iter()
            .find(|d| d.activity.is(name))
            .and_then(|d| d.distance.f64())
    };
    of("total").or_else(|| of("tracker")).filter(|d| *d >= 0.0)
}

// ---------------------------------------------------------------------------------------------
// Activity time series and intraday

/// Reads the value of one top-level key (decided at run time) and skips the rest.
struct KeySeed<'k, T> {
    key: &'k str,
    _value: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for KeySeed<'_, T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for KeySeed<'_, T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with `{}`", self.key)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(hit) = map.next_key_seed(KeyIs(self.key))? {
            if hit && found.is_none() {
                found = map.next_value::<Option<T>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// An object key, compared with a wanted one without allocating.
struct KeyIs<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeyIs<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == self.0)
    }
}

fn parse_key<'a, T: Deserialize<'a>>(
    endpoint: &str,
    body: &'a [u8],
    key: &str,
) -> Result<Option<T>, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    KeySeed {
        key,
        _value: PhantomData,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| ApiError::decode(endpoint, &e))
}

/// `steps` / `tracker/steps` / `activities-tracker-steps` → `activities-tracker-steps`.
fn series_key(resource: &str) -> String {
    let key = resource.trim().replace('/', "-");
    if key.starts_with("activities-") {
        key
    } else {
        format!("activities-{key}")
    }
}

/// Decodes an activity time series, `GET /1/user/-/activities/{resource}/date/{start}/{end}.json`
/// (or `{date}/{period}`, or the daily total of an intraday body). `resource_key` is the
/// response key (`activities-steps`, `activities-tracker-steps`) or the resource path
/// (`steps`, `tracker/steps`). Values arrive as strings (`"7390"`); the API zero-fills days,
/// so `"0"` stays `Some(0.0)` and only unreadable values are `None`. A missing key is an empty
/// series. Distances stay in the API's unit (km).
pub fn daily_values(body: &[u8], resource_key: &str) -> Result<Vec<DailyValue<f64>>, ApiError> {
    let key = series_key(resource_key);
    let endpoint = format!("/1/user/-/{}/date/...", key.replacen('-', "/", 1));
    let rows: Vec<Option<DailyRow>> = parse_key(&endpoint, body, &key)?.unwrap_or_default();
    Ok(rows
        .into_iter()
        .flatten()
        .filter_map(|r| {
            Some(DailyValue {
                date: r.date_time.0?,
                value: r.value.f64(),
            })
        })
        .collect())
}

/// Decodes `GET /1/user/-/activities/steps/date/{date}/1d/{1min|5min|15min}.json` into steps
/// per local clock hour of `date` in `tz`, in time order: 24 entries, 25 on a fall-back day
/// (the repeated hour twice), 23 on a spring-forward day. Rows resolve to instants by order
/// (the repeated hour's rows appear twice in the dataset). Hours without rows, and the whole
/// day when there is no dataset, are zero: the caller decides emptiness from the summary.
pub fn hourly_steps(body: &[u8], date: Date, tz: &TimeZone) -> Result<Vec<HourlySteps>, ApiError> {
    let endpoint = format!("/1/user/-/activities/steps/date/{date}/1d/{{detail}}.json");
    let out_of_range = || ApiError::Decode {
        endpoint: endpoint.clone(),
        detail: format!("date {date} is out of range"),
    };
    let intraday: IntradayWire =
        parse_key(&endpoint, body, "activities-steps-intraday")?.unwrap_or_default();
    let (start, end) = day_bounds(date, tz).ok_or_else(out_of_range)?;
    let mut clock = DayClock::new(date, tz.clone()).ok_or_else(out_of_range)?;
    let starts = hour_starts(date, tz, start, end);
    let mut steps = vec![0_u32; starts.len()];
    for row in intraday.dataset.iter().flatten() {
        let Some(at) = row
            .time
            .get()
            .and_then(parse_time_of_day)
            .and_then(|s| clock.next(s))
        else {
            continue;
        };
        if at < start || at >= end {
            continue;
        }
        // `starts[0] == start <= at`, so the partition point is at least 1.
        let i = starts.partition_point(|h| *h <= at).saturating_sub(1);
        if let Some(slot) = steps.get_mut(i) {
            *slot = slot.saturating_add(row.value.u32().unwrap_or(0));
        }
    }
    Ok(starts
        .into_iter()
        .zip(steps)
        .map(|(start, steps)| HourlySteps { start, steps })
        .collect())
}

/// Instants at which a local clock hour of `date` starts: the day's start, then every
/// `HH:00` that exists (twice when repeated, never when skipped).
pub fn hour_starts(date: Date, tz: &TimeZone, start: Timestamp, end: Timestamp) -> Vec<Timestamp> {
    let mut out = vec![start];
    for hour in 0..24 {
        let Ok(time) = Time::new(hour, 0, 0, 0) else {
            continue;
        };
        let dt = date.to_datetime(time);
        let offsets = match tz.to_ambiguous_timestamp(dt).offset() {
            AmbiguousOffset::Unambiguous { offset } => [Some(offset), None],
            AmbiguousOffset::Fold { before, after } => [Some(before), Some(after)],
            AmbiguousOffset::Gap { .. } => [None, None],
        };
        out.extend(
            offsets
                .into_iter()
                .flatten()
                .filter_map(|o| o.to_timestamp(dt).ok()),
        );
    }
    out.retain(|t| *t >= start && *t < end);
    out.sort_unstable();
    out.dedup();
    out
}

// ---------------------------------------------------------------------------------------------
// Active Zone Minutes

fn azm(v: &AzmValue) -> Azm {
    Azm {
        fat_burn: v.fat_burn_active_zone_minutes.u32().unwrap_or(0),
        cardio: v.cardio_active_zone_minutes.u32().unwrap_or(0),
        peak: v.peak_active_zone_minutes.u32().unwrap_or(0),
    }
}

/// Decodes `GET /1/user/-/activities/active-zone-minutes/date/{start}/{end}.json` (or
/// `{date}/{period}`). Omitted sub-zones are zero; days missing from the body (or without a
/// `value`) are absent from the result, never zero.
pub fn azm_series(body: &[u8]) -> Result<Vec<(Date, Azm)>, ApiError> {
    let parsed: AzmBody = parse_object("/1/user/-/activities/active-zone-minutes/date/...", body)?;
    Ok(parsed
        .days
        .iter()
        .filter_map(|d| Some((d.date_time.0?, azm(d.value.as_ref()?))))
        .collect())
}

/// Decodes `GET /1/user/-/activities/active-zone-minutes/date/{date}/1d/{detail}.json`: AZM per
/// row, each `minute` (a local date-time) placed in `tz` by order.
pub fn azm_intraday(body: &[u8], tz: &TimeZone) -> Result<Vec<(Timestamp, Azm)>, ApiError> {
    let parsed: AzmIntradayBody = parse_object(
        "/1/user/-/activities/active-zone-minutes/date/{date}/1d/{detail}.json",
        body,
    )?;
    let mut timeline = LocalTimeline::new(tz.clone());
    Ok(parsed
        .days
        .iter()
        .flat_map(|d| d.minutes.iter())
        .filter_map(|m| Some((timeline.resolve(m.minute.0?)?, azm(m.value.as_ref()?))))
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Nightly metrics: HRV, SpO2, breathing rate, skin temperature, cardio score

fn dated<T, U>(rows: &[DatedValue<T>], f: impl Fn(&T) -> Option<U>) -> Vec<(Date, U)> {
    rows.iter()
        .filter_map(|r| Some((r.date_time.0?, f(r.value.as_ref()?)?)))
        .collect()
}

/// Decodes `GET /1/user/-/hrv/date/{date}.json` or `{start}/{end}.json`; `{"hrv": []}` when
/// there is no data. A day without `dailyRmssd` is absent.
pub fn hrv(body: &[u8]) -> Result<Vec<(Date, Hrv)>, ApiError> {
    let parsed: HrvBody = parse_object("/1/user/-/hrv/date/...", body)?;
    Ok(dated(&parsed.hrv, |v| {
        Some(Hrv {
            daily_rmssd_ms: v.daily_rmssd.f64().filter(|x| *x >= 0.0)?,
            deep_rmssd_ms: v.deep_rmssd.f64().filter(|x| *x >= 0.0),
        })
    }))
}

const SPO2: &str = "/1/user/-/spo2/date/...";

fn spo2_of(v: &Spo2Value) -> Option<Spo2> {
    Some(Spo2 {
        avg: v.avg.f64()?,
        min: v.min.f64(),
        max: v.max.f64(),
    })
}

/// Decodes `GET /1/user/-/spo2/date/{date}.json`: an object with no wrapper key, `{}` when
/// there is no data (→ `None`). A range body (top-level array) gives its last day.
pub fn spo2_day(body: &[u8]) -> Result<Option<Spo2>, ApiError> {
    let parsed: OneOrMany<DatedValue<Spo2Value>> = parse(SPO2, body)?;
    Ok(parsed
        .0
        .iter()
        .rev()
        .find_map(|r| r.value.as_ref().and_then(spo2_of)))
}

/// Decodes `GET /1/user/-/spo2/date/{start}/{end}.json`: a top-level array (a single object or
/// `{}` is read too). Days without an average are absent.
pub fn spo2_range(body: &[u8]) -> Result<Vec<(Date, Spo2)>, ApiError> {
    let parsed: OneOrMany<DatedValue<Spo2Value>> = parse(SPO2, body)?;
    Ok(dated(&parsed.0, spo2_of))
}

/// Decodes `GET /1/user/-/br/date/{date}.json` or `{start}/{end}.json` (breaths per minute);
/// the intraday form's `fullSleepSummary` is read when there is no top-level rate. Negative
/// rates (`-1`: not enough data) are absent.
pub fn breathing_rate(body: &[u8]) -> Result<Vec<(Date, f64)>, ApiError> {
    let parsed: BreathingBody = parse_object("/1/user/-/br/date/...", body)?;
    Ok(dated(&parsed.br, |v| {
        v.breathing_rate
            .f64()
            .or_else(|| v.full_sleep_summary.as_ref()?.breathing_rate.f64())
            .filter(|r| *r >= 0.0)
    }))
}

/// Decodes `GET /1/user/-/temp/skin/date/{date}.json` or `{start}/{end}.json`:
/// `nightlyRelative`, the deviation from the personal baseline in °C (metric request).
pub fn skin_temp(body: &[u8]) -> Result<Vec<(Date, f64)>, ApiError> {
    let parsed: SkinTempBody = parse_object("/1/user/-/temp/skin/date/...", body)?;
    Ok(dated(&parsed.temp_skin, |v| v.nightly_relative.f64()))
}

/// Decodes `GET /1/user/-/cardioscore/date/{date}.json` or `{start}/{end}.json`: `vo2Max` as
/// sent (`"42-46"` or `"44"`).
pub fn cardio_score(body: &[u8]) -> Result<Vec<(Date, String)>, ApiError> {
    let parsed: CardioBody = parse_object("/1/user/-/cardioscore/date/...", body)?;
    Ok(dated(&parsed.cardio_score, |v| {
        v.vo2_max.get().map(|s| s.trim().to_owned())
    }))
}
