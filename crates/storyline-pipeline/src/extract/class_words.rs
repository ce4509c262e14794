//! Word lists matched against `class` and `id` attribute values ("sidebar",
//! "post-meta"): which words mark furniture, content, dates or comments.
//!
//! A list is an Aho-Corasick automaton over the words, ASCII
//! case-insensitive. It replaced case-insensitive regex alternations, which
//! cost a millisecond or more each to compile on the first page and kept
//! rebuilding their lazy DFA states over a page's hundreds of distinct class
//! strings (about 5% of `extract`'s CPU). Class names are ASCII in practice;
//! the one difference from the regexes' Unicode case folding is that the
//! Kelvin sign and the long s no longer stand for `k` and `s`.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use std::sync::OnceLock;

/// Where a word of the list must sit in the attribute value.
#[derive(Clone, Copy)]
enum Placement {
    /// Anywhere, as part of a longer name too ("comment" in "commentlist").
    Anywhere,
    /// Between the value's ends and `-`, `_` or space ("nav" in "top-nav",
    /// not in "canvas").
    Delimited,
}

pub(crate) struct ClassWords {
    words: &'static [&'static str],
    placement: Placement,
    automaton: OnceLock<DFA>,
}

impl ClassWords {
    /// Words that count wherever they occur in a value.
    pub(crate) const fn anywhere(words: &'static [&'static str]) -> Self {
        Self::new(words, Placement::Anywhere)
    }

    /// Words that count only as whole parts of a value, delimited by its
    /// ends or by `-`, `_` or a space.
    pub(crate) const fn delimited(words: &'static [&'static str]) -> Self {
        Self::new(words, Placement::Delimited)
    }

    const fn new(words: &'static [&'static str], placement: Placement) -> Self {
        ClassWords {
            words,
            placement,
            automaton: OnceLock::new(),
        }
    }

    /// The words' automaton: a DFA walked byte by byte here rather than
    /// through `AhoCorasick`'s searches, whose set-up per call (prefilter,
    /// iterator, dynamic dispatch) outweighed the walk over values of a few
    /// dozen bytes, called for every class string of every page.
    fn automaton(&self) -> &DFA {
        self.automaton.get_or_init(|| {
            DFA::builder()
                .ascii_case_insensitive(true)
                // Every word ending at a position is reported there.
                .match_kind(MatchKind::Standard)
                .build(self.words)
                .expect("a fixed word list")
        })
    }

    /// Whether a word of the list sits in the element's `class` or `id`
    /// value as the list requires.
    pub(crate) fn in_class_or_id(&self, e: &scraper::node::Element) -> bool {
        use crate::html::Attribute;
        use html5ever::local_name;
        e.attribute(&local_name!("class"))
            .is_some_and(|c| self.is_match(c))
            || e.attribute(&local_name!("id"))
                .is_some_and(|c| self.is_match(c))
    }

    /// Whether a word of the list sits in `value` as the list requires.
    pub(crate) fn is_match(&self, value: &str) -> bool {
        let dfa = self.automaton();
        let b = value.as_bytes();
        let delimiter = |c: u8| matches!(c, b'-' | b'_' | b' ');
        let Ok(mut state) = dfa.start_state(Anchored::No) else {
            return false;
        };
        for (i, &byte) in b.iter().enumerate() {
            state = dfa.next_state(Anchored::No, state, byte);
            if !dfa.is_special(state) {
                continue;
            }
            if dfa.is_dead(state) {
                return false;
            }
            if !dfa.is_match(state) {
                continue;
            }
            let end = i + 1;
            let placed = |k: usize| {
                let start = end - dfa.pattern_len(dfa.match_pattern(state, k));
                (start == 0 || delimiter(b[start - 1])) && (end == b.len() || delimiter(b[end]))
            };
            match self.placement {
                Placement::Anywhere => return true,
                Placement::Delimited if (0..dfa.match_len(state)).any(placed) => return true,
                Placement::Delimited => {}
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    static DELIMITED: ClassWords = ClassWords::delimited(&["nav", "side-bar", "ad", "ads"]);
    static ANYWHERE: ClassWords = ClassWords::anywhere(&["date", "post-meta"]);

    #[test]
    fn delimited_words_match_as_a_bounded_regex_alternation_does() {
        let re = Regex::new(r"(?i)(?:^|[-_ ])(nav|side-bar|ad|ads)(?:$|[-_ ])").unwrap();
        for value in [
            "nav",
            "NAV",
            "top-nav",
            "nav_main",
            "main nav",
            "canvas",
            "navbar",
            "side-bar",
            "my-side-bar-x",
            "sidebar",
            "ads",
            "ad",
            "head",
            "ad-ads",
            "x ads_",
            "",
            "-",
            "a\tnav",
            "nav\t",
            "bad-ad",
            "ads-",
            "road ad",
        ] {
            assert_eq!(DELIMITED.is_match(value), re.is_match(value), "{value:?}");
        }
    }

    #[test]
    fn anywhere_words_match_inside_longer_names_in_any_ascii_case() {
        assert!(ANYWHERE.is_match("entry-DATE"));
        assert!(ANYWHERE.is_match("updated"));
        assert!(ANYWHERE.is_match("xPost-Meta"));
        assert!(!ANYWHERE.is_match("post meta"));
        assert!(!ANYWHERE.is_match(""));
    }
}
