//! Sleep: v1.2 by date, by range and the paginated list, the sleep goal, and the deprecated v1
//! by-date shape (no stages, `minuteData`).
//!
//! A log's timestamps all use the UTC offset in force when the sleep started (a night across
//! the fall-back ends at "07:00" in the log when the wall clock said 06:00); `dateOfSleep` is
//! the local date it ended. The latest finished main sleep is still being processed: it is left
//! out of the logs and the response carries `meta` (`{"retryDuration":3000,"state":"pending"}`,
//! alone when it is the date's only log).

use axum::http::StatusCode;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

use super::context::Api;
use super::errors;
use super::listing;
use super::paths::{self, Tail, check_range, local_ms, ymd};
use crate::http::{JSON_FITBIT, SimResponse};
use crate::json::Json;
use crate::person::{Level, Night, Person, add_days};
use crate::shared::lock;

/// Clock of a log: every timestamp with the offset at the sleep's start.
struct LogClock {
    offset: Offset,
}

impl LogClock {
    fn of(p: &Person, night: &Night) -> Self {
        LogClock {
            offset: p.tz().to_offset(night.start),
        }
    }

    fn at(&self, t: Timestamp) -> DateTime {
        self.offset.to_datetime(t)
    }

    fn text(&self, t: Timestamp) -> String {
        local_ms(self.at(t))
    }
}

/// Position of a stage in the (deep, light, rem, wake) arrays.
fn stage_index(level: Level) -> usize {
    match level {
        Level::Deep => 0,
        Level::Light => 1,
        Level::Rem => 2,
        _ => 3,
    }
}

/// Average minutes per stage (deep, light, rem, wake) over the 30 nights before `date`.
fn thirty_day_avg(p: &Person, date: Date) -> Option<[u32; 4]> {
    let mut sums = [0u32; 4];
    let mut n = 0;
    for back in 1..=30 {
        let d = add_days(date, -back);
        if d < p.first_date() {
            break;
        }
        if let Some(night) = p.main_night(d).filter(|n| !n.classic) {
            for t in night.totals() {
                sums[stage_index(t.level)] += t.minutes;
            }
            n += 1;
        }
    }
    (n > 0).then(|| sums.map(|s| (f64::from(s) / f64::from(n)).round() as u32))
}

/// One v1.2 log.
pub fn log_json(p: &Person, night: &Night) -> Json {
    let clock = LogClock::of(p, night);
    let run = |start: u32, secs: u32, level: &str| {
        Json::obj()
            .field("dateTime", clock.text(night.at(start)))
            .field("level", level)
            .field("seconds", secs)
    };
    let data: Vec<Json> = night
        .long_runs()
        .iter()
        .map(|r| run(r.start, r.secs, r.level.fitbit()))
        .collect();
    let totals = night.totals();
    let avg = if night.classic {
        None
    } else {
        thirty_day_avg(p, night.date)
    };
    let mut summary = Json::obj();
    for (i, t) in totals.iter().enumerate() {
        let mut entry = Json::obj()
            .field("count", t.count)
            .field("minutes", t.minutes);
        if !night.classic {
            entry.push(
                "thirtyDayAvgMinutes",
                avg.map_or(t.minutes, |a| a[i.min(3)]),
            );
        }
        summary.push(t.level.fitbit(), entry);
    }
    let mut levels = Json::obj().field("data", Json::Arr(data));
    if !night.classic {
        let short: Vec<Json> = night
            .short_wakes()
            .iter()
            .map(|(r, _)| run(r.start, r.secs, "wake"))
            .collect();
        levels.push("shortData", Json::Arr(short));
    }
    levels.push("summary", summary);
    let minutes = night.minutes();
    Json::obj()
        .field("dateOfSleep", ymd(night.date))
        .field("duration", i64::from(minutes) * 60_000)
        .field("efficiency", night.efficiency())
        .field("endTime", clock.text(night.end))
        .field("infoCode", night.info_code())
        .field("isMainSleep", night.is_main)
        .field("levels", levels)
        .field("logId", night.log_id())
        .field("logType", "auto_detected")
        .field("minutesAfterWakeup", 0u32)
        .field("minutesAsleep", night.minutes_asleep())
        .field("minutesAwake", night.minutes_awake())
        .field("minutesToFallAsleep", 0u32)
        .field("startTime", clock.text(night.start))
        .field("timeInBed", minutes)
        .field("type", if night.classic { "classic" } else { "stages" })
}

/// Logs that ended on `date` and are complete at `now`; the flag says whether a log of that
/// date is still processing.
fn logs_of(api: &Api, date: Date) -> (Vec<Night>, bool) {
    let p = api.person();
    if !p.has_date(date, api.now) {
        return (Vec::new(), false);
    }
    let processing = p.processing_night(api.now) == Some(date);
    let logs = p
        .sessions(date)
        .into_iter()
        .filter(|n| n.end <= api.now && !(n.is_main && processing))
        .collect();
    (logs, processing)
}

