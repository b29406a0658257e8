//! Switchable failure modes: the `--faults` grammar, and the per-request decision.
//!
//! ``text
//! SPEC  := "none" | ITEM ("," ITEM)*
//! ITEM  := "gone"                 every request (API and OAuth) answers 410 Gone
//!        | "500:" RATE            random 500 Internal Server Error
//!        | "503:" RATE            random 503 Service Unavailable (Google: `UNAVAILABLE`)
//!        | "504:" RATE            random 504 Gateway Timeout (Google: `DEADLINE_EXCEEDED`)
//!        | "429:" RATE            random 429 (same body and headers as a spent rate limit)
//!        | "storm:" N "/" M       429 storms: requests k with (k mod M) < N answer 429
//!        | "latency:" DUR [".." DUR]   added latency, fixed or uniform in the range
//!        | "reset:" RATE          drop the connection without an HTTP response
//!        | "truncate:" RATE       200 with the JSON body cut in half
//!        | "malformed:" RATE      200 with trailing garbage after the JSON body
//!        | "revoke-after:" N      after N more API requests, revoke every token
//!        | "expire-after:" N      after N more API requests, expire every access token
//!        | "only:" PREFIX         random faults and latency only hit paths starting with PREFIX
//!        | "not-linked"           Google: the account has no health data profile; every
//!                                 `/v4` call answers 400 `FAILED_PRECONDITION` /
//!                                 `ACCOUNT_NOT_LINKED` (consent and tokens still work);
//!                                 the legacy API ignores it
//! RATE  := a probability "0.1" or a percentage "10%"
//! DUR   := "250ms" | "2s"
//! ``
//!
//! Random faults hit API data requests only (`/1*/…`, `/v4/…`); OAuth endpoints see only
//! `gone`, and `/_sim/*` never sees a fault. Decisions are deterministic: request number `k`
//! (counting API requests since the faults were set) draws from an RNG derived from the seed
//! and `k`, so the same request sequence meets the same faults.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use super::person::rng::{Stream, derive};

/// A parsed fault specification.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultSpec {
    pub gone: bool,
    pub error500: f64,
    pub error503: f64,
    pub error504: f64,
    pub error429: f64,
    pub storm: Option<(u32, u32)>,
    pub latency: Option<(Duration, Duration)>,
    pub reset: f64,
    pub truncate: f64,
    pub malformed: f64,
    pub revoke_after: Option<u64>,
    pub expire_after: Option<u64>,
    pub only: Option<String>,
    /// Google: the signed-in account has no Google Health profile (`ACCOUNT_NOT_LINKED`).
    pub not_linked: bool,
    text: String,
}

/// A `--faults` string that does not follow the grammar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad fault `{item}`: {reason} (see `fittui sim --help` for the grammar)")]
pub struct FaultSpecError {
    pub item: String,
    pub reason: String,
}

impl FaultSpec {
    /// No faults.
    pub fn none() -> Self {
        FaultSpec::default()
    }

    /// True when nothing is switched on.
    pub fn is_none(&self) -> bool {
        *self == FaultSpec::default()
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.text.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&self.text)
        }
    }
}

