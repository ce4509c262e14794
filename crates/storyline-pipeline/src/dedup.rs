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
//! 5. **Verification** ([`judge`]) on the real shingle sets decides the link:
//!    exact, near (Jaccard), partial copy (one contains most of the other and
//!    they are of comparable length, or one is nearly wholly in the other at
//!    40% of its length or more: a first take or cut version), or mere embedding (a longer text that
//!    carries much of a shorter one: linked, not grouped).
//! 6. **Groups** are the connected components of the copy links (union-find),
//!    so they do not depend on the order links were found in. The canonical
//!    member is the first in a total order (most shingles, then earliest
//!    known date, then smallest id), and the origin is the wire credit most
//!    members carry.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

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

/// Seed of the shingle hash (fixed: fingerprints must be the same on every run
/// and every machine, since they are stored).
const SHINGLE_SEED: u64 = 0x5354_4f52_594c_494e; // "STORYLIN"
const BAND_SEED: u64 = 0x4241_4e44_5345_4544; // "BANDSEED"

/// SplitMix64, the standard generator for deriving well-spread constants from
/// one seed. Written by hand because it must be a `const fn` (the permutation
/// table is computed at compile time) and is four lines.
const fn splitmix64(state: u64) -> (u64, u64) {
    let s = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = s;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (s, z ^ (z >> 31))
}

/// Multiply-add-shift permutations `h(x) = (a*x + b) >> 32` for 32-bit keys
/// (Dietzfelbinger's 2-universal family), `a` odd. Fixed at compile time.
const PERMUTATIONS: ([u64; NUM_HASHES], [u64; NUM_HASHES]) = {
    let mut a = [0u64; NUM_HASHES];
    let mut b = [0u64; NUM_HASHES];
    let mut state = 0x4d49_4e48_4153_4821; // "MINHASH!"
    let mut i = 0;
    while i < NUM_HASHES {
        let (s, x) = splitmix64(state);
        let (s, y) = splitmix64(s);
        state = s;
        a[i] = x | 1;
        b[i] = y;
        i += 1;
    }
    (a, b)
};

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

/// What one article's text looks like to the deduplicator.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fingerprint {
    /// xxh3 of the normalised token stream: equal for exact duplicates.
    pub text_hash: u64,
    /// Sorted, distinct 32-bit shingle hashes.
    pub shingles: Vec<u32>,
}

/// Lowercase word tokens of `text`: maximal runs of alphanumeric characters.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| {
            if t.is_ascii() {
                t.to_ascii_lowercase()
            } else {
                t.to_lowercase()
            }
        })
}

