//! `FitbitProvider`: the legacy Fitbit Web API behind [`Provider`].
//!
//! Requests per view (run concurrently; trend windows come from [`DailyCache`], so browsing
//! back through days costs the day's own requests only):
//!
//! | view | requests |
//! |---|---|
//! | Today | `activities/date/{d}` (totals + goals), `activities/steps/date/{d}/1d/15min` (hourly), `activities/active-zone-minutes/date/{d}/1d` (AZM); `activities/steps/date/{a}/{b}` for the 7-day trend when not cached |
//! | Heart | `activities/heart/date/{d}/1d/1sec` (series, zones, resting, minutes per zone), `ecg/list?afterDate={d}`; `activities/heart/date/{a}/{b}` and `hrv/date/{a}/{b}` for the 30-day trends when not cached |
//! | Sleep | `1.2/…/sleep/date/{d}`; `spo2`, `br`, `temp/skin` by 30-day range when not cached |
//! | Devices | `devices.json`; the first time also `devices/tracker/{id}/alarms.json` per tracker, to learn which trackers take alarm requests |
//! | Alarms | `devices.json`, then `devices/tracker/{id}/alarms.json` per tracker (400 = no alarm support) |
//! | Weight | `body/log/weight/date/{a}/{b}` and `body/log/fat/date/{a}/{b}` per 31 days of the range (the logs' longest range), fat merged into the weigh-ins by `logId` (else time) |
//!
//! In numbers (`tests/provider_fitbit.rs` counts them in the simulator's request log), after
//! one `profile.json` for the account's zone: Today 4 requests, 4 for yesterday (its step count
//! may still change, so it is asked again), then 3 per earlier day; Heart 4, 4 for yesterday,
//! 3 for the day before (the HRV range spans at most 30 days), then 2 per day; Sleep 4 for
//! today and for the first past night, then 1 per night; Devices 1 + trackers the first time,
//! then 1; Alarms 1 + trackers. Today and six days back on the three day tabs, plus devices
//! and alarms, is 60 requests of the 150 per hour. Weight: 2 per started 31 days (90 days: 6). Today's and yesterday's trend values are
//! never cached: late syncs and nights still being processed change them.
//!
//! Dates are always sent explicitly (never the literal `today`), computed in the account's zone.

use std::sync::Arc;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{ToSpan, Zoned};
use reqwest::Method;
use tokio::sync::Mutex;

use super::decode;
use crate::api::ApiError;
use crate::clock::SharedClock;
use crate::domain::account::Account;
use crate::domain::activity::{DayActivity, HourlySteps};
use crate::domain::alarm::{Alarm, AlarmDraft, TrackerAlarms, Weekdays};
use crate::domain::device::{AlarmSupport, Device, DeviceKind};
use crate::domain::heart::{HeartDay, Hrv};
use crate::domain::sleep::SleepDay;
use crate::domain::weight::{WeighIn, normalize};
use crate::provider::daily_cache::{DailyCache, TrendCaches};
use crate::provider::http::{ApiClient, Body};
use crate::provider::known_account::{KnownAccount, local_today};
use crate::provider::retry::Idempotency;
use crate::provider::{AlarmApi, ApiFuture, Parts, Provider};

/// A decoder of a by-date range body.
type DatedDecoder<T> = fn(&[u8]) -> Result<Vec<(Date, T)>, ApiError>;

/// Days in the resting-HR and HRV trends.
pub const TREND_DAYS: i64 = 30;

/// The longest range of the weight and body-fat logs (`{base-date}/{end-date}`).
pub const BODY_LOG_DAYS: i64 = 31;

/// The legacy Fitbit Web API.
#[derive(Debug)]
pub struct FitbitProvider {
    pub(super) api: ApiClient,
    pub(super) clock: SharedClock,
    /// The account, once loaded (for its time zone).
    pub(super) account: KnownAccount,
    pub(super) caches: TrendCaches,
    /// Range answers of several days at once, until each day's view takes its part.
    pub(super) prefetched: super::prefetch::Prefetched,
    /// Whether each tracker accepts alarm requests, learned once (devices don't change).
    alarm_support: std::sync::Mutex<std::collections::HashMap<String, AlarmSupport>>,
    /// Held while probing trackers' alarm support, so concurrent callers probe once.
    probing: Mutex<()>,
}

