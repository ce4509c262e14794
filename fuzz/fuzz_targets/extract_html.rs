#![no_main]
//! Arbitrary bytes through decode + HTML extraction + assembly: no panic.

use libfuzzer_sys::fuzz_target;
use storyline_model::{RawDocument, SourceFormat, StatedMeta};
use storyline_pipeline::{build_article, html::extract_html, Settings};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = extract_html(&text, Some("https://example.com/2018/01/16/x"));
    let doc = RawDocument {
        locator: "fuzz".into(),
        format: SourceFormat::Html,
        body: data.to_vec(),
        declared_charset: None,
        raw_sha256: String::new(),
        meta: StatedMeta::default(),
    };
    let _ = build_article(&doc, &Settings::default());
});
