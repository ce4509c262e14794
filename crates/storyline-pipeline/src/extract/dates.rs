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

/// The English weekday names, lowercase, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The weekday an English weekday name ("Tuesday", any case) names.
pub fn weekday_from_name(name: &str) -> Option<chrono::Weekday> {
    let l = name.to_lowercase();
    WEEKDAY_NAMES
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
/// Italian, Dutch, Portuguese, Russian or Ukrainian (full or a common
/// abbreviation), accents folded and case ignored, else in one of the
/// languages of [`WORLD_MONTHS`].
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
    NAMES
        .iter()
        .find(|(n, _)| *n == key)
        .map(|(_, m)| *m)
        .or_else(|| world_month_number(name))
}

/// Month names of the languages [`month_number_any`] reads beyond the
/// Western European ones: Danish, Norwegian, Swedish, Polish, Czech,
/// Romanian, Turkish, Greek, Hebrew and Arabic (the Egyptian and Gulf
/// names, the Maghreb names and the Levantine ones), nominative and the
/// genitive (or other inflected) forms dates are written with. Keys are
/// lowercased with their diacritics dropped (see [`fold_month_name`]).
const WORLD_MONTHS: &[(&str, u32)] = &[
    // Danish, Norwegian, Swedish (those not already read as German or Dutch).
    ("marts", 3),
    ("maj", 5),
    ("augusti", 8),
    ("desember", 12),
    // Polish: genitive, then nominative.
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("wrzesnia", 9),
    ("pazdziernika", 10),
    ("listopada", 11),
    ("grudnia", 12),
    ("styczen", 1),
    ("luty", 2),
    ("marzec", 3),
    ("kwiecien", 4),
    ("czerwiec", 6),
    ("lipiec", 7),
    ("sierpien", 8),
    ("wrzesien", 9),
    ("pazdziernik", 10),
    ("listopad", 11),
    ("grudzien", 12),
    // Czech: genitive, then nominative.
    ("ledna", 1),
    ("unora", 2),
    ("brezna", 3),
    ("dubna", 4),
    ("kvetna", 5),
    ("cervna", 6),
    ("cervence", 7),
    ("srpna", 8),
    ("zari", 9),
    ("rijna", 10),
    ("listopadu", 11),
    ("prosince", 12),
    ("leden", 1),
    ("unor", 2),
    ("brezen", 3),
    ("duben", 4),
    ("kveten", 5),
    ("cerven", 6),
    ("cervenec", 7),
    ("srpen", 8),
    ("rijen", 10),
    ("prosinec", 12),
    // Romanian.
    ("ianuarie", 1),
    ("februarie", 2),
    ("martie", 3),
    ("aprilie", 4),
    ("iunie", 6),
    ("iulie", 7),
    ("septembrie", 9),
    ("octombrie", 10),
    ("noiembrie", 11),
    ("decembrie", 12),
    ("ian", 1),
    ("iun", 6),
    ("iul", 7),
    // Turkish (dotless ı kept, and written as i).
    ("ocak", 1),
    ("subat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayıs", 5),
    ("mayis", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("agustos", 8),
    ("eylul", 9),
    ("ekim", 10),
    ("kasım", 11),
    ("kasim", 11),
    ("aralık", 12),
    ("aralik", 12),
    // Greek: genitive, then nominative.
    ("ιανουαριου", 1),
    ("φεβρουαριου", 2),
    ("μαρτιου", 3),
    ("απριλιου", 4),
    ("μαιου", 5),
    ("ιουνιου", 6),
    ("ιουλιου", 7),
    ("αυγουστου", 8),
    ("σεπτεμβριου", 9),
    ("οκτωβριου", 10),
    ("νοεμβριου", 11),
    ("δεκεμβριου", 12),
    ("ιανουαριος", 1),
    ("φεβρουαριος", 2),
    ("μαρτιος", 3),
    ("απριλιος", 4),
    ("μαιος", 5),
    ("ιουνιος", 6),
    ("ιουλιος", 7),
    ("αυγουστος", 8),
    ("σεπτεμβριος", 9),
    ("οκτωβριος", 10),
    ("νοεμβριος", 11),
    ("δεκεμβριος", 12),
    // Hebrew (a leading ב, "in", is taken off before the lookup).
    ("ינואר", 1),
    ("פברואר", 2),
    ("מרץ", 3),
    ("מרס", 3),
    ("אפריל", 4),
    ("מאי", 5),
    ("יוני", 6),
    ("יולי", 7),
    ("אוגוסט", 8),
    ("ספטמבר", 9),
    ("אוקטובר", 10),
    ("נובמבר", 11),
    ("דצמבר", 12),
    // Arabic, Egyptian and Gulf names (hamza forms folded to a bare alif,
    // Persian ی and ک to Arabic ي and ك).
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    // Maghreb names.
    ("جانفي", 1),
    ("فيفري", 2),
    ("افريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويلية", 7),
    ("اوت", 8),
    // Levantine names (the two-word ones are read by their own pattern).
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
    // Persian names of the Gregorian months.
    ("ژانويه", 1),
    ("فوريه", 2),
    ("اوريل", 4),
    ("مه", 5),
    ("ژوين", 6),
    ("ژوئن", 6),
    ("ژوييه", 7),
    ("ژوئيه", 7),
    ("سپتامبر", 9),
    ("نوامبر", 11),
    ("دسامبر", 12),
];

/// A month name as [`WORLD_MONTHS`] keys it: lowercased, combining marks
/// dropped (Greek tonos, Czech háček, Polish kreska; a Turkish dotless ı
/// stays), Arabic hamza carriers folded to a bare alif and the Persian
/// forms of yeh and kaf to the Arabic ones.
fn fold_month_name(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    name.trim_end_matches('.')
        .nfd()
        .filter(|c| !is_combining_mark(*c) && *c != '\u{640}')
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ی' | 'ى' => 'ي',
            'ک' => 'ك',
            'ł' => 'l',
            c => c,
        })
        .collect()
}

