//! Property tests of every pipeline stage on the world's text: arbitrary
//! Unicode from every script, combining marks, right-to-left and zero-width
//! marks, mixed scripts, 10 kB tokens, empty and whitespace-only lines, and
//! names in many scripts. Each stage must not panic, must give the same
//! output for the same input, and every span it reports must lie within its
//! text on character boundaries. The case count stays modest (the fuzz
//! targets `annotate`, `alias_resolution` and `extract_html` go deeper).

use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::HashSet;
use storyline_model::{EntityKind, NameLink, NameNode, RawDocument, SourceFormat, StatedMeta};
use storyline_pipeline::annotate::names::{name_key, relate};
use storyline_pipeline::annotate::resolve::cluster;
use storyline_pipeline::annotate::temporal::{find_dates, publication_bound};
use storyline_pipeline::annotate::{annotate, resolve};
use storyline_pipeline::clean::clean_text;
use storyline_pipeline::decode::decode_bytes;
use storyline_pipeline::dedup::Fingerprint;
use storyline_pipeline::events::cluster::{ClusterSettings, EventEngine};
use storyline_pipeline::events::features::article_features;
use storyline_pipeline::html::extract_html;
use storyline_pipeline::{build_article, Settings};

/// Names, words and snippets that exercise the name, date and quote rules
/// in many languages and scripts.
const WORDS: &[&str] = &[
    "IFØLGE",
    "Søren Kierkegaard",
    "Ærø",
    "Łódź",
    "Lech Wałęsa",
    "東京都",
    "安倍晋三",
    "华为",
    "習近平",
    "서울",
    "문재인",
    "بشار الأسد",
    "قال",
    "أبو محمد الجولاني",
    "בנימין נתניהו",
    "Владимир Путин",
    "заявил",
    "Ελλάδα",
    "नरेंद्र मोदी",
    "বাংলাদেশ",
    "กรุงเทพมหานคร",
    "Nguyễn Xuân Phúc",
    "İstanbul",
    "Abu Mohammed al-Jolani",
    "Hayat Tahrir al-Sham (HTS)",
    "said",
    "told Reuters",
    "“",
    "”",
    "\"",
    "'s",
    "’s",
    "on Tuesday",
    "January 5, 2020",
    "5 janvier 2020",
    "2020-01-05",
    "last week",
    "https://example.com/%D8%A7%D9%84?q=%E6%9D%B1",
    "user@example.org",
    "0xDEADBEEF",
    "Mr.",
    "Dr",
    "(",
    ")",
    ".",
    ",",
    ":",
    "-",
    "–",
];

/// Separators: spaces, line breaks, empty and whitespace-only lines.
const SEPARATORS: &[&str] = &[
    " ", " ", " ", "\n", "\n\n", "\n \n", "\n\t\n", "\r\n", "\u{a0}", "\u{3000}", "",
];

/// One character from a script, or a mark that changes how text reads.
fn script_char() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::char::range('A', 'z'),
        proptest::char::range('\u{c0}', '\u{24f}'), // Latin-1 and Extended
        proptest::char::range('\u{300}', '\u{36f}'), // combining marks
        proptest::char::range('\u{370}', '\u{3ff}'), // Greek
        proptest::char::range('\u{400}', '\u{4ff}'), // Cyrillic
        proptest::char::range('\u{590}', '\u{5ff}'), // Hebrew
        proptest::char::range('\u{600}', '\u{6ff}'), // Arabic (tatweel, harakat)
        proptest::char::range('\u{900}', '\u{9ff}'), // Devanagari, Bengali
        proptest::char::range('\u{e00}', '\u{e7f}'), // Thai
        proptest::char::range('\u{1100}', '\u{11ff}'), // Hangul jamo
        proptest::char::range('\u{1e00}', '\u{1eff}'), // Vietnamese
        proptest::char::range('\u{200b}', '\u{200f}'), // zero-width, LRM, RLM
        proptest::char::range('\u{202a}', '\u{202e}'), // bidi embeddings
        proptest::char::range('\u{3040}', '\u{30ff}'), // kana
        proptest::char::range('\u{4e00}', '\u{9fff}'), // CJK
        proptest::char::range('\u{ac00}', '\u{d7a3}'), // Hangul
        proptest::char::range('\u{fe70}', '\u{feff}'), // Arabic forms, BOM
        proptest::char::range('\u{1f300}', '\u{1f6ff}'), // emoji
        any::<char>(),
    ]
}

