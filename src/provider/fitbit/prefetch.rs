//! Several days at once, for `fittui sync` (spans of a few days or more; the TUI's one-day
//! backfill takes the day views as they are): the parts of a day that the legacy API serves
//! over a date range are fetched for a whole span in one request each, one after the other,
//! kept here, and taken by the per-day views instead of asking per day. What has no range form
//! (the hourly steps, the heart-rate series) is still asked per day, and only where the day has
//! any data (a day off the wrist costs nothing). [`FitbitProvider::day_totals`] serves the
//! Today tab's week, month and year views from four of the same ranges.
//!
//! Requests for N final days `[A, B]` (today and yesterday are never prefetched: they are
//! still settling and take their one-day views), each range split at the endpoint's cap:
//!
//! | kind | range requests | per day |
//! |---|---|---|
//! | activity | the daily time series of `steps` (from A − 6, for the 7-day trend), `distance`, `calories`, `activityCalories`, `floors`, `minutesLightlyActive`, `minutesFairlyActive`, `minutesVeryActive` and `active-zone-minutes` (1,095 days a request); `activities/heart` from A − 29 (365 days a request: resting HR for the 30-day trend, and whether a day was worn); `goals/daily` once | `steps/…/1d/15min`, only on a day with a summary |
//! | heart | `hrv` from A − 29 (30 days a request), `activities/heart` from A − 29 unless activity is prefetched too, `ecg/list` from A (10 readings a page, `pagination.next` followed until past B) | `heart/…/1d/1sec`, every day (the series is the view) |
//! | sleep | `sleep` by range (100 days a request), `spo2`, `br`, `temp/skin` (30 days a request each) | none, but when a range says a night is still being processed (it does not say which), `sleep/date/{d}` for each day the range gave no main sleep |
//!
//! So for N days (ranges within their caps), W of them worn and R ECG readings among them:
//! activity 11 + W; heart ⌈(N + 29) / 30⌉ + ⌊R / 10⌋ + 1 (+ ⌈(N + 29) / 365⌉ alone) + N; sleep
//! ⌈N / 100⌉ + 3 ⌈N / 30⌉ (+ P, the nights without a main sleep in a range that said
//! "pending"); and `fittui sync`'s weigh-ins, 2 ⌈N / 31⌉ (`Provider::weight`: the weight and
//! the body-fat log by 31-day range). Ranges the trend caches (and the store behind them)
//! already hold are not asked again. A day whose part is missing here (its range failed, or the sleep range left
//! a night pending) falls back to its own requests.
//!
//! Differences from the one-day views, by design: the goals are the account's current daily
//! goals (`goals/daily.json`, with the AZM goal), not the goals stored with each past day; a
//! day whose only activity is a manually logged one with no recorded totals has no summary.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::client::FitbitProvider;
use super::decode;
use crate::api::{ApiError, DayKind};
use crate::domain::DailyRecord;
use crate::domain::activity::{ActivitySummary, Goals};
use crate::domain::calendar::{days as dates, pieces, span};
use crate::domain::ecg::EcgReading;
use crate::domain::sleep::SleepSession;
use crate::provider::ByDay;
use crate::provider::daily_cache::{DailyCache, ecg_by_day};
use crate::provider::known_account::local_today;

/// A span's range answers, by day, until the day's view takes them.
#[derive(Debug, Default)]
pub struct Prefetched {
    activity: ByDay<DayTotals>,
    ecg: ByDay<Vec<EcgReading>>,
    sleep: ByDay<Vec<SleepSession>>,
}

/// A day's activity from the range answers.
#[derive(Debug, Clone, PartialEq)]
pub struct DayTotals {
    pub summary: Option<ActivitySummary>,
    pub goals: Option<Goals>,
}

impl Prefetched {
    pub fn take_activity(&self, date: Date) -> Option<DayTotals> {
        self.activity.take(date)
    }

