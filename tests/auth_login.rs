//! The sign-in commands end to end with the real binary against the in-process simulator:
//! `fittui auth login` (authorize → loopback redirect → code exchange, for both providers),
//! `auth status [--json]` (never a secret), `auth logout` (revokes, deletes), `auth token`
//! (a pasted token is checked before it is saved), and the refusals: a forged `state`, a
//! timeout, an invalid pasted token.
//!
//! The simulator auto-approves the consent page, so following its redirect with an HTTP client
//! plays the browser's part.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::too_many_lines)] // scenarios read top to bottom

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ExitStatus, Stdio};
use std::time::Duration;

use fittui::api::ProviderKind;
use fittui::auth::TokenOrigin;
use fittui_sim::{SimConfig, SimHandle};
use serde_json::Value;
use support::{FITBIT_ALL, Profile, free_port, http, summary, token_requests};
use tokio::sync::mpsc;
use url::Url;

const FITBIT: ProviderKind = ProviderKind::Fitbit;
const GOOGLE: ProviderKind = ProviderKind::Google;

/// A simulator on the real clock (the binary uses the system clock), consent auto-approved.
async fn sim(kind: ProviderKind, testing_mode: bool) -> SimHandle {
    fittui_sim::start(
        SimConfig::new(kind.into())
            .auto_approve(true)
            .testing_mode(testing_mode),
    )
    .await
    .unwrap()
}

/// A Fitbit profile whose registered redirect URI is a free loopback port.
fn fitbit_profile(sim: &SimHandle) -> (Profile, u16) {
    let mut profile = Profile::new(sim, FITBIT);
    let port = free_port();
    profile.config.fitbit.redirect_uri = format!("http://127.0.0.1:{port}/");
    profile.write_config();
    (profile, port)
}

