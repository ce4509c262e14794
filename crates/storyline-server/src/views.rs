//! The response types the JSON API returns and the pages render (they are
//! also the OpenAPI document's schemas), the conversions from the store's
//! records to them, and the store lookups the API and the pages share.

use crate::error::ServerError;
use crate::params::*;
use crate::state::AppState;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use storyline_model::{
    Article, ArticleId, DateKind, EntityKind, EventDate, EventMember, EventRecord, RemovedBlock,
    SourcedSentence, StoryRecord,
};
use storyline_store::{
    expand_query, AliasExpansion, ArticleQuery, EntityArticle, EntityCount, EntityDetail,
    EntitySummary, ExpandedQuery, QuoteBankEntry, SearchHit, SearchPage, SearchQuery, Stats, Store,
    StoredArticle,
};
use utoipa::ToSchema;

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
    pub removed: Vec<RemovedBlock>,
    /// The event the article belongs to (see `/api/events/{id}`).
    pub event: Option<u64>,
}

/// A page of a listing: the listings of articles (in ingest order),
/// syndication groups (largest first) and stories (most articles first).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub offset: usize,
    pub limit: usize,
    /// Offset of the next page, `null` on the last page.
    pub next_offset: Option<usize>,
}

impl<T> Page<T> {
    /// The page at `offset` of `all`, which holds the listing up to at
    /// least one item past the page when there is a next page.
    pub fn of(all: Vec<T>, offset: usize, limit: usize) -> Self {
        let next_offset = (all.len() > offset + limit).then_some(offset + limit);
        Page {
            items: all.into_iter().skip(offset).take(limit).collect(),
            offset,
            limit,
            next_offset,
        }
    }

    /// The same page with each item converted by `f`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            offset: self.offset,
            limit: self.limit,
            next_offset: self.next_offset,
        }
    }
}

/// A page of a listing that counts its matches: events (in the order asked
/// for), entities (most mentioned first) and quotes.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CountedPage<T> {
    #[serde(flatten)]
    pub page: Page<T>,
    /// Items passing the filters, in all.
    pub total: u64,
}

impl<T> CountedPage<T> {
    /// `items`, the page at `offset` of a listing of `total` items.
    pub fn new(items: Vec<T>, offset: usize, limit: usize, total: u64) -> Self {
        let next = offset + limit;
        CountedPage {
            page: Page {
                items,
                offset,
                limit,
                next_offset: (next < total as usize).then_some(next),
            },
            total,
        }
    }
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
    /// Matches per detected language (ISO 639-1 code), most first.
    pub languages: Vec<FacetCount>,
    /// Entities the best matches mention (see `sampled`), most articles
    /// first; `count` is the number of those matches mentioning each.
    pub entities: Vec<EntityCount>,
    /// Events of the best matches (see `sampled`), most matches first.
    pub events: Vec<EventFacetOut>,
    /// How many of the best matches the entity and event facets count (at
    /// most 50; all matches when `total` is not larger).
    pub sampled: usize,
}

/// An event and how many of the counted matches belong to it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventFacetOut {
    pub id: u64,
    pub headline: String,
    pub count: u64,
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
    /// Detected language (ISO 639-1 code).
    pub language: Option<String>,
    /// A fragment of the text around the matched words (plain text).
    pub snippet: String,
    /// Byte ranges `[start, end)` of the matched words inside `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// The event the article belongs to (see `/api/events/{id}`).
    pub event: Option<u64>,
}

/// A page of search results with facets.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SearchResponse {
    /// The query as asked.
    pub query: String,
    /// Names of the query also searched under their other spellings (none
    /// with `exact=true`).
    pub expanded: Vec<AliasExpansion>,
    /// Names of the query that several entities bear, searched as written.
    pub ambiguous: Vec<String>,
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

pub fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

pub fn counts(pairs: Vec<(String, u64)>) -> Vec<FacetCount> {
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
        removed: a.removed,
        event: None,
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
        language: h.language,
        snippet: h.snippet,
        highlights: h.highlights,
        event: None,
    }
}

