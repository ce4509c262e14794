//! Direct quotes and their speakers. Finds spans in straight and curly quote
//! marks, reads the cue and the speaker around them in the same sentence
//! (`"...," Jolani said`, `said the minister`, `He told the regime, "..."`,
//! `according to X`, partial quotes in reported speech), takes the person a
//! role phrase ends on (`NATO Secretary General Anders Fogh Rasmussen`),
//! resolves "he" and "she" to the nearest subject that agrees in gender and
//! role references ("the HTS leader") to the person holding the role, or
//! leaves them unnamed; keeps sources described and not named (`a senior
//! official`) anonymous; and gives a quote paragraph without a cue the
//! speaker of the quote before it. Each attribution carries the rule that
//! made it and a confidence.

use super::entities::{sentence_start, words, Word};
use super::gender::{self, Gender};
use super::lexicon;
use super::names::{name_key, relate, NameRelation};
use std::cell::OnceCell;
use std::collections::HashMap;
use storyline_model::{EntityKind, Mention, Provenance, Quote};

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we"];
const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its", "our", "one"];

/// Confidence of a speaker the cue's phrase names (`Karim Haddad said`).
const NAMED_SPEAKER_CONFIDENCE: f32 = 0.9;
/// Confidence of a "he" or "she" resolved to a person whose gender is known
/// to agree (by title, first name or an earlier pronoun).
const PRONOUN_AGREEING_CONFIDENCE: f32 = 0.8;
/// Confidence of a "he" or "she" resolved to the nearest subject whose gender
/// is unknown: news prose names the speaker just before, but not always.
const PRONOUN_SPEAKER_CONFIDENCE: f32 = 0.6;
/// Confidence of a quote whose pronoun speaker ("they", or "he" with no
/// agreeing person before) is left unnamed.
const PRONOUN_UNRESOLVED_CONFIDENCE: f32 = 0.4;
/// Confidence that a source described and not named (`a senior official`)
/// is the quote's speaker; no name is claimed.
const ANONYMOUS_SOURCE_CONFIDENCE: f32 = 0.8;
/// A pronoun's antecedent is named at most this many bytes before it (a few
/// sentences); further back, the pronoun stays unresolved.
const MAX_ANTECEDENT_BYTES: usize = 1500;
/// Confidence of a role reference (`the foreign minister said`) resolved to
/// the person stated to hold that role.
const ROLE_SPEAKER_CONFIDENCE: f32 = 0.7;
/// Confidence of a capitalised phrase that is no known name (`Officials
/// said`): it may be a group, a title or a sentence-initial word.
const CAPITALISED_SPEAKER_CONFIDENCE: f32 = 0.6;
/// Confidence that a phrase naming nobody (`a person close to the campaign`)
/// is the quote's attribution; there is no name to get wrong.
const PHRASE_SPEAKER_CONFIDENCE: f32 = 0.5;
/// Confidence of an elided speaker (`..., adding, “...”`) taken to be the
/// nearest person before.
const IMPLICIT_SPEAKER_CONFIDENCE: f32 = 0.5;
/// Confidence of a quote paragraph without a cue given the previous
/// quote's speaker (at most the previous attribution's own confidence).
const CONTINUATION_CONFIDENCE: f32 = 0.8;
/// Confidence of a quote kept without any speaker.
const UNATTRIBUTED_CONFIDENCE: f32 = 0.3;

/// A quote paragraph with no cue is speech from this many words up; shorter,
/// it is a title or a slogan.
const MIN_WORDS_UNCUED_PARAGRAPH_QUOTE: usize = 4;
/// A partial quote (quoted words in reported speech) of fewer words is a
/// scare quote (`a "de-escalation" agreement`).
const MIN_WORDS_PARTIAL_QUOTE: usize = 2;
/// Two quotes with up to this many words of narration between them, in one
/// paragraph, may be fragments of one attribution (`“A,” X said. They lie
/// far away. “B.”`); more narration stands between attributions.
const MAX_WORDS_BETWEEN_FRAGMENTS: usize = 60;
/// A lower-case fragment resumes the quote before when the narration between
/// is a cue clause of up to this many words (`“A,” he said of Trump, “b”`).
const MAX_WORDS_RESUMING_CUE: usize = 8;
/// A speaker phrase (`the former foreign minister of France`) has at most
/// this many words; a longer run before a cue is a clause.
const MAX_SPEAKER_PHRASE_WORDS: usize = 7;
/// A longer speaker phrase is an anonymous source when its person noun
/// comes within its first this many words (`A spokesman for ...`).
const ANONYMOUS_HEAD_WORDS: usize = 3;
/// A capitalised phrase with no known name is a speaker up to this many
/// words (`White House Press Secretary Sean Spicer`).
const MAX_CAPITALISED_SPEAKER_WORDS: usize = 5;
/// A phrase that names nobody (`one former staffer`) is taken as the speaker
/// up to this many words.
const MAX_UNRESOLVED_PHRASE_WORDS: usize = 6;
/// The cue after a quote is looked for this many words into its sentence
/// (`“...,” Jane Doe, who works at a plant in Ohio, said`).
const MAX_WORDS_TO_CUE_WITH_APPOSITIVE: usize = 25;
/// Without an appositive, the cue after a quote lies within this many words.
const MAX_WORDS_TO_CUE: usize = 12;
/// A cue far after a partial quote attributes it when at most this many
/// words follow the cue in the sentence (`said Friday.`).
const SENTENCE_FINAL_CUE_TAIL_WORDS: usize = 3;
/// The cues before a quote in its sentence tried for its speaker, nearest
/// first.
const MAX_CUES_BEFORE_QUOTE: usize = 3;
/// Longest appositive or relative clause between a subject and its cue
/// (`X, a Brookings Institution analyst based in Qatar, told`).
const MAX_APPOSITIVE_WORDS: usize = 15;
/// In `said X in a video`, the speaker is among the sentence's first words.
const MEDIUM_SPEAKER_MAX_WORDS: usize = 4;
/// `The message was clear: “...”`: the speaker text is the last words before
/// the colon, this many.
const COLON_PHRASE_WORDS: usize = 4;
/// A pronoun's antecedent is the leftmost person of the sentence naming the
/// nearest one (its subject), but no further back than this many bytes
/// from that nearest one: a long run-on list of names is not one subject.
const ANTECEDENT_SENTENCE_BYTES: usize = 220;

/// A quote span before attribution.
#[derive(Clone, Copy, Debug)]
struct Span {
    /// Byte offsets including the marks.
    outer: (usize, usize),
    inner: (usize, usize),
    /// The quotation this span is one line of, when a straight-quoted
    /// quotation runs over several lines (one sentence a line, its close
    /// mark on a later line): its lines share the cue after the last one.
    run: Option<usize>,
}

/// A straight-quoted quotation left open at a line end whose close mark may
/// come on a later line of the same paragraph (text kept one sentence a
/// line) (`" I was sleeping ...\nI didn't grasp ... street. "`).
struct RunOn {
    /// The number of the quotation (see [`Span::run`]).
    run: usize,
    /// Index in the output of the span of its first line.
    first: usize,
    /// The lines since then without any quote mark: their content's span.
    lines: Vec<(usize, usize)>,
    /// Where the current line starts.
    line_start: usize,
}

/// A quotation runs on over at most this many lines without a mark before
/// its close mark; further on, the open mark was a stray.
const MAX_RUN_ON_LINES: usize = 4;

/// Whether a straight mark at `i` closes a quotation run on from the lines
/// before (`helped, " he said`, `street. "`): set off by a space as its
/// opening mark was, nothing but a space, a line end or punctuation after
/// it, and words before it on its line.
fn closes_run_on(text: &str, line_start: usize, i: usize) -> bool {
    let after = text[i + 1..].chars().next();
    after.is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '.' | ';'))
        && text[..i].ends_with(char::is_whitespace)
        && !text[line_start..i].trim().is_empty()
}

/// The span of a line's content between `from` and `to` (spaces trimmed).
fn trimmed(text: &str, from: usize, to: usize) -> (usize, usize) {
    let t = &text[from..to];
    let s = from + (t.len() - t.trim_start().len());
    (s, s.max(from + t.trim_end().len()))
}

/// Quote spans: curly pairs, straight pairs within a paragraph; a quote left
/// open at a paragraph's end ends there (the next paragraph reopens it).
fn quote_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (mark start, inner start)
                                                 // Byte offset up to which characters are skipped (a continuation mark).
    let mut skip_to = 0usize;
    let mut last_content = 0usize; // end of the last non-space character
    let mut run_on: Option<RunOn> = None;
    let mut runs = 0usize;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        if matches!(c, '“' | '”' | '«' | '»' | '„') {
            run_on = None;
        }
        if c == '"' && open.is_none() {
            if let Some(r) = run_on.take() {
                if closes_run_on(text, r.line_start, i) {
                    for (s, e) in r.lines.into_iter().chain([trimmed(text, r.line_start, i)]) {
                        out.push(Span {
                            outer: (s, e),
                            inner: (s, e),
                            run: Some(r.run),
                        });
                    }
                    if let Some(last) = out.last_mut() {
                        last.outer.1 = i + 1;
                    }
                    out[r.first].run = Some(r.run);
                    last_content = i + 1;
                    continue;
                }
            }
        }
        if c == '\n' && open.is_none() {
            if let Some(r) = run_on.as_mut() {
                let line = trimmed(text, r.line_start, i);
                r.lines.push(line);
                r.line_start = i + 1;
                // A blank line ends a paragraph: the quotation ran on over
                // sentence lines of one paragraph only.
                if line.1 == line.0 || r.lines.len() > MAX_RUN_ON_LINES {
                    run_on = None;
                }
            }
        }
        match c {
            '“' | '«' | '„' if open.is_none() => {
                open = Some((i, i + c.len_utf8()));
            }
            // An opening mark typed where the closing one belongs (`any
            // of them?“ he asked.`): right after a word or punctuation and
            // before a space or a line end, it closes the open quote.
            '“' if text[..i].ends_with(|p: char| !p.is_whitespace())
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace) =>
            {
                let (s, is) = open.take().unwrap();
                out.push(Span {
                    outer: (s, i + c.len_utf8()),
                    inner: (is, i),
                    run: None,
                });
            }
            '”' | '»' => {
                if let Some((s, is)) = open.take() {
                    out.push(Span {
                        outer: (s, i + c.len_utf8()),
                        inner: (is, i),
                        run: None,
                    });
                }
            }
            '"' => match open.take() {
                Some((s, is)) => out.push(Span {
                    outer: (s, i + 1),
                    inner: (is, i),
                    run: None,
                }),
                None => open = Some((i, i + 1)),
            },
            '\n' => {
                // A stray mark that opens nothing before the line ends
                // (`... said. "\n\n“This is ...`) is not a quote: the next
                // paragraph's own mark opens the quote.
                if open.is_some_and(|(_, is)| text[is..i].trim().is_empty()) {
                    open = None;
                }
                if let Some((s, is)) = open.filter(|_| !broken_line(&text[i..])) {
                    // News convention: a quote running on into the next
                    // paragraph leaves its close mark off and reopens it.
                    let rest = &text[i..];
                    let next = rest.trim_start();
                    let reopen = next.starts_with(['“', '"', '«']);
                    if reopen {
                        let mark = next.chars().next().unwrap();
                        skip_to = text.len() - next.len() + mark.len_utf8();
                    } else {
                        open = None;
                        out.push(Span {
                            outer: (s, last_content.max(is)),
                            inner: (is, last_content.max(is)),
                            run: None,
                        });
                        // Only a mark set off by a space (`" We have`,
                        // text tokenised one sentence a line) opens a
                        // quotation that may run on.
                        if text[s..].starts_with("\" ") {
                            run_on = Some(RunOn {
                                run: runs,
                                first: out.len() - 1,
                                lines: Vec::new(),
                                line_start: i + 1,
                            });
                            runs += 1;
                        }
                    }
                }
            }
            _ => {}
        }
        if !c.is_whitespace() {
            last_content = i + c.len_utf8();
        }
    }
    if let Some((s, is)) = open {
        out.push(Span {
            outer: (s, last_content.max(is)),
            inner: (is, last_content.max(is)),
            run: None,
        });
    }
    out.retain(|s| s.inner.1 > s.inner.0 && !text[s.inner.0..s.inner.1].trim().is_empty());
    out
}

/// A line broken inside a sentence (`getting them to participate
/// personally\nin caucuses`): `rest` starts at the line break, and the next
/// line (no blank line between) opens in lower case. A quote goes on over it.
fn broken_line(rest: &str) -> bool {
    !rest[1..].starts_with(['\n', '\r']) && rest.trim_start().starts_with(char::is_lowercase)
}

fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let mut s = start;
    while s > 0 {
        // A colon introduces the quote (`He added: “...”`): not a boundary.
        // A period glued to the next character is a decimal point or an
        // abbreviation's (`1m (3.2 ft)`, `U.S.`), not a sentence end.
        let glued = text[..s].ends_with('.') && !text[s..].starts_with(char::is_whitespace);
        if opens_sentence_at(text, s) && s < start && !glued && !text[..s].trim_end().ends_with(':')
        {
            break;
        }
        let prev = text[..s].chars().next_back().unwrap();
        s -= prev.len_utf8();
        if prev == '\n' {
            s += 1;
            break;
        }
        // `... on NBC's "Meet the Press." "Listening ...`: a sentence that
        // ends inside a closing mark.
        if matches!(prev, '"' | '”')
            && s + prev.len_utf8() < start
            && text[s + prev.len_utf8()..].starts_with(' ')
            && text[..s].ends_with(['.', '!', '?'])
        {
            s += prev.len_utf8();
            break;
        }
        if matches!(prev, '.' | '!' | '?') && s + 1 < start && text[s + 1..].starts_with(' ') {
            // Not an abbreviation ("Mr.", "U.S.").
            if !after_abbreviation(text, s + 1) {
                s += 1;
                break;
            }
        }
    }
    let mut e = end;
    let bytes = text.as_bytes();
    // `“... to the end.” The north, he said, ...`: a quote whose words end
    // with a period inside the closing mark ends its sentence when the next
    // word opens a new one (a `?` or `!` does not: `“Why now?” Haddad asked`).
    if end > start && end < text.len() {
        let inner = text[start..end].trim_end_matches(['"', '”', '’', '\'']);
        let next = text[end..].trim_start_matches(' ');
        if inner.ends_with('.')
            && (text[end..].starts_with(' ') || text[..end].ends_with('”'))
            && next.starts_with(|c: char| c.is_uppercase())
        {
            return (s, end);
        }
    }
    while e < text.len() {
        let c = text[e..].chars().next().unwrap();
        if c == '\n' || c == '“' || (c == '"' && e > end) {
            break;
        }
        e += c.len_utf8();
        if matches!(c, '.' | '!' | '?')
            && (e >= text.len() || bytes[e] == b' ' || bytes[e] == b'\n')
        {
            // Not after an abbreviation (`Gov. Kasich replied`).
            let word = text[..e - 1]
                .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
                .next()
                .unwrap_or("");
            let abbreviation = c == '.'
                && e < text.len()
                && bytes[e] == b' '
                && (lexicon::is_abbreviation(word) || is_initial(word));
            if !abbreviation {
                break;
            }
        }
    }
    (s, e)
}

