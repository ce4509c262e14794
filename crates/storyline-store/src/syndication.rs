//! Incremental syndication over any [`Store`]: new articles are fingerprinted,
//! looked up in the persistent LSH index, verified against their candidates,
//! linked, and the groups they touch are recomputed. Nothing is rebuilt.
//!
//! Order independence: a pair of articles becomes a candidate when they share
//! a band key, whichever came first (the later one finds the earlier in the
//! index; two of one batch are compared in memory). Links are verified on the
//! real shingle sets, groups are connected components of copy links, and the
//! canonical member and the group key come from total orders over the members.
//! So the stored links and groups are the same whatever the ingest order.
//!
//! Crash safety: a batch's links and groups are written before its articles'
//! fingerprints; articles without a fingerprint are processed again on the
//! next run, and writing the same links and groups again changes nothing.

use crate::{FingerprintEntry, Store, StoreError, StoredArticle};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use storyline_model::{ArticleId, DupLink, GroupMember, SyndicationGroup};
use storyline_pipeline::dedup::{self, DedupParams, Fingerprint, LinkKind, MemberInfo};

/// Articles fingerprinted per round when catching up.
const BATCH: usize = 1000;

/// Fingerprints and links every stored article not yet in the LSH index, and
/// regroups what they touch. Returns the number of articles processed.
pub fn catch_up<S: Store + ?Sized>(store: &mut S, params: &DedupParams) -> Result<u64, StoreError> {
    let mut done = 0;
    loop {
        let batch = store.unfingerprinted(BATCH)?;
        if batch.is_empty() {
            return Ok(done);
        }
        done += batch.len() as u64;
        process(store, &batch, params)?;
    }
}

fn process<S: Store + ?Sized>(
    store: &mut S,
    batch: &[StoredArticle],
    params: &DedupParams,
) -> Result<(), StoreError> {
    let fps: Vec<Fingerprint> = batch
        .iter()
        .map(|a| Fingerprint::of(&a.article.text))
        .collect();
    let keys: Vec<[u64; dedup::BANDS]> = fps.iter().map(Fingerprint::band_keys).collect();
    let in_batch: HashMap<&ArticleId, usize> = batch
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.article.id, i))
        .collect();
    let mut cache: HashMap<ArticleId, Option<Fingerprint>> = HashMap::new();
    let mut links: BTreeMap<(ArticleId, ArticleId), DupLink> = BTreeMap::new();

    // Pairs inside the batch.
    let candidate_keys: Vec<Option<[u64; dedup::BANDS]>> = keys.iter().copied().map(Some).collect();
    for (i, j) in dedup::candidate_pairs(&candidate_keys) {
        let (i, j) = (i as usize, j as usize);
        add_link(
            &mut links,
            (&batch[i].article.id, &fps[i]),
            (&batch[j].article.id, &fps[j]),
            params,
        );
    }
    // Pairs with articles already in the index.
    for (i, a) in batch.iter().enumerate() {
        for c in store.lsh_candidates(&keys[i])? {
            if c == a.article.id || in_batch.contains_key(&c) {
                continue;
            }
            if !cache.contains_key(&c) {
                let fp = store
                    .get_article(c.as_str())?
                    .map(|s| Fingerprint::of(&s.article.text));
                cache.insert(c.clone(), fp);
            }
            if let Some(fp) = &cache[&c] {
                add_link(&mut links, (&a.article.id, &fps[i]), (&c, fp), params);
            }
        }
    }
    let links: Vec<DupLink> = links.into_values().collect();
    store.put_links(&links)?;

    // Regroup every component a new copy link touches.
    let mut seeds: BTreeSet<ArticleId> = BTreeSet::new();
    for l in links.iter().filter(|l| is_copy(&l.kind)) {
        seeds.insert(l.a.clone());
        seeds.insert(l.b.clone());
    }
    let mut done: BTreeSet<ArticleId> = BTreeSet::new();
    for seed in seeds {
        if done.contains(&seed) {
            continue;
        }
        let component = component_of(store, &seed)?;
        done.extend(component.iter().cloned());
        regroup(store, &component)?;
    }

    let entries: Vec<FingerprintEntry> = batch
        .iter()
        .zip(&fps)
        .zip(&keys)
        .map(|((a, fp), k)| FingerprintEntry {
            id: a.article.id.clone(),
            text_hash: fp.text_hash,
            shingles: fp.shingles.len(),
            band_keys: k.to_vec(),
        })
        .collect();
    store.put_fingerprints(&entries)
}

