//! `ApiClient`: one authenticated request with everything around it — wait while the budget is
//! spent, take a pacing token ([`super::pacing`]), attach a valid access token, refresh once and
//! retry once on 401 `expired_token`, retry what the dialect's [`RetryPolicy`] allows with
//! backoff ([`super::retry`]), track the budget from the answer, and map failures to typed
//! errors in the provider's dialect.
//!
//! Every wait (pacing, backoff) goes through the clock's [`Timer`](crate::clock::Timer), so
//! tests on a [`FixedClock`](crate::clock::FixedClock) never wait in real time.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use reqwest::header::HeaderMap;

use super::dialect::{Dialect, dialect};
use super::pacing::Pacer;
use super::ratelimit::RateLimiter;
use super::retry::{self, Idempotency, Jitter, Next, RetryPolicy};
use crate::api::error::retry_after;
use crate::api::{ApiError, AuthProblem, ProviderKind, RateBudget};
use crate::auth::manager::TokenManager;
use crate::clock::{SharedClock, SharedTimer};
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
    /// The provider's pace, shared by every request of this client (`None`: unpaced).
    pacer: Option<Pacer>,
    clock: SharedClock,
    timer: SharedTimer,
    jitter: Jitter,
    /// API requests sent so far (retries included): `fittui sync` reports what it spent.
    sent: std::sync::atomic::AtomicU64,
    /// While a request waits for a spent budget to reset: until when (for progress displays).
    waiting: std::sync::Mutex<Option<jiff::Timestamp>>,
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
        let timer = clock.timer();
        Self {
            dialect,
            http,
            base: base_url.trim_end_matches('/').to_string(),
            tokens,
            limiter: RateLimiter::new(dialect.metering),
            pacer: Pacer::for_pacing(dialect.pacing, None, timer.clone()),
            clock,
            timer,
            jitter: Jitter::random(),
            sent: std::sync::atomic::AtomicU64::new(0),
            waiting: std::sync::Mutex::new(None),
        }
    }

    /// Paces at `per_second` requests a second instead of the dialect's default (the
    /// configured `max_requests_per_second`); no effect on an unpaced provider.
    #[must_use]
    pub fn with_max_rate(mut self, per_second: f64) -> Self {
        self.pacer = Pacer::for_pacing(self.dialect.pacing, Some(per_second), self.timer.clone());
        self
    }

    /// Draws backoff jitter from `jitter` instead of randomness (tests).
    #[must_use]
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The pacer, when the provider is paced.
    pub fn pacer(&self) -> Option<&Pacer> {
        self.pacer.as_ref()
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

    fn set_waiting(&self, until: Option<jiff::Timestamp>) {
        *self
            .waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = until;
    }

    /// Until when a request is waiting for the request budget to reset, if one is.
    pub fn waiting_until(&self) -> Option<jiff::Timestamp> {
        *self
            .waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// API requests sent by this client so far (retries included).
    pub fn requests_sent(&self) -> u64 {
        self.sent.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn map_error(&self, status: u16, headers: &HeaderMap, body: &[u8]) -> ApiError {
        let lookup = header_lookup(headers);
        let now = self.clock.now();
        (self.dialect.api_error)(status, &lookup, body, now)
    }

    /// `GET path?query`, returning the body of a 2xx answer.
    pub async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Vec<u8>, ApiError> {
        self.send(
            Method::GET,
            path,
            query,
            Body::Empty,
            Idempotency::Idempotent,
        )
        .await
    }

    /// Waits until the budget allows a request and a pacing token is taken.
    async fn wait_for_turn(&self) {
        loop {
            while let Some(wait) = self.limiter.delay(self.clock.now()) {
                tracing::info!("request budget spent; waiting {} s", wait.as_secs());
                self.set_waiting(self.clock.now().checked_add(wait).ok());
                // On the clock's own time line, like pacing and backoff.
                self.timer.sleep(wait.unsigned_abs()).await;
                self.set_waiting(None);
            }
            let Some(pacer) = &self.pacer else {
                return;
            };
            pacer.acquire().await;
            // The budget may have been spent (or a 429 seen) while this request waited.
            if self.limiter.delay(self.clock.now()).is_none() {
                return;
            }
        }
    }

    /// How long the server asked to wait before the next request: `Retry-After` (seconds or an
    /// HTTP date), or the budget's reset when the answer says it is spent.
    fn server_wait(&self, headers: &HeaderMap) -> Option<Duration> {
        let now = self.clock.now();
        let asked = headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| retry_after(v, now))
            .map(|until| until.duration_since(now));
        let budget = self.limiter.delay(now);
        // A date already past means "now", not as long ago.
        let ahead = |d: jiff::SignedDuration| {
            if d.is_negative() {
                Duration::ZERO
            } else {
                d.unsigned_abs()
            }
        };
        let (asked, budget) = (asked.map(ahead), budget.map(ahead));
        match (asked, budget) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// `GET path?query`, handing the body of a 2xx answer to `chunk` piece by piece as it
    /// arrives (a long body is never held whole); everything else as [`ApiClient::get`]. An
    /// error from `chunk` stops the reading and is returned.
    pub async fn get_streamed(
        &self,
        path: &str,
        query: &[(&str, String)],
        mut chunk: impl FnMut(&[u8]) -> Result<(), ApiError> + Send,
    ) -> Result<(), ApiError> {
        // Boxed: the retry loop's state would otherwise be inlined into every caller's future.
        let (mut resp, attempt) = Box::pin(self.exchange(
            Method::GET,
            path,
            query,
            Body::Empty,
            Idempotency::Idempotent,
        ))
        .await?;
        let status = resp.status().as_u16();
        let mut bytes = 0;
        while let Some(piece) = resp.chunk().await.map_err(|e| network_error(&e))? {
            bytes += piece.len();
            chunk(&piece)?;
        }
        tracing::debug!(method = "GET", path, status, bytes, attempt, "api");
        Ok(())
    }

    /// Sends one request: paced, with the single refresh-and-retry on an expired token, and
    /// retries of what the dialect's policy allows for a request that is `idempotency`.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Body<'_>,
        idempotency: Idempotency,
    ) -> Result<Vec<u8>, ApiError> {
        let (resp, attempt) =
            Box::pin(self.exchange(method.clone(), path, query, body, idempotency)).await?;
        let status = resp.status().as_u16();
        let bytes = read_body(resp).await?;
        tracing::debug!(%method, path, status, bytes = bytes.len(), attempt, "api");
        Ok(bytes)
    }

    /// [`ApiClient::send`] up to a 2xx answer's headers: that answer (its body not read yet) and
    /// the attempt it came on; any other answer is read, retried or turned into an error here.
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Body<'_>,
        idempotency: Idempotency,
    ) -> Result<(reqwest::Response, u32), ApiError> {
        let url = format!("{}{path}", self.base);
        let policy: &RetryPolicy = &self.dialect.retry;
        let mut token = self.tokens.access_token().await?;
        let mut refreshed = false;
        let mut attempt = 0u32;
        loop {
            self.wait_for_turn().await;
            attempt += 1;
            // Counts against the budget until the answer's headers are in (released on drop,
            // also when the request fails or the task is cancelled).
            let in_flight = self.limiter.record_send(self.clock.now());
            self.sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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
            if (200..300).contains(&status) {
                return Ok((resp, attempt));
            }
            let bytes = read_body(resp).await?;
            tracing::debug!(%method, path, status, bytes = bytes.len(), attempt, "api");
            let error = self.map_error(status, &headers, &bytes);
            if let ApiError::Unauthorized {
                problem: AuthProblem::Expired,
                ..
            } = &error
                && !refreshed
            {
                refreshed = true;
                token = self.tokens.refresh_rejected(&token).await?;
                continue;
            }
            let server_wait = self.server_wait(&headers);
            match retry::next(
                policy,
                status,
                idempotency,
                attempt,
                server_wait,
                &self.jitter,
            ) {
                Next::RetryAfter(wait) => {
                    tracing::debug!(
                        %method,
                        path,
                        status,
                        attempt,
                        wait_ms = wait.as_millis(),
                        "retrying"
                    );
                    self.timer.sleep(wait).await;
                }
                Next::TooLong => {
                    let until = if let ApiError::RateLimited { until } = error {
                        until
                    } else {
                        // A 5xx asking for a long wait: say when fittui will ask again.
                        let now = self.clock.now();
                        let wait = server_wait.unwrap_or(retry::MAX_SERVER_WAIT);
                        jiff::SignedDuration::try_from(wait)
                            .ok()
                            .and_then(|w| now.checked_add(w).ok())
                            .unwrap_or(now)
                    };
                    self.limiter.block_until(until);
                    return Err(ApiError::RateLimited { until });
                }
                Next::GiveUp => {
                    if let ApiError::RateLimited { until } = &error {
                        self.limiter.block_until(*until);
                    }
                    return Err(error);
                }
            }
        }
    }
}

/// An answer's body as one buffer, read chunk by chunk into a buffer sized from its
/// `Content-Length`: a 2.6 MB 1-second heart-rate day is held once, not as hyper's frames plus a
/// contiguous copy of them plus a `Vec` copy of that.
async fn read_body(mut resp: reqwest::Response) -> Result<Vec<u8>, ApiError> {
    // A server's claim is only a hint: never reserve more than a sane answer's size up front.
    const MAX_RESERVE: u64 = 64 * 1024 * 1024;
    let hint = resp.content_length().unwrap_or(0).min(MAX_RESERVE);
    let mut body = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    while let Some(chunk) = resp.chunk().await.map_err(|e| network_error(&e))? {
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
