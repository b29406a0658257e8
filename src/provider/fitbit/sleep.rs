//! Sleep logs (v1.2): by date, by date range and the paginated list.
//!
//! Every timestamp of a log is written with the UTC offset in force when the sleep started,
//! so each log gets its own [`FixedOffsetClock`] anchored on its `startTime`: a night across
//! the fall-back change ends an hour "later" on the wall clock than it really did.

use jiff::SignedDuration;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::decode::parse_object;
use super::lenient::Text;
use super::wire::{LevelRow, SleepBody, SleepLevels, SleepLogWire};
use crate::api::ApiError;
use crate::domain::sleep::{SleepKind, SleepLevel, SleepSegment, SleepSession, StageTotal};
use crate::provider::localtime::FixedOffsetClock;

/// One page of sleep logs.
#[derive(Debug, Clone, PartialEq)]
pub struct SleepPage {
    /// Logs in body order, each with its `dateOfSleep` (the local date the sleep ended).
    pub sessions: Vec<(Date, SleepSession)>,
    /// `meta.state == "pending"`: Fitbit is still processing a log; ask again later. The API
    /// does not say which log, so the caller marks the day as processing.
    pub pending: bool,
    /// `meta.retryDuration` in milliseconds, when the API suggests one.
    pub retry_after_ms: Option<u32>,
    /// The list endpoint's `pagination.next` URL; `None` for `""`, absent, or other endpoints.
    pub next: Option<String>,
}

const ENDPOINT: &str = "/1.2/user/-/sleep/...";

/// Decodes `GET /1.2/user/-/sleep/date/{date}.json`, `.../sleep/date/{start}/{end}.json` (no
/// top-level summary) and `.../sleep/list.json` (with `pagination`), including the bare
/// `{"meta": {"state": "pending", ...}}` body. Stages (`deep|light|rem|wake`) and classic
/// (`asleep|restless|awake`) levels both map to [`SleepLevel`], unknown levels to
/// [`SleepLevel::Unknown`]. A log without a readable `startTime` cannot be placed and is
/// skipped.
pub fn sleep(body: &[u8], tz: &TimeZone) -> Result<SleepPage, ApiError> {
    let parsed: SleepBody = parse_object(ENDPOINT, body)?;
    let meta = parsed.meta.unwrap_or_default();
    Ok(SleepPage {
        sessions: parsed
            .sleep
            .into_iter()
            .flatten()
            .filter_map(|log| session(log, tz))
            .collect(),
        pending: meta.state.is("pending"),
        retry_after_ms: meta.retry_duration.u32(),
        next: parsed.pagination.and_then(|p| p.next.into_option()),
    })
}

fn parse_level(text: &Text) -> SleepLevel {
    match text.get().map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("wake") => SleepLevel::Wake,
        Some("rem") => SleepLevel::Rem,
        Some("light") => SleepLevel::Light,
        Some("deep") => SleepLevel::Deep,
        Some("asleep") => SleepLevel::Asleep,
        Some("restless") => SleepLevel::Restless,
        Some("awake") => SleepLevel::Awake,
        _ => SleepLevel::Unknown,
    }
}

/// Display order of the per-level totals: the hypnogram from top to bottom.
fn level_rank(level: SleepLevel) -> u8 {
    match level {
        SleepLevel::Wake => 0,
        SleepLevel::Rem => 1,
        SleepLevel::Light => 2,
        SleepLevel::Deep => 3,
        SleepLevel::Awake => 4,
        SleepLevel::Restless => 5,
        SleepLevel::Asleep => 6,
        SleepLevel::Unknown => 7,
    }
}

pub fn session(log: SleepLogWire, tz: &TimeZone) -> Option<(Date, SleepSession)> {
    let clock = FixedOffsetClock::anchored(log.start_time.0?, tz)?;
    let start = clock.start();
    let by_duration = log
        .duration
        .u64()
        .and_then(|ms| i64::try_from(ms).ok())
        .and_then(|ms| start.checked_add(SignedDuration::from_millis(ms)).ok());
    let end = log
        .end_time
        .0
        .and_then(|dt| clock.resolve(dt))
        .filter(|end| *end >= start)
        .or(by_duration)
        .unwrap_or(start);
    let date = match log.date_of_sleep.0 {
        Some(d) => d,
        None => end.to_zoned(tz.clone()).date(),
    };
    let levels = log.levels.unwrap_or_default();
    let kind = if log.kind.is("stages") {
        SleepKind::Stages
    } else if log.kind.is("classic") {
        SleepKind::Classic
    } else {
        infer_kind(&levels)
    };
    let segments = |rows: &[Option<LevelRow>]| -> Vec<SleepSegment> {
        rows.iter()
            .flatten()
            .filter_map(|row| {
                Some(SleepSegment {
                    start: clock.resolve(row.date_time.0?)?,
                    seconds: row.seconds.u32().unwrap_or(0),
                    level: parse_level(&row.level),
                })
            })
            .collect()
    };
    let mut stages: Vec<StageTotal> = levels
        .summary
        .iter()
        .filter_map(|(name, s)| {
            let s = s.as_ref()?;
            Some(StageTotal {
                level: parse_level(&Text(Some(name.clone()))),
                minutes: s.minutes.u32().unwrap_or(0),
                thirty_day_avg: s.thirty_day_avg_minutes.u32(),
            })
        })
        .collect();
    stages.sort_by_key(|s| level_rank(s.level));
    let session = SleepSession {
        id: log
            .log_id
            .into_option()
            .unwrap_or_else(|| start.as_second().to_string()),
        start,
        end,
        is_main: log.is_main_sleep.or(false),
        kind,
        segments: segments(&levels.data),
        short_wakes: segments(&levels.short_data),
        minutes_asleep: log.minutes_asleep.u32().unwrap_or(0),
        minutes_awake: log.minutes_awake.u32().unwrap_or(0),
        time_in_bed: log.time_in_bed.u32().unwrap_or(0),
        stages,
        efficiency: match kind {
            SleepKind::Classic => log.efficiency.u8().map(|e| e.min(100)),
            SleepKind::Stages => None,
        },
        processing: false,
    };
    Some((date, session))
}

/// A log without a `type`: stages when any level is a stage name.
fn infer_kind(levels: &SleepLevels) -> SleepKind {
    let stage = levels.data.iter().flatten().any(|r| {
        matches!(
            parse_level(&r.level),
            SleepLevel::Wake | SleepLevel::Rem | SleepLevel::Light | SleepLevel::Deep
        )
    });
    if stage {
        SleepKind::Stages
    } else {
        SleepKind::Classic
    }
}
