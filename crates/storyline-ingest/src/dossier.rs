//! The dossier: a report on one entity or story to hand to an editor. Owns
//! gathering it from the store (who the subject is, its timeline with each
//! entry's date, the date's basis, what happened and the sources behind it,
//! its quote bank and the actors it appears with) and rendering it as
//! Markdown or as one self-contained, printable HTML page. Shared by
//! `storyline export dossier` and the server.

use crate::events::{find_entity, select_events, EntityLookup};
use chrono::NaiveDate;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Serialize;
use std::collections::HashMap;
use storyline_model::{ArticleId, DateKind, EventDate, EventRecord};
use storyline_pipeline::events::timeline;
use storyline_store::{EntityCount, Store, StoreError};

/// How a dossier is gathered.
#[derive(Clone, Debug)]
pub struct DossierOptions {
    /// The web UI's address: an article without a URL links to its page
    /// there (`{web_ui}/articles/ID`).
    pub web_ui: String,
    /// Most sources listed under one timeline entry (one per syndication
    /// group; copies are counted, not listed).
    pub sources_per_entry: usize,
    /// Most quotes in the quote bank section.
    pub quotes: usize,
    /// Most articles listed under one quote.
    pub sightings_per_quote: usize,
    /// Most co-occurring actors, role phrases and aliases listed.
    pub actors: usize,
}

impl Default for DossierOptions {
    fn default() -> Self {
        DossierOptions {
            web_ui: "http://127.0.0.1:7878".to_string(),
            sources_per_entry: 8,
            quotes: 25,
            sightings_per_quote: 4,
            actors: 15,
        }
    }
}

/// One article cited as a source: outlet, headline, date and a link.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceRef {
    /// The article's id.
    pub article: ArticleId,
    /// The outlet that ran it.
    pub outlet: Option<String>,
    /// Its headline.
    pub headline: String,
    /// Its publication day.
    pub published: Option<NaiveDate>,
    /// The article's URL when it is a web address, else its page in the web UI.
    pub link: String,
    /// Other copies of the same syndicated text among the entry's articles.
    pub copies: usize,
}

/// Who the subject is, as the corpus describes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    /// Mentions of the subject over the store.
    pub mentions: u64,
    /// Articles that mention it.
    pub articles: u64,
    /// Titles and roles written before its names, with mention counts.
    pub roles: Vec<(String, u64)>,
    /// Other spellings, with mention counts.
    pub aliases: Vec<(String, u64)>,
}

/// One timeline entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DossierEntry {
    /// The event's id.
    pub event: u64,
    /// The event's fused date.
    pub date: EventDate,
    /// What happened, in one sentence: the event's summary sentence, or its
    /// headline when it has none.
    pub what_happened: String,
    /// The article the sentence comes from, when it is a summary sentence.
    pub sentence_source: Option<SourceRef>,
    /// The event's headline.
    pub headline: String,
    /// One article per independent source.
    pub sources: Vec<SourceRef>,
    /// Articles in the event.
    pub articles: usize,
    /// Independent sources among them.
    pub independent_sources: usize,
}

/// One quote of the subject's quote bank.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DossierQuote {
    /// The quoted words.
    pub text: String,
    /// The first day it was reported.
    pub first_reported: Option<NaiveDate>,
    /// Independent sources that reported it.
    pub independent_sources: u64,
    /// Articles that reported it.
    pub articles: usize,
    /// Some of those articles.
    pub reported_in: Vec<SourceRef>,
}

/// A report on one entity, story or phrase.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dossier {
    /// The subject's canonical name, the story's label, or the phrase asked for.
    pub subject: String,
    /// `person`, `organisation`, `place`, `other`, `story`, or `phrase` (a
    /// name no entity or story matched: its events are those mentioning it).
    pub kind: String,
    /// Who the subject is (entities only).
    pub profile: Option<Profile>,
    /// For a story: its most characteristic terms.
    pub story_terms: Vec<String>,
    /// The earliest entry's day.
    pub first: Option<NaiveDate>,
    /// The latest entry's day.
    pub last: Option<NaiveDate>,
    /// The timeline, in date order.
    pub entries: Vec<DossierEntry>,
    /// The subject's quote bank.
    pub quotes: Vec<DossierQuote>,
    /// The entities named most often beside it.
    pub co_occurring: Vec<EntityCount>,
}

