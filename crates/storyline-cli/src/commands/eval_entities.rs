//! `storyline eval entities`: scores entity resolution on the hand-annotated
//! gold forms (`corpus/eval/entities.gold.jsonl`). The evaluation is
//! `storyline_eval::entities`; this module reads the arguments and prints.

use crate::output::Table;
use anyhow::Context;
use std::path::PathBuf;
use storyline_eval::entities::{read_gold, EntityReport};

#[derive(clap::Args)]
pub struct EntitiesArgs {
    /// The gold forms (JSON Lines, one form a line; corpus/eval/README.md).
    #[arg(long, default_value = "corpus/eval/entities.gold.jsonl")]
    pub gold: PathBuf,
    /// Folder with the Timeline17 `*.articles.jsonl.gz` sets the gold names.
    #[arg(long, default_value = "../shared/eval/t17")]
    pub collections: PathBuf,
    /// One JSON object: the typed report.
    #[arg(long)]
    pub json: bool,
    /// Whose splits and over-merges the table lists: the part rules are
    /// tuned on (`tune`, so the other parts' errors stay out of view),
    /// another part, or `all`. The scores are printed for every part.
    #[arg(long, default_value = "tune", value_name = "PART")]
    pub errors_of: String,
}

pub fn run(args: EntitiesArgs) -> anyhow::Result<u8> {
    let text =
        std::fs::read_to_string(&args.gold).with_context(|| format!("{}", args.gold.display()))?;
    let gold = read_gold(&args.gold, &text)?;
    let report = storyline_eval::entities::run(&gold, &args.collections)?;
    if args.json {
        crate::output::json_lines([&report])?;
    } else {
        if !report.parts.iter().any(|p| p.part == args.errors_of) {
            let parts: Vec<&str> = report.parts.iter().map(|p| p.part.as_str()).collect();
            eprintln!(
                "storyline: --errors-of {}: no such gold part (the gold has {})",
                args.errors_of,
                parts.join(", ")
            );
            return Ok(crate::exit::USAGE);
        }
        print(&report, &args.errors_of)?;
    }
    Ok(crate::exit::OK)
}

/// Splits and over-merges printed (the worst), and pieces of each.
const SHOWN: usize = 30;
const PIECES: usize = 5;

fn print(r: &EntityReport, errors_of: &str) -> anyhow::Result<()> {
    Table::print_rows(
        vec![
            "PART",
            "FORMS",
            "ENTITIES",
            "OCCURRENCES",
            "FOUND",
            "B3 P",
            "B3 R",
            "B3 F1",
            "TYPE ACC",
            "SPLITS",
            "OVER-MERGES",
        ],
        &r.parts,
        |p| {
            vec![
                p.part.clone(),
                p.forms.to_string(),
                p.entities.to_string(),
                p.occurrences.to_string(),
                p.found.to_string(),
                format!("{:.3}", p.b3_precision),
                format!("{:.3}", p.b3_recall),
                format!("{:.3}", p.b3_f1),
                format!("{:.3}", p.type_accuracy),
                p.splits.len().to_string(),
                p.over_merges.len().to_string(),
            ]
        },
    )?;
    println!(
        "\n{} articles of {} collections; {} engine entities",
        r.articles,
        r.collections.len(),
        r.engine_entities
    );
    let Some(all) = r.parts.iter().find(|p| p.part == errors_of) else {
        return Ok(());
    };
    println!(
        "\nnon-ambiguous gold entities of part {errors_of} split over engine entities, worst {SHOWN} (occurrences; --errors-of PART for another part, --json lists all):"
    );
    for s in all.splits.iter().take(SHOWN) {
        let mut pieces: Vec<String> = s
            .pieces
            .iter()
            .take(PIECES)
            .map(|p| format!("{} [{}] {}", p.name, p.kind.as_str(), p.occurrences))
            .collect();
        if s.pieces.len() > PIECES {
            let rest: usize = s.pieces[PIECES..].iter().map(|p| p.occurrences).sum();
            pieces.push(format!("{} more: {rest}", s.pieces.len() - PIECES));
        }
        println!("  {:<24} {}", s.entity, pieces.join(" | "));
    }
    println!(
        "\nengine entities holding several gold entities of part {errors_of}, worst {SHOWN} (occurrences):"
    );
    for m in all.over_merges.iter().take(SHOWN) {
        let gold: Vec<String> = m
            .gold
            .iter()
            .take(PIECES)
            .map(|(g, n)| format!("{g} {n}"))
            .collect();
        println!("  {} [{}]: {}", m.engine, m.kind.as_str(), gold.join(", "));
    }
    println!(
        "\ngold forms of part {errors_of} no engine mention covers: {}",
        all.forms_not_found.join(", ")
    );
    Ok(())
}