/// Byte classes for the ASCII tokenizer in [`Fingerprint::of`]: 0 for a
/// separator, [`DIGIT`] for a digit, [`LOWER`] for a lowercase letter, and
/// `LOWER | UPPER` for an uppercase one (`UPPER` is the 0x20 bit that ORed
/// into an ASCII capital gives its lowercase letter).
const DIGIT: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 0x20;
const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            LOWER | UPPER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Calls `each` with every token of `line` as [`tokens`] gives it, as bytes,
/// without allocating for the common case (ASCII words).
fn for_each_token(line: &str, lower: &mut Vec<u8>, mut each: impl FnMut(&[u8])) {
    if line.is_ascii() {
        for t in line
            .as_bytes()
            .split(|b| !b.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
        {
            if t.iter().any(u8::is_ascii_uppercase) {
                lower.clear();
                lower.extend(t.iter().map(u8::to_ascii_lowercase));
                each(lower);
            } else {
                each(t);
            }
        }
    } else {
        for t in tokens(line) {
            each(t.as_bytes());
        }
    }
}

impl Fingerprint {
    /// The fingerprint of a clean article text.
    ///
    /// The shingles come from the text's body lines: lines of fewer than
    /// [`BODY_LINE_WORDS`] words (headlines, bylines, menus, captions, link
    /// lists: what sites change when they run a story) are left out, unless
    /// that would leave less than [`MIN_BODY_WORDS`] words, as in a table of
    /// figures. The text hash covers every word.
    pub fn of(text: &str) -> Fingerprint {
        let mut stream = Vec::with_capacity(text.len());
        let mut all: Vec<u64> = Vec::with_capacity(text.len() / 5);
        let mut body: Vec<u64> = Vec::with_capacity(text.len() / 5);
        let mut lower = Vec::new();
        for line in text.lines() {
            let start = all.len();
            let mut digits = 0;
            if line.is_ascii() {
                // The common case in one pass over the bytes: each token is
                // written lowercased straight into the stream and hashed there
                // (the same tokens as `for_each_token`, without a second pass
                // to lowercase).
                let b = line.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    if ASCII_CLASS[usize::from(b[i])] == 0 {
                        i += 1;
                        continue;
                    }
                    if !stream.is_empty() {
                        stream.push(b' ');
                    }
                    let from = stream.len();
                    let mut digit = false;
                    while let Some(&c) = b.get(i) {
                        let class = ASCII_CLASS[usize::from(c)];
                        if class == 0 {
                            break;
                        }
                        digit |= class == DIGIT;
                        stream.push(c | (class & UPPER));
                        i += 1;
                    }
                    digits += usize::from(digit);
                    all.push(xxh3_64(&stream[from..]));
                }
            } else {
                for_each_token(line, &mut lower, |t| {
                    if t.iter().any(u8::is_ascii_digit) {
                        digits += 1;
                    }
                    if !stream.is_empty() {
                        stream.push(b' ');
                    }
                    stream.extend_from_slice(t);
                    all.push(xxh3_64(t));
                });
            }
            if is_body_line(line, &all[start..], digits) {
                body.extend_from_slice(&all[start..]);
            }
        }
        let text_hash = xxh3_64(&stream);
        let words = if body.len() >= MIN_BODY_WORDS {
            &body
        } else {
            &all
        };
        let mut shingles: Vec<u32> = if words.is_empty() {
            Vec::new()
        } else if words.len() < SHINGLE_WORDS {
            vec![shingle_hash(words)]
        } else {
            words.windows(SHINGLE_WORDS).map(shingle_hash).collect()
        };
        shingles.sort_unstable();
        shingles.dedup();
        shingles.shrink_to_fit();
        Fingerprint {
            text_hash,
            shingles,
        }
    }

    /// The MinHash signature of the shingle set.
    pub fn signature(&self) -> [u32; NUM_HASHES] {
        minhash(&self.shingles)
    }

    /// The LSH band keys of the signature (one per band, the band's number
    /// mixed in so equal rows in different bands do not collide).
    pub fn band_keys(&self) -> [u64; BANDS] {
        band_keys(&self.signature())
    }
}

/// Whether a line is body text worth shingling: at least [`BODY_LINE_WORDS`]
/// words, and either a long line ([`PROSE_LINE_WORDS`]), a sentence (it ends
/// in terminal punctuation) or a row of figures (two numbers or more).
/// Headlines, related-headline lists, truncated teasers and form labels are
/// medium-length lines that end in none of these: sites add and change them
/// when they run a story, so they say nothing about whether two texts are
/// copies.
fn is_body_line(line: &str, words: &[u64], digits: usize) -> bool {
    if words.len() < BODY_LINE_WORDS {
        return false;
    }
    if words.len() >= PROSE_LINE_WORDS || (digits >= 2 && 3 * digits >= words.len()) {
        return true;
    }
    let end = line.trim_end().trim_end_matches(|c: char| {
        matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | '\u{bb}')
    });
    end.ends_with(['.', '!', '?', '\u{2026}'])
}

fn shingle_hash(window: &[u64]) -> u32 {
    let mut bytes = [0u8; 8 * SHINGLE_WORDS];
    for (i, h) in window.iter().enumerate().take(SHINGLE_WORDS) {
        bytes[i * 8..i * 8 + 8].copy_from_slice(&h.to_le_bytes());
    }
    (xxh3_64_with_seed(&bytes[..window.len().min(SHINGLE_WORDS) * 8], SHINGLE_SEED) >> 32) as u32
}

