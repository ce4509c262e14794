//! `storyline search QUERY`: BM25 full-text search with filters.

use crate::output::{date_or_undated, json_lines, truncate, Table};
use std::path::Path;
use storyline_store::{expand_query, ExpandedQuery, SearchQuery};

#[derive(clap::Args)]
pub struct Args {
    /// Words that must all appear; "quoted phrases" match as phrases;
    /// title:word searches one field. At most 1,000 characters and 32
    /// nested brackets (more is a usage error, exit 2).
    pub query: String,
    #[command(flatten)]
    pub filters: super::ArticleFilters,
    /// Number of results.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// JSON Lines: one hit per line, best first.
    #[arg(long)]
    pub json: bool,
    /// Search names only as written: without it, a word or phrase that
    /// names an entity also finds the entity's other spellings (listed on
    /// stderr).
    #[arg(long)]
    pub exact: bool,
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    let dir = super::open_data_read_only(data)?;
    let expanded = if args.exact {
        ExpandedQuery::exact(&args.query)
    } else {
        expand_query(dir.store(), &args.query)?
    };
    report_expansion(&expanded);
    let hits = dir.search(&SearchQuery {
        text: expanded.text,
        source: args.filters.source,
        from: args.filters.from,
        to: args.filters.to,
        lang: args.filters.lang,
        limit: args.limit,
        ..SearchQuery::default()
    })?;
    if args.json {
        json_lines(&hits)?;
    } else {
        Table::print_rows(
            vec![
                "ID",
                "SCORE",
                "PUBLISHED",
                "SOURCE",
                "LANG",
                "TITLE / SNIPPET",
            ],
            &hits,
            |h| {
                vec![
                    h.id[..12.min(h.id.len())].to_string(),
                    format!("{:.2}", h.score),
                    date_or_undated(h.published),
                    truncate(h.source.as_deref().unwrap_or("-"), 16),
                    h.language.as_deref().unwrap_or("-").to_string(),
                    format!(
                        "{} | {}",
                        truncate(&h.headline, 60),
                        truncate(&h.snippet, 80)
                    ),
                ]
            },
        )?;
    }
    Ok(crate::exit::OK)
}

/// Tells, on stderr, which other spellings were searched and which names
/// were left as written because several entities bear them.
fn report_expansion(e: &ExpandedQuery) {
    for x in &e.expanded {
        eprintln!(
            "storyline: also searched for {}: {} (--exact to search only as written)",
            x.term,
            x.aliases.join(", ")
        );
    }
    for name in &e.ambiguous {
        eprintln!("storyline: {name} names several entities; searched only as written");
    }
}
