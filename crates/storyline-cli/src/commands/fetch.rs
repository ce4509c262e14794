//! `storyline fetch`: feeds and the pages they link to, downloaded politely
//! into the data directory (`storyline-fetch`), then, with `--ingest`,
//! ingested.

use crate::exit;
use std::path::{Path, PathBuf};
use std::time::Duration;
use storyline_fetch::{fetch, read_url_list, FetchError, FetchSettings};
use storyline_ingest::ReadLimits;

#[derive(clap::Args)]
pub struct Args {
    /// Feed or page URLs, or files listing one URL a line (# comments).
    #[arg(required = true)]
    pub targets: Vec<String>,
    /// Least milliseconds between two requests to the same host (a longer
    /// robots.txt Crawl-delay wins).
    #[arg(long, default_value_t = 1000)]
    pub delay_ms: u64,
    /// Longest seconds one request may take.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_secs: u64,
    /// Further tries after a 5xx, 429 or network error.
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
    /// Milliseconds before the first retry, doubled for each next one.
    #[arg(long, default_value_t = 2000)]
    pub backoff_ms: u64,
    /// Largest response, in MiB.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_page_mib: u64,
    /// Ingest what was fetched (the data directory's `fetched` folder).
    #[arg(long)]
    pub ingest: bool,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    let mut urls = Vec::new();
    for target in &args.targets {
        let path = PathBuf::from(target);
        if !target.contains("://") && path.is_file() {
            match read_url_list(&path) {
                Ok(list) => urls.extend(list),
                Err(e) => {
                    eprintln!("storyline: error: {e}");
                    return Ok(exit::USAGE);
                }
            }
        } else {
            urls.push(target.clone());
        }
    }
    let settings = FetchSettings {
        delay: Duration::from_millis(args.delay_ms),
        timeout: Duration::from_secs(args.timeout_secs),
        retries: args.retries,
        backoff: Duration::from_millis(args.backoff_ms),
        max_bytes: args.max_page_mib << 20,
        ..FetchSettings::default()
    };
    let report = match fetch(&urls, data, settings) {
        Ok(r) => r,
        Err(e @ FetchError::Busy { .. }) => {
            eprintln!("storyline: error: {e}");
            return Ok(exit::STORE);
        }
        Err(e @ (FetchError::Io { .. } | FetchError::State { .. })) => {
            eprintln!("storyline: error: data directory unusable: {e}");
            return Ok(exit::STORE);
        }
        Err(e) => return Err(e.into()),
    };
    for e in &report.refused {
        eprintln!("{e}");
    }
    for e in &report.errors {
        eprintln!("{e}");
    }
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "fetched {} feeds, {} pages ({} not modified, {} fetched before, {} refused by robots.txt, {} failed) in {} requests into {}",
            report.feeds,
            report.pages,
            report.not_modified,
            report.already_fetched,
            report.refused_by_robots,
            report.failed,
            report.requests,
            report.fetched_dir.display()
        );
    }
    let mut code = if report.failed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    };
    if args.ingest {
        let mut dir = super::open_data(data)?;
        let (ingested, seconds) = super::ingest::ingest_with_progress(
            &mut dir,
            std::slice::from_ref(&report.fetched_dir),
            ReadLimits::default(),
        )?;
        let delivered = super::watch::deliver_webhooks(&mut dir)?;
        if !args.json {
            println!("{}", super::ingest::summary_line(&ingested, seconds));
            if let Some(line) = super::watch::delivery_line(&delivered) {
                println!("{line}");
            }
        }
        if ingested.failed > 0 {
            code = exit::PARTIAL;
        }
    }
    Ok(code)
}
