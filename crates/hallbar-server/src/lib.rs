//! The HTTP API of hallbar: stored, versioned assessments for caseworker tooling, and
//! assessment, reports, goal catalogue, rule sets and graph metrics over JSON.
//!
//! Errors are `application/problem+json` (RFC 9457) naming the offending place; the
//! OpenAPI 3.1 document at `/openapi.json` is generated from the same types as the JSON
//! Schemas. Requests carry `Authorization: Bearer <token>` (see `hallbar token create`);
//! a token's organisation sees only its own assessments.

#![deny(missing_docs)]

mod api;
mod auth;
mod body;
mod diff;
mod kolada;
mod layers;
mod openapi;
mod organisations;
pub mod problem;
pub use organisations::{Defaults, Organisations};
mod routes;
mod ui;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hallbar_store::{Backend, StoreError};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use routes::openapi_document;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The database: an SQLite file, or a `postgres://` URL.
    pub db: String,
    /// The most database connections reading at once (SQLite's readers, PostgreSQL's
    /// pool); SQLite with 0: one connection for everything.
    pub connections: usize,
    /// How long a token or session lookup is reused: a revoked token stops working
    /// within this time (zero: looked up on every request).
    pub credential_cache: Duration,
    /// The largest request body, in bytes.
    pub max_body_bytes: usize,
    /// The longest a request may take; after SIGTERM, requests in flight are given this
    /// long and one second more, and the work still running one more second, before the
    /// server exits.
    pub request_timeout: Duration,
    /// The longest a client may take to send a request's headers; a connection that
    /// idles or trickles longer is closed.
    pub header_timeout: Duration,
    /// The most connections served at once; more wait to be accepted. With the body
    /// limit, this bounds what clients can make the server hold in bodies being read.
    pub max_connections: usize,
    /// What each organisation's new assessments start from.
    pub organisations: Organisations,
    /// Kolada's API, for fetching key figures the cache lacks on demand; none: the
    /// cache in the database only.
    pub kolada_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: "hallbar.db".to_owned(),
            connections: 8,
            credential_cache: auth::CREDENTIAL_CACHE,
            max_body_bytes: 1024 * 1024,
            request_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            max_connections: 256,
            organisations: Organisations::default(),
            kolada_url: None,
        }
    }
}

/// What every request shares.
#[derive(Debug)]
pub struct AppState {
    /// The database: SQLite (one writer, a pool of readers) or PostgreSQL.
    pub store: Box<dyn Backend>,
    /// What documents are checked with: the catalogue, rules, goal graph and method
    /// profiles — the same engine an embedder uses, so that there is one way to assess.
    /// An organisation with a rule layer of its own is checked with that layer on these
    /// rules ([`AppState::engine_blocking`]).
    pub engine: Arc<hallbar::Engine>,
    /// The engines of organisations' own rule layers, kept for the next requests.
    layer_engines: layers::LayerEngines,
    /// What each organisation's new assessments start from.
    pub organisations: Organisations,
    /// Kolada, when the server fetches what its cache lacks.
    pub(crate) kolada: Option<kolada::KoladaLink>,
    /// Token and session lookups of the last few seconds.
    credentials: auth::Credentials,
    /// One turn per database connection, for PostgreSQL: requests wait for a turn
    /// asynchronously, in the order they came, instead of each holding a thread.
    turns: tokio::sync::Semaphore,
    /// Turns for work that takes the processor (checking, assessing, reports, the
    /// portfolio): [`compute_turns`], so that the memory such work holds at once is
    /// bounded and the async workers stay free to answer. A turn is held by the work
    /// itself, until it returns, also when its request has gone.
    compute: Arc<tokio::sync::Semaphore>,
}

/// A server that could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The database could not be opened.
    #[error("database {0}: {1}")]
    Store(String, hallbar_store::StoreError),
    /// The address could not be bound.
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    /// Serving failed.
    #[error("serving: {0}")]
    Serve(std::io::Error),
    /// Kolada's address is not one.
    #[error("--kolada-url: {0}")]
    Kolada(hallbar_kolada::KoladaError),
}

