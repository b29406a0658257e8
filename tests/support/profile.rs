//! The sign-in and provider tests against the simulator: a throw-away profile whose config
//! points at a running simulator, token sets minted by it, the wired-up source, and
//! request-log queries.
use std::path::Path;
use std::sync::Arc;

use fittui_sim::testkit::client;

use fittui::api::ProviderKind;
use fittui::auth::{OAuthClient, TokenOrigin, TokenSet, TokenStore};
use fittui::clock::{FixedClock, SharedClock};
use fittui::commands::demo::{demo_config, sim_clock};
use fittui::config::Config;
use fittui::paths::{Paths, ensure_private_dir};
use fittui::source::{self, Source};
use fittui_sim::{RequestRecord, SimConfig, SimHandle, TokenGrant};
use jiff::{SignedDuration, Timestamp};
use url::Url;

/// Every Fitbit scope fittui asks for.
pub const FITBIT_ALL: &[&str] = fittui::provider::fitbit::SCOPES;

/// fittui's HTTP client (installs the rustls provider; follows redirects).
pub fn http() -> reqwest::Client {
    fittui::net::http_client().expect("http client")
}

/// A simulator whose clock is `clock` (shared with fittui in the in-process tests).
///
/// Its per-second cap for unverified Google apps is off: the fixed clock only moves when a
/// test moves it, so a bucket timed by it could never refill while fittui paces in virtual
/// time. The cap itself is tested in real time (`tests/provider_pacing.rs`) and in the
/// simulator's own tests.
pub async fn sim(config: SimConfig, clock: &Arc<FixedClock>) -> SimHandle {
    let shared: SharedClock = clock.clone();
    fittui_sim::start(config.unverified(false).clock(sim_clock(shared)))
        .await
        .expect("sim starts")
}

/// A throw-away profile (config, data) whose provider section points at `sim`.
pub struct Profile {
    pub dir: tempfile::TempDir,
    pub paths: Paths,
    pub config: Config,
}

impl Profile {
    /// The real `fittui` binary with this profile's directories, no client id from the
    /// environment, stdin closed (a caller may pipe it instead) and output captured.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_fittui"));
        cmd.args(args)
            .env("FITTUI_CONFIG_DIR", &self.paths.config_dir)
            .env("FITTUI_DATA_DIR", &self.paths.data_dir)
            .env_remove("FITTUI_CLIENT_ID")
            .env_remove("FITTUI_CLIENT_SECRET")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        cmd
    }

    pub fn new(sim: &SimHandle, kind: ProviderKind) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("fittui-test-")
            .tempdir()
            .expect("temp dir");
        let paths = Paths::in_dir(dir.path());
        for d in [&paths.config_dir, &paths.data_dir] {
            ensure_private_dir(d).expect("private dir");
        }
        let config = demo_config(sim.info(), kind);
        let profile = Self { dir, paths, config };
        profile.write_config();
        profile
    }

    /// Writes `config.toml` (for the tests that run the binary).
    pub fn write_config(&self) {
        let text = toml::to_string(&self.config).expect("config serialises");
        std::fs::write(self.paths.config_file(), text).expect("config written");
    }

    pub fn config_dir(&self) -> &Path {
        &self.paths.config_dir
    }

    pub fn store(&self, kind: ProviderKind) -> TokenStore {
        TokenStore::new(&self.paths.config_dir, kind)
    }

    /// The stored tokens (panics when there are none).
    pub fn stored(&self, kind: ProviderKind) -> TokenSet {
        self.store(kind)
            .load()
            .expect("token file readable")
            .expect("signed in")
    }

    /// The source `fittui` would open from this profile.
    pub fn open(&self, kind: ProviderKind, clock: SharedClock) -> Source {
        source::open(&self.config, &self.paths, kind, http(), clock)
            .expect("token file readable")
            .expect("signed in")
    }

    pub fn oauth(&self, kind: ProviderKind, clock: SharedClock) -> OAuthClient {
        source::oauth_client(&self.config, kind, http(), clock)
    }
}

