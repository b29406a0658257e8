//! Several days at once, for `fittui sync`: the parts of a day that the Google Health API
//! serves over a date range (`:dailyRollUp` of a metric, a `list`/`:reconcile` filtered by
//! date) are fetched for a whole span, kept here, and taken by the per-day views instead of
//! asking per day. What only has a per-day form (the hourly steps, the heart-rate series) is
//! still asked per day — the hourly steps only on a day the steps roll-up has (a day missing
//! from it has no summary).
//!
//! Requests for N final days `[A, B]` (today and yesterday are never prefetched: they are
//! still settling and take their one-day views), each roll-up split at its range cap:
//!
//! | kind | range requests | per day |
//! |---|---|---|
//! | activity | `:dailyRollUp` of `steps` from A − 6 (for the 7-day trend), `distance`, `floors`, `active-zone-minutes` (90 days a request), `total-calories`, `active-minutes` (14 days a request) | `steps:rollUp` in 3600 s windows, only on a day with steps |
//! | heart | `time-in-heart-rate-zone:dailyRollUp` (90 days a request); `daily-heart-rate-zones:reconcile` over `[A, B]`, `electrocardiogram` list since A's local midnight, `daily-resting-heart-rate:reconcile` and `daily-heart-rate-variability:reconcile` over `[A − 29, B]` (the 30-day trends of the span's days), one list each, pages followed | `heart-rate:rollUp` in 60 s windows, every day (the series is the view) |
//! | sleep | `sleep` list over the nights `[A − 30, B]` (each night's 30-day stage averages need the 30 nights before it; 25 sessions a page, pages followed); `daily-oxygen-saturation`, `daily-respiratory-rate`, `daily-sleep-temperature-derivations` `:reconcile` over `[A, B]` | none |
//!
//! So for N days, W of them with steps, and L the pages a list takes:
//! activity ⌈(N + 6) / 90⌉ + 3 ⌈N / 90⌉ + 2 ⌈N / 14⌉ + W; heart ⌈N / 90⌉ + N + L(zones) +
//! L(ECG) + L(resting HR) + L(HRV); sleep L(sleep) + L(`SpO₂`) + L(breathing) +
//! L(skin temperature). Google's documented paging (10,000 points a page, 25 sessions for
//! sleep) makes a daily or ECG list over these spans one page and the sleep list about
//! ⌈S / 25⌉ pages for S sessions (not measured against the real API): for 90 days,
//! 19 + W + 95 + ⌈S / 25⌉ + 3 requests, against 7 + 4 + 2 a day asked day by day. The
//! simulator answers a list a month at a time (it scans 31 days a page, from the day after
//! the range's end to two days before its start): ⌈(N + 4) / 31⌉ pages for a list over
//! `[A, B]` (ECG included), ⌈(N + 33) / 31⌉ over `[A − 29, B]`, and the sleep list paged by
//! both limits (`tests/sync_google.rs` counts them): 236 requests for 90 days there, the
//! account's three included.
//!
//! The resting HR, HRV and nightly vitals go through the trend caches (and the store behind
//! them): only the days neither holds are asked, in one range from the first missing day to
//! the last, and the day views then find them cached. A scope not granted at sign-in is not
//! asked for here; its day views refuse it without a request, as they do alone. A day whose
//! part is missing here (its range failed) asks on its own. The views built from these parts
//! equal the one-day views.

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::client::{DatedDecoder, GoogleProvider, Granted, out_of_range};
use super::decode::{self, Page, SleepRecord};
use super::names::{DataType, MAX_PAGE_SIZE, MAX_SLEEP_PAGE_SIZE, Method};
use super::request;
use crate::api::{ApiError, DayKind};
use crate::domain::DailyRecord;
use crate::domain::activity::Azm;
use crate::domain::calendar::{days as dates, pieces, span};
use crate::domain::ecg::EcgReading;
use crate::domain::heart::{ZoneMinutes, ZoneThresholds};
use crate::provider::ByDay;
use crate::provider::daily_cache::{DailyCache, ecg_by_day};
use crate::provider::known_account::local_today;
use crate::provider::localtime::day_bounds;

