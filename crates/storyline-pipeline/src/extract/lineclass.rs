//! The learned line classifier of scraped text: a logistic regression over
//! the shape of a line and of its neighbours, its place relative to the
//! page's main block of prose, its interface words and the words with which
//! it speaks to the reader (small lexicons in many languages,
//! `interface_words.txt` and `reader_words.txt`) and what the line rules of
//! [`crate::clean`] made of it. It decides the lines the rules leave
//! open (article text, and chrome removed only for its position); lines a
//! rule named (copyright, share bar, repeated line, metadata, title) keep
//! their label.
//!
//! The weights (`line_weights.json`) are trained by
//! `python3 bench/extraction/train_lines.py` on part A of
//! `../shared/eval/trafeval/text` and read at compile time: the classifier
//! is a pure function of the page.

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use std::sync::OnceLock;

/// The names of the features, in the order of [`LineFeatures::values`] and
/// of the weights file.
pub const FEATURE_NAMES: [&str; 42] = [
    "chars_ln",
    "words_ln",
    "sentence_end",
    "punct_ratio",
    "digit_ratio",
    "caps_ratio",
    "position",
    "bullet",
    "prev_words_ln",
    "next_words_ln",
    "prev_prose",
    "next_prose",
    "window_words_ln",
    "lexicon_hits",
    "lexicon_share",
    "rule_article",
    "rule_repeat",
    "final_article",
    "final_outside_main",
    "final_run",
    "paragraph_distance_ln",
    "url_or_at",
    "ends_colon",
    "separator",
    "short",
    "before_first_paragraph",
    "after_last_paragraph",
    "window_lexicon",
    "window_bullets",
    "block_inside",
    "block_before_ln",
    "block_after_ln",
    "words_after_share",
    "reader_hits",
    "reader_share",
    "prev_sentence_end",
    "next_sentence_end",
    "window_sentence_end",
    "block_mean_words_ln",
    "sentence_in_sentence_block",
    "prev_lexicon",
    "self_description",
];

/// What the rules made of a line, as the classifier reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleVerdict {
    /// No line rule applied.
    Article,
    /// Removed for repeating on the page, for its script or for repeating
    /// its own words.
    Repeat,
    /// Any other rule (chrome named by a rule, metadata, title).
    Named,
}

/// Where the line ended after title, position runs and main run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinalVerdict {
    /// Kept as article text.
    Article,
    /// Removed for lying outside the page's main run of prose.
    OutsideMain,
    /// In the chrome head or tail run of the page.
    Run,
    /// Removed by any other rule.
    Other,
}

/// One line as the classifier sees it.
pub struct LineInput<'a> {
    /// The line's text.
    pub text: &'a str,
    /// Its number of words.
    pub words: usize,
    /// What the line rules alone said of it.
    pub rule: RuleVerdict,
    /// Where it ended after the page-level runs.
    pub verdict: FinalVerdict,
}

/// The features of one line.
#[derive(Clone, Debug, PartialEq)]
pub struct LineFeatures {
    /// One value per feature, in the order of `FEATURE_NAMES`.
    pub values: [f64; FEATURE_NAMES.len()],
}

/// A list of words, matched as whole words (anywhere for words of scripts
/// written without spaces).
struct Lexicon {
    matcher: AhoCorasick,
    /// Per word: written without spaces (CJK), so it matches anywhere.
    unspaced: Vec<bool>,
}

impl Lexicon {
    fn from_list(list: &str) -> Lexicon {
        let words: Vec<&str> = list
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let unspaced = words
            .iter()
            .map(|w| w.chars().any(|c| matches!(c as u32, 0x3040..=0x9FFF)))
            .collect();
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&words)
            .expect("lexicon builds");
        Lexicon { matcher, unspaced }
    }

    /// How many of the words the line holds.
    fn hits(&self, text: &str) -> usize {
        // The words are lowercase and the automaton ignores ASCII case: an
        // ASCII line is searched as it is (the same matches as lowercased).
        let lower;
        let bytes = if text.is_ascii() {
            text
        } else {
            lower = text.to_lowercase();
            lower.as_str()
        };
        let boundary = |at: usize, before: bool| -> bool {
            let c = if before {
                bytes[..at].chars().next_back()
            } else {
                bytes[at..].chars().next()
            };
            c.is_none_or(|c| !c.is_alphanumeric())
        };
        self.matcher
            .find_iter(bytes)
            .filter(|m| {
                self.unspaced[m.pattern().as_usize()]
                    || (boundary(m.start(), true) && boundary(m.end(), false))
            })
            .count()
    }
}

