//! Storyline's store: where articles live and how they are found again.
//!
//! - [`Store`]: the system-of-record contract every backend implements, with
//!   its shared test suite in [`contract`];
//! - [`sqlite::SqliteStore`]: the embedded backend (SQLite via rusqlite,
//!   WAL, versioned migrations);
//! - `postgres::PgStore` (cargo feature `postgres`): the server-mode backend
//!   on PostgreSQL, same contract, migrations in `migrations-postgres/`;
//! - [`index::SearchIndex`]: the tantivy full-text index, derived from the
//!   store and rebuildable from it;
//! - [`data_dir::DataDir`]: one data directory holding both, kept consistent
//!   across crashes (the index records the last article sequence it holds);
//! - [`budget::Budget`]: a request's deadline and cancellation flag, checked
//!   by long loops and interrupting running SQLite statements;
//! - [`syndication`]: incremental near-duplicate links and syndication groups
//!   over the persistent LSH index of any [`Store`];
//! - [`WatchStore`]: saved watches and the alerts they raised;
//! - [`FeedStubStore`]: feed items waiting for the page they link to.

#![warn(missing_docs)]

pub mod alias_search;
pub mod annotations;
mod backend;
pub mod budget;
pub mod contract;
pub mod data_dir;
mod feed_stubs;
pub mod index;
pub mod locks;
#[cfg(feature = "postgres")]
pub mod postgres;
mod sql;
pub mod sqlite;
pub mod syndication;
pub mod tokenizer;
mod watches;

use chrono::NaiveDate;
use serde::Serialize;
use storyline_model::{
    AliasRule, Annotations, Article, ArticleId, DupLink, Entity, EntityKind, EventRecord, FeedStub,
    NameLink, NameNode, StoryRecord, SyndicationGroup,
};

pub use alias_search::{expand_query, AliasExpansion, ExpandedQuery};
pub use annotations::{
    EntityArticle, EntityCount, EntityDetail, EntityInArticle, EntitySummary, EventSignals,
    QuoteBankEntry, QuoteSighting, RelativeDate,
};

