//! The JSON API against a real server on a free loopback port, over the five
//! seed articles in corpus/seeds.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use storyline_store::DataDir;

/// A data directory holding the seeds, served on a free loopback port.
fn start(token: Option<&str>, max_body: Option<usize>) -> Running {
    serve_seeds(|config| {
        config.token = token.map(str::to_string);
        if let Some(m) = max_body {
            config.max_body = m;
        }
    })
}

#[test]
fn articles_page_through_the_store() {
    let s = start(None, None);
    let (st, first) = get(&s.base, "/api/articles?limit=2");
    assert_eq!(st, 200);
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(first["next_offset"], 2);
    let item = &first["items"][0];
    assert_eq!(item["id"].as_str().unwrap().len(), 32);
    assert!(item["words"].as_u64().unwrap() > 50);
    assert!(!item["headline"].as_str().unwrap().is_empty());

    let (_, last) = get(&s.base, "/api/articles?limit=2&offset=4");
    assert_eq!(last["items"].as_array().unwrap().len(), 1);
    assert!(last["next_offset"].is_null());

    // Every article once across the pages.
    let mut ids: Vec<String> = Vec::new();
    for off in [0, 2, 4] {
        let (_, p) = get(&s.base, &format!("/api/articles?limit=2&offset={off}"));
        for it in p["items"].as_array().unwrap() {
            ids.push(it["id"].as_str().unwrap().to_string());
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5);

    assert_bad_requests(
        &s.base,
        &[
            "/api/articles?from=2018-02-30",
            "/api/articles?limit=0",
            "/api/articles?offset=minus-one",
        ],
    );
}

#[test]
fn article_by_id_has_clean_text_provenance_and_removed_chrome() {
    let s = start(None, None);
    let (_, list) = get(&s.base, "/api/articles?limit=5");
    let id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["removed_blocks"].as_u64().unwrap() > 0)
        .expect("a seed with chrome")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (st, a) = get(&s.base, &format!("/api/articles/{id}"));
    assert_eq!(st, 200);
    assert_eq!(a["id"], id.as_str());
    assert!(a["text"].as_str().unwrap().contains("\n\n"));
    let removed = a["removed"].as_array().unwrap();
    assert!(!removed.is_empty());
    assert!(removed[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("chrome."));
    // Removed chrome is not in the clean text.
    for r in removed {
        let t = r["text"].as_str().unwrap().trim();
        if t.len() > 30 {
            assert!(!a["text"].as_str().unwrap().contains(t), "{t}");
        }
    }
    if !a["published"].is_null() {
        assert!(!a["published_provenance"]["rule"]
            .as_str()
            .unwrap()
            .is_empty());
    }
    // A unique prefix finds the same article.
    let (st, b) = get(&s.base, &format!("/api/articles/{}", &id[..10]));
    assert_eq!(st, 200);
    assert_eq!(b["id"], id.as_str());

    assert_get_error(
        &s.base,
        &format!("/api/articles/{}", "0".repeat(32)),
        404,
        "not_found",
    );
    assert_get_error(&s.base, "/api/articles/not-an-id", 404, "not_found");
}

#[test]
fn search_finds_the_phrase_with_highlights_and_facets() {
    let s = start(None, None);
    let (st, r) = get(&s.base, "/api/search?q=%22close%20ranks%22");
    assert_eq!(st, 200);
    assert_eq!(r["query"], "\"close ranks\"");
    assert_eq!(r["total"], 3);
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    for h in hits {
        let snippet = h["snippet"].as_str().unwrap();
        let marked: Vec<String> = h["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let (a, b) = (
                    r[0].as_u64().unwrap() as usize,
                    r[1].as_u64().unwrap() as usize,
                );
                snippet[a..b].to_lowercase()
            })
            .collect();
        assert!(
            marked.contains(&"close".to_string()) && marked.contains(&"ranks".to_string()),
            "{marked:?} in {snippet}"
        );
    }
    let facet_sum: u64 = r["facets"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    let month_sum: u64 = r["facets"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        month_sum + r["facets"]["undated"].as_u64().unwrap(),
        3,
        "{r}"
    );
    // Seeds are .txt files: sources are unknown, so no source facet here.
    assert!(facet_sum <= 3);

    // Paging: one per page, three pages, no repeats.
    let mut seen = Vec::new();
    let mut offset = Some(0);
    while let Some(o) = offset {
        let (_, p) = get(
            &s.base,
            &format!("/api/search?q=%22close%20ranks%22&limit=1&offset={o}"),
        );
        seen.push(p["hits"][0]["id"].as_str().unwrap().to_string());
        offset = p["next_offset"].as_u64().map(|n| n as usize);
    }
    assert_eq!(seen.len(), 3);
    seen.dedup();
    assert_eq!(seen.len(), 3);

    // Date filter from the facet: the histogram's months narrow the result.
    if let Some(m) = r["facets"]["months"].as_array().unwrap().first() {
        let month = m["value"].as_str().unwrap();
        let (_, f) = get(
            &s.base,
            &format!("/api/search?q=%22close%20ranks%22&from={month}-01&to={month}-31"),
        );
        assert_eq!(f["total"], m["count"]);
    }

    assert_bad_requests(
        &s.base,
        &[
            "/api/search",
            "/api/search?q=title:(unclosed",
            "/api/search?q=syria&limit=101",
            "/api/search?q=syria&to=yesterday",
        ],
    );
}