/// A span's range answers, by day, until the day's view takes them.
#[derive(Debug, Default)]
pub struct Prefetched {
    activity: ByDay<ActivityParts>,
    heart: ByDay<HeartParts>,
    sleep: ByDay<Vec<SleepRecord>>,
}

/// A day's activity roll-ups as the one-day view asks them (`None`: not prefetched).
#[derive(Debug, Default, Clone)]
pub struct ActivityParts {
    /// The 7 days ending on the day.
    pub steps: Option<Vec<(Date, u64)>>,
    pub distance: Option<Vec<(Date, f64)>>,
    pub calories: Option<Vec<(Date, f64)>>,
    pub floors: Option<Vec<(Date, u32)>>,
    pub azm: Option<Vec<(Date, Azm)>>,
    pub active: Option<Vec<(Date, u32)>>,
}

/// A day's heart parts that have a range form (`None`: not prefetched).
#[derive(Debug, Default, Clone)]
pub struct HeartParts {
    pub zones: Option<Vec<(Date, ZoneThresholds)>>,
    pub minutes: Option<Vec<(Date, ZoneMinutes)>>,
    /// The readings taken on the day.
    pub ecg: Option<Vec<EcgReading>>,
}

impl Prefetched {
    pub fn take_activity(&self, date: Date) -> Option<ActivityParts> {
        self.activity.take(date)
    }

    pub fn take_heart(&self, date: Date) -> Option<HeartParts> {
        self.heart.take(date)
    }

    /// The sessions that ended in the 31 nights ending on `date`, as the one-day list.
    pub fn take_sleep(&self, date: Date) -> Option<Vec<SleepRecord>> {
        self.sleep.take(date)
    }
}

/// The values dated within `[from, to]`.
fn within<T: Clone>(values: &[(Date, T)], from: Date, to: Date) -> Vec<(Date, T)> {
    values
        .iter()
        .filter(|(d, _)| *d >= from && *d <= to)
        .cloned()
        .collect()
}

/// A prefetched span's values for `date` alone.
fn on_day<T: Clone>(values: Option<&[(Date, T)]>, date: Date) -> Option<Vec<(Date, T)>> {
    values.map(|v| within(v, date, date))
}

/// The longest `:dailyRollUp` range of `data_type`, days (the discovery document's
/// `DailyRollUpDataPointsRequest.range`).
fn rollup_cap(data_type: DataType) -> i64 {
    match data_type {
        DataType::TotalCalories | DataType::ActiveMinutes | DataType::HeartRate => 14,
        _ => 90,
    }
}

/// Days of trend before a day: the 30-day trends' first day is 29 days back.
const TREND_BACK: i64 = 29;

/// `date` − `days`.
fn back(date: Date, days: i64) -> Result<Date, ApiError> {
    date.checked_sub(days.days())
        .map_err(|_| out_of_range(date))
}

/// `work`'s answer when the sign-in has `scope`; `None`, without a request, otherwise.
async fn when_granted<T>(
    granted: &Granted,
    scope: &str,
    work: impl Future<Output = Result<T, ApiError>>,
) -> Result<Option<T>, ApiError> {
    if granted.has(scope) {
        work.await.map(Some)
    } else {
        Ok(None)
    }
}

/// The resting HR reconcile's values, days without one left out (as the one-day view keeps
/// them).
fn resting_values(body: &[u8]) -> Result<Page<(Date, u16)>, ApiError> {
    let (values, token) = decode::daily_resting_heart_rate(body)?;
    let values = values
        .into_iter()
        .filter_map(|v| v.value.map(|bpm| (v.date, bpm)))
        .collect();
    Ok((values, token))
}

impl GoogleProvider {
    /// Fetches the range parts of `kind` for `[from, to]` (days before yesterday only: today
    /// and yesterday are still settling and take their one-day views) and keeps them for the
    /// day views.
    pub(super) async fn prefetch_days(
        &self,
        kind: DayKind,
        from: Date,
        to: Date,
    ) -> Result<(), ApiError> {
        let tz = self.zone().await?;
        let today = local_today(&self.clock, &tz);
        let last_final = today.checked_sub(2.days()).unwrap_or(today);
        let to = to.min(last_final);
        if to < from {
            return Ok(());
        }
        let granted = self.granted().await;
        match kind {
            DayKind::Activity => self.prefetch_activity(&granted, from, to).await,
            DayKind::Heart => self.prefetch_heart(&granted, from, to, today, &tz).await,
            DayKind::Sleep => self.prefetch_sleep(&granted, from, to, today, &tz).await,
        }
    }

