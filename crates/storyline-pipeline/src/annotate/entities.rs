//! Entity mentions: capitalised name sequences (with Arabic particles such as
//! "al-", "bin", "Abu"), titles and roles before them, acronyms the text
//! defines, stated aliases ("X, known as Y") and possessives, each typed as a
//! person, organisation or place by its words and its context.

use super::lexicon;
use super::names::{acronym_of, is_acronym, name_key};
use std::collections::HashMap;
use storyline_model::{EntityKind, Mention, Provenance};

/// A word of the text with its byte span.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Splits text into words (letters, digits, apostrophes and inner hyphens)
/// with byte spans; punctuation between words is left out.
pub(crate) fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' || c == '.';
    for (i, c) in text.char_indices() {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                push_word(text, s, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push_word(text, s, text.len(), &mut out);
    }
    super::prose::drop_non_prose(text, &mut out);
    out
}

fn push_word<'a>(text: &'a str, mut s: usize, mut e: usize, out: &mut Vec<Word<'a>>) {
    // Trim leading/trailing punctuation that is_word let in.
    while s < e && !text[s..].starts_with(|c: char| c.is_alphanumeric()) {
        s += text[s..].chars().next().map_or(1, char::len_utf8);
    }
    while e > s {
        let last = text[..e].chars().next_back().unwrap();
        // Keep the dot of an abbreviation ("Gen.", "U.S."), drop a sentence's.
        if last.is_alphanumeric() {
            break;
        }
        if last == '.' {
            let w = &text[s..e - 1];
            if lexicon::is_abbreviation(w)
                || (w.len() == 1 && w.chars().all(char::is_uppercase))
                || is_dotted_initials(w)
            {
                break;
            }
        }
        e -= last.len_utf8();
    }
    if s < e {
        out.push(Word {
            text: &text[s..e],
            start: s,
            end: e,
        });
    }
}

/// A weekday or month name, in full or abbreviated ("Sat", "Apr."), or a
/// time zone of a wire dateline ("EDT", "GMT").
fn is_calendar_word(w: &str) -> bool {
    let l = w.trim_end_matches('.').to_lowercase();
    crate::extract::dates::month_number(&l).is_some()
        || crate::extract::dates::WEEKDAY_NAMES
            .iter()
            .any(|d| *d == l || (l.len() == 3 && d.starts_with(&l)))
        || matches!(
            w,
            "GMT" | "UTC" | "BST" | "CET" | "CEST" | "EST" | "EDT" | "CST" | "CDT" | "PST" | "PDT"
        )
}

/// A month's full name ("June", also a first name), not an abbreviation.
fn is_full_month(w: &str) -> bool {
    let l = w.to_lowercase();
    crate::extract::dates::month_number(&l).is_some()
        && (l.len() > 4 || matches!(l.as_str(), "may" | "june" | "july"))
}

/// Two dotted initials of a first name ("P.J", "A.Q"), not a dotted
/// abbreviation of a country, body or city ("U.S", "U.N", "D.C").
fn is_dotted_initials(w: &str) -> bool {
    let w = w.strip_suffix('.').unwrap_or(w);
    let b = w.as_bytes();
    b.len() == 3
        && b[0].is_ascii_uppercase()
        && b[1] == b'.'
        && b[2].is_ascii_uppercase()
        && !lexicon::is_abbreviation(w)
        && !matches!(w, "D.C" | "L.A" | "N.Y" | "N.J" | "S.F" | "H.K")
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// "al-Jolani", "el-Sisi", "bin", "ibn": lower-case parts of a name.
fn is_name_particle(w: &str) -> bool {
    let lower = w.to_lowercase();
    if let Some((head, rest)) = lower.split_once('-') {
        if lexicon::ARABIC_ARTICLES.contains(&head) && !rest.is_empty() {
            return w[head.len() + 1..].starts_with(|c: char| c.is_uppercase());
        }
    }
    matches!(
        w,
        "bin"
            | "ibn"
            | "bint"
            | "ben"
            | "van"
            | "von"
            | "der"
            | "de"
            | "da"
            | "di"
            | "du"
            | "la"
            | "al"
            | "el"
    )
}

/// True when the byte position starts a sentence (after . ! ? : a newline or
/// an opening quote at the start of the text).
pub(crate) fn sentence_start(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end_matches(|c: char| {
        c == ' ' || c == '"' || c == '“' || c == '‘' || c == '\'' || c == '(' || c == '\t'
    });
    before.is_empty()
        || before.ends_with(['.', '!', '?', '\n', ':', '”'])
        || before.ends_with(".\"")
}

/// Finds the entity mentions of a text.
pub fn find_mentions(text: &str) -> Vec<Mention> {
    let ws = split_compounds(text, words(text));
    let headline = title_case_lines(text);
    let in_headline = |pos: usize| headline.iter().any(|&(s, e)| pos >= s && pos < e);
    let mut mentions: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let w = ws[i];
        if (!starts_upper(w.text) && !is_name_particle(w.text))
            || lexicon::is_compound_adjective(w.text)
            || in_headline(w.start)
        {
            i += 1;
            continue;
        }
        // Grow a run of capitalised words, particles and inner connectors.
        let mut j = i;
        let mut end = i;
        while j < ws.len() {
            let t = ws[j].text;
            if j > i && gap_breaks(text, ws[j - 1].end, ws[j].start) {
                break;
            }
            if lexicon::is_compound_adjective(t) {
                break;
            }
            // The name part of a hyphen-joined adjective ("Post-Mubarak
            // Egypt", split by `split_compounds`) ends its run.
            if j > i && text[..ws[j - 1].start].ends_with('-') {
                break;
            }
            // A Cyrillic place is a name of its own ("России Сергей Лавров"),
            // except after a title, as its genitive ("Президент России
            // Владимир Путин").
            let titles_only = |a: usize, b: usize| {
                b > a && ws[a..b].iter().all(|w| lexicon::is_person_title(w.text))
            };
            if j > i && cyrillic_name_of_its_own(t) && !titles_only(i, j) {
                break;
            }
            if j > i && cyrillic_name_of_its_own(ws[j - 1].text) && !titles_only(i, j - 1) {
                break;
            }
            // An acronym next to other capitalised words is its own name
            // ("Syria HTS leader").
            // Initials open a person's name ("P.J. Crowley"), not an
            // acronym ("P.S. BP") nor after a comma, where they are a
            // state's ("Charleston, S.C. Gulf").
            if j == i + 1
                && is_dotted_initials(ws[i].text)
                && (is_acronym(t) || (i > 0 && text[ws[i - 1].end..ws[i].start].contains(',')))
            {
                break;
            }
            // Not a person's initials opening the name ("P.J. Crowley").
            if j > i
                && is_acronym(t) != is_acronym(ws[j - 1].text)
                && !is_name_particle(t)
                && !(j - 1 == i && is_dotted_initials(ws[i].text))
            {
                break;
            }
            if starts_upper(t) || is_name_particle(t) {
                end = j;
                j += 1;
            } else if j > i
                && lexicon::NAME_CONNECTORS.contains(&t)
                && ws.get(j + 1).is_some_and(|n| starts_upper(n.text))
                && !gap_breaks(text, ws[j].end, ws[j + 1].start)
            {
                j += 1;
            } else {
                break;
            }
        }
        if end == i && lexicon::is_cyrillic_org_word(ws[i].text) {
            end = cyrillic_org_end(text, &ws, i);
        }
        let run: Vec<Word> = ws[i..=end].to_vec();
        i = end + 1;
        mentions.extend(analyse_run(text, &ws, &run));
    }
    confirm_weak(&mut mentions);
    // Arabic-script names (no capitals: found by gazetteer and cue).
    // A word mixing scripts may hold both kinds: the capitalised one wins.
    let arabic = super::script_names::find_arabic_mentions(text);
    if !arabic.is_empty() {
        let spans: Vec<(usize, usize)> =
            mentions.iter().filter_map(|m| m.provenance.span).collect();
        mentions.extend(arabic.into_iter().filter(|m| {
            let (s, e) = m.provenance.span.unwrap_or((0, 0));
            !spans.iter().any(|&(a, b)| a < e && s < b)
        }));
        mentions.sort_by_key(|m| m.provenance.span.map_or(0, |s| s.0));
    }
    link_acronyms(text, &mut mentions);
    link_stated_aliases(text, &mut mentions);
    mentions
}

