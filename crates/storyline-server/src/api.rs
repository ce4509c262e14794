//! The JSON API. Every handler parses its parameters (a bad one is a 400),
//! calls the store on a blocking thread, and maps the result to the response
//! types below, which are also the OpenAPI document's schemas.

use crate::error::{ErrorBody, ServerError};
use crate::state::{blocking, AppState};
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use storyline_model::Article;
use storyline_store::{
    ArticleQuery, DataDir, SearchHit, SearchPage, SearchQuery, Stats, Store, StoreError,
    StoredArticle,
};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Results per page when the request does not say.
pub const DEFAULT_LIMIT: usize = 20;
/// Most results one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// Deepest offset a search may page to (ranking deeper is costly and useless).
pub const MAX_SEARCH_OFFSET: usize = 10_000;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Storyline API",
        description = "Read access to a Storyline data directory: articles, full-text search with facets, counts; ingest when the server was started with a token. Errors are `{\"error\": {\"status\", \"code\", \"message\"}}`."
    ),
    paths(list_articles, get_article, search, stats, ingest),
    modifiers(&BearerAuth),
    components(schemas(
        ArticleSummary,
        ArticleDetail,
        ArticlePage,
        DateProvenance,
        RemovedChrome,
        SearchResponse,
        SearchHitOut,
        Facets,
        FacetCount,
        StatsResponse,
        IngestResponse,
        IngestFailure,
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

/// The OpenAPI document (generated from the handlers and types of this module).
pub async fn openapi_json() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

// ---------------------------------------------------------------- parameters

/// Paging and filters shared by the listings.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleParams {
    /// Only this source (case-insensitive).
    pub source: Option<String>,
    /// Only articles published on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    /// Results per page, 1 to 100 (default 20).
    pub limit: Option<usize>,
    /// Results to skip.
    pub offset: Option<usize>,
}

/// A search request.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Query: all words must match; "quoted phrases" match as phrases;
    /// `title:word` searches one field.
    pub q: Option<String>,
    /// Only this source (case-insensitive).
    pub source: Option<String>,
    /// Only articles published on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    /// Results per page, 1 to 100 (default 20).
    pub limit: Option<usize>,
    /// Results to skip (at most 10000).
    pub offset: Option<usize>,
}

/// Maps axum's query-string rejection to the JSON 400.
pub fn bad_query(r: QueryRejection) -> ServerError {
    ServerError::BadRequest(format!("bad query string: {}", r.body_text()))
}

/// A `YYYY-MM-DD` parameter; empty means absent.
pub fn parse_day(name: &str, v: &Option<String>) -> Result<Option<NaiveDate>, ServerError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                ServerError::BadRequest(format!("`{name}` must be a day as YYYY-MM-DD, got `{s}`"))
            }),
    }
}

fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub fn parse_limit(limit: Option<usize>) -> Result<usize, ServerError> {
    match limit.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(n),
        n => Err(ServerError::BadRequest(format!(
            "`limit` must be between 1 and {MAX_LIMIT}, got {n}"
        ))),
    }
}

impl ArticleParams {
    pub fn to_query(&self) -> Result<ArticleQuery, ServerError> {
        Ok(ArticleQuery {
            source: non_empty(&self.source),
            from: parse_day("from", &self.from)?,
            to: parse_day("to", &self.to)?,
            limit: Some(parse_limit(self.limit)?),
            offset: self.offset.unwrap_or(0),
        })
    }
}

impl SearchParams {
    /// The store's query and the offset; `None` when there is no query text.
    pub fn to_query(&self) -> Result<Option<(SearchQuery, usize)>, ServerError> {
        let limit = parse_limit(self.limit)?;
        let offset = self.offset.unwrap_or(0);
        if offset > MAX_SEARCH_OFFSET {
            return Err(ServerError::BadRequest(format!(
                "`offset` must be at most {MAX_SEARCH_OFFSET}, got {offset}"
            )));
        }
        let source = non_empty(&self.source);
        let from = parse_day("from", &self.from)?;
        let to = parse_day("to", &self.to)?;
        Ok(non_empty(&self.q).map(|text| {
            (
                SearchQuery {
                    text,
                    source,
                    from,
                    to,
                    limit,
                },
                offset,
            )
        }))
    }
}

// ----------------------------------------------------------- response types

/// An article in a listing.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ArticleSummary {
    /// Content-addressed id (32 hex digits); any unique prefix also works in URLs.
    pub id: String,
    /// Order of ingest.
    pub seq: i64,
    /// The title, or the text's first sentence.
    pub headline: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Publication day (YYYY-MM-DD), `null` when undated.
    pub published: Option<String>,
    pub language: Option<String>,
    pub words: usize,
    /// Blocks of chrome removed from the input.
    pub removed_blocks: usize,
}

