//! Provider-independent domain model: what fittui knows about a person's days, whatever API it
//! came from. Nothing here knows JSON. Quantities are metric inside (metres, kilograms, °C,
//! kcal); [`units`] converts for display. Instants are [`jiff::Timestamp`]s; local dates are
//! [`jiff::civil::Date`]s in the account's time zone.

pub mod account;
pub mod activity;
pub mod alarm;
pub mod device;
pub mod ecg;
pub mod gap;
pub mod heart;
pub mod sleep;
pub mod units;
pub mod weight;

use jiff::civil::Date;

/// One value per day in a trend (a day without data is `None`, never zero).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DailyValue<T> {
    pub date: Date,
    pub value: Option<T>,
}
