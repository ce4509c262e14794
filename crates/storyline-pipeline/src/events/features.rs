//! The per-article feature record event clustering reads: term counts over
//! the clean text and title, the publication date, and optional signals that
//! other stages add (entity ids, quote keys, a syndication group, date
//! evidence). Missing optional signals simply contribute nothing.

use super::event_dates::{evidence_from_article, DateEvidence, EvidenceKind, EvidenceValue};
use crate::text_norm::is_cjk;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use storyline_model::annotation::ExpressionKind;
use storyline_model::{Annotations, Article, ArticleId, EntityKind};

/// Everything the clustering knows about one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleFeatures {
    /// The article's id.
    pub article: ArticleId,
    /// Its title, when it has one.
    pub title: Option<String>,
    /// The publishing site or outlet.
    pub source: Option<String>,
    /// Its publication date, when known.
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
/// Terms leave out the stop words of the article's detected language.
pub fn article_features(article: &Article) -> ArticleFeatures {
    let language = article.language.as_deref();
    let mut counts: HashMap<String, f32> = HashMap::new();
    if let Some(t) = &article.title {
        for tok in terms_in(t, language) {
            *counts.entry(tok).or_default() += 2.0;
        }
    }
    for tok in terms_in(&article.text, language) {
        *counts.entry(tok).or_default() += 1.0;
    }
    let mut terms: Vec<(String, f32)> = counts.into_iter().collect();
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let name_terms = name_terms_in(&article.text, language);
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

/// The entity keys an article mentions, from the annotate stage's mentions:
/// a stated alias or acronym ("HTS" after "Hayat Tahrir al-Sham (HTS)") and
/// an in-article surname ("Assad" after "Bashar al-Assad") count as the name
/// they stand for; untyped names are left out. Sorted, each once. These are
/// per-article keys (transliteration-aware name keys): a store's event
/// stage uses them too (see [`linked_entity_keys`]), since, unlike its
/// alias-resolved entity ids, they stay the same when entities merge.
pub fn entity_keys(annotations: &Annotations) -> Vec<String> {
    let links: Vec<MentionLink<'_>> = annotations
        .mentions
        .iter()
        .map(|m| MentionLink {
            key: &m.key,
            kind: m.kind,
            alias_of: m.alias_of,
        })
        .collect();
    linked_entity_keys(&links)
}

/// What [`linked_entity_keys`] reads of one mention (a stored mention row).
#[derive(Clone, Copy, Debug)]
pub struct MentionLink<'a> {
    /// The mention's normalised name key.
    pub key: &'a str,
    /// Its type.
    pub kind: EntityKind,
    /// The index of the mention it stands for, in the article's list.
    pub alias_of: Option<usize>,
}

