//! Text pages with no stated source through the real binary: `ingest` of a
//! flat folder of `.txt` pages from four invented sites
//! (`corpus/eval/sitetext.json`, made by `bench/sitetext/gen_sitetext.py`)
//! infers each page's site from what the page says, and with the site known
//! removes the sites' menus, share bars, newsletter boxes, related lists and
//! footers while keeping the article lines.

mod common;
use common::*;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn text_pages_of_unnamed_sites_lose_their_chrome_after_ingest() {
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus().join("eval/sitetext.json")).unwrap(),
    )
    .unwrap();
    let pages = sample["pages"].as_array().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let folder = new_dir(dir.path(), "pages");
    for p in pages {
        std::fs::write(
            folder.join(p["file"].as_str().unwrap()),
            p["text"].as_str().unwrap(),
        )
        .unwrap();
    }
    let data = dir.path().join("data");
    ingest_ok(&data, &folder);
    let stored: HashMap<String, Value> = run(&data, &["articles", "--json", "--limit", "1000"])
        .json_lines()
        .into_iter()
        .map(|a| (file_name_of(&a), a))
        .collect();

    let (mut chrome, mut chrome_left, mut article, mut article_kept) = (0, 0, 0, 0);
    let mut sources: HashMap<&str, HashSet<String>> = HashMap::new();
    for p in pages {
        let a = &stored[p["file"].as_str().unwrap()];
        let source = a["source"].as_str().unwrap_or_default().to_string();
        assert!(!source.is_empty(), "{}: no source inferred", p["file"]);
        sources
            .entry(p["site"].as_str().unwrap())
            .or_default()
            .insert(source);
        let mut lines: HashSet<String> = a["text"].as_str().unwrap().lines().map(norm).collect();
        lines.insert(norm(a["title"].as_str().unwrap_or_default()));
        // A line that lost its leading dateline or stamp to the metadata counts as kept.
        let tails: Vec<&String> = lines.iter().filter(|l| l.len() >= 20).collect();
        for c in p["chrome"].as_array().unwrap() {
            chrome += 1;
            chrome_left += usize::from(lines.contains(&norm(c.as_str().unwrap())));
        }
        for l in p["article"].as_array().unwrap() {
            article += 1;
            let l = norm(l.as_str().unwrap());
            article_kept +=
                usize::from(lines.contains(&l) || tails.iter().any(|t| l.ends_with(*t)));
        }
    }
    // Each site's pages agree on one inferred site, and no two sites share one.
    assert_eq!(sources.len(), 4);
    assert!(sources.values().all(|s| s.len() == 1), "{sources:?}");
    let distinct: HashSet<_> = sources.values().flatten().collect();
    assert_eq!(distinct.len(), 4);
    let removed = 1.0 - chrome_left as f64 / chrome as f64;
    let kept = article_kept as f64 / article as f64;
    assert!(
        removed >= 0.95,
        "chrome removed {removed:.3} of {chrome} lines"
    );
    assert!(kept >= 0.98, "article kept {kept:.3} of {article} lines");
}

#[test]
fn extract_json_shows_the_inferred_site_and_its_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    std::fs::write(
        &page,
        "Home\nWorld\n\
         The council voted on Monday to close the old bridge, which has carried traffic since 1931.\n\
         Engineers said repairs would cost more than a new crossing, and the vote was unanimous.\n\
         © 2011 The Harbor Ledger. All rights reserved.\n",
    )
    .unwrap();
    let r = run_ok(
        &dir.path().join("data"),
        &["extract", page.to_str().unwrap(), "--json"],
    );
    let a = &r.json_lines()[0];
    assert_eq!(a["source"], "the harbor ledger");
    assert_eq!(a["source_provenance"]["rule"], "text.copyright");
}
