//! The per-article feature record event clustering reads: term counts over
//! the clean text and title, the publication date, and optional signals that
//! other stages add (entity ids, quote keys, a syndication group, date
//! evidence). Missing optional signals simply contribute nothing.

use super::dates::{evidence_from_article, DateEvidence};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use storyline_model::{Article, ArticleId};

/// Everything the clustering knows about one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleFeatures {
    pub article: ArticleId,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
    /// Term counts (title terms counted twice), sorted by term.
    pub terms: Vec<(String, f32)>,
    /// Terms written as names (capitalised away from the start of a
    /// sentence in most of their occurrences): the actors and places that
    /// thread events into stories, until entity linking supplies ids.
    #[serde(default)]
    pub name_terms: Vec<String>,
    /// Entity ids mentioned (issue 5's entity linking; empty until then).
    #[serde(default)]
    pub entities: Vec<String>,
    /// Normalised keys of direct quotes (empty until quotes are extracted).
    #[serde(default)]
    pub quote_keys: Vec<String>,
    /// The syndication group the article belongs to; `None` = its own unit.
    #[serde(default)]
    pub syndication_group: Option<String>,
    /// Evidence for the date of what the article reports.
    #[serde(default)]
    pub date_evidence: Vec<DateEvidence>,
}

impl ArticleFeatures {
    /// The syndication unit: the group when known, else the article itself.
    pub fn unit(&self) -> String {
        match &self.syndication_group {
            Some(g) => format!("g:{g}"),
            None => format!("a:{}", self.article),
        }
    }
}

/// Builds the feature record of an article from what the foundation stores.
pub fn article_features(article: &Article) -> ArticleFeatures {
    let mut counts: HashMap<String, f32> = HashMap::new();
    if let Some(t) = &article.title {
        for tok in terms(t) {
            *counts.entry(tok).or_default() += 2.0;
        }
    }
    for tok in terms(&article.text) {
        *counts.entry(tok).or_default() += 1.0;
    }
    let mut terms: Vec<(String, f32)> = counts.into_iter().collect();
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let name_terms = name_terms(&article.text);
    let quote_keys = quote_keys(&article.text);
    ArticleFeatures {
        article: article.id.clone(),
        title: article.title.clone(),
        source: article.source.clone(),
        published: article.published.date,
        terms,
        name_terms,
        entities: Vec::new(),
        quote_keys,
        syndication_group: None,
        date_evidence: evidence_from_article(article),
    }
}

/// Terms capitalised away from a sentence start in at least 60% of their
/// occurrences (and seen so at least twice), sorted.
pub fn name_terms(text: &str) -> Vec<String> {
    let mut seen: HashMap<String, (u32, u32)> = HashMap::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if let Some(t) = terms(word).next() {
            let e = seen.entry(t).or_default();
            e.0 += 1;
            if capital && !sentence_start {
                e.1 += 1;
            }
        }
        sentence_start =
            raw.ends_with(['.', '!', '?', ':', '"', '”']) || raw.starts_with(['"', '“']);
    }
    let mut out: Vec<String> = seen
        .into_iter()
        .filter(|(_, (n, cap))| *cap >= 2 && *cap as f32 >= 0.6 * *n as f32)
        .map(|(t, _)| t)
        .collect();
    out.sort();
    out
}

/// Words per quote shingle: two reports quoting the same passage share
/// shingles even when each quotes a different stretch of it.
const QUOTE_SHINGLE: usize = 6;
/// Shingles kept per article (the first ones: leads quote what matters).
const MAX_QUOTE_KEYS: usize = 40;

/// Keys of the passages the text quotes directly (between double quotes):
/// every run of six words, lowercased, inside a quote of six words or more.
/// Until quote extraction with speakers lands, this is the quote signal.
pub fn quote_keys(text: &str) -> Vec<String> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r#"["“]([^"“”\n]{20,600})["”]"#).unwrap());
    let mut keys = Vec::new();
    for c in re.captures_iter(text) {
        let words: Vec<String> = c[1]
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for w in words.windows(QUOTE_SHINGLE) {
            keys.push(w.join(" "));
        }
        if keys.len() >= MAX_QUOTE_KEYS {
            break;
        }
    }
    keys.truncate(MAX_QUOTE_KEYS);
    keys.sort();
    keys.dedup();
    keys
}

