//! Pages that show placeholder text instead of their article (lorem ipsum
//! behind a paywall, "Please enable JavaScript", a browser check, a
//! "Subscribe to continue reading" teaser) are refused as not an article,
//! with a reason that says which placeholder, like index pages are.

use std::io::Read;
use std::path::Path;
use storyline_model::{RawDocument, SourceFormat, StatedMeta};
use storyline_pipeline::placeholder::Placeholder;
use storyline_pipeline::{build_article, PipelineError, Settings};

fn fixture(name: &str) -> RawDocument {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/placeholder")
        .join(name);
    let raw = std::fs::read(&path).unwrap();
    let body = if name.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .unwrap();
        out
    } else {
        raw
    };
    RawDocument {
        locator: name.into(),
        format: SourceFormat::Html,
        body,
        declared_charset: None,
        raw_sha256: "00".into(),
        meta: StatedMeta::default(),
    }
}

#[test]
fn regression_paywalled_page_stored_as_its_lorem_ipsum_placeholder() {
    for (name, kind) in [
        ("paywall-lorem.de.html", Placeholder::LoremIpsum),
        ("enable-javascript.en.html", Placeholder::JavaScriptNotice),
        (
            "browser-check.thelocal.se.html.gz",
            Placeholder::JavaScriptNotice,
        ),
        ("subscribe-teaser.en.html", Placeholder::PaywallTeaser),
    ] {
        match build_article(&fixture(name), &Settings::default()) {
            Err(PipelineError::Placeholder(k)) => {
                assert_eq!(k, kind, "{name}");
                let reason = PipelineError::Placeholder(k).to_string();
                assert!(
                    reason.starts_with("placeholder text, not an article: "),
                    "{reason}"
                );
            }
            other => panic!("{name}: expected a placeholder refusal, got {other:?}"),
        }
    }
}
