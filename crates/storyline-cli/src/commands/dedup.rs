//! `storyline dedup FILES...`: exact and near-duplicates and syndication
//! groups over files, in memory, without a store (for benchmarks and one-off
//! checks). The same pipeline stages and the same verification as ingest.

use crate::output::{json_lines, truncate, Table};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;
use storyline_ingest::{discover, read_file};
use storyline_model::{RawDocument, SourceFormat};
use storyline_pipeline::dedup::{self, DedupParams, Fingerprint, Link, MemberInfo, BANDS};
use storyline_pipeline::{article_id, build_article, Settings};

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

/// What is kept of a document once it is fingerprinted (its text is not).
struct Doc {
    /// The input's own id (JSON Lines `id`), else the file locator.
    label: Box<str>,
    id: Box<str>,
    date: Option<chrono::NaiveDate>,
    wire: Option<Box<str>>,
}

/// One analysed document, on its way from a worker to the tables.
struct Analysed {
    doc: Doc,
    fp: Fingerprint,
    keys: [u64; BANDS],
}

/// The fingerprints of every document, compact: all shingle sets end to end
/// in one array (one allocation instead of one per document), and the band
/// keys cut to their low 32 bits. A 32-bit key collides by chance for about
/// n²/2³³ document pairs per band (~100 at a million documents): a few more
/// candidates, which the verification removes; it halves the table.
#[derive(Default)]
struct Tables {
    text_hash: Vec<u64>,
    /// Document `i`'s shingles are `shingles[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    shingles: Vec<u32>,
    keys: Vec<[u32; BANDS]>,
}

impl Tables {
    fn push(&mut self, fp: &Fingerprint, keys: &[u64; BANDS]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.text_hash.push(fp.text_hash);
        self.shingles.extend_from_slice(&fp.shingles);
        self.starts.push(self.shingles.len());
        self.keys.push(keys.map(|k| k as u32));
    }

    fn set(&self, i: usize) -> &[u32] {
        &self.shingles[self.starts[i]..self.starts[i + 1]]
    }

    fn fp(&self, i: usize) -> (u64, &[u32]) {
        (self.text_hash[i], self.set(i))
    }
}

#[derive(serde::Serialize)]
struct MemberOut<'a> {
    id: &'a str,
    input_id: &'a str,
    similarity: f64,
    contained: f64,
}

#[derive(serde::Serialize)]
struct GroupOut<'a> {
    canonical: &'a str,
    origin: Option<String>,
    size: usize,
    members: Vec<MemberOut<'a>>,
}

