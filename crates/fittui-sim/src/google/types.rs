//! The data-type table: URL id, JSON field, record family (which filter members apply), scope
//! bundle, and which operations each type supports. "Not supported" pairs follow the reference
//! (measured by google-health-mcp) and the discovery document's unions: `list` is refused for
//! `total-calories`, `calories-in-heart-rate-zone` and `floors`; daily and sample types have no
//! rollups; `electrocardiogram` has no reconcile.

/// What kind of records a type holds (decides the filter members).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `{t}.interval.start_time`, `{t}.interval.civil_start_time`.
    Interval,
    /// `{t}.sample_time.physical_time`, `{t}.sample_time.civil_time`.
    Sample,
    /// `{t}.date`.
    Daily,
    /// Exercise sessions: `exercise.interval.civil_start_time` only.
    Exercise,
    /// Sleep sessions: `sleep.interval.end_time`, `sleep.interval.civil_end_time`; AND/OR.
    Sleep,
    /// ECG: `electrocardiogram.interval.start_time >=` only.
    Ecg,
}

/// Which generator renders a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Steps,
    Distance,
    TotalCalories,
    Floors,
    Azm,
    ActiveMinutes,
    HeartRate,
    DailyRestingHeartRate,
    DailyHeartRateZones,
    TimeInZone,
    CaloriesInZone,
    DailyHrv,
    Hrv,
    Sleep,
    Spo2,
    DailySpo2,
    DailyRespiratoryRate,
    RespiratorySummary,
    SkinTemperature,
    Weight,
    BodyFat,
    Ecg,
    Exercise,
    /// A real type the simulated person has no data for.
    Empty,
}

/// One data type.
#[allow(clippy::struct_excessive_bools)] // one flag per operation, as the table lists them
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataType {
    /// kebab-case URL id.
    pub id: &'static str,
    /// camelCase JSON field in data points and rollups.
    pub field: &'static str,
    pub kind: Kind,
    pub family: Family,
    /// Scope bundle (`…googlehealth.{bundle}.readonly`).
    pub bundle: &'static str,
    pub list: bool,
    pub reconcile: bool,
    pub roll_up: bool,
    pub daily_roll_up: bool,
    /// Rollup ranges are capped at 14 days (90 otherwise).
    pub capped: bool,
    /// Has a resource name (`name` / `dataPointName`).
    pub identifiable: bool,
}

const A: &str = "activity_and_fitness";
const H: &str = "health_metrics_and_measurements";

#[allow(clippy::fn_params_excessive_bools)] // a table row reads best as positional flags
const fn t(
    id: &'static str,
    field: &'static str,
    kind: Kind,
    family: Family,
    bundle: &'static str,
    ops: [bool; 4],
    capped: bool,
) -> DataType {
    DataType {
        id,
        field,
        kind,
        family,
        bundle,
        list: ops[0],
        reconcile: ops[1],
        roll_up: ops[2],
        daily_roll_up: ops[3],
        capped,
        identifiable: matches!(
            kind,
            Kind::Sleep | Kind::Exercise | Kind::Weight | Kind::BodyFat | Kind::Ecg
        ),
    }
}

const ALL: [bool; 4] = [true, true, true, true];
const READ: [bool; 4] = [true, true, false, false];
const ROLLUPS: [bool; 4] = [false, false, true, true];

