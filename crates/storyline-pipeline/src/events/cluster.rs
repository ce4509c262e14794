//! Incremental, time-aware event clustering and story threading.
//!
//! Articles arrive one at a time. Each is weighted by TF-IDF (document
//! frequencies counted over what has arrived so far), cut to its strongest
//! terms, and compared with the events that share one of its query terms
//! (an inverted index from term to event, scanned newest first within a time
//! window, so cost per article stays bounded and total cost grows about
//! linearly). Score = cosine(article, event centroid) x time decay x boosts
//! for shared entities and quotes; the article joins the best event above the
//! threshold or opens a new one. A syndication unit (a group of copies of one
//! wire story) joins as one: a copy goes where its group already went.
//!
//! Stories thread events the same way one level up: a new event is compared
//! with story centroids (all articles of the story's events) under a slow
//! decay, joining the best story above its threshold or starting a new story.
//!
//! Order effects: the result depends on arrival order through the running IDF
//! and the centroids. [`EventEngine::add_batch`] sorts each batch by
//! (publication date, article id), so one batch of articles always gives the
//! same result whatever order they were read in. Story passes (merges of the
//! stories touched, then orphan attachment) run after every
//! `story_pass_articles` articles placed in that order, as part of placing.
//! The canonical result of a set of articles is [`EventEngine::place_batch`]
//! of all of them (in any number of batches that each sort after the last)
//! followed by one [`EventEngine::finish`] (a last pass over every story):
//! a store keeps the engine before `finish`, appends articles that sort after
//! the last one placed, and replays from scratch when one sorts before.
//!
//! Ids: an event's public id is derived from the article that opened it,
//! a story's from the article that opened its first event (see
//! [`public_id`]), so the same articles give the same ids in any file order
//! and a link to an event survives a rebuild. Inside the engine, events and
//! stories are indexed by creation order.

use super::event_dates::DateEvidence;
use super::features::ArticleFeatures;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use storyline_model::{ArticleId, EventMember};

/// Fixed settings of the clustering. The defaults were chosen on held-out
/// Timeline17 topics (see BENCHMARKS.md) and are not tuned per data set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterSettings {
    /// Terms kept per article vector (strongest TF-IDF weights).
    pub article_terms: usize,
    /// Terms of an article used to look up candidate events and stories.
    pub query_terms: usize,
    /// Minimum decayed similarity to join an event.
    pub event_threshold: f32,
    /// Event decay scale in days: similarity x exp(-gap / tau).
    pub event_tau_days: f32,
    /// Events farther than this many days are not candidates.
    pub event_window_days: i32,
    /// Terms kept per article's topic vector (stories compare these).
    pub topic_terms: usize,
    /// IDF exponent of topic vectors: below 1, common topic words (the
    /// "oil" and "spill" of a story) weigh more than in event vectors.
    pub topic_idf_power: f32,
    /// Topic-vector weight multiplier of name terms (actors and places).
    pub name_boost: f32,
    /// Minimum decayed similarity for a new event to join a story.
    pub story_threshold: f32,
    /// Story decay scale in days: similarity x exp(-gap / tau).
    pub story_tau_days: f32,
    /// Stories farther than this many days are not candidates.
    pub story_window_days: i32,
    /// Stories whose topic centroids reach this cosine are merged after each
    /// batch (threads that started apart and turned out to be one story).
    pub story_merge_threshold: f32,
    /// Postings scanned per term and look-up, newest first (a cost bound).
    pub max_postings_scan: usize,
    /// Multiplier per shared entity id (at most `max_boosted_entities`).
    pub entity_boost: f32,
    /// Shared entities counted for `entity_boost`: past a few, more shared
    /// names say little more (a long report names everyone in a story).
    #[serde(default = "default_max_boosted_entities")]
    pub max_boosted_entities: usize,
    /// Added to the score when the article shares a quoted passage (a quote
    /// key) with the event: the same words quoted is strong evidence of the
    /// same happening even when the write-ups around them differ.
    pub quote_bonus: f32,
    /// Shared quote keys counted for `quote_bonus`: one shared passage is
    /// the evidence; more of the same speech adds nothing.
    #[serde(default = "default_max_bonus_quotes")]
    pub max_bonus_quotes: usize,
    /// A postings scan stops after this many entries in a row outside the
    /// time window (and older than the query day): postings arrive about
    /// in date order, so a long run of old entries means the rest is older.
    #[serde(default = "default_postings_stop_run")]
    pub postings_stop_run: usize,
    /// Terms of the centroid that make up a story's label.
    #[serde(default = "default_label_terms")]
    pub label_terms: usize,
    /// Terms of the centroid listed on an event or story record.
    #[serde(default = "default_record_terms")]
    pub record_terms: usize,
    /// Stories are also merged when their entity profiles reach this cosine
    /// and their topic centroids reach `story_merge_topic_floor`: fragments
    /// of one long story that drifted in wording but kept its actors. A
    /// profile is the sum of its articles' unit entity vectors, so the actors
    /// that stay through a long story dominate it and names one report
    /// mentions in passing fade.
    #[serde(default = "never")]
    pub story_entity_merge_threshold: f32,
    /// The topic-centroid cosine two stories must also reach for `story_entity_merge_threshold` to merge them.
    #[serde(default = "never")]
    pub story_merge_topic_floor: f32,
    /// IDF exponent of an article's entity weights. 0 (each entity weighs
    /// the same) measured best: with IDF, the one-off names of each report
    /// outweigh the recurring actors (Timeline17, BENCHMARKS.md).
    #[serde(default)]
    pub entity_idf_power: f32,
    /// Orphan attachment: a story of at most this many articles (0: off)
    /// that has had no new article for `orphan_quiet_days` (stream time:
    /// the latest publication day seen) is folded into the story it is
    /// most like, when that story is clearly ahead of the runner-up (see
    /// [`EventEngine::attach_orphans`]).
    #[serde(default)]
    pub orphan_max_articles: usize,
    /// Days (stream time) without a new article after which a small story counts as an orphan.
    #[serde(default)]
    pub orphan_quiet_days: i32,
    /// Minimum score of the story an orphan joins: (topic-centroid cosine
    /// + `orphan_entity_weight` x entity-profile cosine) x story decay.
    #[serde(default = "never")]
    pub orphan_floor: f32,
    /// The best story's score must be at least this multiple of the
    /// runner-up's.
    #[serde(default)]
    pub orphan_margin: f32,
    /// Weight of the entity-profile cosine added to the topic cosine.
    #[serde(default)]
    pub orphan_entity_weight: f32,
    /// Largest gap in days between the orphan and a story's first-to-last
    /// span for the story to be a candidate: an orphan joins a story that
    /// was running at the time, so attachments cannot carry a finished
    /// story on through the months after it.
    #[serde(default)]
    pub orphan_max_gap_days: i32,
    /// A story pass (merges of the stories touched since the last pass,
    /// then orphan attachment) runs after every this many articles placed,
    /// counted in canonical order (0: only at [`EventEngine::finish`]). The
    /// passes are part of placing, so any split of the same articles into
    /// batches or ingests gives the same stories; without them, fragments
    /// never merge while the stream runs and later events thread onto the
    /// wrong ones (BENCHMARKS.md, "Stories through ingest").
    #[serde(default)]
    pub story_pass_articles: usize,
}

