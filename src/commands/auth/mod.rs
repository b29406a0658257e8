//! `fittui auth login | token | status | refresh | logout`.
//!
//! Secrets are never printed: status shows expiry times and scopes only. `login` (the OAuth
//! code flow) and `token` (a pasted access token) live in their own modules.

mod login;
mod token;

pub use login::login;
pub use token::token;

use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::api::{ApiError, ProviderKind, permission_name};
use crate::auth::{TokenManager, TokenOrigin, TokenSet, TokenStore};
use crate::cli::LoginArgs;
use crate::clock::{SharedClock, SystemClock};
use crate::config::{Config, OAuthSettings};
use crate::domain::account::Account;
use crate::paths::Paths;
use crate::provider::dialect;
use crate::source;

/// Why an auth command failed; `usage` errors exit with code 2, "not signed in" with 3.
#[derive(Debug, thiserror::Error)]
pub enum AuthCommandError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
    /// `auth status` found no sign-in (what it printed says so already).
    #[error("not signed in")]
    NotSignedIn,
}

impl AuthCommandError {
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => super::EXIT_USAGE,
            Self::Failed(_) => 1,
            Self::NotSignedIn => super::EXIT_NOT_SIGNED_IN,
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

/// One line per scope the sign-in lacks: the permission's name and what goes without it.
pub(crate) fn not_granted_lines(kind: ProviderKind, granted: &[String]) -> Vec<String> {
    missing_scopes(kind, granted)
        .into_iter()
        .map(|scope| {
            format!(
                "“{}” not granted (needed for {})",
                permission_name(scope),
                (dialect(kind).without_scope)(scope)
            )
        })
        .collect()
}

fn missing_scopes(kind: ProviderKind, granted: &[String]) -> Vec<&'static str> {
    if granted.is_empty() {
        return Vec::new();
    }
    dialect(kind)
        .oauth
        .scopes
        .iter()
        .copied()
        .filter(|s| !granted.iter().any(|g| g == s))
        .collect()
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
    /// Permissions fittui asks for that this sign-in lacks, each with what goes without it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_granted: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    access_token_expires_at: Option<Timestamp>,
    refreshable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token_expires_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warning: Option<String>,
    token_file: String,
    /// The account's zone, which the times above are said in (when the sign-in knows it).
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone: Option<String>,
    /// Why a refreshed sign-in could not be saved now (a full or read-only config dir): the
    /// next refresh will be held back until it can.
    #[serde(skip_serializing_if = "Option::is_none")]
    save_problem: Option<String>,
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
        not_granted: Vec::new(),
        access_token_expires_at: None,
        refreshable: false,
        refresh_token_expires_at: None,
        warning: None,
        token_file: store.path().display().to_string(),
        time_zone: None,
        save_problem: None,
        error: None,
    };
    match store.load() {
        Ok(Some(t)) => {
            entry.signed_in = true;
            entry.account.clone_from(&t.account_label);
            entry.user_id.clone_from(&t.user_id);
            entry.origin = Some(t.origin);
            entry.scopes.clone_from(&t.scopes);
            entry.not_granted = not_granted_lines(kind, &t.scopes);
            entry.access_token_expires_at = Some(t.expires_at);
            entry.refreshable = t.can_refresh();
            entry.refresh_token_expires_at = t.refresh_token_expires_at;
            entry.warning = t.expiry_warning(now);
            entry.time_zone.clone_from(&t.time_zone);
            if t.can_refresh() {
                entry.save_problem = store.check_writable().err().map(|e| e.to_string());
            }
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
    // Scripts read the answer from the exit code: 3 when no (asked-for) provider is signed in.
    let verdict = if entries.iter().any(|e| e.signed_in) {
        Ok(())
    } else {
        Err(AuthCommandError::NotSignedIn)
    };
    if json {
        let out = serde_json::json!({ "active": active, "providers": entries });
        println!("{}", serde_json::to_string_pretty(&out).map_err(failed)?);
        return verdict;
    }

    for e in &entries {
        // Times in the account's zone (this computer's until a sign-in has recorded it), to
        // the minute.
        let zone = account_zone(e.time_zone.as_deref());
        let at = |t: Timestamp| local_minute(t, &zone);
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
        if let Some(t) = e.access_token_expires_at {
            let verb = if t <= now { "expired" } else { "valid until" };
            println!("  access     {verb} {} ({})", at(t), relative(now, t));
        }
        if let Some(t) = e.refresh_token_expires_at {
            println!(
                "  sign-in    ends {} ({}) — Google Testing-mode limit",
                at(t),
                relative(now, t)
            );
        }
        if !e.scopes.is_empty() {
            println!("  scopes     {}", e.scopes.join(" "));
        }
        for line in &e.not_granted {
            println!(
                "  missing    {line} (grant it with `fittui auth login --provider {}`)",
                e.provider
            );
        }
        println!("  tokens     {} (mode 0600)", e.token_file);
        if let Some(problem) = &e.save_problem {
            println!(
                "  warning    {problem} — until then fittui keeps this sign-in but cannot refresh it"
            );
        }
        if let Some(w) = &e.warning {
            println!("  warning    {w}");
        }
    }
    verdict
}

/// The zone named in the token file, or this computer's.
pub(crate) fn account_zone(name: Option<&str>) -> TimeZone {
    name.and_then(|n| TimeZone::get(n).ok())
        .or_else(|| TimeZone::try_system().ok())
        .unwrap_or(TimeZone::UTC)
}

/// `Sat 5 Dec 2026 18:37 PST`: an instant in `zone`, to the minute.
pub(crate) fn local_minute(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%a %-d %b %Y %H:%M %Z")
        .to_string()
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
    // The new pair could not be written although the space was reserved: keep trying for a
    // few seconds, then say loudly what it means.
    for _ in 0..3 {
        if !manager.has_unsaved_tokens() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let _ = manager.retry_save().await;
    }
    if manager.has_unsaved_tokens() {
        let problem = manager.save_problem().unwrap_or_default();
        let consequence = if dialect(kind).oauth.rotates_refresh_tokens {
            format!(
                "the refresh token in the file was spent, so fix that and run `fittui auth refresh --provider {kind}` again within two minutes (the provider repeats its answer for that long), or sign in again with `fittui auth login --provider {kind}`"
            )
        } else {
            "the sign-in in the file still works; fix that and refresh again".to_string()
        };
        return Err(failed(format!(
            "the {kind} access token was refreshed, but the new sign-in could not be saved: {problem}; {consequence}"
        )));
    }
    let now = clock.now();
    let zone = account_zone(tokens.time_zone.as_deref());
    println!(
        "{kind}: access token refreshed; valid until {} ({}).",
        local_minute(tokens.expires_at, &zone),
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
    fn missing_scopes_are_listed() {
        let granted: Vec<String> = vec!["activity".into(), "sleep".into()];
        let missing = missing_scopes(ProviderKind::Fitbit, &granted);
        assert!(missing.contains(&"heartrate") && !missing.contains(&"sleep"));
        assert!(missing_scopes(ProviderKind::Fitbit, &[]).is_empty());
    }

    #[test]
    fn what_a_missing_permission_costs_is_said() {
        let all = crate::provider::google::SCOPES;
        let without_settings: Vec<String> = all
            .iter()
            .filter(|s| !s.ends_with(".settings.readonly"))
            .map(ToString::to_string)
            .collect();
        let lines = not_granted_lines(ProviderKind::Google, &without_settings);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with("“settings” not granted (needed for "),
            "{}",
            lines[0]
        );
        assert!(lines[0].contains("this computer's zone"), "{}", lines[0]);
        let all: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert!(not_granted_lines(ProviderKind::Google, &all).is_empty());
    }
}
