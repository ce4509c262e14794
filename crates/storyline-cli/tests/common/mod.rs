//! Helpers for the integration tests: run the real `storyline` binary in a
//! temporary data directory.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_storyline"))
}

/// The repository's bundled corpus.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// Result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Parses stdout as JSON Lines.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
            .collect()
    }
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// `storyline --data <data>`, ready for more arguments (STORYLINE_DATA unset).
pub fn storyline(data: &Path) -> Command {
    let mut c = Command::new(bin());
    c.arg("--data").arg(data).env_remove("STORYLINE_DATA");
    c
}

/// Runs `storyline --data <data> args...`.
pub fn run(data: &Path, args: &[&str]) -> Run {
    storyline(data)
        .args(args)
        .output()
        .expect("run storyline")
        .into()
}

/// Runs `storyline --data <data> args...` and asserts it exits 0.
pub fn run_ok(data: &Path, args: &[&str]) -> Run {
    let r = run(data, args);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r
}

/// Ingests `input` (a file or folder) into `data` and asserts it exits 0.
pub fn ingest_ok(data: &Path, input: &Path) -> Run {
    run_ok(data, &["ingest", input.to_str().unwrap()])
}

/// A temporary directory (keep it alive) and the path of a `data`
/// directory inside it, not yet created.
pub fn data_dir() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    (tmp, data)
}

/// A new empty directory `name` inside `parent`.
pub fn new_dir(parent: &Path, name: &str) -> PathBuf {
    let dir = parent.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The `title` of each JSON line of a run's stdout, sorted.
pub fn sorted_titles(r: &Run) -> Vec<String> {
    let mut titles: Vec<String> = r
        .json_lines()
        .iter()
        .map(|v| v["title"].as_str().unwrap_or_default().to_string())
        .collect();
    titles.sort();
    titles
}

/// `storyline extract file extra...` with the data directory pointed at an
/// `unused` path beside `file` (extract needs no store); asserts it exits 0.
pub fn extract_ok(file: &Path, extra: &[&str]) -> Run {
    let unused = file.with_file_name("unused");
    run_ok(
        &unused,
        &[&["extract", file.to_str().unwrap()], extra].concat(),
    )
}

/// `bytes` gzipped.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Writes `gold` as `gold.jsonl` in `dir` and runs `storyline eval <what>
/// --gold <that file> args...` with `dir` as the data directory.
pub fn eval_with_gold(dir: &Path, what: &str, gold: &str, args: &[&str]) -> Run {
    let gold_path = dir.join("gold.jsonl");
    std::fs::write(&gold_path, gold).unwrap();
    let head = ["eval", what, "--gold", gold_path.to_str().unwrap()];
    run(dir, &[&head[..], args].concat())
}

/// The five seed articles.
pub fn seeds() -> PathBuf {
    corpus().join("seeds")
}

/// A temporary directory whose `data` directory holds the seeds, ingested
/// by the binary; returns the directory (keep it alive) and the data path.
pub fn seeded_data_dir() -> (tempfile::TempDir, PathBuf) {
    let (tmp, data) = data_dir();
    ingest_ok(&data, &seeds());
    (tmp, data)
}

/// The file name of each JSON object's `path` (`.../000_x.txt#line=1` -> `000_x.txt`).
pub fn file_name_of(v: &Value) -> String {
    let p = v["path"].as_str().unwrap_or_default();
    let p = p.split('#').next().unwrap_or(p);
    Path::new(p)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The `host:port` after `http://` in what `storyline serve` says on stderr
/// ("storyline: serving ... on http://127.0.0.1:PORT ...").
pub fn served_addr(said: &str) -> Option<String> {
    let rest = said.split("http://").nth(1)?;
    rest.split_whitespace().next().map(str::to_string)
}

/// A `storyline serve` process on a free loopback port, stopped when dropped.
pub struct Serve {
    pub child: std::process::Child,
    pub addr: String,
}

impl Serve {
    /// Starts `storyline --data <data> serve` (with a token, if given) and
    /// waits until it listens.
    pub fn start(data: &Path, token: Option<&str>) -> Serve {
        let mut cmd = storyline(data);
        cmd.args(["serve", "--addr", "127.0.0.1:0"])
            .env_remove("STORYLINE_TOKEN")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        if let Some(t) = token {
            cmd.args(["--token", t]);
        }
        Self::spawn(cmd)
    }

    /// Starts a prepared `serve` command whose stderr is piped.
    pub fn spawn(mut cmd: Command) -> Serve {
        use std::io::BufRead;
        let mut child = cmd.spawn().expect("start storyline serve");
        let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = match lines.next() {
                Some(Ok(l)) => l,
                _ => {
                    let _ = child.kill();
                    panic!("serve ended before listening: {:?}", child.wait());
                }
            };
            if let Some(addr) = served_addr(&line) {
                break addr;
            }
        };
        // Keep draining stderr so the server never blocks on it.
        std::thread::spawn(move || for _ in lines {});
        Serve { child, addr }
    }

    /// One HTTP/1.1 request; the status and body of the response.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, String) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(120)))
            .unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body).unwrap();
        let mut response = Vec::new();
        s.read_to_end(&mut response).unwrap();
        let text = String::from_utf8_lossy(&response);
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, dechunk(&body))
    }

    /// The server's peak resident memory so far in MiB (Linux: VmHWM).
    pub fn peak_mib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A body sent with `Transfer-Encoding: chunked`, joined (other bodies as
/// they are).
fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    loop {
        let Some((size, after)) = rest.split_once("\r\n") else {
            return body.to_string();
        };
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            return body.to_string();
        };
        if n == 0 {
            return out;
        }
        let Some(chunk) = after.get(..n) else {
            return body.to_string();
        };
        out.push_str(chunk);
        rest = after[n..].trim_start_matches("\r\n");
    }
}

/// One RSS item of a feed on `wire.example`, with a paragraph of content
/// (long enough to be extracted as an article) after `body`.
pub fn feed_item(slug: &str, title: &str, body: &str) -> String {
    format!(
        "<item><title>{title}</title><link>http://wire.example/{slug}</link>\
         <guid>{slug}</guid><pubDate>Sun, 06 Dec 2026 09:15:00 +0000</pubDate>\
         <content:encoded><![CDATA[<p>{body}</p><p>Officials gave no further \
         details on Sunday, and reporters on the ground could not confirm the account \
         independently. Residents said the situation remained tense through the evening, \
         and several families had left for the homes of relatives elsewhere.</p>]]>\
         </content:encoded></item>"
    )
}

/// An RSS 2.0 feed of `items` (from [`feed_item`]).
pub fn feed_of(items: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\
         <title>Wire</title><link>http://wire.example/</link>{}</channel></rss>",
        items.concat()
    )
}

/// Writes the feed of `items` to `path`.
pub fn write_feed(path: &Path, items: &[String]) {
    std::fs::write(path, feed_of(items)).unwrap();
}
