//! Placeholder text: what a page shows instead of its article (lorem ipsum
//! filler, "Please enable JavaScript" notices and browser checks, paywall
//! teasers such as "Subscribe to continue reading" or "Jetzt weiterlesen
//! mit …"). A page whose clean text is mostly that is not an article; [`placeholder_kind`]
//! tells which placeholder it is, for the refusal's reason.

/// Latin words of lorem ipsum filler (the classic passage and the words
/// generators add). Real Latin quoted in news is rare and never this dense.
/// Sorted, for the binary search every word of every paragraph goes through.
const LOREM_WORDS: &[&str] = &[
    "a",
    "ac",
    "accumsan",
    "ad",
    "adipiscing",
    "aenean",
    "aliqua",
    "aliquam",
    "aliquet",
    "aliquip",
    "amet",
    "anim",
    "ante",
    "arcu",
    "at",
    "auctor",
    "augue",
    "aute",
    "bibendum",
    "blandit",
    "cillum",
    "commodo",
    "condimentum",
    "congue",
    "consectetur",
    "consequat",
    "convallis",
    "cras",
    "culpa",
    "cupidatat",
    "curabitur",
    "cursus",
    "dapibus",
    "deserunt",
    "diam",
    "dictum",
    "dignissim",
    "do",
    "dolor",
    "dolore",
    "donec",
    "duis",
    "ea",
    "efficitur",
    "egestas",
    "eget",
    "eiusmod",
    "eleifend",
    "elementum",
    "elit",
    "enim",
    "erat",
    "eros",
    "esse",
    "est",
    "et",
    "etiam",
    "eu",
    "euismod",
    "ex",
    "excepteur",
    "exercitation",
    "facilisis",
    "faucibus",
    "felis",
    "fermentum",
    "feugiat",
    "finibus",
    "fringilla",
    "fugiat",
    "fusce",
    "gravida",
    "hendrerit",
    "iaculis",
    "id",
    "imperdiet",
    "in",
    "incididunt",
    "integer",
    "interdum",
    "ipsum",
    "irure",
    "justo",
    "labore",
    "laboris",
    "laborum",
    "lacinia",
    "lacus",
    "lectus",
    "leo",
    "libero",
    "ligula",
    "lobortis",
    "lorem",
    "luctus",
    "maecenas",
    "magna",
    "malesuada",
    "massa",
    "mattis",
    "mauris",
    "maximus",
    "metus",
    "mi",
    "minim",
    "mollis",
    "mollit",
    "morbi",
    "nam",
    "nec",
    "neque",
    "nibh",
    "nisi",
    "nisl",
    "non",
    "nostrud",
    "nulla",
    "nullam",
    "nunc",
    "occaecat",
    "odio",
    "officia",
    "orci",
    "ornare",
    "pariatur",
    "pellentesque",
    "pharetra",
    "phasellus",
    "placerat",
    "porta",
    "porttitor",
    "posuere",
    "praesent",
    "pretium",
    "proident",
    "proin",
    "pulvinar",
    "purus",
    "quam",
    "qui",
    "quis",
    "quisque",
    "reprehenderit",
    "rhoncus",
    "risus",
    "rutrum",
    "sagittis",
    "sapien",
    "scelerisque",
    "sed",
    "sem",
    "semper",
    "sint",
    "sit",
    "sollicitudin",
    "sunt",
    "suscipit",
    "suspendisse",
    "tellus",
    "tempor",
    "tempus",
    "tincidunt",
    "tortor",
    "tristique",
    "turpis",
    "ullamco",
    "ullamcorper",
    "ultrices",
    "ultricies",
    "urna",
    "ut",
    "varius",
    "vehicula",
    "vel",
    "velit",
    "venenatis",
    "veniam",
    "vestibulum",
    "vitae",
    "vivamus",
    "viverra",
    "voluptate",
    "volutpat",
    "vulputate",
];

/// Lower-case phrases of pages that ask for JavaScript, or check the
/// browser, instead of showing their text.
const JAVASCRIPT_NOTICES: &[&str] = &[
    "checking your browser before accessing",
    "checking if the site connection is secure",
    "you will be connected to",
    "verify you are human",
    "enable javascript",
    "javascript is disabled",
    "javascript is required",
    "javascript must be enabled",
    "turn on javascript",
    "javascript aktivieren",
    "aktivieren sie javascript",
    "javascript ist deaktiviert",
    "activez javascript",
    "activer javascript",
    "habilita javascript",
    "habilite javascript",
    "activa javascript",
    "abilita javascript",
    "browser does not support javascript",
];

/// Lower-case phrases of paywall teasers: the page keeps its article for
/// subscribers.
const PAYWALL_TEASERS: &[&str] = &[
    "subscribe to continue reading",
    "subscribe to read",
    "to continue reading, subscribe",
    "sign in to continue reading",
    "log in to continue reading",
    "subscribe now to continue",
    "this article is for subscribers",
    "this content is for subscribers",
    "this article is only available to subscribers",
    "available to subscribers only",
    "for subscribers only",
    "already a subscriber?",
    "get unlimited access",
    "jetzt weiterlesen mit",
    "weiterlesen mit",
    "dieser artikel ist nur für abonnenten",
    "nur für abonnenten",
    "exklusiv für abonnenten",
    "artikel ist exklusiv für",
    "jetzt abonnieren und weiterlesen",
    "sie haben bereits ein abo?",
    "pour lire la suite",
    "réservé aux abonnés",
    "article réservé aux abonnés",
    "contenido exclusivo para suscriptores",
    "exclusivo para suscriptores",
    "per continuare a leggere",
    "riservato agli abbonati",
];

