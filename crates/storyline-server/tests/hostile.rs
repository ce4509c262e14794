//! A hostile but fair client against a real server on a free loopback port,
//! over the five seed articles: deep nesting, long and odd queries, huge
//! offsets, long upload names and failed uploads, foreign Host headers,
//! oversized and malformed request heads, half-open connections, and an
//! article carrying markup. After each attack the server must still answer
//! `/api/stats` with 200. Every loop is bounded; nothing leaves loopback.

mod common;

use common::{agent, response, seeds, serve_seeds, Running};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};
use storyline_server::Config;

/// The seeds in a fresh data directory, served with `tune` applied to the
/// configuration (ingest enabled with the token `t`).
fn start(tune: impl FnOnce(&mut Config)) -> Running {
    serve_seeds(|config| {
        config.token = Some("t".into());
        tune(config);
    })
}

/// Status, headers (lowercase names) and body of a response.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// A JSON error of `status` with the security headers.
    fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        let body = self.json();
        assert_eq!(body["error"]["status"], status, "{}", self.body);
        assert_eq!(body["error"]["code"], code, "{}", self.body);
        self.assert_security_headers();
    }

    fn assert_security_headers(&self) {
        let csp = self.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'none'"), "{:?}", self.headers);
        assert_eq!(self.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(self.header("x-frame-options"), Some("DENY"));
        assert_eq!(self.header("referrer-policy"), Some("no-referrer"));
    }
}

fn answer(r: Result<ureq::Response, ureq::Error>) -> Answer {
    let resp = response(r);
    let headers = resp
        .headers_names()
        .into_iter()
        .map(|n| {
            let v = resp.header(&n).unwrap_or_default().to_string();
            (n.to_ascii_lowercase(), v)
        })
        .collect();
    Answer {
        status: resp.status(),
        headers,
        body: resp.into_string().unwrap(),
    }
}

fn get(s: &Running, path: &str) -> Answer {
    answer(agent().get(&format!("{}{path}", s.base)).call())
}

/// Sends raw bytes on a fresh connection and reads the response until the
/// server closes it. `None` when the server reset the connection before a
/// response could be read.
fn raw(addr: SocketAddr, request: &[u8]) -> Option<Answer> {
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    // The server may answer and close before it read everything.
    let _ = c.write_all(request);
    let mut bytes = Vec::new();
    let _ = c.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Answer {
        status,
        headers,
        body: body.to_string(),
    })
}

/// The server is up and answers a normal request.
fn assert_alive(s: &Running) {
    let a = get(s, "/api/stats");
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.json()["articles"].as_u64() >= Some(5), "{}", a.body);
}

