//! The CSV files: category folders (§5), `Physical Activity_GoogleData` (§6), profile and
//! devices (§8), and the non-health filler.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

use super::legacy::{UtcStamps, level_minutes, metres, record_id, sleeps, totals, ymd};
use super::sink::Sink;
use super::{Ctx, Era, TakeoutError};
use crate::json::{double, java_float, round_to};
use crate::oauth::FITBIT_USER_ID;
use crate::person::extras::{CHARGE_2_ID, DEVICES, DeviceType, SENSE_2_ID, last_sync, weigh_ins};
use crate::person::rng::{Draw, Stream, day_number, rng, unit};
use crate::person::{
    BIRTH_DATE, HEIGHT_CM, Level, MEMBER_SINCE, Nightly, STRIDE_RUN_CM, STRIDE_WALK_CM, add_days,
};

/// The `data source` of the watch's rows (takeout-2026).
pub const WATCH_SOURCE: &str = "Fitbit Sense 2";
/// The `data source` of the scale's rows (takeout-2026).
pub const SCALE_SOURCE: &str = "Aria Air";

pub(crate) fn write_all(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    profile(ctx, sink)?;
    if ctx.era != Era::Account2019 {
        categories(ctx, sink)?;
    }
    if ctx.era.is_takeout() {
        google_data(ctx, sink)?;
        trackers(ctx, sink)?;
    }
    if ctx.era == Era::Takeout2026 {
        user_sleeps(ctx, sink)?;
        user_exercises(ctx, sink)?;
        filler(ctx, sink)?;
    }
    Ok(())
}

/// `+HH:MM`, as the `Health Fitness Data` tables write a UTC offset.
fn offset_text(offset: jiff::tz::Offset) -> String {
    let secs = offset.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// `Health Fitness Data_GoogleData/UserExercises_YYYY-MM-01.csv` (monthly, takeout-2026):
/// every exercise's UTC start and end with the offset it was done at, in the person's zone.
fn user_exercises(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut months: BTreeMap<Date, String> = BTreeMap::new();
    for &d in ctx.dates {
        let day = ctx.p.day(d);
        for w in day.workouts_until(ctx.now) {
            let out = month_table(
                &mut months,
                d,
                "exercise_id,exercise_start,exercise_end,utc_offset,exercise_created,\
                 exercise_last_updated,tracker_total_distance_mm,tracker_total_altitude_mm,\
                 tracker_avg_heart_rate,data_source\n",
            );
            let t = crate::person::totals::Totals::of(day.workout_minutes(w));
            let end = w
                .start
                .checked_add(jiff::SignedDuration::from_secs(i64::from(w.minutes) * 60))
                .unwrap_or(w.start);
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},0,,{WATCH_SOURCE}",
                record_id(7_100_000_000_000_000_000_u64, d, w.index),
                iso_z(w.start),
                iso_z(end),
                offset_text(ctx.p.tz().to_offset(w.start)),
                iso_z(end),
                iso_z(end),
                t.distance_mm,
            );
        }
    }
    health_fitness_tables(ctx, sink, "UserExercises", months)
}

/// `d`'s month's file in `months`, begun with `header` when new.
fn month_table<'m>(
    months: &'m mut BTreeMap<Date, String>,
    d: Date,
    header: &str,
) -> &'m mut String {
    months
        .entry(month_start(d))
        .or_insert_with(|| header.to_owned())
}

/// Writes a `Health Fitness Data_GoogleData` table's monthly files (`<TABLE>_YYYY-MM-01.csv`).
fn health_fitness_tables(
    ctx: &Ctx<'_>,
    sink: &mut dyn Sink,
    table: &str,
    months: BTreeMap<Date, String>,
) -> Result<(), TakeoutError> {
    for (month, text) in months {
        let path = format!(
            "{}/Health Fitness Data_GoogleData/{table}_{}.csv",
            ctx.root(),
            ymd(month)
        );
        sink.add(&path, text.as_bytes(), false)?;
    }
    Ok(())
}

