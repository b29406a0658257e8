//! The zoom of the Today, Heart and Sleep tabs: a day (as ever), or the week, month or year
//! around the selected day, read from the local store. The selected day is the cursor; the
//! period is the one that holds it. Weeks run Monday to Sunday. The charts' column geometry
//! lives here too, so a click finds the column the view drew.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// How much of time the Today tab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    #[default]
    Day,
    Week,
    Month,
    Year,
}

impl Period {
    /// One step wider (`z`); a year stays a year.
    #[must_use]
    pub fn wider(self) -> Period {
        match self {
            Period::Day => Period::Week,
            Period::Week => Period::Month,
            Period::Month | Period::Year => Period::Year,
        }
    }

    /// One step narrower (`Z`); a day stays a day.
    #[must_use]
    pub fn narrower(self) -> Period {
        match self {
            Period::Day | Period::Week => Period::Day,
            Period::Month => Period::Week,
            Period::Year => Period::Month,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    /// The first and last day of the period that holds `date`.
    pub fn window(self, date: Date) -> (Date, Date) {
        let span = |first: Date, last: Result<Date, jiff::Error>| (first, last.unwrap_or(first));
        match self {
            Period::Day => (date, date),
            Period::Week => {
                let back = i64::from(date.weekday().to_monday_zero_offset());
                let first = date.checked_sub(back.days()).unwrap_or(date);
                span(first, first.checked_add(6.days()))
            }
            Period::Month => span(date.first_of_month(), Ok(date.last_of_month())),
            Period::Year => span(date.first_of_year(), Ok(date.last_of_year())),
        }
    }

    /// The period before (`n` < 0) or after the one holding `date`: the same position in it
    /// (the same weekday, day of the month, day of the year — clamped to its length).
    pub fn shift(self, date: Date, n: i64) -> Option<Date> {
        match self {
            Period::Day => date.checked_add(n.days()).ok(),
            Period::Week => date.checked_add((7 * n).days()).ok(),
            Period::Month => date.checked_add(n.months()).ok(),
            Period::Year => date.checked_add(n.years()).ok(),
        }
    }

    /// The header's words for the period holding `date`: "Week of 16 Nov 2026",
    /// "November 2026", "2026".
    pub fn label(self, date: Date) -> String {
        let (first, _) = self.window(date);
        match self {
            Period::Day => date.strftime("%a %-d %b %Y").to_string(),
            Period::Week => format!("Week of {}", first.strftime("%-d %b %Y")),
            Period::Month => first.strftime("%B %Y").to_string(),
            Period::Year => first.strftime("%Y").to_string(),
        }
    }
}

/// Whether `tab` has week, month and year views.
pub fn zoomable(tab: super::Tab) -> bool {
    matches!(
        tab,
        super::Tab::Today | super::Tab::Heart | super::Tab::Sleep
    )
}

/// What a period view asks the API for, for the final days the store lacks (range requests
/// only, once per window).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fill {
    /// Steps, distance, floors and AZM per day (`Provider::day_totals`).
    Activity,
    /// Resting HR and HRV per day (`Provider::prefetch` of the heart ranges).
    Heart,
    /// The nights with their stages and nightly vitals (the sleep ranges, then each night's
    /// view from them).
    Sleep,
    /// The weigh-ins (the weight and body-fat logs by range).
    Weight,
}

/// The chart columns of a week, month or year view: `(first, last)` day of each — a day each,
/// a week each in a year (the first and last week cut at the year's ends).
pub fn columns(period: Period, selected: Date) -> Vec<(Date, Date)> {
    let (first, last) = period.window(selected);
    let days = crate::domain::calendar::days(first, last);
    if period != Period::Year {
        return days.into_iter().map(|d| (d, d)).collect();
    }
    let mut out: Vec<(Date, Date)> = Vec::new();
    for d in days {
        match out.last_mut() {
            Some(column) if !starts_week(d) => column.1 = d,
            _ => out.push((d, d)),
        }
    }
    out
}

/// The width of a period chart's y-axis: labels right-aligned in 5 cells, then the rule.
pub const AXIS_WIDTH: u16 = 6;

/// Cells per column when `n` columns share `width` cells (at least 1).
pub fn slot(width: u16, n: usize) -> u16 {
    u16::try_from(usize::from(width) / n.max(1))
        .unwrap_or(1)
        .max(1)
}

/// The x range of the plot of every period chart on a screen `width` cells wide: right of
/// the view's border, its one-cell margin and the y-axis, left of the margin and border.
pub fn plot_x(width: u16) -> (u16, u16) {
    let x = 2 + AXIS_WIDTH;
    (x, width.saturating_sub(x + 2))
}

/// The column under screen column `x`, of `n` (see [`plot_x`]).
pub fn column_at(x: u16, width: u16, n: usize) -> Option<usize> {
    let (x0, w) = plot_x(width);
    let i = usize::from(x.checked_sub(x0)? / slot(w, n));
    (x < x0 + w && i < n).then_some(i)
}

/// Whether `date` starts a week (for axis labels).
pub fn starts_week(date: Date) -> bool {
    date.weekday() == Weekday::Monday
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn windows_hold_the_day_and_run_monday_to_sunday() {
        let d = date(2026, 11, 21); // a Saturday
        assert_eq!(Period::Day.window(d), (d, d));
        assert_eq!(
            Period::Week.window(d),
            (date(2026, 11, 16), date(2026, 11, 22))
        );
        assert_eq!(
            Period::Week.window(date(2026, 11, 16)),
            (date(2026, 11, 16), date(2026, 11, 22))
        );
        assert_eq!(
            Period::Month.window(d),
            (date(2026, 11, 1), date(2026, 11, 30))
        );
        assert_eq!(
            Period::Year.window(d),
            (date(2026, 1, 1), date(2026, 12, 31))
        );
        assert_eq!(
            Period::Month.window(date(2024, 2, 10)),
            (date(2024, 2, 1), date(2024, 2, 29))
        );
    }

    #[test]
    fn shifting_keeps_the_place_in_the_period() {
        let d = date(2026, 3, 31);
        assert_eq!(Period::Week.shift(d, -1), Some(date(2026, 3, 24)));
        assert_eq!(Period::Month.shift(d, -1), Some(date(2026, 2, 28)));
        assert_eq!(Period::Year.shift(d, 1), Some(date(2027, 3, 31)));
        assert_eq!(Period::Day.shift(d, 1), Some(date(2026, 4, 1)));
    }

    #[test]
    fn labels_and_zoom_steps() {
        let d = date(2026, 11, 21);
        assert_eq!(Period::Week.label(d), "Week of 16 Nov 2026");
        assert_eq!(Period::Month.label(d), "November 2026");
        assert_eq!(Period::Year.label(d), "2026");
        assert_eq!(Period::Day.wider().wider().wider().wider(), Period::Year);
        assert_eq!(
            Period::Year.narrower().narrower().narrower().narrower(),
            Period::Day
        );
    }
}

#[cfg(test)]
mod geometry_tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_year_has_a_column_a_week_cut_at_its_ends() {
        let cols = columns(Period::Year, date(2026, 11, 21));
        // 2026 starts on a Thursday and ends on a Thursday.
        assert_eq!(cols[0], (date(2026, 1, 1), date(2026, 1, 4)));
        assert_eq!(cols[1], (date(2026, 1, 5), date(2026, 1, 11)));
        assert_eq!(cols.last(), Some(&(date(2026, 12, 28), date(2026, 12, 31))));
        assert_eq!(cols.len(), 53);
        assert_eq!(columns(Period::Month, date(2026, 2, 3)).len(), 28);
        assert_eq!(
            columns(Period::Week, date(2026, 11, 21))[0],
            (date(2026, 11, 16), date(2026, 11, 16))
        );
    }

    #[test]
    fn a_click_finds_the_column_the_chart_drew() {
        // 80 wide: the plot runs from x 8 over 70 cells; a week's 7 columns are 10 wide.
        assert_eq!(plot_x(80), (8, 70));
        assert_eq!(column_at(7, 80, 7), None);
        assert_eq!(column_at(8, 80, 7), Some(0));
        assert_eq!(column_at(18, 80, 7), Some(1));
        assert_eq!(column_at(77, 80, 7), Some(6));
        assert_eq!(column_at(78, 80, 7), None);
        // Narrower than its columns: a cell each, the rest beyond the last is nothing.
        assert_eq!(column_at(8 + 52, 80, 53), Some(52));
        assert_eq!(column_at(8 + 53, 80, 53), None);
    }
}
