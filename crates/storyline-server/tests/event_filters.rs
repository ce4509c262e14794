//! The filters and orders of `GET /api/events` and `/events` (date range,
//! entity, source, language, least independent sources; by id, date or
//! sources) against a real server over the seeds and the language corpus:
//! every answer is checked against the events' own details.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn serve_corpus() -> Running {
    let languages = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/languages");
    serve(&[seeds(), languages], |_| {}, None)
}

/// The ids of a page of events, and its total.
fn ids(base: &str, query: &str) -> (Vec<u64>, u64) {
    let (st, page) = get(base, &format!("/api/events?limit=100{query}"));
    assert_eq!(st, 200, "{query}: {page}");
    let ids = numbers(&page["items"], "id");
    (ids, page["total"].as_u64().unwrap())
}

/// Every event's detail, in id order.
fn details(base: &str) -> Vec<Value> {
    let (all, total) = ids(base, "");
    assert_eq!(all.len() as u64, total);
    all.iter()
        .map(|id| {
            let (st, d) = get(base, &format!("/api/events/{id}"));
            assert_eq!(st, 200, "{d}");
            d
        })
        .collect()
}

/// The day an event is ordered and filtered by: its date, else its bound.
fn day(e: &Value) -> Option<String> {
    let d = &e["date"];
    if d["kind"] == "undated" {
        return None;
    }
    [&d["date"], &d["not_after"], &d["not_before"]]
        .iter()
        .find_map(|v| v.as_str().map(String::from))
}

