//! Data fetching decisions: what the current view needs, latest-wins bookkeeping, superseded
//! requests, neighbour prefetch within the rate-limit budget, periodic refresh of today, and
//! how fetch errors change the session.

use jiff::{SignedDuration, ToSpan};

use super::action::{Effect, Payload, Recalled, RequestId, Resource};
use super::loadable::{Fetched, Loadable};
use super::overlay::Overlay;
use super::status::Severity;
use super::{Server, Shell, Tab};
use crate::api::{ApiError, AuthProblem, ProviderKind};
use crate::domain::account::Account;
use crate::domain::gap::GapReason;

/// Keep at least this share of the hourly budget for what the user asks for explicitly.
const PREFETCH_RESERVE_FRACTION: u32 = 5;
const PREFETCH_RESERVE_MIN: u32 = 10;

impl Shell {
    /// The resources the current tab shows.
    pub fn current_resources(&self) -> Vec<Resource> {
        match self.tab {
            // A week, month or year comes from the store (`read_period`), not a day view.
            Tab::Today | Tab::Heart | Tab::Sleep if self.period != super::period::Period::Day => {
                Vec::new()
            }
            Tab::Today => vec![Resource::Activity(self.selected)],
            Tab::Heart => vec![Resource::Heart(self.selected)],
            Tab::Sleep => vec![Resource::Sleep(self.selected)],
            Tab::Devices => vec![Resource::Devices],
            Tab::Alarms => {
                if self.alarms_editable() {
                    vec![Resource::Alarms]
                } else {
                    // Without an alarm API the tab explains why, naming the devices.
                    vec![Resource::Devices]
                }
            }
        }
    }

    /// Requests what the current view needs and does not have fresh.
    pub(super) fn load_current(&mut self, force: bool) -> Vec<Effect> {
        let mut effects = self.read_period(force);
        for resource in self.current_resources() {
            effects.extend(self.ensure(resource, force));
        }
        effects
    }

    /// Starts a fetch of `resource` unless a fresh value or a request is already there.
    pub(super) fn ensure(&mut self, resource: Resource, force: bool) -> Vec<Effect> {
        if self.session.source.is_none() || self.session.signed_out {
            return Vec::new();
        }
        if self.session.gone() && !force {
            return Vec::new();
        }
        if self.requests.in_flight(&resource) && !force {
            return Vec::new();
        }
        let imported = self.session.imported.is_some();
        // The local store first: what it holds shows at once, and a final day costs nothing.
        if self.stored.on && (!force || imported) && !self.stored.recalled.contains(&resource) {
            // Until the stored account has been read the store cannot say whose days are
            // whose: ask it then (`account_recalled` loads the view again).
            if self.stored.account_pending {
                return Vec::new();
            }
            return self.recall(resource);
        }
        // An import has nothing to fetch: what the store holds is all there is.
        if imported {
            return Vec::new();
        }
        if !force
            && let Some(Loadable::Loaded(value)) = self.cache.get(&resource)
            && !self.is_due(resource, value)
        {
            return Vec::new();
        }
        let (req, mut effects) = self.issue(resource);
        // What the user asks for goes first: a background backfill steps aside (its day is
        // done again later).
        if let Some((backfill, _)) = self.stored.backfilling.take() {
            effects.push(Effect::Cancel { req: backfill });
        }
        effects.push(Effect::Fetch { req, resource });
        effects
    }

    /// Idle, signed in, online and within budget: backfill the next older day into the store.
    pub(super) fn maybe_backfill(&mut self) -> Vec<Effect> {
        let days = self.config.refresh.backfill_days;
        let idle = self.requests.pending_count() == 0
            && self.settling.is_none()
            && self.stored.backfilling.is_none();
        let ready = self.stored.on
            && days > 0
            && idle
            && self.session.source.is_some()
            && self.session.imported.is_none()
            && self.session.account.is_some()
            && !self.session.signed_out
            && self.session.server == Server::Answering
            && self
                .stored
                .backfill_pause
                .is_none_or(|until| self.now >= until)
            && self.budget_allows_prefetch();
        if !ready {
            return Vec::new();
        }
        let today = self.today();
        // Today and yesterday are the tabs' own business; the backfill starts the day before.
        let Some(next) = self
            .stored
            .backfill_next
            .or_else(|| today.checked_sub(2.days()).ok())
        else {
            return Vec::new();
        };
        let oldest = today.checked_sub(i64::from(days).days()).unwrap_or(today);
        if next <= oldest {
            return Vec::new();
        }
        let req = self.requests.next_id();
        self.stored.backfilling = Some((req, next));
        vec![Effect::Backfill {
            req,
            date: next,
            tz: self.tz.clone(),
        }]
    }