/// Above any cosine: the rule is off.
fn never() -> f32 {
    2.0
}

fn default_max_boosted_entities() -> usize {
    3
}

fn default_max_bonus_quotes() -> usize {
    1
}

fn default_postings_stop_run() -> usize {
    64
}

fn default_label_terms() -> usize {
    4
}

fn default_record_terms() -> usize {
    8
}

impl Default for ClusterSettings {
    fn default() -> Self {
        ClusterSettings {
            article_terms: 80,
            query_terms: 12,
            event_threshold: 0.20,
            event_tau_days: 4.0,
            event_window_days: 21,
            topic_terms: 200,
            topic_idf_power: 0.5,
            name_boost: 1.0,
            story_threshold: 0.09,
            story_tau_days: 240.0,
            story_window_days: 730,
            story_merge_threshold: 0.5,
            max_postings_scan: 3000,
            entity_boost: 0.05,
            max_boosted_entities: default_max_boosted_entities(),
            quote_bonus: 0.2,
            max_bonus_quotes: default_max_bonus_quotes(),
            postings_stop_run: default_postings_stop_run(),
            label_terms: default_label_terms(),
            record_terms: default_record_terms(),
            story_entity_merge_threshold: 0.4,
            story_merge_topic_floor: 0.2,
            entity_idf_power: 0.0,
            orphan_max_articles: 10,
            orphan_quiet_days: 30,
            orphan_floor: 0.05,
            orphan_margin: 1.2,
            orphan_entity_weight: 1.0,
            orphan_max_gap_days: 7,
            story_pass_articles: 512,
        }
    }
}

type Vector = Vec<(u32, f32)>;

/// A running sum of unit vectors with its squared norm. Weights are kept in
/// term order so that every sum over them runs in one order, run to run.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Centroid {
    /// Summed weight of each term id, in term order.
    pub weights: BTreeMap<u32, f32>,
    /// Squared Euclidean norm of `weights`.
    pub norm2: f32,
}

impl Centroid {
    fn add(&mut self, v: &Vector) {
        for &(t, w) in v {
            let e = self.weights.entry(t).or_default();
            self.norm2 += (*e + w) * (*e + w) - *e * *e;
            *e += w;
        }
    }

    fn absorb(&mut self, other: Centroid) {
        for (t, w) in other.weights {
            let e = self.weights.entry(t).or_default();
            self.norm2 += (*e + w) * (*e + w) - *e * *e;
            *e += w;
        }
    }

    /// Cosine between two centroids.
    pub fn cosine_with(&self, other: &Centroid) -> f32 {
        if self.norm2 <= 0.0 || other.norm2 <= 0.0 {
            return 0.0;
        }
        let (small, large) = if self.weights.len() <= other.weights.len() {
            (self, other)
        } else {
            (other, self)
        };
        let dot: f32 = small
            .weights
            .iter()
            .filter_map(|(t, w)| large.weights.get(t).map(|x| x * w))
            .sum();
        dot / (self.norm2.sqrt() * other.norm2.sqrt())
    }

    fn cosine(&self, v: &Vector) -> f32 {
        if self.norm2 <= 0.0 {
            return 0.0;
        }
        let dot: f32 = v
            .iter()
            .filter_map(|(t, w)| self.weights.get(t).map(|c| c * w))
            .sum();
        dot / self.norm2.sqrt()
    }

    /// The strongest `n` term ids.
    pub fn top_terms(&self, n: usize) -> Vec<u32> {
        let mut v: Vec<(u32, f32)> = self.weights.iter().map(|(&t, &w)| (t, w)).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.into_iter().take(n).map(|(t, _)| t).collect()
    }
}

/// One event while clustering.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EventState {
    /// Index in creation order.
    pub id: u64,
    /// The id records and links use (see [`public_id`]).
    #[serde(default)]
    pub public_id: u64,
    /// Index of the story the event belongs to.
    pub story: u64,
    /// Sum of its members' unit term vectors.
    pub centroid: Centroid,
    /// Its articles, in the order they joined.
    pub members: Vec<EventMember>,
    /// Day number (`NaiveDate::num_days_from_ce`) of its earliest dated member.
    pub first_day: Option<i32>,
    /// Day number of its latest dated member.
    pub last_day: Option<i32>,
    /// Entity ids its members mention.
    pub entities: HashSet<String>,
    /// Normalised keys of the quotes its members carry.
    pub quotes: HashSet<String>,
    /// Date evidence of the members, fused into the event date.
    pub evidence: Vec<DateEvidence>,
}

/// One story while threading.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoryState {
    /// Index in creation order.
    pub id: u64,
    /// The id records and links use (see [`public_id`]).
    #[serde(default)]
    pub public_id: u64,
    /// Sum of its articles' unit term vectors.
    pub centroid: Centroid,
    /// Indexes of its events, in creation order.
    pub events: Vec<u64>,
    /// Day number (`NaiveDate::num_days_from_ce`) of its earliest dated article.
    pub first_day: Option<i32>,
    /// Day number of its latest dated article.
    pub last_day: Option<i32>,
    /// How many articles its events hold.
    pub articles: usize,
    /// Set when this story was merged into another one.
    #[serde(default)]
    pub merged_into: Option<u64>,
    /// Sum of the articles' unit entity vectors (the entity profile).
    #[serde(default)]
    pub entity_centroid: Centroid,
    /// Set once the story was judged as an orphan (attached or kept).
    #[serde(default)]
    pub settled: bool,
}

/// How many of `keys` are in `set`, at most `cap`.
fn shared(keys: &[String], set: &HashSet<String>, cap: usize) -> usize {
    keys.iter().filter(|k| set.contains(*k)).count().min(cap)
}

