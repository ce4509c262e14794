//! Hostile input to the reading commands: a search query that nests
//! brackets deeper than any parser stack, an over-long query, and articles
//! carrying HTML that must not become markup in a Markdown dossier.

mod common;
use common::{data_dir, run, run_ok, seeds};
use std::path::PathBuf;

fn seeded_with(extra: Option<(&str, &str)>) -> (tempfile::TempDir, PathBuf) {
    let (tmp, data) = data_dir();
    let mut paths = vec![seeds().to_str().unwrap().to_string()];
    if let Some((name, content)) = extra {
        let file = tmp.path().join(name);
        std::fs::write(&file, content).unwrap();
        paths.push(file.to_str().unwrap().to_string());
    }
    let mut args = vec!["ingest"];
    args.extend(paths.iter().map(String::as_str));
    run_ok(&data, &args);
    (tmp, data)
}

#[test]
fn regression_nested_parens_overflow_stack() {
    let (_tmp, data) = seeded_with(None);
    let deep = format!("{}Jolani", "(".repeat(100_000));
    let r = run(&data, &["search", &deep]);
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    assert!(r.stderr.contains("bad search query"), "{}", r.stderr);
    // Nesting inside the bound still searches.
    let nested = format!("{}Jolani{}", "(".repeat(20), ")".repeat(20));
    let r = run_ok(&data, &["search", &nested, "--json"]);
    assert!(!r.json_lines().is_empty());
}

#[test]
fn regression_long_query_is_a_usage_error_not_an_abort() {
    let (_tmp, data) = seeded_with(None);
    let long = "Jolani ".repeat(1_000);
    let r = run(&data, &["search", &long]);
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    assert!(r.stderr.contains("limit is 1000"), "{}", r.stderr);
}

#[test]
fn regression_field_wildcard_query_is_a_usage_error_not_an_internal_one() {
    let (_tmp, data) = seeded_with(None);
    for q in ["text:*", "title:*", "source:*"] {
        let r = run(&data, &["search", q]);
        assert_eq!(r.code, 2, "{q}: stderr: {}", r.stderr);
        assert!(r.stderr.contains("bad search query"), "{q}: {}", r.stderr);
    }
}

#[test]
fn regression_markdown_dossier_carried_raw_html() {
    let hostile = r#"{"title": "Jolani <script>alert(1)</script> speaks", "source": "Evil <b>Wire</b>", "published": "2018-01-17", "text": "Abu Mohammed al-Jolani, the HTS leader, called for unity among rebels on Tuesday. <img src=x onerror=alert(2)> He said the factions must stand together."}
"#;
    let (_tmp, data) = seeded_with(Some(("hostile.jsonl", hostile)));
    let md = run_ok(&data, &["export", "dossier", "Jolani", "--format", "md"]);
    // The hostile article is in the dossier, its tags written as text.
    assert!(md.stdout.contains("&lt;script&gt;"), "{}", md.stdout);
    for tag in ["<script", "<img", "<b>"] {
        assert!(!md.stdout.contains(tag), "{tag} in {}", md.stdout);
    }
    // The HTML format still escapes once, not twice.
    let html = run_ok(&data, &["export", "dossier", "Jolani", "--format", "html"]);
    assert!(html.stdout.contains("&lt;script&gt;"));
    assert!(!html.stdout.contains("&amp;lt;"));
    assert!(!html.stdout.contains("<script"));
}
