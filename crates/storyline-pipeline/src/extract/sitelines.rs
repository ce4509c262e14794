//! Corpus-aware chrome: lines that repeat across articles of the same site.
//!
//! CCNet-style paragraph deduplication, but per site: a short line that
//! appears in several different documents of one site ("Themuslimchronicle,
//! themuslimchronicle", a newsletter pitch, a credit line) is the site's
//! template, not article text. [`SiteLineTable`] is the per-site line-count
//! table (each line counted once per document, keyed by a hash of its folded
//! form); it is built incrementally with [`SiteLineTable::add`], and
//! [`remove_site_repeats`] moves the paragraphs it flags from a
//! [`CleanedText`] to its removed blocks with the reason
//! `chrome.site_repeated`. Both are pure functions of their inputs.
//!
//! Persisted incrementally: the store keeps the counts (`site_lines(site,
//! line_key, docs)`, `site_docs(site, docs)`), added in the transaction that
//! stores each new article, so every document counts once however often it
//! is ingested. For each batch the ingest driver (also the PostgreSQL queue
//! worker) loads the stored counts of the lines the batch holds, adds the
//! batch's own new documents ([`SiteLineTable::add_keys`],
//! [`SiteLineTable::add_count`]) and finishes each article with the table
//! (`storyline_pipeline::Draft::finish`). The site is the article's source
//! (stated source, else URL host, else page site name); a document with none
//! (a bare `.txt` file) is neither counted nor cleaned this way. A line is
//! chrome when it is in at least [`MIN_DOCS`] documents of the site and at
//! least [`MIN_SITE_SHARE`] of them (a background box or the versions of one
//! story share lines on a handful of pages, a template on many), and a page
//! whose flagged lines are most of its words ([`MAX_SHARE`]) keeps them. A
//! line becomes chrome from the batch in which it qualifies: articles stored
//! in earlier batches keep it (stored text is not rewritten).
//! `storyline extract` runs without a store and a table.

use crate::clean::CleanedText;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use storyline_model::RemovedBlock;

/// A line must appear in at least this many documents of a site to count
/// as the site's chrome.
pub const MIN_DOCS: u32 = 3;

/// A template line is on a sizeable share of a site's pages; a paragraph
/// that versions of one story or a background box share is on a handful.
/// A line must be in at least this share of the site's counted documents.
pub const MIN_SITE_SHARE: f64 = 0.05;

/// Longer lines are prose: a paragraph that repeats across a site's pages is
/// a republished article (syndication, handled elsewhere), not chrome.
pub const MAX_WORDS: usize = 25;

/// Per-site counts of documents each line appears in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteLineTable {
    counts: HashMap<(String, u64), u32>,
    docs: HashMap<String, u32>,
}

/// The key of a line: a hash of its lower-cased alphanumerics, so case,
/// punctuation and spacing do not matter. `None` for lines too short or too
/// long to judge.
pub fn line_key(line: &str) -> Option<u64> {
    let words = line.split_whitespace().count();
    if words == 0 || words > MAX_WORDS {
        return None;
    }
    let folded: String = line
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect();
    if folded.chars().count() < 4 {
        return None;
    }
    let digest = Sha256::digest(folded.as_bytes());
    Some(u64::from_le_bytes(digest[..8].try_into().expect("8 bytes")))
}

impl SiteLineTable {
    /// Counts the lines of one more document of `site` (each distinct line once).
    pub fn add(&mut self, site: &str, text: &str) {
        let keys: Vec<u64> = text.lines().filter_map(line_key).collect();
        self.add_keys(site, &keys);
    }

    /// Counts one more document of `site` by the keys of its lines
    /// ([`paragraph_keys`]; each distinct key once).
    pub fn add_keys(&mut self, site: &str, keys: &[u64]) {
        let keys: HashSet<u64> = keys.iter().copied().collect();
        for k in keys {
            *self.counts.entry((site.to_string(), k)).or_default() += 1;
        }
        *self.docs.entry(site.to_string()).or_default() += 1;
    }

