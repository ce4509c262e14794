//! Feed reader: RSS, Atom and JSON Feed files (read by `feed-rs`) and news
//! sitemaps (`<news:news>` entries, read with `quick-xml`). An item that
//! carries its story (`content:encoded`, `content` or `description`) becomes
//! a document: its content as HTML, its link as URL, its date with the
//! provenance `feed.published`. An item that only links to a page becomes a
//! [`FeedStub`]: what the feed says of the page, kept until the page itself is
//! ingested ([`crate::stubs`]).

use crate::{sha256_hex, IngestError};
use storyline_model::{FeedStub, RawDocument, SourceFormat, StatedMeta};

/// The provenance rule of a feed item's date.
pub const FEED_PUBLISHED: &str = "feed.published";
/// The provenance rule of a news sitemap entry's `news:publication_date`.
pub const SITEMAP_PUBLISHED: &str = "sitemap.published";

/// An item with fewer words of content than this, and a link, is a stub:
/// a teaser ("Read more...") rather than the story. News feeds that carry
/// the story carry hundreds of words; summaries carry one or two sentences.
pub const STUB_MAX_WORDS: usize = 40;

/// What one feed or sitemap file holds.
#[derive(Debug, Default)]
pub struct FeedItems {
    /// Items carrying their content, in file order.
    pub documents: Vec<RawDocument>,
    /// Items that only link to their page, in file order.
    pub stubs: Vec<FeedStub>,
    /// Items that could not be read (no content and no link).
    pub errors: Vec<IngestError>,
}

/// Reads a feed or news sitemap from its (decompressed) bytes; `shown` is
/// the file's path for locators and errors. The format is told from the
/// content: a JSON object is a JSON Feed, an XML `<urlset>` a sitemap,
/// anything else goes to `feed-rs` (RSS 0.9x/1.0/2.0, Atom).
pub fn read_feed(shown: &str, bytes: &[u8]) -> Result<FeedItems, String> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    if head.contains("<urlset") {
        return read_news_sitemap(shown, bytes);
    }
    let feed = feed_rs::parser::Builder::new()
        .timestamp_parser(wall_clock_timestamp)
        .build()
        .parse(bytes)
        .map_err(|e| format!("not a readable feed: {e}"))?;
    let mut out = FeedItems::default();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let locator = format!("{shown}#item={}", i + 1);
        read_entry(entry, locator, &mut out);
    }
    if out.documents.is_empty() && out.stubs.is_empty() && out.errors.is_empty() {
        return Err("the feed holds no items".to_string());
    }
    Ok(out)
}

/// A feed timestamp as its publisher's wall-clock time, labelled UTC.
/// feed-rs hands dates over in UTC, which moves an item published in
/// Beirut at 01:00 (+02:00) to the day before; an article's date is the
/// day its publisher gives it, as for a page's own date, so the offset is
/// dropped rather than applied. RFC 3339, RFC 2822 and the bare forms
/// feeds use (`2026-12-06 09:30:00`, `2026-12-06`) are read.
fn wall_clock_timestamp(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
    let text = text.trim();
    let local = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .map(|d| d.naive_local())
        .ok()
        .or_else(|| {
            ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        })
        .or_else(|| {
            NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
        })?;
    Some(Utc.from_utc_datetime(&local))
}

/// The page an entry links to: its `alternate` link, else its first.
fn entry_link(entry: &feed_rs::model::Entry) -> Option<String> {
    let links = &entry.links;
    links
        .iter()
        .find(|l| l.rel.as_deref() == Some("alternate"))
        .or_else(|| links.iter().find(|l| l.rel.is_none()))
        .or_else(|| links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| h.starts_with("http://") || h.starts_with("https://"))
}

