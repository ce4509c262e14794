//! Story clustering on Timeline17: every topic set mixed in one stream in
//! date order and clustered incrementally, gold story = topic; pairwise and
//! B-cubed scores on all topics and separately on the development and
//! held-out topics, the largest stories, how each gold story is split, and
//! (on request) a diagnosis of the merges.

use crate::metrics::{cluster_scores, Scores};
use crate::{resources, t17, EvalError};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline_model::{Article, ArticleId};
use storyline_pipeline::events::{
    article_features, with_annotations, ArticleFeatures, ClusterSettings, EventEngine,
    EvidenceValue,
};

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct StoriesOptions {
    /// Folder with the Timeline17 `*.articles.jsonl.gz` files.
    pub t17: PathBuf,
    /// Repeat the stream this many times, each copy shifted by 4 years and
    /// with new ids (a scale test); 0 counts as 1.
    pub repeat: usize,
    /// Clustering thresholds.
    pub settings: ClusterSettings,
    /// Cluster on the text alone (no annotate stage).
    pub text_only: bool,
    /// Keep the article features in this JSON Lines file: read when it
    /// exists, else written (exploration only).
    pub features_cache: Option<PathBuf>,
    /// Log the merges and fill [`StoriesReport::diagnosis`].
    pub diagnose: bool,
}

/// The scores of one subset of the topics.
#[derive(Debug, Clone, Serialize)]
pub struct SubsetScores {
    /// `all topics`, `dev topics` or `held-out topics`.
    pub subset: &'static str,
    /// Articles in the subset.
    pub articles: usize,
    /// Predicted stories holding them.
    pub stories: usize,
    /// Clustering scores against the gold topics.
    #[serde(flatten)]
    pub scores: Scores,
    /// Pairwise F1.
    pub pair_f1: f64,
    /// B-cubed F1.
    pub b3_f1: f64,
}

/// How many articles of one gold topic a story holds.
#[derive(Debug, Clone, Serialize)]
pub struct TopicCount {
    /// The gold topic.
    pub topic: String,
    /// Its articles in the story.
    pub articles: usize,
}

/// A predicted story and the gold topics in it (by topic name).
#[derive(Debug, Clone, Serialize)]
pub struct StoryMix {
    /// The predicted story's id.
    pub story: u64,
    /// Its articles.
    pub articles: usize,
    /// Its gold topics, largest first.
    pub topics: Vec<TopicCount>,
}

/// A gold story and the sizes of the predicted stories it is split over,
/// largest first.
#[derive(Debug, Clone, Serialize)]
pub struct GoldSplit {
    /// The gold story's name.
    pub gold: String,
    /// Its articles.
    pub articles: usize,
    /// Sizes of the predicted stories it is split over.
    pub pieces: Vec<usize>,
}

/// Where one article ended up.
#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    /// The article's id.
    pub article: String,
    /// Its gold story.
    pub gold: String,
    /// The article's story after every merge.
    pub story: u64,
    /// When that story is not the largest piece of the article's gold
    /// story: how many of the gold story's articles it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outside_piece: Option<usize>,
}

/// Time and memory of the run.
#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    /// Features (and annotation unless text only), in parallel.
    pub features_seconds: f64,
    /// Wall time of clustering.
    pub cluster_seconds: f64,
    /// CPU time of clustering, where /proc tells it.
    pub cluster_cpu_seconds: Option<f64>,
    /// Peak resident memory, where /proc tells it.
    pub peak_rss_mib: Option<f64>,
    /// Resident memory before clustering (the loaded corpus and features).
    pub rss_before_cluster_mib: Option<f64>,
}

/// An article in a story whose majority is another gold story.
#[derive(Debug, Clone, Serialize)]
pub struct Misplaced {
    /// The article's gold story.
    pub gold: String,
    /// The gold story most of its predicted story holds.
    pub majority: String,
    /// Its predicted story.
    pub story: u64,
    /// Its event.
    pub event: u64,
    /// The first 110 characters of the text.
    pub head: String,
}

