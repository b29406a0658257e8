//! Mutable server state besides OAuth: tracker alarms, the sleep goal, rate-limit windows and
//! the per-user QPS buckets of an unverified Google app.
//!
//! Alarms follow the legacy API: created and updated alarms are `syncedToDevice: false` until
//! the tracker syncs; a deleted alarm stays in the list with `deleted: true` (and
//! `syncedToDevice: false`) until that sync removes it. The simulated tracker syncs only when
//! asked (`POST /_sim/sync` or [`crate::SimHandle::sync_trackers`]).

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Weekday;
use serde::{Deserialize, Serialize};

use super::config::RateLimit;
use super::person::extras::CHARGE_2_ID;

/// One tracker alarm, as stored (field names as the legacy API writes them).
#[allow(clippy::struct_excessive_bools)] // mirrors the API's flags one to one
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlarmRecord {
    pub alarm_id: u64,
    pub deleted: bool,
    pub enabled: bool,
    pub label: Option<String>,
    pub recurring: bool,
    pub snooze_count: u32,
    pub snooze_length: u32,
    pub synced_to_device: bool,
    /// `HH:mm` plus the tracker's UTC offset, e.g. `07:15-08:00`.
    pub time: String,
    pub vibe: String,
    pub week_days: Vec<String>,
}

/// The mutable state tests can inspect (`GET /_sim/state`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimState {
    /// Alarms per tracker id, in creation order.
    pub alarms: BTreeMap<String, Vec<AlarmRecord>>,
    /// The sleep goal, minutes.
    pub sleep_goal_minutes: u32,
}

/// First id handed out to a new alarm.
pub const FIRST_NEW_ALARM_ID: u64 = 11_426_385;

/// Alarm and goal storage.
#[derive(Debug, Clone)]
pub struct UserState {
    pub trackers: BTreeMap<String, Vec<AlarmRecord>>,
    next_id: u64,
    /// Sleep goal, minutes.
    pub sleep_goal: u32,
    /// When the sleep goal was last set (`None`: the initial goal).
    pub sleep_goal_updated: Option<Timestamp>,
}

/// Day names in the legacy API's spelling.
pub fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Monday => "MONDAY",
        Weekday::Tuesday => "TUESDAY",
        Weekday::Wednesday => "WEDNESDAY",
        Weekday::Thursday => "THURSDAY",
        Weekday::Friday => "FRIDAY",
        Weekday::Saturday => "SATURDAY",
        Weekday::Sunday => "SUNDAY",
    }
}

/// `-08:00` style offset.
pub fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", s / 3600, (s % 3600) / 60)
}

impl UserState {
    /// The Charge 2's alarms at start-up: a workday alarm, a weekend one (off) and a one-off
    /// for tomorrow (off), all already on the tracker. `offset` is the tracker's UTC offset.
    pub fn initial(offset_secs: i32, tomorrow: Weekday) -> Self {
        let off = offset_text(offset_secs);
        let days = |d: &[Weekday]| d.iter().map(|d| weekday_name(*d).to_string()).collect();
        let alarm =
            |id, time: &str, enabled, recurring, week_days, label: Option<&str>| AlarmRecord {
                alarm_id: id,
                deleted: false,
                enabled,
                label: label.map(str::to_string),
                recurring,
                snooze_count: 3,
                snooze_length: 9,
                synced_to_device: true,
                time: format!("{time}{off}"),
                vibe: "DEFAULT".into(),
                week_days,
            };
        let alarms = vec![
            alarm(
                11_426_382,
                "07:15",
                true,
                true,
                days(&[
                    Weekday::Monday,
                    Weekday::Tuesday,
                    Weekday::Wednesday,
                    Weekday::Thursday,
                    Weekday::Friday,
                ]),
                Some("Work"),
            ),
            alarm(
                11_426_383,
                "08:30",
                false,
                true,
                days(&[Weekday::Saturday, Weekday::Sunday]),
                None,
            ),
            alarm(
                11_426_384,
                "05:40",
                false,
                false,
                days(&[tomorrow]),
                Some("Flight"),
            ),
        ];
        UserState {
            trackers: BTreeMap::from([(CHARGE_2_ID.to_string(), alarms)]),
            next_id: FIRST_NEW_ALARM_ID,
            sleep_goal: 480,
            sleep_goal_updated: None,
        }
    }

    /// A fresh alarm id.
    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The tracker syncs: pending changes reach it, deleted alarms disappear.
    pub fn sync(&mut self) {
        for alarms in self.trackers.values_mut() {
            alarms.retain(|a| !a.deleted);
            for a in alarms.iter_mut() {
                a.synced_to_device = true;
            }
        }
    }

    pub fn snapshot(&self) -> SimState {
        SimState {
            alarms: self.trackers.clone(),
            sleep_goal_minutes: self.sleep_goal,
        }
    }
}

/// The outcome of counting a request against a user's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateInfo {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window resets.
    pub reset_secs: u32,
}

/// Per-user request windows aligned to the epoch (Fitbit: top of the hour).
#[derive(Debug, Clone)]
pub struct RateState {
    limit: RateLimit,
    buckets: BTreeMap<String, (i64, u32)>,
}

impl RateState {
    pub fn new(limit: RateLimit) -> Self {
        RateState {
            limit,
            buckets: BTreeMap::new(),
        }
    }

