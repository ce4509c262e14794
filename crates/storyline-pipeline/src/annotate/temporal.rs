//! Date expressions in text, resolved against the publication date.
//!
//! Absolute dates come from [`crate::dates::find_absolute_dates`]; this module
//! adds day-and-month dates without a year ("the 28th of December"), weekdays
//! ("on Tuesday": the nearest such day on or before publication, news style),
//! and relative expressions ("yesterday", "last week", "earlier this month",
//! "three days ago"). When the article has no publication date, the latest
//! absolute date it mentions is a lower bound on it; expressions resolved
//! against that bound are marked `inferred`. What cannot be resolved is kept,
//! unresolved, never guessed.

use crate::dates::{find_absolute_dates, month_number};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use std::sync::OnceLock;
use storyline_model::{DateExpression, ExpressionKind, Provenance, PublicationBound};

fn number_word(s: &str) -> Option<i64> {
    let l = s.to_lowercase();
    let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    words
        .iter()
        .position(|w| *w == l)
        .map(|i| i as i64)
        .or_else(|| if l == "a" || l == "an" { Some(1) } else { None })
        .or_else(|| l.parse().ok())
}

struct Patterns {
    day_month: Regex,
    weekday: Regex,
    simple: Regex,
    ago: Regex,
    period: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        const MONTH: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December)";
        Patterns {
            // "the 28th of December", "28 December", "December 28" (no year)
            day_month: Regex::new(&format!(
                r"\b(?:[Tt]he\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{MONTH}\b|\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"
            ))
            .unwrap(),
            // "on Tuesday", "last Tuesday", "next Monday", "Tuesday's speech", "Tuesday"
            weekday: Regex::new(
                r"\b(?:(?i:(on|last|this|next|since|by|until|from)\s+))?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(morning|afternoon|evening|night))?\b",
            )
            .unwrap(),
            simple: Regex::new(
                r"\b([Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Tt]he day before yesterday|[Tt]he previous day|[Tt]he day after tomorrow)\b",
            )
            .unwrap(),
            ago: Regex::new(
                r"(?i)\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}|a few|several)\s+(days?|weeks?|months?|years?)\s+(ago|earlier)\b",
            )
            .unwrap(),
            period: Regex::new(
                r"(?i)\b(earlier this|later this|last|this|next|past|previous)\s+(week|month|year|weekend)\b",
            )
            .unwrap(),
        }
    })
}

/// What a relative expression denotes, given a reference day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved {
    /// One day.
    Day(NaiveDate),
    /// The days from the first to the second date, both included.
    Range(NaiveDate, NaiveDate),
}

/// The nearest `wd` on or before `reference` (news style: "on Tuesday" in a
/// Wednesday article is yesterday; in a Tuesday article, today).
pub fn weekday_on_or_before(reference: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (reference.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
    reference - Duration::days(back as i64)
}

/// The nearest `wd` on or after `reference`.
pub fn weekday_on_or_after(reference: NaiveDate, wd: Weekday) -> NaiveDate {
    let fwd = (wd.num_days_from_monday() + 7 - reference.weekday().num_days_from_monday()) % 7;
    reference + Duration::days(fwd as i64)
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap()
}

fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap() - Duration::days(1)
}

fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + n;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap()
}

