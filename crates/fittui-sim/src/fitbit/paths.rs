//! Parsing the legacy path grammar (dates, periods, detail levels, `/time/` windows), units from
//! `Accept-Language`, and local wall-clock formatting.

use std::fmt::Write as _;

use jiff::civil::{Date, DateTime};
use jiff::{SignedDuration, Timestamp};

use super::errors;
use crate::http::{SimRequest, SimResponse};
use crate::json::{iso_seconds, write_2};
use crate::person::{Person, add_days, days_between};

/// Unit system selected by `Accept-Language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    /// `en_US`: miles, feet, pounds, inches, °F.
    Us,
    /// `en_GB`: kilometres, metres, stone, centimetres, °C.
    Gb,
    /// Anything else: metric.
    Metric,
}

impl Units {
    pub fn from_request(req: &SimRequest) -> Self {
        match req
            .header("accept-language")
            .map(|s| s.trim().replace('-', "_"))
            .as_deref()
        {
            Some(s) if s.eq_ignore_ascii_case("en_us") => Units::Us,
            Some(s) if s.eq_ignore_ascii_case("en_gb") => Units::Gb,
            _ => Units::Metric,
        }
    }

    /// Millimetres as kilometres or miles.
    pub fn distance(self, mm: f64) -> f64 {
        match self {
            Units::Us => mm / 1_609_344.0,
            _ => mm / 1_000_000.0,
        }
    }

    /// Millimetres as metres or feet.
    pub fn elevation(self, mm: f64) -> f64 {
        match self {
            Units::Us => mm / 304.8,
            _ => mm / 1000.0,
        }
    }

    /// Kilograms as pounds, stone or kilograms.
    pub fn weight(self, kg: f64) -> f64 {
        match self {
            Units::Us => kg * 2.204_622_621_8,
            Units::Gb => kg / 6.350_293_18,
            Units::Metric => kg,
        }
    }

    /// Centimetres as inches or centimetres.
    pub fn length(self, cm: f64) -> f64 {
        match self {
            Units::Us => cm / 2.54,
            _ => cm,
        }
    }

    /// A temperature difference in °C as °F (US) or °C.
    pub fn temp_delta(self, c: f64) -> f64 {
        match self {
            Units::Us => c * 1.8,
            _ => c,
        }
    }
}

/// A time-series period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    D1,
    D7,
    D30,
    W1,
    M1,
    M3,
    M6,
    Y1,
    Max,
}

impl Period {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "1d" => Period::D1,
            "7d" => Period::D7,
            "30d" => Period::D30,
            "1w" => Period::W1,
            "1m" => Period::M1,
            "3m" => Period::M3,
            "6m" => Period::M6,
            "1y" => Period::Y1,
            "max" => Period::Max,
            _ => return None,
        })
    }

    /// First date of the period ending on `end`.
    pub fn start(self, end: Date) -> Date {
        let months = |n: i64| {
            end.checked_sub(jiff::Span::new().months(n))
                .map_or(end, |d| add_days(d, 1))
        };
        match self {
            Period::D1 => end,
            Period::D7 | Period::W1 => add_days(end, -6),
            Period::D30 => add_days(end, -29),
            Period::M1 => months(1),
            Period::M3 => months(3),
            Period::M6 => months(6),
            Period::Y1 => end
                .checked_sub(jiff::Span::new().years(1))
                .map_or(end, |d| add_days(d, 1)),
            Period::Max => crate::person::MEMBER_SINCE,
        }
    }
}

/// Intraday detail level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Sec1,
    Min1,
    Min5,
    Min15,
}

impl Detail {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "1sec" => Detail::Sec1,
            "1min" => Detail::Min1,
            "5min" => Detail::Min5,
            "15min" => Detail::Min15,
            _ => return None,
        })
    }

    /// Bucket length in seconds.
    pub fn secs(self) -> u32 {
        match self {
            Detail::Sec1 => 1,
            Detail::Min1 => 60,
            Detail::Min5 => 300,
            Detail::Min15 => 900,
        }
    }

    /// `datasetInterval`.
    pub fn interval(self) -> u32 {
        match self {
            Detail::Sec1 | Detail::Min1 => 1,
            Detail::Min5 => 5,
            Detail::Min15 => 15,
        }
    }

    /// `datasetType`.
    pub fn kind(self) -> &'static str {
        if self == Detail::Sec1 {
            "second"
        } else {
            "minute"
        }
    }
}

