//! `fittui sim`'s flags ([`SimArgs`]) and the configuration they describe; [`crate::run`] serves them.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use std::path::PathBuf;

use clap::{Args, Subcommand};
use jiff::Timestamp;

use crate::api::Api;
use crate::config::{ClockSpec, RateLimit, SimConfig};
use crate::faults::FaultSpec;
use crate::takeout::{Era, Format, TakeoutSpec};

const LONG_HELP: &str = "\
On start the simulator prints exactly one JSON line on stdout:
  {\"provider\":\"fitbit\",\"api_base_url\":\"http://127.0.0.1:PORT\",\"authorize_url\":…,
   \"token_url\":…,\"revoke_url\":…,\"client_id\":…,\"client_secret\":…,\"user_id\":…,
   \"control_url\":\"http://127.0.0.1:PORT/_sim\"}
then serves until SIGINT or SIGTERM.

Control endpoints (never logged, never faulted):
  GET /_sim/info   GET /_sim/requests[?since=N]   DELETE /_sim/requests   GET /_sim/state
  GET|POST /_sim/faults   POST /_sim/revoke   POST /_sim/expire   POST /_sim/sync   GET /_sim/now

Faults (--faults, comma-separated; also POST /_sim/faults at runtime):
  gone               every request, API and OAuth, answers 410 Gone
  500:RATE 503:RATE  random server errors (RATE = 0.1 or 10%); Google 503 is UNAVAILABLE
  504:RATE           random gateway timeouts (Google: 504 DEADLINE_EXCEEDED)
  429:RATE           random 429s, shaped like a spent rate limit
  storm:N/M          429 for requests k with k mod M < N
  latency:DUR[..DUR] added latency, fixed or uniform (250ms, 1s, 100ms..800ms)
  reset:RATE         drop the connection without a response
  truncate:RATE      200 with the JSON body cut in half
  malformed:RATE     200 with garbage after the JSON body
  revoke-after:N     revoke every token after N more API requests
  expire-after:N     expire every access token after N more API requests
  only:PREFIX        random faults and latency only on paths starting with PREFIX
  not-linked         Google: the account has no health profile; every /v4 call answers
                     400 FAILED_PRECONDITION / ACCOUNT_NOT_LINKED (OAuth still works)
Random faults apply to API requests only and are deterministic under --seed.

Examples:
  fittui sim --provider fitbit --auto-approve --now 2026-11-21T15:00:00-08:00
  fittui sim --provider google --faults 503:5%,latency:50ms..200ms   (testing mode, unverified)
  fittui sim --provider google --published --grant sleep,settings --auto-approve
  fittui sim takeout --out /tmp/takeout.zip --now 2026-11-21T15:00:00-08:00 --days 30
  fittui sim takeout --out /tmp/export --era account-2019 --tz Australia/Sydney   (a directory)";

/// Run a local, deterministic simulator of the Fitbit Web API or the Google Health API.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = LONG_HELP, subcommand_negates_reqs = true)]
#[allow(clippy::struct_excessive_bools)] // one field per on/off flag
pub struct SimArgs {
    /// Instead of serving: write the person's data export and exit.
    #[command(subcommand)]
    pub command: Option<SimCommand>,

    /// Which API contract to serve (required unless a subcommand is given).
    #[arg(long, value_enum, required = true)]
    pub provider: Option<Api>,

    /// Loopback address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0", value_parser = parse_loopback)]
    pub addr: SocketAddr,

    /// Seed of the synthetic person: same seed and --now, same bytes.
    #[arg(long, default_value_t = super::config::DEFAULT_SEED)]
    pub seed: u64,

    /// Days of data, ending today.
    #[arg(long, default_value_t = super::config::DEFAULT_DAYS,
          value_parser = clap::value_parser!(u32).range(1..=1095))]
    pub days: u32,

    /// The person's IANA time zone.
    #[arg(long, value_name = "IANA", default_value = super::config::DEFAULT_TZ,
          value_parser = parse_tz)]
    pub tz: String,

    /// Start the simulator's clock at this instant (RFC 3339); it then advances in real time.
    /// Default: the real clock.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    pub now: Option<Timestamp>,

    /// Access-token lifetime in seconds (default: 28800 fitbit, 3599 google).
    #[arg(long, value_name = "SECS")]
    pub token_lifetime: Option<u32>,

    /// Requests per user per period, e.g. 150/hour, 300/minute, 10/30s, or `off`
    /// (default: 150/hour fitbit, 300/minute google).
    #[arg(long, value_name = "N/PERIOD")]
    pub rate_limit: Option<RateLimit>,

    /// The consent page approves at once: GET authorize → 302 to the redirect URI.
    #[arg(long)]
    pub auto_approve: bool,

    /// Google only: the OAuth app is in "Testing", so refresh tokens expire 7 days after
    /// consent and token responses carry `refresh_token_expires_in` (the default for google;
    /// see --published).
    #[arg(long, conflicts_with = "published")]
    pub testing_mode: bool,

    /// Google only: the app is unverified, so each user gets 2.5 requests/second (burst 3)
    /// and `429 RESOURCE_EXHAUSTED` beyond, on top of the per-minute limit (the default for
    /// google; with --published it keeps the limit on).
    #[arg(long)]
    pub unverified: bool,

    /// Google only: the app is published and verified — no testing mode (refresh tokens do
    /// not expire) and no unverified-app QPS limit (unless --unverified is also given).
    #[arg(long)]
    pub published: bool,

    /// The scopes the person grants on the consent page (comma-separated, provider spelling;
    /// Google bundle names like `sleep` mean `…googlehealth.sleep.readonly`). With
    /// --auto-approve exactly these (of those requested) are granted; without it, only these
    /// start ticked. Default: everything requested.
    #[arg(long, value_name = "SCOPES", value_delimiter = ',')]
    pub grant: Option<Vec<String>>,

    /// Failure modes to inject (grammar below).
    #[arg(long, value_name = "SPEC", default_value = "none", value_parser = parse_faults)]
    pub faults: String,

    /// Print every request as a JSON line on stderr.
    #[arg(long)]
    pub log_requests: bool,
}

