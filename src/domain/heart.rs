//! Heart: the intraday series (kept as per-minute min/max/mean buckets, so a day costs ~17 KB
//! whatever the source resolution), resting HR, zones, time in zones and HRV.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::DailyValue;
use super::ecg::EcgReading;

/// Everything the Heart tab shows for one local day.
#[derive(Debug, Clone, PartialEq)]
pub struct HeartDay {
    pub date: Date,
    pub intraday: HeartSeries,
    pub resting_bpm: Option<u16>,
    pub zones: Option<ZoneThresholds>,
    pub time_in_zones: Option<ZoneMinutes>,
    /// Resting HR for the 30 days ending on `date`, oldest first.
    pub resting_trend: Vec<DailyValue<u16>>,
    pub hrv: Option<Hrv>,
    /// Nightly HRV (RMSSD, ms) for the 30 days ending on `date`, oldest first.
    pub hrv_trend: Vec<DailyValue<f64>>,
    /// Cardio fitness (VO₂ max), ml/kg/min, where the source gave it for the day (an export's
    /// daily estimate).
    pub vo2_max: Option<f64>,
    /// The day's ECG readings; `None` when the source cannot provide ECG.
    pub ecg: Option<Vec<EcgReading>>,
    /// Parts that did not arrive (a failed request, a permission not granted), each with why.
    pub gaps: Vec<super::gap::Gap>,
}

impl HeartDay {
    /// True when no heart data at all was recorded that day.
    pub fn is_empty(&self) -> bool {
        self.intraday.is_empty()
            && self.resting_bpm.is_none()
            && self.hrv.is_none()
            && self.ecg.as_ref().is_none_or(Vec::is_empty)
    }
}

/// Nightly heart-rate variability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hrv {
    /// RMSSD over the main sleep, ms.
    pub daily_rmssd_ms: f64,
    /// RMSSD during deep sleep, ms.
    pub deep_rmssd_ms: Option<f64>,
}

/// The four heart-rate zones, Fitbit's names. Google's LIGHT maps to `Below`, MODERATE to
/// `FatBurn`, VIGOROUS to `Cardio`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HeartZone {
    Below,
    FatBurn,
    Cardio,
    Peak,
}

impl HeartZone {
    pub const ALL: [HeartZone; 4] = [Self::Below, Self::FatBurn, Self::Cardio, Self::Peak];

    pub fn label(self) -> &'static str {
        match self {
            Self::Below => "Below zones",
            Self::FatBurn => "Fat burn",
            Self::Cardio => "Cardio",
            Self::Peak => "Peak",
        }
    }
}

/// Lower bounds (bpm) of the fat-burn, cardio and peak zones, and of the zone below them when
/// the provider bounds it (Google's LIGHT; the legacy API's "out of range" is open below).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneThresholds {
    pub fat_burn: u16,
    pub cardio: u16,
    pub peak: u16,
    pub light: Option<u16>,
}

impl ZoneThresholds {
    pub fn zone(&self, bpm: f64) -> HeartZone {
        if bpm >= f64::from(self.peak) {
            HeartZone::Peak
        } else if bpm >= f64::from(self.cardio) {
            HeartZone::Cardio
        } else if bpm >= f64::from(self.fat_burn) {
            HeartZone::FatBurn
        } else {
            HeartZone::Below
        }
    }
}

/// Minutes spent in each zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ZoneMinutes {
    pub below: u32,
    pub fat_burn: u32,
    pub cardio: u32,
    pub peak: u32,
}

impl ZoneMinutes {
    pub fn get(&self, zone: HeartZone) -> u32 {
        match zone {
            HeartZone::Below => self.below,
            HeartZone::FatBurn => self.fat_burn,
            HeartZone::Cardio => self.cardio,
            HeartZone::Peak => self.peak,
        }
    }
}

/// How finely the source delivered the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Second,
    Minute,
    Minutes(u16),
}

impl Resolution {
    pub fn label(self) -> String {
        match self {
            Self::Second => "1 s".into(),
            Self::Minute => "1 min".into(),
            Self::Minutes(n) => format!("{n} min"),
        }
    }
}

