//! `App::update`: every state transition, for every action. Keys and the mouse resolve through
//! the key table ([`super::keymap`]) in the scopes of whatever has the focus; the result says
//! whether the screen changed, so the loop redraws only then.

use jiff::ToSpan;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

use super::App;
use super::action::{Action, Effect};
use super::help::{HelpLayout, help_lines};
use super::keymap::{self, Command, MouseHit, Scope};
use super::overlay::{Confirm, ConfirmAction, Overlay};
use super::status::Severity;
use super::tab::{self, Tab};

/// Day navigation, in days.
const WEEK: i64 = 7;

/// Two clicks on the same row within this long are a double click.
const DOUBLE_CLICK: jiff::SignedDuration = jiff::SignedDuration::from_millis(500);

impl App {
    /// The key-table scopes that take the keys now, most specific first.
    pub fn key_scopes(&self) -> Vec<Scope> {
        match &self.shell.overlay {
            Some(Overlay::Help { .. }) => vec![Scope::Modal, Scope::Help],
            Some(Overlay::Log { .. }) => vec![Scope::Modal, Scope::Log],
            Some(Overlay::Message { .. }) => vec![Scope::Modal, Scope::Message],
            Some(Overlay::Confirm(_)) => vec![Scope::Question],
            Some(Overlay::GoTo(_)) => vec![Scope::GoTo, Scope::Modal],
            Some(Overlay::Records(_)) => vec![Scope::Modal, Scope::Records],
            None => match &self.tabs.alarms.form {
                Some(state) => std::iter::once(Scope::Modal)
                    .chain(state.form.key_scopes())
                    .collect(),
                None if self.period() != super::period::Period::Day => {
                    std::iter::once(Scope::Period)
                        .chain(Scope::on_tab(self.shell.tab).iter().copied())
                        .collect()
                }
                None => Scope::on_tab(self.shell.tab).to_vec(),
            },
        }
    }

