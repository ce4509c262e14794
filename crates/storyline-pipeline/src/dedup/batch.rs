//! The in-memory batch engine behind `storyline dedup FILES...`: exact and
//! near-duplicates and syndication groups over a set of documents, without
//! a store. Documents come in chunks (fingerprinted in parallel, only the
//! fingerprints kept); [`BatchDedup::finish`] then runs the LSH bands, the
//! verification and the grouping in phases, and returns the groups and the
//! containment links. The same stages and the same verification as ingest;
//! deterministic whatever the number of threads.

use super::{
    bucket_pairs, canonical, exact_duplicates_of, groups, judge_sets, origin, similarity,
    DedupParams, Fingerprint, Link, MemberInfo, BANDS,
};
use crate::{article_id, build_article, PipelineError, Settings};
use rayon::prelude::*;
use serde::Serialize;
use storyline_model::{RawDocument, SourceFormat};

/// Bands hashed into candidate pairs per round: a close pair shares most
/// of the 42 bands, and keeping every repeat would multiply peak memory.
const BANDS_PER_ROUND: usize = 6;

/// A document that could not be fingerprinted.
#[derive(Debug, thiserror::Error)]
#[error("{locator}: {error}")]
pub struct DocumentError {
    /// Where the document came from: its file path, archive member or input locator.
    pub locator: String,
    /// Why it could not become an article.
    pub error: PipelineError,
}

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

/// A member of a group, measured against the group's canonical member.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupMember {
    /// The article id.
    pub id: String,
    /// The input's own id (JSON Lines `id`), else the file locator.
    pub input_id: String,
    /// Jaccard with the canonical member.
    pub similarity: f64,
    /// Share of the member's shingles found in the canonical member.
    pub contained: f64,
}

/// A syndication group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The article id of the canonical member (the most complete copy).
    pub canonical: String,
    /// The wire agency most members credit ("AFP"), if any does.
    pub origin: Option<String>,
    /// How many documents the group holds, the canonical one included.
    pub size: usize,
    /// Every member, the canonical one included, with its similarity to it.
    pub members: Vec<GroupMember>,
}

/// A link between two documents that are not copies (a longer text
/// embedding much of a shorter one), by input id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContainmentLink {
    /// The link kind's name ([`super::LinkKind::as_str`]): always "embeds", since copies are grouped instead.
    pub kind: &'static str,
    /// The first document's input id (JSON Lines `id`, else its locator).
    pub a: String,
    /// The second document's input id.
    pub b: String,
    /// Shingle Jaccard of the two texts, 0 to 1.
    pub jaccard: f64,
    /// Share of `a`'s shingles found in `b`, 0 to 1.
    pub a_in_b: f64,
    /// Share of `b`'s shingles found in `a`, 0 to 1.
    pub b_in_a: f64,
}

/// The result of a batch run.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchResult {
    /// Documents fingerprinted.
    pub documents: usize,
    /// Groups, largest first, then by canonical id.
    pub groups: Vec<Group>,
    /// Containment links, by document order.
    pub containment: Vec<ContainmentLink>,
    /// LSH candidate pairs verified.
    pub candidates: usize,
    /// Links between copies (exact, near, partial).
    pub copy_links: usize,
}

impl BatchResult {
    /// Articles in some group.
    pub fn grouped(&self) -> usize {
        self.groups.iter().map(|g| g.size).sum()
    }

    /// Independent sources: each group counts once, each ungrouped article once.
    pub fn independent_sources(&self) -> usize {
        self.documents - self.grouped() + self.groups.len()
    }
}

/// The batch engine: [`add`](Self::add) chunks of documents, then
/// [`finish`](Self::finish).
pub struct BatchDedup {
    params: DedupParams,
    settings: Settings,
    no_clean: bool,
    docs: Vec<Doc>,
    tables: Tables,
}

impl BatchDedup {
    /// `no_clean`: fingerprint text records (.txt, JSON Lines `text`) as
    /// they are, without decoding checks and chrome cleaning (HTML is still
    /// extracted).
    pub fn new(params: DedupParams, settings: Settings, no_clean: bool) -> Self {
        BatchDedup {
            params,
            settings,
            no_clean,
            docs: Vec::new(),
            tables: Tables::default(),
        }
    }

