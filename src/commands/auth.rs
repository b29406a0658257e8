//! `fittui auth login | token | status | refresh | logout`.
//!
//! Secrets are never printed: status shows expiry times and scopes only.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use tokio::io::{AsyncBufReadExt, BufReader};
use url::Url;

use crate::auth::loopback::{
    Callback, CallbackError, Loopback, is_loopback_redirect, parse_pasted,
};
use crate::auth::oauth::scopes;
use crate::auth::{OAuthClient, TokenManager, TokenOrigin, TokenSet, TokenStore};
use crate::cli::{LoginArgs, TokenArgs};
use crate::clock::{SharedClock, SystemClock};
use crate::config::{Config, OAuthSettings};
use crate::domain::account::Account;
use crate::paths::Paths;
use crate::provider::{ApiError, ProviderKind};
use crate::source;

/// Why an auth command failed; `usage` errors exit with code 2.
#[derive(Debug, thiserror::Error)]
pub enum AuthCommandError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
}

impl AuthCommandError {
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => super::EXIT_USAGE,
            Self::Failed(_) => 1,
        }
    }
}

fn failed(e: impl std::fmt::Display) -> AuthCommandError {
    AuthCommandError::Failed(e.to_string())
}

fn clock() -> SharedClock {
    Arc::new(SystemClock)
}

fn http() -> Result<reqwest::Client, AuthCommandError> {
    crate::net::http_client().map_err(|e| failed(format!("cannot start the HTTP client: {e}")))
}

/// The settings with command-line overrides applied, checked for a client id.
fn settings(
    config: &Config,
    paths: &Paths,
    kind: ProviderKind,
    args: &LoginArgs,
) -> Result<OAuthSettings, AuthCommandError> {
    let (mut s, _) = config.provider_settings(kind);
    if let Some(id) = &args.client_id {
        s.client_id.clone_from(id);
    }
    if let Some(secret) = &args.client_secret {
        s.client_secret.clone_from(secret);
    }
    if s.client_id.trim().is_empty() {
        return Err(AuthCommandError::Usage(format!(
            "no OAuth client id for {kind}: set `client_id` under [{kind}] in {} or pass --client-id (the README explains how to register an app)",
            paths.config_file().display()
        )));
    }
    Ok(s)
}

/// Checks new tokens with one cheap call and returns the account they belong to.
async fn validate(
    config: &Config,
    paths: &Paths,
    tokens: TokenSet,
    http: reqwest::Client,
) -> Result<Account, ApiError> {
    let source = source::with_tokens(config, paths, tokens, http, clock());
    source.provider.account().await
}

fn missing_scopes(kind: ProviderKind, granted: &[String]) -> Vec<&'static str> {
    if granted.is_empty() {
        return Vec::new();
    }
    scopes(kind)
        .iter()
        .copied()
        .filter(|s| !granted.iter().any(|g| g == s))
        .collect()
}

/// Waits for the browser's redirect, or a redirect URL pasted on standard input.
async fn wait_for_callback(
    listener: Option<&Loopback>,
    timeout: Duration,
    expected_state: &str,
) -> Result<Callback, CallbackError> {
    let pasted = async {
        let mut lines = BufReader::new(tokio::io::stdin()).lines();
        loop {
            match lines.next_line().await {
                Ok(Some(line)) if line.trim().is_empty() => {}
                Ok(Some(line)) => match parse_pasted(&line) {
                    Ok(cb) => return Ok(cb),
                    Err(e) => {
                        eprintln!(
                            "fittui: {e}; paste the whole URL from the browser's address bar"
                        );
                    }
                },
                // End of input: keep waiting for the browser (if there is a listener).
                Ok(None) | Err(_) => std::future::pending::<()>().await,
            }
        }
    };
    match listener {
        Some(listener) => tokio::select! {
            cb = listener.wait(timeout, expected_state) => cb,
            cb = pasted => cb,
        },
        None => match tokio::time::timeout(timeout, pasted).await {
            Ok(cb) => cb,
            Err(_) => Err(CallbackError::Timeout(timeout.as_secs())),
        },
    }
}

