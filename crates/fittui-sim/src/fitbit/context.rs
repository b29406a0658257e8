//! [`Api`]: what an endpoint of the legacy contract knows about the request it answers (the
//! shared state, the request, "now" and "today", units, granted scopes). A leaf: endpoints
//! import it, the router in `fitbit/mod.rs` builds it.

use jiff::Timestamp;
use jiff::civil::Date;

use super::paths::Units;
use crate::http::SimRequest;
use crate::person::Person;
use crate::shared::Sim;

/// Everything an endpoint needs about the request being answered.
pub struct Api<'a> {
    pub sim: &'a Sim,
    pub req: &'a SimRequest,
    pub now: Timestamp,
    pub today: Date,
    pub units: Units,
    pub scopes: Vec<String>,
}

impl Api<'_> {
    pub fn person(&self) -> &Person {
        &self.sim.person
    }

    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}
