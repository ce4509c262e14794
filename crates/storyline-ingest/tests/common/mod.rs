//! Helpers for the ingest integration tests: the seed articles ingested
//! into a temporary data directory, and entities looked up by alias.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use storyline_ingest::driver::{ingest_paths, Quiet};
use storyline_pipeline::Settings;
use storyline_store::{DataDir, EntitySummary};

/// The five seed articles.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds")
}

/// Ingests `paths` into `dir` with the default settings; asserts no file failed.
pub fn ingest(paths: &[PathBuf], dir: &mut DataDir) {
    let report = ingest_paths(paths, dir, &Settings::default(), &Quiet).unwrap();
    assert_eq!(report.failed, 0);
}

/// A temporary directory (keep it alive) opened as a data directory that
/// holds the seeds.
pub fn seeded_data_dir() -> (tempfile::TempDir, DataDir) {
    let tmp = tempfile::tempdir().unwrap();
    let mut dir = DataDir::open(tmp.path()).unwrap();
    ingest(&[seeds()], &mut dir);
    (tmp, dir)
}

/// The entities that hold `alias`.
pub fn entity_with<'a>(list: &'a [EntitySummary], alias: &str) -> Vec<&'a EntitySummary> {
    list.iter()
        .filter(|e| e.aliases.iter().any(|(a, _)| a == alias))
        .collect()
}

/// The one entity that holds `names[0]`; asserts every other name is an
/// alias of that entity and of no other.
pub fn one_entity_under<'a>(list: &'a [EntitySummary], names: &[&str]) -> &'a EntitySummary {
    let first = entity_with(list, names[0]);
    assert_eq!(first.len(), 1, "one entity holds {}: {list:#?}", names[0]);
    for name in names {
        let e = entity_with(list, name);
        assert_eq!(e.len(), 1, "{name}: {list:#?}");
        assert_eq!(e[0].id, first[0].id, "{name} is {}", names[0]);
    }
    first[0]
}
