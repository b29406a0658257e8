//! The status line's model: transient notifications (severity, auto-expiry) and the persistent
//! indicators (account, provider, last sync, rate-limit budget, offline).

use jiff::{SignedDuration, Timestamp};

/// How loudly a notification is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A message that disappears on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub severity: Severity,
    pub text: String,
    pub expires_at: Timestamp,
}

/// How long notifications stay, by severity.
pub fn lifetime(severity: Severity) -> SignedDuration {
    match severity {
        Severity::Info => SignedDuration::from_secs(4),
        Severity::Warning => SignedDuration::from_secs(6),
        Severity::Error => SignedDuration::from_secs(10),
    }
}

/// One line of the message log: every notification of the session, kept after it leaves the
/// status line (`m` opens the log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub at: Timestamp,
    pub severity: Severity,
    pub text: String,
    /// How many times in a row it was said (the same message again only counts up).
    pub times: u32,
}

/// How many messages the log keeps (the oldest go first).
pub const LOG_CAPACITY: usize = 500;

/// Transient notifications plus persistent indicators.
#[derive(Debug, Clone, Default)]
pub struct StatusLine {
    notifications: Vec<Notification>,
    log: Vec<LogEntry>,
    /// Signed-in account, as shown to the user (display name or id).
    pub account: Option<String>,
    /// Data source name (`fitbit`, `google`).
    pub provider: Option<String>,
    /// When data was last fetched successfully.
    pub last_sync: Option<Timestamp>,
}

impl StatusLine {
    /// Adds a notification that expires after its severity's lifetime.
    pub fn notify(&mut self, severity: Severity, text: impl Into<String>, now: Timestamp) {
        let text = text.into();
        match self.log.last_mut() {
            Some(last) if last.text == text => {
                last.times += 1;
                last.at = now;
            }
            _ => {
                if self.log.len() == LOG_CAPACITY {
                    self.log.remove(0);
                }
                self.log.push(LogEntry {
                    at: now,
                    severity,
                    text: text.clone(),
                    times: 1,
                });
            }
        }
        // The same message again only refreshes its expiry.
        self.notifications.retain(|n| n.text != text);
        let expires_at = now.saturating_add(lifetime(severity)).unwrap_or(now);
        self.notifications.push(Notification {
            severity,
            text,
            expires_at,
        });
    }

    /// Drops a notification that no longer holds (the problem it reported is gone).
    pub fn withdraw(&mut self, text: &str) {
        self.notifications.retain(|n| n.text != text);
    }

    /// Drops expired notifications; returns whether anything changed.
    pub fn expire(&mut self, now: Timestamp) -> bool {
        let before = self.notifications.len();
        self.notifications.retain(|n| n.expires_at > now);
        before != self.notifications.len()
    }

    /// The notification to show: the newest of the most severe ones.
    pub fn current(&self) -> Option<&Notification> {
        self.notifications.iter().rev().max_by_key(|n| n.severity)
    }

    pub fn notifications(&self) -> &[Notification] {
        &self.notifications
    }

    /// Every message of the session, oldest first.
    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_expire_and_the_worst_shows() {
        let t0: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        let mut s = StatusLine::default();
        s.notify(Severity::Info, "hello", t0);
        s.notify(Severity::Error, "bad", t0);
        s.notify(Severity::Info, "later", t0);
        assert_eq!(s.current().unwrap().text, "bad");
        assert!(s.expire(t0 + SignedDuration::from_secs(5)));
        assert_eq!(s.current().unwrap().text, "bad");
        assert!(s.expire(t0 + SignedDuration::from_secs(11)));
        assert!(s.current().is_none());
        assert!(!s.expire(t0 + SignedDuration::from_secs(12)));
    }

    #[test]
    fn repeated_message_is_not_duplicated() {
        let t0: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        let mut s = StatusLine::default();
        s.notify(Severity::Warning, "same", t0);
        s.notify(Severity::Warning, "same", t0 + SignedDuration::from_secs(3));
        assert_eq!(s.notifications().len(), 1);
        assert_eq!(s.log().len(), 1);
        assert_eq!(s.log()[0].times, 2);
    }

    #[test]
    fn the_log_keeps_what_the_status_line_dropped() {
        let t0: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        let mut s = StatusLine::default();
        for i in 0..LOG_CAPACITY + 3 {
            s.notify(Severity::Info, format!("message {i}"), t0);
        }
        s.expire(t0 + SignedDuration::from_mins(1));
        assert!(s.current().is_none());
        assert_eq!(s.log().len(), LOG_CAPACITY);
        assert_eq!(s.log()[0].text, "message 3");
        assert_eq!(
            s.log().last().unwrap().text,
            format!("message {}", LOG_CAPACITY + 2)
        );
    }
}
