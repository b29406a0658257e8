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