#[derive(serde::Serialize)]
struct LinkOut<'a> {
    kind: &'static str,
    a: &'a str,
    b: &'a str,
    jaccard: f64,
    a_in_b: f64,
    b_in_a: f64,
}

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
    let mut docs: Vec<Doc> = Vec::new();
    let mut tables = Tables::default();
    let analyse = |raw: &RawDocument| -> Result<Analysed, String> {
        let label: Box<str> = raw.meta.id.as_deref().unwrap_or(&raw.locator).into();
        let (doc, fp) = if args.no_clean && raw.format == SourceFormat::Text {
            let text = String::from_utf8_lossy(&raw.body);
            let doc = Doc {
                label,
                id: article_id(&raw.locator, &text).0.into(),
                date: None,
                wire: None,
            };
            (doc, Fingerprint::of(&text))
        } else {
            let a = build_article(raw, &settings).map_err(|e| format!("{}: {e}", raw.locator))?;
            let fp = Fingerprint::of(&a.text);
            let doc = Doc {
                label,
                id: a.id.0.into(),
                date: a.published.date,
                wire: a.wire_credit.map(Into::into),
            };
            (doc, fp)
        };
        let keys = fp.band_keys();
        Ok(Analysed { doc, fp, keys })
    };
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
        let out: Vec<Result<Analysed, String>> = chunk.par_iter().map(analyse).collect();
        drop(chunk);
        for r in out {
            match r {
                Ok(a) => {
                    tables.push(&a.fp, &a.keys);
                    docs.push(a.doc);
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("storyline: {e}");
                }
            }
        }
    }
    failed += reader.join().unwrap_or(0);
    let read_secs = started.elapsed().as_secs_f64();

    let n = docs.len();
    let (mut links, represents) = dedup::exact_duplicates_of(n, |i| tables.fp(i));
    // Bands a few at a time, deduplicating as we go: a close pair shares most
    // of the 42 bands, and keeping every repeat would multiply peak memory.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for bands in (0..BANDS).collect::<Vec<_>>().chunks(6) {
        let more: Vec<(u32, u32)> = bands
            .par_iter()
            .flat_map_iter(|&band| {
                let mut column: Vec<(u32, u32)> = (0..n)
                    .filter(|&i| represents[i])
                    .map(|i| (tables.keys[i][band], i as u32))
                    .collect();
                dedup::bucket_pairs(&mut column)
            })
            .collect();
        pairs.extend(more);
        pairs.par_sort_unstable();
        pairs.dedup();
    }
    tables.keys = Vec::new();
    pairs.shrink_to_fit();
    let candidates = pairs.len();
    let verified: Vec<Link> = pairs
        .par_iter()
        .filter_map(|&(i, j)| {
            let (i, j) = (i as usize, j as usize);
            dedup::judge_sets(tables.fp(i), tables.fp(j), &params).map(|(kind, sim)| Link {
                a: i,
                b: j,
                kind,
                sim,
            })
        })
        .collect();
    drop(pairs);
    links.extend(verified);
    links.sort_by_key(|l| (l.a, l.b));
    let groups = dedup::groups(n, &links);

    let mut outs = Vec::with_capacity(groups.len());
    for g in &groups {
        let infos: Vec<MemberInfo> = g
            .iter()
            .map(|&i| MemberInfo {
                id: &docs[i].id,
                shingles: tables.set(i).len(),
                date: docs[i].date,
                wire_credit: docs[i].wire.as_deref(),
            })
            .collect();
        let c = g[dedup::canonical(&infos).unwrap_or(0)];
        let members = g
            .iter()
            .map(|&i| {
                let sim = dedup::similarity(tables.set(i), tables.set(c));
                MemberOut {
                    id: &docs[i].id,
                    input_id: &docs[i].label,
                    similarity: sim.jaccard,
                    contained: sim.a_in_b,
                }
            })
            .collect();
        outs.push(GroupOut {
            canonical: &docs[c].id,
            origin: dedup::origin(&infos),
            size: g.len(),
            members,
        });
    }
    outs.sort_by(|a, b| b.size.cmp(&a.size).then(a.canonical.cmp(b.canonical)));
    let embeds: Vec<LinkOut> = links
        .iter()
        .filter(|l| !l.kind.is_copy())
        .map(|l| LinkOut {
            kind: l.kind.as_str(),
            a: &docs[l.a].label,
            b: &docs[l.b].label,
            jaccard: l.sim.jaccard,
            a_in_b: l.sim.a_in_b,
            b_in_a: l.sim.b_in_a,
        })
        .collect();

    let secs = started.elapsed().as_secs_f64();
    let grouped: usize = groups.iter().map(Vec::len).sum();
    eprintln!(
        "storyline dedup: {} documents ({failed} failed), {} groups holding {} articles ({} independent sources), \
         {} candidate pairs, {} copy links, {} containment links; {:.2}s ({:.2}s reading and \
         fingerprinting), {:.0} docs/s",
        docs.len(),
        groups.len(),
        grouped,
        docs.len() - grouped + groups.len(),
        candidates,
        links.len() - embeds.len(),
        embeds.len(),
        secs,
        read_secs,
        docs.len() as f64 / secs.max(1e-9)
    );
    if args.json {
        json_lines(&outs)?;
        if args.links {
            json_lines(&embeds)?;
        }
    } else {
        let mut t = Table::new(vec!["SIZE", "ORIGIN", "MEMBER", "SIMILARITY"]);
        for o in &outs {
            for (i, m) in o.members.iter().enumerate() {
                let star = if m.id == o.canonical { " *" } else { "" };
                t.row(vec![
                    if i == 0 {
                        o.size.to_string()
                    } else {
                        String::new()
                    },
                    if i == 0 {
                        o.origin.clone().unwrap_or_else(|| "-".into())
                    } else {
                        String::new()
                    },
                    format!("{}{star}", truncate(m.input_id, 60)),
                    format!(
                        "{:.2} ({:.0}% in canonical)",
                        m.similarity,
                        m.contained * 100.0
                    ),
                ]);
            }
        }
        t.print()?;
        if args.links {
            let mut t = Table::new(vec!["CONTAINED", "IN", "SHARE"]);
            for l in &embeds {
                let (small, big, share) = if l.a_in_b >= l.b_in_a {
                    (l.a, l.b, l.a_in_b)
                } else {
                    (l.b, l.a, l.b_in_a)
                };
                t.row(vec![
                    truncate(small, 50),
                    truncate(big, 50),
                    format!("{:.0}%", share * 100.0),
                ]);
            }
            t.print()?;
        }
    }
    Ok(if failed > 0 {
        crate::exit::PARTIAL
    } else {
        crate::exit::OK
    })
}
