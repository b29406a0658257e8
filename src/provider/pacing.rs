//! Request pacing: a token bucket per provider, shared by every request of that provider in the
//! process (one [`ApiClient`](super::http::ApiClient), one [`Pacer`]). Retries take a token like
//! any request.
//!
//! **Google** limits a user to 300 requests a minute, and an *unverified* app — every personal
//! set-up — to **2.5 requests a second**. A tab fires 7–8 requests at once, so fittui spaces
//! them: a bucket refilled at `[google] max_requests_per_second` (default 2.5, at most 5 =
//! 300/min) holding a **burst of 2**. The server-side bucket is assumed to hold 3 (what the
//! simulator enforces); fittui keeps one below it because the spacing fittui sends with is not
//! the spacing the server sees: network jitter can compress two requests' gap, and a client
//! bucket as deep as the server's would then overrun it. A burst of 2 still lets the first two
//! requests of a tab go at once (the shortest path to something on screen); an 8-request tab
//! takes (8 − 2) / 2.5 = 2.4 s.
//!
//! **The legacy Fitbit Web API** is not paced ([`Pacing::Unpaced`]): its documented limit is 150
//! requests an hour, reported in headers and enforced by [`super::ratelimit::RateLimiter`] (with
//! reservations for requests in flight); the documentation gives no per-second limit, and a
//! per-second pace would only delay a view without protecting the hourly budget.
//!
//! The bucket is kept as a GCRA ("generic cell rate algorithm") in integer nanoseconds: one
//! theoretical arrival time, exact, no floating drift. Nothing is reserved while waiting: a
//! waiter takes its token only when it is there, so a request that is aborted mid-wait leaks
//! nothing. Waiters queue on a fair async mutex (first come, first served); waiting blocks no
//! thread and nothing of other providers.

use std::sync::Mutex;
use std::time::Duration;

use crate::clock::SharedTimer;

/// The burst fittui allows itself on a paced API (see the module docs).
pub const GOOGLE_BURST: u32 = 2;

/// Google's default pace for unverified apps, in requests per second.
pub const GOOGLE_DEFAULT_RATE: f64 = 2.5;

/// The highest pace accepted: Google's 300 requests per minute per user.
pub const MAX_RATE: f64 = 5.0;

/// How a provider's requests are paced, as dialect data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pacing {
    /// No per-second pace (the budget, if any, is the [`RateLimiter`](super::ratelimit::RateLimiter)'s).
    Unpaced,
    /// A token bucket: `default_rate` tokens per second (configurable), at most `burst` saved.
    TokenBucket { default_rate: f64, burst: u32 },
}

#[derive(Debug, Default)]
struct State {
    /// When the bucket would next be empty-and-refilled-by-one, in timer nanoseconds: a request
    /// may go at `now` when `tat - now <= tolerance`.
    tat: u64,
    /// Tokens handed out.
    granted: u64,
}

