//! Entity mentions in Arabic script (Arabic, Persian, Urdu). The script has
//! no capital letters, so names are found by what surrounds them:
//!
//! - the gazetteer (`lexicon::ARABIC_PLACES`, `lexicon::ARABIC_ORGS`), also
//!   behind a one-letter clitic ("بدمشق", "وسوريا"): places and organisations;
//! - a title or role, with the ministry and nationality words that extend it
//!   ("الرئيس السوري بشار الأسد", "وزير الخارجية التركي ..."): persons;
//! - personal-name elements: kunya ("أبو محمد الجولاني"), nasab ("محمد بن
//!   سلمان") and عبد with a divine name ("عبد الفتاح السيسي"): persons;
//! - a speech verb before the subject ("قال ...", "أعلن ..."): persons;
//! - an organisation word in construct state ("هيئة تحرير الشام"):
//!   organisations;
//! - a person name found so, repeated elsewhere in the text (whole, or its
//!   last word when that is a family name with the article): persons.
//!
//! A name stops at punctuation, a function word, a verb, a title or a
//! preposition with the article attached ("بالقرب", "للرئيس"). Spans are byte
//! offsets in the text, on character boundaries, without the clitic.

use super::lexicon::arabic;
use super::names::name_key;
use super::translit::{is_arabic_char, normalise_arabic};
use storyline_model::{EntityKind, Mention, Provenance};

/// Longest person name, in words ("أبو محمد الجولاني" is three).
const MAX_NAME_WORDS: usize = 4;
/// Longest organisation name after its organisation word.
const MAX_ORG_WORDS: usize = 3;
/// Longest role after a title ("وزير الخارجية التركي").
const MAX_ROLE_WORDS: usize = 4;

/// One Arabic-script word.
#[derive(Clone, Debug)]
struct Tok {
    start: usize,
    end: usize,
    /// The word, normalised.
    norm: String,
    /// Punctuation, a line break or anything not Arabic lies before it.
    break_before: bool,
}

/// True when the whitespace-separated token around `pos` is a link or an
/// address ("https://ar.wikipedia.org/wiki/دمشق"): no names inside.
fn in_link(text: &str, pos: usize) -> bool {
    let start = text[..pos].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[pos..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| pos + i);
    let token = &text[start..end];
    token.contains("://") || token.starts_with("www.") || token.contains('@')
}

/// The Arabic-script words of a text, outside links. Persian zero-width
/// non-joiners stay inside their word.
fn tokens(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let is_word = |c: char| is_arabic_char(c) || c == '\u{200C}';
    let push = |s: usize, e: usize, last_end: &mut usize, out: &mut Vec<Tok>| {
        // A word does not start or end with a joiner.
        let w = text[s..e].trim_matches('\u{200C}');
        if w.is_empty() {
            return;
        }
        let s = s + text[s..e].find(w).unwrap_or(0);
        let e = s + w.len();
        // Letters of another script glued to it: not an Arabic word.
        let glued = text[..s]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            || text[e..].chars().next().is_some_and(char::is_alphanumeric);
        if glued || in_link(text, s) {
            return;
        }
        let gap = &text[*last_end..s];
        let break_before = out.is_empty()
            || gap
                .chars()
                .any(|c| !(c == ' ' || c == '\u{a0}' || c == '\u{200F}' || c == '\u{200E}'));
        out.push(Tok {
            start: s,
            end: e,
            norm: normalise_arabic(w),
            break_before,
        });
        *last_end = e;
    };
    for (i, c) in text.char_indices() {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                push(s, i, &mut last_end, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut last_end, &mut out);
    }
    out
}

/// One-letter proclitics: the conjunctions و ف and the prepositions ب ل ك.
const CONJUNCTIONS: [char; 2] = ['و', 'ف'];
const PREPOSITIONS: [char; 3] = ['ب', 'ل', 'ك'];

/// The word's readings without proclitics: (bytes stripped, rest), the
/// word itself first.
fn readings(norm: &str) -> Vec<(usize, &str)> {
    let mut out = vec![(0, norm)];
    let mut rest = norm;
    let mut stripped = 0;
    for set in [&CONJUNCTIONS[..], &PREPOSITIONS[..]] {
        if let Some(c) = rest.chars().next().filter(|c| set.contains(c)) {
            let after = &rest[c.len_utf8()..];
            if after.chars().count() >= 2 {
                stripped += c.len_utf8();
                rest = after;
                out.push((stripped, rest));
            }
        }
    }
    out
}