/// The shared state over the database `db` (an SQLite file or a `postgres://` URL, with
/// up to `connections` reading connections), reusing token and session lookups for
/// `credential_cache`, checking documents with `engine` (the built-in catalogue, rules
/// and goal graph: `hallbar::Engine::builtin()`, or a region's own), starting each
/// organisation's assessments from its `organisations` defaults, and fetching key
/// figures the cache lacks from Kolada at `kolada_url`, when given.
///
/// # Errors
/// When the database cannot be opened.
pub fn state(
    db: &str,
    connections: usize,
    credential_cache: Duration,
    engine: hallbar::Engine,
    organisations: Organisations,
    kolada_url: Option<&str>,
) -> Result<Arc<AppState>, ServerError> {
    let kolada = match kolada_url {
        Some(url) => Some(kolada::KoladaLink::new(
            hallbar_kolada::Client::new(hallbar_kolada::Config {
                base_url: url.to_owned(),
                // A person waits for the answer: one retry, short waits.
                timeout: Duration::from_secs(8),
                retries: 1,
                max_wait: Duration::from_secs(2),
                ..hallbar_kolada::Config::default()
            })
            .map_err(ServerError::Kolada)?,
        )),
        None => None,
    };
    let store =
        hallbar_store::open(db, connections).map_err(|e| ServerError::Store(redacted(db), e))?;
    // The schema every assessment is checked against, compiled before the first
    // request rather than during it.
    if !hallbar_schema::prepare(hallbar_schema::DocumentKind::Assessment) {
        tracing::error!("the assessment schema does not compile");
    }
    Ok(Arc::new(AppState {
        store,
        engine: Arc::new(engine),
        layer_engines: layers::LayerEngines::default(),
        organisations,
        kolada,
        credentials: auth::Credentials::new(credential_cache),
        turns: tokio::sync::Semaphore::new(connections.max(1)),
        compute: Arc::new(tokio::sync::Semaphore::new(compute_turns())),
    }))
}

/// How many pieces of work that take the processor run at once: two per core.
pub fn compute_turns() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get() * 2)
}

/// `db` for logs and messages: a URL without its password.
fn redacted(db: &str) -> String {
    match (db.find("://"), db.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user = &db[scheme + 3..at];
            let user = user.split(':').next().unwrap_or_default();
            format!("{}{user}@{}", &db[..scheme + 3], &db[at + 1..])
        }
        _ => db.to_owned(),
    }
}

impl AppState {
    /// Runs `f` on the database. SQLite answers from this process in microseconds and
    /// runs inline. PostgreSQL's synchronous client waits on the network: a request
    /// first waits, without holding a thread, for one of the pool's connections to be
    /// free, then runs with its worker thread handed over to blocking work, so that
    /// other requests keep being served meanwhile.
    pub(crate) async fn db<T>(
        &self,
        f: impl FnOnce(&dyn Backend) -> Result<T, StoreError>,
    ) -> Result<T, problem::Problem> {
        let store = self.store.as_ref();
        if !store.is_remote() {
            return f(store).map_err(problem::Problem::from);
        }
        let _turn = self
            .turns
            .acquire()
            .await
            .map_err(|_| problem::Problem::internal())?;
        tokio::task::block_in_place(|| f(store)).map_err(problem::Problem::from)
    }