    /// The `:dailyRollUp` of `data_type` over `[from, to]`, in pieces of its range cap asked
    /// together; `None` when the sign-in lacks its scope.
    async fn span_rollup<T>(
        &self,
        granted: &Granted,
        data_type: DataType,
        from: Date,
        to: Date,
        decode: DatedDecoder<T>,
    ) -> Result<Option<Vec<(Date, T)>>, ApiError> {
        let ranges =
            pieces(from, to, rollup_cap(data_type))
                .into_iter()
                .map(|(start, end)| async move {
                    let next = end.tomorrow().map_err(|_| out_of_range(end))?;
                    self.daily_rollup(data_type, start, next, decode).await
                });
        let all = futures_util::future::try_join_all(ranges);
        let answers = when_granted(granted, data_type.scope(), all).await?;
        Ok(answers.map(|pieces| pieces.into_iter().flatten().collect()))
    }

    /// Fills `cache` for `[from, to]` with one `:reconcile` of `data_type` from the first day
    /// neither memory nor the store holds to the last (pages followed); nothing when the
    /// sign-in lacks the scope (the day views then refuse it on their own).
    async fn fill<T: DailyRecord>(
        &self,
        granted: &Granted,
        cache: &DailyCache<T>,
        data_type: DataType,
        (from, to): (Date, Date),
        today: Date,
        decode: impl Fn(&[u8]) -> Result<Page<(Date, T)>, ApiError>,
    ) -> Result<(), ApiError> {
        if !granted.has(data_type.scope()) {
            return Ok(());
        }
        let days = span(from, to);
        if let Some((start, end)) = self.caches.missing(cache, to, days, today, 0, days).await {
            let next = end.tomorrow().map_err(|_| out_of_range(end))?;
            let values = self
                .listed(
                    data_type,
                    Method::Reconcile,
                    request::filter_daily(data_type, start, next),
                    MAX_PAGE_SIZE,
                    &decode,
                )
                .await?;
            self.caches.record(cache, start, end, &values, today).await;
        }
        Ok(())
    }

    async fn prefetch_activity(
        &self,
        granted: &Granted,
        from: Date,
        to: Date,
    ) -> Result<(), ApiError> {
        let (steps, distance, calories, floors, azm, active) = tokio::join!(
            self.span_rollup(
                granted,
                DataType::Steps,
                back(from, 6)?,
                to,
                decode::daily_rollup_steps
            ),
            self.span_rollup(
                granted,
                DataType::Distance,
                from,
                to,
                decode::daily_rollup_distance
            ),
            self.span_rollup(
                granted,
                DataType::TotalCalories,
                from,
                to,
                decode::daily_rollup_total_calories
            ),
            self.span_rollup(
                granted,
                DataType::Floors,
                from,
                to,
                decode::daily_rollup_floors
            ),
            self.span_rollup(
                granted,
                DataType::ActiveZoneMinutes,
                from,
                to,
                decode::daily_rollup_azm
            ),
            self.span_rollup(
                granted,
                DataType::ActiveMinutes,
                from,
                to,
                decode::daily_rollup_active_minutes
            ),
        );
        let (steps, distance, calories, floors, azm, active) =
            (steps?, distance?, calories?, floors?, azm?, active?);
        let mut days = Vec::new();
        for date in dates(from, to) {
            let week_start = back(date, 6)?;
            let parts = ActivityParts {
                steps: steps.as_deref().map(|s| within(s, week_start, date)),
                distance: on_day(distance.as_deref(), date),
                calories: on_day(calories.as_deref(), date),
                floors: on_day(floors.as_deref(), date),
                azm: on_day(azm.as_deref(), date),
                active: on_day(active.as_deref(), date),
            };
            days.push((date, parts));
        }
        self.prefetched.activity.put(days);
        Ok(())
    }