impl StoryState {
    /// A story with no events yet, merged into none.
    fn empty(id: u64, public_id: u64) -> StoryState {
        StoryState {
            id,
            public_id,
            centroid: Centroid::default(),
            events: Vec::new(),
            first_day: None,
            last_day: None,
            articles: 0,
            merged_into: None,
            entity_centroid: Centroid::default(),
            settled: false,
        }
    }

    /// Days between the two stories' spans: 0 when they overlap or either
    /// span is unknown.
    fn gap_days(&self, other: &StoryState) -> i32 {
        match (
            self.first_day,
            self.last_day,
            other.first_day,
            other.last_day,
        ) {
            (Some(f1), Some(l1), Some(f2), Some(l2)) => (f2 - l1).max(f1 - l2).max(0),
            _ => 0,
        }
    }
}

/// Where an article went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Placement {
    /// The article placed.
    pub article: ArticleId,
    /// Index of the event it joined.
    pub event: u64,
    /// Index of that event's story.
    pub story: u64,
    /// True when the article opened a new event.
    pub new_event: bool,
    /// True when the article opened a new story.
    pub new_story: bool,
}

/// The clustering state: serialisable, so a store can keep it and continue
/// with the next ingest where the last one stopped.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EventEngine {
    /// The thresholds and weights clustering runs with.
    pub settings: ClusterSettings,
    vocab: HashMap<String, u32>,
    terms: Vec<String>,
    df: Vec<u32>,
    docs: u32,
    /// Every event, indexed by [`EventState::id`].
    pub events: Vec<EventState>,
    /// Every story, indexed by [`StoryState::id`].
    pub stories: Vec<StoryState>,
    event_postings: HashMap<u32, Vec<(u64, i32)>>,
    story_postings: HashMap<u32, Vec<(u64, i32)>>,
    placed: HashMap<ArticleId, u64>,
    /// Quote key -> events quoting it (candidates beyond shared terms).
    #[serde(default)]
    quote_postings: HashMap<String, Vec<u64>>,
    units: HashMap<String, u64>,
    /// Events changed since the last [`EventEngine::take_dirty`].
    #[serde(default)]
    dirty: HashSet<u64>,
    /// The latest publication day placed so far (stream time).
    #[serde(default)]
    latest_day: Option<i32>,
    /// Canonical key of the last article placed: a batch whose articles
    /// all sort after it continues the canonical order.
    #[serde(default)]
    last_key: Option<CanonicalKey>,
    /// Public ids given so far (events and stories apart), to step past
    /// a collision; ordered, so the saved state is the same run to run.
    #[serde(default)]
    event_ids: BTreeSet<u64>,
    #[serde(default)]
    story_ids: BTreeSet<u64>,
    /// Stories that took an article since the last story pass.
    #[serde(default)]
    pass_touched: Vec<u64>,
    /// Articles placed since the last story pass.
    #[serde(default)]
    pass_placed: usize,
    /// When set, every story merge is recorded in `merge_log` (diagnostics
    /// for the eval; not saved).
    #[serde(skip)]
    pub log_merges: bool,
    /// The story merges recorded while `log_merges` is set.
    #[serde(skip)]
    pub merge_log: Vec<MergeRecord>,
}

/// One story merge: the two stories' events at the time and why they merged.
#[derive(Clone, Debug)]
pub struct MergeRecord {
    /// Indexes of the kept story's events.
    pub keep_events: Vec<u64>,
    /// Indexes of the merged (removed) story's events.
    pub gone_events: Vec<u64>,
    /// Cosine of the two stories' topic centroids, 0 to 1.
    pub topic_cosine: f32,
    /// Cosine of their entity profiles, 0 to 1.
    pub entity_cosine: f32,
    /// (first, last) day numbers of the kept story.
    pub keep_days: (Option<i32>, Option<i32>),
    /// (first, last) day numbers of the merged story.
    pub gone_days: (Option<i32>, Option<i32>),
}

const UNDATED_DAY: i32 = i32::MIN;

/// Where an article stands in the canonical order: dated before undated,
/// then by publication date, then by article id.
pub type CanonicalKey = (bool, Option<NaiveDate>, ArticleId);

/// The canonical key of an article.
pub fn canonical_key(f: &ArticleFeatures) -> CanonicalKey {
    (f.published.is_none(), f.published, f.article.clone())
}

/// The public id of the event (`kind` "event") or story (`kind` "story")
/// opened by `article`: 53 bits of its XXH3 hash, so it is exact as a
/// JSON number in any client. A collision takes the next free id.
pub fn public_id(kind: &str, article: &ArticleId, taken: &BTreeSet<u64>) -> u64 {
    let mut key = Vec::with_capacity(kind.len() + 1 + article.0.len());
    key.extend_from_slice(kind.as_bytes());
    key.push(0);
    key.extend_from_slice(article.0.as_bytes());
    let mut id = xxhash_rust::xxh3::xxh3_64(&key) >> 11;
    while taken.contains(&id) {
        id = (id + 1) & ((1 << 53) - 1);
    }
    id
}

/// Vocabulary prefix of entity ids (a control character: never in a term).
const ENTITY_PREFIX: char = '\u{1}';

fn day_number(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.num_days_from_ce()
}

fn gap(day: Option<i32>, first: Option<i32>, last: Option<i32>) -> Option<i32> {
    let (d, f, l) = (day?, first?, last?);
    Some(if d < f {
        f - d
    } else if d > l {
        d - l
    } else {
        0
    })
}

impl EventEngine {
    /// An engine with no article placed yet.
    pub fn new(settings: ClusterSettings) -> Self {
        EventEngine {
            settings,
            ..EventEngine::default()
        }
    }

    /// Number of articles placed so far.
    pub fn articles(&self) -> usize {
        self.placed.len()
    }

    /// The term a vocabulary id stands for.
    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    /// Index of the event an article was placed in; `None` if it was not placed.
    pub fn event_of(&self, article: &ArticleId) -> Option<u64> {
        self.placed.get(article).copied()
    }

    /// Event ids changed since the last call.
    pub fn take_dirty(&mut self) -> Vec<u64> {
        let mut v: Vec<u64> = self.dirty.drain().collect();
        v.sort_unstable();
        v
    }

    /// Places a batch in canonical order (publication date, undated last, then
    /// id), then merges the stories it touched and attaches orphans.
    pub fn add_batch(&mut self, batch: Vec<ArticleFeatures>) -> Vec<Placement> {
        let placed = self.place_batch(batch);
        self.story_pass();
        placed
            .into_iter()
            .map(|mut p| {
                p.story = self.events[p.event as usize].story;
                p
            })
            .collect()
    }

