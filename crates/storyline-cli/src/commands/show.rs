//! `storyline show ID`: one article with its provenance and removed chrome.

use crate::output::date_or_undated;
use std::path::Path;

#[derive(clap::Args)]
pub struct Args {
    /// Article id, or a unique prefix of one.
    pub id: String,
    /// Print the article as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    let dir = super::open_data_read_only(data)?;
    let Some(stored) = dir.store().get_article(&args.id)? else {
        eprintln!("storyline: no article with id `{}`", args.id);
        return Ok(crate::exit::PARTIAL);
    };
    let group = dir.store().group_of(&stored.article.id)?;
    let links = dir.store().links_of(&stored.article.id)?;
    if args.json {
        let mut value = serde_json::to_value(&stored)?;
        value["syndication_group"] = serde_json::to_value(&group)?;
        value["duplicate_links"] = serde_json::to_value(&links)?;
        println!("{value}");
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
    match &group {
        Some(g) => {
            let role = if g.canonical == a.id {
                "canonical member".to_string()
            } else {
                format!("copy of canonical {}", &g.canonical.as_str()[..12])
            };
            println!(
                "group:      {} ({} copies, origin {}; this article: {role})",
                &g.key.as_str()[..12],
                g.members.len(),
                g.origin.as_deref().unwrap_or("unknown"),
            );
        }
        None => println!("group:      none (no stored copy)"),
    }
    for l in links.iter().filter(|l| l.kind == "embeds") {
        let (other, share) = if l.a == a.id {
            (&l.b, l.a_in_b)
        } else {
            (&l.a, l.b_in_a)
        };
        println!(
            "contains:   {:.0}% of this article's text is in {} ({:.0}% the other way)",
            share * 100.0,
            &other.as_str()[..12],
            if l.a == a.id { l.b_in_a } else { l.a_in_b } * 100.0
        );
    }
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
