//! Event dates: evidence from member articles fused into one [`EventDate`]
//! with its kind (stated, inferred, bound, undated) and provenance.
//!
//! Evidence comes from publication dates (a report is written on or after
//! what it reports: a *not after* bound), absolute dates in the text (the
//! event is not older than the newest past date the text mentions: a weak
//! *not before* bound), and relative expressions: resolved ones arrive as a
//! day (`On`, stated), unresolved weekday names ("on Monday" in an article
//! without a publication date) as `Weekday`, which fusion resolves against the
//! same article's bounds. Nothing is ever guessed: no evidence, no date.

use crate::dates::find_absolute_dates;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use storyline_model::{Article, ArticleId, DateKind, DateSource, EventDate, Provenance};

/// What one piece of evidence says about the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum EvidenceValue {
    /// The event happened on this day.
    On(NaiveDate),
    /// The event happened on or after this day.
    NotBefore(NaiveDate),
    /// The event happened on or before this day.
    NotAfter(NaiveDate),
    /// The event happened on a day of this name, not yet placed in time.
    Weekday(Weekday),
}

/// How strong the evidence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// The article states the day (an absolute date, or a relative one resolved against a stated publication date).
    Stated,
    /// A day resolved against an inferred publication date: weaker than stated.
    Inferred,
    /// A bound (not before, not after), not a day.
    Bound,
}

/// One piece of date evidence, traced to its article, span and rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateEvidence {
    /// What the evidence says about the event's date.
    pub value: EvidenceValue,
    /// How strong it is.
    pub kind: EvidenceKind,
    /// The article it comes from.
    pub article: ArticleId,
    /// Byte span `[start, end)` of the expression in the article's text, when it has one.
    #[serde(default)]
    pub span: Option<(usize, usize)>,
    /// The rule that produced it ("published", "annotate.<rule>", ...).
    pub rule: String,
    /// Confidence of the rule, 0 to 1.
    pub confidence: f32,
}

impl DateEvidence {
    fn source(&self, rule: Option<String>) -> DateSource {
        let mut p = Provenance::new(rule.unwrap_or_else(|| self.rule.clone()), self.confidence);
        p.span = self.span;
        DateSource {
            article: self.article.clone(),
            provenance: p,
        }
    }
}

/// The evidence the foundation's fields give: the publication date (not after)
/// and the newest absolute date in the text that is not after it (not before).
/// Dates in the text later than the publication date are plans, not bounds.
pub fn evidence_from_article(article: &Article) -> Vec<DateEvidence> {
    let mut out = Vec::new();
    let published = article.published.date;
    if let Some(p) = published {
        let (span, conf) = article
            .published
            .provenance
            .as_ref()
            .map(|pr| (pr.span, pr.confidence))
            .unwrap_or((None, 0.9));
        out.push(DateEvidence {
            value: EvidenceValue::NotAfter(p),
            kind: EvidenceKind::Bound,
            article: article.id.clone(),
            span,
            rule: "published".into(),
            confidence: conf,
        });
    }
    let newest = find_absolute_dates(&article.text)
        .into_iter()
        .filter(|d| published.is_none_or(|p| d.date <= p))
        .max_by_key(|d| (d.date, std::cmp::Reverse(d.span)));
    if let Some(d) = newest {
        out.push(DateEvidence {
            value: EvidenceValue::NotBefore(d.date),
            kind: EvidenceKind::Bound,
            article: article.id.clone(),
            span: Some(d.span),
            rule: "text.latest_absolute_date".into(),
            confidence: 0.6,
        });
    }
    out
}

/// The latest day named `w` on or before `d`.
fn weekday_on_or_before(d: NaiveDate, w: Weekday) -> Option<NaiveDate> {
    let back = (7 + d.weekday().num_days_from_monday() - w.num_days_from_monday()) % 7;
    d.checked_sub_days(Days::new(back as u64))
}

