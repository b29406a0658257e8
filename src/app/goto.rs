//! The go-to-date prompt (`g`) and its parser: forgiving, case-insensitive, relative to today
//! (in the account's zone). What it takes:
//!
//! - ISO dates `2026-10-03`, and `2026/10/03`, `20261003`; `2026-10` is the 1st
//! - `today` / `t`, `yesterday` / `y`
//! - offsets back (or forward, up to today) `-3`, `-3d`, `3d`, `-2w`, `-1m`, `-1y`, `+2d`
//!   (a bare number counts days; `ago` may follow: `3 weeks ago`)
//! - weekdays `mon` … `sunday`: the latest such day up to today (`last mon`: the one before)
//! - month names `oct`, `october`: the 1st of the latest such month up to today; with a day
//!   `oct 3`, `3 oct`, `3 october 2025`, and with a year `oct 2025`
//!
//! Anything else, and days after today, are an error saying what it understands.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use tui_input::Input;

use super::keymap::TextEdit;

/// What the prompt says when it cannot read the input.
pub const HINT: &str = "try 2026-10-03, -3w, yesterday, mon, oct 3";

/// The `g` prompt: the text typed and what was wrong with the last try.
#[derive(Debug, Clone, Default)]
pub struct GoToPrompt {
    input: Input,
    /// Why the last Enter did not go anywhere.
    pub error: Option<String>,
}

impl PartialEq for GoToPrompt {
    fn eq(&self, other: &Self) -> bool {
        self.input.value() == other.input.value()
            && self.input.cursor() == other.input.cursor()
            && self.error == other.error
    }
}

impl Eq for GoToPrompt {}

impl GoToPrompt {
    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// Display column of the cursor within the text.
    pub fn visual_cursor(&self) -> usize {
        self.input.visual_cursor()
    }

    /// First display column shown when the field is `width` columns wide.
    pub fn visual_scroll(&self, width: usize) -> usize {
        self.input.visual_scroll(width)
    }

    /// Replaces the text (the calendar's day, as `2026-10-03`), the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.input = Input::new(text.to_string());
        self.error = None;
    }

    /// The day the calendar shows: the text's, when it reads as one, else `fallback`.
    pub fn calendar_day(&self, today: Date, fallback: Date) -> Date {
        parse(self.text(), today).unwrap_or(fallback)
    }

    /// Applies a line edit (the error goes once the text changes).
    pub fn apply(&mut self, edit: TextEdit) {
        if let TextEdit::Insert(c) = edit
            && (c.is_control() || self.input.value().len() >= 40)
        {
            return;
        }
        let request = edit.input_request();
        if self.input.handle(request).is_some_and(|c| c.value) {
            self.error = None;
        }
    }
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month given as at least its first three letters (`sep`, `sept`, `september`).
fn month(word: &str) -> Option<i8> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(word))
        .and_then(|i| i8::try_from(i + 1).ok())
}

/// A weekday given as at least its first three letters (`wed`, `wednes`, `wednesday`).
fn weekday(word: &str) -> Option<Weekday> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    WEEKDAYS
        .iter()
        .find(|(name, _)| name.starts_with(word))
        .map(|(_, day)| *day)
}

/// Parses the prompt's input into a day no later than `today`.
pub fn parse(input: &str, today: Date) -> Result<Date, String> {
    let text = input.trim().to_lowercase();
    if text.is_empty() {
        return Err(format!("type a date ({HINT})"));
    }
    let date =
        understand(&text, today).ok_or_else(|| format!("can't read “{}”: {HINT}", input.trim()))?;
    if date > today {
        return Err(format!(
            "{} is in the future: there is no data yet",
            date.strftime("%a %-d %b %Y")
        ));
    }
    Ok(date)
}

