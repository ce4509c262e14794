//! `storyline groups`: syndication groups, largest first.

use crate::output::{first_row_only, json_lines, similarity_to_canonical, truncate, Table};
use std::path::Path;
use storyline_model::SyndicationGroup;

#[derive(clap::Args)]
pub struct Args {
    /// At most this many groups.
    #[arg(long)]
    pub limit: Option<usize>,
    /// JSON Lines: one group per line with every member and its similarity
    /// to the canonical member.
    #[arg(long)]
    pub json: bool,
}

/// A group as `groups --json` prints it: the stored group plus each
/// member's source and headline, so the line reads on its own.
#[derive(serde::Serialize)]
struct GroupOut<'a> {
    #[serde(flatten)]
    group: &'a SyndicationGroup,
    size: usize,
    headline: String,
    sources: Vec<Option<String>>,
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    let dir = super::open_data_read_only(data)?;
    let store = dir.store();
    let groups = store.list_groups(args.limit)?;
    let mut outs = Vec::with_capacity(groups.len());
    for g in &groups {
        let canonical = store.get_article(g.canonical.as_str())?;
        let mut sources = Vec::with_capacity(g.members.len());
        for m in &g.members {
            sources.push(
                store
                    .get_article(m.id.as_str())?
                    .and_then(|a| a.article.source.or(a.article.path)),
            );
        }
        outs.push(GroupOut {
            group: g,
            size: g.members.len(),
            headline: canonical.map(|a| a.article.headline()).unwrap_or_default(),
            sources,
        });
    }
    if args.json {
        json_lines(&outs)?;
        return Ok(crate::exit::OK);
    }
    if outs.is_empty() {
        println!("no syndication groups: no two stored articles are copies of one another");
        return Ok(crate::exit::OK);
    }
    let mut t = Table::new(vec![
        "GROUP",
        "SIZE",
        "ORIGIN",
        "MEMBER",
        "SIMILARITY",
        "HEADLINE",
    ]);
    for o in &outs {
        let g = o.group;
        for (i, m) in g.members.iter().enumerate() {
            let canonical = m.id == g.canonical;
            t.row(vec![
                first_row_only(i, g.key.as_str()[..12].to_string()),
                first_row_only(i, o.size.to_string()),
                first_row_only(i, g.origin.clone().unwrap_or_else(|| "-".into())),
                format!(
                    "{}{}",
                    &m.id.as_str()[..12],
                    if canonical { " *" } else { "" }
                ),
                similarity_to_canonical(m.similarity, m.contained),
                first_row_only(i, truncate(&o.headline, 60)),
            ]);
        }
    }
    t.print()?;
    println!("* canonical member (the most complete copy, earliest when known)");
    Ok(crate::exit::OK)
}
