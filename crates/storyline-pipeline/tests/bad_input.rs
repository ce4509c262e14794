//! Bad input never panics and stays bounded in time: malformed HTML, pages
//! without a body, huge pages, deep DOMs, bytes that are not UTF-8, and a
//! randomized smoke run over mutated pages (the stable-Rust stand-in for the
//! cargo-fuzz target in `fuzz/`, which needs nightly).

use std::time::{Duration, Instant};
use storyline_model::{RawDocument, SourceFormat, StatedMeta};
use storyline_pipeline::html::extract_html;
use storyline_pipeline::{build_article, PipelineError, Settings};

fn html_doc(body: Vec<u8>) -> RawDocument {
    RawDocument {
        locator: "test.html".into(),
        format: SourceFormat::Html,
        body,
        declared_charset: None,
        raw_sha256: "00".into(),
        meta: StatedMeta::default(),
    }
}

const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Talks resume | Example</title>
<meta property="article:published_time" content="2018-01-16T10:00:00Z">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2018-01-16"}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main><article><h1>Talks resume</h1><p class="byline">By A. Writer</p>
<p>Negotiators met again on Tuesday in Geneva, officials said, after a pause of three weeks.</p>
<p>The talks, which had stalled over the ceasefire, are expected to run until Friday.</p>
<blockquote>"We are hopeful," the envoy said, "but there is a long way to go."</blockquote>
<ul><li>Ceasefire terms, prisoner exchanges and aid corridors are on the agenda.</li></ul>
<table><tr><td>Round</td><td>Date</td></tr><tr><td>8</td><td>16 January 2018</td></tr></table>
</article></main><aside class="related"><ul><li><a href="/x">Other story</a></li></ul></aside>
<footer>Copyright 2018 Example. All rights reserved.</footer></body></html>"#;

#[test]
fn malformed_html_is_extracted_without_panic() {
    for html in [
        "<p>Unclosed paragraph, with commas, that goes on, and on, and on for a while",
        "<html><body><div><p>Text</div></span></table></p></body>",
        "<<<>>><p/><//p><!-- unterminated comment",
        "<script>never closed",
        "<html><body><table><tr><td><p>cell text, long enough, to count as prose here",
        "",
        "\u{0}\u{1}\u{2}",
    ] {
        let _ = extract_html(html, Some("not a url"));
    }
}

#[test]
fn page_without_body_is_no_article() {
    let x = extract_html(
        "<html><head><title>Only a title</title></head></html>",
        None,
    );
    assert!(x.no_article);
    let err = build_article(
        &html_doc(b"<html><head><title>T</title></head></html>".to_vec()),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(matches!(
        err,
        PipelineError::NoArticle | PipelineError::NoText
    ));
}

#[test]
fn non_utf8_page_is_decoded() {
    // windows-1252 bytes: "Café" with a lone 0xE9.
    let mut body =
        b"<html><head><meta charset=\"windows-1252\"></head><body><article><p>Le caf".to_vec();
    body.push(0xE9);
    body.extend_from_slice(
        b" a rouvert ses portes mardi, a dit le maire, apres des mois de travaux, enfin.</p></article></body></html>",
    );
    let a = build_article(&html_doc(body), &Settings::default()).unwrap();
    assert!(a.text.contains("café"), "{}", a.text);
}

#[test]
fn deep_dom_is_refused_quickly_with_a_reason() {
    let html = "<div>".repeat(100_000) + "<p>deep</p>";
    let started = Instant::now();
    let err = build_article(&html_doc(html.into_bytes()), &Settings::default()).unwrap_err();
    assert!(matches!(err, PipelineError::Unparseable(_)), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn large_page_is_bounded() {
    // 50 MB of paragraphs: extracted, not refused, and in bounded time.
    let para =
        "<p>Officials said on Tuesday that the talks, which began in Geneva, would go on.</p>\n";
    let mut html = String::from("<html><body><article>");
    while html.len() < 50 * 1024 * 1024 {
        html.push_str(para);
    }
    html.push_str("</article></body></html>");
    let started = Instant::now();
    let x = extract_html(&html, None);
    assert!(!x.paragraphs.is_empty());
    assert!(started.elapsed() < Duration::from_secs(120));
    // Over the size limit: a clear error, no parse.
    let settings = Settings {
        max_body_bytes: 10 * 1024 * 1024,
        ..Settings::default()
    };
    let err = build_article(&html_doc(html.into_bytes()), &settings).unwrap_err();
    assert!(matches!(err, PipelineError::TooLarge { .. }));
}

/// A small deterministic generator (xorshift), so a failure replays.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn mutated_pages_never_panic() {
    const SNIPPETS: &[&[u8]] = &[
        b"<div>",
        b"</div>",
        b"<p>",
        b"</p>",
        b"<table><tr><td>",
        b"<script>",
        b"<!--",
        b"<a href=x>",
        b"<time datetime=\"2019-02-30\">",
        b"<br>",
        b"\xff\xfe",
        b"\xe9",
        b"&#x0;",
        b"<meta property=\"article:published_time\" content=\"99999\">",
        b"<script type=\"application/ld+json\">{\"datePublished\":",
    ];
    let base = PAGE.as_bytes();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for round in 0..400 {
        let mut page = base.to_vec();
        for _ in 0..1 + rng.below(8) {
            let at = rng.below(page.len() + 1);
            match rng.below(4) {
                0 => page.truncate(at),
                1 => {
                    let s = SNIPPETS[rng.below(SNIPPETS.len())];
                    page.splice(at..at, s.iter().copied());
                }
                2 => {
                    let end = (at + rng.below(200)).min(page.len());
                    page.drain(at..end);
                }
                _ => {
                    if at < page.len() {
                        page[at] = rng.next() as u8;
                    }
                }
            }
        }
        let started = Instant::now();
        let _ = build_article(&html_doc(page.clone()), &Settings::default());
        let text = String::from_utf8_lossy(&page);
        let _ = extract_html(&text, Some("https://example.com/2018/01/16/x"));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "round {round} took too long"
        );
    }
}

#[test]
fn the_fixture_page_extracts_as_expected() {
    // Guards the smoke test: the unmutated page must give a real article.
    let a = build_article(&html_doc(PAGE.as_bytes().to_vec()), &Settings::default()).unwrap();
    assert!(a.text.contains("Negotiators met again"));
    assert!(a.text.contains("We are hopeful"));
    assert!(!a.text.contains("Other story"));
    assert_eq!(a.published.date.unwrap().to_string(), "2018-01-16");
}
