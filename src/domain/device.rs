//! Paired devices: trackers, watches and scales.

use jiff::Timestamp;

/// What kind of device it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceKind {
    Tracker,
    Scale,
    /// A value this version of fittui does not know, kept as sent.
    Other(String),
}

/// Battery state as the device reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatteryLevel {
    High,
    Medium,
    Low,
    Empty,
    Other(String),
}

impl BatteryLevel {
    pub fn parse(s: &str) -> Self {
        match s.to_ascii_lowercase().as_str() {
            "high" | "full" => Self::High,
            "medium" => Self::Medium,
            "low" => Self::Low,
            "empty" => Self::Empty,
            _ => Self::Other(s.to_string()),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Self::High => "High",
            Self::Medium => "Medium",
            Self::Low => "Low",
            Self::Empty => "Empty",
            Self::Other(s) => s,
        }
    }
}

/// Whether a device's alarms can be managed through the signed-in provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlarmSupport {
    /// The provider can read and edit this device's alarms.
    Editable,
    /// The device has silent alarms, but the provider offers no way to reach them.
    DeviceOnly,
    /// The device has no silent alarms (or the provider says so).
    None,
}

/// One paired device.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    /// Provider id: the `{tracker-id}` for Fitbit alarm endpoints.
    pub id: String,
    /// Product name, e.g. "Charge 2".
    pub model: String,
    pub kind: DeviceKind,
    pub battery: Option<BatteryLevel>,
    pub battery_percent: Option<u8>,
    pub last_sync: Option<Timestamp>,
    pub mac: Option<String>,
    /// Capability flags as the provider lists them (e.g. `HEART_RATE`, `ALARMS`).
    pub features: Vec<String>,
    pub alarms: AlarmSupport,
}
