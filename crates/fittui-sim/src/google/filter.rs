//! The AIP-160 subset `list` and `reconcile` accept: comparisons `member >= "literal"` and
//! `member < "literal"` joined by `AND` (sleep also allows `OR`). Members depend on the type's
//! family; anything else is rejected with the reference's `400 INVALID_ARGUMENT` shape
//! (`ErrorInfo` reason `INVALID_DATA_POINT_FILTER` + `BadRequest` field violations).

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

use super::errors::{self, DOMAIN, bad_request, error_info};
use super::types::{DataType, Family};
use crate::http::SimResponse;

/// What a member compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A physical instant (start, sample or end time).
    Physical,
    /// A civil (local) date-time.
    Civil,
    /// A daily record's date.
    Date,
}

/// A literal, parsed for its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Instant(Timestamp),
    Civil(DateTime),
    Date(Date),
}

/// One comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub field: Field,
    /// `true` for `>=`, `false` for `<`.
    pub at_least: bool,
    pub value: Value,
}

/// A filter in disjunctive normal form: OR of ANDs. Empty = everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub groups: Vec<Vec<Term>>,
}

/// What a point offers to the filter.
pub struct Subject {
    pub physical: Timestamp,
    pub civil: DateTime,
    pub date: Option<Date>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether any comparison is on civil time (so points need their local time).
    pub fn needs_civil(&self) -> bool {
        self.groups
            .iter()
            .flatten()
            .any(|t| t.field == Field::Civil)
    }

    /// Whether a point passes.
    pub fn matches(&self, s: &Subject) -> bool {
        if self.groups.is_empty() {
            return true;
        }
        self.groups.iter().any(|g| g.iter().all(|t| t.matches(s)))
    }

    /// Bounds on the physical instant, when every group has them (for scanning).
    pub fn bounds(&self) -> (Option<Value>, Option<Value>) {
        let mut lo: Option<Value> = None;
        let mut hi: Option<Value> = None;
        let mut lo_all = true;
        let mut hi_all = true;
        for g in &self.groups {
            let glo = g.iter().filter(|t| t.at_least).map(|t| t.value).next();
            let ghi = g.iter().filter(|t| !t.at_least).map(|t| t.value).next();
            match glo {
                Some(v) if lo.is_none_or(|l| loose_lt(&v, &l)) => lo = Some(v),
                Some(_) => {}
                None => lo_all = false,
            }
            match ghi {
                Some(v) if hi.is_none_or(|h| loose_lt(&h, &v)) => hi = Some(v),
                Some(_) => {}
                None => hi_all = false,
            }
        }
        (lo.filter(|_| lo_all), hi.filter(|_| hi_all))
    }
}

fn loose_lt(a: &Value, b: &Value) -> bool {
    key(a) < key(b)
}

/// A rough ordering key (seconds) for comparing bounds of different kinds.
fn key(v: &Value) -> i64 {
    match v {
        Value::Instant(t) => t.as_second(),
        Value::Civil(dt) => {
            dt.date()
                .since(jiff::civil::date(1970, 1, 1))
                .map_or(0, |s| i64::from(s.get_days()))
                * 86_400
                + i64::from(dt.hour()) * 3600
                + i64::from(dt.minute()) * 60
                + i64::from(dt.second())
        }
        Value::Date(d) => {
            d.since(jiff::civil::date(1970, 1, 1))
                .map_or(0, |s| i64::from(s.get_days()))
                * 86_400
        }
    }
}

impl Term {
    fn matches(&self, s: &Subject) -> bool {
        let ord = match (self.field, self.value) {
            (Field::Physical, Value::Instant(v)) => s.physical.cmp(&v),
            (Field::Civil, Value::Civil(v)) => s.civil.cmp(&v),
            (Field::Date, Value::Date(v)) => match s.date {
                Some(d) => d.cmp(&v),
                None => return false,
            },
            _ => return false,
        };
        if self.at_least {
            ord.is_ge()
        } else {
            ord.is_lt()
        }
    }
}

#[derive(Debug)]
enum Token {
    Ident(String, usize),
    Op(String, usize),
    Str(String, usize),
    Word(String, usize),
}

fn format_error(message: &str) -> SimResponse {
    errors::status(
        axum::http::StatusCode::BAD_REQUEST,
        "INVALID_ARGUMENT",
        &format!("Invalid filter format: {message}"),
        vec![
            error_info("INVALID_FILTER_FORMAT", DOMAIN, &[]),
            bad_request(&[("filter", message.to_string())]),
        ],
    )
}

fn tokenize(s: &str) -> Result<Vec<Token>, SimResponse> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let mut j = i + 1;
            let mut text = String::new();
            while j < chars.len() && chars[j] != '"' {
                text.push(chars[j]);
                j += 1;
            }
            if j >= chars.len() {
                return Err(format_error(&format!(
                    "unterminated string literal (at line 1, column {col})"
                )));
            }
            out.push(Token::Str(text, col));
            i = j + 1;
        } else if "<>=!".contains(c) {
            let mut op = c.to_string();
            if i + 1 < chars.len() && chars[i + 1] == '=' {
                op.push('=');
                i += 1;
            }
            out.push(Token::Op(op, col));
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            let mut j = i;
            let mut text = String::new();
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric() || chars[j] == '_' || chars[j] == '.')
            {
                text.push(chars[j]);
                j += 1;
            }
            if text == "AND" || text == "OR" {
                out.push(Token::Word(text, col));
            } else {
                out.push(Token::Ident(text, col));
            }
            i = j;
        } else {
            return Err(format_error(&format!(
                "unexpected character '{c}' (at line 1, column {col})"
            )));
        }
    }
    Ok(out)
}