/// The dossier of `key` (an entity name in any spelling, a story id as
/// `story:3`, or a phrase); `None` when no event matches it.
pub fn build_dossier<S: Store + ?Sized>(
    store: &S,
    key: &str,
    options: &DossierOptions,
) -> Result<Option<Dossier>, StoreError> {
    let selection = select_events(store, key)?;
    let entries = timeline(&selection.events);
    if entries.is_empty() {
        return Ok(None);
    }
    let mut cite = Citer {
        store,
        web_ui: options.web_ui.trim_end_matches('/'),
        cache: HashMap::new(),
    };
    let by_id: HashMap<u64, &EventRecord> = selection.events.iter().map(|e| (e.id, e)).collect();
    let mut out_entries = Vec::with_capacity(entries.len());
    for entry in &entries {
        let Some(event) = by_id.get(&entry.event) else {
            continue;
        };
        out_entries.push(dossier_entry(&mut cite, event, options)?);
    }
    let days: Vec<NaiveDate> = out_entries
        .iter()
        .filter(|e| e.date.kind != DateKind::Undated)
        .filter_map(|e| e.date.sort_day())
        .collect();
    let mut dossier = Dossier {
        subject: selection.title.clone(),
        kind: "phrase".to_string(),
        profile: None,
        story_terms: Vec::new(),
        first: days.iter().min().copied(),
        last: days.iter().max().copied(),
        entries: out_entries,
        quotes: Vec::new(),
        co_occurring: Vec::new(),
    };
    if let Some(story) = &selection.story {
        dossier.subject = story.label.clone();
        dossier.kind = "story".to_string();
        dossier.story_terms = story.terms.clone();
        return Ok(Some(dossier));
    }
    let EntityLookup::Found(entity) = find_entity(store, key)? else {
        return Ok(Some(dossier));
    };
    let summary = &entity.summary;
    dossier.subject = summary.name.clone();
    dossier.kind = summary.kind.as_str().to_string();
    dossier.profile = Some(Profile {
        mentions: summary.mentions,
        articles: summary.articles,
        roles: roles(
            store.entity_roles(&summary.id, 4 * options.actors + COURTESY_TITLES.len())?,
            options.actors,
        ),
        aliases: summary
            .aliases
            .iter()
            .filter(|(name, _)| name != &summary.name)
            .take(options.actors)
            .cloned()
            .collect(),
    });
    for q in store
        .quote_bank(Some(&summary.id))?
        .into_iter()
        .filter(|q| q.listed_by_default())
        .take(options.quotes)
    {
        let mut reported_in = Vec::new();
        for s in q.articles.iter().take(options.sightings_per_quote) {
            if let Some(r) = cite.source(&s.article)? {
                reported_in.push(r);
            }
        }
        dossier.quotes.push(DossierQuote {
            text: q.text,
            first_reported: q.first_reported,
            independent_sources: q.independent_sources,
            articles: q.articles.len(),
            reported_in,
        });
    }
    dossier.co_occurring = store.co_occurring(&summary.id, options.actors)?;
    Ok(Some(dossier))
}

/// Titles that say nothing about who someone is.
const COURTESY_TITLES: [&str; 6] = ["mr", "mrs", "ms", "miss", "mx", "sir"];

fn is_courtesy_title(role: &str) -> bool {
    let r = role.trim().trim_end_matches('.').to_lowercase();
    COURTESY_TITLES.contains(&r.as_str())
}

/// The roles that describe someone, most mentioned first: courtesy titles
/// dropped, spellings that differ only in case counted as one (shown as
/// the most frequent), at most `limit`.
fn roles(found: Vec<(String, u64)>, limit: usize) -> Vec<(String, u64)> {
    let mut merged: Vec<(String, u64)> = Vec::new();
    for (role, n) in found {
        if is_courtesy_title(&role) {
            continue;
        }
        match merged
            .iter_mut()
            .find(|(r, _)| r.to_lowercase() == role.to_lowercase())
        {
            Some(m) => m.1 += n,
            None => merged.push((role, n)),
        }
    }
    merged.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    merged.truncate(limit);
    merged
}

/// `1 article`, `3 articles`.
fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

