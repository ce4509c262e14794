//! An event's headline (the best title among its members) and summary (the
//! one sentence that best says what happened: the most central of the
//! members' lead sentences, by cosine to the centroid of them all).

use super::features::terms;
use super::prose::{clean_headline, is_prose, prose_start};
use std::collections::BTreeMap;
use storyline_model::{Article, ArticleId, Provenance, SourcedSentence};

/// A member article's text, as summarisation reads it.
#[derive(Clone, Copy, Debug)]
pub struct MemberText<'a> {
    /// The article's id, for the summary's provenance.
    pub article: &'a ArticleId,
    /// Its title, a headline candidate.
    pub title: Option<&'a str>,
    /// Its cleaned text, where lead sentences are taken from.
    pub text: &'a str,
}

impl<'a> MemberText<'a> {
    /// The view of a stored article.
    pub fn of(article: &'a Article) -> Self {
        MemberText {
            article: &article.id,
            title: article.title.as_deref(),
            text: &article.text,
        }
    }
}

/// Sentences read per article: leads say what happened; the tail is context.
const LEAD_SENTENCES: usize = 8;

/// Sentences of `text` with byte spans: split after `.`, `!` or `?` followed by
/// whitespace and an upper-case letter or quote, and at line breaks.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let base = line_start;
        line_start += line.len();
        let mut start = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            if matches!(c, '.' | '!' | '?') {
                let next = chars.get(k + 1).map(|x| x.1);
                let after = chars.get(k + 2).map(|x| x.1);
                if next.is_some_and(char::is_whitespace)
                    && after.is_some_and(|a| a.is_uppercase() || matches!(a, '"' | '“' | '\''))
                {
                    let prev_word: String = line[start..i]
                        .rsplit(char::is_whitespace)
                        .next()
                        .unwrap_or("")
                        .to_string();
                    // Abbreviations ("Mr.", "U.S.") do not end sentences.
                    if prev_word.len() <= 3
                        && prev_word.chars().next().is_some_and(char::is_uppercase)
                    {
                        continue;
                    }
                    out.push((base + start, base + i + 1));
                    start = i + 1;
                }
            }
        }
        out.push((base + start, base + line.len()));
    }
    out.into_iter()
        .filter_map(|(s, e)| {
            let seg = &text[s..e];
            let trimmed_start = s + (seg.len() - seg.trim_start().len());
            let trimmed_end = e - (seg.len() - seg.trim_end().len());
            (trimmed_end > trimmed_start).then_some((trimmed_start, trimmed_end))
        })
        .collect()
}

fn tf(text: &str) -> BTreeMap<String, f32> {
    let mut m = BTreeMap::new();
    for t in terms(text) {
        *m.entry(t).or_insert(0.0) += 1.0;
    }
    m
}

fn cosine(a: &BTreeMap<String, f32>, b: &BTreeMap<String, f32>) -> f32 {
    let dot: f32 = a.iter().filter_map(|(t, w)| b.get(t).map(|x| x * w)).sum();
    let na: f32 = a.values().map(|w| w * w).sum::<f32>().sqrt();
    let nb: f32 = b.values().map(|w| w * w).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// The member title closest to what all members say, with its article,
/// cleaned of site names, timestamps, credits and bylines.
pub fn best_title(members: &[MemberText]) -> Option<(String, ArticleId)> {
    let all: BTreeMap<String, f32> = members.iter().fold(BTreeMap::new(), |mut m, x| {
        for (t, w) in tf(x.text) {
            *m.entry(t).or_insert(0.0) += w.min(3.0);
        }
        m
    });
    members
        .iter()
        .filter_map(|m| {
            m.title
                .map(clean_headline)
                .filter(|t| !t.is_empty())
                .map(|t| (t, m.article))
        })
        .map(|(t, a)| (cosine(&tf(&t), &all), t, a))
        .max_by(|x, y| x.0.total_cmp(&y.0).then(y.2.cmp(x.2)))
        .map(|(_, t, a)| (t, a.clone()))
}

/// Candidate sentences of the members: lead sentences of 6 to 60 words of
/// article prose (see [`super::prose`]).
pub fn candidate_sentences<'a>(
    members: &'a [MemberText<'a>],
) -> Vec<(usize, (usize, usize), &'a str, usize)> {
    let mut out = Vec::new();
    for (mi, m) in members.iter().enumerate() {
        for (pos, (s, e)) in sentences(m.text)
            .into_iter()
            .take(LEAD_SENTENCES)
            .enumerate()
        {
            // Prose only: after any timestamp, credit or byline, and no
            // comment, caption or call to the reader.
            let s = s + prose_start(&m.text[s..e]);
            let text = &m.text[s..e];
            let words = text.split_whitespace().count();
            if words <= 60 && is_prose(text, 6) {
                out.push((mi, (s, e), text, pos));
            }
        }
    }
    out
}

