//! Alias resolution across a whole store: distinct name keys become entities.
//!
//! Inputs are the store's distinct names (with mention counts and type votes),
//! the links articles stated ("Hayat Tahrir al-Sham (HTS)", "X, known as Y"),
//! and the user's merge/split rules. Names join when the user merged them, an
//! article stated it, they are one name in another romanisation, or a one-word
//! name is the surname of exactly one multi-word person, or they are one name
//! in two transliteration systems (Lugansk / Luhansk, Mao Tse-tung / Mao Zedong),
//! or a name in Arabic or Cyrillic script is, read in Latin letters, one
//! Latin name of the store (الجولاني / Jolani, Путин / Putin). A split rule is a
//! cannot-link: no union may put its two names in one entity. The result is a
//! pure function of the inputs, with entity ids derived from each entity's
//! canonical key, so re-ingesting the same articles gives the same entities.
//!
//! Each linking rule is one function, run in a fixed order by [`cluster`];
//! the rules that compare names take their candidates from the blocking
//! index (`blocking`) rather than from every pair. [`recluster`]
//! resolves again only the names new mentions reach (`incremental`).

mod blocking;
mod incremental;

use super::names::{
    acronym_letters, acronym_of, relate_tokens, relate_transliterated, same_across_systems,
    token_match, NameRelation,
};
use super::translit::Script;
use blocking::{block_of, Names};
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use storyline_model::EntityKind;

pub use incremental::{recluster, recluster_from, NameChange};
pub use storyline_model::{AliasRule, Entity as EntityCluster, NameLink, NameNode};

/// The entity id for a canonical key.
pub fn entity_id(canonical_key: &str) -> String {
    let h = Sha256::digest(format!("entity\0{canonical_key}").as_bytes());
    h.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The type a vote vector stands for (`Other` only when nothing else was voted).
pub fn kind_of(votes: &[f32; 4]) -> EntityKind {
    let kinds = [
        EntityKind::Person,
        EntityKind::Organisation,
        EntityKind::Place,
    ];
    let (i, v) =
        votes[..3].iter().enumerate().fold(
            (0, 0.0f32),
            |best, (i, &v)| if v > best.1 { (i, v) } else { best },
        );
    if v > 0.0 {
        kinds[i]
    } else {
        EntityKind::Other
    }
}

/// Adds a mention's type vote.
pub fn vote(votes: &mut [f32; 4], kind: EntityKind, confidence: f32) {
    votes[kind.vote_index()] += confidence.max(0.05);
}

/// The name graph's nodes as their mentions are counted, the same for every
/// store backend and for the evaluation: per node key, the surface forms of
/// the node's own mentions with their counts, the mention count and the
/// summed type votes.
#[derive(Debug, Default)]
pub struct NameTally(FxHashMap<String, NodeCounts>);

/// One node's surface forms with counts, mention count and type votes.
type NodeCounts = (FxHashMap<String, u64>, u64, [f32; 4]);

impl NameTally {
    /// Counts a mention of the name `key`, written `text`, under the node
    /// `node` (its own key, or the name a surname mention stands for); only
    /// the node's own mentions give it surface forms. Its type vote is its
    /// confidence (0 to 1), at least 0.05.
    pub fn add(
        &mut self,
        node: String,
        key: &str,
        text: String,
        kind: EntityKind,
        confidence: f64,
    ) {
        let own_form = key == node;
        let e = self.0.entry(node).or_default();
        e.1 += 1;
        if own_form {
            *e.0.entry(text).or_default() += 1;
        }
        vote(&mut e.2, kind, confidence as f32);
    }

    /// [`NameTally::add`] of borrowed text, copied only where the tally
    /// keeps it (a node's first mention, a form's first sighting).
    pub fn add_str(
        &mut self,
        node: &str,
        key: &str,
        text: &str,
        kind: EntityKind,
        confidence: f64,
    ) {
        let count = |e: &mut NodeCounts| {
            e.1 += 1;
            if key == node {
                if let Some(n) = e.0.get_mut(text) {
                    *n += 1;
                } else {
                    e.0.insert(text.to_string(), 1);
                }
            }
            vote(&mut e.2, kind, confidence as f32);
        };
        if let Some(e) = self.0.get_mut(node) {
            count(e);
        } else {
            let mut e = NodeCounts::default();
            count(&mut e);
            self.0.insert(node.to_string(), e);
        }
    }

    /// The nodes in key order, each named by its most written surface form
    /// (the smallest of equally written ones), else by its key.
    pub fn finish(self) -> Vec<NameNode> {
        let mut nodes: Vec<(String, NodeCounts)> = self.0.into_iter().collect();
        nodes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        nodes
            .into_iter()
            .map(|(key, (texts, mentions, votes))| {
                let text = texts
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|t| t.0)
                    .unwrap_or_else(|| key.clone());
                NameNode {
                    key,
                    text,
                    mentions,
                    votes,
                }
            })
            .collect()
    }
}