fn dossier_entry<S: Store + ?Sized>(
    cite: &mut Citer<'_, S>,
    event: &EventRecord,
    options: &DossierOptions,
) -> Result<DossierEntry, StoreError> {
    // One source per syndication unit, in the event's order; copies counted.
    let mut units: Vec<(&str, &ArticleId, usize)> = Vec::new();
    for m in &event.members {
        match units.iter_mut().find(|(u, _, _)| *u == m.unit) {
            Some(u) => u.2 += 1,
            None => units.push((&m.unit, &m.article, 0)),
        }
    }
    let mut sources = Vec::new();
    for (_, article, copies) in units.into_iter().take(options.sources_per_entry) {
        if let Some(mut r) = cite.source(article)? {
            r.copies = copies;
            sources.push(r);
        }
    }
    let sentence_source = match &event.summary {
        Some(s) => cite.source(&s.article)?,
        None => None,
    };
    Ok(DossierEntry {
        event: event.id,
        date: event.date.clone(),
        what_happened: one_line(
            event
                .summary
                .as_ref()
                .map_or(event.headline.as_str(), |s| s.text.as_str()),
        ),
        sentence_source,
        headline: one_line(&event.headline),
        sources,
        articles: event.members.len(),
        independent_sources: event.independent_sources,
    })
}

/// Reads each cited article once.
struct Citer<'a, S: ?Sized> {
    store: &'a S,
    web_ui: &'a str,
    cache: HashMap<ArticleId, Option<SourceRef>>,
}

impl<S: Store + ?Sized> Citer<'_, S> {
    fn source(&mut self, id: &ArticleId) -> Result<Option<SourceRef>, StoreError> {
        if let Some(r) = self.cache.get(id) {
            return Ok(r.clone());
        }
        let r = self.store.get_article(id.as_str())?.map(|a| {
            let a = a.article;
            let link = match a.url.as_deref().filter(|u| is_web_address(u)) {
                Some(url) => url.to_string(),
                None => format!("{}/articles/{}", self.web_ui, a.id),
            };
            SourceRef {
                headline: one_line(&a.headline()),
                outlet: a.source.clone(),
                published: a.published.date,
                link,
                article: a.id,
                copies: 0,
            }
        });
        self.cache.insert(id.clone(), r.clone());
        Ok(r)
    }
}

/// Only `http` and `https` addresses become links: a `javascript:` or
/// `data:` URL an article carries is never one.
fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whitespace runs (newlines too) as one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// When an entry happened, in words: a day, a range, a bound, or `undated`.
pub fn when(date: &EventDate) -> String {
    match (date.kind, date.date, date.not_before, date.not_after) {
        (DateKind::Stated | DateKind::Inferred, Some(d), _, _) => d.to_string(),
        (DateKind::Bound, _, Some(a), Some(b)) if a == b => a.to_string(),
        (DateKind::Bound, _, Some(a), Some(b)) => format!("between {a} and {b}"),
        (DateKind::Bound, _, Some(a), None) => format!("not before {a}"),
        (DateKind::Bound, _, None, Some(b)) => format!("not after {b}"),
        _ => "undated".to_string(),
    }
}

/// What a date's basis means, for a reader.
fn basis_note(kind: DateKind) -> &'static str {
    match kind {
        DateKind::Stated => "stated: an article gives the day",
        DateKind::Inferred => "inferred: from a relative expression and a bound",
        DateKind::Bound => "bound: only limits are known",
        DateKind::Undated => "undated: no evidence of the day",
    }
}

fn subject_line(d: &Dossier) -> String {
    let mut s = format!("{} ({})", d.subject, d.kind);
    if let Some(p) = &d.profile {
        s.push_str(&format!(
            " is mentioned {} times in {} articles",
            p.mentions, p.articles
        ));
    } else {
        s.push_str(&format!(": {} events", d.entries.len()));
    }
    match (d.first, d.last) {
        (Some(a), Some(b)) if a == b => s.push_str(&format!(", dated {a}")),
        (Some(a), Some(b)) => s.push_str(&format!(", dated {a} to {b}")),
        _ => {}
    }
    s.push('.');
    s
}

fn counted(items: &[(String, u64)]) -> Vec<String> {
    items.iter().map(|(s, n)| format!("{s} ({n})")).collect()
}

fn source_date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "undated".to_string(), |d| d.to_string())
}

/// Text as Markdown that shows it literally: the punctuation that starts
/// Markdown's links, emphasis, code, headings and table cells is
/// backslash-escaped and `&`, `<`, `>` become entities, so no tag, link or
/// emphasis an article carries is markup in the dossier.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A link destination in `<...>` form: the characters it cannot hold are
/// percent-encoded.
fn markdown_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 2);
    out.push('<');
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

fn markdown_source(r: &SourceRef) -> String {
    let mut s = format!(
        "{}, [{}]({}), {}",
        markdown_text(r.outlet.as_deref().unwrap_or("unknown outlet")),
        markdown_text(&r.headline),
        markdown_url(&r.link),
        source_date(r.published)
    );
    if r.copies > 0 {
        s.push_str(&format!(" (+{} syndicated copies)", r.copies));
    }
    s
}