#[test]
fn regression_nested_parens_overflow_stack() {
    let s = start(|_| {});
    // Deeper than the old parser could take (about 2,100 killed the
    // server), short enough to reach the handler: a clear 400 on every search route,
    // for its length or, within the length limit, for its depth.
    let deep = "(".repeat(5_000);
    let within_length = "(".repeat(900);
    for route in ["/api/search", "/search", "/"] {
        let a = get(&s, &format!("{route}?q={deep}Jolani"));
        assert_eq!(a.status, 400, "{route}: {}", a.body);
        assert!(a.body.contains("the limit is 1000"), "{route}");
        assert_alive(&s);
        let a = get(&s, &format!("{route}?q={within_length}Jolani"));
        assert_eq!(a.status, 400, "{route}: {}", a.body);
        assert!(
            a.body.contains("nests brackets more than 32 deep"),
            "{route}"
        );
        assert_alive(&s);
    }
    get(&s, &format!("/api/search?q={deep}")).assert_error(400, "bad_request");
    get(&s, &format!("/api/search?q={within_length}")).assert_error(400, "bad_request");
    // Depth 1e5 is refused before it is parsed (the request head is too
    // large), and the server goes on.
    let huge = "(".repeat(100_000);
    let a = raw(
        s.addr,
        format!("GET /api/search?q={huge} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes(),
    );
    if let Some(a) = a {
        assert!(a.status == 414 || a.status == 431, "{}", a.status);
        a.assert_security_headers();
    }
    assert_alive(&s);
    // Nesting within the bound still searches.
    let a = get(
        &s,
        &format!("/api/search?q={}Jolani{}", "(".repeat(30), ")".repeat(30)),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.json()["total"].as_u64().unwrap() > 0);
}

#[test]
fn regression_long_query_is_a_400() {
    let s = start(|_| {});
    let long = "Jolani%20".repeat(600);
    for route in ["/api/search", "/search"] {
        let a = get(&s, &format!("{route}?q={long}"));
        assert_eq!(a.status, 400, "{route}: {}", a.body);
        assert!(a.body.contains("the limit is 1000"), "{route}");
    }
    get(&s, &format!("/api/search?q={long}")).assert_error(400, "bad_request");
    assert_alive(&s);
}

#[test]
fn regression_field_wildcard_queries_were_500() {
    let s = start(|_| {});
    for q in ["text:*", "title:*", "source:*", "headline:*", "id:*"] {
        get(&s, &format!("/api/search?q={q}")).assert_error(400, "bad_request");
        let page = get(&s, &format!("/search?q={q}"));
        assert_eq!(page.status, 400, "{q}");
        assert_alive(&s);
    }
    // Whatever tantivy makes of odd syntax, it is never a server error.
    for q in [
        "*",
        "text:[a TO z]",
        "published:[1 TO 99999]",
        "seq:*",
        "title:/jol.*/",
        "%22unterminated",
        "jolani~",
        "jolani^2",
        "nosuchfield:x",
        "source_label:x",
        "AND",
        "NOT%20NOT%20NOT%20x",
        "%2B-%2B-x",
        "IN%20[a%20b]",
        "a:(b:(c:(d)))",
        "title:%22%22",
    ] {
        let a = get(&s, &format!("/api/search?q={q}"));
        assert!(a.status == 200 || a.status == 400, "{q}: {}", a.body);
        if a.status == 400 {
            a.assert_error(400, "bad_request");
        }
        assert_alive(&s);
    }
}

#[test]
fn regression_huge_offset_wrapped_to_first_page() {
    let s = start(|_| {});
    let paged = [
        "/api/articles?",
        "/api/groups?",
        "/api/events?",
        "/api/stories?",
        "/api/entities?",
        "/api/quotes?",
        "/api/search?q=Jolani&",
        "/articles?",
        "/events?",
        "/entities?",
        "/quotes?",
        "/search?q=Jolani&",
    ];
    for route in paged {
        let a = get(&s, &format!("{route}offset=18446744073709551615"));
        assert_eq!(a.status, 400, "{route}: {}", a.body);
        assert!(a.body.contains("`offset` must be at most"), "{route}");
        if route.starts_with("/api/") {
            a.assert_error(400, "bad_request");
        }
    }
    // The largest offset accepted is an empty page past the end.
    for route in &paged[..6] {
        let a = get(&s, &format!("{route}offset=4294967295"));
        assert_eq!(a.status, 200, "{route}: {}", a.body);
        let page = a.json();
        assert_eq!(page["items"].as_array().map(Vec::len), Some(0), "{route}");
        assert!(page["next_offset"].is_null(), "{route}");
    }
    assert_alive(&s);
}

fn post_upload(s: &Running, file_name: &str, content: &str) -> Answer {
    send_upload(s, file_name, content).unwrap_or_else(|reset| panic!("no answer: {reset}"))
}

/// Uploads one file; `Err` names a connection error met before an answer.
fn send_upload(s: &Running, file_name: &str, content: &str) -> Result<Answer, String> {
    let boundary = "hostileBoundary";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\r\n{content}\r\n--{boundary}--\r\n"
    );
    let sent = agent()
        .post(&format!("{}/api/ingest", s.base))
        .set("Authorization", "Bearer t")
        .set(
            "Content-Type",
            &format!("multipart/form-data; boundary={boundary}"),
        )
        .send_string(&form);
    match sent {
        Err(ureq::Error::Transport(reset)) => Err(reset.to_string()),
        r => Ok(answer(r)),
    }
}

/// What `DATA/uploads/` holds: directory names and, inside, file names.
fn uploads(s: &Running) -> Vec<String> {
    let Ok(dirs) = std::fs::read_dir(s.data.join("uploads")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in dirs {
        let d = d.unwrap();
        let name = d.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(d.path()).into_iter().flatten() {
            out.push(format!(
                "{name}/{}",
                f.unwrap().file_name().to_string_lossy()
            ));
        }
        out.push(name);
    }
    out.sort();
    out
}

const GOOD_LINE: &str = r#"{"source":"wire.example","published":"2019-05-02","title":"Talks resume in Geneva","text":"Delegations from both sides met in Geneva on Thursday to resume the talks that broke down last month, officials said."}"#;

#[test]
fn regression_upload_name_over_255_bytes_was_a_500() {
    let s = start(|_| {});
    let long = format!("{}.jsonl", "n".repeat(300));
    post_upload(&s, &long, GOOD_LINE).assert_error(400, "bad_request");
    assert_eq!(uploads(&s), Vec::<String>::new());
    assert_alive(&s);
    // A name just within the limit is stored under a shortened name that
    // keeps its kind.
    let within = format!("{}.jsonl", "w".repeat(249));
    let a = post_upload(&s, &within, GOOD_LINE);
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.json()["new"], 1);
    assert_alive(&s);
}

