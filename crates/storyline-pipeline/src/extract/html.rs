//! Extract stage for HTML pages: main text and metadata from a raw page.
//!
//! The page is parsed by html5ever (through scraper). One iterative walk over
//! the DOM cuts it into text blocks (a paragraph, heading, list item, the
//! direct text of a `div`), each with its link text, its nearest ancestors and
//! whether it sits in page furniture (navigation, asides, footers, share bars,
//! comments, related links, cookie notices, captions: recognised by tag, ARIA
//! role and class/id words). Containers are then scored Readability-style
//! from the paragraph-like blocks under them (text length, commas, link
//! density, class hints); the best container and its qualifying siblings are
//! the main content. Blocks outside it, in furniture, link-dense or shaped
//! like boilerplate, and the headings of lists of links, are reported as
//! removed with the reason; a lead written apart from the body, between the
//! headline and the body, is kept. A page whose best
//! content is a list of short links is an index page: "no article".
//!
//! Metadata: title, byline, site name, canonical URL, lead image, the page's
//! declared language, and the publication date (see [`crate::pubdate`]).

use crate::class_words::ClassWords;
use crate::pubdate::{date_url, publication_date, PageDate};
use crate::settings::ExtractSettings;
use ego_tree::{NodeId, NodeRef};
use html5ever::{local_name, LocalName};
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a block of main text is, so structure survives extraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Ordinary running text (`<p>`, `<div>`, ...).
    Paragraph,
    /// A heading, `<h1>` to `<h6>`.
    Heading,
    /// An item of a list (`<li>`, `<dd>`, `<dt>`).
    ListItem,
    /// Text inside a `<blockquote>`.
    Quote,
    /// Text inside `<pre>`: line breaks kept.
    Preformatted,
}

/// What extraction found in one HTML page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HtmlExtraction {
    /// The article's title, chosen among its `<h1>`, `og:title` and `<title>`.
    pub title: Option<String>,
    /// The author line (`author` metadata, else a byline element).
    pub byline: Option<String>,
    /// The site's name (`og:site_name`).
    pub site_name: Option<String>,
    /// The page's canonical address (`<link rel=canonical>` or `og:url`).
    pub canonical_url: Option<String>,
    /// `og:image` or the first image of the main content.
    pub lead_image: Option<String>,
    /// The `lang` the page declares on `<html>`, if any.
    pub declared_language: Option<String>,
    /// The publication date the page gives, with where it was found.
    pub published: Option<PageDate>,
    /// Main-content paragraphs (headings, list items and quotes included) in order.
    pub paragraphs: Vec<String>,
    /// The kind of each paragraph, parallel to `paragraphs`.
    pub kinds: Vec<BlockKind>,
    /// Text blocks outside the main content, with the reason.
    pub removed: Vec<(String, &'static str)>,
    /// True when the page is an index or listing page (or has no body text):
    /// no article was extracted, on purpose.
    pub no_article: bool,
    /// Why the page could not be parsed at all, when it could not.
    pub problem: Option<&'static str>,
}

/// Deepest element nesting a page may have.
pub const MAX_DEPTH: usize = 5000;

/// An upper estimate of a page's element nesting depth from a cheap scan of
/// its tags (no parse): void and implicitly closed elements do not count,
/// comments and script/style bodies are skipped. Hand-written because the
/// point is to run before, and much faster than, a real parser.
pub fn nesting_depth(html: &[u8]) -> usize {
    const UNCOUNTED: &[&[u8]] = &[
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"option",
        b"tr",
        b"td",
        b"th",
        b"thead",
        b"tbody",
        b"tfoot",
        b"rb",
        b"rt",
        b"rp",
        b"optgroup",
        b"colgroup",
        b"html",
        b"head",
        b"body",
        b"!doctype",
    ];
    let find = |from: usize, pat: &[u8]| {
        // Case-insensitive search for an ASCII pattern, anchored on '<' or '-'.
        let hay = &html[from.min(html.len())..];
        let mut at = 0;
        while let Some(p) = memchr::memchr(pat[0], &hay[at..]) {
            let s = at + p;
            if hay.len() - s >= pat.len() && hay[s..s + pat.len()].eq_ignore_ascii_case(pat) {
                return Some(from + s);
            }
            at = s + 1;
        }
        None
    };
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr::memchr(b'<', &html[i..]) {
        i += off + 1;
        if html[i..].starts_with(b"!--") {
            i = find(i, b"-->").map_or(html.len(), |p| p + 3);
            continue;
        }
        let close = html.get(i) == Some(&b'/');
        let start = i + usize::from(close);
        let mut end = start;
        while end < html.len() && (html[end].is_ascii_alphanumeric() || html[end] == b'!') {
            end += 1;
        }
        if end == start {
            continue;
        }
        let mut name_buf = [0u8; 16];
        let len = (end - start).min(16);
        name_buf[..len].copy_from_slice(&html[start..start + len]);
        name_buf[..len].make_ascii_lowercase();
        let name = &name_buf[..len];
        let gt = memchr::memchr(b'>', &html[end..]).map_or(html.len(), |p| p + end);
        let self_closed = gt > 0 && html.get(gt - 1) == Some(&b'/');
        i = gt.min(html.len());
        if UNCOUNTED.contains(&name) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else if !self_closed {
            if name == b"script" || name == b"style" {
                let end_tag: &[u8] = if name == b"script" {
                    b"</script"
                } else {
                    b"</style"
                };
                i = find(i, end_tag).unwrap_or(html.len());
                continue;
            }
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Whether a page nests its elements deeper than [`MAX_DEPTH`]. Every level
/// of nesting opens with a `<`: a page with fewer is not scanned.
fn too_deep(html: &str) -> bool {
    memchr::memchr_iter(b'<', html.as_bytes()).count() > MAX_DEPTH
        && nesting_depth(html.as_bytes()) > MAX_DEPTH
}

/// Attribute look-up by a scan of the element's few attributes: scraper's
/// `attr` interns the name first (a hash and a table look-up), which was a
/// visible share of the extraction's time for the many look-ups per element.
pub(crate) trait Attribute {
    fn attribute(&self, name: &LocalName) -> Option<&str>;
}

impl Attribute for scraper::node::Element {
    /// By local name, whatever the namespace, as `attrs()` reads them. The
    /// names are compared as atoms (one integer for the common names),
    /// not as strings: this runs for nearly every element of every page.
    fn attribute(&self, name: &LocalName) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.local == *name)
            .map(|(_, v)| &**v)
    }
}

/// Elements whose content is never visible text.
const INVISIBLE: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "select",
    "button", "input", "textarea", "head", "video", "audio", "map", "math",
];

/// Elements that start a new text block.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "header",
    "footer",
    "nav",
    "aside",
    "form",
    "address",
    "hr",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "fieldset",
    "legend",
    "dialog",
    "menu",
];

/// Class or id words that mark page furniture.
static FURNITURE_WORDS: ClassWords = ClassWords::delimited(&[
    "comment",
    "comments",
    "commentlist",
    "disqus",
    "share",
    "sharing",
    "sharebar",
    "social",
    "socials",
    "related",
    "sidebar",
    "side-bar",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "banner",
    "advert",
    "advertisement",
    "ads",
    "ad-slot",
    "adslot",
    "sponsor",
    "sponsored",
    "promo",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "popup",
    "modal",
    "widget",
    "tags",
    "tag-list",
    "taglist",
    "recommend",
    "recommended",
    "recirc",
    "outbrain",
    "taboola",
    "more-stories",
    "most-popular",
    "popular",
    "trending",
    "read-more",
    "readmore",
    "also-read",
    "see-also",
    "author-bio",
    "about-author",
    "pagination",
    "pager",
    "skip",
    "print",
    "toolbar",
    "masthead",
    "caption",
    "credit",
    "byline",
    "dateline",
    "meta",
    "hidden",
    "visually-hidden",
    "sr-only",
    "jump",
    "teaser",
    "rail",
    "newsletter-signup",
    "paywall",
    "app-promo",
]);

/// Class or id words that mark the article itself; they overrule furniture
/// words on the same element ("article-content related" is content).
static CONTENT_WORDS: ClassWords = ClassWords::anywhere(&[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "main",
    "post",
    "story",
    "text",
    "blog",
    "prose",
    "instapaper",
]);

/// Class or id words that lower a container's score as the article.
static NEGATIVE_WORDS: ClassWords = ClassWords::anywhere(&[
    "comment",
    "meta",
    "footer",
    "footnote",
    "foot",
    "masthead",
    "related",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "promo",
    "widget",
    "nav",
    "menu",
]);