fn meta() -> Json {
    Json::obj()
        .field("retryDuration", 3000u32)
        .field("state", "pending")
}

/// `GET /1.2/user/-/sleep/date/{date}.json` and `…/{start}/{end}.json`.
pub fn by_date(api: &Api, tail: &[&str]) -> Result<SimResponse, SimResponse> {
    let p = api.person();
    let (start, end, single) = match paths::parse_tail(tail, api.today, &[])? {
        Tail::Day(d) => (d, d, true),
        Tail::Range(s, e) => {
            check_range(s, e, 100)?;
            (s, e, false)
        }
        _ => return Err(errors::unknown_path()),
    };
    let mut logs = Vec::new();
    let mut pending = false;
    let mut d = start;
    while d <= end {
        let (mut l, processing) = logs_of(api, d);
        pending |= processing;
        logs.append(&mut l);
        d = add_days(d, 1);
    }
    if single && pending && logs.is_empty() {
        return Ok(ok(&Json::obj().field("meta", meta())));
    }
    let mut body = Json::obj();
    if pending {
        body.push("meta", meta());
    }
    body.push(
        "sleep",
        Json::Arr(logs.iter().map(|n| log_json(p, n)).collect()),
    );
    if single {
        body.push("summary", day_summary(&logs));
    }
    Ok(ok(&body))
}

fn day_summary(logs: &[Night]) -> Json {
    let mut stages = [0u32; 4];
    let mut any_stages = false;
    for n in logs.iter().filter(|n| !n.classic) {
        any_stages = true;
        for t in n.totals() {
            stages[stage_index(t.level)] += t.minutes;
        }
    }
    let mut s = Json::obj();
    if any_stages {
        s.push(
            "stages",
            Json::obj()
                .field("deep", stages[0])
                .field("light", stages[1])
                .field("rem", stages[2])
                .field("wake", stages[3]),
        );
    }
    with_totals(s, logs)
}

/// `totalMinutesAsleep`, `totalSleepRecords` and `totalTimeInBed` of a day's logs.
fn with_totals(s: Json, logs: &[Night]) -> Json {
    s.field(
        "totalMinutesAsleep",
        logs.iter().map(Night::minutes_asleep).sum::<u32>(),
    )
    .field("totalSleepRecords", logs.len())
    .field(
        "totalTimeInBed",
        logs.iter().map(Night::minutes).sum::<u32>(),
    )
}

fn ok(body: &Json) -> SimResponse {
    SimResponse::json_as(StatusCode::OK, body, JSON_FITBIT)
}

/// `GET /1.2/user/-/sleep/list.json`.
pub fn list(api: &Api) -> Result<SimResponse, SimResponse> {
    let q = listing::parse(api.req, 100)?;
    let p = api.person();
    let mut logs: Vec<(DateTime, Night)> = Vec::new();
    let mut d = p.first_date();
    while d <= api.today {
        for n in logs_of(api, d).0 {
            let start = LogClock::of(p, &n).at(n.start);
            if q.matches(start) {
                logs.push((start, n));
            }
        }
        d = add_days(d, 1);
    }
    logs.sort_by_key(|(s, _)| *s);
    if q.before {
        logs.reverse();
    }
    let total = logs.len();
    let page: Vec<Json> = logs
        .iter()
        .skip(q.offset)
        .take(q.limit)
        .map(|(_, n)| log_json(p, n))
        .collect();
    let base = format!("{}/1.2/user/-/sleep/list.json", api.sim.origin);
    let body = Json::obj()
        .field("pagination", listing::pagination(&q, total, &base))
        .field("sleep", Json::Arr(page));
    Ok(ok(&body))
}

/// `GET /1.2/user/-/sleep/goal.json`.
pub fn goal(api: &Api) -> SimResponse {
    let (min_duration, updated) = {
        let st = lock(&api.sim.user);
        (st.sleep_goal, st.sleep_goal_updated)
    };
    let p = api.person();
    let recent: Vec<Night> = (1..=14)
        .filter_map(|b| p.main_night(add_days(api.today, -b)))
        .collect();
    let n = recent.len().max(1) as f64;
    let typical = (recent.iter().map(|n| f64::from(n.minutes())).sum::<f64>() / n).round();
    let wake = recent
        .iter()
        .map(|n| {
            let t = p.tz().to_datetime(n.end);
            f64::from(t.hour()) * 60.0 + f64::from(t.minute())
        })
        .sum::<f64>()
        / n;
    let wake = wake.round() as u32;
    let restless = recent
        .iter()
        .map(|n| f64::from(n.minutes_awake()) / f64::from(n.minutes().max(1)))
        .sum::<f64>()
        / n;
    let flow = if recent.len() < 3 {
        0
    } else if typical >= f64::from(min_duration) {
        3
    } else {
        1
    };
    let updated = updated.unwrap_or_else(|| {
        p.tz()
            .to_timestamp(p.first_date().at(21, 13, 42, 0))
            .unwrap_or(Timestamp::UNIX_EPOCH)
    });
    let body = Json::obj()
        .field(
            "consistency",
            Json::obj()
                .field(
                    "awakeRestlessPercentage",
                    Json::Double(crate::json::round_to(restless, 4)),
                )
                .field("flowId", flow)
                .field("recommendedSleepGoal", 450u32)
                .field("typicalDuration", typical as i64)
                .field(
                    "typicalWakeupTime",
                    format!("{:02}:{:02}", wake / 60, wake % 60),
                ),
        )
        .field("goal", goal_json(min_duration, updated));
    ok(&body)
}

