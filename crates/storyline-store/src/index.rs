//! The full-text search index: tantivy, BM25 over title and text (words cut
//! by [`crate::tokenizer`]), with source, language and publication-date
//! filters. Derived from the store: every commit records,
//! as its payload, the highest article sequence number it holds, so a data
//! directory can tell what the index is missing and catch up.

use crate::tokenizer::{words_analyzer, WORDS_TOKENIZER};
use crate::{StoreError, StoredArticle};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::Path;
use tantivy::collector::{Collector, Count, DocSetCollector, SegmentCollector, TopDocs};
use tantivy::indexer::LogMergePolicy;
use tantivy::query::{
    BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value, FAST,
    INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    doc, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentOrdinal,
    SegmentReader, TantivyError, Term,
};

/// Memory budget of the index writer.
const WRITER_HEAP_BYTES: usize = 64 * 1024 * 1024;

/// Segments of fewer documents than this are merged as if they had this
/// many (tantivy's default is 10,000, which put an ingest's one-article
/// segment in the same level as whole batches of 512: the eighth segment
/// merged the entire index again).
const MIN_MERGE_LEVEL_DOCS: u32 = 64;

/// How segments are merged: tantivy's log merge, eight segments of one size
/// level at a time, with levels that start at [`MIN_MERGE_LEVEL_DOCS`], so a
/// small ingest's new segment waits for seven more of its size instead of
/// rewriting the big ones. The number of segments a search visits stays
/// logarithmic in the index size (at most seven per level).
fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_min_layer_size(MIN_MERGE_LEVEL_DOCS);
    policy
}

/// Longest query text accepted, in characters. Real searches are a few words
/// or a short boolean expression; the bound keeps parsing cheap and keeps any
/// recursion in the parser shallow.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// Deepest nesting of `(`, `[` and `{` accepted in a query. Tantivy's query
/// parser recurses once per level, and a few thousand levels overflow a
/// thread's stack, which aborts the process.
pub const MAX_QUERY_DEPTH: usize = 32;

/// Checks a query's length and bracket nesting before it reaches the parser,
/// so that no query text can exhaust the stack. Brackets inside a quoted
/// phrase or after a backslash are words, not nesting.
pub fn check_query(text: &str) -> Result<(), StoreError> {
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(StoreError::Query(format!(
            "the query is {chars} characters long; the limit is {MAX_QUERY_CHARS}"
        )));
    }
    let (mut depth, mut in_phrase, mut escaped) = (0usize, false, false);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => in_phrase = !in_phrase,
            '(' | '[' | '{' if !in_phrase => {
                depth += 1;
                if depth > MAX_QUERY_DEPTH {
                    return Err(StoreError::Query(format!(
                        "the query nests brackets more than {MAX_QUERY_DEPTH} deep"
                    )));
                }
            }
            ')' | ']' | '}' if !in_phrase => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

struct Fields {
    id: Field,
    seq: Field,
    title: Field,
    text: Field,
    source: Field,
    source_label: Field,
    headline: Field,
    published: Field,
    lang: Field,
}

/// A search request.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    /// Query text in tantivy's syntax; all words are required by default and
    /// `"quoted phrases"` match as phrases.
    pub text: String,
    /// Only this source.
    pub source: Option<String>,
    /// Only articles in this language (ISO 639-1 code, as stored).
    pub lang: Option<String>,
    /// Only articles published on or after this day.
    pub from: Option<NaiveDate>,
    /// Only articles published on or before this day.
    pub to: Option<NaiveDate>,
    /// At most this many hits.
    pub limit: usize,
    /// Only these articles (by id): the articles of an entity or an event.
    /// An empty list matches nothing.
    pub ids: Option<Vec<String>>,
    /// Also return the ids of this many best matches (whatever the page),
    /// for facets counted from the store (entities, events).
    pub sample: usize,
}

impl SearchQuery {
    /// A query of `text` alone: no filter, no limit.
    pub fn of_text(text: impl Into<String>) -> Self {
        SearchQuery {
            text: text.into(),
            ..SearchQuery::default()
        }
    }
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    /// The article's id.
    pub id: String,
    /// Relevance score (higher is better).
    pub score: f32,
    /// The article's title.
    pub title: Option<String>,
    /// The title, or the text's first sentence when there is no title.
    pub headline: String,
    /// The article's source.
    pub source: Option<String>,
    /// Its publication date.
    pub published: Option<NaiveDate>,
    /// The detected language (ISO 639-1 code where one exists).
    pub language: Option<String>,
    /// A fragment of the text around the matched words.
    pub snippet: String,
    /// Byte ranges of the matched words inside `snippet`.
    pub highlights: Vec<(usize, usize)>,
}