    /// Places a batch in canonical order, without the story passes of
    /// [`EventEngine::finish`].
    pub fn place_batch(&mut self, mut batch: Vec<ArticleFeatures>) -> Vec<Placement> {
        batch.sort_by_cached_key(canonical_key);
        batch.iter().filter_map(|f| self.add(f)).collect()
    }

    /// Whether every article of `batch` not placed yet sorts after the last
    /// article placed: then placing it continues the canonical order, and
    /// the result equals placing everything at once.
    pub fn follows(&self, batch: &[ArticleFeatures]) -> bool {
        let Some(last) = &self.last_key else {
            return true;
        };
        batch
            .iter()
            .filter(|f| !self.placed.contains_key(&f.article))
            .all(|f| canonical_key(f) > *last)
    }

    /// The last story pass, over every story: merges, then orphan
    /// attachment. On an engine that placed its articles with
    /// [`EventEngine::place_batch`] only, this gives the canonical result.
    pub fn finish(&mut self) {
        self.pass_touched.clear();
        self.pass_placed = 0;
        self.merge_stories((0..self.stories.len() as u64).collect());
        self.attach_orphans();
    }

    /// Merges the stories touched since the last pass, then attaches orphans.
    fn story_pass(&mut self) {
        let touched = std::mem::take(&mut self.pass_touched);
        self.pass_placed = 0;
        self.merge_stories(touched);
        self.attach_orphans();
    }

    /// The public id of the story an event now belongs to.
    pub fn public_story_of(&self, event: u64) -> u64 {
        let story = self.resolve_story(self.events[event as usize].story);
        self.stories[story as usize].public_id
    }

    /// Places one article; `None` when it was placed before.
    pub fn add(&mut self, f: &ArticleFeatures) -> Option<Placement> {
        if self.placed.contains_key(&f.article) {
            return None;
        }
        let every = self.settings.story_pass_articles;
        if every > 0 && self.pass_placed >= every {
            self.story_pass();
        }
        let key = canonical_key(f);
        if self.last_key.as_ref().is_none_or(|k| key > *k) {
            self.last_key = Some(key);
        }
        let (vector, topic, ents) = self.vectorise(f);
        let day = f.published.map(day_number);
        if let Some(d) = day {
            self.latest_day = Some(self.latest_day.map_or(d, |x| x.max(d)));
        }
        let unit = f.unit();
        let member = |similarity: f32| EventMember {
            article: f.article.clone(),
            title: f.title.clone(),
            source: f.source.clone(),
            published: f.published,
            unit: unit.clone(),
            similarity,
        };

        // A copy of a syndicated story goes where its group went.
        let target = if let Some(&e) = f.syndication_group.as_ref().and(self.units.get(&unit)) {
            Some((e, 1.0))
        } else {
            self.best_event(&vector, day, f)
        };
        let (event, new_event, new_story) = match target {
            Some((e, sim)) => {
                self.join_event(e, (&vector, &topic, &ents), day, f, member(sim));
                (e, false, false)
            }
            None => {
                let (story, new_story) = match self.best_story(&topic, day) {
                    Some(s) => (s, false),
                    None => (self.open_story(&f.article), true),
                };
                let e = self.events.len() as u64;
                let public = public_id("event", &f.article, &self.event_ids);
                self.event_ids.insert(public);
                self.events.push(EventState {
                    id: e,
                    public_id: public,
                    story,
                    centroid: Centroid::default(),
                    members: Vec::new(),
                    first_day: None,
                    last_day: None,
                    entities: HashSet::new(),
                    quotes: HashSet::new(),
                    evidence: Vec::new(),
                });
                self.stories[story as usize].events.push(e);
                self.join_event(e, (&vector, &topic, &ents), day, f, member(1.0));
                (e, true, new_story)
            }
        };
        self.units.entry(unit).or_insert(event);
        self.placed.insert(f.article.clone(), event);
        self.pass_touched.push(self.events[event as usize].story);
        self.pass_placed += 1;
        Some(Placement {
            article: f.article.clone(),
            event,
            story: self.events[event as usize].story,
            new_event,
            new_story,
        })
    }

    fn open_story(&mut self, opener: &ArticleId) -> u64 {
        let s = self.stories.len() as u64;
        let public = public_id("story", opener, &self.story_ids);
        self.story_ids.insert(public);
        self.stories.push(StoryState::empty(s, public));
        s
    }

    /// The story a (possibly merged) story id now lives in.
    pub fn resolve_story(&self, mut s: u64) -> u64 {
        while let Some(t) = self.stories[s as usize].merged_into {
            s = t;
        }
        s
    }

    /// Stories that are not merged into another, by id.
    pub fn live_stories(&self) -> impl Iterator<Item = &StoryState> {
        self.stories.iter().filter(|s| s.merged_into.is_none())
    }

    /// Merges stories whose topic centroids are close, starting from the
    /// given ones (those a batch touched). Deterministic: ids ascending,
    /// the older story (lower id) absorbs the newer one.
    fn merge_stories(&mut self, touched: Vec<u64>) {
        let s = self.settings.clone();
        let mut queue: Vec<u64> = touched;
        queue.sort_unstable();
        queue.dedup();
        while let Some(a) = queue.pop() {
            let a = self.resolve_story(a);
            let st = &self.stories[a as usize];
            let mut best: Option<(u64, f32)> = None;
            for (c, _) in self.stories_near(a, s.story_window_days, |_| true) {
                let other = &self.stories[c as usize];
                let sim = st.centroid.cosine_with(&other.centroid);
                let same = sim >= s.story_merge_threshold
                    || (sim >= s.story_merge_topic_floor
                        && st.entity_centroid.cosine_with(&other.entity_centroid)
                            >= s.story_entity_merge_threshold);
                if same && best.is_none_or(|b| sim > b.1) {
                    best = Some((c, sim));
                }
            }
            if let Some((c, sim)) = best {
                let (keep, gone) = (a.min(c), a.max(c));
                self.record_merge(keep, gone, sim);
                self.absorb(keep, gone);
                queue.push(keep);
            }
        }
    }

    /// The stories other than `a` that share top terms with it, pass `keep`
    /// and lie within `max_gap` days of it: ids ascending, each with its gap
    /// in days.
    fn stories_near(
        &self,
        a: u64,
        max_gap: i32,
        keep: impl Fn(&StoryState) -> bool,
    ) -> Vec<(u64, i32)> {
        let st = &self.stories[a as usize];
        let q = st.centroid.top_terms(self.settings.query_terms);
        let mut cands: Vec<u64> = self
            .story_candidates(&q, st.last_day)
            .into_iter()
            .filter(|&c| c != a && keep(&self.stories[c as usize]))
            .collect();
        cands.sort_unstable();
        cands.dedup();
        cands
            .into_iter()
            .map(|c| (c, st.gap_days(&self.stories[c as usize])))
            .filter(|&(_, g)| g <= max_gap)
            .collect()
    }

