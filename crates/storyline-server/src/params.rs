//! The query and path parameters of the API and the pages, and their
//! parsing and checks, in one place so that every endpoint and page answers
//! the same mistake the same way.
//!
//! Paging: an `offset` past the end of a listing is an empty page, but an
//! offset above [`MAX_OFFSET`] is a 400 on every paged endpoint and page
//! (searches have their own, smaller bound, [`MAX_SEARCH_OFFSET`]). The
//! bound keeps `offset + limit` and the store's signed offsets from wrapping
//! around to the first page.

use crate::error::ServerError;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use storyline_model::EntityKind;
use storyline_store::{ArticleQuery, EventOrder, EventQuery, SearchQuery};
use utoipa::IntoParams;

/// Largest `offset` a listing accepts: far beyond any listing a store
/// holds, and small enough that no arithmetic on it wraps.
pub const MAX_OFFSET: usize = u32::MAX as usize;

/// The `offset` parameter: 0 when absent, a 400 above [`MAX_OFFSET`].
pub fn offset(offset: Option<usize>) -> Result<usize, ServerError> {
    match offset.unwrap_or(0) {
        n @ 0..=MAX_OFFSET => Ok(n),
        n => Err(ServerError::BadRequest(format!(
            "`offset` must be at most {MAX_OFFSET}, got {n}"
        ))),
    }
}

/// Results per page when the request does not say.
pub const DEFAULT_LIMIT: usize = 20;

/// Most results one request may ask for.
pub const MAX_LIMIT: usize = 100;

/// Best matches of a search whose entities and events are counted for the
/// entity and event facets (source and month facets count every match).
pub const FACET_SAMPLE: usize = 50;

/// Deepest offset a search may page to (ranking deeper is costly and useless).
pub const MAX_SEARCH_OFFSET: usize = 10_000;

/// Filters of the article listing (its paging: [`PageParams`]).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleParams {
    /// Only this source (case-insensitive).
    pub source: Option<String>,
    /// Only articles published on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    /// Only articles in this language (ISO 639-1 code such as `es`; ISO
    /// 639-3 such as `spa` also works).
    pub lang: Option<String>,
}

/// A search request.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Query: all words must match; "quoted phrases" match as phrases;
    /// `title:word` searches one field. At most 1,000 characters and 32
    /// nested brackets.
    pub q: Option<String>,
    /// Only this source (case-insensitive).
    pub source: Option<String>,
    /// Only articles published on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    /// Only articles in this language (ISO 639-1 code such as `es`; ISO
    /// 639-3 such as `spa` also works).
    pub lang: Option<String>,
    /// Results per page, 1 to 100 (default 20).
    pub limit: Option<usize>,
    /// Results to skip (at most 10000).
    pub offset: Option<usize>,
    /// Only articles mentioning this entity (an id, or a name in any spelling).
    pub entity: Option<String>,
    /// Only articles of this event (an id).
    pub event: Option<String>,
    /// `true` searches names only as written; by default a word or phrase
    /// that names an entity also finds its other spellings (see `expanded`
    /// in the answer).
    pub exact: Option<bool>,
}

/// Maps axum's query-string rejection to the JSON 400.
pub fn bad_query(r: QueryRejection) -> ServerError {
    ServerError::BadRequest(format!("bad query string: {}", r.body_text()))
}

/// A handler's query parameters: a query string that does not parse into
/// `T` is answered with a 400 ([`bad_query`]) before the handler runs, as
/// a [`QueryError`].
pub struct Params<T>(pub T);

/// A query string that did not parse, and the path it was sent to: the
/// API answers it with the JSON error, the pages with the HTML error page
/// (its response is made in `pages::layout`, beside `error_for_path`).
pub struct QueryError {
    /// The path of the request.
    pub path: String,
    /// The 400 it is answered with.
    pub error: ServerError,
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = QueryError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, QueryError> {
        match Query::from_request_parts(parts, state).await {
            Ok(Query(params)) => Ok(Params(params)),
            Err(r) => Err(QueryError {
                path: parts.uri.path().to_string(),
                error: bad_query(r),
            }),
        }
    }
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

/// The `from` and `to` days of a range; `from` after `to` is a 400.
pub fn parse_range(
    from: &Option<String>,
    to: &Option<String>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ServerError> {
    let from = parse_day("from", from)?;
    let to = parse_day("to", to)?;
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err(ServerError::BadRequest(format!(
                "`from` ({a}) is after `to` ({b})"
            )));
        }
    }
    Ok((from, to))
}