#[test]
fn stats_and_openapi_describe_the_store_and_the_api() {
    let s = start(None, None);
    let (st, stats) = get(&s.base, "/api/stats");
    assert_eq!(st, 200);
    assert_eq!(stats["articles"], 5);
    assert_eq!(stats["indexed"], 5);
    assert!(stats["removed_blocks"].as_u64().unwrap() > 0);

    let (st, doc) = get(&s.base, "/api/openapi.json");
    assert_eq!(st, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/articles",
        "/api/articles/{id}",
        "/api/search",
        "/api/stats",
        "/api/ingest",
        "/api/groups",
        "/api/events",
        "/api/events/{id}",
        "/api/stories",
        "/api/stories/{id}",
        "/api/timeline",
        "/api/entities",
        "/api/entities/{id}",
        "/api/quotes",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["SearchResponse"].is_object());
    assert!(doc["components"]["schemas"]["EventDetail"].is_object());
    assert!(doc["components"]["schemas"]["TimelineResponse"].is_object());
    assert!(doc["components"]["schemas"]["EntityDetailOut"].is_object());
    assert!(doc["components"]["schemas"]["QuotePage"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );

    assert_get_error(&s.base, "/api/no-such-endpoint", 404, "not_found");
}

const XSS_JSONL: &str = r#"{"id":"xss-1","source":"evil.example","url":"javascript:alert(1)","published":"2019-05-01","title":"<script>window.__xss=1</script> Ceasefire <img src=x onerror=\"window.__xss=2\">","text":"Rebels agreed to a ceasefire on Monday. <script>window.__xss=3</script>\n\nA second paragraph with <img src=x onerror=window.__xss=4> in it and more words about the ceasefire talks."}"#;

#[test]
fn ingest_needs_a_configured_token() {
    let s = start(None, None);
    let (st, body, _) = post_bearer(&format!("{}/api/ingest", s.base), "anything", XSS_JSONL);
    assert_error(st, &body, 403, "forbidden");
}

#[test]
fn ingest_with_the_token_stores_and_makes_articles_searchable() {
    let s = start(Some("s3cret"), Some(4096));
    let url = format!("{}/api/ingest", s.base);
    let (st, body, _) = call(agent().post(&url).send_string(XSS_JSONL));
    assert_error(st, &body, 401, "unauthorized");
    let (st, body, _) = post_bearer(&url, "wrong", XSS_JSONL);
    assert_error(st, &body, 401, "unauthorized");

    let (st, report, _) = call(
        agent()
            .post(&url)
            .set("Authorization", "Bearer s3cret")
            .set("Content-Type", "application/x-ndjson")
            .send_string(&format!("{XSS_JSONL}\nnot json\n")),
    );
    assert_eq!(st, 200, "{report}");
    assert_eq!(report["new"], 1);
    assert_eq!(report["failed"], 1);
    assert_eq!(report["failures"][0]["locator"], "body.jsonl:2");
    let (_, r) = get(&s.base, "/api/search?q=ceasefire");
    assert_eq!(r["total"], 1);
    assert_eq!(r["facets"]["sources"][0]["value"], "evil.example");

    // Again: content-addressed, nothing new.
    let (_, again, _) = post_bearer(&url, "s3cret", XSS_JSONL);
    assert_eq!(again["unchanged"], 1);
    assert_eq!(again["new"], 0);

    // Multipart: a file named by its kind.
    let boundary = "XyZboundary";
    let text = "Talks resume in Geneva\n\nDelegations from both sides met in Geneva on Thursday to resume the talks that broke down last month, officials said.\n";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../geneva.txt\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n"
    );
    let (st, report, _) = call(
        agent()
            .post(&url)
            .set("Authorization", "Bearer s3cret")
            .set(
                "Content-Type",
                &format!("multipart/form-data; boundary={boundary}"),
            )
            .send_string(&form),
    );
    assert_eq!(st, 200, "{report}");
    assert_eq!(report["new"], 1);
    let (_, r) = get(&s.base, "/api/search?q=geneva%20delegations");
    assert_eq!(r["total"], 1);
    // The upload's name cannot escape the upload directory, where it is kept
    // as the article's recorded input.
    assert!(!s.data.join("geneva.txt").exists());
    let (_, a) = get(
        &s.base,
        &format!("/api/articles/{}", r["hits"][0]["id"].as_str().unwrap()),
    );
    // Shown relative to the data directory.
    let path = PathBuf::from(a["path"].as_str().unwrap());
    assert!(path.starts_with("uploads"), "{path:?}");
    assert!(path
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .ends_with("geneva.txt"));
    assert!(s.data.join(&path).is_file());

    // Over the body limit (4 KiB here).
    let big = XSS_JSONL.repeat(20);
    let (st, body, _) = post_bearer(&url, "s3cret", &big);
    assert_error(st, &body, 413, "payload_too_large");
}

