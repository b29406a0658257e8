//! The help overlay's content and layout, generated from the key table: every scope with every
//! key, in as many columns as the screen allows, scrolled when it is still taller. The layout
//! lives in the model (not only in the view) so `update` can keep the scroll position inside
//! what is drawn.

use ratatui::text::Line;

use super::keymap::{Scope, help_sections};

/// One line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A section's title (the scope).
    Title(Scope),
    /// Keys and what they do; `key_width` aligns the keys of one section.
    Row {
        keys: String,
        description: &'static str,
        key_width: usize,
    },
    /// Between sections.
    Blank,
}

impl HelpLine {
    /// Columns the line takes on screen.
    pub fn width(&self) -> usize {
        match self {
            HelpLine::Title(scope) => Line::raw(scope.title()).width(),
            HelpLine::Row {
                description,
                key_width,
                ..
            } => key_width + 2 + Line::raw(*description).width(),
            HelpLine::Blank => 0,
        }
    }
}

/// Every line of the help, in order.
pub fn help_lines() -> Vec<HelpLine> {
    let mut out = Vec::new();
    for (i, (scope, rows)) in help_sections().enumerate() {
        if i > 0 {
            out.push(HelpLine::Blank);
        }
        out.push(HelpLine::Title(scope));
        let labels: Vec<String> = rows.iter().map(|b| b.keys_label()).collect();
        let key_width = labels
            .iter()
            .map(|l| Line::raw(l.as_str()).width())
            .max()
            .unwrap_or(0);
        out.extend(rows.iter().zip(labels).map(|(b, keys)| HelpLine::Row {
            keys,
            description: b.description,
            key_width,
        }));
    }
    out
}

/// Where the help's lines go in an area of `width`×`height` cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLayout {
    /// Lines per column (the lines flow down one column, then the next).
    pub per_column: u16,
    /// Rows shown at once.
    pub visible: u16,
    /// Width of each column, gap included.
    pub widths: Vec<u16>,
}

fn column_widths(lines: &[HelpLine], per_column: u16) -> Vec<u16> {
    lines
        .chunks(usize::from(per_column.max(1)))
        .map(|chunk| chunk.iter().map(HelpLine::width).max().unwrap_or(0) as u16 + 3)
        .collect()
}

impl HelpLayout {
    /// The fewest columns that fit the height, as far as the width allows; each column as wide
    /// as its widest line.
    pub fn new(lines: &[HelpLine], width: u16, height: u16) -> Self {
        let rows = (lines.len() as u16).max(1);
        let inner_height = height.saturating_sub(4).max(1);
        let fits = |widths: &[u16]| widths.iter().sum::<u16>() + 3 <= width;
        let mut columns = 1;
        while columns < rows && rows.div_ceil(columns) > inner_height {
            if !fits(&column_widths(lines, rows.div_ceil(columns + 1))) {
                break;
            }
            columns += 1;
        }
        let per_column = rows.div_ceil(columns);
        Self {
            per_column,
            visible: per_column.min(inner_height),
            widths: column_widths(lines, per_column),
        }
    }

    /// The furthest the help scrolls.
    pub fn max_scroll(&self) -> u16 {
        self.per_column - self.visible
    }

    /// Total width of the popup, borders included.
    pub fn popup_width(&self) -> u16 {
        self.widths.iter().sum::<u16>() + 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_screens_get_more_columns_and_less_scrolling() {
        let lines = help_lines();
        let narrow = HelpLayout::new(&lines, 80, 22);
        let wide = HelpLayout::new(&lines, 200, 48);
        assert!(wide.widths.len() > narrow.widths.len());
        assert!(wide.max_scroll() < narrow.max_scroll());
        assert!(wide.popup_width() <= 200);
        // Everything is reachable: the last scroll position shows the last line.
        assert_eq!(
            narrow.max_scroll() + narrow.visible,
            narrow.per_column,
            "{narrow:?}"
        );
    }
}