/// One feed entry into a document or a stub.
fn read_entry(entry: feed_rs::model::Entry, locator: String, out: &mut FeedItems) {
    let link = entry_link(&entry);
    let title = entry
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let published = entry.published.or(entry.updated).map(|d| d.to_rfc3339());
    let author = entry
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().map(str::trim))
        .find(|n| !n.is_empty())
        .map(str::to_string);
    let content = entry
        .content
        .as_ref()
        .and_then(|c| {
            let body = c.body.as_deref()?.trim();
            (!body.is_empty()).then(|| as_html(body, c.content_type.subty().as_str()))
        })
        .or_else(|| {
            let s = entry.summary.as_ref()?;
            let body = s.content.trim();
            (!body.is_empty()).then(|| as_html(body, s.content_type.subty().as_str()))
        });
    let words = content.as_deref().map_or(0, word_count);
    let content = content.filter(|_| link.is_none() || words >= STUB_MAX_WORDS);
    match (link, content) {
        (url, Some(content)) => {
            let body = page_of(title.as_deref(), &content);
            out.documents.push(RawDocument {
                raw_sha256: sha256_hex(body.as_bytes()),
                locator,
                format: SourceFormat::Html,
                body: body.into_bytes(),
                declared_charset: Some("utf-8".to_string()),
                meta: StatedMeta {
                    id: Some(entry.id).filter(|id| !id.trim().is_empty()),
                    url,
                    published_rule: published.as_ref().map(|_| FEED_PUBLISHED.to_string()),
                    published,
                    title,
                    author,
                    ..StatedMeta::default()
                },
            });
        }
        // A teaser, or a bare link: the page is the story.
        (Some(url), None) => out.stubs.push(FeedStub {
            url,
            title,
            published,
            published_rule: FEED_PUBLISHED.to_string(),
            author,
            source: None,
            locator,
        }),
        (None, None) => out.errors.push(IngestError::new(
            locator,
            "feed item with neither content nor a link",
        )),
    }
}

/// Content as HTML: HTML as it is, plain text escaped with a paragraph per
/// blank-line-separated block.
fn as_html(body: &str, subtype: &str) -> String {
    if subtype.eq_ignore_ascii_case("plain") {
        body.split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("<p>{}</p>\n", escape_html(p)))
            .collect()
    } else {
        body.to_string()
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Words of an HTML fragment's text (tags skipped, roughly: enough to tell
/// a teaser from a story).
fn word_count(html: &str) -> usize {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().count()
}

/// The page a feed item's content is read as: its title and the content as
/// the page's one article.
fn page_of(title: Option<&str>, content: &str) -> String {
    let title = title.map(escape_html).unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body><article>\n{content}\n</article></body></html>\n"
    )
}