/// Month number of a month name of [`WORLD_MONTHS`] in any case and with or
/// without its diacritics.
fn world_month_number(name: &str) -> Option<u32> {
    let key = fold_month_name(name);
    let find = |k: &str| WORLD_MONTHS.iter().find(|(n, _)| *n == k).map(|(_, m)| *m);
    find(&key).or_else(|| {
        // Hebrew writes "in July" as one word: ביולי.
        key.strip_prefix('ב')
            .filter(|rest| rest.chars().count() >= 3)
            .and_then(find)
    })
}

/// The month of the Persian (solar Hijri) calendar a name gives, 1 for
/// Farvardin to 12 for Esfand (Arabic or Persian yeh and kaf alike).
pub fn solar_hijri_month(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "فروردين",
        "ارديبهشت",
        "خرداد",
        "تير",
        "مرداد",
        "شهريور",
        "مهر",
        "ابان",
        "اذر",
        "دي",
        "بهمن",
        "اسفند",
    ];
    let key = fold_month_name(name);
    MONTHS.iter().position(|m| *m == key).map(|i| i as u32 + 1)
}

/// The Gregorian date of a day of the Persian (solar Hijri) calendar, by the
/// calendar's 33-year arithmetic (exact over the years news is dated in).
pub fn solar_hijri_to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) || day == 0 || day > if month <= 6 { 31 } else { 30 } {
        return None;
    }
    let jy = i64::from(year) + 1595;
    let (month, day) = (i64::from(month), i64::from(day));
    let in_year = if month < 7 {
        (month - 1) * 31
    } else {
        (month - 7) * 30 + 186
    };
    let days = -355_668 + 365 * jy + (jy / 33) * 8 + ((jy % 33) + 3) / 4 + day + in_year;
    // Days counted from 1 January of year 1 (Gregorian), one year early.
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days - 365).ok()?)
}

/// `s` with Eastern Arabic (`٠-٩`), Persian (`۰-۹`) and full-width (`０-９`)
/// digits written as ASCII digits, and for each byte offset of the result
/// the offset of the same place in `s` (one entry more than the result's
/// length). `None` when `s` holds no such digit.
pub fn with_ascii_digits(s: &str) -> Option<(String, Vec<usize>)> {
    let digit = |c: char| match c {
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
        '\u{FF10}'..='\u{FF19}' => Some(c as u32 - 0xFF10),
        _ => None,
    };
    if s.is_ascii() || !s.chars().any(|c| digit(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut offsets = Vec::with_capacity(s.len() + 1);
    for (at, c) in s.char_indices() {
        match digit(c).and_then(|d| char::from_digit(d, 10)) {
            Some(ascii) => {
                out.push(ascii);
                offsets.push(at);
            }
            None => {
                out.push(c);
                offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
            }
        }
    }
    offsets.push(s.len());
    Some((out, offsets))
}

/// An absolute calendar date written in text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextDate {
    /// The calendar day.
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
    // Each pattern with the reading of its groups as (year, month, day).
    type Reading = fn(&regex::Captures) -> Option<(i32, u32, u32)>;
    let readings: [(&WordRegex, Reading); 3] = [
        (dmy, |c| {
            Some((c[3].parse().ok()?, month_number(&c[2])?, c[1].parse().ok()?))
        }),
        (mdy, |c| {
            Some((c[3].parse().ok()?, month_number(&c[1])?, c[2].parse().ok()?))
        }),
        (iso, |c| {
            Some((c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?))
        }),
    ];
    let mut found = Vec::new();
    for (pattern, read) in readings {
        for c in pattern
            .for_text(text)
            .into_iter()
            .flat_map(|re| re.captures_iter(text))
        {
            if let Some(date) = read(&c).and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)) {
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

    #[test]
    fn solar_hijri_dates_convert_to_gregorian() {
        assert_eq!(solar_hijri_to_gregorian(1399, 4, 13), Some(ymd(2020, 7, 3)));
        assert_eq!(solar_hijri_to_gregorian(1399, 1, 1), Some(ymd(2020, 3, 20)));
        // 1399 is a leap year: its 30 Esfand is the eve of 1400's Nowruz.
        assert_eq!(
            solar_hijri_to_gregorian(1399, 12, 30),
            Some(ymd(2021, 3, 20))
        );
        assert_eq!(
            solar_hijri_to_gregorian(1374, 10, 11),
            Some(ymd(1996, 1, 1))
        );
        assert_eq!(solar_hijri_to_gregorian(1399, 7, 31), None);
        assert_eq!(solar_hijri_month("شهریور"), Some(6));
        assert_eq!(solar_hijri_month("شهريور"), Some(6));
    }

    #[test]
    fn inflected_month_names_of_many_languages() {
        for (name, month) in [
            ("października", 10),
            ("Października", 10),
            ("července", 7),
            ("Ιουλίου", 7),
            ("ΙΟΥΛΙΟΥ", 7),
            ("Ağustos", 8),
            ("AĞUSTOS", 8),
            ("Kasım", 11),
            ("ביולי", 7),
            ("أغسطس", 8),
            ("آذار", 3),
            ("ژوئیه", 7),
            ("augusti", 8),
            ("desember", 12),
            ("iulie", 7),
        ] {
            assert_eq!(month_number_any(name), Some(month), "{name}");
        }
        assert_eq!(month_number_any("Stadt"), None);
    }
}
