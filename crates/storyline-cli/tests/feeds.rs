//! Feeds as input, through the real binary: RSS, Atom, JSON Feed and news
//! sitemaps (gzipped or not), and feed stubs filled when their page arrives.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn feeds() -> PathBuf {
    corpus().join("feeds")
}

fn articles(data: &Path) -> Vec<Value> {
    let out = run_ok(data, &["articles", "--json"]);
    out.json_lines()
}

/// Asserts an ingest reported this many feed stubs kept and filled.
fn assert_stubs(out: &Run, kept: usize, filled: usize) {
    let line = format!("feed stubs: {kept} kept, {filled} filled");
    assert!(out.stdout.contains(&line), "{}", out.stdout);
}

fn by_url<'a>(articles: &'a [Value], url: &str) -> Option<&'a Value> {
    articles.iter().find(|a| a["url"] == url)
}

#[test]
fn rss_atom_json_feed_and_sitemap_items_become_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = new_dir(tmp.path(), "in");
    for name in [
        "coast-radio.feed.json",
        "gulf-daily.atom",
        "gulf-news-sitemap.xml.gz",
        "linked-pages.warc",
    ] {
        std::fs::copy(feeds().join(name), inputs.join(name)).unwrap();
    }
    // The RSS feed gzipped: read through the `.gz` like any file kind.
    let rss = std::fs::read(feeds().join("levant-wire.rss")).unwrap();
    std::fs::write(inputs.join("levant-wire.rss.gz"), gzip(&rss)).unwrap();

    let data = tmp.path().join("data");
    assert_stubs(&ingest_ok(&data, &inputs), 2, 2);
    let all = articles(&data);
    assert_eq!(all.len(), 8, "6 items with content, 2 stubs' pages");

    // Each item with content becomes an article with its text.
    for (url, item, words) in [
        (
            "http://levantwire.example/2026/12/06/tripoli-port-reopens",
            "the RSS item with content:encoded",
            "At least eleven ships had been waiting offshore",
        ),
        (
            "https://gulfledger.example/politics/kuwait-debt-law-vote",
            "the Atom entry with xhtml content",
            "postponed on Sunday a vote",
        ),
        (
            "https://coastradio.example/news/tartus-school-repairs",
            "the JSON Feed item with content_text",
            "Parents in the village of Dreikish",
        ),
    ] {
        let article = by_url(&all, url).expect(item);
        let text = article["text"].as_str().unwrap();
        assert!(text.contains(words), "{item}: {text}");
    }
    let port = by_url(
        &all,
        "http://levantwire.example/2026/12/06/tripoli-port-reopens",
    )
    .unwrap();
    assert_eq!(
        port["title"],
        "Port of Tripoli reopens after week-long strike"
    );
    assert_eq!(port["published"]["date"], "2026-12-06");
    assert_eq!(port["published"]["provenance"]["rule"], "feed.published");

    // Stubs: the RSS teaser and the sitemap entry, filled by their pages.
    let bus = by_url(
        &all,
        "http://levantwire.example/2026/12/06/beirut-bus-routes",
    )
    .expect("the RSS teaser's page");
    assert_eq!(bus["title"], "Beirut municipality approves new bus routes");
    assert_eq!(bus["published"]["provenance"]["rule"], "feed.published");
    assert!(bus["path"].as_str().unwrap().contains("linked-pages.warc"));
    let doha = by_url(
        &all,
        "https://gulfledger.example/politics/qatar-mediation-round",
    )
    .expect("the sitemap entry's page");
    assert_eq!(doha["title"], "Qatar hosts new round of mediation talks");
    assert_eq!(doha["source"], "Gulf Daily Ledger");
    assert_eq!(doha["published"]["provenance"]["rule"], "sitemap.published");
}

#[test]
fn a_stub_waits_for_its_page_and_is_filled_once() {
    let (_tmp, data) = data_dir();
    let feed = feeds().join("levant-wire.rss");
    let feed = feed.to_str().unwrap();
    assert_stubs(&run_ok(&data, &["ingest", feed]), 1, 0);
    let bus = "http://levantwire.example/2026/12/06/beirut-bus-routes";
    assert!(
        by_url(&articles(&data), bus).is_none(),
        "a stub is no article"
    );

    // The page arrives in a later run: it takes the feed's title and date.
    let pages = feeds().join("linked-pages.warc");
    assert_stubs(&ingest_ok(&data, &pages), 0, 1);
    let all = articles(&data);
    let page = by_url(&all, bus).expect("the page");
    assert_eq!(page["published"]["provenance"]["rule"], "feed.published");
    assert_eq!(page["title"], "Beirut municipality approves new bus routes");

    // The feed read again brings the filled stub back no more.
    let out = run_ok(&data, &["ingest", feed]);
    assert!(out.stdout.contains("new 0, unchanged 2"), "{}", out.stdout);
    assert!(!out.stdout.contains("feed stubs"), "{}", out.stdout);
}

/// Regression: a page stored before the feed that links to it left the
/// feed's stub pending for ever (it waited for a page that had come), and
/// the stubs lived in a JSON file beside the store, which the PostgreSQL
/// workers never read.
#[test]
fn regression_a_page_stored_before_its_feed_leaves_no_stub_waiting() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (pages, feed) = (
        feeds().join("linked-pages.warc"),
        feeds().join("levant-wire.rss"),
    );
    ingest_ok(&data, &pages);
    let said = ingest_ok(&data, &feed).stdout;
    let stored = "feed stubs: 0 kept, 0 filled, 1 with their page stored before";
    assert!(said.contains(stored), "{said}");
    assert!(
        !data.join("feed_stubs.json").exists(),
        "stubs live in the store"
    );
    // Nothing waits: the feed read again, then the page again, say nothing
    // of stubs.
    for input in [&feed, &pages] {
        let said = ingest_ok(&data, input).stdout;
        assert!(!said.contains("feed stubs"), "{said}");
    }
}

/// A data directory of an earlier version kept its pending stubs in
/// `feed_stubs.json`: the next ingest takes them into the store, and the
/// page that arrives then is filled from them.
#[test]
fn stubs_kept_by_an_earlier_version_are_imported_and_filled() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let bus = "http://levantwire.example/2026/12/06/beirut-bus-routes";
    let title = "Beirut municipality approves new bus routes";
    let stub = serde_json::json!({"url": bus, "title": title,
        "published": "2026-12-06T09:30:00+00:00", "published_rule": "feed.published",
        "author": null, "source": null, "locator": "levant-wire.rss#item=3"});
    let legacy = serde_json::json!({"pending": {bus: stub}, "filled": []});
    std::fs::write(data.join("feed_stubs.json"), legacy.to_string()).unwrap();
    assert_stubs(&ingest_ok(&data, &feeds().join("linked-pages.warc")), 0, 1);
    assert!(data.join("feed_stubs.json.imported").exists());
    let all = articles(&data);
    let page = by_url(&all, bus).expect("the page");
    assert_eq!(page["title"], title);
    assert_eq!(page["published"]["provenance"]["rule"], "feed.published");
}

#[test]
fn a_broken_feed_is_named_and_the_others_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = new_dir(tmp.path(), "in");
    std::fs::write(inputs.join("broken.rss"), "<rss><channel><item><title>x").unwrap();
    std::fs::copy(
        feeds().join("gulf-daily.atom"),
        inputs.join("gulf-daily.atom"),
    )
    .unwrap();
    let data = tmp.path().join("data");
    let out = run(&data, &["ingest", inputs.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("broken.rss"), "{}", out.stderr);
    assert_eq!(articles(&data).len(), 2);
}
