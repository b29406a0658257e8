//! Where fittui keeps its files: XDG base directories with per-run overrides.
//!
//! * config dir — `config.toml` and the token file (`$XDG_CONFIG_HOME/fittui`, default
//!   `~/.config/fittui`; override `--config-dir` / `FITTUI_CONFIG_DIR`);
//! * data dir — the local store (`$XDG_DATA_HOME/fittui`; override `--data-dir` /
//!   `FITTUI_DATA_DIR`);
//! * state dir — `fittui.log` (`$XDG_STATE_HOME/fittui`). When the data dir is overridden the
//!   log lives there too, so an overridden profile (or a test) never writes outside its dirs.
//!
//! A named profile (`--profile NAME`, `FITTUI_PROFILE`) keeps its own set below those:
//! `<config>/profiles/NAME`, `<data>/profiles/NAME`, `<state>/profiles/NAME`. The default
//! profile is the directories themselves, so existing users' files stay where they are.
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

/// The default profile's name.
pub const DEFAULT_PROFILE: &str = "default";

/// One profile's directories, found by [`Paths::profiles`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileDirs {
    pub name: String,
    pub paths: Paths,
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
        let base = Self {
            config_dir,
            data_dir,
            state_dir,
        };
        Ok(match overrides.profile.as_deref() {
            None | Some(DEFAULT_PROFILE) => base,
            Some(name) => base.profile(name),
        })
    }

    /// The directories of profile `name` below these (the default profile's).
    #[must_use]
    pub fn profile(&self, name: &str) -> Self {
        if name == DEFAULT_PROFILE {
            return self.clone();
        }
        let below = |dir: &Path| dir.join("profiles").join(name);
        Self {
            config_dir: below(&self.config_dir),
            data_dir: below(&self.data_dir),
            state_dir: below(&self.state_dir),
        }
    }

    /// Every profile below these (the default profile's) directories: the default first, then
    /// each named one that has a config dir, by name.
    pub fn profiles(&self) -> Vec<ProfileDirs> {
        let mut named: Vec<String> = fs::read_dir(self.config_dir.join("profiles"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| crate::cli::parse_profile(n).is_ok() && n != DEFAULT_PROFILE)
            .collect();
        named.sort();
        std::iter::once(DEFAULT_PROFILE.to_string())
            .chain(named)
            .map(|name| ProfileDirs {
                paths: self.profile(&name),
                name,
            })
            .collect()
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
            profile: None,
        };
        let p = Paths::resolve(&args).unwrap();
        assert_eq!(p.config_file(), PathBuf::from("/tmp/c/config.toml"));
        assert_eq!(p.data_dir, PathBuf::from("/tmp/d"));
        assert_eq!(p.log_file(), PathBuf::from("/tmp/d/fittui.log"));
    }

    #[test]
    fn a_named_profile_has_its_own_dirs_and_the_default_stays_put() {
        let args = |profile: Option<&str>| DirArgs {
            config_dir: Some("/tmp/c".into()),
            data_dir: Some("/tmp/d".into()),
            profile: profile.map(str::to_string),
        };
        let default = Paths::resolve(&args(None)).unwrap();
        assert_eq!(Paths::resolve(&args(Some("default"))).unwrap(), default);
        let sam = Paths::resolve(&args(Some("sam"))).unwrap();
        assert_eq!(
            sam.config_file(),
            PathBuf::from("/tmp/c/profiles/sam/config.toml")
        );
        assert_eq!(sam.data_dir, PathBuf::from("/tmp/d/profiles/sam"));
        assert_eq!(
            sam.log_file(),
            PathBuf::from("/tmp/d/profiles/sam/fittui.log")
        );
        for bad in ["", "../x", "a/b", "sp ace", &"x".repeat(65)] {
            assert!(crate::cli::parse_profile(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn profiles_are_listed_default_first() {
        let tmp = tempfile::tempdir().unwrap();
        let base = Paths::in_dir(tmp.path());
        for name in ["zoe", "alex", "not a name"] {
            fs::create_dir_all(base.config_dir.join("profiles").join(name)).unwrap();
        }
        let names: Vec<String> = base.profiles().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["default", "alex", "zoe"]);
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
