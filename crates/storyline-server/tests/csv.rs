//! `format=csv` on the listing endpoints: the page's items as CSV, one row
//! per JSON item, against a real server over the seed articles.

mod common;

use common::*;
use serde_json::Value;

/// The JSON items of `path` and the CSV of `path&format=csv`, read back:
/// header, rows, and the response's content type and disposition.
fn json_and_csv(
    base: &str,
    path: &str,
    items: &str,
) -> (Vec<Value>, Vec<String>, Vec<Vec<String>>) {
    let (st, json) = get(base, path);
    assert_eq!(st, 200, "{path}: {json}");
    let items = json[items].as_array().unwrap().clone();
    let sep = if path.contains('?') { '&' } else { '?' };
    let resp = response(agent().get(&format!("{base}{path}{sep}format=csv")).call());
    assert_eq!(resp.status(), 200, "{path}");
    assert_eq!(resp.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(resp
        .header("content-disposition")
        .is_some_and(|d| d.starts_with("attachment; filename=") && d.ends_with(".csv\"")));
    let text = resp.into_string().unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (items, header, rows)
}

/// The cell of `column` in `row`.
fn cell<'a>(header: &[String], row: &'a [String], column: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column} in {header:?}"));
    &row[i]
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn listings_answer_csv_with_one_row_per_json_item() {
    let s = serve_seeds(|_| {});
    let (events, header, rows) = json_and_csv(&s.base, "/api/events?limit=100", "items");
    assert!(events.len() >= 3);
    assert_eq!(rows.len(), events.len());
    for (e, row) in events.iter().zip(&rows) {
        assert_eq!(cell(&header, row, "id"), text(&e["id"]));
        assert_eq!(cell(&header, row, "headline"), text(&e["headline"]));
        assert_eq!(cell(&header, row, "date.kind"), text(&e["date"]["kind"]));
    }

    let (entries, header, rows) = json_and_csv(&s.base, "/api/timeline?q=Jolani", "entries");
    assert_eq!(entries.len(), 3);
    assert_eq!(rows.len(), 3);
    for (e, row) in entries.iter().zip(&rows) {
        assert_eq!(cell(&header, row, "event"), text(&e["event"]));
        assert_eq!(cell(&header, row, "headline"), text(&e["headline"]));
    }

    let (quotes, header, rows) =
        json_and_csv(&s.base, "/api/quotes?speaker=Jolani&limit=100", "items");
    assert!(quotes.len() >= 3);
    assert_eq!(rows.len(), quotes.len());
    for (q, row) in quotes.iter().zip(&rows) {
        assert_eq!(cell(&header, row, "text"), text(&q["text"]));
    }

    let (entities, header, rows) = json_and_csv(&s.base, "/api/entities?kind=person", "items");
    assert!(!entities.is_empty());
    assert_eq!(rows.len(), entities.len());
    for (e, row) in entities.iter().zip(&rows) {
        assert_eq!(cell(&header, row, "id"), text(&e["id"]));
        assert_eq!(cell(&header, row, "name"), text(&e["name"]));
    }
}

#[test]
fn an_unknown_format_is_a_400() {
    let s = serve_seeds(|_| {});
    assert_get_error(&s.base, "/api/events?format=xml", 400, "bad_request");
}

/// The `href` of every download link of a page, unescaped.
fn download_links(page: &str) -> Vec<String> {
    page.split("<a class=\"download\" href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].replace("&amp;", "&"))
        .collect()
}

#[test]
fn listing_pages_link_to_their_csv_download() {
    let s = serve_seeds(|_| {});
    let jolani = {
        let (_, e) = get(&s.base, "/api/entities/Jolani");
        e["id"].as_str().unwrap().to_string()
    };
    // Story ids come from their content: take the first one listed.
    let story = {
        let (_, stories) = get(&s.base, "/api/stories");
        stories["items"][0]["id"].as_u64().unwrap()
    };
    for page in [
        "/events".to_string(),
        "/entities?kind=person".to_string(),
        "/quotes?speaker=Jolani".to_string(),
        format!("/entities/{jolani}"),
        format!("/stories/{story}"),
    ] {
        let html = response(agent().get(&format!("{}{page}", s.base)).call())
            .into_string()
            .unwrap();
        let links = download_links(&html);
        assert_eq!(links.len(), 1, "{page}: {links:?}");
        let resp = response(agent().get(&format!("{}{}", s.base, links[0])).call());
        assert_eq!(resp.status(), 200, "{page}: {}", links[0]);
        assert_eq!(resp.header("content-type"), Some("text/csv; charset=utf-8"));
        let text = resp.into_string().unwrap();
        let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
        assert!(rows >= 1, "{page}: {text}");
    }
}
