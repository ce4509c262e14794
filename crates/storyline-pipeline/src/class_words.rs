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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
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
    automaton: OnceLock<AhoCorasick>,
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

    fn automaton(&self) -> &AhoCorasick {
        self.automaton.get_or_init(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build(self.words)
                .expect("a fixed word list")
        })
    }

    /// Whether a word of the list sits in `value` as the list requires.
    pub(crate) fn is_match(&self, value: &str) -> bool {
        let ac = self.automaton();
        match self.placement {
            Placement::Anywhere => ac.is_match(value),
            Placement::Delimited => {
                let b = value.as_bytes();
                let delimiter = |c: u8| matches!(c, b'-' | b'_' | b' ');
                ac.find_overlapping_iter(value).any(|m| {
                    (m.start() == 0 || delimiter(b[m.start() - 1]))
                        && (m.end() == b.len() || delimiter(b[m.end()]))
                })
            }
        }
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
