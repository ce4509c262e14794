//! One data directory: `storyline.sqlite` (the system of record) and
//! `index/` (the tantivy index derived from it).
//!
//! Consistency across crashes: a batch is committed to SQLite first, then to
//! the index with the batch's highest sequence number as the commit payload.
//! A process killed between the two leaves the index behind the store, never
//! ahead; [`DataDir::open`] sees the gap and indexes what is missing, so every
//! article ends up stored and indexed exactly once. Syndication (the LSH
//! index, links, groups) is caught up the same way: articles without a
//! fingerprint are processed on the next ingest or open.
//!
//! The system of record is the embedded SQLite file by default, or a
//! PostgreSQL database ([`StoreLocation::Postgres`], cargo feature
//! `postgres`). The search index is always a local directory of the node:
//! with PostgreSQL the directory holds only `index/`, caught up from the
//! database (`articles_after(seq)`) on open and on every [`DataDir::refresh`],
//! so several servers on one database each keep their own index.

use crate::{
    PutOutcome, SearchHit, SearchIndex, SearchPage, SearchQuery, SqliteStore, Store, StoreError,
    StoredArticle,
};
use std::path::{Path, PathBuf};
use storyline_model::Article;
use storyline_pipeline::dedup::DedupParams;

/// Articles read from the store per round when (re)building the index.
const INDEX_BATCH: usize = 2000;

/// Where the system of record lives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum StoreLocation {
    /// The embedded SQLite file inside the data directory.
    #[default]
    Embedded,
    /// A PostgreSQL database, by URL (`postgres://user@host:port/db`).
    Postgres(String),
}

impl StoreLocation {
    /// Reads a `--store` value: nothing, `embedded` or `sqlite` for the
    /// embedded store; a `postgres://` or `postgresql://` URL for PostgreSQL.
    pub fn parse(spec: Option<&str>) -> Result<Self, StoreError> {
        let spec = spec.map(str::trim).unwrap_or("");
        if spec.is_empty()
            || spec.eq_ignore_ascii_case("embedded")
            || spec.eq_ignore_ascii_case("sqlite")
        {
            return Ok(StoreLocation::Embedded);
        }
        let lower = spec.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Ok(StoreLocation::Postgres(spec.to_string()));
        }
        Err(StoreError::BadLocation(format!(
            "`{spec}`: expected a postgres://user@host:port/db URL, or `embedded` for the SQLite store in the data directory"
        )))
    }

    /// True for a PostgreSQL store.
    pub fn is_postgres(&self) -> bool {
        matches!(self, StoreLocation::Postgres(_))
    }

    /// Opens one connection to the store (migrating a PostgreSQL database,
    /// creating the embedded file if needed).
    pub fn open_store(&self, data: &Path) -> Result<Box<dyn Store>, StoreError> {
        self.open_connection(data, false)
    }

    /// Opens one connection for reading: the embedded file read-only (no
    /// migration, no lock), or a PostgreSQL connection (whose schema must
    /// be current).
    pub fn open_store_reader(&self, data: &Path) -> Result<Box<dyn Store>, StoreError> {
        self.open_connection(data, true)
    }

    fn open_connection(&self, data: &Path, read_only: bool) -> Result<Box<dyn Store>, StoreError> {
        match self {
            StoreLocation::Embedded => {
                let file = data.join(DataDir::DATABASE_FILE);
                Ok(Box::new(if read_only {
                    SqliteStore::open_read_only(&file)?
                } else {
                    SqliteStore::open(&file)?
                }))
            }
            StoreLocation::Postgres(url) => open_postgres(url, read_only),
        }
    }

    /// The location for messages: the URL without any password.
    pub fn describe(&self, data: &Path) -> String {
        match self {
            StoreLocation::Embedded => data.join(DataDir::DATABASE_FILE).display().to_string(),
            StoreLocation::Postgres(url) => redact_password(url),
        }
    }
}

