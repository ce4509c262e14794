//! Storyline's pipeline: pure stages from a raw document to an article.
//!
//! Every stage is a function of its inputs and settings: no I/O, no clock, no
//! randomness, so the same input always gives the same output.
//!
//! One folder per stage, in the order an article meets them:
//!
//! - [`extract`]: decoding, HTML extraction, publication dates, cleaning and
//!   the assembly into an [`storyline_model::Article`];
//! - [`dedup`]: exact and near-duplicates, containment, syndication groups;
//! - [`annotate`]: entity mentions, quotes and date expressions; alias resolution;
//! - [`events`]: events, stories, event dates, summaries and timelines.
//!
//! Beside them, two single-file text utilities that several stages (and the
//! store's search) share, so they belong to none of the stage folders:
//!
//! - [`language`]: ISO 639-1 language codes of whatlang's detections;
//! - [`text_norm`]: script spelling folds (Arabic) shared by search and name keys.
//!
//! Dates are handled in five places, each with one job:
//! [`extract::dates`] parses machine dates and absolute dates in prose (used by
//! all stages); [`extract::pubdate`] finds a page's publication date;
//! [`annotate::temporal`] finds date expressions (relative ones too) in an
//! article's text; [`events::event_dates`] fuses the evidence of an event's
//! articles into one event date; [`events::datewise`] ranks the days of a
//! date-wise timeline.
//!
//! The extraction modules are re-exported at the crate root
//! (`storyline_pipeline::html`, `storyline_pipeline::dates`, ...), the paths
//! the other crates use.

#![warn(missing_docs)]

pub mod annotate;
pub mod dedup;
pub mod events;
pub mod extract;
pub mod language;
pub mod text_norm;

#[doc(hidden)]
pub use extract::treedump;
pub use extract::{
    article, clean, dates, decode, fasttok, html, lineclass, placeholder, pubdate, rawtext,
    settings, sitelines, textsite,
};
use extract::{class_words, word_regex};

pub use article::{
    article_id, build_article, document_date, extract_document, page_summary, Draft, Settings,
};
pub use settings::{CleanSettings, ExtractSettings};

/// Why a document could not become an article.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The body is empty or white space only, before or after decoding.
    #[error("empty input: no text in it")]
    Empty,
    /// The body looks like binary data (control bytes), not text in any encoding.
    #[error("binary content: not a text or HTML document")]
    Binary,
    /// The body is over `Settings::max_body_bytes` and was not read.
    #[error("input too large: {size} bytes, the limit is {limit}")]
    TooLarge {
        /// The body's length in bytes.
        size: usize,
        /// The largest body accepted, in bytes.
        limit: usize,
    },
    /// Extraction and cleaning left no article text.
    #[error("no article text found after extraction")]
    NoText,
    /// The page is an index, listing or navigation page with no main article.
    #[error("an index or listing page, not an article")]
    NoArticle,
    /// The text is a placeholder (lorem ipsum, a script notice, a paywall teaser).
    #[error("placeholder text, not an article: {}", .0.describe())]
    Placeholder(placeholder::Placeholder),
    /// The HTML parser could not read the page; the message says why.
    #[error("unparseable page: {0}")]
    Unparseable(&'static str),
}
