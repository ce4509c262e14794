//! Quote normalisation for the quote bank: the same words quoted by several
//! articles (with different quote marks, dashes, ellipses or case) get one key.

/// The dedup key of a quote: lower-case words, punctuation dropped, curly and
/// straight apostrophes alike.
pub fn quote_key(text: &str) -> String {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['\'', '’']).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_case_do_not_matter() {
        assert_eq!(
            quote_key("For 100 days, we have been fighting…"),
            quote_key("for 100 days we have been fighting...")
        );
        assert_ne!(quote_key("we will win"), quote_key("we will not win"));
    }
}
