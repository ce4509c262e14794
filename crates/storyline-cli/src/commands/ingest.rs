//! `storyline ingest`: files and folders into the store, with a progress bar
//! on a terminal and a summary at the end.

use crate::exit;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline_ingest::{ingest_paths_with, IngestError, IngestReport, Progress, ReadLimits};
use storyline_pipeline::Settings;
use storyline_store::DataDir;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to read (.txt, .html, .htm, .jsonl, .warc, .rss, .atom, .xml, feed.json, each optionally .gz).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// With --store postgres://...: put the files on the work queue and run
    /// this many `storyline worker` processes on it (0: ingest in this
    /// process, as with the embedded store).
    #[arg(long, default_value_t = 0)]
    pub workers: usize,
    /// Largest document read, in MiB: a .txt or .html file, a JSON Lines
    /// line or a WARC record (decompressed). Longer ones are skipped with
    /// an error naming them.
    #[arg(long, default_value_t = ReadLimits::MAX_RECORD_BYTES >> 20, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_record_mib: u64,
    /// Most MiB one gzipped file may decompress to.
    #[arg(long, default_value_t = ReadLimits::MAX_FILE_BYTES >> 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_mib: u64,
    /// Most decompressed bytes per gzipped byte (checked past 8 MiB): a
    /// file inflating faster is refused as a decompression bomb.
    #[arg(long, default_value_t = ReadLimits::MAX_GZIP_RATIO, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_gzip_ratio: u64,
}

impl Args {
    /// The read limits the flags set.
    pub fn limits(&self) -> ReadLimits {
        ReadLimits {
            max_record_bytes: self.max_record_mib << 20,
            max_file_bytes: self.max_file_mib.saturating_mul(1 << 20),
            max_gzip_ratio: self.max_gzip_ratio,
            ..ReadLimits::default()
        }
    }
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
    limits: ReadLimits,
) -> anyhow::Result<(IngestReport, f64)> {
    let started = Instant::now();
    let bar = Bar::new();
    let report = ingest_paths_with(paths, dir, &Settings::default(), limits, &bar)?;
    bar.bar.finish_and_clear();
    Ok((report, started.elapsed().as_secs_f64()))
}

/// Articles read per second of wall time.
pub fn per_second(read: u64, seconds: f64) -> f64 {
    read as f64 / seconds.max(1e-9)
}

/// A run's report as JSON, with its wall time and rate added.
pub fn timed_json(
    report: &impl serde::Serialize,
    read: u64,
    seconds: f64,
) -> anyhow::Result<serde_json::Value> {
    let mut v = serde_json::to_value(report)?;
    v["seconds"] = serde_json::json!(seconds);
    v["articles_per_second"] = serde_json::json!(per_second(read, seconds));
    Ok(v)
}

/// One human line for a report.
pub fn summary_line(r: &IngestReport, seconds: f64) -> String {
    let skipped = if r.skipped > 0 {
        format!(" (skipped {} of other kinds)", r.skipped)
    } else {
        String::new()
    };
    let mut stubs = String::new();
    let c = &r.stubs;
    if c.kept + c.filled + c.page_stored > 0 {
        stubs = format!("; feed stubs: {} kept, {} filled", c.kept, c.filled);
    }
    if c.page_stored > 0 {
        stubs += &format!(", {} with their page stored before", c.page_stored);
    }
    let alerts = if r.alerts > 0 {
        format!("; watch alerts: {}", r.alerts)
    } else {
        String::new()
    };
    format!(
        "read {}, new {}, unchanged {}, failed {} from {} files{skipped} in {:.2} s ({:.0} articles/s){stubs}{alerts}",
        r.read,
        r.new,
        r.unchanged,
        r.failed,
        r.files,
        seconds,
        per_second(r.read, seconds)
    )
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    if args.workers > 0 {
        return with_workers(data, args);
    }
    let mut dir = super::open_data(data)?;
    let (report, seconds) = ingest_with_progress(&mut dir, &args.paths, args.limits())?;
    let delivered = super::watch::deliver_webhooks(&mut dir)?;
    if args.json {
        let mut v = timed_json(&report, report.read, seconds)?;
        if delivered.delivered + delivered.failed > 0 {
            v["webhooks"] = serde_json::to_value(&delivered)?;
        }
        println!("{v}");
    } else {
        println!("{}", summary_line(&report, seconds));
        if let Some(line) = super::watch::delivery_line(&delivered) {
            println!("{line}");
        }
    }
    Ok(if report.failed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    })
}

#[cfg(not(feature = "postgres"))]
fn with_workers(_data: &Path, _args: Args) -> anyhow::Result<u8> {
    anyhow::bail!(
        "--workers needs a storyline built with PostgreSQL support (cargo feature `postgres`)"
    )
}

/// `ingest --workers N`: enqueue, then N worker processes of this same
/// binary, then the local index caught up. The exit code is the worst of
/// the workers'.
#[cfg(feature = "postgres")]
fn with_workers(data: &Path, args: Args) -> anyhow::Result<u8> {
    use anyhow::Context;
    let url = super::postgres_url("ingest --workers")?;
    let started = Instant::now();
    let mut queue =
        storyline_store::postgres::jobs::JobQueue::connect(&url).context("work queue")?;
    let mut store = storyline_store::PgStore::open(&url).context("store")?;
    let enq = storyline_ingest::worker::enqueue_paths(&args.paths, &mut queue, &mut store, 64)?;
    for e in &enq.errors {
        eprintln!("storyline: {}: {}", e.locator, e.reason);
    }
    drop((queue, store));
    let exe = std::env::current_exe().context("finding the storyline binary")?;
    let children: Vec<_> = (0..args.workers)
        .map(|_| {
            std::process::Command::new(&exe)
                .arg("--store")
                .arg(&url)
                .args(["worker", "--json"])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .context("starting a worker")
        })
        .collect::<anyhow::Result<_>>()?;
    let mut total = storyline_ingest::IngestReport {
        files: enq.files,
        failed: enq.failed,
        stubs: enq.stubs,
        ..Default::default()
    };
    let mut worst = exit::OK;
    for child in children {
        let out = child.wait_with_output().context("waiting for a worker")?;
        let code = out.status.code().unwrap_or(exit::STORE as i32) as u8;
        worst = worst.max(code);
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&out.stdout) {
            let n = |k: &str| v[k].as_u64().unwrap_or(0);
            total.read += n("read");
            total.new += n("new");
            total.unchanged += n("unchanged");
            total.failed += n("failed");
        }
    }
    // This node's index follows the database; then the watches see what
    // the workers stored, and their alerts go to the webhooks, as after an
    // ingest without workers.
    let mut dir = super::open_data(data)?;
    total.alerts = storyline_ingest::watches::match_watches_in(&mut dir)?.alerts;
    super::watch::deliver_webhooks(&mut dir)?;
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        let mut v = timed_json(&total, total.read, seconds)?;
        v["workers"] = serde_json::json!(args.workers);
        println!("{v}");
    } else {
        println!(
            "{} ({} workers)",
            summary_line(&total, seconds),
            args.workers
        );
    }
    if worst > exit::PARTIAL {
        anyhow::bail!("a worker failed (exit code {worst})");
    }
    Ok(if total.failed > 0 {
        exit::PARTIAL
    } else {
        worst
    })
}