/// Confidence of a date written in full (`17 January 2018`): the page states
/// its day, month and year; only the reading of the pattern can be wrong.
const ABSOLUTE_CONFIDENCE: f32 = 0.95;
/// Confidence of the latest absolute date as a lower bound on an unstated
/// publication date: articles mostly cite their own day or days before it,
/// but some cite none of them.
const BOUND_CONFIDENCE: f32 = 0.7;
/// Confidence of "yesterday", "today", "tomorrow": one day off the
/// reference, wrong only when the article was written a day before its date.
const DEICTIC_CONFIDENCE: f32 = 0.9;
/// Confidence of a day and month without a year (`28 December`): the year
/// nearest the reference is a guess that fails for looks back over a year.
const DAY_MONTH_CONFIDENCE: f32 = 0.85;
/// Confidence of a weekday (`on Tuesday`): news style points to the nearest
/// such day before publication, but previews point after it.
const WEEKDAY_CONFIDENCE: f32 = 0.85;
/// Confidence of a count back (`three days ago`): exact for days, a window
/// for weeks, months and years.
const AGO_CONFIDENCE: f32 = 0.8;
/// Confidence of a named period (`last week`, `earlier this month`): a range,
/// whose edges ("last week" as the calendar week or the past seven days)
/// writers read differently.
const PERIOD_CONFIDENCE: f32 = 0.8;
/// Factor on a resolved expression's confidence when the reference is only
/// the text's own lower bound on publication, not the stated date.
const INFERRED_CONFIDENCE_FACTOR: f32 = 0.6;
/// A day and month without a year is looked for this many years on each side
/// of the reference (a report looks back or ahead by weeks, not years).
const DAY_MONTH_YEAR_WINDOW: i32 = 1;
/// "two weeks ago": the days this far on each side of fourteen days back.
const WEEKS_AGO_SLACK_DAYS: i64 = 3;
/// "a few days ago", "several days ago": between these many days back.
const FEW_DAYS_AGO: (i64, i64) = (2, 10);
/// "a few weeks ago": between these many days back (two to ten weeks).
const FEW_WEEKS_AGO_DAYS: (i64, i64) = (14, 70);
/// "a few months ago": between these many months back.
const FEW_MONTHS_AGO: (i32, i32) = (1, 12);
/// "a few years ago": between these many calendar years back.
const FEW_YEARS_AGO: (i32, i32) = (2, 10);
/// "the past year": this many days up to the reference.
const PAST_YEAR_DAYS: i64 = 365;
/// "the past month": this many days up to the reference.
const PAST_MONTH_DAYS: i64 = 31;

/// The latest absolute date in the text: a lower bound on a publication date
/// the article does not state.
pub fn publication_bound(text: &str) -> Option<PublicationBound> {
    find_absolute_dates(text)
        .into_iter()
        .max_by_key(|d| d.date)
        .map(|d| PublicationBound {
            not_before: d.date,
            provenance: Provenance::new("date.bound_latest_absolute", BOUND_CONFIDENCE)
                .with_span(d.span.0, d.span.1),
        })
}

/// The date expressions found so far in one text, and what relative ones are
/// resolved against. An expression overlapping one found earlier is dropped,
/// so the finders run from the most to the least specific.
struct DateCollector<'t> {
    text: &'t str,
    /// The publication date, or failing that the text's own lower bound.
    reference: Option<NaiveDate>,
    /// True when `reference` is the lower bound, not the stated date.
    inferred: bool,
    out: Vec<DateExpression>,
}

impl<'t> DateCollector<'t> {
    fn new(text: &'t str, published: Option<NaiveDate>) -> Self {
        let bound = if published.is_none() {
            publication_bound(text).map(|b| b.not_before)
        } else {
            None
        };
        DateCollector {
            text,
            reference: published.or(bound),
            inferred: published.is_none() && bound.is_some(),
            out: Vec::new(),
        }
    }

    fn taken(&self, s: usize, e: usize) -> bool {
        self.out.iter().any(|d| {
            let (a, b) = d.provenance.span.unwrap();
            s < b && a < e
        })
    }