/// MinHash of a shingle set; all `u32::MAX` for an empty set.
///
/// The same values on every machine; where the processor has AVX2 the
/// permutations run eight at a time (see [`minhash_split`]).
pub fn minhash(shingles: &[u32]) -> [u32; NUM_HASHES] {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { minhash_avx2(shingles) };
        }
    }
    minhash_split(shingles)
}

/// MinHash by the definition: `(a*x + b) >> 32` in 64-bit arithmetic.
pub fn minhash_reference(shingles: &[u32]) -> [u32; NUM_HASHES] {
    let (a, b) = &PERMUTATIONS;
    let mut sig = [u32::MAX; NUM_HASHES];
    for &s in shingles {
        let x = s as u64;
        for i in 0..NUM_HASHES {
            let v = (a[i].wrapping_mul(x).wrapping_add(b[i]) >> 32) as u32;
            sig[i] = sig[i].min(v);
        }
    }
    sig
}

/// The permutation constants split into 32-bit halves: `a = ah*2^32 + al`,
/// `b = bh*2^32 + bl`.
struct SplitPermutations {
    al: [u32; NUM_HASHES],
    ah: [u32; NUM_HASHES],
    bl: [u32; NUM_HASHES],
    bh: [u32; NUM_HASHES],
}

const SPLIT: SplitPermutations = {
    let (a, b) = PERMUTATIONS;
    let mut s = SplitPermutations {
        al: [0; NUM_HASHES],
        ah: [0; NUM_HASHES],
        bl: [0; NUM_HASHES],
        bh: [0; NUM_HASHES],
    };
    let mut i = 0;
    while i < NUM_HASHES {
        s.al[i] = a[i] as u32;
        s.ah[i] = (a[i] >> 32) as u32;
        s.bl[i] = b[i] as u32;
        s.bh[i] = (b[i] >> 32) as u32;
        i += 1;
    }
    s
};

/// The same values as [`minhash_reference`] in 32-bit lanes, which compilers
/// turn into vector code: for `x < 2^32`,
/// `((a*x + b) mod 2^64) >> 32 = ah*x + bh + ((al*x + bl) >> 32)  (mod 2^32)`,
/// since `al*x + bl < 2^64` cannot overflow.
#[inline(always)]
fn minhash_split(shingles: &[u32]) -> [u32; NUM_HASHES] {
    let p = &SPLIT;
    let mut sig = [u32::MAX; NUM_HASHES];
    for &x in shingles {
        for (i, m) in sig.iter_mut().enumerate() {
            let carry = ((p.al[i] as u64 * x as u64 + p.bl[i] as u64) >> 32) as u32;
            let v = p.ah[i]
                .wrapping_mul(x)
                .wrapping_add(p.bh[i])
                .wrapping_add(carry);
            *m = (*m).min(v);
        }
    }
    sig
}

/// Permutations padded to whole blocks of eight (the padding's values are
/// computed and dropped).
#[cfg(target_arch = "x86_64")]
const PADDED: usize = NUM_HASHES.div_ceil(8) * 8;

#[cfg(target_arch = "x86_64")]
const fn padded(a: &[u32; NUM_HASHES]) -> [u32; PADDED] {
    let mut out = [0u32; PADDED];
    let mut i = 0;
    while i < NUM_HASHES {
        out[i] = a[i];
        i += 1;
    }
    out
}

#[cfg(target_arch = "x86_64")]
const SPLIT_PADDED: [[u32; PADDED]; 4] = [
    padded(&SPLIT.al),
    padded(&SPLIT.ah),
    padded(&SPLIT.bl),
    padded(&SPLIT.bh),
];

