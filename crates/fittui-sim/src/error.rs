//! Why the simulator could not start or keep running.

use std::net::SocketAddr;

use crate::faults::FaultSpecError;

/// Why the simulator could not start or keep running.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(
        "{0} is not a loopback address; the simulator only listens on 127.0.0.1, ::1 or localhost"
    )]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("unknown time zone `{name}`: {reason}")]
    TimeZone { name: String, reason: String },
    #[error("`--grant`: `{scope}` is not a {provider} scope")]
    UnknownScope { provider: String, scope: String },
    #[error(transparent)]
    Faults(#[from] FaultSpecError),
    #[error("takeout: {0}")]
    Takeout(#[from] crate::takeout::TakeoutError),
    #[error("i/o error: {0}")]
    Io(String),
}
