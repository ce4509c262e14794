//! `storyline reindex`: rebuild the search index from the store.

use std::path::Path;
use std::time::Instant;

pub fn run(data: &Path) -> anyhow::Result<u8> {
    let mut dir = super::open_data(data)?;
    let started = Instant::now();
    let n = dir.reindex()?;
    println!(
        "reindexed {n} articles in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(crate::exit::OK)
}