#[test]
fn regression_failed_uploads_left_folders_and_partial_files() {
    let s = start(|c| c.max_body = 64 * 1024);
    post_upload(&s, "x.exe", GOOD_LINE).assert_error(400, "bad_request");
    assert_eq!(uploads(&s), Vec::<String>::new());
    let big = GOOD_LINE.repeat(1_000);
    // The server answers 413 once the body passes the limit and closes the
    // connection; a client still sending can meet the reset before it reads
    // the answer. Either way nothing may be left behind.
    match send_upload(&s, "big.jsonl", &big) {
        Err(reset) => eprintln!("reset while sending: {reset}"),
        Ok(a) => a.assert_error(413, "payload_too_large"),
    }
    assert_eq!(uploads(&s), Vec::<String>::new());
    // Read, but nothing stored: nothing points at the upload, so it goes.
    let a = post_upload(&s, "bad.jsonl", "not json\n");
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.json()["failed"], 1);
    assert_eq!(uploads(&s), Vec::<String>::new());
    // A stored upload stays, renamed out of its staging name.
    let a = post_upload(&s, "good.jsonl", GOOD_LINE);
    assert_eq!(a.json()["new"], 1, "{}", a.body);
    let kept = uploads(&s);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.iter().all(|p| !p.starts_with('.')), "{kept:?}");
    assert!(kept[1].ends_with("/000-good.jsonl"), "{kept:?}");
    assert_alive(&s);
}

#[test]
fn regression_414_and_431_lacked_security_headers() {
    let s = start(|_| {});
    // A long URL: the router's 414.
    let url = format!("/api/articles?source={}", "s".repeat(10_000));
    get(&s, &url).assert_error(414, "uri_too_long");
    // Too many header fields: hyper's 431, rewritten.
    let mut many = String::from("GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for i in 0..150 {
        many.push_str(&format!("X-Filler-{i}: {i}\r\n"));
    }
    many.push_str("\r\n");
    raw(s.addr, many.as_bytes())
        .expect("a 431 response")
        .assert_error(431, "header_fields_too_large");
    assert_alive(&s);
    // A malformed head: hyper's 400, rewritten.
    for bad in [
        "GET / HTTP/1.1\r\nthis is no header\r\n\r\n",
        "\u{1}\u{2}\u{3} nonsense\r\n\r\n",
    ] {
        raw(s.addr, bad.as_bytes())
            .expect("a 400 response")
            .assert_error(400, "bad_request");
    }
    assert_alive(&s);
    // A head over the size limit: a 431 when the answer arrives before the
    // server's close resets the connection; alive in any case.
    let huge = format!(
        "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {}\r\n\r\n",
        "b".repeat(70_000)
    );
    if let Some(a) = raw(s.addr, huge.as_bytes()) {
        a.assert_error(431, "header_fields_too_large");
    }
    assert_alive(&s);
    // Ordinary responses keep their headers, errors and pages alike.
    get(&s, "/api/nothing-here").assert_error(404, "not_found");
    get(&s, "/articles").assert_security_headers();
}

#[test]
fn regression_uploads_cut_off_by_a_stopped_server_stayed_forever() {
    let s = start(|_| {});
    let uploads_dir = s.data.join("uploads");
    let staging = |name: &str, age: Duration| {
        let dir = uploads_dir.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("000-partial.jsonl"), "{\"text\": \"cut").unwrap();
        std::fs::File::open(&dir)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - age)
            .unwrap();
        dir
    };
    let old = staging(".receiving-old", Duration::from_secs(2 * 3600));
    // May be an upload in progress in another server on the same directory.
    let fresh = staging(".receiving-fresh", Duration::from_secs(60));
    let a = post_upload(&s, "good.jsonl", GOOD_LINE);
    assert_eq!(a.json()["new"], 1, "{}", a.body);
    assert!(!old.exists());
    assert!(fresh.join("000-partial.jsonl").exists());
    assert_alive(&s);
}

