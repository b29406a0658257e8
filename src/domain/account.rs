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
}

impl Account {
    /// What the status line shows for this account.
    pub fn label(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.user_id)
    }
}