/// `fittui sim` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum SimCommand {
    /// Write the synthetic person's Fitbit data export (Google Takeout or the Fitbit account
    /// archive) as a zip, a tgz or a directory, print one JSON line
    /// (`{"out":[…],"files":N,"bytes":N,"days":N,"era":…}`) and exit.
    Takeout(TakeoutArgs),
}

/// `fittui sim takeout` flags.
#[derive(Debug, Clone, Args)]
pub struct TakeoutArgs {
    /// Output: `FILE.zip`, `FILE.tgz` or a directory (see --format).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,

    /// Export layout: account-2019, account-2021, takeout-2024 or takeout-2026.
    #[arg(long, default_value = "takeout-2026", value_parser = parse_era)]
    pub era: Era,

    /// zip, tgz or dir (default: from the extension of --out).
    #[arg(long, value_parser = parse_format)]
    pub format: Option<Format>,

    /// Split the archive into N standalone parts `takeout-<stamp>-001.zip`, … next to --out.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=999))]
    pub parts: u32,

    /// Seed of the synthetic person (as `fittui sim --seed`).
    #[arg(long, default_value_t = super::config::DEFAULT_SEED)]
    pub seed: u64,

    /// The simulator's --days; the export holds the days - 1 final days before today.
    #[arg(long, default_value_t = super::config::DEFAULT_DAYS,
          value_parser = clap::value_parser!(u32).range(1..=1095))]
    pub days: u32,

    /// The person's IANA time zone.
    #[arg(long, value_name = "IANA", default_value = super::config::DEFAULT_TZ,
          value_parser = parse_tz)]
    pub tz: String,

    /// The export instant (RFC 3339). Default: the real clock.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    pub now: Option<Timestamp>,

    /// The account's name, "First Last" (default: the person's).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Heart-rate rows every SECS seconds (1 = every reading, as the API's 1sec detail).
    #[arg(long, value_name = "SECS", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub heart_every: u32,
}

impl TakeoutArgs {
    /// The export these flags describe.
    pub fn to_spec(&self) -> TakeoutSpec {
        TakeoutSpec {
            seed: self.seed,
            days: self.days,
            tz: self.tz.clone(),
            now: self.now.unwrap_or_else(Timestamp::now),
            era: self.era,
            format: self.format,
            parts: self.parts,
            name: self.name.clone(),
            heart_every_secs: self.heart_every,
        }
    }
}

fn parse_era(s: &str) -> Result<Era, String> {
    s.parse()
        .map_err(|e: crate::takeout::TakeoutError| e.to_string())
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
        .map_err(|e: crate::takeout::TakeoutError| e.to_string())
}

impl SimArgs {
    /// The configuration these flags describe.
    pub fn to_config(&self) -> SimConfig {
        let mut config = SimConfig::new(self.provider.unwrap_or(Api::Fitbit))
            .addr(self.addr)
            .seed(self.seed)
            .days(self.days)
            .time_zone(&self.tz)
            .auto_approve(self.auto_approve)
            .faults(self.faults.parse().unwrap_or_default())
            .log_requests(self.log_requests);
        if self.published {
            config = config.published();
        }
        if self.testing_mode {
            config = config.testing_mode(true);
        }
        if self.unverified {
            config = config.unverified(true);
        }
        config.grant.clone_from(&self.grant);
        config.clock = self.now.map_or(ClockSpec::Real, ClockSpec::StartAt);
        config.token_lifetime = self.token_lifetime;
        config.rate_limit = self.rate_limit;
        config
    }
}

