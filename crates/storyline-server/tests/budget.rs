//! Request budgets against a real server on a free loopback port, over the
//! five seed articles: the deadline answers 503 with the JSON error body,
//! expensive requests over the cap are refused with `Retry-After`, a
//! request whose client goes away stops its blocking work, and lookups of
//! over-long names are refused before any work. The long work is stood in
//! for by the server's blocking hook, so nothing here depends on timing.

mod common;

use common::{assert_error_body, read_json, response, seeds, serve, Running};
use serde_json::Value;
use std::io::Write;
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use storyline_server::Config;

/// The seeds served with `config` adjusted by `adjust`; `hook` (if any) is
/// installed as the blocking hook before the server starts.
fn start(
    adjust: impl FnOnce(&mut Config),
    hook: Option<storyline_server::state::BlockingHook>,
) -> Running {
    serve(&[seeds()], adjust, hook)
}

/// Status, `Retry-After` and JSON body (Null when not JSON).
fn get(base: &str, path: &str) -> (u16, Option<String>, Value) {
    let agent = common::agent_with_timeout(Duration::from_secs(120));
    let resp = response(agent.get(&format!("{base}{path}")).call());
    let retry = resp.header("retry-after").map(str::to_string);
    let (status, body, _) = read_json(resp);
    (status, retry, body)
}

/// Waits (up to a minute, however loaded the machine) until `done`.
fn wait_for(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Fresh `entered`, `stopped` and `release` flags for `long_first_call`.
fn long_first_call_flags() -> (Arc<AtomicUsize>, Arc<AtomicBool>, Arc<AtomicBool>) {
    (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    )
}

/// A hook whose first call works until its budget stops it (or `release`
/// is set, or ten minutes pass); it counts calls in `entered` and records in
/// `stopped` whether the budget stopped it. Later calls return at once.
fn long_first_call(
    entered: &Arc<AtomicUsize>,
    stopped: &Arc<AtomicBool>,
    release: &Arc<AtomicBool>,
) -> storyline_server::state::BlockingHook {
    let (entered, stopped, release) = (
        Arc::clone(entered),
        Arc::clone(stopped),
        Arc::clone(release),
    );
    Box::new(move |budget| {
        if entered.fetch_add(1, Ordering::SeqCst) > 0 {
            return;
        }
        let start = Instant::now();
        while !release.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(600) {
            if budget.check().is_err() {
                stopped.store(true, Ordering::SeqCst);
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    })
}

#[test]
fn a_request_over_its_deadline_answers_503_with_the_json_error_body() {
    // A deadline that has passed before any blocking work can start.
    let s = start(|c| c.deadline = Some(Duration::from_nanos(1)), None);
    for path in [
        "/api/timeline?q=Julani",
        "/api/search?q=army",
        "/api/entities/Julani",
    ] {
        let (status, retry, body) = get(&s.base, path);
        assert_eq!(status, 503, "{path}: {body}");
        assert_error_body(&body, 503, "deadline_exceeded");
        assert_eq!(retry.as_deref(), Some("1"), "{path}");
    }
    // Pages answer an HTML error page with the same status.
    let (status, retry, body) = get(&s.base, "/search?q=army");
    assert_eq!(status, 503);
    assert_eq!(body, Value::Null);
    assert_eq!(retry.as_deref(), Some("1"));
}

#[test]
fn the_same_requests_answer_within_a_generous_deadline() {
    let s = start(|c| c.deadline = Some(Duration::from_secs(600)), None);
    let (status, _, body) = get(&s.base, "/api/timeline?q=Julani");
    assert_eq!(status, 200, "{body}");
    assert!(!body["entries"].as_array().unwrap().is_empty(), "{body}");
    assert_eq!(s.state.stopped_early.load(Ordering::SeqCst), 0);
}

#[test]
fn expensive_requests_over_the_cap_get_503_with_retry_after() {
    let (entered, stopped, release) = long_first_call_flags();
    let s = start(
        |c| {
            c.deadline = None;
            c.max_expensive = 1;
        },
        Some(long_first_call(&entered, &stopped, &release)),
    );
    // The first search holds the only slot until released.
    let base = s.base.clone();
    let first = std::thread::spawn(move || get(&base, "/api/search?q=army"));
    wait_for("the first search runs", || {
        entered.load(Ordering::SeqCst) == 1
    });

    for path in ["/api/search?q=army", "/api/timeline?q=Julani"] {
        let (status, retry, body) = get(&s.base, path);
        assert_eq!(status, 503, "{path}: {body}");
        assert_error_body(&body, 503, "busy");
        assert_eq!(retry.as_deref(), Some("1"), "{path}");
    }
    // Cheap requests are not capped.
    let (status, _, body) = get(&s.base, "/api/stats");
    assert_eq!(status, 200, "{body}");

    release.store(true, Ordering::SeqCst);
    let (status, _, body) = first.join().unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(!stopped.load(Ordering::SeqCst));
    // The slot is free again.
    let (status, _, body) = get(&s.base, "/api/search?q=army");
    assert_eq!(status, 200, "{body}");
}

#[test]
fn a_request_whose_client_goes_away_stops_its_work() {
    let (entered, stopped, release) = long_first_call_flags();
    let s = start(
        |c| c.deadline = None,
        Some(long_first_call(&entered, &stopped, &release)),
    );
    let mut client = TcpStream::connect(s.addr).unwrap();
    write!(
        client,
        "GET /api/timeline?q=Julani HTTP/1.1\r\nHost: {}\r\n\r\n",
        s.addr
    )
    .unwrap();
    wait_for("the request's work starts", || {
        entered.load(Ordering::SeqCst) == 1
    });
    client.shutdown(std::net::Shutdown::Both).unwrap();
    drop(client);

    // With no deadline, only the client's going away can stop the work.
    wait_for("the work stops", || stopped.load(Ordering::SeqCst));
    wait_for("the blocking task ends early", || {
        s.state.stopped_early.load(Ordering::SeqCst) == 1
    });
    // The server goes on answering.
    let (status, _, body) = get(&s.base, "/api/timeline?q=Julani");
    assert_eq!(status, 200, "{body}");
    release.store(true, Ordering::SeqCst);
}

#[test]
fn regression_long_names_cost_a_scan_of_every_event() {
    let s = start(|c| c.deadline = None, None);
    // Under the 8 KiB URL bound (longer URLs are a 414 before any handler),
    // far over the 200-character name bound.
    let long = "x".repeat(5_000);
    for path in [
        format!("/api/timeline?q={long}"),
        format!("/api/entities/{long}"),
        format!("/api/entities?name={long}"),
        format!("/api/quotes?speaker={long}"),
        format!("/api/search?q=army&entity={long}"),
    ] {
        let (status, _, body) = get(&s.base, &path);
        assert_eq!(status, 400, "{}: {body}", &path[..30]);
        assert_error_body(&body, 400, "bad_request");
    }
    // An unknown name is looked up in the index: no events, no error.
    let (status, _, body) = get(&s.base, "/api/timeline?q=zyxwvut%20qqq");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["entries"].as_array().unwrap().len(), 0, "{body}");
    // A name made of query syntax is words, not a query.
    let (status, _, body) = get(&s.base, "/api/timeline?q=%22close%20AND%20(ranks");
    assert_eq!(status, 200, "{body}");
    assert_eq!(s.state.stopped_early.load(Ordering::SeqCst), 0);
}