    /// Folds quiet small stories into the story they are most like.
    ///
    /// Reports that do not name the story's subject (a market report that
    /// mentions the crisis in passing, a follow-up with new actors) often
    /// reach no story threshold and open a story of their own that never
    /// grows. Once such a story has been quiet for `orphan_quiet_days` of
    /// stream time, it is compared with the larger stories running within
    /// `orphan_max_gap_days` of it ((topic cosine + `orphan_entity_weight` x
    /// entity-profile cosine) x story decay); it joins the best one when that one reaches
    /// `orphan_floor` and beats the runner-up by the factor
    /// `orphan_margin`. Waiting for quiet keeps the first report of a new
    /// story (which soon has company) from being folded away. Each small
    /// story is judged once; ids ascending, so the result is deterministic.
    fn attach_orphans(&mut self) {
        let s = self.settings.clone();
        let Some(now) = self.latest_day else {
            return;
        };
        if s.orphan_max_articles == 0 {
            return;
        }
        let due: Vec<u64> = self
            .live_stories()
            .filter(|st| {
                !st.settled
                    && st.articles <= s.orphan_max_articles
                    && st.last_day.is_some_and(|l| now - l > s.orphan_quiet_days)
            })
            .map(|st| st.id)
            .collect();
        for a in due {
            self.stories[a as usize].settled = true;
            let st = &self.stories[a as usize];
            let larger = |other: &StoryState| other.articles > s.orphan_max_articles;
            let mut scored: Vec<(f32, u64)> = Vec::new();
            for (c, g) in self.stories_near(a, s.orphan_max_gap_days, larger) {
                let other = &self.stories[c as usize];
                let topic = st.centroid.cosine_with(&other.centroid);
                let ent = st.entity_centroid.cosine_with(&other.entity_centroid);
                let score =
                    (topic + s.orphan_entity_weight * ent) * (-(g as f32) / s.story_tau_days).exp();
                scored.push((score, c));
            }
            scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            let Some(&(best, target)) = scored.first() else {
                continue;
            };
            let second = scored.get(1).map_or(0.0, |x| x.0);
            if best >= s.orphan_floor && best >= s.orphan_margin * second {
                let topic = self.stories[target as usize]
                    .centroid
                    .cosine_with(&self.stories[a as usize].centroid);
                self.record_merge(target, a, topic);
                self.absorb(target, a);
            }
        }
    }

    /// Records the merge of story `gone` into `keep` in `merge_log` when
    /// `log_merges` is set (before `absorb` changes either story).
    fn record_merge(&mut self, keep: u64, gone: u64, topic_cosine: f32) {
        if !self.log_merges {
            return;
        }
        let (k, g) = (&self.stories[keep as usize], &self.stories[gone as usize]);
        self.merge_log.push(MergeRecord {
            keep_days: (k.first_day, k.last_day),
            gone_days: (g.first_day, g.last_day),
            keep_events: k.events.clone(),
            gone_events: g.events.clone(),
            topic_cosine,
            entity_cosine: k.entity_centroid.cosine_with(&g.entity_centroid),
        });
    }

    fn absorb(&mut self, keep: u64, gone: u64) {
        let public = self.stories[gone as usize].public_id;
        let g = std::mem::replace(
            &mut self.stories[gone as usize],
            StoryState {
                merged_into: Some(keep),
                settled: true,
                ..StoryState::empty(gone, public)
            },
        );
        for &e in &g.events {
            self.events[e as usize].story = keep;
            self.dirty.insert(e);
        }
        let k = &mut self.stories[keep as usize];
        k.centroid.absorb(g.centroid);
        k.entity_centroid.absorb(g.entity_centroid);
        k.events.extend(g.events);
        k.events.sort_unstable();
        k.articles += g.articles;
        k.first_day = match (k.first_day, g.first_day) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        k.last_day = match (k.last_day, g.last_day) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }

    fn join_event(
        &mut self,
        e: u64,
        (vector, topic, ents): (&Vector, &Vector, &Vector),
        day: Option<i32>,
        f: &ArticleFeatures,
        member: EventMember,
    ) {
        let q = self.query_terms(vector);
        let tq = self.query_terms(topic);
        let post_day = day.unwrap_or(UNDATED_DAY);
        let ev = &mut self.events[e as usize];
        ev.centroid.add(vector);
        ev.members.push(member);
        if let Some(d) = day {
            ev.first_day = Some(ev.first_day.map_or(d, |x| x.min(d)));
            ev.last_day = Some(ev.last_day.map_or(d, |x| x.max(d)));
        }
        ev.entities.extend(f.entities.iter().cloned());
        ev.quotes.extend(f.quote_keys.iter().cloned());
        for k in &f.quote_keys {
            let list = self.quote_postings.entry(k.clone()).or_default();
            if list.last() != Some(&e) {
                list.push(e);
            }
        }
        ev.evidence.extend(f.date_evidence.iter().cloned());
        let story = ev.story;
        for &t in &q {
            self.event_postings
                .entry(t)
                .or_default()
                .push((e, post_day));
        }
        for &t in &tq {
            self.story_postings
                .entry(t)
                .or_default()
                .push((story, post_day));
        }
        let st = &mut self.stories[story as usize];
        st.centroid.add(topic);
        st.entity_centroid.add(ents);
        st.articles += 1;
        if let Some(d) = day {
            st.first_day = Some(st.first_day.map_or(d, |x| x.min(d)));
            st.last_day = Some(st.last_day.map_or(d, |x| x.max(d)));
        }
        self.dirty.insert(e);
    }

    /// Candidate ids from postings of the query terms within `window` days.
    fn candidates(
        postings: &HashMap<u32, Vec<(u64, i32)>>,
        q: &[u32],
        day: Option<i32>,
        window: i32,
        max_scan: usize,
        stop_run: usize,
    ) -> Vec<u64> {
        let mut seen = HashSet::new();
        for t in q {
            let Some(list) = postings.get(t) else {
                continue;
            };
            let mut outside = 0;
            for &(id, d) in list.iter().rev().take(max_scan) {
                let inside = match day {
                    Some(day) if d != UNDATED_DAY => (day - d).abs() <= window,
                    _ => true,
                };
                if inside {
                    outside = 0;
                    seen.insert(id);
                } else {
                    outside += 1;
                    // Postings arrive roughly in date order: a long run of
                    // out-of-window entries means the rest is older still.
                    if outside > stop_run && d < day.unwrap_or(i32::MAX) {
                        break;
                    }
                }
            }
        }
        let mut v: Vec<u64> = seen.into_iter().collect();
        v.sort_unstable();
        v
    }

