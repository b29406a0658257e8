//! The fittui binary: parse the command line and hand over to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = fittui::cli::Cli::parse();
    fittui::commands::dispatch(cli)
}