/// The field a member names for `t`, or `None` when the member is not supported.
fn member_field(t: &DataType, member: &str) -> Option<Field> {
    let rest = member.strip_prefix(&format!("{}.", t.snake()))?;
    let physical = matches!(
        (t.family, rest),
        (Family::Interval | Family::Ecg, "interval.start_time")
            | (Family::Sample, "sample_time.physical_time")
            | (Family::Sleep, "interval.end_time")
    );
    let civil = matches!(
        (t.family, rest),
        (
            Family::Interval | Family::Exercise,
            "interval.civil_start_time"
        ) | (Family::Sample, "sample_time.civil_time")
            | (Family::Sleep, "interval.civil_end_time")
    );
    if physical {
        Some(Field::Physical)
    } else if civil {
        Some(Field::Civil)
    } else if (t.family, rest) == (Family::Daily, "date") {
        Some(Field::Date)
    } else {
        None
    }
}

fn parse_literal(field: Field, text: &str) -> Option<Value> {
    match field {
        Field::Physical => text.parse::<Timestamp>().ok().map(Value::Instant),
        Field::Date => (text.len() == 10)
            .then(|| text.parse::<Date>().ok())
            .flatten()
            .map(Value::Date),
        Field::Civil => {
            if text.len() == 10 {
                text.parse::<Date>()
                    .ok()
                    .map(|d| Value::Civil(d.at(0, 0, 0, 0)))
            } else if text.len() == 19 && text.as_bytes().get(10) == Some(&b'T') {
                text.parse::<DateTime>().ok().map(Value::Civil)
            } else {
                None
            }
        }
    }
}

/// One comparison as written, with the columns of its parts.
struct Written {
    member: String,
    col: usize,
    op: String,
    op_col: usize,
    literal: String,
    lit_col: usize,
}

/// Checks one comparison: the term, or the reason and field-violation text.
fn check_term(t: &DataType, w: &Written) -> Result<Term, (&'static str, String)> {
    let Written {
        member,
        col,
        op,
        op_col,
        literal,
        lit_col,
    } = w;
    let Some(field) = member_field(t, member) else {
        return Err((
            "INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER",
            format!("Member '{member}' is not supported for filtering. (at line 1, column {col})"),
        ));
    };
    let at_least = match op.as_str() {
        ">=" => true,
        "<" if t.family != Family::Ecg => false,
        "<" => {
            return Err((
                "INVALID_DATA_POINT_FILTER_OPERATOR",
                format!("Only '>=' is supported for '{member}'. (at line 1, column {op_col})"),
            ));
        }
        _ => {
            return Err((
                "INVALID_DATA_POINT_FILTER_OPERATOR",
                format!(
                    "Operator '{op}' is not supported; use '>=' or '<'. (at line 1, column {op_col})"
                ),
            ));
        }
    };
    let Some(value) = parse_literal(field, literal) else {
        let expected = match field {
            Field::Physical => "an RFC 3339 timestamp",
            Field::Civil => "a date YYYY-MM-DD[THH:mm:ss]",
            Field::Date => "a date YYYY-MM-DD",
        };
        return Err((
            "INVALID_DATA_POINT_FILTER_LITERAL",
            format!("Value \"{literal}\" is not {expected}. (at line 1, column {lit_col})"),
        ));
    };
    Ok(Term {
        field,
        at_least,
        value,
    })
}

/// Reads `member op "literal"` at `i`.
fn written(tokens: &[Token], i: usize) -> Result<Written, SimResponse> {
    let (member, col) = match tokens.get(i) {
        Some(Token::Ident(m, c)) => (m.clone(), *c),
        Some(Token::Str(_, c) | Token::Op(_, c) | Token::Word(_, c)) => {
            return Err(format_error(&format!(
                "expected a field name (at line 1, column {c})"
            )));
        }
        None => return Err(format_error("unexpected end of filter")),
    };
    let Some(Token::Op(op, op_col)) = tokens.get(i + 1) else {
        return Err(format_error(&format!(
            "expected a comparison after '{member}' (at line 1, column {col})"
        )));
    };
    let Some(Token::Str(literal, lit_col)) = tokens.get(i + 2) else {
        return Err(format_error(&format!(
            "expected a quoted value after '{op}' (at line 1, column {op_col})"
        )));
    };
    Ok(Written {
        member,
        col,
        op: op.clone(),
        op_col: *op_col,
        literal: literal.clone(),
        lit_col: *lit_col,
    })
}

