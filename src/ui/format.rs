//! Small text formatters shared by the views.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` cut to at most `max_width` terminal columns, ending with `…` when cut. Counts display
/// columns, so a wide character (emoji, CJK) never straddles the limit: it goes whole, and the
/// ellipsis takes its place. Control characters count as one column.
pub fn truncate(text: &str, max_width: usize) -> String {
    let width = |c: char| c.width().unwrap_or(1);
    let total: usize = text.chars().map(width).sum();
    if total <= max_width && text.width() <= max_width {
        return text.to_string();
    }
    if max_width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = width(c);
        if used + w > max_width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    // Sequences (emoji with a variation selector, ZWJ) can be wider than their characters.
    while out.width() > max_width - 1 {
        out.pop();
    }
    out.push('…');
    out
}

/// `just now`, `3 min ago`, `5 h ago`, `2 days ago`.
pub fn ago(now: Timestamp, then: Timestamp) -> String {
    let secs = now.duration_since(then).as_secs();
    if secs < 60 {
        "just now".into()
    } else if secs < 3600 {
        format!("{} min ago", secs / 60)
    } else if secs < 2 * 86_400 {
        format!("{} h ago", secs / 3600)
    } else {
        format!("{} days ago", secs / 86_400)
    }
}

/// A time of day in `tz`: `07:05` or `7:05 AM`.
pub fn clock_time(at: Timestamp, tz: &TimeZone, twelve_hour: bool) -> String {
    let z = at.to_zoned(tz.clone());
    if twelve_hour {
        z.strftime("%-I:%M %p").to_string()
    } else {
        z.strftime("%H:%M").to_string()
    }
}

/// An hour label for chart axes: `07` or `7a`.
pub fn hour_label(at: Timestamp, tz: &TimeZone, twelve_hour: bool) -> String {
    let z = at.to_zoned(tz.clone());
    if twelve_hour {
        let h = z.hour();
        let (h12, ap) = match h {
            0 => (12, "a"),
            1..=11 => (h, "a"),
            12 => (12, "p"),
            _ => (h - 12, "p"),
        };
        format!("{h12}{ap}")
    } else {
        z.strftime("%H").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_clock_times() {
        let now: Timestamp = "2026-11-21T20:00:00Z".parse().unwrap();
        assert_eq!(ago(now, now), "just now");
        assert_eq!(
            ago(now, "2026-11-21T19:57:00Z".parse().unwrap()),
            "3 min ago"
        );
        assert_eq!(ago(now, "2026-11-21T15:00:00Z".parse().unwrap()), "5 h ago");
        assert_eq!(
            ago(now, "2026-11-18T15:00:00Z".parse().unwrap()),
            "3 days ago"
        );
        let la = TimeZone::get("America/Los_Angeles").unwrap();
        assert_eq!(clock_time(now, &la, false), "12:00");
        assert_eq!(clock_time(now, &la, true), "12:00 PM");
        assert_eq!(hour_label(now, &la, true), "12p");
    }

    #[test]
    fn truncate_counts_columns_and_ends_with_an_ellipsis() {
        assert_eq!(truncate("Gym", 3), "Gym");
        assert_eq!(truncate("Gym time", 5), "Gym …");
        // Emoji and CJK take two columns; one never straddles the limit.
        assert_eq!(truncate("⏰⏰⏰", 6), "⏰⏰⏰");
        assert_eq!(truncate("⏰⏰⏰", 5), "⏰⏰…");
        assert_eq!(truncate("⏰⏰⏰", 4), "⏰…");
        assert_eq!(truncate("起床時間", 6), "起床…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), "…");
        for max in 0..12 {
            let cut = truncate("早起き🏃‍♀️ run", max);
            assert!(
                UnicodeWidthStr::width(cut.as_str()) <= max,
                "{cut:?} at {max}"
            );
        }
    }
}
