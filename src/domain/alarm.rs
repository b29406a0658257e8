//! Tracker silent alarms and the rules an alarm must follow before it is sent.

use std::fmt;

use jiff::civil::Weekday;
use jiff::tz::Offset;

/// A tracker holds at most this many alarms.
pub const MAX_ALARMS_PER_TRACKER: usize = 8;

/// A set of weekdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Weekdays(u8);

impl Weekdays {
    /// Monday first, as Fitbit lists them.
    pub const ORDER: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    pub const NONE: Weekdays = Weekdays(0);
    pub const WORKDAYS: Weekdays = Weekdays(0b001_1111);
    pub const WEEKEND: Weekdays = Weekdays(0b110_0000);
    pub const EVERY_DAY: Weekdays = Weekdays(0b111_1111);

    fn bit(day: Weekday) -> u8 {
        1 << (day.to_monday_zero_offset() as u8)
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & Self::bit(day) != 0
    }

    pub fn insert(&mut self, day: Weekday) {
        self.0 |= Self::bit(day);
    }

    pub fn toggle(&mut self, day: Weekday) {
        self.0 ^= Self::bit(day);
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Weekday> {
        Self::ORDER.into_iter().filter(move |d| self.contains(*d))
    }

    /// `Mon–Fri`, `Weekends`, `Every day`, or `Mon, Wed`.
    pub fn summary(self) -> String {
        match self {
            Self::EVERY_DAY => "Every day".into(),
            Self::WORKDAYS => "Mon–Fri".into(),
            Self::WEEKEND => "Weekends".into(),
            Self::NONE => "No days".into(),
            _ => self.iter().map(short_name).collect::<Vec<_>>().join(", "),
        }
    }
}

impl FromIterator<Weekday> for Weekdays {
    fn from_iter<I: IntoIterator<Item = Weekday>>(iter: I) -> Self {
        let mut set = Weekdays::NONE;
        for d in iter {
            set.insert(d);
        }
        set
    }
}

/// `Mon`, `Tue`, ...
pub fn short_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

/// A local time of day for an alarm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AlarmTime {
    pub hour: u8,
    pub minute: u8,
}

impl AlarmTime {
    pub fn new(hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then_some(Self { hour, minute })
    }

    /// Moves by `minutes`, wrapping around midnight.
    #[must_use]
    pub fn step(self, minutes: i32) -> Self {
        let total = (i32::from(self.hour) * 60 + i32::from(self.minute) + minutes).rem_euclid(1440);
        Self {
            hour: (total / 60) as u8,
            minute: (total % 60) as u8,
        }
    }

    /// `07:15` or `7:15 AM`.
    pub fn display(self, twelve_hour: bool) -> String {
        if twelve_hour {
            let (h, suffix) = match self.hour {
                0 => (12, "AM"),
                1..=11 => (self.hour, "AM"),
                12 => (12, "PM"),
                _ => (self.hour - 12, "PM"),
            };
            format!("{h}:{:02} {suffix}", self.minute)
        } else {
            format!("{:02}:{:02}", self.hour, self.minute)
        }
    }
}

impl fmt::Display for AlarmTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// An alarm as the provider stores it.
#[allow(clippy::struct_excessive_bools)] // mirrors the API's flags one to one
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    pub id: u64,
    pub time: AlarmTime,
    /// The tracker's UTC offset the time was set with.
    pub offset: Option<Offset>,
    pub enabled: bool,
    /// Repeats weekly on `weekdays`; otherwise rings once.
    pub recurring: bool,
    pub weekdays: Weekdays,
    pub snooze_length_min: u16,
    pub snooze_count: u16,
    pub label: Option<String>,
    pub vibe: String,
    /// False while the change waits for the tracker's next sync.
    pub synced: bool,
    /// Deleted on the server, kept until the tracker syncs; never shown.
    pub deleted: bool,
}

/// A tracker whose alarms the provider can manage, with its alarms (deleted ones included; the
/// UI hides them).
#[derive(Debug, Clone, PartialEq)]
pub struct TrackerAlarms {
    pub device: super::device::Device,
    pub alarms: Vec<Alarm>,
}

impl TrackerAlarms {
    /// Alarms to show: not deleted, in time order.
    pub fn visible(&self) -> Vec<&Alarm> {
        let mut v: Vec<&Alarm> = self.alarms.iter().filter(|a| !a.deleted).collect();
        v.sort_by_key(|a| (a.time, a.id));
        v
    }

    /// Whether another alarm fits on the tracker.
    pub fn has_room(&self) -> bool {
        self.visible().len() < MAX_ALARMS_PER_TRACKER
    }
}

/// What the user edits; becomes an [`Alarm`] once the server accepts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlarmDraft {
    pub time: AlarmTime,
    pub enabled: bool,
    pub recurring: bool,
    pub weekdays: Weekdays,
    pub snooze_length_min: u16,
    pub snooze_count: u16,
    pub label: Option<String>,
    pub vibe: String,
}

