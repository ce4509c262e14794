//! `storyline dedup FILES...`: exact and near-duplicates and syndication
//! groups over files, in memory, without a store (for benchmarks and one-off
//! checks). The same pipeline stages and the same verification as ingest:
//! the engine is `storyline_pipeline::dedup::batch`; this module reads the
//! files, feeds it and prints.

use crate::output::{first_row_only, json_lines, similarity_to_canonical, truncate, Table};
use std::path::PathBuf;
use std::time::Instant;
use storyline_ingest::{discover, read_file};
use storyline_model::RawDocument;
use storyline_pipeline::dedup::batch::{BatchDedup, BatchResult};
use storyline_pipeline::dedup::DedupParams;
use storyline_pipeline::Settings;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (.txt, .html, .jsonl, .warc, optionally .gz).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// JSON Lines: one group per line (members with their input id, their
    /// similarity to the canonical member and the share of their text found
    /// in it), then one line per containment link with `--links`.
    #[arg(long)]
    pub json: bool,
    /// Also print containment links between articles that are not copies
    /// (a longer text embedding much of a shorter one).
    #[arg(long)]
    pub links: bool,
    /// Jaccard of 5-word shingles at or above which two texts are near-duplicates.
    #[arg(long, default_value_t = DedupParams::default().jaccard)]
    pub jaccard: f64,
    /// Share of the shorter text found in the longer at or above which it is a
    /// (cut) copy, when their lengths are comparable.
    #[arg(long, default_value_t = DedupParams::default().copy_containment)]
    pub containment: f64,
    /// Fingerprint text records (.txt, JSON Lines `text`) as they are, without
    /// decoding checks and chrome cleaning (HTML is still extracted): the
    /// deduplication stage alone, on the same input a bare MinHash tool sees.
    #[arg(long)]
    pub no_clean: bool,
}

/// Documents analysed per parallel round (small, so the analysis starts soon
/// after the first records are read).
const CHUNK: usize = 1024;

pub fn run(args: Args) -> anyhow::Result<u8> {
    let started = Instant::now();
    let params = DedupParams {
        jaccard: args.jaccard,
        copy_containment: args.containment,
        ..DedupParams::default()
    };
    // Language identification is not needed to find copies.
    let settings = Settings {
        detect_language: false,
        ..Settings::default()
    };
    let (files, walk_errors) = discover(&args.paths);
    let mut failed = walk_errors.len();
    for e in &walk_errors {
        eprintln!("storyline: {e}");
    }
    let mut engine = BatchDedup::new(params, settings, args.no_clean);
    // Reading (decompression, JSON) runs on its own thread while the chunks
    // already read are analysed on the rayon pool; only the fingerprints stay.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<RawDocument>>(4);
    let reader = std::thread::spawn(move || {
        let mut chunk: Vec<RawDocument> = Vec::with_capacity(CHUNK);
        let mut read_failed = 0usize;
        for file in &files {
            read_file(file, &mut |item| match item {
                Ok(doc) => {
                    chunk.push(doc);
                    if chunk.len() >= CHUNK {
                        let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                        let _ = send.send(full);
                    }
                }
                Err(e) => {
                    read_failed += 1;
                    eprintln!("storyline: {e}");
                }
            });
        }
        let _ = send.send(chunk);
        read_failed
    });
    for chunk in receive {
        for e in engine.add(&chunk) {
            failed += 1;
            eprintln!("storyline: {e}");
        }
    }
    failed += reader.join().unwrap_or(0);
    let read_secs = started.elapsed().as_secs_f64();
    let result = engine.finish();
    let secs = started.elapsed().as_secs_f64();
    let docs = result.documents;
    eprintln!(
        "storyline dedup: {} documents ({failed} failed), {} groups holding {} articles ({} independent sources), \
         {} candidate pairs, {} copy links, {} containment links; {:.2}s ({:.2}s reading and \
         fingerprinting), {:.0} docs/s",
        docs,
        result.groups.len(),
        result.grouped(),
        result.independent_sources(),
        result.candidates,
        result.copy_links,
        result.containment.len(),
        secs,
        read_secs,
        docs as f64 / secs.max(1e-9)
    );
    if args.json {
        json_lines(&result.groups)?;
        if args.links {
            json_lines(&result.containment)?;
        }
    } else {
        print_tables(&result, args.links)?;
    }
    Ok(if failed > 0 {
        crate::exit::PARTIAL
    } else {
        crate::exit::OK
    })
}

/// The groups as a table (canonical member starred), then the containment
/// links with `--links`.
fn print_tables(result: &BatchResult, links: bool) -> anyhow::Result<()> {
    let mut t = Table::new(vec!["SIZE", "ORIGIN", "MEMBER", "SIMILARITY"]);
    for o in &result.groups {
        for (i, m) in o.members.iter().enumerate() {
            let star = if m.id == o.canonical { " *" } else { "" };
            t.row(vec![
                first_row_only(i, o.size.to_string()),
                first_row_only(i, o.origin.clone().unwrap_or_else(|| "-".into())),
                format!("{}{star}", truncate(&m.input_id, 60)),
                similarity_to_canonical(m.similarity, m.contained),
            ]);
        }
    }
    t.print()?;
    if links {
        Table::print_rows(vec!["CONTAINED", "IN", "SHARE"], &result.containment, |l| {
            let (small, big, share) = if l.a_in_b >= l.b_in_a {
                (&l.a, &l.b, l.a_in_b)
            } else {
                (&l.b, &l.a, l.b_in_a)
            };
            vec![
                truncate(small, 50),
                truncate(big, 50),
                format!("{:.0}%", share * 100.0),
            ]
        })?;
    }
    Ok(())
}
