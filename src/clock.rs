//! The injected clock. Nothing that renders or decides reads the wall clock directly: the app
//! model samples a [`Clock`] on each tick, so tests and snapshots run at a fixed instant.
//!
//! Waiting goes with the clock: [`Clock::timer`] answers the [`Timer`] that request pacing and
//! retry backoff sleep on — tokio's real time for the app's clocks, a [`VirtualTimer`] for a
//! [`FixedClock`] (whose sleeps end at once and add up), so tests never wait in real time.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};

/// A source of "now".
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> Timestamp;

    /// How to wait next to this clock (pacing, backoff): real time unless the clock says
    /// otherwise — a [`FixedClock`] answers virtual time, since it never moves on its own.
    fn timer(&self) -> SharedTimer {
        Arc::new(TokioTimer::new())
    }
}

/// Shared handle to a clock.
pub type SharedClock = Arc<dyn Clock>;

/// The real wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that starts at a chosen instant and then runs at real speed (demo mode's `--now`).
#[derive(Debug, Clone)]
pub struct OffsetClock {
    start: Timestamp,
    started: Instant,
}

impl OffsetClock {
    pub fn starting_at(start: Timestamp) -> Self {
        Self {
            start,
            started: Instant::now(),
        }
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> Timestamp {
        let elapsed =
            SignedDuration::try_from(self.started.elapsed()).unwrap_or(SignedDuration::MAX);
        self.start.saturating_add(elapsed).unwrap_or(self.start)
    }
}

/// A clock that only moves when told to (tests). Waiting next to it is virtual: its
/// [`Clock::timer`] is one shared [`VirtualTimer`], so pacing and backoff never wait in real
/// time (and never move this clock).
#[derive(Debug)]
pub struct FixedClock(Mutex<Timestamp>, Arc<VirtualTimer>);

impl FixedClock {
    pub fn new(at: Timestamp) -> Self {
        Self(Mutex::new(at), Arc::new(VirtualTimer::new()))
    }

    /// Moves the clock to `at`.
    pub fn set(&self, at: Timestamp) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = at;
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: SignedDuration) {
        let mut now = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now = now.saturating_add(by).unwrap_or(*now);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn timer(&self) -> SharedTimer {
        self.1.clone()
    }
}

/// Waiting, as the provider layer does it (request pacing, retry backoff): a monotonic reading
/// and a sleep on the same time line. Real (tokio) time in the app; [`VirtualTimer`] under a
/// [`FixedClock`], whose time never moves on its own.
pub trait Timer: Send + Sync + std::fmt::Debug {
    /// Time since this timer's origin; never goes back.
    fn elapsed(&self) -> Duration;
    /// Completes once `by` has passed on this timer. Dropping it early is always safe.
    fn sleep(&self, by: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>>;
}

/// Shared handle to a timer.
pub type SharedTimer = Arc<dyn Timer>;

/// Tokio's clock: real time (or tokio's paused time in a test runtime).
#[derive(Debug, Clone, Copy)]
pub struct TokioTimer {
    origin: tokio::time::Instant,
}

impl TokioTimer {
    /// A timer whose origin is now.
    pub fn new() -> Self {
        Self {
            origin: tokio::time::Instant::now(),
        }
    }
}

impl Default for TokioTimer {
    fn default() -> Self {
        Self::new()
    }
}

impl Timer for TokioTimer {
    fn elapsed(&self) -> Duration {
        self.origin.elapsed()
    }

    fn sleep(&self, by: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        Box::pin(tokio::time::sleep(by))
    }
}

/// Virtual time for tests: a sleep moves this timer's reading on by what was asked as soon as
/// it is asked for (and, when made with [`VirtualTimer::moving`], the fixed clock too), then
/// completes after yielding to other tasks. So paced or backed-off requests never wait in real
/// time, and the reading says how long they would have waited.
#[derive(Debug, Default)]
pub struct VirtualTimer {
    elapsed: Mutex<Duration>,
    /// Sleeps asked for, in order.
    sleeps: Mutex<Vec<Duration>>,
    moves: Option<Arc<FixedClock>>,
}

impl VirtualTimer {
    /// A virtual timer at zero that moves nothing else.
    pub fn new() -> Self {
        Self::default()
    }

    /// A virtual timer whose sleeps also move `clock` forward.
    pub fn moving(clock: Arc<FixedClock>) -> Self {
        Self {
            moves: Some(clock),
            ..Self::default()
        }
    }

    /// Every sleep asked for so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn advance(&self, by: Duration) {
        let mut elapsed = self
            .elapsed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *elapsed = elapsed.saturating_add(by);
        self.sleeps
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(by);
        if let Some(clock) = &self.moves {
            clock.advance(SignedDuration::try_from(by).unwrap_or(SignedDuration::MAX));
        }
    }
}

impl Timer for VirtualTimer {
    fn elapsed(&self) -> Duration {
        *self
            .elapsed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn sleep(&self, by: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        self.advance(by);
        Box::pin(tokio::task::yield_now())
    }
}
