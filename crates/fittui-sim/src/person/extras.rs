//! Everything besides the daily streams: paired devices, weigh-ins on the scale, ECG readings.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::model::{HEIGHT_CM, Person, add_days};
use super::rng::{Draw, Stream, day_number, rng};
use crate::json::round_to;

/// Device class, as both APIs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceType {
    Tracker,
    Scale,
}

/// A paired device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceSpec {
    /// Fitbit `id` (the `{tracker-id}` of the alarm endpoints) and Google `pairedDevices/{id}`.
    pub id: &'static str,
    pub version: &'static str,
    pub kind: DeviceType,
    pub battery: &'static str,
    pub battery_level: u8,
    /// Fitbit-style MAC (no separators); scales have none.
    pub mac: Option<&'static str>,
    /// Silent alarms editable through the legacy API.
    pub supports_alarms: bool,
    /// Google `PairedDevice.features`.
    pub features: &'static [&'static str],
}

/// The tracker with alarm support.
pub const CHARGE_2_ID: &str = "816713257";
/// The watch without alarm support (records everything).
pub const SENSE_2_ID: &str = "2491835027";
/// The scale.
pub const ARIA_AIR_ID: &str = "FX175180B8C824";

/// Paired devices in the order the APIs list them.
pub const DEVICES: [DeviceSpec; 3] = [
    DeviceSpec {
        id: CHARGE_2_ID,
        version: "Charge 2",
        kind: DeviceType::Tracker,
        battery: "Low",
        battery_level: 14,
        mac: Some("16ADD56D54A1"),
        supports_alarms: true,
        features: &[
            "STEPS",
            "DISTANCE",
            "CALORIES",
            "ACTIVE_MINUTES",
            "HEART_RATE",
            "SLEEP",
            "ALARMS",
            "INACTIVITY_ALERTS",
            "BONDING",
        ],
    },
    DeviceSpec {
        id: SENSE_2_ID,
        version: "Sense 2",
        kind: DeviceType::Tracker,
        battery: "High",
        battery_level: 82,
        mac: Some("C4A3B8E29F10"),
        supports_alarms: false,
        features: &[
            "STEPS",
            "DISTANCE",
            "CALORIES",
            "ELEVATION",
            "ACTIVE_ZONE_MINUTES",
            "HEART_RATE",
            "SPO2",
            "NIGHTTIME_OXYGEN_SATURATION",
            "EDA",
            "SKIN_TEMPERATURE",
            "SLEEP",
            "SMART_SLEEP",
            "CONNECTED_GPS",
            "GPS",
            "PAYMENTS",
            "GALLERY",
        ],
    },
    DeviceSpec {
        id: ARIA_AIR_ID,
        version: "Aria Air",
        kind: DeviceType::Scale,
        battery: "Medium",
        battery_level: 60,
        mac: None,
        supports_alarms: false,
        features: &[],
    },
];

/// Looks a device up by id.
pub fn device(id: &str) -> Option<&'static DeviceSpec> {
    DEVICES.iter().find(|d| d.id == id)
}

/// MAC address with colons (Google style).
pub fn mac_colons(mac: &str) -> String {
    mac.as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

/// When a device last synced, as seen at `now`: the watch every 15 minutes, the old tracker a
/// few hours ago, the scale with its last weigh-in (over a day ago).
pub fn last_sync(p: &Person, id: &str, now: Timestamp) -> Timestamp {
    let floor = |step: i64| Timestamp::from_second(now.as_second().div_euclid(step) * step);
    let t = match id {
        SENSE_2_ID => floor(900).map(|t| t - SignedDuration::from_secs(62)),
        CHARGE_2_ID => floor(3600).map(|t| t - SignedDuration::from_secs(3 * 3600 - 17)),
        _ => Ok(weigh_ins(p, p.first_date(), p.today(now), now)
            .last()
            .map_or(now - SignedDuration::from_hours(72), |w| {
                w.at + SignedDuration::from_secs(8)
            })),
    };
    t.unwrap_or(now).min(now)
}

/// One weigh-in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeighIn {
    pub date: Date,
    pub at: Timestamp,
    pub kg: f64,
    pub bmi: f64,
    /// Body fat, percent: measured on about two weigh-ins in three (bare feet, dry scale).
    pub fat_pct: Option<f64>,
}

