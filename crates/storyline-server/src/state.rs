//! The server's shared state: one search index (tantivy readers are shared
//! between threads) and a pool of store connections (one connection serves
//! one request at a time): read-only SQLite connections for the embedded
//! store, or PostgreSQL connections.
//!
//! With PostgreSQL the index is this node's own directory, caught up from the
//! database on open and then every [`CATCH_UP_EVERY`] by a background thread
//! ([`AppState::start_catch_up`]), so several servers on one database each
//! serve searches from their own index.

use crate::{Config, ServerError};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use storyline_store::{DataDir, SearchIndex, Store, StoreLocation};

/// How often a server on PostgreSQL indexes what other nodes stored.
pub const CATCH_UP_EVERY: Duration = Duration::from_secs(1);

pub struct AppState {
    pub data: PathBuf,
    pub store: StoreLocation,
    pub index: SearchIndex,
    pool: Mutex<Vec<Box<dyn Store>>>,
    /// Serialises writes to the local index (catch-up and `POST /api/ingest`).
    pub index_lock: Mutex<()>,
    pub token: Option<String>,
    pub max_body: usize,
    /// Held by the one `POST /api/ingest` allowed to run at a time.
    pub ingest_lock: Mutex<()>,
    /// The Host names answered besides `localhost` and addresses.
    pub allowed_hosts: crate::guard::AllowedHosts,
    /// Show input paths as stored (see [`AppState::shown_path`]).
    pub show_paths: bool,
}

impl AppState {
    /// Opens the data directory read-only (see [`DataDir::open_read_only_at`]).
    pub fn open(config: &Config) -> Result<Self, ServerError> {
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
            allowed_hosts: crate::guard::AllowedHosts::new(&config.allow_hosts),
            show_paths: config.show_paths,
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
    /// when all are busy). Blocking: call from [`blocking`].
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
        let result = f(store.as_ref());
        // A connection that failed (a restarted database server) is dropped
        // rather than handed to the next request.
        if result.is_ok() {
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

/// Runs blocking store work off the async threads.
pub async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&AppState) -> Result<T, ServerError> + Send + 'static,
) -> Result<T, ServerError> {
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || f(&state))
        .await
        .map_err(|e| ServerError::Internal(format!("worker failed: {e}")))?
}