/// True when a sentence opens at `pos`: after a sentence's end, not after
/// an abbreviation's period.
fn opens_sentence_at(text: &str, pos: usize) -> bool {
    sentence_start(text, pos) && !after_abbreviation(text, pos)
}

/// True when the text before `pos` ends with an abbreviation's or an
/// initial's period (`the U.S. administration`, `Mr. Gibbs`), which does
/// not end a sentence.
fn after_abbreviation(text: &str, pos: usize) -> bool {
    let Some(before) = text[..pos].trim_end().strip_suffix('.') else {
        return false;
    };
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
        .next()
        .unwrap_or("");
    lexicon::is_abbreviation(word) || is_initial(word)
}

/// A single capital letter, or dotted ones, before a period (`George W.
/// Bush`, `P.J. Crowley`): an initial, not a sentence end. A number is not (`on May 2. “I want`).
fn is_initial(word: &str) -> bool {
    // Dotted initials too: `P.J. Crowley` (the word is `P.J`).
    word.split('.').all(|part| {
        let mut cs = part.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.next().is_none()
    })
}

/// Who a speaker phrase names, before resolution.
#[derive(Clone, Debug)]
enum SpeakerRef {
    Name(usize),
    Pronoun,
    Role(Vec<String>),
    Capitalised(String),
    /// A phrase in the speaker's place that names nobody we can resolve
    /// ("a person close to the campaign"): the quote is attributed, the
    /// speaker unknown.
    Phrase,
    /// No speaker written (`..., adding, “...”`): the nearest person before.
    Implicit,
    /// "it": a body or a country named before (`The Health Protection
    /// Agency said ... It added`).
    Body,
    /// A source described and not named (`a rebel spokesman`, `witnesses`):
    /// it stays unnamed, never bound to a name nearby.
    Anonymous,
}

struct Found {
    speaker: SpeakerRef,
    speaker_span: (usize, usize),
    cue: String,
    cue_span: Option<(usize, usize)>,
    partial: bool,
    rule: &'static str,
}

/// Words opening a speaker phrase that describes someone without naming
/// them (`a rebel spokesman`, `one senior official`, `several witnesses`).
const INDEFINITES: &[&str] = &[
    "a", "an", "one", "another", "some", "several", "many", "two", "three", "four", "other",
];

/// Role nouns of someone who speaks for another (`the spokesman`, `an
/// aide`): such a role is not the person named before it.
const PROXY_NOUNS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "aide",
    "source",
    "adviser",
    "advisor",
    "representative",
    "staffer",
];

/// Plural nouns that stand for unnamed sources (`witnesses said`, `security
/// sources said`).
const PLURAL_SOURCES: &[&str] = &[
    "officials",
    "media",
    "witnesses",
    "residents",
    "sources",
    "analysts",
    "experts",
    "activists",
    "diplomats",
    "aides",
    "observers",
    "critics",
    "officers",
    "soldiers",
    "rebels",
    "protesters",
    "lawmakers",
    "investigators",
    "authorities",
    "police",
    "doctors",
    "spokesmen",
    "people",
    "supporters",
    "opponents",
    "advisers",
    "advisors",
    "staffers",
    "organizers",
    "organisers",
    "economists",
    "scientists",
    "medics",
    "fighters",
    "insiders",
];

/// A phrase that describes its speaker without naming them: an indefinite
/// person noun (`a rebel spokesman`, `a senior official`) or a plural of
/// sources (`witnesses`, `the officials`, `Security sources`).
fn describes_anonymous_source(ws: &[Word]) -> bool {
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return false;
    };
    let is_plural_source = |w: &str| PLURAL_SOURCES.iter().any(|p| p.eq_ignore_ascii_case(w));
    let opens = |list: &[&str]| list.iter().any(|d| d.eq_ignore_ascii_case(first.text));
    // `a senior official`; a longer phrase only when it opens with its
    // head (`A spokesman for the Royal Free Hampstead NHS Trust`).
    let head_words = if ws.len() > MAX_SPEAKER_PHRASE_WORDS {
        &ws[..ANONYMOUS_HEAD_WORDS]
    } else {
        ws
    };
    let indefinite = opens(INDEFINITES)
        && ws.len() >= 2
        && head_words
            .iter()
            .any(|w| lexicon::is_person_noun(w.text) || is_plural_source(w.text));
    if ws.len() > MAX_SPEAKER_PHRASE_WORDS {
        return indefinite;
    }
    // `witnesses`, `local residents`, `the officials` (lower case after
    // the first word: not the name of a group).
    let plural = is_plural_source(last.text)
        && ws.len() <= 3
        && ws[1..]
            .iter()
            .all(|w| !w.text.starts_with(char::is_uppercase))
        && (!first.text.starts_with(char::is_uppercase) || ws.len() == 1 || opens(DETERMINERS));
    indefinite || plural
}

/// Reads a speaker phrase made of `ws` (in text order).
fn speaker_phrase(
    text: &str,
    ws: &[Word],
    mentions: &[Mention],
) -> Option<(SpeakerRef, (usize, usize))> {
    let first = ws.first()?;
    let last = ws.last()?;
    let span = (first.start, last.end);
    let lower = first.text.to_lowercase();
    if ws.len() == 1 && PRONOUNS.contains(&lower.as_str()) {
        return Some((SpeakerRef::Pronoun, span));
    }
    if ws.len() == 1 && lower == "it" {
        return Some((SpeakerRef::Body, span));
    }
    if describes_anonymous_source(ws) {
        return Some((SpeakerRef::Anonymous, span));
    }
    let inside = |m: &Mention| {
        let (s, e) = m.provenance.span.unwrap();
        s >= span.0 && e <= span.1 + 3
    };
    // The head of a role phrase is the person it ends on (`NATO Secretary
    // General Anders Fogh Rasmussen`): the last person named inside, before
    // an appositive (`David Plouffe, the architect of Obama's campaign`) and
    // not a possessive (`Clinton's spokesman`).
    let appositive = ws
        .iter()
        .find(|w| text[w.end..].starts_with(','))
        .map_or(span.1, |w| w.end);
    let person = mentions.iter().rposition(|m| {
        let (_, e) = m.provenance.span.unwrap();
        m.kind == EntityKind::Person
            && inside(m)
            && e <= appositive
            && !text[e..].starts_with(['\'', '’'])
    });
    if let Some(k) = person {
        return Some((SpeakerRef::Name(k), span));
    }
    // `the state news agency SANA`, `the Health Protection Agency`: a
    // described name is what the phrase is about.
    if let Some(k) = mentions.iter().rposition(|m| {
        let (_, e) = m.provenance.span.unwrap();
        DETERMINERS.contains(&lower.as_str()) && inside(m) && (last.end..=last.end + 1).contains(&e)
    }) {
        return Some((SpeakerRef::Name(k), span));
    }
    // "the HTS leader": a role reference, not the organisation.
    if let Some(k) = mentions.iter().position(inside) {
        if !DETERMINERS.contains(&lower.as_str()) {
            return Some((SpeakerRef::Name(k), span));
        }
    }
    if DETERMINERS.contains(&lower.as_str())
        && ws.len() >= 2
        && ws.len() <= MAX_SPEAKER_PHRASE_WORDS
        && ws.iter().any(|w| lexicon::is_person_noun(w.text))
    {
        return Some((
            SpeakerRef::Role(ws.iter().map(|w| w.text.to_lowercase()).collect()),
            span,
        ));
    }
    if ws
        .iter()
        .all(|w| w.text.chars().next().is_some_and(char::is_uppercase))
        && ws.len() <= MAX_CAPITALISED_SPEAKER_WORDS
    {
        let text: Vec<&str> = ws.iter().map(|w| w.text).collect();
        return Some((SpeakerRef::Capitalised(text.join(" ")), span));
    }
    None
}

/// A speech verb in its place: not a capitalised word inside a sentence,
/// which is part of a name (`State Department`, `Says Law`), while a
/// sentence may open with its cue (`Said Ellis: “...”`); not a noun after
/// a determiner (`the state news agency`).
fn is_cue(w: &Word, text: &str) -> bool {
    lexicon::is_quote_cue(w.text)
        && (!w.text.starts_with(char::is_uppercase) || opens_sentence_at(text, w.start))
        && !text[..w.start]
            .split_whitespace()
            .next_back()
            .is_some_and(|prev| DETERMINERS.contains(&prev.to_lowercase().as_str()))
}

/// `told` and `tells` are followed by the listener (`Kofi Annan, told CNN
/// it was ...`), never by the speaker as `said X` is.
fn names_listener(w: &Word) -> bool {
    matches!(
        w.text.to_lowercase().as_str(),
        "told" | "tells" | "tell" | "telling"
    )
}

/// After the quote: `, Jolani said`, `, said Jolani`, `, he said`, or a
/// partial quote's sentence ending in `, the HTS leader said.`.
fn after_cue(tail: &[Word], mentions: &[Mention], text: &str, qend: usize) -> Option<Found> {
    if tail.is_empty() {
        return None;
    }
    let glue = &text[qend..tail[0].start];
    let adjacent = glue.trim().is_empty() || glue.trim() == ",";
    // CUE SPEAKER: "said Jolani in a video", "said the minister".
    if adjacent && is_cue(&tail[0], text) && !names_listener(&tail[0]) {
        let stop = tail[1..]
            .iter()
            .position(|w| {
                let l = w.text.to_lowercase();
                matches!(
                    l.as_str(),
                    "in" | "on"
                        | "at"
                        | "during"
                        | "who"
                        | "after"
                        | "as"
                        | "when"
                        | "to"
                        | "from"
                        | "that"
                )
            })
            .map_or(tail.len(), |p| p + 1)
            .min(MAX_SPEAKER_PHRASE_WORDS);
        let phrase = &tail[1..stop.max(2).min(tail.len())];
        if let Some((sp, span)) = role_then_name(&tail[1..], mentions, text)
            .or_else(|| speaker_phrase(text, phrase, mentions))
        {
            return Some(Found {
                speaker: sp,
                speaker_span: span,
                cue: tail[0].text.to_string(),
                cue_span: Some((tail[0].start, tail[0].end)),
                partial: false,
                rule: "quote.cue_speaker",
            });
        }
        // `said one former staffer, who ...`: attributed, speaker unknown.
        if let Some(span) = phrase_to_comma(phrase, text) {
            return Some(Found {
                speaker: SpeakerRef::Phrase,
                speaker_span: span,
                cue: tail[0].text.to_string(),
                cue_span: Some((tail[0].start, tail[0].end)),
                partial: false,
                rule: "quote.cue_unresolved",
            });
        }
    }
    // SPEAKER CUE right after the quote, or at the end of its sentence.
    let cue_at = tail.iter().position(|w| is_cue(w, text))?;
    if cue_at == 0 || cue_at > MAX_WORDS_TO_CUE_WITH_APPOSITIVE {
        return None;
    }
    // `“...,” Jane Doe, who works at a plant in Ohio, said`: the speaker
    // is the phrase before the appositive.
    let first_comma = (0..cue_at).find(|&k| text[tail[k].end..].starts_with(','));
    if let Some(fc) = first_comma.filter(|&fc| adjacent && fc < MAX_UNRESOLVED_PHRASE_WORDS) {
        let closes = text[tail[cue_at - 1].end..tail[cue_at].start].contains(',');
        if closes && fc + 1 < cue_at {
            if let Some((sp, span)) = speaker_phrase(text, &tail[..=fc], mentions)
                .filter(|(sp, _)| !matches!(sp, SpeakerRef::Pronoun))
            {
                return Some(Found {
                    speaker: sp,
                    speaker_span: span,
                    cue: tail[cue_at].text.to_string(),
                    cue_span: Some((tail[cue_at].start, tail[cue_at].end)),
                    partial: false,
                    rule: "quote.speaker_appositive_cue",
                });
            }
        }
    }
    if cue_at > MAX_WORDS_TO_CUE {
        return sentence_final_cue(tail, cue_at, mentions, text);
    }
    // The speaker is the words before the cue, after the last comma.
    let mut from = 0;
    for k in 0..cue_at {
        let gap_start = if k == 0 { qend } else { tail[k - 1].end };
        if text[gap_start..tail[k].start].contains(',') {
            from = k;
        }
    }
    // `“...,” when Clinton blasted him`: a clause of its own, whose verb
    // does not attribute the quote (`“...,” as Obama put it` does).
    let opener = tail[from].text.to_lowercase();
    if opener != "as" && lexicon::SUBORDINATORS.contains(&opener.as_str()) {
        return None;
    }
    let partial = from > 0 || !adjacent;
    let phrase = if cue_at - from > MAX_SPEAKER_PHRASE_WORDS {
        // A long run before the cue: only the person it ends on.
        person_ending_before(&tail[from..cue_at], mentions)
    } else {
        speaker_phrase(text, &tail[from..cue_at], mentions)
    };
    let (sp, span) = match phrase {
        Some(found) => found,
        // `“...,” the letter says.`: attributed, speaker unknown.
        None if !partial
            && cue_at <= MAX_UNRESOLVED_PHRASE_WORDS
            && plausible_speaker(&tail[from..cue_at]) =>
        {
            (SpeakerRef::Phrase, (tail[from].start, tail[cue_at - 1].end))
        }
        None => return None,
    };
    Some(Found {
        speaker: sp,
        speaker_span: span,
        cue: tail[cue_at].text.to_string(),
        cue_span: Some((tail[cue_at].start, tail[cue_at].end)),
        partial,
        rule: if partial {
            "quote.partial_speaker_cue"
        } else {
            "quote.speaker_cue"
        },
    })
}

/// `... requested “multiple briefings” on the crisis in Egypt, where ...,
/// White House spokesman Tommy Vietor said Friday.`: a partial quote far
/// from the cue that ends its sentence, whose subject (after the last
/// comma) names a person.
fn sentence_final_cue(
    tail: &[Word],
    cue_at: usize,
    mentions: &[Mention],
    text: &str,
) -> Option<Found> {
    if tail.len() - cue_at > SENTENCE_FINAL_CUE_TAIL_WORDS {
        return None;
    }
    let from = (1..cue_at).rfind(|&k| text[tail[k - 1].end..tail[k].start].contains(','))?;
    if cue_at - from > MAX_SPEAKER_PHRASE_WORDS {
        return None;
    }
    let (sp, span) = speaker_phrase(text, &tail[from..cue_at], mentions)?;
    if !matches!(sp, SpeakerRef::Name(k) if mentions[k].kind == EntityKind::Person) {
        return None;
    }
    Some(Found {
        speaker: sp,
        speaker_span: span,
        cue: tail[cue_at].text.to_string(),
        cue_span: Some((tail[cue_at].start, tail[cue_at].end)),
        partial: true,
        rule: "quote.partial_speaker_cue",
    })
}