impl WeighIn {
    /// Fitbit `logId`: the measurement time in epoch milliseconds.
    pub fn log_id(&self) -> u64 {
        self.at.as_millisecond().max(0) as u64
    }
}

/// Weigh-ins on dates in `[from, to]` that happened by `now`, oldest first: one on most
/// mornings up to the last weigh-in date, none on about one day in five (never the last one).
pub fn weigh_ins(p: &Person, from: Date, to: Date, now: Timestamp) -> Vec<WeighIn> {
    let Some(last) = p.special().last_weigh_in else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut d = from.max(p.first_date());
    while d <= to && d <= last {
        if (d == last || !skips_scale(p, d))
            && let Some(w) = weigh_in(p, d)
            && w.at <= now
        {
            out.push(w);
        }
        d = add_days(d, 1);
    }
    out
}

/// Whether the person does not step on the scale on `date` (about one day in five).
fn skips_scale(p: &Person, date: Date) -> bool {
    rng(p.seed(), Stream::Weight, day_number(date) ^ 0x5C).uniform(0.0, 1.0) < 0.2
}

fn weigh_in(p: &Person, date: Date) -> Option<WeighIn> {
    let mut r = rng(p.seed(), Stream::Weight, day_number(date) ^ 0x3F);
    let at = match p.main_night(date) {
        Some(n) => n.end + SignedDuration::from_secs(r.int(8 * 60, 20 * 60)),
        None => p.tz().to_timestamp(date.at(7, 30, 0, 0)).ok()?,
    };
    let kg = p.weight_kg(date);
    let m = HEIGHT_CM / 100.0;
    Some(WeighIn {
        date,
        at,
        kg,
        bmi: round_to(kg / (m * m), 2),
        fat_pct: {
            let fat = round_to(24.0 + r.uniform(-0.8, 0.8), 1);
            (r.uniform(0.0, 1.0) < 0.67).then_some(fat)
        },
    })
}

/// ECG result classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcgResult {
    NormalSinusRhythm,
    Inconclusive,
}

impl EcgResult {
    pub fn fitbit(self) -> &'static str {
        match self {
            EcgResult::NormalSinusRhythm => "Normal Sinus Rhythm",
            EcgResult::Inconclusive => "Inconclusive",
        }
    }

    pub fn google(self) -> &'static str {
        match self {
            EcgResult::NormalSinusRhythm => "NORMAL_SINUS_RHYTHM",
            EcgResult::Inconclusive => "INCONCLUSIVE",
        }
    }
}

/// Sampling rate, Hz.
pub const ECG_HZ: u32 = 250;
/// Samples per reading (30 s).
pub const ECG_SAMPLES: usize = 7500;
/// Waveform units per millivolt.
pub const ECG_SCALING: i32 = 10922;

/// One ECG reading (on the Sense 2).
#[derive(Debug, Clone, PartialEq)]
pub struct Ecg {
    pub date: Date,
    pub at: Timestamp,
    pub bpm: u32,
    pub result: EcgResult,
    pub samples: Vec<i32>,
}

impl Ecg {
    /// Numeric id (Google data point id suffix).
    pub fn id(&self) -> u64 {
        7_100_000_000_000_000_060 + (day_number(self.date).max(0) as u64) * 100
    }
}

/// ECG readings taken by `now`, oldest first.
pub fn ecgs(p: &Person, now: Timestamp) -> Vec<Ecg> {
    p.special()
        .ecg
        .iter()
        .filter_map(|d| ecg(p, *d))
        .filter(|e| e.at <= now)
        .collect()
}

