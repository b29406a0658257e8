//! `config.toml`: typed settings with documented defaults.
//!
//! The documented default file is `assets/config.default.toml`; `fittui config print-default`
//! prints it verbatim and a test checks that it parses back to [`Config::default`]. Unknown keys
//! and bad values are rejected with one error naming the file, the line and the key. There is no
//! global config: callers pass `&Config` (or the section they need) explicitly.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::ProviderKind;

/// The commented default configuration, exactly as `fittui config print-default` prints it.
pub const DEFAULT_CONFIG_TOML: &str = include_str!("../assets/config.default.toml");

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub general: GeneralConfig,
    pub ui: UiConfig,
    pub refresh: RefreshConfig,
    pub goals: GoalsConfig,
    pub fitbit: FitbitConfig,
    pub google: GoogleConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GeneralConfig {
    /// The data source `fittui` reads when both are signed in.
    pub provider: ProviderKind,
    /// Log verbosity for `fittui.log`; `FITTUI_LOG` overrides it.
    pub log_level: LogLevel,
}

impl Default for GeneralConfig {
    fn default() -> Self {
        Self {
            provider: ProviderKind::Google,
            log_level: LogLevel::Info,
        }
    }
}

/// Where a provider's OAuth app and API live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthSettings {
    pub client_id: String,
    pub client_secret: String,
    pub authorize_url: String,
    pub token_url: String,
    pub revoke_url: String,
    /// Fixed redirect URI; `None` means a free loopback port (Google desktop clients).
    pub redirect_uri: Option<String>,
}

/// The legacy Fitbit Web API (shut down in November 2026; kept for its documented contract,
/// alarm editing and the simulator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FitbitConfig {
    /// OAuth 2.0 Client ID of your app at dev.fitbit.com.
    pub client_id: String,
    /// Client Secret (Server and Personal apps); empty for Client apps.
    pub client_secret: String,
    /// The app's registered callback URL; fittui listens there on 127.0.0.1.
    #[serde(deserialize_with = "http_url")]
    pub redirect_uri: String,
    #[serde(deserialize_with = "http_url")]
    pub api_base_url: String,
    #[serde(deserialize_with = "http_url")]
    pub authorize_url: String,
    #[serde(deserialize_with = "http_url")]
    pub token_url: String,
    #[serde(deserialize_with = "http_url")]
    pub revoke_url: String,
}

impl Default for FitbitConfig {
    fn default() -> Self {
        Self {
            client_id: String::new(),
            client_secret: String::new(),
            redirect_uri: "http://127.0.0.1:8080/".into(),
            api_base_url: "https://api.fitbit.com".into(),
            authorize_url: "https://www.fitbit.com/oauth2/authorize".into(),
            token_url: "https://api.fitbit.com/oauth2/token".into(),
            revoke_url: "https://api.fitbit.com/oauth2/revoke".into(),
        }
    }
}

/// The Google Health API v4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GoogleConfig {
    /// OAuth client ID of your Desktop-app client in Google Cloud.
    pub client_id: String,
    /// Its client secret (not confidential for desktop clients, but Google requires it).
    pub client_secret: String,
    #[serde(deserialize_with = "http_url")]
    pub api_base_url: String,
    #[serde(deserialize_with = "http_url")]
    pub authorize_url: String,
    #[serde(deserialize_with = "http_url")]
    pub token_url: String,
    #[serde(deserialize_with = "http_url")]
    pub revoke_url: String,
    /// The pace fittui keeps, in requests per second (Google allows unverified apps 2.5).
    pub max_requests_per_second: RequestRate,
}

impl Default for GoogleConfig {
    fn default() -> Self {
        Self {
            client_id: String::new(),
            client_secret: String::new(),
            api_base_url: "https://health.googleapis.com/v4".into(),
            authorize_url: "https://accounts.google.com/o/oauth2/v2/auth".into(),
            token_url: "https://oauth2.googleapis.com/token".into(),
            revoke_url: "https://oauth2.googleapis.com/revoke".into(),
            max_requests_per_second: RequestRate::GOOGLE_DEFAULT,
        }
    }
}