/// The dossier as Markdown.
pub fn render_markdown(d: &Dossier) -> String {
    let t = markdown_text;
    let mut md = format!("# {}\n\n", t(&d.subject));
    md.push_str(&format!("*{}*\n\n## Who\n\n", t(&d.kind)));
    md.push_str(&format!("{}\n\n", t(&subject_line(d))));
    if let Some(p) = &d.profile {
        if !p.roles.is_empty() {
            md.push_str(&format!(
                "- Described as: {}\n",
                t(&counted(&p.roles).join(", "))
            ));
        }
        if !p.aliases.is_empty() {
            md.push_str(&format!(
                "- Also written: {}\n",
                t(&counted(&p.aliases).join(", "))
            ));
        }
        md.push('\n');
    }
    if !d.story_terms.is_empty() {
        md.push_str(&format!("- Terms: {}\n\n", t(&d.story_terms.join(", "))));
    }
    md.push_str(&format!("## Timeline\n\n{} entries.\n\n", d.entries.len()));
    for e in &d.entries {
        md.push_str(&format!(
            "### {} ({})\n\n",
            t(&when(&e.date)),
            e.date.kind.as_str()
        ));
        md.push_str(&format!("{}\n\n", t(&e.what_happened)));
        if e.headline != e.what_happened {
            md.push_str(&format!("Headline: {}\n\n", t(&e.headline)));
        }
        md.push_str(&format!(
            "Date basis: {}. {}, {}:\n\n",
            basis_note(e.date.kind),
            plural(e.articles as u64, "article", "articles"),
            plural(
                e.independent_sources as u64,
                "independent source",
                "independent sources"
            )
        ));
        for r in &e.sources {
            md.push_str(&format!("- {}\n", markdown_source(r)));
        }
        md.push('\n');
    }
    if !d.quotes.is_empty() {
        md.push_str("## Quote bank\n\n");
        for q in &d.quotes {
            md.push_str(&format!("> \u{201c}{}\u{201d}\n\n", t(&q.text)));
            md.push_str(&format!(
                "First reported {}; {}, {}:\n\n",
                source_date(q.first_reported),
                plural(q.articles as u64, "article", "articles"),
                plural(
                    q.independent_sources,
                    "independent source",
                    "independent sources"
                )
            ));
            for r in &q.reported_in {
                md.push_str(&format!("- {}\n", markdown_source(r)));
            }
            md.push('\n');
        }
    }
    if !d.co_occurring.is_empty() {
        md.push_str(
            "## Appears with\n\n| Actor | Type | Shared articles |\n| --- | --- | ---: |\n",
        );
        for a in &d.co_occurring {
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                t(&a.name),
                a.kind.as_str(),
                a.articles
            ));
        }
        md.push('\n');
    }
    md
}

