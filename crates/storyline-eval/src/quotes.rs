//! Quote finding and speaker attribution scored on a hand-annotated gold
//! set of direct quotations (`corpus/eval/quotes.gold.jsonl`): reading and
//! checking the gold, locating each quotation in its Timeline17 article,
//! matching the annotate stage's quotes to it by span overlap, and the
//! report (quotations found, precision, named speaker right, anonymous
//! kept anonymous), per split part, overall and per kind of attribution.

use crate::t17::{read_set, T17Article};
use crate::EvalError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use storyline_pipeline::annotate::annotate;

/// The gold speaker of a quotation with no named speaker.
pub const UNNAMED: &str = "unnamed";

/// How the article attributes a gold quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// A cue in the same sentence names the speaker (`Rasmussen said`).
    DirectCue,
    /// A pronoun at the cue (`he said`) whose antecedent the article makes clear.
    Pronoun,
    /// A description at the cue (`the president said`) of a person the
    /// article names earlier.
    Nominal,
    /// A paragraph with no cue that continues the previous paragraph's speaker.
    Continuation,
    /// The speaker is not named (`a rebel spokesman`, `witnesses`).
    Anonymous,
}

impl QuoteKind {
    /// The name used in the gold file and the report.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::DirectCue => "direct_cue",
            QuoteKind::Pronoun => "pronoun",
            QuoteKind::Nominal => "nominal",
            QuoteKind::Continuation => "continuation",
            QuoteKind::Anonymous => "anonymous",
        }
    }
}

/// One line of the gold file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldQuote {
    /// The Timeline17 set (`SyrianCrisis_bbc`).
    pub collection: String,
    /// The article's id in that set.
    pub article: String,
    /// The part of the gold the quotation belongs to (`tune` or `report`).
    pub split: String,
    /// The quoted words exactly as in the article text, without the marks.
    pub quote: String,
    /// Which occurrence of `quote` in the article is meant (0 = the first).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub occurrence: usize,
    /// The speaker's full name as the article gives it, or [`UNNAMED`].
    pub speaker: String,
    /// Other names the article gives the same speaker (an acronym it defines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speaker_aliases: Vec<String>,
    /// How the article describes an unnamed speaker (`a rebel spokesman`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How the article attributes the quotation.
    pub kind: QuoteKind,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl GoldQuote {
    /// Whether the gold names the speaker.
    pub fn is_named(&self) -> bool {
        self.speaker != UNNAMED
    }
}

/// Reads the gold file's lines (blank lines skipped) and checks each: an
/// unnamed speaker has a description and the kind `anonymous`, a named one
/// another kind. `path` names the file in errors.
pub fn read_gold(path: &Path, text: &str) -> Result<Vec<(usize, GoldQuote)>, EvalError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldQuote = crate::parse_json_line(path, i + 1, line)?;
        let bad = |reason: &str| EvalError::format(path, i + 1, reason);
        if g.quote.trim().is_empty() {
            return Err(bad("empty quote"));
        }
        match (g.is_named(), g.kind == QuoteKind::Anonymous) {
            (true, true) => return Err(bad("a named speaker cannot be of kind anonymous")),
            (false, false) => return Err(bad("an unnamed speaker must be of kind anonymous")),
            (false, true) if g.description.is_none() => {
                return Err(bad("an unnamed speaker needs a description"))
            }
            _ => {}
        }
        out.push((i + 1, g));
    }
    Ok(out)
}

/// The byte span of the `occurrence`-th appearance of `quote` in `text`.
pub fn locate(text: &str, quote: &str, occurrence: usize) -> Option<(usize, usize)> {
    text.match_indices(quote)
        .nth(occurrence)
        .map(|(s, q)| (s, s + q.len()))
}

/// A quote the annotate stage found: its span (marks included) and speaker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngineQuote {
    /// Byte span in the text, quote marks included.
    pub span: (usize, usize),
    /// The quoted words.
    pub text: String,
    /// The speaker the engine resolved, if any.
    pub speaker: Option<String>,
}