#[test]
fn pages_escape_hostile_articles_and_send_a_csp() {
    let s = start(Some("t"), None);
    let (st, _, _) = post_bearer(&format!("{}/api/ingest", s.base), "t", XSS_JSONL);
    assert_eq!(st, 200);
    let (_, r) = get(&s.base, "/api/search?q=ceasefire");
    let id = r["hits"][0]["id"].as_str().unwrap().to_string();
    let event = r["hits"][0]["event"]
        .as_u64()
        .expect("the article is in an event");
    let (_, ev) = get(&s.base, &format!("/api/events/{event}"));
    let story = ev["story"].as_u64().unwrap();
    for path in [
        format!("/articles/{id}"),
        "/search?q=ceasefire".to_string(),
        "/articles?source=evil.example".to_string(),
        "/events".to_string(),
        format!("/events/{event}"),
        "/stories".to_string(),
        format!("/stories/{story}"),
    ] {
        let resp = agent().get(&format!("{}{path}", s.base)).call().unwrap();
        let csp = resp.header("content-security-policy").unwrap().to_string();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let html = resp.into_string().unwrap();
        assert!(!html.contains("<script>window"), "{path}: raw script tag");
        assert!(!html.contains("<img src=x"), "{path}: raw img tag");
        assert!(!html.contains("href=\"javascript:"), "{path}: script URL");
        // The only script is the bundled one.
        assert_eq!(html.matches("<script").count(), 1, "{path}");
    }
    let html = agent()
        .get(&format!("{}/articles/{id}", s.base))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(html.contains("&lt;script&gt;window.__xss=1&lt;/script&gt;"));
    assert!(html.contains("<details class=\"removed\">"));

    // Unknown pages are HTML 404s.
    let (st, text) = get_text(&s.base, "/articles/ffff0000");
    assert_eq!(st, 404);
    assert!(text.contains("no article with id"));
}