/// `said Britain's ambassador to the UN, Mark Lyall Grant`: a role phrase
/// after the cue, a comma, then the person who holds the role.
fn role_then_name(
    ws: &[Word],
    mentions: &[Mention],
    text: &str,
) -> Option<(SpeakerRef, (usize, usize))> {
    let comma = ws
        .iter()
        .take(MAX_SPEAKER_PHRASE_WORDS)
        .position(|w| text[w.end..].starts_with(','))?;
    if !ws[..=comma].iter().any(|w| lexicon::is_person_noun(w.text)) {
        return None;
    }
    let next = ws.get(comma + 1)?;
    let k = mentions.iter().position(|m| {
        m.kind == EntityKind::Person && m.provenance.span.is_some_and(|(s, _)| s == next.start)
    })?;
    Some((SpeakerRef::Name(k), mentions[k].provenance.span.unwrap()))
}

/// `Shadi Hamid, a Brookings Institution analyst based in Qatar, told`,
/// `Simon Collis - who has been recalled to London - said`, `Human Rights
/// Watch, which says`: the cue's subject is the name before an appositive
/// or a relative clause set off right before the cue.
fn subject_before_appositive(
    head: &[Word],
    cue_at: usize,
    mentions: &[Mention],
    text: &str,
) -> Option<(SpeakerRef, (usize, usize))> {
    let gap = |k: usize| &text[head[k - 1].end..head[k].start];
    let sets_off = |g: &str| g.contains(',') || g.contains(" - ") || g.contains(['–', '—']);
    if cue_at < 2 {
        return None;
    }
    let relative =
        matches!(head[cue_at - 1].text, "which" | "who") && gap(cue_at - 1).contains(',');
    let opening = if relative {
        cue_at - 1
    } else if sets_off(gap(cue_at)) {
        (cue_at.saturating_sub(MAX_APPOSITIVE_WORDS).max(1)..cue_at - 1)
            .rev()
            .find(|&j| sets_off(gap(j)))?
    } else {
        return None;
    };
    let end = head[opening - 1].end;
    let k = mentions.iter().rposition(|m| {
        matches!(m.kind, EntityKind::Person | EntityKind::Organisation)
            && m.provenance.span.is_some_and(|(_, e)| e == end)
    })?;
    Some((SpeakerRef::Name(k), mentions[k].provenance.span.unwrap()))
}

/// The words of `ws` up to the first comma, as a byte span (a speaker phrase
/// after its cue: `said one former staffer, who ...`).
fn phrase_to_comma(ws: &[Word], text: &str) -> Option<(usize, usize)> {
    let first = ws.first()?;
    let upto = ws
        .iter()
        .position(|w| text[w.end..].starts_with([',', '.', ';']))
        .map_or(ws.len(), |p| p + 1);
    (upto <= MAX_UNRESOLVED_PHRASE_WORDS && plausible_speaker(&ws[..upto]))
        .then(|| (first.start, ws[upto - 1].end))
}

/// True when `ws` reads like a noun phrase in the speaker's place (`the
/// letter`, `one former staffer`, `Officials`), not a clause (`and asked`,
/// `for abandoning`, `it was agreed to`).
fn plausible_speaker(ws: &[Word]) -> bool {
    let Some(first) = ws.first() else {
        return false;
    };
    let l = first.text.to_lowercase();
    let opens = DETERMINERS.contains(&l.as_str())
        || matches!(
            l.as_str(),
            "another" | "some" | "many" | "several" | "both" | "each" | "other" | "others" | "two"
        )
        || (first.text.starts_with(char::is_uppercase) && !PRONOUNS.contains(&l.as_str()));
    opens
        && ws.iter().all(|w| {
            !lexicon::is_quote_cue(w.text)
                && !matches!(
                    w.text.to_lowercase().as_str(),
                    "that" | "to" | "it" | "was" | "is" | "and" | "but" | "for"
                )
        })
}

/// Before the quote: `He told the regime, "`, `But, said Jolani, "`,
/// `X said in a statement: "`, or reported speech with the quote inside.
fn before_cue(head: &[Word], mentions: &[Mention], text: &str, qstart: usize) -> Option<Found> {
    if head.is_empty() {
        return None;
    }
    let tail_gap = &text[head.last().unwrap().end..qstart];
    // `a man yelled “Stay there!”`: a cue right before a quote that opens
    // like a sentence introduces it too.
    let opens_sentence = text[qstart..]
        .trim_start_matches(['"', '“', '«', '„', ' '])
        .starts_with(|c: char| c.is_uppercase());
    let introduces = tail_gap.contains(',')
        || tail_gap.contains(':')
        || (opens_sentence && is_cue(head.last().unwrap(), text));
    // "according to X, "
    for k in 0..head.len().saturating_sub(2) {
        if head[k].text.eq_ignore_ascii_case("according") && head[k + 1].text == "to" {
            let end = (k + 2..head.len())
                .find(|&j| text[head[j].end..].starts_with(','))
                .map_or(head.len(), |j| j + 1);
            if let Some((sp, span)) = speaker_phrase(text, &head[k + 2..end.min(k + 8)], mentions) {
                return Some(Found {
                    speaker: sp,
                    speaker_span: span,
                    cue: "according to".into(),
                    cue_span: Some((head[k].start, head[k + 1].end)),
                    partial: false,
                    rule: "quote.according_to",
                });
            }
        }
    }
    // The nearest cue first; when its subject names no one (`He said the
    // ministry had ordered ... under “protective control”`), an earlier cue
    // of the sentence whose subject does, unless the words start right
    // after a quote: their first cue is that quote's (`“A!” she wrote,
    // arguing that ..., “more homes will burn.”`).
    let after_quote = text[..head[0].start].trim_end().ends_with(['"', '”', '\'']);
    let tried = if after_quote {
        1
    } else {
        MAX_CUES_BEFORE_QUOTE
    };
    let cues: Vec<usize> = (0..head.len())
        .rev()
        .filter(|&k| is_cue(&head[k], text))
        .take(tried)
        .collect();
    let &nearest = cues.first()?;
    cues.iter()
        .find_map(|&cue_at| {
            cue_before_quote(head, cue_at, introduces, opens_sentence, mentions, text)
        })
        .or_else(|| unnamed_subject_before(head, nearest, introduces, text))
}

/// The quote's attribution by the cue at `cue_at` before it in its sentence.
fn cue_before_quote(
    head: &[Word],
    cue_at: usize,
    introduces: bool,
    opens_sentence: bool,
    mentions: &[Mention],
    text: &str,
) -> Option<Found> {
    let partial = !introduces || head.len() - cue_at > 6;
    if let Some((sp, span)) = quoted_as_saying(head, cue_at, mentions, text) {
        return Some(Found {
            speaker: sp,
            speaker_span: span,
            cue: head[cue_at].text.to_string(),
            cue_span: Some((head[cue_at].start, head[cue_at].end)),
            partial,
            rule: "quote.quoted_source",
        });
    }
    if let Some((sp, span)) = subject_before_appositive(head, cue_at, mentions, text) {
        return Some(Found {
            speaker: sp,
            speaker_span: span,
            cue: head[cue_at].text.to_string(),
            cue_span: Some((head[cue_at].start, head[cue_at].end)),
            partial,
            rule: "quote.appositive_subject_cue",
        });
    }
    // CUE SPEAKER, "  ("said Jolani, “...", or a sentence opening with the
    // cue: "Said Ellis: “...”")
    if cue_at + 1 < head.len() {
        let rest = &head[cue_at + 1..];
        let upto = rest
            .iter()
            .position(|w| text[w.end..].starts_with(','))
            .map_or(rest.len(), |p| p + 1);
        let after_comma =
            cue_at > 0 && text[head[cue_at - 1].end..head[cue_at].start].contains(',');
        if upto <= 5 && (cue_at == 0 || after_comma) && !names_listener(&head[cue_at]) {
            if let Some((sp, span)) = speaker_phrase(text, &rest[..upto], mentions) {
                return Some(Found {
                    speaker: sp,
                    speaker_span: span,
                    cue: head[cue_at].text.to_string(),
                    cue_span: Some((head[cue_at].start, head[cue_at].end)),
                    partial: false,
                    rule: "quote.cue_speaker_before",
                });
            }
        }
    }
    // SPEAKER CUE ...: the words before the cue, back to a clause break.
    let from = clause_start(head, cue_at, text);
    let mut speaker = if cue_at > from && cue_at - from <= MAX_SPEAKER_PHRASE_WORDS {
        speaker_phrase(text, &head[from..cue_at], mentions)
    } else if cue_at > from && describes_anonymous_source(&head[from..cue_at]) {
        Some((
            SpeakerRef::Anonymous,
            (head[from].start, head[cue_at - 1].end),
        ))
    } else {
        None
    };
    if speaker.is_none() {
        // "X blasted the deal, but said ...": the sentence's subject.
        speaker = speaker_phrase(text, &head[..cue_at.min(5)], mentions).filter(|(s, _)| {
            matches!(s, SpeakerRef::Name(k) if mentions[*k].kind == EntityKind::Person)
                || matches!(s, SpeakerRef::Pronoun)
        });
    }
    if speaker.is_none() {
        // "... of Homs President Barack Obama has described ...": a long
        // run before the cue ends with its subject, a person named right
        // before the cue or its auxiliary.
        speaker = person_ending_before(&head[..cue_at], mentions);
    }
    // `..., adding, “...”` / `The letter continues: “...”`: the cue
    // introduces the quote but its speaker is elided (the nearest person
    // before, as for "he") or a phrase naming nobody.
    // Words between the cue and the quote that are not a clause of their
    // own (`said Thursday on Twitter, “...”`, `told the crowd, “...”`).
    let after_cue_words = &head[cue_at + 1..];
    let cue_ends_clause = after_cue_words.len() <= 5
        && after_cue_words.iter().all(|w| {
            !lexicon::is_quote_cue(w.text)
                && !matches!(w.text.to_lowercase().as_str(), "that" | "and" | "but")
        });
    if speaker.is_none() && introduces && opens_sentence && cue_ends_clause {
        let relative = from >= 2 && matches!(head[from - 1].text, "that" | "which");
        let (sp, span) = if cue_at > from {
            (SpeakerRef::Phrase, (head[from].start, head[cue_at - 1].end))
        } else if relative {
            // `a sign that read: “...”`: what the relative clause is about
            // speaks, not the nearest person.
            let noun = &head[from.saturating_sub(4)..from - 1];
            (
                SpeakerRef::Phrase,
                (noun[0].start, noun[noun.len() - 1].end),
            )
        } else {
            (SpeakerRef::Implicit, (head[cue_at].start, head[cue_at].end))
        };
        return Some(Found {
            speaker: sp,
            speaker_span: span,
            cue: head[cue_at].text.to_string(),
            cue_span: Some((head[cue_at].start, head[cue_at].end)),
            partial: false,
            rule: "quote.cue_implicit_speaker",
        });
    }
    let (sp, span) = speaker?;
    Some(Found {
        speaker: sp,
        speaker_span: span,
        cue: head[cue_at].text.to_string(),
        cue_span: Some((head[cue_at].start, head[cue_at].end)),
        partial,
        rule: if partial {
            "quote.reported_speech"
        } else {
            "quote.speaker_cue_before"
        },
    })
}

/// `SANA quoted an official military source as saying ...`: the speaker is
/// the one quoted, not the medium quoting them (in the passive, `X was
/// quoted by SANA as saying`, the subject speaks and this does not apply).
fn quoted_as_saying(
    head: &[Word],
    cue_at: usize,
    mentions: &[Mention],
    text: &str,
) -> Option<(SpeakerRef, (usize, usize))> {
    if cue_at < 3
        || !head[cue_at].text.eq_ignore_ascii_case("saying")
        || !head[cue_at - 1].text.eq_ignore_ascii_case("as")
    {
        return None;
    }
    let as_at = cue_at - 1;
    let quoted = (as_at.saturating_sub(MAX_SPEAKER_PHRASE_WORDS + 1)..as_at)
        .rfind(|&k| head[k].text.eq_ignore_ascii_case("quoted"))?;
    if quoted + 1 >= as_at || head[quoted + 1].text.eq_ignore_ascii_case("by") {
        return None;
    }
    speaker_phrase(text, &head[quoted + 1..as_at], mentions)
}

/// The subject opening the words `ws` of a sentence (after an opening
/// subordinate clause): the run of words up to the first lower-case word
/// outside a name that does not follow a determiner (`The authorities`,
/// `On Saturday Arab League Secretary General Nabil al-Arabi`), when it
/// names someone or describes an anonymous source.
fn sentence_subject(
    ws: &[Word],
    mentions: &[Mention],
    text: &str,
) -> Option<(SpeakerRef, (usize, usize))> {
    let (first, last) = (ws.first()?, ws.last()?);
    let main = main_clause_start(text, first.start, last.end);
    let from = ws.partition_point(|w| w.start < main);
    let in_name = |w: &Word| {
        mentions.iter().any(|m| {
            m.provenance
                .span
                .is_some_and(|(s, e)| s <= w.start && w.end <= e)
        })
    };
    let upto = (from + 1..ws.len())
        .find(|&j| {
            ws[j].text.starts_with(char::is_lowercase)
                && !in_name(&ws[j])
                && !DETERMINERS.contains(&ws[j - 1].text.to_lowercase().as_str())
        })
        .unwrap_or(ws.len());
    if upto <= from || upto - from > MAX_SPEAKER_PHRASE_WORDS + 1 {
        return None;
    }
    speaker_phrase(text, &ws[from..upto], mentions).filter(|(s, _)| {
        matches!(s, SpeakerRef::Anonymous)
            || matches!(s, SpeakerRef::Name(k) if matches!(mentions[*k].kind, EntityKind::Person | EntityKind::Organisation))
    })
}

/// Where the words before the cue at `cue_at` start: after the last comma
/// or conjunction before it (its subject's clause).
fn clause_start(head: &[Word], cue_at: usize, text: &str) -> usize {
    for k in (0..cue_at).rev() {
        if k + 1 < cue_at && text[head[k].end..head[k + 1].start].contains(',') {
            return k + 1;
        }
        let l = head[k].text.to_lowercase();
        if matches!(
            l.as_str(),
            "but" | "and" | "that" | "which" | "while" | "as"
        ) {
            return k + 1;
        }
    }
    0
}

/// `The report also said Mr Assad ... and that “events were coming to an
/// end”`, `In a statement the family said, “our whole family ...”`: a cue
/// whose subject is a noun phrase naming no one. The quote is attributed,
/// its speaker unknown.
fn unnamed_subject_before(
    head: &[Word],
    cue_at: usize,
    introduces: bool,
    text: &str,
) -> Option<Found> {
    let from = clause_start(head, cue_at, text);
    let subject = &head[from..cue_at];
    if subject.is_empty()
        || subject.len() > MAX_UNRESOLVED_PHRASE_WORDS
        || !plausible_speaker(subject)
    {
        return None;
    }
    let partial = !introduces || head.len() - cue_at > 6;
    Some(Found {
        speaker: SpeakerRef::Phrase,
        speaker_span: (subject[0].start, subject[subject.len() - 1].end),
        cue: head[cue_at].text.to_string(),
        cue_span: Some((head[cue_at].start, head[cue_at].end)),
        partial,
        rule: "quote.cue_unresolved",
    })
}

/// In a video/statement/interview: a cue without a verb.
fn medium_cue(head: &[Word]) -> bool {
    head.windows(3).any(|w| {
        matches!(w[0].text.to_lowercase().as_str(), "in" | "during")
            && matches!(
                w[2].text.to_lowercase().as_str(),
                "video"
                    | "statement"
                    | "speech"
                    | "interview"
                    | "recording"
                    | "message"
                    | "post"
                    | "tweet"
                    | "letter"
                    | "address"
            )
    })
}

