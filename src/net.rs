//! The one HTTP client stack (reqwest on hyper 1 + rustls with ring).

use std::time::Duration;

/// Per-request timeout: long enough for a 1-second heart-rate day, short enough to notice a
/// dead network.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Builds an HTTP client. Installs the ring crypto provider first: reqwest's
/// `rustls-no-provider` build panics on the first TLS client otherwise.
pub fn http_client() -> Result<reqwest::Client, reqwest::Error> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(concat!("fittui/", env!("CARGO_PKG_VERSION")))
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(Duration::from_secs(10))
        .build()
}

/// Maps a transport failure to the typed error the app understands.
pub fn network_error(err: &reqwest::Error) -> crate::api::ApiError {
    let what = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "could not connect"
    } else if err.is_body() || err.is_decode() {
        "the connection broke while reading the answer"
    } else {
        "request failed"
    };
    // reqwest's Display includes the URL; strip query strings so no token-bearing URL leaks.
    let url = err
        .url()
        .map(|u| {
            format!(
                "{}://{}{}",
                u.scheme(),
                u.host_str().unwrap_or(""),
                u.path()
            )
        })
        .unwrap_or_default();
    crate::api::ApiError::Network(format!("{what}: {url}"))
}
