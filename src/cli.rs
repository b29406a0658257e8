//! Command-line interface (clap derive). Parsing only: every command's behaviour lives in the
//! module that owns it, and `main.rs` dispatches.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use crate::api::ProviderKind;

const EXAMPLES: &str = "\
Examples:
  fittui --demo                   try it on the built-in simulator (no account needed)
  fittui --demo --provider google --seed 7 --now 2026-11-02T18:00:00Z
  fittui                          open the TUI on today
  fittui --date 2026-11-02        open the TUI on a given day
  fittui auth login --provider google   sign in (opens the browser)
  fittui auth status              who is signed in, until when
  fittui auth refresh             refresh the access token now
  fittui config path              print where config.toml is read from
  fittui config print-default     print the default config, with comments
  fittui completions zsh > ~/.zfunc/_fittui
  FITTUI_CONFIG_DIR=/tmp/p2 fittui   use a separate profile";

/// A keyboard-driven terminal viewer for Fitbit / Pixel Watch health data.
#[derive(Debug, Parser)]
#[command(name = "fittui", version = env!("FITTUI_VERSION"), about, after_help = EXAMPLES)]
pub struct Cli {
    /// Day to open on (YYYY-MM-DD); defaults to today in the account's time zone.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<Date>,

    #[command(flatten)]
    pub demo: DemoArgs,

