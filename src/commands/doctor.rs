//! `fittui doctor [--json]`: checks the set-up and says how to fix what is wrong.
//!
//! Each check prints `✓` (ok), `!` (a warning) or `✗` (a failure) with the fix. Nothing is
//! changed: tokens are inspected, never refreshed (a refresh would spend a single-use refresh
//! token), and the API is asked once (the account endpoint, with the access token while it is
//! valid). Exit code 1 when any check fails; warnings do not fail.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::api::ProviderKind;
use crate::auth::{TokenOrigin, TokenSet, TokenStore};
use crate::config::Config;
use crate::paths::Paths;
use crate::store::Store;

/// How far the server's clock may be from ours before it is worth a warning.
const MAX_SKEW: SignedDuration = SignedDuration::from_secs(60);

/// How long the API check waits for an answer.
const API_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

/// One check's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub check: String,
    pub status: Status,
    pub detail: String,
    /// What to do about it (`null` when nothing is wrong).
    pub fix: Option<String>,
}

impl Check {
    fn ok(check: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            check: check.into(),
            status: Status::Ok,
            detail: detail.into(),
            fix: None,
        }
    }

    fn warn(check: impl Into<String>, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            check: check.into(),
            status: Status::Warn,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }

    fn fail(check: impl Into<String>, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            check: check.into(),
            status: Status::Fail,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }
}

/// Runs `fittui doctor`.
pub fn run(paths: &Paths, json: bool) -> ExitCode {
    let checks = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt.block_on(checks(paths)),
        Err(e) => {
            return super::fail(1, &format_args!("cannot start the async runtime: {e}"));
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&checks).unwrap_or_default()
        );
    } else {
        let width = checks.iter().map(|c| c.check.len()).max().unwrap_or(0);
        for c in &checks {
            let mark = match c.status {
                Status::Ok => "✓",
                Status::Warn => "!",
                Status::Fail => "✗",
            };
            println!("{mark} {:<width$}  {}", c.check, c.detail);
            if let Some(fix) = &c.fix {
                println!("  {:<width$}  fix: {fix}", "");
            }
        }
    }
    if checks.iter().any(|c| c.status == Status::Fail) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every check, in the order they are printed.
pub async fn checks(paths: &Paths) -> Vec<Check> {
    let mut out = Vec::new();
    let config = config_check(paths, &mut out);
    dir_checks(paths, &mut out);
    let now = Timestamp::now();
    let active = crate::source::choose(&config, paths);
    let mut signed_in = Vec::new();
    for kind in [ProviderKind::Fitbit, ProviderKind::Google] {
        if let Some(tokens) = token_checks(paths, kind, now, &mut out) {
            signed_in.push((kind, tokens));
        }
    }
    if signed_in.is_empty() && active.is_none() {
        out.push(Check::fail(
            "sign-in",
            "not signed in to any provider",
            "fittui auth login (or fittui auth login --provider google)",
        ));
    }
    // The API of the provider fittui reads.
    if let Some((kind, tokens)) = signed_in
        .iter()
        .find(|(k, _)| Some(*k) == active)
        .or_else(|| signed_in.first())
    {
        api_checks(&config, *kind, tokens, &mut out).await;
    }
    store_check(paths, &mut out);
    terminal_check(&mut out);
    out
}