/// `Health Fitness Data_GoogleData/UserSleeps_YYYY-MM-01.csv` (monthly, takeout-2026): every
/// session with its UTC start and end and the offset of each, in the person's zone.
fn user_sleeps(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut months: BTreeMap<Date, String> = BTreeMap::new();
    for &d in ctx.dates {
        for night in sleeps(ctx, d) {
            let out = month_table(
                &mut months,
                d,
                "sleep_id,sleep_type,minutes_in_sleep_period,minutes_after_wake_up,\
                 minutes_to_fall_asleep,minutes_asleep,minutes_awake,\
                 minutes_longest_awakening,minutes_to_persistent_sleep,start_utc_offset,\
                 sleep_start,end_utc_offset,sleep_end,data_source,sleep_created,\
                 sleep_last_updated\n",
            );
            let awake = if night.classic {
                level_minutes(&night, Level::Awake) + level_minutes(&night, Level::Restless)
            } else {
                level_minutes(&night, Level::Wake)
            };
            let offset = |t: Timestamp| offset_text(ctx.p.tz().to_offset(t));
            let _ = writeln!(
                out,
                "{},{},{},0,0,{},{awake},0,0,{},{},{},{},{WATCH_SOURCE},{},{}",
                record_id(7_000_000_000_000_000_000_u64, d, night.index),
                if night.classic { "CLASSIC" } else { "STAGES" },
                night.minutes(),
                night.minutes().saturating_sub(awake),
                offset(night.start),
                iso_z(night.start),
                offset(night.end),
                iso_z(night.end),
                iso_z(night.end),
                iso_z(night.end),
            );
        }
    }
    health_fitness_tables(ctx, sink, "UserSleeps", months)
}

/// `YYYY-MM-DDTHH:MM:SS` (local, naive).
fn iso(dt: DateTime) -> String {
    crate::json::iso_seconds(dt)
}

