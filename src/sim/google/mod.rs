//! Google Health API v4.
pub mod errors;
use crate::sim::http::{SimRequest, SimResponse};
use crate::sim::log::RequestContext;
use crate::sim::server::Sim;
use axum::http::StatusCode;
pub fn handle(_sim: &Sim, _req: &SimRequest, _ctx: &mut RequestContext) -> SimResponse {
    SimResponse::empty(StatusCode::NOT_FOUND)
}