/// The annotate stage's quotes of a text.
pub fn engine_quotes(text: &str, published: Option<chrono::NaiveDate>) -> Vec<EngineQuote> {
    annotate(text, published)
        .quotes
        .into_iter()
        .filter_map(|q| {
            q.provenance.span.map(|span| EngineQuote {
                span,
                text: q.text,
                speaker: q.speaker,
            })
        })
        .collect()
}

/// A gold article with its quotations located and the engine's quotes.
#[derive(Debug, Clone)]
pub struct ScoredArticle {
    /// The article's id.
    pub article: String,
    /// Its split part (`tune` or `report`).
    pub split: String,
    /// Each gold quotation with its byte span in the article.
    pub gold: Vec<(GoldQuote, (usize, usize))>,
    /// The engine's quotes in the article.
    pub engine: Vec<EngineQuote>,
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Whether an engine quote finds a gold quotation: it covers at least half
/// of the gold span.
fn finds(gold: (usize, usize), engine: (usize, usize)) -> bool {
    let o = overlap(gold, engine);
    o > 0 && 2 * o >= gold.1 - gold.0
}

/// The words of a name for comparison: lowercased alphanumeric runs, with
/// one-letter runs (initials, a possessive `s`) and the article-like
/// particles `al`, `el` and `the` left out.
fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 1 && !matches!(w.as_str(), "al" | "el" | "the"))
        .collect()
}

/// Whether the engine's speaker is the gold speaker: the same words, or the
/// words of one all within the other (a surname alone, the name without a
/// middle name), against the gold name or one of its aliases.
pub fn same_speaker(engine: &str, gold: &GoldQuote) -> bool {
    let e = name_words(engine);
    if e.is_empty() {
        return false;
    }
    std::iter::once(&gold.speaker)
        .chain(&gold.speaker_aliases)
        .any(|g| {
            let g = name_words(g);
            !g.is_empty() && (e.iter().all(|w| g.contains(w)) || g.iter().all(|w| e.contains(w)))
        })
}

/// Counts for one kind of attribution (or for a whole part).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KindCounts {
    /// Gold quotations.
    pub gold: usize,
    /// Those an engine quote covers at least half of.
    pub found: usize,
    /// Gold quotations with a named speaker, and those the engine credits to
    /// the same person.
    pub named: usize,
    /// Named-speaker quotations credited to the right person.
    pub named_right: usize,
    /// Gold quotations with an unnamed speaker, and those the engine found
    /// and left without a speaker.
    pub anonymous: usize,
    /// Anonymous quotations found and left without a speaker.
    pub anonymous_kept: usize,
}

impl KindCounts {
    fn add(&mut self, o: &Outcome) {
        self.gold += 1;
        self.found += usize::from(o.found);
        if o.named {
            self.named += 1;
            self.named_right += usize::from(o.speaker_right);
        } else {
            self.anonymous += 1;
            self.anonymous_kept += usize::from(o.found && o.engine_speaker.is_none());
        }
    }
}

/// The scores of one part of the gold (or of all of it).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PartReport {
    /// `tune`, `report`, ... or `all`.
    pub part: String,
    /// Articles in the part.
    pub articles: usize,
    /// Counts over all kinds.
    pub counts: KindCounts,
    /// Quotes the engine found in these articles, and those that find a
    /// gold quotation.
    pub engine: usize,
    /// Engine quotes that find a gold quotation.
    pub engine_matched: usize,
    /// Share of gold quotations found.
    pub recall: f64,
    /// Share of the engine's quotes that find a gold quotation.
    pub precision: f64,
    /// Share of gold quotations with a named speaker that the engine found
    /// and credited to that speaker.
    pub named_speaker_right: f64,
    /// Share of gold quotations with an unnamed speaker that the engine
    /// found and left without a speaker.
    pub anonymous_kept: f64,
    /// Counts per kind of attribution.
    pub by_kind: BTreeMap<QuoteKind, KindCounts>,
    /// The gold quotations of [`LONG_QUOTE_WORDS`] words or more, of any kind.
    pub long: KindCounts,
}

