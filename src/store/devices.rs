//! `device_fetch` + `device_snapshot` (every fetch kept: battery history), and `alarm_state` +
//! `alarm_tracker` + `alarm` (the last known server state).

use jiff::civil::Weekday;
use jiff::tz::Offset;
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params, params_from_iter};

use super::codec::{Ts, account_id, corrupt, find_account, join_lines, split_lines};
use super::{AccountKey, FetchMeta, Result, Store, Stored};
use crate::domain::alarm::{Alarm, AlarmTime, TrackerAlarms, Weekdays};
use crate::domain::device::{AlarmSupport, BatteryLevel, Device, DeviceKind};

/// The device columns shared by `device_snapshot` and `alarm_tracker`, in this order.
const DEVICE_COLUMNS: &str = "device_id, model, kind, kind_other, battery, battery_other,
    battery_percent, last_sync, mac, features, alarm_support";

fn text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::Text(s.to_owned()))
}

/// `DEVICE_COLUMNS`' values for `d`.
fn device_values(d: &Device) -> Vec<Value> {
    let (kind, kind_other) = match &d.kind {
        DeviceKind::Tracker => ("tracker", None),
        DeviceKind::Scale => ("scale", None),
        DeviceKind::Other(s) => ("other", Some(s.as_str())),
    };
    let (battery, battery_other) = match &d.battery {
        None => (None, None),
        Some(BatteryLevel::High) => (Some("high"), None),
        Some(BatteryLevel::Medium) => (Some("medium"), None),
        Some(BatteryLevel::Low) => (Some("low"), None),
        Some(BatteryLevel::Empty) => (Some("empty"), None),
        Some(BatteryLevel::Other(s)) => (Some("other"), Some(s.as_str())),
    };
    let alarm_support = match d.alarms {
        AlarmSupport::Editable => "editable",
        AlarmSupport::DeviceOnly => "device_only",
        AlarmSupport::None => "none",
    };
    vec![
        Value::Text(d.id.clone()),
        Value::Text(d.model.clone()),
        text(Some(kind)),
        text(kind_other),
        text(battery),
        text(battery_other),
        d.battery_percent
            .map_or(Value::Null, |p| Value::Integer(i64::from(p))),
        text(d.last_sync.map(|t| t.to_string()).as_deref()),
        text(d.mac.as_deref()),
        text(join_lines(&d.features).as_deref()),
        text(Some(alarm_support)),
    ]
}

/// A device from `DEVICE_COLUMNS` starting at column `at`.
fn device_from(row: &Row<'_>, at: usize) -> Result<Device> {
    let kind = match row.get::<_, String>(at + 2)?.as_str() {
        "tracker" => DeviceKind::Tracker,
        "scale" => DeviceKind::Scale,
        "other" => DeviceKind::Other(row.get::<_, Option<String>>(at + 3)?.unwrap_or_default()),
        other => return Err(corrupt("device kind", other)),
    };
    let battery = match row.get::<_, Option<String>>(at + 4)?.as_deref() {
        None => None,
        Some("high") => Some(BatteryLevel::High),
        Some("medium") => Some(BatteryLevel::Medium),
        Some("low") => Some(BatteryLevel::Low),
        Some("empty") => Some(BatteryLevel::Empty),
        Some("other") => Some(BatteryLevel::Other(
            row.get::<_, Option<String>>(at + 5)?.unwrap_or_default(),
        )),
        Some(other) => return Err(corrupt("battery level", other)),
    };
    let alarms = match row.get::<_, String>(at + 10)?.as_str() {
        "editable" => AlarmSupport::Editable,
        "device_only" => AlarmSupport::DeviceOnly,
        "none" => AlarmSupport::None,
        other => return Err(corrupt("alarm support", other)),
    };
    Ok(Device {
        id: row.get(at)?,
        model: row.get(at + 1)?,
        kind,
        battery,
        battery_percent: row.get(at + 6)?,
        last_sync: row.get::<_, Option<Ts>>(at + 7)?.map(|t| t.0),
        mac: row.get(at + 8)?,
        features: split_lines(row.get(at + 9)?),
        alarms,
    })
}

/// Weekdays as a bit mask, bit 0 Monday ... bit 6 Sunday.
fn weekday_bits(days: Weekdays) -> u8 {
    days.iter()
        .map(|d| 1u8 << d.to_monday_zero_offset())
        .fold(0, |acc, b| acc | b)
}