    /// Candidate stories for the query terms `q` within the story window
    /// of `day`, each merged story replaced by the story it went into
    /// (repeats kept).
    fn story_candidates(&self, q: &[u32], day: Option<i32>) -> Vec<u64> {
        let s = &self.settings;
        Self::candidates(
            &self.story_postings,
            q,
            day,
            s.story_window_days,
            s.max_postings_scan,
            s.postings_stop_run,
        )
        .into_iter()
        .map(|c| self.resolve_story(c))
        .collect()
    }

    fn best_event(&self, v: &Vector, day: Option<i32>, f: &ArticleFeatures) -> Option<(u64, f32)> {
        let s = &self.settings;
        let q = self.query_terms(v);
        let mut best: Option<(u64, f32, f32)> = None;
        let mut cands = Self::candidates(
            &self.event_postings,
            &q,
            day,
            s.event_window_days,
            s.max_postings_scan,
            s.postings_stop_run,
        );
        for k in &f.quote_keys {
            if let Some(list) = self.quote_postings.get(k) {
                cands.extend(list.iter().rev().take(s.max_postings_scan));
            }
        }
        cands.sort_unstable();
        cands.dedup();
        for id in cands {
            let ev = &self.events[id as usize];
            let sim = ev.centroid.cosine(v);
            let g = gap(day, ev.first_day, ev.last_day).unwrap_or(0);
            if g > s.event_window_days {
                continue;
            }
            let shared_entities = shared(&f.entities, &ev.entities, s.max_boosted_entities);
            let shared_quotes = shared(&f.quote_keys, &ev.quotes, s.max_bonus_quotes);
            let score = (sim * (1.0 + s.entity_boost * shared_entities as f32)
                + s.quote_bonus * shared_quotes as f32)
                * (-(g as f32) / s.event_tau_days).exp();
            if score >= s.event_threshold && best.is_none_or_lower(score) {
                best = Some((id, score, sim));
            }
        }
        best.map(|(id, _, sim)| (id, sim))
    }

    fn best_story(&self, v: &Vector, day: Option<i32>) -> Option<u64> {
        let s = &self.settings;
        let q = self.query_terms(v);
        let mut best: Option<(u64, f32, f32)> = None;
        for id in self
            .story_candidates(&q, day)
            .into_iter()
            .collect::<std::collections::BTreeSet<u64>>()
        {
            let st = &self.stories[id as usize];
            let sim = st.centroid.cosine(v);
            let g = gap(day, st.first_day, st.last_day).unwrap_or(0);
            if g > s.story_window_days {
                continue;
            }
            let score = sim * (-(g as f32) / s.story_tau_days).exp();
            if score >= s.story_threshold && best.is_none_or_lower(score) {
                best = Some((id, score, sim));
            }
        }
        best.map(|(id, _, _)| id)
    }

    fn query_terms(&self, v: &Vector) -> Vec<u32> {
        // `v` is sorted by weight, strongest first.
        v.iter()
            .take(self.settings.query_terms)
            .map(|(t, _)| *t)
            .collect()
    }

    /// TF-IDF unit vector of the article's strongest terms (document
    /// frequencies are updated with this article first).
    fn vectorise(&mut self, f: &ArticleFeatures) -> (Vector, Vector, Vector) {
        self.docs += 1;
        let mut v: Vector = Vec::with_capacity(f.terms.len());
        for (term, tf) in &f.terms {
            let id = self.term_id(term);
            self.df[id as usize] += 1;
            v.push((id, *tf));
        }
        let n = self.docs as f32;
        // Entities share the vocabulary under a prefix no word can have.
        let mut ents: Vector = Vec::with_capacity(f.entities.len());
        for e in &f.entities {
            let id = self.term_id(&format!("{ENTITY_PREFIX}{e}"));
            self.df[id as usize] += 1;
            let df = self.df[id as usize] as f32;
            let idf = ((n + 1.0) / (df + 0.5)).ln().max(0.0);
            ents.push((id, idf.powf(self.settings.entity_idf_power)));
        }
        let ents = top_unit(ents, usize::MAX);
        let mut topic = v.clone();
        for ((id, tf), (_, ttf)) in v.iter_mut().zip(topic.iter_mut()) {
            let df = self.df[*id as usize] as f32;
            let idf = ((n + 1.0) / (df + 0.5)).ln().max(0.0);
            let name = f
                .name_terms
                .binary_search_by(|t| t.as_str().cmp(self.terms[*id as usize].as_str()))
                .is_ok();
            let boost = if name {
                1.0 + self.settings.name_boost
            } else {
                1.0
            };
            *ttf = (1.0 + ttf.ln()) * idf.powf(self.settings.topic_idf_power) * boost;
            *tf = (1.0 + tf.ln()) * idf;
        }
        (
            top_unit(v, self.settings.article_terms),
            top_unit(topic, self.settings.topic_terms),
            ents,
        )
    }

    fn term_id(&mut self, term: &str) -> u32 {
        match self.vocab.get(term) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.vocab.insert(term.to_string(), id);
                self.terms.push(term.to_string());
                self.df.push(0);
                id
            }
        }
    }
}

/// The `n` strongest entries, scaled to unit length, strongest first.
fn top_unit(mut v: Vector, n: usize) -> Vector {
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
    v
}

trait Lower {
    fn is_none_or_lower(&self, score: f32) -> bool;
}

