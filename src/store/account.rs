//! `accounts`: who the records belong to, and the profile for a warm start.

use jiff::tz::{Offset, TimeZone};
use rusqlite::{Row, params};

use super::codec::{Day, account_id, corrupt, find_account};
use super::{AccountKey, Result, Store, StoreError};
use crate::domain::account::Account;
use crate::domain::units::{TemperatureUnit, UnitSystem};

const PROFILE_COLUMNS: &str = "display_name, time_zone_name, time_zone_kind, time_zone_iana,
    time_zone_offset, units, temperature_unit, clock_12h, member_since, assumed";

/// The zone as (kind, IANA name, offset seconds).
fn zone_columns(tz: &TimeZone) -> Result<(&'static str, Option<String>, Option<i32>)> {
    if *tz == TimeZone::UTC {
        return Ok(("utc", None, None));
    }
    if let Some(name) = tz.iana_name() {
        return Ok(("iana", Some(name.to_owned()), None));
    }
    match tz.to_fixed_offset() {
        Ok(offset) => Ok(("fixed", None, Some(offset.seconds()))),
        Err(_) => Err(StoreError::Unstorable(format!(
            "the time zone {tz:?} (neither IANA nor a fixed offset)"
        ))),
    }
}

fn zone_from(kind: &str, iana: Option<&str>, offset: Option<i32>) -> Result<TimeZone> {
    match (kind, iana, offset) {
        ("utc", _, _) => Ok(TimeZone::UTC),
        ("iana", Some(name), _) => zoneinfo_file(name)
            .or_else(|| TimeZone::get(name).ok())
            .ok_or_else(|| corrupt("time zone (not in this build's tzdb)", name)),
        ("fixed", _, Some(secs)) => Offset::from_seconds(secs)
            .map(TimeZone::fixed)
            .map_err(|_| corrupt("UTC offset", &secs.to_string())),
        _ => Err(corrupt("time zone", kind)),
    }
}

/// The zone `name` read straight from `/usr/share/zoneinfo/{name}`, as jiff's global database
/// would load it (same file, same name, so an equal `TimeZone`), but without that database's
/// first lookup walking the whole zoneinfo tree (hundreds of directory entries: most of the
/// time zone cost of a warm `summary`). `None` when `TZDIR` is set, the name is not a plain
/// relative path, or the file is not there or not `TZif`: then [`TimeZone::get`] decides.
fn zoneinfo_file(name: &str) -> Option<TimeZone> {
    let plain = !name.is_empty()
        && !name.starts_with('/')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b));
    if !plain || std::env::var_os("TZDIR").is_some() {
        return None;
    }
    let data = std::fs::read(std::path::Path::new("/usr/share/zoneinfo").join(name)).ok()?;
    TimeZone::tzif(name, &data).ok()
}

fn units_str(u: UnitSystem) -> &'static str {
    match u {
        UnitSystem::Metric => "metric",
        UnitSystem::Imperial => "imperial",
    }
}

fn temperature_str(u: TemperatureUnit) -> &'static str {
    match u {
        TemperatureUnit::Celsius => "celsius",
        TemperatureUnit::Fahrenheit => "fahrenheit",
    }
}

/// The profile from `PROFILE_COLUMNS` starting at column `at`; `None` when never stored.
fn profile_from(row: &Row<'_>, at: usize, user_id: String) -> Result<Option<Account>> {
    let get_text = |i: usize| row.get::<_, Option<String>>(at + i);
    let Some(time_zone_name) = get_text(1)? else {
        return Ok(None);
    };
    let kind = get_text(2)?.unwrap_or_default();
    let time_zone = zone_from(
        &kind,
        get_text(3)?.as_deref(),
        row.get::<_, Option<i32>>(at + 4)?,
    )?;
    let units = match get_text(5)?.as_deref() {
        Some("metric") => UnitSystem::Metric,
        Some("imperial") => UnitSystem::Imperial,
        other => return Err(corrupt("unit system", other.unwrap_or("NULL"))),
    };
    let temperature_unit = match get_text(6)?.as_deref() {
        Some("celsius") => TemperatureUnit::Celsius,
        Some("fahrenheit") => TemperatureUnit::Fahrenheit,
        other => return Err(corrupt("temperature unit", other.unwrap_or("NULL"))),
    };
    Ok(Some(Account {
        user_id,
        display_name: get_text(0)?,
        time_zone_name,
        time_zone,
        units,
        temperature_unit,
        clock_12h: row.get(at + 7)?,
        member_since: row.get::<_, Option<Day>>(at + 8)?.map(|d| d.0),
        assumed: get_text(9)?,
    }))
}

impl Store {
    /// Stores the profile of `key` (replacing the last one); it becomes the provider's
    /// [`Store::last_account`].
    pub fn put_account(&self, key: &AccountKey, account: &Account) -> Result<()> {
        let (kind, iana, offset) = zone_columns(&account.time_zone)?;
        self.write(|tx| {
            let id = account_id(tx, key)?;
            tx.execute(
                "UPDATE accounts SET
                    display_name = ?2, time_zone_name = ?3, time_zone_kind = ?4,
                    time_zone_iana = ?5, time_zone_offset = ?6, units = ?7,
                    temperature_unit = ?8, clock_12h = ?9, member_since = ?10, assumed = ?11,
                    profile_seq = (SELECT coalesce(max(profile_seq), 0) + 1 FROM accounts)
                 WHERE id = ?1",
                params![
                    id,
                    account.display_name,
                    account.time_zone_name,
                    kind,
                    iana,
                    offset,
                    units_str(account.units),
                    temperature_str(account.temperature_unit),
                    account.clock_12h,
                    account.member_since.map(Day),
                    account.assumed,
                ],
            )?;
            Ok(())
        })
    }

    /// The stored profile of `key`. Its `user_id` is the key's (the provider's id for the
    /// account, whatever the stored profile said).
    pub fn account(&self, key: &AccountKey) -> Result<Option<Account>> {
        self.read(|tx| {
            let Some(id) = find_account(tx, key)? else {
                return Ok(None);
            };
            let sql = format!("SELECT {PROFILE_COLUMNS} FROM accounts WHERE id = ?1");
            let mut stmt = tx.prepare(&sql)?;
            let mut rows = stmt.query([id])?;
            match rows.next()? {
                Some(row) => profile_from(row, 0, key.user_id.clone()),
                None => Ok(None),
            }
        })
    }

    /// The account stored most recently for `provider` (warm start before the profile is
    /// fetched).
    pub fn last_account(
        &self,
        provider: impl Into<super::Origin>,
    ) -> Result<Option<(AccountKey, Account)>> {
        let provider = provider.into();
        self.read(|tx| {
            let sql = format!(
                "SELECT provider, user_id, {PROFILE_COLUMNS} FROM accounts
                 WHERE provider = ?1 AND profile_seq IS NOT NULL
                 ORDER BY profile_seq DESC LIMIT 1"
            );
            let mut stmt = tx.prepare(&sql)?;
            let mut rows = stmt.query([provider.as_str()])?;
            let Some(row) = rows.next()? else {
                return Ok(None);
            };
            let key = AccountKey {
                provider: super::codec::provider(&row.get::<_, String>(0)?)?,
                user_id: row.get(1)?,
            };
            let account = profile_from(row, 2, key.user_id.clone())?;
            Ok(account.map(|a| (key, a)))
        })
    }
}
