//! The server's shared state: one read-only search index (tantivy readers are
//! shared between threads) and a pool of read-only SQLite connections (one
//! connection serves one request at a time).

use crate::{Config, ServerError};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use storyline_store::{DataDir, SearchIndex, SqliteStore};

pub struct AppState {
    pub data: PathBuf,
    pub index: SearchIndex,
    pool: Mutex<Vec<SqliteStore>>,
    pub token: Option<String>,
    pub max_body: usize,
    /// Held by the one `POST /api/ingest` allowed to run at a time.
    pub ingest_lock: Mutex<()>,
}

impl AppState {
    /// Opens the data directory read-only (see [`DataDir::open_read_only`]).
    pub fn open(config: &Config) -> Result<Self, ServerError> {
        let (store, index) = DataDir::open_read_only(&config.data)?.into_parts();
        Ok(AppState {
            data: config.data.clone(),
            index,
            pool: Mutex::new(vec![store]),
            token: config.token.clone().filter(|t| !t.is_empty()),
            max_body: config.max_body,
            ingest_lock: Mutex::new(()),
        })
    }

    /// Runs `f` with a read-only connection from the pool (opening one more
    /// when all are busy). Blocking: call from [`blocking`].
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&SqliteStore) -> Result<T, ServerError>,
    ) -> Result<T, ServerError> {
        let store = self.pool.lock().map_err(poisoned)?.pop();
        let store = match store {
            Some(s) => s,
            None => DataDir::open_store_read_only(&self.data)?,
        };
        let result = f(&store);
        self.pool.lock().map_err(poisoned)?.push(store);
        result
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
