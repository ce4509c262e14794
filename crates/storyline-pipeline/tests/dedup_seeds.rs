//! Syndication on the five seed articles, through the real cleaning stage:
//! 001 and 002 are one AFP dispatch (002 wrapped in a site's chrome and
//! crediting "Source: AFP"); 000, 003 and 004 stand alone.

use storyline_model::{RawDocument, SourceFormat};
use storyline_pipeline::dedup::{self, DedupParams, Fingerprint, MemberInfo};
use storyline_pipeline::{build_article, Settings};

fn seeds() -> Vec<storyline_model::Article> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let body = std::fs::read(p).unwrap();
            let doc = RawDocument {
                locator: p.file_name().unwrap().to_string_lossy().into_owned(),
                format: SourceFormat::Text,
                body,
                declared_charset: None,
                raw_sha256: String::new(),
                meta: Default::default(),
            };
            build_article(&doc, &Settings::default()).unwrap()
        })
        .collect()
}

#[test]
fn seeds_001_and_002_are_one_afp_group_and_the_rest_stand_alone() {
    let articles = seeds();
    assert_eq!(articles.len(), 5);
    let fps: Vec<Fingerprint> = articles.iter().map(|a| Fingerprint::of(&a.text)).collect();
    let links = dedup::find_links(&fps, &DedupParams::default());
    let groups = dedup::groups(fps.len(), &links);
    assert_eq!(groups, vec![vec![1, 2]], "links: {links:?}");
    let members: Vec<MemberInfo> = groups[0]
        .iter()
        .map(|&i| MemberInfo {
            id: articles[i].id.as_str(),
            shingles: fps[i].shingles.len(),
            date: articles[i].published.date,
            wire_credit: articles[i].wire_credit.as_deref(),
        })
        .collect();
    assert_eq!(dedup::origin(&members).as_deref(), Some("AFP"));
    // 000 is a separate write-up of the same event: not a copy of either.
    assert!(links
        .iter()
        .all(|l| !(l.kind.is_copy() && (l.a == 0 || l.b == 0))));
}