pub fn search_response(
    query: ExpandedQuery,
    asked: String,
    offset: usize,
    limit: usize,
    page: SearchPage,
) -> SearchResponse {
    let next = offset + page.hits.len();
    SearchResponse {
        query: asked,
        expanded: query.expanded,
        ambiguous: query.ambiguous,
        total: page.total,
        offset,
        limit,
        next_offset: (next < page.total as usize && !page.hits.is_empty()).then_some(next),
        hits: page.hits.into_iter().map(hit).collect(),
        facets: Facets {
            sources: counts(page.facets.sources),
            months: counts(page.facets.months),
            undated: page.facets.undated,
            languages: counts(page.facets.languages),
            entities: Vec::new(),
            events: Vec::new(),
            sampled: page.sample.len(),
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

/// One page of articles: asks for one more than the limit to know whether a
/// next page exists (no full count over a large store).
pub fn article_page(
    state: &AppState,
    mut q: ArticleQuery,
) -> Result<Page<StoredArticle>, ServerError> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    q.limit = Some(limit + 1);
    let mut items = state.with_store(|s| Ok(s.list_articles(&q)?))?;
    let next_offset = (items.len() > limit).then_some(q.offset + limit);
    items.truncate(limit);
    Ok(Page {
        items,
        offset: q.offset,
        limit,
        next_offset,
    })
}

/// The article with `id` (or a unique prefix of it), its input path as the
/// server shows it ([`AppState::shown_path`]).
pub fn find_article(state: &AppState, id: &str) -> Result<StoredArticle, ServerError> {
    let mut found = state
        .with_store(|s| Ok(s.get_article(id)?))?
        .ok_or_else(|| ServerError::NotFound(format!("no article with id `{id}`")))?;
    found.article.path = found.article.path.map(|p| state.shown_path(&p));
    Ok(found)
}

/// A search with its filters resolved and every facet counted.
pub struct FullSearch {
    /// The query as asked.
    pub text: String,
    /// The query as searched: names under all their spellings.
    pub expanded: ExpandedQuery,
    pub limit: usize,
    pub page: SearchPage,
    /// The event of each hit.
    pub events_of_hits: Vec<Option<u64>>,
    pub entity_facet: Vec<EntityCount>,
    pub event_facet: Vec<EventFacetOut>,
    /// The entity filter, resolved.
    pub entity: Option<EntitySummary>,
    /// The event filter, resolved.
    pub event: Option<EventSummary>,
}

/// Entities and events listed in their facets.
const FACET_ENTRIES: usize = 15;

/// Runs a search: resolves the entity and event filters to the articles
/// they cover, searches, then counts the entities and events of the best
/// matches (the store knows them; the index does not).
pub fn run_search(
    state: &AppState,
    mut q: SearchQuery,
    offset: usize,
    entity: Option<String>,
    event: Option<String>,
    exact: bool,
) -> Result<FullSearch, ServerError> {
    let asked = q.text.clone();
    let (entity, event, expanded) = state.with_store(|s| {
        let expanded = if exact {
            ExpandedQuery::exact(&q.text)
        } else {
            expand_query(s, &q.text)?
        };
        let mut ids: Option<Vec<String>> = None;
        let entity = match &entity {
            Some(name) => {
                let e = lookup_entity(s, name)?;
                ids = Some(e.articles_list.iter().map(|a| a.id.to_string()).collect());
                Some(e.summary)
            }
            None => None,
        };
        let event = match &event {
            Some(id) => {
                let id = parse_id("event", id)?;
                let e = s
                    .get_event(id)?
                    .ok_or_else(|| ServerError::NotFound(format!("no event with id {id}")))?;
                let members: Vec<String> =
                    e.members.iter().map(|m| m.article.to_string()).collect();
                ids = Some(match ids.take() {
                    Some(prev) => prev.into_iter().filter(|a| members.contains(a)).collect(),
                    None => members,
                });
                Some(event_summary(&e))
            }
            None => None,
        };
        q.ids = ids;
        Ok((entity, event, expanded))
    })?;
    q.text = expanded.text.clone();
    let page = state.index.search_page(&q, offset)?;
    let hit_ids: Vec<String> = page.hits.iter().map(|h| h.id.clone()).collect();
    let events_of_hits = events_of(state, &hit_ids)?;
    let (entity_facet, event_facet) = state.with_store(|s| {
        let sample: Vec<ArticleId> = page.sample.iter().cloned().map(ArticleId).collect();
        let entities = s
            .entities_in(&sample)?
            .into_iter()
            .take(FACET_ENTRIES)
            .collect();
        let mut per_event: std::collections::HashMap<u64, u64> = std::collections::HashMap::new();
        for a in &sample {
            if let Some(e) = s.event_of(a)? {
                *per_event.entry(e).or_default() += 1;
            }
        }
        let mut per_event: Vec<(u64, u64)> = per_event.into_iter().collect();
        per_event.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut events = Vec::new();
        for (id, count) in per_event.into_iter().take(FACET_ENTRIES) {
            if let Some(e) = s.get_event(id)? {
                events.push(EventFacetOut {
                    id,
                    headline: e.headline,
                    count,
                });
            }
        }
        Ok((entities, events))
    })?;
    Ok(FullSearch {
        text: asked,
        expanded,
        limit: q.limit,
        page,
        events_of_hits,
        entity_facet,
        event_facet,
        entity,
        event,
    })
}

/// One piece of evidence behind an event's date.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DateEvidence {
    /// The article the evidence is in.
    pub article: String,
    /// The rule that read it, e.g. `text.stated_date`.
    pub rule: String,
    /// Byte span `[start, end)` of the evidence.
    pub span: Option<(usize, usize)>,
    pub confidence: f32,
}

/// An event's date and how it is known.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventDateOut {
    /// `stated` (an article says it), `inferred`, `bound` (only bounds known)
    /// or `undated` (never guessed).
    pub kind: String,
    /// The day (YYYY-MM-DD), for `stated` and `inferred`.
    pub date: Option<String>,
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    /// A short human form: `2018-01-16 (stated)`, `not after 2018-09-05`, `undated`.
    pub display: String,
    pub evidence: Vec<DateEvidence>,
}