    /// A backfilled day is in the store (or the backfill failed: it pauses a while).
    pub(super) fn backfilled(&mut self, date: jiff::civil::Date, result: Result<(), String>) {
        if self.stored.backfilling.is_some_and(|(_, d)| d == date) {
            self.stored.backfilling = None;
        }
        match result {
            Ok(()) => {
                self.stored.backfilled += 1;
                self.stored.backfill_next = date.checked_sub(1.day()).ok();
                // What it stored is recalled afresh when next shown.
                for resource in [
                    Resource::Activity(date),
                    Resource::Heart(date),
                    Resource::Sleep(date),
                ] {
                    if self
                        .cache
                        .get(&resource)
                        .is_none_or(|s| s.value().is_none())
                    {
                        self.stored.recalled.remove(&resource);
                    }
                }
            }
            Err(error) => {
                tracing::info!("backfill of {date} stopped: {error}");
                self.stored.backfill_pause = self
                    .now
                    .checked_add(jiff::SignedDuration::from_mins(5))
                    .ok();
            }
        }
    }

    /// How long a value stays fresh: today's data and device state change; past days don't.
    fn refresh_interval(&self, resource: Resource) -> Option<SignedDuration> {
        let minutes = self.config.refresh.today_minutes;
        if minutes == 0 {
            return None;
        }
        let live = match resource.date() {
            Some(date) => date == self.today(),
            None => true,
        };
        live.then(|| SignedDuration::from_mins(i64::from(minutes)))
    }

    /// Whether a loaded value should be fetched again (the UI marks it stale): today's data
    /// every few minutes, and anything shown from the store that is not final yet.
    pub(super) fn is_due(&self, resource: Resource, value: &Fetched<Payload>) -> bool {
        self.stored.unconfirmed.contains(&resource)
            || self
                .refresh_interval(resource)
                .is_some_and(|every| value.age(self.now) >= every)
    }

    /// Asks the store for `resource` (no network).
    fn recall(&mut self, resource: Resource) -> Vec<Effect> {
        self.stored.recalled.insert(resource);
        self.stored.reading.insert(resource);
        let (req, mut effects) = self.issue(resource);
        effects.push(Effect::Recall { req, resource });
        effects
    }

    /// A new request for `resource` (from the store or the network): its id, the slot marked
    /// loading, and the cancel of the request it supersedes, if any.
    fn issue(&mut self, resource: Resource) -> (RequestId, Vec<Effect>) {
        let (req, superseded) = self.requests.issue(resource);
        self.cache.slot_mut(resource).start_loading(self.now);
        let effects = superseded
            .map(|old| Effect::Cancel { req: old })
            .into_iter()
            .collect();
        (req, effects)
    }

    /// Recalls from the store what the view needs and has not asked it for (no network: used
    /// while the day selection is still moving).
    pub(super) fn recall_current(&mut self) -> Vec<Effect> {
        if !self.stored.on || self.session.source.is_none() {
            return Vec::new();
        }
        let mut effects = Vec::new();
        for resource in self.current_resources() {
            if !self.stored.recalled.contains(&resource) && !self.requests.in_flight(&resource) {
                effects.extend(self.recall(resource));
            }
        }
        effects
    }

