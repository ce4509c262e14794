//! The blocking index of alias resolution: the store's names with what the
//! linking rules read of them, and indexes that give, for one name, the
//! names some rule could link it with. Every index is keyed by something
//! each linking pair shares, so no rule compares all pairs: a last token's
//! [`token_match_keys`] (the token, its consonant skeleton, its Double
//! Metaphone codes, its one-letter deletions), a name's letters without word
//! breaks, an acronym's letters against other names' initials, a Latin
//! reading, a transliteration-system spelling.

use super::super::lexicon::country_name_of;
use super::super::names::{
    acronym_letters, acronym_of, compared_tokens, initials, is_acronym, latin_tokens,
    relate_tokens, relate_transliterated, same_across_systems, skeleton, system_tokens,
    token_match, token_match_keys, NameRelation,
};
use super::super::translit::Script;
use super::NameNode;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// What the linking rules read of one name.
pub(super) struct Features {
    pub text: String,
    /// Folded tokens of its key.
    pub tokens: Vec<String>,
    /// Written like an acronym ("HTS").
    pub acronym: bool,
    /// A name in Arabic or Cyrillic script, read in Latin letters: compared
    /// with Latin names through this, never in the Latin passes, whose
    /// comparisons assume Latin letters.
    pub latin: Option<(Vec<String>, Script)>,
    /// The block of a Latin name: the first letter of its last token's
    /// skeleton (romanisations keep it, or fold it to the same class).
    /// `None` for a name with a Latin reading or without tokens.
    pub block: Option<String>,
    /// `token_match_keys` of the last token (of the Latin reading for a
    /// name in another script), by their numbers in [`Names`]' key table.
    pub last_keys: Vec<KeyId>,
    /// The tokens (of the reading) written without breaks.
    pub letters: String,
    /// A non-acronym name's spelling in its transliteration system.
    pub system: Option<(&'static str, String)>,
    /// The country a Latin name is one of the names of
    /// ([`country_name_of`]): "Britain" and "UK" both `unitedkingdom`.
    pub country: Option<&'static str>,
}

/// The number of a last-token key ([`token_match_keys`]) in the key table
/// of [`Names`]: the indexes are looked up by number, not by string.
pub(super) type KeyId = usize;

impl Features {
    /// The features of `node`, its last-token keys numbered by `key_id`
    /// (a key without a number is left out: no name of the index has it).
    pub fn of(node: &NameNode, mut key_id: impl FnMut(String) -> Option<KeyId>) -> Self {
        let tokens = compared_tokens(&node.key);
        let acronym = is_acronym(&node.text);
        let latin = latin_tokens(&node.text).or_else(|| latin_tokens(&node.key));
        let block = match (&latin, tokens.last()) {
            (None, Some(last)) => Some(block_of(last)),
            _ => None,
        };
        let compared = latin.as_ref().map_or(&tokens, |(reading, _)| reading);
        let last_keys = compared.last().map_or_else(Vec::new, |t| {
            token_match_keys(t)
                .into_iter()
                .filter_map(&mut key_id)
                .collect()
        });
        let letters = compared.concat();
        let system = if acronym {
            None
        } else {
            system_tokens(&node.text).map(|(folded, system)| (system, folded.concat()))
        };
        let country = match latin {
            None => country_name_of(&letters),
            Some(_) => None,
        };
        Features {
            text: node.text.clone(),
            tokens,
            acronym,
            latin,
            block,
            last_keys,
            letters,
            system,
            country,
        }
    }

