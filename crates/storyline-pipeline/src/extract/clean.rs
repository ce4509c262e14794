//! Clean stage: chrome removal for already-scraped text.
//!
//! Owns the per-line classification of a scraped page into article text,
//! metadata (title, stated date, dateline, wire credit) and chrome (related
//! headline lists, comment forms, copyright lines, repeated site names, share
//! bars, "Read Also:" links, reading-time notes). Every removed line is kept as
//! a [`RemovedBlock`] with the rule that removed it. The rules look at the shape
//! of a line and its neighbours, never at one site's wording.

use crate::dates::{find_absolute_dates, TextDate};
use crate::lineclass::{self, FinalVerdict, LineFeatures, LineInput, RuleVerdict};
use crate::settings::CleanSettings;
use crate::word_regex::WordRegex;
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;
use storyline_model::RemovedBlock;

/// A line of text with its byte span in the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// The line's text.
    pub text: String,
    /// Byte offset of its first byte in the input.
    pub start: usize,
    /// Byte offset just past its last byte in the input.
    pub end: usize,
}

/// What cleaning made of a scraped text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CleanedText {
    /// The line cleaning took for the title, when the text starts with one.
    pub title: Option<Span>,
    /// Article paragraphs in order.
    pub paragraphs: Vec<Span>,
    /// Blocks removed as boilerplate, each with its span and reason.
    pub removed: Vec<RemovedBlock>,
    /// A publication date stated on a line of its own ("17 January, 2018").
    pub stated_date: Option<TextDate>,
    /// A dateline place ("BEIRUT", "Beirut").
    pub dateline: Option<String>,
    /// The wire agency credited ("AFP", "Reuters").
    pub wire_credit: Option<String>,
}

#[cfg(test)]
impl CleanedText {
    /// True when a block whose text passes `text` was removed for `reason`.
    pub(crate) fn removed_with(&self, reason: &str, text: impl Fn(&str) -> bool) -> bool {
        self.removed
            .iter()
            .any(|r| r.reason == reason && text(&r.text))
    }
}

impl CleanedText {
    /// The article text: paragraphs separated by blank lines.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.paragraphs.iter().map(|p| p.text.as_str()).collect();
        parts.join("\n\n")
    }
}

struct Patterns {
    timestamp: WordRegex,
    copyright: WordRegex,
    read_also: Regex,
    reading_time: Regex,
    wire_credit: Regex,
    wire_paren: Regex,
    dateline: Regex,
    lone_dateline: Regex,
    form_word: WordRegex,
    nav_line: Regex,
    social: WordRegex,
    legal: Regex,
    stamp_prefix: WordRegex,
    date_word: Regex,
    comment_system: Regex,
    site_credit: WordRegex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        // "GMT 05:01 2018 Tuesday ,23 January", "Last Updated : GMT 09:40:38",
        // "09:40 AM, January 23, 2018".
        timestamp: WordRegex::new(
            r"(?i)((?-i:GMT|UTC)\s*\d{1,2}:\d{2}(:\d{2})?\b|\b\d{1,2}:\d{2}(:\d{2})?\s*(AM|PM|GMT|UTC)\b|last updated\s*:)",
        ),
        copyright: WordRegex::new(r"(?i)(©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved)"),
        read_also: Regex::new(
            r"(?i)^(read also|read more|see also|also read|related( articles| stories| news)?|more on this|recommended)\s*[:：-]",
        )
        .unwrap(),
        reading_time: Regex::new(r"(?i)^\d+\s*(-\s*)?(min|mins|minute|minutes)\s+read$").unwrap(),
        wire_credit: Regex::new(
            r"^(?i:source|sources|credit|via)\s*[:：]\s*([A-Z][A-Za-z.\- ]{1,40}?)\s*\.?$",
        )
        .unwrap(),
        wire_paren: Regex::new(r"^\((AFP|Reuters|AP|Xinhua|dpa|UPI|ANI|IANS|Anadolu)\)\s*[-–—]?\s*").unwrap(),
        // "BEIRUT:", "Beirut - Muslimchronicle", "DAMASCUS (Reuters) -"
        dateline: Regex::new(
            r"^([A-Z][A-Za-z'’.\- ]{1,30}?)\s*(?:,\s*[A-Z][a-z]+\s*)?(?:\((?:AFP|Reuters|AP|Xinhua|dpa|UPI)\)\s*)?(?:[:–—]|\s-\s)\s*",
        )
        .unwrap(),
        // A line that is only "Beirut - Muslimchronicle".
        lone_dateline: Regex::new(r"^([A-Z][\w'’.]+(?: [A-Z][\w'’.]+)?)\s+[-–—]\s+\S+(?: \S+)?$").unwrap(),
        form_word: WordRegex::new(
            r"(?i)\b(comments?|e-?mail|name|captcha|security code|characters left|mandatory|required|submit|terms of (use|service)|i agree|log ?in|sign (in|up)|subscribe|newsletter|reply|your comment|website)\b",
        ),
        nav_line: Regex::new(
            r"(?i)^(search|menu|home|share|print|email|follow us|advertisement|skip to (main )?content|helpful keywords|tags?|keywords|back to top|close|next|previous|more)\s*:?$",
        )
        .unwrap(),
        // A date-time stamp opening a line, optionally after "PLACE | ":
        // "Wed Jul 20, 2011 9:21 am BST ", "13 February 12 09:54 GMT ".
        stamp_prefix: WordRegex::new(
            r"^(?:[A-Z][A-Za-z\\/ .'-]{1,40}\s\|\s)?(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8},?\s+\d{2,4})\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[aApP]\.?[mM]\.?)?\s*(?:[A-Z]{2,4}\b)?\s*(?:[-–—|]+\s*)?",
        ),
        // Words a date-time stamp is made of.
        date_word: Regex::new(
            r"(?i)^(mon|tue|wed|thu|fri|sat|sun)[a-z]*$|^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*$|^(gmt|utc|bst|est|edt|cet|cest|pst|pdt|am|pm|updated|last|published|posted|on|at)$|^[\d:./,-]+$",
        )
        .unwrap(),
        // Comment-system boilerplate.
        comment_system: Regex::new(
            r"(?i)(report (as )?abuse|discussion is (now )?closed|comments? (are|is) (now )?closed|leave a (comment|reply)|post a comment|be the first to comment)",
        )
        .unwrap(),
        // "Publishing Terms: ...", "Terms of use", "Comment rules: ..."
        legal: Regex::new(r"(?i)^((publishing|posting|comment(ing)?|community)\s+)?(terms|rules|guidelines)(\s+(of\s+(use|service)|and\s+conditions))?\s*(:|$)").unwrap(),
        // "Maintained and developed by ...", "Powered by ...": the site's credits.
        site_credit: WordRegex::new(r"(?i)\b(maintained|developed|designed|powered|hosted)\s+(and\s+(maintained|developed|designed|hosted)\s+)?by\s+\S+"),
        social: WordRegex::new(r"(?i)\b(facebook|twitter|rss|youtube|instagram|whatsapp|telegram|linkedin|pinterest|tiktok)\b"),
    })
}

fn word_count(s: &str) -> usize {
    if s.is_ascii() {
        // The ASCII characters `char::is_whitespace` accepts (same count as
        // `split_whitespace`, without decoding characters): a word starts at
        // every non-space byte after a space, counted over byte pairs (a
        // loop the compiler vectorises).
        let space = |b: u8| b == b' ' || b.wrapping_sub(b'\t') < 5;
        let b = s.as_bytes();
        let Some(&first) = b.first() else {
            return 0;
        };
        let starts: u32 = b
            .iter()
            .zip(&b[1..])
            .map(|(&prev, &c)| u32::from(space(prev) & !space(c)))
            .sum();
        return usize::from(!space(first)) + starts as usize;
    }
    s.split_whitespace().count()
}

/// Which of the line rules' regexes can match a line, from byte tests that
/// are far cheaper than the regexes: each flag is a necessary condition of
/// its regex (a `false` proves the regex cannot match; a `true` only means it
/// is run), so classification gives exactly what running every regex would.
/// The literal tests read the line's fold (lowercase letters and digits), so
/// they are only made for ASCII lines, where the fold is the line's bytes
/// lowercased and `(?i)` matches ASCII case variants only; other lines run
/// every regex. `gates_never_hide_a_match` checks each flag against its regex.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Gates {
    stamp: bool,
    comment_system: bool,
    copyright: bool,
    read_also: bool,
    reading_time: bool,
    wire_credit: bool,
    lone_dateline: bool,
    nav_line: bool,
    site_credit: bool,
    legal: bool,
    social: bool,
}

/// The literals the unanchored rules need, as they appear in a fold: every
/// alternative of `comment_system` holds "abuse", "closed", "comment" or
/// "reply"; `copyright` needs "copyright" or "all rights reserved" (or
/// "(c)", tested on the line, or "©", not ASCII); `site_credit` needs a verb
/// in "-ed" then "by" with only spaces or "and <verb>" between; `social` a
/// network's name.
const GATE_LITERALS: [&str; 17] = [
    "abuse",
    "closed",
    "comment",
    "reply",
    "copyright",
    "allrightsreserved",
    "edby",
    "facebook",
    "twitter",
    "rss",
    "youtube",
    "instagram",
    "whatsapp",
    "telegram",
    "linkedin",
    "pinterest",
    "tiktok",
];

