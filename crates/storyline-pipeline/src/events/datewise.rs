//! Date-wise timelines (the DATEWISE approach of Ghalandari & Ifrim, ACL
//! 2020, after Tran et al.): first choose the days that matter, then say
//! what happened on each.
//!
//! 1. **Rank days** by how many independent articles (syndication units:
//!    copies of one wire story count once) *mention* the day: resolved
//!    absolute and relative date expressions of the annotate stage
//!    ("on 20 April", "on Tuesday", "yesterday"), plus, at a lower weight,
//!    how many were *published* that day. News reports refer back to the
//!    days things happened; the days many reports keep referring to are the
//!    days a journalist puts on a timeline.
//! 2. **Keep the top k** days inside an optional range (an evaluation
//!    restricts them to the reference timeline's first and last day, as
//!    news-tls does).
//! 3. **Summarise each day** by the most central candidate sentence: the
//!    sentences that mention the day, and the lead sentences (without a
//!    date of their own) of the articles published on it or the day after.
//!    Centrality is word overlap with the day's centroid: the terms the
//!    mention and the publication sentences share (news-tls's "PM mean").
//!
//! Pure: the same documents and settings give the same timeline.

use super::features::terms;
use super::prose::{is_prose, prose_start};
use super::summary::sentences;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use storyline_model::annotation::ExpressionKind;
use storyline_model::{ArticleId, DateExpression, Provenance, SourcedSentence};

/// The rule name in the provenance of a date-wise entry's sentence.
pub const DATEWISE_RULE: &str = "timeline.datewise";

/// One article as the date-wise timeline reads it.
#[derive(Clone, Copy, Debug)]
pub struct DatedDoc<'a> {
    /// The article's id, for the provenance of a chosen sentence.
    pub article: &'a ArticleId,
    /// The syndication unit (group id, else the article's own id): articles
    /// of one unit count once.
    pub unit: &'a str,
    /// The article's cleaned text.
    pub text: &'a str,
    /// Its publication date, when known.
    pub published: Option<NaiveDate>,
    /// The annotate stage's date expressions of `text` (spans into it).
    pub dates: &'a [DateExpression],
}

/// Settings of the date-wise timeline (defaults chosen on the Timeline17
/// development topics; see BENCHMARKS.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DatewiseSettings {
    /// Weight of one unit published on a day, against 1.0 for one unit
    /// mentioning it.
    pub publication_weight: f32,
    /// Weight of a mention resolved against an inferred publication date.
    pub inferred_weight: f32,
    /// Weight of a relative mention ("on Tuesday", "yesterday") against 1.0
    /// for a written date.
    pub relative_weight: f32,
    /// Weight of a mention of a day after the article's publication (what
    /// is scheduled or expected).
    pub future_weight: f32,
    /// Weight of a mention of the publication day itself ("today").
    pub same_day_weight: f32,
    /// Weight of a mention of a day more than `retrospect_days` before the
    /// article's publication (a report looking back: "on 15 March, when the
    /// protests began").
    pub retrospect_weight: f32,
    /// How many days before publication a mentioned day must lie for `retrospect_weight` to apply.
    pub retrospect_days: i64,
    /// Weight of the number of mentioning sentences (beyond the first of
    /// each unit) against the number of mentioning units.
    pub sentence_weight: f32,
    /// Lead sentences per article that stand for its publication day.
    pub lead_sentences: usize,
    /// Lead sentences stand for the publication day and this many days
    /// before it (a morning paper reports yesterday).
    pub publication_lag: i64,
    /// Candidate sentences have this many words at least and at most.
    pub min_words: usize,
    /// Largest number of words of a candidate sentence.
    pub max_words: usize,
    /// Weight of the overlap with the whole collection (topicality) in a
    /// candidate sentence's score, beside the overlap with the day.
    pub topic_weight: f32,
    /// Each chosen day within `crowding_window` days of a candidate lowers
    /// the candidate's score by this share (0: rank order alone).
    pub crowding: f32,
    /// Distance in days within which a chosen day crowds a candidate (see `crowding`).
    pub crowding_window: i64,
    /// Share of the `k` days spread over the coverage: the span the
    /// articles were published over is cut into that many equal periods
    /// and each period's best day is taken before the rest go by rank, so
    /// a timeline covers the whole story and not only its busiest weeks
    /// (0: rank order alone).
    pub spread: f32,
    /// A period's best day is taken first only when at least this many
    /// independent units mention it: a key moment, not a quiet period's
    /// noise.
    pub spread_min_sources: usize,
    /// An article that writes out at least this many distinct days (a
    /// chronology: "TIMELINE-...", "key dates") is a journalist's own
    /// choice of days; each of them gains `chronology_weight`, once per
    /// unit (0: off).
    pub chronology_min_days: usize,
    /// What a chronology's listing adds to each of its days (see
    /// `chronology_min_days`).
    pub chronology_weight: f32,
}

