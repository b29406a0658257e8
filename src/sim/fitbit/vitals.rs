//! HRV, `SpO2`, BR, skin temp, cardio score.
use super::Api;
use super::errors;
use crate::sim::http::SimResponse;
pub fn hrv(_api: &Api, _tail: &[&str]) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn spo2(_api: &Api, _tail: &[&str]) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn breathing(_api: &Api, _tail: &[&str]) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn skin_temp(_api: &Api, _tail: &[&str]) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
pub fn cardio_score(_api: &Api, _tail: &[&str]) -> Result<SimResponse, SimResponse> {
    Err(errors::unknown_path())
}
