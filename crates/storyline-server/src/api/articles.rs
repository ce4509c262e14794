//! `GET /api/articles`, `/api/articles/{id}` and the store's counts,
//! `/api/stats`.

use crate::error::{ErrorBody, ServerError};
use crate::params::*;
use crate::state::{blocking, AppState};
use crate::views::*;
use axum::extract::{Path, State};
use axum::Json;
use std::sync::Arc;

/// List stored articles in ingest order.
#[utoipa::path(
    get, path = "/api/articles", params(ArticleParams, PageParams),
    responses(
        (status = 200, description = "A page of articles", body = Page<ArticleSummary>),
        (status = 400, description = "Bad parameter", body = ErrorBody),
    )
)]
pub async fn list_articles(
    State(state): State<Arc<AppState>>,
    Params(params): Params<ArticleParams>,
    Params(page): Params<PageParams>,
) -> Result<Json<Page<ArticleSummary>>, ServerError> {
    let q = params.to_query(&page)?;
    let page = blocking(&state, move |s| article_page(s, q)).await?;
    Ok(Json(page.map(|a| summary(&a))))
}

/// One article by id or unique id prefix: clean text, date provenance, removed chrome.
#[utoipa::path(
    get, path = "/api/articles/{id}",
    params(("id" = String, Path, description = "Article id or a unique prefix of one")),
    responses(
        (status = 200, description = "The article", body = ArticleDetail),
        (status = 400, description = "Ambiguous id prefix", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
    )
)]
pub async fn get_article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ArticleDetail>, ServerError> {
    let out = blocking(&state, move |s| {
        let a = find_article(s, &id)?;
        let event = events_of(s, &[a.article.id.to_string()])?.pop().flatten();
        Ok(ArticleDetail { event, ..detail(a) })
    })
    .await?;
    Ok(Json(out))
}

/// Counts over the whole store.
#[utoipa::path(
    get, path = "/api/stats",
    responses((status = 200, description = "Counts", body = StatsResponse))
)]
pub async fn stats(State(state): State<Arc<AppState>>) -> Result<Json<StatsResponse>, ServerError> {
    let out = blocking(&state, |s| {
        let stats = s.with_store(|st| Ok(st.stats()?))?;
        Ok(stats_response(stats, s.index.num_docs()))
    })
    .await?;
    Ok(Json(out))
}
