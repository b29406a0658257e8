//! Top-level command dispatch: everything `main` does, so it is one call.
//!
//! Errors that stop a command print one clear line on stderr, before the terminal is ever put
//! into TUI mode. Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error,
//! 3 not signed in (`auth status`).

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;

use clap::CommandFactory;
use jiff::tz::TimeZone;

pub mod auth;
pub mod client_file;
pub mod demo;
pub mod doctor;
pub mod export;
pub mod import;
pub mod profiles;
pub mod summary;
pub mod sync;

use crate::api::ProviderKind;
use crate::app::{App, AppInit, SourceInfo};
use crate::cli::{AuthCommand, Cli, Command, ConfigCommand, Shell};
use crate::clock::SystemClock;
use crate::config::{Config, DEFAULT_CONFIG_TOML};
use crate::paths::{Paths, ensure_private_dir};
use crate::runtime::{self, EffectRunner, RunOptions, terminal};

/// Exit code for usage and configuration errors.
pub const EXIT_USAGE: u8 = 2;

/// Exit code of `auth status` when no provider (or not the one asked for) is signed in.
pub const EXIT_NOT_SIGNED_IN: u8 = 3;

/// Runs the command the user asked for.
#[allow(clippy::needless_pass_by_value)] // consumes the parsed command line, as main hands it over
pub fn dispatch(cli: Cli) -> ExitCode {
    let paths = match Paths::resolve(&cli.dirs) {
        Ok(paths) => paths,
        Err(err) => return fail(EXIT_USAGE, &err),
    };
    match cli.command {
        Some(Command::Config(ConfigCommand::Path)) => {
            println!("{}", paths.config_file().display());
            ExitCode::SUCCESS
        }
        Some(Command::Config(ConfigCommand::PrintDefault)) => {
            print!("{DEFAULT_CONFIG_TOML}");
            ExitCode::SUCCESS
        }
        Some(Command::Config(ConfigCommand::ImportClient { file })) => {
            match import_client(&paths, &file) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(1, &e),
            }
        }
        Some(Command::Completions { shell }) => {
            completions(shell);
            ExitCode::SUCCESS
        }
        Some(Command::Auth(command)) => run_auth(&paths, &command),
        Some(Command::Sim(args)) => run_sim(args),
        Some(Command::Sync(args)) => sync::run(&paths, &args),
        Some(Command::Import(args)) => import::run(&paths, &args),
        Some(Command::Export(args)) => export::run(&paths, &args),
        Some(Command::Profiles { json }) => {
            // Listed from the default profile's directories, whichever profile is selected.
            let base = match Paths::resolve(&crate::cli::DirArgs {
                profile: None,
                ..cli.dirs.clone()
            }) {
                Ok(paths) => paths,
                Err(err) => return fail(EXIT_USAGE, &err),
            };
            match profiles::print(&base, json) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(1, &e),
            }
        }
        Some(Command::Summary(args)) => summary::run(&paths, &args),
        Some(Command::Doctor { json }) => doctor::run(&paths, json),
        None if cli.demo.demo => run_demo(&cli.demo, cli.date),
        None => run_tui(&paths, cli.date),
    }
}

/// What a command that works on the profile starts with.
pub struct Started {
    pub config: Config,
    pub runtime: tokio::runtime::Runtime,
    /// Keeps the log open while the command runs (a log that cannot be opened is no reason to
    /// fail a command).
    _log: Option<tracing_appender::non_blocking::WorkerGuard>,
}

/// The config (errors exit 2 before anything else), the log, and an async runtime.
pub fn start(paths: &Paths) -> Result<Started, ExitCode> {
    let config = prepare(paths)?;
    let log = crate::logging::init(paths, config.general.log_level).ok();
    let runtime = async_runtime()?;
    Ok(Started {
        config,
        runtime,
        _log: log,
    })
}

/// An async runtime for a command, or the exit code that says it could not start.
pub fn async_runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Runtime::new()
        .map_err(|e| fail(1, &format_args!("cannot start the async runtime: {e}")))
}