fn config_check(paths: &Paths, out: &mut Vec<Check>) -> Config {
    let file = paths.config_file();
    match Config::load(&file) {
        Ok(config) => {
            let detail = if file.exists() {
                format!("{} parses", file.display())
            } else {
                format!("no {} (the defaults apply)", file.display())
            };
            out.push(Check::ok("config", detail));
            config
        }
        Err(e) => {
            out.push(Check::fail(
                "config",
                e.to_string(),
                format!(
                    "edit {} (`fittui config print-default` shows every key)",
                    file.display()
                ),
            ));
            Config::default()
        }
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> std::io::Result<u32> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn mode(path: &Path) -> std::io::Result<u32> {
    std::fs::metadata(path).map(|_| 0o700)
}

fn dir_checks(paths: &Paths, out: &mut Vec<Check>) {
    for (name, dir) in [
        ("config dir", &paths.config_dir),
        ("data dir", &paths.data_dir),
        ("state dir", &paths.state_dir),
    ] {
        let shown = dir.display();
        out.push(match mode(dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Check::warn(
                name,
                format!("{shown} does not exist yet"),
                "nothing to do: fittui creates it (mode 0700) when it first needs it",
            ),
            Err(e) => Check::fail(
                name,
                format!("{shown}: {e}"),
                format!("make {shown} a directory you own"),
            ),
            Ok(_) if !dir.is_dir() => Check::fail(
                name,
                format!("{shown} is not a directory"),
                format!("move {shown} away"),
            ),
            Ok(m) if m & 0o077 != 0 => Check::fail(
                name,
                format!("{shown} has mode {m:04o}: other users can read it"),
                format!("chmod 700 {shown}"),
            ),
            Ok(m) => Check::ok(name, format!("{shown} (mode {m:04o})")),
        });
    }
}

/// The token file of `kind` (mode, expiry, scopes); the tokens when signed in.
fn token_checks(
    paths: &Paths,
    kind: ProviderKind,
    now: Timestamp,
    out: &mut Vec<Check>,
) -> Option<TokenSet> {
    let store = TokenStore::new(&paths.config_dir, kind);
    let file = store.path().clone();
    if !file.exists() {
        return None;
    }
    let shown = file.display();
    match mode(&file) {
        Ok(m) if m & 0o077 != 0 => out.push(Check::fail(
            format!("{kind} token file"),
            format!("{shown} has mode {m:04o}: other users can read the tokens"),
            format!("chmod 600 {shown}"),
        )),
        Ok(m) => out.push(Check::ok(
            format!("{kind} token file"),
            format!("{shown} (mode {m:04o})"),
        )),
        Err(e) => out.push(Check::fail(
            format!("{kind} token file"),
            format!("{shown}: {e}"),
            format!("fittui auth login --provider {kind}"),
        )),
    }
    let tokens = match store.load() {
        Ok(Some(tokens)) => tokens,
        Ok(None) => return None,
        Err(e) => {
            out.push(Check::fail(
                format!("{kind} sign-in"),
                e.to_string(),
                format!("fittui auth login --provider {kind}"),
            ));
            return None;
        }
    };
    out.push(sign_in_check(kind, &tokens, now));
    let missing = super::auth::not_granted_lines(kind, &tokens.scopes);
    out.push(if missing.is_empty() {
        Check::ok(
            format!("{kind} scopes"),
            format!("{} granted", tokens.scopes.len()),
        )
    } else {
        Check::warn(
            format!("{kind} scopes"),
            missing.join("; "),
            format!("fittui auth login --provider {kind} and allow every permission"),
        )
    });
    Some(tokens)
}

/// Whether the access token is valid, or can be refreshed (without refreshing it).
fn sign_in_check(kind: ProviderKind, t: &TokenSet, now: Timestamp) -> Check {
    let name = format!("{kind} sign-in");
    let who = t
        .account_label
        .as_deref()
        .or(t.user_id.as_deref())
        .unwrap_or("?");
    let login = format!("fittui auth login --provider {kind}");
    let zone = super::auth::account_zone(t.time_zone.as_deref());
    let at = |ts: Timestamp| super::auth::local_minute(ts, &zone);
    if let Some(ends) = t.refresh_token_expires_at
        && ends <= now
        && t.expires_at <= now
    {
        return Check::fail(
            name,
            format!(
                "{who}: the sign-in ended {} (Google Testing-mode limit)",
                at(ends)
            ),
            login,
        );
    }
    let pasted = t.origin == TokenOrigin::Pasted;
    match (t.expires_at > now, t.can_refresh()) {
        (true, _) => {
            let left = t.expires_at.duration_since(now);
            let how = if pasted {
                "a pasted token, not refreshable"
            } else {
                "refreshed automatically"
            };
            let detail = format!(
                "{who}: access token valid for {} h {:02} min ({how})",
                left.as_hours(),
                left.as_mins() % 60
            );
            match t.expiry_warning(now) {
                Some(w) => Check::warn(name, format!("{detail}; {w}"), login),
                None => Check::ok(name, detail),
            }
        }
        (false, true) => Check::ok(
            name,
            format!("{who}: access token expired; it is refreshed on next use (not now)"),
        ),
        (false, false) => Check::fail(
            name,
            format!(
                "{who}: the {} access token expired at {} and cannot be refreshed",
                if pasted { "pasted" } else { "stored" },
                at(t.expires_at)
            ),
            format!("{login} (or paste a new token with `fittui auth token`)"),
        ),
    }
}

/// One GET of the account endpoint: reachability (DNS, TLS, HTTP), latency, clock skew from
/// the `Date` header, and the rate-limit budget from the response headers.
async fn api_checks(config: &Config, kind: ProviderKind, tokens: &TokenSet, out: &mut Vec<Check>) {
    let (_, base) = config.provider_settings(kind);
    let path = match kind {
        ProviderKind::Fitbit => "/1/user/-/profile.json",
        ProviderKind::Google => "/users/me/identity",
    };
    let url = format!("{}{path}", base.trim_end_matches('/'));
    let name = format!("{kind} API");
    let http = match crate::net::http_client() {
        Ok(http) => http,
        Err(e) => {
            out.push(Check::fail(
                name,
                format!("cannot start the HTTP client: {e}"),
                "report this as a bug",
            ));
            return;
        }
    };
    let mut request = http.get(&url).timeout(API_TIMEOUT);
    let authenticated = tokens.expires_at > Timestamp::now();
    if authenticated {
        request = request.bearer_auth(&tokens.access_token);
    }
    let started = Instant::now();
    let sent_at = Timestamp::now();
    let response = request.send().await;
    let latency = started.elapsed();
    let ms = latency.as_millis();
    let response = match response {
        Ok(r) => r,
        Err(e) => {
            out.push(Check::fail(
                name,
                format!("{url} unreachable: {}", error_chain(&e)),
                format!(
                    "check the network (DNS, proxy, firewall) and `api_base_url` under [{kind}] in config.toml"
                ),
            ));
            return;
        }
    };
    let status = response.status();
    let detail = format!(
        "GET {url} → HTTP {} in {ms} ms{}",
        status.as_u16(),
        if authenticated {
            ""
        } else {
            " (without a token: it has expired)"
        }
    );
    out.push(
        if status.is_success() || (!authenticated && status.as_u16() == 401) {
            Check::ok(name.clone(), detail)
        } else if status.as_u16() == 401 || status.as_u16() == 403 {
            Check::fail(
                name.clone(),
                format!("{detail}: the access token was refused"),
                format!("fittui auth login --provider {kind}"),
            )
        } else if status.as_u16() == 429 {
            Check::warn(
                name.clone(),
                format!("{detail}: rate limited"),
                "wait for the budget to reset",
            )
        } else {
            Check::warn(
                name.clone(),
                detail,
                "the API answered with an error; try again later",
            )
        },
    );
    header_checks(response.headers(), sent_at, latency, out);
}

/// Clock skew from the `Date` header, and the rate-limit budget.
fn header_checks(
    headers: &reqwest::header::HeaderMap,
    sent_at: Timestamp,
    latency: Duration,
    out: &mut Vec<Check>,
) {
    let header = |h: &str| {
        headers
            .get(h)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    // Clock skew: the server's Date is whole seconds, taken while the request was answered.
    out.push(match header("date").and_then(|d| parse_http_date(&d)) {
        Some(server) => {
            let ours = sent_at
                .checked_add(SignedDuration::try_from(latency / 2).unwrap_or_default())
                .unwrap_or(sent_at);
            let skew = ours.duration_since(server);
            let secs = skew.as_secs();
            if skew.abs() > MAX_SKEW {
                Check::warn(
                    "clock",
                    format!("this computer's clock is {secs:+} s off the server's"),
                    "turn on time synchronisation (NTP); tokens and \"today\" depend on the clock",
                )
            } else {
                Check::ok("clock", format!("{secs:+} s from the server's"))
            }
        }
        None => Check::warn(
            "clock",
            "the server sent no Date header: skew not checked",
            "nothing to do",
        ),
    });
    let num = |h: &str| header(h).and_then(|v| v.trim().parse::<u64>().ok());
    out.push(
        match (
            num("fitbit-rate-limit-limit"),
            num("fitbit-rate-limit-remaining"),
            num("fitbit-rate-limit-reset"),
        ) {
            (Some(limit), Some(remaining), reset) => {
                let reset = reset.map_or_else(String::new, |s| {
                    format!(", resets in {} min", s.div_ceil(60))
                });
                let detail = format!("{remaining} of {limit} requests left this hour{reset}");
                if remaining == 0 {
                    Check::warn(
                        "rate limit",
                        detail,
                        "wait for the reset; fittui holds requests back until then",
                    )
                } else {
                    Check::ok("rate limit", detail)
                }
            }
            _ => Check::ok(
                "rate limit",
                "the API sends no budget headers (fittui counts its requests itself)",
            ),
        },
    );
}

/// The error and its causes (`error sending request: … : connection refused`).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// An RFC 9110 `Date` header (`Sat, 05 Dec 2026 00:06:01 GMT`).
fn parse_http_date(value: &str) -> Option<Timestamp> {
    jiff::fmt::rfc2822::parse(value).ok().map(|z| z.timestamp())
}

fn store_check(paths: &Paths, out: &mut Vec<Check>) {
    let file = paths.store_file();
    let shown = file.display();
    let fix_corrupt = format!(
        "move {shown} away (it is a cache of fetched data: fittui starts a new one and fetches again)"
    );
    let size = match std::fs::metadata(&file) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            out.push(Check::warn(
                "store",
                format!("no local store yet ({shown})"),
                "nothing to do: `fittui` or `fittui summary` creates it",
            ));
            return;
        }
        Err(e) => {
            out.push(Check::fail("store", format!("{shown}: {e}"), fix_corrupt));
            return;
        }
    };
    let store = match Store::open(&file) {
        Ok(store) => store,
        Err(e) => {
            out.push(Check::fail("store", e.to_string(), fix_corrupt));
            return;
        }
    };
    let integrity = store.integrity_check();
    let version = store.schema_version();
    out.push(match (integrity, version) {
        (Err(e), _) => Check::fail("store", format!("{shown}: {e}"), fix_corrupt),
        (Ok(ok), Ok(v)) if ok == "ok" => Check::ok(
            "store",
            format!("{shown}: integrity ok, schema {v}, {}", human_size(size)),
        ),
        (Ok(ok), Err(e)) if ok == "ok" => {
            Check::fail("store", format!("{shown}: {e}"), fix_corrupt)
        }
        (Ok(problems), _) => Check::fail(
            "store",
            format!(
                "{shown}: integrity check failed: {}",
                problems.lines().take(3).collect::<Vec<_>>().join("; ")
            ),
            fix_corrupt,
        ),
    });
}

#[allow(clippy::cast_precision_loss)] // a file size, shown to one decimal
fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    }
}