/// One story merge as it happened: gold composition of each side.
#[derive(Debug, Clone, Serialize)]
pub struct Merge {
    /// The two sides have different majority gold stories.
    pub wrong: bool,
    /// Topic-term cosine of the two sides.
    pub topic_cosine: f32,
    /// Entity cosine of the two sides.
    pub entity_cosine: f32,
    /// Gold composition of the story kept.
    pub kept: String,
    /// Date span of the story kept.
    pub kept_span: String,
    /// Gold composition of the story merged in.
    pub merged: String,
    /// Date span of the story merged in.
    pub merged_span: String,
}

/// Two final stories of 5+ articles and how close they are.
#[derive(Debug, Clone, Serialize)]
pub struct StoryPair {
    /// Entity cosine.
    pub entity_cosine: f32,
    /// Topic-term cosine.
    pub topic_cosine: f32,
    /// Both have the same majority gold story.
    pub same_gold: bool,
    /// One story, by gold composition.
    pub a: String,
    /// The other story.
    pub b: String,
}

/// Where the errors are: misplaced articles (first 40), the merges, and
/// the closest pairs of final stories, closest first.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    /// Articles placed with another gold story (first 40).
    pub misplaced: Vec<Misplaced>,
    /// Every story merge, in order.
    pub merges: Vec<Merge>,
    /// The closest pairs of final stories.
    pub closest_pairs: Vec<StoryPair>,
}

/// The result of a story clustering run.
#[derive(Debug, Clone, Serialize)]
pub struct StoriesReport {
    /// Clustered on the text alone.
    pub text_only: bool,
    /// Times the stream was repeated.
    pub repeat: usize,
    /// All topics, development topics, held-out topics.
    pub subsets: Vec<SubsetScores>,
    /// Every story, largest first (then by id).
    pub largest_stories: Vec<StoryMix>,
    /// Every gold story by name.
    pub gold_splits: Vec<GoldSplit>,
    /// Articles clustered.
    pub articles: usize,
    /// Events made.
    pub events: usize,
    /// Stories made.
    pub stories: usize,
    /// B-cubed precision of events against topics (events are finer than
    /// topics by design).
    pub events_vs_topics_b3_p: f64,
    /// Time and memory.
    pub timing: Timing,
    /// Every placed article in stream order.
    pub assignments: Vec<Assignment>,
    /// Where the errors are, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
}

/// The features of each article, as an ingest builds them: the text's terms
/// plus (unless `text_only`) the annotate stage's entities, quotes and
/// relative dates. Entity keys here are per-article name keys (no store-wide
/// alias resolution). Annotation runs in parallel (it is pure).
pub fn features_of(articles: &[&Article], text_only: bool) -> Vec<ArticleFeatures> {
    articles
        .par_iter()
        .map(|a| {
            let f = article_features(a);
            if text_only {
                f
            } else {
                let ann = storyline_pipeline::annotate::annotate(&a.text, a.published.date);
                with_annotations(f, &ann)
            }
        })
        .collect()
}

/// A copy of an article's features under a new id with every date moved
/// `days` later (the scale test's shifted copies).
fn shifted(f: &ArticleFeatures, id: &ArticleId, days: u64) -> ArticleFeatures {
    let mv = |d: NaiveDate| d.checked_add_days(chrono::Days::new(days)).unwrap_or(d);
    let mut g = f.clone();
    g.article = id.clone();
    g.published = g.published.map(mv);
    for e in &mut g.date_evidence {
        e.article = id.clone();
        e.value = match e.value {
            EvidenceValue::On(d) => EvidenceValue::On(mv(d)),
            EvidenceValue::NotBefore(d) => EvidenceValue::NotBefore(mv(d)),
            EvidenceValue::NotAfter(d) => EvidenceValue::NotAfter(mv(d)),
            w @ EvidenceValue::Weekday(_) => w,
        };
    }
    g
}

