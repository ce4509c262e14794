//! Extract stage for HTML pages: main text and metadata from a raw page.
//!
//! Owns choosing the main content block of a page's DOM (parsed by
//! html5ever through scraper), reading its paragraphs in document order, and
//! the page metadata: title, site name, canonical URL and the publication date
//! from meta tags, JSON-LD, `<time>` and the URL. Text blocks outside the main
//! block are reported as removed, with the reason.

use crate::dates::parse_machine_date;
use chrono::NaiveDate;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;
use std::sync::OnceLock;
use storyline_model::Provenance;

/// What extraction found in one HTML page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HtmlExtraction {
    pub title: Option<String>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    pub published: Option<(NaiveDate, Provenance)>,
    /// Main-content paragraphs (headings, list items and quotes included) in order.
    pub paragraphs: Vec<String>,
    /// Text blocks outside the main content, with the reason.
    pub removed: Vec<(String, &'static str)>,
}

/// Elements whose text is never article text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select", "nav",
    "aside", "footer", "header", "menu", "figure", "object", "canvas",
];

/// Block elements whose text becomes one paragraph.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "dd",
    "dt",
];

/// Class or id words that mark page furniture.
fn furniture_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(^|[-_ ])(comment|share|social|related|sidebar|footer|header|nav|menu|breadcrumb|cookie|consent|banner|advert|promo|newsletter|subscribe|popup|modal|widget|tags|byline-share|recommend|outbrain|taboola)s?($|[-_ ])").unwrap()
    })
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// Extracts the main text and metadata of an HTML page. `url` is where the
/// page came from, used for a date in its path.
pub fn extract_html(html: &str, url: Option<&str>) -> HtmlExtraction {
    let doc = Html::parse_document(html);
    let meta = collect_meta(&doc);
    let title = meta
        .get("og:title")
        .or_else(|| meta.get("twitter:title"))
        .cloned()
        .or_else(|| first_text(&doc, "h1"))
        .or_else(|| first_text(&doc, "title"));
    let site_name = meta.get("og:site_name").cloned();
    let canonical_url = doc
        .select(&sel("link[rel=canonical]"))
        .next()
        .and_then(|e| e.value().attr("href"))
        .map(str::to_string)
        .or_else(|| meta.get("og:url").cloned());
    let published = publication_date(&doc, &meta, url.or(canonical_url.as_deref()));

    let mut out = HtmlExtraction {
        title,
        site_name,
        canonical_url,
        published,
        ..HtmlExtraction::default()
    };
    let Some(body) = doc.select(&sel("body")).next() else {
        return out;
    };
    let main = best_container(body);
    collect_blocks(body, main.map(|m| m.id()), false, &mut out);
    out
}

fn collect_meta(doc: &Html) -> HashMap<String, String> {
    let mut meta = HashMap::new();
    for e in doc.select(&sel("meta")) {
        let v = e.value();
        let key = v
            .attr("property")
            .or_else(|| v.attr("name"))
            .or_else(|| v.attr("itemprop"));
        if let (Some(k), Some(c)) = (key, v.attr("content")) {
            let c = c.trim();
            if !c.is_empty() {
                meta.entry(k.to_ascii_lowercase())
                    .or_insert_with(|| c.to_string());
            }
        }
    }
    meta
}

