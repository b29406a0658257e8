//! The real binary's command line: help, version, config commands, completions, config errors
//! (exit code 2, file, line and key named, before the terminal is touched).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use fittui::config::Config;

fn fittui(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fittui"));
    cmd.args(args)
        .env_remove("FITTUI_CONFIG_DIR")
        .env_remove("FITTUI_DATA_DIR")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_STATE_HOME");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixtures(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(kind)
}

#[test]
fn help_lists_commands_and_examples() {
    let o = fittui(&["--help"], &[]);
    assert!(o.status.success());
    let text = stdout(&o);
    for needle in [
        "config",
        "completions",
        "--date",
        "--config-dir",
        "--data-dir",
        "Examples:",
    ] {
        assert!(text.contains(needle), "--help lacks {needle}:\n{text}");
    }
    let o = fittui(&["--version"], &[]);
    let version = stdout(&o);
    assert!(version.starts_with("fittui 0."), "{version}");
    // Built from a checkout (as the tests are): the commit is in it.
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if let Some(head) = head {
        assert!(
            version.contains(&format!("({head}")),
            "{version} lacks {head}"
        );
    }
}

#[test]
fn config_path_follows_overrides_and_xdg() {
    let tmp = tempfile::tempdir().unwrap();
    let o = fittui(&["config", "path"], &[("FITTUI_CONFIG_DIR", tmp.path())]);
    assert_eq!(
        stdout(&o).trim(),
        tmp.path().join("config.toml").display().to_string()
    );

    let o = fittui(&["--config-dir", "/x/y", "config", "path"], &[]);
    assert_eq!(stdout(&o).trim(), "/x/y/config.toml");

    let o = fittui(&["config", "path"], &[("XDG_CONFIG_HOME", tmp.path())]);
    assert_eq!(
        stdout(&o).trim(),
        tmp.path().join("fittui/config.toml").display().to_string()
    );

    let home = tempfile::tempdir().unwrap();
    let o = fittui(&["config", "path"], &[("HOME", home.path())]);
    assert_eq!(
        stdout(&o).trim(),
        home.path()
            .join(".config/fittui/config.toml")
            .display()
            .to_string()
    );
}

#[test]
fn print_default_parses_back_to_the_defaults() {
    let o = fittui(&["config", "print-default"], &[]);
    assert!(o.status.success());
    let parsed = Config::parse(&stdout(&o), Path::new("printed")).unwrap();
    assert_eq!(parsed, Config::default());
}

#[test]
fn valid_fixtures_load() {
    for entry in std::fs::read_dir(fixtures("valid")).unwrap() {
        let path = entry.unwrap().path();
        Config::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let full = Config::load(&fixtures("valid").join("full.toml")).unwrap();
    assert_eq!(full.goals.steps, 12_000);
    assert!(!full.refresh.prefetch);
}

#[test]
fn invalid_fixtures_fail_with_file_line_and_key_and_exit_2() {
    let cases = [
        ("unknown_key.toml", "line 6", Some("`ui.colour`")),
        ("bad_value.toml", "line 2", Some("`ui.clock`")),
        ("bad_type.toml", "line 2", Some("`goals.steps`")),
        ("unknown_section.toml", "line 4", Some("`colours`")),
        ("syntax.toml", "line 2", Some("`ui.mouse`")),
        ("negative.toml", "line 2", Some("`refresh.today_minutes`")),
    ];
    for (file, line, key) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            fixtures("invalid").join(file),
            dir.path().join("config.toml"),
        )
        .unwrap();
        let data = tempfile::tempdir().unwrap();
        // Runs the TUI command: it must stop before touching the terminal.
        let o = fittui(
            &[],
            &[
                ("FITTUI_CONFIG_DIR", dir.path()),
                ("FITTUI_DATA_DIR", data.path()),
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{file}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(
            err.lines().count(),
            1,
            "{file}: one clear line, got:\n{err}"
        );
        assert!(
            err.contains(&dir.path().join("config.toml").display().to_string()),
            "{err}"
        );
        assert!(err.contains(line), "{file}: {err}");
        if let Some(key) = key {
            assert!(err.contains(key), "{file}: {err}");
        }
        assert!(
            stdout(&o).is_empty(),
            "{file}: nothing on stdout (no terminal setup)"
        );
    }
}

#[test]
fn bad_date_is_a_usage_error() {
    let o = fittui(&["--date", "2026-13-01"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let o = fittui(&["completions", shell], &[]);
        assert!(o.status.success(), "{shell}");
        let text = stdout(&o);
        assert!(
            text.contains("fittui") && text.contains("completions"),
            "{shell}"
        );
    }
}

#[test]
fn a_google_client_file_is_imported_or_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let config_dir = dir.path().join("config");
    let data_dir = dir.path().join("data");
    let env = [
        ("FITTUI_CONFIG_DIR", config_dir.as_path()),
        ("FITTUI_DATA_DIR", data_dir.as_path()),
    ];
    let desktop = dir.path().join("client_secret_desktop.json");
    std::fs::write(
        &desktop,
        r#"{"installed":{"client_id":"1234-abc.apps.googleusercontent.com","client_secret":"GOCSPX-x","auth_uri":"https://accounts.google.com/o/oauth2/auth","token_uri":"https://oauth2.googleapis.com/token","redirect_uris":["http://localhost"]}}"#,
    )
    .unwrap();
    let o = fittui(
        &["config", "import-client", desktop.to_str().unwrap()],
        &env,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1234-abc.apps.googleusercontent.com"));
    let config = Config::load(&config_dir.join("config.toml")).unwrap();
    assert_eq!(
        config.google.client_id,
        "1234-abc.apps.googleusercontent.com"
    );
    assert_eq!(config.google.client_secret, "GOCSPX-x");

    // A Web-application client is refused before anything else happens, saying what to do.
    let web = dir.path().join("client_secret_web.json");
    std::fs::write(&web, r#"{"web":{"client_id":"w","client_secret":"s"}}"#).unwrap();
    for args in [
        vec!["config", "import-client", web.to_str().unwrap()],
        vec!["auth", "login", "--client-file", web.to_str().unwrap()],
    ] {
        let o = fittui(&args, &env);
        assert!(!o.status.success(), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("\"Desktop app\""), "{args:?}: {err}");
    }
    // The imported client was not overwritten by the refused one.
    let config = Config::load(&config_dir.join("config.toml")).unwrap();
    assert_eq!(
        config.google.client_id,
        "1234-abc.apps.googleusercontent.com"
    );

    // A client file is Google's.
    let o = fittui(
        &[
            "auth",
            "login",
            "--provider",
            "fitbit",
            "--client-file",
            desktop.to_str().unwrap(),
        ],
        &env,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--provider google"), "{}", stderr(&o));
}
