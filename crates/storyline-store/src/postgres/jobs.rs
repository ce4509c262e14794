//! The work queue of server mode: many ingest workers, on one machine or
//! several, share one PostgreSQL database and take work from it.
//!
//! A job is a batch of raw input records (the reader's [`RawDocument`]s:
//! locator, format, body bytes, stated metadata), stored by `storyline
//! enqueue`. A worker [`JobQueue::claim`]s jobs with `SELECT ... FOR UPDATE
//! SKIP LOCKED`, which hands each job to exactly one worker without waiting on
//! rows another worker is claiming, and sets a lease (`leased_until`). It then
//! extracts and stores the articles (idempotent by content id) and calls
//! [`JobQueue::complete`], which deletes the job's records. A worker that dies
//! mid-batch never completes: when its lease ends the job is claimable again,
//! and the next worker's `put_articles` stores only what the dead one had not
//! committed. So nothing is lost and nothing is stored twice.
//!
//! The queue's tables are created here (in one transaction, under a
//! transaction-level advisory lock so two workers starting together do not
//! race on `CREATE TABLE`), not by the store's migrations: the queue is an
//! ingest-side concern the `Store` trait knows nothing about.
//!
//! [`StageLock`] serialises the store-wide stages (syndication catch-up,
//! alias resolution, event clustering) across workers with session-level
//! advisory locks; see its documentation for why.

use crate::StoreError;
use postgres::{Client, NoTls};
use std::time::Duration;
use storyline_model::{RawDocument, SourceFormat, StatedMeta};

/// The schema of the queue, created idempotently.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS jobs (
    id           BIGSERIAL PRIMARY KEY,
    done         BOOLEAN NOT NULL DEFAULT FALSE,
    worker       TEXT,
    leased_until TIMESTAMPTZ,
    attempts     INTEGER NOT NULL DEFAULT 0,
    records      INTEGER NOT NULL,
    bytes        BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at      TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS jobs_open ON jobs (id) WHERE NOT done;
CREATE TABLE IF NOT EXISTS job_records (
    job_id      BIGINT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    locator     TEXT NOT NULL,
    format      TEXT NOT NULL,
    charset     TEXT,
    raw_sha256  TEXT NOT NULL,
    meta        TEXT NOT NULL,
    body        BYTEA NOT NULL,
    PRIMARY KEY (job_id, ord)
);
CREATE TABLE IF NOT EXISTS stage_marks (
    stage        INTEGER PRIMARY KEY,
    through_seq  BIGINT NOT NULL
);
";

/// Advisory-lock key space of storyline (the first half of the two-int key),
/// so the locks never collide with another application's on the same database.
const LOCK_SPACE: i32 = 0x5354_4c4e; // "STLN"
/// Lock id guarding the creation of the queue's tables.
const SCHEMA_LOCK: i32 = 1;

/// One claimed batch of input records.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Job id.
    pub id: i64,
    /// How many times the job was claimed, this claim included (more than 1
    /// after a worker died or gave up on it).
    pub attempts: i32,
    /// The input records to ingest.
    pub docs: Vec<RawDocument>,
}

/// Jobs by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct QueueCounts {
    /// Waiting, never claimed or with an expired lease.
    pub ready: u64,
    /// Claimed by a worker whose lease has not ended.
    pub leased: u64,
    /// Jobs completed.
    pub done: u64,
    /// Records still waiting in open jobs.
    pub open_records: u64,
}

impl QueueCounts {
    /// Jobs not done yet.
    pub fn open(&self) -> u64 {
        self.ready + self.leased
    }
}

/// A connection to the work queue.
pub struct JobQueue {
    url: String,
    client: Client,
}

