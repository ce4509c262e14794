//! One module per subcommand. Each has an `Args` (clap) and a `run` that
//! returns the exit code.

pub mod annotate;
pub mod articles;
pub mod dedup;
pub mod demo;
pub mod entities;
pub mod eval;
pub mod eval_annotate;
pub mod events;
pub mod extract;
pub mod groups;
pub mod ingest;
pub mod quotes;
pub mod reindex;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;

use anyhow::Context;
use std::path::Path;
use storyline_store::DataDir;

/// Opens the data directory, with the path in the error.
pub fn open_data(path: &Path) -> anyhow::Result<DataDir> {
    DataDir::open(path).with_context(|| format!("data directory {}", path.display()))
}
