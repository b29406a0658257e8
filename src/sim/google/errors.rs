//! Google errors.
use crate::sim::faults::Injected;
use crate::sim::http::SimResponse;
use axum::http::StatusCode;
pub fn injected(_f: Injected) -> SimResponse {
    SimResponse::empty(StatusCode::INTERNAL_SERVER_ERROR)
}
