//! Alias-aware search: rewrites the words and quoted phrases of a query that
//! name an entity into a disjunction of that entity's other spellings, so
//! `Gaddafi` also finds `Gadhafi`, and reports what it added. The rewrite is
//! pure ([`expand_with`], given a name lookup); [`expand_query`] looks names
//! up in a store, one indexed lookup per candidate name.
//!
//! Only bare words (runs of them, for names of several words) and quoted
//! phrases outside field scopes (`title:…`) and ranges are candidates;
//! operators, boosts, fuzzy and prefix terms are left as written. A name
//! whose written form belongs to several entities is not expanded and is
//! reported as ambiguous. The rewritten query stays within
//! [`check_query`]'s bounds, so a hostile query cannot grow past them.

use crate::index::{check_query, MAX_QUERY_CHARS, MAX_QUERY_DEPTH};
use crate::tokenizer::words_analyzer;
use crate::{AnnotationStore, StoreError};
use serde::{Deserialize, Serialize};
use storyline_pipeline::annotate::names::name_key;
use tantivy::tokenizer::TextAnalyzer;

/// Other spellings added per expanded name, most mentioned first.
pub const MAX_ALIASES: usize = 8;

/// Words of the longest name tried as one candidate.
pub const MAX_NAME_WORDS: usize = 4;

/// Share of an entity's mentions a spelling needs to be searched: rarer
/// ones are more often a resolution slip ("Homes" for Homs) than a way the
/// corpus writes the name.
pub const MIN_ALIAS_SHARE: f64 = 0.01;

/// Name lookups per query at most; candidates past it are left as written.
pub const MAX_LOOKUPS: usize = 64;

/// Entities asked for per name: two tell an ambiguous name.
const ENTITIES_PER_NAME: usize = 2;

/// What a name lookup found.
#[derive(Clone, Debug, PartialEq)]
pub enum NameMatch {
    /// No entity is written that way.
    None,
    /// One entity.
    One {
        /// The entity's id.
        entity: String,
        /// Its written names with their mentions, most first.
        aliases: Vec<(String, u64)>,
    },
    /// Several entities are written that way.
    Ambiguous,
}

/// One name of the query searched under its other spellings too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ExpansionOut))]
pub struct AliasExpansion {
    /// The name as the query wrote it.
    pub term: String,
    /// The entity it names.
    pub entity: String,
    /// The other spellings searched as well, most mentioned first.
    pub aliases: Vec<String>,
}

/// A query rewritten to search names under all their spellings.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExpandedQuery {
    /// The query text to search.
    pub text: String,
    /// The names expanded, in query order.
    pub expanded: Vec<AliasExpansion>,
    /// Names written like several entities, left as written.
    pub ambiguous: Vec<String>,
}

impl ExpandedQuery {
    /// The query as written, nothing expanded.
    pub fn exact(text: &str) -> Self {
        ExpandedQuery {
            text: text.to_string(),
            ..ExpandedQuery::default()
        }
    }
}

/// A word or quoted phrase of the query that may be a name.
#[derive(Clone, Debug)]
struct Candidate {
    /// Byte range in the query (a phrase's quotes included).
    start: usize,
    end: usize,
    /// The words, as written.
    text: String,
    /// A quoted phrase (never joined with neighbours).
    phrase: bool,
    /// Preceded by `+` or `-` (never joined with neighbours).
    prefixed: bool,
    /// Bracket depth at the candidate.
    depth: usize,
    /// Only whitespace separates it from the previous candidate.
    follows_previous: bool,
}

const SYNTAX: &[char] = &['(', ')', '[', ']', '{', '}', '"', '^', '~', ':', '*', '\\'];
const OPERATORS: &[&str] = &["AND", "OR", "NOT", "TO", "IN"];