/// The tantivy index of one data directory.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        seq: b.add_i64_field("seq", INDEXED | STORED | FAST),
        title: b.add_text_field("title", words.clone()),
        text: b.add_text_field("text", words),
        source: b.add_text_field("source", STRING),
        // FAST so search can count results per source (facets) in one pass.
        source_label: b.add_text_field("source_label", STORED | FAST),
        headline: b.add_text_field("headline", STORED),
        published: b.add_i64_field("published", INDEXED | STORED | FAST),
        // FAST for the language facet.
        lang: b.add_text_field("lang", STRING | STORED | FAST),
    };
    (b.build(), fields)
}

/// Days since 1970-01-01, the index's representation of a date.
fn day_number(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
}

fn from_day_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::days(n))
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it if absent.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let (schema, fields) = schema();
        let open = || -> Result<Index, StoreError> {
            let directory = tantivy::directory::MmapDirectory::open(dir)
                .map_err(|e| StoreError::Corrupt(format!("index directory: {e}")))?;
            Ok(Index::open_or_create(directory, schema.clone())?)
        };
        let index = match open() {
            // The index is derived data: one written with an older schema is
            // dropped and rebuilt from the store (its payload goes with it,
            // so the data directory's catch-up re-indexes every article).
            Err(StoreError::Index(TantivyError::SchemaError(_))) => {
                std::fs::remove_dir_all(dir)
                    .and_then(|_| std::fs::create_dir_all(dir))
                    .map_err(|source| StoreError::Io {
                        path: dir.display().to_string(),
                        source,
                    })?;
                open()?
            }
            other => other?,
        };
        Self::with_reader(index, fields, ReloadPolicy::Manual)
    }

    /// The index with its tokenizer registered and a reader reloading as
    /// `reload` says.
    fn with_reader(index: Index, fields: Fields, reload: ReloadPolicy) -> Result<Self, StoreError> {
        index
            .tokenizers()
            .register(WORDS_TOKENIZER, words_analyzer());
        let reader = index.reader_builder().reload_policy(reload).try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
        })
    }

    /// Opens an existing index for reading only: never creates, rebuilds,
    /// locks or writes anything, so it can sit beside a process that ingests.
    /// The reader follows the writer's commits (tantivy watches `meta.json`);
    /// [`SearchIndex::refresh`] reloads at once.
    pub fn open_read_only(dir: &Path) -> Result<Self, StoreError> {
        let (schema, fields) = schema();
        let directory = crate::locks::ReaderDirectory::open(dir)?;
        let index = Index::open(directory)?;
        if index.schema() != schema {
            return Err(StoreError::Corrupt(format!(
                "the search index in {} was built by another version; run `storyline reindex`",
                dir.display()
            )));
        }
        Self::with_reader(index, fields, ReloadPolicy::OnCommitWithDelay)
    }

    /// Reloads the reader so it sees every commit made so far.
    pub fn refresh(&self) -> Result<(), StoreError> {
        Ok(self.reader.reload()?)
    }

    /// The highest article sequence number committed to the index (0 if none).
    pub fn indexed_seq(&self) -> Result<i64, StoreError> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0))
    }

    fn writer(&self) -> Result<IndexWriter, StoreError> {
        let writer = self.index.writer_with_num_threads(1, WRITER_HEAP_BYTES)?;
        writer.set_merge_policy(Box::new(merge_policy()));
        Ok(writer)
    }

    /// Adds articles and commits, recording `up_to_seq` as the index's high-water
    /// mark. With `clear`, everything indexed before is dropped first. Takes
    /// `&self` so a shared index can be caught up in place; two adds at once
    /// conflict on tantivy's writer lock, so callers sharing one serialise.
    pub fn add(
        &self,
        articles: &[StoredArticle],
        up_to_seq: i64,
        clear: bool,
    ) -> Result<(), StoreError> {
        let mut writer = self.writer()?;
        if clear {
            writer.delete_all_documents()?;
        }
        let f = &self.fields;
        for a in articles {
            let mut d = doc!(
                f.id => a.article.id.as_str(),
                f.seq => a.seq,
                f.text => a.article.text.as_str(),
                f.headline => a.article.headline(),
            );
            if let Some(t) = &a.article.title {
                d.add_text(f.title, t);
            }
            if let Some(s) = &a.article.source {
                d.add_text(f.source, s.to_lowercase());
                d.add_text(f.source_label, s);
            }
            if let Some(p) = a.article.published.date {
                d.add_i64(f.published, day_number(p));
            }
            if let Some(l) = &a.article.language {
                d.add_text(f.lang, l);
            }
            writer.add_document(d)?;
        }
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&up_to_seq.to_string());
        commit.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Number of documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// BM25 search over title (boosted) and text, filtered by source and date.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>, StoreError> {
        Ok(self.search_page(q, 0)?.hits)
    }

    /// One page of results (`q.limit` hits after skipping `offset`), with the
    /// total number of matches and facets counted over all of them.
    pub fn search_page(&self, q: &SearchQuery, offset: usize) -> Result<SearchPage, StoreError> {
        let (text_query, query) = self.build_query(q)?;
        let searcher = self.reader.searcher();
        let (top, (total, facets), best) = searcher
            .search(
                &query,
                &(
                    TopDocs::with_limit(q.limit.max(1))
                        .and_offset(offset)
                        .order_by_score(),
                    (Count, FacetCollector),
                    TopDocs::with_limit(q.sample.max(1)).order_by_score(),
                ),
            )
            .map_err(query_error)?;
        let hits = self.hits(&searcher, &*text_query, top)?;
        let mut sample = Vec::new();
        if q.sample > 0 {
            for (_, address) in best {
                let d: TantivyDocument = searcher.doc(address)?;
                if let Some(id) = d.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    sample.push(id.to_string());
                }
            }
        }
        Ok(SearchPage {
            total: total as u64,
            hits,
            facets,
            sample,
        })
    }

    /// Checks a query against this index's syntax and schema (and the bounds
    /// of [`check_query`]) without running it: what a saved query (a watch)
    /// is checked with before it is stored.
    pub fn check_syntax(&self, text: &str) -> Result<(), StoreError> {
        self.build_query(&SearchQuery::of_text(text)).map(|_| ())
    }

    /// The sequence numbers of the articles stored in `(after, up_to]` that a
    /// query matches, in the syntax of [`SearchIndex::search`]. The range
    /// filters the query and the numbers come from a fast field, so the
    /// cost follows the matches in the range, not the index.
    pub fn matching_seqs(
        &self,
        text: &str,
        after: i64,
        up_to: i64,
    ) -> Result<HashSet<i64>, StoreError> {
        if up_to <= after {
            return Ok(HashSet::new());
        }
        let (_, filtered) = self.build_query(&SearchQuery::of_text(text))?;
        let seq = self.fields.seq;
        let range = RangeQuery::new(
            Bound::Excluded(Term::from_field_i64(seq, after)),
            Bound::Included(Term::from_field_i64(seq, up_to)),
        );
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(filtered) as Box<dyn Query>),
            (Occur::Must, Box::new(range)),
        ]);
        let searcher = self.reader.searcher();
        let docs = searcher
            .search(&query, &DocSetCollector)
            .map_err(query_error)?;
        let mut columns = HashMap::new();
        let mut found = HashSet::with_capacity(docs.len());
        for address in docs {
            let column = match columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .i64("seq")?,
                ),
            };
            if let Some(v) = column.first(address.doc_id) {
                found.insert(v);
            }
        }
        Ok(found)
    }

    /// The text query alone and the full query with filters.
    fn build_query(&self, q: &SearchQuery) -> Result<(Box<dyn Query>, BooleanQuery), StoreError> {
        check_query(&q.text)?;
        let f = &self.fields;
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.text]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        let text_query = parser
            .parse_query(&q.text)
            .map_err(|e| StoreError::Query(e.to_string()))?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
        // Source and language are indexed lower-cased: a filter matches
        // either case.
        for (field, value) in [(f.source, &q.source), (f.lang, &q.lang)] {
            if let Some(value) = value {
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &value.to_lowercase()),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
        }
        if let Some(ids) = &q.ids {
            clauses.push((
                Occur::Must,
                Box::new(TermSetQuery::new(
                    ids.iter().map(|id| Term::from_field_text(f.id, id)),
                )),
            ));
        }
        if q.from.is_some() || q.to.is_some() {
            let bound = |d: Option<NaiveDate>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(f.published, day_number(d))),
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(q.from), bound(q.to))),
            ));
        }
        Ok((text_query, BooleanQuery::new(clauses)))
    }

    fn hits(
        &self,
        searcher: &tantivy::Searcher,
        text_query: &dyn Query,
        top: Vec<(Score, tantivy::DocAddress)>,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let f = &self.fields;
        let mut snippets =
            SnippetGenerator::create(searcher, text_query, f.text).map_err(query_error)?;
        snippets.set_max_num_chars(240);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let d: TantivyDocument = searcher.doc(address)?;
            let text_of = |field: Field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let snippet = snippets.snippet_from_doc(&d);
            hits.push(SearchHit {
                id: text_of(f.id).unwrap_or_default(),
                score,
                title: text_of(f.title),
                headline: text_of(f.headline).unwrap_or_default(),
                source: text_of(f.source_label),
                published: d
                    .get_first(f.published)
                    .and_then(|v| v.as_i64())
                    .and_then(from_day_number),
                language: text_of(f.lang),
                snippet: snippet.fragment().to_string(),
                highlights: merged_ranges(snippet.highlighted().iter().map(|r| (r.start, r.end))),
            });
        }
        Ok(hits)
    }
}

