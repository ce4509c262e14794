//! `storyline extract FILE`: the pipeline's view of one file, without a store.

use crate::output::{date_or_undated, json_lines};
use std::path::PathBuf;
use storyline_ingest::read_file;
use storyline_pipeline::{build_article, page_summary, Settings};

/// Extract articles from files and print them, without a store.
///
/// Each document (an HTML page, a text, a JSON Lines record, a WARC record)
/// goes through decode, extraction or cleaning and assembly, exactly as
/// `storyline ingest` would run it. The text view shows the article and every
/// removed block with its reason; `--json` prints one object per document:
/// the article (`text`, `title`, `published` with its provenance, `removed`
/// with reasons, ...) or, for a document that yields no article (an index
/// page, an empty page), `{"path", "error", "title", "published", "text": ""}`.
#[derive(clap::Args)]
pub struct Args {
    /// .txt, .html, .jsonl or .warc files (optionally .gz).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// JSON Lines: one object per document in the files.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let settings = Settings::default();
    let mut records: Vec<serde_json::Value> = Vec::new();
    let mut articles = Vec::new();
    let mut failed = 0;
    for file in &args.files {
        read_file(file, &mut |item| match item {
            Ok(doc) => match build_article(&doc, &settings) {
                Ok(a) => {
                    if args.json {
                        records.push(serde_json::to_value(&a).unwrap_or_default());
                    } else {
                        articles.push(a);
                    }
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("storyline: {}: {e}", doc.locator);
                    if args.json {
                        let (title, published) = page_summary(&doc, &settings).unwrap_or_default();
                        records.push(serde_json::json!({
                            "path": doc.locator,
                            "url": doc.meta.url,
                            "error": e.to_string(),
                            "title": title,
                            "published": published,
                            "text": "",
                        }));
                    }
                }
            },
            Err(e) => {
                failed += 1;
                eprintln!("storyline: {e}");
            }
        });
    }
    if args.json {
        json_lines(&records)?;
    } else {
        for a in &articles {
            println!("# {}", a.headline());
            println!("published: {}", date_or_undated(a.published.date));
            println!();
            println!("{}", a.text);
            for r in &a.removed {
                println!(
                    "  - removed [{}] {}",
                    r.reason,
                    crate::output::truncate(&r.text, 90)
                );
            }
            println!();
        }
    }
    Ok(if failed > 0 {
        crate::exit::PARTIAL
    } else {
        crate::exit::OK
    })
}
