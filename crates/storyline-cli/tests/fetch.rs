//! `storyline fetch` against a local HTTP server started by the test (std
//! `TcpListener`, a thread per connection): a feed whose items link to
//! pages, a robots.txt forbidding a path, a page that fails with 500 once,
//! a slow page, a page over the size cap, and a 304 on the second run.
//! Nothing here reaches the internet.

mod common;
use common::*;
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the server saw.
#[derive(Clone, Debug)]
struct Seen {
    at: Instant,
    path: String,
    headers: HashMap<String, String>,
}

type Log = Arc<Mutex<Vec<Seen>>>;

const ETAG: &str = "\"feed-v1\"";

fn feed(base: &str) -> String {
    let teaser = |path: &str, title: &str, day: u32| {
        format!(
            "<item><title>{title}</title><link>{base}{path}</link>\
             <pubDate>Sun, {day:02} Dec 2026 09:00:00 +0000</pubDate>\
             <description>Read the full story on our site.</description></item>\n"
        )
    };
    format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Harbour Times</title>\
         <link>{base}/</link>\n{}{}{}{}{}</channel></rss>\n",
        teaser("/news/port", "Port workers end strike", 6),
        teaser("/private/memo", "Internal memo", 6),
        teaser("/news/flaky", "Ferry service resumes", 5),
        teaser("/news/slow", "Storm warning issued", 5),
        teaser("/news/huge", "Full budget text", 4),
    )
}

fn page(headline: &str, lead: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{headline} | Harbour Times</title></head>\
         <body><article><h1>{headline}</h1>\
         <p>{lead}</p>\
         <p>The harbour authority said traffic would return to normal within two days, and that \
         ships delayed by the stoppage would be given priority at the northern quay.</p>\
         <p>Traders welcomed the news but warned that prices of flour and fuel would take weeks \
         to come back down after the disruption of the past fortnight.</p>\
         </article></body></html>"
    )
}

fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn handle(mut stream: TcpStream, base: String, log: Log, flaky_calls: Arc<Mutex<u32>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    log.lock().unwrap().push(Seen {
        at: Instant::now(),
        path: path.clone(),
        headers: headers.clone(),
    });
    let html = [("Content-Type", "text/html; charset=utf-8")];
    match path.as_str() {
        "/robots.txt" => respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", "text/plain")],
            b"User-agent: *\nDisallow: /private/\n",
        ),
        "/feed.rss" => {
            if headers.get("if-none-match").map(String::as_str) == Some(ETAG) {
                respond(&mut stream, "304 Not Modified", &[("ETag", ETAG)], b"");
            } else {
                respond(
                    &mut stream,
                    "200 OK",
                    &[("Content-Type", "application/rss+xml"), ("ETag", ETAG)],
                    feed(&base).as_bytes(),
                );
            }
        }
        "/news/port" => respond(
            &mut stream,
            "200 OK",
            &html,
            page(
                "Dockers return to work",
                "Dock workers ended their strike on Sunday after the ministry agreed to pay three months of wage arrears.",
            )
            .as_bytes(),
        ),
        "/news/flaky" => {
            let n = {
                let mut calls = flaky_calls.lock().unwrap();
                *calls += 1;
                *calls
            };
            if n == 1 {
                respond(&mut stream, "500 Internal Server Error", &[], b"try later");
            } else {
                respond(
                    &mut stream,
                    "200 OK",
                    &html,
                    page(
                        "Ferries sail again",
                        "The ferry service between the islands resumed on Saturday after a week in which storms kept the boats in port.",
                    )
                    .as_bytes(),
                );
            }
        }
        "/news/slow" => {
            std::thread::sleep(Duration::from_secs(4));
            respond(&mut stream, "200 OK", &html, page("Late", "Too late.").as_bytes());
        }
        "/news/huge" => {
            let body = format!("<p>{}</p>", "budget line ".repeat(200_000));
            respond(&mut stream, "200 OK", &html, body.as_bytes());
        }
        "/octet-feed.rss" => {
            let item = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour Times</title>\
                 <item><title>Lighthouse restored</title><link>{base}/news/octet</link>\
                 <pubDate>Thu, 03 Dec 2026 10:00:00 +0000</pubDate></item></channel></rss>"
            );
            respond(&mut stream, "200 OK", &[("Content-Type", "text/xml")], item.as_bytes());
        }
        // A page served as a file without an extension.
        "/news/octet" => respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", "application/octet-stream")],
            page(
                "The old lighthouse shines again",
                "The lighthouse at the harbour mouth was lit again on Thursday after two years of repairs to its lamp and stairway.",
            )
            .as_bytes(),
        ),
        _ => respond(&mut stream, "404 Not Found", &[], b"no such page"),
    }
}

/// Starts the server; returns its base URL and the log of requests.
fn serve() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let flaky = Arc::new(Mutex::new(0));
    let (b, l) = (base.clone(), Arc::clone(&log));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (b, l, f) = (b.clone(), Arc::clone(&l), Arc::clone(&flaky));
            std::thread::spawn(move || handle(stream, b, l, f));
        }
    });
    (base, log)
}

fn by_url<'a>(articles: &'a [Value], url: &str) -> Option<&'a Value> {
    articles.iter().find(|a| a["url"] == url)
}

/// `storyline fetch URL` into `data` with no delay between requests, and
/// `extra` arguments.
fn fetch_at_once(data: &Path, url: &str, extra: &[&str]) -> Run {
    run(
        data,
        &[&["fetch", url, "--delay-ms", "0"][..], extra].concat(),
    )
}

