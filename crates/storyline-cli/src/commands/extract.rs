//! `storyline extract FILE`: the pipeline's view of one file, without a store.

use crate::output::{date_or_undated, json_lines};
use std::path::PathBuf;
use storyline_ingest::read_file;
use storyline_pipeline::{build_article, document_date, page_summary, Settings};

#[derive(clap::Args)]
pub struct Args {
    /// .txt, .html, .jsonl or .warc files (optionally .gz).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// JSON Lines: one object per document in the files.
    #[arg(long)]
    pub json: bool,
    /// Only the publication date of each document (the same date as the
    /// full extraction gives, found without extracting the main text unless
    /// the page's date signals leave it undated): one line per document,
    /// `DATE RULE PATH`, or `{path, url, published}` with --json.
    #[arg(long)]
    pub date_only: bool,
}

fn run_date_only(args: &Args, settings: &Settings) -> anyhow::Result<u8> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    let mut result = Ok(());
    for file in &args.files {
        read_file(file, &mut |item| match item {
            Ok(doc) => {
                if result.is_err() {
                    return;
                }
                let published = document_date(&doc, settings);
                result = if args.json {
                    let record = serde_json::json!({
                        "path": doc.locator,
                        "url": doc.meta.url,
                        "published": published,
                    });
                    writeln!(out, "{record}")
                } else {
                    let rule = published
                        .provenance
                        .as_ref()
                        .map_or("-", |p| p.rule.as_str());
                    writeln!(
                        out,
                        "{}\t{rule}\t{}",
                        date_or_undated(published.date),
                        doc.locator
                    )
                };
            }
            Err(e) => {
                failed += 1;
                eprintln!("storyline: {e}");
            }
        });
    }
    finish(result.and_then(|_| out.flush()), failed)
}

/// The exit code once the output is written: a closed pipe (`| head`) ends
/// the output quietly; any other write error fails; `PARTIAL` when some
/// input could not be read or extracted.
fn finish(written: std::io::Result<()>, failed: usize) -> anyhow::Result<u8> {
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e.into());
        }
    }
    Ok(if failed > 0 {
        crate::exit::PARTIAL
    } else {
        crate::exit::OK
    })
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let settings = Settings::default();
    if args.date_only {
        return run_date_only(&args, &settings);
    }
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
    let written = if args.json {
        json_lines(&records)?;
        Ok(())
    } else {
        use std::io::Write;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let mut print = || -> std::io::Result<()> {
            for a in &articles {
                writeln!(out, "# {}", a.headline())?;
                writeln!(out, "published: {}", date_or_undated(a.published.date))?;
                writeln!(out)?;
                writeln!(out, "{}", a.text)?;
                for r in &a.removed {
                    writeln!(
                        out,
                        "  - removed [{}] {}",
                        r.reason,
                        crate::output::truncate(&r.text, 90)
                    )?;
                }
                writeln!(out)?;
            }
            out.flush()
        };
        print()
    };
    finish(written, failed)
}
