//! Matching saved watches against what an ingest added: only the articles
//! stored after each watch's mark are read, and each match is recorded once
//! (the store ignores an alert it already holds), so a re-ingest or a
//! restart never alerts twice. A watch's query is run through the search
//! index in the search syntax, restricted to the new articles.

use std::collections::{BTreeMap, HashMap, HashSet};
use storyline_store::{Alert, SearchIndex, StoreError, StoredArticle, Watch};

/// Articles read per page while matching.
const PAGE: usize = 1000;

/// What matching the watches did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct WatchReport {
    /// Watches matched.
    pub watches: u64,
    /// Articles read (new to at least one watch).
    pub articles: u64,
    /// Alerts newly recorded.
    pub alerts: u64,
}

/// What one article offers the watches, computed once per run.
#[derive(Default)]
struct Facts {
    entities: Option<Vec<(String, String)>>,
    event: Option<Option<storyline_model::EventRecord>>,
}

/// Matches every watch against the articles stored after its mark and
/// records the alerts, stamped `now` (RFC 3339). Queries run through
/// `index`; only articles the index holds are matched, so a watch's mark
/// never passes an article its query could not see yet.
pub fn match_watches(
    store: &mut dyn storyline_store::Store,
    index: &SearchIndex,
    now: &str,
) -> Result<WatchReport, StoreError> {
    let watches = store.watches()?;
    let max = store.max_seq()?.min(index.indexed_seq()?);
    let behind: Vec<&Watch> = watches.iter().filter(|w| w.mark < max).collect();
    let mut report = WatchReport {
        watches: watches.len() as u64,
        ..WatchReport::default()
    };
    let Some(from) = behind.iter().map(|w| w.mark).min() else {
        return Ok(report);
    };
    let mut speakers: HashMap<String, HashSet<String>> = HashMap::new();
    for w in &behind {
        if let Some(s) = &w.speaker {
            if !speakers.contains_key(s) {
                let quoted = quoted_articles(&*store, s)?;
                speakers.insert(s.clone(), quoted);
            }
        }
    }
    let mut pending: BTreeMap<String, Vec<Alert>> = BTreeMap::new();
    let mut after = from;
    loop {
        let mut page = store.articles_after(after, PAGE)?;
        page.retain(|a| a.seq <= max);
        let Some(last) = page.last() else { break };
        after = last.seq;
        report.articles += page.len() as u64;
        let ids: Vec<String> = page.iter().map(|a| a.article.id.0.clone()).collect();
        let mut hits: HashMap<&str, HashSet<String>> = HashMap::new();
        for q in behind.iter().filter_map(|w| w.query.as_deref()) {
            if !hits.contains_key(q) {
                hits.insert(q, index.matching_ids(q, &ids)?);
            }
        }
        for a in &page {
            let mut facts = Facts::default();
            for w in behind.iter().filter(|w| w.mark < a.seq) {
                if let Some(alert) = match_one(&*store, w, a, &mut facts, &speakers, &hits, now)? {
                    pending.entry(w.name.clone()).or_default().push(alert);
                }
            }
        }
    }
    for w in &behind {
        let alerts = pending.remove(&w.name).unwrap_or_default();
        report.alerts += store.record_alerts(&w.name, &alerts, max)?.len() as u64;
    }
    Ok(report)
}

/// The articles quoting a speaker (an entity id or name).
fn quoted_articles(
    store: &dyn storyline_store::Store,
    speaker: &str,
) -> Result<HashSet<String>, StoreError> {
    let id = store
        .entity(speaker)?
        .map(|e| e.summary.id)
        .unwrap_or_else(|| speaker.to_string());
    Ok(store
        .quote_bank(Some(&id))?
        .into_iter()
        .flat_map(|q| q.articles.into_iter().map(|s| s.article.0))
        .collect())
}

/// The alert one watch raises for one article, if it matches.
fn match_one(
    store: &dyn storyline_store::Store,
    w: &Watch,
    a: &StoredArticle,
    facts: &mut Facts,
    speakers: &HashMap<String, HashSet<String>>,
    query_hits: &HashMap<&str, HashSet<String>>,
    now: &str,
) -> Result<Option<Alert>, StoreError> {
    let mut why = Vec::new();
    if let Some(q) = &w.query {
        if !query_hits
            .get(q.as_str())
            .is_some_and(|ids| ids.contains(&a.article.id.0))
        {
            return Ok(None);
        }
        why.push(format!("matches the query {q:?}"));
    }
    if let Some(e) = &w.entity {
        if facts.entities.is_none() {
            let list = store.entities_in(std::slice::from_ref(&a.article.id))?;
            facts.entities = Some(list.into_iter().map(|c| (c.id, c.name)).collect());
        }
        let wanted = e.to_lowercase();
        let hit = facts
            .entities
            .iter()
            .flatten()
            .find(|(id, name)| id.to_lowercase() == wanted || name.to_lowercase() == wanted);
        let Some((_, name)) = hit else {
            return Ok(None);
        };
        why.push(format!("mentions {name}"));
    }
    if let Some(s) = &w.speaker {
        if !speakers
            .get(s)
            .is_some_and(|set| set.contains(&a.article.id.0))
        {
            return Ok(None);
        }
        why.push(format!("quotes {s}"));
    }
    let title = a
        .article
        .title
        .clone()
        .unwrap_or_else(|| a.article.id.0.clone());
    let mut item = (a.article.id.0.clone(), "article", title);
    if w.story.is_some() || w.min_sources.is_some() {
        if facts.event.is_none() {
            let ev = store.events_of_articles(std::slice::from_ref(&a.article.id))?;
            facts.event = Some(ev.into_iter().next());
        }
        let Some(Some(ev)) = &facts.event else {
            return Ok(None);
        };
        if let Some(story) = w.story {
            if ev.story != story {
                return Ok(None);
            }
            why.push(format!("is in story {story}"));
        }
        if let Some(min) = w.min_sources {
            if (ev.independent_sources as u64) < u64::from(min) {
                return Ok(None);
            }
            why.push(format!(
                "has {} independent sources",
                ev.independent_sources
            ));
        }
        item = (format!("event:{}", ev.id), "event", ev.headline.clone());
    }
    if why.is_empty() {
        why.push("is new".into());
    }
    Ok(Some(Alert {
        watch: w.name.clone(),
        item: item.0,
        kind: item.1.into(),
        title: item.2,
        reason: why.join(", "),
        raised_at: now.to_string(),
        seq: a.seq,
        delivery: None,
    }))
}
