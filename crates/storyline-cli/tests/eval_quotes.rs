//! `storyline eval quotes`: scores the shipped gold quotations of the
//! bundled SyrianCrisis articles, the table and the `--json` report agree,
//! and a gold quotation that is not in its article stops the run with the
//! gold file's line.

mod common;
use common::*;
use std::path::Path;

/// The shipped gold's lines about the bundled `SyrianCrisis_bbc` set.
fn bundled_gold_lines() -> Vec<String> {
    let gold = std::fs::read_to_string(corpus().join("eval/quotes.gold.jsonl")).unwrap();
    gold.lines()
        .filter(|l| l.contains("\"collection\": \"SyrianCrisis_bbc\""))
        .map(str::to_string)
        .collect()
}

/// Writes `lines` as `gold.jsonl` in `dir` and runs `storyline eval quotes`
/// on it against the bundled Timeline17 sets, with `extra` arguments.
fn eval_quotes(dir: &Path, lines: &[String], extra: &[&str]) -> Run {
    let t17 = corpus().join("t17");
    let sets = ["--t17", t17.to_str().unwrap()];
    eval_with_gold(
        dir,
        "quotes",
        &lines.join("\n"),
        &[&sets[..], extra].concat(),
    )
}

#[test]
fn eval_quotes_scores_every_gold_quotation_and_the_table_matches_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let lines = bundled_gold_lines();
    assert!(
        lines.len() >= 20,
        "gold lines of SyrianCrisis_bbc: {}",
        lines.len()
    );
    let r = eval_quotes(dir.path(), &lines, &["--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = &r.json_lines()[0];
    let outcomes = report["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), lines.len());
    let parts = report["parts"].as_array().unwrap();
    let all = parts.last().unwrap();
    assert_eq!(all["part"], "all");
    let counts = &all["counts"];
    assert_eq!(counts["gold"].as_u64().unwrap() as usize, lines.len());
    let found = outcomes.iter().filter(|o| o["found"] == true).count();
    assert_eq!(counts["found"].as_u64().unwrap() as usize, found);
    assert!(found > 0, "the engine finds some of the quotations");

    let table = eval_quotes(dir.path(), &lines, &[]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    let all_row = table
        .stdout
        .lines()
        .find(|l| l.starts_with("all "))
        .unwrap();
    assert!(
        all_row.contains(&format!("{found}/{}", lines.len())),
        "{all_row}"
    );
}

#[test]
fn eval_quotes_names_the_gold_line_whose_quotation_is_not_in_its_article() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = bundled_gold_lines();
    lines.truncate(2);
    let mut bad: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
    bad["quote"] = "words nobody wrote in this article".into();
    lines[1] = bad.to_string();
    let r = eval_quotes(dir.path(), &lines, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("gold.jsonl:2: quote not in the text"),
        "{}",
        r.stderr
    );
}
