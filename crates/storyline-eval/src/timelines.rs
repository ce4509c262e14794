//! Timeline generation on Timeline17, one timeline per journalists'
//! timeline with as many dates: date F1, ROUGE-1/2 F (concatenated and
//! date-aligned) and tilse's many-to-one alignment ROUGE (AR-1/AR-2).

use crate::metrics::{f1, prf};
use crate::rouge::{overlap, rouge_f1, RougeTokens};
use crate::t17::{self, Timeline};
use crate::EvalError;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use storyline_model::{Article, ArticleId, DateExpression};
use storyline_pipeline::events::{
    datewise_timeline, ClusterSettings, DatedDoc, DatewiseSettings, EventEngine, MemberText,
};

/// How the dates of a timeline are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TimelineMethod {
    /// Days ranked by how many independent articles mention them
    /// (publication days count less), each summarised from the sentences
    /// that mention it.
    Datewise,
    /// The largest events' dates and summary sentences.
    Events,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct TimelineOptions {
    /// Folder with the Timeline17 files.
    pub t17: PathBuf,
    /// Dates from the text alone: no annotate stage.
    pub text_only: bool,
    /// How dates are chosen.
    pub method: TimelineMethod,
    /// Date selection thresholds.
    pub settings: DatewiseSettings,
    /// How ROUGE tokenises.
    pub rouge: RougeTokens,
}

/// The scores of one generated timeline against its reference.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize)]
pub struct TlScores {
    /// F1 of the timeline's dates against the reference's.
    pub date_f1: f64,
    /// ROUGE-1 F1 of all entries concatenated.
    pub concat_r1: f64,
    /// ROUGE-2 F1 of all entries concatenated.
    pub concat_r2: f64,
    /// ROUGE-1 F1 of entries aligned by date.
    pub align_r1: f64,
    /// ROUGE-2 F1 of entries aligned by date.
    pub align_r2: f64,
    /// tilse's "align+ m:1" (the alignment ROUGE news-tls reports as AR-1 /
    /// AR-2): each entry is matched to the reference date of least cost
    /// (date distance x content distance) and its n-gram matches count
    /// discounted by 1 / (day difference + 1); recall the same way round.
    pub ar1: f64,
    /// AR-2: the same alignment for bigrams.
    pub ar2: f64,
    /// Expected date F1 of as many days drawn at random from the reference's
    /// first-to-last range (its share of the range's days): how hard the
    /// timeline is for date selection.
    pub random_f1: f64,
}

impl TlScores {
    /// The mean of each score (all 0 for no scores).
    pub fn mean<'a>(scores: impl IntoIterator<Item = &'a TlScores>) -> TlScores {
        let sel: Vec<&TlScores> = scores.into_iter().collect();
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
        mean
    }
}

/// One generated timeline and its scores.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    /// The set's name, with `#k` when the set has several references.
    pub timeline: String,
    /// Dates of the reference (and at most of the generated timeline).
    pub dates: usize,
    /// Its scores.
    pub scores: TlScores,
    /// The timeline generated.
    pub generated: Timeline,
}

/// The development topics the date-wise settings are chosen on; the other
/// development topics are only reported.
pub const TUNE_TOPICS: &[&str] = &["bpoil", "MJ"];

impl TimelineRow {
    /// Whether the timeline is of a development topic.
    pub fn is_dev(&self) -> bool {
        t17::is_dev(&self.timeline, '_')
    }

    /// Its part: `tune` (settings are chosen on it), `report` (the other
    /// development topics) or `other` (held out, never looked at while
    /// choosing).
    pub fn part(&self) -> &'static str {
        let topic = self.timeline.split('_').next().unwrap_or_default();
        if TUNE_TOPICS.contains(&topic) {
            "tune"
        } else if self.is_dev() {
            "report"
        } else {
            "other"
        }
    }
}

/// Date F1 of a predicted set of dates against the reference's.
pub fn date_f1(pred: &BTreeSet<NaiveDate>, gold: &BTreeSet<NaiveDate>) -> f64 {
    let hit = pred.intersection(gold).count() as f64;
    f1(
        hit / pred.len().max(1) as f64,
        hit / gold.len().max(1) as f64,
    )
}

