//! Clean stage: chrome removal for already-scraped text.
//!
//! Owns the per-line classification of a scraped page into article text,
//! metadata (title, stated date, dateline, wire credit) and chrome (related
//! headline lists, comment forms, copyright lines, repeated site names, share
//! bars, "Read Also:" links, reading-time notes). Every removed line is kept as
//! a [`RemovedBlock`] with the rule that removed it. The rules look at the shape
//! of a line and its neighbours, never at one site's wording.

use crate::dates::{find_absolute_dates, TextDate};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;
use storyline_model::RemovedBlock;

/// A line of text with its byte span in the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// What cleaning made of a scraped text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CleanedText {
    pub title: Option<Span>,
    /// Article paragraphs in order.
    pub paragraphs: Vec<Span>,
    pub removed: Vec<RemovedBlock>,
    /// A publication date stated on a line of its own ("17 January, 2018").
    pub stated_date: Option<TextDate>,
    /// A dateline place ("BEIRUT", "Beirut").
    pub dateline: Option<String>,
    /// The wire agency credited ("AFP", "Reuters").
    pub wire_credit: Option<String>,
}

impl CleanedText {
    /// The article text: paragraphs separated by blank lines.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.paragraphs.iter().map(|p| p.text.as_str()).collect();
        parts.join("\n\n")
    }
}

struct Patterns {
    timestamp: Regex,
    copyright: Regex,
    read_also: Regex,
    reading_time: Regex,
    wire_credit: Regex,
    wire_paren: Regex,
    dateline: Regex,
    lone_dateline: Regex,
    form_word: Regex,
    nav_line: Regex,
    social: Regex,
    legal: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        // "GMT 05:01 2018 Tuesday ,23 January", "Last Updated : GMT 09:40:38",
        // "09:40 AM, January 23, 2018".
        timestamp: Regex::new(
            r"(?i)(\b(GMT|UTC)\s*\d{1,2}:\d{2}(:\d{2})?\b|\b\d{1,2}:\d{2}(:\d{2})?\s*(AM|PM|GMT|UTC)\b|last updated\s*:)",
        )
        .unwrap(),
        copyright: Regex::new(r"(?i)(©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved)").unwrap(),
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
        form_word: Regex::new(
            r"(?i)\b(comments?|e-?mail|name|captcha|security code|characters left|mandatory|required|submit|terms of (use|service)|i agree|log ?in|sign (in|up)|subscribe|newsletter|reply|your comment|website)\b",
        )
        .unwrap(),
        nav_line: Regex::new(
            r"(?i)^(search|menu|home|share|print|email|follow us|advertisement|skip to (main )?content|helpful keywords|tags?|keywords|back to top|close|next|previous|more)\s*:?$",
        )
        .unwrap(),
        // "Publishing Terms: ...", "Terms of use", "Comment rules: ..."
        legal: Regex::new(r"(?i)^((publishing|posting|comment(ing)?|community)\s+)?(terms|rules|guidelines)(\s+(of\s+(use|service)|and\s+conditions))?\s*(:|$)").unwrap(),
        social: Regex::new(r"(?i)\b(facebook|twitter|rss|youtube|instagram|whatsapp|telegram|linkedin|pinterest|tiktok)\b").unwrap(),
    })
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A comment-form or login-form label: "Name *", "E-mail", "Security Code*",
/// "Send your comments".
fn is_form_label(s: &str, words: usize, sentence: bool) -> bool {
    (s.trim_end().ends_with('*') && words <= 6)
        || (patterns().form_word.is_match(s) && words <= 8 && !sentence)
}

/// Ends the way a sentence of prose ends.
fn is_sentence_like(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with(['.', '!', '?', '"', '”', '’', '\'', ')', ':', ';', '…'])
}

/// Lowercased alphanumerics only, for comparing lines that differ in case,
/// quotes or spacing.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// The dominant script of a text: Latin, Arabic, Cyrillic, CJK or other.
fn script_of(s: &str) -> Option<&'static str> {
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        let script = match c as u32 {
            0x0041..=0x024F => "latin",
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => "arabic",
            0x0400..=0x04FF => "cyrillic",
            0x4E00..=0x9FFF | 0x3040..=0x30FF | 0xAC00..=0xD7AF => "cjk",
            0x0590..=0x05FF => "hebrew",
            _ => "other",
        };
        *counts.entry(script).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(name, n)| (*n, *name))
        .map(|(name, _)| name)
}