    #[command(flatten)]
    pub dirs: DirArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--demo` and the simulator's reproducibility knobs.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Run on the built-in simulator: no account, network or set-up needed. Uses a throw-away
    /// profile, never your own config or tokens.
    #[arg(long)]
    pub demo: bool,
    /// Which API the demo simulates (fitbit has every tab, including alarm editing).
    #[arg(long, requires = "demo", default_value = "fitbit")]
    pub provider: ProviderKind,
    /// Seed of the synthetic person (same seed, same data).
    #[arg(long, requires = "demo", value_name = "N")]
    pub seed: Option<u64>,
    /// The demo's "now" (RFC 3339, e.g. 2026-11-21T20:00:00Z); the clock runs on from there.
    #[arg(long, requires = "demo", value_name = "RFC3339", value_parser = parse_timestamp)]
    pub now: Option<jiff::Timestamp>,
    /// The synthetic person's time zone (IANA name, default `America/Los_Angeles`).
    #[arg(long, requires = "demo", value_name = "IANA")]
    pub tz: Option<String>,
}

fn parse_timestamp(s: &str) -> Result<jiff::Timestamp, String> {
    s.parse::<jiff::Timestamp>()
        .map_err(|e| format!("expected an RFC 3339 time such as 2026-11-21T20:00:00Z ({e})"))
}

/// Directory overrides shared by every command (tests and multiple profiles use them).
#[derive(Debug, Clone, Default, Args)]
pub struct DirArgs {
    /// Config directory (config.toml, tokens). Default: `$XDG_CONFIG_HOME/fittui`.
    #[arg(long, global = true, env = "FITTUI_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,

    /// Data directory (local store). Default: `$XDG_DATA_HOME/fittui`.
    #[arg(long, global = true, env = "FITTUI_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Profile: a separate config, sign-in and store (one per person or account). Without
    /// it, the default profile, where fittui has always kept its files.
    #[arg(long, global = true, env = "FITTUI_PROFILE", value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign in, check or end a sign-in.
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Inspect the configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script to stdout.
    Completions {
        /// Shell to generate the script for.
        shell: Shell,
    },
    /// Run the local Fitbit / Google Health API simulator (demo mode, tests, benchmarks).
    Sim(fittui_sim::SimArgs),
    /// Fill the local store with a range of days (resumable; final days are never fetched again).
    Sync(SyncArgs),
    /// Bring a Fitbit / Google Takeout export into the local store: no sign-in needed.
    ///
    /// PATH is a Takeout `.zip` (give every part of a split export), a `.tgz`, or an extracted
    /// folder, of any era (`MyFitbitData/…`, `Takeout/Fitbit`, `Takeout/Google Health`).
    /// Archives are read in place. Importing the same export again changes nothing; a newer
    /// one adds what is new. Then `fittui` (with the same --profile) browses it.
    Import(ImportArgs),
    /// Write stored data as CSV, JSON or NDJSON (fetching what is missing unless --offline).
    Export(ExportArgs),
    /// List the profiles: who each is signed in as, and when it last synced.
    Profiles {
        /// One JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// The day on one screen of plain text (steps, distance, heart, sleep, batteries), from
    /// the local store first; for a shell prompt or a cron mail.
    Summary(SummaryArgs),
    /// Check the set-up: config, directories, sign-in, scopes, the API, the clock, the store
    /// and the terminal, each with the fix.
    Doctor {
        /// A JSON array of {check, status, detail, fix} instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Args)]
pub struct SummaryArgs {
    /// The day (YYYY-MM-DD); defaults to today in the account's time zone.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<Date>,
    /// One JSON document (metric units, named in the keys; ISO dates).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Sign in through the provider's consent page (authorization code with PKCE).
    ///
    /// Prints the sign-in URL, opens it in a browser and waits for the redirect on 127.0.0.1
    /// (Fitbit: the configured redirect URI, default `http://127.0.0.1:8080/`; Google: a free
    /// port). You can also paste the redirect URL into the terminal.
    Login(LoginArgs),
    /// Save an access token you already have: the Fitbit API explorer's "quick way" token
    /// (8 hours) or an implicit-grant token. Read from standard input; checked before saving.
    Token(TokenArgs),
    /// Show who is signed in, with which scopes and until when (never a secret).
    Status {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        /// Only this provider.
        #[arg(long)]
        provider: Option<ProviderKind>,
    },
    /// Refresh the access token now and print its new expiry.
    ///
    /// Spends the refresh token for a new pair (Fitbit rotates the refresh token; Google keeps
    /// it), saves it before anything uses it, and waits for any other fittui process that is
    /// refreshing the same sign-in: if that one already did, its tokens are used instead of
    /// refreshing twice. fittui refreshes automatically; this is for scripts and checks.
    Refresh {
        /// Which sign-in to refresh (default: the one `fittui` reads).
        #[arg(long)]
        provider: Option<ProviderKind>,
    },
    /// Revoke the sign-in at the provider and delete the stored tokens.
    Logout {
        /// Only this provider (default: every signed-in one).
        #[arg(long)]
        provider: Option<ProviderKind>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct LoginArgs {
    /// Which API to sign in to (default: `general.provider` from the config).
    #[arg(long)]
    pub provider: Option<ProviderKind>,
    /// Don't open a browser: print the URL, then paste the redirect URL you end up on.
    #[arg(long)]
    pub no_browser: bool,
    /// OAuth client id (overrides the config).
    #[arg(long, env = "FITTUI_CLIENT_ID", value_name = "ID")]
    pub client_id: Option<String>,
    /// OAuth client secret (overrides the config).
    #[arg(
        long,
        env = "FITTUI_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub client_secret: Option<String>,
    /// Google: the OAuth client file downloaded from the Cloud console (`client_secret_….json`,
    /// a "Desktop app" client); its id and secret are saved in config.toml first.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["client_id", "client_secret"])]
    pub client_file: Option<PathBuf>,
    /// Give up waiting for the browser after this many seconds.
    #[arg(long, default_value_t = 300, value_name = "SECS")]
    pub timeout: u64,
}

#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// Which API the token is for.
    #[arg(long, default_value = "fitbit")]
    pub provider: ProviderKind,
    /// Lifetime in seconds, if known (implicit grant: 86400, 604800, 2592000 or 31536000).
    /// Otherwise read from the token itself, or 8 hours (the API explorer's tokens).
    #[arg(long, value_name = "SECS")]
    pub expires_in: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file fittui reads.
    Path,
    /// Print the default configuration, with every key documented.
    PrintDefault,
    /// Put the client id and secret of a Google OAuth client file (the `client_secret_….json`
    /// downloaded from the Cloud console; a "Desktop app" client) into config.toml.
    ImportClient {
        /// The downloaded JSON file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// `fittui sync`.
#[derive(Debug, Clone, Args)]
pub struct SyncArgs {
    /// The last N days, ending today (in the account's zone).
    #[arg(long, value_name = "N", conflicts_with = "from", value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: Option<u32>,
    /// The first day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<Date>,
    /// The last day (YYYY-MM-DD; default today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: Option<Date>,
    /// What to fetch: a comma-separated list of activity, heart, sleep, weight (default all).
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// Progress and the result as JSON lines (also what a non-terminal gets).
    #[arg(long)]
    pub json: bool,
}

/// `fittui import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The export: zip part(s), a .tgz, or a folder.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The account's IANA time zone (default: the export's Profile.csv).
    #[arg(long, value_name = "IANA")]
    pub tz: Option<String>,
    /// Read the export and report what it holds; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Progress and the report as JSON lines (also what a non-terminal gets).
    #[arg(long)]
    pub json: bool,
}

/// `fittui export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The first day (YYYY-MM-DD; default 30 days before --to).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<Date>,
    /// The last day (YYYY-MM-DD; default today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: Option<Date>,
    /// What to export.
    #[arg(long, value_enum, default_value = "daily")]
    pub kind: ExportKind,
    /// The format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only what is stored: no network.
    #[arg(long)]
    pub offline: bool,
}

/// What `fittui export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// One row per day: steps, distance, calories, floors, active and zone minutes.
    Daily,
    /// One row per minute with heart-rate readings.
    Heart,
    /// One row per sleep, with its stages.
    Sleep,
    /// One row per day: heart-rate variability (RMSSD).
    Hrv,
    /// One row per night: blood oxygen, breathing rate, skin temperature.
    Spo2,
    /// One row per paired device, as last synced: battery and last sync.
    Devices,
    /// One row per weigh-in: weight and body fat.
    Weight,
}

/// `fittui export`'s formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Ndjson,
}

/// Shells `fittui completions` can generate a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Checks a profile name: letters, digits, `-` and `_`, at most 64 (it names directories).
pub fn parse_profile(name: &str) -> Result<String, String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(name.to_string())
    } else {
        Err(format!(
            "`{name}` is not a profile name: use letters, digits, - and _ (at most 64)"
        ))
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("expected a date as YYYY-MM-DD ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn date_flag_rejects_bad_dates() {
        assert!(Cli::try_parse_from(["fittui", "--date", "2026-02-30"]).is_err());
        assert!(Cli::try_parse_from(["fittui", "--date", "yesterday"]).is_err());
        let cli = Cli::try_parse_from(["fittui", "--date", "2026-03-08"]).unwrap();
        assert_eq!(cli.date, Some(jiff::civil::date(2026, 3, 8)));
    }
}
