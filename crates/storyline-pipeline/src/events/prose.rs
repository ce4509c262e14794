//! What counts as article prose, and headlines cleaned of page clutter.
//!
//! Extracted pages carry clutter into the text: timestamps ("Wednesday 19
//! January 2005 08.47 GMT", "Page last updated at 08:03 GMT"), photo
//! credits and the captions before them ("… Photograph: Gerald
//! Herbert/AP"), bylines ("Susan Watts |", "By the CNN Wire Staff"),
//! datelines ("WASHINGTON (AP) --"), transcript speaker tags, and reader
//! comments or calls to the reader ("So who will be next?", "Click here").
//! Summaries, timeline sentences and headlines read through here: they
//! start after the last piece of clutter and skip sentences that are not
//! prose.

use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

/// Clutter after which the prose starts: timestamps, photo credits, bylines
/// and datelines.
static CLUTTER: LazyLock<Regex> = LazyLock::new(|| {
    let stamp = format!(
        r"(?:(?:{WEEKDAYS}),?\s+)?\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}},?\s+\d{{1,2}}[.:]\d{{2}}(?:\s*(?:GMT|BST|UTC|CET|CEST|EST|EDT|PST|PDT|ET|UK))?(?:\s+time)?"
    );
    let updated = format!(
        r"(?:Page\s+)?[Ll]ast\s+updated(?:\s+at)?:?\s+(?:\d{{1,2}}[.:]\d{{2}}\s*(?:GMT|BST|UTC|ET)?,?\s*)?(?:(?:{WEEKDAYS}),?\s+)?(?:\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}})?(?:\s+\d{{1,2}}[.:]\d{{2}}\s*(?:GMT|BST|UK|UTC|ET)?)?"
    );
    let time_first = format!(
        r"\d{{1,2}}[.:]\d{{2}}\s*(?:GMT|BST|UK|UTC|ET)?(?:\s+time)?,\s+(?:{WEEKDAYS}),?\s+\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}"
    );
    let wire_stamp = r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4},?\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:GMT|BST|UTC|EST|EDT|ET)?";
    let credit = r"(?:Photograph|Photo|Picture|Photos|Photographs|Illustration|Composite|Image)s?:\s*(?:[^\s/]+(?:\s+[^\s/]+){0,4}\s*(?:\\?/\s*[A-Za-z][\w.&-]*(?:\s+(?:Images|Press|Pictures|Photo))?)+|(?:AP|AFP|Reuters|Getty(?:\s+Images)?|PA|EPA|Rex(?:\s+Features)?|Corbis|Alamy))";
    let byline_bar = r"^\s*[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,3}\s+\|";
    let byline_by = r"\bBy\s+(?:the\s+)?(?:[A-Z][\w'.-]+\s+){1,3}(?:[Ww]ire\s+)?[Ss]taff\b";
    let dateline = r"^\s*(?:[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]*){0,3}\s*(?:\((?:AP|AFP|Reuters|CNN)\))?\s*--\s*)+";
    let agency =
        r"(?:[A-Z][\w.'-]*[ ,]+){0,3}\((?:AP|AFP|Reuters(?:\s+Life!)?|CNN)\)\s*(?:--|-|–)?";
    let filed = r"\|?\s*Filed\s+under:(?:\s+[A-Z][\w-]*){1,2}";
    // Live-blog stamps in brackets: "(Updated 5:31 p.m. (0031 in Egypt))".
    let live = r"\(\s*(?i:updated?|posted)\b[^()]*(?:\([^()]*\)[^()]*)?\)";
    Regex::new(&format!(
        "{stamp}|{wire_stamp}|{updated}|{time_first}|{credit}|{byline_bar}|{byline_by}|{dateline}|{agency}|{filed}|{live}"
    ))
    .expect("clutter pattern")
});

/// Sentences that are not article prose: captions dated like "May 5: …",
/// transcript speaker tags ("WOLF BLITZER, CNN ANCHOR:"), reader comments
/// ("… wrote:"), fragments cut by extraction ("N) is …") and calls to the
/// reader.
static NOT_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        ^(?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d{{1,2}}:\s
        | ^[A-Z][A-Z.'-]+(?:[\s,]+[A-Z][A-Z.'-]+)*:\s
        | (?i:\b(?:click|let\s+us\s+know|tell\s+us|send\s+us|share\s+your|your\s+(?:views|comments|thoughts|story)
              |comments?\s+(?:below|are\s+closed)|we\s+want\s+to\s+hear|sign\s+up|subscribe|follow\s+us
              |e-?mail|letters\s+for\s+publication|posted\s+by|read\s+more|all\s+rights\s+reserved|copyright)\b)
        | \bwrote:\s
        | ^[^\s(]{{0,3}}\)\s
        | @ | https?:// | www\.
        "
    ))
    .expect("not-prose pattern")
});

/// The byte offset in `sentence` where its prose starts: after the last
/// timestamp, photo credit, byline or dateline (0 when it has none).
pub fn prose_start(sentence: &str) -> usize {
    let end = CLUTTER
        .find_iter(sentence)
        .map(|m| m.end())
        .last()
        .unwrap_or(0);
    end + (sentence[end..].len() - sentence[end..].trim_start().len())
}