impl Lower for Option<(u64, f32, f32)> {
    fn is_none_or_lower(&self, score: f32) -> bool {
        self.is_none_or(|b| score > b.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feat(id: &str, date: Option<(i32, u32, u32)>, text: &str) -> ArticleFeatures {
        let mut counts: HashMap<String, f32> = HashMap::new();
        for t in super::super::features::terms(text) {
            *counts.entry(t).or_default() += 1.0;
        }
        let mut terms: Vec<(String, f32)> = counts.into_iter().collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        ArticleFeatures {
            article: ArticleId(id.into()),
            title: None,
            source: None,
            published: date.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
            terms,
            name_terms: vec![],
            entities: vec![],
            quote_keys: vec![],
            syndication_group: None,
            date_evidence: vec![],
        }
    }

    /// The placements of one batch given to a new engine with the default
    /// settings.
    fn placed_by_a_new_engine(batch: Vec<ArticleFeatures>) -> Vec<Placement> {
        EventEngine::new(ClusterSettings::default()).add_batch(batch)
    }

    const QUAKE: &str = "Earthquake strikes Haiti capital Port-au-Prince, rescuers search rubble for survivors, quake destroyed palace";
    const QUAKE2: &str = "Rescuers in Port-au-Prince pull survivors from rubble after the Haiti earthquake destroyed the palace";
    const SPILL: &str =
        "Oil spill from Deepwater Horizon rig spreads in Gulf of Mexico, BP tries containment dome";

    #[test]
    fn similar_articles_share_an_event_and_others_do_not() {
        let p = placed_by_a_new_engine(vec![
            feat("a", Some((2010, 1, 13)), QUAKE),
            feat("b", Some((2010, 1, 14)), QUAKE2),
            feat("c", Some((2010, 1, 14)), SPILL),
        ]);
        assert_eq!(p[0].event, p[1].event);
        assert_ne!(p[0].event, p[2].event);
        assert_ne!(p[0].story, p[2].story);
    }

    #[test]
    fn the_same_text_a_year_later_is_a_new_event_of_the_same_story() {
        let p = placed_by_a_new_engine(vec![
            feat("a", Some((2010, 1, 13)), QUAKE),
            feat("b", Some((2011, 1, 12)), QUAKE2),
        ]);
        assert_ne!(p[0].event, p[1].event);
        assert_eq!(p[0].story, p[1].story);
    }

    #[test]
    fn batch_order_does_not_matter_and_readding_is_a_no_op() {
        let batch = vec![
            feat("a", Some((2010, 1, 13)), QUAKE),
            feat("b", Some((2010, 1, 14)), QUAKE2),
            feat("c", Some((2010, 1, 14)), SPILL),
        ];
        let mut rev = batch.clone();
        rev.reverse();
        let mut e1 = EventEngine::new(ClusterSettings::default());
        let mut e2 = EventEngine::new(ClusterSettings::default());
        let p1 = e1.add_batch(batch.clone());
        let p2 = e2.add_batch(rev);
        assert_eq!(p1, p2);
        assert!(e1.add_batch(batch).is_empty());
    }

    #[test]
    fn a_shared_quote_joins_differently_worded_reports() {
        let a_text =
            "Militant leader urges rival factions to unite after losses near the northern province";
        let b_text = "Opposition chief in audio message tells groups that reconciliation with everyone is possible";
        let run = |quote: bool| {
            let mut a = feat("a", Some((2018, 1, 16)), a_text);
            let mut b = feat("b", Some((2018, 1, 16)), b_text);
            if quote {
                a.quote_keys = vec!["for 100 days we have been fighting".into()];
                b.quote_keys = a.quote_keys.clone();
            }
            let p = placed_by_a_new_engine(vec![a, b]);
            p[0].event == p[1].event
        };
        assert!(!run(false));
        assert!(run(true));
    }

    #[test]
    fn syndicated_copies_enter_as_one_unit() {
        let mut e = EventEngine::new(ClusterSettings::default());
        let mut a = feat("a", Some((2010, 1, 13)), QUAKE);
        let mut b = feat(
            "b",
            Some((2010, 1, 13)),
            "Wire copy with an unrelated rewritten lede about weather",
        );
        a.syndication_group = Some("g1".into());
        b.syndication_group = Some("g1".into());
        let p = e.add_batch(vec![a, b]);
        assert_eq!(p[0].event, p[1].event);
        let units: HashSet<&str> = e.events[0]
            .members
            .iter()
            .map(|m| m.unit.as_str())
            .collect();
        assert_eq!(units.len(), 1);
    }

    #[test]
    fn a_logged_story_merge_names_both_sides_and_its_cosines() {
        let mut e = EventEngine::new(ClusterSettings::default());
        e.log_merges = true;
        let mut a = feat(
            "a",
            Some((2012, 3, 1)),
            "Government forces shell rebel districts, activists report heavy casualties as families flee the fighting",
        );
        let mut b = feat(
            "b",
            Some((2012, 12, 1)),
            "Ceasefire talks collapse as forces shell rebel districts again, diplomats blame both sides for renewed fighting",
        );
        a.entities = vec!["syria".into(), "damascus".into(), "bashar assad".into()];
        b.entities = a.entities.clone();
        e.add_batch(vec![a]);
        assert!(e.merge_log.is_empty());
        e.add_batch(vec![b]);
        assert_eq!(e.merge_log.len(), 1);
        let m = &e.merge_log[0];
        let (ea, eb) = (
            e.event_of(&ArticleId("a".into())).unwrap(),
            e.event_of(&ArticleId("b".into())).unwrap(),
        );
        assert_eq!(
            (m.keep_events.clone(), m.gone_events.clone()),
            (vec![ea], vec![eb])
        );
        assert!(m.entity_cosine > 0.99, "same actors: {}", m.entity_cosine);
        assert!(m.topic_cosine >= e.settings.story_merge_topic_floor);
        // Not logged unless asked.
        let mut quiet = EventEngine::new(ClusterSettings::default());
        quiet.add_batch(vec![feat("x", Some((2012, 3, 1)), "a b c")]);
        assert!(quiet.merge_log.is_empty());
    }

    #[test]
    fn story_fragments_with_the_same_actors_merge_and_others_do_not() {
        // Two reports months apart, worded differently, about the same
        // actors: two stories by their words alone, one by their actors.
        let a_text = "Government forces shell rebel districts, activists report heavy casualties as families flee the fighting";
        let b_text = "Ceasefire talks collapse as forces shell rebel districts again, diplomats blame both sides for renewed fighting";
        let c_text =
            "Oil spill from Deepwater Horizon rig spreads in Gulf of Mexico, BP tries containment dome";
        let actors = |f: &mut ArticleFeatures, names: &[&str]| {
            f.entities = names.iter().map(|s| s.to_string()).collect();
        };
        let run = |with_entities: bool| {
            let mut e = EventEngine::new(ClusterSettings::default());
            let mut a = feat("a", Some((2012, 3, 1)), a_text);
            // Months later: too far for the story decay, not for a merge.
            let mut b = feat("b", Some((2012, 12, 1)), b_text);
            let mut c = feat("c", Some((2012, 12, 2)), c_text);
            if with_entities {
                actors(&mut a, &["syria", "damascus", "bashar assad", "homs"]);
                actors(&mut b, &["syria", "damascus", "bashar assad", "kofi annan"]);
                actors(&mut c, &["bp", "gulf mexico", "tony hayward"]);
            }
            e.add_batch(vec![a]);
            e.add_batch(vec![b]);
            let p = e.add_batch(vec![c]);
            let story = |id: &str| {
                let ev = e.event_of(&ArticleId(id.into())).unwrap();
                e.resolve_story(e.events[ev as usize].story)
            };
            assert_ne!(story("a"), p[0].story, "an unrelated story stays apart");
            story("a") == story("b")
        };
        assert!(!run(false));
        assert!(run(true));
    }

    /// Story passes run inside placing, every `story_pass_articles`
    /// articles: two fragments with the same actors are one story before
    /// `finish`, and placing the articles in one batch or one at a time
    /// gives the same stories.
    #[test]
    fn story_passes_run_while_placing_whatever_the_batches() {
        let article = |id: &str, date, text: &str, names: &[&str]| {
            let mut f = feat(id, Some(date), text);
            f.entities = names.iter().map(|s| s.to_string()).collect();
            f
        };
        let syria = ["syria", "damascus", "bashar assad", "homs"];
        let batch = vec![
            article(
                "a",
                (2012, 3, 1),
                "Government forces shell rebel districts, activists report heavy casualties as families flee the fighting",
                &syria,
            ),
            // Months later: too far for the story decay, not for a merge.
            article(
                "b",
                (2012, 12, 1),
                "Ceasefire talks collapse as forces shell rebel districts again, diplomats blame both sides for renewed fighting",
                &syria,
            ),
            article("c", (2012, 12, 2), SPILL, &["bp", "gulf mexico"]),
        ];
        let stories = |e: &EventEngine| -> Vec<u64> {
            ["a", "b", "c"]
                .iter()
                .map(|id| e.public_story_of(e.event_of(&ArticleId(id.to_string())).unwrap()))
                .collect()
        };
        let engine = |every: usize| {
            EventEngine::new(ClusterSettings {
                story_pass_articles: every,
                ..ClusterSettings::default()
            })
        };
        let mut at_once = engine(2);
        at_once.place_batch(batch.clone());
        let s = stories(&at_once);
        assert_eq!(s[0], s[1], "merged by the pass after two articles");
        assert_ne!(s[0], s[2]);
        let mut one_by_one = engine(2);
        for f in batch.clone() {
            one_by_one.place_batch(vec![f]);
        }
        assert_eq!(stories(&one_by_one), s);
        at_once.finish();
        one_by_one.finish();
        assert_eq!(stories(&one_by_one), stories(&at_once));
        // Without passes while placing, the fragments wait for `finish`.
        let mut no_passes = engine(0);
        no_passes.place_batch(batch);
        let s = stories(&no_passes);
        assert_ne!(s[0], s[1]);
    }

    /// A report that mentions a running story only in passing opens a
    /// story of its own; once that story has been quiet for a month of
    /// stream time it is folded into the running story it is most like,
    /// and not before.
    #[test]
    fn a_quiet_small_story_joins_the_running_story_it_is_most_like() {
        let shelling = [
            "Government forces shell rebel districts of Homs, activists report heavy casualties as families flee the fighting",
            "Tanks shell Homs again as rebel fighters hold districts, activists say dozens of families fled",
            "Activists in Homs report more shelling of rebel districts and casualties among families trying to flee",
        ];
        let run = |orphans: bool| {
            let settings = ClusterSettings {
                orphan_max_articles: if orphans { 2 } else { 0 },
                ..ClusterSettings::default()
            };
            let mut e = EventEngine::new(settings);
            let mut batch: Vec<ArticleFeatures> = shelling
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let mut f = feat(&format!("s{i}"), Some((2012, 3, 1 + i as u32)), t);
                    f.entities = vec!["syria".into(), "homs".into(), "bashar assad".into()];
                    f
                })
                .collect();
            let mut orphan = feat(
                "o",
                Some((2012, 3, 5)),
                "Crude prices climbed in London trading as investors weighed unrest around Homs and supply worries",
            );
            orphan.entities = vec!["syria".into(), "homs".into(), "london".into()];
            batch.push(orphan);
            e.add_batch(batch);
            let story = |e: &EventEngine, id: &str| {
                let ev = e.event_of(&ArticleId(id.into())).unwrap();
                e.resolve_story(e.events[ev as usize].story)
            };
            assert_ne!(story(&e, "o"), story(&e, "s0"), "not folded while fresh");
            // The stream moves on six weeks: the small story is now quiet.
            e.add_batch(vec![feat("later", Some((2012, 4, 20)), SPILL)]);
            assert_ne!(story(&e, "later"), story(&e, "s0"));
            story(&e, "o") == story(&e, "s0")
        };
        assert!(!run(false));
        assert!(run(true));
    }

