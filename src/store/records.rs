//! Personal records and streaks, computed from everything stored for an account: the best day
//! of steps, the longest run of days at the step goal (and the run going on now), the lowest
//! resting heart rate and the longest night's sleep — each with its date. One pass over a few
//! columns (no per-minute data is read), so it is recomputed whenever it is asked for.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rusqlite::params;

use super::codec::{Day, Ts, find_account};
use super::{AccountKey, Result, Store};
use crate::domain::{DailyMetric, DailyRecord};

/// A run of consecutive days at the step goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streak {
    pub first: Date,
    pub last: Date,
    pub days: u32,
}

/// The account's records, from the store (`None`: nothing stored to tell).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    /// Days with a step count.
    pub days: u32,
    /// The most steps in a day.
    pub best_day: Option<(Date, u32)>,
    /// The longest run of days at the step goal (the latest such run on a tie).
    pub longest_streak: Option<Streak>,
    /// The run at the goal that ends on the latest day with a count, if that day made it.
    pub current_streak: Option<Streak>,
    /// The lowest resting heart rate, bpm.
    pub lowest_resting: Option<(Date, u16)>,
    /// The longest main sleep, minutes asleep (the night that ended on the date).
    pub longest_sleep: Option<(Date, u32)>,
}

impl Store {
    /// The records of `key`'s stored days. A day's step goal is the one stored with it, else
    /// `default_goal` (the configured goal).
    pub fn records(&self, key: &AccountKey, default_goal: u32) -> Result<Records> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(Records::default());
            };
            let far = (Date::MIN, Date::MAX);
            // Steps: the days' records and the day-by-day values, whichever was fetched last.
            let mut stmt = tx.prepare_cached(
                "SELECT date, steps, goal_steps, fetched_at FROM day_activity WHERE account = ?1",
            )?;
            let mut goals: BTreeMap<Date, u32> = BTreeMap::new();
            let mut records = BTreeMap::new();
            let mut rows = stmt.query(params![account])?;
            while let Some(r) = rows.next()? {
                let date = r.get::<_, Day>(0)?.0;
                if let Some(goal) = r.get::<_, Option<u32>>(2)? {
                    goals.insert(date, goal);
                }
                records.insert(date, (r.get::<_, Option<u32>>(1)?, r.get::<_, Ts>(3)?.0));
            }
            drop(rows);
            let ranged = super::daily::between(tx, account, DailyMetric::Steps, far.0, far.1)?;
            let steps = super::daily::join(ranged, records, u32::from_numbers);

            let mut stmt = tx.prepare_cached(
                "SELECT date, resting_bpm, fetched_at FROM heart_day WHERE account = ?1",
            )?;
            let resting_records = stmt
                .query_map(params![account], |r| {
                    Ok((
                        r.get::<_, Day>(0)?.0,
                        (r.get::<_, Option<u16>>(1)?, r.get::<_, Ts>(2)?.0),
                    ))
                })?
                .collect::<rusqlite::Result<BTreeMap<_, _>>>()?;
            let ranged = super::daily::between(tx, account, DailyMetric::RestingHr, far.0, far.1)?;
            let resting = super::daily::join(ranged, resting_records, u16::from_numbers);

            let mut stmt = tx.prepare_cached(
                "SELECT date, MAX(minutes_asleep) FROM sleep_session
                 WHERE account = ?1 AND is_main GROUP BY date",
            )?;
            let sleep = stmt
                .query_map(params![account], |r| {
                    Ok((r.get::<_, Day>(0)?.0, r.get::<_, Option<u32>>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;

            let counted: Vec<(Date, u32)> = steps
                .into_iter()
                .filter_map(|(d, s)| Some((d, s?)))
                .collect();
            let (longest_streak, current_streak) =
                streaks(&counted, |d| goals.get(&d).copied().unwrap_or(default_goal));
            Ok(Records {
                days: u32::try_from(counted.len()).unwrap_or(u32::MAX),
                // The latest day wins a tie.
                best_day: counted.iter().copied().max_by_key(|&(d, s)| (s, d)),
                longest_streak,
                current_streak,
                lowest_resting: resting
                    .into_iter()
                    .filter_map(|(d, r)| Some((d, r.filter(|r| *r > 0)?)))
                    .min_by_key(|&(d, r)| (r, std::cmp::Reverse(d))),
                longest_sleep: sleep
                    .into_iter()
                    .filter_map(|(d, m)| Some((d, m.filter(|m| *m > 0)?)))
                    .max_by_key(|&(d, m)| (m, d)),
            })
        })
    }
}

/// The longest run of consecutive days at the goal (the latest on a tie) and the run that ends
/// on the last day with a count, from the counted days in date order.
fn streaks(
    counted: &[(Date, u32)],
    goal: impl Fn(Date) -> u32,
) -> (Option<Streak>, Option<Streak>) {
    let mut longest: Option<Streak> = None;
    let mut run: Option<Streak> = None;
    for &(date, steps) in counted {
        let made_it = goal(date) > 0 && steps >= goal(date);
        run = match (made_it, run) {
            (false, _) => None,
            (true, Some(r)) if r.last.tomorrow().ok() == Some(date) => Some(Streak {
                last: date,
                days: r.days + 1,
                ..r
            }),
            (true, _) => Some(Streak {
                first: date,
                last: date,
                days: 1,
            }),
        };
        if let Some(r) = run
            && longest.is_none_or(|l| r.days >= l.days)
        {
            longest = Some(r);
        }
    }
    let current = run.filter(|r| counted.last().is_some_and(|(d, _)| *d == r.last));
    (longest, current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn streaks_count_consecutive_days_at_the_goal() {
        let d = |n| date(2026, 11, n);
        let days = [
            (d(1), 12_000),
            (d(2), 11_000),
            (d(3), 9_000),
            (d(4), 10_000),
            (d(5), 10_500),
            (d(6), 13_000),
            // the 7th is missing: a gap breaks the run
            (d(8), 15_000),
            (d(9), 10_001),
        ];
        let (longest, current) = streaks(&days, |_| 10_000);
        assert_eq!(
            longest,
            Some(Streak {
                first: d(4),
                last: d(6),
                days: 3
            })
        );
        assert_eq!(
            current,
            Some(Streak {
                first: d(8),
                last: d(9),
                days: 2
            })
        );
        let (_, current) = streaks(&days[..3], |_| 10_000);
        assert_eq!(current, None, "the last day missed the goal");
        assert_eq!(streaks(&[], |_| 10_000), (None, None));
    }
}