/// Readings within one minute of the local day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeartBucket {
    /// Minutes since the start of the local day (a 25-hour DST day has 1500).
    pub minute: u16,
    pub min: u16,
    pub max: u16,
    pub mean: f32,
    /// How many readings the bucket summarises (1 for a pre-aggregated rollup).
    pub weight: u16,
}

/// Min / max / mean over a span of buckets, e.g. one terminal column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpanStat {
    pub min: u16,
    pub max: u16,
    pub mean: f64,
}

/// Intraday heart rate of one local day, `[start, end)`, bucketed per minute. Minutes without
/// readings have no bucket: gaps stay gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct HeartSeries {
    pub resolution: Resolution,
    pub start: Timestamp,
    pub end: Timestamp,
    buckets: Vec<HeartBucket>,
}

impl HeartSeries {
    pub fn empty(start: Timestamp, end: Timestamp, resolution: Resolution) -> Self {
        Self {
            resolution,
            start,
            end,
            buckets: Vec::new(),
        }
    }

    /// A series from buckets already made (e.g. read back from the local store). They are
    /// sorted by minute; of two buckets for the same minute the first is kept.
    pub fn from_buckets(
        start: Timestamp,
        end: Timestamp,
        resolution: Resolution,
        mut buckets: Vec<HeartBucket>,
    ) -> Self {
        buckets.sort_by_key(|b| b.minute);
        buckets.dedup_by_key(|b| b.minute);
        Self {
            resolution,
            start,
            end,
            buckets,
        }
    }

    pub fn buckets(&self) -> &[HeartBucket] {
        &self.buckets
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    /// Length of the local day in minutes (1380, 1440 or 1500).
    pub fn day_minutes(&self) -> u32 {
        (self.end.duration_since(self.start).as_secs() / 60).max(0) as u32
    }

    /// Min / max / mean of the whole day.
    pub fn stat(&self) -> Option<SpanStat> {
        span_stat(&self.buckets)
    }

    /// Splits the day into `n` equal columns and summarises each; `None` marks a gap.
    pub fn columns(&self, n: usize) -> Vec<Option<SpanStat>> {
        let total = u64::from(self.day_minutes().max(1));
        let mut out = Vec::with_capacity(n);
        let mut i = 0;
        for col in 0..n as u64 {
            let end = ((col + 1) * total).div_ceil(n as u64);
            let first = i;
            while i < self.buckets.len() && u64::from(self.buckets[i].minute) < end {
                i += 1;
            }
            out.push(span_stat(&self.buckets[first..i]));
        }
        out
    }
}

fn span_stat(buckets: &[HeartBucket]) -> Option<SpanStat> {
    let first = buckets.first()?;
    let (mut min, mut max, mut sum, mut weight) = (first.min, first.max, 0.0, 0.0);
    for b in buckets {
        min = min.min(b.min);
        max = max.max(b.max);
        sum += f64::from(b.mean) * f64::from(b.weight);
        weight += f64::from(b.weight);
    }
    Some(SpanStat {
        min,
        max,
        mean: if weight > 0.0 {
            sum / weight
        } else {
            f64::from(first.mean)
        },
    })
}

/// Builds a [`HeartSeries`] from readings or rollup buckets in any order; readings outside the
/// day are ignored.
#[derive(Debug)]
pub struct HeartSeriesBuilder {
    series: HeartSeries,
    sums: Vec<f64>,
}

impl HeartSeriesBuilder {
    pub fn new(start: Timestamp, end: Timestamp, resolution: Resolution) -> Self {
        Self {
            series: HeartSeries::empty(start, end, resolution),
            sums: Vec::new(),
        }
    }

    fn minute_of(&self, at: Timestamp) -> Option<u16> {
        if at < self.series.start || at >= self.series.end {
            return None;
        }
        let secs = at.duration_since(self.series.start).as_secs();
        u16::try_from(secs / 60).ok()
    }

    /// Adds one reading.
    pub fn push(&mut self, at: Timestamp, bpm: u16) {
        if let Some(minute) = self.minute_of(at) {
            self.merge(minute, bpm, bpm, f64::from(bpm), 1);
        }
    }

