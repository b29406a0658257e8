//! Request and response values the handlers work with: a buffered request with its query and
//! form parameters decoded, and a response that is plain data until the server turns it into
//! an HTTP response. Handlers are synchronous functions from one to the other.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use base64::Engine as _;

use super::json::Json;

/// A fully buffered request.
#[derive(Debug, Clone)]
pub struct SimRequest {
    pub method: Method,
    /// Percent-decoded path.
    pub path: String,
    /// Raw query string (without `?`).
    pub raw_query: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl SimRequest {
    /// Builds a request from its parts (path and query are decoded here).
    pub fn new(method: Method, uri: &axum::http::Uri, headers: HeaderMap, body: Bytes) -> Self {
        let raw_path = uri.path();
        let path = percent_decode(raw_path);
        let raw_query = uri.query().unwrap_or("").to_string();
        let query = url::form_urlencoded::parse(raw_query.as_bytes())
            .into_owned()
            .collect();
        SimRequest {
            method,
            path,
            raw_query,
            query,
            headers,
            body,
        }
    }

    /// First query parameter named `key`.
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as `application/x-www-form-urlencoded` (empty unless it looks like one).
    pub fn form(&self) -> Vec<(String, String)> {
        let ct = self.header("content-type").unwrap_or("");
        if self.body.is_empty() || ct.contains("json") || ct.contains("multipart") {
            return Vec::new();
        }
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }

    /// A parameter from the form body, else the query string.
    pub fn param(&self, key: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .or_else(|| self.query(key).map(str::to_string))
    }

    /// The bearer token, if an `Authorization: Bearer` header is present.
    pub fn bearer(&self) -> Option<&str> {
        let v = self.header("authorization")?;
        let (scheme, token) = v.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim())
            .filter(|t| !t.is_empty())
    }

    /// HTTP Basic credentials, if present and well formed.
    pub fn basic(&self) -> Option<Result<(String, String), ()>> {
        let v = self.header("authorization")?;
        let (scheme, data) = v.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        Some(
            decoded
                .and_then(|s| {
                    s.split_once(':')
                        .map(|(a, b)| (a.to_string(), b.to_string()))
                })
                .ok_or(()),
        )
    }
}

/// Decodes `%XX` escapes (invalid escapes are kept as written).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a query component.
pub fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A response as data.
#[derive(Debug, Clone)]
pub struct SimResponse {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Vec<u8>,
}

/// `application/json;charset=UTF-8` (Fitbit spelling).
pub const JSON_FITBIT: &str = "application/json;charset=UTF-8";
/// `application/json; charset=UTF-8` (Google spelling).
pub const JSON_GOOGLE: &str = "application/json; charset=UTF-8";

impl SimResponse {
    /// A response with no body.
    pub fn empty(status: StatusCode) -> Self {
        SimResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A JSON body with the given content type.
    pub fn json_as(status: StatusCode, body: &Json, content_type: &'static str) -> Self {
        Self::text_as(status, body.render(), content_type)
    }

    /// Pre-rendered JSON text.
    pub fn text_as(status: StatusCode, body: String, content_type: &'static str) -> Self {
        SimResponse {
            status,
            headers: vec![(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            body: body.into_bytes(),
        }
    }

    /// An HTML page.
    pub fn html(status: StatusCode, body: String) -> Self {
        Self::text_as(status, body, "text/html; charset=utf-8")
    }

    /// A 302 redirect.
    pub fn redirect(location: &str) -> Self {
        let mut r = Self::empty(StatusCode::FOUND);
        r.set_header(header::LOCATION, location);
        r.set_header(header::CACHE_CONTROL, "no-store");
        r
    }

    /// Adds (or replaces) a header; values that are not valid header text are dropped.
    pub fn set_header(&mut self, name: HeaderName, value: &str) {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.retain(|(n, _)| *n != name);
            self.headers.push((name, v));
        }
    }

    /// Adds a header, builder style.
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: &str) -> Self {
        self.set_header(name, value);
        self
    }

    /// Whether the body is JSON.
    pub fn is_json(&self) -> bool {
        self.headers.iter().any(|(n, v)| {
            *n == header::CONTENT_TYPE && v.to_str().is_ok_and(|s| s.contains("json"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(uri: &str, headers: &[(&str, &str)], body: &str) -> SimRequest {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        SimRequest::new(
            Method::POST,
            &uri.parse().unwrap(),
            map,
            Bytes::from(body.to_string()),
        )
    }

    #[test]
    fn params_come_from_the_form_then_the_query() {
        let r = req(
            "/oauth2/token?code=q&state=s",
            &[("content-type", "application/x-www-form-urlencoded")],
            "code=f&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb",
        );
        assert_eq!(r.param("code").as_deref(), Some("f"));
        assert_eq!(r.param("state").as_deref(), Some("s"));
        assert_eq!(
            r.param("redirect_uri").as_deref(),
            Some("http://127.0.0.1:9/cb")
        );
    }

    #[test]
    fn auth_headers() {
        let r = req("/", &[("authorization", "Bearer abc")], "");
        assert_eq!(r.bearer(), Some("abc"));
        assert!(r.basic().is_none());
        let r = req("/", &[("authorization", "Basic dXNlcjpwYXNz")], "");
        assert_eq!(r.basic(), Some(Ok(("user".into(), "pass".into()))));
        let r = req("/", &[("authorization", "Basic !!!")], "");
        assert_eq!(r.basic(), Some(Err(())));
    }

    #[test]
    fn paths_are_decoded() {
        assert_eq!(
            percent_decode("/v4/users/me/dataTypes/steps/dataPoints%3ArollUp"),
            "/v4/users/me/dataTypes/steps/dataPoints:rollUp"
        );
        assert_eq!(percent_decode("/a%2"), "/a%2");
    }
}
