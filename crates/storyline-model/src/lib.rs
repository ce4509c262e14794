//! Storyline's data types, shared by every other crate.
//!
//! This crate owns the shapes of what flows through the pipeline and into the
//! store: an [`Article`] with its [`Published`] date and the [`RemovedBlock`]s that
//! cleaning took out, plus the [`Provenance`] every derived fact carries. It does
//! no work of its own beyond small constructors and the content-addressed
//! [`ArticleId`].
#![warn(missing_docs)]

pub mod annotation;
pub mod feed;

pub use annotation::{
    AliasRule, Annotations, DateExpression, Entity, EntityKind, ExpressionKind, Mention, NameLink,
    NameNode, PublicationBound, Quote,
};
pub use feed::FeedStub;

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
    /// The 32 hex digits.
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
    /// The stored name: `text` or `html`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
        }
    }

    /// The format a stored name stands for; `None` for any other string.
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
    /// How sure the rule is, in `[0, 1]`.
    pub confidence: f32,
}

impl Provenance {
    /// A fact from `rule` with this confidence and no span.
    pub fn new(rule: impl Into<String>, confidence: f32) -> Self {
        Provenance {
            rule: rule.into(),
            span: None,
            confidence,
        }
    }

    /// The same provenance resting on the bytes `[start, end)`.
    pub fn with_span(mut self, start: usize, end: usize) -> Self {
        self.span = Some((start, end));
        self
    }
}

/// An article's publication date. `date` is `None` when nothing credible was
/// found: Storyline says "undated" rather than guess.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Published {
    /// The day of publication, when known.
    pub date: Option<NaiveDate>,
    /// The rule that found the date, with its confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

impl Published {
    /// No date known.
    pub fn undated() -> Self {
        Published::default()
    }

    /// A date found by the rule `provenance` names.
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = RemovedChrome))]
pub struct RemovedBlock {
    /// Byte span `[start, end)` in the decoded body.
    pub span: (usize, usize),
    /// The removed text.
    pub text: String,
    /// The rule that removed it, e.g. `chrome.copyright`, `chrome.form_label`.
    pub reason: String,
}

/// One article, as stored: the clean text plus everything needed to trace it
/// back to its input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The content-addressed id.
    pub id: ArticleId,
    /// File path the article was read from, with `#line=N` for a JSON Lines
    /// record or `#record=N` for a WARC record.
    pub path: Option<String>,
    /// The page's address, when the input gave one.
    pub url: Option<String>,
    /// The publishing site or outlet (a JSON Lines `source`, or the URL's host).
    pub source: Option<String>,
    /// How `source` was inferred, for a text page that stated none (its
    /// crawl folder, copyright line or URLs); `None` when stated or from the URL.
    /// Not kept by the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_provenance: Option<Provenance>,
    /// The id the input gave the article, when it gave one (JSON Lines `id`).
    pub external_id: Option<String>,
    /// The headline the input or the page gave.
    pub title: Option<String>,
    /// The article's clean text: paragraphs separated by blank lines.
    pub text: String,
    /// The publication date with the rule that found it.
    pub published: Published,
    /// ISO 639-1 code from language identification, when confident.
    pub language: Option<String>,
    /// Whether the article was read from text or from HTML.
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
    /// The input's own id for the document.
    pub id: Option<String>,
    /// The page's address.
    pub url: Option<String>,
    /// The publishing site or outlet.
    pub source: Option<String>,
    /// The publication date as the input wrote it (`YYYY-MM-DD` or RFC 3339).
    pub published: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The rule `published` came from when it is not an input's own date
    /// field (`feed.published`: a feed item's date); `None` is
    /// `input.published`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_rule: Option<String>,
    /// The author the input names (a feed item's author), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

/// One document as a reader found it: undecoded body bytes plus what the input
/// said about it. The pipeline turns it into an [`Article`].
#[derive(Clone, Debug, PartialEq)]
pub struct RawDocument {
    /// Where it came from: a file path, with `#line=N` or `#record=N` for a
    /// record inside a file.
    pub locator: String,
    /// Whether the body is text or HTML.
    pub format: SourceFormat,
    /// The body (HTML or text), not yet decoded.
    pub body: Vec<u8>,
    /// A charset the container declared (HTTP header, JSON's UTF-8), if any.
    pub declared_charset: Option<String>,
    /// SHA-256 (hex) of the original bytes of the file or record.
    pub raw_sha256: String,
    /// What the input stated about the document.
    pub meta: StatedMeta,
}

/// A verified duplicate or containment link between two articles (`a < b`
/// by id). `kind` is the rule that made it: `exact`, `near` (shingle
/// Jaccard), `partial` (a cut or extended copy) or `embeds` (one carries much
/// of the other without being a copy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DupLink {
    /// The smaller id.
    pub a: ArticleId,
    /// The larger id.
    pub b: ArticleId,
    /// The rule that made the link.
    pub kind: String,
    /// Jaccard of the two articles' 5-word shingle sets.
    pub jaccard: f64,
    /// Share of `a`'s shingles found in `b`.
    pub a_in_b: f64,
    /// Share of `b`'s shingles found in `a`.
    pub b_in_a: f64,
}