/// How many interface words (`interface_words.txt`) the line holds.
fn lexicon_hits(text: &str) -> usize {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| Lexicon::from_list(include_str!("interface_words.txt")))
        .hits(text)
}

/// How many words addressing the reader (`reader_words.txt`) the line holds.
fn reader_hits(text: &str) -> usize {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| Lexicon::from_list(include_str!("reader_words.txt")))
        .hits(text)
}

fn ln1(x: usize) -> f64 {
    (1.0 + x as f64).ln()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with([
        '.', '!', '?', '"', '”', '’', '\'', ')', ';', '…', '。', '！', '？',
    ])
}

/// Whether a line opens the way an author box does: a name (two or three
/// capitalised words) and a verb of being or doing ("Jane Doe is ...",
/// "Max Muster schreibt ..."), or "I am" in one of many languages.
fn describes_someone(s: &str) -> bool {
    const VERBS: [&str; 24] = [
        "is", "was", "has", "writes", "lives", "works", "ist", "war", "hat", "schreibt", "lebt",
        "arbeitet", "est", "a", "écrit", "es", "escribe", "è", "scrive", "jest", "pisze", "é",
        "schrijft", "werkt",
    ];
    const SELF: [&str; 9] = [
        "i am", "i'm", "ich bin", "je suis", "soy", "sono", "jestem", "ik ben", "eu sou",
    ];
    let lower = s.to_lowercase();
    if SELF
        .iter()
        .any(|p| lower.starts_with(p) && lower[p.len()..].starts_with([' ', ',']))
    {
        return true;
    }
    let words: Vec<&str> = s.split_whitespace().take(4).collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    (2..=3).any(|k| {
        words.len() > k
            && words[..k].iter().all(|w| capitalised(w))
            && VERBS.contains(&words[k].to_lowercase().as_str())
    })
}

/// The first and last line of the page's main block of prose: the run of
/// lines with the most words of prose, less a penalty for each short line
/// inside it (lines of prose, sentences of six words or more and lines of
/// twelve, count their words; others cost three).
/// `(0, 0)` on a page of no prose.
fn prose_block(lines: &[LineInput], sentence_ends: &[bool]) -> (usize, usize) {
    let weight = |i: usize| -> i64 {
        let w = lines[i].words;
        if w >= 12 || (w >= 6 && sentence_ends[i]) {
            w as i64
        } else {
            -3
        }
    };
    let (mut best, mut best_range) = (0i64, (0, 0));
    let (mut run, mut start) = (0i64, 0usize);
    for i in 0..lines.len() {
        if run <= 0 {
            run = 0;
            start = i;
        }
        run += weight(i);
        if run > best {
            (best, best_range) = (run, (start, i));
        }
    }
    best_range
}

