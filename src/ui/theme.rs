//! Named styles: the one place colours are chosen.

use ratatui::style::{Color, Modifier, Style};

use crate::app::status::Severity;
use crate::domain::heart::HeartZone;
use crate::domain::sleep::SleepLevel;

pub const ACCENT: Color = Color::Cyan;

/// The resting heart rate's line in the Heart tab's period charts: a colour of no zone's hue.
pub const RESTING: Color = Color::LightMagenta;

/// The selected day's column in the week, month and year charts.
pub const CURSOR: Color = Color::Yellow;

/// A range behind a chart's line (a day's lowest to highest heart rate, a night): grey, which
/// reads on dark and light backgrounds alike.
pub fn band() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn title() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn tab_selected() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(ACCENT)
        .add_modifier(Modifier::BOLD)
}

pub fn tab() -> Style {
    Style::new().fg(Color::Gray)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn key() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

/// The selected row of a list.
pub fn selected() -> Style {
    Style::new().bg(Color::Rgb(40, 44, 52))
}

pub fn value() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn border() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn severity(severity: Severity) -> Style {
    match severity {
        Severity::Info => Style::new().fg(Color::Green),
        Severity::Warning => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        Severity::Error => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    }
}

pub fn warning() -> Style {
    severity(Severity::Warning)
}

pub fn error() -> Style {
    severity(Severity::Error)
}

/// Heart-rate zone colours: the chart and the zone table agree.
pub fn zone(zone: HeartZone) -> Color {
    match zone {
        HeartZone::Below => Color::Blue,
        HeartZone::FatBurn => Color::Yellow,
        // Orange (xterm 208), not a shade of the peak's red: the two must tell apart.
        HeartZone::Cardio => Color::Indexed(208),
        HeartZone::Peak => Color::Red,
    }
}

/// Sleep-stage colours for the hypnogram and the stage table.
pub fn sleep_level(level: SleepLevel) -> Color {
    match level {
        SleepLevel::Wake | SleepLevel::Awake => Color::LightRed,
        SleepLevel::Rem | SleepLevel::Restless => Color::LightCyan,
        SleepLevel::Light | SleepLevel::Asleep => Color::Blue,
        SleepLevel::Deep => Color::Magenta,
        SleepLevel::Unknown => Color::DarkGray,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The base colour of the 16 ANSI colours (`LightRed` is a red); other colours are their own.
    fn hue(color: Color) -> Color {
        match color {
            Color::LightRed => Color::Red,
            Color::LightGreen => Color::Green,
            Color::LightYellow => Color::Yellow,
            Color::LightBlue => Color::Blue,
            Color::LightMagenta => Color::Magenta,
            Color::LightCyan => Color::Cyan,
            Color::Gray | Color::DarkGray | Color::White => Color::Black,
            other => other,
        }
    }

    #[test]
    fn every_heart_zone_has_its_own_hue() {
        for (i, a) in HeartZone::ALL.iter().enumerate() {
            for b in &HeartZone::ALL[i + 1..] {
                assert_ne!(hue(zone(*a)), hue(zone(*b)), "{a:?} and {b:?}");
            }
        }
    }
}
