//! Shared API types at the bottom of the module graph: typed errors ([`ApiError`],
//! [`AuthProblem`]), which provider a source is ([`ProviderKind`]), what it can do
//! ([`Capabilities`], [`AlarmAccess`]) and its request budget ([`RateBudget`]).
//!
//! `app`, `ui`, `auth`, `provider` and the commands all import this module; it imports no other
//! module of the crate (`tests/architecture.rs` checks it), so it can never be part of an
//! import cycle.

mod budget;
mod capabilities;
pub mod error;
mod kind;
mod scope;

pub use budget::RateBudget;
pub use capabilities::{AlarmAccess, Capabilities};
pub use error::{ApiError, AuthProblem, ErrorMapper, LocalTime};
pub use kind::{DayKind, ProviderKind};
pub use scope::permission_name;
