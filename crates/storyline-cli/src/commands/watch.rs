//! `storyline watch`: saved watches (add, list, show, remove), the `run`
//! loop of fetch, ingest and alerts, and the webhook deliveries tried after
//! each ingest.

use crate::exit;
use std::path::Path;
use std::time::Duration;
use storyline_fetch::webhook::{deliver_due, DeliveryReport, DeliverySettings};
use storyline_store::{DataDir, Watch};

/// The environment variable giving the seconds before a failed webhook
/// delivery's first retry (doubled for each next one; 60 when unset).
pub const WEBHOOK_BACKOFF_ENV: &str = "STORYLINE_WEBHOOK_BACKOFF_SECS";

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: WatchCommand,
}

#[derive(clap::Subcommand)]
pub enum WatchCommand {
    /// Save a watch (replacing one of the same name); it alerts on what is
    /// stored from now on.
    Add(AddArgs),
    /// List the watches.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// A watch's alerts, newest first.
    Show {
        /// The watch.
        name: String,
        /// Only alerts raised at or after this time (RFC 3339, or YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Remove a watch and its alerts.
    Remove {
        /// The watch.
        name: String,
    },
    /// Loop: fetch the feeds, ingest what came, match the watches.
    Run(RunArgs),
}

#[derive(clap::Args)]
pub struct AddArgs {
    /// The watch's name (letters, digits, `-`, `_`, `.`).
    #[arg(value_parser = parse_name)]
    pub name: String,
    /// A search the article must match, in `search`'s syntax: every word by
    /// default, "quoted phrases", OR, -word, title:word, source:name.
    #[arg(long)]
    pub query: Option<String>,
    /// An entity the article mentions (id or name).
    #[arg(long)]
    pub entity: Option<String>,
    /// A story the article's event belongs to.
    #[arg(long)]
    pub story: Option<u64>,
    /// A speaker (entity id or any of its names): alerts once per new quote
    /// of theirs, not again when other articles repeat it.
    #[arg(long)]
    pub speaker: Option<String>,
    /// The least independent sources of the article's event.
    #[arg(long)]
    pub min_sources: Option<u32>,
    /// POST each new alert as JSON to this URL (after each ingest; failed
    /// deliveries are retried with back-off, the first retry after
    /// $STORYLINE_WEBHOOK_BACKOFF_SECS seconds, default 60).
    #[arg(long, value_parser = parse_webhook)]
    pub webhook: Option<String>,
    /// The environment variable holding the webhook's secret: each body is
    /// signed, `X-Storyline-Signature: sha256=HEX` (HMAC-SHA256).
    #[arg(long, requires = "webhook")]
    pub secret_env: Option<String>,
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// Feed URLs, or files listing one URL a line.
    #[arg(required = true)]
    pub targets: Vec<String>,
    /// Time between rounds: a number with s, m or h (15m).
    #[arg(long, default_value = "15m", value_parser = parse_every)]
    pub every: Duration,
    /// Run one round and stop.
    #[arg(long)]
    pub once: bool,
    /// Least milliseconds between two requests to the same host.
    #[arg(long, default_value_t = 1000)]
    pub delay_ms: u64,
}

fn parse_name(s: &str) -> Result<String, String> {
    if !s.is_empty()
        && s.len() <= 100
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        Ok(s.to_string())
    } else {
        Err(format!(
            "{s:?} is not a watch name: use letters, digits, '-', '_' or '.'"
        ))
    }
}

fn parse_webhook(s: &str) -> Result<String, String> {
    if s.starts_with("http://") || s.starts_with("https://") {
        Ok(s.to_string())
    } else {
        Err(format!("{s:?} is not an http:// or https:// URL"))
    }
}