    /// Runs `work`, which takes the processor, on a blocking thread once a turn of
    /// [`AppState::compute`] is free, so that the async workers keep answering other
    /// requests (`/health` among them) meanwhile. When the request is dropped before
    /// the work is done — its timeout answered, or its client left — `work` sees its
    /// [`Cancel`] set and stops at its next check instead of running on for nobody.
    pub(crate) async fn compute<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&AppState, &Cancel) -> Result<T, problem::Problem> + Send + 'static,
    ) -> Result<T, problem::Problem> {
        let turn = Arc::clone(&self.compute)
            .acquire_owned()
            .await
            .map_err(|_| problem::Problem::internal())?;
        let cancel = Cancel::default();
        let _on_drop = CancelOnDrop(cancel.clone());
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let done = work(&state, &cancel);
            drop(turn);
            done
        })
        .await
        .map_err(|_| problem::Problem::internal())?
    }

    /// Runs `work`, which waits on Kolada, on a blocking thread once one of the Kolada
    /// link's few turns is free — not one of the compute turns, so that a slow Kolada
    /// never holds other work. `None` at once when the server has no Kolada link or
    /// every turn is taken (the caller answers from the cache). `work` sees its
    /// [`Cancel`] set when the request is dropped, and stops between requests.
    pub(crate) async fn kolada_work<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&AppState, &hallbar_kolada::Client, &Cancel) -> T + Send + 'static,
    ) -> Option<Result<T, problem::Problem>> {
        let link = self.kolada.as_ref()?;
        let turn = Arc::clone(&link.turns).try_acquire_owned().ok()?;
        let cancel = Cancel::default();
        let _on_drop = CancelOnDrop(cancel.clone());
        let state = Arc::clone(self);
        let done = tokio::task::spawn_blocking(move || {
            let link = state.kolada.as_ref().map(|l| &l.client);
            let done = link.map(|client| work(&state, client, &cancel));
            drop(turn);
            done
        })
        .await;
        match done {
            Ok(Some(t)) => Some(Ok(t)),
            Ok(None) => None,
            Err(_) => Some(Err(problem::Problem::internal())),
        }
    }

    /// [`AppState::db`] from a thread that may block (`spawn_blocking`).
    pub(crate) fn db_blocking<T>(
        &self,
        f: impl FnOnce(&dyn Backend) -> Result<T, StoreError>,
    ) -> Result<T, problem::Problem> {
        let store = self.store.as_ref();
        if !store.is_remote() {
            return f(store).map_err(problem::Problem::from);
        }
        let _turn = tokio::runtime::Handle::current()
            .block_on(self.turns.acquire())
            .map_err(|_| problem::Problem::internal())?;
        f(store).map_err(problem::Problem::from)
    }
}

/// Whether the request that started some work is gone: checked by work that can run
/// long (the portfolio, between documents).
#[derive(Debug, Clone, Default)]
pub(crate) struct Cancel(Arc<std::sync::atomic::AtomicBool>);

impl Cancel {
    /// Whether the work should stop.
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Sets its [`Cancel`] when dropped: with the future of the request that owns it.
struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.0.store(true, Ordering::Relaxed);
    }
}

/// The API's routes over `state`, with the body limit and request timeout of `config`.
pub fn router(state: Arc<AppState>, config: &Config) -> Router {
    let mut routes = Router::new();
    for route in routes::table() {
        routes = routes.route(route.path, route.handler);
    }
    layered(routes, Arc::clone(&state), config).with_state(state)
}

/// `routes` with what every request goes through: the fallback for unknown paths, the
/// body limit, the CSRF check, the security headers, caught panics, the timeout, the
/// log line and problem+json of errors, the request's span and its id.
fn layered(
    routes: Router<Arc<AppState>>,
    state: Arc<AppState>,
    config: &Config,
) -> Router<Arc<AppState>> {
    routes
        .fallback(|| async {
            problem::Problem::not_found("no such endpoint; see /openapi.json").into_response()
        })
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(middleware::from_fn_with_state(
            state,
            auth::authenticated_first,
        ))
        .layer(middleware::from_fn(auth::same_origin))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.request_timeout,
        ))
        .layer(middleware::from_fn(finish))
        // Outside `finish`, which writes the framework's own errors anew: every answer
        // carries the security headers.
        .layer(middleware::from_fn(ui::security_headers))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!("request", id = %id)
                })
                .on_request(())
                .on_response(())
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(SetRequestIdLayer::new(
            REQUEST_ID_HEADER,
            RequestIds::default(),
        ))
}

