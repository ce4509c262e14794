//! `storyline eval stories|timelines`: scores event clustering, story
//! threading and timeline generation on Timeline17 (labelled JSON Lines:
//! `*.articles.jsonl.gz` with a `topic`, `*.timelines.jsonl` written by
//! journalists). Settings are the fixed defaults of the code.

use crate::output::Table;
use anyhow::Context;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline_model::{Article, ArticleId, Published, SourceFormat};
use storyline_pipeline::events::{
    article_features, datewise_timeline, with_annotations, ArticleFeatures, ClusterSettings,
    DatedDoc, DatewiseSettings, EventEngine, MemberText,
};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand)]
pub enum What {
    /// Story clustering: all topic sets mixed in one stream in date order,
    /// gold story = topic; pairwise and B-cubed precision/recall/F1, on all
    /// topics and separately on the development and held-out topics.
    Stories(StoriesArgs),
    /// Timeline generation per topic set, as many dates as the journalists'
    /// timelines: date F1, ROUGE-1/2 F (concatenated and date-aligned).
    Timelines(TimelineArgs),
    #[command(flatten)]
    Annotate(super::eval_annotate::AnnotateEval),
}

#[derive(clap::Args)]
pub struct StoriesArgs {
    /// Folder with the Timeline17 `*.articles.jsonl.gz` files.
    #[arg(long, default_value = "../shared/eval/t17")]
    pub t17: PathBuf,
    /// Repeat the stream this many times, each copy shifted by 4 years and
    /// with new ids (a scale test).
    #[arg(long, default_value_t = 1)]
    pub repeat: usize,
    /// Override settings with a JSON object (exploration only; reported
    /// numbers use the defaults).
    #[arg(long)]
    pub settings: Option<String>,
    /// Cluster on the text alone: no annotate stage (entities, quotes with
    /// speakers, relative dates), as before issue 5's signals.
    #[arg(long)]
    pub text_only: bool,
    /// Keep the article features (annotation is the slow part) in this JSON
    /// Lines file: read when it exists, else written (exploration only).
    #[arg(long, hide = true)]
    pub features_cache: Option<PathBuf>,
    /// Print every story merge (with the gold topics of both sides) and the
    /// closest pairs of stories left apart (exploration only).
    #[arg(long, hide = true)]
    pub diagnose: bool,
}

