//! Sleep sessions from `list sleep` / `sleep:reconcile`.
//!
//! Request form: `GET users/me/dataTypes/sleep/dataPoints` with `pageSize=25` (the maximum) and
//! `filter = filter_sleep_civil_end(day, day + 1)`: nights are binned by the civil date they
//! *ended* on (Google refuses `civil_start_time` for sleep). `dataSourceFamily` is not
//! supported on sleep.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::{Page, last_segment, local_date, next_token, parse};
use crate::api::ApiError;
use crate::domain::sleep::{SleepKind, SleepLevel, SleepSegment, SleepSession, StageTotal};
use crate::provider::google::names::{DataType, Method};
use crate::provider::google::scalar::{CivilDateTime, EnumName, Int, MAX_COUNT};
use crate::provider::google::wire::{DataPoint, Sleep, SleepStage, SleepSummary};

/// A decoded session with what the domain session does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct SleepRecord {
    /// The local day the night belongs to: the civil date of the end instant, on the clock in
    /// force at the end (`endUtcOffset`).
    pub date: Date,
    pub session: SleepSession,
    /// `metadata.nap`.
    pub nap: bool,
    /// `metadata.stagesStatus` as sent (`SUCCEEDED`, `REJECTED_COVERAGE`, ...), if any.
    pub stages_status: Option<String>,
}

/// Decodes a page of sleep sessions, oldest start first. `tz` (the account's zone) places a
/// session in a day only when Google sent no end offset. Sessions without a start or end, or
/// ending before they start, are left out.
pub fn sleep(body: &[u8], tz: &TimeZone) -> Result<Page<SleepRecord>, ApiError> {
    let resp: crate::provider::google::wire::ListDataPointsResponse =
        parse(&DataType::Sleep.path(Method::List), body)?;
    let mut records: Vec<SleepRecord> = resp
        .data_points
        .iter()
        .filter_map(|p| record(p, p.sleep.as_ref()?, tz))
        .collect();
    records.sort_by_key(|r| r.session.start);
    Ok((records, next_token(resp.next_page_token)))
}

fn record(point: &DataPoint, s: &Sleep, tz: &TimeZone) -> Option<SleepRecord> {
    let interval = s.interval?;
    let start = interval.start_time?.0;
    let end = interval.end_time?.0;
    if end < start {
        return None;
    }
    let date = local_date(
        end,
        interval.end_utc_offset.map(|d| d.0),
        interval.civil_end_time.and_then(CivilDateTime::to_date),
        tz,
    );

    let kind = match name(s.sleep_type.as_ref()) {
        Some("STAGES") => SleepKind::Stages,
        Some("CLASSIC") => SleepKind::Classic,
        // Unspecified or new: stages-only levels mean a stages timeline.
        _ if s
            .stages
            .iter()
            .any(|st| matches!(name(st.stage_type.as_ref()), Some("LIGHT" | "DEEP" | "REM"))) =>
        {
            SleepKind::Stages
        }
        _ => SleepKind::Classic,
    };

    let mut segments: Vec<SleepSegment> = s
        .stages
        .iter()
        .filter_map(|st| segment(st, level(name(st.stage_type.as_ref()), kind)))
        .collect();
    segments.sort_by_key(|seg| seg.start);
    let wake = level(Some("AWAKE"), kind);
    // Short awakenings are wakes whatever `type` they carry (observed: "LIGHT").
    let mut short_wakes: Vec<SleepSegment> = s
        .short_awakenings
        .iter()
        .filter_map(|st| segment(st, wake))
        .collect();
    short_wakes.sort_by_key(|seg| seg.start);

    let (minutes_asleep, minutes_awake, time_in_bed, stages) = totals(
        s.summary.as_ref(),
        &segments,
        kind,
        end.duration_since(start),
    );

    let meta = s.metadata.as_ref();
    // proto3 omits `false`, so a missing flag can mean "not processed". Only an explicit
    // `false`, or a session with no flag and no stages yet, counts as still processing.
    let processing = match meta.and_then(|m| m.processed) {
        Some(done) => !done,
        None => segments.is_empty(),
    };
    let id = point
        .resource_name()
        .map(|n| last_segment(n).to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| start.to_string());

    Some(SleepRecord {
        date,
        session: SleepSession {
            id,
            start,
            end,
            is_main: meta.and_then(|m| m.main_sleep).unwrap_or(false),
            kind,
            segments,
            short_wakes,
            minutes_asleep,
            minutes_awake,
            time_in_bed,
            stages,
            efficiency: None,
            processing,
        },
        nap: meta.and_then(|m| m.nap).unwrap_or(false),
        stages_status: meta
            .and_then(|m| m.stages_status.as_ref())
            .map(|e| e.0.clone()),
    })
}