/// A sentence chosen from an article.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SentenceOut {
    pub text: String,
    /// The article it is from.
    pub article: String,
    /// Byte span in that article's clean text.
    pub span: (usize, usize),
    pub rule: String,
    pub confidence: f32,
}

/// One article of an event.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventMemberOut {
    pub article: String,
    pub title: Option<String>,
    /// The title, or the text's first sentence (filled in an event's `groups`).
    pub headline: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    /// The syndication unit it counts in (its group's key, or its own id).
    pub unit: String,
    /// Cosine similarity to the event when it joined (1 for the opener).
    pub similarity: f32,
}

/// The articles of an event that are copies of one another.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventGroupOut {
    /// The syndication unit: a group's key, or the article's own id.
    pub unit: String,
    /// The canonical copy, when the unit is a syndication group.
    pub canonical: Option<String>,
    /// The wire agency the copies credit.
    pub origin: Option<String>,
    pub articles: Vec<EventMemberOut>,
}

/// An event in a listing.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventSummary {
    pub id: u64,
    pub story: u64,
    pub headline: String,
    pub date: EventDateOut,
    pub articles: usize,
    /// Distinct syndication units among the articles.
    pub independent_sources: usize,
}

/// One event in full.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventDetail {
    pub id: u64,
    pub story: u64,
    pub headline: String,
    /// The article the headline is from.
    pub headline_article: Option<String>,
    pub date: EventDateOut,
    /// The summary sentence, with its source article.
    pub summary: Option<SentenceOut>,
    pub terms: Vec<String>,
    pub members: Vec<EventMemberOut>,
    pub independent_sources: usize,
    /// The articles grouped by syndication group, largest group first.
    pub groups: Vec<EventGroupOut>,
    /// The entities its articles mention, most articles first.
    pub entities: Vec<EntityCount>,
}

