//! `GET /api/groups`, `/api/events`, `/api/events/{id}`, `/api/stories`,
//! `/api/stories/{id}` and `/api/timeline`.

use crate::error::{ErrorBody, ServerError};
use crate::params::*;
use crate::state::{blocking, AppState};
use crate::views::*;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::sync::Arc;
use storyline_model::SyndicationGroup;

/// List syndication groups, largest first.
#[utoipa::path(
    get, path = "/api/groups", params(PageParams),
    responses(
        (status = 200, description = "A page of syndication groups", body = Page<SyndicationGroup>),
        (status = 400, description = "Bad parameter", body = ErrorBody),
    )
)]
pub async fn list_groups(
    State(state): State<Arc<AppState>>,
    Params(params): Params<PageParams>,
) -> Result<Json<Page<SyndicationGroup>>, ServerError> {
    let (offset, limit) = params.parse()?;
    let all = blocking(&state, move |s| {
        s.with_store(|st| Ok(st.list_groups(Some(offset.saturating_add(limit + 1)))?))
    })
    .await?;
    Ok(Json(Page::of(all, offset, limit)))
}

/// List events with date, size and independent-source count: filtered by
/// date range, entity, source, language and least independent sources,
/// ordered by id, date or sources.
#[utoipa::path(
    get, path = "/api/events", params(EventListParams, PageParams, FormatParams),
    responses(
        (status = 200, description = "A page of events (with `format=csv`, its items as CSV)", body = CountedPage<EventSummary>),
        (status = 400, description = "Bad parameter, or an entity name several entities have", body = ErrorBody),
        (status = 404, description = "No entity has the name given in `entity`", body = ErrorBody),
    )
)]
pub async fn list_events(
    State(state): State<Arc<AppState>>,
    Params(params): Params<EventListParams>,
    Params(page): Params<PageParams>,
    Params(format): Params<FormatParams>,
) -> Result<Response, ServerError> {
    let csv = format.csv()?;
    let (query, entity) = params.to_query(&page)?;
    let (offset, limit) = (query.offset, query.limit);
    let (items, total) = blocking(&state, move |s| events_query(s, query, entity)).await?;
    let items = items.iter().map(event_summary).collect();
    super::listing(csv, "events", items, |items| {
        CountedPage::new(items, offset, limit, total)
    })
}

/// One event: headline, date with kind and evidence, summary sentence with
/// its source, articles grouped by syndication group.
#[utoipa::path(
    get, path = "/api/events/{id}",
    params(("id" = String, Path, description = "Event id (`3` or `event:3`)")),
    responses(
        (status = 200, description = "The event", body = EventDetail),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
    )
)]
pub async fn get_event(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<EventDetail>, ServerError> {
    let id = parse_id("event", &id)?;
    Ok(Json(blocking(&state, move |s| find_event(s, id)).await?))
}

/// List stories, most articles first.
#[utoipa::path(
    get, path = "/api/stories", params(PageParams),
    responses(
        (status = 200, description = "A page of stories", body = Page<StoryOut>),
        (status = 400, description = "Bad parameter", body = ErrorBody),
    )
)]
pub async fn list_stories(
    State(state): State<Arc<AppState>>,
    Params(params): Params<PageParams>,
) -> Result<Json<Page<StoryOut>>, ServerError> {
    let (offset, limit) = params.parse()?;
    let mut all = blocking(&state, |s| s.with_store(|st| Ok(st.list_stories()?))).await?;
    all.sort_by_key(|s| (std::cmp::Reverse(s.articles), s.id));
    Ok(Json(Page::of(all, offset, limit).map(story_out)))
}

/// One story with its timeline of events.
#[utoipa::path(
    get, path = "/api/stories/{id}",
    params(("id" = String, Path, description = "Story id (`3` or `story:3`)")),
    responses(
        (status = 200, description = "The story and its timeline", body = StoryDetail),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such story", body = ErrorBody),
    )
)]
pub async fn get_story(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<StoryDetail>, ServerError> {
    let id = parse_id("story", &id)?;
    Ok(Json(blocking(&state, move |s| find_story(s, id)).await?))
}

/// The timeline of a name (`q`: the events whose articles mention it) or of
/// a story (`story`), as `storyline timeline` prints it: dated entries in
/// order, undated ones last.
#[utoipa::path(
    get, path = "/api/timeline", params(TimelineParams, FormatParams),
    responses(
        (status = 200, description = "The timeline (with `format=csv`, its entries as CSV)", body = TimelineResponse),
        (status = 400, description = "Neither or both of `q` and `story`, or a malformed story id", body = ErrorBody),
        (status = 404, description = "No such story", body = ErrorBody),
    )
)]
pub async fn timeline(
    State(state): State<Arc<AppState>>,
    Params(params): Params<TimelineParams>,
    Params(format): Params<FormatParams>,
) -> Result<Response, ServerError> {
    let csv = format.csv()?;
    let mentions = if params.all_mentions.unwrap_or(false) {
        storyline_ingest::Mentions::All
    } else {
        storyline_ingest::Mentions::Salient
    };
    let out = match (non_empty(&params.q), non_empty(&params.story)) {
        (Some(q), None) => {
            let sel = blocking(&state, move |s| {
                s.with_store(|st| select_by_name(st, &s.index, &q, mentions))
            })
            .await?;
            TimelineResponse {
                entries: timeline_out(&sel.events),
                title: sel.title,
                story: None,
            }
        }
        (None, Some(story)) => {
            let id = parse_id("story", &story)?;
            let d = blocking(&state, move |s| find_story(s, id)).await?;
            TimelineResponse {
                title: format!("story {}: {}", d.story.id, d.story.label),
                story: Some(d.story),
                entries: d.timeline,
            }
        }
        _ => {
            return Err(ServerError::BadRequest(
                "give exactly one of `q` (a name) and `story` (a story id)".into(),
            ))
        }
    };
    if csv {
        return super::csv_download("timeline", &out.entries);
    }
    Ok(Json(out).into_response())
}