    async fn prefetch_heart(
        &self,
        granted: &Granted,
        from: Date,
        to: Date,
        today: Date,
        tz: &TimeZone,
    ) -> Result<(), ApiError> {
        let next = to.tomorrow().map_err(|_| out_of_range(to))?;
        let (span_start, _) = day_bounds(from, tz).ok_or_else(|| out_of_range(from))?;
        let trend = (back(from, TREND_BACK)?, to);
        let zones = when_granted(
            granted,
            DataType::DailyHeartRateZones.scope(),
            self.listed(
                DataType::DailyHeartRateZones,
                Method::Reconcile,
                request::filter_daily(DataType::DailyHeartRateZones, from, next),
                MAX_PAGE_SIZE,
                decode::daily_heart_rate_zones,
            ),
        );
        let minutes = self.span_rollup(
            granted,
            DataType::TimeInHeartRateZone,
            from,
            to,
            decode::daily_rollup_time_in_zones,
        );
        let ecg = when_granted(
            granted,
            DataType::Electrocardiogram.scope(),
            self.listed(
                DataType::Electrocardiogram,
                Method::List,
                request::filter_ecg_since(span_start),
                MAX_PAGE_SIZE,
                decode::electrocardiogram,
            ),
        );
        let resting = self.fill(
            granted,
            &self.caches.resting,
            DataType::DailyRestingHeartRate,
            trend,
            today,
            resting_values,
        );
        let hrv = self.fill(
            granted,
            &self.caches.hrv,
            DataType::DailyHeartRateVariability,
            trend,
            today,
            decode::daily_hrv,
        );
        let (zones, minutes, ecg, resting, hrv) = tokio::join!(zones, minutes, ecg, resting, hrv);
        resting?;
        hrv?;
        let (zones, minutes) = (zones?, minutes?);
        let mut ecg = ecg?.map(|readings| ecg_by_day(readings, (from, to), tz));
        // The time in zones and the ECG readings of the span's final days are kept for the
        // period views.
        if let Some(minutes) = &minutes {
            self.caches
                .record(&self.caches.zones, from, to, minutes, today)
                .await;
        }
        if let Some(by_day) = &ecg {
            self.caches.record_ecg(by_day, today).await;
        }
        let mut days = Vec::new();
        for date in dates(from, to) {
            if day_bounds(date, tz).is_none() {
                continue;
            }
            let parts = HeartParts {
                zones: zones.as_deref().map(|z| within(z, date, date)),
                minutes: minutes.as_deref().map(|m| within(m, date, date)),
                ecg: ecg
                    .as_mut()
                    .map(|by_day| by_day.remove(&date).unwrap_or_default()),
            };
            days.push((date, parts));
        }
        self.prefetched.heart.put(days);
        Ok(())
    }

    async fn prefetch_sleep(
        &self,
        granted: &Granted,
        from: Date,
        to: Date,
        today: Date,
        tz: &TimeZone,
    ) -> Result<(), ApiError> {
        let next = to.tomorrow().map_err(|_| out_of_range(to))?;
        let first = back(from, super::client::TREND_DAYS)?;
        let sessions = when_granted(
            granted,
            DataType::Sleep.scope(),
            self.listed(
                DataType::Sleep,
                Method::List,
                request::filter_sleep_civil_end(first, next),
                MAX_SLEEP_PAGE_SIZE,
                |b| decode::sleep(b, tz),
            ),
        );
        let nights = (from, to);
        let spo2 = self.fill(
            granted,
            &self.caches.spo2,
            DataType::DailyOxygenSaturation,
            nights,
            today,
            decode::daily_spo2,
        );
        let br = self.fill(
            granted,
            &self.caches.breathing,
            DataType::DailyRespiratoryRate,
            nights,
            today,
            decode::daily_respiratory_rate,
        );
        let temp = self.fill(
            granted,
            &self.caches.skin_temp,
            DataType::DailySleepTemperatureDerivations,
            nights,
            today,
            decode::daily_skin_temperature,
        );
        let (sessions, spo2, br, temp) = tokio::join!(sessions, spo2, br, temp);
        spo2?;
        br?;
        temp?;
        let Some(records) = sessions? else {
            return Ok(());
        };
        let mut days = Vec::new();
        for date in dates(from, to) {
            let first = back(date, super::client::TREND_DAYS)?;
            let night: Vec<SleepRecord> = records
                .iter()
                .filter(|r| r.date >= first && r.date <= date)
                .cloned()
                .collect();
            days.push((date, night));
        }
        self.prefetched.sleep.put(days);
        Ok(())
    }
}