struct Sets {
    parent: Vec<usize>,
    votes: Vec<[f32; 4]>,
    /// Cannot-link partners per root.
    apart: Vec<Vec<usize>>,
}

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn kind(&mut self, x: usize) -> EntityKind {
        let r = self.find(x);
        kind_of(&self.votes[r])
    }

    /// Unites two sets unless a split rule keeps them apart. `check_kind`:
    /// refuse when both sets are typed and the types differ.
    fn union(&mut self, a: usize, b: usize, check_kind: bool) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        if check_kind {
            let (ka, kb) = (self.kind(ra), self.kind(rb));
            if ka != kb && ka != EntityKind::Other && kb != EntityKind::Other {
                return false;
            }
        }
        let apart_a: Vec<usize> = self.apart[ra].clone();
        for p in apart_a {
            if self.find(p) == rb {
                return false;
            }
        }
        self.parent[rb] = ra;
        for i in 0..4 {
            let v = self.votes[rb][i];
            self.votes[ra][i] += v;
        }
        let moved = std::mem::take(&mut self.apart[rb]);
        self.apart[ra].extend(moved);
        true
    }
}

/// Clusters the store's names into entities.
pub fn cluster(nodes: &[NameNode], links: &[NameLink], rules: &[AliasRule]) -> Vec<EntityCluster> {
    cluster_names(&Names::new(nodes), links, rules)
}

/// [`cluster`] over names whose blocking index is built already.
fn cluster_names(names: &Names, links: &[NameLink], rules: &[AliasRule]) -> Vec<EntityCluster> {
    let nodes = names.nodes;
    let mut sets = Sets {
        parent: (0..nodes.len()).collect(),
        votes: nodes.iter().map(|n| n.votes).collect(),
        apart: vec![Vec::new(); nodes.len()],
    };
    keep_split_names_apart(names, rules, &mut sets);
    join_merged_names(names, rules, &mut sets);
    join_stated_links(names, links, &mut sets);
    join_spelling_variants(names, &mut sets);
    join_transliteration_systems(names, &mut sets);
    join_surnames(names, &mut sets);
    join_shortened_names(names, &mut sets);
    join_across_scripts(names, &mut sets);
    join_acronyms(names, &mut sets);
    join_country_names(names, &mut sets);
    entities_of(names, &mut sets)
}

/// The names of one country join ("Britain", "UK", "United Kingdom"),
/// when their types agree: world knowledge no spelling rule reads.
fn join_country_names(names: &Names, sets: &mut Sets) {
    for members in names.by_country.values() {
        for &j in &members[1..] {
            sets.union(members[0], j, true);
        }
    }
}

/// A split rule is a cannot-link between its two names.
fn keep_split_names_apart(names: &Names, rules: &[AliasRule], sets: &mut Sets) {
    for r in rules.iter().filter(|r| !r.merge) {
        if let Some((a, b)) = names.pair(&r.a, &r.b) {
            sets.apart[a].push(b);
            sets.apart[b].push(a);
        }
    }
}

/// A merge rule joins its two names whatever their types.
fn join_merged_names(names: &Names, rules: &[AliasRule], sets: &mut Sets) {
    for r in rules.iter().filter(|r| r.merge) {
        if let Some((a, b)) = names.pair(&r.a, &r.b) {
            sets.union(a, b, false);
        }
    }
}