/// Minutes asleep, awake, in bed, and per-stage totals: from `summary` where it has them, else
/// computed from the timeline.
fn totals(
    summary: Option<&SleepSummary>,
    segments: &[SleepSegment],
    kind: SleepKind,
    span: SignedDuration,
) -> (u32, u32, u32, Vec<StageTotal>) {
    let minutes =
        |f: fn(&SleepSummary) -> Option<Int>| summary.and_then(f).and_then(Int::count_u32);
    let minutes_asleep =
        minutes(|x| x.minutes_asleep).unwrap_or_else(|| minutes_where(segments, |l| !is_awake(l)));
    let minutes_awake =
        minutes(|x| x.minutes_awake).unwrap_or_else(|| minutes_where(segments, is_awake));
    let time_in_bed = minutes(|x| x.minutes_in_sleep_period).unwrap_or_else(|| whole_minutes(span));

    let mut stages: Vec<StageTotal> = Vec::new();
    for st in summary.map_or(&[][..], |x| &x.stages_summary[..]) {
        let lvl = level(name(st.stage_type.as_ref()), kind);
        // The reconciled stream has been seen to repeat entries: keep the first per level.
        if lvl == SleepLevel::Unknown || stages.iter().any(|t| t.level == lvl) {
            continue;
        }
        if let Some(m) = st.minutes.unwrap_or_default().count_u32() {
            stages.push(StageTotal {
                level: lvl,
                minutes: m,
                thirty_day_avg: None,
            });
        }
    }
    if stages.is_empty() {
        for seg in segments {
            if seg.level == SleepLevel::Unknown || stages.iter().any(|t| t.level == seg.level) {
                continue;
            }
            let lvl = seg.level;
            stages.push(StageTotal {
                level: lvl,
                minutes: minutes_where(segments, |l| l == lvl),
                thirty_day_avg: None,
            });
        }
    }
    stages.sort_by_key(|t| stage_rank(t.level));

    (minutes_asleep, minutes_awake, time_in_bed, stages)
}

fn name(e: Option<&EnumName>) -> Option<&str> {
    e.map(EnumName::as_str)
}

/// A stage type on the hypnogram: `AWAKE` is `Wake` in a stages session, `Awake` in a classic one.
fn level(stage_type: Option<&str>, kind: SleepKind) -> SleepLevel {
    match stage_type {
        Some("AWAKE") if kind == SleepKind::Stages => SleepLevel::Wake,
        Some("AWAKE") => SleepLevel::Awake,
        Some("LIGHT") => SleepLevel::Light,
        Some("DEEP") => SleepLevel::Deep,
        Some("REM") => SleepLevel::Rem,
        Some("ASLEEP") => SleepLevel::Asleep,
        Some("RESTLESS") => SleepLevel::Restless,
        _ => SleepLevel::Unknown,
    }
}

fn is_awake(level: SleepLevel) -> bool {
    matches!(level, SleepLevel::Wake | SleepLevel::Awake)
}

/// Display order of stage totals: wake, REM, light, deep; then asleep, restless, awake.
fn stage_rank(level: SleepLevel) -> u8 {
    match level {
        SleepLevel::Wake => 0,
        SleepLevel::Rem => 1,
        SleepLevel::Light => 2,
        SleepLevel::Deep => 3,
        SleepLevel::Asleep => 4,
        SleepLevel::Restless => 5,
        SleepLevel::Awake => 6,
        SleepLevel::Unknown => 7,
    }
}

