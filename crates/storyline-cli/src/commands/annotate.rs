//! `storyline annotate FILE`: the annotate stage on one file, without a
//! store (entity mentions, quotes, date expressions), for debugging and evals.

use crate::output::json_lines;
use serde::Serialize;
use std::path::PathBuf;
use storyline_ingest::read_file;
use storyline_model::Annotations;
use storyline_pipeline::annotate::annotate;
use storyline_pipeline::{build_article, Settings};

#[derive(clap::Args)]
pub struct Args {
    /// A .txt, .html, .jsonl or .warc file (optionally .gz).
    pub file: PathBuf,
    /// Annotate the file's text as it is (no extraction or cleaning), so
    /// spans are byte offsets into the file.
    #[arg(long)]
    pub raw: bool,
    /// Publication date to resolve relative dates against (YYYY-MM-DD), for --raw.
    #[arg(long, value_parser = crate::output::parse_day)]
    pub published: Option<chrono::NaiveDate>,
    /// JSON Lines: one line per article with its annotations.
    #[arg(long)]
    pub json: bool,
    /// With --json: include the annotated text (spans index into it).
    #[arg(long)]
    pub with_text: bool,
}

#[derive(Serialize)]
struct Out {
    id: String,
    locator: Option<String>,
    published: Option<chrono::NaiveDate>,
    words: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(flatten)]
    annotations: Annotations,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let mut out = Vec::new();
    let mut failed = 0;
    if args.raw {
        let bytes = std::fs::read(&args.file)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        out.push(Out {
            id: args.file.display().to_string(),
            locator: Some(args.file.display().to_string()),
            published: args.published,
            words: text.split_whitespace().count(),
            annotations: annotate(&text, args.published),
            text: args.with_text.then(|| text.clone()),
        });
    } else {
        let settings = Settings::default();
        read_file(&args.file, &mut |item| match item {
            Ok(doc) => match build_article(&doc, &settings) {
                Ok(a) => out.push(Out {
                    id: a.id.to_string(),
                    locator: a.path.clone(),
                    published: a.published.date,
                    words: a.word_count(),
                    annotations: annotate(&a.text, a.published.date),
                    text: args.with_text.then(|| a.text.clone()),
                }),
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
    }
    if args.json {
        json_lines(&out)?;
    } else {
        for o in &out {
            println!("# {}", o.locator.as_deref().unwrap_or(&o.id));
            for m in &o.annotations.mentions {
                println!(
                    "  mention  {:<13} {}  [{}]",
                    m.kind.as_str(),
                    m.text,
                    m.provenance.rule
                );
            }
            for q in &o.annotations.quotes {
                println!(
                    "  quote    {} <- {}",
                    crate::output::truncate(&q.text, 80),
                    q.speaker.as_deref().unwrap_or("?")
                );
            }
            for d in &o.annotations.dates {
                let when = match (d.date, d.not_before, d.not_after) {
                    (Some(x), _, _) => x.to_string(),
                    (None, Some(a), Some(b)) => format!("{a}..{b}"),
                    _ => "unresolved".into(),
                };
                println!(
                    "  date     {:<28} {when}{}",
                    d.text,
                    if d.inferred { " (inferred)" } else { "" }
                );
            }
        }
    }
    Ok(if failed > 0 {
        crate::exit::PARTIAL
    } else {
        crate::exit::OK
    })
}