/// The longest line (in words) a literal-gated rule can apply to: longer
/// lines skip the literal search, which then proves none of them matches.
fn literal_gate_words(set: &CleanSettings) -> usize {
    set.comment_system_words
        .max(set.copyright_words)
        .max(set.site_credit_words)
        .max(set.share_bar_words)
}

fn gate_literals() -> &'static aho_corasick::AhoCorasick {
    static A: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    A.get_or_init(|| aho_corasick::AhoCorasick::new(GATE_LITERALS).expect("fixed literals"))
}

fn gates(s: &str, fold: &str, words: usize, literal_words: usize) -> Gates {
    let first = s.as_bytes().first().copied().unwrap_or(0);
    // Exact whatever the script: `[A-Z]` is ASCII; the dateline is at most two
    // words, a dash and two words; a navigation line one to four words and a colon.
    let lone_dateline = words <= 5 && first.is_ascii_uppercase();
    let nav_line = words <= 5;
    // Every stamp holds `\d{1,2}:\d{2}`.
    let stamp = s.contains(':');
    if !s.is_ascii() {
        return Gates {
            stamp,
            comment_system: true,
            copyright: true,
            read_also: true,
            reading_time: true,
            wire_credit: true,
            lone_dateline,
            nav_line,
            site_credit: true,
            legal: true,
            social: true,
        };
    }
    let mut found = 0u32;
    if words <= literal_words {
        for m in gate_literals().find_overlapping_iter(fold) {
            found |= 1 << m.pattern().as_u32();
        }
    }
    let lower = first.to_ascii_lowercase();
    let b = s.as_bytes();
    Gates {
        stamp,
        comment_system: found & 0b1111 != 0,
        copyright: found & 0b11_0000 != 0 || s.contains("(c)") || s.contains("(C)"),
        read_also: matches!(lower, b'r' | b's' | b'a' | b'm'),
        reading_time: first.is_ascii_digit()
            && b.len() >= 4
            && b[b.len() - 4..].eq_ignore_ascii_case(b"read"),
        wire_credit: matches!(lower, b's' | b'c' | b'v') && stamp,
        lone_dateline,
        nav_line,
        site_credit: found & (1 << 6) != 0,
        legal: matches!(lower, b'p' | b'c' | b't' | b'r' | b'g'),
        social: found >> 7 != 0,
    }
}

/// A comment-form or login-form label: "Name *", "E-mail", "Security Code*",
/// "Send your comments".
fn is_form_label(s: &str, words: usize, sentence: bool, set: &CleanSettings) -> bool {
    (s.trim_end().ends_with('*') && words <= set.form_required_words)
        || (words <= set.form_label_words && !sentence && patterns().form_word.is_match(s))
}

/// What a line holding a time stamp is: `chrome.timestamp` when the stamp is
/// all there is ("GMT 05:01 2018 Tuesday ,23 January", "Last Updated : GMT
/// 09:40:38"), `chrome.related_headline` when a headline is glued before it
/// ("Israel apologises to JordanGMT 03:28 2018 Saturday ,20 January"). A
/// sentence that mentions a time ("at 11:40 (08:40 GMT)") is neither.
fn stamp_kind(s: &str, sentence: bool, set: &CleanSettings) -> Option<&'static str> {
    let p = patterns();
    // Every form of stamp holds a colon: most lines are rejected without the regex.
    if !s.contains(':') {
        return None;
    }
    let m = p.timestamp.for_text(s)?.find(s)?;
    let residual = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|')
        .filter(|w| !w.is_empty() && !p.date_word.is_match(w))
        .count();
    if residual <= set.stamp_residual_words {
        return Some("chrome.timestamp");
    }
    let before = &s[..m.start()];
    let glued = before.chars().last().is_some_and(|c| c.is_alphanumeric());
    let tail_is_stamp = s[m.end()..]
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| p.date_word.is_match(w));
    if (glued || !is_sentence_like(before))
        && tail_is_stamp
        && !sentence
        && word_count(before) <= set.stamp_headline_words
    {
        return Some("chrome.related_headline");
    }
    None
}

