//! Storyline's HTTP server: a JSON API (documented by an OpenAPI document
//! generated from the handlers, at `/api/openapi.json`) and a server-rendered
//! web UI, both over one data directory.
//!
//! The server opens the data directory **read-only** ([`DataDir::open_read_only`](storyline_store::DataDir::open_read_only)):
//! it never migrates, catches up or locks the index, so `storyline ingest` can
//! write into the same directory while it serves. SQLite in WAL mode gives each
//! request the latest committed state; the tantivy reader follows the writer's
//! commits. Only `POST /api/ingest` writes, and only when a token was configured.
//!
//! Handlers only translate between HTTP and the library crates:
//! - `api`: the JSON endpoints, one module per resource, and their
//!   OpenAPI description;
//! - `pages`: the HTML pages, one module per kind of page, and their
//!   shared layout and error page (maud: every interpolation is escaped);
//! - `views`: the response types both render (the OpenAPI schemas), built
//!   from the store's records, and the store lookups they share;
//! - `params`: the query parameters and their checks (paging, days,
//!   languages, ids, names);
//! - [`error`]: the one JSON error shape and its status codes;
//! - [`state`]: the shared read view (one search index, a pool of SQLite
//!   connections) and the request's budget as blocking work sees it;
//! - [`config`]: how the server is told to run, and the hosts it answers to;
//! - `guard`: the checks every request passes (URL length, Host);
//! - [`budget`]: every request's deadline and cancellation, and the cap on
//!   expensive requests;
//! - [`headers`]: the security headers of every response;
//! - `conn`: connection serving (limits and timeouts of the request head).
//!
//! Modules depend only on those after them in this order (no module uses
//! one that uses it back): this root (the router, its fallback
//! [`not_found`], [`Server`]) → [`budget`] → `api`, `pages` → `views`
//! → `params` → [`state`] → `guard` → `conn` → [`headers`] →
//! [`config`] → [`error`]. Within `pages`, `entities` uses `events` and
//! `quotes`, and every page uses `layout`.
#![warn(missing_docs)]

pub(crate) mod api;
pub mod budget;
pub mod config;
pub(crate) mod conn;
pub mod error;
pub(crate) mod guard;
pub mod headers;
pub(crate) mod pages;
pub(crate) mod params;
pub mod state;
pub(crate) mod views;

use axum::extract::DefaultBodyLimit;
use axum::http::Uri;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use config::{Config, DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_BODY};
pub use error::ServerError;
pub use headers::{CONTENT_SECURITY_POLICY, SECURITY_HEADERS};
pub use state::AppState;

/// The route table: every URL the server answers.
pub fn router(state: Arc<AppState>) -> Router {
    let max_body = state.max_body;
    Router::new()
        // Web UI.
        .route("/", get(pages::search))
        .route("/search", get(pages::search))
        .route("/articles", get(pages::articles))
        .route("/articles/{id}", get(pages::article))
        .route("/events", get(pages::events))
        .route("/events/{id}", get(pages::event))
        .route("/stories", get(pages::stories))
        .route("/stories/{id}", get(pages::story))
        .route("/entities", get(pages::entities))
        .route("/entities/{id}", get(pages::entity))
        .route("/quotes", get(pages::quotes))
        .route("/watches", get(pages::watches))
        .route("/watches/{name}", get(pages::watch))
        .route("/static/style.css", get(pages::stylesheet))
        .route("/static/app.js", get(pages::script))
        // JSON API.
        .route("/api/articles", get(api::list_articles))
        .route("/api/articles/{id}", get(api::get_article))
        .route("/api/search", get(api::search))
        .route("/api/groups", get(api::list_groups))
        .route("/api/events", get(api::list_events))
        .route("/api/events/{id}", get(api::get_event))
        .route("/api/stories", get(api::list_stories))
        .route("/api/stories/{id}", get(api::get_story))
        .route("/api/timeline", get(api::timeline))
        .route("/api/entities", get(api::list_entities))
        .route("/api/entities/{id}", get(api::get_entity))
        .route("/api/quotes", get(api::list_quotes))
        .route("/api/dossier", get(api::dossier))
        .route("/api/stats", get(api::stats))
        .route("/api/watches", get(api::list_watches).post(api::add_watch))
        .route("/api/watches/{name}", delete(api::remove_watch))
        .route("/api/watches/{name}/alerts", get(api::list_watch_alerts))
        .route("/watch/{file}", get(api::watch_feed))
        .route("/api/ingest", post(api::ingest))
        .route("/api/openapi.json", get(api::openapi_json))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            budget::limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(state.allowed_hosts.clone()),
            guard::check_request,
        ))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .with_state(state)
}

/// Unknown URLs: JSON under `/api/`, an HTML page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    let message = format!("no such page: {}", uri.path());
    pages::error_for_path(uri.path(), ServerError::NotFound(message))
}

/// How long Ctrl-C waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A bound, not yet running server.
pub struct Server {
    listener: std::net::TcpListener,
    state: Arc<AppState>,
    header_timeout: Duration,
}

impl Server {
    /// Opens the data directory read-only and binds `addr` (port 0 picks a
    /// free port; see [`Server::local_addr`]).
    pub fn bind(config: Config, addr: SocketAddr) -> Result<Self, ServerError> {
        let state = Arc::new(AppState::open(&config)?);
        state.start_catch_up();
        let listener = std::net::TcpListener::bind(addr).map_err(|source| ServerError::Bind {
            addr: addr.to_string(),
            source,
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|source| ServerError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        Ok(Server {
            listener,
            state,
            header_timeout: config.header_timeout,
        })
    }

    /// The state the server will serve from (its counters, its test hook).
    pub fn state(&self) -> &Arc<AppState> {
        &self.state
    }

    /// The address the server listens on (the port, when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until Ctrl-C (or the process ends), on a multi-threaded runtime.
    /// Each connection is served by hyper with the limits of `conn`; on
    /// Ctrl-C the server stops accepting and lets requests in flight finish
    /// (for at most [`SHUTDOWN_GRACE`]).
    pub fn run(self) -> Result<(), ServerError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(ServerError::Runtime)?;
        runtime.block_on(async move {
            let listener =
                tokio::net::TcpListener::from_std(self.listener).map_err(ServerError::Runtime)?;
            let app = router(self.state);
            let http = conn::http1(self.header_timeout);
            let graceful = hyper_util::server::graceful::GracefulShutdown::new();
            let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
            loop {
                let stream = tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok((stream, _)) => stream,
                        // Out of file descriptors or a connection reset
                        // before it was accepted: wait and go on.
                        Err(_) => {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    },
                    _ = &mut stop => break,
                };
                let _ = stream.set_nodelay(true);
                let io = hyper_util::rt::TokioIo::new(conn::ErrorHeads::new(stream));
                let service = hyper_util::service::TowerToHyperService::new(app.clone());
                let connection = graceful.watch(http.serve_connection(io, service));
                tokio::spawn(async move {
                    // A client that hangs up or times out ends its own
                    // connection; nothing to report.
                    let _ = connection.await;
                });
            }
            let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
            Ok(())
        })
    }
}
