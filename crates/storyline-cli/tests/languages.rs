//! Languages through the real binary: the detected language shown and
//! filtered on, CJK and Arabic search, per-language story labels; over the
//! short multilingual news items in corpus/languages.

mod common;
use common::*;
use serde_json::Value;
use std::path::PathBuf;

/// A data directory holding corpus/languages (keep the `TempDir` alive).
fn languages_data_dir() -> (tempfile::TempDir, PathBuf) {
    let (tmp, data) = data_dir();
    ingest_ok(&data, &corpus().join("languages"));
    (tmp, data)
}

fn ids(rows: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = rows
        .iter()
        .map(|v| {
            v["external_id"]
                .as_str()
                .or_else(|| v["id"].as_str())
                .unwrap()
                .to_string()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn articles_show_and_filter_by_detected_language() {
    let (_tmp, data) = languages_data_dir();

    let all = run_ok(&data, &["articles", "--json"]);
    let mut langs: Vec<(String, String)> = all
        .json_lines()
        .iter()
        .map(|a| {
            (
                a["external_id"].as_str().unwrap().to_string(),
                a["language"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect();
    langs.sort();
    let want: Vec<(String, String)> = [
        ("ar-1", "ar"),
        ("es-1", "es"),
        ("es-2", "es"),
        ("ja-1", "ja"),
        ("zh-hans-1", "zh"),
        ("zh-hant-1", "zh"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(langs, want);

    let spanish = run_ok(&data, &["articles", "--lang", "es", "--json"]);
    assert_eq!(ids(&spanish.json_lines()), vec!["es-1", "es-2"]);
    // The ISO 639-3 code names the same language.
    let spa = run(&data, &["articles", "--lang", "spa", "--json"]);
    assert_eq!(ids(&spa.json_lines()), vec!["es-1", "es-2"]);

    let table = run_ok(&data, &["articles", "--lang", "ja"]);
    assert!(table.stdout.contains("LANG"), "{}", table.stdout);
    assert!(table.stdout.contains("東京都"), "{}", table.stdout);
    assert!(!table.stdout.contains("华为"), "{}", table.stdout);

    let bad = run(&data, &["articles", "--lang", "e5"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("not a language code"), "{}", bad.stderr);

    let first = &spanish.json_lines()[0];
    let show = run_ok(&data, &["show", first["id"].as_str().unwrap()]);
    assert!(show.stdout.contains("language:   es"), "{}", show.stdout);
}

#[test]
fn regression_search_for_chinese_word_inside_unspaced_text_found_nothing() {
    let (_tmp, data) = languages_data_dir();

    // A two-character word inside a run of traditional characters.
    let r = run_ok(&data, &["search", "華為", "--json"]);
    let hits = r.json_lines();
    assert_eq!(hits.len(), 1, "{}", r.stdout);
    assert_eq!(hits[0]["language"], "zh");
    assert!(hits[0]["title"].as_str().unwrap().contains("華為"));
    assert!(!hits[0]["highlights"].as_array().unwrap().is_empty());

    // A four-character query inside 华为技术有限公司 (simplified).
    let r = run(&data, &["search", "华为技术", "--json"]);
    let hits = r.json_lines();
    assert_eq!(hits.len(), 1, "{}", r.stdout);
    assert!(hits[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("华为技术有限公司"));
    // Characters that never stand together in a row do not match.
    let r = run(&data, &["search", "华技", "--json"]);
    assert!(r.json_lines().is_empty(), "{}", r.stdout);

    // Japanese: a kanji word and a kana word.
    for q in ["防災", "避難所"] {
        let r = run(&data, &["search", q, "--json"]);
        let hits = r.json_lines();
        assert_eq!(hits.len(), 1, "{q}: {}", r.stdout);
        assert_eq!(hits[0]["language"], "ja");
    }

    // The language filter narrows search too.
    let r = run(&data, &["search", "华为", "--lang", "ja", "--json"]);
    assert!(r.json_lines().is_empty(), "{}", r.stdout);
    let r = run(&data, &["search", "华为", "--lang", "zh", "--json"]);
    assert_eq!(r.json_lines().len(), 1, "{}", r.stdout);
    let table = run(&data, &["search", "華為"]);
    assert!(table.stdout.contains("LANG"), "{}", table.stdout);
}

#[test]
fn arabic_search_ignores_hamza_ta_marbuta_and_diacritics() {
    let (_tmp, data) = languages_data_dir();

    // The text writes والإسكندرية, وزارة, أعلنت, القاهرة; the queries spell
    // them without hamza, with ha for ta marbuta, with harakat and tatweel.
    for q in ["والاسكندريه", "وَزَارَة", "اعلنت", "القـاهره"] {
        let r = run_ok(&data, &["search", q, "--json"]);
        let hits = r.json_lines();
        assert_eq!(hits.len(), 1, "{q}: {}", r.stdout);
        assert_eq!(hits[0]["language"], "ar", "{q}");
    }
}

#[test]
fn regression_spanish_stories_labelled_que_del_las_por() {
    let (_tmp, data) = languages_data_dir();
    let stops = ["que", "del", "las", "los", "por", "el", "la", "de"];
    for command in ["stories", "events"] {
        let r = run_ok(&data, &[command, "--json"]);
        let records = r.json_lines();
        let spanish: Vec<&Value> = records
            .iter()
            .filter(|e| e["terms"].to_string().contains("reforma"))
            .collect();
        assert!(!spanish.is_empty(), "{command}: {}", r.stdout);
        for record in spanish {
            let terms: Vec<&str> = record["terms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            assert!(
                terms.iter().all(|t| !stops.contains(t)),
                "{command}: {terms:?}"
            );
            if let Some(label) = record["label"].as_str() {
                assert!(
                    label.split(" / ").all(|t| !stops.contains(&t)),
                    "{command}: {label}"
                );
            }
        }
    }
}