/// A story: events threaded over time.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StoryOut {
    pub id: u64,
    pub label: String,
    pub terms: Vec<String>,
    pub events: Vec<u64>,
    pub articles: usize,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// One dated (or undated) entry of a timeline.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TimelineEntryOut {
    pub event: u64,
    pub date: EventDateOut,
    /// Undated entries come last.
    pub undated: bool,
    pub headline: String,
    pub summary: Option<SentenceOut>,
    pub articles: Vec<String>,
    pub independent_sources: usize,
}

/// A timeline: dated entries in date order, undated ones last.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TimelineResponse {
    pub title: String,
    /// The story, when one was asked for.
    pub story: Option<StoryOut>,
    pub entries: Vec<TimelineEntryOut>,
}

/// A story with its timeline.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StoryDetail {
    #[serde(flatten)]
    pub story: StoryOut,
    pub timeline: Vec<TimelineEntryOut>,
}

pub fn date_out(d: &EventDate) -> EventDateOut {
    EventDateOut {
        kind: d.kind.as_str().to_string(),
        date: day(d.date),
        not_before: day(d.not_before),
        not_after: day(d.not_after),
        display: d.display(),
        evidence: d
            .sources
            .iter()
            .map(|s| DateEvidence {
                article: s.article.to_string(),
                rule: s.provenance.rule.clone(),
                span: s.provenance.span,
                confidence: s.provenance.confidence,
            })
            .collect(),
    }
}

pub fn sentence_out(s: &SourcedSentence) -> SentenceOut {
    SentenceOut {
        text: s.text.clone(),
        article: s.article.to_string(),
        span: s.span,
        rule: s.provenance.rule.clone(),
        confidence: s.provenance.confidence,
    }
}

pub fn member_out(m: &EventMember) -> EventMemberOut {
    EventMemberOut {
        article: m.article.to_string(),
        title: m.title.clone(),
        headline: m.title.clone(),
        source: m.source.clone(),
        published: day(m.published),
        unit: m.unit.clone(),
        similarity: m.similarity,
    }
}

pub fn event_summary(e: &EventRecord) -> EventSummary {
    EventSummary {
        id: e.id,
        story: e.story,
        headline: e.headline.clone(),
        date: date_out(&e.date),
        articles: e.members.len(),
        independent_sources: e.independent_sources,
    }
}

pub fn story_out(s: StoryRecord) -> StoryOut {
    StoryOut {
        id: s.id,
        label: s.label,
        terms: s.terms,
        events: s.events,
        articles: s.articles,
        first: day(s.first),
        last: day(s.last),
    }
}

pub fn timeline_out(events: &[EventRecord]) -> Vec<TimelineEntryOut> {
    storyline_pipeline::events::timeline(events)
        .into_iter()
        .map(|t| TimelineEntryOut {
            event: t.event,
            undated: t.date.kind == DateKind::Undated,
            date: date_out(&t.date),
            headline: t.headline,
            summary: t.summary.as_ref().map(sentence_out),
            articles: t.articles.iter().map(|a| a.to_string()).collect(),
            independent_sources: t.independent_sources,
        })
        .collect()
}

/// One event by id (read alone, not with every other event).
pub fn event_record(state: &AppState, id: u64) -> Result<EventRecord, ServerError> {
    state
        .with_store(|s| Ok(s.get_event(id)?))?
        .ok_or_else(|| ServerError::NotFound(format!("no event with id {id}")))
}

/// One event with its articles grouped by syndication unit.
pub fn find_event(state: &AppState, id: u64) -> Result<EventDetail, ServerError> {
    let e = event_record(state, id)?;
    event_detail(state, &e)
}