pub use budget::{Budget, CancelOnDrop, Interrupter};
pub use data_dir::{DataDir, StageName, StoreLocation};
pub use index::{SearchFacets, SearchHit, SearchIndex, SearchPage, SearchQuery};
#[cfg(feature = "postgres")]
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// Errors of the store crate.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    /// An SQLite call failed.
    Sqlite(#[from] rusqlite::Error),
    #[cfg(feature = "postgres")]
    #[error("PostgreSQL error: {0}")]
    /// A PostgreSQL call failed.
    Postgres(#[from] ::postgres::Error),
    #[error("search index error: {0}")]
    /// The search index failed.
    Index(#[from] tantivy::TantivyError),
    #[error("bad search query: {0}")]
    /// The search query could not be parsed.
    Query(String),
    #[error("cannot use data directory {path}: {source}")]
    /// A file or directory of the data directory could not be used.
    Io {
        /// The path that failed.
        path: String,
        /// Why it failed.
        source: std::io::Error,
    },
    #[error("the database schema is version {found}, newer than this storyline ({supported}); upgrade storyline")]
    /// The database was written by a newer storyline.
    SchemaTooNew {
        /// The database's schema version.
        found: i64,
        /// The version this storyline reads and writes.
        supported: i64,
    },
    #[error("stored data is corrupt: {0}")]
    /// Stored data does not parse.
    Corrupt(String),
    #[error("the database schema is version {found}, older than this storyline ({supported}); open it once for writing (e.g. `storyline stats`) to migrate it")]
    /// The database needs a migration that a read-only open cannot run.
    SchemaTooOld {
        /// The database's schema version.
        found: i64,
        /// The version this storyline reads and writes.
        supported: i64,
    },
    #[error("the data directory {0} does not exist or holds no store yet")]
    /// There is no store at the location given.
    Missing(String),
    #[error("this data directory was opened read-only")]
    /// A write was asked of a read-only open.
    ReadOnly,
    #[error("another process is writing to {path}{}; try again when it is done", pid.map(|p| format!(" (pid {p})")).unwrap_or_default())]
    /// Another process holds the write lock.
    Busy {
        /// The data directory or store.
        path: String,
        /// The process that holds the lock, when known.
        pid: Option<u32>,
    },
    #[error("cannot use the store {0}")]
    /// The store location could not be parsed or used.
    BadLocation(String),
    #[error("id prefix `{0}` matches more than one article; give more characters")]
    /// An id prefix matches several articles.
    AmbiguousId(String),
    /// The work's [`Budget`] ran out: it was cancelled or its deadline passed.
    #[error("stopped before the end: {0}")]
    OverBudget(&'static str),
}

/// A stored article that has no annotations yet: id, clean text,
/// publication date.
pub type Unannotated = (ArticleId, String, Option<NaiveDate>);

/// The site of one article and the keys of its distinct short lines
/// (`storyline_pipeline::sitelines::line_key`), for the per-site line counts
/// of [`ArticleStore::put_articles_counting`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteLines {
    /// The site whose line counts these are (its source, lower-cased).
    pub site: String,
    /// Keys of its distinct short lines.
    pub keys: Vec<u64>,
}

/// Per (site, line key) and per site: the documents to add.
pub(crate) type SiteLineIncrements = (Vec<(String, u64, i64)>, Vec<(String, i64)>);

/// The per-site line counts a batch adds: `(site, key) -> documents`, and
/// `site -> documents`, over the articles stored now (`lines[i]` for
/// `articles[i]` when `stored[i]`). Both backends add these in one
/// statement per table.
pub(crate) fn site_line_increments(
    lines: &[Option<SiteLines>],
    stored: impl Fn(usize) -> bool,
) -> SiteLineIncrements {
    use std::collections::BTreeMap;
    let mut per_line: BTreeMap<(&str, u64), i64> = BTreeMap::new();
    let mut per_site: BTreeMap<&str, i64> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(l) = l else { continue };
        if !stored(i) {
            continue;
        }
        *per_site.entry(l.site.as_str()).or_default() += 1;
        let mut keys = l.keys.clone();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *per_line.entry((l.site.as_str(), k)).or_default() += 1;
        }
    }
    (
        per_line
            .into_iter()
            .map(|((s, k), n)| (s.to_string(), k, n))
            .collect(),
        per_site
            .into_iter()
            .map(|(s, n)| (s.to_string(), n))
            .collect(),
    )
}

/// What storing one article did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PutOutcome {
    /// Stored now, at this sequence number.
    New(i64),
    /// An article with the same id was already stored.
    Unchanged,
}

/// An article as stored: the article plus its insertion sequence number.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredArticle {
    /// Insertion sequence number: higher for every article stored later.
    pub seq: i64,
    /// The article.
    #[serde(flatten)]
    pub article: Article,
}

/// Filters and paging for listing articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleQuery {
    /// Only this source (case-insensitive).
    pub source: Option<String>,
    /// Only articles published on or after this day.
    pub from: Option<NaiveDate>,
    /// Only articles published on or before this day.
    pub to: Option<NaiveDate>,
    /// Only articles detected in this language (ISO 639-1 code).
    pub lang: Option<String>,
    /// At most this many articles.
    pub limit: Option<usize>,
    /// Skip this many first.
    pub offset: usize,
}

/// How a listing of events is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EventOrder {
    /// By id (the order events were made in).
    #[default]
    Id,
    /// By date (undated last), then id.
    Date,
    /// Most independent sources first, then by date (undated last), then id.
    Sources,
}

/// Filters, order and paging for listing events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventQuery {
    /// Only events dated (or bounded) on or after this day; undated events
    /// drop out when a range is given.
    pub from: Option<NaiveDate>,
    /// Only events dated (or bounded) on or before this day.
    pub to: Option<NaiveDate>,
    /// Only events with an article that mentions this entity (an entity id).
    pub entity: Option<String>,
    /// Only events with an article from this source (case-insensitive).
    pub source: Option<String>,
    /// Only events with an article in this language (ISO 639-1 code).
    pub lang: Option<String>,
    /// Only events with at least this many independent sources.
    pub min_sources: Option<usize>,
    /// The order of the listing.
    pub order: EventOrder,
    /// At most this many events.
    pub limit: usize,
    /// Skip this many first.
    pub offset: usize,
}

