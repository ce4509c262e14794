//! Exact and near-duplicate detection, containment, and syndication groups.
//!
//! Everything here is pure and deterministic: the hash functions use fixed
//! seeds, so the same texts always give the same fingerprints, band keys,
//! links and groups, whatever order the articles arrive in.
//!
//! The method:
//! 1. **Normalise** the clean text into lowercase word tokens (runs of
//!    letters and digits; punctuation, quotes and spacing do not count).
//! 2. **Exact duplicates** share the hash of that token stream
//!    ([`Fingerprint::text_hash`]).
//! 3. **Shingles**: every window of [`SHINGLE_WORDS`] tokens of the body
//!    lines (sentences, long lines and rows of figures; not headlines,
//!    related-headline lists or form labels), hashed to 32
//!    bits (xxh3), kept as a sorted set. Those sets are what the verification
//!    compares: the reported Jaccard and containment are real, not estimates.
//! 4. **MinHash** with [`NUM_HASHES`] multiply-add-shift permutations of the
//!    shingle hashes, cut into [`BANDS`] bands of [`ROWS`] rows (**LSH**).
//!    Two articles sharing one band key are a *candidate* pair. With 3 rows a
//!    pair at Jaccard 0.4 becomes a candidate with probability 0.94, at 0.5
//!    with 0.996: the banding is deliberately generous, because truncated and
//!    wrapped copies have a low Jaccard but a high containment, and the
//!    verification removes every false candidate.
//! 5. **Verification** ([`judge()`]) on the real shingle sets decides the link:
//!    exact, near (Jaccard), partial copy (one contains most of the other and
//!    they are of comparable length, or one is nearly wholly in the other at
//!    40% of its length or more: a first take or cut version), or mere embedding (a longer text that
//!    carries much of a shorter one: linked, not grouped).
//! 6. **Groups** are the connected components of the copy links (union-find),
//!    so they do not depend on the order links were found in. The canonical
//!    member is the first in a total order (most shingles, then earliest
//!    known date, then smallest id), and the origin is the wire credit most
//!    members carry.
//!
//! The modules: [`fingerprint`] (tokens, shingles, MinHash), [`lsh`] (band
//! keys, candidate pairs, exact duplicates), [`judge`](mod@judge) (similarity and the
//! link decision), [`groups`](mod@groups) (union-find, canonical member,
//! origin) and [`batch`] (the in-memory engine `storyline dedup` runs over
//! files).

pub mod batch;
pub mod fingerprint;
pub mod groups;
pub mod judge;
pub mod lsh;

pub use fingerprint::{minhash, minhash_reference, tokens, Fingerprint};
pub use groups::{canonical, groups, origin, MemberInfo, UnionFind};
pub use judge::{judge, judge_sets, similarity, Link, LinkKind, Similarity};
pub use lsh::{
    band_candidates, band_keys, bucket_pairs, candidate_pairs, exact_duplicates,
    exact_duplicates_of, BUCKET_ANCHORS,
};

use serde::{Deserialize, Serialize};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Lines with fewer words than this are not shingled (see [`Fingerprint::of`]).
pub const BODY_LINE_WORDS: usize = 8;
/// Lines of at least this many words are body text whatever their ending.
pub const PROSE_LINE_WORDS: usize = 20;
/// Below this many words in body lines, every line is shingled.
pub const MIN_BODY_WORDS: usize = 25;
/// LSH bands.
pub const BANDS: usize = 42;
/// MinHash values per band.
pub const ROWS: usize = 3;
/// MinHash values per signature.
pub const NUM_HASHES: usize = BANDS * ROWS;

/// Thresholds of the verification step.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DedupParams {
    /// Shingle Jaccard at or above which two articles are near-duplicates.
    pub jaccard: f64,
    /// Share of the shorter article's shingles found in the longer one at or
    /// above which the shorter is a (cut) copy, provided the lengths are
    /// comparable (see `copy_length_ratio`).
    pub copy_containment: f64,
    /// Shorter/longer shingle count at or above which a contained article
    /// counts as a copy rather than as material embedded in a longer text.
    pub copy_length_ratio: f64,
    /// Share of the shorter found in the longer at or above which the shorter
    /// is a truncated copy (a first take, a cut version) even when it is
    /// shorter than `copy_length_ratio` allows, down to `full_length_ratio`.
    pub full_containment: f64,
    /// Shorter/longer shingle count at or above which a (nearly) wholly
    /// contained text is a truncated copy rather than quoted material.
    pub full_length_ratio: f64,
    /// Containment at or above which a link is recorded even when the two
    /// are not copies (a rewrite built on wire paragraphs).
    pub embed_containment: f64,
    /// Fewer shingles than this: only exact duplicates are reported (a
    /// two-line brief shares too little to call it a copy of anything).
    pub min_shingles: usize,
}

impl Default for DedupParams {
    fn default() -> Self {
        DedupParams {
            jaccard: 0.5,
            copy_containment: 0.8,
            copy_length_ratio: 0.5,
            full_containment: 0.9,
            full_length_ratio: 0.4,
            embed_containment: 0.5,
            min_shingles: 8,
        }
    }
}

/// Every verified link among `fingerprints`: exact duplicates by text hash,
/// the rest from LSH candidates. Sorted by `(a, b)`.
pub fn find_links(fingerprints: &[Fingerprint], params: &DedupParams) -> Vec<Link> {
    let (mut links, represents) = exact_duplicates(fingerprints);
    let keys: Vec<Option<[u64; BANDS]>> = fingerprints
        .iter()
        .zip(&represents)
        .map(|(fp, &r)| r.then(|| fp.band_keys()))
        .collect();
    for (i, j) in candidate_pairs(&keys) {
        let (i, j) = (i as usize, j as usize);
        if let Some((kind, sim)) = judge(&fingerprints[i], &fingerprints[j], params) {
            links.push(Link {
                a: i,
                b: j,
                kind,
                sim,
            });
        }
    }
    links.sort_by_key(|x| (x.a, x.b));
    links
}

#[cfg(test)]
mod tests;