    fn window(&self, now: Timestamp) -> (u32, i64, u32) {
        match self.limit {
            RateLimit::Unlimited => (u32::MAX, 0, 0),
            RateLimit::Window { limit, period_secs } => {
                let p = i64::from(period_secs);
                let t = now.as_second();
                let idx = t.div_euclid(p);
                let reset = (idx + 1) * p - t;
                (limit, idx, reset as u32)
            }
        }
    }

    /// Counts one request for `key` and says whether it may proceed.
    pub fn hit(&mut self, key: &str, now: Timestamp) -> RateInfo {
        let (limit, idx, reset_secs) = self.window(now);
        if self.limit == RateLimit::Unlimited {
            return RateInfo {
                allowed: true,
                limit,
                remaining: limit,
                reset_secs,
            };
        }
        let entry = self.buckets.entry(key.to_string()).or_insert((idx, 0));
        if entry.0 != idx {
            *entry = (idx, 0);
        }
        let allowed = entry.1 < limit;
        if allowed {
            entry.1 += 1;
        }
        RateInfo {
            allowed,
            limit,
            remaining: limit - entry.1.min(limit),
            reset_secs,
        }
    }

    /// The window state for `key` without counting.
    pub fn peek(&self, key: Option<&str>, now: Timestamp) -> RateInfo {
        let (limit, idx, reset_secs) = self.window(now);
        let used = key
            .and_then(|k| self.buckets.get(k))
            .filter(|(i, _)| *i == idx)
            .map_or(0, |(_, n)| *n);
        RateInfo {
            allowed: used < limit,
            limit,
            remaining: limit.saturating_sub(used),
            reset_secs,
        }
    }
}

/// Milliseconds of credit one request costs under the unverified-app limit: 2.5 requests/s.
pub const QPS_INTERVAL_MS: i64 = 400;
/// Requests a rested user may send at once under the unverified-app limit (the simulator's
/// assumption; Google documents only the rate).
pub const QPS_BURST: i64 = 3;

/// Per-user token buckets for Google's unverified-app limit ("2.5 QPS per user"): rate 2.5
/// requests/s, capacity [`QPS_BURST`]. Kept as a theoretical arrival time per user (GCRA), in
/// integer milliseconds of the simulator's clock, so a test's `FixedClock` makes it exact.
#[derive(Debug, Clone, Default)]
pub struct QpsState {
    /// When each user's bucket will be full again (its theoretical arrival time).
    tat: BTreeMap<String, i64>,
}

impl QpsState {
    /// Takes one token from `key`'s bucket at `now`; `false` (nothing taken) when it is empty.
    pub fn hit(&mut self, key: &str, now: Timestamp) -> bool {
        let now = now.as_millisecond();
        let tat = self.tat.get(key).copied().unwrap_or(now).max(now);
        if tat - now > (QPS_BURST - 1) * QPS_INTERVAL_MS {
            return false;
        }
        self.tat.insert(key.to_string(), tat + QPS_INTERVAL_MS);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qps_bucket_allows_a_burst_of_three_then_two_and_a_half_per_second() {
        let mut q = QpsState::default();
        let t: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        let at = |ms: i64| {
            t.checked_add(jiff::SignedDuration::from_millis(ms))
                .unwrap()
        };
        let got: Vec<bool> = (0..5).map(|_| q.hit("u", t)).collect();
        assert_eq!(got, [true, true, true, false, false]);
        assert!(q.hit("other", t), "buckets are per user");
        assert!(!q.hit("u", at(399)));
        assert!(q.hit("u", at(400)));
        assert!(!q.hit("u", at(400)));
        // A rested bucket holds 3 again, never more.
        let rested = at(60_000);
        let got: Vec<bool> = (0..4).map(|_| q.hit("u", rested)).collect();
        assert_eq!(got, [true, true, true, false]);
        // Paced at 2.5/s a user is never refused.
        let mut p = QpsState::default();
        assert!((0..100).all(|i| p.hit("u", at(i * 400))));
    }

    #[test]
    fn windows_reset_at_the_top_of_the_hour() {
        let mut st = RateState::new(RateLimit::Window {
            limit: 2,
            period_secs: 3600,
        });
        let t: Timestamp = "2026-11-21T12:59:00Z".parse().unwrap();
        assert!(st.hit("u", t).allowed);
        let second = st.hit("u", t);
        assert!(second.allowed && second.remaining == 0);
        let third = st.hit("u", t);
        assert!(!third.allowed);
        assert_eq!(third.reset_secs, 60);
        assert!(st.hit("other", t).allowed);
        let next: Timestamp = "2026-11-21T13:00:00Z".parse().unwrap();
        assert_eq!(st.hit("u", next).remaining, 1);
        assert_eq!(st.peek(Some("u"), next).remaining, 1);
    }

    #[test]
    fn alarms_sync() {
        let mut st = UserState::initial(-8 * 3600, Weekday::Sunday);
        let alarms = st.trackers.get_mut(CHARGE_2_ID).unwrap();
        assert_eq!(alarms[0].time, "07:15-08:00");
        alarms[1].deleted = true;
        alarms[1].synced_to_device = false;
        st.sync();
        assert_eq!(st.trackers[CHARGE_2_ID].len(), 2);
        assert_eq!(offset_text(19_800), "+05:30");
        assert_eq!(st.next_id(), FIRST_NEW_ALARM_ID);
    }
}