/// Counts over the whole store.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Articles stored.
    pub articles: u64,
    /// Articles with a publication date.
    pub dated: u64,
    /// Articles without one.
    pub undated: u64,
    /// The earliest publication date.
    pub earliest: Option<NaiveDate>,
    /// The latest publication date.
    pub latest: Option<NaiveDate>,
    /// Words of clean text in all.
    pub words: u64,
    /// Blocks removed from the text as boilerplate.
    pub removed_blocks: u64,
    /// Removed blocks per reason, most first.
    pub removed_reasons: Vec<(String, u64)>,
    /// Articles per source, most first.
    pub sources: Vec<(String, u64)>,
    /// Articles per language, most first.
    pub languages: Vec<(String, u64)>,
}

/// One article's entry in the persistent LSH index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FingerprintEntry {
    /// The article.
    pub id: ArticleId,
    /// Hash of the normalised text (equal for exact duplicates).
    pub text_hash: u64,
    /// Number of distinct shingles.
    pub shingles: usize,
    /// The LSH band keys of the article's MinHash signature.
    pub band_keys: Vec<u64>,
}

/// Alias resolution over a store, for [`AnnotationStore::add_alias_rule_resolving`]:
/// the entities of every name the store holds, with its rules.
pub type ResolveEntities<'a> = dyn FnMut(&dyn Store) -> Result<Vec<Entity>, StoreError> + 'a;

/// The system of record: the four store traits together. Every backend
/// (SQLite, PostgreSQL) implements them and passes the same [`contract`]
/// suite. `Send`, so a `Box<dyn Store>` moves between threads (one
/// connection serves one thread at a time). Implemented for every `Send`
/// type that implements the four.
pub trait Store:
    ArticleStore + AnnotationStore + SyndicationStore + EventStore + WatchStore + FeedStubStore + Send
{
}

impl<T> Store for T where
    T: ArticleStore
        + AnnotationStore
        + SyndicationStore
        + EventStore
        + WatchStore
        + FeedStubStore
        + Send
        + ?Sized
{
}

/// Articles as stored: batch writes, reads by id, sequence and filter,
/// per-site line counts, and the state of the connection itself.
pub trait ArticleStore {
    /// The schema version in use (the number of migrations applied).
    fn schema_version(&self) -> Result<i64, StoreError>;

    /// A read-only connection that reads a snapshot of the store and has
    /// missed writes made since it opened (see
    /// [`SqliteStore::open_read_only`]): a long-lived reader replaces it.
    fn misses_writes(&self) -> bool {
        false
    }

    /// Something another thread can call to stop the statement running on
    /// this connection (see [`Budget::interrupt_while`]); `None` when the
    /// backend cannot.
    fn interrupter(&self) -> Option<Interrupter> {
        None
    }

    /// Stores a batch atomically: either every new article of the batch is
    /// stored or none is. Articles whose id is already stored are unchanged.
    fn put_articles(&mut self, articles: &[Article]) -> Result<Vec<PutOutcome>, StoreError> {
        self.put_articles_counting(articles, &[])
    }

    /// As [`ArticleStore::put_articles`], and in the same transaction adds the lines
    /// of every article stored now to the per-site line counts (corpus-aware
    /// chrome): `lines[i]` are those of `articles[i]` (`None`, or no entry:
    /// nothing to count). An article already stored, or named a second time
    /// in the batch, is not counted again, so each document counts once.
    fn put_articles_counting(
        &mut self,
        articles: &[Article],
        lines: &[Option<SiteLines>],
    ) -> Result<Vec<PutOutcome>, StoreError>;

    /// For each of `keys`, in order: in how many stored documents of `site`
    /// the line appears (0 when never counted).
    fn site_line_counts(&self, site: &str, keys: &[u64]) -> Result<Vec<u32>, StoreError>;

    /// How many stored documents of `site` had their lines counted.
    fn site_documents(&self, site: &str) -> Result<u64, StoreError>;

    /// The article with this id, or with this unique id prefix.
    fn get_article(&self, id_or_prefix: &str) -> Result<Option<StoredArticle>, StoreError>;

    /// Articles matching the query, in ingest order.
    fn list_articles(&self, query: &ArticleQuery) -> Result<Vec<StoredArticle>, StoreError>;