    /// Adds a pre-aggregated bucket starting at `at` (e.g. a 60 s rollup window).
    pub fn push_bucket(&mut self, at: Timestamp, min: u16, max: u16, mean: f64) {
        if let Some(minute) = self.minute_of(at) {
            self.merge(minute, min, max, mean, 1);
        }
    }

    fn merge(&mut self, minute: u16, min: u16, max: u16, mean: f64, weight: u16) {
        let buckets = &mut self.series.buckets;
        // Readings usually arrive in order, so the last bucket is the common case.
        let idx = match buckets.last() {
            Some(last) if last.minute == minute => buckets.len() - 1,
            Some(last) if last.minute < minute => {
                buckets.push(new_bucket(minute));
                self.sums.push(0.0);
                buckets.len() - 1
            }
            None => {
                buckets.push(new_bucket(minute));
                self.sums.push(0.0);
                0
            }
            Some(_) => match buckets.binary_search_by_key(&minute, |b| b.minute) {
                Ok(i) => i,
                Err(i) => {
                    buckets.insert(i, new_bucket(minute));
                    self.sums.insert(i, 0.0);
                    i
                }
            },
        };
        let b = &mut buckets[idx];
        if b.weight == 0 {
            b.min = min;
            b.max = max;
        } else {
            b.min = b.min.min(min);
            b.max = b.max.max(max);
        }
        b.weight = b.weight.saturating_add(weight);
        self.sums[idx] += mean * f64::from(weight);
        b.mean = (self.sums[idx] / f64::from(b.weight)) as f32;
    }

    pub fn finish(self) -> HeartSeries {
        self.series
    }
}

fn new_bucket(minute: u16) -> HeartBucket {
    HeartBucket {
        minute,
        min: 0,
        max: 0,
        mean: 0.0,
        weight: 0,
    }
}

/// The instant `minutes` after `start`.
pub fn minute_instant(start: Timestamp, minutes: u32) -> Timestamp {
    start
        .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
        .unwrap_or(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn builder_buckets_per_minute_and_keeps_gaps() {
        let start = t("2026-11-21T08:00:00Z");
        let end = t("2026-11-22T08:00:00Z");
        let mut b = HeartSeriesBuilder::new(start, end, Resolution::Second);
        b.push(t("2026-11-21T08:00:01Z"), 60);
        b.push(t("2026-11-21T08:00:30Z"), 70);
        b.push(t("2026-11-21T08:05:00Z"), 90);
        b.push(t("2026-11-21T08:02:00Z"), 80); // out of order
        b.push(t("2026-11-21T07:59:59Z"), 200); // before the day
        let s = b.finish();
        let minutes: Vec<u16> = s.buckets().iter().map(|b| b.minute).collect();
        assert_eq!(minutes, [0, 2, 5]);
        let first = s.buckets()[0];
        assert_eq!((first.min, first.max, first.weight), (60, 70, 2));
        assert!((first.mean - 65.0).abs() < 1e-6);
        let cols = s.columns(1440 / 2);
        assert!(cols[0].is_some() && cols[1].is_some() && cols[3].is_none());
        assert_eq!(s.stat().unwrap().max, 90);
    }

    #[test]
    fn columns_cover_a_25_hour_day() {
        let start = t("2026-11-01T07:00:00Z");
        let end = t("2026-11-02T08:00:00Z");
        let mut b = HeartSeriesBuilder::new(start, end, Resolution::Minute);
        b.push(t("2026-11-02T07:59:00Z"), 55);
        let s = b.finish();
        assert_eq!(s.day_minutes(), 1500);
        let cols = s.columns(100);
        assert!(cols[99].is_some());
        assert_eq!(cols.iter().flatten().count(), 1);
    }

    #[test]
    fn zones_classify() {
        let z = ZoneThresholds {
            fat_burn: 98,
            cardio: 120,
            peak: 150,
            light: None,
        };
        assert_eq!(z.zone(60.0), HeartZone::Below);
        assert_eq!(z.zone(98.0), HeartZone::FatBurn);
        assert_eq!(z.zone(149.9), HeartZone::Cardio);
        assert_eq!(z.zone(181.0), HeartZone::Peak);
    }
}