/// A line pattern whose alternatives may end in a tail of bounded length,
/// written as a lazy capture (`(.*?)` or `(.+)`) that is counted after the
/// match instead of a bounded repeat: `.{0,60}` of any character compiles
/// into sixty copies of the UTF-8 automaton, and the two patterns below cost
/// about 7 ms of the first page's time that way (against about 2 ms now).
/// Every capture group of the pattern is a tail, with its limit in
/// `limits` (in characters, as the repeat counted them).
struct BoundedTailLine {
    pattern: &'static str,
    limits: &'static [usize],
    compiled: OnceLock<Regex>,
}

impl BoundedTailLine {
    const fn new(pattern: &'static str, limits: &'static [usize]) -> Self {
        BoundedTailLine {
            pattern,
            limits,
            compiled: OnceLock::new(),
        }
    }

    /// Whether the line matches with each captured tail within its limit.
    /// Exact when the alternatives with tails start with distinct words, so
    /// that at most one of them can match a line, and when the capture the
    /// regex reports is the shortest tail that alternative allows (a lazy
    /// tail before `\W*$`, or a greedy one right before `$`).
    fn is_match(&self, line: &str) -> bool {
        let re = self
            .compiled
            .get_or_init(|| Regex::new(self.pattern).expect("valid pattern"));
        // Most lines do not match: the lazy DFA says so, and only a match
        // pays for the captures.
        if !re.is_match(line) {
            return false;
        }
        re.captures(line).is_some_and(|caps| {
            caps.iter()
                .skip(1)
                .zip(self.limits)
                .all(|(tail, &max)| tail.is_none_or(|t| t.as_str().chars().count() <= max))
        })
    }
}

/// Short lines that are page furniture wherever they appear. The fixed
/// phrases come first, so a line that is one of them never reaches the
/// alternatives with tails.
static BOILERPLATE_LINE: BoundedTailLine = BoundedTailLine::new(
    r"(?i)^(?:advertisement|advertising|sponsored(?: content)?|share(?: this(?: article| story)?)?(?: on \w+)?|tweet|print|e-?mail|read more|read next|related(?: articles| stories| content| posts)?|see also|comments?|\d+ comments?|leave a (?:comment|reply)|back to top|getty images|loading\.*|more from (.*?)|click here(.*?)|sign up(.*?)|subscribe(.*?)|follow us(.*?)|continue reading(.*?)|skip to (.*?)|image(?: source)?:(.*?)|photo:(.*?)|listen to (?:this|the) article(.*?))\W*$",
    &[40, 60, 60, 60, 40, 40, 30, 80, 80, 30],
);

/// A byline or a photo credit on a line of its own: "By Jane Doe - 11/18/19",
/// "Von Hans Muster", "© Agency", "Photo: ...". The byline's tail after its
/// separator is the rest of the line once the most name words are taken.
static BYLINE_LINE: BoundedTailLine = BoundedTailLine::new(
    r"^(?:(?i:by|von|par|por|di|door)\s+\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3}(?:\s*(?:[-|,–—]|and|und|et|y)\s*(.*))?|©\s*(.+)|(?i:photo|image|credit|foto|bild)s?\s*:\s*(.+))$",
    &[60, 60, 60],
);

/// The words of a text joined by single spaces (the words of
/// `split_whitespace`, found byte by byte: only a non-ASCII character is
/// decoded to ask whether it is a space).
fn normalise_space(s: &str) -> String {
    let b = s.as_bytes();
    if s.is_ascii() {
        // Most blocks: the ASCII spaces `char::is_whitespace` accepts
        // split the words, with no character to decode.
        let mut bytes = Vec::with_capacity(s.len());
        let mut space = false;
        for &c in b {
            if matches!(c, b'\t'..=b'\r' | b' ') {
                space = !bytes.is_empty();
            } else {
                if space {
                    bytes.push(b' ');
                    space = false;
                }
                bytes.push(c);
            }
        }
        return String::from_utf8(bytes).unwrap_or_default();
    }
    let mut out = String::with_capacity(s.len());
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let (space, len) = if b[i] < 0x80 {
            (matches!(b[i], b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            if let Some(start) = word.take() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[start..i]);
            }
        } else if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[start..]);
    }
    out
}

/// Whether class or id words mark furniture (and no content word overrules).
fn furniture_words(s: &str) -> bool {
    !s.is_empty() && FURNITURE_WORDS.is_match(s) && !CONTENT_WORDS.is_match(s)
}

/// Why an element is page furniture, if it is. (Its class and id words are
/// matched again for each element: a per-page cache of class strings, which
/// pages repeat, cost more in hashing and copies than the automaton's walk.)
fn furniture_reason(e: &scraper::node::Element) -> Option<&'static str> {
    let name = e.name();
    match name {
        "nav" | "menu" => return Some("html.navigation"),
        "aside" => return Some("html.aside"),
        "footer" => return Some("html.footer"),
        "header" => return Some("html.header"),
        "form" | "fieldset" => return Some("html.form"),
        "figure" | "figcaption" => return Some("html.caption"),
        "dialog" => return Some("html.dialog"),
        _ => {}
    }
    match e.attribute(&local_name!("role")).unwrap_or("") {
        "navigation" | "menu" | "menubar" => return Some("html.navigation"),
        "complementary" => return Some("html.aside"),
        "banner" => return Some("html.header"),
        "contentinfo" => return Some("html.footer"),
        "dialog" | "alertdialog" => return Some("html.dialog"),
        _ => {}
    }
    if name == "body" || name == "html" || name == "article" || name == "main" {
        return None;
    }
    let class = e.attribute(&local_name!("class")).unwrap_or("");
    let id = e.attribute(&local_name!("id")).unwrap_or("");
    if class.is_empty() && id.is_empty() {
        return None;
    }
    (furniture_words(class) || furniture_words(id)).then_some("html.furniture")
}

fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attribute(&local_name!("hidden")).is_some()
        || e.attribute(&local_name!("aria-hidden")) == Some("true")
    {
        return true;
    }
    if let Some(style) = e
        .attribute(&local_name!("style"))
        .filter(|s| s.contains("none") || s.contains("hidden"))
    {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// U+00AD, `&shy;`: invisible unless the browser breaks the word there.
const SOFT_HYPHEN: char = '\u{ad}';

/// How many ancestors a block remembers: enough for scoring and for finding
/// the main container, bounded so a 100k-deep DOM stays linear.
const PATH_LEN: usize = 40;

struct Block {
    text: String,
    chars: usize,
    link_chars: usize,
    kind: BlockKind,
    /// Tag of the element that owns the text.
    owner_tag: &'static str,
    /// Open elements, nearest first (the owner is `path[0]`).
    path: Vec<NodeId>,
    /// Furniture ancestors, nearest first, with the reason of each.
    marks: Vec<(NodeId, &'static str)>,
    /// The reason of the nearest furniture ancestor that still counts (see
    /// `veto_furniture`).
    furniture: Option<&'static str>,
}

/// What the walk needs to know of an element name, worked out once per
/// name and page (the lists are searched by comparing strings).
#[derive(Clone, Copy)]
struct TagInfo {
    tag: &'static str,
    invisible: bool,
    block: bool,
}

impl TagInfo {
    fn of(name: &str) -> TagInfo {
        let tag = static_tag(name);
        TagInfo {
            tag,
            invisible: INVISIBLE.contains(&name),
            block: BLOCK_TAGS.contains(&tag),
        }
    }
}

#[derive(Default)]
struct Walker {
    tags: FxHashMap<html5ever::LocalName, TagInfo>,
    blocks: Vec<Block>,
    marks: Vec<(NodeId, &'static str)>,
    buf: String,
    link_chars: usize,
    first_image: Option<String>,
}

struct Frame {
    id: NodeId,
    tag: &'static str,
    /// `BLOCK_TAGS` holds `tag`.
    block: bool,
    marked: bool,
    is_link: bool,
    quote: bool,
    pre: bool,
}

fn static_tag(name: &str) -> &'static str {
    const OTHER: &[&str] = &["a", "span", "img", "br"];
    BLOCK_TAGS
        .iter()
        .chain(OTHER.iter())
        .find(|t| **t == name)
        .copied()
        .unwrap_or("inline")
}

impl Walker {
    fn flush(&mut self, frames: &[Frame]) {
        if self.buf.trim().is_empty() {
            self.buf.clear();
            self.link_chars = 0;
            return;
        }
        let mut text = normalise_space(&self.buf);
        self.buf.clear();
        // A soft hyphen only marks where a browser may break a word: the
        // text a reader sees (and searches) has the word whole.
        if text.contains(SOFT_HYPHEN) {
            text.retain(|c| c != SOFT_HYPHEN);
            if text.is_empty() {
                self.link_chars = 0;
                return;
            }
        }
        let chars = text.chars().count();
        let link_chars = self.link_chars.min(chars);
        self.link_chars = 0;
        let owner_at = frames
            .iter()
            .rposition(|f| f.tag != "inline" && f.tag != "a" && f.tag != "span");
        let owner = owner_at.map(|i| &frames[i]);
        let owner_tag = owner.map_or("inline", |f| f.tag);
        let top = frames.last();
        let quote = top.is_some_and(|f| f.quote);
        let pre = top.is_some_and(|f| f.pre);
        let kind = match owner_tag {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
            _ if pre => BlockKind::Preformatted,
            _ if quote => BlockKind::Quote,
            "li" | "dd" | "dt" => BlockKind::ListItem,
            _ => BlockKind::Paragraph,
        };
        // The path starts at the owner block (inline wrappers are skipped).
        let path: Vec<NodeId> = frames[..owner_at.map_or(0, |i| i + 1)]
            .iter()
            .rev()
            .take(PATH_LEN)
            .map(|f| f.id)
            .collect();
        let marks: Vec<_> = self.marks.iter().rev().take(8).copied().collect();
        let furniture = marks.first().map(|m| m.1);
        self.blocks.push(Block {
            text,
            chars,
            link_chars,
            kind,
            owner_tag,
            path,
            marks,
            furniture,
        });
    }

    /// Iterative walk: a page with a deeply nested DOM cannot overflow the stack.
    fn walk(&mut self, root: NodeRef<Node>) {
        enum Step<'a> {
            Enter(NodeRef<'a, Node>),
            Exit,
        }
        let mut frames: Vec<Frame> = Vec::new();
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Exit => {
                    let f = frames.last().expect("frame for exit");
                    if f.block {
                        self.flush(&frames);
                    }
                    if f.marked {
                        self.marks.pop();
                    }
                    frames.pop();
                }
                Step::Enter(node) => match node.value() {
                    Node::Text(t) => {
                        let s: &str = t;
                        if frames.last().is_some_and(|f| f.is_link) {
                            self.link_chars += s.trim().chars().count();
                        }
                        self.buf.push_str(s);
                    }
                    Node::Element(e) => {
                        let name = e.name();
                        let info = match self.tags.get(&e.name.local) {
                            Some(info) => *info,
                            None => {
                                let info = TagInfo::of(name);
                                self.tags.insert(e.name.local.clone(), info);
                                info
                            }
                        };
                        if info.invisible || is_hidden(e) {
                            continue;
                        }
                        let tag = info.tag;
                        if tag == "br" {
                            let in_para = frames.iter().rev().find(|f| f.block).is_some_and(|f| {
                                matches!(f.tag, "p" | "li" | "h1" | "h2" | "h3" | "td")
                            });
                            if in_para {
                                self.buf.push(' ');
                            } else {
                                self.flush(&frames);
                            }
                            continue;
                        }
                        if tag == "img" && self.first_image.is_none() {
                            if let Some(src) = e
                                .attribute(&local_name!("src"))
                                .filter(|s| !s.starts_with("data:"))
                            {
                                self.first_image = Some(src.to_string());
                            }
                        }
                        if info.block {
                            self.flush(&frames);
                        }
                        // Flags are inherited, so every lookup is O(1) at any depth.
                        let parent = frames.last();
                        let mark = furniture_reason(e);
                        if let Some(r) = mark {
                            self.marks.push((node.id(), r));
                        }
                        frames.push(Frame {
                            id: node.id(),
                            tag,
                            block: info.block,
                            marked: mark.is_some(),
                            is_link: name == "a" || parent.is_some_and(|f| f.is_link),
                            quote: name == "blockquote" || parent.is_some_and(|f| f.quote),
                            pre: name == "pre" || parent.is_some_and(|f| f.pre),
                        });
                        stack.push(Step::Exit);
                        stack.extend(node.children().rev().map(Step::Enter));
                    }
                    _ => {
                        if matches!(node.value(), Node::Document | Node::Fragment) {
                            stack.extend(node.children().rev().map(Step::Enter));
                        }
                    }
                },
            }
        }
        self.flush(&frames);
    }
}

fn block_score(b: &Block, set: &ExtractSettings) -> f64 {
    let density = b.link_chars as f64 / b.chars.max(1) as f64;
    let commas = b.text.matches([',', '，', '،', '、']).count() as f64;
    (1.0 + commas.min(set.score_max_commas)
        + (b.chars as f64 / set.score_chars_per_point).min(set.score_max_length_points))
        * (1.0 - density)
}

fn is_leaf_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "td"
            | "th"
            | "dd"
            | "dt"
            | "blockquote"
            | "inline"
    )
}

fn class_weight(e: &scraper::node::Element, set: &ExtractSettings) -> f64 {
    let mut w = 0.0;
    for attr in [
        e.attribute(&local_name!("class")),
        e.attribute(&local_name!("id")),
    ]
    .into_iter()
    .flatten()
    {
        if NEGATIVE_WORDS.is_match(attr) {
            w -= set.class_weight;
        }
        if CONTENT_WORDS.is_match(attr) {
            w += set.class_weight;
        }
    }
    w
}

/// Extracts the main text and metadata of an HTML page. `url` is where the
/// page came from, used for a date in its path.
pub fn extract_html(html: &str, url: Option<&str>) -> HtmlExtraction {
    extract_html_with(html, url, &ExtractSettings::DEFAULT)
}

/// [`extract_html`] with the main-text thresholds of `settings`.
pub fn extract_html_with(
    html: &str,
    url: Option<&str>,
    settings: &ExtractSettings,
) -> HtmlExtraction {
    if too_deep(html) {
        // html5ever's tree builder is quadratic in nesting depth: such a page
        // is refused before parsing rather than taking minutes.
        return HtmlExtraction {
            no_article: true,
            problem: Some("the page's elements are nested too deeply to parse"),
            ..HtmlExtraction::default()
        };
    }
    // Script and style bodies are half of a news page's bytes and nothing
    // reads them: they are left out of the tree.
    let doc = crate::fasttok::parse_read_parts(html);
    let meta = collect_meta(&doc);
    let mut out = HtmlExtraction {
        site_name: meta.get("og:site_name").cloned(),
        canonical_url: canonical_url(&doc, &meta),
        lead_image: meta
            .get("og:image")
            .or_else(|| meta.get("twitter:image"))
            .cloned(),
        byline: meta
            .get("author")
            .or_else(|| meta.get("article:author"))
            .or_else(|| meta.get("dc.creator"))
            .filter(|a| !a.starts_with("http"))
            .cloned(),
        declared_language: doc
            .root_element()
            .value()
            .attribute(&local_name!("lang"))
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty()),
        ..HtmlExtraction::default()
    };
    out.title = title(&doc, &meta);
    out.published = date_of_page(&doc, &meta, url, out.canonical_url.as_deref());

    let mut w = Walker::default();
    w.walk(*doc.root_element());
    if out.byline.is_none() {
        out.byline = find_byline(&doc);
    }
    let names = title_names(&doc, &meta);
    select_main(&doc, w.blocks, &names, &mut out, settings);
    if out.lead_image.is_none() && !out.no_article {
        out.lead_image = w.first_image;
    }
    out
}

/// The publication date of a parsed page: the address it came from, or its
/// canonical address when only that one carries a date, and the page's own
/// signals (see [`crate::pubdate`]).
fn date_of_page(
    doc: &Html,
    meta: &HashMap<String, String>,
    url: Option<&str>,
    canonical: Option<&str>,
) -> Option<PageDate> {
    publication_date(doc, meta, date_url(url, canonical))
}