/// The most central lead sentence among the members.
pub fn summary_sentence(members: &[MemberText]) -> Option<SourcedSentence> {
    let cands = candidate_sentences(members);
    let vecs: Vec<BTreeMap<String, f32>> = cands.iter().map(|c| tf(c.2)).collect();
    let mut centroid: BTreeMap<String, f32> = BTreeMap::new();
    for v in &vecs {
        let n = v.values().map(|w| w * w).sum::<f32>().sqrt().max(1e-6);
        for (t, w) in v {
            *centroid.entry(t.clone()).or_insert(0.0) += w / n;
        }
    }
    // Ties go to the smallest (article id, sentence start): the same
    // sentence in two copies is credited to one article, whatever order
    // the members were clustered in.
    let tie_key = |i: usize| (members[cands[i].0].article, cands[i].1 .0);
    let mut best: Option<(f32, usize)> = None;
    for (i, (c, v)) in cands.iter().zip(&vecs).enumerate() {
        // A slight preference for earlier sentences: leads state the news.
        let score = cosine(v, &centroid) * (1.0 - 0.03 * c.3 as f32);
        let better = best.is_none_or(|(b, j)| score > b || (score == b && tie_key(i) < tie_key(j)));
        if better {
            best = Some((score, i));
        }
    }
    let (score, i) = best?;
    let (mi, span, text, _) = cands[i];
    Some(SourcedSentence {
        text: text.to_string(),
        article: members[mi].article.clone(),
        span,
        provenance: Provenance::new("summary.centrality", score.clamp(0.0, 1.0))
            .with_span(span.0, span.1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_stops_but_not_abbreviations() {
        let t = "Mr. Smith arrived in the U.S. on Monday. He spoke.\nA new line here";
        let s: Vec<&str> = sentences(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(
            s,
            vec![
                "Mr. Smith arrived in the U.S. on Monday.",
                "He spoke.",
                "A new line here"
            ]
        );
    }

    #[test]
    fn the_summary_is_the_sentence_most_members_share() {
        let (a, b, c) = (
            ArticleId("a".into()),
            ArticleId("b".into()),
            ArticleId("c".into()),
        );
        let members = vec![
            MemberText { article: &a, title: Some("Quake hits Haiti"), text: "A powerful earthquake struck Haiti near the capital on Tuesday. The weather was warm in the region that week." },
            MemberText { article: &b, title: Some("Sports results"), text: "A powerful earthquake struck Haiti on Tuesday, flattening buildings in the capital." },
            MemberText { article: &c, title: None, text: "Aid agencies said the earthquake that struck Haiti left the capital in ruins." },
        ];
        let s = summary_sentence(&members).unwrap();
        assert!(
            s.text.starts_with("A powerful earthquake struck Haiti"),
            "{}",
            s.text
        );
        assert_eq!(
            &members
                .iter()
                .find(|m| *m.article == s.article)
                .unwrap()
                .text[s.span.0..s.span.1],
            s.text
        );
        assert_eq!(best_title(&members).unwrap().0, "Quake hits Haiti");
    }

    #[test]
    fn regression_summary_of_copies_depends_on_member_order() {
        let (a, b) = (ArticleId("a1".into()), ArticleId("b2".into()));
        let text =
            "Rescuers searched the rubble of the palace for survivors on Wednesday. Aid arrived.";
        let first = MemberText {
            article: &b,
            title: None,
            text,
        };
        let second = MemberText {
            article: &a,
            title: None,
            text,
        };
        let one = summary_sentence(&[first, second]).unwrap();
        let other = summary_sentence(&[second, first]).unwrap();
        assert_eq!(one.article, a, "ties go to the smallest article id");
        assert_eq!(one, other);
    }
}
