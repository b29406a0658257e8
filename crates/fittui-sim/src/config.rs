//! Simulator configuration: what `fittui sim` flags and in-process callers choose.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::str::FromStr;

use jiff::Timestamp;

use super::faults::FaultSpec;
use crate::api::Api;
use crate::clock::SharedClock;

/// Requests allowed per period (per user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimit {
    /// `limit` requests per `period_secs`, the window aligned to the epoch (top of the hour).
    Window { limit: u32, period_secs: u32 },
    /// No limit at all.
    Unlimited,
}

impl RateLimit {
    /// The real API's limit: Fitbit 150 per hour, Google 300 per minute.
    pub fn default_for(provider: Api) -> Self {
        match provider {
            Api::Fitbit => RateLimit::Window {
                limit: 150,
                period_secs: 3600,
            },
            Api::Google => RateLimit::Window {
                limit: 300,
                period_secs: 60,
            },
        }
    }
}

impl FromStr for RateLimit {
    type Err = String;

    /// `150/hour`, `300/minute`, `10/30s`, `5/2m`, `off`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if matches!(s, "off" | "none" | "unlimited") {
            return Ok(RateLimit::Unlimited);
        }
        let (n, period) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}`: expected N/PERIOD, e.g. 150/hour or 10/30s"))?;
        let limit: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a request count"))?;
        let period_secs = parse_period(period.trim()).ok_or_else(|| {
            format!("`{period}`: expected hour, minute, second or a duration like 30s, 5m, 2h")
        })?;
        if limit == 0 || period_secs == 0 {
            return Err("limit and period must be positive (use `off` for no limit)".into());
        }
        Ok(RateLimit::Window { limit, period_secs })
    }
}

fn parse_period(p: &str) -> Option<u32> {
    match p {
        "hour" | "h" | "hr" => return Some(3600),
        "minute" | "min" | "m" => return Some(60),
        "second" | "sec" | "s" => return Some(1),
        "day" | "d" => return Some(86_400),
        _ => {}
    }
    let split = p.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = p.split_at(split);
    let n: u32 = n.parse().ok()?;
    let mult = match unit {
        "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        _ => return None,
    };
    n.checked_mul(mult)
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateLimit::Unlimited => f.write_str("off"),
            RateLimit::Window { limit, period_secs } => write!(f, "{limit}/{period_secs}s"),
        }
    }
}

/// Where the simulator's "now" comes from.
#[derive(Clone, Default)]
pub enum ClockSpec {
    /// The real clock.
    #[default]
    Real,
    /// Starts at the instant and advances in real time (`--now`).
    StartAt(Timestamp),
    /// A caller-provided clock (tests: a `FixedClock` they advance by hand).
    Custom(SharedClock),
}

impl fmt::Debug for ClockSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClockSpec::Real => f.write_str("Real"),
            ClockSpec::StartAt(t) => write!(f, "StartAt({t})"),
            ClockSpec::Custom(c) => write!(f, "Custom({c:?})"),
        }
    }
}

/// Everything the simulator needs to start. Build with [`SimConfig::new`] and the chained
/// setters; every field has the documented default of the matching `fittui sim` flag.
#[derive(Debug, Clone)]
#[allow(clippy::struct_excessive_bools)] // the on/off flags of `fittui sim`
pub struct SimConfig {
    pub provider: Api,
    /// Loopback address to bind; port 0 picks a free one.
    pub addr: SocketAddr,
    pub seed: u64,
    /// Days of data ending today.
    pub days: u32,
    /// IANA zone of the person.
    pub time_zone: String,
    pub clock: ClockSpec,
    /// Access-token lifetime in seconds; `None` = the provider's (28800 Fitbit, 3599 Google).
    pub token_lifetime: Option<u32>,
    /// `None` = the provider's real limit.
    pub rate_limit: Option<RateLimit>,
    /// The consent page approves at once (302 straight to the redirect URI).
    pub auto_approve: bool,
    /// Google "Testing" publishing status: refresh tokens die 7 days after consent.
    pub testing_mode: bool,
    /// Google unverified app: every user is held to 2.5 requests/second (a token bucket with a
    /// burst of 3, see [`crate::state::QpsState`]), on top of the per-minute limit.
    pub unverified: bool,
    /// The scopes the person grants when the consent page is answered without them
    /// (`--grant`): with `auto_approve`, exactly these (of those requested); on the page, only
    /// these are ticked. `None` = everything requested. Provider spelling; Google bundle
    /// names (`sleep`) expand to the `.readonly` URL.
    pub grant: Option<Vec<String>>,
    pub faults: FaultSpec,
    /// Print every request as a JSON line on stderr.
    pub log_requests: bool,
}

/// Default seed.
pub const DEFAULT_SEED: u64 = 42;
/// Default number of days of data.
pub const DEFAULT_DAYS: u32 = 90;
/// Default time zone.
pub const DEFAULT_TZ: &str = "America/Los_Angeles";

impl SimConfig {
    /// Defaults for `provider`: `127.0.0.1:0`, seed 42, 90 days, `America/Los_Angeles`, real clock;
    /// for Google an app in testing mode and unverified, as every personal set-up is (turn both
    /// off with [`SimConfig::published`]).
    pub fn new(provider: Api) -> Self {
        SimConfig {
            provider,
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            seed: DEFAULT_SEED,
            days: DEFAULT_DAYS,
            time_zone: DEFAULT_TZ.to_string(),
            clock: ClockSpec::Real,
            token_lifetime: None,
            rate_limit: None,
            auto_approve: false,
            testing_mode: provider == Api::Google,
            unverified: provider == Api::Google,
            grant: None,
            faults: FaultSpec::default(),
            log_requests: false,
        }
    }

    #[must_use]
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    #[must_use]
    pub fn days(mut self, days: u32) -> Self {
        self.days = days;
        self
    }
    #[must_use]
    pub fn time_zone(mut self, tz: &str) -> Self {
        self.time_zone = tz.to_string();
        self
    }
    /// Starts the clock at `now` (it then advances in real time).
    #[must_use]
    pub fn now(mut self, now: Timestamp) -> Self {
        self.clock = ClockSpec::StartAt(now);
        self
    }
    /// Uses a caller-controlled clock.
    #[must_use]
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = ClockSpec::Custom(clock);
        self
    }
    #[must_use]
    pub fn token_lifetime(mut self, secs: u32) -> Self {
        self.token_lifetime = Some(secs);
        self
    }
    #[must_use]
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }
    #[must_use]
    pub fn auto_approve(mut self, on: bool) -> Self {
        self.auto_approve = on;
        self
    }
    /// Google "Testing" publishing status (7-day refresh tokens, `refresh_token_expires_in`).
    #[must_use]
    pub fn testing_mode(mut self, on: bool) -> Self {
        self.testing_mode = on;
        self
    }
    /// Google unverified app: 2.5 requests/second per user (burst 3), 429 beyond.
    #[must_use]
    pub fn unverified(mut self, on: bool) -> Self {
        self.unverified = on;
        self
    }
    /// A published, verified Google app: neither testing mode nor the unverified QPS limit.
    #[must_use]
    pub fn published(self) -> Self {
        self.testing_mode(false).unverified(false)
    }
    /// The person grants only `scopes` on the consent page (see the `grant` field).
    #[must_use]
    pub fn grant(mut self, scopes: &[&str]) -> Self {
        self.grant = Some(scopes.iter().map(|s| (*s).to_string()).collect());
        self
    }
    #[must_use]
    pub fn faults(mut self, faults: FaultSpec) -> Self {
        self.faults = faults;
        self
    }
    #[must_use]
    pub fn log_requests(mut self, on: bool) -> Self {
        self.log_requests = on;
        self
    }

    /// The effective access-token lifetime.
    pub fn effective_token_lifetime(&self) -> u32 {
        self.token_lifetime.unwrap_or(match self.provider {
            Api::Fitbit => 28_800,
            Api::Google => 3_599,
        })
    }

    /// The effective rate limit.
    pub fn effective_rate_limit(&self) -> RateLimit {
        self.rate_limit
            .unwrap_or_else(|| RateLimit::default_for(self.provider))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_parse() {
        assert_eq!(
            "150/hour".parse::<RateLimit>().unwrap(),
            RateLimit::Window {
                limit: 150,
                period_secs: 3600
            }
        );
        assert_eq!(
            "10/30s".parse::<RateLimit>().unwrap(),
            RateLimit::Window {
                limit: 10,
                period_secs: 30
            }
        );
        assert_eq!(
            "5/2m".parse::<RateLimit>().unwrap(),
            RateLimit::Window {
                limit: 5,
                period_secs: 120
            }
        );
        assert_eq!("off".parse::<RateLimit>().unwrap(), RateLimit::Unlimited);
        assert!("0/hour".parse::<RateLimit>().is_err());
        assert!("12".parse::<RateLimit>().is_err());
        assert!("3/fortnight".parse::<RateLimit>().is_err());
    }

    #[test]
    fn defaults_follow_the_provider() {
        let f = SimConfig::new(Api::Fitbit);
        assert_eq!(f.effective_token_lifetime(), 28_800);
        let g = SimConfig::new(Api::Google).token_lifetime(60);
        assert_eq!(g.effective_token_lifetime(), 60);
        let g = SimConfig::new(Api::Google);
        assert!(g.testing_mode && g.unverified, "a personal Google app");
        let p = g.published();
        assert!(!p.testing_mode && !p.unverified);
        assert!(!f.testing_mode && !f.unverified, "Google-only notions");
        assert_eq!(
            SimConfig::new(Api::Google).effective_rate_limit(),
            RateLimit::Window {
                limit: 300,
                period_secs: 60
            }
        );
    }
}