fn first_text(doc: &Html, selector: &str) -> Option<String> {
    doc.select(&sel(selector))
        .map(|e| normalise_space(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

fn normalise_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_furniture(e: &ElementRef) -> bool {
    let v = e.value();
    if SKIP_TAGS.contains(&v.name()) {
        return true;
    }
    let role = v.attr("role").unwrap_or("");
    if matches!(
        role,
        "navigation" | "complementary" | "banner" | "contentinfo"
    ) {
        return true;
    }
    let marks = format!(
        "{} {}",
        v.attr("class").unwrap_or(""),
        v.attr("id").unwrap_or("")
    );
    furniture_pattern().is_match(&marks)
}

/// The element whose paragraphs hold the most text that is not link text: a
/// Readability-style score, computed bottom-up over `<p>` elements so that the
/// parent of the article's paragraphs wins over the page wrapper.
fn best_container(body: ElementRef) -> Option<ElementRef> {
    let mut score: HashMap<ego_tree::NodeId, f64> = HashMap::new();
    for p in body.select(&sel("p, pre, blockquote, li")) {
        if p.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| is_furniture(&a))
        {
            continue;
        }
        let text = normalise_space(&p.text().collect::<String>());
        let len = text.chars().count();
        if len < 25 {
            continue;
        }
        let link_len: usize = p
            .select(&sel("a"))
            .map(|a| a.text().map(str::len).sum::<usize>())
            .sum();
        let density = link_len as f64 / text.len().max(1) as f64;
        let commas = text.matches([',', '，', '،']).count() as f64;
        let s = (1.0 + commas + (len as f64 / 100.0).min(3.0)) * (1.0 - density);
        if let Some(parent) = p.parent() {
            *score.entry(parent.id()).or_default() += s;
            if let Some(grand) = parent.parent() {
                *score.entry(grand.id()).or_default() += s / 2.0;
            }
        }
    }
    let best = score
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
    body.tree().get(best.0).and_then(ElementRef::wrap)
}

/// Walks the DOM in order, pushing block text inside the main container to
/// `paragraphs` and other block text to `removed`. Iterative, so a page with a
/// deeply nested DOM cannot overflow the stack.
fn collect_blocks(
    root: ElementRef,
    main: Option<ego_tree::NodeId>,
    _inside: bool,
    out: &mut HtmlExtraction,
) {
    // (node, inside_main, furniture_reason)
    let mut stack: Vec<(ego_tree::NodeRef<Node>, bool, Option<&'static str>)> =
        vec![(*root, main.is_none(), None)];
    while let Some((node, inside, furniture)) = stack.pop() {
        let Some(e) = ElementRef::wrap(node) else {
            continue;
        };
        let inside = inside || Some(node.id()) == main;
        let furniture = furniture.or_else(|| is_furniture(&e).then_some("html.furniture"));
        let name = e.value().name();
        if BLOCK_TAGS.contains(&name) {
            if matches!(name, "script" | "style") {
                continue;
            }
            let text = normalise_space(&block_text(e));
            if !text.is_empty() {
                if inside && furniture.is_none() {
                    out.paragraphs.push(text);
                } else {
                    out.removed
                        .push((text, furniture.unwrap_or("html.outside_main")));
                }
            }
            continue;
        }
        let children: Vec<_> = node.children().collect();
        for child in children.into_iter().rev() {
            stack.push((child, inside, furniture));
        }
    }
}

/// The text of a block, skipping scripts and styles inside it.
fn block_text(e: ElementRef) -> String {
    let mut s = String::new();
    for d in e.descendants() {
        if let Node::Text(t) = d.value() {
            let hidden = d
                .ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| a.id() != e.id())
                .any(|a| matches!(a.value().name(), "script" | "style" | "noscript"));
            if !hidden {
                s.push_str(t);
            }
        } else if let Node::Element(el) = d.value() {
            if el.name() == "br" {
                s.push(' ');
            }
        }
    }
    s
}

/// Publication date from metadata, preferring original over modified dates:
/// meta tags, JSON-LD `datePublished`, `<time>`, then a date in the URL.
fn publication_date(
    doc: &Html,
    meta: &HashMap<String, String>,
    url: Option<&str>,
) -> Option<(NaiveDate, Provenance)> {
    const META_KEYS: &[&str] = &[
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "publishdate",
        "publish-date",
        "pubdate",
        "date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
    ];
    for k in META_KEYS {
        if let Some(d) = meta.get(*k).and_then(|v| parse_machine_date(v)) {
            return Some((d, Provenance::new(format!("html.meta[{k}]"), 0.95)));
        }
    }
    for script in doc.select(&sel(r#"script[type="application/ld+json"]"#)) {
        let raw: String = script.text().collect();
        if let Some(d) = json_ld_date(&raw) {
            return Some((d, Provenance::new("html.json_ld.datePublished", 0.95)));
        }
    }
    for t in doc.select(&sel("time[datetime]")) {
        let in_furniture = t
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| is_furniture(&a) && a.value().name() != "header");
        if in_furniture {
            continue;
        }
        if let Some(d) = t.value().attr("datetime").and_then(parse_machine_date) {
            return Some((d, Provenance::new("html.time[datetime]", 0.8)));
        }
    }
    url.and_then(url_date)
        .map(|d| (d, Provenance::new("url.path_date", 0.7)))
}

fn json_ld_date(raw: &str) -> Option<NaiveDate> {
    let value: serde_json::Value = serde_json::from_str(raw.trim()).ok()?;
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(d) = map
                    .get("datePublished")
                    .or_else(|| map.get("dateCreated"))
                    .and_then(|d| d.as_str())
                    .and_then(parse_machine_date)
                {
                    return Some(d);
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    None
}

/// A `/2018/01/17/` or `/2018-01-17/` date in a URL path.
pub fn url_date(url: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"[/_-]((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)",
        )
        .unwrap()
    });
    let c = re.captures(url)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
<title>Rebels close ranks | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2018-01-16T10:00:00Z">
<meta property="article:modified_time" content="2018-01-20T10:00:00Z">
<link rel="canonical" href="https://example.com/world/rebels">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news and more</a></li></ul></nav>
<div class="content"><article>
<h1>Rebels close ranks</h1>
<p>The head of the alliance called on rebels on Tuesday to close ranks, in an audio statement.</p>
<p>"We are ready to reconcile with everyone," he said, according to the group's media arm.</p>
<script>var x = "not text";</script>
</article>
<div class="related-links"><p>Another story about something else entirely, with commas, and more.</p></div>
</div>
<footer><p>Copyright 2018 Example News. All rights reserved worldwide.</p></footer>
</body></html>"#;

    #[test]
    fn main_text_title_site_and_date() {
        let x = extract_html(PAGE, None);
        assert_eq!(x.title.as_deref(), Some("Rebels close ranks"));
        assert_eq!(x.site_name.as_deref(), Some("Example News"));
        assert_eq!(
            x.canonical_url.as_deref(),
            Some("https://example.com/world/rebels")
        );
        let (date, prov) = x.published.unwrap();
        assert_eq!(date.to_string(), "2018-01-16");
        assert_eq!(prov.rule, "html.meta[article:published_time]");
        assert_eq!(x.paragraphs.len(), 3, "{:?}", x.paragraphs);
        assert!(x.paragraphs[1].starts_with("The head"));
        assert!(x.paragraphs.iter().all(|p| !p.contains("not text")));
        assert!(x
            .removed
            .iter()
            .any(|(t, r)| t.starts_with("Another story") && *r == "html.furniture"));
        assert!(x.removed.iter().any(|(t, _)| t.starts_with("Copyright")));
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://x.com/2018/01/17/story")
                .unwrap()
                .to_string(),
            "2018-01-17"
        );
        assert_eq!(
            url_date("https://x.com/story-20180117.html")
                .unwrap()
                .to_string(),
            "2018-01-17"
        );
        assert!(url_date("https://x.com/2018/story").is_none());
    }

    #[test]
    fn page_without_body_text_extracts_nothing() {
        let x = extract_html("<html><head><title>T</title></head></html>", None);
        assert!(x.paragraphs.is_empty());
    }

    #[test]
    fn deeply_nested_dom_does_not_overflow() {
        let depth = 20_000;
        let mut html = String::from("<html><body>");
        for _ in 0..depth {
            html.push_str("<div>");
        }
        html.push_str("<p>Deep text that is long enough to count as a paragraph, with commas.</p>");
        let x = extract_html(&html, None);
        assert!(x.paragraphs.len() <= 1);
    }
}