/// A piece of text: a known word, a run of script characters, a separator,
/// or (rarely) one token of about 10 kB.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(WORDS).prop_map(str::to_string),
        4 => proptest::collection::vec(script_char(), 1..12)
            .prop_map(|cs| cs.into_iter().collect::<String>()),
        5 => proptest::sample::select(SEPARATORS).prop_map(str::to_string),
        1 => (script_char(), 2500usize..10_000)
            .prop_map(|(c, n)| c.to_string().repeat(n / c.len_utf8())),
    ]
}

/// A text of up to 80 fragments.
fn world_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..80).prop_map(|f| f.concat())
}

fn date() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2020, 1, 7)
}

/// Asserts that `span` lies in `text` on character boundaries.
fn assert_span(text: &str, span: (usize, usize), what: &str) {
    let (s, e) = span;
    assert!(
        s <= e && e <= text.len(),
        "{what} span {s}..{e} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{what} span {s}..{e} not on char boundaries"
    );
}

fn text_document(text: &str, format: SourceFormat) -> RawDocument {
    RawDocument {
        locator: "prop".into(),
        format,
        body: text.as_bytes().to_vec(),
        declared_charset: None,
        raw_sha256: String::new(),
        meta: StatedMeta::default(),
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn decode_never_panics_and_is_deterministic(
        text in world_text(),
        junk in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let mut bytes = text.into_bytes();
        bytes.extend(junk);
        let a = decode_bytes(&bytes, None).map(|d| (d.text, d.encoding));
        let b = decode_bytes(&bytes, None).map(|d| (d.text, d.encoding));
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    #[test]
    fn html_extraction_never_panics_and_is_deterministic(
        title in world_text(),
        paragraphs in proptest::collection::vec(world_text(), 0..6),
    ) {
        let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
        let html = format!(
            "<html lang=\"und\"><head><title>{title}</title></head>\
             <body><article><h1>{title}</h1>{body}</article></body></html>"
        );
        let url = Some("https://example.com/2020/01/07/%D8%A7");
        prop_assert_eq!(extract_html(&html, url), extract_html(&html, url));
        let doc = text_document(&html, SourceFormat::Html);
        let a = build_article(&doc, &Settings::default());
        let b = build_article(&doc, &Settings::default());
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    #[test]
    fn cleaning_keeps_spans_on_char_boundaries(text in world_text()) {
        let a = clean_text(&text, None);
        for p in a.title.iter().chain(&a.paragraphs) {
            assert_span(&text, (p.start, p.end), "paragraph");
        }
        for r in &a.removed {
            assert_span(&text, r.span, "removed block");
        }
        let b = clean_text(&text, None);
        prop_assert_eq!(a.text(), b.text());
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    #[test]
    fn dedup_fingerprints_are_deterministic(text in world_text()) {
        let a = Fingerprint::of(&text);
        let b = Fingerprint::of(&text);
        prop_assert_eq!(a.text_hash, b.text_hash);
        prop_assert!(a.shingles.windows(2).all(|w| w[0] < w[1]), "shingles sorted and distinct");
        prop_assert_eq!(a.shingles, b.shingles);
    }

    #[test]
    fn annotate_spans_lie_on_char_boundaries(text in world_text()) {
        let a = annotate(&text, date());
        for m in &a.mentions {
            if let Some(span) = m.provenance.span {
                assert_span(&text, span, "mention");
            }
            if let Some(i) = m.alias_of {
                prop_assert!(i < a.mentions.len(), "alias_of out of range");
            }
        }
        for q in &a.quotes {
            for span in [q.provenance.span, q.speaker_span, q.cue_span].into_iter().flatten() {
                assert_span(&text, span, "quote");
            }
        }
        for d in &a.dates {
            if let Some(span) = d.provenance.span {
                assert_span(&text, span, "date");
            }
        }
        prop_assert_eq!(&a, &annotate(&text, date()));
        prop_assert_eq!(&a, &annotate(&text, date()));
        let undated = annotate(&text, None);
        prop_assert_eq!(undated, annotate(&text, None));
    }

    #[test]
    fn temporal_spans_lie_on_char_boundaries(text in world_text()) {
        let a = find_dates(&text, date());
        for d in &a {
            if let Some(span) = d.provenance.span {
                assert_span(&text, span, "date");
                prop_assert_eq!(&text[span.0..span.1], d.text.as_str());
            }
        }
        prop_assert_eq!(&a, &find_dates(&text, date()));
        prop_assert_eq!(publication_bound(&text), publication_bound(&text));
    }

    #[test]
    fn alias_resolution_never_panics_and_is_deterministic(
        texts in proptest::collection::vec(world_text(), 1..4),
        names in proptest::collection::vec(
            proptest::collection::vec(fragment(), 1..4).prop_map(|f| f.concat()),
            0..24,
        ),
    ) {
        // The store's name graph: the mentions annotate finds plus names of
        // arbitrary text, one node per key, linked as annotate linked them.
        let mut nodes: Vec<NameNode> = Vec::new();
        let mut links: Vec<NameLink> = Vec::new();
        let mut seen = HashSet::new();
        let mut add = |text: &str, kind: EntityKind, nodes: &mut Vec<NameNode>| {
            let key = name_key(text);
            if !key.is_empty() && seen.insert(key.clone()) {
                let mut votes = [0.0; 4];
                resolve::vote(&mut votes, kind, 0.8);
                nodes.push(NameNode { key, text: text.to_string(), mentions: 1, votes });
            }
        };
        for t in &texts {
            let ann = annotate(t, date());
            for m in &ann.mentions {
                add(&m.text, m.kind, &mut nodes);
                if let Some(i) = m.alias_of {
                    links.push(NameLink { a: m.key.clone(), b: ann.mentions[i].key.clone() });
                }
            }
        }
        for (i, n) in names.iter().enumerate() {
            let kinds = [EntityKind::Person, EntityKind::Organisation, EntityKind::Place];
            add(n, kinds[i % 3], &mut nodes);
        }
        for pair in names.windows(2).step_by(3) {
            let _ = relate(&pair[0], &pair[1]);
            links.push(NameLink { a: name_key(&pair[0]), b: name_key(&pair[1]) });
        }
        let a = cluster(&nodes, &links, &[]);
        prop_assert_eq!(&a, &cluster(&nodes, &links, &[]));
        let keys: HashSet<&str> = nodes.iter().map(|n| n.key.as_str()).collect();
        let mut placed = HashSet::new();
        for e in &a {
            for k in &e.keys {
                prop_assert!(keys.contains(k.as_str()), "entity key {k} is no node's");
                prop_assert!(placed.insert(k.clone()), "key {k} in two entities");
            }
        }
    }

    #[test]
    fn event_clustering_never_panics_and_is_deterministic(
        texts in proptest::collection::vec(world_text(), 1..5),
    ) {
        let run = || {
            let features: Vec<_> = texts
                .iter()
                .filter_map(|t| build_article(&text_document(t, SourceFormat::Text), &Settings::default()).ok())
                .map(|a| article_features(&a))
                .collect();
            let mut engine = EventEngine::new(ClusterSettings::default());
            let placements = format!("{:?}", engine.add_batch(features));
            // The changed events in order (a set inside the engine).
            let dirty = engine.take_dirty();
            // As a JSON value: the engine's hash maps serialise in any
            // order, and so do its events' quote-key sets (sorted here).
            let mut state = serde_json::to_value(&engine).expect("engine state serialises");
            for ev in state["events"].as_array_mut().into_iter().flatten() {
                if let Some(q) = ev["quotes"].as_array_mut() {
                    q.sort_by_key(|k| k.to_string());
                }
            }
            (placements, dirty, state)
        };
        prop_assert_eq!(run(), run());
    }
}
