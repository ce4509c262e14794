//! Assembly: one [`RawDocument`] through decode, extract and clean into an
//! [`Article`], with the publication date chosen from the stated metadata,
//! the page's metadata or the text, in that order, each with its provenance.

use crate::clean::{clean_html_paragraphs_with, clean_text_with, CleanedText};
use crate::dates::parse_machine_date;
use crate::decode::decode_borrowed;
use crate::html::extract_html_with;
use crate::settings::{CleanSettings, ExtractSettings};
use crate::sitelines::{remove_site_repeats, SiteLineTable};
use crate::textsite::infer_text_site;
use crate::PipelineError;
use sha2::{Digest, Sha256};
use storyline_model::{
    Article, ArticleId, Provenance, Published, RawDocument, RemovedBlock, SourceFormat, StatedMeta,
};

/// Settings of the assembly stage.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Bodies larger than this are refused rather than parsed.
    pub max_body_bytes: usize,
    /// Identify the language of the text (whatlang).
    pub detect_language: bool,
    /// Thresholds of the main-text choice of HTML pages.
    pub extract: ExtractSettings,
    /// Thresholds of the line rules of chrome removal.
    pub clean: CleanSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_body_bytes: 16 * 1024 * 1024,
            detect_language: true,
            extract: ExtractSettings::default(),
            clean: CleanSettings::default(),
        }
    }
}

/// The content-addressed id of a document: SHA-256 over its origin (URL, or
/// source and stated id, when the input gives them) and its decoded body,
/// first 128 bits in hex. The file's path is not part of it, so the same
/// document read from two places is one article.
pub fn article_id(origin: &str, body: &str) -> ArticleId {
    let mut h = Sha256::new();
    h.update(b"storyline-article-v1\0");
    h.update(origin.as_bytes());
    h.update(b"\0");
    h.update(body.as_bytes());
    let digest = h.finalize();
    ArticleId(hex(&digest[..16]))
}

/// Lowercase hex of `bytes` (as `format!("{b:02x}")` per byte, without a
/// formatter call per byte: this runs once per article).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// The host of a URL, without `www.`.
fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A stated metadata field (title, URL, source, id), trimmed, with control
/// characters turned into spaces: they are never part of a one-line field, and
/// U+0000 (an escaped `\u0000` in JSON) cannot be stored by PostgreSQL.
fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|v| {
            if v.chars().any(char::is_control) {
                let spaced: String = v
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                spaced.trim().to_string()
            } else {
                v.trim().to_string()
            }
        })
        .filter(|v| !v.is_empty())
}

/// The provenance of a date the input states: the input's own rule
/// (`feed.published`) when it names one, else `input.published`.
fn stated_date_provenance(meta: &StatedMeta) -> Provenance {
    let rule = meta.published_rule.as_deref().unwrap_or("input.published");
    Provenance::new(rule, 1.0)
}

/// What can still be said of an HTML document that yields no article (an
/// index page, a page without text): its title and publication date. `None`
/// for other formats and for bytes that do not decode.
pub fn page_summary(raw: &RawDocument, settings: &Settings) -> Option<(Option<String>, Published)> {
    if raw.format != SourceFormat::Html || raw.body.len() > settings.max_body_bytes {
        return None;
    }
    let (decoded, _) = decode_borrowed(&raw.body, raw.declared_charset.as_deref()).ok()?;
    let x = extract_html_with(
        &decoded,
        non_empty(&raw.meta.url).as_deref(),
        &settings.extract,
    );
    let published = x
        .published
        .map(|(d, p)| Published::dated(d, p))
        .unwrap_or_default();
    Some((x.title, published))
}

/// The publication date of one document, the same as [`build_article`]
/// gives it, read from the stated metadata and the page's own date signals
/// without extracting the main text; only a page those leave undated goes
/// through the whole extraction (for a date stated in its text).
pub fn document_date(raw: &RawDocument, settings: &Settings) -> Published {
    if let Some(d) = non_empty(&raw.meta.published).and_then(|p| parse_machine_date(&p)) {
        return Published::dated(d, stated_date_provenance(&raw.meta));
    }
    if raw.format == SourceFormat::Html && raw.body.len() <= settings.max_body_bytes {
        if let Ok((decoded, _)) = decode_borrowed(&raw.body, raw.declared_charset.as_deref()) {
            let url = non_empty(&raw.meta.url);
            if let Some((d, p)) = crate::html::page_date(&decoded, url.as_deref()) {
                return Published::dated(d, p);
            }
        }
    }
    build_article(raw, settings)
        .map(|a| a.published)
        .unwrap_or_default()
}

