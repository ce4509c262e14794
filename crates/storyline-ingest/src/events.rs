//! Keeps events and stories up to date with the store: the engine's state is
//! loaded, every article stored after the sequence number it covers is
//! clustered (in canonical order within the catch-up), and what changed is
//! saved with the new state in one transaction. Run after ingest; a run killed
//! midway is caught up by the next one, so nothing is clustered twice.

use std::collections::HashMap;
use storyline_model::{Article, EventRecord, StoryRecord};
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
    // Copies of one wire story enter clustering as one unit: the syndication
    // groups are stored (by `DataDir::put_articles`) before events update.
    let mut features = Vec::with_capacity(batch.len());
    for a in &batch {
        let mut f = article_features(a);
        f.syndication_group = dir.store().group_of(&a.id)?.map(|g| g.key.to_string());
        features.push(f);
    }
    engine.add_batch(features);
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

/// The events a timeline covers, and what selected them.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// A title for the selection: `story N: label`, or the name asked for.
    pub title: String,
    pub events: Vec<EventRecord>,
    /// The story, when a story id selected the events.
    pub story: Option<StoryRecord>,
}

/// The events of one story, `None` when there is no such story. Shared by
/// `storyline timeline`, the dossier export and the server.
pub fn story_events<S: Store + ?Sized>(
    store: &S,
    id: u64,
) -> Result<Option<Selection>, StoreError> {
    let Some(story) = store.list_stories()?.into_iter().find(|s| s.id == id) else {
        return Ok(None);
    };
    let events = store
        .list_events()?
        .into_iter()
        .filter(|e| e.story == id)
        .collect();
    Ok(Some(Selection {
        title: format!("story {id}: {}", story.label),
        events,
        story: Some(story),
    }))
}

/// The events with a member article whose title or text contains every word
/// of `name` (case-insensitive; until entities land, this stands in for an
/// entity's events).
pub fn events_mentioning<S: Store + ?Sized>(
    store: &S,
    name: &str,
) -> Result<Selection, StoreError> {
    let words: Vec<String> = name.split_whitespace().map(|w| w.to_lowercase()).collect();
    let mut hits = Vec::new();
    if !words.is_empty() {
        for e in store.list_events()? {
            let mut found = false;
            for m in &e.members {
                if let Some(a) = store.get_article(m.article.as_str())? {
                    let text = format!(
                        "{} {}",
                        a.article.title.as_deref().unwrap_or(""),
                        a.article.text
                    )
                    .to_lowercase();
                    if words.iter().all(|w| text.contains(w.as_str())) {
                        found = true;
                        break;
                    }
                }
            }
            if found {
                hits.push(e);
            }
        }
    }
    Ok(Selection {
        title: name.to_string(),
        events: hits,
        story: None,
    })
}

/// The events a key selects: a story id (`story:3` or `3`) when such a story
/// exists, else the events mentioning the key as a name.
pub fn select_events<S: Store + ?Sized>(store: &S, key: &str) -> Result<Selection, StoreError> {
    let story_id = key
        .strip_prefix("story:")
        .unwrap_or(key)
        .parse::<u64>()
        .ok();
    if let Some(id) = story_id {
        if let Some(sel) = story_events(store, id)? {
            return Ok(sel);
        }
    }
    events_mentioning(store, key)
}
