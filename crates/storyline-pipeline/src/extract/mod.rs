//! Extraction: from a raw document (bytes of an HTML page or a text) to an
//! [`storyline_model::Article`]'s text, title, publication date and language.
//!
//! In the order a document goes through them:
//!
//! - [`decode`]: bytes to NFC text (encoding detection, binary refusal);
//! - [`rawtext`]: script and style bodies cut before parsing (speed);
//! - [`fasttok`]: the fast HTML tokenizer and tree builder the extraction
//!   parses with; [`treedump`] dumps a tree to compare it with html5ever's;
//! - [`html`]: main text and metadata of an HTML page;
//! - [`pubdate`]: publication date of an HTML page with provenance;
//! - [`clean`]: chrome removal and metadata lines in scraped text;
//! - [`lineclass`]: the learned classifier of the lines the rules leave open;
//! - [`placeholder`]: lorem ipsum, JavaScript notices and paywall teasers;
//! - [`sitelines`]: lines repeated across a site's articles (corpus-aware chrome);
//! - [`textsite`]: the site of a text page that states none, from what it says;
//! - [`article`]: the assembly of all of the above into an article;
//! - [`settings`]: the named thresholds of [`html`] and [`clean`].
//!
//! Helpers: [`dates`] parses machine and prose dates (also used by
//! annotation and event dating); `class_words` splits class and id
//! attributes into words; `word_regex` builds word-bounded regexes.
//!
//! A new extraction step goes in its own file here, called from
//! [`article::extract_document`] or [`html`]; a new threshold of the
//! main-text choice or of cleaning goes in [`settings`], one of dating next
//! to the others in [`pubdate`].

pub mod article;
pub(crate) mod class_words;
pub mod clean;
pub mod dates;
pub mod decode;
pub mod fasttok;
pub mod html;
pub mod lineclass;
pub mod placeholder;
pub mod pubdate;
pub mod rawtext;
pub mod settings;
pub mod sitelines;
pub mod textsite;
#[doc(hidden)]
pub mod treedump;
pub(crate) mod word_regex;