/// The index terms of a text: lowercased words of three letters or more,
/// without stop words, with a light plural fold ("rebels" -> "rebel").
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter_map(|w| {
            let w = w
                .trim_matches(|c| c == '\'' || c == '’')
                .trim_end_matches("'s")
                .trim_end_matches("’s");
            if w.chars().count() < 3 || w.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let lower = w.to_lowercase();
            if is_stop_word(&lower) {
                return None;
            }
            Some(fold_plural(lower))
        })
}

fn fold_plural(w: String) -> String {
    if w.len() > 4
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        if let Some(stem) = w.strip_suffix("ies") {
            return format!("{stem}y");
        }
        return w[..w.len() - 1].to_string();
    }
    w
}

/// English function words and reporting verbs that say nothing about what happened.
fn is_stop_word(w: &str) -> bool {
    const STOP: &[&str] = &[
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "although",
        "among",
        "and",
        "another",
        "any",
        "are",
        "around",
        "because",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "can",
        "could",
        "did",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "either",
        "even",
        "ever",
        "every",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "into",
        "its",
        "itself",
        "just",
        "last",
        "least",
        "less",
        "like",
        "made",
        "make",
        "many",
        "may",
        "more",
        "most",
        "much",
        "must",
        "near",
        "need",
        "never",
        "new",
        "next",
        "nor",
        "not",
        "now",
        "off",
        "once",
        "one",
        "only",
        "other",
        "others",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "per",
        "said",
        "same",
        "say",
        "says",
        "saying",
        "she",
        "should",
        "since",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "told",
        "too",
        "two",
        "under",
        "until",
        "upon",
        "very",
        "was",
        "way",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "year",
        "years",
        "yet",
        "you",
        "your",
        "yours",
        "first",
        "three",
        "week",
        "weeks",
        "day",
        "days",
        "time",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tomorrow",
        "according",
        "added",
        "including",
        "people",
        "well",
        "back",
        "get",
        "got",
        "going",
        "know",
        "take",
        "taken",
        "took",
        "come",
        "came",
        "see",
        "seen",
        "want",
        "think",
        "thing",
        "things",
        "good",
        "part",
        "dont",
        "don't",
        "it's",
        "i'm",
        "mr",
        "mrs",
        "ms",
        "really",
        "lot",
        "set",
        "use",
        "used",
        "via",
        "within",
        "cent",
    ];
    STOP.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_drop_function_words_and_fold_plurals() {
        let t: Vec<String> =
            terms("The rebels said they captured 12 towns in Idlib's north.").collect();
        assert_eq!(t, vec!["rebel", "captured", "town", "idlib", "north"]);
    }

    #[test]
    fn names_are_terms_capitalised_inside_sentences() {
        let t = "Rebels met in Idlib on Monday. Protests spread. Assad's forces shelled Idlib. \
                 The rebels said Assad would fall. Forces loyal to Assad regrouped.";
        assert_eq!(name_terms(t), vec!["assad", "idlib"]);
    }

    #[test]
    fn quote_keys_match_overlapping_stretches_of_one_quote() {
        let a = quote_keys(
            "He said: “For 100 days, we have been fighting one of the fiercest battles.”",
        );
        let b = quote_keys(
            "\"We have been fighting one of the fiercest battles on all levels,\" he said.",
        );
        assert!(a.iter().any(|k| b.contains(k)));
        assert!(quote_keys("a \"short one\" here").is_empty());
    }

    #[test]
    fn unit_is_the_group_when_known() {
        let mut f = ArticleFeatures {
            article: ArticleId("abc".into()),
            title: None,
            source: None,
            published: None,
            terms: vec![],
            name_terms: vec![],
            entities: vec![],
            quote_keys: vec![],
            syndication_group: None,
            date_evidence: vec![],
        };
        assert_eq!(f.unit(), "a:abc");
        f.syndication_group = Some("7".into());
        assert_eq!(f.unit(), "g:7");
    }
}
