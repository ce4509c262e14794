//! `storyline articles`: list stored articles.

use crate::output::{date_or_undated, json_lines, truncate, Table};
use std::path::Path;
use storyline_store::ArticleQuery;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub filters: super::ArticleFilters,
    /// At most this many articles.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Skip this many articles first.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// JSON Lines: one full article per line.
    #[arg(long)]
    pub json: bool,
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    let dir = super::open_data_read_only(data)?;
    let articles = dir.store().list_articles(&ArticleQuery {
        source: args.filters.source,
        from: args.filters.from,
        to: args.filters.to,
        lang: args.filters.lang,
        limit: args.limit,
        offset: args.offset,
    })?;
    if args.json {
        json_lines(&articles)?;
    } else {
        Table::print_rows(
            vec!["ID", "PUBLISHED", "SOURCE", "LANG", "WORDS", "TITLE"],
            &articles,
            |a| {
                vec![
                    a.article.id.as_str()[..12].to_string(),
                    date_or_undated(a.article.published.date),
                    truncate(a.article.source.as_deref().unwrap_or("-"), 16),
                    a.article.language.as_deref().unwrap_or("-").to_string(),
                    a.article.word_count().to_string(),
                    truncate(&a.article.headline(), 70),
                ]
            },
        )?;
    }
    Ok(crate::exit::OK)
}
