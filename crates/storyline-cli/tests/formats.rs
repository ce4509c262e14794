//! Every input format and encoding, through the real binary.

mod common;
use common::*;
use std::path::Path;

const PAGE: &str = r#"<!doctype html><html><head><meta charset="utf-8">
<title>Rebels agree to talks | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2018-01-16T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Rebels agree to talks</h1>
<p>Rebel factions in the north agreed on Tuesday to join talks, their spokesman said, after weeks of fighting.</p>
<p>"We are ready to reconcile with everyone," the spokesman said, adding that the talks would begin next month.</p>
</article><footer><p>Copyright 2018 Example Wire. All rights reserved.</p></footer></body></html>"#;

/// One WARC response record holding `html` for `uri`.
pub fn warc_record(uri: &str, html: &str, n: u32) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n\
         WARC-Date: 2018-01-17T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    rec.extend_from_slice(http.as_bytes());
    rec.extend_from_slice(b"\r\n\r\n");
    rec
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn html_jsonl_and_warc_are_read_with_their_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = new_dir(tmp.path(), "in");
    write(&inputs.join("page.html.gz"), &gzip(PAGE.as_bytes()));
    let mut warc = gzip(&warc_record(
        "https://www.wire.example/2018/01/16/rebels-talks",
        &PAGE.replace("Rebel factions", "Armed rebel factions"),
        1,
    ));
    warc.extend(gzip(&warc_record(
        "https://other.example/news/a",
        &PAGE.replace("Rebel factions", "All rebel factions"),
        2,
    )));
    write(&inputs.join("crawl.warc.gz"), &warc);
    write(
        &inputs.join("feed.jsonl"),
        br#"{"id": "a1", "source": "Wire", "published": "2018-01-16", "title": "Talks", "text": "Factions agreed to talks on Tuesday, officials said."}
{"id": "a2", "url": "https://feed.example/x", "html": "<html><body><p>Leaders met in the capital on Monday to discuss the ceasefire, officials said.</p></body></html>"}
"#,
    );
    write(
        &inputs.join("notes.md"),
        b"skipped: unknown kind inside a folder",
    );

    let data = tmp.path().join("data");
    let out = ingest_ok(&data, &inputs);
    assert!(out.stdout.contains("new 5"), "{}", out.stdout);

    let articles = run(&data, &["articles", "--json"]).json_lines();
    let html = articles
        .iter()
        .find(|a| file_name_of(a) == "page.html.gz")
        .unwrap();
    assert_eq!(html["title"], "Rebels agree to talks");
    assert_eq!(html["source"], "Example Wire");
    assert_eq!(html["published"]["date"], "2018-01-16");
    assert_eq!(html["format"], "html");
    assert!(!html["text"]
        .as_str()
        .unwrap()
        .contains("All rights reserved"));

    let warc_docs: Vec<_> = articles
        .iter()
        .filter(|a| file_name_of(a) == "crawl.warc.gz")
        .collect();
    assert_eq!(warc_docs.len(), 2);
    assert_eq!(
        warc_docs[0]["url"],
        "https://www.wire.example/2018/01/16/rebels-talks"
    );
    assert!(warc_docs[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("#record=1"));
    // With a URL, the source is its host (stable across page redesigns);
    // the page's site name is the fallback for pages without one.
    assert_eq!(warc_docs[0]["source"], "wire.example");
    assert_eq!(warc_docs[1]["source"], "other.example");

    let a2 = articles.iter().find(|a| a["external_id"] == "a2").unwrap();
    assert_eq!(a2["source"], "feed.example");
    assert!(a2["path"].as_str().unwrap().ends_with("feed.jsonl#line=2"));
    let a1 = articles.iter().find(|a| a["external_id"] == "a1").unwrap();
    assert_eq!(a1["published"]["provenance"]["rule"], "input.published");
}

#[test]
fn legacy_encodings_are_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = new_dir(tmp.path(), "in");
    let arabic = "قال زعيم هيئة تحرير الشام إن الفصائل يجب أن توحد صفوفها في إدلب ضد قوات النظام السوري المدعومة من روسيا.";
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(arabic);
    write(&inputs.join("arabic.txt"), &cp1256);
    let french = "Le ministre a déclaré que la réunion était très utile pour la sécurité régionale et la paix.";
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(french);
    write(&inputs.join("french.txt"), &latin1);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in
        "Officials in Idleb said the crossing would reopen on Monday after repairs.".encode_utf16()
    {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    write(&inputs.join("utf16.txt"), &utf16);

    let data = tmp.path().join("data");
    ingest_ok(&data, &inputs);
    let articles = run(&data, &["articles", "--json"]).json_lines();
    let text_of = |name: &str| {
        articles
            .iter()
            .find(|a| file_name_of(a) == name)
            .map(|a| a["text"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(text_of("arabic.txt"), arabic);
    assert_eq!(text_of("french.txt"), french);
    assert!(text_of("utf16.txt").contains("Idleb"));
    let arabic_article = articles
        .iter()
        .find(|a| file_name_of(a) == "arabic.txt")
        .unwrap();
    assert_eq!(arabic_article["language"], "ar");
}

/// A temporary directory (keep it alive) holding PAGE as `page.html`.
fn page_in_temp_dir() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("page.html");
    write(&page, PAGE.as_bytes());
    (tmp, page)
}

#[test]
fn extract_works_without_a_store() {
    let (tmp, page) = page_in_temp_dir();
    let docs = extract_ok(&page, &["--json"]).json_lines();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["title"], "Rebels agree to talks");
    assert!(docs[0]["removed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["text"].as_str().unwrap().contains("All rights reserved")));
    assert!(
        !tmp.path().join("unused").exists(),
        "extract must not create a store"
    );
}

#[test]
fn extract_date_only_gives_the_same_date_as_the_full_extraction() {
    let (_tmp, page) = page_in_temp_dir();
    let full = extract_ok(&page, &["--json"]).json_lines();
    let only = extract_ok(&page, &["--json", "--date-only"]).json_lines();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0]["published"]["date"], "2018-01-16");
    assert_eq!(only[0]["published"], full[0]["published"]);
    assert!(only[0].get("text").is_none(), "no main text in --date-only");
    // The table view: date, rule, path.
    let table = extract_ok(&page, &["--date-only"]);
    assert!(
        table
            .stdout
            .starts_with("2018-01-16\thtml.meta[article:published_time]\t"),
        "{}",
        table.stdout
    );
}
