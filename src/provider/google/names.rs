//! The data types fittui reads, and the three spellings each one has on the wire.
//!
//! Google Health names every data type three ways: kebab-case in URLs
//! (`users/me/dataTypes/daily-resting-heart-rate/dataPoints`), snake case inside `filter`
//! expressions (`daily_resting_heart_rate.date >= "2026-11-01"`) and camelCase as the JSON key of
//! the value inside a data point (`"dailyRestingHeartRate": {...}`). [`DATA_TYPES`] is the one
//! table of all three; everything else derives its strings from it, so a typo can only live in
//! one place (and the tests check that table against the discovery document).

/// A Google Health data type fittui reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataType {
    Steps,
    Distance,
    TotalCalories,
    Floors,
    ActiveZoneMinutes,
    ActiveMinutes,
    TimeInHeartRateZone,
    HeartRate,
    DailyRestingHeartRate,
    DailyHeartRateZones,
    DailyHeartRateVariability,
    DailyOxygenSaturation,
    DailyRespiratoryRate,
    DailySleepTemperatureDerivations,
    Sleep,
    Electrocardiogram,
    Weight,
    BodyFat,
}

impl DataType {
    /// The scope a read of this data type needs.
    pub const fn scope(self) -> &'static str {
        use super::dialect::{ACTIVITY, ECG, HEALTH_METRICS, SLEEP};
        match self {
            DataType::Steps
            | DataType::Distance
            | DataType::TotalCalories
            | DataType::Floors
            | DataType::ActiveZoneMinutes
            | DataType::ActiveMinutes
            | DataType::TimeInHeartRateZone => ACTIVITY,
            DataType::HeartRate
            | DataType::DailyRestingHeartRate
            | DataType::DailyHeartRateZones
            | DataType::DailyHeartRateVariability
            | DataType::DailyOxygenSaturation
            | DataType::DailyRespiratoryRate
            | DataType::DailySleepTemperatureDerivations
            | DataType::Weight
            | DataType::BodyFat => HEALTH_METRICS,
            DataType::Sleep => SLEEP,
            DataType::Electrocardiogram => ECG,
        }
    }
}

/// How a data type's points are placed in time; decides which `filter` members apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// `interval.start_time` / `interval.civil_start_time` (steps, distance, ...).
    Interval,
    /// `sample_time.physical_time` / `sample_time.civil_time` (heart rate, weight, body fat).
    Sample,
    /// `date` (one record per civil day).
    Daily,
    /// Sleep and ECG sessions: each has its own filter members (see [`super::request`]).
    Session,
    /// Only `:rollUp` / `:dailyRollUp` exist (`total-calories`).
    RollupOnly,
}

/// One row of [`DATA_TYPES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataTypeNames {
    pub data_type: DataType,
    /// URL path segment: `daily-resting-heart-rate`.
    pub kebab: &'static str,
    /// `filter` member prefix: `daily_resting_heart_rate`.
    pub snake: &'static str,
    /// JSON key of the value object: `dailyRestingHeartRate`.
    pub camel: &'static str,
    pub kind: RecordKind,
}

const fn row(
    data_type: DataType,
    kebab: &'static str,
    snake: &'static str,
    camel: &'static str,
    kind: RecordKind,
) -> DataTypeNames {
    DataTypeNames {
        data_type,
        kebab,
        snake,
        camel,
        kind,
    }
}

/// kebab ↔ snake ↔ camel, for every data type fittui reads (in [`DataType`] order).
pub const DATA_TYPES: [DataTypeNames; 18] = {
    use DataType as T;
    use RecordKind as K;
    [
        row(T::Steps, "steps", "steps", "steps", K::Interval),
        row(T::Distance, "distance", "distance", "distance", K::Interval),
        row(
            T::TotalCalories,
            "total-calories",
            "total_calories",
            "totalCalories",
            K::RollupOnly,
        ),
        row(T::Floors, "floors", "floors", "floors", K::Interval),
        row(
            T::ActiveZoneMinutes,
            "active-zone-minutes",
            "active_zone_minutes",
            "activeZoneMinutes",
            K::Interval,
        ),
        row(
            T::ActiveMinutes,
            "active-minutes",
            "active_minutes",
            "activeMinutes",
            K::Interval,
        ),
        row(
            T::TimeInHeartRateZone,
            "time-in-heart-rate-zone",
            "time_in_heart_rate_zone",
            "timeInHeartRateZone",
            K::Interval,
        ),
        row(
            T::HeartRate,
            "heart-rate",
            "heart_rate",
            "heartRate",
            K::Sample,
        ),
        row(
            T::DailyRestingHeartRate,
            "daily-resting-heart-rate",
            "daily_resting_heart_rate",
            "dailyRestingHeartRate",
            K::Daily,
        ),
        row(
            T::DailyHeartRateZones,
            "daily-heart-rate-zones",
            "daily_heart_rate_zones",
            "dailyHeartRateZones",
            K::Daily,
        ),
        row(
            T::DailyHeartRateVariability,
            "daily-heart-rate-variability",
            "daily_heart_rate_variability",
            "dailyHeartRateVariability",
            K::Daily,
        ),
        row(
            T::DailyOxygenSaturation,
            "daily-oxygen-saturation",
            "daily_oxygen_saturation",
            "dailyOxygenSaturation",
            K::Daily,
        ),
        row(
            T::DailyRespiratoryRate,
            "daily-respiratory-rate",
            "daily_respiratory_rate",
            "dailyRespiratoryRate",
            K::Daily,
        ),
        row(
            T::DailySleepTemperatureDerivations,
            "daily-sleep-temperature-derivations",
            "daily_sleep_temperature_derivations",
            "dailySleepTemperatureDerivations",
            K::Daily,
        ),
        row(T::Sleep, "sleep", "sleep", "sleep", K::Session),
        row(
            T::Electrocardiogram,
            "electrocardiogram",
            "electrocardiogram",
            "electrocardiogram",
            K::Session,
        ),
        row(T::Weight, "weight", "weight", "weight", K::Sample),
        row(T::BodyFat, "body-fat", "body_fat", "bodyFat", K::Sample),
    ]
};

