//! `storyline worker`: work the PostgreSQL queue until it is drained.

use crate::exit;
use std::time::{Duration, Instant};
use storyline_ingest::worker::{run_worker, WorkerConfig, WorkerProgress, WorkerReport};
use storyline_store::postgres::jobs::Stage;
use storyline_store::StoreError;

#[derive(clap::Args)]
pub struct Args {
    /// Jobs claimed at a time.
    #[arg(long, default_value_t = 1)]
    pub batch: usize,
    /// Seconds a claimed job stays this worker's; if the worker dies, the
    /// job returns to the queue after this long.
    #[arg(long, default_value_t = 300.0)]
    pub lease: f64,
    /// Seconds to keep reconnecting after the database went away.
    #[arg(long, default_value_t = 120.0)]
    pub reconnect_for: f64,
    /// This worker's name in the queue (default: host:pid).
    #[arg(long)]
    pub name: Option<String>,
    /// Print one line per job and stage to stderr.
    #[arg(long, short)]
    pub verbose: bool,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
}

struct Log {
    verbose: bool,
}

impl WorkerProgress for Log {
    fn job_done(&self, job: i64, r: &WorkerReport) {
        if self.verbose {
            eprintln!(
                "storyline worker {}: job {job} done ({} read, {} new so far)",
                r.worker, r.read, r.new
            );
        }
    }
    fn reconnecting(&self, e: &StoreError) {
        eprintln!("storyline worker: database unavailable ({e}); reconnecting");
    }
    fn stage(&self, stage: Stage) {
        if self.verbose {
            eprintln!("storyline worker: stage {stage:?}");
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let url = super::postgres_url("worker")?;
    let mut cfg = WorkerConfig::new(&url);
    cfg.jobs_per_claim = args.batch.max(1);
    cfg.lease = Duration::from_secs_f64(args.lease.max(0.1));
    cfg.reconnect_for = Duration::from_secs_f64(args.reconnect_for.max(0.0));
    if let Some(name) = args.name {
        cfg.name = name;
    }
    let started = Instant::now();
    let report = run_worker(
        &cfg,
        &Log {
            verbose: args.verbose,
        },
    )?;
    for e in &report.errors {
        eprintln!("storyline: {}: {}", e.locator, e.reason);
    }
    print_report(&report, started.elapsed().as_secs_f64(), args.json)?;
    Ok(if report.failed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    })
}

pub fn print_report(r: &WorkerReport, seconds: f64, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", super::ingest::timed_json(r, r.read, seconds)?);
    } else {
        println!(
            "worker {}: {} jobs ({} taken over), read {}, new {}, unchanged {}, failed {} in {:.2} s ({:.0} articles/s); {} reconnects",
            r.worker,
            r.jobs,
            r.retried_jobs,
            r.read,
            r.new,
            r.unchanged,
            r.failed,
            seconds,
            super::ingest::per_second(r.read, seconds),
            r.reconnects
        );
    }
    Ok(())
}
