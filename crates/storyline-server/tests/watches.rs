//! Watches served: their alerts through the API and as Atom feeds (parsed
//! back with feed-rs), over the seed articles ingested after the watches
//! were saved.

mod common;

use common::*;
use std::path::PathBuf;
use std::sync::Arc;
use storyline_store::{DataDir, Watch};

/// A fresh data directory (and the temporary directory holding it) with
/// `watches` saved, then the seeds ingested, so the watches raise alerts.
fn seeds_with_watches(watches: &[Watch]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    {
        let mut dir = DataDir::open(&data).unwrap();
        for w in watches {
            dir.store_mut().put_watch(w).unwrap();
        }
    }
    ingest(&data, &[seeds()]);
    (tmp, data)
}

#[test]
fn watch_alerts_are_served_as_json_and_as_an_atom_feed() {
    let (tmp, data) = seeds_with_watches(&[
        Watch {
            name: "everything".into(),
            ..Watch::default()
        },
        Watch {
            name: "nothing".into(),
            query: Some("zzyzx-never-written".into()),
            ..Watch::default()
        },
    ]);
    let server = serve_data(tmp, data, |_| {}, None);
    let base = server.base.clone();

    let (st, watches) = get(&base, "/api/watches");
    assert_eq!(st, 200);
    let names = strs(&watches, "name");
    assert_eq!(names, ["everything", "nothing"]);
    assert_eq!(watches[0]["feed"], "/watch/everything.atom");

    let (st, alerts) = get(&base, "/api/watches/everything/alerts");
    assert_eq!(st, 200);
    let alerts = alerts.as_array().unwrap().clone();
    assert_eq!(alerts.len(), 5, "one alert per seed article");
    for a in &alerts {
        let link = a["link"].as_str().unwrap();
        assert!(link.starts_with("/articles/"), "{link}");
        let (st, _) = get(&base, &format!("/api{link}"));
        assert_eq!(st, 200, "the alert links a stored article: {link}");
    }
    let (_, none) = get(&base, "/api/watches/nothing/alerts");
    assert!(none.as_array().unwrap().is_empty());
    let (_, later) = get(&base, "/api/watches/everything/alerts?since=2999-01-01");
    assert!(later.as_array().unwrap().is_empty());
    assert_get_error(&base, "/api/watches/nope/alerts", 404, "not_found");

    let resp = response(agent().get(&format!("{base}/watch/everything.atom")).call());
    assert_eq!(resp.status(), 200);
    assert!(
        resp.content_type().contains("atom"),
        "{}",
        resp.content_type()
    );
    let text = resp.into_string().unwrap();
    let feed = feed_rs::parser::parse(text.as_bytes()).expect("a valid Atom feed");
    assert_eq!(feed.entries.len(), 5);
    let mut titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    let mut expected: Vec<String> = alerts
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    expected.sort();
    assert_eq!(titles, expected);
    let entry = &feed.entries[0];
    assert!(entry.links[0].href.contains("/articles/"));
    assert!(entry.summary.as_ref().unwrap().content.contains("is new"));
    let status = response(agent().get(&format!("{base}/watch/nope.atom")).call()).status();
    assert_eq!(status, 404);

    let page = response(agent().get(&format!("{base}/watches/everything")).call());
    assert_eq!(page.status(), 200);
    let html = page.into_string().unwrap();
    assert!(html.contains("5 alerts"), "{html}");
    assert!(html.contains(&format!("href=\"{}\"", alerts[0]["link"].as_str().unwrap())));
    let list = response(agent().get(&format!("{base}/watches")).call());
    assert!(list.into_string().unwrap().contains("/watches/nothing"));

    let (_, openapi) = get(&base, "/api/openapi.json");
    assert!(openapi["paths"]["/api/watches/{name}/alerts"]["get"].is_object());
}

