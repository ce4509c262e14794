//! `GET /api/entities` and `/api/entities/{id}`.

use crate::error::{ErrorBody, ServerError};
use crate::params::*;
use crate::state::{blocking, AppState};
use crate::views::*;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::sync::Arc;

/// List entities (people, organisations, places), most mentioned first,
/// with every alias and its count.
#[utoipa::path(
    get, path = "/api/entities", params(EntityParams, FormatParams),
    responses(
        (status = 200, description = "A page of entities (with `format=csv`, its items as CSV)", body = EntityPage),
        (status = 400, description = "Bad parameter (an unknown kind, a bad limit)", body = ErrorBody),
    )
)]
pub async fn list_entities(
    State(state): State<Arc<AppState>>,
    params: Result<Query<EntityParams>, QueryRejection>,
    format: Result<Query<FormatParams>, QueryRejection>,
) -> Result<Response, ServerError> {
    let Query(params) = params.map_err(bad_query)?;
    let csv = format.map_err(bad_query)?.csv()?;
    let kind = params.kind()?;
    let name = params.name();
    let limit = parse_limit(params.limit)?;
    let offset = crate::params::offset(params.offset)?;
    let (items, total) =
        blocking(&state, move |s| entity_page(s, kind, name, offset, limit)).await?;
    let items: Vec<EntityOut> = items.iter().map(entity_out).collect();
    if csv {
        return super::csv_download("entities", &items);
    }
    Ok(Json(EntityPage {
        items,
        offset,
        limit,
        next_offset: (offset + limit < total).then_some(offset + limit),
        total,
    })
    .into_response())
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
