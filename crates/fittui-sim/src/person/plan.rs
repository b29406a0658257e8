//! A day's plan: workouts, a possible nap, when the watch is charged. Cheap to compute, so a
//! day's generation can also look at its neighbours' plans.

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};

use super::model::Person;
use super::rng::{Draw, Stream, day_number, rng};
use super::types::WorkoutKind;

/// A workout on the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedWorkout {
    pub kind: WorkoutKind,
    pub start: Timestamp,
    pub minutes: u32,
}

/// What the person does on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct DayPlan {
    pub date: Date,
    pub workouts: Vec<PlannedWorkout>,
    /// Afternoon nap: start and minutes.
    pub nap: Option<(Timestamp, u32)>,
    /// Watch on the charger: start and minutes.
    pub charging: Option<(Timestamp, u32)>,
    /// Minutes after waking up that the shower starts, and its length.
    pub shower: (u32, u32),
    /// Scales how often the person moves around between workouts.
    pub liveliness: f64,
}

/// The plan of `date`.
pub fn plan(p: &Person, date: Date) -> DayPlan {
    let mut r = rng(p.seed(), Stream::Plan, day_number(date));
    let at = |min: i64| -> Option<Timestamp> {
        let min = min.clamp(0, 23 * 60 + 59);
        p.tz()
            .to_timestamp(date.at((min / 60) as i8, (min % 60) as i8, 0, 0))
            .ok()
    };
    let mut workouts = Vec::new();
    let mut push = |kind, start: Option<Timestamp>, minutes: i64| {
        if let Some(start) = start {
            workouts.push(PlannedWorkout {
                kind,
                start,
                minutes: minutes as u32,
            });
        }
    };
    let worn = !p.is_not_worn(date);
    let weekday = date.weekday();
    let weekend = matches!(weekday, Weekday::Saturday | Weekday::Sunday);
    if worn {
        if !weekend && r.chance(0.7) {
            let start = r.int(12 * 60 + 10, 12 * 60 + 50);
            push(WorkoutKind::Walk, at(start), r.int(15, 30));
        }
        let skip = r.chance(0.15);
        match weekday {
            Weekday::Monday | Weekday::Wednesday if !skip => {
                let start = r.int(18 * 60, 18 * 60 + 30);
                push(WorkoutKind::Weights, at(start), r.int(40, 55));
            }
            Weekday::Tuesday | Weekday::Thursday if !skip => {
                let start = r.int(18 * 60 + 15, 19 * 60);
                push(WorkoutKind::Run, at(start), r.int(30, 45));
            }
            Weekday::Saturday if !skip => {
                let start = r.int(9 * 60 + 30, 10 * 60 + 30);
                push(WorkoutKind::Run, at(start), r.int(50, 70));
            }
            Weekday::Sunday if !skip => {
                let start = r.int(10 * 60, 11 * 60 + 30);
                push(WorkoutKind::Walk, at(start), r.int(45, 75));
            }
            _ => {}
        }
    }
    let nap_chance = if weekend { 0.3 } else { 0.12 };
    let nap = if worn && r.chance(nap_chance) {
        let start = r.int(14 * 60, 15 * 60 + 30);
        at(start).map(|t| (t, r.int(20, 70) as u32))
    } else {
        None
    };
    let charging = if worn && day_number(date) % 3 == 0 {
        let start = r.int(19 * 60 + 30, 20 * 60 + 30);
        at(start).map(|t| (t, r.int(30, 50) as u32))
    } else {
        None
    };
    let shower = (r.int(25, 45) as u32, r.int(8, 14) as u32);
    let liveliness = r.uniform(0.7, 1.3);
    DayPlan {
        date,
        workouts,
        nap,
        charging,
        shower,
        liveliness,
    }
}