/// An event's detail: its articles grouped by syndication unit, the entities
/// they mention.
pub fn event_detail(state: &AppState, e: &EventRecord) -> Result<EventDetail, ServerError> {
    state.with_store(|s| {
        let mut groups: Vec<EventGroupOut> = Vec::new();
        for m in &e.members {
            match groups.iter_mut().find(|g| g.unit == m.unit) {
                Some(g) => g.articles.push(member_out(m)),
                None => groups.push(EventGroupOut {
                    unit: m.unit.clone(),
                    canonical: None,
                    origin: None,
                    articles: vec![member_out(m)],
                }),
            }
        }
        for g in &mut groups {
            for a in g.articles.iter_mut().filter(|a| a.headline.is_none()) {
                a.headline = s.get_article(&a.article)?.map(|x| x.article.headline());
            }
            if let Some(sg) = s.group_of(&ArticleId(g.articles[0].article.clone()))? {
                g.canonical = Some(sg.canonical.to_string());
                g.origin = sg.origin;
            }
        }
        groups.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then(a.unit.cmp(&b.unit))
        });
        let ids: Vec<ArticleId> = e.members.iter().map(|m| m.article.clone()).collect();
        let entities = s.entities_in(&ids)?;
        Ok(EventDetail {
            id: e.id,
            story: e.story,
            headline: e.headline.clone(),
            headline_article: e.headline_article.as_ref().map(|a| a.to_string()),
            date: date_out(&e.date),
            summary: e.summary.as_ref().map(sentence_out),
            terms: e.terms.clone(),
            members: e.members.iter().map(member_out).collect(),
            independent_sources: e.independent_sources,
            groups,
            entities,
        })
    })
}

/// A page of the events passing the listing's filters, and how many pass:
/// the entity named (in any spelling) is resolved to its id first.
pub fn events_query(
    state: &AppState,
    mut query: storyline_store::EventQuery,
    entity: Option<String>,
) -> Result<(Vec<EventRecord>, u64), ServerError> {
    state.with_store(|s| {
        if let Some(name) = entity {
            query.entity = Some(lookup_entity_head(s, &name, 0)?.summary.id);
        }
        Ok(s.query_events(&query)?)
    })
}

/// The most events a timeline of an entity shows: the latest of its
/// timeline.
pub const TIMELINE_EVENTS: usize = 1000;

/// The events of a name: an entity's under any of its spellings, chosen by
/// `mentions` among the latest [`TIMELINE_EVENTS`] that mention it (read
/// through the store's entity-to-event index), else the events whose
/// articles have every word, found through the search index.
pub fn select_by_name(
    store: &dyn Store,
    index: &storyline_store::SearchIndex,
    name: &str,
    mentions: storyline_ingest::Mentions,
) -> Result<storyline_ingest::Selection, ServerError> {
    check_name(name)?;
    let budget = crate::state::worker_budget();
    match storyline_ingest::find_entity_head(store, name, &budget, 0)? {
        storyline_ingest::EntityLookup::Found(e) => Ok(storyline_ingest::entity_events_scoped(
            store,
            &e,
            TIMELINE_EVENTS,
            mentions,
        )?),
        _ => Ok(storyline_ingest::events_mentioning_in_index(
            store, index, name, &budget,
        )?),
    }
}

/// One story and its timeline.
pub fn find_story(state: &AppState, id: u64) -> Result<StoryDetail, ServerError> {
    let sel = state
        .with_store(|s| Ok(storyline_ingest::story_events(s, id)?))?
        .ok_or_else(|| ServerError::NotFound(format!("no story with id {id}")))?;
    let timeline = timeline_out(&sel.events);
    let story = sel
        .story
        .ok_or_else(|| ServerError::Internal("story selection without its story".into()))?;
    Ok(StoryDetail {
        story: story_out(story),
        timeline,
    })
}

/// The event each article belongs to (`None` for an article in no event).
pub fn events_of(state: &AppState, ids: &[String]) -> Result<Vec<Option<u64>>, ServerError> {
    state.with_store(|s| {
        ids.iter()
            .map(|id| Ok(s.event_of(&ArticleId(id.clone()))?))
            .collect()
    })
}

/// A name an entity is written as, and how many mentions use it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AliasOut {
    pub name: String,
    pub mentions: u64,
}

/// An entity as listed: canonical name, type, counts, aliases.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EntityOut {
    pub id: String,
    /// The canonical name.
    pub name: String,
    /// `person`, `organisation`, `place` or `other`.
    pub kind: String,
    pub mentions: u64,
    /// Articles mentioning it.
    pub articles: u64,
    /// Every spelling with its mention count, most first.
    pub aliases: Vec<AliasOut>,
}