/// A line where few distinct words repeat ("site site site", or a headline
/// written twice as a keyword list).
fn is_token_repetition(s: &str) -> bool {
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
    let p = patterns();
    let lines = lines_with_spans(text);
    let mut labels = vec![Label::Article; lines.len()];

    // Lines that repeat inside one page are site chrome unless they read as prose.
    let mut repeats: HashMap<String, usize> = HashMap::new();
    for l in &lines {
        *repeats.entry(fold(&l.text)).or_default() += 1;
    }
    let body_script = script_of(text);

    for (i, l) in lines.iter().enumerate() {
        let s = l.text.as_str();
        let words = word_count(s);
        let sentence = is_sentence_like(s);
        labels[i] = if p.timestamp.is_match(s) && words <= 25 {
            Label::Chrome("chrome.timestamp")
        } else if p.copyright.is_match(s) && words <= 30 {
            Label::Chrome("chrome.copyright")
        } else if p.read_also.is_match(s) && words <= 25 {
            Label::Chrome("chrome.read_also")
        } else if p.reading_time.is_match(s) {
            Label::Chrome("chrome.reading_time")
        } else if p.wire_credit.is_match(s) {
            Label::Meta("meta.wire_credit")
        } else if p.lone_dateline.is_match(s) && !sentence {
            Label::Meta("meta.dateline")
        } else if p.nav_line.is_match(s) {
            Label::Chrome("chrome.navigation")
        } else if is_form_label(s, words, sentence) {
            Label::Chrome("chrome.form_label")
        } else if p.legal.is_match(s) {
            Label::Chrome("chrome.legal")
        } else if p.social.find_iter(s).count() >= 2 && words <= 40 {
            Label::Chrome("chrome.share_bar")
        } else if is_token_repetition(s) {
            Label::Chrome("chrome.repetition")
        } else if repeats[&fold(s)] >= 2 && words <= 12 && !sentence {
            Label::Chrome("chrome.repeated_line")
        } else if words <= 12 && body_script.is_some() && script_of(s) != body_script {
            Label::Chrome("chrome.foreign_script")
        } else if !sentence && words <= 6 && find_absolute_dates(s).len() == 1 {
            let d = &find_absolute_dates(s)[0];
            if d.span.1 - d.span.0 + 3 >= s.len() {
                Label::Meta("meta.stated_date")
            } else {
                Label::Article
            }
        } else {
            Label::Article
        };
    }

    // A short line that follows a timestamp line is the headline of a related
    // link ("GMT 05:01 2018 Tuesday ,23 January" / "Senegal vows to hunt down gunmen").
    for i in 1..lines.len() {
        if labels[i - 1] == Label::Chrome("chrome.timestamp")
            && labels[i] == Label::Article
            && word_count(&lines[i].text) <= 15
            && !lines[i].text.ends_with('.')
        {
            labels[i] = Label::Chrome("chrome.related_headline");
        }
    }

    // Title: the stated one, else the first short line that is not prose. A
    // headline often repeats on the page, so a line removed only for repeating
    // still counts as a candidate.
    let mut title: Option<Span> = None;
    let title_fold = stated_title.map(fold);
    if stated_title.is_none() {
        let candidate = labels
            .iter()
            .position(|l| matches!(l, Label::Article | Label::Chrome("chrome.repeated_line")));
        if let Some(i) = candidate {
            let s = &lines[i].text;
            if word_count(s) <= 25 && !s.ends_with('.') {
                labels[i] = Label::Title;
                title = Some(lines[i].clone());
            }
        }
    }
    let title_key = title_fold.or_else(|| title.as_ref().map(|t| fold(&t.text)));
    if let Some(key) = title_key.filter(|k| k.len() >= 8) {
        for (i, l) in lines.iter().enumerate() {
            if matches!(
                labels[i],
                Label::Article | Label::Chrome("chrome.repeated_line")
            ) {
                let f = fold(&l.text);
                if f == key || (f.ends_with(&key) && word_count(&l.text) <= 40) {
                    labels[i] = Label::Chrome("chrome.duplicate_title");
                    // Prefer the copy written with capitals ("Syria jihadist
                    // chief ..." over "syria jihadist chief ...").
                    if let Some(t) = title.as_mut() {
                        let caps = |s: &str| s.chars().filter(|c| c.is_uppercase()).count();
                        if f == key && caps(&l.text) > caps(&t.text) {
                            t.text = l.text.clone();
                        }
                    }
                }
            }
        }
    }

    let mut out = CleanedText {
        title,
        ..CleanedText::default()
    };
    for (i, l) in lines.into_iter().enumerate() {
        match labels[i] {
            Label::Article => {
                let mut l = l;
                if out.paragraphs.is_empty() && out.dateline.is_none() {
                    strip_dateline(&mut l, &mut out);
                }
                if let Some(c) = p.wire_paren.captures(&l.text) {
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
    out
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
    fn prose_that_repeats_is_kept() {
        let text = "He said the talks would go on.\nHe said the talks would go on.\n";
        let c = clean_text(text, Some("t"));
        assert_eq!(c.paragraphs.len(), 2);
    }
}