/// The loopback listener for the sign-in redirect (when the redirect URI is on this machine)
/// and the redirect URI to send.
async fn redirect_listener(
    kind: ProviderKind,
    settings: &OAuthSettings,
) -> Result<(Option<Loopback>, String), AuthCommandError> {
    let fixed = match &settings.redirect_uri {
        Some(uri) => Some(Url::parse(uri).map_err(|e| {
            AuthCommandError::Usage(format!("[{kind}] redirect_uri `{uri}` is not a URL: {e}"))
        })?),
        None => None,
    };
    let can_listen = fixed.as_ref().is_none_or(is_loopback_redirect);
    let listener = if can_listen {
        Some(Loopback::bind(fixed.as_ref()).await.map_err(|e| {
            let port = fixed.as_ref().and_then(Url::port_or_known_default).unwrap_or(0);
            failed(format!(
                "cannot listen on 127.0.0.1:{port} for the sign-in redirect ({e}); free the port or change `redirect_uri` under [{kind}] (and your app's Callback URL)"
            ))
        })?)
    } else {
        eprintln!(
            "note: the redirect URI {} is not on this machine, so paste the URL the browser ends up on",
            settings.redirect_uri.as_deref().unwrap_or_default()
        );
        None
    };
    let redirect_uri = match (&listener, &fixed) {
        (Some(l), _) => l.redirect_uri().to_string(),
        (None, Some(uri)) => uri.to_string(),
        (None, None) => return Err(failed("no redirect URI")),
    };
    Ok((listener, redirect_uri))
}

pub async fn login(
    config: &Config,
    paths: &Paths,
    args: &LoginArgs,
) -> Result<(), AuthCommandError> {
    let kind = args.provider.unwrap_or(config.general.provider);
    let settings = settings(config, paths, kind, args)?;
    let http = http()?;
    let oauth = OAuthClient::new(kind, settings.clone(), http.clone(), clock());

    let (listener, redirect_uri) = redirect_listener(kind, &settings).await?;
    let request = oauth.authorization_request(&redirect_uri).map_err(|e| {
        AuthCommandError::Usage(format!("[{kind}] authorize_url is not a URL: {e}"))
    })?;

    println!(
        "Sign in to {kind} by opening this URL in a browser:\n\n  {}\n",
        request.url
    );
    if !args.no_browser && listener.is_some() && open::that_detached(request.url.as_str()).is_err()
    {
        println!("(No browser could be opened here; open the URL yourself.)");
    }
    if listener.is_some() {
        println!(
            "Waiting for the browser to come back to {redirect_uri} … (or paste the URL it ends up on and press Enter)"
        );
    } else {
        println!("Then paste the URL the browser ends up on and press Enter:");
    }

    let callback = wait_for_callback(
        listener.as_ref(),
        Duration::from_secs(args.timeout),
        &request.state,
    )
    .await
    .map_err(failed)?;
    let (code, state) = match callback {
        Callback::Code { code, state } => (code, state),
        Callback::Denied { error, .. } => {
            return Err(failed(format!("the sign-in was not completed: {error}")));
        }
    };
    if state.as_deref() != Some(request.state.as_str()) {
        return Err(failed(
            "the sign-in answer does not carry the state fittui sent (possible cross-site request forgery); nothing was saved — run the command again",
        ));
    }
    let mut tokens = oauth
        .exchange_code(&code, &request.pkce.verifier, &request.redirect_uri)
        .await
        .map_err(|e| failed(format!("the code could not be exchanged for tokens: {e}")))?;
    let account = validate(config, paths, tokens.clone(), http)
        .await
        .map_err(|e| {
            failed(format!(
                "signed in, but the first request failed: {e}; nothing was saved"
            ))
        })?;
    tokens.user_id = Some(account.user_id.clone());
    tokens.account_label = Some(account.label());
    let store = TokenStore::new(&paths.config_dir, kind);
    store.save(&tokens).map_err(failed)?;

    println!(
        "\nSigned in to {kind} as {} ({}). Tokens saved in {} (readable only by you).",
        account.label(),
        account.user_id,
        store.path().display()
    );
    let missing = missing_scopes(kind, &tokens.scopes);
    if !missing.is_empty() {
        println!(
            "Not granted: {}. The tabs that need them will say so.",
            missing.join(", ")
        );
    }
    if let Some(warning) = tokens.expiry_warning(Timestamp::now()).or_else(|| {
        tokens.refresh_token_expires_at.map(|at| {
            format!(
                "This sign-in ends on {} (Google limits apps in Testing to 7 days); publish the app to keep it longer.",
                at.to_zoned(account.time_zone.clone()).strftime("%a %-d %b %H:%M")
            )
        })
    }) {
        println!("{warning}");
    }
    println!("Run `fittui` to browse your data.");
    Ok(())
}

