//! `storyline serve`: the HTTP API and web UI over the data directory.

use anyhow::Context;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;
use storyline_server::{Config, Server};
use storyline_store::{DataDir, StoreError};

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on. The default is loopback only; binding another
    /// address exposes the data (and ingest, with a token) to the network.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub addr: SocketAddr,
    /// Bearer token enabling `POST /api/ingest`. Without one the server is
    /// read-only and refuses ingest with 403.
    #[arg(long, env = "STORYLINE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest request body accepted, in MiB (ingest uploads).
    #[arg(long, default_value_t = 64)]
    pub max_body_mib: usize,
    /// A host name the server answers to (repeatable; the environment
    /// variable takes a comma-separated list). `localhost` and IP addresses
    /// are always answered; requests for other names get 421, which stops
    /// DNS-rebinding pages from reading the API.
    #[arg(
        long = "allow-host",
        value_name = "NAME",
        env = "STORYLINE_ALLOW_HOSTS",
        value_delimiter = ','
    )]
    pub allow_hosts: Vec<String>,
    /// Show articles' input paths as stored (absolute paths on this
    /// machine) instead of relative to the data directory or the file name.
    #[arg(long)]
    pub show_paths: bool,
    /// Seconds a client has to send a request's head (line and headers);
    /// also how long an idle keep-alive connection is kept open.
    #[arg(long, default_value_t = storyline_server::DEFAULT_HEADER_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout_secs: u64,
    /// How long one request may run, in milliseconds, before it is stopped
    /// and answered 503 (0: no limit).
    #[arg(long, default_value_t = 2000)]
    pub deadline_ms: u64,
    /// How many expensive requests (searches, timelines, lookups) may run at
    /// once; more are answered 503 with `Retry-After` [default: twice the cores].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_expensive: Option<u64>,
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    // The server opens the directory read-only. A directory that does not
    // exist yet, or needs a migration or an index rebuild, is opened for
    // writing once first (which creates, migrates or rebuilds it).
    let store = super::store_location();
    match DataDir::open_read_only_at(data, &store) {
        Ok(_) => {}
        Err(e @ StoreError::SchemaTooNew { .. }) => {
            return Err(anyhow::Error::new(e).context(format!("data directory {}", data.display())));
        }
        Err(_) => {
            super::open_data(data)?;
        }
    }
    let config = Config {
        store: store.clone(),
        token: args.token.filter(|t| !t.is_empty()),
        max_body: args.max_body_mib.saturating_mul(1024 * 1024),
        allow_hosts: args.allow_hosts,
        show_paths: args.show_paths,
        header_timeout: Duration::from_secs(args.header_timeout_secs),
        deadline: (args.deadline_ms > 0).then(|| Duration::from_millis(args.deadline_ms)),
        max_expensive: args
            .max_expensive
            .map_or_else(storyline_server::budget::default_max_expensive, |n| {
                usize::try_from(n).unwrap_or(usize::MAX)
            }),
        max_lookups: storyline_server::budget::default_max_lookups(),
        webhooks: super::watch::delivery_settings()?,
        ..Config::new(data)
    };
    let ingest = if config.token.is_some() {
        "ingest enabled (bearer token)"
    } else {
        "read-only"
    };
    let server = Server::bind(config, args.addr)
        .with_context(|| format!("serving data directory {}", data.display()))?;
    eprintln!(
        "storyline: serving {} on http://{} ({ingest}); Ctrl-C stops",
        store.describe(data),
        server.local_addr()
    );
    server.run()?;
    Ok(crate::exit::OK)
}