    /// A stored value is final — never fetched again unless the user presses `r` — when
    /// everything of it arrived and it was fetched after the day following its date was over
    /// (in the account's zone): by then late syncs are in and the night is processed. Today,
    /// yesterday, and a day stored while it was still one of those, are not.
    fn is_final(&self, resource: Resource, recalled: &Recalled) -> bool {
        let Some(date) = resource.date() else {
            // Devices and alarms are the present state: always asked again.
            return false;
        };
        crate::store::is_final(
            date,
            crate::store::FetchMeta {
                fetched_at: recalled.fetched_at,
                complete: recalled.complete,
            },
            &self.tz,
        )
    }

    /// The store answered; `None` when a newer request owns the slot.
    pub(super) fn recalled(
        &mut self,
        req: RequestId,
        resource: Resource,
        stored: Option<Recalled>,
    ) -> Option<Vec<Effect>> {
        self.stored.reading.remove(&resource);
        if !self.requests.accept(resource, req) {
            return None;
        }
        match stored {
            Some(recalled) => {
                if !self.is_final(resource, &recalled) && self.session.imported.is_none() {
                    self.stored.unconfirmed.insert(resource);
                }
                self.cache
                    .slot_mut(resource)
                    .finish(Ok(recalled.payload), recalled.fetched_at);
            }
            None => self.cache.slot_mut(resource).abandon(),
        }
        // On to the network for what is not final — unless the selection is still moving
        // (the settle asks then) or this is not on screen any more.
        if self.settling.is_some() || !self.current_resources().contains(&resource) {
            return Some(Vec::new());
        }
        Some(self.ensure(resource, false))
    }

    /// The account as stored: its zone and name show at once, before the network answers.
    pub(super) fn account_recalled(&mut self, account: Option<Account>) -> Vec<Effect> {
        self.stored.account_pending = false;
        // The network may have been quicker (then its account stands); either way the view's
        // resources can be recalled now.
        if let Some(account) = account
            && self.session.account.is_none()
        {
            self.stored.account = Some(account.user_id.clone());
            self.adopt_account(account);
        }
        // Data waits for an account: its zone decides where each day starts.
        if self.session.account.is_none() {
            return Vec::new();
        }
        self.load_current(false)
    }

    /// Takes `account`'s zone and name (and keeps the day on "today" if it was).
    fn adopt_account(&mut self, account: Account) {
        let was_today = self.selected == self.today();
        self.tz = account.time_zone.clone();
        self.status.account = Some(account.label());
        self.session.account = Some(account);
        let today = self.today();
        if (was_today && self.selected != today) || self.selected > today {
            self.selected = today;
        }
    }

    /// Cancels in-flight requests for days that are no longer on screen or next to it.
    pub(super) fn cancel_superseded(&mut self) -> Vec<Effect> {
        let keep = |d: jiff::civil::Date, sel: jiff::civil::Date| {
            d == sel || d == sel.yesterday().unwrap_or(sel) || d == sel.tomorrow().unwrap_or(sel)
        };
        let stale: Vec<Resource> = self
            .requests
            .pending()
            .filter_map(|(r, _)| r.date().filter(|d| !keep(*d, self.selected)).map(|_| *r))
            .collect();
        let mut effects = Vec::new();
        for resource in stale {
            if let Some(req) = self.requests.cancel(&resource) {
                self.cache.slot_mut(resource).abandon();
                // A store read cut short: ask it again when the day comes back.
                if self.stored.reading.remove(&resource) {
                    self.stored.recalled.remove(&resource);
                }
                effects.push(Effect::Cancel { req });
            }
        }
        effects
    }

    /// `r`: fetch the current view again.
    pub(super) fn refresh(&mut self) -> Vec<Effect> {
        if self.session.source.is_none() {
            self.notify(
                Severity::Info,
                "Nothing to refresh: no data source is signed in",
            );
            return Vec::new();
        }
        if self.session.signed_out {
            self.notify(Severity::Warning, "Signed out: sign in again to refresh");
            return Vec::new();
        }
        if self.session.imported.is_some() {
            self.notify(
                Severity::Info,
                "Imported data: nothing to refresh (a newer export adds with `fittui import`)",
            );
            return Vec::new();
        }
        if self.session.gone() {
            self.notify(
                Severity::Info,
                "Trying the server again (it last answered 410 Gone)…",
            );
        }
        self.load_current(true)
    }

