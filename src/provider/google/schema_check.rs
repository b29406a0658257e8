//! Checks every wire type against Google's discovery document
//! (`tests/fixtures/google-health-v4.discovery.json`): each field a wire struct reads must be a
//! property of the schema it mirrors, and must accept a value of the JSON type the schema
//! declares. A misspelt camelCase name would otherwise decode silently as "no data".

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::{Value, json};

use super::names::{DATA_TYPES, DataType};
use super::{scalar, wire};

/// Records the field list serde's derive passes to `deserialize_struct`, then stops.
struct FieldRecorder<'a>(&'a mut Option<&'static [&'static str]>);

impl<'de> Deserializer<'de> for FieldRecorder<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(de::Error::custom("recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut slot = None;
    let _ = T::deserialize(FieldRecorder(&mut slot));
    slot.unwrap_or_else(|| panic!("{} is not a plain struct", std::any::type_name::<T>()))
}

fn probe<T: DeserializeOwned>(v: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(v.clone())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Fields must exist in every schema listed (`All`) or in at least one (`Any`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    All,
    Any,
}

struct Row {
    rust: &'static str,
    fields: &'static [&'static str],
    probe: fn(&Value) -> Result<(), String>,
    mode: Mode,
    schemas: &'static [&'static str],
}

impl fmt::Debug for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ↔ {:?}", self.rust, self.schemas)
    }
}

macro_rules! row {
    ($t:ty, $mode:ident, [$($s:literal),+]) => {
        Row {
            rust: stringify!($t),
            fields: fields_of::<$t>(),
            probe: probe::<$t>,
            mode: Mode::$mode,
            schemas: &[$($s),+],
        }
    };
}

#[allow(clippy::too_many_lines)] // a flat table, one row per wire type
fn rows() -> Vec<Row> {
    use wire as w;
    vec![
        row!(scalar::Date, All, ["Date"]),
        row!(scalar::TimeOfDay, All, ["TimeOfDay"]),
        row!(scalar::CivilDateTime, All, ["CivilDateTime"]),
        row!(w::Identity, All, ["Identity"]),
        row!(w::Settings, All, ["Settings"]),
        row!(w::Profile, All, ["Profile"]),
        row!(w::PairedDevice, All, ["PairedDevice"]),
        row!(
            w::ListPairedDevicesResponse,
            All,
            ["ListPairedDevicesResponse"]
        ),
        row!(w::ObservationSampleTime, All, ["ObservationSampleTime"]),
        row!(
            w::TimeInterval,
            All,
            ["SessionTimeInterval", "ObservationTimeInterval"]
        ),
        row!(w::DataPoint, Any, ["DataPoint", "ReconciledDataPoint"]),
        row!(
            w::ListDataPointsResponse,
            All,
            ["ListDataPointsResponse", "ReconcileDataPointsResponse"]
        ),
        row!(w::DataSource, All, ["DataSource"]),
        row!(w::Device, All, ["Device"]),
        row!(w::DailyRestingHeartRate, All, ["DailyRestingHeartRate"]),
        row!(
            w::DailyRestingHeartRateMetadata,
            All,
            ["DailyRestingHeartRateMetadata"]
        ),
        row!(
            w::DailyHeartRateVariability,
            All,
            ["DailyHeartRateVariability"]
        ),
        row!(w::DailyHeartRateZones, All, ["DailyHeartRateZones"]),
        row!(w::HeartRateZone, All, ["HeartRateZone"]),
        row!(w::DailyOxygenSaturation, All, ["DailyOxygenSaturation"]),
        row!(w::DailyRespiratoryRate, All, ["DailyRespiratoryRate"]),
        row!(
            w::DailySleepTemperatureDerivations,
            All,
            ["DailySleepTemperatureDerivations"]
        ),
        row!(w::Sleep, All, ["Sleep"]),
        row!(w::SleepStage, All, ["SleepStage"]),
        row!(w::SleepSummary, All, ["SleepSummary"]),
        row!(w::StageSummary, All, ["StageSummary"]),
        row!(w::SleepMetadata, All, ["SleepMetadata"]),
        row!(w::Electrocardiogram, All, ["Electrocardiogram"]),
        row!(w::MedicalDeviceInfo, All, ["MedicalDeviceInfo"]),
        row!(w::Weight, All, ["Weight"]),
        row!(w::BodyFat, All, ["BodyFat"]),
        row!(w::Application, All, ["Application"]),
        row!(w::HeartRate, All, ["HeartRate"]),
        row!(
            w::RollUpDataPointsResponse,
            All,
            ["RollUpDataPointsResponse"]
        ),
        row!(w::RollupDataPoint, All, ["RollupDataPoint"]),
        row!(
            w::DailyRollUpDataPointsResponse,
            All,
            ["DailyRollUpDataPointsResponse"]
        ),
        row!(w::DailyRollupDataPoint, All, ["DailyRollupDataPoint"]),
        row!(w::StepsRollupValue, All, ["StepsRollupValue"]),
        row!(w::DistanceRollupValue, All, ["DistanceRollupValue"]),
        row!(
            w::TotalCaloriesRollupValue,
            All,
            ["TotalCaloriesRollupValue"]
        ),
        row!(w::FloorsRollupValue, All, ["FloorsRollupValue"]),
        row!(
            w::ActiveZoneMinutesRollupValue,
            All,
            ["ActiveZoneMinutesRollupValue"]
        ),
        row!(
            w::ActiveMinutesRollupValue,
            All,
            ["ActiveMinutesRollupValue"]
        ),
        row!(
            w::ActiveMinutesRollupByActivityLevel,
            All,
            ["ActiveMinutesRollupByActivityLevel"]
        ),
        row!(
            w::TimeInHeartRateZoneRollupValue,
            All,
            ["TimeInHeartRateZoneRollupValue"]
        ),
        row!(
            w::TimeInHeartRateZoneValue,
            All,
            ["TimeInHeartRateZoneValue"]
        ),
        row!(w::HeartRateRollupValue, All, ["HeartRateRollupValue"]),
    ]
}