/// [`minhash_split`] with AVX2 intrinsics, eight permutations at a time: for
/// each block of eight, the constants stay in registers while every shingle
/// passes. Written by hand because the compiler's own vectorisation of the
/// split arithmetic widens to four 64-bit lanes and reloads the constants
/// (about 2.5x the instructions).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn minhash_avx2(shingles: &[u32]) -> [u32; NUM_HASHES] {
    use std::arch::x86_64::*;
    let [al_all, ah_all, bl_all, bh_all] = &SPLIT_PADDED;
    let mut out = [u32::MAX; PADDED];
    let lo_half = _mm256_set1_epi64x(0xFFFF_FFFF);
    let hi_half = _mm256_set1_epi64x(0xFFFF_FFFF_0000_0000_u64 as i64);
    let mut at = 0;
    while at < PADDED {
        // SAFETY (all loads and stores): `at + 8 <= PADDED`, the length of
        // every array read or written; unaligned loads and stores are used.
        let al = _mm256_loadu_si256(al_all.as_ptr().add(at) as *const __m256i);
        let ah = _mm256_loadu_si256(ah_all.as_ptr().add(at) as *const __m256i);
        let bl = _mm256_loadu_si256(bl_all.as_ptr().add(at) as *const __m256i);
        let bh = _mm256_loadu_si256(bh_all.as_ptr().add(at) as *const __m256i);
        // Even lanes sit in the low half of each 64-bit lane, odd lanes in
        // the high half: `_mm256_mul_epu32` multiplies the low halves.
        let al_odd = _mm256_srli_epi64::<32>(al);
        let bl_even = _mm256_and_si256(bl, lo_half);
        let bl_odd = _mm256_srli_epi64::<32>(bl);
        let mut sig = _mm256_set1_epi32(-1);
        for &x in shingles {
            let xv = _mm256_set1_epi32(x as i32);
            // (al*x + bl) >> 32 for the even lanes, into the low halves...
            let even = _mm256_srli_epi64::<32>(_mm256_add_epi64(_mm256_mul_epu32(al, xv), bl_even));
            // ... and for the odd lanes, into the high halves.
            let odd = _mm256_and_si256(
                _mm256_add_epi64(_mm256_mul_epu32(al_odd, xv), bl_odd),
                hi_half,
            );
            let carry = _mm256_or_si256(even, odd);
            let v = _mm256_add_epi32(_mm256_add_epi32(_mm256_mullo_epi32(ah, xv), bh), carry);
            sig = _mm256_min_epu32(sig, v);
        }
        _mm256_storeu_si256(out.as_mut_ptr().add(at) as *mut __m256i, sig);
        at += 8;
    }
    let mut sig = [0u32; NUM_HASHES];
    sig.copy_from_slice(&out[..NUM_HASHES]);
    sig
}

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

/// The measured overlap of two shingle sets.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Similarity {
    /// |A ∩ B| / |A ∪ B|.
    pub jaccard: f64,
    /// |A ∩ B| / |A|: the share of A's text found in B.
    pub a_in_b: f64,
    /// |A ∩ B| / |B|: the share of B's text found in A.
    pub b_in_a: f64,
}

/// Real Jaccard and containment of two sorted, distinct shingle sets.
pub fn similarity(a: &[u32], b: &[u32]) -> Similarity {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    Similarity {
        jaccard: ratio(common, union),
        a_in_b: ratio(common, a.len()),
        b_in_a: ratio(common, b.len()),
    }
}

/// How two articles relate, after verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// The same normalised text.
    Exact,
    /// Near-duplicates: shingle Jaccard at or above the threshold.
    Near,
    /// One is a cut or extended copy of the other: most of the shorter is in
    /// the longer and their lengths are comparable.
    Partial,
    /// The longer embeds much of the shorter but is a different text
    /// (linked with the share, not grouped).
    Embeds,
}

impl LinkKind {
    /// True for the links that make two articles one syndication group.
    pub fn is_copy(self) -> bool {
        !matches!(self, LinkKind::Embeds)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Exact => "exact",
            LinkKind::Near => "near",
            LinkKind::Partial => "partial",
            LinkKind::Embeds => "embeds",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "exact" => LinkKind::Exact,
            "near" => LinkKind::Near,
            "partial" => LinkKind::Partial,
            "embeds" => LinkKind::Embeds,
            _ => return None,
        })
    }
}