/// The person each mention stands for in this article: its stated target,
/// or the unique longer person name it is the surname of. Computed once per
/// distinct name (long articles repeat names hundreds of times).
fn canonical_all(mentions: &[Mention]) -> Vec<usize> {
    let mut multi: Vec<usize> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (j, o) in mentions.iter().enumerate() {
        if o.kind == EntityKind::Person && o.key.contains(' ') && seen.insert(o.key.as_str()) {
            multi.push(j);
        }
    }
    let mut cache: std::collections::HashMap<&str, Option<usize>> =
        std::collections::HashMap::new();
    mentions
        .iter()
        .enumerate()
        .map(|(k, m)| {
            if let Some(t) = m.alias_of {
                return t;
            }
            let found = *cache.entry(m.key.as_str()).or_insert_with(|| {
                let n = m.key.split(' ').count();
                let hits: Vec<usize> = multi
                    .iter()
                    .copied()
                    .filter(|&j| mentions[j].key.split(' ').count() > n)
                    .filter(|&j| {
                        matches!(
                            relate(&m.text, &mentions[j].text),
                            NameRelation::Surname | NameRelation::Same
                        )
                    })
                    .collect();
                match hits[..] {
                    [one] => Some(one),
                    _ => None,
                }
            });
            found.unwrap_or(k)
        })
        .collect()
}

/// One text being read for quotes: its words and mentions, and the person
/// each mention stands for.
struct QuoteText<'a> {
    text: &'a str,
    mentions: &'a [Mention],
    ws: Vec<Word<'a>>,
    canon: Vec<usize>,
    /// Per mention: a person a pronoun may refer to (computed on the first
    /// pronoun: most texts have none).
    antecedents: OnceCell<Vec<bool>>,
    /// The quoted words of every quote span, in text order: a name inside
    /// a quote is spoken about, not the one speaking.
    quoted: Vec<(usize, usize)>,
}

impl<'a> QuoteText<'a> {
    /// True when the word right after byte `end` (one space between) is a
    /// plain reporting verb: the name ending there is the subject of a cue
    /// (`Mr. Obama said`), where `X warned him` names no speaker.
    fn cue_follows(&self, end: usize) -> bool {
        let i = self.ws.partition_point(|w| w.start < end);
        self.ws.get(i).is_some_and(|w| {
            self.text[end..w.start].trim_matches([' ', ')']).is_empty()
                && matches!(
                    w.text.to_lowercase().as_str(),
                    "said" | "says" | "told" | "tells" | "added" | "adds" | "wrote" | "writes"
                )
        })
    }

    /// The words lying wholly in `from..to` (words are in text order: sliced
    /// by binary search, not by scanning).
    fn words_in(&self, from: usize, to: usize) -> Vec<Word<'a>> {
        self.ws[self.ws.partition_point(|w| w.start < from)..]
            .iter()
            .copied()
            .take_while(|w| w.end <= to)
            .collect()
    }

    /// Whether mention `k` is a person a pronoun may refer to: typed a
    /// person, and its name not a known place.
    fn may_be_antecedent(&self, k: usize) -> bool {
        self.antecedents.get_or_init(|| {
            self.mentions
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    m.kind == EntityKind::Person
                        && !lexicon::is_known_place(&self.mentions[self.canon[k]].text)
                })
                .collect()
        })[k]
    }

    /// Whether mention `k` opens its line and a colon follows it: the label
    /// of a subheading or caption glued to the paragraph after it (`Annan:
    /// People clamoring for democracy “Leaders have ...,” he said`), which
    /// is no one's clause.
    fn labels_line(&self, k: usize) -> bool {
        let (s, e) = self.mentions[k].provenance.span.unwrap();
        let before = self.text[..s].trim_end_matches([' ', '\t']);
        self.text[e..].starts_with(':') && (before.is_empty() || before.ends_with('\n'))
    }

    /// Whether byte `at` lies inside quoted words.
    fn in_quote(&self, at: usize) -> bool {
        let i = self.quoted.partition_point(|&(s, _)| s <= at);
        i > 0 && at < self.quoted[i - 1].1
    }

    /// The last word starting before `at`.
    fn word_before(&self, at: usize) -> Option<&Word<'a>> {
        self.ws[..self.ws.partition_point(|w| w.start < at)].last()
    }
}

/// A speaker resolved earlier in the text: a candidate antecedent for a
/// later "he" or "she".
struct EarlierSpeaker {
    at: usize,
    name: String,
    person: bool,
}

/// The quotes attributed so far, in text order.
struct Attributed {
    quotes: Vec<Quote>,
    /// Resolved speakers so far, at the start of their quotes.
    earlier: Vec<EarlierSpeaker>,
    /// End of the last quote that is not partial.
    prev_end: usize,
    /// What is known of each person's gender, by canonical name: from
    /// titles and first names, and from the "he" or "she" an earlier quote
    /// resolved to them.
    genders: HashMap<String, Gender>,
}

impl Attributed {
    fn new(doc: &QuoteText) -> Attributed {
        Attributed {
            quotes: Vec::new(),
            earlier: Vec::new(),
            prev_end: 0,
            genders: name_genders(doc.mentions, &doc.canon),
        }
    }

    fn record(&mut self, q: Quote, person: bool, gender: Option<Gender>) {
        let (qs, qe) = q.provenance.span.unwrap();
        if let Some(name) = &q.speaker {
            if let Some(g) = gender {
                self.genders.entry(name.clone()).or_insert(g);
            }
            self.earlier.push(EarlierSpeaker {
                at: qs,
                name: name.clone(),
                person,
            });
        }
        if !q.partial {
            self.prev_end = qe;
        }
        self.quotes.push(q);
    }

    /// The last quote that is not partial.
    fn last_direct(&self) -> Option<&Quote> {
        self.quotes.iter().rfind(|q| !q.partial)
    }

    /// Whether an earlier speaker of this name was a person.
    fn was_person(&self, name: &str) -> bool {
        self.earlier
            .iter()
            .rev()
            .find(|e| e.name == name)
            .is_some_and(|e| e.person)
    }
}

/// A quote span in its sentence: the first phase of attribution.
struct QuoteSite<'a> {
    /// Byte span including the marks.
    outer: (usize, usize),
    /// The quoted words, trimmed.
    inner: &'a str,
    n_words: usize,
    /// End of the quote's sentence.
    sentence_end: usize,
    /// The sentence's words before and after the quote.
    head: Vec<Word<'a>>,
    tail: Vec<Word<'a>>,
    /// The quote opens its paragraph.
    paragraph_start: bool,
}

/// Finds the direct quotes of a text, given its mentions.
pub fn find_quotes(text: &str, mentions: &[Mention]) -> Vec<Quote> {
    let spans = quote_spans(text);
    let doc = QuoteText {
        text,
        mentions,
        ws: words(text),
        canon: canonical_all(mentions),
        antecedents: OnceCell::new(),
        quoted: spans.iter().map(|s| s.inner).collect(),
    };
    debug_assert!(doc.quoted.is_sorted());
    let mut done = Attributed::new(&doc);
    for &span in &spans {
        if let Some((q, person, gender)) = attribute_quote(&doc, &done, span, &spans) {
            done.record(q, person, gender);
        }
    }
    merge_split_quotes(text, done.quotes)
}

/// Attributes one quote span, given the quotes before it: its sentence
/// ([`quote_site`]), its cue and speaker phrase ([`speaker_cue`]), whether
/// it is speech at all, and its speaker ([`resolve_attribution`]). None when
/// the span is a title, a scare quote or a short fragment of the writer's
/// sentence.
fn attribute_quote(
    doc: &QuoteText,
    done: &Attributed,
    span: Span,
    spans: &[Span],
) -> Option<(Quote, bool, Option<Gender>)> {
    let site = quote_site(doc, span);
    let (qs, qe) = site.outer;
    if names_a_title(doc.text, &doc.ws, qs, site.inner) {
        return None;
    }
    let mut found = speaker_cue(doc, &site);
    if found.is_none() {
        found = cue_after_run_on(doc, span, spans);
    }
    let continues_prev = continues_previous_quote(doc, done, qs);
    // A short quote with no cue is a scare quote or a title, not speech.
    if found.is_none()
        && !(site.paragraph_start && site.n_words >= MIN_WORDS_UNCUED_PARAGRAPH_QUOTE)
        && !continues_prev
        && span.run.is_none()
    {
        return None;
    }
    let lower_fragment = mark_writers_fragment(doc, done, &site, continues_prev, &mut found);
    if lower_fragment && site.n_words < MIN_WORDS_PARTIAL_QUOTE {
        return None;
    }
    if found
        .as_ref()
        .is_some_and(|f| f.partial && site.n_words < MIN_WORDS_PARTIAL_QUOTE)
    {
        return None;
    }
    let cue_span = found.as_ref().and_then(|f| f.cue_span);
    let mut a = resolve_attribution(doc, done, &site, found, continues_prev);
    a.partial |= lower_fragment;
    let quote = Quote {
        key: super::quote_bank::quote_key(site.inner),
        text: site.inner.to_string(),
        speaker_key: a.speaker.as_deref().map(name_key),
        speaker: a.speaker,
        speaker_text: a.speaker_text,
        speaker_span: a.speaker_span,
        cue: a.cue,
        cue_span,
        partial: a.partial,
        provenance: Provenance::new(a.rule, a.confidence).with_span(qs, qe),
    };
    Some((quote, a.person, a.gender))
}

/// A line of a quotation that runs on over several lines, before the line
/// with its close mark: the cue after that mark (`" The positions ... not
/// going to help.\nThey have never helped, " he said.`).
fn cue_after_run_on(doc: &QuoteText, span: Span, spans: &[Span]) -> Option<Found> {
    let run = span.run?;
    let last = spans.iter().rev().find(|s| s.run == Some(run))?;
    if last.outer.0 <= span.outer.0 {
        return None;
    }
    speaker_cue(doc, &quote_site(doc, *last)).filter(|f| !f.partial)
}

/// Phase one: the quote's words, its sentence, and the sentence's words on
/// each side of it.
fn quote_site<'a>(doc: &QuoteText<'a>, span: Span) -> QuoteSite<'a> {
    let text = doc.text;
    let (qs, qe) = span.outer;
    let inner = text[span.inner.0..span.inner.1].trim();
    let (ss, se) = sentence_bounds(text, qs, qe);
    let before = text[..qs].trim_end_matches([' ', '\t']);
    QuoteSite {
        outer: span.outer,
        inner,
        n_words: inner.split_whitespace().count(),
        sentence_end: se,
        head: doc.words_in(ss, qs),
        tail: doc.words_in(qe, se),
        paragraph_start: before.is_empty() || before.ends_with('\n'),
    }
}

/// Phase two: the cue and the speaker phrase of a quote. A cue in its
/// sentence first, then a cue closing the paragraph before, a medium (`in a
/// statement`), a name and a colon, or a bare colon.
fn speaker_cue(doc: &QuoteText, site: &QuoteSite) -> Option<Found> {
    cue_in_sentence(doc, site)
        .or_else(|| cue_closing_paragraph_before(doc, site))
        .or_else(|| medium_attribution(doc, site))
        .or_else(|| name_colon_attribution(doc, site))
        .or_else(|| colon_attribution(doc, site))
}

/// A cue right after the quote wins; failing that, one that introduces it
/// (`He also vowed, "...," referring to ...`).
fn cue_in_sentence(doc: &QuoteText, site: &QuoteSite) -> Option<Found> {
    let (text, mentions) = (doc.text, doc.mentions);
    let (qs, qe) = site.outer;
    let mut after = after_cue(&site.tail, mentions, text, qe);
    // `X responds with, “A?” Y then writes back, “B.”`: a cue clause
    // after the quote that runs into the next quote (`..., “B`)
    // introduces that one; when a cue introduces this quote too, the
    // later clause is not this quote's attribution.
    let se = site.sentence_end;
    let hands_over = site.tail.last().is_some_and(|w| {
        text[se..].starts_with(['“', '"']) && text[w.end..se].trim().ends_with([',', ':'])
    });
    if hands_over && after.as_ref().is_some_and(|f| !f.partial) {
        if let Some(b) = before_cue(&site.head, mentions, text, qs).filter(|b| !b.partial) {
            after = Some(b);
        }
    }
    match after {
        Some(f) if !f.partial => Some(f),
        after => match before_cue(&site.head, mentions, text, qs) {
            Some(b) if !b.partial => Some(b),
            // Both in reported speech: the one that names a speaker.
            Some(b) if !matches!(b.speaker, SpeakerRef::Phrase) => Some(b),
            before => after
                .or(before)
                .or_else(|| participle_after_quote(site, mentions, text)),
        },
    }
}

/// `The authorities blame the violence on “armed criminal gangs”, saying
/// ...`: a participle cue right after the quote, whose subject is the
/// sentence's; the quote is reported speech of that subject.
fn participle_after_quote(site: &QuoteSite, mentions: &[Mention], text: &str) -> Option<Found> {
    let cue = site.tail.first()?;
    let glue = text[site.outer.1..cue.start].trim();
    if !(glue.is_empty() || glue == ",") || !cue.text.ends_with("ing") || !is_cue(cue, text) {
        return None;
    }
    let (sp, span) = sentence_subject(&site.head, mentions, text)?;
    Some(Found {
        speaker: sp,
        speaker_span: span,
        cue: cue.text.to_string(),
        cue_span: Some((cue.start, cue.end)),
        partial: true,
        rule: "quote.reported_speech",
    })
}

/// `Cruz said:` closing the paragraph before a quote paragraph.
fn cue_closing_paragraph_before(doc: &QuoteText, site: &QuoteSite) -> Option<Found> {
    if !site.paragraph_start {
        return None;
    }
    let text = doc.text;
    let before = text[..site.outer.0].trim_end();
    if !before.ends_with(':') {
        return None;
    }
    let colon = before.len() - 1;
    let (ps, _) = sentence_bounds(text, colon, colon);
    let prev_head = doc.words_in(ps, colon);
    before_cue(&prev_head, doc.mentions, text, colon + 1).map(|mut f| {
        f.partial = false;
        f.rule = "quote.introduced_by_colon";
        f
    })
}

/// `X said in a video`: a medium named before the quote, with no verb.
fn medium_attribution(doc: &QuoteText, site: &QuoteSite) -> Option<Found> {
    if !medium_cue(&site.head) {
        return None;
    }
    let subject = &site.head[..site.head.len().min(MEDIUM_SPEAKER_MAX_WORDS)];
    let (sp, span) = speaker_phrase(doc.text, subject, doc.mentions)?;
    Some(Found {
        speaker: sp,
        speaker_span: span,
        cue: "in a statement".into(),
        cue_span: None,
        partial: false,
        rule: "quote.medium",
    })
}