/// A link an article stated ("Hayat Tahrir al-Sham (HTS)") joins its names.
fn join_stated_links(names: &Names, links: &[NameLink], sets: &mut Sets) {
    for l in links {
        if let Some((a, b)) = names.pair(&l.a, &l.b) {
            sets.union(a, b, false);
        }
    }
}

/// Same name in another spelling (multi-word with multi-word, one word
/// with one word). Pairs are taken block by block, in name order, from
/// the blocking index (the names sharing a key with the last token or the
/// letters), which gives the pairs a scan of each block would.
fn join_spelling_variants(names: &Names, sets: &mut Sets) {
    let mut candidates: Vec<usize> = Vec::new();
    let features = &names.features;
    for (block, members) in &names.blocks {
        for &i in members {
            let fi = &features[i];
            if fi.acronym {
                continue;
            }
            names.latin_candidates_into(&fi.last_keys, Some(&fi.letters), block, &mut candidates);
            for &j in &candidates {
                let fj = &features[j];
                if j <= i || fj.acronym || fi.tokens.len() != fj.tokens.len() {
                    continue;
                }
                if relate_tokens(&fi.tokens, &fj.tokens) == NameRelation::Same {
                    sets.union(i, j, true);
                }
            }
        }
    }
}

/// One name in two transliteration systems (Wade-Giles / Pinyin, Ukrainian
/// / Russian / German spellings). The system spellings differ in their
/// first letters (Tse-tung / Zedong), so the blocks cannot find these:
/// names are joined through their system spelling instead, written without
/// word breaks (Tse-tung is two syllables, Zedong one word), which keeps it
/// linear, and each pair is confirmed by `same_across_systems`.
fn join_transliteration_systems(names: &Names, sets: &mut Sets) {
    let mut system_groups: Vec<&Vec<usize>> =
        names.by_system.values().filter(|m| m.len() > 1).collect();
    system_groups.sort();
    for members in system_groups {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if same_across_systems(&names.nodes[i].text, &names.nodes[j].text) {
                    sets.union(i, j, true);
                }
            }
        }
    }
}

/// A one-word name joins the only multi-word person whose last word it is.
fn join_surnames(names: &Names, sets: &mut Sets) {
    let mut candidates: Vec<usize> = Vec::new();
    let features = &names.features;
    for (block, members) in &names.blocks {
        for &i in members {
            let fi = &features[i];
            if fi.tokens.len() != 1 || fi.acronym {
                continue;
            }
            let mine = sets.kind(i);
            if matches!(mine, EntityKind::Place | EntityKind::Organisation) {
                continue;
            }
            // Each candidate entity with the mentions of its full names.
            let mut roots = Candidates::default();
            names.latin_candidates_into(&fi.last_keys, None, block, &mut candidates);
            for &j in &candidates {
                let fj = &features[j];
                if fj.tokens.len() < 2 || sets.kind(j) != EntityKind::Person {
                    continue;
                }
                if token_match(&fi.tokens[0], fj.tokens.last().unwrap()) {
                    roots.add(names, sets, j);
                }
            }
            if let Some(r) = roots.dominant() {
                sets.union(r, i, false);
            }
        }
    }
}

/// A name of two words or more joins the only longer person name (or the
/// dominant one, as for a surname) that it shortens: its words are words
/// of the longer name, in order, ending with its last word ("Tayyip
/// Erdogan" and "Recep Tayyip Erdogan", "Timothy Geithner" and "Timothy F.
/// Geithner", "Ben Ali" and "Zine El Abidine Ben Ali").
fn join_shortened_names(names: &Names, sets: &mut Sets) {
    let mut candidates: Vec<usize> = Vec::new();
    let features = &names.features;
    for (block, members) in &names.blocks {
        for &i in members {
            let fi = &features[i];
            if fi.tokens.len() < 2 || fi.acronym {
                continue;
            }
            if matches!(sets.kind(i), EntityKind::Place | EntityKind::Organisation) {
                continue;
            }
            let mut found = Candidates::default();
            names.latin_candidates_into(&fi.last_keys, None, block, &mut candidates);
            for &j in &candidates {
                if shortens(&fi.tokens, &features[j].tokens) && sets.kind(j) == EntityKind::Person {
                    found.add(names, sets, j);
                }
            }
            if let Some(r) = found.dominant() {
                sets.union(r, i, false);
            }
        }
    }
}

