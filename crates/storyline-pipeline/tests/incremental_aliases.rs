//! Incremental alias resolution equals resolution from scratch. Real names
//! (the entity mentions of 168 articles of corpus/, plus every name of the
//! alias eval set) arrive in random batches of articles; after each batch,
//! `recluster` over the names the batch mentions, from the previous
//! entities, must give what `cluster` gives over every name. A name seen
//! again may come back with more mentions, other type votes and, now and
//! then, another surface form (in capitals, which may make it read as an
//! acronym), so names whose links change are exercised too.

use proptest::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use storyline_model::{EntityKind, NameLink, NameNode};
use storyline_pipeline::annotate::names::name_key;
use storyline_pipeline::annotate::resolve::{self, cluster, recluster, AliasRule, NameChange};

/// One stored mention, as `name_graph` reads it.
#[derive(Clone)]
struct Mention {
    node: String,
    key: String,
    text: String,
    kind: EntityKind,
    confidence: f32,
}

/// The fixture's articles: their mentions and stated links, in order.
struct Article {
    mentions: Vec<Mention>,
    links: Vec<NameLink>,
}

fn fixture() -> &'static Vec<Article> {
    static ARTICLES: OnceLock<Vec<Article>> = OnceLock::new();
    ARTICLES.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/names");
        let rows = |file: &str| -> Vec<Vec<String>> {
            std::fs::read_to_string(format!("{dir}/{file}"))
                .unwrap()
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| l.split('\t').map(str::to_string).collect())
                .collect()
        };
        let mut articles: BTreeMap<u64, Article> = BTreeMap::new();
        let empty = || Article {
            mentions: Vec::new(),
            links: Vec::new(),
        };
        for r in rows("mentions.tsv") {
            let key = r[2].clone();
            let m = Mention {
                node: if r[1].is_empty() {
                    key.clone()
                } else {
                    r[1].clone()
                },
                key,
                text: r[3].clone(),
                kind: EntityKind::parse(&r[4]).unwrap(),
                confidence: r[5].parse().unwrap(),
            };
            let a = articles.entry(r[0].parse().unwrap()).or_insert_with(empty);
            for _ in 0..r[6].parse::<usize>().unwrap() {
                a.mentions.push(m.clone());
            }
        }
        for r in rows("links.tsv") {
            let a = articles.entry(r[0].parse().unwrap()).or_insert_with(empty);
            a.links.push(NameLink {
                a: r[1].clone(),
                b: r[2].clone(),
            });
        }
        let mut out: Vec<Article> = articles.into_values().collect();
        // The alias eval set: hard spellings, systems, scripts, acronyms.
        let pairs = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../corpus/eval/alias_pairs.tsv"
        ))
        .unwrap();
        for line in pairs.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            let mentions = f[..2]
                .iter()
                .map(|t| Mention {
                    node: name_key(t),
                    key: name_key(t),
                    text: t.to_string(),
                    kind: if f[3] == "acronym" {
                        EntityKind::Organisation
                    } else {
                        EntityKind::Person
                    },
                    confidence: 0.6,
                })
                .filter(|m| !m.key.is_empty())
                .collect();
            out.push(Article {
                mentions,
                links: Vec::new(),
            });
        }
        out
    })
}

/// The names of the mentions so far, as the store's `name_graph` makes
/// them (most used own surface form, mention count, summed type votes), in
/// key order.
fn name_nodes(mentions: &[&Mention]) -> Vec<NameNode> {
    let mut nodes = resolve::NameTally::default();
    for m in mentions {
        nodes.add(
            m.node.clone(),
            &m.key,
            m.text.clone(),
            m.kind,
            m.confidence.into(),
        );
    }
    nodes.finish()
}

/// A mention as a later article may write it: now and then in capitals.
fn restyled(m: &Mention, salt: u64) -> Mention {
    let mut m = m.clone();
    if salt.is_multiple_of(7) {
        m.text = m.text.to_uppercase();
    }
    m
}

fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Ingests the fixture's articles in `batches` random batches (by `seed`),
/// each article possibly seen again, restyled, in a later batch; checks
/// after every batch that the incremental entities equal `cluster`'s.
fn incremental_equals_from_scratch(seed: u64, batches: u64, rules: &[AliasRule]) {
    let articles = fixture();
    let mut arrivals: Vec<Vec<(usize, u64)>> = vec![Vec::new(); batches as usize];
    for (i, _) in articles.iter().enumerate() {
        let h = mix(seed ^ i as u64);
        let first = h % batches;
        arrivals[first as usize].push((i, 0));
        if h.is_multiple_of(5) {
            let again = first + (h >> 8) % (batches - first);
            arrivals[again as usize].push((i, h >> 16));
        }
    }
    let mut mentions: Vec<Mention> = Vec::new();
    let mut links: Vec<NameLink> = Vec::new();
    let mut entities = Vec::new();
    let mut nodes: Vec<NameNode> = Vec::new();
    for batch in arrivals {
        let before: HashMap<String, NameNode> =
            nodes.iter().map(|n| (n.key.clone(), n.clone())).collect();
        let mut touched: Vec<String> = Vec::new();
        for (i, salt) in batch {
            for m in &articles[i].mentions {
                mentions.push(restyled(m, salt ^ mix(m.key.len() as u64)));
                touched.push(m.node.clone());
            }
            links.extend(articles[i].links.iter().cloned());
        }
        touched.sort();
        touched.dedup();
        links.sort_by(|a, b| (&a.a, &a.b).cmp(&(&b.a, &b.b)));
        links.dedup();
        nodes = name_nodes(&mentions.iter().collect::<Vec<_>>());
        let changed: Vec<NameChange> = touched
            .into_iter()
            .map(|key| NameChange {
                before: before.get(&key).cloned(),
                key,
            })
            .collect();
        let (incremental, reclustered) = recluster(&nodes, &links, rules, &entities, &changed);
        let scratch = cluster(&nodes, &links, rules);
        assert!(reclustered <= nodes.len());
        assert_eq!(incremental, scratch, "seed {seed}, {batches} batches");
        entities = incremental;
    }
}

