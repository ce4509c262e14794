//! Syndication through the real binary on the seed articles: 001 and 002 are
//! one AFP dispatch, 000, 003 and 004 stand alone; a copy ingested on a later
//! day joins the group without a rebuild, whatever the order.

mod common;
use common::{bin, run, run_ok, seeded_data_dir, seeds};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn seed(prefix: &str) -> PathBuf {
    std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

fn groups(data: &Path) -> Vec<Value> {
    let r = run_ok(data, &["groups", "--json"]);
    r.json_lines()
}

fn id_of(data: &Path, path_prefix: &str) -> String {
    run(data, &["articles", "--json"])
        .json_lines()
        .into_iter()
        .find(|a| a["path"].as_str().unwrap().contains(path_prefix))
        .map(|a| a["id"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn seeds_form_one_afp_group_of_001_and_002() {
    let (_tmp, data) = seeded_data_dir();
    let gs = groups(&data);
    assert_eq!(gs.len(), 1, "{gs:?}");
    let g = &gs[0];
    assert_eq!(g["origin"], "AFP");
    let mut members: Vec<String> = g["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    members.sort();
    let mut expected = vec![id_of(&data, "/001_"), id_of(&data, "/002_")];
    expected.sort();
    assert_eq!(members, expected);
    // `show` names the group of a member, and says a lone article has none.
    let shown = run(&data, &["show", &expected[0]]).stdout;
    assert!(shown.contains("origin AFP"), "{shown}");
    for alone in ["/000_", "/003_", "/004_"] {
        let shown = run(&data, &["show", &id_of(&data, alone)]).stdout;
        assert!(shown.contains("group:      none"), "{alone}: {shown}");
        let json = run(&data, &["show", &id_of(&data, alone), "--json"]).stdout;
        let v: Value = serde_json::from_str(&json).unwrap();
        assert!(v["syndication_group"].is_null());
    }
}

#[test]
fn a_copy_ingested_later_joins_the_group_whatever_the_order() {
    let tmp = tempfile::tempdir().unwrap();
    let mut results = Vec::new();
    for (n, order) in [["001_", "002_"], ["002_", "001_"]].iter().enumerate() {
        let data = tmp.path().join(format!("d{n}"));
        run(&data, &["ingest", seed("000_").to_str().unwrap()]);
        for prefix in order {
            assert_eq!(
                run(&data, &["ingest", seed(prefix).to_str().unwrap()]).code,
                0
            );
        }
        let gs = groups(&data);
        assert_eq!(gs.len(), 1);
        results.push((
            gs[0]["key"].clone(),
            gs[0]["canonical"].clone(),
            gs[0]["origin"].clone(),
        ));
    }
    assert_eq!(results[0], results[1]);
}

#[test]
fn dedup_without_a_store_finds_the_same_group() {
    let out = Command::new(bin())
        .args(["dedup", "--json", seeds().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["origin"], "AFP");
    let mut inputs: Vec<&str> = lines[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["input_id"].as_str().unwrap())
        .collect();
    inputs.sort();
    assert!(inputs[0].contains("/001_") && inputs[1].contains("/002_"));
}
