//! The request log: every API and OAuth request the simulator answered (control requests under
//! `/_sim/` are not logged), so tests and benchmarks can count what a client really sent.

use std::sync::{Mutex, PoisonError};

use serde::Serialize;

/// One answered request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestRecord {
    /// 1-based position in the log.
    pub seq: u64,
    /// The simulator's clock when the request arrived (RFC 3339).
    pub at: String,
    pub method: String,
    pub path: String,
    /// Raw query string, without `?` (empty when none).
    pub query: String,
    /// HTTP status sent (0 when the connection was dropped by a `reset` fault).
    pub status: u16,
    /// Wall time spent answering, milliseconds (including injected latency).
    pub latency_ms: f64,
    /// `api`, `oauth` (authorize/token/revoke/introspect) or `other`.
    pub kind: &'static str,
    /// The user the request acted for, when known (token owner, or the user of a grant).
    pub user: Option<String>,
    /// The OAuth client, when known.
    pub client_id: Option<String>,
    /// For token requests: `authorization_code` or `refresh_token`.
    pub grant_type: Option<String>,
    /// The injected fault, if any (`500`, `503`, `429`, `reset`, `truncate`, `malformed`, `gone`).
    pub fault: Option<&'static str>,
}

/// What a handler learnt about the request while answering it.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    pub user: Option<String>,
    pub client_id: Option<String>,
    pub grant_type: Option<String>,
}

/// The shared log.
#[derive(Debug, Default)]
pub struct RequestLog {
    records: Mutex<Vec<RequestRecord>>,
    echo: bool,
}

impl RequestLog {
    /// A log that also prints each record as a JSON line on stderr when `echo`.
    pub fn new(echo: bool) -> Self {
        RequestLog {
            records: Mutex::new(Vec::new()),
            echo,
        }
    }

    /// Appends a record (assigning its sequence number).
    pub fn push(&self, mut record: RequestRecord) {
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        record.seq = records.len() as u64 + 1;
        if self.echo
            && let Ok(line) = serde_json::to_string(&record)
        {
            eprintln!("{line}");
        }
        records.push(record);
    }

    /// Records with `seq > since`.
    pub fn since(&self, since: u64) -> Vec<RequestRecord> {
        let records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        records.iter().filter(|r| r.seq > since).cloned().collect()
    }

    /// Everything so far.
    pub fn all(&self) -> Vec<RequestRecord> {
        self.since(0)
    }

    /// Forgets everything (sequence numbers restart at 1).
    pub fn clear(&self) {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}
