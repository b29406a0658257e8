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
    let url = err.url().map(safe_url).unwrap_or_default();
    crate::api::ApiError::Network(format!("{what}: {url}"))
}

/// `url` as it is safe to show and log: scheme, host, the port when one is given (a local or
/// custom server is told apart by it), and path — never the query, which can carry a token.
pub fn safe_url(url: &url::Url) -> String {
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!(
        "{}://{}{port}{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.path()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_urls_keep_the_port_and_drop_the_query() {
        let u =
            url::Url::parse("http://127.0.0.1:8766/1/user/-/profile.json?token=secret").unwrap();
        assert_eq!(safe_url(&u), "http://127.0.0.1:8766/1/user/-/profile.json");
        let u = url::Url::parse("https://api.fitbit.com/1/user/-/devices.json").unwrap();
        assert_eq!(safe_url(&u), "https://api.fitbit.com/1/user/-/devices.json");
    }
}