fn weekdays_from(bits: u8) -> Result<Weekdays> {
    if bits >= 0x80 {
        return Err(corrupt("weekday set", &bits.to_string()));
    }
    Ok(Weekdays::ORDER
        .into_iter()
        .filter(|d: &Weekday| bits & (1 << d.to_monday_zero_offset()) != 0)
        .collect())
}

fn put_alarm(
    conn: &Connection,
    account: i64,
    tracker: usize,
    position: usize,
    a: &Alarm,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO alarm (account, tracker, position, id, hour, minute, utc_offset, enabled,
            recurring, weekdays, snooze_length_min, snooze_count, label, vibe, synced, deleted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        account,
        tracker as i64,
        position as i64,
        // bit for bit: an id above i64::MAX reads back the same
        a.id as i64,
        a.time.hour,
        a.time.minute,
        a.offset.map(Offset::seconds),
        a.enabled,
        a.recurring,
        weekday_bits(a.weekdays),
        a.snooze_length_min,
        a.snooze_count,
        a.label,
        a.vibe,
        a.synced,
        a.deleted,
    ])?;
    Ok(())
}

fn alarm_from(r: &Row<'_>) -> Result<Alarm> {
    let (hour, minute): (u8, u8) = (r.get(1)?, r.get(2)?);
    let time = AlarmTime::new(hour, minute)
        .ok_or_else(|| corrupt("alarm time", &format!("{hour}:{minute}")))?;
    let offset = r
        .get::<_, Option<i32>>(3)?
        .map(|s| Offset::from_seconds(s).map_err(|_| corrupt("UTC offset", &s.to_string())))
        .transpose()?;
    Ok(Alarm {
        id: r.get::<_, i64>(0)? as u64,
        time,
        offset,
        enabled: r.get(4)?,
        recurring: r.get(5)?,
        weekdays: weekdays_from(r.get(6)?)?,
        snooze_length_min: r.get(7)?,
        snooze_count: r.get(8)?,
        label: r.get(9)?,
        vibe: r.get(10)?,
        synced: r.get(11)?,
        deleted: r.get(12)?,
    })
}

impl Store {
    /// Stores a devices fetch as a new snapshot; earlier snapshots are kept (battery history).
    pub fn put_devices(&self, key: &AccountKey, devices: &[Device], meta: FetchMeta) -> Result<()> {
        self.write(|tx| {
            let account = account_id(tx, key)?;
            tx.execute(
                "INSERT INTO device_fetch (account, fetched_at, complete) VALUES (?1, ?2, ?3)",
                params![account, Ts(meta.fetched_at), meta.complete],
            )?;
            let fetch = tx.last_insert_rowid();
            let sql = format!(
                "INSERT INTO device_snapshot (fetch, position, {DEVICE_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            for (position, d) in devices.iter().enumerate() {
                let mut values = vec![Value::Integer(fetch), Value::Integer(position as i64)];
                values.extend(device_values(d));
                stmt.execute(params_from_iter(values))?;
            }
            Ok(())
        })
    }

