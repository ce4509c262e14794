//! The annotate step of ingest: annotations for new articles, annotations
//! for stored articles that never had them (a store made before annotation
//! existed), and alias resolution: of the names new articles bring and
//! what they reach, or over the whole store.

use crate::guard::{run_infallible_stage, run_stage, Stage};
use crate::IngestError;
use rayon::prelude::*;
use storyline_model::{Annotations, ArticleId, Entity};
use storyline_pipeline::annotate::annotate;
use storyline_pipeline::annotate::resolve::{cluster, recluster_from, NameChange};
use storyline_store::{Store, StoreError};

/// Articles annotated per round when catching up.
const CATCH_UP_BATCH: usize = 512;

/// What the annotation catch-up did.
#[derive(Debug, Default)]
pub struct CatchUp {
    /// Articles annotated.
    pub annotated: u64,
    /// Articles whose annotation failed: each is stored with empty
    /// annotations, so it is reported once and no later run trips on it.
    pub failures: Vec<IngestError>,
}

/// Annotates every stored article that has no annotations yet.
pub fn annotate_missing(store: &mut dyn Store) -> Result<CatchUp, StoreError> {
    let mut done = CatchUp::default();
    loop {
        let todo = store.unannotated(CATCH_UP_BATCH)?;
        if todo.is_empty() {
            return Ok(done);
        }
        let results: Vec<(ArticleId, Result<Annotations, IngestError>)> = todo
            .par_iter()
            .map(|(id, text, date)| {
                let at = format!("article {id}");
                let ann = run_infallible_stage(Stage::Annotate, &at, || annotate(text, *date));
                (id.clone(), ann)
            })
            .collect();
        let mut batch = Vec::with_capacity(results.len());
        for (id, ann) in results {
            match ann {
                Ok(ann) => {
                    done.annotated += 1;
                    batch.push((id, ann));
                }
                Err(e) => {
                    done.failures.push(e);
                    batch.push((id, Annotations::default()));
                }
            }
        }
        store.put_annotations(&batch)?;
    }
}

/// Re-resolves aliases over every name in the store, with the user's merge
/// and split rules, and replaces the entities, marking them as covering
/// every article stored now. Returns the entity count.
pub fn refresh_entities(store: &mut dyn Store) -> Result<usize, StoreError> {
    let through = store.max_seq()?;
    let entities = resolve_entities(store)?;
    store.replace_entities_through(&entities, through)?;
    Ok(entities.len())
}

/// Brings the entities up to the stored articles: resolves again only the
/// names mentioned in articles stored since the last resolution and the
/// names they reach ([`recluster`]), equal to [`refresh_entities`]. A store
/// never resolved is resolved from scratch. Returns the entity count, or
/// `None` when the entities already covered every article.
pub fn update_entities(store: &mut dyn Store) -> Result<Option<usize>, StoreError> {
    let since = store.entities_through()?;
    let through = store.max_seq()?;
    if since >= through {
        return Ok(None);
    }
    if since == 0 {
        return refresh_entities(store).map(Some);
    }
    // Names of articles stored after `through` was read are changed names
    // too (no upper bound): whatever the name graph below holds is covered.
    let keys = store.names_mentioned_since(since)?;
    let (nodes, links) = store.name_graph()?;
    let rules = store.alias_rules()?;
    let previous = store.entities_with_keys()?;
    let changes = || -> Result<Vec<NameChange>, StoreError> {
        Ok(store
            .names_changed_since(since)?
            .into_iter()
            .map(|(key, before)| NameChange { key, before })
            .collect())
    };
    let (entities, _) = recluster_from(&nodes, &links, &rules, &previous, &keys, changes)?;
    store.revise_entities_through(&previous, &entities, since, through)?;
    Ok(Some(entities.len()))
}

/// [`annotate_missing`] then alias resolution, each failure an error line
/// (`at` names the store in it) rather than the end of the run: the
/// entities stay as the last successful resolution left them (they are
/// replaced in one transaction) and the next run resolves again. Only a
/// store error is returned as an error. Resolution is incremental
/// ([`update_entities`]) unless the catch-up annotated stored articles
/// (their names are not "since" the last resolution); it is skipped when
/// the entities cover every article. The entity count is `None` when
/// resolution failed or had nothing to do.
pub fn entities_stage(
    store: &mut dyn Store,
    at: &str,
) -> Result<(CatchUp, Option<usize>), StoreError> {
    let mut catch_up = annotate_missing(store)?;
    let caught_up = catch_up.annotated > 0 || !catch_up.failures.is_empty();
    if !caught_up && store.entities_through()? >= store.max_seq()? {
        return Ok((catch_up, None));
    }
    let resolved = run_stage(Stage::Entities, at, || {
        if caught_up {
            refresh_entities(store).map(Some)
        } else {
            update_entities(store)
        }
    });
    let entities = match resolved {
        Ok(r) => r?,
        Err(e) => {
            catch_up.failures.push(e);
            None
        }
    };
    Ok((catch_up, entities))
}

/// The entities alias resolution makes of every name in the store, with
/// the user's rules (what [`refresh_entities`] stores).
pub fn resolve_entities(store: &dyn Store) -> Result<Vec<Entity>, StoreError> {
    let (nodes, links) = store.name_graph()?;
    let rules = store.alias_rules()?;
    Ok(cluster(&nodes, &links, &rules))
}