/// `Pollster Jane Doe: “...”`: a person's name and a colon right before the
/// quote.
fn name_colon_attribution(doc: &QuoteText, site: &QuoteSite) -> Option<Found> {
    let before = doc.text[..site.outer.0].trim_end();
    let colon = before.strip_suffix(':').map(str::len)?;
    let k = doc
        .mentions
        .iter()
        .rposition(|m| m.provenance.span.is_some_and(|(_, e)| e == colon))?;
    let m = &doc.mentions[k];
    // `Stated Stone: “...”`: a cue before the name says it is a speaker.
    let (ms, _) = m.provenance.span.unwrap();
    let cue_before = doc.text[..ms]
        .split_whitespace()
        .next_back()
        .is_some_and(lexicon::is_quote_cue);
    if m.kind != EntityKind::Person && !cue_before {
        return None;
    }
    Some(Found {
        speaker: SpeakerRef::Name(k),
        speaker_span: m.provenance.span.unwrap(),
        cue: ":".into(),
        cue_span: Some((colon, colon + 1)),
        partial: false,
        rule: "quote.name_colon",
    })
}

/// `The message was clear: “Dump him.”`: a sentence quoted after a colon,
/// with no cue; the speaker is the phrase before the colon, unresolved.
fn colon_attribution(doc: &QuoteText, site: &QuoteSite) -> Option<Found> {
    let head = &site.head;
    let last = head.last()?;
    if site.n_words < MIN_WORDS_PARTIAL_QUOTE {
        return None;
    }
    let opens_sentence = site.inner.starts_with(|c: char| c.is_uppercase());
    if !opens_sentence || doc.text[last.end..site.outer.0].trim() != ":" {
        return None;
    }
    let from = head.len().saturating_sub(COLON_PHRASE_WORDS);
    Some(Found {
        speaker: SpeakerRef::Phrase,
        speaker_span: (head[from].start, last.end),
        cue: ":".into(),
        cue_span: None,
        partial: false,
        rule: "quote.colon",
    })
}

/// The second half of `"...," he said. "..."` in one paragraph: the last
/// direct quote's cue lies between it and `qs` (a title quoted in the
/// narration between, `on NBC's "Meet the Press."`, is a partial quote and
/// does not count).
fn continues_previous_quote(doc: &QuoteText, done: &Attributed, qs: usize) -> bool {
    let prev_end = done.prev_end;
    done.last_direct().is_some_and(|p| {
        let between = &doc.text[prev_end..qs];
        p.cue_span
            .is_some_and(|(cs, ce)| cs >= prev_end && ce <= qs)
            && !between.contains('\n')
            && between.split_whitespace().count() <= MAX_WORDS_BETWEEN_FRAGMENTS
    })
}

/// A quote opening in lower case inside a sentence is a fragment of the
/// writer's own sentence (`will play the "woman card,"`), not direct speech,
/// unless a cue or a colon introduces it right there (`He says “it’s
/// interesting ...”`). Marks `found` partial, or, when the quote has no cue
/// of its own, returns true (quoted words in the writer's sentence after an
/// earlier quote's cue: `she wrote, arguing that ..., "more homes will
/// burn."`).
fn mark_writers_fragment(
    doc: &QuoteText,
    done: &Attributed,
    site: &QuoteSite,
    continues_prev: bool,
    found: &mut Option<Found>,
) -> bool {
    let text = doc.text;
    let qs = site.outer.0;
    let opens_lower = site
        .inner
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .starts_with(|c: char| c.is_lowercase());
    if !opens_lower || site.paragraph_start {
        return false;
    }
    let prev_end = done.prev_end;
    let introduced = doc.word_before(qs).is_some_and(|w| {
        let gap = &text[w.end..qs];
        gap.contains(':')
            || (is_cue(w, text) && gap.trim_matches([' ', ',']).is_empty())
            // `“A,” he said of Trump, “because ...”`: the quote
            // resumed after its cue.
            || (continues_prev
                && gap.trim_end().ends_with(',')
                && text[prev_end..qs].split_whitespace().count() <= MAX_WORDS_RESUMING_CUE)
    }) || found.as_ref().is_some_and(|f| {
        // `But, said Haddad, “our people ...”`: the speaker phrase
        // after its cue, right before the quote.
        !f.partial
            && f.cue_span.is_some_and(|(_, ce)| ce <= f.speaker_span.0)
            && f.speaker_span.1 <= qs
            && text[f.speaker_span.1..qs].trim() == ","
    });
    if introduced {
        return false;
    }
    match found.as_mut() {
        Some(f) => {
            f.partial = true;
            false
        }
        None => true,
    }
}

/// A quote's attribution, before it becomes a [`Quote`].
struct Attribution {
    speaker: Option<String>,
    rule: &'static str,
    confidence: f32,
    speaker_text: Option<String>,
    speaker_span: Option<(usize, usize)>,
    cue: Option<String>,
    partial: bool,
    /// The speaker is a person (see [`Resolution`]).
    person: bool,
    gender: Option<Gender>,
}

/// Phase three: the speaker a cue's phrase names, or, for a quote without a
/// cue, the speaker of the quote it continues (a quote paragraph after a
/// quote that ended in this paragraph or the one before).
fn resolve_attribution(
    doc: &QuoteText,
    done: &Attributed,
    site: &QuoteSite,
    found: Option<Found>,
    continues_prev: bool,
) -> Attribution {
    if let Some(f) = found {
        let phrase = &doc.text[f.speaker_span.0..f.speaker_span.1];
        let r = resolve(&f.speaker, f.speaker_span.0, phrase, doc, done);
        return Attribution {
            speaker: r.name,
            rule: r.rule.unwrap_or(f.rule),
            confidence: r.confidence,
            speaker_text: Some(phrase.to_string()),
            speaker_span: Some(f.speaker_span),
            cue: Some(f.cue),
            partial: f.partial,
            person: r.person,
            gender: r.gender,
        };
    }
    let qs = site.outer.0;
    let prev = done.last_direct().filter(|_| {
        let between = doc.text[done.prev_end..qs].trim();
        (!between.contains('\n') && site.paragraph_start) || continues_prev
    });
    let (speaker, rule, confidence) = match prev {
        Some(p) => (
            p.speaker.clone(),
            "quote.continuation",
            p.provenance.confidence.min(CONTINUATION_CONFIDENCE),
        ),
        None => (None, "quote.unattributed", UNATTRIBUTED_CONFIDENCE),
    };
    Attribution {
        person: speaker.as_deref().is_some_and(|s| done.was_person(s)),
        speaker,
        rule,
        confidence,
        speaker_text: None,
        speaker_span: None,
        cue: None,
        partial: false,
        gender: None,
    }
}

/// Lower-case words a title keeps in Title Case (`“Report of the Week”`).
const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "at", "with", "by", "from", "is",
    "de", "la", "vs",
];

/// A title in Title Case run into the writer's sentence (`on the network's
/// “Morning Report Today,” the senator said`, `a book called “Women Who
/// Lead”`): two to six
/// words, each capitalised or a small title word, right after a word that
/// is not a speech cue. It names a show, book or slogan; it is not speech,
/// whatever cue follows in the sentence.
fn names_a_title(text: &str, ws: &[Word], qs: usize, inner: &str) -> bool {
    let inner = inner.trim_end_matches([',', '.', '!', '?']);
    let words: Vec<&str> = inner
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    // A subtitle makes a title longer (`“Collapse: How Societies Choose to
    // Fail or Succeed”`).
    let longest = if inner.contains(':') { 10 } else { 6 };
    if !(2..=longest).contains(&words.len()) || !words[0].starts_with(char::is_uppercase) {
        return false;
    }
    let title_case = words.iter().all(|w| {
        w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            || TITLE_SMALL_WORDS.contains(&w.to_lowercase().as_str())
    });
    if !title_case {
        return false;
    }
    // Right after a word, one space between: not after a colon, a comma or
    // a line break, and not after a cue (`chanting “Stop The War”`).
    let Some(prev) = ws[..ws.partition_point(|w| w.start < qs)].last() else {
        return false;
    };
    // A naming verb is a cue word too, but what it introduces in Title
    // Case is a name (`a play called “The Sons of Kings”`).
    let naming = matches!(
        prev.text.to_lowercase().as_str(),
        "called" | "titled" | "entitled" | "named" | "dubbed" | "labeled" | "labelled"
    );
    text[prev.end..qs] == *" " && (naming || !is_cue(prev, text))
}

/// `“Judge,” Brafman said, “I have never…”`: one quote interrupted by its
/// attribution becomes one quote (the second part takes the first's speaker).
/// The attribution convention of news corpora (PolNeAR): fragments after the
/// cue that have no cue of their own belong to the same attribution, also when
/// narration stands between them in the paragraph (`“A,” X said. They also
/// lie far away. “B.”`). A quote paragraph after the cue's paragraph stays
/// apart (PolNeAR joins some of those; the quote bank needs the paragraphs
/// that copies share).
fn merge_split_quotes(text: &str, quotes: Vec<Quote>) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::with_capacity(quotes.len());
    // The last quote that is not partial (a partial one in the narration
    // between two fragments, a title like `on NBC's "Meet the Press."`,
    // does not break the attribution; it is dropped when they join).
    let mut last_full: Option<usize> = None;
    for mut q in quotes {
        // A fragment after a long speaker phrase (`“A,” said X, director
        // of ... in London, “but it is ...”`) reads as reported speech on
        // its own, but it shares the cue of the quote before: it may join.
        let shares_cue = |pi: usize| q.cue_span.is_some() && out[pi].cue_span == q.cue_span;
        if let Some(pi) = last_full.filter(|&pi| !q.partial || shares_cue(pi)) {
            let prev = &out[pi];
            let (ps, _) = prev.provenance.span.unwrap();
            let (_, qe) = q.provenance.span.unwrap();
            let fragment = split_fragment(text, prev, &q);
            if matches!(fragment, Fragment::InNarration) {
                q.partial = true;
            } else if matches!(fragment, Fragment::Joins) {
                let joined = format!("{} {}", prev.text, q.text);
                out.truncate(pi + 1);
                let prev = &mut out[pi];
                prev.text = joined;
                prev.key = super::quote_bank::quote_key(&prev.text);
                prev.provenance.span = Some((ps, qe));
                continue;
            }
        }
        if !q.partial {
            last_full = Some(out.len());
        }
        out.push(q);
    }
    out
}

/// What a quote `q` after `prev` is to `prev`'s attribution.
enum Fragment {
    /// The later fragment of `prev`'s quote (`“A,” X said. “B.”`).
    Joins,
    /// A quote of its own.
    Apart,
    /// Quoted words inside the writer's sentence after `prev`'s cue (`X
    /// said, calling on Congress to pay "their fair share"`): a partial
    /// quote, not direct speech.
    InNarration,
}

/// Whether `q` continues `prev`'s attribution (see [`merge_split_quotes`]).
/// The narration between must carry `prev`'s cue and end a clause (`X
/// said. “B`, `X said, “b`); after a colon (`X said in a statement: “B`) the
/// later quote is one of its own, and after a word it is part of the
/// writer's sentence.
fn split_fragment(text: &str, prev: &Quote, q: &Quote) -> Fragment {
    let (_, pe) = prev.provenance.span.unwrap();
    let (qs, _) = q.provenance.span.unwrap();
    let shared_cue = q.cue_span.is_some() && q.cue_span == prev.cue_span;
    if prev.partial || (q.partial && !shared_cue) || qs < pe {
        return Fragment::Apart;
    }
    let between = &text[pe..qs];
    if !prev.cue_span.is_some_and(|(cs, ce)| cs >= pe && ce <= qs) {
        return Fragment::Apart;
    }
    // The later fragment's own cue ("“B,” she added.") makes it another
    // attribution; the cue it shares (`X said, “B”`) does not.
    if q.cue_span.is_some() && q.cue_span != prev.cue_span {
        return Fragment::Apart;
    }
    // The same cue (`“A,” she said, “b”`) is the same speaker, whatever
    // the pronoun resolved to for each fragment.
    let same_speaker = q.speaker.is_none()
        || q.cue_span == prev.cue_span
        || q.speaker == prev.speaker
        || q.provenance.rule == "quote.continuation";
    // One paragraph only: a quote paragraph after the cue's paragraph stays
    // its own quote (syndicated copies that break paragraphs differently
    // still share it in the quote bank).
    let n_words = between.split_whitespace().count();
    if !same_speaker || between.contains('\n') || n_words > MAX_WORDS_BETWEEN_FRAGMENTS {
        return Fragment::Apart;
    }
    // A title quoted in the narration (`on NBC's "Meet the Press."`) ends
    // with its own mark.
    let ends = between.trim_end().trim_end_matches(['"', '”']);
    // `“A,” she said “B.”` (the comma left out): the cue itself ends the
    // narration.
    let cue_last = prev
        .cue_span
        .is_some_and(|(_, ce)| ce == pe + between.trim_end().len());
    if ends.ends_with([',', '.', '!', '?']) || cue_last {
        Fragment::Joins
    } else if ends.ends_with([':', ';']) {
        Fragment::Apart
    } else {
        Fragment::InNarration
    }
}

/// The comparable part of a role word: its function class, or a
/// nationality adjective ("turkish").
fn role_key(w: &str) -> Option<String> {
    if let Some(c) = lexicon::role_class(w) {
        return Some(c.to_string());
    }
    let l = w.to_lowercase();
    (l.len() > 4
        && (l.ends_with("ish") || l.ends_with("ian") || l.ends_with("ese") || l.ends_with("an")))
    .then(|| format!("nat:{l}"))
}

/// A speaker reference resolved: the name (if any), how sure, the rule
/// that decided it when resolution rather than the cue did, and what a
/// later pronoun may learn from it.
struct Resolution {
    name: Option<String>,
    confidence: f32,
    rule: Option<&'static str>,
    /// The speaker is a person (a later "he" or "she" may refer to them).
    person: bool,
    /// The gender a "he" or "she" gave the speaker.
    gender: Option<Gender>,
}

impl Resolution {
    fn unnamed(confidence: f32, rule: Option<&'static str>) -> Resolution {
        Resolution {
            name: None,
            confidence,
            rule,
            person: false,
            gender: None,
        }
    }

    fn person(name: Option<String>, confidence: f32) -> Resolution {
        Resolution {
            person: name.is_some(),
            name,
            confidence,
            rule: None,
            gender: None,
        }
    }
}

