//! `storyline eval speed`: the texts it times are the texts a peer tool is
//! given (`--texts-out`), so a side-by-side speed figure compares like with
//! like.

mod common;
use common::*;

#[test]
fn eval_speed_writes_the_texts_it_annotates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("texts.jsonl");
    let seeds = corpus().join("seeds");
    let r = run_ok(
        dir.path(),
        &[
            "eval",
            "speed",
            seeds.to_str().unwrap(),
            "--json",
            "--texts-out",
            out.to_str().unwrap(),
        ],
    );
    let report = &r.json_lines()[0];
    let texts: Vec<String> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(texts.len() as u64, report["articles"].as_u64().unwrap());
    assert!(texts.len() >= 5, "the five seed articles: {}", texts.len());
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    assert_eq!(words as u64, report["words"].as_u64().unwrap());
    assert!(texts.iter().any(|t| t.contains("Jolani")));
}