/// A language code parameter (two or three letters), as the store keeps
/// it (ISO 639-1); empty means absent.
pub fn parse_lang(v: &Option<String>) -> Result<Option<String>, ServerError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) if (2..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic()) => {
            Ok(storyline_pipeline::language::normalize_language_code(s))
        }
        Some(s) => Err(ServerError::BadRequest(format!(
            "`lang` must be a language code of two or three letters (es, spa), got `{s}`"
        ))),
    }
}

pub fn non_empty(v: &Option<String>) -> Option<String> {
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
    /// The store's query for the page `page` asks for.
    pub fn to_query(&self, page: &PageParams) -> Result<ArticleQuery, ServerError> {
        let source = non_empty(&self.source);
        let from = parse_day("from", &self.from)?;
        let to = parse_day("to", &self.to)?;
        let lang = parse_lang(&self.lang)?;
        let (offset, limit) = page.parse()?;
        Ok(ArticleQuery {
            source,
            from,
            to,
            lang,
            limit: Some(limit),
            offset,
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
        let lang = parse_lang(&self.lang)?;
        Ok(non_empty(&self.q).map(|text| {
            (
                SearchQuery {
                    text,
                    source,
                    lang,
                    from,
                    to,
                    limit,
                    ids: None,
                    sample: FACET_SAMPLE,
                },
                offset,
            )
        }))
    }
}

/// Which dossier, in which format.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DossierParams {
    /// An entity name in any spelling, an entity id, or a story (`story:3`).
    pub q: Option<String>,
    /// `md` (default) or `html`.
    pub format: Option<String>,
}

impl DossierParams {
    /// Whether HTML was asked for; an unknown format is a 400.
    pub fn html(&self) -> Result<bool, ServerError> {
        picks_alternative(self.format.as_deref(), "md", "html", "a dossier format")
    }
}

/// Whether a two-way choice asks for `alternative` rather than `default`
/// (which an absent or empty value also means); any other value is a 400
/// saying it is not `what`.
fn picks_alternative(
    value: Option<&str>,
    default: &str,
    alternative: &str,
    what: &str,
) -> Result<bool, ServerError> {
    match value {
        None | Some("") => Ok(false),
        Some(v) if v == default => Ok(false),
        Some(v) if v == alternative => Ok(true),
        Some(other) => Err(ServerError::BadRequest(format!(
            "`{other}` is not {what}: {default} or {alternative}"
        ))),
    }
}

/// The form of a listing's answer: `json` (the default) or `csv`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatParams {
    /// `json` (default), or `csv`: the page's items as CSV with a header
    /// line, nested fields as `a.b` columns.
    pub format: Option<String>,
}

impl FormatParams {
    /// Whether CSV was asked for; an unknown format is a 400.
    pub fn csv(&self) -> Result<bool, ServerError> {
        picks_alternative(self.format.as_deref(), "json", "csv", "a format")
    }
}

/// Paging of every listing but search (which pages less deep:
/// [`SearchParams`]), beside the listing's own filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Results per page, 1 to 100 (default 20).
    pub limit: Option<usize>,
    /// Results to skip (at most 4294967295; past the end is an empty page).
    pub offset: Option<usize>,
}

impl PageParams {
    /// The offset and the limit ([`DEFAULT_LIMIT`] when not given): a limit
    /// out of range is a 400, then an offset above [`MAX_OFFSET`].
    pub fn parse(&self) -> Result<(usize, usize), ServerError> {
        self.parse_or(DEFAULT_LIMIT)
    }

