//! Where fittui keeps its files: XDG base directories with per-run overrides.
//!
//! * config dir — `config.toml` and the token file (`$XDG_CONFIG_HOME/fittui`, default
//!   `~/.config/fittui`; override `--config-dir` / `FITTUI_CONFIG_DIR`);
//! * data dir — the local store (`$XDG_DATA_HOME/fittui`; override `--data-dir` /
//!   `FITTUI_DATA_DIR`);
//! * state dir — `fittui.log` (`$XDG_STATE_HOME/fittui`). When the data dir is overridden the
//!   log lives there too, so an overridden profile (or a test) never writes outside its dirs.
//!
//! Directories are created on demand with mode 0700.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::cli::DirArgs;

/// Resolved directories for one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub state_dir: PathBuf,
}

/// No home directory could be determined and no override was given.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot find a home directory to keep fittui's files in; set HOME, or pass --config-dir and --data-dir"
)]
pub struct NoHomeDir;

impl Paths {
    /// Resolves the directories from the overrides, falling back to the XDG defaults.
    pub fn resolve(overrides: &DirArgs) -> Result<Self, NoHomeDir> {
        let project = directories::ProjectDirs::from("", "", "fittui");
        let config_dir = match &overrides.config_dir {
            Some(dir) => dir.clone(),
            None => project
                .as_ref()
                .ok_or(NoHomeDir)?
                .config_dir()
                .to_path_buf(),
        };
        let (data_dir, state_dir) = if let Some(dir) = &overrides.data_dir {
            (dir.clone(), dir.clone())
        } else {
            let project = project.as_ref().ok_or(NoHomeDir)?;
            let data = project.data_dir().to_path_buf();
            // `state_dir` is only defined on Linux; elsewhere the log goes to the data dir.
            let state = project
                .state_dir()
                .map_or_else(|| data.clone(), Path::to_path_buf);
            (data, state)
        };
        Ok(Self {
            config_dir,
            data_dir,
            state_dir,
        })
    }

    /// Paths rooted in one directory: used by tests and by demo mode's throw-away profile.
    pub fn in_dir(root: &Path) -> Self {
        Self {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
            state_dir: root.join("data"),
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// The local store: one `SQLite` database per profile.
    pub fn store_file(&self) -> PathBuf {
        self.data_dir.join("fittui.sqlite")
    }

    pub fn log_file(&self) -> PathBuf {
        self.state_dir.join("fittui.log")
    }
}

/// Creates `dir` (and parents) with mode 0700. An existing directory that is readable by
/// others is tightened to 0700, because the config dir holds tokens.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
            }
            Ok(())
        }
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists and is not a directory", dir.display()),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win_and_log_follows_data_dir() {
        let args = DirArgs {
            config_dir: Some("/tmp/c".into()),
            data_dir: Some("/tmp/d".into()),
        };
        let p = Paths::resolve(&args).unwrap();
        assert_eq!(p.config_file(), PathBuf::from("/tmp/c/config.toml"));
        assert_eq!(p.data_dir, PathBuf::from("/tmp/d"));
        assert_eq!(p.log_file(), PathBuf::from("/tmp/d/fittui.log"));
    }

    #[test]
    fn private_dir_is_created_0700_and_tightened() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        ensure_private_dir(&dir).unwrap();
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);

        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        ensure_private_dir(&dir).unwrap();
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
}