/// Prefixes that make an adjective of the name after them ("anti-Mubarak
/// protesters", "Pro-Gadhafi forces", "then-President Bush"): the name is
/// the part after the hyphen.
const NAME_PREFIXES: [&str; 8] = ["anti", "pro", "ex", "then", "non", "post", "pre", "neo"];

/// Splits hyphen-joined words whose parts are names used on their own.
///
/// - A prefix from [`NAME_PREFIXES`] before a capitalised part is dropped:
///   "Anti-Mubarak" mentions Mubarak, and is not a person of its own.
/// - Two or more capitalised parts that each stand alone elsewhere in the
///   text, not beside the other ("the McCain-Palin ticket" where McCain
///   and Palin are each named) are one name each. Parts that never stand
///   alone keep the word whole ("Coca-Cola", "Gramm-Leach-Bliley"), as do
///   parts opening with a name particle ("Al-Jazeera").
///
/// The parts keep their byte spans, so a name after a dropped prefix is
/// a run of its own (the prefix's bytes lie between it and the word
/// before).
fn split_compounds<'a>(text: &'a str, ws: Vec<Word<'a>>) -> Vec<Word<'a>> {
    let mut out = Vec::with_capacity(ws.len());
    for w in ws {
        if !w.text.contains('-') {
            out.push(w);
            continue;
        }
        let mut parts: Vec<Word<'a>> = Vec::new();
        let mut pos = w.start;
        for part in w.text.split('-') {
            parts.push(Word {
                text: part,
                start: pos,
                end: pos + part.len(),
            });
            pos += part.len() + 1;
        }
        if parts.iter().any(|p| p.text.is_empty()) {
            out.push(w);
            continue;
        }
        let lower_first = parts[0].text.to_lowercase();
        if parts.len() == 2
            && NAME_PREFIXES.contains(&lower_first.as_str())
            && starts_upper(parts[1].text)
        {
            out.push(parts.pop().expect("two parts"));
            continue;
        }
        let names = parts.iter().all(|p| {
            starts_upper(p.text) && p.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        }) && !lexicon::ARABIC_ARTICLES.contains(&lower_first.as_str());
        let alone = |p: &Word| {
            word_occurrences(text, p.text).any(|at| {
                let before = text[..at].chars().next_back();
                let after = text[at + p.text.len()..].chars().next();
                before != Some('-') && after != Some('-')
            })
        };
        if names && parts.iter().all(alone) {
            out.extend(parts);
        } else {
            out.push(w);
        }
    }
    out
}

/// Byte ranges of lines written in title case (headlines, "Read Also:"
/// links): most of their longer words capitalised. Capitalisation says
/// nothing about names there, so no mention is taken from them.
fn title_case_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let long: Vec<&str> = line
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .collect();
        let caps = long.iter().filter(|w| starts_upper(w)).count();
        let ends_sentence = line.trim_end().ends_with(['.', '!', '?', '"', '”']);
        if long.len() >= 3 && caps * 10 >= long.len() * 8 && !ends_sentence {
            out.push((pos, pos + line.len()));
        }
        pos += line.len();
    }
    out
}

/// Punctuation or a line break between two words ends a name.
fn gap_breaks(text: &str, a: usize, b: usize) -> bool {
    let gap = &text[a..b];
    gap.chars().any(|c| !(c == ' ' || c == '\u{a0}'))
}