    /// [`PageParams::parse`] with `default_limit` when no limit is given.
    pub fn parse_or(&self, default_limit: usize) -> Result<(usize, usize), ServerError> {
        let limit = parse_limit(self.limit.or(Some(default_limit)))?;
        Ok((crate::params::offset(self.offset)?, limit))
    }
}

/// Filters and order of the events listing (`GET /api/events` and
/// `/events`; its paging: [`PageParams`]).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventListParams {
    /// Only events dated (or bounded) on or after this day (YYYY-MM-DD);
    /// undated events drop out when `from` or `to` is given.
    pub from: Option<String>,
    /// Only events dated (or bounded) on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    /// Only events with an article mentioning this entity (an id, or a name
    /// in any spelling; an unknown name is a 404, an ambiguous one a 400).
    pub entity: Option<String>,
    /// Only events with an article from this source (case-insensitive).
    pub source: Option<String>,
    /// Only events with an article in this language (ISO 639-1 code such as
    /// `es`; ISO 639-3 such as `spa` also works).
    pub lang: Option<String>,
    /// Only events with at least this many independent sources (a whole
    /// number from 1).
    pub min_sources: Option<String>,
    /// `id` (default: the order events were made in), `date` (oldest first,
    /// undated last) or `sources` (most independent sources first, then by
    /// date).
    pub sort: Option<String>,
}

impl EventListParams {
    /// The store's query for the page `page` asks for (its `entity` still
    /// a name or id, as given) and the entity named, if any, to be resolved
    /// to an id.
    pub fn to_query(&self, page: &PageParams) -> Result<(EventQuery, Option<String>), ServerError> {
        let min_sources = match non_empty(&self.min_sources) {
            None => None,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    return Err(ServerError::BadRequest(format!(
                        "`min_sources` must be a whole number from 1, got `{v}`"
                    )))
                }
            },
        };
        let order = match non_empty(&self.sort).as_deref() {
            None | Some("id") => EventOrder::Id,
            Some("date") => EventOrder::Date,
            Some("sources") => EventOrder::Sources,
            Some(other) => {
                return Err(ServerError::BadRequest(format!(
                    "`sort` must be id, date or sources, got `{other}`"
                )))
            }
        };
        let (from, to) = parse_range(&self.from, &self.to)?;
        let entity = non_empty(&self.entity);
        if let Some(e) = &entity {
            check_name(e)?;
        }
        let lang = parse_lang(&self.lang)?;
        let (offset, limit) = page.parse()?;
        Ok((
            EventQuery {
                from,
                to,
                entity: None,
                source: non_empty(&self.source),
                lang,
                min_sources,
                order,
                limit,
                offset,
            },
            entity,
        ))
    }

    /// The filters and order as a query string (without paging), each
    /// value as given, for links that keep them.
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        for (name, v) in [
            ("from", &self.from),
            ("to", &self.to),
            ("entity", &self.entity),
            ("source", &self.source),
            ("lang", &self.lang),
            ("min_sources", &self.min_sources),
            ("sort", &self.sort),
        ] {
            if let Some(v) = non_empty(v) {
                out.push_str(&format!("&{name}={}", crate::pages::layout::enc(&v)));
            }
        }
        out
    }
}

/// The range a timeline chart is zoomed to.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ZoomParams {
    /// The first day shown (YYYY-MM-DD).
    pub from: Option<String>,
    /// The last day shown (YYYY-MM-DD).
    pub to: Option<String>,
}

impl ZoomParams {
    pub fn range(&self) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ServerError> {
        parse_range(&self.from, &self.to)
    }
}

/// Which events a timeline covers: a name (`q`) or a story (`story`).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    /// A name: an entity's events under any of its spellings; for a name no
    /// entity has, the events with an article that mentions every word.
    pub q: Option<String>,
    /// A story id.
    pub story: Option<String>,
    /// With a name: every event an article of which mentions the entity, in
    /// passing too (by default only those where it is salient: it speaks,
    /// a title or lead names it, or it has a large share of the mentions).
    pub all_mentions: Option<bool>,
}