/// How the publication date was found.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DateProvenance {
    /// The rule or signal that gave the date, e.g. `text.stated_date`.
    pub rule: String,
    /// Byte span `[start, end)` in the decoded input the date rests on.
    pub span: Option<(usize, usize)>,
    pub confidence: f32,
}

/// A block of the input that cleaning removed as not part of the article.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RemovedChrome {
    /// Byte span `[start, end)` in the decoded input.
    pub span: (usize, usize),
    pub text: String,
    /// The rule that removed it, e.g. `chrome.copyright`.
    pub reason: String,
}

/// One article in full: clean text, provenance, removed chrome.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ArticleDetail {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    /// Clean text: paragraphs separated by blank lines.
    pub text: String,
    pub published_provenance: Option<DateProvenance>,
    /// Input file (with `#line=N` or `#record=N`).
    pub path: Option<String>,
    /// The id the input gave, if any.
    pub external_id: Option<String>,
    /// `text` or `html`.
    pub format: String,
    pub raw_sha256: String,
    pub dateline: Option<String>,
    pub wire_credit: Option<String>,
    pub removed: Vec<RemovedChrome>,
}

/// A page of articles.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ArticlePage {
    pub items: Vec<ArticleSummary>,
    pub offset: usize,
    pub limit: usize,
    /// Offset of the next page, `null` on the last page.
    pub next_offset: Option<usize>,
}

/// A value and how many results have it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts over all matches of a search, not only the page returned.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Facets {
    /// Matches per source, most first.
    pub sources: Vec<FacetCount>,
    /// Matches per publication month (`YYYY-MM`), in time order: a date histogram.
    pub months: Vec<FacetCount>,
    /// Matches without a publication date.
    pub undated: u64,
}

/// One search result.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SearchHitOut {
    pub id: String,
    /// BM25 score.
    pub score: f32,
    pub headline: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    /// A fragment of the text around the matched words (plain text).
    pub snippet: String,
    /// Byte ranges `[start, end)` of the matched words inside `snippet`.
    pub highlights: Vec<(usize, usize)>,
}

/// A page of search results with facets.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SearchResponse {
    pub query: String,
    /// Matches in all.
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub next_offset: Option<usize>,
    pub hits: Vec<SearchHitOut>,
    pub facets: Facets,
}

/// Counts over the whole store.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StatsResponse {
    pub articles: u64,
    /// Documents in the search index (lower than `articles` while an ingest is
    /// between its two commits).
    pub indexed: u64,
    pub dated: u64,
    pub undated: u64,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    pub words: u64,
    pub removed_blocks: u64,
    pub removed_reasons: Vec<FacetCount>,
    pub sources: Vec<FacetCount>,
    pub languages: Vec<FacetCount>,
}

/// A file, record or document an ingest could not use.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IngestFailure {
    /// The uploaded file's name, with `:N` for a JSON Lines line.
    pub locator: String,
    pub reason: String,
}

/// What an ingest did.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IngestResponse {
    pub files: u64,
    pub read: u64,
    pub new: u64,
    pub unchanged: u64,
    pub failed: u64,
    pub failures: Vec<IngestFailure>,
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn counts(pairs: Vec<(String, u64)>) -> Vec<FacetCount> {
    pairs
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect()
}

pub fn summary(s: &StoredArticle) -> ArticleSummary {
    let a: &Article = &s.article;
    ArticleSummary {
        id: a.id.to_string(),
        seq: s.seq,
        headline: a.headline(),
        title: a.title.clone(),
        source: a.source.clone(),
        url: a.url.clone(),
        published: day(a.published.date),
        language: a.language.clone(),
        words: a.word_count(),
        removed_blocks: a.removed.len(),
    }
}

pub fn detail(s: StoredArticle) -> ArticleDetail {
    let summary = summary(&s);
    let a = s.article;
    ArticleDetail {
        summary,
        text: a.text,
        published_provenance: a.published.provenance.map(|p| DateProvenance {
            rule: p.rule,
            span: p.span,
            confidence: p.confidence,
        }),
        path: a.path,
        external_id: a.external_id,
        format: a.format.as_str().to_string(),
        raw_sha256: a.raw_sha256,
        dateline: a.dateline,
        wire_credit: a.wire_credit,
        removed: a
            .removed
            .into_iter()
            .map(|r| RemovedChrome {
                span: r.span,
                text: r.text,
                reason: r.reason,
            })
            .collect(),
    }
}