/// Turns a run of capitalised words into zero or more mentions: strips
/// sentence-initial function words, titles and roles, splits off a
/// possessive, and types the name.
fn analyse_run<'a>(text: &'a str, all: &[Word<'a>], run: &[Word<'a>]) -> Vec<Mention> {
    // "Sat Apr 30, 2011" (a wire dateline), "Monday March": a date, not a
    // name.
    if run.len() >= 2 && run.iter().all(|w| is_calendar_word(w.text)) {
        return Vec::new();
    }
    // "EDT AMMAN", "Monday Barack Obama": a weekday, an abbreviated month
    // or a time zone before a name is not part of it (a full month name
    // may be a first name: "June Carter").
    let dated = run
        .iter()
        .take_while(|w| is_calendar_word(w.text) && !is_full_month(w.text))
        .count();
    if dated > 0 && dated < run.len() {
        return analyse_run(text, all, &run[dated..]);
    }
    // "Tahrir Square Saturday", "Mexico It": a weekday or a capitalised
    // function word after a name (a lost sentence break) is not part of it.
    if let Some(last) = run.last().filter(|_| run.len() >= 2) {
        let l = last.text.to_lowercase();
        let function_word = matches!(
            l.as_str(),
            "a" | "an" | "the" | "i" | "it" | "we" | "he" | "she" | "they" | "you"
        );
        if function_word || crate::extract::dates::WEEKDAY_NAMES.contains(&l.as_str()) {
            return analyse_run(text, all, &run[..run.len() - 1]);
        }
    }
    let mut s = 0;
    let mut role: Vec<&'a str> = Vec::new();
    // A leading function word, then titles and roles ending in a person's
    // title ("Turkish Foreign Minister", "President").
    let mut definite = false;
    if s < run.len() && lexicon::is_stopword(run[s].text) {
        definite = run[s].text == "The" || run[s].text == "the";
        s += 1;
    }
    if s == 0 && sentence_initial_word(text, run) {
        s = 1;
    }
    let mut title_end = None;
    let mut k = s;
    while k < run.len() {
        let bare = run[k].text.trim_end_matches('.');
        if lexicon::is_person_title(bare) {
            title_end = Some(k + 1);
        } else if bare == "of" && title_end == Some(k) && k + 3 < run.len() {
            // "Secretary of State Hillary Clinton", "Minister of Defence
            // Ali Habib": the office's domain belongs to the title, with
            // two words or more left for the name.
            k += 1;
            while k + 3 < run.len() && lexicon::is_title(run[k + 1].text) {
                k += 1;
            }
            title_end = Some(k + 1);
        } else if !(lexicon::is_title(bare) || lexicon::is_nationality(run[k].text)) {
            break;
        }
        k += 1;
    }
    // A title inside the run starts a person's name after the body or place
    // it belongs to ("Coast Guard Adm. Thad Allen", "Louisiana Gov. Bobby
    // Jindal"): the words before it are a name of their own.
    if title_end.is_none() {
        if let Some(k) = inner_title_start(run, s) {
            let mut out = analyse_run(text, all, &run[s..k]);
            out.extend(analyse_run(text, all, &run[k..]));
            return out;
        }
    }
    // Role words after the last title still belong to it ("Chief Executive").
    if let Some(t) = title_end.as_mut() {
        while *t + 1 < run.len() && lexicon::is_title(run[*t].text.trim_end_matches('.')) {
            *t += 1;
        }
    }
    // "Justice Department", "State Department": a body's word alone is not a
    // name, so the words before it name the body, not a person's title.
    if title_end.is_some_and(|t| {
        t + 1 == run.len() && lexicon::ORG_WORDS.contains(&run[t].text.to_lowercase().as_str())
    }) {
        title_end = None;
    }
    let titled = title_end.is_some();
    let mut out = Vec::new();
    if let Some(mut t) = title_end {
        // "Президент России", "пресс-секретарь Кремля": the place's or the
        // body's genitive belongs to the role and is a mention of its own.
        while t < run.len() && cyrillic_name_of_its_own(run[t].text) {
            let w = run[t];
            if let Some(mut m) =
                make_mention(text, all, w.text, w.start, w.end, Vec::new(), false, false)
            {
                m.role = None;
                out.push(m);
            }
            t += 1;
        }
        role.extend(run[s..t].iter().map(|w| w.text));
        s = t;
    }
    while s < run.len() && (lexicon::NAME_CONNECTORS.contains(&run[s].text) || run[s].text == "and")
    {
        s += 1;
    }
    let mut e = run.len();
    while e > s
        && ((is_name_particle(run[e - 1].text) && !run[e - 1].text.contains('-'))
            || lexicon::NAME_CONNECTORS.contains(&run[e - 1].text))
    {
        e -= 1;
    }
    // "BP CEO", "ExxonMobil Chairman", "White House Press Secretary",
    // "CNN ANCHOR": a post held at the body named before it, with no name
    // after, is not part of the body's name.
    if e > s + 1 && is_post_after_body(run[e - 1].text) {
        e -= 1;
        while e > s + 1 && lexicon::is_title(run[e - 1].text) {
            e -= 1;
        }
    }
    if s >= e {
        return out;
    }
    let mut name_words = &run[s..e];
    // A possessive ends the name ("Jolani's HTS alliance").
    let mut possessive = false;
    let mut rest: &[Word] = &[];
    if let Some(k) = name_words
        .iter()
        .position(|w| w.text.ends_with("'s") || w.text.ends_with("’s"))
    {
        possessive = true;
        rest = &name_words[k + 1..];
        name_words = &name_words[..=k];
    }
    let start = name_words[0].start;
    let mut end = name_words.last().unwrap().end;
    if possessive {
        end -= if text[..end].ends_with("’s") {
            "’s".len()
        } else {
            2
        };
    }
    let surface = &text[start..end];
    if let Some(m) = make_mention(
        text,
        all,
        surface,
        start,
        end,
        role,
        titled,
        definite && !titled,
    ) {
        out.push(m);
    }
    if !rest.is_empty() {
        out.extend(analyse_run(text, all, rest));
    }
    out
}

/// Posts a body's people hold, written after the body's name ("BP CEO",
/// "the Anadarko Chairman", "CNN ANCHOR"); titles that also end names
/// ("John Major", "Attorney General") are not among them.
fn is_post_after_body(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.').to_lowercase().as_str(),
        "ceo"
            | "chairman"
            | "chairwoman"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "secretary"
            | "director"
            | "correspondent"
            | "reporter"
            | "editor"
            | "official"
            | "officer"
            | "analyst"
            | "founder"
            | "anchor"
            | "host"
    )
}

/// Where a block of titles and roles ending in a person's title starts
/// inside a run, after at least one name word and before at least one name
/// word that is not a title.
fn inner_title_start(run: &[Word], s: usize) -> Option<usize> {
    let mut k = s + 1;
    while k < run.len() {
        let bare = |w: &Word| w.text.trim_end_matches('.').to_string();
        if lexicon::is_person_title(&bare(&run[k])) {
            // Back over role words belonging to the title ("Press Secretary").
            let mut b = k;
            while b > s + 1 && lexicon::is_title(&bare(&run[b - 1])) {
                b -= 1;
            }
            let mut e = k + 1;
            while e < run.len() && lexicon::is_title(&bare(&run[e])) {
                e += 1;
            }
            let name_after = run[e..]
                .iter()
                .any(|w| starts_upper(w.text) && !is_name_particle(w.text));
            if name_after && b > s && run[e - 1].text.ends_with(|c: char| c != '-') {
                return Some(b);
            }
            return None;
        }
        k += 1;
    }
    None
}

