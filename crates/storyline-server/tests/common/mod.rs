//! Harness for the server's integration tests: corpora ingested into a fresh
//! data directory, the real server on a free loopback port, and the HTTP
//! helpers the tests share.
#![allow(dead_code)]

use serde_json::Value;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use storyline_server::state::BlockingHook;
use storyline_server::{AppState, Config, Server};
use storyline_store::DataDir;

/// The five seed articles.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds")
}

/// Ingests `paths` into the data directory `dir`.
pub fn ingest(dir: &Path, paths: &[PathBuf]) {
    let mut data = DataDir::open(dir).unwrap();
    storyline_ingest::ingest_paths(
        paths,
        &mut data,
        &storyline_pipeline::Settings::default(),
        &storyline_ingest::Quiet,
    )
    .unwrap();
}

/// A server running on its own thread, and the data directory it serves.
pub struct Running {
    pub addr: SocketAddr,
    pub base: String,
    pub state: Arc<AppState>,
    pub data: PathBuf,
    _tmp: tempfile::TempDir,
}

/// The seeds served with the default configuration adjusted by `adjust`.
pub fn serve_seeds(adjust: impl FnOnce(&mut Config)) -> Running {
    serve(&[seeds()], adjust, None)
}

/// `paths` ingested into a fresh data directory, served with the default
/// configuration adjusted by `adjust`; `hook` (if any) is installed as the
/// blocking hook before the server starts.
pub fn serve(
    paths: &[PathBuf],
    adjust: impl FnOnce(&mut Config),
    hook: Option<BlockingHook>,
) -> Running {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ingest(&data, paths);
    serve_data(tmp, data, adjust, hook)
}

/// The data directory `data` (inside `tmp`, which lives as long as the
/// server) served as [`serve`] serves it.
pub fn serve_data(
    tmp: tempfile::TempDir,
    data: PathBuf,
    adjust: impl FnOnce(&mut Config),
    hook: Option<BlockingHook>,
) -> Running {
    let mut config = Config::new(&data);
    adjust(&mut config);
    let server = Server::bind(config, "127.0.0.1:0".parse::<SocketAddr>().unwrap()).unwrap();
    let state = Arc::clone(server.state());
    if let Some(h) = hook {
        assert!(state.on_blocking.set(h).is_ok());
    }
    let addr = server.local_addr();
    std::thread::spawn(move || server.run().unwrap());
    Running {
        addr,
        base: format!("http://{addr}"),
        state,
        data,
        _tmp: tmp,
    }
}

/// A client whose requests time out after `timeout`.
pub fn agent_with_timeout(timeout: Duration) -> ureq::Agent {
    ureq::AgentBuilder::new().timeout(timeout).build()
}

/// A client whose requests time out after 30 seconds.
pub fn agent() -> ureq::Agent {
    agent_with_timeout(Duration::from_secs(30))
}

/// The response, error statuses included; panics on a transport error.
pub fn response(r: Result<ureq::Response, ureq::Error>) -> ureq::Response {
    match r {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    }
}

/// Status, JSON body (Null when not JSON) and text of a response.
pub fn read_json(resp: ureq::Response) -> (u16, Value, String) {
    let status = resp.status();
    let ctype = resp.content_type().to_string();
    let text = resp.into_string().unwrap();
    let json = if ctype == "application/json" {
        serde_json::from_str(&text).unwrap()
    } else {
        Value::Null
    };
    (status, json, text)
}

/// Status and JSON body of a response, error statuses included.
pub fn call(r: Result<ureq::Response, ureq::Error>) -> (u16, Value, String) {
    read_json(response(r))
}

/// Status and JSON body of a GET of `path`.
pub fn get(base: &str, path: &str) -> (u16, Value) {
    let (s, j, _) = call(agent().get(&format!("{base}{path}")).call());
    (s, j)
}

/// POSTs `body` to `url` with the bearer `token`.
pub fn post_bearer(url: &str, token: &str, body: &str) -> (u16, Value, String) {
    call(
        agent()
            .post(url)
            .set("Authorization", &format!("Bearer {token}"))
            .send_string(body),
    )
}

/// A JSON error body of `status` and `code`, with a message.
pub fn assert_error_body(body: &Value, status: u16, code: &str) {
    assert_eq!(body["error"]["status"], status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        !body["error"]["message"].as_str().unwrap().is_empty(),
        "{body}"
    );
}

/// A response of status `want` with the JSON error body of `want` and `code`.
pub fn assert_error(status: u16, body: &Value, want: u16, code: &str) {
    assert_eq!(status, want, "{body}");
    assert_error_body(body, want, code);
}

/// GET `path` is answered with status `want` and the JSON error body of
/// `want` and `code` (the path named when it is not).
pub fn assert_get_error(base: &str, path: &str, want: u16, code: &str) {
    let (status, body) = get(base, path);
    assert_eq!(status, want, "GET {path}: {body}");
    assert_error_body(&body, want, code);
}

/// Each GET of `paths` is a 400 with the JSON `bad_request` error.
pub fn assert_bad_requests(base: &str, paths: &[&str]) {
    for path in paths {
        assert_get_error(base, path, 400, "bad_request");
    }
}

/// The string `key` of every object in the JSON array `list`.
pub fn strs<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    items(list).map(|o| o[key].as_str().unwrap()).collect()
}

/// [`strs`], owned.
pub fn strings(list: &Value, key: &str) -> Vec<String> {
    items(list)
        .map(|o| o[key].as_str().unwrap().into())
        .collect()
}

/// The number `key` of every object in the JSON array `list`.
pub fn numbers(list: &Value, key: &str) -> Vec<u64> {
    items(list).map(|o| o[key].as_u64().unwrap()).collect()
}

/// The elements of the JSON array `list`.
fn items(list: &Value) -> std::slice::Iter<'_, Value> {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .iter()
}

/// Status and text of a GET of `path` (a page, or any other body).
pub fn get_text(base: &str, path: &str) -> (u16, String) {
    let (s, _, text) = call(agent().get(&format!("{base}{path}")).call());
    (s, text)
}

/// `text` written to the file `name` in a fresh temporary directory, which
/// lives as long as the returned handle.
pub fn input_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join(name);
    std::fs::write(&file, text).unwrap();
    (tmp, file)
}

/// Asserts that `text` (a page) contains every one of `wanted`.
pub fn assert_contains_all(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "no {w:?} in {text}");
    }
}

/// The text of the page at `path`, which must answer 200.
pub fn get_page(base: &str, path: &str) -> String {
    let (status, text) = get_text(base, path);
    assert_eq!(status, 200, "{path}: {text}");
    text
}
