//! `fittui auth token`: save an access token the user already has (the API explorer's "quick
//! way", or an implicit-grant token), checked with one request before it is saved.

use std::io::IsTerminal;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::{SignedDuration, Timestamp};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::api::ApiError;
use crate::auth::{TokenOrigin, TokenSet, TokenStore};
use crate::cli::TokenArgs;
use crate::config::Config;
use crate::paths::Paths;

use super::{AuthCommandError, failed, http, validate};

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
        time_zone: None,
        obtained_at: now,
    };
    let account = validate(config, paths, tokens.clone(), http()?)
        .await
        .map_err(|e| {
            // Only the provider refusing it means the token is bad; a network, server or rate
            // limit problem means nobody could say.
            let verdict = match &e {
                ApiError::Unauthorized { .. } | ApiError::Forbidden { .. } => {
                    "the token was not accepted"
                }
                _ => "the token could not be checked",
            };
            failed(format!("{verdict}: {e}; nothing was saved"))
        })?;
    tokens.user_id = Some(account.user_id.clone());
    tokens.account_label = Some(account.label());
    tokens.time_zone = Some(account.time_zone_name.clone());
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
}
