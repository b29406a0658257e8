//! `GoogleProvider`: the Google Health API v4 behind [`Provider`].
//!
//! Requests per view (concurrent; 30-day trends come from [`DailyCache`] once fetched, so
//! browsing back through days costs the day's own requests only):
//!
//! | view | requests |
//! |---|---|
//! | Account | `users/me/identity`, `settings` (the zone, kept for every later view), `profile` |
//! | Today | `:dailyRollUp` of `steps` over the 7 days ending on the day (the day's total and the week's trend in one call — there is no daily-summary object), of `distance`, `total-calories`, `floors`, `active-zone-minutes`, `active-minutes` over the day; `steps:rollUp` in 3600 s windows over the local day (hourly) |
//! | Heart | `heart-rate:rollUp` in 60 s windows over the local day (min/max/mean per minute, `pageSize` 1500 so a 25-hour day is one page — never the ~1 reading/s raw list), `daily-heart-rate-zones:reconcile`, `time-in-heart-rate-zone:dailyRollUp`, `electrocardiogram` list since the day's start; `daily-resting-heart-rate:reconcile` and `daily-heart-rate-variability:reconcile` over the 60 days ending on the day (the 30-day window and the 30 days before it) when not cached, over the still-settling days alone (today and yesterday are never cached) once the rest is |
//! | Sleep | `sleep` list over the 31 nights ending on the day (`civil_end_time`, 25 per page) — the day's sessions and the 30-day stage averages Google does not compute; `daily-oxygen-saturation`, `daily-respiratory-rate`, `daily-sleep-temperature-derivations` over the 31 days ending on the night when not cached (today's and yesterday's values are still settling and never cached: they alone are asked again) |
//! | Devices | `pairedDevices?pageSize=100` (the default page is 5; pages followed) |
//! | Alarms | none: the API has no alarm resource, alarm calls answer `Unsupported` at once |
//! | Weight | `weight` and `body-fat` lists over the range's local days (`sample_time.physical_time`, `pageSize` 10000, pages followed), merged by sample time |
//! | Sync (N final days, `fittui sync`) | the range parts over the whole span first (`prefetch.rs`): per metric one `:dailyRollUp` (14 or 90 days a request) or one list; then per day only the hourly `steps:rollUp` (on a day with steps) and the `heart-rate:rollUp`, nothing per night |
//!
//! In numbers (`tests/provider_google.rs` counts them in the simulator's request log, which
//! answers a range of more than a month in two pages; the real API may need one): Account 3,
//! once. Today 7 for every day (nothing to cache). Heart 8 for today (the two 60-day ranges in
//! two pages each), 6 for yesterday (its own resting HR and HRV again), then 4 per earlier
//! day, 6 for today again (today's and yesterday's resting HR and HRV in one range). Sleep 5
//! for today (the 31 nights take two pages), 8 for the first past night (three 31-day ranges,
//! two pages each), then 2 per night (more than 25 sessions). Devices 1 (3 devices). Alarms 0. The account,
//! today and six days back on the three day tabs, today's heart again and the devices make 116
//! requests, of the 300 a minute Google allows per user. Weight: 2 for any range (one list of
//! each type; the simulator pages them a month at a time, the real API needs more pages only past
//! 10,000 points). A sync of N final days, W of them with steps: activity ⌈(N + 6) / 90⌉ +
//! 3 ⌈N / 90⌉ + 2 ⌈N / 14⌉ + W, heart ⌈N / 90⌉ + N + 4 lists, sleep 4 lists (the rules and the
//! simulator's list pages in `prefetch.rs`; `tests/sync_google.rs` counts a 90-day run).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use reqwest::Method as Http;

use super::dialect::{PROFILE, SETTINGS};
use super::names::{DataType, MAX_SLEEP_PAGE_SIZE, Method};
use super::pager::{collect_pages, each_page, with_page_token};
use super::{decode, request};
use crate::api::ApiError;
use crate::clock::SharedClock;
use crate::domain::DailyValue;
use crate::domain::account::Account;
use crate::domain::activity::{ActivitySummary, DayActivity, HourlySteps};
use crate::domain::device::Device;
use crate::domain::heart::{HeartDay, HeartSeriesBuilder, Resolution};
use crate::domain::sleep::{SleepDay, SleepKind, SleepLevel, StageTotal};
use crate::domain::units::UnitSystem;
use crate::domain::weight::WeighIn;
use crate::provider::daily_cache::{DailyCache, TrendCaches};
use crate::provider::http::{ApiClient, Body};
use crate::provider::known_account::{KnownAccount, local_today};
use crate::provider::localtime::day_bounds;
use crate::provider::retry::Idempotency;
use crate::provider::{Parts, Provider};