/// Turns one raw document into an article, without corpus-aware cleaning
/// (what `storyline extract` shows): [`extract_document`], then
/// [`Draft::finish`] with no site-line table.
pub fn build_article(raw: &RawDocument, settings: &Settings) -> Result<Article, PipelineError> {
    extract_document(raw, settings)?.finish(None)
}

/// A document after decode, extract and clean, before the corpus-aware step:
/// the ingest driver counts the lines of a batch's drafts per site, adds the
/// stored counts, and then finishes each draft with the table
/// ([`crate::sitelines`]).
#[derive(Clone, Debug)]
pub struct Draft {
    /// The article, its `text` and `language` not filled in yet, its
    /// `removed` holding the blocks extraction dropped.
    article: Article,
    cleaned: CleanedText,
    detect_language: bool,
}

impl Draft {
    /// The article's id (the same before and after finishing).
    pub fn id(&self) -> &ArticleId {
        &self.article.id
    }

    /// The site whose line counts apply: the article's source (the stated
    /// source, else the URL's host, else the page's site name), lower-cased.
    /// `None` for a document that names none (a bare `.txt` file).
    pub fn site(&self) -> Option<String> {
        self.article
            .source
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
    }

    /// The keys of the article's distinct short lines, as counted per site.
    pub fn line_keys(&self) -> Vec<u64> {
        crate::sitelines::paragraph_keys(&self.cleaned)
    }

    /// The article. With a site-line table, the lines it flags as the
    /// site's chrome are removed first (`chrome.site_repeated`).
    pub fn finish(self, sites: Option<&SiteLineTable>) -> Result<Article, PipelineError> {
        let site = self.site();
        let Draft {
            mut article,
            mut cleaned,
            detect_language,
        } = self;
        if let (Some(table), Some(site)) = (sites, site) {
            remove_site_repeats(table, &site, &mut cleaned);
        }
        let text = cleaned.text();
        if text.trim().is_empty() {
            return Err(PipelineError::NoText);
        }
        article.language = if detect_language {
            // A thousand characters identify a language about as well as a
            // whole text does, at a fraction of the cost (on the 926 pages of
            // the extraction and date benchmarks, against 3,000 characters:
            // 922 the same, 3 more identified, 1 fewer).
            let end = text.char_indices().nth(1000).map_or(text.len(), |(i, _)| i);
            whatlang::detect(&text[..end])
                .filter(|info| info.is_reliable())
                .map(|info| crate::language::iso639_1(info.lang()).to_string())
        } else {
            None
        };
        article.text = text;
        article.removed.extend(cleaned.removed);
        Ok(article)
    }
}