/// `YYYY-MM-DDTHH:MM` (local, naive).
fn iso_minutes(dt: DateTime) -> String {
    let s = iso(dt);
    s[..16.min(s.len())].to_string()
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
fn iso_z(t: Timestamp) -> String {
    format!("{}Z", iso(jiff::tz::TimeZone::UTC.to_datetime(t)))
}

/// A date label `YYYY-MM-DDT00:00:00Z`.
fn label_z(d: Date) -> String {
    format!("{}T00:00:00Z", ymd(d))
}

fn month_start(d: Date) -> Date {
    d.first_of_month()
}

/// The nightly vitals the API serves for each export date.
fn nightlies(ctx: &Ctx<'_>) -> Vec<Nightly> {
    ctx.dates
        .iter()
        .filter_map(|d| ctx.p.nightly(*d, ctx.now))
        .collect()
}

fn categories(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let nights = nightlies(ctx);
    sleep_score(ctx, sink)?;
    hrv(ctx, &nights, sink)?;
    spo2(ctx, &nights, sink)?;
    temperature(ctx, &nights, sink)?;
    azm(ctx, sink)
}

fn cat_path(ctx: &Ctx<'_>, category: &str, file: &str) -> Option<String> {
    ctx.category_dir(category)
        .map(|dir| format!("{dir}/{file}"))
}

/// The overall score `sleep_score.csv` gives the night that ended on `d` (written for main
/// sleeps with stages only).
pub fn overall_score(p: &crate::person::Person, d: Date) -> u32 {
    70 + (unit(p.seed(), Stream::Takeout, day_number(d) ^ 0x51) * 22.0) as u32
}

/// The night of `d` that `sleep_score.csv` scores (its main sleep with stages, over by `now`),
/// with its score.
pub fn scored_night(p: &crate::person::Person, d: Date, now: jiff::Timestamp) -> Option<u32> {
    let processing = p.processing_night(now) == Some(d);
    p.sessions(d)
        .into_iter()
        .any(|n| n.end <= now && n.is_main && !n.classic && !processing)
        .then(|| overall_score(p, d))
}

fn sleep_score(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut out = String::from(
        "sleep_log_entry_id,timestamp,overall_score,composition_score,revitalization_score,\
         duration_score,deep_sleep_in_minutes,resting_heart_rate,restlessness\n",
    );
    for &d in ctx.dates {
        for night in sleeps(ctx, d).iter().filter(|n| n.is_main && !n.classic) {
            let key = day_number(d);
            let overall = overall_score(ctx.p, d);
            let revital = 70 + (unit(ctx.p.seed(), Stream::Takeout, key ^ 0x52) * 25.0) as u32;
            let restless = round_to(
                0.05 + 0.1 * unit(ctx.p.seed(), Stream::Takeout, key ^ 0x53),
                3,
            );
            let _ = writeln!(
                out,
                "{},{},{overall},,{revital},,{},{},{}",
                night.log_id(),
                iso_z(night.end),
                level_minutes(night, Level::Deep),
                ctx.p.rhr(d),
                double(restless)
            );
        }
    }
    let category = if ctx.era == Era::Account2021 {
        "Sleep"
    } else {
        "Sleep Score"
    };
    if let Some(path) = cat_path(ctx, category, "sleep_score.csv") {
        sink.add(&path, out.as_bytes(), false)?;
    }
    Ok(())
}

/// `Daily Heart Rate Variability Summary - YYYY-MM-(N).csv`: day D is `(D-1)`, day 1 has no
/// counter (`YYYY-MM-.csv`).
pub fn hrv_summary_name(d: Date) -> String {
    let counter = if d.day() == 1 {
        String::new()
    } else {
        format!("({})", d.day() - 1)
    };
    format!(
        "Daily Heart Rate Variability Summary - {:04}-{:02}-{counter}.csv",
        d.year(),
        d.month()
    )
}

fn hrv(ctx: &Ctx<'_>, nights: &[Nightly], sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    const DIR: &str = "Heart Rate Variability";
    let tz = ctx.p.tz();
    for n in nights {
        let summary = format!(
            "timestamp,rmssd,nremhr,entropy\n{}T00:00:00,{},{},{}\n",
            ymd(n.date),
            double(n.rmssd),
            n.non_rem_hr,
            double(n.entropy)
        );
        if let Some(path) = cat_path(ctx, DIR, &hrv_summary_name(n.date)) {
            sink.add(&path, summary.as_bytes(), false)?;
        }
        let mut details = String::from("timestamp,rmssd,coverage,low_frequency,high_frequency\n");
        for s in &n.hrv {
            let _ = writeln!(
                details,
                "{},{},{},{},{}",
                iso(tz.to_datetime(s.at)),
                double(s.rmssd),
                double(s.coverage),
                double(s.lf),
                double(s.hf)
            );
        }
        let name = format!("Heart Rate Variability Details - {}.csv", ymd(n.date));
        if let Some(path) = cat_path(ctx, DIR, &name) {
            sink.add(&path, details.as_bytes(), false)?;
        }
        let resp = format!(
            "timestamp,daily_respiratory_rate\n{}T00:00:00,{}\n",
            ymd(n.date),
            java_float(n.br_full)
        );
        let name = format!("Daily Respiratory Rate Summary - {}.csv", ymd(n.date));
        if let Some(path) = cat_path(ctx, DIR, &name) {
            sink.add(&path, resp.as_bytes(), false)?;
        }
    }
    Ok(())
}

/// The `SpO2` floor sentinel.
pub const SPO2_SENTINEL: f64 = 50.0;

fn spo2(ctx: &Ctx<'_>, nights: &[Nightly], sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    const DIR: &str = "Oxygen Saturation (SpO2)";
    for n in nights {
        let mut out = String::from("timestamp,value\n");
        let key = day_number(n.date) * 10_000;
        for (k, (t, v)) in n.spo2.iter().enumerate() {
            let _ = writeln!(out, "{},{}", iso_z(*t), java_float(*v));
            if unit(ctx.p.seed(), Stream::Takeout, key + k as i64) < 1.0 / 6.0 {
                let later = t
                    .saturating_add(jiff::SignedDuration::from_secs(30))
                    .unwrap_or(*t);
                let _ = writeln!(out, "{},{}", iso_z(later), java_float(SPO2_SENTINEL));
            }
        }
        let name = format!("Minute SpO2 - {}.csv", ymd(n.date));
        if let Some(path) = cat_path(ctx, DIR, &name) {
            sink.add(&path, out.as_bytes(), false)?;
        }
    }
    for chunk in ctx.dates.chunks(100) {
        let (Some(&first), Some(&last)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        let mut out = String::from("timestamp,average_value,lower_bound,upper_bound\n");
        for n in nights.iter().filter(|n| n.date >= first && n.date <= last) {
            let _ = writeln!(
                out,
                "{},{},{},{}",
                label_z(n.date),
                java_float(n.spo2_avg),
                java_float(n.spo2_min),
                java_float(n.spo2_max)
            );
        }
        let name = format!("Daily SpO2 - {}-{}.csv", ymd(first), ymd(last));
        if let Some(path) = cat_path(ctx, DIR, &name) {
            sink.add(&path, out.as_bytes(), false)?;
        }
    }
    Ok(())
}

fn temperature(ctx: &Ctx<'_>, nights: &[Nightly], sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let Some((first, _)) = ctx.span() else {
        return Ok(());
    };
    let tz = ctx.p.tz();
    let mut months: BTreeMap<Date, String> = BTreeMap::new();
    let header = "type,sleep_start,sleep_end,temperature_samples,nightly_temperature,\
                  baseline_relative_sample_sum,baseline_relative_sample_sum_of_squares,\
                  baseline_relative_nightly_standard_deviation,\
                  baseline_relative_sample_standard_deviation\n";
    let mut line = |d: Date, text: String| {
        months
            .entry(month_start(d))
            .or_insert_with(|| header.to_string())
            .push_str(&text);
    };
    // The account's first nights (before the window): no baseline yet.
    // Shaped like the window's second night (the first starts when the tracker went on).
    let template = ctx
        .dates
        .iter()
        .skip(1)
        .chain(ctx.dates.first())
        .find_map(|d| ctx.p.main_night(*d))
        .map(|n| (n.start, n.end, n.date));
    if let Some((start, end, date)) = template {
        for back in (1..=3).rev() {
            let shift = jiff::SignedDuration::from_hours(24 * back);
            let (Ok(s), Ok(e)) = (start.checked_sub(shift), end.checked_sub(shift)) else {
                continue;
            };
            let samples = end.duration_since(start).as_mins();
            let nightly = round_to(33.9 + 0.3 * unit(ctx.p.seed(), Stream::Takeout, -back), 2);
            let d = add_days(date, -back).min(add_days(first, -1));
            line(
                d,
                format!(
                    "IDT,{},{},{samples},{},NaN,NaN,NaN,NaN\n",
                    iso_minutes(tz.to_datetime(s)),
                    iso_minutes(tz.to_datetime(e)),
                    java_float(nightly)
                ),
            );
        }
    }
    for n in nights {
        let Some(night) = ctx.p.main_night(n.date) else {
            continue;
        };
        let samples = f64::from(night.minutes());
        let sd = n.skin_relative_sd_c;
        line(
            n.date,
            format!(
                "IDT,{},{},{},{},{},{},{},{}\n",
                iso_minutes(tz.to_datetime(night.start)),
                iso_minutes(tz.to_datetime(night.end)),
                night.minutes(),
                java_float(n.skin_nightly_c),
                double(round_to(n.skin_delta_c * samples, 2)),
                double(round_to(
                    samples * (n.skin_delta_c * n.skin_delta_c + sd * sd),
                    4
                )),
                double(sd),
                double(sd)
            ),
        );
    }
    for (month, text) in months {
        let name = format!("Computed Temperature - {}.csv", ymd(month));
        if let Some(path) = cat_path(ctx, "Temperature", &name) {
            sink.add(&path, text.as_bytes(), false)?;
        }
    }
    Ok(())
}

fn azm(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let tz = ctx.p.tz();
    let mut months: BTreeMap<Date, String> = BTreeMap::new();
    for &d in ctx.dates {
        let day = ctx.p.day(d);
        for (j, m) in day.minutes_until(ctx.now).iter().enumerate() {
            let zone = match m.zone {
                2 => "FAT_BURN",
                3 => "CARDIO",
                4 => "PEAK",
                _ => continue,
            };
            let at = day
                .start
                .saturating_add(jiff::SignedDuration::from_mins(j as i64))
                .unwrap_or(day.start);
            let text = months
                .entry(month_start(d))
                .or_insert_with(|| "date_time,heart_zone_id,total_minutes\n".to_string());
            let _ = writeln!(
                text,
                "{},{zone},{}",
                iso_minutes(tz.to_datetime(at)),
                m.azm()
            );
        }
    }
    for (month, text) in months {
        let name = format!("Active Zone Minutes - {}.csv", ymd(month));
        if let Some(path) = cat_path(ctx, "Active Zone Minutes (AZM)", &name) {
            sink.add(&path, text.as_bytes(), false)?;
        }
    }
    Ok(())
}

/// `GoogleData` rows: the `data source` column in takeout-2026 only.
struct Table {
    text: String,
    source: Option<&'static str>,
}

impl Table {
    fn new(ctx: &Ctx<'_>, header: &str, source: &'static str) -> Self {
        let with = ctx.era == Era::Takeout2026;
        let mut text = String::with_capacity(4096);
        text.push_str(header);
        if with {
            text.push_str(",data source");
        }
        text.push('\n');
        Table {
            text,
            source: with.then_some(source),
        }
    }

    /// Starts a row; finish it with [`Table::end`].
    fn row(&mut self) -> &mut String {
        &mut self.text
    }

    fn end(&mut self) {
        if let Some(s) = self.source {
            self.text.push(',');
            self.text.push_str(s);
        }
        self.text.push('\n');
    }

    fn line(&mut self, cells: &str) {
        self.text.push_str(cells);
        self.end();
    }
}

fn add_table(
    ctx: &Ctx<'_>,
    sink: &mut dyn Sink,
    family: &str,
    file: &str,
    t: &Table,
) -> Result<(), TakeoutError> {
    match ctx.google_path(family, file) {
        Some(path) => sink.add(&path, t.text.as_bytes(), false),
        None => Ok(()),
    }
}

fn google_data(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    google_heart(ctx, sink)?;
    google_minutes(ctx, sink)?;
    google_daily(ctx, sink)?;
    google_weight(ctx, sink)
}

/// Heart rate, one file per UTC day.
fn google_heart(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut add = |family: &str, file: &str, t: &Table| add_table(ctx, sink, family, file, t);
    let every = ctx.spec.heart_every_secs.max(1);
    let mut stamps = UtcStamps::new();
    let mut current: Option<(Date, Table)> = None;
    for &d in ctx.dates {
        let day = ctx.p.day(d);
        let base = day.start.as_second();
        let done = day.seconds_done(ctx.now) as usize;
        for (i, &bpm) in day.hr[..done].iter().enumerate() {
            if bpm == 0 || !(i as u32).is_multiple_of(every) {
                continue;
            }
            let secs = base + i as i64;
            let utc_day = utc_date(secs);
            if current.as_ref().is_none_or(|(cd, _)| *cd != utc_day) {
                if let Some((cd, t)) = current.take() {
                    add("heart_rate", &format!("heart_rate_{}.csv", ymd(cd)), &t)?;
                }
                current = Some((
                    utc_day,
                    Table::new(ctx, "timestamp,beats per minute", WATCH_SOURCE),
                ));
            }
            if let Some((_, t)) = current.as_mut() {
                let out = t.row();
                stamps.write_iso(out, secs);
                let _ = write!(out, ",{bpm}.0");
                t.end();
            }
        }
    }
    if let Some((cd, t)) = current.take() {
        add("heart_rate", &format!("heart_rate_{}.csv", ymd(cd)), &t)?;
    }
    Ok(())
}

/// Steps, distance (metres), floors: per UTC month, non-zero minutes.
fn google_minutes(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut stamps = UtcStamps::new();
    let mut monthly: BTreeMap<(usize, Date), Table> = BTreeMap::new();
    let families = [
        ("steps", "timestamp,steps"),
        ("distance", "timestamp,distance"),
        ("floors", "timestamp,floors"),
    ];
    for &d in ctx.dates {
        let day = ctx.p.day(d);
        let base = day.start.as_second();
        for (j, m) in day.minutes_until(ctx.now).iter().enumerate() {
            let secs = base + 60 * j as i64;
            let values = [
                (m.steps > 0).then(|| m.steps.to_string()),
                (m.distance_mm > 0).then(|| metres(u64::from(m.distance_mm))),
                (m.floors > 0).then(|| m.floors.to_string()),
            ];
            for (k, value) in values.into_iter().enumerate() {
                let Some(value) = value else { continue };
                let month = month_start(utc_date(secs));
                let t = monthly
                    .entry((k, month))
                    .or_insert_with(|| Table::new(ctx, families[k].1, WATCH_SOURCE));
                let out = t.row();
                stamps.write_iso(out, secs);
                out.push(',');
                out.push_str(&value);
                t.end();
            }
        }
    }
    for ((k, month), t) in &monthly {
        let family = families[*k].0;
        add_table(
            ctx,
            sink,
            family,
            &format!("{family}_{}.csv", ymd(*month)),
            t,
        )?;
    }
    Ok(())
}

/// The undated daily files.
fn google_daily(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut add = |family: &str, file: &str, t: &Table| add_table(ctx, sink, family, file, t);
    let mut rhr = Table::new(ctx, "timestamp,beats per minute", WATCH_SOURCE);
    for &d in ctx.dates {
        if totals(ctx, d).hr_n > 0 {
            rhr.line(&format!(
                "{},{}",
                label_z(d),
                java_float(f64::from(ctx.p.rhr(d)))
            ));
        }
    }
    add(
        "daily_resting_heart_rate",
        "daily_resting_heart_rate.csv",
        &rhr,
    )?;
    let nights = nightlies(ctx);
    let mut hrv = Table::new(
        ctx,
        "timestamp,average heart rate variability milliseconds,non rem heart rate beats per \
         minute,entropy,deep sleep root mean square of successive differences milliseconds",
        WATCH_SOURCE,
    );
    let mut resp = Table::new(ctx, "timestamp,breaths per minute", WATCH_SOURCE);
    let mut oxy = Table::new(
        ctx,
        "timestamp,average percentage,lower bound percentage,upper bound percentage,baseline \
         percentage,standard deviation percentage",
        WATCH_SOURCE,
    );
    for n in &nights {
        let l = label_z(n.date);
        hrv.line(&format!(
            "{l},{},{},{},{}",
            double(n.rmssd),
            n.non_rem_hr,
            double(n.entropy),
            double(n.deep_rmssd)
        ));
        resp.line(&format!("{l},{}", java_float(n.br_full)));
        oxy.line(&format!(
            "{l},{},{},{},{},{}",
            java_float(n.spo2_avg),
            java_float(n.spo2_min),
            java_float(n.spo2_max),
            java_float(n.spo2_avg),
            double(n.spo2_sd)
        ));
    }
    add(
        "daily_heart_rate_variability",
        "daily_heart_rate_variability.csv",
        &hrv,
    )?;
    add(
        "daily_respiratory_rate",
        "daily_respiratory_rate.csv",
        &resp,
    )?;
    add(
        "daily_oxygen_saturation",
        "daily_oxygen_saturation.csv",
        &oxy,
    )
}

/// Weight (grams) and body fat (per UTC month).
fn google_weight(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut add = |family: &str, file: &str, t: &Table| add_table(ctx, sink, family, file, t);
    if let Some((first, last)) = ctx.span() {
        let mut weight = Table::new(ctx, "timestamp,weight grams", SCALE_SOURCE);
        let mut fat: BTreeMap<Date, Table> = BTreeMap::new();
        for w in weigh_ins(ctx.p, first, last, ctx.now) {
            let stamp = format!("{}.000000Z", iso(jiff::tz::TimeZone::UTC.to_datetime(w.at)));
            weight.line(&format!(
                "{stamp},{}",
                java_float(round_to(w.kg * 1000.0, 1))
            ));
            if let Some(pct) = w.fat_pct {
                let month = month_start(utc_date(w.at.as_second()));
                fat.entry(month)
                    .or_insert_with(|| {
                        Table::new(ctx, "timestamp,body fat percentage", SCALE_SOURCE)
                    })
                    .line(&format!("{stamp},{}", java_float(pct)));
            }
        }
        add("weight", "weight.csv", &weight)?;
        for (month, t) in &fat {
            add("body_fat", &format!("body_fat_{}.csv", ymd(*month)), t)?;
        }
    }
    Ok(())
}

fn utc_date(secs: i64) -> Date {
    Timestamp::from_second(secs)
        .map(|t| jiff::tz::TimeZone::UTC.to_datetime(t).date())
        .unwrap_or_default()
}

/// Quotes a CSV cell when needed.
fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `Profile.csv` column names (§8).
pub const PROFILE_HEADER: &str = "id,full_name,first_name,last_name,display_name_setting,\
display_name,username,email_address,date_of_birth,child,country,state,city,timezone,locale,\
member_since,about_me,start_of_week,sleep_tracking,time_display_format,gender,height,weight,\
stride_length_walking,stride_length_running,weight_unit,distance_unit,height_unit,water_unit,\
glucose_unit,swim_unit";

fn profile(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let today = ctx.p.today(ctx.now);
    let full = format!("{} {}", ctx.first_name, ctx.last_name)
        .trim()
        .to_string();
    let initial = ctx
        .last_name
        .chars()
        .next()
        .map_or(String::new(), |c| format!(" {c}."));
    let cells = [
        FITBIT_USER_ID.to_string(),
        full,
        ctx.first_name.clone(),
        ctx.last_name.clone(),
        "name".into(),
        format!("{}{initial}", ctx.first_name),
        "null".into(),
        "null".into(),
        ymd(BIRTH_DATE),
        "false".into(),
        "US".into(),
        "null".into(),
        "null".into(),
        ctx.p.tz_name().to_string(),
        "en_US".into(),
        ymd(MEMBER_SINCE),
        "null".into(),
        "SUNDAY".into(),
        "Normal".into(),
        "12hour".into(),
        "FEMALE".into(),
        java_float(HEIGHT_CM),
        java_float(ctx.p.weight_kg(today)),
        java_float(STRIDE_WALK_CM),
        java_float(STRIDE_RUN_CM),
        "en_US".into(),
        "en_US".into(),
        "en_US".into(),
        "en_US".into(),
        "en_US".into(),
        "en_US".into(),
    ];
    let row: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    let text = format!("{PROFILE_HEADER}\n{}\n", row.join(","));
    let path = if ctx.era.is_takeout() {
        format!("{}/Your Profile/Profile.csv", ctx.root())
    } else {
        format!("{}/Personal & Account/Profile.csv", ctx.root())
    };
    sink.add(&path, text.as_bytes(), false)
}

/// `Trackers.csv` column names: the first four and `device_type` are documented, the rest
/// are placed where source \[11\] of the reference reads them.
pub const TRACKERS_HEADER: &str = "tracker_id,date_added,last_sync_date_time,batt_level,\
battery_level,device_type,mac,firmware_version,clock_format,enable_inactivity_alerts,\
inactivity_alerts_start,inactivity_alerts_end,tracker_name,device_name,on_dominant_hand,\
wrist,screen_order,heart_rate_tracking,sleep_sensitivity,tap_gesture,alarm_update_time,\
goal_display,exercise_settings,heart_rate_update_time";

fn trackers(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let mut text = format!("{TRACKERS_HEADER}\n");
    for dev in DEVICES.iter().filter(|d| d.kind == DeviceType::Tracker) {
        let sync = last_sync(ctx.p, dev.id, ctx.now);
        let ms = |t: Timestamp| {
            let dt = jiff::tz::TimeZone::UTC.to_datetime(t);
            format!("{}.000Z", iso(dt))
        };
        let added = if dev.id == CHARGE_2_ID {
            "2017-01-14"
        } else {
            "2023-10-05"
        };
        let firmware = if dev.id == SENSE_2_ID {
            "60.20001.194.86"
        } else {
            "22.55.2"
        };
        let alarm_update = if dev.supports_alarms {
            ms(sync)
        } else {
            "null".to_string()
        };
        let cells = [
            dev.id.to_string(),
            added.to_string(),
            ms(sync),
            dev.battery.to_string(),
            dev.battery_level.to_string(),
            dev.version.to_string(),
            dev.mac.unwrap_or("null").to_string(),
            firmware.to_string(),
            "12hour".into(),
            "false".into(),
            "09:00".into(),
            "17:00".into(),
            dev.version.to_string(),
            format!("{}'s {}", ctx.first_name, dev.version),
            "false".into(),
            "LEFT".into(),
            "null".into(),
            "AUTO".into(),
            "NORMAL".into(),
            "DOUBLE".into(),
            alarm_update,
            "STEPS".into(),
            "null".into(),
            ms(sync),
        ];
        let row: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        text.push_str(&row.join(","));
        text.push('\n');
    }
    sink.add(
        &format!("{}/Paired Devices/Trackers.csv", ctx.root()),
        text.as_bytes(),
        false,
    )
}

/// Bytes of the non-health `UserActivityProbabilities` file.
pub const FILLER_BYTES: usize = 300 * 1024;

fn filler(ctx: &Ctx<'_>, sink: &mut dyn Sink) -> Result<(), TakeoutError> {
    let Some((first, last)) = ctx.span() else {
        return Ok(());
    };
    let glucose = format!(
        "{}/Biometrics/Glucose {:02}{:02}.csv",
        ctx.root(),
        last.year().rem_euclid(100),
        last.month()
    );
    sink.add(&glucose, b"no data", false)?;
    let mut r = rng(ctx.p.seed(), Stream::Takeout, day_number(first));
    let mut text = String::with_capacity(FILLER_BYTES + 128);
    text.push_str("timestamp,activity_class,probability,model_version\n");
    let classes = ["STILL", "WALKING", "RUNNING", "IN_VEHICLE", "ON_BICYCLE"];
    let mut t = ctx.p.midnight(first).as_second();
    while text.len() < FILLER_BYTES {
        let class = classes[r.int(0, classes.len() as i64 - 1).clamp(0, 4) as usize];
        let _ = writeln!(
            text,
            "{}Z,{class},{:.6},3.14.{}",
            iso(jiff::tz::TimeZone::UTC
                .to_datetime(Timestamp::from_second(t).unwrap_or(Timestamp::UNIX_EPOCH))),
            r.uniform(0.0, 1.0),
            r.int(0, 9)
        );
        t += 60;
    }
    let path = format!(
        "{}/Health Fitness Data_GoogleData/UserActivityProbabilities_{}.csv",
        ctx.root(),
        ymd(first)
    );
    sink.add(&path, text.as_bytes(), true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn hrv_summary_names_carry_the_quirk() {
        assert_eq!(
            hrv_summary_name(date(2024, 7, 1)),
            "Daily Heart Rate Variability Summary - 2024-07-.csv"
        );
        assert_eq!(
            hrv_summary_name(date(2024, 7, 2)),
            "Daily Heart Rate Variability Summary - 2024-07-(1).csv"
        );
        assert_eq!(
            hrv_summary_name(date(2024, 7, 31)),
            "Daily Heart Rate Variability Summary - 2024-07-(30).csv"
        );
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(PROFILE_HEADER.split(',').count(), 31);
        assert_eq!(TRACKERS_HEADER.split(',').nth(12), Some("tracker_name"));
        assert_eq!(
            TRACKERS_HEADER.split(',').nth(20),
            Some("alarm_update_time")
        );
        assert_eq!(
            TRACKERS_HEADER.split(',').nth(23),
            Some("heart_rate_update_time")
        );
    }
}
