//! Alias-aware search on the real server: `/api/search` and the search page
//! find a name under all its spellings, say which, and `exact=true` turns
//! that off.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// Wire One writes (Muammar) Gaddafi, Daily Two (Moammar) Gadhafi; Mubarak
/// is two people.
fn serve_spellings() -> Running {
    let spellings = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/spellings");
    serve(&[spellings], |_| {}, None)
}

fn titles(answer: &Value) -> Vec<String> {
    let mut t = strings(&answer["hits"], "title");
    t.sort();
    t
}

#[test]
fn api_search_finds_every_spelling_and_reports_the_expansion() {
    let s = serve_spellings();
    let (st, all) = get(&s.base, "/api/search?q=Gaddafi");
    assert_eq!(st, 200, "{all}");
    assert_eq!(
        titles(&all),
        [
            "Gaddafi vows to fight on",
            "Gadhafi's forces shell Misrata",
            "Oil prices climb",
            "Rebels advance on Brega"
        ]
    );
    assert_eq!(all["query"], "Gaddafi", "the query as asked: {all}");
    assert_eq!(all["expanded"][0]["term"], "Gaddafi", "{all}");
    assert_eq!(all["expanded"][0]["aliases"][0], "Gadhafi", "{all}");
    let entity = all["expanded"][0]["entity"].as_str().unwrap();
    let (st, e) = get(&s.base, &format!("/api/entities/{entity}"));
    assert_eq!(st, 200, "the expansion names a real entity: {e}");

    let (st, exact) = get(&s.base, "/api/search?q=Gaddafi&exact=true");
    assert_eq!(st, 200, "{exact}");
    assert_eq!(
        titles(&exact),
        ["Gaddafi vows to fight on", "Rebels advance on Brega"]
    );
    assert_eq!(exact["expanded"], serde_json::json!([]), "{exact}");

    let (st, amb) = get(&s.base, "/api/search?q=Mubarak");
    assert_eq!(st, 200, "{amb}");
    assert_eq!(amb["ambiguous"][0], "Mubarak", "{amb}");
    assert_eq!(amb["expanded"], serde_json::json!([]), "{amb}");

    assert_get_error(
        &s.base,
        "/api/search?q=Gaddafi&exact=maybe",
        400,
        "bad_request",
    );
    let deep = format!("{}Gaddafi", "(".repeat(40));
    assert_get_error(
        &s.base,
        &format!("/api/search?q={deep}"),
        400,
        "bad_request",
    );
}

#[test]
fn openapi_documents_exact_and_expanded() {
    let s = serve_spellings();
    let (st, doc) = get(&s.base, "/api/openapi.json");
    assert_eq!(st, 200);
    let params = doc["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap();
    assert!(params.iter().any(|p| p["name"] == "exact"), "{params:?}");
    let response = &doc["components"]["schemas"]["SearchResponse"]["properties"];
    assert!(response.get("expanded").is_some(), "{response}");
    assert!(response.get("ambiguous").is_some(), "{response}");
    assert!(doc["components"]["schemas"]["ExpansionOut"].is_object());
}

#[test]
fn search_page_shows_the_spellings_searched_and_a_link_to_search_as_written() {
    let s = serve_spellings();
    let page = get_page(&s.base, "/search?q=Gaddafi");
    assert_contains_all(
        &page,
        &[
            "Also searched: Gadhafi",
            "4 matching articles",
            "href=\"/search?q=Gaddafi&amp;exact=true\"",
            "search only ‘Gaddafi’",
        ],
    );

    let page = get_page(&s.base, "/search?q=Gaddafi&exact=true");
    assert!(!page.contains("Also searched"), "{page}");
    // The form keeps the choice, and a link undoes it.
    assert_contains_all(
        &page,
        &[
            "2 matching articles",
            "name=\"exact\" value=\"true\"",
            "href=\"/search?q=Gaddafi\"",
        ],
    );

    let (_, page) = get_text(&s.base, "/search?q=Mubarak");
    assert!(page.contains("several entities bear Mubarak"), "{page}");
}