    /// Articles stored after sequence number `after`, in order, at most `limit`.
    fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<StoredArticle>, StoreError>;

    /// The highest sequence number stored (0 when empty).
    fn max_seq(&self) -> Result<i64, StoreError>;

    /// Counts over the whole store.
    fn stats(&self) -> Result<Stats, StoreError>;

    /// True when an article with exactly this id is stored.
    fn contains(&self, id: &ArticleId) -> Result<bool, StoreError>;
}

/// Annotations: mentions, quotes and date expressions, the entities alias
/// resolution makes of them, the user's alias rules, and the entity and
/// quote read models.
pub trait AnnotationStore {
    /// Stores the annotations of stored articles, replacing any an article
    /// had (so annotating again is idempotent). Unknown ids are skipped.
    fn put_annotations(&mut self, batch: &[(ArticleId, Annotations)]) -> Result<(), StoreError>;

    /// Stored articles never annotated (id, clean text, publication date),
    /// in ingest order, at most `limit`.
    fn unannotated(&self, limit: usize) -> Result<Vec<crate::Unannotated>, StoreError>;

    /// The distinct names of every mention, with counts and type votes, and
    /// the name pairs articles stated to be one entity: the input of alias
    /// resolution.
    fn name_graph(&self) -> Result<(Vec<NameNode>, Vec<NameLink>), StoreError>;

    /// Replaces every entity with the result of alias resolution.
    fn replace_entities(&mut self, entities: &[Entity]) -> Result<(), StoreError>;

    /// [`AnnotationStore::replace_entities`], recording in the same
    /// transaction that the entities cover every article up to sequence
    /// number `through` (see [`AnnotationStore::entities_through`]).
    fn replace_entities_through(
        &mut self,
        entities: &[Entity],
        through: i64,
    ) -> Result<(), StoreError>;

    /// [`AnnotationStore::replace_entities_through`] for a store whose
    /// entities are `previous` (as [`AnnotationStore::entities_with_keys`]
    /// read them) and whose mentions changed only in articles stored after
    /// sequence number `since`: writes only the entities that differ, and
    /// derives the name, article and event rows again only for those and
    /// for the entities the new mentions name. Same tables as a
    /// replacement; cost follows the change, not the store.
    fn revise_entities_through(
        &mut self,
        previous: &[Entity],
        entities: &[Entity],
        since: i64,
        through: i64,
    ) -> Result<(), StoreError>;

    /// The sequence number up to which the stored entities cover the
    /// articles (0 when no resolution recorded one).
    fn entities_through(&self) -> Result<i64, StoreError>;

    /// The names (node keys) mentioned in articles stored after sequence
    /// number `seq`, in key order, each with its node as the articles up to
    /// `seq` made it (`None` for a name they never mentioned): what an
    /// incremental alias resolution starts from. Reads those articles'
    /// mentions and those names' earlier mentions, through indexes.
    fn names_changed_since(&self, seq: i64) -> Result<Vec<(String, Option<NameNode>)>, StoreError>;

    /// The keys [`AnnotationStore::names_changed_since`] gives, without
    /// the earlier nodes: only the articles stored after `seq` are read.
    fn names_mentioned_since(&self, seq: i64) -> Result<Vec<String>, StoreError>;

    /// Every entity with all its name keys (sorted), by id.
    fn entities_with_keys(&self) -> Result<Vec<Entity>, StoreError>;

    /// Records a user's merge or split decision (replacing the opposite
    /// decision on the same pair).
    fn add_alias_rule(&mut self, rule: &AliasRule) -> Result<(), StoreError>;

    /// Records a merge or split decision and replaces every entity with
    /// what `resolve` computes from this store with the rule in place, in
    /// one transaction: a process killed on the way leaves neither the rule
    /// nor its entities.
    fn add_alias_rule_resolving(
        &mut self,
        rule: &AliasRule,
        resolve: &mut crate::ResolveEntities<'_>,
    ) -> Result<(), StoreError>;

    /// Every merge and split decision recorded.
    fn alias_rules(&self) -> Result<Vec<AliasRule>, StoreError>;

