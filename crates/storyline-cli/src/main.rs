//! `storyline`: the command-line front end. Thin glue: parse arguments, call
//! the library crates, print tables or JSON Lines, map failures to exit codes.

mod commands;
mod output;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: extraction allocates a DOM and
/// many short strings per page and frees them at once, and glibc's malloc
/// spent about a tenth of `extract`'s CPU on that (malloc, free and
/// consolidation, and the page faults of memory it gave back to the kernel
/// between pages); with mimalloc the same run takes about 6% less CPU
/// (BENCHMARKS.md, issue 3).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, stable across releases.
pub mod exit {
    /// Everything worked.
    pub const OK: u8 = 0;
    /// The command ran, but some inputs failed (ingest), or nothing matched
    /// an id (show).
    pub const PARTIAL: u8 = 1;
    /// The command line was wrong (clap's own usage errors use 2 as well).
    pub const USAGE: u8 = 2;
    /// The data directory or store could not be used, or another process
    /// is writing to it.
    pub const STORE: u8 = 3;
}

const AFTER_HELP: &str = "\
Examples:
  storyline demo                                  ingest the bundled sample corpus and show what was found
  storyline ingest ../shared/seeds                ingest a folder of scraped .txt articles
  storyline ingest crawl.warc.gz feed.jsonl       ingest WARC and JSON Lines files
  storyline fetch --ingest feeds.txt              download the feeds listed (and their pages), then ingest
  storyline search '\"close ranks\"' --json       phrase search, JSON Lines out
  storyline articles --source reuters --from 2012-01-01
  storyline show 3f2a                             one article by id or id prefix, with its syndication group
  storyline groups                                copies of one story: members, canonical, wire origin
  storyline dedup feed.jsonl --json               near-duplicate groups of files, without a store
  storyline events                                events with dates, headlines, source counts
  storyline timeline Jolani                        dated entries for a name (or story:ID)
  storyline export dossier Jolani --format html   a report to hand on
  storyline eval stories --t17 ../shared/eval/t17 story clustering scores
  storyline serve                                 web UI and JSON API on http://127.0.0.1:7878
  storyline entities --type person                people with every spelling of their names
  storyline entity Julani                         one entity: aliases, counts, articles
  storyline quotes --speaker Jolani               what someone said, once per quote, with sources
  storyline entities merge 'Abu Ali' 'Ali Hassan'  correct alias resolution (kept across re-ingest)

Data directory: --data DIR, or STORYLINE_DATA, or ./storyline-data.
Store: the embedded SQLite store in the data directory, or --store postgres://user@host/db
(or STORYLINE_STORE) for a shared PostgreSQL store:
  storyline --store postgres://me@db/news enqueue crawl/   put files on the work queue
  storyline --store postgres://me@db/news worker           claim, extract, store (run many)
  storyline --store postgres://me@db/news ingest --workers 4 crawl/   both, with 4 worker processes

Exit codes:
  0  success
  1  some inputs failed (ingest) or the id matched nothing (show)
  2  usage error
  3  the data directory or store could not be used, or another process is writing to it";