    /// Adds the expression at `s..e` unless an earlier one covers part of it.
    /// Its confidence is `conf`, lowered when it was resolved against an
    /// inferred reference, and zero when it was not resolved.
    fn push(
        &mut self,
        (s, e): (usize, usize),
        kind: ExpressionKind,
        r: Option<Resolved>,
        rule: &str,
        conf: f32,
    ) {
        if self.taken(s, e) {
            return;
        }
        let (date, nb, na) = match r {
            Some(Resolved::Day(d)) => (Some(d), None, None),
            Some(Resolved::Range(a, b)) => (None, Some(a), Some(b)),
            None => (None, None, None),
        };
        let resolved = r.is_some();
        let confidence = if !resolved {
            0.0
        } else if self.inferred {
            conf * INFERRED_CONFIDENCE_FACTOR
        } else {
            conf
        };
        self.out.push(DateExpression {
            text: self.text[s..e].to_string(),
            kind,
            date,
            not_before: nb,
            not_after: na,
            inferred: self.inferred && resolved,
            provenance: Provenance::new(rule, confidence).with_span(s, e),
        });
    }
}

/// Every date expression of `text`, resolved against `published` (or, when
/// that is unknown, against the text's own bound).
pub fn find_dates(text: &str, published: Option<NaiveDate>) -> Vec<DateExpression> {
    let mut dates = DateCollector::new(text, published);
    absolute_dates(&mut dates);
    day_month_dates(&mut dates);
    deictic_dates(&mut dates);
    weekday_dates(&mut dates);
    ago_dates(&mut dates);
    period_dates(&mut dates);
    let mut out = dates.out;
    out.sort_by_key(|d| d.provenance.span);
    out
}

/// Dates written in full (`17 January 2018`, `2018-01-17`).
fn absolute_dates(dates: &mut DateCollector) {
    for d in find_absolute_dates(dates.text) {
        dates.out.push(DateExpression {
            text: dates.text[d.span.0..d.span.1].to_string(),
            kind: ExpressionKind::Absolute,
            date: Some(d.date),
            not_before: None,
            not_after: None,
            inferred: false,
            provenance: Provenance::new("date.absolute", ABSOLUTE_CONFIDENCE)
                .with_span(d.span.0, d.span.1),
        });
    }
}

/// A day and month without a year: "the 28th of December", "December 28".
fn day_month_dates(dates: &mut DateCollector) {
    for c in patterns().day_month.captures_iter(dates.text) {
        let m = c.get(0).unwrap();
        let (day, month) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
            (Some(d), Some(mo), _, _) => (d.as_str(), mo.as_str()),
            (_, _, Some(mo), Some(d)) => (d.as_str(), mo.as_str()),
            _ => continue,
        };
        let (Ok(day), Some(month)) = (day.parse::<u32>(), month_number(month)) else {
            continue;
        };
        if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
            continue;
        }
        let r = dates
            .reference
            .and_then(|r| resolve_day_month(r, month, day));
        dates.push(
            (m.start(), m.end()),
            ExpressionKind::Partial,
            r,
            "date.day_month",
            DAY_MONTH_CONFIDENCE,
        );
    }
}

/// Day and month without year: the occurrence nearest the reference.
fn resolve_day_month(reference: NaiveDate, month: u32, day: u32) -> Option<Resolved> {
    let y = reference.year();
    (y - DAY_MONTH_YEAR_WINDOW..=y + DAY_MONTH_YEAR_WINDOW)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - reference).num_days().abs())
        .map(Resolved::Day)
}

/// "yesterday", "today", "tomorrow", "the previous day" (not "Arabs Today",
/// a name).
fn deictic_dates(dates: &mut DateCollector) {
    let text = dates.text;
    for c in patterns().simple.captures_iter(text) {
        let m = c.get(0).unwrap();
        let prev_word = text[..m.start()]
            .trim_end()
            .rsplit(' ')
            .next()
            .unwrap_or("");
        if m.as_str().starts_with(char::is_uppercase)
            && prev_word.starts_with(char::is_uppercase)
            && !text[..m.start()].trim_end().ends_with(['.', '!', '?', ':'])
        {
            continue;
        }
        let word = m.as_str().to_lowercase();
        let inferred = dates.inferred;
        let r = dates
            .reference
            .and_then(|r| resolve_deictic(r, &word, inferred));
        dates.push(
            (m.start(), m.end()),
            ExpressionKind::Relative,
            r,
            "date.deictic",
            DEICTIC_CONFIDENCE,
        );
    }
}