fn parse_loopback(s: &str) -> Result<SocketAddr, String> {
    let addr: SocketAddr = match s.strip_prefix("localhost:") {
        Some(port) => SocketAddr::new(
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            port.parse()
                .map_err(|_| format!("`{port}` is not a port"))?,
        ),
        None => s
            .parse()
            .map_err(|_| format!("`{s}` is not an address like 127.0.0.1:8080"))?,
    };
    if addr.ip().is_loopback() {
        Ok(addr)
    } else {
        Err(format!(
            "{addr} is not a loopback address; the simulator only listens on 127.0.0.1, ::1 or localhost"
        ))
    }
}

fn parse_faults(s: &str) -> Result<String, String> {
    s.parse::<FaultSpec>()
        .map(|_| s.to_string())
        .map_err(|e| e.to_string())
}

fn parse_tz(s: &str) -> Result<String, String> {
    jiff::tz::TimeZone::get(s)
        .map(|_| s.to_string())
        .map_err(|e| format!("unknown IANA time zone `{s}` ({e})"))
}

fn parse_now(s: &str) -> Result<Timestamp, String> {
    s.parse::<Timestamp>()
        .map_err(|e| format!("expected an RFC 3339 instant like 2026-11-21T15:00:00-08:00 ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: SimArgs,
    }

    #[test]
    fn flags_parse_and_validate() {
        let w = Wrapper::try_parse_from([
            "x",
            "--provider",
            "google",
            "--now",
            "2026-11-21T15:00:00-08:00",
            "--rate-limit",
            "10/30s",
            "--faults",
            "503:5%",
            "--addr",
            "localhost:0",
        ])
        .unwrap();
        let c = w.args.to_config();
        assert_eq!(c.provider, Api::Google);
        assert_eq!(
            c.rate_limit,
            Some(RateLimit::Window {
                limit: 10,
                period_secs: 30
            })
        );
        assert!(c.addr.ip().is_loopback());
        let err = Wrapper::try_parse_from(["x", "--provider", "fitbit", "--addr", "0.0.0.0:80"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a loopback address"), "{err}");
        assert!(
            Wrapper::try_parse_from(["x", "--provider", "fitbit", "--tz", "Mars/Base"]).is_err()
        );
        assert!(
            Wrapper::try_parse_from(["x", "--provider", "fitbit", "--faults", "bogus"]).is_err()
        );
        assert!(Wrapper::try_parse_from(["x"]).is_err());
    }

    #[test]
    fn takeout_subcommand_needs_no_provider() {
        let w = Wrapper::try_parse_from([
            "x",
            "takeout",
            "--out",
            "/tmp/t.zip",
            "--era",
            "account-2019",
            "--days",
            "30",
            "--tz",
            "Australia/Sydney",
            "--now",
            "2026-11-21T12:00:00+11:00",
            "--parts",
            "2",
        ])
        .unwrap();
        let Some(SimCommand::Takeout(t)) = w.args.command else {
            panic!("no takeout subcommand");
        };
        let spec = t.to_spec();
        assert_eq!(spec.era, Era::Account2019);
        assert_eq!(
            (spec.days, spec.parts, spec.tz.as_str()),
            (30, 2, "Australia/Sydney")
        );
        assert_eq!(spec.format, None);
        let t = Wrapper::try_parse_from(["x", "takeout", "--out", "d", "--format", "dir"]).unwrap();
        let Some(SimCommand::Takeout(t)) = t.args.command else {
            panic!("no takeout subcommand");
        };
        assert_eq!(t.era, Era::Takeout2026);
        assert_eq!(t.format, Some(Format::Dir));
        let err = Wrapper::try_parse_from(["x", "takeout", "--out", "a.zip", "--era", "2030"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown era"), "{err}");
        assert!(
            Wrapper::try_parse_from(["x", "takeout"]).is_err(),
            "--out is required"
        );
    }

    #[test]
    fn publishing_and_grant_flags() {
        let parse = |args: &[&str]| {
            let mut all = vec!["x", "--provider", "google"];
            all.extend_from_slice(args);
            Wrapper::try_parse_from(all).map(|w| w.args.to_config())
        };
        let c = parse(&[
            "--testing-mode",
            "--unverified",
            "--grant",
            "sleep,settings",
        ])
        .unwrap();
        assert!(c.testing_mode && c.unverified);
        assert_eq!(c.grant, Some(vec!["sleep".into(), "settings".into()]));
        let c = parse(&[]).unwrap();
        assert!(
            c.testing_mode && c.unverified,
            "google defaults to a personal app"
        );
        let c = parse(&["--published"]).unwrap();
        assert!(!c.testing_mode && !c.unverified && c.grant.is_none());
        let c = parse(&["--published", "--unverified"]).unwrap();
        assert!(!c.testing_mode && c.unverified);
        assert!(parse(&["--published", "--testing-mode"]).is_err());
    }
}
