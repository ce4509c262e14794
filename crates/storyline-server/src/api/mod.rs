//! The JSON API: one module of handlers per resource, and the OpenAPI
//! document generated from them. Every handler parses its parameters
//! ([`crate::params`]; a bad one is a 400), calls the store on a blocking
//! thread, and answers with the response types of [`crate::views`].

pub mod articles;
pub mod dossier;
pub mod entities;
pub mod events;
pub mod ingest;
pub mod quotes;
pub mod search;
pub mod watches;

pub use articles::*;
pub use dossier::*;
pub use entities::*;
pub use events::*;
pub use ingest::*;
pub use quotes::*;
pub use search::*;
pub use watches::*;

use crate::error::ErrorBody;
use crate::views::*;
use axum::response::{IntoResponse, Response};
use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Storyline API",
        description = "Read access to a Storyline data directory: articles, full-text search with facets, syndication groups, events, stories and timelines, entities with their aliases and timelines, the quote bank, counts; ingest when the server was started with a token. Errors are `{\"error\": {\"status\", \"code\", \"message\"}}`."
    ),
    paths(
        list_articles,
        get_article,
        search,
        stats,
        ingest,
        list_groups,
        list_events,
        get_event,
        list_stories,
        get_story,
        timeline,
        list_entities,
        get_entity,
        list_quotes,
        dossier,
        list_watches,
        list_watch_alerts,
        add_watch,
        remove_watch
    ),
    modifiers(&BearerAuth),
    components(schemas(
        WatchOut,
        WatchIn,
        AlertOut,
        storyline_store::Delivery,
        ArticleSummary,
        ArticleDetail,
        Page<ArticleSummary>,
        DateProvenance,
        storyline_model::RemovedBlock,
        SearchResponse,
        storyline_store::AliasExpansion,
        SearchHitOut,
        Facets,
        FacetCount,
        StatsResponse,
        IngestResponse,
        IngestFailure,
        storyline_model::GroupMember,
        storyline_model::SyndicationGroup,
        Page<storyline_model::SyndicationGroup>,
        DateEvidence,
        EventDateOut,
        SentenceOut,
        EventMemberOut,
        EventGroupOut,
        EventSummary,
        CountedPage<EventSummary>,
        EventDetail,
        StoryOut,
        Page<StoryOut>,
        StoryDetail,
        TimelineEntryOut,
        TimelineResponse,
        AliasOut,
        EntityOut,
        CountedPage<EntityOut>,
        storyline_store::EntityCount,
        EventFacetOut,
        storyline_store::EntityArticle,
        EntityDetailOut,
        QuoteArticleOut,
        QuoteOut,
        QuotePage,
        ErrorBody
    ))
)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme `POST /api/ingest` uses.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// A listing's items as a CSV download named `name.csv` (see
/// `storyline_ingest::listing`): the fields of their JSON as columns.
pub fn csv_download<T: serde::Serialize>(
    name: &str,
    items: &[T],
) -> Result<Response, crate::error::ServerError> {
    let internal = |e: &dyn std::fmt::Display| crate::error::ServerError::Internal(e.to_string());
    let rows = items
        .iter()
        .map(|i| serde_json::to_string(i).and_then(|t| serde_json::from_str(&t)))
        .collect::<Result<Vec<serde_json::Value>, _>>()
        .map_err(|e| internal(&e))?;
    let body = storyline_ingest::listing::to_csv(&rows).map_err(|e| internal(&e))?;
    Ok(download(
        "text/csv; charset=utf-8",
        &format!("{name}.csv"),
        body,
    ))
}

/// `body` as a file of type `content_type` to save as `file_name`.
pub fn download(content_type: &str, file_name: &str, body: String) -> Response {
    use axum::http::header;
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A listing's answer: the page `page` makes of `items` as JSON, or with
/// `csv` (`format=csv`) the items alone as the CSV download `name.csv`.
pub fn listing<T: serde::Serialize, P: serde::Serialize>(
    csv: bool,
    name: &str,
    items: Vec<T>,
    page: impl FnOnce(Vec<T>) -> P,
) -> Result<Response, crate::error::ServerError> {
    if csv {
        return csv_download(name, &items);
    }
    Ok(Json(page(items)).into_response())
}

/// The OpenAPI document (generated from the handlers and types of this module).
pub async fn openapi_json() -> Response {
    Json(ApiDoc::openapi()).into_response()
}