/// A token bucket over an injected [`Timer`](crate::clock::Timer).
#[derive(Debug)]
pub struct Pacer {
    /// Nanoseconds per token.
    interval: u64,
    /// How far ahead of `now` the theoretical arrival time may run: `(burst - 1) × interval`.
    tolerance: u64,
    timer: SharedTimer,
    state: Mutex<State>,
    /// Waiters take turns, first come first served; dropping a waiter leaves the queue.
    turn: tokio::sync::Mutex<()>,
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl Pacer {
    /// A bucket refilled at `per_second` tokens a second (a finite number > 0; anything else
    /// is read as the slowest pace representable) holding at most `burst` (at least 1).
    pub fn new(per_second: f64, burst: u32, timer: SharedTimer) -> Self {
        let interval = if per_second.is_finite() && per_second > 0.0 {
            // `as` saturates: a tiny rate gives the longest interval there is.
            (1e9 / per_second).round() as u64
        } else {
            u64::MAX
        };
        let interval = interval.max(1);
        Self {
            interval,
            tolerance: interval.saturating_mul(u64::from(burst.max(1) - 1)),
            timer,
            state: Mutex::new(State::default()),
            turn: tokio::sync::Mutex::new(()),
        }
    }

    /// The pacer `pacing` asks for, at `rate` when given (the configured pace).
    pub fn for_pacing(pacing: Pacing, rate: Option<f64>, timer: SharedTimer) -> Option<Self> {
        match pacing {
            Pacing::Unpaced => None,
            Pacing::TokenBucket {
                default_rate,
                burst,
            } => Some(Self::new(rate.unwrap_or(default_rate), burst, timer)),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Takes a token now, or says how long until one is there.
    fn try_take(&self) -> Result<Duration, Duration> {
        let now = nanos(self.timer.elapsed());
        let mut st = self.state();
        let tat = st.tat.max(now);
        let ahead = tat - now;
        if ahead <= self.tolerance {
            st.tat = tat.saturating_add(self.interval);
            st.granted += 1;
            Ok(Duration::from_nanos(now))
        } else {
            Err(Duration::from_nanos(ahead - self.tolerance))
        }
    }

    /// Waits for a token and takes it; answers the timer's reading when it was granted.
    ///
    /// Cancel-safe: dropping the future before it completes takes nothing.
    pub async fn acquire(&self) -> Duration {
        // Fast path without queueing when nobody is waiting and a token is there.
        if let Ok(_turn) = self.turn.try_lock()
            && let Ok(at) = self.try_take()
        {
            return at;
        }
        let _turn = self.turn.lock().await;
        loop {
            match self.try_take() {
                Ok(at) => return at,
                Err(wait) => self.timer.sleep(wait).await,
            }
        }
    }

    /// Tokens handed out so far.
    pub fn granted(&self) -> u64 {
        self.state().granted
    }

    /// The pace, in requests per second.
    pub fn rate(&self) -> f64 {
        1e9 / self.interval as f64
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::Arc;

    use futures_util::FutureExt;
    use tokio::sync::watch;

    use super::*;
    use crate::clock::{Timer, VirtualTimer};

    /// A timer that only moves when the test says so; sleeps end when it has moved far enough.
    #[derive(Debug)]
    struct ManualTimer(watch::Sender<Duration>);

    impl ManualTimer {
        fn new() -> Arc<Self> {
            Arc::new(Self(watch::Sender::new(Duration::ZERO)))
        }
        fn advance(&self, by: Duration) {
            self.0.send_modify(|t| *t += by);
        }
    }

    impl Timer for ManualTimer {
        fn elapsed(&self) -> Duration {
            *self.0.borrow()
        }
        fn sleep(&self, by: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
            let mut rx = self.0.subscribe();
            let until = *rx.borrow() + by;
            Box::pin(async move {
                while *rx.borrow_and_update() < until {
                    if rx.changed().await.is_err() {
                        return;
                    }
                }
            })
        }
    }

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn burst_then_one_per_interval() {
        let timer = ManualTimer::new();
        let pacer = Pacer::new(2.5, 2, timer.clone());
        assert!(pacer.acquire().now_or_never().is_some());
        assert!(pacer.acquire().now_or_never().is_some());
        // The third waits 400 ms.
        assert_eq!(pacer.try_take(), Err(MS(400)));
        timer.advance(MS(399));
        assert_eq!(pacer.try_take(), Err(MS(1)));
        timer.advance(MS(1));
        assert_eq!(pacer.try_take(), Ok(MS(400)));
        // A long pause refills the burst, never more.
        timer.advance(Duration::from_mins(1));
        assert!(pacer.try_take().is_ok());
        assert!(pacer.try_take().is_ok());
        assert!(pacer.try_take().is_err());
        assert_eq!(pacer.granted(), 5);
    }

    /// However requests arrive, at most `burst + rate × t` go in any interval of length `t`.
    #[tokio::test]
    async fn never_more_than_burst_plus_rate_times_t() {
        for (rate, burst) in [(2.5, 2), (5.0, 1), (1.0, 3), (4.0, 2)] {
            let timer = Arc::new(VirtualTimer::new());
            let pacer = Arc::new(Pacer::new(rate, burst, timer.clone()));
            let mut tasks = Vec::new();
            for i in 0..40u64 {
                let pacer = pacer.clone();
                let timer = timer.clone();
                tasks.push(tokio::spawn(async move {
                    // Arrivals spread unevenly: some together, some late.
                    if i % 7 == 3 {
                        timer.sleep(MS(i * 13)).await;
                    }
                    pacer.acquire().await
                }));
            }
            let mut granted = Vec::new();
            for t in tasks {
                granted.push(t.await.unwrap());
            }
            granted.sort();
            for i in 0..granted.len() {
                for j in i..granted.len() {
                    let t = granted[j].checked_sub(granted[i]).unwrap().as_secs_f64();
                    let n = (j - i + 1) as f64;
                    assert!(
                        n <= f64::from(burst) + rate * t + 1e-9,
                        "rate {rate} burst {burst}: {n} requests in {t} s"
                    );
                }
            }
            assert_eq!(pacer.granted(), 40);
        }
    }

    #[tokio::test]
    async fn an_aborted_waiter_leaks_nothing_and_blocks_nobody() {
        let timer = ManualTimer::new();
        let pacer = Arc::new(Pacer::new(2.5, 2, timer.clone()));
        pacer.acquire().await;
        pacer.acquire().await;
        let waiting = tokio::spawn({
            let pacer = pacer.clone();
            async move { pacer.acquire().await }
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        waiting.abort();
        assert!(waiting.await.unwrap_err().is_cancelled());
        // The next one waits only for the next token (400 ms), as if the aborted one never was.
        let next = tokio::spawn({
            let pacer = pacer.clone();
            async move { pacer.acquire().await }
        });
        tokio::task::yield_now().await;
        timer.advance(MS(400));
        assert_eq!(next.await.unwrap(), MS(400));
        assert_eq!(pacer.granted(), 3);
    }

    #[test]
    fn for_pacing_uses_the_configured_rate() {
        let timer: SharedTimer = ManualTimer::new();
        assert!(Pacer::for_pacing(Pacing::Unpaced, Some(1.0), timer.clone()).is_none());
        let bucket = Pacing::TokenBucket {
            default_rate: 2.5,
            burst: 2,
        };
        let default = Pacer::for_pacing(bucket, None, timer.clone()).unwrap();
        assert!((default.rate() - 2.5).abs() < 1e-9);
        let configured = Pacer::for_pacing(bucket, Some(5.0), timer).unwrap();
        assert!((configured.rate() - 5.0).abs() < 1e-9);
    }
}
