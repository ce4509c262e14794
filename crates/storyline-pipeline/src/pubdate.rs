//! Publication date of an HTML page, with the signal it came from and a
//! confidence.
//!
//! Signals, strongest first: JSON-LD `datePublished`, publication meta tags,
//! `itemprop="datePublished"`, `<time>` elements, a full date in the URL path,
//! dates written in elements whose class or id speaks of a date, and last a
//! date written near the top of the page's text. The original date is
//! preferred over the updated one: modification dates are used only when
//! nothing else is found, at a low confidence. Dates inside related-links
//! lists, comments, sidebars and footers, and dates on copyright lines, are
//! never used. When no credible date is found the page is undated.

use crate::dates::{month_number_any, parse_machine_date};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;
use std::sync::OnceLock;
use storyline_model::Provenance;

/// A page's publication date and where it came from.
pub type PageDate = (NaiveDate, Provenance);

/// Dates outside this range are not publication dates of web pages. (A pure
/// stage has no clock, so the upper bound is fixed.)
fn plausible(d: NaiveDate) -> bool {
    (1995..=2035).contains(&d.year())
}

fn machine(s: &str) -> Option<NaiveDate> {
    parse_machine_date(s)
        .or_else(|| find_text_date(s, false))
        .filter(|d| plausible(*d))
}

const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article.published",
    "article_date_original",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published-date",
    "pubdate",
    "originalpublicationdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "sailthru.date",
    "parsely-pub-date",
    "article:published",
    "datecreated",
    "date",
    "dc.date",
    "dcterms.date",
    "created",
    "creation_date",
    "dcterms:created",
    "dcterms:issued",
    "dc:date",
    "dc:created",
    "dcterms:date",
    "publication_date",
    "published_at",
    "uploaddate",
    "og:pubdate",
];

const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
];

/// Class or id words of elements that hold a page's date line.
fn date_class() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(date|time|publish|posted|byline|dateline|entry-meta|post-meta|article-meta|meta-info|postinfo|post-info|submitted|datum|fecha|author)").unwrap()
    })
}

/// Containers whose dates belong to other pages or to comments.
fn foreign_container() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(comment|related|sidebar|recent|popular|archive|teaser|recommend|more-|next|prev|pagination|tagcloud|calendar|reply|respon|trackback)").unwrap()
    })
}

fn copyright_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(©|&copy;|\(c\)|copyright|all rights reserved)").unwrap())
}

/// Whether one of the element's near ancestors (six levels: a related-links
/// list or a comment is close around its dates, while page-wide wrappers
/// such as a blog's "widget" are far) is a list of other pages or comments.
fn in_foreign_container(e: &ElementRef) -> bool {
    e.ancestors().take(6).filter_map(ElementRef::wrap).any(|a| {
        let v = a.value();
        // <body> and <html> classes describe the page ("comments-open").
        if matches!(v.name(), "body" | "html") {
            return false;
        }
        v.name() == "nav"
            || v.attr("class")
                .is_some_and(|c| foreign_container().is_match(c))
            || v.attr("id")
                .is_some_and(|c| foreign_container().is_match(c))
    })
}

/// The publication date of a parsed page. `meta` holds the page's meta tags
/// (lower-cased names), `url` its address.
pub fn publication_date(
    doc: &Html,
    meta: &HashMap<String, String>,
    url: Option<&str>,
) -> Option<PageDate> {
    let found = page_date(doc, meta, url);
    // A time stamp converted to UTC can fall on the next or previous day; a
    // full date in the URL one day off is the local day of the same moment.
    match (found, url.and_then(url_date)) {
        (Some((d, p)), Some(u)) if u != d && (u - d).num_days().abs() == 1 => Some((
            u,
            Provenance::new(format!("url.path_date+{}", p.rule), 0.95),
        )),
        (found, _) => found,
    }
}

