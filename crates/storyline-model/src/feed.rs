//! What a feed says of a page it only links to: a [`FeedStub`], kept in the
//! store until the page itself is ingested, whose metadata it then fills.

use crate::StatedMeta;
use serde::{Deserialize, Serialize};

/// What a feed item (or news sitemap entry) says of a page it links to
/// without carrying it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedStub {
    /// The page's URL (the item's link, the sitemap entry's `loc`).
    pub url: String,
    /// The item's title.
    pub title: Option<String>,
    /// The date as RFC 3339 (feed) or as the sitemap wrote it.
    pub published: Option<String>,
    /// The provenance rule of `published`.
    pub published_rule: String,
    /// The item's first named author.
    pub author: Option<String>,
    /// The outlet a news sitemap names (`news:publication/news:name`).
    pub source: Option<String>,
    /// Where the stub was read: the file and item (`feed.xml#item=3`).
    pub locator: String,
}

impl FeedStub {
    /// Fills what `meta` does not state of the page from the stub.
    pub fn fill(&self, meta: &mut StatedMeta) {
        if meta.title.is_none() {
            meta.title.clone_from(&self.title);
        }
        if meta.published.is_none() && self.published.is_some() {
            meta.published.clone_from(&self.published);
            meta.published_rule = Some(self.published_rule.clone());
        }
        if meta.author.is_none() {
            meta.author.clone_from(&self.author);
        }
        if meta.source.is_none() {
            meta.source.clone_from(&self.source);
        }
    }

    /// The form two URLs of one page share, the key stubs are kept under:
    /// no fragment, the scheme and host in lower case, no trailing slash.
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
}