    /// Adds counts kept elsewhere (the store's, for documents of earlier
    /// runs): `docs` more documents of `site` hold the line keyed `key`.
    pub fn add_count(&mut self, site: &str, key: u64, docs: u32) {
        if docs > 0 {
            let n = self.counts.entry((site.to_string(), key)).or_default();
            *n = n.saturating_add(docs);
        }
    }

    /// Adds `docs` documents of `site` counted elsewhere.
    pub fn add_documents(&mut self, site: &str, docs: u32) {
        let n = self.docs.entry(site.to_string()).or_default();
        *n = n.saturating_add(docs);
    }

    /// In how many documents of `site` the line appears.
    pub fn count(&self, site: &str, line: &str) -> u32 {
        line_key(line)
            .and_then(|k| self.counts.get(&(site.to_string(), k)).copied())
            .unwrap_or(0)
    }

    /// How many documents of `site` were counted.
    pub fn documents(&self, site: &str) -> u32 {
        self.docs.get(site).copied().unwrap_or(0)
    }

    /// Whether a line is the site's chrome: in at least [`MIN_DOCS`]
    /// documents of the site and at least [`MIN_SITE_SHARE`] of them.
    pub fn is_chrome(&self, site: &str, line: &str) -> bool {
        let n = self.count(site, line);
        n >= MIN_DOCS && f64::from(n) >= MIN_SITE_SHARE * f64::from(self.documents(site))
    }

    /// Builds the table over a set of documents, `(site, text)` each.
    pub fn from_documents<'a>(docs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut t = SiteLineTable::default();
        for (site, text) in docs {
            t.add(site, text);
        }
        t
    }
}