/// Whether a line is a stamp and nothing else: a relative time ("5 hours
/// ago", "vor 3 Minuten", "il y a 2 jours", "hace 4 horas") or a date with an
/// optional time ("Jan 26, 2011", "26.01.2011 10:32").
fn is_bare_stamp(s: &str) -> bool {
    static RELATIVE: OnceLock<Regex> = OnceLock::new();
    static NUMERIC_DATE: OnceLock<Regex> = OnceLock::new();
    let s = s.trim();
    if s.is_empty() || s.len() > 40 || !s.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let relative = RELATIVE.get_or_init(|| {
        Regex::new(
            r"(?i)^(\d{1,3}\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?|months?|years?)\.?\s+ago|vor\s+\d{1,3}\s+(sekunden|minuten|stunden|tagen|wochen|monaten|jahren)|il y a\s+\d{1,3}\s+(secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)|hace\s+\d{1,3}\s+(segundos?|minutos?|horas?|d[ií]as?|semanas?|meses|mes|años?))$",
        )
        .unwrap()
    });
    if relative.is_match(s) {
        return true;
    }
    let p = patterns();
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 6 || !words.iter().all(|w| p.date_word.is_match(w)) {
        return false;
    }
    let numeric =
        NUMERIC_DATE.get_or_init(|| Regex::new(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b").unwrap());
    let has_month = words.iter().any(|w| {
        w.chars().next().is_some_and(char::is_alphabetic)
            && !matches!(
                w.to_ascii_lowercase().as_str(),
                "gmt"
                    | "utc"
                    | "bst"
                    | "est"
                    | "edt"
                    | "cet"
                    | "cest"
                    | "pst"
                    | "pdt"
                    | "am"
                    | "pm"
                    | "updated"
                    | "last"
                    | "published"
                    | "posted"
                    | "on"
                    | "at"
            )
            && !matches!(
                w.get(..3).map(str::to_ascii_lowercase).as_deref(),
                Some("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")
            )
    });
    has_month || numeric.is_match(s)
}

/// A line of social-network names ("Facebook Twitter RSS YouTube"): at least
/// two of them, making up a large share of a line that is not prose.
fn is_share_bar(s: &str, words: usize, sentence: bool, set: &CleanSettings) -> bool {
    if words > set.share_bar_words {
        return false;
    }
    let networks = patterns()
        .social
        .for_text(s)
        .map_or(0, |re| re.find_iter(s).count());
    networks >= set.share_bar_networks
        && (!sentence || networks * set.share_bar_words_per_network >= words)
}

/// Ends the way a sentence of prose ends.
fn is_sentence_like(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with(['.', '!', '?', '"', '”', '’', '\'', ')', ':', ';', '…'])
}

/// Lowercased alphanumerics only, for comparing lines that differ in case,
/// quotes or spacing.
fn fold(s: &str) -> String {
    // ASCII characters through a table (same result as the Unicode
    // functions, without them): each byte's lowercase letter or digit, 0
    // for the rest. Most lines are ASCII, and most characters of the others.
    const FOLDED: [u8; 128] = {
        let mut t = [0u8; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            if c.is_ascii_alphanumeric() {
                t[b] = c.to_ascii_lowercase();
            }
            b += 1;
        }
        t
    };
    if s.is_ascii() {
        let mut bytes = vec![0u8; s.len()];
        let mut n = 0;
        for &b in s.as_bytes() {
            // Written unconditionally, kept only for letters and digits.
            let f = FOLDED[usize::from(b & 0x7f)];
            bytes[n] = f;
            n += usize::from(f != 0);
        }
        bytes.truncate(n);
        return String::from_utf8(bytes).unwrap_or_default();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            let f = FOLDED[c as usize];
            if f != 0 {
                out.push(char::from(f));
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The dominant script of a text: Latin, Arabic, Cyrillic, CJK or other.
fn script_of(s: &str) -> Option<&'static str> {
    // Counted in a fixed array (this runs over every text): same result as
    // counting by name, ties to the alphabetically last name.
    const NAMES: [&str; 6] = ["arabic", "cjk", "cyrillic", "hebrew", "latin", "other"];
    let mut counts = [0usize; 6];
    if s.is_ascii() {
        return s
            .bytes()
            .any(|b| b.is_ascii_alphabetic())
            .then_some("latin");
    }
    for c in s.chars() {
        if c.is_ascii() {
            counts[4] += usize::from(c.is_ascii_alphabetic());
            continue;
        }
        if !c.is_alphabetic() {
            continue;
        }
        let script = match c as u32 {
            0x0041..=0x024F => 4,
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => 0,
            0x0400..=0x04FF => 2,
            0x4E00..=0x9FFF | 0x3040..=0x30FF | 0xAC00..=0xD7AF => 1,
            0x0590..=0x05FF => 3,
            _ => 5,
        };
        counts[script] += 1;
    }
    (0..NAMES.len())
        .filter(|&i| counts[i] > 0)
        .max_by_key(|&i| (counts[i], NAMES[i]))
        .map(|i| NAMES[i])
}

/// A line where few distinct words repeat ("site site site", or a headline
/// written twice as a keyword list).
fn is_token_repetition(s: &str) -> bool {
    if s.is_ascii() {
        // The common case without a String per word (same result).
        let mut words: Vec<&[u8]> = s
            .as_bytes()
            .split(|b| !b.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() < 3 {
            return false;
        }
        let total = words.len();
        words.sort_unstable_by(|a, b| {
            a.iter()
                .map(u8::to_ascii_lowercase)
                .cmp(b.iter().map(u8::to_ascii_lowercase))
        });
        words.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        return words.len() * 2 <= total;
    }
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    if words.len() < 3 {
        return false;
    }
    let mut distinct = words.clone();
    distinct.sort();
    distinct.dedup();
    distinct.len() * 2 <= words.len()
}

/// Splits `text` into its non-blank lines with byte spans (trimmed).
fn lines_with_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed_start = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = offset + trimmed_start;
            out.push(Span {
                text: trimmed.to_string(),
                start,
                end: start + trimmed.len(),
            });
        }
        offset += raw.len();
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Label {
    Article,
    Title,
    Meta(&'static str),
    Chrome(&'static str),
}

/// Classifies every line of a scraped article into article text, metadata and
/// chrome. `stated_title` is a title the input gave, if any.
pub fn clean_text(text: &str, stated_title: Option<&str>) -> CleanedText {
    classify(text, stated_title, true, &CleanSettings::DEFAULT, None)
}

/// [`clean_text`] with the thresholds of `settings`.
pub fn clean_text_with(
    text: &str,
    stated_title: Option<&str>,
    settings: &CleanSettings,
) -> CleanedText {
    classify(text, stated_title, true, settings, None)
}

/// The same classification for paragraphs that HTML extraction already
/// chose as main content: the DOM has decided what is page furniture, so
/// the rules that stand in for it in flat text (lines repeated on the page,
/// short lines in another script, token repetitions, form labels) are off;
/// metadata lines, copyright, "Read also", share bars and the like still apply.
pub fn clean_html_paragraphs(text: &str, title: Option<&str>) -> CleanedText {
    classify(text, title, false, &CleanSettings::DEFAULT, None)
}

/// [`clean_html_paragraphs`] with the thresholds of `settings`.
pub fn clean_html_paragraphs_with(
    text: &str,
    title: Option<&str>,
    settings: &CleanSettings,
) -> CleanedText {
    classify(text, title, false, settings, None)
}

/// A line the classifier decides, with its features (see [`line_samples`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LineSample {
    /// The line as the page has it.
    pub text: String,
    /// Its features, in the order of `FEATURE_NAMES`.
    pub features: LineFeatures,
}

/// The lines of a scraped page that the line classifier decides, with
/// their features, as cleaning computes them (for training the classifier).
pub fn line_samples(text: &str, settings: &CleanSettings) -> Vec<LineSample> {
    let mut out = Vec::new();
    classify(text, None, true, settings, Some(&mut out));
    out
}

/// Whether the line classifier decides a line so labelled: article text,
/// and chrome removed only for its place on the page.
fn is_open(label: Label) -> bool {
    matches!(
        label,
        Label::Article
            | Label::Chrome("chrome.outside_main" | "chrome.head_run" | "chrome.tail_run")
    )
}

/// The classifier's features of every line, from the labels the line rules
/// gave (`rule_labels`) and the labels after title and runs (`labels`).
fn open_line_features(
    lines: &[Span],
    words: &[usize],
    rule_labels: &[Label],
    labels: &[Label],
) -> Vec<LineFeatures> {
    let inputs: Vec<LineInput> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| LineInput {
            text: &l.text,
            words: words[i],
            rule: match rule_labels[i] {
                Label::Article => RuleVerdict::Article,
                Label::Chrome(
                    "chrome.repeated_line" | "chrome.repetition" | "chrome.foreign_script",
                ) => RuleVerdict::Repeat,
                _ => RuleVerdict::Named,
            },
            verdict: match labels[i] {
                Label::Article => FinalVerdict::Article,
                Label::Chrome("chrome.outside_main") => FinalVerdict::OutsideMain,
                Label::Chrome("chrome.head_run" | "chrome.tail_run") => FinalVerdict::Run,
                _ => FinalVerdict::Other,
            },
        })
        .collect();
    lineclass::page_features(&inputs)
}

/// What the line rules read of one line.
struct LineFacts<'a> {
    text: &'a str,
    /// Lowercased letters and digits of the line.
    fold: &'a str,
    words: usize,
    /// Ends the way a sentence ends.
    sentence: bool,
    gates: Gates,
    /// What the line's time stamp makes of it (see `stamp_kind`).
    stamp: Option<&'static str>,
}

/// What the line rules read of the whole page.
struct PageFacts<'a> {
    /// Flat scraped text (else paragraphs HTML extraction chose).
    flat: bool,
    /// How often each folded line occurs (flat text only).
    repeats: HashMap<&'a str, usize>,
    /// The page's dominant script (flat text only).
    body_script: Option<&'static str>,
    set: &'a CleanSettings,
}

/// One line rule: where it applies, and what the line then is.
#[cfg_attr(not(test), allow(dead_code))]
struct LineRule {
    /// The rule's name, as tests refer to it.
    name: &'static str,
    applies: fn(&LineFacts, &PageFacts) -> bool,
    /// The label of a line the rule applies to (its removal reason).
    label: Label,
}

/// The line rules, evaluated in order: the first that applies labels the
/// line; a line none applies to is article text.
const LINE_RULES: &[LineRule] = &[
    LineRule {
        name: "timestamp",
        applies: |l, _| l.stamp == Some("chrome.timestamp"),
        label: Label::Chrome("chrome.timestamp"),
    },
    LineRule {
        name: "headline_glued_to_stamp",
        applies: |l, _| l.stamp == Some("chrome.related_headline"),
        label: Label::Chrome("chrome.related_headline"),
    },
    LineRule {
        name: "comment_system",
        applies: |l, p| {
            l.words <= p.set.comment_system_words
                && l.gates.comment_system
                && patterns().comment_system.is_match(l.text)
        },
        label: Label::Chrome("chrome.comment_system"),
    },
    LineRule {
        name: "copyright",
        applies: |l, p| {
            l.words <= p.set.copyright_words
                && l.gates.copyright
                && patterns().copyright.is_match(l.text)
        },
        label: Label::Chrome("chrome.copyright"),
    },
    LineRule {
        name: "read_also",
        applies: |l, p| {
            l.words <= p.set.read_also_words
                && l.gates.read_also
                && patterns().read_also.is_match(l.text)
        },
        label: Label::Chrome("chrome.read_also"),
    },
    LineRule {
        name: "reading_time",
        applies: |l, _| l.gates.reading_time && patterns().reading_time.is_match(l.text),
        label: Label::Chrome("chrome.reading_time"),
    },
    LineRule {
        name: "wire_credit",
        applies: |l, _| l.gates.wire_credit && patterns().wire_credit.is_match(l.text),
        label: Label::Meta("meta.wire_credit"),
    },
    LineRule {
        name: "lone_dateline",
        applies: |l, _| {
            !l.sentence && l.gates.lone_dateline && patterns().lone_dateline.is_match(l.text)
        },
        label: Label::Meta("meta.dateline"),
    },
    LineRule {
        name: "navigation",
        applies: |l, _| l.gates.nav_line && patterns().nav_line.is_match(l.text),
        label: Label::Chrome("chrome.navigation"),
    },
    LineRule {
        name: "form_label",
        applies: |l, p| p.flat && is_form_label(l.text, l.words, l.sentence, p.set),
        label: Label::Chrome("chrome.form_label"),
    },
    LineRule {
        name: "site_credit",
        applies: |l, p| {
            l.words <= p.set.site_credit_words
                && l.gates.site_credit
                && patterns().site_credit.is_match(l.text)
        },
        label: Label::Chrome("chrome.site_credit"),
    },
    LineRule {
        name: "legal",
        applies: |l, _| l.gates.legal && patterns().legal.is_match(l.text),
        label: Label::Chrome("chrome.legal"),
    },
    LineRule {
        name: "share_bar",
        applies: |l, p| l.gates.social && is_share_bar(l.text, l.words, l.sentence, p.set),
        label: Label::Chrome("chrome.share_bar"),
    },
    LineRule {
        name: "token_repetition",
        applies: |l, p| p.flat && !l.sentence && is_token_repetition(l.text),
        label: Label::Chrome("chrome.repetition"),
    },
    LineRule {
        name: "repeated_line",
        applies: |l, p| {
            p.flat
                && l.words <= p.set.repeated_line_words
                && !l.sentence
                && p.repeats[l.fold] >= p.set.repeated_line_count
        },
        label: Label::Chrome("chrome.repeated_line"),
    },
    LineRule {
        name: "foreign_script",
        applies: |l, p| {
            p.flat
                && l.words <= p.set.foreign_script_words
                && p.body_script.is_some()
                && script_of(l.text) != p.body_script
        },
        label: Label::Chrome("chrome.foreign_script"),
    },
    LineRule {
        name: "stated_date",
        applies: |l, p| {
            if l.sentence || l.words > p.set.stated_date_words {
                return false;
            }
            let dates = find_absolute_dates(l.text);
            dates.len() == 1
                && dates[0].span.1 - dates[0].span.0 + p.set.stated_date_slack_bytes >= l.text.len()
        },
        label: Label::Meta("meta.stated_date"),
    },
];

/// Phrases that head links to other stories, lowercased, in many
/// languages: what a reader is offered next, not what the story says.
const RELATED_LABELS: &[&str] = &[
    // English
    "see also",
    "read also",
    "also read",
    "read more",
    "read next",
    "related articles",
    "related stories",
    "related news",
    "related posts",
    "related content",
    "related topics",
    "more on this",
    "more from",
    "more stories",
    "more news",
    "you may also like",
    "you might also like",
    "you may also be interested",
    "recommended for you",
    "further reading",
    "most read",
    "most popular",
    // German
    "siehe auch",
    "lesen sie auch",
    "lesen sie hier",
    "lesen sie mehr",
    "auch lesen",
    "auch interessant",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "das thema könnte",
    "mehr zum thema",
    "mehr dazu",
    "mehr kolumnen",
    "mehr aus der",
    "mehr aus dem",
    "mehr artikel",
    "mehr nachrichten",
    "weitere artikel",
    "weitere beiträge",
    "weitere nachrichten",
    "weitere meldungen",
    "weitere themen",
    "ähnliche artikel",
    "ähnliche beiträge",
    "verwandte artikel",
    "passend zum thema",
    "zum weiterlesen",
    "meistgelesen",
    "das könnte sie auch",
    "das könnte dich auch",
    // French
    "voir aussi",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "à lire également",
    "dans la même rubrique",
    "sur le même sujet",
    "articles similaires",
    "article suivant",
    "article précédent",
    "vous aimerez aussi",
    "ces articles pourraient vous intéresser",
    "les plus lus",
    // Spanish, Portuguese, Italian
    "ver también",
    "lea también",
    "lee también",
    "te puede interesar",
    "le puede interesar",
    "también te puede interesar",
    "noticias relacionadas",
    "artículos relacionados",
    "más noticias",
    "lo más leído",
    "leia também",
    "veja também",
    "notícias relacionadas",
    "leggi anche",
    "vedi anche",
    "articoli correlati",
    "potrebbe interessarti",
    "ti potrebbe interessare",
    "altre notizie",
    // Dutch, Scandinavian
    "lees ook",
    "zie ook",
    "gerelateerde artikelen",
    "meer nieuws",
    "bekijk ook",
    "läs också",
    "läs även",
    "læs også",
    "les også",
    "relaterade artiklar",
    // Polish, Czech, Hungarian, Russian, Turkish
    "zobacz także",
    "zobacz też",
    "czytaj także",
    "czytaj też",
    "przeczytaj także",
    "przeczytaj też",
    "powiązane artykuły",
    "čtěte také",
    "související články",
    "mohlo by vás zajímat",
    "ezek is érdekelhetnek",
    "kapcsolódó cikkek",
    "читайте также",
    "смотрите также",
    "похожие новости",
    "ilgili haberler",
    // Chinese, Japanese
    "相关新闻",
    "相关阅读",
    "延伸阅读",
    "推荐阅读",
    "関連記事",
];

/// How a line uses a related-links label: as the whole line ("More from
/// Relationships", "Zobacz także"), or before a colon and one headline
/// ("Auch lesen: Diese 3 Sternzeichen ...").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RelatedLabel {
    Heading,
    Teaser,
}

/// Whether a line of `words` words is a related-links label, and how.
fn related_label(s: &str, words: usize, set: &CleanSettings) -> Option<RelatedLabel> {
    if words > set.read_also_words {
        return None;
    }
    let t = s
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end();
    let lower = t.to_lowercase();
    let phrase = RELATED_LABELS.iter().find(|p| {
        lower.starts_with(*p)
            && lower[p.len()..].chars().next().is_none_or(|c| {
                !c.is_alphanumeric() || !p.is_ascii() && p.chars().all(|c| c as u32 >= 0x3040)
            })
    })?;
    let rest = lower[phrase.len()..].trim();
    let rest_words = rest.split_whitespace().count();
    if rest.ends_with('.') {
        return None;
    }
    if rest_words <= 3 && !rest.contains(':') {
        return Some(RelatedLabel::Heading);
    }
    if rest.starts_with([':', '：']) && rest_words <= set.stamped_headline_words + 1 {
        return Some(RelatedLabel::Teaser);
    }
    None
}

/// A line of at most 12 words that credits a picture: a word for photo or
/// image in one of many languages, then a colon ("Foto: ÖTZ", "(Photo:
/// Reuters)", "Imagen: Télam", "Bildquelle: SWR").
fn is_photo_credit(s: &str, words: usize) -> bool {
    static CREDIT: OnceLock<Regex> = OnceLock::new();
    words <= 12
        && CREDIT
            .get_or_init(|| {
                Regex::new(
                    r"(?i)^[\W\d]*(fotos?|photos?|bild|bilder|titelbild|bildquelle|imagen|image|fotó|zdjęcie|zdjęcia|crédits? photos?|photo credits?|picture)\s*[:：]",
                )
                .unwrap()
            })
            .is_match(s)
}

/// Marks related-links labels as chrome, and under a heading the
/// headlines it lists (short lines that end no sentence), up to the first
/// line of prose.
fn mark_related_lists(lines: &[Span], words: &[usize], labels: &mut [Label], set: &CleanSettings) {
    let mut i = 0;
    while i < lines.len() {
        let kind = if labels[i] == Label::Article {
            related_label(&lines[i].text, words[i], set)
        } else {
            None
        };
        i += 1;
        let Some(kind) = kind else { continue };
        labels[i - 1] = Label::Chrome("chrome.read_also");
        if kind == RelatedLabel::Teaser {
            continue;
        }
        while i < lines.len()
            && labels[i] == Label::Article
            && words[i] <= set.stamped_headline_words
            && !is_sentence_like(&lines[i].text)
        {
            labels[i] = Label::Chrome("chrome.related_headline");
            i += 1;
        }
    }
}

/// The label of one line: the first rule that applies, else article text.
fn label_line(line: &LineFacts, page: &PageFacts) -> Label {
    LINE_RULES
        .iter()
        .find(|r| (r.applies)(line, page))
        .map_or(Label::Article, |r| r.label)
}

/// A stamp opening a line of text ("Wed Jul 20, 2011 9:21 am BST (Reuters) -
/// ...") is metadata; the text after it is classified on its own. Returns
/// the stamps taken off.
fn take_leading_stamps(lines: &mut [Span], set: &CleanSettings) -> Vec<RemovedBlock> {
    let p = patterns();
    let mut stamps: Vec<RemovedBlock> = Vec::new();
    for l in lines.iter_mut() {
        // Every stamp holds a colon (`\d{1,2}:\d{2}`).
        if !l.text.contains(':') {
            continue;
        }
        if let Some(m) = p
            .stamp_prefix
            .for_text(&l.text)
            .and_then(|re| re.find(&l.text))
        {
            let rest = &l.text[m.end()..];
            if m.end() > 0 && word_count(rest) >= set.stamp_prefix_rest_words {
                stamps.push(RemovedBlock {
                    span: (l.start, l.start + m.end()),
                    text: l.text[..m.end()].trim_end().to_string(),
                    reason: "meta.timestamp".to_string(),
                });
                l.start += m.end();
                l.text = rest.to_string();
            }
        }
    }
    stamps
}

fn classify(
    text: &str,
    stated_title: Option<&str>,
    flat: bool,
    set: &CleanSettings,
    mut samples: Option<&mut Vec<LineSample>>,
) -> CleanedText {
    let p = patterns();
    let mut lines = lines_with_spans(text);
    let stamps = take_leading_stamps(&mut lines, set);

    // Lines that repeat inside one page are site chrome unless they read as prose.
    // Folded once per line: the repeat count and the title check below use them.
    let folds: Vec<String> = lines.iter().map(|l| fold(&l.text)).collect();
    let mut repeats: HashMap<&str, usize> = HashMap::with_capacity(folds.len());
    for f in folds.iter().filter(|_| flat) {
        *repeats.entry(f.as_str()).or_default() += 1;
    }
    let page = PageFacts {
        flat,
        repeats,
        // Only the flat-text rules read the page's script.
        body_script: if flat { script_of(text) } else { None },
        set,
    };
    let literal_words = literal_gate_words(set);

    // Word counts, once per line (the title and position rules read them too).
    let word_counts: Vec<usize> = lines.iter().map(|l| word_count(&l.text)).collect();
    let mut labels: Vec<Label> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let s = l.text.as_str();
            let words = word_counts[i];
            let sentence = is_sentence_like(s);
            let facts = LineFacts {
                text: s,
                fold: &folds[i],
                words,
                sentence,
                gates: gates(s, &folds[i], words, literal_words),
                stamp: stamp_kind(s, sentence, set),
            };
            label_line(&facts, &page)
        })
        .collect();
    let rule_labels = labels.clone();

    // A short line that follows a timestamp line is the headline of a related
    // link ("GMT 05:01 2018 Tuesday ,23 January" / "Senegal vows to hunt down gunmen").
    for i in 1..lines.len() {
        if labels[i - 1] == Label::Chrome("chrome.timestamp")
            && labels[i] == Label::Article
            && word_counts[i] <= set.stamped_headline_words
            && !lines[i].text.ends_with('.')
        {
            labels[i] = Label::Chrome("chrome.related_headline");
        }
    }

    // A list of related links: headlines, each followed by a line that is a
    // bare stamp ("5 hours ago", "Jan 26, 2011"), two pairs or more in a row.
    let bare: Vec<bool> = lines.iter().map(|l| is_bare_stamp(&l.text)).collect();
    let is_pair = |i: usize| {
        i >= 1
            && bare[i]
            && !bare[i - 1]
            && matches!(labels[i - 1], Label::Article | Label::Chrome(_))
            && word_counts[i - 1] <= set.stamped_headline_words
            && !lines[i - 1].text.ends_with('.')
    };
    let pairs: Vec<bool> = (0..lines.len()).map(is_pair).collect();
    for i in 0..lines.len() {
        let listed = (i >= 2 && pairs[i - 2]) || pairs.get(i + 2).copied().unwrap_or(false);
        if pairs[i] && listed {
            if labels[i - 1] == Label::Article {
                labels[i - 1] = Label::Chrome("chrome.related_headline");
            }
            labels[i] = Label::Chrome("chrome.timestamp");
        }
    }

    let title = find_title(&lines, &folds, &word_counts, &mut labels, stated_title, set);

    if flat {
        mark_runs(&lines, &word_counts, &mut labels, set);
        keep_main_run(&lines, &word_counts, &mut labels, set);
        // A label heading links to other stories ("Zobacz także", "Dans
        // la même rubrique", "Auch lesen: ...") and the headlines listed
        // under it, among the lines the runs kept.
        mark_related_lists(&lines, &word_counts, &mut labels, set);
        // A short line crediting a picture ("Foto: MDR/Bernd Cramer").
        for (i, l) in lines.iter().enumerate() {
            if labels[i] == Label::Article && is_photo_credit(&l.text, word_counts[i]) {
                labels[i] = Label::Chrome("chrome.photo_credit");
            }
        }
        // Only pages with an article body (as the main-run rule counts
        // long lines): a page of short lines is no news page the
        // classifier knows.
        let long_lines = word_counts
            .iter()
            .filter(|&&w| w >= set.main_run_long_words)
            .count();
        if (set.line_classifier || samples.is_some()) && long_lines >= set.main_run_min_long_lines {
            let features = open_line_features(&lines, &word_counts, &rule_labels, &labels);
            // (Read only when it decides: the features are dumped for
            // training without it.)
            let model = set.line_classifier.then(lineclass::line_model);
            let mut decided = labels.clone();
            for (i, f) in features.into_iter().enumerate() {
                if !is_open(labels[i]) {
                    continue;
                }
                if let Some(out) = samples.as_deref_mut() {
                    out.push(LineSample {
                        text: lines[i].text.clone(),
                        features: f.clone(),
                    });
                }
                let Some(model) = model else { continue };
                decided[i] = if model.keeps(&f, labels[i] == Label::Article) {
                    Label::Article
                } else if labels[i] == Label::Article {
                    Label::Chrome("chrome.line_classifier")
                } else {
                    labels[i]
                };
            }
            // The classifier never takes the last article line away (a
            // one-line story, a page of short lines).
            if set.line_classifier && decided.contains(&Label::Article) {
                labels = decided;
            }
        }
    }

    let mut out = CleanedText {
        title,
        removed: stamps,
        ..CleanedText::default()
    };
    for (i, l) in lines.into_iter().enumerate() {
        match labels[i] {
            Label::Article => {
                let mut l = l;
                if out.paragraphs.is_empty() && out.dateline.is_none() {
                    strip_dateline(&mut l, &mut out);
                }
                if let Some(c) = l
                    .text
                    .starts_with('(')
                    .then(|| p.wire_paren.captures(&l.text))
                    .flatten()
                {
                    out.wire_credit.get_or_insert_with(|| c[1].to_string());
                }
                out.paragraphs.push(l);
            }
            Label::Title => {}
            Label::Meta(reason) => {
                if reason == "meta.wire_credit" {
                    if let Some(c) = p.wire_credit.captures(&l.text) {
                        out.wire_credit = Some(c[1].trim().to_string());
                    }
                } else if reason == "meta.dateline" {
                    if let Some(c) = p.lone_dateline.captures(&l.text) {
                        out.dateline.get_or_insert_with(|| c[1].to_string());
                    }
                } else if reason == "meta.stated_date" && out.stated_date.is_none() {
                    out.stated_date =
                        find_absolute_dates(&l.text)
                            .into_iter()
                            .next()
                            .map(|d| TextDate {
                                date: d.date,
                                span: (l.start + d.span.0, l.start + d.span.1),
                            });
                }
                out.removed.push(RemovedBlock {
                    span: (l.start, l.end),
                    text: l.text,
                    reason: reason.to_string(),
                });
            }
            Label::Chrome(reason) => out.removed.push(RemovedBlock {
                span: (l.start, l.end),
                text: l.text,
                reason: reason.to_string(),
            }),
        }
    }
    out.removed.sort_by_key(|r| r.span);
    out
}