/// True when `short` (two words or more) is `long` with words left out:
/// fewer words, each matching a word of `long` in order, the last matching
/// its last. A name written with an initial is precise already: "George W.
/// Bush" does not shorten "George H. W. Bush".
pub(super) fn shortens(short: &[String], long: &[String]) -> bool {
    if short.len() < 2 || short.len() >= long.len() {
        return false;
    }
    if short.iter().any(|t| t.chars().count() == 1) {
        return false;
    }
    let (Some(s_last), Some(l_last)) = (short.last(), long.last()) else {
        return false;
    };
    if !token_match(s_last, l_last) {
        return false;
    }
    let mut rest = long[..long.len() - 1].iter();
    short[..short.len() - 1]
        .iter()
        .all(|t| rest.any(|l| token_match(t, l)))
}

/// The entities (set roots) a name could join, in the order first found,
/// each with the mentions of the names that led to it.
#[derive(Default)]
struct Candidates(Vec<(usize, usize)>);

impl Candidates {
    /// Counts name `j` and its mentions for the entity it is in.
    fn add(&mut self, names: &Names, sets: &mut Sets, j: usize) {
        let r = sets.find(j);
        let mentions = names.nodes[j].mentions as usize;
        match self.0.iter_mut().find(|(root, _)| *root == r) {
            Some((_, m)) => *m += mentions,
            None => self.0.push((r, mentions)),
        }
    }

    /// True when no entity was found.
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entity when there is exactly one.
    fn only(&self) -> Option<usize> {
        match self.0[..] {
            [(r, _)] => Some(r),
            _ => None,
        }
    }

    /// The candidate a surname stands for: the only one, or the one whose
    /// full names are mentioned at least `SURNAME_DOMINANCE` times as often
    /// as all the others together (Barack Obama over Michelle Obama).
    fn dominant(&self) -> Option<usize> {
        let (best, most) = *self
            .0
            .iter()
            .max_by_key(|&&(r, m)| (m, std::cmp::Reverse(r)))?;
        let rest: usize = self.0.iter().map(|&(_, m)| m).sum::<usize>() - most;
        (self.0.len() == 1 || (rest > 0 && most >= SURNAME_DOMINANCE * rest)).then_some(best)
    }
}

/// How much more often the dominant full name must be mentioned.
const SURNAME_DOMINANCE: usize = 5;

/// Acronyms not defined in an article: the entity whose name they
/// abbreviate (looked up by initials), the only one or the one that
/// dominates the others as a surname's does (United States over United
/// Steelworkers for "U.S.").
fn join_acronyms(names: &Names, sets: &mut Sets) {
    let (nodes, features) = (names.nodes, &names.features);
    for i in 0..nodes.len() {
        if !features[i].acronym || sets.find(i) != i {
            continue;
        }
        // Each candidate entity with the mentions of its expansions.
        let mut roots = Candidates::default();
        for &j in names.expansions(&acronym_letters(&nodes[i].text)) {
            if !features[j].acronym && acronym_of(&nodes[i].text, &nodes[j].text) {
                roots.add(names, sets, j);
            }
        }
        if let Some(r) = roots.dominant() {
            sets.union(r, i, false);
        }
    }
}

/// How rare a full name may be and still name its entity: a full form
/// mentioned less than 1/25 as often as the set's most used form is a
/// stray (one reader's "Christian News Network" for CNN's 1,367 mentions),
/// not the name the corpus uses. Barack Obama is 7% of Obama's mentions.
const FULL_NAME_MIN_SHARE: u64 = 25;

