//! The five tabs, a closed set (static dispatch, no component trait objects).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tab {
    #[default]
    Today,
    Heart,
    Sleep,
    Devices,
    Alarms,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Today,
        Tab::Heart,
        Tab::Sleep,
        Tab::Devices,
        Tab::Alarms,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Option<Tab> {
        Self::ALL.get(i).copied()
    }

    #[must_use]
    pub fn next(self) -> Tab {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    #[must_use]
    pub fn prev(self) -> Tab {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Today => "Today",
            Tab::Heart => "Heart",
            Tab::Sleep => "Sleep",
            Tab::Devices => "Devices",
            Tab::Alarms => "Alarms",
        }
    }
}

/// A tab's label in the tab bar: ` 1 Today `.
pub fn bar_label(tab: Tab) -> String {
    format!(" {} {} ", tab.index() + 1, tab.title())
}

/// Date labels for the header, from the most to the least detailed; the header shows the first
/// that fits. All but the shortest carry the `‹ ›` arrows a click moves the day with.
pub fn date_labels(date: jiff::civil::Date, today: jiff::civil::Date) -> Vec<String> {
    let relative = if date == today {
        Some("today")
    } else if today.yesterday().ok() == Some(date) {
        Some("yesterday")
    } else {
        None
    };
    let long = date.strftime("%A %-d %B %Y").to_string();
    let medium = date.strftime("%a %-d %b %Y").to_string();
    let short = date.strftime("%a %-d %b").to_string();
    let mut out = Vec::new();
    if let Some(rel) = relative {
        out.push(format!("‹ {long} · {rel} ›"));
        out.push(format!("‹ {medium} · {rel} ›"));
    } else {
        out.push(format!("‹ {long} ›"));
    }
    out.push(format!("‹ {medium} ›"));
    out.push(format!("‹ {short} ›"));
    out.push(short);
    out
}

/// Columns the tab bar takes.
pub fn bar_width() -> u16 {
    Tab::ALL
        .iter()
        .map(|t| bar_label(*t).chars().count() as u16)
        .sum()
}

/// The date label the header shows at `width` columns, if any fits.
pub fn header_date_label(
    width: u16,
    date: jiff::civil::Date,
    today: jiff::civil::Date,
    period: super::period::Period,
) -> Option<String> {
    let room = usize::from(width.saturating_sub(bar_width() + 1));
    let labels = if period == super::period::Period::Day {
        date_labels(date, today)
    } else {
        // A week, month or year view: the period, with the arrows that move it.
        let label = period.label(date);
        vec![format!("‹ {label} ›"), label]
    };
    labels.into_iter().find(|l| l.chars().count() <= room)
}

/// What a click on the header's column `x` hits: a tab, or the date's `‹` / `›`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderHit {
    Tab(Tab),
    PrevDay,
    NextDay,
}

/// Hit-tests the header (`width` columns wide), drawn as [`bar_label`]s from the left and the
/// [`header_date_label`] right-aligned.
pub fn header_hit(
    x: u16,
    width: u16,
    date: jiff::civil::Date,
    today: jiff::civil::Date,
    period: super::period::Period,
) -> Option<HeaderHit> {
    if let Some(tab) = tab_at(x) {
        return Some(HeaderHit::Tab(tab));
    }
    let label = header_date_label(width, date, today, period)?;
    let len = label.chars().count() as u16;
    let start = width.saturating_sub(len);
    // The arrow and the space beside it, so a click need not be exact.
    if label.starts_with('‹') && (start..start + 2).contains(&x) {
        return Some(HeaderHit::PrevDay);
    }
    if label.ends_with('›') && (width.saturating_sub(2)..width).contains(&x) {
        return Some(HeaderHit::NextDay);
    }
    None
}

/// The tab under column `x` of the tab bar (drawn from column 0 with [`bar_label`]s).
pub fn tab_at(x: u16) -> Option<Tab> {
    let mut start = 0u16;
    for tab in Tab::ALL {
        let width = bar_label(tab).chars().count() as u16;
        if (start..start + width).contains(&x) {
            return Some(tab);
        }
        start += width;
    }
    None
}

impl fmt::Display for Tab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::period::Period;

    #[test]
    fn date_labels_carry_the_weekday() {
        let today = jiff::civil::date(2026, 11, 21);
        let labels = date_labels(today, today);
        assert_eq!(labels[0], "‹ Saturday 21 November 2026 · today ›");
        assert_eq!(labels.last().unwrap(), "Sat 21 Nov");
        let y = date_labels(jiff::civil::date(2026, 11, 20), today);
        assert_eq!(y[1], "‹ Fri 20 Nov 2026 · yesterday ›");
    }

    #[test]
    fn clicks_on_the_date_arrows_move_a_day() {
        let today = jiff::civil::date(2026, 11, 21);
        for width in [80u16, 120, 200] {
            let label = header_date_label(width, today, today, Period::Day).unwrap();
            let start = width - label.chars().count() as u16;
            assert_eq!(
                header_hit(start, width, today, today, Period::Day),
                Some(HeaderHit::PrevDay)
            );
            assert_eq!(
                header_hit(width - 1, width, today, today, Period::Day),
                Some(HeaderHit::NextDay)
            );
            assert_eq!(
                header_hit(start + 4, width, today, today, Period::Day),
                None
            );
        }
        assert_eq!(
            header_hit(0, 80, today, today, Period::Day),
            Some(HeaderHit::Tab(Tab::Today))
        );
    }

    #[test]
    fn clicks_hit_the_drawn_tabs() {
        assert_eq!(tab_at(0), Some(Tab::Today));
        assert_eq!(tab_at(8), Some(Tab::Today));
        assert_eq!(tab_at(9), Some(Tab::Heart));
        assert_eq!(tab_at(27), Some(Tab::Devices));
        assert_eq!(tab_at(47), Some(Tab::Alarms));
        assert_eq!(tab_at(48), None);
    }

    #[test]
    fn next_and_prev_cycle() {
        assert_eq!(Tab::Alarms.next(), Tab::Today);
        assert_eq!(Tab::Today.prev(), Tab::Alarms);
        for t in Tab::ALL {
            assert_eq!(t.next().prev(), t);
            assert_eq!(Tab::from_index(t.index()), Some(t));
        }
    }
}