#[derive(clap::Args)]
pub struct TimelineArgs {
    #[arg(long, default_value = "../shared/eval/t17")]
    pub t17: PathBuf,
    /// Dates from the text alone: no annotate stage (relative dates unresolved).
    #[arg(long)]
    pub text_only: bool,
    /// How dates are chosen: `datewise` ranks days by how many independent
    /// articles mention them (publication days count less) and summarises
    /// each from the sentences that mention it; `events` takes the largest
    /// events' dates and summary sentences.
    #[arg(long, value_enum, default_value_t = TimelineMethod::Datewise)]
    pub method: TimelineMethod,
    /// Override date-wise settings with a JSON object (exploration only;
    /// reported numbers use the defaults).
    #[arg(long)]
    pub settings: Option<String>,
    /// ROUGE tokens: `plain` (lowercased words) or `stemmed` (English stop
    /// words removed, Snowball stems: closer to the ROUGE-1.5.5 `-m -s`
    /// settings tilse and news-tls use).
    #[arg(long, value_enum, default_value_t = RougeTokens::Plain)]
    pub rouge: RougeTokens,
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RougeTokens {
    Plain,
    Stemmed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TimelineMethod {
    Datewise,
    Events,
}

/// Topics used while choosing the settings; the others are held out.
const DEV_TOPICS: &[&str] = &["bpoil", "EgyptianProtest", "H1N1", "MJ"];

#[derive(Deserialize)]
struct T17Article {
    id: String,
    source: Option<String>,
    topic: String,
    published: Option<String>,
    text: String,
}

fn read_set(path: &Path) -> anyhow::Result<Vec<T17Article>> {
    let f = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    let r = BufReader::new(flate2::read::GzDecoder::new(f));
    let mut out = Vec::new();
    for (i, line) in r.lines().enumerate() {
        let line = line.with_context(|| format!("{}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), i + 1))?,
        );
    }
    Ok(out)
}

fn sets(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
        let p = e?.path();
        if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
            if let Some(set) = name.strip_suffix(".articles.jsonl.gz") {
                v.push((set.to_string(), p.clone()));
            }
        }
    }
    v.sort();
    Ok(v)
}

fn to_article(a: &T17Article, copy: usize) -> Article {
    let shift = |d: NaiveDate| {
        d.checked_add_days(chrono::Days::new(4 * 365 * copy as u64))
            .unwrap_or(d)
    };
    let published = a
        .published
        .as_deref()
        .and_then(storyline_pipeline::dates::parse_machine_date)
        .map(|d| {
            Published::dated(
                shift(d),
                storyline_model::Provenance::new("jsonl.published", 0.95),
            )
        })
        .unwrap_or_default();
    Article {
        id: ArticleId(format!("{copy}:{}", a.id)),
        path: None,
        url: None,
        source: a.source.clone(),
        external_id: Some(a.id.clone()),
        title: None,
        text: a.text.clone(),
        published,
        language: None,
        format: SourceFormat::Text,
        raw_sha256: String::new(),
        dateline: None,
        wire_credit: None,
        removed: Vec::new(),
    }
}

/// The features of each article, as an ingest builds them: the text's terms
/// plus (unless `text_only`) the annotate stage's entities, quotes and
/// relative dates. Entity keys here are per-article name keys (no store-wide
/// alias resolution). Annotation runs in parallel (it is pure).
fn features_of(articles: &[&Article], text_only: bool) -> Vec<ArticleFeatures> {
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
    use storyline_pipeline::events::EvidenceValue;
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

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.what {
        What::Stories(a) => stories(a),
        What::Timelines(a) => timelines(a),
        What::Annotate(e) => super::eval_annotate::run(e),
    }
}

/// Pairwise and B-cubed scores of a clustering against gold labels.
#[derive(Debug, Default, Clone, Copy)]
pub struct Scores {
    pub pair_p: f64,
    pub pair_r: f64,
    pub b3_p: f64,
    pub b3_r: f64,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Scores `(predicted, gold)` labels of the same items.
pub fn cluster_scores(items: &[(u64, &str)]) -> Scores {
    let mut joint: HashMap<(u64, &str), f64> = HashMap::new();
    let mut pred: HashMap<u64, f64> = HashMap::new();
    let mut gold: HashMap<&str, f64> = HashMap::new();
    for &(p, g) in items {
        *joint.entry((p, g)).or_default() += 1.0;
        *pred.entry(p).or_default() += 1.0;
        *gold.entry(g).or_default() += 1.0;
    }
    let n = items.len() as f64;
    let pairs = |c: f64| c * (c - 1.0) / 2.0;
    let tp: f64 = joint.values().map(|&c| pairs(c)).sum();
    let pp: f64 = pred.values().map(|&c| pairs(c)).sum();
    let gp: f64 = gold.values().map(|&c| pairs(c)).sum();
    let (mut b3p, mut b3r) = (0.0, 0.0);
    for (&(p, g), &c) in &joint {
        b3p += c * c / pred[&p];
        b3r += c * c / gold[g];
    }
    Scores {
        pair_p: if pp > 0.0 { tp / pp } else { 1.0 },
        pair_r: if gp > 0.0 { tp / gp } else { 1.0 },
        b3_p: b3p / n,
        b3_r: b3r / n,
    }
}

/// CPU time (user + system) of this process so far, in seconds, from
/// /proc/self/stat (clock ticks of 1/100 s, the Linux default).
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at ')'.
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn peak_rss_mib() -> Option<f64> {
    status_mib("VmHWM:")
}

/// A memory line of /proc/self/status in MiB (`VmHWM:` peak, `VmRSS:` now).
fn status_mib(key: &str) -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The defaults of `T` with the fields of the JSON object `over` replaced.
fn overridden<T: serde::Serialize + serde::de::DeserializeOwned + Default>(
    over: Option<&str>,
) -> anyhow::Result<T> {
    let Some(json) = over else {
        return Ok(T::default());
    };
    let mut v = serde_json::to_value(T::default())?;
    let over: serde_json::Value = serde_json::from_str(json)?;
    for (k, x) in over
        .as_object()
        .context("--settings must be a JSON object")?
    {
        anyhow::ensure!(v.get(k).is_some(), "unknown setting {k}");
        v[k] = x.clone();
    }
    Ok(serde_json::from_value(v)?)
}

fn stories(args: StoriesArgs) -> anyhow::Result<u8> {
    let settings: ClusterSettings = overridden(args.settings.as_deref())?;
    let mut all: Vec<(Article, String)> = Vec::new();
    for (_, path) in sets(&args.t17)? {
        for a in read_set(&path)? {
            for copy in 0..args.repeat {
                // Each shifted copy is its own story (4 years apart).
                let gold = if copy == 0 {
                    a.topic.clone()
                } else {
                    format!("{}#{copy}", a.topic)
                };
                all.push((to_article(&a, copy), gold));
            }
        }
    }
    all.sort_by(|a, b| (a.0.published.date, &a.0.id).cmp(&(b.0.published.date, &b.0.id)));
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
    let base = match &args.features_cache {
        Some(p) if p.exists() => {
            let r = BufReader::new(std::fs::File::open(p)?);
            r.lines()
                .map(|l| Ok(serde_json::from_str::<ArticleFeatures>(&l?)?))
                .collect::<anyhow::Result<Vec<_>>>()?
        }
        other => {
            let v = features_of(&refs, args.text_only);
            if let Some(p) = other {
                let mut w = std::io::BufWriter::new(std::fs::File::create(p)?);
                for f in &v {
                    serde_json::to_writer(&mut w, f)?;
                    std::io::Write::write_all(&mut w, b"\n")?;
                }
            }
            v
        }
    };
    anyhow::ensure!(
        base.len() == refs.len(),
        "features cache does not match the corpus"
    );
    let base: HashMap<&str, ArticleFeatures> =
        refs.iter().map(|a| a.id.as_str()).zip(base).collect();
    let feats: Vec<ArticleFeatures> = all
        .iter()
        .map(|(a, _)| {
            let (copy, id) =
                a.id.as_str()
                    .split_once(':')
                    .unwrap_or(("0", a.id.as_str()));
            let copy: u64 = copy.parse().unwrap_or(0);
            let f = &base[format!("0:{id}").as_str()];
            if copy == 0 {
                f.clone()
            } else {
                shifted(f, &a.id, 4 * 365 * copy)
            }
        })
        .collect();
    let mut feats = feats.into_iter();
    let featured = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let rss_before = status_mib("VmRSS:");
    let mut engine = EventEngine::new(settings);
    engine.log_merges = args.diagnose;
    // Incremental: batches of 512 in date order, as an ingest would store them.
    for chunk in all.chunks(512) {
        engine.add_batch(feats.by_ref().take(chunk.len()).collect());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu_started).map(|(b, a)| b - a);
    let n = all.len();
    let mut story_items: Vec<(u64, &str, bool)> = Vec::new();
    let mut event_items: Vec<(u64, &str)> = Vec::new();
    for (a, topic) in &all {
        let e = engine.event_of(&a.id).context("article not placed")?;
        let s = engine.events[e as usize].story;
        story_items.push((
            s,
            gold[&a.id].as_str(),
            DEV_TOPICS.contains(&topic.split('#').next().unwrap_or(topic)),
        ));
        event_items.push((e, topic.as_str()));
    }
    let mut t = Table::new(vec![
        "SUBSET", "ARTICLES", "STORIES", "PAIR P", "PAIR R", "PAIR F1", "B3 P", "B3 R", "B3 F1",
    ]);
    for (name, filter) in [
        ("all topics", None),
        ("dev topics", Some(true)),
        ("held-out topics", Some(false)),
    ] {
        let items: Vec<(u64, &str)> = story_items
            .iter()
            .filter(|x| filter.is_none_or(|f| x.2 == f))
            .map(|x| (x.0, x.1))
            .collect();
        let clusters: std::collections::HashSet<u64> = items.iter().map(|x| x.0).collect();
        let s = cluster_scores(&items);
        t.row(vec![
            name.to_string(),
            items.len().to_string(),
            clusters.len().to_string(),
            format!("{:.3}", s.pair_p),
            format!("{:.3}", s.pair_r),
            format!("{:.3}", f1(s.pair_p, s.pair_r)),
            format!("{:.3}", s.b3_p),
            format!("{:.3}", s.b3_r),
            format!("{:.3}", f1(s.b3_p, s.b3_r)),
        ]);
    }
    t.print()?;
    // The largest stories and the gold topics in them (where errors are).
    let mut mix: HashMap<u64, BTreeMap<&str, usize>> = HashMap::new();
    for x in &story_items {
        *mix.entry(x.0).or_default().entry(x.1).or_default() += 1;
    }
    let mut big: Vec<(u64, usize, String)> = mix
        .iter()
        .map(|(s, m)| {
            let n = m.values().sum();
            let desc = m
                .iter()
                .map(|(t, c)| format!("{t}:{c}"))
                .collect::<Vec<_>>()
                .join(" ");
            (*s, n, desc)
        })
        .collect();
    big.sort_by_key(|x| (std::cmp::Reverse(x.1), x.0));
    println!("\nlargest stories (gold topics inside):");
    for (s, n, desc) in big.iter().take(12) {
        println!("  story {s:>5}  {n:>5} articles  {desc}");
    }
    // Each gold story and the predicted stories it is split over (where
    // recall is lost): sizes of its pieces, largest first.
    let mut split: BTreeMap<&str, HashMap<u64, usize>> = BTreeMap::new();
    for x in &story_items {
        *split.entry(x.1).or_default().entry(x.0).or_default() += 1;
    }
    println!("\ngold stories split over predicted stories (largest pieces):");
    for (g, parts) in split.iter().take(if args.repeat > 1 { 14 } else { 64 }) {
        let mut sizes: Vec<usize> = parts.values().copied().collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let total: usize = sizes.iter().sum();
        let shown: Vec<String> = sizes.iter().take(10).map(|s| s.to_string()).collect();
        println!(
            "  {g:<20} {total:>5} articles in {:>3} stories: {}{}",
            sizes.len(),
            shown.join(" + "),
            if sizes.len() > 10 { " + ..." } else { "" }
        );
    }
    if args.diagnose {
        diagnose(&engine, &all, &gold);
    }
    let ev = cluster_scores(&event_items);
    println!(
        "\n{} articles, {} events, {} stories; events vs topics: B3 P {:.3} (events are finer than topics by design)",
        n,
        engine.events.len(),
        engine.stories.len(),
        ev.b3_p
    );
    println!(
        "features{} in {:.2} s (parallel); clustered incrementally in {:.2} s wall, {:.2} s CPU: {:.0} articles/s wall, {:.0} per CPU-second; peak RSS {:.0} MiB (includes the loaded corpus and features: {:.0} MiB before clustering)",
        if args.text_only { "" } else { " and annotation" },
        featured,
        elapsed,
        cpu.unwrap_or(f64::NAN),
        n as f64 / elapsed,
        cpu.map_or(f64::NAN, |c| n as f64 / c.max(0.01)),
        peak_rss_mib().unwrap_or(f64::NAN),
        rss_before.unwrap_or(f64::NAN)
    );
    Ok(crate::exit::OK)
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

/// Story merges as they happened, and the closest pairs of final stories
/// (5+ articles) by entity-profile cosine: same gold story (missed merges)
/// and different gold stories (the margin a merge rule has).
fn diagnose(engine: &EventEngine, all: &[(Article, String)], gold: &HashMap<ArticleId, String>) {
    // Articles in a story whose majority is another gold story (precision
    // errors), with the start of their text.
    println!("\narticles in a story of another gold story (first 40):");
    let mut shown = 0;
    for (a, g) in all {
        let Some(e) = engine.event_of(&a.id) else {
            continue;
        };
        let s = engine.resolve_story(engine.events[e as usize].story);
        let maj = majority(engine, &engine.stories[s as usize].events, gold);
        if &maj != g && shown < 40 {
            shown += 1;
            let head: String = a.text.chars().take(110).collect();
            println!(
                "  {g} in {maj} (story {s}, event {e}): {}",
                head.replace('\n', " ")
            );
        }
    }
    // Every article outside its gold story's largest piece (for offline
    // analysis: grep OUTSIDE).
    let mut piece: HashMap<(&str, u64), usize> = HashMap::new();
    let story = |a: &Article| {
        engine
            .event_of(&a.id)
            .map(|e| engine.resolve_story(engine.events[e as usize].story))
    };
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
    for (a, g) in all {
        if let Some(s) = story(a) {
            println!("ASSIGN\t{}\t{g}\t{s}", a.id);
            if largest[g.as_str()].1 != s {
                println!("OUTSIDE\t{}\t{g}\t{}", a.id, piece[&(g.as_str(), s)]);
            }
        }
    }
    println!("\nstory merges (topic cosine, entity cosine: kept side <- merged side):");
    for m in &engine.merge_log {
        let (a, b) = (
            composition(engine, &m.keep_events, gold),
            composition(engine, &m.gone_events, gold),
        );
        let wrong =
            majority(engine, &m.keep_events, gold) != majority(engine, &m.gone_events, gold);
        let span = |d: (Option<i32>, Option<i32>)| match d {
            (Some(f), Some(l)) => {
                let f = NaiveDate::from_num_days_from_ce_opt(f).map(|x| x.to_string());
                format!("{} +{}d", f.unwrap_or_default(), l - d.0.unwrap_or(l))
            }
            _ => "undated".into(),
        };
        println!(
            "  {} topic {:.2} entity {:.2}: [{a}] {} <- [{b}] {}",
            if wrong { "WRONG" } else { "ok   " },
            m.topic_cosine,
            m.entity_cosine,
            span(m.keep_days),
            span(m.gone_days)
        );
    }
    let live: Vec<_> = engine.live_stories().filter(|s| s.articles >= 5).collect();
    let mut pairs: Vec<(f32, f32, bool, String, String)> = Vec::new();
    for (i, a) in live.iter().enumerate() {
        for b in &live[i + 1..] {
            let (ga, gb) = (
                majority(engine, &a.events, gold),
                majority(engine, &b.events, gold),
            );
            pairs.push((
                a.entity_centroid.cosine_with(&b.entity_centroid),
                a.centroid.cosine_with(&b.centroid),
                ga == gb,
                format!("{}({})", ga, a.articles),
                format!("{}({})", gb, b.articles),
            ));
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    for same in [true, false] {
        println!(
            "\nclosest final story pairs, {} gold story (entity cosine, topic cosine):",
            if same { "SAME" } else { "DIFFERENT" }
        );
        for p in pairs.iter().filter(|p| p.2 == same).take(15) {
            println!("  entity {:.2} topic {:.2}  {} ~ {}", p.0, p.1, p.3, p.4);
        }
    }
}

// ---------------------------------------------------------------------------
// Timelines

type Timeline = Vec<(NaiveDate, Vec<String>)>;

fn read_timelines(path: &Path) -> anyhow::Result<Vec<Timeline>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let raw: Vec<(String, Vec<String>)> = serde_json::from_str(line)?;
        let mut tl: Timeline = raw
            .into_iter()
            .filter_map(|(d, s)| storyline_pipeline::dates::parse_machine_date(&d).map(|d| (d, s)))
            .collect();
        tl.sort_by_key(|x| x.0);
        out.push(tl);
    }
    Ok(out)
}

/// ROUGE tokens: lowercased alphanumeric words (no stemming, no stop words
/// removed), written here in Rust because the measure is a few lines.
fn rouge_tokens(s: &str, mode: RougeTokens) -> Vec<String> {
    let words = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase());
    match mode {
        RougeTokens::Plain => words.collect(),
        RougeTokens::Stemmed => {
            // tantivy's English stop-word list and Snowball stemmer (the
            // store's search index already depends on them).
            use tantivy::tokenizer::{
                Language, LowerCaser, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
            };
            thread_local! {
                static ANALYZER: std::cell::RefCell<Option<TextAnalyzer>> =
                    const { std::cell::RefCell::new(None) };
            }
            let text = words.collect::<Vec<_>>().join(" ");
            ANALYZER.with(|a| {
                let mut a = a.borrow_mut();
                let a = a.get_or_insert_with(|| {
                    let mut b = TextAnalyzer::builder(SimpleTokenizer::default())
                        .filter(LowerCaser)
                        .dynamic();
                    if let Some(stop) = StopWordFilter::new(Language::English) {
                        b = b.filter_dynamic(stop);
                    }
                    b.filter_dynamic(Stemmer::new(Language::English)).build()
                });
                let mut out = Vec::new();
                let mut ts = a.token_stream(&text);
                ts.process(&mut |t| out.push(t.text.clone()));
                out
            })
        }
    }
}

fn ngrams(tokens: &[String], n: usize) -> HashMap<Vec<String>, f64> {
    let mut m = HashMap::new();
    if tokens.len() >= n {
        for w in tokens.windows(n) {
            *m.entry(w.to_vec()).or_insert(0.0) += 1.0;
        }
    }
    m
}

/// (overlap, predicted total, gold total) of n-grams.
#[cfg(test)]
fn overlap(pred: &str, gold: &str, n: usize) -> (f64, f64, f64) {
    overlap_with(pred, gold, n, RougeTokens::Plain)
}

fn overlap_with(pred: &str, gold: &str, n: usize, mode: RougeTokens) -> (f64, f64, f64) {
    let p = ngrams(&rouge_tokens(pred, mode), n);
    let g = ngrams(&rouge_tokens(gold, mode), n);
    let o: f64 = p
        .iter()
        .map(|(k, c)| c.min(*g.get(k).unwrap_or(&0.0)))
        .sum();
    (o, p.values().sum(), g.values().sum())
}

fn prf(o: f64, p: f64, g: f64) -> f64 {
    let prec = if p > 0.0 { o / p } else { 0.0 };
    let rec = if g > 0.0 { o / g } else { 0.0 };
    f1(prec, rec)
}

#[derive(Default, Clone, Copy, serde::Serialize)]
struct TlScores {
    date_f1: f64,
    concat_r1: f64,
    concat_r2: f64,
    align_r1: f64,
    align_r2: f64,
    /// tilse's "align+ m:1" (the alignment ROUGE news-tls reports as AR-1 /
    /// AR-2): each entry is matched to the reference date of least cost
    /// (date distance x content distance) and its n-gram matches count
    /// discounted by 1 / (day difference + 1); recall the same way round.
    ar1: f64,
    ar2: f64,
    /// Expected date F1 of as many days drawn at random from the reference's
    /// first-to-last range (its share of the range's days): how hard the
    /// timeline is for date selection.
    random_f1: f64,
}

fn score_timeline(pred: &Timeline, gold: &Timeline, mode: RougeTokens) -> TlScores {
    let overlap = |p: &str, g: &str, n: usize| overlap_with(p, g, n, mode);
    let pd: std::collections::BTreeSet<NaiveDate> = pred.iter().map(|x| x.0).collect();
    let gd: std::collections::BTreeSet<NaiveDate> = gold.iter().map(|x| x.0).collect();
    let hit = pd.intersection(&gd).count() as f64;
    let date_f1 = f1(hit / pd.len().max(1) as f64, hit / gd.len().max(1) as f64);
    let join = |t: &Timeline| {
        t.iter()
            .flat_map(|x| x.1.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (pa, ga) = (join(pred), join(gold));
    let c1 = overlap(&pa, &ga, 1);
    let c2 = overlap(&pa, &ga, 2);
    // Date-aligned (agreement) ROUGE: n-grams count only between entries of
    // the same date; totals are over all entries of each side.
    let by_date = |t: &Timeline| -> BTreeMap<NaiveDate, String> {
        let mut m: BTreeMap<NaiveDate, String> = BTreeMap::new();
        for (d, s) in t {
            let e = m.entry(*d).or_default();
            e.push(' ');
            e.push_str(&s.join(" "));
        }
        m
    };
    let (pm, gm) = (by_date(pred), by_date(gold));
    let mut a = [(0.0, c1.1, c1.2), (0.0, c2.1, c2.2)];
    for (d, ps) in &pm {
        if let Some(gs) = gm.get(d) {
            a[0].0 += overlap(ps, gs, 1).0;
            a[1].0 += overlap(ps, gs, 2).0;
        }
    }
    let ar = |n: usize| align_many_to_one(&pm, &gm, n, mode);
    let (ar1, ar2) = (ar(1), ar(2));
    let random_f1 = match (gd.first(), gd.last()) {
        (Some(a), Some(b)) => gd.len() as f64 / ((*b - *a).num_days() + 1) as f64,
        _ => 0.0,
    };
    TlScores {
        random_f1,
        date_f1,
        concat_r1: prf(c1.0, c1.1, c1.2),
        concat_r2: prf(c2.0, c2.1, c2.2),
        align_r1: prf(a[0].0, a[0].1, a[0].2),
        align_r2: prf(a[1].0, a[1].1, a[1].2),
        ar1,
        ar2,
    }
}

/// tilse's `evaluate_align_date_content_costs_many_to_one` for one
/// reference timeline: precision aligns each predicted date to the
/// reference date of least cost, recall each reference date to the
/// predicted date of least cost; cost = (1 - 1/(days+1)) x (1 - ROUGE-1
/// F of the two entries), ties to the earliest date; matched n-grams count
/// 1/(days+1). Written after tilse's rouge.py and util.py (smartschat/tilse),
/// with our tokens (tilse's content cost splits on whitespace).
fn align_many_to_one(
    pred: &BTreeMap<NaiveDate, String>,
    gold: &BTreeMap<NaiveDate, String>,
    n: usize,
    mode: RougeTokens,
) -> f64 {
    if pred.is_empty() || gold.is_empty() {
        return 0.0;
    }
    let content = |p: &str, g: &str| {
        let (o, a, b) = overlap_with(p, g, 1, mode);
        prf(o, a, b)
    };
    let cost = |dp: NaiveDate, dg: NaiveDate, p: &str, g: &str| {
        let days = (dp - dg).num_days().unsigned_abs() as f64;
        (1.0 - 1.0 / (days + 1.0)) * (1.0 - content(p, g))
    };
    let best = |from: NaiveDate, text: &str, to: &BTreeMap<NaiveDate, String>, from_pred: bool| {
        let mut min: Option<(f64, NaiveDate)> = None;
        for (d, t) in to {
            let c = if from_pred {
                cost(from, *d, text, t)
            } else {
                cost(*d, from, t, text)
            };
            if min.is_none_or(|m| c < m.0) {
                min = Some((c, *d));
            }
        }
        min.map(|m| m.1)
    };
    let (mut pn, mut pd, mut rn, mut rd) = (0.0, 0.0, 0.0, 0.0);
    for (d, t) in pred {
        let Some(g) = best(*d, t, gold, true) else {
            continue;
        };
        let (o, p, _) = overlap_with(t, &gold[&g], n, mode);
        pn += o / ((*d - g).num_days().unsigned_abs() as f64 + 1.0);
        pd += p;
    }
    for (d, t) in gold {
        let Some(p) = best(*d, t, pred, false) else {
            continue;
        };
        let (o, _, g) = overlap_with(&pred[&p], t, n, mode);
        rn += o / ((*d - p).num_days().unsigned_abs() as f64 + 1.0);
        rd += g;
    }
    let prec = if pd > 0.0 { pn / pd } else { 0.0 };
    let rec = if rd > 0.0 { rn / rd } else { 0.0 };
    f1(prec, rec)
}

/// Generates a timeline of `k` dates from the events of one collection:
/// events ranked by independent sources (then articles), one entry per date
/// (the event's stated/inferred day, else its "not after" bound: the day it
/// was first reported), the summary sentence as the entry text.
fn generate(
    engine: &EventEngine,
    texts: &HashMap<ArticleId, &Article>,
    k: usize,
    range: (NaiveDate, NaiveDate),
) -> Timeline {
    let mut order: Vec<usize> = (0..engine.events.len()).collect();
    order.sort_by_key(|&i| {
        let e = &engine.events[i];
        (std::cmp::Reverse(e.members.len()), i)
    });
    let mut out: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    for i in order {
        if out.len() >= k {
            break;
        }
        let ev = &engine.events[i];
        let members: Vec<MemberText> = ev
            .members
            .iter()
            .filter_map(|m| texts.get(&m.article).copied())
            .map(MemberText::of)
            .collect();
        let Some(rec) = engine.event_record(i as u64, &members) else {
            continue;
        };
        let Some(day) = rec.date.date.or(rec.date.not_after) else {
            continue;
        };
        if day < range.0 || day > range.1 || out.contains_key(&day) {
            continue;
        }
        if let Some(s) = rec.summary {
            out.insert(day, vec![s.text]);
        }
    }
    out.into_iter().collect()
}

/// Syndication units of a collection: articles the deduplicator links as
/// copies share the unit of the group's first member.
fn syndication_units(arts: &[Article]) -> Vec<String> {
    use storyline_pipeline::dedup::{find_links, groups, DedupParams, Fingerprint};
    let fps: Vec<Fingerprint> = arts.iter().map(|a| Fingerprint::of(&a.text)).collect();
    let links = find_links(&fps, &DedupParams::default());
    let mut unit: Vec<String> = arts.iter().map(|a| a.id.to_string()).collect();
    for g in groups(arts.len(), &links) {
        if let Some(&first) = g.iter().min() {
            for &m in &g {
                unit[m] = arts[first].id.to_string();
            }
        }
    }
    unit
}

/// A date-wise timeline of `k` days within `range`, `per_day` sentences each.
fn generate_datewise(
    arts: &[Article],
    units: &[String],
    dates: &[Vec<storyline_model::DateExpression>],
    k: usize,
    per_day: usize,
    range: (NaiveDate, NaiveDate),
    settings: &DatewiseSettings,
) -> Timeline {
    let docs: Vec<DatedDoc> = arts
        .iter()
        .zip(units)
        .zip(dates)
        .map(|((a, u), d)| DatedDoc {
            article: &a.id,
            unit: u,
            text: &a.text,
            published: a.published.date,
            dates: d,
        })
        .collect();
    datewise_timeline(&docs, k, per_day, Some(range), settings)
        .into_iter()
        .map(|e| (e.date, e.sentences.into_iter().map(|s| s.text).collect()))
        .collect()
}

fn timelines(args: TimelineArgs) -> anyhow::Result<u8> {
    let settings: DatewiseSettings = overridden(args.settings.as_deref())?;
    let mut rows: Vec<(String, usize, TlScores)> = Vec::new();
    let mut made: Vec<Timeline> = Vec::new();
    for (set, path) in sets(&args.t17)? {
        let tl_path = args.t17.join(format!("{set}.timelines.jsonl"));
        let golds = read_timelines(&tl_path)?;
        let mut arts: Vec<Article> = read_set(&path)?.iter().map(|a| to_article(a, 0)).collect();
        arts.sort_by(|a, b| (a.published.date, &a.id).cmp(&(b.published.date, &b.id)));
        let texts: HashMap<ArticleId, &Article> = arts.iter().map(|a| (a.id.clone(), a)).collect();
        let mut engine = EventEngine::new(ClusterSettings::default());
        let (units, dates) = if args.method == TimelineMethod::Events {
            let refs: Vec<&Article> = arts.iter().collect();
            engine.add_batch(features_of(&refs, args.text_only));
            (Vec::new(), Vec::new())
        } else {
            // The annotate stage's date expressions (resolved against the
            // publication date); text only: absolute dates alone.
            let dates: Vec<Vec<storyline_model::DateExpression>> = arts
                .par_iter()
                .map(|a| {
                    let mut d = storyline_pipeline::annotate::temporal::find_dates(
                        &a.text,
                        a.published.date,
                    );
                    if args.text_only {
                        d.retain(|e| {
                            e.kind == storyline_model::annotation::ExpressionKind::Absolute
                        });
                    }
                    d
                })
                .collect();
            (syndication_units(&arts), dates)
        };
        for (i, gold) in golds.iter().enumerate() {
            let (Some(first), Some(last)) = (gold.first(), gold.last()) else {
                continue;
            };
            let range = (first.0, last.0);
            let pred = match args.method {
                TimelineMethod::Events => generate(&engine, &texts, gold.len(), range),
                TimelineMethod::Datewise => {
                    // Sentences per day: the reference's mean, as news-tls does.
                    let n: usize = gold.iter().map(|x| x.1.len()).sum();
                    let per_day = ((n as f64 / gold.len() as f64).round() as usize).max(1);
                    generate_datewise(&arts, &units, &dates, gold.len(), per_day, range, &settings)
                }
            };
            let name = if golds.len() > 1 {
                format!("{set}#{}", i + 1)
            } else {
                set.clone()
            };
            rows.push((name, gold.len(), score_timeline(&pred, gold, args.rouge)));
            made.push(pred);
        }
    }
    if args.json {
        crate::output::json_lines(
            rows.iter().zip(&made).map(|((n, k, s), tl)| {
                serde_json::json!({"timeline": n, "dates": k, "scores": s, "generated": tl})
            }),
        )?;
        return Ok(crate::exit::OK);
    }
    let mut t = Table::new(vec![
        "TIMELINE",
        "DATES",
        "DATE F1",
        "R1 CONCAT",
        "R2 CONCAT",
        "R1 ALIGN",
        "R2 ALIGN",
        "AR1 M:1",
        "AR2 M:1",
        "RANDOM F1",
    ]);
    let cells = |s: &TlScores| {
        vec![
            format!("{:.3}", s.date_f1),
            format!("{:.3}", s.concat_r1),
            format!("{:.3}", s.concat_r2),
            format!("{:.3}", s.align_r1),
            format!("{:.3}", s.align_r2),
            format!("{:.3}", s.ar1),
            format!("{:.3}", s.ar2),
            format!("{:.3}", s.random_f1),
        ]
    };
    for (n, k, s) in &rows {
        let mut r = vec![n.clone(), k.to_string()];
        r.extend(cells(s));
        t.row(r);
    }
    let is_dev = |n: &str| DEV_TOPICS.contains(&n.split('_').next().unwrap_or(n));
    for (label, filter) in [
        ("MEAN dev", Some(true)),
        ("MEAN held-out", Some(false)),
        ("MEAN all", None),
    ] {
        let sel: Vec<&TlScores> = rows
            .iter()
            .filter(|r| filter.is_none_or(|f| is_dev(&r.0) == f))
            .map(|r| &r.2)
            .collect();
        let n = sel.len().max(1) as f64;
        let mut mean = TlScores::default();
        for s in &sel {
            mean.date_f1 += s.date_f1 / n;
            mean.concat_r1 += s.concat_r1 / n;
            mean.concat_r2 += s.concat_r2 / n;
            mean.align_r1 += s.align_r1 / n;
            mean.align_r2 += s.align_r2 / n;
            mean.ar1 += s.ar1 / n;
            mean.ar2 += s.ar2 / n;
            mean.random_f1 += s.random_f1 / n;
        }
        let mut r = vec![format!("{label} ({})", sel.len()), String::new()];
        r.extend(cells(&mean));
        t.row(r);
    }
    t.print()?;
    println!(
        "\nmethod: {}. ROUGE: implemented in Rust ({}); concat = tilse's concat; align = same-day n-grams only (tilse's \"agreement\"). RANDOM F1: expected date F1 of random days in the reference's range.",
        match args.method {
            TimelineMethod::Datewise => "datewise",
            TimelineMethod::Events => "events",
        },
        match args.rouge {
            RougeTokens::Plain => "lowercased words, no stemming, no stop-word removal",
            RougeTokens::Stemmed =>
                "--rouge stemmed: English stop words removed, Snowball stems; tilse uses ROUGE-1.5.5 with Porter stems and its own stop list",
        }
    );
    println!("Published on Timeline17 (news-tls, Ghalandari & Ifrim, ACL 2020): NOT verified, the paper's table could not be reached from here (BENCHMARKS.md lists what was searched); figures quoted from memory:");
    println!("  DATEWISE  AR1-F 0.120  AR2-F 0.035  date F1 0.544");
    println!("  CLUST     AR1-F 0.082  AR2-F 0.020  date F1 0.407");
    println!("Their AR-1/AR-2 are tilse's align+ m:1 (our AR1/AR2 M:1 columns) on ROUGE-1.5.5 with Porter stems and stop words removed (closest here: --rouge stemmed), P and R averaged over timelines before F (we average F), on the full T17 (this copy: 7 topic sets, 16 timelines).");
    Ok(crate::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_merged_clusterings_score_as_expected() {
        let perfect = [(1, "a"), (1, "a"), (2, "b"), (2, "b")];
        let s = cluster_scores(&perfect);
        assert_eq!((s.pair_p, s.pair_r, s.b3_p, s.b3_r), (1.0, 1.0, 1.0, 1.0));
        let merged = [(1, "a"), (1, "a"), (1, "b"), (1, "b")];
        let s = cluster_scores(&merged);
        assert_eq!(s.b3_r, 1.0);
        assert_eq!(s.b3_p, 0.5);
        assert!((s.pair_p - 2.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn many_to_one_alignment_credits_a_near_day_less_than_the_same_day() {
        let d = |day: u32| NaiveDate::from_ymd_opt(2011, 2, day).unwrap();
        let gold: BTreeMap<NaiveDate, String> =
            [(d(11), "mubarak resigns as president".to_string())].into();
        let same: BTreeMap<NaiveDate, String> =
            [(d(11), "mubarak resigns as president".to_string())].into();
        let next: BTreeMap<NaiveDate, String> =
            [(d(12), "mubarak resigns as president".to_string())].into();
        let far: BTreeMap<NaiveDate, String> =
            [(d(12), "protesters celebrate in tahrir".to_string())].into();
        let score =
            |p: &BTreeMap<NaiveDate, String>| align_many_to_one(p, &gold, 1, RougeTokens::Plain);
        assert!((score(&same) - 1.0).abs() < 1e-9);
        // One day off: matches count 1/2.
        assert!((score(&next) - 0.5).abs() < 1e-9);
        assert_eq!(score(&far), 0.0);
    }

    #[test]
    fn stemmed_rouge_matches_inflections_and_ignores_stop_words() {
        let (o, p, g) = overlap_with(
            "Rescuers searched the rubble",
            "rescuer searches rubble",
            1,
            RougeTokens::Stemmed,
        );
        assert_eq!((o, p, g), (3.0, 3.0, 3.0));
        let (o, _, _) = overlap_with(
            "Rescuers searched the rubble",
            "rescuer searches rubble",
            1,
            RougeTokens::Plain,
        );
        assert_eq!(o, 1.0);
    }

    #[test]
    fn rouge_counts_clipped_ngram_overlap() {
        let (o, p, g) = overlap("the cat sat", "The cat sat on the mat", 1);
        assert_eq!((o, p, g), (3.0, 3.0, 6.0));
        let (o, _, _) = overlap("the cat sat", "The cat sat on the mat", 2);
        assert_eq!(o, 2.0);
    }
}
