//! `storyline`: the command-line front end. Thin glue: parse arguments, call
//! the library crates, print tables or JSON Lines, map failures to exit codes.

mod commands;
mod output;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes, stable across releases.
pub mod exit {
    /// Everything worked.
    pub const OK: u8 = 0;
    /// The command ran, but some inputs failed (ingest), or nothing matched
    /// an id (show).
    pub const PARTIAL: u8 = 1;
    /// The command line was wrong (clap's own usage errors use 2 as well).
    pub const USAGE: u8 = 2;
    /// The data directory or store could not be used.
    pub const STORE: u8 = 3;
}

const AFTER_HELP: &str = "\
Examples:
  storyline demo                                  ingest the bundled sample corpus and show what was found
  storyline ingest ../shared/seeds                ingest a folder of scraped .txt articles
  storyline ingest crawl.warc.gz feed.jsonl       ingest WARC and JSON Lines files
  storyline search '\"close ranks\"' --json       phrase search, JSON Lines out
  storyline articles --source reuters --from 2012-01-01
  storyline show 3f2a                             one article by id or id prefix
  storyline entities --type person                people with every spelling of their names
  storyline entity Julani                         one entity: aliases, counts, articles
  storyline quotes --speaker Jolani               what someone said, once per quote, with sources
  storyline entities merge 'Abu Ali' 'Ali Hassan'  correct alias resolution (kept across re-ingest)

Data directory: --data DIR, or STORYLINE_DATA, or ./storyline-data.

Exit codes:
  0  success
  1  some inputs failed (ingest) or the id matched nothing (show)
  2  usage error
  3  the data directory or store could not be used";

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

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles from files and folders into the store.
    ///
    /// Reads .txt (scraped text), .html/.htm (raw pages), .jsonl (one article
    /// per line: id, url, source, published, title, text or html) and .warc
    /// (response records holding HTML); any of them may be gzipped (.gz).
    /// Folders are walked recursively. Articles are content-addressed: ingesting
    /// the same file again stores nothing new. A bad file is reported on one line
    /// and skipped; the exit code is 1 when anything failed.
    Ingest(commands::ingest::Args),
    /// List stored articles (table, or JSON Lines with --json).
    Articles(commands::articles::Args),
    /// Show one article: metadata, clean text and the chrome that was removed.
    Show(commands::show::Args),
    /// Full-text search (BM25 over title and text); all words must match,
    /// "quoted phrases" match as phrases.
    Search(commands::search::Args),
    /// Counts over the whole store.
    Stats(commands::stats::Args),
    /// Rebuild the search index from the store.
    Reindex,
    /// Extract one file's articles without a store (for debugging and benchmarks).
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
    /// Score a stage on labelled data (aliases, speed).
    #[command(subcommand)]
    Eval(commands::eval::Eval),
    /// Ingest the bundled sample corpus into a fresh data directory and show
    /// what the engine found.
    Demo(commands::demo::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => commands::ingest::run(&cli.data, args),
        Command::Articles(args) => commands::articles::run(&cli.data, args),
        Command::Show(args) => commands::show::run(&cli.data, args),
        Command::Search(args) => commands::search::run(&cli.data, args),
        Command::Stats(args) => commands::stats::run(&cli.data, args),
        Command::Reindex => commands::reindex::run(&cli.data),
        Command::Extract(args) => commands::extract::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Entities(args) => commands::entities::run(&cli.data, args),
        Command::Entity(args) => commands::entities::run_one(&cli.data, args),
        Command::Quotes(args) => commands::quotes::run(&cli.data, args),
        Command::Annotate(args) => commands::annotate::run(args),
        Command::Eval(e) => commands::eval::run(e),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("storyline: error: {e:#}");
            ExitCode::from(exit_code_for(&e))
        }
    }
}

/// The exit code for an error that ended a command.
fn exit_code_for(e: &anyhow::Error) -> u8 {
    match e.downcast_ref::<storyline_store::StoreError>() {
        Some(storyline_store::StoreError::Query(_))
        | Some(storyline_store::StoreError::AmbiguousId(_)) => exit::USAGE,
        Some(_) => exit::STORE,
        None => exit::USAGE,
    }
}