/// Resolves a speaker reference `phrase` at byte `at` to a name.
fn resolve(
    r: &SpeakerRef,
    at: usize,
    phrase: &str,
    doc: &QuoteText,
    done: &Attributed,
) -> Resolution {
    let (mentions, canon) = (doc.mentions, &doc.canon);
    match r {
        SpeakerRef::Name(k) => {
            let c = canon[*k];
            Resolution {
                name: Some(mentions[c].text.clone()),
                confidence: NAMED_SPEAKER_CONFIDENCE,
                rule: None,
                person: mentions[*k].kind == EntityKind::Person,
                gender: None,
            }
        }
        SpeakerRef::Capitalised(s) => Resolution {
            name: Some(s.clone()),
            confidence: CAPITALISED_SPEAKER_CONFIDENCE,
            rule: None,
            person: false,
            gender: None,
        },
        SpeakerRef::Phrase => Resolution::unnamed(PHRASE_SPEAKER_CONFIDENCE, None),
        SpeakerRef::Anonymous => {
            Resolution::unnamed(ANONYMOUS_SOURCE_CONFIDENCE, Some("quote.anonymous_source"))
        }
        SpeakerRef::Implicit => Resolution::person(
            pronoun_antecedent(at, None, doc, done).map(|(name, _)| name),
            IMPLICIT_SPEAKER_CONFIDENCE,
        ),
        SpeakerRef::Body => match body_antecedent(at, doc) {
            Some(name) => Resolution {
                name: Some(name),
                confidence: PRONOUN_SPEAKER_CONFIDENCE,
                rule: Some("quote.body_pronoun"),
                person: false,
                gender: None,
            },
            None => Resolution::unnamed(
                PRONOUN_UNRESOLVED_CONFIDENCE,
                Some("quote.pronoun_unresolved"),
            ),
        },
        SpeakerRef::Pronoun => {
            let unresolved = Resolution::unnamed(
                PRONOUN_UNRESOLVED_CONFIDENCE,
                Some("quote.pronoun_unresolved"),
            );
            // "they", "we": a group, not the person named before.
            let Some(gender) = Gender::of_pronoun(phrase) else {
                return unresolved;
            };
            if follows_anonymous_source(at, doc, done) {
                return Resolution::unnamed(
                    ANONYMOUS_SOURCE_CONFIDENCE,
                    Some("quote.anonymous_source"),
                );
            }
            match pronoun_antecedent(at, Some(gender), doc, done) {
                Some((name, agreed)) => Resolution {
                    name: Some(name),
                    confidence: if agreed {
                        PRONOUN_AGREEING_CONFIDENCE
                    } else {
                        PRONOUN_SPEAKER_CONFIDENCE
                    },
                    rule: None,
                    person: true,
                    gender: Some(gender),
                },
                None => unresolved,
            }
        }
        SpeakerRef::Role(words) => {
            let classes: Vec<String> = words.iter().filter_map(|w| role_key(w)).collect();
            // No one stated to hold the role: a principal's role (`the
            // jihadist leader`) is the subject before it; one who speaks for
            // someone else (`the spokesman`) is not, and stays unnamed.
            let speaks_for_another = words.iter().any(|w| PROXY_NOUNS.contains(&w.as_str()));
            let name = role_holder(at, doc, &classes).or_else(|| {
                if speaks_for_another {
                    None
                } else {
                    pronoun_antecedent(at, None, doc, done)
                        .map(|(name, _)| name)
                        .filter(|name| !holds_another_role(name, &classes, doc))
                }
            });
            Resolution::person(name, ROLE_SPEAKER_CONFIDENCE)
        }
    }
}

/// Whether a "he" or "she" at `at` goes on with the anonymous source of the
/// quote before (`A spokesman for the Trust said he was “...”. “Staff are
/// ...,” he added.`): that source was one person (`a`, `an`, `one`), and
/// no person is named between its phrase and the pronoun.
fn follows_anonymous_source(at: usize, doc: &QuoteText, done: &Attributed) -> bool {
    let Some(prev) = done.quotes.last() else {
        return false;
    };
    let (Some((_, phrase_end)), Some(phrase)) = (prev.speaker_span, prev.speaker_text.as_deref())
    else {
        return false;
    };
    let singular = phrase
        .split_whitespace()
        .next()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "a" | "an" | "one" | "another"));
    prev.provenance.rule == "quote.anonymous_source"
        && singular
        && phrase_end <= at
        && !doc.mentions.iter().any(|m| {
            m.kind == EntityKind::Person
                && m.provenance
                    .span
                    .is_some_and(|(s, _)| s >= phrase_end && s < at)
        })
}

/// For a role reference ("the foreign minister"), the nearest person before
/// `at` whose stated role shares the role's function words.
fn role_holder(at: usize, doc: &QuoteText, classes: &[String]) -> Option<String> {
    if classes.is_empty() {
        return None;
    }
    let (k, _) = doc
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == EntityKind::Person && m.provenance.span.unwrap().0 < at)
        .rfind(|(_, m)| {
            let mc: Vec<String> = m
                .role
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .filter_map(role_key)
                .collect();
            classes.iter().all(|c| mc.contains(c))
        })?;
    Some(doc.mentions[doc.canon[k]].text.clone())
}

/// Whether the person `name` is stated to hold a role whose function
/// differs from the role classes `classes` refer to (`the Iranian foreign
/// minister` is not `Iranian President Mahmoud Ahmadinejad`). Nationality
/// classes are left out: they say where, not what.
fn holds_another_role(name: &str, classes: &[String], doc: &QuoteText) -> bool {
    let function = |c: &String| !c.starts_with("nat:");
    let wanted: Vec<&String> = classes.iter().filter(|c| function(c)).collect();
    if wanted.is_empty() {
        return false;
    }
    doc.mentions.iter().enumerate().any(|(k, m)| {
        let Some(role) = m.role.as_deref() else {
            return false;
        };
        if m.kind != EntityKind::Person || doc.mentions[doc.canon[k]].text != name {
            return false;
        }
        let held: Vec<String> = role
            .split_whitespace()
            .filter_map(role_key)
            .filter(function)
            .collect();
        !held.is_empty() && !wanted.iter().all(|c| held.contains(c))
    })
}

/// Whether a candidate of gender `known` may be what a pronoun of gender
/// `wanted` refers to: unless both are known and differ.
fn agrees(wanted: Option<Gender>, known: Option<&Gender>) -> bool {
    match (wanted, known) {
        (Some(w), Some(k)) => w == *k,
        _ => true,
    }
}

/// The antecedent of a pronoun (or an elided speaker) at `at`: among the
/// persons named before it, and the person speakers of earlier quotes, within
/// [`MAX_ANTECEDENT_BYTES`], those that agree with the pronoun's gender; of
/// the nearest sentence that names one, its leftmost (subjects come first in
/// news English). None when no one agrees. The flag says whether the
/// antecedent's gender is known to agree (not only not known to differ).
fn pronoun_antecedent(
    at: usize,
    gender: Option<Gender>,
    doc: &QuoteText,
    done: &Attributed,
) -> Option<(String, bool)> {
    let near = |p: usize| p < at && at - p <= MAX_ANTECEDENT_BYTES;
    // (start, the speech cue right after it, name)
    let mut cands: Vec<(usize, bool, &str)> = doc
        .mentions
        .iter()
        .enumerate()
        .filter(|(k, m)| {
            let s = m.provenance.span.unwrap().0;
            near(s) && doc.may_be_antecedent(*k) && !doc.in_quote(s) && !doc.labels_line(*k)
        })
        .map(|(k, m)| {
            let (s, e) = m.provenance.span.unwrap();
            (
                s,
                doc.cue_follows(e),
                doc.mentions[doc.canon[k]].text.as_str(),
            )
        })
        .collect();
    cands.extend(
        done.earlier
            .iter()
            .filter(|e| e.person && near(e.at))
            .map(|e| (e.at, false, e.name.as_str())),
    );
    cands.retain(|(_, _, name)| agrees(gender, done.genders.get(*name)));
    cands.sort_by_key(|c| c.0);
    let (last_pos, _, _) = *cands.last()?;
    // The sentence of the last candidate: take the subject of its speech
    // cue ("..., Mr. Obama said"), else its leftmost candidate (the
    // subject), not further back than a sentence's length (a run-on list of
    // names) nor inside an opening subordinate clause ("While Obama had
    // ..., X said").
    let sentence_start = sentence_bounds(doc.text, last_pos, last_pos).0;
    let window_start = main_clause_start(doc.text, sentence_start, last_pos)
        .max(last_pos.saturating_sub(ANTECEDENT_SENTENCE_BYTES - 1))
        .max(last_coordinate_clause(doc.text, sentence_start, last_pos));
    let in_window = || cands.iter().filter(|(p, _, _)| *p >= window_start);
    let (_, _, name) = in_window()
        .find(|(_, speaks, _)| *speaks)
        .or_else(|| in_window().next())?;
    let agreed = gender.is_some() && done.genders.contains_key(*name);
    Some((name.to_string(), agreed))
}

/// The body or country an "it" speaker at `at` refers to: in the sentence
/// of the nearest body named before, the one that is the subject of a
/// reporting verb (`Geneva-based group UN Watch said`), else its first
/// organisation.
fn body_antecedent(at: usize, doc: &QuoteText) -> Option<String> {
    let cands: Vec<(usize, bool, usize)> = doc
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind != EntityKind::Person)
        .filter_map(|(k, m)| {
            let (s, e) = m.provenance.span?;
            (s < at && at - s <= MAX_ANTECEDENT_BYTES).then(|| (s, doc.cue_follows(e), k))
        })
        .collect();
    let &(last_pos, _, _) = cands.last()?;
    let sentence_start = sentence_bounds(doc.text, last_pos, last_pos).0;
    let in_sentence = || cands.iter().filter(|(p, _, _)| *p >= sentence_start);
    let (_, _, k) = in_sentence().find(|(_, speaks, _)| *speaks).or_else(|| {
        in_sentence().find(|(_, _, k)| doc.mentions[*k].kind == EntityKind::Organisation)
    })?;
    Some(doc.mentions[doc.canon[*k]].text.clone())
}

