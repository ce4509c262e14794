//! What a text looks like to the deduplicator: its normalised token stream's
//! hash, its sorted set of shingle hashes (body lines only) and the MinHash
//! signature of that set.

use super::{
    lsh::band_keys, BANDS, BODY_LINE_WORDS, MIN_BODY_WORDS, NUM_HASHES, PROSE_LINE_WORDS,
    SHINGLE_WORDS,
};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Seed of the shingle hash (fixed: fingerprints must be the same on every run
/// and every machine, since they are stored).
const SHINGLE_SEED: u64 = 0x5354_4f52_594c_494e; // "STORYLIN"

/// SplitMix64, the standard generator for deriving well-spread constants from
/// one seed. Written by hand because it must be a `const fn` (the permutation
/// table is computed at compile time) and is four lines.
pub(super) const fn splitmix64(state: u64) -> (u64, u64) {
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
pub(super) fn for_each_token(line: &str, lower: &mut Vec<u8>, mut each: impl FnMut(&[u8])) {
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

pub(super) fn shingle_hash(window: &[u64]) -> u32 {
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
pub(super) fn minhash_split(shingles: &[u32]) -> [u32; NUM_HASHES] {
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
