//! Storyline's fetcher: downloads feeds (RSS, Atom, JSON Feed, news
//! sitemaps) and the pages their items only link to, politely, into the
//! data directory, where `ingest` reads them like any other input:
//!
//! - feeds are saved as files under `fetched/feeds/` (the latest copy of
//!   each), pages as response records in `fetched/warc/*.warc.gz`;
//! - robots.txt is honoured (a host whose robots.txt cannot be read is not
//!   fetched from, as RFC 9309 asks), its `Crawl-delay` too;
//! - requests are made one at a time, with at least
//!   [`FetchSettings::delay`] between two to the same host;
//! - a User-Agent naming Storyline; conditional GET from the validators
//!   remembered in `fetch_state.json` ([`memory`]); pages stored once are
//!   not requested again;
//! - retries with exponential back-off on 5xx, 429 and network errors; a
//!   size cap and a timeout per request.
//!
//! The HTTP client is `ureq`: small and blocking (one request at a time
//! needs no async runtime), and already in the workspace for the server's
//! tests. HTTPS needs the `tls` feature.
#![warn(missing_docs)]

pub mod memory;
mod warc_out;
pub mod webhook;

use memory::{Memory, Validators};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use storyline_ingest::feeds::{read_feed, FeedItems};
use texting_robots::Robot;
use warc_out::WarcFile;

/// The User-Agent of every request.
pub const USER_AGENT: &str = concat!(
    "Storyline/",
    env!("CARGO_PKG_VERSION"),
    " (news research fetcher; polite: robots.txt, one request at a time per host)"
);
/// The product token robots.txt groups are matched against.
pub const ROBOTS_AGENT: &str = "Storyline";
/// The folder of the data directory the fetcher writes into.
pub const FETCHED_DIR: &str = "fetched";
/// The file a fetch run locks in the data directory.
pub const LOCK_FILE: &str = "fetch.lock";
/// Longest `Crawl-delay` honoured, in seconds: a longer one is cut to this.
pub const MAX_CRAWL_DELAY_SECS: f32 = 60.0;