    pub fn take_ecg(&self, date: Date) -> Option<Vec<EcgReading>> {
        self.ecg.take(date)
    }

    pub fn take_sleep(&self, date: Date) -> Option<Vec<SleepSession>> {
        self.sleep.take(date)
    }
}

/// A decoder of a by-date range body.
type Dated<T> = fn(&[u8]) -> Result<Vec<(Date, T)>, ApiError>;

/// The daily time series the activity summary is made of (`steps` first).
const SERIES: [&str; 8] = [
    "steps",
    "distance",
    "calories",
    "activityCalories",
    "floors",
    "minutesLightlyActive",
    "minutesFairlyActive",
    "minutesVeryActive",
];

/// The longest range of the daily activity time series, days.
const SERIES_CAP: i64 = 1095;
/// The longest heart-rate range, days.
const HEART_CAP: i64 = 365;
/// The longest HRV, `SpO₂`, breathing-rate and skin-temperature range, days.
const NIGHTLY_CAP: i64 = 30;
/// The longest sleep range, days.
const SLEEP_CAP: i64 = 100;
/// Days of trend before a day: the 30-day trends' first day is 29 days back.
const TREND_BACK: i64 = 29;

/// A day's summary from the range answers (`series` in [`SERIES`] order), as the one-day view
/// makes it from the day's summary: none for a day with nothing recorded (BMR calories and
/// sedentary minutes do not count), AZM zero for a worn day the AZM series leaves out.
fn summary_of(
    date: Date,
    series: &[BTreeMap<Date, f64>; 8],
    azm: &[(Date, crate::domain::activity::Azm)],
    heart: &[super::heart::HeartDaily],
) -> Option<ActivitySummary> {
    let [
        steps,
        distance,
        calories,
        activity_calories,
        floors,
        lightly,
        fairly,
        very,
    ] = series;
    let positive = |map: &BTreeMap<Date, f64>| map.get(&date).is_some_and(|v| *v > 0.0);
    let worn = heart.iter().find(|h| h.date == date).is_some_and(|h| {
        h.resting_bpm.is_some_and(|r| r > 0)
            || h.time_in_zones
                .is_some_and(|z| z.below + z.fat_burn + z.cardio + z.peak > 0)
    });
    let recorded = worn
        || [
            steps,
            distance,
            activity_calories,
            floors,
            lightly,
            fairly,
            very,
        ]
        .into_iter()
        .any(positive);
    let count = |map: &BTreeMap<Date, f64>| map.get(&date).map(|v| v.max(0.0).round() as u32);
    recorded.then(|| ActivitySummary {
        steps: count(steps).unwrap_or(0),
        // The day's summary gives kilometres to two decimals, the series more: the same
        // figure as the one-day view.
        distance_m: (distance.get(&date).copied().unwrap_or(0.0).max(0.0) * 100.0).round() / 100.0
            * 1000.0,
        calories_kcal: calories.get(&date).copied(),
        floors: count(floors),
        active_minutes: match (count(fairly), count(very)) {
            (None, None) => None,
            (f, v) => Some(f.unwrap_or(0).saturating_add(v.unwrap_or(0))),
        },
        // Days without AZM are absent from the series: zero for a worn day.
        azm: Some(
            azm.iter()
                .find(|(d, _)| *d == date)
                .map(|(_, a)| *a)
                .unwrap_or_default(),
        ),
    })
}

impl FitbitProvider {
    /// Fetches the range parts of `kind` for `[from, to]` (days before yesterday only: today
    /// and yesterday are still settling and take their one-day views) and keeps them for the
    /// day views.
    pub(super) async fn prefetch_days(
        &self,
        kind: DayKind,
        from: Date,
        to: Date,
    ) -> Result<(), ApiError> {
        let tz = self.account.time_zone(self.fetch_account()).await?;
        let today = local_today(&self.clock, &tz);
        let last_final = today.checked_sub(2.days()).unwrap_or(today);
        let to = to.min(last_final);
        if to < from {
            return Ok(());
        }
        match kind {
            DayKind::Activity => self.prefetch_activity(from, to, today).await,
            DayKind::Heart => self.prefetch_heart(from, to, today, &tz).await,
            DayKind::Sleep => self.prefetch_sleep(from, to, today, &tz).await,
        }
    }

