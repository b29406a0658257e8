//! What a rollup window accumulates, and the value object each data type reports for it.

use super::proto::{duration, int64};
use super::types::{DataType, Kind};
use crate::json::{Json, round_to};
use crate::person::day::CAL_UNIT;

/// What one window accumulated.
#[derive(Debug, Clone, Copy, Default)]
pub struct Acc {
    pub worn: bool,
    pub steps: u64,
    pub distance_mm: u64,
    pub floors: u64,
    pub cal_q: u64,
    pub azm: [u64; 3],
    pub active: [u64; 3],
    pub zone_minutes: [u64; 5],
    pub zone_cal_q: [u64; 5],
    pub hr_n: u64,
    pub hr_sum: u64,
    pub hr_min: u8,
    pub hr_max: u8,
    pub weight_g: f64,
    pub weight_n: u32,
    pub fat_pct: f64,
    pub fat_n: u32,
}

impl Acc {
    pub fn add_minute(&mut self, m: &crate::person::Minute) {
        self.worn = true;
        self.steps += u64::from(m.steps);
        self.distance_mm += u64::from(m.distance_mm);
        self.floors += u64::from(m.floors);
        self.cal_q += u64::from(m.cal_q);
        match m.zone {
            2 => self.azm[0] += 1,
            3 => self.azm[1] += 2,
            4 => self.azm[2] += 2,
            _ => {}
        }
        if (1..=3).contains(&m.level) {
            self.active[usize::from(m.level - 1)] += 1;
        }
        if m.gzone > 0 {
            self.zone_minutes[usize::from(m.gzone)] += 1;
            self.zone_cal_q[usize::from(m.gzone)] += u64::from(m.cal_q);
        }
    }

    pub fn add_bpm(&mut self, bpm: u8) {
        if self.hr_n == 0 {
            self.hr_min = bpm;
            self.hr_max = bpm;
        }
        self.hr_n += 1;
        self.hr_sum += u64::from(bpm);
        self.hr_min = self.hr_min.min(bpm);
        self.hr_max = self.hr_max.max(bpm);
    }

    pub fn merge(&mut self, o: &Acc) {
        self.worn |= o.worn;
        self.steps += o.steps;
        self.distance_mm += o.distance_mm;
        self.floors += o.floors;
        self.cal_q += o.cal_q;
        for i in 0..3 {
            self.azm[i] += o.azm[i];
            self.active[i] += o.active[i];
        }
        for i in 0..5 {
            self.zone_minutes[i] += o.zone_minutes[i];
            self.zone_cal_q[i] += o.zone_cal_q[i];
        }
        if o.hr_n > 0 {
            if self.hr_n == 0 {
                self.hr_min = o.hr_min;
                self.hr_max = o.hr_max;
            }
            self.hr_min = self.hr_min.min(o.hr_min);
            self.hr_max = self.hr_max.max(o.hr_max);
        }
        self.hr_n += o.hr_n;
        self.hr_sum += o.hr_sum;
        self.weight_g += o.weight_g;
        self.weight_n += o.weight_n;
    }
}

const ZONES: [&str; 5] = ["", "LIGHT", "MODERATE", "VIGOROUS", "PEAK"];

/// The value object of a window, or `None` when it has no data.
pub fn value(t: &DataType, a: &Acc) -> Option<Json> {
    let nonzero = |j: Json, k: &str, v: u64| if v > 0 { j.field(k, int64(v)) } else { j };
    match t.kind {
        Kind::HeartRate => (a.hr_n > 0).then(|| {
            Json::obj()
                .field(
                    "beatsPerMinuteAvg",
                    Json::Double(round_to(a.hr_sum as f64 / a.hr_n as f64, 6)),
                )
                .field("beatsPerMinuteMin", Json::Double(f64::from(a.hr_min)))
                .field("beatsPerMinuteMax", Json::Double(f64::from(a.hr_max)))
        }),
        Kind::Weight => (a.weight_n > 0).then(|| {
            Json::obj().field(
                "weightGramsAvg",
                Json::Double(round_to(a.weight_g / f64::from(a.weight_n), 3)),
            )
        }),
        Kind::BodyFat => (a.fat_n > 0).then(|| {
            Json::obj().field(
                "bodyFatPercentageAvg",
                Json::Double(round_to(a.fat_pct / f64::from(a.fat_n), 3)),
            )
        }),
        _ if !a.worn => None,
        Kind::Steps => Some(nonzero(Json::obj(), "countSum", a.steps)),
        Kind::Distance => Some(nonzero(Json::obj(), "millimetersSum", a.distance_mm)),
        Kind::Floors => Some(nonzero(Json::obj(), "countSum", a.floors)),
        Kind::TotalCalories => {
            Some(Json::obj().field("kcalSum", Json::Double(a.cal_q as f64 * CAL_UNIT)))
        }
        Kind::Azm => {
            let j = nonzero(Json::obj(), "sumInFatBurnHeartZone", a.azm[0]);
            let j = nonzero(j, "sumInCardioHeartZone", a.azm[1]);
            Some(nonzero(j, "sumInPeakHeartZone", a.azm[2]))
        }
        Kind::ActiveMinutes => {
            let levels: Vec<Json> = ["LIGHT", "MODERATE", "VIGOROUS"]
                .iter()
                .zip(a.active)
                .filter(|(_, n)| *n > 0)
                .map(|(l, n)| {
                    Json::obj()
                        .field("activityLevel", *l)
                        .field("activeMinutesSum", int64(n))
                })
                .collect();
            Some(if levels.is_empty() {
                Json::obj()
            } else {
                Json::obj().field("activeMinutesRollupByActivityLevel", Json::Arr(levels))
            })
        }
        Kind::TimeInZone => {
            let zones: Vec<Json> = (1..5)
                .filter(|z| a.zone_minutes[*z] > 0)
                .map(|z| {
                    Json::obj()
                        .field("heartRateZone", ZONES[z])
                        .field("duration", duration(a.zone_minutes[z] as i64 * 60))
                })
                .collect();
            Some(if zones.is_empty() {
                Json::obj()
            } else {
                Json::obj().field("timeInHeartRateZones", Json::Arr(zones))
            })
        }
        Kind::CaloriesInZone => {
            let zones: Vec<Json> = (1..5)
                .filter(|z| a.zone_minutes[*z] > 0)
                .map(|z| {
                    Json::obj()
                        .field("heartRateZone", ZONES[z])
                        .field("kcal", Json::Double(a.zone_cal_q[z] as f64 * CAL_UNIT))
                })
                .collect();
            Some(if zones.is_empty() {
                Json::obj()
            } else {
                Json::obj().field("caloriesInHeartRateZones", Json::Arr(zones))
            })
        }
        _ => None,
    }
}
