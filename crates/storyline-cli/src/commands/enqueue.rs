//! `storyline enqueue`: files onto the PostgreSQL work queue.

use crate::exit;
use anyhow::Context;
use std::path::PathBuf;
use std::time::Instant;
use storyline_ingest::worker::enqueue_paths;
use storyline_store::postgres::jobs::JobQueue;
use storyline_store::PgStore;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to read (.txt, .html, .htm, .jsonl, .warc, feeds, each optionally .gz).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Records per job (a worker claims whole jobs).
    #[arg(long, default_value_t = 64)]
    pub batch: usize,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let url = super::postgres_url("enqueue")?;
    let started = Instant::now();
    let mut queue = JobQueue::connect(&url).context("work queue")?;
    let mut store = PgStore::open(&url).context("store")?;
    let report = enqueue_paths(&args.paths, &mut queue, &mut store, args.batch)?;
    for e in &report.errors {
        eprintln!("storyline: {}: {}", e.locator, e.reason);
    }
    let counts = queue.counts()?;
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        let mut v = serde_json::to_value(&report)?;
        v["seconds"] = serde_json::json!(seconds);
        v["queue"] = serde_json::to_value(counts)?;
        println!("{v}");
    } else {
        println!(
            "enqueued {} records from {} files in {} jobs ({:.1} MiB) in {:.2} s; {} failed; queue: {} jobs open ({} records)",
            report.records,
            report.files,
            report.jobs,
            report.bytes as f64 / (1024.0 * 1024.0),
            seconds,
            report.failed,
            counts.open(),
            counts.open_records
        );
    }
    Ok(if report.failed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    })
}
