//! Feed stubs during one ingest: items that only link to their page are
//! kept in the store ([`FeedStubStore`], both backends) until the page
//! arrives. A document whose URL matches a pending stub takes the stub's
//! title, date (with the feed's provenance), author and outlet where it
//! states none; the stub is recorded filled once the page is stored, and a
//! feed read again does not bring it back. A stub whose page was stored
//! before the feed came is filled at once (the stored page keeps its own
//! metadata).

use crate::IngestError;
use std::collections::BTreeSet;
use std::path::Path;
use storyline_model::{FeedStub, RawDocument};
use storyline_store::{FeedStubStore, StoreError, StubKept};

/// The file earlier versions kept pending stubs in, inside the data
/// directory; imported into the store once, then renamed
/// `feed_stubs.json.imported`.
pub const LEGACY_STUBS_FILE: &str = "feed_stubs.json";

/// What one run did with feed stubs, as its report shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct StubCounts {
    /// Feed items that only link to their page, kept until it arrives.
    #[serde(rename = "stubs_kept", skip_serializing_if = "crate::driver::is_zero")]
    pub kept: u64,
    /// Documents whose feed stub gave them title, date or author.
    #[serde(
        rename = "stubs_filled",
        skip_serializing_if = "crate::driver::is_zero"
    )]
    pub filled: u64,
    /// Feed items whose page was stored before the feed came (their stub
    /// is filled at once; the page keeps its own metadata).
    #[serde(
        rename = "stubs_page_stored",
        skip_serializing_if = "crate::driver::is_zero"
    )]
    pub page_stored: u64,
}

/// What one ingest did with feed stubs, and the pages it filled.
#[derive(Debug, Default)]
pub struct StubBook {
    /// Stubs pending in the store: while none are, documents need no
    /// lookup.
    pending: u64,
    /// The URL keys of the stubs whose pages this run read, recorded
    /// filled by [`StubBook::commit`] once the pages are stored.
    filled: BTreeSet<String>,
    /// What this run did, for its report.
    pub counts: StubCounts,
}

impl StubBook {
    /// The book of `store`, knowing how many stubs wait.
    pub fn open<S: FeedStubStore + ?Sized>(store: &S) -> Result<StubBook, StoreError> {
        Ok(StubBook {
            pending: store.pending_feed_stub_count()?,
            ..StubBook::default()
        })
    }

    /// Keeps a feed's stubs in the store until their pages arrive.
    pub fn keep<S: FeedStubStore + ?Sized>(
        &mut self,
        store: &mut S,
        stubs: &[FeedStub],
    ) -> Result<(), StoreError> {
        for stub in stubs {
            match store.keep_feed_stub(stub)? {
                StubKept::Pending => {
                    self.pending += 1;
                    self.counts.kept += 1;
                }
                StubKept::PageStored => self.counts.page_stored += 1,
                StubKept::Known => {}
            }
        }
        Ok(())
    }

    /// Fills `doc`'s metadata from the pending stub of its URL, if any
    /// (counted the first time this run for that URL).
    pub fn fill<S: FeedStubStore + ?Sized>(
        &mut self,
        store: &S,
        doc: &mut RawDocument,
    ) -> Result<(), StoreError> {
        if self.pending == 0 {
            return Ok(());
        }
        let Some(key) = doc.meta.url.as_deref().map(FeedStub::url_key) else {
            return Ok(());
        };
        let Some(stub) = store.pending_feed_stub(&key)? else {
            return Ok(());
        };
        stub.fill(&mut doc.meta);
        if self.filled.insert(key) {
            self.counts.filled += 1;
        }
        Ok(())
    }

    /// Records the stubs filled this run, once their pages are stored: a
    /// failed run keeps them pending, and the next run fills them.
    pub fn commit<S: FeedStubStore + ?Sized>(&mut self, store: &mut S) -> Result<(), StoreError> {
        if self.filled.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = std::mem::take(&mut self.filled).into_iter().collect();
        store.fill_feed_stubs(&keys)?;
        self.pending = self.pending.saturating_sub(keys.len() as u64);
        Ok(())
    }
}

