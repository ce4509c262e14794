//! The ingest driver: files to stored articles. Reads documents in file
//! order, runs the pipeline over batches of them in parallel (rayon), and
//! stores each batch in one transaction. Per-document failures are reported
//! and counted; only a store failure stops the run.

use crate::guard::{run_infallible_stage, run_stage, Stage};
use crate::stubs::{import_legacy_stubs, StubBook, StubCounts};
use crate::{discover_all, read_file_with, FileKind, IngestError, ReadLimits};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use storyline_model::{Annotations, Article, ArticleId, RawDocument};
use storyline_pipeline::annotate::annotate;
use storyline_pipeline::sitelines::SiteLineTable;
use storyline_pipeline::{extract_document, Draft, Settings};
use storyline_store::{DataDir, PutOutcome, SiteLines, StageName, Store, StoreError};

/// Documents per stored batch.
pub const BATCH_DOCS: usize = 512;
/// Body bytes per batch (a larger document alone), so a batch of huge pages
/// stays bounded in memory: the batch's drafts and articles are held until
/// it is stored.
/// Document bytes analysed and stored per batch (one transaction).
pub const BATCH_BYTES: usize = 32 * 1024 * 1024;

/// What an ingest run did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct IngestReport {
    /// Files found under the paths given.
    pub files: u64,
    /// Documents read (stored, unchanged or failed in the pipeline).
    pub read: u64,
    /// Articles stored for the first time.
    pub new: u64,
    /// Articles already stored with the same id.
    pub unchanged: u64,
    /// Files, records or documents that could not be read or analysed.
    pub failed: u64,
    /// Files inside the folders given that are of no kind storyline reads
    /// (a README, an image): left alone, and counted here.
    pub skipped: u64,
    /// What feed stubs the run kept and filled.
    #[serde(flatten)]
    pub stubs: StubCounts,
    /// What event clustering did after the articles were stored.
    pub events: Option<crate::events::EventsReport>,
    /// Alerts the watches raised on the new articles.
    #[serde(skip_serializing_if = "is_zero")]
    pub alerts: u64,
    /// Every failure, in the order met (also counted in `failed`).
    #[serde(skip)]
    pub errors: Vec<IngestError>,
}

/// Hooks for showing progress; every method has a do-nothing default.
pub trait Progress: Sync {
    /// The files to read are known.
    fn files_found(&self, _count: u64) {}
    /// One file has been read through.
    fn file_done(&self, _path: &Path) {}
    /// A batch was stored; the running totals.
    fn batch_stored(&self, _report: &IngestReport) {}
    /// A file, record or document failed.
    fn failed(&self, _error: &IngestError) {}
}

/// Progress that shows nothing.
pub struct Quiet;
impl Progress for Quiet {}

struct Batch {
    docs: Vec<RawDocument>,
    bytes: usize,
}

