//! The bottom row: a transient notification (or key hints) on the left, persistent indicators
//! (account, provider, last sync, request budget, offline, activity) on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{format, theme};
use crate::app::App;

const SPINNER: [&str; 4] = ["◐", "◓", "◑", "◒"];

pub struct StatusLineView<'a> {
    pub app: &'a App,
}

/// How much an indicator matters: the least important go first when the message needs room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Keep {
    /// Dropped first: the loading spinner.
    Spinner,
    Budget,
    Sync,
    Provider,
    Account,
    /// Never dropped: problems (offline, gone, signed out, sign-in not saved).
    Always,
}

/// What the left side says when a message does not fit: it is cut with this, and the full
/// text is in the log.
const MORE: &str = "… m: full text";

impl StatusLineView<'_> {
    fn indicators(&self) -> Vec<(Keep, Span<'static>)> {
        let app = self.app;
        let session = &app.session();
        let mut out = Vec::new();
        if app.is_busy() {
            let frame = (app.now().as_second().rem_euclid(4)) as usize;
            out.push((
                Keep::Spinner,
                Span::styled(format!("{} loading", SPINNER[frame]), theme::dim()),
            ));
        }
        if let Some(date) = app.backfilling() {
            out.push((
                Keep::Spinner,
                Span::styled(
                    format!("filling the store: {}", date.strftime("%a %-d %b")),
                    theme::dim(),
                ),
            ));
        }
        if session.offline() {
            let since = session
                .offline_since
                .map(|at| format!(" since {}", app.local_time().minute(at)))
                .unwrap_or_default();
            out.push((
                Keep::Always,
                Span::styled(format!("OFFLINE{since}"), theme::error()),
            ));
        }
        if session.gone() {
            out.push((
                Keep::Always,
                Span::styled("410 gone · r retries", theme::error()),
            ));
        }
        if session.save_problem.is_some() {
            out.push((
                Keep::Always,
                Span::styled("⚠ sign-in not saved", theme::error()),
            ));
        }
        if session.signed_out {
            out.push((Keep::Always, Span::styled("signed out", theme::error())));
        } else if let Some(account) = &app.status().account {
            out.push((
                Keep::Account,
                Span::styled(format!("● {account}"), theme::value()),
            ));
        } else if session.source.is_some() {
            out.push((Keep::Account, Span::styled("signing in…", theme::dim())));
        } else {
            out.push((Keep::Account, Span::styled("not signed in", theme::dim())));
        }
        if let Some(provider) = &app.status().provider {
            out.push((Keep::Provider, Span::raw(provider.clone())));
        }
        // An import has no sync: its date is in the provider part.
        if session.source.is_some() && session.imported.is_none() {
            out.push((
                Keep::Sync,
                match app.status().last_sync {
                    Some(at) => Span::raw(format!("synced {}", format::ago(app.now(), at))),
                    None => Span::styled("not synced yet", theme::dim()),
                },
            ));
        }
        if let Some(budget) = session.budget
            && budget.resets_at > app.now()
        {
            let waiting = budget.remaining == 0 && app.requests().pending_count() > 0;
            let span = if waiting {
                // Requests are held until the reset: say so, and until when.
                Span::styled(
                    format!(
                        "budget spent · waiting until {}",
                        app.local_time().minute(budget.resets_at)
                    ),
                    theme::error(),
                )
            } else {
                let style = if budget.remaining == 0 {
                    theme::error()
                } else if budget.remaining * 5 < budget.limit {
                    theme::warning()
                } else {
                    Style::new()
                };
                Span::styled(format!("{}/{} req", budget.remaining, budget.limit), style)
            };
            // Waiting is news, not decoration: it stays as long as the account does.
            out.push((if waiting { Keep::Account } else { Keep::Budget }, span));
        }
        out
    }
}

/// The indicators as one line, separated by dots, with a trailing space.
fn joined(indicators: &[(Keep, Span<'static>)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (_, span)) in indicators.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme::dim()));
        }
        spans.push(span.clone());
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// The key hints that fit in `width` whole, most useful first; ← → move a `step` (the day,
/// or the week, month or year shown).
fn key_hints(width: usize, step: &'static str) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, what) in [
        ("?", "help"),
        ("←→", step),
        ("q", "quit"),
        ("m", "messages"),
    ] {
        let needed = key.width() + what.width() + 3;
        if used + needed > width {
            break;
        }
        used += needed;
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::styled(format!(" {what}  "), theme::dim()));
    }
    Line::from(spans)
}

/// `text` cut to `width` columns, ending with [`MORE`] when cut.
fn shortened(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(MORE.width());
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push_str(MORE);
    out
}

impl Widget for StatusLineView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut indicators = self.indicators();
        let message = self.app.status().current();
        let available = usize::from(area.width);
        if let Some(n) = message {
            // The message comes first: indicators give way, least important first, until
            // it fits (or only the ones that must stay are left).
            let wanted = n.text.width() + 2;
            while joined(&indicators).width() + wanted > available {
                let Some(drop) = indicators
                    .iter()
                    .enumerate()
                    .filter(|(_, (keep, _))| *keep != Keep::Always)
                    .min_by_key(|(_, (keep, _))| *keep)
                    .map(|(i, _)| i)
                else {
                    break;
                };
                indicators.remove(drop);
            }
        }
        let right = joined(&indicators);
        let right_width = right.width() as u16;
        let left_width = area.width.saturating_sub(right_width + 1);
        let left = if let Some(n) = message {
            Line::from(Span::styled(
                format!(
                    " {}",
                    shortened(&n.text, usize::from(left_width).saturating_sub(1))
                ),
                theme::severity(n.severity),
            ))
        } else {
            key_hints(usize::from(left_width), self.app.period().name())
        };
        left.render(
            Rect {
                width: left_width,
                ..area
            },
            buf,
        );
        right.right_aligned().render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_message_says_where_the_rest_is() {
        let text = "The Charge 2 already holds 8 alarms, the most a tracker can hold";
        assert_eq!(shortened(text, 80), text);
        let cut = shortened(text, 40);
        assert!(cut.ends_with(MORE), "{cut}");
        assert!(cut.width() <= 40, "{cut}");
        assert!(cut.starts_with("The Charge 2 already"), "{cut}");
        // Never wider than asked, even for tiny widths or wide characters.
        for width in 0..20 {
            assert!(
                shortened("📅📅📅📅📅📅📅📅📅📅📅📅", width).width() <= width.max(MORE.width())
            );
        }
    }
}
