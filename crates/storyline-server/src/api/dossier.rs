//! `GET /api/dossier`: an entity's or story's dossier as a Markdown or HTML
//! file (see `storyline_ingest::dossier`), what `storyline export dossier`
//! writes.

use crate::error::{ErrorBody, ServerError};
use crate::params::*;
use crate::state::{blocking, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use std::sync::Arc;
use storyline_ingest::dossier::{build_dossier, render_html, render_markdown, DossierOptions};

/// A dossier to download: who the subject is, its timeline with each
/// entry's date and basis and its sources, its quote bank and the actors it
/// appears with. Sources without a URL link to their page on this server.
#[utoipa::path(
    get, path = "/api/dossier", params(DossierParams),
    responses(
        (status = 200, description = "The dossier, as text/markdown or as one self-contained text/html page", body = String),
        (status = 400, description = "No `q`, or a format other than `md` and `html`", body = ErrorBody),
        (status = 404, description = "No event matches `q`", body = ErrorBody),
    )
)]
pub async fn dossier(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Params(params): Params<DossierParams>,
) -> Result<Response, ServerError> {
    let q = non_empty(&params.q)
        .ok_or_else(|| ServerError::BadRequest("give `q`: a name, or story:ID".into()))?;
    let html = params.html()?;
    // The Host header has passed the server's allowed-host check.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1:7878");
    let options = DossierOptions {
        web_ui: format!("http://{host}"),
        ..DossierOptions::default()
    };
    let key = q.clone();
    let found = blocking(&state, move |s| {
        s.with_store(|st| Ok(build_dossier(st, &key, &options)?))
    })
    .await?;
    let d = found.ok_or_else(|| ServerError::NotFound(format!("no events found for `{q}`")))?;
    let (body, kind, ext) = if html {
        (render_html(&d), "text/html; charset=utf-8", "html")
    } else {
        (render_markdown(&d), "text/markdown; charset=utf-8", "md")
    };
    Ok(super::download(kind, &format!("dossier.{ext}"), body))
}
