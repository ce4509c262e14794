//! Events, stories and timelines on the five seed articles, through the
//! real binary: three events (000+001+002, 003, 004), dates honest about
//! what is known, Jolani's timeline of three entries with the undated last.

mod common;
use common::*;
use std::collections::BTreeSet;

fn member_files(
    event: &serde_json::Value,
    by_id: &std::collections::HashMap<String, String>,
) -> BTreeSet<String> {
    event["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| by_id[m["article"].as_str().unwrap()][..3].to_string())
        .collect()
}

/// Each stored article's id -> its seed file name.
fn seed_files_by_id(data: &std::path::Path) -> std::collections::HashMap<String, String> {
    run(data, &["articles", "--json"])
        .json_lines()
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), file_name_of(a)))
        .collect()
}

/// Jolani's dossier as HTML; asserts it is a whole HTML document.
fn jolani_html_dossier(data: &std::path::Path) -> String {
    let html = run_ok(data, &["export", "dossier", "Jolani", "--format", "html"]).stdout;
    assert!(html.to_ascii_lowercase().starts_with("<!doctype html>"));
    html
}

/// Ingesting the seeds again changes nothing: still `events` events.
fn assert_reingest_keeps_events(data: &std::path::Path, events: usize) {
    run(data, &["ingest", seeds().to_str().unwrap()]);
    assert_eq!(run(data, &["events", "--json"]).json_lines().len(), events);
}

#[test]
fn seeds_make_three_events_and_a_three_entry_timeline() {
    let (_tmp, data) = seeded_data_dir();
    let by_id = seed_files_by_id(&data);

    let events = run(&data, &["events", "--json"]).json_lines();
    let groups: BTreeSet<BTreeSet<String>> =
        events.iter().map(|e| member_files(e, &by_id)).collect();
    let expected: BTreeSet<BTreeSet<String>> =
        [vec!["000", "001", "002"], vec!["003"], vec!["004"]]
            .into_iter()
            .map(|g| g.into_iter().map(String::from).collect())
            .collect();
    assert_eq!(groups, expected);

    for e in &events {
        let files = member_files(e, &by_id);
        let kind = e["date"]["kind"].as_str().unwrap();
        if files.contains("003") {
            // No date anywhere in 003: undated, never a guess.
            assert_eq!(kind, "undated");
            assert!(e["date"].get("date").is_none());
        }
        if files.contains("000") {
            // "on Tuesday" resolved against 000's stated 17 January, 2018; the
            // two copies of the AFP dispatch count as one source.
            assert_eq!(kind, "stated");
            assert_eq!(e["date"]["date"], "2018-01-16");
            assert_eq!(e["independent_sources"], 2);
        }
        if files.contains("004") {
            // "on Monday", not before the newest absolute date the text
            // states (31 December 2022): inferred, and said so.
            assert_eq!(kind, "inferred");
            assert_eq!(e["date"]["date"], "2023-01-02");
        }
        assert!(e["summary"]["text"].as_str().unwrap().len() > 20);
        assert!(!e["headline"].as_str().unwrap().is_empty());
    }

    let stories = run(&data, &["stories", "--json"]).json_lines();
    assert!(!stories.is_empty());

    let dossier = run_ok(&data, &["export", "dossier", "Jolani", "--format", "md"]);
    assert!(dossier.stdout.contains("## Timeline"));
    assert!(dossier.stdout.contains("undated"));
    jolani_html_dossier(&data);
    assert_reingest_keeps_events(&data, events.len());
}

#[test]
fn seeds_give_events_with_honest_dates_and_a_jolani_timeline() {
    let (_tmp, data) = seeded_data_dir();
    let by_id = seed_files_by_id(&data);
    let events = run(&data, &["events", "--json"]).json_lines();
    let groups: Vec<BTreeSet<String>> = events.iter().map(|e| member_files(e, &by_id)).collect();
    // 001 and 002 (one AFP dispatch) are one event; 003 and 004 are each alone.
    assert!(groups
        .iter()
        .any(|g| g.contains("001") && g.contains("002")));
    assert!(groups.iter().any(|g| g.len() == 1 && g.contains("003")));
    assert!(groups.iter().any(|g| g.len() == 1 && g.contains("004")));
    for e in &events {
        let files = member_files(e, &by_id);
        if files.contains("003") {
            assert_eq!(e["date"]["kind"], "undated");
        }
        if files.contains("004") {
            assert_eq!(e["date"]["not_before"], "2022-12-31");
        }
    }
    let entries = run(&data, &["timeline", "Jolani", "--json"]).json_lines();
    assert!(entries.len() >= 2);
    // Undated entries come after every dated one, marked as undated.
    let first_undated = entries.iter().position(|e| e["undated"] == true).unwrap();
    assert!(entries[first_undated..]
        .iter()
        .all(|e| e["undated"] == true));
    let html = jolani_html_dossier(&data);
    assert!(html.contains("undated"));
    assert_reingest_keeps_events(&data, events.len());
}

#[test]
fn jolani_timeline_has_three_entries_in_date_order() {
    let (_tmp, data) = seeded_data_dir();
    let tl = run_ok(&data, &["timeline", "Jolani", "--json"]);
    let entries = tl.json_lines();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[2]["undated"], true);
    assert_eq!(entries[0]["date"], "2018-01-16");
    assert_eq!(entries[1]["date"], "2023-01-02");
}

#[test]
fn jolani_datewise_timeline_lists_the_days_the_reports_refer_to_in_order() {
    let (_tmp, data) = seeded_data_dir();
    let tl = run_ok(&data, &["timeline", "Jolani", "--days", "5", "--json"]);
    let days = tl.json_lines();
    assert_eq!(days.len(), 5);
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "days in date order");
    // 000 says "on Tuesday" of the 2018 statement; 004 writes out
    // 31 December 2022 and says "on Monday" (2 January 2023, inferred).
    for d in ["2018-01-16", "2022-12-31", "2023-01-02"] {
        assert!(dates.contains(&d), "{d} in {dates:?}");
    }
    for d in &days {
        let s = &d["sentences"][0];
        assert_eq!(s["provenance"]["rule"], "timeline.datewise");
        assert!(!s["text"].as_str().unwrap().is_empty());
    }
    // With one day, the day a report states in writing comes first.
    let one = run(&data, &["timeline", "Jolani", "--days", "1", "--json"]).json_lines();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["date"], "2022-12-31");
    let table = run_ok(&data, &["timeline", "Jolani", "--days", "3"]);
    assert!(table.stdout.contains("MENTIONED BY"));
}
