//! The token file: `tokens-<provider>.json` in the config dir, mode 0600 in a 0700 dir, written
//! atomically (temp file in the same dir, fsync, rename, fsync of the dir) so a crash never
//! leaves a half-written file. A sibling `.lock` file serialises refreshes across processes.
//!
//! A process killed between creating its temp file and the rename leaves that temp file behind
//! (nothing runs to delete it); each save removes such leftovers once they are a minute old.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
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
    #[error("the token file {} is damaged ({detail}); sign in again with `fittui auth login`", path.display())]
    Corrupt { path: PathBuf, detail: String },
}

const TEMP_PREFIX: &str = ".tokens-";
const TEMP_SUFFIX: &str = ".tmp";
/// A temp file this old belongs to a save that never finished (no save takes this long).
const STALE_TEMP: Duration = Duration::from_mins(1);

/// One provider's token file.
#[derive(Debug, Clone)]
pub struct TokenStore {
    dir: PathBuf,
    provider: ProviderKind,
}

/// Holds the cross-process refresh lock until dropped.
#[derive(Debug)]
pub struct RefreshLock(File);

impl Drop for RefreshLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

impl TokenStore {
    pub fn new(config_dir: &Path, provider: ProviderKind) -> Self {
        Self {
            dir: config_dir.to_path_buf(),
            provider,
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(format!("tokens-{}.json", self.provider))
    }

    fn lock_path(&self) -> PathBuf {
        self.dir.join(format!("tokens-{}.lock", self.provider))
    }

    fn io(&self, source: io::Error) -> StoreError {
        StoreError::Io {
            path: self.path(),
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

    /// Writes `tokens` atomically with mode 0600.
    pub fn save(&self, tokens: &TokenSet) -> Result<(), StoreError> {
        ensure_private_dir(&self.dir).map_err(|e| self.io(e))?;
        let json = serde_json::to_vec_pretty(tokens).map_err(|e| self.io(io::Error::other(e)))?;
        // tempfile creates the file with mode 0600 in the same directory, so the rename below
        // is atomic and the secret is never readable by others, even briefly.
        let mut tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&self.dir)
            .map_err(|e| self.io(e))?;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| self.io(e))?;
        tmp.write_all(&json).map_err(|e| self.io(e))?;
        tmp.as_file().sync_all().map_err(|e| self.io(e))?;
        tmp.persist(self.path()).map_err(|e| self.io(e.error))?;
        // Make the rename itself durable.
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| self.io(e))?;
        self.remove_stale_temp_files();
        Ok(())
    }

    /// Deletes temp files left by saves that were killed before their rename (best effort).
    fn remove_stale_temp_files(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let ours = name
                .to_str()
                .is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX));
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age > STALE_TEMP);
            if ours && stale {
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

    /// Takes the cross-process refresh lock, waiting for another process to finish.
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
        assert_eq!(names.len(), 1, "{names:?}");
        store.delete().unwrap();
        assert!(store.load().unwrap().is_none());
        store.delete().unwrap();
    }

    #[test]
    fn leftovers_of_killed_saves_are_swept_once_stale() {
        let tmp = tempfile::tempdir().unwrap();
        let store = TokenStore::new(tmp.path(), ProviderKind::Fitbit);
        let old = tmp.path().join(".tokens-abc123.tmp");
        let fresh = tmp.path().join(".tokens-def456.tmp");
        let other = tmp.path().join("notes.tmp");
        for p in [&old, &fresh, &other] {
            fs::write(p, b"{").unwrap();
        }
        let long_ago = SystemTime::now() - Duration::from_hours(1);
        for p in [&old, &other] {
            File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        store.save(&sample()).unwrap();
        assert!(!old.exists(), "a stale leftover is removed");
        assert!(
            fresh.exists(),
            "a temp file another save may be writing is kept"
        );
        assert!(other.exists(), "files that are not ours are kept");
        assert_eq!(store.load().unwrap(), Some(sample()));
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
