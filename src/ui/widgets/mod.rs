//! Custom widgets (nouns): bars, the heart-rate chart, the hypnogram, sparklines.

pub mod bars;
pub mod heart_chart;
pub mod hypnogram;
pub mod trend;