/// The features of every line of a page.
pub fn page_features(lines: &[LineInput]) -> Vec<LineFeatures> {
    let n = lines.len();
    let paragraph = |i: usize| lines[i].words >= 20;
    let paragraphs: Vec<usize> = (0..n).filter(|&i| paragraph(i)).collect();
    let first = paragraphs.first().copied();
    let last = paragraphs.last().copied();
    let prose = |i: usize| lines[i].words >= 8 && ends_sentence(lines[i].text);
    let hits: Vec<usize> = lines.iter().map(|l| lexicon_hits(l.text)).collect();
    let bullets: Vec<bool> = lines
        .iter()
        .map(|l| {
            matches!(
                l.text.split_once(' ').map(|(a, _)| a),
                Some("*" | "+" | "o" | "-" | "•" | "·")
            )
        })
        .collect();
    let readers: Vec<usize> = lines.iter().map(|l| reader_hits(l.text)).collect();
    let sentence_ends: Vec<bool> = lines.iter().map(|l| ends_sentence(l.text)).collect();
    let (block_start, block_end) = prose_block(lines, &sentence_ends);
    // Words on the page after each line.
    let mut words_after = vec![0usize; n];
    for i in (0..n.saturating_sub(1)).rev() {
        words_after[i] = words_after[i + 1] + lines[i + 1].words;
    }
    let total_words = lines.iter().map(|l| l.words).sum::<usize>().max(1);
    // The shape of the main block: its mean line length and the share of
    // its lines that end a sentence (an article written one sentence a
    // line has many short lines that are prose all the same).
    let block_lines = (block_end + 1 - block_start) as f64;
    let block_mean_words = lines[block_start..=block_end]
        .iter()
        .map(|l| l.words)
        .sum::<usize>() as f64
        / block_lines;
    let block_sentences = sentence_ends[block_start..=block_end]
        .iter()
        .filter(|&&e| e)
        .count() as f64
        / block_lines;
    let mut out = Vec::with_capacity(n);
    for (i, l) in lines.iter().enumerate() {
        let s = l.text;
        let around: Vec<usize> = (i.saturating_sub(3)..(i + 4).min(n))
            .filter(|&j| j != i)
            .collect();
        let share = |count: usize| count as f64 / around.len().max(1) as f64;
        let chars = s.chars().count().max(1);
        let (mut punct, mut digits) = (0usize, 0usize);
        for c in s.chars() {
            if c.is_ascii_digit() {
                digits += 1;
            } else if !c.is_alphanumeric() && !c.is_whitespace() {
                punct += 1;
            }
        }
        let (mut word_total, mut capitalised) = (0usize, 0usize);
        for w in s.split_whitespace() {
            word_total += 1;
            capitalised += usize::from(w.chars().next().is_some_and(char::is_uppercase));
        }
        let hits_here = hits[i];
        let window: Vec<usize> = (i.saturating_sub(3)..(i + 4).min(n))
            .filter(|&j| j != i)
            .map(|j| lines[j].words)
            .collect();
        let window_mean = if window.is_empty() {
            0
        } else {
            window.iter().sum::<usize>() / window.len()
        };
        let distance = paragraphs.iter().map(|&p| p.abs_diff(i)).min().unwrap_or(n);
        let bullet = bullets[i];
        let b = |x: bool| if x { 1.0 } else { 0.0 };
        let values = [
            ln1(chars),
            ln1(l.words),
            b(ends_sentence(s)),
            punct as f64 / chars as f64,
            digits as f64 / chars as f64,
            capitalised as f64 / word_total.max(1) as f64,
            i as f64 / n.max(1) as f64,
            b(bullet),
            if i > 0 { ln1(lines[i - 1].words) } else { 0.0 },
            if i + 1 < n {
                ln1(lines[i + 1].words)
            } else {
                0.0
            },
            b(i > 0 && prose(i - 1)),
            b(i + 1 < n && prose(i + 1)),
            ln1(window_mean),
            hits_here.min(3) as f64,
            (hits_here as f64 / word_total.max(1) as f64).min(1.0),
            b(l.rule == RuleVerdict::Article),
            b(l.rule == RuleVerdict::Repeat),
            b(l.verdict == FinalVerdict::Article),
            b(l.verdict == FinalVerdict::OutsideMain),
            b(l.verdict == FinalVerdict::Run),
            ln1(distance),
            b(s.contains("://") || s.contains('@') || s.contains("www.")),
            b(s.trim_end().ends_with([':', '：'])),
            b(s.contains(" | ") || s.contains(" · ") || s.contains(" / ") || s.contains(" • ")),
            b(l.words <= 3),
            b(first.is_some_and(|f| i < f)),
            b(last.is_some_and(|f| i > f)),
            share(around.iter().filter(|&&j| hits[j] > 0).count()),
            share(around.iter().filter(|&&j| bullets[j]).count()),
            b((block_start..=block_end).contains(&i)),
            if i < block_start {
                ln1(block_start - i)
            } else {
                0.0
            },
            if i > block_end {
                ln1(i - block_end)
            } else {
                0.0
            },
            words_after[i] as f64 / total_words as f64,
            readers[i].min(3) as f64,
            (readers[i] as f64 / word_total.max(1) as f64).min(1.0),
            b(i > 0 && sentence_ends[i - 1]),
            b(i + 1 < n && sentence_ends[i + 1]),
            share(around.iter().filter(|&&j| sentence_ends[j]).count()),
            (1.0 + block_mean_words).ln(),
            if sentence_ends[i] && (block_start..=block_end).contains(&i) {
                block_sentences
            } else {
                0.0
            },
            b(i > 0 && hits[i - 1] > 0),
            b(describes_someone(s)),
        ];
        out.push(LineFeatures { values });
    }
    out
}

