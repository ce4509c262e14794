//! The annotate stage: who and what an article is about, what people said,
//! and when things happened.
//!
//! - [`names`]: transliteration-aware name keys and comparison;
//! - [`entities`]: typed entity mentions (titles, kunya, acronyms, aliases);
//! - [`prose`]: URLs, addresses and code, which hold no names;
//! - [`quotes`]: direct quotes with cue and speaker;
//! - [`gender`]: the gender a name or title carries, for pronoun agreement;
//! - [`temporal`]: date expressions resolved against the publication date;
//! - [`translit`]: Arabic-script and Cyrillic names read in Latin letters;
//! - [`script_names`]: entity mentions in Arabic script, by gazetteer and cue;
//! - [`resolve`]: alias resolution of names across a whole store into entities;
//! - [`quote_bank`]: quote normalisation for deduplication across articles.
//!
//! Spans are byte offsets in the article's clean text (`Article::text`).

pub mod entities;
pub mod gender;
pub mod lexicon;
pub mod names;
pub mod prose;
pub mod quote_bank;
pub mod quotes;
pub mod resolve;
pub mod script_names;
pub mod temporal;
pub mod translit;

use chrono::NaiveDate;
use storyline_model::{Annotations, EntityKind, Provenance};

/// Annotates one article's clean text. `published` is its publication date
/// when known; relative dates are resolved against it (or against the
/// text's own bound when it is unknown).
pub fn annotate(text: &str, published: Option<NaiveDate>) -> Annotations {
    let mut mentions = entities::find_mentions(text);
    link_surnames_in_article(&mut mentions);
    let quotes = quotes::find_quotes(text, &mentions);
    let dates = temporal::find_dates(text, published);
    let publication_bound = if published.is_none() {
        temporal::publication_bound(text)
    } else {
        None
    };
    Annotations {
        mentions,
        quotes,
        dates,
        publication_bound,
    }
}

pub use storyline_model::annotation::SURNAME_RULE;

/// A one-word name that is the surname of exactly one longer person name in
/// the same article points to it; with two people of that surname in the
/// article it points nowhere. Persons only: a one-word place or organisation
/// is left alone.
fn link_surnames_in_article(mentions: &mut [storyline_model::Mention]) {
    // Distinct multi-word person names (the first mention of each).
    let mut seen = std::collections::HashSet::new();
    let multi: Vec<usize> = (0..mentions.len())
        .filter(|&j| {
            let o = &mentions[j];
            o.kind == EntityKind::Person
                && o.key.contains(' ')
                && o.alias_of.is_none()
                && seen.insert(o.key.clone())
        })
        .collect();
    let mut cache: std::collections::HashMap<String, Option<usize>> =
        std::collections::HashMap::new();
    for k in 0..mentions.len() {
        let m = &mentions[k];
        if m.alias_of.is_some() || m.key.contains(' ') || names::is_acronym(&m.text) {
            continue;
        }
        if matches!(m.kind, EntityKind::Place | EntityKind::Organisation) {
            continue;
        }
        let target = *cache.entry(m.key.clone()).or_insert_with(|| {
            let mut targets: Vec<usize> = Vec::new();
            for &j in &multi {
                let o = &mentions[j];
                if names::relate(&m.text, &o.text) == names::NameRelation::Surname
                    && !targets.iter().any(|&t| {
                        names::relate(&mentions[t].text, &o.text) == names::NameRelation::Same
                    })
                {
                    targets.push(j);
                }
            }
            match targets[..] {
                [t] => Some(t),
                _ => None,
            }
        });
        if let Some(t) = target {
            let span = mentions[k].provenance.span;
            mentions[k].alias_of = Some(t);
            mentions[k].kind = EntityKind::Person;
            mentions[k].provenance = Provenance {
                rule: SURNAME_RULE.into(),
                span,
                confidence: 0.85,
            };
        }
    }
}
