//! `fittui --demo`: the whole app against the in-process simulator, with nothing to set up.
//!
//! It starts the simulator on 127.0.0.1 (legacy Fitbit contract by default, so every tab works
//! including alarm editing), makes a throw-away config and data dir (never the user's own),
//! signs in through the simulator's OAuth flow with fittui's own OAuth client (authorization
//! code + PKCE + state, consent auto-approved), then runs the TUI on the simulator's clock.

use std::sync::Arc;

use fittui_sim::{SimConfig, SimHandle, SimInfo};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use url::Url;

use crate::api::ProviderKind;
use crate::auth::TokenStore;
use crate::auth::loopback::{Callback, parse_callback};
use crate::clock::{OffsetClock, SharedClock, SystemClock};
use crate::config::Config;
use crate::paths::{Paths, ensure_private_dir};
use crate::source::{self, Source};

/// How to run the demo (the simulator's reproducibility knobs).
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub provider: ProviderKind,
    pub seed: Option<u64>,
    pub now: Option<Timestamp>,
    pub tz: Option<String>,
}

/// A running demo: the simulator, the throw-away profile and the signed-in source.
#[derive(Debug)]
pub struct Demo {
    pub sim: SimHandle,
    pub paths: Paths,
    pub config: Config,
    pub source: Source,
    pub clock: SharedClock,
    /// Removed when the demo ends.
    _dir: tempfile::TempDir,
}

/// Why the demo could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the simulator did not start: {0}")]
    Sim(#[from] fittui_sim::SimError),
    #[error("cannot make a temporary profile: {0}")]
    Io(#[from] std::io::Error),
    #[error("signing in to the simulator failed: {0}")]
    SignIn(String),
}

/// The simulator's name for a provider's API.
impl From<ProviderKind> for fittui_sim::Api {
    fn from(provider: ProviderKind) -> Self {
        match provider {
            ProviderKind::Fitbit => fittui_sim::Api::Fitbit,
            ProviderKind::Google => fittui_sim::Api::Google,
        }
    }
}

/// The app's clock as the simulator's: demo mode (and tests) run both on one clock.
pub fn sim_clock(clock: SharedClock) -> fittui_sim::SharedClock {
    Arc::new(AppClock(clock))
}

/// Adapter from the app's [`crate::clock::Clock`] to the simulator's.
#[derive(Debug)]
struct AppClock(SharedClock);

impl fittui_sim::Clock for AppClock {
    fn now(&self) -> Timestamp {
        self.0.now()
    }
}

fn sign_in_error(e: impl std::fmt::Display) -> DemoError {
    DemoError::SignIn(e.to_string())
}

/// Starts the simulator, signs in and returns everything the TUI needs. `--now` starts a
/// clock there that then runs in real time; without it the demo lives in the present.
pub async fn start(options: &DemoOptions) -> Result<Demo, DemoError> {
    let clock: SharedClock = match options.now {
        Some(at) => Arc::new(OffsetClock::starting_at(at)),
        None => Arc::new(SystemClock),
    };
    start_with_clock(options, clock).await
}

/// [`start`] with a given clock, shared by the simulator and the app (tests pass a fixed one).
pub async fn start_with_clock(
    options: &DemoOptions,
    clock: SharedClock,
) -> Result<Demo, DemoError> {
    let mut sim_config = SimConfig::new(options.provider.into());
    if let Some(seed) = options.seed {
        sim_config = sim_config.seed(seed);
    }
    if let Some(tz) = &options.tz {
        sim_config = sim_config.time_zone(tz);
    }
    start_with_sim(sim_config, clock).await
}

/// Demo mode on a simulator configured by the caller (benchmarks lift its rate limit).
pub async fn start_with_sim(sim_config: SimConfig, clock: SharedClock) -> Result<Demo, DemoError> {
    let sim = fittui_sim::start(
        sim_config
            .auto_approve(true)
            .clock(sim_clock(clock.clone())),
    )
    .await?;
    let profile = sign_in(sim.info(), clock.clone()).await?;
    Ok(Demo {
        sim,
        paths: profile.paths,
        config: profile.config,
        source: profile.source,
        clock,
        _dir: profile.dir,
    })
}

/// A throw-away profile signed in to a simulator.
#[derive(Debug)]
pub struct SimProfile {
    pub paths: Paths,
    pub config: Config,
    pub source: Source,
    /// Removed when dropped.
    pub dir: tempfile::TempDir,
}

/// Signs in to the simulator described by `info` (in this process or a `fittui sim` one, with
/// `--auto-approve`) through its OAuth flow, in a fresh temporary profile.
pub async fn sign_in(info: &SimInfo, clock: SharedClock) -> Result<SimProfile, DemoError> {
    let provider: ProviderKind = info.provider.parse().map_err(sign_in_error)?;
    let dir = tempfile::Builder::new().prefix("fittui-demo-").tempdir()?;
    let paths = Paths::in_dir(dir.path());
    for d in [&paths.config_dir, &paths.data_dir, &paths.state_dir] {
        ensure_private_dir(d)?;
    }
    let config = demo_config(info, provider);
    let http = crate::net::http_client().map_err(sign_in_error)?;
    let oauth = source::oauth_client(&config, provider, http.clone(), clock.clone());

    // The redirect URI is never visited: the consent page is auto-approved, so its 302 carries
    // the code, which is read straight from the Location header.
    let redirect_uri = "http://127.0.0.1:8080/";
    let request = oauth
        .authorization_request(redirect_uri)
        .map_err(sign_in_error)?;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(sign_in_error)?;
    let consent = no_redirects
        .get(request.url.clone())
        .send()
        .await
        .map_err(sign_in_error)?;
    let location = consent
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| sign_in_error(format!("the consent page answered {}", consent.status())))?;
    let location = Url::parse(location).map_err(sign_in_error)?;
    let Some(Callback::Code { code, state }) = parse_callback(&location) else {
        return Err(sign_in_error("the consent page returned no code"));
    };
    if state.as_deref() != Some(request.state.as_str()) {
        return Err(sign_in_error("the state did not round-trip"));
    }
    let tokens = oauth
        .exchange_code(&code, &request.pkce.verifier, &request.redirect_uri)
        .await
        .map_err(sign_in_error)?;
    TokenStore::new(&paths.config_dir, provider)
        .save(&tokens)
        .map_err(sign_in_error)?;
    let source = source::open(&config, &paths, provider, http, clock)
        .map_err(sign_in_error)?
        .ok_or_else(|| sign_in_error("the tokens were not stored"))?;
    Ok(SimProfile {
        paths,
        config,
        source,
        dir,
    })
}

