//! `ApiClient`: one authenticated request with everything around it — wait while the budget is
//! spent, attach a valid access token, refresh once and retry once on 401 `expired_token`,
//! track the budget from the answer, and map failures to typed errors in the provider's
//! dialect.

use std::sync::Arc;

use reqwest::Method;
use reqwest::header::HeaderMap;

use super::dialect::{Dialect, dialect};
use super::ratelimit::RateLimiter;
use crate::api::{ApiError, AuthProblem, ProviderKind, RateBudget};
use crate::auth::manager::TokenManager;
use crate::clock::SharedClock;
use crate::net::network_error;

/// A request body.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    Empty,
    /// `application/x-www-form-urlencoded`.
    Form(&'a [(&'a str, String)]),
    Json(&'a serde_json::Value),
}

/// An authenticated client for one provider's API.
#[derive(Debug)]
pub struct ApiClient {
    dialect: &'static Dialect,
    http: reqwest::Client,
    base: String,
    tokens: Arc<TokenManager>,
    limiter: RateLimiter,
    clock: SharedClock,
}

fn header_lookup(headers: &HeaderMap) -> impl Fn(&str) -> Option<String> + '_ {
    move |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

impl ApiClient {
    pub fn new(
        provider: ProviderKind,
        http: reqwest::Client,
        base_url: &str,
        tokens: Arc<TokenManager>,
        clock: SharedClock,
    ) -> Self {
        let dialect = dialect(provider);
        Self {
            dialect,
            http,
            base: base_url.trim_end_matches('/').to_string(),
            tokens,
            limiter: RateLimiter::new(dialect.metering),
            clock,
        }
    }

    /// Which provider's API this client talks to.
    pub fn kind(&self) -> ProviderKind {
        self.dialect.kind
    }

    /// The provider's dialect (error mapping, metering, capabilities).
    pub fn dialect(&self) -> &'static Dialect {
        self.dialect
    }

    pub fn tokens(&self) -> &Arc<TokenManager> {
        &self.tokens
    }

    pub fn budget(&self) -> Option<RateBudget> {
        self.limiter.budget()
    }

    fn map_error(&self, status: u16, headers: &HeaderMap, body: &[u8]) -> ApiError {
        let lookup = header_lookup(headers);
        let now = self.clock.now();
        (self.dialect.api_error)(status, &lookup, body, now)
    }

    /// `GET path?query`, returning the body of a 2xx answer.
    pub async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Vec<u8>, ApiError> {
        self.send(Method::GET, path, query, Body::Empty).await
    }

    /// Sends one request (with the single refresh-and-retry on an expired token).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Body<'_>,
    ) -> Result<Vec<u8>, ApiError> {
        let url = format!("{}{path}", self.base);
        let mut token = self.tokens.access_token().await?;
        let mut retried = false;
        loop {
            while let Some(wait) = self.limiter.delay(self.clock.now()) {
                tracing::info!("request budget spent; waiting {} s", wait.as_secs());
                tokio::time::sleep(wait.unsigned_abs()).await;
            }
            // Counts against the budget until the answer's headers are in (released on drop,
            // also when the request fails or the task is cancelled).
            let in_flight = self.limiter.record_send(self.clock.now());
            let mut req = self
                .http
                .request(method.clone(), &url)
                .bearer_auth(&token)
                .header(reqwest::header::ACCEPT, "application/json");
            if !query.is_empty() {
                req = req.query(query);
            }
            req = match body {
                Body::Empty => {
                    if method == Method::POST {
                        // The legacy API wants Content-Length on every POST (411 otherwise).
                        req.header(reqwest::header::CONTENT_LENGTH, "0")
                    } else {
                        req
                    }
                }
                Body::Form(form) => req.form(form),
                Body::Json(json) => req.json(json),
            };
            let resp = req.send().await.map_err(|e| network_error(&e))?;
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            self.limiter
                .observe_headers(&header_lookup(&headers), self.clock.now());
            drop(in_flight);
            let bytes = resp.bytes().await.map_err(|e| network_error(&e))?;
            tracing::debug!(%method, path, status, bytes = bytes.len(), "api");
            if (200..300).contains(&status) {
                return Ok(bytes.to_vec());
            }
            let error = self.map_error(status, &headers, &bytes);
            match &error {
                ApiError::Unauthorized {
                    problem: AuthProblem::Expired,
                    ..
                } if !retried => {
                    retried = true;
                    token = self.tokens.refresh_rejected(&token).await?;
                }
                ApiError::RateLimited { until } => {
                    self.limiter.block_until(*until);
                    return Err(error);
                }
                _ => return Err(error),
            }
        }
    }
}