fn page_date(doc: &Html, meta: &HashMap<String, String>, url: Option<&str>) -> Option<PageDate> {
    // 1. JSON-LD.
    let mut ld_modified = None;
    let mut ld_other = None;
    for e in doc.tree.nodes().filter_map(ElementRef::wrap) {
        let v = e.value();
        if v.name() != "script"
            || !v
                .attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
        {
            continue;
        }
        let raw: String = e.text().collect();
        if let Some((article, other, modified)) = json_ld_dates(&raw) {
            if let Some(d) = article {
                return Some((d, Provenance::new("html.json_ld.datePublished", 0.95)));
            }
            ld_other = ld_other.or(other);
            ld_modified = ld_modified.or(modified);
        }
    }
    // 2. Meta tags.
    for k in PUBLISHED_META {
        if let Some(d) = meta.get(*k).and_then(|v| machine(v)) {
            let conf = if matches!(*k, "date" | "dc.date" | "created") {
                0.85
            } else {
                0.95
            };
            return Some((d, Provenance::new(format!("html.meta[{k}]"), conf)));
        }
    }
    if let Some(d) = ld_other {
        return Some((d, Provenance::new("html.json_ld.datePublished", 0.85)));
    }
    // 3. itemprop=datePublished and <time> elements, outside foreign containers.
    let mut first_time: Option<NaiveDate> = None;
    let mut pub_time: Option<NaiveDate> = None;
    let mut itemprop: Option<NaiveDate> = None;
    let mut class_text: Option<NaiveDate> = None;
    let mut abbr: Option<NaiveDate> = None;
    for e in doc.tree.nodes().filter_map(ElementRef::wrap) {
        let v = e.value();
        let prop = v.attr("itemprop").unwrap_or("");
        let rdfa = v.attr("property").unwrap_or("");
        let prop = if prop.is_empty()
            && (rdfa.contains("dc:date")
                || rdfa.contains("dc:created")
                || rdfa.contains("dateCreated")
                || rdfa.contains("datePublished"))
        {
            "datePublished"
        } else {
            prop
        };
        let is_time = v.name() == "time";
        let classy = v.attr("class").is_some_and(|c| date_class().is_match(c))
            || v.attr("id").is_some_and(|c| date_class().is_match(c));
        if !(is_time
            || prop.eq_ignore_ascii_case("datepublished")
            || prop.eq_ignore_ascii_case("datecreated")
            || classy
            || v.name() == "abbr")
        {
            continue;
        }
        if in_foreign_container(&e) {
            continue;
        }
        let attr_date = v
            .attr("datetime")
            .or_else(|| v.attr("content"))
            .or_else(|| v.attr("title"))
            .and_then(machine);
        if prop.eq_ignore_ascii_case("datepublished") || prop.eq_ignore_ascii_case("datecreated") {
            let d = attr_date.or_else(|| text_date_of(&e));
            if itemprop.is_none() {
                itemprop = d;
            }
            continue;
        }
        if is_time {
            let d = attr_date.or_else(|| text_date_of(&e));
            let published_hint = v.attr("pubdate").is_some()
                || v.attr("class").is_some_and(|c| {
                    let c = c.to_ascii_lowercase();
                    c.contains("publish") || c.contains("entry-date") || c.contains("post-date")
                });
            if published_hint && pub_time.is_none() {
                pub_time = d;
            }
            let updated = v
                .attr("class")
                .is_some_and(|c| c.to_ascii_lowercase().contains("updated") || c.contains("modif"));
            if first_time.is_none() && !updated {
                first_time = d;
            }
            continue;
        }
        if v.name() == "abbr" {
            if abbr.is_none() && v.attr("class").is_some_and(|c| c.contains("published")) {
                abbr = attr_date.or_else(|| text_date_of(&e));
            }
            continue;
        }
        if class_text.is_none() {
            class_text = text_date_of(&e);
        }
    }
    if let Some(d) = itemprop {
        return Some((d, Provenance::new("html.itemprop.datePublished", 0.9)));
    }
    if let Some(d) = pub_time.or(abbr) {
        return Some((d, Provenance::new("html.time[pubdate]", 0.9)));
    }
    let url_d = url.and_then(url_date);
    if let Some(d) = first_time {
        // A URL date that disagrees is the stronger signal of the two.
        if url_d.is_none_or(|u| u == d) {
            return Some((d, Provenance::new("html.time", 0.8)));
        }
    }
    // 4. The URL path.
    if let Some(d) = url_d {
        return Some((d, Provenance::new("url.path_date", 0.8)));
    }
    // 5. Elements that speak of a date.
    if let Some(d) = class_text {
        return Some((d, Provenance::new("html.date_element", 0.7)));
    }
    // 6. Modification dates, when nothing says when the page first appeared.
    if let Some(d) = ld_modified {
        return Some((d, Provenance::new("html.json_ld.dateModified", 0.5)));
    }
    for k in MODIFIED_META {
        if let Some(d) = meta.get(*k).and_then(|v| machine(v)) {
            return Some((d, Provenance::new(format!("html.meta[{k}]"), 0.5)));
        }
    }
    // 7. A date written in the page's text, outside copyright lines and
    //    foreign containers: the first one, near the top.
    body_text_date(doc).map(|d| (d, Provenance::new("html.text_date", 0.5)))
}