    /// On each tick: re-fetch what is due (today's data every few minutes).
    pub(super) fn refresh_due(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        for resource in self.current_resources() {
            let due = matches!(
                self.cache.get(&resource),
                Some(Loadable::Loaded(value)) if self.is_due(resource, value)
            );
            if due {
                effects.extend(self.ensure(resource, false));
            }
        }
        effects
    }

    pub(super) fn account_loaded(&mut self, result: Result<Account, ApiError>) -> Vec<Effect> {
        self.session.account_pending = false;
        match result {
            Ok(account) => {
                if let Some(note) = &account.assumed {
                    self.notify(Severity::Warning, note.clone());
                }
                // Data recalled for another account (the profile signed in as someone else
                // since): none of it is this account's.
                if self
                    .stored
                    .account
                    .as_ref()
                    .is_some_and(|id| *id != account.user_id)
                {
                    self.cache = Box::new(super::data::MemoryCache::default());
                    self.stored.recalled.clear();
                    self.stored.unconfirmed.clear();
                }
                self.stored.account = Some(account.user_id.clone());
                self.adopt_account(account);
            }
            Err(error) => {
                self.note_error(&error);
                if !error.needs_sign_in() {
                    self.notify(
                        Severity::Warning,
                        format!(
                            "Couldn't load the account: {}",
                            error.short_in(&self.local_time())
                        ),
                    );
                }
            }
        }
        self.load_current(false)
    }

    /// A fetch finished; `None` when a newer request for the same resource owns the slot.
    pub(super) fn fetched(
        &mut self,
        req: RequestId,
        resource: Resource,
        result: Result<Payload, ApiError>,
    ) -> Option<Vec<Effect>> {
        if !self.requests.accept(resource, req) {
            return None;
        }
        let ok = result.is_ok();
        match &result {
            Ok(payload) => {
                if self.session.gone() {
                    self.notify(Severity::Info, "The server answers again");
                }
                if self.session.offline() {
                    self.notify(Severity::Info, "Back online");
                }
                self.session.server = Server::Answering;
                self.session.offline_since = None;
                self.stored.unconfirmed.remove(&resource);
                self.retry_delay = super::shell::RETRY_FIRST;
                // "synced" means everything asked for arrived: a view with a part whose
                // request failed is shown, but is not a sync.
                let complete = !payload
                    .gaps()
                    .iter()
                    .any(|g| matches!(g.reason, GapReason::Failed(_)));
                if complete {
                    self.status.last_sync = Some(self.now);
                }
            }
            Err(error) => self.note_error(error),
        }
        let offline = matches!(result, Err(ApiError::Network(_)));
        self.cache.slot_mut(resource).finish(result, self.now);
        if ok && self.current_resources().contains(&resource) {
            return Some(self.prefetch_neighbours(resource));
        }
        // Offline: retry later, waiting longer each time (5 s, 10 s, … 5 min), until it works.
        if offline && self.retry.is_none() {
            let token = self.next_wake_token();
            let after = self.retry_delay;
            self.retry = Some((token, after));
            self.retry_delay = (after * 2).min(super::shell::RETRY_MAX);
            return Some(vec![Effect::Wake { token, after }]);
        }
        Some(Vec::new())
    }

    /// Fetches the days either side of `resource` while the budget allows.
    fn prefetch_neighbours(&mut self, resource: Resource) -> Vec<Effect> {
        let Some(date) = resource.date() else {
            return Vec::new();
        };
        if !self.config.refresh.prefetch || !self.budget_allows_prefetch() {
            return Vec::new();
        }
        let today = self.today();
        let mut effects = Vec::new();
        for delta in [-1, 1] {
            let Ok(day) = date.checked_add(delta.days()) else {
                continue;
            };
            if day > today || self.cache.get(&resource.on(day)).is_some() {
                continue;
            }
            effects.extend(self.ensure(resource.on(day), false));
        }
        effects
    }