/// Roll-ups are POSTs that only read (the body is the query): safe to repeat.
const READ: Idempotency = Idempotency::Idempotent;

/// A decoder of one page of dated values.
pub(super) type DatedDecoder<T> = fn(&[u8]) -> Result<decode::Page<(Date, T)>, ApiError>;

pub(super) const TREND_DAYS: i64 = 30;
/// The scopes of the current sign-in, so requests that could only be refused are not sent.
pub(super) struct Granted(Vec<String>);

impl Granted {
    /// Whether the sign-in has `scope` (a token without a scope list, such as a pasted one, is
    /// taken to have them all; a refusal then still becomes a gap).
    pub(super) fn has(&self, scope: &str) -> bool {
        self.0.is_empty() || self.0.iter().any(|s| s == scope)
    }

    /// `work` when the sign-in has `scope`; otherwise the refusal, without a request.
    pub(super) async fn gate<T>(
        &self,
        scope: &'static str,
        work: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        if self.has(scope) {
            work.await
        } else {
            Err(ApiError::Forbidden {
                scope: Some(scope.to_string()),
                message: "not granted at sign-in".into(),
            })
        }
    }
}

/// The zone and units to use when the settings permission was not granted: this computer's
/// zone, and imperial units where the locale (`LC_ALL`, `LC_MEASUREMENT`, `LANG`) is the US,
/// Liberia or Myanmar, metric elsewhere.
fn system_defaults() -> (TimeZone, String, UnitSystem) {
    let tz = TimeZone::system();
    let name = tz.iana_name().unwrap_or("UTC").to_string();
    let locale = ["LC_ALL", "LC_MEASUREMENT", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|l| !l.is_empty()))
        .unwrap_or_default();
    let region = locale
        .split(['.', '@'])
        .next()
        .and_then(|l| l.split('_').nth(1))
        .unwrap_or_default();
    let units = if matches!(region, "US" | "LR" | "MM") {
        UnitSystem::Imperial
    } else {
        UnitSystem::Metric
    };
    (tz, name, units)
}

/// `pre` (a part a sync's prefetch holds) when there is one; otherwise `fetch`'s answer.
async fn or_fetch<T>(
    pre: Option<T>,
    fetch: impl Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    match pre {
        Some(value) => Ok(value),
        None => fetch.await,
    }
}

/// A part's refusal or failure, or its value; for `Forbidden` answers the caller's gap.
fn permitted<T>(result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(ApiError::Forbidden { .. }) => Ok(None),
        Err(error) => Err(error),
    }
}

/// The Google Health API v4.
#[derive(Debug)]
pub struct GoogleProvider {
    api: ApiClient,
    pub(super) clock: SharedClock,
    /// The account, once loaded (for its time zone).
    account: KnownAccount,
    pub(super) caches: TrendCaches,
    /// A sync's range answers, until each day's view takes them.
    pub(super) prefetched: super::prefetch::Prefetched,
}

pub(super) fn path(data_type: DataType, method: Method) -> String {
    format!("/{}", data_type.path(method))
}

/// The value a roll-up has for `date`, if that day is present.
pub(super) fn value_on<T: Copy>(values: &[(Date, T)], date: Date) -> Option<T> {
    values.iter().find(|(d, _)| *d == date).map(|(_, v)| *v)
}

/// A decode error names the endpoint that was asked: the daily decoders serve `list` and
/// `:reconcile` alike and name the collection, not the method.
fn asked(error: ApiError, endpoint: &str) -> ApiError {
    match error {
        ApiError::Decode { detail, .. } => ApiError::Decode {
            endpoint: endpoint.trim_start_matches('/').to_string(),
            detail,
        },
        other => other,
    }
}

pub(super) fn out_of_range(date: Date) -> ApiError {
    ApiError::Decode {
        endpoint: "local day".into(),
        detail: format!("{date} has no local midnight in the account's zone"),
    }
}

