//! The token file: `tokens-<provider>.json` in the config dir, mode 0600 in a 0700 dir, written
//! atomically (temp file in the same dir, fsync, rename, fsync of the dir) so a crash never
//! leaves a half-written file. A sibling `.lock` file serialises every write (and every
//! refresh) across processes.
//!
//! A save is two steps so a refresh can never spend a single-use refresh token it then cannot
//! store: [`TokenStore::reserve`] creates the temp file and writes [`RESERVE`] bytes into it
//! (fsynced) — proof the new pair will fit on the disk — and only then does the caller refresh;
//! [`TokenStore::commit`] writes the tokens over that reserved space and renames it into place.
//! (On a copy-on-write filesystem an overwrite can still need new blocks; the manager keeps an
//! unsaved pair in memory and retries, see `manager.rs`.)
//!
//! Temp files are named `.tokens-<provider>-XXXXXX.tmp` and only written under the lock, so
//! whoever holds it knows any other such file is the leftover of a killed process (possibly
//! holding a whole token set) and deletes it: on every save, and when a command starts
//! ([`TokenStore::sweep`]). At most the one being written exists.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use super::tokens::TokenSet;
use crate::api::ProviderKind;
use crate::paths::ensure_private_dir;

/// Token file problems.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot access the token file {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    /// The cross-process refresh lock could not be taken (a read-only or full config dir).
    #[error("cannot write {}: {source}", path.display())]
    Lock { path: PathBuf, source: io::Error },
    /// The tokens cannot be written (a full or read-only disk): the sign-in on disk is kept.
    #[error(
        "can't save your sign-in in {}: {source}; free some space there (or make it writable)",
        dir.display()
    )]
    Save { dir: PathBuf, source: io::Error },
    #[error("the token file {} is damaged ({detail}); sign in again with `fittui auth login`", path.display())]
    Corrupt { path: PathBuf, detail: String },
}

/// Bytes reserved on disk before a refresh: many times a token set's size (1–3 KB), so the
/// tokens always fit in the space proven free.
pub const RESERVE: u64 = 16 * 1024;

const TEMP_SUFFIX: &str = ".tmp";
/// Temp files of the naming used before temp files were provider-specific (and written
/// without the lock) are removed only once this old.
const STALE_TEMP: Duration = Duration::from_mins(1);
const LEGACY_PREFIX: &str = ".tokens-";

/// One provider's token file.
#[derive(Debug, Clone)]
pub struct TokenStore {
    dir: PathBuf,
    provider: ProviderKind,
    /// Test seam: bytes of free space to pretend for temp files (`None`: the real disk).
    free_space: Option<Arc<AtomicU64>>,
}

/// Holds the cross-process lock until dropped. Writing tokens needs one (see
/// [`TokenStore::reserve`]).
#[derive(Debug)]
pub struct RefreshLock(File);

impl Drop for RefreshLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// A temp file with [`RESERVE`] bytes written and synced: the space the next save will use.
/// Dropping it unused deletes it.
#[derive(Debug)]
pub struct Reserved(tempfile::NamedTempFile);

impl TokenStore {
    pub fn new(config_dir: &Path, provider: ProviderKind) -> Self {
        Self {
            dir: config_dir.to_path_buf(),
            provider,
            free_space: None,
        }
    }

