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
mod diff;
pub mod log;
mod openapi;
pub mod problem;
mod ui;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hallbar_store::{Backend, StoreError};

pub use openapi::document as openapi_document;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The database: an SQLite file, or a `postgres://` URL.
    pub db: String,
    /// The most database connections reading at once (SQLite's readers, PostgreSQL's
    /// pool).
    pub connections: usize,
    /// The largest request body, in bytes.
    pub max_body_bytes: usize,
    /// The longest a request may take.
    pub request_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: "hallbar.db".to_owned(),
            connections: 8,
            max_body_bytes: 1024 * 1024,
            request_timeout: Duration::from_secs(10),
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
    pub engine: hallbar::Engine,
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
}

/// The shared state over the database at `db`, checking documents with `engine` (the
/// built-in catalogue, rules and goal graph: `hallbar::Engine::builtin()`, or a
/// region's own).
///
/// # Errors
/// When the database cannot be opened.
pub fn state(
    db: &str,
    connections: usize,
    engine: hallbar::Engine,
) -> Result<Arc<AppState>, ServerError> {
    let store =
        hallbar_store::open(db, connections).map_err(|e| ServerError::Store(redacted(db), e))?;
    Ok(Arc::new(AppState { store, engine }))
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
    /// Runs `f` on the database. Database calls block (SQLite, and PostgreSQL's
    /// synchronous client): they run with the worker thread handed over to blocking
    /// work, so that other requests keep being served meanwhile.
    pub(crate) fn db<T>(
        &self,
        f: impl FnOnce(&dyn Backend) -> Result<T, StoreError>,
    ) -> Result<T, problem::Problem> {
        tokio::task::block_in_place(|| f(self.store.as_ref())).map_err(problem::Problem::from)
    }
}

/// The API's routes over `state`, with the body limit and request timeout of `config`.
pub fn router(state: Arc<AppState>, config: &Config) -> Router {
    let timeout = config.request_timeout;
    Router::new()
        .route("/", get(ui::index))
        .route("/ui/{file}", get(ui::file))
        .route("/health", get(api::health))
        .route("/ready", get(api::ready))
        .route("/openapi.json", get(api::openapi))
        .route(
            "/v1/session",
            get(auth::current)
                .post(auth::sign_in)
                .delete(auth::sign_out),
        )
        .route("/v1/goals", get(api::goals))
        .route("/v1/profiles", get(api::profiles))
        .route("/v1/vocabulary", get(api::vocabulary))
        .route("/v1/diff", post(api::diff_documents))
        .route("/v1/assess", post(api::assess))
        .route("/v1/assessments", get(api::list).post(api::create))
        .route("/v1/assessments/{id}", get(api::get).put(api::update))
        .route("/v1/assessments/{id}/versions", get(api::versions))
        .route("/v1/assessments/{id}/versions/{n}", get(api::version))
        .route("/v1/assessments/{id}/diff", get(api::diff))
        .route("/v1/assessments/{id}/checkpoints", post(api::checkpoint))
        .route("/v1/assessments/{id}/findings", get(api::stored_findings))
        .route("/v1/assessments/{id}/report", get(api::report))
        .route("/v1/portfolio", get(api::portfolio))
        .route("/v1/rules", get(api::rules))
        .route("/v1/rules/validate", post(api::validate_rules))
        .route("/v1/graph/metrics", post(api::graph_metrics))
        .fallback(|| async {
            problem::Problem::not_found("no such endpoint; see /openapi.json").into_response()
        })
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(middleware::from_fn(auth::same_origin))
        .layer(middleware::from_fn(ui::security_headers))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            limits(req, next, timeout)
        }))
        .with_state(state)
}

/// Request timeout, problem+json for the framework's own rejections, and one log line
/// per request.
async fn limits(req: Request, next: Next, timeout: Duration) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let response = match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(response) => response,
        Err(_) => problem::Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "Request took too long",
            format!("the limit is {} s", timeout.as_secs()),
        )
        .into_response(),
    };
    let response = rejection_as_problem(response).await;
    log::info(
        "request",
        serde_json::json!({ "method": method, "path": path, "status": response.status().as_u16(), "ms": started.elapsed().as_secs_f64() * 1000.0 }),
    );
    response
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
            "the request could not be read; check the query parameters",
        ),
        _ => ("error", "Error", "the request failed"),
    };
    problem::Problem::new(status, kind, title, detail).into_response()
}

/// Serves until `shutdown` completes, then finishes the requests in flight.
///
/// # Errors
/// When the address cannot be bound or serving fails.
pub async fn serve(
    state: Arc<AppState>,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| ServerError::Bind(config.addr, e))?;
    let local = listener.local_addr().map_err(ServerError::Serve)?;
    log::info(
        "listening",
        serde_json::json!({ "addr": local.to_string(), "db": redacted(&config.db), "store": state.store.kind() }),
    );
    axum::serve(listener, router(state, &config))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServerError::Serve)?;
    log::info("stopped", serde_json::json!({}));
    Ok(())
}

/// Runs the server, checking documents with `engine`, on a runtime of its own until
/// Ctrl-C or SIGTERM.
///
/// # Errors
/// As [`serve`], or when the runtime or the signal handlers cannot start.
pub fn run(config: Config, engine: hallbar::Engine) -> Result<(), ServerError> {
    let state = state(&config.db, config.connections, engine)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Serve)?;
    runtime.block_on(async {
        // The handlers are registered here, before the server listens and says so: a
        // SIGTERM that arrives right after "listening" stops it gracefully too.
        let shutdown = shutdown_signal()?;
        serve(state, config, shutdown).await
    })
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