/// The `exp` claim of a JWT access token (Fitbit's are HS256 JWTs), if it has one.
fn jwt_expiry(token: &str) -> Option<Timestamp> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    Timestamp::from_second(claims.get("exp")?.as_i64()?).ok()
}

/// Cleans a pasted token: surrounding quotes, a `Bearer ` prefix or a whole curl line.
fn clean_token(input: &str) -> String {
    let s = input.trim();
    let s = s.rsplit_once("Bearer ").map_or(s, |(_, t)| t);
    let quote = |c: char| c == '"' || c == '\'' || c == '“' || c == '”';
    // Quotes around the whole paste, then the first word, then the quote that closed the
    // header when more of a curl line follows it.
    s.trim()
        .trim_matches(quote)
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(quote)
        .to_string()
}

pub async fn token(
    config: &Config,
    paths: &Paths,
    args: &TokenArgs,
) -> Result<(), AuthCommandError> {
    let kind = args.provider;
    if std::io::stdin().is_terminal() {
        println!("Paste the {kind} access token and press Enter:");
    }
    let mut line = String::new();
    BufReader::new(tokio::io::stdin())
        .read_line(&mut line)
        .await
        .map_err(failed)?;
    let access_token = clean_token(&line);
    if access_token.is_empty() {
        return Err(AuthCommandError::Usage(
            "no token given on standard input".into(),
        ));
    }
    let now = Timestamp::now();
    let expires_at = match args.expires_in {
        Some(secs) => now
            .saturating_add(SignedDuration::from_secs(
                i64::try_from(secs).unwrap_or(i64::MAX),
            ))
            .unwrap_or(now),
        None => jwt_expiry(&access_token).unwrap_or_else(|| {
            now.saturating_add(SignedDuration::from_hours(8))
                .unwrap_or(now)
        }),
    };
    if expires_at <= now {
        return Err(failed("that token has already expired; get a new one"));
    }
    let (settings, _) = config.provider_settings(kind);
    let mut tokens = TokenSet {
        provider: kind,
        origin: TokenOrigin::Pasted,
        access_token,
        refresh_token: None,
        expires_at,
        refresh_token_expires_at: None,
        scopes: Vec::new(),
        user_id: None,
        account_label: None,
        client_id: settings.client_id,
        obtained_at: now,
    };
    let account = validate(config, paths, tokens.clone(), http()?)
        .await
        .map_err(|e| {
            failed(format!(
                "the token was not accepted: {e}; nothing was saved"
            ))
        })?;
    tokens.user_id = Some(account.user_id.clone());
    tokens.account_label = Some(account.label());
    let store = TokenStore::new(&paths.config_dir, kind);
    store.save(&tokens).map_err(failed)?;
    let left = expires_at.duration_since(now);
    println!(
        "Saved a pasted {kind} token for {} ({}). It expires at {} (in {} h {:02} min) and cannot be refreshed: \
         fittui warns before then; afterwards paste a new one (`fittui auth token`) or sign in with `fittui auth login`.",
        account.label(),
        account.user_id,
        expires_at
            .to_zoned(account.time_zone.clone())
            .strftime("%a %-d %b %H:%M"),
        left.as_hours(),
        (left.as_mins() % 60)
    );
    Ok(())
}

