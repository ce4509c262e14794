//! The foundation's acceptance path on the five seed articles and the bundled
//! Timeline17 sets, through the real binary.

mod common;
use common::*;
use std::collections::{BTreeSet, HashMap};

#[test]
fn seeds_ingest_list_reingest_and_search() {
    let (_tmp, data) = data_dir();
    let seeds = corpus().join("seeds");
    let seeds = seeds.to_str().unwrap();

    let first = run_ok(&data, &["ingest", seeds]);
    assert!(first.stdout.contains("new 5"), "{}", first.stdout);

    let articles = run(&data, &["articles", "--json"]).json_lines();
    assert_eq!(articles.len(), 5);
    for a in &articles {
        assert_eq!(a["id"].as_str().unwrap().len(), 32);
        assert!(a["path"].as_str().unwrap().ends_with(".txt"));
        assert!(a["text"].as_str().unwrap().len() > 500);
        assert!(a["published"].get("date").is_some());
    }
    let by_file: HashMap<String, &serde_json::Value> =
        articles.iter().map(|a| (file_name_of(a), a)).collect();
    // The stated date line of 000 is its publication date, with provenance.
    let a000 = by_file.keys().find(|k| k.starts_with("000")).unwrap();
    let published = &by_file[a000]["published"];
    assert_eq!(published["date"], "2018-01-17");
    assert_eq!(published["provenance"]["rule"], "text.stated_date");
    // 003 says nothing about its date: undated, not guessed.
    let a003 = by_file.keys().find(|k| k.starts_with("003")).unwrap();
    assert!(by_file[a003]["published"]["date"].is_null());

    let second = run_ok(&data, &["ingest", seeds]);
    assert!(
        second.stdout.contains("new 0, unchanged 5"),
        "{}",
        second.stdout
    );
    assert_eq!(run(&data, &["articles", "--json"]).json_lines().len(), 5);

    let hits = run(&data, &["search", "close ranks", "--json"]).json_lines();
    let id_to_file: HashMap<&str, String> = articles
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), file_name_of(a)))
        .collect();
    let found: BTreeSet<String> = hits
        .iter()
        .map(|h| id_to_file[h["id"].as_str().unwrap()][..3].to_string())
        .collect();
    assert_eq!(
        found,
        ["000", "001", "002"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    assert!(hits
        .iter()
        .all(|h| !h["snippet"].as_str().unwrap().is_empty()));
}

#[test]
fn seed_chrome_is_removed_and_article_paragraphs_kept() {
    let (_tmp, data) = seeded_data_dir();
    let articles = run(&data, &["articles", "--json"]).json_lines();
    for a in &articles {
        let text = a["text"].as_str().unwrap();
        for chrome in [
            "All rights reserved",
            "GMT 05:01",
            "Security Code",
            "Read Also:",
            "min read",
            "Helpful keywords",
        ] {
            assert!(
                !text.contains(chrome),
                "{chrome:?} left in {}",
                file_name_of(a)
            );
        }
        assert!(!text.lines().any(|l| l.trim() == "Search"));
    }
    let all: String = articles
        .iter()
        .map(|a| a["text"].as_str().unwrap().to_string())
        .collect();
    // Article paragraphs that sit next to chrome survive.
    for kept in [
        "Since it erupted in 2011, Syria's conflict has forced millions out of their homes",
        "Political stances can change in an instant",
        "called for abandoning",
        "HTS launched an offensive on Ahrar al-Sham",
    ] {
        assert!(all.contains(kept), "lost: {kept}");
    }
    let wire: Vec<&str> = articles
        .iter()
        .filter_map(|a| a["wire_credit"].as_str())
        .collect();
    assert_eq!(wire, vec!["AFP"]);
}

#[test]
fn timeline17_sets_keep_dates_and_sources() {
    let (_tmp, data) = data_dir();
    let t17 = corpus().join("t17");
    let out = run_ok(&data, &["ingest", "--json", t17.to_str().unwrap()]);
    let summary: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(summary["new"], 654);
    assert!(summary["articles_per_second"].as_f64().unwrap() > 0.0);

    let stats: serde_json::Value =
        serde_json::from_str(run(&data, &["stats", "--json"]).stdout.trim()).unwrap();
    assert_eq!(stats["articles"], 654);
    assert_eq!(stats["undated"], 0);
    assert_eq!(stats["indexed"], 654);
    assert_eq!(stats["earliest"], "2011-03-15");
    let sources: Vec<&str> = stats["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert_eq!(sources, vec!["reuters", "bbc"]);

    let summer = run(
        &data,
        &[
            "search",
            "Assad",
            "--source",
            "Reuters",
            "--from",
            "2011-06-01",
            "--to",
            "2011-08-31",
            "--json",
            "--limit",
            "500",
        ],
    )
    .json_lines();
    assert!(summer.len() >= 10, "{}", summer.len());
    for h in &summer {
        assert_eq!(h["source"], "reuters");
        let d = h["published"].as_str().unwrap();
        assert!(("2011-06-01"..="2011-08-31").contains(&d), "{d}");
    }
    // The Reuters set ends in 2011: a 2012 window finds nothing from it.
    let none = run_ok(
        &data,
        &[
            "search",
            "Assad",
            "--source",
            "reuters",
            "--from",
            "2012-01-01",
            "--json",
        ],
    );
    assert!(none.json_lines().is_empty());
}

#[test]
fn show_prints_provenance_and_removed_chrome() {
    let (_tmp, data) = seeded_data_dir();
    let articles = run(&data, &["articles", "--json"]).json_lines();
    let a002 = articles
        .iter()
        .find(|a| file_name_of(a).starts_with("002"))
        .unwrap();
    let prefix = &a002["id"].as_str().unwrap()[..8];
    let shown = run_ok(&data, &["show", prefix]);
    assert!(shown.stdout.contains("wire:       AFP"));
    assert!(shown.stdout.contains("[chrome.related_headline]"));
    assert!(shown.stdout.contains("[chrome.form_label] Security Code*"));
    let json: serde_json::Value =
        serde_json::from_str(run(&data, &["show", prefix, "--json"]).stdout.trim()).unwrap();
    assert!(json["removed"].as_array().unwrap().len() > 20);

    let missing = run(&data, &["show", "ffffffff"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("no article with id"));
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["articles", "--from", "17/01/2018"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("expected YYYY-MM-DD"));
}
