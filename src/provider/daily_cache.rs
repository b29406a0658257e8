//! A per-day value cache for trends (resting HR, HRV, daily steps, nightly vitals). Days before
//! yesterday are final, so a trend window is fetched once with a range endpoint and reused while
//! the user browses; today and yesterday (late syncs, a night still being processed) are
//! fetched again. This is what keeps a day's Heart or Sleep tab to a few requests within the
//! legacy API's 150 per hour.
//!
//! With a [`DailyBacking`] attached (the local store), the cache outlives the process: before
//! a range is asked for, the final days the store holds are loaded, so only missing days are
//! requested; every final day a range request brings — the neighbours of the day asked for
//! included — is written to the store. Both run on the blocking pool, never on the caller's
//! thread.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use jiff::ToSpan;
use jiff::civil::Date;

use crate::domain::ecg::EcgReading;
use crate::domain::heart::Hrv;
use crate::domain::sleep::Spo2;
use crate::domain::{DailyMetric, DailyNumbers, DailyRecord, DailyValue};

/// Known values by date; a stored `None` means "the API had no value that day".
#[derive(Debug)]
pub struct DailyCache<T> {
    metric: DailyMetric,
    values: Mutex<BTreeMap<Date, Option<T>>>,
    /// Dates already looked up in the backing (found or not): not looked up again.
    looked_up: Mutex<std::collections::BTreeSet<Date>>,
}

/// Where final day-by-day values are kept between runs (the local store, through the
/// runtime). Failures are the implementation's to report: a cache that cannot load or save
/// simply asks the API.
pub trait DailyBacking: Send + Sync + fmt::Debug {
    /// The final values stored for `metric` in `[from, to]` (days never stored absent).
    fn load(&self, metric: DailyMetric, from: Date, to: Date) -> Vec<(Date, Option<DailyNumbers>)>;
    /// Keeps final values (`None`: the day had no data).
    fn save(&self, metric: DailyMetric, values: Vec<(Date, Option<DailyNumbers>)>);
    /// Keeps the ECG readings a list gave for whole final days (each covered day with its
    /// readings, none included). A backing without a place for them drops them.
    fn save_ecg(&self, days: Vec<(Date, Vec<EcgReading>)>) {
        let _ = days;
    }
}

/// Whether `date`'s values can still change: today, and yesterday (a tracker that syncs late,
/// or a night the provider has not finished processing).
fn settling(date: Date, today: Date) -> bool {
    date >= today.yesterday().unwrap_or(today)
}

/// The days of `[from, to]` before the first settling one, oldest first.
fn final_days(from: Date, to: Date, today: Date) -> impl Iterator<Item = Date> {
    crate::domain::calendar::days(from, to)
        .into_iter()
        .take_while(move |d| !settling(*d, today))
}

/// The days of `[from, to]`, each with the `readings` taken on it (its local day in `tz`),
/// none included.
pub fn ecg_by_day(
    readings: impl IntoIterator<Item = EcgReading>,
    (from, to): (Date, Date),
    tz: &jiff::tz::TimeZone,
) -> BTreeMap<Date, Vec<EcgReading>> {
    let mut by_day: BTreeMap<Date, Vec<EcgReading>> = crate::domain::calendar::days(from, to)
        .into_iter()
        .map(|d| (d, Vec::new()))
        .collect();
    for reading in readings {
        if let Some(list) = by_day.get_mut(&reading.start.to_zoned(tz.clone()).date()) {
            list.push(reading);
        }
    }
    by_day
}

/// `days` dates ending on `end`, oldest first.
pub fn window(end: Date, days: i64) -> Vec<Date> {
    (0..days)
        .rev()
        .filter_map(|back| end.checked_sub(back.days()).ok())
        .collect()
}

impl<T: Clone> DailyCache<T> {
    pub fn new(metric: DailyMetric) -> Self {
        Self {
            metric,
            values: Mutex::new(BTreeMap::new()),
            looked_up: Mutex::new(std::collections::BTreeSet::new()),
        }
    }

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
    /// no value. Settling days (today, yesterday) are not kept. Returns what was recorded
    /// (the final days of the range), oldest first.
    pub fn record(
        &self,
        start: Date,
        end: Date,
        values: &[(Date, T)],
        today: Date,
    ) -> Vec<(Date, Option<T>)> {
        let mut fresh: BTreeMap<Date, Option<T>> =
            final_days(start, end, today).map(|d| (d, None)).collect();
        for (date, value) in values {
            if !settling(*date, today) && *date >= start && *date <= end {
                fresh.insert(*date, Some(value.clone()));
            }
        }
        let mut have = self.lock();
        for (date, value) in &fresh {
            have.insert(*date, value.clone());
        }
        fresh.into_iter().collect()
    }