/// Title: the stated one, else the first short line that is not prose. A
/// headline often repeats on the page, so a line removed only for repeating
/// still counts as a candidate. Copies of the title on the page are labelled
/// `chrome.duplicate_title`.
fn find_title(
    lines: &[Span],
    folds: &[String],
    word_counts: &[usize],
    labels: &mut [Label],
    stated_title: Option<&str>,
    set: &CleanSettings,
) -> Option<Span> {
    let mut title: Option<Span> = None;
    let title_fold = stated_title.map(fold);
    if stated_title.is_none() {
        let candidate = labels
            .iter()
            .position(|l| matches!(l, Label::Article | Label::Chrome("chrome.repeated_line")));
        // A one-line article is text, not a title.
        let others = labels.iter().filter(|l| **l == Label::Article).count();
        if let Some(i) = candidate {
            let s = &lines[i].text;
            let leaves_text = others > usize::from(labels[i] == Label::Article);
            if word_counts[i] <= set.title_words && !s.ends_with('.') && leaves_text {
                labels[i] = Label::Title;
                title = Some(lines[i].clone());
            }
        }
    }
    let title_key = title_fold.or_else(|| title.as_ref().map(|t| fold(&t.text)));
    if let Some(key) = title_key.filter(|k| k.len() >= set.title_min_fold_bytes) {
        for (i, l) in lines.iter().enumerate() {
            if matches!(
                labels[i],
                Label::Article | Label::Chrome("chrome.repeated_line")
            ) {
                let f = &folds[i];
                if *f == key || (f.ends_with(&key) && word_counts[i] <= set.title_suffix_words) {
                    labels[i] = Label::Chrome("chrome.duplicate_title");
                    // Prefer the copy written with capitals ("Syria jihadist
                    // chief ..." over "syria jihadist chief ...").
                    if let Some(t) = title.as_mut() {
                        let caps = |s: &str| s.chars().filter(|c| c.is_uppercase()).count();
                        if *f == key && caps(&l.text) > caps(&t.text) {
                            t.text = l.text.clone();
                        }
                    }
                }
            }
        }
    }
    title
}