#[test]
fn regression_any_host_header_was_accepted() {
    let s = start(|c| c.allow_hosts = vec!["news.example".into()]);
    let port = s.addr.port();
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1.nip.io",
    ] {
        let a = raw(
            s.addr,
            format!("GET /api/stats HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .expect("an answer");
        a.assert_error(421, "misdirected_request");
        let page = raw(
            s.addr,
            format!("GET /articles HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .expect("an answer");
        assert_eq!(page.status, 421);
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "[::1]".to_string(),
        "News.Example".to_string(),
    ] {
        let a = raw(
            s.addr,
            format!("GET /api/stats HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .expect("an answer");
        assert_eq!(a.status, 200, "{host}: {}", a.body);
    }
    assert_alive(&s);
}

/// Seconds until the server closes `c` (reads return 0), at most `limit`.
fn closed_within(c: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    c.set_read_timeout(Some(limit)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match c.read(&mut buf) {
            Ok(0) => return Some(start.elapsed()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return Some(start.elapsed())
            }
            Err(_) => return None,
        }
        if start.elapsed() > limit {
            return None;
        }
    }
}

#[test]
fn regression_half_open_connections_were_never_closed() {
    let s = start(|c| c.header_timeout = Duration::from_secs(1));
    // Half-open: a partial request line, then silence.
    let mut partial: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut c = TcpStream::connect(s.addr).unwrap();
            c.write_all(b"GET /api/sta").unwrap();
            c
        })
        .collect();
    // Connected but silent.
    let mut silent = TcpStream::connect(s.addr).unwrap();
    for c in partial.iter_mut().chain(std::iter::once(&mut silent)) {
        let t = closed_within(c, Duration::from_secs(5)).expect("closed by the server");
        assert!(t < Duration::from_secs(4), "{t:?}");
    }
    assert_alive(&s);
    // Idle after a complete keep-alive exchange.
    let mut idle = TcpStream::connect(s.addr).unwrap();
    idle.write_all(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let t = closed_within(&mut idle, Duration::from_secs(5)).expect("idle connection closed");
    assert!(t < Duration::from_secs(4), "{t:?}");
    assert_alive(&s);
}

#[test]
fn regression_absolute_paths_were_shown() {
    let s = start(|_| {});
    let ids = get(&s, "/api/articles?limit=100").json();
    let root = s
        .data
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    for it in ids["items"].as_array().unwrap() {
        let id = it["id"].as_str().unwrap();
        let path = &shown_path(&s, id);
        assert!(!path.contains('/'), "{path}");
        assert!(path.ends_with(".txt"), "{path}");
        let page = get(&s, &format!("/articles/{id}"));
        assert!(page.body.contains(path), "{path}");
        assert!(!page.body.contains(&root), "{root} on the page of {id}");
        let seeds_dir = seeds().canonicalize().unwrap();
        assert!(!page.body.contains(seeds_dir.to_str().unwrap()));
    }
    // An upload shows relative to the data directory.
    let a = post_upload(&s, "geneva.jsonl", GOOD_LINE);
    assert_eq!(a.json()["new"], 1, "{}", a.body);
    let hits = get(&s, "/api/search?q=geneva").json();
    let path = shown_path(&s, hits["hits"][0]["id"].as_str().unwrap());
    assert!(path.starts_with("uploads/"), "{path}");
    assert!(path.ends_with("/000-geneva.jsonl#line=1"), "{path}");
    assert_alive(&s);

    // With show_paths the stored path is shown as it is.
    let shown = start(|c| c.show_paths = true);
    let ids = get(&shown, "/api/articles?limit=1").json();
    let path = shown_path(&shown, ids["items"][0]["id"].as_str().unwrap());
    assert!(Path::new(&path).is_absolute(), "{path}");
}

/// The input path the API shows for the article `id`.
fn shown_path(s: &Running, id: &str) -> String {
    let article = get(s, &format!("/api/articles/{id}")).json();
    article["path"].as_str().unwrap().to_string()
}

#[test]
fn markdown_and_markup_in_an_article_stay_text() {
    let s = start(|_| {});
    let hostile = r#"{"source":"evil.example","published":"2019-05-03","title":"Truce <script>alert(1)</script> [x](javascript:alert(2))","text":"A truce was agreed on Friday. <img src=x onerror=alert(3)> More words about the truce and the talks that led to it."}"#;
    let a = post_upload(&s, "evil.jsonl", hostile);
    assert_eq!(a.json()["new"], 1, "{}", a.body);
    let hits = get(&s, "/api/search?q=truce").json();
    let id = hits["hits"][0]["id"].as_str().unwrap().to_string();
    for path in [format!("/articles/{id}"), "/search?q=truce".to_string()] {
        let page = get(&s, &path);
        assert_eq!(page.status, 200);
        page.assert_security_headers();
        assert!(!page.body.contains("<script>alert"), "{path}");
        assert!(!page.body.contains("<img src=x"), "{path}");
        assert!(!page.body.contains("href=\"javascript:"), "{path}");
    }
    assert_alive(&s);
}
