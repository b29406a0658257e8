//! Daily activity summary, goals, activity time series and intraday.
use super::Api;
use super::errors;
use crate::sim::http::SimResponse;
pub fn summary(_api: &Api, _day: &str) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn goals(_api: &Api, _period: &str) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn series(_api: &Api, _resource: &str, _tail: &[&str]) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
