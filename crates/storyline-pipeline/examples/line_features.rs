//! Dumps the features of the lines the line classifier decides, for
//! `bench/extraction/train_lines.py`: reads JSON lines `{"text": ...}` on
//! standard input and writes, for each, one JSON line
//! `{"lines": [{"text": ..., "x": [...]}, ...]}`.
//!
//! Usage: `cargo run --release -p storyline-pipeline --example line_features < pages.jsonl`

use std::io::{BufRead, Write};
use storyline_pipeline::clean::line_samples;
use storyline_pipeline::CleanSettings;

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    // The features do not depend on the committed weights.
    let settings = CleanSettings {
        line_classifier: false,
        ..CleanSettings::DEFAULT
    };
    for line in stdin.lock().lines() {
        let line = line.expect("standard input reads");
        let page: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        let text = page["text"].as_str().unwrap_or("");
        let lines: Vec<serde_json::Value> = line_samples(text, &settings)
            .into_iter()
            .map(|s| serde_json::json!({"text": s.text, "x": s.features.values.to_vec()}))
            .collect();
        writeln!(out, "{}", serde_json::json!({ "lines": lines })).expect("standard output writes");
    }
}