    /// With two running stories about equally close, an orphan stays on
    /// its own: a fold needs a clear winner. Naming only one of them, it
    /// joins that one.
    #[test]
    fn an_orphan_between_two_equally_close_stories_stays_apart() {
        let run = |names_both: bool| {
            let settings = ClusterSettings {
                orphan_max_articles: 2,
                ..ClusterSettings::default()
            };
            let mut e = EventEngine::new(settings);
            let mut batch = Vec::new();
            for i in 0..3u32 {
                let mut q = feat(&format!("q{i}"), Some((2010, 5, 1 + i)), QUAKE);
                q.entities = vec!["haiti".into()];
                let mut s = feat(&format!("s{i}"), Some((2010, 5, 1 + i)), SPILL);
                s.entities = vec!["bp".into()];
                batch.extend([q, s]);
            }
            let mut o = feat(
                "o",
                Some((2010, 5, 4)),
                "Underwriters tally claims, premiums, bonds, actuaries, brokers, \
                 syndicates, deductibles and payouts after the rubble and the dome",
            );
            o.entities = if names_both {
                vec!["haiti".into(), "bp".into()]
            } else {
                vec!["haiti".into()]
            };
            batch.push(o);
            e.add_batch(batch);
            e.add_batch(vec![feat(
                "later",
                Some((2010, 7, 1)),
                "Parliament debates the budget",
            )]);
            let story = |id: &str| {
                let ev = e.event_of(&ArticleId(id.into())).unwrap();
                e.resolve_story(e.events[ev as usize].story)
            };
            assert_ne!(story("q0"), story("s0"));
            (story("o") == story("q0"), story("o") == story("s0"))
        };
        assert_eq!(run(true), (false, false));
        assert_eq!(run(false), (true, false));
    }
}
