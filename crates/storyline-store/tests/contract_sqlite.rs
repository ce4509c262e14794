//! The store contract suite against the SQLite backend, in memory and on disk:
//! one test per check in each module.

use storyline_store::{SqliteStore, Store};

mod in_memory {
    use super::*;

    /// Fresh in-memory stores.
    fn stores() -> Option<impl Fn() -> Box<dyn Store>> {
        Some(|| Box::new(SqliteStore::open_in_memory().unwrap()) as Box<dyn Store>)
    }

    storyline_store::contract_tests!(stores());
}

mod on_disk {
    use super::*;

    /// Fresh stores, each its own file in a temporary directory that lives
    /// as long as the returned function.
    fn stores() -> Option<impl Fn() -> Box<dyn Store>> {
        let dir = tempfile::tempdir().unwrap();
        let counter = std::cell::Cell::new(0);
        Some(move || {
            counter.set(counter.get() + 1);
            let path = dir.path().join(format!("db{}.sqlite", counter.get()));
            Box::new(SqliteStore::open(&path).unwrap()) as Box<dyn Store>
        })
    }

    storyline_store::contract_tests!(stores());
}
