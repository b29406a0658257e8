//! The app without a network: app builders at the fixed test instant, key events, and
//! rendering into ratatui's `TestBackend`.

use fittui::api::{Capabilities, ProviderKind};
use fittui::app::{Action, App, AppInit, Effect, SourceInfo};
use fittui::config::Config;
use fittui::domain::account::Account;
use fittui::domain::units::{TemperatureUnit, UnitSystem};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::{clock, la};

pub fn source(kind: ProviderKind) -> SourceInfo {
    SourceInfo {
        kind,
        capabilities: match kind {
            ProviderKind::Fitbit => Capabilities::FITBIT,
            ProviderKind::Google => Capabilities::GOOGLE,
        },
    }
}

pub fn account() -> Account {
    Account {
        user_id: "GGNJL9".into(),
        display_name: Some("Alex E.".into()),
        time_zone_name: "America/Los_Angeles".into(),
        time_zone: la(),
        units: UnitSystem::Metric,
        temperature_unit: TemperatureUnit::Celsius,
        clock_12h: Some(false),
        member_since: None,
        assumed: None,
    }
}

/// An app without a data source.
pub fn app_without_source() -> App {
    app_with(None, Config::default()).0
}

/// An app with the given source (and its first effects).
pub fn app_with(source: Option<SourceInfo>, config: Config) -> (App, Vec<Effect>) {
    App::new(AppInit {
        config,
        clock: clock(),
        tz: la(),
        start_date: None,
        source,
    })
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

pub fn shift(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::SHIFT)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Renders the whole screen at `width`×`height`.
pub fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| fittui::ui::render(app, f)).unwrap();
    terminal
}

/// The rendered screen as text lines (no styles).
pub fn screen_text(app: &App, width: u16, height: u16) -> String {
    let terminal = render(app, width, height);
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// A mouse event at (`column`, `row`), no modifier.
pub fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Action {
    Action::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// A left click at (`column`, `row`).
pub fn click(column: u16, row: u16) -> Action {
    mouse(MouseEventKind::Down(MouseButton::Left), column, row)
}
