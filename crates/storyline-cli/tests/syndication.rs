//! Syndication through the real binary on the seed articles: 001 and 002 are
//! one AFP dispatch, 000, 003 and 004 stand alone; a copy ingested on a later
//! day joins the group without a rebuild, whatever the order.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn storyline(data: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn seed(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

fn groups(data: &Path) -> Vec<Value> {
    let (code, out) = storyline(data, &["groups", "--json"]);
    assert_eq!(code, 0);
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn id_of(data: &Path, path_prefix: &str) -> String {
    let (_, out) = storyline(data, &["articles", "--json"]);
    out.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|a| a["path"].as_str().unwrap().contains(path_prefix))
        .map(|a| a["id"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn seeds_form_one_afp_group_of_001_and_002() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("d");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let (code, _) = storyline(&data, &["ingest", seeds.to_str().unwrap()]);
    assert_eq!(code, 0);
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
    let (_, shown) = storyline(&data, &["show", &expected[0]]);
    assert!(shown.contains("origin AFP"), "{shown}");
    for alone in ["/000_", "/003_", "/004_"] {
        let (_, shown) = storyline(&data, &["show", &id_of(&data, alone)]);
        assert!(shown.contains("group:      none"), "{alone}: {shown}");
        let (_, json) = storyline(&data, &["show", &id_of(&data, alone), "--json"]);
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
        storyline(&data, &["ingest", seed("000_").to_str().unwrap()]);
        for prefix in order {
            let (code, _) = storyline(&data, &["ingest", seed(prefix).to_str().unwrap()]);
            assert_eq!(code, 0);
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
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["dedup", "--json", seeds.to_str().unwrap()])
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
