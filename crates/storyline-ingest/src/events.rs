//! Keeps events and stories up to date with the store: the engine's state is
//! loaded, every article stored after the sequence number it covers is
//! clustered (in canonical order within the catch-up), and what changed is
//! saved with the new state in one transaction. Run after ingest; a run killed
//! midway is caught up by the next one, so nothing is clustered twice.

use std::collections::HashMap;
use storyline_model::{Article, ArticleId, EventRecord, StoryRecord};
use storyline_pipeline::annotate::names::{name_key, relate, NameRelation};
use storyline_pipeline::events::salience::{salience, SalienceDoc, SalienceSettings};
use storyline_pipeline::events::{
    article_features, relative_date_evidence, ArticleFeatures, ClusterSettings, EventEngine,
    MemberText, RelativeDay,
};
use storyline_store::{
    Budget, DataDir, EntityDetail, EventSignals, EventUpdate, SearchIndex, SearchQuery, Store,
    StoreError,
};

/// Articles read per round from the store.
const EVENT_BATCH: usize = 2000;

/// What an update did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct EventsReport {
    /// Articles clustered by this update.
    pub articles: u64,
    /// Events created or changed (and saved).
    pub events_changed: u64,
    /// Events in the store after the update.
    pub events: u64,
    /// Stories in the store after the update.
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
    let relative = s.relative_dates.iter().map(|d| RelativeDay {
        text: &d.text,
        date: d.date,
        inferred: d.inferred,
        span: d.span,
        rule: &d.rule,
        confidence: d.confidence,
    });
    if let Some(e) = relative_date_evidence(&f.article, relative) {
        f.date_evidence.push(e);
    }
    f
}

/// What a store keeps between updates: the engine after placing every
/// article in canonical order (with the story passes placing runs), before
/// its last pass (so later articles can continue that order), with what
/// the last update published.
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedEvents {
    /// [`STATE_FORMAT`]: any other state (or none) is replayed from scratch.
    format: u32,
    engine: EventEngine,
    /// (sequence number, fingerprint of its signals) of every article
    /// placed, in placement order: signals that changed since (a copy
    /// found later, an entity merged) call for a replay.
    signals: Vec<(i64, u64)>,
    /// Public story id of each event (by creation index) after the story
    /// passes of the last update.
    published_story: Vec<u64>,
}

/// Writes the JSON of a [`SavedEvents`] (as its `Serialize` writes it)
/// up to its last field, `published_story`: the engine can be written
/// before its story passes give that field.
fn write_state_head(out: &mut Vec<u8>, state: &SavedEvents) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"format\":");
    serde_json::to_writer(&mut *out, &state.format)?;
    out.extend_from_slice(b",\"engine\":");
    serde_json::to_writer(&mut *out, &state.engine)?;
    out.extend_from_slice(b",\"signals\":");
    serde_json::to_writer(&mut *out, &state.signals)
}

/// Ends what [`write_state_head`] began with `published_story`.
fn write_state_tail(out: &mut Vec<u8>, published_story: &[u64]) -> serde_json::Result<()> {
    out.extend_from_slice(b",\"published_story\":");
    serde_json::to_writer(&mut *out, published_story)?;
    out.push(b'}');
    Ok(())
}

fn state_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("event state: {e}"))
}

/// Version of [`SavedEvents`].
const STATE_FORMAT: u32 = 3;

/// A fingerprint of what the other stages told clustering about an article.
fn signal_fingerprint(s: &EventSignals) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut field = |b: &[u8]| {
        h.update(&(b.len() as u64).to_le_bytes());
        h.update(b);
    };
    field(s.group.as_deref().unwrap_or("\u{0}").as_bytes());
    for e in &s.entities {
        field(e.as_bytes());
    }
    field(b"quotes");
    for q in &s.quote_keys {
        field(q.as_bytes());
    }
    field(b"dates");
    for d in &s.relative_dates {
        field(d.text.as_bytes());
        field(d.date.map(|d| d.to_string()).unwrap_or_default().as_bytes());
        field(&[u8::from(d.inferred)]);
        field(&(d.span.0 as u64).to_le_bytes());
        field(&(d.span.1 as u64).to_le_bytes());
        field(d.rule.as_bytes());
        field(&d.confidence.to_le_bytes());
    }
    h.digest()
}

