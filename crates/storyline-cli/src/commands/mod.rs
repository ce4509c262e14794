//! One module per subcommand. Each has an `Args` (clap) and a `run` that
//! returns the exit code.

pub mod annotate;
pub mod articles;
pub mod dedup;
pub mod demo;
#[cfg(feature = "postgres")]
pub mod enqueue;
pub mod entities;
pub mod eval;
pub mod eval_annotate;
pub mod eval_entities;
pub mod eval_quotes;
pub mod events;
pub mod extract;
pub mod fetch;
pub mod groups;
pub mod ingest;
pub mod quotes;
pub mod reindex;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;
pub mod watch;
#[cfg(feature = "postgres")]
pub mod worker;

use crate::output::parse_day;
use anyhow::Context;
use chrono::NaiveDate;
use std::path::Path;
use std::sync::OnceLock;
use storyline_store::{DataDir, StoreLocation};

/// The filters `articles` and `search` share: source, language and
/// publication days.
#[derive(clap::Args)]
pub struct ArticleFilters {
    /// Only articles from this source (case-insensitive).
    #[arg(long)]
    pub source: Option<String>,
    /// Only articles published on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub from: Option<NaiveDate>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub to: Option<NaiveDate>,
    /// Only articles detected in this language: an ISO 639-1 code (es, zh,
    /// ar) or ISO 639-3 (spa).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<String>,
}

/// A language code for `--lang`: two or three ASCII letters, turned into the
/// ISO 639-1 code the store keeps.
pub fn parse_lang(s: &str) -> Result<String, String> {
    let code = s.trim();
    if !(2..=3).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(format!(
            "{s:?} is not a language code: give two or three letters, such as es or spa"
        ));
    }
    storyline_pipeline::language::normalize_language_code(code)
        .ok_or_else(|| format!("{s:?} is not a language code"))
}

/// The store named by the global `--store` (or STORYLINE_STORE), set once
/// in `main`.
static STORE: OnceLock<StoreLocation> = OnceLock::new();

/// Records the store every command opens.
pub fn set_store(location: StoreLocation) {
    let _ = STORE.set(location);
}

/// The store every command opens (the embedded one unless `--store` named
/// another).
pub fn store_location() -> StoreLocation {
    STORE.get().cloned().unwrap_or_default()
}

/// Opens the data directory over the chosen store, with both in the error.
pub fn open_data(path: &Path) -> anyhow::Result<DataDir> {
    let location = store_location();
    DataDir::open_at(path, &location).with_context(|| match &location {
        StoreLocation::Embedded => format!("data directory {}", path.display()),
        StoreLocation::Postgres(_) => format!(
            "store {} (index in {})",
            location.describe(path),
            path.display()
        ),
    })
}

/// Opens the data directory for reading only (see
/// [`DataDir::open_read_only_at`]): nothing in it is created or changed, no
/// lock is taken, and a writer may be at work meanwhile. A directory that
/// does not exist yet, or needs a migration or an index rebuild, is opened
/// for writing instead (which creates, migrates or rebuilds it).
pub fn open_data_read_only(path: &Path) -> anyhow::Result<DataDir> {
    let location = store_location();
    match DataDir::open_read_only_at(path, &location) {
        Ok(dir) => Ok(dir),
        Err(e @ storyline_store::StoreError::SchemaTooNew { .. }) => {
            Err(anyhow::Error::new(e).context(format!("data directory {}", path.display())))
        }
        Err(_) => open_data(path),
    }
}

/// The PostgreSQL URL of `--store`, or a usage error naming the command.
#[cfg(feature = "postgres")]
pub fn postgres_url(command: &str) -> anyhow::Result<String> {
    match store_location() {
        StoreLocation::Postgres(url) => Ok(url),
        StoreLocation::Embedded => anyhow::bail!(
            "`storyline {command}` works on the shared PostgreSQL store: give --store postgres://... (or STORYLINE_STORE)"
        ),
    }
}