/// Where one article reported a quote.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuoteArticleOut {
    pub article: String,
    pub published: Option<String>,
    /// The words the article attributes it with (a name, "he").
    pub speaker_text: Option<String>,
    /// The speech verb ("said").
    pub cue: Option<String>,
    /// Byte span `[start, end)` of the quote in the article's clean text.
    pub span: (usize, usize),
    pub rule: String,
    pub confidence: f32,
}

/// A quote-bank entry: one quote, however many articles repeat it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuoteOut {
    /// The normalised key that deduplicates it.
    pub key: String,
    pub text: String,
    /// The speaker's name as most articles resolved it.
    pub speaker: Option<String>,
    /// The speaker's entity id (see `/api/entities/{id}`).
    pub speaker_entity: Option<String>,
    /// The earliest publication date among the articles.
    pub first_reported: Option<String>,
    pub articles: Vec<QuoteArticleOut>,
    /// Syndication groups among the articles: copies of one wire story count once.
    pub independent_sources: u64,
    /// Only ever seen as a partial quote inside reported speech.
    pub partial: bool,
}

/// A page of the quote bank, most reported first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuotePage {
    #[serde(flatten)]
    pub page: CountedPage<QuoteOut>,
    /// The speaker's entity, when the bank was filtered by speaker.
    pub speaker: Option<EntityOut>,
}

/// One entity in full: aliases, its timeline of events, quotes, co-occurring
/// entities and the articles that mention it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EntityDetailOut {
    #[serde(flatten)]
    pub entity: EntityOut,
    /// The events whose articles mention it: dated in order, undated last.
    pub timeline: Vec<TimelineEntryOut>,
    /// Its quotes, most reported first.
    pub quotes: Vec<QuoteOut>,
    /// Entities mentioned in the same articles, with the number shared
    /// (counted over its latest 500 articles).
    pub co_occurring: Vec<EntityCount>,
    /// The articles mentioning it, oldest first (at most 100).
    pub article_list: Vec<EntityArticle>,
}

/// Co-occurring entities an entity shows.
pub const CO_OCCURRING: usize = 20;

/// Articles an entity detail lists.
pub const ENTITY_ARTICLES: usize = 100;

/// Events an entity detail's timeline shows: the latest of them.
pub const ENTITY_EVENTS: usize = 100;

pub fn entity_out(e: &EntitySummary) -> EntityOut {
    EntityOut {
        id: e.id.clone(),
        name: e.name.clone(),
        kind: e.kind.as_str().to_string(),
        mentions: e.mentions,
        articles: e.articles,
        aliases: e
            .aliases
            .iter()
            .map(|(name, mentions)| AliasOut {
                name: name.clone(),
                mentions: *mentions,
            })
            .collect(),
    }
}

pub fn quote_out(q: &QuoteBankEntry) -> QuoteOut {
    QuoteOut {
        key: q.key.clone(),
        text: q.text.clone(),
        speaker: q.speaker.clone(),
        speaker_entity: q.speaker_entity.clone(),
        first_reported: day(q.first_reported),
        articles: q
            .articles
            .iter()
            .map(|a| QuoteArticleOut {
                article: a.article.to_string(),
                published: day(a.published),
                speaker_text: a.speaker_text.clone(),
                cue: a.cue.clone(),
                span: a.span,
                rule: a.rule.clone(),
                confidence: a.confidence,
            })
            .collect(),
        independent_sources: q.independent_sources,
        partial: q.partial,
    }
}

/// Whether an entity has a name or alias containing `needle`: plain
/// case-insensitive containment, or containment of the normalised name key
/// (diacritics, apostrophes, transliteration variants folded).
pub fn entity_matches(e: &EntitySummary, needle: &str) -> bool {
    let lower = needle.to_lowercase();
    let key = storyline_pipeline::annotate::names::name_key(needle);
    let names = std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(|a| a.0.as_str()));
    for n in names {
        if n.to_lowercase().contains(&lower)
            || (!key.is_empty() && storyline_pipeline::annotate::names::name_key(n).contains(&key))
        {
            return true;
        }
    }
    false
}