impl GoogleProvider {
    pub fn new(api: ApiClient, clock: SharedClock) -> Self {
        Self {
            api,
            clock,
            account: KnownAccount::default(),
            caches: TrendCaches::default(),
            prefetched: super::prefetch::Prefetched::default(),
        }
    }

    /// The account's zone, loading the account once (boxed: the account's future is large).
    pub(super) async fn zone(&self) -> Result<TimeZone, ApiError> {
        self.account.time_zone(Box::pin(self.fetch_account())).await
    }

    pub(super) async fn granted(&self) -> Granted {
        Granted(self.api.tokens().granted_scopes().await)
    }

    /// Identity, settings and profile. Every scope is optional: without settings the zone and
    /// units come from this computer (and the account says so); without the profile there is no
    /// membership date.
    async fn fetch_account(&self) -> Result<Account, ApiError> {
        let granted = self.granted().await;
        let (identity, settings, profile) = tokio::join!(
            self.api.get("/users/me/identity", &[]),
            granted.gate(SETTINGS, self.api.get("/users/me/settings", &[])),
            granted.gate(PROFILE, self.api.get("/users/me/profile", &[])),
        );
        let identity = decode::identity(&identity?)?;
        let profile = permitted(profile)?
            .map(|b| decode::profile(&b))
            .transpose()?;
        if let Some(body) = permitted(settings)? {
            let settings = decode::settings(&body)?;
            return Ok(decode::account(&identity, &settings, profile.as_ref()));
        }
        let (time_zone, name, units) = system_defaults();
        let settings = decode::Settings::assumed(time_zone, name.clone(), units);
        let mut account = decode::account(&identity, &settings, profile.as_ref());
        account.assumed = Some(format!(
            "The settings permission was not granted: times are in this computer's zone ({name}) and units follow the locale ({})",
            match units {
                UnitSystem::Metric => "metric",
                UnitSystem::Imperial => "imperial",
            }
        ));
        Ok(account)
    }

    /// Every page of a `:dailyRollUp` over `[start, end_exclusive)`.
    pub(super) async fn daily_rollup<T>(
        &self,
        data_type: DataType,
        start: Date,
        end_exclusive: Date,
        decode: fn(&[u8]) -> Result<decode::Page<T>, ApiError>,
    ) -> Result<Vec<T>, ApiError> {
        let endpoint = path(data_type, Method::DailyRollUp);
        let fetch = |token: Option<String>| {
            let body = request::daily_rollup_body(start, end_exclusive, 1, token.as_deref());
            let endpoint = &endpoint;
            async move {
                self.api
                    .send(Http::POST, endpoint, &[], Body::Json(&body), READ)
                    .await
            }
        };
        collect_pages(data_type.kebab(), fetch, decode).await
    }

    /// Every page of a `list`/`:reconcile` with `filter`.
    pub(super) async fn listed<T>(
        &self,
        data_type: DataType,
        method: Method,
        filter: String,
        page_size: u32,
        decode: impl Fn(&[u8]) -> Result<decode::Page<T>, ApiError>,
    ) -> Result<Vec<T>, ApiError> {
        let endpoint = path(data_type, method);
        let fetch = |token| {
            let query = with_page_token(
                vec![
                    ("filter", filter.clone()),
                    ("pageSize", page_size.to_string()),
                ],
                token,
            );
            let endpoint = &endpoint;
            async move { self.api.get(endpoint, &query).await }
        };
        let decode = |body: &[u8]| decode(body).map_err(|e| asked(e, &endpoint));
        collect_pages(data_type.kebab(), fetch, decode).await
    }

