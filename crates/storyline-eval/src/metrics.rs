//! Scores of a clustering against gold labels (pairwise and B-cubed
//! precision and recall), F1, and the confusion counts of a yes/no decision.

use serde::Serialize;
use std::collections::HashMap;

/// Pairwise and B-cubed scores of a clustering against gold labels.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Share of the pairs put together that belong together.
    pub pair_p: f64,
    /// Share of the pairs that belong together that were put together.
    pub pair_r: f64,
    /// Mean over items of the share of its cluster with its gold label.
    pub b3_p: f64,
    /// Mean over items of the share of its gold class in its cluster.
    pub b3_r: f64,
}

impl Scores {
    /// Pairwise F1.
    pub fn pair_f1(&self) -> f64 {
        f1(self.pair_p, self.pair_r)
    }

    /// B-cubed F1.
    pub fn b3_f1(&self) -> f64 {
        f1(self.b3_p, self.b3_r)
    }
}

/// Harmonic mean of precision and recall (0 when both are 0).
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// F1 of `overlap` matches out of `predicted` and `gold` totals (precision
/// and recall are 0 when their total is 0).
pub fn prf(overlap: f64, predicted: f64, gold: f64) -> f64 {
    let prec = if predicted > 0.0 {
        overlap / predicted
    } else {
        0.0
    };
    let rec = if gold > 0.0 { overlap / gold } else { 0.0 };
    f1(prec, rec)
}

/// Scores `(predicted, gold)` labels of the same items. With no pair put
/// together (or none that belongs together) pairwise precision (recall) is 1.
pub fn cluster_scores(items: &[(u64, &str)]) -> Scores {
    let mut joint: HashMap<(u64, &str), f64> = HashMap::new();
    let mut pred: HashMap<u64, f64> = HashMap::new();
    let mut gold: HashMap<&str, f64> = HashMap::new();
    for &(p, g) in items {
        *joint.entry((p, g)).or_default() += 1.0;
        *pred.entry(p).or_default() += 1.0;
        *gold.entry(g).or_default() += 1.0;
    }
    let n = items.len() as f64;
    let pairs = |c: f64| c * (c - 1.0) / 2.0;
    let tp: f64 = joint.values().map(|&c| pairs(c)).sum();
    let pp: f64 = pred.values().map(|&c| pairs(c)).sum();
    let gp: f64 = gold.values().map(|&c| pairs(c)).sum();
    let (mut b3p, mut b3r) = (0.0, 0.0);
    for (&(p, g), &c) in &joint {
        b3p += c * c / pred[&p];
        b3r += c * c / gold[g];
    }
    Scores {
        pair_p: if pp > 0.0 { tp / pp } else { 1.0 },
        pair_r: if gp > 0.0 { tp / gp } else { 1.0 },
        b3_p: b3p / n,
        b3_r: b3r / n,
    }
}

/// Confusion counts of a yes/no decision against gold answers.
#[derive(Debug, Default, Serialize, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Decided yes, gold yes.
    pub tp: u64,
    /// Decided yes, gold no.
    pub fp: u64,
    /// Decided no, gold yes.
    pub fn_: u64,
    /// Decided no, gold no.
    pub tn: u64,
}

impl Counts {
    /// Counts one decision.
    pub fn add(&mut self, gold: bool, decided: bool) {
        match (gold, decided) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    /// All decisions counted.
    pub fn total(&self) -> u64 {
        self.tp + self.fp + self.fn_ + self.tn
    }

    /// Share of yes decisions that are right (0 when none).
    pub fn precision(&self) -> f64 {
        self.tp as f64 / ((self.tp + self.fp) as f64).max(1.0)
    }

    /// Share of gold yes found (0 when none).
    pub fn recall(&self) -> f64 {
        self.tp as f64 / ((self.tp + self.fn_) as f64).max(1.0)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn perfect_and_merged_clusterings_score_as_expected() {
        let perfect = [(1, "a"), (1, "a"), (2, "b"), (2, "b")];
        let s = cluster_scores(&perfect);
        assert_eq!((s.pair_p, s.pair_r, s.b3_p, s.b3_r), (1.0, 1.0, 1.0, 1.0));
        let merged = [(1, "a"), (1, "a"), (1, "b"), (1, "b")];
        let s = cluster_scores(&merged);
        assert_eq!(s.b3_r, 1.0);
        assert_eq!(s.b3_p, 0.5);
        assert!(close(s.pair_p, 2.0 / 6.0));
    }

    #[test]
    fn an_impure_cluster_and_a_split_class_score_by_hand() {
        // Cluster 1 = {a, a, a, b}, cluster 2 = {b}.
        // Pairs put together: C(4,2) = 6, of which a-a: 3 are right.
        // Pairs that belong together: a: 3, b: 1 = 4; found: 3.
        let items = [(1, "a"), (1, "a"), (1, "a"), (1, "b"), (2, "b")];
        let s = cluster_scores(&items);
        assert!(close(s.pair_p, 0.5));
        assert!(close(s.pair_r, 0.75));
        assert!(close(s.pair_f1(), 0.6));
        // B-cubed precision: a's 3 x 3/4, b in 1: 1/4, b in 2: 1 -> 3.5 / 5.
        assert!(close(s.b3_p, 0.7));
        // B-cubed recall: a's 3 x 3/3, each b 1/2 -> 4 / 5.
        assert!(close(s.b3_r, 0.8));
        assert!(close(s.b3_f1(), 56.0 / 75.0));
    }

    #[test]
    fn singletons_have_full_pairwise_precision_and_no_recall() {
        let items = [(1, "a"), (2, "a"), (3, "b")];
        let s = cluster_scores(&items);
        assert_eq!(s.pair_p, 1.0);
        assert_eq!(s.pair_r, 0.0);
        assert_eq!(s.b3_p, 1.0);
        assert!(close(s.b3_r, (0.5 + 0.5 + 1.0) / 3.0));
    }

    #[test]
    fn f1_and_counts_follow_their_definitions() {
        assert_eq!(f1(0.0, 0.0), 0.0);
        assert!(close(f1(1.0, 0.5), 2.0 / 3.0));
        assert!(close(prf(2.0, 4.0, 2.0), 2.0 / 3.0));
        assert_eq!(prf(0.0, 0.0, 3.0), 0.0);
        let mut c = Counts::default();
        for (g, d) in [
            (true, true),
            (true, true),
            (false, true),
            (true, false),
            (false, false),
        ] {
            c.add(g, d);
        }
        assert_eq!(c.total(), 5);
        assert!(close(c.precision(), 2.0 / 3.0));
        assert!(close(c.recall(), 2.0 / 3.0));
        assert!(close(c.f1(), 2.0 / 3.0));
    }
}
