//! Storyline's data types, shared by every other crate.
//!
//! This crate owns the shapes of what flows through the pipeline and into the
//! store: an [`Article`] with its [`Published`] date and the [`RemovedBlock`]s that
//! cleaning took out, plus the [`Provenance`] every derived fact carries. It does
//! no work of its own beyond small constructors and the content-addressed
//! [`ArticleId`].

pub mod annotation;

pub use annotation::{
    AliasRule, Annotations, DateExpression, DateKind, Entity, EntityKind, Mention, NameLink,
    NameNode, PublicationBound, Quote,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A content-addressed article id: 32 lowercase hex digits (the first 128 bits
/// of a SHA-256 over the article's origin and decoded body, computed by the
/// pipeline). Ingesting the same document twice gives the same id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of file or record an article was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Already-scraped text (`.txt`, or a JSON Lines record with `text`).
    Text,
    /// A raw HTML page (`.html`, a JSON Lines record with `html`, a WARC response).
    Html,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "text" => Some(SourceFormat::Text),
            "html" => Some(SourceFormat::Html),
            _ => None,
        }
    }
}

/// Where a derived fact came from: the rule or model that produced it, the byte
/// span in the article's decoded body it rests on (when it rests on one), and a
/// confidence in `[0, 1]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// Which rule or signal produced the fact, e.g. `jsonl.published`,
    /// `html.meta[article:published_time]`, `text.stated_date`.
    pub rule: String,
    /// Byte span `[start, end)` in the decoded body, when the fact has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<(usize, usize)>,
    pub confidence: f32,
}

impl Provenance {
    pub fn new(rule: impl Into<String>, confidence: f32) -> Self {
        Provenance {
            rule: rule.into(),
            span: None,
            confidence,
        }
    }

    pub fn with_span(mut self, start: usize, end: usize) -> Self {
        self.span = Some((start, end));
        self
    }
}

/// An article's publication date. `date` is `None` when nothing credible was
/// found: Storyline says "undated" rather than guess.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Published {
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

impl Published {
    pub fn undated() -> Self {
        Published::default()
    }

    pub fn dated(date: NaiveDate, provenance: Provenance) -> Self {
        Published {
            date: Some(date),
            provenance: Some(provenance),
        }
    }
}

/// A block of the input that cleaning or extraction removed as not part of the
/// article, kept for audit with the reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RemovedBlock {
    /// Byte span `[start, end)` in the decoded body.
    pub span: (usize, usize),
    pub text: String,
    /// The rule that removed it, e.g. `chrome.copyright`, `chrome.form_label`.
    pub reason: String,
}

/// One article, as stored: the clean text plus everything needed to trace it
/// back to its input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    /// File path the article was read from, with `#line=N` for a JSON Lines
    /// record or `#record=N` for a WARC record.
    pub path: Option<String>,
    pub url: Option<String>,
    /// The publishing site or outlet (a JSON Lines `source`, or the URL's host).
    pub source: Option<String>,
    /// The id the input gave the article, when it gave one (JSON Lines `id`).
    pub external_id: Option<String>,
    pub title: Option<String>,
    /// The article's clean text: paragraphs separated by blank lines.
    pub text: String,
    pub published: Published,
    /// ISO 639-3 code from language identification, when confident.
    pub language: Option<String>,
    pub format: SourceFormat,
    /// SHA-256 (hex) of the original bytes of the file or record, before decoding.
    pub raw_sha256: String,
    /// The dateline place the text opened with ("BEIRUT"), if any.
    pub dateline: Option<String>,
    /// The wire agency the text credits ("AFP", "Reuters"), if any.
    pub wire_credit: Option<String>,
    /// What was taken out of the input as chrome, with reasons.
    pub removed: Vec<RemovedBlock>,
}

impl Article {
    /// The title, or else the text's first sentence (at most 120 characters):
    /// what a listing shows for the article.
    pub fn headline(&self) -> String {
        if let Some(t) = self.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return t.to_string();
        }
        let first = self.text.lines().next().unwrap_or("");
        let end = first
            .char_indices()
            .find(|&(i, c)| matches!(c, '.' | '!' | '?') && first[i + 1..].starts_with(' '))
            .map(|(i, _)| i + 1)
            .unwrap_or(first.len());
        let sentence = &first[..end];
        if sentence.chars().count() > 120 {
            let cut: String = sentence.chars().take(119).collect();
            format!("{cut}…")
        } else {
            sentence.to_string()
        }
    }

    /// Number of whitespace-separated words in the clean text.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Metadata an input states about a document, before any analysis (all
/// optional: a `.txt` file states none).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatedMeta {
    pub id: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    /// The publication date as the input wrote it (`YYYY-MM-DD` or RFC 3339).
    pub published: Option<String>,
    pub title: Option<String>,
}

/// One document as a reader found it: undecoded body bytes plus what the input
/// said about it. The pipeline turns it into an [`Article`].
#[derive(Clone, Debug, PartialEq)]
pub struct RawDocument {
    /// Where it came from: a file path, with `#line=N` or `#record=N` for a
    /// record inside a file.
    pub locator: String,
    pub format: SourceFormat,
    /// The body (HTML or text), not yet decoded.
    pub body: Vec<u8>,
    /// A charset the container declared (HTTP header, JSON's UTF-8), if any.
    pub declared_charset: Option<String>,
    /// SHA-256 (hex) of the original bytes of the file or record.
    pub raw_sha256: String,
    pub meta: StatedMeta,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_serialises_with_date_and_provenance() {
        let p = Published::dated(
            NaiveDate::from_ymd_opt(2018, 1, 17).unwrap(),
            Provenance::new("text.stated_date", 0.9).with_span(3, 20),
        );
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["date"], "2018-01-17");
        assert_eq!(json["provenance"]["rule"], "text.stated_date");
        assert_eq!(json["provenance"]["span"][0], 3);
    }

    #[test]
    fn undated_serialises_null_date() {
        let json = serde_json::to_value(Published::undated()).unwrap();
        assert!(json["date"].is_null());
    }
}