    /// `{path}/date/{start}/{end}.json` for each piece of `[from, to]` of at most `cap` days,
    /// oldest first, each body decoded, with the piece it covers.
    async fn by_range<T>(
        &self,
        path: &str,
        (from, to): (Date, Date),
        cap: i64,
        decode: impl Fn(&[u8]) -> Result<T, ApiError>,
    ) -> Result<Vec<(Date, Date, T)>, ApiError> {
        let mut out = Vec::new();
        for (start, end) in pieces(from, to, cap) {
            let body = self
                .get(format!("/1/user/-/{path}/date/{start}/{end}.json"))
                .await?;
            out.push((start, end, decode(&body)?));
        }
        Ok(out)
    }

    /// A daily time series over `[from, to]`, in as few requests as its cap allows.
    async fn series(
        &self,
        resource: &str,
        from: Date,
        to: Date,
    ) -> Result<BTreeMap<Date, f64>, ApiError> {
        let path = format!("activities/{resource}");
        let decode = |body: &[u8]| decode::daily_values(body, resource);
        let pieces = self.by_range(&path, (from, to), SERIES_CAP, decode).await?;
        Ok(pieces
            .into_iter()
            .flat_map(|(_, _, values)| values)
            .filter_map(|v| Some((v.date, v.value?)))
            .collect())
    }

    /// Active Zone Minutes per day over `[from, to]` (days without any are absent), in as few
    /// requests as the range cap allows.
    async fn azm_range(
        &self,
        from: Date,
        to: Date,
    ) -> Result<BTreeMap<Date, crate::domain::activity::Azm>, ApiError> {
        let path = "activities/active-zone-minutes";
        let pieces = self
            .by_range(path, (from, to), SERIES_CAP, decode::azm_series)
            .await?;
        Ok(pieces.into_iter().flat_map(|(_, _, days)| days).collect())
    }