/// `postgres://user:secret@host/db` shown as `postgres://user:***@host/db`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// A PostgreSQL connection; `read_only`: a session that refuses writes,
/// over a fully migrated database.
#[cfg(feature = "postgres")]
fn open_postgres(url: &str, read_only: bool) -> Result<Box<dyn Store>, StoreError> {
    use crate::postgres::PgStore;
    Ok(Box::new(if read_only {
        PgStore::open_read_only(url, None)?
    } else {
        PgStore::open(url)?
    }))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(_url: &str, _read_only: bool) -> Result<Box<dyn Store>, StoreError> {
    Err(StoreError::BadLocation(
        "this storyline was built without PostgreSQL support (cargo feature `postgres`)".into(),
    ))
}

/// The store and index of one data directory.
pub struct DataDir {
    path: PathBuf,
    location: StoreLocation,
    store: Box<dyn Store>,
    index: SearchIndex,
    /// The store is not written (the index may be: see [`DataDir::open_read_only_at`]).
    read_only: bool,
    /// The index may be written (false for an embedded read-only view, whose
    /// index belongs to the writing process).
    index_writable: bool,
    /// The embedded directory's writer lock, held while open for writing.
    _writer: Option<crate::locks::WriterLock>,
    /// With PostgreSQL, the connection holding the advisory stage locks, so
    /// a plain `ingest` and queue workers on one database never run a
    /// store-wide stage at once.
    #[cfg(feature = "postgres")]
    locks: Option<crate::postgres::jobs::JobQueue>,
}

/// A store-wide stage, for [`DataDir::with_stage`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageName {
    /// Storing articles (sequence numbers become visible in order).
    Store,
    /// Syndication: near-duplicate links and groups.
    Syndication,
    /// Alias resolution: the entities.
    Entities,
    /// Event clustering: events and stories.
    Events,
}

impl DataDir {
    /// The SQLite database's file name inside the data directory.
    pub const DATABASE_FILE: &'static str = "storyline.sqlite";
    /// The search index's folder name inside the data directory.
    pub const INDEX_DIR: &'static str = "index";

