//! Unit systems and display formatting. Values are metric inside; conversion happens only here.

/// Metric or imperial display of distance and elevation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitSystem {
    #[default]
    Metric,
    Imperial,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TemperatureUnit {
    #[default]
    Celsius,
    Fahrenheit,
}

pub const METRES_PER_MILE: f64 = 1_609.344;
pub const FEET_PER_METRE: f64 = 3.280_839_895;
pub const POUNDS_PER_KILOGRAM: f64 = 2.204_622_621_8;

/// `67.8 kg` or `149.5 lb`.
pub fn format_weight(kg: f64, units: UnitSystem) -> String {
    match units {
        UnitSystem::Metric => format!("{kg:.1} kg"),
        UnitSystem::Imperial => format!("{:.1} lb", kg * POUNDS_PER_KILOGRAM),
    }
}

/// `5.23 km` or `3.25 mi`.
pub fn format_distance(metres: f64, units: UnitSystem) -> String {
    match units {
        UnitSystem::Metric => format!("{:.2} km", metres / 1000.0),
        UnitSystem::Imperial => format!("{:.2} mi", metres / METRES_PER_MILE),
    }
}

/// `123 m` or `404 ft`.
pub fn format_elevation(metres: f64, units: UnitSystem) -> String {
    match units {
        UnitSystem::Metric => format!("{metres:.0} m"),
        UnitSystem::Imperial => format!("{:.0} ft", metres * FEET_PER_METRE),
    }
}

/// A temperature *difference* (skin-temperature deviation): `+0.3 °C` or `+0.5 °F`.
pub fn format_temperature_delta(celsius: f64, unit: TemperatureUnit) -> String {
    match unit {
        TemperatureUnit::Celsius => format!("{celsius:+.1} °C"),
        TemperatureUnit::Fahrenheit => format!("{:+.1} °F", celsius * 9.0 / 5.0),
    }
}

/// Thousands separators for counts: `12,345`.
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `7h 32m` from minutes.
pub fn format_minutes(minutes: u32) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    if h == 0 {
        format!("{m}m")
    } else {
        format!("{h}h {m:02}m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_distance(5230.0, UnitSystem::Metric), "5.23 km");
        assert_eq!(
            format_distance(METRES_PER_MILE * 3.25, UnitSystem::Imperial),
            "3.25 mi"
        );
        assert_eq!(format_elevation(100.0, UnitSystem::Imperial), "328 ft");
        assert_eq!(format_weight(67.84, UnitSystem::Metric), "67.8 kg");
        assert_eq!(format_weight(68.0, UnitSystem::Imperial), "149.9 lb");
        assert_eq!(
            format_temperature_delta(-0.31, TemperatureUnit::Celsius),
            "-0.3 °C"
        );
        assert_eq!(
            format_temperature_delta(0.5, TemperatureUnit::Fahrenheit),
            "+0.9 °F"
        );
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(12_345), "12,345");
        assert_eq!(format_count(1_234_567), "1,234,567");
        assert_eq!(format_minutes(452), "7h 32m");
        assert_eq!(format_minutes(45), "45m");
    }
}
