//! A day's totals as of "now", always computed as sums over the same minutes the intraday
//! endpoints list, so daily values and intraday sums agree by construction.

use jiff::Timestamp;

use super::types::{Day, Minute};

/// Totals over the minutes of a day that have ended.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    pub minutes: u32,
    pub steps: u64,
    pub distance_mm: u64,
    /// Distance per activity level (sedentary, lightly, fairly, very).
    pub level_distance_mm: [u64; 4],
    pub floors: u64,
    /// Calories including BMR (exact sum of the minutes).
    pub calories: f64,
    /// Calories during lightly/fairly/very active minutes.
    pub activity_calories: f64,
    pub sedentary: u32,
    pub lightly: u32,
    pub fairly: u32,
    pub very: u32,
    pub asleep: u32,
    /// Minutes per Fitbit zone (index 1 out of range … 4 peak) and their calories.
    pub zone_minutes: [u32; 5],
    pub zone_calories: [f64; 5],
    /// Minutes per Google zone (index 1 LIGHT … 4 PEAK).
    pub gzone_minutes: [u32; 5],
    pub gzone_calories: [f64; 5],
    /// Active Zone Minutes credits (fat burn ×1, cardio ×2, peak ×2).
    pub azm_fat_burn: u32,
    pub azm_cardio: u32,
    pub azm_peak: u32,
    /// Heart-rate readings (seconds) and their sum, min and max.
    pub hr_n: u64,
    pub hr_sum: u64,
    pub hr_min: u8,
    pub hr_max: u8,
}

impl Totals {
    /// Sums `minutes`.
    pub fn of(minutes: &[Minute]) -> Self {
        let mut t = Totals {
            hr_min: u8::MAX,
            ..Totals::default()
        };
        for m in minutes {
            t.add(m);
        }
        if t.hr_n == 0 {
            t.hr_min = 0;
        }
        t
    }

    /// The totals of `day` as of `now`.
    pub fn of_day(day: &Day, now: Timestamp) -> Self {
        Self::of(day.minutes_until(now))
    }

    fn add(&mut self, m: &Minute) {
        self.minutes += 1;
        self.steps += u64::from(m.steps);
        self.distance_mm += u64::from(m.distance_mm);
        self.level_distance_mm[usize::from(m.level.min(3))] += u64::from(m.distance_mm);
        self.floors += u64::from(m.floors);
        let cal = m.calories();
        self.calories += cal;
        match m.level {
            0 if m.is_asleep() => self.asleep += 1,
            0 => self.sedentary += 1,
            1 => self.lightly += 1,
            2 => self.fairly += 1,
            _ => self.very += 1,
        }
        if m.level > 0 {
            self.activity_calories += cal;
        }
        if m.zone > 0 {
            self.zone_minutes[usize::from(m.zone)] += 1;
            self.zone_calories[usize::from(m.zone)] += cal;
        }
        if m.gzone > 0 {
            self.gzone_minutes[usize::from(m.gzone)] += 1;
            self.gzone_calories[usize::from(m.gzone)] += cal;
        }
        match m.zone {
            2 => self.azm_fat_burn += 1,
            3 => self.azm_cardio += 2,
            4 => self.azm_peak += 2,
            _ => {}
        }
        if m.hr_n > 0 {
            self.hr_n += u64::from(m.hr_n);
            self.hr_sum += u64::from(m.hr_sum);
            self.hr_min = self.hr_min.min(m.hr_min);
            self.hr_max = self.hr_max.max(m.hr_max);
        }
    }

    /// Total Active Zone Minutes.
    pub fn azm(&self) -> u32 {
        self.azm_fat_burn + self.azm_cardio + self.azm_peak
    }

    /// Elevation in millimetres (one floor = 10 ft).
    pub fn elevation_mm(&self) -> f64 {
        self.floors as f64 * 3048.0
    }

    /// Mean heart rate of all readings.
    pub fn hr_mean(&self) -> Option<f64> {
        (self.hr_n > 0).then(|| self.hr_sum as f64 / self.hr_n as f64)
    }
}