/// Position: the head and the tail of a scraped page, before the first and
/// after the last full paragraph, are where the site's chrome sits. When such
/// a run already holds at least two chrome lines, its remaining short lines
/// that do not read as sentences (headline fragments, captions, credits) are
/// chrome too. The title, metadata lines and full paragraphs are never touched.
fn mark_runs(lines: &[Span], words: &[usize], labels: &mut [Label], set: &CleanSettings) {
    let is_paragraph = |i: usize| labels[i] == Label::Article && words[i] >= set.paragraph_words;
    let Some(first) = (0..lines.len()).find(|&i| is_paragraph(i)) else {
        return;
    };
    let last = (0..lines.len())
        .rev()
        .find(|&i| is_paragraph(i))
        .unwrap_or(first);
    for (range, reason) in [
        (0..first, "chrome.head_run"),
        (last + 1..lines.len(), "chrome.tail_run"),
    ] {
        let chrome = range
            .clone()
            .filter(|&i| matches!(labels[i], Label::Chrome(_)))
            .count();
        if chrome < set.run_min_chrome {
            continue;
        }
        for i in range {
            let s = &lines[i].text;
            if labels[i] == Label::Article && words[i] <= set.run_line_words && !is_sentence_like(s)
            {
                labels[i] = Label::Chrome(reason);
            }
        }
    }
}