    /// The Latin reading, when this name is in another script, has one and
    /// may join a Latin name.
    fn joining_reading(&self) -> Option<&[String]> {
        match &self.latin {
            Some((reading, _)) if !self.acronym && !reading.is_empty() => Some(reading),
            _ => None,
        }
    }
}

/// The block of a name whose last folded token is `last`.
pub(super) fn block_of(last: &str) -> String {
    skeleton(last).chars().take(1).collect()
}

/// True when the name in another script `script` may join the Latin name
/// `latin` (the state-free part of `join_across_scripts`' test: the same
/// name read in Latin letters, or a one-word reading that is its last word).
fn reading_may_join(script: &Features, latin: &Features) -> bool {
    let Some(reading) = script.joining_reading() else {
        return false;
    };
    let last = reading.last().expect("a joining reading has tokens");
    if latin.acronym || latin.block.as_deref() != Some(block_of(last).as_str()) {
        return false;
    }
    (latin.tokens.len() == reading.len()
        && relate_transliterated(reading, &latin.tokens) == NameRelation::Same)
        || (reading.len() == 1
            && latin.tokens.len() >= 2
            && token_match(&reading[0], latin.tokens.last().unwrap()))
}

/// True when one of two Latin names of one block may be the surname of the
/// other (the state-free part of `join_surnames`' test).
fn surname_may_join(a: &Features, b: &Features) -> bool {
    let one_way = |one: &Features, full: &Features| {
        one.tokens.len() == 1
            && !one.acronym
            && full.tokens.len() >= 2
            && token_match(&one.tokens[0], full.tokens.last().unwrap())
    };
    one_way(a, b) || one_way(b, a)
}

/// True when one of two Latin names of one block may shorten the other
/// (the state-free part of `join_shortened_names`' test).
fn shortened_may_join(a: &Features, b: &Features) -> bool {
    !a.acronym
        && !b.acronym
        && (super::shortens(&a.tokens, &b.tokens) || super::shortens(&b.tokens, &a.tokens))
}

/// True when two Latin names of one block may be one name in two spellings
/// (`join_spelling_variants`' test).
fn spelling_may_join(a: &Features, b: &Features) -> bool {
    !a.acronym
        && !b.acronym
        && a.tokens.len() == b.tokens.len()
        && (relate_tokens(&a.tokens, &b.tokens) == NameRelation::Same
            || relate_tokens(&b.tokens, &a.tokens) == NameRelation::Same)
}

/// Adds name `i` under the key numbered `key`.
fn push_id_to(index: &mut HashMap<KeyId, Vec<usize>>, key: KeyId, i: usize) {
    let list = index.entry(key).or_default();
    if list.last() != Some(&i) {
        list.push(i);
    }
}

/// Adds name `i` under `key`, copying the key only when it is new.
fn push_to(index: &mut HashMap<String, Vec<usize>>, key: &str, i: usize) {
    match index.get_mut(key) {
        Some(list) => {
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
        None => {
            index.insert(key.to_string(), vec![i]);
        }
    }
}

/// The Latin names of one block by the keys of their last token and by
/// their letters.
#[derive(Default)]
pub(super) struct LatinBlock {
    by_last_token: HashMap<KeyId, Vec<usize>>,
    by_letters: HashMap<String, Vec<usize>>,
}

/// The store's names with their [`Features`] and the blocking indexes.
pub(super) struct Names<'a> {
    pub nodes: &'a [NameNode],
    pub position: HashMap<&'a str, usize>,
    pub features: Vec<Features>,
    /// The number of each last-token key of the names.
    key_ids: HashMap<String, KeyId>,
    /// Latin names by block, each in name order.
    pub blocks: BTreeMap<String, Vec<usize>>,
    /// Latin names by block, then by the keys of their last token and by
    /// their letters.
    latin: HashMap<String, LatinBlock>,
    /// Names not written as acronyms by their initials.
    by_initials: HashMap<String, Vec<usize>>,
    /// Acronyms by their letters.
    acronyms_by_letters: HashMap<String, Vec<usize>>,
    /// Names with a joining Latin reading, by its last token's keys and by
    /// its letters.
    readings_by_last_token: HashMap<KeyId, Vec<usize>>,
    readings_by_letters: HashMap<String, Vec<usize>>,
    /// Non-acronym names with a Latin reading by the reading.
    by_reading: HashMap<(Script, Vec<String>), Vec<usize>>,
    /// Non-acronym names by their transliteration-system spelling.
    pub by_system: HashMap<(&'static str, String), Vec<usize>>,
    /// Latin names of a country by its conventional name, in name order.
    pub by_country: BTreeMap<&'static str, Vec<usize>>,
}

impl<'a> Names<'a> {
    pub fn new(nodes: &'a [NameNode]) -> Self {
        let mut key_ids: HashMap<String, KeyId> = HashMap::default();
        let features = nodes
            .iter()
            .map(|n| {
                Features::of(n, |key| {
                    let next = key_ids.len();
                    Some(*key_ids.entry(key).or_insert(next))
                })
            })
            .collect();
        let mut names = Names {
            nodes,
            position: nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.key.as_str(), i))
                .collect(),
            features,
            key_ids,
            blocks: BTreeMap::new(),
            latin: HashMap::default(),
            by_initials: HashMap::with_capacity_and_hasher(2 * nodes.len(), Default::default()),
            acronyms_by_letters: HashMap::default(),
            readings_by_last_token: HashMap::default(),
            readings_by_letters: HashMap::default(),
            by_reading: HashMap::default(),
            by_system: HashMap::default(),
            by_country: BTreeMap::new(),
        };
        for (i, f) in names.features.iter().enumerate() {
            if let Some(block) = &f.block {
                if !names.latin.contains_key(block) {
                    names.blocks.insert(block.clone(), Vec::new());
                    names.latin.insert(block.clone(), LatinBlock::default());
                }
                names.blocks.get_mut(block).expect("added above").push(i);
                let latin = names.latin.get_mut(block).expect("added above");
                for &k in &f.last_keys {
                    push_id_to(&mut latin.by_last_token, k, i);
                }
                push_to(&mut latin.by_letters, &f.letters, i);
            }
            if f.acronym {
                push_to(&mut names.acronyms_by_letters, &acronym_letters(&f.text), i);
            } else {
                let (all, content) = initials(&f.text);
                push_to(&mut names.by_initials, &all, i);
                push_to(&mut names.by_initials, &content, i);
            }
            if f.joining_reading().is_some() {
                for &k in &f.last_keys {
                    push_id_to(&mut names.readings_by_last_token, k, i);
                }
                push_to(&mut names.readings_by_letters, &f.letters, i);
            }
            if let (Some((reading, script)), false) = (&f.latin, f.acronym) {
                names
                    .by_reading
                    .entry((*script, reading.clone()))
                    .or_default()
                    .push(i);
            }
            if let Some(system) = &f.system {
                names.by_system.entry(system.clone()).or_default().push(i);
            }
            if let Some(country) = f.country {
                names.by_country.entry(country).or_default().push(i);
            }
        }
        names
    }