/// The query's candidate names, in order.
fn candidates(text: &str) -> Vec<Candidate> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut out: Vec<Candidate> = Vec::new();
    let mut depth = 0usize;
    // Depths at which a field scope or a range was opened: words inside are
    // not searched in the default fields.
    let mut closed_scopes: Vec<usize> = Vec::new();
    let mut field_pending = false;
    let mut adjacent = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let in_scope = !closed_scopes.is_empty();
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                if field_pending || c != '(' {
                    closed_scopes.push(depth);
                }
                field_pending = false;
                adjacent = false;
                i += 1;
            }
            ')' | ']' | '}' => {
                if closed_scopes.last() == Some(&depth) {
                    closed_scopes.pop();
                }
                depth = depth.saturating_sub(1);
                adjacent = false;
                i += 1;
            }
            '"' => {
                let start = i;
                let mut j = i + 1;
                while j < chars.len() && chars[j].1 != '"' {
                    j += 1;
                }
                let end = (j + 1).min(chars.len());
                let followed_by_modifier = matches!(at(end), Some('~' | '^'));
                let prefixed = start > 0 && matches!(at(start - 1), Some('+' | '-'));
                if j < chars.len() && !field_pending && !in_scope && !followed_by_modifier {
                    out.push(Candidate {
                        start: byte(if prefixed { start - 1 } else { start }),
                        end: byte(end),
                        text: text[byte(start + 1)..byte(j)].to_string(),
                        phrase: true,
                        prefixed,
                        depth,
                        follows_previous: false,
                    });
                }
                field_pending = false;
                adjacent = false;
                i = end;
            }
            '^' | '~' => {
                // A boost or a fuzziness and its number.
                i += 1;
                while at(i).is_some_and(|d| !d.is_whitespace() && !SYNTAX.contains(&d)) {
                    i += 1;
                }
                adjacent = false;
            }
            _ => {
                let prefixed = matches!(c, '+' | '-');
                let start = if prefixed { i + 1 } else { i };
                let mut j = start;
                let mut escaped = false;
                while j < chars.len() {
                    let d = chars[j].1;
                    if d == '\\' {
                        escaped = true;
                        j += 2;
                        continue;
                    }
                    if d.is_whitespace() || SYNTAX.contains(&d) {
                        break;
                    }
                    j += 1;
                }
                let j = j.min(chars.len());
                let word = &text[byte(start)..byte(j)];
                let next = at(j);
                if next == Some(':') {
                    field_pending = true;
                    adjacent = false;
                    i = j + 1;
                    continue;
                }
                let plain = !word.is_empty()
                    && !escaped
                    && !OPERATORS.contains(&word)
                    && !field_pending
                    && !in_scope
                    && !matches!(next, Some('^' | '~' | '*' | '"' | '(' | '[' | '{'));
                if plain {
                    out.push(Candidate {
                        start: byte(if prefixed { i } else { start }),
                        end: byte(j),
                        text: word.to_string(),
                        phrase: false,
                        prefixed,
                        depth,
                        follows_previous: adjacent && !prefixed,
                    });
                }
                adjacent = plain && !prefixed;
                field_pending = false;
                i = j.max(i + 1);
            }
        }
    }
    out
}

/// Whether `inner`'s tokens appear in a row inside `outer`'s.
fn contains_tokens(outer: &str, inner: &str) -> bool {
    let outer: Vec<&str> = outer.split(' ').collect();
    let inner: Vec<&str> = inner.split(' ').collect();
    outer.windows(inner.len()).any(|w| w == inner.as_slice())
}

/// A text's words as the search index cuts and folds them, joined by spaces.
fn index_words(analyzer: &mut TextAnalyzer, text: &str) -> String {
    let mut stream = analyzer.token_stream(text);
    let mut words: Vec<String> = Vec::new();
    while stream.advance() {
        words.push(stream.token().text.clone());
    }
    words.join(" ")
}

/// The spellings worth adding for `name`: other words than its own as the
/// index sees them, not holding it or one another (a phrase that holds a
/// searched name finds nothing more), phrase-safe, at least
/// [`MIN_ALIAS_SHARE`] of the mentions, most mentioned first.
fn other_spellings(name: &str, aliases: &[(String, u64)]) -> Vec<String> {
    let mut analyzer = words_analyzer();
    let key = index_words(&mut analyzer, name);
    let key = key.as_str();
    let total: u64 = aliases.iter().map(|a| a.1).sum();
    let mut kept: Vec<(String, String)> = Vec::new();
    for (alias, mentions) in aliases {
        if (*mentions as f64) < MIN_ALIAS_SHARE * total as f64 {
            continue;
        }
        if alias.contains(['"', '\\']) || alias.chars().any(char::is_control) {
            continue;
        }
        let k = index_words(&mut analyzer, alias);
        if k.is_empty() || contains_tokens(&k, key) || kept.iter().any(|(kk, _)| kk == &k) {
            continue;
        }
        kept.push((k, alias.trim().to_string()));
    }
    let keys: Vec<String> = kept.iter().map(|(k, _)| k.clone()).collect();
    kept.retain(|(k, _)| {
        !keys
            .iter()
            .any(|other| other != k && contains_tokens(k, other))
    });
    kept.into_iter().map(|(_, a)| a).collect()
}

