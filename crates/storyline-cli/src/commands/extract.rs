//! `storyline extract FILE`: the pipeline's view of one file, without a store.

use crate::output::date_or_undated;
use serde::Serialize;
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
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut written: std::io::Result<()> = Ok(());
    let mut failed = 0;
    for file in &args.files {
        read_file(file, &mut |item| match item {
            Ok(doc) => match build_article(&doc, &settings) {
                Ok(a) => {
                    if written.is_ok() {
                        written = if args.json {
                            serde_json::to_writer(&mut out, &JsonArticle::of(&a))
                                .map_err(std::io::Error::from)
                                .and_then(|_| out.write_all(b"\n"))
                        } else {
                            write_readable(&mut out, &a)
                        };
                    }
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("storyline: {}: {e}", doc.locator);
                    if args.json && written.is_ok() {
                        let (title, published) = page_summary(&doc, &settings).unwrap_or_default();
                        let record = serde_json::json!({
                            "path": doc.locator,
                            "url": doc.meta.url,
                            "error": e.to_string(),
                            "title": title,
                            "published": published,
                            "text": "",
                        });
                        written = writeln!(out, "{record}");
                    }
                }
            },
            Err(e) => {
                failed += 1;
                eprintln!("storyline: {e}");
            }
        });
    }
    finish(written.and_then(|_| out.flush()), failed)
}

/// One article for reading: headline, date, text, and each removed block
/// with its reason.
fn write_readable(
    out: &mut impl std::io::Write,
    a: &storyline_model::Article,
) -> std::io::Result<()> {
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
    writeln!(out)
}

/// An article as `serde_json::to_value(&article)` prints it (keys in
/// alphabetical order, the confidence widened to f64 as a JSON value holds
/// it), written straight to the output without building the value: for
/// pages of text, building, printing and dropping the value was a tenth of
/// `extract --json`'s time. A test checks both print the same bytes.
#[derive(Serialize)]
struct JsonArticle<'a> {
    dateline: &'a Option<String>,
    external_id: &'a Option<String>,
    format: storyline_model::SourceFormat,
    id: &'a storyline_model::ArticleId,
    language: &'a Option<String>,
    path: &'a Option<String>,
    published: JsonPublished<'a>,
    raw_sha256: &'a str,
    removed: Vec<JsonRemoved<'a>>,
    source: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_provenance: Option<JsonProvenance<'a>>,
    text: &'a str,
    title: &'a Option<String>,
    url: &'a Option<String>,
    wire_credit: &'a Option<String>,
}

#[derive(Serialize)]
struct JsonPublished<'a> {
    date: Option<chrono::NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<JsonProvenance<'a>>,
}

#[derive(Serialize)]
struct JsonProvenance<'a> {
    confidence: f64,
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<(usize, usize)>,
}

#[derive(Serialize)]
struct JsonRemoved<'a> {
    reason: &'a str,
    span: (usize, usize),
    text: &'a str,
}

impl<'a> JsonArticle<'a> {
    fn of(a: &'a storyline_model::Article) -> Self {
        JsonArticle {
            dateline: &a.dateline,
            external_id: &a.external_id,
            format: a.format,
            id: &a.id,
            language: &a.language,
            path: &a.path,
            published: JsonPublished {
                date: a.published.date,
                provenance: a.published.provenance.as_ref().map(|p| JsonProvenance {
                    confidence: f64::from(p.confidence),
                    rule: &p.rule,
                    span: p.span,
                }),
            },
            raw_sha256: &a.raw_sha256,
            removed: a
                .removed
                .iter()
                .map(|r| JsonRemoved {
                    reason: &r.reason,
                    span: r.span,
                    text: &r.text,
                })
                .collect(),
            source: &a.source,
            source_provenance: a.source_provenance.as_ref().map(|p| JsonProvenance {
                confidence: f64::from(p.confidence),
                rule: &p.rule,
                span: p.span,
            }),
            text: &a.text,
            title: &a.title,
            url: &a.url,
            wire_credit: &a.wire_credit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{Article, ArticleId, Provenance, Published, RemovedBlock, SourceFormat};

    #[test]
    fn json_article_prints_what_the_json_value_prints() {
        let mut a = Article {
            id: ArticleId("0123".into()),
            path: Some("f.jsonl#line=1".into()),
            url: None,
            source: Some("example.org".into()),
            source_provenance: None,
            external_id: None,
            title: Some("T \"q\" \u{e9}".into()),
            text: "One.\n\nTwo\u{2019}s".into(),
            published: Published::dated(
                chrono::NaiveDate::from_ymd_opt(2019, 11, 19).unwrap(),
                Provenance::new("html.json_ld.datePublished", 0.95).with_span(3, 9),
            ),
            language: Some("eng".into()),
            format: SourceFormat::Html,
            raw_sha256: "ab".into(),
            dateline: Some("BEIRUT".into()),
            wire_credit: None,
            removed: vec![RemovedBlock {
                span: (0, 0),
                text: "Share".into(),
                reason: "html.furniture".into(),
            }],
        };
        for _ in 0..2 {
            let direct = serde_json::to_string(&JsonArticle::of(&a)).unwrap();
            let value = serde_json::to_value(&a).unwrap().to_string();
            assert_eq!(direct, value);
            // Undated, without provenance or removed blocks.
            a.published = Published::undated();
            a.removed.clear();
        }
    }
}