/// The distinct keys of the paragraphs of `cleaned` (sorted): what one
/// document adds to its site's counts.
pub fn paragraph_keys(cleaned: &CleanedText) -> Vec<u64> {
    let mut keys: Vec<u64> = cleaned
        .paragraphs
        .iter()
        .filter_map(|p| line_key(&p.text))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A document whose flagged lines hold more than this share of its words
/// repeats the body of other pages of its site (an updated version of one
/// story, a copy, a shared background box): that is syndication's business,
/// not the site's template, and nothing of it is removed.
pub const MAX_SHARE: f64 = 0.5;

/// Moves the paragraphs of `cleaned` that are `site`'s chrome to its removed
/// blocks, with the reason `chrome.site_repeated` (nothing when they hold
/// more than [`MAX_SHARE`] of the document's words).
pub fn remove_site_repeats(table: &SiteLineTable, site: &str, cleaned: &mut CleanedText) {
    // Each paragraph is judged once (a judgement hashes the line).
    let chrome_flags: Vec<bool> = cleaned
        .paragraphs
        .iter()
        .map(|p| table.is_chrome(site, &p.text))
        .collect();
    let (mut total, mut flagged) = (0usize, 0usize);
    for (p, &chrome) in cleaned.paragraphs.iter().zip(&chrome_flags) {
        let words = p.text.split_whitespace().count();
        total += words;
        if chrome {
            flagged += words;
        }
    }
    if flagged == 0 || flagged as f64 > MAX_SHARE * total as f64 {
        return;
    }
    let mut flags = chrome_flags.into_iter();
    let (chrome, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut cleaned.paragraphs)
        .into_iter()
        .partition(|_| flags.next().unwrap_or(false));
    cleaned.paragraphs = kept;
    cleaned
        .removed
        .extend(chrome.into_iter().map(|p| RemovedBlock {
            span: (p.start, p.end),
            text: p.text,
            reason: "chrome.site_repeated".to_string(),
        }));
    cleaned.removed.sort_by_key(|r| r.span);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean_text;

    fn page(story: &str) -> String {
        format!(
            "Daily Gazette, the paper of the valley since 1921\n{story}\nFollow the Gazette for more stories\n"
        )
    }

    #[test]
    fn lines_repeated_across_a_sites_articles_are_removed() {
        let stories = [
            "The council voted on Monday to close the old bridge, citing safety concerns raised by engineers.",
            "Farmers in the valley said the dry spring had cut their harvest by a third this year.",
            "The museum reopened its doors after two years of renovation, with a new wing for modern art.",
        ];
        let pages: Vec<String> = stories.iter().map(|s| page(s)).collect();
        let table = SiteLineTable::from_documents(pages.iter().map(|p| ("gazette", p.as_str())));
        assert_eq!(table.documents("gazette"), 3);
        let mut c = clean_text(&pages[0], Some("Council closes the old bridge"));
        remove_site_repeats(&table, "gazette", &mut c);
        let text = c.text();
        assert!(text.contains("The council voted"), "{text}");
        assert!(!text.contains("paper of the valley"), "{text}");
        assert!(!text.contains("Follow the Gazette"), "{text}");
        assert!(c.removed_with("chrome.site_repeated", |t| t.starts_with("Daily Gazette")));
    }

    #[test]
    fn other_sites_and_rare_lines_are_untouched() {
        let pages = [
            page("One story, told once."),
            page("Another story, told once."),
        ];
        let table = SiteLineTable::from_documents(pages.iter().map(|p| ("gazette", p.as_str())));
        // Two documents are not enough, and another site has no counts.
        assert!(!table.is_chrome("gazette", "Follow the Gazette for more stories"));
        assert!(!table.is_chrome("herald", "Follow the Gazette for more stories"));
    }

    /// Three versions of one short story share all their lines: those are
    /// the story, not the site's template (without the guard the page would
    /// lose all its text and not be stored at all).
    #[test]
    fn a_page_repeating_most_of_other_pages_keeps_its_lines() {
        let body = "Security forces opened fire during a march, killing four.\n\
                    The next day the authorities shot at mourners at the funerals.\n\
                    People began demanding the overthrow of the president.\n\
                    The government has mixed minor concessions with force.\n";
        let pages: Vec<String> = (0..3)
            .map(|n| format!("{body}Update number {n} came in on the evening of the third day.\n"))
            .collect();
        let table = SiteLineTable::from_documents(pages.iter().map(|p| ("s", p.as_str())));
        assert!(table.is_chrome(
            "s",
            "People began demanding the overthrow of the president."
        ));
        let mut c = clean_text(&pages[0], None);
        let before = c.text();
        remove_site_repeats(&table, "s", &mut c);
        assert_eq!(c.text(), before);
        assert!(c.removed.iter().all(|r| r.reason != "chrome.site_repeated"));
    }

    /// A paragraph a few of a large site's articles share (a background
    /// box, versions of one story) is not the site's template.
    #[test]
    fn a_line_on_few_of_a_large_sites_pages_is_not_chrome() {
        let shared = "The opposition is deeply divided, correspondents say.";
        let mut table = SiteLineTable::default();
        for n in 0..100 {
            let text = if n < 4 {
                format!("{shared}\nStory {n}")
            } else {
                format!("Story {n}")
            };
            table.add("s", &text);
        }
        assert_eq!(table.count("s", shared), 4);
        assert!(!table.is_chrome("s", shared));
        // On a twentieth of them it is (6 of 102).
        table.add("s", shared);
        table.add("s", shared);
        assert!(table.is_chrome("s", shared));
    }

    #[test]
    fn a_republished_paragraph_is_not_chrome() {
        let para = "The head of the alliance called on rebels on Tuesday to close ranks, in an audio statement released by its media arm, officials and witnesses said.";
        let table = SiteLineTable::from_documents([("s", para), ("s", para), ("s", para)]);
        assert!(!table.is_chrome("s", para));
    }
}