    /// The features of a name that may not be in the index (a name as an
    /// earlier resolution saw it): keys no name of the index has are left
    /// out, as they could find no candidate.
    pub fn features_of(&self, node: &NameNode) -> Features {
        Features::of(node, |key| self.key_ids.get(&key).copied())
    }

    /// The positions of a pair of keys, when both are names of the store.
    pub fn pair(&self, a: &str, b: &str) -> Option<(usize, usize)> {
        Some((*self.position.get(a)?, *self.position.get(b)?))
    }

    /// Latin names of `block` whose last token shares one of `last_keys`
    /// or whose letters are `letters`, in name order: every name a rule
    /// comparing last tokens (or whole names) could link.
    pub fn latin_candidates(
        &self,
        last_keys: &[KeyId],
        letters: Option<&str>,
        block: &str,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        self.latin_candidates_into(last_keys, letters, block, &mut out);
        out
    }

    /// [`Names::latin_candidates`] written into `out` (emptied first), so a
    /// rule visiting every name reuses one buffer.
    pub fn latin_candidates_into(
        &self,
        last_keys: &[KeyId],
        letters: Option<&str>,
        block: &str,
        out: &mut Vec<usize>,
    ) {
        out.clear();
        let Some(latin) = self.latin.get(block) else {
            return;
        };
        for k in last_keys {
            out.extend(latin.by_last_token.get(k).into_iter().flatten());
        }
        if let Some(l) = letters {
            out.extend(latin.by_letters.get(l).into_iter().flatten());
        }
        out.sort_unstable();
        out.dedup();
    }

    /// Names not written as acronyms whose initials are `letters`, in name
    /// order (the names an acronym of those letters may abbreviate).
    pub fn expansions(&self, letters: &str) -> &[usize] {
        self.by_initials.get(letters).map_or(&[], Vec::as_slice)
    }

    /// Every name a linking rule could join with a name of features `f`,
    /// in either direction, whatever the sets hold (the rules' tests that
    /// read no types or sets); user rules and stated links aside.
    pub fn neighbours(&self, f: &Features) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        if let Some(block) = &f.block {
            for j in self.latin_candidates(&f.last_keys, Some(&f.letters), block) {
                let g = &self.features[j];
                if spelling_may_join(f, g) || surname_may_join(f, g) || shortened_may_join(f, g) {
                    out.push(j);
                }
            }
            let mut readings: Vec<usize> = Vec::new();
            for k in &f.last_keys {
                readings.extend(self.readings_by_last_token.get(k).into_iter().flatten());
            }
            readings.extend(
                self.readings_by_letters
                    .get(&f.letters)
                    .into_iter()
                    .flatten(),
            );
            out.extend(
                readings
                    .into_iter()
                    .filter(|&j| reading_may_join(&self.features[j], f)),
            );
        }
        if let (Some((reading, script)), false) = (&f.latin, f.acronym) {
            out.extend(
                self.by_reading
                    .get(&(*script, reading.clone()))
                    .into_iter()
                    .flatten(),
            );
        }
        if let Some(reading) = f.joining_reading() {
            let block = block_of(reading.last().unwrap());
            for j in self.latin_candidates(&f.last_keys, Some(&f.letters), &block) {
                if reading_may_join(f, &self.features[j]) {
                    out.push(j);
                }
            }
        }
        if let Some(system) = &f.system {
            for &j in self.by_system.get(system).into_iter().flatten() {
                let other = &self.features[j].text;
                if same_across_systems(&f.text, other) || same_across_systems(other, &f.text) {
                    out.push(j);
                }
            }
        }
        if let Some(country) = f.country {
            out.extend(self.by_country.get(country).into_iter().flatten());
        }
        if f.acronym {
            for &j in self.expansions(&acronym_letters(&f.text)) {
                if acronym_of(&f.text, &self.features[j].text) {
                    out.push(j);
                }
            }
        } else {
            let (all, content) = initials(&f.text);
            for letters in [all, content] {
                for &j in self.acronyms_by_letters.get(&letters).into_iter().flatten() {
                    if acronym_of(&self.features[j].text, &f.text) {
                        out.push(j);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