/// An id in a path: a number (`3`, or `event:3` / `story:3`).
pub fn parse_id(kind: &str, id: &str) -> Result<u64, ServerError> {
    id.strip_prefix(&format!("{kind}:"))
        .unwrap_or(id)
        .parse()
        .map_err(|_| ServerError::BadRequest(format!("a {kind} id is a number, got `{id}`")))
}

/// The longest name a lookup accepts, in characters: longer ones are no
/// one's name, and each costs a comparison with every alias.
pub const MAX_NAME_CHARS: usize = 200;

/// Refuses a name longer than [`MAX_NAME_CHARS`].
pub fn check_name(name: &str) -> Result<(), ServerError> {
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ServerError::BadRequest(format!(
            "a name is at most {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(())
}

/// Filters of `GET /api/entities` (its paging: [`PageParams`]).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntityParams {
    /// Only entities of this type: `person`, `organisation`, `place` or `other`.
    pub kind: Option<String>,
    /// Only entities with a name or alias containing this text (case- and
    /// accent-insensitive, any spelling the alias rules know as the same).
    pub name: Option<String>,
}

impl EntityParams {
    pub fn kind(&self) -> Result<Option<EntityKind>, ServerError> {
        match non_empty(&self.kind) {
            None => Ok(None),
            Some(k) => EntityKind::parse(&k).map(Some).ok_or_else(|| {
                ServerError::BadRequest(format!(
                    "`kind` must be person, organisation, place or other, got `{k}`"
                ))
            }),
        }
    }

    pub fn name(&self) -> Option<String> {
        non_empty(&self.name)
    }
}

/// Filters of `GET /api/quotes` (its paging: [`PageParams`]).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuoteParams {
    /// Only quotes by this speaker: an entity id, or a name in any spelling.
    pub speaker: Option<String>,
    /// Also list short partial quotes inside reported speech (default false).
    pub partial: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_up_to_the_bound_pass_and_larger_ones_are_a_400() {
        assert_eq!(offset(None).unwrap(), 0);
        assert_eq!(offset(Some(MAX_OFFSET)).unwrap(), MAX_OFFSET);
        let e = offset(Some(usize::MAX)).unwrap_err();
        assert_eq!(e.status(), axum::http::StatusCode::BAD_REQUEST);
    }

    #[test]
    fn every_listing_checks_the_limit_before_the_offset_and_pages_default_their_own() {
        let page = |limit, offset| PageParams { limit, offset };
        assert_eq!(page(None, None).parse().unwrap(), (0, DEFAULT_LIMIT));
        assert_eq!(page(None, Some(7)).parse_or(50).unwrap(), (7, 50));
        assert_eq!(page(Some(3), None).parse_or(50).unwrap(), (0, 3));
        match page(Some(0), Some(usize::MAX)).parse() {
            Err(ServerError::BadRequest(m)) => assert!(m.starts_with("`limit`"), "{m}"),
            other => panic!("not a 400: {other:?}"),
        }
    }

    #[test]
    fn format_choices_take_default_or_alternative_and_name_both_otherwise() {
        let csv = |f: Option<&str>| {
            FormatParams {
                format: f.map(Into::into),
            }
            .csv()
        };
        let html = |f: Option<&str>| {
            DossierParams {
                q: None,
                format: f.map(Into::into),
            }
            .html()
        };
        for (asked, want) in [
            (None, false),
            (Some(""), false),
            (Some("json"), false),
            (Some("csv"), true),
        ] {
            assert_eq!(csv(asked).unwrap(), want, "{asked:?}");
        }
        for (asked, want) in [(None, false), (Some("md"), false), (Some("html"), true)] {
            assert_eq!(html(asked).unwrap(), want, "{asked:?}");
        }
        let message = |r: Result<bool, ServerError>| match r {
            Err(ServerError::BadRequest(m)) => m,
            other => panic!("not a 400: {other:?}"),
        };
        assert_eq!(
            message(csv(Some("xml"))),
            "`xml` is not a format: json or csv"
        );
        assert_eq!(
            message(html(Some("csv"))),
            "`csv` is not a dossier format: md or html"
        );
    }
}