/// An error of running a query: the schema and arguments are this index's
/// own, so a schema or argument error comes from the query text (`text:*`
/// asks for a column the field does not have), not from the index.
fn query_error(e: TantivyError) -> StoreError {
    match e {
        TantivyError::SchemaError(m) | TantivyError::InvalidArgument(m) => StoreError::Query(m),
        other => StoreError::Index(other),
    }
}

/// Byte ranges sorted and with overlapping ones merged: CJK
/// bigrams overlap (`华为` and `为技` share `为`), and a highlight is shown
/// once.
fn merged_ranges(ranges: impl Iterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = ranges.collect();
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match out.last_mut() {
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// A page of search results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchPage {
    /// Matches in all, not only on this page.
    pub total: u64,
    /// The hits of this page, best first.
    pub hits: Vec<SearchHit>,
    /// Counts over all matches.
    pub facets: SearchFacets,
    /// Ids of the best matches, `SearchQuery::sample` at most, best first.
    pub sample: Vec<String>,
}

/// Counts over every match of a search (not only the page shown).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SearchFacets {
    /// Matches per source, most first (ties by name).
    pub sources: Vec<(String, u64)>,
    /// Matches per publication month (`YYYY-MM`), in time order.
    pub months: Vec<(String, u64)>,
    /// Matches without a publication date.
    pub undated: u64,
    /// Matches per language, most first (ties by code).
    pub languages: Vec<(String, u64)>,
}