/// Prints `fittui: <error>` and returns `code`.
pub fn fail(code: u8, err: &dyn std::fmt::Display) -> ExitCode {
    let _ = writeln!(io::stderr(), "fittui: {err}");
    ExitCode::from(code)
}

fn completions(shell: Shell) {
    let target = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(target, &mut Cli::command(), "fittui", &mut io::stdout());
}

/// Loads the config and prepares the directories, printing a clear error on failure.
pub fn prepare(paths: &Paths) -> Result<Config, ExitCode> {
    let config = Config::load(&paths.config_file()).map_err(|e| fail(EXIT_USAGE, &e))?;
    for dir in [&paths.config_dir, &paths.data_dir, &paths.state_dir] {
        ensure_private_dir(dir)
            .map_err(|e| fail(1, &format_args!("cannot create {}: {e}", dir.display())))?;
    }
    Ok(config)
}

fn run_demo(args: &crate::cli::DemoArgs, date: Option<jiff::civil::Date>) -> ExitCode {
    let options = demo::DemoOptions {
        provider: args.provider,
        seed: args.seed,
        now: args.now,
        tz: args.tz.clone(),
    };
    if let Some(tz) = &options.tz
        && TimeZone::get(tz).is_err()
    {
        return fail(
            EXIT_USAGE,
            &format_args!("unknown time zone `{tz}` (use an IANA name such as Europe/Paris)"),
        );
    }
    let _ = color_eyre::install();
    let runtime = match async_runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let result = runtime.block_on(async {
        let demo = demo::start(&options).await.map_err(|e| e.to_string())?;
        let _log = crate::logging::init(&demo.paths, demo.config.general.log_level);
        let init = AppInit {
            config: demo.config.clone(),
            clock: demo.clock.clone(),
            tz: demo::fallback_tz(&options),
            start_date: date,
            source: Some(SourceInfo {
                kind: demo.source.kind,
                capabilities: demo.source.provider.capabilities(),
            }),
        };
        // A store in the demo's temporary profile (gone on exit), so the week, month and year
        // views, the records and the warm start work as they do for a real profile.
        let (local, notices) = match crate::store::Store::open(&demo.paths.store_file()) {
            Ok(store) => (
                Some(Arc::new(runtime::local::LocalStore::new(
                    Arc::new(store),
                    demo.source.kind,
                    demo.clock.clone(),
                ))),
                Vec::new(),
            ),
            Err(e) => (
                None,
                vec![format!(
                    "The demo's local store could not be opened ({e}); running without it"
                )],
            ),
        };
        run_session(
            init,
            Some(demo.source.provider.clone()),
            local,
            notices,
            None,
        )
        .await
        .map_err(|e| e.to_string())
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(1, &format_args!("demo: {e}")),
    }
}

fn run_sim(args: fittui_sim::SimArgs) -> ExitCode {
    let runtime = match async_runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    match runtime.block_on(fittui_sim::run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(1, &format_args!("sim: {e}")),
    }
}

/// Imports a Google client file into config.toml and says so.
fn import_client(
    paths: &Paths,
    file: &std::path::Path,
) -> Result<(), client_file::ClientFileError> {
    let client = client_file::read(file)?;
    let config_file = paths.config_file();
    client_file::import(&config_file, &client)?;
    println!(
        "Saved the Google OAuth client {} (and its secret) under [google] in {}.",
        client.client_id,
        config_file.display()
    );
    Ok(())
}

fn run_auth(paths: &Paths, command: &AuthCommand) -> ExitCode {
    if let AuthCommand::Login(args) = command
        && let Some(file) = &args.client_file
    {
        if args.provider.is_some_and(|p| p != ProviderKind::Google) {
            return fail(
                EXIT_USAGE,
                &"--client-file is a Google OAuth client file: use it with --provider google",
            );
        }
        if let Err(e) = import_client(paths, file) {
            return fail(EXIT_USAGE, &e);
        }
    }
    let Started {
        config, runtime, ..
    } = match start(paths) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let result = runtime.block_on(async {
        match command {
            AuthCommand::Login(args) => auth::login(&config, paths, args).await,
            AuthCommand::Token(args) => auth::token(&config, paths, args).await,
            AuthCommand::Status { json, provider } => {
                auth::status(&config, paths, *json, *provider)
            }
            AuthCommand::Refresh { provider } => auth::refresh(&config, paths, *provider).await,
            AuthCommand::Logout { provider } => auth::logout(&config, paths, *provider).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `auth status` has said so on stdout already.
        Err(e @ auth::AuthCommandError::NotSignedIn) => ExitCode::from(e.exit_code()),
        Err(e) => fail(e.exit_code(), &e),
    }
}

fn run_tui(paths: &Paths, date: Option<jiff::civil::Date>) -> ExitCode {
    let config = match prepare(paths) {
        Ok(config) => config,
        Err(code) => return code,
    };
    // The slow parts of a start, off the critical path: the HTTP client (TLS roots, a few
    // milliseconds) and the store (opening, the schema check) are made while the rest starts.
    let kind = crate::source::choose(&config, paths);
    let http = std::thread::spawn(crate::net::http_client);
    let store_file = paths.store_file();
    // Without a sign-in the store is opened only if it exists: it may hold an import.
    let store = (kind.is_some() || store_file.exists())
        .then(|| std::thread::spawn(move || crate::store::Store::open(&store_file)));
    let _log = match crate::logging::init(paths, config.general.log_level) {
        Ok(guard) => guard,
        Err(e) => {
            return fail(
                1,
                &format_args!("cannot open the log in {}: {e}", paths.state_dir.display()),
            );
        }
    };
    // Error and panic reports; installed before the terminal hook, which chains to it.
    let _ = color_eyre::install();
    let runtime = match async_runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let clock: crate::clock::SharedClock = Arc::new(SystemClock);
    let source = match kind {
        None => None,
        Some(kind) => {
            let http = match http.join() {
                Ok(Ok(http)) => http,
                Ok(Err(e)) => return fail(1, &format_args!("cannot start the HTTP client: {e}")),
                Err(_) => return fail(1, &"the HTTP client could not be made"),
            };
            match crate::source::open(&config, paths, kind, http, clock.clone()) {
                Ok(source) => source,
                Err(e) => return fail(1, &e),
            }
        }
    };
    let init = AppInit {
        config,
        clock,
        tz: TimeZone::try_system().unwrap_or(TimeZone::UTC),
        start_date: date,
        source: source.as_ref().map(|s| SourceInfo {
            kind: s.kind,
            capabilities: s.provider.capabilities(),
        }),
    };
    let mut notices: Vec<String> = match &source {
        Some(s) => runtime
            .block_on(s.tokens.expiry_warning())
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    // The local store: what was fetched before shows at once, and final days cost nothing.
    let store = store.map(std::thread::JoinHandle::join);
    // Not signed in, but the profile holds an import: browse it.
    if source.is_none()
        && let Some(Ok(Ok(store))) = store
    {
        return run_unsigned(store, init, notices, &runtime);
    }
    let local = match (&source, store) {
        (Some(s), Some(Ok(Ok(store)))) => Some(Arc::new(runtime::local::LocalStore::new(
            Arc::new(store),
            s.kind,
            init.clock.clone(),
        ))),
        // Without the store fittui still shows live data (and never touches the file): say
        // why, and go on.
        (Some(_), Some(Ok(Err(e)))) => {
            tracing::warn!("local store: {e}");
            notices.push(format!(
                "The local store could not be opened ({e}); running without it: nothing is kept"
            ));
            None
        }
        (Some(_), _) => {
            notices.push("The local store could not be opened; running without it".into());
            None
        }
        (None, _) => None,
    };
    let provider = source.map(|s| s.provider);
    match runtime.block_on(run_session(init, provider, local, notices, None)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(1, &e),
    }
}

/// `fittui` with no sign-in on a profile with a store: its import, if it holds one.
fn run_unsigned(
    store: crate::store::Store,
    init: AppInit,
    notices: Vec<String>,
    runtime: &tokio::runtime::Runtime,
) -> ExitCode {
    let session = match imported_session(store, &init) {
        Ok(Some((local, imported))) => runtime.block_on(run_session(
            init,
            None,
            Some(local),
            notices,
            Some(imported),
        )),
        Ok(None) => runtime.block_on(run_session(init, None, None, notices, None)),
        Err(e) => return fail(1, &e),
    };
    match session {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(1, &e),
    }
}

/// The store of the profile's import, if it has a store holding one (`fittui export` with no
/// sign-in exports it).
pub(super) fn imported_local(
    paths: &Paths,
    clock: &crate::clock::SharedClock,
) -> Result<Option<Arc<runtime::local::LocalStore>>, crate::store::StoreError> {
    let file = paths.store_file();
    if !file.exists() {
        return Ok(None);
    }
    let store = crate::store::Store::open(&file)?;
    if store.last_account(crate::store::Origin::Takeout)?.is_none() {
        return Ok(None);
    }
    Ok(Some(Arc::new(runtime::local::LocalStore::new(
        Arc::new(store),
        crate::store::Origin::Takeout,
        clock.clone(),
    ))))
}

/// The profile's import, if its store holds one: the store of its account, and what the app
/// says about it.
fn imported_session(
    store: crate::store::Store,
    init: &AppInit,
) -> Result<Option<(Arc<runtime::local::LocalStore>, crate::app::Imported)>, crate::store::StoreError>
{
    let Some((key, _)) = store.last_account(crate::store::Origin::Takeout)? else {
        return Ok(None);
    };
    let run = store.last_import(&key)?;
    let imported = crate::app::Imported {
        exported_at: run.as_ref().map_or(init.clock.now(), |r| r.exported_at),
        first_day: run.as_ref().and_then(|r| r.first_day),
        last_day: run.as_ref().and_then(|r| r.last_day),
    };
    let local = runtime::local::LocalStore::new(
        Arc::new(store),
        crate::store::Origin::Takeout,
        init.clock.clone(),
    );
    Ok(Some((Arc::new(local), imported)))
}

/// Runs the TUI until the user quits. The terminal is restored however this ends. With
/// `imported`, it browses an import from `local` (no provider).
pub async fn run_session(
    init: AppInit,
    provider: Option<Arc<dyn crate::provider::Provider>>,
    local: Option<Arc<runtime::local::LocalStore>>,
    notices: Vec<String>,
    imported: Option<crate::app::Imported>,
) -> io::Result<()> {
    let mouse = init.config.ui.mouse;
    let timer = crate::clock::Clock::timer(init.clock.as_ref());
    let (mut app, mut effects) = App::new(init);
    if let Some(imported) = imported {
        app.use_import(imported);
    }
    for notice in notices {
        effects.extend(app.update(crate::app::Action::Notice(notice)));
    }
    let (tx, mut rx) = runtime::channel();
    let mut runner = EffectRunner::new(provider, tx.clone()).with_timer(timer);
    if let Some(local) = local {
        runner = runner.with_store(local);
        effects.extend(app.use_store());
    }
    runtime::spawn_event_sources(&tx)?;
    let options = RunOptions {
        panic_after_first_frame: std::env::var_os("FITTUI_TEST_PANIC").is_some_and(|v| v == "1"),
    };
    let (mut term, guard) = terminal::enter(mouse)?;
    for effect in effects {
        runner.run(effect);
    }
    let result = runtime::run(&mut term, &mut app, &mut runner, &mut rx, options).await;
    drop(guard);
    if let Some(note) = app.exit_note() {
        eprintln!("{note}");
    }
    result
}
