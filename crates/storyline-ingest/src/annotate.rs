//! The annotate step of ingest: annotations for new articles, annotations
//! for stored articles that never had them (a store made before annotation
//! existed), and alias resolution over the whole store.

use crate::guard::{run_infallible_stage, run_stage, Stage};
use crate::IngestError;
use rayon::prelude::*;
use storyline_model::{Annotations, ArticleId, Entity};
use storyline_pipeline::annotate::{annotate, resolve::cluster};
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
/// and split rules, and replaces the entities. Returns the entity count.
pub fn refresh_entities(store: &mut dyn Store) -> Result<usize, StoreError> {
    let entities = resolve_entities(store)?;
    store.replace_entities(&entities)?;
    Ok(entities.len())
}

/// [`annotate_missing`] then [`refresh_entities`], each failure an error
/// line (`at` names the store in it) rather than the end of the run: the
/// entities stay as the last successful resolution left them (they are
/// replaced in one transaction) and the next run resolves again. Only a
/// store error is returned as an error. The entity count is `None` when
/// resolution failed.
pub fn entities_stage(
    store: &mut dyn Store,
    at: &str,
) -> Result<(CatchUp, Option<usize>), StoreError> {
    let mut catch_up = annotate_missing(store)?;
    let entities = match run_stage(Stage::Entities, at, || refresh_entities(store)) {
        Ok(r) => Some(r?),
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