/// The first reading of a word the predicate accepts: the bytes of the
/// normalised word its proclitics take.
fn reading(t: &Tok, pred: impl Fn(&str) -> bool) -> Option<usize> {
    readings(&t.norm)
        .into_iter()
        .find(|(_, r)| pred(r))
        .map(|(n, _)| n)
}

/// Bytes in the text a proclitic of `norm_bytes` normalised bytes takes (the
/// proclitic letters carry no diacritics they could lose).
fn text_offset(text: &str, t: &Tok, norm_bytes: usize) -> usize {
    if norm_bytes == 0 {
        return t.start;
    }
    let letters = t.norm[..norm_bytes].chars().count();
    let mut seen = 0;
    for (i, c) in text[t.start..t.end].char_indices() {
        if seen == letters {
            return t.start + i;
        }
        // Diacritics and tatweel are not letters of the normalised word.
        if !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}') {
            seen += 1;
        }
    }
    t.start
}

/// A preposition or conjunction with the article attached ("بالقرب",
/// "للرئيس", "والجيش"): a name does not go on through it.
fn clitic_with_article(norm: &str) -> bool {
    ["بال", "لل", "كال", "وال", "فال", "وبال", "ولل"]
        .iter()
        .any(|p| norm.starts_with(p) && norm.chars().count() > p.chars().count() + 1)
}

fn is_speech(t: &Tok) -> bool {
    reading(t, arabic::is_speech_verb).is_some()
}

fn is_title(t: &Tok) -> bool {
    reading(t, arabic::is_title).is_some()
}

/// A nationality or relation adjective with the article ("السوري",
/// "التركية"): it extends a title into a role.
fn is_nisba_adjective(t: &Tok) -> bool {
    t.norm.starts_with("ال")
        && t.norm.chars().count() >= 5
        && (t.norm.ends_with('ي') || t.norm.ends_with("ية"))
}

/// A word that can be part of a person's name.
fn name_like(t: &Tok) -> bool {
    let n = t.norm.as_str();
    n.chars().count() >= 2
        && !arabic::is_stopword(n)
        && !is_speech(t)
        && !is_title(t)
        && !arabic::is_org_word(n)
        && !arabic::is_role_word(n)
        && !clitic_with_article(n)
        && arabic::gazetteer_entry(n).is_none()
        && readings(n)
            .iter()
            .skip(1)
            .all(|(_, r)| !arabic::is_stopword(r) && !arabic::is_speech_verb(r))
}

/// The end (exclusive) of the gazetteer name that starts at `i`, the bytes
/// of its proclitic, its English name and whether it is a place.
fn gazetteer_at(toks: &[Tok], i: usize) -> Option<(usize, usize, bool)> {
    let max = arabic::gazetteer_max_words();
    for len in (1..=max).rev() {
        if i + len > toks.len() || toks[i + 1..i + len].iter().any(|t| t.break_before) {
            continue;
        }
        for (strip, first) in readings(&toks[i].norm) {
            let mut words = vec![first.to_string()];
            words.extend(toks[i + 1..i + len].iter().map(|t| t.norm.clone()));
            if let Some(&(_, place)) = arabic::gazetteer().get(&words) {
                return Some((i + len, strip, place));
            }
        }
    }
    None
}

/// The end (exclusive) of a person name starting at `i`: given names,
/// kunya, nasab and عبد with its divine name, then at most one family name
/// or nisba. `None` when no name starts there.
fn person_at(toks: &[Tok], i: usize) -> Option<usize> {
    let mut k = i;
    let joined = |k: usize| k < toks.len() && (k == i || !toks[k].break_before);
    while joined(k) && k - i < MAX_NAME_WORDS {
        let t = &toks[k];
        let n = t.norm.as_str();
        if (arabic::is_kunya(n) || arabic::is_abd(n) || arabic::is_nasab(n))
            && joined(k + 1)
            && (name_like(&toks[k + 1]) || arabic::is_theophoric(&toks[k + 1].norm))
        {
            if k - i + 2 > MAX_NAME_WORDS {
                break;
            }
            k += 2;
            continue;
        }
        if !name_like(t) {
            break;
        }
        k += 1;
    }
    (k > i).then_some(k)
}