/// What clustering reads of the articles stored after a sequence number:
/// their features (with signals), the (sequence number, signal
/// fingerprint) of each, and the last sequence number read.
type StoredFeatures = (Vec<ArticleFeatures>, Vec<(i64, u64)>, i64);

/// The [`StoredFeatures`] of the articles stored after `after`.
fn features_after(store: &mut dyn Store, after: i64) -> Result<StoredFeatures, StoreError> {
    let (mut features, mut prints, mut through) = (Vec::new(), Vec::new(), after);
    loop {
        let got = store.articles_after(through, EVENT_BATCH)?;
        let Some(last) = got.last() else { break };
        let mut signals: HashMap<i64, EventSignals> = store
            .event_signals_between(through, last.seq)?
            .into_iter()
            .collect();
        through = last.seq;
        for stored in got {
            let signals = match signals.remove(&stored.seq) {
                Some(s) => s,
                None => store.event_signals(stored.seq)?,
            };
            prints.push((stored.seq, signal_fingerprint(&signals)));
            features.push(with_signals(article_features(&stored.article), signals));
        }
    }
    Ok((features, prints, through))
}

/// Above this many articles with written signals, they are read in one
/// pass over every placed article rather than one by one.
const SIGNAL_CHECKS_ONE_BY_ONE: usize = 256;

/// True when the signals of an article placed (`placed`: sequence number
/// and signal fingerprint, up to `through`) are no longer what it was
/// placed with. Only the articles whose signals were written since the
/// last save are read, when the store keeps track of them.
fn placed_signals_changed(
    store: &mut dyn Store,
    through: i64,
    placed: &[(i64, u64)],
) -> Result<bool, StoreError> {
    // An article placed and since deleted has no signals.
    let none = signal_fingerprint(&EventSignals::default());
    match store.signals_written(through)? {
        Some(written) if written.len() <= SIGNAL_CHECKS_ONE_BY_ONE => {
            let prints: HashMap<i64, u64> = placed.iter().copied().collect();
            for seq in written {
                if let Some(&print) = prints.get(&seq) {
                    if signal_fingerprint(&store.event_signals(seq)?) != print {
                        return Ok(true);
                    }
                }
            }
            Ok(false)
        }
        _ => {
            let now: HashMap<i64, u64> = store
                .event_signals_between(0, through)?
                .iter()
                .map(|(s, signals)| (*s, signal_fingerprint(signals)))
                .collect();
            Ok(placed
                .iter()
                .any(|(seq, print)| now.get(seq).copied().unwrap_or(none) != *print))
        }
    }
}

/// Clusters every article not clustered yet and saves the result.
pub fn update_events(dir: &mut DataDir) -> Result<EventsReport, StoreError> {
    update_events_in(dir.store_mut())
}