const REQUEST_ID: &str = "x-request-id";
const REQUEST_ID_HEADER: axum::http::HeaderName = axum::http::HeaderName::from_static(REQUEST_ID);

/// Request ids: the process's start time, its id and a counter
/// (`hb-1795703908-4242-17`). A request that brings its own `X-Request-Id` (from a
/// proxy) keeps it.
#[derive(Debug, Clone)]
struct RequestIds {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl Default for RequestIds {
    fn default() -> Self {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self {
            prefix: format!("hb-{started}-{}", std::process::id()).into(),
            next: Arc::new(AtomicU64::new(1)),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// A handler that panicked: logged with the panic's message (in the request's span,
/// so with its id), answered with a problem+json 500.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    tracing::error!(panic = %message, "a handler panicked");
    problem::Problem::internal().into_response()
}

/// The framework's own rejections and timeouts as problem+json, the request id in the
/// body of every server error, and one log line per request.
async fn finish(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let response = rejection_as_problem(next.run(req).await).await;
    let response = if response.status().is_server_error() {
        with_request_id(response, &id).await
    } else {
        response
    };
    let status = response.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if response.status().is_server_error() {
        tracing::warn!(%method, %path, status, ms, "request");
    } else {
        tracing::info!(%method, %path, status, ms, "request");
    }
    response
}

/// A problem+json response with `request_id` added to its body, so that a caseworker
/// can quote it and an administrator find the log lines.
async fn with_request_id(response: Response, id: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let body = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(mut problem)) => {
            problem.insert("request_id".to_owned(), id.into());
            serde_json::to_vec(&problem).map_or(bytes, axum::body::Bytes::from)
        }
        _ => bytes,
    };
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// Axum answers some errors itself in plain text (body too large, unknown method);
/// they become problem+json like every other error.
async fn rejection_as_problem(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    // The framework's own words name the place of a bad path or query parameter
    // ("Invalid URL: Cannot parse `x` to a `u32`", "Failed to deserialize query
    // string: top: …"); they are kept, cut to a line.
    let said = if status == StatusCode::BAD_REQUEST {
        let body = axum::body::to_bytes(response.into_body(), 4096).await;
        body.ok()
            .and_then(|b| String::from_utf8(b.to_vec()).ok())
            .map(|text| {
                text.lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(300)
                    .collect::<String>()
            })
            .filter(|text| !text.is_empty())
    } else {
        None
    };
    let (kind, title, detail) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too-large",
            "Request body too large",
            "the body is larger than the server accepts",
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method-not-allowed",
            "Method not allowed",
            "see /openapi.json for the methods of this path",
        ),
        StatusCode::BAD_REQUEST => (
            "bad-request",
            "Bad request",
            "the request's path or query parameters could not be read",
        ),
        StatusCode::SERVICE_UNAVAILABLE => (
            "timeout",
            "Request took too long",
            "the request took longer than the server allows (--timeout-secs)",
        ),
        _ => ("error", "Error", "the request failed"),
    };
    problem::Problem::new(
        status,
        kind,
        title,
        said.unwrap_or_else(|| detail.to_owned()),
    )
    .into_response()
}

/// The largest request head (request line and headers) read, in bytes; a larger one is
/// answered 431. Browsers send a few kilobytes; a proxy in front may allow less.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// The most header fields of one request.
pub const MAX_HEADERS: usize = 64;

/// Serves until `shutdown` completes, then lets the requests in flight finish — for at
/// most the request timeout and one second more — and returns.
///
/// Each connection is HTTP/1.1 with its head limited to [`MAX_HEAD_BYTES`] and
/// [`MAX_HEADERS`] and read within `config.header_timeout`; at most
/// `config.max_connections` are served at once.
///
/// # Errors
/// When the address cannot be bound.
pub async fn serve(
    state: Arc<AppState>,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| ServerError::Bind(config.addr, e))?;
    serve_on(listener, state, config, shutdown).await
}