/// The data-point collection methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET …/dataPoints` (raw points, per source; `name` + `dataSource`).
    List,
    /// `GET …/dataPoints:reconcile` (merged stream; `dataPointName`, no `dataSource`).
    Reconcile,
    /// `POST …/dataPoints:rollUp` (physical-time windows).
    RollUp,
    /// `POST …/dataPoints:dailyRollUp` (civil days).
    DailyRollUp,
}

impl Method {
    /// The suffix after `dataPoints`.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::List => "",
            Self::Reconcile => ":reconcile",
            Self::RollUp => ":rollUp",
            Self::DailyRollUp => ":dailyRollUp",
        }
    }

    /// `GET` or `POST`.
    pub fn http_method(self) -> &'static str {
        match self {
            Self::List | Self::Reconcile => "GET",
            Self::RollUp | Self::DailyRollUp => "POST",
        }
    }
}

impl DataType {
    /// Every data type, in table order.
    pub const ALL: [DataType; 18] = {
        let mut all = [DataType::Steps; 18];
        let mut i = 0;
        while i < DATA_TYPES.len() {
            all[i] = DATA_TYPES[i].data_type;
            i += 1;
        }
        all
    };

    /// This type's row of [`DATA_TYPES`].
    pub fn names(self) -> &'static DataTypeNames {
        // The table lists the variants in declaration order; the unit test
        // `table_is_in_declaration_order` keeps it so, which makes this index valid.
        &DATA_TYPES[self as usize]
    }

    /// URL id, e.g. `daily-resting-heart-rate`.
    pub fn kebab(self) -> &'static str {
        self.names().kebab
    }

    /// Filter member prefix, e.g. `daily_resting_heart_rate`.
    pub fn snake(self) -> &'static str {
        self.names().snake
    }

    /// JSON key of the value object, e.g. `dailyRestingHeartRate`.
    pub fn camel(self) -> &'static str {
        self.names().camel
    }

    pub fn kind(self) -> RecordKind {
        self.names().kind
    }

    /// Looks a type up by its URL id.
    pub fn from_kebab(kebab: &str) -> Option<Self> {
        DATA_TYPES
            .iter()
            .find(|r| r.kebab == kebab)
            .map(|r| r.data_type)
    }

    /// Path below `https://health.googleapis.com/v4/` for `method` on the signed-in user's
    /// collection, e.g. `users/me/dataTypes/steps/dataPoints:dailyRollUp`.
    pub fn path(self, method: Method) -> String {
        format!(
            "users/me/dataTypes/{}/dataPoints{}",
            self.kebab(),
            method.suffix()
        )
    }
}

/// Path of the identity resource (any googlehealth scope).
pub const IDENTITY_PATH: &str = "users/me/identity";
/// Path of the settings resource (`settings.readonly`).
pub const SETTINGS_PATH: &str = "users/me/settings";
/// Path of the profile resource (`profile.readonly`).
pub const PROFILE_PATH: &str = "users/me/profile";
/// Path of the paired-devices collection (`settings.readonly`; send `pageSize=100`).
pub const PAIRED_DEVICES_PATH: &str = "users/me/pairedDevices";

/// Largest `pageSize` for `list` / `reconcile` / `:rollUp` (default 1440).
pub const MAX_PAGE_SIZE: u32 = 10_000;
/// Largest (and default) `pageSize` for `sleep` and `exercise` lists.
pub const MAX_SLEEP_PAGE_SIZE: u32 = 25;
/// Largest `pageSize` for paired devices (default only 5).
pub const MAX_PAIRED_DEVICES_PAGE_SIZE: u32 = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_declaration_order() {
        for (i, row) in DATA_TYPES.iter().enumerate() {
            assert_eq!(row.data_type as usize, i, "{row:?}");
            assert_eq!(DataType::ALL[i], row.data_type);
        }
    }

    #[test]
    fn spellings_agree() {
        for row in &DATA_TYPES {
            assert_eq!(row.kebab.replace('-', "_"), row.snake);
            let camel: String = row
                .kebab
                .split('-')
                .enumerate()
                .map(|(i, w)| {
                    let mut c = w.chars();
                    match (i, c.next()) {
                        (0, Some(f)) => f.to_string() + c.as_str(),
                        (_, Some(f)) => f.to_ascii_uppercase().to_string() + c.as_str(),
                        (_, None) => String::new(),
                    }
                })
                .collect();
            assert_eq!(camel, row.camel);
            assert_eq!(DataType::from_kebab(row.kebab), Some(row.data_type));
        }
    }

    #[test]
    fn paths() {
        assert_eq!(
            DataType::Steps.path(Method::DailyRollUp),
            "users/me/dataTypes/steps/dataPoints:dailyRollUp"
        );
        assert_eq!(
            DataType::DailyRestingHeartRate.path(Method::List),
            "users/me/dataTypes/daily-resting-heart-rate/dataPoints"
        );
        assert_eq!(Method::RollUp.http_method(), "POST");
    }
}