/// True when the first word of a run opening a sentence is an ordinary word
/// capitalised only by its place ("Expecting Obama", "Meanwhile Hayward"):
/// the word is written in lower case elsewhere in the text or reads as a
/// participle or adverb, and the rest of the run stands as a name of its own
/// elsewhere without it.
fn sentence_initial_word(text: &str, run: &[Word]) -> bool {
    if run.len() < 2 || !sentence_start(text, run[0].start) {
        return false;
    }
    let first = run[0].text;
    if is_acronym(first)
        || lexicon::is_person_title(first.trim_end_matches('.'))
        || lexicon::is_title(first)
        || lexicon::is_nationality(first)
        || first.contains(['-', '.', '\'', '’'])
    {
        return false;
    }
    let lower = first.to_lowercase();
    let ordinary = (lower.len() > 5 && (lower.ends_with("ing") || lower.ends_with("ly")))
        || word_occurrences(text, &lower).next().is_some();
    if !ordinary {
        return false;
    }
    let second = run[1].text;
    let before_is_first = |pos: usize| text[..pos].trim_end().ends_with(first);
    word_occurrences(text, second).any(|pos| pos != run[1].start && !before_is_first(pos))
}

/// Byte positions where `word` occurs as a whole word (case-sensitive).
fn word_occurrences<'t>(text: &'t str, word: &'t str) -> impl Iterator<Item = usize> + 't {
    text.match_indices(word).filter_map(move |(pos, _)| {
        let before = text[..pos].chars().next_back();
        let after = text[pos + word.len()..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric());
        (boundary(before) && boundary(after)).then_some(pos)
    })
}

#[allow(clippy::too_many_arguments)]
fn make_mention<'a>(
    text: &'a str,
    all: &[Word<'a>],
    surface: &str,
    start: usize,
    end: usize,
    mut role: Vec<&'a str>,
    titled: bool,
    definite: bool,
) -> Option<Mention> {
    let tokens: Vec<&str> = surface.split_whitespace().collect();
    if tokens
        .iter()
        .all(|t| lexicon::is_stopword(t) || lexicon::is_calendar_word(t))
    {
        return None;
    }
    // Holidays and days ("Christmas Day", "New Year's Eve").
    if tokens.iter().any(|t| lexicon::is_calendar_word(t))
        && tokens.iter().all(|t| {
            lexicon::is_calendar_word(t) || matches!(*t, "Day" | "Eve" | "Night" | "New" | "Year")
        })
    {
        return None;
    }
    if tokens.len() == 1 && lexicon::is_demonym(surface) {
        return None;
    }
    let key = name_key(surface);
    if key.is_empty() || key.chars().count() < 2 {
        return None;
    }
    // Lower-case role words just before the name ("HTS chief Abu ...").
    // Words are in text order: binary search keeps long articles linear.
    let idx = all.binary_search_by_key(&start, |w| w.start).ok();
    let mut lower_role = Vec::new();
    if let Some(idx) = idx {
        let mut k = idx;
        while k > 0 && idx - k < 3 {
            let w = all[k - 1];
            if gap_breaks(text, w.end, all[k].start) {
                break;
            }
            if lexicon::is_title(w.text)
                || (!lower_role.is_empty()
                    && (starts_upper(w.text) || lexicon::is_nationality(w.text)))
            {
                lower_role.insert(0, w.text);
                k -= 1;
            } else {
                break;
            }
        }
    }
    if role.is_empty() && !lower_role.is_empty() {
        role = lower_role;
    }
    let own_name = tokens.len() == 1 && cyrillic_name_of_its_own(surface);
    if role.is_empty() && !own_name {
        if let Some(idx) = idx {
            role = cyrillic_role_before(text, all, idx);
        }
    }
    if own_name {
        role.clear();
    }
    let single = tokens.len() == 1;
    let at_start = sentence_start(text, start);
    let (mut kind, mut rule, mut conf) = classify(text, all, surface, start, end, &role, titled);
    // "The Syrian Observer": a name with the definite article is not a person's.
    if definite && kind == EntityKind::Person && rule == "entity.full_name" {
        (kind, rule, conf) = (EntityKind::Organisation, "entity.definite_name", 0.5);
    }
    // A single capitalised word opening a sentence is usually not a name,
    // unless something says it is.
    let weak = single && at_start && kind == EntityKind::Other;
    if single && surface.chars().count() < 3 && !is_acronym(surface) {
        return None;
    }
    Some(Mention {
        text: surface.to_string(),
        key,
        kind,
        role: (!role.is_empty()).then(|| role.join(" ")),
        alias_of: None,
        provenance: Provenance::new(if weak { WEAK_RULE } else { rule }, conf)
            .with_span(start, end),
    })
}

/// A Cyrillic word that is a name of its own wherever it stands: a place of
/// the gazetteer or an organisation word ("России", "Кремля", "МИД").
fn cyrillic_name_of_its_own(w: &str) -> bool {
    lexicon::cyrillic_place(w).is_some() || lexicon::is_cyrillic_org_word(w)
}

/// The last word of a Cyrillic organisation name opened by the organisation
/// word at `i`: its lower-case genitive complements and a place after them
/// ("Министерство обороны России", "Министерство иностранных дел").
fn cyrillic_org_end(text: &str, ws: &[Word], i: usize) -> usize {
    let mut end = i;
    let mut k = i + 1;
    while k < ws.len() && k - i <= 3 && !gap_breaks(text, ws[k - 1].end, ws[k].start) {
        let w = ws[k].text;
        if starts_upper(w) {
            if lexicon::cyrillic_place(w).is_some() && end == k - 1 && k > i + 1 {
                end = k;
            }
            break;
        }
        let l = w.to_lowercase();
        let genitive = l
            .chars()
            .next()
            .is_some_and(super::translit::is_cyrillic_char)
            && !lexicon::is_stopword(&l)
            && (l == "дел"
                || [
                    "ы", "и", "а", "я", "ов", "ев", "ей", "ого", "его", "ых", "их",
                ]
                .iter()
                .any(|e| l.ends_with(e)));
        if !genitive {
            break;
        }
        end = k;
        k += 1;
    }
    end
}

/// A lower-case Cyrillic title a few words before a name, with the words
/// between ("министр иностранных дел России Сергей Лавров"): the role.
fn cyrillic_role_before<'a>(text: &str, all: &[Word<'a>], idx: usize) -> Vec<&'a str> {
    let cyrillic = |w: &str| {
        w.chars()
            .next()
            .is_some_and(super::translit::is_cyrillic_char)
    };
    if !cyrillic(all[idx].text) {
        return Vec::new();
    }
    let mut k = idx;
    while k > 0 && idx - k < 5 {
        let w = all[k - 1];
        if gap_breaks(text, w.end, all[k].start) || !cyrillic(w.text) {
            break;
        }
        if lexicon::is_cyrillic_title(w.text) {
            return all[k - 1..idx].iter().map(|w| w.text).collect();
        }
        if starts_upper(w.text) && !cyrillic_name_of_its_own(w.text) {
            break;
        }
        k -= 1;
    }
    Vec::new()
}

/// Rule of a one-word name opening a sentence with nothing else saying it
/// is a name; kept only if the text names it elsewhere.
const WEAK_RULE: &str = "entity.sentence_initial";

