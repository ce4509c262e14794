//! Watch webhooks through the real binary, against a receiver in the test:
//! each alert is POSTed once, signed; a failed delivery is retried after
//! its back-off; a kill -9 mid-delivery loses nothing and a delivered alert
//! is never sent again.

mod common;
use common::*;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SECRET_VAR: &str = "STORYLINE_TEST_HOOK_SECRET";
const SECRET: &str = "correct horse battery staple";

/// How the receiver answers its next request.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Answer {
    Ok,
    ServerError,
    /// Reads the request and never answers (until told otherwise).
    Stall,
}

/// One request the receiver got.
#[derive(Clone, Debug)]
struct Received {
    id: String,
    header_id: String,
    signature_verifies: bool,
    body: Value,
    acknowledged: bool,
}

/// A webhook receiver on a local port: answers each request as its next
/// planned answer says (then `Ok`), and records what it got.
struct WebhookReceiver {
    url: String,
    plan: Arc<Mutex<Vec<Answer>>>,
    stall: Arc<Mutex<bool>>,
    got: Arc<Mutex<Vec<Received>>>,
    arrivals: Receiver<String>,
}

fn verify(signature: &str, body: &[u8]) -> bool {
    let Some(hex) = signature.strip_prefix("sha256=") else {
        return false;
    };
    let Ok(tag) = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
    else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    mac.verify_slice(&tag).is_ok()
}

fn handle(
    stream: TcpStream,
    plan: Arc<Mutex<Vec<Answer>>>,
    stall: Arc<Mutex<bool>>,
    got: Arc<Mutex<Vec<Received>>>,
    arrivals: Sender<String>,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut headers = HashMap::new();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers["content-length"].parse().unwrap();
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    let parsed: Value = serde_json::from_slice(&body).unwrap();
    let answer = {
        let mut p = plan.lock().unwrap();
        if p.is_empty() {
            Answer::Ok
        } else {
            p.remove(0)
        }
    };
    let mut received = Received {
        id: parsed["id"].as_str().unwrap_or_default().to_string(),
        header_id: headers
            .get("x-storyline-delivery")
            .cloned()
            .unwrap_or_default(),
        signature_verifies: verify(
            headers
                .get("x-storyline-signature")
                .map(String::as_str)
                .unwrap_or(""),
            &body,
        ),
        body: parsed,
        acknowledged: answer == Answer::Ok,
    };
    if answer == Answer::Stall {
        *stall.lock().unwrap() = true;
        received.acknowledged = false;
    }
    got.lock().unwrap().push(received.clone());
    let _ = arrivals.send(received.id.clone());
    let mut stream = stream;
    match answer {
        Answer::Ok => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            );
        }
        Answer::ServerError => {
            let _ = write!(
                stream,
                "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops"
            );
        }
        Answer::Stall => {
            let started = Instant::now();
            while *stall.lock().unwrap() && started.elapsed() < Duration::from_secs(60) {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

impl WebhookReceiver {
    fn start(plan: Vec<Answer>) -> WebhookReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let plan = Arc::new(Mutex::new(plan));
        let stall = Arc::new(Mutex::new(false));
        let got = Arc::new(Mutex::new(Vec::new()));
        let (tx, arrivals) = channel();
        {
            let (plan, stall, got) = (plan.clone(), stall.clone(), got.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let (plan, stall, got, tx) =
                        (plan.clone(), stall.clone(), got.clone(), tx.clone());
                    std::thread::spawn(move || handle(stream, plan, stall, got, tx));
                }
            });
        }
        WebhookReceiver {
            url,
            plan,
            stall,
            got,
            arrivals,
        }
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Ids acknowledged (2xx), with how many times each.
    fn acknowledged(&self) -> HashMap<String, usize> {
        let mut n = HashMap::new();
        for r in self.got().iter().filter(|r| r.acknowledged) {
            *n.entry(r.id.clone()).or_insert(0) += 1;
        }
        n
    }
}

fn hts(n: u32) -> String {
    feed_item(
        &format!("hts-{n}"),
        &format!("HTS report {n}"),
        &format!("Fighters of HTS were reported in Idlib province, report number {n}."),
    )
}