    /// Resolves a key press through the key table and applies its command.
    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match keymap::resolve(&key, &self.key_scopes(), self.shell.twelve_hour()) {
            Some(command) => self.update(Action::Command(command)),
            None => Vec::new(),
        }
    }

    /// Applies one action and returns the effects it asks for. Whether the screen needs
    /// redrawing follows from what the action did.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let (effects, redraw) = self.apply(action);
        self.dirty |= redraw;
        effects
    }

    fn apply(&mut self, action: Action) -> (Vec<Effect>, bool) {
        match action {
            Action::Command(command) => (self.command(command), true),
            Action::Mouse(mouse) => {
                if !self.shell.config.ui.mouse || self.has_modal() {
                    return (Vec::new(), false);
                }
                let double = self.note_click(mouse);
                match keymap::resolve_mouse(&mouse, |x, y| self.mouse_hit(x, y), double) {
                    Some(command) => (self.command(command), true),
                    None => (Vec::new(), false),
                }
            }
            Action::Tick => self.tick(),
            Action::Woke(token) => {
                if self.shell.settling == Some(token) {
                    self.shell.settling = None;
                    // The period was read as the keys moved: what it lacks is asked for now
                    // that they rest.
                    let mut effects = self.period_fills();
                    effects.extend(self.shell.load_current(false));
                    return (effects, true);
                }
                if self.shell.retry.is_some_and(|(t, _)| t == token) {
                    // Offline: try what failed again (the next wait is longer, see fetched).
                    self.shell.retry = None;
                    return (self.shell.load_current(false), true);
                }
                // Superseded by a later move.
                (Vec::new(), false)
            }
            Action::Resize { width, height } => {
                self.shell.screen = (width, height);
                (Vec::new(), true)
            }
            Action::Notice(text) => {
                self.shell.notify(Severity::Warning, text);
                (Vec::new(), true)
            }
            // A signal is not a question: leave now (the terminal is restored on the way out).
            Action::Terminate => (self.quit(), false),
            Action::AccountLoaded(result) => (self.shell.account_loaded(result), true),
            Action::Fetched {
                req,
                resource,
                result,
            } => changed(self.shell.fetched(req, resource, result)),
            Action::Budget(budget) => {
                let session = &mut self.shell.session;
                session.budget = Some(session.budget.map_or(budget, |known| known.merge(budget)));
                (Vec::new(), true)
            }
            Action::SaveProblem(problem) => {
                if problem == self.shell.session.save_problem {
                    return (Vec::new(), false);
                }
                if let Some(old) = self.shell.session.save_problem.take() {
                    self.shell.status.withdraw(&old);
                }
                match &problem {
                    Some(text) => self.shell.notify(Severity::Error, text.clone()),
                    None => self
                        .shell
                        .notify(Severity::Info, "The sign-in is saved again"),
                }
                self.shell.session.save_problem = problem;
                (Vec::new(), true)
            }
            Action::AccountRecalled(account) => (self.shell.account_recalled(account), true),
            Action::RecordsRead(records) => (Vec::new(), self.records_read(records)),
            Action::Backfilled { date, result } => {
                self.shell.backfilled(date, result);
                let mut effects = self.shell.maybe_backfill();
                // A week, month or year holding the day is read again with it.
                let (first, last) = self.period().window(self.shell.selected);
                if self.period() != super::period::Period::Day && (first..=last).contains(&date) {
                    effects.extend(self.shell.read_period(true));
                }
                (effects, true)
            }
            action @ (Action::PeriodRead { .. } | Action::PeriodFilled { .. }) => {
                self.period_action(action)
            }
            Action::Recalled {
                req,
                resource,
                stored,
            } => changed(self.shell.recalled(req, resource, stored)),
            Action::AlarmSaved { req, result } => {
                changed(self.tabs.alarms.saved(req, result, &mut self.shell))
            }
            Action::AlarmsListed { req, result } => {
                changed(self.tabs.alarms.listed(req, result, &mut self.shell))
            }
            Action::AlarmDeleted {
                req,
                alarm_id,
                result,
            } => changed(
                self.tabs
                    .alarms
                    .deleted(req, alarm_id, result, &mut self.shell),
            ),
        }
    }

    fn command(&mut self, command: Command) -> Vec<Effect> {
        match command {
            Command::Quit => self.request_quit(),
            Command::QuitNow => self.quit(),
            Command::Back => {
                self.shell
                    .notify(Severity::Info, "Nothing to close here; q quits fittui");
                Vec::new()
            }
            Command::ToggleHelp => {
                self.shell.overlay = match self.shell.overlay {
                    Some(Overlay::Help { .. }) => None,
                    _ => Some(Overlay::HELP),
                };
                Vec::new()
            }
            Command::ToggleLog => {
                self.shell.overlay = match self.shell.overlay {
                    Some(Overlay::Log { .. }) => None,
                    _ => Some(Overlay::Log { scroll: 0 }),
                };
                Vec::new()
            }
            Command::ScrollLog(delta) => {
                let last = self.shell.status.log().len().saturating_sub(1);
                let last = u16::try_from(last).unwrap_or(u16::MAX);
                if let Some(Overlay::Log { scroll }) = &mut self.shell.overlay {
                    *scroll = scroll.saturating_add_signed(delta).min(last);
                }
                Vec::new()
            }
            Command::ClosePopup => {
                self.shell.overlay = None;
                Vec::new()
            }
            Command::ScrollHelp(delta) => {
                let (width, height) = self.shell.screen;
                // The help covers the tabs' area: the screen less the header and status rows.
                let layout = HelpLayout::new(&help_lines(), width, height.saturating_sub(2));
                if let Some(Overlay::Help { scroll }) = &mut self.shell.overlay {
                    *scroll = scroll.saturating_add_signed(delta).min(layout.max_scroll());
                }
                Vec::new()
            }
            Command::Answer(yes) => self.answer(yes),
            Command::Form(command) => self.tabs.alarms.form_command(command, &mut self.shell),
            Command::NextTab => self.select_tab(self.shell.tab.next()),
            Command::PrevTab => self.select_tab(self.shell.tab.prev()),
            Command::GoTab(tab) => self.select_tab(tab),
            Command::PrevDay => self.move_period(-1),
            Command::NextDay => self.move_period(1),
            Command::Zoom { .. }
            | Command::OpenDay
            | Command::CursorDay(_)
            | Command::PickColumn(_) => self.period_command(command),
            Command::PrevWeek => self.move_days(-WEEK),
            Command::NextWeek => self.move_days(WEEK),
            Command::GoToday => {
                let today = self.shell.today();
                self.select_date(today)
            }
            Command::GoToDate => {
                self.shell.overlay = Some(Overlay::GoTo(super::goto::GoToPrompt::default()));
                Vec::new()
            }
            Command::Prompt(command) => self.prompt(command),
            Command::ShowRecords => self.show_records(),
            Command::Refresh => self.shell.refresh(),
            Command::SelectPrev
            | Command::SelectNext
            | Command::SelectRow(_)
            | Command::OpenRow(_)
            | Command::EcgEarlier
            | Command::EcgLater
            | Command::AddAlarm
            | Command::EditAlarm
            | Command::DeleteAlarm
            | Command::ToggleAlarm => self.tabs.command(command, &mut self.shell),
        }
    }

    /// A key in the go-to-date prompt: an edit, or Enter (go, or say what is wrong).
    fn prompt(&mut self, command: super::keymap::PromptCommand) -> Vec<Effect> {
        let today = self.shell.today();
        let selected = self.shell.selected;
        let Some(Overlay::GoTo(prompt)) = &mut self.shell.overlay else {
            return Vec::new();
        };
        match command {
            super::keymap::PromptCommand::Edit(edit) => {
                prompt.apply(edit);
                Vec::new()
            }
            super::keymap::PromptCommand::Calendar { by, months } => {
                let day = prompt.calendar_day(today, selected);
                let span = if months {
                    i64::from(by).months()
                } else {
                    i64::from(by).days()
                };
                if let Ok(moved) = day.checked_add(span) {
                    prompt.set_text(&moved.min(today).to_string());
                }
                Vec::new()
            }
            super::keymap::PromptCommand::Submit => {
                match super::goto::parse(prompt.text(), today) {
                    Ok(date) => {
                        self.shell.overlay = None;
                        self.select_date(date)
                    }
                    Err(e) => {
                        prompt.error = Some(e);
                        Vec::new()
                    }
                }
            }
        }
    }

    /// Remembers a left click; returns whether it is the second of a double click (same cell
    /// row within [`DOUBLE_CLICK`]).
    fn note_click(&mut self, mouse: MouseEvent) -> bool {
        if mouse.kind != MouseEventKind::Down(MouseButton::Left) {
            return false;
        }
        let now = self.shell.clock.now();
        let double = self
            .shell
            .last_click
            .is_some_and(|(at, _, row)| row == mouse.row && now.duration_since(at) <= DOUBLE_CLICK);
        // A third click starts over.
        self.shell.last_click = (!double).then_some((now, mouse.column, mouse.row));
        double
    }

    /// What the screen shows at cell (`x`, `y`): the header's tabs and day arrows, or a row of
    /// the tab's list. The layout is the one `ui` draws: the header on row 0, the tab's
    /// bordered block below it (its list from row 2), the status line at the bottom.
    fn mouse_hit(&self, x: u16, y: u16) -> Option<MouseHit> {
        let (width, height) = self.shell.screen;
        if y == 0 {
            return match tab::header_hit(
                x,
                width,
                self.shell.selected,
                self.shell.today(),
                self.period(),
            )? {
                tab::HeaderHit::Tab(t) => Some(MouseHit::Tab(t)),
                tab::HeaderHit::PrevDay => Some(MouseHit::PrevDay),
                tab::HeaderHit::NextDay => Some(MouseHit::NextDay),
            };
        }
        let period = self.period();
        if period != super::period::Period::Day {
            // The charts fill the tab's block: below its top border, above its bottom border
            // and the status line.
            if y < 2 || y + 2 >= height {
                return None;
            }
            let n = super::period::columns(period, self.shell.selected).len();
            return super::period::column_at(x, width, n)
                .and_then(|i| u16::try_from(i).ok())
                .map(MouseHit::Column);
        }
        match self.shell.tab {
            Tab::Heart => self.tabs.heart.ecg_at(&self.shell, x, y).map(MouseHit::Row),
            Tab::Alarms => {
                // Rows 2 … height − 4: below the block's top border, above the key hint, the
                // bottom border and the status line.
                let line = y.checked_sub(2)?;
                if x == 0 || x + 1 >= width || line + 5 >= height {
                    return None;
                }
                self.tabs
                    .alarms
                    .row_at_line(usize::from(line), &self.shell)
                    .map(MouseHit::Row)
            }
            _ => None,
        }
    }

    /// `y` or `n` on the question on screen.
    fn answer(&mut self, yes: bool) -> Vec<Effect> {
        let Some(Overlay::Confirm(Confirm { action, .. })) = self.shell.overlay.take() else {
            return Vec::new();
        };
        match (yes, action) {
            (
                true,
                ConfirmAction::DeleteAlarm {
                    tracker_id,
                    alarm_id,
                },
            ) => self
                .tabs
                .alarms
                .delete(&mut self.shell, tracker_id, alarm_id),
            (true, ConfirmAction::Quit) => self.quit(),
            // No: the question closes; an alarm form it covered is still there.
            (false, _) => Vec::new(),
        }
    }

    /// Quits, unless an alarm change is still being saved: then asks first, at once (an
    /// open form comes back if the answer is no).
    fn request_quit(&mut self) -> Vec<Effect> {
        if self.tabs.alarms.ops.is_empty() {
            return self.quit();
        }
        self.shell.overlay = Some(Overlay::Confirm(Confirm {
            title: "Quit?".into(),
            body: "An alarm change is still being saved — quit anyway? fittui would stop waiting, and the change may or may not reach the tracker.".into(),
            action: ConfirmAction::Quit,
        }));
        Vec::new()
    }

    /// Quits now: alarm changes still in flight are cancelled, and the user is told (after
    /// the terminal is restored) that they may or may not have reached the server.
    fn quit(&mut self) -> Vec<Effect> {
        self.shell.quit = true;
        let effects: Vec<Effect> = self
            .tabs
            .alarms
            .ops
            .iter()
            .map(|op| Effect::Cancel { req: op.req })
            .collect();
        if !effects.is_empty() {
            self.shell.exit_note = Some(format!(
                "fittui quit while {} was being saved; it may or may not have reached the server — open the Alarms tab to check.",
                if effects.len() == 1 {
                    "an alarm change".to_string()
                } else {
                    format!("{} alarm changes", effects.len())
                }
            ));
        }
        effects
    }

    fn select_tab(&mut self, tab: Tab) -> Vec<Effect> {
        let other = self.shell.tab != tab;
        self.shell.tab = tab;
        // The period read is shared by the tabs, but what each lacks is not: read it again
        // for this tab's fill.
        let mut effects = if other {
            self.shell.read_period(true)
        } else {
            Vec::new()
        };
        effects.extend(self.shell.load_current(false));
        effects
    }

    /// `z` / `Z`, Enter and `[` / `]` of the week, month and year views.
    fn period_command(&mut self, command: Command) -> Vec<Effect> {
        match command {
            Command::Zoom { wider } => {
                let period = self.shell.period;
                self.shell.period = if wider {
                    period.wider()
                } else {
                    period.narrower()
                };
                if self.shell.period == period {
                    return Vec::new();
                }
                self.shell.load_current(false)
            }
            Command::OpenDay => {
                self.shell.period = super::period::Period::Day;
                self.shell.load_current(false)
            }
            Command::PickColumn(i) => {
                let columns = super::period::columns(self.period(), self.shell.selected);
                match columns.get(usize::from(i)) {
                    Some(&(first, _)) if first <= self.shell.today() => self.select_date(first),
                    _ => Vec::new(),
                }
            }
            Command::CursorDay(n) => {
                let (first, last) = self.period().window(self.shell.selected);
                let last = last.min(self.shell.today());
                match self.shell.selected.checked_add(i64::from(n).days()) {
                    Ok(date) if (first..=last).contains(&date) => self.select_date(date),
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    /// A period's stored days arrived, or a fill of them finished.
    fn period_action(&mut self, action: Action) -> (Vec<Effect>, bool) {
        match action {
            Action::PeriodRead {
                from,
                to,
                days,
                health,
            } => self.period_read(from, to, days, health),
            Action::PeriodFilled {
                from, to, result, ..
            } => self.period_filled(from, to, &result),
            _ => (Vec::new(), false),
        }
    }

    /// The stored days of a period arrived: shown if they are the ones asked for last; what
    /// the tab lacks is then asked for ([`App::period_fills`]).
    fn period_read(
        &mut self,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
        days: Result<Vec<crate::domain::activity::DayTotals>, String>,
        health: Result<crate::store::PeriodHealth, String>,
    ) -> (Vec<Effect>, bool) {
        let Some(p) = &mut self.shell.period_days else {
            return (Vec::new(), false);
        };
        if p.from != from || p.to != to {
            // Read for a period no longer shown.
            return (Vec::new(), false);
        }
        p.days = Some(days);
        p.health = Some(health);
        (self.period_fills(), true)
    }

    /// The final days of the shown period that the tab lacks in what was read, asked for with
    /// range requests: once per window and kind, one fill at a time, within the budget's
    /// reserve, and only once the selection rests (nothing is fetched for a period passed
    /// over).
    fn period_fills(&mut self) -> Vec<Effect> {
        use super::period::Fill;
        let last_final = self.shell.today().checked_sub(2.days()).ok();
        // The shown period's days (the one before it is read only to compare).
        let (shown_first, shown_last) = self.period().window(self.shell.selected);
        let Some(p) = &self.shell.period_days else {
            return Vec::new();
        };
        // A read of another period (or one left for the day view) asks for nothing.
        if self.period() == super::period::Period::Day || p.to != shown_last {
            return Vec::new();
        }
        let (from, to) = (p.from, p.to);
        let (Some(days), Some(health)) = (&p.days, &p.health) else {
            return Vec::new();
        };
        let wanted =
            |date: jiff::civil::Date| date >= shown_first && last_final.is_some_and(|l| date <= l);
        let mut missing: Vec<(Fill, Vec<jiff::civil::Date>)> = Vec::new();
        match self.shell.tab {
            Tab::Today => {
                if let Ok(days) = days {
                    let dates = days.iter().filter(|d| !d.stored && wanted(d.date));
                    missing.push((Fill::Activity, dates.map(|d| d.date).collect()));
                }
                if let Ok(h) = health {
                    let dates = crate::domain::calendar::days(shown_first, to)
                        .into_iter()
                        .filter(|&d| wanted(d) && h.weight_days.binary_search(&d).is_err());
                    missing.push((Fill::Weight, dates.collect()));
                }
            }
            Tab::Heart => {
                if let Ok(h) = health {
                    // A day's resting HR can come with another view's 30-day range while its
                    // ECG list never came: the period lists the readings, so ask for those.
                    let ecg = self
                        .shell
                        .session
                        .source
                        .as_ref()
                        .is_some_and(|s| s.capabilities.ecg);
                    let dates = h
                        .heart
                        .iter()
                        .filter(|d| (!d.stored || (ecg && !d.ecg_known)) && wanted(d.date));
                    missing.push((Fill::Heart, dates.map(|d| d.date).collect()));
                }
            }
            Tab::Sleep => {
                if let Ok(h) = health {
                    let dates = h.nights.iter().filter(|d| !d.stored && wanted(d.date));
                    missing.push((Fill::Sleep, dates.map(|d| d.date).collect()));
                }
            }
            Tab::Devices | Tab::Alarms => {}
        }
        let session = &self.shell.session;
        let can_ask = self.shell.settling.is_none()
            && session.source.is_some()
            && session.imported.is_none()
            && !session.signed_out
            && session.server == super::Server::Answering
            && self.shell.budget_allows_prefetch();
        if !can_ask {
            return Vec::new();
        }
        for (fill, dates) in missing {
            let (Some(&first), Some(&last)) = (dates.first(), dates.last()) else {
                continue;
            };
            if !self.shell.period_filled.insert((fill, from, to)) {
                continue;
            }
            self.shell.period_filling += 1;
            // One fill at a time: the next is asked for when the view is read again after it
            // (a burst of both would run into the server's per-second limits).
            return vec![Effect::FillPeriod {
                fill,
                from: first,
                to: last,
                tz: self.shell.tz.clone(),
            }];
        }
        Vec::new()
    }

    /// The missing days of a period were fetched (or not): the view is read again.
    fn period_filled(
        &mut self,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
        result: &Result<(), crate::api::ApiError>,
    ) -> (Vec<Effect>, bool) {
        self.shell.period_filling = self.shell.period_filling.saturating_sub(1);
        if let Err(e) = result {
            self.shell.note_error(e);
        }
        let shown = self
            .shell
            .period_days
            .as_ref()
            .is_some_and(|p| p.from <= to && from <= p.to);
        if shown {
            (self.shell.read_period(true), true)
        } else {
            (Vec::new(), result.is_err())
        }
    }

    /// `p`: the records overlay, computed from the store off the loop.
    fn show_records(&mut self) -> Vec<Effect> {
        if !self.shell.stored.on {
            self.shell.overlay = Some(Overlay::Records(Some(Err(
                "records come from the local store, and fittui runs without one now".into(),
            ))));
            return Vec::new();
        }
        self.shell.overlay = Some(Overlay::Records(None));
        vec![Effect::ReadRecords {
            default_goal: self.shell.config.goals.steps,
        }]
    }

    /// The records arrived: shown if their overlay is still open (closed meanwhile: dropped).
    fn records_read(&mut self, records: Result<crate::store::Records, String>) -> bool {
        match &mut self.shell.overlay {
            Some(Overlay::Records(slot @ None)) => {
                *slot = Some(records);
                true
            }
            _ => false,
        }
    }

    /// ← / →: a day in the day view, the whole period in a week, month or year view (the
    /// selected day keeps its place in it, and never passes today).
    fn move_period(&mut self, n: i64) -> Vec<Effect> {
        let period = self.period();
        if period == super::period::Period::Day {
            return self.move_days(n);
        }
        let today = self.shell.today();
        let Some(target) = period.shift(self.shell.selected, n) else {
            return Vec::new();
        };
        if target > today {
            if period.window(self.shell.selected).1 >= today {
                self.shell.notify(
                    Severity::Info,
                    format!(
                        "This {} holds today: there is nothing after it yet",
                        period.name()
                    ),
                );
                return Vec::new();
            }
            return self.select_date(today);
        }
        self.select_date(target)
    }

    fn move_days(&mut self, days: i64) -> Vec<Effect> {
        let today = self.shell.today();
        let Ok(target) = self.shell.selected.checked_add(days.days()) else {
            return Vec::new();
        };
        if target > today {
            if self.shell.selected >= today {
                self.shell.notify(
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
    fn select_date(&mut self, date: jiff::civil::Date) -> Vec<Effect> {
        if date == self.shell.selected {
            return self.shell.load_current(false);
        }
        self.shell.selected = date;
        self.tabs.day_changed();
        let mut effects = self.shell.cancel_superseded();
        // Nothing is fetched for a day passed over: only once the selection rests.
        let token = self.shell.next_wake_token();
        self.shell.settling = Some(token);
        effects.push(Effect::Wake {
            token,
            after: super::shell::SETTLE,
        });
        // The store costs no requests: what it holds shows while the keys still move.
        effects.extend(self.shell.recall_current());
        effects.extend(self.shell.read_period(false));
        effects
    }

    /// The slow tick: samples the clock, expires notifications, re-fetches what is due.
    fn tick(&mut self) -> (Vec<Effect>, bool) {
        let shell = &mut self.shell;
        let before = shell.now;
        shell.now = shell.clock.now();
        let expired = shell.status.expire(shell.now);
        // Relative times ("3 min ago") and the date change at minute granularity; spinners
        // animate while anything loads.
        let minute_changed = before.as_second() / 60 != shell.now.as_second() / 60;
        let loading = shell.requests.pending_count() > 0;
        let mut effects = shell.refresh_due();
        if effects.is_empty() {
            effects = shell.maybe_backfill();
        }
        let redraw = expired || minute_changed || loading || !effects.is_empty();
        (effects, redraw)
    }
}

/// A result handler's answer: `None` when the result was not wanted (superseded or unknown),
/// which changes nothing on screen.
fn changed(outcome: Option<Vec<Effect>>) -> (Vec<Effect>, bool) {
    match outcome {
        Some(effects) => (effects, true),
        None => (Vec::new(), false),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use jiff::tz::TimeZone;

    use super::*;
    use crate::api::{Capabilities, ProviderKind};
    use crate::app::{AppInit, Payload, Resource, SourceInfo};
    use crate::clock::FixedClock;
    use crate::config::Config;
    use crate::domain::activity::DayActivity;

    fn app() -> (App, Arc<FixedClock>) {
        let clock = Arc::new(FixedClock::new("2026-11-21T20:00:30Z".parse().unwrap()));
        let (mut app, _) = App::new(AppInit {
            config: Config::default(),
            clock: clock.clone(),
            tz: TimeZone::get("America/Los_Angeles").unwrap(),
            start_date: None,
            source: Some(SourceInfo {
                kind: ProviderKind::Fitbit,
                capabilities: Capabilities::FITBIT,
            }),
        });
        assert!(app.take_dirty(), "the first frame is drawn");
        (app, clock)
    }

    #[test]
    fn redraws_follow_from_what_an_action_changed() {
        let (mut app, clock) = app();
        // A tick within the same minute with nothing loading changes nothing.
        app.update(Action::Tick);
        assert!(!app.take_dirty());
        // A new minute changes relative times.
        clock.advance(jiff::SignedDuration::from_secs(40));
        app.update(Action::Tick);
        assert!(app.take_dirty());
        // A key that is bound redraws; an unbound one does nothing at all.
        app.handle_key(KeyEvent::from(ratatui::crossterm::event::KeyCode::Char(
            'x',
        )));
        assert!(!app.take_dirty());
        app.handle_key(KeyEvent::from(ratatui::crossterm::event::KeyCode::Char(
            '?',
        )));
        assert!(app.take_dirty());
        // A superseded answer is dropped without a redraw; the latest one redraws.
        let date = app.selected();
        let first = app.shell.requests.issue(Resource::Activity(date)).0;
        let latest = app.shell.requests.issue(Resource::Activity(date)).0;
        let answer = |req| Action::Fetched {
            req,
            resource: Resource::Activity(date),
            result: Ok(Payload::Activity(DayActivity {
                date,
                summary: None,
                hourly_steps: Vec::new(),
                week_steps: Vec::new(),
                goals: None,
                gaps: Vec::new(),
            })),
        };
        app.update(answer(first));
        assert!(!app.take_dirty());
        app.update(answer(latest));
        assert!(app.take_dirty());
        // An alarm answer nobody waits for changes nothing either.
        app.update(Action::AlarmDeleted {
            req: 999,
            alarm_id: 1,
            result: Ok(()),
        });
        assert!(!app.take_dirty());
    }

    #[test]
    fn the_go_to_calendar_moves_by_weeks_days_and_months_never_past_today() {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let (mut app, _clock) = app();
        let today = app.today();
        let press = |app: &mut App, code: KeyCode, mods: KeyModifiers| {
            app.handle_key(KeyEvent::new(code, mods));
        };
        let text = |app: &App| match app.overlay() {
            Some(Overlay::GoTo(prompt)) => prompt.text().to_string(),
            other => panic!("{other:?}"),
        };
        press(&mut app, KeyCode::Char('g'), KeyModifiers::NONE);
        // Down from today stays on today.
        press(&mut app, KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(text(&app), today.to_string());
        press(&mut app, KeyCode::Up, KeyModifiers::NONE);
        press(&mut app, KeyCode::Left, KeyModifiers::SHIFT);
        let week_and_a_day = today.checked_sub(8.days()).unwrap();
        assert_eq!(text(&app), week_and_a_day.to_string());
        press(&mut app, KeyCode::PageUp, KeyModifiers::NONE);
        let target = week_and_a_day.checked_sub(1.month()).unwrap();
        assert_eq!(text(&app), target.to_string());
        // What is typed moves the calendar too: it starts from the typed day.
        press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        for c in "2026-03-31".chars() {
            press(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
        }
        press(&mut app, KeyCode::PageDown, KeyModifiers::NONE);
        assert_eq!(text(&app), "2026-04-30");
        press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        assert!(app.overlay().is_none());
        assert_eq!(app.selected(), jiff::civil::date(2026, 4, 30));
    }
}
