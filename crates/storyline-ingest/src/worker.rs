//! Server mode's ingest: `enqueue` turns files into jobs on the PostgreSQL
//! work queue, and any number of workers, on one machine or several, claim
//! them, extract and store the articles, and run the store-wide stages.
//!
//! A worker's loop:
//! 1. claim jobs (`FOR UPDATE SKIP LOCKED`, with a lease);
//! 2. extract their records in parallel (rayon), remove each site's repeated
//!    lines (the store's per-site counts plus the job's own), and annotate;
//! 3. store the articles under the `Store` stage lock, so sequence numbers
//!    become visible in order (index catch-up reads `articles_after(seq)`),
//!    with their site-line counts in the same transaction, then their
//!    annotations; `put_articles_counting` is idempotent by content id, so a
//!    job re-run after a worker died stores nothing twice;
//! 4. complete the job (its records are deleted);
//! 5. catch syndication up if no other worker is doing it right now (the one
//!    that is covers these articles too, or the next batch's run will).
//!
//! When no job is ready and none is leased (the queue is drained), the worker
//! runs the final stages, each under its advisory lock: syndication, then
//! annotation catch-up and alias resolution, then event clustering. Workers
//! that find the queue empty while others still hold leases wait for them
//! (and take over a job whose lease ends), so the final stages run once the
//! last job is done: event clustering then sees the same articles in one
//! catch-up whatever the number of workers (see BENCHMARKS.md, issue 8).
//!
//! A lost connection (PostgreSQL restarted) ends the worker's session; it
//! reconnects with back-off and resumes, and the job it was working on comes
//! back to it or another worker when the lease ends.

use crate::driver::{analyse, annotations_of_new, BATCH_BYTES, BATCH_DOCS};
use crate::guard::{run_stage, Stage as GuardStage};
use crate::stubs::{StubBook, StubCounts};
use crate::{discover, read_file, IngestError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use storyline_model::RawDocument;
use storyline_pipeline::dedup::DedupParams;
use storyline_pipeline::Settings;
use storyline_store::postgres::jobs::{is_transient, JobQueue, Stage};
use storyline_store::{FeedStubStore, Store, StoreError, StoreLocation};

/// What `enqueue` did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct EnqueueReport {
    /// Files read.
    pub files: u64,
    /// Documents put on the queue.
    pub records: u64,
    /// Jobs the documents were put in.
    pub jobs: u64,
    /// Document bytes queued.
    pub bytes: u64,
    /// Files or records that could not be read.
    pub failed: u64,
    /// What feed stubs the run kept and filled.
    #[serde(flatten)]
    pub stubs: StubCounts,
    /// Every failure, in the order met.
    #[serde(skip)]
    pub errors: Vec<IngestError>,
}

/// Reads every document under `paths` into jobs of at most `batch` records
/// (and [`BATCH_BYTES`] of bodies) on the queue. Each job is one transaction;
/// reading the same files again enqueues them again, and the workers then
/// store nothing new. Feeds are read first: their stubs wait in `stubs` (the
/// shared store), and a page read after its feed item is queued with the
/// stub's metadata, as [`crate::ingest_paths`] does.
pub fn enqueue_paths<S: FeedStubStore + ?Sized>(
    paths: &[PathBuf],
    queue: &mut JobQueue,
    stubs: &mut S,
    batch: usize,
) -> Result<EnqueueReport, StoreError> {
    let batch = if batch == 0 { BATCH_DOCS } else { batch };
    let (mut files, walk_errors) = discover(paths);
    files.sort_by_key(|f| !crate::driver::is_feed(f));
    let mut report = EnqueueReport {
        files: files.len() as u64,
        ..EnqueueReport::default()
    };
    for e in walk_errors {
        report.failed += 1;
        report.errors.push(e);
    }
    let mut book = StubBook::open(stubs)?;
    let mut docs: Vec<RawDocument> = Vec::new();
    let mut bytes = 0usize;
    let mut flush = |docs: &mut Vec<RawDocument>,
                     bytes: &mut usize,
                     report: &mut EnqueueReport|
     -> Result<(), StoreError> {
        if docs.is_empty() {
            return Ok(());
        }
        queue.enqueue(docs)?;
        report.jobs += 1;
        report.records += docs.len() as u64;
        report.bytes += *bytes as u64;
        docs.clear();
        *bytes = 0;
        Ok(())
    };
    for file in &files {
        let mut failure = None;
        let mut take = |item: Result<RawDocument, IngestError>| match item {
            Ok(mut doc) => {
                if let Err(e) = book.fill(stubs, &mut doc) {
                    failure.get_or_insert(e);
                }
                bytes += doc.body.len();
                docs.push(doc);
                if failure.is_none() && (docs.len() >= batch || bytes >= BATCH_BYTES) {
                    if let Err(e) = flush(&mut docs, &mut bytes, &mut report) {
                        failure = Some(e);
                    }
                }
            }
            Err(e) => {
                report.failed += 1;
                report.errors.push(e);
            }
        };
        let feed_stubs = read_file(file, &mut take);
        if let Some(e) = failure {
            return Err(e);
        }
        book.keep(stubs, &feed_stubs)?;
    }
    flush(&mut docs, &mut bytes, &mut report)?;
    // The queued jobs carry the filled metadata: the stubs are done with.
    book.commit(stubs)?;
    report.stubs = book.counts;
    Ok(report)
}

