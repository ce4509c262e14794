//! `GET /api/entities` and `/api/entities/{id}`.

use crate::error::{ErrorBody, ServerError};
use crate::params::*;
use crate::state::{blocking, AppState};
use crate::views::*;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use std::sync::Arc;

/// List entities (people, organisations, places), most mentioned first,
/// with every alias and its count.
#[utoipa::path(
    get, path = "/api/entities", params(EntityParams, PageParams, FormatParams),
    responses(
        (status = 200, description = "A page of entities (with `format=csv`, its items as CSV)", body = CountedPage<EntityOut>),
        (status = 400, description = "Bad parameter (an unknown kind, a bad limit)", body = ErrorBody),
    )
)]
pub async fn list_entities(
    State(state): State<Arc<AppState>>,
    Params(params): Params<EntityParams>,
    Params(page): Params<PageParams>,
    Params(format): Params<FormatParams>,
) -> Result<Response, ServerError> {
    let csv = format.csv()?;
    let kind = params.kind()?;
    let name = params.name();
    let (offset, limit) = page.parse()?;
    let (items, total) =
        blocking(&state, move |s| entity_page(s, kind, name, offset, limit)).await?;
    let items = items.iter().map(entity_out).collect();
    super::listing(csv, "entities", items, |items| {
        CountedPage::new(items, offset, limit, total as u64)
    })
}

/// One entity by id or any of its names: aliases with counts, its timeline
/// of events, its quotes, co-occurring entities, the articles mentioning it.
#[utoipa::path(
    get, path = "/api/entities/{id}",
    params(("id" = String, Path, description = "Entity id, or a name in any spelling")),
    responses(
        (status = 200, description = "The entity", body = EntityDetailOut),
        (status = 400, description = "A name shared by several entities", body = ErrorBody),
        (status = 404, description = "No such entity", body = ErrorBody),
    )
)]
pub async fn get_entity(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<EntityDetailOut>, ServerError> {
    let v = blocking(&state, move |s| entity_view(s, &id, ENTITY_EVENTS)).await?;
    Ok(Json(entity_detail_out(v)))
}