#[test]
fn the_server_reads_while_another_process_ingests() {
    let s = start(None, None);
    let (_, before) = get(&s.base, "/api/stats");
    assert_eq!(before["articles"], 5);
    // A writer (as `storyline ingest` would) adds to the served directory.
    let (_tmp, file) = input_file(
        "feed.jsonl",
        r#"{"id":"w1","source":"wire","published":"2020-01-02","title":"Quarterly harvest report","text":"The quarterly harvest report was published on Thursday by the ministry of agriculture."}"#,
    );
    ingest(&s.data, &[file]);
    let (_, after) = get(&s.base, "/api/stats");
    assert_eq!(after["articles"], 6);
    // The index reader follows the writer's commit within a moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, r) = get(&s.base, "/api/search?q=harvest");
        if r["total"] == 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "search never saw the new article"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn ingest_while_another_process_holds_the_index_writer_is_a_409_and_loses_nothing() {
    let s = start(Some("t"), None);
    let url = format!("{}/api/ingest", s.base);
    let index = tantivy::Index::open_in_dir(s.data.join(DataDir::INDEX_DIR)).unwrap();
    let writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    let (st, body, _) = post_bearer(&url, "t", XSS_JSONL);
    assert_error(st, &body, 409, "conflict");
    drop(writer);
    // The next writer indexes what the refused request had already stored.
    let (st, again, _) = post_bearer(&url, "t", XSS_JSONL);
    assert_eq!(st, 200, "{again}");
    let (_, r) = get(&s.base, "/api/search?q=ceasefire");
    assert_eq!(r["total"], 1);
}

/// Article ids by the seed file they were read from (`001` -> id).
fn seed_ids(base: &str) -> std::collections::HashMap<String, String> {
    let (_, page) = get(base, "/api/articles?limit=100");
    let mut out = std::collections::HashMap::new();
    for it in page["items"].as_array().unwrap() {
        let id = it["id"].as_str().unwrap().to_string();
        let (_, a) = get(base, &format!("/api/articles/{id}"));
        let path = a["path"].as_str().unwrap();
        let file = Path::new(path).file_name().unwrap().to_str().unwrap();
        out.insert(file[..3].to_string(), id);
    }
    out
}

#[test]
fn groups_list_the_wire_copies_with_their_origin() {
    let s = start(None, None);
    let ids = seed_ids(&s.base);
    let (st, page) = get(&s.base, "/api/groups");
    assert_eq!(st, 200, "{page}");
    let groups = page["items"].as_array().unwrap();
    let mut wanted = vec![ids["001"].clone(), ids["002"].clone()];
    wanted.sort();
    let g = groups
        .iter()
        .find(|g| {
            let mut m = strings(&g["members"], "id");
            m.sort();
            m == wanted
        })
        .unwrap_or_else(|| panic!("no group of 001+002 in {page}"));
    assert_eq!(g["origin"], "AFP", "{g}");
    assert!(wanted.contains(&g["canonical"].as_str().unwrap().to_string()));
    for m in g["members"].as_array().unwrap() {
        assert!(m["similarity"].as_f64().unwrap() > 0.5, "{g}");
    }
    assert_get_error(&s.base, "/api/groups?limit=0", 400, "bad_request");
}

#[test]
fn events_page_and_the_close_ranks_event_has_two_groups_of_three_articles() {
    let s = start(None, None);
    let ids = seed_ids(&s.base);
    let (st, page) = get(&s.base, "/api/events");
    assert_eq!(st, 200, "{page}");
    let events = page["items"].as_array().unwrap();
    assert_eq!(events.len(), 3, "{page}");
    assert!(page["next_offset"].is_null());

    // Paging: two, then one.
    let (_, p1) = get(&s.base, "/api/events?limit=2");
    assert_eq!(p1["items"].as_array().unwrap().len(), 2);
    assert_eq!(p1["next_offset"], 2);
    let (_, p2) = get(&s.base, "/api/events?limit=2&offset=2");
    assert_eq!(p2["items"].as_array().unwrap().len(), 1);
    assert!(p2["next_offset"].is_null());

    // The search result for "close ranks" links to its event.
    let (_, r) = get(&s.base, "/api/search?q=%22close%20ranks%22");
    let event = r["hits"][0]["event"].as_u64().expect("hit has an event");
    for h in r["hits"].as_array().unwrap() {
        assert_eq!(h["event"].as_u64(), Some(event), "{r}");
    }
    let (_, art) = get(&s.base, &format!("/api/articles/{}", ids["000"]));
    assert_eq!(art["event"].as_u64(), Some(event));

    let (st, e) = get(&s.base, &format!("/api/events/{event}"));
    assert_eq!(st, 200, "{e}");
    assert_eq!(e["members"].as_array().unwrap().len(), 3, "{e}");
    assert_eq!(e["independent_sources"], 2, "{e}");
    let groups = e["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{e}");
    assert_eq!(groups[0]["articles"].as_array().unwrap().len(), 2);
    assert_eq!(groups[0]["origin"], "AFP");
    assert_eq!(groups[1]["articles"].as_array().unwrap().len(), 1);
    assert_eq!(groups[1]["articles"][0]["article"], ids["000"].as_str());
    // A date with its kind and the evidence it rests on, in a member article.
    let kind = e["date"]["kind"].as_str().unwrap();
    assert!(["stated", "inferred", "bound"].contains(&kind), "{e}");
    let members = strs(&e["members"], "article");
    let evidence = e["date"]["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty(), "{e}");
    for ev in evidence {
        assert!(members.contains(&ev["article"].as_str().unwrap()), "{e}");
        assert!(!ev["rule"].as_str().unwrap().is_empty());
    }
    // The summary sentence is quoted from one of the event's articles.
    let summary = &e["summary"];
    assert!(
        members.contains(&summary["article"].as_str().unwrap()),
        "{e}"
    );
    let (_, src) = get(
        &s.base,
        &format!("/api/articles/{}", summary["article"].as_str().unwrap()),
    );
    let (a, b) = (
        summary["span"][0].as_u64().unwrap() as usize,
        summary["span"][1].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &src["text"].as_str().unwrap()[a..b],
        summary["text"].as_str().unwrap()
    );

    assert_get_error(&s.base, "/api/events/999999", 404, "not_found");
    assert_get_error(&s.base, "/api/events/abc", 400, "bad_request");
}

#[test]
fn stories_and_timelines_order_dated_entries_and_agree_with_each_other() {
    let s = start(None, None);
    let (st, page) = get(&s.base, "/api/stories");
    assert_eq!(st, 200, "{page}");
    let stories = page["items"].as_array().unwrap();
    assert!(!stories.is_empty());
    let total_events: usize = stories
        .iter()
        .map(|s| s["events"].as_array().unwrap().len())
        .sum();
    assert_eq!(total_events, 3, "every event in one story: {page}");

    let id = stories[0]["id"].as_u64().unwrap();
    let (st, story) = get(&s.base, &format!("/api/stories/{id}"));
    assert_eq!(st, 200, "{story}");
    let timeline = story["timeline"].as_array().unwrap();
    assert_eq!(
        timeline.len(),
        stories[0]["events"].as_array().unwrap().len()
    );
    // Dated entries in date order, undated ones after them.
    let mut seen_undated = false;
    let mut last = String::new();
    for t in timeline {
        if t["undated"].as_bool().unwrap() {
            seen_undated = true;
            continue;
        }
        assert!(!seen_undated, "a dated entry after an undated one: {story}");
        let d = t["date"]["date"]
            .as_str()
            .or(t["date"]["not_after"].as_str())
            .or(t["date"]["not_before"].as_str())
            .unwrap()
            .to_string();
        assert!(d >= last, "{story}");
        last = d;
    }
    let (st, tl) = get(&s.base, &format!("/api/timeline?story={id}"));
    assert_eq!(st, 200);
    assert_eq!(tl["entries"], story["timeline"]);

    // By name: the events whose articles mention it.
    let (st, tl) = get(&s.base, "/api/timeline?q=close%20ranks");
    assert_eq!(st, 200, "{tl}");
    let entries = tl["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{tl}");
    assert_eq!(entries[0]["articles"].as_array().unwrap().len(), 3);

    assert_get_error(&s.base, "/api/stories/424242", 404, "not_found");
    assert_bad_requests(&s.base, &["/api/timeline", "/api/timeline?story=x"]);
}

fn alias_names(e: &Value) -> Vec<String> {
    strings(&e["aliases"], "name")
}

#[test]
fn entities_list_filters_by_kind_and_name_and_pages() {
    let s = start(None, None);
    let (st, page) = get(&s.base, "/api/entities?limit=100");
    assert_eq!(st, 200, "{page}");
    let all = page["items"].as_array().unwrap();
    assert_eq!(page["total"].as_u64().unwrap() as usize, all.len());
    assert!(all.len() > 10, "{page}");
    // Most mentioned first.
    let mentions: Vec<u64> = all
        .iter()
        .map(|e| e["mentions"].as_u64().unwrap())
        .collect();
    assert!(mentions.windows(2).all(|w| w[0] >= w[1]), "{page}");

    // One person under every spelling, found by any of them.
    for name in ["Julani", "jolani", "Abu Muhammad"] {
        let (st, p) = get(
            &s.base,
            &format!(
                "/api/entities?kind=person&name={}",
                name.replace(' ', "%20")
            ),
        );
        assert_eq!(st, 200, "{p}");
        let items = p["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{name}: {p}");
        assert_eq!(items[0]["kind"], "person");
        let aliases = alias_names(&items[0]);
        assert!(aliases.iter().any(|a| a == "Jolani"), "{p}");
        assert!(aliases.iter().any(|a| a == "Julani"), "{p}");
    }
    // Kinds filter: no place among people.
    let (_, places) = get(&s.base, "/api/entities?kind=place&limit=100");
    for e in places["items"].as_array().unwrap() {
        assert_eq!(e["kind"], "place");
    }
    let idlib = places["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Idlib")
        .expect("Idlib is a place");
    assert!(alias_names(idlib).contains(&"Idleb".to_string()), "{idlib}");

    // Paging covers every entity once.
    let (_, p1) = get(&s.base, "/api/entities?limit=5");
    assert_eq!(p1["items"].as_array().unwrap().len(), 5);
    assert_eq!(p1["next_offset"], 5);
    let (_, p2) = get(&s.base, "/api/entities?limit=5&offset=5");
    assert_ne!(p1["items"][0]["id"], p2["items"][0]["id"]);

    assert_bad_requests(
        &s.base,
        &[
            "/api/entities?kind=planet",
            "/api/entities?limit=1000",
            "/api/entities?offset=-1",
        ],
    );
}

#[test]
fn an_entity_has_aliases_a_timeline_of_three_events_quotes_and_company() {
    let s = start(None, None);
    let (_, p) = get(&s.base, "/api/entities?name=Jolani");
    let id = p["items"][0]["id"].as_str().unwrap().to_string();
    let (st, e) = get(&s.base, &format!("/api/entities/{id}"));
    assert_eq!(st, 200, "{e}");
    assert_eq!(e["id"], id.as_str());
    assert_eq!(e["kind"], "person");
    let aliases = alias_names(&e);
    for a in ["Jolani", "Julani"] {
        assert!(aliases.contains(&a.to_string()), "{e}");
    }
    let total: u64 = e["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["mentions"].as_u64().unwrap())
        .sum();
    assert_eq!(total, e["mentions"].as_u64().unwrap());

    // Three events: two dated in order, the undated one last.
    let tl = e["timeline"].as_array().unwrap();
    assert_eq!(tl.len(), 3, "{e}");
    assert!(!tl[0]["undated"].as_bool().unwrap());
    assert!(!tl[1]["undated"].as_bool().unwrap());
    assert!(tl[2]["undated"].as_bool().unwrap());
    assert!(tl[0]["date"]["date"].as_str().unwrap() < tl[1]["date"]["date"].as_str().unwrap());
    // The same as the timeline endpoint by name, in any spelling.
    let (_, by_name) = get(&s.base, "/api/timeline?q=Julani");
    assert_eq!(by_name["entries"], e["timeline"]);

    // Quotes: his, including the one three articles carry from two sources.
    let quotes = e["quotes"].as_array().unwrap();
    assert!(!quotes.is_empty());
    for q in quotes {
        assert_eq!(q["speaker_entity"], id.as_str(), "{q}");
    }
    let hundred = quotes
        .iter()
        .filter(|q| q["text"].as_str().unwrap().starts_with("For 100 days"))
        .collect::<Vec<_>>();
    assert_eq!(hundred.len(), 1, "{e}");
    assert_eq!(hundred[0]["articles"].as_array().unwrap().len(), 3);
    assert_eq!(hundred[0]["independent_sources"], 2);

    // Co-occurring: HTS, in every one of his articles; never himself.
    let co = e["co_occurring"].as_array().unwrap();
    assert!(co.iter().all(|c| c["id"] != id.as_str()));
    let hts = co
        .iter()
        .find(|c| c["name"].as_str().unwrap().contains("Tahrir"))
        .unwrap_or_else(|| panic!("HTS co-occurs: {e}"));
    assert_eq!(hts["articles"], 5, "{hts}");
    assert_eq!(e["article_list"].as_array().unwrap().len(), 5);

    // By a name in another spelling: the same entity.
    let (st, by_alias) = get(&s.base, "/api/entities/Julani");
    assert_eq!(st, 200);
    assert_eq!(by_alias["id"], id.as_str());

    assert_get_error(&s.base, "/api/entities/nobody-at-all", 404, "not_found");
}

#[test]
fn quote_bank_lists_each_quote_once_and_filters_by_speaker() {
    let s = start(None, None);
    let (st, page) = get(&s.base, "/api/quotes?limit=100");
    assert_eq!(st, 200, "{page}");
    let items = page["items"].as_array().unwrap();
    assert_eq!(page["total"].as_u64().unwrap() as usize, items.len());
    let hundred: Vec<&Value> = items
        .iter()
        .filter(|q| q["text"].as_str().unwrap().contains("For 100 days"))
        .collect();
    assert_eq!(hundred.len(), 1, "{page}");
    let q = hundred[0];
    assert_eq!(q["articles"].as_array().unwrap().len(), 3, "{q}");
    assert_eq!(q["independent_sources"], 2, "{q}");
    assert_eq!(q["first_reported"], "2018-01-17", "{q}");
    assert!(q["speaker"].as_str().unwrap().contains("Jolani"), "{q}");
    // Most reported first.
    let n: Vec<usize> = items
        .iter()
        .map(|q| q["articles"].as_array().unwrap().len())
        .collect();
    assert!(n.windows(2).all(|w| w[0] >= w[1]), "{page}");

    // By speaker, in another spelling: only his, and the speaker named.
    let (st, his) = get(&s.base, "/api/quotes?speaker=Julani&limit=100");
    assert_eq!(st, 200, "{his}");
    let speaker = his["speaker"]["id"].as_str().unwrap();
    let mine = his["items"].as_array().unwrap();
    assert!(!mine.is_empty() && mine.len() < items.len(), "{his}");
    for q in mine {
        assert_eq!(q["speaker_entity"], speaker, "{q}");
    }
    let (_, one) = get(&s.base, "/api/quotes?speaker=Julani&limit=1&offset=1");
    assert_eq!(one["items"][0], mine[1]);
    assert_eq!(one["next_offset"], 2);

    assert_get_error(
        &s.base,
        "/api/quotes?speaker=Nobody%20Atall",
        404,
        "not_found",
    );
    assert_bad_requests(
        &s.base,
        &["/api/quotes?limit=0", "/api/quotes?partial=maybe"],
    );
}

#[test]
fn quotes_page_marks_a_low_confidence_speaker() {
    let (_dir, file) = input_file(
        "misrata.txt",
        "Rebels hold the port of Misrata as fuel runs short\n\n\
         Rebels held the port of Misrata on Tuesday after a week of shelling by government forces, and ships carrying fuel reached the harbour.\n\n\
         Fathi Terbil, who has acted for the families of prisoners in Benghazi, visited the port on Tuesday.\n\n\
         \"We have enough fuel for a month, no more than that,\" he said.\n\n\
         \"The city will not fall while the port stays open,\" Mustafa Abdel Jalil said in Benghazi.\n",
    );
    let s = serve(&[file], |_| {}, None);
    let html = get_page(&s.base, "/quotes");
    let item = |words: &str| {
        html.split("<li class=\"quote\">")
            .find(|li| li.contains(words))
            .unwrap_or_else(|| panic!("no quote with {words:?} in {html}"))
            .to_string()
    };
    // "he said" after a name of unknown gender: a guess, marked.
    assert!(item("enough fuel").contains("low-confidence"), "{html}");
    // A speaker named at the cue: not marked.
    assert!(!item("will not fall").contains("low-confidence"), "{html}");
}

#[test]
fn entity_pages_draw_the_timeline_and_link_from_events_and_articles() {
    let s = start(None, None);
    let (_, p) = get(&s.base, "/api/entities?name=Jolani");
    let id = p["items"][0]["id"].as_str().unwrap().to_string();
    let page = |path: &str| get_page(&s.base, path);
    let html = page(&format!("/entities/{id}"));
    // A drawn chart: three marks, each a link to its event, with a tooltip.
    assert!(html.contains("<svg class=\"timeline-chart\""), "{html}");
    assert_eq!(html.matches("<a class=\"mark").count(), 3, "{html}");
    assert!(html.matches("class=\"tick-label\"").count() >= 3, "{html}");
    assert!(!html.contains("style="), "no inline style under the CSP");
    let (_, events) = get(&s.base, "/api/events");
    let ids = numbers(&events["items"], "id");
    assert_eq!(ids.len(), 3);
    for n in &ids {
        assert!(html.contains(&format!("href=\"/events/{n}\"")), "{html}");
    }
    // The event and article pages link to the entity: the seeds' first
    // event (000, 001, 002) names Jolani.
    let (_, first) = get(&s.base, "/api/events?limit=1");
    let event = page(&format!("/events/{}", first["items"][0]["id"]));
    assert!(
        event.contains(&format!("href=\"/entities/{id}\"")),
        "{event}"
    );
    let (_, r) = get(&s.base, "/api/search?q=Julani");
    let art = page(&format!(
        "/articles/{}",
        r["hits"][0]["id"].as_str().unwrap()
    ));
    assert!(art.contains(&format!("href=\"/entities/{id}\"")), "{art}");
    let quotes = page("/quotes");
    assert_eq!(quotes.matches("For 100 days").count(), 1);
    assert!(page("/entities?kind=person").contains(&format!("/entities/{id}")));
    let (st, _) = get_text(&s.base, "/entities/nobody-at-all");
    assert_eq!(st, 404);
}

#[test]
fn search_counts_entities_and_events_and_filters_by_them() {
    let s = start(None, None);
    let (st, r) = get(&s.base, "/api/search?q=%22close%20ranks%22");
    assert_eq!(st, 200, "{r}");
    let event = r["hits"][0]["event"].as_u64().unwrap();
    // Three matches, all in one event; every match counted (fewer than the sample).
    assert_eq!(r["facets"]["sampled"], 3, "{r}");
    let events = r["facets"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{r}");
    assert_eq!(events[0]["id"], event);
    assert_eq!(events[0]["count"], 3);
    assert!(!events[0]["headline"].as_str().unwrap().is_empty());
    let entities = r["facets"]["entities"].as_array().unwrap();
    let jolani = entities
        .iter()
        .find(|e| e["name"].as_str().unwrap().contains("Jolani"))
        .unwrap_or_else(|| panic!("Jolani in the entity facet: {r}"));
    assert_eq!(jolani["articles"], 3, "{jolani}");
    let id = jolani["id"].as_str().unwrap();

    // Filter by entity: the matches mentioning it, as many as the facet said.
    let (_, all) = get(&s.base, "/api/search?q=Syria");
    let (_, idlib) = get(&s.base, "/api/search?q=Syria&entity=Idleb");
    let counted = all["facets"]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Idlib")
        .unwrap()["articles"]
        .as_u64()
        .unwrap();
    assert_eq!(idlib["total"].as_u64().unwrap(), counted, "{idlib}");
    let (_, his) = get(&s.base, &format!("/api/search?q=Syria&entity={id}"));
    assert_eq!(his["total"], 5, "{his}");

    // Filter by event: only its articles; with an entity too, both hold.
    let (_, ev) = get(&s.base, &format!("/api/search?q=Jolani&event={event}"));
    assert_eq!(ev["total"], 3, "{ev}");
    for h in ev["hits"].as_array().unwrap() {
        assert_eq!(h["event"], event);
    }
    let (_, other) = get(&s.base, "/api/search?q=Jolani");
    let other_event = other["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["event"].as_u64().unwrap())
        .find(|&e| e != event)
        .unwrap();
    let (_, one) = get(
        &s.base,
        &format!("/api/search?q=Jolani&event={other_event}&entity={id}"),
    );
    assert_eq!(one["total"], 1, "{one}");

    assert_get_error(
        &s.base,
        "/api/search?q=Syria&entity=nobody-at-all",
        404,
        "not_found",
    );
    assert_get_error(&s.base, "/api/search?q=Syria&event=abc", 400, "bad_request");
    assert_get_error(&s.base, "/api/search?q=Syria&event=99999", 404, "not_found");
}

#[test]
fn lang_filters_articles_search_and_pages() {
    let languages = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/languages");
    let s = serve(&[seeds(), languages], |_| {}, None);
    let base = s.base.clone();

    let (st, es) = get(&base, "/api/articles?lang=es");
    assert_eq!(st, 200, "{es}");
    let items = es["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{es}");
    assert!(items.iter().all(|a| a["language"] == "es"), "{es}");
    let (_, one) = get(
        &base,
        &format!("/api/articles/{}", items[0]["id"].as_str().unwrap()),
    );
    assert_eq!(one["language"], "es", "{one}");
    let (_, en) = get(&base, "/api/articles?lang=eng&limit=100");
    assert_eq!(en["items"].as_array().unwrap().len(), 5, "{en}");

    // Traditional and simplified spellings of one name.
    let (st, all) = get(&base, "/api/search?q=华为%20OR%20華為");
    assert_eq!(st, 200, "{all}");
    assert_eq!(all["total"], 2, "{all}");
    assert_eq!(all["facets"]["languages"][0]["value"], "zh", "{all}");
    assert_eq!(all["facets"]["languages"][0]["count"], 2, "{all}");
    assert!(all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["language"] == "zh"));
    let (_, zh) = get(&base, "/api/search?q=华为%20OR%20華為&lang=zh");
    assert_eq!(zh["total"], 2, "{zh}");
    let (_, ja) = get(&base, "/api/search?q=华为%20OR%20華為&lang=ja");
    assert_eq!(ja["total"], 0, "{ja}");
    assert_bad_requests(
        &base,
        &["/api/search?q=华为&lang=z1", "/api/articles?lang=spanish"],
    );

    let page = get_page(&base, "/articles?lang=es");
    assert!(page.contains("reforma de las pensiones"), "{page}");
    assert!(!page.contains("Jolani"), "{page}");
    let page = get_page(&base, "/search?q=华为");
    assert!(
        page.contains("&amp;lang=zh\""),
        "the language facet links: {page}"
    );
}

#[test]
fn regression_second_upload_waited_instead_of_409() {
    let s = start(Some("t"), None);
    let url = format!("{}/api/ingest", s.base);
    // An upload big enough to keep the ingest busy for a while (seconds in
    // a debug build), while a second one arrives.
    let mut big = String::new();
    for i in 0..1500 {
        let words: Vec<String> = (0..90).map(|w| format!("w{}x{}", i, w % 37)).collect();
        big.push_str(&format!(
            "{{\"id\": \"u{i}\", \"source\": \"big.example\", \"title\": \"Report {i}\", \"text\": \"Officials said on Monday that {}.\"}}\n",
            words.join(" ")
        ));
    }
    let first = {
        let url = url.clone();
        std::thread::spawn(move || post_bearer(&url, "t", &big))
    };
    std::thread::sleep(Duration::from_millis(700));
    let (st, body, _) = post_bearer(&url, "t", XSS_JSONL);
    assert_error(st, &body, 409, "conflict");
    let (st, report, _) = first.join().unwrap();
    assert_eq!(st, 200, "{report}");
    assert_eq!(report["new"], 1500);
    // Refused, then accepted once the first is done.
    let (st, report, _) = post_bearer(&url, "t", XSS_JSONL);
    assert_eq!(st, 200, "{report}");
}
