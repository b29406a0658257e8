//! Command-line interface (clap derive). Parsing only: every command's behaviour lives in the
//! module that owns it, and `main.rs` dispatches.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

const EXAMPLES: &str = "\
Examples:
  fittui                          open the TUI on today
  fittui --date 2026-11-02        open the TUI on a given day
  fittui config path              print where config.toml is read from
  fittui config print-default     print the default config, with comments
  fittui completions zsh > ~/.zfunc/_fittui
  FITTUI_CONFIG_DIR=/tmp/p2 fittui   use a separate profile";

/// A keyboard-driven terminal viewer for Fitbit / Pixel Watch health data.
#[derive(Debug, Parser)]
#[command(name = "fittui", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Day to open on (YYYY-MM-DD); defaults to today in the account's time zone.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<Date>,

    #[command(flatten)]
    pub dirs: DirArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Inspect the configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script to stdout.
    Completions {
        /// Shell to generate the script for.
        shell: Shell,
    },
    /// Run the local Fitbit / Google Health API simulator (demo mode, tests, benchmarks).
    Sim(crate::sim::args::SimArgs),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file fittui reads.
    Path,
    /// Print the default configuration, with every key documented.
    PrintDefault,
}

/// Shells `fittui completions` can generate a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
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