/// A request pace in requests per second: a finite number above 0 and at most 5 (Google's 300
/// requests per minute per user); anything else is rejected when the config is read.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct RequestRate(f64);

impl RequestRate {
    /// Google's pace for unverified apps, 2.5 a second.
    pub const GOOGLE_DEFAULT: Self = Self(2.5);
    /// The highest pace accepted: 300 a minute.
    pub const MAX: f64 = 5.0;

    /// Requests per second.
    pub fn per_second(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for RequestRate {
    type Error = String;

    fn try_from(v: f64) -> Result<Self, Self::Error> {
        if v.is_finite() && v > 0.0 && v <= Self::MAX {
            Ok(Self(v))
        } else {
            Err(format!(
                "`{v}` is not a request rate: it must be a number above 0 and at most {} (300 a minute)",
                Self::MAX
            ))
        }
    }
}

impl From<RequestRate> for f64 {
    fn from(rate: RequestRate) -> Self {
        rate.0
    }
}

impl Config {
    /// The OAuth settings and API base URL for `provider`.
    pub fn provider_settings(&self, provider: ProviderKind) -> (OAuthSettings, String) {
        let (f, g) = (&self.fitbit, &self.google);
        // The fields both sections have; only Fitbit registers a fixed redirect URI.
        let [
            client_id,
            client_secret,
            api_base_url,
            authorize_url,
            token_url,
            revoke_url,
        ] = match provider {
            ProviderKind::Fitbit => [
                &f.client_id,
                &f.client_secret,
                &f.api_base_url,
                &f.authorize_url,
                &f.token_url,
                &f.revoke_url,
            ],
            ProviderKind::Google => [
                &g.client_id,
                &g.client_secret,
                &g.api_base_url,
                &g.authorize_url,
                &g.token_url,
                &g.revoke_url,
            ],
        };
        let redirect_uri = (provider == ProviderKind::Fitbit).then(|| f.redirect_uri.clone());
        let settings = OAuthSettings {
            client_id: client_id.clone(),
            client_secret: client_secret.clone(),
            authorize_url: authorize_url.clone(),
            token_url: token_url.clone(),
            revoke_url: revoke_url.clone(),
            redirect_uri,
        };
        (settings, api_base_url.clone())
    }

    /// The configured pace for `provider`'s requests, when it has one (Google).
    pub fn max_requests_per_second(&self, provider: ProviderKind) -> Option<f64> {
        match provider {
            ProviderKind::Fitbit => None,
            ProviderKind::Google => Some(self.google.max_requests_per_second.per_second()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warn => "warn",
            Self::Info => "info",
            Self::Debug => "debug",
            Self::Trace => "trace",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    /// Click tabs and scroll days with the mouse.
    pub mouse: bool,
    /// 24-hour or 12-hour clock for times of day.
    pub clock: ClockFormat,
    /// Unit system for display.
    pub units: UnitsSetting,
}

impl Default for UiConfig {
    fn default() -> Self {
        Self {
            mouse: true,
            clock: ClockFormat::H24,
            units: UnitsSetting::Auto,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RefreshConfig {
    /// Re-fetch today's data (and device state) this often, in minutes; 0 turns it off.
    pub today_minutes: u32,
    /// Prefetch the days either side of the one on screen while the API budget allows.
    pub prefetch: bool,
    /// While idle and within budget, fill the local store with this many days back from today
    /// (lowest priority, one day at a time); 0 turns it off.
    pub backfill_days: u32,
}

impl Default for RefreshConfig {
    fn default() -> Self {
        Self {
            today_minutes: 5,
            prefetch: true,
            backfill_days: 90,
        }
    }
}

/// Daily goals used when the data source keeps none (the Google Health API has no goals).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GoalsConfig {
    #[serde(deserialize_with = "within::<_, 1, 100_000>")]
    pub steps: u32,
    #[serde(deserialize_with = "distance_km")]
    pub distance_km: f64,
    #[serde(deserialize_with = "within::<_, 1, 20_000>")]
    pub calories: u32,
    #[serde(deserialize_with = "within::<_, 1, 1_000>")]
    pub floors: u32,
    #[serde(deserialize_with = "within::<_, 1, 1_440>")]
    pub active_minutes: u32,
    #[serde(deserialize_with = "within::<_, 1, 1_440>")]
    pub active_zone_minutes: u32,
}

/// A whole number in `LOW..=HIGH` (a goal of 0 or 10 million is a typo, not a goal).
fn within<'de, D, const LOW: u32, const HIGH: u32>(d: D) -> Result<u32, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let v = u32::deserialize(d)?;
    if (LOW..=HIGH).contains(&v) {
        Ok(v)
    } else {
        Err(serde::de::Error::custom(format!(
            "{v} is out of range: it must be between {LOW} and {HIGH}"
        )))
    }
}

/// A distance goal in kilometres: a finite number above 0 and at most 1000.
fn distance_km<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v = f64::deserialize(d)?;
    if v.is_finite() && v > 0.0 && v <= 1000.0 {
        Ok(v)
    } else {
        Err(serde::de::Error::custom(format!(
            "`{v}` is not a distance goal: it must be a number of kilometres above 0 and at most 1000"
        )))
    }
}

/// An `http://` or `https://` URL with a host.
fn http_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let text = String::deserialize(d)?;
    match url::Url::parse(&text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(text),
        Ok(_) => Err(serde::de::Error::custom(format!(
            "`{text}` is not an http(s) URL with a host"
        ))),
        Err(e) => Err(serde::de::Error::custom(format!(
            "`{text}` is not a URL ({e})"
        ))),
    }
}

impl Default for GoalsConfig {
    fn default() -> Self {
        Self {
            steps: 10_000,
            distance_km: 8.0,
            calories: 2_500,
            floors: 10,
            active_minutes: 30,
            active_zone_minutes: 22,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockFormat {
    #[serde(rename = "24h")]
    H24,
    #[serde(rename = "12h")]
    H12,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitsSetting {
    /// Follow the account's own unit settings.
    Auto,
    Metric,
    Imperial,
}

/// Why a config file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    /// A device, FIFO, directory or other non-file (reading it could block or never end).
    #[error("config file {} is not a regular file; point it at a file (or remove it for the defaults)", path.display())]
    NotAFile { path: PathBuf },
    #[error("config file {} is larger than {MAX_CONFIG_BYTES} bytes; that is not a fittui config", path.display())]
    TooLarge { path: PathBuf },
    #[error(transparent)]
    Invalid(#[from] InvalidConfig),
    /// Several bad values, in file order (all of them, so one edit fixes the file).
    #[error("config file {} has {} errors:{}", path.display(), errors.len(), list(errors))]
    Several {
        path: PathBuf,
        errors: Vec<InvalidConfig>,
    },
}

/// The errors as indented lines: `line N, key K: message`.
fn list(errors: &[InvalidConfig]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for e in errors {
        out.push_str("\n  ");
        if let Some(n) = e.line {
            let _ = write!(out, "line {n}, ");
        }
        if let Some(k) = &e.key {
            let _ = write!(out, "key `{k}`: ");
        }
        out.push_str(&e.message);
    }
    out
}

/// A config file that does not parse or holds a bad value.
/// Displays as `invalid config file F, line N, key K: message`.
#[derive(Debug)]
pub struct InvalidConfig {
    pub path: PathBuf,
    /// 1-based line of the offending text, when known.
    pub line: Option<usize>,
    /// Dotted key path (`ui.clock`), when known.
    pub key: Option<String>,
    pub message: String,
}

impl std::error::Error for InvalidConfig {}

impl fmt::Display for InvalidConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid config file {}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ", key `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The largest config file fittui reads (a real one is a few kilobytes).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

impl Config {
    /// Loads `path`; a missing file means the defaults. Only a regular file (or a link to one)
    /// of at most [`MAX_CONFIG_BYTES`] is read: a FIFO would block and `/dev/zero` never ends.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        use std::io::Read as _;
        let read_error = |source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        };
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => {
                return Err(ConfigError::NotAFile {
                    path: path.to_path_buf(),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(read_error(e)),
        }
        let file = std::fs::File::open(path).map_err(read_error)?;
        let mut text = String::new();
        file.take(MAX_CONFIG_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(read_error)?;
        if text.len() as u64 > MAX_CONFIG_BYTES {
            return Err(ConfigError::TooLarge {
                path: path.to_path_buf(),
            });
        }
        Self::parse(&text, path)
    }

    /// Parses config text; `path` is only used in error messages. Every bad value is
    /// reported, in file order, not just the first.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let first = match toml::from_str::<Self>(text) {
            Ok(config) => return Ok(config),
            Err(e) => e,
        };
        let (line, key) = first
            .span()
            .map_or((None, None), |span| locate(text, &span));
        let first = InvalidConfig {
            path: path.to_path_buf(),
            line,
            key,
            message: first.message().trim().to_string(),
        };
        let mut errors = each_key_error(text, path);
        if errors.len() < 2 {
            // A syntax error (nothing else can be read), or one bad value: the first error,
            // with its exact position.
            return Err(ConfigError::Invalid(first));
        }
        errors.sort_by_key(|e| e.line);
        Err(ConfigError::Several {
            path: path.to_path_buf(),
            errors,
        })
    }
}

/// Checks every key on its own (the typed config stops at the first bad value): each `key =
/// value` is read into a config that has only it, and what fails is reported at its line.
fn each_key_error(text: &str, path: &Path) -> Vec<InvalidConfig> {
    let Ok(root) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    let mut check = |section: Option<&str>, key: &str, value: &toml::Value| {
        let mut only = toml::Table::new();
        match section {
            Some(section) => {
                let mut inner = toml::Table::new();
                inner.insert(key.to_string(), value.clone());
                only.insert(section.to_string(), toml::Value::Table(inner));
            }
            None => {
                only.insert(key.to_string(), value.clone());
            }
        }
        if let Err(e) = Config::deserialize(toml::Value::Table(only)) {
            errors.push(InvalidConfig {
                path: path.to_path_buf(),
                line: key_line(text, section, key),
                key: Some(section.map_or_else(|| key.to_string(), |s| format!("{s}.{key}"))),
                message: e.message().trim().to_string(),
            });
        }
    };
    for (name, value) in &root {
        match value {
            toml::Value::Table(table) => {
                if table.is_empty() {
                    check(None, name, value);
                }
                for (key, inner) in table {
                    check(Some(name), key, inner);
                }
            }
            other => check(None, name, other),
        }
    }
    errors
}

/// The 1-based line where `key` is set in `[section]` (or at the top when `section` is `None`).
fn key_line(text: &str, section: Option<&str>, key: &str) -> Option<usize> {
    let mut table: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(header) = line.strip_prefix('[') {
            let name = header.trim_start_matches('[');
            table = Some(name.split(']').next().unwrap_or("").trim().to_string());
            if section.is_none() && table.as_deref() == Some(key) {
                return Some(i + 1);
            }
            continue;
        }
        let Some((k, _)) = line.split_once('=') else {
            continue;
        };
        let k = k.trim().trim_matches('"');
        if k == key && table.as_deref() == section {
            return Some(i + 1);
        }
        // Dotted keys at the top (`ui.clock = "12h"`).
        if section.is_some_and(|s| table.is_none() && k == format!("{s}.{key}")) {
            return Some(i + 1);
        }
    }
    None
}

/// Finds the 1-based line of `span` and the dotted key written there (`[table]` headers above
/// the line give the prefix).
fn locate(text: &str, span: &Range<usize>) -> (Option<usize>, Option<String>) {
    let start = span.start.min(text.len());
    let line_no = text[..start].matches('\n').count() + 1;
    let mut table: Option<String> = None;
    let mut key = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if i + 1 > line_no {
            break;
        }
        if let Some(header) = line.strip_prefix('[') {
            let name = header.trim_start_matches('[');
            let name = name.split(']').next().unwrap_or("").trim();
            table = Some(name.to_string());
            if i + 1 == line_no {
                key = Some(name.to_string());
            }
        } else if i + 1 == line_no
            && let Some((k, _)) = line.split_once('=')
        {
            let k = k.trim().trim_matches('"');
            key = Some(match &table {
                Some(t) => format!("{t}.{k}"),
                None => k.to_string(),
            });
        }
    }
    (Some(line_no), key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_default_parses_back_to_the_default() {
        let parsed = Config::parse(DEFAULT_CONFIG_TOML, Path::new("default")).unwrap();
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn missing_file_means_defaults() {
        let tmp = tempfile::tempdir().unwrap();
        let cfg = Config::load(&tmp.path().join("absent.toml")).unwrap();
        assert_eq!(cfg, Config::default());
    }

    #[test]
    fn every_bad_value_is_reported_in_file_order() {
        let text = "[general]\nprovider = \"fitbitt\"\n\n[goals]\nsteps = -5\n\n[ui]\nmouse = \"yes\"\ncolour = \"red\"\n";
        let err = Config::parse(text, Path::new("/x/config.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("has 4 errors"), "{msg}");
        let at = |needle: &str| {
            msg.find(needle)
                .unwrap_or_else(|| panic!("{needle}: {msg}"))
        };
        assert!(
            at("line 2, key `general.provider`") < at("line 5, key `goals.steps`"),
            "{msg}"
        );
        assert!(
            at("line 5, key `goals.steps`") < at("line 8, key `ui.mouse`"),
            "{msg}"
        );
        assert!(
            at("line 8, key `ui.mouse`") < at("line 9, key `ui.colour`"),
            "{msg}"
        );
        // One bad value: the single error, exactly placed.
        let err = Config::parse("[ui]\nmouse = 3\n", Path::new("c.toml")).unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::Invalid(InvalidConfig { line: Some(2), .. })
            ),
            "{err}"
        );
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let text = "[general]\nlog_level = \"info\"\n\n[ui]\nmouse = true\ncolour = \"red\"\n";
        let err = Config::parse(text, Path::new("/x/config.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("/x/config.toml"), "{msg}");
        assert!(msg.contains("line 6"), "{msg}");
        assert!(msg.contains("`ui.colour`"), "{msg}");
        assert!(msg.contains("unknown field"), "{msg}");
    }

    #[test]
    fn every_value_is_checked_at_load() {
        let parse = |section: &str, key: &str, value: &str| {
            let text = format!("[ui]\nmouse = true\n\n[{section}]\n{key} = {value}\n");
            Config::parse(&text, Path::new("/x/config.toml")).map(drop)
        };
        for (section, key, value) in [
            ("goals", "steps", "0"),
            ("goals", "steps", "-5"),
            ("goals", "steps", "10000000"),
            ("goals", "distance_km", "nan"),
            ("goals", "distance_km", "inf"),
            ("goals", "distance_km", "-3.11"),
            ("goals", "distance_km", "0"),
            ("goals", "calories", "0"),
            ("goals", "floors", "0"),
            ("goals", "active_minutes", "2000"),
            ("goals", "active_zone_minutes", "0"),
            ("google", "api_base_url", "\"ht!tp:/x\""),
            ("google", "token_url", "\"\""),
            ("google", "authorize_url", "\"ftp://example.com/\""),
            ("fitbit", "redirect_uri", "\"127.0.0.1:8080\""),
            ("fitbit", "revoke_url", "\"https://\""),
        ] {
            let err = parse(section, key, value).unwrap_err().to_string();
            assert!(err.contains("/x/config.toml"), "{key} = {value}: {err}");
            assert!(err.contains("line 5"), "{key} = {value}: {err}");
            assert!(
                err.contains(&format!("`{section}.{key}`")),
                "{key} = {value}: {err}"
            );
        }
        for (section, key, value) in [
            ("goals", "steps", "8000"),
            ("goals", "distance_km", "5.5"),
            ("google", "api_base_url", "\"http://127.0.0.1:4000/v4\""),
            ("fitbit", "redirect_uri", "\"http://127.0.0.1:8080/\""),
        ] {
            assert!(parse(section, key, value).is_ok(), "{key} = {value}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_of_sane_size_are_read() {
        let tmp = tempfile::tempdir().unwrap();
        // A link to an endless device, a FIFO (reading it would block) and a directory.
        let zero = tmp.path().join("zero.toml");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let fifo = tmp.path().join("fifo.toml");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        for path in [&zero, &fifo, &tmp.path().to_path_buf()] {
            let err = Config::load(path).unwrap_err();
            assert!(
                matches!(err, ConfigError::NotAFile { .. }),
                "{}: {err}",
                path.display()
            );
        }
        let big = tmp.path().join("big.toml");
        std::fs::write(
            &big,
            "#".repeat(usize::try_from(MAX_CONFIG_BYTES).unwrap() + 10),
        )
        .unwrap();
        assert!(matches!(
            Config::load(&big),
            Err(ConfigError::TooLarge { .. })
        ));
        // A link to a regular file is fine.
        let real = tmp.path().join("real.toml");
        std::fs::write(&real, "[ui]\nclock = \"12h\"\n").unwrap();
        let link = tmp.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(Config::load(&link).unwrap().ui.clock, ClockFormat::H12);
    }

    #[test]
    fn max_requests_per_second_is_checked_at_load() {
        let parse = |v: &str| {
            let text = format!(
                "[ui]\nmouse = true\n\n[google]\nclient_id = \"x\"\nmax_requests_per_second = {v}\n"
            );
            Config::parse(&text, Path::new("/x/config.toml"))
        };
        for (v, want) in [
            ("2.5", 2.5),
            ("1", 1.0),
            ("5", 5.0),
            ("0.5", 0.5),
            ("5.0", 5.0),
        ] {
            let cfg = parse(v).unwrap();
            assert!((cfg.google.max_requests_per_second.per_second() - want).abs() < 1e-12);
            assert_eq!(
                cfg.max_requests_per_second(ProviderKind::Google),
                Some(want)
            );
        }
        assert_eq!(
            Config::default().max_requests_per_second(ProviderKind::Google),
            Some(2.5)
        );
        assert_eq!(
            Config::default().max_requests_per_second(ProviderKind::Fitbit),
            None
        );
        for bad in [
            "0", "0.0", "-1", "-2.5", "nan", "inf", "-inf", "5.01", "300", "\"fast\"",
        ] {
            let err = parse(bad).unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains("/x/config.toml"), "{bad}: {msg}");
            assert!(msg.contains("line 6"), "{bad}: {msg}");
            assert!(
                msg.contains("`google.max_requests_per_second`"),
                "{bad}: {msg}"
            );
        }
        let msg = parse("0").unwrap_err().to_string();
        assert!(msg.contains("above 0 and at most 5"), "{msg}");
        let msg = parse("nan").unwrap_err().to_string();
        assert!(msg.contains("`NaN` is not a request rate"), "{msg}");
    }

    #[test]
    fn bad_value_names_line_and_key() {
        let text = "[ui]\nclock = \"25h\"\n";
        let err = Config::parse(text, Path::new("c.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("line 2"), "{msg}");
        assert!(msg.contains("`ui.clock`"), "{msg}");
    }
}
