//! The legacy Fitbit Web API wire layer: serde wire types, decoders from response bodies to the
//! [`crate::domain`] model, and the HTTP status / error body → [`ApiError`] mapping.
//!
//! Everything here is a pure function of the bytes it is given (plus the account's time zone,
//! the requested date and "now" where needed): no HTTP client, no tokens. Decoders never panic;
//! a body that does not fit the contract is an [`ApiError::Decode`] naming the endpoint and the
//! line and column where it went wrong. Quirks of the real API (see §14 of the reference) are
//! read, not rejected.
//!
//! - [`wire`]: the serde types, tolerant of missing, extra and loosely typed fields.
//! - [`decode`]: one function per response fittui reads.
//! - [`errors`]: non-2xx responses to typed errors.
//! - [`DIALECT`] / [`SCOPES`]: what sets this API apart (scopes, token lifetime, client
//!   authentication, budget headers, error mappers, alarm API), read by the shared code.
//!
//! Local times in bodies carry no offset; they are placed in the account's zone with
//! [`super::localtime::LocalTimeline`] (sequences, DST-correct by order) or
//! [`super::localtime::FixedOffsetClock`] (sleep logs, written with the offset at sleep start).

pub mod client;
mod dayclock;
pub mod decode;
mod devices;
mod dialect;
pub mod errors;
mod heart;
pub mod lenient;
mod prefetch;
mod sleep;
mod weight;
pub mod wire;

#[cfg(doc)]
use crate::api::ApiError;

pub use dialect::{DIALECT, SCOPES};
pub use errors::{error_from_response, token_error};
/// One sleep log of the legacy format as a session (also how `fittui import` reads the
/// export's `sleep-….json`, which holds the same logs).
pub use sleep::session as sleep_session;
