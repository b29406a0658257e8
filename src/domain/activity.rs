//! A day's activity: totals, goals, hourly steps and the week's trend.

use jiff::Timestamp;
use jiff::civil::Date;

use super::DailyValue;

/// Everything the Today tab shows for one local day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayActivity {
    pub date: Date,
    /// Totals; `None` when nothing was recorded that day (tracker not worn).
    pub summary: Option<ActivitySummary>,
    /// Steps per local clock hour, in time order (23 or 25 entries on DST days). Empty when
    /// nothing was recorded.
    pub hourly_steps: Vec<HourlySteps>,
    /// Steps on the 7 days ending on `date`, oldest first.
    pub week_steps: Vec<DailyValue<u32>>,
    /// Goals as the provider reports them; `None` when the provider has no goals (the app then
    /// uses the configured ones).
    pub goals: Option<Goals>,
    /// Parts that did not arrive (a failed request, a permission not granted), each with why.
    pub gaps: Vec<super::gap::Gap>,
}

impl DayActivity {
    /// True when the day has no recorded activity at all.
    pub fn is_empty(&self) -> bool {
        self.summary.is_none()
    }
}

/// Daily totals. Distances in metres, energy in kcal.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivitySummary {
    pub steps: u32,
    pub distance_m: f64,
    /// Total energy burned including BMR.
    pub calories_kcal: Option<f64>,
    /// `None` when the device has no altimeter or the provider does not say.
    pub floors: Option<u32>,
    /// Moderate + vigorous minutes ("fairly" + "very" active for Fitbit).
    pub active_minutes: Option<u32>,
    pub azm: Option<Azm>,
}

/// Active Zone Minutes credits by zone: one per fat-burn minute, two per cardio or peak minute
/// (the sub-totals are already doubled, as both APIs report them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Azm {
    pub fat_burn: u32,
    pub cardio: u32,
    pub peak: u32,
}

impl Azm {
    pub fn total(&self) -> u32 {
        self.fat_burn + self.cardio + self.peak
    }
}

/// Steps in the local clock hour starting at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourlySteps {
    pub start: Timestamp,
    pub steps: u32,
}

/// Where goals came from, so the UI can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalSource {
    Provider,
    Config,
}

/// Daily goals; a missing goal is not shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Goals {
    pub steps: Option<u32>,
    pub distance_m: Option<f64>,
    pub calories_kcal: Option<f64>,
    pub floors: Option<u32>,
    pub active_minutes: Option<u32>,
    pub azm: Option<u32>,
    pub source: GoalSource,
}

/// A day's totals as a week, month or year view needs them (no hourly detail). `None`: not
/// stored, or stored without data — never zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayTotals {
    pub date: Date,
    /// Something is stored for the day (its record, or a step count a range brought); a day
    /// stored without data has every total `None` but is stored.
    pub stored: bool,
    pub steps: Option<u32>,
    pub distance_m: Option<f64>,
    pub floors: Option<u32>,
    pub azm: Option<u32>,
    /// The step goal stored with the day, if any.
    pub goal_steps: Option<u32>,
}

impl DayTotals {
    /// A day with nothing stored.
    pub fn empty(date: Date) -> DayTotals {
        DayTotals {
            date,
            stored: false,
            steps: None,
            distance_m: None,
            floors: None,
            azm: None,
            goal_steps: None,
        }
    }
}

/// What a period of [`DayTotals`] adds up to.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PeriodStats {
    /// Days with a step count.
    pub days: u32,
    pub total_steps: u64,
    /// Mean steps over the days with a count.
    pub average_steps: Option<u32>,
    pub days_at_goal: u32,
    pub best: Option<(Date, u32)>,
    /// The longest run of consecutive days at the goal within the period.
    pub longest_streak: u32,
    /// The run at the goal ending on the period's last day with a count.
    pub current_streak: u32,
    pub total_distance_m: f64,
    pub total_floors: u64,
    pub total_azm: u64,
}

impl PeriodStats {
    /// Adds up `days` (oldest first); a day's goal is its own, else `default_goal`.
    pub fn of(days: &[DayTotals], default_goal: u32) -> PeriodStats {
        let mut stats = PeriodStats::default();
        let mut run = 0u32;
        let mut previous: Option<Date> = None;
        for day in days {
            // A day without a count breaks a run only once a counted day follows it (today,
            // not synced yet, leaves the run going on).
            let Some(steps) = day.steps else {
                continue;
            };
            stats.days += 1;
            stats.total_steps += u64::from(steps);
            stats.total_distance_m += day.distance_m.unwrap_or(0.0);
            stats.total_floors += u64::from(day.floors.unwrap_or(0));
            stats.total_azm += u64::from(day.azm.unwrap_or(0));
            if stats.best.is_none_or(|(_, b)| steps >= b) {
                stats.best = Some((day.date, steps));
            }
            let goal = day.goal_steps.unwrap_or(default_goal);
            let consecutive = previous.and_then(|p| p.tomorrow().ok()) == Some(day.date);
            if goal > 0 && steps >= goal {
                stats.days_at_goal += 1;
                run = if consecutive { run + 1 } else { 1 };
            } else {
                run = 0;
            }
            stats.longest_streak = stats.longest_streak.max(run);
            previous = Some(day.date);
        }
        stats.current_streak = run;
        stats.average_steps = (stats.days > 0)
            .then(|| u32::try_from(stats.total_steps / u64::from(stats.days)).unwrap_or(u32::MAX));
        stats
    }
}

#[cfg(test)]
mod period_tests {
    use super::*;
    use jiff::civil::date;

    fn day(d: i8, steps: Option<u32>) -> DayTotals {
        DayTotals {
            date: date(2026, 11, d),
            stored: true,
            steps,
            distance_m: steps.map(|s| f64::from(s) * 0.7),
            floors: steps.map(|_| 3),
            azm: steps.map(|_| 10),
            goal_steps: None,
        }
    }

    #[test]
    fn stats_skip_missing_days_and_count_streaks() {
        let days = [
            day(16, Some(12_000)),
            day(17, Some(16_803)),
            day(18, None),
            day(19, Some(10_000)),
            day(20, Some(11_000)),
            day(21, Some(4_000)),
            day(22, None),
        ];
        let s = PeriodStats::of(&days, 10_000);
        assert_eq!(s.days, 5);
        assert_eq!(s.total_steps, 53_803);
        assert_eq!(s.average_steps, Some(10_760));
        assert_eq!(s.days_at_goal, 4);
        assert_eq!(s.best, Some((date(2026, 11, 17), 16_803)));
        assert_eq!(s.longest_streak, 2);
        assert_eq!(
            s.current_streak, 0,
            "the 21st missed, the 22nd has no count"
        );
        assert_eq!(s.total_floors, 15);
        assert_eq!(PeriodStats::of(&[], 10_000), PeriodStats::default());
    }
}
