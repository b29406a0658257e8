//! A one-line sparkline for day-by-day trends (resting HR, HRV), gaps shown as `·`.

use crate::domain::DailyValue;

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The sparkline text for `values`, scaled between their min and max.
pub fn sparkline<T: Copy + Into<f64>>(values: &[DailyValue<T>]) -> String {
    let nums: Vec<f64> = values
        .iter()
        .filter_map(|v| v.value.map(Into::into))
        .collect();
    let (Some(lo), Some(hi)) = (
        nums.iter().copied().reduce(f64::min),
        nums.iter().copied().reduce(f64::max),
    ) else {
        return String::new();
    };
    let span = (hi - lo).max(f64::EPSILON);
    values
        .iter()
        .map(|v| match v.value {
            Some(x) => {
                let idx = (((x.into() - lo) / span) * 7.0).round() as usize;
                LEVELS[idx.min(7)]
            }
            None => '·',
        })
        .collect()
}

/// Min and max of the values present.
pub fn range<T: Copy + Into<f64>>(values: &[DailyValue<T>]) -> Option<(f64, f64)> {
    let mut it = values.iter().filter_map(|v| v.value.map(Into::into));
    let first = it.next()?;
    Some(it.fold((first, first), |(lo, hi), x| (lo.min(x), hi.max(x))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn sparkline_scales_and_marks_gaps() {
        let d = date(2026, 11, 1);
        let vals = [
            DailyValue {
                date: d,
                value: Some(50u16),
            },
            DailyValue {
                date: d,
                value: None,
            },
            DailyValue {
                date: d,
                value: Some(60u16),
            },
            DailyValue {
                date: d,
                value: Some(55u16),
            },
        ];
        assert_eq!(sparkline(&vals), "▁·█▅");
        assert_eq!(range(&vals), Some((50.0, 60.0)));
    }
}
