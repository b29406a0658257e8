//! What a source can do: the UI asks before it shows a feature, and explains what a source
//! cannot do instead of showing a fake empty list.

/// What a source can do for alarms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlarmAccess {
    /// The API has no alarm resource at all.
    None,
    /// List, create, update and delete tracker alarms.
    ReadWrite,
}

/// What a source can provide; the UI asks before it shows a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    pub alarms: AlarmAccess,
    pub ecg: bool,
    /// Daily activity goals (steps, distance, ...). Without them the configured goals are used.
    pub goals: bool,
    /// 30-day average minutes per sleep stage computed by the provider.
    pub sleep_stage_averages: bool,
}

impl Capabilities {
    pub const FITBIT: Capabilities = Capabilities {
        alarms: AlarmAccess::ReadWrite,
        ecg: true,
        goals: true,
        sleep_stage_averages: true,
    };

    /// Data imported from an export (`fittui import`): no live device, no alarms, no ECG
    /// list; the sleep logs carry their 30-day averages.
    pub const IMPORT: Capabilities = Capabilities {
        alarms: AlarmAccess::None,
        ecg: false,
        goals: false,
        sleep_stage_averages: true,
    };

    pub const GOOGLE: Capabilities = Capabilities {
        alarms: AlarmAccess::None,
        ecg: true,
        goals: false,
        sleep_stage_averages: false,
    };
}
