//! Locality-sensitive hashing over MinHash signatures: band keys, the
//! candidate pairs that share one, and exact duplicates (which alone stand
//! for their text in the index).

use super::judge::{Link, LinkKind, Similarity};
use super::{Fingerprint, BANDS, NUM_HASHES, ROWS};
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64_with_seed;

const BAND_SEED: u64 = 0x4241_4e44_5345_4544; // "BANDSEED"

/// Band keys of a signature.
pub fn band_keys(sig: &[u32; NUM_HASHES]) -> [u64; BANDS] {
    let mut keys = [0u64; BANDS];
    for (band, key) in keys.iter_mut().enumerate() {
        let mut bytes = [0u8; 4 * ROWS];
        for r in 0..ROWS {
            bytes[r * 4..r * 4 + 4].copy_from_slice(&sig[band * ROWS + r].to_le_bytes());
        }
        *key = xxh3_64_with_seed(&bytes, BAND_SEED ^ band as u64);
    }
    keys
}

/// How many members of one LSH bucket every other member is compared with
/// (see [`band_candidates`]); the store's look-ups use the same bound.
pub const BUCKET_ANCHORS: usize = 32;

/// Candidate pairs `(i, j)`, `i < j`, sorted and distinct: documents that
/// share a band key. `keys[i]` are document `i`'s band keys; `None` marks a
/// document left out (an exact duplicate already represented).
pub fn candidate_pairs(keys: &[Option<[u64; BANDS]>]) -> Vec<(u32, u32)> {
    let mut pairs: Vec<(u32, u32)> = (0..BANDS)
        .flat_map(|band| band_candidates(keys, band))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The candidate pairs of one band (not deduplicated across bands).
pub fn band_candidates(keys: &[Option<[u64; BANDS]>], band: usize) -> Vec<(u32, u32)> {
    let mut column: Vec<(u64, u32)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.map(|k| (k[band], i as u32)))
        .collect();
    bucket_pairs(&mut column)
}

/// The candidate pairs of one band's column of `(band key, document)`
/// entries (any order; sorted in place): within a bucket, every member is
/// paired with the bucket's first [`BUCKET_ANCHORS`] documents by index.
pub fn bucket_pairs<K: Ord + Copy>(column: &mut [(K, u32)]) -> Vec<(u32, u32)> {
    column.sort_unstable();
    let mut pairs = Vec::new();
    let mut start = 0;
    while start < column.len() {
        let mut end = start + 1;
        while end < column.len() && column[end].0 == column[start].0 {
            end += 1;
        }
        // A crowded bucket (templated texts: weather, market reports) would
        // make every member a candidate of every other. Copies share most of
        // their bands, so pairing each member with the bucket's first
        // BUCKET_ANCHORS members keeps every copy group connected while the
        // work stays linear in the bucket's size.
        let anchors = (end - start).min(BUCKET_ANCHORS);
        for x in start..start + anchors {
            for y in x + 1..end {
                let (p, q) = (column[x].1, column[y].1);
                pairs.push((p.min(q), p.max(q)));
            }
        }
        start = end;
    }
    pairs
}

/// Exact duplicates by text hash: each joins the first document with the
/// same normalised text, which alone stands for them in the LSH index.
/// Returns the exact links and, per document, whether it represents its
/// text (true also for documents with no duplicate; false for empty texts).
pub fn exact_duplicates(fingerprints: &[Fingerprint]) -> (Vec<Link>, Vec<bool>) {
    exact_duplicates_of(fingerprints.len(), |i| {
        (fingerprints[i].text_hash, &fingerprints[i].shingles[..])
    })
}

/// [`exact_duplicates`] over `n` documents whose (text hash, shingle set)
/// `get` gives.
pub fn exact_duplicates_of<'a>(
    n: usize,
    get: impl Fn(usize) -> (u64, &'a [u32]),
) -> (Vec<Link>, Vec<bool>) {
    let mut links = Vec::new();
    let mut first_of: HashMap<(u64, usize), usize> = HashMap::new();
    let mut represents = Vec::with_capacity(n);
    for i in 0..n {
        let (hash, shingles) = get(i);
        if shingles.is_empty() {
            represents.push(false);
            continue;
        }
        match first_of.get(&(hash, shingles.len())) {
            Some(&rep) if get(rep).1 == shingles => {
                links.push(Link {
                    a: rep,
                    b: i,
                    kind: LinkKind::Exact,
                    sim: Similarity {
                        jaccard: 1.0,
                        a_in_b: 1.0,
                        b_in_a: 1.0,
                    },
                });
                represents.push(false);
            }
            _ => {
                first_of.insert((hash, shingles.len()), i);
                represents.push(true);
            }
        }
    }
    (links, represents)
}
