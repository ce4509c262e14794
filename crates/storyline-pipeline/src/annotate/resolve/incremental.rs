//! Alias resolution after new names: only the names a change can reach are
//! clustered again. A linking rule joins two names only through a test on
//! the two (or, for "the only one" rules, on names that pass that test), so
//! the names fall into groups no rule crosses, and [`super::cluster`] over a
//! group gives that group's entities whatever else the store holds. The
//! groups reached from the changed names, through the blocking index, the
//! stated links and the user's rules, are clustered again; every other
//! entity stays as it was. The result equals a from-scratch `cluster`.

use super::blocking::Names;
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
    let keys: Vec<String> = changed.iter().map(|c| c.key.clone()).collect();
    let Ok(out) = recluster_from(nodes, links, rules, previous, &keys, || {
        Ok::<_, std::convert::Infallible>(changed.to_vec())
    });
    out
}

/// [`recluster`] given the keys of the changed names, with the names as
/// the previous resolution saw them read only when needed (`changes`, a
/// store read): the walk starts from the names as they are now and stops
/// early when it reaches too much of the store, before reading them.
pub fn recluster_from<E>(
    nodes: &[NameNode],
    links: &[NameLink],
    rules: &[AliasRule],
    previous: &[EntityCluster],
    keys: &[String],
    changes: impl FnOnce() -> Result<Vec<NameChange>, E>,
) -> Result<(Vec<EntityCluster>, usize), E> {
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
    let mut walk = Walk {
        names: &names,
        partners,
        reached: vec![false; nodes.len()],
        count: 0,
        todo: Vec::new(),
    };
    for key in keys {
        if let Some(&i) = names.position.get(key.as_str()) {
            walk.reach(i);
        }
    }
    if !walk.run() {
        return Ok((cluster_names(&names, links, rules), nodes.len()));
    }
    for c in changes()? {
        if let Some(&i) = names.position.get(c.key.as_str()) {
            walk.reach(i);
        }
        if let Some(before) = &c.before {
            for j in names.neighbours(&names.features_of(before)) {
                walk.reach(j);
            }
        }
    }
    if !walk.run() {
        return Ok((cluster_names(&names, links, rules), nodes.len()));
    }
    let reached = walk.reached;
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
    Ok((out, group.len()))
}

/// The names a change reaches, through the blocking index, the stated
/// links and the user's rules.
struct Walk<'n, 'a> {
    names: &'n Names<'a>,
    /// The names each name is linked or ruled with.
    partners: HashMap<&'a str, Vec<&'a str>>,
    reached: Vec<bool>,
    count: usize,
    todo: Vec<usize>,
}

impl Walk<'_, '_> {
    fn reach(&mut self, i: usize) {
        if !self.reached[i] {
            self.reached[i] = true;
            self.count += 1;
            self.todo.push(i);
        }
    }

    /// Walks on from the names reached and not yet walked from; false when
    /// it stopped for reaching too much of a big store.
    fn run(&mut self) -> bool {
        let names = self.names;
        let total = names.nodes.len();
        while let Some(i) = self.todo.pop() {
            if total >= WHOLE_STORE_MIN_NAMES && self.count > total / WHOLE_STORE_SHARE {
                return false;
            }
            for j in names.neighbours(&names.features[i]) {
                self.reach(j);
            }
            let key = names.nodes[i].key.as_str();
            let partners: Vec<usize> = self
                .partners
                .get(key)
                .into_iter()
                .flatten()
                .filter_map(|p| names.position.get(*p).copied())
                .collect();
            for j in partners {
                self.reach(j);
            }
        }
        true
    }
}