/// Every data type the simulator knows.
pub const TYPES: &[DataType] = &[
    t(
        "steps",
        "steps",
        Kind::Steps,
        Family::Interval,
        A,
        ALL,
        false,
    ),
    t(
        "distance",
        "distance",
        Kind::Distance,
        Family::Interval,
        A,
        ALL,
        false,
    ),
    t(
        "total-calories",
        "totalCalories",
        Kind::TotalCalories,
        Family::Interval,
        A,
        ROLLUPS,
        true,
    ),
    t(
        "floors",
        "floors",
        Kind::Floors,
        Family::Interval,
        A,
        [false, true, true, true],
        false,
    ),
    t(
        "active-zone-minutes",
        "activeZoneMinutes",
        Kind::Azm,
        Family::Interval,
        A,
        ALL,
        false,
    ),
    t(
        "active-minutes",
        "activeMinutes",
        Kind::ActiveMinutes,
        Family::Interval,
        A,
        ALL,
        true,
    ),
    t(
        "heart-rate",
        "heartRate",
        Kind::HeartRate,
        Family::Sample,
        H,
        ALL,
        true,
    ),
    t(
        "daily-resting-heart-rate",
        "dailyRestingHeartRate",
        Kind::DailyRestingHeartRate,
        Family::Daily,
        H,
        READ,
        false,
    ),
    t(
        "daily-heart-rate-zones",
        "dailyHeartRateZones",
        Kind::DailyHeartRateZones,
        Family::Daily,
        H,
        READ,
        false,
    ),
    t(
        "time-in-heart-rate-zone",
        "timeInHeartRateZone",
        Kind::TimeInZone,
        Family::Interval,
        A,
        ALL,
        false,
    ),
    t(
        "calories-in-heart-rate-zone",
        "caloriesInHeartRateZone",
        Kind::CaloriesInZone,
        Family::Interval,
        A,
        ROLLUPS,
        true,
    ),
    t(
        "daily-heart-rate-variability",
        "dailyHeartRateVariability",
        Kind::DailyHrv,
        Family::Daily,
        H,
        READ,
        false,
    ),
    t(
        "heart-rate-variability",
        "heartRateVariability",
        Kind::Hrv,
        Family::Sample,
        H,
        READ,
        false,
    ),
    t(
        "sleep",
        "sleep",
        Kind::Sleep,
        Family::Sleep,
        "sleep",
        READ,
        false,
    ),
    t(
        "oxygen-saturation",
        "oxygenSaturation",
        Kind::Spo2,
        Family::Sample,
        H,
        READ,
        false,
    ),
    t(
        "daily-oxygen-saturation",
        "dailyOxygenSaturation",
        Kind::DailySpo2,
        Family::Daily,
        H,
        READ,
        false,
    ),
    t(
        "daily-respiratory-rate",
        "dailyRespiratoryRate",
        Kind::DailyRespiratoryRate,
        Family::Daily,
        H,
        READ,
        false,
    ),
    t(
        "respiratory-rate-sleep-summary",
        "respiratoryRateSleepSummary",
        Kind::RespiratorySummary,
        Family::Sample,
        H,
        READ,
        false,
    ),
    t(
        "daily-sleep-temperature-derivations",
        "dailySleepTemperatureDerivations",
        Kind::SkinTemperature,
        Family::Daily,
        H,
        READ,
        false,
    ),
    t(
        "weight",
        "weight",
        Kind::Weight,
        Family::Sample,
        H,
        ALL,
        false,
    ),
    // `ReconciledDataPoint` has no `electrocardiogram` field: no reconcile for ECG.
    t(
        "electrocardiogram",
        "electrocardiogram",
        Kind::Ecg,
        Family::Ecg,
        "ecg",
        [true, false, false, false],
        false,
    ),
    t(
        "exercise",
        "exercise",
        Kind::Exercise,
        Family::Exercise,
        A,
        READ,
        false,
    ),
    // Real types without simulated data: lists are empty.
    t(
        "active-energy-burned",
        "activeEnergyBurned",
        Kind::Empty,
        Family::Interval,
        A,
        ALL,
        false,
    ),
    t(
        "basal-energy-burned",
        "basalEnergyBurned",
        Kind::Empty,
        Family::Interval,
        A,
        READ,
        false,
    ),
    t(
        "activity-level",
        "activityLevel",
        Kind::Empty,
        Family::Interval,
        A,
        READ,
        false,
    ),
    t(
        "altitude",
        "altitude",
        Kind::Empty,
        Family::Interval,
        A,
        ALL,
        false,
    ),
    t(
        "sedentary-period",
        "sedentaryPeriod",
        Kind::Empty,
        Family::Interval,
        A,
        ALL,
        false,
    ),
    t(
        "body-fat",
        "bodyFat",
        Kind::BodyFat,
        Family::Sample,
        H,
        ALL,
        false,
    ),
    t(
        "height",
        "height",
        Kind::Empty,
        Family::Sample,
        H,
        READ,
        false,
    ),
    t(
        "core-body-temperature",
        "coreBodyTemperature",
        Kind::Empty,
        Family::Sample,
        H,
        ALL,
        false,
    ),
    t(
        "blood-glucose",
        "bloodGlucose",
        Kind::Empty,
        Family::Sample,
        H,
        ALL,
        false,
    ),
    t(
        "vo2-max",
        "vo2Max",
        Kind::Empty,
        Family::Sample,
        A,
        READ,
        false,
    ),
    t(
        "run-vo2-max",
        "runVo2Max",
        Kind::Empty,
        Family::Sample,
        A,
        ALL,
        false,
    ),
    t(
        "daily-vo2-max",
        "dailyVo2Max",
        Kind::Empty,
        Family::Daily,
        A,
        READ,
        false,
    ),
    t(
        "hydration-log",
        "hydrationLog",
        Kind::Empty,
        Family::Interval,
        "nutrition",
        ALL,
        false,
    ),
];

/// Looks a type up by URL id.
pub fn lookup(id: &str) -> Option<&'static DataType> {
    TYPES.iter().find(|t| t.id == id)
}

impl DataType {
    /// `snake_case` id used in filters (`active-zone-minutes` → `active_zone_minutes`).
    pub fn snake(&self) -> String {
        self.id.replace('-', "_")
    }

    /// Page size: default and maximum.
    pub fn page_sizes(&self) -> (usize, usize) {
        if matches!(self.kind, Kind::Sleep | Kind::Exercise) {
            (25, 25)
        } else {
            (1440, 10_000)
        }
    }

    /// Maximum rollup range in days.
    pub fn rollup_days(&self) -> i64 {
        if self.capped { 14 } else { 90 }
    }
}