fn members(e: &Value) -> Vec<&Value> {
    e["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["articles"].as_array().unwrap())
        .collect()
}

fn expect(all: &[Value], keep: impl Fn(&Value) -> bool) -> Vec<u64> {
    all.iter()
        .filter(|e| keep(e))
        .map(|e| e["id"].as_u64().unwrap())
        .collect()
}

#[test]
fn event_filters_keep_exactly_the_events_that_pass_them() {
    let s = serve_corpus();
    let base = s.base.as_str();
    let all = details(base);
    assert!(all.len() >= 5, "{} events", all.len());

    // Date range: the middle dated day splits the events.
    let mut days: Vec<String> = all.iter().filter_map(day).collect();
    days.sort();
    assert!(days.len() >= 3, "{days:?}");
    let mid = days[days.len() / 2].clone();
    let (got, total) = ids(base, &format!("&from={mid}"));
    let want = expect(&all, |e| day(e).is_some_and(|d| d >= mid));
    assert_eq!(got, want);
    assert_eq!(total, want.len() as u64);
    assert!(!want.is_empty() && want.len() < all.len());
    let (got, _) = ids(base, &format!("&to={mid}"));
    assert_eq!(got, expect(&all, |e| day(e).is_some_and(|d| d <= mid)));
    let (got, _) = ids(base, &format!("&from={mid}&to={mid}"));
    assert_eq!(
        got,
        expect(&all, |e| day(e).as_deref() == Some(mid.as_str()))
    );

    // Least independent sources.
    let (got, _) = ids(base, "&min_sources=2");
    let want = expect(&all, |e| e["independent_sources"].as_u64().unwrap() >= 2);
    assert!(!want.is_empty() && want.len() < all.len(), "{want:?}");
    assert_eq!(got, want);

    // Source, in any case: the events with an article from it.
    let source = all
        .iter()
        .flat_map(members)
        .find_map(|m| m["source"].as_str())
        .expect("an article with a source")
        .to_string();
    let (got, _) = ids(
        base,
        &format!("&source={}", source.to_uppercase().replace(' ', "%20")),
    );
    let want = expect(&all, |e| {
        members(e)
            .iter()
            .any(|m| m["source"].as_str() == Some(&source))
    });
    assert!(!want.is_empty() && want.len() < all.len(), "{want:?}");
    assert_eq!(got, want);

    // Language, as a two- or three-letter code.
    let (es, _) = ids(base, "&lang=es");
    let (spa, _) = ids(base, "&lang=spa");
    assert_eq!(es, spa);
    assert!(!es.is_empty() && es.len() < all.len(), "{es:?}");
    for id in &es {
        let e = all.iter().find(|e| e["id"] == *id).unwrap();
        let article = members(e)[0]["article"].as_str().unwrap().to_string();
        let (_, a) = get(base, &format!("/api/articles/{article}"));
        assert_eq!(a["language"], "es", "{a}");
    }
    let (en, _) = ids(base, "&lang=en");
    assert!(en.iter().all(|id| !es.contains(id)), "{en:?} {es:?}");

    // Entity, in another spelling: the events of its timeline.
    let (_, timeline) = get(base, "/api/timeline?q=Julani");
    let mut want = numbers(&timeline["entries"], "event");
    want.sort();
    assert!(!want.is_empty());
    let (got, _) = ids(base, "&entity=Julani");
    assert_eq!(got, want);

    // Filters combine.
    let (got, _) = ids(base, &format!("&entity=Julani&from={mid}"));
    let both: Vec<u64> = want
        .iter()
        .copied()
        .filter(|id| {
            let e = all.iter().find(|e| e["id"] == *id).unwrap();
            day(e).is_some_and(|d| d >= mid)
        })
        .collect();
    assert_eq!(got, both);

    // Paging counts the filtered events.
    let (st, page) = get(base, "/api/events?limit=1&min_sources=1&sort=date");
    assert_eq!(st, 200);
    assert_eq!(page["total"].as_u64().unwrap(), all.len() as u64);
    assert_eq!(page["next_offset"], 1);
}

#[test]
fn events_sort_by_date_or_by_independent_sources() {
    let s = serve_corpus();
    let base = s.base.as_str();
    let (st, page) = get(base, "/api/events?limit=100&sort=date");
    assert_eq!(st, 200);
    let items = page["items"].as_array().unwrap();
    let days: Vec<Option<String>> = items.iter().map(day).collect();
    let dated: Vec<&String> = days.iter().flatten().collect();
    assert!(dated.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    // Undated last.
    let undated_at = days.iter().position(Option::is_none).unwrap_or(days.len());
    assert!(days[undated_at..].iter().all(Option::is_none), "{days:?}");
    // Ties in the day go by id.
    let keyed: Vec<(bool, Option<String>, u64)> = items
        .iter()
        .map(|e| (day(e).is_none(), day(e), e["id"].as_u64().unwrap()))
        .collect();
    let mut sorted = keyed.clone();
    sorted.sort();
    assert_eq!(keyed, sorted);
    // Dated events only, when a range is given.
    let (_, ranged) = get(base, "/api/events?limit=100&sort=date&from=1900-01-01");
    assert_eq!(
        ranged["total"].as_u64().unwrap(),
        dated.len() as u64,
        "{ranged}"
    );

    let (_, page) = get(base, "/api/events?limit=100&sort=sources");
    let sources = numbers(&page["items"], "independent_sources");
    assert!(sources.windows(2).all(|w| w[0] >= w[1]), "{sources:?}");
    assert!(sources.first() > sources.last(), "{sources:?}");
}

#[test]
fn filtered_events_answer_csv_with_the_same_rows() {
    let s = serve_corpus();
    let (_, json) = get(&s.base, "/api/events?min_sources=2&sort=sources");
    let items = json["items"].as_array().unwrap();
    let resp = response(
        agent()
            .get(&format!(
                "{}/api/events?min_sources=2&sort=sources&format=csv",
                s.base
            ))
            .call(),
    );
    assert_eq!(resp.status(), 200);
    let text = resp.into_string().unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let col = r.headers().unwrap().iter().position(|h| h == "id").unwrap();
    let rows: Vec<String> = r.records().map(|x| x.unwrap()[col].to_string()).collect();
    let want: Vec<String> = items.iter().map(|e| e["id"].to_string()).collect();
    assert!(!want.is_empty());
    assert_eq!(rows, want);
}

#[test]
fn the_openapi_document_lists_the_event_filters() {
    let s = serve_corpus();
    let (st, doc) = get(&s.base, "/api/openapi.json");
    assert_eq!(st, 200);
    let params = strs(&doc["paths"]["/api/events"]["get"]["parameters"], "name");
    for name in [
        "from",
        "to",
        "entity",
        "source",
        "lang",
        "min_sources",
        "sort",
        "limit",
        "offset",
        "format",
    ] {
        assert!(params.contains(&name), "{name} in {params:?}");
    }
}

#[test]
fn bad_event_filters_are_a_400_and_an_unknown_entity_a_404() {
    let s = serve_corpus();
    for bad in [
        "min_sources=0",
        "min_sources=two",
        "min_sources=-1",
        "sort=size",
        "from=2018-13-01",
        "to=yesterday",
        "from=2020-01-02&to=2020-01-01",
        "lang=spanish",
        "limit=0",
        "offset=minus-one",
    ] {
        assert_get_error(&s.base, &format!("/api/events?{bad}"), 400, "bad_request");
        let (st, page) = get_text(&s.base, &format!("/events?{bad}"));
        assert_eq!(st, 400, "/events?{bad}: {page}");
    }
    assert_get_error(
        &s.base,
        "/api/events?entity=Nobody%20Atall",
        404,
        "not_found",
    );
    let long = "x".repeat(300);
    assert_get_error(
        &s.base,
        &format!("/api/events?entity={long}"),
        400,
        "bad_request",
    );
}

#[test]
fn the_events_page_keeps_its_filters_in_the_form_pager_and_csv_link() {
    let s = serve_corpus();
    let page = get_page(&s.base, "/events?limit=1&min_sources=1&sort=date&lang=en");
    assert_contains_all(
        &page,
        &[
            "name=\"min_sources\"",
            "<option value=\"date\" selected>",
            "&amp;min_sources=1&amp;sort=date&amp;format=csv",
            "href=\"/events?offset=1&amp;limit=1&amp;lang=en&amp;min_sources=1&amp;sort=date\"",
        ],
    );
}

#[test]
fn entity_pages_zoom_their_timeline_and_refuse_a_bad_range() {
    let s = serve_corpus();
    let page = get_page(&s.base, "/entities/Julani?from=2020-01-01");
    assert_contains_all(&page, &["in this range", "Whole span"]);
    assert!(!page.contains("2018-01-16 (stated)"), "{page}");
    for bad in ["from=2020-02-30", "from=2020-01-02&to=2020-01-01"] {
        let (st, page) = get_text(&s.base, &format!("/entities/Julani?{bad}"));
        assert_eq!(st, 400, "{bad}: {page}");
    }
}
