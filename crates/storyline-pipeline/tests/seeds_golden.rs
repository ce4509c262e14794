//! Golden test: for each of the five seed articles (corpus/seeds, scraped
//! text), what cleaning keeps as the article, what it reads as metadata, and
//! every removed line with its reason. Reviewed line by line: every article
//! paragraph kept, every chrome line (timestamps, share bars, related
//! headlines, comment forms, copyright) removed.

use serde::Serialize;
use std::path::Path;
use storyline_model::{RawDocument, SourceFormat, StatedMeta};
use storyline_pipeline::{build_article, Settings};

#[derive(Serialize)]
struct Golden {
    title: Option<String>,
    published: Option<String>,
    published_rule: Option<String>,
    dateline: Option<String>,
    wire_credit: Option<String>,
    kept: Vec<String>,
    removed: Vec<String>,
}

#[test]
fn seeds_kept_and_removed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    for path in files {
        let body = std::fs::read(&path).unwrap();
        let raw = RawDocument {
            locator: path.display().to_string(),
            format: SourceFormat::Text,
            body,
            declared_charset: None,
            raw_sha256: String::new(),
            meta: StatedMeta::default(),
        };
        let a = build_article(&raw, &Settings::default()).unwrap();
        let golden = Golden {
            title: a.title.clone(),
            published: a.published.date.map(|d| d.to_string()),
            published_rule: a.published.provenance.as_ref().map(|p| p.rule.clone()),
            dateline: a.dateline.clone(),
            wire_credit: a.wire_credit.clone(),
            kept: a.text.split("\n\n").map(str::to_string).collect(),
            removed: a
                .removed
                .iter()
                .map(|r| format!("[{}] {}", r.reason, r.text))
                .collect(),
        };
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_yaml_snapshot!(name, golden);
    }
}