/// Every article of every set (`repeat` shifted copies each) with its gold
/// story, in date order.
fn stream(dir: &Path, repeat: usize) -> Result<Vec<(Article, String)>, EvalError> {
    let mut all: Vec<(Article, String)> = Vec::new();
    for (_, path) in t17::sets(dir)? {
        for a in t17::read_set(&path)? {
            for copy in 0..repeat {
                // Each shifted copy is its own story (4 years apart).
                let gold = if copy == 0 {
                    a.topic.clone()
                } else {
                    format!("{}#{copy}", a.topic)
                };
                all.push((t17::to_article(&a, copy), gold));
            }
        }
    }
    all.sort_by(|a, b| (a.0.published.date, &a.0.id).cmp(&(b.0.published.date, &b.0.id)));
    Ok(all)
}

/// The features of the first copies, from the cache when there is one.
fn base_features(
    refs: &[&Article],
    text_only: bool,
    cache: Option<&Path>,
) -> Result<Vec<ArticleFeatures>, EvalError> {
    match cache {
        Some(p) if p.exists() => {
            let f = std::fs::File::open(p).map_err(|e| EvalError::io(p, e))?;
            let mut v = Vec::new();
            for (i, l) in BufReader::new(f).lines().enumerate() {
                let l = l.map_err(|e| EvalError::io(p, e))?;
                v.push(crate::parse_json_line(p, i + 1, &l)?);
            }
            Ok(v)
        }
        other => {
            let v = features_of(refs, text_only);
            if let Some(p) = other {
                let write = || -> std::io::Result<()> {
                    let mut w = std::io::BufWriter::new(std::fs::File::create(p)?);
                    for f in &v {
                        serde_json::to_writer(&mut w, f)?;
                        std::io::Write::write_all(&mut w, b"\n")?;
                    }
                    std::io::Write::flush(&mut w)
                };
                write().map_err(|e| EvalError::io(p, e))?;
            }
            Ok(v)
        }
    }
}

/// Runs the story clustering evaluation.
pub fn run(opts: &StoriesOptions) -> Result<StoriesReport, EvalError> {
    let repeat = opts.repeat.max(1);
    let all = stream(&opts.t17, repeat)?;
    let gold: HashMap<ArticleId, String> =
        all.iter().map(|(a, t)| (a.id.clone(), t.clone())).collect();
    let started = Instant::now();
    // Features of the first copy; the shifted copies reuse them (same text,
    // ids and dates moved), so a scale run does not annotate 100k articles.
    let refs: Vec<&Article> = all
        .iter()
        .map(|(a, _)| a)
        .filter(|a| a.id.as_str().starts_with("0:"))
        .collect();
    let base = base_features(&refs, opts.text_only, opts.features_cache.as_deref())?;
    if base.len() != refs.len() {
        return Err(EvalError::FeaturesCacheMismatch);
    }
    let base: HashMap<&str, ArticleFeatures> =
        refs.iter().map(|a| a.id.as_str()).zip(base).collect();
    let mut feats = Vec::with_capacity(all.len());
    for (a, _) in &all {
        let (copy, id) =
            a.id.as_str()
                .split_once(':')
                .unwrap_or(("0", a.id.as_str()));
        let copy: u64 = copy.parse().unwrap_or(0);
        let f = base
            .get(format!("0:{id}").as_str())
            .ok_or(EvalError::FeaturesCacheMismatch)?;
        feats.push(if copy == 0 {
            f.clone()
        } else {
            shifted(f, &a.id, 4 * 365 * copy)
        });
    }
    let mut feats = feats.into_iter();
    let features_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let cpu_started = resources::cpu_seconds();
    let rss_before = resources::rss_mib();
    let mut engine = EventEngine::new(opts.settings.clone());
    engine.log_merges = opts.diagnose;
    // Incremental, as an ingest stores them: batches of 512 in date order
    // placed (the story passes run inside placing), then the last pass.
    for chunk in all.chunks(512) {
        engine.place_batch(feats.by_ref().take(chunk.len()).collect());
    }
    engine.finish();
    let cluster_seconds = started.elapsed().as_secs_f64();
    let cluster_cpu_seconds = resources::cpu_seconds()
        .zip(cpu_started)
        .map(|(b, a)| b - a);

    let mut story_items: Vec<(u64, &str, bool)> = Vec::new();
    let mut event_items: Vec<(u64, &str)> = Vec::new();
    for (a, topic) in &all {
        let e = engine
            .event_of(&a.id)
            .ok_or_else(|| EvalError::ArticleNotPlaced(a.id.to_string()))?;
        let s = engine.events[e as usize].story;
        story_items.push((s, gold[&a.id].as_str(), t17::is_dev(topic, '#')));
        event_items.push((e, topic.as_str()));
    }
    let subsets = subset_scores(&story_items);
    let diagnosis = opts.diagnose.then(|| diagnose(&engine, &all, &gold));
    Ok(StoriesReport {
        text_only: opts.text_only,
        repeat,
        subsets,
        largest_stories: largest_stories(&story_items),
        gold_splits: gold_splits(&story_items),
        articles: all.len(),
        events: engine.events.len(),
        stories: engine.stories.len(),
        events_vs_topics_b3_p: cluster_scores(&event_items).b3_p,
        timing: Timing {
            features_seconds,
            cluster_seconds,
            cluster_cpu_seconds,
            peak_rss_mib: resources::peak_rss_mib(),
            rss_before_cluster_mib: rss_before,
        },
        assignments: assignments(&engine, &all),
        diagnosis,
    })
}