/// Whether a (clutter-stripped) sentence reads as article prose: not a
/// question (comments and calls to the reader ask; a report states), not
/// a dated caption, a transcript speaker tag or a call to the reader, and
/// at least `min_words` words.
pub fn is_prose(sentence: &str, min_words: usize) -> bool {
    let s = sentence.trim();
    !s.ends_with('?')
        && !s.ends_with("?\"")
        && !s.ends_with("?”")
        && s.split_whitespace().count() >= min_words
        && !NOT_PROSE.is_match(s)
}

/// Site names after a title's last separator ("… | World news | The
/// Guardian", "… - BBC News").
static SITE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\s+\|\s+[^|]{1,40})+$|\s+[–—-]\s+(?:[A-Z][\w.]*\s?){1,3}$")
        .expect("site suffix pattern")
});

/// A title or lead sentence cleaned into a headline: without the site name
/// after a separator, timestamps, photo credits, bylines and datelines,
/// whitespace collapsed. Empty when nothing is
/// left.
pub fn clean_headline(text: &str) -> String {
    let mut s = text.trim();
    if let Some(m) = SITE_SUFFIX.find(s) {
        // Keep the part before the site name unless that is all there is.
        if m.start() > 0 && s[..m.start()].split_whitespace().count() >= 3 {
            s = &s[..m.start()];
        }
    }
    let s = &s[prose_start(s)..];
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(s: &str) -> &str {
        &s[prose_start(s)..]
    }

    #[test]
    fn prose_starts_after_timestamps_credits_and_bylines() {
        assert_eq!(
            stripped("Gulf oil spill: BP resumes top kill Friday 28 May 2010 10.27 BST This still image shows the well."),
            "This still image shows the well."
        );
        assert_eq!(
            stripped("The clean-up on the coast Photograph: Gerald Herbert\\/AP The US government has declared the well dead."),
            "The US government has declared the well dead."
        );
        assert_eq!(
            stripped("Susan Watts | 18:00 UK time, Saturday, 25 April 2009 Experts are clearly extremely concerned."),
            "Experts are clearly extremely concerned."
        );
        assert_eq!(
            stripped(
                "Page last updated at 08:03 GMT, Tuesday, 26 July 2011 09:03 UK A judge has ruled."
            ),
            "A judge has ruled."
        );
        assert_eq!(
            stripped("WASHINGTON -- WASHINGTON (AP) -- Oil spill frustration is rampant."),
            "Oil spill frustration is rampant."
        );
        assert_eq!(
            stripped("Cairo, Egypt (CNN) -- Thousands of protesters spilled into the streets."),
            "Thousands of protesters spilled into the streets."
        );
        assert_eq!(
            clean_headline("Fri Jun 24, 2011 10:17 am BST KATHMANDU (Reuters Life!)"),
            ""
        );
        let plain = "Rebels entered the city on Tuesday, witnesses said.";
        assert_eq!(stripped(plain), plain);
    }

    #[test]
    fn comments_captions_and_short_lines_are_not_prose() {
        assert!(!is_prose(
            "So who will be next for the rebels to topple?",
            6
        ));
        assert!(!is_prose(
            "May 5: A platform is surrounded by the oil spill from the wellhead.",
            6
        ));
        assert!(!is_prose(
            "WOLF BLITZER, CNN ANCHOR: Tonight, a special report from the ground.",
            6
        ));
        assert!(!is_prose(
            "Click here to share your views on the spill with other readers.",
            6
        ));
        assert!(!is_prose("Gaddafi is dead.", 6));
        assert!(!is_prose(
            "N) is increasing the sources of capital it taps for its next fund.",
            6
        ));
        assert!(!is_prose(
            "At 18:10 1st Jun 2012, JunkkMale wrote: he wrote this account of what happened.",
            6
        ));
        assert!(is_prose(
            "Libya's former leader Muammar Gaddafi was killed near Sirte on Thursday.",
            6
        ));
    }

    #[test]
    fn regression_live_blog_stamp_opened_a_timeline_sentence() {
        let s = "(Updated 5:31 p.m. (0031 in Egypt)) Egyptian President Hosni Mubarak says he has asked the government to resign.";
        assert_eq!(
            stripped(s),
            "Egyptian President Hosni Mubarak says he has asked the government to resign."
        );
    }

    #[test]
    fn headlines_lose_site_names_timestamps_and_credits() {
        assert_eq!(
            clean_headline("Libya: Gaddafi killed in Sirte | World news | The Guardian"),
            "Libya: Gaddafi killed in Sirte"
        );
        assert_eq!(
            clean_headline(
                "Photograph: Mike Mackey/ACC Studios Wednesday 19 January 2005 08.47 GMT Rebels take Tripoli"
            ),
            "Rebels take Tripoli"
        );
        assert_eq!(clean_headline("Rebels take Tripoli"), "Rebels take Tripoli");
    }
}