/// Counts matches per source, language and publication day in the same pass as
/// the top-k collection, from the fast (columnar) fields.
struct FacetCollector;

struct SegmentFacets {
    sources: Option<tantivy::columnar::StrColumn>,
    langs: Option<tantivy::columnar::StrColumn>,
    published: tantivy::columnar::Column<i64>,
    source_ords: HashMap<u64, u64>,
    lang_ords: HashMap<u64, u64>,
    days: HashMap<i64, u64>,
    undated: u64,
}

#[derive(Default)]
struct FacetCounts {
    sources: HashMap<String, u64>,
    langs: HashMap<String, u64>,
    days: HashMap<i64, u64>,
    undated: u64,
}

impl Collector for FacetCollector {
    type Fruit = SearchFacets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        Ok(SegmentFacets {
            sources: reader.fast_fields().str("source_label")?,
            langs: reader.fast_fields().str("lang")?,
            published: reader.fast_fields().i64("published")?,
            source_ords: HashMap::new(),
            lang_ords: HashMap::new(),
            days: HashMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<FacetCounts>) -> tantivy::Result<SearchFacets> {
        let mut sources: HashMap<String, u64> = HashMap::new();
        let mut langs: HashMap<String, u64> = HashMap::new();
        let mut months: HashMap<String, u64> = HashMap::new();
        let mut undated = 0;
        for p in parts {
            for (s, n) in p.sources {
                *sources.entry(s).or_default() += n;
            }
            for (l, n) in p.langs {
                *langs.entry(l).or_default() += n;
            }
            for (day, n) in p.days {
                if let Some(d) = from_day_number(day) {
                    *months.entry(d.format("%Y-%m").to_string()).or_default() += n;
                }
            }
            undated += p.undated;
        }
        let mut sources: Vec<(String, u64)> = sources.into_iter().collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut languages: Vec<(String, u64)> = langs.into_iter().collect();
        languages.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut months: Vec<(String, u64)> = months.into_iter().collect();
        months.sort();
        Ok(SearchFacets {
            sources,
            months,
            undated,
            languages,
        })
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(col) = &self.sources {
            for ord in col.term_ords(doc) {
                *self.source_ords.entry(ord).or_default() += 1;
            }
        }
        if let Some(col) = &self.langs {
            for ord in col.term_ords(doc) {
                *self.lang_ords.entry(ord).or_default() += 1;
            }
        }
        match self.published.first(doc) {
            Some(day) => *self.days.entry(day).or_default() += 1,
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> FacetCounts {
        FacetCounts {
            sources: names_of(self.sources.as_ref(), self.source_ords),
            langs: names_of(self.langs.as_ref(), self.lang_ords),
            days: self.days,
            undated: self.undated,
        }
    }
}

/// Counts per term ordinal of a string column turned into counts per term.
fn names_of(
    col: Option<&tantivy::columnar::StrColumn>,
    ords: HashMap<u64, u64>,
) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    if let Some(col) = col {
        let mut name = String::new();
        for (ord, n) in ords {
            name.clear();
            if col.ord_to_str(ord, &mut name).unwrap_or(false) {
                *out.entry(name.clone()).or_default() += n;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(index: &SearchIndex, text: &str) -> Result<SearchPage, StoreError> {
        index.search_page(
            &SearchQuery {
                limit: 10,
                ..SearchQuery::of_text(text)
            },
            0,
        )
    }

    #[test]
    fn regression_one_new_article_merges_the_whole_index() {
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open(dir.path()).unwrap();
        let stored = |n: u32| StoredArticle {
            seq: i64::from(n) + 1,
            article: crate::contract::sample_article(n, "x", None),
        };
        // Seven ingest batches of 200 articles, then one article alone.
        for batch in 0..7 {
            let articles: Vec<StoredArticle> =
                (batch * 200..(batch + 1) * 200).map(stored).collect();
            index
                .add(&articles, articles.last().unwrap().seq, false)
                .unwrap();
        }
        let mut late = stored(5000);
        late.article.text = "A zeppelin landed.".into();
        index
            .add(std::slice::from_ref(&late), late.seq, false)
            .unwrap();
        let sizes: Vec<u32> = index
            .index
            .searchable_segment_metas()
            .unwrap()
            .iter()
            .map(|m| m.num_docs())
            .collect();
        assert_eq!(sizes.len(), 8, "the batches were merged again: {sizes:?}");
        assert_eq!(index.num_docs(), 1401);
        let hits = search(&index, "zeppelin").unwrap().hits;
        assert_eq!(hits.len(), 1);
        assert_eq!(search(&index, "paragraph").unwrap().total, 1400);
    }

    #[test]
    fn regression_nested_parens_overflow_stack() {
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open(dir.path()).unwrap();
        let too_long = format!("{}x", "(".repeat(100_000));
        assert!(
            matches!(search(&index, &too_long), Err(StoreError::Query(m)) if m.contains("limit is 1000"))
        );
        let too_deep = format!("{}x", "(".repeat(MAX_QUERY_DEPTH + 1));
        assert!(
            matches!(search(&index, &too_deep), Err(StoreError::Query(m)) if m.contains("32 deep"))
        );
        // Brackets in a phrase or escaped are words, not nesting.
        let quoted = format!("\"{}\" x", "(".repeat(100));
        assert!(check_query(&quoted).is_ok());
        assert!(check_query(&"\\(".repeat(100)).is_ok());
    }

    #[test]
    fn the_costliest_queries_within_the_bounds_parse_on_a_small_stack() {
        let dir = tempfile::tempdir().unwrap();
        let index = std::sync::Arc::new(SearchIndex::open(dir.path()).unwrap());
        let d = MAX_QUERY_DEPTH;
        let fill = |unit: &str, tail: &str| {
            let n = (MAX_QUERY_CHARS - tail.len()) / unit.len();
            format!("{}{tail}", unit.repeat(n))
        };
        let queries = [
            format!("{}x{}", "(".repeat(d), ")".repeat(d)),
            format!("{}x{}", "title:(".repeat(d), ")".repeat(d)),
            format!("{}x{}", "-(".repeat(d), ")".repeat(d)),
            fill("NOT ", "x"),
            fill("+x ", "x"),
            fill("a OR ", "x"),
        ];
        for q in queries {
            assert!(q.chars().count() <= MAX_QUERY_CHARS);
            let index = std::sync::Arc::clone(&index);
            // A quarter of the 2 MiB the server's worker threads have.
            let outcome = std::thread::Builder::new()
                .stack_size(512 * 1024)
                .spawn(move || search(&index, &q).map(|_| ()))
                .unwrap()
                .join()
                .expect("no stack overflow");
            assert!(!matches!(outcome, Err(StoreError::Index(_))), "{outcome:?}");
        }
    }
}