/// Scraped text keeps one run of article lines: the one where long lines
/// (their words) most outweigh short ones (a fixed weight each, less for a
/// short sentence), found as
/// the heaviest contiguous run (Kadane) over the lines still labelled
/// article, together with the line just before it (a lead or a subtitle).
/// Article lines outside it are `chrome.outside_main`: menus, teasers and
/// footers that no line rule named. Pages with fewer than
/// `main_run_min_long_lines` long lines are left as they are.
fn keep_main_run(lines: &[Span], words: &[usize], labels: &mut [Label], set: &CleanSettings) {
    let article: Vec<usize> = (0..labels.len())
        .filter(|&i| labels[i] == Label::Article)
        .collect();
    let long_words = set.main_run_long_words;
    if article.iter().filter(|&&i| words[i] >= long_words).count() < set.main_run_min_long_lines {
        return;
    }
    let weight = |i: usize| -> i64 {
        if words[i] >= long_words {
            words[i] as i64
        } else if words[i] >= 3 && is_sentence_like(&lines[i].text) {
            -(set.main_run_sentence_weight as i64)
        } else {
            -(set.main_run_short_weight as i64)
        }
    };
    let (mut best, mut best_start, mut best_end) = (i64::MIN, 0, 0);
    let (mut run, mut start) = (0i64, 0usize);
    for (k, &i) in article.iter().enumerate() {
        if run <= 0 {
            run = 0;
            start = k;
        }
        run += weight(i);
        if run > best {
            (best, best_start, best_end) = (run, start, k);
        }
    }
    let keep_from = best_start.saturating_sub(1);
    for (k, &i) in article.iter().enumerate() {
        if k < keep_from || k > best_end {
            labels[i] = Label::Chrome("chrome.outside_main");
        }
    }
}

