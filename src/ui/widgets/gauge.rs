//! A one-line progress gauge whose label stays readable: on the filled part the label is dark
//! on the fill colour, on the empty part light on the track (ratatui's `Gauge` swaps the two
//! colours instead, which puts grey text on green).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget;

/// The fill, the track and the label of a gauge.
pub struct LabelGauge<'a> {
    /// Filled fraction, clamped to 0..=1.
    pub ratio: f64,
    pub label: &'a str,
    pub fill: Color,
    pub track: Color,
}

impl LabelGauge<'_> {
    /// The label's style on the filled part.
    pub fn on_fill() -> Style {
        Style::new().fg(Color::Black).add_modifier(Modifier::BOLD)
    }

    /// The label's style on the track.
    pub fn on_track() -> Style {
        Style::new().fg(Color::White).add_modifier(Modifier::BOLD)
    }
}

impl Widget for LabelGauge<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let ratio = if self.ratio.is_finite() {
            self.ratio.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let filled = (f64::from(area.width) * ratio).round() as u16;
        let label: Vec<char> = self.label.chars().take(usize::from(area.width)).collect();
        let label_w = label.len() as u16;
        let label_x = area.x + (area.width - label_w) / 2;
        let y = area.y + area.height / 2;
        for row in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let on_fill = x < area.x + filled;
                let bg = if on_fill { self.fill } else { self.track };
                let cell = &mut buf[(x, row)];
                let in_label = row == y && x >= label_x && x < label_x + label_w;
                if in_label {
                    let c = label[usize::from(x - label_x)];
                    let style = if on_fill {
                        LabelGauge::on_fill()
                    } else {
                        LabelGauge::on_track()
                    };
                    cell.set_char(c).set_style(style.bg(bg));
                } else if on_fill {
                    cell.set_symbol("█")
                        .set_style(Style::new().fg(self.fill).bg(bg));
                } else {
                    cell.set_symbol(" ").set_style(Style::new().bg(bg));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_contrasts_with_what_is_under_it() {
        let area = Rect::new(0, 0, 30, 1);
        let mut buf = Buffer::empty(area);
        LabelGauge {
            ratio: 0.5,
            label: "5,987 / 10,000 steps (60%)",
            fill: Color::Green,
            track: Color::DarkGray,
        }
        .render(area, &mut buf);
        let text: String = (0..30).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(text.contains("5,987 / 10,000 steps (60%)"), "{text}");
        for x in 0..30 {
            let cell = &buf[(x, 0)];
            if cell.symbol() == "█" || cell.symbol() == " " {
                continue;
            }
            let (fg, bg) = (cell.fg, cell.bg);
            assert_ne!(fg, bg, "label cell {x}");
            match bg {
                Color::Green => assert_eq!(fg, Color::Black, "dark label on the fill at {x}"),
                Color::DarkGray => assert_eq!(fg, Color::White, "light label on the track at {x}"),
                other => panic!("unexpected background {other:?} at {x}"),
            }
        }
    }

    #[test]
    fn any_size_and_ratio_renders() {
        for w in 0..5 {
            let area = Rect::new(0, 0, w, 1);
            let mut buf = Buffer::empty(area);
            for ratio in [f64::NAN, -1.0, 0.0, 0.3, 1.0, 7.0] {
                LabelGauge {
                    ratio,
                    label: "label",
                    fill: Color::Green,
                    track: Color::DarkGray,
                }
                .render(area, &mut buf);
            }
        }
    }
}