/// A config whose provider section points at the simulator.
pub fn demo_config(info: &SimInfo, provider: ProviderKind) -> Config {
    let mut config = Config::default();
    config.general.provider = provider;
    match provider {
        ProviderKind::Fitbit => {
            let f = &mut config.fitbit;
            f.client_id.clone_from(&info.client_id);
            f.client_secret.clone_from(&info.client_secret);
            f.api_base_url.clone_from(&info.api_base_url);
            f.authorize_url.clone_from(&info.authorize_url);
            f.token_url.clone_from(&info.token_url);
            f.revoke_url.clone_from(&info.revoke_url);
        }
        ProviderKind::Google => {
            let g = &mut config.google;
            g.client_id.clone_from(&info.client_id);
            g.client_secret.clone_from(&info.client_secret);
            g.api_base_url.clone_from(&info.api_base_url);
            g.authorize_url.clone_from(&info.authorize_url);
            g.token_url.clone_from(&info.token_url);
            g.revoke_url.clone_from(&info.revoke_url);
        }
    }
    config
}

/// The zone to start the app in before the account loads.
pub fn fallback_tz(options: &DemoOptions) -> TimeZone {
    options
        .tz
        .as_deref()
        .and_then(|name| TimeZone::get(name).ok())
        .unwrap_or_else(|| TimeZone::get(fittui_sim::config::DEFAULT_TZ).unwrap_or(TimeZone::UTC))
}