/// Takes a leading dateline ("BEIRUT: ...", "Beirut - ...") off the first
/// paragraph. A line that is only a dateline becomes metadata.
fn strip_dateline(line: &mut Span, out: &mut CleanedText) {
    let p = patterns();
    let Some(c) = p.dateline.captures(&line.text) else {
        return;
    };
    let place = c[1].trim();
    let upper = place
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase());
    let place_words = word_count(place);
    // An all-caps place ("BEIRUT:") or one or two capitalised words before " - ".
    if place_words > 3 || (!upper && place_words > 2) {
        return;
    }
    let rest_start = c.get(0).unwrap().end();
    if rest_start >= line.text.len() || word_count(&line.text[rest_start..]) < 4 {
        return;
    }
    out.dateline = Some(place.to_string());
    line.start += rest_start;
    line.text = line.text[rest_start..].to_string();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_line_helpers_agree_with_their_unicode_definitions() {
        // fold, script_of and is_token_repetition take a byte path for ASCII
        // lines; it must decide exactly as the character path does.
        let fold_ref = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(|c| c.to_lowercase())
                .collect()
        };
        let repetition_ref = |s: &str| {
            let words: Vec<String> = s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase())
                .collect();
            let mut distinct = words.clone();
            distinct.sort();
            distinct.dedup();
            words.len() >= 3 && distinct.len() * 2 <= words.len()
        };
        for line in [
            "Home | World | Business",
            "Site SITE site news News",
            "Syria Syria Syria Damascus Damascus Aleppo Idlib",
            "The talks open on Monday in Geneva, officials said.",
            "Shr 10 cts vs 12 cts Net 1,000 vs 2,000",
            "a-b c",
            "a",
            " x",
            "x ",
            "1987 , 12",
            "  tab\tand\x0bvertical\x0c feed\r ",
            "",
            "Café — “Quoted” İstanbul ΣΊΣΥΦΟΣ 1½ ١٢٣ Ǆemal ﬁle",
            "’s It’s A\u{a0}B",
        ] {
            assert_eq!(fold(line), fold_ref(line), "{line}");
            assert_eq!(word_count(line), line.split_whitespace().count(), "{line}");
            assert_eq!(is_token_repetition(line), repetition_ref(line), "{line}");
        }
        assert_eq!(fold("Été À-la CAFÉ"), "étéàlacafé");
        assert_eq!(script_of("Hello world"), Some("latin"));
        assert_eq!(script_of("Привет, мир and hi"), Some("cyrillic"));
        assert_eq!(script_of("مرحبا hello"), Some("latin"));
        assert_eq!(script_of("ab عرب"), Some("arabic"));
        assert_eq!(script_of("12 34 !"), None);
    }

    #[test]
    fn gates_never_hide_a_match() {
        // Lines each rule removes, in several cases and scripts, then ordinary
        // text: wherever a regex matches, its gate must be open.
        let positives = [
            "Report Abuse",
            "REPORT AS ABUSE",
            "This discussion is now closed.",
            "Comments are closed",
            "Leave a Reply",
            "Post a comment",
            "Be the first to comment",
            "All rights reserved to Some Media Group 2021 ©",
            "(C) 2019 Example Media",
            "(c)2019",
            "Copyright 2020 Example",
            "ALL RIGHTS RESERVED",
            "© Example 2018",
            "Read also: Rebels agree to talks",
            "RELATED STORIES -",
            "See also：the talks",
            "More on this: x",
            "Recommended: y",
            "2 min read",
            "10 - Minutes READ",
            "5 mins read",
            "Source: AFP",
            "SOURCES : Reuters.",
            "Credit：AP",
            "via: Xinhua",
            "Beirut - Muslimchronicle",
            "BEIRUT — Some Site",
            "Skip to main content :",
            "Follow us",
            "BACK TO TOP",
            "Tags:",
            "Maintained and developed by Example Group SAL.",
            "Senegal vows to hunt down gunmenMaintained and developed by Example Group SAL.",
            "Powered   by WordPress",
            "hosted and maintained by x",
            "Publishing Terms: be civil",
            "Terms of service",
            "Community Guidelines",
            "Rules and conditions:",
            "Facebook Twitter RSS YouTube",
            "Share on FACEBOOK or WhatsApp",
            "Instagram | TikTok | LinkedIn | Pinterest | Telegram",
            "GMT 05:01 2018 Tuesday ,23 January",
            "Wed Jul 20, 2011 9:21 am BST (Reuters) - A fugitive has been arrested.",
            "13 February 12 09:54 GMT The situation has never looked bleaker.",
            "Беирут - Сайт",
            "Sоurce: AFP",
            "Copyright © ٢٠١٨ المصدر",
            "Ｆacebook Ｔwitter",
            "ſource: AFP",
            "KＥLVIN K Facebook Twitter",
        ];
        let mut lines: Vec<String> = positives.iter().map(|s| s.to_string()).collect();
        for seed in [
            include_str!("../../../../corpus/seeds/000_b64acd375978b6dd.txt"),
            include_str!("../../../../corpus/seeds/001_e83ba6dbb6c7a164.txt"),
            include_str!("../../../../corpus/seeds/002_07502308c434ecf0.txt"),
            include_str!("../../../../corpus/seeds/003_3c922fe5c4feece6.txt"),
            include_str!("../../../../corpus/seeds/004_fe58f1c9c5d68111.txt"),
        ] {
            lines.extend(lines_with_spans(seed).into_iter().map(|l| l.text));
        }
        let p = patterns();
        let mut fired = 0;
        for s in &lines {
            let s = s.as_str();
            let g = gates(
                s,
                &fold(s),
                word_count(s),
                literal_gate_words(&CleanSettings::DEFAULT),
            );
            let rules: [(&str, bool, bool); 11] = [
                ("stamp", p.stamp_prefix.is_match(s), g.stamp),
                (
                    "comment_system",
                    p.comment_system.is_match(s),
                    g.comment_system,
                ),
                ("copyright", p.copyright.is_match(s), g.copyright),
                ("read_also", p.read_also.is_match(s), g.read_also),
                ("reading_time", p.reading_time.is_match(s), g.reading_time),
                ("wire_credit", p.wire_credit.is_match(s), g.wire_credit),
                (
                    "lone_dateline",
                    p.lone_dateline.is_match(s),
                    g.lone_dateline,
                ),
                ("nav_line", p.nav_line.is_match(s), g.nav_line),
                ("site_credit", p.site_credit.is_match(s), g.site_credit),
                ("legal", p.legal.is_match(s), g.legal),
                ("social", p.social.is_match(s), g.social),
            ];
            for (name, matched, open) in rules {
                if matched {
                    fired += 1;
                    assert!(open, "the {name} gate hides a match on {s:?}");
                }
            }
        }
        // The positives do exercise the rules.
        assert!(fired >= positives.len(), "{fired}");
        // And a plain sentence opens no literal gate.
        let plain = "The council met on Tuesday and agreed to fund the bridge.";
        let g = gates(
            plain,
            &fold(plain),
            word_count(plain),
            literal_gate_words(&CleanSettings::DEFAULT),
        );
        assert!(!(g.comment_system || g.copyright || g.site_credit || g.social || g.stamp));
    }

    /// The name of the first line rule that applies to `line` in flat text
    /// on a page made of `line` and `rest`.
    fn first_rule(line: &str, rest: &str) -> Option<&'static str> {
        let set = CleanSettings::DEFAULT;
        let text = format!("{line}\n{rest}");
        let folds: Vec<String> = lines_with_spans(&text)
            .iter()
            .map(|l| fold(&l.text))
            .collect();
        let mut repeats: HashMap<&str, usize> = HashMap::new();
        for f in &folds {
            *repeats.entry(f.as_str()).or_default() += 1;
        }
        let page = PageFacts {
            flat: true,
            repeats,
            body_script: script_of(&text),
            set: &set,
        };
        let line_fold = fold(line);
        let words = word_count(line);
        let sentence = is_sentence_like(line);
        let facts = LineFacts {
            text: line,
            fold: &line_fold,
            words,
            sentence,
            gates: gates(line, &line_fold, words, literal_gate_words(&set)),
            stamp: stamp_kind(line, sentence, &set),
        };
        LINE_RULES
            .iter()
            .find(|r| (r.applies)(&facts, &page))
            .map(|r| r.name)
    }

    #[test]
    fn every_line_rule_removes_its_example_first() {
        let arabic = "هذا نص عربي طويل عن الأخبار في المدينة اليوم";
        let examples = [
            ("timestamp", "GMT 05:01 2018 Tuesday ,23 January", ""),
            (
                "headline_glued_to_stamp",
                "Israel apologises to JordanGMT 03:28 2018 Saturday ,20 January",
                "",
            ),
            ("comment_system", "Leave a Reply", ""),
            ("copyright", "© 2021 Example Media", ""),
            ("read_also", "Read also: Talks resume in Geneva", ""),
            ("reading_time", "2 min read", ""),
            ("wire_credit", "Source: AFP", ""),
            ("lone_dateline", "Beirut - Muslimchronicle", ""),
            ("navigation", "Menu", ""),
            ("form_label", "Name *", ""),
            ("site_credit", "Powered by WordPress", ""),
            ("legal", "Publishing Terms: do not copy", ""),
            ("share_bar", "Facebook Twitter RSS YouTube", ""),
            (
                "token_repetition",
                "Syria Syria Syria Damascus Damascus Aleppo",
                "",
            ),
            ("repeated_line", "World news today", "World news today"),
            ("foreign_script", "English edition", arabic),
            ("stated_date", "17 January, 2018", ""),
        ];
        let names: Vec<&str> = LINE_RULES.iter().map(|r| r.name).collect();
        let covered: Vec<&str> = examples.iter().map(|e| e.0).collect();
        assert_eq!(names, covered, "one example per rule, in the rules' order");
        for (name, line, rest) in examples {
            assert_eq!(first_rule(line, rest), Some(name), "{line}");
        }
        assert_eq!(
            first_rule("The talks resume in Geneva on Monday, officials said.", ""),
            None
        );
    }

    #[test]
    fn related_headline_lists_are_removed_with_reasons() {
        let text = "Rebels agree to talks.\nThe talks open on Monday in Geneva, officials said.\nGMT 05:01 2018 Tuesday ,23 January\nSenegal vows to hunt down gunmen\nAll rights reserved to Some Media Group 2021 ©\n";
        let c = clean_text(text, Some("Rebels agree to talks"));
        assert_eq!(
            c.text(),
            "The talks open on Monday in Geneva, officials said."
        );
        let reasons: Vec<&str> = c.removed.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(
            reasons,
            vec![
                "chrome.duplicate_title",
                "chrome.timestamp",
                "chrome.related_headline",
                "chrome.copyright"
            ]
        );
        // Spans point back into the input.
        let r = &c.removed[2];
        assert_eq!(
            &text[r.span.0..r.span.1],
            "Senegal vows to hunt down gunmen"
        );
    }

    #[test]
    fn headlines_over_bare_stamps_are_a_related_list() {
        let text = "Council votes to close the old harbour bridge\n\
            The council voted on Monday to close the bridge, which has carried traffic since 1931.\n\
            Engineers said repairs would cost more than a new crossing.\n\
            Related stories\n\
            Mayor promises new ferry service for the east bank\n\
            5 hours ago\n\
            Storm damage closes coastal road for a week\n\
            Jan 26, 2011\n\
            Fishing fleet returns after record season\n\
            26.01.2011 10:32\n";
        let c = clean_text(text, None);
        let kept = c.text();
        assert!(kept.contains("Engineers said repairs"));
        assert!(!kept.contains("Mayor promises"), "{kept}");
        assert!(!kept.contains("Fishing fleet"), "{kept}");
        assert!(!kept.contains("5 hours ago"), "{kept}");
        assert!(c.removed_with("chrome.related_headline", |t| t.starts_with("Storm damage")));
        // One dated line under a heading is not a list: it stays.
        let single =
            "A short heading\nJan 26, 2011\nThe council voted on Monday to close the bridge.\n";
        assert!(!clean_text(single, None)
            .removed
            .iter()
            .any(|r| r.reason == "chrome.related_headline"));
    }

    #[test]
    fn scraped_text_keeps_its_heaviest_run_of_prose() {
        let para = "The council voted on Monday to close the old bridge, which has carried \
                    traffic across the river since 1931, after engineers found deep cracks.";
        let mut text = String::from("Weather\nSport\nMore sections\nToday's teaser story\n");
        for n in 0..4 {
            text.push_str(&format!("{para} Paragraph {n}.\nA short subheading {n}\n"));
        }
        text.push_str("Popular this week\nTrain fares rise again\nGarden tips for June\nContact\n");
        let c = clean_text(&text, None);
        let kept = c.text();
        assert_eq!(kept.matches("Paragraph").count(), 4, "{kept}");
        assert!(kept.contains("A short subheading 1"), "{kept}");
        assert!(!kept.contains("Garden tips"), "{kept}");
        assert!(c.removed_with("chrome.outside_main", |t| t == "Train fares rise again"));
        // A page of short lines only keeps them.
        let short = "Opening hours\nMonday to Friday\nNine to five\n";
        assert_eq!(clean_text(short, None).paragraphs.len(), 2);
    }

    #[test]
    fn comment_forms_are_removed() {
        let text = "Officials said the bridge would reopen next week after repairs were finished.\nName *\nE-mail *\nComment Title*\nSecurity Code*\nSend your comments\n";
        let c = clean_text(text, Some("Bridge"));
        assert_eq!(c.paragraphs.len(), 1);
        assert_eq!(c.removed.len(), 5);
        assert!(c.removed.iter().all(|r| r.reason == "chrome.form_label"));
    }

    #[test]
    fn title_stated_date_reading_time_and_wire_credit_become_metadata() {
        let text = "Leader calls for unity\n2 min read\n17 January, 2018\nThe leader called for unity on Tuesday, his office said.\nSource: AFP\n";
        let c = clean_text(text, None);
        assert_eq!(c.title.as_ref().unwrap().text, "Leader calls for unity");
        assert_eq!(
            c.stated_date.as_ref().unwrap().date.to_string(),
            "2018-01-17"
        );
        assert_eq!(c.wire_credit.as_deref(), Some("AFP"));
        assert_eq!(
            c.text(),
            "The leader called for unity on Tuesday, his office said."
        );
    }

    #[test]
    fn datelines_are_taken_off_the_first_paragraph() {
        let c = clean_text(
            "BEIRUT: The head of the alliance warned factions on Wednesday.\nMore text follows here today.",
            Some("x"),
        );
        assert_eq!(c.dateline.as_deref(), Some("BEIRUT"));
        assert!(c.paragraphs[0].text.starts_with("The head"));
    }

    #[test]
    fn regression_sentence_naming_social_networks_is_not_a_share_bar() {
        let text = "Jane O'Brien reports on how new technology such as Skype, Facebook and Twitter are a lifeline for those desperate for information.";
        let c = clean_text(text, Some("Twitter spreads news"));
        assert_eq!(c.paragraphs.len(), 1);
        let bar = clean_text(
            "Facebook Twitter RSS YouTube\nThe talks went on, officials said.",
            Some("t"),
        );
        assert_eq!(bar.removed[0].reason, "chrome.share_bar");
    }

    #[test]
    fn regression_one_line_article_is_text_not_title() {
        let c = clean_text(
            "Gulf oil spill's animal victims As BP works to control the oil spill, local wildlife struggle for survival. \"",
            None,
        );
        assert!(c.title.is_none());
        assert_eq!(c.paragraphs.len(), 1);
    }

    #[test]
    fn regression_sentences_mentioning_times_are_kept() {
        let text = "Syria says the jet enters its airspace at 11:40 (08:40 GMT) 3.\nMr Annan said he expected a full ceasefire to take effect by 06:00 (03:00 GMT) on 12 April.\nPatience, patience, patience.";
        let c = clean_text(text, Some("t"));
        assert_eq!(c.paragraphs.len(), 3, "{:?}", c.removed);
    }

    #[test]
    fn leading_stamps_are_metadata_and_the_text_after_them_is_kept() {
        let text = "Wed Jul 20, 2011 9:21 am BST (Reuters) - A fugitive has been arrested, a Serb official said on Wednesday.\n13 February 12 09:54 GMT The situation has never looked bleaker, diplomats said.";
        let c = clean_text(text, Some("t"));
        assert_eq!(c.paragraphs.len(), 2);
        assert!(c.paragraphs[0].text.starts_with("(Reuters) - A fugitive"));
        assert_eq!(c.wire_credit.as_deref(), Some("Reuters"));
        assert!(c.paragraphs[1].text.starts_with("The situation"));
        let stamps: Vec<&str> = c.removed.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            stamps,
            vec!["Wed Jul 20, 2011 9:21 am BST", "13 February 12 09:54 GMT"]
        );
        assert_eq!(
            &text[c.paragraphs[1].start..c.paragraphs[1].start + 13],
            "The situation"
        );
    }

    #[test]
    fn glued_headline_stamps_and_comment_boilerplate_are_chrome() {
        let text = "The talks went on, officials said.\nIsrael apologises to JordanGMT 03:28 2018 Saturday ,20 January\nLast Updated : GMT 09:40:38\nOct 26, 2011 8:07 am EDT -- Report as abuse This discussion is now closed.";
        let c = clean_text(text, Some("t"));
        let reasons: Vec<&str> = c.removed.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(c.paragraphs.len(), 1, "{reasons:?}");
        assert!(reasons.contains(&"chrome.related_headline"));
        assert!(reasons.contains(&"chrome.timestamp"));
        assert!(reasons.contains(&"chrome.comment_system"));
    }

    #[test]
    fn prose_that_repeats_is_kept() {
        let text = "He said the talks would go on.\nHe said the talks would go on.\n";
        let c = clean_text(text, Some("t"));
        assert_eq!(c.paragraphs.len(), 2);
    }

    #[test]
    fn related_headline_glued_to_its_timestamp_is_removed() {
        let text = "Officials said on Tuesday that the talks, which began in Geneva last week, would go on until Friday at least.\nIsrael apologises to JordanGMT 05:36 2018 Monday ,15 January\nSenegal vows to hunt down gunmenMaintained and developed by Example Group SAL.\n";
        let c = clean_text(text, Some("Talks go on"));
        assert_eq!(c.paragraphs.len(), 1, "{:?}", c.paragraphs);
        assert!(c.removed_with("chrome.related_headline", |t| t.starts_with("Israel")));
        assert!(c.removed.iter().any(|r| r.reason == "chrome.site_credit"));
    }

    #[test]
    fn head_run_fragments_go_when_the_head_is_chrome() {
        let text = "after bread price demo\nLast Updated : GMT 09:40:38\nLast Updated : GMT 09:40:38\nThe head of the alliance called on rebels on Tuesday to close ranks in an audio statement released by the group, officials said.\n";
        let c = clean_text(text, Some("Rebels urged to close ranks"));
        assert!(c.removed_with("chrome.head_run", |t| t == "after bread price demo"));
        assert_eq!(c.paragraphs.len(), 1);
    }

    #[test]
    fn the_line_classifier_removes_teasers_the_rules_keep_inside_the_article() {
        let text = "Bridge reopens after two years\n\
            The mayor reopened the bridge over the river on Monday, after works that took almost two years and were halted several times by floods and strikes.\n\
            The old bridge had been closed in 2019 when engineers found deep cracks in its piers that could no longer be repaired, the city said on Monday.\n\
            The new bridge cost about twelve million euros, most of it paid by the state government, a spokesman for the city council told reporters.\n\
            Advertisement\nHoliday deals\nGarden tips for June\nTop ten recipes\n\
            Traffic is expected to flow in both directions from Wednesday, and buses will return to their old routes next week, the city added in a statement.\n\
            Share this article\n* Privacy policy\n* Contact\n";
        let rules_only = CleanSettings {
            line_classifier: false,
            ..CleanSettings::DEFAULT
        };
        let before = clean_text_with(text, None, &rules_only).text();
        assert!(before.contains("Garden tips for June"), "{before}");
        let c = clean_text(text, None);
        let kept = c.text();
        assert!(!kept.contains("Garden tips for June"), "{kept}");
        assert!(c.removed_with("chrome.line_classifier", |t| t == "Garden tips for June"));
        for paragraph in [
            "The mayor reopened",
            "The new bridge cost",
            "Traffic is expected",
        ] {
            assert!(kept.contains(paragraph), "{kept}");
        }
        assert!(!kept.contains("Privacy policy"), "{kept}");
    }

    #[test]
    fn related_labels_in_many_languages_and_their_headlines_are_chrome() {
        let text = "Bridge reopens after two years\n\
            The mayor reopened the bridge over the river on Monday, after works that took almost two years and were halted several times by floods and strikes.\n\
            The old bridge had been closed in 2019 when engineers found deep cracks in its piers that could no longer be repaired, the city said on Monday.\n\
            Zobacz także\nNowy most w Gdańsku otwarty\nRemont dworca potrwa dłużej\n\
            The new bridge cost about twelve million euros, most of it paid by the state government, a spokesman for the city council told reporters.\n\
            Auch lesen: Diese drei Brücken sind die ältesten im Land\n\
            Traffic is expected to flow in both directions from Wednesday, and buses will return to their old routes next week, the city added in a statement.\n\
            See also the report of the engineers, which the city published last year.\n\
            Buses will stop at the new station on both banks of the river, the transport authority said in a short statement on Tuesday afternoon.\n";
        let c = clean_text(text, None);
        let kept = c.text();
        assert!(c.removed_with("chrome.read_also", |t| t == "Zobacz także"));
        assert!(c.removed_with("chrome.related_headline", |t| t.starts_with("Nowy most")));
        assert!(c.removed_with("chrome.related_headline", |t| t.starts_with("Remont")));
        assert!(c.removed_with("chrome.read_also", |t| t.starts_with("Auch lesen")));
        for paragraph in [
            "The mayor reopened",
            "The new bridge cost",
            "Traffic is expected",
            "See also the report",
            "Buses will stop",
        ] {
            assert!(kept.contains(paragraph), "{kept}");
        }
    }

    #[test]
    fn photo_credits_in_scraped_text_are_chrome() {
        let text = "Bridge reopens after two years\n\
            The mayor reopened the bridge over the river on Monday, after works that took almost two years and were halted several times by floods and strikes.\n\
            Foto: Anna Nowak/dpa\n\
            The old bridge had been closed in 2019 when engineers found deep cracks in its piers that could no longer be repaired, the city said on Monday.\n\
            (Imagen: Télam)\n\
            The new bridge cost about twelve million euros, most of it paid by the state government, a spokesman for the city council told reporters.\n\
            Photographers waited on both banks of the river for hours before the first car crossed the bridge.\n\
            Traffic is expected to flow in both directions from Wednesday, and buses will return to their old routes next week, the city added in a statement.\n";
        let c = clean_text(text, None);
        let kept = c.text();
        assert!(c.removed_with("chrome.photo_credit", |t| t.starts_with("Foto:")));
        assert!(c.removed_with("chrome.photo_credit", |t| t.starts_with("(Imagen:")));
        assert!(kept.contains("Photographers waited"), "{kept}");
        assert!(kept.contains("The old bridge"), "{kept}");
    }

    #[test]
    fn line_samples_are_the_lines_the_classifier_decides() {
        let text = "Bridge reopens\n\
            The mayor reopened the bridge over the river on Monday, after works that took almost two years.\n\
            The old bridge had been closed in 2019 when engineers found deep cracks in its piers.\n\
            The new bridge cost about twelve million euros, most of it paid by the state government.\n\
            Share this article\nFacebook Twitter RSS YouTube\n";
        let samples = line_samples(text, &CleanSettings::DEFAULT);
        let texts: Vec<&str> = samples.iter().map(|s| s.text.as_str()).collect();
        // The title and the share bar a rule named are not the classifier's.
        assert!(!texts.contains(&"Bridge reopens"), "{texts:?}");
        assert!(
            !texts.contains(&"Facebook Twitter RSS YouTube"),
            "{texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.starts_with("The mayor")),
            "{texts:?}"
        );
        assert!(samples
            .iter()
            .all(|s| s.features.values.iter().all(|v| v.is_finite())));
        // A page of short lines has no article body: nothing to decide.
        assert!(
            line_samples("Opening hours\nMonday to Friday\n", &CleanSettings::DEFAULT).is_empty()
        );
    }
}
