//! The Heart tab's own state: which of the day's ECG readings is selected, and which part of
//! its waveform is on screen.

use crate::app::action::{Effect, Payload, Resource};
use crate::app::keymap::Command;
use crate::app::shell::Shell;
use crate::domain::ecg::EcgReading;

/// Seconds of ECG waveform on screen at once: a few beats, not a wall of 30 s.
pub const ECG_WINDOW_SECS: f64 = 5.0;
/// Seconds one `[` / `]` moves the waveform (half a window, so each view overlaps the last).
pub const ECG_STEP_SECS: f64 = 2.5;

/// The part of a recording `duration` seconds long on screen after `steps` steps: start and
/// end in seconds, never past the end (a recording shorter than the window shows whole).
pub fn ecg_window(duration: f64, steps: u16) -> (f64, f64) {
    let duration = if duration.is_finite() {
        duration.max(0.0)
    } else {
        0.0
    };
    let last_start = (duration - ECG_WINDOW_SECS).max(0.0);
    let start = (f64::from(steps) * ECG_STEP_SECS).min(last_start);
    (start, (start + ECG_WINDOW_SECS).min(duration.max(start)))
}

/// The steps that bring the window to the end of a recording `duration` seconds long.
fn last_step(duration: f64) -> u16 {
    let last_start = (duration - ECG_WINDOW_SECS).max(0.0);
    if last_start.is_finite() {
        (last_start / ECG_STEP_SECS).ceil().min(f64::from(u16::MAX)) as u16
    } else {
        0
    }
}

/// State of the Heart tab.
#[derive(Debug, Default)]
pub struct HeartState {
    ecg_selected: usize,
    /// Steps of [`ECG_STEP_SECS`] into the selected waveform.
    ecg_steps: u16,
}

impl HeartState {
    /// The ECG reading selected in the day's list (the view clamps it to the list).
    pub fn ecg_selected(&self) -> usize {
        self.ecg_selected
    }

    /// How far into the selected waveform the view is, in steps (see [`ecg_window`]).
    pub fn ecg_steps(&self) -> u16 {
        self.ecg_steps
    }

    pub(super) fn command(&mut self, command: Command, shell: &mut Shell) -> Vec<Effect> {
        let readings: &[EcgReading] = match shell
            .cache
            .get(&Resource::Heart(shell.selected))
            .and_then(|s| s.value())
            .map(|f| &f.value)
        {
            Some(Payload::Heart(day)) => day.ecg.as_deref().unwrap_or_default(),
            _ => &[],
        };
        let count = readings.len();
        match command {
            Command::SelectPrev | Command::SelectNext if count > 0 => {
                let delta = if command == Command::SelectPrev {
                    -1
                } else {
                    1
                };
                let selected = self
                    .ecg_selected
                    .saturating_add_signed(delta)
                    .min(count - 1);
                if selected != self.ecg_selected {
                    self.ecg_selected = selected;
                    self.ecg_steps = 0;
                }
            }
            Command::EcgEarlier => self.ecg_steps = self.ecg_steps.saturating_sub(1),
            Command::EcgLater => {
                let duration = readings
                    .get(self.ecg_selected.min(count.saturating_sub(1)))
                    .map_or(0.0, EcgReading::duration_secs);
                self.ecg_steps = self.ecg_steps.saturating_add(1).min(last_step(duration));
            }
            _ => {}
        }
        Vec::new()
    }

    /// A new day starts at its first reading, at the start of the waveform.
    pub(super) fn day_changed(&mut self) {
        self.ecg_selected = 0;
        self.ecg_steps = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_walks_through_the_recording_and_stops_at_its_end() {
        assert_eq!(ecg_window(30.0, 0), (0.0, 5.0));
        assert_eq!(ecg_window(30.0, 1), (2.5, 7.5));
        assert_eq!(ecg_window(30.0, 10), (25.0, 30.0));
        assert_eq!(ecg_window(30.0, 11), (25.0, 30.0));
        assert_eq!(last_step(30.0), 10);
        // Shorter than a window, empty or broken: shown whole, no panic.
        assert_eq!(ecg_window(3.0, 4), (0.0, 3.0));
        assert_eq!(ecg_window(0.0, 2), (0.0, 0.0));
        assert_eq!(ecg_window(f64::NAN, 2), (0.0, 0.0));
        assert_eq!(last_step(f64::INFINITY), 0);
    }
}