#[derive(Parser)]
#[command(
    name = "storyline",
    version,
    about = "Storyline turns crawled news articles into clean, searchable articles, stories and timelines.",
    after_help = AFTER_HELP
)]
struct Cli {
    /// Data directory holding the SQLite store and the search index.
    #[arg(
        long,
        global = true,
        env = "STORYLINE_DATA",
        default_value = "storyline-data"
    )]
    data: PathBuf,

    /// The store: omitted (or `embedded`) for the SQLite store inside
    /// --data; `postgres://user@host:port/db` for a PostgreSQL store shared
    /// by many workers and servers (--data then holds only this node's
    /// search index, caught up from the database).
    #[arg(long, global = true, env = "STORYLINE_STORE")]
    store: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles from files and folders into the store.
    ///
    /// Reads .txt (scraped text), .html/.htm (raw pages), .jsonl (one article
    /// per line: id, url, source, published, title, text or html), .warc
    /// (response records holding HTML) and feeds (.rss, .atom, .xml,
    /// feed.json: RSS, Atom, JSON Feed, news sitemaps; an item that only
    /// links to its page waits for the page as a stub); any of them may be
    /// gzipped (.gz).
    /// Folders are walked recursively. Articles are content-addressed: ingesting
    /// the same file again stores nothing new. A bad file is reported on one line
    /// and skipped; the exit code is 1 when anything failed.
    Ingest(commands::ingest::Args),
    /// Download feeds and the pages they link to, politely, for ingest.
    ///
    /// Honours robots.txt, asks one host at most once per --delay-ms, sends
    /// conditional requests (ETag, Last-Modified), retries with back-off.
    /// Feeds are saved under DATA/fetched/feeds, pages in WARC files under
    /// DATA/fetched/warc; `--ingest` (or `storyline ingest DATA/fetched`)
    /// reads them. Plain http:// only unless built with the `tls` feature.
    Fetch(commands::fetch::Args),
    /// Saved questions: alerts when new articles, events or quotes match.
    ///
    /// `watch add NAME --query WORDS --entity E --story N --speaker S
    /// --min-sources N [--webhook URL --secret-env VAR]` saves one (matched
    /// after every ingest against what is new since; each new alert POSTed,
    /// signed, to the webhook, retried with back-off); `watch list`, `watch show NAME [--since T] [--json]`,
    /// `watch remove NAME`; `watch run FEEDS --every 15m` loops fetch,
    /// ingest and alerts (`--once` for one round).
    Watch(commands::watch::Args),
    /// List stored articles (table, or JSON Lines with --json).
    Articles(commands::articles::Args),
    /// Show one article: metadata, clean text and the chrome that was removed.
    Show(commands::show::Args),
    /// Full-text search (BM25 over title and text); all words must match,
    /// "quoted phrases" match as phrases.
    Search(commands::search::Args),
    /// Counts over the whole store.
    Stats(commands::stats::Args),
    /// Serve the web UI and the JSON API (OpenAPI at /api/openapi.json).
    ///
    /// Reads the data directory read-only, so `storyline ingest` can write into
    /// it meanwhile; new articles appear within a second. Binds loopback by
    /// default. POST /api/ingest works only with --token (or STORYLINE_TOKEN)
    /// and a matching `Authorization: Bearer` header.
    Serve(commands::serve::Args),
    /// Rebuild the search index from the store.
    Reindex,
    /// Syndication groups: articles that are copies of one another (one wire
    /// story run by many sites), with the canonical member, the wire origin
    /// and each member's similarity to the canonical (table, or JSON Lines
    /// with --json). Groups are kept up to date at every ingest.
    Groups(commands::groups::Args),
    /// Find exact and near-duplicates and syndication groups in files, in
    /// memory, without a store (for benchmarks and one-off checks).
    ///
    /// Texts are cleaned as at ingest, shingled into 5-word windows and
    /// MinHashed (126 permutations, 42 LSH bands of 3 rows); every candidate
    /// pair is verified on the real shingle sets. Two articles are copies when
    /// their Jaccard is at least --jaccard, or when one holds at least
    /// --containment of the other and their lengths are comparable.
    Dedup(commands::dedup::Args),
    /// Extract the articles of files without a store (for debugging and benchmarks).
    ///
    /// Each document (an HTML page, a text, a JSON Lines record, a WARC
    /// record) goes through decode, extraction or cleaning and assembly exactly
    /// as `ingest` runs it. The text view shows each article and every removed
    /// block with its reason. `--json` prints one object per document: the
    /// article (`text`, `title`, `published` with the rule that found it and a
    /// confidence, `removed` with reasons, `language`, ...) or, for a document
    /// that yields no article (an index page, an empty page), `{"path",
    /// "error", "title", "published", "text": ""}`.
    ///
    /// Example: storyline extract page.html.gz --json
    Extract(commands::extract::Args),
    /// People, organisations and places with all their aliases (table, or
    /// JSON Lines with --json); `entities merge A B` and `entities split
    /// ENTITY NAME` correct alias resolution, and the correction survives
    /// re-ingest.
    Entities(commands::entities::Args),
    /// One entity: its aliases with counts, mention counts, and the articles
    /// that mention it. NAME may be spelled any way it was written.
    Entity(commands::entities::EntityArgs),
    /// The quote bank: direct quotes once each, with speaker, every article
    /// that reported them, independent sources and the first date reported.
    Quotes(commands::quotes::Args),
    /// Annotate one file without a store: entity mentions, quotes, dates.
    Annotate(commands::annotate::Args),
    /// Ingest the bundled sample corpus into a fresh data directory and show
    /// what the engine found.
    Demo(commands::demo::Args),
    /// List events: articles about one happening, with a fused date
    /// (stated, inferred, bound or undated), headline and source count.
    Events(commands::events::EventsArgs),
    /// List stories: events threaded over time by shared actors and topic.
    Stories(commands::events::StoriesArgs),
    /// The timeline of a story (`story:ID`) or of a name: dated entries in
    /// order, undated ones last and marked.
    Timeline(commands::events::TimelineArgs),
    /// Export a Markdown or HTML dossier.
    Export(commands::events::ExportArgs),
    /// Score a stage on labelled data: story clustering and timelines on
    /// Timeline17, alias merging, annotate speed.
    Eval(commands::eval::Args),
    /// Put files on the PostgreSQL work queue for `storyline worker`s
    /// (needs --store postgres://...).
    ///
    /// Reads the same files as `ingest`, and stores their raw records in
    /// jobs of --batch records. Workers on any machine that reaches the
    /// database then claim the jobs, extract and store the articles.
    ///
    /// Example: storyline --store postgres://me@db/news enqueue crawl/
    #[cfg(feature = "postgres")]
    Enqueue(commands::enqueue::Args),
    /// Work the PostgreSQL queue until it is drained (needs --store
    /// postgres://...).
    ///
    /// Claims jobs with a lease (FOR UPDATE SKIP LOCKED: each job goes to one
    /// worker), extracts and stores their articles (idempotent: a job redone
    /// after a worker died stores nothing twice), then, once the queue is
    /// drained, runs syndication, alias resolution and event clustering,
    /// each under a PostgreSQL advisory lock so workers never run one stage
    /// at once. A worker that loses the database reconnects and resumes. Run
    /// as many as you like, on as many machines.
    ///
    /// Example: storyline --store postgres://me@db/news worker --lease 120
    #[cfg(feature = "postgres")]
    Worker(commands::worker::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    storyline_ingest::guard::quiet_caught_panics();
    match storyline_store::StoreLocation::parse(cli.store.as_deref()) {
        Ok(location) => commands::set_store(location),
        Err(e) => {
            eprintln!("storyline: error: {e}");
            return ExitCode::from(exit::USAGE);
        }
    }
    if !matches!(cli.command, Command::Serve(_)) {
        exit_quietly_on_closed_pipe();
    }
    let result = match cli.command {
        Command::Ingest(args) => commands::ingest::run(&cli.data, args),
        Command::Fetch(args) => commands::fetch::run(&cli.data, args),
        Command::Watch(args) => commands::watch::run(&cli.data, args),
        Command::Articles(args) => commands::articles::run(&cli.data, args),
        Command::Show(args) => commands::show::run(&cli.data, args),
        Command::Search(args) => commands::search::run(&cli.data, args),
        Command::Stats(args) => commands::stats::run(&cli.data, args),
        Command::Serve(args) => commands::serve::run(&cli.data, args),
        Command::Reindex => commands::reindex::run(&cli.data),
        Command::Groups(args) => commands::groups::run(&cli.data, args),
        Command::Dedup(args) => commands::dedup::run(args),
        Command::Extract(args) => commands::extract::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Eval(args) => commands::eval::run(&cli.data, args),
        Command::Events(args) => commands::events::events(&cli.data, args),
        Command::Stories(args) => commands::events::stories(&cli.data, args),
        Command::Timeline(args) => commands::events::timeline_cmd(&cli.data, args),
        Command::Export(args) => commands::events::export(&cli.data, args),
        Command::Entities(args) => commands::entities::run(&cli.data, args),
        Command::Entity(args) => commands::entities::run_one(&cli.data, args),
        Command::Quotes(args) => commands::quotes::run(&cli.data, args),
        Command::Annotate(args) => commands::annotate::run(args),
        #[cfg(feature = "postgres")]
        Command::Enqueue(args) => commands::enqueue::run(args),
        #[cfg(feature = "postgres")]
        Command::Worker(args) => commands::worker::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("storyline: error: {e:#}");
            ExitCode::from(exit_code_for(&e))
        }
    }
}

/// A closed pipe (`storyline articles | head`) ends the program quietly, as it
/// does other Unix tools, instead of a panic in `println!`. Rust ignores
/// SIGPIPE by default, and the server keeps it that way: a client that hangs
/// up must not stop it.
fn exit_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: changes one signal's disposition at start, before any thread
    // exists; no handler code runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// The exit code for an error that ended a command.
fn exit_code_for(e: &anyhow::Error) -> u8 {
    if let Some(e) = e.downcast_ref::<storyline_server::ServerError>() {
        return match e {
            storyline_server::ServerError::Store(_) => exit::STORE,
            _ => exit::USAGE,
        };
    }
    match e.downcast_ref::<storyline_store::StoreError>() {
        Some(storyline_store::StoreError::Query(_))
        | Some(storyline_store::StoreError::AmbiguousId(_)) => exit::USAGE,
        Some(_) => exit::STORE,
        None => exit::USAGE,
    }
}
