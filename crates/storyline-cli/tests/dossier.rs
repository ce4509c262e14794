//! `storyline export dossier`: the report an editor gets, on the real binary.

mod common;
use common::*;

/// Two reports of one visit: one with a hostile title, outlet and URL, one
/// with a real web address.
fn hostile_feed(dir: &std::path::Path) -> std::path::PathBuf {
    let text = "UN envoy Kofi Annan arrived in Damascus on Saturday, 10 March 2012, \
                for talks with President Bashar al-Assad on ending the violence. \
                \"It is going to be difficult but we have to have hope,\" Kofi Annan said \
                after the meeting. Special envoy Kofi Annan later flew to Beirut.";
    let lines = [
        serde_json::json!({
            "id": "1", "url": "javascript:alert(1)", "source": "<b>Evil</b> Wire",
            "published": "2012-03-10",
            "title": "<script>alert('dossier')</script> Annan arrives in Damascus",
            "text": text,
        }),
        serde_json::json!({
            "id": "2", "url": "https://example.org/annan", "source": "Example News",
            "published": "2012-03-10",
            "title": "Annan meets Assad in Damascus",
            "text": text.replace("UN envoy", "The UN envoy"),
        }),
    ];
    let path = dir.join("feed.jsonl");
    let body: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&path, body.join("\n") + "\n").unwrap();
    path
}

#[test]
fn html_dossier_is_styled_self_contained_and_escapes_a_hostile_title() {
    let (tmp, data) = data_dir();
    let feed = hostile_feed(tmp.path());
    assert_eq!(run(&data, &["ingest", feed.to_str().unwrap()]).code, 0);
    let html = run_ok(
        &data,
        &["export", "dossier", "Kofi Annan", "--format", "html"],
    );
    let h = &html.stdout;
    assert!(h.starts_with("<!DOCTYPE html>"), "{h}");
    assert!(!h.contains("<script"), "{h}");
    assert!(!h.contains("<b>Evil"));
    assert!(h.contains("&lt;script&gt;alert('dossier')&lt;/script&gt;"));
    // The subject under its name and type.
    assert!(h.contains("<h1>Kofi Annan</h1>"), "{h}");
    assert!(h.contains("person"));
    // Styled, printable, nothing fetched from elsewhere.
    assert!(h.contains("<style>") && h.contains("@media print"));
    assert!(!h.contains("<link") && !h.contains(" src=\""));
    // Sources link to the URL when it is a web address, else to the
    // article's page in the web UI; never to a javascript: URL.
    assert!(h.contains("href=\"https://example.org/annan\""), "{h}");
    assert!(h.contains("href=\"http://127.0.0.1:7878/articles/"));
    assert!(!h.contains("href=\"javascript"));
    assert!(h.contains("Example News"));
    assert!(h.contains("2012-03-10"));
}

#[test]
fn markdown_dossier_cites_outlet_headline_date_and_link_for_each_entry() {
    let (_tmp, data) = seeded_data_dir();
    let md = run_ok(
        &data,
        &[
            "export",
            "dossier",
            "Jolani",
            "--web-ui",
            "https://news.example/storyline/",
        ],
    );
    let md = md.stdout;
    // The entity's canonical name and type, not the name asked for.
    let title = md.lines().next().unwrap();
    assert!(
        title.starts_with("# Abu Moham") && title.ends_with("Jolani"),
        "{md}"
    );
    assert!(md.contains("\n\n*person*\n\n"), "{md}");
    for section in ["## Who", "## Timeline", "## Quote bank", "## Appears with"] {
        assert!(md.contains(section), "no {section} in {md}");
    }
    // Each entry: the date with its basis, a sentence, its sources.
    let entries: Vec<&str> = md.split("\n### ").skip(1).collect();
    assert!(!entries.is_empty());
    for e in &entries {
        let head = e.lines().next().unwrap();
        assert!(
            ["(stated)", "(inferred)", "(bound)", "(undated)"]
                .iter()
                .any(|b| head.ends_with(b)),
            "{head}"
        );
        assert!(e.contains("Date basis: "), "{e}");
        let source = e
            .lines()
            .find(|l| l.starts_with("- "))
            .unwrap_or_else(|| panic!("no source in {e}"));
        // outlet, [headline](<link>), date; the seeds have no URL, so the
        // link is the article's page in the web UI given.
        assert!(
            source.contains("](<https://news.example/storyline/articles/"),
            "{source}"
        );
        assert!(
            source.contains(", [") && source.contains(">), "),
            "{source}"
        );
        assert!(!source.contains("bytes"), "{source}");
    }
}
