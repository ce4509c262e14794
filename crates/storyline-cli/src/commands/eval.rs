//! `storyline eval stories|timelines`: scores event clustering, story
//! threading and timeline generation on Timeline17 (labelled JSON Lines:
//! `*.articles.jsonl.gz` with a `topic`, `*.timelines.jsonl` written by
//! journalists). Settings are the fixed defaults of the code. The
//! evaluation itself is the `storyline-eval` crate; this module parses the
//! arguments and prints its reports.

use crate::output::Table;
use std::path::{Path, PathBuf};
use storyline_eval::stories::{
    GoldSplit, StoredStoriesReport, StoriesOptions, StoriesReport, StoryMix, SubsetScores,
};
use storyline_eval::timelines::{TimelineOptions, TimelineRow, TlScores};

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
    /// Quotations and their speakers on the hand-annotated gold: found,
    /// precision, named speaker right, anonymous kept anonymous.
    Quotes(super::eval_quotes::QuotesArgs),
    #[command(flatten)]
    Annotate(super::eval_annotate::AnnotateEval),
    /// Entity resolution on hand-annotated gold forms: mention-weighted
    /// B-cubed, type accuracy, splits and over-merges, per gold part.
    Entities(super::eval_entities::EntitiesArgs),
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
    /// One JSON object: the typed report, with every article's final story
    /// (`assignments`) and, with `--diagnose`, the diagnosis.
    #[arg(long)]
    pub json: bool,
    /// Score the stories of the store at --data (or --store) instead, as an
    /// ingest of the Timeline17 files made them: each article's gold story
    /// is the topic of the file it came from (the file name before `_`).
    #[arg(long, conflicts_with_all = ["repeat", "settings", "text_only", "diagnose"])]
    pub from_store: bool,
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

impl From<RougeTokens> for storyline_eval::rouge::RougeTokens {
    fn from(t: RougeTokens) -> Self {
        match t {
            RougeTokens::Plain => Self::Plain,
            RougeTokens::Stemmed => Self::Stemmed,
        }
    }
}

impl From<TimelineMethod> for storyline_eval::timelines::TimelineMethod {
    fn from(m: TimelineMethod) -> Self {
        match m {
            TimelineMethod::Datewise => Self::Datewise,
            TimelineMethod::Events => Self::Events,
        }
    }
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    match args.what {
        What::Stories(a) if a.from_store => stored_stories(data, a.json),
        What::Stories(a) => stories(a),
        What::Timelines(a) => timelines(a),
        What::Quotes(a) => super::eval_quotes::run(a),
        What::Annotate(e) => super::eval_annotate::run(e),
        What::Entities(a) => super::eval_entities::run(a),
    }
}

fn stories(args: StoriesArgs) -> anyhow::Result<u8> {
    let opts = StoriesOptions {
        t17: args.t17,
        repeat: args.repeat,
        settings: storyline_eval::overridden(args.settings.as_deref())?,
        text_only: args.text_only,
        features_cache: args.features_cache,
        diagnose: args.diagnose,
    };
    let report = storyline_eval::stories::run(&opts)?;
    if args.json {
        crate::output::json_lines([&report])?;
    } else {
        print_stories(&report)?;
    }
    Ok(crate::exit::OK)
}

/// Scores the stories of the store at `data` against the topics of the
/// files their articles came from.
fn stored_stories(data: &Path, json: bool) -> anyhow::Result<u8> {
    let dir = super::events::open_with_current_events(data)?;
    let store = dir.store();
    let mut placed = Vec::new();
    for event in store.list_events()? {
        for m in &event.members {
            let path = store
                .get_article(m.article.as_str())?
                .and_then(|a| a.article.path)
                .unwrap_or_default();
            placed.push((event.story, path));
        }
    }
    let report = storyline_eval::stories::score_stored(&placed);
    if json {
        crate::output::json_lines([&report])?;
    } else {
        print_stored_stories(&report)?;
    }
    Ok(crate::exit::OK)
}

fn print_stored_stories(r: &StoredStoriesReport) -> anyhow::Result<()> {
    print_scores(&r.subsets, &r.largest_stories, &r.gold_splits, 64)?;
    println!(
        "\n{} stored articles scored against the topic of their file; {} left out (not from a Timeline17 articles file)",
        r.articles, r.unlabelled
    );
    Ok(())
}

fn print_stories(r: &StoriesReport) -> anyhow::Result<()> {
    print_scores(
        &r.subsets,
        &r.largest_stories,
        &r.gold_splits,
        if r.repeat > 1 { 14 } else { 64 },
    )?;
    if let Some(d) = &r.diagnosis {
        print_diagnosis(r, d);
    }
    println!(
        "\n{} articles, {} events, {} stories; events vs topics: B3 P {:.3} (events are finer than topics by design)",
        r.articles, r.events, r.stories, r.events_vs_topics_b3_p
    );
    let t = &r.timing;
    let n = r.articles as f64;
    println!(
        "features{} in {:.2} s (parallel); clustered incrementally in {:.2} s wall, {:.2} s CPU: {:.0} articles/s wall, {:.0} per CPU-second; peak RSS {:.0} MiB (includes the loaded corpus and features: {:.0} MiB before clustering)",
        if r.text_only { "" } else { " and annotation" },
        t.features_seconds,
        t.cluster_seconds,
        t.cluster_cpu_seconds.unwrap_or(f64::NAN),
        n / t.cluster_seconds,
        t.cluster_cpu_seconds.map_or(f64::NAN, |c| n / c.max(0.01)),
        t.peak_rss_mib.unwrap_or(f64::NAN),
        t.rss_before_cluster_mib.unwrap_or(f64::NAN)
    );
    Ok(())
}

