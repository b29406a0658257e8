//! Weigh-ins: body weight (and, when the scale measured it, body fat) at one instant.
//!
//! Metric inside: kilograms and percent; display conversion is [`super::units::format_weight`].
//! A day without a weigh-in simply has none in the list — there is no zero weight.

use jiff::Timestamp;
use jiff::civil::Date;

use super::DailyValue;

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

/// One value per day of `from..=to` for a trend: the day's last weigh-in, `None` for a day
/// without one (never zero). `weigh_ins` oldest first, as providers and the store give them.
pub fn daily_weights(weigh_ins: &[WeighIn], from: Date, to: Date) -> Vec<DailyValue<f64>> {
    let mut out = Vec::new();
    let mut date = from;
    while date <= to {
        out.push(DailyValue {
            date,
            value: weigh_ins
                .iter()
                .rev()
                .find(|w| w.date == date)
                .map(|w| w.weight_kg),
        });
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    out
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

    #[test]
    fn daily_weights_take_the_days_last_weigh_in_and_leave_gaps() {
        let ws = normalize(vec![
            w("2026-11-01T07:00:00Z", 67.0),
            w("2026-11-01T19:00:00Z", 67.6),
            w("2026-11-03T07:00:00Z", 67.2),
        ]);
        let d = |day| Date::constant(2026, 11, day);
        let got: Vec<Option<f64>> = daily_weights(&ws, d(1), d(4))
            .into_iter()
            .map(|v| v.value)
            .collect();
        assert_eq!(got, vec![Some(67.6), None, Some(67.2), None]);
        assert!(daily_weights(&ws, d(4), d(1)).is_empty());
    }
}