impl FromStr for FaultSpec {
    type Err = FaultSpecError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let mut spec = FaultSpec::default();
        if s.is_empty() || s == "none" {
            return Ok(spec);
        }
        let mut items = Vec::new();
        for raw in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let err = |reason: &str| FaultSpecError {
                item: raw.to_string(),
                reason: reason.to_string(),
            };
            let (name, value) = match raw.split_once(':') {
                Some((n, v)) => (n.trim(), Some(v.trim())),
                None => (raw, None),
            };
            let need = || value.ok_or_else(|| err("needs a value after `:`"));
            match name {
                "gone" => {
                    if value.is_some() {
                        return Err(err("takes no value"));
                    }
                    spec.gone = true;
                }
                "not-linked" => {
                    if value.is_some() {
                        return Err(err("takes no value"));
                    }
                    spec.not_linked = true;
                }
                "500" => spec.error500 = rate(need()?).map_err(|r| err(&r))?,
                "503" => spec.error503 = rate(need()?).map_err(|r| err(&r))?,
                "504" => spec.error504 = rate(need()?).map_err(|r| err(&r))?,
                "429" => spec.error429 = rate(need()?).map_err(|r| err(&r))?,
                "reset" => spec.reset = rate(need()?).map_err(|r| err(&r))?,
                "truncate" => spec.truncate = rate(need()?).map_err(|r| err(&r))?,
                "malformed" => spec.malformed = rate(need()?).map_err(|r| err(&r))?,
                "storm" => {
                    let v = need()?;
                    let (n, m) = v
                        .split_once('/')
                        .ok_or_else(|| err("expected N/M, e.g. storm:5/20"))?;
                    let n: u32 = n.parse().map_err(|_| err("N is not a number"))?;
                    let m: u32 = m.parse().map_err(|_| err("M is not a number"))?;
                    if m == 0 || n > m {
                        return Err(err("need 0 <= N <= M and M > 0"));
                    }
                    spec.storm = Some((n, m));
                }
                "latency" => {
                    let v = need()?;
                    let (lo, hi) = match v.split_once("..") {
                        Some((a, b)) => (duration(a), duration(b)),
                        None => (duration(v), duration(v)),
                    };
                    let (lo, hi) = lo.zip(hi).ok_or_else(|| {
                        err("expected a duration like 250ms or 1s, or a range 100ms..800ms")
                    })?;
                    if hi < lo {
                        return Err(err("range end is before its start"));
                    }
                    spec.latency = Some((lo, hi));
                }
                "revoke-after" => {
                    spec.revoke_after = Some(
                        need()?
                            .parse()
                            .map_err(|_| err("expected a request count"))?,
                    );
                }
                "expire-after" => {
                    spec.expire_after = Some(
                        need()?
                            .parse()
                            .map_err(|_| err("expected a request count"))?,
                    );
                }
                "only" => {
                    let v = need()?;
                    if !v.starts_with('/') {
                        return Err(err("expected a path prefix starting with /"));
                    }
                    spec.only = Some(v.to_string());
                }
                _ => return Err(err("unknown fault")),
            }
            items.push(raw.to_string());
        }
        let total = spec.error500 + spec.error503 + spec.error504 + spec.error429;
        if total > 1.0 {
            return Err(FaultSpecError {
                item: s.to_string(),
                reason: "500 + 503 + 504 + 429 rates add up to more than 1".into(),
            });
        }
        spec.text = items.join(",");
        Ok(spec)
    }
}

fn rate(v: &str) -> Result<f64, String> {
    let (num, pct) = match v.strip_suffix('%') {
        Some(n) => (n, true),
        None => (v, false),
    };
    let x: f64 = num
        .parse()
        .map_err(|_| format!("`{v}` is not a rate (0.1 or 10%)"))?;
    let x = if pct { x / 100.0 } else { x };
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("`{v}` is not between 0 and 1 (0% and 100%)"))
    }
}

fn duration(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Some(ms) = v.strip_suffix("ms") {
        return ms.parse().ok().map(Duration::from_millis);
    }
    v.strip_suffix('s')
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

/// What a request runs into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injected {
    Gone,
    Status(u16),
    RateLimited,
    Reset,
    Truncate,
    Malformed,
}

impl Injected {
    pub fn label(self) -> &'static str {
        match self {
            Injected::Gone => "gone",
            Injected::Status(500) => "500",
            Injected::Status(504) => "504",
            Injected::Status(_) => "503",
            Injected::RateLimited => "429",
            Injected::Reset => "reset",
            Injected::Truncate => "truncate",
            Injected::Malformed => "malformed",
        }
    }
}

/// One-shot triggers that fire when their countdown reaches zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Triggers {
    pub revoke: bool,
    pub expire: bool,
}

/// The decision for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Decision {
    pub fault: Option<Injected>,
    pub latency: Duration,
    pub triggers: Triggers,
}

/// Current spec plus its counters.
#[derive(Debug, Clone, Default)]
pub struct FaultState {
    pub spec: FaultSpec,
    seq: u64,
    revoke_in: Option<u64>,
    expire_in: Option<u64>,
}

impl FaultState {
    pub fn new(spec: FaultSpec) -> Self {
        FaultState {
            revoke_in: spec.revoke_after,
            expire_in: spec.expire_after,
            spec,
            seq: 0,
        }
    }

