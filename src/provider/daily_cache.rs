//! A per-day value cache for trends (resting HR, HRV, daily steps, nightly vitals). Days before
//! yesterday are final, so a trend window is fetched once with a range endpoint and reused while
//! the user browses; today and yesterday (late syncs, a night still being processed) are
//! fetched again. This is what keeps a day's Heart or Sleep tab to a few requests within the
//! legacy API's 150 per hour.

use std::collections::BTreeMap;
use std::sync::Mutex;

use jiff::ToSpan;
use jiff::civil::Date;

use crate::domain::DailyValue;
use crate::domain::heart::Hrv;
use crate::domain::sleep::Spo2;

/// Known values by date; a stored `None` means "the API had no value that day".
#[derive(Debug)]
pub struct DailyCache<T> {
    values: Mutex<BTreeMap<Date, Option<T>>>,
}

impl<T> Default for DailyCache<T> {
    fn default() -> Self {
        Self {
            values: Mutex::new(BTreeMap::new()),
        }
    }
}

/// Whether `date`'s values can still change: today, and yesterday (a tracker that syncs late,
/// or a night the provider has not finished processing).
fn settling(date: Date, today: Date) -> bool {
    date >= today.yesterday().unwrap_or(today)
}

/// `days` dates ending on `end`, oldest first.
pub fn window(end: Date, days: i64) -> Vec<Date> {
    (0..days)
        .rev()
        .filter_map(|back| end.checked_sub(back.days()).ok())
        .collect()
}

impl<T: Clone> DailyCache<T> {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<Date, Option<T>>> {
        self.values
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The range to fetch so that the `days`-day window ending on `end` is complete, or `None`
    /// when everything needed is cached. Days on or after `today` are never final. The range
    /// reaches `lookback` days further back than needed (at most `max_span` days in total), so
    /// stepping back one day at a time does not cost a request per day.
    pub fn missing(
        &self,
        end: Date,
        days: i64,
        today: Date,
        lookback: i64,
        max_span: i64,
    ) -> Option<(Date, Date)> {
        let have = self.lock();
        let needed = window(end, days);
        let missing: Vec<Date> = needed
            .into_iter()
            .filter(|d| settling(*d, today) || !have.contains_key(d))
            .collect();
        let (&first, &last) = (missing.first()?, missing.last()?);
        // Reach back when past days are missing, so one request also fills the days before
        // (today alone is fetched on its own), but not over days already cached.
        let mut wanted_start = if first < today {
            first.checked_sub(lookback.days()).unwrap_or(first)
        } else {
            first
        };
        while wanted_start < first && have.contains_key(&wanted_start) {
            let Ok(next) = wanted_start.tomorrow() else {
                break;
            };
            wanted_start = next;
        }
        let earliest = last
            .checked_sub((max_span - 1).max(0).days())
            .unwrap_or(last);
        Some((wanted_start.max(earliest), last))
    }

    /// Records the values of a fetched range: dates in `[start, end]` absent from `values` had
    /// no value. Settling days (today, yesterday) are not kept.
    pub fn record(&self, start: Date, end: Date, values: &[(Date, T)], today: Date) {
        let mut have = self.lock();
        let mut day = start;
        while day <= end && !settling(day, today) {
            have.entry(day).or_insert(None);
            let Ok(next) = day.tomorrow() else { break };
            day = next;
        }
        for (date, value) in values {
            if !settling(*date, today) && *date >= start && *date <= end {
                have.insert(*date, Some(value.clone()));
            }
        }
    }

    /// The window from the cache, with `fresh` (today's just-fetched values) taking precedence.
    pub fn trend(&self, end: Date, days: i64, fresh: &[(Date, T)]) -> Vec<DailyValue<T>> {
        let have = self.lock();
        window(end, days)
            .into_iter()
            .map(|date| {
                let value = fresh
                    .iter()
                    .find(|(d, _)| *d == date)
                    .map(|(_, v)| v.clone())
                    .or_else(|| have.get(&date).cloned().flatten());
                DailyValue { date, value }
            })
            .collect()
    }

    /// One cached day (`None` if not cached or no value).
    pub fn get(&self, date: Date) -> Option<T> {
        self.lock().get(&date).cloned().flatten()
    }
}

/// The day-by-day trend values both providers keep: the Heart tab's 30-day trends and the
/// Sleep tab's nightly vitals.
#[derive(Debug, Default)]
pub struct TrendCaches {
    pub resting: DailyCache<u16>,
    pub hrv: DailyCache<Hrv>,
    pub spo2: DailyCache<Spo2>,
    pub breathing: DailyCache<f64>,
    pub skin_temp: DailyCache<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn fetches_once_then_serves_past_days_from_cache() {
        let cache: DailyCache<u16> = DailyCache::default();
        let today = date(2026, 11, 21);
        let (s, e) = cache.missing(today, 30, today, 30, 365).unwrap();
        assert_eq!((s, e), (date(2026, 9, 23), today));
        cache.record(
            s,
            e,
            &[
                (date(2026, 11, 19), 54),
                (date(2026, 11, 20), 55),
                (today, 57),
            ],
            today,
        );
        // Two days back: every day of its window is final and cached.
        assert_eq!(cache.missing(date(2026, 11, 19), 30, today, 30, 365), None);
        let trend = cache.trend(date(2026, 11, 19), 30, &[]);
        assert_eq!(trend.len(), 30);
        assert_eq!(trend.last().unwrap().value, Some(54));
        assert_eq!(trend[0].value, None);
        // Yesterday and today may still change (late syncs, processing): fetched on their own.
        assert_eq!(
            cache.missing(date(2026, 11, 20), 30, today, 30, 365),
            Some((date(2026, 11, 20), date(2026, 11, 20)))
        );
        assert_eq!(
            cache.missing(today, 30, today, 30, 365),
            Some((date(2026, 11, 20), today))
        );
        let trend = cache.trend(today, 30, &[(today, 58)]);
        assert_eq!(trend.last().unwrap().value, Some(58));
        assert_eq!(trend[trend.len() - 3].value, Some(54));
    }

    #[test]
    fn span_is_capped() {
        let cache: DailyCache<f64> = DailyCache::default();
        let today = date(2026, 11, 21);
        let (s, e) = cache.missing(today, 30, today, 30, 30).unwrap();
        assert_eq!((s, e), (date(2026, 10, 23), today));
    }
}