impl Default for DatewiseSettings {
    fn default() -> Self {
        DatewiseSettings {
            publication_weight: 0.25,
            inferred_weight: 0.5,
            relative_weight: 0.35,
            future_weight: 0.25,
            same_day_weight: 1.0,
            retrospect_weight: 1.0,
            retrospect_days: 7,
            sentence_weight: 0.0,
            lead_sentences: 5,
            publication_lag: 1,
            min_words: 6,
            max_words: 60,
            topic_weight: 0.0,
            crowding: 0.0,
            crowding_window: 3,
            spread: 0.25,
            spread_min_sources: 3,
            chronology_min_days: 12,
            chronology_weight: 1.0,
        }
    }
}

/// A ranked day: how many units mention it and were published on it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedDay {
    /// The day.
    pub date: NaiveDate,
    /// Its weighted mentions plus `publication_weight` per unit published on it (higher ranks first).
    pub score: f32,
    /// Independent units whose text refers to the day.
    pub mentioned_by: usize,
    /// Independent units published on the day.
    pub published: usize,
}

/// One entry of a date-wise timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DayEntry {
    /// The day.
    pub date: NaiveDate,
    /// Its rank score, as in [`RankedDay::score`].
    pub score: f32,
    /// Independent units whose text refers to the day.
    pub mentioned_by: usize,
    /// Independent units published on the day.
    pub published: usize,
    /// What happened: the day's most central sentence(s), with sources.
    pub sentences: Vec<SourcedSentence>,
}

/// Each document's sentences and the day each sentence mentions.
struct Parsed {
    spans: Vec<(usize, usize)>,
    /// (sentence index, day, weight) of every resolved day mention.
    mentions: Vec<(usize, NaiveDate, f32)>,
    /// The distinct days the text writes out (absolute or day-and-month,
    /// not relative expressions).
    written: BTreeSet<NaiveDate>,
}

fn parse(doc: &DatedDoc, s: &DatewiseSettings) -> Parsed {
    let spans = sentences(doc.text);
    let mut mentions = Vec::new();
    let mut written = BTreeSet::new();
    for e in doc.dates {
        let (Some(day), Some((start, _))) = (e.date, e.provenance.span) else {
            continue;
        };
        if e.provenance.confidence <= 0.0 {
            continue;
        }
        let Some(si) = spans.iter().position(|&(a, b)| a <= start && start < b) else {
            continue;
        };
        if e.kind != ExpressionKind::Relative {
            written.insert(day);
        }
        let mut w = if e.inferred { s.inferred_weight } else { 1.0 };
        if e.kind == ExpressionKind::Relative {
            w *= s.relative_weight;
        }
        match doc.published {
            Some(p) if day > p => w *= s.future_weight,
            Some(p) if day == p => w *= s.same_day_weight,
            Some(p) if (p - day).num_days() > s.retrospect_days => w *= s.retrospect_weight,
            _ => {}
        }
        if w <= 0.0 {
            continue;
        }
        mentions.push((si, day, w));
    }
    Parsed {
        spans,
        mentions,
        written,
    }
}

fn in_range(d: NaiveDate, range: Option<(NaiveDate, NaiveDate)>) -> bool {
    range.is_none_or(|(a, b)| a <= d && d <= b)
}

