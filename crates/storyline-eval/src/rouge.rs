//! ROUGE-N: clipped n-gram overlap between a predicted and a gold text,
//! on plain or stemmed tokens (written here because the measure is a few
//! lines).

use serde::Serialize;
use std::collections::HashMap;

/// Which tokens ROUGE counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RougeTokens {
    /// Lowercased alphanumeric words (no stemming, no stop words removed).
    Plain,
    /// English stop words removed, Snowball stems: closer to the
    /// ROUGE-1.5.5 `-m -s` settings tilse and news-tls use.
    Stemmed,
}

/// The tokens ROUGE counts in `s`.
pub fn rouge_tokens(s: &str, mode: RougeTokens) -> Vec<String> {
    let words = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase());
    match mode {
        RougeTokens::Plain => words.collect(),
        RougeTokens::Stemmed => {
            // tantivy's English stop-word list and Snowball stemmer (the
            // store's search index already depends on them).
            use tantivy::tokenizer::{
                Language, LowerCaser, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
            };
            thread_local! {
                static ANALYZER: std::cell::RefCell<Option<TextAnalyzer>> =
                    const { std::cell::RefCell::new(None) };
            }
            let text = words.collect::<Vec<_>>().join(" ");
            ANALYZER.with(|a| {
                let mut a = a.borrow_mut();
                let a = a.get_or_insert_with(|| {
                    let mut b = TextAnalyzer::builder(SimpleTokenizer::default())
                        .filter(LowerCaser)
                        .dynamic();
                    if let Some(stop) = StopWordFilter::new(Language::English) {
                        b = b.filter_dynamic(stop);
                    }
                    b.filter_dynamic(Stemmer::new(Language::English)).build()
                });
                let mut out = Vec::new();
                let mut ts = a.token_stream(&text);
                ts.process(&mut |t| out.push(t.text.clone()));
                out
            })
        }
    }
}

fn ngrams(tokens: &[String], n: usize) -> HashMap<Vec<String>, f64> {
    let mut m = HashMap::new();
    if tokens.len() >= n {
        for w in tokens.windows(n) {
            *m.entry(w.to_vec()).or_insert(0.0) += 1.0;
        }
    }
    m
}

/// (overlap, predicted total, gold total) of n-grams, each n-gram counted
/// at most as often as the other side has it.
pub fn overlap(pred: &str, gold: &str, n: usize, mode: RougeTokens) -> (f64, f64, f64) {
    let p = ngrams(&rouge_tokens(pred, mode), n);
    let g = ngrams(&rouge_tokens(gold, mode), n);
    let o: f64 = p
        .iter()
        .map(|(k, c)| c.min(*g.get(k).unwrap_or(&0.0)))
        .sum();
    (o, p.values().sum(), g.values().sum())
}

/// ROUGE-N F1 of `pred` against `gold`.
pub fn rouge_f1(pred: &str, gold: &str, n: usize, mode: RougeTokens) -> f64 {
    let (o, p, g) = overlap(pred, gold, n, mode);
    crate::metrics::prf(o, p, g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rouge_counts_clipped_ngram_overlap() {
        let plain = RougeTokens::Plain;
        let (o, p, g) = overlap("the cat sat", "The cat sat on the mat", 1, plain);
        assert_eq!((o, p, g), (3.0, 3.0, 6.0));
        let (o, p, g) = overlap("the cat sat", "The cat sat on the mat", 2, plain);
        assert_eq!((o, p, g), (2.0, 2.0, 5.0));
        // "the" three times predicted, once in the gold: counts once.
        let (o, _, _) = overlap("the the the", "the cat", 1, plain);
        assert_eq!(o, 1.0);
    }

    #[test]
    fn rouge_1_and_2_f1_on_a_tiny_example() {
        let plain = RougeTokens::Plain;
        // ROUGE-1: P 3/3, R 3/6 -> F 2/3. ROUGE-2: P 2/2, R 2/5 -> F 4/7.
        let r1 = rouge_f1("the cat sat", "The cat sat on the mat", 1, plain);
        let r2 = rouge_f1("the cat sat", "The cat sat on the mat", 2, plain);
        assert!((r1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((r2 - 4.0 / 7.0).abs() < 1e-12);
        // A one-word text has no bigram: ROUGE-2 is 0, not a division by 0.
        assert_eq!(rouge_f1("cat", "cat", 2, plain), 0.0);
    }

    #[test]
    fn stemmed_rouge_matches_inflections_and_ignores_stop_words() {
        let (o, p, g) = overlap(
            "Rescuers searched the rubble",
            "rescuer searches rubble",
            1,
            RougeTokens::Stemmed,
        );
        assert_eq!((o, p, g), (3.0, 3.0, 3.0));
        let (o, _, _) = overlap(
            "Rescuers searched the rubble",
            "rescuer searches rubble",
            1,
            RougeTokens::Plain,
        );
        assert_eq!(o, 1.0);
    }
}