/// The length from which a quotation counts as long (the length of the
/// quotations hand-checked on the held-out collections).
pub const LONG_QUOTE_WORDS: usize = 6;

/// An engine quote that finds no gold quotation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    /// The article's id.
    pub article: String,
    /// The quoted words.
    pub quote: String,
    /// The speaker the engine gave.
    pub speaker: Option<String>,
}

/// What happened to one gold quotation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The split part.
    pub split: String,
    /// The article's id.
    pub article: String,
    /// How the article attributes it.
    pub kind: QuoteKind,
    /// The quoted words.
    pub quote: String,
    /// The speaker as the article attributes it, or `unnamed`.
    pub gold_speaker: String,
    /// The gold speaker is named.
    pub named: bool,
    /// An engine quote covers at least half of it.
    pub found: bool,
    /// The speaker of the engine quote that overlaps the most.
    pub engine_speaker: Option<String>,
    /// The engine credits the gold speaker.
    pub speaker_right: bool,
}

/// The report of `storyline eval quotes`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QuotesReport {
    /// The gold file scored.
    pub gold: PathBuf,
    /// One per split part in name order, then `all`.
    pub parts: Vec<PartReport>,
    /// Every gold quotation in file order.
    pub outcomes: Vec<Outcome>,
    /// The engine's quotes that find no gold quotation, by article.
    pub unmatched: Vec<Unmatched>,
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

/// Scores the engine's quotes of each article against its gold quotations.
pub fn score(gold_path: &Path, articles: &[ScoredArticle]) -> QuotesReport {
    let mut outcomes = Vec::new();
    let mut unmatched = Vec::new();
    let mut parts: BTreeMap<String, PartReport> = BTreeMap::new();
    for a in articles {
        let mut article_outcomes = Vec::new();
        for (g, span) in &a.gold {
            let best = a
                .engine
                .iter()
                .filter(|e| finds(*span, e.span))
                .max_by_key(|e| overlap(*span, e.span));
            let engine_speaker = best.and_then(|e| e.speaker.clone());
            let speaker_right = g.is_named()
                && engine_speaker
                    .as_deref()
                    .is_some_and(|s| same_speaker(s, g));
            article_outcomes.push(Outcome {
                split: a.split.clone(),
                article: g.article.clone(),
                kind: g.kind,
                quote: g.quote.clone(),
                gold_speaker: g.speaker.clone(),
                named: g.is_named(),
                found: best.is_some(),
                engine_speaker,
                speaker_right,
            });
        }
        let (matched, spurious): (Vec<&EngineQuote>, Vec<&EngineQuote>) = a
            .engine
            .iter()
            .partition(|e| a.gold.iter().any(|(_, s)| finds(*s, e.span)));
        let matched = matched.len();
        unmatched.extend(spurious.into_iter().map(|e| Unmatched {
            article: a.article.clone(),
            quote: e.text.clone(),
            speaker: e.speaker.clone(),
        }));
        for key in [a.split.clone(), "all".to_string()] {
            let p = parts.entry(key.clone()).or_insert_with(|| PartReport {
                part: key,
                ..PartReport::default()
            });
            p.articles += 1;
            p.engine += a.engine.len();
            p.engine_matched += matched;
            for o in &article_outcomes {
                p.counts.add(o);
                p.by_kind.entry(o.kind).or_default().add(o);
                if o.quote.split_whitespace().count() >= LONG_QUOTE_WORDS {
                    p.long.add(o);
                }
            }
        }
        outcomes.extend(article_outcomes);
    }
    let all = parts.remove("all");
    let mut parts: Vec<PartReport> = parts.into_values().chain(all).collect();
    for p in &mut parts {
        let c = &p.counts;
        p.recall = ratio(c.found, c.gold);
        p.precision = ratio(p.engine_matched, p.engine);
        p.named_speaker_right = ratio(c.named_right, c.named);
        p.anonymous_kept = ratio(c.anonymous_kept, c.anonymous);
    }
    QuotesReport {
        gold: gold_path.to_path_buf(),
        parts,
        outcomes,
        unmatched,
    }
}

