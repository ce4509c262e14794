//! What the HTML extractor keeps and removes on one .html.gz page:
//! `cargo run --release -p storyline-pipeline --example one PAGE.html.gz`.
use std::io::Read;
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let mut s = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap())
        .read_to_end(&mut s)
        .unwrap();
    let t = storyline_pipeline::decode::decode_bytes(&s, None)
        .unwrap()
        .text;
    let x = storyline_pipeline::html::extract_html(&t, None);
    println!(
        "no_article={} problem={:?} title={:?}",
        x.no_article, x.problem, x.title
    );
    for p in &x.paragraphs {
        println!("KEEP {}", &p.chars().take(100).collect::<String>());
    }
    for (r, why) in &x.removed {
        if r.len() > 60 {
            println!("RM {why} {}", &r.chars().take(100).collect::<String>());
        }
    }
}