    /// Entities, most mentioned first, optionally of one type.
    fn list_entities(&self, kind: Option<EntityKind>) -> Result<Vec<EntitySummary>, StoreError>;

    /// One entity by id, by one of its name keys, or by the key of a name
    /// its mentions were written as (a surname counted for a full name).
    fn entity(&self, id_or_key: &str) -> Result<Option<EntityDetail>, StoreError> {
        self.entity_head(id_or_key, usize::MAX)
    }

    /// [`AnnotationStore::entity`] listing at most `articles` of its articles (the
    /// first in date order, undated last); the summary still counts all.
    /// Reads counts kept with the entities and one page of an index, so it
    /// costs the same for an entity in three articles or in 70,000.
    fn entity_head(
        &self,
        id_or_key: &str,
        articles: usize,
    ) -> Result<Option<EntityDetail>, StoreError>;

    /// Ids of at most `limit` entities named by a name whose key (the
    /// pipeline's `name_key`) is `key`: an entity whose mentions were
    /// written with that key or that holds it as a name key. Indexed, so
    /// search can ask once per word of a query.
    fn entities_named(&self, key: &str, limit: usize) -> Result<Vec<String>, StoreError>;

    /// Every entity's names as its mentions write them, as (entity id,
    /// name) pairs: what a lookup by a name in another spelling compares
    /// against, without the counts [`AnnotationStore::list_entities`] makes.
    fn entity_aliases(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(self
            .list_entities(None)?
            .into_iter()
            .flat_map(|e| {
                let id = e.id;
                e.aliases.into_iter().map(move |(a, _)| (id.clone(), a))
            })
            .collect())
    }

    /// Quotes deduplicated across articles, optionally by one speaker entity.
    fn quote_bank(&self, speaker_entity: Option<&str>) -> Result<Vec<QuoteBankEntry>, StoreError> {
        self.quote_bank_after(speaker_entity, None)
    }

    /// The entries of [`AnnotationStore::quote_bank`] that some article
    /// stored after `after_seq` quotes (all when `None`), each with all its
    /// sightings, old and new: what a watch on a speaker reads, at a cost
    /// that follows the new articles rather than the speaker's history.
    fn quote_bank_after(
        &self,
        speaker_entity: Option<&str>,
        after_seq: Option<i64>,
    ) -> Result<Vec<QuoteBankEntry>, StoreError>;

    /// The entities these articles mention, with the number of the articles
    /// mentioning each (most first, then by name).
    fn entities_in(&self, articles: &[ArticleId]) -> Result<Vec<EntityCount>, StoreError>;

    /// How each of `articles` names the entity `entity_id`: its mention
    /// spans, the article's count of name mentions and its quotes with
    /// whether the entity spoke them (articles not stored are skipped).
    fn entity_in_articles(
        &self,
        entity_id: &str,
        articles: &[ArticleId],
    ) -> Result<Vec<crate::EntityInArticle>, StoreError>;

    /// The entities mentioned in the same articles as `entity_id`, with the
    /// number of articles they share (most first, then by name), at most
    /// `limit`; counted over the entity's latest
    /// [`annotations::CO_OCCURRING_ARTICLES`] articles.
    fn co_occurring(&self, entity_id: &str, limit: usize) -> Result<Vec<EntityCount>, StoreError>;
    /// The titles and roles written before the entity's names ("Turkish
    /// Foreign Minister"), each with the number of mentions that carry it
    /// (most first, then alphabetically), at most `limit`.
    fn entity_roles(&self, entity_id: &str, limit: usize)
        -> Result<Vec<(String, u64)>, StoreError>;
}

/// Syndication: the persistent LSH index, verified near-duplicate links,
/// and the groups of copies they form.
pub trait SyndicationStore {
    /// Adds articles to the LSH index (replacing any entry they had), in one
    /// transaction.
    fn put_fingerprints(&mut self, entries: &[FingerprintEntry]) -> Result<(), StoreError>;

    /// Ids of indexed articles sharing at least one band key with `band_keys`,
    /// sorted and distinct.
    fn lsh_candidates(&self, band_keys: &[u64]) -> Result<Vec<ArticleId>, StoreError>;

