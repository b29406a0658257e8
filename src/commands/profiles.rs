//! `fittui profiles`: every profile, who it is signed in as and when it last synced.

use serde::Serialize;

use crate::api::ProviderKind;
use crate::auth::TokenStore;
use crate::paths::Paths;

/// One profile in the list.
#[derive(Debug, Serialize)]
pub struct ProfileEntry {
    pub name: String,
    pub config_dir: String,
    /// Each provider signed in: `fitbit: Sam R.`.
    pub accounts: Vec<ProfileAccount>,
    /// When data was last fetched for it (from its store), if ever.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<jiff::Timestamp>,
}

/// A sign-in of a profile.
#[derive(Debug, Serialize)]
pub struct ProfileAccount {
    pub provider: ProviderKind,
    pub account: Option<String>,
}

/// The profiles below `base` (the default profile's directories).
pub fn list(base: &Paths) -> Vec<ProfileEntry> {
    base.profiles()
        .into_iter()
        .map(|p| {
            let accounts = [ProviderKind::Google, ProviderKind::Fitbit]
                .into_iter()
                .filter_map(|kind| {
                    let tokens = TokenStore::new(&p.paths.config_dir, kind).load().ok()??;
                    Some(ProfileAccount {
                        provider: kind,
                        account: tokens.account_label.or(tokens.user_id),
                    })
                })
                .collect();
            ProfileEntry {
                name: p.name,
                config_dir: p.paths.config_dir.display().to_string(),
                accounts,
                last_sync: last_sync(&p.paths),
            }
        })
        .collect()
}

/// When the profile's store last took in data (without creating a store that isn't there).
fn last_sync(paths: &Paths) -> Option<jiff::Timestamp> {
    let file = paths.store_file();
    if !file.is_file() {
        return None;
    }
    crate::store::Store::open(&file).ok()?.last_sync().ok()?
}

/// Prints the list (a table, or JSON).
pub fn print(base: &Paths, json: bool) -> Result<(), String> {
    let entries = list(base);
    if json {
        let text = serde_json::to_string_pretty(&entries).map_err(|e| e.to_string())?;
        println!("{text}");
        return Ok(());
    }
    let zone = jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC);
    for e in &entries {
        let who = if e.accounts.is_empty() {
            "not signed in".to_string()
        } else {
            e.accounts
                .iter()
                .map(|a| format!("{}: {}", a.provider, a.account.as_deref().unwrap_or("?")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let synced = e.last_sync.map_or_else(
            || "never synced".to_string(),
            |at| {
                format!(
                    "last sync {}",
                    at.to_zoned(zone.clone()).strftime("%a %-d %b %Y %H:%M")
                )
            },
        );
        println!("{:<16} {who:<40} {synced}", e.name);
    }
    Ok(())
}