/// The pending stubs of the file earlier versions kept in the data
/// directory at `data`, kept in `store`; the file is then renamed, so the
/// import runs once. Nothing to do when there is no such file.
pub fn import_legacy_stubs<S: FeedStubStore + ?Sized>(
    data: &Path,
    store: &mut S,
) -> Result<u64, IngestError> {
    #[derive(serde::Deserialize)]
    struct LegacyBook {
        pending: std::collections::BTreeMap<String, FeedStub>,
    }
    let path = data.join(LEGACY_STUBS_FILE);
    let shown = path.display().to_string();
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(IngestError::new(shown, format!("cannot read: {e}"))),
    };
    let book: LegacyBook = serde_json::from_slice(&bytes)
        .map_err(|e| IngestError::new(shown.clone(), format!("unreadable stub book: {e}")))?;
    let mut kept = 0;
    for stub in book.pending.values() {
        let outcome = store
            .keep_feed_stub(stub)
            .map_err(|e| IngestError::new(shown.clone(), e.to_string()))?;
        kept += u64::from(outcome == StubKept::Pending);
    }
    std::fs::rename(&path, path.with_extension("json.imported"))
        .map_err(|e| IngestError::new(shown, format!("cannot rename after import: {e}")))?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{SourceFormat, StatedMeta};
    use storyline_store::SqliteStore;

    fn stub(url: &str) -> FeedStub {
        FeedStub {
            url: url.into(),
            title: Some("Talks stall".into()),
            published: Some("2026-12-07T08:00:00+00:00".into()),
            published_rule: crate::feeds::FEED_PUBLISHED.into(),
            author: Some("R. Saad".into()),
            source: None,
            locator: "f.rss#item=2".into(),
        }
    }

    fn page(url: &str) -> RawDocument {
        RawDocument {
            locator: "crawl.warc#record=1".into(),
            format: SourceFormat::Html,
            body: b"<p>x</p>".to_vec(),
            declared_charset: None,
            raw_sha256: String::new(),
            meta: StatedMeta {
                url: Some(url.into()),
                ..StatedMeta::default()
            },
        }
    }

    /// A store in memory and a stub book that has kept a stub for `url`.
    fn book_keeping(url: &str) -> (SqliteStore, StubBook) {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut book = StubBook::open(&store).unwrap();
        book.keep(&mut store, &[stub(url)]).unwrap();
        (store, book)
    }

    #[test]
    fn a_page_fills_its_stub_once_and_the_store_remembers() {
        let (mut store, mut book) = book_keeping("https://News.example/talks");
        assert_eq!(book.counts.kept, 1, "kept pending");
        let mut doc = page("https://news.example/talks/#top");
        book.fill(&store, &mut doc).unwrap();
        assert_eq!(book.counts.filled, 1);
        assert_eq!(doc.meta.title.as_deref(), Some("Talks stall"));
        assert_eq!(doc.meta.published_rule.as_deref(), Some("feed.published"));
        assert_eq!(doc.meta.author.as_deref(), Some("R. Saad"));
        book.commit(&mut store).unwrap();
        let mut again = StubBook::open(&store).unwrap();
        again
            .keep(&mut store, &[stub("https://news.example/talks")])
            .unwrap();
        assert_eq!(again.counts, StubCounts::default(), "filled stays filled");
        let mut doc = page("https://news.example/talks");
        again.fill(&store, &mut doc).unwrap();
        assert_eq!(again.counts.filled, 0);
        assert_eq!(doc.meta.title, None);
    }

    #[test]
    fn a_stated_title_is_kept() {
        let (store, mut book) = book_keeping("https://news.example/a");
        let mut doc = page("https://news.example/a");
        doc.meta.title = Some("The page's own".into());
        book.fill(&store, &mut doc).unwrap();
        assert_eq!(book.counts.filled, 1);
        assert_eq!(doc.meta.title.as_deref(), Some("The page's own"));
    }

    #[test]
    fn the_stub_file_of_earlier_versions_is_imported_once() {
        let dir = tempfile::tempdir().unwrap();
        let legacy = serde_json::json!({
            "pending": {"https://news.example/talks": stub("https://news.example/talks")},
            "filled": ["https://news.example/old"],
        });
        std::fs::write(dir.path().join(LEGACY_STUBS_FILE), legacy.to_string()).unwrap();
        let mut store = SqliteStore::open_in_memory().unwrap();
        assert_eq!(import_legacy_stubs(dir.path(), &mut store).unwrap(), 1);
        assert_eq!(store.pending_feed_stub_count().unwrap(), 1);
        assert!(!dir.path().join(LEGACY_STUBS_FILE).exists());
        assert_eq!(import_legacy_stubs(dir.path(), &mut store).unwrap(), 0);
    }
}