/// One rewrite of a byte range of the query.
struct Rewrite {
    start: usize,
    end: usize,
    text: String,
}

/// Rewrites `text` with `lookup` (from a name key to what it names).
/// A query that fails [`check_query`] is returned as an error, unexpanded.
pub fn expand_with<E>(
    text: &str,
    mut lookup: impl FnMut(&str) -> Result<NameMatch, E>,
) -> Result<ExpandedQuery, E>
where
    E: From<StoreError>,
{
    check_query(text)?;
    let cands = candidates(text);
    let mut out = ExpandedQuery::exact(text);
    let mut rewrites: Vec<Rewrite> = Vec::new();
    let mut lookups = 0usize;
    let mut room = MAX_QUERY_CHARS - text.chars().count();
    let mut i = 0;
    while i < cands.len() {
        // The longest run of plain words from `i` joined into one name.
        let mut run = 1;
        if !cands[i].phrase && !cands[i].prefixed {
            while run < MAX_NAME_WORDS
                && i + run < cands.len()
                && cands[i + run].follows_previous
                && !cands[i + run].phrase
            {
                run += 1;
            }
        }
        let mut matched = 0;
        for len in (1..=run).rev() {
            let first = &cands[i];
            let last = &cands[i + len - 1];
            let words: Vec<&str> = cands[i..i + len].iter().map(|c| c.text.as_str()).collect();
            let key = name_key(&words.join(" "));
            if key.is_empty() {
                continue;
            }
            if lookups == MAX_LOOKUPS {
                break;
            }
            lookups += 1;
            match lookup(&key)? {
                NameMatch::None => continue,
                NameMatch::Ambiguous => {
                    out.ambiguous.push(words.join(" "));
                    matched = len;
                    break;
                }
                NameMatch::One { entity, aliases } => {
                    matched = len;
                    // A spelling that also names another entity would find
                    // that entity's articles too: only the entity's own.
                    let mut spellings = Vec::new();
                    for alias in other_spellings(&words.join(" "), &aliases) {
                        if spellings.len() == MAX_ALIASES || lookups == MAX_LOOKUPS {
                            break;
                        }
                        lookups += 1;
                        if matches!(lookup(&name_key(&alias))?,
                            NameMatch::One { entity: ref e, .. } if *e == entity)
                        {
                            spellings.push(alias);
                        }
                    }
                    let original = &text[first.start..last.end];
                    let (sign, body) = if first.prefixed {
                        original.split_at(1)
                    } else {
                        ("", original)
                    };
                    let body = if len > 1 {
                        format!("({body})")
                    } else {
                        body.to_string()
                    };
                    let added_depth = if len > 1 { 2 } else { 1 };
                    if first.depth + added_depth > MAX_QUERY_DEPTH {
                        spellings.clear();
                    }
                    let build = |s: &[String]| {
                        let mut t = format!("{sign}({body}");
                        for a in s {
                            t.push_str(" OR \"");
                            t.push_str(a);
                            t.push('"');
                        }
                        t.push(')');
                        t
                    };
                    while !spellings.is_empty() {
                        let t = build(&spellings);
                        let grows = t.chars().count() - original.chars().count();
                        if grows <= room {
                            room -= grows;
                            rewrites.push(Rewrite {
                                start: first.start,
                                end: last.end,
                                text: t,
                            });
                            out.expanded.push(AliasExpansion {
                                term: words.join(" "),
                                entity,
                                aliases: spellings,
                            });
                            break;
                        }
                        spellings.pop();
                    }
                    break;
                }
            }
        }
        i += matched.max(1);
    }
    let mut rewritten = String::with_capacity(text.len());
    let mut from = 0;
    for r in &rewrites {
        rewritten.push_str(&text[from..r.start]);
        rewritten.push_str(&r.text);
        from = r.end;
    }
    rewritten.push_str(&text[from..]);
    check_query(&rewritten)?;
    out.text = rewritten;
    Ok(out)
}

