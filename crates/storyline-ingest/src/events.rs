//! Keeps events and stories up to date with the store: the engine's state is
//! loaded, every article stored after the sequence number it covers is
//! clustered (in canonical order within the catch-up), and what changed is
//! saved with the new state in one transaction. Run after ingest; a run killed
//! midway is caught up by the next one, so nothing is clustered twice.

use std::collections::HashMap;
use storyline_model::Article;
use storyline_pipeline::events::{article_features, ClusterSettings, EventEngine, MemberText};
use storyline_store::{DataDir, EventUpdate, Store, StoreError};

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
    let mut batch: Vec<Article> = Vec::new();
    loop {
        let got = dir.store().articles_after(through, EVENT_BATCH)?;
        let Some(last) = got.last() else { break };
        through = last.seq;
        report.articles += got.len() as u64;
        batch.extend(got.into_iter().map(|s| s.article));
    }
    if batch.is_empty() {
        return Ok(report);
    }
    engine.add_batch(batch.iter().map(article_features).collect());
    drop(batch);
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