#[test]
fn one_batch_at_a_time_equals_from_scratch_with_the_user_rules() {
    let rules = vec![
        AliasRule {
            merge: false,
            a: name_key("Bashar al-Assad"),
            b: name_key("Assad"),
        },
        AliasRule {
            merge: true,
            a: name_key("Damascus"),
            b: name_key("Syria"),
        },
    ];
    incremental_equals_from_scratch(7, 4, &rules);
}

#[test]
fn a_small_batch_reclusters_only_the_names_it_reaches() {
    let articles = fixture();
    let all: Vec<&Mention> = articles.iter().flat_map(|a| &a.mentions).collect();
    let links: Vec<NameLink> = articles.iter().flat_map(|a| a.links.clone()).collect();
    let nodes = name_nodes(&all);
    let entities = cluster(&nodes, &links, &[]);
    let last = &articles[articles.len() - 1].mentions;
    let changed: Vec<NameChange> = last
        .iter()
        .map(|m| NameChange {
            key: m.node.clone(),
            before: nodes.iter().find(|n| n.key == m.node).cloned(),
        })
        .collect();
    let (again, reclustered) = recluster(&nodes, &links, &[], &entities, &changed);
    assert_eq!(again, entities);
    assert!(
        reclustered * 20 < nodes.len(),
        "{reclustered} of {} names reclustered",
        nodes.len()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn random_batches_equal_from_scratch(seed in any::<u64>(), batches in 2u64..7) {
        incremental_equals_from_scratch(seed, batches, &[]);
    }
}

/// A store of `n` made-up person names ("Kalo Renmitu"), each mentioned
/// `mentions(i)` times.
fn made_up_people(n: usize, mentions: impl Fn(usize) -> u64) -> Vec<NameNode> {
    const SYLLABLES: [&str; 20] = [
        "ka", "lo", "mi", "ren", "tu", "sa", "vo", "dal", "pe", "ri", "no", "bas", "gu", "fe",
        "li", "mor", "ta", "zen", "hu", "qui",
    ];
    let word = |parts: &[usize]| {
        let w: String = parts.iter().map(|&p| SYLLABLES[p % 20]).collect();
        let mut c = w.chars();
        c.next()
            .unwrap()
            .to_uppercase()
            .chain(c)
            .collect::<String>()
    };
    let mut tally = resolve::NameTally::default();
    for i in 0..n {
        let text = format!(
            "{} {}",
            word(&[i, i / 20]),
            word(&[i / 400, i * 7 + 3, i / 20 + 11])
        );
        for _ in 0..mentions(i) {
            tally.add(
                name_key(&text),
                &name_key(&text),
                text.clone(),
                EntityKind::Person,
                0.7,
            );
        }
    }
    tally.finish()
}

#[test]
fn a_change_reaching_a_quarter_of_a_big_store_clusters_every_name() {
    let before = made_up_people(6000, |_| 1);
    let rules = vec![AliasRule {
        merge: true,
        a: before[0].key.clone(),
        b: before[1].key.clone(),
    }];
    let entities = cluster(&before, &[], &rules);
    // A batch mentions every third name again: a third of the store.
    let after = made_up_people(6000, |i| if i % 3 == 0 { 2 } else { 1 });
    let changed: Vec<NameChange> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a.mentions != b.mentions)
        .map(|(a, b)| NameChange {
            key: a.key.clone(),
            before: Some(b.clone()),
        })
        .collect();
    assert!(changed.len() * 4 > after.len());
    let (again, reclustered) = recluster(&after, &[], &rules, &entities, &changed);
    assert_eq!(again, cluster(&after, &[], &rules));
    assert_eq!(reclustered, after.len());
    // One name mentioned again: only what it reaches is clustered again.
    let one = made_up_people(6000, |i| if i == 5 { 2 } else { 1 });
    let changed = vec![NameChange {
        key: one[5].key.clone(),
        before: Some(before[5].clone()),
    }];
    let (again, reclustered) = recluster(&one, &[], &rules, &entities, &changed);
    assert_eq!(again, cluster(&one, &[], &rules));
    assert!(reclustered * 4 < one.len(), "{reclustered} reclustered");
}
