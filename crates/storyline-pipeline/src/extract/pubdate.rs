//! Publication date of an HTML page, with the signal it came from and a
//! confidence.
//!
//! Signals, strongest first: JSON-LD `datePublished`, publication meta tags,
//! `itemprop="datePublished"`, `<time>` elements, a full date in the URL path,
//! a date the text labels as the publication's ("Published on", "Erschienen
//! am"), the date line under the headline, dates written in elements whose
//! class or id speaks of a date, and last a
//! date written near the top of the page's text. A generic date meta tag
//! (`date`, `dc.date`) gives way to a date the page shows near its article
//! when none of those agrees with it. The original date is
//! preferred over the updated one: modification dates are used only when
//! nothing else is found, at a low confidence. Dates inside related-links
//! lists, comments, sidebars and footers (unless labelled as the page's
//! publication date), and dates on copyright lines, are never used. When no
//! credible date is found the page is undated.

use crate::class_words::ClassWords;
use crate::dates::{
    month_number_any, parse_machine_date, solar_hijri_month, solar_hijri_to_gregorian,
    with_ascii_digits,
};
use crate::html::Attribute;
use crate::word_regex::WordRegex;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use ego_tree::NodeId;
use html5ever::{local_name, LocalName};
use regex::Regex;
use scraper::{ElementRef, Html, Node};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use storyline_model::Provenance;

/// A page's publication date and where it came from.
pub type PageDate = (NaiveDate, Provenance);

/// How far each signal is trusted, strongest first: the confidence a date
/// found by it carries in its provenance. Machine-readable statements meant
/// for publication dates come first, then the page's visible layout, then
/// text that merely looks like a date.
pub mod confidence {
    /// JSON-LD `datePublished` of an article object: written for search
    /// engines, rarely wrong.
    pub const JSON_LD_ARTICLE: f32 = 0.95;
    /// A publication meta tag (`article:published_time` and the like).
    pub const META: f32 = 0.95;
    /// A generic date meta tag (`date`, `dc.date`, `created`): often the
    /// page's, sometimes the template's or the last edit's.
    pub const META_GENERIC: f32 = 0.85;
    /// JSON-LD `datePublished` of another object (a web page, a breadcrumb):
    /// usually the article's page, but not always.
    pub const JSON_LD_OTHER: f32 = 0.85;
    /// A full date in the URL that is one day off a UTC stamp: the local day
    /// of the same moment, as the publisher filed it.
    pub const URL_LOCAL_DAY: f32 = 0.95;
    /// `itemprop="datePublished"` in the page's body.
    pub const ITEMPROP: f32 = 0.9;
    /// A `<time>` marked as the publication time (`pubdate`, a "published"
    /// class) or a "published" `<abbr>`.
    pub const TIME_PUBLISHED: f32 = 0.9;
    /// The first `<time>` of the page that is not an update: usually the
    /// article's, sometimes a teaser's.
    pub const TIME: f32 = 0.8;
    /// A full date in the URL path: the publisher's own filing, but a
    /// republished page keeps the old address.
    pub const URL_PATH: f32 = 0.8;
    /// A date on the line under (or just above) the headline.
    pub const HEADLINE_DATE_LINE: f32 = 0.75;
    /// A date in an element whose class or id speaks of a date.
    pub const DATE_ELEMENT: f32 = 0.7;
    /// A modification date, when nothing says when the page first appeared.
    pub const MODIFIED: f32 = 0.5;
    /// The first date written near the top of the page's text.
    pub const TEXT_DATE: f32 = 0.5;
}

/// A text longer than this many bytes is a paragraph: only a dateline
/// opening it is read, never a date inside its sentences.
const LONG_TEXT_BYTES: usize = 300;
/// How much of a long text's opening can hold a dateline ("Karlsruhe,
/// (12.11.2021). ...").
const DATELINE_BYTES: usize = 60;
/// How much of a date element's text is read: a date line is short, and a
/// large element with a date class is a wrapper.
const DATE_ELEMENT_BYTES: usize = 400;
/// How much of the page's text is searched for a date in the last resort:
/// the top of the page, where the article's date line is.
const BODY_TEXT_BYTES: usize = 60_000;

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

pub(crate) const PUBLISHED_META: &[&str] = &[
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
static DATE_CLASS: ClassWords = ClassWords::anywhere(&[
    "date",
    "time",
    "publish",
    "posted",
    "byline",
    "dateline",
    "entry-meta",
    "post-meta",
    "article-meta",
    "meta-info",
    "postinfo",
    "post-info",
    "submitted",
    "datum",
    "fecha",
    "author",
]);

/// Containers whose dates belong to other pages or to comments.
static FOREIGN_CONTAINER: ClassWords = ClassWords::anywhere(&[
    "comment",
    "related",
    "sidebar",
    "recent",
    "popular",
    "archive",
    "teaser",
    "recommend",
    "more-",
    "next",
    "prev",
    "pagination",
    "tagcloud",
    "calendar",
    "reply",
    "respon",
    "trackback",
]);

fn copyright_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(©|&copy;|\(c\)|copyright|all rights reserved)").unwrap())
}