/// Groups the gold by article (first appearance order), locating each
/// quotation in its article's text; `texts` maps (collection, article id)
/// to the article. A quotation that is not in its article's text, or an
/// article that is missing, is an error naming the gold file and line.
pub fn gold_articles(
    gold_path: &Path,
    gold: &[(usize, GoldQuote)],
    texts: &HashMap<(String, String), T17Article>,
) -> Result<Vec<(ScoredArticle, Option<chrono::NaiveDate>, String)>, EvalError> {
    let mut order: Vec<(String, String)> = Vec::new();
    let mut by_article: HashMap<(String, String), ScoredArticle> = HashMap::new();
    for (line, g) in gold {
        let bad = |reason: String| EvalError::format(gold_path, *line, reason);
        let key = (g.collection.clone(), g.article.clone());
        let Some(article) = texts.get(&key) else {
            return Err(bad(format!(
                "article {} not in collection {}",
                g.article, g.collection
            )));
        };
        let Some(span) = locate(&article.text, &g.quote, g.occurrence) else {
            return Err(bad(format!(
                "quote not in the text of {} (occurrence {}): {}",
                g.article, g.occurrence, g.quote
            )));
        };
        let entry = by_article.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            ScoredArticle {
                article: g.article.clone(),
                split: g.split.clone(),
                gold: Vec::new(),
                engine: Vec::new(),
            }
        });
        if entry.split != g.split {
            return Err(bad(format!(
                "article {} is in split {} on an earlier line",
                g.article, entry.split
            )));
        }
        if entry.gold.iter().any(|(_, s)| *s == span) {
            return Err(bad(format!("quote annotated twice: {}", g.quote)));
        }
        entry.gold.push((g.clone(), span));
    }
    Ok(order
        .into_iter()
        .filter_map(|k| {
            let a = by_article.remove(&k)?;
            let art = texts.get(&k)?;
            let date = art
                .published
                .as_deref()
                .and_then(storyline_pipeline::dates::parse_machine_date);
            Some((a, date, art.text.clone()))
        })
        .collect())
}

