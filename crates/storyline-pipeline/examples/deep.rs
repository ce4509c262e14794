fn main() {
    let depth: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let mut html = String::from("<html><body>");
    for _ in 0..depth { html.push_str("<div>"); }
    html.push_str("<p>Deep text that is long enough to count as a paragraph, with commas.</p>");
    let t = std::time::Instant::now();
    let d = scraper::Html::parse_document(&html);
    eprintln!("parse {:?} {}", t.elapsed(), d.tree.nodes().count());
    let t = std::time::Instant::now();
    let x = storyline_pipeline::html::extract_html(&html, None);
    eprintln!("extract {:?} {}", t.elapsed(), x.paragraphs.len());
}