/// What follows `/date/` in a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tail {
    Day(Date),
    Period(Date, Period),
    Range(Date, Date),
    Intraday(Intraday),
    All(Date, Date),
}

/// An intraday request: `{date}/1d/{detail}` or `{start}/{end}/{detail}`, optionally
/// `/time/HH:mm/HH:mm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intraday {
    pub start: Date,
    pub end: Date,
    pub detail: Detail,
    /// `/time/HH:mm/HH:mm`, minutes of the day.
    pub time: Option<(u32, u32)>,
}

/// `yyyy-MM-dd` or `today` (in the person's zone).
pub fn parse_date(s: &str, today: Date) -> Option<Date> {
    if s == "today" {
        return Some(today);
    }
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if shape { s.parse().ok() } else { None }
}

/// `HH:mm` as minutes of the day.
pub fn parse_hm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn bad_date(field: &str, s: &str) -> SimResponse {
    errors::validation(field, &format!("Invalid date:{s}"))
}

/// Parses the segments after `date`; `details` lists the detail levels the resource accepts.
pub fn parse_tail(segs: &[&str], today: Date, details: &[Detail]) -> Result<Tail, SimResponse> {
    let date = |i: usize, field: &str| -> Result<Date, SimResponse> {
        let s = segs.get(i).copied().unwrap_or("");
        parse_date(s, today).ok_or_else(|| bad_date(field, s))
    };
    let detail = |s: &str| -> Result<Detail, SimResponse> {
        Detail::parse(s)
            .filter(|d| details.contains(d))
            .ok_or_else(|| {
                errors::validation("detail-level", &format!("Invalid detail-level: {s}"))
            })
    };
    let time = |a: &str, b: &str| -> Result<(u32, u32), SimResponse> {
        let start = parse_hm(a)
            .ok_or_else(|| errors::validation("start-time", &format!("Invalid time: {a}")))?;
        let end = parse_hm(b)
            .ok_or_else(|| errors::validation("end-time", &format!("Invalid time: {b}")))?;
        Ok((start, end))
    };
    match segs {
        [_] => Ok(Tail::Day(date(0, "date")?)),
        [_, b] => {
            let a = date(0, "date")?;
            if *b == "all" {
                return Ok(Tail::All(a, a));
            }
            if let Some(p) = Period::parse(b) {
                return Ok(Tail::Period(a, p));
            }
            if b.len() == 10 || *b == "today" {
                let end = date(1, "end-date")?;
                let start = date(0, "base-date")?;
                return Ok(Tail::Range(start, end));
            }
            Err(errors::validation(
                "period",
                &format!("Invalid period: {b}"),
            ))
        }
        [_, "1d", d] => {
            let a = date(0, "date")?;
            Ok(Tail::Intraday(Intraday {
                start: a,
                end: a,
                detail: detail(d)?,
                time: None,
            }))
        }
        [_, "1d", d, "time", t1, t2] => {
            let a = date(0, "date")?;
            Ok(Tail::Intraday(Intraday {
                start: a,
                end: a,
                detail: detail(d)?,
                time: Some(time(t1, t2)?),
            }))
        }
        [_, _, "all"] => Ok(Tail::All(date(0, "base-date")?, date(1, "end-date")?)),
        [_, _, d] => Ok(Tail::Intraday(Intraday {
            start: date(0, "base-date")?,
            end: date(1, "end-date")?,
            detail: detail(d)?,
            time: None,
        })),
        [_, _, d, "time", t1, t2] => Ok(Tail::Intraday(Intraday {
            start: date(0, "base-date")?,
            end: date(1, "end-date")?,
            detail: detail(d)?,
            time: Some(time(t1, t2)?),
        })),
        _ => Err(errors::unknown_path()),
    }
}

/// Checks a date range: ordered and at most `max_days` days long (inclusive).
/// A `{start}/{end}` range after [`check_range`].
pub fn checked_range(start: Date, end: Date, max_days: i64) -> Result<(Date, Date), SimResponse> {
    check_range(start, end, max_days).map(|()| (start, end))
}

pub fn check_range(start: Date, end: Date, max_days: i64) -> Result<(), SimResponse> {
    if end < start {
        return Err(errors::validation(
            "end-date",
            "Invalid date range: the end date is before the start date.",
        ));
    }
    if days_between(start, end) + 1 > max_days {
        return Err(errors::validation(
            "end-date",
            &format!("Invalid date range: the maximum range is {max_days} days."),
        ));
    }
    Ok(())
}

