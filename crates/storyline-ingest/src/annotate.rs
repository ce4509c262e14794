//! The annotate step of ingest: annotations for new articles, annotations
//! for stored articles that never had them (a store made before annotation
//! existed), and alias resolution over the whole store.

use rayon::prelude::*;
use storyline_model::{Annotations, ArticleId, Entity};
use storyline_pipeline::annotate::{annotate, resolve::cluster};
use storyline_store::{Store, StoreError};

/// Articles annotated per round when catching up.
const CATCH_UP_BATCH: usize = 512;

/// Annotates every stored article that has no annotations yet. Returns how
/// many were annotated.
pub fn annotate_missing(store: &mut dyn Store) -> Result<u64, StoreError> {
    let mut done = 0;
    loop {
        let todo = store.unannotated(CATCH_UP_BATCH)?;
        if todo.is_empty() {
            return Ok(done);
        }
        let batch: Vec<(ArticleId, Annotations)> = todo
            .par_iter()
            .map(|(id, text, date)| (id.clone(), annotate(text, *date)))
            .collect();
        store.put_annotations(&batch)?;
        done += batch.len() as u64;
    }
}

/// Re-resolves aliases over every name in the store, with the user's merge
/// and split rules, and replaces the entities. Returns the entity count.
pub fn refresh_entities(store: &mut dyn Store) -> Result<usize, StoreError> {
    let entities = resolve_entities(store)?;
    store.replace_entities(&entities)?;
    Ok(entities.len())
}

/// The entities alias resolution makes of every name in the store, with
/// the user's rules (what [`refresh_entities`] stores).
pub fn resolve_entities(store: &dyn Store) -> Result<Vec<Entity>, StoreError> {
    let (nodes, links) = store.name_graph()?;
    let rules = store.alias_rules()?;
    Ok(cluster(&nodes, &links, &rules))
}