/// The sign-in fittui would store for a grant minted by the simulator at `now`, with the
/// access token expiring at `expires_at`.
pub fn token_set(
    kind: ProviderKind,
    grant: &TokenGrant,
    client_id: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> TokenSet {
    TokenSet {
        provider: kind,
        origin: TokenOrigin::AuthorizationCode,
        access_token: grant.access_token.clone(),
        refresh_token: grant.refresh_token.clone(),
        expires_at,
        refresh_token_expires_at: None,
        scopes: grant.scope.split_whitespace().map(str::to_string).collect(),
        user_id: Some(grant.user_id.clone()),
        account_label: None,
        client_id: client_id.to_string(),
        time_zone: None,
        obtained_at: now,
    }
}

/// Mints a Fitbit sign-in at the simulator's "now" and stores it in `profile`; the access
/// token is valid for `valid_for` in fittui's view (negative: already expired).
pub fn sign_in_fitbit(sim: &SimHandle, profile: &Profile, valid_for: SignedDuration) -> TokenSet {
    let now = sim.now();
    let grant = sim.grant_tokens(FITBIT_ALL);
    let tokens = token_set(
        ProviderKind::Fitbit,
        &grant,
        &sim.info().client_id,
        now,
        now + valid_for,
    );
    profile
        .store(ProviderKind::Fitbit)
        .save(&tokens)
        .expect("tokens saved");
    tokens
}

/// Every Google scope fittui asks for.
pub const GOOGLE_ALL: &[&str] = fittui::provider::google::SCOPES;

/// Mints a Google sign-in at the simulator's "now" (every scope fittui asks for) and stores it
/// in `profile`; the access token is valid for `valid_for` in fittui's view.
pub fn sign_in_google(sim: &SimHandle, profile: &Profile, valid_for: SignedDuration) -> TokenSet {
    sign_in_google_with(sim, profile, valid_for, GOOGLE_ALL)
}

/// [`sign_in_google`] with only `scopes` granted.
pub fn sign_in_google_with(
    sim: &SimHandle,
    profile: &Profile,
    valid_for: SignedDuration,
    scopes: &[&str],
) -> TokenSet {
    let now = sim.now();
    let grant = sim.grant_tokens(scopes);
    let tokens = token_set(
        ProviderKind::Google,
        &grant,
        &sim.info().client_id,
        now,
        now + valid_for,
    );
    profile
        .store(ProviderKind::Google)
        .save(&tokens)
        .expect("tokens saved");
    tokens
}

/// Signs in through the simulator's consent page (auto-approved) with fittui's own OAuth
/// client, as demo mode does: authorization code + PKCE + state, code exchanged for tokens.
pub async fn sign_in_with_code(oauth: &OAuthClient) -> TokenSet {
    let request = oauth
        .authorization_request("http://127.0.0.1:8080/")
        .expect("authorize URL");
    let consent = client()
        .get(request.url.clone())
        .send()
        .await
        .expect("consent page");
    assert_eq!(
        consent.status().as_u16(),
        302,
        "the consent is auto-approved"
    );
    let location = consent.headers()["location"].to_str().unwrap().to_string();
    let location = Url::parse(&location).unwrap();
    let param = |k: &str| {
        location
            .query_pairs()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.into_owned())
    };
    assert_eq!(param("state").as_deref(), Some(request.state.as_str()));
    let code = param("code").expect("a code");
    oauth
        .exchange_code(&code, &request.pkce.verifier, &request.redirect_uri)
        .await
        .expect("code exchanged")
}

/// Path of the token endpoint for `kind` at the simulator.
pub fn token_path(kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Fitbit => "/oauth2/token",
        ProviderKind::Google => "/token",
    }
}

/// Requests to the token endpoint (any grant).
pub fn token_requests(sim: &SimHandle, kind: ProviderKind) -> Vec<RequestRecord> {
    sim.requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == token_path(kind))
        .collect()
}

/// `grant_type=refresh_token` exchanges in the log.
pub fn refreshes(sim: &SimHandle, kind: ProviderKind) -> Vec<RequestRecord> {
    token_requests(sim, kind)
        .into_iter()
        .filter(|r| r.grant_type.as_deref() == Some("refresh_token"))
        .collect()
}

/// Data requests (`kind == "api"`).
pub fn api_requests(sim: &SimHandle) -> Vec<RequestRecord> {
    sim.requests()
        .into_iter()
        .filter(|r| r.kind == "api")
        .collect()
}

/// `METHOD path status` of every logged request, for readable assertions.
pub fn summary(records: &[RequestRecord]) -> Vec<String> {
    records
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.status))
        .collect()
}

/// A free loopback port (bound and released; the race with other processes is negligible).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A finished run of the binary (at most `limit`), stdout and stderr collected.
pub async fn finished(
    child: std::process::Child,
    limit: std::time::Duration,
) -> std::process::Output {
    tokio::time::timeout(
        limit,
        tokio::task::spawn_blocking(move || child.wait_with_output()),
    )
    .await
    .expect("the command finished in time")
    .unwrap()
    .unwrap()
}

/// The JSON lines a command printed (`--json`).
pub fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}