/// Decode, extract and clean one raw document into a [`Draft`].
pub fn extract_document(raw: &RawDocument, settings: &Settings) -> Result<Draft, PipelineError> {
    if raw.body.len() > settings.max_body_bytes {
        return Err(PipelineError::TooLarge {
            size: raw.body.len(),
            limit: settings.max_body_bytes,
        });
    }
    let (text, _) = decode_borrowed(&raw.body, raw.declared_charset.as_deref())?;
    let text: &str = &text;
    let meta = &raw.meta;
    let url = non_empty(&meta.url);
    let stated_title = non_empty(&meta.title);

    let mut removed: Vec<RemovedBlock> = Vec::new();
    let mut published = non_empty(&meta.published)
        .and_then(|p| parse_machine_date(&p))
        .map(|d| Published::dated(d, stated_date_provenance(meta)));
    let mut site_name = None;
    let mut canonical_url = None;

    let (title, cleaned) = match raw.format {
        SourceFormat::Html => {
            let x = extract_html_with(text, url.as_deref(), &settings.extract);
            if let Some(problem) = x.problem {
                return Err(PipelineError::Unparseable(problem));
            }
            if x.no_article {
                return Err(PipelineError::NoArticle);
            }
            removed.extend(x.removed.into_iter().map(|(text, reason)| RemovedBlock {
                span: (0, 0),
                text,
                reason: reason.to_string(),
            }));
            if published.is_none() {
                published = x.published.map(|(d, p)| Published::dated(d, p));
            }
            site_name = x.site_name;
            canonical_url = x.canonical_url;
            let title = stated_title.clone().or(x.title);
            // Paragraph chrome inside the main block goes through the same
            // line rules as scraped text. Spans then refer to this joined text.
            let joined = x.paragraphs.join("\n");
            let cleaned = clean_html_paragraphs_with(&joined, title.as_deref(), &settings.clean);
            (title, cleaned)
        }
        SourceFormat::Text => {
            let cleaned = clean_text_with(text, stated_title.as_deref(), &settings.clean);
            let title = stated_title
                .clone()
                .or_else(|| cleaned.title.as_ref().map(|t| t.text.clone()));
            (title, cleaned)
        }
    };
    if published.is_none() {
        if let Some(d) = &cleaned.stated_date {
            published = Some(Published::dated(
                d.date,
                Provenance::new("text.stated_date", 0.8).with_span(d.span.0, d.span.1),
            ));
        }
    }
    if cleaned.paragraphs.iter().all(|p| p.text.trim().is_empty()) {
        return Err(PipelineError::NoText);
    }
    if let Some(kind) = crate::placeholder::placeholder_kind(
        cleaned.paragraphs.iter().map(|p| p.text.as_str()),
        removed
            .iter()
            .chain(&cleaned.removed)
            .map(|r| r.text.as_str()),
        title.as_deref(),
    ) {
        return Err(PipelineError::Placeholder(kind));
    }

    let url = url.or(canonical_url);
    let mut source = non_empty(&meta.source)
        .or_else(|| url.as_deref().and_then(url_host))
        .or(site_name);
    let mut source_provenance = None;
    let mut title = title;
    if source.is_none() && raw.format == SourceFormat::Text {
        if let Some((site, provenance)) = infer_text_site(text, &raw.locator) {
            // The first short line of a scraped page is often the site's
            // masthead, not the story's title.
            if stated_title.is_none() && title.as_deref().is_some_and(|t| names_site(t, &site)) {
                removed.push(RemovedBlock {
                    span: (0, 0),
                    text: title.take().unwrap_or_default(),
                    reason: "chrome.site_name".to_string(),
                });
            }
            source = Some(site);
            source_provenance = Some(provenance);
        }
    }
    let origin = url
        .clone()
        .or_else(|| {
            non_empty(&meta.id).map(|id| format!("{}#{id}", meta.source.as_deref().unwrap_or("")))
        })
        .unwrap_or_default();
    Ok(Draft {
        article: Article {
            id: article_id(&origin, text),
            path: Some(raw.locator.clone()),
            url,
            source,
            source_provenance,
            external_id: non_empty(&meta.id),
            title,
            text: String::new(),
            published: published.unwrap_or_default(),
            language: None,
            format: raw.format,
            raw_sha256: raw.raw_sha256.clone(),
            dateline: cleaned.dateline.clone(),
            wire_credit: cleaned.wire_credit.clone(),
            removed,
        },
        cleaned,
        detect_language: settings.detect_language,
    })
}