const DOSSIER_CSS: &str = "\
:root{--ink:#1d2330;--muted:#5b6475;--rule:#d9dde5;--accent:#1f5fa8;--paper:#fff}
*{box-sizing:border-box}
body{margin:0;background:#f3f4f7;color:var(--ink);font:16px/1.55 Georgia,'Times New Roman',serif}
main{max-width:52rem;margin:2rem auto;padding:2.5rem 3rem;background:var(--paper);box-shadow:0 1px 4px rgba(0,0,0,.12)}
header{border-bottom:3px solid var(--ink);margin-bottom:1.5rem}
h1{font-size:2.1rem;margin:0 0 .25rem}
h2{font:600 1.05rem/1.3 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);border-bottom:1px solid var(--rule);padding-bottom:.3rem;margin-top:2.2rem}
.kind{display:inline-block;font:600 .8rem system-ui,sans-serif;text-transform:uppercase;letter-spacing:.08em;background:var(--ink);color:#fff;padding:.15rem .5rem;border-radius:3px;margin-bottom:.8rem}
.facts{margin:.4rem 0;padding-left:1.2rem}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline>li{display:grid;grid-template-columns:9.5rem 1fr;gap:1rem;padding:.9rem 0;border-bottom:1px solid var(--rule);break-inside:avoid}
.when{font:600 .95rem system-ui,sans-serif}
.basis{display:inline-block;margin-top:.2rem;font:600 .7rem system-ui,sans-serif;text-transform:uppercase;letter-spacing:.06em;padding:.05rem .4rem;border-radius:3px;border:1px solid currentColor}
.basis-stated{color:#1b7a3d}.basis-inferred{color:#9a6700}.basis-bound{color:#6e40c9}.basis-undated{color:#8a8f98}
.what{margin:0 0 .3rem;font-size:1.05rem}
.headline{margin:0 0 .3rem;color:var(--muted);font-style:italic}
.counts{margin:0 0 .2rem;font:.8rem system-ui,sans-serif;color:var(--muted)}
ul.sources{margin:.2rem 0 0;padding-left:1.1rem;font:.88rem/1.45 system-ui,sans-serif}
.outlet{font-weight:600}
a{color:var(--accent)}
blockquote{margin:1rem 0 .3rem;padding:.2rem 0 .2rem 1rem;border-left:3px solid var(--accent);font-size:1.05rem}
table{border-collapse:collapse;width:100%;font:.9rem system-ui,sans-serif}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--rule)}
td.n,th.n{text-align:right}
@media print{body{background:#fff;font-size:11pt}main{box-shadow:none;margin:0;max-width:none;padding:0}
a{color:inherit;text-decoration:none}ul.sources a::after{content:' <' attr(href) '>';font-size:.75em;color:#555;word-break:break-all}
h2{break-after:avoid}ol.timeline>li,blockquote{break-inside:avoid}}";

fn html_source(r: &SourceRef) -> Markup {
    html! {
        li {
            span.outlet { (r.outlet.as_deref().unwrap_or("unknown outlet")) } ", "
            a href=(r.link) { (r.headline) } ", "
            time { (source_date(r.published)) }
            @if r.copies > 0 { " (+" (r.copies) " syndicated copies)" }
        }
    }
}

/// The dossier as one self-contained HTML page: inline CSS, no script, no
/// external asset, a print stylesheet; every string from the corpus is
/// escaped.
pub fn render_html(d: &Dossier) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Dossier: " (d.subject) }
                style { (PreEscaped(DOSSIER_CSS)) }
            }
            body { main {
                header {
                    h1 { (d.subject) }
                    span.kind { (d.kind) }
                }
                section #who {
                    h2 { "Who" }
                    p { (subject_line(d)) }
                    @if let Some(p) = &d.profile {
                        ul.facts {
                            @if !p.roles.is_empty() {
                                li { "Described as: " (counted(&p.roles).join(", ")) }
                            }
                            @if !p.aliases.is_empty() {
                                li { "Also written: " (counted(&p.aliases).join(", ")) }
                            }
                        }
                    }
                    @if !d.story_terms.is_empty() {
                        p { "Terms: " (d.story_terms.join(", ")) }
                    }
                }
                section #timeline {
                    h2 { "Timeline (" (d.entries.len()) " entries)" }
                    ol.timeline {
                        @for e in &d.entries {
                            li {
                                div {
                                    div.when { (when(&e.date)) }
                                    span class={ "basis basis-" (e.date.kind.as_str()) } title=(basis_note(e.date.kind)) {
                                        (e.date.kind.as_str())
                                    }
                                }
                                div {
                                    p.what { (e.what_happened) }
                                    @if e.headline != e.what_happened {
                                        p.headline { (e.headline) }
                                    }
                                    p.counts {
                                        (plural(e.articles as u64, "article", "articles")) ", "
                                        (plural(e.independent_sources as u64, "independent source", "independent sources"))
                                    }
                                    ul.sources { @for r in &e.sources { (html_source(r)) } }
                                }
                            }
                        }
                    }
                }
                @if !d.quotes.is_empty() {
                    section #quotes {
                        h2 { "Quote bank" }
                        @for q in &d.quotes {
                            blockquote { "\u{201c}" (q.text) "\u{201d}" }
                            p.counts {
                                "First reported " (source_date(q.first_reported)) "; "
                                (plural(q.articles as u64, "article", "articles")) ", "
                                (plural(q.independent_sources, "independent source", "independent sources"))
                            }
                            ul.sources { @for r in &q.reported_in { (html_source(r)) } }
                        }
                    }
                }
                @if !d.co_occurring.is_empty() {
                    section #actors {
                        h2 { "Appears with" }
                        table {
                            thead { tr { th { "Actor" } th { "Type" } th.n { "Shared articles" } } }
                            tbody {
                                @for a in &d.co_occurring {
                                    tr { td { (a.name) } td { (a.kind.as_str()) } td.n { (a.articles) } }
                                }
                            }
                        }
                    }
                }
            } }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::annotation::EntityKind;

    fn hostile_source(url: &str) -> SourceRef {
        SourceRef {
            article: ArticleId("a".repeat(64)),
            outlet: Some("<b>Evil</b> & Co".into()),
            headline: "<script>alert(1)</script> [click](javascript:x)".into(),
            published: NaiveDate::from_ymd_opt(2011, 10, 20),
            link: url.into(),
            copies: 2,
        }
    }

    fn hostile_dossier() -> Dossier {
        let date = EventDate {
            kind: DateKind::Stated,
            date: NaiveDate::from_ymd_opt(2011, 10, 20),
            not_before: None,
            not_after: None,
            sources: Vec::new(),
        };
        Dossier {
            subject: "</title><script>alert('x')</script>".into(),
            kind: "person".into(),
            profile: Some(Profile {
                mentions: 3,
                articles: 2,
                roles: vec![("<i>leader</i>".into(), 2)],
                aliases: vec![("Q\"addafi".into(), 1)],
            }),
            story_terms: Vec::new(),
            first: date.date,
            last: date.date,
            entries: vec![DossierEntry {
                event: 0,
                date,
                what_happened: "He <img src=x onerror=alert(1)> died.".into(),
                sentence_source: None,
                headline: "# *Breaking*".into(),
                sources: vec![hostile_source("https://example.org/a?b=\"><script>")],
                articles: 3,
                independent_sources: 1,
            }],
            quotes: vec![DossierQuote {
                text: "</blockquote><script>x</script>".into(),
                first_reported: None,
                independent_sources: 1,
                articles: 1,
                reported_in: vec![hostile_source("http://127.0.0.1:7878/articles/aa")],
            }],
            co_occurring: vec![EntityCount {
                id: "e".into(),
                name: "<script>NATO</script>".into(),
                kind: EntityKind::Organisation,
                articles: 2,
            }],
        }
    }

    #[test]
    fn html_dossier_escapes_every_string_from_the_corpus() {
        let h = render_html(&hostile_dossier());
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"));
        assert!(!h.contains("<i>"));
        assert!(!h.contains("<b>"));
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(h.contains("href=\"https://example.org/a?b=&quot;&gt;&lt;script&gt;\""));
        // Self-contained: styled inline, nothing loaded from elsewhere.
        assert!(h.contains("<style>") && h.contains("@media print"));
        assert!(!h.contains("<link") && !h.contains(" src=\""));
    }

    #[test]
    fn markdown_dossier_shows_corpus_text_literally() {
        let md = render_markdown(&hostile_dossier());
        assert!(!md.contains("<script"), "{md}");
        assert!(md.contains("\\[click\\](javascript:x)"));
        assert!(md.contains("\\# \\*Breaking\\*"));
        // The link destination cannot be closed early by the URL.
        assert!(md.contains("(<https://example.org/a?b=\"%3E%3Cscript%3E>)"));
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert!(is_web_address("https://www.reuters.com/x"));
        assert!(is_web_address("HTTP://a.b/c"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("data:text/html,x"));
        assert!(!is_web_address("https://a.b/ c"));
    }

    #[test]
    fn roles_differing_in_case_count_as_one() {
        let found = vec![
            ("envoy".to_string(), 25),
            ("UN envoy".to_string(), 7),
            ("Mr".to_string(), 5),
            ("Envoy".to_string(), 3),
        ];
        assert_eq!(
            roles(found, 5),
            vec![("envoy".to_string(), 28), ("UN envoy".to_string(), 7)]
        );
    }

    #[test]
    fn courtesy_titles_do_not_describe_anyone() {
        assert!(is_courtesy_title("Mr"));
        assert!(is_courtesy_title("Mrs."));
        assert!(!is_courtesy_title("President"));
        assert!(!is_courtesy_title("Mr President"));
    }

    #[test]
    fn when_says_a_day_a_range_or_a_bound() {
        let day = NaiveDate::from_ymd_opt(2012, 3, 1);
        let later = NaiveDate::from_ymd_opt(2012, 3, 9);
        let mut d = EventDate::undated();
        assert_eq!(when(&d), "undated");
        d.kind = DateKind::Bound;
        d.not_before = day;
        d.not_after = later;
        assert_eq!(when(&d), "between 2012-03-01 and 2012-03-09");
        d.not_before = None;
        assert_eq!(when(&d), "not after 2012-03-09");
        d.kind = DateKind::Inferred;
        d.date = day;
        assert_eq!(when(&d), "2012-03-01");
    }
}
