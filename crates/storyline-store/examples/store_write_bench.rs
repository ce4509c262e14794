//! Store write throughput, SQLite beside PostgreSQL: `put_articles` in
//! batches of 100, then `put_annotations` for the same articles.
//!
//!   cargo run --release -p storyline-store --features postgres \
//!     --example store_write_bench -- 5000 [postgres://...]
//!
//! Without a URL only SQLite is measured. The articles are the contract
//! suite's samples (short texts): this measures the store, not the pipeline.

use std::time::Instant;
use storyline_model::{Annotations, ArticleId, EntityKind, Mention, Provenance};
use storyline_store::contract::sample_article;
use storyline_store::Store;

fn annotations(n: u32) -> Annotations {
    let mention = |i: u32| Mention {
        text: format!("Name {}", (n + i) % 97),
        key: format!("name {}", (n + i) % 97),
        kind: EntityKind::Person,
        role: None,
        alias_of: None,
        provenance: Provenance::new("entity.title", 0.8).with_span(i as usize, i as usize + 6),
    };
    Annotations {
        mentions: (0..8).map(mention).collect(),
        ..Default::default()
    }
}

fn run(name: &str, mut s: Box<dyn Store>, n: u32) {
    let started = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(100) {
        let batch: Vec<_> = chunk
            .iter()
            .map(|&i| sample_article(i, "x", None))
            .collect();
        s.put_articles(&batch).unwrap();
    }
    let put = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(100) {
        let batch: Vec<(ArticleId, Annotations)> = chunk
            .iter()
            .map(|&i| (ArticleId(format!("{i:032x}")), annotations(i)))
            .collect();
        s.put_annotations(&batch).unwrap();
    }
    let ann = started.elapsed().as_secs_f64();
    println!(
        "{name:10} put_articles {:>8.0} articles/s   put_annotations {:>8.0} articles/s",
        n as f64 / put,
        n as f64 / ann
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5000);
    let dir = tempfile::tempdir().unwrap();
    let sqlite = storyline_store::SqliteStore::open(&dir.path().join("bench.sqlite")).unwrap();
    run("sqlite", Box::new(sqlite), n);
    #[cfg(feature = "postgres")]
    if let Some(url) = args.get(2) {
        let schema = format!("bench_{}", std::process::id());
        let pg = storyline_store::PgStore::open_in_schema(url, &schema).unwrap();
        run("postgres", Box::new(pg), n);
        let mut c = storyline_store::postgres::connect(url).unwrap();
        c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
            .unwrap();
    }
}