/// Verification of a candidate pair: the link between them, if any, with
/// the measured similarity.
pub fn judge(
    a: &Fingerprint,
    b: &Fingerprint,
    params: &DedupParams,
) -> Option<(LinkKind, Similarity)> {
    judge_sets(
        (a.text_hash, &a.shingles),
        (b.text_hash, &b.shingles),
        params,
    )
}

/// [`judge`] on a fingerprint's parts (text hash, shingle set), for callers
/// that keep the shingle sets of many articles in one flat array.
pub fn judge_sets(
    (a_hash, a): (u64, &[u32]),
    (b_hash, b): (u64, &[u32]),
    params: &DedupParams,
) -> Option<(LinkKind, Similarity)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let sim = similarity(a, b);
    if a_hash == b_hash && a == b {
        return Some((LinkKind::Exact, sim));
    }
    if a.len().min(b.len()) < params.min_shingles {
        return None;
    }
    if sim.jaccard >= params.jaccard {
        return Some((LinkKind::Near, sim));
    }
    let (short, long) = (a.len().min(b.len()), a.len().max(b.len()));
    let contained = sim.a_in_b.max(sim.b_in_a);
    let ratio = short as f64 / long as f64;
    if (contained >= params.copy_containment && ratio >= params.copy_length_ratio)
        || (contained >= params.full_containment && ratio >= params.full_length_ratio)
    {
        return Some((LinkKind::Partial, sim));
    }
    if contained >= params.embed_containment {
        return Some((LinkKind::Embeds, sim));
    }
    None
}

/// Union-find over `n` items (path halving, union by smaller root index so the
/// result does not depend on the order of unions).
#[derive(Clone, Debug)]
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }

    /// The components with at least two items, each sorted, in order of
    /// their smallest item.
    pub fn groups(&mut self) -> Vec<Vec<usize>> {
        let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for x in 0..self.parent.len() {
            let r = self.find(x);
            by_root.entry(r).or_default().push(x);
        }
        by_root.into_values().filter(|g| g.len() > 1).collect()
    }
}

/// What the canonical-member choice needs to know about a member.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberInfo<'a> {
    pub id: &'a str,
    pub shingles: usize,
    pub date: Option<NaiveDate>,
    pub wire_credit: Option<&'a str>,
}

/// The index of the canonical member: the most complete copy (most
/// shingles), then the earliest known date, then the smallest id. A total
/// order, so the choice does not depend on the order of `members`.
pub fn canonical(members: &[MemberInfo]) -> Option<usize> {
    (0..members.len()).min_by(|&i, &j| {
        let (a, b) = (&members[i], &members[j]);
        b.shingles
            .cmp(&a.shingles)
            .then_with(|| match (a.date, b.date) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.id.cmp(b.id))
    })
}

/// The group's origin: the wire credit most members carry (ties to the
/// alphabetically first), or `None` when no member credits one.
pub fn origin(members: &[MemberInfo]) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for m in members {
        if let Some(w) = m.wire_credit.map(str::trim).filter(|w| !w.is_empty()) {
            *counts.entry(w.to_string()).or_default() += 1;
        }
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(w, _)| w)
}

/// A verified link between two documents of an in-memory run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Link {
    pub a: usize,
    pub b: usize,
    pub kind: LinkKind,
    pub sim: Similarity,
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

