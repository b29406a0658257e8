//! Fetched data and in-flight requests.
//!
//! [`DataCache`] is the interface the app reads and writes slots through; [`MemoryCache`] keeps
//! them in memory for the session, and a persistent store can implement the same trait later.
//! [`Requests`] hands out request ids and enforces latest-wins per resource.

use std::collections::HashMap;

use super::action::{Payload, RequestId, Resource};
use super::loadable::Loadable;
use crate::api::ApiError;

/// One data slot.
pub type Slot = Loadable<Payload, ApiError>;

/// Where fetched data lives between requests.
pub trait DataCache: std::fmt::Debug + Send {
    fn get(&self, key: &Resource) -> Option<&Slot>;
    /// The slot for `key`, created empty if absent.
    fn slot_mut(&mut self, key: Resource) -> &mut Slot;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The session's in-memory cache.
#[derive(Debug, Default)]
pub struct MemoryCache {
    slots: HashMap<Resource, Slot>,
}

impl DataCache for MemoryCache {
    fn get(&self, key: &Resource) -> Option<&Slot> {
        self.slots.get(key)
    }

    fn slot_mut(&mut self, key: Resource) -> &mut Slot {
        self.slots.entry(key).or_default()
    }

    fn len(&self) -> usize {
        self.slots.len()
    }
}

/// Request ids and the latest request per resource.
#[derive(Debug, Default)]
pub struct Requests {
    next: RequestId,
    latest: HashMap<Resource, RequestId>,
}

impl Requests {
    /// A new id for `resource`; returns the request it supersedes, if one was in flight.
    pub fn issue(&mut self, resource: Resource) -> (RequestId, Option<RequestId>) {
        self.next += 1;
        let id = self.next;
        let previous = self.latest.insert(resource, id);
        (id, previous)
    }

    /// A fresh id for a request that is not tied to a resource slot (alarm changes).
    pub fn next_id(&mut self) -> RequestId {
        self.next += 1;
        self.next
    }

    /// Whether `id` is the latest request for `resource`; if so it is no longer in flight.
    pub fn accept(&mut self, resource: Resource, id: RequestId) -> bool {
        if self.latest.get(&resource) == Some(&id) {
            self.latest.remove(&resource);
            true
        } else {
            false
        }
    }

    pub fn in_flight(&self, resource: &Resource) -> bool {
        self.latest.contains_key(resource)
    }

    /// Forgets a request (it was cancelled); returns its id.
    pub fn cancel(&mut self, resource: &Resource) -> Option<RequestId> {
        self.latest.remove(resource)
    }

    /// Resources with a request in flight.
    pub fn pending(&self) -> impl Iterator<Item = (&Resource, &RequestId)> {
        self.latest.iter()
    }

    pub fn pending_count(&self) -> usize {
        self.latest.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn only_the_latest_request_is_accepted() {
        let mut r = Requests::default();
        let day = Resource::Heart(date(2026, 11, 20));
        let (a, prev) = r.issue(day);
        assert_eq!(prev, None);
        let (b, prev) = r.issue(day);
        assert_eq!(prev, Some(a));
        assert!(!r.accept(day, a));
        assert!(r.in_flight(&day));
        assert!(r.accept(day, b));
        assert!(!r.in_flight(&day));
        assert!(!r.accept(day, b), "an answer is accepted once");
    }
}
