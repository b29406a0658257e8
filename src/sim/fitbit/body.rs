//! Profile, weight, ECG.
use super::Api;
use super::errors;
use crate::sim::http::SimResponse;
pub fn profile(_api: &Api) -> SimResponse {
    errors::unknown_path()
}
pub fn ecg_list(_api: &Api) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn weight(_api: &Api, _tail: &[&str]) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