fn rank(docs: &[DatedDoc], parsed: &[Parsed], s: &DatewiseSettings) -> Vec<RankedDay> {
    // unit -> day -> best mention weight; day -> mentioning sentences.
    let mut unit_mention: BTreeMap<(&str, NaiveDate), f32> = BTreeMap::new();
    let mut sentence_count: HashMap<NaiveDate, f32> = HashMap::new();
    let mut pub_units: BTreeMap<NaiveDate, HashSet<&str>> = BTreeMap::new();
    let mut listed: BTreeSet<(&str, NaiveDate)> = BTreeSet::new();
    for (d, p) in docs.iter().zip(parsed) {
        if s.chronology_min_days > 0 && p.written.len() >= s.chronology_min_days {
            listed.extend(p.written.iter().map(|&day| (d.unit, day)));
        }
        for &(_, day, w) in &p.mentions {
            let e = unit_mention.entry((d.unit, day)).or_insert(0.0);
            *e = e.max(w);
            *sentence_count.entry(day).or_default() += w;
        }
        if let Some(pd) = d.published {
            pub_units.entry(pd).or_default().insert(d.unit);
        }
    }
    let mut by_day: BTreeMap<NaiveDate, (f32, usize)> = BTreeMap::new();
    for ((_, day), w) in unit_mention {
        let e = by_day.entry(day).or_default();
        e.0 += w;
        e.1 += 1;
    }
    for (_, day) in listed {
        by_day.entry(day).or_default().0 += s.chronology_weight;
    }
    let days: HashSet<NaiveDate> = by_day.keys().chain(pub_units.keys()).copied().collect();
    let mut out: Vec<RankedDay> = days
        .into_iter()
        .map(|day| {
            let (m, mu) = by_day.get(&day).copied().unwrap_or_default();
            let pu = pub_units.get(&day).map_or(0, HashSet::len);
            let extra = (sentence_count.get(&day).copied().unwrap_or(0.0) - m).max(0.0);
            RankedDay {
                date: day,
                score: m + s.publication_weight * pu as f32 + s.sentence_weight * extra,
                mentioned_by: mu,
                published: pu,
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.date.cmp(&b.date)));
    out
}

/// Days ranked by independent mentions and publications, best first (ties:
/// earlier first), restricted to `range` when given.
pub fn rank_days(
    docs: &[DatedDoc],
    range: Option<(NaiveDate, NaiveDate)>,
    settings: &DatewiseSettings,
) -> Vec<RankedDay> {
    let parsed: Vec<Parsed> = docs.iter().map(|d| parse(d, settings)).collect();
    rank(docs, &parsed, settings)
        .into_iter()
        .filter(|r| in_range(r.date, range))
        .collect()
}

type Vector = BTreeMap<String, f32>;

fn vector(text: &str) -> Vector {
    let mut m = BTreeMap::new();
    for t in terms(text) {
        *m.entry(t).or_insert(0.0) += 1.0;
    }
    m
}

fn norm(v: &Vector) -> f32 {
    v.values().map(|w| w * w).sum::<f32>().sqrt()
}

fn cosine(a: &Vector, b: &Vector) -> f32 {
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(t, w)| large.get(t).map(|x| x * w))
        .sum::<f32>()
        / (na * nb)
}

/// The mean of the unit-length vectors.
fn centroid<'a>(vs: impl IntoIterator<Item = &'a Vector>) -> Vector {
    let mut c: Vector = BTreeMap::new();
    let mut n = 0.0;
    for v in vs {
        let l = norm(v).max(1e-6);
        for (t, w) in v {
            *c.entry(t.clone()).or_insert(0.0) += w / l;
        }
        n += 1.0;
    }
    if n > 0.0 {
        for w in c.values_mut() {
            *w /= n;
        }
    }
    c
}

/// A candidate sentence of a day: document, sentence index.
type Cand = (usize, usize);

/// Equal periods of the span the documents were published over (within
/// the range, when given).
struct Periods {
    first: NaiveDate,
    days: i64,
    count: usize,
}