/// Whether a line is the name of `site` (an inferred site: a name or a
/// host): the same letters and digits, or the start of the other's (a
/// masthead "Valley Courier" of "Valley Courier Media Group", "Capital Wire
/// Review" of `capitalwire.example`) when the line has at most four words.
fn names_site(line: &str, site: &str) -> bool {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let name = if site.contains(' ') {
        fold(site)
    } else {
        fold(site.split('.').next().unwrap_or(site))
    };
    let line_fold = fold(line);
    if line_fold.len() < 4 || name.len() < 4 {
        return false;
    }
    line_fold == name
        || (line.split_whitespace().count() <= 4
            && (name.starts_with(&line_fold) || line_fold.starts_with(&name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(format: SourceFormat, body: &str, meta: StatedMeta) -> RawDocument {
        RawDocument {
            locator: "test".into(),
            format,
            body: body.as_bytes().to_vec(),
            declared_charset: None,
            raw_sha256: "00".into(),
            meta,
        }
    }

    #[test]
    fn hex_is_two_lowercase_digits_per_byte() {
        let bytes: Vec<u8> = (0..=255).collect();
        let want: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex(&bytes), want);
    }

    #[test]
    fn same_body_same_id_and_origin_matters() {
        let a = article_id("", "text");
        assert_eq!(a, article_id("", "text"));
        assert_ne!(a, article_id("https://a.example/x", "text"));
        assert_eq!(a.as_str().len(), 32);
    }

    #[test]
    fn a_masthead_naming_the_inferred_site_is_not_the_title() {
        let body = "Valley Courier\nNews | Local | Money\n\
            The council voted on Monday to close the old bridge, which has carried traffic since 1931.\n\
            Engineers said repairs would cost more than a new crossing, and the vote was unanimous.\n\
            Copyright 2011 Valley Courier Media Group. All rights reserved.\n";
        let a = build_article(
            &raw(SourceFormat::Text, body, StatedMeta::default()),
            &Settings::default(),
        )
        .unwrap();
        assert_eq!(a.source.as_deref(), Some("valley courier media group"));
        assert_eq!(
            a.source_provenance.as_ref().map(|p| p.rule.as_str()),
            Some("text.copyright")
        );
        assert_ne!(a.title.as_deref(), Some("Valley Courier"));
        assert!(a
            .removed
            .iter()
            .any(|r| r.reason == "chrome.site_name" && r.text == "Valley Courier"));
        assert!(names_site("Capital Wire Review", "capitalwire.example"));
        assert!(!names_site(
            "Capital gains tax rises again for small firms",
            "capitalwire.example"
        ));
    }

    /// A one-line plain-text report built with the stated metadata `meta`.
    fn cairo_protest_with(meta: StatedMeta) -> Article {
        let body = "Protesters gathered in Cairo on Tuesday, witnesses said.\n";
        build_article(&raw(SourceFormat::Text, body, meta), &Settings::default()).unwrap()
    }

    #[test]
    fn stated_metadata_wins() {
        let meta = StatedMeta {
            id: Some("x1".into()),
            source: Some("reuters".into()),
            published: Some("2011-01-25".into()),
            title: Some("Protests grow".into()),
            ..Default::default()
        };
        let a = cairo_protest_with(meta);
        assert_eq!(a.title.as_deref(), Some("Protests grow"));
        assert_eq!(a.source.as_deref(), Some("reuters"));
        assert_eq!(a.published.date.unwrap().to_string(), "2011-01-25");
        assert_eq!(a.published.provenance.unwrap().rule, "input.published");
        assert_eq!(a.language.as_deref(), Some("en"));
    }

    /// Regression: a JSON Lines record whose title held an escaped `\u0000`
    /// gave an article PostgreSQL refused, failing its whole batch.
    #[test]
    fn control_characters_in_stated_metadata_become_spaces() {
        let meta = StatedMeta {
            title: Some("Protests\u{0}grow\t".into()),
            source: Some("\u{0}reuters".into()),
            ..Default::default()
        };
        let a = cairo_protest_with(meta);
        assert_eq!(a.title.as_deref(), Some("Protests grow"));
        assert_eq!(a.source.as_deref(), Some("reuters"));
    }

    #[test]
    fn text_without_article_is_refused() {
        let err = build_article(
            &raw(
                SourceFormat::Text,
                "Name *\nE-mail *\n",
                StatedMeta::default(),
            ),
            &Settings::default(),
        )
        .unwrap_err();
        assert!(matches!(err, PipelineError::NoText));
    }

    #[test]
    fn document_date_is_the_full_extractions_date() {
        let para = "The council met on Tuesday and agreed, after a long debate, to fund the new bridge over the river.";
        // From the page's own signals, without extracting the text.
        let page = format!(
            r#"<html><head><meta property="article:published_time" content="2019-03-04T10:00:00Z"><script>var a = "<p>x</p>";</script></head><body><article><h1>Bridge funded</h1><p>{para}</p><p>{para}</p></article></body></html>"#
        );
        // Only a date stated in the text: the text is extracted for it.
        let stated = format!(
            "<html><body><article><h1>Bridge funded</h1><p>17 January 2018</p><p>{para}</p><p>{para}</p></article></body></html>"
        );
        for (html, want) in [(page, "2019-03-04"), (stated, "2018-01-17")] {
            let doc = raw(SourceFormat::Html, &html, StatedMeta::default());
            let full = build_article(&doc, &Settings::default()).unwrap().published;
            let only = document_date(&doc, &Settings::default());
            assert_eq!(only, full);
            assert_eq!(only.date.unwrap().to_string(), want);
        }
        let none = raw(
            SourceFormat::Html,
            "<html><body><p>x</p></body></html>",
            StatedMeta::default(),
        );
        assert_eq!(
            document_date(&none, &Settings::default()),
            Published::undated()
        );
    }

    #[test]
    fn a_draft_finished_with_a_site_table_loses_the_sites_repeated_lines() {
        let page = |n: u32| {
            let meta = StatedMeta {
                url: Some(format!("https://www.Gazette.example/news/{n}")),
                ..Default::default()
            };
            let body = format!(
                "The council voted on Monday to close bridge number {n}, citing safety concerns.\n\
                 Send your stories to the Gazette newsroom desk\n\
                 Engineers said repairs to bridge number {n} would take at least two years.\n"
            );
            raw(SourceFormat::Text, &body, meta)
        };
        let drafts: Vec<Draft> = (1..=3)
            .map(|n| extract_document(&page(n), &Settings::default()).unwrap())
            .collect();
        let site = drafts[0].site().unwrap();
        assert_eq!(site, "gazette.example");
        let mut table = SiteLineTable::default();
        for d in &drafts {
            table.add_keys(&site, &d.line_keys());
        }
        let plain = build_article(&page(1), &Settings::default()).unwrap();
        let a = drafts[0].clone().finish(Some(&table)).unwrap();
        assert_eq!(a.id, plain.id);
        assert!(plain.text.contains("newsroom desk"));
        assert!(!a.text.contains("newsroom desk"), "{}", a.text);
        assert!(a.text.contains("close bridge number 1") && a.text.contains("two years"));
        assert!(a
            .removed
            .iter()
            .any(|r| r.reason == "chrome.site_repeated" && r.text.contains("newsroom desk")));
        // Without the table, or another site's counts, the draft is the plain article.
        assert_eq!(drafts[0].clone().finish(None).unwrap(), plain);
        let mut other = SiteLineTable::default();
        for d in &drafts {
            other.add_keys("herald.example", &d.line_keys());
        }
        assert_eq!(drafts[0].clone().finish(Some(&other)).unwrap(), plain);
    }

    #[test]
    fn extraction_and_cleaning_thresholds_are_set_through_settings() {
        let para = "The council met on Tuesday and voted to close the old bridge for repairs, officials said.";
        let html =
            format!("<html><body><article><p>{para}</p><p>{para}</p></article></body></html>");
        let doc = raw(SourceFormat::Html, &html, StatedMeta::default());
        assert!(build_article(&doc, &Settings::default()).is_ok());
        let strict = Settings {
            extract: ExtractSettings {
                min_article_chars: 10_000,
                ..ExtractSettings::default()
            },
            ..Settings::default()
        };
        assert!(matches!(
            build_article(&doc, &strict),
            Err(PipelineError::NoArticle)
        ));

        let text = format!("{para}\n© 2021 Example Media\n{para}");
        let doc = raw(SourceFormat::Text, &text, StatedMeta::default());
        let a = build_article(&doc, &Settings::default()).unwrap();
        assert!(!a.text.contains("Example Media"));
        let lenient = Settings {
            clean: CleanSettings {
                copyright_words: 2,
                ..CleanSettings::default()
            },
            ..Settings::default()
        };
        let a = build_article(&doc, &lenient).unwrap();
        assert!(a.text.contains("© 2021 Example Media"));
    }

    #[test]
    fn url_host_as_source() {
        assert_eq!(
            url_host("https://www.bbc.co.uk/news/x").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(url_host("not a url"), None);
    }
}
