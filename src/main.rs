//! Minimal dispatcher; the app owner replaces it with the full `main`.

use std::process::ExitCode;

use clap::Parser as _;
use fittui::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Sim(args)) => {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    eprintln!("fittui sim: cannot start the async runtime: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match runtime.block_on(fittui::sim::run(args)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("fittui sim: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        // Other commands are wired by the app's own `main`.
        _ => ExitCode::SUCCESS,
    }
}