/// The day a deictic word names. Against an inferred reference (a lower
/// bound), a day before it is unknown.
fn resolve_deictic(reference: NaiveDate, word: &str, inferred: bool) -> Option<Resolved> {
    let off = match word {
        "yesterday" | "the previous day" => -1,
        "today" | "tonight" => 0,
        "tomorrow" => 1,
        "the day before yesterday" => -2,
        "the day after tomorrow" => 2,
        _ => return None,
    };
    if inferred && off < 0 {
        return None;
    }
    Some(Resolved::Day(reference + Duration::days(off)))
}

/// "on Tuesday", "last Tuesday", "next Monday", "Tuesday morning".
fn weekday_dates(dates: &mut DateCollector) {
    for c in patterns().weekday.captures_iter(dates.text) {
        let m = c.get(0).unwrap();
        let Some(wd) = crate::dates::weekday_from_name(&c[2]) else {
            continue;
        };
        let modifier = c.get(1).map(|x| x.as_str().to_lowercase());
        let inferred = dates.inferred;
        let r = dates
            .reference
            .map(|r| resolve_weekday(r, wd, modifier.as_deref(), inferred));
        dates.push(
            (m.start(), m.end()),
            ExpressionKind::Relative,
            r,
            "date.weekday",
            WEEKDAY_CONFIDENCE,
        );
    }
}

/// The day a weekday names: the nearest on or before the reference, or
/// after it for "next".
fn resolve_weekday(
    reference: NaiveDate,
    wd: Weekday,
    modifier: Option<&str>,
    inferred: bool,
) -> Resolved {
    let d = match modifier {
        Some("next") => weekday_on_or_after(reference + Duration::days(1), wd),
        Some("last") => weekday_on_or_before(reference - Duration::days(1), wd),
        // Against a lower bound on publication, the event is on or
        // after the bound: the first such day from it.
        _ if inferred => weekday_on_or_after(reference, wd),
        _ => weekday_on_or_before(reference, wd),
    };
    Resolved::Day(d)
}

/// "three days ago", "a few weeks earlier" (resolved only against a stated
/// publication date).
fn ago_dates(dates: &mut DateCollector) {
    for c in patterns().ago.captures_iter(dates.text) {
        let m = c.get(0).unwrap();
        let n = number_word(&c[1]);
        let unit = c[2].to_lowercase();
        let r = dates
            .reference
            .filter(|_| !dates.inferred)
            .map(|r| resolve_ago(r, n, unit.trim_end_matches('s')));
        dates.push(
            (m.start(), m.end()),
            ExpressionKind::Relative,
            r,
            "date.ago",
            AGO_CONFIDENCE,
        );
    }
}