/// One provider's line in `auth status --json`. No secrets.
#[derive(Debug, Serialize)]
struct StatusEntry {
    provider: ProviderKind,
    signed_in: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<TokenOrigin>,
    scopes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    access_token_expires_at: Option<Timestamp>,
    refreshable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token_expires_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warning: Option<String>,
    token_file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn status_entry(paths: &Paths, kind: ProviderKind, now: Timestamp) -> StatusEntry {
    let store = TokenStore::new(&paths.config_dir, kind);
    let mut entry = StatusEntry {
        provider: kind,
        signed_in: false,
        account: None,
        user_id: None,
        origin: None,
        scopes: Vec::new(),
        access_token_expires_at: None,
        refreshable: false,
        refresh_token_expires_at: None,
        warning: None,
        token_file: store.path().display().to_string(),
        error: None,
    };
    match store.load() {
        Ok(Some(t)) => {
            entry.signed_in = true;
            entry.account.clone_from(&t.account_label);
            entry.user_id.clone_from(&t.user_id);
            entry.origin = Some(t.origin);
            entry.scopes.clone_from(&t.scopes);
            entry.access_token_expires_at = Some(t.expires_at);
            entry.refreshable = t.can_refresh();
            entry.refresh_token_expires_at = t.refresh_token_expires_at;
            entry.warning = t.expiry_warning(now);
        }
        Ok(None) => {}
        Err(e) => entry.error = Some(e.to_string()),
    }
    entry
}

fn relative(now: Timestamp, at: Timestamp) -> String {
    let d = at.duration_since(now);
    let (past, d) = if d.is_negative() {
        (true, -d)
    } else {
        (false, d)
    };
    let text = if d.as_hours() >= 48 {
        format!("{} days", d.as_hours() / 24)
    } else if d.as_hours() >= 1 {
        format!("{} h {:02} min", d.as_hours(), d.as_mins() % 60)
    } else {
        format!("{} min", d.as_mins())
    };
    if past {
        format!("{text} ago")
    } else {
        format!("in {text}")
    }
}

pub fn status(
    config: &Config,
    paths: &Paths,
    json: bool,
    only: Option<ProviderKind>,
) -> Result<(), AuthCommandError> {
    let now = Timestamp::now();
    let kinds: Vec<ProviderKind> = only.map_or_else(
        || vec![ProviderKind::Google, ProviderKind::Fitbit],
        |k| vec![k],
    );
    let entries: Vec<StatusEntry> = kinds.iter().map(|k| status_entry(paths, *k, now)).collect();
    let active = source::choose(config, paths);
    if json {
        let out = serde_json::json!({ "active": active, "providers": entries });
        println!("{}", serde_json::to_string_pretty(&out).map_err(failed)?);
        return Ok(());
    }
    for e in &entries {
        if let Some(err) = &e.error {
            println!("{}: {err}", e.provider);
            continue;
        }
        if !e.signed_in {
            println!(
                "{}: not signed in (`fittui auth login --provider {}`)",
                e.provider, e.provider
            );
            continue;
        }
        let marker = if active == Some(e.provider) {
            " (used by fittui)"
        } else {
            ""
        };
        println!(
            "{}: signed in as {} ({}){marker}",
            e.provider,
            e.account.as_deref().unwrap_or("?"),
            e.user_id.as_deref().unwrap_or("?")
        );
        let how = match e.origin {
            Some(TokenOrigin::Pasted) => "a pasted access token (cannot be refreshed)",
            _ => "sign-in with PKCE; refreshed automatically",
        };
        println!("  via        {how}");
        if let Some(at) = e.access_token_expires_at {
            let verb = if at <= now { "expired" } else { "valid until" };
            println!("  access     {verb} {at} ({})", relative(now, at));
        }
        if let Some(at) = e.refresh_token_expires_at {
            println!(
                "  sign-in    ends {at} ({}) — Google Testing-mode limit",
                relative(now, at)
            );
        }
        if !e.scopes.is_empty() {
            println!("  scopes     {}", e.scopes.join(" "));
        }
        println!("  tokens     {} (mode 0600)", e.token_file);
        if let Some(w) = &e.warning {
            println!("  warning    {w}");
        }
    }
    Ok(())
}

/// `fittui auth refresh`: refreshes the access token now through [`TokenManager`] (so under
/// the same in-process and cross-process locking, adopting tokens another process refreshed
/// meanwhile, and saving the new pair before reporting it) and prints the new expiry.
pub async fn refresh(
    config: &Config,
    paths: &Paths,
    only: Option<ProviderKind>,
) -> Result<(), AuthCommandError> {
    let Some(kind) = only.or_else(|| source::choose(config, paths)) else {
        return Err(failed(
            "not signed in to any provider; sign in with `fittui auth login`",
        ));
    };
    let clock = clock();
    let oauth = source::oauth_client(config, kind, http()?, clock.clone());
    let store = TokenStore::new(&paths.config_dir, kind);
    let manager = TokenManager::load(store, oauth, clock.clone())
        .map_err(failed)?
        .ok_or_else(|| {
            failed(format!(
                "not signed in to {kind}; sign in with `fittui auth login --provider {kind}`"
            ))
        })?;
    if !manager.tokens().await.can_refresh() {
        return Err(failed(format!(
            "the {kind} sign-in is a pasted access token, which cannot be refreshed; run `fittui auth login --provider {kind}` for a sign-in that can"
        )));
    }
    let tokens = manager.refresh_now().await.map_err(|e| {
        let hint = if e.needs_sign_in() {
            format!("; sign in again with `fittui auth login --provider {kind}`")
        } else {
            String::new()
        };
        failed(format!(
            "the {kind} access token could not be refreshed: {e}{hint}"
        ))
    })?;
    let now = clock.now();
    println!(
        "{kind}: access token refreshed; valid until {} ({}).",
        tokens.expires_at,
        relative(now, tokens.expires_at)
    );
    if let Some(warning) = tokens.expiry_warning(now) {
        println!("{warning}");
    }
    Ok(())
}

pub async fn logout(
    config: &Config,
    paths: &Paths,
    only: Option<ProviderKind>,
) -> Result<(), AuthCommandError> {
    let kinds: Vec<ProviderKind> = only.map_or_else(
        || vec![ProviderKind::Google, ProviderKind::Fitbit],
        |k| vec![k],
    );
    let mut any = false;
    for kind in kinds {
        let store = TokenStore::new(&paths.config_dir, kind);
        let tokens = match store.load() {
            Ok(Some(t)) => t,
            Ok(None) => continue,
            Err(e) => {
                store.delete().map_err(failed)?;
                println!("{kind}: removed a damaged token file ({e})");
                any = true;
                continue;
            }
        };
        any = true;
        let oauth = source::oauth_client(config, kind, http()?, clock());
        // Revoking either token revokes the grant; prefer the refresh token.
        let token = tokens
            .refresh_token
            .as_deref()
            .unwrap_or(&tokens.access_token);
        let revoked = oauth.revoke(token).await;
        store.delete().map_err(failed)?;
        match revoked {
            Ok(()) => println!("{kind}: signed out; access revoked and tokens deleted."),
            Err(e) => println!(
                "{kind}: tokens deleted, but revoking at the provider failed ({e}); you can remove fittui's access in your account settings."
            ),
        }
    }
    if !any {
        println!("Not signed in to any provider.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_tokens_are_cleaned() {
        assert_eq!(clean_token("  abc.def.ghi \n"), "abc.def.ghi");
        assert_eq!(clean_token("Bearer abc"), "abc");
        assert_eq!(
            clean_token(
                r#"curl -X GET "https://api.fitbit.com/1/user/-/devices.json" -H "authorization: Bearer eyJx.y.z""#
            ),
            "eyJx.y.z"
        );
        assert_eq!(clean_token("“tok”"), "tok");
        assert_eq!(
            clean_token(
                r#"curl -H "Authorization: Bearer eyJx.y.z" https://api.fitbit.com/1/user/-/profile.json"#
            ),
            "eyJx.y.z"
        );
        assert_eq!(
            clean_token("curl -H 'Authorization: Bearer abc' -X GET https://x/"),
            "abc"
        );
    }

    #[test]
    fn jwt_expiry_is_read_from_the_payload() {
        // {"exp":1730000000}
        let payload = URL_SAFE_NO_PAD.encode(br#"{"sub":"GGNJL9","exp":1730000000}"#);
        let token = format!("eyJhbGciOiJIUzI1NiJ9.{payload}.sig");
        assert_eq!(
            jwt_expiry(&token),
            Some(Timestamp::from_second(1_730_000_000).unwrap())
        );
        assert_eq!(jwt_expiry("opaque-token"), None);
    }

    #[test]
    fn missing_scopes_are_listed() {
        let granted: Vec<String> = vec!["activity".into(), "sleep".into()];
        let missing = missing_scopes(ProviderKind::Fitbit, &granted);
        assert!(missing.contains(&"heartrate") && !missing.contains(&"sleep"));
        assert!(missing_scopes(ProviderKind::Fitbit, &[]).is_empty());
    }
}
