//! Regexes written with Unicode word boundaries (`\b`), run fast.
//!
//! The regex crate's fast engine (a lazy DFA) gives up on a Unicode word
//! boundary as soon as the text holds a non-ASCII character, and the search
//! falls back to an engine one or two orders of magnitude slower over the
//! whole text: a curly quote in a line was enough. [`WordRegex`] gives, for
//! each text, a regex with the same matches that stays fast: on ASCII text,
//! the original (the lazy DFA reads its Unicode word boundaries as ASCII
//! ones there, which mean the same, and does not give up); on other text,
//! the original too, but only when the pattern with its word boundaries left
//! out (which matches wherever the original does) finds something.
//! (An ASCII-boundary twin for ASCII text was compiled before: it matched
//! as fast and cost a third compilation per pattern at start-up.)

use regex::Regex;
use std::sync::OnceLock;

pub(crate) struct WordRegex {
    pattern: String,
    loose: OnceLock<Regex>,
    full: OnceLock<Regex>,
}

impl WordRegex {
    /// `pattern` must compile (it is checked on first use, as the regexes of
    /// the stages are); it may not hold an escaped backslash before a `b`.
    pub(crate) fn new(pattern: &str) -> Self {
        WordRegex {
            pattern: pattern.to_string(),
            loose: OnceLock::new(),
            full: OnceLock::new(),
        }
    }

    fn compiled(cell: &OnceLock<Regex>, pattern: impl FnOnce() -> String) -> &Regex {
        cell.get_or_init(|| Regex::new(&pattern()).expect("valid pattern"))
    }

    /// The regex to run on `text`, with the original's matches there;
    /// `None` when the original cannot match it.
    pub(crate) fn for_text(&self, text: &str) -> Option<&Regex> {
        if text.is_ascii() {
            return Some(Self::compiled(&self.full, || self.pattern.clone()));
        }
        let loose = Self::compiled(&self.loose, || self.pattern.replace(r"\b", ""));
        loose
            .is_match(text)
            .then(|| Self::compiled(&self.full, || self.pattern.clone()))
    }

    /// Whether the original regex matches `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.for_text(text).is_some_and(|re| re.is_match(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_matches_as_the_unicode_regex() {
        let patterns = [
            r"(?i)\b(facebook|twitter|rss)\b",
            r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b",
            r"(?i)(©|\(c\)\s*\d{4}|\bcopyright\b)",
        ];
        let texts = [
            "Follow us on Facebook and Twitter",
            "Follow us on Facebookß and éTwitter, “RSS”",
            "Café rss feed; facebook’s page",
            "12.03.2021 und 1.2.2020",
            "Am 12.03.2021 – und x1.2.2020 und ٣1.2.2020",
            "Copyright © 2020",
            "copyrighté (c) 2019",
            "nothing here",
            "rien à voir ici",
        ];
        for p in patterns {
            let full = Regex::new(p).unwrap();
            let fast = WordRegex::new(p);
            for t in texts {
                let want: Vec<_> = full.find_iter(t).map(|m| m.range()).collect();
                let got: Vec<_> = fast
                    .for_text(t)
                    .map(|re| re.find_iter(t).map(|m| m.range()).collect())
                    .unwrap_or_default();
                assert_eq!(got, want, "{p} on {t}");
            }
        }
    }
}