/// A page of entities matching the filters, and how many match in all.
pub fn entity_page(
    state: &AppState,
    kind: Option<EntityKind>,
    name: Option<String>,
    offset: usize,
    limit: usize,
) -> Result<(Vec<EntitySummary>, usize), ServerError> {
    if let Some(n) = &name {
        check_name(n)?;
    }
    let mut all = state.with_store(|s| Ok(s.list_entities(kind)?))?;
    if let Some(n) = &name {
        all.retain(|e| entity_matches(e, n));
    }
    let total = all.len();
    Ok((all.into_iter().skip(offset).take(limit).collect(), total))
}

/// An entity by id or by any of its names (see `storyline_ingest::find_entity`).
pub fn lookup_entity(store: &dyn Store, key: &str) -> Result<EntityDetail, ServerError> {
    lookup_entity_head(store, key, usize::MAX)
}

/// [`lookup_entity`] listing at most `articles` of the entity's articles.
pub fn lookup_entity_head(
    store: &dyn Store,
    key: &str,
    articles: usize,
) -> Result<EntityDetail, ServerError> {
    check_name(key)?;
    let budget = crate::state::worker_budget();
    match storyline_ingest::find_entity_head(store, key, &budget, articles)? {
        storyline_ingest::EntityLookup::Found(e) => Ok(*e),
        storyline_ingest::EntityLookup::NotFound => {
            Err(ServerError::NotFound(format!("no entity `{key}`")))
        }
        storyline_ingest::EntityLookup::Ambiguous(n) => Err(ServerError::BadRequest(format!(
            "`{key}` names {n} different entities; give an entity id"
        ))),
    }
}

/// What an entity page shows, as the library gives it.
pub struct EntityView {
    pub entity: EntityDetail,
    /// Its latest events (as many as asked for), in date order (undated last).
    pub events: Vec<EventRecord>,
    pub quotes: Vec<QuoteBankEntry>,
    pub co_occurring: Vec<EntityCount>,
}

/// Reads an entity with its latest `events` events, quotes and co-occurring
/// entities.
pub fn entity_view(state: &AppState, key: &str, events: usize) -> Result<EntityView, ServerError> {
    state.with_store(|s| {
        let entity = lookup_entity_head(s, key, ENTITY_ARTICLES)?;
        let events = storyline_ingest::entity_events_latest(s, &entity, events)?.events;
        let mut quotes = s.quote_bank(Some(&entity.summary.id))?;
        quotes.retain(|q| q.listed_by_default());
        let co_occurring = s.co_occurring(&entity.summary.id, CO_OCCURRING)?;
        Ok(EntityView {
            entity,
            events,
            quotes,
            co_occurring,
        })
    })
}

pub fn entity_detail_out(v: EntityView) -> EntityDetailOut {
    EntityDetailOut {
        entity: entity_out(&v.entity.summary),
        timeline: timeline_out(&v.events),
        quotes: v.quotes.iter().map(quote_out).collect(),
        co_occurring: v.co_occurring,
        article_list: v
            .entity
            .articles_list
            .into_iter()
            .take(ENTITY_ARTICLES)
            .collect(),
    }
}

/// A page of the quote bank, optionally of one speaker (resolved by name).
pub fn quote_page(
    state: &AppState,
    speaker: Option<String>,
    partial: bool,
    offset: usize,
    limit: usize,
) -> Result<(Vec<QuoteBankEntry>, usize, Option<EntitySummary>), ServerError> {
    state.with_store(|s| {
        let who = match &speaker {
            Some(name) => Some(lookup_entity_head(s, name, 0)?.summary),
            None => None,
        };
        let mut bank = s.quote_bank(who.as_ref().map(|w| w.id.as_str()))?;
        if !partial {
            bank.retain(|q| q.listed_by_default());
        }
        let total = bank.len();
        Ok((
            bank.into_iter().skip(offset).take(limit).collect(),
            total,
            who,
        ))
    })
}
