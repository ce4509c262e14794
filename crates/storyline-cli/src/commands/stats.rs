//! `storyline stats`: counts over the whole store.

use crate::output::date_or_undated;
use std::path::Path;
use storyline_store::{DataDir, Stats};

#[derive(clap::Args)]
pub struct Args {
    /// Print the counts as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `name count, name count, ...` for the first `n` pairs.
pub fn top(pairs: &[(String, u64)], n: usize) -> String {
    let mut parts: Vec<String> = pairs
        .iter()
        .take(n)
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if pairs.len() > n {
        parts.push(format!("… {} more", pairs.len() - n));
    }
    parts.join(", ")
}

/// The stats block shared by `stats` and `demo`.
pub fn print_stats(dir: &DataDir, s: &Stats) {
    println!("articles:        {}", s.articles);
    println!("indexed:         {}", dir.indexed_docs());
    println!(
        "dated:           {} (undated {}), {} to {}",
        s.dated,
        s.undated,
        date_or_undated(s.earliest),
        date_or_undated(s.latest)
    );
    println!("words:           {}", s.words);
    println!("sources:         {}", top(&s.sources, 8));
    println!("languages:       {}", top(&s.languages, 5));
    println!(
        "chrome removed:  {} blocks: {}",
        s.removed_blocks,
        top(&s.removed_reasons, 6)
    );
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    let dir = super::open_data_read_only(data)?;
    let s = dir.store().stats()?;
    if args.json {
        let mut v = serde_json::to_value(&s)?;
        v["indexed"] = serde_json::json!(dir.indexed_docs());
        println!("{v}");
    } else {
        print_stats(&dir, &s);
    }
    Ok(crate::exit::OK)
}