#[test]
fn watch_writes_need_the_token() {
    let s = serve_seeds(|config| config.token = Some("sesame".into()));
    let url = format!("{}/api/watches", s.base);
    let body = r#"{"name":"ports","query":"port"}"#;
    let (st, _, _) = post_bearer(&url, "wrong", body);
    assert_eq!(st, 401);
    let (st, saved, raw) = post_bearer(&url, "sesame", body);
    assert_eq!(st, 201, "{raw}");
    assert_eq!(saved["feed"], "/watch/ports.atom");
    let (st, _, _) = post_bearer(&url, "sesame", r#"{"name":"no/slash"}"#);
    assert_eq!(st, 400);
    let (st, refused, _) = post_bearer(&url, "sesame", r#"{"query":"port","mark":0}"#);
    assert_eq!(st, 400);
    assert_eq!(
        refused["error"]["message"],
        "bad watch: missing field `name` at line 1 column 25"
    );
    let (_, list) = get(&s.base, "/api/watches");
    assert_eq!(list[0]["name"], "ports");
    // Saved after the seeds were stored: nothing old alerts.
    let (_, alerts) = get(&s.base, "/api/watches/ports/alerts");
    assert!(alerts.as_array().unwrap().is_empty());

    let del = |token: &str| {
        call(
            agent()
                .delete(&format!("{url}/ports"))
                .set("Authorization", &format!("Bearer {token}"))
                .call(),
        )
        .0
    };
    assert_eq!(del("wrong"), 401);
    assert_eq!(del("sesame"), 204);
    assert_eq!(del("sesame"), 404);
    let (_, list) = get(&s.base, "/api/watches");
    assert!(list.as_array().unwrap().is_empty());

    let ro = serve_seeds(|_| {});
    let (st, _, _) = post_bearer(&format!("{}/api/watches", ro.base), "x", body);
    assert_eq!(st, 403);
    let hooked = r#"{"name":"hooked","query":"port","webhook":"http://127.0.0.1:9/hook","secret_env":"HOOK_SECRET"}"#;
    let (st, _, _) = post_bearer(&format!("{}/api/watches", ro.base), "x", hooked);
    assert_eq!(st, 403, "a webhook is a write like any other");
}

#[test]
fn a_watch_webhook_is_saved_through_the_token_gated_api() {
    let s = serve_seeds(|config| config.token = Some("sesame".into()));
    let url = format!("{}/api/watches", s.base);
    let body = r#"{"name":"hooked","query":"port","webhook":"http://127.0.0.1:9/hook","secret_env":"HOOK_SECRET"}"#;
    let (st, _, _) = post_bearer(&url, "wrong", body);
    assert_eq!(st, 401);
    let (st, saved, raw) = post_bearer(&url, "sesame", body);
    assert_eq!(st, 201, "{raw}");
    assert_eq!(saved["webhook"], "http://127.0.0.1:9/hook");
    assert_eq!(saved["secret_env"], "HOOK_SECRET");
    let (st, _, raw) = post_bearer(&url, "sesame", r#"{"name":"bad","webhook":"ftp://x/"}"#);
    assert_eq!(st, 400, "{raw}");
    let (st, _, raw) = post_bearer(&url, "sesame", r#"{"name":"bad","secret_env":"X"}"#);
    assert_eq!(st, 400, "{raw}");
    let (_, list) = get(&s.base, "/api/watches");
    assert_eq!(list[0]["webhook"], "http://127.0.0.1:9/hook");
}

#[test]
fn each_alert_is_served_with_its_webhook_delivery() {
    let (tmp, data) = seeds_with_watches(&[
        Watch {
            name: "hooked".into(),
            webhook: Some("http://127.0.0.1:9/hook".into()),
            ..Watch::default()
        },
        Watch {
            name: "plain".into(),
            ..Watch::default()
        },
    ]);
    let failed_item = {
        let mut dir = DataDir::open(&data).unwrap();
        let store = dir.store_mut();
        let alerts = store.alerts("hooked", None).unwrap();
        assert_eq!(alerts.len(), 5);
        let failed = storyline_store::Delivery {
            state: storyline_store::DELIVERY_FAILED.into(),
            attempts: 2,
            next_try: Some("2030-01-01T00:00:00Z".into()),
            last_error: Some("HTTP 500".into()),
            delivered_at: None,
        };
        assert!(store
            .set_delivery("hooked", &alerts[0].item, &failed)
            .unwrap());
        alerts[0].item.clone()
    };
    let server = serve_data(tmp, data, |_| {}, None);
    let base = server.base.clone();

    let (st, alerts) = get(&base, "/api/watches/hooked/alerts");
    assert_eq!(st, 200);
    let alerts = alerts.as_array().unwrap();
    let states: Vec<&str> = alerts
        .iter()
        .map(|a| a["delivery"]["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        ["failed", "pending", "pending", "pending", "pending"]
    );
    assert_eq!(alerts[0]["item"], failed_item.as_str());
    assert_eq!(alerts[0]["delivery"]["attempts"], 2);
    assert_eq!(alerts[0]["delivery"]["last_error"], "HTTP 500");
    assert_eq!(alerts[0]["delivery"]["next_try"], "2030-01-01T00:00:00Z");
    let (_, plain) = get(&base, "/api/watches/plain/alerts");
    assert!(plain
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["delivery"].is_null()));

    let html = response(agent().get(&format!("{base}/watches/hooked")).call())
        .into_string()
        .unwrap();
    assert!(
        html.contains("webhook: failed (2 tries, HTTP 500), next try 2030-01-01T00:00:00Z"),
        "{html}"
    );
    assert_eq!(html.matches("webhook: pending").count(), 4, "{html}");
    let (_, openapi) = get(&base, "/api/openapi.json");
    assert!(openapi["components"]["schemas"]["DeliveryOut"].is_object());
}

/// A webhook receiver on a loopback port: answers 200 to every POST and
/// keeps each body.
fn webhook_receiver() -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let bodies = Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = Arc::clone(&bodies);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            kept.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&body).into_owned());
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (url, bodies)
}

#[test]
fn regression_uploads_through_the_api_never_delivered_webhooks() {
    let (hook, bodies) = webhook_receiver();
    let s = serve_seeds(|config| config.token = Some("sesame".into()));
    let watch = format!(r#"{{"name":"truce","query":"ceasefire","webhook":"{hook}"}}"#);
    let (st, _, raw) = post_bearer(&format!("{}/api/watches", s.base), "sesame", &watch);
    assert_eq!(st, 201, "{raw}");
    let upload = r#"{"id":"geneva-1","source":"wire.example","published":"2026-12-05","title":"Ceasefire talks resume","text":"Delegations met in Geneva on Thursday to resume the ceasefire talks that broke down last month, officials said, and both sides agreed to meet again next week."}"#;
    let (st, report, raw) = post_bearer(&format!("{}/api/ingest", s.base), "sesame", upload);
    assert_eq!(st, 200, "{raw}");
    assert_eq!(report["new"], 1, "{raw}");
    let received = bodies.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "{received:?}");
    let payload: serde_json::Value = serde_json::from_str(&received[0]).unwrap();
    assert_eq!(payload["watch"], "truce");
    assert_eq!(payload["title"], "Ceasefire talks resume");
    let (_, alerts) = get(&s.base, "/api/watches/truce/alerts");
    assert_eq!(alerts[0]["delivery"]["state"], "delivered", "{alerts}");
}

/// Regression: `storyline serve` delivered the alerts of uploads with the
/// default back-off whatever `STORYLINE_WEBHOOK_BACKOFF_SECS` said; the
/// server now takes its delivery settings from its configuration.
#[test]
fn regression_the_server_ignored_the_webhook_backoff_setting() {
    let s = serve_seeds(|config| {
        config.token = Some("sesame".into());
        config.webhooks.backoff = std::time::Duration::from_secs(1);
    });
    // Nothing listens on port 9: every try fails.
    let watch = r#"{"name":"truce","query":"ceasefire","webhook":"http://127.0.0.1:9/hook"}"#;
    let (st, _, raw) = post_bearer(&format!("{}/api/watches", s.base), "sesame", watch);
    assert_eq!(st, 201, "{raw}");
    let upload = r#"{"id":"geneva-1","source":"wire.example","published":"2026-12-05","title":"Ceasefire talks resume","text":"Delegations met in Geneva on Thursday to resume the ceasefire talks that broke down last month, officials said, and both sides agreed to meet again next week."}"#;
    let (st, _, raw) = post_bearer(&format!("{}/api/ingest", s.base), "sesame", upload);
    assert_eq!(st, 200, "{raw}");
    let (_, alerts) = get(&s.base, "/api/watches/truce/alerts");
    let delivery = &alerts[0]["delivery"];
    assert_eq!(delivery["state"], "failed", "{alerts}");
    let at =
        |v: &serde_json::Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let wait = at(&delivery["next_try"]) - at(&alerts[0]["raised_at"]);
    assert!(
        wait.num_seconds() < 30,
        "the next try follows the configured 1 s back-off, not the default 60 s: {alerts}"
    );
}