/// B-cubed and pairwise scores of `(story, gold topic, is a dev topic)`
/// items on all topics, the development topics and the held-out topics.
fn subset_scores(story_items: &[(u64, &str, bool)]) -> Vec<SubsetScores> {
    [
        ("all topics", None),
        ("dev topics", Some(true)),
        ("held-out topics", Some(false)),
    ]
    .into_iter()
    .map(|(subset, filter)| {
        let items: Vec<(u64, &str)> = story_items
            .iter()
            .filter(|x| filter.is_none_or(|f| x.2 == f))
            .map(|x| (x.0, x.1))
            .collect();
        let clusters: HashSet<u64> = items.iter().map(|x| x.0).collect();
        let scores = cluster_scores(&items);
        SubsetScores {
            subset,
            articles: items.len(),
            stories: clusters.len(),
            scores,
            pair_f1: scores.pair_f1(),
            b3_f1: scores.b3_f1(),
        }
    })
    .collect()
}

/// The gold topic of an article stored from a Timeline17 file, from its
/// source path: the file name's part before `_`
/// (`.../bpoil_bbc.articles.jsonl.gz#line=3` -> `bpoil`). `None` for a path
/// that names no such file.
pub fn topic_of_path(path: &str) -> Option<&str> {
    let path = path.split_once('#').map_or(path, |(file, _)| file);
    let name = path.rsplit(['/', '\\']).next()?;
    name.strip_suffix(".articles.jsonl.gz")?
        .split_once('_')
        .map(|(topic, _)| topic)
        .filter(|t| !t.is_empty())
}

/// Scores of the stories a store holds after an ingest of Timeline17 files.
#[derive(Debug, Clone, Serialize)]
pub struct StoredStoriesReport {
    /// All topics, development topics, held-out topics.
    pub subsets: Vec<SubsetScores>,
    /// Every story, largest first (then by id).
    pub largest_stories: Vec<StoryMix>,
    /// Every gold story by name.
    pub gold_splits: Vec<GoldSplit>,
    /// Articles scored.
    pub articles: usize,
    /// Articles left out: their source path names no Timeline17 file.
    pub unlabelled: usize,
}

/// Scores stored stories: `(story id, source path)` of every article placed
/// in an event, gold story = the topic of its path ([`topic_of_path`]).
pub fn score_stored(placed: &[(u64, String)]) -> StoredStoriesReport {
    let story_items: Vec<(u64, &str, bool)> = placed
        .iter()
        .filter_map(|(story, path)| topic_of_path(path).map(|t| (*story, t, t17::is_dev(t, '#'))))
        .collect();
    StoredStoriesReport {
        subsets: subset_scores(&story_items),
        largest_stories: largest_stories(&story_items),
        gold_splits: gold_splits(&story_items),
        articles: story_items.len(),
        unlabelled: placed.len() - story_items.len(),
    }
}