/// What `n` `unit`s back from the reference denotes; without a number
/// ("a few", "several"), bounds only.
fn resolve_ago(r: NaiveDate, n: Option<i64>, unit: &str) -> Resolved {
    let year_range = |from: i32, to: i32| {
        Resolved::Range(
            NaiveDate::from_ymd_opt(from, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(to, 12, 31).unwrap(),
        )
    };
    match (n, unit) {
        (Some(n), "day") => Resolved::Day(r - Duration::days(n)),
        (Some(n), "week") => Resolved::Range(
            r - Duration::days(7 * n + WEEKS_AGO_SLACK_DAYS),
            r - Duration::days(7 * n - WEEKS_AGO_SLACK_DAYS),
        ),
        (Some(n), "month") => {
            let s = add_months(r, -(n as i32));
            Resolved::Range(s, month_end(s))
        }
        (Some(n), _) => year_range(r.year() - n as i32, r.year() - n as i32),
        (None, "day") => Resolved::Range(
            r - Duration::days(FEW_DAYS_AGO.1),
            r - Duration::days(FEW_DAYS_AGO.0),
        ),
        (None, "week") => Resolved::Range(
            r - Duration::days(FEW_WEEKS_AGO_DAYS.1),
            r - Duration::days(FEW_WEEKS_AGO_DAYS.0),
        ),
        (None, "month") => Resolved::Range(
            add_months(r, -FEW_MONTHS_AGO.1),
            add_months(r, -FEW_MONTHS_AGO.0),
        ),
        (None, _) => year_range(r.year() - FEW_YEARS_AGO.1, r.year() - FEW_YEARS_AGO.0),
    }
}

/// "last week", "earlier this month", "next year" (resolved only against a
/// stated publication date).
fn period_dates(dates: &mut DateCollector) {
    for c in patterns().period.captures_iter(dates.text) {
        let m = c.get(0).unwrap();
        let which = c[1].to_lowercase();
        let unit = c[2].to_lowercase();
        let r = dates
            .reference
            .filter(|_| !dates.inferred)
            .and_then(|r| resolve_period(r, &which, &unit));
        dates.push(
            (m.start(), m.end()),
            ExpressionKind::Relative,
            r,
            "date.period",
            PERIOD_CONFIDENCE,
        );
    }
}

/// The range a named period covers, seen from the reference day.
fn resolve_period(r: NaiveDate, which: &str, unit: &str) -> Option<Resolved> {
    Some(match (which, unit) {
        ("last" | "past" | "previous", "week") => {
            let monday = weekday_on_or_before(r, Weekday::Mon) - Duration::days(7);
            Resolved::Range(monday, monday + Duration::days(6))
        }
        ("this", "week") => Resolved::Range(weekday_on_or_before(r, Weekday::Mon), r),
        ("earlier this", "week") => {
            Resolved::Range(weekday_on_or_before(r, Weekday::Mon), r - Duration::days(1))
        }
        ("last" | "past", "weekend") | ("this", "weekend") => {
            let sat = weekday_on_or_before(r - Duration::days(1), Weekday::Sat);
            Resolved::Range(sat, sat + Duration::days(1))
        }
        ("last" | "previous", "month") => {
            let s = add_months(r, -1);
            Resolved::Range(s, month_end(s))
        }
        ("this", "month") => Resolved::Range(month_start(r), month_end(r)),
        ("earlier this", "month") => Resolved::Range(month_start(r), r),
        ("later this", "month") => Resolved::Range(r, month_end(r)),
        ("next", "week") => {
            let monday = weekday_on_or_after(r + Duration::days(1), Weekday::Mon);
            Resolved::Range(monday, monday + Duration::days(6))
        }
        ("next", "month") => {
            let s = add_months(r, 1);
            Resolved::Range(s, month_end(s))
        }
        ("last" | "previous", "year") => Resolved::Range(
            NaiveDate::from_ymd_opt(r.year() - 1, 1, 1)?,
            NaiveDate::from_ymd_opt(r.year() - 1, 12, 31)?,
        ),
        ("past", "year") => Resolved::Range(r - Duration::days(PAST_YEAR_DAYS), r),
        ("past", "month") => Resolved::Range(r - Duration::days(PAST_MONTH_DAYS), r),
        ("this" | "earlier this", "year") => {
            Resolved::Range(NaiveDate::from_ymd_opt(r.year(), 1, 1)?, r)
        }
        ("later this", "year") | ("next", "year") if which == "later this" => {
            Resolved::Range(r, NaiveDate::from_ymd_opt(r.year(), 12, 31)?)
        }
        ("next", "year") => Resolved::Range(
            NaiveDate::from_ymd_opt(r.year() + 1, 1, 1)?,
            NaiveDate::from_ymd_opt(r.year() + 1, 12, 31)?,
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn one(text: &str, published: Option<NaiveDate>) -> DateExpression {
        let ds = find_dates(text, published);
        assert_eq!(ds.len(), 1, "{ds:?}");
        ds.into_iter().next().unwrap()
    }

    #[test]
    fn weekday_is_the_nearest_on_or_before_publication() {
        // 2018-01-17 is a Wednesday.
        let d = one("He spoke on Tuesday.", Some(ymd(2018, 1, 17)));
        assert_eq!(d.date, Some(ymd(2018, 1, 16)));
        let d = one("He spoke on Wednesday.", Some(ymd(2018, 1, 17)));
        assert_eq!(d.date, Some(ymd(2018, 1, 17)));
        let d = one("He spoke last Wednesday.", Some(ymd(2018, 1, 17)));
        assert_eq!(d.date, Some(ymd(2018, 1, 10)));
        let d = one("They meet next Monday.", Some(ymd(2018, 1, 17)));
        assert_eq!(d.date, Some(ymd(2018, 1, 22)));
    }

    #[test]
    fn weekday_against_an_inferred_bound() {
        let t = "On December 31st, 2022, he spoke. A video was published on Monday.";
        let ds = find_dates(t, None);
        let monday = ds.iter().find(|d| d.text.contains("Monday")).unwrap();
        assert_eq!(monday.date, Some(ymd(2023, 1, 2)));
        assert!(monday.inferred);
        assert_eq!(publication_bound(t).unwrap().not_before, ymd(2022, 12, 31));
    }

    #[test]
    fn undated_text_leaves_relative_dates_unresolved() {
        let d = one("He spoke on Monday.", None);
        assert_eq!(d.date, None);
        assert_eq!(d.provenance.confidence, 0.0);
    }

    #[test]
    fn deictic_words() {
        let p = Some(ymd(2018, 1, 17));
        for (text, day) in [
            ("It happened yesterday.", 16),
            ("It happens today.", 17),
            ("It happens tomorrow.", 18),
        ] {
            assert_eq!(one(text, p).date, Some(ymd(2018, 1, day)), "{text}");
        }
    }

    #[test]
    fn periods_have_bounds() {
        let p = Some(ymd(2018, 1, 17));
        let d = one("It began last week.", p);
        assert_eq!(
            (d.not_before, d.not_after),
            (Some(ymd(2018, 1, 8)), Some(ymd(2018, 1, 14)))
        );
        let d = one("It began earlier this month.", p);
        assert_eq!(
            (d.not_before, d.not_after),
            (Some(ymd(2018, 1, 1)), Some(ymd(2018, 1, 17)))
        );
        let d = one("It began last month.", p);
        assert_eq!(
            (d.not_before, d.not_after),
            (Some(ymd(2017, 12, 1)), Some(ymd(2017, 12, 31)))
        );
        let d = one("It began last year.", p);
        assert_eq!(d.not_before, Some(ymd(2017, 1, 1)));
    }

    #[test]
    fn ago_expressions() {
        let p = Some(ymd(2018, 1, 17));
        assert_eq!(
            one("It began three days ago.", p).date,
            Some(ymd(2018, 1, 14))
        );
        let d = one("It began a few days ago.", p);
        assert_eq!(d.date, None);
        assert!(d.not_before.is_some() && d.not_after.is_some());
    }

    #[test]
    fn day_and_month_take_the_year_from_publication() {
        let p = Some(ymd(2023, 1, 4));
        let d = one("On the 28th of December, talks were held.", p);
        assert_eq!(d.date, Some(ymd(2022, 12, 28)));
        assert_eq!(d.kind, ExpressionKind::Partial);
        // A day just after publication is this year's, not last year's.
        let d = one("The vote is on 22 April.", Some(ymd(2011, 4, 21)));
        assert_eq!(d.date, Some(ymd(2011, 4, 22)));
    }

    #[test]
    fn absolute_dates_are_found_once() {
        let ds = find_dates("On December 31st, 2022, and on 17 January, 2018.", None);
        assert_eq!(ds.len(), 2);
        assert!(ds.iter().all(|d| d.kind == ExpressionKind::Absolute));
    }
}
