//! `storyline search` finds a name under all the spellings the corpus
//! writes it in, says so, and `--exact` turns that off; on the real binary.

mod common;
use common::*;
use std::path::PathBuf;

/// A data directory holding `corpus/spellings`: Wire One writes (Muammar)
/// Gaddafi, Daily Two (Moammar) Gadhafi; Mubarak is two people.
fn spellings_data_dir() -> (tempfile::TempDir, PathBuf) {
    let (tmp, data) = data_dir();
    ingest_ok(&data, &corpus().join("spellings/libya_egypt.jsonl"));
    (tmp, data)
}

/// Titles of the hits of `storyline search --json args...`, sorted.
fn titles(data: &std::path::Path, args: &[&str]) -> (Vec<String>, String) {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let r = run_ok(data, &all);
    (sorted_titles(&r), r.stderr)
}

/// Asserts `query` finds these titles and was searched as written, not
/// widened to other spellings.
fn assert_found_as_written(data: &std::path::Path, query: &str, expected: &[&str]) {
    let (found, stderr) = titles(data, &[query]);
    assert_eq!(found, expected, "{query}");
    assert!(!stderr.contains("also searched"), "{query}: {stderr}");
}

const GADDAFI_TITLES: [&str; 2] = ["Gaddafi vows to fight on", "Rebels advance on Brega"];
const GADHAFI_TITLES: [&str; 2] = ["Gadhafi's forces shell Misrata", "Oil prices climb"];

fn all_four() -> Vec<String> {
    let mut t: Vec<String> = GADDAFI_TITLES
        .iter()
        .chain(GADHAFI_TITLES.iter())
        .map(|s| s.to_string())
        .collect();
    t.sort();
    t
}

#[test]
fn search_for_one_spelling_finds_the_articles_of_the_other() {
    let (_tmp, data) = spellings_data_dir();
    for q in [
        "Gaddafi",
        "gadhafi",
        "Muammar Gaddafi",
        "\"Moammar Gadhafi\"",
    ] {
        let (found, stderr) = titles(&data, &[q]);
        assert_eq!(found, all_four(), "{q}");
        assert!(stderr.contains("also searched for"), "{q}: {stderr}");
    }
    let (_, stderr) = titles(&data, &["Gaddafi"]);
    assert!(
        stderr.contains("also searched for Gaddafi: Gadhafi"),
        "{stderr}"
    );
    // The table says it too.
    let table = run_ok(&data, &["search", "Gaddafi"]);
    assert!(table.stderr.contains("--exact"), "{}", table.stderr);
}

#[test]
fn exact_search_finds_only_the_spelling_written() {
    let (_tmp, data) = spellings_data_dir();
    let (found, stderr) = titles(&data, &["--exact", "Gaddafi"]);
    assert_eq!(found, GADDAFI_TITLES);
    assert!(!stderr.contains("also searched"), "{stderr}");
    let (found, _) = titles(&data, &["--exact", "Gadhafi"]);
    assert_eq!(found, GADHAFI_TITLES);
}

#[test]
fn boolean_and_field_syntax_keep_working_around_names() {
    let (_tmp, data) = spellings_data_dir();
    // Exclusion excludes every spelling.
    let (found, _) = titles(&data, &["Libya -Gaddafi"]);
    assert!(found.is_empty(), "{found:?}");
    // An alternative within brackets.
    let (found, _) = titles(&data, &["(Gaddafi AND Misrata) OR Amman"]);
    assert_eq!(found, ["Gadhafi's forces shell Misrata"]);
    // A field scope is searched as written.
    assert_found_as_written(&data, "title:Gaddafi", &["Gaddafi vows to fight on"]);
}

#[test]
fn a_name_of_several_people_is_searched_as_written_and_said_so() {
    let (_tmp, data) = spellings_data_dir();
    let (found, stderr) = titles(&data, &["Mubarak"]);
    assert_eq!(found, ["President speaks", "Son steps back"]);
    assert!(
        stderr.contains("Mubarak names several entities"),
        "{stderr}"
    );
    // Its full name does not widen to the other Mubarak.
    assert_found_as_written(&data, "Hosni Mubarak", &["President speaks"]);
}

#[test]
fn a_query_past_the_bounds_is_still_a_usage_error() {
    let (_tmp, data) = spellings_data_dir();
    let deep = format!("{}Gaddafi", "(".repeat(40));
    assert_eq!(run(&data, &["search", &deep]).code, 2);
    // At the bounds, expansion gives way rather than failing the search.
    let full = format!("{}Gaddafi{}", "(".repeat(32), ")".repeat(32));
    let r = run_ok(&data, &["search", "--json", &full]);
    assert_eq!(r.json_lines().len(), 2);
}
