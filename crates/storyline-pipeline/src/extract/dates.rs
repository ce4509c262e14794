//! Date parsing shared by the stages: machine dates as inputs state them
//! (`2018-01-17`, RFC 3339) and absolute dates written in prose
//! ("17 January, 2018", "December 31st, 2022"), with their byte spans.
//!
//! The parsing only: [`super::pubdate`] picks a page's publication date,
//! [`crate::annotate::temporal`] finds date expressions in an article's text,
//! and [`crate::events::event_dates`] fuses them into an event's date.

use crate::word_regex::WordRegex;
use chrono::{DateTime, NaiveDate};
use std::sync::OnceLock;

/// Parses a date as metadata usually states it: `YYYY-MM-DD`, RFC 3339,
/// RFC 2822, or a date-time with a space (`2018-01-17 09:40:38`).
pub fn parse_machine_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    let head: String = s.chars().take(10).collect();
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(&head, fmt) {
            return Some(d);
        }
    }
    None
}

/// The weekday an English weekday name ("Tuesday", any case) names.
pub fn weekday_from_name(name: &str) -> Option<chrono::Weekday> {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let l = name.to_lowercase();
    WEEKDAYS
        .iter()
        .position(|w| *w == l)
        .map(|i| chrono::Weekday::try_from(i as u8).unwrap())
}

/// Month number for an English month name or its common abbreviation.
pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let key = lower.trim_end_matches('.');
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .position(|m| {
            *m == key || (key.len() >= 3 && m.starts_with(key) && (key.len() == 3 || key == "sept"))
        })
        .map(|i| i as u32 + 1)
}

/// Month number for a month name in English, German, French, Spanish,
/// Italian, Dutch or Portuguese (full or a common abbreviation), accents
/// folded and case ignored.
pub fn month_number_any(name: &str) -> Option<u32> {
    if let Some(m) = month_number(name) {
        return Some(m);
    }
    let key: String = name
        .trim_end_matches('.')
        .chars()
        .map(|c| match c {
            'ä' | 'Ä' | 'á' | 'à' | 'â' => 'a',
            'é' | 'è' | 'ê' | 'É' => 'e',
            'û' | 'ü' | 'ú' => 'u',
            'ô' | 'ó' => 'o',
            'í' | 'î' => 'i',
            'ç' => 'c',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect();
    const NAMES: &[(&str, u32)] = &[
        ("januar", 1),
        ("janner", 1),
        ("jan", 1),
        ("janvier", 1),
        ("enero", 1),
        ("gennaio", 1),
        ("januari", 1),
        ("janeiro", 1),
        ("februar", 2),
        ("feber", 2),
        ("fevrier", 2),
        ("febrero", 2),
        ("febbraio", 2),
        ("februari", 2),
        ("fevereiro", 2),
        ("feb", 2),
        ("marz", 3),
        ("mars", 3),
        ("marzo", 3),
        ("maart", 3),
        ("marco", 3),
        ("mrz", 3),
        ("avril", 4),
        ("abril", 4),
        ("aprile", 4),
        ("apr", 4),
        ("mai", 5),
        ("mayo", 5),
        ("maggio", 5),
        ("mei", 5),
        ("maio", 5),
        ("juni", 6),
        ("juin", 6),
        ("junio", 6),
        ("giugno", 6),
        ("junho", 6),
        ("juli", 7),
        ("juillet", 7),
        ("julio", 7),
        ("luglio", 7),
        ("julho", 7),
        ("aout", 8),
        ("agosto", 8),
        ("augustus", 8),
        ("aug", 8),
        ("septembre", 9),
        ("septiembre", 9),
        ("settembre", 9),
        ("setembro", 9),
        ("sep", 9),
        ("sept", 9),
        ("oktober", 10),
        ("octobre", 10),
        ("octubre", 10),
        ("ottobre", 10),
        ("outubro", 10),
        ("okt", 10),
        ("novembre", 11),
        ("noviembre", 11),
        ("novembro", 11),
        ("nov", 11),
        ("dezember", 12),
        ("decembre", 12),
        ("diciembre", 12),
        ("dicembre", 12),
        ("dezembro", 12),
        ("dez", 12),
        // Russian and Ukrainian, in the genitive of written dates
        // ("15 августа 2016", "3 березня 2022").
        ("января", 1),
        ("февраля", 2),
        ("марта", 3),
        ("апреля", 4),
        ("мая", 5),
        ("июня", 6),
        ("июля", 7),
        ("августа", 8),
        ("сентября", 9),
        ("октября", 10),
        ("ноября", 11),
        ("декабря", 12),
        ("січня", 1),
        ("лютого", 2),
        ("березня", 3),
        ("квітня", 4),
        ("травня", 5),
        ("червня", 6),
        ("липня", 7),
        ("серпня", 8),
        ("вересня", 9),
        ("жовтня", 10),
        ("листопада", 11),
        ("грудня", 12),
    ];
    NAMES.iter().find(|(n, _)| *n == key).map(|(_, m)| *m)
}

/// An absolute calendar date written in text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextDate {
    pub date: NaiveDate,
    /// Byte span `[start, end)` in the searched text.
    pub span: (usize, usize),
}

fn prose_date_patterns() -> &'static [WordRegex; 3] {
    static RE: OnceLock<[WordRegex; 3]> = OnceLock::new();
    RE.get_or_init(|| {
        const MONTH: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?";
        [
            // 17 January, 2018 / 17 Jan 2018 / the 28th of December 2022
            WordRegex::new(&format!(
                r"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{MONTH},?\s+(\d{{4}})\b"
            )),
            // December 31st, 2022 / Jan. 17 2018
            WordRegex::new(&format!(
                r"\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
            )),
            // 2018-01-17
            WordRegex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
        ]
    })
}