    pub(super) fn budget_allows_prefetch(&self) -> bool {
        match self.session.budget {
            None => true,
            Some(b) if b.resets_at <= self.now => true,
            Some(b) => {
                let reserve = (b.limit / PREFETCH_RESERVE_FRACTION).max(PREFETCH_RESERVE_MIN);
                b.remaining > reserve
            }
        }
    }

    /// Session-wide consequences of an error (the slot keeps the error itself).
    pub(super) fn note_error(&mut self, error: &ApiError) {
        match error {
            ApiError::Network(_) if !self.session.offline() => {
                self.session.server = Server::Offline;
                self.session.offline_since = Some(self.now);
                self.notify(
                    Severity::Warning,
                    "Offline: can't reach the server; showing what was already loaded",
                );
            }
            ApiError::RateLimited { until } => {
                let until = self.local_time().minute(*until);
                self.notify(
                    Severity::Warning,
                    format!("Request budget spent; fittui waits until {until} before asking again"),
                );
            }
            // Said once per outage: further 410s while gone add nothing.
            ApiError::Gone if !self.session.gone() => {
                self.session.server = Server::Gone;
                let when = self.local_time().minute(self.now);
                self.notify(
                    Severity::Error,
                    format!("The server answered 410 Gone at {when}; press r to try again"),
                );
                self.overlay = Some(Overlay::Message {
                    severity: Severity::Error,
                    title: "The Fitbit Web API is gone".into(),
                    body: "The server answered 410 Gone: Google shut the legacy Fitbit Web \
                           API down in November 2026.\n\nSign in with the Google Health API \
                           instead:\n\n    fittui auth login --provider google\n\nIf \
                           fittui talks to a compatible server of your own (`api_base_url`), \
                           it may come back: press r to try again. fittui asks nothing more \
                           on its own until then; data already on screen stays available."
                        .into(),
                });
            }
            // The token manager already refreshed where it could: an unauthorized answer that
            // reaches the app (revoked, invalid, or an expired token that cannot be refreshed,
            // such as a pasted one) needs the user to sign in again.
            ApiError::Unauthorized { problem, message } if !self.session.signed_out => {
                self.session.signed_out = true;
                self.overlay = Some(self.signed_out_message(problem, message));
            }
            _ => {}
        }
    }

    fn signed_out_message(&self, problem: &AuthProblem, message: &str) -> Overlay {
        let provider = self
            .session
            .source
            .as_ref()
            .map_or(ProviderKind::Google, |s| s.kind);
        Overlay::Message {
            severity: Severity::Error,
            title: "Signed out".into(),
            body: format!(
                "fittui can no longer read your data: {}.\n\n{}The data already on screen stays \
                 available. To sign in again, close this message (Esc), quit fittui (q) and run:\n\n    fittui auth login \
                 --provider {provider}\n\nthen start fittui again.",
                problem.describe(),
                if *problem == AuthProblem::Expired && !message.is_empty() {
                    format!("({message})\n\n")
                } else {
                    String::new()
                }
            ),
        }
    }
}

impl Shell {
    /// Reads the stored days of the Today, Heart or Sleep tab's week, month or year (and of the
    /// period before it, to compare) unless they are already read; nothing in the day view.
    pub(super) fn read_period(&mut self, force: bool) -> Vec<Effect> {
        use super::period::Period;
        if !super::period::zoomable(self.tab) || self.period == Period::Day {
            return Vec::new();
        }
        let (first, to) = self.period.window(self.selected);
        let from = self
            .period
            .shift(first, -1)
            .map_or(first, |d| self.period.window(d).0);
        if !force
            && self
                .period_days
                .as_ref()
                .is_some_and(|p| p.from == from && p.to == to)
        {
            return Vec::new();
        }
        if !self.stored.on {
            self.period_days = Some(super::shell::PeriodDays {
                from,
                to,
                days: Some(Err(
                    "weeks, months and years come from the local store, and fittui runs without one now"
                        .into(),
                )),
                health: None,
            });
            return Vec::new();
        }
        self.period_days = Some(super::shell::PeriodDays {
            from,
            to,
            days: None,
            health: None,
        });
        vec![Effect::ReadPeriod {
            from,
            shown: first,
            to,
            tz: self.tz.clone(),
        }]
    }
}