/// Where intraday times are displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Local,
    Utc,
}

/// The `timezone` query parameter (`UTC` is the only value the API supports).
pub fn zone(req: &SimRequest) -> Result<Zone, SimResponse> {
    match req.query("timezone") {
        None => Ok(Zone::Local),
        Some(z) if z.eq_ignore_ascii_case("utc") => Ok(Zone::Utc),
        Some(z) => Err(errors::validation(
            "timezone",
            &format!("Invalid timezone: {z}. Only UTC is supported."),
        )),
    }
}

/// `[start, end)` of a day in the display zone.
pub fn day_range(p: &Person, date: Date, zone: Zone) -> (Timestamp, Timestamp) {
    match zone {
        Zone::Local => p.bounds(date),
        Zone::Utc => {
            let start = date
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp());
            (
                start,
                start
                    .saturating_add(SignedDuration::from_hours(24))
                    .unwrap_or(start),
            )
        }
    }
}

/// Local (or UTC) date-time of an instant.
pub fn civil(p: &Person, t: Timestamp, zone: Zone) -> DateTime {
    match zone {
        Zone::Local => p.tz().to_datetime(t),
        Zone::Utc => jiff::tz::TimeZone::UTC.to_datetime(t),
    }
}

/// `2026-11-21T07:03:30.000`.
pub fn local_ms(dt: DateTime) -> String {
    let mut s = String::with_capacity(23);
    let _ = write!(
        s,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.subsec_nanosecond() / 1_000_000
    );
    s
}

/// `2026-11-21T07:03:30`.
pub fn local_secs(dt: DateTime) -> String {
    iso_seconds(dt)
}

/// Appends `HH:MM:SS` for seconds since midnight.
pub fn write_hms(out: &mut String, secs: u32) {
    write_2(out, secs / 3600);
    out.push(':');
    write_2(out, (secs / 60) % 60);
    out.push(':');
    write_2(out, secs % 60);
}

/// `HH:MM:SS` for seconds since midnight.
pub fn hms(secs: u32) -> String {
    let mut s = String::with_capacity(8);
    write_hms(&mut s, secs);
    s
}

/// `yyyy-MM-dd`.
pub fn ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn tails() {
        let today = date(2026, 11, 21);
        let all = [Detail::Min1, Detail::Min5, Detail::Min15];
        assert_eq!(
            parse_tail(&["today"], today, &all).unwrap(),
            Tail::Day(today)
        );
        assert_eq!(
            parse_tail(&["2026-11-20", "7d"], today, &all).unwrap(),
            Tail::Period(date(2026, 11, 20), Period::D7)
        );
        assert_eq!(
            parse_tail(&["2026-11-01", "today"], today, &all).unwrap(),
            Tail::Range(date(2026, 11, 1), today)
        );
        assert_eq!(
            parse_tail(
                &["today", "1d", "15min", "time", "08:00", "09:30"],
                today,
                &all
            )
            .unwrap(),
            Tail::Intraday(Intraday {
                start: today,
                end: today,
                detail: Detail::Min15,
                time: Some((480, 570))
            })
        );
        assert!(parse_tail(&["2024-13-45"], today, &all).is_err());
        assert!(parse_tail(&["today", "2d"], today, &all).is_err());
        assert!(parse_tail(&["today", "1d", "1sec"], today, &all).is_err());
        assert!(parse_tail(&["21-11-2026"], today, &all).is_err());
        assert_eq!(Period::M1.start(date(2026, 3, 31)), date(2026, 3, 1));
        assert_eq!(Period::D7.start(today), date(2026, 11, 15));
    }

    #[test]
    fn units_and_formatting() {
        assert!((Units::Us.distance(1_609_344.0) - 1.0).abs() < 1e-12);
        assert!((Units::Metric.distance(1_500_000.0) - 1.5).abs() < 1e-12);
        assert!((Units::Gb.weight(63.502_931_8) - 10.0).abs() < 1e-9);
        assert_eq!(hms(3723), "01:02:03");
        assert_eq!(parse_hm("07:05"), Some(425));
        assert_eq!(parse_hm("7:05"), None);
        assert_eq!(
            local_ms(date(2020, 2, 20).at(23, 21, 30, 0)),
            "2020-02-20T23:21:30.000"
        );
    }
}
