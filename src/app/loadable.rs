//! `Loadable<T, E>`: the state of one data slot. "No data recorded" is a loaded value (the
//! domain types say when they are empty), never a zero and never an error.

use jiff::{SignedDuration, Timestamp};

/// A value with the instant it was fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched<T> {
    pub value: T,
    pub fetched_at: Timestamp,
}

impl<T> Fetched<T> {
    pub fn age(&self, now: Timestamp) -> SignedDuration {
        now.duration_since(self.fetched_at)
    }
}

/// One data slot.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Loadable<T, E> {
    /// Never requested.
    #[default]
    NotLoaded,
    /// A request is in flight; the previous value (if any) stays visible.
    Loading {
        since: Timestamp,
        previous: Option<Fetched<T>>,
    },
    Loaded(Fetched<T>),
    /// The last request failed; the last good value (if any) stays visible.
    Failed {
        error: E,
        at: Timestamp,
        last_good: Option<Fetched<T>>,
    },
}

impl<T, E> Loadable<T, E> {
    /// The value to show, whatever the state: current, previous while loading, or last good.
    pub fn value(&self) -> Option<&Fetched<T>> {
        match self {
            Loadable::NotLoaded => None,
            Loadable::Loading { previous, .. } => previous.as_ref(),
            Loadable::Loaded(v) => Some(v),
            Loadable::Failed { last_good, .. } => last_good.as_ref(),
        }
    }

    /// Mutable access to the visible value (local edits confirmed by the server).
    pub fn value_mut(&mut self) -> Option<&mut Fetched<T>> {
        match self {
            Loadable::NotLoaded => None,
            Loadable::Loading { previous, .. } => previous.as_mut(),
            Loadable::Loaded(v) => Some(v),
            Loadable::Failed { last_good, .. } => last_good.as_mut(),
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Loadable::Loading { .. })
    }

    pub fn error(&self) -> Option<&E> {
        match self {
            Loadable::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Moves to `Loading`, keeping whatever value was visible.
    pub fn start_loading(&mut self, now: Timestamp) {
        let previous = self.take_value();
        *self = Loadable::Loading {
            since: now,
            previous,
        };
    }

    pub fn finish(&mut self, result: Result<T, E>, now: Timestamp) {
        *self = match result {
            Ok(value) => Loadable::Loaded(Fetched {
                value,
                fetched_at: now,
            }),
            Err(error) => Loadable::Failed {
                error,
                at: now,
                last_good: self.take_value(),
            },
        };
    }

    /// Drops an abandoned request: back to the value that was visible before it, if any.
    pub fn abandon(&mut self) {
        if self.is_loading()
            && let Loadable::Loading { previous, .. } = std::mem::take(self)
        {
            *self = previous.map_or(Loadable::NotLoaded, Loadable::Loaded);
        }
    }

    fn take_value(&mut self) -> Option<Fetched<T>> {
        match std::mem::take(self) {
            Loadable::NotLoaded => None,
            Loadable::Loading { previous, .. } => previous,
            Loadable::Loaded(v) => Some(v),
            Loadable::Failed { last_good, .. } => last_good,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_keeps_the_last_good_value() {
        let t0: Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        let mut slot: Loadable<u32, &str> = Loadable::NotLoaded;
        slot.start_loading(t0);
        assert!(slot.is_loading());
        assert!(slot.value().is_none());
        slot.finish(Ok(7), t0);
        slot.start_loading(t0);
        assert_eq!(slot.value().unwrap().value, 7);
        slot.finish(Err("offline"), t0);
        assert_eq!(slot.error(), Some(&"offline"));
        assert_eq!(slot.value().unwrap().value, 7);
    }
}