fn understand(text: &str, today: Date) -> Option<Date> {
    match text {
        "today" | "t" | "now" => return Some(today),
        "yesterday" | "y" => return today.yesterday().ok(),
        _ => {}
    }
    if let Some(date) = iso(text) {
        return Some(date);
    }
    if let Some(date) = offset(text, today) {
        return Some(date);
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    named(&words, today)
}

/// `2026-10-03`, `2026/10/03`, `20261003`, `2026-10` (the 1st).
fn iso(text: &str) -> Option<Date> {
    let only_digits_and_separators = text
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == '/' || c == '.');
    if !only_digits_and_separators || text.starts_with(['-', '+']) {
        return None;
    }
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let year = |s: &str| s.parse::<i16>().ok();
    let small = |s: &str| s.parse::<i8>().ok();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => Date::new(year(y)?, small(m)?, small(d)?).ok(),
        [y, m] if y.len() == 4 => Date::new(year(y)?, small(m)?, 1).ok(),
        [all] if all.len() == 8 => {
            Date::new(year(&all[..4])?, small(&all[4..6])?, small(&all[6..])?).ok()
        }
        _ => None,
    }
}

/// `-3`, `-3d`, `3d`, `+2d`, `-2w`, `-1m`, `-1y`, `3 weeks ago`, `2 days`.
fn offset(text: &str, today: Date) -> Option<Date> {
    let text = text.strip_suffix("ago").map_or(text, str::trim_end);
    let (forward, rest) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('-').unwrap_or(text)),
    };
    let rest = rest.trim();
    let split = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (number, unit) = rest.split_at(split);
    let n: i64 = number.parse().ok()?;
    let span = match unit.trim() {
        "" | "d" | "day" | "days" => n.days(),
        "w" | "wk" | "week" | "weeks" => n.weeks(),
        "m" | "mo" | "month" | "months" => n.months(),
        "y" | "yr" | "year" | "years" => n.years(),
        _ => return None,
    };
    if forward {
        today.checked_add(span).ok()
    } else {
        today.checked_sub(span).ok()
    }
}

/// Weekdays and month names, with an optional day and year.
fn named(words: &[&str], today: Date) -> Option<Date> {
    match words {
        [word] => match weekday(word) {
            Some(day) => latest_weekday(day, today),
            None => latest_month(month(word)?, 1, today),
        },
        ["last", word] => latest_weekday(weekday(word)?, today)?
            .checked_sub(7.days())
            .ok(),
        [first, second] => {
            // `oct 3`, `oct 2025`, `3 oct`.
            if let (Some(m), Ok(n)) = (month(first), second.parse::<i16>()) {
                return if second.len() == 4 {
                    Date::new(n, m, 1).ok()
                } else {
                    latest_month(m, i8::try_from(n).ok()?, today)
                };
            }
            let day = first.trim_end_matches('.').parse::<i8>().ok()?;
            latest_month(month(second)?, day, today)
        }
        [first, second, year] => {
            // `oct 3 2025`, `3 oct 2025`.
            let year: i16 = year.parse().ok()?;
            if let (Some(m), Ok(day)) = (month(first), second.parse::<i8>()) {
                return Date::new(year, m, day).ok();
            }
            let day = first.trim_end_matches('.').parse::<i8>().ok()?;
            Date::new(year, month(second)?, day).ok()
        }
        _ => None,
    }
}

/// The latest `day` (weekday) on or before `today`.
fn latest_weekday(day: Weekday, today: Date) -> Option<Date> {
    let back =
        (today.weekday().to_monday_zero_offset() - day.to_monday_zero_offset()).rem_euclid(7);
    today.checked_sub(i64::from(back).days()).ok()
}

