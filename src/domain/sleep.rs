//! Sleep: sessions with stages (or classic levels), naps, and the nightly vitals filed under the
//! day the main sleep ended.

use jiff::Timestamp;
use jiff::civil::Date;

/// Everything the Sleep tab shows for one local day (the night that *ended* on `date`).
#[derive(Debug, Clone, PartialEq)]
pub struct SleepDay {
    pub date: Date,
    /// All sessions that ended on `date`, in start order.
    pub sessions: Vec<SleepSession>,
    /// The provider is still processing the night; retry later.
    pub processing: bool,
    pub spo2: Option<Spo2>,
    /// Breaths per minute over the main sleep.
    pub breathing_rate: Option<f64>,
    /// Deviation of nightly skin temperature from the personal baseline, °C.
    pub skin_temp_delta_c: Option<f64>,
    /// The main sleep's score (1–100), where the source gave it (an export's
    /// `sleep_score.csv`; no API serves it).
    pub score: Option<u8>,
    /// Parts that did not arrive (a failed request, a permission not granted), each with why.
    pub gaps: Vec<super::gap::Gap>,
}

impl SleepDay {
    pub fn main(&self) -> Option<&SleepSession> {
        self.sessions.iter().find(|s| s.is_main)
    }

    pub fn naps(&self) -> impl Iterator<Item = &SleepSession> {
        self.sessions.iter().filter(|s| !s.is_main)
    }

    /// Nothing recorded and nothing pending.
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
            && !self.processing
            && self.spo2.is_none()
            && self.breathing_rate.is_none()
            && self.skin_temp_delta_c.is_none()
    }
}

/// Nightly blood-oxygen saturation, percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spo2 {
    pub avg: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// How the session's timeline was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SleepKind {
    /// Wake / REM / light / deep.
    Stages,
    /// Asleep / restless / awake (naps, manual logs, insufficient heart data).
    Classic,
}

/// A level on the hypnogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SleepLevel {
    Wake,
    Rem,
    Light,
    Deep,
    Asleep,
    Restless,
    Awake,
    /// A level this version of fittui does not know.
    Unknown,
}

impl SleepLevel {
    pub fn label(self) -> &'static str {
        match self {
            Self::Wake | Self::Awake => "Awake",
            Self::Rem => "REM",
            Self::Light => "Light",
            Self::Deep => "Deep",
            Self::Asleep => "Asleep",
            Self::Restless => "Restless",
            Self::Unknown => "Unknown",
        }
    }
}

/// A stretch of one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SleepSegment {
    pub start: Timestamp,
    pub seconds: u32,
    pub level: SleepLevel,
}

impl SleepSegment {
    pub fn end(&self) -> Timestamp {
        self.start
            .saturating_add(jiff::SignedDuration::from_secs(i64::from(self.seconds)))
            .unwrap_or(self.start)
    }
}

/// Minutes in one level, with the 30-day average when the provider has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageTotal {
    pub level: SleepLevel,
    pub minutes: u32,
    pub thirty_day_avg: Option<u32>,
}

/// One sleep log.
#[derive(Debug, Clone, PartialEq)]
pub struct SleepSession {
    pub id: String,
    pub start: Timestamp,
    pub end: Timestamp,
    pub is_main: bool,
    pub kind: SleepKind,
    /// The contiguous timeline.
    pub segments: Vec<SleepSegment>,
    /// Short wakes (≤ 3 min) drawn over the timeline (Fitbit's `shortData`).
    pub short_wakes: Vec<SleepSegment>,
    pub minutes_asleep: u32,
    pub minutes_awake: u32,
    pub time_in_bed: u32,
    pub stages: Vec<StageTotal>,
    /// Classic logs only.
    pub efficiency: Option<u8>,
    /// Stages are still being computed.
    pub processing: bool,
}
