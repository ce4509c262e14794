//! The server's shared state: one search index (tantivy readers are shared
//! between threads) and a pool of store connections (one connection serves
//! one request at a time): read-only SQLite connections for the embedded
//! store, or PostgreSQL connections.
//!
//! With PostgreSQL the index is this node's own directory, caught up from the
//! database on open and then every [`CATCH_UP_EVERY`] by a background thread
//! ([`AppState::start_catch_up`]), so several servers on one database each
//! serve searches from their own index.
//!
//! Blocking work runs on tokio's blocking threads ([`blocking`]) under the
//! request's [`Budget`] (set by the budget middleware, [`with_budget`]): the store connection it
//! takes is interrupted when the budget is cancelled, and the library's
//! long loops check it.

use crate::config::{AllowedHosts, Config};
use crate::error::ServerError;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use storyline_store::{Budget, DataDir, SearchIndex, Store, StoreLocation};

tokio::task_local! {
    static REQUEST_BUDGET: Budget;
}

/// The budget of the request being served (unlimited outside one).
pub fn current() -> Budget {
    REQUEST_BUDGET
        .try_with(Budget::clone)
        .unwrap_or_else(|_| Budget::unlimited())
}

/// Runs `fut` (a request) with `budget` as its [`current`] budget.
pub fn with_budget<F: std::future::Future>(
    budget: Budget,
    fut: F,
) -> impl std::future::Future<Output = F::Output> {
    REQUEST_BUDGET.scope(budget, fut)
}

/// How often a server on PostgreSQL indexes what other nodes stored.
pub const CATCH_UP_EVERY: Duration = Duration::from_secs(1);

/// What every handler shares: where the store is, the search index, the
/// pool of store connections, the limits and the locks.
pub struct AppState {
    /// The data directory.
    pub data: PathBuf,
    /// The store: the embedded SQLite one, or a PostgreSQL URL.
    pub store: StoreLocation,
    /// The search index.
    pub index: SearchIndex,
    pool: Mutex<Vec<Box<dyn Store>>>,
    /// Serialises writes to the local index (catch-up and `POST /api/ingest`).
    pub index_lock: Mutex<()>,
    /// The bearer token writes need (`None`: writes are refused).
    pub token: Option<String>,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
    /// Held by the one `POST /api/ingest` allowed to run at a time.
    pub ingest_lock: Mutex<()>,
    /// The Host names answered besides `localhost` and addresses.
    pub allowed_hosts: AllowedHosts,
    /// Show input paths as stored (see [`AppState::shown_path`]).
    pub show_paths: bool,
    /// How long one request may take (`None`: no limit).
    pub deadline: Option<Duration>,
    /// Permits for the expensive requests allowed to run at once.
    pub expensive: tokio::sync::Semaphore,
    /// How many expensive requests may run at once (the permits in all).
    pub max_expensive: usize,
    /// Permits for the lookups by name allowed to run at once (each also
    /// takes one of `expensive`).
    pub lookups: tokio::sync::Semaphore,
    /// How many lookups by name may run at once (the permits in all).
    pub max_lookups: usize,
    /// Blocking tasks that stopped early because their budget ran out or
    /// was cancelled (their client went away).
    pub stopped_early: AtomicU64,
    /// How alerts raised by uploads are delivered to their webhooks.
    pub webhooks: storyline_fetch::webhook::DeliverySettings,
    /// Called at the start of every blocking task with its budget. Tests use
    /// it to stand in for long work; unset in a real server.
    pub on_blocking: OnceLock<BlockingHook>,
}

/// See [`AppState::on_blocking`].
pub type BlockingHook = Box<dyn Fn(&Budget) + Send + Sync>;