/// The syndication groups (components of copy links) of `n` documents.
pub fn groups(n: usize, links: &[Link]) -> Vec<Vec<usize>> {
    let mut uf = UnionFind::new(n);
    for l in links.iter().filter(|l| l.kind.is_copy()) {
        uf.union(l.a, l.b);
    }
    uf.groups()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(seed: usize, words: usize) -> String {
        // Distinct pseudo-words per seed so paragraphs do not overlap.
        (0..words)
            .map(|w| format!("w{}x{}", seed, (w * 7919 + seed * 31) % 10007))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn doc(paras: &[usize]) -> String {
        paras
            .iter()
            .map(|&p| para(p, 40))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    #[test]
    fn regression_crowded_buckets_stay_linear() {
        // 2,000 documents in one bucket of every band: each is paired with
        // the bucket's anchors only, not with all 1,999 others.
        let keys: Vec<Option<[u64; BANDS]>> = (0..2000).map(|_| Some([7; BANDS])).collect();
        let pairs = candidate_pairs(&keys);
        assert!(pairs.len() < 2000 * BUCKET_ANCHORS, "{}", pairs.len());
        // Every document still meets at least one anchor.
        let mut seen = vec![false; 2000];
        for (a, b) in &pairs {
            seen[*a as usize] = true;
            seen[*b as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn punctuation_case_and_spacing_do_not_change_the_text_hash() {
        let a = Fingerprint::of("The head of Syria's alliance called on rebels, Tuesday.");
        let b = Fingerprint::of("the HEAD of Syria’s alliance\n\ncalled on rebels Tuesday");
        assert_eq!(a.text_hash, b.text_hash);
        assert_eq!(a.shingles, b.shingles);
        assert_ne!(a.text_hash, Fingerprint::of("the head of Syria").text_hash);
    }

    #[test]
    fn band_keys_ignore_case_and_punctuation() {
        let fp = Fingerprint::of("one two three four five six");
        assert_eq!(fp.shingles.len(), 2);
        assert_eq!(
            fp.band_keys(),
            Fingerprint::of("One two, three four five six.").band_keys()
        );
    }

    #[test]
    fn short_lines_that_sites_change_are_not_shingled() {
        let body = doc(&[1, 2, 3]);
        let plain = Fingerprint::of(&body);
        let wrapped = Fingerprint::of(&format!(
            "Home | World | Business\nThe Evening Paper\nRebels urged to unite\n\n{body}\n\nRelated:\nOther news today"
        ));
        assert_eq!(plain.shingles, wrapped.shingles);
        assert_ne!(plain.text_hash, wrapped.text_hash);
        // A text made only of short lines (a table of figures) is still shingled.
        let table = Fingerprint::of(
            "Shr 10 cts vs 12 cts\nNet 1,000 vs 2,000\nRevs 5 mln vs 6 mln\nAvg shrs 3 mln",
        );
        assert!(table.shingles.len() > 5);
    }

    #[test]
    fn regression_related_headlines_of_eight_words_or_more_are_not_shingled() {
        let body = doc(&[1, 2, 3]);
        let plain = Fingerprint::of(&body);
        let wrapped = Fingerprint::of(&format!(
            "UPDATE: Rebels Urged To Unite As Talks Resume In The Capital\n\n{body}\n\n\
             Related:\nSeptember 30, 2010 - 1:46 PM | by: Staff Across the Gulf of Mexico, from the\n\
             Malaria is more deadly than swine flu, experts warn in a new report\n\
             Your email address will not be published. Required fields are marked *"
        ));
        assert_eq!(plain.shingles, wrapped.shingles);
        // A sentence of the same length is body text, and so is a row of figures.
        let sentence = Fingerprint::of(&format!(
            "{body}\nThe talks resume in the capital next week."
        ));
        assert!(sentence.shingles.len() > plain.shingles.len());
        let figures = Fingerprint::of(&format!(
            "{body}\nNet loss 9,883,000 vs loss 2,744,000 last year"
        ));
        assert!(figures.shingles.len() > plain.shingles.len());
    }

    #[test]
    fn fast_minhash_equals_the_definition() {
        // Stored band keys must not depend on the processor: the vector path
        // gives exactly the values of the 64-bit definition.
        let mut state = 1u64;
        let shingles: Vec<u32> = (0..500)
            .map(|_| {
                let (s, x) = splitmix64(state);
                state = s;
                x as u32
            })
            .chain([0, 1, u32::MAX])
            .collect();
        assert_eq!(minhash(&shingles), minhash_reference(&shingles));
        assert_eq!(minhash_split(&shingles), minhash_reference(&shingles));
        assert_eq!(minhash(&[]), [u32::MAX; NUM_HASHES]);
    }

    #[test]
    fn tokens_are_lowercase_words_whatever_the_script() {
        let t: Vec<String> = tokens("The ÉTÉ of Syria's 2018-01").collect();
        assert_eq!(t, ["the", "été", "of", "syria", "s", "2018", "01"]);
        let mut lower = Vec::new();
        for line in [
            "The ÉTÉ of Syria's 2018-01",
            "ALL CAPS, Mixed-case 42x",
            "ΟΔΟΣ Σ",
        ] {
            let mut fast: Vec<String> = Vec::new();
            for_each_token(line, &mut lower, |t| {
                fast.push(String::from_utf8(t.to_vec()).unwrap())
            });
            assert_eq!(fast, tokens(line).collect::<Vec<_>>());
        }
        // The fingerprint's one-pass ASCII tokenizer gives what `tokens` does.
        let reference = |text: &str| {
            let (mut stream, mut hashes) = (String::new(), Vec::new());
            for t in tokens(text) {
                if !stream.is_empty() {
                    stream.push(' ');
                }
                stream.push_str(&t);
                hashes.push(xxh3_64(t.as_bytes()));
            }
            (xxh3_64(stream.as_bytes()), hashes)
        };
        for text in [
            "Shr 10 cts vs 12 cts\nNet 1,000 vs 2,000 [Q4] REVENUES up_3%",
            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought.\n\n  Arrivals: 155,221 bags\t(60 KILOS)",
            "",
            "x",
            "The ÉTÉ of Syria's rebels\nin 2018 and MORE words here, said the AFP.",
        ] {
            let (hash, hashes) = reference(text);
            let fp = Fingerprint::of(text);
            assert_eq!(fp.text_hash, hash, "{text}");
            // These texts have fewer body words than MIN_BODY_WORDS, so every
            // token is shingled.
            let mut windows: Vec<u32> = if hashes.is_empty() {
                Vec::new()
            } else if hashes.len() < SHINGLE_WORDS {
                vec![shingle_hash(&hashes)]
            } else {
                hashes.windows(SHINGLE_WORDS).map(shingle_hash).collect()
            };
            windows.sort_unstable();
            windows.dedup();
            assert_eq!(fp.shingles, windows, "{text}");
        }
        let a = Fingerprint::of("The ÉTÉ of Syria's rebels in 2018 and more words here");
        let b = Fingerprint::of("the été of syria s rebels in 2018 and more words here");
        assert_eq!(a, b);
    }

    #[test]
    fn similarity_is_real_jaccard_and_containment() {
        let s = similarity(&[1, 2, 3, 4], &[3, 4, 5]);
        assert!((s.jaccard - 2.0 / 5.0).abs() < 1e-9);
        assert!((s.a_in_b - 0.5).abs() < 1e-9);
        assert!((s.b_in_a - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn minhash_agreement_estimates_jaccard() {
        let a = Fingerprint::of(&doc(&(0..10).collect::<Vec<_>>()));
        let b = Fingerprint::of(&doc(&(3..13).collect::<Vec<_>>()));
        let real = similarity(&a.shingles, &b.shingles).jaccard;
        let (sa, sb) = (a.signature(), b.signature());
        let est = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / NUM_HASHES as f64;
        assert!((real - est).abs() < 0.15, "real {real} estimate {est}");
    }

    #[test]
    fn a_cut_copy_with_an_inserted_paragraph_is_a_copy() {
        let original = Fingerprint::of(&doc(&[1, 2, 3, 4, 5, 6, 7, 8]));
        // First and last paragraphs cut, one paragraph of its own inserted.
        let copy = Fingerprint::of(&doc(&[2, 3, 4, 100, 5, 6, 7]));
        let (kind, sim) = judge(&original, &copy, &DedupParams::default()).expect("linked");
        assert!(kind.is_copy(), "{kind:?} {sim:?}");
        assert!(sim.b_in_a > 0.8);
        let keys = [Some(original.band_keys()), Some(copy.band_keys())];
        assert_eq!(candidate_pairs(&keys), vec![(0, 1)]);
    }

    #[test]
    fn a_long_text_quoting_a_short_one_embeds_it_without_being_a_copy() {
        let brief = Fingerprint::of(&doc(&[1, 2]));
        let analysis = Fingerprint::of(&doc(&[1, 2, 10, 11, 12, 13, 14, 15]));
        let (kind, sim) = judge(&brief, &analysis, &DedupParams::default()).expect("linked");
        assert_eq!(kind, LinkKind::Embeds);
        assert!(sim.a_in_b > 0.9);
    }

    #[test]
    fn regression_a_truncated_copy_under_half_the_length_is_a_copy() {
        // A copy that kept 2 of the original's 4 paragraphs, word for word
        // (just under half of its shingles).
        let original = Fingerprint::of(&doc(&[1, 2, 3, 4]));
        let cut = Fingerprint::of(&doc(&[2, 3]));
        let (kind, sim) = judge(&cut, &original, &DedupParams::default()).expect("linked");
        assert!(kind.is_copy(), "{kind:?} {sim:?}");
        // Two paragraphs of ten quoted in a longer text are still only embedded.
        let long = Fingerprint::of(&doc(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        let quoted = Fingerprint::of(&doc(&[4, 5]));
        assert_eq!(
            judge(&quoted, &long, &DedupParams::default()).map(|x| x.0),
            Some(LinkKind::Embeds)
        );
    }

    #[test]
    fn unrelated_texts_on_one_topic_are_not_linked() {
        let a = Fingerprint::of(&doc(&[1, 2, 3, 4]));
        let b = Fingerprint::of(&doc(&[5, 6, 7, 8]));
        assert_eq!(judge(&a, &b, &DedupParams::default()), None);
    }

    #[test]
    fn groups_do_not_depend_on_input_order() {
        let texts = [
            doc(&[1, 2, 3, 4, 5]),
            doc(&[20, 21, 22]),
            doc(&[1, 2, 3, 4]),
            doc(&[2, 3, 4, 5, 6]),
            doc(&[20, 21, 22]),
            doc(&[40, 41, 42]),
        ];
        let run = |order: &[usize]| {
            let fps: Vec<Fingerprint> = order.iter().map(|&i| Fingerprint::of(&texts[i])).collect();
            let links = find_links(&fps, &DedupParams::default());
            let mut gs: Vec<Vec<usize>> = groups(fps.len(), &links)
                .into_iter()
                .map(|g| {
                    let mut g: Vec<usize> = g.into_iter().map(|k| order[k]).collect();
                    g.sort();
                    g
                })
                .collect();
            gs.sort();
            gs
        };
        let forward = run(&[0, 1, 2, 3, 4, 5]);
        assert_eq!(forward, vec![vec![0, 2, 3], vec![1, 4]]);
        assert_eq!(run(&[5, 4, 3, 2, 1, 0]), forward);
        assert_eq!(run(&[3, 1, 5, 0, 4, 2]), forward);
    }

    #[test]
    fn canonical_is_the_most_complete_then_earliest_then_smallest_id() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        let m = |id, shingles, date| MemberInfo {
            id,
            shingles,
            date,
            wire_credit: None,
        };
        let members = [
            m("b", 100, d(2018, 1, 17)),
            m("a", 90, d(2018, 1, 1)),
            m("c", 100, d(2018, 1, 16)),
            m("d", 100, None),
        ];
        assert_eq!(canonical(&members), Some(2));
        let mut reversed = members.to_vec();
        reversed.reverse();
        assert_eq!(reversed[canonical(&reversed).unwrap()].id, "c");
    }

    #[test]
    fn origin_is_the_most_credited_wire() {
        let m = |w| MemberInfo {
            id: "x",
            shingles: 1,
            date: None,
            wire_credit: w,
        };
        assert_eq!(
            origin(&[m(Some("AFP")), m(None), m(Some("Reuters")), m(Some("AFP"))]),
            Some("AFP".into())
        );
        assert_eq!(origin(&[m(None), m(None)]), None);
    }
}