impl Default for AlarmDraft {
    fn default() -> Self {
        Self {
            time: AlarmTime { hour: 7, minute: 0 },
            enabled: true,
            recurring: true,
            weekdays: Weekdays::WORKDAYS,
            snooze_length_min: 9,
            snooze_count: 3,
            label: None,
            vibe: "DEFAULT".into(),
        }
    }
}

impl From<&Alarm> for AlarmDraft {
    fn from(a: &Alarm) -> Self {
        Self {
            time: a.time,
            enabled: a.enabled,
            recurring: a.recurring,
            weekdays: a.weekdays,
            snooze_length_min: a.snooze_length_min,
            snooze_count: a.snooze_count,
            label: a.label.clone(),
            vibe: a.vibe.clone(),
        }
    }
}

/// Which part of a draft a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlarmField {
    Time,
    Weekdays,
    SnoozeLength,
    SnoozeCount,
    Label,
}

/// A broken rule, with the message shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlarmRuleError {
    pub field: AlarmField,
    pub message: String,
}

pub const SNOOZE_LENGTH_RANGE: std::ops::RangeInclusive<u16> = 1..=60;
pub const SNOOZE_COUNT_RANGE: std::ops::RangeInclusive<u16> = 0..=10;
pub const LABEL_MAX_CHARS: usize = 30;

impl AlarmDraft {
    /// Checks every rule; an empty result means the draft can be sent.
    pub fn validate(&self) -> Vec<AlarmRuleError> {
        let mut errors = Vec::new();
        let mut fail = |field, message: String| errors.push(AlarmRuleError { field, message });
        if self.recurring && self.weekdays.is_empty() {
            fail(
                AlarmField::Weekdays,
                "pick at least one day for a repeating alarm".into(),
            );
        }
        if !SNOOZE_LENGTH_RANGE.contains(&self.snooze_length_min) {
            fail(
                AlarmField::SnoozeLength,
                format!(
                    "snooze length must be {}–{} minutes",
                    SNOOZE_LENGTH_RANGE.start(),
                    SNOOZE_LENGTH_RANGE.end()
                ),
            );
        }
        if !SNOOZE_COUNT_RANGE.contains(&self.snooze_count) {
            fail(
                AlarmField::SnoozeCount,
                format!(
                    "snooze count must be {}–{}",
                    SNOOZE_COUNT_RANGE.start(),
                    SNOOZE_COUNT_RANGE.end()
                ),
            );
        }
        if let Some(label) = &self.label {
            if label.chars().count() > LABEL_MAX_CHARS {
                fail(
                    AlarmField::Label,
                    format!("label can be at most {LABEL_MAX_CHARS} characters"),
                );
            } else if label.chars().any(char::is_control) {
                fail(
                    AlarmField::Label,
                    "label cannot contain control characters".into(),
                );
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_sets() {
        let mut d = Weekdays::NONE;
        d.insert(Weekday::Monday);
        d.insert(Weekday::Wednesday);
        assert_eq!(d.summary(), "Mon, Wed");
        d.toggle(Weekday::Monday);
        assert!(!d.contains(Weekday::Monday));
        assert_eq!(Weekdays::WORKDAYS.summary(), "Mon–Fri");
        assert_eq!(Weekdays::WEEKEND.iter().count(), 2);
        let all: Weekdays = Weekdays::ORDER.into_iter().collect();
        assert_eq!(all, Weekdays::EVERY_DAY);
    }

    #[test]
    fn alarm_time_steps_and_displays() {
        let t = AlarmTime::new(23, 58).unwrap();
        assert_eq!(t.step(3), AlarmTime::new(0, 1).unwrap());
        assert_eq!(AlarmTime::new(0, 1).unwrap().step(-3), t);
        assert_eq!(t.display(true), "11:58 PM");
        assert_eq!(AlarmTime::new(0, 5).unwrap().display(true), "12:05 AM");
        assert_eq!(AlarmTime::new(7, 5).unwrap().display(false), "07:05");
        assert!(AlarmTime::new(24, 0).is_none());
    }

    #[test]
    fn validation_rules() {
        assert!(AlarmDraft::default().validate().is_empty());
        let draft = AlarmDraft {
            weekdays: Weekdays::NONE,
            snooze_length_min: 0,
            snooze_count: 11,
            label: Some("x".repeat(31)),
            ..AlarmDraft::default()
        };
        let fields: Vec<AlarmField> = draft.validate().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                AlarmField::Weekdays,
                AlarmField::SnoozeLength,
                AlarmField::SnoozeCount,
                AlarmField::Label
            ]
        );
        let once = AlarmDraft {
            recurring: false,
            weekdays: Weekdays::NONE,
            ..AlarmDraft::default()
        };
        assert!(once.validate().is_empty());
    }
}