/// How a worker runs.
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// The PostgreSQL URL of the shared store and queue.
    pub url: String,
    /// This worker's name in the queue (host and process id by default).
    pub name: String,
    /// Jobs claimed at a time.
    pub jobs_per_claim: usize,
    /// How long a claimed job stays this worker's before it returns to the
    /// queue (a worker that dies loses it after this long).
    pub lease: Duration,
    /// How long to keep trying to reconnect after the server went away.
    pub reconnect_for: Duration,
    /// The pipeline's settings.
    pub settings: Settings,
}

impl WorkerConfig {
    /// The defaults for a worker on the database at `url`.
    pub fn new(url: &str) -> Self {
        WorkerConfig {
            url: url.to_string(),
            name: default_worker_name(),
            jobs_per_claim: 1,
            lease: Duration::from_secs(300),
            reconnect_for: Duration::from_secs(120),
            settings: Settings::default(),
        }
    }
}

/// `host:pid`, unique among the workers on one database.
pub fn default_worker_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("{host}:{}", std::process::id())
}

/// What a worker did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct WorkerReport {
    /// The worker's name.
    pub worker: String,
    /// Jobs done.
    pub jobs: u64,
    /// Jobs this worker took over after another's lease ended.
    pub retried_jobs: u64,
    /// Records read from jobs (stored, unchanged or failed).
    pub read: u64,
    /// Articles stored for the first time.
    pub new: u64,
    /// Articles already stored.
    pub unchanged: u64,
    /// Documents or records that failed.
    pub failed: u64,
    /// Times the connection was lost and made again.
    pub reconnects: u64,
    /// Syndication catch-ups this worker ran (others were busy otherwise).
    pub syndication_runs: u64,
    /// Articles this worker fingerprinted and linked.
    pub syndicated: u64,
    /// Entities after this worker's alias resolution; `None` when it had
    /// nothing to do (no article stored since the last resolution).
    pub entities: Option<u64>,
    /// What this worker's event update did, when it ran one.
    pub events: Option<crate::EventsReport>,
    /// Every failure, in the order met.
    #[serde(skip)]
    pub errors: Vec<IngestError>,
}

/// Hooks for showing a worker's progress.
pub trait WorkerProgress: Sync {
    /// A job is done; `report` is the worker's running total.
    fn job_done(&self, _job: i64, _report: &WorkerReport) {}
    /// The connection was lost; the worker is trying again.
    fn reconnecting(&self, _error: &StoreError) {}
    /// The worker starts a store-wide stage.
    fn stage(&self, _stage: Stage) {}
}

/// Progress that shows nothing.
pub struct QuietWorker;
impl WorkerProgress for QuietWorker {}

/// Runs one worker until the queue is drained and the final stages are done.
pub fn run_worker(
    cfg: &WorkerConfig,
    progress: &dyn WorkerProgress,
) -> Result<WorkerReport, StoreError> {
    let mut report = WorkerReport {
        worker: cfg.name.clone(),
        ..WorkerReport::default()
    };
    let mut down_since: Option<Instant> = None;
    loop {
        match session(cfg, &mut report, progress, &mut down_since) {
            Ok(()) => return Ok(report),
            Err(e) if is_transient(&e) => {
                let since = *down_since.get_or_insert_with(Instant::now);
                if since.elapsed() > cfg.reconnect_for {
                    return Err(e);
                }
                progress.reconnecting(&e);
                report.reconnects += 1;
                std::thread::sleep(Duration::from_millis(500));
            }
            Err(e) => return Err(e),
        }
    }
}