/// The publication date of an HTML page alone: the same answer as
/// [`extract_html`]'s `published`, without the main-text extraction. When
/// the page's JSON-LD or meta tags settle it (two pages in three), it is
/// read from a scan of the tags without building a tree at all.
pub fn page_date(html: &str, url: Option<&str>) -> Option<PageDate> {
    if too_deep(html) {
        return None;
    }
    if let Some(found) = crate::rawtext::scan_date_signals(html)
        .and_then(|signals| crate::pubdate::scanned_date(&signals, url))
    {
        return Some(found);
    }
    let doc = crate::fasttok::parse_read_parts(html);
    let meta = collect_meta(&doc);
    let canonical = canonical_url(&doc, &meta);
    date_of_page(&doc, &meta, url, canonical.as_deref())
}

/// A furniture mark on an element that holds most of the page's prose is a
/// false alarm (a page wrapped in a `<form>`, a "post-meta" class on the
/// article): such marks are dropped, and each block's furniture reason is
/// its nearest remaining mark.
fn veto_furniture(blocks: &mut [Block], set: &ExtractSettings) {
    let is_prose = |b: &Block| {
        b.chars >= set.veto_prose_chars && b.link_chars * set.veto_prose_link_divisor < b.chars
    };
    let total: usize = blocks.iter().filter(|b| is_prose(b)).map(|b| b.chars).sum();
    let mut under: FxHashMap<NodeId, usize> = FxHashMap::default();
    for b in blocks.iter().filter(|b| is_prose(b)) {
        for (id, _) in &b.marks {
            *under.entry(*id).or_default() += b.chars;
        }
    }
    let vetoed: FxHashSet<NodeId> = under
        .into_iter()
        .filter(|(_, c)| *c * 100 >= total * set.veto_share_percent && *c >= set.veto_min_chars)
        .map(|(id, _)| id)
        .collect();
    if vetoed.is_empty() {
        return;
    }
    for b in blocks.iter_mut() {
        b.furniture = b
            .marks
            .iter()
            .find(|(id, _)| !vetoed.contains(id))
            .map(|m| m.1);
    }
}

/// The containers' scores, and what the later phases read of them.
struct Scores {
    /// Final score of each scored container (link density, class words and
    /// the headline bonus applied).
    final_score: FxHashMap<NodeId, f64>,
    /// Total and link characters under each node (over the remembered path),
    /// furniture left out.
    totals: FxHashMap<NodeId, (usize, usize)>,
    /// The best container and its score.
    best: Option<(NodeId, f64)>,
}

/// Scoring: containers scored Readability-style from the paragraph-like
/// blocks under them, then weighed by link density, class words and their
/// nearness to the headline.
fn score_containers(
    doc: &Html,
    blocks: &[Block],
    headline: Option<usize>,
    set: &ExtractSettings,
) -> Scores {
    let mut score: FxHashMap<NodeId, f64> = FxHashMap::default();
    let mut totals: FxHashMap<NodeId, (usize, usize)> = FxHashMap::default();
    for b in blocks {
        if b.furniture.is_some() {
            continue;
        }
        for id in &b.path {
            let t = totals.entry(*id).or_default();
            t.0 += b.chars;
            t.1 += b.link_chars;
        }
        if b.chars < set.score_min_chars || b.kind == BlockKind::Heading {
            continue;
        }
        let s = block_score(b, set);
        let start = usize::from(is_leaf_block(b.owner_tag));
        for (level, id) in b.path.iter().skip(start).take(set.score_levels).enumerate() {
            let div = set.score_level_divisors[level.min(set.score_level_divisors.len() - 1)];
            *score.entry(*id).or_default() += s / div;
        }
    }
    let tree = &doc.tree;
    // Articles start right under their headline: a container whose first
    // block closely follows the page's `<h1>` is favoured over, say, a
    // comment thread further down.
    let mut first_block: FxHashMap<NodeId, usize> = FxHashMap::default();
    if headline.is_some() {
        for (i, b) in blocks.iter().enumerate() {
            for id in &b.path {
                first_block.entry(*id).or_insert(i);
            }
        }
    }
    let mut best: Option<(NodeId, f64)> = None;
    let mut final_score: FxHashMap<NodeId, f64> = FxHashMap::default();
    for (id, s) in &score {
        let Some(e) = tree.get(*id).and_then(ElementRef::wrap) else {
            continue;
        };
        let (chars, links) = totals.get(id).copied().unwrap_or((0, 0));
        let density = links as f64 / chars.max(1) as f64;
        let mut f = (s + class_weight(e.value(), set)) * (1.0 - density);
        if let (Some(h), Some(first)) = (headline, first_block.get(id)) {
            if *first <= h + set.headline_near_blocks {
                f *= set.headline_bonus;
            }
        }
        final_score.insert(*id, f);
        if best.is_none_or(|(bid, bs)| f > bs || (f == bs && *id < bid)) {
            best = Some((*id, f));
        }
    }
    Scores {
        final_score,
        totals,
        best,
    }
}

/// The page's headline among its blocks: the first `<h1>` that the page's
/// title names (a browser warning or a sign-in dialog can have an `<h1>`
/// of its own ahead of the article's), else the first `<h1>` outside
/// furniture, else the first `<h1>`.
fn headline_block(
    blocks: &[Block],
    title_names: &[String],
    set: &ExtractSettings,
) -> Option<usize> {
    let named = |b: &Block| {
        b.chars >= set.headline_title_min_chars && {
            let h = b.text.to_lowercase();
            title_names.iter().any(|t| t.contains(&h))
        }
    };
    let h1s = || {
        blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.owner_tag == "h1")
    };
    h1s()
        .find(|(_, b)| named(b))
        .or_else(|| h1s().find(|(_, b)| b.furniture.is_none()))
        .or_else(|| h1s().next())
        .map(|(i, _)| i)
}

/// Climbing: an article split over several containers (one wrapper per
/// paragraph or per section) is taken whole by moving up while the parent
/// holds clearly more prose, not counting furniture, and stays low in links.
/// Wrappers that hold exactly the same prose (a section's layout divs) are
/// passed through on the way. Returns the container and its score.
fn climb(
    doc: &Html,
    blocks: &[Block],
    scores: &Scores,
    (mut top, mut top_score): (NodeId, f64),
    set: &ExtractSettings,
) -> (NodeId, f64) {
    let tree = &doc.tree;
    let mut prose: FxHashMap<NodeId, usize> = FxHashMap::default();
    for b in blocks.iter().filter(|b| b.furniture.is_none()) {
        if b.chars >= set.climb_prose_chars
            && b.link_chars * set.climb_prose_link_divisor < b.chars
            && b.kind != BlockKind::Heading
        {
            for id in &b.path {
                *prose.entry(*id).or_default() += b.chars;
            }
        }
    }
    'climb: loop {
        let here = prose.get(&top).copied().unwrap_or(0);
        let mut cand = top;
        for level in 0..set.climb_levels {
            let Some(parent) = tree.get(cand).and_then(|n| n.parent()) else {
                break 'climb;
            };
            let Some(pe) = ElementRef::wrap(parent) else {
                break 'climb;
            };
            if matches!(pe.value().name(), "body" | "html") {
                break 'climb;
            }
            cand = parent.id();
            let there = prose.get(&cand).copied().unwrap_or(0);
            let (chars, links) = scores.totals.get(&cand).copied().unwrap_or((0, 0));
            // Through wrappers, the bar is higher: few links.
            let max_links = if level == 0 {
                set.climb_max_link_percent
            } else {
                set.climb_wrapper_max_link_percent
            };
            if there * 100 >= here * set.climb_growth_percent && links * 100 < chars * max_links {
                top = cand;
                top_score = top_score.max(scores.final_score.get(&top).copied().unwrap_or(0.0));
                continue 'climb;
            }
            if there != here {
                break 'climb;
            }
        }
        break;
    }
    (top, top_score)
}

