//! `GET /api/search`: full-text search with facets.

use crate::error::{ErrorBody, ServerError};
use crate::params::*;
use crate::state::{blocking, AppState};
use crate::views::*;
use axum::extract::State;
use axum::Json;
use std::sync::Arc;

/// Full-text search (BM25 over title and text) with source, month, entity
/// and event facets; filters by source, dates, entity and event. A word or
/// phrase that names an entity also finds the entity's other spellings
/// (listed in `expanded`) unless `exact=true`.
#[utoipa::path(
    get, path = "/api/search", params(SearchParams),
    responses(
        (status = 200, description = "A page of results with facets", body = SearchResponse),
        (status = 400, description = "Missing or malformed query, bad parameter", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<Arc<AppState>>,
    Params(params): Params<SearchParams>,
) -> Result<Json<SearchResponse>, ServerError> {
    let Some((q, offset)) = params.to_query()? else {
        return Err(ServerError::BadRequest(
            "`q` (the query) is required".into(),
        ));
    };
    let (entity, event) = (non_empty(&params.entity), non_empty(&params.event));
    let exact = params.exact.unwrap_or(false);
    let page = blocking(&state, move |s| {
        let found = run_search(s, q, offset, entity, event, exact)?;
        let mut out = search_response(found.expanded, found.text, offset, found.limit, found.page);
        for (h, e) in out.hits.iter_mut().zip(found.events_of_hits) {
            h.event = e;
        }
        out.facets.entities = found.entity_facet;
        out.facets.events = found.event_facet;
        Ok(out)
    })
    .await?;
    Ok(Json(page))
}