/// A URL that could not be fetched, or a file of the data directory that
/// could not be written, with the reason.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// A file of the data directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Another fetch holds the data directory's fetch lock.
    #[error("{}: another storyline fetch is running on this data directory", path.display())]
    Busy {
        /// The data directory.
        path: PathBuf,
    },
    /// The fetch state file could not be read or written as JSON.
    #[error("{}: unreadable fetch state: {reason}", path.display())]
    State {
        /// The state file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A target that is no http(s) URL.
    #[error("{url}: not an http:// or https:// URL")]
    BadUrl {
        /// The target as given.
        url: String,
    },
    /// An HTTP error status (after retries, for 5xx and 429).
    #[error("{url}: HTTP {status}")]
    Status {
        /// The URL.
        url: String,
        /// The last status.
        status: u16,
    },
    /// A connection, timeout or read failure (after retries).
    #[error("{url}: {reason}")]
    Network {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A response over [`FetchSettings::max_bytes`].
    #[error("{url}: larger than {limit} bytes (--max-page-mib)")]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap.
        limit: u64,
    },
    /// robots.txt does not allow the URL, or could not be read.
    #[error("{url}: not fetched: {reason}")]
    Robots {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A response that is neither a feed nor an HTML page.
    #[error("{url}: neither a feed nor an HTML page: {reason}")]
    Unreadable {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The store could not be read or written (webhook delivery state).
    #[error("store: {0}")]
    Store(#[from] storyline_store::StoreError),
}

/// How politely and how far the fetcher goes.
#[derive(Clone, Debug)]
pub struct FetchSettings {
    /// The User-Agent header sent.
    pub user_agent: String,
    /// Least time between two requests to one host.
    pub delay: Duration,
    /// Longest time one request may take, connection to last byte.
    pub timeout: Duration,
    /// Largest response body.
    pub max_bytes: u64,
    /// Further tries after a 5xx, a 429 or a network error.
    pub retries: u32,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            user_agent: USER_AGENT.to_string(),
            delay: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
            max_bytes: 16 * 1024 * 1024,
            retries: 2,
            backoff: Duration::from_secs(2),
        }
    }
}

/// What a fetch run did.
#[derive(Debug, Default, serde::Serialize)]
pub struct FetchReport {
    /// Feeds downloaded (changed since the last run, or new).
    pub feeds: u64,
    /// Pages stored in the WARC file.
    pub pages: u64,
    /// Feeds and pages the host said had not changed (HTTP 304).
    pub not_modified: u64,
    /// Linked pages stored by an earlier run, not requested again.
    pub already_fetched: u64,
    /// URLs robots.txt does not allow (or whose host's robots.txt could
    /// not be read).
    pub refused_by_robots: u64,
    /// URLs that failed (after retries).
    pub failed: u64,
    /// HTTP requests made, robots.txt and retries included.
    pub requests: u64,
    /// The WARC file written, when a page was stored.
    pub warc: Option<PathBuf>,
    /// The folder to ingest.
    pub fetched_dir: PathBuf,
    /// The failures counted in `failed`.
    #[serde(skip)]
    pub errors: Vec<FetchError>,
    /// The refusals counted in `refused_by_robots`.
    #[serde(skip)]
    pub refused: Vec<FetchError>,
}

/// A response worth keeping, or a 304.
enum Got {
    Body {
        head: String,
        content_type: String,
        body: Vec<u8>,
    },
    NotModified,
}

/// What robots.txt says of a host.
enum Rules {
    /// No robots.txt (4xx): everything allowed.
    All,
    Robot(Box<Robot>),
    /// robots.txt could not be read (5xx, network): nothing allowed.
    Unreachable(String),
}

/// Fetches `targets` (feed or page URLs) into the data directory `data`.
/// Per-URL failures are in the report; only the data directory's files
/// failing stops the run.
pub fn fetch(
    targets: &[String],
    data: &Path,
    settings: FetchSettings,
) -> Result<FetchReport, FetchError> {
    let mut fetcher = Fetcher::new(data, settings)?;
    for url in targets {
        fetcher.fetch_target(url.trim())?;
        fetcher.memory.save()?;
    }
    fetcher.report.warc = (fetcher.warc.records() > 0).then(|| fetcher.warc.path().to_path_buf());
    Ok(fetcher.report)
}

/// The URLs of a file of URLs: one a line, blank lines and `#` comments
/// skipped.
pub fn read_url_list(path: &Path) -> Result<Vec<String>, FetchError> {
    let text = std::fs::read_to_string(path).map_err(|source| FetchError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

struct Fetcher {
    /// Held for the run: two fetches on one data directory would each
    /// overwrite the other's state.
    _lock: std::fs::File,
    agent: ureq::Agent,
    settings: FetchSettings,
    fetched: PathBuf,
    memory: Memory,
    robots: HashMap<String, Rules>,
    last_request: HashMap<String, Instant>,
    warc: WarcFile,
    report: FetchReport,
}

/// `scheme://host[:port]` of an http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| {
        format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        )
    })
}

/// A short stable name for a URL's files.
fn file_stem(url: &str) -> String {
    use sha2::{Digest, Sha256};
    let host: String = origin_of(url)
        .unwrap_or_default()
        .split("://")
        .nth(1)
        .unwrap_or("")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let digest = Sha256::digest(url.as_bytes());
    let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("{host}-{hash}")
}

