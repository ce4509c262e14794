//! Matching saved watches against what an ingest added: only the articles
//! stored after each watch's mark are read, and each match is recorded once
//! (the store ignores an alert it already holds), so a re-ingest or a
//! restart never alerts twice.

use std::collections::{BTreeMap, HashMap, HashSet};
use storyline_store::{Alert, StoreError, StoredArticle, Watch};

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

/// The words of a text, lowercased, split at anything not alphanumeric.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A query as its terms: each a word, or a `"quoted phrase"` of words.
pub fn query_terms(query: &str) -> Vec<Vec<String>> {
    let mut terms = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            let phrase = words(part);
            if !phrase.is_empty() {
                terms.push(phrase);
            }
        } else {
            terms.extend(words(part).into_iter().map(|w| vec![w]));
        }
    }
    terms
}

/// An article's words, in order and as a set (for one-word terms).
struct TextWords {
    seq: Vec<String>,
    set: HashSet<String>,
}

impl TextWords {
    fn of(text: &str) -> Self {
        let seq = words(text);
        let set = seq.iter().cloned().collect();
        TextWords { seq, set }
    }
}

/// True when every term occurs in the words (a phrase as a run of words).
fn contains_all(text: &TextWords, terms: &[Vec<String>]) -> bool {
    terms.iter().all(|t| match t.as_slice() {
        [word] => text.set.contains(word),
        _ => text
            .seq
            .windows(t.len())
            .any(|w| w.iter().zip(t).all(|(a, b)| a == b)),
    })
}

/// What one article offers the watches, computed once per run.
#[derive(Default)]
struct Facts {
    words: Option<TextWords>,
    entities: Option<Vec<(String, String)>>,
    event: Option<Option<storyline_model::EventRecord>>,
}

/// Matches every watch against the articles stored after its mark and
/// records the alerts, stamped `now` (RFC 3339).
pub fn match_watches(
    store: &mut dyn storyline_store::Store,
    now: &str,
) -> Result<WatchReport, StoreError> {
    let watches = store.watches()?;
    let max = store.max_seq()?;
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
    let queries: HashMap<String, Vec<Vec<String>>> = behind
        .iter()
        .filter_map(|w| Some((w.name.clone(), query_terms(w.query.as_deref()?))))
        .collect();
    let mut pending: BTreeMap<String, Vec<Alert>> = BTreeMap::new();
    let mut after = from;
    loop {
        let page = store.articles_after(after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        report.articles += page.len() as u64;
        for a in &page {
            let mut facts = Facts::default();
            for w in behind.iter().filter(|w| w.mark < a.seq) {
                if let Some(alert) = match_one(&*store, w, a, &mut facts, &speakers, &queries, now)?
                {
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
    queries: &HashMap<String, Vec<Vec<String>>>,
    now: &str,
) -> Result<Option<Alert>, StoreError> {
    let mut why = Vec::new();
    if let Some(q) = &w.query {
        let text_words = facts.words.get_or_insert_with(|| {
            let mut t = a.article.title.clone().unwrap_or_default();
            t.push('\n');
            t.push_str(&a.article.text);
            TextWords::of(&t)
        });
        let terms = queries.get(&w.name).map(Vec::as_slice).unwrap_or_default();
        if !contains_all(text_words, terms) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_as_runs_of_words_and_words_anywhere() {
        let text = TextWords::of("HTS fighters entered Idlib province on Monday.");
        assert!(contains_all(&text, &query_terms("hts \"idlib province\"")));
        assert!(!contains_all(&text, &query_terms("\"province idlib\"")));
        assert!(!contains_all(&text, &query_terms("hts aleppo")));
    }
}