/// The name has a personal-name element (kunya, nasab, عبد).
fn has_name_element(toks: &[Tok]) -> bool {
    toks.iter().any(|t| {
        let n = t.norm.as_str();
        arabic::is_kunya(n) || arabic::is_abd(n) || arabic::is_nasab(n)
    })
}

struct Found {
    start: usize,
    end: usize,
    kind: EntityKind,
    rule: &'static str,
    confidence: f32,
    role: Option<(usize, usize)>,
}

impl Found {
    /// A person's name at the byte span `(start, end)`, with no role.
    fn person((start, end): (usize, usize), rule: &'static str, confidence: f32) -> Found {
        Found {
            start,
            end,
            kind: EntityKind::Person,
            rule,
            confidence,
            role: None,
        }
    }
}

/// Finds the Arabic-script entity mentions of a text, in text order.
pub fn find_arabic_mentions(text: &str) -> Vec<Mention> {
    if !text.chars().any(is_arabic_char) {
        return Vec::new();
    }
    let toks = tokens(text);
    let mut found: Vec<Found> = Vec::new();
    // Person names found: word range, and whether a title or name element
    // (not only a speech verb) said so.
    let mut persons: Vec<(usize, usize, bool)> = Vec::new();
    let span = |a: usize, b: usize| (toks[a].start, toks[b - 1].end);
    let mut i = 0;
    while i < toks.len() {
        // A gazetteer place or organisation.
        if let Some((end, strip, place)) = gazetteer_at(&toks, i) {
            found.push(Found {
                start: text_offset(text, &toks[i], strip),
                end: toks[end - 1].end,
                kind: if place {
                    EntityKind::Place
                } else {
                    EntityKind::Organisation
                },
                rule: "entity.gazetteer",
                confidence: 0.9,
                role: None,
            });
            i = end;
            continue;
        }
        // A title, its role words, then a name.
        if let Some(strip) = reading(&toks[i], arabic::is_title) {
            let role_start = text_offset(text, &toks[i], strip);
            let mut k = i + 1;
            while k < toks.len() && !toks[k].break_before && k - i <= MAX_ROLE_WORDS {
                let t = &toks[k];
                if arabic::is_role_word(&t.norm) || is_nisba_adjective(t) || is_title(t) {
                    k += 1;
                } else if let Some((end, strip, true)) = gazetteer_at(&toks, k) {
                    // "رئيس سوريا": the place is a mention of its own.
                    found.push(Found {
                        start: text_offset(text, t, strip),
                        end: toks[end - 1].end,
                        kind: EntityKind::Place,
                        rule: "entity.gazetteer",
                        confidence: 0.9,
                        role: None,
                    });
                    k = end;
                } else {
                    break;
                }
            }
            let role = (role_start, toks[k - 1].end);
            // "زعيم هيئة تحرير الشام أبو محمد الجولاني": the organisation
            // of the role, then the person.
            let mut name_start = k;
            if k < toks.len() && !toks[k].break_before {
                if let Some((org, org_end)) = org_word_mention(&toks, k) {
                    found.push(org);
                    name_start = org_end;
                }
            }
            if name_start < toks.len() && !toks[name_start].break_before {
                if let Some(end) = person_at(&toks, name_start) {
                    found.push(Found {
                        role: Some(role),
                        ..Found::person(span(name_start, end), "entity.title", 0.9)
                    });
                    persons.push((name_start, end, true));
                    i = end;
                    continue;
                }
            }
            i = name_start.max(i + 1);
            continue;
        }
        // An organisation word in construct state.
        if let Some((org, end)) = org_word_mention(&toks, i) {
            found.push(org);
            i = end;
            continue;
        }
        // A name with a kunya, nasab or عبد (a given name may open it:
        // "محمد بن سلمان").
        let opens_element = |k: usize| {
            k < toks.len() && {
                let n = toks[k].norm.as_str();
                arabic::is_kunya(n) || arabic::is_abd(n)
            }
        };
        let nasab_next = i + 1 < toks.len()
            && !toks[i + 1].break_before
            && arabic::is_nasab(&toks[i + 1].norm)
            && name_like(&toks[i]);
        if opens_element(i) || nasab_next {
            if let Some(end) = person_at(&toks, i) {
                if end >= i + 2 && has_name_element(&toks[i..end]) {
                    found.push(Found::person(span(i, end), "entity.kunya", 0.8));
                    persons.push((i, end, true));
                    i = end;
                    continue;
                }
            }
        }
        // A speech verb, then its subject.
        if is_speech(&toks[i]) {
            let q = i + 1;
            if q < toks.len() && !toks[q].break_before {
                let cue_next = is_title(&toks[q])
                    || opens_element(q)
                    || arabic::is_org_word(&toks[q].norm)
                    || gazetteer_at(&toks, q).is_some();
                if !cue_next {
                    if let Some(end) = person_at(&toks, q) {
                        let words = &toks[q..end];
                        let after_is_that = toks
                            .get(end)
                            .is_some_and(|t| matches!(t.norm.as_str(), "ان" | "انه" | "انها"));
                        // The subject ends the clause's head: "إن", a
                        // function word or punctuation follows it.
                        let closed = toks
                            .get(end)
                            .is_none_or(|t| t.break_before || arabic::is_stopword(&t.norm));
                        let family_name = words.len() == 1 && is_nisba_adjective(&words[0]);
                        let bare_name =
                            words.len() == 1 && after_is_that && !words[0].norm.starts_with("ال");
                        // A given name opens a full name: no article, and
                        // not a noun in construct state ("مشروعية ...").
                        let given = &words[0].norm;
                        let full_name =
                            words.len() >= 2 && !given.starts_with("ال") && !given.ends_with('ة');
                        if closed && (full_name || family_name || bare_name) {
                            found.push(Found::person(span(q, end), "entity.speaker_context", 0.7));
                            persons.push((q, end, false));
                            i = end;
                            continue;
                        }
                    }
                }
            }
        }
        i += 1;
    }
    repeat_known_names(text, &toks, &persons, &mut found);
    found.sort_by_key(|f| f.start);
    found
        .into_iter()
        .filter_map(|f| {
            let surface = &text[f.start..f.end];
            let key = name_key(surface);
            if key.chars().count() < 2 {
                return None;
            }
            Some(Mention {
                text: surface.to_string(),
                key,
                kind: f.kind,
                role: f.role.map(|(s, e)| text[s..e].to_string()),
                alias_of: None,
                provenance: Provenance::new(f.rule, f.confidence).with_span(f.start, f.end),
            })
        })
        .collect()
}

