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

/// Whole percentages of `parts` that sum to exactly 100 (largest-remainder rounding: each part
/// gets its floor, then the parts with the largest remainders get the points left over, ties
/// to the earlier part). All zeros when the parts sum to zero.
pub fn percentages(parts: &[u32]) -> Vec<u32> {
    let total: u64 = parts.iter().map(|p| u64::from(*p)).sum();
    if total == 0 {
        return vec![0; parts.len()];
    }
    let mut out: Vec<u32> = Vec::with_capacity(parts.len());
    let mut remainders: Vec<(u64, usize)> = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        let scaled = u64::from(*p) * 100;
        out.push(u32::try_from(scaled / total).unwrap_or(100));
        remainders.push((scaled % total, i));
    }
    let given: u32 = out.iter().sum();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders
        .into_iter()
        .take(100_u32.saturating_sub(given) as usize)
    {
        out[i] += 1;
    }
    out
}

/// A number without trailing zeros after the point, to at most two decimals: `8`, `4.97`,
/// `2.5`.
pub fn trim_decimal(value: f64) -> String {
    let text = format!("{value:.2}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Groups of spans ("chips") laid out over at most `max_lines` lines of `width` cells, `gap`
/// between chips on a line: a chip that does not fit moves to the next line, and chips that
/// fit on no line are left out rather than cut.
pub fn flow(
    chips: Vec<Vec<ratatui::text::Span<'static>>>,
    width: u16,
    max_lines: usize,
    gap: &'static str,
) -> Vec<ratatui::text::Line<'static>> {
    let width = usize::from(width);
    let gap_w = gap.chars().count();
    let mut lines: Vec<(usize, Vec<ratatui::text::Span<'static>>)> = vec![(0, Vec::new())];
    for chip in chips {
        let chip_w: usize = chip.iter().map(ratatui::text::Span::width).sum();
        let Some((used, spans)) = lines.last_mut() else {
            break;
        };
        let needed = if spans.is_empty() {
            chip_w
        } else {
            chip_w + gap_w
        };
        if *used + needed <= width {
            if !spans.is_empty() {
                spans.push(ratatui::text::Span::raw(gap));
            }
            spans.extend(chip);
            *used += needed;
        } else if lines.len() < max_lines && chip_w <= width {
            lines.push((chip_w, chip));
        }
    }
    lines
        .into_iter()
        .map(|(_, spans)| ratatui::text::Line::from(spans))
        .collect()
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

    #[test]
    fn percentages_sum_to_a_hundred() {
        // 15 + 21 + 453 minutes: truncating gives 3 + 4 + 92 = 99.
        assert_eq!(percentages(&[15, 21, 453]), vec![3, 4, 93]);
        assert_eq!(percentages(&[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(percentages(&[0, 0]), vec![0, 0]);
        assert_eq!(percentages(&[39, 185, 200, 71]).iter().sum::<u32>(), 100);
        assert_eq!(percentages(&[]), Vec::<u32>::new());
    }

    #[test]
    fn decimals_are_trimmed() {
        assert_eq!(trim_decimal(8.0), "8");
        assert_eq!(trim_decimal(4.970_97), "4.97");
        assert_eq!(trim_decimal(2.5), "2.5");
    }

    #[test]
    fn chips_flow_onto_the_next_line() {
        use ratatui::text::Span;
        let chips = vec![
            vec![Span::raw("aaaa")],
            vec![Span::raw("bbbb")],
            vec![Span::raw("cccccc")],
        ];
        let lines = flow(chips, 10, 2, "  ");
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(text, vec!["aaaa  bbbb", "cccccc"]);
        let lines = flow(vec![vec![Span::raw("too long to fit")]], 5, 1, " ");
        assert_eq!(lines[0].to_string(), "");
    }
}
