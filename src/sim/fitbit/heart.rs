//! Heart rate and AZM.
use super::Api;
use super::errors;
use crate::sim::http::SimResponse;
pub fn heart(_api: &Api, _tail: &[&str]) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn azm(_api: &Api, _tail: &[&str]) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