/// The earliest day named `w` on or after `d`.
fn weekday_on_or_after(d: NaiveDate, w: Weekday) -> Option<NaiveDate> {
    let fwd = (7 + w.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
    d.checked_add_days(Days::new(fwd as u64))
}

/// Fuses the evidence of an event's members into one date.
///
/// 1. Bounds: the latest *not before* and the earliest *not after*; when they
///    contradict, the weaker (lower confidence) side is dropped.
/// 2. Weekday names are placed against their own article's bounds: the latest
///    such day not after its publication date (stated, by resolution), else the
///    earliest such day not before its newest text date (inferred).
/// 3. Days (stated or inferred) vote with their confidence; days after the
///    *not after* bound are dropped; the winner is stated if any stated
///    evidence supports it, else inferred.
/// 4. With no day: the bounds (kind `bound`); with nothing: `undated`.
pub fn fuse_event_date(evidence: &[DateEvidence]) -> EventDate {
    let mut not_before: Option<&DateEvidence> = None;
    let mut not_after: Option<&DateEvidence> = None;
    for e in evidence {
        match e.value {
            EvidenceValue::NotBefore(d)
                if not_before
                    .is_none_or(|b| matches!(b.value, EvidenceValue::NotBefore(x) if d > x)) =>
            {
                not_before = Some(e);
            }
            EvidenceValue::NotAfter(d)
                if not_after
                    .is_none_or(|b| matches!(b.value, EvidenceValue::NotAfter(x) if d < x)) =>
            {
                not_after = Some(e);
            }
            _ => {}
        }
    }
    let day_of = |e: Option<&DateEvidence>| {
        e.and_then(|e| match e.value {
            EvidenceValue::NotBefore(d) | EvidenceValue::NotAfter(d) | EvidenceValue::On(d) => {
                Some(d)
            }
            EvidenceValue::Weekday(_) => None,
        })
    };
    if let (Some(b), Some(a)) = (day_of(not_before), day_of(not_after)) {
        if b > a {
            if not_before.map(|e| e.confidence) < not_after.map(|e| e.confidence) {
                not_before = None;
            } else {
                not_after = None;
            }
        }
    }

    // Candidate days with their supporting evidence.
    let mut points: Vec<(NaiveDate, bool, DateSource, f32)> = Vec::new();
    for e in evidence {
        match e.value {
            EvidenceValue::On(d) => points.push((
                d,
                e.kind == EvidenceKind::Stated,
                e.source(None),
                e.confidence,
            )),
            EvidenceValue::Weekday(w) => {
                let own = |pick: fn(&EvidenceValue) -> Option<NaiveDate>, latest: bool| {
                    let days = evidence
                        .iter()
                        .filter(|o| o.article == e.article)
                        .filter_map(|o| pick(&o.value).map(|d| (d, o)));
                    if latest {
                        days.max_by_key(|(d, _)| *d)
                    } else {
                        days.min_by_key(|(d, _)| *d)
                    }
                };
                let published = own(
                    |v| match v {
                        EvidenceValue::NotAfter(d) => Some(*d),
                        _ => None,
                    },
                    false,
                );
                let text_bound = own(
                    |v| match v {
                        EvidenceValue::NotBefore(d) => Some(*d),
                        _ => None,
                    },
                    true,
                );
                if let Some((p, anchor)) = published {
                    if let Some(d) = weekday_on_or_before(p, w) {
                        let rule = format!("{}; resolved against {} {p}", e.rule, anchor.rule);
                        points.push((d, true, e.source(Some(rule)), e.confidence));
                    }
                } else if let Some((b, anchor)) = text_bound {
                    if let Some(d) = weekday_on_or_after(b, w) {
                        let rule = format!(
                            "{}; inferred as the first such day not before {} {b}",
                            e.rule, anchor.rule
                        );
                        points.push((d, false, e.source(Some(rule)), e.confidence * 0.8));
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(a) = day_of(not_after) {
        points.retain(|p| p.0 <= a);
    }
    let mut votes: BTreeMap<NaiveDate, (f32, bool, Vec<DateSource>)> = BTreeMap::new();
    for (d, stated, src, conf) in points {
        let v = votes.entry(d).or_insert((0.0, false, Vec::new()));
        v.0 += conf;
        v.1 |= stated;
        v.2.push(src);
    }
    // Stated days beat inferred ones; then more support; ties to the earlier day.
    let best = votes.into_iter().max_by(|a, b| {
        (a.1 .1, a.1 .0)
            .partial_cmp(&(b.1 .1, b.1 .0))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.0.cmp(&a.0))
    });
    let mut nb = day_of(not_before);
    let na = day_of(not_after);
    if let Some((day, (_, stated, sources))) = best {
        if nb.is_some_and(|b| day < b) {
            nb = None;
        }
        let mut sources = sources;
        let mut bound_sources: Vec<DateSource> = Vec::new();
        if nb.is_some() {
            bound_sources.extend(not_before.map(|e| e.source(None)));
        }
        sources.append(&mut bound_sources);
        return EventDate {
            kind: if stated {
                DateKind::Stated
            } else {
                DateKind::Inferred
            },
            date: Some(day),
            not_before: nb,
            not_after: None,
            sources,
        };
    }
    if nb.is_none() && na.is_none() {
        return EventDate::undated();
    }
    EventDate {
        kind: DateKind::Bound,
        date: None,
        not_before: nb,
        not_after: na,
        sources: not_before
            .filter(|_| nb.is_some())
            .into_iter()
            .chain(not_after)
            .map(|e| e.source(None))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ev(
        article: &str,
        value: EvidenceValue,
        kind: EvidenceKind,
        rule: &str,
        c: f32,
    ) -> DateEvidence {
        DateEvidence {
            value,
            kind,
            article: ArticleId(article.into()),
            span: Some((0, 1)),
            rule: rule.into(),
            confidence: c,
        }
    }

    /// Bound evidence from article `article`'s publication date `day`.
    fn published(article: &str, day: NaiveDate) -> DateEvidence {
        ev(
            article,
            EvidenceValue::NotAfter(day),
            EvidenceKind::Bound,
            "published",
            0.9,
        )
    }

    /// The rule of the first source of a fused date.
    fn first_rule(d: &EventDate) -> &str {
        &d.sources[0].provenance.rule
    }

    /// Stated evidence from a relative expression of article `article`.
    fn stated(article: &str, value: EvidenceValue, rule: &str) -> DateEvidence {
        ev(article, value, EvidenceKind::Stated, rule, 0.8)
    }

    /// A weekday ("on Tuesday") article `article` mentions.
    fn weekday(article: &str, day: Weekday) -> DateEvidence {
        stated(article, EvidenceValue::Weekday(day), "relative.weekday")
    }

    /// A relative expression of article `article` already resolved to `day`.
    fn resolved_day(article: &str, day: NaiveDate) -> DateEvidence {
        stated(article, EvidenceValue::On(day), "relative.resolved")
    }

    #[test]
    fn weekday_resolved_against_publication_date_is_stated() {
        // "on Tuesday" in an article published Wednesday 17 January 2018, plus
        // a syndicated copy published the same day.
        let e = vec![
            published("a", ymd(2018, 1, 17)),
            weekday("a", Weekday::Tue),
            published("b", ymd(2018, 1, 17)),
        ];
        let d = fuse_event_date(&e);
        assert_eq!(d.kind, DateKind::Stated);
        assert_eq!(d.date, Some(ymd(2018, 1, 16)));
        assert!(first_rule(&d).contains("resolved against published 2018-01-17"));
    }

    #[test]
    fn already_resolved_day_is_stated() {
        let e = vec![
            resolved_day("a", ymd(2018, 1, 16)),
            published("a", ymd(2018, 1, 17)),
        ];
        let d = fuse_event_date(&e);
        assert_eq!((d.kind, d.date), (DateKind::Stated, Some(ymd(2018, 1, 16))));
    }

    #[test]
    fn weekday_without_publication_date_is_inferred_from_newest_text_date() {
        // "on Monday", no publication date, newest absolute date in the text
        // 31 December 2022 (a Saturday): the first Monday not before it.
        let e = vec![
            ev(
                "c",
                EvidenceValue::NotBefore(ymd(2022, 12, 31)),
                EvidenceKind::Bound,
                "text.latest_absolute_date",
                0.6,
            ),
            weekday("c", Weekday::Mon),
        ];
        let d = fuse_event_date(&e);
        assert_eq!(d.kind, DateKind::Inferred);
        assert_eq!(d.date, Some(ymd(2023, 1, 2)));
        assert_eq!(d.not_before, Some(ymd(2022, 12, 31)));
        assert!(first_rule(&d).contains("not before text.latest_absolute_date 2022-12-31"));
    }

    #[test]
    fn weekday_with_no_anchor_stays_undated() {
        let e = vec![weekday("d", Weekday::Wed)];
        assert_eq!(fuse_event_date(&e), EventDate::undated());
        assert_eq!(fuse_event_date(&[]).kind, DateKind::Undated);
    }

    #[test]
    fn publication_dates_alone_give_a_bound_not_a_day() {
        let e = vec![
            published("a", ymd(2010, 5, 3)),
            published("b", ymd(2010, 5, 2)),
        ];
        let d = fuse_event_date(&e);
        assert_eq!(d.kind, DateKind::Bound);
        assert_eq!(d.date, None);
        assert_eq!(d.not_after, Some(ymd(2010, 5, 2)));
    }

    #[test]
    fn stated_days_after_publication_are_not_the_event_date() {
        let e = vec![
            published("a", ymd(2010, 5, 3)),
            resolved_day("a", ymd(2010, 6, 1)),
        ];
        assert_eq!(fuse_event_date(&e).kind, DateKind::Bound);
    }

    #[test]
    fn text_dates_after_publication_are_not_bounds() {
        let a = Article {
            id: ArticleId("x".into()),
            path: None,
            url: None,
            source: None,
            source_provenance: None,
            external_id: None,
            title: None,
            text: "Talks held on 2 March 2011 will resume on 9 April 2011.".into(),
            published: storyline_model::Published::dated(
                ymd(2011, 3, 4),
                Provenance::new("jsonl.published", 0.95),
            ),
            language: None,
            format: storyline_model::SourceFormat::Text,
            raw_sha256: String::new(),
            dateline: None,
            wire_credit: None,
            removed: vec![],
        };
        let e = evidence_from_article(&a);
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].value, EvidenceValue::NotBefore(ymd(2011, 3, 2)));
        let d = fuse_event_date(&e);
        assert_eq!(
            (d.not_before, d.not_after),
            (Some(ymd(2011, 3, 2)), Some(ymd(2011, 3, 4)))
        );
    }
}
