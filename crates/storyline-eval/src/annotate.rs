//! Annotate-stage evaluations: alias merging on labelled name-variant pairs
//! (precision, recall and F1, overall and per script of origin) and
//! annotate throughput in words per second on one thread.
//!
//! Quote and date evaluations on PolNeAR and Timeline17 are scripts in
//! `bench/` that call `storyline annotate --json`.

use crate::metrics::Counts;
use crate::EvalError;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;
use storyline_pipeline::annotate::annotate;
use storyline_pipeline::annotate::names::{relate, NameRelation};

/// A pair the alias merging decided wrongly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AliasError {
    /// Merged though different (else: kept apart though the same).
    pub wrongly_merged: bool,
    /// One name of the pair.
    pub a: String,
    /// The other name.
    pub b: String,
}

/// Alias merging scores.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AliasReport {
    /// Counts over every pair.
    pub all: Counts,
    /// Counts per origin of the pair (the fourth column: a script, or `other`).
    pub by_origin: BTreeMap<String, Counts>,
    /// Wrong decisions in file order.
    pub errors: Vec<AliasError>,
}

/// Scores alias merging on a TSV of
/// `name_a<TAB>name_b<TAB>same|different[<TAB>origin]` lines (`#` comments
/// and blank lines skipped); `path` names the file in errors.
pub fn score_aliases(path: &Path, text: &str) -> Result<AliasReport, EvalError> {
    let mut report = AliasReport::default();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| EvalError::format(path, n + 1, reason);
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(bad("expected name_a, name_b, same|different".into()));
        }
        let gold = match cols[2] {
            "same" => true,
            "different" => false,
            other => return Err(bad(format!("`{other}` is not same|different"))),
        };
        // Surname links need a type and an article (persons only), so a pair
        // counts as merged only when it is the same name or an acronym of it.
        let merged = matches!(
            relate(cols[0], cols[1]),
            NameRelation::Same | NameRelation::Acronym
        );
        let origin = cols.get(3).copied().unwrap_or("other").to_string();
        report
            .by_origin
            .entry(origin)
            .or_default()
            .add(gold, merged);
        report.all.add(gold, merged);
        if gold != merged {
            report.errors.push(AliasError {
                wrongly_merged: merged,
                a: cols[0].to_string(),
                b: cols[1].to_string(),
            });
        }
    }
    Ok(report)
}

/// Annotate throughput.
#[derive(Debug, Clone, Serialize)]
pub struct SpeedReport {
    /// Articles annotated per round.
    pub articles: usize,
    /// Words annotated per round.
    pub words: usize,
    /// Rounds run.
    pub rounds: usize,
    /// Wall time of all rounds.
    pub seconds: f64,
    /// Words annotated per second of wall time.
    pub words_per_second: f64,
    /// Mentions, quotes and dates found over all rounds.
    pub annotations: usize,
}

/// Annotates every text `rounds` times (at least once) on this thread and
/// times it.
pub fn annotate_speed(texts: &[(String, Option<NaiveDate>)], rounds: usize) -> SpeedReport {
    let words: usize = texts.iter().map(|t| t.0.split_whitespace().count()).sum();
    let start = Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds.max(1) {
        for (t, d) in texts {
            let a = annotate(t, *d);
            found += a.mentions.len() + a.quotes.len() + a.dates.len();
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    SpeedReport {
        articles: texts.len(),
        words,
        rounds,
        seconds,
        words_per_second: (words * rounds.max(1)) as f64 / seconds.max(1e-9),
        annotations: found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_pairs_are_counted_per_origin_and_errors_listed() {
        let tsv = "# comment\n\
                   Barack Obama\tBarack Obama\tsame\tlatin\n\
                   NATO\tNorth Atlantic Treaty Organization\tsame\tlatin\n\
                   Paris\tLondon\tdifferent\n";
        let r = score_aliases(Path::new("pairs.tsv"), tsv).unwrap();
        assert_eq!(r.all.total(), 3);
        assert_eq!(r.by_origin["latin"].total(), 2);
        assert_eq!(r.by_origin["other"].tn, 1);
        assert_eq!(r.all.tp + r.all.fn_, 2);
        assert_eq!(r.errors.len() as u64, r.all.fp + r.all.fn_);
    }

    #[test]
    fn a_bad_alias_line_names_the_file_and_line() {
        let e = score_aliases(Path::new("pairs.tsv"), "a\tb\tmaybe\n").unwrap_err();
        assert_eq!(e.to_string(), "pairs.tsv:1: `maybe` is not same|different");
        let e = score_aliases(Path::new("pairs.tsv"), "\na\tb\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "pairs.tsv:2: expected name_a, name_b, same|different"
        );
    }

    #[test]
    fn speed_counts_words_over_every_round() {
        let texts = vec![(
            "Angela Merkel met Emmanuel Macron in Paris.".to_string(),
            None,
        )];
        let r = annotate_speed(&texts, 0);
        assert_eq!((r.articles, r.words, r.rounds), (1, 7, 0));
        assert!(r.annotations > 0);
    }
}
