//! Devices and alarms.
use super::Api;
use super::errors;
use crate::sim::http::SimResponse;
pub fn list(_api: &Api) -> SimResponse {
    errors::unknown_path()
}
pub fn alarms(_api: &Api, _t: &str) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn create_alarm(_api: &Api, _t: &str) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn update_alarm(_api: &Api, _t: &str, _a: &str) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn delete_alarm(_api: &Api, _t: &str, _a: &str) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
