//! The full-text search index: tantivy, BM25 over title and text, with source
//! and publication-date filters. Derived from the store: every commit records,
//! as its payload, the highest article sequence number it holds, so a data
//! directory can tell what the index is missing and catch up.

use crate::{StoreError, StoredArticle};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Bound;
use std::path::Path;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TantivyDocument, Value, FAST, INDEXED, STORED, STRING, TEXT,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    doc, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentOrdinal,
    SegmentReader, TantivyError, Term,
};

/// Memory budget of the index writer.
const WRITER_HEAP_BYTES: usize = 64 * 1024 * 1024;

struct Fields {
    id: Field,
    seq: Field,
    title: Field,
    text: Field,
    source: Field,
    source_label: Field,
    headline: Field,
    published: Field,
}

/// A search request.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    /// Query text in tantivy's syntax; all words are required by default and
    /// `"quoted phrases"` match as phrases.
    pub text: String,
    pub source: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: usize,
    /// Only these articles (by id): the articles of an entity or an event.
    /// An empty list matches nothing.
    pub ids: Option<Vec<String>>,
    /// Also return the ids of this many best matches (whatever the page),
    /// for facets counted from the store (entities, events).
    pub sample: usize,
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    pub id: String,
    pub score: f32,
    pub title: Option<String>,
    /// The title, or the text's first sentence when there is no title.
    pub headline: String,
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
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
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        seq: b.add_i64_field("seq", INDEXED | STORED | FAST),
        title: b.add_text_field("title", TEXT | STORED),
        text: b.add_text_field("text", TEXT | STORED),
        source: b.add_text_field("source", STRING),
        // FAST so search can count results per source (facets) in one pass.
        source_label: b.add_text_field("source_label", STORED | FAST),
        headline: b.add_text_field("headline", STORED),
        published: b.add_i64_field("published", INDEXED | STORED | FAST),
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
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
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
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
        })
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
        Ok(self.index.writer_with_num_threads(1, WRITER_HEAP_BYTES)?)
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
        let (top, (total, facets), best) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(q.limit.max(1))
                    .and_offset(offset)
                    .order_by_score(),
                (Count, FacetCollector),
                TopDocs::with_limit(q.sample.max(1)).order_by_score(),
            ),
        )?;
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

    /// The text query alone and the full query with filters.
    fn build_query(&self, q: &SearchQuery) -> Result<(Box<dyn Query>, BooleanQuery), StoreError> {
        let f = &self.fields;
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.text]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        let text_query = parser
            .parse_query(&q.text)
            .map_err(|e| StoreError::Query(e.to_string()))?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
        if let Some(s) = &q.source {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.source, &s.to_lowercase()),
                    IndexRecordOption::Basic,
                )),
            ));
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
        let mut snippets = SnippetGenerator::create(searcher, text_query, f.text)?;
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
                snippet: snippet.fragment().to_string(),
                highlights: snippet
                    .highlighted()
                    .iter()
                    .map(|r| (r.start, r.end))
                    .collect(),
            });
        }
        Ok(hits)
    }
}

/// A page of search results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchPage {
    /// Matches in all, not only on this page.
    pub total: u64,
    pub hits: Vec<SearchHit>,
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
}

/// Counts matches per source and per publication day in the same pass as
/// the top-k collection, from the fast (columnar) fields.
struct FacetCollector;

struct SegmentFacets {
    sources: Option<tantivy::columnar::StrColumn>,
    published: tantivy::columnar::Column<i64>,
    source_ords: HashMap<u64, u64>,
    days: HashMap<i64, u64>,
    undated: u64,
}

#[derive(Default)]
struct FacetCounts {
    sources: HashMap<String, u64>,
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
            published: reader.fast_fields().i64("published")?,
            source_ords: HashMap::new(),
            days: HashMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<FacetCounts>) -> tantivy::Result<SearchFacets> {
        let mut sources: HashMap<String, u64> = HashMap::new();
        let mut months: HashMap<String, u64> = HashMap::new();
        let mut undated = 0;
        for p in parts {
            for (s, n) in p.sources {
                *sources.entry(s).or_default() += n;
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
        let mut months: Vec<(String, u64)> = months.into_iter().collect();
        months.sort();
        Ok(SearchFacets {
            sources,
            months,
            undated,
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
        match self.published.first(doc) {
            Some(day) => *self.days.entry(day).or_default() += 1,
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut sources = HashMap::new();
        if let Some(col) = &self.sources {
            let mut name = String::new();
            for (ord, n) in self.source_ords {
                name.clear();
                if col.ord_to_str(ord, &mut name).unwrap_or(false) {
                    *sources.entry(name.clone()).or_default() += n;
                }
            }
        }
        FacetCounts {
            sources,
            days: self.days,
            undated: self.undated,
        }
    }
}
