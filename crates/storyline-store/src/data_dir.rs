//! One data directory: `storyline.sqlite` (the system of record) and
//! `index/` (the tantivy index derived from it).
//!
//! Consistency across crashes: a batch is committed to SQLite first, then to
//! the index with the batch's highest sequence number as the commit payload.
//! A process killed between the two leaves the index behind the store, never
//! ahead; [`DataDir::open`] sees the gap and indexes what is missing, so every
//! article ends up stored and indexed exactly once.

use crate::{
    PutOutcome, SearchHit, SearchIndex, SearchQuery, SqliteStore, Store, StoreError, StoredArticle,
};
use std::path::{Path, PathBuf};
use storyline_model::Article;

/// Articles read from the store per round when (re)building the index.
const INDEX_BATCH: usize = 2000;

/// The store and index of one data directory.
pub struct DataDir {
    path: PathBuf,
    store: SqliteStore,
    index: SearchIndex,
}

impl DataDir {
    pub const DATABASE_FILE: &'static str = "storyline.sqlite";
    pub const INDEX_DIR: &'static str = "index";

    /// Opens or creates the data directory and brings the index up to date
    /// with the store.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(path).map_err(|source| StoreError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let store = SqliteStore::open(&path.join(Self::DATABASE_FILE))?;
        let index = SearchIndex::open(&path.join(Self::INDEX_DIR))?;
        let mut dir = DataDir {
            path: path.to_path_buf(),
            store,
            index,
        };
        dir.catch_up_index()?;
        Ok(dir)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn store(&self) -> &SqliteStore {
        &self.store
    }

    /// The store, for writes that do not touch the search index
    /// (annotations, entities, alias rules).
    pub fn store_mut(&mut self) -> &mut SqliteStore {
        &mut self.store
    }

    /// Stores a batch, then indexes its new articles. Returns one outcome per
    /// article, in order.
    pub fn ingest(&mut self, articles: &[Article]) -> Result<Vec<PutOutcome>, StoreError> {
        let outcomes = self.store.put_articles(articles)?;
        let new: Vec<StoredArticle> = outcomes
            .iter()
            .zip(articles)
            .filter_map(|(o, a)| match o {
                PutOutcome::New(seq) => Some(StoredArticle {
                    seq: *seq,
                    article: a.clone(),
                }),
                PutOutcome::Unchanged => None,
            })
            .collect();
        if let Some(last) = new.last() {
            // Articles of the batch were stored in order, so the last new one
            // carries the batch's highest sequence number.
            let indexed = self.index.indexed_seq()?;
            if indexed < new[0].seq {
                self.index.add(&new, last.seq, false)?;
            } else {
                self.catch_up_index()?;
            }
        }
        Ok(outcomes)
    }

    /// Indexes every stored article the index does not hold yet.
    pub fn catch_up_index(&mut self) -> Result<u64, StoreError> {
        let mut after = self.index.indexed_seq()?;
        let mut added = 0;
        loop {
            let batch = self.store.articles_after(after, INDEX_BATCH)?;
            let Some(last) = batch.last() else { break };
            after = last.seq;
            self.index.add(&batch, after, false)?;
            added += batch.len() as u64;
        }
        Ok(added)
    }

    /// Drops the index and rebuilds it from the store. Returns the number of
    /// articles indexed.
    pub fn reindex(&mut self) -> Result<u64, StoreError> {
        self.index.add(&[], 0, true)?;
        self.catch_up_index()
    }

    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>, StoreError> {
        self.index.search(q)
    }

    /// Documents in the search index.
    pub fn indexed_docs(&self) -> u64 {
        self.index.num_docs()
    }
}
