//! Sleep.
use super::Api;
use super::errors;
use crate::sim::http::SimResponse;
pub fn by_date(_api: &Api, _tail: &[&str]) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn list(_api: &Api) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn goal(_api: &Api) -> SimResponse {
    errors::unknown_path()
}
pub fn set_goal(_api: &Api) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn v1_by_date(_api: &Api, _day: &str) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