fn parse_every(s: &str) -> Result<Duration, String> {
    let (n, unit) = s.split_at(s.len().saturating_sub(1));
    let n: u64 = n
        .parse()
        .map_err(|_| format!("{s:?} is not a period: give a number and s, m or h (15m)"))?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("{s:?} is not a period: end it in s, m or h")),
    };
    if secs == 0 {
        return Err("the period must be longer than zero".into());
    }
    Ok(Duration::from_secs(secs))
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    match args.command {
        WatchCommand::Add(a) => {
            let mut dir = super::open_data(data)?;
            if let Some(q) = &a.query {
                dir.index().check_syntax(q)?;
            }
            let store = dir.store_mut();
            let mark = store.max_seq()?;
            let watch = Watch {
                name: a.name,
                query: a.query,
                entity: a.entity,
                story: a.story,
                speaker: a.speaker,
                min_sources: a.min_sources,
                mark,
                webhook: a.webhook,
                secret_env: a.secret_env,
            };
            store.put_watch(&watch)?;
            println!(
                "watch {} saved; it alerts on articles stored from now on",
                watch.name
            );
            Ok(exit::OK)
        }
        WatchCommand::List { json } => {
            let dir = super::open_data(data)?;
            for w in dir.store().watches()? {
                if json {
                    println!("{}", serde_json::to_string(&w)?);
                } else {
                    println!("{}\t{}", w.name, describe(&w));
                }
            }
            Ok(exit::OK)
        }
        WatchCommand::Show { name, since, json } => {
            let dir = super::open_data(data)?;
            let store = dir.store();
            if store.watch(&name)?.is_none() {
                eprintln!("storyline: error: no watch named {name:?}");
                return Ok(exit::USAGE);
            }
            for a in store.alerts(&name, since.as_deref())? {
                if json {
                    println!("{}", serde_json::to_string(&a)?);
                } else {
                    let delivery = a.delivery.as_ref().map(|d| d.describe("; "));
                    println!(
                        "{}\t{}\t{}\t{}{}",
                        a.raised_at,
                        a.item,
                        a.title,
                        a.reason,
                        delivery.map(|d| format!("\t{d}")).unwrap_or_default()
                    );
                }
            }
            Ok(exit::OK)
        }
        WatchCommand::Remove { name } => {
            let mut dir = super::open_data(data)?;
            if dir.store_mut().remove_watch(&name)? {
                println!("watch {name} removed");
                Ok(exit::OK)
            } else {
                eprintln!("storyline: error: no watch named {name:?}");
                Ok(exit::USAGE)
            }
        }
        WatchCommand::Run(r) => loop {
            let code = super::fetch::run(
                data,
                super::fetch::Args {
                    targets: r.targets.clone(),
                    delay_ms: r.delay_ms,
                    timeout_secs: 30,
                    retries: 2,
                    backoff_ms: 2000,
                    max_page_mib: 16,
                    ingest: true,
                    json: false,
                },
            )?;
            if r.once {
                return Ok(code);
            }
            std::thread::sleep(r.every);
        },
    }
}

/// A watch's conditions in words.
fn describe(w: &Watch) -> String {
    let mut parts = Vec::new();
    if let Some(q) = &w.query {
        parts.push(format!("query {q:?}"));
    }
    if let Some(e) = &w.entity {
        parts.push(format!("entity {e}"));
    }
    if let Some(s) = w.story {
        parts.push(format!("story {s}"));
    }
    if let Some(s) = &w.speaker {
        parts.push(format!("speaker {s}"));
    }
    if let Some(n) = w.min_sources {
        parts.push(format!("min sources {n}"));
    }
    if parts.is_empty() {
        parts.push("every new article".into());
    }
    if let Some(url) = &w.webhook {
        parts.push(format!("webhook {url}"));
    }
    if let Some(var) = &w.secret_env {
        parts.push(format!("signed with ${var}"));
    }
    parts.join(", ")
}

/// The webhook delivery settings: the defaults, with the first retry's
/// wait from [`WEBHOOK_BACKOFF_ENV`] when set.
pub fn delivery_settings() -> anyhow::Result<DeliverySettings> {
    let mut settings = DeliverySettings::default();
    if let Ok(v) = std::env::var(WEBHOOK_BACKOFF_ENV) {
        let secs: u64 = v.trim().parse().map_err(|_| {
            anyhow::anyhow!("{WEBHOOK_BACKOFF_ENV}={v:?} is not a whole number of seconds")
        })?;
        settings.backoff = Duration::from_secs(secs);
    }
    Ok(settings)
}

/// Tries every webhook delivery due now; reports each failure on stderr.
pub fn deliver_webhooks(dir: &mut DataDir) -> anyhow::Result<DeliveryReport> {
    let settings = delivery_settings()?;
    let report = deliver_due(dir.store_mut(), chrono::Utc::now(), &settings, &|var| {
        std::env::var(var).ok()
    })?;
    for e in &report.errors {
        eprintln!("storyline: webhook: {e}");
    }
    Ok(report)
}

/// One human line for a delivery run, none when nothing was tried.
pub fn delivery_line(r: &DeliveryReport) -> Option<String> {
    (r.delivered + r.failed > 0).then(|| {
        format!(
            "webhook deliveries: {} delivered, {} failed ({} given up)",
            r.delivered, r.failed, r.gave_up
        )
    })
}
