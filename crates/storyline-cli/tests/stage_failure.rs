//! One failing stage (made to fail on purpose with the test-only hook
//! `STORYLINE_TEST_FAIL_STAGE`) is reported and skipped: the other articles
//! are stored and annotated, the run exits 1, and the next run is clean.

mod common;
use common::*;

/// `storyline --data <data> ingest --json <seeds>` with the failure hook set.
fn ingest_failing(data: &std::path::Path, hook: &str) -> Run {
    storyline(data)
        .args(["ingest", "--json", seeds().to_str().unwrap()])
        .env("STORYLINE_TEST_FAIL_STAGE", hook)
        .output()
        .expect("run storyline")
        .into()
}

fn ingest(data: &std::path::Path) -> Run {
    storyline(data)
        .args(["ingest", "--json", seeds().to_str().unwrap()])
        .env_remove("STORYLINE_TEST_FAIL_STAGE")
        .output()
        .expect("run storyline")
        .into()
}

fn report(r: &Run) -> serde_json::Value {
    r.json_lines().pop().expect("an ingest report")
}

#[test]
fn regression_one_panicking_document_stops_the_whole_ingest() {
    let (_tmp, data) = data_dir();
    let first = ingest_failing(&data, "annotate:002_");
    assert_eq!(first.code, 1, "{}", first.stderr);
    let r = report(&first);
    assert_eq!(
        (r["new"].as_u64(), r["failed"].as_u64()),
        (Some(4), Some(1))
    );
    let line = first
        .stderr
        .lines()
        .find(|l| l.starts_with("storyline: ") && l.contains("002_07502308c434ecf0.txt"))
        .unwrap_or_else(|| panic!("no error line for 002:\n{}", first.stderr));
    assert!(line.contains("annotate stage failed"), "{line}");
    // The error line is the report: no Rust panic banner beside it.
    assert!(!first.stderr.contains("panicked at"), "{}", first.stderr);
    // The other four are stored, annotated and resolved into entities.
    let articles = run(&data, &["articles", "--json"]).json_lines();
    assert_eq!(articles.len(), 4);
    assert!(articles.iter().all(|a| !file_name_of(a).starts_with("002")));
    let entities = run(&data, &["entities", "--json"]).json_lines();
    assert!(entities.len() >= 10, "{} entities", entities.len());
    assert!(r["events"]["articles"].as_u64() == Some(4), "{r}");

    // Without the failure, the next run stores the fifth and nothing fails.
    let second = ingest(&data);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let r = report(&second);
    assert_eq!(
        (r["new"].as_u64(), r["unchanged"].as_u64()),
        (Some(1), Some(4))
    );
    let third = ingest(&data);
    assert_eq!(third.code, 0, "{}", third.stderr);
    assert_eq!(report(&third)["new"].as_u64(), Some(0));
}

#[test]
fn regression_failed_store_wide_stage_leaves_store_failing_every_run() {
    for stage in ["entities", "events"] {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let first = ingest_failing(&data, stage);
        assert_eq!(first.code, 1, "{stage}: {}", first.stderr);
        let r = report(&first);
        assert_eq!(r["new"].as_u64(), Some(5), "{stage}: {r}");
        assert!(
            first
                .stderr
                .lines()
                .any(|l| l.contains("(store)") && l.contains(&format!("{stage} stage failed"))),
            "{stage}: {}",
            first.stderr
        );
        if stage == "entities" {
            // Events still ran, on the stored articles.
            assert_eq!(r["events"]["articles"].as_u64(), Some(5), "{r}");
        } else {
            assert!(r["events"].is_null(), "{r}");
        }

        // The next run retries the stage and succeeds.
        let second = ingest(&data);
        assert_eq!(second.code, 0, "{stage}: {}", second.stderr);
        let r = report(&second);
        assert_eq!(r["new"].as_u64(), Some(0));
        if stage == "events" {
            assert_eq!(r["events"]["articles"].as_u64(), Some(5), "{r}");
        }
        let entities = run(&data, &["entities", "--json"]).json_lines();
        assert!(entities.len() >= 10, "{stage}: {} entities", entities.len());
        assert_eq!(ingest(&data).code, 0);
    }
}