/// [`update_events`] over any store (a worker's PostgreSQL connection).
///
/// The result is the canonical one (every stored article placed in
/// canonical order, then the story passes), whatever order the articles
/// were stored in: new articles that all sort after the last one placed
/// (and leave the signals of those placed unchanged) continue the saved
/// engine; otherwise every stored article is clustered again.
pub fn update_events_in(store: &mut dyn Store) -> Result<EventsReport, StoreError> {
    let saved = store.event_state()?;
    // Nothing stored since the last run: skip parsing the engine state.
    if store.max_seq()? <= saved.as_ref().map_or(0, |(seq, _)| *seq) {
        return Ok(EventsReport::default());
    }
    // The new state is about as long as the old one (24 MB for the
    // 3,507 Timeline17 articles): written into a buffer of that size, it
    // is not copied and faulted in again at every doubling.
    let state_len = saved.as_ref().map_or(0, |(_, json)| json.len());
    let saved = saved.and_then(|(seq, json)| {
        serde_json::from_str::<SavedEvents>(&json)
            .ok()
            .filter(|s| s.format == STATE_FORMAT)
            .map(|s| (seq, s))
    });
    let mut report = EventsReport::default();
    let (seq, mut state) = match saved {
        Some(x) => x,
        None => (
            0,
            SavedEvents {
                format: STATE_FORMAT,
                engine: EventEngine::new(ClusterSettings::default()),
                signals: Vec::new(),
                published_story: Vec::new(),
            },
        ),
    };
    let (mut features, mut prints, mut through) = features_after(store, seq)?;
    report.articles = features.len() as u64;
    if features.is_empty() {
        return Ok(report);
    }
    let mut replay = seq == 0 || !state.engine.follows(&features);
    if !replay {
        replay = placed_signals_changed(store, seq, &state.signals)?;
    }
    if replay && seq != 0 {
        (features, prints, through) = features_after(store, 0)?;
        state.engine = EventEngine::new(ClusterSettings::default());
        state.signals.clear();
        state.published_story.clear();
    }
    state.engine.place_batch(features);
    state.signals.extend(prints);
    let mut changed = state.engine.take_dirty();
    // What is saved is the engine before its story passes: written now, so
    // the passes run on the engine itself rather than on a copy of it.
    let mut json = Vec::with_capacity(state_len + state_len / 8);
    write_state_head(&mut json, &state).map_err(state_error)?;
    let mut finished = state.engine;
    finished.finish();
    let published_story: Vec<u64> = (0..finished.events.len() as u64)
        .map(|e| finished.public_story_of(e))
        .collect();
    if replay {
        changed = (0..finished.events.len() as u64).collect();
    } else {
        changed.extend(
            published_story
                .iter()
                .zip(&state.published_story)
                .enumerate()
                .filter(|(_, (now, before))| now != before)
                .map(|(e, _)| e as u64),
        );
        changed.sort_unstable();
        changed.dedup();
    }
    state.published_story = published_story;

    let mut texts: HashMap<ArticleId, Article> = HashMap::new();
    let mut events = Vec::with_capacity(changed.len());
    for id in changed {
        let ev = &finished.events[id as usize];
        for m in &ev.members {
            if !texts.contains_key(&m.article) {
                if let Some(a) = store.get_article(m.article.as_str())? {
                    texts.insert(m.article.clone(), a.article);
                }
            }
        }
        let members: Vec<MemberText> = ev
            .members
            .iter()
            .filter_map(|m| texts.get(&m.article))
            .map(MemberText::of)
            .collect();
        if let Some(rec) = finished.event_record(id, &members) {
            events.push(rec);
        }
    }
    // Stories are few and merge over time: all live ones are saved each time.
    // Titled by their most central event's headline: a changed event's
    // from this run, another's as stored.
    let mut stories = Vec::new();
    for s in finished.live_stories() {
        let headline = match finished.central_event(s.id) {
            Some(e) => {
                let public = finished.events[e as usize].public_id;
                match events.iter().find(|r| r.id == public) {
                    Some(r) => Some(r.headline.clone()),
                    None => store.get_event(public)?.map(|r| r.headline),
                }
            }
            None => None,
        };
        stories.extend(finished.story_record_titled(s.id, headline));
    }
    report.events_changed = events.len() as u64;
    report.events = finished.events.len() as u64;
    report.stories = finished.stories.len() as u64;
    write_state_tail(&mut json, &state.published_story).map_err(state_error)?;
    let state = String::from_utf8(json).map_err(state_error)?;
    if replay {
        // Events of the last result that no longer exist must go.
        store.clear_events()?;
    }
    store.put_events(&EventUpdate {
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
/// Events chosen by a key (a story id or a name), for a timeline or a
/// dossier.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// A title for the selection: `story N: label`, or the name asked for.
    pub title: String,
    /// The selected events.
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
    let events = store.events_in_story(id)?;
    Ok(Some(Selection {
        title: format!("story {id}: {}", story.label),
        events,
        story: Some(story),
    }))
}

/// The events with a member article whose title or text contains every word
/// of `name` (case-insensitive; until entities land, this stands in for an
/// entity's events). Reads every event: for a request, see
/// [`events_mentioning_in_index`].
pub fn events_mentioning<S: Store + ?Sized>(
    store: &S,
    name: &str,
) -> Result<Selection, StoreError> {
    events_mentioning_within(store, name, &Budget::unlimited())
}

/// [`events_mentioning`], checking `budget` before each event.
pub fn events_mentioning_within<S: Store + ?Sized>(
    store: &S,
    name: &str,
    budget: &Budget,
) -> Result<Selection, StoreError> {
    let words: Vec<String> = name.split_whitespace().map(|w| w.to_lowercase()).collect();
    let mut hits = Vec::new();
    if !words.is_empty() {
        for e in store.list_events()? {
            budget.check()?;
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

/// At most this many articles, the best matches, select the events of a
/// name looked up in the search index.
pub const MENTIONING_ARTICLES: usize = 2000;

/// The events with a member article whose title or text has every word of
/// `name`, found through the search index: the words (letters and digits,
/// lowercased, so no query syntax) are one conjunctive query, and the
/// events of its best [`MENTIONING_ARTICLES`] matches are read by article.
/// Costs what one search and one indexed read cost, whatever the store holds.
pub fn events_mentioning_in_index<S: Store + ?Sized>(
    store: &S,
    index: &SearchIndex,
    name: &str,
    budget: &Budget,
) -> Result<Selection, StoreError> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut events = Vec::new();
    if !words.is_empty() {
        budget.check()?;
        let page = index.search_page(
            &SearchQuery {
                text: words.join(" "),
                limit: 1,
                sample: MENTIONING_ARTICLES,
                ..SearchQuery::default()
            },
            0,
        )?;
        budget.check()?;
        let articles: Vec<ArticleId> = page.sample.into_iter().map(ArticleId).collect();
        events = store.events_of_articles(&articles)?;
    }
    Ok(Selection {
        title: name.to_string(),
        events,
        story: None,
    })
}

/// The events a key selects: a story id (`story:3` or `3`) when such a story
/// exists, else an entity's events where it is salient (see
/// [`entity_events`]), else the events mentioning the key as a name.
pub fn select_events<S: Store + ?Sized>(store: &S, key: &str) -> Result<Selection, StoreError> {
    select_events_scoped(store, key, Mentions::Salient)
}

/// Which of the events that mention an entity are its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mentions {
    /// Those where it is salient: it speaks or is quoted about, a title or
    /// lead names it, or it has a sufficient share of the name mentions
    /// (see [`storyline_pipeline::events::salience`]).
    #[default]
    Salient,
    /// Every event an article of which names it, in passing too.
    All,
}

/// [`select_events`], with an entity's events chosen by `mentions`.
pub fn select_events_scoped<S: Store + ?Sized>(
    store: &S,
    key: &str,
    mentions: Mentions,
) -> Result<Selection, StoreError> {
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
    if let EntityLookup::Found(entity) = find_entity(store, key)? {
        return entity_events_scoped(store, &entity, usize::MAX, mentions);
    }
    events_mentioning(store, key)
}

/// What looking an entity up by name found.
#[derive(Clone, Debug, PartialEq)]
pub enum EntityLookup {
    /// One entity has the name among its aliases.
    Found(Box<EntityDetail>),
    /// No entity has it.
    NotFound,
    /// The name is the same as aliases of this many different entities.
    Ambiguous(usize),
}

/// Finds an entity by id, by a name's normalised key, or failing those by a
/// unique alias that is the same name in another spelling ("Julani" for
/// "Abu Mohammed al-Jolani").
pub fn find_entity<S: Store + ?Sized>(store: &S, name: &str) -> Result<EntityLookup, StoreError> {
    find_entity_within(store, name, &Budget::unlimited())
}

/// Aliases compared with a name between two checks of the budget.
const ALIASES_PER_CHECK: usize = 256;

/// [`find_entity`], checking `budget` between its steps and while it
/// compares the name with the entities' aliases. The id and key lookups are
/// indexed; the spelling comparison reads each entity's distinct names once.
pub fn find_entity_within<S: Store + ?Sized>(
    store: &S,
    name: &str,
    budget: &Budget,
) -> Result<EntityLookup, StoreError> {
    find_entity_head(store, name, budget, usize::MAX)
}

/// [`find_entity_within`], the entity found listing at most `articles` of
/// its articles (see [`storyline_store::AnnotationStore::entity_head`]): what a page that shows a few
/// of them reads, at the same cost for any entity.
pub fn find_entity_head<S: Store + ?Sized>(
    store: &S,
    name: &str,
    budget: &Budget,
    articles: usize,
) -> Result<EntityLookup, StoreError> {
    budget.check()?;
    if let Some(e) = store.entity_head(name, articles)? {
        return Ok(EntityLookup::Found(Box::new(e)));
    }
    let key = name_key(name);
    if key.is_empty() {
        return Ok(EntityLookup::NotFound);
    }
    if let Some(e) = store.entity_head(&key, articles)? {
        return Ok(EntityLookup::Found(Box::new(e)));
    }
    budget.check()?;
    let mut found: Vec<String> = Vec::new();
    for (i, (id, alias)) in store.entity_aliases()?.into_iter().enumerate() {
        if i % ALIASES_PER_CHECK == 0 {
            budget.check()?;
        }
        if !found.contains(&id) && matches!(relate(&alias, name), NameRelation::Same) {
            found.push(id);
        }
    }
    Ok(match found.as_slice() {
        [one] => match store.entity_head(one, articles)? {
            Some(e) => EntityLookup::Found(Box::new(e)),
            None => EntityLookup::NotFound,
        },
        [] => EntityLookup::NotFound,
        many => EntityLookup::Ambiguous(many.len()),
    })
}

/// The events where the entity is salient (see [`Mentions::Salient`]),
/// under any of its names, in timeline order.
pub fn entity_events<S: Store + ?Sized>(
    store: &S,
    entity: &EntityDetail,
) -> Result<Selection, StoreError> {
    entity_events_latest(store, entity, usize::MAX)
}

/// [`entity_events`], of its latest `latest` events: the end of its
/// timeline.
pub fn entity_events_latest<S: Store + ?Sized>(
    store: &S,
    entity: &EntityDetail,
    latest: usize,
) -> Result<Selection, StoreError> {
    entity_events_scoped(store, entity, latest, Mentions::Salient)
}

/// The entity's events chosen by `mentions` among the latest `latest` of
/// the events that mention it. Read through the store's entity-to-event
/// index (two indexed queries and the records shown); salience reads the
/// member articles and how they name the entity.
pub fn entity_events_scoped<S: Store + ?Sized>(
    store: &S,
    entity: &EntityDetail,
    latest: usize,
    mentions: Mentions,
) -> Result<Selection, StoreError> {
    let id = &entity.summary.id;
    let (_, total) = store.entity_events(id, 0, 0)?;
    let total = usize::try_from(total).unwrap_or(usize::MAX);
    let (mut events, _) = store.entity_events(id, total.saturating_sub(latest), latest)?;
    if mentions == Mentions::Salient {
        let mut kept = Vec::with_capacity(events.len());
        for e in events {
            if is_salient_in(store, entity, &e, &SalienceSettings::default())? {
                kept.push(e);
            }
        }
        events = kept;
    }
    Ok(Selection {
        title: entity.summary.name.clone(),
        events,
        story: None,
    })
}

/// Whether `entity` is salient in `event`: reads the members' titles and
/// texts and how they name it, and asks the pipeline's rule.
pub fn is_salient_in<S: Store + ?Sized>(
    store: &S,
    entity: &EntityDetail,
    event: &EventRecord,
    settings: &SalienceSettings,
) -> Result<bool, StoreError> {
    let ids: Vec<ArticleId> = event.members.iter().map(|m| m.article.clone()).collect();
    let found = store.entity_in_articles(&entity.summary.id, &ids)?;
    let mut articles = Vec::with_capacity(found.len());
    for f in &found {
        if let Some(a) = store.get_article(f.article.as_str())? {
            articles.push(a.article);
        }
    }
    let docs: Vec<SalienceDoc> = found
        .iter()
        .filter_map(|f| {
            let a = articles.iter().find(|a| a.id == f.article)?;
            Some(SalienceDoc {
                title: a.title.as_deref(),
                text: &a.text,
                entity_mentions: &f.spans,
                all_mentions: usize::try_from(f.all_mentions).unwrap_or(usize::MAX),
                quotes: &f.quotes,
            })
        })
        .collect();
    let names: Vec<&str> = std::iter::once(entity.summary.name.as_str())
        .chain(entity.summary.aliases.iter().map(|(n, _)| n.as_str()))
        .collect();
    Ok(salience(&docs, &names, settings).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_written_in_two_parts_is_the_state_serde_writes() {
        let state = SavedEvents {
            format: STATE_FORMAT,
            engine: EventEngine::new(ClusterSettings::default()),
            signals: vec![(1, 7), (3, u64::MAX)],
            published_story: vec![4, 0, 9],
        };
        let mut parts = Vec::new();
        write_state_head(&mut parts, &state).unwrap();
        write_state_tail(&mut parts, &state.published_story).unwrap();
        assert_eq!(
            String::from_utf8(parts.clone()).unwrap(),
            serde_json::to_string(&state).unwrap()
        );
        let back: SavedEvents = serde_json::from_slice(&parts).unwrap();
        assert_eq!(back.signals, state.signals);
        assert_eq!(back.published_story, state.published_story);
    }
}
