//! Dev loop for publication dates: `cargo run -p storyline-pipeline --example dates_eval DIR`
//! where DIR holds labels.jsonl and html/*.html.gz (../shared/eval/dates). Prints
//! one JSON line per page (file, truth, ours, rule) on stdout.
use std::io::Read;
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("DIR"));
    let labels = std::fs::read_to_string(dir.join("labels.jsonl")).unwrap();
    for line in labels.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = v["file"].as_str().unwrap();
        let url = v["url"].as_str();
        let mut s = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(dir.join("html").join(file)).unwrap())
            .read_to_end(&mut s)
            .unwrap();
        let t = match storyline_pipeline::decode::decode_bytes(&s, None) {
            Ok(d) => d.text,
            Err(_) => String::from_utf8_lossy(&s).into_owned(),
        };
        let x = storyline_pipeline::html::extract_html(&t, url);
        let (ours, rule) = match x.published {
            Some((d, p)) => (Some(d.to_string()), Some(p.rule)),
            None => (None, None),
        };
        println!(
            "{}",
            serde_json::json!({"file": file, "truth": v["date"], "ours": ours, "rule": rule, "htmldate": null})
        );
    }
}