    /// Opens or creates the data directory and brings the index up to date
    /// with the store.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_at(path, &StoreLocation::Embedded)
    }

    /// Opens or creates the data directory (with PostgreSQL: only its local
    /// index) over the store at `location`, and brings the index and the
    /// syndication groups up to date with the store. The embedded directory
    /// is held for writing ([`crate::locks::WriterLock`]) until dropped: a
    /// second writing open fails at once with [`StoreError::Busy`].
    pub fn open_at(path: &Path, location: &StoreLocation) -> Result<Self, StoreError> {
        Self::open_with_index(path, location, false)
    }

    /// A read view over the store at `location`. Embedded: see
    /// [`DataDir::open_read_only`]. PostgreSQL: the database is only read,
    /// and the node's own index directory (created if missing) is caught up
    /// from it now and on every [`DataDir::refresh`].
    pub fn open_read_only_at(path: &Path, location: &StoreLocation) -> Result<Self, StoreError> {
        match location {
            StoreLocation::Embedded => Self::open_read_only(path),
            StoreLocation::Postgres(_) => Self::open_with_index(path, location, true),
        }
    }

    /// The data directory `path` (created if missing) with its own index,
    /// caught up with the store at `location`. Read-only: the store is only
    /// read, no stage lock is taken and the syndication groups are left as
    /// they are; otherwise they are caught up too.
    fn open_with_index(
        path: &Path,
        location: &StoreLocation,
        read_only: bool,
    ) -> Result<Self, StoreError> {
        std::fs::create_dir_all(path).map_err(|source| StoreError::Io {
            path: path.display().to_string(),
            source,
        })?;
        // One writer per embedded directory; a second is refused at once.
        let writer = match location {
            StoreLocation::Embedded if !read_only => Some(crate::locks::WriterLock::acquire(path)?),
            _ => None,
        };
        let store = if read_only {
            location.open_store_reader(path)?
        } else {
            location.open_store(path)?
        };
        let index = SearchIndex::open(&path.join(Self::INDEX_DIR))?;
        let mut dir = DataDir {
            path: path.to_path_buf(),
            location: location.clone(),
            store,
            index,
            read_only,
            index_writable: true,
            _writer: writer,
            #[cfg(feature = "postgres")]
            locks: match location {
                StoreLocation::Postgres(url) if !read_only => {
                    Some(crate::postgres::jobs::JobQueue::connect(url)?)
                }
                _ => None,
            },
        };
        dir.catch_up_index()?;
        if !read_only {
            dir.catch_up_syndication()?;
        }
        Ok(dir)
    }

    /// Opens an existing data directory for reading only, beside any process
    /// that may be ingesting into it: creates nothing, migrates nothing, does
    /// not catch the index up and never takes the index writer's lock. The
    /// store reads the latest committed state (SQLite WAL); the index follows
    /// the writer's commits, or at once after [`DataDir::refresh`]. Writing
    /// methods return [`StoreError::ReadOnly`].
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        let store = SqliteStore::open_read_only(&path.join(Self::DATABASE_FILE))?;
        let index_dir = path.join(Self::INDEX_DIR);
        if !index_dir.join("meta.json").is_file() {
            return Err(StoreError::Missing(index_dir.display().to_string()));
        }
        let index = SearchIndex::open_read_only(&index_dir)?;
        Ok(DataDir {
            path: path.to_path_buf(),
            location: StoreLocation::Embedded,
            store: Box::new(store),
            index,
            read_only: true,
            index_writable: false,
            _writer: None,
            #[cfg(feature = "postgres")]
            locks: None,
        })
    }

    /// Where the store lives.
    pub fn location(&self) -> &StoreLocation {
        &self.location
    }

    /// The search index (shared between threads by read-only servers).
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Splits the directory into its store and index.
    pub fn into_parts(self) -> (Box<dyn Store>, SearchIndex) {
        (self.store, self.index)
    }

    /// Makes the index reader see every commit made so far; with
    /// PostgreSQL, first indexes what other nodes stored since the last
    /// catch-up. Returns the number of articles newly indexed.
    pub fn refresh(&mut self) -> Result<u64, StoreError> {
        let added = if self.location.is_postgres() {
            catch_up(self.store.as_ref(), &self.index)?
        } else {
            0
        };
        self.index.refresh()?;
        Ok(added)
    }

    /// The data directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The system of record.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The store, for derived data (events) written outside [`DataDir::ingest`].
    pub fn store_mut(&mut self) -> &mut dyn Store {
        self.store.as_mut()
    }

    /// Stores a batch, then indexes its new articles and joins them to the
    /// syndication groups (the persistent LSH index finds their copies among
    /// everything stored before). Returns one outcome per article, in order.
    pub fn ingest(&mut self, articles: &[Article]) -> Result<Vec<PutOutcome>, StoreError> {
        self.ingest_counting(articles, &[])
    }

    /// As [`DataDir::ingest`], adding the new articles' lines to the per-site
    /// line counts in the transaction that stores them
    /// ([`crate::ArticleStore::put_articles_counting`]).
    pub fn ingest_counting(
        &mut self,
        articles: &[Article],
        lines: &[Option<crate::SiteLines>],
    ) -> Result<Vec<PutOutcome>, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let outcomes = self.with_stage(StageName::Store, |s| {
            s.put_articles_counting(articles, lines)
        })?;
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
            self.catch_up_syndication()?;
        }
        Ok(outcomes)
    }

    /// Fingerprints, links and groups every stored article not yet in the LSH
    /// index (after a crash, or a store made before syndication existed).
    pub fn catch_up_syndication(&mut self) -> Result<u64, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.with_stage(StageName::Syndication, |s| {
            crate::syndication::catch_up(s, &DedupParams::default())
        })
    }

    /// Runs `f` on the store holding the stage's lock: with PostgreSQL the
    /// advisory lock the queue workers take for the same stage (waiting for
    /// it), so no two processes run one store-wide stage at once; with the
    /// embedded store there is one writer anyway.
    pub fn with_stage<T>(
        &mut self,
        stage: StageName,
        f: impl FnOnce(&mut dyn Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with_stage_and_index(stage, |store, _| f(store))
    }

    /// [`DataDir::with_stage`] for a stage that also reads the search index
    /// (matching watches' queries).
    pub fn with_stage_and_index<T>(
        &mut self,
        stage: StageName,
        f: impl FnOnce(&mut dyn Store, &SearchIndex) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        #[cfg(feature = "postgres")]
        if let Some(locks) = self.locks.as_mut() {
            use crate::postgres::jobs::Stage;
            let _held = locks.lock_stage(match stage {
                StageName::Store => Stage::Store,
                StageName::Syndication => Stage::Syndication,
                StageName::Entities => Stage::Entities,
                StageName::Events => Stage::Events,
            })?;
            return f(self.store.as_mut(), &self.index);
        }
        let _ = stage;
        f(self.store.as_mut(), &self.index)
    }

    /// Indexes every stored article the index does not hold yet.
    pub fn catch_up_index(&mut self) -> Result<u64, StoreError> {
        if !self.index_writable {
            return Err(StoreError::ReadOnly);
        }
        catch_up(self.store.as_ref(), &self.index)
    }

    /// Drops the index and rebuilds it from the store. Returns the number of
    /// articles indexed.
    pub fn reindex(&mut self) -> Result<u64, StoreError> {
        if !self.index_writable {
            return Err(StoreError::ReadOnly);
        }
        self.index.add(&[], 0, true)?;
        self.catch_up_index()
    }

    /// Searches the index.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>, StoreError> {
        self.index.search(q)
    }

    /// One page of results with the total and facets; see
    /// [`SearchIndex::search_page`].
    pub fn search_page(&self, q: &SearchQuery, offset: usize) -> Result<SearchPage, StoreError> {
        self.index.search_page(q, offset)
    }

    /// Documents in the search index.
    pub fn indexed_docs(&self) -> u64 {
        self.index.num_docs()
    }
}