fn ecg(p: &Person, date: Date) -> Option<Ecg> {
    let mut r = rng(p.seed(), Stream::Ecg, day_number(date));
    let minute = r.int(16 * 60, 18 * 60);
    let at = p
        .tz()
        .to_timestamp(date.at(
            (minute / 60) as i8,
            (minute % 60) as i8,
            r.int(0, 59) as i8,
            0,
        ))
        .ok()?
        + SignedDuration::from_millis(r.int(0, 999));
    let inconclusive = p.special().ecg_inconclusive == Some(date);
    let bpm = if inconclusive {
        r.int(96, 118)
    } else {
        r.int(62, 78)
    } as u32;
    let result = if inconclusive {
        EcgResult::Inconclusive
    } else {
        EcgResult::NormalSinusRhythm
    };
    let samples = waveform(&mut r, bpm, inconclusive);
    Some(Ecg {
        date,
        at,
        bpm,
        result,
        samples,
    })
}

/// A synthetic lead-I trace: P, QRS and T waves per beat, baseline wander and noise.
fn waveform(r: &mut rand_chacha::ChaCha8Rng, bpm: u32, noisy: bool) -> Vec<i32> {
    let period = 60.0 / f64::from(bpm);
    // (phase, amplitude mV, width s)
    let waves = [
        (0.20, 0.15, 0.025),
        (0.37, -0.10, 0.010),
        (0.40, 1.10, 0.012),
        (0.43, -0.25, 0.012),
        (0.65, 0.30, 0.045),
    ];
    let sigma = if noisy { 0.12 } else { 0.015 };
    (0..ECG_SAMPLES)
        .map(|k| {
            let t = k as f64 / f64::from(ECG_HZ);
            let in_beat = t.rem_euclid(period);
            let mut mv = 0.05 * (t * 0.33 * std::f64::consts::TAU).sin();
            for (phase, amp, width) in waves {
                let dt = in_beat - phase * period;
                mv += amp * (-(dt * dt) / (2.0 * width * width)).exp();
            }
            mv += r.gauss(sigma);
            (mv * f64::from(ECG_SCALING)).round() as i32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::tests::person_at;

    #[test]
    fn weigh_ins_on_most_mornings_and_scale_synced_over_a_day_ago() {
        let p = person_at("2026-11-21T20:00:00Z", 90);
        let now: Timestamp = "2026-11-21T20:00:00Z".parse().unwrap();
        let w = weigh_ins(&p, p.first_date(), p.today(now), now);
        // 89 possible mornings (up to L-2): most, not all.
        assert!(w.len() > 60 && w.len() < 85, "{}", w.len());
        let with_fat = w.iter().filter(|w| w.fat_pct.is_some()).count();
        assert!(with_fat > w.len() / 3 && with_fat < w.len(), "{with_fat}");
        assert!(w.iter().all(|w| w.kg > 60.0 && w.kg < 75.0));
        assert!(w.windows(2).all(|p| p[0].date < p[1].date));
        assert_eq!(w.last().unwrap().date, jiff::civil::date(2026, 11, 19));
        // Deterministic.
        assert_eq!(w, weigh_ins(&p, p.first_date(), p.today(now), now));
        let sync = last_sync(&p, ARIA_AIR_ID, now);
        assert!(now.duration_since(sync).as_hours() >= 24);
        assert!(last_sync(&p, SENSE_2_ID, now) <= now);
    }

    #[test]
    fn ecg_readings() {
        let p = person_at("2026-11-21T20:00:00Z", 90);
        let now: Timestamp = "2026-11-21T20:00:00Z".parse().unwrap();
        let e = ecgs(&p, now);
        assert_eq!(e.len(), 4);
        assert_eq!(
            e.iter()
                .filter(|e| e.result == EcgResult::Inconclusive)
                .count(),
            1
        );
        assert!(e.iter().all(|e| e.samples.len() == ECG_SAMPLES));
        let peak = e[0].samples.iter().max().unwrap();
        assert!(*peak > 8_000 && *peak < 20_000, "{peak}");
        assert_eq!(mac_colons("C4A3B8E29F10"), "C4:A3:B8:E2:9F:10");
    }
}
