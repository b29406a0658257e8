//! The HTTP server: binding, the request pipeline (faults → provider handler → faults on the
//! body → log) and the in-process handle. Only `lib.rs` imports it: the handlers share the
//! state through [`crate::shared`], never through the router.
//!
//! Routing is done by hand in the provider modules rather than with axum's router: the legacy
//! paths end in `.json` with variable segment counts, Google's carry `:verbs`, and both need
//! exact control over every status, header and error body.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use jiff::Timestamp;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::api::Api;
use crate::clock::{OffsetClock, SharedClock, SystemClock};
use crate::config::{ClockSpec, SimConfig};
use crate::error::SimError;
use crate::faults::{FaultSpecError, FaultState, Injected};
use crate::http::{SimRequest, SimResponse};
use crate::log::{RequestContext, RequestLog, RequestRecord};
use crate::oauth::OAuthState;
use crate::person::Person;
use crate::shared::{Sim, SimInfo, TokenGrant, lock};
use crate::state::{QpsState, RateState, SimState, UserState};
use crate::{control, fitbit, google};

/// A running simulator. Dropping it (or [`SimHandle::shutdown`]) stops the server.
#[derive(Debug)]
pub struct SimHandle {
    sim: Arc<Sim>,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// Starts a simulator on `config.addr` (loopback only) and serves in the background.
pub async fn start(config: SimConfig) -> Result<SimHandle, SimError> {
    if !config.addr.ip().is_loopback() {
        return Err(SimError::NotLoopback(config.addr));
    }
    for scope in config.grant.iter().flatten() {
        let full = match config.provider {
            Api::Google => crate::oauth::google::expand_scope(scope),
            Api::Fitbit => scope.clone(),
        };
        if !crate::scopes::knows(config.provider, &full) {
            return Err(SimError::UnknownScope {
                provider: config.provider.to_string(),
                scope: scope.clone(),
            });
        }
    }
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| SimError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SimError::Bind {
        addr: config.addr,
        source,
    })?;
    let sim = Arc::new(build(config, addr)?);
    let (tx, rx) = oneshot::channel::<()>();
    let app = Router::new().fallback(entry).with_state(Arc::clone(&sim));
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
    });
    Ok(SimHandle {
        sim,
        addr,
        shutdown: Some(tx),
        task: Some(task),
    })
}

fn build(config: SimConfig, addr: SocketAddr) -> Result<Sim, SimError> {
    let clock: SharedClock = match &config.clock {
        ClockSpec::Real => Arc::new(SystemClock),
        ClockSpec::StartAt(t) => Arc::new(OffsetClock::starting_at(*t)),
        ClockSpec::Custom(c) => Arc::clone(c),
    };
    let now = clock.now();
    let person = Person::new(config.seed, &config.time_zone, config.days, now).map_err(|e| {
        SimError::TimeZone {
            name: config.time_zone.clone(),
            reason: e.to_string(),
        }
    })?;
    let host = if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    let origin = format!("http://{host}:{}", addr.port());
    let info = SimInfo::new(config.provider, &origin);
    let offset = person.tz().to_offset(now).seconds();
    let tomorrow = crate::person::add_days(person.today(now), 1).weekday();
    Ok(Sim {
        clock,
        info,
        origin,
        oauth: Mutex::new(OAuthState::new(config.seed)),
        user: Mutex::new(UserState::initial(offset, tomorrow)),
        rate: Mutex::new(RateState::new(config.effective_rate_limit())),
        qps: Mutex::new(QpsState::default()),
        faults: Mutex::new(FaultState::new(config.faults.clone())),
        log: RequestLog::new(config.log_requests),
        person,
        config,
    })
}

impl SimHandle {
    /// Where everything is.
    pub fn info(&self) -> &SimInfo {
        &self.sim.info
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> &str {
        &self.sim.origin
    }

    /// Prefix of API paths (see [`SimInfo::api_base_url`]).
    pub fn api_base_url(&self) -> &str {
        &self.sim.info.api_base_url
    }

    /// The simulator's current time.
    pub fn now(&self) -> Timestamp {
        self.sim.now()
    }

    /// The generated person (to compare responses with the model in tests).
    pub fn person(&self) -> &Person {
        &self.sim.person
    }

    /// Every logged request so far.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.sim.log.all()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        self.sim.log.clear();
    }

    /// The mutable state (alarms per tracker).
    pub fn state(&self) -> SimState {
        lock(&self.sim.user).snapshot()
    }

    /// Replaces the active faults (see [`crate::faults`] for the grammar).
    pub fn set_faults(&self, spec: &str) -> Result<(), FaultSpecError> {
        self.sim.set_faults(spec.parse()?);
        Ok(())
    }

    /// Revokes every token (as if the user removed the app's access).
    pub fn revoke_all_tokens(&self) {
        self.sim.revoke_all();
    }

    /// Makes every issued access token expired now.
    pub fn expire_access_tokens(&self) {
        self.sim.expire_all();
    }

    /// The trackers sync: pending alarm changes reach them, deleted alarms disappear.
    pub fn sync_trackers(&self) {
        lock(&self.sim.user).sync();
    }

