//! `GET /api/quotes`: the quote bank.

use crate::error::{ErrorBody, ServerError};
use crate::params::*;
use crate::state::{blocking, AppState};
use crate::views::*;
use axum::extract::State;
use axum::response::Response;
use std::sync::Arc;

/// The quote bank: each quote once with its speaker, the first date it was
/// reported, the articles repeating it and its independent-source count.
#[utoipa::path(
    get, path = "/api/quotes", params(QuoteParams, PageParams, FormatParams),
    responses(
        (status = 200, description = "A page of quotes (with `format=csv`, its items as CSV)", body = QuotePage),
        (status = 400, description = "Bad parameter, or a speaker name shared by several entities", body = ErrorBody),
        (status = 404, description = "No entity with the speaker's name", body = ErrorBody),
    )
)]
pub async fn list_quotes(
    State(state): State<Arc<AppState>>,
    Params(params): Params<QuoteParams>,
    Params(page): Params<PageParams>,
    Params(format): Params<FormatParams>,
) -> Result<Response, ServerError> {
    let csv = format.csv()?;
    let (offset, limit) = page.parse()?;
    let speaker = non_empty(&params.speaker);
    let partial = params.partial.unwrap_or(false);
    let (items, total, who) = blocking(&state, move |s| {
        quote_page(s, speaker, partial, offset, limit)
    })
    .await?;
    let items = items.iter().map(quote_out).collect();
    super::listing(csv, "quotes", items, |items| QuotePage {
        page: CountedPage::new(items, offset, limit, total as u64),
        speaker: who.as_ref().map(entity_out),
    })
}