/// Reads the gold file, loads its articles from the Timeline17 folder
/// `t17`, annotates each article and scores the quotes.
pub fn run(gold_path: &Path, t17: &Path) -> Result<QuotesReport, EvalError> {
    let text = std::fs::read_to_string(gold_path).map_err(|e| EvalError::io(gold_path, e))?;
    let gold = read_gold(gold_path, &text)?;
    let wanted: BTreeSet<&str> = gold.iter().map(|(_, g)| g.collection.as_str()).collect();
    let mut texts = HashMap::new();
    for collection in wanted {
        let set = t17.join(format!("{collection}.articles.jsonl.gz"));
        for a in read_set(&set)? {
            texts.insert((collection.to_string(), a.id.clone()), a);
        }
    }
    let mut articles = Vec::new();
    for (mut a, date, text) in gold_articles(gold_path, &gold, &texts)? {
        a.engine = engine_quotes(&text, date);
        articles.push(a);
    }
    Ok(score(gold_path, &articles))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(quote: &str, speaker: &str, kind: QuoteKind) -> GoldQuote {
        GoldQuote {
            collection: "c".into(),
            article: "a1".into(),
            split: "tune".into(),
            quote: quote.into(),
            occurrence: 0,
            speaker: speaker.into(),
            speaker_aliases: Vec::new(),
            description: (speaker == UNNAMED).then(|| "a rebel spokesman".to_string()),
            kind,
        }
    }

    fn scored(text: &str, quotes: Vec<GoldQuote>) -> ScoredArticle {
        let gold = quotes
            .into_iter()
            .map(|g| {
                let span = locate(text, &g.quote, g.occurrence).unwrap();
                (g, span)
            })
            .collect();
        ScoredArticle {
            article: "a1".into(),
            split: "tune".into(),
            gold,
            engine: engine_quotes(text, None),
        }
    }

    #[test]
    fn a_surname_or_a_defined_acronym_is_the_same_speaker_another_name_is_not() {
        let mut g = gold("x", "Anders Fogh Rasmussen", QuoteKind::DirectCue);
        assert!(same_speaker("Rasmussen", &g));
        assert!(same_speaker("Anders Fogh Rasmussen's", &g));
        assert!(!same_speaker("NATO", &g));
        assert!(!same_speaker("", &g));
        g.speaker = "Bashar al-Assad".into();
        assert!(same_speaker("Assad", &g));
        assert!(same_speaker("President Bashar al-Assad", &g));
        assert!(!same_speaker("Asma al-Assad", &g));
        g.speaker = "World Health Organization".into();
        assert!(!same_speaker("WHO", &g));
        g.speaker_aliases = vec!["WHO".into()];
        assert!(same_speaker("WHO", &g));
    }

    #[test]
    fn found_quotes_are_scored_for_speaker_and_unannotated_ones_cost_precision() {
        let text =
            "Anders Fogh Rasmussen said: \"We will protect the civilians of this country.\"\n\
                    \"We are winning the battle for the town,\" a rebel spokesman said.\n\
                    The paper called it a \"surge\" of violence.";
        let a = scored(
            text,
            vec![
                gold(
                    "We will protect the civilians of this country.",
                    "Anders Fogh Rasmussen",
                    QuoteKind::DirectCue,
                ),
                gold(
                    "We are winning the battle for the town,",
                    UNNAMED,
                    QuoteKind::Anonymous,
                ),
            ],
        );
        let r = score(Path::new("g.jsonl"), &[a]);
        assert_eq!(r.parts.len(), 2);
        assert_eq!(r.parts[0].part, "tune");
        let all = &r.parts[1];
        assert_eq!(all.part, "all");
        assert_eq!((all.counts.gold, all.articles), (2, 1));
        assert_eq!(all.counts.found, 2, "{:?}", r.outcomes);
        assert_eq!(all.recall, 1.0);
        // Whatever the engine does with the scare quote, the report counts it.
        assert_eq!(all.engine_matched, 2);
        assert!(all.engine >= 2);
        assert_eq!(all.precision, 2.0 / all.engine as f64);
        assert_eq!(r.unmatched.len(), all.engine - 2);
        assert_eq!(all.long.gold, 2);
        let named = &r.outcomes[0];
        assert_eq!(named.speaker_right, named.engine_speaker.is_some());
        assert_eq!(
            all.by_kind[&QuoteKind::DirectCue].named_right,
            usize::from(named.speaker_right)
        );
        assert_eq!(all.by_kind[&QuoteKind::Anonymous].anonymous, 1);
    }

    #[test]
    fn each_split_part_is_scored_on_its_own_articles_and_all_on_both() {
        let mut tune = scored(
            "\"We will win this war,\" Ann Lee said.",
            vec![gold(
                "We will win this war,",
                "Ann Lee",
                QuoteKind::DirectCue,
            )],
        );
        tune.split = "tune".into();
        let mut report = scored(
            "Mr Lee said the plan was \"dead\".",
            vec![gold("dead", "Bo Lee", QuoteKind::DirectCue)],
        );
        report.split = "report".into();
        let r = score(Path::new("g.jsonl"), &[tune, report]);
        let parts: Vec<(&str, usize, usize)> = r
            .parts
            .iter()
            .map(|p| (p.part.as_str(), p.articles, p.counts.gold))
            .collect();
        assert_eq!(parts, vec![("report", 1, 1), ("tune", 1, 1), ("all", 2, 2)]);
        assert_eq!(r.parts[2].long.gold, 0, "5 words and 1 word are short");
        let found: usize = r.parts[..2].iter().map(|p| p.counts.found).sum();
        assert_eq!(found, r.parts[2].counts.found);
    }

    #[test]
    fn a_quote_the_engine_does_not_cover_for_half_its_length_is_not_found() {
        let g = (10, 30);
        assert!(finds(g, (9, 31)));
        assert!(finds(g, (20, 40)));
        assert!(!finds(g, (21, 40)));
        assert!(!finds(g, (30, 40)));
        let text = "No quotation marks here, only the words we will protect them.";
        let a = scored(
            text,
            vec![gold("we will protect them", "Someone", QuoteKind::Pronoun)],
        );
        let r = score(Path::new("g.jsonl"), &[a]);
        let all = &r.parts[1];
        assert_eq!((all.counts.found, all.counts.named_right), (0, 0));
        assert_eq!(all.recall, 0.0);
        assert_eq!(all.named_speaker_right, 0.0);
    }

    #[test]
    fn a_bad_gold_line_names_the_file_and_line() {
        let p = Path::new("quotes.gold.jsonl");
        let ok = serde_json::to_string(&gold("x y", "Ann Lee", QuoteKind::DirectCue)).unwrap();
        let anon_kind =
            serde_json::to_string(&gold("x y", "Ann Lee", QuoteKind::Anonymous)).unwrap();
        let e = read_gold(p, &format!("{ok}\n\n{anon_kind}\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "quotes.gold.jsonl:3: a named speaker cannot be of kind anonymous"
        );
        let mut no_desc = gold("x y", UNNAMED, QuoteKind::Anonymous);
        no_desc.description = None;
        let line = serde_json::to_string(&no_desc).unwrap();
        let e = read_gold(p, &line).unwrap_err();
        assert_eq!(
            e.to_string(),
            "quotes.gold.jsonl:1: an unnamed speaker needs a description"
        );
        let e = read_gold(p, "{\"collection\": 1}").unwrap_err();
        assert!(e.to_string().starts_with("quotes.gold.jsonl:1: "), "{e}");
        assert_eq!(read_gold(p, &ok).unwrap().len(), 1);
    }

    #[test]
    fn a_gold_quote_missing_from_its_article_is_an_error_with_the_line() {
        let article = T17Article {
            id: "a1".into(),
            source: None,
            topic: "c".into(),
            published: None,
            text: "He said \"yes we can\" twice: \"yes we can\".".into(),
        };
        let texts = HashMap::from([(("c".to_string(), "a1".to_string()), article)]);
        let mut second = gold("yes we can", "Barack Obama", QuoteKind::Pronoun);
        second.occurrence = 1;
        let ok = vec![
            (1, gold("yes we can", "Barack Obama", QuoteKind::Pronoun)),
            (2, second.clone()),
        ];
        let arts = gold_articles(Path::new("g"), &ok, &texts).unwrap();
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].0.gold[1].1, (29, 39));
        let twice = vec![(1, second.clone()), (4, second.clone())];
        let e = gold_articles(Path::new("g"), &twice, &texts).unwrap_err();
        assert_eq!(e.to_string(), "g:4: quote annotated twice: yes we can");
        second.occurrence = 2;
        let e = gold_articles(Path::new("g"), &[(7, second)], &texts).unwrap_err();
        assert!(
            e.to_string().starts_with("g:7: quote not in the text"),
            "{e}"
        );
        let missing = gold("no", "X Y", QuoteKind::DirectCue);
        let e = gold_articles(
            Path::new("g"),
            &[(
                9,
                GoldQuote {
                    article: "zz".into(),
                    ..missing
                },
            )],
            &texts,
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "g:9: article zz not in collection c");
    }
}