impl GoogleProvider {
    /// The totals of every day in `[from, to]` for the week, month and year views, from
    /// `:dailyRollUp`s alone: `steps`, `distance`, `floors` and `active-zone-minutes`, 90 days
    /// a request each (a year is 4 × ⌈N / 90⌉ requests). A day missing from the steps roll-up
    /// had no data.
    pub(super) async fn day_totals(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<crate::domain::activity::DayTotals>, ApiError> {
        let granted = self.granted().await;
        let steps = self
            .span_rollup(
                &granted,
                DataType::Steps,
                from,
                to,
                decode::daily_rollup_steps,
            )
            .await?
            .unwrap_or_default();
        let distance = self
            .span_rollup(
                &granted,
                DataType::Distance,
                from,
                to,
                decode::daily_rollup_distance,
            )
            .await?
            .unwrap_or_default();
        let floors = self
            .span_rollup(
                &granted,
                DataType::Floors,
                from,
                to,
                decode::daily_rollup_floors,
            )
            .await?
            .unwrap_or_default();
        let azm = self
            .span_rollup(
                &granted,
                DataType::ActiveZoneMinutes,
                from,
                to,
                decode::daily_rollup_azm,
            )
            .await?
            .unwrap_or_default();
        let on = |d: Date| steps.iter().find(|(day, _)| *day == d).map(|(_, s)| *s);
        Ok(dates(from, to)
            .into_iter()
            .map(|date| {
                let day_steps = on(date);
                let worn = day_steps.is_some();
                crate::domain::activity::DayTotals {
                    date,
                    stored: true,
                    steps: day_steps.map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
                    distance_m: worn.then(|| {
                        distance
                            .iter()
                            .find(|(d, _)| *d == date)
                            .map_or(0.0, |(_, m)| *m)
                    }),
                    floors: floors
                        .iter()
                        .find(|(d, _)| *d == date)
                        .map(|(_, f)| *f)
                        .filter(|_| worn),
                    azm: worn.then(|| {
                        azm.iter()
                            .find(|(d, _)| *d == date)
                            .map_or(0, |(_, a)| a.total())
                    }),
                    goal_steps: None,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn a_span_splits_at_each_roll_up_cap() {
        let (a, b) = (date(2026, 1, 1), date(2026, 3, 31)); // 90 days
        assert_eq!(span(a, b), 90);
        let calories = pieces(a, b, rollup_cap(DataType::TotalCalories));
        assert_eq!(calories.len(), 7);
        assert_eq!(calories[0], (a, date(2026, 1, 14)));
        assert_eq!(calories[6], (date(2026, 3, 26), b));
        assert_eq!(pieces(a, b, rollup_cap(DataType::Distance)), [(a, b)]);
        let steps = pieces(date(2025, 12, 26), b, rollup_cap(DataType::Steps));
        assert_eq!(steps.len(), 2);
        assert_eq!(rollup_cap(DataType::ActiveMinutes), 14);
        assert_eq!(rollup_cap(DataType::TimeInHeartRateZone), 90);
    }

    #[test]
    fn a_day_takes_only_its_own_values_and_the_week_before() {
        let values: Vec<(Date, u64)> = dates(date(2026, 1, 1), date(2026, 1, 20))
            .into_iter()
            .zip(1..)
            .collect();
        let day = date(2026, 1, 10);
        assert_eq!(on_day(Some(&values), day), Some(vec![(day, 10)]));
        assert_eq!(on_day::<u64>(None, day), None);
        let week = within(&values, date(2026, 1, 4), day);
        assert_eq!(week.len(), 7);
        assert_eq!(week.first(), Some(&(date(2026, 1, 4), 4)));
    }
}