/// The `<url>` entries of a news sitemap that carry `<news:news>`, as stubs
/// (a sitemap never carries the story). Plain entries are left alone.
fn read_news_sitemap(shown: &str, bytes: &[u8]) -> Result<FeedItems, String> {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(bytes).map_err(|e| format!("sitemap is not UTF-8: {e}"))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out = FeedItems::default();
    // The local names of the open elements, and the raw (escaped) text of
    // the innermost one.
    let mut path: Vec<String> = Vec::new();
    let mut raw = String::new();
    let mut entry = SitemapEntry::default();
    let mut entries = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("bad sitemap XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if name == "url" {
                    entry = SitemapEntry::default();
                }
                if name == "news" {
                    entry.news = true;
                }
                path.push(name);
                raw.clear();
            }
            Event::Text(t) => raw.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                raw.push('&');
                raw.push_str(&r.xml10_content());
                raw.push(';');
            }
            Event::CData(c) => raw.push_str(&quick_xml::escape::escape(c.xml10_content())),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = quick_xml::escape::unescape(&raw)
                    .map(|v| v.trim().to_string())
                    .unwrap_or_else(|_| raw.trim().to_string());
                raw.clear();
                let parent = path.last().map(String::as_str);
                match (parent, name.as_str()) {
                    (Some("url"), "loc") => entry.loc = Some(value),
                    (Some("news"), "title") => entry.title = Some(value),
                    (Some("news"), "publication_date") => entry.published = Some(value),
                    (Some("publication"), "name") => entry.source = Some(value),
                    (_, "url") => {
                        entries += 1;
                        let e = std::mem::take(&mut entry);
                        let locator = format!("{shown}#url={entries}");
                        match e.loc {
                            Some(url) if e.news => out.stubs.push(FeedStub {
                                url,
                                title: e.title.filter(|t| !t.is_empty()),
                                published: e.published.filter(|p| !p.is_empty()),
                                published_rule: SITEMAP_PUBLISHED.to_string(),
                                author: None,
                                source: e.source.filter(|s| !s.is_empty()),
                                locator,
                            }),
                            None if e.news => out
                                .errors
                                .push(IngestError::new(locator, "news entry without <loc>")),
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if out.stubs.is_empty() && out.errors.is_empty() {
        return Err(format!(
            "no <news:news> entries among the sitemap's {entries} URLs"
        ));
    }
    Ok(out)
}

#[derive(Default)]
struct SitemapEntry {
    loc: Option<String>,
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
    news: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Wire</title><link>https://news.example/</link>
<item>
  <title>Floods close the coast road</title>
  <link>https://news.example/floods</link>
  <guid>floods-1</guid>
  <dc:creator>Amal Haddad</dc:creator>
  <pubDate>Sun, 06 Dec 2026 09:30:00 +0000</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty.</p><p>One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty.</p>]]></content:encoded>
</item>
<item>
  <title>Talks resume &amp; stall</title>
  <link>https://news.example/talks</link>
  <pubDate>Mon, 07 Dec 2026 08:00:00 GMT</pubDate>
  <description>Read more on our site.</description>
</item>
</channel></rss>"#;

    #[test]
    fn an_rss_item_with_content_is_a_document_and_a_teaser_a_stub() {
        let items = read_feed("wire.rss", RSS.as_bytes()).unwrap();
        assert_eq!(items.documents.len(), 1);
        let d = &items.documents[0];
        assert_eq!(d.locator, "wire.rss#item=1");
        assert_eq!(d.meta.url.as_deref(), Some("https://news.example/floods"));
        assert_eq!(d.meta.title.as_deref(), Some("Floods close the coast road"));
        assert_eq!(d.meta.author.as_deref(), Some("Amal Haddad"));
        assert_eq!(d.meta.published_rule.as_deref(), Some(FEED_PUBLISHED));
        assert!(d
            .meta
            .published
            .as_deref()
            .unwrap()
            .starts_with("2026-12-06"));
        assert!(String::from_utf8_lossy(&d.body).contains("<p>One two three"));
        assert_eq!(items.stubs.len(), 1);
        let s = &items.stubs[0];
        assert_eq!(s.url, "https://news.example/talks");
        assert_eq!(s.title.as_deref(), Some("Talks resume & stall"));
        assert_eq!(s.locator, "wire.rss#item=2");
    }

    #[test]
    fn regression_feed_item_after_local_midnight_was_dated_the_day_before() {
        let rss = RSS.replace(
            "Sun, 06 Dec 2026 09:30:00 +0000",
            "Mon, 07 Dec 2026 01:10:00 +0200",
        );
        let items = read_feed("wire.rss", rss.as_bytes()).unwrap();
        let published = items.documents[0].meta.published.as_deref().unwrap();
        assert!(published.starts_with("2026-12-07"), "{published}");
    }

    #[test]
    fn a_news_sitemap_gives_stubs_with_the_outlet_and_date() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/a</loc>
 <news:news><news:publication><news:name>Example News</news:name><news:language>en</news:language></news:publication>
 <news:publication_date>2026-12-05T10:00:00+02:00</news:publication_date>
 <news:title>Port reopens &amp; ships wait</news:title></news:news></url>
<url><loc>https://news.example/about</loc></url>
</urlset>"#;
        let items = read_feed("news.xml", xml.as_bytes()).unwrap();
        assert!(items.documents.is_empty());
        assert_eq!(items.stubs.len(), 1);
        let s = &items.stubs[0];
        assert_eq!(s.url, "https://news.example/a");
        assert_eq!(s.title.as_deref(), Some("Port reopens & ships wait"));
        assert_eq!(s.source.as_deref(), Some("Example News"));
        assert_eq!(s.published.as_deref(), Some("2026-12-05T10:00:00+02:00"));
        assert_eq!(s.published_rule, SITEMAP_PUBLISHED);
    }

    #[test]
    fn a_sitemap_without_news_entries_says_so() {
        let xml = r#"<urlset><url><loc>https://x.example/</loc></url></urlset>"#;
        let e = read_feed("plain.xml", xml.as_bytes()).unwrap_err();
        assert!(e.contains("no <news:news> entries"), "{e}");
    }

    #[test]
    fn a_file_that_is_no_feed_says_why() {
        let e = read_feed("x.rss", b"<html><body>hi</body></html>").unwrap_err();
        assert!(e.starts_with("not a readable feed"), "{e}");
    }
}