/// One entity per set, named by its canonical name: the most mentioned
/// full (multi-word, non-acronym) name used at least 1/25 as often as the
/// set's most used form, else its most used form. Sorted by id.
fn entities_of(names: &Names, sets: &mut Sets) -> Vec<EntityCluster> {
    let (nodes, features) = (names.nodes, &names.features);
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..nodes.len() {
        let r = sets.find(i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<EntityCluster> = groups
        .into_iter()
        .map(|(root, members)| {
            let top = members
                .iter()
                .map(|&i| nodes[i].mentions)
                .max()
                .unwrap_or(0);
            let best = *members
                .iter()
                .max_by(|&&a, &&b| {
                    let score = |i: usize| {
                        (
                            !features[i].acronym
                                && features[i].tokens.len() > 1
                                && nodes[i].mentions * FULL_NAME_MIN_SHARE >= top,
                            nodes[i].mentions,
                            features[i].tokens.len(),
                            std::cmp::Reverse(nodes[i].key.as_str()),
                        )
                    };
                    score(a).cmp(&score(b))
                })
                .unwrap();
            let mut keys: Vec<String> = members.iter().map(|&i| nodes[i].key.clone()).collect();
            keys.sort();
            EntityCluster {
                id: entity_id(&nodes[best].key),
                canonical: nodes[best].text.clone(),
                canonical_key: nodes[best].key.clone(),
                kind: kind_of(&sets.votes[root]),
                keys,
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Names in Arabic or Cyrillic script join: another spelling in their
/// script with the same Latin reading (الجولانى / الجولاني); the only Latin
/// entity whose name their Latin reading is (الجولاني / Jolani, Путин /
/// Putin, سوريا / Syria), compared as `relate_transliterated` compares; or,
/// for a one-word person name, the only multi-word Latin person whose last
/// word it is. The Latin candidates come from the block of the reading's
/// last token, through the blocking index, as in the Latin passes.
fn join_across_scripts(names: &Names, sets: &mut Sets) {
    let mut candidates: Vec<usize> = Vec::new();
    let features = &names.features;
    let mut same_reading: BTreeMap<(Script, &[String]), Vec<usize>> = BTreeMap::new();
    for (i, f) in features.iter().enumerate() {
        if let Some((t, script)) = &f.latin {
            if !f.acronym {
                same_reading
                    .entry((*script, t.as_slice()))
                    .or_default()
                    .push(i);
            }
        }
    }
    for members in same_reading.values() {
        for &j in &members[1..] {
            sets.union(members[0], j, true);
        }
    }
    for (i, f) in features.iter().enumerate() {
        let Some((reading, _)) = &f.latin else {
            continue;
        };
        if f.acronym || reading.is_empty() {
            continue;
        }
        let block = block_of(reading.last().unwrap());
        if !names.blocks.contains_key(&block) {
            continue;
        }
        let mut roots = Candidates::default();
        names.latin_candidates_into(&f.last_keys, Some(&f.letters), &block, &mut candidates);
        for &j in &candidates {
            let fj = &features[j];
            if !fj.acronym
                && fj.tokens.len() == reading.len()
                && relate_transliterated(reading, &fj.tokens) == NameRelation::Same
            {
                roots.add(names, sets, j);
            }
        }
        if roots.is_empty()
            && reading.len() == 1
            && !matches!(sets.kind(i), EntityKind::Place | EntityKind::Organisation)
        {
            names.latin_candidates_into(&f.last_keys, None, &block, &mut candidates);
            for &j in &candidates {
                let fj = &features[j];
                if fj.tokens.len() >= 2
                    && !fj.acronym
                    && sets.kind(j) == EntityKind::Person
                    && token_match(&reading[0], fj.tokens.last().unwrap())
                {
                    roots.add(names, sets, j);
                }
            }
        }
        if let Some(r) = roots.only() {
            sets.union(r, i, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::names::{name_key, name_tokens};

    fn node(text: &str, n: u64, kind: EntityKind) -> NameNode {
        let mut votes = [0.0; 4];
        vote(&mut votes, kind, 0.8);
        NameNode {
            key: name_key(text),
            text: text.into(),
            mentions: n,
            votes,
        }
    }

    #[test]
    fn a_tally_of_borrowed_text_counts_what_a_tally_of_owned_text_counts() {
        let mentions = [
            (
                "bashar al asad",
                "bashar al asad",
                "Bashar al-Assad",
                EntityKind::Person,
                0.9,
            ),
            ("bashar al asad", "asad", "Assad", EntityKind::Person, 0.7),
            (
                "bashar al asad",
                "bashar al asad",
                "Bashar al-Asad",
                EntityKind::Other,
                0.2,
            ),
            (
                "bashar al asad",
                "bashar al asad",
                "Bashar al-Assad",
                EntityKind::Person,
                0.8,
            ),
            ("syria", "syria", "Syria", EntityKind::Place, 1.0),
        ];
        let (mut owned, mut borrowed) = (NameTally::default(), NameTally::default());
        for (node, key, text, kind, conf) in mentions {
            owned.add(node.into(), key, text.into(), kind, conf);
            borrowed.add_str(node, key, text, kind, conf);
        }
        let nodes = borrowed.finish();
        assert_eq!(nodes, owned.finish());
        assert_eq!(
            (nodes[0].text.as_str(), nodes[0].mentions),
            ("Bashar al-Assad", 4)
        );
    }

    fn entity_of<'a>(cs: &'a [EntityCluster], text: &str) -> &'a EntityCluster {
        let k = name_key(text);
        cs.iter().find(|c| c.keys.contains(&k)).unwrap()
    }

    #[test]
    fn variants_surnames_and_acronyms_join() {
        let nodes = vec![
            node("Abu Mohammed al-Jolani", 3, EntityKind::Person),
            node("Abu Muhammad al-Julani", 1, EntityKind::Person),
            node("Julani", 4, EntityKind::Other),
            node("Hayat Tahrir al-Sham", 2, EntityKind::Organisation),
            node("HTS", 9, EntityKind::Other),
            node("Bashar Assad", 1, EntityKind::Person),
            node("Hafez Assad", 1, EntityKind::Person),
            node("Assad", 2, EntityKind::Other),
        ];
        let cs = cluster(&nodes, &[], &[]);
        let j = entity_of(&cs, "Julani");
        assert_eq!(j.keys.len(), 3);
        assert_eq!(j.canonical, "Abu Mohammed al-Jolani");
        assert_eq!(j.kind, EntityKind::Person);
        assert_eq!(entity_of(&cs, "HTS").canonical, "Hayat Tahrir al-Sham");
        // Two people named Assad: the bare surname joins neither.
        assert_ne!(
            entity_of(&cs, "Bashar Assad").id,
            entity_of(&cs, "Hafez Assad").id
        );
        assert_eq!(entity_of(&cs, "Assad").keys.len(), 1);
    }

    #[test]
    fn the_names_of_one_country_join_and_a_new_one_reaches_the_others() {
        let nodes = vec![
            node("UK", 60, EntityKind::Place),
            node("Britain", 25, EntityKind::Place),
            node("U.K.", 4, EntityKind::Place),
            node("United States", 90, EntityKind::Place),
            node("America", 20, EntityKind::Place),
            node("Latin America", 5, EntityKind::Place),
            node("BP America", 5, EntityKind::Organisation),
        ];
        let cs = cluster(&nodes, &[], &[]);
        let uk = entity_of(&cs, "Britain");
        assert_eq!(uk.canonical, "UK");
        assert_eq!(uk.keys.len(), 3);
        assert_eq!(entity_of(&cs, "America").canonical, "United States");
        // Other names that end in a country's name are other names.
        for other in ["Latin America", "BP America"] {
            assert_eq!(entity_of(&cs, other).keys.len(), 1, "{other}");
        }
        // "Britain" new to a store of the other names: reclustering from it
        // reaches them and gives what clustering from scratch gives.
        let before: Vec<NameNode> = nodes
            .iter()
            .filter(|n| n.text != "Britain")
            .cloned()
            .collect();
        let previous = cluster(&before, &[], &[]);
        let changed = [incremental::NameChange {
            key: name_key("Britain"),
            before: None,
        }];
        let (again, _) = incremental::recluster(&nodes, &[], &[], &previous, &changed);
        assert_eq!(again, cs);
    }

    #[test]
    fn a_shortened_name_joins_the_only_person_it_shortens() {
        let nodes = vec![
            node("Recep Tayyip Erdogan", 55, EntityKind::Person),
            node("Tayyip Erdogan", 79, EntityKind::Person),
            node("Timothy F. Geithner", 66, EntityKind::Person),
            node("Timothy Geithner", 77, EntityKind::Person),
            node("George H. W. Bush", 30, EntityKind::Person),
            node("George W. Bush", 30, EntityKind::Person),
            node("George Bush", 12, EntityKind::Person),
            node("Hussein Tantawi", 4, EntityKind::Person),
            node("Tantawi Square", 2, EntityKind::Place),
        ];
        let cs = cluster(&nodes, &[], &[]);
        assert_eq!(entity_of(&cs, "Tayyip Erdogan").keys.len(), 2);
        assert_eq!(entity_of(&cs, "Timothy Geithner").keys.len(), 2);
        // Two Bushes it may shorten, neither dominant: it joins neither.
        assert_eq!(entity_of(&cs, "George Bush").keys.len(), 1);
        assert_eq!(entity_of(&cs, "Hussein Tantawi").keys.len(), 1);
        assert!(!shortens(
            &name_tokens("Tayyip Erdogan"),
            &name_tokens("Erdogan Tayyip Recep")
        ));
    }

    #[test]
    fn regression_surname_stayed_apart_from_dominant_full_name() {
        let nodes = vec![
            node("Barack Obama", 200, EntityKind::Person),
            node("Michelle Obama", 12, EntityKind::Person),
            node("Obama", 500, EntityKind::Person),
            node("George Bush", 30, EntityKind::Person),
            node("Jeb Bush", 20, EntityKind::Person),
            node("Bush", 40, EntityKind::Person),
        ];
        let cs = cluster(&nodes, &[], &[]);
        let obama = entity_of(&cs, "Obama");
        assert_eq!(obama.canonical, "Barack Obama");
        assert_ne!(obama.id, entity_of(&cs, "Michelle Obama").id);
        // Two full names mentioned alike: the surname joins neither.
        assert_eq!(entity_of(&cs, "Bush").keys.len(), 1);
    }

    #[test]
    fn regression_acronym_with_a_rare_second_expansion_stayed_apart() {
        let nodes = vec![
            node("U.S.", 2976, EntityKind::Organisation),
            node("United States", 1094, EntityKind::Place),
            node("United Steelworkers", 5, EntityKind::Organisation),
            node("NTC", 40, EntityKind::Organisation),
            node(
                "National Transitional Council",
                30,
                EntityKind::Organisation,
            ),
            node("National Tennis Centre", 20, EntityKind::Organisation),
        ];
        let cs = cluster(&nodes, &[], &[]);
        let us = entity_of(&cs, "U.S.");
        assert_eq!(us.id, entity_of(&cs, "United States").id);
        assert_ne!(us.id, entity_of(&cs, "United Steelworkers").id);
        // Two expansions mentioned alike: the acronym joins neither.
        assert_eq!(entity_of(&cs, "NTC").keys.len(), 1);
    }

    #[test]
    fn regression_one_stray_expansion_named_a_well_known_acronym() {
        let nodes = vec![
            node("CNN", 1367, EntityKind::Organisation),
            node("Christian News Network", 1, EntityKind::Organisation),
            node("Barack Obama", 280, EntityKind::Person),
            node("Obama", 3797, EntityKind::Person),
        ];
        let cs = cluster(&nodes, &[], &[]);
        let cnn = entity_of(&cs, "CNN");
        assert_eq!(cnn.keys.len(), 2);
        assert_eq!(cnn.canonical, "CNN");
        // A full name the corpus does use still names its entity.
        assert_eq!(entity_of(&cs, "Obama").canonical, "Barack Obama");
    }

    #[test]
    fn user_rules_win() {
        let nodes = vec![
            node("Idlib", 3, EntityKind::Place),
            node("Idleb", 1, EntityKind::Place),
            node("Ankara", 1, EntityKind::Place),
            node("Turkey", 1, EntityKind::Place),
        ];
        let split = AliasRule {
            merge: false,
            a: name_key("Idlib"),
            b: name_key("Idleb"),
        };
        let merge = AliasRule {
            merge: true,
            a: name_key("Ankara"),
            b: name_key("Turkey"),
        };
        let plain = cluster(&nodes, &[], &[]);
        assert_eq!(entity_of(&plain, "Idlib").id, entity_of(&plain, "Idleb").id);
        let ruled = cluster(&nodes, &[], &[split, merge]);
        assert_ne!(entity_of(&ruled, "Idlib").id, entity_of(&ruled, "Idleb").id);
        assert_eq!(
            entity_of(&ruled, "Ankara").id,
            entity_of(&ruled, "Turkey").id
        );
    }

    #[test]
    fn regression_transliteration_systems_join_across_the_store() {
        // `relate` knew these pairs, the store-wide resolution did not.
        let nodes = vec![
            node("Mao Zedong", 5, EntityKind::Person),
            node("Mao Tse-tung", 2, EntityKind::Person),
            node("Luhansk", 4, EntityKind::Place),
            node("Lugansk", 1, EntityKind::Place),
            node("Li Keqiang", 2, EntityKind::Person),
            node("Li Qiang", 2, EntityKind::Person),
        ];
        let cs = cluster(&nodes, &[], &[]);
        let mao = entity_of(&cs, "Mao Tse-tung");
        assert_eq!(mao.canonical, "Mao Zedong");
        assert_eq!(mao.keys.len(), 2);
        assert_eq!(entity_of(&cs, "Lugansk").canonical, "Luhansk");
        assert_ne!(
            entity_of(&cs, "Li Keqiang").id,
            entity_of(&cs, "Li Qiang").id
        );
    }

    #[test]
    fn stated_links_join() {
        let nodes = vec![
            node("Jihad Issa al-Sheikh", 1, EntityKind::Person),
            node("Abu Ahmed Zakour", 1, EntityKind::Person),
        ];
        let links = vec![NameLink {
            a: nodes[0].key.clone(),
            b: nodes[1].key.clone(),
        }];
        let cs = cluster(&nodes, &links, &[]);
        assert_eq!(cs.len(), 1);
    }

    #[test]
    fn names_in_other_scripts_join_their_latin_entity() {
        let nodes = vec![
            node("Abu Mohammed al-Jolani", 5, EntityKind::Person),
            node("Jolani", 3, EntityKind::Person),
            node("الجولاني", 2, EntityKind::Person),
            node("أبو محمد الجولاني", 1, EntityKind::Person),
            node("Vladimir Putin", 4, EntityKind::Person),
            node("Путин", 2, EntityKind::Person),
            node("Владимир Путин", 1, EntityKind::Person),
            node("Syria", 6, EntityKind::Place),
            node("سوريا", 2, EntityKind::Place),
            node("Bashar al-Assad", 2, EntityKind::Person),
            node("Hafez al-Assad", 2, EntityKind::Person),
            node("بشار الأسد", 1, EntityKind::Person),
        ];
        let cs = cluster(&nodes, &[], &[]);
        let jolani = entity_of(&cs, "الجولاني");
        assert_eq!(jolani.canonical, "Abu Mohammed al-Jolani");
        assert_eq!(jolani.keys.len(), 4, "{:?}", jolani.keys);
        let putin = entity_of(&cs, "Путин");
        assert_eq!(putin.canonical, "Vladimir Putin");
        assert_eq!(putin.keys.len(), 3, "{:?}", putin.keys);
        assert_eq!(entity_of(&cs, "سوريا").canonical, "Syria");
        assert_eq!(
            entity_of(&cs, "بشار الأسد").id,
            entity_of(&cs, "Bashar al-Assad").id
        );
        assert_ne!(
            entity_of(&cs, "بشار الأسد").id,
            entity_of(&cs, "Hafez al-Assad").id
        );
    }

    #[test]
    fn names_in_other_scripts_without_a_latin_match_stay_alone() {
        let nodes = vec![
            node("Abu Maria al-Qahtani", 2, EntityKind::Person),
            node("الجولاني", 2, EntityKind::Person),
            node("Peskov", 1, EntityKind::Person),
            node("Лавров", 1, EntityKind::Person),
        ];
        let cs = cluster(&nodes, &[], &[]);
        assert_eq!(cs.len(), 4, "{cs:?}");
    }

    #[test]
    fn the_most_used_form_stays_canonical_across_scripts() {
        let nodes = vec![
            node("Vladimir Putin", 1, EntityKind::Person),
            node("Владимир Путин", 9, EntityKind::Person),
        ];
        let cs = cluster(&nodes, &[], &[]);
        assert_eq!(cs.len(), 1);
        assert_eq!(cs[0].canonical, "Владимир Путин");
    }
}
