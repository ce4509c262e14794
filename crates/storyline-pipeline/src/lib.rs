//! Storyline's pipeline: pure stages from a raw document to an article.
//!
//! Every stage is a function of its inputs and settings: no I/O, no clock, no
//! randomness, so the same input always gives the same output.
//!
//! - [`decode`]: bytes to NFC text (encoding detection, binary refusal);
//! - [`html`]: main text and metadata of an HTML page;
//! - [`pubdate`]: publication date of an HTML page with provenance;
//! - [`rawtext`]: script and style bodies cut before parsing (speed);
//! - [`clean`]: chrome removal and metadata lines in scraped text;
//! - [`placeholder`]: lorem ipsum, JavaScript notices and paywall teasers;
//! - [`sitelines`]: lines repeated across a site's articles (corpus-aware chrome);
//! - [`dates`]: date parsing shared by the stages;
//! - [`language`]: ISO 639-1 language codes of whatlang's detections;
//! - [`text_norm`]: script spelling folds (Arabic) shared by search and name keys;
//! - [`dedup`]: exact and near-duplicates, containment, syndication groups;
//! - [`events`]: events, stories, event dates, summaries and timelines;
//! - [`annotate`]: entity mentions, quotes and date expressions; alias resolution;
//! - [`article`]: the assembly of all of the above into an [`storyline_model::Article`].

pub mod annotate;
pub mod article;
mod class_words;
pub mod clean;
pub mod dates;
pub mod decode;
pub mod dedup;
pub mod events;
pub mod fasttok;
pub mod html;
pub mod language;
pub mod placeholder;
pub mod pubdate;
pub mod rawtext;
pub mod sitelines;
pub mod text_norm;
#[doc(hidden)]
pub mod treedump;
mod word_regex;

pub use article::{
    article_id, build_article, document_date, extract_document, page_summary, Draft, Settings,
};

/// Why a document could not become an article.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("empty input: no text in it")]
    Empty,
    #[error("binary content: not a text or HTML document")]
    Binary,
    #[error("input too large: {size} bytes, the limit is {limit}")]
    TooLarge { size: usize, limit: usize },
    #[error("no article text found after extraction")]
    NoText,
    #[error("an index or listing page, not an article")]
    NoArticle,
    #[error("placeholder text, not an article: {}", .0.describe())]
    Placeholder(placeholder::Placeholder),
    #[error("unparseable page: {0}")]
    Unparseable(&'static str),
}
