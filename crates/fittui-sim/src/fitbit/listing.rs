//! The paginated list endpoints' shared query grammar (`beforeDate`/`afterDate`, `sort`,
//! `limit`, `offset`) and the `pagination` object with its `next`/`previous` URLs.

use jiff::civil::DateTime;

use super::errors;
use super::paths::parse_date;
use crate::http::{SimRequest, SimResponse, encode};
use crate::json::Json;

/// A checked list query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// `beforeDate` (descending) or `afterDate` (ascending) as written.
    pub before: bool,
    pub date_text: String,
    /// The bound as a local date-time (a bare date means its midnight).
    pub bound: DateTime,
    pub limit: usize,
    pub offset: usize,
}

impl ListQuery {
    /// Whether a log starting at local `start` is on the requested side of the bound.
    pub fn matches(&self, start: DateTime) -> bool {
        if self.before {
            start < self.bound
        } else {
            start > self.bound
        }
    }

    pub fn sort(&self) -> &'static str {
        if self.before { "desc" } else { "asc" }
    }
}

fn parse_bound(s: &str) -> Option<DateTime> {
    if s.len() == 10 {
        return parse_date(s, jiff::civil::date(1970, 1, 1)).map(|d| d.at(0, 0, 0, 0));
    }
    let (day, time) = s.split_once('T')?;
    let date = parse_date(day, jiff::civil::date(1970, 1, 1))?;
    let time = time.split('.').next()?;
    let mut parts = time.split(':');
    let hour: i8 = parts.next()?.parse().ok()?;
    let minute: i8 = parts.next()?.parse().ok()?;
    let second: i8 = parts.next().map_or(Some(0), |x| x.parse().ok())?;
    jiff::civil::DateTime::new(
        date.year(),
        date.month(),
        date.day(),
        hour,
        minute,
        second,
        0,
    )
    .ok()
}

/// Parses the list query; `max_limit` is 100 for sleep, 10 for ECG.
pub fn parse(req: &SimRequest, max_limit: usize) -> Result<ListQuery, SimResponse> {
    let before = req.query("beforeDate");
    let after = req.query("afterDate");
    let (is_before, text) = match (before, after) {
        (Some(b), None) => (true, b),
        (None, Some(a)) => (false, a),
        _ => {
            return Err(errors::validation(
                "beforeDate",
                "Either beforeDate or afterDate must be specified, but not both.",
            ));
        }
    };
    let field = if is_before { "beforeDate" } else { "afterDate" };
    let bound = parse_bound(text)
        .ok_or_else(|| errors::validation(field, &format!("Invalid date:{text}")))?;
    let sort = req.query("sort").unwrap_or("");
    let expected = if is_before { "desc" } else { "asc" };
    if sort != expected {
        return Err(errors::validation(
            "sort",
            &format!("The sort parameter must be '{expected}' when {field} is specified."),
        ));
    }
    let limit = req
        .query("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| (1..=max_limit).contains(l))
        .ok_or_else(|| {
            errors::validation(
                "limit",
                &format!("The limit parameter is required and must be between 1 and {max_limit}."),
            )
        })?;
    let offset = match req.query("offset") {
        None => 0,
        Some(o) => o
            .parse::<usize>()
            .map_err(|_| errors::validation("offset", &format!("Invalid offset: {o}")))?,
    };
    Ok(ListQuery {
        before: is_before,
        date_text: text.to_string(),
        bound,
        limit,
        offset,
    })
}

/// The `pagination` object for `total` matching items; `base` is the list URL without query.
pub fn pagination(q: &ListQuery, total: usize, base: &str) -> Json {
    let url = |offset: usize| {
        format!(
            "{base}?offset={offset}&limit={}&sort={}&{}={}",
            q.limit,
            q.sort(),
            if q.before { "beforeDate" } else { "afterDate" },
            encode(&q.date_text)
        )
    };
    let next = if q.offset + q.limit < total {
        url(q.offset + q.limit)
    } else {
        String::new()
    };
    let previous = if q.offset > 0 {
        url(q.offset.saturating_sub(q.limit))
    } else {
        String::new()
    };
    let key = if q.before { "beforeDate" } else { "afterDate" };
    Json::obj()
        .field(key, q.date_text.as_str())
        .field("limit", q.limit)
        .field("next", next)
        .field("offset", q.offset)
        .field("previous", previous)
        .field("sort", q.sort())
}
