//! Custom widgets (nouns): bars, a labelled gauge, the heart-rate chart, the hypnogram, sparklines.

pub mod bars;
pub mod gauge;
pub mod heart_chart;
pub mod hypnogram;
pub mod period_chart;
pub mod trend;