/// Day `day` of the latest month `month` in which that day is on or before `today`.
fn latest_month(month: i8, day: i8, today: Date) -> Option<Date> {
    match Date::new(today.year(), month, day).ok() {
        Some(d) if d <= today => Some(d),
        _ => Date::new(today.year() - 1, month, day).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Saturday 21 November 2026.
    const TODAY: Date = date(2026, 11, 21);

    fn ok(input: &str) -> Date {
        parse(input, TODAY).unwrap_or_else(|e| panic!("{input}: {e}"))
    }

    #[test]
    fn iso_dates_in_several_spellings() {
        assert_eq!(ok("2026-10-03"), date(2026, 10, 3));
        assert_eq!(ok(" 2026/10/03 "), date(2026, 10, 3));
        assert_eq!(ok("20261003"), date(2026, 10, 3));
        assert_eq!(ok("2026-10"), date(2026, 10, 1));
        assert_eq!(ok("2024-02-29"), date(2024, 2, 29));
    }

    #[test]
    fn words_for_today_and_yesterday() {
        assert_eq!(ok("today"), TODAY);
        assert_eq!(ok("T"), TODAY);
        assert_eq!(ok("Yesterday"), date(2026, 11, 20));
        assert_eq!(ok("y"), date(2026, 11, 20));
    }

    #[test]
    fn offsets_back_and_forward() {
        assert_eq!(ok("-3"), date(2026, 11, 18));
        assert_eq!(ok("3"), date(2026, 11, 18));
        assert_eq!(ok("-3d"), date(2026, 11, 18));
        assert_eq!(ok("-3w"), date(2026, 10, 31));
        assert_eq!(ok("3 weeks ago"), date(2026, 10, 31));
        assert_eq!(ok("-1m"), date(2026, 10, 21));
        assert_eq!(ok("-1y"), date(2025, 11, 21));
        assert_eq!(ok("2 days"), date(2026, 11, 19));
        assert_eq!(ok("+0d"), TODAY);
    }

    #[test]
    fn weekdays_are_the_latest_one() {
        assert_eq!(TODAY.weekday(), Weekday::Saturday);
        assert_eq!(ok("sat"), TODAY);
        assert_eq!(ok("mon"), date(2026, 11, 16));
        assert_eq!(ok("Friday"), date(2026, 11, 20));
        assert_eq!(ok("sun"), date(2026, 11, 15));
        assert_eq!(ok("last sat"), date(2026, 11, 14));
        assert_eq!(ok("last mon"), date(2026, 11, 9));
    }

    #[test]
    fn month_names_with_or_without_day_and_year() {
        assert_eq!(ok("oct"), date(2026, 10, 1));
        assert_eq!(ok("October"), date(2026, 10, 1));
        assert_eq!(
            ok("dec"),
            date(2025, 12, 1),
            "the latest December that has begun"
        );
        assert_eq!(ok("nov"), date(2026, 11, 1));
        assert_eq!(ok("oct 3"), date(2026, 10, 3));
        assert_eq!(ok("3 oct"), date(2026, 10, 3));
        assert_eq!(ok("3. Oct"), date(2026, 10, 3));
        assert_eq!(
            ok("nov 30"),
            date(2025, 11, 30),
            "30 Nov 2026 is still to come"
        );
        assert_eq!(ok("oct 2025"), date(2025, 10, 1));
        assert_eq!(ok("3 october 2025"), date(2025, 10, 3));
        assert_eq!(ok("oct 3, 2025"), date(2025, 10, 3));
    }

    #[test]
    fn nonsense_and_the_future_are_errors_that_say_why() {
        for input in [
            "",
            "   ",
            "soon",
            "2026-13-01",
            "2026-02-30",
            "-3x",
            "mo",
            "oct 32",
            "12/25",
        ] {
            let err = parse(input, TODAY).unwrap_err();
            assert!(
                err.contains("try 2026-10-03") || err.contains("type a date"),
                "{input:?}: {err}"
            );
        }
        let err = parse("+2d", TODAY).unwrap_err();
        assert_eq!(
            err,
            "Mon 23 Nov 2026 is in the future: there is no data yet"
        );
        assert!(parse("2027-01-01", TODAY).unwrap_err().contains("future"));
    }
}
