//! Request-budget tracking. The legacy API reports its budget in `fitbit-rate-limit-*` headers;
//! Google reports nothing, so fittui counts its own requests in a sliding minute. Nothing is
//! sent while the budget is spent or after a 429: requests wait for the reset instead.
//!
//! A reported budget only counts requests the server has answered, so requests sent together
//! (a view fetches several at once) could overspend it. Each request therefore holds an
//! [`InFlight`] reservation until its answer is in (or it fails, or is cancelled): when every
//! request the budget has left is reserved, the next one waits briefly for answers instead of
//! being sent into a 429.

use std::collections::VecDeque;
use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};

use crate::api::RateBudget;

/// Extra wait after a reported reset, for clock skew (resetting "at :00:01" fails).
pub const RESET_SKEW: SignedDuration = SignedDuration::from_secs(2);

/// How long to wait for answers when the budget left is reserved by requests in flight.
pub const IN_FLIGHT_WAIT: SignedDuration = SignedDuration::from_millis(50);

/// How a provider meters requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metering {
    /// The server reports limit/remaining/reset in response headers.
    Headers,
    /// Count locally: at most `limit` requests per `window`.
    Local { limit: u32, window: SignedDuration },
}

#[derive(Debug, Default)]
struct State {
    budget: Option<RateBudget>,
    blocked_until: Option<Timestamp>,
    sent: VecDeque<Timestamp>,
    /// Requests sent and not answered yet.
    in_flight: u32,
}

/// A request counted against the reported budget until its answer is observed; dropping it
/// (answered, failed or cancelled) releases the reservation.
#[derive(Debug)]
#[must_use = "the reservation ends when this is dropped"]
pub struct InFlight<'a>(&'a RateLimiter);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut st = self.0.state();
        st.in_flight = st.in_flight.saturating_sub(1);
    }
}

/// Tracks the budget and tells callers how long to wait before sending.
#[derive(Debug)]
pub struct RateLimiter {
    metering: Metering,
    state: Mutex<State>,
}

