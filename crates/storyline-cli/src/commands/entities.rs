//! `storyline entities` and `storyline entity NAME`: people, organisations
//! and places with every alias; `entities merge` / `entities split` record
//! the user's decisions as rules that survive re-ingest.

use crate::output::{date_or_undated, json_lines, json_or_csv, truncate, Table};
use anyhow::bail;
use std::path::Path;
use storyline_ingest::EntityLookup;
use storyline_model::{AliasRule, EntityKind};
use storyline_pipeline::annotate::names::name_key;
use storyline_store::{EntityDetail, Store};

#[derive(clap::Args)]
pub struct Args {
    /// Only entities of this type: person, organisation, place, other.
    #[arg(long = "type", value_parser = parse_kind)]
    pub kind: Option<EntityKind>,
    /// At most this many entities (most mentioned first).
    #[arg(long)]
    pub limit: Option<usize>,
    /// JSON Lines: one entity per line, with every alias and its count.
    #[arg(long)]
    pub json: bool,
    /// CSV: the fields of --json as columns (nested ones as `a.b`).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    #[command(subcommand)]
    pub action: Option<Action>,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// Merge two entities into one (by name, alias or id). The decision is
    /// kept as a rule on their normalised names and applied on every later
    /// ingest.
    Merge { a: String, b: String },
    /// Keep a name apart from an entity it was merged into, e.g.
    /// `entities split "Bashar al-Assad" Assad`. Kept as a rule like merge.
    Split { entity: String, name: String },
}

pub fn parse_kind(s: &str) -> Result<EntityKind, String> {
    EntityKind::parse(s)
        .ok_or_else(|| format!("`{s}` is not a type: person, organisation, place or other"))
}

/// Finds an entity by any of its names (see `storyline_ingest::find_entity`);
/// a name shared by several entities is an error asking for an id.
pub fn find_entity(store: &dyn Store, name: &str) -> anyhow::Result<Option<EntityDetail>> {
    Ok(match storyline_ingest::find_entity(store, name)? {
        EntityLookup::Found(e) => Some(*e),
        EntityLookup::NotFound => None,
        EntityLookup::Ambiguous(n) => bail!("`{name}` matches {n} entities; give an entity id"),
    })
}

pub fn run(data: &Path, args: Args) -> anyhow::Result<u8> {
    if let Some(action) = args.action {
        return correct(data, action);
    }
    let dir = super::open_data_read_only(data)?;
    let mut list = dir.store().list_entities(args.kind)?;
    if let Some(l) = args.limit {
        list.truncate(l);
    }
    if !json_or_csv(args.json, args.csv, &list)? {
        let header = vec!["ID", "TYPE", "MENTIONS", "ARTICLES", "NAME", "ALIASES"];
        Table::print_rows(header, &list, |e| {
            vec![
                e.id.clone(),
                e.kind.as_str().to_string(),
                e.mentions.to_string(),
                e.articles.to_string(),
                truncate(&e.name, 40),
                truncate(&aliases(&e.aliases, 6), 80),
            ]
        })?;
    }
    Ok(crate::exit::OK)
}

/// `entities merge` / `entities split`: the rule and the alias resolution
/// it changes are stored in one transaction.
fn correct(data: &Path, action: Action) -> anyhow::Result<u8> {
    let mut dir = super::open_data(data)?;
    let (merge, a, b) = match action {
        Action::Merge { a, b } => (true, a, b),
        Action::Split { entity, name } => (false, entity, name),
    };
    let Some(ea) = find_entity(dir.store(), &a)? else {
        eprintln!("storyline: no entity named `{a}`");
        return Ok(crate::exit::PARTIAL);
    };
    let rule = if merge {
        let Some(eb) = find_entity(dir.store(), &b)? else {
            eprintln!("storyline: no entity named `{b}`");
            return Ok(crate::exit::PARTIAL);
        };
        AliasRule {
            merge: true,
            a: name_key(&ea.summary.name),
            b: name_key(&eb.summary.name),
        }
    } else {
        let key = name_key(&b);
        AliasRule {
            merge: false,
            a: name_key(&ea.summary.name),
            b: key,
        }
    };
    if rule.a == rule.b {
        eprintln!("storyline: `{a}` and `{b}` are one name; nothing to do");
        return Ok(crate::exit::USAGE);
    }
    dir.store_mut()
        .add_alias_rule_resolving(&rule, &mut |store| {
            crash_point_for_tests("alias-rule");
            storyline_ingest::annotate::resolve_entities(store)
        })?;
    let verb = if merge { "merged" } else { "split" };
    println!(
        "{verb}: {} / {} (kept as a rule; applies on every ingest)",
        a, b
    );
    for n in [&a, &b] {
        if let Some(e) = find_entity(dir.store(), n).ok().flatten() {
            println!(
                "  {}  {}  aliases: {}",
                e.summary.id,
                e.summary.name,
                aliases(&e.summary.aliases, 8)
            );
        }
    }
    Ok(crate::exit::OK)
}

/// In debug builds, `STORYLINE_CRASH_AT=POINT` aborts the process at that
/// point, as a `kill -9` would, for the crash tests.
fn crash_point_for_tests(point: &str) {
    if cfg!(debug_assertions) && std::env::var("STORYLINE_CRASH_AT").is_ok_and(|p| p == point) {
        std::process::abort();
    }
}

fn aliases(list: &[(String, u64)], max: usize) -> String {
    list.iter()
        .take(max)
        .map(|(a, n)| format!("{a} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(clap::Args)]
pub struct EntityArgs {
    /// A name in any spelling, an alias, or an entity id.
    pub name: String,
    /// JSON: the entity with its aliases and articles.
    #[arg(long)]
    pub json: bool,
}

pub fn run_one(data: &Path, args: EntityArgs) -> anyhow::Result<u8> {
    let dir = super::open_data_read_only(data)?;
    let Some(e) = find_entity(dir.store(), &args.name)? else {
        eprintln!("storyline: no entity named `{}`", args.name);
        return Ok(crate::exit::PARTIAL);
    };
    if args.json {
        json_lines(std::iter::once(&e))?;
        return Ok(crate::exit::OK);
    }
    let s = &e.summary;
    println!("{}  ({}, id {})", s.name, s.kind.as_str(), s.id);
    println!("{} mentions in {} articles", s.mentions, s.articles);
    println!("aliases:");
    for (a, n) in &s.aliases {
        println!("  {n:>5}  {a}");
    }
    println!("articles:");
    Table::print_rows(
        vec!["ID", "PUBLISHED", "MENTIONS", "TITLE"],
        &e.articles_list,
        |a| {
            vec![
                a.id.as_str()[..12].to_string(),
                date_or_undated(a.published),
                a.mentions.to_string(),
                truncate(&a.title, 70),
            ]
        },
    )?;
    Ok(crate::exit::OK)
}
