//! How a data slot looks in each state: loading, loaded, stale (last good value with its age),
//! empty ("no data recorded", never zeros) and failed (with the reason, in that tab only).

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use super::{format, theme};
use crate::api::{ApiError, LocalTime, permission_name};
use crate::app::{App, Payload, Resource, loadable::Loadable};
use crate::domain::gap::{Gap, GapReason};

/// How current the shown value is.
#[derive(Debug, Clone, Copy)]
pub enum Freshness<'a> {
    Fresh,
    /// A newer copy is being fetched.
    Refreshing,
    /// Older than its refresh interval.
    Stale,
    /// The last refresh failed; this is the last good value.
    RefreshFailed(&'a ApiError),
}

/// What a tab body shows for one resource.
#[derive(Debug, Clone, Copy)]
pub enum SlotState<'a> {
    /// No data source is signed in.
    NoSource,
    /// Imported data (`fittui import`) that does not hold this: a day outside the export, or
    /// the devices, which an export has no live state of.
    NotImported {
        live: bool,
        first: Option<jiff::civil::Date>,
        last: Option<jiff::civil::Date>,
    },
    /// Signed out and nothing cached for this view.
    SignedOut,
    /// Nothing requested yet (the account is still loading).
    Waiting,
    Loading,
    Failed(&'a ApiError),
    Ready {
        payload: &'a Payload,
        fetched_at: Timestamp,
        freshness: Freshness<'a>,
    },
}

pub fn state(app: &App, resource: Resource) -> SlotState<'_> {
    let slot = app.slot(resource);
    let value = slot.and_then(Loadable::value);
    if let (Some(slot), Some(value)) = (slot, value) {
        let freshness = match slot {
            Loadable::Loading { .. } => Freshness::Refreshing,
            Loadable::Failed { error, .. } => Freshness::RefreshFailed(error),
            _ if app.is_stale(resource, value) => Freshness::Stale,
            _ => Freshness::Fresh,
        };
        return SlotState::Ready {
            payload: &value.value,
            fetched_at: value.fetched_at,
            freshness,
        };
    }
    match slot {
        _ if app.session().source.is_none() => SlotState::NoSource,
        Some(Loadable::Loading { .. }) => SlotState::Loading,
        // Asked of the store, which does not have it: an import has nothing else to ask.
        Some(Loadable::NotLoaded) if app.session().imported.is_some() => {
            let imported = app.session().imported.as_ref();
            SlotState::NotImported {
                live: resource.date().is_none(),
                first: imported.and_then(|i| i.first_day),
                last: imported.and_then(|i| i.last_day),
            }
        }
        Some(Loadable::Failed { error, .. }) => SlotState::Failed(error),
        _ if app.session().signed_out => SlotState::SignedOut,
        _ if app.session().account_pending => SlotState::Waiting,
        // Not asked for yet: the day selection is still settling, the request follows.
        _ => SlotState::Loading,
    }
}

/// The tab's outer block: title on the left, freshness on the right.
pub fn block<'a>(title: &'a str, app: &App, state: &SlotState<'_>) -> Block<'a> {
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme::border())
        .title(Line::styled(format!(" {title} "), theme::title()));
    if let Some(label) = freshness_label(app, state) {
        block = block.title(label.right_aligned());
    }
    if let SlotState::Ready { payload, .. } = state
        && let Some(line) = gaps_line(payload.gaps(), app)
    {
        block = block.title_bottom(line);
    }
    block
}

/// The bottom border's note on the parts of a view that are missing: the ones a permission
/// would bring (and how to grant it), then the ones that failed (and that `r` retries).
fn gaps_line(gaps: &[Gap], app: &App) -> Option<Line<'static>> {
    if gaps.is_empty() {
        return None;
    }
    let mut permissions: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut failed = Vec::new();
    for gap in gaps {
        match &gap.reason {
            GapReason::NotGranted { permission } => {
                match permissions
                    .iter_mut()
                    .find(|(p, _)| *p == permission.as_str())
                {
                    Some((_, parts)) => parts.push(gap.part),
                    None => permissions.push((permission.as_str(), vec![gap.part])),
                }
            }
            GapReason::Failed(error) => failed.push(format!(
                "{} ({})",
                gap.part,
                error.short_in(&app.local_time())
            )),
        }
    }
    let login = match app.session().source.as_ref() {
        Some(source) => format!("fittui auth login --provider {}", source.kind),
        None => "fittui auth login".to_string(),
    };
    let mut spans = vec![Span::styled(" ⚠ ", theme::warning())];
    for (permission, parts) in &permissions {
        let verb = if parts.len() == 1 { "needs" } else { "need" };
        spans.push(Span::styled(
            format!(
                "{} {verb} the “{permission}” permission: ",
                parts.join(", ")
            ),
            theme::warning(),
        ));
        spans.push(Span::styled(login.clone(), theme::key()));
        spans.push(Span::styled(" and tick it · ", theme::warning()));
    }
    if !failed.is_empty() {
        spans.push(Span::styled(
            format!("couldn't load {} · ", failed.join(", ")),
            theme::warning(),
        ));
        spans.push(Span::styled("r", theme::key()));
        spans.push(Span::styled(" retries ", theme::warning()));
    } else if let Some(last) = spans.last_mut() {
        *last = Span::styled(" and tick it ", theme::warning());
    }
    Some(Line::from(spans))
}