pub fn hit(h: SearchHit) -> SearchHitOut {
    SearchHitOut {
        id: h.id,
        score: h.score,
        headline: h.headline,
        title: h.title,
        source: h.source,
        published: day(h.published),
        snippet: h.snippet,
        highlights: h.highlights,
    }
}

pub fn search_response(
    query: String,
    offset: usize,
    limit: usize,
    page: SearchPage,
) -> SearchResponse {
    let next = offset + page.hits.len();
    SearchResponse {
        query,
        total: page.total,
        offset,
        limit,
        next_offset: (next < page.total as usize && !page.hits.is_empty()).then_some(next),
        hits: page.hits.into_iter().map(hit).collect(),
        facets: Facets {
            sources: counts(page.facets.sources),
            months: counts(page.facets.months),
            undated: page.facets.undated,
        },
    }
}

pub fn stats_response(s: Stats, indexed: u64) -> StatsResponse {
    StatsResponse {
        articles: s.articles,
        indexed,
        dated: s.dated,
        undated: s.undated,
        earliest: day(s.earliest),
        latest: day(s.latest),
        words: s.words,
        removed_blocks: s.removed_blocks,
        removed_reasons: counts(s.removed_reasons),
        sources: counts(s.sources),
        languages: counts(s.languages),
    }
}

// ------------------------------------------------------------ shared lookups

/// One page of articles: asks for one more than the limit to know whether a
/// next page exists (no full count over a large store).
pub fn article_page(
    state: &AppState,
    mut q: ArticleQuery,
) -> Result<(Vec<StoredArticle>, Option<usize>), ServerError> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    q.limit = Some(limit + 1);
    let mut items = state.with_store(|s| Ok(s.list_articles(&q)?))?;
    let next = (items.len() > limit).then_some(q.offset + limit);
    items.truncate(limit);
    Ok((items, next))
}

pub fn find_article(state: &AppState, id: &str) -> Result<StoredArticle, ServerError> {
    state
        .with_store(|s| Ok(s.get_article(id)?))?
        .ok_or_else(|| ServerError::NotFound(format!("no article with id `{id}`")))
}

// ----------------------------------------------------------------- handlers

/// List stored articles in ingest order.
#[utoipa::path(
    get, path = "/api/articles", params(ArticleParams),
    responses(
        (status = 200, description = "A page of articles", body = ArticlePage),
        (status = 400, description = "Bad parameter", body = ErrorBody),
    )
)]
pub async fn list_articles(
    State(state): State<Arc<AppState>>,
    params: Result<Query<ArticleParams>, QueryRejection>,
) -> Result<Json<ArticlePage>, ServerError> {
    let Query(params) = params.map_err(bad_query)?;
    let q = params.to_query()?;
    let (offset, limit) = (q.offset, q.limit.unwrap_or(DEFAULT_LIMIT));
    let (items, next_offset) = blocking(&state, move |s| article_page(s, q)).await?;
    Ok(Json(ArticlePage {
        items: items.iter().map(summary).collect(),
        offset,
        limit,
        next_offset,
    }))
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
    let a = blocking(&state, move |s| find_article(s, &id)).await?;
    Ok(Json(detail(a)))
}

/// Full-text search (BM25 over title and text) with source and month facets.
#[utoipa::path(
    get, path = "/api/search", params(SearchParams),
    responses(
        (status = 200, description = "A page of results with facets", body = SearchResponse),
        (status = 400, description = "Missing or malformed query, bad parameter", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<Arc<AppState>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchResponse>, ServerError> {
    let Query(params) = params.map_err(bad_query)?;
    let Some((q, offset)) = params.to_query()? else {
        return Err(ServerError::BadRequest(
            "`q` (the query) is required".into(),
        ));
    };
    let page = blocking(&state, move |s| {
        let page = s.index.search_page(&q, offset)?;
        Ok(search_response(q.text, offset, q.limit, page))
    })
    .await?;
    Ok(Json(page))
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

/// Compares in time independent of where the strings differ.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Checks the bearer token before anything of the body is read.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ServerError> {
    let Some(token) = &state.token else {
        return Err(ServerError::Forbidden(
            "this server is read-only: start it with --token (or STORYLINE_TOKEN) to enable ingest"
                .into(),
        ));
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match sent {
        Some(s) if same_token(s, token) => Ok(()),
        _ => Err(ServerError::Unauthorized),
    }
}

/// Keeps a safe file name: its last component, with only `[A-Za-z0-9._-]`.
fn safe_name(name: &str, n: usize) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let clean = clean.trim_start_matches('.');
    if clean.is_empty() {
        format!("upload-{n}.jsonl")
    } else {
        format!("{n:03}-{clean}")
    }
}

fn too_large(status: StatusCode, max: usize, message: String) -> ServerError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ServerError::PayloadTooLarge(max)
    } else {
        ServerError::BadRequest(message)
    }
}