    /// Takes in values loaded from the backing for `[from, to]`, without overriding what this
    /// run fetched.
    fn absorb(&self, from: Date, to: Date, loaded: Vec<(Date, Option<T>)>, today: Date) {
        {
            let mut looked_up = self
                .looked_up
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut day = from;
            while day <= to {
                looked_up.insert(day);
                let Ok(next) = day.tomorrow() else { break };
                day = next;
            }
        }
        let mut have = self.lock();
        for (date, value) in loaded {
            if !settling(date, today) {
                have.entry(date).or_insert(value);
            }
        }
    }

    /// The final dates of `[from, to]` not in memory, if any (`None`: nothing to load).
    fn unknown_span(&self, from: Date, to: Date, today: Date) -> Option<(Date, Date)> {
        let looked_up = self
            .looked_up
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let have = self.lock();
        let mut first = None;
        let mut last = None;
        for day in final_days(from, to, today) {
            if !have.contains_key(&day) && !looked_up.contains(&day) {
                first.get_or_insert(day);
                last = Some(day);
            }
        }
        Some((first?, last?))
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

/// The day-by-day trend values both providers keep: the Today tab's daily steps, the Heart
/// tab's 30-day trends and the Sleep tab's nightly vitals — and the backing they outlive the
/// process in.
#[derive(Debug)]
pub struct TrendCaches {
    pub steps: DailyCache<u32>,
    pub resting: DailyCache<u16>,
    pub hrv: DailyCache<Hrv>,
    pub spo2: DailyCache<Spo2>,
    pub breathing: DailyCache<f64>,
    pub skin_temp: DailyCache<f64>,
    /// Time in the heart-rate zones a range brought (kept for the period views).
    pub zones: DailyCache<crate::domain::heart::ZoneMinutes>,
    backing: OnceLock<Arc<dyn DailyBacking>>,
}

impl Default for TrendCaches {
    fn default() -> Self {
        Self {
            steps: DailyCache::new(DailyMetric::Steps),
            resting: DailyCache::new(DailyMetric::RestingHr),
            hrv: DailyCache::new(DailyMetric::Hrv),
            spo2: DailyCache::new(DailyMetric::Spo2),
            breathing: DailyCache::new(DailyMetric::BreathingRate),
            skin_temp: DailyCache::new(DailyMetric::SkinTemp),
            zones: DailyCache::new(DailyMetric::ZoneMinutes),
            backing: OnceLock::new(),
        }
    }
}

impl TrendCaches {
    /// Keeps final values in `backing` from now on (the first backing attached stays).
    pub fn attach(&self, backing: Arc<dyn DailyBacking>) {
        let _ = self.backing.set(backing);
    }

    /// [`DailyCache::missing`], after loading what the backing holds for the window and its
    /// lookback, so that only days neither in memory nor stored are asked for.
    pub async fn missing<T: DailyRecord>(
        &self,
        cache: &DailyCache<T>,
        end: Date,
        days: i64,
        today: Date,
        lookback: i64,
        max_span: i64,
    ) -> Option<(Date, Date)> {
        let from = end
            .checked_sub((days - 1 + lookback).max(0).days())
            .unwrap_or(end);
        self.load(cache, from, end, today).await;
        cache.missing(end, days, today, lookback, max_span)
    }

    async fn load<T: DailyRecord>(&self, cache: &DailyCache<T>, from: Date, to: Date, today: Date) {
        let Some(backing) = self.backing.get().cloned() else {
            return;
        };
        let Some((from, to)) = cache.unknown_span(from, to, today) else {
            return;
        };
        let metric = cache.metric;
        let loaded = tokio::task::spawn_blocking(move || backing.load(metric, from, to))
            .await
            .unwrap_or_default();
        let loaded = loaded
            .into_iter()
            .filter_map(|(date, numbers)| match numbers {
                None => Some((date, None)),
                // A value that cannot be read back is asked for again.
                Some(n) => T::from_numbers(n).map(|v| (date, Some(v))),
            })
            .collect();
        cache.absorb(from, to, loaded, today);
    }

    /// Keeps what an ECG list gave (`by_day`: each day it covered with its readings, as
    /// [`ecg_by_day`] makes it) for the final days among them, through the backing (the period
    /// views list them).
    pub async fn record_ecg(&self, by_day: &BTreeMap<Date, Vec<EcgReading>>, today: Date) {
        let Some(backing) = self.backing.get().cloned() else {
            return;
        };
        let days: Vec<(Date, Vec<EcgReading>)> = by_day
            .iter()
            .filter(|(d, _)| !settling(**d, today))
            .map(|(d, list)| (*d, list.clone()))
            .collect();
        if days.is_empty() {
            return;
        }
        let _ = tokio::task::spawn_blocking(move || backing.save_ecg(days)).await;
    }

    /// [`DailyCache::record`], and the final days recorded go to the backing.
    pub async fn record<T: DailyRecord>(
        &self,
        cache: &DailyCache<T>,
        start: Date,
        end: Date,
        values: &[(Date, T)],
        today: Date,
    ) {
        let recorded = cache.record(start, end, values, today);
        let Some(backing) = self.backing.get().cloned() else {
            return;
        };
        if recorded.is_empty() {
            return;
        }
        let metric = cache.metric;
        let rows = recorded
            .into_iter()
            .map(|(date, v)| (date, v.map(|v| v.to_numbers())))
            .collect();
        let _ = tokio::task::spawn_blocking(move || backing.save(metric, rows)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn fetches_once_then_serves_past_days_from_cache() {
        let cache: DailyCache<u16> = DailyCache::new(DailyMetric::Steps);
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
        let cache: DailyCache<f64> = DailyCache::new(DailyMetric::Steps);
        let today = date(2026, 11, 21);
        let (s, e) = cache.missing(today, 30, today, 30, 30).unwrap();
        assert_eq!((s, e), (date(2026, 10, 23), today));
    }

    /// A backing in memory that counts loads.
    #[derive(Debug, Default)]
    struct Memory {
        values: Mutex<BTreeMap<Date, Option<DailyNumbers>>>,
        loads: Mutex<Vec<(Date, Date)>>,
    }

    impl DailyBacking for Memory {
        fn load(&self, _: DailyMetric, from: Date, to: Date) -> Vec<(Date, Option<DailyNumbers>)> {
            self.loads.lock().unwrap().push((from, to));
            let values = self.values.lock().unwrap();
            values.range(from..=to).map(|(d, v)| (*d, *v)).collect()
        }

        fn save(&self, _: DailyMetric, values: Vec<(Date, Option<DailyNumbers>)>) {
            self.values.lock().unwrap().extend(values);
        }
    }

    #[tokio::test]
    async fn a_backing_keeps_final_days_and_serves_them_to_the_next_run() {
        let today = date(2026, 11, 21);
        let memory = Arc::new(Memory::default());
        let first = TrendCaches::default();
        first.attach(memory.clone());
        let (s, e) = first
            .missing(&first.resting, today, 30, today, 30, 365)
            .await
            .unwrap();
        assert_eq!((s, e), (date(2026, 9, 23), today));
        first
            .record(
                &first.resting,
                s,
                e,
                &[(date(2026, 11, 1), 54), (today, 57)],
                today,
            )
            .await;
        {
            let kept = memory.values.lock().unwrap();
            // Final days only (not today or yesterday); a day without a value is kept as such.
            assert_eq!(kept.len(), 58);
            assert_eq!(
                kept.get(&date(2026, 11, 1)),
                Some(&Some((54.0, None, None)))
            );
            assert_eq!(kept.get(&date(2026, 11, 2)), Some(&None));
            assert!(!kept.contains_key(&today));
        }
        // A new run: the stored days are not asked for, only today and yesterday.
        let second = TrendCaches::default();
        second.attach(memory.clone());
        assert_eq!(
            second
                .missing(&second.resting, date(2026, 11, 10), 30, today, 30, 365)
                .await,
            None
        );
        assert_eq!(second.resting.get(date(2026, 11, 1)), Some(54));
        assert_eq!(
            second
                .missing(&second.resting, today, 30, today, 30, 365)
                .await,
            Some((date(2026, 11, 20), today))
        );
        // What is in memory is not loaded again.
        let loads = memory.loads.lock().unwrap().len();
        assert_eq!(
            second
                .missing(&second.resting, date(2026, 11, 12), 30, today, 30, 365)
                .await,
            None
        );
        assert_eq!(memory.loads.lock().unwrap().len(), loads);
    }
}