    /// The latest devices snapshot.
    pub fn devices(&self, key: &AccountKey) -> Result<Option<Stored<Vec<Device>>>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(None);
            };
            let mut stmt = tx.prepare_cached(
                "SELECT id, fetched_at, complete FROM device_fetch
                 WHERE account = ?1 ORDER BY id DESC LIMIT 1",
            )?;
            let mut rows = stmt.query([account])?;
            let Some(r) = rows.next()? else {
                return Ok(None);
            };
            let fetch: i64 = r.get(0)?;
            let meta = FetchMeta {
                fetched_at: r.get::<_, Ts>(1)?.0,
                complete: r.get(2)?,
            };
            drop(rows);
            let sql = format!(
                "SELECT {DEVICE_COLUMNS} FROM device_snapshot WHERE fetch = ?1 ORDER BY position"
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut rows = stmt.query([fetch])?;
            let mut devices = Vec::new();
            while let Some(r) = rows.next()? {
                devices.push(device_from(r, 0)?);
            }
            Ok(Some(Stored {
                value: devices,
                meta,
            }))
        })
    }

    /// Every stored devices snapshot fetched in `[from, to]`, oldest first: the battery
    /// history.
    pub fn device_history(
        &self,
        key: &AccountKey,
        from: jiff::Timestamp,
        to: jiff::Timestamp,
    ) -> Result<Vec<Stored<Vec<Device>>>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(Vec::new());
            };
            // Instants are text of varying fraction length: compared as instants.
            let mut stmt = tx.prepare_cached(
                "SELECT id, fetched_at, complete FROM device_fetch WHERE account = ?1 ORDER BY id",
            )?;
            let fetches = stmt
                .query_map([account], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        FetchMeta {
                            fetched_at: r.get::<_, Ts>(1)?.0,
                            complete: r.get(2)?,
                        },
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let sql = format!(
                "SELECT {DEVICE_COLUMNS} FROM device_snapshot WHERE fetch = ?1 ORDER BY position"
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut out = Vec::new();
            for (fetch, meta) in fetches {
                if meta.fetched_at < from || meta.fetched_at > to {
                    continue;
                }
                let mut rows = stmt.query([fetch])?;
                let mut devices = Vec::new();
                while let Some(r) = rows.next()? {
                    devices.push(device_from(r, 0)?);
                }
                out.push(Stored {
                    value: devices,
                    meta,
                });
            }
            out.sort_by_key(|s| s.meta.fetched_at);
            Ok(out)
        })
    }

    /// Stores the alarms as the server has them now, replacing the last known state.
    pub fn put_alarms(
        &self,
        key: &AccountKey,
        trackers: &[TrackerAlarms],
        meta: FetchMeta,
    ) -> Result<()> {
        self.write(|tx| {
            let account = account_id(tx, key)?;
            tx.execute("DELETE FROM alarm_state WHERE account = ?1", [account])?;
            tx.execute(
                "INSERT INTO alarm_state (account, fetched_at, complete) VALUES (?1, ?2, ?3)",
                params![account, Ts(meta.fetched_at), meta.complete],
            )?;
            let sql = format!(
                "INSERT INTO alarm_tracker (account, position, {DEVICE_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
            );
            for (tracker, t) in trackers.iter().enumerate() {
                let mut values = vec![Value::Integer(account), Value::Integer(tracker as i64)];
                values.extend(device_values(&t.device));
                tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
                for (position, a) in t.alarms.iter().enumerate() {
                    put_alarm(tx, account, tracker, position, a)?;
                }
            }
            Ok(())
        })
    }

    /// The last known server state of the alarms.
    pub fn alarms(&self, key: &AccountKey) -> Result<Option<Stored<Vec<TrackerAlarms>>>> {
        self.read(|tx| {
            let Some(account) = find_account(tx, key)? else {
                return Ok(None);
            };
            let mut stmt = tx.prepare_cached(
                "SELECT fetched_at, complete FROM alarm_state WHERE account = ?1",
            )?;
            let mut rows = stmt.query([account])?;
            let Some(r) = rows.next()? else {
                return Ok(None);
            };
            let meta = FetchMeta {
                fetched_at: r.get::<_, Ts>(0)?.0,
                complete: r.get(1)?,
            };
            drop(rows);
            let sql = format!(
                "SELECT position, {DEVICE_COLUMNS} FROM alarm_tracker
                 WHERE account = ?1 ORDER BY position"
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut rows = stmt.query([account])?;
            let mut trackers = Vec::new();
            while let Some(r) = rows.next()? {
                trackers.push((r.get::<_, i64>(0)?, device_from(r, 1)?));
            }
            drop(rows);
            let mut stmt = tx.prepare_cached(
                "SELECT id, hour, minute, utc_offset, enabled, recurring, weekdays,
                    snooze_length_min, snooze_count, label, vibe, synced, deleted
                 FROM alarm WHERE account = ?1 AND tracker = ?2 ORDER BY position",
            )?;
            let mut out = Vec::with_capacity(trackers.len());
            for (position, device) in trackers {
                let mut rows = stmt.query(params![account, position])?;
                let mut alarms = Vec::new();
                while let Some(r) = rows.next()? {
                    alarms.push(alarm_from(r)?);
                }
                out.push(TrackerAlarms { device, alarms });
            }
            Ok(Some(Stored { value: out, meta }))
        })
    }
}
