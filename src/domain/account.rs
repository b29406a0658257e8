//! The signed-in account: who, which time zone, which units.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::units::{TemperatureUnit, UnitSystem};

/// Identity and display preferences of the signed-in person.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// Provider user id (`GGNJL9` for Fitbit, the numeric `healthUserId` for Google).
    pub user_id: String,
    /// Name to show, when the provider has one (Google's profile has none).
    pub display_name: Option<String>,
    /// IANA name of the account's time zone, e.g. `America/Los_Angeles`.
    pub time_zone_name: String,
    /// The zone itself; every local time fittui shows is in it.
    pub time_zone: TimeZone,
    /// The account's distance unit preference.
    pub units: UnitSystem,
    pub temperature_unit: TemperatureUnit,
    /// The account prefers a 12-hour clock, when the provider says.
    pub clock_12h: Option<bool>,
    pub member_since: Option<Date>,
    /// What fittui assumed because the account's own settings could not be read (the
    /// settings permission was not granted): said once in the status line and by `auth status`.
    pub assumed: Option<String>,
}

impl Account {
    /// What the status line shows for this account: the display name, or the user id (long
    /// numeric ids, like Google's, shortened to `4815…8161`).
    pub fn label(&self) -> String {
        if let Some(name) = &self.display_name {
            return name.clone();
        }
        let id = &self.user_id;
        let chars: Vec<char> = id.chars().collect();
        if chars.len() > 12 {
            let head: String = chars[..4].iter().collect();
            let tail: String = chars[chars.len() - 4..].iter().collect();
            format!("user {head}…{tail}")
        } else {
            format!("user {id}")
        }
    }
}