/// [`serve`] on a bound `listener` (`config.addr` is not used).
///
/// # Errors
/// When the listener has no local address.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;

    let local = listener.local_addr().map_err(ServerError::Serve)?;
    tracing::info!(addr = %local, db = %redacted(&config.db), store = state.store.kind(), "listening");
    let app = router(state, &config);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_timeout)
        .max_buf_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(config.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot.map_err(|e| ServerError::Serve(std::io::Error::other(e)))?,
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was
                    // accepted: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let connection = graceful.watch(
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone())),
        );
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    let drain = config.request_timeout + Duration::from_secs(1);
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("stopped"),
        () = tokio::time::sleep(drain) => {
            tracing::warn!(secs = drain.as_secs(), "stopped with connections still open after the drain time");
        }
    }
    Ok(())
}

/// Logs as JSON lines on standard error, one event per line, filtered by `HALLBAR_LOG`
/// (or `RUST_LOG`; e.g. `warn`, `hallbar_server=debug`), `info` when neither is set.
/// Logs never hold request bodies or tokens. Does nothing when a subscriber is set.
pub fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("HALLBAR_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .with_target(false)
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Runs the server, checking documents with `engine`, on a runtime of its own until
/// Ctrl-C or SIGTERM.
///
/// # Errors
/// As [`serve`], or when the runtime or the signal handlers cannot start.
pub fn run(config: Config, engine: hallbar::Engine) -> Result<(), ServerError> {
    init_logging();
    let state = state(
        &config.db,
        config.connections,
        config.credential_cache,
        engine,
        config.organisations.clone(),
        config.kolada_url.as_deref(),
    )?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Serve)?;
    let served = runtime.block_on(async {
        // The handlers are registered here, before the server listens and says so: a
        // SIGTERM that arrives right after "listening" stops it gracefully too.
        let shutdown = shutdown_signal()?;
        serve(state, config, shutdown).await
    });
    // Work of requests that were cancelled stops at its next check; nothing is waited
    // for longer than this.
    runtime.shutdown_timeout(Duration::from_secs(1));
    served
}

/// A future that completes on Ctrl-C (SIGINT) or SIGTERM; the handlers are registered
/// when this is called, not when the future is first polled.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()> + Send + 'static, ServerError>
{
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt()).map_err(ServerError::Serve)?;
        let mut terminate = signal(SignalKind::terminate()).map_err(ServerError::Serve)?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {},
                _ = terminate.recv() => {},
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use axum::routing::get;
    use tower::ServiceExt as _;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_handler_answers_500_problem_json_with_its_request_id() {
        let state = Arc::new(AppState {
            store: Box::new(Mutex::new(hallbar_store::Store::in_memory().unwrap())),
            engine: Arc::new(hallbar::Engine::builtin().unwrap()),
            layer_engines: layers::LayerEngines::default(),
            organisations: Organisations::default(),
            kolada: None,
            credentials: auth::Credentials::new(auth::CREDENTIAL_CACHE),
            turns: tokio::sync::Semaphore::new(1),
            compute: Arc::new(tokio::sync::Semaphore::new(2)),
        });
        let routes = Router::new().route(
            "/boom",
            get(|| async {
                if true {
                    panic!("the handler broke");
                }
                "never"
            }),
        );
        let app = layered(routes, Arc::clone(&state), &Config::default()).with_state(state);
        let request = Request::builder().uri("/boom").body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let id = response.headers()[REQUEST_ID].to_str().unwrap().to_owned();
        assert!(id.starts_with("hb-"), "{id}");
        assert_eq!(
            response.headers()[axum::http::header::CONTENT_TYPE],
            "application/problem+json"
        );
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(problem["status"], 500);
        assert_eq!(problem["request_id"], id.as_str());
        assert!(
            !problem.to_string().contains("the handler broke"),
            "no internals in the answer"
        );
        // The server goes on serving; a proxy's request id is kept.
        let request = Request::builder()
            .uri("/boom")
            .header(REQUEST_ID, "proxy-7")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.headers()[REQUEST_ID], "proxy-7");
    }
}
