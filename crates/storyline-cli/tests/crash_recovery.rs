//! Killing an ingest midway (SIGKILL) and running it again ends with every
//! article stored and indexed exactly once.

mod common;
use common::*;
use std::process::Command;
use std::time::{Duration, Instant};

fn stored_count(db: &std::path::Path) -> i64 {
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    conn.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
fn killed_ingest_resumes_with_every_article_once() {
    let tmp = tempfile::tempdir().unwrap();
    let total = 3000;
    let input = tmp.path().join("many.jsonl");
    let lines: String = (0..total)
        .map(|i| {
            format!(
                "{{\"id\": \"k{i}\", \"source\": \"wire\", \"published\": \"2012-01-{:02}\", \"text\": \"Dispatch {i}: officials in the capital said on Monday that talks on item {i} would go on.\\nA second paragraph about item {i}, with more words to extract.\"}}\n",
                i % 28 + 1
            )
        })
        .collect();
    std::fs::write(&input, lines).unwrap();
    let data = tmp.path().join("data");
    let db = data.join("storyline.sqlite");

    let mut child = Command::new(bin())
        .arg("--data")
        .arg(&data)
        .arg("ingest")
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until at least one batch is committed, then kill hard.
    let started = Instant::now();
    let mut seen = 0;
    while started.elapsed() < Duration::from_secs(60) {
        seen = stored_count(&db);
        if seen > 0 || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let after_kill = stored_count(&db);
    assert!(seen > 0, "no batch was committed before the kill");
    assert!(
        after_kill < total,
        "ingest finished before it could be killed"
    );

    let again = run_ok(&data, &["ingest", "--json", input.to_str().unwrap()]);
    let summary: serde_json::Value = serde_json::from_str(again.stdout.trim()).unwrap();
    assert_eq!(
        summary["new"].as_i64().unwrap() + summary["unchanged"].as_i64().unwrap(),
        total
    );
    assert_eq!(summary["unchanged"].as_i64().unwrap(), after_kill);

    let stats: serde_json::Value =
        serde_json::from_str(run(&data, &["stats", "--json"]).stdout.trim()).unwrap();
    assert_eq!(stats["articles"].as_i64().unwrap(), total);
    assert_eq!(
        stats["indexed"].as_i64().unwrap(),
        total,
        "index holds each article once"
    );
    let hits = run(&data, &["search", "\"item 2345\"", "--json"]).json_lines();
    assert_eq!(hits.len(), 1);
}
