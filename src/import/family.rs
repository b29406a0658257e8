//! Which health data a file of an export holds, from its name and its folder, at any depth
//! and under any root (`MyFitbitData/<Name>/user-site-export`, category folders,
//! `Takeout/Fitbit`, `Takeout/Google Health`, with or without `Takeout/`). `__MACOSX/` entries
//! are resource forks, never data.

/// A kind of file the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// `Profile.csv`: the account's zone and units.
    Profile,
    /// `heart_rate-YYYY-MM-DD.json`: one local day of readings, UTC stamps.
    HeartRate,
    /// `steps-`, `distance-`, `calories-`, `altitude-…json`: per-minute, UTC stamps.
    Minutes(MinuteKind),
    /// `sedentary_minutes-`, `lightly_…`, `moderately_…`, `very_active_minutes-…json`.
    ActiveMinutes(Level),
    /// `resting_heart_rate-…json` (yearly).
    RestingHr,
    /// `time_in_heart_rate_zones-…json`.
    Zones,
    /// `sleep-…json` (30-day chunks, newest first).
    Sleep,
    /// `weight-…json`.
    Weight,
    /// `exercise-N.json`.
    Exercise,
    /// `Daily Heart Rate Variability Summary - ….csv`.
    HrvSummary,
    /// `Daily Respiratory Rate Summary - ….csv`.
    RespiratorySummary,
    /// `Daily SpO2 - ….csv`.
    Spo2Daily,
    /// `Computed Temperature - ….csv`.
    Temperature,
    /// `Active Zone Minutes - ….csv`.
    Azm,
    /// `Physical Activity_GoogleData/…/floors_….csv` (floors exist only here).
    FloorsCsv,
    /// `demographic_vo2_max-….json` (yearly, daily rows).
    Vo2Max,
    /// `sleep_score.csv` (`Sleep Score/`, or `Sleep/` in an account archive).
    SleepScore,
    /// `Health Fitness Data_GoogleData/UserSleeps_….csv`: each night's UTC start and end with
    /// the UTC offset of each (the offset the night was slept at, travel included).
    UserSleeps,
    /// `Health Fitness Data_GoogleData/UserExercises_….csv`: each exercise's UTC start with
    /// the offset it was done at.
    UserExercises,
}

/// The per-minute streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MinuteKind {
    Steps,
    /// Centimetres.
    Distance,
    Calories,
    /// Altitude gain, feet (10 per floor).
    Altitude,
}

/// Activity levels of the daily minutes files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Sedentary,
    Lightly,
    Moderately,
    Very,
}

/// Whether `name` is `prefix` + `YYYY-MM-DD` + `ext` (or, with `numbered`, any digits).
fn dated(name: &str, prefix: &str, ext: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(ext))
        .is_some_and(|mid| {
            mid.len() == 10
                && mid.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                })
        })
}