    /// Stored articles not yet in the LSH index, in sequence order, at most `limit`.
    fn unfingerprinted(&self, limit: usize) -> Result<Vec<StoredArticle>, StoreError>;

    /// Stores verified links (`a < b`; an existing link between the same two
    /// articles is replaced), in one transaction.
    fn put_links(&mut self, links: &[DupLink]) -> Result<(), StoreError>;

    /// Every link touching the article, sorted by `(a, b)`.
    fn links_of(&self, id: &ArticleId) -> Result<Vec<DupLink>, StoreError>;

    /// Stores a group, first dropping the groups keyed `replaces` and any
    /// membership its members had, in one transaction.
    fn put_group(
        &mut self,
        group: &SyndicationGroup,
        replaces: &[ArticleId],
    ) -> Result<(), StoreError>;

    /// The group the article belongs to, if it has copies.
    fn group_of(&self, id: &ArticleId) -> Result<Option<SyndicationGroup>, StoreError>;

    /// Groups, largest first (then by key), at most `limit`.
    fn list_groups(&self, limit: Option<usize>) -> Result<Vec<SyndicationGroup>, StoreError>;

    /// The number of independent sources among articles (by sequence
    /// number): one per syndication group, and one per article without
    /// copies. Unknown sequence numbers count for nothing.
    fn independent_sources(&self, article_seqs: &[i64]) -> Result<u64, StoreError>;
}

/// Events and stories: what event clustering saves, its engine state, and
/// the reads of events by id, page, story, article and entity.
pub trait EventStore {
    /// Saves what event clustering changed, atomically: new or changed events
    /// (replacing earlier versions with the same id), the complete list of
    /// current stories (replacing all stored stories), the engine's state, and
    /// the sequence number it has clustered through.
    fn put_events(&mut self, update: &EventUpdate) -> Result<(), StoreError>;

    /// The engine state and the sequence number it covers, if any was saved.
    fn event_state(&self) -> Result<Option<(i64, String)>, StoreError>;

    /// The sequence number the saved engine state covers, without the state.
    fn event_seq(&self) -> Result<Option<i64>, StoreError>;

    /// Every event, in date order (undated last), then by id.
    fn list_events(&self) -> Result<Vec<EventRecord>, StoreError>;

    /// Every story, by id.
    fn list_stories(&self) -> Result<Vec<StoryRecord>, StoreError>;

    /// The event an article belongs to.
    fn event_of(&self, article: &ArticleId) -> Result<Option<u64>, StoreError>;

    /// Forgets all events, stories and engine state (before a rebuild).
    fn clear_events(&mut self) -> Result<(), StoreError>;

    /// One event by id, without reading the others.
    fn get_event(&self, id: u64) -> Result<Option<EventRecord>, StoreError>;

    /// A page of events in id order: `offset` skipped, at most `limit`.
    fn events_page(&self, offset: usize, limit: usize) -> Result<Vec<EventRecord>, StoreError>;

    /// The number of events.
    fn count_events(&self) -> Result<u64, StoreError>;

    /// A page of the events that pass every filter of the query, in its
    /// order, and how many pass in all.
    fn query_events(&self, query: &EventQuery) -> Result<(Vec<EventRecord>, u64), StoreError>;

    /// The events of one story, in date order (undated last), then by id.
    fn events_in_story(&self, story: u64) -> Result<Vec<EventRecord>, StoreError>;

    /// The distinct events any of these articles belongs to, in date order
    /// (undated last), then by id.
    fn events_of_articles(&self, articles: &[ArticleId]) -> Result<Vec<EventRecord>, StoreError>;

    /// A page of the events with a member article that mentions the entity,
    /// in timeline order (date, undated last, then id), and how many such
    /// events there are in all. Read through an index kept when events are
    /// saved and entities replaced, not through the entity's articles.
    fn entity_events(
        &self,
        entity_id: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<EventRecord>, u64), StoreError>;

    /// What the annotate and syndication stages know about one article, as
    /// event clustering reads it: its syndication group, the entities it
    /// mentions (sorted), its whole quotes' keys (sorted) and its relative
    /// date expressions (in text order). Empty for an article not stored.
    fn event_signals(&self, seq: i64) -> Result<EventSignals, StoreError> {
        Ok(self
            .event_signals_between(seq - 1, seq)?
            .pop()
            .map(|(_, signals)| signals)
            .unwrap_or_default())
    }