#[test]
fn fetch_is_polite_and_its_pages_are_ingested() {
    let (base, log) = serve();
    let (tmp, data) = data_dir();
    let list = tmp.path().join("feeds.txt");
    std::fs::write(&list, format!("# the test's feed\n{base}/feed.rss\n")).unwrap();
    let args = [
        "fetch",
        list.to_str().unwrap(),
        "--delay-ms",
        "150",
        "--timeout-secs",
        "1",
        "--retries",
        "1",
        "--backoff-ms",
        "50",
        "--max-page-mib",
        "1",
        "--ingest",
    ];

    let out = run(&data, &args);
    assert_eq!(
        out.code, 1,
        "slow and huge pages fail\n{}{}",
        out.stdout, out.stderr
    );
    assert!(
        out.stdout.contains(
            "fetched 1 feeds, 2 pages (0 not modified, 0 fetched before, 1 refused by robots.txt, 2 failed)"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr
            .contains("/private/memo: not fetched: robots.txt disallows it"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("/news/huge: larger than"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("/news/slow:"), "{}", out.stderr);
    {
        let seen = log.lock().unwrap();
        let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
        assert!(!paths.contains(&"/private/memo"), "{paths:?}");
        assert_eq!(paths.iter().filter(|p| **p == "/robots.txt").count(), 1);
        assert_eq!(
            paths.iter().filter(|p| **p == "/news/flaky").count(),
            2,
            "500, then 200"
        );
        assert_eq!(
            paths.iter().filter(|p| **p == "/news/slow").count(),
            2,
            "timed out twice"
        );
        for s in seen.iter() {
            let agent = s
                .headers
                .get("user-agent")
                .map(String::as_str)
                .unwrap_or("");
            assert!(agent.starts_with("Storyline/"), "{agent}");
        }
        // One host: never two requests closer than the delay.
        for pair in seen.windows(2) {
            let gap = pair[1].at.duration_since(pair[0].at);
            assert!(
                gap >= Duration::from_millis(140),
                "{gap:?} between {pair:?}"
            );
        }
    }
    // Ingested: the fetched pages, filled from their feed items.
    let articles = run(&data, &["articles", "--json"]).json_lines();
    let port = by_url(&articles, &format!("{base}/news/port")).expect("the port page");
    assert_eq!(port["title"], "Port workers end strike");
    assert_eq!(port["published"]["date"], "2026-12-06");
    assert_eq!(port["published"]["provenance"]["rule"], "feed.published");
    assert!(port["path"].as_str().unwrap().contains(".warc.gz#record="));
    assert!(by_url(&articles, &format!("{base}/news/flaky")).is_some());
    assert!(by_url(&articles, &format!("{base}/news/slow")).is_none());
    assert_eq!(articles.len(), 2);

    // Second run: the feed answers 304 to its ETag; stored pages are not
    // asked for again, the failed ones are.
    let before = log.lock().unwrap().len();
    let out = run(&data, &args);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains(
            "fetched 0 feeds, 0 pages (1 not modified, 2 fetched before, 1 refused by robots.txt, 2 failed)"
        ),
        "{}",
        out.stdout
    );
    let seen = log.lock().unwrap();
    let again: Vec<&Seen> = seen[before..].iter().collect();
    let feed_request = again
        .iter()
        .find(|s| s.path == "/feed.rss")
        .expect("feed asked");
    assert_eq!(
        feed_request
            .headers
            .get("if-none-match")
            .map(String::as_str),
        Some(ETAG)
    );
    assert!(!again
        .iter()
        .any(|s| s.path == "/news/port" || s.path == "/news/flaky"));
    assert!(again.iter().any(|s| s.path == "/news/slow"));
}

#[test]
fn a_host_whose_robots_txt_fails_is_not_fetched_from() {
    // A server that answers 503 to everything, robots.txt included.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(Mutex::new(Vec::<String>::new()));
    let h = Arc::clone(&hits);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = BufReader::new(stream.try_clone().unwrap()).read_line(&mut line);
            h.lock()
                .unwrap()
                .push(line.split_whitespace().nth(1).unwrap_or("").to_string());
            respond(&mut stream, "503 Service Unavailable", &[], b"down");
        }
    });
    let (_tmp, data) = data_dir();
    let out = fetch_at_once(&data, &format!("{base}/feed.rss"), &["--retries", "0"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("robots.txt answered HTTP 503"),
        "{}",
        out.stderr
    );
    assert_eq!(*hits.lock().unwrap(), vec!["/robots.txt".to_string()]);
}

#[test]
fn regression_page_served_as_octet_stream_was_stored_but_never_ingested() {
    let (base, _log) = serve();
    let (_tmp, data) = data_dir();
    let out = fetch_at_once(&data, &format!("{base}/octet-feed.rss"), &["--ingest"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("feed stubs: 1 kept, 1 filled"),
        "{}",
        out.stdout
    );
    let articles = run(&data, &["articles", "--json"]).json_lines();
    let page = by_url(&articles, &format!("{base}/news/octet")).expect("the page");
    assert_eq!(page["title"], "Lighthouse restored");
}

#[test]
fn a_second_fetch_on_the_same_data_directory_is_refused() {
    let (base, log) = serve();
    let (_tmp, data) = data_dir();
    // The first run waits on the slow page (4 s) while holding the lock.
    let mut first = storyline(&data)
        .args(["fetch", &format!("{base}/news/slow"), "--retries", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !log.lock().unwrap().iter().any(|s| s.path == "/news/slow") {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "first fetch never asked"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = run(&data, &["fetch", &format!("{base}/news/port")]);
    assert_eq!(second.code, 3, "{}{}", second.stdout, second.stderr);
    assert!(
        second.stderr.contains("another storyline fetch is running"),
        "{}",
        second.stderr
    );
    assert!(!log.lock().unwrap().iter().any(|s| s.path == "/news/port"));
    assert!(first.wait().unwrap().success());
}