/// The organisation named from an organisation word at `i` in construct
/// state ("هيئة تحرير الشام"), and the end (exclusive) of its words; `None`
/// when `i` is no organisation word or no name follows it.
fn org_word_mention(toks: &[Tok], i: usize) -> Option<(Found, usize)> {
    if !arabic::is_org_word(&toks[i].norm) {
        return None;
    }
    let end = org_at(toks, i);
    (end > i + 1).then(|| {
        let org = Found {
            start: toks[i].start,
            end: toks[end - 1].end,
            kind: EntityKind::Organisation,
            rule: "entity.org_word",
            confidence: 0.8,
            role: None,
        };
        (org, end)
    })
}

/// The end (exclusive) of an organisation name opened by the organisation
/// word at `i`: the words after it, up to a function word, verb, title or
/// personal-name element.
fn org_at(toks: &[Tok], i: usize) -> usize {
    let mut k = i + 1;
    while k < toks.len() && !toks[k].break_before && k - i <= MAX_ORG_WORDS {
        let t = &toks[k];
        let n = t.norm.as_str();
        let stop = arabic::is_stopword(n)
            || is_speech(t)
            || is_title(t)
            || arabic::is_kunya(n)
            || arabic::is_abd(n)
            || clitic_with_article(n)
            || n.chars().count() < 2;
        if stop {
            break;
        }
        k += 1;
    }
    // An organisation's name has a definite or a known word ("هيئة تحرير
    // الشام", "حركة حماس"); "تنظيم انتخابات حرة" is a phrase.
    let named = toks[i + 1..k]
        .iter()
        .any(|t| t.norm.starts_with("ال") || arabic::gazetteer_entry(&t.norm).is_some());
    if named {
        k
    } else {
        i + 1
    }
}

