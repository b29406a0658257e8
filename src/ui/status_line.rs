//! The bottom row: a transient notification (or key hints) on the left, persistent indicators
//! (account, provider, last sync, request budget, offline, activity) on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{format, theme};
use crate::app::App;

const SPINNER: [&str; 4] = ["◐", "◓", "◑", "◒"];

pub struct StatusLineView<'a> {
    pub app: &'a App,
}

impl StatusLineView<'_> {
    fn indicators(&self) -> Vec<Span<'static>> {
        let app = self.app;
        let session = &app.session();
        let sep = || Span::styled(" · ", theme::dim());
        let mut spans = Vec::new();
        if app.requests().pending_count() > 0 {
            let frame = (app.now().as_second().rem_euclid(4)) as usize;
            spans.push(Span::styled(
                format!("{} loading", SPINNER[frame]),
                theme::dim(),
            ));
            spans.push(sep());
        }
        if session.offline() {
            spans.push(Span::styled("OFFLINE", theme::error()));
            spans.push(sep());
        }
        if session.gone() {
            spans.push(Span::styled("410 gone · r retries", theme::error()));
            spans.push(sep());
        }
        if session.save_problem.is_some() {
            spans.push(Span::styled("⚠ sign-in not saved", theme::error()));
            spans.push(sep());
        }
        if session.signed_out {
            spans.push(Span::styled("signed out", theme::error()));
        } else if let Some(account) = &app.status().account {
            spans.push(Span::styled(format!("● {account}"), theme::value()));
        } else if session.source.is_some() {
            spans.push(Span::styled("signing in…", theme::dim()));
        } else {
            spans.push(Span::styled("not signed in", theme::dim()));
        }
        if let Some(provider) = &app.status().provider {
            spans.push(sep());
            spans.push(Span::raw(provider.clone()));
        }
        if session.source.is_some() {
            spans.push(sep());
            spans.push(match app.status().last_sync {
                Some(at) => Span::raw(format!("synced {}", format::ago(app.now(), at))),
                None => Span::styled("not synced yet", theme::dim()),
            });
        }
        if let Some(budget) = session.budget
            && budget.resets_at > app.now()
        {
            spans.push(sep());
            let style = if budget.remaining == 0 {
                theme::error()
            } else if budget.remaining * 5 < budget.limit {
                theme::warning()
            } else {
                Style::new()
            };
            spans.push(Span::styled(
                format!("{}/{} req", budget.remaining, budget.limit),
                style,
            ));
        }
        spans.push(Span::raw(" "));
        spans
    }
}

impl Widget for StatusLineView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let right = Line::from(self.indicators());
        let right_width = right.width() as u16;
        let left_width = area.width.saturating_sub(right_width + 1);
        let left = match self.app.status().current() {
            Some(n) => Line::from(Span::styled(
                format!(" {}", n.text),
                theme::severity(n.severity),
            )),
            None => Line::from(vec![
                Span::styled(" ?", theme::key()),
                Span::styled(" help  ", theme::dim()),
                Span::styled("←→", theme::key()),
                Span::styled(" day  ", theme::dim()),
                Span::styled("q", theme::key()),
                Span::styled(" quit", theme::dim()),
            ]),
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