/// What a placeholder paragraph is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placeholder {
    /// Lorem ipsum filler text.
    LoremIpsum,
    /// A notice asking for JavaScript or a browser check.
    JavaScriptNotice,
    /// A paywall teaser ("subscribe to continue reading").
    PaywallTeaser,
}

impl Placeholder {
    /// How a refusal names it.
    pub fn describe(self) -> &'static str {
        match self {
            Placeholder::LoremIpsum => "lorem ipsum filler",
            Placeholder::JavaScriptNotice => "a notice asking for JavaScript or a browser check",
            Placeholder::PaywallTeaser => "a paywall teaser",
        }
    }
}

/// Fewer words of real text than this, beside placeholder text, is no
/// article (a headline and a dek).
const MIN_REAL_WORDS: usize = 30;

/// What placeholder `paragraph` is, if it is one.
pub fn placeholder_paragraph(paragraph: &str) -> Option<Placeholder> {
    let lower = paragraph.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let lorem = words
        .iter()
        .filter(|w| LOREM_WORDS.binary_search(w).is_ok())
        .count();
    if lower.trim_start().starts_with("lorem ipsum")
        || (words.len() >= 8 && lorem * 5 >= words.len() * 4)
    {
        return Some(Placeholder::LoremIpsum);
    }
    // Notices are short: a long paragraph that mentions one is prose about it.
    if words.len() > 40 {
        return None;
    }
    if JAVASCRIPT_NOTICES.iter().any(|p| lower.contains(p)) {
        return Some(Placeholder::JavaScriptNotice);
    }
    if PAYWALL_TEASERS.iter().any(|p| lower.contains(p)) {
        return Some(Placeholder::PaywallTeaser);
    }
    None
}

/// The placeholder a page is: its clean paragraphs hold placeholder text,
/// or the blocks extraction removed do, and the real text (the title left
/// out) is under [`MIN_REAL_WORDS`] words or under a third of the
/// placeholder's words; `None` for an article.
pub fn placeholder_kind<'a>(
    paragraphs: impl IntoIterator<Item = &'a str>,
    removed: impl IntoIterator<Item = &'a str>,
    title: Option<&str>,
) -> Option<Placeholder> {
    let title = title.map(str::trim);
    let (mut real, mut filler) = (0usize, 0usize);
    let mut kind: Option<Placeholder> = None;
    let mut note = |k: Placeholder| {
        // The first kind in rank order names the page: lorem ipsum over a
        // notice beside it.
        kind = Some(kind.map_or(k, |old| old.min_by_rank(k)));
    };
    for p in paragraphs {
        let p = p.trim();
        if p.is_empty() || Some(p) == title {
            continue;
        }
        let words = p.split_whitespace().count();
        match placeholder_paragraph(p) {
            Some(k) => {
                filler += words;
                note(k);
            }
            None => real += words,
        }
    }
    for r in removed {
        if let Some(k) = placeholder_paragraph(r) {
            filler += r.split_whitespace().count();
            note(k);
        }
    }
    let kind = kind?;
    (real < MIN_REAL_WORDS || real * 3 < filler).then_some(kind)
}

impl Placeholder {
    fn rank(self) -> u8 {
        match self {
            Placeholder::LoremIpsum => 0,
            Placeholder::PaywallTeaser => 1,
            Placeholder::JavaScriptNotice => 2,
        }
    }

    fn min_by_rank(self, other: Placeholder) -> Placeholder {
        if other.rank() < self.rank() {
            other
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lorem_words_are_sorted_for_binary_search() {
        assert!(LOREM_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    const LOREM: &str = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do \
        eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, \
        quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.";

    #[test]
    fn placeholder_pages_are_told_apart_from_articles() {
        assert_eq!(
            placeholder_kind([LOREM, LOREM], [], Some("Headline")),
            Some(Placeholder::LoremIpsum)
        );
        assert_eq!(
            placeholder_kind(["Please enable JavaScript to view this page."], [], None),
            Some(Placeholder::JavaScriptNotice)
        );
        assert_eq!(
            placeholder_kind(
                [
                    "Die Stadt plant einen neuen Radweg.",
                    "Jetzt weiterlesen mit SZ Plus",
                    "Dieser Artikel ist nur für Abonnenten verfügbar."
                ],
                [],
                None
            ),
            Some(Placeholder::PaywallTeaser)
        );
        // A real article with a subscription line at its end stays one.
        let body = "The council voted on Tuesday to close the bridge for repairs that \
            engineers say are overdue, after inspectors found cracks in two of its piers \
            and warned that heavy lorries could no longer cross safely.";
        assert_eq!(
            placeholder_kind(
                [body, body],
                ["Subscribe to continue reading our coverage."],
                None
            ),
            None
        );
        // News about JavaScript is not a notice.
        assert_eq!(placeholder_paragraph(body), None);
        assert_eq!(
            placeholder_kind(
                [
                    "Developers who enable JavaScript modules in the new browser \
                release will find that the loading order of scripts changed, the team said \
                in a statement on Monday, adding that older pages keep working as before \
                and that a migration guide is published with the release notes."
                ],
                [],
                None
            ),
            None
        );
    }
}