/// The stories and the gold topics in them (where errors are), largest first.
fn largest_stories(story_items: &[(u64, &str, bool)]) -> Vec<StoryMix> {
    let mut mix: HashMap<u64, BTreeMap<&str, usize>> = HashMap::new();
    for x in story_items {
        *mix.entry(x.0).or_default().entry(x.1).or_default() += 1;
    }
    let mut big: Vec<StoryMix> = mix
        .iter()
        .map(|(s, m)| StoryMix {
            story: *s,
            articles: m.values().sum(),
            topics: m
                .iter()
                .map(|(t, c)| TopicCount {
                    topic: t.to_string(),
                    articles: *c,
                })
                .collect(),
        })
        .collect();
    big.sort_by_key(|x| (std::cmp::Reverse(x.articles), x.story));
    big
}

/// Each gold story and the predicted stories it is split over (where
/// recall is lost): sizes of its pieces, largest first.
fn gold_splits(story_items: &[(u64, &str, bool)]) -> Vec<GoldSplit> {
    let mut split: BTreeMap<&str, HashMap<u64, usize>> = BTreeMap::new();
    for x in story_items {
        *split.entry(x.1).or_default().entry(x.0).or_default() += 1;
    }
    split
        .into_iter()
        .map(|(g, parts)| {
            let mut pieces: Vec<usize> = parts.values().copied().collect();
            pieces.sort_unstable_by(|a, b| b.cmp(a));
            GoldSplit {
                gold: g.to_string(),
                articles: pieces.iter().sum(),
                pieces,
            }
        })
        .collect()
}

/// Every placed article's final story, marking those outside their gold
/// story's largest piece.
fn assignments(engine: &EventEngine, all: &[(Article, String)]) -> Vec<Assignment> {
    let story = |a: &Article| {
        engine
            .event_of(&a.id)
            .map(|e| engine.resolve_story(engine.events[e as usize].story))
    };
    let mut piece: HashMap<(&str, u64), usize> = HashMap::new();
    for (a, g) in all {
        if let Some(s) = story(a) {
            *piece.entry((g.as_str(), s)).or_default() += 1;
        }
    }
    let mut largest: HashMap<&str, (usize, u64)> = HashMap::new();
    for (&(g, s), &n) in &piece {
        let e = largest.entry(g).or_insert((0, s));
        if (n, std::cmp::Reverse(s)) > (e.0, std::cmp::Reverse(e.1)) {
            *e = (n, s);
        }
    }
    all.iter()
        .filter_map(|(a, g)| {
            let s = story(a)?;
            Some(Assignment {
                article: a.id.to_string(),
                gold: g.clone(),
                story: s,
                outside_piece: (largest[g.as_str()].1 != s).then(|| piece[&(g.as_str(), s)]),
            })
        })
        .collect()
}

