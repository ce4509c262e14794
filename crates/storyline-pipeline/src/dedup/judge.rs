//! Verification of a candidate pair on the real shingle sets: the measured
//! Jaccard and containment, and the link they make (exact, near, partial
//! copy, or embedding).

use super::{DedupParams, Fingerprint};
use serde::{Deserialize, Serialize};

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

    /// The kind's lower-case name, as serialised and stored ("exact", "near", "partial", "embeds").
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Exact => "exact",
            LinkKind::Near => "near",
            LinkKind::Partial => "partial",
            LinkKind::Embeds => "embeds",
        }
    }

    /// The kind [`LinkKind::as_str`] names; `None` for any other string.
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

/// A verified link between two documents of an in-memory run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Link {
    /// Index of the first document of the pair, in the order the run added them.
    pub a: usize,
    /// Index of the second document of the pair.
    pub b: usize,
    /// How the two relate.
    pub kind: LinkKind,
    /// Their measured shingle overlap.
    pub sim: Similarity,
}
