//! Identity, settings and profile: who the user is and how they want things shown.
//!
//! Pairs with `GET v4/users/me/identity` (any googlehealth scope), `GET v4/users/me/settings`
//! (`settings.readonly`) and `GET v4/users/me/profile` (`profile.readonly`).

use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};

use super::{offset_of, parse};
use crate::api::ApiError;
use crate::domain::account::Account;
use crate::domain::units::{TemperatureUnit, UnitSystem};
use crate::provider::google::names::{IDENTITY_PATH, PROFILE_PATH, SETTINGS_PATH};
use crate::provider::google::scalar::{Date as WireDate, EnumName};
use crate::provider::google::wire;

/// The user's ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Google Health user id; equals the `{user}` path segment.
    pub health_user_id: String,
    /// The legacy Fitbit user id, when the account had one (for mapping old records only).
    pub legacy_user_id: Option<String>,
}

/// The user's settings as fittui uses them.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// IANA name of the zone in use, or `UTC±hh:mm` when only the offset was usable.
    pub time_zone_name: String,
    /// The IANA zone when the name is known, else a fixed zone at `utcOffset` (else UTC).
    pub time_zone: TimeZone,
    /// The offset Google reported with the settings.
    pub utc_offset: Option<Offset>,
    pub units: UnitSystem,
    pub temperature_unit: TemperatureUnit,
    /// `WEIGHT_UNIT_POUNDS` / `…_STONE` / `…_KILOGRAMS`, as sent.
    pub weight_unit: Option<String>,
    /// E.g. `en_US`.
    pub language_locale: Option<String>,
}

impl Settings {
    /// Settings fittui assumes when it may not read the account's (see `GoogleProvider`): the
    /// given zone and units, Celsius unless the units are imperial.
    pub fn assumed(time_zone: TimeZone, time_zone_name: String, units: UnitSystem) -> Self {
        Self {
            time_zone_name,
            time_zone,
            utc_offset: None,
            units,
            temperature_unit: match units {
                UnitSystem::Metric => TemperatureUnit::Celsius,
                UnitSystem::Imperial => TemperatureUnit::Fahrenheit,
            },
            weight_unit: None,
            language_locale: None,
        }
    }
}

/// The few profile facts Google has (no display name, avatar, sex or birth date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    pub age: Option<u16>,
    pub member_since: Option<Date>,
}

/// Decodes `GET users/me/identity`. An identity without `healthUserId` is a decode error:
/// nothing can be addressed without it.
pub fn identity(body: &[u8]) -> Result<Identity, ApiError> {
    let w: wire::Identity = parse(IDENTITY_PATH, body)?;
    let health_user_id = w
        .health_user_id
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::Decode {
            endpoint: IDENTITY_PATH.into(),
            detail: "no healthUserId in the identity".into(),
        })?;
    Ok(Identity {
        health_user_id,
        legacy_user_id: w.legacy_user_id.filter(|id| !id.is_empty()),
    })
}

/// Decodes `GET users/me/settings`.
pub fn settings(body: &[u8]) -> Result<Settings, ApiError> {
    let w: wire::Settings = parse(SETTINGS_PATH, body)?;
    let utc_offset = w.utc_offset.and_then(|d| offset_of(d.0));
    let named = w
        .time_zone
        .as_deref()
        .filter(|n| plausible_zone_name(n))
        .and_then(|n| TimeZone::get(n).ok().map(|tz| (n.to_string(), tz)));
    let (time_zone_name, time_zone) = named.unwrap_or_else(|| {
        let off = utc_offset.unwrap_or(Offset::UTC);
        (fixed_zone_name(off), TimeZone::fixed(off))
    });
    let enum_is = |e: Option<&EnumName>, name: &str| e.is_some_and(|e| e.as_str() == name);
    Ok(Settings {
        time_zone_name,
        time_zone,
        utc_offset,
        units: if enum_is(w.distance_unit.as_ref(), "DISTANCE_UNIT_MILES") {
            UnitSystem::Imperial
        } else {
            UnitSystem::Metric
        },
        temperature_unit: if enum_is(w.temperature_unit.as_ref(), "TEMPERATURE_UNIT_FAHRENHEIT") {
            TemperatureUnit::Fahrenheit
        } else {
            TemperatureUnit::Celsius
        },
        weight_unit: w.weight_unit.map(|e| e.0),
        language_locale: w.language_locale.filter(|l| !l.is_empty()),
    })
}