#[derive(Deserialize)]
struct WeightsFile {
    features: Vec<String>,
    weights: Vec<f64>,
    bias: f64,
    keep_threshold: f64,
    remove_below: f64,
}

/// The trained model: one weight per feature, a bias, the probability at
/// or above which a line the rules removed is kept, and the one under which
/// a line the rules kept is removed (lower: the rules are trusted there).
pub struct LineModel {
    weights: [f64; FEATURE_NAMES.len()],
    bias: f64,
    keep_threshold: f64,
    remove_below: f64,
}

impl LineModel {
    /// The probability that a line is article text.
    pub fn probability(&self, f: &LineFeatures) -> f64 {
        let z: f64 = self
            .weights
            .iter()
            .zip(&f.values)
            .map(|(w, x)| w * x)
            .sum::<f64>()
            + self.bias;
        1.0 / (1.0 + (-z).exp())
    }

    /// Whether a line is kept as article text, given whether the rules
    /// kept it.
    pub fn keeps(&self, f: &LineFeatures, rules_keep: bool) -> bool {
        let p = self.probability(f);
        if rules_keep {
            p >= self.remove_below
        } else {
            p >= self.keep_threshold
        }
    }
}

/// The committed model.
pub fn line_model() -> &'static LineModel {
    static M: OnceLock<LineModel> = OnceLock::new();
    M.get_or_init(|| {
        let file: WeightsFile =
            serde_json::from_str(include_str!("line_weights.json")).expect("weights file parses");
        assert_eq!(
            file.features, FEATURE_NAMES,
            "weights file and features disagree"
        );
        let mut weights = [0.0; FEATURE_NAMES.len()];
        weights.copy_from_slice(&file.weights);
        LineModel {
            weights,
            bias: file.bias,
            keep_threshold: file.keep_threshold,
            remove_below: file.remove_below,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::{clean_text, clean_text_with};
    use crate::CleanSettings;

    #[test]
    fn interface_words_are_counted_as_whole_words_in_many_languages() {
        assert_eq!(lexicon_hits("Share this article"), 1);
        assert_eq!(lexicon_hits("Kommentare"), 1);
        assert_eq!(lexicon_hits("Datenschutz | Impressum"), 2);
        assert_eq!(lexicon_hits("相关新闻"), 1);
        // Inside a longer word it is no hit.
        assert_eq!(lexicon_hits("Shareholders met on Monday"), 0);
    }

    #[test]
    fn reader_words_are_counted_as_whole_words_in_many_languages() {
        assert_eq!(reader_hits("Thank you for your support"), 3);
        assert_eq!(reader_hits("Unterstütze uns jetzt"), 3);
        assert_eq!(
            reader_hits("Zachęcamy do regularnych odwiedzin naszej strony"),
            2
        );
        assert_eq!(reader_hits("Soutenez-nous"), 2);
        // Inside a longer word it is no hit.
        assert_eq!(reader_hits("Usher played in Houston"), 0);
    }

    /// A scraped page: a title, an article of five paragraphs (`quote` the
    /// third), `after` and a footer.
    fn page_with(quote: &str, after: &str) -> String {
        format!(
            "Bridge reopens after two years\n\
            The mayor reopened the bridge over the river on Monday, after works that took almost two years and were halted several times by floods and strikes.\n\
            The old bridge had been closed in 2019 when engineers found deep cracks in its piers that could no longer be repaired, the city said on Monday.\n\
            {quote}\n\
            The new bridge cost about twelve million euros, most of it paid by the state government, a spokesman for the city council told reporters.\n\
            Traffic is expected to flow in both directions from Wednesday, and buses will return to their old routes next week, the city added in a statement.\n\
            {after}\n\
            Share this article\n* Privacy policy\n* Contact\n\u{a9} 2024 Example Media\n"
        )
    }

    #[test]
    fn appeals_to_the_reader_after_the_article_are_removed_and_quoted_appeals_kept() {
        let rules_only = CleanSettings {
            line_classifier: false,
            ..CleanSettings::DEFAULT
        };
        for (quote, appeal) in [
            (
                "\u{201c}We want you to feel safe on our bridge again,\u{201d} the mayor told the crowd that had gathered on the river bank.",
                "Sign up for our newsletter and get the best of our stories in your inbox every week.",
            ),
            (
                "Readers who had signed up for the council's newsletter were told of the reopening a week before the ceremony, the city said.",
                "If you are already a subscriber, please log in to read the rest of this story.",
            ),
        ] {
            let text = page_with(quote, appeal);
            // The rules keep the appeal: a sentence in the article's tail.
            let rules = clean_text_with(&text, None, &rules_only).text();
            assert!(rules.contains(appeal), "{rules}");
            let c = clean_text(&text, None);
            assert!(
                c.removed_with("chrome.line_classifier", |t| t == appeal),
                "{}",
                c.text()
            );
            assert!(c.text().contains(quote), "{}", c.text());
        }
    }

    #[test]
    fn author_boxes_after_the_article_are_removed_and_people_described_in_it_kept() {
        let prose = "Anna Berg is the engineer who led the works, and she said the new bridge would stand for at least a hundred years.";
        for bio in [
            "Jane Doe ist Redakteurin im Ressort Stadt und schreibt \u{fc}ber Verkehr und Wohnen.",
            "Ich bin Jane, Redakteurin im Ressort Stadt, und schreibe \u{fc}ber Verkehr und Wohnen.",
        ] {
            let c = clean_text(&page_with(prose, bio), None);
            assert!(!c.text().contains(bio), "{}", c.text());
            assert!(c.text().contains(prose), "{}", c.text());
        }
        assert!(describes_someone(
            "Jane Doe is a reporter at the Example Times."
        ));
        assert!(describes_someone("Je suis journaliste depuis vingt ans."));
        assert!(!describes_someone(
            "The engineer Anna Berg said the bridge would last."
        ));
        assert!(!describes_someone("Islands are where the storm hit first."));
    }

    #[test]
    fn a_note_under_an_interface_heading_is_removed_and_prose_on_the_same_thing_kept() {
        let prose = "Comments from residents were mostly warm, and many said they had missed the old bridge and its view of the river.";
        let note = "Please keep your comments civil and stay on the topic of the story.";
        let c = clean_text(&page_with(prose, &format!("Comments\n{note}")), None);
        assert!(!c.text().contains(note), "{}", c.text());
        assert!(c.text().contains(prose), "{}", c.text());
    }

    #[test]
    fn short_sentences_of_an_article_written_one_sentence_a_line_are_kept() {
        let text = "Farmers protest new water rules\n\
            Hundreds of farmers drove their tractors into the capital on Tuesday.\n\
            They protested against new rules on the use of river water.\n\
            The government says the rivers are running dry.\n\
            The farmers dispute this.\n\
            Their union says the rules will ruin small farms in the south.\n\
            It gets old.\n\
            Talks with the ministry are planned for next week, a spokesman said.\n\
            The minister did not comment on the protest on Tuesday evening.\n\
            Police said the protest had been peaceful and no one was arrested.\n\
            Several roads into the city centre were closed for most of the day.\n\
            Share this article\n";
        let c = clean_text(text, None);
        let kept = c.text();
        for sentence in [
            "The farmers dispute this.",
            "It gets old.",
            "They protested",
        ] {
            assert!(kept.contains(sentence), "{kept}");
        }
    }

    #[test]
    fn the_committed_model_matches_the_features() {
        let m = line_model();
        assert!(m.remove_below > 0.0 && m.remove_below <= m.keep_threshold);
        assert!(m.keep_threshold < 1.0);
    }
}