impl JobQueue {
    /// Connects and creates the queue's tables if they are missing.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        let mut tx = client.transaction()?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, $2)",
            &[&LOCK_SPACE, &SCHEMA_LOCK],
        )?;
        tx.batch_execute(SCHEMA)?;
        tx.commit()?;
        Ok(JobQueue {
            url: url.to_string(),
            client,
        })
    }

    /// The database URL this queue was opened with.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// True when the connection is gone (server restarted or unreachable).
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// Adds one job holding `docs`, in one transaction. Returns its id.
    pub fn enqueue(&mut self, docs: &[RawDocument]) -> Result<i64, StoreError> {
        let bytes: i64 = docs.iter().map(|d| d.body.len() as i64).sum();
        let mut tx = self.client.transaction()?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO jobs (records, bytes) VALUES ($1, $2) RETURNING id",
                &[&(docs.len() as i32), &bytes],
            )?
            .get(0);
        let stmt = tx.prepare(
            "INSERT INTO job_records (job_id, ord, locator, format, charset, raw_sha256, meta, body) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )?;
        for (ord, d) in docs.iter().enumerate() {
            let meta = serde_json::to_string(&d.meta)
                .map_err(|e| StoreError::Corrupt(format!("job record metadata: {e}")))?;
            tx.execute(
                &stmt,
                &[
                    &id,
                    &(ord as i32),
                    &d.locator,
                    &d.format.as_str(),
                    &d.declared_charset,
                    &d.raw_sha256,
                    &meta,
                    &d.body,
                ],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Claims up to `n` ready jobs for `worker` (oldest first) with a lease of
    /// `lease`, and reads their records. A job is ready when it is not done
    /// and nobody holds a live lease on it; rows being claimed by another
    /// worker at this instant are skipped, not waited for.
    pub fn claim(
        &mut self,
        worker: &str,
        n: usize,
        lease: Duration,
    ) -> Result<Vec<Job>, StoreError> {
        let lease_secs = lease.as_secs_f64();
        let mut tx = self.client.transaction()?;
        let rows = tx.query(
            "WITH ready AS ( \
                 SELECT id FROM jobs \
                 WHERE NOT done AND (leased_until IS NULL OR leased_until < now()) \
                 ORDER BY id LIMIT $1 \
                 FOR UPDATE SKIP LOCKED) \
             UPDATE jobs j SET worker = $2, \
                 leased_until = now() + make_interval(secs => $3), \
                 attempts = j.attempts + 1 \
             FROM ready WHERE j.id = ready.id \
             RETURNING j.id, j.attempts",
            &[&(n as i64), &worker, &lease_secs],
        )?;
        let mut jobs: Vec<Job> = rows
            .iter()
            .map(|r| Job {
                id: r.get(0),
                attempts: r.get(1),
                docs: Vec::new(),
            })
            .collect();
        jobs.sort_by_key(|j| j.id);
        let stmt = tx.prepare(
            "SELECT locator, format, charset, raw_sha256, meta, body FROM job_records \
             WHERE job_id = $1 ORDER BY ord",
        )?;
        for job in &mut jobs {
            for r in tx.query(&stmt, &[&job.id])? {
                let format: String = r.get(1);
                let meta: String = r.get(4);
                job.docs.push(RawDocument {
                    locator: r.get(0),
                    format: SourceFormat::parse(&format)
                        .ok_or_else(|| StoreError::Corrupt(format!("job format `{format}`")))?,
                    declared_charset: r.get(2),
                    raw_sha256: r.get(3),
                    meta: serde_json::from_str::<StatedMeta>(&meta)
                        .map_err(|e| StoreError::Corrupt(format!("job record metadata: {e}")))?,
                    body: r.get(5),
                });
            }
        }
        tx.commit()?;
        Ok(jobs)
    }

    /// Marks a job done and drops its records. Returns false when `worker`
    /// no longer holds the job (its lease ended and another worker claimed
    /// it): the work it did is still stored, and idempotent, so nothing is
    /// lost or doubled; the other worker completes the job.
    pub fn complete(&mut self, worker: &str, job: i64) -> Result<bool, StoreError> {
        let mut tx = self.client.transaction()?;
        let n = tx.execute(
            "UPDATE jobs SET done = TRUE, done_at = now(), leased_until = NULL \
             WHERE id = $1 AND worker = $2 AND NOT done",
            &[&job, &worker],
        )?;
        if n == 1 {
            tx.execute("DELETE FROM job_records WHERE job_id = $1", &[&job])?;
        }
        tx.commit()?;
        Ok(n == 1)
    }

    /// Extends the lease of a job `worker` holds (for batches slower than the
    /// lease). Returns false when the worker no longer holds it.
    pub fn extend(&mut self, worker: &str, job: i64, lease: Duration) -> Result<bool, StoreError> {
        let n = self.client.execute(
            "UPDATE jobs SET leased_until = now() + make_interval(secs => $3) \
             WHERE id = $1 AND worker = $2 AND NOT done",
            &[&job, &worker, &lease.as_secs_f64()],
        )?;
        Ok(n == 1)
    }

    /// Jobs by state.
    pub fn counts(&mut self) -> Result<QueueCounts, StoreError> {
        let r = self.client.query_one(
            "SELECT \
               count(*) FILTER (WHERE NOT done AND (leased_until IS NULL OR leased_until < now())), \
               count(*) FILTER (WHERE NOT done AND leased_until >= now()), \
               count(*) FILTER (WHERE done), \
               COALESCE(sum(records) FILTER (WHERE NOT done), 0)::BIGINT \
             FROM jobs",
            &[],
        )?;
        Ok(QueueCounts {
            ready: r.get::<_, i64>(0) as u64,
            leased: r.get::<_, i64>(1) as u64,
            done: r.get::<_, i64>(2) as u64,
            open_records: r.get::<_, i64>(3) as u64,
        })
    }

    /// Seconds until the earliest live lease ends (None when no job is leased).
    pub fn next_lease_end(&mut self) -> Result<Option<f64>, StoreError> {
        let r = self.client.query_one(
            "SELECT EXTRACT(EPOCH FROM min(leased_until) - now())::FLOAT8 FROM jobs \
             WHERE NOT done AND leased_until >= now()",
            &[],
        )?;
        Ok(r.get(0))
    }

    /// Takes the advisory lock of a stage, waiting for it.
    pub fn lock_stage(&mut self, stage: Stage) -> Result<StageLock<'_>, StoreError> {
        self.client.execute(
            "SELECT pg_advisory_lock($1, $2)",
            &[&LOCK_SPACE, &stage.key()],
        )?;
        Ok(StageLock { queue: self, stage })
    }

    /// Takes the advisory lock of a stage if no other session holds it.
    pub fn try_lock_stage(&mut self, stage: Stage) -> Result<Option<StageLock<'_>>, StoreError> {
        let got: bool = self
            .client
            .query_one(
                "SELECT pg_try_advisory_lock($1, $2)",
                &[&LOCK_SPACE, &stage.key()],
            )?
            .get(0);
        Ok(got.then_some(StageLock { queue: self, stage }))
    }

    /// Deletes every job (done or not). For tests and `enqueue --reset`.
    pub fn clear(&mut self) -> Result<(), StoreError> {
        self.client
            .batch_execute("TRUNCATE job_records, jobs RESTART IDENTITY")?;
        Ok(())
    }
}

