//! `storyline eval aliases|speed`: score annotate-stage parts on labelled data.
//!
//! - `eval aliases FILE`: name-variant pairs marked same/different; reports
//!   merge precision, recall and F1, overall and per script of origin.
//! - `eval speed PATH`: annotate throughput, words per second on one thread.
//!
//! Quote and date evaluations on PolNeAR and Timeline17 are scripts in
//! `bench/` that call `storyline annotate --json`.

use anyhow::Context;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;
use storyline_pipeline::annotate::annotate;
use storyline_pipeline::annotate::names::{relate, NameRelation};
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

#[derive(Default, Serialize, Clone, Copy)]
struct Counts {
    tp: u64,
    fp: u64,
    fn_: u64,
    tn: u64,
}

impl Counts {
    fn precision(&self) -> f64 {
        self.tp as f64 / ((self.tp + self.fp) as f64).max(1.0)
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / ((self.tp + self.fn_) as f64).max(1.0)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
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
    let mut all = Counts::default();
    let mut by_origin: BTreeMap<String, Counts> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            anyhow::bail!(
                "{}:{}: expected name_a, name_b, same|different",
                file.display(),
                n + 1
            );
        }
        let gold = match cols[2] {
            "same" => true,
            "different" => false,
            other => anyhow::bail!(
                "{}:{}: `{other}` is not same|different",
                file.display(),
                n + 1
            ),
        };
        // Surname links need a type and an article (persons only), so a pair
        // counts as merged only when it is the same name or an acronym of it.
        let merged = matches!(
            relate(cols[0], cols[1]),
            NameRelation::Same | NameRelation::Acronym
        );
        let origin = cols.get(3).copied().unwrap_or("other").to_string();
        let c = by_origin.entry(origin).or_default();
        for c in [c, &mut all] {
            match (gold, merged) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
        if gold != merged {
            wrong.push(format!(
                "{}  {} / {}",
                if merged {
                    "wrongly merged "
                } else {
                    "missed         "
                },
                cols[0],
                cols[1]
            ));
        }
    }
    if json {
        let origins: BTreeMap<&String, serde_json::Value> = by_origin
            .iter()
            .map(|(k, c)| (k, serde_json::json!({"precision": c.precision(), "recall": c.recall(), "f1": c.f1(), "counts": c})))
            .collect();
        println!(
            "{}",
            serde_json::json!({"pairs": all.tp + all.fp + all.fn_ + all.tn, "precision": all.precision(), "recall": all.recall(), "f1": all.f1(), "counts": all, "by_origin": origins})
        );
    } else {
        println!(
            "{:<12} {:>6} {:>9} {:>7} {:>6}",
            "ORIGIN", "PAIRS", "PRECISION", "RECALL", "F1"
        );
        for (k, c) in by_origin
            .iter()
            .chain(std::iter::once((&"ALL".to_string(), &all)))
        {
            println!(
                "{:<12} {:>6} {:>9.3} {:>7.3} {:>6.3}",
                k,
                c.tp + c.fp + c.fn_ + c.tn,
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        if show_errors {
            for w in &wrong {
                println!("{w}");
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
    let words: usize = texts.iter().map(|t| t.0.split_whitespace().count()).sum();
    let start = Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds.max(1) {
        for (t, d) in &texts {
            let a = annotate(t, *d);
            found += a.mentions.len() + a.quotes.len() + a.dates.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let wps = (words * rounds.max(1)) as f64 / secs.max(1e-9);
    if json {
        println!(
            "{}",
            serde_json::json!({"articles": texts.len(), "words": words, "rounds": rounds, "seconds": secs, "words_per_second": wps, "annotations": found})
        );
    } else {
        println!(
            "annotate: {} articles, {} words x {} rounds in {:.3}s = {:.0} words/s (one thread, {} annotations)",
            texts.len(),
            words,
            rounds,
            secs,
            wps,
            found
        );
    }
    Ok(crate::exit::OK)
}