/// Gold composition of a set of events, largest topic first ("MJ:12 H1N1:1").
fn composition(engine: &EventEngine, events: &[u64], gold: &HashMap<ArticleId, String>) -> String {
    let mut m: BTreeMap<&str, usize> = BTreeMap::new();
    for &e in events {
        for mem in &engine.events[e as usize].members {
            *m.entry(gold[&mem.article].as_str()).or_default() += 1;
        }
    }
    let mut v: Vec<(&str, usize)> = m.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    v.iter()
        .map(|(t, c)| format!("{t}:{c}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn majority(engine: &EventEngine, events: &[u64], gold: &HashMap<ArticleId, String>) -> String {
    composition(engine, events, gold)
        .split(':')
        .next()
        .unwrap_or("")
        .to_string()
}

/// First and last day of a story side ("2009-06-25 +3d", or "undated").
fn span(d: (Option<i32>, Option<i32>)) -> String {
    match d {
        (Some(f), Some(l)) => {
            let first = NaiveDate::from_num_days_from_ce_opt(f).map(|x| x.to_string());
            format!("{} +{}d", first.unwrap_or_default(), l - f)
        }
        _ => "undated".into(),
    }
}

/// Story merges as they happened, and the closest pairs of final stories
/// (5+ articles) by entity-profile cosine: same gold story (missed merges)
/// and different gold stories (the margin a merge rule has).
fn diagnose(
    engine: &EventEngine,
    all: &[(Article, String)],
    gold: &HashMap<ArticleId, String>,
) -> Diagnosis {
    // Articles in a story whose majority is another gold story (precision
    // errors), with the start of their text.
    let mut misplaced = Vec::new();
    for (a, g) in all {
        let Some(e) = engine.event_of(&a.id) else {
            continue;
        };
        let s = engine.resolve_story(engine.events[e as usize].story);
        let maj = majority(engine, &engine.stories[s as usize].events, gold);
        if &maj != g && misplaced.len() < 40 {
            misplaced.push(Misplaced {
                gold: g.clone(),
                majority: maj,
                story: s,
                event: e,
                head: a.text.chars().take(110).collect(),
            });
        }
    }
    let merges = engine
        .merge_log
        .iter()
        .map(|m| Merge {
            wrong: majority(engine, &m.keep_events, gold) != majority(engine, &m.gone_events, gold),
            topic_cosine: m.topic_cosine,
            entity_cosine: m.entity_cosine,
            kept: composition(engine, &m.keep_events, gold),
            kept_span: span(m.keep_days),
            merged: composition(engine, &m.gone_events, gold),
            merged_span: span(m.gone_days),
        })
        .collect();
    let live: Vec<_> = engine.live_stories().filter(|s| s.articles >= 5).collect();
    let mut closest_pairs: Vec<StoryPair> = Vec::new();
    for (i, a) in live.iter().enumerate() {
        for b in &live[i + 1..] {
            let (ga, gb) = (
                majority(engine, &a.events, gold),
                majority(engine, &b.events, gold),
            );
            closest_pairs.push(StoryPair {
                entity_cosine: a.entity_centroid.cosine_with(&b.entity_centroid),
                topic_cosine: a.centroid.cosine_with(&b.centroid),
                same_gold: ga == gb,
                a: format!("{}({})", ga, a.articles),
                b: format!("{}({})", gb, b.articles),
            });
        }
    }
    closest_pairs.sort_by(|x, y| y.entity_cosine.total_cmp(&x.entity_cosine));
    Diagnosis {
        misplaced,
        merges,
        closest_pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_article_takes_the_topic_of_its_file() {
        assert_eq!(
            topic_of_path("/d/t17/bpoil_bbc.articles.jsonl.gz#line=3"),
            Some("bpoil")
        );
        assert_eq!(
            topic_of_path("t17/SyrianCrisis_reuters.articles.jsonl.gz"),
            Some("SyrianCrisis")
        );
        assert_eq!(topic_of_path("/d/notes.txt"), None);
        assert_eq!(topic_of_path("/d/_bbc.articles.jsonl.gz#line=1"), None);
    }

    #[test]
    fn stored_stories_score_per_subset_and_skip_unlabelled_articles() {
        let path = |t: &str| format!("/t17/{t}_x.articles.jsonl.gz#line=1");
        let placed = vec![
            (1, path("bpoil")),
            (1, path("bpoil")),
            (2, path("haiti")),
            (1, path("haiti")),
            (3, "/elsewhere/page.html".to_string()),
        ];
        let r = score_stored(&placed);
        assert_eq!((r.articles, r.unlabelled), (4, 1));
        let all = &r.subsets[0];
        // Story 1 holds bpoil, bpoil, haiti: precision 2/3, 2/3, 1/3; the
        // lone haiti in story 2 is pure: (2/3 + 2/3 + 1/3 + 1) / 4.
        assert!((all.scores.b3_p - (8.0 / 3.0) / 4.0).abs() < 1e-12);
        let dev = &r.subsets[1];
        assert_eq!((dev.articles, dev.stories, dev.b3_f1), (2, 1, 1.0));
        let held = &r.subsets[2];
        assert_eq!((held.articles, held.stories), (2, 2));
        assert!((held.scores.b3_r - 0.5).abs() < 1e-12);
    }
}
