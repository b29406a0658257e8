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

impl fmt::Display for Tab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