    /// Documents fingerprinted so far.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was fingerprinted yet.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Fingerprints a chunk of documents in parallel and keeps their
    /// fingerprints in input order; returns the documents that failed.
    pub fn add(&mut self, chunk: &[RawDocument]) -> Vec<DocumentError> {
        let out: Vec<Result<Analysed, DocumentError>> =
            chunk.par_iter().map(|raw| self.analyse(raw)).collect();
        let mut failed = Vec::new();
        for r in out {
            match r {
                Ok(a) => {
                    self.tables.push(&a.fp, &a.keys);
                    self.docs.push(a.doc);
                }
                Err(e) => failed.push(e),
            }
        }
        failed
    }

    fn analyse(&self, raw: &RawDocument) -> Result<Analysed, DocumentError> {
        let label: Box<str> = raw.meta.id.as_deref().unwrap_or(&raw.locator).into();
        let (doc, fp) = if self.no_clean && raw.format == SourceFormat::Text {
            let text = String::from_utf8_lossy(&raw.body);
            let doc = Doc {
                label,
                id: article_id(&raw.locator, &text).0.into(),
                date: None,
                wire: None,
            };
            (doc, Fingerprint::of(&text))
        } else {
            let a = build_article(raw, &self.settings).map_err(|error| DocumentError {
                locator: raw.locator.clone(),
                error,
            })?;
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
    }

    /// Links, groups and containment links of every document added.
    pub fn finish(mut self) -> BatchResult {
        let n = self.docs.len();
        let (mut links, represents) = exact_duplicates_of(n, |i| self.tables.fp(i));
        let pairs = self.candidate_pairs(&represents);
        let candidates = pairs.len();
        links.extend(self.verify(pairs));
        links.sort_by_key(|l| (l.a, l.b));
        let groups = self.groups(&links);
        let containment: Vec<ContainmentLink> = links
            .iter()
            .filter(|l| !l.kind.is_copy())
            .map(|l| ContainmentLink {
                kind: l.kind.as_str(),
                a: self.docs[l.a].label.to_string(),
                b: self.docs[l.b].label.to_string(),
                jaccard: l.sim.jaccard,
                a_in_b: l.sim.a_in_b,
                b_in_a: l.sim.b_in_a,
            })
            .collect();
        BatchResult {
            documents: n,
            groups,
            copy_links: links.len() - containment.len(),
            containment,
            candidates,
        }
    }

    /// Candidate pairs of the documents that represent their text, sorted
    /// and distinct: bands a few at a time, deduplicating as we go. Frees
    /// the band keys.
    fn candidate_pairs(&mut self, represents: &[bool]) -> Vec<(u32, u32)> {
        let n = self.docs.len();
        let tables = &self.tables;
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for bands in (0..BANDS).collect::<Vec<_>>().chunks(BANDS_PER_ROUND) {
            let more: Vec<(u32, u32)> = bands
                .par_iter()
                .flat_map_iter(|&band| {
                    let mut column: Vec<(u32, u32)> = (0..n)
                        .filter(|&i| represents[i])
                        .map(|i| (tables.keys[i][band], i as u32))
                        .collect();
                    bucket_pairs(&mut column)
                })
                .collect();
            pairs.extend(more);
            pairs.par_sort_unstable();
            pairs.dedup();
        }
        self.tables.keys = Vec::new();
        pairs.shrink_to_fit();
        pairs
    }

    /// The candidate pairs that the verification on the real shingle sets
    /// links.
    fn verify(&self, pairs: Vec<(u32, u32)>) -> Vec<Link> {
        pairs
            .par_iter()
            .filter_map(|&(i, j)| {
                let (i, j) = (i as usize, j as usize);
                judge_sets(self.tables.fp(i), self.tables.fp(j), &self.params).map(|(kind, sim)| {
                    Link {
                        a: i,
                        b: j,
                        kind,
                        sim,
                    }
                })
            })
            .collect()
    }

    /// The groups of the copy links, each with its canonical member and
    /// origin; largest first, then by canonical id.
    fn groups(&self, links: &[Link]) -> Vec<Group> {
        let (docs, tables) = (&self.docs, &self.tables);
        let mut outs: Vec<Group> = groups(docs.len(), links)
            .iter()
            .map(|g| {
                let infos: Vec<MemberInfo> = g
                    .iter()
                    .map(|&i| MemberInfo {
                        id: &docs[i].id,
                        shingles: tables.set(i).len(),
                        date: docs[i].date,
                        wire_credit: docs[i].wire.as_deref(),
                    })
                    .collect();
                let c = g[canonical(&infos).unwrap_or(0)];
                let members = g
                    .iter()
                    .map(|&i| {
                        let sim = similarity(tables.set(i), tables.set(c));
                        GroupMember {
                            id: docs[i].id.to_string(),
                            input_id: docs[i].label.to_string(),
                            similarity: sim.jaccard,
                            contained: sim.a_in_b,
                        }
                    })
                    .collect();
                Group {
                    canonical: docs[c].id.to_string(),
                    origin: origin(&infos),
                    size: g.len(),
                    members,
                }
            })
            .collect();
        outs.sort_by(|a, b| b.size.cmp(&a.size).then(a.canonical.cmp(&b.canonical)));
        outs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::StatedMeta;

    fn text(locator: &str, id: &str, body: &str) -> RawDocument {
        RawDocument {
            locator: locator.into(),
            format: SourceFormat::Text,
            body: body.as_bytes().to_vec(),
            declared_charset: None,
            raw_sha256: String::new(),
            meta: StatedMeta {
                id: Some(id.into()),
                ..StatedMeta::default()
            },
        }
    }

    fn story(seed: usize, sentences: usize) -> String {
        (0..sentences)
            .map(|s| {
                let words: Vec<String> = (0..12)
                    .map(|w| format!("w{seed}x{}", (s * 12 + w) * 7919 % 10007))
                    .collect();
                format!("{}.", words.join(" "))
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    fn run(docs: &[RawDocument], chunk: usize) -> BatchResult {
        let mut engine = BatchDedup::new(DedupParams::default(), Settings::default(), true);
        for c in docs.chunks(chunk) {
            assert!(engine.add(c).is_empty());
        }
        engine.finish()
    }

    #[test]
    fn copies_group_and_a_cut_copy_is_measured_against_the_canonical() {
        let full = story(1, 10);
        let cut: String = full.split("\n\n").take(8).collect::<Vec<_>>().join("\n\n");
        let docs = vec![
            text("a.txt", "original", &full),
            text("b.txt", "other", &story(2, 10)),
            text("c.txt", "exact", &full),
            text("d.txt", "cut", &cut),
        ];
        let r = run(&docs, 4);
        assert_eq!(r.documents, 4);
        assert_eq!(r.groups.len(), 1);
        let g = &r.groups[0];
        assert_eq!(g.size, 3);
        let mut inputs: Vec<&str> = g.members.iter().map(|m| m.input_id.as_str()).collect();
        inputs.sort_unstable();
        assert_eq!(inputs, ["cut", "exact", "original"]);
        let cut = g.members.iter().find(|m| m.input_id == "cut").unwrap();
        assert_eq!(cut.contained, 1.0);
        assert!(cut.similarity < 1.0);
        assert_eq!(r.independent_sources(), 2);
        assert!(r.containment.is_empty());
    }

    #[test]
    fn the_result_does_not_depend_on_the_chunk_size() {
        let docs: Vec<RawDocument> = (0..12)
            .map(|i| text(&format!("{i}.txt"), &i.to_string(), &story(i % 5, 6)))
            .collect();
        let one = run(&docs, 1);
        assert_eq!(one, run(&docs, 5));
        assert_eq!(one, run(&docs, 12));
        // Seeds 0..5 over 12 documents: five groups of two or three copies.
        assert_eq!(one.groups.len(), 5);
        assert_eq!(one.grouped(), 12);
    }
}
