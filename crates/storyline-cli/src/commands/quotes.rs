//! `storyline quotes`: the quote bank, each quote once with every article
//! that reported it, its speaker and the first date it was reported.

use crate::output::{date_or_undated, json_or_csv, truncate, Table};
use std::path::Path;

#[derive(clap::Args)]
pub struct Args {
    /// Only quotes by this speaker (a name in any spelling, an alias or an entity id).
    #[arg(long)]
    pub speaker: Option<String>,
    /// Include short partial quotes inside reported speech.
    #[arg(long)]
    pub partial: bool,
    /// At most this many quotes (most reported first).
    #[arg(long)]
    pub limit: Option<usize>,
    /// JSON Lines: one quote-bank entry per line, with every article and span.
    #[arg(long)]
    pub json: bool,
    /// CSV: the fields of --json as columns (nested ones as `a.b`).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    let dir = super::open_data_read_only(data)?;
    let speaker = match &args.speaker {
        Some(name) => match super::entities::find_entity(dir.store(), name)? {
            Some(e) => Some(e.summary.id),
            None => {
                eprintln!("storyline: no entity named `{name}`");
                return Ok(crate::exit::PARTIAL);
            }
        },
        None => None,
    };
    let mut bank = dir.store().quote_bank(speaker.as_deref())?;
    if !args.partial {
        bank.retain(|q| q.listed_by_default());
    }
    if let Some(l) = args.limit {
        bank.truncate(l);
    }
    if !json_or_csv(args.json, args.csv, &bank)? {
        Table::print_rows(
            vec!["ARTICLES", "SOURCES", "FIRST", "SPEAKER", "QUOTE"],
            &bank,
            |q| {
                vec![
                    q.articles.len().to_string(),
                    q.independent_sources.to_string(),
                    date_or_undated(q.first_reported),
                    speaker_cell(q),
                    truncate(&q.text, 90),
                ]
            },
        )?;
    }
    Ok(crate::exit::OK)
}

/// The speaker as listed: `?` when unknown, and `(?)` after a name that the
/// articles attribute only with low confidence (a reader should check it).
fn speaker_cell(q: &storyline_store::QuoteBankEntry) -> String {
    let Some(name) = q.speaker.as_deref() else {
        return "?".to_string();
    };
    let confidence = q
        .articles
        .iter()
        .filter(|s| s.speaker.as_deref() == Some(name))
        .map(|s| s.confidence)
        .fold(0.0f32, f32::max);
    if confidence < storyline_model::Quote::LOW_SPEAKER_CONFIDENCE {
        format!("{} (?)", truncate(name, 24))
    } else {
        truncate(name, 28)
    }
}