/// Ingest articles: `multipart/form-data` with one or more files (any kind
/// `storyline ingest` reads, named by extension: .txt, .html, .jsonl, .warc,
/// optionally .gz), or any other body read as JSON Lines. Needs
/// `Authorization: Bearer <token>`; a server started without a token refuses.
#[utoipa::path(
    post, path = "/api/ingest",
    request_body(content = String, description = "multipart files, or a JSON Lines body", content_type = "application/x-ndjson"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "What was stored", body = IngestResponse),
        (status = 400, description = "Unreadable upload", body = ErrorBody),
        (status = 401, description = "Missing or wrong token", body = ErrorBody),
        (status = 403, description = "Server is read-only (no token configured)", body = ErrorBody),
        (status = 409, description = "Another process holds the index writer", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
    )
)]
pub async fn ingest(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    req: Request,
) -> Result<Json<IngestResponse>, ServerError> {
    authorize(&state, &headers)?;
    let max = state.max_body;
    // Uploads are kept under <data>/uploads/, one directory per request, so
    // the `path` each article records points at the bytes it came from.
    let uploads = state.data.join("uploads");
    std::fs::create_dir_all(&uploads)
        .map_err(|e| ServerError::Internal(format!("creating {}: {e}", uploads.display())))?;
    let upload = tempfile::Builder::new()
        .prefix(&format!("{}-", chrono::Utc::now().format("%Y%m%dT%H%M%S")))
        .tempdir_in(&uploads)
        .map_err(|e| ServerError::Internal(format!("upload directory: {e}")))?
        .keep();
    let is_multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut files = Vec::new();
    let write = |name: &str, bytes: &[u8]| -> Result<std::path::PathBuf, ServerError> {
        let path = upload.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| ServerError::Internal(format!("writing upload: {e}")))?;
        Ok(path)
    };
    if is_multipart {
        let mut multipart = Multipart::from_request(req, &state)
            .await
            .map_err(|e| ServerError::BadRequest(e.body_text()))?;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| too_large(e.status(), max, e.body_text()))?
        {
            let name = safe_name(field.file_name().unwrap_or(""), files.len());
            let bytes = field
                .bytes()
                .await
                .map_err(|e| too_large(e.status(), max, e.body_text()))?;
            if storyline_ingest::FileKind::of(std::path::Path::new(&name)).is_none() {
                return Err(ServerError::BadRequest(format!(
                    "unknown file kind `{name}`: expected .txt, .html, .htm, .jsonl, .warc (optionally .gz)"
                )));
            }
            files.push(write(&name, &bytes)?);
        }
    } else {
        let bytes = axum::body::Bytes::from_request(req, &state)
            .await
            .map_err(|e| too_large(e.status(), max, e.body_text()))?;
        files.push(write("body.jsonl", &bytes)?);
    }
    if files.is_empty() {
        return Err(ServerError::BadRequest("no files in the upload".into()));
    }
    let prefix = format!("{}/", upload.display());
    let report = blocking(&state, move |s| {
        let _one_at_a_time = s
            .ingest_lock
            .lock()
            .map_err(|_| ServerError::Internal("ingest lock poisoned".into()))?;
        let mut dir = DataDir::open(&s.data).map_err(writer_busy)?;
        let report = storyline_ingest::ingest_paths(
            &files,
            &mut dir,
            &storyline_pipeline::Settings::default(),
            &storyline_ingest::Quiet,
        )
        .map_err(writer_busy)?;
        drop(dir);
        s.index.refresh()?;
        Ok(report)
    })
    .await?;
    Ok(Json(IngestResponse {
        files: report.files,
        read: report.read,
        new: report.new,
        unchanged: report.unchanged,
        failed: report.failed,
        failures: report
            .errors
            .into_iter()
            .map(|e| IngestFailure {
                locator: e
                    .locator
                    .strip_prefix(&prefix)
                    .unwrap_or(&e.locator)
                    .to_string(),
                reason: e.reason,
            })
            .collect(),
    }))
}

/// Another process (a `storyline ingest`) holding the index writer is a 409.
fn writer_busy(e: StoreError) -> ServerError {
    match e {
        StoreError::Index(e @ tantivy::TantivyError::LockFailure(..)) => {
            ServerError::Conflict(format!(
                "another process is writing to this data directory ({e}); try again when it is done"
            ))
        }
        other => ServerError::Store(other),
    }
}