    /// Steps per 3600 s window of the local day `[start, end)`, oldest first. 25 windows at most
    /// fit Google's default page, but a next page is still followed.
    async fn hourly_steps(
        &self,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<HourlySteps>, ApiError> {
        let endpoint = path(DataType::Steps, Method::RollUp);
        let fetch = |token: Option<String>| {
            let body = request::rollup_body(start, end, 3600, None, token.as_deref());
            let endpoint = &endpoint;
            async move {
                self.api
                    .send(Http::POST, endpoint, &[], Body::Json(&body), READ)
                    .await
            }
        };
        let mut hours = collect_pages("hourly steps", fetch, decode::rollup_hourly_steps).await?;
        // Pages come newest first; each one is sorted on its own.
        hours.sort_by_key(|h| h.start);
        hours.dedup_by_key(|h| h.start);
        Ok(hours)
    }

    /// The week's daily steps ending on `to`; its final days outlive the view (trends read
    /// them from the store).
    async fn keep_week(
        &self,
        steps: &[(Date, u64)],
        from: Date,
        to: Date,
        tz: &TimeZone,
    ) -> Vec<DailyValue<u32>> {
        let week: Vec<(Date, u32)> = steps
            .iter()
            .map(|&(d, s)| (d, u32::try_from(s).unwrap_or(u32::MAX)))
            .collect();
        let today = local_today(&self.clock, tz);
        self.caches
            .record(&self.caches.steps, from, to, &week, today)
            .await;
        crate::provider::daily_cache::window(to, 7)
            .into_iter()
            .map(|d| DailyValue {
                date: d,
                value: value_on(&week, d),
            })
            .collect()
    }

    /// A `:dailyRollUp` over `[start, next)` for a day view, unless a sync's prefetch already
    /// holds its answer (`pre`).
    async fn day_rollup<T>(
        &self,
        granted: &Granted,
        pre: Option<Vec<(Date, T)>>,
        data_type: DataType,
        (start, next): (Date, Date),
        decode: DatedDecoder<T>,
    ) -> Result<Vec<(Date, T)>, ApiError> {
        let rollup = self.daily_rollup(data_type, start, next, decode);
        or_fetch(pre, granted.gate(data_type.scope(), rollup)).await
    }

    async fn activity_day(&self, date: Date) -> Result<DayActivity, ApiError> {
        let tz = self.zone().await?;
        let granted = self.granted().await;
        let (start, end) = day_bounds(date, &tz).ok_or_else(|| out_of_range(date))?;
        let week_start = date.checked_sub(6.days()).map_err(|_| out_of_range(date))?;
        let next = date.tomorrow().map_err(|_| out_of_range(date))?;
        let pre = self.prefetched.take_activity(date).unwrap_or_default();
        // With the week's steps prefetched, a day without steps (no summary) is known before
        // asking: its hourly steps are not asked for.
        let hourly_wanted = pre
            .steps
            .as_ref()
            .is_none_or(|s| value_on(s, date).is_some());
        let day = (date, next);
        let (steps, distance, calories, floors, azm, active, hourly) = tokio::join!(
            self.day_rollup(
                &granted,
                pre.steps,
                DataType::Steps,
                (week_start, next),
                decode::daily_rollup_steps
            ),
            self.day_rollup(
                &granted,
                pre.distance,
                DataType::Distance,
                day,
                decode::daily_rollup_distance
            ),
            self.day_rollup(
                &granted,
                pre.calories,
                DataType::TotalCalories,
                day,
                decode::daily_rollup_total_calories
            ),
            self.day_rollup(
                &granted,
                pre.floors,
                DataType::Floors,
                day,
                decode::daily_rollup_floors
            ),
            self.day_rollup(
                &granted,
                pre.azm,
                DataType::ActiveZoneMinutes,
                day,
                decode::daily_rollup_azm
            ),
            self.day_rollup(
                &granted,
                pre.active,
                DataType::ActiveMinutes,
                day,
                decode::daily_rollup_active_minutes
            ),
            async {
                if hourly_wanted {
                    let hourly = self.hourly_steps(start, end);
                    granted.gate(DataType::Steps.scope(), hourly).await
                } else {
                    Ok(Vec::new())
                }
            },
        );
        // The steps are the core: without them the day cannot be told worn or not.
        let steps = steps?;
        let week_steps = self.keep_week(&steps, week_start, date, &tz).await;
        let day_steps = value_on(&steps, date);
        let mut parts = Parts::default();
        // A day missing from the steps roll-up was not worn: no summary, never zeros.
        let summary = match day_steps {
            Some(steps_today) => {
                let distance = parts.take("distance", distance)?;
                let calories = parts.take("calories", calories)?;
                let floors = parts.take("floors", floors)?;
                let azm = parts.take("Active Zone Minutes", azm)?;
                let active = parts.take("active minutes", active)?;
                Some(ActivitySummary {
                    steps: u32::try_from(steps_today).unwrap_or(u32::MAX),
                    distance_m: distance.map_or(0.0, |d| value_on(&d, date).unwrap_or(0.0)),
                    calories_kcal: calories.and_then(|c| value_on(&c, date)),
                    floors: floors.and_then(|f| value_on(&f, date)),
                    active_minutes: active.and_then(|a| value_on(&a, date)),
                    azm: azm.map(|a| value_on(&a, date).unwrap_or_default()),
                })
            }
            None => None,
        };
        let hourly_steps = if summary.is_some() {
            parts.take("steps by hour", hourly)?.unwrap_or_default()
        } else {
            Vec::new()
        };
        Ok(DayActivity {
            date,
            summary,
            hourly_steps,
            week_steps,
            goals: None,
            gaps: parts.finish(),
        })
    }

    async fn trend<T: crate::domain::DailyRecord>(
        &self,
        cache: &DailyCache<T>,
        data_type: DataType,
        date: Date,
        today: Date,
        span: i64,
        decode: DatedDecoder<T>,
    ) -> Result<Vec<DailyValue<T>>, ApiError> {
        let mut fresh = Vec::new();
        if let Some((start, end)) = self
            .caches
            .missing(cache, date, span, today, TREND_DAYS, 90)
            .await
        {
            let next = end.tomorrow().map_err(|_| out_of_range(end))?;
            fresh = self
                .listed(
                    data_type,
                    Method::Reconcile,
                    request::filter_daily(data_type, start, next),
                    super::MAX_PAGE_SIZE,
                    decode,
                )
                .await?;
            self.caches.record(cache, start, end, &fresh, today).await;
        }
        Ok(cache.trend(date, span, &fresh))
    }

    /// The day's heart rate, min/max/mean per minute, over `[start, end)`.
    async fn heart_series(
        &self,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<crate::domain::heart::HeartSeries, ApiError> {
        let mut builder = HeartSeriesBuilder::new(start, end, Resolution::Minute);
        let endpoint = path(DataType::HeartRate, Method::RollUp);
        let fetch = |token: Option<String>| {
            let body = request::rollup_body(start, end, 60, Some(1500), token.as_deref());
            let endpoint = &endpoint;
            async move {
                self.api
                    .send(Http::POST, endpoint, &[], Body::Json(&body), READ)
                    .await
            }
        };
        let take = |body: &[u8]| decode::rollup_heart_into(body, &mut builder);
        each_page("heart rate", fetch, take).await?;
        Ok(builder.finish())
    }

    async fn heart_day(&self, date: Date) -> Result<HeartDay, ApiError> {
        let tz = self.zone().await?;
        let granted = self.granted().await;
        let today = local_today(&self.clock, &tz);
        let (start, end) = day_bounds(date, &tz).ok_or_else(|| out_of_range(date))?;
        let next = date.tomorrow().map_err(|_| out_of_range(date))?;
        let pre = self.prefetched.take_heart(date).unwrap_or_default();
        let series = self.heart_series(start, end);
        let zones = or_fetch(
            pre.zones,
            granted.gate(
                DataType::DailyHeartRateZones.scope(),
                self.listed(
                    DataType::DailyHeartRateZones,
                    Method::Reconcile,
                    request::filter_daily(DataType::DailyHeartRateZones, date, next),
                    super::MAX_PAGE_SIZE,
                    decode::daily_heart_rate_zones,
                ),
            ),
        );
        let minutes = self.day_rollup(
            &granted,
            pre.minutes,
            DataType::TimeInHeartRateZone,
            (date, next),
            decode::daily_rollup_time_in_zones,
        );
        let ecg = or_fetch(
            pre.ecg,
            granted.gate(
                DataType::Electrocardiogram.scope(),
                self.listed(
                    DataType::Electrocardiogram,
                    Method::List,
                    request::filter_ecg_since(start),
                    super::MAX_PAGE_SIZE,
                    decode::electrocardiogram,
                ),
            ),
        );
        let resting = granted.gate(
            DataType::DailyRestingHeartRate.scope(),
            self.resting(date, today),
        );
        let hrv = granted.gate(
            DataType::DailyHeartRateVariability.scope(),
            self.trend(
                &self.caches.hrv,
                DataType::DailyHeartRateVariability,
                date,
                today,
                TREND_DAYS,
                decode::daily_hrv,
            ),
        );
        let series = granted.gate(DataType::HeartRate.scope(), series);
        let (series, zones, minutes, ecg, resting, hrv) =
            tokio::join!(series, zones, minutes, ecg, resting, hrv);
        // The series is the core: without it there is no heart day to show.
        let intraday = series?;
        let mut parts = Parts::default();
        let resting_trend = parts
            .take("resting heart rate", resting)?
            .unwrap_or_default();
        let hrv_trend = parts.take("HRV", hrv)?.unwrap_or_default();
        let hrv_day = hrv_trend.last().and_then(|v| v.value);
        let zones = parts.take("heart-rate zones", zones)?;
        let minutes = parts.take("time in zones", minutes)?;
        let ecg = parts.take("ECG readings", ecg)?;
        Ok(HeartDay {
            date,
            intraday,
            resting_bpm: resting_trend.last().and_then(|v| v.value),
            zones: zones.and_then(|z| value_on(&z, date)),
            time_in_zones: minutes.and_then(|m| value_on(&m, date)),
            resting_trend,
            hrv: hrv_day,
            hrv_trend: hrv_trend
                .into_iter()
                .map(|v| DailyValue {
                    date: v.date,
                    value: v.value.map(|h| h.daily_rmssd_ms),
                })
                .collect(),
            ecg: ecg.map(|readings| {
                readings
                    .into_iter()
                    .filter(|r| r.start >= start && r.start < end)
                    .collect()
            }),
            vo2_max: None,
            gaps: parts.finish(),
        })
    }

    async fn resting(&self, date: Date, today: Date) -> Result<Vec<DailyValue<u16>>, ApiError> {
        let cache = &self.caches.resting;
        let mut fresh = Vec::new();
        if let Some((start, end)) = self
            .caches
            .missing(cache, date, TREND_DAYS, today, TREND_DAYS, 90)
            .await
        {
            let next = end.tomorrow().map_err(|_| out_of_range(end))?;
            fresh = self
                .listed(
                    DataType::DailyRestingHeartRate,
                    Method::Reconcile,
                    request::filter_daily(DataType::DailyRestingHeartRate, start, next),
                    super::MAX_PAGE_SIZE,
                    decode::daily_resting_heart_rate,
                )
                .await?
                .into_iter()
                .filter_map(|v| v.value.map(|bpm| (v.date, bpm)))
                .collect();
            self.caches.record(cache, start, end, &fresh, today).await;
        }
        Ok(cache.trend(date, TREND_DAYS, &fresh))
    }

    async fn nightly<T: crate::domain::DailyRecord>(
        &self,
        cache: &DailyCache<T>,
        data_type: DataType,
        date: Date,
        today: Date,
        decode: DatedDecoder<T>,
    ) -> Result<Option<T>, ApiError> {
        let trend = self.trend(cache, data_type, date, today, 1, decode).await?;
        Ok(trend.last().and_then(|v| v.value.clone()))
    }

    async fn sleep_day(&self, date: Date) -> Result<SleepDay, ApiError> {
        let tz = self.zone().await?;
        let granted = self.granted().await;
        let today = local_today(&self.clock, &tz);
        let first = date
            .checked_sub(TREND_DAYS.days())
            .map_err(|_| out_of_range(date))?;
        let next = date.tomorrow().map_err(|_| out_of_range(date))?;
        let sessions = or_fetch(
            self.prefetched.take_sleep(date),
            self.listed(
                DataType::Sleep,
                Method::List,
                request::filter_sleep_civil_end(first, next),
                MAX_SLEEP_PAGE_SIZE,
                |b| decode::sleep(b, &tz),
            ),
        );
        let spo2 = self.nightly(
            &self.caches.spo2,
            DataType::DailyOxygenSaturation,
            date,
            today,
            decode::daily_spo2,
        );
        let br = self.nightly(
            &self.caches.breathing,
            DataType::DailyRespiratoryRate,
            date,
            today,
            decode::daily_respiratory_rate,
        );
        let temp = self.nightly(
            &self.caches.skin_temp,
            DataType::DailySleepTemperatureDerivations,
            date,
            today,
            decode::daily_skin_temperature,
        );
        let sessions = granted.gate(DataType::Sleep.scope(), sessions);
        let spo2 = granted.gate(DataType::DailyOxygenSaturation.scope(), spo2);
        let br = granted.gate(DataType::DailyRespiratoryRate.scope(), br);
        let temp = granted.gate(DataType::DailySleepTemperatureDerivations.scope(), temp);
        let (records, spo2, br, temp) = tokio::join!(sessions, spo2, br, temp);
        // The sessions are the core: the night itself.
        let records = records?;
        let mut parts = Parts::default();
        let averages = stage_averages(records.iter().filter(|r| r.date < date).map(|r| &r.session));
        let mut sessions: Vec<_> = records
            .into_iter()
            .filter(|r| r.date == date)
            .map(|r| r.session)
            .collect();
        sessions.sort_by_key(|s| s.start);
        for s in sessions
            .iter_mut()
            .filter(|s| s.is_main && s.kind == SleepKind::Stages)
        {
            for stage in &mut s.stages {
                stage.thirty_day_avg = averages.get(&stage.level).copied();
            }
        }
        Ok(SleepDay {
            date,
            processing: sessions.iter().any(|s| s.processing),
            sessions,
            spo2: parts.take("SpO₂", spo2)?.flatten(),
            breathing_rate: parts.take("breathing rate", br)?.flatten(),
            skin_temp_delta_c: parts.take("skin temperature", temp)?.flatten(),
            score: None,
            gaps: parts.finish(),
        })
    }

    /// Weigh-ins on `from..=to`: the weight and body-fat lists over the range, together.
    async fn weigh_ins(&self, from: Date, to: Date) -> Result<Vec<WeighIn>, ApiError> {
        if from > to {
            return Ok(Vec::new());
        }
        let tz = self.zone().await?;
        let granted = self.granted().await;
        let (start, _) = day_bounds(from, &tz).ok_or_else(|| out_of_range(from))?;
        let (_, end) = day_bounds(to, &tz).ok_or_else(|| out_of_range(to))?;
        let weights = granted.gate(
            DataType::Weight.scope(),
            self.listed(
                DataType::Weight,
                Method::List,
                request::filter_sample_physical(DataType::Weight, start, end),
                super::MAX_PAGE_SIZE,
                |body| decode::weight(body, &tz),
            ),
        );
        let fats = granted.gate(
            DataType::BodyFat.scope(),
            self.listed(
                DataType::BodyFat,
                Method::List,
                request::filter_sample_physical(DataType::BodyFat, start, end),
                super::MAX_PAGE_SIZE,
                decode::body_fat,
            ),
        );
        let (weights, fats) = tokio::join!(weights, fats);
        Ok(decode::weigh_ins(weights?, &fats?)
            .into_iter()
            .filter(|w| w.date >= from && w.date <= to)
            .collect())
    }

    async fn device_list(&self) -> Result<Vec<Device>, ApiError> {
        let fetch = |token| {
            let size = super::MAX_PAIRED_DEVICES_PAGE_SIZE.to_string();
            let query = with_page_token(vec![("pageSize", size)], token);
            async move { self.api.get("/users/me/pairedDevices", &query).await }
        };
        // Paired devices come with the settings permission.
        let devices = collect_pages("paired devices", fetch, decode::paired_devices);
        self.granted().await.gate(SETTINGS, devices).await
    }
}

/// Average minutes per stage over the main, staged sessions given (Google has no
/// `thirtyDayAvgMinutes`; fittui computes it from the same 30 nights the legacy API used).
fn stage_averages<'a>(
    sessions: impl Iterator<Item = &'a crate::domain::sleep::SleepSession>,
) -> HashMap<SleepLevel, u32> {
    let mut sums: HashMap<SleepLevel, (u32, u32)> = HashMap::new();
    for s in sessions.filter(|s| s.is_main && s.kind == SleepKind::Stages) {
        for StageTotal { level, minutes, .. } in &s.stages {
            let e = sums.entry(*level).or_default();
            e.0 += minutes;
            e.1 += 1;
        }
    }
    sums.into_iter()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(level, (sum, n))| (level, (f64::from(sum) / f64::from(n)).round() as u32))
        .collect()
}

// No alarm resource in the Google Health API: alarm calls answer `Unsupported` at once.
crate::provider::impl_provider!(GoogleProvider, super::DIALECT, alarm_api: |_this| None);

/// Builds the provider around an authenticated client.
pub fn provider(api: ApiClient, clock: SharedClock) -> Arc<dyn Provider> {
    Arc::new(GoogleProvider::new(api, clock))
}