/// Every absolute date (with day, month and year) written in `text`, in order.
pub fn find_absolute_dates(text: &str) -> Vec<TextDate> {
    let [dmy, mdy, iso] = prose_date_patterns();
    let mut found = Vec::new();
    for c in dmy
        .for_text(text)
        .into_iter()
        .flat_map(|re| re.captures_iter(text))
    {
        let day = c[1].parse().ok();
        let month = month_number(&c[2]);
        let year = c[3].parse().ok();
        if let (Some(d), Some(m), Some(y)) = (day, month, year) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                let m0 = c.get(0).unwrap();
                found.push(TextDate {
                    date,
                    span: (m0.start(), m0.end()),
                });
            }
        }
    }
    for c in mdy
        .for_text(text)
        .into_iter()
        .flat_map(|re| re.captures_iter(text))
    {
        let month = month_number(&c[1]);
        let day = c[2].parse().ok();
        let year = c[3].parse().ok();
        if let (Some(d), Some(m), Some(y)) = (day, month, year) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                let m0 = c.get(0).unwrap();
                found.push(TextDate {
                    date,
                    span: (m0.start(), m0.end()),
                });
            }
        }
    }
    for c in iso
        .for_text(text)
        .into_iter()
        .flat_map(|re| re.captures_iter(text))
    {
        let (y, m, d) = (c[1].parse(), c[2].parse(), c[3].parse());
        if let (Ok(y), Ok(m), Ok(d)) = (y, m, d) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                let m0 = c.get(0).unwrap();
                found.push(TextDate {
                    date,
                    span: (m0.start(), m0.end()),
                });
            }
        }
    }
    found.sort_by_key(|d| d.span);
    found.dedup_by(|b, a| b.span.0 < a.span.1);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn machine_dates() {
        assert_eq!(parse_machine_date("2011-01-25"), Some(ymd(2011, 1, 25)));
        assert_eq!(
            parse_machine_date("2018-01-17T09:40:38+02:00"),
            Some(ymd(2018, 1, 17))
        );
        assert_eq!(
            parse_machine_date("Wed, 17 Jan 2018 09:40:38 GMT"),
            Some(ymd(2018, 1, 17))
        );
        assert_eq!(parse_machine_date("yesterday"), None);
    }

    #[test]
    fn prose_dates_in_every_order() {
        let t = "Posted 17 January, 2018. On December 31st, 2022, he spoke; on the 28th of December 2022 too; 2019-05-01.";
        let dates: Vec<_> = find_absolute_dates(t).into_iter().map(|d| d.date).collect();
        assert_eq!(
            dates,
            vec![
                ymd(2018, 1, 17),
                ymd(2022, 12, 31),
                ymd(2022, 12, 28),
                ymd(2019, 5, 1)
            ]
        );
    }

    #[test]
    fn impossible_dates_are_skipped() {
        assert!(find_absolute_dates("31 February 2018").is_empty());
        assert!(find_absolute_dates("in May 2018").is_empty());
    }
}
