//! Rendering: a pure function of the model. No I/O, no clock reads, no locks: time comes from
//! `app.now()`, sampled from the injected clock, so snapshots are deterministic.

pub mod alarm_form;
pub mod alarms;
pub mod devices;
pub mod format;
pub mod header;
pub mod heart;
pub mod help;
pub mod log;
pub mod period;
pub mod period_heart;
pub mod period_sleep;
pub mod period_weight;
pub mod popup;
pub mod sleep;
pub mod slot;
pub mod status_line;
pub mod theme;
pub mod today;
pub mod too_small;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

use crate::app::{App, Overlay, Tab};
use too_small::{MIN_HEIGHT, MIN_WIDTH};

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        frame.render_widget(too_small::TooSmall, area);
        return;
    }
    let [header_area, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(header::Header { app }, header_area);
    match app.tab() {
        Tab::Today if app.period() != crate::app::period::Period::Day => {
            frame.render_widget(period::ActivityPeriodView { app }, body);
        }
        Tab::Today => frame.render_widget(today::TodayView { app }, body),
        Tab::Heart if app.period() != crate::app::period::Period::Day => {
            frame.render_widget(period_heart::HeartPeriodView { app }, body);
        }
        Tab::Sleep if app.period() != crate::app::period::Period::Day => {
            frame.render_widget(period_sleep::SleepPeriodView { app }, body);
        }
        Tab::Heart => frame.render_widget(heart::HeartView { app }, body),
        Tab::Sleep => frame.render_widget(sleep::SleepView { app }, body),
        Tab::Devices => frame.render_widget(devices::DevicesView { app }, body),
        Tab::Alarms => frame.render_widget(alarms::AlarmsView { app }, body),
    }
    frame.render_widget(status_line::StatusLineView { app }, status);
    match app.overlay() {
        Some(Overlay::Help { scroll }) => {
            frame.render_widget(help::HelpOverlay { scroll: *scroll }, body);
        }
        Some(Overlay::Log { scroll }) => {
            frame.render_widget(
                log::LogOverlay {
                    app,
                    scroll: *scroll,
                },
                body,
            );
        }
        Some(Overlay::Message {
            severity,
            title,
            body: text,
        }) => frame.render_widget(
            popup::MessagePopup {
                severity: *severity,
                title,
                body: text,
            },
            body,
        ),
        Some(Overlay::Confirm(confirm)) => {
            frame.render_widget(popup::ConfirmPopup { confirm }, body);
        }
        Some(Overlay::Records(records)) => {
            frame.render_widget(
                popup::RecordsPopup {
                    records: records.as_ref(),
                },
                body,
            );
        }
        Some(Overlay::GoTo(prompt)) => {
            let view = popup::GoToPopup {
                prompt,
                today: app.today(),
                selected: app.selected(),
            };
            if let Some(position) = view.cursor(body) {
                frame.set_cursor_position(position);
            }
            frame.render_widget(view, body);
        }
        None => {
            if let Some(state) = app.alarm_form() {
                let view = alarm_form::AlarmFormView { form: &state.form };
                let cursor = view.cursor(body);
                frame.render_widget(view, body);
                if let Some(position) = cursor {
                    frame.set_cursor_position(position);
                }
            }
        }
    }
}
