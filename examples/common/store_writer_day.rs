//! The day `examples/store_writer.rs` writes for a date, a pure function of it; the
//! crash-safety test in `tests/store.rs` includes this file to know what to expect.

use fittui::domain::activity::{ActivitySummary, DayActivity, HourlySteps};
use jiff::SignedDuration;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The activity written for `d`.
pub fn day(d: Date) -> Option<DayActivity> {
    let steps = u32::try_from(d.day_of_year()).ok()? * 13;
    let start = d.to_zoned(TimeZone::UTC).ok()?.timestamp();
    Some(DayActivity {
        date: d,
        summary: Some(ActivitySummary {
            steps,
            distance_m: f64::from(steps) * 0.75,
            calories_kcal: Some(2_000.0),
            floors: None,
            active_minutes: Some(30),
            azm: None,
        }),
        hourly_steps: (0..24)
            .map(|h| HourlySteps {
                start: start + SignedDuration::from_hours(h),
                steps: steps / 24,
            })
            .collect(),
        week_steps: Vec::new(),
        goals: None,
        gaps: Vec::new(),
    })
}
