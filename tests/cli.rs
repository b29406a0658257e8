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

#[test]
fn profiles_keep_separate_files_and_are_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("c");
    let data = tmp.path().join("d");
    let env = [
        ("FITTUI_CONFIG_DIR", cfg.as_path()),
        ("FITTUI_DATA_DIR", data.as_path()),
    ];
    // The default profile stays where it always was; a named one has its own dirs.
    let o = fittui(&["config", "path"], &env);
    assert_eq!(
        stdout(&o).trim(),
        cfg.join("config.toml").display().to_string()
    );
    let o = fittui(&["--profile", "sam", "config", "path"], &env);
    assert_eq!(
        stdout(&o).trim(),
        cfg.join("profiles/sam/config.toml").display().to_string()
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fittui"));
    let o = cmd
        .args(["config", "path"])
        .env("FITTUI_CONFIG_DIR", &cfg)
        .env("FITTUI_DATA_DIR", &data)
        .env("FITTUI_PROFILE", "alex")
        .output()
        .unwrap();
    assert!(stdout(&o).contains("profiles/alex/config.toml"), "{o:?}");
    let o = fittui(&["--profile", "../etc", "config", "path"], &env);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("not a profile name"), "{}", stderr(&o));

    // Sam signs in and syncs; Alex only has a config dir.
    let now: jiff::Timestamp = "2026-11-21T20:00:00Z".parse().unwrap();
    let sam_cfg = cfg.join("profiles/sam");
    let tokens = fittui::auth::TokenSet {
        provider: fittui::api::ProviderKind::Fitbit,
        origin: fittui::auth::TokenOrigin::AuthorizationCode,
        access_token: "a".into(),
        refresh_token: Some("r".into()),
        expires_at: now,
        refresh_token_expires_at: None,
        scopes: vec![],
        user_id: Some("GGNJL9".into()),
        account_label: Some("Sam R.".into()),
        time_zone: None,
        client_id: "x".into(),
        obtained_at: now,
    };
    fittui::auth::TokenStore::new(&sam_cfg, fittui::api::ProviderKind::Fitbit)
        .save(&tokens)
        .unwrap();
    let store = fittui::store::Store::open(&data.join("profiles/sam/fittui.sqlite")).unwrap();
    let key = fittui::store::AccountKey {
        provider: fittui::api::ProviderKind::Fitbit.into(),
        user_id: "GGNJL9".into(),
    };
    let day = fittui::domain::activity::DayActivity {
        date: jiff::civil::date(2026, 11, 20),
        summary: None,
        hourly_steps: vec![],
        week_steps: vec![],
        goals: None,
        gaps: vec![],
    };
    store
        .put_activity(
            &key,
            &day,
            fittui::store::FetchMeta {
                fetched_at: now,
                complete: true,
            },
        )
        .unwrap();
    drop(store);
    std::fs::create_dir_all(cfg.join("profiles/alex")).unwrap();
    let o = fittui(&["profiles", "--json"], &env);
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["default", "alex", "sam"]);
    assert_eq!(v[2]["accounts"][0]["account"], "Sam R.");
    assert_eq!(v[2]["last_sync"], "2026-11-21T20:00:00Z");
    assert!(v[1].get("last_sync").is_none());
    let o = fittui(&["profiles"], &env);
    let text = stdout(&o);
    assert!(
        text.contains("sam") && text.contains("fitbit: Sam R.") && text.contains("last sync"),
        "{text}"
    );
    assert!(text.contains("never synced"), "{text}");
}
