//! Vitals measured during the main sleep and filed under the date it ended: `SpO2` (per-minute
//! samples and their summary), HRV (5-minute samples, nightly RMSSD), breathing rate per stage,
//! and the skin-temperature deviation from the personal baseline.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::model::Person;
use super::night::Night;
use super::rng::{Draw, Stream, day_number, rng, unit};
use super::types::Level;
use crate::json::round_to;

/// One HRV sample (5-minute window).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HrvSample {
    pub at: Timestamp,
    pub rmssd: f64,
    pub coverage: f64,
    pub hf: f64,
    pub lf: f64,
    pub deep: bool,
}

/// The night's vitals.
#[derive(Debug, Clone, PartialEq)]
pub struct Nightly {
    pub date: Date,
    /// Per-minute `SpO2` samples, percent.
    pub spo2: Vec<(Timestamp, f64)>,
    pub spo2_avg: f64,
    pub spo2_min: f64,
    pub spo2_max: f64,
    pub spo2_sd: f64,
    pub hrv: Vec<HrvSample>,
    /// Nightly RMSSD (mean of the samples), ms.
    pub rmssd: f64,
    /// RMSSD during deep sleep, ms.
    pub deep_rmssd: f64,
    pub entropy: f64,
    pub non_rem_hr: u8,
    /// Breaths per minute over the whole sleep and per stage (-1 = not enough data).
    pub br_full: f64,
    pub br_deep: f64,
    pub br_light: f64,
    pub br_rem: f64,
    pub br_sd: f64,
    pub br_snr: f64,
    /// Deviation from the baseline, °C.
    pub skin_delta_c: f64,
    pub skin_baseline_c: f64,
    pub skin_nightly_c: f64,
    pub skin_relative_sd_c: f64,
    /// When the sleep ended (sample time of the per-sleep summaries).
    pub end: Timestamp,
}

pub fn generate(p: &Person, night: &Night) -> Nightly {
    let key = day_number(night.date);
    let mut rand = rng(p.seed(), Stream::Nightly, key);
    let day = key as f64;
    let tau = std::f64::consts::TAU;

    let base = 96.3 + 0.6 * (tau * day / 23.0).sin();
    let mut spo2 = Vec::new();
    let mut value = base;
    let mut at = night
        .start
        .saturating_add(SignedDuration::from_secs(17))
        .unwrap_or(night.start);
    while at < night.end {
        value += (base - value) * 0.2 + rand.gauss(0.5);
        spo2.push((at, round_to(value.clamp(89.0, 100.0), 1)));
        at = at
            .saturating_add(SignedDuration::from_mins(1))
            .unwrap_or(night.end);
    }
    let count = spo2.len().max(1) as f64;
    let mean = spo2.iter().map(|s| s.1).sum::<f64>() / count;
    let var = spo2.iter().map(|s| (s.1 - mean).powi(2)).sum::<f64>() / count;
    let spo2_min = spo2.iter().map(|s| s.1).fold(100.0, f64::min);
    let spo2_max = spo2.iter().map(|s| s.1).fold(0.0, f64::max);

    let hrv_base = 44.0 + 6.0 * (tau * day / 37.0 + 2.0).sin() + rand.gauss(2.0);
    let mut hrv = Vec::new();
    let first = (night.start.as_second() + 299).div_euclid(300) * 300;
    let mut at = Timestamp::from_second(first).unwrap_or(night.start);
    while at < night.end {
        let into = at.duration_since(night.start).as_secs().max(0) as u32;
        let level = night.level_at(into).unwrap_or(Level::Light);
        let effect = match level {
            Level::Deep => 6.0,
            Level::Rem => -4.0,
            Level::Wake => -8.0,
            _ => 0.0,
        };
        let rmssd = (hrv_base + effect + rand.gauss(4.0)).clamp(8.0, 150.0);
        hrv.push(HrvSample {
            at,
            rmssd: round_to(rmssd, 3),
            coverage: round_to(rand.uniform(0.88, 0.995), 3),
            hf: round_to(rmssd * rand.uniform(5.0, 9.0), 3),
            lf: round_to(rmssd * rand.uniform(12.0, 30.0), 3),
            deep: level == Level::Deep,
        });
        at = at
            .saturating_add(SignedDuration::from_mins(5))
            .unwrap_or(night.end);
    }
    let avg = |it: &mut dyn Iterator<Item = f64>| {
        let (sum, n) = it.fold((0.0, 0u32), |(sum, n), v| (sum + v, n + 1));
        if n == 0 {
            None
        } else {
            Some(sum / f64::from(n))
        }
    };
    let rmssd = avg(&mut hrv.iter().map(|h| h.rmssd)).unwrap_or(hrv_base);
    let deep_rmssd = avg(&mut hrv.iter().filter(|h| h.deep).map(|h| h.rmssd)).unwrap_or(rmssd);

    let br_full = round_to(14.6 + 0.8 * (tau * day / 29.0).sin() + rand.gauss(0.3), 1);
    let rem_minutes: u32 = night
        .totals()
        .iter()
        .filter(|total| total.level == Level::Rem)
        .map(|total| total.minutes)
        .sum();
    let skin_delta_c = round_to((rand.gauss(0.35)).clamp(-1.5, 1.5), 2);
    let skin_baseline_c = round_to(33.9 + 0.1 * (tau * day / 61.0).sin(), 2);
    Nightly {
        date: night.date,
        spo2_avg: round_to(mean, 1),
        spo2_min,
        spo2_max,
        spo2_sd: round_to(var.sqrt(), 2),
        spo2,
        hrv,
        rmssd: round_to(rmssd, 3),
        deep_rmssd: round_to(deep_rmssd, 3),
        entropy: round_to(2.6 + 0.5 * unit(p.seed(), Stream::Nightly, key ^ 0x77), 3),
        non_rem_hr: p.rhr(night.date).saturating_sub(2),
        br_full,
        br_deep: round_to(br_full - 0.8, 1),
        br_light: round_to(br_full + 0.1, 1),
        br_rem: if rem_minutes < 20 {
            -1.0
        } else {
            round_to(br_full + 0.9, 1)
        },
        br_sd: round_to(rand.uniform(0.6, 1.4), 2),
        br_snr: round_to(rand.uniform(8.0, 20.0), 2),
        skin_delta_c,
        skin_baseline_c,
        skin_nightly_c: round_to(skin_baseline_c + skin_delta_c, 2),
        skin_relative_sd_c: round_to(rand.uniform(0.2, 0.45), 2),
        end: night.end,
    }
}

/// Cardio fitness (VO2 max estimate, ml/kg/min) of a worn day.
pub fn vo2max(p: &Person, date: Date) -> f64 {
    let d = day_number(date) as f64;
    let noise = unit(p.seed(), Stream::Drift, day_number(date) ^ 0x0C) - 0.5;
    round_to(
        43.5 + 1.5 * (std::f64::consts::TAU * d / 80.0).sin() + noise,
        1,
    )
}
