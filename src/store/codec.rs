//! How domain values become columns and back: dates, instants, enums as text, gaps.

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql, params};

use super::{AccountKey, Result, StoreError};
use crate::api::{ApiError, AuthProblem, ProviderKind};
use crate::domain::gap::{Gap, GapReason};

/// A date column: `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Day(pub Date);

impl ToSql for Day {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.to_string()))
    }
}

impl FromSql for Day {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map(Day)
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

/// An instant column: RFC 3339 in UTC, as `Timestamp` prints it (exact to the nanosecond).
#[derive(Debug, Clone, Copy)]
pub(super) struct Ts(pub Timestamp);

impl ToSql for Ts {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.to_string()))
    }
}

impl FromSql for Ts {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map(Ts)
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

pub(super) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("unknown {what} `{value}`"))
}

/// A `&'static str` for a text read back (gap parts, `ApiError::Unsupported`): the names the
/// app uses are a handful, so each distinct one is leaked once and reused.
pub(super) fn intern(s: &str) -> &'static str {
    static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&known) = names.get(s) {
        return known;
    }
    let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}

/// The id of `key`'s row in `accounts`, created when missing.
pub(super) fn account_id(conn: &Connection, key: &AccountKey) -> Result<i64> {
    conn.execute(
        "INSERT INTO accounts (provider, user_id) VALUES (?1, ?2)
         ON CONFLICT (provider, user_id) DO NOTHING",
        params![key.provider.as_str(), key.user_id],
    )?;
    Ok(conn.query_row(
        "SELECT id FROM accounts WHERE provider = ?1 AND user_id = ?2",
        params![key.provider.as_str(), key.user_id],
        |r| r.get(0),
    )?)
}

/// The id of `key`'s row, if it has one (reads never create accounts).
pub(super) fn find_account(conn: &Connection, key: &AccountKey) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM accounts WHERE provider = ?1 AND user_id = ?2",
            params![key.provider.as_str(), key.user_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub(super) fn provider(s: &str) -> Result<super::Origin> {
    if s == "takeout" {
        return Ok(super::Origin::Takeout);
    }
    s.parse::<ProviderKind>()
        .map(super::Origin::Api)
        .map_err(|_| corrupt("provider", s))
}

/// `complete` as stored: the caller's flag, cleared by any failed gap.
pub(super) fn complete(flag: bool, gaps: &[Gap]) -> bool {
    flag && !gaps
        .iter()
        .any(|g| matches!(g.reason, GapReason::Failed(_)))
}

/// Which record a gap belongs to (`gap.record`).
#[derive(Debug, Clone, Copy)]
pub(super) enum Record {
    Activity,
    Heart,
    Sleep,
}

impl Record {
    fn as_str(self) -> &'static str {
        match self {
            Self::Activity => "activity",
            Self::Heart => "heart",
            Self::Sleep => "sleep",
        }
    }
}

/// A failed request's error as columns: (kind, status, detail, message).
type ErrorColumns = (&'static str, Option<u16>, Option<String>, Option<String>);

fn error_columns(e: &ApiError) -> ErrorColumns {
    match e {
        ApiError::Unauthorized { problem, message } => (
            "unauthorized",
            None,
            Some(auth_problem(problem).into()),
            Some(message.clone()),
        ),
        ApiError::Forbidden { scope, message } => {
            ("forbidden", None, scope.clone(), Some(message.clone()))
        }
        ApiError::NotFound(m) => ("not_found", None, Some(m.clone()), None),
        ApiError::Conflict(m) => ("conflict", None, Some(m.clone()), None),
        ApiError::RateLimited { until } => ("rate_limited", None, Some(until.to_string()), None),
        ApiError::Server { status, message } => {
            ("server", Some(*status), None, Some(message.clone()))
        }
        ApiError::Gone => ("gone", None, None, None),
        ApiError::BadRequest { status, message } => {
            ("bad_request", Some(*status), None, Some(message.clone()))
        }
        ApiError::Network(m) => ("network", None, Some(m.clone()), None),
        ApiError::Decode { endpoint, detail } => {
            ("decode", None, Some(endpoint.clone()), Some(detail.clone()))
        }
        ApiError::Unsupported(m) => ("unsupported", None, Some((*m).into()), None),
        ApiError::Local(m) => ("local", None, Some(m.clone()), None),
    }
}

fn auth_problem(p: &AuthProblem) -> &'static str {
    match p {
        AuthProblem::Expired => "expired",
        AuthProblem::Invalid => "invalid",
        AuthProblem::Revoked => "revoked",
        AuthProblem::SignedOut => "signed_out",
    }
}

