//! What the annotate stage finds in an article: entity mentions, direct
//! quotes with their speakers, and date expressions, each with its
//! [`Provenance`] (rule, byte span in the article's clean text, confidence).

use crate::Provenance;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The type of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, party, agency, armed group or other body.
    Organisation,
    /// A country, city, region or site.
    Place,
    /// A proper name the stage could not type.
    Other,
}

impl EntityKind {
    /// The lowercase name shown and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Place => "place",
            EntityKind::Other => "other",
        }
    }

    /// The kind's place in [`NameNode::votes`]: person, organisation, place,
    /// other.
    pub fn vote_index(self) -> usize {
        match self {
            EntityKind::Person => 0,
            EntityKind::Organisation => 1,
            EntityKind::Place => 2,
            EntityKind::Other => 3,
        }
    }

    /// Parses `person`, `organisation` (or `organization`, `org`), `place`
    /// (or `location`), `other`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "person" | "per" | "people" => Some(EntityKind::Person),
            "organisation" | "organization" | "org" => Some(EntityKind::Organisation),
            "place" | "location" | "loc" | "gpe" => Some(EntityKind::Place),
            "other" | "misc" => Some(EntityKind::Other),
            _ => None,
        }
    }
}

/// One occurrence of a proper name in an article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The name as written, without title or possessive ("Abu Mohammed al-Jolani").
    pub text: String,
    /// The transliteration-aware normalised key ("abu muhammad jolani").
    pub key: String,
    /// The type this mention's context suggests.
    pub kind: EntityKind,
    /// A title or role written before the name ("Turkish Foreign Minister").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// For an acronym or a stated alias: the index (in the article's mention
    /// list) of the mention it stands for, when the text says so
    /// ("Hayat Tahrir al-Sham (HTS)", "X, known as Y").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_of: Option<usize>,
    /// The rule, the name's byte span and a confidence.
    pub provenance: Provenance,
}

/// A direct quote and who said it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quote marks.
    pub text: String,
    /// The quote-bank key: the same words quoted elsewhere get the same key.
    pub key: String,
    /// The speaker as resolved to a name, when one was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The speaker's normalised name key (for joining to an entity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_key: Option<String>,
    /// The words that named the speaker at the cue ("he", "the HTS leader", "Jolani").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_text: Option<String>,
    /// Byte span of `speaker_text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_span: Option<(usize, usize)>,
    /// The cue ("said", "told", "according to", "in a video posted on").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// Byte span of the cue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue_span: Option<(usize, usize)>,
    /// True when the quote is part of a sentence of reported speech
    /// (`said Syria's rebels could "overcome these crises"`).
    pub partial: bool,
    /// Span (in `provenance`) covers the quote marks too.
    pub provenance: Provenance,
}

/// How a date expression relates to the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpressionKind {
    /// Day, month and year written out.
    Absolute,
    /// Day and month written, the year taken from the reference date.
    Partial,
    /// Relative to the publication date ("on Tuesday", "yesterday", "last week").
    Relative,
}

/// A date expression in the text, resolved when it can be.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateExpression {
    /// The expression as written.
    pub text: String,
    /// How it relates to the calendar.
    pub kind: ExpressionKind,
    /// The day it denotes, when one day is meant and known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Bounds of what it denotes ("last week": the seven days before; a
    /// weekday against an inferred publication bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<NaiveDate>,
    /// The upper bound of what it denotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_after: Option<NaiveDate>,
    /// True when resolved against a publication date that was itself inferred
    /// (a bound from the text), not stated.
    pub inferred: bool,
    /// The rule, the expression's byte span and a confidence.
    pub provenance: Provenance,
}

/// The publication date's bound inferred from the text when the article has
/// no publication date: it cannot be earlier than the latest absolute date it
/// mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicationBound {
    /// The latest absolute date the text mentions.
    pub not_before: NaiveDate,
    /// Where that date is written.
    pub provenance: Provenance,
}

/// Everything the annotate stage found in one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    /// Proper names, in text order.
    pub mentions: Vec<Mention>,
    /// Direct quotes, in text order.
    pub quotes: Vec<Quote>,
    /// Date expressions, in text order.
    pub dates: Vec<DateExpression>,
    /// The inferred bound, when the article has no publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication_bound: Option<PublicationBound>,
}

/// Rule name of an in-article surname link: the mention stands for the longer
/// name in that article only (not a statement that the names are one
/// everywhere).
pub const SURNAME_RULE: &str = "entity.surname_in_article";

/// One distinct name key of the store, as alias resolution sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NameNode {
    /// The normalised name key.
    pub key: String,
    /// Its most frequent surface form.
    pub text: String,
    /// Mentions of the key over the store.
    pub mentions: u64,
    /// Type votes (summed confidences) for person, organisation, place, other.
    pub votes: [f32; 4],
}

/// Two names an article stated to be one entity (a defined acronym, "known as").
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NameLink {
    /// One name key.
    pub a: String,
    /// The other name key.
    pub b: String,
}

/// A user's merge or split decision, keyed by normalised names so that it
/// survives re-ingest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasRule {
    /// True for merge, false for split.
    pub merge: bool,
    /// One name, normalised.
    pub a: String,
    /// The other name, normalised.
    pub b: String,
}

impl AliasRule {
    /// The two names in stored order (the smaller first), so a decision and
    /// its mirror image are one stored rule.
    pub fn ordered_names(&self) -> (&str, &str) {
        if self.a <= self.b {
            (&self.a, &self.b)
        } else {
            (&self.b, &self.a)
        }
    }

    /// The action as stored: `merge` or `split`.
    pub fn action(&self) -> &'static str {
        if self.merge {
            "merge"
        } else {
            "split"
        }
    }

    /// The stored action a newer decision on the same pair replaces.
    pub fn opposite_action(&self) -> &'static str {
        if self.merge {
            "split"
        } else {
            "merge"
        }
    }
}

/// An entity: the names of the store that are one person, organisation or place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// 16 hex digits hashed from the canonical key (stable across rebuilds).
    pub id: String,
    /// The name shown for it: its most mentioned full (multi-word) form.
    pub canonical: String,
    /// The key of the canonical name.
    pub canonical_key: String,
    /// Its type, from the votes of all its mentions.
    pub kind: EntityKind,
    /// Every name key of the entity.
    pub keys: Vec<String>,
}
