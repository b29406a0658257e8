//! Intraday windows and their rows.
//!
//! A window is a physical range `[from, to)` (a local day, a UTC day with `timezone=UTC`, or a
//! `{start}/{end}/…/time/…` range of at most 24 hours), optionally filtered by wall-clock time
//! (`{date}/1d/…/time/HH:mm/HH:mm`: every row whose wall-clock minute is in the range, so on a
//! fall-back day both passes of the repeated hour match). Rows come out in chronological order
//! with their wall-clock label; minutes that have not ended yet are listed with zero values.

use std::sync::Arc;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::context::Api;
use super::errors;
use super::paths::{Detail, Zone, civil, day_range};
use crate::http::SimResponse;
use crate::person::{Day, Minute, Totals, add_days};

/// A checked intraday window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: Timestamp,
    pub to: Timestamp,
    /// Wall-clock minutes `[start, end]` (inclusive) to keep.
    pub filter: Option<(u32, u32)>,
    pub zone: Zone,
}

fn too_long() -> SimResponse {
    errors::error(
        axum::http::StatusCode::BAD_REQUEST,
        "request",
        Some("n/a"),
        "Time range should not be bigger than 24 hours.",
    )
}

fn instant(api: &Api, date: Date, minute: u32, zone: Zone) -> Timestamp {
    let dt = date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
    let tz = match zone {
        Zone::Local => api.person().tz().clone(),
        Zone::Utc => jiff::tz::TimeZone::UTC,
    };
    tz.to_timestamp(dt).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Builds the window of an intraday request.
pub fn window(
    api: &Api,
    start: Date,
    end: Date,
    time: Option<(u32, u32)>,
    zone: Zone,
) -> Result<Window, SimResponse> {
    if end < start {
        return Err(errors::validation(
            "end-date",
            "Invalid date range: the end date is before the start date.",
        ));
    }
    if start == end {
        let (from, to) = day_range(api.person(), start, zone);
        if let Some((a, b)) = time
            && b < a
        {
            return Err(errors::validation(
                "end-time",
                "The end time must not be before the start time.",
            ));
        }
        return Ok(Window {
            from,
            to,
            filter: time,
            zone,
        });
    }
    let Some((a, b)) = time else {
        return Err(too_long());
    };
    if end > add_days(start, 1) {
        return Err(too_long());
    }
    let from = instant(api, start, a, zone);
    let to = instant(api, end, b, zone)
        .saturating_add(SignedDuration::from_mins(1))
        .unwrap_or(from);
    if to <= from {
        return Err(errors::validation(
            "end-time",
            "The end time must not be before the start time.",
        ));
    }
    if to.duration_since(from) > SignedDuration::from_hours(24) {
        return Err(too_long());
    }
    Ok(Window {
        from,
        to,
        filter: None,
        zone,
    })
}

/// One part of a window that lies in one generated local day.
pub struct Segment {
    pub day: Arc<Day>,
    /// Second indexes `[first, last)` of the day inside the window.
    pub first: u32,
    pub last: u32,
}

impl Window {
    /// The local days the window touches, with the part of each inside it.
    pub fn segments(&self, api: &Api) -> Vec<Segment> {
        let p = api.person();
        let mut date = p.tz().to_datetime(self.from).date();
        let mut out = Vec::new();
        loop {
            let (start, end) = p.bounds(date);
            if start >= self.to {
                break;
            }
            if end > self.from {
                let day = p.day(date);
                let first = self.from.max(start).duration_since(start).as_secs().max(0) as u32;
                let last = self.to.min(end).duration_since(start).as_secs().max(0) as u32;
                out.push(Segment { day, first, last });
            }
            date = add_days(date, 1);
        }
        out
    }

    /// Display-zone seconds of the day for second `i` of `day`.
    pub fn label(&self, day: &Day, i: u32) -> u32 {
        match self.zone {
            Zone::Local => day.wall.wall(i),
            Zone::Utc => (day.start.as_second() + i64::from(i)).rem_euclid(86_400) as u32,
        }
    }

    /// Display-zone date of second `i` of `day`.
    pub fn date(&self, api: &Api, day: &Day, i: u32) -> Date {
        match self.zone {
            Zone::Local => day.date,
            Zone::Utc => civil(api.person(), day.at(i), Zone::Utc).date(),
        }
    }

    /// Whether a wall-clock label passes the `/time/` filter.
    pub fn keeps(&self, label: u32) -> bool {
        self.filter
            .is_none_or(|(a, b)| (a..=b).contains(&(label / 60)))
    }
}

/// One minute row.
#[derive(Debug, Clone, Copy)]
pub struct MinuteRow {
    pub date: Date,
    /// Seconds since midnight on the display clock.
    pub label: u32,
    pub minute: Minute,
    pub done: bool,
}

/// Minute rows of the window, chronological; unfinished minutes zeroed.
pub fn minute_rows(api: &Api, w: &Window) -> Vec<MinuteRow> {
    let mut rows = Vec::with_capacity(1500);
    for seg in w.segments(api) {
        let done = seg.day.minutes_done(api.now);
        let first = seg.first.div_ceil(60) as usize;
        let last = (seg.last / 60) as usize;
        for m in first..last.min(seg.day.minutes.len()) {
            let i = (m * 60) as u32;
            let label = w.label(&seg.day, i);
            if !w.keeps(label) {
                continue;
            }
            let is_done = m < done;
            let minute = if is_done {
                seg.day.minutes[m]
            } else {
                Minute::blank(seg.day.minutes[m].state)
            };
            rows.push(MinuteRow {
                date: w.date(api, &seg.day, i),
                label,
                minute,
                done: is_done,
            });
        }
    }
    rows
}

/// Groups consecutive rows into clock-aligned buckets of the detail's length.
pub fn buckets(rows: &[MinuteRow], detail: Detail) -> Vec<&[MinuteRow]> {
    let span = detail.secs().max(60);
    let mut out: Vec<&[MinuteRow]> = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        let split = i == rows.len()
            || rows[i].date != rows[start].date
            || rows[i].label / span != rows[start].label / span
            || rows[i].label < rows[i - 1].label;
        if split {
            out.push(&rows[start..i]);
            start = i;
        }
    }
    out
}

/// The clock-aligned label of a bucket.
pub fn bucket_label(bucket: &[MinuteRow], detail: Detail) -> u32 {
    let span = detail.secs().max(60);
    bucket.first().map_or(0, |r| r.label / span * span)
}

/// Distinct dates of the rows, in order.
pub fn dates(rows: &[MinuteRow]) -> Vec<Date> {
    let mut out: Vec<Date> = Vec::new();
    for r in rows {
        if out.last() != Some(&r.date) {
            out.push(r.date);
        }
    }
    out
}

/// Totals of `date` as seen at `api.now`, in the display zone.
pub fn day_totals(api: &Api, date: Date, zone: Zone) -> Totals {
    if date > api.today {
        return Totals::default();
    }
    match zone {
        Zone::Local => Totals::of_day(&api.person().day(date), api.now),
        Zone::Utc => match window(api, date, date, None, zone) {
            Ok(w) => {
                let minutes: Vec<_> = minute_rows(api, &w)
                    .into_iter()
                    .filter(|r| r.done)
                    .map(|r| r.minute)
                    .collect();
                Totals::of(&minutes)
            }
            Err(_) => Totals::default(),
        },
    }
}