/// Keeps a sentence-initial one-word name only when the same word is a name
/// elsewhere in the text (mid-sentence, or the last word of a longer name).
fn confirm_weak(mentions: &mut Vec<Mention>) {
    let mut strong: Vec<(String, EntityKind)> = mentions
        .iter()
        .filter(|m| m.provenance.rule != WEAK_RULE)
        .map(|m| (m.key.rsplit(' ').next().unwrap_or("").to_string(), m.kind))
        .collect();
    strong.sort();
    strong.dedup_by(|b, a| a.0 == b.0);
    if !mentions.iter().any(|m| m.provenance.rule == WEAK_RULE) {
        return;
    }
    // The strong names by the blocking keys of their last word: a word
    // `token_match` accepts shares one, so only those are compared, and the
    // first match in `strong`'s order is the one a scan would find.
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (last, _)) in strong.iter().enumerate() {
        for k in super::names::token_match_keys(last) {
            by_key.entry(k).or_default().push(i);
        }
    }
    mentions.retain_mut(|m| {
        if m.provenance.rule != WEAK_RULE {
            return true;
        }
        let mut candidates: Vec<usize> = super::names::token_match_keys(&m.key)
            .iter()
            .filter_map(|k| by_key.get(k))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        match candidates
            .into_iter()
            .map(|i| &strong[i])
            .find(|(last, _)| super::names::token_match(last, &m.key))
        {
            Some((_, kind)) => {
                m.kind = *kind;
                m.provenance.rule = "entity.confirmed_elsewhere".into();
                true
            }
            None => false,
        }
    });
}

/// Types a name by its own words and its context.
fn classify(
    text: &str,
    all: &[Word],
    surface: &str,
    start: usize,
    end: usize,
    role: &[&str],
    titled: bool,
) -> (EntityKind, &'static str, f32) {
    let lower: Vec<String> = surface
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if lower
        .iter()
        .any(|w| lexicon::ORG_WORDS.contains(&w.as_str()) || lexicon::is_cyrillic_org_word(w))
    {
        return (EntityKind::Organisation, "entity.org_word", 0.85);
    }
    if lexicon::cyrillic_place(surface).is_some() {
        return (EntityKind::Place, "entity.gazetteer", 0.9);
    }
    // ", a group previously affiliated with ...": an apposition naming the type.
    let after = text[end..].trim_start();
    if let Some(rest) = after.strip_prefix(',') {
        let ws: Vec<String> = rest
            .split_whitespace()
            .take(4)
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .collect();
        if ws
            .first()
            .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the"))
            && ws[1..]
                .iter()
                .any(|w| lexicon::ORG_APPOSITION.contains(&w.as_str()))
        {
            return (EntityKind::Organisation, "entity.apposition", 0.75);
        }
    }
    if is_acronym(surface) {
        // An acronym of letters that speaks is a body of members ("BP
        // said"); a code with digits (a virus, a model) is not.
        let after: Vec<&str> = text[end..].split_whitespace().take(1).collect();
        let letters = surface.chars().all(|c| c.is_alphabetic() || c == '.');
        if letters
            && after.first().is_some_and(|w| {
                w.chars().all(|c| c.is_alphabetic()) && lexicon::is_speech_verb(&w.to_lowercase())
            })
        {
            return (EntityKind::Organisation, "entity.acronym_speaker", 0.6);
        }
        return (EntityKind::Other, "entity.acronym", 0.5);
    }
    if lower.iter().any(|w| lexicon::is_place_word(w)) {
        return (EntityKind::Place, "entity.place_word", 0.8);
    }
    if lexicon::is_known_place(surface) {
        return (EntityKind::Place, "entity.gazetteer", 0.9);
    }
    if titled || role.iter().any(|r| lexicon::is_person_title(r)) {
        return (EntityKind::Person, "entity.title", 0.9);
    }
    // "Centers for Disease Control", "Save the Children": a name joined by
    // a lowercase connector other than a person's particle is a body's.
    if lower.len() >= 3
        && lower[1..lower.len() - 1]
            .iter()
            .any(|w| lexicon::BODY_CONNECTORS.contains(&w.as_str()))
        && !lexicon::is_title(&lower[0])
    {
        return (EntityKind::Organisation, "entity.connector_name", 0.6);
    }
    if lower
        .iter()
        .any(|w| lexicon::PERSON_PARTICLES.contains(&w.as_str()))
        && lower.len() >= 2
    {
        return (EntityKind::Person, "entity.kunya", 0.85);
    }
    let idx = all.binary_search_by_key(&start, |w| w.start).unwrap_or(0);
    let prev = |k: usize| idx.checked_sub(k).map(|i| all[i].text.to_lowercase());
    let next_idx = Some(all.partition_point(|w| w.start < end)).filter(|&i| i < all.len());
    let next = |k: usize| {
        next_idx
            .and_then(|i| all.get(i + k))
            .map(|w| w.text.to_lowercase())
    };
    // "X province", "province of X", "in X".
    if next(0).is_some_and(|n| lexicon::is_place_after(&n))
        || (prev(1).as_deref() == Some("of")
            && prev(2).is_some_and(|p| lexicon::is_place_after(&p)))
    {
        return (EntityKind::Place, "entity.place_context", 0.8);
    }
    // "a Transocean spokesman", "Halliburton shareholders": someone speaks
    // or works for the name.
    // Not across punctuation: "Heike Schultz, spokeswoman for the network"
    // is an apposition saying she is a person.
    let followed_directly = next_idx.is_some_and(|i| text[end..all[i].start].trim().is_empty());
    if followed_directly
        && (next(0).is_some_and(|n| lexicon::ORG_MEMBERS.contains(&n.as_str()))
            || (next(0).as_deref() == Some("chief") && next(1).as_deref() == Some("executive")))
    {
        return (EntityKind::Organisation, "entity.org_member_context", 0.75);
    }
    // "the London-based group Amnesty International": the noun right
    // before the name says what it is.
    let preceded_directly =
        idx > 0 && all[idx].start == start && text[all[idx - 1].end..start].trim().is_empty();
    if preceded_directly && prev(1).is_some_and(|p| lexicon::ORG_APPOSITION.contains(&p.as_str())) {
        return (EntityKind::Organisation, "entity.org_noun_before", 0.7);
    }
    if next(0).is_some_and(|n| lexicon::is_speech_verb(&n))
        && lower.len() <= 4
        && !is_acronym(surface)
    {
        return (EntityKind::Person, "entity.speaker_context", 0.7);
    }
    // Cyrillic: "заявил Владимир Путин" (the verb before its subject).
    let cyrillic = surface.chars().any(super::translit::is_cyrillic_char);
    if cyrillic
        && prev(1).is_some_and(|p| lexicon::is_cyrillic_speech_verb(&p))
        && lower.len() <= 4
        && !is_acronym(surface)
    {
        return (EntityKind::Person, "entity.speaker_context", 0.7);
    }
    if cyrillic
        && lower.len() == 1
        && prev(1).is_some_and(|p| lexicon::CYRILLIC_PLACE_BEFORE.contains(&p.as_str()))
        && !is_acronym(surface)
    {
        return (EntityKind::Place, "entity.place_preposition", 0.6);
    }
    // "in Hong Kong", "near Baba Amr": a name of two words or more right
    // after a preposition of place is a place, not a first and last name
    // ("in Barack Obama's speech" is about his speech).
    let possessive = text[end..].starts_with("'s") || text[end..].starts_with("’s");
    if lower.len() >= 2
        && preceded_directly
        && !possessive
        && prev(1).is_some_and(|p| {
            matches!(
                p.as_str(),
                "in" | "near" | "into" | "across" | "outside" | "inside" | "throughout"
            )
        })
    {
        return (EntityKind::Place, "entity.place_preposition", 0.6);
    }
    if lower.len() >= 2 && lower.len() <= 4 && !is_acronym(surface) && !surface.contains(" of ") {
        return (EntityKind::Person, "entity.full_name", 0.6);
    }
    if prev(1).is_some_and(|p| lexicon::PLACE_BEFORE.contains(&p.as_str())) && !is_acronym(surface)
    {
        return (EntityKind::Place, "entity.place_preposition", 0.6);
    }
    let _ = text;
    (EntityKind::Other, "entity.proper_name", 0.5)
}