fn port(n: u32) -> String {
    feed_item(
        &format!("port-{n}"),
        &format!("Port report {n}"),
        &format!("Traffic at the port of Tripoli changed again, report number {n}."),
    )
}

/// `storyline` with the webhook secret and back-off in its environment.
fn run_hooked(data: &Path, backoff_secs: u64, args: &[&str]) -> Run {
    storyline(data)
        .env(SECRET_VAR, SECRET)
        .env("STORYLINE_WEBHOOK_BACKOFF_SECS", backoff_secs.to_string())
        .args(args)
        .output()
        .expect("run storyline")
        .into()
}

fn add_watch(data: &Path, name: &str, query: &str, url: &str) {
    run_ok(
        data,
        &[
            "watch",
            "add",
            name,
            "--query",
            query,
            "--webhook",
            url,
            "--secret-env",
            SECRET_VAR,
        ],
    );
}

/// `watch show NAME --json`: the alerts, by item.
fn shown(data: &Path, watch: &str) -> HashMap<String, Value> {
    let out = run_ok(data, &["watch", "show", watch, "--json"]);
    out.json_lines()
        .into_iter()
        .map(|a| (a["title"].as_str().unwrap().to_string(), a))
        .collect()
}

/// Asserts the run exited 0 and reported this many webhook deliveries.
fn assert_deliveries(out: &Run, delivered: usize, failed: usize) {
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let line = format!("webhook deliveries: {delivered} delivered, {failed} failed");
    assert!(out.stdout.contains(&line), "{}", out.stdout);
}

