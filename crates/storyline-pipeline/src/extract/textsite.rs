//! The site of a scraped-text page that states none: read from what the page
//! says and where it was found, so that corpus-aware chrome
//! ([`crate::sitelines`]) can count its lines with the other pages of the
//! same site.
//!
//! In order of trust: the crawl folder's name when it is a host name
//! (`crawl/example.com/page.txt`, rule `path.folder`), the holder of the
//! page's copyright line (`© 2011 The Harbor Ledger. All rights reserved.`,
//! `All rights reserved to Northern Dispatch Ltd`, rule `text.copyright`),
//! and the host most URLs in the text point to (rule `text.url`). A pure
//! function of the text and the locator string: no file is read.

use storyline_model::Provenance;

/// Longest line read as a copyright line (longer is prose about rights).
const MAX_COPYRIGHT_LINE_CHARS: usize = 160;
/// Most words a site's name may have once the copyright words are gone.
const MAX_NAME_WORDS: usize = 7;

/// The inferred site, lower-cased, with its provenance; `None` when the
/// page says nothing that names one.
pub fn infer_text_site(text: &str, locator: &str) -> Option<(String, Provenance)> {
    if let Some(host) = folder_host(locator) {
        return Some((host, Provenance::new("path.folder", 0.9)));
    }
    if let Some(name) = copyright_holder(text) {
        return Some((name, Provenance::new("text.copyright", 0.8)));
    }
    if let Some(host) = main_url_host(text) {
        return Some((host, Provenance::new("text.url", 0.6)));
    }
    None
}

/// Whether `s` looks like a host name: dot-separated labels of letters,
/// digits and hyphens, the last one letters only.
fn is_host_like(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()))
}

/// The name of the folder holding the file, when it is a host name.
fn folder_host(locator: &str) -> Option<String> {
    let path = locator.split('#').next().unwrap_or(locator);
    let mut parts = path.rsplit(['/', '\\']);
    parts.next()?;
    let folder = parts.next()?.to_ascii_lowercase();
    let folder = folder.strip_prefix("www.").unwrap_or(&folder).to_string();
    is_host_like(&folder).then_some(folder)
}

/// The holder named by the last copyright line of the page.
fn copyright_holder(text: &str) -> Option<String> {
    text.lines()
        .rev()
        .filter(|l| l.chars().count() <= MAX_COPYRIGHT_LINE_CHARS)
        .find_map(holder_of_line)
}

fn holder_of_line(line: &str) -> Option<String> {
    let lower = line.trim().to_lowercase();
    let marked = lower.starts_with('©')
        || lower.starts_with("(c)")
        || lower.starts_with("copyright")
        || lower.contains("all rights reserved");
    if !marked {
        return None;
    }
    let mut s = lower.replace('©', " ");
    for phrase in [
        "all rights reserved to",
        "all rights reserved",
        "copyright",
        "(c)",
    ] {
        s = s.replace(phrase, " ");
    }
    // The name ends at the first sentence or field break.
    let s = s
        .split(['|', '·', '•', ';'])
        .map(str::trim)
        .find(|p| p.chars().any(char::is_alphabetic))?
        .to_string();
    let s = match s.find(". ") {
        Some(i) => s[..i].to_string(),
        None => s,
    };
    let words: Vec<&str> = s
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | '.' | ':' | '-' | '–')))
        .filter(|w| !w.is_empty() && !is_year_or_range(w) && *w != "by")
        .collect();
    let name = words.join(" ");
    (!words.is_empty()
        && words.len() <= MAX_NAME_WORDS
        && name.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .then_some(name)
}

fn is_year_or_range(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '–')
}

/// The host most URLs of the text point to (ties: the first seen), without `www.`.
fn main_url_host(text: &str) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (i, _) in text.match_indices("http") {
        let rest = &text[i..];
        let Some(after) = rest
            .strip_prefix("https://")
            .or_else(|| rest.strip_prefix("http://"))
        else {
            continue;
        };
        let host: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            .collect::<String>()
            .to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
        if !is_host_like(&host) {
            continue;
        }
        match counts.iter_mut().find(|(h, _)| *h == host) {
            Some((_, n)) => *n += 1,
            None => counts.push((host, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(h, _)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str, locator: &str) -> Option<(String, String)> {
        infer_text_site(text, locator).map(|(s, p)| (s, p.rule.to_string()))
    }

    #[test]
    fn copyright_lines_name_the_site() {
        let cases = [
            (
                "© 2011 The Harbor Ledger. All rights reserved.",
                "the harbor ledger",
            ),
            (
                "Copyright 2009-2011 Valley Courier Media Group. All rights reserved.",
                "valley courier media group",
            ),
            (
                "All rights reserved to Northern Dispatch Ltd 2011",
                "northern dispatch ltd",
            ),
            ("(c) 2011 capitalwire.example", "capitalwire.example"),
            ("Copyright © 2020 by Radio Kiel | Impressum", "radio kiel"),
        ];
        for (line, want) in cases {
            let text = format!("Home\nNews\nThe council met on Monday and voted.\n{line}\n");
            assert_eq!(
                site(&text, "crawl/page.txt"),
                Some((want.to_string(), "text.copyright".to_string())),
                "{line}"
            );
        }
    }

    #[test]
    fn a_host_named_folder_wins_over_the_text() {
        let text = "Story text.\n© 2011 The Harbor Ledger. All rights reserved.\n";
        assert_eq!(
            site(text, "/data/crawl/www.Example-News.com/0001.txt"),
            Some(("example-news.com".to_string(), "path.folder".to_string()))
        );
        // A folder that is not a host name says nothing.
        assert_eq!(
            site(text, "/data/pages/0001.txt").map(|s| s.1),
            Some("text.copyright".to_string())
        );
    }

    #[test]
    fn the_most_linked_host_names_a_page_without_copyright() {
        let text = "Read at https://www.daily.example/a and https://daily.example/b.\n\
                    Source: http://other.example/x\n";
        assert_eq!(
            site(text, "x.txt"),
            Some(("daily.example".to_string(), "text.url".to_string()))
        );
    }

    #[test]
    fn prose_about_rights_and_plain_text_name_no_site() {
        let text = "The court said the treaty kept all rights reserved to the states \
                    under the old agreement, which the ministers signed in 1990 after long talks.\n\
                    Nothing else here.\n";
        assert_eq!(site(text, "notes.txt"), None);
        assert_eq!(site("Just a story.\nNo links.\n", "a/b.txt"), None);
    }
}