impl FitbitProvider {
    pub fn new(api: ApiClient, clock: SharedClock) -> Self {
        Self {
            api,
            clock,
            account: KnownAccount::default(),
            caches: TrendCaches::default(),
            prefetched: super::prefetch::Prefetched::default(),
            alarm_support: std::sync::Mutex::new(std::collections::HashMap::new()),
            probing: Mutex::new(()),
        }
    }

    fn known_support(&self, id: &str) -> Option<AlarmSupport> {
        self.alarm_support
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(id)
            .copied()
    }

    fn learn_support(&self, id: &str, support: AlarmSupport) {
        self.alarm_support
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(id.to_string(), support);
    }

    /// A tracker's alarms, or `None` when it refuses alarm requests (the API answers 400 for
    /// trackers with an on-device Alarms app). Records what it learned.
    async fn alarms_of(&self, tracker_id: &str) -> Result<Option<Vec<Alarm>>, ApiError> {
        // A tracker that refused alarm requests once refuses them for good (its alarms live
        // in an on-device app): not asked again this session.
        if self.known_support(tracker_id) == Some(AlarmSupport::None) {
            return Ok(None);
        }
        let path = format!("/1/user/-/devices/tracker/{tracker_id}/alarms.json");
        match self.api.get(&path, &[]).await {
            Ok(body) => {
                self.learn_support(tracker_id, AlarmSupport::Editable);
                decode::alarms(&body).map(Some)
            }
            Err(ApiError::BadRequest { status: 400, .. }) => {
                self.learn_support(tracker_id, AlarmSupport::None);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    pub(super) async fn fetch_account(&self) -> Result<Account, ApiError> {
        let body = self.api.get("/1/user/-/profile.json", &[]).await?;
        decode::profile(&body)
    }

    pub(super) async fn get(&self, path: String) -> Result<Vec<u8>, ApiError> {
        self.api.get(&path, &[]).await
    }

    async fn week_steps(
        &self,
        date: Date,
        today: Date,
    ) -> Result<Vec<crate::domain::DailyValue<u32>>, ApiError> {
        let cache = &self.caches.steps;
        if let Some((start, end)) = self.caches.missing(cache, date, 7, today, 30, 1095).await {
            let body = self
                .get(format!(
                    "/1/user/-/activities/steps/date/{start}/{end}.json"
                ))
                .await?;
            // The series says 0 for a day without data (tracker not worn, or before the
            // account's first day): that is "no data", never a zero.
            let values: Vec<(Date, u32)> = decode::daily_values(&body, "steps")?
                .into_iter()
                .filter_map(|v| v.value.map(|n| (v.date, n.max(0.0) as u32)))
                .filter(|&(_, steps)| steps > 0)
                .collect();
            self.caches.record(cache, start, end, &values, today).await;
            return Ok(cache.trend(date, 7, &values));
        }
        Ok(cache.trend(date, 7, &[]))
    }

    async fn activity_day(&self, date: Date) -> Result<DayActivity, ApiError> {
        if let Some(totals) = self.prefetched.take_activity(date) {
            return self.activity_from(date, totals).await;
        }
        let tz = self.account.time_zone(self.fetch_account()).await?;
        let today = local_today(&self.clock, &tz);
        let (summary, hourly, azm, week) = tokio::join!(
            self.get(format!("/1/user/-/activities/date/{date}.json")),
            self.get(format!(
                "/1/user/-/activities/steps/date/{date}/1d/15min.json"
            )),
            self.get(format!(
                "/1/user/-/activities/active-zone-minutes/date/{date}/1d.json"
            )),
            self.week_steps(date, today),
        );
        let (mut summary, goals) = decode::activity_summary(&summary?, date)?;
        let mut parts = Parts::default();
        let hourly = hourly.and_then(|body| decode::hourly_steps(&body, date, &tz));
        let hourly: Vec<HourlySteps> = parts.take("steps by hour", hourly)?.unwrap_or_default();
        let azm = azm.and_then(|body| decode::azm_series(&body));
        let azm = parts.take("Active Zone Minutes", azm)?;
        if let Some(s) = &mut summary {
            // Days without AZM are absent from the series: zero for a worn day.
            s.azm = azm.map(|azm| {
                azm.iter()
                    .find(|(d, _)| *d == date)
                    .map(|(_, a)| *a)
                    .unwrap_or_default()
            });
        }
        let mut week_steps = parts.take("the last 7 days", week)?.unwrap_or_default();
        // The summary is the freshest count for the day itself.
        if let Some(last) = week_steps.last_mut()
            && last.date == date
        {
            last.value = summary.as_ref().map(|s| s.steps);
        }
        Ok(DayActivity {
            date,
            hourly_steps: if summary.is_some() {
                hourly
            } else {
                Vec::new()
            },
            summary,
            week_steps,
            goals,
            gaps: parts.finish(),
        })
    }

    /// A day whose totals a range request brought: only the hourly steps are asked, and only
    /// when the day has a summary.
    async fn activity_from(
        &self,
        date: Date,
        totals: super::prefetch::DayTotals,
    ) -> Result<DayActivity, ApiError> {
        let tz = self.account.time_zone(self.fetch_account()).await?;
        let today = local_today(&self.clock, &tz);
        let mut parts = Parts::default();
        let hourly = if totals.summary.is_some() {
            let hourly = self
                .get(format!(
                    "/1/user/-/activities/steps/date/{date}/1d/15min.json"
                ))
                .await
                .and_then(|body| decode::hourly_steps(&body, date, &tz));
            parts.take("steps by hour", hourly)?.unwrap_or_default()
        } else {
            Vec::new()
        };
        let week = self.week_steps(date, today).await;
        let mut week_steps = parts.take("the last 7 days", week)?.unwrap_or_default();
        if let Some(last) = week_steps.last_mut()
            && last.date == date
        {
            last.value = totals.summary.as_ref().map(|s| s.steps);
        }
        Ok(DayActivity {
            date,
            summary: totals.summary,
            hourly_steps: hourly,
            week_steps,
            goals: totals.goals,
            gaps: parts.finish(),
        })
    }

    async fn resting_trend(
        &self,
        date: Date,
        today: Date,
    ) -> Result<Vec<crate::domain::DailyValue<u16>>, ApiError> {
        let cache = &self.caches.resting;
        let mut fresh = Vec::new();
        if let Some((start, end)) = self
            .caches
            .missing(cache, date, TREND_DAYS, today, TREND_DAYS, 365)
            .await
        {
            let body = self
                .get(format!(
                    "/1/user/-/activities/heart/date/{start}/{end}.json"
                ))
                .await?;
            let days = decode::heart_daily(&body)?;
            fresh = days
                .iter()
                .filter_map(|d| d.resting_bpm.map(|r| (d.date, r)))
                .collect();
            self.caches.record(cache, start, end, &fresh, today).await;
            // The same range has each day's time in zones: kept for the period views.
            let zones: Vec<_> = days
                .iter()
                .filter_map(|d| d.time_in_zones.map(|z| (d.date, z)))
                .collect();
            self.caches
                .record(&self.caches.zones, start, end, &zones, today)
                .await;
        }
        Ok(cache.trend(date, TREND_DAYS, &fresh))
    }

    async fn hrv_trend(
        &self,
        date: Date,
        today: Date,
    ) -> Result<(Option<Hrv>, Vec<crate::domain::DailyValue<f64>>), ApiError> {
        let cache = &self.caches.hrv;
        let mut fresh = Vec::new();
        // The HRV range endpoint spans at most 30 days.
        if let Some((start, end)) = self
            .caches
            .missing(cache, date, TREND_DAYS, today, TREND_DAYS, 30)
            .await
        {
            let body = self
                .get(format!("/1/user/-/hrv/date/{start}/{end}.json"))
                .await?;
            fresh = decode::hrv(&body)?;
            self.caches.record(cache, start, end, &fresh, today).await;
        }
        let trend = cache.trend(date, TREND_DAYS, &fresh);
        let day = trend.last().and_then(|v| v.value);
        let series = trend
            .into_iter()
            .map(|v| crate::domain::DailyValue {
                date: v.date,
                value: v.value.map(|h| h.daily_rmssd_ms),
            })
            .collect();
        Ok((day, series))
    }

    async fn ecg_day(
        &self,
        date: Date,
        tz: &TimeZone,
    ) -> Result<Vec<crate::domain::ecg::EcgReading>, ApiError> {
        if let Some(readings) = self.prefetched.take_ecg(date) {
            return Ok(readings);
        }
        let query = [
            ("afterDate", format!("{date}T00:00:00")),
            ("sort", "asc".to_string()),
            ("limit", "10".to_string()),
            ("offset", "0".to_string()),
        ];
        let body = self.api.get("/1/user/-/ecg/list.json", &query).await?;
        let (readings, _) = decode::ecg_list(&body, tz)?;
        Ok(readings
            .into_iter()
            .filter(|r| r.start.to_zoned(tz.clone()).date() == date)
            .collect())
    }

    /// The day's 1-second series (and zones), decoded as the ~2.6 MB body arrives.
    async fn heart_intraday(
        &self,
        date: Date,
        tz: &jiff::tz::TimeZone,
    ) -> Result<decode::HeartIntraday, ApiError> {
        let mut day = decode::HeartIntradayStream::new(date, tz)?;
        let path = format!("/1/user/-/activities/heart/date/{date}/1d/1sec.json");
        self.api
            .get_streamed(&path, &[], |chunk| day.feed(chunk))
            .await?;
        day.finish()
    }

    async fn heart_day(&self, date: Date) -> Result<HeartDay, ApiError> {
        let tz = self.account.time_zone(self.fetch_account()).await?;
        let today = local_today(&self.clock, &tz);
        let (intraday, resting, hrv, ecg) = tokio::join!(
            self.heart_intraday(date, &tz),
            self.resting_trend(date, today),
            self.hrv_trend(date, today),
            self.ecg_day(date, &tz),
        );
        let intraday = intraday?;
        let mut parts = Parts::default();
        let mut resting_trend = parts
            .take("resting heart rate trend", resting)?
            .unwrap_or_default();
        if let Some(last) = resting_trend.last_mut()
            && last.date == date
            && intraday.resting_bpm.is_some()
        {
            last.value = intraday.resting_bpm;
        }
        let (hrv, hrv_trend) = parts.take("HRV", hrv)?.unwrap_or_default();
        let ecg = parts.take("ECG readings", ecg)?;
        Ok(HeartDay {
            date,
            intraday: intraday.series,
            resting_bpm: intraday.resting_bpm,
            zones: intraday.zones,
            time_in_zones: intraday.time_in_zones,
            resting_trend,
            hrv,
            hrv_trend,
            ecg,
            vo2_max: None,
            gaps: parts.finish(),
        })
    }

    /// One nightly value for `date` through a 30-day cached range.
    async fn nightly<T: crate::domain::DailyRecord>(
        &self,
        cache: &DailyCache<T>,
        date: Date,
        today: Date,
        path: &str,
        decode: DatedDecoder<T>,
    ) -> Result<Option<T>, ApiError> {
        if let Some((start, end)) = self
            .caches
            .missing(cache, date, 1, today, TREND_DAYS, 30)
            .await
        {
            let body = self
                .get(format!("/1/user/-/{path}/date/{start}/{end}.json"))
                .await?;
            let values = decode(&body)?;
            self.caches.record(cache, start, end, &values, today).await;
            if let Some((_, v)) = values.iter().find(|(d, _)| *d == date) {
                return Ok(Some(v.clone()));
            }
        }
        Ok(cache.get(date))
    }

    async fn sleep_day(&self, date: Date) -> Result<SleepDay, ApiError> {
        let tz = self.account.time_zone(self.fetch_account()).await?;
        let today = local_today(&self.clock, &tz);
        let prefetched = self.prefetched.take_sleep(date);
        let logs = async {
            match &prefetched {
                Some(_) => Ok(None),
                None => self
                    .get(format!("/1.2/user/-/sleep/date/{date}.json"))
                    .await
                    .map(Some),
            }
        };
        let (logs, spo2, br, temp) = tokio::join!(
            logs,
            self.nightly(&self.caches.spo2, date, today, "spo2", decode::spo2_range),
            self.nightly(
                &self.caches.breathing,
                date,
                today,
                "br",
                decode::breathing_rate
            ),
            self.nightly(
                &self.caches.skin_temp,
                date,
                today,
                "temp/skin",
                decode::skin_temp
            ),
        );
        let (mut sessions, processing) = match (logs?, prefetched) {
            (Some(body), _) => {
                let page = decode::sleep(&body, &tz)?;
                let sessions: Vec<_> = page
                    .sessions
                    .into_iter()
                    .filter(|(d, _)| *d == date)
                    .map(|(_, s)| s)
                    .collect();
                (sessions, page.pending)
            }
            (None, sessions) => (sessions.unwrap_or_default(), false),
        };
        sessions.sort_by_key(|s| s.start);
        let mut parts = Parts::default();
        Ok(SleepDay {
            date,
            processing,
            sessions,
            spo2: parts.take("SpO₂", spo2)?.flatten(),
            breathing_rate: parts.take("breathing rate", br)?.flatten(),
            skin_temp_delta_c: parts.take("skin temperature", temp)?.flatten(),
            score: None,
            gaps: parts.finish(),
        })
    }

    /// Weigh-ins on `from..=to`: the weight and body-fat logs of each 31-day range, together.
    async fn weigh_ins(&self, from: Date, to: Date) -> Result<Vec<WeighIn>, ApiError> {
        if from > to {
            return Ok(Vec::new());
        }
        let tz = self.account.time_zone(self.fetch_account()).await?;
        let mut out = Vec::new();
        for (start, end) in crate::domain::calendar::pieces(from, to, BODY_LOG_DAYS) {
            let (weights, fats) = tokio::join!(
                self.get(format!("/1/user/-/body/log/weight/date/{start}/{end}.json")),
                self.get(format!("/1/user/-/body/log/fat/date/{start}/{end}.json")),
            );
            let weights = decode::weight(&weights?, &tz)?;
            let fats = decode::body_fat(&fats?, &tz)?;
            out.extend(
                decode::merge_weigh_ins(weights, &fats)
                    .into_iter()
                    .filter(|w| w.date >= from && w.date <= to),
            );
        }
        Ok(normalize(out))
    }

    async fn raw_devices(&self) -> Result<Vec<Device>, ApiError> {
        let tz = self.account.time_zone(self.fetch_account()).await?;
        let body = self.get("/1/user/-/devices.json".into()).await?;
        decode::devices(&body, &tz)
    }

    /// The devices, with each tracker's alarm support as the alarms endpoint reports it (asked
    /// once per tracker, then remembered).
    async fn device_list(&self) -> Result<Vec<Device>, ApiError> {
        let mut devices = self.raw_devices().await?;
        let _probing = self.probing.lock().await;
        for device in devices.iter_mut().filter(|d| d.kind == DeviceKind::Tracker) {
            if self.known_support(&device.id).is_none() {
                self.alarms_of(&device.id).await?;
            }
            if let Some(support) = self.known_support(&device.id) {
                device.alarms = support;
            }
        }
        Ok(devices)
    }

    async fn tracker_alarms(&self) -> Result<Vec<TrackerAlarms>, ApiError> {
        let devices = self.raw_devices().await?;
        let mut out = Vec::new();
        for mut device in devices
            .into_iter()
            .filter(|d| d.kind == DeviceKind::Tracker)
        {
            let alarms = self.alarms_of(&device.id).await?;
            if alarms.is_none() {
                device.alarms = AlarmSupport::None;
            }
            out.push(TrackerAlarms {
                device,
                alarms: alarms.unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// The documented alarm parameters: `time` with the tracker's UTC offset (the account's
    /// zone now), `enabled`, `recurring`, `weekDays` (required even for a one-time alarm: the
    /// day of its next ring), snooze, label and vibe.
    async fn alarm_params(
        &self,
        draft: &AlarmDraft,
    ) -> Result<Vec<(&'static str, String)>, ApiError> {
        let tz = self.account.time_zone(self.fetch_account()).await?;
        let now = self.clock.now().to_zoned(tz);
        let offset = now.offset();
        let secs = offset.seconds();
        let sign = if secs < 0 { '-' } else { '+' };
        let (h, m) = (
            secs.unsigned_abs() / 3600,
            (secs.unsigned_abs() % 3600) / 60,
        );
        let time = format!("{}{sign}{h:02}:{m:02}", draft.time);
        let days = if draft.recurring {
            draft.weekdays
        } else {
            std::iter::once(next_ring_day(&now, draft)).collect::<Weekdays>()
        };
        let week_days = days
            .iter()
            .map(|d| format!("{d:?}").to_uppercase())
            .collect::<Vec<_>>()
            .join(",");
        let mut params = vec![
            ("time", time),
            ("enabled", draft.enabled.to_string()),
            ("recurring", draft.recurring.to_string()),
            ("weekDays", week_days),
            ("snoozeLength", draft.snooze_length_min.to_string()),
            ("snoozeCount", draft.snooze_count.to_string()),
            ("vibe", draft.vibe.clone()),
        ];
        if let Some(label) = &draft.label {
            params.push(("label", label.clone()));
        }
        Ok(params)
    }

    async fn write_alarm(
        &self,
        tracker_id: &str,
        alarm_id: Option<u64>,
        draft: &AlarmDraft,
    ) -> Result<Alarm, ApiError> {
        let params = self.alarm_params(draft).await?;
        // Updating a named alarm is idempotent; creating one in the collection is not (a failed
        // attempt may have made it: the app retries creates itself, duplicate-safe).
        let (path, idempotency) = match alarm_id {
            Some(id) => (
                format!("/1/user/-/devices/tracker/{tracker_id}/alarms/{id}.json"),
                Idempotency::Idempotent,
            ),
            None => (
                format!("/1/user/-/devices/tracker/{tracker_id}/alarms.json"),
                Idempotency::NotIdempotent,
            ),
        };
        let body = self
            .api
            .send(Method::POST, &path, &params, Body::Empty, idempotency)
            .await?;
        decode::alarm(&body)
    }
}

/// The weekday a one-time alarm at `draft.time` rings next, from `now`.
fn next_ring_day(now: &Zoned, draft: &AlarmDraft) -> Weekday {
    let passed = (now.hour(), now.minute()) >= (draft.time.hour as i8, draft.time.minute as i8);
    if passed {
        now.date()
            .checked_add(1.day())
            .unwrap_or(now.date())
            .weekday()
    } else {
        now.date().weekday()
    }
}

crate::provider::impl_provider!(FitbitProvider, super::DIALECT, alarm_api: |this| Some(this));

impl AlarmApi for FitbitProvider {
    fn list(&self) -> ApiFuture<'_, Vec<TrackerAlarms>> {
        Box::pin(self.tracker_alarms())
    }

    fn save<'a>(
        &'a self,
        tracker_id: &'a str,
        alarm_id: Option<u64>,
        draft: &'a AlarmDraft,
    ) -> ApiFuture<'a, Alarm> {
        Box::pin(self.write_alarm(tracker_id, alarm_id, draft))
    }

    fn delete<'a>(&'a self, tracker_id: &'a str, alarm_id: u64) -> ApiFuture<'a, ()> {
        Box::pin(async move {
            let path = format!("/1/user/-/devices/tracker/{tracker_id}/alarms/{alarm_id}.json");
            self.api
                .send(
                    Method::DELETE,
                    &path,
                    &[],
                    Body::Empty,
                    Idempotency::Idempotent,
                )
                .await
                .map(|_| ())
        })
    }
}

/// Builds the provider around an authenticated client.
pub fn provider(api: ApiClient, clock: SharedClock) -> Arc<dyn Provider> {
    Arc::new(FitbitProvider::new(api, clock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_cut_at_31_days() {
        let d = |m, day| Date::constant(2026, m, day);
        assert_eq!(
            crate::domain::calendar::pieces(d(11, 1), d(11, 1), 31),
            [(d(11, 1), d(11, 1))]
        );
        assert_eq!(
            crate::domain::calendar::pieces(d(10, 1), d(10, 31), 31),
            [(d(10, 1), d(10, 31))]
        );
        assert_eq!(
            crate::domain::calendar::pieces(d(10, 1), d(11, 1), 31),
            [(d(10, 1), d(10, 31)), (d(11, 1), d(11, 1))]
        );
        assert_eq!(
            crate::domain::calendar::pieces(d(9, 1), d(11, 29), 31).len(),
            3
        );
        assert!(crate::domain::calendar::pieces(d(11, 2), d(11, 1), 31).is_empty());
    }
}