fn freshness_label(app: &App, state: &SlotState<'_>) -> Option<Line<'static>> {
    let SlotState::Ready {
        fetched_at,
        freshness,
        ..
    } = state
    else {
        return None;
    };
    if let Some(imported) = &app.session().imported {
        let made = imported
            .exported_at
            .to_zoned(app.tz().clone())
            .strftime("%-d %b %Y");
        return Some(Line::styled(
            format!(" from the export of {made} "),
            theme::dim(),
        ));
    }
    let age = format::ago(app.now(), *fetched_at);
    let (text, style) = match freshness {
        Freshness::Fresh => (format!(" updated {age} "), theme::dim()),
        Freshness::Refreshing => (format!(" refreshing… (shown: {age}) "), theme::dim()),
        Freshness::Stale => (format!(" stale · fetched {age} "), theme::warning()),
        Freshness::RefreshFailed(error) => (
            format!(
                " stale · {} · fetched {age} ",
                error.short_in(&app.local_time())
            ),
            theme::warning(),
        ),
    };
    Some(Line::styled(text, style))
}

/// A centred message inside the tab body, for every state without data to draw.
pub struct Placeholder<'a> {
    pub lines: Vec<Line<'a>>,
}

impl<'a> Placeholder<'a> {
    /// The message for a non-ready state; `what` names the data ("heart data").
    /// `local` says the time a rate limit lifts in the user's zone.
    pub fn for_state(state: &SlotState<'a>, what: &str, local: &LocalTime<'_>) -> Self {
        let lines = match state {
            SlotState::NoSource => vec![
                Line::styled("No data source", theme::title()),
                Line::raw(""),
                Line::raw("fittui is not signed in to any account, so there is nothing to show."),
                Line::raw(""),
                Line::from(vec![
                    Span::raw("Sign in with "),
                    Span::styled("fittui auth login", theme::key()),
                    Span::raw(" (the README shows how to register an app),"),
                ]),
                Line::from(vec![
                    Span::raw("or look around with "),
                    Span::styled("fittui --demo", theme::key()),
                    Span::raw("."),
                ]),
            ],
            SlotState::NotImported { live: true, .. } => vec![
                Line::styled("Not in an export", theme::title()),
                Line::raw(""),
                Line::raw(
                    "An export has no live device data: battery levels, last syncs and alarms come from a signed-in tracker.",
                ),
                Line::raw(""),
                Line::from(vec![
                    Span::raw("Sign in with "),
                    Span::styled("fittui auth login", theme::key()),
                    Span::raw(" to see them."),
                ]),
            ],
            SlotState::NotImported { first, last, .. } => {
                let span = match (first, last) {
                    (Some(a), Some(b)) => format!(
                        "The imported export holds {} to {}.",
                        a.strftime("%-d %b %Y"),
                        b.strftime("%-d %b %Y")
                    ),
                    _ => "The imported export holds no days.".into(),
                };
                vec![
                    Line::styled("Not in the import", theme::title()),
                    Line::raw(""),
                    Line::raw(format!("The export has no {what} for this day.")),
                    Line::raw(span),
                    Line::raw(""),
                    Line::from(vec![
                        Span::styled("g", theme::key()),
                        Span::raw(" goes to a date; a newer export adds days with "),
                        Span::styled("fittui import", theme::key()),
                        Span::raw("."),
                    ]),
                ]
            }
            SlotState::SignedOut => vec![
                Line::styled("Signed out", theme::error()),
                Line::raw(""),
                Line::raw(format!(
                    "No {what} was loaded for this day before the sign-in ended."
                )),
            ],
            SlotState::Waiting => vec![Line::styled("Loading the account…", theme::dim())],
            SlotState::Loading => vec![Line::styled(format!("Loading {what}…"), theme::dim())],
            SlotState::Failed(ApiError::Forbidden {
                scope: Some(scope), ..
            }) => vec![
                Line::styled("Permission not granted", theme::warning()),
                Line::raw(""),
                Line::raw(format!(
                    "Showing {what} needs the “{}” permission, which this sign-in does not have.",
                    permission_name(scope)
                )),
                Line::raw(""),
                Line::from(vec![
                    Span::raw("To grant it, run "),
                    Span::styled("fittui auth login", theme::key()),
                    Span::raw(" again and leave its box ticked on the consent screen."),
                ]),
            ],
            SlotState::Failed(error) => vec![
                Line::styled(format!("Couldn't load {what}"), theme::error()),
                Line::raw(""),
                Line::raw(error.describe_in(local)),
                Line::raw(""),
                Line::from(vec![
                    Span::raw("Press "),
                    Span::styled("r", theme::key()),
                    Span::raw(" to try again."),
                ]),
            ],
            SlotState::Ready { .. } => vec![
                Line::styled("No data recorded", theme::title()),
                Line::raw(""),
                Line::raw(format!("The tracker recorded no {what} for this day.")),
            ],
        };
        Self { lines }
    }

    /// [`Placeholder::for_state`], plus why a load is slow when the request budget is spent
    /// (requests then wait for the reset rather than being sent).
    pub fn for_app(app: &App, state: &SlotState<'a>, what: &str) -> Self {
        let mut placeholder = Self::for_state(state, what, &app.local_time());
        if matches!(state, SlotState::Loading | SlotState::Waiting)
            && let Some(budget) = app.session().budget
            && budget.remaining == 0
            && budget.resets_at > app.now()
        {
            placeholder.lines.push(Line::raw(""));
            placeholder.lines.push(Line::styled(
                format!(
                    "The API's request budget is spent; fittui waits until {} to ask again.",
                    format::clock_time(budget.resets_at, app.tz(), app.twelve_hour())
                ),
                theme::warning(),
            ));
        }
        placeholder
    }

    pub fn message(lines: Vec<Line<'a>>) -> Self {
        Self { lines }
    }
}

impl Widget for Placeholder<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let top = area.height.saturating_sub(self.lines.len() as u16) / 2;
        let rect = Rect {
            y: area.y + top,
            height: area.height - top,
            ..area
        };
        Paragraph::new(self.lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .style(Style::new())
            .render(rect, buf);
    }
}