/// What a finished command printed.
#[derive(Debug)]
struct Finished {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs a short command to the end without blocking the simulator's runtime.
async fn run(profile: &Profile, args: &[&str], stdin: &str) -> Finished {
    let mut child = profile.command(args).stdin(Stdio::piped()).spawn().unwrap();
    let input = stdin.to_string();
    let mut pipe = child.stdin.take().unwrap();
    let out = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::task::spawn_blocking(move || {
            pipe.write_all(input.as_bytes()).unwrap();
            drop(pipe);
            child.wait_with_output()
        }),
    )
    .await
    .expect("the command finished in time")
    .unwrap()
    .unwrap();
    Finished {
        status: out.status,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A running `fittui auth login`, its output read line by line as it comes.
struct Login {
    child: Child,
    lines: mpsc::UnboundedReceiver<String>,
    seen: Vec<String>,
    stderr: std::thread::JoinHandle<String>,
}

impl Login {
    fn spawn(profile: &Profile, args: &[&str]) -> Self {
        let mut child = profile.command(args).stdin(Stdio::null()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Self {
            child,
            lines,
            seen: Vec::new(),
            stderr,
        }
    }

    /// The consent-page URL the command prints.
    async fn authorize_url(&mut self) -> Url {
        loop {
            let line = tokio::time::timeout(Duration::from_secs(30), self.lines.recv())
                .await
                .expect("the URL is printed in time")
                .unwrap_or_else(|| panic!("no URL printed: {:?}", self.seen));
            self.seen.push(line.clone());
            if let Some(url) = line.trim().strip_prefix("http") {
                return Url::parse(&format!("http{url}")).unwrap();
            }
        }
    }

    async fn finish(mut self) -> Finished {
        let mut child = self.child;
        let status = tokio::time::timeout(
            Duration::from_secs(30),
            tokio::task::spawn_blocking(move || child.wait()),
        )
        .await
        .expect("the login finished in time")
        .unwrap()
        .unwrap();
        while let Some(line) = self.lines.recv().await {
            self.seen.push(line);
        }
        Finished {
            status,
            stdout: self.seen.join("\n"),
            stderr: self.stderr.join().unwrap(),
        }
    }
}

fn param(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// Plays the browser: opens the consent page and follows its redirect to fittui's listener.
async fn browse(url: Url) -> (u16, String) {
    let page = http().get(url).send().await.unwrap();
    let status = page.status().as_u16();
    (status, page.text().await.unwrap())
}

fn assert_no_secrets(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "a secret was printed:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fitbit_login_status_and_logout() {
    let sim = sim(FITBIT, false).await;
    let (profile, port) = fitbit_profile(&sim);
    let mut login = Login::spawn(
        &profile,
        &["auth", "login", "--provider", "fitbit", "--no-browser"],
    );
    let url = login.authorize_url().await;
    assert_eq!(
        url.as_str().split('?').next(),
        Some(sim.info().authorize_url.as_str())
    );
    let redirect = format!("http://127.0.0.1:{port}/");
    assert_eq!(
        param(&url, "redirect_uri").as_deref(),
        Some(redirect.as_str())
    );
    assert_eq!(param(&url, "client_id").as_deref(), Some("23SIMF"));
    assert_eq!(param(&url, "response_type").as_deref(), Some("code"));
    assert_eq!(
        param(&url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(param(&url, "code_challenge").map(|c| c.len()), Some(43));
    assert!(param(&url, "state").is_some_and(|s| s.len() >= 32));
    let scope = param(&url, "scope").unwrap();
    for s in FITBIT_ALL {
        assert!(
            scope.split(' ').any(|x| x == *s),
            "{s} not asked for: {scope}"
        );
    }

    // The browser asks the listener for a favicon first: ignored, the login keeps waiting.
    let favicon = http()
        .get(format!("http://127.0.0.1:{port}/favicon.ico"))
        .send()
        .await
        .unwrap();
    assert_eq!(favicon.status().as_u16(), 404);

    let (status, page) = browse(url).await;
    assert_eq!(status, 200);
    assert!(page.contains("close this tab"), "{page}");
    let out = login.finish().await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stdout.contains("Signed in to fitbit as") && out.stdout.contains("(GGNJL9)"),
        "{out:?}"
    );

    let tokens = profile.stored(FITBIT);
    assert_eq!(tokens.origin, TokenOrigin::AuthorizationCode);
    assert_eq!(tokens.user_id.as_deref(), Some("GGNJL9"));
    let label = tokens.account_label.clone().expect("the account is named");
    assert!(out.stdout.contains(&label));
    assert!(tokens.refresh_token.is_some());
    let log = sim.requests();
    assert_eq!(
        summary(&log),
        [
            "GET /oauth2/authorize 302",
            "POST /oauth2/token 200",
            "GET /1/user/-/profile.json 200"
        ]
    );
    assert_eq!(log[1].grant_type.as_deref(), Some("authorization_code"));
    let secrets = [
        tokens.access_token.as_str(),
        tokens.refresh_token.as_deref().unwrap(),
    ];
    assert_no_secrets(&out.stdout, &secrets);
    assert_no_secrets(&out.stderr, &secrets);

    // Status, plain and JSON: the account, never a secret.
    let status = run(&profile, &["auth", "status"], "").await;
    assert!(status.status.success(), "{status:?}");
    assert!(
        status
            .stdout
            .contains(&format!("fitbit: signed in as {label} (GGNJL9)")),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains("refreshed automatically"));
    assert!(status.stdout.contains("google: not signed in"));
    assert_no_secrets(&status.stdout, &secrets);
    let json = run(&profile, &["auth", "status", "--json"], "").await;
    assert!(json.status.success(), "{json:?}");
    assert_no_secrets(&json.stdout, &secrets);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["active"], "fitbit");
    let entry = v["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["provider"] == "fitbit")
        .unwrap();
    assert_eq!(entry["signed_in"], true);
    assert_eq!(entry["account"], label.as_str());
    assert_eq!(entry["user_id"], "GGNJL9");
    assert_eq!(entry["origin"], "authorization_code");
    assert_eq!(entry["refreshable"], true);
    assert!(entry["access_token_expires_at"].is_string());

    // Logout revokes at the provider and deletes the file.
    sim.clear_requests();
    let out = run(&profile, &["auth", "logout"], "").await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stdout
            .contains("fitbit: signed out; access revoked and tokens deleted."),
        "{out:?}"
    );
    assert_eq!(summary(&sim.requests()), ["POST /oauth2/revoke 200"]);
    assert!(!profile.store(FITBIT).path().exists());
    let (status, _) = auth_support_get(&sim, &tokens.access_token).await;
    assert_eq!(status, 401, "the revoked token no longer works");
    let out = run(&profile, &["auth", "status"], "").await;
    assert!(out.stdout.contains("fitbit: not signed in"), "{out:?}");
}

/// `GET /1/user/-/profile.json` with `token`.
async fn auth_support_get(sim: &SimHandle, token: &str) -> (u16, String) {
    let r = http()
        .get(format!("{}/1/user/-/profile.json", sim.api_base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

/// Sends one request to the login's listener, as any local program could.
async fn knock(port: u16, query: &str) -> (u16, String) {
    let r = http()
        .get(format!("http://127.0.0.1:{port}/?{query}"))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_callbacks_are_refused_and_the_login_waits_for_the_real_one() {
    let sim = sim(FITBIT, false).await;
    let (profile, port) = fitbit_profile(&sim);
    let mut login = Login::spawn(
        &profile,
        &["auth", "login", "--provider", "fitbit", "--no-browser"],
    );
    let url = login.authorize_url().await;
    // Any local program can reach the listener: a denial or a code with another state must
    // neither end nor hijack the sign-in.
    for forged in [
        "error=access_denied&state=WRONG",
        "code=forged-code&state=WRONG",
        "code=forged-code",
        "error=access_denied",
    ] {
        let (status, page) = knock(port, forged).await;
        assert_eq!(status, 400, "{forged}: {page}");
        assert!(
            page.contains("refused") && page.contains("still waiting"),
            "{page}"
        );
    }
    assert!(
        token_requests(&sim, FITBIT).is_empty(),
        "no forged code was exchanged"
    );
    // The real browser comes back: the login completes.
    let (status, page) = browse(url).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Signed in as"), "{page}");
    let out = login.finish().await;
    assert!(out.status.success(), "{out:?}");
    assert_eq!(profile.stored(FITBIT).user_id.as_deref(), Some("GGNJL9"));
    assert_eq!(token_requests(&sim, FITBIT).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_says_signed_in_only_after_the_code_was_exchanged() {
    let sim = sim(FITBIT, false).await;
    let (profile, port) = fitbit_profile(&sim);
    let mut login = Login::spawn(
        &profile,
        &["auth", "login", "--provider", "fitbit", "--no-browser"],
    );
    let url = login.authorize_url().await;
    let state = param(&url, "state").unwrap();
    // The right state, but a code the provider never issued.
    let (status, page) = knock(port, &format!("code=bogus&state={state}")).await;
    assert_eq!(status, 500, "{page}");
    assert!(
        page.contains("sign-in failed") && !page.contains("Signed in"),
        "{page}"
    );
    let out = login.finish().await;
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        out.stderr.contains("the code could not be exchanged"),
        "{out:?}"
    );
    assert!(!profile.store(FITBIT).path().exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_first_request_keeps_the_sign_in() {
    let sim = sim(FITBIT, false).await;
    let (profile, _port) = fitbit_profile(&sim);
    // Every profile request is rate limited (the reset is far away, so nothing retries).
    sim.set_faults("storm:1/1,only:/1/user/-/profile.json")
        .unwrap();
    let mut login = Login::spawn(
        &profile,
        &["auth", "login", "--provider", "fitbit", "--no-browser"],
    );
    let url = login.authorize_url().await;
    let (status, page) = browse(url).await;
    assert_eq!(status, 200, "{page}");
    let out = login.finish().await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stdout.contains("tokens saved") && out.stdout.contains("could not be read yet"),
        "{out:?}"
    );
    // The tokens the provider issued are the ones on disk: the sign-in survived.
    let stored = profile.stored(FITBIT);
    let issued = token_requests(&sim, FITBIT);
    assert_eq!(issued.len(), 1);
    assert!(stored.refresh_token.is_some());
    // The next run reads the profile once the limit has passed.
    sim.set_faults("none").unwrap();
    let source = profile.open(FITBIT, std::sync::Arc::new(fittui::clock::SystemClock));
    let account = source.provider.account().await.unwrap();
    assert_eq!(account.user_id, "GGNJL9");
}

#[tokio::test]
async fn a_login_nobody_completes_times_out_with_a_clear_message() {
    let sim = sim(FITBIT, false).await;
    let (profile, _port) = fitbit_profile(&sim);
    let out = run(
        &profile,
        &[
            "auth",
            "login",
            "--provider",
            "fitbit",
            "--no-browser",
            "--timeout",
            "1",
        ],
        "",
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        out.stderr
            .contains("no answer from the browser within 1 s; run `fittui auth login` again"),
        "{out:?}"
    );
    assert!(!profile.store(FITBIT).path().exists());
    assert!(sim.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_token_is_checked_then_saved_as_pasted() {
    let sim = sim(FITBIT, false).await;
    let (profile, _port) = fitbit_profile(&sim);

    // Not a token the API accepts: refused, nothing saved.
    let out = run(
        &profile,
        &["auth", "token", "--provider", "fitbit"],
        "not-a-real-token\n",
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        out.stderr.contains("the token was not accepted")
            && out.stderr.contains("nothing was saved"),
        "{out:?}"
    );
    assert!(!profile.store(FITBIT).path().exists());
    assert_eq!(summary(&sim.requests()), ["GET /1/user/-/profile.json 401"]);

    // An empty paste is a usage error.
    let out = run(&profile, &["auth", "token"], "\n").await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");

    // Nobody signed in: `auth status` says so and exits 3 (also with --json).
    let out = run(&profile, &["auth", "status"], "").await;
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(out.stdout.contains("fitbit: not signed in"), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    let out = run(&profile, &["auth", "status", "--json"], "").await;
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["providers"][1]["signed_in"], false);

    // The server can't be reached: the token could not be checked, which is not "refused".
    sim.set_faults("reset:100%").unwrap();
    let out = run(
        &profile,
        &["auth", "token", "--provider", "fitbit"],
        "some-token\n",
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        out.stderr.contains("the token could not be checked")
            && !out.stderr.contains("not accepted")
            && out.stderr.contains("nothing was saved"),
        "{out:?}"
    );
    sim.set_faults("none").unwrap();

    // A real one, pasted as part of a curl line.
    let grant = sim.grant_tokens(FITBIT_ALL);
    let line = format!(
        "curl -H \"Authorization: Bearer {}\" https://api.fitbit.com/1/user/-/profile.json\n",
        grant.access_token
    );
    let out = run(&profile, &["auth", "token", "--provider", "fitbit"], &line).await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stdout.contains("Saved a pasted fitbit token for"),
        "{out:?}"
    );
    assert!(out.stdout.contains("cannot be refreshed"), "{out:?}");
    assert_no_secrets(&out.stdout, &[&grant.access_token]);
    let tokens = profile.stored(FITBIT);
    assert_eq!(tokens.origin, TokenOrigin::Pasted);
    assert_eq!(tokens.access_token, grant.access_token);
    assert_eq!(tokens.refresh_token, None);
    assert!(!tokens.can_refresh());
    assert_eq!(tokens.user_id.as_deref(), Some("GGNJL9"));
    // The expiry comes from the token itself (the simulator's are JWTs, like Fitbit's).
    let lifetime = tokens.expires_at.duration_since(sim.now()).as_secs();
    assert!((28_700..=28_800).contains(&lifetime), "{lifetime}");

    let out = run(&profile, &["auth", "status"], "").await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains("a pasted access token (cannot be refreshed)"),
        "{out:?}"
    );
    // Times in the account's zone (the simulated person lives in Los Angeles), to the minute.
    let expires = tokens
        .expires_at
        .to_zoned(jiff::tz::TimeZone::get("America/Los_Angeles").unwrap())
        .strftime("%a %-d %b %Y %H:%M %Z")
        .to_string();
    assert!(out.stdout.contains(&expires), "{expires}: {out:?}");
    assert!(
        !out.stdout.contains(&tokens.expires_at.to_string()),
        "{out:?}"
    );
    assert_no_secrets(&out.stdout, &[&grant.access_token]);
    let out = run(&profile, &["auth", "status", "--json"], "").await;
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["providers"][1]["origin"], "pasted");
    assert_eq!(v["providers"][1]["refreshable"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_login_uses_a_free_port_pkce_and_offline_access() {
    let sim = sim(GOOGLE, true).await;
    let profile = Profile::new(&sim, GOOGLE);
    let mut login = Login::spawn(
        &profile,
        &["auth", "login", "--provider", "google", "--no-browser"],
    );
    let url = login.authorize_url().await;
    assert_eq!(
        url.as_str().split('?').next(),
        Some(sim.info().authorize_url.as_str())
    );
    let redirect = Url::parse(&param(&url, "redirect_uri").unwrap()).unwrap();
    assert_eq!(redirect.host_str(), Some("127.0.0.1"));
    assert!(redirect.port().is_some_and(|p| p != 0), "{redirect}");
    assert_eq!(
        param(&url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(param(&url, "code_challenge").map(|c| c.len()), Some(43));
    assert_eq!(param(&url, "access_type").as_deref(), Some("offline"));
    assert_eq!(param(&url, "prompt").as_deref(), Some("consent"));
    assert_eq!(
        param(&url, "client_id").as_deref(),
        Some(sim.info().client_id.as_str())
    );
    assert!(param(&url, "state").is_some());

    let (status, page) = browse(url).await;
    assert_eq!(status, 200);
    assert!(page.contains("close this tab"), "{page}");
    let out = login.finish().await;
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.contains("Signed in to google as"), "{out:?}");
    // Testing mode: the week's end is announced.
    assert!(out.stdout.contains("This sign-in ends on"), "{out:?}");

    let tokens = profile.stored(GOOGLE);
    assert_eq!(tokens.origin, TokenOrigin::AuthorizationCode);
    assert_eq!(tokens.user_id.as_deref(), Some(sim.info().user_id.as_str()));
    assert!(
        tokens.refresh_token.is_some(),
        "access_type=offline gives a refresh token"
    );
    let week = tokens
        .refresh_token_expires_at
        .expect("the 7-day limit is recorded")
        .duration_since(sim.now())
        .as_secs();
    assert!((604_700..=604_800).contains(&week), "{week}");
    let exchange = token_requests(&sim, GOOGLE);
    assert_eq!(exchange.len(), 1);
    assert_eq!(
        exchange[0].grant_type.as_deref(),
        Some("authorization_code")
    );
    let secrets = [
        tokens.access_token.as_str(),
        tokens.refresh_token.as_deref().unwrap(),
    ];
    assert_no_secrets(&out.stdout, &secrets);

    let out = run(&profile, &["auth", "status", "--json"], "").await;
    assert_no_secrets(&out.stdout, &secrets);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["active"], "google");
    assert_eq!(v["providers"][0]["provider"], "google");
    assert_eq!(v["providers"][0]["signed_in"], true);
    assert!(v["providers"][0]["refresh_token_expires_at"].is_string());
    let out = run(&profile, &["auth", "status"], "").await;
    assert!(out.stdout.contains("Google Testing-mode limit"), "{out:?}");

    // `auth refresh` keeps the refresh token (Google does not rotate it).
    let out = run(&profile, &["auth", "refresh"], "").await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stdout.contains("google: access token refreshed"),
        "{out:?}"
    );
    let refreshed = profile.stored(GOOGLE);
    assert_eq!(refreshed.refresh_token, tokens.refresh_token);
    assert_ne!(refreshed.access_token, tokens.access_token);

    sim.clear_requests();
    let out = run(&profile, &["auth", "logout", "--provider", "google"], "").await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stdout.contains("google: signed out; access revoked"),
        "{out:?}"
    );
    assert_eq!(summary(&sim.requests()), ["POST /revoke 200"]);
    assert!(!profile.store(GOOGLE).path().exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_login_with_a_downloaded_client_file() {
    let sim = sim(GOOGLE, true).await;
    let mut profile = Profile::new(&sim, GOOGLE);
    // Nothing in the config yet but the simulator's URLs: the client comes from the file.
    profile.config.google.client_id = String::new();
    profile.config.google.client_secret = String::new();
    profile.write_config();
    let file = profile.config_dir().join("client_secret_desktop.json");
    let info = sim.info();
    std::fs::write(
        &file,
        serde_json::json!({"installed": {
            "client_id": info.client_id,
            "client_secret": info.client_secret,
            "auth_uri": info.authorize_url,
            "token_uri": info.token_url,
            "redirect_uris": ["http://localhost"],
        }})
        .to_string(),
    )
    .unwrap();
    let mut login = Login::spawn(
        &profile,
        &[
            "auth",
            "login",
            "--client-file",
            file.to_str().unwrap(),
            "--no-browser",
        ],
    );
    let url = login.authorize_url().await;
    assert_eq!(
        param(&url, "client_id").as_deref(),
        Some(info.client_id.as_str())
    );
    let (status, _) = browse(url).await;
    assert_eq!(status, 200);
    let out = login.finish().await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stdout.contains("Saved the Google OAuth client"),
        "{out:?}"
    );
    assert!(out.stdout.contains("Signed in to google as"), "{out:?}");
    assert!(
        out.stdout
            .contains("Granted: every permission fittui asks for."),
        "{out:?}"
    );
    assert_no_secrets(&out.stdout, &[info.client_secret.as_str()]);
    // The client stays in the config, so later refreshes find it.
    let config = fittui::config::Config::load(&profile.paths.config_file()).unwrap();
    assert_eq!(config.google.client_id, info.client_id);
    let out = run(&profile, &["auth", "refresh"], "").await;
    assert!(out.status.success(), "{out:?}");
}

/// Every scope can be left unticked: the sign-in succeeds, says what was not granted and what
/// goes without it, and `auth status` says so too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_google_login_with_scopes_left_unticked_succeeds_and_says_what_is_missing() {
    for missing in support::GOOGLE_ALL {
        let granted: Vec<&str> = support::GOOGLE_ALL
            .iter()
            .copied()
            .filter(|s| s != missing)
            .collect();
        let sim = fittui_sim::start(
            SimConfig::new(GOOGLE.into())
                .auto_approve(true)
                .grant(&granted),
        )
        .await
        .unwrap();
        let profile = Profile::new(&sim, GOOGLE);
        let mut login = Login::spawn(
            &profile,
            &["auth", "login", "--provider", "google", "--no-browser"],
        );
        let url = login.authorize_url().await;
        let (status, _) = browse(url).await;
        assert_eq!(status, 200);
        let out = login.finish().await;
        let name = fittui::api::permission_name(missing);
        assert!(out.status.success(), "without {name}: {out:?}");
        assert!(
            out.stdout
                .contains(&format!("“{name}” not granted (needed for ")),
            "without {name}: {out:?}"
        );
        assert!(out.stdout.contains("Granted: "), "{out:?}");
        assert_eq!(profile.stored(GOOGLE).scopes.len(), granted.len());

        let out = run(&profile, &["auth", "status"], "").await;
        assert!(
            out.stdout
                .contains(&format!("missing    “{name}” not granted")),
            "without {name}: {out:?}"
        );
        let out = run(&profile, &["auth", "status", "--json"], "").await;
        let v: Value = serde_json::from_str(&out.stdout).unwrap();
        let listed = v["providers"][0]["not_granted"].as_array().unwrap();
        assert_eq!(listed.len(), 1, "{v}");
    }
}