/// The store-wide stages a worker runs after its batches, each serialised
/// across all workers by its own advisory lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Storing a batch of articles: held around `put_articles` so that
    /// sequence numbers become visible in order (readers catch up with
    /// `articles_after(seq)` and must never see seq 7 before seq 5 commits).
    Store,
    /// Fingerprinting, linking and grouping unfingerprinted articles.
    Syndication,
    /// Annotation catch-up and alias resolution over the whole store.
    Entities,
    /// Event and story clustering from the saved engine state.
    Events,
}

impl Stage {
    fn key(self) -> i32 {
        match self {
            Stage::Store => 10,
            Stage::Syndication => 11,
            Stage::Entities => 12,
            Stage::Events => 13,
        }
    }
}

/// A held stage lock, released on drop (and by PostgreSQL when the session
/// ends, so a worker killed while holding it blocks nobody).
///
/// Why session-level advisory locks per stage, not row locks or locks per
/// LSH bucket: each stage reads store-wide state and rewrites it (the engine
/// state and every event it touches; the whole entity table; the groups of
/// every linked article), so two workers running one stage at once would
/// each decide from a view missing the other's writes and create two events
/// or two entities for one thing. Row locks cannot guard rows that do not
/// exist yet; bucket locks would let two workers cluster disjoint buckets at
/// once, but the event engine's state is one document and alias resolution
/// is a whole-graph clustering, so per-bucket locking would still need a
/// global lock for the final write. A stage lock costs little because the
/// stages are short beside extraction (the parallel part) and each catches up
/// everything stored so far, so a worker that finds a stage busy skips it and
/// the holder, or the last worker to finish, covers its articles.
pub struct StageLock<'a> {
    queue: &'a mut JobQueue,
    stage: Stage,
}

impl StageLock<'_> {
    /// The stage this lock holds.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The sequence number the stage last covered (0 when it never ran), so
    /// a worker can skip a store-wide stage that nothing new has reached.
    pub fn mark(&mut self) -> Result<i64, StoreError> {
        let row = self.queue.client.query_opt(
            "SELECT through_seq FROM stage_marks WHERE stage = $1",
            &[&self.stage.key()],
        )?;
        Ok(row.map(|r| r.get(0)).unwrap_or(0))
    }

    /// Records that the stage has covered every article up to `through_seq`.
    pub fn set_mark(&mut self, through_seq: i64) -> Result<(), StoreError> {
        self.queue.client.execute(
            "INSERT INTO stage_marks (stage, through_seq) VALUES ($1, $2) \
             ON CONFLICT (stage) DO UPDATE SET through_seq = EXCLUDED.through_seq",
            &[&self.stage.key(), &through_seq],
        )?;
        Ok(())
    }
}

impl Drop for StageLock<'_> {
    fn drop(&mut self) {
        // A failure here means the session is gone, which released the lock.
        let _ = self.queue.client.execute(
            "SELECT pg_advisory_unlock($1, $2)",
            &[&LOCK_SPACE, &self.stage.key()],
        );
    }
}

/// True when an error means the connection to the server was lost or the
/// server is (re)starting, so reconnecting and retrying can succeed.
pub fn is_transient(e: &StoreError) -> bool {
    let StoreError::Postgres(e) = e else {
        return false;
    };
    if e.is_closed() {
        return true;
    }
    match e.code() {
        // Class 08: connection exception; 57P01..57P03: admin shutdown,
        // crash shutdown, cannot connect now.
        Some(code) => {
            let c = code.code();
            c.starts_with("08") || matches!(c, "57P01" | "57P02" | "57P03")
        }
        // No SQLSTATE: an I/O or connect error, not a refusal by the server.
        None => e.as_db_error().is_none(),
    }
}