/// The family of the file at `path` (inside the export), if the importer reads it. Names are
/// matched exactly as the exporters write them (case included).
#[allow(clippy::case_sensitive_file_extension_comparisons)]
pub fn classify(path: &str) -> Option<Family> {
    if path.split('/').any(|part| part == "__MACOSX") {
        return None;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.starts_with("._") {
        return None;
    }
    let in_google_data = path.contains("_GoogleData/");
    if in_google_data {
        let csv = |prefix: &str| name.starts_with(prefix) && name.ends_with(".csv");
        return if csv("floors_") {
            Some(Family::FloorsCsv)
        } else if csv("UserSleeps_") {
            Some(Family::UserSleeps)
        } else if csv("UserExercises_") {
            Some(Family::UserExercises)
        } else {
            None
        };
    }
    let json = |prefix: &str| dated(name, prefix, ".json");
    let family = if name == "Profile.csv" {
        Family::Profile
    } else if json("heart_rate-") {
        Family::HeartRate
    } else if json("steps-") {
        Family::Minutes(MinuteKind::Steps)
    } else if json("distance-") {
        Family::Minutes(MinuteKind::Distance)
    } else if json("calories-") {
        Family::Minutes(MinuteKind::Calories)
    } else if json("altitude-") {
        Family::Minutes(MinuteKind::Altitude)
    } else if json("sedentary_minutes-") {
        Family::ActiveMinutes(Level::Sedentary)
    } else if json("lightly_active_minutes-") {
        Family::ActiveMinutes(Level::Lightly)
    } else if json("moderately_active_minutes-") {
        Family::ActiveMinutes(Level::Moderately)
    } else if json("very_active_minutes-") {
        Family::ActiveMinutes(Level::Very)
    } else if json("resting_heart_rate-") {
        Family::RestingHr
    } else if json("time_in_heart_rate_zones-") {
        Family::Zones
    } else if json("sleep-") {
        Family::Sleep
    } else if json("weight-") {
        Family::Weight
    } else if json("demographic_vo2_max-") {
        Family::Vo2Max
    } else if name
        .strip_prefix("exercise-")
        .and_then(|r| r.strip_suffix(".json"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        Family::Exercise
    } else if name.ends_with(".csv") {
        if name == "sleep_score.csv" {
            Family::SleepScore
        } else if name.starts_with("Daily Heart Rate Variability Summary - ") {
            Family::HrvSummary
        } else if name.starts_with("Daily Respiratory Rate Summary - ") {
            Family::RespiratorySummary
        } else if name.starts_with("Daily SpO2 - ") {
            Family::Spo2Daily
        } else if name.starts_with("Computed Temperature - ") {
            Family::Temperature
        } else if name.starts_with("Active Zone Minutes - ") {
            Family::Azm
        } else {
            return None;
        }
    } else {
        return None;
    };
    Some(family)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_found_under_every_root_and_junk_is_not() {
        for path in [
            "MyFitbitData/JaneDoe/user-site-export/heart_rate-2019-03-01.json",
            "MyFitbitData/JaneDoe/Physical Activity/heart_rate-2019-03-01.json",
            "Takeout/Fitbit/Global Export Data/heart_rate-2019-03-01.json",
            "Takeout/Google Health/Global Export Data/heart_rate-2019-03-01.json",
            "Google Health/Global Export Data/heart_rate-2019-03-01.json",
        ] {
            assert_eq!(classify(path), Some(Family::HeartRate), "{path}");
        }
        assert_eq!(
            classify("__MACOSX/Takeout/Fitbit/Global Export Data/._heart_rate-2019-03-01.json"),
            None
        );
        assert_eq!(
            classify("Takeout/Fitbit/Sleep Score/sleep_score.csv"),
            Some(Family::SleepScore)
        );
        assert_eq!(
            classify("MyFitbitData/JaneDoe/Sleep/sleep_score.csv"),
            Some(Family::SleepScore)
        );
        assert_eq!(
            classify("Takeout/Fitbit/Global Export Data/demographic_vo2_max-2024-01-01.json"),
            Some(Family::Vo2Max)
        );
        assert_eq!(
            classify("Takeout/Fitbit/Global Export Data/run_vo2_max-2024-01-01.json"),
            None
        );
        assert_eq!(
            classify("Takeout/Fitbit/Global Export Data/sleep-2024-01-01.json"),
            Some(Family::Sleep)
        );
        assert_eq!(
            classify("Takeout/Fitbit/Global Export Data/exercise-100.json"),
            Some(Family::Exercise)
        );
        assert_eq!(
            classify(
                "Takeout/Google Health/Physical Activity_GoogleData/floors/floors_2026-10-01.csv"
            ),
            Some(Family::FloorsCsv)
        );
        assert_eq!(
            classify(
                "Takeout/Google Health/Physical Activity_GoogleData/heart_rate/heart_rate_2026-10-01.csv"
            ),
            None
        );
        assert_eq!(
            classify("Takeout/Fitbit/UserActivityProbabilities_1.csv"),
            None
        );
        assert_eq!(
            classify(
                "Takeout/Google Health/Health Fitness Data_GoogleData/UserSleeps_2026-10-01.csv"
            ),
            Some(Family::UserSleeps)
        );
        assert_eq!(
            classify(
                "Takeout/Google Health/Health Fitness Data_GoogleData/UserExercises_2026-10-01.csv"
            ),
            Some(Family::UserExercises)
        );
        assert_eq!(
            classify(
                "Takeout/Google Health/Health Fitness Data_GoogleData/UserSleepStages_2026-10-01.csv"
            ),
            None
        );
        assert_eq!(
            classify("Takeout/Fitbit/Global Export Data/heart_rate-x.json"),
            None
        );
        assert_eq!(
            classify("Takeout/Fitbit/Your Profile/Profile.csv"),
            Some(Family::Profile)
        );
    }
}
