//! Retries of failed requests: which answers are retried (per provider, as dialect data, and
//! per request, by its [`Idempotency`]), how long to wait between attempts (exponential backoff
//! with full jitter from an injectable [`Jitter`], never less than the server's `Retry-After`),
//! and when a wait is too long to sit out inside a request.
//!
//! - **Which**: Google retries 429, 503 and 504; the legacy API 429 and every 5xx. A 429 is
//!   refused before anything is processed, so it is retried for any request; a 5xx may come
//!   after the server applied the request, so it is retried only for an idempotent one (reads,
//!   updates of a specific alarm, deletes — never creating an alarm, which the app retries
//!   itself, duplicate-safe).
//! - **How long**: attempt `n`'s wait before retry `n` is uniform in `[0, min(8 s, 500 ms ×
//!   2ⁿ⁻¹)]` ("full jitter": concurrent requests that failed together do not come back
//!   together), raised to what the server asked for (`Retry-After` seconds or date; the legacy
//!   budget's reset). At most [`MAX_ATTEMPTS`] attempts in all.
//! - **Too long**: a server wait beyond [`MAX_SERVER_WAIT`] is not sat out: the request ends as
//!   [`ApiError::RateLimited`](crate::api::ApiError::RateLimited) with the instant, so the app
//!   says when it will ask again.
//!
//! A retried request is invisible unless it finally fails; then the last error is returned.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Attempts per request, the first included.
pub const MAX_ATTEMPTS: u32 = 4;

/// The backoff before the first retry is up to this long.
pub const BACKOFF_BASE: Duration = Duration::from_millis(500);

/// The backoff never exceeds this (before the server's wait is applied).
pub const BACKOFF_CAP: Duration = Duration::from_secs(8);

/// The longest server-imposed wait (`Retry-After`, a spent budget) sat out inside a request.
pub const MAX_SERVER_WAIT: Duration = Duration::from_secs(30);

/// Whether sending a request twice is harmless — a flag each request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Reads, updates of a named resource, deletes: a repeat changes nothing more.
    Idempotent,
    /// Creating in a collection: a failed attempt may have been applied, so a repeat could
    /// duplicate it. Only retried when the server certainly refused it (429).
    NotIdempotent,
}

/// Which answers a provider retries, as dialect data.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Statuses refused before processing: retried for any request.
    pub always: fn(u16) -> bool,
    /// Statuses retried only for an [`Idempotency::Idempotent`] request.
    pub when_idempotent: fn(u16) -> bool,
}

impl RetryPolicy {
    /// Whether an answer with `status` to a request that is `idempotency` may be retried.
    pub fn retries(&self, status: u16, idempotency: Idempotency) -> bool {
        (self.always)(status)
            || (idempotency == Idempotency::Idempotent && (self.when_idempotent)(status))
    }
}

/// Google: 429 always; 503 and 504 for idempotent requests.
pub const GOOGLE_RETRIES: RetryPolicy = RetryPolicy {
    always: |status| status == 429,
    when_idempotent: |status| matches!(status, 503 | 504),
};

/// The legacy Fitbit Web API: 429 always; every 5xx for idempotent requests.
pub const FITBIT_RETRIES: RetryPolicy = RetryPolicy {
    always: |status| status == 429,
    when_idempotent: |status| (500..600).contains(&status),
};

/// A source of jitter: numbers uniform in `[0, 1)`. Random in the app; tests inject their own.
#[derive(Clone)]
pub struct Jitter(Arc<dyn Fn() -> f64 + Send + Sync>);

impl Jitter {
    /// Thread-local OS-seeded randomness.
    pub fn random() -> Self {
        Self(Arc::new(rand::random::<f64>))
    }

    /// Numbers from `f` (clamped into `[0, 1]`).
    pub fn from_fn(f: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        Self(Arc::new(f))
    }

