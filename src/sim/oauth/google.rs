//! Google OAuth.
use crate::sim::server::{Sim, TokenGrant};
use jiff::Timestamp;
pub fn mint(_sim: &Sim, scopes: &[String], _now: Timestamp) -> TokenGrant {
    TokenGrant {
        access_token: String::new(),
        refresh_token: None,
        expires_in: 0,
        scope: scopes.join(" "),
        user_id: String::new(),
    }
}