thread_local! {
    /// The budget of the request whose blocking work this thread runs.
    static WORKER_BUDGET: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// The budget of the request this blocking thread works for (unlimited
/// outside [`blocking`]).
pub fn worker_budget() -> Budget {
    WORKER_BUDGET
        .with(|b| b.borrow().clone())
        .unwrap_or_else(Budget::unlimited)
}

impl AppState {
    /// Opens the data directory read-only (see [`DataDir::open_read_only_at`]).
    pub fn open(config: &Config) -> Result<Self, ServerError> {
        let max_expensive = config
            .max_expensive
            .clamp(1, tokio::sync::Semaphore::MAX_PERMITS);
        let max_lookups = config.max_lookups.clamp(1, max_expensive);
        let (store, index) = DataDir::open_read_only_at(&config.data, &config.store)?.into_parts();
        Ok(AppState {
            data: config.data.clone(),
            store: config.store.clone(),
            index,
            index_lock: Mutex::new(()),
            pool: Mutex::new(vec![store]),
            token: config.token.clone().filter(|t| !t.is_empty()),
            max_body: config.max_body,
            ingest_lock: Mutex::new(()),
            allowed_hosts: AllowedHosts::new(&config.allow_hosts),
            show_paths: config.show_paths,
            deadline: config.deadline,
            expensive: tokio::sync::Semaphore::new(max_expensive),
            max_expensive,
            lookups: tokio::sync::Semaphore::new(max_lookups),
            max_lookups,
            stopped_early: AtomicU64::new(0),
            webhooks: config.webhooks.clone(),
            on_blocking: OnceLock::new(),
        })
    }

    /// An article's input path as the server shows it: relative to the data
    /// directory for uploads, otherwise the file name alone (the stored path
    /// may be absolute and tell how the server's disk is laid out), keeping
    /// a `#line=N` or `#record=N` locator. As stored with `show_paths`.
    pub fn shown_path(&self, stored: &str) -> String {
        if self.show_paths {
            return stored.to_string();
        }
        let (file, locator) = match stored.rsplit_once('#') {
            Some((file, at)) if at.starts_with("line=") || at.starts_with("record=") => {
                (file, &stored[file.len()..])
            }
            _ => (stored, ""),
        };
        let file = std::path::Path::new(file);
        let shown = match file.strip_prefix(&self.data) {
            Ok(relative) => relative.display().to_string(),
            Err(_) => file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        format!("{shown}{locator}")
    }

    /// Runs `f` with a read-only connection from the pool (opening one more
    /// when all are busy), interrupted if the request's budget is cancelled
    /// meanwhile. Blocking: call from [`blocking`].
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&dyn Store) -> Result<T, ServerError>,
    ) -> Result<T, ServerError> {
        // A connection that reads a snapshot taken before a writer started
        // is replaced, so new articles show up.
        let store = self
            .pool
            .lock()
            .map_err(poisoned)?
            .pop()
            .filter(|s| !s.misses_writes());
        let store = match store {
            Some(s) => s,
            None => self.store.open_store_reader(&self.data)?,
        };
        let budget = worker_budget();
        budget.check()?;
        let result = budget.interrupt_while(store.interrupter(), || f(store.as_ref()));
        // A connection that failed (a restarted database server) is dropped
        // rather than handed to the next request; one interrupted by its
        // budget is sound.
        if result.is_ok() || budget.check().is_err() {
            self.pool.lock().map_err(poisoned)?.push(store);
        }
        result
    }

    /// Indexes every article stored since the index's last catch-up (other
    /// nodes' ingest, with PostgreSQL). Returns the number indexed.
    pub fn catch_up_index(&self) -> Result<u64, ServerError> {
        let _one_writer = self.index_lock.lock().map_err(poisoned)?;
        let added =
            self.with_store(|s| Ok(storyline_store::data_dir::catch_up(s, &self.index)?))?;
        if added > 0 {
            self.index.refresh()?;
        }
        Ok(added)
    }

    /// With PostgreSQL, starts the thread that keeps the local index caught
    /// up with the database. Embedded stores need none: the ingesting
    /// process writes the index, and the reader follows its commits.
    pub fn start_catch_up(self: &Arc<Self>) {
        if !self.store.is_postgres() {
            return;
        }
        let state = Arc::downgrade(self);
        std::thread::spawn(move || loop {
            std::thread::sleep(CATCH_UP_EVERY);
            let Some(state) = state.upgrade() else { return };
            if let Err(e) = state.catch_up_index() {
                eprintln!("storyline: index catch-up failed (will retry): {e}");
            }
        });
    }
}

fn poisoned<T>(_: std::sync::PoisonError<T>) -> ServerError {
    ServerError::Internal("connection pool poisoned".into())
}

/// Runs blocking store work off the async threads, under the request's
/// budget ([`current`]). Work that stops because the budget
/// ran out answers [`ServerError::DeadlineExceeded`].
pub async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&AppState) -> Result<T, ServerError> + Send + 'static,
) -> Result<T, ServerError> {
    let state = Arc::clone(state);
    let budget = current();
    tokio::task::spawn_blocking(move || {
        WORKER_BUDGET.with(|b| *b.borrow_mut() = Some(budget.clone()));
        let result = budget.check().map_err(ServerError::from).and_then(|()| {
            if let Some(hook) = state.on_blocking.get() {
                hook(&budget);
            }
            f(&state)
        });
        WORKER_BUDGET.with(|b| *b.borrow_mut() = None);
        match result {
            Err(_) if budget.check().is_err() => {
                state.stopped_early.fetch_add(1, Ordering::SeqCst);
                Err(ServerError::DeadlineExceeded(
                    state.deadline.unwrap_or_default().as_millis(),
                ))
            }
            other => other,
        }
    })
    .await
    .map_err(|e| ServerError::Internal(format!("worker failed: {e}")))?
}