/// Person names found by a cue, repeated elsewhere: the whole name, or its
/// last word when that is a family name with the article ("الجولاني") and a
/// title or name element (not only a speech verb) found the name.
fn repeat_known_names(
    text: &str,
    toks: &[Tok],
    persons: &[(usize, usize, bool)],
    found: &mut Vec<Found>,
) {
    let mut names: Vec<Vec<&str>> = Vec::new();
    for &(s, e, strong) in persons {
        let words: Vec<&str> = toks[s..e].iter().map(|t| t.norm.as_str()).collect();
        let last = *words.last().unwrap_or(&"");
        if strong && words.len() >= 2 && last.starts_with("ال") && last.chars().count() >= 5 {
            names.push(vec![last]);
        }
        names.push(words);
    }
    if names.is_empty() {
        return;
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    let covered =
        |found: &[Found], s: usize, e: usize| found.iter().any(|f| f.start < e && s < f.end);
    let mut i = 0;
    while i < toks.len() {
        let hit = names.iter().find(|n| {
            i + n.len() <= toks.len()
                && toks[i + 1..i + n.len()].iter().all(|t| !t.break_before)
                && toks[i..i + n.len()]
                    .iter()
                    .zip(n.iter())
                    .enumerate()
                    .all(|(k, (t, w))| {
                        // The first word may carry a proclitic ("والجولاني").
                        if k == 0 {
                            readings(&t.norm).iter().any(|(_, r)| r == w)
                        } else {
                            t.norm == *w
                        }
                    })
        });
        if let Some(n) = hit {
            let len = n.len();
            let first = &toks[i];
            let strip = readings(&first.norm)
                .into_iter()
                .find(|(_, r)| *r == n[0])
                .map_or(0, |(b, _)| b);
            let s = text_offset(text, first, strip);
            let e = toks[i + len - 1].end;
            if !covered(found, s, e) {
                found.push(Found::person((s, e), "entity.known_name", 0.6));
            }
            i += len;
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, EntityKind, String)> {
        find_arabic_mentions(text)
            .into_iter()
            .map(|m| (m.text, m.kind, m.provenance.rule))
            .collect()
    }

    fn has(ms: &[(String, EntityKind, String)], name: &str, kind: EntityKind) -> bool {
        ms.iter().any(|(t, k, _)| t == name && *k == kind)
    }

    #[test]
    fn title_then_name() {
        let ms = found("قال الرئيس السوري بشار الأسد إن الحرب لم تنته بعد.");
        assert!(has(&ms, "بشار الأسد", EntityKind::Person), "{ms:?}");
        let m = find_arabic_mentions("قال الرئيس السوري بشار الأسد إن الحرب لم تنته.");
        assert_eq!(m[0].role.as_deref(), Some("الرئيس السوري"));
    }

    #[test]
    fn kunya_names_and_known_names() {
        let t = "أعلن أبو محمد الجولاني أن الهجوم سيستمر. ويقود الجولاني الهيئة منذ سنوات.";
        let ms = found(t);
        assert!(has(&ms, "أبو محمد الجولاني", EntityKind::Person), "{ms:?}");
        assert!(
            ms.iter().any(|(n, k, r)| n == "الجولاني"
                && *k == EntityKind::Person
                && r == "entity.known_name"),
            "{ms:?}"
        );
    }

    #[test]
    fn places_behind_clitics() {
        let ms = found("وصل الوفد إلى دمشق قادما من بغداد، ثم توجه بالطائرة لإدلب وسوريا.");
        for p in ["دمشق", "بغداد", "إدلب", "سوريا"] {
            assert!(has(&ms, p, EntityKind::Place), "{p}: {ms:?}");
        }
    }

    #[test]
    fn organisations_by_word_and_gazetteer() {
        let ms = found("وقالت هيئة تحرير الشام في بيان إن الأمم المتحدة لم ترد.");
        assert!(
            has(&ms, "هيئة تحرير الشام", EntityKind::Organisation),
            "{ms:?}"
        );
        assert!(has(&ms, "الأمم المتحدة", EntityKind::Organisation), "{ms:?}");
    }

    #[test]
    fn common_nouns_after_speech_verbs_are_not_names() {
        let ms = found("قالت الوزارة إن القصف استهدف المدينة. وقال مصدر عسكري إن الهجوم فشل.");
        assert!(
            ms.iter().all(|(_, k, _)| *k != EntityKind::Person),
            "{ms:?}"
        );
    }

    #[test]
    fn no_names_from_numbers_or_latin() {
        let ms = found("٢٠٢٣ 2023 https://example.com/%D8%A7 ١٥٠ قتيلا");
        assert!(ms.is_empty(), "{ms:?}");
    }
}
