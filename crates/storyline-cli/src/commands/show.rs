//! `storyline show ID`: one article with its provenance and removed chrome.

use crate::output::date_or_undated;
use std::path::Path;
use storyline_store::Store;

#[derive(clap::Args)]
pub struct Args {
    /// Article id, or a unique prefix of one.
    pub id: String,
    /// Print the article as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    let dir = super::open_data(data)?;
    let Some(stored) = dir.store().get_article(&args.id)? else {
        eprintln!("storyline: no article with id `{}`", args.id);
        return Ok(crate::exit::PARTIAL);
    };
    if args.json {
        println!("{}", serde_json::to_string(&stored)?);
        return Ok(crate::exit::OK);
    }
    let a = &stored.article;
    println!("{}", a.headline());
    println!("id:         {}", a.id);
    if let Some(p) = &a.path {
        println!("path:       {p}");
    }
    if let Some(u) = &a.url {
        println!("url:        {u}");
    }
    println!("source:     {}", a.source.as_deref().unwrap_or("-"));
    let prov = a
        .published
        .provenance
        .as_ref()
        .map(|p| format!(" ({}, confidence {:.2})", p.rule, p.confidence))
        .unwrap_or_default();
    println!("published:  {}{prov}", date_or_undated(a.published.date));
    if let Some(d) = &a.dateline {
        println!("dateline:   {d}");
    }
    if let Some(w) = &a.wire_credit {
        println!("wire:       {w}");
    }
    println!("language:   {}", a.language.as_deref().unwrap_or("-"));
    println!("words:      {}", a.word_count());
    println!();
    println!("{}", a.text);
    if !a.removed.is_empty() {
        println!();
        println!("removed ({} blocks):", a.removed.len());
        for r in &a.removed {
            println!("  [{}] {}", r.reason, crate::output::truncate(&r.text, 90));
        }
    }
    Ok(crate::exit::OK)
}