/// The scores table, the largest stories and how the gold stories are split.
fn print_scores(
    subsets: &[SubsetScores],
    largest: &[StoryMix],
    gold_splits: &[GoldSplit],
    gold_rows: usize,
) -> anyhow::Result<()> {
    Table::print_rows(
        vec![
            "SUBSET", "ARTICLES", "STORIES", "PAIR P", "PAIR R", "PAIR F1", "B3 P", "B3 R", "B3 F1",
        ],
        subsets,
        |s| {
            vec![
                s.subset.to_string(),
                s.articles.to_string(),
                s.stories.to_string(),
                format!("{:.3}", s.scores.pair_p),
                format!("{:.3}", s.scores.pair_r),
                format!("{:.3}", s.pair_f1),
                format!("{:.3}", s.scores.b3_p),
                format!("{:.3}", s.scores.b3_r),
                format!("{:.3}", s.b3_f1),
            ]
        },
    )?;
    println!("\nlargest stories (gold topics inside):");
    for s in largest.iter().take(12) {
        let desc = s
            .topics
            .iter()
            .map(|t| format!("{}:{}", t.topic, t.articles))
            .collect::<Vec<_>>()
            .join(" ");
        println!("  story {:>5}  {:>5} articles  {desc}", s.story, s.articles);
    }
    println!("\ngold stories split over predicted stories (largest pieces):");
    for g in gold_splits.iter().take(gold_rows) {
        let shown: Vec<String> = g.pieces.iter().take(10).map(|s| s.to_string()).collect();
        println!(
            "  {:<20} {:>5} articles in {:>3} stories: {}{}",
            g.gold,
            g.articles,
            g.pieces.len(),
            shown.join(" + "),
            if g.pieces.len() > 10 { " + ..." } else { "" }
        );
    }
    Ok(())
}

/// The diagnosis as lines; `ASSIGN` and `OUTSIDE` lines are tab-separated
/// for grep (scripts read `--json` instead).
fn print_diagnosis(r: &StoriesReport, d: &storyline_eval::stories::Diagnosis) {
    println!("\narticles in a story of another gold story (first 40):");
    for m in &d.misplaced {
        println!(
            "  {} in {} (story {}, event {}): {}",
            m.gold,
            m.majority,
            m.story,
            m.event,
            m.head.replace('\n', " ")
        );
    }
    for a in &r.assignments {
        println!("ASSIGN\t{}\t{}\t{}", a.article, a.gold, a.story);
        if let Some(piece) = a.outside_piece {
            println!("OUTSIDE\t{}\t{}\t{piece}", a.article, a.gold);
        }
    }
    println!("\nstory merges (topic cosine, entity cosine: kept side <- merged side):");
    for m in &d.merges {
        println!(
            "  {} topic {:.2} entity {:.2}: [{}] {} <- [{}] {}",
            if m.wrong { "WRONG" } else { "ok   " },
            m.topic_cosine,
            m.entity_cosine,
            m.kept,
            m.kept_span,
            m.merged,
            m.merged_span
        );
    }
    for same in [true, false] {
        println!(
            "\nclosest final story pairs, {} gold story (entity cosine, topic cosine):",
            if same { "SAME" } else { "DIFFERENT" }
        );
        for p in d
            .closest_pairs
            .iter()
            .filter(|p| p.same_gold == same)
            .take(15)
        {
            println!(
                "  entity {:.2} topic {:.2}  {} ~ {}",
                p.entity_cosine, p.topic_cosine, p.a, p.b
            );
        }
    }
}

fn timelines(args: TimelineArgs) -> anyhow::Result<u8> {
    let opts = TimelineOptions {
        t17: args.t17,
        text_only: args.text_only,
        method: args.method.into(),
        settings: storyline_eval::overridden(args.settings.as_deref())?,
        rouge: args.rouge.into(),
    };
    let rows = storyline_eval::timelines::run(&opts)?;
    if args.json {
        // Through `serde_json::Value`, as the lines were always written.
        let values = rows
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<Vec<_>, _>>()?;
        crate::output::json_lines(values)?;
        return Ok(crate::exit::OK);
    }
    print_timelines(&rows)?;
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

/// The scores table: one row per timeline, then the means.
fn print_timelines(rows: &[TimelineRow]) -> anyhow::Result<()> {
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
    for row in rows {
        let mut r = vec![row.timeline.clone(), row.dates.to_string()];
        r.extend(cells(&row.scores));
        t.row(r);
    }
    type Keep = fn(&TimelineRow) -> bool;
    let means: [(&str, Keep); 6] = [
        ("MEAN dev", |r| r.is_dev()),
        ("MEAN held-out", |r| !r.is_dev()),
        ("MEAN tune", |r| r.part() == "tune"),
        ("MEAN report", |r| r.part() == "report"),
        ("MEAN other", |r| r.part() == "other"),
        ("MEAN all", |_| true),
    ];
    for (label, filter) in means {
        let sel: Vec<&TlScores> = rows
            .iter()
            .filter(|r| filter(r))
            .map(|r| &r.scores)
            .collect();
        let mut r = vec![format!("{label} ({})", sel.len()), String::new()];
        r.extend(cells(&TlScores::mean(sel)));
        t.row(r);
    }
    t.print()
}
