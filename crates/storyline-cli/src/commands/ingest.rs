//! `storyline ingest`: files and folders into the store, with a progress bar
//! on a terminal and a summary at the end.

use crate::exit;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline_ingest::{ingest_paths, IngestError, IngestReport, Progress};
use storyline_pipeline::Settings;
use storyline_store::DataDir;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to read (.txt, .html, .htm, .jsonl, .warc, each optionally .gz).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Progress shown with indicatif on a terminal; errors always go to stderr,
/// one line each.
struct Bar {
    bar: ProgressBar,
}

impl Bar {
    fn new() -> Self {
        let bar = ProgressBar::new(0);
        if std::io::stderr().is_terminal() {
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files  {msg}",
                )
                .expect("static template"),
            );
        } else {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        Bar { bar }
    }
}

impl Progress for Bar {
    fn files_found(&self, count: u64) {
        self.bar.set_length(count);
    }
    fn file_done(&self, _path: &Path) {
        self.bar.inc(1);
    }
    fn batch_stored(&self, r: &IngestReport) {
        self.bar.set_message(format!(
            "{} articles: {} new, {} unchanged, {} failed",
            r.read, r.new, r.unchanged, r.failed
        ));
    }
    fn failed(&self, e: &IngestError) {
        self.bar
            .suspend(|| eprintln!("storyline: {}: {}", e.locator, e.reason));
    }
}

/// Ingests with a progress bar and returns the report and elapsed seconds.
pub fn ingest_with_progress(
    dir: &mut DataDir,
    paths: &[PathBuf],
) -> anyhow::Result<(IngestReport, f64)> {
    let started = Instant::now();
    let bar = Bar::new();
    let report = ingest_paths(paths, dir, &Settings::default(), &bar)?;
    bar.bar.finish_and_clear();
    Ok((report, started.elapsed().as_secs_f64()))
}

/// One human line for a report.
pub fn summary_line(r: &IngestReport, seconds: f64) -> String {
    format!(
        "read {}, new {}, unchanged {}, failed {} from {} files in {:.2} s ({:.0} articles/s)",
        r.read,
        r.new,
        r.unchanged,
        r.failed,
        r.files,
        seconds,
        r.read as f64 / seconds.max(1e-9)
    )
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    let mut dir = super::open_data(data)?;
    let (report, seconds) = ingest_with_progress(&mut dir, &args.paths)?;
    if args.json {
        let mut v = serde_json::to_value(&report)?;
        v["seconds"] = serde_json::json!(seconds);
        v["articles_per_second"] = serde_json::json!(report.read as f64 / seconds.max(1e-9));
        println!("{v}");
    } else {
        println!("{}", summary_line(&report, seconds));
    }
    Ok(if report.failed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    })
}
