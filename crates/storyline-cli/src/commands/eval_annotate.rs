//! `storyline eval aliases|speed`: score annotate-stage parts on labelled data.
//!
//! - `eval aliases FILE`: name-variant pairs marked same/different; reports
//!   merge precision, recall and F1, overall and per script of origin.
//! - `eval speed PATH`: annotate throughput, words per second on one thread.
//!
//! The scoring is `storyline_eval::annotate`; this module reads the inputs
//! and prints. Quote and date evaluations on PolNeAR and Timeline17 are
//! scripts in `bench/` that call `storyline annotate --json`.

use anyhow::Context;
use std::collections::BTreeMap;
use std::path::PathBuf;
use storyline_eval::annotate::{annotate_speed, score_aliases};
use storyline_pipeline::{build_article, Settings};

#[derive(clap::Subcommand)]
pub enum AnnotateEval {
    /// Alias merging on name-variant pairs: a TSV of `name_a<TAB>name_b<TAB>same|different<TAB>origin`.
    Aliases {
        /// The pairs file (default: the set shipped in the repository).
        #[arg(default_value = "corpus/eval/alias_pairs.tsv")]
        file: PathBuf,
        /// Print every wrong decision.
        #[arg(long)]
        errors: bool,
        /// One JSON object with the scores.
        #[arg(long)]
        json: bool,
    },
    /// Annotate throughput (words/s) on one thread over the articles of a
    /// file or folder (extraction is done first and not timed).
    Speed {
        path: PathBuf,
        /// Repeat the annotation this many times (for a steadier figure).
        #[arg(long, default_value_t = 1)]
        rounds: usize,
        #[arg(long)]
        json: bool,
        /// Also write the annotated texts to this file, one JSON object
        /// `{"text": ...}` a line, so a peer tool (bench/annotate_speed.sh
        /// runs spaCy) is timed on exactly the same texts.
        #[arg(long, value_name = "FILE")]
        texts_out: Option<PathBuf>,
    },
}

pub fn run(e: AnnotateEval) -> anyhow::Result<u8> {
    match e {
        AnnotateEval::Aliases { file, errors, json } => aliases(file, errors, json),
        AnnotateEval::Speed {
            path,
            rounds,
            json,
            texts_out,
        } => speed(path, rounds, json, texts_out),
    }
}

fn aliases(file: PathBuf, show_errors: bool, json: bool) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(&file).with_context(|| format!("{}", file.display()))?;
    let report = score_aliases(&file, &text)?;
    let all = &report.all;
    if json {
        let origins: BTreeMap<&String, serde_json::Value> = report
            .by_origin
            .iter()
            .map(|(k, c)| (k, serde_json::json!({"precision": c.precision(), "recall": c.recall(), "f1": c.f1(), "counts": c})))
            .collect();
        println!(
            "{}",
            serde_json::json!({"pairs": all.total(), "precision": all.precision(), "recall": all.recall(), "f1": all.f1(), "counts": all, "by_origin": origins})
        );
    } else {
        println!(
            "{:<12} {:>6} {:>9} {:>7} {:>6}",
            "ORIGIN", "PAIRS", "PRECISION", "RECALL", "F1"
        );
        for (k, c) in report
            .by_origin
            .iter()
            .chain(std::iter::once((&"ALL".to_string(), all)))
        {
            println!(
                "{:<12} {:>6} {:>9.3} {:>7.3} {:>6.3}",
                k,
                c.total(),
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        if show_errors {
            for w in &report.errors {
                println!(
                    "{}  {} / {}",
                    if w.wrongly_merged {
                        "wrongly merged "
                    } else {
                        "missed         "
                    },
                    w.a,
                    w.b
                );
            }
        }
    }
    Ok(crate::exit::OK)
}

fn speed(
    path: PathBuf,
    rounds: usize,
    json: bool,
    texts_out: Option<PathBuf>,
) -> anyhow::Result<u8> {
    let settings = Settings::default();
    let (files, _) = storyline_ingest::discover(std::slice::from_ref(&path));
    let mut texts: Vec<(String, Option<chrono::NaiveDate>)> = Vec::new();
    for f in files {
        storyline_ingest::read_file(&f, &mut |item| {
            if let Ok(doc) = item {
                if let Ok(a) = build_article(&doc, &settings) {
                    texts.push((a.text, a.published.date));
                }
            }
        });
    }
    if let Some(out) = &texts_out {
        use std::io::Write;
        let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
        for (t, _) in &texts {
            writeln!(w, "{}", serde_json::json!({ "text": t }))?;
        }
        w.flush()?;
    }
    let r = annotate_speed(&texts, rounds);
    if json {
        println!(
            "{}",
            serde_json::json!({"articles": r.articles, "words": r.words, "rounds": r.rounds, "seconds": r.seconds, "words_per_second": r.words_per_second, "annotations": r.annotations})
        );
    } else {
        println!(
            "annotate: {} articles, {} words x {} rounds in {:.3}s = {:.0} words/s (one thread, {} annotations)",
            r.articles, r.words, r.rounds, r.seconds, r.words_per_second, r.annotations
        );
    }
    Ok(crate::exit::OK)
}
