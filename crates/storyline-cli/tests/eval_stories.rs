//! `storyline eval stories`: the `--json` report carries every article's
//! final story (what `bench/t17_story_noise.py` reads), the same
//! assignments the diagnosis prints, and the same scores as the table; and
//! `--from-store` scores the stories an ingest of Timeline17 files made.

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

/// Two topic sets (the bundled SyrianCrisis BBC reports, 2011-2012, and a
/// Guardian H1N1 set, 2009, in `tests/fixtures/t17`, less its one record
/// without text) ingested one file at a time in either order give the same
/// events and stories, and no story holds articles of both topics (B-cubed
/// precision 1 in the store's score).
#[test]
fn two_topic_files_in_either_order_give_the_same_stories_and_do_not_mix() {
    let tmp = tempfile::tempdir().unwrap();
    let syria = corpus().join("t17/SyrianCrisis_bbc.articles.jsonl.gz");
    let flu = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/t17/H1N1_guardian.articles.jsonl.gz");
    let mut exports = Vec::new();
    for (name, order) in [
        ("syria_first", [&syria, &flu]),
        ("flu_first", [&flu, &syria]),
    ] {
        let data = tmp.path().join(name);
        for file in order {
            run_ok(&data, &["ingest", file.to_str().unwrap()]);
        }
        let got: Vec<String> = ["events", "stories"]
            .iter()
            .map(|cmd| run_ok(&data, &[cmd, "--json"]).stdout)
            .collect();
        let scored = run_ok(&data, &["eval", "stories", "--from-store", "--json"]);
        exports.push((got, scored.json_lines()[0].clone()));
    }
    let (first, report) = &exports[0];
    assert_eq!(
        &exports[1].0, first,
        "the file order changed events or stories"
    );
    assert!(
        first[1].lines().count() >= 2,
        "two topics, at least two stories"
    );
    let all = &report["subsets"][0];
    let (dev, held_out) = (&report["subsets"][1], &report["subsets"][2]);
    assert!(
        dev["articles"].as_u64().unwrap() > 50,
        "H1N1 is a dev topic"
    );
    assert!(
        held_out["articles"].as_u64().unwrap() > 250,
        "SyrianCrisis is held out"
    );
    assert_eq!(report["unlabelled"], 0);
    assert_eq!(all["b3_p"], 1.0, "a story mixes the topics: {report}");
    assert_eq!(&exports[1].1, report);
}