/// [`entity_keys`] of an article's mentions in article order.
pub fn linked_entity_keys(mentions: &[MentionLink<'_>]) -> Vec<String> {
    let mut out: Vec<String> = mentions
        .iter()
        .filter_map(|m| {
            let mut target = m;
            // Follow alias links (bounded: a malformed chain cannot loop).
            for _ in 0..4 {
                match target.alias_of.and_then(|j| mentions.get(j)) {
                    Some(t) => target = t,
                    None => break,
                }
            }
            (target.kind != EntityKind::Other && !target.key.is_empty())
                .then(|| target.key.to_string())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Date evidence from the first relative date expression of a text that
/// names a day ("on Tuesday", "yesterday"): in news style the day of what
/// the article reports. Resolved ones are a day (stated, or inferred when
/// resolved against an inferred publication bound); an unresolved weekday is
/// left for [`super::fuse_event_date`] to place against the article's bounds.
pub fn relative_date_evidence<'a>(
    article: &ArticleId,
    relative: impl IntoIterator<Item = RelativeDay<'a>>,
) -> Option<DateEvidence> {
    let d = relative
        .into_iter()
        .find(|d| d.date.is_some() || weekday_in(d.text).is_some())?;
    let value = match (d.date, weekday_in(d.text)) {
        (Some(day), _) => EvidenceValue::On(day),
        (None, Some(w)) => EvidenceValue::Weekday(w),
        (None, None) => return None,
    };
    Some(DateEvidence {
        value,
        kind: if d.inferred {
            EvidenceKind::Inferred
        } else {
            EvidenceKind::Stated
        },
        article: article.clone(),
        span: Some(d.span),
        rule: format!("annotate.{}", d.rule),
        confidence: d.confidence,
    })
}

/// A relative date expression as the annotate stage resolved it.
#[derive(Clone, Copy, Debug)]
pub struct RelativeDay<'a> {
    /// The expression as written ("on Tuesday", "yesterday").
    pub text: &'a str,
    /// The day it resolved to; `None` when it could not be placed.
    pub date: Option<NaiveDate>,
    /// True when it was resolved against an inferred publication date.
    pub inferred: bool,
    /// Byte span `[start, end)` of the expression in the article's text.
    pub span: (usize, usize),
    /// The annotate rule that found it.
    pub rule: &'a str,
    /// Confidence of that rule, 0 to 1.
    pub confidence: f32,
}

/// The weekday an expression names ("on Tuesday", "Tuesday's").
fn weekday_in(text: &str) -> Option<chrono::Weekday> {
    text.split(|c: char| !c.is_alphabetic())
        .find_map(|w| w.to_ascii_lowercase().parse::<chrono::Weekday>().ok())
}

/// Adds what the annotate stage found in the article to its features, as an
/// ingest does from the store but without store-wide alias resolution:
/// entity keys, quote keys, and the first relative date expression.
pub fn with_annotations(mut f: ArticleFeatures, annotations: &Annotations) -> ArticleFeatures {
    f.entities = entity_keys(annotations);
    for q in &annotations.quotes {
        if !q.partial && !q.key.is_empty() && !f.quote_keys.contains(&q.key) {
            f.quote_keys.push(q.key.clone());
        }
    }
    let relative = annotations
        .dates
        .iter()
        .filter(|d| d.kind == ExpressionKind::Relative)
        .map(|d| RelativeDay {
            text: &d.text,
            date: d.date,
            inferred: d.inferred,
            span: d.provenance.span.unwrap_or((0, 0)),
            rule: &d.provenance.rule,
            confidence: d.provenance.confidence,
        });
    if let Some(e) = relative_date_evidence(&f.article, relative) {
        f.date_evidence.push(e);
    }
    f
}

/// Terms capitalised away from a sentence start in at least 60% of their
/// occurrences (and seen so at least twice), sorted.
pub fn name_terms(text: &str) -> Vec<String> {
    name_terms_in(text, None)
}

/// [`name_terms`] of a text in a known language (ISO 639-1 code).
pub fn name_terms_in(text: &str, language: Option<&str>) -> Vec<String> {
    let mut seen: HashMap<String, (u32, u32)> = HashMap::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if let Some(t) = terms_in(word, language).next() {
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
    terms_in(text, None)
}

/// [`terms`] of a text in a known language (ISO 639-1 code): that
/// language's stop words are left out too (Spanish "que", "del", "las"),
/// besides the English ones every text drops (quotes and names in English
/// turn up in all languages). Runs of Han, Kana or Hangul, written without
/// spaces, give their overlapping character bigrams (as the search index
/// cuts them), except bigrams holding Hiragana (particles and endings) or a
/// one-character stop word (Chinese 在, 的), which mostly straddle words.
pub fn terms_in<'a>(text: &'a str, language: Option<&str>) -> impl Iterator<Item = String> + 'a {
    let stops = language.and_then(stop_words_of);
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .flat_map(move |w| {
            if w.chars().any(is_cjk) {
                None.into_iter().chain(mixed_script_terms(w, stops))
            } else {
                word_term(w, stops).into_iter().chain(Vec::new())
            }
        })
}

/// True when `w` (lowercase) is an English stop word or one of `stops`.
fn is_stop(w: &str, stops: Option<&HashSet<&'static str>>) -> bool {
    is_stop_word(w) || stops.is_some_and(|s| s.contains(w))
}

/// The term of one space-delimited word, if it is one.
fn word_term(w: &str, stops: Option<&HashSet<&'static str>>) -> Option<String> {
    let w = w
        .trim_matches(|c| c == '\'' || c == '’')
        .trim_end_matches("'s")
        .trim_end_matches("’s");
    if w.chars().count() < 3 || w.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let lower = w.to_lowercase();
    if is_stop(&lower, stops) {
        return None;
    }
    Some(fold_plural(lower))
}

/// The terms of a word holding CJK characters: bigrams of its CJK runs and
/// the terms of what lies between them.
fn mixed_script_terms(w: &str, stops: Option<&HashSet<&'static str>>) -> Vec<String> {
    let hiragana = |c: char| ('\u{3040}'..='\u{309F}').contains(&c);
    let mut out = Vec::new();
    let mut rest = w;
    while !rest.is_empty() {
        let cjk = rest.starts_with(is_cjk);
        let end = rest
            .char_indices()
            .find(|&(_, c)| is_cjk(c) != cjk)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        if cjk {
            let chars: Vec<char> = run.chars().collect();
            for pair in chars.windows(2) {
                if pair
                    .iter()
                    .any(|&c| hiragana(c) || is_stop(c.encode_utf8(&mut [0; 4]), stops))
                {
                    continue;
                }
                let gram: String = pair.iter().collect();
                if !is_stop(&gram, stops) {
                    out.push(gram);
                }
            }
        } else {
            out.extend(word_term(run, stops));
        }
        rest = tail;
    }
    out
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

/// The stop words of a language other than English (its stopwords-iso list,
/// from the `stop-words` crate), by ISO 639-1 code; `None` for English (the
/// hand-kept list below, which keeps words such as "new" or "world" that
/// the English stopwords-iso list drops) and for languages without a list.
fn stop_words_of(language: &str) -> Option<&'static HashSet<&'static str>> {
    static LISTS: OnceLock<HashMap<&'static str, HashSet<&'static str>>> = OnceLock::new();
    let lists = LISTS.get_or_init(|| {
        stop_words::available_languages()
            .iter()
            .filter(|code| **code != "en")
            .filter_map(|code| {
                let words = stop_words::lookup(code)?;
                Some((*code, words.iter().copied().collect()))
            })
            .collect()
    });
    lists.get(language)
}

/// English function words, reporting verbs and weekday names that say
/// nothing about what happened.
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
    STOP.contains(&w) || crate::dates::WEEKDAY_NAMES.contains(&w)
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

    fn spanish_article(text: &str) -> Article {
        Article {
            id: ArticleId("es".into()),
            path: None,
            url: None,
            source: None,
            source_provenance: None,
            external_id: None,
            title: Some("El Gobierno de España aprueba la reforma de las pensiones".into()),
            text: text.into(),
            published: storyline_model::Published::undated(),
            language: Some("es".into()),
            format: storyline_model::SourceFormat::Text,
            raw_sha256: String::new(),
            dateline: None,
            wire_credit: None,
            removed: vec![],
        }
    }

    #[test]
    fn spanish_function_words_are_not_terms() {
        let t: Vec<String> = terms_in(
            "El Gobierno dijo que la reforma de las pensiones del país sigue por buen camino.",
            Some("es"),
        )
        .collect();
        for stop in ["que", "del", "las", "por"] {
            assert!(!t.iter().any(|w| w == stop), "{stop} in {t:?}");
        }
        assert!(t.contains(&"gobierno".to_string()), "{t:?}");
        assert!(t.contains(&"reforma".to_string()), "{t:?}");
        assert!(t.contains(&"pensione".to_string()), "{t:?}");
        // Without the language, the English list alone keeps them.
        assert!(terms("que del las por").any(|w| w == "que"));
    }

    #[test]
    fn german_and_french_function_words_are_not_terms() {
        let de: Vec<String> = terms_in(
            "Die Regierung hat über die neue Reform der Renten und für die Bahn gesprochen.",
            Some("de"),
        )
        .collect();
        for stop in ["die", "der", "und", "für", "hat", "über"] {
            assert!(!de.iter().any(|w| w == stop), "{stop} in {de:?}");
        }
        assert!(de.contains(&"regierung".to_string()), "{de:?}");
        let fr: Vec<String> = terms_in(
            "Le gouvernement a présenté les mesures pour une réforme des retraites dans le pays.",
            Some("fr"),
        )
        .collect();
        for stop in ["les", "pour", "une", "des", "dans"] {
            assert!(!fr.iter().any(|w| w == stop), "{stop} in {fr:?}");
        }
        assert!(fr.contains(&"gouvernement".to_string()), "{fr:?}");
    }

    #[test]
    fn chinese_and_japanese_runs_give_bigrams_without_kana_endings() {
        let zh: Vec<String> =
            terms_in("華為今天在台北發表新款手機，華為表示", Some("zh")).collect();
        assert!(zh.contains(&"華為".to_string()), "{zh:?}");
        assert!(zh.contains(&"台北".to_string()), "{zh:?}");
        assert_eq!(zh.iter().filter(|t| *t == "華為").count(), 2, "{zh:?}");
        let ja: Vec<String> = terms_in("東京都は新しい防災計画を発表した", Some("ja")).collect();
        assert!(ja.contains(&"防災".to_string()), "{ja:?}");
        assert!(!ja.iter().any(|t| t == "した" || t == "い防"), "{ja:?}");
        assert!(!zh.iter().any(|t| t == "在台"), "{zh:?}");
        let mixed: Vec<String> = terms_in("在iPhone发布会上", None).collect();
        assert!(mixed.contains(&"iphone".to_string()), "{mixed:?}");
        assert!(mixed.contains(&"发布".to_string()), "{mixed:?}");
    }

    #[test]
    fn spanish_article_features_keep_content_words_only() {
        let a = spanish_article(
            "El Gobierno de España aprobó el martes la reforma de las pensiones. \
             Según el Gobierno, la reforma de las pensiones entra en vigor por ley.",
        );
        let f = article_features(&a);
        let mut top = f.terms.clone();
        top.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        let top: Vec<&str> = top.iter().take(4).map(|t| t.0.as_str()).collect();
        assert_eq!(top, vec!["gobierno", "pensione", "reforma", "españa"]);
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

    /// The features of article `id` published on `published`, with no
    /// terms, entities, quotes, group or date evidence.
    fn bare_features(id: &str, published: Option<NaiveDate>) -> ArticleFeatures {
        ArticleFeatures {
            article: ArticleId(id.into()),
            title: None,
            source: None,
            published,
            terms: vec![],
            name_terms: vec![],
            entities: vec![],
            quote_keys: vec![],
            syndication_group: None,
            date_evidence: vec![],
        }
    }

    #[test]
    fn unit_is_the_group_when_known() {
        let mut f = bare_features("abc", None);
        assert_eq!(f.unit(), "a:abc");
        f.syndication_group = Some("7".into());
        assert_eq!(f.unit(), "g:7");
    }

    #[test]
    fn annotations_add_entities_through_aliases_and_the_first_relative_day() {
        use crate::annotate::names::name_key;
        let text = "Hayat Tahrir al-Sham (HTS) leader Abu Mohammed al-Jolani said on Tuesday \
                    that HTS would fight on. Jolani spoke in Idlib.";
        let published = NaiveDate::from_ymd_opt(2018, 1, 17);
        let ann = crate::annotate::annotate(text, published);
        let plain = bare_features("x", published);
        let f = with_annotations(plain, &ann);
        // The acronym and the surname count as the names they stand for.
        assert!(
            f.entities.contains(&name_key("Abu Mohammed al-Jolani")),
            "{:?}",
            f.entities
        );
        assert!(!f.entities.contains(&name_key("HTS")), "{:?}", f.entities);
        assert!(
            !f.entities.contains(&name_key("Jolani")),
            "{:?}",
            f.entities
        );
        let day = f.date_evidence.iter().find_map(|e| match e.value {
            EvidenceValue::On(d) => Some(d),
            _ => None,
        });
        assert_eq!(day, NaiveDate::from_ymd_opt(2018, 1, 16));
    }
}