/// Whether one of the element's near ancestors (six levels: a related-links
/// list or a comment is close around its dates, while page-wide wrappers
/// such as a blog's "widget" are far) is a list of other pages or comments.
///
/// `own` holds the ancestors of the page's headline: whatever their classes
/// say ("sticky-sidebar-parent", "teaser-small"), the containers of the
/// headline hold the article itself, not a list of other pages.
fn in_foreign_container(e: &ElementRef, own: &HashSet<NodeId>) -> bool {
    e.ancestors().take(6).filter_map(ElementRef::wrap).any(|a| {
        let v = a.value();
        // <body> and <html> classes describe the page ("comments-open").
        if matches!(v.name(), "body" | "html") || own.contains(&a.id()) {
            return false;
        }
        v.name() == "nav" || FOREIGN_CONTAINER.in_class_or_id(v)
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
    adjust_day(
        found,
        || publication_stamps(meta, tree_stamp_sources(doc)),
        url,
    )
}

/// Where a page's publication stamps are read, in document order: the text
/// of a JSON-LD script, or the `datetime` (else `content`) value of an
/// element with `itemprop="datePublished"`.
pub(crate) enum StampSource<'a> {
    JsonLd(std::borrow::Cow<'a, str>),
    Value(&'a str),
}

fn tree_stamp_sources(doc: &Html) -> impl Iterator<Item = StampSource<'_>> {
    doc.tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter_map(|e| {
            let v = e.value();
            if v.name() == "script"
                && v.attribute(&local_name!("type"))
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
            {
                Some(StampSource::JsonLd(e.text().collect::<String>().into()))
            } else if v
                .attribute(&local_name!("itemprop"))
                .is_some_and(|p| p.eq_ignore_ascii_case("datepublished"))
            {
                v.attribute(&local_name!("datetime"))
                    .or_else(|| v.attribute(&local_name!("content")))
                    .map(StampSource::Value)
            } else {
                None
            }
        })
}

/// What the head of a page (its meta tags and JSON-LD, found without a
/// tree by [`crate::rawtext::scan_date_signals`]) says of its date.
pub(crate) struct ScannedSignals {
    /// Meta tags as the tree gives them (see `html::collect_meta`).
    pub meta: HashMap<String, String>,
    /// JSON-LD texts and `itemprop="datePublished"` values, in document order.
    pub sources: Vec<(bool, String)>,
    /// The `href` of the first `<link rel=canonical>`, if there is one
    /// (`Some(None)`: it has no `href`).
    pub canonical_link: Option<Option<String>>,
}

/// The publication date from the scanned signals alone when they settle it
/// (a JSON-LD or meta-tag date: the first signals [`publication_date`]
/// reads, which then give the same answer), `None` when the page's tree is
/// needed. `url` is the page's address.
pub(crate) fn scanned_date(sig: &ScannedSignals, url: Option<&str>) -> Option<PageDate> {
    let canonical = sig
        .canonical_link
        .clone()
        .flatten()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| sig.meta.get("og:url").cloned());
    let date_url = date_url(url, canonical.as_deref());
    let lds = sig
        .sources
        .iter()
        .filter(|(ld, _)| *ld)
        .map(|(_, t)| std::borrow::Cow::Borrowed(t.as_str()));
    let found = early_date(lds, &sig.meta)
        .ok()
        .filter(|f| !yields_to_visible_date(f))?;
    let sources = sig.sources.iter().map(|(ld, t)| {
        if *ld {
            StampSource::JsonLd(t.as_str().into())
        } else {
            StampSource::Value(t.as_str())
        }
    });
    adjust_day(
        Some(found),
        || publication_stamps(&sig.meta, sources),
        date_url,
    )
}

/// The address whose path is read for a date: the page's own, or its
/// canonical address when only that one carries a date.
pub(crate) fn date_url<'a>(url: Option<&'a str>, canonical: Option<&'a str>) -> Option<&'a str> {
    match (url, canonical) {
        (Some(u), Some(c)) if url_date(u).is_none() && url_date(c).is_some() => Some(c),
        (u, c) => u.or(c),
    }
}

/// The day of a found date corrected for time zones: a stamp converted to
/// UTC can fall on the next or previous day of the page's own calendar.
fn adjust_day(
    found: Option<PageDate>,
    stamps: impl FnOnce() -> Vec<(NaiveDateTime, Option<i32>)>,
    url: Option<&str>,
) -> Option<PageDate> {
    // Another publication stamp of the same page in local time (with its
    // offset, or without one) one day off gives the local day.
    let found = match found {
        Some((d, p)) if p.rule.starts_with("html.meta") || p.rule.starts_with("html.json_ld") => {
            let stamps = stamps();
            let utc: Vec<NaiveDateTime> = stamps
                .iter()
                .filter(|(t, off)| t.date() == d && *off == Some(0))
                .map(|(t, _)| *t)
                .collect();
            let local_same_day = stamps
                .iter()
                .any(|(t, off)| t.date() == d && *off != Some(0));
            let local = stamps.iter().find(|(t, off)| {
                *off != Some(0)
                    && (t.date() - d).num_days().abs() == 1
                    && utc.iter().any(|u| same_moment(*u, *t, *off))
            });
            match local {
                Some((t, _)) if !local_same_day => Some((
                    t.date(),
                    Provenance::new(format!("html.local_day+{}", p.rule), p.confidence),
                )),
                _ => Some((d, p)),
            }
        }
        other => other,
    };
    // A full date in the URL one day off is the local day of the same moment.
    match (found, url.and_then(url_date)) {
        (Some((d, p)), Some(u)) if u != d && (u - d).num_days().abs() == 1 => Some((
            u,
            Provenance::new(
                format!("url.path_date+{}", p.rule),
                confidence::URL_LOCAL_DAY,
            ),
        )),
        (found, _) => found,
    }
}

/// A machine-readable stamp with a time of day: its wall-clock time and
/// its offset from UTC in seconds, if it states one.
fn parse_stamp(raw: &str) -> Option<(NaiveDateTime, Option<i32>)> {
    let r = raw.trim();
    let with_offset = DateTime::parse_from_rfc3339(r)
        .or_else(|_| DateTime::parse_from_rfc2822(r))
        .or_else(|_| DateTime::parse_from_str(r, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .or_else(|_| DateTime::parse_from_str(r, "%Y-%m-%dT%H:%M%:z"));
    if let Ok(t) = with_offset {
        return Some((t.naive_local(), Some(t.offset().local_minus_utc())));
    }
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(r, f).ok())
    .map(|t| (t, None))
}

/// Whether a local stamp (`offset` seconds from UTC, or unknown) is the same
/// moment as a UTC one: equal instants, or, without an offset, a whole
/// number of quarter hours apart (a time zone's difference), within 14 h.
fn same_moment(utc: NaiveDateTime, local: NaiveDateTime, offset: Option<i32>) -> bool {
    match offset {
        Some(o) => ((local - utc).num_seconds() - i64::from(o)).abs() <= 60,
        None => {
            let diff = (local - utc).num_seconds();
            let r = diff.rem_euclid(900);
            diff.abs() <= 14 * 3600 && (r <= 60 || r >= 840)
        }
    }
}

/// Every publication stamp of the page (meta tags, JSON-LD and
/// `itemprop="datePublished"`) that has a time of day.
fn publication_stamps<'a>(
    meta: &HashMap<String, String>,
    sources: impl Iterator<Item = StampSource<'a>>,
) -> Vec<(NaiveDateTime, Option<i32>)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let ld = RE
        .get_or_init(|| Regex::new(r#""date(?:Published|Created)"\s*:\s*"([^"]{8,40})""#).unwrap());
    let mut out = Vec::new();
    let mut add = |raw: &str| {
        if let Some(t) = parse_stamp(raw).filter(|(t, _)| plausible(t.date())) {
            out.push(t);
        }
    };
    for k in PUBLISHED_META {
        if let Some(v) = meta.get(*k) {
            add(v);
        }
    }
    for source in sources {
        match source {
            StampSource::JsonLd(raw) => {
                for c in ld.captures_iter(&raw) {
                    add(&c[1]);
                }
            }
            StampSource::Value(raw) => add(raw),
        }
    }
    out
}

/// The first signals, which need no tree: JSON-LD `datePublished` of an
/// article, the publication meta tags, any other JSON-LD `datePublished`.
/// `Err` holds JSON-LD's `dateModified` for later, when none of them gives
/// a date.
fn early_date<'a>(
    json_ld: impl Iterator<Item = std::borrow::Cow<'a, str>>,
    meta: &HashMap<String, String>,
) -> Result<PageDate, Option<NaiveDate>> {
    // 1. JSON-LD.
    let mut ld_modified = None;
    let mut ld_other = None;
    for raw in json_ld {
        if let Some((article, other, modified)) = json_ld_dates(&raw) {
            if let Some(d) = article {
                return Ok((
                    d,
                    Provenance::new("html.json_ld.datePublished", confidence::JSON_LD_ARTICLE),
                ));
            }
            ld_other = ld_other.or(other);
            ld_modified = ld_modified.or(modified);
        }
    }
    // 2. Meta tags.
    for k in PUBLISHED_META {
        if let Some(d) = meta.get(*k).and_then(|v| machine(v)) {
            let conf = if matches!(*k, "date" | "dc.date" | "created") {
                confidence::META_GENERIC
            } else {
                confidence::META
            };
            return Ok((d, Provenance::new(format!("html.meta[{k}]"), conf)));
        }
    }
    if let Some(d) = ld_other {
        return Ok((
            d,
            Provenance::new("html.json_ld.datePublished", confidence::JSON_LD_OTHER),
        ));
    }
    Err(ld_modified)
}

fn page_date(doc: &Html, meta: &HashMap<String, String>, url: Option<&str>) -> Option<PageDate> {
    let json_ld = doc
        .tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter(|e| {
            let v = e.value();
            v.name() == "script"
                && v.attribute(&local_name!("type"))
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
        })
        .map(|e| std::borrow::Cow::Owned(e.text().collect::<String>()));
    let ld_modified = match early_date(json_ld, meta) {
        Ok(found) if !yields_to_visible_date(&found) => return Some(found),
        Ok(found) => return Some(tree_date(doc, meta, url, None, Some(found.0)).unwrap_or(found)),
        Err(modified) => modified,
    };
    tree_date(doc, meta, url, ld_modified, None)
}

/// Generic date meta tags: they often hold the template's stamp, the last
/// edit's or a listing's, not the day the page shows under its headline.
const GENERIC_DATE_META: &[&str] = &["date", "dc.date", "dcterms.date", "created"];

/// Whether an early (meta or JSON-LD) date gives way to a date the page
/// shows its readers (a publication `<time>`, `itemprop`, or the date line
/// under the headline) when the two disagree.
fn yields_to_visible_date(found: &PageDate) -> bool {
    found
        .1
        .rule
        .strip_prefix("html.meta[")
        .and_then(|k| k.strip_suffix(']'))
        .is_some_and(|k| GENERIC_DATE_META.contains(&k))
}

/// The date read from the page's tree (steps 3 to 8). With
/// `shown_against` (an early date of a generic meta tag), only a date the
/// page shows its readers near its article instead (a publication `<time>`
/// or `itemprop`, the first `<time>`, the date line under the headline),
/// the first of them, and `None` when none is found or one of them agrees
/// with the early date.
fn tree_date<'a>(
    doc: &'a Html,
    meta: &HashMap<String, String>,
    url: Option<&str>,
    ld_modified: Option<NaiveDate>,
    shown_against: Option<NaiveDate>,
) -> Option<PageDate> {
    // 3. itemprop=datePublished and <time> elements, outside foreign containers.
    let head = headline(doc, meta);
    let own: HashSet<NodeId> = head
        .map(|h| h.ancestors().map(|a| a.id()).collect())
        .unwrap_or_default();
    let mut first_time: Option<NaiveDate> = None;
    let mut pub_time: Option<NaiveDate> = None;
    let mut itemprop: Option<NaiveDate> = None;
    let mut class_text: Option<NaiveDate> = None;
    let mut abbr: Option<NaiveDate> = None;
    let mut class_cache: rustc_hash::FxHashMap<&'a str, bool> = Default::default();
    for e in doc.tree.nodes().filter_map(ElementRef::wrap) {
        let v = e.value();
        let prop = v.attribute(&local_name!("itemprop")).unwrap_or("");
        let rdfa = v.attribute(&local_name!("property")).unwrap_or("");
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
        // Pages repeat the same class strings over many elements.
        let mut date_words = |c: &'a str| {
            *class_cache
                .entry(c)
                .or_insert_with(|| DATE_CLASS.is_match(c))
        };
        let classy = v
            .attribute(&local_name!("class"))
            .is_some_and(&mut date_words)
            || v.attribute(&local_name!("id")).is_some_and(&mut date_words);
        if !(is_time
            || prop.eq_ignore_ascii_case("datepublished")
            || prop.eq_ignore_ascii_case("datecreated")
            || classy
            || v.name() == "abbr")
        {
            continue;
        }
        if in_foreign_container(&e, &own) {
            continue;
        }
        let attr_date = v
            .attribute(&local_name!("datetime"))
            .or_else(|| v.attribute(&local_name!("content")))
            .or_else(|| v.attribute(&local_name!("title")))
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
            let published_hint = v.attribute(&LocalName::from("pubdate")).is_some()
                || v.attribute(&local_name!("class")).is_some_and(|c| {
                    let c = c.to_ascii_lowercase();
                    c.contains("publish") || c.contains("entry-date") || c.contains("post-date")
                });
            if published_hint && pub_time.is_none() {
                pub_time = d;
            }
            let updated = v
                .attribute(&local_name!("class"))
                .is_some_and(|c| c.to_ascii_lowercase().contains("updated") || c.contains("modif"));
            if first_time.is_none() && !updated {
                first_time = d;
            }
            continue;
        }
        if v.name() == "abbr" {
            if abbr.is_none()
                && v.attribute(&local_name!("class"))
                    .is_some_and(|c| c.contains("published"))
            {
                abbr = attr_date.or_else(|| text_date_of(&e));
            }
            continue;
        }
        if class_text.is_none() {
            class_text = text_date_of(&e);
        }
    }
    if let Some(early) = shown_against {
        let url_d = url.and_then(url_date);
        let shown = [
            itemprop.map(|d| (d, "html.itemprop.datePublished", confidence::ITEMPROP)),
            pub_time
                .or(abbr)
                .map(|d| (d, "html.time[pubdate]", confidence::TIME_PUBLISHED)),
            first_time
                .filter(|d| url_d.is_none_or(|u| u == *d))
                .map(|d| (d, "html.time", confidence::TIME)),
            head.and_then(|h| headline_date(doc, h))
                .map(|d| (d, "html.headline_date_line", confidence::HEADLINE_DATE_LINE)),
        ];
        if shown.iter().flatten().any(|(d, _, _)| *d == early) {
            return None;
        }
        return shown
            .into_iter()
            .flatten()
            .next()
            .map(|(d, rule, conf)| (d, Provenance::new(rule, conf)));
    }
    if let Some(d) = itemprop {
        return Some((
            d,
            Provenance::new("html.itemprop.datePublished", confidence::ITEMPROP),
        ));
    }
    if let Some(d) = pub_time.or(abbr) {
        return Some((
            d,
            Provenance::new("html.time[pubdate]", confidence::TIME_PUBLISHED),
        ));
    }
    let url_d = url.and_then(url_date);
    if let Some(d) = first_time {
        // A URL date that disagrees is the stronger signal of the two.
        if url_d.is_none_or(|u| u == d) {
            return Some((d, Provenance::new("html.time", confidence::TIME)));
        }
    }
    // 4. The URL path.
    if let Some(d) = url_d {
        return Some((d, Provenance::new("url.path_date", confidence::URL_PATH)));
    }
    // 5. A date the page labels as its publication's ("Published on",
    //    "Erschienen am", "Mise en ligne"), then the date line under (or
    //    just above) the headline.
    if let Some(d) = labelled_date(doc) {
        return Some((
            d,
            Provenance::new("html.labelled_date", confidence::HEADLINE_DATE_LINE),
        ));
    }
    if let Some(d) = head.and_then(|h| headline_date(doc, h)) {
        return Some((
            d,
            Provenance::new("html.headline_date_line", confidence::HEADLINE_DATE_LINE),
        ));
    }
    // 6. Elements that speak of a date.
    if let Some(d) = class_text {
        return Some((
            d,
            Provenance::new("html.date_element", confidence::DATE_ELEMENT),
        ));
    }
    // 7. Modification dates, when nothing says when the page first appeared.
    if let Some(d) = ld_modified {
        return Some((
            d,
            Provenance::new("html.json_ld.dateModified", confidence::MODIFIED),
        ));
    }
    for k in MODIFIED_META {
        if let Some(d) = meta.get(*k).and_then(|v| machine(v)) {
            return Some((
                d,
                Provenance::new(format!("html.meta[{k}]"), confidence::MODIFIED),
            ));
        }
    }
    // 8. A date written in the page's text, outside copyright lines and
    //    foreign containers: the first one, near the top.
    body_text_date(doc, &own).map(|d| (d, Provenance::new("html.text_date", confidence::TEXT_DATE)))
}

fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The page's headline: the first `<h1>`/`<h2>` whose text is part of the
/// page's title (`og:title` or `<title>`), else the first non-empty `<h1>`.
fn headline<'a>(doc: &'a Html, meta: &HashMap<String, String>) -> Option<ElementRef<'a>> {
    let mut page_title = meta.get("og:title").map(|t| squash(t)).unwrap_or_default();
    let mut first_h1 = None;
    let mut found = None;
    for e in doc.tree.nodes().filter_map(ElementRef::wrap) {
        let name = e.value().name();
        if name == "title" && page_title.is_empty() {
            page_title = squash(&e.text().collect::<String>());
        }
        if (name != "h1" && name != "h2") || is_site_name(&e) {
            continue;
        }
        let text = squash(&e.text().collect::<String>());
        if text.is_empty() {
            continue;
        }
        if name == "h1" && first_h1.is_none() {
            first_h1 = Some(e);
        }
        if text.chars().count() >= 10 && page_title.contains(&text) {
            found = Some(e);
            break;
        }
    }
    found.or(first_h1)
}

/// A heading that holds the site's name or logo (a link home), not an
/// article's headline.
fn is_site_name(e: &ElementRef) -> bool {
    static SITE_NAME: ClassWords = ClassWords::anywhere(&[
        "site-title",
        "sitetitle",
        "site-name",
        "sitename",
        "logo",
        "brand",
    ]);
    let v = e.value();
    SITE_NAME.in_class_or_id(v)
        || e.descendants().filter_map(ElementRef::wrap).any(|a| {
            a.value().name() == "a"
                && (a.value().attribute(&local_name!("rel")) == Some("home")
                    || a.value().attribute(&local_name!("href")) == Some("/"))
        })
}