/// Scores a generated timeline against a reference.
pub fn score_timeline(pred: &Timeline, gold: &Timeline, mode: RougeTokens) -> TlScores {
    let overlap = |p: &str, g: &str, n: usize| overlap(p, g, n, mode);
    let pd: BTreeSet<NaiveDate> = pred.iter().map(|x| x.0).collect();
    let gd: BTreeSet<NaiveDate> = gold.iter().map(|x| x.0).collect();
    let date_f1 = date_f1(&pd, &gd);
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
pub fn align_many_to_one(
    pred: &BTreeMap<NaiveDate, String>,
    gold: &BTreeMap<NaiveDate, String>,
    n: usize,
    mode: RougeTokens,
) -> f64 {
    if pred.is_empty() || gold.is_empty() {
        return 0.0;
    }
    let cost = |dp: NaiveDate, dg: NaiveDate, p: &str, g: &str| {
        let days = (dp - dg).num_days().unsigned_abs() as f64;
        (1.0 - 1.0 / (days + 1.0)) * (1.0 - rouge_f1(p, g, 1, mode))
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
        let (o, p, _) = overlap(t, &gold[&g], n, mode);
        pn += o / ((*d - g).num_days().unsigned_abs() as f64 + 1.0);
        pd += p;
    }
    for (d, t) in gold {
        let Some(p) = best(*d, t, pred, false) else {
            continue;
        };
        let (o, _, g) = overlap(&pred[&p], t, n, mode);
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
    dates: &[Vec<DateExpression>],
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

/// Generates and scores a timeline for every reference of every set.
pub fn run(opts: &TimelineOptions) -> Result<Vec<TimelineRow>, EvalError> {
    let mut rows = Vec::new();
    for (set, path) in t17::sets(&opts.t17)? {
        let tl_path = opts.t17.join(format!("{set}.timelines.jsonl"));
        let golds = t17::read_timelines(&tl_path)?;
        let mut arts: Vec<Article> = t17::read_set(&path)?
            .iter()
            .map(|a| t17::to_article(a, 0))
            .collect();
        arts.sort_by(|a, b| (a.published.date, &a.id).cmp(&(b.published.date, &b.id)));
        let texts: HashMap<ArticleId, &Article> = arts.iter().map(|a| (a.id.clone(), a)).collect();
        let mut engine = EventEngine::new(ClusterSettings::default());
        let (units, dates) = if opts.method == TimelineMethod::Events {
            let refs: Vec<&Article> = arts.iter().collect();
            engine.add_batch(crate::stories::features_of(&refs, opts.text_only));
            (Vec::new(), Vec::new())
        } else {
            // The annotate stage's date expressions (resolved against the
            // publication date); text only: absolute dates alone.
            let dates: Vec<Vec<DateExpression>> = arts
                .par_iter()
                .map(|a| {
                    let mut d = storyline_pipeline::annotate::temporal::find_dates(
                        &a.text,
                        a.published.date,
                    );
                    if opts.text_only {
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
            let pred = match opts.method {
                TimelineMethod::Events => generate(&engine, &texts, gold.len(), range),
                TimelineMethod::Datewise => {
                    // Sentences per day: the reference's mean, as news-tls does.
                    let n: usize = gold.iter().map(|x| x.1.len()).sum();
                    let per_day = ((n as f64 / gold.len() as f64).round() as usize).max(1);
                    let s = &opts.settings;
                    generate_datewise(&arts, &units, &dates, gold.len(), per_day, range, s)
                }
            };
            let timeline = if golds.len() > 1 {
                format!("{set}#{}", i + 1)
            } else {
                set.clone()
            };
            rows.push(TimelineRow {
                timeline,
                dates: gold.len(),
                scores: score_timeline(&pred, gold, opts.rouge),
                generated: pred,
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2011, 2, day).unwrap()
    }

    #[test]
    fn date_f1_counts_shared_days() {
        let pred: BTreeSet<NaiveDate> = [d(1), d(2), d(3), d(4)].into();
        let gold: BTreeSet<NaiveDate> = [d(2), d(4)].into();
        // 2 hits: P 2/4, R 2/2 -> F 2/3.
        assert!((date_f1(&pred, &gold) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(date_f1(&BTreeSet::new(), &gold), 0.0);
        assert_eq!(date_f1(&gold, &gold), 1.0);
    }

    #[test]
    fn a_timeline_scores_its_dates_and_same_day_text() {
        let gold: Timeline = vec![
            (d(1), vec!["protests begin in cairo".into()]),
            (d(11), vec!["mubarak resigns".into()]),
        ];
        let pred: Timeline = vec![(d(11), vec!["mubarak resigns".into()])];
        let s = score_timeline(&pred, &gold, RougeTokens::Plain);
        // Dates: P 1/1, R 1/2.
        assert!((s.date_f1 - 2.0 / 3.0).abs() < 1e-12);
        // Unigrams: 2 of 2 predicted, 2 of 6 gold -> F 0.5; same for the
        // aligned score (the shared words are on the shared day).
        assert!((s.concat_r1 - 0.5).abs() < 1e-12);
        assert!((s.align_r1 - 0.5).abs() < 1e-12);
        // 2 of 11 days in the reference's range.
        assert!((s.random_f1 - 2.0 / 11.0).abs() < 1e-12);
    }

    #[test]
    fn many_to_one_alignment_credits_a_near_day_less_than_the_same_day() {
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
    fn timelines_fall_in_the_tune_report_and_other_parts_by_topic() {
        let part = |name: &str| {
            TimelineRow {
                timeline: name.into(),
                dates: 0,
                scores: TlScores::default(),
                generated: Vec::new(),
            }
            .part()
        };
        assert_eq!(part("bpoil_reuters"), "tune");
        assert_eq!(part("MJ_bbc"), "tune");
        assert_eq!(part("H1N1_bbc"), "report");
        assert_eq!(part("EgyptianProtest_cnn"), "report");
        assert_eq!(part("SyrianCrisis_reuters#2"), "other");
        assert_eq!(part("haiti_bbc"), "other");
    }

    #[test]
    fn the_mean_of_no_scores_is_zero() {
        assert_eq!(TlScores::mean([]), TlScores::default());
        let a = TlScores {
            date_f1: 1.0,
            ..TlScores::default()
        };
        assert_eq!(TlScores::mean([&a, &TlScores::default()]).date_f1, 0.5);
    }
}
