//! What one request may spend: the middleware that gives every request a
//! [`Budget`] (a deadline, and cancellation when the request is dropped
//! because its client went away), answers 503 once the deadline passes, and
//! caps how many expensive requests (searches, timelines, entity, event
//! and quote lookups) run at once, answering 503 with `Retry-After` beyond
//! the cap. Lookups by name (timelines, entities, quote speakers, a
//! search's entity filter) compare the name with every entity's names, so
//! they have a smaller cap of their own within it: however many of them
//! clients send, they leave cores to searches.
//!
//! The budget reaches the blocking work through a task-local kept by
//! [`crate::state`] ([`current`], read by [`crate::state::blocking`]); the
//! work checks it in its loops and its store connection is interrupted
//! when it is cancelled.

pub use crate::config::{default_max_expensive, default_max_lookups, DEFAULT_DEADLINE};
use crate::error::ServerError;
pub use crate::state::current;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::Duration;
use storyline_store::Budget;

/// How long an expensive request waits for a free slot before it is
/// refused (waiting costs no CPU; two entity pages opened at once on a
/// small machine should both load).
pub const QUEUE_WAIT: Duration = Duration::from_millis(500);

/// Whether a path is one of the requests whose cost grows with the store
/// or the query (the cap applies to these).
pub fn is_expensive(path: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "/api/search",
        "/api/timeline",
        "/api/entities",
        "/api/events",
        "/api/stories",
        "/api/quotes",
        "/api/groups",
        "/search",
        "/events",
        "/stories",
        "/entities",
        "/quotes",
    ];
    path == "/" || PREFIXES.iter().any(|p| path.starts_with(p))
}

/// Whether a request looks a name up (see the module's documentation).
pub fn is_name_lookup(path: &str, query: Option<&str>) -> bool {
    const PREFIXES: &[&str] = &[
        "/api/timeline",
        "/api/entities/",
        "/entities/",
        "/api/quotes",
        "/quotes",
    ];
    PREFIXES.iter().any(|p| path.starts_with(p))
        || query.is_some_and(|q| q.split('&').any(|kv| kv.starts_with("entity=")))
}

/// Requests without a budget: uploads (`POST /api/ingest` has its own
/// limits and must not stop halfway) and the static files.
fn is_unbudgeted(path: &str) -> bool {
    path == "/api/ingest" || path.starts_with("/static/")
}

/// The middleware: a budget for every request, the cap on expensive ones.
pub async fn limit(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_unbudgeted(&path) {
        return next.run(req).await;
    }
    let expensive = is_expensive(&path);
    let _lookup = if expensive && is_name_lookup(&path, req.uri().query()) {
        match tokio::time::timeout(QUEUE_WAIT, state.lookups.acquire()).await {
            Ok(Ok(permit)) => Some(permit),
            _ => return crate::pages::error_for_path(&path, ServerError::Busy(state.max_lookups)),
        }
    } else {
        None
    };
    let _permit = if expensive {
        match tokio::time::timeout(QUEUE_WAIT, state.expensive.acquire()).await {
            Ok(Ok(permit)) => Some(permit),
            _ => {
                return crate::pages::error_for_path(&path, ServerError::Busy(state.max_expensive))
            }
        }
    } else {
        None
    };
    let budget = match state.deadline {
        Some(d) => Budget::with_deadline(d),
        None => Budget::unlimited(),
    };
    // Dropped with this future: when the client goes away, hyper drops the
    // request's future and the blocking work stops at its next check.
    let cancel = budget.cancel_on_drop();
    let run = crate::state::with_budget(budget, next.run(req));
    let res = match state.deadline {
        Some(d) => match tokio::time::timeout(d, run).await {
            Ok(res) => res,
            // `cancel` drops below: the work stops.
            Err(_) => {
                return crate::pages::error_for_path(
                    &path,
                    ServerError::DeadlineExceeded(d.as_millis()),
                )
            }
        },
        None => run.await,
    };
    cancel.disarm();
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_and_lookups_are_expensive_but_articles_and_stats_are_not() {
        for p in [
            "/",
            "/search",
            "/api/search",
            "/api/timeline",
            "/entities/x",
        ] {
            assert!(is_expensive(p), "{p}");
        }
        for p in [
            "/api/articles",
            "/api/stats",
            "/articles/abc",
            "/static/app.js",
        ] {
            assert!(!is_expensive(p), "{p}");
        }
    }
}
