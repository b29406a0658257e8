//! ECG readings taken on the watch.

use jiff::Timestamp;

/// The watch's verdict on a reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EcgClassification {
    NormalSinusRhythm,
    AtrialFibrillation,
    Inconclusive,
    /// A verdict this version of fittui does not know, kept as sent.
    Other(String),
}

impl EcgClassification {
    /// Parses the wording of either API ("Normal Sinus Rhythm", `NORMAL_SINUS_RHYTHM`, ...).
    pub fn parse(s: &str) -> Self {
        let norm: String = s
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if norm.starts_with("normalsinus") || norm == "nsr" {
            Self::NormalSinusRhythm
        } else if norm.starts_with("atrialfibrillation") || norm == "afib" {
            Self::AtrialFibrillation
        } else if norm.starts_with("inconclusive") {
            Self::Inconclusive
        } else {
            Self::Other(s.to_string())
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Self::NormalSinusRhythm => "Normal sinus rhythm",
            Self::AtrialFibrillation => "Atrial fibrillation",
            Self::Inconclusive => "Inconclusive",
            Self::Other(s) => s,
        }
    }
}

/// One 30-second single-lead reading.
#[derive(Debug, Clone, PartialEq)]
pub struct EcgReading {
    pub start: Timestamp,
    pub classification: EcgClassification,
    /// The raw classification text, for detail views.
    pub classification_text: String,
    pub average_hr: Option<u16>,
    pub sampling_hz: f64,
    /// Raw sample units per millivolt.
    pub scaling_factor: f64,
    pub samples: Vec<i32>,
    pub lead: Option<u8>,
    pub device: Option<String>,
}

impl EcgReading {
    /// Samples in millivolts.
    pub fn millivolts(&self) -> impl Iterator<Item = f64> + '_ {
        let scale = if self.scaling_factor > 0.0 {
            self.scaling_factor
        } else {
            1.0
        };
        self.samples.iter().map(move |&s| f64::from(s) / scale)
    }

    /// Duration of the waveform in seconds.
    pub fn duration_secs(&self) -> f64 {
        if self.sampling_hz > 0.0 {
            self.samples.len() as f64 / self.sampling_hz
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_wordings() {
        assert_eq!(
            EcgClassification::parse("Normal Sinus Rhythm"),
            EcgClassification::NormalSinusRhythm
        );
        assert_eq!(
            EcgClassification::parse("NORMAL_SINUS_RHYTHM"),
            EcgClassification::NormalSinusRhythm
        );
        assert_eq!(
            EcgClassification::parse("Atrial Fibrillation"),
            EcgClassification::AtrialFibrillation
        );
        assert_eq!(
            EcgClassification::parse("Inconclusive: High heart rate"),
            EcgClassification::Inconclusive
        );
        assert_eq!(
            EcgClassification::parse("Something new"),
            EcgClassification::Other("Something new".into())
        );
    }
}