/// Siblings: the main content is the top container and the siblings that
/// look like it (a good score, the same class, or a plain paragraph). Plain
/// paragraphs are also looked for beside each layout wrapper above it that
/// holds exactly its text: a lead paragraph written next to the wrapper of
/// the body belongs to the article as much as one written next to the body
/// itself (a scored box there is an author box or a byline card).
fn with_siblings(
    doc: &Html,
    scores: &Scores,
    (top, top_score): (NodeId, f64),
    set: &ExtractSettings,
) -> FxHashSet<NodeId> {
    let tree = &doc.tree;
    let mut main: FxHashSet<NodeId> = FxHashSet::default();
    main.insert(top);
    let threshold = (top_score * set.sibling_share).max(set.sibling_min_score);
    let top_class = tree.get(top).and_then(ElementRef::wrap).and_then(|e| {
        e.value()
            .attribute(&local_name!("class"))
            .map(str::to_string)
    });
    let top_text = scores.totals.get(&top).copied();
    let mut node = tree.get(top);
    while let Some(here) = node {
        let Some(parent) = here.parent() else {
            break;
        };
        for sib in parent.children() {
            if sib.id() == here.id() {
                continue;
            }
            let Some(e) = ElementRef::wrap(sib) else {
                continue;
            };
            if furniture_reason(e.value()).is_some() {
                continue;
            }
            let mut keep = false;
            if here.id() == top {
                let mut s = scores.final_score.get(&sib.id()).copied().unwrap_or(0.0);
                if top_class.is_some()
                    && e.value().attribute(&local_name!("class")) == top_class.as_deref()
                {
                    s += top_score * set.sibling_same_class_share;
                }
                keep = s >= threshold;
            }
            if !keep && e.value().name() == "p" {
                let (chars, links) = scores.totals.get(&sib.id()).copied().unwrap_or((0, 0));
                let density = links as f64 / chars.max(1) as f64;
                let text = e.text().collect::<String>();
                keep = (chars > set.sibling_paragraph_chars
                    && density < set.sibling_paragraph_max_density)
                    || (chars > 0 && density == 0.0 && text.trim_end().ends_with('.'));
            }
            if keep {
                main.insert(sib.id());
            }
        }
        let wraps_only_the_top = ElementRef::wrap(parent)
            .is_some_and(|e| !matches!(e.value().name(), "body" | "html"))
            && scores.totals.get(&parent.id()).copied() == top_text;
        node = wraps_only_the_top.then_some(parent);
    }
    main
}

/// Whether the main content is a list of short links (an index page) or
/// too short to be an article.
fn is_index(blocks: &[Block], in_main: impl Fn(&Block) -> bool, set: &ExtractSettings) -> bool {
    let mut prose = 0usize;
    let mut link_items = 0usize;
    for b in blocks
        .iter()
        .filter(|b| b.furniture.is_none() && in_main(b))
    {
        let density = b.link_chars as f64 / b.chars.max(1) as f64;
        if density > set.link_item_density {
            link_items += 1;
        } else if b.chars >= set.index_prose_chars && b.kind != BlockKind::Heading {
            prose += b.chars;
        }
    }
    let main_chars: usize = blocks
        .iter()
        .filter(|b| b.furniture.is_none() && in_main(b))
        .map(|b| b.chars - b.link_chars)
        .sum();
    main_chars < set.min_article_chars
        || (prose < set.index_max_prose && link_items >= set.index_few_link_items)
        || (link_items >= set.index_many_link_items
            && prose < link_items * set.index_prose_per_item)
}

/// Labelling: why a block is not main text (`None`: it is).
fn removal_reason(
    b: &Block,
    no_article: bool,
    in_main: bool,
    set: &ExtractSettings,
) -> Option<&'static str> {
    let density = b.link_chars as f64 / b.chars.max(1) as f64;
    if no_article {
        Some(b.furniture.unwrap_or("html.no_article"))
    } else if !in_main {
        Some(b.furniture.unwrap_or("html.outside_main"))
    } else if let Some(f) = b.furniture {
        Some(f)
    } else if density > set.link_dense_density && b.kind != BlockKind::Heading {
        Some("html.link_dense")
    } else if b.chars <= set.byline_max_chars && BYLINE_LINE.is_match(&b.text) {
        Some("html.byline")
    } else if b.chars <= set.boilerplate_max_chars && BOILERPLATE_LINE.is_match(&b.text) {
        Some("html.boilerplate")
    } else {
        None
    }
}

/// The main text of a page from its blocks: furniture veto, scoring,
/// climbing, siblings, then labelling of every block.
fn select_main(
    doc: &Html,
    mut blocks: Vec<Block>,
    title_names: &[String],
    out: &mut HtmlExtraction,
    set: &ExtractSettings,
) {
    veto_furniture(&mut blocks, set);
    let headline = headline_block(&blocks, title_names, set);
    let scores = score_containers(doc, &blocks, headline, set);
    let Some(best) = scores.best else {
        out.no_article = true;
        out.removed.extend(
            blocks
                .into_iter()
                .map(|b| (b.text, b.furniture.unwrap_or("html.no_article"))),
        );
        return;
    };
    let top = climb(doc, &blocks, &scores, best, set);
    let main = with_siblings(doc, &scores, top, set);
    let in_main = |b: &Block| b.path.iter().any(|id| main.contains(id));
    if is_index(&blocks, in_main, set) {
        out.no_article = true;
    }
    let mut reasons: Vec<Option<&'static str>> = blocks
        .iter()
        .map(|b| removal_reason(b, out.no_article, in_main(b), set))
        .collect();
    if !out.no_article {
        keep_leads(doc, &blocks, headline, &mut reasons, set);
    }
    remove_list_headings(&blocks, &mut reasons, set);
    for (b, reason) in blocks.into_iter().zip(reasons) {
        match reason {
            Some(r) => out.removed.push((b.text, r)),
            None => {
                out.paragraphs.push(b.text);
                out.kinds.push(b.kind);
            }
        }
    }
}

/// Whether a block ends as a sentence does (or a quotation of one).
fn ends_as_sentence(text: &str) -> bool {
    text.trim_end().ends_with([
        '.', '!', '?', '…', '"', '\'', '»', '«', '“', '”', '’', ')', '。', '！', '？',
    ])
}

/// Class or id words of an image's box: text in it is a caption.
static CAPTION_WORDS: ClassWords = ClassWords::anywhere(&[
    "caption", "image", "img", "photo", "foto", "picture", "figure", "gallery",
]);

/// The lead (standfirst) of an article is often written apart from the
/// body: in the page's header under the headline, in a row of its own, or
/// as a large heading. Between the headline and the body's first kept
/// block, paragraphs and headings left out only for lying outside the main
/// container are the lead. Walking back from the body, furniture, short
/// blocks (kicker, byline, date) and captions (text in an image's box) are
/// passed over, and whole sentences low in links are kept, until a block
/// that is neither (a teaser's linked title, a list, a box of links) or a
/// long stretch of passed-over blocks ends the lead.
fn keep_leads(
    doc: &Html,
    blocks: &[Block],
    headline: Option<usize>,
    reasons: &mut [Option<&'static str>],
    set: &ExtractSettings,
) {
    let (Some(headline), Some(body)) = (headline, reasons.iter().position(Option::is_none)) else {
        return;
    };
    let in_caption = |b: &Block| {
        b.path.iter().take(2).any(|id| {
            doc.tree
                .get(*id)
                .and_then(ElementRef::wrap)
                .is_some_and(|e| CAPTION_WORDS.in_class_or_id(e.value()))
        })
    };
    let mut nearest = body;
    for i in (headline + 1..body).rev() {
        if nearest - i > set.lead_max_gap_blocks {
            break;
        }
        let b = &blocks[i];
        if reasons[i] != Some("html.outside_main") {
            continue;
        }
        let density = b.link_chars as f64 / b.chars.max(1) as f64;
        if b.kind == BlockKind::Heading && density > set.link_item_density {
            break;
        }
        if b.chars < set.lead_min_chars || in_caption(b) {
            continue;
        }
        if !matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading)
            || density > set.lead_max_link_density
            || !ends_as_sentence(&b.text)
        {
            break;
        }
        reasons[i] = None;
        nearest = i;
    }
}

/// A heading kept in the main text whose section, up to the next heading,
/// holds links and no kept text is the title of a list of links ("Related
/// articles", "Mehr zum Thema"): it goes with its list.
fn remove_list_headings(
    blocks: &[Block],
    reasons: &mut [Option<&'static str>],
    set: &ExtractSettings,
) {
    for i in 0..blocks.len() {
        if reasons[i].is_some()
            || blocks[i].kind != BlockKind::Heading
            || blocks[i].owner_tag == "h1"
        {
            continue;
        }
        let mut links = false;
        let mut kept = false;
        for (b, r) in blocks[i + 1..].iter().zip(&reasons[i + 1..]) {
            if b.kind == BlockKind::Heading {
                break;
            }
            if r.is_none() {
                kept = true;
                break;
            }
            if b.link_chars as f64 / b.chars.max(1) as f64 > set.link_dense_density {
                links = true;
            }
        }
        if links && !kept {
            reasons[i] = Some("html.list_heading");
        }
    }
}

fn collect_meta(doc: &Html) -> HashMap<String, String> {
    let mut meta = HashMap::new();
    for node in doc.tree.nodes() {
        let Node::Element(v) = node.value() else {
            continue;
        };
        if v.name() != "meta" {
            continue;
        }
        let key = v
            .attribute(&local_name!("property"))
            .or_else(|| v.attribute(&local_name!("name")))
            .or_else(|| v.attribute(&local_name!("itemprop")));
        if let (Some(k), Some(c)) = (key, v.attribute(&local_name!("content"))) {
            let c = c.trim();
            if !c.is_empty() {
                meta.entry(k.trim().to_ascii_lowercase())
                    .or_insert_with(|| c.to_string());
            }
        }
    }
    meta
}

fn elements_named<'a>(doc: &'a Html, name: &'a str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    doc.tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter(move |e| e.value().name() == name)
}

