//! Server mode's faults, with the real binary against a live PostgreSQL
//! (STORYLINE_TEST_PG; a missing server fails these tests unless
//! STORYLINE_SKIP_PG=1):
//! - a worker killed with SIGKILL mid-batch: the others finish its job and
//!   every article is stored exactly once;
//! - PostgreSQL restarted during ingest: the workers reconnect and resume;
//! - two `storyline serve` nodes on one database: each catches its own index
//!   up with what another process stores.
#![cfg(feature = "postgres")]

mod common;
use common::{served_addr, storyline, Run};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use storyline_store::postgres::jobs::JobQueue;
use storyline_store::postgres::testing::{scratch_database, test_server, with_database};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A slice of the bundled Timeline17 sample: the first 40 real news articles
/// of each of its two files (BBC, Reuters), written as JSON Lines into `dir`.
/// Small enough for a debug build on a busy machine, large enough for many
/// jobs of a few articles.
fn corpus(dir: &Path) -> PathBuf {
    use std::io::{BufRead, Write};
    let out = dir.join("slice.jsonl");
    if out.exists() {
        return out;
    }
    let mut w = std::fs::File::create(&out).unwrap();
    for name in ["SyrianCrisis_bbc", "SyrianCrisis_reuters"] {
        let f = std::fs::File::open(repo().join(format!("corpus/t17/{name}.articles.jsonl.gz")))
            .unwrap();
        let r = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(f));
        for line in r.lines().take(40) {
            writeln!(w, "{}", line.unwrap()).unwrap();
        }
    }
    out
}

/// `storyline --store <url> --data <data>`, ready for more arguments.
fn command(url: &str, data: &Path) -> Command {
    let mut c = storyline(data);
    c.arg("--store").arg(url);
    c
}

fn run(url: &str, data: &Path, args: &[&str]) -> (i32, String, String) {
    let r = Run::from(command(url, data).args(args).output().unwrap());
    (r.code, r.stdout, r.stderr)
}

