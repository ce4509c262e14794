//! Ingest does work in proportion to what it brings: a run that stores
//! nothing new leaves the store-wide stages alone, and entities resolved a
//! file at a time, in any order, are the entities resolved all at once.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// The seed articles and three pages in other languages and scripts
/// (Arabic, Russian, French), so names in several scripts arrive.
fn files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let world = corpus().join("world");
    for page in [
        "ar-assabah.com.tn.article.html.gz",
        "ru-football.ua.podolski.html.gz",
        "fr-lepoint.fr-terrorisme.html.gz",
    ] {
        files.push(world.join(page));
    }
    files
}

fn ingest(data: &Path, paths: &[PathBuf], fail_stage: Option<&str>) -> Run {
    let mut cmd = storyline(data);
    cmd.args(["ingest", "--json"]).args(paths);
    match fail_stage {
        Some(stage) => cmd.env("STORYLINE_TEST_FAIL_STAGE", stage),
        None => cmd.env_remove("STORYLINE_TEST_FAIL_STAGE"),
    };
    cmd.output().expect("run storyline").into()
}

fn listing(data: &Path, what: &str) -> String {
    let r = run_ok(data, &[what, "--json"]);
    r.stdout
}

#[test]
fn regression_reingest_of_unchanged_files_redid_every_store_wide_stage() {
    let (_tmp, data) = data_dir();
    let first = ingest(&data, &[seeds()], None);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let (entities, events, stories) = (
        listing(&data, "entities"),
        listing(&data, "events"),
        listing(&data, "stories"),
    );
    assert!(entities.lines().count() >= 10, "{entities}");
    // Entity resolution and event clustering are made to fail: a run that
    // stores nothing new must not reach them, so it stays clean.
    for stage in ["entities", "events"] {
        let again = ingest(&data, &[seeds()], Some(stage));
        assert_eq!(again.code, 0, "{stage}: {}", again.stderr);
        let r = again.json_lines().pop().expect("an ingest report");
        assert_eq!(
            (r["new"].as_u64(), r["unchanged"].as_u64()),
            (Some(0), Some(5)),
            "{r}"
        );
        assert!(r["events"].is_null(), "{r}");
    }
    assert_eq!(listing(&data, "entities"), entities);
    assert_eq!(listing(&data, "events"), events);
    assert_eq!(listing(&data, "stories"), stories);
}

#[test]
fn entities_resolved_a_file_at_a_time_in_any_order_equal_all_at_once() {
    let files = files();
    let tmp = tempfile::tempdir().unwrap();
    let all_at_once = tmp.path().join("all");
    let r = ingest(&all_at_once, &files, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = listing(&all_at_once, "entities");
    assert!(expected.lines().count() >= 50, "{expected}");
    let n = files.len();
    let orders: [Vec<usize>; 3] = [
        (0..n).collect(),
        (0..n).rev().collect(),
        (0..n).map(|i| (i * 3 + 1) % n).collect(),
    ];
    for (o, order) in orders.iter().enumerate() {
        let data = tmp.path().join(format!("order{o}"));
        for &i in order {
            let r = ingest(&data, &files[i..=i], None);
            assert_eq!(r.code, 0, "{}: {}", files[i].display(), r.stderr);
        }
        assert_eq!(
            listing(&data, "entities"),
            expected,
            "files in the order {order:?}"
        );
    }
}
