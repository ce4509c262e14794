//! `storyline eval entities`: scores the engine's entities on gold surface
//! forms read from a Timeline17-style folder, per gold part and overall, and
//! names the file and line of a bad gold line.

mod common;
use common::*;
use std::io::Write;
use std::path::Path;

fn write_collection(dir: &Path) {
    let articles = [
        ("news_a/1", "BP chief executive Tony Hayward said on Monday that the leak would stop. Hayward added that BP would pay every claim."),
        ("news_a/2", "The British company BP said on Tuesday that its shares fell in London."),
    ];
    let f = std::fs::File::create(dir.join("news_a.articles.jsonl.gz")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::default());
    for (id, text) in articles {
        let line = serde_json::json!({"id": id, "source": "a", "topic": "news", "published": "2010-06-01", "text": text});
        writeln!(gz, "{line}").unwrap();
    }
    gz.finish().unwrap();
}

fn gold_line(form: &str, entity: &str, kind: &str, split: &str) -> String {
    serde_json::json!({"form": form, "entity": entity, "type": kind, "ambiguous": false,
        "split": split, "collections": ["news_a"], "articles": ["news_a/1"]})
    .to_string()
}

/// Writes `gold` as `gold.jsonl` in `dir` and runs `storyline eval entities`
/// on it with the collections in `dir`, with `extra` arguments.
fn eval_entities(dir: &Path, gold: &str, extra: &[&str]) -> Run {
    let collections = ["--collections", dir.to_str().unwrap()];
    eval_with_gold(dir, "entities", gold, &[&collections[..], extra].concat())
}

#[test]
fn eval_entities_scores_each_part_and_all_occurrences_of_the_gold_forms() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(dir.path());
    let gold = [
        gold_line("Tony Hayward", "tony_hayward", "person", "report"),
        gold_line("Hayward", "tony_hayward", "person", "report"),
        gold_line("BP", "bp", "organisation", "report"),
        gold_line("London", "london", "place", "tune"),
    ]
    .join("\n");
    let r = eval_entities(dir.path(), &gold, &["--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = &r.json_lines()[0];
    assert_eq!(report["articles"], 2);
    let parts = report["parts"].as_array().unwrap();
    let names: Vec<&str> = parts.iter().map(|p| p["part"].as_str().unwrap()).collect();
    assert_eq!(names, ["report", "tune", "all"]);
    // Tony Hayward, Hayward, BP three times, London.
    assert_eq!(parts[2]["occurrences"], 6);
    assert_eq!(parts[0]["occurrences"], 5);
    for p in parts {
        let f1 = p["b3_f1"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&f1), "{p}");
    }

    let table = eval_entities(dir.path(), &gold, &[]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("B3 F1"), "{}", table.stdout);
}

#[test]
fn a_bad_gold_line_or_a_missing_collection_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(dir.path());
    let good = gold_line("BP", "bp", "organisation", "report");
    let r = eval_entities(dir.path(), &format!("{good}\n{{\"form\": 1}}\n"), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("gold.jsonl:2"), "{}", r.stderr);

    let r = eval_entities(dir.path(), &good.replace("news_a", "news_b"), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("news_b"), "{}", r.stderr);
}

#[test]
fn the_table_lists_the_errors_of_the_tune_part_only_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(dir.path());
    // Two report-part forms of one entity that the engine keeps apart
    // (the company and a person named after nothing in the text).
    let gold = [
        gold_line("BP", "bp", "organisation", "report"),
        gold_line("Tony Hayward", "bp", "organisation", "report"),
        gold_line("London", "london", "place", "tune"),
    ]
    .join("\n");
    let tune = eval_entities(dir.path(), &gold, &[]);
    assert_eq!(tune.code, 0, "{}", tune.stderr);
    assert!(tune.stdout.contains("of part tune"), "{}", tune.stdout);
    assert!(!tune.stdout.contains("  bp "), "{}", tune.stdout);
    let report = eval_entities(dir.path(), &gold, &["--errors-of", "report"]);
    assert!(report.stdout.contains("  bp "), "{}", report.stdout);
    let wrong = eval_entities(dir.path(), &gold, &["--errors-of", "held-out"]);
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains("report, tune, all"),
        "{}",
        wrong.stderr
    );
}