/// The HTTP head to store a page with, so that `ingest` reads it as HTML:
/// as received when its content type says HTML; with `Content-Type:
/// text/html` when the body is an HTML document served under another type
/// (servers send pages without an extension as `application/octet-stream`,
/// which ingest's WARC reader skips); `None` for anything else.
fn html_head(head: &str, content_type: &str, body: &[u8]) -> Option<String> {
    if content_type.contains("html") {
        return Some(head.to_string());
    }
    let start: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    if !(start.starts_with(b"<!doctype html") || start.starts_with(b"<html")) {
        return None;
    }
    let mut out = String::with_capacity(head.len() + 32);
    for line in head.split_inclusive("\r\n") {
        let is_type = line
            .split_once(':')
            .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("content-type"));
        if !is_type {
            out.push_str(line);
        }
    }
    // After the status line.
    let at = out.find("\r\n").map_or(0, |i| i + 2);
    out.insert_str(at, "Content-Type: text/html\r\n");
    Some(out)
}

fn retryable(status: u16) -> bool {
    status == 429 || status >= 500
}

impl Fetcher {
    fn new(data: &Path, settings: FetchSettings) -> Result<Fetcher, FetchError> {
        let fetched = data.join(FETCHED_DIR);
        std::fs::create_dir_all(fetched.join("feeds")).map_err(|source| FetchError::Io {
            path: fetched.clone(),
            source,
        })?;
        let lock_path = data.join(LOCK_FILE);
        let lock = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|source| FetchError::Io {
                path: lock_path.clone(),
                source,
            })?;
        match fs4::fs_std::FileExt::try_lock_exclusive(&lock) {
            Ok(true) => {}
            Ok(false) => {
                return Err(FetchError::Busy {
                    path: data.to_path_buf(),
                })
            }
            Err(source) => {
                return Err(FetchError::Io {
                    path: lock_path,
                    source,
                })
            }
        }
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let warc = WarcFile::new(
            fetched
                .join("warc")
                .join(format!("fetch-{stamp}-{}.warc.gz", std::process::id())),
        );
        let agent = ureq::AgentBuilder::new()
            .user_agent(&settings.user_agent)
            .timeout(settings.timeout)
            .redirects(5)
            .build();
        Ok(Fetcher {
            _lock: lock,
            agent,
            memory: Memory::load(data)?,
            report: FetchReport {
                fetched_dir: fetched.clone(),
                ..FetchReport::default()
            },
            fetched,
            settings,
            robots: HashMap::new(),
            last_request: HashMap::new(),
            warc,
        })
    }

    fn fail(&mut self, e: FetchError) {
        match e {
            FetchError::Robots { .. } => {
                self.report.refused_by_robots += 1;
                self.report.refused.push(e);
            }
            e => {
                self.report.failed += 1;
                self.report.errors.push(e);
            }
        }
    }

    /// One URL given by the user: a feed (its linked pages follow) or a
    /// page. Only a failure to write the data directory is an `Err`.
    fn fetch_target(&mut self, url: &str) -> Result<(), FetchError> {
        let got = match self.get(url) {
            Ok(got) => got,
            Err(e) => {
                self.fail(e);
                return Ok(());
            }
        };
        match got {
            Got::NotModified => {
                self.report.not_modified += 1;
                // The feed is as last saved: its pages not fetched yet (a
                // failure last time) are tried again.
                if let Some(saved) = self.memory.feed_file(url).map(Path::to_path_buf) {
                    if let Ok(bytes) = std::fs::read(&saved) {
                        if let Ok(items) = read_feed(url, &bytes) {
                            self.follow(items)?;
                        }
                    }
                }
            }
            Got::Body {
                head,
                content_type,
                body,
            } => {
                if content_type.contains("html") {
                    self.store_page(url, &head, &body)?;
                    return Ok(());
                }
                if let Some(head) = html_head(&head, &content_type, &body) {
                    self.store_page(url, &head, &body)?;
                    return Ok(());
                }
                match read_feed(url, &body) {
                    Ok(items) => {
                        self.save_feed(url, &body)?;
                        self.report.feeds += 1;
                        self.follow(items)?;
                    }
                    Err(reason) => self.fail(FetchError::Unreadable {
                        url: url.to_string(),
                        reason,
                    }),
                }
            }
        }
        Ok(())
    }

    /// Fetches the pages of a feed's stubs (items that carry their story
    /// need no page).
    fn follow(&mut self, items: FeedItems) -> Result<(), FetchError> {
        for stub in items.stubs {
            let url = stub.url;
            if self.memory.has_page(&url) {
                self.report.already_fetched += 1;
                continue;
            }
            match self.get(&url) {
                Ok(Got::Body {
                    head,
                    content_type,
                    body,
                }) => match html_head(&head, &content_type, &body) {
                    Some(head) => self.store_page(&url, &head, &body)?,
                    None => self.fail(FetchError::Unreadable {
                        url,
                        reason: format!("not an HTML page (content type {content_type})"),
                    }),
                },
                Ok(Got::NotModified) => self.report.not_modified += 1,
                Err(e) => self.fail(e),
            }
        }
        Ok(())
    }

    fn store_page(&mut self, url: &str, head: &str, body: &[u8]) -> Result<(), FetchError> {
        let date = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.warc.write_response(url, &date, head, body)?;
        self.memory.remember_page(url);
        self.report.pages += 1;
        Ok(())
    }

    fn save_feed(&mut self, url: &str, body: &[u8]) -> Result<(), FetchError> {
        let json = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        let ext = if json { "feed.json" } else { "xml" };
        let path = self
            .fetched
            .join("feeds")
            .join(format!("{}.{ext}", file_stem(url)));
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, body)
            .and_then(|_| std::fs::rename(&tmp, &path))
            .map_err(|source| FetchError::Io {
                path: path.clone(),
                source,
            })?;
        self.memory.remember_feed(url, path);
        Ok(())
    }

    /// Waits until `origin` may be asked again.
    fn wait_turn(&mut self, origin: &str) {
        let crawl_delay = match self.robots.get(origin) {
            Some(Rules::Robot(r)) => r.delay.unwrap_or(0.0).clamp(0.0, MAX_CRAWL_DELAY_SECS),
            _ => 0.0,
        };
        let delay = self
            .settings
            .delay
            .max(Duration::from_secs_f32(crawl_delay));
        if let Some(last) = self.last_request.get(origin) {
            let next = *last + delay;
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            }
        }
    }

    /// One request, after waiting for the host's turn.
    fn request(&mut self, origin: &str, url: &str) -> Result<ureq::Response, Box<ureq::Error>> {
        self.wait_turn(origin);
        let mut req = self.agent.get(url);
        if let Some(v) = self.memory.validators(url) {
            if let Some(etag) = &v.etag {
                req = req.set("If-None-Match", etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.set("If-Modified-Since", lm);
            }
        }
        self.report.requests += 1;
        let result = req.call().map_err(Box::new);
        self.last_request.insert(origin.to_string(), Instant::now());
        result
    }

    /// Whether robots.txt lets Storyline fetch `url`, reading the host's
    /// robots.txt the first time.
    fn check_robots(&mut self, origin: &str, url: &str) -> Result<(), FetchError> {
        if !self.robots.contains_key(origin) {
            let rules = self.load_robots(origin);
            self.robots.insert(origin.to_string(), rules);
        }
        let refuse = |reason: String| {
            Err(FetchError::Robots {
                url: url.to_string(),
                reason,
            })
        };
        match &self.robots[origin] {
            Rules::All => Ok(()),
            Rules::Robot(r) if r.allowed(url) => Ok(()),
            Rules::Robot(_) => refuse("robots.txt disallows it".to_string()),
            Rules::Unreachable(why) => refuse(format!("the host's robots.txt {why}")),
        }
    }

    fn load_robots(&mut self, origin: &str) -> Rules {
        let url = format!("{origin}/robots.txt");
        match self.request(origin, &url).map_err(|e| *e) {
            Ok(resp) => {
                let mut body = Vec::new();
                let read = resp.into_reader().take(512 * 1024).read_to_end(&mut body);
                match read {
                    // An unparsable robots.txt says nothing it can be held to.
                    Ok(_) => Robot::new(ROBOTS_AGENT, &body)
                        .map(|r| Rules::Robot(Box::new(r)))
                        .unwrap_or(Rules::All),
                    Err(e) => Rules::Unreachable(format!("could not be read: {e}")),
                }
            }
            Err(ureq::Error::Status(code, _)) if (400..500).contains(&code) => Rules::All,
            Err(ureq::Error::Status(code, _)) => {
                Rules::Unreachable(format!("answered HTTP {code}"))
            }
            Err(ureq::Error::Transport(t)) => Rules::Unreachable(format!("could not be read: {t}")),
        }
    }

    /// GET with robots.txt, the host's turn, conditional headers, retries
    /// and the size cap.
    fn get(&mut self, url: &str) -> Result<Got, FetchError> {
        let origin = origin_of(url).ok_or_else(|| FetchError::BadUrl {
            url: url.to_string(),
        })?;
        self.check_robots(&origin, url)?;
        let mut attempt = 0;
        loop {
            let error = match self.request(&origin, url).map_err(|e| *e) {
                Ok(resp) if resp.status() == 304 => return Ok(Got::NotModified),
                Ok(resp) => return self.read_body(url, resp),
                Err(ureq::Error::Status(status, _)) if !retryable(status) => {
                    return Err(FetchError::Status {
                        url: url.to_string(),
                        status,
                    })
                }
                Err(ureq::Error::Status(status, _)) => FetchError::Status {
                    url: url.to_string(),
                    status,
                },
                Err(ureq::Error::Transport(t)) => FetchError::Network {
                    url: url.to_string(),
                    reason: t.to_string(),
                },
            };
            if attempt >= self.settings.retries {
                return Err(error);
            }
            std::thread::sleep(self.settings.backoff * 2u32.saturating_pow(attempt));
            attempt += 1;
        }
    }

    fn read_body(&mut self, url: &str, resp: ureq::Response) -> Result<Got, FetchError> {
        let limit = self.settings.max_bytes;
        let too_large = || FetchError::TooLarge {
            url: url.to_string(),
            limit,
        };
        if resp
            .header("Content-Length")
            .and_then(|l| l.trim().parse::<u64>().ok())
            .is_some_and(|l| l > limit)
        {
            return Err(too_large());
        }
        let validators = Validators {
            etag: resp.header("ETag").map(str::to_string),
            last_modified: resp.header("Last-Modified").map(str::to_string),
        };
        let content_type = resp.content_type().to_ascii_lowercase();
        let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status(), resp.status_text());
        for name in resp.headers_names() {
            let skip = ["content-length", "transfer-encoding", "connection"];
            if skip.contains(&name.to_ascii_lowercase().as_str()) {
                continue;
            }
            for value in resp.all(&name) {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        let mut body = Vec::new();
        resp.into_reader()
            .take(limit + 1)
            .read_to_end(&mut body)
            .map_err(|e| FetchError::Network {
                url: url.to_string(),
                reason: format!("reading the body: {e}"),
            })?;
        if body.len() as u64 > limit {
            return Err(too_large());
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        self.memory.remember_validators(url, validators);
        Ok(Got::Body {
            head,
            content_type,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_file_names() {
        assert_eq!(
            origin_of("HTTP://News.Example:8080/a?b").as_deref(),
            Some("http://news.example:8080")
        );
        assert_eq!(origin_of("ftp://x/y"), None);
        assert_eq!(origin_of("news.example/a"), None);
        let stem = file_stem("http://127.0.0.1:4000/feed.rss");
        assert!(stem.starts_with("127.0.0.1_4000-"), "{stem}");
    }
}