fn discovery() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/google-health-v4.discovery.json"
    );
    let text = std::fs::read_to_string(path).expect("discovery document");
    serde_json::from_str(&text).expect("discovery JSON")
}

/// A value of the JSON type `prop` declares, as Google would send it.
fn sample(prop: &Value) -> Value {
    if prop.get("$ref").is_some() {
        return json!({});
    }
    let format = prop.get("format").and_then(Value::as_str);
    match prop.get("type").and_then(Value::as_str) {
        Some("string") => match format {
            Some("int64" | "uint64") => json!("12"),
            Some("google-duration") => json!("300s"),
            Some("google-datetime") => json!("2026-11-21T08:00:00.123Z"),
            _ => match prop.get("enum").and_then(Value::as_array) {
                Some(values) => values
                    .get(1)
                    .or(values.first())
                    .cloned()
                    .unwrap_or(json!("X")),
                None => json!("text"),
            },
        },
        Some("integer") => json!(3),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => json!([sample(prop.get("items").unwrap_or(&Value::Null))]),
        Some("object") => json!({}),
        _ => Value::Null,
    }
}

#[test]
fn every_wire_field_is_in_the_discovery_schema_with_its_json_type() {
    let doc = discovery();
    let schemas = &doc["schemas"];
    let mut problems = Vec::new();
    for row in rows() {
        assert!(!row.fields.is_empty(), "{row:?} has no fields");
        for field in row.fields {
            let props: Vec<&Value> = row
                .schemas
                .iter()
                .map(|s| {
                    let schema = &schemas[*s];
                    assert!(
                        schema.is_object(),
                        "no schema {s} in the discovery document"
                    );
                    &schema["properties"][*field]
                })
                .collect();
            let present: Vec<&&Value> = props.iter().filter(|p| p.is_object()).collect();
            let ok = match row.mode {
                Mode::All => present.len() == props.len(),
                Mode::Any => !present.is_empty(),
            };
            if !ok {
                problems.push(format!("{row:?}: `{field}` is not a property"));
                continue;
            }
            for prop in present {
                let value = json!({ *field: sample(prop) });
                if let Err(e) = (row.probe)(&value) {
                    problems.push(format!("{row:?}: `{field}` rejects {value}: {e}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_field_recorder_sees_renamed_fields() {
    let fields: BTreeSet<&str> = fields_of::<wire::Sleep>().iter().copied().collect();
    assert!(fields.contains("type") && fields.contains("shortAwakenings"));
    assert!(!fields.contains("sleep_type"));
}

#[test]
fn data_type_names_match_the_discovery_document() {
    let doc = discovery();
    let text = doc.to_string();
    for row in &DATA_TYPES {
        let quoted = format!("`{}`", row.kebab);
        assert!(text.contains(&quoted), "{} not mentioned", row.kebab);
        // The value key of a point (or of a rollup, for rollup-only types) names the collection.
        let holder = if row.data_type == DataType::TotalCalories {
            "RollupDataPoint"
        } else {
            "DataPoint"
        };
        let prop = &doc["schemas"][holder]["properties"][row.camel];
        let desc = prop["description"].as_str().unwrap_or_default();
        assert!(
            desc.contains(&quoted),
            "{holder}.{} does not describe {quoted}: {desc}",
            row.camel
        );
    }
}
