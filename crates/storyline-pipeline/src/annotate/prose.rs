//! Text that is not prose inside an article: URLs (with their
//! percent-encoded bytes, "%D8%A7"), e-mail addresses, hex literals, paths
//! and code. Their pieces look like names or acronyms ("D8", "E6",
//! "Example") but never are; [`drop_non_prose`] takes them out of the words
//! the name and quote rules read.

use super::entities::Word;

/// True when a whitespace-delimited token is a URL, an address, a path,
/// percent-encoded or hex data, or code.
pub fn is_non_prose(token: &str) -> bool {
    let t = token.trim_matches(|c: char| {
        matches!(
            c,
            '(' | ')'
                | '['
                | ']'
                | '<'
                | '>'
                | '"'
                | '\''
                | ','
                | '.'
                | ';'
                | ':'
                | '“'
                | '”'
                | '«'
                | '»'
        )
    });
    if t.is_empty() {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    let percent_encoded = t
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
    let email = t
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    let hex = lower
        .strip_prefix("0x")
        .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()));
    lower.contains("://")
        || lower.starts_with("www.")
        || percent_encoded
        || email
        || hex
        || t.matches('/').count() >= 2
        || t.contains(['=', '{', '}', '\\', '_'])
        || t.contains("&amp;")
}

/// Removes the words that lie inside non-prose tokens of `text`.
pub(crate) fn drop_non_prose(text: &str, words: &mut Vec<Word<'_>>) {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_whitespace()) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                if is_non_prose(&text[s..i]) {
                    spans.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    if spans.is_empty() {
        return;
    }
    words.retain(|w| {
        // Spans are sorted: the last one starting at or before the word.
        let k = spans.partition_point(|&(s, _)| s <= w.start);
        k == 0 || spans[k - 1].1 <= w.start
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_addresses_and_code_are_not_prose() {
        for t in [
            "https://ar.example.com/%D8%A7%D9%84",
            "(www.Example.org)",
            "%D8%A7%D9%84%D8%AC",
            "press@Reuters.com",
            "0xDEADBEEF",
            "/news/world/Tusk",
            "user_id=42",
        ] {
            assert!(is_non_prose(t), "{t}");
        }
        for t in [
            "Reuters",
            "U.S.",
            "G7",
            "Israel/Gaza",
            "50%",
            "al-Jolani",
            "(HTS)",
        ] {
            assert!(!is_non_prose(t), "{t}");
        }
    }

    #[test]
    fn regression_percent_encoded_url_bytes_become_entities() {
        let text = "Turkish Foreign Minister Mevlut Cavusoglu met Hakan Fidan in Ankara. \
            The statement is at https://www.aa.com.tr/ar/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85/ \
            and %D8%A7%D9%84 (https://Example.com/World/News?ID=E6F0). Ask press@Anadolu.com.tr \
            or see /news/Ankara/Fidan and key 0xDEADBEEF.";
        let names: Vec<String> = crate::annotate::annotate(text, None)
            .mentions
            .into_iter()
            .map(|m| m.text)
            .collect();
        for junk in [
            "D8", "D9", "A7", "B9", "E6F0", "ID", "Example", "World", "News", "Anadolu", "DEADBEEF",
        ] {
            assert!(
                !names.iter().any(|n| n.contains(junk)),
                "{junk} in {names:?}"
            );
        }
        for name in ["Mevlut Cavusoglu", "Hakan Fidan", "Ankara"] {
            assert!(
                names.iter().any(|n| n == name),
                "{name} missing from {names:?}"
            );
        }
    }
}
