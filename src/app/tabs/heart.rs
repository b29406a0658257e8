//! The Heart tab's own state: which of the day's ECG readings is selected, and which part of
//! its waveform is on screen.

use ratatui::layout::Rect;

use crate::app::action::{Effect, Payload, Resource};
use crate::app::keymap::Command;
use crate::app::shell::Shell;
use crate::app::tab::Tab;
use crate::domain::ecg::EcgReading;

// The Heart tab's layout, shared by the view (`ui::heart`) and the mouse (a click on an ECG
// reading), so the two cannot disagree on where the list is.

/// Rows of the bottom part (time in zones, the ECG) in a tab body `height` rows high.
pub fn bottom_height(height: u16) -> u16 {
    match height {
        30.. => 11,
        20..=29 => 7,
        _ => 6,
    }
}

/// Columns of the time-in-zones table in a tab body `width` columns wide: with the bpm
/// ranges when there is room, else without, so the ECG keeps its room.
pub fn zones_width(width: u16) -> u16 {
    if width >= 76 { 40 } else { 25 }
}

/// Rows of the ECG list for `readings` readings in an ECG panel `height` rows high (at least
/// one row stays for the waveform or the hint).
pub fn ecg_list_height(readings: usize, height: u16) -> u16 {
    u16::try_from(readings)
        .unwrap_or(u16::MAX)
        .min(height.saturating_sub(1).max(1))
}

/// The first reading the list shows, so that `selected` is in view.
pub fn ecg_first_shown(selected: usize, list_height: u16) -> usize {
    (selected + 1).saturating_sub(usize::from(list_height))
}

/// The ECG panel's content on a `width`×`height` screen: the header row, the tab's rounded
/// border, then the bottom part right of the zones, inside its top and left border and a
/// cell of right margin. `None` when the screen is below the smallest full layout (60×18,
/// `ui::too_small`), which shows no tab at all.
pub fn ecg_content(width: u16, height: u16) -> Option<Rect> {
    if width < 60 || height < 18 {
        return None;
    }
    // The tab body inside its border: below the header, above the status line.
    let body = Rect::new(1, 2, width - 2, height - 4);
    let bottom_h = bottom_height(body.height).min(body.height);
    let zones_w = zones_width(body.width).min(body.width);
    let x = body.x + zones_w + 1;
    let y = body.bottom() - bottom_h + 1;
    Some(Rect::new(
        x,
        y,
        body.right().saturating_sub(x).saturating_sub(1),
        bottom_h.saturating_sub(1),
    ))
}

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
            Command::SelectRow(index) | Command::OpenRow(index) if count > 0 => {
                let selected = index.min(count - 1);
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

    /// The ECG reading shown at (`column`, `row`) of the screen, if the Heart tab is on screen
    /// with a list of readings there.
    pub(crate) fn ecg_at(&self, shell: &Shell, column: u16, row: u16) -> Option<usize> {
        if shell.tab != Tab::Heart {
            return None;
        }
        let count = match shell
            .cache
            .get(&Resource::Heart(shell.selected))
            .and_then(|s| s.value())
            .map(|f| &f.value)
        {
            Some(Payload::Heart(day)) if !day.is_empty() => day.ecg.as_ref().map_or(0, Vec::len),
            _ => 0,
        };
        if count == 0 {
            return None;
        }
        let content = ecg_content(shell.screen.0, shell.screen.1)?;
        let list_h = ecg_list_height(count, content.height);
        let inside = column >= content.x
            && column < content.right()
            && row >= content.y
            && row < content.y + list_h;
        if !inside {
            return None;
        }
        let selected = self.ecg_selected.min(count - 1);
        let index = ecg_first_shown(selected, list_h) + usize::from(row - content.y);
        (index < count).then_some(index)
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