    /// One draw, in `[0, 1]`.
    pub fn draw(&self) -> f64 {
        let x = (self.0)();
        if x.is_finite() {
            x.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

impl fmt::Debug for Jitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Jitter")
    }
}

/// The backoff ceiling before retry `retry` (1 for the first): `min(cap, base × 2^(retry−1))`.
pub fn backoff_ceiling(retry: u32) -> Duration {
    let factor = 1u32 << retry.saturating_sub(1).min(16);
    BACKOFF_BASE.saturating_mul(factor).min(BACKOFF_CAP)
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Wait this long, then send again.
    RetryAfter(Duration),
    /// Return the error as it is.
    GiveUp,
    /// The server wants a wait longer than [`MAX_SERVER_WAIT`]: end as rate limited.
    TooLong,
}

/// Decides after attempt `attempt` (1 for the first) answered `status`: retry (and after how
/// long), give up, or stop because the server's wait (`server_wait`) is too long to sit out.
pub fn next(
    policy: &RetryPolicy,
    status: u16,
    idempotency: Idempotency,
    attempt: u32,
    server_wait: Option<Duration>,
    jitter: &Jitter,
) -> Next {
    if !policy.retries(status, idempotency) {
        return Next::GiveUp;
    }
    if server_wait.is_some_and(|w| w > MAX_SERVER_WAIT) {
        return Next::TooLong;
    }
    if attempt >= MAX_ATTEMPTS {
        return Next::GiveUp;
    }
    let backoff = backoff_ceiling(attempt).mul_f64(jitter.draw());
    Next::RetryAfter(backoff.max(server_wait.unwrap_or(Duration::ZERO)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn fixed(x: f64) -> Jitter {
        Jitter::from_fn(move || x)
    }

    #[test]
    fn which_statuses_each_provider_retries() {
        use Idempotency::{Idempotent, NotIdempotent};
        for idem in [Idempotent, NotIdempotent] {
            assert!(GOOGLE_RETRIES.retries(429, idem));
            assert!(FITBIT_RETRIES.retries(429, idem));
        }
        for status in [503, 504] {
            assert!(GOOGLE_RETRIES.retries(status, Idempotent));
            assert!(!GOOGLE_RETRIES.retries(status, NotIdempotent));
        }
        for status in [400, 401, 403, 404, 409, 410, 500, 502] {
            assert!(!GOOGLE_RETRIES.retries(status, Idempotent), "{status}");
        }
        for status in [500, 502, 503, 504, 599] {
            assert!(FITBIT_RETRIES.retries(status, Idempotent));
            assert!(
                !FITBIT_RETRIES.retries(status, NotIdempotent),
                "a create is never repeated on {status}"
            );
        }
        for status in [400, 401, 403, 404, 409, 410, 422, 600] {
            assert!(!FITBIT_RETRIES.retries(status, Idempotent), "{status}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let ceilings: Vec<_> = (1..=7).map(backoff_ceiling).collect();
        assert_eq!(
            ceilings,
            [
                MS(500),
                MS(1000),
                MS(2000),
                MS(4000),
                MS(8000),
                MS(8000),
                MS(8000)
            ]
        );
        assert_eq!(backoff_ceiling(u32::MAX), BACKOFF_CAP);
    }

    #[test]
    fn full_jitter_spans_zero_to_the_ceiling() {
        let p = &GOOGLE_RETRIES;
        let i = Idempotency::Idempotent;
        assert_eq!(
            next(p, 503, i, 1, None, &fixed(0.0)),
            Next::RetryAfter(MS(0))
        );
        assert_eq!(
            next(p, 503, i, 2, None, &fixed(0.5)),
            Next::RetryAfter(MS(500))
        );
        assert_eq!(
            next(p, 503, i, 3, None, &fixed(1.0)),
            Next::RetryAfter(MS(2000))
        );
        // Out-of-range draws are clamped.
        assert_eq!(
            next(p, 503, i, 1, None, &fixed(7.0)),
            Next::RetryAfter(MS(500))
        );
        assert_eq!(
            next(p, 503, i, 1, None, &fixed(f64::NAN)),
            Next::RetryAfter(MS(0))
        );
        // Random draws stay within the ceiling.
        let random = Jitter::random();
        for _ in 0..200 {
            let Next::RetryAfter(w) = next(p, 429, i, 2, None, &random) else {
                panic!("retried")
            };
            assert!(w <= MS(1000));
        }
    }

    #[test]
    fn at_most_four_attempts() {
        let p = &FITBIT_RETRIES;
        let i = Idempotency::Idempotent;
        for attempt in 1..MAX_ATTEMPTS {
            assert!(matches!(
                next(p, 500, i, attempt, None, &fixed(0.5)),
                Next::RetryAfter(_)
            ));
        }
        assert_eq!(
            next(p, 500, i, MAX_ATTEMPTS, None, &fixed(0.5)),
            Next::GiveUp
        );
    }

    #[test]
    fn the_servers_wait_is_a_floor_and_a_long_one_is_not_sat_out() {
        let p = &GOOGLE_RETRIES;
        let i = Idempotency::NotIdempotent;
        let secs = Duration::from_secs;
        assert_eq!(
            next(p, 429, i, 1, Some(secs(3)), &fixed(1.0)),
            Next::RetryAfter(secs(3))
        );
        assert_eq!(next(p, 429, i, 4, Some(secs(3)), &fixed(1.0)), Next::GiveUp);
        assert_eq!(
            next(p, 429, i, 1, Some(MAX_SERVER_WAIT), &fixed(1.0)),
            Next::RetryAfter(MAX_SERVER_WAIT)
        );
        assert_eq!(
            next(p, 429, i, 1, Some(secs(31)), &fixed(0.0)),
            Next::TooLong
        );
        // Not retryable at all: the wait does not matter.
        assert_eq!(next(p, 503, i, 1, Some(secs(1)), &fixed(0.0)), Next::GiveUp);
    }
}
