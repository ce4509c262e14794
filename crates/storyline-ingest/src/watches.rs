//! Matching saved watches against what an ingest added: only the articles
//! stored after each watch's mark are read, and each match is recorded once
//! (the store ignores an alert it already holds), so a re-ingest or a
//! restart never alerts twice. A watch's query is run through the search
//! index in the search syntax, restricted to the new articles' range.

use std::collections::{BTreeMap, HashMap, HashSet};
use storyline_store::{Alert, Budget, SearchIndex, StoreError, StoredArticle, Watch};

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

/// Matches the watches of a data directory against what was stored since
/// their marks, stamped with the current time: the index is refreshed
/// first (with PostgreSQL it catches up with what other nodes stored), and
/// the stage runs under the events stage's lock. What every ingest path
/// runs after storing.
pub fn match_watches_in(dir: &mut storyline_store::DataDir) -> Result<WatchReport, StoreError> {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    dir.refresh()?;
    dir.with_stage_and_index(storyline_store::StageName::Events, |s, index| {
        match_watches(s, index, &now)
    })
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
    let mut speakers: HashMap<String, SpeakerQuotes> = HashMap::new();
    for w in &behind {
        if let Some(s) = &w.speaker {
            if !speakers.contains_key(s) {
                let quotes = SpeakerQuotes::of(&*store, s, from)?;
                speakers.insert(s.clone(), quotes);
            }
        }
    }
    let mut pending: BTreeMap<String, Vec<Alert>> = BTreeMap::new();
    // New articles' sequence numbers, and the alerts of speaker watches by
    // (watch, article), turned into quote alerts once every page is read.
    let mut seq_of: HashMap<String, i64> = HashMap::new();
    let mut quoting: HashMap<(String, String), Alert> = HashMap::new();
    let mut after = from;
    loop {
        let mut page = store.articles_after(after, PAGE)?;
        page.retain(|a| a.seq <= max);
        let Some(last) = page.last() else { break };
        let page_after = after;
        after = last.seq;
        report.articles += page.len() as u64;
        let mut hits: HashMap<&str, HashSet<i64>> = HashMap::new();
        for q in behind.iter().filter_map(|w| w.query.as_deref()) {
            if !hits.contains_key(q) {
                hits.insert(q, index.matching_seqs(q, page_after, after)?);
            }
        }
        for a in &page {
            seq_of.insert(a.article.id.0.clone(), a.seq);
            let mut facts = Facts::default();
            for w in behind.iter().filter(|w| w.mark < a.seq) {
                if let Some(alert) = match_one(&*store, w, a, &mut facts, &speakers, &hits, now)? {
                    if w.speaker.is_some() {
                        quoting.insert((w.name.clone(), a.article.id.0.clone()), alert);
                    } else {
                        pending.entry(w.name.clone()).or_default().push(alert);
                    }
                }
            }
        }
    }
    // A speaker's watch alerts once per new quote: a quote every sighting
    // of which is new to the watch, at its first sighting (a copy of an
    // old quote in a new article is not news).
    for w in &behind {
        let Some(quotes) = w.speaker.as_ref().and_then(|s| speakers.get(s)) else {
            continue;
        };
        for q in &quotes.entries {
            let seqs: Option<Vec<(i64, &storyline_store::QuoteSighting)>> = q
                .articles
                .iter()
                .map(|s| seq_of.get(&s.article.0).map(|&seq| (seq, s)))
                .collect();
            let Some(first) = seqs.and_then(|v| v.into_iter().min_by_key(|(seq, _)| *seq)) else {
                continue;
            };
            if first.0 <= w.mark {
                continue;
            }
            let sighting = first.1;
            let Some(alert) = quoting.get(&(w.name.clone(), sighting.article.0.clone())) else {
                continue;
            };
            let speaker = q.speaker.as_deref().unwrap_or(quotes.name.as_str());
            pending.entry(w.name.clone()).or_default().push(Alert {
                item: format!("quote:{}:{}", sighting.span.0, sighting.article.0),
                kind: "quote".into(),
                title: format!("\u{201c}{}\u{201d} ({speaker})", q.text),
                ..alert.clone()
            });
        }
    }
    for w in &behind {
        let alerts = pending.remove(&w.name).unwrap_or_default();
        report.alerts += store.record_alerts(&w.name, &alerts, max)?.len() as u64;
    }
    Ok(report)
}

/// A speaker's quotes (the quote bank's listed entries) and the articles
/// quoting them.
struct SpeakerQuotes {
    /// The speaker's name as the watch is shown (its entity's name).
    name: String,
    entries: Vec<storyline_store::QuoteBankEntry>,
    articles: HashSet<String>,
}

impl SpeakerQuotes {
    /// The quotes of a speaker given as an entity id or any of its names
    /// (as `storyline entity` finds it) that an article stored after
    /// `after_seq` has: the cost follows the new articles, not the
    /// speaker's history.
    fn of(
        store: &dyn storyline_store::Store,
        speaker: &str,
        after_seq: i64,
    ) -> Result<Self, StoreError> {
        let found = crate::events::find_entity_head(store, speaker, &Budget::unlimited(), 0)?;
        let (id, name) = match found {
            crate::events::EntityLookup::Found(e) => (e.summary.id, e.summary.name),
            _ => (speaker.to_string(), speaker.to_string()),
        };
        let entries: Vec<_> = store
            .quote_bank_after(Some(&id), Some(after_seq))?
            .into_iter()
            .filter(|q| q.listed_by_default())
            .collect();
        let articles = entries
            .iter()
            .flat_map(|q| q.articles.iter().map(|s| s.article.0.clone()))
            .collect();
        Ok(SpeakerQuotes {
            name,
            entries,
            articles,
        })
    }
}

/// The alert one watch raises for one article, if it matches.
fn match_one(
    store: &dyn storyline_store::Store,
    w: &Watch,
    a: &StoredArticle,
    facts: &mut Facts,
    speakers: &HashMap<String, SpeakerQuotes>,
    query_hits: &HashMap<&str, HashSet<i64>>,
    now: &str,
) -> Result<Option<Alert>, StoreError> {
    let mut why = Vec::new();
    if let Some(q) = &w.query {
        if !query_hits
            .get(q.as_str())
            .is_some_and(|seqs| seqs.contains(&a.seq))
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
            .is_some_and(|q| q.articles.contains(&a.article.id.0))
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