/// Whether a text sits in the site's navigation (menus under a site-name
/// heading are no date line).
fn in_navigation(e: &ElementRef) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?i)(\bnav|menu)").unwrap());
    e.ancestors().take(5).filter_map(ElementRef::wrap).any(|a| {
        let v = a.value();
        v.name() == "nav"
            || v.attribute(&local_name!("class"))
                .is_some_and(|c| re.is_match(c))
            || v.attribute(&local_name!("id"))
                .is_some_and(|c| re.is_match(c))
    })
}

/// The trimmed text of a text node a reader sees, with its parent element:
/// `None` for other nodes, for blank text and for text inside `script`,
/// `style`, `noscript`, `title`, `option` or `textarea`.
fn visible_text(node: ego_tree::NodeRef<'_, Node>) -> Option<(&str, ElementRef<'_>)> {
    let Node::Text(t) = node.value() else {
        return None;
    };
    let parent = node.parent().and_then(ElementRef::wrap)?;
    if matches!(
        parent.value().name(),
        "script" | "style" | "noscript" | "title" | "option" | "textarea"
    ) {
        return None;
    }
    let s = t.trim();
    (!s.is_empty()).then_some((s, parent))
}

/// A date written in the lines right under the headline (the byline and
/// date line of news and blog posts: "By X, 8 January 2020", "Erstellt am:
/// 30.01.2022"), or just above it (a kicker line). Comment containers and
/// copyright lines are skipped. Of a long text, only its opening is read (a
/// dateline: "Karlsruhe, (12.11.2021). ...").
fn headline_date(doc: &Html, head: ElementRef) -> Option<NaiveDate> {
    const AFTER: usize = 300;
    const BEFORE: usize = 80;
    let hid = head.id();
    let mut before: Vec<&str> = Vec::new();
    let mut seen_head = false;
    let mut after_chars = 0usize;
    for node in doc.tree.nodes() {
        if node.id() == hid {
            seen_head = true;
            // The text just above, nearest first.
            let mut n = 0usize;
            for s in before.iter().rev() {
                n += s.len();
                if n > BEFORE {
                    break;
                }
                if let Some(d) = line_date(s) {
                    return Some(d);
                }
            }
            continue;
        }
        let Some((s, parent)) = visible_text(node) else {
            continue;
        };
        if !seen_head {
            before.push(s);
            continue;
        }
        if node.ancestors().any(|a| a.id() == hid) {
            continue;
        }
        if in_comment(&parent) || in_navigation(&parent) {
            return None;
        }
        // The label of a date may sit in a sibling ("<strong>Joined:</strong>
        // 18.09.2008").
        let label: String = parent.text().take(6).collect();
        if not_published().is_match(&label) {
            continue;
        }
        if let Some(d) = line_date(s) {
            return Some(d);
        }
        after_chars += s.len();
        if after_chars > AFTER {
            return None;
        }
    }
    None
}

/// The date of one short line of text, or of the opening of a long one;
/// never of a copyright line.
fn line_date(s: &str) -> Option<NaiveDate> {
    if s.len() > LONG_TEXT_BYTES {
        // A dateline opens the text, alone or after a place name:
        // "27.1.2022 - ...", "Karlsruhe, (12.11.2021). ...", never "Seit 4.
        // August 2014 ist ...".
        let mut end = DATELINE_BYTES;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let (at, d) = find_text_date_at(&s[..end], true)?;
        let lead = s[..at].trim_end();
        return (lead.is_empty() || lead.ends_with([',', '(', ':', '-', '–', '|', '/']))
            .then_some(d);
    }
    if copyright_line().is_match(s) || not_published().is_match(s) {
        return None;
    }
    find_text_date(s, true).or_else(|| piped_date(s))
}

/// A short line that is a date with bars between its parts, day first
/// (`26 | 01 | 2022`), as some sites set the date line of an article.
fn piped_date(s: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let s = s.trim();
    if s.len() > SHORT_YEAR_TEXT_BYTES || !s.contains('|') {
        return None;
    }
    let re = RE.get_or_init(|| {
        Regex::new(r"^(\d{1,2})\s*\|\s*(\d{1,2})\s*\|\s*((?:19|20)\d{2})$").unwrap()
    });
    let c = re.captures(s)?;
    let d = NaiveDate::from_ymd_opt(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)?;
    plausible(d).then_some(d)
}

/// A forum profile's or a person's dates, not the page's.
fn not_published() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(registriert|registered|joined|member since|mitglied seit|geboren|born)")
            .unwrap()
    })
}

fn in_comment(e: &ElementRef) -> bool {
    static COMMENT: ClassWords = ClassWords::anywhere(&["comment", "reply", "respon"]);
    e.ancestors()
        .take(6)
        .filter_map(ElementRef::wrap)
        .any(|a| !matches!(a.value().name(), "body" | "html") && COMMENT.in_class_or_id(a.value()))
}

fn text_date_of(e: &ElementRef) -> Option<NaiveDate> {
    let mut s = String::new();
    for t in e.text() {
        s.push_str(t);
        s.push(' ');
        if s.len() > DATE_ELEMENT_BYTES {
            break;
        }
    }
    if copyright_line().is_match(&s) {
        return None;
    }
    find_text_date(&s, true).or_else(|| short_year_date(&s))
}

/// Text of a date element at most this long may write its year in two
/// digits.
const SHORT_YEAR_TEXT_BYTES: usize = 40;

/// A day-first dotted date with a two-digit year (`30.10.23`, `Party,
/// 2.11.22`), read only in the short text of an element that speaks of a
/// date: elsewhere the form is as often a version or a score. The year is
/// taken in this century.
fn short_year_date(s: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let s = s.trim();
    if s.len() > SHORT_YEAR_TEXT_BYTES {
        return None;
    }
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?:$|[^\d.])").unwrap()
    });
    let c = re.captures(s)?;
    let d = NaiveDate::from_ymd_opt(
        2000 + c[3].parse::<i32>().ok()?,
        c[2].parse().ok()?,
        c[1].parse().ok()?,
    )?;
    plausible(d).then_some(d)
}