/// Puts the corpus slice (written into `tmp`) on the queue, `batch` records per job.
fn enqueue(url: &str, data: &Path, tmp: &Path, batch: &str) {
    let slice = corpus(tmp);
    let (code, _, err) = run(
        url,
        data,
        &["enqueue", "--batch", batch, slice.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
}

fn worker(url: &str, data: &Path, name: &str, lease: &str) -> Child {
    command(url, data)
        .args(["worker", "--json", "--lease", lease, "--name", name])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> Value {
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "worker failed: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"))
}

/// Distinct article ids the store lists, and the total listed.
fn stored_ids(url: &str, data: &Path) -> (usize, usize) {
    let (code, out, err) = run(url, data, &["articles", "--json", "--limit", "100000"]);
    assert_eq!(code, 0, "{err}");
    let ids: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let distinct: std::collections::BTreeSet<_> = ids.iter().collect();
    (distinct.len(), ids.len())
}

/// What one worker run over the whole corpus stores (the reference).
fn reference_count(server: &str, tmp: &Path) -> usize {
    let url = scratch_database(server, "ref").unwrap();
    let data = tmp.join("ref");
    enqueue(&url, &data, tmp, "4");
    finish(worker(&url, &data, "solo", "300"));
    let (distinct, total) = stored_ids(&url, &data);
    assert_eq!(distinct, total);
    distinct
}

#[test]
fn a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing() {
    let Some(server) = test_server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let expected = reference_count(&server, tmp.path());
    assert!(expected >= 70, "the corpus yields {expected} articles");

    let url = scratch_database(&server, "sigkill").unwrap();
    let data = tmp.path().join("node");
    enqueue(&url, &data, tmp.path(), "4");
    let mut queue = JobQueue::connect(&url).unwrap();
    let mut db = postgres::Client::connect(&url, postgres::NoTls).unwrap();

    // The victim claims jobs with a short lease; kill it while it holds one
    // and has completed at least one (so it is mid-run, mid-batch).
    let mut victim = worker(&url, &data, "victim", "2");
    let started = Instant::now();
    loop {
        let row = db
            .query_one(
                "SELECT count(*) FILTER (WHERE done), count(*) FILTER (WHERE NOT done AND leased_until > now()) \
                 FROM jobs WHERE worker = 'victim'",
                &[],
            )
            .unwrap();
        let (done, holding): (i64, i64) = (row.get(0), row.get(1));
        if done >= 1 && holding == 1 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "victim never got going"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    victim.kill().unwrap(); // SIGKILL
    victim.wait().unwrap();
    let held: i64 = db
        .query_one(
            "SELECT id FROM jobs WHERE worker = 'victim' AND NOT done",
            &[],
        )
        .unwrap()
        .get(0);

    let survivors = [worker(&url, &data, "a", "2"), worker(&url, &data, "b", "2")];
    let reports: Vec<Value> = survivors.into_iter().map(finish).collect();
    let retried: u64 = reports
        .iter()
        .map(|r| r["retried_jobs"].as_u64().unwrap())
        .sum();
    assert!(retried >= 1, "the victim's job was taken over: {reports:?}");

    let counts = queue.counts().unwrap();
    assert_eq!(counts.open(), 0, "every job done: {counts:?}");
    let (attempts, owner): (i32, String) = {
        let r = db
            .query_one("SELECT attempts, worker FROM jobs WHERE id = $1", &[&held])
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!(attempts, 2, "the killed job ran twice");
    assert_ne!(owner, "victim");
    let (distinct, total) = stored_ids(&url, &data);
    assert_eq!(total, distinct, "no article stored twice");
    assert_eq!(distinct, expected, "every article stored");
    // The node's index caught up from the database holds each once too.
    let (code, out, err) = run(&url, &data, &["stats", "--json"]);
    assert_eq!(code, 0, "{err}");
    let stats: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(stats["articles"].as_u64(), Some(expected as u64), "{stats}");
}

/// A throwaway server of this test's own (it is restarted mid-test, so it
/// cannot be the shared one), stopped when dropped.
struct OwnServer {
    env: Vec<(String, String)>,
    url: String,
}

impl OwnServer {
    fn start() -> OwnServer {
        let port = 56000 + (std::process::id() % 1000) as u16;
        let dir = format!("/tmp/storyline-pg-restart-{}", std::process::id());
        let env = vec![
            ("STORYLINE_PG_PORT".to_string(), port.to_string()),
            ("STORYLINE_PG_DIR".to_string(), dir),
        ];
        let out = OwnServer::script(&env, "start");
        let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(
            out.status.success(),
            "pg.sh start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        OwnServer { env, url }
    }

    fn script(env: &[(String, String)], what: &str) -> std::process::Output {
        Command::new("bash")
            .arg(repo().join("scripts/pg.sh"))
            .arg(what)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap()
    }

    fn restart(&self) {
        let out = OwnServer::script(&self.env, "restart");
        assert!(
            out.status.success(),
            "pg.sh restart: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let _ = OwnServer::script(&self.env, "stop");
    }
}

#[test]
fn workers_reconnect_and_resume_after_postgres_restarts() {
    // Needs PostgreSQL installed like the other tests; it runs its own
    // server on another port because it restarts it.
    let Some(_) = test_server() else { return };
    let pg = OwnServer::start();
    let url = with_database(&pg.url, "storyline");
    let tmp = tempfile::tempdir().unwrap();
    let expected = reference_count(&pg.url, tmp.path());
    let data = tmp.path().join("node");
    enqueue(&url, &data, tmp.path(), "2");
    let mut queue = JobQueue::connect(&url).unwrap();
    let jobs = queue.counts().unwrap().open();

    let workers = [
        worker(&url, &data, "w1", "3"),
        worker(&url, &data, "w2", "3"),
    ];
    // Restart once the workers are well under way.
    let started = Instant::now();
    loop {
        let c = queue.counts().unwrap();
        if c.done >= 3 {
            assert!(
                c.open() > 0,
                "the workers finished before the restart: {c:?}"
            );
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(queue);
    pg.restart();
    let reports: Vec<Value> = workers.into_iter().map(finish).collect();
    let reconnects: u64 = reports
        .iter()
        .map(|r| r["reconnects"].as_u64().unwrap())
        .sum();
    assert!(
        reconnects >= 2,
        "both workers lost the server and came back: {reports:?}"
    );

    let mut queue = JobQueue::connect(&url).unwrap();
    let c = queue.counts().unwrap();
    assert_eq!(
        (c.open(), c.done),
        (0, jobs),
        "every job done after the restart"
    );
    let (distinct, total) = stored_ids(&url, &data);
    assert_eq!(total, distinct, "no article stored twice");
    assert_eq!(distinct, expected, "every article stored");
    // The final stages ran after the restart: events exist.
    let (code, out, err) = run(&url, &data, &["events", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines().count() > 10,
        "events clustered after the restart"
    );
}

/// A `storyline serve` process on a free loopback port, killed when dropped.
struct Node {
    child: Child,
    addr: String,
}

impl Node {
    fn start(url: &str, data: &Path) -> Node {
        use std::io::{BufRead, BufReader};
        let mut child = command(url, data)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // "storyline: serving ... on http://127.0.0.1:PORT (read-only); ..."
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = served_addr(&line)
            .unwrap_or_else(|| panic!("serve did not say where it listens: {line}"));
        Node { child, addr }
    }

    /// GET `path`, the JSON body of a 200 answer.
    fn get(&self, path: &str) -> Value {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
    }

    fn search_total(&self, query: &str) -> u64 {
        self.get(&format!("/api/search?q={query}"))["total"]
            .as_u64()
            .unwrap()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A temporary directory for the nodes and a scratch database `tag` on the
/// test server; `None` (the test is skipped) without one.
fn scratch(tag: &str) -> Option<(tempfile::TempDir, String)> {
    let server = test_server()?;
    let url = scratch_database(&server, tag).unwrap();
    Some((tempfile::tempdir().unwrap(), url))
}

#[test]
fn several_servers_on_one_database_each_catch_up_their_own_index() {
    let Some((tmp, url)) = scratch("two_servers") else {
        return;
    };
    let writer = tmp.path().join("writer");
    let (code, _, err) = run(
        &url,
        &writer,
        &["ingest", corpus(tmp.path()).to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let (stored, _) = stored_ids(&url, &writer);

    // Two nodes, each with its own index directory, built from the database.
    let a = Node::start(&url, &tmp.path().join("node-a"));
    let b = Node::start(&url, &tmp.path().join("node-b"));
    for node in [&a, &b] {
        let stats = node.get("/api/stats");
        assert_eq!(stats["articles"].as_u64(), Some(stored as u64), "{stats}");
        assert_eq!(stats["indexed"].as_u64(), Some(stored as u64), "{stats}");
        assert!(node.search_total("syria") > 0);
        assert_eq!(node.search_total("%22close+ranks%22"), 0);
    }

    // Another process stores the seeds; both nodes find them without a restart.
    let seeds = repo().join("corpus/seeds");
    let (code, _, err) = run(&url, &writer, &["ingest", seeds.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let started = Instant::now();
    for node in [&a, &b] {
        while node.search_total("%22close+ranks%22") == 0 {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "node {} never indexed the new articles",
                node.addr
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        let stats = node.get("/api/stats");
        assert_eq!(stats["indexed"], stats["articles"], "{stats}");
        assert!(stats["articles"].as_u64().unwrap() > stored as u64);
    }
}

/// Regression: every worker that found the queue empty re-ran alias
/// resolution over the whole store (4 workers on T17 spent about 174 CPU
/// seconds redoing it); the stage mark lets a worker with nothing new skip it.
#[test]
fn a_worker_with_nothing_new_skips_alias_resolution() {
    let Some((tmp, url)) = scratch("stage_marks") else {
        return;
    };
    let data = tmp.path().join("node");
    enqueue(&url, &data, tmp.path(), "8");
    let first = finish(worker(&url, &data, "first", "300"));
    assert!(first["entities"].as_u64().unwrap() > 0, "{first}");
    assert!(first["events"]["articles"].as_u64().unwrap() > 0, "{first}");

    let second = finish(worker(&url, &data, "second", "300"));
    assert!(second["entities"].is_null(), "{second}");
    assert_eq!(second["events"]["articles"].as_u64(), Some(0), "{second}");

    // A new article makes the next worker resolve again.
    let seeds = repo().join("corpus/seeds");
    let (code, _, err) = run(&url, &data, &["enqueue", seeds.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let third = finish(worker(&url, &data, "third", "300"));
    assert!(third["entities"].as_u64().unwrap() > 0, "{third}");
}

/// Regression: feed stubs were kept in a file of the enqueuing node's data
/// directory and never reached the queue, so with workers a page linked
/// from a feed never took the feed's title and date. Now they wait in the
/// shared store: a page enqueued after its feed is queued filled.
#[test]
fn regression_pg_workers_fill_a_feed_stub_from_the_shared_store() {
    let Some(server) = test_server() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let url = scratch_database(&server, "feed_stubs").unwrap();
    let data = tmp.path().join("node");
    let feeds = repo().join("corpus/feeds");
    for (input, said) in [
        ("levant-wire.rss", "feed stubs: 1 kept, 0 filled"),
        ("linked-pages.warc", "feed stubs: 0 kept, 1 filled"),
    ] {
        let path = feeds.join(input);
        let args = ["ingest", "--workers", "2", path.to_str().unwrap()];
        let (code, out, err) = run(&url, &data, &args);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(said), "{out}");
    }
    let (code, out, err) = run(&url, &data, &["articles", "--json"]);
    assert_eq!(code, 0, "{err}");
    let bus = "http://levantwire.example/2026/12/06/beirut-bus-routes";
    let page: Value = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|a| a["url"] == bus)
        .expect("the page");
    assert_eq!(page["title"], "Beirut municipality approves new bus routes");
    assert_eq!(page["published"]["provenance"]["rule"], "feed.published");
}
