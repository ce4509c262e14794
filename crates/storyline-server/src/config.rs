//! What a server is told to do: its [`Config`], the defaults of its limits,
//! and the host names it answers to ([`AllowedHosts`], checked by
//! `guard`).

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Largest request body accepted by default (`POST /api/ingest`): 64 MiB,
/// the ingest readers' own limit for one file.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;

/// How long a client may take to send a request head, counted from when the
/// server starts waiting for it; an idle keep-alive or half-open connection
/// is closed after this long.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How to run the server.
#[derive(Clone, Debug)]
pub struct Config {
    /// The data directory to serve (with PostgreSQL: where this node keeps
    /// its own search index).
    pub data: PathBuf,
    /// Where the store lives: the embedded file in `data`, or PostgreSQL.
    pub store: storyline_store::StoreLocation,
    /// Bearer token that enables `POST /api/ingest`; `None` keeps the server
    /// read-only.
    pub token: Option<String>,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Host names the server answers to besides `localhost` and IP
    /// addresses (see `guard`).
    pub allow_hosts: Vec<String>,
    /// Show articles' input paths as stored (absolute server paths), not
    /// relative to the data directory or as a file name.
    pub show_paths: bool,
    /// See [`DEFAULT_HEADER_TIMEOUT`].
    pub header_timeout: Duration,
    /// How long one request may take before it is stopped with a 503
    /// (`None`: no limit).
    pub deadline: Option<std::time::Duration>,
    /// How many expensive requests (searches, timelines, lookups) may run at
    /// once; more get a 503 with `Retry-After`.
    pub max_expensive: usize,
    /// How many of those may be lookups by name (timelines, entities).
    pub max_lookups: usize,
    /// How alerts raised by uploads are delivered to their webhooks (the
    /// CLI sets the first retry's wait from `STORYLINE_WEBHOOK_BACKOFF_SECS`).
    pub webhooks: storyline_fetch::webhook::DeliverySettings,
}

impl Config {
    /// The defaults, serving `data`.
    pub fn new(data: impl Into<PathBuf>) -> Self {
        Config {
            data: data.into(),
            store: storyline_store::StoreLocation::Embedded,
            token: None,
            max_body: DEFAULT_MAX_BODY,
            allow_hosts: Vec::new(),
            show_paths: false,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            deadline: Some(DEFAULT_DEADLINE),
            max_expensive: default_max_expensive(),
            max_lookups: default_max_lookups(),
            webhooks: storyline_fetch::webhook::DeliverySettings::default(),
        }
    }
}

/// The default deadline of one request.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(2);

/// The default cap on expensive requests running at once: twice the cores.
pub fn default_max_expensive() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}

/// The default cap on lookups by name running at once: half the cores.
pub fn default_max_lookups() -> usize {
    (std::thread::available_parallelism().map_or(2, |n| n.get()) / 2).max(1)
}

/// The host names a server answers to, besides `localhost` and IP literals.
#[derive(Clone, Debug, Default)]
pub struct AllowedHosts {
    names: Vec<String>,
}

impl AllowedHosts {
    /// The extra names (case-insensitive; a port, if given, is ignored).
    pub fn new<S: AsRef<str>>(names: &[S]) -> Self {
        AllowedHosts {
            names: names
                .iter()
                .map(|n| normalise(host_name(n.as_ref().trim())))
                .filter(|n| !n.is_empty())
                .collect(),
        }
    }

    /// Whether a request sent to `host` (a Host header: name or address,
    /// with an optional port) is answered.
    pub fn allows(&self, host: &str) -> bool {
        let name = normalise(host_name(host.trim()));
        let literal = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(&name);
        name == "localhost" || literal.parse::<IpAddr>().is_ok() || self.names.contains(&name)
    }
}

/// `host` without its port: `[::1]:80` is `[::1]`, `a.example:80` is `a.example`.
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return match host.find(']') {
            Some(end) => &host[..=end],
            None => host,
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

fn normalise(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}
