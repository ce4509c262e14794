//! The stub book: feed items that only link to their page, kept in the
//! data directory (`feed_stubs.json`) until the page arrives. A document
//! whose URL matches a pending stub takes the stub's title, date (with the
//! feed's provenance), author and outlet where it states none; the stub is
//! then filled, and a feed read again does not bring it back.

use crate::feeds::Stub;
use crate::IngestError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use storyline_model::RawDocument;

/// The stub book's file name inside the data directory.
pub const STUBS_FILE: &str = "feed_stubs.json";

/// Pending stubs by URL, and the URLs already filled.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StubBook {
    pending: BTreeMap<String, Stub>,
    filled: BTreeSet<String>,
    #[serde(skip)]
    path: PathBuf,
    #[serde(skip)]
    changed: bool,
}

/// The form two URLs of one page share: no fragment, the scheme and host
/// in lower case, no trailing slash.
pub fn url_key(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let (head, rest) = match url.find("://") {
        Some(i) => {
            let after = i + 3;
            let end = url[after..].find('/').map_or(url.len(), |j| after + j);
            (&url[..end], &url[end..])
        }
        None => ("", url),
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    format!("{}{rest}", head.to_ascii_lowercase())
}

impl StubBook {
    /// The book of the data directory at `data`; empty when it has none.
    pub fn load(data: &Path) -> Result<StubBook, IngestError> {
        let path = data.join(STUBS_FILE);
        let shown = path.display().to_string();
        let mut book = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice::<StubBook>(&bytes)
                .map_err(|e| IngestError::new(shown, format!("unreadable stub book: {e}")))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => StubBook::default(),
            Err(e) => return Err(IngestError::new(shown, format!("cannot read: {e}"))),
        };
        book.path = path;
        Ok(book)
    }

    /// Keeps a stub until its page arrives; `false` when its page already
    /// came (or the same stub is pending).
    pub fn keep(&mut self, stub: Stub) -> bool {
        let key = url_key(&stub.url);
        if self.filled.contains(&key) || self.pending.get(&key) == Some(&stub) {
            return false;
        }
        self.pending.insert(key, stub);
        self.changed = true;
        true
    }

    /// Fills `doc`'s metadata from the pending stub of its URL, if any, and
    /// marks the stub filled; `true` when one was.
    pub fn fill(&mut self, doc: &mut RawDocument) -> bool {
        if self.pending.is_empty() {
            return false;
        }
        let Some(key) = doc.meta.url.as_deref().map(url_key) else {
            return false;
        };
        let Some(stub) = self.pending.remove(&key) else {
            return false;
        };
        stub.fill(&mut doc.meta);
        self.filled.insert(key);
        self.changed = true;
        true
    }

    /// The stubs still waiting for their page, by URL.
    pub fn pending(&self) -> impl Iterator<Item = &Stub> {
        self.pending.values()
    }

    /// Writes the book back if it changed (a new file renamed over the old:
    /// a crash leaves the old book or the new one).
    pub fn save(&mut self) -> Result<(), IngestError> {
        if !self.changed {
            return Ok(());
        }
        let shown = self.path.display().to_string();
        let fail =
            |e: std::io::Error| IngestError::new(shown.clone(), format!("cannot write: {e}"));
        let tmp = self.path.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| IngestError::new(shown.clone(), e.to_string()))?;
        std::fs::write(&tmp, bytes).map_err(fail)?;
        std::fs::rename(&tmp, &self.path).map_err(fail)?;
        self.changed = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{SourceFormat, StatedMeta};

    fn stub(url: &str) -> Stub {
        Stub {
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

    #[test]
    fn a_page_fills_its_stub_once_and_the_book_survives_a_reload() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = StubBook::load(dir.path()).unwrap();
        assert!(book.keep(stub("https://News.example/talks")));
        let mut doc = page("https://news.example/talks/#top");
        assert!(book.fill(&mut doc));
        assert_eq!(doc.meta.title.as_deref(), Some("Talks stall"));
        assert_eq!(doc.meta.published_rule.as_deref(), Some("feed.published"));
        assert_eq!(doc.meta.author.as_deref(), Some("R. Saad"));
        book.save().unwrap();
        let mut again = StubBook::load(dir.path()).unwrap();
        assert!(
            !again.keep(stub("https://news.example/talks")),
            "filled stays filled"
        );
        assert!(!again.fill(&mut page("https://news.example/talks")));
    }

    #[test]
    fn a_stated_title_is_kept() {
        let mut book = StubBook::default();
        book.keep(stub("https://news.example/a"));
        let mut doc = page("https://news.example/a");
        doc.meta.title = Some("The page's own".into());
        assert!(book.fill(&mut doc));
        assert_eq!(doc.meta.title.as_deref(), Some("The page's own"));
    }
}
