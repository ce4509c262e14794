//! Dev loop for main text: `cargo run --release -p storyline-pipeline --example
//! aeb_dump AEB_DIR > pred.json` writes `{key: {"articleBody": text}}` for
//! AEB's evaluate.py (the paragraphs of `extract_html` only; the full path
//! is `bench/extraction/run.sh`).
use std::io::Read;
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("AEB_DIR"));
    let truth: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ground-truth.json")).unwrap())
            .unwrap();
    let mut out = serde_json::Map::new();
    for (key, v) in &truth {
        let mut s = Vec::new();
        let path = dir.join("html").join(format!("{key}.html.gz"));
        flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
            .read_to_end(&mut s)
            .unwrap();
        let t = match storyline_pipeline::decode::decode_bytes(&s, None) {
            Ok(d) => d.text,
            Err(_) => String::from_utf8_lossy(&s).into_owned(),
        };
        let x = storyline_pipeline::html::extract_html(&t, v["url"].as_str());
        let text = if x.no_article {
            String::new()
        } else {
            x.paragraphs.join("\n")
        };
        out.insert(key.clone(), serde_json::json!({ "articleBody": text }));
    }
    println!("{}", serde_json::Value::Object(out));
}
