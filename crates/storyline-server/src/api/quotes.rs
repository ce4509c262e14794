//! `GET /api/quotes`: the quote bank.

use crate::error::{ErrorBody, ServerError};
use crate::params::*;
use crate::state::{blocking, AppState};
use crate::views::*;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::sync::Arc;

/// The quote bank: each quote once with its speaker, the first date it was
/// reported, the articles repeating it and its independent-source count.
#[utoipa::path(
    get, path = "/api/quotes", params(QuoteParams, FormatParams),
    responses(
        (status = 200, description = "A page of quotes (with `format=csv`, its items as CSV)", body = QuotePage),
        (status = 400, description = "Bad parameter, or a speaker name shared by several entities", body = ErrorBody),
        (status = 404, description = "No entity with the speaker's name", body = ErrorBody),
    )
)]
pub async fn list_quotes(
    State(state): State<Arc<AppState>>,
    params: Result<Query<QuoteParams>, QueryRejection>,
    format: Result<Query<FormatParams>, QueryRejection>,
) -> Result<Response, ServerError> {
    let Query(params) = params.map_err(bad_query)?;
    let csv = format.map_err(bad_query)?.csv()?;
    let limit = parse_limit(params.limit)?;
    let offset = crate::params::offset(params.offset)?;
    let speaker = non_empty(&params.speaker);
    let partial = params.partial.unwrap_or(false);
    let (items, total, who) = blocking(&state, move |s| {
        quote_page(s, speaker, partial, offset, limit)
    })
    .await?;
    let items: Vec<QuoteOut> = items.iter().map(quote_out).collect();
    if csv {
        return super::csv_download("quotes", &items);
    }
    Ok(Json(QuotePage {
        items,
        offset,
        limit,
        next_offset: (offset + limit < total).then_some(offset + limit),
        total,
        speaker: who.as_ref().map(entity_out),
    })
    .into_response())
}