impl Periods {
    fn new(docs: &[DatedDoc], range: Option<(NaiveDate, NaiveDate)>, count: usize) -> Periods {
        let published = docs.iter().filter_map(|d| d.published);
        let (mut first, mut last) = match (published.clone().min(), published.max()) {
            (Some(a), Some(b)) => (a, b),
            _ => (NaiveDate::MIN, NaiveDate::MIN),
        };
        if let Some((a, b)) = range {
            first = first.max(a);
            last = last.min(b);
        }
        let days = (last - first).num_days() + 1;
        Periods {
            first,
            days,
            count: if days > 0 { count } else { 0 },
        }
    }

    /// The period of `day`, if it is within the span.
    fn of(&self, day: NaiveDate) -> Option<usize> {
        let off = (day - self.first).num_days();
        (self.count > 0 && (0..self.days).contains(&off))
            .then(|| (off as usize * self.count / self.days as usize).min(self.count - 1))
    }
}

/// The date-wise timeline of `docs`: the `k` best days within `range`, in
/// date order, each with its `per_day` most central sentences (a day with
/// no usable sentence is skipped and the next ranked day taken).
pub fn datewise_timeline(
    docs: &[DatedDoc],
    k: usize,
    per_day: usize,
    range: Option<(NaiveDate, NaiveDate)>,
    settings: &DatewiseSettings,
) -> Vec<DayEntry> {
    let s = settings;
    let parsed: Vec<Parsed> = docs.iter().map(|d| parse(d, s)).collect();
    let ranked = rank(docs, &parsed, s);
    // Candidate sentences per day: mentions, and lead sentences without a
    // date of their own for the publication day and the days before it.
    let mut ment: HashMap<NaiveDate, Vec<Cand>> = HashMap::new();
    let mut publ: HashMap<NaiveDate, Vec<Cand>> = HashMap::new();
    for (di, (d, p)) in docs.iter().zip(&parsed).enumerate() {
        let mut dated: HashSet<usize> = HashSet::new();
        for &(si, day, _) in &p.mentions {
            dated.insert(si);
            let v = ment.entry(day).or_default();
            if !v.contains(&(di, si)) {
                v.push((di, si));
            }
        }
        if let Some(pd) = d.published {
            for si in (0..p.spans.len().min(s.lead_sentences)).filter(|i| !dated.contains(i)) {
                for lag in 0..=s.publication_lag.max(0) {
                    publ.entry(pd - Duration::days(lag))
                        .or_default()
                        .push((di, si));
                }
            }
        }
    }
    // A candidate's span and text: its prose, after any timestamp, credit
    // or byline at its start.
    let span_of = |(di, si): Cand| {
        let (a, b) = parsed[di].spans[si];
        (a + prose_start(&docs[di].text[a..b]), b)
    };
    let text_of = |c: Cand| {
        let (a, b) = span_of(c);
        &docs[c.0].text[a..b]
    };
    let mut vectors: HashMap<Cand, Vector> = HashMap::new();
    let mut vec_of = |c: Cand| -> Vector {
        vectors
            .entry(c)
            .or_insert_with(|| vector(text_of(c)))
            .clone()
    };
    let topic: Vector = if s.topic_weight > 0.0 {
        centroid(
            docs.iter()
                .map(|d| vector(d.text))
                .collect::<Vec<_>>()
                .iter(),
        )
    } else {
        BTreeMap::new()
    };
    let mut out: Vec<DayEntry> = Vec::new();
    let mut pool: Vec<&RankedDay> = ranked.iter().filter(|r| in_range(r.date, range)).collect();
    let periods = Periods::new(
        docs,
        range,
        (s.spread.clamp(0.0, 1.0) * k as f32).round() as usize,
    );
    while out.len() < k && !pool.is_empty() {
        // The best remaining day, its score lowered for each chosen day
        // near it (a timeline spreads over the period, not one busy week);
        // until every period has a day, days of periods without one first.
        let covered: HashSet<usize> = out.iter().filter_map(|e| periods.of(e.date)).collect();
        let effective = |r: &RankedDay| {
            let near = out
                .iter()
                .filter(|e| (e.date - r.date).num_days().abs() <= s.crowding_window)
                .count();
            let open = covered.len() < periods.count
                && r.mentioned_by >= s.spread_min_sources
                && periods.of(r.date).is_some_and(|p| !covered.contains(&p));
            (open, r.score * (1.0 - s.crowding).powi(near as i32))
        };
        let Some(best) = (0..pool.len()).max_by(|&a, &b| {
            let (ea, eb) = (effective(pool[a]), effective(pool[b]));
            ea.0.cmp(&eb.0)
                .then(ea.1.total_cmp(&eb.1))
                .then(pool[b].date.cmp(&pool[a].date))
        }) else {
            break;
        };
        let r = pool.swap_remove(best);
        let empty = Vec::new();
        let m = ment.get(&r.date).unwrap_or(&empty);
        let p = publ.get(&r.date).unwrap_or(&empty);
        let usable = |c: &&Cand| {
            let text = text_of(**c);
            text.split_whitespace().count() <= s.max_words && is_prose(text, s.min_words)
        };
        let mv: Vec<(Cand, Vector)> = m.iter().filter(usable).map(|&c| (c, vec_of(c))).collect();
        let pv: Vec<(Cand, Vector)> = p.iter().filter(usable).map(|&c| (c, vec_of(c))).collect();
        if mv.is_empty() && pv.is_empty() {
            continue;
        }
        let cm = centroid(mv.iter().map(|x| &x.1));
        let cp = centroid(pv.iter().map(|x| &x.1));
        // The day's centroid: terms both kinds share when there are both.
        let day: Vector = if !cm.is_empty() && !cp.is_empty() {
            cm.iter()
                .filter_map(|(t, w)| cp.get(t).map(|x| (t.clone(), w + x)))
                .collect()
        } else if cm.is_empty() {
            cp
        } else {
            cm
        };
        let day = if day.is_empty() {
            centroid(mv.iter().chain(&pv).map(|x| &x.1))
        } else {
            day
        };
        let mut scored: Vec<(f32, Cand, &Vector)> = mv
            .iter()
            .chain(&pv)
            .map(|(c, v)| {
                let t = if s.topic_weight > 0.0 {
                    s.topic_weight * cosine(v, &topic)
                } else {
                    0.0
                };
                (cosine(v, &day) + t, *c, v)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut chosen: Vec<(f32, Cand, &Vector)> = Vec::new();
        let mut seen_text: HashSet<&str> = HashSet::new();
        for x in scored {
            if chosen.len() >= per_day.max(1) {
                break;
            }
            let text = text_of(x.1);
            // Redundancy: no copy or near-copy of a chosen sentence.
            if !seen_text.insert(text) || chosen.iter().any(|c| cosine(c.2, x.2) > 0.5) {
                continue;
            }
            chosen.push(x);
        }
        let sentences = chosen
            .into_iter()
            .map(|(score, (di, si), _)| {
                let span = span_of((di, si));
                SourcedSentence {
                    text: text_of((di, si)).to_string(),
                    article: docs[di].article.clone(),
                    span,
                    provenance: Provenance::new(DATEWISE_RULE, score.clamp(0.0, 1.0))
                        .with_span(span.0, span.1),
                }
            })
            .collect();
        out.push(DayEntry {
            date: r.date,
            score: r.score,
            mentioned_by: r.mentioned_by,
            published: r.published,
            sentences,
        });
    }
    out.sort_by_key(|e| e.date);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::temporal::find_dates;
    use chrono::Datelike;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    struct Doc {
        id: ArticleId,
        unit: String,
        text: String,
        published: NaiveDate,
        dates: Vec<DateExpression>,
    }

    fn doc(id: &str, unit: &str, published: &str, text: &str) -> Doc {
        let p = day(published);
        Doc {
            id: ArticleId(id.into()),
            unit: unit.into(),
            text: text.into(),
            published: p,
            dates: find_dates(text, Some(p)),
        }
    }

    fn view(docs: &[Doc]) -> Vec<DatedDoc<'_>> {
        docs.iter()
            .map(|d| DatedDoc {
                article: &d.id,
                unit: &d.unit,
                text: &d.text,
                published: Some(d.published),
                dates: &d.dates,
            })
            .collect()
    }

    fn corpus() -> Vec<Doc> {
        vec![
            doc("a", "a", "2010-04-21", "An oil rig exploded in the Gulf of Mexico on Tuesday, killing eleven workers. Officials said the fire was still burning."),
            doc("b", "b", "2010-04-22", "The rig that exploded on 20 April sank into the Gulf of Mexico, the coast guard said. Oil may be leaking."),
            doc("c", "c", "2010-05-03", "Since the explosion on April 20, oil has spread toward the coast. The president visited the region on Sunday."),
            // A wire copy of c under another id: one unit.
            doc("c2", "c", "2010-05-03", "Since the explosion on April 20, oil has spread toward the coast. The president visited the region on Sunday."),
            doc("d", "d", "2010-05-02", "The president arrived in Louisiana to see the oil spill response for himself. He met fishermen on the shore."),
        ]
    }

    #[test]
    fn the_day_most_independent_reports_mention_ranks_first() {
        let docs = corpus();
        let ranked = rank_days(&view(&docs), None, &DatewiseSettings::default());
        assert_eq!(ranked[0].date, day("2010-04-20"));
        // a ("on Tuesday" in a Wednesday article), b and c: three units;
        // the copy c2 does not count again.
        assert_eq!(ranked[0].mentioned_by, 3);
        assert_eq!(ranked[1].date, day("2010-05-02"));
    }

    #[test]
    fn retrospective_mentions_are_weighted_by_their_own_setting() {
        // c names 20 April thirteen days later: a retrospective mention.
        let docs = corpus();
        let april_20 = |settings: &DatewiseSettings| {
            rank_days(&view(&docs), None, settings)
                .into_iter()
                .find(|r| r.date == day("2010-04-20"))
                .unwrap()
        };
        let default = april_20(&DatewiseSettings::default());
        let ignored = april_20(&DatewiseSettings {
            retrospect_weight: 0.0,
            ..DatewiseSettings::default()
        });
        let doubled = april_20(&DatewiseSettings {
            retrospect_weight: 2.0,
            ..DatewiseSettings::default()
        });
        assert_eq!(default.mentioned_by, 3);
        assert_eq!(ignored.mentioned_by, 2, "a and b are within a week");
        assert!(ignored.score < default.score && default.score < doubled.score);
    }

    #[test]
    fn a_chronology_article_lifts_the_days_it_lists() {
        // Two reports mention 5 May; x also names 30 April. z (and its
        // wire copy z2) is a chronology that writes out 1 to 12 May.
        let chronology: String = (1..=12)
            .map(|d| format!("On {d} May 2010, the spill response reached a new stage. "))
            .collect();
        let docs = vec![
            doc("x", "x", "2010-05-06", "Crews capped one of the leaking wells on 5 May, a week after the 30 April fire drill, officials said."),
            doc("y", "y", "2010-05-07", "Since the well was capped on 5 May, less oil has reached the shore."),
            doc("z", "z", "2010-05-20", &chronology),
            doc("z2", "z", "2010-05-20", &chronology),
        ];
        let score = |settings: &DatewiseSettings, date: &str| {
            rank_days(&view(&docs), None, settings)
                .into_iter()
                .find(|r| r.date == day(date))
                .map(|r| r.score)
                .unwrap()
        };
        let on = DatewiseSettings::default();
        let off = DatewiseSettings {
            chronology_min_days: 0,
            ..DatewiseSettings::default()
        };
        // A listed day gains the chronology weight once (z2 is a copy).
        assert_eq!(score(&off, "2010-05-03"), 1.0);
        assert_eq!(score(&on, "2010-05-03"), 1.0 + on.chronology_weight);
        assert_eq!(
            score(&on, "2010-05-05") - score(&off, "2010-05-05"),
            on.chronology_weight
        );
        // A day only a short report names gains nothing.
        assert_eq!(score(&on, "2010-04-30"), score(&off, "2010-04-30"));
        // Listed days now outrank a day one report mentions in passing.
        let ranked = rank_days(&view(&docs), None, &on);
        let pos = |date: &str| ranked.iter().position(|r| r.date == day(date)).unwrap();
        assert!(pos("2010-05-12") < pos("2010-04-30"));
    }

    #[test]
    fn a_timeline_keeps_k_days_in_range_in_date_order_with_a_sentence_that_mentions_the_day() {
        let docs = corpus();
        let tl = datewise_timeline(
            &view(&docs),
            2,
            1,
            Some((day("2010-04-01"), day("2010-06-30"))),
            &DatewiseSettings::default(),
        );
        let dates: Vec<NaiveDate> = tl.iter().map(|e| e.date).collect();
        assert_eq!(dates, vec![day("2010-04-20"), day("2010-05-02")]);
        let s = &tl[0].sentences[0];
        assert!(
            s.text.contains("exploded") || s.text.contains("explosion"),
            "{}",
            s.text
        );
        let src = docs.iter().find(|d| d.id == s.article).unwrap();
        assert_eq!(&src.text[s.span.0..s.span.1], s.text);
        assert_eq!(s.provenance.rule, DATEWISE_RULE);
        // Outside the range nothing is chosen.
        let none = datewise_timeline(
            &view(&docs),
            2,
            1,
            Some((day("2011-01-01"), day("2011-12-31"))),
            &DatewiseSettings::default(),
        );
        assert!(none.is_empty());
    }

    /// A busy fortnight in March reported by many, and a day in October
    /// that fewer (but several) reports name.
    fn busy_spring_and_an_autumn_day() -> Vec<Doc> {
        let mut docs = Vec::new();
        for d in 1..=8u32 {
            for u in 0..3 {
                docs.push(doc(
                    &format!("m{d}-{u}"),
                    &format!("m{d}-{u}"),
                    &format!("2011-03-{:02}", d + 1),
                    &format!("Rebels fought government forces near the coast on {d} March, witnesses in the town said."),
                ));
            }
        }
        for u in 0..3 {
            docs.push(doc(
                &format!("o-{u}"),
                &format!("o-{u}"),
                "2011-10-21",
                "The former leader was killed near his home town on 20 October, officials in the capital said.",
            ));
        }
        docs
    }

    #[test]
    fn regression_days_bunch_in_the_busiest_weeks() {
        let docs = busy_spring_and_an_autumn_day();
        let dates = |settings: &DatewiseSettings| -> Vec<NaiveDate> {
            datewise_timeline(&view(&docs), 4, 1, None, settings)
                .into_iter()
                .map(|e| e.date)
                .collect()
        };
        let ranked_only = dates(&DatewiseSettings {
            spread: 0.0,
            ..DatewiseSettings::default()
        });
        assert!(
            !ranked_only.contains(&day("2011-10-20")),
            "by rank alone, March fills the timeline: {ranked_only:?}"
        );
        let spread = dates(&DatewiseSettings {
            spread: 0.5,
            ..DatewiseSettings::default()
        });
        assert!(spread.contains(&day("2011-10-20")), "{spread:?}");
        assert_eq!(spread.len(), 4);
        assert!(spread.iter().filter(|d| d.month() == 3).count() >= 2);
    }

    #[test]
    fn regression_timeline_sentence_is_a_readers_comment_or_caption() {
        let docs = vec![
            doc("a", "a", "2011-10-21", "So who will be next after what happened on 20 October?"),
            doc("b", "b", "2011-10-21", "Fighters celebrate in Sirte on 20 October Photograph: Jane Doe/AP"),
            doc("c", "c", "2011-10-21", "Oct 20: Fighters celebrate in the streets of Sirte after the battle."),
            doc("d", "d", "2011-10-21", "The former leader was captured and killed near Sirte on 20 October, officials said."),
        ];
        let tl = datewise_timeline(&view(&docs), 1, 3, None, &DatewiseSettings::default());
        assert_eq!(tl[0].date, day("2011-10-20"));
        let texts: Vec<&str> = tl[0].sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["The former leader was captured and killed near Sirte on 20 October, officials said."]
        );
    }
}