/// "Hayat Tahrir al-Sham (HTS)": the acronym in brackets becomes an alias of
/// the name before it, and an organisation if the name was untyped.
fn link_acronyms(text: &str, mentions: &mut [Mention]) {
    for k in 1..mentions.len() {
        let (a, b) = mentions.split_at_mut(k);
        let long = &mut a[k - 1];
        let short = &mut b[0];
        let (ls, le) = long.provenance.span.unwrap();
        let (ss, se) = short.provenance.span.unwrap();
        let _ = ls;
        let between = &text[le..ss];
        let after = &text[se..];
        let bracketed = between.trim() == "(" && after.starts_with(')');
        if bracketed && is_acronym(&short.text) && acronym_of(&short.text, &long.text) {
            if matches!(long.kind, EntityKind::Other | EntityKind::Person) {
                long.kind = EntityKind::Organisation;
            }
            short.kind = long.kind;
            short.alias_of = Some(k - 1);
            short.provenance = Provenance::new("entity.acronym_defined", 0.95).with_span(ss, se);
        }
    }
}

/// "X, known as “Y”", "X, also known as Y", "X, better known as Y", "X (aka Y)":
/// Y becomes an alias of X, of X's type.
fn link_stated_aliases(text: &str, mentions: &mut [Mention]) {
    for k in 1..mentions.len() {
        let (le, ss) = (
            mentions[k - 1].provenance.span.unwrap().1,
            mentions[k].provenance.span.unwrap().0,
        );
        let mut first = k - 1;
        // "Name (Nickname), known as ...": look one mention further back.
        let between = text[le..ss].to_lowercase();
        let is_alias = |b: &str| {
            let b = b
                .trim()
                .trim_start_matches([',', ')', ' '])
                .trim_end_matches(['“', '"', '‘', '\'', ' ']);
            matches!(
                b.trim(),
                "known as"
                    | "also known as"
                    | "better known as"
                    | "aka"
                    | "a.k.a."
                    | "nicknamed"
                    | "alias"
                    | "dubbed"
                    | "also called"
                    | "or"
            ) && b.trim() != "or"
        };
        let mut ok = false;
        if k >= 2 {
            let pe = mentions[k - 2].provenance.span.unwrap().1;
            let gap = &text[pe..mentions[k - 1].provenance.span.unwrap().0];
            if gap.trim() == "("
                && between.trim_start().starts_with(')')
                && is_alias(&between.trim_start()[1..])
            {
                first = k - 2;
                ok = true;
                // The bracketed nickname is an alias too.
                let (hs, he) = mentions[k - 1].provenance.span.unwrap();
                mentions[k - 1].alias_of = Some(first);
                mentions[k - 1].kind = mentions[first].kind;
                mentions[k - 1].provenance =
                    Provenance::new("entity.bracketed_alias", 0.8).with_span(hs, he);
            }
        }
        if !ok {
            ok = !between.contains(')') && is_alias(&between);
        }
        if ok && mentions[k].alias_of.is_none() {
            let kind = match mentions[first].kind {
                EntityKind::Other => mentions[k].kind,
                k => k,
            };
            mentions[first].kind = kind;
            let (ss, se) = mentions[k].provenance.span.unwrap();
            mentions[k].kind = kind;
            mentions[k].alias_of = Some(first);
            mentions[k].provenance = Provenance::new("entity.stated_alias", 0.9).with_span(ss, se);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, EntityKind)> {
        find_mentions(text)
            .into_iter()
            .map(|m| (m.text, m.kind))
            .collect()
    }

    /// The mention of `name` found in `text`.
    fn mention_named(text: &str, name: &str) -> Mention {
        find_mentions(text)
            .into_iter()
            .find(|m| m.text == name)
            .unwrap_or_else(|| panic!("{name} not found in {text}"))
    }

    /// Asserts `name` was found as a `kind`.
    fn assert_has(ms: &[(String, EntityKind)], name: &str, kind: EntityKind) {
        assert!(ms.iter().any(|(t, k)| t == name && *k == kind), "{ms:?}");
    }

    /// A text and the names found in it, each with its type.
    struct FoundAs {
        /// What the case shows.
        case: &'static str,
        text: &'static str,
        names: &'static [(&'static str, EntityKind)],
    }

    const FOUND_AS: &[FoundAs] = &[
        FoundAs {
            case: "Arabic names keep their particles",
            text: "Rebels followed Abu Mohammed al-Jolani into the town.",
            names: &[("Abu Mohammed al-Jolani", EntityKind::Person)],
        },
        FoundAs {
            case: "places by context",
            text: "Fighting spread in Kafranbel and the province of Hama.",
            names: &[
                ("Kafranbel", EntityKind::Place),
                ("Hama", EntityKind::Place),
            ],
        },
        FoundAs {
            case: "Cyrillic speech verbs type their subject",
            text: "Вчера заявил Алексей Навальный, что суд был незаконным.",
            names: &[("Алексей Навальный", EntityKind::Person)],
        },
    ];

    #[test]
    fn names_are_found_with_the_type_their_context_gives() {
        for FoundAs { case, text, names } in FOUND_AS {
            let ms = found(text);
            for &(name, kind) in *names {
                let hit = ms.iter().any(|(t, k)| t == name && *k == kind);
                assert!(hit, "{case}: {name} as {kind:?} in {ms:?}");
            }
        }
    }

    #[test]
    fn titles_are_roles_not_names() {
        let t = "On Monday, Turkish Foreign Minister Mevlut Cavusoglu said so.";
        let m = mention_named(t, "Mevlut Cavusoglu");
        assert_eq!(m.kind, EntityKind::Person);
        assert_eq!(m.role.as_deref(), Some("Turkish Foreign Minister"));
    }

    #[test]
    fn possessive_is_split_off() {
        let ms = found("They praised Karimov’s HTS alliance.");
        assert!(ms.iter().any(|(t, _)| t == "Karimov"), "{ms:?}");
        assert!(ms.iter().any(|(t, _)| t == "HTS"), "{ms:?}");
    }

    #[test]
    fn defined_acronyms_are_aliases() {
        let ms = find_mentions("Leader of the Jabhat Fath al-Sham (JFS) spoke.");
        let acr = ms.iter().find(|m| m.text == "JFS").unwrap();
        assert!(acr.alias_of.is_some());
        assert_eq!(acr.kind, EntityKind::Organisation);
    }

    #[test]
    fn stated_aliases_are_linked() {
        let t =
            "the commander, Omar Khalil al-Rashid (Rashidi), known as “Abu Hamza al-Masri”, spoke.";
        let ms = find_mentions(t);
        let alias = ms.iter().find(|m| m.text == "Abu Hamza al-Masri").unwrap();
        let target = &ms[alias.alias_of.expect("linked")];
        assert_eq!(target.text, "Omar Khalil al-Rashid");
        assert_eq!(alias.kind, EntityKind::Person);
    }

    #[test]
    fn russian_names_by_title_case_and_gazetteer() {
        let t = "Президент России Владимир Путин заявил, что Москва готова к переговорам с Киевом.";
        let ms = found(t);
        assert_has(&ms, "Владимир Путин", EntityKind::Person);
        assert_has(&ms, "России", EntityKind::Place);
        assert_has(&ms, "Москва", EntityKind::Place);
        assert_has(&ms, "Киевом", EntityKind::Place);
        let putin = mention_named(t, "Владимир Путин");
        assert_eq!(putin.role.as_deref(), Some("Президент России"));
    }

    #[test]
    fn regression_body_joined_by_for_typed_person() {
        let ms = found(
            "Officials at the Centers for Disease Control urged calm. \
             Aid came from Save the Children.",
        );
        assert_has(&ms, "Centers for Disease Control", EntityKind::Organisation);
        assert_has(&ms, "Save the Children", EntityKind::Organisation);
    }

    #[test]
    fn regression_company_with_a_spokesman_typed_person() {
        let ms = found(
            "A Transocean spokesman declined to comment. \
             Halliburton shareholders met on Monday. \
             Heike Schultz, spokeswoman for the network, said it had been an experiment.",
        );
        assert_has(&ms, "Transocean", EntityKind::Organisation);
        assert_has(&ms, "Halliburton", EntityKind::Organisation);
        // An apposition after a comma says who the person is.
        assert_has(&ms, "Heike Schultz", EntityKind::Person);
    }

    #[test]
    fn regression_white_house_typed_person() {
        let ms = found("The White House said on Tuesday that talks would go on.");
        assert_has(&ms, "White House", EntityKind::Organisation);
    }

    #[test]
    fn regression_sentence_initial_word_glued_to_name() {
        let text = "Barack Obama spoke on Monday. Expecting Obama to win, aides \
                    were expecting a long night. White House aides left in a white van.";
        let names: Vec<String> = found(text).into_iter().map(|(t, _)| t).collect();
        assert!(
            !names.iter().any(|n| n.starts_with("Expecting")),
            "{names:?}"
        );
        assert_eq!(
            names.iter().filter(|n| *n == "Obama").count(),
            1,
            "{names:?}"
        );
        // A place whose first word is also an ordinary word stays whole.
        assert!(names.contains(&"White House".to_string()), "{names:?}");
    }

    #[test]
    fn regression_anti_and_pro_prefixes_made_names_of_their_own() {
        let text = "Anti-Mubarak protesters marched while pro-Mubarak crowds \
                    gathered. Post-Mubarak Egypt will vote. The then-President \
                    George W. Bush spoke.";
        let names: Vec<String> = found(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            names.iter().filter(|n| *n == "Mubarak").count(),
            3,
            "{names:?}"
        );
        assert!(names.contains(&"Egypt".to_string()), "{names:?}");
        assert!(names.contains(&"George W. Bush".to_string()), "{names:?}");
        assert!(
            !names
                .iter()
                .any(|n| n.contains('-') || n.starts_with("Then")),
            "{names:?}"
        );
    }

    #[test]
    fn regression_two_names_joined_by_a_hyphen_were_one_entity() {
        let text = "John McCain spoke in Ohio. Sarah Palin joined him. \
                    The McCain-Palin ticket trailed. Coca-Cola and Al-Jazeera \
                    stayed whole, as did Al Jazeera.";
        let names: Vec<String> = found(text).into_iter().map(|(t, _)| t).collect();
        for name in ["McCain", "Palin", "Coca-Cola", "Al-Jazeera"] {
            assert!(names.contains(&name.to_string()), "{name}: {names:?}");
        }
        assert!(!names.contains(&"McCain-Palin".to_string()), "{names:?}");
    }

    #[test]
    fn regression_a_post_after_a_company_was_glued_to_its_name() {
        let text = "BP said on Monday it would pay. The BP CEO flew to Houston, \
                    where the ExxonMobil Chairman met the White House Press Secretary.\n\
                    CNN ANCHOR: Good evening. Later the CNN ANCHOR said hello.";
        let names: Vec<String> = found(text).into_iter().map(|(t, _)| t).collect();
        for name in ["ExxonMobil", "White House", "CNN"] {
            assert!(names.contains(&name.to_string()), "{name}: {names:?}");
        }
        assert_eq!(names.iter().filter(|n| *n == "BP").count(), 2, "{names:?}");
        assert!(!names.iter().any(|n| n.contains("ANCHOR")), "{names:?}");
        // A title that also ends names stays in them.
        assert!(found("Former prime minister John Major spoke.")
            .iter()
            .any(|(t, _)| t == "John Major"),);
    }

    #[test]
    fn regression_a_preposition_opening_a_sentence_was_part_of_a_name() {
        let text = "Unlike Gaddafi, the king left. Except the Muslim Brotherhood, \
                    no group came. Does Israel agree? Besides Mexico, Canada voted.";
        let names: Vec<String> = found(text).into_iter().map(|(t, _)| t).collect();
        for name in [
            "Gaddafi",
            "Muslim Brotherhood",
            "Israel",
            "Mexico",
            "Canada",
        ] {
            assert!(names.contains(&name.to_string()), "{name}: {names:?}");
        }
    }

    #[test]
    fn regression_a_two_word_place_after_in_was_typed_a_person() {
        let ms = found("Flu cases rose in Hong Kong and near Baba Amr this week.");
        assert_has(&ms, "Hong Kong", EntityKind::Place);
        assert_has(&ms, "Baba Amr", EntityKind::Place);
        // A person's possessive after "in" is about the person.
        let ms = found("The change in Barack Obama's tone was clear.");
        assert_has(&ms, "Barack Obama", EntityKind::Person);
    }

    #[test]
    fn regression_a_name_after_to_from_or_at_was_typed_a_place() {
        let text = "The strain is resistant to Tamiflu, analysts at Halliburton said, \
                    quoting posts from Twitter. Shelling went on in Deraa.";
        for name in ["Tamiflu", "Halliburton", "Twitter"] {
            let m = mention_named(text, name);
            assert_ne!(m.kind, EntityKind::Place, "{m:?}");
        }
        assert_eq!(mention_named(text, "Deraa").kind, EntityKind::Place);
    }

    #[test]
    fn regression_justice_department_lost_its_first_word() {
        let ms = find_mentions("The Justice Department said the inquiry would go on.");
        assert!(ms.iter().any(|m| m.text == "Justice Department"), "{ms:?}");
        // A title before a person's name is still a title.
        let ms = find_mentions("Justice Antonin Scalia wrote the opinion.");
        assert!(ms.iter().any(|m| m.text == "Antonin Scalia"), "{ms:?}");
    }

    #[test]
    fn regression_weekday_after_a_name_glued_to_it() {
        let ms = find_mentions("Crowds filled Tahrir Square Saturday and marched on.");
        assert!(ms.iter().any(|m| m.text == "Tahrir Square"), "{ms:?}");
        let ms = find_mentions("Cases rose across Mexico It was the worst week.");
        assert!(ms.iter().any(|m| m.text == "Mexico"), "{ms:?}");
    }

    #[test]
    fn regression_secretary_of_state_glued_to_the_name() {
        let ms = find_mentions(
            "Secretary of State Hillary Clinton met Minister of Defence Ali Habib on Monday.",
        );
        let clinton = ms
            .iter()
            .find(|m| m.text == "Hillary Clinton")
            .expect("{ms:?}");
        assert_eq!(clinton.kind, EntityKind::Person);
        assert!(ms.iter().any(|m| m.text == "Ali Habib"), "{ms:?}");
    }

    #[test]
    fn regression_wire_dateline_read_as_a_person() {
        let ms = find_mentions(
            "AMMAN | Sat Apr 30, 2011 6:33 pm EDT AMMAN (Reuters) - Troops moved in.",
        );
        let names: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        assert!(
            !names.iter().any(|n| n.contains("Apr") || n.contains("EDT")),
            "{names:?}"
        );
        // A person whose name is also a month stays a person.
        let ms = find_mentions("Prime Minister Theresa May said the talks would go on.");
        assert!(ms.iter().any(|m| m.text == "Theresa May"), "{ms:?}");
    }

    #[test]
    fn regression_dotted_initials_split_a_name() {
        let ms =
            find_mentions("State Department spokesman P.J. Crowley said the embassy was closed.");
        let crowley = ms
            .iter()
            .find(|m| m.text == "P.J. Crowley")
            .expect("{ms:?}");
        assert_eq!(crowley.kind, EntityKind::Person);
        // Not an acronym after a postscript, nor a state after a comma.
        let ms = find_mentions(
            "P.S. BP shares fell. He lives in Charleston, S.C. Gulf storms are common.",
        );
        let names: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        assert!(!names.iter().any(|n| n.contains("P.S. BP")), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("S.C. Gulf")), "{names:?}");
    }

    #[test]
    fn regression_title_inside_name_glued_body_to_person() {
        let ms = find_mentions("Coast Guard Adm. Thad Allen said the well was capped.");
        let allen = ms.iter().find(|m| m.text == "Thad Allen").expect("person");
        assert_eq!(allen.kind, EntityKind::Person);
        assert!(ms.iter().any(|m| m.text == "Coast Guard"), "{ms:?}");
        let ms = find_mentions("BP Chief Executive Tony Hayward apologised.");
        assert!(ms.iter().any(|m| m.text == "Tony Hayward"), "{ms:?}");
    }

    #[test]
    fn regression_speaking_acronym_typed_person() {
        let ms = found("BP said it would pay. H1N1 said to spread fast.");
        assert_has(&ms, "BP", EntityKind::Organisation);
        assert!(
            !ms.contains(&("H1N1".into(), EntityKind::Organisation)),
            "{ms:?}"
        );
    }

    #[test]
    fn cyrillic_names_are_not_glued_to_sentence_initial_words() {
        let ms = found("Однако Лавров отказался. Вчера Шойгу прибыл в Минск.");
        let names: Vec<&str> = ms.iter().map(|(t, _)| t.as_str()).collect();
        assert!(
            !names
                .iter()
                .any(|n| n.starts_with("Однако") || n.starts_with("Вчера")),
            "{ms:?}"
        );
        assert!(
            names.contains(&"Лавров") && names.contains(&"Шойгу"),
            "{ms:?}"
        );
        assert_has(&ms, "Минск", EntityKind::Place);
    }

    #[test]
    fn arabic_mentions_join_the_text_order() {
        let t = "Turkish Foreign Minister Mevlut Cavusoglu met the delegation. \
                 وقال الرئيس السوري بشار الأسد إن اللقاء كان مثمرا في دمشق.";
        let ms = find_mentions(t);
        let starts: Vec<usize> = ms.iter().map(|m| m.provenance.span.unwrap().0).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
        assert!(ms.iter().any(|m| m.text == "Mevlut Cavusoglu"));
        assert!(ms
            .iter()
            .any(|m| m.text == "بشار الأسد" && m.kind == EntityKind::Person));
    }

    #[test]
    fn no_script_names_from_numbers_or_links() {
        let t = "٢٠٢٣ ١٥٠ 2023 https://ar.wikipedia.org/wiki/دمشق ۱۴۰۲ 12.5%";
        assert!(found(t).is_empty(), "{:?}", found(t));
    }
}
