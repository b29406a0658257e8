//! `fittui auth login`: the authorization code flow with PKCE and `state`, the browser sent
//! to the consent page, the redirect caught on 127.0.0.1 (or pasted), the code exchanged, the
//! tokens checked with one request and saved.

use std::time::Duration;

use jiff::Timestamp;
use tokio::io::{AsyncBufReadExt, BufReader};
use url::Url;

use crate::api::ProviderKind;
use crate::auth::loopback::{
    BrowserReply, Callback, CallbackError, Loopback, is_loopback_redirect, parse_pasted,
};
use crate::auth::oauth::AuthRequest;
use crate::auth::{OAuthClient, TokenSet, TokenStore};
use crate::cli::LoginArgs;
use crate::config::{Config, OAuthSettings};
use crate::paths::Paths;

use super::{AuthCommandError, clock, failed, http, not_granted_lines, settings, validate};
use crate::api::permission_name;

/// Waits for the browser's redirect, or a redirect URL pasted on standard input. Only an
/// answer carrying `expected_state` counts: others are refused and the wait goes on.
async fn wait_for_callback(
    listener: Option<&Loopback>,
    timeout: Duration,
    expected_state: &str,
) -> Result<(Callback, Option<BrowserReply>), CallbackError> {
    let pasted = async {
        let mut lines = BufReader::new(tokio::io::stdin()).lines();
        loop {
            match lines.next_line().await {
                Ok(Some(line)) if line.trim().is_empty() => {}
                Ok(Some(line)) => match parse_pasted(&line) {
                    Ok(cb) if cb.state() == Some(expected_state) => return Ok((cb, None)),
                    Ok(_) => eprintln!(
                        "fittui: that URL belongs to another sign-in (its `state` is not the one fittui sent); paste the URL from this sign-in"
                    ),
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
    // A client file is Google's: it picks the provider when none is named.
    let kind = args
        .provider
        .or(args.client_file.as_ref().map(|_| ProviderKind::Google))
        .unwrap_or(config.general.provider);
    let settings = settings(config, paths, kind, args)?;
    let http = http()?;
    let oauth = OAuthClient::new(
        &crate::provider::dialect(kind).oauth,
        settings.clone(),
        http.clone(),
        clock(),
    );

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

    let (callback, reply) = wait_for_callback(
        listener.as_ref(),
        Duration::from_secs(args.timeout),
        &request.state,
    )
    .await
    .map_err(failed)?;
    let outcome = complete(config, paths, kind, &oauth, &request, callback).await;
    // The browser learns how it ended only now: never "signed in" before the tokens are saved.
    match (&outcome, reply) {
        (Ok(done), Some(reply)) => reply.signed_in(&done.label).await,
        (Err(err), Some(reply)) => reply.failed(&err.to_string()).await,
        (_, None) => {}
    }
    let SignedIn {
        tokens,
        label,
        zone,
        profile_error,
    } = outcome?;
    let store = TokenStore::new(&paths.config_dir, kind);
    match &profile_error {
        None => println!(
            "\nSigned in to {kind} as {label}. Tokens saved in {} (readable only by you).",
            store.path().display()
        ),
        Some(err) => println!(
            "\nSigned in to {kind}; tokens saved in {} (readable only by you). The profile could not be read yet ({err}); `fittui` reads it when it starts.",
            store.path().display()
        ),
    }
    let missing = not_granted_lines(kind, &tokens.scopes);
    if missing.is_empty() {
        println!("Granted: every permission fittui asks for.");
    } else {
        let granted: Vec<String> = tokens.scopes.iter().map(|s| permission_name(s)).collect();
        println!("Granted: {}.", granted.join(", "));
        for line in &missing {
            println!("{line}.");
        }
        println!(
            "The tabs that need them say so. To grant them, run `fittui auth login --provider {kind}` again and leave their boxes ticked."
        );
    }
    if let Some(warning) = tokens.expiry_warning(Timestamp::now()).or_else(|| {
        tokens.refresh_token_expires_at.map(|at| {
            format!(
                "This sign-in ends on {} (Google ends a test user's sign-in 7 days after consent); run `fittui auth login` again before then.",
                at.to_zoned(zone.clone()).strftime("%a %-d %b %H:%M")
            )
        })
    }) {
        println!("{warning}");
    }
    println!("Run `fittui` to browse your data.");
    Ok(())
}

/// A sign-in whose tokens are saved.
struct SignedIn {
    tokens: TokenSet,
    /// Who it is, for the messages ("Sam R. (GGNJL9)"), or the provider when the profile
    /// could not be read yet.
    label: String,
    /// The account's zone (this computer's until the profile is read).
    zone: jiff::tz::TimeZone,
    /// Why the profile could not be read (rate limited, network); the sign-in stands.
    profile_error: Option<String>,
}

/// Exchanges the code, saves the tokens, then reads the profile. Tokens are saved before the
/// profile is asked for, so a rate-limited or failed first request never throws away a good
/// sign-in; only tokens the provider rejects are removed again.
async fn complete(
    config: &Config,
    paths: &Paths,
    kind: ProviderKind,
    oauth: &OAuthClient,
    request: &AuthRequest,
    callback: Callback,
) -> Result<SignedIn, AuthCommandError> {
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
    let store = TokenStore::new(&paths.config_dir, kind);
    store.save(&tokens).map_err(|e| {
        failed(format!(
            "signed in, but the tokens could not be saved: {e}; free the space or fix the permissions, then run `fittui auth login` again"
        ))
    })?;
    match validate(config, paths, tokens.clone(), http()?).await {
        Ok(account) => {
            tokens.user_id = Some(account.user_id.clone());
            tokens.account_label = Some(account.label());
            tokens.time_zone = Some(account.time_zone_name.clone());
            // Only the label is new; the sign-in itself is already saved.
            if let Err(e) = store.save(&tokens) {
                tracing::warn!("could not add the account name to the token file: {e}");
            }
            Ok(SignedIn {
                label: format!("{} ({})", account.label(), account.user_id),
                zone: account.time_zone,
                tokens,
                profile_error: None,
            })
        }
        Err(err) if err.is_transient() => Ok(SignedIn {
            label: kind.to_string(),
            zone: jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC),
            tokens,
            profile_error: Some(err.to_string()),
        }),
        Err(err) => {
            let _ = store.delete();
            Err(failed(format!(
                "signed in, but the first request failed: {err}; nothing was saved"
            )))
        }
    }
}