/// Decodes `GET users/me/profile`.
pub fn profile(body: &[u8]) -> Result<Profile, ApiError> {
    let w: wire::Profile = parse(PROFILE_PATH, body)?;
    Ok(Profile {
        age: w.age.and_then(|a| u16::try_from(a.0).ok()),
        member_since: w.membership_start_date.and_then(WireDate::to_date),
    })
}

/// The account fittui shows. Google has no display name, so the status line shows the user id;
/// `profile` is `None` when `profile.readonly` was not granted.
pub fn account(identity: &Identity, settings: &Settings, profile: Option<&Profile>) -> Account {
    Account {
        user_id: identity.health_user_id.clone(),
        display_name: None,
        time_zone_name: settings.time_zone_name.clone(),
        time_zone: settings.time_zone.clone(),
        units: settings.units,
        temperature_unit: settings.temperature_unit,
        clock_12h: None,
        member_since: profile.and_then(|p| p.member_since),
        assumed: None,
    }
}

/// Only names shaped like IANA ids reach the zone database (no paths, no `..`).
fn plausible_zone_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-' | b'+'))
        && !name.starts_with('/')
        && name.split('/').all(|part| !part.is_empty())
}

/// `UTC`, `UTC+09:00`, `UTC-07:00`, `UTC+05:45`.
fn fixed_zone_name(off: Offset) -> String {
    let secs = off.seconds();
    if secs == 0 {
        return "UTC".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn settings_fall_back_to_the_offset() {
        let s = settings(br#"{"timeZone":"America/Los_Angeles","utcOffset":"-28800s","distanceUnit":"DISTANCE_UNIT_MILES","temperatureUnit":"TEMPERATURE_UNIT_FAHRENHEIT"}"#).unwrap();
        assert_eq!(s.time_zone_name, "America/Los_Angeles");
        assert_eq!(s.time_zone.iana_name(), Some("America/Los_Angeles"));
        assert_eq!(s.units, UnitSystem::Imperial);
        assert_eq!(s.temperature_unit, TemperatureUnit::Fahrenheit);

        let s = settings(br#"{"timeZone":"Mars/Olympus_Mons","utcOffset":"19800s"}"#).unwrap();
        assert_eq!(s.time_zone_name, "UTC+05:30");
        assert_eq!(
            s.time_zone,
            TimeZone::fixed(jiff::tz::Offset::from_seconds(19800).unwrap())
        );
        assert_eq!(s.units, UnitSystem::Metric);

        let s = settings(br#"{"timeZone":"../../etc/passwd","utcOffset":"-25200s"}"#).unwrap();
        assert_eq!(s.time_zone_name, "UTC-07:00");

        let s = settings(b"{}").unwrap();
        assert_eq!(s.time_zone_name, "UTC");
        assert_eq!(s.time_zone, TimeZone::UTC);
        assert_eq!(s.temperature_unit, TemperatureUnit::Celsius);
    }

    #[test]
    fn identity_needs_a_user_id() {
        assert!(matches!(identity(b"{}"), Err(ApiError::Decode { .. })));
        assert!(matches!(identity(b"[]"), Err(ApiError::Decode { .. })));
        let id = identity(br#"{"healthUserId":"1","legacyUserId":""}"#).unwrap();
        assert_eq!(id.legacy_user_id, None);
    }

    #[test]
    fn profile_and_account() {
        let p = profile(br#"{"age":41,"membershipStartDate":{"year":2016,"month":3,"day":9}}"#)
            .unwrap();
        assert_eq!(p.age, Some(41));
        assert_eq!(p.member_since, Some(date(2016, 3, 9)));
        let id = identity(br#"{"healthUserId":"1173016576421350648"}"#).unwrap();
        let s = settings(br#"{"timeZone":"Asia/Tokyo"}"#).unwrap();
        let a = account(&id, &s, Some(&p));
        assert_eq!(a.display_name, None);
        assert_eq!(a.label(), "user 1173…0648");
        assert_eq!(a.member_since, Some(date(2016, 3, 9)));
        assert_eq!(account(&id, &s, None).member_since, None);
    }
}