/// One member of a syndication group, measured against the canonical member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = GroupMemberOut))]
pub struct GroupMember {
    /// The member article.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub id: ArticleId,
    /// Shingle Jaccard with the canonical member (1 for the canonical).
    pub similarity: f64,
    /// Share of this member's text found in the canonical member.
    pub contained: f64,
}

/// Articles that are copies of one another: one source, however many sites
/// ran it. `key` is the smallest member id (stable whatever the ingest
/// order); `canonical` the most complete copy, earliest when known; `origin`
/// the wire agency the members credit, where they credit one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = GroupOut))]
pub struct SyndicationGroup {
    /// The smallest member id: the group's stable name.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub key: ArticleId,
    /// The most complete copy, earliest when known.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub canonical: ArticleId,
    /// The wire agency the members credit, where they credit one.
    pub origin: Option<String>,
    /// Members sorted by id, the canonical among them.
    pub members: Vec<GroupMember>,
}

/// How an event's date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateKind {
    /// A member article states it (an absolute date, or a relative expression
    /// such as "on Tuesday" resolved against the article's publication date).
    Stated,
    /// Derived from weaker evidence (a relative expression resolved against a
    /// bound rather than a publication date); the provenance says from what.
    Inferred,
    /// Only bounds are known (`not_before` / `not_after`).
    Bound,
    /// Nothing is known: shown as undated, never guessed.
    Undated,
}

impl DateKind {
    /// The lowercase name shown and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            DateKind::Stated => "stated",
            DateKind::Inferred => "inferred",
            DateKind::Bound => "bound",
            DateKind::Undated => "undated",
        }
    }
}

/// One piece of evidence behind an event date, traced to its article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateSource {
    /// The article the evidence is in.
    pub article: ArticleId,
    /// The rule, span and confidence of the evidence.
    pub provenance: Provenance,
}

/// An event's fused date: a day (stated or inferred), bounds, or undated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventDate {
    /// How the date is known.
    pub kind: DateKind,
    /// The day, for `stated` and `inferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The earliest day it can be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<NaiveDate>,
    /// The latest day it can be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_after: Option<NaiveDate>,
    /// The evidence the date rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<DateSource>,
}

impl EventDate {
    /// Nothing known: no day, no bounds, no evidence.
    pub fn undated() -> Self {
        EventDate {
            kind: DateKind::Undated,
            date: None,
            not_before: None,
            not_after: None,
            sources: Vec::new(),
        }
    }

    /// The day to sort by: the date, else the tightest bound; `None` when undated.
    pub fn sort_day(&self) -> Option<NaiveDate> {
        self.date.or(self.not_after).or(self.not_before)
    }

    /// A short human form: `2018-01-16 (stated)`, `not after 2018-09-05`, `undated`.
    pub fn display(&self) -> String {
        match (self.kind, self.date, self.not_before, self.not_after) {
            (DateKind::Stated | DateKind::Inferred, Some(d), _, _) => {
                format!("{d} ({})", self.kind.as_str())
            }
            (DateKind::Bound, _, Some(a), Some(b)) if a == b => format!("{a} (bound)"),
            (DateKind::Bound, _, Some(a), Some(b)) => format!("{a}..{b}"),
            (DateKind::Bound, _, Some(a), None) => format!("not before {a}"),
            (DateKind::Bound, _, None, Some(b)) => format!("not after {b}"),
            _ => "undated".to_string(),
        }
    }
}

/// One article of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventMember {
    /// The member article.
    pub article: ArticleId,
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its outlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Its publication day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    /// The syndication unit the article counts in (its syndication group, or
    /// the article itself when it has none).
    pub unit: String,
    /// Cosine similarity to the event when it joined (1 for the opener).
    pub similarity: f32,
}

/// A sentence chosen from an article, with where it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourcedSentence {
    /// The sentence.
    pub text: String,
    /// The article it was taken from.
    pub article: ArticleId,
    /// Byte span in the article's clean text.
    pub span: (usize, usize),
    /// The rule that chose it.
    pub provenance: Provenance,
}

/// Articles about one happening.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// The event's id.
    pub id: u64,
    /// The story it belongs to.
    pub story: u64,
    /// What the event is, in one line.
    pub headline: String,
    /// The article the headline was taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline_article: Option<ArticleId>,
    /// The sentence that says what happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<SourcedSentence>,
    /// The fused date.
    pub date: EventDate,
    /// The event's most characteristic terms.
    pub terms: Vec<String>,
    /// The member articles.
    pub members: Vec<EventMember>,
    /// Distinct syndication units among the members.
    pub independent_sources: usize,
}

/// Events threaded over time by shared actors and topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryRecord {
    /// The story's id.
    pub id: u64,
    /// Its title: the headline of its most central event (a word list of
    /// its most characteristic terms when there is none).
    pub label: String,
    /// The story's most characteristic terms.
    pub terms: Vec<String>,
    /// Its events' ids.
    pub events: Vec<u64>,
    /// Articles over all its events.
    pub articles: usize,
    /// The earliest event day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<NaiveDate>,
    /// The latest event day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<NaiveDate>,
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
