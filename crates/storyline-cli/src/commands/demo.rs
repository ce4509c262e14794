//! `storyline demo`: the bundled sample corpus into a fresh data directory,
//! then a tour of what the engine found.

use super::ingest::{ingest_with_progress, summary_line};
use super::stats::print_stats;
use crate::output::{date_or_undated, truncate};
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use storyline_store::{DataDir, SearchQuery};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_corpus.rs"));
}

#[derive(clap::Args)]
pub struct Args {
    /// The corpus to ingest (default: a `corpus` folder beside the binary,
    /// else the sample corpus built into it, written to DIR/corpus).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// The data directory to create; it is emptied first if it holds a
    /// previous demo.
    #[arg(long, default_value = "storyline-demo")]
    pub dir: PathBuf,
}

/// A `corpus` folder beside the binary (an installed copy), if any.
fn corpus_beside_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let here = exe.parent()?.join("corpus");
    here.is_dir().then_some(here)
}

/// Writes the corpus built into the binary to `to`.
fn write_embedded_corpus(to: &Path) -> anyhow::Result<()> {
    for (rel, bytes) in embedded::CORPUS {
        let path = to.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Empties `dir` only when it is absent, empty or a previous Storyline data
/// directory: the demo never deletes anything else.
fn fresh_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let is_ours = dir.join(DataDir::DATABASE_FILE).exists();
        let is_empty = std::fs::read_dir(dir)?.next().is_none();
        if !is_ours && !is_empty {
            bail!(
                "{} exists and is not a Storyline data directory; choose another with --dir",
                dir.display()
            );
        }
        std::fs::remove_dir_all(dir).with_context(|| format!("emptying {}", dir.display()))?;
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    fresh_dir(&args.dir)?;
    let corpus = match args.corpus.or_else(corpus_beside_binary) {
        Some(c) => c,
        None => {
            let to = args.dir.join("corpus");
            write_embedded_corpus(&to)?;
            to
        }
    };
    println!(
        "Storyline demo: ingesting {} into {}",
        corpus.display(),
        args.dir.display()
    );
    // The demo always builds a fresh embedded store, whatever --store says.
    let mut dir = DataDir::open(&args.dir)
        .with_context(|| format!("data directory {}", args.dir.display()))?;
    let (report, seconds) = ingest_with_progress(
        &mut dir,
        std::slice::from_ref(&corpus),
        storyline_ingest::ReadLimits::default(),
    )?;
    println!("  {}", summary_line(&report, seconds));
    println!();
    println!("What the engine found");
    print_stats(&dir, &dir.store().stats()?);

    for query in ["\"close ranks\"", "chemical weapons"] {
        let hits = dir.search(&SearchQuery {
            text: query.to_string(),
            limit: 5,
            ..SearchQuery::default()
        })?;
        println!();
        println!("search {query}: top {}", hits.len());
        for h in hits {
            println!(
                "  {}  {:<10}  {:<10}  {}",
                &h.id[..12],
                date_or_undated(h.published),
                truncate(h.source.as_deref().unwrap_or("-"), 10),
                truncate(&h.headline, 70)
            );
        }
    }

    // The scraped-text articles show cleaning at work: chrome removed, metadata read.
    let cleaned: Vec<_> = dir
        .store()
        .list_articles(&Default::default())?
        .into_iter()
        .filter(|a| !a.article.removed.is_empty())
        .take(5)
        .collect();
    if !cleaned.is_empty() {
        println!();
        println!("cleaning, on the scraped pages:");
        for a in cleaned {
            let a = a.article;
            println!(
                "  {}  {:<10}  removed {:>2} blocks  {}",
                &a.id.as_str()[..12],
                date_or_undated(a.published.date),
                a.removed.len(),
                truncate(&a.headline(), 60)
            );
        }
    }
    let groups = dir.store().list_groups(Some(5))?;
    if !groups.is_empty() {
        println!();
        println!("syndication: copies of one story count as one source");
        for g in groups {
            let headline = dir
                .store()
                .get_article(g.canonical.as_str())?
                .map(|a| a.article.headline())
                .unwrap_or_default();
            println!(
                "  {}  {} copies  origin {:<8}  {}",
                &g.key.as_str()[..12],
                g.members.len(),
                g.origin.as_deref().unwrap_or("-"),
                truncate(&headline, 60)
            );
        }
    }
    println!();
    println!("Explore further:");
    let d = args.dir.display();
    println!("  storyline --data {d} search 'Assad' --from 2012-01-01");
    println!("  storyline --data {d} articles --source reuters --limit 10");
    println!("  storyline --data {d} show <ID>");
    println!("  storyline --data {d} groups");
    Ok(if report.failed > 0 {
        crate::exit::PARTIAL
    } else {
        crate::exit::OK
    })
}