    /// For tests: behave as if the disk had only `free` bytes left for the token file's temp
    /// copies (writes beyond fail with "no space left on device"); change it through the
    /// returned handle to fill or free the pretend disk. The pretend disk is copy-on-write —
    /// every write takes fresh space, overwrites included — the case where even a reservation
    /// cannot guarantee the save.
    #[must_use]
    pub fn with_free_space(mut self, free: u64) -> (Self, Arc<AtomicU64>) {
        let handle = Arc::new(AtomicU64::new(free));
        self.free_space = Some(handle.clone());
        (self, handle)
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(format!("tokens-{}.json", self.provider))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn lock_path(&self) -> PathBuf {
        self.dir.join(format!("tokens-{}.lock", self.provider))
    }

    fn temp_prefix(&self) -> String {
        format!(".tokens-{}-", self.provider)
    }

    fn io(&self, source: io::Error) -> StoreError {
        StoreError::Io {
            path: self.path(),
            source,
        }
    }

    fn save_error(&self, source: io::Error) -> StoreError {
        StoreError::Save {
            dir: self.dir.clone(),
            source,
        }
    }

    /// The stored tokens, or `None` when signed out.
    pub fn load(&self) -> Result<Option<TokenSet>, StoreError> {
        let path = self.path();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io(e)),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                path,
                detail: e.to_string(),
            })
    }

    /// Writes `tokens` atomically with mode 0600, under the cross-process lock.
    pub fn save(&self, tokens: &TokenSet) -> Result<(), StoreError> {
        let lock = self.lock()?;
        let reserved = self.reserve(&lock)?;
        self.commit(&lock, reserved, tokens)
    }

    /// Proves a save will fit: creates the temp file and writes and syncs [`RESERVE`] bytes.
    /// Leftovers of killed processes are deleted first (the lock says nobody else is writing).
    pub fn reserve(&self, _lock: &RefreshLock) -> Result<Reserved, StoreError> {
        ensure_private_dir(&self.dir).map_err(|e| self.save_error(e))?;
        self.remove_leftovers();
        // tempfile creates the file with mode 0600 in the same directory, so the rename in
        // `commit` is atomic and the secret is never readable by others, even briefly.
        let mut tmp = tempfile::Builder::new()
            .prefix(&self.temp_prefix())
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&self.dir)
            .map_err(|e| self.save_error(e))?;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| self.save_error(e))?;
        self.write_limited(tmp.as_file_mut(), &[0u8; RESERVE as usize])
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| self.save_error(e))?;
        Ok(Reserved(tmp))
    }

    /// Writes `tokens` into the reserved space and renames it over the token file.
    pub fn commit(
        &self,
        _lock: &RefreshLock,
        reserved: Reserved,
        tokens: &TokenSet,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_vec_pretty(tokens).map_err(|e| self.io(io::Error::other(e)))?;
        let mut tmp = reserved.0;
        let file = tmp.as_file_mut();
        file.seek(SeekFrom::Start(0))
            .and_then(|_| self.write_limited(file, &json))
            .and_then(|()| file.set_len(json.len() as u64))
            .and_then(|()| file.sync_all())
            .map_err(|e| self.save_error(e))?;
        tmp.persist(self.path())
            .map_err(|e| self.save_error(e.error))?;
        // Make the rename itself durable.
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| self.save_error(e))?;
        Ok(())
    }

    /// Writes `bytes` at the file's position, within the pretend free space if a test set one.
    fn write_limited(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        if let Some(free) = &self.free_space {
            let needed = bytes.len() as u64;
            if needed > free.load(Ordering::SeqCst) {
                // ENOSPC, as the real disk would say it.
                return Err(io::Error::from_raw_os_error(28));
            }
            free.fetch_sub(needed, Ordering::SeqCst);
        }
        file.write_all(bytes)
    }

    /// Whether a save would work now (for `auth status`): reserves and releases the space.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        let lock = self.lock()?;
        self.reserve(&lock).map(drop)
    }

    /// Deletes leftovers of killed saves, if no other process is writing right now (the lock
    /// is only tried, never waited for). Run when a command starts.
    pub fn sweep(&self) {
        if !self.dir.is_dir() {
            return;
        }
        let Ok(file) = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(self.lock_path())
        else {
            // A read-only dir: nothing can have been written here since it became one.
            return;
        };
        if file.try_lock().is_ok() {
            let _lock = RefreshLock(file);
            self.remove_leftovers();
        }
    }

    /// With the lock held: every temp file of this provider is a dead process's leftover.
    fn remove_leftovers(&self) {
        let prefix = self.temp_prefix();
        self.remove_temp_files(|name, _| name.starts_with(&prefix));
        self.remove_legacy_leftovers();
    }

    /// Temp files named before they carried the provider (`.tokens-XXXXXX.tmp`), written
    /// without the lock: removed once stale.
    fn remove_legacy_leftovers(&self) {
        let now = SystemTime::now();
        self.remove_temp_files(|name, modified| {
            let Some(middle) = name
                .strip_prefix(LEGACY_PREFIX)
                .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
            else {
                return false;
            };
            !middle.contains('-')
                && modified
                    .and_then(|m| now.duration_since(m).ok())
                    .is_some_and(|age| age > STALE_TEMP)
        });
    }

    fn remove_temp_files(&self, doomed: impl Fn(&str, Option<SystemTime>) -> bool) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if !name.ends_with(TEMP_SUFFIX) {
                continue;
            }
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            if doomed(name, modified) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Removes the token file (signing out locally).
    pub fn delete(&self) -> Result<(), StoreError> {
        match fs::remove_file(self.path()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.io(e)),
        }
    }

    /// Takes the cross-process lock, waiting for another process to finish.
    pub fn lock(&self) -> Result<RefreshLock, StoreError> {
        let lock_error = |source| StoreError::Lock {
            path: self.lock_path(),
            source,
        };
        ensure_private_dir(&self.dir).map_err(lock_error)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(self.lock_path())
            .map_err(lock_error)?;
        file.lock().map_err(lock_error)?;
        Ok(RefreshLock(file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::tokens::TokenOrigin;

    fn sample() -> TokenSet {
        let now: jiff::Timestamp = "2026-11-21T12:00:00Z".parse().unwrap();
        TokenSet {
            provider: ProviderKind::Fitbit,
            origin: TokenOrigin::AuthorizationCode,
            access_token: "a".into(),
            refresh_token: Some("r".into()),
            expires_at: now,
            refresh_token_expires_at: None,
            scopes: vec!["sleep".into()],
            user_id: Some("GGNJL9".into()),
            account_label: None,
            client_id: "22942C".into(),
            time_zone: None,
            obtained_at: now,
        }
    }

    #[test]
    fn save_load_delete_with_private_modes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cfg");
        let store = TokenStore::new(&dir, ProviderKind::Fitbit);
        assert!(store.load().unwrap().is_none());
        store.save(&sample()).unwrap();
        assert_eq!(store.load().unwrap(), Some(sample()));
        let mode = fs::metadata(store.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dir_mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(dir_mode, 0o700);
        // No temp files left behind.
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "the token file and its lock: {names:?}");
        store.delete().unwrap();
        assert!(store.load().unwrap().is_none());
        store.delete().unwrap();
    }

    #[test]
    fn leftovers_of_killed_saves_are_swept_on_every_save_and_at_startup() {
        let tmp = tempfile::tempdir().unwrap();
        let store = TokenStore::new(tmp.path(), ProviderKind::Fitbit);
        // A killed save of ours (any age: writes happen under the lock), an old-style
        // leftover (stale), a fresh old-style one, Google's, and somebody else's file.
        let ours = tmp.path().join(".tokens-fitbit-abc123.tmp");
        let legacy_old = tmp.path().join(".tokens-abc123.tmp");
        let legacy_fresh = tmp.path().join(".tokens-def456.tmp");
        let google = tmp.path().join(".tokens-google-xyz789.tmp");
        let other = tmp.path().join("notes.tmp");
        for p in [&ours, &legacy_old, &legacy_fresh, &google, &other] {
            fs::write(p, b"{").unwrap();
        }
        let long_ago = SystemTime::now() - Duration::from_hours(1);
        for p in [&legacy_old, &other] {
            File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        store.save(&sample()).unwrap();
        assert!(!ours.exists(), "a leftover of ours is removed at once");
        assert!(
            !legacy_old.exists(),
            "a stale old-style leftover is removed"
        );
        assert!(
            legacy_fresh.exists(),
            "a fresh old-style file may still be written"
        );
        assert!(
            google.exists(),
            "the other provider's lock covers its own files"
        );
        assert!(other.exists(), "files that are not ours are kept");
        assert_eq!(store.load().unwrap(), Some(sample()));

        // At startup, without a save.
        fs::write(&ours, b"{").unwrap();
        store.sweep();
        assert!(!ours.exists());
        TokenStore::new(tmp.path(), ProviderKind::Google).sweep();
        assert!(!google.exists());
        // While another process holds the lock, its temp file is left alone.
        fs::write(&ours, b"{").unwrap();
        let held = store.lock().unwrap();
        TokenStore::new(tmp.path(), ProviderKind::Fitbit).sweep();
        assert!(ours.exists());
        drop(held);
    }

    #[test]
    fn a_full_disk_is_found_before_anything_is_spent_and_loses_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, free) =
            TokenStore::new(tmp.path(), ProviderKind::Fitbit).with_free_space(u64::MAX);
        store.save(&sample()).unwrap();
        // The disk fills up: the reservation fails, naming the cause, and the file is intact.
        free.store(RESERVE - 1, Ordering::SeqCst);
        let lock = store.lock().unwrap();
        let err = store.reserve(&lock).unwrap_err();
        assert!(
            err.to_string().contains("can't save your sign-in")
                && err.to_string().contains("free some space"),
            "{err}"
        );
        assert_eq!(store.load().unwrap(), Some(sample()));
        // On this (copy-on-write) pretend disk the commit needs space of its own: when it
        // fails, the old file is intact and the temp file gone.
        free.store(RESERVE + 10, Ordering::SeqCst);
        let reserved = store.reserve(&lock).unwrap();
        let mut newer = sample();
        newer.access_token = "b".into();
        let err = store.commit(&lock, reserved, &newer).unwrap_err();
        assert!(err.to_string().contains("can't save your sign-in"), "{err}");
        assert_eq!(store.load().unwrap(), Some(sample()));
        free.store(2 * RESERVE, Ordering::SeqCst);
        let reserved = store.reserve(&lock).unwrap();
        store.commit(&lock, reserved, &newer).unwrap();
        drop(lock);
        assert_eq!(store.load().unwrap(), Some(newer));
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(
            names.iter().all(|n| !n.ends_with(TEMP_SUFFIX)),
            "no temp file left: {names:?}"
        );
    }

    #[test]
    fn a_damaged_file_is_reported_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let store = TokenStore::new(tmp.path(), ProviderKind::Google);
        fs::write(store.path(), b"{\"provider\": \"goo").unwrap();
        let err = store.load().unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
    }
}
