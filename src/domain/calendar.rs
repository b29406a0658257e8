//! Spans of local days: every day of a range, and a range cut into requests an API caps.

use jiff::ToSpan;
use jiff::civil::Date;

/// Every day of `[from, to]`, oldest first (none when `to` is before `from`).
pub fn days(from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        out.push(day);
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    out
}

/// `[from, to]` cut into consecutive ranges of at most `cap` days, oldest first.
pub fn pieces(from: Date, to: Date, cap: i64) -> Vec<(Date, Date)> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let end = start
            .checked_add((cap - 1).max(0).days())
            .map_or(to, |e| e.min(to));
        out.push((start, end));
        match end.tomorrow() {
            Ok(next) => start = next,
            Err(_) => break,
        }
    }
    out
}

/// How many days `[from, to]` holds (1 for a single day).
pub fn span(from: Date, to: Date) -> i64 {
    to.since(from).map_or(1, |s| i64::from(s.get_days()) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn days_pieces_and_spans() {
        let (a, b) = (date(2026, 1, 30), date(2026, 2, 2));
        assert_eq!(days(a, b), [a, date(2026, 1, 31), date(2026, 2, 1), b]);
        assert!(days(b, a).is_empty());
        assert_eq!(span(a, b), 4);
        assert_eq!(
            pieces(date(2026, 1, 1), date(2026, 3, 31), 31),
            [
                (date(2026, 1, 1), date(2026, 1, 31)),
                (date(2026, 2, 1), date(2026, 3, 3)),
                (date(2026, 3, 4), date(2026, 3, 31)),
            ]
        );
    }
}
