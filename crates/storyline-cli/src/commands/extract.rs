//! `storyline extract FILE`: the pipeline's view of one file, without a store.

use crate::output::{date_or_undated, json_lines};
use std::path::PathBuf;
use storyline_ingest::read_file;
use storyline_pipeline::{build_article, Settings};

#[derive(clap::Args)]
pub struct Args {
    /// A .txt, .html, .jsonl or .warc file (optionally .gz).
    pub file: PathBuf,
    /// JSON Lines: one extracted article per document in the file.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let settings = Settings::default();
    let mut articles = Vec::new();
    let mut failed = 0;
    read_file(&args.file, &mut |item| match item {
        Ok(doc) => match build_article(&doc, &settings) {
            Ok(a) => articles.push(a),
            Err(e) => {
                failed += 1;
                eprintln!("storyline: {}: {e}", doc.locator);
            }
        },
        Err(e) => {
            failed += 1;
            eprintln!("storyline: {e}");
        }
    });
    if args.json {
        json_lines(&articles)?;
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