/// Rewrites `text` to search the names it holds under all their spellings,
/// looking them up in `store` (one indexed lookup per candidate name, plus
/// one for the names of each entity found).
pub fn expand_query<S: AnnotationStore + ?Sized>(
    store: &S,
    text: &str,
) -> Result<ExpandedQuery, StoreError> {
    expand_with(text, |key| {
        let ids = store.entities_named(key, ENTITIES_PER_NAME)?;
        Ok(match ids.as_slice() {
            [] => NameMatch::None,
            [one] => match store.entity_head(one, 0)? {
                Some(e) => NameMatch::One {
                    entity: e.summary.id,
                    aliases: e.summary.aliases,
                },
                None => NameMatch::None,
            },
            _ => NameMatch::Ambiguous,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaddafi() -> NameMatch {
        NameMatch::One {
            entity: "e1".into(),
            aliases: vec![
                ("Gaddafi".into(), 40),
                ("Muammar Gaddafi".into(), 30),
                ("Gadhafi".into(), 20),
                ("Moammar Gadhafi".into(), 10),
                ("Qaddafi".into(), 5),
                ("GADDAFI".into(), 2),
            ],
        }
    }

    fn names(key: &str) -> Result<NameMatch, StoreError> {
        let is = |name: &str| key == name_key(name);
        Ok(
            if [
                "Gaddafi",
                "Gadhafi",
                "Muammar Gaddafi",
                "Moammar Gadhafi",
                "Qaddafi",
            ]
            .iter()
            .any(|n| is(n))
            {
                gaddafi()
            } else if is("Tripoli") {
                NameMatch::One {
                    entity: "e2".into(),
                    aliases: vec![("Tripoli".into(), 9)],
                }
            } else if is("Abdullah") {
                NameMatch::Ambiguous
            } else {
                NameMatch::None
            },
        )
    }

    fn expand(q: &str) -> ExpandedQuery {
        expand_with(q, names).unwrap()
    }

    /// Each query, the text it expands to and the names it expanded.
    #[test]
    fn names_expand_to_their_spellings_and_the_rest_is_kept() {
        for (case, query, text, expanded) in [
            (
                "a bare name searches its other spellings",
                "Gaddafi",
                r#"(Gaddafi OR "Gadhafi" OR "Qaddafi")"#,
                &["Gaddafi"][..],
            ),
            (
                "case and other words are kept",
                "gadhafi oil",
                r#"(gadhafi OR "Gaddafi" OR "Qaddafi") oil"#,
                &["gadhafi"],
            ),
            (
                "a name of several words expands as one",
                "Muammar Gaddafi speech",
                r#"((Muammar Gaddafi) OR "Gaddafi" OR "Gadhafi" OR "Qaddafi") speech"#,
                &["Muammar Gaddafi"],
            ),
            (
                "an excluded name excludes every spelling",
                "oil -Gaddafi",
                r#"oil -(Gaddafi OR "Gadhafi" OR "Qaddafi")"#,
                &["Gaddafi"],
            ),
            (
                "boolean syntax around names is kept",
                "(Gaddafi OR Tripoli) AND oil",
                r#"((Gaddafi OR "Gadhafi" OR "Qaddafi") OR Tripoli) AND oil"#,
                &["Gaddafi"],
            ),
            (
                "a name without other spellings is not reported",
                "Tripoli",
                "Tripoli",
                &[],
            ),
        ] {
            let e = expand(query);
            assert_eq!(e.text, text, "{case}");
            let terms: Vec<&str> = e.expanded.iter().map(|x| x.term.as_str()).collect();
            assert_eq!(terms, expanded, "{case}");
        }
        let e = expand("Gaddafi");
        assert_eq!(e.expanded[0].aliases, vec!["Gadhafi", "Qaddafi"]);
    }

    #[test]
    fn a_quoted_name_expands_and_keeps_its_quotes() {
        let e = expand(r#"-"muammar gaddafi" Gaddafi^2"#);
        assert!(
            e.text.starts_with(r#"-("muammar gaddafi" OR "Gaddafi""#),
            "{}",
            e.text
        );
        assert!(e.text.ends_with(") Gaddafi^2"), "{}", e.text);
        let e = expand(r#""muammar gaddafi" -tripoli"#);
        assert!(e.text.starts_with(r#"("muammar gaddafi" OR "Gaddafi""#));
        assert!(e.text.ends_with(" -tripoli"), "{}", e.text);
    }

    #[test]
    fn field_scopes_ranges_and_modifiers_stay_as_written() {
        for q in [
            "title:Gaddafi",
            "title:(Gaddafi oil)",
            "Gaddafi^2",
            "Gaddafi~1",
            "Gadd*",
            "[Gaddafi TO Tripoli]",
            r#""Gaddafi"~2"#,
            r"Gadd\afi",
        ] {
            let e = expand(q);
            assert_eq!(e.text, q, "{q}");
            assert!(e.expanded.is_empty(), "{q}");
        }
    }

    #[test]
    fn an_ambiguous_name_expands_to_nothing_and_says_so() {
        let e = expand("Abdullah Gaddafi");
        assert_eq!(e.ambiguous, vec!["Abdullah"]);
        assert_eq!(e.expanded.len(), 1);
        assert!(e.text.starts_with("Abdullah ("));
    }

    #[test]
    fn a_spelling_shared_with_another_entity_is_not_added() {
        let hosni = NameMatch::One {
            entity: "hosni".into(),
            aliases: vec![("Mubarak".into(), 9), ("Hosni Mubarak".into(), 5)],
        };
        let e = expand_with("Hosni Mubarak", |key| {
            Ok::<_, StoreError>(if key == name_key("Mubarak") {
                NameMatch::Ambiguous
            } else {
                hosni.clone()
            })
        })
        .unwrap();
        assert_eq!(e.text, "Hosni Mubarak");
        assert!(e.expanded.is_empty());
    }

    #[test]
    fn a_spelling_rarely_written_is_not_added() {
        let homs = NameMatch::One {
            entity: "homs".into(),
            aliases: vec![
                ("Homs".into(), 506),
                ("Hims".into(), 20),
                ("Homes".into(), 2),
            ],
        };
        let e = expand_with("Homs", |_| Ok::<_, StoreError>(homs.clone())).unwrap();
        assert_eq!(e.expanded[0].aliases, ["Hims"]);
    }

    #[test]
    fn aliases_are_bounded_most_mentioned_first() {
        let many = NameMatch::One {
            entity: "e".into(),
            aliases: (0..30)
                .map(|i| (format!("Spelling{i}"), 100 - i as u64))
                .collect(),
        };
        let e = expand_with("Spelling0", |_| Ok::<_, StoreError>(many.clone())).unwrap();
        // One lookup for the name, one per spelling checked.
        assert!(e.text.chars().count() <= MAX_QUERY_CHARS);
        assert_eq!(e.expanded[0].aliases.len(), MAX_ALIASES);
        assert_eq!(e.expanded[0].aliases[0], "Spelling1");
    }

    #[test]
    fn a_hostile_query_stays_within_the_bounds() {
        let long = "Gaddafi ".repeat(MAX_QUERY_CHARS / 8);
        let e = expand(&long);
        assert!(check_query(&e.text).is_ok());
        assert!(e.text.chars().count() <= MAX_QUERY_CHARS);
        let deep = format!(
            "{}Gaddafi{}",
            "(".repeat(MAX_QUERY_DEPTH),
            ")".repeat(MAX_QUERY_DEPTH)
        );
        let e = expand(&deep);
        assert_eq!(e.text, deep);
        let mut calls = 0;
        let words = "w ".repeat(400);
        expand_with(&words, |_| {
            calls += 1;
            Ok::<_, StoreError>(NameMatch::None)
        })
        .unwrap();
        assert_eq!(calls, MAX_LOOKUPS);
        assert!(expand_with(&"(".repeat(100), names).is_err());
    }
}
