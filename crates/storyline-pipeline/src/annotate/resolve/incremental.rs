//! Alias resolution after new names: only the names a change can reach are
//! clustered again. A linking rule joins two names only through a test on
//! the two (or, for "the only one" rules, on names that pass that test), so
//! the names fall into groups no rule crosses, and [`super::cluster`] over a
//! group gives that group's entities whatever else the store holds. The
//! groups reached from the changed names, through the blocking index, the
//! stated links and the user's rules, are clustered again; every other
//! entity stays as it was. The result equals a from-scratch `cluster`.

use super::blocking::{Features, Names};
use super::{cluster, cluster_names, AliasRule, EntityCluster, NameLink, NameNode};
use std::collections::{HashMap, HashSet};

/// When the names a change reaches come to more than one in this many of
/// the store's names (in a store of at least [`WHOLE_STORE_MIN_NAMES`]),
/// walking on and clustering them costs more than clustering every name
/// with the index built for the walk: the walk stops and every name is
/// clustered (the same result, by definition).
const WHOLE_STORE_SHARE: usize = 4;

/// Below this many names the walk always runs to its end.
const WHOLE_STORE_MIN_NAMES: usize = 4096;

/// A name the new articles mention: a new name, or a name whose counts,
/// types or surface form changed. `before` is the name as the previous
/// resolution saw it (`None` for a new name): a changed surface form may
/// have linked it to names it no longer links to, and those are reclustered
/// too.
#[derive(Clone, Debug)]
pub struct NameChange {
    /// The name's normalised key ([`NameNode::key`]).
    pub key: String,
    /// The name as the previous resolution saw it; `None` for a new name.
    pub before: Option<NameNode>,
}

/// The entities of `nodes` (every name of the store, after the change) given
/// `previous` (the entities of the names before it) and the names that
/// changed: equal to `cluster(nodes, links, rules)` when every link that
/// is new names a changed name and the rules are those `previous` was made
/// with. Returns the entities, sorted by id, and the number of names
/// clustered again.
pub fn recluster(
    nodes: &[NameNode],
    links: &[NameLink],
    rules: &[AliasRule],
    previous: &[EntityCluster],
    changed: &[NameChange],
) -> (Vec<EntityCluster>, usize) {
    let names = Names::new(nodes);
    let mut partners: HashMap<&str, Vec<&str>> = HashMap::new();
    let pairs = links
        .iter()
        .map(|l| (&l.a, &l.b))
        .chain(rules.iter().map(|r| (&r.a, &r.b)));
    for (a, b) in pairs {
        partners.entry(a).or_default().push(b);
        partners.entry(b).or_default().push(a);
    }
    let mut reached = vec![false; nodes.len()];
    let mut count = 0;
    let mut todo: Vec<usize> = Vec::new();
    let mut reach = |i: usize, todo: &mut Vec<usize>| {
        if !reached[i] {
            reached[i] = true;
            todo.push(i);
            return 1;
        }
        0
    };
    for c in changed {
        if let Some(&i) = names.position.get(c.key.as_str()) {
            count += reach(i, &mut todo);
        }
        if let Some(before) = &c.before {
            for j in names.neighbours(&Features::of(before)) {
                count += reach(j, &mut todo);
            }
        }
    }
    while let Some(i) = todo.pop() {
        if nodes.len() >= WHOLE_STORE_MIN_NAMES && count > nodes.len() / WHOLE_STORE_SHARE {
            return (cluster_names(&names, links, rules), nodes.len());
        }
        let key = nodes[i].key.as_str();
        for j in names.neighbours(&names.features[i]) {
            count += reach(j, &mut todo);
        }
        for p in partners.get(key).into_iter().flatten() {
            if let Some(&j) = names.position.get(*p) {
                count += reach(j, &mut todo);
            }
        }
    }
    let group: Vec<NameNode> = (0..nodes.len())
        .filter(|&i| reached[i])
        .map(|i| nodes[i].clone())
        .collect();
    let keys: HashSet<&str> = group.iter().map(|n| n.key.as_str()).collect();
    let inside = |a: &str, b: &str| keys.contains(a) && keys.contains(b);
    let group_links: Vec<NameLink> = links
        .iter()
        .filter(|l| inside(&l.a, &l.b))
        .cloned()
        .collect();
    let group_rules: Vec<AliasRule> = rules
        .iter()
        .filter(|r| inside(&r.a, &r.b))
        .cloned()
        .collect();
    let mut out: Vec<EntityCluster> = previous
        .iter()
        .filter(|e| !e.keys.iter().any(|k| keys.contains(k.as_str())))
        .cloned()
        .collect();
    out.extend(cluster(&group, &group_links, &group_rules));
    out.sort_by(|a, b| a.id.cmp(&b.id));
    (out, group.len())
}