/// Ingests every document under `paths` into `dir`, with the default
/// [`ReadLimits`].
pub fn ingest_paths(
    paths: &[PathBuf],
    dir: &mut DataDir,
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<IngestReport, StoreError> {
    ingest_paths_with(paths, dir, settings, ReadLimits::default(), progress)
}

/// Ingests every document under `paths` into `dir`, reading within `limits`.
pub fn ingest_paths_with(
    paths: &[PathBuf],
    dir: &mut DataDir,
    settings: &Settings,
    limits: ReadLimits,
    progress: &dyn Progress,
) -> Result<IngestReport, StoreError> {
    let found = discover_all(paths);
    let (files, walk_errors) = (found.files, found.errors);
    let mut report = IngestReport {
        files: files.len() as u64,
        skipped: found.skipped.len() as u64,
        ..IngestReport::default()
    };
    progress.files_found(files.len() as u64);
    for e in walk_errors {
        record_failure(&mut report, progress, e);
    }
    let mut batch = Batch {
        docs: Vec::new(),
        bytes: 0,
    };
    // Feeds first, so that a page read in the same run finds the stub of
    // the feed item linking to it.
    let mut files = files;
    files.sort_by_key(|f| !is_feed(f));
    let data = dir.path().to_path_buf();
    if let Err(e) = import_legacy_stubs(&data, dir.store_mut()) {
        record_failure(&mut report, progress, e);
    }
    let mut stubs = StubBook::open(dir.store())?;
    for file in &files {
        let mut store_error = None;
        let mut take = |item: Result<RawDocument, IngestError>| match item {
            Ok(mut doc) => {
                if let Err(e) = stubs.fill(dir.store(), &mut doc) {
                    store_error.get_or_insert(e);
                }
                // A document that would take the batch past its bytes
                // starts the next one.
                if store_error.is_none()
                    && !batch.docs.is_empty()
                    && batch.bytes + doc.body.len() > BATCH_BYTES
                {
                    if let Err(e) = flush(&mut batch, dir, settings, &mut report, progress) {
                        store_error = Some(e);
                    }
                }
                batch.bytes += doc.body.len();
                batch.docs.push(doc);
                if store_error.is_none()
                    && (batch.docs.len() >= BATCH_DOCS || batch.bytes >= BATCH_BYTES)
                {
                    if let Err(e) = flush(&mut batch, dir, settings, &mut report, progress) {
                        store_error = Some(e);
                    }
                }
            }
            Err(e) => record_failure(&mut report, progress, e),
        };
        let feed_stubs = read_file_with(file, limits, &mut take);
        if let Some(e) = store_error {
            return Err(e);
        }
        stubs.keep(dir.store_mut(), &feed_stubs)?;
        progress.file_done(file);
    }
    flush(&mut batch, dir, settings, &mut report, progress)?;
    // Stubs are recorded filled once their pages are stored: a failed run
    // keeps them pending, and the next run fills them.
    stubs.commit(dir.store_mut())?;
    report.stubs = stubs.counts;
    // Articles stored before annotation existed, then alias resolution of
    // what the new articles changed (nothing to do when the entities cover
    // every article): new mentions join existing entities.
    // Each store-wide stage under its lock (PostgreSQL: the advisory lock
    // queue workers take too).
    // A failing store-wide stage is an error line naming the data
    // directory; the store keeps its last good state and the next run
    // retries the stage.
    let at = format!("{} (store)", dir.path().display());
    let (catch_up, _) = dir.with_stage(StageName::Entities, |s| {
        crate::annotate::entities_stage(s, &at)
    })?;
    for e in catch_up.failures {
        record_failure(&mut report, progress, e);
    }
    // Events and stories follow the stored articles (incrementally: only
    // articles stored since the last update are clustered); when every
    // article is clustered already there is nothing to update.
    let events_behind = {
        let store = dir.store();
        store.event_seq()?.unwrap_or(0) < store.max_seq()?
    };
    if events_behind {
        match dir.with_stage(StageName::Events, |s| {
            Ok(run_stage(Stage::Events, &at, || {
                crate::events::update_events_in(s)
            }))
        })? {
            Ok(events) => report.events = Some(events?),
            Err(e) => record_failure(&mut report, progress, e),
        }
    }
    // Watches see the new articles once events and stories include them
    // and the index holds them (with PostgreSQL, what other nodes stored).
    report.alerts = crate::watches::match_watches_in(dir)?.alerts;
    Ok(report)
}

pub(crate) fn is_zero(n: &u64) -> bool {
    *n == 0
}

pub(crate) fn is_feed(path: &Path) -> bool {
    FileKind::of(path).is_some_and(|(kind, _)| kind == FileKind::Feed)
}

fn record_failure(report: &mut IngestReport, progress: &dyn Progress, e: IngestError) {
    report.failed += 1;
    progress.failed(&e);
    report.errors.push(e);
}

/// Analyses the batch in parallel and stores what succeeded.
fn flush(
    batch: &mut Batch,
    dir: &mut DataDir,
    settings: &Settings,
    report: &mut IngestReport,
    progress: &dyn Progress,
) -> Result<(), StoreError> {
    if batch.docs.is_empty() {
        return Ok(());
    }
    let docs = std::mem::take(&mut batch.docs);
    batch.bytes = 0;
    let analysed = analyse(&docs, settings, dir.store())?;
    report.read += analysed.read();
    for e in analysed.failures {
        record_failure(report, progress, e);
    }
    report.unchanged += analysed.already_stored;
    let outcomes = dir.ingest_counting(&analysed.articles, &analysed.lines)?;
    let new_annotations = annotations_of_new(
        outcomes,
        analysed.annotations,
        &mut report.new,
        &mut report.unchanged,
    );
    dir.store_mut().put_annotations(&new_annotations)?;
    progress.batch_stored(report);
    Ok(())
}

/// Document bytes the pipeline works on at once. Extraction holds a DOM of
/// many times its page's size, so a batch of large pages run on every core
/// at once took more memory the more cores there were (four 15 MB pages on
/// two cores: 563 MiB); in groups of at most this many bytes (a larger
/// document alone) it stays bounded whatever the core count.
pub const PARALLEL_BYTES: usize = 16 * 1024 * 1024;

/// `f` over `items` in parallel and in order, a group at a time: each group
/// at most [`PARALLEL_BYTES`] by `bytes` (a larger item alone).
fn par_map_in_groups<T: Send, R: Send>(
    items: Vec<T>,
    bytes: impl Fn(&T) -> usize,
    f: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    let mut out = Vec::with_capacity(items.len());
    let mut group = Vec::new();
    let mut group_bytes = 0;
    for item in items {
        let size = bytes(&item);
        if !group.is_empty() && group_bytes + size > PARALLEL_BYTES {
            let done: Vec<R> = std::mem::take(&mut group).into_par_iter().map(&f).collect();
            out.extend(done);
            group_bytes = 0;
        }
        group_bytes += size;
        group.push(item);
    }
    let done: Vec<R> = group.into_par_iter().map(&f).collect();
    out.extend(done);
    out
}

/// What [`analyse`] made of a batch: the articles, their annotations and
/// their site lines (to count when stored), in input order, and the
/// documents that failed.
pub(crate) struct Analysed {
    pub articles: Vec<Article>,
    pub annotations: Vec<(ArticleId, Annotations)>,
    /// `lines[i]`: the site and line keys of `articles[i]`, added to the
    /// store's per-site counts when the article is stored
    /// ([`storyline_store::ArticleStore::put_articles_counting`]).
    pub lines: Vec<Option<SiteLines>>,
    /// Documents whose article the store holds already (not cleaned or
    /// annotated again: they are unchanged).
    pub already_stored: u64,
    pub failures: Vec<IngestError>,
}

impl Analysed {
    /// Documents read: to store, stored already, or failed.
    pub fn read(&self) -> u64 {
        (self.articles.len() + self.failures.len()) as u64 + self.already_stored
    }
}

/// Runs the pipeline over documents: extraction in parallel; then the
/// corpus-aware step, a per-site table of the lines of the batch's documents
/// not stored yet (each once) plus the counts `store` holds for the same
/// lines; then, in parallel, the removal of each site's repeated lines
/// (`chrome.site_repeated`) and annotation of the clean text.
pub(crate) fn analyse(
    docs: &[RawDocument],
    settings: &Settings,
    store: &dyn Store,
) -> Result<Analysed, StoreError> {
    let drafts: Vec<Result<Draft, IngestError>> = par_map_in_groups(
        docs.iter().collect(),
        |doc| doc.body.len(),
        |doc| {
            let at = locator_for_error(doc);
            run_stage(Stage::Extract, &at, || extract_document(doc, settings))?
                .map_err(|e| IngestError::new(at, e.to_string()))
        },
    );
    let lines: Vec<Option<SiteLines>> = drafts
        .iter()
        .map(|d| {
            let d = d.as_ref().ok()?;
            Some(SiteLines {
                site: d.site()?,
                keys: d.line_keys(),
            })
        })
        .collect();
    let (table, stored) = site_table(&drafts, &lines, store)?;
    // An article already stored (its id is its origin and text) would be
    // left as it is: it is neither cleaned nor annotated again.
    let results: Vec<Result<Option<(Article, Annotations)>, IngestError>> = par_map_in_groups(
        drafts.into_iter().zip(docs).collect(),
        |(_, doc)| doc.body.len(),
        |(draft, doc)| {
            let draft = draft?;
            if stored.contains(draft.id()) {
                return Ok(None);
            }
            let at = locator_for_error(doc);
            let article = run_stage(Stage::Clean, &at, || draft.finish(Some(&table)))?
                .map_err(|e| IngestError::new(at.as_str(), e.to_string()))?;
            let ann = run_infallible_stage(Stage::Annotate, &at, || {
                annotate(&article.text, article.published.date)
            })?;
            Ok(Some((article, ann)))
        },
    );
    let mut out = Analysed {
        articles: Vec::with_capacity(results.len()),
        annotations: Vec::with_capacity(results.len()),
        lines: Vec::with_capacity(results.len()),
        already_stored: 0,
        failures: Vec::new(),
    };
    for (r, l) in results.into_iter().zip(lines) {
        match r {
            Ok(Some((a, ann))) => {
                out.annotations.push((a.id.clone(), ann));
                out.articles.push(a);
                out.lines.push(l);
            }
            Ok(None) => out.already_stored += 1,
            Err(e) => out.failures.push(e),
        }
    }
    Ok(out)
}

/// The site-line table a batch is cleaned with: the stored counts of the
/// lines its documents hold, plus those documents themselves, each counted
/// once and only when not stored yet (ingesting a file again adds nothing);
/// and the ids of the batch's articles the store holds already.
///
/// Order: a line becomes chrome for the articles of the batch in which it
/// qualifies (in [`storyline_pipeline::sitelines::MIN_DOCS`] documents and
/// [`storyline_pipeline::sitelines::MIN_SITE_SHARE`] of the site's) and of
/// later batches while it does. Articles stored in earlier batches keep it:
/// fewer than `max(MIN_DOCS, MIN_SITE_SHARE x the site's documents)` per site
/// and line, all of earlier batches (stored text is not rewritten, as its
/// annotations, index entry and fingerprint derive from it).
fn site_table(
    drafts: &[Result<Draft, IngestError>],
    lines: &[Option<SiteLines>],
    store: &dyn Store,
) -> Result<(SiteLineTable, HashSet<ArticleId>), StoreError> {
    let mut table = SiteLineTable::default();
    let mut wanted: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
    let mut counted: HashSet<&ArticleId> = HashSet::new();
    let mut stored: HashSet<ArticleId> = HashSet::new();
    for (draft, l) in drafts.iter().zip(lines) {
        let Ok(draft) = draft else {
            continue;
        };
        if !counted.insert(draft.id()) {
            continue;
        }
        let is_stored = store.contains(draft.id())?;
        if is_stored {
            stored.insert(draft.id().clone());
        }
        let Some(l) = l else {
            continue;
        };
        wanted.entry(&l.site).or_default().extend(&l.keys);
        if !is_stored {
            table.add_keys(&l.site, &l.keys);
        }
    }
    for (site, keys) in wanted {
        let keys: Vec<u64> = keys.into_iter().collect();
        for (k, n) in keys.iter().zip(store.site_line_counts(site, &keys)?) {
            table.add_count(site, *k, n);
        }
        let docs = store.site_documents(site)?;
        table.add_documents(site, u32::try_from(docs).unwrap_or(u32::MAX));
    }
    Ok((table, stored))
}

/// The annotations of the articles `put_articles` stored now (`outcomes`,
/// one per article in the same order), counting new and unchanged ones.
pub(crate) fn annotations_of_new(
    outcomes: Vec<PutOutcome>,
    annotations: Vec<(ArticleId, Annotations)>,
    new: &mut u64,
    unchanged: &mut u64,
) -> Vec<(ArticleId, Annotations)> {
    let mut out = Vec::new();
    for (outcome, ann) in outcomes.into_iter().zip(annotations) {
        match outcome {
            PutOutcome::New(_) => {
                *new += 1;
                out.push(ann);
            }
            PutOutcome::Unchanged => *unchanged += 1,
        }
    }
    out
}

/// `file.jsonl#line=3` is shown as `file.jsonl:3` in errors, like compilers do.
fn locator_for_error(doc: &RawDocument) -> String {
    match doc.locator.rsplit_once("#line=") {
        Some((file, line)) => format!("{file}:{line}"),
        None => doc.locator.clone(),
    }
}
