//! Google's downloaded OAuth client file (`client_secret_….json` from the Cloud console):
//! read and checked ([`read`]), and imported into `config.toml` ([`import`]) so every later
//! refresh finds the client id and secret.
//!
//! A Desktop-app client file looks like `{"installed": {"client_id", "client_secret",
//! "auth_uri", "token_uri", "redirect_uris", …}}`; a Web-application client has `"web"`
//! instead, and cannot sign in from a terminal (its redirect URIs are fixed https pages).

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Client files are a few hundred bytes; anything past this is not one.
const MAX_BYTES: u64 = 64 * 1024;

/// The parts of a Desktop-app client fittui needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledClient {
    pub client_id: String,
    pub client_secret: String,
}

/// Why a client file cannot be used, said so the user knows what to do.
#[derive(Debug, thiserror::Error)]
pub enum ClientFileError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a Google OAuth client file: {reason}")]
    Malformed { path: PathBuf, reason: String },
    #[error(
        "{path} is a \"Web application\" OAuth client; fittui signs in like a desktop app: in the Cloud console create an OAuth client of type \"Desktop app\" and download its JSON"
    )]
    WebClient { path: PathBuf },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid TOML, so the client was not added to it: {reason}")]
    Config { path: PathBuf, reason: String },
}

#[derive(Deserialize)]
struct File {
    installed: Option<Client>,
    web: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Client {
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// Reads and checks a downloaded client file.
pub fn read(path: &Path) -> Result<InstalledClient, ClientFileError> {
    let malformed = |reason: String| ClientFileError::Malformed {
        path: path.to_path_buf(),
        reason,
    };
    let read_error = |source| ClientFileError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    if !file.metadata().map_err(read_error)?.is_file() {
        return Err(malformed("not a regular file".into()));
    }
    let mut text = String::new();
    file.take(MAX_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(read_error)?;
    if text.len() as u64 > MAX_BYTES {
        return Err(malformed(format!("larger than {MAX_BYTES} bytes")));
    }
    let parsed: File = serde_json::from_str(&text).map_err(|e| {
        malformed(format!(
            "not JSON of the expected shape ({e}, line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let client = match (parsed.installed, parsed.web) {
        (Some(client), _) => client,
        (None, Some(_)) => {
            return Err(ClientFileError::WebClient {
                path: path.to_path_buf(),
            });
        }
        (None, None) => return Err(malformed("it has no \"installed\" client".into())),
    };
    let field = |value: Option<String>, name: &str| {
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| malformed(format!("\"installed\" has no \"{name}\"")))
    };
    let client_id = field(client.client_id, "client_id")?;
    let client_secret = field(client.client_secret, "client_secret")?;
    if client_id.chars().any(char::is_whitespace) || client_id.contains('"') {
        return Err(malformed(format!("\"{client_id}\" is not a client id")));
    }
    Ok(InstalledClient {
        client_id,
        client_secret,
    })
}

/// Writes the client into `[google]` of the config file at `config_file`, keeping everything
/// else in it (comments included); creates the file if there is none. The file is replaced
/// atomically and stays readable only by its owner (it holds the client secret).
pub fn import(config_file: &Path, client: &InstalledClient) -> Result<(), ClientFileError> {
    let write_error = |source| ClientFileError::Write {
        path: config_file.to_path_buf(),
        source,
    };
    let text = match std::fs::read_to_string(config_file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(ClientFileError::Read {
                path: config_file.to_path_buf(),
                source,
            });
        }
    };
    let mut doc: toml_edit::DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| ClientFileError::Config {
                path: config_file.to_path_buf(),
                reason: e.message().to_string(),
            })?;
    let google = doc
        .entry("google")
        .or_insert_with(toml_edit::table)
        .as_table_mut()
        .ok_or_else(|| ClientFileError::Config {
            path: config_file.to_path_buf(),
            reason: "`google` is not a table".into(),
        })?;
    google["client_id"] = toml_edit::value(client.client_id.clone());
    google["client_secret"] = toml_edit::value(client.client_secret.clone());
    let dir = config_file.parent().unwrap_or_else(|| Path::new("."));
    crate::paths::ensure_private_dir(dir).map_err(write_error)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".config-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(write_error)?;
    temp.write_all(doc.to_string().as_bytes())
        .map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    temp.persist(config_file)
        .map_err(|e| write_error(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir
            .path()
            .join("client_secret_1234.apps.googleusercontent.com.json");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    const DESKTOP: &str = r#"{"installed":{"client_id":"1234-abc.apps.googleusercontent.com","project_id":"fittui-me","auth_uri":"https://accounts.google.com/o/oauth2/auth","token_uri":"https://oauth2.googleapis.com/token","auth_provider_x509_cert_url":"https://www.googleapis.com/oauth2/v1/certs","client_secret":"GOCSPX-secret","redirect_uris":["http://localhost"]}}"#;

    #[test]
    fn a_desktop_client_file_is_read() {
        let (_dir, path) = file(DESKTOP);
        assert_eq!(
            read(&path).unwrap(),
            InstalledClient {
                client_id: "1234-abc.apps.googleusercontent.com".into(),
                client_secret: "GOCSPX-secret".into(),
            }
        );
    }

    #[test]
    fn web_clients_and_malformed_files_say_what_is_wrong() {
        let (_dir, path) = file(r#"{"web":{"client_id":"x","client_secret":"y"}}"#);
        let err = read(&path).unwrap_err().to_string();
        assert!(
            err.contains("\"Web application\"") && err.contains("Desktop app"),
            "{err}"
        );
        for (text, says) in [
            ("{not json", "not JSON"),
            ("[1, 2]", "not JSON of the expected shape"),
            ("{}", "no \"installed\" client"),
            (r#"{"installed":{"client_secret":"y"}}"#, "no \"client_id\""),
            (
                r#"{"installed":{"client_id":"x","client_secret":" "}}"#,
                "no \"client_secret\"",
            ),
            (
                r#"{"installed":{"client_id":"a b","client_secret":"y"}}"#,
                "not a client id",
            ),
        ] {
            let (_dir, path) = file(text);
            let err = read(&path).unwrap_err().to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
        let err = read(Path::new("/nonexistent/client.json")).unwrap_err();
        assert!(matches!(err, ClientFileError::Read { .. }), "{err}");
    }

    #[test]
    fn importing_keeps_the_rest_of_the_config() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("fittui").join("config.toml");
        let client = InstalledClient {
            client_id: "1234-abc.apps.googleusercontent.com".into(),
            client_secret: "GOCSPX-secret".into(),
        };
        // No config yet: one is made.
        import(&config, &client).unwrap();
        let made = crate::config::Config::load(&config).unwrap();
        assert_eq!(made.google.client_id, client.client_id);
        assert_eq!(made.google.client_secret, client.client_secret);
        // An existing config keeps its keys and comments; an older client is replaced.
        std::fs::write(
            &config,
            "# mine\n[ui]\nclock = \"12h\" # twelve\n\n[google]\nclient_id = \"old\"\n",
        )
        .unwrap();
        import(&config, &client).unwrap();
        let text = std::fs::read_to_string(&config).unwrap();
        assert!(
            text.contains("# mine") && text.contains("clock = \"12h\" # twelve"),
            "{text}"
        );
        let loaded = crate::config::Config::load(&config).unwrap();
        assert_eq!(loaded.google.client_id, client.client_id);
        assert_eq!(loaded.ui.clock, crate::config::ClockFormat::H12);
        // A config that is not TOML is left alone.
        std::fs::write(&config, "[ui\n").unwrap();
        assert!(matches!(
            import(&config, &client),
            Err(ClientFileError::Config { .. })
        ));
        assert_eq!(std::fs::read_to_string(&config).unwrap(), "[ui\n");
    }
}