fn error_from_columns(
    kind: &str,
    status: Option<u16>,
    detail: Option<String>,
    message: Option<String>,
) -> Result<ApiError> {
    let text = |v: Option<String>| v.unwrap_or_default();
    Ok(match kind {
        "unauthorized" => {
            let problem = match detail.as_deref().unwrap_or_default() {
                "expired" => AuthProblem::Expired,
                "invalid" => AuthProblem::Invalid,
                "revoked" => AuthProblem::Revoked,
                "signed_out" => AuthProblem::SignedOut,
                other => return Err(corrupt("sign-in problem", other)),
            };
            ApiError::Unauthorized {
                problem,
                message: text(message),
            }
        }
        "forbidden" => ApiError::Forbidden {
            scope: detail,
            message: text(message),
        },
        "not_found" => ApiError::NotFound(text(detail)),
        "conflict" => ApiError::Conflict(text(detail)),
        "rate_limited" => {
            let until = text(detail);
            ApiError::RateLimited {
                until: until.parse().map_err(|_| corrupt("instant", &until))?,
            }
        }
        "server" => ApiError::Server {
            status: status.unwrap_or(500),
            message: text(message),
        },
        "gone" => ApiError::Gone,
        "bad_request" => ApiError::BadRequest {
            status: status.unwrap_or(400),
            message: text(message),
        },
        "network" => ApiError::Network(text(detail)),
        "decode" => ApiError::Decode {
            endpoint: text(detail),
            detail: text(message),
        },
        "unsupported" => ApiError::Unsupported(intern(&text(detail))),
        "local" => ApiError::Local(text(detail)),
        other => return Err(corrupt("error kind", other)),
    })
}

/// Replaces the gaps of one record.
pub(super) fn put_gaps(
    conn: &Connection,
    account: i64,
    record: Record,
    date: &str,
    gaps: &[Gap],
) -> Result<()> {
    conn.execute(
        "DELETE FROM gap WHERE account = ?1 AND record = ?2 AND date = ?3",
        params![account, record.as_str(), date],
    )?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO gap (account, record, date, position, part, kind, permission,
                          error_kind, error_status, error_detail, error_message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (position, gap) in gaps.iter().enumerate() {
        let (kind, permission, error) = match &gap.reason {
            GapReason::NotGranted { permission } => ("not_granted", Some(permission), None),
            GapReason::Failed(e) => ("failed", None, Some(error_columns(e))),
        };
        let (error_kind, status, detail, message) = match error {
            Some((k, s, d, m)) => (Some(k), s, d, m),
            None => (None, None, None, None),
        };
        stmt.execute(params![
            account,
            record.as_str(),
            date,
            position as i64,
            gap.part,
            kind,
            permission,
            error_kind,
            status,
            detail,
            message
        ])?;
    }
    Ok(())
}

/// The gaps of one record, in the order they were stored.
pub(super) fn gaps(
    conn: &Connection,
    account: i64,
    record: Record,
    date: &str,
) -> Result<Vec<Gap>> {
    let mut stmt = conn.prepare_cached(
        "SELECT part, kind, permission, error_kind, error_status, error_detail, error_message
         FROM gap WHERE account = ?1 AND record = ?2 AND date = ?3 ORDER BY position",
    )?;
    let rows = stmt
        .query_map(params![account, record.as_str(), date], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<u16>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(part, kind, permission, error_kind, status, detail, message)| {
                let reason = match kind.as_str() {
                    "not_granted" => GapReason::NotGranted {
                        permission: permission.unwrap_or_default(),
                    },
                    "failed" => GapReason::Failed(error_from_columns(
                        error_kind.as_deref().unwrap_or_default(),
                        status,
                        detail,
                        message,
                    )?),
                    other => return Err(corrupt("gap kind", other)),
                };
                Ok(Gap {
                    part: intern(&part),
                    reason,
                })
            },
        )
        .collect()
}

/// Features as one line each; `None` for none.
pub(super) fn join_lines(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items.join("\n"))
}

pub(super) fn split_lines(text: Option<String>) -> Vec<String> {
    text.map(|t| t.split('\n').map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The dates from `from` to `to`, inclusive (empty when `from > to`).
pub(super) fn days(from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        out.push(d);
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    out
}

/// The `n` days ending on `date`, oldest first.
pub(super) fn window(date: Date, n: i64) -> Vec<Date> {
    let first = date
        .checked_sub(jiff::Span::new().days(n - 1))
        .unwrap_or(date);
    days(first, date)
}