/// Parses `filter` for data type `t`.
pub fn parse(t: &DataType, filter: &str) -> Result<Filter, SimResponse> {
    let tokens = tokenize(filter)?;
    if tokens.is_empty() {
        return Ok(Filter::default());
    }
    let mut groups: Vec<Vec<Term>> = vec![Vec::new()];
    let mut reasons: Vec<&'static str> = Vec::new();
    let mut violations: Vec<(&str, String)> = Vec::new();
    let mut i = 0;
    loop {
        let w = written(&tokens, i)?;
        i += 3;
        match check_term(t, &w) {
            Ok(term) => {
                if let Some(g) = groups.last_mut() {
                    g.push(term);
                }
            }
            Err((reason, text)) => {
                reasons.push(reason);
                violations.push(("filter", text));
            }
        }
        match tokens.get(i) {
            None => break,
            Some(Token::Word(w, c)) => {
                if w == "OR" {
                    if t.family != Family::Sleep {
                        reasons.push("INVALID_DATA_POINT_FILTER_LOGICAL_OPERATOR");
                        violations.push((
                            "filter",
                            format!("Logical operator 'OR' is not supported for this data type. (at line 1, column {c})"),
                        ));
                    }
                    groups.push(Vec::new());
                }
                i += 1;
            }
            Some(Token::Ident(_, c) | Token::Op(_, c) | Token::Str(_, c)) => {
                return Err(format_error(&format!(
                    "expected AND (at line 1, column {c})"
                )));
            }
        }
    }
    if !reasons.is_empty() {
        let message = format!("Invalid data point filter: {}.", reasons.join(", "));
        return Err(errors::status(
            axum::http::StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
            &message,
            vec![
                error_info(
                    "INVALID_DATA_POINT_FILTER",
                    DOMAIN,
                    &[("detailedReasons", reasons.join(","))],
                ),
                bad_request(&violations),
            ],
        ));
    }
    let filter = Filter { groups };
    if let (Some(lo), Some(hi)) = filter.bounds()
        && key(&lo) >= key(&hi)
        && filter.groups.len() == 1
    {
        return Err(errors::status(
            axum::http::StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
            "Invalid time range: the lower bound must be before the upper bound.",
            vec![error_info("INVALID_TIME_RANGE", DOMAIN, &[])],
        ));
    }
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::google::types::lookup;

    #[test]
    fn accepts_the_documented_members() {
        let steps = lookup("steps").unwrap();
        let f = parse(
            steps,
            r#"steps.interval.civil_start_time >= "2026-11-21" AND steps.interval.civil_start_time < "2026-11-22""#,
        )
        .unwrap();
        assert_eq!(f.groups.len(), 1);
        assert_eq!(f.groups[0].len(), 2);
        let sleep = lookup("sleep").unwrap();
        assert!(parse(sleep, r#"sleep.interval.end_time >= "2026-11-21T08:00:00Z" OR sleep.interval.civil_end_time < "2026-11-01""#).is_ok());
        let daily = lookup("daily-heart-rate-variability").unwrap();
        assert!(parse(daily, r#"daily_heart_rate_variability.date < "2024-08-15""#).is_ok());
        let ecg = lookup("electrocardiogram").unwrap();
        assert!(
            parse(
                ecg,
                r#"electrocardiogram.interval.start_time >= "2024-08-14T12:34:56Z""#
            )
            .is_ok()
        );
        assert!(parse(steps, "").unwrap().is_empty());
    }

    #[test]
    fn rejects_like_the_reference() {
        let sleep = lookup("sleep").unwrap();
        let err = parse(
            sleep,
            r#"sleep.interval.civil_start_time >= "2026-11-21" AND sleep.interval.civil_start_time < "2026-11-22""#,
        )
        .unwrap_err();
        let body = String::from_utf8(err.body).unwrap();
        assert!(body.contains(
            "Invalid data point filter: INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER, INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER."
        ));
        assert!(body.contains(
            "Member 'sleep.interval.civil_start_time' is not supported for filtering. (at line 1, column 1)"
        ));
        let steps = lookup("steps").unwrap();
        for bad in [
            r#"steps.interval.start_time > "2026-11-21T00:00:00Z""#,
            r#"steps.interval.start_time >= "yesterday""#,
            r#"steps.interval.end_time < "2026-11-21T00:00:00Z""#,
            r#"steps.interval.start_time >= "2026-11-21T00:00:00Z" OR steps.interval.start_time < "2026-11-20T00:00:00Z""#,
            r"steps.interval.start_time >= 2026",
            r#"steps.interval.start_time >= "2026-11-22T00:00:00Z" AND steps.interval.start_time < "2026-11-21T00:00:00Z""#,
        ] {
            assert!(parse(steps, bad).is_err(), "{bad}");
        }
        let ecg = lookup("electrocardiogram").unwrap();
        assert!(
            parse(
                ecg,
                r#"electrocardiogram.interval.start_time < "2024-08-14T12:34:56Z""#
            )
            .is_err()
        );
        let exercise = lookup("exercise").unwrap();
        assert!(
            parse(
                exercise,
                r#"exercise.interval.start_time >= "2024-08-14T12:34:56Z""#
            )
            .is_err()
        );
    }
}