impl RateLimiter {
    pub fn new(metering: Metering) -> Self {
        Self {
            metering,
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How long to wait before the next request may be sent (`None`: send now).
    pub fn delay(&self, now: Timestamp) -> Option<SignedDuration> {
        let mut st = self.state();
        let mut until: Option<Timestamp> = st.blocked_until.filter(|t| *t > now);
        let mut answers_due = false;
        match self.metering {
            Metering::Headers => {
                if let Some(b) = st.budget
                    && b.resets_at > now
                {
                    if b.remaining == 0 {
                        let t = b
                            .resets_at
                            .saturating_add(RESET_SKEW)
                            .unwrap_or(b.resets_at);
                        until = Some(until.map_or(t, |u| u.max(t)));
                    } else if b.remaining <= st.in_flight {
                        answers_due = true;
                    }
                }
            }
            Metering::Local { limit, window } => {
                let horizon = now.saturating_sub(window).unwrap_or(now);
                while st.sent.front().is_some_and(|t| *t <= horizon) {
                    st.sent.pop_front();
                }
                if st.sent.len() >= limit as usize
                    && let Some(oldest) = st.sent.front()
                {
                    let t = oldest.saturating_add(window).unwrap_or(*oldest);
                    until = Some(until.map_or(t, |u| u.max(t)));
                }
            }
        }
        match until {
            Some(t) => Some(t.duration_since(now)),
            None => answers_due.then_some(IN_FLIGHT_WAIT),
        }
    }

    /// Records that a request is being sent now; keep the returned reservation until its
    /// answer has been passed to [`RateLimiter::observe_headers`].
    pub fn record_send(&self, now: Timestamp) -> InFlight<'_> {
        let mut st = self.state();
        st.in_flight = st.in_flight.saturating_add(1);
        if let Metering::Local { limit, window } = self.metering {
            st.sent.push_back(now);
            let remaining = limit.saturating_sub(st.sent.len() as u32);
            let resets_at = st
                .sent
                .front()
                .map_or(now, |t| t.saturating_add(window).unwrap_or(*t));
            st.budget = Some(RateBudget {
                limit,
                remaining,
                resets_at,
            });
        }
        InFlight(self)
    }

    /// Reads `fitbit-rate-limit-limit/-remaining/-reset` (seconds until reset).
    pub fn observe_headers(&self, header: &impl Fn(&str) -> Option<String>, now: Timestamp) {
        if self.metering != Metering::Headers {
            return;
        }
        let num = |name: &str| header(name).and_then(|v| v.trim().parse::<u64>().ok());
        let (Some(limit), Some(remaining), Some(reset)) = (
            num("fitbit-rate-limit-limit"),
            num("fitbit-rate-limit-remaining"),
            num("fitbit-rate-limit-reset"),
        ) else {
            return;
        };
        let resets_at = now
            .saturating_add(SignedDuration::from_secs(reset.min(86_400) as i64))
            .unwrap_or(now);
        let report = RateBudget {
            limit: u32::try_from(limit).unwrap_or(u32::MAX),
            remaining: u32::try_from(remaining).unwrap_or(u32::MAX),
            resets_at,
        };
        let mut st = self.state();
        st.budget = Some(st.budget.map_or(report, |b| b.merge(report)));
    }

    /// After a 429: send nothing before `until`.
    pub fn block_until(&self, until: Timestamp) {
        let mut st = self.state();
        st.blocked_until = Some(st.blocked_until.map_or(until, |u| u.max(until)));
        if let Some(b) = &mut st.budget {
            b.remaining = 0;
            b.resets_at = b.resets_at.max(until);
        }
    }

    /// The budget as last known.
    pub fn budget(&self) -> Option<RateBudget> {
        self.state().budget
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn header_budget_blocks_until_reset() {
        let rl = RateLimiter::new(Metering::Headers);
        let now = t("2026-11-21T12:40:00Z");
        assert_eq!(rl.delay(now), None);
        let headers = |name: &str| match name {
            "fitbit-rate-limit-limit" => Some("150".to_string()),
            "fitbit-rate-limit-remaining" => Some("0".to_string()),
            "fitbit-rate-limit-reset" => Some("1200".to_string()),
            _ => None,
        };
        rl.observe_headers(&headers, now);
        assert_eq!(rl.budget().unwrap().remaining, 0);
        assert_eq!(rl.delay(now), Some(SignedDuration::from_secs(1202)));
        assert_eq!(rl.delay(t("2026-11-21T13:00:03Z")), None);
    }

    fn report(remaining: &'static str) -> impl Fn(&str) -> Option<String> {
        move |name: &str| match name {
            "fitbit-rate-limit-limit" => Some("150".to_string()),
            "fitbit-rate-limit-remaining" => Some(remaining.to_string()),
            "fitbit-rate-limit-reset" => Some("1200".to_string()),
            _ => None,
        }
    }

    #[test]
    fn a_late_answer_does_not_raise_the_budget_of_the_same_window() {
        let rl = RateLimiter::new(Metering::Headers);
        let now = t("2026-11-21T12:40:00Z");
        rl.observe_headers(&report("120"), now);
        rl.observe_headers(&report("125"), now);
        assert_eq!(rl.budget().unwrap().remaining, 120);
        // The next hour's window replaces it.
        rl.observe_headers(&report("149"), t("2026-11-21T13:00:05Z"));
        assert_eq!(rl.budget().unwrap().remaining, 149);
    }

    #[test]
    fn requests_in_flight_hold_the_budget_they_will_spend() {
        let rl = RateLimiter::new(Metering::Headers);
        let now = t("2026-11-21T12:40:00Z");
        rl.observe_headers(&report("2"), now);
        let first = rl.record_send(now);
        assert_eq!(rl.delay(now), None);
        let second = rl.record_send(now);
        // Both requests left are reserved: wait for answers, not for the reset.
        assert_eq!(rl.delay(now), Some(IN_FLIGHT_WAIT));
        assert_eq!(
            rl.budget().unwrap().remaining,
            2,
            "the display shows what was reported"
        );
        // The first answer says one is left, and the second is still out.
        rl.observe_headers(&report("1"), now);
        drop(first);
        assert_eq!(rl.delay(now), Some(IN_FLIGHT_WAIT));
        // The second fails without an answer (or is cancelled): its reservation ends.
        drop(second);
        assert_eq!(rl.delay(now), None);
        // Spent: wait for the reset.
        let third = rl.record_send(now);
        rl.observe_headers(&report("0"), now);
        drop(third);
        assert_eq!(rl.delay(now), Some(SignedDuration::from_secs(1202)));
        let later = t("2026-11-21T13:00:03Z");
        rl.observe_headers(&report("149"), later);
        assert_eq!(rl.delay(later), None);
    }

    #[test]
    fn missing_or_garbage_headers_change_nothing() {
        let rl = RateLimiter::new(Metering::Headers);
        let now = t("2026-11-21T12:40:00Z");
        rl.observe_headers(&|_| Some("lots".to_string()), now);
        rl.observe_headers(&|_| None, now);
        assert!(rl.budget().is_none());
    }

    #[test]
    fn a_429_blocks_even_with_budget_left() {
        let rl = RateLimiter::new(Metering::Headers);
        let now = t("2026-11-21T12:40:00Z");
        rl.block_until(t("2026-11-21T12:41:00Z"));
        assert_eq!(rl.delay(now), Some(SignedDuration::from_secs(60)));
    }

    #[test]
    fn local_window_counts_requests() {
        let rl = RateLimiter::new(Metering::Local {
            limit: 3,
            window: SignedDuration::from_secs(60),
        });
        let now = t("2026-11-21T12:00:00Z");
        for i in 0..3 {
            assert_eq!(rl.delay(now + SignedDuration::from_secs(i)), None);
            let _sent = rl.record_send(now + SignedDuration::from_secs(i));
        }
        assert_eq!(rl.budget().unwrap().remaining, 0);
        let later = now + SignedDuration::from_secs(10);
        assert_eq!(rl.delay(later), Some(SignedDuration::from_secs(50)));
        assert_eq!(rl.delay(now + SignedDuration::from_secs(61)), None);
    }
}