fn terminal_check(out: &mut Vec<Check>) {
    if !std::io::stdout().is_terminal() {
        out.push(Check::ok(
            "terminal",
            "standard output is not a terminal: size and colours not checked",
        ));
        return;
    }
    let term = std::env::var("TERM").unwrap_or_default();
    let colorterm = std::env::var("COLORTERM").unwrap_or_default();
    let colours =
        if colorterm.eq_ignore_ascii_case("truecolor") || colorterm.eq_ignore_ascii_case("24bit") {
            "24-bit colour"
        } else if term.contains("256color") {
            "256 colours"
        } else if term.is_empty() || term == "dumb" {
            "no colours"
        } else {
            "basic colours"
        };
    let (min_w, min_h) = (
        crate::ui::too_small::MIN_WIDTH,
        crate::ui::too_small::MIN_HEIGHT,
    );
    let detail = |size: String| format!("{size}, {colours} (TERM={term}, COLORTERM={colorterm})");
    out.push(match crossterm::terminal::size() {
        Ok((w, h)) if w < min_w || h < min_h => Check::warn(
            "terminal",
            detail(format!("{w}×{h}")),
            format!("make the window at least {min_w}×{min_h}"),
        ),
        Ok((w, h)) if term.is_empty() || term == "dumb" => Check::warn(
            "terminal",
            detail(format!("{w}×{h}")),
            "set TERM to your terminal's type (e.g. xterm-256color)",
        ),
        Ok((w, h)) => Check::ok("terminal", detail(format!("{w}×{h}"))),
        Err(e) => Check::warn(
            "terminal",
            format!("size unknown ({e})"),
            "run fittui in a terminal emulator",
        ),
    });
}
