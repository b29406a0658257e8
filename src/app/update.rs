//! `App::update`: every state transition, for every action.

use jiff::ToSpan;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};

use super::action::{Action, Effect, Payload, Resource};
use super::keymap::{self, Command};
use super::status::Severity;
use super::{App, Overlay, Tab};

/// Day navigation, in days.
const WEEK: i64 = 7;

impl App {
    /// Routes a key press: overlays first, then the keymap.
    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind != KeyEventKind::Press {
            return Vec::new();
        }
        if self.overlay.is_some() {
            return self.update(Action::Key(key));
        }
        match keymap::resolve(&key, self.tab) {
            Some(command) => self.update(Action::Command(command)),
            None => Vec::new(),
        }
    }

    /// Applies one action and returns the effects it asks for.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Command(command) => {
                self.dirty = true;
                self.command(command)
            }
            Action::Key(key) => {
                self.dirty = true;
                match &self.overlay {
                    Some(Overlay::AlarmForm(_)) => self.form_key(key),
                    Some(Overlay::Confirm(_)) => self.confirm_key(key),
                    _ => {
                        self.overlay_key(key);
                        Vec::new()
                    }
                }
            }
            Action::Mouse(mouse) => self.mouse(mouse),
            Action::Tick => self.tick(),
            Action::Resize => {
                self.dirty = true;
                Vec::new()
            }
            // A signal is not a question: leave now (the terminal is restored on the way out).
            Action::Terminate => {
                self.quit = true;
                Vec::new()
            }
            Action::AccountLoaded(result) => self.account_loaded(result),
            Action::Fetched {
                req,
                resource,
                result,
            } => self.fetched(req, resource, result),
            Action::Budget(budget) => {
                self.session.budget = Some(
                    self.session
                        .budget
                        .map_or(budget, |known| known.merge(budget)),
                );
                self.dirty = true;
                Vec::new()
            }
            action @ (Action::AlarmSaved { .. } | Action::AlarmDeleted { .. }) => {
                self.alarm_action(action)
            }
        }
    }

    fn command(&mut self, command: Command) -> Vec<Effect> {
        match command {
            Command::Quit => self.request_quit(),
            Command::ToggleHelp => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help) => None,
                    _ => Some(Overlay::Help),
                };
                Vec::new()
            }
            Command::NextTab => self.select_tab(self.tab.next()),
            Command::PrevTab => self.select_tab(self.tab.prev()),
            Command::GoTab(tab) => self.select_tab(tab),
            Command::PrevDay => self.move_days(-1),
            Command::NextDay => self.move_days(1),
            Command::PrevWeek => self.move_days(-WEEK),
            Command::NextWeek => self.move_days(WEEK),
            Command::GoToday => {
                let today = self.today();
                self.select_date(today)
            }
            Command::Refresh => self.refresh(),
            Command::SelectPrev => self.select_item(-1),
            Command::SelectNext => self.select_item(1),
            Command::AddAlarm
            | Command::EditAlarm
            | Command::DeleteAlarm
            | Command::ToggleAlarm => self.alarm_command(command),
        }
    }

    fn overlay_key(&mut self, key: KeyEvent) {
        let closes = match &self.overlay {
            Some(Overlay::Help) => matches!(
                key.code,
                KeyCode::Esc | KeyCode::Char('?' | 'q') | KeyCode::Enter
            ),
            Some(Overlay::Message { .. }) => {
                matches!(key.code, KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q'))
            }
            Some(Overlay::Confirm(_) | Overlay::AlarmForm(_)) | None => false,
        };
        if closes {
            self.overlay = None;
        } else if key.code == KeyCode::Char('c')
            && key
                .modifiers
                .contains(ratatui::crossterm::event::KeyModifiers::CONTROL)
        {
            // Ctrl-C quits from any popup (asking first if a save is in flight).
            self.request_quit();
        }
    }

    /// Moves the selection in the tab's list by `delta`, within its bounds.
    fn select_item(&mut self, delta: isize) -> Vec<Effect> {
        let count = self.list_len();
        let current = match self.tab {
            Tab::Heart => &mut self.ecg_selected,
            Tab::Alarms => &mut self.alarm_selected,
            _ => return Vec::new(),
        };
        if count > 0 {
            *current = current.saturating_add_signed(delta).min(count - 1);
        }
        Vec::new()
    }

    /// Items in the current tab's list (ECG readings of the day, or alarm rows).
    fn list_len(&self) -> usize {
        let resource = match self.tab {
            Tab::Heart => Resource::Heart(self.selected),
            Tab::Alarms => Resource::Alarms,
            _ => return 0,
        };
        match self
            .cache
            .get(&resource)
            .and_then(|s| s.value())
            .map(|f| &f.value)
        {
            Some(Payload::Heart(day)) => day.ecg.as_ref().map_or(0, Vec::len),
            Some(Payload::Alarms(trackers)) => super::alarm_rows(trackers).len(),
            _ => 0,
        }
    }

    fn select_tab(&mut self, tab: Tab) -> Vec<Effect> {
        self.tab = tab;
        self.load_current(false)
    }

    fn move_days(&mut self, days: i64) -> Vec<Effect> {
        let today = self.today();
        let Ok(target) = self.selected.checked_add(days.days()) else {
            return Vec::new();
        };
        if target > today {
            if self.selected >= today {
                self.notify(
                    Severity::Info,
                    "That's today: fittui can't show days that haven't happened yet",
                );
                return Vec::new();
            }
            return self.select_date(today);
        }
        self.select_date(target)
    }

    /// Moves the view to `date` (already checked not to be in the future).
    pub(super) fn select_date(&mut self, date: jiff::civil::Date) -> Vec<Effect> {
        self.dirty = true;
        if date == self.selected {
            return self.load_current(false);
        }
        self.selected = date;
        self.ecg_selected = 0;
        let mut effects = self.cancel_superseded();
        effects.extend(self.load_current(false));
        effects
    }

    fn mouse(&mut self, mouse: ratatui::crossterm::event::MouseEvent) -> Vec<Effect> {
        if !self.config.ui.mouse || self.overlay.is_some() {
            return Vec::new();
        }
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) if mouse.row == 0 => {
                match crate::ui::header::tab_at(mouse.column) {
                    Some(tab) => {
                        self.dirty = true;
                        self.select_tab(tab)
                    }
                    None => Vec::new(),
                }
            }
            MouseEventKind::ScrollUp => self.move_days(-1),
            MouseEventKind::ScrollDown => self.move_days(1),
            _ => Vec::new(),
        }
    }

    fn tick(&mut self) -> Vec<Effect> {
        let before = self.now;
        self.now = self.clock.now();
        if self.status.expire(self.now) {
            self.dirty = true;
        }
        // Relative times ("3 min ago") and the date change at minute granularity; spinners
        // animate while anything loads.
        let minute_changed = before.as_second() / 60 != self.now.as_second() / 60;
        if minute_changed || self.requests.pending_count() > 0 {
            self.dirty = true;
        }
        self.refresh_due()
    }
}