/// A label that says the date after it is the page's publication date
/// ("Published on", "Veröffentlicht am", "Mise en ligne", "Publicado el"),
/// at the start of a text, with the rest of the text after it.
fn publication_label(s: &str) -> Option<&str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:published|first published|date published|publication date|posted|veröffentlicht|erschienen|publié|publiée|mise en ligne|publicado|publicada|pubblicato|gepubliceerd|opublikowano|publikováno|publicerad|publiceret|udgivet|publisert|yayınlanma tarihi|yayınlandı)(?:\s+(?:on|am|le|el|il|op|den|at))?\s*:?\s*",
        )
        .unwrap()
    });
    re.find(s).map(|m| &s[m.end()..])
}

/// The first date the page's text labels as its publication date: a text
/// that opens with a publication label and goes on with a date, or a date
/// that opens the text right after a label standing alone (`<dt>Mise en
/// ligne</dt><dd>23 mai 2019</dd>`). Comments and navigation are skipped;
/// a box named like a list of other pages ("c-teaser__meta",
/// "podcast-description__sidebar") is not, as the label says whose date it is.
fn labelled_date(doc: &Html) -> Option<NaiveDate> {
    const LABEL_BYTES: usize = 40;
    let mut label_before = false;
    for (s, parent) in body_texts(doc) {
        let after_label = label_before;
        let rest = publication_label(s);
        label_before = s.len() <= LABEL_BYTES && rest.is_some_and(|r| r.is_empty());
        let Some(rest) = rest.filter(|r| !r.is_empty()).or(after_label.then_some(s)) else {
            continue;
        };
        let Some((0, d)) = find_text_date_at(rest.trim_start(), true) else {
            continue;
        };
        if !in_comment(&parent) && !in_navigation(&parent) {
            return Some(d);
        }
    }
    None
}

/// The visible texts of the page in document order with their parent
/// element, up to [`BODY_TEXT_BYTES`] of text.
fn body_texts(doc: &Html) -> impl Iterator<Item = (&str, ElementRef<'_>)> {
    let mut seen_chars = 0usize;
    doc.tree
        .nodes()
        .filter_map(visible_text)
        .take_while(move |(s, _)| {
            seen_chars += s.len();
            seen_chars <= BODY_TEXT_BYTES
        })
}