fn goal_json(min_duration: u32, updated: Timestamp) -> Json {
    let bed = (7 * 60 + 30 + 24 * 60 - min_duration) % (24 * 60);
    Json::obj()
        .field("bedtime", format!("{:02}:{:02}", bed / 60, bed % 60))
        .field("minDuration", min_duration)
        .field(
            "updatedOn",
            format!(
                "{}Z",
                local_ms(jiff::tz::TimeZone::UTC.to_datetime(updated))
            ),
        )
        .field("wakeupTime", "07:30")
}

/// `POST /1.2/user/-/sleep/goal.json?minDuration=…`.
pub fn set_goal(api: &Api) -> Result<SimResponse, SimResponse> {
    let raw = api.req.param("minDuration").ok_or_else(|| {
        errors::validation("minDuration", "The minDuration parameter is required.")
    })?;
    let minutes = raw
        .parse::<u32>()
        .ok()
        .filter(|m| (60..=1440).contains(m))
        .ok_or_else(|| {
            errors::validation(
                "minDuration",
                &format!("Invalid minDuration: {raw}. It must be between 60 and 1440 minutes."),
            )
        })?;
    {
        let mut st = lock(&api.sim.user);
        st.sleep_goal = minutes;
        st.sleep_goal_updated = Some(api.now);
    }
    Ok(ok(&Json::obj().field("goal", goal_json(minutes, api.now))))
}

/// `GET /1/user/-/sleep/date/{date}.json`: the deprecated v1 shape.
pub fn v1_by_date(api: &Api, day: &str) -> Result<SimResponse, SimResponse> {
    let date = paths::parse_date(day, api.today)
        .ok_or_else(|| errors::validation("date", &format!("Invalid date:{day}")))?;
    let p = api.person();
    let (logs, _) = logs_of(api, date);
    let items: Vec<Json> = logs.iter().map(|n| v1_log(p, n)).collect();
    let summary = with_totals(Json::obj(), &logs);
    Ok(ok(&Json::obj()
        .field("sleep", Json::Arr(items))
        .field("summary", summary)))
}

fn v1_log(p: &Person, night: &Night) -> Json {
    let clock = LogClock::of(p, night);
    let minutes = night.minutes();
    let mut minute_data = Vec::with_capacity(minutes as usize);
    let (mut awake_runs, mut restless_runs, mut awake_min, mut restless_min) = (0, 0, 0, 0);
    let mut prev = '1';
    for m in 0..minutes {
        let secs = m * 60;
        let short = night
            .runs
            .iter()
            .any(|r| r.short && r.start <= secs && secs < r.start + r.secs);
        let value = match night.level_at(secs) {
            _ if short => '2',
            Some(Level::Restless) => '2',
            Some(Level::Wake | Level::Awake) => '3',
            _ => '1',
        };
        match value {
            '2' => {
                restless_min += 1;
                if prev != '2' {
                    restless_runs += 1;
                }
            }
            '3' => {
                awake_min += 1;
                if prev != '3' {
                    awake_runs += 1;
                }
            }
            _ => {}
        }
        prev = value;
        let t = clock.at(night
            .start
            .saturating_add(SignedDuration::from_mins(i64::from(m)))
            .unwrap_or(night.start));
        minute_data.push(
            Json::obj()
                .field(
                    "dateTime",
                    format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()),
                )
                .field("value", value.to_string()),
        );
    }
    let asleep = minutes - awake_min - restless_min;
    Json::obj()
        .field("awakeCount", awake_runs)
        .field("awakeDuration", awake_min)
        .field("awakeningsCount", awake_runs + restless_runs)
        .field("dateOfSleep", ymd(night.date))
        .field("duration", i64::from(minutes) * 60_000)
        .field(
            "efficiency",
            (f64::from(asleep) * 100.0 / f64::from(minutes.max(1))).round() as u32,
        )
        .field("isMainSleep", night.is_main)
        .field("logId", night.log_id())
        .field("minuteData", Json::Arr(minute_data))
        .field("minutesAfterWakeup", 0u32)
        .field("minutesAsleep", asleep)
        .field("minutesAwake", awake_min + restless_min)
        .field("minutesToFallAsleep", 0u32)
        .field("restlessCount", restless_runs)
        .field("restlessDuration", restless_min)
        .field("startTime", clock.text(night.start))
        .field("timeInBed", minutes)
}