#[test]
fn webhook_receives_each_alert_once_across_a_feed_updated_in_three_steps() {
    let hook = WebhookReceiver::start(Vec::new());
    let (tmp, data) = data_dir();
    let feed = tmp.path().join("wire.rss");
    let feed_arg = feed.to_str().unwrap();
    add_watch(&data, "idlib", "hts \"idlib province\"", &hook.url);
    add_watch(&data, "ports", "port", &hook.url);

    let steps: [(Vec<String>, usize); 3] = [
        (vec![hts(1), port(1)], 2),
        (vec![hts(1), port(1), hts(2)], 3),
        (vec![hts(1), port(1), hts(2), port(2)], 4),
    ];
    for (items, total) in steps {
        write_feed(&feed, &items);
        let out = run_hooked(&data, 60, &["ingest", feed_arg]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert_eq!(hook.got().len(), total, "{:?}", hook.got());
    }
    // A re-ingest (a restart) sends nothing more.
    let out = run_hooked(&data, 60, &["ingest", feed_arg]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("webhook deliveries"), "{}", out.stdout);

    let got = hook.got();
    assert_eq!(got.len(), 4);
    let acked = hook.acknowledged();
    assert_eq!(acked.len(), 4, "{acked:?}");
    assert!(acked.values().all(|&n| n == 1), "{acked:?}");
    for r in &got {
        assert!(r.signature_verifies, "bad signature on {}", r.id);
        assert_eq!(r.header_id, r.id);
        assert_eq!(
            r.id,
            format!(
                "{}/{}",
                r.body["watch"].as_str().unwrap(),
                r.body["item"].as_str().unwrap()
            )
        );
    }
    let titles: Vec<(&str, &str)> = got
        .iter()
        .map(|r| {
            (
                r.body["watch"].as_str().unwrap(),
                r.body["title"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        titles,
        [
            ("idlib", "HTS report 1"),
            ("ports", "Port report 1"),
            ("idlib", "HTS report 2"),
            ("ports", "Port report 2"),
        ]
    );
    assert_eq!(
        got[0].body["reason"],
        "matches the query \"hts \\\"idlib province\\\"\""
    );

    let ports = shown(&data, "ports");
    let d = &ports["Port report 2"]["delivery"];
    assert_eq!(d["state"], "delivered");
    assert_eq!(d["attempts"], 1);
    let text = run(&data, &["watch", "show", "ports"]);
    assert!(text.stdout.contains("\tdelivered "), "{}", text.stdout);
}

#[test]
fn a_failed_webhook_delivery_is_retried_after_its_back_off_and_delivered() {
    let hook = WebhookReceiver::start(vec![Answer::ServerError]);
    let (tmp, data) = data_dir();
    let feed = tmp.path().join("wire.rss");
    let feed_arg = feed.to_str().unwrap();
    add_watch(&data, "idlib", "idlib", &hook.url);
    write_feed(&feed, &[hts(1)]);

    let backoff = 3;
    let started = Instant::now();
    let out = run_hooked(&data, backoff, &["ingest", feed_arg]);
    assert_deliveries(&out, 0, 1);
    assert!(out.stderr.contains("HTTP 500"), "{}", out.stderr);
    let d = shown(&data, "idlib")["HTS report 1"]["delivery"].clone();
    assert_eq!(d["state"], "failed");
    assert_eq!(d["attempts"], 1);
    assert_eq!(d["last_error"], "HTTP 500");
    let next_try = d["next_try"].as_str().unwrap().to_string();
    let text = run(&data, &["watch", "show", "idlib"]);
    assert!(
        text.stdout
            .contains(&format!("failed (1 try, HTTP 500); next try {next_try}")),
        "{}",
        text.stdout
    );

    // Before its next try, a run leaves it alone.
    let out = run_hooked(&data, backoff, &["ingest", feed_arg]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    if started.elapsed() < Duration::from_secs(backoff) {
        assert_eq!(hook.got().len(), 1, "retried before its back-off");
    }

    // After it, the next run delivers it.
    std::thread::sleep(Duration::from_secs(backoff + 1).saturating_sub(started.elapsed()));
    let out = run_hooked(&data, backoff, &["ingest", feed_arg]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let got = hook.got();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].id, got[1].id, "the same alert, the same id");
    assert!(got.iter().all(|r| r.signature_verifies));
    let d = &shown(&data, "idlib")["HTS report 1"]["delivery"];
    assert_eq!(d["state"], "delivered");
    assert_eq!(d["attempts"], 2);
    assert_eq!(hook.acknowledged().values().sum::<usize>(), 1);

    // Delivered: never sent again.
    let out = run_hooked(&data, 0, &["ingest", feed_arg]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(hook.got().len(), 2);
}

#[test]
fn a_kill_mid_delivery_still_delivers_each_alert_once() {
    // The first alert is acknowledged, the second stalls the receiver.
    let hook = WebhookReceiver::start(vec![Answer::Ok, Answer::Stall]);
    let (tmp, data) = data_dir();
    let feed = tmp.path().join("wire.rss");
    let feed_arg = feed.to_str().unwrap();
    add_watch(&data, "idlib", "idlib", &hook.url);
    write_feed(&feed, &[hts(1), hts(2)]);

    let mut child = storyline(&data)
        .env(SECRET_VAR, SECRET)
        .args(["ingest", feed_arg])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let first = hook
        .arrivals
        .recv_timeout(Duration::from_secs(120))
        .unwrap();
    let second = hook.arrivals.recv_timeout(Duration::from_secs(60)).unwrap();
    assert_ne!(first, second);
    // SIGKILL, while the process waits on the stalled receiver.
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());
    *hook.stall.lock().unwrap() = false;

    let alerts = shown(&data, "idlib");
    assert_eq!(alerts.len(), 2, "both alerts were recorded before delivery");
    assert_eq!(alerts["HTS report 1"]["delivery"]["state"], "delivered");
    assert_eq!(alerts["HTS report 2"]["delivery"]["state"], "pending");

    // The next run sends what was not acknowledged, and only that.
    let out = run_hooked(&data, 60, &["ingest", feed_arg]);
    assert_deliveries(&out, 1, 0);
    let out = run_hooked(&data, 60, &["ingest", feed_arg]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    let got = hook.got();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(
        got.iter().filter(|r| r.id == first).count(),
        1,
        "a delivered alert is not sent again"
    );
    let acked = hook.acknowledged();
    assert_eq!(acked.get(&first), Some(&1));
    assert_eq!(acked.get(&second), Some(&1));
    assert!(got.iter().all(|r| r.signature_verifies));
    assert!(hook.plan.lock().unwrap().is_empty());
    let alerts = shown(&data, "idlib");
    assert!(alerts
        .values()
        .all(|a| a["delivery"]["state"] == "delivered"));
}
