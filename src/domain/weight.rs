//! Weigh-ins: body weight (and, when the scale measured it, body fat) at one instant.
//!
//! Metric inside: kilograms and percent; display conversion is [`super::units::format_weight`].
//! A day without a weigh-in simply has none in the list — there is no zero weight.

use jiff::Timestamp;
use jiff::civil::Date;

/// One weigh-in.
#[derive(Debug, Clone, PartialEq)]
pub struct WeighIn {
    /// When it was measured.
    pub at: Timestamp,
    /// Its local day in the account's zone.
    pub date: Date,
    pub weight_kg: f64,
    /// Body fat, percent, when the scale (or a log) measured it.
    pub body_fat_pct: Option<f64>,
    /// Where it came from as the provider names it (`Aria`, `API`, a device or app name).
    pub source: Option<String>,
}

/// Sorts weigh-ins oldest first and keeps one per instant (the last one given wins).
pub fn normalize(mut weigh_ins: Vec<WeighIn>) -> Vec<WeighIn> {
    weigh_ins.reverse();
    weigh_ins.sort_by_key(|w| w.at);
    weigh_ins.dedup_by_key(|w| w.at);
    weigh_ins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(at: &str, kg: f64) -> WeighIn {
        let at: Timestamp = at.parse().unwrap_or(Timestamp::UNIX_EPOCH);
        WeighIn {
            at,
            date: at.to_zoned(jiff::tz::TimeZone::UTC).date(),
            weight_kg: kg,
            body_fat_pct: None,
            source: None,
        }
    }

    #[test]
    fn normalize_sorts_and_the_last_duplicate_wins() {
        let out = normalize(vec![
            w("2026-11-02T07:00:00Z", 68.0),
            w("2026-11-01T07:00:00Z", 67.0),
            w("2026-11-02T07:00:00Z", 68.5),
        ]);
        let kg: Vec<f64> = out.iter().map(|w| w.weight_kg).collect();
        assert_eq!(kg, vec![67.0, 68.5]);
    }
}
