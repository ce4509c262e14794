//! Watches and their alerts: `GET /api/watches`,
//! `GET /api/watches/{name}/alerts` and each watch as an Atom feed
//! (`/watch/NAME.atom`), entries linking the article or event matched and
//! saying why, and each alert's webhook delivery state; token-gated
//! `POST /api/watches` and `DELETE /api/watches/{name}`.

use super::ingest::TokenRefused;
use crate::error::{ErrorBody, ServerError};
use crate::params::Params;
use crate::state::{blocking, AppState};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use storyline_store::{Alert, Delivery, Watch};
use utoipa::{IntoParams, ToSchema};

/// A saved watch: the watch as asked for, and its feed.
#[derive(Serialize, ToSchema)]
pub struct WatchOut {
    #[serde(flatten)]
    pub watch: WatchIn,
    /// Its Atom feed.
    pub feed: String,
}

/// One alert a watch raised.
#[derive(Serialize, ToSchema)]
pub struct AlertOut {
    /// The matched item: an article id, `event:N` or `quote:START:ARTICLE`.
    pub item: String,
    /// `article`, `event` or `quote`.
    pub kind: String,
    /// The item's title.
    pub title: String,
    /// Why it matched.
    pub reason: String,
    /// When it was raised (RFC 3339).
    pub raised_at: String,
    /// The item's page.
    pub link: String,
    /// Its webhook delivery (none when the watch had no webhook).
    pub delivery: Option<Delivery>,
}

/// `?since=` for alerts.
#[derive(Deserialize, IntoParams)]
pub struct SinceParams {
    /// Only alerts raised at or after this time (RFC 3339 or YYYY-MM-DD).
    pub since: Option<String>,
}

fn watch_out(w: Watch) -> WatchOut {
    WatchOut {
        feed: format!("/watch/{}.atom", w.name),
        watch: WatchIn {
            name: w.name,
            query: w.query,
            entity: w.entity,
            story: w.story,
            speaker: w.speaker,
            min_sources: w.min_sources,
            webhook: w.webhook,
            secret_env: w.secret_env,
        },
    }
}

fn alert_out(a: Alert) -> AlertOut {
    AlertOut {
        link: a.page_path(),
        item: a.item,
        kind: a.kind,
        title: a.title,
        reason: a.reason,
        raised_at: a.raised_at,
        delivery: a.delivery,
    }
}

/// A watch and its alerts, or 404.
pub(crate) fn watch_alerts(
    s: &AppState,
    name: String,
    since: Option<String>,
) -> Result<(Watch, Vec<Alert>), ServerError> {
    s.with_store(move |st| {
        let Some(w) = st.watch(&name)? else {
            return Err(ServerError::NotFound(format!("no watch named {name:?}")));
        };
        let alerts = st.alerts(&name, since.as_deref())?;
        Ok((w, alerts))
    })
}

/// Every watch, by name.
#[utoipa::path(
    get, path = "/api/watches",
    responses((status = 200, description = "The watches", body = [WatchOut]))
)]
pub async fn list_watches(
    State(state): State<Arc<AppState>>,
) -> Result<Json<Vec<WatchOut>>, ServerError> {
    let all = blocking(&state, |s| s.with_store(|st| Ok(st.watches()?))).await?;
    Ok(Json(all.into_iter().map(watch_out).collect()))
}

/// A watch's alerts, newest first.
#[utoipa::path(
    get, path = "/api/watches/{name}/alerts", params(("name" = String, Path, description = "Watch name"), SinceParams),
    responses(
        (status = 200, description = "The alerts", body = [AlertOut]),
        (status = 404, description = "No such watch", body = ErrorBody),
    )
)]
pub async fn list_watch_alerts(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    Params(params): Params<SinceParams>,
) -> Result<Json<Vec<AlertOut>>, ServerError> {
    let (_, alerts) = blocking(&state, move |s| watch_alerts(s, name, params.since)).await?;
    Ok(Json(alerts.into_iter().map(alert_out).collect()))
}