    /// Decides for the next request. `api` is false for OAuth endpoints (only `gone` applies).
    pub fn decide(&mut self, seed: u64, path: &str, api: bool) -> Decision {
        let spec = &self.spec;
        if spec.gone {
            return Decision {
                fault: Some(Injected::Gone),
                ..Decision::default()
            };
        }
        if !api {
            return Decision::default();
        }
        let k = self.seq;
        self.seq += 1;
        let mut triggers = Triggers::default();
        if let Some(n) = self.revoke_in.as_mut() {
            if *n == 0 {
                triggers.revoke = true;
                self.revoke_in = None;
            } else {
                *n -= 1;
            }
        }
        if let Some(n) = self.expire_in.as_mut() {
            if *n == 0 {
                triggers.expire = true;
                self.expire_in = None;
            } else {
                *n -= 1;
            }
        }
        let spec = &self.spec;
        let draw = |salt: u64| {
            let bits = derive(seed, Stream::Faults, (k as i64) ^ ((salt as i64) << 40));
            (bits >> 11) as f64 / (1u64 << 53) as f64
        };
        let targeted = spec.only.as_deref().is_none_or(|p| path.starts_with(p));
        let latency = match spec.latency {
            Some((lo, hi)) if targeted => lo + hi.saturating_sub(lo).mul_f64(draw(1)),
            _ => Duration::ZERO,
        };
        let mut fault = None;
        if targeted {
            if let Some((n, m)) = spec.storm
                && (k % u64::from(m)) < u64::from(n)
            {
                fault = Some(Injected::RateLimited);
            }
            if fault.is_none() {
                let x = draw(2);
                fault = if x < spec.error500 {
                    Some(Injected::Status(500))
                } else if x < spec.error500 + spec.error503 {
                    Some(Injected::Status(503))
                } else if x < spec.error500 + spec.error503 + spec.error504 {
                    Some(Injected::Status(504))
                } else if x < spec.error500 + spec.error503 + spec.error504 + spec.error429 {
                    Some(Injected::RateLimited)
                } else {
                    None
                };
            }
            if fault.is_none() && draw(3) < spec.reset {
                fault = Some(Injected::Reset);
            }
            if fault.is_none() {
                let x = draw(4);
                if x < spec.truncate {
                    fault = Some(Injected::Truncate);
                } else if x < spec.truncate + spec.malformed {
                    fault = Some(Injected::Malformed);
                }
            }
        }
        Decision {
            fault,
            latency,
            triggers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        let s: FaultSpec = "500:10%, 503:0.05,storm:2/10,latency:100ms..300ms,reset:1%,truncate:0.5,revoke-after:3,only:/1/user"
            .parse()
            .unwrap();
        assert!((s.error500 - 0.1).abs() < 1e-9);
        assert_eq!(s.storm, Some((2, 10)));
        assert_eq!(
            s.latency,
            Some((Duration::from_millis(100), Duration::from_millis(300)))
        );
        assert_eq!(s.revoke_after, Some(3));
        assert_eq!(s.only.as_deref(), Some("/1/user"));
        assert!("none".parse::<FaultSpec>().unwrap().is_none());
        assert!("gone".parse::<FaultSpec>().unwrap().gone);
        for bad in [
            "500",
            "500:2",
            "storm:3/2",
            "latency:fast",
            "wat",
            "gone:1",
            "500:0.6,503:0.6",
            "504:0.5,429:0.6",
            "not-linked:1",
            "only:x",
        ] {
            assert!(bad.parse::<FaultSpec>().is_err(), "{bad}");
        }
        assert_eq!(s.to_string().split(',').count(), 8);
    }

    #[test]
    fn decisions_are_deterministic_and_follow_rates() {
        let spec: FaultSpec = "500:0.3,storm:1/4".parse().unwrap();
        let run = || {
            let mut st = FaultState::new(spec.clone());
            (0..200)
                .map(|_| st.decide(7, "/1/user/-/x.json", true).fault)
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        assert_eq!(a[0], Some(Injected::RateLimited));
        assert_eq!(a[4], Some(Injected::RateLimited));
        let errors = a
            .iter()
            .filter(|f| **f == Some(Injected::Status(500)))
            .count();
        assert!((25..=65).contains(&errors), "{errors}");
        let mut st = FaultState::new(spec);
        assert_eq!(st.decide(7, "/oauth2/token", false), Decision::default());
    }

    #[test]
    fn gateway_timeouts_and_not_linked() {
        let spec: FaultSpec = "504:100%,not-linked".parse().unwrap();
        assert!(spec.not_linked);
        assert_eq!(spec.to_string(), "504:100%,not-linked");
        let mut st = FaultState::new(spec);
        let d = st.decide(3, "/v4/users/me/identity", true);
        assert_eq!(d.fault, Some(Injected::Status(504)));
        assert_eq!(Injected::Status(504).label(), "504");
        assert_eq!(Injected::Status(503).label(), "503");
    }

    #[test]
    fn triggers_fire_once() {
        let mut st = FaultState::new("revoke-after:2".parse().unwrap());
        let fired: Vec<bool> = (0..5)
            .map(|_| st.decide(1, "/x", true).triggers.revoke)
            .collect();
        assert_eq!(fired, [false, false, true, false, false]);
    }
}
