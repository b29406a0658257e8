//! Logging: tracing to `fittui.log` in the state dir, never to the terminal. The level comes
//! from `FITTUI_LOG` (tracing filter syntax) or the config. Tokens are never logged.

use std::io;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use crate::config::LogLevel;
use crate::paths::{Paths, ensure_private_dir};

/// Lines queued for the log file before new ones are dropped (as with the default, lossy).
const BUFFERED_LINES: usize = 4096;

/// Starts logging; keep the returned guard alive until exit so the log is flushed.
pub fn init(paths: &Paths, level: LogLevel) -> io::Result<WorkerGuard> {
    ensure_private_dir(&paths.state_dir)?;
    let appender = tracing_appender::rolling::never(&paths.state_dir, "fittui.log");
    // The writer thread keeps up with far fewer lines than tracing-appender's default of 128,000:
    // that queue is allocated (and touched) whole at start, 4 MB of every command's memory.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(BUFFERED_LINES)
        .finish(appender);
    let filter = EnvFilter::try_from_env("FITTUI_LOG")
        .unwrap_or_else(|_| EnvFilter::new(format!("warn,fittui={}", level.as_str())));
    // A second init (tests) keeps the first subscriber; that is fine.
    let _ = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
    Ok(guard)
}