    /// Mints tokens as if the person consented to `scopes` and the app exchanged the code —
    /// no HTTP involved (demo mode and tests). Scopes use the provider's spelling.
    pub fn grant_tokens(&self, scopes: &[&str]) -> TokenGrant {
        let sim = &self.sim;
        let now = sim.now();
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_string()).collect();
        match sim.provider() {
            Api::Fitbit => crate::oauth::fitbit::mint(sim, &scopes, now),
            Api::Google => crate::oauth::google::mint(sim, &scopes, now),
        }
    }

    /// Stops the server and waits for it to finish.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Request body limit.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// Which part of the server a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Control,
    OAuth,
    Api,
    Other,
}

impl PathKind {
    fn label(self) -> &'static str {
        match self {
            PathKind::Control => "control",
            PathKind::OAuth => "oauth",
            PathKind::Api => "api",
            PathKind::Other => "other",
        }
    }
}

fn classify(provider: Api, path: &str) -> PathKind {
    if path == "/_sim" || path.starts_with("/_sim/") {
        return PathKind::Control;
    }
    match provider {
        Api::Fitbit => {
            if path.starts_with("/oauth2/") || path == "/1.1/oauth2/introspect" {
                PathKind::OAuth
            } else if path.starts_with("/1/")
                || path.starts_with("/1.1/")
                || path.starts_with("/1.2/")
            {
                PathKind::Api
            } else {
                PathKind::Other
            }
        }
        Api::Google => {
            if matches!(path, "/o/oauth2/v2/auth" | "/token" | "/revoke") {
                PathKind::OAuth
            } else if path.starts_with("/v4/") {
                PathKind::Api
            } else {
                PathKind::Other
            }
        }
    }
}

/// The single entry point for every request.
async fn entry(State(sim): State<Arc<Sim>>, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY)
        .await
        .unwrap_or_default();
    let req = SimRequest::new(parts.method, &parts.uri, parts.headers, body);
    let kind = classify(sim.provider(), &req.path);
    if kind == PathKind::Control {
        return into_response(control::handle(&sim, &req));
    }
    let arrived = sim.now();
    let decision = lock(&sim.faults).decide(sim.config.seed, &req.path, kind == PathKind::Api);
    if decision.triggers.revoke {
        sim.revoke_all();
    }
    if decision.triggers.expire {
        sim.expire_all();
    }
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    let mut ctx = RequestContext::default();
    let (response, reset) = match decision.fault {
        Some(Injected::Reset) => (SimResponse::empty(StatusCode::OK), true),
        Some(fault @ (Injected::Gone | Injected::Status(_) | Injected::RateLimited)) => {
            (injected(&sim, &req, fault), false)
        }
        other => {
            let worker = Arc::clone(&sim);
            let request = req.clone();
            let handled = tokio::task::spawn_blocking(move || {
                let mut ctx = RequestContext::default();
                let resp = match worker.provider() {
                    Api::Fitbit => fitbit::handle(&worker, &request, &mut ctx),
                    Api::Google => google::handle(&worker, &request, &mut ctx),
                };
                (resp, ctx)
            })
            .await;
            let (mut resp, handled_ctx) = handled.unwrap_or_else(|_| {
                (
                    SimResponse::empty(StatusCode::INTERNAL_SERVER_ERROR),
                    RequestContext::default(),
                )
            });
            ctx = handled_ctx;
            if resp.status == StatusCode::OK && resp.is_json() && !resp.body.is_empty() {
                match other {
                    Some(Injected::Truncate) => {
                        let keep = (resp.body.len() / 2).max(1).min(resp.body.len() - 1);
                        resp.body.truncate(keep);
                    }
                    Some(Injected::Malformed) => {
                        resp.body
                            .extend_from_slice(b"\n<!-- upstream proxy error -->");
                    }
                    _ => {}
                }
            }
            (resp, false)
        }
    };
    sim.log.push(RequestRecord {
        seq: 0,
        at: arrived.to_string(),
        method: req.method.to_string(),
        path: req.path.clone(),
        query: req.raw_query.clone(),
        status: if reset { 0 } else { response.status.as_u16() },
        latency_ms: started.elapsed().as_secs_f64() * 1000.0,
        kind: kind.label(),
        user: ctx.user,
        client_id: ctx.client_id,
        grant_type: ctx.grant_type,
        fault: decision.fault.map(Injected::label),
    });
    if reset {
        return reset_response();
    }
    into_response(response)
}

/// A response for an injected fault, in the provider's error shape.
fn injected(sim: &Sim, req: &SimRequest, fault: Injected) -> SimResponse {
    match sim.provider() {
        Api::Fitbit => fitbit::errors::injected(sim, req, fault),
        Api::Google => google::errors::injected(fault),
    }
}

/// Converts the data response into an HTTP response.
pub fn into_response(r: SimResponse) -> Response {
    let mut response = Response::new(Body::from(r.body));
    *response.status_mut() = r.status;
    let headers = response.headers_mut();
    for (name, value) in r.headers {
        headers.insert(name, value);
    }
    response
}

/// A response whose body fails at once: hyper drops the connection before anything useful is
/// sent, which the client sees as a reset / closed connection.
fn reset_response() -> Response {
    let stream = futures_util::stream::iter(vec![Err::<Bytes, std::io::Error>(
        std::io::Error::new(std::io::ErrorKind::ConnectionReset, "injected reset"),
    )]);
    let mut response = Response::new(Body::from_stream(stream));
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from_static("1048576"));
    response
}