fn text_date_of(e: &ElementRef) -> Option<NaiveDate> {
    let mut s = String::new();
    for t in e.text() {
        s.push_str(t);
        s.push(' ');
        if s.len() > 400 {
            break;
        }
    }
    if copyright_line().is_match(&s) {
        return None;
    }
    find_text_date(&s, true)
}

fn body_text_date(doc: &Html) -> Option<NaiveDate> {
    let mut seen_chars = 0usize;
    for node in doc.tree.nodes() {
        let Node::Text(t) = node.value() else {
            continue;
        };
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        if matches!(
            parent.value().name(),
            "script" | "style" | "noscript" | "title" | "option" | "textarea"
        ) {
            continue;
        }
        let s: &str = t;
        let s = s.trim();
        if s.is_empty() {
            continue;
        }
        seen_chars += s.len();
        if seen_chars > 60_000 {
            break;
        }
        if s.len() > 300 || copyright_line().is_match(s) {
            continue;
        }
        if let Some(d) = find_text_date(s, true) {
            if !in_foreign_container(&parent) {
                return Some(d);
            }
        }
    }
    None
}

/// Dates in one JSON-LD block: (datePublished of an article-like object,
/// datePublished of any other object, dateModified). An image's, a video's
/// or a site's date is not the article's.
fn json_ld_dates(raw: &str) -> Option<(Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>)> {
    let value: serde_json::Value = serde_json::from_str(raw.trim()).ok()?;
    let mut article = None;
    let mut published = None;
    let mut modified = None;
    let article_type = |v: &serde_json::Value| {
        let is = |t: &str| t.contains("Article") || t.contains("Posting") || t == "Report";
        match v {
            serde_json::Value::String(t) => is(t),
            serde_json::Value::Array(ts) => ts.iter().any(|t| t.as_str().is_some_and(is)),
            _ => false,
        }
    };
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                let date = map
                    .get("datePublished")
                    .or_else(|| map.get("dateCreated"))
                    .and_then(|d| d.as_str())
                    .and_then(machine);
                if map.get("@type").is_some_and(article_type) {
                    article = article.or(date);
                } else {
                    published = published.or(date);
                }
                if modified.is_none() {
                    modified = map
                        .get("dateModified")
                        .and_then(|d| d.as_str())
                        .and_then(machine);
                }
                // Comments and reviews carry their own dates.
                for (k, child) in map {
                    if !matches!(k.as_str(), "comment" | "review" | "citation" | "hasPart") {
                        stack.push(child);
                    }
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    Some((article, published, modified))
}

/// A `/2018/01/17/`, `/2018-01-17`, `/20180117` date in a URL path. The
/// capture stamp of a web-archive address (`/web/20140109030403/http...`)
/// is not the page's date and is skipped.
pub fn url_date(url: &str) -> Option<NaiveDate> {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    let [sep, compact] = RE.get_or_init(|| {
        [
            Regex::new(r"[/_-]((?:19|20)\d{2})([/_-])(0?[1-9]|1[0-2])([/_-])(0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
                .unwrap(),
            Regex::new(r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)").unwrap(),
        ]
    });
    let path = match url.find("/http") {
        Some(i) if url[..i].contains("/web/") => &url[i + 1..],
        _ => url,
    };
    let (y, m, d) = if let Some(c) = sep.captures(path).filter(|c| c[2] == c[4]) {
        (c[1].parse().ok()?, c[3].parse().ok()?, c[5].parse().ok()?)
    } else {
        let c = compact.captures(path)?;
        (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
    };
    let d = NaiveDate::from_ymd_opt(y, m, d)?;
    plausible(d).then_some(d)
}

/// The first full date (day, month and year) written in `s`: ISO, numeric
/// European (`27.01.2020`, `27/01/2020`), and month names in English, German,
/// French, Spanish, Italian, Dutch and Portuguese. `loose` allows the
/// numeric forms that need context (day-first slashes).
pub fn find_text_date(s: &str, loose: bool) -> Option<NaiveDate> {
    static RE: OnceLock<[Regex; 5]> = OnceLock::new();
    let [iso, dotted, slashed, dmy, mdy] = RE.get_or_init(|| {
        const MONTH: &str = r"([A-Za-zÀ-ÿ]{3,10})\.?";
        [
            Regex::new(r"\b((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b").unwrap(),
            Regex::new(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b").unwrap(),
            Regex::new(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b").unwrap(),
            Regex::new(&format!(
                r"\b(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?(?:\s+(?:of|de))?\s+{MONTH},?(?:\s+de)?\s+((?:19|20)\d{{2}})\b"
            ))
            .unwrap(),
            Regex::new(&format!(
                r"\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})\b"
            ))
            .unwrap(),
        ]
    });
    let mut best: Option<(usize, NaiveDate)> = None;
    let mut consider = |pos: usize, d: Option<NaiveDate>| {
        if let Some(d) = d.filter(|d| plausible(*d)) {
            if best.is_none_or(|(p, _)| pos < p) {
                best = Some((pos, d));
            }
        }
    };
    let num = |m: Option<regex::Match>| m.and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(c) = iso.captures(s) {
        let y = num(c.get(1)).map(|y| y as i32);
        let d = y.and_then(|y| NaiveDate::from_ymd_opt(y, num(c.get(2))?, num(c.get(3))?));
        consider(c.get(0).unwrap().start(), d);
    }
    if let Some(c) = dotted.captures(s) {
        let d = NaiveDate::from_ymd_opt(
            num(c.get(3)).unwrap_or(0) as i32,
            num(c.get(2)).unwrap_or(0),
            num(c.get(1)).unwrap_or(0),
        );
        consider(c.get(0).unwrap().start(), d);
    }
    if loose {
        if let Some(c) = slashed.captures(s) {
            let (a, b, y) = (
                num(c.get(1)).unwrap_or(0),
                num(c.get(2)).unwrap_or(0),
                num(c.get(3)).unwrap_or(0) as i32,
            );
            // Day first unless that is impossible.
            let d = NaiveDate::from_ymd_opt(y, b, a).or_else(|| NaiveDate::from_ymd_opt(y, a, b));
            consider(c.get(0).unwrap().start(), d);
        }
    }
    for c in dmy.captures_iter(s) {
        if let Some(m) = month_number_any(&c[2]) {
            let d = NaiveDate::from_ymd_opt(
                num(c.get(3)).unwrap_or(0) as i32,
                m,
                num(c.get(1)).unwrap_or(0),
            );
            consider(c.get(0).unwrap().start(), d);
            break;
        }
    }
    for c in mdy.captures_iter(s) {
        if let Some(m) = month_number_any(&c[1]) {
            let d = NaiveDate::from_ymd_opt(
                num(c.get(3)).unwrap_or(0) as i32,
                m,
                num(c.get(2)).unwrap_or(0),
            );
            consider(c.get(0).unwrap().start(), d);
            break;
        }
    }
    best.map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn date_of(html: &str, url: Option<&str>) -> Option<(NaiveDate, String)> {
        let doc = Html::parse_document(html);
        let mut meta = HashMap::new();
        for e in doc.tree.nodes().filter_map(ElementRef::wrap) {
            let v = e.value();
            if v.name() == "meta" {
                if let (Some(k), Some(c)) =
                    (v.attr("property").or(v.attr("name")), v.attr("content"))
                {
                    meta.insert(k.to_ascii_lowercase(), c.to_string());
                }
            }
        }
        publication_date(&doc, &meta, url).map(|(d, p)| (d, p.rule))
    }

    #[test]
    fn original_date_wins_over_updated() {
        let html = r#"<html><head>
<meta property="article:modified_time" content="2020-03-01T10:00:00Z">
<meta property="article:published_time" content="2020-02-01T10:00:00Z">
</head><body><p>x</p></body></html>"#;
        let (d, rule) = date_of(html, None).unwrap();
        assert_eq!(d, ymd(2020, 2, 1));
        assert_eq!(rule, "html.meta[article:published_time]");
    }

    #[test]
    fn modified_date_alone_is_used_at_low_confidence() {
        let html = r#"<html><head><meta property="article:modified_time" content="2020-03-01"></head><body></body></html>"#;
        assert_eq!(date_of(html, None).unwrap().0, ymd(2020, 3, 1));
    }

    #[test]
    fn json_ld_and_time_elements() {
        let html = r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2019-07-28T08:00:00+02:00","dateModified":"2019-08-01"}]}</script></head><body></body></html>"#;
        assert_eq!(
            date_of(html, None).unwrap(),
            (ymd(2019, 7, 28), "html.json_ld.datePublished".into())
        );
        let html = r#"<html><body><article><time datetime="2014-05-18">18. Mai 2014</time></article></body></html>"#;
        assert_eq!(date_of(html, None).unwrap().0, ymd(2014, 5, 18));
    }

    #[test]
    fn related_links_and_copyright_lines_are_never_the_date() {
        let html = r#"<html><body><article><p>No date here.</p></article>
<div class="related-posts"><time datetime="2011-01-01">1 Jan 2011</time></div>
<p>Copyright 12.03.2019 Example</p></body></html>"#;
        assert_eq!(date_of(html, None), None);
    }

    #[test]
    fn german_and_numeric_dates_in_a_date_element() {
        let html = r#"<html><body><div class="entry-meta">Veröffentlicht am 27. Januar 2020</div></body></html>"#;
        assert_eq!(date_of(html, None).unwrap().0, ymd(2020, 1, 27));
        assert_eq!(
            find_text_date("am 05.03.2014 um 10 Uhr", true),
            Some(ymd(2014, 3, 5))
        );
        assert_eq!(
            find_text_date("le 3 mars 2019", true),
            Some(ymd(2019, 3, 3))
        );
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://x.com/2018/01/17/story"),
            Some(ymd(2018, 1, 17))
        );
        assert_eq!(
            url_date("https://x.com/story-20180117.html"),
            Some(ymd(2018, 1, 17))
        );
        assert_eq!(url_date("https://x.com/2018/story"), None);
    }

    #[test]
    fn undated_page() {
        assert_eq!(
            date_of("<html><body><p>Nothing.</p></body></html>", None),
            None
        );
    }

    #[test]
    fn utc_stamp_one_day_off_the_url_date_takes_the_url_day() {
        let html = r#"<html><head><meta property="article:published_time" content="2023-11-09T02:10:00Z"></head><body></body></html>"#;
        let (d, rule) = date_of(html, Some("https://example.com/2023/11/08/story/")).unwrap();
        assert_eq!(d, ymd(2023, 11, 8));
        assert!(rule.starts_with("url.path_date+"));
    }

    #[test]
    fn url_dates_need_consistent_separators_and_skip_archive_stamps() {
        assert_eq!(url_date("https://x.de/Mineraloel/2021_11_info.html"), None);
        assert_eq!(url_date("https://x.de/artikel/2023/43/diskussion"), None);
        assert_eq!(
            url_date("https://web.archive.org/web/20140109030403/http://x.com/2013/12/09/post/"),
            Some(ymd(2013, 12, 9))
        );
    }

    #[test]
    fn an_images_json_ld_date_is_not_the_articles() {
        let html = r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"ImageObject","datePublished":"2016-08-29"},{"@type":"NewsArticle","datePublished":"2019-05-06"}]}</script></head><body></body></html>"#;
        assert_eq!(date_of(html, None).unwrap().0, ymd(2019, 5, 6));
        let html = r#"<html><head><meta property="article:published_time" content="2019-05-06"><script type="application/ld+json">{"@type":"VideoObject","datePublished":"2016-08-29"}</script></head><body></body></html>"#;
        assert_eq!(date_of(html, None).unwrap().0, ymd(2019, 5, 6));
    }

    #[test]
    fn a_blog_platforms_widget_wrapper_does_not_hide_the_post_date() {
        let html = r#"<html><body><div class="widget Blog"><div class="blog-posts"><div class="date-outer"><h2 class="date-header"><span>Samstag, 5. Oktober 2013</span></h2><div class="post"><p>Text</p></div></div></div></div></body></html>"#;
        assert_eq!(date_of(html, None).unwrap().0, ymd(2013, 10, 5));
    }
}
