//! Keeps events and stories up to date with the store: the engine's state is
//! loaded, every article stored after the sequence number it covers is
//! clustered (in canonical order within the catch-up), and what changed is
//! saved with the new state in one transaction. Run after ingest; a run killed
//! midway is caught up by the next one, so nothing is clustered twice.

use std::collections::HashMap;
use storyline_model::Article;
use storyline_pipeline::events::{
    article_features, ArticleFeatures, ClusterSettings, DateEvidence, EventEngine, EvidenceKind,
    EvidenceValue, MemberText,
};
use storyline_store::{DataDir, EventSignals, EventUpdate, Store, StoreError};

/// Articles read per round from the store.
const EVENT_BATCH: usize = 2000;

/// What an update did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct EventsReport {
    pub articles: u64,
    pub events_changed: u64,
    pub events: u64,
    pub stories: u64,
}

/// Adds what the syndication and annotate stages found to an article's
/// features: its group (copies cluster as one unit and count as one
/// source), the entities it mentions, its quotes, and the first relative date
/// expression of its text ("on Tuesday": in news style the day of what the
/// article reports), resolved against the publication date when there is one.
fn with_signals(mut f: ArticleFeatures, s: EventSignals) -> ArticleFeatures {
    f.syndication_group = s.group;
    f.entities = s.entities;
    for k in s.quote_keys {
        if !f.quote_keys.contains(&k) {
            f.quote_keys.push(k);
        }
    }
    let first = s
        .relative_dates
        .into_iter()
        .find(|d| d.date.is_some() || weekday_in(&d.text).is_some());
    if let Some(d) = first {
        let value = match (d.date, weekday_in(&d.text)) {
            (Some(day), _) => EvidenceValue::On(day),
            (None, Some(w)) => EvidenceValue::Weekday(w),
            (None, None) => unreachable!("filtered above"),
        };
        f.date_evidence.push(DateEvidence {
            value,
            kind: if d.inferred {
                EvidenceKind::Inferred
            } else {
                EvidenceKind::Stated
            },
            article: f.article.clone(),
            span: Some(d.span),
            rule: format!("annotate.{}", d.rule),
            confidence: d.confidence,
        });
    }
    f
}

/// The weekday an expression names ("on Tuesday", "Tuesday's").
fn weekday_in(text: &str) -> Option<chrono::Weekday> {
    text.split(|c: char| !c.is_alphabetic())
        .find_map(|w| w.to_ascii_lowercase().parse::<chrono::Weekday>().ok())
}

/// Clusters every article not clustered yet and saves the result.
pub fn update_events(dir: &mut DataDir) -> Result<EventsReport, StoreError> {
    let (mut through, mut engine) = match dir.store().event_state()? {
        Some((seq, json)) => (
            seq,
            serde_json::from_str::<EventEngine>(&json)
                .map_err(|e| StoreError::Corrupt(format!("event state: {e}")))?,
        ),
        None => (0, EventEngine::new(ClusterSettings::default())),
    };
    let mut report = EventsReport::default();
    let mut features = Vec::new();
    loop {
        let got = dir.store().articles_after(through, EVENT_BATCH)?;
        let Some(last) = got.last() else { break };
        through = last.seq;
        report.articles += got.len() as u64;
        for stored in got {
            let signals = dir.store().event_signals(stored.seq)?;
            features.push(with_signals(article_features(&stored.article), signals));
        }
    }
    if features.is_empty() {
        return Ok(report);
    }
    engine.add_batch(features);
    let dirty = engine.take_dirty();
    let mut texts: HashMap<storyline_model::ArticleId, Article> = HashMap::new();
    let mut events = Vec::with_capacity(dirty.len());

    for id in dirty {
        let ev = &engine.events[id as usize];
        for m in &ev.members {
            if !texts.contains_key(&m.article) {
                if let Some(a) = dir.store().get_article(m.article.as_str())? {
                    texts.insert(m.article.clone(), a.article);
                }
            }
        }
        let members: Vec<MemberText> = ev
            .members
            .iter()
            .filter_map(|m| texts.get(&m.article))
            .map(|a| MemberText {
                article: &a.id,
                title: a.title.as_deref(),
                text: &a.text,
            })
            .collect();
        if let Some(rec) = engine.event_record(id, &members) {
            events.push(rec);
        }
    }
    // Stories are few and merge over time: all live ones are saved each time.
    let stories: Vec<_> = engine
        .live_stories()
        .filter_map(|s| engine.story_record(s.id))
        .collect();
    report.events_changed = events.len() as u64;
    report.events = engine.events.len() as u64;
    report.stories = engine.stories.len() as u64;
    let state = serde_json::to_string(&engine)
        .map_err(|e| StoreError::Corrupt(format!("event state: {e}")))?;
    dir.store_mut().put_events(&EventUpdate {
        events,
        stories,
        state,
        through_seq: through,
    })?;
    Ok(report)
}

/// Forgets events and stories and clusters every stored article again, in
/// canonical order (the result an ingest of everything at once gives).
pub fn rebuild_events(dir: &mut DataDir) -> Result<EventsReport, StoreError> {
    dir.store_mut().clear_events()?;
    update_events(dir)
}