fn canonical_url(doc: &Html, meta: &HashMap<String, String>) -> Option<String> {
    elements_named(doc, "link")
        .find(|e| {
            e.value()
                .attribute(&local_name!("rel"))
                .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        })
        .and_then(|e| e.value().attribute(&local_name!("href")))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| meta.get("og:url").cloned())
}

fn title(doc: &Html, meta: &HashMap<String, String>) -> Option<String> {
    let h1 = elements_named(doc, "h1")
        .map(|e| normalise_space(&e.text().collect::<String>()))
        .find(|t| !t.is_empty());
    let og = meta
        .get("og:title")
        .or_else(|| meta.get("twitter:title"))
        .map(|s| normalise_space(s));
    let page_title = elements_named(doc, "title")
        .map(|e| normalise_space(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
        .map(|t| strip_site_suffix(&t));
    og.or(h1).or(page_title)
}

/// The names the page gives itself (`og:title`, `twitter:title`, `<title>`),
/// lowercased with their spaces collapsed: the article's headline is among
/// them, often with the site's name.
fn title_names(doc: &Html, meta: &HashMap<String, String>) -> Vec<String> {
    ["og:title", "twitter:title"]
        .iter()
        .filter_map(|k| meta.get(*k).map(String::as_str))
        .map(str::to_string)
        .chain(elements_named(doc, "title").map(|e| e.text().collect::<String>()))
        .map(|t| normalise_space(&t).to_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// "Headline | Site" or "Headline - Site" to "Headline".
fn strip_site_suffix(t: &str) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some((head, _)) = t.rsplit_once(sep) {
            if head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    t.to_string()
}

fn find_byline(doc: &Html) -> Option<String> {
    static BYLINE_WORDS: ClassWords = ClassWords::anywhere(&["byline", "author"]);
    doc.tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter(|e| {
            let v = e.value();
            v.attribute(&local_name!("rel")) == Some("author")
                || v.attribute(&local_name!("itemprop"))
                    .is_some_and(|p| p == "author")
                || v.attribute(&local_name!("class"))
                    .is_some_and(|c| BYLINE_WORDS.is_match(c))
        })
        .map(|e| normalise_space(&e.text().collect::<String>()))
        .find(|t| !t.is_empty() && t.chars().count() <= 80)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The furniture line patterns as they were written with bounded
    /// repeats, the reference the bounded-tail rewrite must agree with.
    const BOILERPLATE_REPEATS: &str = r"(?i)^(advertisement|advertising|sponsored( content)?|share( this( article| story)?)?( on \w+)?|tweet|print|e-?mail|read more|read next|related( articles| stories| content| posts)?|more from .{0,40}|see also|click here.{0,60}|sign up.{0,60}|subscribe.{0,60}|follow us.{0,40}|comments?|\d+ comments?|leave a (comment|reply)|continue reading.{0,40}|skip to .{0,30}|back to top|image( source)?:.{0,80}|photo:.{0,80}|getty images|listen to (this|the) article.{0,30}|loading\.*)\W*$";
    const BYLINE_REPEATS: &str = r"^(?:(?i:by|von|par|por|di|door)\s+\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3}(?:\s*(?:[-|,–—]|and|und|et|y)\s*.{0,60})?|©\s*.{1,60}|(?i:photo|image|credit|foto|bild)s?\s*:\s*.{1,60})$";

    #[test]
    fn bounded_tail_lines_match_as_the_bounded_repeats_did() {
        let boilerplate = Regex::new(BOILERPLATE_REPEATS).unwrap();
        let byline = Regex::new(BYLINE_REPEATS).unwrap();
        assert_eq!(
            BOILERPLATE_LINE.limits.len() + 1,
            Regex::new(BOILERPLATE_LINE.pattern).unwrap().captures_len()
        );
        assert_eq!(
            BYLINE_LINE.limits.len() + 1,
            Regex::new(BYLINE_LINE.pattern).unwrap().captures_len()
        );
        let heads = [
            "More from ",
            "Click here",
            "Sign up",
            "SUBSCRIBE",
            "Follow us",
            "Continue reading",
            "Skip to ",
            "Image source:",
            "image:",
            "Photo:",
            "Listen to the article",
            "Share",
            "Share this story on Facebook",
            "12 comments",
            "Loading...",
            "Advertisement",
            "By Jane Doe",
            "by Jean-Luc Pérez Ortiz Ñúñez Smith",
            "Von Hans Muster und",
            "By Juan Perez y",
            "©",
            "© ",
            "Photos :",
            "Credit: ",
            "By jane doe",
            "Getty Images",
            "Read more about",
            "",
        ];
        let fillers = ["x", "é", " ", "-", "ab cd", "Reuters"];
        let ends = ["", " ", "!", " »", "...", " —", "é", "\n"];
        let mut checked = 0;
        for head in heads {
            for filler in fillers {
                for n in [0, 1, 29, 30, 31, 39, 40, 41, 59, 60, 61, 79, 80, 81] {
                    for end in ends {
                        let mut line = head.to_string();
                        while line.chars().count() < head.chars().count() + n {
                            line.push_str(filler);
                        }
                        line.push_str(end);
                        assert_eq!(
                            BOILERPLATE_LINE.is_match(&line),
                            boilerplate.is_match(&line),
                            "boilerplate: {line:?}"
                        );
                        assert_eq!(
                            BYLINE_LINE.is_match(&line),
                            byline.is_match(&line),
                            "byline: {line:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000);
    }

    const PAGE: &str = r##"<!doctype html><html lang="en"><head>
<title>Rebels close ranks | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:image" content="https://example.com/lead.jpg">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2018-01-16T10:00:00Z">
<meta property="article:modified_time" content="2018-01-20T10:00:00Z">
<link rel="canonical" href="https://example.com/world/rebels">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news and more</a></li></ul></nav>
<div class="content"><article>
<h1>Rebels close ranks</h1>
<p>The head of the alliance called on rebels on Tuesday to close ranks, in an audio statement.</p>
<h2>A call to reconcile</h2>
<p>"We are ready to reconcile with everyone," he said, according to the group's media arm.</p>
<ul><li>First point of the statement, about the ceasefire, read aloud.</li></ul>
<blockquote><p>We will not stop, he added, until the last of them leaves.</p></blockquote>
<script>var x = "not text";</script>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
</article>
<div class="related-links"><p>Another story about something else entirely, with commas, and more.</p></div>
</div>
<footer><p>Copyright 2018 Example News. All rights reserved worldwide.</p></footer>
</body></html>"##;

    #[test]
    fn main_text_title_site_and_structure() {
        let x = extract_html(PAGE, None);
        assert_eq!(x.title.as_deref(), Some("Rebels close ranks"));
        assert_eq!(x.site_name.as_deref(), Some("Example News"));
        assert_eq!(x.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(x.declared_language.as_deref(), Some("en"));
        assert_eq!(
            x.lead_image.as_deref(),
            Some("https://example.com/lead.jpg")
        );
        assert_eq!(
            x.canonical_url.as_deref(),
            Some("https://example.com/world/rebels")
        );
        assert!(!x.no_article);
        let text = x.paragraphs.join("\n");
        assert!(text.contains("The head of the alliance"), "{text}");
        assert!(text.contains("ready to reconcile"));
        assert!(!text.contains("not text"));
        assert!(!text.contains("Another story"));
        assert!(!text.contains("Share on Facebook"));
        assert!(x.kinds.contains(&BlockKind::Heading));
        assert!(x.kinds.contains(&BlockKind::ListItem));
        assert!(x.kinds.contains(&BlockKind::Quote));
        assert!(x
            .removed
            .iter()
            .any(|(t, r)| t.starts_with("Another story") && *r == "html.furniture"));
        assert!(x.removed.iter().any(|(t, _)| t.starts_with("Copyright")));
        assert!(x
            .removed
            .iter()
            .any(|(t, r)| t.starts_with("Home") && *r == "html.navigation"));
    }

    #[test]
    fn listing_page_is_no_article() {
        let mut html = String::from("<html><body><div class=list>");
        for i in 0..30 {
            html.push_str(&format!(
                "<div class=item><h3><a href=/a{i}>Headline number {i} about the news of the day</a></h3><span>2 hours ago</span></div>"
            ));
        }
        html.push_str("</div></body></html>");
        let x = extract_html(&html, None);
        assert!(x.no_article);
        assert!(x.paragraphs.is_empty());
    }

    #[test]
    fn an_article_in_sections_behind_layout_wrappers_is_kept_whole() {
        let para = |n: usize, k: usize| {
            (0..k)
                .map(|i| format!("<p>Section {n}, paragraph {i}: the story goes on with enough words to be read as prose, and ends here.</p>"))
                .collect::<String>()
        };
        let section = |n: usize, k: usize| {
            format!(
                "<section class=outer><div class=flex><div class=content-section><div class=content>{}</div></div></div></section>",
                para(n, k)
            )
        };
        let html = format!(
            "<html><body><nav><a href=/a>Home</a> <a href=/b>World</a></nav><h1>The headline</h1><div id=body>{}<figure>A picture</figure>{}<figure>Another</figure>{}</div><footer><a href=/c>Contact</a></footer></body></html>",
            section(1, 4),
            section(2, 9),
            section(3, 2)
        );
        let x = extract_html(&html, None);
        assert_sections_kept(&x, 3);
        assert!(!x.paragraphs.iter().any(|p| p.contains("Contact")));
    }

    /// Asserts that the paragraphs of sections 1 to `n` ("Section N, ...")
    /// are all in the extracted text.
    /// Asserts that a paragraph starts with each of `kept` and that none
    /// holds any of `removed`.
    fn assert_kept_and_removed(x: &HtmlExtraction, kept: &[&str], removed: &[&str]) {
        for start in kept {
            assert!(
                x.paragraphs.iter().any(|p| p.starts_with(start)),
                "{start:?} lost: {:?}",
                x.paragraphs
            );
        }
        for chrome in removed {
            assert!(
                !x.paragraphs.iter().any(|p| p.contains(chrome)),
                "{chrome:?} kept: {:?}",
                x.paragraphs
            );
        }
    }

    fn assert_sections_kept(x: &HtmlExtraction, n: usize) {
        for k in 1..=n {
            assert!(
                x.paragraphs
                    .iter()
                    .any(|p| p.starts_with(&format!("Section {k},"))),
                "section {k} lost: {:?}",
                x.paragraphs
            );
        }
    }

    #[test]
    fn regression_sections_deep_in_page_builder_wrappers_cut_to_one() {
        // Each section of the article sits six layout wrappers below the
        // article body, as page builders (grid rows, columns, blocks) nest it.
        let section = |n: usize, k: usize| {
            let paragraphs: String = (0..k)
                .map(|i| format!("<p>Section {n}, paragraph {i}: the interview goes on with enough words to be read as prose, and ends here.</p>"))
                .collect();
            format!(
                "<section class=builder-row><div class=grid><div class=grid-col><div class=block><div class=block-inner><section class=textblock><div class=row><div class=col>{paragraphs}</div></div></section></div></div></div></div></section>"
            )
        };
        let html = format!(
            "<html><body><h1>The interview</h1><div class=entry-content>{}{}{}</div><div class=subscribe-box><p>Enter your email address to follow this blog and receive notifications of new posts by email.</p></div></body></html>",
            section(1, 3),
            section(2, 2),
            section(3, 3)
        );
        let x = extract_html(&html, None);
        assert_sections_kept(&x, 3);
        assert!(!x.paragraphs.iter().any(|p| p.contains("email address")));
    }

    #[test]
    fn regression_lead_paragraph_beside_the_body_wrapper_lost() {
        // The lead paragraph sits beside a wrapper that holds exactly the
        // article body, not beside the body itself.
        let body: String = (0..6)
            .map(|i| format!("<p>Paragraph {i} of the body: the city has launched a project to look at its colonial past, street by street, and name by name.</p>"))
            .collect();
        let html = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/world>World</a></nav><h1>Colonial street names</h1><div class=col3><p class=intro>The capital has launched a five-year project to come to terms with its colonial past, and streets will be renamed.</p><div class=group><div class=longText>{body}</div></div><div class=teasers><h2><a href=/a>Namibians want monuments removed</a></h2><h2><a href=/b>Looted art goes back home at last</a></h2><h2><a href=/c>A museum opens its archives to all</a></h2></div></div></body></html>"
        );
        let x = extract_html(&html, None);
        assert_kept_and_removed(
            &x,
            &["The capital has launched", "Paragraph 5"],
            &["Namibians", "Home"],
        );
    }

    #[test]
    fn regression_heading_of_a_related_links_list_kept() {
        let body: String = (0..5)
            .map(|i| format!("<p>Paragraph {i}: the club plays its cup match at home on Saturday, and the coach expects a full stand and a hard game.</p>"))
            .collect();
        let html = format!(
            "<html><body><h1>Cup preview</h1><div class=content><h2>A derby between brothers</h2>{body}<h3>Mehr zum Thema</h3><ul><li><a href=/a>The draw for the next round</a></li><li><a href=/b>Five things to know about the cup</a></li><li><a href=/c>Tickets for the final go on sale</a></li></ul><h2>How it ended last year</h2><p>Last year the home side won on penalties, after a goalless draw that nobody in the town has forgotten.</p></div></body></html>"
        );
        let x = extract_html(&html, None);
        assert!(
            !x.paragraphs.iter().any(|p| p == "Mehr zum Thema"),
            "{:?}",
            x.paragraphs
        );
        assert!(x.removed.iter().any(|(t, _)| t == "Mehr zum Thema"));
        for kept in ["A derby between brothers", "How it ended last year"] {
            assert!(x.paragraphs.iter().any(|p| p == kept), "{kept} lost");
        }
        assert!(x.paragraphs.iter().any(|p| p.starts_with("Last year")));
    }

    #[test]
    fn regression_soft_hyphens_split_the_words_of_the_text() {
        // `&shy;` marks where a browser may break a word; the word a reader
        // sees, and searches for, is whole.
        let para = "Schon im Mit&shy;tel&shy;al&shy;ter war der St. Mag&shy;da&shy;le&shy;ner das Aus&shy;hän&shy;ge&shy;schild der Wein&shy;wirt&shy;schaft, sagen die Winzer.";
        let html = format!("<html><body><h1>St. Magdalener</h1><article><p>{para}</p><p>{para}</p><p>&shy;</p></article></body></html>");
        let x = extract_html(&html, None);
        let text = x.paragraphs.join("\n");
        assert!(
            text.contains("Schon im Mittelalter war der St. Magdalener das Aushängeschild"),
            "{text:?}"
        );
        assert!(!text.contains('\u{ad}'));
        assert!(x.paragraphs.iter().all(|p| !p.is_empty()));
    }

    #[test]
    fn regression_lead_outside_the_body_container_lost() {
        // The lead sits in the page's header under the headline (and a
        // second one as a large heading in a row of its own), apart from
        // the container of the body; a caption, a promotion far above and a
        // list of teasers lie around them.
        let body: String = (0..10)
            .map(|i| format!("<p>Paragraph {i} of the body: the federal office said the draft of the commission fails the test, point by point, and in every detail.</p>"))
            .collect();
        let chrome: String = (0..14)
            .map(|i| {
                format!("<div class=tool-{i}><a href=/t{i}>Tool number {i} of the site</a></div>")
            })
            .collect();
        let html = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav>\
             <div class=page><div class=header><h1>Nuclear power is not sustainable</h1>\
             <p>Chat with us on our messenger channel, and find out what is happening in the world as it unfolds.</p>{chrome}\
             <p class=kicker>Environment</p>\
             <p class=standfirst>The draft of the European Commission for a delegated act counts nuclear power and gas as sustainable, and the office disagrees.</p></div>\
             <div class=row><h2>The office published its statement on Monday, a day before the deadline for comments ran out in Brussels.</h2></div>\
             <div class=image-box><p>The reactor of the plant seen from the river, on a winter morning before the storm came in.</p></div>\
             <div class=row><div class=col><div class=body>{body}</div></div></div>\
             <div class=more><h3><a href=/a>Wind farms at sea grow again this year</a></h3><h3><a href=/b>The price of gas falls for a third month</a></h3><h3><a href=/c>A new line for the trains of the north</a></h3></div></div></body></html>"
        );
        let x = extract_html(&html, None);
        assert_kept_and_removed(
            &x,
            &[
                "The draft of the European",
                "The office published",
                "Paragraph 9",
            ],
            &[
                "Chat with us",
                "The reactor of the plant",
                "Wind farms",
                "Environment",
                "Home",
            ],
        );
    }

    #[test]
    fn regression_browser_warning_headline_taken_for_the_articles() {
        // A warning for old browsers opens the page with an `<h1>` and a few
        // paragraphs of its own; the article's headline, which the page's
        // title names, comes after the site's menu, above a body a little
        // longer than the warning.
        let menu: String = (0..14)
            .map(|i| format!("<li><a href=/m{i}>Menu entry {i}</a></li>"))
            .collect();
        let html = format!("<html><head><title>Training camp called off again | Handball Federation</title></head><body>\
             <div id=overlay><div class=wrapper><h1>Dear handball players, dear handball fans,</h1>\
             <p>We are glad of your visit to our federation's home page. Your browser, however, is outdated and no longer supports the technology of this site.</p>\
             <p>For the best display of our content, we recommend a current browser, such as one of those named below, free to install.</p>\
             <p>With questions, write to us at any time by mail. Thank you for your understanding, and best regards from the team.</p></div></div>\
             <main><nav><a href=/>Home</a><ul>{menu}</ul></nav>\
             <section class=news><figure class=teaser><h1>Training camp called off again</h1></figure>\
             <p>After the camp planned for January, the federation also calls off the regional training camp of the women's team set for late February.</p>\
             <p>The reason is the still high number of league games called off, which the clubs of the women's league have to play again in the spring.</p>\
             <p>The team will meet again in March, for the next two qualifying games of the championship, one at home and one away, both against the same side.</p>\
             <p>Both games are sold out; the federation will show them live on its own channel, with a studio before and after.</p>\
             </section></main></body></html>");
        let x = extract_html(&html, None);
        assert_kept_and_removed(
            &x,
            &["After the camp", "The reason is", "Both games are"],
            &[
                "We are glad",
                "For the best display",
                "With questions",
                "Menu entry",
            ],
        );
    }

    #[test]
    fn text_in_divs_with_line_breaks_is_found() {
        let html = "<html><body><div id=x>First paragraph of the story, which is long enough to count, surely.<br><br>Second paragraph, also long enough to be read as prose by anyone.<br><br>Third, with a comma, and a full stop at the end of it all.</div></body></html>";
        let x = extract_html(html, None);
        assert_eq!(x.paragraphs.len(), 3, "{:?}", x.paragraphs);
    }

    #[test]
    fn page_without_body_text_extracts_nothing() {
        let x = extract_html("<html><head><title>T</title></head></html>", None);
        assert!(x.paragraphs.is_empty());
        assert!(x.no_article);
    }

    /// The date the tree gives (what `extract_html` reports).
    fn tree_date(html: &str, url: Option<&str>) -> Option<PageDate> {
        let doc = Html::parse_document(html);
        let meta = collect_meta(&doc);
        let canonical = canonical_url(&doc, &meta);
        date_of_page(&doc, &meta, url, canonical.as_deref())
    }

    #[test]
    fn the_tag_scan_gives_the_trees_date_or_leaves_it_to_the_tree() {
        let body = "<body><h1>A headline long enough</h1><p>Text of the story, long enough to read.</p><time datetime=2001-02-03>x</time></body>";
        let cases = [
            // Settled by the scan.
            r#"<head><meta property="article:published_time" content=" 2019-03-04T10:00:00Z "></head>"#,
            r#"<head><META NAME=pubdate CONTENT=2019-03-04><meta name=pubdate content=2018-01-01></head>"#,
            r#"<head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-03-04T23:30:00-05:00"}</script><meta itemprop=datePublished content="2019-03-05T04:30:00Z"></head>"#,
            "<head><script type='application/ld+json'>\r\n{\"@type\":\"Article\",\r\n\"datePublished\":\"2019-03-04\"}</script></head>",
            r#"<head><meta property="article:published_time" content="2019-03-04T23:30:00Z"><link rel=canonical href="https://example.com/2019/03/05/story"></head>"#,
            // A page whose signals the scan cannot vouch for: left to the tree.
            r#"<head><meta property="article:published_time" content="2019-03-04T10:00:00&#43;01:00"></head>"#,
            r#"<head></head><body><select><meta name=pubdate content=2019-03-04></select></body>"#,
            r#"<head></head><body><svg><script type="application/ld+json">{"@type":"Article","datePublished":"2019-03-04"}</script></svg></body>"#,
            r#"<head><!-- <meta name=pubdate content=2011-01-01> --><noscript><meta name=pubdate content=2012-01-01></noscript><title><meta name=pubdate content=2013-01-01></title></head>"#,
            r#"<head><script>var s = '<meta name=pubdate content=2014-01-01>';</script></head>"#,
            r#"<head></head><body><svg><p>out</p><script>'<meta name=pubdate content=2014-01-01>'</script></svg></body>"#,
            // Nothing in the head: the tree finds the <time>.
            "<head><title>A headline long enough</title></head>",
        ];
        for head in cases {
            let html = format!("<html>{head}{body}</html>");
            for url in [None, Some("https://example.com/2019/03/05/x")] {
                let want = tree_date(&html, url);
                assert_eq!(page_date(&html, url), want, "{head} {url:?}");
                let x = extract_html(&html, url);
                assert_eq!(x.published, want, "{head}");
            }
        }
        let scan = |head: &str| {
            crate::rawtext::scan_date_signals(&format!("<html>{head}</html>"))
                .and_then(|s| crate::pubdate::scanned_date(&s, None))
                .map(|(d, _)| d.to_string())
        };
        // Case 4 is a UTC stamp one day off the canonical address's date.
        for (case, day) in [
            (0, "2019-03-04"),
            (1, "2019-03-04"),
            (2, "2019-03-04"),
            (4, "2019-03-05"),
        ] {
            assert_eq!(scan(cases[case]).as_deref(), Some(day), "{}", cases[case]);
        }
        for unsure in &cases[5..8] {
            assert_eq!(scan(unsure), None, "{unsure}");
        }
        for hidden in &cases[8..] {
            assert_eq!(
                scan(&format!("<html>{hidden}{body}</html>")),
                None,
                "{hidden}"
            );
        }
    }

    /// Words, spaces of every kind and look-alikes that are not spaces.
    const SPACE_PIECES: &[&str] = &[
        "a", "bc", " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{a0}", "\u{2009}", "\u{3000}",
        "\u{85}", "\u{1c}", "é", "\u{200b}", "字",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1200))]
        #[test]
        fn normalise_space_joins_the_words_of_split_whitespace(
            pieces in proptest::collection::vec(proptest::sample::select(SPACE_PIECES), 0..30)
        ) {
            let text = pieces.concat();
            let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(normalise_space(&text), want, "{:?}", text);
        }
    }

    #[test]
    fn nesting_depth_is_estimated_from_tags() {
        assert_eq!(
            nesting_depth(b"<html><body><div><p>a<p>b</div><br><img src=x><div/></body>"),
            1
        );
        assert_eq!(
            nesting_depth(b"<div><section><span>x</span></section></div>"),
            3
        );
        assert_eq!(
            nesting_depth(b"<script>'<div><div>'</script><!-- <div> --><div></div>"),
            1
        );
    }

    /// A page whose one paragraph stands inside `depth` unclosed `<div>`s.
    fn paragraph_under_divs(depth: usize) -> String {
        format!(
            "<html><body>{}<p>Deep text that is long enough to count as a paragraph, with commas.</p>",
            "<div>".repeat(depth)
        )
    }

    #[test]
    fn deeply_nested_dom_is_refused_quickly() {
        let html = paragraph_under_divs(100_000);
        let started = std::time::Instant::now();
        let x = extract_html(&html, None);
        assert!(x.no_article);
        assert!(x.problem.is_some());
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn nested_dom_under_the_limit_is_extracted() {
        let html = paragraph_under_divs(2_000);
        let x = extract_html(&html, None);
        assert_eq!(x.paragraphs.len(), 1);
    }
}