/// One connection's worth of work: returns Ok when the queue is drained.
fn session(
    cfg: &WorkerConfig,
    report: &mut WorkerReport,
    progress: &dyn WorkerProgress,
    down_since: &mut Option<Instant>,
) -> Result<(), StoreError> {
    let mut queue = JobQueue::connect(&cfg.url)?;
    let location = StoreLocation::Postgres(cfg.url.clone());
    let mut store = location.open_store(Path::new("."))?;
    *down_since = None;
    loop {
        let jobs = queue.claim(&cfg.name, cfg.jobs_per_claim.max(1), cfg.lease)?;
        if jobs.is_empty() {
            let counts = queue.counts()?;
            if counts.open() == 0 {
                return final_stages(&mut queue, store.as_mut(), report, progress);
            }
            // Others hold the remaining jobs: wait for them to finish, or for
            // a lease to end (a dead worker's job is then ours to redo).
            let wait = queue.next_lease_end()?.unwrap_or(0.2).clamp(0.05, 0.5);
            std::thread::sleep(Duration::from_secs_f64(wait));
            continue;
        }
        for job in jobs {
            if job.attempts > 1 {
                report.retried_jobs += 1;
            }
            let analysed = analyse(&job.docs, &cfg.settings, store.as_ref())?;
            report.read += analysed.read();
            report.failed += analysed.failures.len() as u64;
            report.errors.extend(analysed.failures);
            report.unchanged += analysed.already_stored;
            let outcomes = {
                let _in_order = queue.lock_stage(Stage::Store)?;
                store.put_articles_counting(&analysed.articles, &analysed.lines)?
            };
            let new_annotations = annotations_of_new(
                outcomes,
                analysed.annotations,
                &mut report.new,
                &mut report.unchanged,
            );
            // A worker killed between the two writes leaves articles without
            // annotations; the final stage's annotation catch-up finds them.
            store.put_annotations(&new_annotations)?;
            queue.complete(&cfg.name, job.id)?;
            report.jobs += 1;
            progress.job_done(job.id, report);
        }
        if let Some(_lock) = queue.try_lock_stage(Stage::Syndication)? {
            progress.stage(Stage::Syndication);
            report.syndicated +=
                storyline_store::syndication::catch_up(store.as_mut(), &DedupParams::default())?;
            report.syndication_runs += 1;
        }
    }
}

/// The store-wide stages after the queue is drained, in dependency order
/// (event clustering reads syndication groups and entities), each under its
/// advisory lock so no two workers run one at once.
fn final_stages(
    queue: &mut JobQueue,
    store: &mut dyn Store,
    report: &mut WorkerReport,
    progress: &dyn WorkerProgress,
) -> Result<(), StoreError> {
    {
        let _lock = queue.lock_stage(Stage::Syndication)?;
        progress.stage(Stage::Syndication);
        report.syndicated +=
            storyline_store::syndication::catch_up(store, &DedupParams::default())?;
        report.syndication_runs += 1;
    }
    {
        let mut lock = queue.lock_stage(Stage::Entities)?;
        progress.stage(Stage::Entities);
        // Read before annotating: every article up to `through` is committed
        // now, so the annotation catch-up below covers it. Alias resolution
        // works on the names of the articles stored since it last ran; a
        // worker that finds the last resolution covering every article
        // skips it.
        // A failed resolution leaves the mark where it was: the next worker
        // resolves again.
        let through = store.max_seq()?;
        let catch_up = crate::annotate::annotate_missing(store)?;
        report.failed += catch_up.failures.len() as u64;
        report.errors.extend(catch_up.failures);
        let annotated = catch_up.annotated > 0;
        if annotated || lock.mark()? < through {
            // Incremental unless the catch-up annotated stored articles,
            // as in the embedded ingest.
            match run_stage(GuardStage::Entities, "store", || {
                if annotated {
                    crate::annotate::refresh_entities(store).map(Some)
                } else {
                    crate::annotate::update_entities(store)
                }
            }) {
                Ok(n) => {
                    report.entities = n?.map(|n| n as u64);
                    lock.set_mark(through)?;
                }
                Err(e) => {
                    report.failed += 1;
                    report.errors.push(e);
                }
            }
        }
    }
    {
        let _lock = queue.lock_stage(Stage::Events)?;
        progress.stage(Stage::Events);
        match run_stage(GuardStage::Events, "store", || {
            crate::events::update_events_in(store)
        }) {
            Ok(events) => report.events = Some(events?),
            Err(e) => {
                report.failed += 1;
                report.errors.push(e);
            }
        }
    }
    Ok(())
}
