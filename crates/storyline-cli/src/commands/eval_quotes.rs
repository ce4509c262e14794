//! `storyline eval quotes`: scores quote finding and speaker attribution on
//! the hand-annotated gold quotations (`corpus/eval/quotes.gold.jsonl`),
//! whose articles are read from the Timeline17 folder. The scoring is
//! `storyline_eval::quotes`; this module parses the arguments and prints.

use crate::output::{truncate, Table};
use std::path::PathBuf;
use storyline_eval::quotes::{KindCounts, QuotesReport};

#[derive(clap::Args)]
pub struct QuotesArgs {
    /// The gold quotations, one JSON object a line.
    #[arg(long, default_value = "corpus/eval/quotes.gold.jsonl")]
    pub gold: PathBuf,
    /// Folder with the Timeline17 `*.articles.jsonl.gz` files.
    #[arg(long, default_value = "../shared/eval/t17")]
    pub t17: PathBuf,
    /// Also print every gold quotation missed or credited to someone else,
    /// and the engine's quotes that find no gold quotation.
    #[arg(long)]
    pub errors: bool,
    /// One JSON object: the typed report, with every gold quotation's outcome.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: QuotesArgs) -> anyhow::Result<u8> {
    let report = storyline_eval::quotes::run(&args.gold, &args.t17)?;
    if args.json {
        crate::output::json_lines([&report])?;
        return Ok(crate::exit::OK);
    }
    print_report(&report)?;
    if args.errors {
        print_errors(&report);
    }
    Ok(crate::exit::OK)
}

fn share(n: usize, d: usize) -> String {
    if d == 0 {
        "-".to_string()
    } else {
        format!("{n}/{d} {:.3}", n as f64 / d as f64)
    }
}

fn print_report(r: &QuotesReport) -> anyhow::Result<()> {
    Table::print_rows(
        vec![
            "PART",
            "ARTICLES",
            "GOLD",
            "FOUND (RECALL)",
            "PRECISION",
            "NAMED SPEAKER RIGHT",
            "ANONYMOUS KEPT",
        ],
        &r.parts,
        |p| {
            vec![
                p.part.clone(),
                p.articles.to_string(),
                p.counts.gold.to_string(),
                share(p.counts.found, p.counts.gold),
                share(p.engine_matched, p.engine),
                share(p.counts.named_right, p.counts.named),
                share(p.counts.anonymous_kept, p.counts.anonymous),
            ]
        },
    )?;
    println!();
    let mut t = Table::new(vec![
        "PART",
        "KIND",
        "GOLD",
        "FOUND",
        "NAMED SPEAKER RIGHT",
        "ANONYMOUS KEPT",
    ]);
    for p in &r.parts {
        let long = format!("{}+ words", storyline_eval::quotes::LONG_QUOTE_WORDS);
        let kinds = p.by_kind.iter().map(|(k, c)| (k.as_str(), c));
        for (kind, c) in kinds.chain(std::iter::once((long.as_str(), &p.long))) {
            let KindCounts {
                gold,
                found,
                named,
                named_right,
                anonymous,
                anonymous_kept,
            } = c;
            t.row(vec![
                p.part.clone(),
                kind.to_string(),
                gold.to_string(),
                share(*found, *gold),
                share(*named_right, *named),
                share(*anonymous_kept, *anonymous),
            ]);
        }
    }
    t.print()?;
    println!(
        "\nfound: an engine quote covers at least half of the gold quotation's span; precision: engine quotes in the gold articles that find a gold quotation; named speaker right: over all gold quotations with a named speaker (same name, or one name's words within the other's); anonymous kept: over all gold quotations with an unnamed speaker (found, no speaker)."
    );
    Ok(())
}

fn print_errors(r: &QuotesReport) {
    println!("\ngold quotations missed or credited wrongly:");
    for o in &r.outcomes {
        let wrong = if !o.found {
            "MISSED".to_string()
        } else if o.named && !o.speaker_right {
            format!("SPEAKER {}", o.engine_speaker.as_deref().unwrap_or("-"))
        } else if !o.named && o.engine_speaker.is_some() {
            format!(
                "NOT ANONYMOUS {}",
                o.engine_speaker.as_deref().unwrap_or("-")
            )
        } else {
            continue;
        };
        println!(
            "  {:<14} {:<28} gold {:<24} {} | {}",
            o.kind.as_str(),
            wrong,
            o.gold_speaker,
            o.article,
            truncate(&o.quote, 70)
        );
    }
    println!("\nengine quotes that find no gold quotation:");
    for u in &r.unmatched {
        println!(
            "  {:<24} {} | {}",
            u.speaker.as_deref().unwrap_or("-"),
            u.article,
            truncate(&u.quote, 70)
        );
    }
}
