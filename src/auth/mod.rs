//! Sign-in: OAuth 2.0 with PKCE and `state` on every sign-in, the loopback redirect catcher
//! (127.0.0.1 only), the token file (0600 in a 0700 dir, atomic writes, a cross-process lock)
//! and the `TokenManager` that keeps the user signed in.

pub mod loopback;
pub mod manager;
pub mod oauth;
pub mod pkce;
pub mod store;
pub mod tokens;

pub use manager::TokenManager;
pub use oauth::OAuthClient;
pub use store::{StoreError, TokenStore};
pub use tokens::{TokenOrigin, TokenSet};