fn is_copy(kind: &str) -> bool {
    LinkKind::parse(kind).is_some_and(LinkKind::is_copy)
}

fn add_link(
    links: &mut BTreeMap<(ArticleId, ArticleId), DupLink>,
    x: (&ArticleId, &Fingerprint),
    y: (&ArticleId, &Fingerprint),
    params: &DedupParams,
) {
    let ((a, fa), (b, fb)) = if x.0 <= y.0 { (x, y) } else { (y, x) };
    if a == b || links.contains_key(&(a.clone(), b.clone())) {
        return;
    }
    if let Some((kind, sim)) = dedup::judge(fa, fb, params) {
        links.insert(
            (a.clone(), b.clone()),
            DupLink {
                a: a.clone(),
                b: b.clone(),
                kind: kind.as_str().to_string(),
                jaccard: sim.jaccard,
                a_in_b: sim.a_in_b,
                b_in_a: sim.b_in_a,
            },
        );
    }
}

/// The article's connected component over stored copy links, sorted.
fn component_of<S: Store + ?Sized>(
    store: &S,
    start: &ArticleId,
) -> Result<Vec<ArticleId>, StoreError> {
    let mut seen: BTreeSet<ArticleId> = BTreeSet::from([start.clone()]);
    let mut todo = vec![start.clone()];
    while let Some(x) = todo.pop() {
        for l in store.links_of(&x)? {
            if !is_copy(&l.kind) {
                continue;
            }
            for y in [l.a, l.b] {
                if seen.insert(y.clone()) {
                    todo.push(y);
                }
            }
        }
    }
    Ok(seen.into_iter().collect())
}

/// Recomputes and stores the group of one component.
fn regroup<S: Store + ?Sized>(store: &mut S, component: &[ArticleId]) -> Result<(), StoreError> {
    let mut articles = Vec::with_capacity(component.len());
    let mut replaces = BTreeSet::new();
    for id in component {
        let Some(a) = store.get_article(id.as_str())? else {
            continue;
        };
        if let Some(g) = store.group_of(id)? {
            replaces.insert(g.key);
        }
        let fp = Fingerprint::of(&a.article.text);
        articles.push((a, fp));
    }
    if articles.len() < 2 {
        return Ok(());
    }
    let infos: Vec<MemberInfo> = articles
        .iter()
        .map(|(a, fp)| MemberInfo {
            id: a.article.id.as_str(),
            shingles: fp.shingles.len(),
            date: a.article.published.date,
            wire_credit: a.article.wire_credit.as_deref(),
        })
        .collect();
    let Some(c) = dedup::canonical(&infos) else {
        return Ok(());
    };
    let canon = &articles[c].1;
    let members: Vec<GroupMember> = articles
        .iter()
        .map(|(a, fp)| {
            let sim = dedup::similarity(&fp.shingles, &canon.shingles);
            GroupMember {
                id: a.article.id.clone(),
                similarity: sim.jaccard,
                contained: sim.a_in_b,
            }
        })
        .collect();
    let group = SyndicationGroup {
        key: members[0].id.clone(),
        canonical: articles[c].0.article.id.clone(),
        origin: dedup::origin(&infos),
        members,
    };
    let replaces: Vec<ArticleId> = replaces.into_iter().collect();
    store.put_group(&group, &replaces)
}
