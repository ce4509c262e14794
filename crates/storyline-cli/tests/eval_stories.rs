//! `storyline eval stories`: the `--json` report carries every article's
//! final story (what `bench/t17_story_noise.py` reads), the same
//! assignments the diagnosis prints, and the same scores as the table.

mod common;
use common::*;

#[test]
fn eval_stories_json_report_matches_the_printed_assignments_and_table() {
    let dir = tempfile::tempdir().unwrap();
    let t17 = corpus().join("t17");
    let t17 = t17.to_str().unwrap();
    let args = ["eval", "stories", "--t17", t17, "--text-only"];
    let r = run_ok(dir.path(), &[&args[..], &["--json"]].concat());
    let report = &r.json_lines()[0];
    let articles = report["articles"].as_u64().unwrap();
    assert!(articles > 100, "the two SyrianCrisis sets: {articles}");
    let assignments = report["assignments"].as_array().unwrap();
    assert_eq!(assignments.len() as u64, articles);
    assert!(assignments.iter().all(|a| a["gold"] == "SyrianCrisis"));

    let diag = run_ok(dir.path(), &[&args[..], &["--diagnose"]].concat());
    let printed: Vec<String> = diag
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("ASSIGN\t"))
        .map(str::to_string)
        .collect();
    let reported: Vec<String> = assignments
        .iter()
        .map(|a| {
            format!(
                "{}\t{}\t{}",
                a["article"].as_str().unwrap(),
                a["gold"].as_str().unwrap(),
                a["story"]
            )
        })
        .collect();
    assert_eq!(printed, reported);

    // The held-out row of the table (SyrianCrisis is held out) shows the
    // report's article and story counts and B-cubed F1.
    let held_out = &report["subsets"][2];
    let row = diag
        .stdout
        .lines()
        .find(|l| l.starts_with("held-out topics"))
        .unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[2], held_out["articles"].to_string());
    assert_eq!(cells[3], held_out["stories"].to_string());
    let b3_f1 = held_out["b3_f1"].as_f64().unwrap();
    assert_eq!(cells[9], format!("{b3_f1:.3}"));
}