fn segment(st: &SleepStage, level: SleepLevel) -> Option<SleepSegment> {
    let start: Timestamp = st.start_time?.0;
    let end: Timestamp = st.end_time?.0;
    let secs = end.duration_since(start).as_secs();
    // Zero-length stages carry nothing; absurdly long ones (years) are garbage.
    let seconds = u32::try_from(secs)
        .ok()
        .filter(|s| (1..=MAX_COUNT).contains(s))?;
    Some(SleepSegment {
        start,
        seconds,
        level,
    })
}

/// Whole minutes of the segments whose level passes `pred`.
fn minutes_where(segments: &[SleepSegment], pred: impl Fn(SleepLevel) -> bool) -> u32 {
    let secs: u64 = segments
        .iter()
        .filter(|s| pred(s.level))
        .map(|s| u64::from(s.seconds))
        .sum();
    u32::try_from(secs / 60).unwrap_or(MAX_COUNT).min(MAX_COUNT)
}

fn whole_minutes(d: SignedDuration) -> u32 {
    u32::try_from(d.as_secs().max(0) / 60)
        .unwrap_or(MAX_COUNT)
        .min(MAX_COUNT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn classic_session_without_summary_is_computed_from_stages() {
        let body = br#"{"dataPoints":[{"dataPointName":"users/me/dataTypes/sleep/dataPoints/7",
          "sleep":{"interval":{"startTime":"2026-11-21T20:00:00Z","endTime":"2026-11-21T21:00:00Z","endUtcOffset":"-28800s"},
          "type":"CLASSIC","metadata":{"processed":true,"nap":true},
          "stages":[
            {"startTime":"2026-11-21T20:00:00Z","endTime":"2026-11-21T20:40:00Z","type":"ASLEEP"},
            {"startTime":"2026-11-21T20:40:00Z","endTime":"2026-11-21T20:50:00Z","type":"AWAKE"},
            {"startTime":"2026-11-21T20:50:00Z","endTime":"2026-11-21T21:00:00Z","type":"RESTLESS"}]}}]}"#;
        let (recs, token) = sleep(body, &TimeZone::UTC).unwrap();
        assert_eq!(token, None);
        let r = &recs[0];
        assert_eq!(r.date, date(2026, 11, 21));
        assert!(r.nap);
        let s = &r.session;
        assert_eq!(s.id, "7");
        assert_eq!(s.kind, SleepKind::Classic);
        assert_eq!(s.segments[1].level, SleepLevel::Awake);
        assert_eq!(
            (s.minutes_asleep, s.minutes_awake, s.time_in_bed),
            (50, 10, 60)
        );
        let levels: Vec<_> = s.stages.iter().map(|t| (t.level, t.minutes)).collect();
        assert_eq!(
            levels,
            [
                (SleepLevel::Asleep, 40),
                (SleepLevel::Restless, 10),
                (SleepLevel::Awake, 10)
            ]
        );
        assert!(!s.is_main && !s.processing);
    }

    #[test]
    fn unprocessed_and_unplaceable_sessions() {
        let body = br#"{"dataPoints":[
          {"sleep":{"interval":{"startTime":"2026-11-21T06:00:00Z","endTime":"2026-11-21T07:00:00Z"},"metadata":{}}},
          {"sleep":{"interval":{"startTime":"2026-11-21T06:00:00Z"}}},
          {"sleep":{"interval":{"startTime":"2026-11-21T06:00:00Z","endTime":"2026-11-21T05:00:00Z"}}},
          {"sleep":{}}
        ]}"#;
        let la = TimeZone::get("America/Los_Angeles").unwrap();
        let (recs, _) = sleep(body, &la).unwrap();
        assert_eq!(recs.len(), 1);
        // No end offset: placed with the account zone (07:00Z is 23:00 PST the day before).
        assert_eq!(recs[0].date, date(2026, 11, 20));
        assert!(recs[0].session.processing);
        assert_eq!(recs[0].session.id, "2026-11-21T06:00:00Z");
        assert_eq!(recs[0].session.kind, SleepKind::Classic);
    }
}
