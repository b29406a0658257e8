//! Logging: tracing to `fittui.log` in the state dir, never to the terminal. The level comes
//! from `FITTUI_LOG` (a level, or `target=level` pairs: `debug`, `warn,fittui=trace`) or the
//! config. Tokens are never logged.

use std::io;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

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
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(false),
        )
        .with(filter(std::env::var("FITTUI_LOG").ok().as_deref(), level))
        .try_init();
    Ok(guard)
}

/// What is logged: `FITTUI_LOG` when it parses, else warnings, and fittui's own lines down to
/// the configured level. (A list of targets, not tracing's full filter language with spans
/// and fields: that one compiles regular expressions at every start.)
fn filter(env: Option<&str>, level: LogLevel) -> Targets {
    env.and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        format!("warn,fittui={}", level.as_str())
            .parse()
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use tracing::Level;

    use super::*;

    #[test]
    fn the_environment_wins_when_it_parses() {
        let config = filter(None, LogLevel::Debug);
        assert!(config.would_enable("fittui::sync", &Level::DEBUG));
        assert!(!config.would_enable("fittui::sync", &Level::TRACE));
        assert!(!config.would_enable("hyper", &Level::INFO));
        assert!(config.would_enable("hyper", &Level::WARN));
        let env = filter(Some("warn,fittui=trace,hyper=debug"), LogLevel::Info);
        assert!(env.would_enable("fittui::sync", &Level::TRACE));
        assert!(env.would_enable("hyper::proto", &Level::DEBUG));
        let bad = filter(Some("fittui=loud"), LogLevel::Info);
        assert!(bad.would_enable("fittui", &Level::INFO));
        assert!(!bad.would_enable("fittui", &Level::DEBUG));
    }
}