/// Indexes every article of `store` that `index` does not hold yet, in
/// sequence order. Returns the number indexed.
pub fn catch_up(store: &dyn Store, index: &SearchIndex) -> Result<u64, StoreError> {
    let mut after = index.indexed_seq()?;
    let mut added = 0;
    loop {
        let batch = store.articles_after(after, INDEX_BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.seq;
        index.add(&batch, after, false)?;
        added += batch.len() as u64;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::sample_article;
    use crate::ArticleStore;

    fn query(text: &str) -> SearchQuery {
        SearchQuery {
            limit: 10,
            ..SearchQuery::of_text(text)
        }
    }

    #[test]
    fn read_only_view_follows_a_writer_without_writing() {
        let tmp = tempfile::tempdir().unwrap();
        let mut writer = DataDir::open(tmp.path()).unwrap();
        writer
            .ingest(&[sample_article(1, "AFP", Some((2018, 1, 16)))])
            .unwrap();

        let mut reader = DataDir::open_read_only(tmp.path()).unwrap();
        assert_eq!(reader.search(&query("paragraph")).unwrap().len(), 1);

        // The writer keeps going while the reader is open: no lock conflict.
        writer
            .ingest(&[sample_article(2, "Reuters", Some((2018, 2, 1)))])
            .unwrap();
        reader.refresh().unwrap();
        assert_eq!(reader.search(&query("paragraph")).unwrap().len(), 2);
        assert!(reader
            .store()
            .get_article(&format!("{:032x}", 2))
            .unwrap()
            .is_some());
    }

    #[test]
    fn read_only_view_never_catches_up_or_writes() {
        let tmp = tempfile::tempdir().unwrap();
        drop(DataDir::open(tmp.path()).unwrap());
        // Stored but not indexed, as after a crash between the two commits.
        SqliteStore::open(&tmp.path().join(DataDir::DATABASE_FILE))
            .unwrap()
            .put_articles(&[sample_article(1, "AFP", None)])
            .unwrap();
        let meta = tmp.path().join(DataDir::INDEX_DIR).join("meta.json");
        let before = std::fs::read(&meta).unwrap();
        let mut reader = DataDir::open_read_only(tmp.path()).unwrap();
        assert_eq!(reader.indexed_docs(), 0);
        assert!(matches!(reader.catch_up_index(), Err(StoreError::ReadOnly)));
        assert!(matches!(
            reader.ingest(&[sample_article(2, "AFP", None)]),
            Err(StoreError::ReadOnly)
        ));
        assert_eq!(std::fs::read(&meta).unwrap(), before);
        // A writer opening later catches up as before.
        drop(reader);
        assert_eq!(DataDir::open(tmp.path()).unwrap().indexed_docs(), 1);
    }

    #[test]
    fn read_only_open_of_a_missing_directory_fails_cleanly() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("nothing-here");
        assert!(matches!(
            DataDir::open_read_only(&missing),
            Err(StoreError::Missing(_))
        ));
        assert!(!missing.exists());
    }

    #[test]
    fn search_pages_count_all_matches_and_facet_them() {
        let tmp = tempfile::tempdir().unwrap();
        let mut dir = DataDir::open(tmp.path()).unwrap();
        dir.ingest(&[
            sample_article(1, "AFP", Some((2018, 1, 16))),
            sample_article(2, "AFP", Some((2018, 1, 20))),
            sample_article(3, "Reuters", Some((2018, 3, 2))),
            sample_article(4, "Reuters", None),
            sample_article(5, "AFP", None),
        ])
        .unwrap();
        let mut q = query("paragraph");
        q.limit = 2;
        let first = dir.search_page(&q, 0).unwrap();
        assert_eq!(first.total, 5);
        assert_eq!(first.hits.len(), 2);
        let last = dir.search_page(&q, 4).unwrap();
        assert_eq!(last.hits.len(), 1);
        let ids: Vec<_> = first.hits.iter().chain(&last.hits).map(|h| &h.id).collect();
        assert!(!ids[..2].contains(&ids[2]), "pages do not overlap");
        assert_eq!(
            first.facets.sources,
            vec![("AFP".to_string(), 3), ("Reuters".to_string(), 2)]
        );
        assert_eq!(
            first.facets.months,
            vec![("2018-01".to_string(), 2), ("2018-03".to_string(), 1)]
        );
        assert_eq!(first.facets.undated, 2);
        // Facets follow the filters.
        q.source = Some("reuters".into());
        let filtered = dir.search_page(&q, 0).unwrap();
        assert_eq!(filtered.total, 2);
        assert_eq!(filtered.facets.sources, vec![("Reuters".to_string(), 2)]);
    }

    #[test]
    fn an_index_built_with_an_older_schema_is_rebuilt_from_the_store() {
        let tmp = tempfile::tempdir().unwrap();
        let mut dir = DataDir::open(tmp.path()).unwrap();
        dir.ingest(&[sample_article(1, "AFP", None)]).unwrap();
        drop(dir);
        // Replace the index with one of a different schema.
        let index_dir = tmp.path().join(DataDir::INDEX_DIR);
        std::fs::remove_dir_all(&index_dir).unwrap();
        std::fs::create_dir_all(&index_dir).unwrap();
        let mut b = tantivy::schema::Schema::builder();
        b.add_text_field("other", tantivy::schema::TEXT);
        tantivy::Index::create_in_dir(&index_dir, b.build()).unwrap();
        assert!(DataDir::open_read_only(tmp.path()).is_err());
        let dir = DataDir::open(tmp.path()).unwrap();
        assert_eq!(dir.indexed_docs(), 1);
        assert_eq!(dir.search(&query("paragraph")).unwrap().len(), 1);
    }
}
