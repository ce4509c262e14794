//! Syndication groups: the connected components of the copy links
//! (union-find), the canonical member of a group and its origin.

use super::judge::Link;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Union-find over `n` items (path halving, union by smaller root index so the
/// result does not depend on the order of unions).
#[derive(Clone, Debug)]
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    /// `n` items (numbered 0 to n-1), each alone in its set.
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    /// The root of the set holding `x`, halving the path on the way.
    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; the smaller root index becomes the root of both.
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
    /// The member's article id (the last tie-break).
    pub id: &'a str,
    /// How many distinct shingles its text has: the more, the more complete the copy.
    pub shingles: usize,
    /// Its publication date, when known (earlier wins a tie).
    pub date: Option<NaiveDate>,
    /// The wire agency the article credits ("AFP"), when it names one.
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

/// The syndication groups (components of copy links) of `n` documents.
pub fn groups(n: usize, links: &[Link]) -> Vec<Vec<usize>> {
    let mut uf = UnionFind::new(n);
    for l in links.iter().filter(|l| l.kind.is_copy()) {
        uf.union(l.a, l.b);
    }
    uf.groups()
}