    /// [`EventStore::event_signals`] of every stored article whose sequence
    /// number is in `(after, through]`, in sequence order, read in one pass.
    fn event_signals_between(
        &self,
        after: i64,
        through: i64,
    ) -> Result<Vec<(i64, EventSignals)>, StoreError>;

    /// The sequence numbers up to `through` of the articles whose signals
    /// ([`EventStore::event_signals`]) may have been written since the last
    /// [`EventStore::put_events`] that covered them, in order; `None` when
    /// the backend does not keep track (every article must be checked).
    fn signals_written(&self, through: i64) -> Result<Option<Vec<i64>>, StoreError>;
}

/// One save of event clustering's results.
#[derive(Clone, Debug, Default)]
pub struct EventUpdate {
    /// New or changed events.
    pub events: Vec<EventRecord>,
    /// Every current story.
    pub stories: Vec<StoryRecord>,
    /// The engine's state, serialised.
    pub state: String,
    /// The sequence number clustering has covered.
    pub through_seq: i64,
}

/// A saved question: the articles it asks for are those matching every
/// condition it sets. `mark` is the last article sequence matched against it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub struct Watch {
    /// Unique name, also the watch's address (`/watch/NAME.atom`).
    pub name: String,
    /// Words (or `"quoted phrases"`) every matching article contains.
    pub query: Option<String>,
    /// An entity (id or name key) the article mentions.
    pub entity: Option<String>,
    /// A story the article's event belongs to.
    pub story: Option<u64>,
    /// A speaker (entity id or name key) quoted in the article.
    pub speaker: Option<String>,
    /// The least number of independent sources of the article's event.
    pub min_sources: Option<u32>,
    /// The last article sequence this watch has been matched against.
    #[serde(default)]
    pub mark: i64,
    /// A URL each new alert is POSTed to, as JSON.
    #[serde(default)]
    pub webhook: Option<String>,
    /// The environment variable holding the secret the webhook's body is
    /// signed with (HMAC-SHA256); the secret itself is never stored.
    #[serde(default)]
    pub secret_env: Option<String>,
}

/// One item a watch matched, recorded once per watch and item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Alert {
    /// The watch that raised it.
    pub watch: String,
    /// The matched item: an article id, `event:N`, or `quote:START:ARTICLE`
    /// (a quote at byte START of the article that first reported it).
    pub item: String,
    /// `article`, `event` or `quote`.
    pub kind: String,
    /// The item's title, for feeds and pages.
    pub title: String,
    /// Why it matched, in words.
    pub reason: String,
    /// When it was raised (RFC 3339, UTC).
    pub raised_at: String,
    /// The article sequence it was found at.
    pub seq: i64,
    /// Its delivery to the watch's webhook (none when the watch had no
    /// webhook when the alert was raised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
}

impl Alert {
    /// The path of the item's page in the web UI: the event's page, else
    /// the article's (a quote's is the article that first reported it).
    pub fn page_path(&self) -> String {
        if let Some(id) = self.item.strip_prefix("event:") {
            return format!("/events/{id}");
        }
        let article = self
            .item
            .strip_prefix("quote:")
            .and_then(|rest| rest.split_once(':'))
            .map_or(self.item.as_str(), |(_, article)| article);
        format!("/articles/{article}")
    }
}

/// Where an alert's delivery to its watch's webhook stands.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DeliveryOut))]
pub struct Delivery {
    /// `pending` (never tried), `failed` (tried; retried at `next_try`) or
    /// `delivered` (never sent again).
    pub state: String,
    /// Tries made.
    pub attempts: u32,
    /// When a failed delivery is tried again (RFC 3339, UTC); none once
    /// given up.
    pub next_try: Option<String>,
    /// Why the last try failed.
    pub last_error: Option<String>,
    /// When the receiver acknowledged it (RFC 3339, UTC).
    pub delivered_at: Option<String>,
}

impl Delivery {
    /// A delivery not yet tried.
    pub fn pending() -> Self {
        Delivery {
            state: DELIVERY_PENDING.into(),
            ..Delivery::default()
        }
    }