    /// The heart-rate range over `[from, to]`: each day's resting HR, zones and time in zones.
    /// The resting HR goes to the trend cache.
    async fn heart_range(
        &self,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<Vec<super::heart::HeartDaily>, ApiError> {
        let pieces = self
            .by_range(
                "activities/heart",
                (from, to),
                HEART_CAP,
                decode::heart_daily,
            )
            .await?;
        let mut out = Vec::new();
        for (start, end, days) in pieces {
            let resting: Vec<(Date, u16)> = days
                .iter()
                .filter_map(|d| d.resting_bpm.map(|r| (d.date, r)))
                .collect();
            self.caches
                .record(&self.caches.resting, start, end, &resting, today)
                .await;
            let zones: Vec<(Date, crate::domain::heart::ZoneMinutes)> = days
                .iter()
                .filter_map(|d| d.time_in_zones.map(|z| (d.date, z)))
                .collect();
            self.caches
                .record(&self.caches.zones, start, end, &zones, today)
                .await;
            out.extend(days);
        }
        Ok(out)
    }

    /// Fills `cache` for `[from, to]` from `{path}/date/{start}/{end}.json` ranges of at most
    /// [`NIGHTLY_CAP`] days, asking only for what neither memory nor the store holds.
    async fn fill<T: DailyRecord>(
        &self,
        cache: &DailyCache<T>,
        from: Date,
        to: Date,
        today: Date,
        path: &str,
        decode: Dated<T>,
    ) -> Result<(), ApiError> {
        while let Some((start, end)) = self
            .caches
            .missing(cache, to, span(from, to), today, 0, NIGHTLY_CAP)
            .await
        {
            let body = self
                .get(format!("/1/user/-/{path}/date/{start}/{end}.json"))
                .await?;
            let values = decode(&body)?;
            self.caches.record(cache, start, end, &values, today).await;
        }
        Ok(())
    }

    async fn prefetch_activity(&self, from: Date, to: Date, today: Date) -> Result<(), ApiError> {
        let trend_from = from.checked_sub(TREND_BACK.days()).unwrap_or(from);
        let week_from = from.checked_sub(6.days()).unwrap_or(from);
        // One after the other: a batch job has time, and a burst of ranges that each cover
        // months is what a server (and its rate limit) likes least.
        let mut series = Vec::with_capacity(SERIES.len());
        for resource in SERIES {
            let start = if resource == "steps" { week_from } else { from };
            series.push(self.series(resource, start, to).await?);
        }
        let azm: Vec<(Date, crate::domain::activity::Azm)> =
            self.azm_range(from, to).await?.into_iter().collect();
        let heart = self.heart_range(trend_from, to, today).await?;
        let body = self
            .get("/1/user/-/activities/goals/daily.json".into())
            .await?;
        let goals = decode::daily_goals(&body)?;
        let Ok(series) = <[BTreeMap<Date, f64>; 8]>::try_from(series) else {
            return Ok(());
        };
        let steps = &series[0];
        // The series says 0 for a day without data: "no data", never a zero.
        let step_values: Vec<(Date, u32)> = steps
            .iter()
            .filter(|&(_, &n)| n > 0.0)
            .map(|(&d, &n)| (d, n.round() as u32))
            .collect();
        self.caches
            .record(&self.caches.steps, week_from, to, &step_values, today)
            .await;
        let days = dates(from, to).into_iter().map(|date| {
            let totals = DayTotals {
                summary: summary_of(date, &series, &azm, &heart),
                goals: goals.clone(),
            };
            (date, totals)
        });
        self.prefetched.activity.put(days);
        Ok(())
    }

    async fn prefetch_heart(
        &self,
        from: Date,
        to: Date,
        today: Date,
        tz: &TimeZone,
    ) -> Result<(), ApiError> {
        let trend_from = from.checked_sub(TREND_BACK.days()).unwrap_or(from);
        let resting = async {
            // The activity prefetch asks the heart range already; alone, heart asks it here.
            if self
                .caches
                .missing(
                    &self.caches.resting,
                    to,
                    span(trend_from, to),
                    today,
                    0,
                    HEART_CAP,
                )
                .await
                .is_some()
            {
                self.heart_range(trend_from, to, today).await?;
            }
            Ok::<_, ApiError>(())
        };
        let hrv = self.fill(&self.caches.hrv, trend_from, to, today, "hrv", decode::hrv);
        resting.await?;
        hrv.await?;
        let by_day = ecg_by_day(self.ecg_span(from, to, tz).await?, (from, to), tz);
        self.caches.record_ecg(&by_day, today).await;
        self.prefetched.ecg.put(by_day);
        Ok(())
    }

    /// The ECG readings from `from` on, oldest first, following `pagination.next` until a page
    /// reaches past `to`.
    async fn ecg_span(
        &self,
        from: Date,
        to: Date,
        tz: &TimeZone,
    ) -> Result<Vec<EcgReading>, ApiError> {
        let mut out = Vec::new();
        let mut query = vec![
            ("afterDate", format!("{from}T00:00:00")),
            ("sort", "asc".to_string()),
            ("limit", "10".to_string()),
            ("offset", "0".to_string()),
        ];
        let mut path = "/1/user/-/ecg/list.json".to_string();
        loop {
            let body = self.api.get(&path, &query).await?;
            let (readings, next) = decode::ecg_list(&body, tz)?;
            let past_end = readings
                .last()
                .is_some_and(|r| r.start.to_zoned(tz.clone()).date() > to);
            out.extend(readings);
            let Some(url) = next
                .filter(|_| !past_end)
                .and_then(|n| url::Url::parse(&n).ok())
            else {
                break;
            };
            path = url.path().to_string();
            query = url
                .query_pairs()
                .filter_map(|(k, v)| {
                    let key = ["afterDate", "beforeDate", "sort", "limit", "offset"]
                        .into_iter()
                        .find(|known| *known == k)?;
                    Some((key, v.into_owned()))
                })
                .collect();
        }
        Ok(out)
    }

    async fn prefetch_sleep(
        &self,
        from: Date,
        to: Date,
        today: Date,
        tz: &TimeZone,
    ) -> Result<(), ApiError> {
        let logs = async {
            let mut by_day: BTreeMap<Date, Vec<SleepSession>> = BTreeMap::new();
            for (start, end) in pieces(from, to, SLEEP_CAP) {
                let body = self
                    .get(format!("/1.2/user/-/sleep/date/{start}/{end}.json"))
                    .await?;
                let page = decode::sleep(&body, tz)?;
                let mut piece: BTreeMap<Date, Vec<SleepSession>> = dates(start, end)
                    .into_iter()
                    .map(|d| (d, Vec::new()))
                    .collect();
                for (date, session) in page.sessions {
                    if let Some(list) = piece.get_mut(&date) {
                        list.push(session);
                    }
                }
                // A night still being processed is left out of the logs, and the API does
                // not say which: a day without its main sleep then asks on its own.
                if page.pending {
                    piece.retain(|_, sessions| sessions.iter().any(|s| s.is_main));
                }
                by_day.extend(piece);
            }
            Ok::<_, ApiError>(by_day)
        };
        let spo2 = self.fill(
            &self.caches.spo2,
            from,
            to,
            today,
            "spo2",
            decode::spo2_range,
        );
        let br = self.fill(
            &self.caches.breathing,
            from,
            to,
            today,
            "br",
            decode::breathing_rate,
        );
        let temp = self.fill(
            &self.caches.skin_temp,
            from,
            to,
            today,
            "temp/skin",
            decode::skin_temp,
        );
        let logs = logs.await?;
        spo2.await?;
        br.await?;
        temp.await?;
        self.prefetched.sleep.put(logs);
        Ok(())
    }
}

impl FitbitProvider {
    /// The totals of every day in `[from, to]` for the week, month and year views, from range
    /// requests alone: the daily `steps`, `distance` and `floors` series and the
    /// `active-zone-minutes` range (1,095 days a request each — a year is four requests). A
    /// day the steps series says 0 for had no data; its other totals are then `None` too.
    pub(super) async fn day_totals(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<crate::domain::activity::DayTotals>, ApiError> {
        let steps = self.series("steps", from, to).await?;
        let distance = self.series("distance", from, to).await?;
        let floors = self.series("floors", from, to).await?;
        let azm = self.azm_range(from, to).await?;
        Ok(dates(from, to)
            .into_iter()
            .map(|date| {
                let worn = steps.get(&date).is_some_and(|s| *s > 0.0);
                let count = |map: &BTreeMap<Date, f64>| {
                    map.get(&date)
                        .filter(|_| worn)
                        .map(|v| v.max(0.0).round() as u32)
                };
                crate::domain::activity::DayTotals {
                    date,
                    stored: true,
                    steps: count(&steps),
                    // Two decimals of a kilometre, as the day's own summary gives it.
                    distance_m: distance
                        .get(&date)
                        .filter(|_| worn)
                        .map(|km| (km.max(0.0) * 100.0).round() / 100.0 * 1000.0),
                    floors: count(&floors),
                    azm: worn.then(|| {
                        azm.get(&date)
                            .map_or(0, crate::domain::activity::Azm::total)
                    }),
                    goal_steps: None,
                }
            })
            .collect())
    }
}