/// Where the main clause of the sentence starting at `start` begins, before
/// `limit`: after the first comma when the sentence opens with a
/// subordinating word ("While ...,", "Unlike ...,"), else at `start`.
fn main_clause_start(text: &str, start: usize, limit: usize) -> usize {
    let sentence = &text[start..limit];
    let first = sentence
        .split(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    if !lexicon::SUBORDINATORS.contains(&first.as_str()) {
        return start;
    }
    sentence.find(',').map_or(start, |c| start + c + 1)
}

/// Where the last clause joined by `, but` or `;` before `limit` begins in
/// the sentence starting at `start` (`X said ..., but government spokesman
/// Y denied that`: Y is that clause's subject), else `start`.
fn last_coordinate_clause(text: &str, start: usize, limit: usize) -> usize {
    let sentence = &text[start..limit];
    let but = sentence.rfind(", but ").map(|i| i + ", but ".len());
    let semicolon = sentence.rfind("; ").map(|i| i + "; ".len());
    but.max(semicolon).map_or(start, |i| start + i)
}

/// The person mention ending at the last of `words`, or before one or two
/// auxiliaries there ("Obama has", "Hague had also").
fn person_ending_before(
    words: &[Word],
    mentions: &[Mention],
) -> Option<(SpeakerRef, (usize, usize))> {
    let aux = |w: &str| {
        matches!(
            w.to_lowercase().as_str(),
            "has" | "have" | "had" | "is" | "was" | "will" | "would" | "also" | "later" | "then"
        )
    };
    let skipped = words
        .iter()
        .rev()
        .take(2)
        .take_while(|w| aux(w.text))
        .count();
    let last = words.len().checked_sub(skipped + 1)?;
    let end = words[last].end;
    let k = mentions.iter().position(|m| {
        m.kind == EntityKind::Person && m.provenance.span.is_some_and(|(_, e)| e == end)
    })?;
    Some((SpeakerRef::Name(k), mentions[k].provenance.span.unwrap()))
}

/// What is known of the gender of each person a text names, by canonical
/// name: from a gendered title (`Mrs. Clinton`) or a common first name.
fn name_genders(mentions: &[Mention], canon: &[usize]) -> HashMap<String, Gender> {
    let mut out = HashMap::new();
    for (k, m) in mentions.iter().enumerate() {
        if m.kind != EntityKind::Person {
            continue;
        }
        let name = &mentions[canon[k]].text;
        let by_title = m
            .role
            .as_deref()
            .and_then(|r| r.split_whitespace().find_map(gender::of_title));
        if let Some(g) = by_title
            .or_else(|| gender::of_name(name))
            .or_else(|| gender::of_name(&m.text))
        {
            out.entry(name.clone()).or_insert(g);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::entities::find_mentions;
    use super::*;

    /// Which quote a check looks at: the n-th found, or the n-th that is not partial.
    #[derive(Clone, Copy, Debug)]
    enum Which {
        Found(usize),
        Direct(usize),
    }

    /// A byte position in a case's text.
    #[derive(Clone, Copy, Debug)]
    enum Pos {
        Start,
        End,
        /// Where the first occurrence of these characters begins.
        At(&'static str),
    }

    /// One thing a case asserts about the quotes found in its text.
    #[derive(Debug)]
    enum Check {
        Count(usize),
        DirectCount(usize),
        AllPartial,
        AnyPartialStartingWith(&'static str),
        AnyTextContains(&'static str),
        TextIs(Which, &'static str),
        TextContains(Which, &'static str),
        TextEndsWith(Which, &'static str),
        SpeakerIs(Which, Option<&'static str>),
        SpeakerContains(Which, &'static str),
        SpeakerTextIs(Which, &'static str),
        CueIs(Which, &'static str),
        PartialIs(Which, bool),
        RuleIs(Which, &'static str),
        SpanIs(Which, Pos, Pos),
        SpanStartsAt(Which, Pos),
        ConfidenceAtLeast(Which, f32),
        ConfidenceBelow(Which, f32),
    }

    struct Case {
        name: &'static str,
        text: &'static str,
        checks: &'static [Check],
    }

    use Check::*;
    use Pos::*;
    use Which::*;

    const WHOLE: Check = SpanIs(Found(0), Start, End);

    const CASES: &[Case] = &[
        Case {
            name: "regression_pronoun_took_the_label_of_a_glued_subheading",
            text: "U.N. Secretary-General Ban Ki-moon urged restraint.\nSpeaking in Davos, Switzerland, Ban told CNN he was concerned at the growing potential for violence.\nKofi Annan: People clamoring for democracy \"Leaders have a responsibility to listen more attentively to their own people,\" he said.",
            checks: &[Count(1), SpeakerIs(Found(0), Some("Ban"))],
        },
        Case {
            name: "regression_earlier_cue_of_the_sentence_was_not_tried",
            text: "Health ministry spokesman Mao Qunan spoke on Sunday.\nHe said the ministry had ordered for all those in \"close contact\" with the virus to be put under \"protective control\".",
            checks: &[Count(2), TextIs(Found(1), "protective control"), SpeakerIs(Found(1), Some("Mao Qunan"))],
        },
        Case {
            name: "regression_reported_speech_of_a_subject_naming_no_one_was_dropped",
            text: "The report also said Mr Assad \"gave assurances that Syria had overcome the crisis\" and that \"events were coming to an end\".",
            checks: &[Count(2), TextIs(Found(1), "events were coming to an end"), SpeakerIs(Found(1), None)],
        },
        Case {
            name: "regression_quote_after_a_statement_opening_was_dropped",
            text: "In a statement the family said, \"our whole family is absolutely devastated.\"",
            checks: &[Count(1), SpeakerIs(Found(0), None), PartialIs(Found(0), false)],
        },
        Case {
            name: "regression_told_took_its_listener_for_the_speaker",
            text: "His predecessor as U.N. chief, Kofi Annan, told CNN it was \"too quick\" to say if the protests would spread further.",
            checks: &[Count(1), SpeakerIs(Found(0), Some("Kofi Annan"))],
        },
        Case {
            name: "regression_pronoun_skipped_the_subject_after_but",
            text: "A prominent Yemeni human rights lawyer, Khaled Al-Anesi, said he suspected the attackers were security forces, but government spokesman Tareq Shami denied that.\n\"We did not call for any protests,\" he said Saturday.",
            checks: &[Count(1), SpeakerIs(Found(0), Some("Tareq Shami"))],
        },
        Case {
            name: "regression_state_media_were_not_an_anonymous_source",
            text: "However, state media say the plane crashed because of \"technical problems\" and a search is under way.",
            checks: &[Count(1), SpeakerIs(Found(0), None), RuleIs(Found(0), "quote.anonymous_source")],
        },
        Case {
            name: "regression_partial_quote_before_a_participle_cue_was_dropped",
            text: "The authorities blame most of the violence on \"armed criminal gangs\", saying they have killed more than 120 soldiers and police.",
            checks: &[Count(1), SpeakerIs(Found(0), None), RuleIs(Found(0), "quote.anonymous_source")],
        },
        Case {
            name: "regression_partial_quote_far_from_its_sentence_final_cue_was_dropped",
            text: "President Barack Obama has requested \"multiple briefings\" on the unfolding crisis in Egypt, where thousands of demonstrators were clashing with security forces, White House spokesman Tommy Vietor said Friday.",
            checks: &[Count(1), SpeakerIs(Found(0), Some("Tommy Vietor")), PartialIs(Found(0), true)],
        },
        Case {
            name: "regression_decimal_point_ended_the_quote_sentence",
            text: "It added that people exposed to a \"probable or confirmed\" case within a distance of 1m (3.2 ft) have been offered anti-viral drugs \"as a precautionary measure\".",
            checks: &[Count(2), TextIs(Found(1), "as a precautionary measure"), CueIs(Found(1), "added")],
        },
        Case {
            name: "regression_quoted_as_saying_credited_the_medium",
            text: "SANA quoted an official military source as saying on Saturday that army units had been chasing \"armed terrorist groups\" who had attacked properties in Deraa.",
            checks: &[Count(1), SpeakerIs(Found(0), None), RuleIs(Found(0), "quote.anonymous_source")],
        },
        Case {
            name: "quoted_by_a_medium_as_saying_credits_the_subject",
            text: "Newly appointed Prime Minister Adel Safar was quoted by state news agency SANA as saying his government would draw up a \"complete plan\" of reforms.",
            checks: &[Count(1), SpeakerIs(Found(0), Some("Adel Safar"))],
        },
        Case {
            name: "regression_role_reference_took_a_person_holding_another_role",
            text: "Iranian President Mahmoud Ahmadinejad spoke of \"needed reforms\", while the Iranian foreign minister called on Syrian President Bashar al-Assad to \"be accountable to his people's legitimate demands\".",
            checks: &[Count(2), SpeakerIs(Found(0), Some("Mahmoud Ahmadinejad")), SpeakerIs(Found(1), None)],
        },
        Case {
            name: "regression_he_after_an_anonymous_source_took_a_name",
            text: "A spokesman for the Royal Free Hampstead NHS Trust said he was \"brought to the trust in a secure, specialist ambulance\".\n\"Staff are scrupulously following infection control procedures,\" he added.",
            checks: &[Count(2), SpeakerIs(Found(1), None), RuleIs(Found(1), "quote.anonymous_source")],
        },
        Case {
            name: "regression_pronoun_took_a_name_inside_the_quote",
            text: "Restarting the mission \"would serve peace and balance,\" German Foreign Minister Guido Westerwelle said, according to AFP.\nThe mission \"would be a clear signal by the international community to President Bashar al-Assad,\" as would the appointment of an envoy, he added.",
            checks: &[Count(2), SpeakerIs(Found(1), Some("Guido Westerwelle"))],
        },
        Case {
            name: "regression_long_anonymous_source_credited_to_its_organisation",
            text: "The patient was taken to a hospital in north London on Wednesday. A spokeswoman for the North Middlesex University Hospital NHS Trust said he was \"brought in a secure, specialist ambulance\".",
            checks: &[Count(1), SpeakerIs(Found(0), None), RuleIs(Found(0), "quote.anonymous_source")],
        },
        Case {
            name: "regression_partial_quote_after_a_glued_caption_lost_its_speaker",
            text: "Satellite images show the damage in Misrata Prime Minister David Cameron has described the attacks on the port and its people, as \"sickening violence\".",
            checks: &[Count(1), SpeakerIs(Found(0), Some("David Cameron"))],
        },
        Case {
            name: "regression_pronoun_took_the_subject_of_an_earlier_sentence",
            text: "The appeal was welcomed by Alan Jones on Monday. Prime Minister Gordon Brown called on the whole world to respond.\n\n\"The last day has been truly horrific,\" he said.",
            checks: &[SpeakerIs(Found(0), Some("Gordon Brown"))],
        },
        Case {
            name: "regression_sentence_opening_with_said_lost_its_speaker",
            text: "Critics say the plan would make the code more complicated. Said Ellis: \u{201c}I don't get the sense she is the least bit interested in reform.\u{201d}",
            checks: &[SpeakerIs(Found(0), Some("Ellis"))],
        },
        Case {
            name: "regression_pronoun_took_the_name_in_an_opening_clause",
            text: "While Barack Obama had many artists writing songs about him, that has not happened for her campaign, which worries Henry Crespo, who runs its office in Miami.\n\n\"No one is writing songs for her this time,\" he said.",
            checks: &[SpeakerIs(Found(0), Some("Henry Crespo"))],
        },
        Case {
            name: "regression_role_phrase_credits_the_organisation_not_the_person",
            text: "\"NATO has no intention to intervene in Syria,\" NATO Secretary General Anders Fogh Rasmussen said at a news conference.",
            checks: &[
                Count(1),
                SpeakerIs(Found(0), Some("Anders Fogh Rasmussen")),
                SpeakerTextIs(Found(0), "NATO Secretary General Anders Fogh Rasmussen"),
            ],
        },
        Case {
            name: "regression_role_phrase_head_is_not_a_name_in_its_appositive",
            text: "“It is different this time,” said David Plouffe, the architect of Barack Obama’s campaign.",
            checks: &[SpeakerIs(Found(0), Some("David Plouffe"))],
        },
        Case {
            name: "regression_she_resolves_to_a_man_named_nearer",
            text: "Hillary Clinton spoke to about two thousand supporters in a high school gym in Des Moines on Monday evening, her third visit to the state in as many weeks, and promised to raise the minimum wage. Brian Fallon, a spokesman for the campaign, later told reporters the event had gone well.\n\n“We need to win this state,” she said.",
            checks: &[
                SpeakerIs(Found(0), Some("Hillary Clinton")),
                ConfidenceAtLeast(Found(0), 0.8),
            ],
        },
        Case {
            name: "regression_pronoun_without_an_agreeing_person_takes_the_nearest_name",
            text: "Muammar Gaddafi appeared on state television on Sunday night.\n\n“The end is near for this regime,” she said.",
            checks: &[
                SpeakerIs(Found(0), None),
                SpeakerTextIs(Found(0), "she"),
                RuleIs(Found(0), "quote.pronoun_unresolved"),
            ],
        },
        Case {
            name: "regression_they_said_is_given_to_the_nearest_person",
            text: "Ali Tarhouni met the rebel commanders in Benghazi.\n\n“We will take Sirte within a week,” they said.",
            checks: &[SpeakerIs(Found(0), None), RuleIs(Found(0), "quote.pronoun_unresolved")],
        },
        Case {
            name: "pronoun_of_unknown_gender_is_resolved_with_low_confidence",
            text: "Fathi Terbil visited the port of Misrata on Tuesday.\n\n“We have enough fuel for a month,” he said.",
            checks: &[
                SpeakerIs(Found(0), Some("Fathi Terbil")),
                ConfidenceBelow(Found(0), Quote::LOW_SPEAKER_CONFIDENCE),
            ],
        },
        Case {
            name: "regression_anonymous_source_is_bound_to_a_nearby_name",
            text: "Libyan television quoted Mustafa Abdel Jalil as saying the talks had failed.\n\n“We will fight until the last man,” a rebel spokesman said in Misrata.",
            checks: &[
                Count(1),
                SpeakerIs(Found(0), None),
                SpeakerTextIs(Found(0), "a rebel spokesman"),
                RuleIs(Found(0), "quote.anonymous_source"),
            ],
        },
        Case {
            name: "regression_senior_official_is_bound_to_a_nearby_name",
            text: "Mustafa Abdel Jalil left Benghazi on Friday. \"The bombing will go on until the regime falls,\" a senior official said.",
            checks: &[SpeakerIs(Found(0), None), RuleIs(Found(0), "quote.anonymous_source")],
        },
        Case {
            name: "regression_witnesses_cue_is_read_as_a_continuation",
            text: "“We will not leave Benghazi,” Mustafa Abdel Jalil said on Sunday.\n\n“The shelling went on all night,” witnesses said.",
            checks: &[
                Count(2),
                SpeakerIs(Found(1), None),
                SpeakerTextIs(Found(1), "witnesses"),
                RuleIs(Found(1), "quote.anonymous_source"),
            ],
        },
        Case {
            name: "regression_spokesman_without_a_holder_goes_to_the_nearest_name",
            text: "Karim Haddad arrived in Geneva on Monday.\n\n“The talks are over for now,” the spokesman said.",
            checks: &[SpeakerIs(Found(0), None), SpeakerTextIs(Found(0), "the spokesman")],
        },
        Case {
            name: "regression_state_department_read_as_a_speech_verb",
            text: "“We are closely monitoring the situation,” U.S. State Department spokesman P.J. Crowley said.",
            checks: &[Count(1), SpeakerIs(Found(0), Some("P.J. Crowley")), CueIs(Found(0), "said")],
        },
        Case {
            name: "regression_abbreviation_period_cut_the_cue_from_its_quote",
            text: "On Wednesday, White House Press Secretary Robert Gibbs said the U.S. administration was “monitoring quite closely the situation in Egypt.”",
            checks: &[Count(1), SpeakerIs(Found(0), Some("Robert Gibbs"))],
        },
        Case {
            name: "regression_role_before_the_name_took_the_country",
            text: "“The world should not stand silent,” said Britain's ambassador to the UN, Mark Lyall Grant.",
            checks: &[SpeakerIs(Found(0), Some("Mark Lyall Grant"))],
        },
        Case {
            name: "regression_appositive_between_subject_and_cue_hid_the_speaker",
            text: "Shadi Hamid, a Brookings Institution analyst based in Qatar, told CNN that the tactic “is a longtime regime strategy.”\n\nIn a blog post the ambassador Simon Collis - who has been recalled to London - said “time and again” he had seen it.\n\nHuman Rights Watch, which says it conducts “rigorous, objective investigations,” issued the report.",
            checks: &[
                Count(3),
                SpeakerIs(Found(0), Some("Shadi Hamid")),
                SpeakerIs(Found(1), Some("Simon Collis")),
                SpeakerIs(Found(2), Some("Human Rights Watch")),
                RuleIs(Found(0), "quote.appositive_subject_cue"),
            ],
        },
        Case {
            name: "regression_described_agency_lost_its_name",
            text: "“The president issued a decree today,” the state news agency SANA said.\n\nIn a statement, the Health Protection Agency said of the latest cases: “All patients are recovering at home.”",
            checks: &[
                SpeakerIs(Found(0), Some("SANA")),
                SpeakerIs(Found(1), Some("Health Protection Agency")),
            ],
        },
        Case {
            name: "regression_pronoun_took_a_name_inside_reported_speech",
            text: "Protests led by Ahmed Maher could spread to other cities, Barack Obama said on Tuesday.\n\n“We are watching this very closely,” he said.",
            checks: &[SpeakerIs(Found(0), Some("Barack Obama"))],
        },
        Case {
            name: "regression_book_title_with_a_subtitle_read_as_a_quote",
            text: "Ben Rhodes recalled Obama talking about “Collapse: How Societies Choose to Fail or Succeed,” a best seller.",
            checks: &[Count(0)],
        },
        Case {
            name: "regression_it_said_named_no_body",
            text: "Doctors said a man from Barnet was responding well to treatment.\nThe Health Protection Agency (HPA) said it was investigating 230 possible cases.\nIt added that people exposed to a “probable or confirmed” case had been offered drugs.\nThe London-based group Amnesty International said Kuwait was not qualified.\n“Formal political parties are banned,” it said.",
            checks: &[
                Count(2),
                SpeakerIs(Found(0), Some("Health Protection Agency")),
                SpeakerIs(Found(1), Some("Amnesty International")),
                RuleIs(Found(1), "quote.body_pronoun"),
            ],
        },
        Case {
            name: "regression_words_on_a_sign_credited_to_a_nearby_name",
            text: "Ahmed Fathi joined the march in Tokyo.\nOne protester held a sign that read: “Freedom is a demand for all nations.”",
            checks: &[Count(1), SpeakerIs(Found(0), None), SpeakerTextIs(Found(0), "held a sign")],
        },
        Case {
            name: "regression_clause_after_a_quote_took_its_speaker",
            text: "The spot ends with footage of Donald Trump saying during the debate, “That makes me smart,” when Hillary Clinton blasted him for not paying income tax.",
            checks: &[Count(1), SpeakerIs(Found(0), Some("Donald Trump"))],
        },
        Case {
            name: "regression_partial_quote_after_spoke_of_was_dropped",
            text: "In September, Mahmoud Ahmadinejad spoke of “needed reforms” in Syria.\n\nThe United States slammed Iran's “blatant hypocrisy” for arresting opposition figures.",
            checks: &[
                Count(2),
                SpeakerIs(Found(0), Some("Mahmoud Ahmadinejad")),
                SpeakerIs(Found(1), Some("United States")),
            ],
        },
        Case {
            name: "continuation_paragraph_keeps_the_previous_speaker",
            text: "“We will not leave Benghazi,” Mustafa Abdel Jalil said on Sunday.\n\n“The people of Libya have chosen their path and they will not go back.”",
            checks: &[
                Count(2),
                SpeakerIs(Found(1), Some("Mustafa Abdel Jalil")),
                RuleIs(Found(1), "quote.continuation"),
                ConfidenceAtLeast(Found(1), 0.8),
            ],
        },
        Case {
            name: "speaker_after_the_quote",
            text: "\"We will win this war in the end,\" Karim Haddad said on Monday.",
            checks: &[
                Count(1),
                TextIs(Found(0), "We will win this war in the end,"),
                SpeakerIs(Found(0), Some("Karim Haddad")),
                CueIs(Found(0), "said"),
            ],
        },
        Case {
            name: "he_said_resolves_to_the_sentence_subject",
            text: "Opposition chief Karim Haddad spoke after President Omar Nasser warned him.\n\
                   “Our weapons are a red line for all of us,” he said.",
            checks: &[SpeakerIs(Found(0), Some("Karim Haddad"))],
        },
        Case {
            name: "role_reference_resolves_to_a_person_with_that_role",
            text: "Foreign Minister Lena Volkova met Defence Minister Ivan Petrenko.\n\
                   “It was a useful meeting,” the foreign minister said.",
            checks: &[SpeakerIs(Found(0), Some("Lena Volkova"))],
        },
        Case {
            name: "cue_before_and_continuation_paragraph",
            text: "But, said Haddad, “our people need to realize the danger now.”\n\
                   “Political stances can change in an instant.”",
            checks: &[
                Count(2),
                SpeakerIs(Found(0), Some("Haddad")),
                SpeakerIs(Found(1), Some("Haddad")),
                RuleIs(Found(1), "quote.continuation"),
            ],
        },
        Case {
            name: "partial_quote_in_reported_speech",
            text: "Haddad said the rebels could \"overcome these crises, if we unite.\"",
            checks: &[
                Count(1),
                PartialIs(Found(0), true),
                SpeakerIs(Found(0), Some("Haddad")),
            ],
        },
        Case {
            name: "scare_quotes_are_not_speech",
            text: "They signed a \"de-escalation\" agreement.",
            checks: &[Count(0)],
        },
        Case {
            name: "surname_speaker_becomes_the_full_name",
            text: "Leader Karim al-Haddad spoke.\n\"We are ready to talk to everyone now,\" Haddad said.",
            checks: &[SpeakerIs(Found(0), Some("Karim al-Haddad"))],
        },
        Case {
            name: "split_quote_is_one_quote",
            text: "“Judge,” Brafman said, “I have never had that happen in any case.”",
            checks: &[Count(1), WHOLE, SpeakerIs(Found(0), Some("Brafman"))],
        },
        Case {
            name: "quote_running_over_paragraphs_is_one_quote",
            text: "Haddad said:\n\n“We will not stop here. We will go on.\n\n“And we will win in the end,” he said.",
            checks: &[
                Count(1),
                TextContains(Found(0), "go on"),
                TextContains(Found(0), "win in the end"),
            ],
        },
        Case {
            name: "regression_inverted_cue_lost_its_one_word_speaker",
            text: "Stone was on the radio and stated his view.\n\nStated Stone:\n\n“The stakes are so high this time.”",
            checks: &[Count(1), SpeakerIs(Found(0), Some("Stone"))],
        },
        Case {
            name: "quote_paragraph_introduced_by_a_colon",
            text: "In Iowa, Karim Haddad told supporters:\n\n“The questions asked in this debate show the problem.”",
            checks: &[
                Count(1),
                SpeakerIs(Found(0), Some("Karim Haddad")),
                RuleIs(Found(0), "quote.introduced_by_colon"),
            ],
        },
        Case {
            name: "quote_resumed_after_a_cue_sentence_is_one_quote",
            text: "“He is a great leader,” said the senator. “Now he will work for you.”",
            checks: &[Count(1), WHOLE],
        },
        Case {
            name: "regression_colon_before_the_quote_does_not_end_its_sentence",
            text: "The talks failed.\n\nKarim Haddad added: “We will not give up our weapons.”",
            checks: &[
                Count(1),
                PartialIs(Found(0), false),
                SpeakerIs(Found(0), Some("Karim Haddad")),
            ],
        },
        Case {
            name: "regression_split_quote_with_narration_between_is_one_quote",
            text: "“Oh, those are very small towns,” Haddad said. They lie far from any city. “That is a tough area.”",
            checks: &[Count(1), WHOLE],
        },
        Case {
            name: "regression_later_fragment_with_its_own_cue_stays_apart",
            text: "“Some people feel the war is over,” she said. “If it starts again, things will explode,” she said.",
            checks: &[Count(2)],
        },
        Case {
            name: "regression_unresolvable_speaker_still_attributes_and_joins",
            text: "“I don't want to get on the wrong side of him,” said one former staffer, who left last year. “I could not afford it.”",
            checks: &[
                Count(1),
                WHOLE,
                SpeakerIs(Found(0), None),
                SpeakerTextIs(Found(0), "one former staffer"),
            ],
        },
        Case {
            name: "regression_lower_case_fragment_in_the_writers_sentence_is_partial",
            text: "The former minister will play the \"peace card,\" Haddad said on Monday.",
            checks: &[AllPartial],
        },
        Case {
            name: "regression_abbreviated_title_does_not_end_the_sentence",
            text: "“Carolina is going to win that one,” Gov. Haddad replied.",
            checks: &[Count(1), SpeakerContains(Found(0), "Haddad")],
        },
        Case {
            name: "regression_lower_case_fragment_after_the_cue_joins_the_quote",
            text: "“It seems to me they have every incentive,” he said of Haddad, “because they need one another.”",
            checks: &[Count(1), PartialIs(Found(0), false), WHOLE],
        },
        Case {
            name: "regression_title_in_the_narration_does_not_split_the_quote",
            text: "\"Karim Haddad is a fraud,\" Volkova said Sunday on NBC's \"Meet the Press.\" \"He has spent his career putting profits first.\"",
            checks: &[DirectCount(1), SpanIs(Direct(0), Start, End)],
        },
        Case {
            name: "regression_quoted_words_in_the_narration_after_the_cue_are_partial",
            text: "\"This merger will leave taxpayers holding the bag,\" Haddad said in a statement, calling on Congress to make firms pay \"their fair share\" of taxes.",
            checks: &[
                Count(2),
                PartialIs(Found(0), false),
                TextIs(Found(0), "This merger will leave taxpayers holding the bag,"),
                PartialIs(Found(1), true),
            ],
        },
        Case {
            name: "regression_quote_after_a_colon_is_its_own_attribution",
            text: "“We will win,” Haddad said, and then he told the crowd: “Go home now and rest.”",
            checks: &[Count(2), TextIs(Found(0), "We will win,")],
        },
        Case {
            name: "regression_a_number_before_a_period_ends_the_sentence",
            text: "“They burn our flags,” he wrote on May 2. “I want our country first!”",
            checks: &[Count(1), WHOLE],
        },
        Case {
            name: "regression_quote_over_a_broken_line_is_one_quote",
            text: "“Others have focused on advertising that gets people to take part\nin caucuses and primaries,” Haddad added.",
            checks: &[
                Count(1),
                TextEndsWith(Found(0), "in caucuses and primaries,"),
                SpeakerIs(Found(0), Some("Haddad")),
            ],
        },
        Case {
            name: "regression_lower_case_words_after_a_long_narration_stay_partial",
            text: "\"Filth out!\" she wrote, arguing that if tougher measures were not deployed, \"more homes will burn.\"",
            checks: &[AnyPartialStartingWith("more")],
        },
        Case {
            name: "speaker_before_an_appositive",
            text: "\"Working our way up will help me a lot,\" Lena Volkova, who works at a plant in Kharkiv, said on a call.",
            checks: &[SpeakerIs(Found(0), Some("Lena Volkova"))],
        },
        Case {
            name: "inflected_cue_introduces_a_quote",
            text: "Karim Haddad thanked the crowd, remarking, “May the force be with you all.”",
            checks: &[
                Count(1),
                PartialIs(Found(0), false),
                CueIs(Found(0), "remarking"),
                SpeakerIs(Found(0), Some("Karim Haddad")),
            ],
        },
        // The second fragment's sentence ends at its closing mark: the cue
        // of the next sentence (`he said`) is not its cue.
        Case {
            name: "regression_period_inside_the_closing_mark_ends_the_sentence",
            text: "“We tried to talk to them,” Karim Haddad said. “We kept the door open.” The north, he said, was \"a different story.\"",
            checks: &[
                DirectCount(1),
                SpanIs(Direct(0), Start, At(" The north")),
                SpeakerIs(Direct(0), Some("Karim Haddad")),
            ],
        },
        // Two people in the sentence before: each fragment resolves "she"
        // on its own, but they share one cue, so they are one quote.
        Case {
            name: "regression_fragments_of_one_cue_join_whatever_the_pronoun_resolves_to",
            text: "Lena Volkova met Karim Haddad and Maria Lopez in the city.\n\n“After that,” she said, “we will index the wage to the median.”",
            checks: &[Count(1), SpanIs(Found(0), At("“"), End)],
        },
        Case {
            name: "regression_fragment_after_a_long_speaker_phrase_joins",
            text: "\"This used to be their back yard,\" said Karim Haddad, director of studies at an institute in London, \"but it is changing fast.\"",
            checks: &[Count(1), PartialIs(Found(0), false), WHOLE],
        },
        Case {
            name: "regression_title_in_title_case_is_not_speech (show name)",
            text: "During an appearance on the network's \"Morning Report Today,\" Karim Haddad said he would run.",
            checks: &[AllPartial],
        },
        Case {
            name: "regression_title_in_title_case_is_not_speech (book title)",
            text: "She wrote a book called “Women Who Lead” and toured the country.",
            checks: &[AllPartial],
        },
        // A cue right before the words keeps them speech.
        Case {
            name: "regression_title_in_title_case_is_not_speech (chant with a cue)",
            text: "The crowd kept chanting \"Stop The War\" for an hour, Karim Haddad said.",
            checks: &[AnyTextContains("Stop")],
        },
        Case {
            name: "regression_cue_with_words_before_the_quote_attributes_it",
            text: "However, the city council said Thursday on its website, \"We have no plans to close the library.\"",
            checks: &[Count(1), PartialIs(Found(0), false), CueIs(Found(0), "said")],
        },
        Case {
            name: "regression_stray_mark_before_a_line_break_opens_nothing",
            text: "The talks failed, Karim Haddad said. \"\n\n“This is in the hands of the council now,” he said.",
            checks: &[Count(1), SpanStartsAt(Found(0), At("“"))],
        },
        Case {
            name: "regression_cue_clause_running_into_the_next_quote_is_not_this_quotes_cue",
            text: "Lena Volkova answered Karim Haddad with, “Why now? Was that on my way to the capital?” Haddad then wrote back, “You look well.”",
            checks: &[
                Count(2),
                SpeakerIs(Found(0), Some("Lena Volkova")),
                SpeakerIs(Found(1), Some("Karim Haddad")),
            ],
        },
        Case {
            name: "regression_opening_mark_typed_as_closing_mark_closes_the_quote",
            text: "Karim Haddad was shocked. “Do you want to be seen with them?“ he asked.\n\n“No, I want to be seen with the voters,” Lena Volkova said.",
            checks: &[
                Count(2),
                TextIs(Found(0), "Do you want to be seen with them?"),
                SpeakerIs(Found(1), Some("Lena Volkova")),
            ],
        },
        Case {
            name: "regression_fragment_right_after_the_cue_without_a_comma_joins",
            text: "“We are going to build it,” Karim Haddad said “and we are going to finish it.”",
            checks: &[Count(1), WHOLE],
        },
    ];

    fn pick(quotes: &[Quote], which: Which) -> Result<&Quote, String> {
        let found = match which {
            Found(n) => quotes.get(n),
            Direct(n) => quotes.iter().filter(|q| !q.partial).nth(n),
        };
        found.ok_or_else(|| format!("no quote {which:?}"))
    }

    fn position(text: &str, pos: Pos) -> Result<usize, String> {
        match pos {
            Start => Ok(0),
            End => Ok(text.len()),
            At(s) => text.find(s).ok_or_else(|| format!("{s:?} not in the text")),
        }
    }

    fn expect(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
        if ok {
            Ok(())
        } else {
            Err(what())
        }
    }

    fn run_check(text: &str, quotes: &[Quote], check: &Check) -> Result<(), String> {
        let failed = || format!("{check:?} failed");
        match *check {
            Count(n) => expect(quotes.len() == n, || {
                format!("{check:?}: found {}", quotes.len())
            }),
            DirectCount(n) => {
                let direct = quotes.iter().filter(|q| !q.partial).count();
                expect(direct == n, || format!("{check:?}: found {direct}"))
            }
            AllPartial => expect(quotes.iter().all(|q| q.partial), failed),
            AnyPartialStartingWith(s) => expect(
                quotes.iter().any(|q| q.partial && q.text.starts_with(s)),
                failed,
            ),
            AnyTextContains(s) => expect(quotes.iter().any(|q| q.text.contains(s)), failed),
            TextIs(w, s) => expect(pick(quotes, w)?.text == s, failed),
            TextContains(w, s) => expect(pick(quotes, w)?.text.contains(s), failed),
            TextEndsWith(w, s) => expect(pick(quotes, w)?.text.ends_with(s), failed),
            SpeakerIs(w, s) => expect(pick(quotes, w)?.speaker.as_deref() == s, failed),
            SpeakerContains(w, s) => expect(
                pick(quotes, w)?
                    .speaker
                    .as_deref()
                    .is_some_and(|speaker| speaker.contains(s)),
                failed,
            ),
            SpeakerTextIs(w, s) => {
                expect(pick(quotes, w)?.speaker_text.as_deref() == Some(s), failed)
            }
            CueIs(w, s) => expect(pick(quotes, w)?.cue.as_deref() == Some(s), failed),
            PartialIs(w, p) => expect(pick(quotes, w)?.partial == p, failed),
            RuleIs(w, r) => expect(pick(quotes, w)?.provenance.rule == r, failed),
            SpanIs(w, from, to) => {
                let want = Some((position(text, from)?, position(text, to)?));
                let got = pick(quotes, w)?.provenance.span;
                expect(got == want, || {
                    format!("{check:?}: span {got:?}, want {want:?}")
                })
            }
            ConfidenceAtLeast(w, c) => expect(pick(quotes, w)?.provenance.confidence >= c, || {
                format!(
                    "{check:?}: {:?}",
                    pick(quotes, w).map(|q| q.provenance.confidence)
                )
            }),
            ConfidenceBelow(w, c) => expect(pick(quotes, w)?.provenance.confidence < c, || {
                format!(
                    "{check:?}: {:?}",
                    pick(quotes, w).map(|q| q.provenance.confidence)
                )
            }),
            SpanStartsAt(w, at) => {
                let want = position(text, at)?;
                let got = pick(quotes, w)?.provenance.span.map(|s| s.0);
                expect(got == Some(want), || {
                    format!("{check:?}: span starts at {got:?}, want {want}")
                })
            }
        }
    }

    #[test]
    fn every_quote_case_finds_what_it_expects() {
        let mut failures = Vec::new();
        for case in CASES {
            let quotes = find_quotes(case.text, &find_mentions(case.text));
            for check in case.checks {
                if let Err(why) = run_check(case.text, &quotes, check) {
                    failures.push(format!("{}: {why}\n    found: {quotes:?}", case.name));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} failed checks:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn case_names_are_unique_and_every_case_checks_something() {
        let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CASES.len(), "duplicate case names");
        for case in CASES {
            assert!(!case.checks.is_empty(), "{} checks nothing", case.name);
        }
    }

    #[test]
    fn regression_quote_opened_by_a_mark_and_a_space_over_several_lines_was_missed() {
        let text = "Karim Haddad spoke to reporters in Homs.\n\
                    \" We have been waiting for weeks.\n\
                    Nobody came to help us.\n\
                    They have never helped, \" he said.\n\
                    The army denied the report.";
        let quotes = find_quotes(text, &find_mentions(text));
        let lines: Vec<(&str, Option<&str>)> = quotes
            .iter()
            .map(|q| (q.text.as_str(), q.speaker.as_deref()))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("We have been waiting for weeks.", Some("Karim Haddad")),
                ("Nobody came to help us.", Some("Karim Haddad")),
                ("They have never helped,", Some("Karim Haddad")),
            ]
        );
    }

    #[test]
    fn quote_cue_inflections() {
        for w in [
            "exclaimed",
            "remarking",
            "interjects",
            "cried",
            "quipping",
            "wrote",
        ] {
            assert!(lexicon::is_quote_cue(w), "{w}");
        }
        for w in ["table", "running", "blasted"] {
            assert!(!lexicon::is_quote_cue(w), "{w}");
        }
    }
}
