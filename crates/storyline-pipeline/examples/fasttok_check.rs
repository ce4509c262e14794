//! Dev check: the fast tokenizer's tree against html5ever's on every page
//! of a JSON Lines file (`{"html": ...}` per line), on the page as it is
//! and after the script pre-pass; and the tree the extraction parses
//! (`parse_read_parts`, cutting as it tokenizes) against html5ever's tree
//! of the pre-cut page. Prints the pages that differ and how many took the
//! fast path.
use std::io::BufRead;
fn main() {
    let f = std::io::BufReader::new(std::fs::File::open(std::env::args().nth(1).unwrap()).unwrap());
    let (mut fast, mut slow, mut differ, mut cut_differ) = (0, 0, 0, 0);
    for (n, line) in f.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let html = v["html"].as_str().unwrap();
        let stripped = storyline_pipeline::rawtext::strip_script_and_style(html).into_owned();
        for page in [&stripped, html] {
            let reference = scraper::Html::parse_document(page).html();
            match storyline_pipeline::fasttok::fast_parse(page) {
                Some(d) => {
                    fast += 1;
                    if d.html() != reference {
                        differ += 1;
                        println!("line {}: trees differ", n + 1);
                    }
                }
                None => slow += 1,
            }
        }
        let cut = storyline_pipeline::fasttok::parse_read_parts(html).html();
        if cut != scraper::Html::parse_document(&stripped).html() {
            cut_differ += 1;
            println!(
                "line {}: the cut tree differs from the pre-cut page's",
                n + 1
            );
        }
    }
    println!("fast {fast}, fallback {slow}, differ {differ}; cut trees differ {cut_differ}");
}