fn body_text_date(doc: &Html, own: &HashSet<NodeId>) -> Option<NaiveDate> {
    for (s, parent) in body_texts(doc) {
        if let Some(d) = line_date(s) {
            if !in_foreign_container(&parent, own)
                && !in_navigation(&parent)
                && !not_published().is_match(&parent.text().take(6).collect::<String>())
            {
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
    } else if let Some(c) = compact.captures(path) {
        (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
    } else {
        return url_segment_date(path);
    };
    let d = NaiveDate::from_ymd_opt(y, m, d)?;
    plausible(d).then_some(d)
}

/// A path segment that is a whole date written day or month first
/// (`/meldungen/29-10-2021`), read only when one of the two numbers cannot
/// be a month (`03-04-2021` could be either and is left alone).
fn url_segment_date(path: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"/(\d{1,2})[-_.](\d{1,2})[-_.]((?:19|20)\d{2})(?:[/?#]|\.html?|$)").unwrap()
    });
    let c = re.captures(path)?;
    let (a, b, y): (u32, u32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    let d = match (a > 12, b > 12) {
        (true, false) => NaiveDate::from_ymd_opt(y, b, a)?,
        (false, true) => NaiveDate::from_ymd_opt(y, a, b)?,
        _ => return None,
    };
    plausible(d).then_some(d)
}

/// The first full date (day, month and year) written in `s`: ISO, numeric
/// European (`27.01.2020`, `27/01/2020`), CJK and Korean (`2020年7月3日`,
/// `2020년 7월 3일`, `2020. 7. 3.`), Persian solar Hijri dates (converted to
/// Gregorian), and month names in the languages
/// [`crate::dates::month_number_any`] reads, in Eastern Arabic, Persian and
/// full-width digits as well. `loose` allows the numeric forms that need
/// context (day-first slashes).
pub fn find_text_date(s: &str, loose: bool) -> Option<NaiveDate> {
    find_text_date_at(s, loose).map(|(_, d)| d)
}

/// [`find_text_date`] with the byte offset where the date starts.
fn find_text_date_at(s: &str, loose: bool) -> Option<(usize, NaiveDate)> {
    match with_ascii_digits(s) {
        Some((ascii, offsets)) => find_text_date_in(&ascii, loose).map(|(at, d)| (offsets[at], d)),
        None => find_text_date_in(s, loose),
    }
}

/// Dates written with year, month and day markers (CJK `年月日`, Korean
/// `년월일`) or in the Korean dotted form (`2020. 7. 3.`); `None` when `s`
/// holds neither. The earliest is returned with its offset.
fn marked_date(s: &str) -> Option<(usize, NaiveDate)> {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    let [marked, dotted] = RE.get_or_init(|| {
        [
            Regex::new(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
                .unwrap(),
            Regex::new(r"((?:19|20)\d{2})\.\s+(\d{1,2})\.\s+(\d{1,2})\.").unwrap(),
        ]
    });
    let has_markers = s.contains('年') || s.contains('년');
    let has_dotted = s.contains(". ");
    if !has_markers && !has_dotted {
        return None;
    }
    [(marked, has_markers), (dotted, has_dotted)]
        .into_iter()
        .filter(|(_, present)| *present)
        .filter_map(|(re, _)| {
            re.captures_iter(s).find_map(|c| {
                let at = c.get(0)?.start();
                // Not the tail of a longer number.
                if s[..at].ends_with(|c: char| c.is_ascii_digit()) {
                    return None;
                }
                let d = NaiveDate::from_ymd_opt(
                    c[1].parse().ok()?,
                    c[2].parse().ok()?,
                    c[3].parse().ok()?,
                )?;
                Some((at, d))
            })
        })
        .min_by_key(|(at, _)| *at)
}

/// Dates written with a month name in a non-Latin script or with letters
/// beyond Latin-1 (Greek, Hebrew, Arabic, Persian, Polish, Czech, Romanian,
/// Turkish), day first: `3 Ιουλίου 2020`, `3 ביולי 2020`, `3 يوليو 2020`,
/// `3 تموز/يوليو 2020`, `3. července 2020`, and the Levantine two-word months
/// (`3 تشرين الأول 2020`); and Persian solar Hijri dates (`13 تیر 1399`),
/// converted to Gregorian. Only non-ASCII text can hold them.
fn world_date(s: &str) -> Option<(usize, NaiveDate)> {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    if s.is_ascii() {
        return None;
    }
    let [named, levantine, solar] = RE.get_or_init(|| {
        [
            Regex::new(r"(\d{1,2})\.?\s+(\p{L}{2,12})\.?(?:\s*[/(]\s*\p{L}{2,12}\s*\)?)?،?,?\s+((?:19|20)\d{2})").unwrap(),
            Regex::new(r"(\d{1,2})\s+(كانون|تشرين)\s+(ال[أا]ول|الثاني)\s+((?:19|20)\d{2})").unwrap(),
            Regex::new(r"(\d{1,2})\s+(\p{Arabic}{2,9})(?:\s+ماه)?\s+(1[34]\d{2})").unwrap(),
        ]
    });
    let not_in_number = |at: usize| !s[..at].ends_with(|c: char| c.is_ascii_digit());
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    if let Some(hit) = named.captures_iter(s).find_map(|c| {
        let at = c.get(0)?.start();
        let month = month_number_any(&c[2]).filter(|_| not_in_number(at))?;
        let d = NaiveDate::from_ymd_opt(c[3].parse().ok()?, month, c[1].parse().ok()?)?;
        Some((at, d))
    }) {
        found.push(hit);
    }
    if let Some(hit) = levantine.captures_iter(s).find_map(|c| {
        let at = c.get(0)?.start();
        let month = match (&c[2], c[3].ends_with("الثاني")) {
            ("كانون", true) => 1,
            ("كانون", false) => 12,
            (_, false) => 10,
            (_, true) => 11,
        };
        let d = NaiveDate::from_ymd_opt(c[4].parse().ok()?, month, c[1].parse().ok()?)?;
        not_in_number(at).then_some((at, d))
    }) {
        found.push(hit);
    }
    if let Some(hit) = solar.captures_iter(s).find_map(|c| {
        let at = c.get(0)?.start();
        let month = solar_hijri_month(&c[2]).filter(|_| not_in_number(at))?;
        let d = solar_hijri_to_gregorian(c[3].parse().ok()?, month, c[1].parse().ok()?)?;
        Some((at, d))
    }) {
        found.push(hit);
    }
    found.into_iter().min_by_key(|(at, _)| *at)
}

/// Whether the text before a date ends with the first day of a range of
/// days (`23.-`, `1 –`): the date is then the last day of an event
/// (`am 23.-26.8.2017`), not the day the page was written.
fn range_end(before: &str) -> bool {
    let Some(t) = before.trim_end().strip_suffix(['-', '–']) else {
        return false;
    };
    let t = t.trim_end();
    let t = t.strip_suffix('.').unwrap_or(t);
    let rest = t.trim_end_matches(|c: char| c.is_ascii_digit());
    (1..=2).contains(&(t.len() - rest.len())) && !rest.ends_with(['.', ':'])
}

/// [`find_text_date_at`] on text whose digits are ASCII.
fn find_text_date_in(s: &str, loose: bool) -> Option<(usize, NaiveDate)> {
    // Every form holds a day and a year in ASCII digits (other digits have
    // been written as ASCII ones, or cannot be read as numbers): text
    // without one holds no date, and most text nodes are passed at once.
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    static RE: OnceLock<[WordRegex; 5]> = OnceLock::new();
    let [iso, dotted, slashed, dmy, mdy] = RE.get_or_init(|| {
        const MONTH: &str = r"([A-Za-zÀ-ÿ\p{Cyrillic}]{3,10})\.?";
        [
            WordRegex::new(r"\b((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b"),
            WordRegex::new(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b"),
            WordRegex::new(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b"),
            WordRegex::new(&format!(
                r"\b(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?(?:\s+(?:of|de))?\s+{MONTH},?(?:\s+de)?\s+((?:19|20)\d{{2}})\b"
            )),
            WordRegex::new(&format!(
                r"\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})\b"
            )),
        ]
    });
    let mut best: Option<(usize, NaiveDate)> = None;
    let mut consider = |pos: usize, d: Option<NaiveDate>| {
        if range_end(&s[..pos]) {
            return;
        }
        if let Some(d) = d.filter(|d| plausible(*d)) {
            if best.is_none_or(|(p, _)| pos < p) {
                best = Some((pos, d));
            }
        }
    };
    let num = |m: Option<regex::Match>| m.and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(c) = iso.for_text(s).and_then(|re| re.captures(s)) {
        let y = num(c.get(1)).map(|y| y as i32);
        let d = y.and_then(|y| NaiveDate::from_ymd_opt(y, num(c.get(2))?, num(c.get(3))?));
        consider(c.get(0).unwrap().start(), d);
    }
    if let Some(c) = dotted.for_text(s).and_then(|re| re.captures(s)) {
        let d = NaiveDate::from_ymd_opt(
            num(c.get(3)).unwrap_or(0) as i32,
            num(c.get(2)).unwrap_or(0),
            num(c.get(1)).unwrap_or(0),
        );
        consider(c.get(0).unwrap().start(), d);
    }
    if loose {
        if let Some(c) = slashed.for_text(s).and_then(|re| re.captures(s)) {
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
    // Day, month name, year and month name, day, year (groups of the day
    // and the month): the first match of each whose month word is a month.
    for (pattern, day, month) in [(dmy, 1, 2), (mdy, 2, 1)] {
        for c in pattern
            .for_text(s)
            .into_iter()
            .flat_map(|re| re.captures_iter(s))
        {
            if let Some(m) = month_number_any(&c[month]) {
                let d = NaiveDate::from_ymd_opt(
                    num(c.get(3)).unwrap_or(0) as i32,
                    m,
                    num(c.get(day)).unwrap_or(0),
                );
                consider(c.get(0).unwrap().start(), d);
                break;
            }
        }
    }
    for (at, d) in [marked_date(s), world_date(s)].into_iter().flatten() {
        consider(at, Some(d));
    }
    best
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
                if let (Some(k), Some(c)) = (
                    v.attribute(&local_name!("property"))
                        .or(v.attribute(&local_name!("name"))),
                    v.attribute(&local_name!("content")),
                ) {
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
    fn regression_two_digit_year_in_a_date_element_left_the_page_undated() {
        let html = r#"<html><body><div class="text cat-party">
<div class="date"> Party, 30.10.23 </div>
<h1><a href="/magazin/party/halloween">Die besten Halloween-Kostüme</a></h1>
<p>Version 1.2.10 ist da, Ergebnis 3.1.24 im Test.</p></div></body></html>"#;
        assert_eq!(
            date_of(html, None),
            Some((ymd(2023, 10, 30), "html.date_element".into()))
        );
        // The same form in running text, or in a long element, is no date.
        let html = r#"<html><body><p>Version 1.2.10 ist da, Ergebnis 3.1.24 im Test.</p>
<div class="date">Termine im Überblick, die Liste wird laufend ergänzt: 3.1.24</div></body></html>"#;
        assert_eq!(date_of(html, None), None);
    }

    #[test]
    fn regression_generic_date_meta_overrode_the_date_line_under_the_headline() {
        let html = r#"<html><head><meta name="date" content="2020-02-12"></head><body>
<div class="news-single-item"><h1>Faire Lieferketten</h1>
<div class="news-single-timedata">05.02.2020 <span>- Redaktion: Eberhard Fuhr</span></div>
<p>Das Lieferkettengesetz ist überfällig.</p></div></body></html>"#;
        assert_eq!(
            date_of(html, None),
            Some((ymd(2020, 2, 5), "html.headline_date_line".into()))
        );
    }

    #[test]
    fn regression_generic_date_meta_overrode_the_article_time() {
        let html = r#"<html><head><meta name="dcterms.date" content="2022-01-21T10:00:00+01:00"></head>
<body><h1>Atomkraft ist keine Lösung</h1><div class="article-meta"><i class="icon-calendar"></i>
<time class="date-display-single" datetime="2022-01-25T08:00:00+01:00">25.01.2022</time></div>
<p>Text.</p></body></html>"#;
        assert_eq!(
            date_of(html, None),
            Some((ymd(2022, 1, 25), "html.time".into()))
        );
    }

    #[test]
    fn generic_date_meta_stays_when_a_shown_date_agrees_with_it() {
        // A hidden stamp of an earlier draft disagrees, the date line agrees.
        let html = r#"<html><head><meta property="date" content="2021-10-28T13:21:30+01:00"></head>
<body><span class="rs_skip"><time itemprop="datePublished" datetime="2021-10-27T20:35:36+01:00">2021-10-27</time>
<span itemprop="headline">UN-Klimakonferenz in Glasgow: Immer mehr Menschen wegen des Klimawandels auf Hilfe angewiesen</span></span>
<h1>Immer mehr Menschen auf Hilfe angewiesen</h1><p class="c-article__meta">Berlin, 28.10.2021, 058/21</p>
<p>Vor Beginn der Konferenz ...</p></body></html>"#;
        assert_eq!(
            date_of(html, None),
            Some((ymd(2021, 10, 28), "html.meta[date]".into()))
        );
        // A publication meta tag is not generic: it stands.
        let html = r#"<html><head><meta property="article:published_time" content="2020-02-12"></head><body>
<h1>Faire Lieferketten</h1><div class="news-single-timedata">05.02.2020</div></body></html>"#;
        assert_eq!(date_of(html, None).unwrap().0, ymd(2020, 2, 12));
    }

    #[test]
    fn regression_date_line_with_bars_between_day_month_year_was_missed() {
        let html = r#"<html><body><header><h1>Bielersee-Winterhechte</h1></header>
<section><div class="subline"><table><tr><td>26 | 01 | 2022 </td>
<td class="categories">Schweiz | Praxis | Video</td></tr></table></div>
<p>Im Winter stehen die Hechte tief.</p></section></body></html>"#;
        assert_eq!(
            date_of(html, None),
            Some((ymd(2022, 1, 26), "html.headline_date_line".into()))
        );
        // Bars inside a longer line are a list, not a date.
        assert_eq!(piped_date("Saison 3 | 12 | 2022 Tickets und Termine"), None);
    }

    #[test]
    fn regression_last_day_of_an_event_range_was_read_as_the_date_line() {
        let html = r#"<html><body><h1 class="title">FairCoin hackathon beim Sommercamp</h1>
<div class="content"><p>Im August gibt es ein <a href="https://fair.coop/">Sommercamp</a> mit
Themen. Einige Mitglieder fahren voraussichtlich am 23.-26.8.2017 hin.</p></div>
<div class="submitted">Gespeichert von <span class="username">rasos</span> am 24. Juli 2017 - 18:55</div>
</body></html>"#;
        assert_eq!(
            date_of(html, None),
            Some((ymd(2017, 7, 24), "html.headline_date_line".into()))
        );
        assert_eq!(find_text_date("vom 3. – 5. März 2021 in Wien", true), None);
        // A date after a time or after a full date is no range's end.
        assert_loose_date("18:55 - 24.7.2017", 2017, 7, 24);
        assert_loose_date("Stand: 2019 - 24.7.2017", 2017, 7, 24);
    }

    #[test]
    fn regression_labelled_publication_date_lost_to_the_date_bar_above_the_headline() {
        let html = r#"<html><body><div class="top-bar"><ul><li><a href="javascript:void(0);">May 11, 2022</a></li></ul></div>
<h1>Cocaine seized at the port</h1>
<div><span><a href="/vi-crime">Crime</a></span> <span>Published On May 10, 2022 01:52 PM</span></div>
<p>Officers found the drugs.</p></body></html>"#;
        assert_eq!(
            date_of(html, None),
            Some((ymd(2022, 5, 10), "html.labelled_date".into()))
        );
    }

    #[test]
    fn regression_labelled_date_in_a_box_named_like_a_teaser_was_skipped() {
        // The label stands alone and the date follows it, in a box whose
        // class speaks of a sidebar or teaser; the only other date is a
        // modification stamp one day later.
        let html = r#"<html><head><meta property="og:updated_time" content="2022-01-27T10:00:00+01:00"></head><body>
<h1>Zukunftsforum Ländliche Entwicklung</h1>
<p class="c-teaser__meta"><span class="aural">Erschienen am</span> 26. Jan 2022 im Format Aktuelles</p>
<p>Das Forum tagt digital.</p></body></html>"#;
        assert_eq!(
            date_of(html, None),
            Some((ymd(2022, 1, 26), "html.labelled_date".into()))
        );
        let html = r#"<html><body><h1>La voix des nuls</h1><p>Un long texte sur les bulletins nuls, conservés au Conseil constitutionnel, qui recèlent des trésors d'humour, de poésie, et même de revendications politiques, avec le sociologue Jérémie Moualek, spécialiste du sujet, et bien d'autres voix encore qui parlent du vote.</p>
<div class="podcast-description__sidebar"><ul><li><p>Mise en ligne</p><p class="content">23 mai 2019</p></li>
<li><p>Enregistrements</p><p class="content">15 avril 2019</p></li></ul></div></body></html>"#;
        assert_eq!(
            date_of(html, None),
            Some((ymd(2019, 5, 23), "html.labelled_date".into()))
        );
        // A label in running text dates nothing.
        assert_eq!(
            publication_label("Die Studie wurde 2019 veröffentlicht"),
            None
        );
    }

    /// Asserts the loose reading of `text` finds the day `y-m-d`.
    fn assert_loose_date(text: &str, y: i32, m: u32, d: u32) {
        assert_eq!(find_text_date(text, true), Some(ymd(y, m, d)), "{text}");
    }

    #[test]
    fn german_and_numeric_dates_in_a_date_element() {
        let html = r#"<html><body><div class="entry-meta">Veröffentlicht am 27. Januar 2020</div></body></html>"#;
        assert_eq!(date_of(html, None).unwrap().0, ymd(2020, 1, 27));
        assert_loose_date("am 05.03.2014 um 10 Uhr", 2014, 3, 5);
        assert_loose_date("le 3 mars 2019", 2019, 3, 3);
    }

    #[test]
    fn url_dates() {
        for (url, day) in [
            ("https://x.com/2018/01/17/story", Some(ymd(2018, 1, 17))),
            ("https://x.com/story-20180117.html", Some(ymd(2018, 1, 17))),
            ("https://x.com/2018/story", None),
            ("https://x.de/meldungen/29-10-2021", Some(ymd(2021, 10, 29))),
            ("https://x.de/meldungen/03-04-2021", None),
        ] {
            assert_eq!(url_date(url), day, "{url}");
        }
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
    fn the_date_line_under_the_headline_counts_even_in_a_teaser_styled_box() {
        let html = r#"<html><head><title>Big news today | Site</title></head><body>
<article class="article sticky-sidebar-parent"><header><h1>Big news today</h1>
<div class="teaser-small__metadata"><p>By A. Writer on 21 April 2020</p></div></header>
<p>Text.</p></article>
<div class="related"><p>Other story, 3 May 2011</p></div></body></html>"#;
        let (d, rule) = date_of(html, None).unwrap();
        assert_eq!(d, ymd(2020, 4, 21));
        assert_eq!(rule, "html.headline_date_line");
    }

    #[test]
    fn a_site_name_heading_and_its_menu_give_no_date() {
        let html = r#"<html><head><title>Blog | My Site</title></head><body>
<h1 id="site-title"><a href="/" rel="home">My Site</a></h1>
<ul class="menu"><li><a href="/x">Protest – 12. Mai 2012</a></li></ul>
<div><p>Nothing dated.</p></div></body></html>"#;
        assert_eq!(date_of(html, None), None);
    }

    #[test]
    fn a_profiles_join_date_under_the_headline_is_not_the_date() {
        let html = r#"<html><head><title>Question about X - Forum</title></head><body>
<h2>Question about X</h2><dl><dd><strong>Registriert:</strong> 18.09.2008, 05:56</dd></dl>
<p>Long text.</p></body></html>"#;
        assert_eq!(date_of(html, None), None);
    }

    #[test]
    fn a_dateline_opens_a_long_paragraph_but_a_date_inside_a_sentence_does_not() {
        let long = "x ".repeat(200);
        let html = format!(
            "<html><body><div><p>Karlsruhe, (12.11.2021). Evangelische {long}</p></div></body></html>"
        );
        assert_eq!(date_of(&html, None).unwrap().0, ymd(2021, 11, 12));
        let html = format!(
            "<html><body><div><p>Seit 4. August 2014 ist ein Gesetz {long}</p></div></body></html>"
        );
        assert_eq!(date_of(&html, None), None);
    }

    #[test]
    fn russian_and_ukrainian_month_names() {
        assert_loose_date("15 августа 2016, 13:43", 2016, 8, 15);
        assert_loose_date("3 березня 2022", 2022, 3, 3);
    }

    #[test]
    fn a_utc_stamp_gives_way_to_the_same_moment_in_local_time() {
        let html = r#"<html><head><meta property="article:published_time" content="2023-11-09T02:11:03+00:00"></head><body><h1>A headline here</h1><time itemprop="datePublished" datetime="2023-11-08T21:11:03-05:00">November 8, 2023</time></body></html>"#;
        let (d, rule) = date_of(html, None).unwrap();
        assert_eq!(d, ymd(2023, 11, 8));
        assert!(rule.starts_with("html.local_day+"));
        // Without a local stamp, the UTC day stands.
        let html = r#"<html><head><meta property="article:published_time" content="2023-11-09T02:11:03+00:00"></head><body></body></html>"#;
        assert_eq!(date_of(html, None).unwrap().0, ymd(2023, 11, 9));
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

    /// A news page in `lang` whose only date is `line`, written under the
    /// headline in a date element, as the publisher prints it.
    fn page_dated(lang: &str, headline: &str, line: &str) -> String {
        format!(
            r#"<html lang="{lang}"><head><title>{headline} | News</title></head><body>
<header><a href="/" rel="home">News</a></header>
<article><h1>{headline}</h1><div class="article-meta"><span class="date">{line}</span></div>
<p>{headline}. {headline}. {headline}.</p></article></body></html>"#
        )
    }

    #[test]
    fn publication_dates_in_every_language_a_news_desk_reads() {
        let july_3 = ymd(2020, 7, 3);
        let golden = [
            ("ja", "台風が九州に接近", "2020年7月3日 18時05分", july_3),
            (
                "ja",
                "東京の感染者が増加",
                "２０２０年７月３日　更新",
                july_3,
            ),
            (
                "zh",
                "国务院召开常务会议",
                "发布时间：2020年07月03日 10:21 来源：新华社",
                july_3,
            ),
            ("zh", "香港新闻发布会", "2020.07.03 10:21", july_3),
            (
                "ko",
                "정부 부동산 대책 발표",
                "입력 2020년 7월 3일 오후 3:12",
                july_3,
            ),
            ("ko", "서울 장마 시작", "기사입력 2020. 7. 3. 15:12", july_3),
            (
                "ar",
                "اجتماع وزراء الخارجية العرب",
                "الجمعة 3 يوليو 2020 - 10:21",
                july_3,
            ),
            (
                "ar",
                "الحكومة تعلن خطة جديدة",
                "نشر في ٣ يوليو ٢٠٢٠",
                july_3,
            ),
            (
                "ar",
                "مجلس النواب يقر الموازنة",
                "بيروت - ٣ تموز ٢٠٢٠",
                july_3,
            ),
            (
                "ar",
                "انتخابات بلدية في دمشق",
                "السبت 3 تشرين الأول 2020",
                ymd(2020, 10, 3),
            ),
            ("ar", "أخبار الجزائر اليوم", "03 جويلية 2020", july_3),
            ("fa", "نشست خبری سخنگوی دولت", "۱۳ تیر ۱۳۹۹ - ۱۰:۲۱", july_3),
            (
                "fa",
                "گزارش بانک مرکزی",
                "تاریخ انتشار: ۱ فروردین ۱۴۰۰",
                ymd(2021, 3, 21),
            ),
            ("fa", "سفر وزیر خارجه", "۳ ژوئیه ۲۰۲۰", july_3),
            (
                "he",
                "הממשלה אישרה את התקציב",
                "פורסם: 3 ביולי 2020, 10:21",
                july_3,
            ),
            (
                "el",
                "Συνεδρίαση του υπουργικού",
                "Παρασκευή, 3 Ιουλίου 2020",
                july_3,
            ),
            (
                "tr",
                "Meclis yeni yasayı kabul etti",
                "03 Temmuz 2020 Cuma 10:21",
                july_3,
            ),
            (
                "tr",
                "İstanbul'da yoğun yağış",
                "3 Ağustos 2020",
                ymd(2020, 8, 3),
            ),
            ("pl", "Sejm przyjął ustawę", "3 lipca 2020, 10:21", july_3),
            (
                "pl",
                "Wybory samorządowe",
                "opublikowano: 3 października 2020",
                ymd(2020, 10, 3),
            ),
            (
                "cs",
                "Vláda schválila rozpočet",
                "Publikováno: 3. července 2020",
                july_3,
            ),
            (
                "ro",
                "Guvernul a adoptat bugetul",
                "Vineri, 3 iulie 2020, 10:21",
                july_3,
            ),
            (
                "da",
                "Folketinget vedtog loven",
                "3. marts 2020 kl. 10.21",
                ymd(2020, 3, 3),
            ),
            (
                "no",
                "Stortinget vedtok budsjettet",
                "Publisert 3. desember 2020",
                ymd(2020, 12, 3),
            ),
            (
                "sv",
                "Riksdagen röstade om budgeten",
                "Publicerad 3 augusti 2020",
                ymd(2020, 8, 3),
            ),
        ];
        for (lang, headline, line, want) in golden {
            let html = page_dated(lang, headline, line);
            assert_eq!(
                date_of(&html, None).map(|(d, _)| d),
                Some(want),
                "{lang}: {line}"
            );
        }
    }

    #[test]
    fn a_stamp_with_an_offset_keeps_the_publishers_local_day() {
        // 23:30 in New York is 04:30 the next day in UTC; 01:00 in Tokyo is
        // the previous day in UTC: the day is the publisher's either way.
        for (stamp, want) in [
            ("2020-07-03T23:30:00-05:00", ymd(2020, 7, 3)),
            ("2020-07-03T01:00:00+09:00", ymd(2020, 7, 3)),
        ] {
            let html = format!(
                r#"<html><head><meta property="article:published_time" content="{stamp}"></head><body></body></html>"#
            );
            assert_eq!(date_of(&html, None).unwrap().0, want, "{stamp}");
        }
    }

    #[test]
    fn world_dates_need_a_month_name_and_a_whole_number() {
        // Not a month, a number's tail, an impossible day.
        assert_eq!(find_text_date("3 عضو 2020", true), None);
        assert_eq!(find_text_date("12020年7月3日", true), None);
        assert_eq!(find_text_date("31 شباط 2020", true), None);
        // The offset of a date in other digits is the original text's.
        let s = "نشر في ٣ يوليو ٢٠٢٠";
        let (at, d) = find_text_date_at(s, true).unwrap();
        assert_eq!((&s[at..], d), ("٣ يوليو ٢٠٢٠", ymd(2020, 7, 3)));
    }
}
