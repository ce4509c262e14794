//! Per-stage timing over a directory of .html.gz pages:
//! `cargo run --release -p storyline-pipeline --example prof DIR`.
use std::io::Read;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut pages = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let mut s = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap())
            .read_to_end(&mut s)
            .unwrap();
        pages.push(s);
    }
    let t = std::time::Instant::now();
    let texts: Vec<String> = pages
        .iter()
        .map(|b| {
            storyline_pipeline::decode::decode_bytes(b, None)
                .unwrap()
                .text
        })
        .collect();
    eprintln!("decode {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for h in &texts {
        let _ = scraper::Html::parse_document(h);
    }
    eprintln!("parse {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for h in &texts {
        let _ = storyline_pipeline::html::nesting_depth(h.as_bytes());
    }
    eprintln!("depth {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut n = 0;
    for h in &texts {
        n += storyline_pipeline::html::extract_html(h, None)
            .paragraphs
            .len();
    }
    eprintln!("extract {:?} {n}", t.elapsed());
    let t = std::time::Instant::now();
    for b in &pages {
        let raw = storyline_model::RawDocument {
            locator: "x".into(),
            format: storyline_model::SourceFormat::Html,
            body: b.clone(),
            declared_charset: None,
            raw_sha256: String::new(),
            meta: Default::default(),
        };
        let _ = storyline_pipeline::build_article(&raw, &Default::default());
    }
    eprintln!("build_article {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for h in &texts {
        let x = storyline_pipeline::html::extract_html(h, None);
        let j = x.paragraphs.join("\n");
        let _ = storyline_pipeline::clean::clean_text(&j, x.title.as_deref());
    }
    eprintln!("extract+clean {:?}", t.elapsed());
}