/// Text escaped for XML.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `/watch/NAME.atom`: the watch's alerts as an Atom feed.
pub async fn watch_feed(
    State(state): State<Arc<AppState>>,
    Path(file): Path<String>,
) -> Result<Response, ServerError> {
    let Some(name) = file.strip_suffix(".atom").map(str::to_string) else {
        return Err(ServerError::NotFound(format!("no feed {file:?}")));
    };
    let (w, alerts) = blocking(&state, move |s| watch_alerts(s, name, None)).await?;
    let updated = alerts
        .iter()
        .map(|a| a.raised_at.as_str())
        .max()
        .unwrap_or("1970-01-01T00:00:00Z")
        .to_string();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <id>urn:storyline:watch:{name}</id>\n<title>Storyline watch {name}</title>\n\
         <updated>{updated}</updated>\n<link rel=\"self\" href=\"/watch/{name}.atom\"/>\n",
        name = xml(&w.name)
    );
    for a in &alerts {
        out.push_str(&format!(
            "<entry>\n<id>urn:storyline:watch:{w}:{item}</id>\n<title>{title}</title>\n\
             <updated>{at}</updated>\n<link href=\"{link}\"/>\n\
             <summary>{title} {reason}.</summary>\n</entry>\n",
            w = xml(&w.name),
            item = xml(&a.item),
            title = xml(&a.title),
            at = xml(&a.raised_at),
            link = xml(&a.page_path()),
            reason = xml(&a.reason),
        ));
    }
    out.push_str("</feed>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        out,
    )
        .into_response())
}

/// A watch to save.
#[derive(Serialize, ToSchema)]
pub struct WatchIn {
    /// Its name (letters, digits, `-`, `_`, `.`).
    pub name: String,
    /// A search every matching article matches, in the search syntax.
    pub query: Option<String>,
    /// An entity the article mentions.
    pub entity: Option<String>,
    /// A story the article's event belongs to.
    pub story: Option<u64>,
    /// A speaker the article quotes.
    pub speaker: Option<String>,
    /// The least independent sources of the article's event.
    pub min_sources: Option<u32>,
    /// A URL (http or https) each new alert is POSTed to, as JSON.
    pub webhook: Option<String>,
    /// The environment variable (of the process that ingests) holding the
    /// webhook's signing secret.
    pub secret_env: Option<String>,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// Saves a watch (replacing one of the same name); it alerts on articles
/// stored from now on. Needs `Authorization: Bearer <token>`.
#[utoipa::path(
    post, path = "/api/watches", request_body = WatchIn,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Saved", body = WatchOut),
        (status = 400, description = "Bad name or body", body = ErrorBody),
        TokenRefused,
    )
)]
pub async fn add_watch(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ServerError> {
    super::ingest::authorize(&state, &headers)?;
    // The body is a watch as the store keeps it, less its `mark`, which is
    // set below.
    let mut w: Watch = serde_json::from_slice(&body)
        .map_err(|e| ServerError::BadRequest(format!("bad watch: {e}")))?;
    if !valid_name(&w.name) {
        return Err(ServerError::BadRequest(format!(
            "{:?} is not a watch name: use letters, digits, '-', '_' or '.'",
            w.name
        )));
    }
    if let Some(url) = &w.webhook {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ServerError::BadRequest(format!(
                "{url:?} is not an http:// or https:// URL"
            )));
        }
    } else if w.secret_env.is_some() {
        return Err(ServerError::BadRequest(
            "secret_env needs a webhook".to_string(),
        ));
    }
    if let Some(q) = &w.query {
        state
            .index
            .check_syntax(q)
            .map_err(|e| ServerError::BadRequest(format!("bad query: {e}")))?;
    }
    let saved = blocking(&state, move |s| {
        let mut store = s.store.open_store(&s.data)?;
        w.mark = store.max_seq()?;
        store.put_watch(&w)?;
        Ok(w)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(watch_out(saved))).into_response())
}

/// Removes a watch and its alerts. Needs `Authorization: Bearer <token>`.
#[utoipa::path(
    delete, path = "/api/watches/{name}", params(("name" = String, Path, description = "Watch name")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed"),
        TokenRefused,
        (status = 404, description = "No such watch", body = ErrorBody),
    )
)]
pub async fn remove_watch(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<StatusCode, ServerError> {
    super::ingest::authorize(&state, &headers)?;
    let removed = blocking(&state, {
        let name = name.clone();
        move |s| Ok(s.store.open_store(&s.data)?.remove_watch(&name)?)
    })
    .await?;
    if removed {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ServerError::NotFound(format!("no watch named {name:?}")))
    }
}