    /// The state in words ("failed (2 tries, timeout){separator}next try
    /// ..."), `separator` setting off what happens next.
    pub fn describe(&self, separator: &str) -> String {
        let tries = match self.attempts {
            1 => "1 try".to_string(),
            n => format!("{n} tries"),
        };
        match self.state.as_str() {
            DELIVERY_DELIVERED => format!(
                "delivered {} ({tries})",
                self.delivered_at.as_deref().unwrap_or("")
            ),
            DELIVERY_FAILED => {
                let error = self.last_error.as_deref().unwrap_or("unknown error");
                match &self.next_try {
                    Some(next) => format!("failed ({tries}, {error}){separator}next try {next}"),
                    None => format!("failed ({tries}, {error}){separator}given up"),
                }
            }
            other => other.to_string(),
        }
    }
}

/// [`Delivery::state`] of an alert not yet sent.
pub const DELIVERY_PENDING: &str = "pending";
/// [`Delivery::state`] of an alert whose last try failed.
pub const DELIVERY_FAILED: &str = "failed";
/// [`Delivery::state`] of an alert the receiver acknowledged.
pub const DELIVERY_DELIVERED: &str = "delivered";

/// What [`FeedStubStore::keep_feed_stub`] did with a stub.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StubKept {
    /// Kept pending (new, or changed since it was kept).
    Pending,
    /// Its page is stored already: the stub is recorded filled at once.
    PageStored,
    /// Nothing to do: the same stub is pending, or its page came before.
    Known,
}

/// Feed items that only link to their page, kept until the page is
/// ingested (`feed_stubs`), under [`FeedStub::url_key`].
pub trait FeedStubStore {
    /// Keeps `stub` until its page is ingested. A stub whose page an
    /// article already stored (by its URL, with or without a trailing
    /// slash) is recorded filled, never pending.
    fn keep_feed_stub(&mut self, stub: &FeedStub) -> Result<StubKept, StoreError>;

    /// How many stubs wait for their page.
    fn pending_feed_stub_count(&self) -> Result<u64, StoreError>;

    /// The pending stub of the page at `url_key`, if one waits for it.
    fn pending_feed_stub(&self, url_key: &str) -> Result<Option<FeedStub>, StoreError>;

    /// Records the stubs at `url_keys` filled: their pages are stored.
    fn fill_feed_stubs(&mut self, url_keys: &[String]) -> Result<(), StoreError>;
}

/// Watches and their alerts.
pub trait WatchStore {
    /// Saves a watch, replacing one of the same name (its alerts are kept).
    fn put_watch(&mut self, watch: &Watch) -> Result<(), StoreError>;

    /// Every watch, by name.
    fn watches(&self) -> Result<Vec<Watch>, StoreError>;

    /// The watch of this name.
    fn watch(&self, name: &str) -> Result<Option<Watch>, StoreError>;

    /// Removes a watch and its alerts; false when there was none.
    fn remove_watch(&mut self, name: &str) -> Result<bool, StoreError>;

    /// Records alerts of one watch and moves its mark to `mark`, in one
    /// transaction. An alert already recorded (same watch and item) is
    /// ignored. When the watch has a webhook, each new alert's delivery is
    /// recorded `pending` in the same transaction. Returns the alerts newly
    /// recorded.
    fn record_alerts(
        &mut self,
        watch: &str,
        alerts: &[Alert],
        mark: i64,
    ) -> Result<Vec<Alert>, StoreError>;

    /// A watch's alerts raised at or after `since` (RFC 3339), newest first.
    fn alerts(&self, watch: &str, since: Option<&str>) -> Result<Vec<Alert>, StoreError>;

    /// Alerts of every watch whose delivery is due at `now` (RFC 3339):
    /// pending ones, and failed ones whose next try is at or before `now`;
    /// oldest first, at most `limit`.
    fn due_deliveries(&self, now: &str, limit: usize) -> Result<Vec<Alert>, StoreError>;

    /// Saves the outcome of a delivery try. A delivered alert's state never
    /// changes again: returns false (and saves nothing) for one.
    fn set_delivery(
        &mut self,
        watch: &str,
        item: &str,
        delivery: &Delivery,
    ) -> Result<bool, StoreError>;
}
