//! The world corpus (`corpus/world/`: news pages in 18 languages and 8
//! scripts) through the real binary: ingest never panics and stores every
//! page, entities and events are computed, search finds words of
//! non-Latin articles, and a second ingest is clean.

mod common;
use common::*;
use std::collections::HashMap;

/// The language prefixes of the corpus file names. A stored article is
/// identified as the last language code (ISO 639-1) of its file's longest
/// prefix (`el-de-` is a German page), except where whatlang gives no
/// reliable answer (`UNIDENTIFIED`).
const PREFIXES: &[&str] = &[
    "ar-", "bn-", "de-", "el-de-", "en-", "es-", "fi-", "fr-", "hu-", "id-", "it-", "ja-", "ko-",
    "nb-", "pl-", "pt-", "ru-", "vi-", "zh-",
];

/// The prefixes of pages whatlang identifies no language for (the
/// Norwegian page).
const UNIDENTIFIED: &[&str] = &["nb-"];

fn expected_language(file: &str) -> Option<&'static str> {
    let prefix = PREFIXES
        .iter()
        .filter(|prefix| file.starts_with(*prefix))
        .max_by_key(|prefix| prefix.len())
        .unwrap_or_else(|| panic!("{file}: no language prefix"));
    if UNIDENTIFIED.contains(prefix) {
        return None;
    }
    prefix.trim_end_matches('-').rsplit('-').next()
}

#[test]
fn world_corpus_ingests_every_page_in_every_script() {
    let (_tmp, data) = data_dir();
    let world = corpus().join("world");
    let world = world.to_str().unwrap();
    let files = std::fs::read_dir(world)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".htm"))
        .count();
    assert!(files >= 20, "{files} pages");

    let first = run_ok(&data, &["ingest", "--json", world]);
    assert!(!first.stderr.contains("panicked"), "{}", first.stderr);
    let report = first.json_lines().pop().unwrap();
    assert_eq!(report["new"].as_u64(), Some(files as u64), "{report}");
    assert_eq!(report["failed"].as_u64(), Some(0), "{report}");
    assert_eq!(
        report["events"]["articles"].as_u64(),
        Some(files as u64),
        "{report}"
    );

    // Every page is stored, in the language its file name says.
    let articles = run(&data, &["articles", "--json"]).json_lines();
    assert_eq!(articles.len(), files);
    let file_of: HashMap<String, String> = articles
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), file_name_of(a)))
        .collect();
    for a in &articles {
        let file = file_name_of(a);
        assert_eq!(a["language"].as_str(), expected_language(&file), "{file}");
        assert!(a["text"].as_str().unwrap().chars().count() > 200, "{file}");
    }

    // Entities from Latin pages in many languages, from Cyrillic and from
    // Arabic script.
    let entities = run(&data, &["entities", "--json"]).json_lines();
    let names: Vec<&str> = entities.iter().filter_map(|e| e["name"].as_str()).collect();
    for name in [
        "Donald Tusk",
        "Budi Karya Sumadi",
        "Hồ Đức Phớc",
        "Лукаш Подольски",
        "عمر البشير",
        "الخرطوم",
    ] {
        assert!(
            names.contains(&name),
            "{name} not among {} entities",
            names.len()
        );
    }
    let events = run(&data, &["events", "--json"]).json_lines();
    assert!(!events.is_empty());

    // A word of each non-Latin (and one Vietnamese) article finds it;
    // Chinese and Japanese words inside unspaced text too (bigrams).
    for (word, prefix) in [
        ("李克强", "zh-sohu"),
        ("岸田総理", "ja-article"),
        ("体罰", "ja-nhk"),
        ("Подольски", "ru-"),
        ("Ευρώπης", "el-"),
        ("السودان", "ar-"),
        ("한국은", "ko-"),
        ("সংসদ", "bn-"),
        ("Phớc", "vi-"),
        ("Fotballforbund", "nb-"),
    ] {
        let hits = run(&data, &["search", word, "--json"]).json_lines();
        assert!(
            hits.iter()
                .any(|h| file_of[h["id"].as_str().unwrap()].starts_with(prefix)),
            "search {word}: {hits:?}"
        );
    }

    let second = run_ok(&data, &["ingest", "--json", world]);
    let report = second.json_lines().pop().unwrap();
    assert_eq!(report["new"].as_u64(), Some(0), "{report}");
    assert_eq!(report["unchanged"].as_u64(), Some(files as u64), "{report}");
    assert_eq!(report["failed"].as_u64(), Some(0), "{report}");
}
